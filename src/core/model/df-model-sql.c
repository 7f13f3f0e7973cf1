/* df-model-sql.c: the SQL steps every model file shares
 *
 * Reading rows into records and updating one row.  Every loop over rows
 * goes through df_store_step, so an SQL error in the middle of a listing
 * fails the listing instead of passing a short list as the whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "df-model-private.h"

GPtrArray *
_df_rows_list (DfStore        *store,
               sqlite3_stmt   *stmt,
               DfRowReader     read,
               GDestroyNotify  free_func,
               const char     *what,
               GError        **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  g_autoptr(GError) local_error = NULL;

  while (df_store_step (store, stmt, &local_error))
    g_ptr_array_add (rows, read (stmt));

  if (local_error != NULL)
    {
      if (what == NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        /* Nothing has touched the connection since the failed step, so
         * it still describes the error. */
        df_store_set_error (store, error, what);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

gboolean
_df_step_one (DfStore       *store,
              sqlite3_stmt  *stmt,
              gboolean      *found,
              GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  *found = df_store_step (store, stmt, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

gboolean
_df_update_one (DfStore     *store,
                const char  *sql,
                gint64       id,
                const char  *value,
                const char  *what,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = df_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  _df_bind_text (stmt, 2, value);

  if (!df_store_step_done (store, stmt, error))
    return FALSE;

  if (sqlite3_changes (df_store_get_db (store)) == 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND, _("No such %s"), what);
      return FALSE;
    }

  return TRUE;
}
