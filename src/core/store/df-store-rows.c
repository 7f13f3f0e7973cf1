/* df-store-rows.c: rows read into lists and records, and one row updated
 * (df-store-private.h)
 *
 * Every loop over rows goes through df_store_step, so an SQL error in the
 * middle of a listing (a busy database, an I/O error, a damaged page)
 * fails the listing instead of passing a short list as the whole, and an
 * error never passes for a row that is not there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "df-store-private.h"

/* The rows of @stmt, each read by @type or else by @read. */
static GPtrArray *
list_rows (DfStore             *store,
           sqlite3_stmt        *stmt,
           const DfRecordType  *type,
           DfRowReader          read,
           GDestroyNotify       free_func,
           const char          *what,
           GError             **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  g_autoptr(GError) local_error = NULL;

  while (df_store_step (store, stmt, &local_error))
    g_ptr_array_add (rows, type != NULL ? _df_record_read (type, stmt) : read (stmt));

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

GPtrArray *
_df_rows_list (DfStore        *store,
               sqlite3_stmt   *stmt,
               DfRowReader     read,
               GDestroyNotify  free_func,
               const char     *what,
               GError        **error)
{
  return list_rows (store, stmt, NULL, read, free_func, what, error);
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
_df_step_row (DfStore       *store,
              sqlite3_stmt  *stmt,
              const char    *not_found,
              GError       **error)
{
  gboolean found;

  if (!_df_step_one (store, stmt, &found, error))
    return FALSE;
  if (!found)
    g_set_error_literal (error, DF_ERROR, DF_ERROR_NOT_FOUND, not_found);
  return found;
}

gboolean
_df_query_int64 (DfStore       *store,
                 const char    *sql,
                 gint64         id,
                 const char    *not_found,
                 gint64        *value,
                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = df_store_prepare (store, sql, error);
  gboolean found = TRUE;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, id);
  if (not_found != NULL ? !_df_step_row (store, stmt, not_found, error)
                        : !_df_step_one (store, stmt, &found, error))
    return FALSE;
  if (found)
    *value = sqlite3_column_int64 (stmt, 0);
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

sqlite3_stmt *
_df_record_prepare (DfStore             *store,
                    const DfRecordType  *type,
                    const char          *rest,
                    GError             **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");

  for (guint i = 0; i < type->n_columns; i++)
    {
      if (i > 0)
        g_string_append (sql, ", ");
      g_string_append (sql, type->columns[i].expr);
    }
  g_string_append_c (sql, ' ');
  g_string_append (sql, rest);

  return df_store_prepare (store, sql->str, error);
}

gpointer
_df_record_read (const DfRecordType *type,
                 sqlite3_stmt       *stmt)
{
  gpointer record = g_malloc0 (type->size);

  for (guint i = 0; i < type->n_columns; i++)
    {
      gpointer field = G_STRUCT_MEMBER_P (record, type->columns[i].offset);

      switch (type->columns[i].type)
        {
        case DF_COLUMN_INT64:
          *(gint64 *) field = sqlite3_column_int64 (stmt, i);
          break;
        case DF_COLUMN_TEXT:
          *(char **) field = _df_col_text (stmt, i);
          break;
        case DF_COLUMN_BOOLEAN:
          *(gboolean *) field = sqlite3_column_int (stmt, i) != 0;
          break;
        case DF_COLUMN_DOUBLE:
          *(double *) field = sqlite3_column_double (stmt, i);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  return record;
}

void
_df_record_free (const DfRecordType *type,
                 gpointer            record)
{
  if (record == NULL)
    return;

  for (guint i = 0; i < type->n_columns; i++)
    if (type->columns[i].type == DF_COLUMN_TEXT)
      g_free (G_STRUCT_MEMBER (char *, record, type->columns[i].offset));
  g_free (record);
}

GPtrArray *
_df_record_list (DfStore             *store,
                 sqlite3_stmt        *stmt,
                 const DfRecordType  *type,
                 const char          *what,
                 GError             **error)
{
  return list_rows (store, stmt, type, NULL, type->free_func, what, error);
}

gpointer
_df_record_get (DfStore             *store,
                sqlite3_stmt        *stmt,
                const DfRecordType  *type,
                const char          *not_found,
                GError             **error)
{
  gboolean found = TRUE;

  if (not_found != NULL ? !_df_step_row (store, stmt, not_found, error)
                        : !_df_step_one (store, stmt, &found, error))
    return NULL;

  return found ? _df_record_read (type, stmt) : NULL;
}

gpointer
_df_record_find (DfStore             *store,
                 const DfRecordType  *type,
                 const char          *rest,
                 gint64               a,
                 gint64               b,
                 const char          *not_found,
                 GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = _df_record_prepare (store, type, rest, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, a);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, b);
  return _df_record_get (store, stmt, type, not_found, error);
}
