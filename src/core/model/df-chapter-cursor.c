/* df-chapter-cursor.c: where the cursor was in a chapter
 *
 * One row per chapter that was open in the editor, with the character
 * offset of the cursor in its text; it goes with the chapter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "df-model-private.h"

gboolean
df_chapter_set_cursor (DfStore  *store,
                       gint64    chapter_id,
                       gint64    offset,
                       GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = df_now_iso8601 ();

  g_return_val_if_fail (DF_IS_STORE (store), FALSE);

  if (offset < 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("A cursor offset cannot be negative (got %" PRId64 ")"), offset);
      return FALSE;
    }

  stmt = df_store_prepare (store,
                           "INSERT INTO chapter_cursors (chapter_id, cursor_offset, updated_at)"
                           " SELECT id, ?2, ?3 FROM chapters WHERE id = ?1"
                           " ON CONFLICT (chapter_id) DO UPDATE SET cursor_offset = ?2, updated_at = ?3"
                           "  WHERE cursor_offset != ?2",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, chapter_id);
  sqlite3_bind_int64 (stmt, 2, offset);
  _df_bind_text (stmt, 3, now);
  return df_store_step_done (store, stmt, error);
}

gint64
df_chapter_get_cursor (DfStore  *store,
                       gint64    chapter_id,
                       GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (DF_IS_STORE (store), -1);

  stmt = df_store_prepare (store, "SELECT cursor_offset FROM chapter_cursors WHERE chapter_id = ?1", error);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, chapter_id);
  if (!_df_step_one (store, stmt, &found, error))
    return -1;
  return found ? sqlite3_column_int64 (stmt, 0) : 0;
}
