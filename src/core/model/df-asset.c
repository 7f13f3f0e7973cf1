/* df-asset.c: the images of imported books, stored in the database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "df-model-private.h"

gboolean
df_asset_put (DfStore     *store,
              gint64       project_id,
              const char  *path,
              const char  *mime_type,
              GBytes      *data,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *now = df_now_iso8601 ();
  gsize size;
  const char *bytes = g_bytes_get_data (data, &size);

  if (path == NULL || *path == '\0' || path[0] == '/' || strstr (path, "..") != NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("An image path must be relative and stay inside the book (got “%s”)"), path ? path : "");
      return FALSE;
    }

  sha = df_sha256_hex (bytes, size);
  stmt = df_store_prepare (store,
                           "INSERT INTO assets (project_id, path, mime_type, data, sha256, created_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                           " ON CONFLICT (project_id, path) DO UPDATE SET"
                           " mime_type = excluded.mime_type, data = excluded.data, sha256 = excluded.sha256",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, path);
  _df_bind_text (stmt, 3, mime_type ? mime_type : "application/octet-stream");
  sqlite3_bind_blob64 (stmt, 4, bytes ? bytes : "", size, SQLITE_STATIC);
  _df_bind_text (stmt, 5, sha);
  _df_bind_text (stmt, 6, now);

  return df_store_step_done (store, stmt, error);
}

GBytes *
df_asset_get (DfStore     *store,
              gint64       project_id,
              const char  *path,
              char       **mime_type,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean found;

  stmt = df_store_prepare (store, "SELECT data, mime_type FROM assets WHERE project_id = ?1 AND path = ?2", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, path);
  if (!_df_step_one (store, stmt, &found, error))
    return NULL;
  if (!found)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND, _("No image “%s” in this project"), path ? path : "");
      return NULL;
    }

  if (mime_type != NULL)
    *mime_type = _df_col_text (stmt, 1);

  return g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
}

static gpointer
path_from_row (sqlite3_stmt *stmt)
{
  return _df_col_text (stmt, 0);
}

GPtrArray *
df_asset_list (DfStore  *store,
               gint64    project_id,
               GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store, "SELECT path FROM assets WHERE project_id = ?1 ORDER BY path", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, project_id);
  return _df_rows_list (store, stmt, path_from_row, g_free, NULL, error);
}
