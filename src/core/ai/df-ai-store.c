/* df-ai-store.c: reading rows, for ai/'s tables (df-ai-store-private.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include "df-ai-store-private.h"
#include "df-error.h"

gboolean
_df_ai_read_rows (DfStore       *store,
                  sqlite3_stmt  *stmt,
                  GPtrArray     *rows,
                  DfAiRowFunc    from_row,
                  GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  while (df_store_step (store, stmt, &local_error))
    g_ptr_array_add (rows, from_row (stmt));
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
_df_ai_read_row (DfStore       *store,
                 sqlite3_stmt  *stmt,
                 const char    *not_found,
                 GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (df_store_step (store, stmt, &local_error))
    return TRUE;
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error_literal (error, DF_ERROR, DF_ERROR_NOT_FOUND, not_found);
  return FALSE;
}
