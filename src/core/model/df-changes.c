/* df-changes.c: noticing what other connections changed
 *
 * An editor keeps a chapter open while other programs (the command line,
 * a sync) may write to the same database.  It learns that something
 * changed from a cheap number (PRAGMA data_version, which moves when
 * another connection commits), then compares what it shows: a chapter's
 * hash (df_chapter_dup_hash) and a project's outline (here).  What to do
 * with a text that arrived is df_chapter_save_merging's part.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "df-model-private.h"
#include "df-text.h"

gboolean
df_changes_get_version (DfStore  *store,
                        gint64   *version,
                        GError  **error)
{
  g_return_val_if_fail (DF_IS_STORE (store), FALSE);
  g_return_val_if_fail (version != NULL, FALSE);

  *version = 0;
  return _df_query_int64 (store, "PRAGMA data_version", 0, NULL, version, error);
}

/* Appends each row of @stmt (bound) to @digest, a field per column. */
static gboolean
digest_rows (DfStore       *store,
             sqlite3_stmt  *stmt,
             GChecksum     *digest,
             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  int n_columns = sqlite3_column_count (stmt);

  while (df_store_step (store, stmt, &local_error))
    {
      for (int i = 0; i < n_columns; i++)
        {
          const unsigned char *text = sqlite3_column_text (stmt, i);

          char length[16];

          /* A length before each field: ("ab", "c") differs from ("a", "bc"). */
          g_snprintf (length, sizeof length, "%d:", sqlite3_column_bytes (stmt, i));
          g_checksum_update (digest, (const guchar *) length, -1);
          if (text != NULL)
            g_checksum_update (digest, text, sqlite3_column_bytes (stmt, i));
        }
      g_checksum_update (digest, (const guchar *) "\n", 1);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

char *
df_changes_dup_outline (DfStore  *store,
                        gint64    project_id,
                        GError  **error)
{
  static const char * const queries[] = {
    "SELECT title FROM projects WHERE id = ?1",
    "SELECT id, number, title FROM parts WHERE project_id = ?1 ORDER BY number, id",
    "SELECT id, number, coalesce (part_id, 0), title FROM chapters WHERE project_id = ?1 ORDER BY number, id",
  };
  g_autoptr(GChecksum) digest = g_checksum_new (G_CHECKSUM_SHA256);
  gboolean found;

  g_return_val_if_fail (DF_IS_STORE (store), NULL);

  /* One snapshot for the three queries. */
  if (!df_store_exec (store, "SAVEPOINT outline", error))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = df_store_prepare (store, queries[i], error);

      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, project_id);
      if (i == 0)
        {
          if (!_df_step_one (store, stmt, &found, error))
            goto fail;
          if (!found)
            {
              g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                           _("No such project (id %" PRId64 ")"), project_id);
              goto fail;
            }
          sqlite3_reset (stmt);
        }
      if (!digest_rows (store, stmt, digest, error))
        goto fail;
    }

  df_store_exec (store, "RELEASE outline", NULL);
  return g_strdup (g_checksum_get_string (digest));

fail:
  df_store_exec (store, "ROLLBACK TO outline; RELEASE outline", NULL);
  return NULL;
}
