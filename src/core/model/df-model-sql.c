/* df-model-sql.c: the SQL steps every model file shares
 *
 * Updating one row (reading rows into records is df-store-rows.c's).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "df-model-private.h"

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
