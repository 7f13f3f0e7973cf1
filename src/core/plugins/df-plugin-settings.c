/* df-plugin-settings.c: a small settings store for each plugin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugins"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "df-error.h"
#include "df-plugin-settings.h"
#include "df-store-private.h"

#define MAX_VALUE_BYTES (64 * 1024)

static gboolean
check_key (const char  *plugin_id,
           const char  *key,
           GError     **error)
{
  gsize n = key != NULL ? strlen (key) : 0;

  if (plugin_id == NULL || *plugin_id == '\0')
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("A plugin setting needs the plugin’s id"));
      return FALSE;
    }
  if (n == 0 || n > 100 || key[strspn (key, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")] != '\0')
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("“%s” is not a setting’s name: use 1 to 100 letters, digits, “-”, “_” or “.”"),
                   key != NULL ? key : "");
      return FALSE;
    }
  return TRUE;
}

char *
df_plugin_settings_get (DfStore     *store,
                        const char  *plugin_id,
                        const char  *key,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (DF_IS_STORE (store), NULL);

  if (!check_key (plugin_id, key, error))
    return NULL;
  stmt = df_store_prepare (store, "SELECT value FROM plugin_settings WHERE plugin_id = ?1 AND key = ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, plugin_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_STATIC);
  if (df_store_step (store, stmt, &local_error))
    return g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

gboolean
df_plugin_settings_set (DfStore     *store,
                        const char  *plugin_id,
                        const char  *key,
                        const char  *value,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DF_IS_STORE (store), FALSE);

  if (!check_key (plugin_id, key, error))
    return FALSE;
  if (value != NULL && (strlen (value) > MAX_VALUE_BYTES || !g_utf8_validate (value, -1, NULL)))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The value of “%s” must be UTF-8 text of at most 64 KiB"), key);
      return FALSE;
    }
  stmt = df_store_prepare (store, value != NULL
                           ? "INSERT INTO plugin_settings (plugin_id, key, value, updated_at)"
                             " VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
                             " ON CONFLICT (plugin_id, key) DO UPDATE SET value = excluded.value,"
                             " updated_at = excluded.updated_at"
                           : "DELETE FROM plugin_settings WHERE plugin_id = ?1 AND key = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, plugin_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_STATIC);
  if (value != NULL)
    sqlite3_bind_text (stmt, 3, value, -1, SQLITE_STATIC);
  return df_store_step_done (store, stmt, error);
}

GHashTable *
df_plugin_settings_list (DfStore     *store,
                         const char  *plugin_id,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) settings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (DF_IS_STORE (store), NULL);

  stmt = df_store_prepare (store, "SELECT key, value FROM plugin_settings WHERE plugin_id = ?1 ORDER BY key", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, plugin_id, -1, SQLITE_STATIC);
  while (df_store_step (store, stmt, &local_error))
    g_hash_table_insert (settings, g_strdup ((const char *)sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *)sqlite3_column_text (stmt, 1)));
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&settings);
}

gint64
df_plugin_settings_get_int (DfStore    *store,
                            const char *plugin_id,
                            const char *key,
                            gint64      fallback)
{
  g_autofree char *value = df_plugin_settings_get (store, plugin_id, key, NULL);
  gint64 number;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, &number, NULL))
    return fallback;
  return number;
}
