/* df-sync-link.c: a project linked to a repository, and the conflicts a
 * sync left for the writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "df-model-private.h"
#include "df-plugin-settings.h"
#include "df-sync-link.h"

static const DfColumn link_columns[] = {
  { "project_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfSyncLink, project_id) },
  { "backend", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfSyncLink, backend) },
  { "repo_path", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfSyncLink, repo_path) },
  { "remote_url", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfSyncLink, remote_url) },
  { "branch", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfSyncLink, branch) },
  { "last_commit", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfSyncLink, last_commit) },
  { "last_synced_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfSyncLink, last_synced_at) },
  { "last_error", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfSyncLink, last_error) },
  { "created_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfSyncLink, created_at) },
};

static const DfRecordType link_record = {
  sizeof (DfSyncLink), link_columns, G_N_ELEMENTS (link_columns), (GDestroyNotify) df_sync_link_free,
};

static const DfColumn conflict_columns[] = {
  { "s.id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfSyncConflict, id) },
  { "s.project_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfSyncConflict, project_id) },
  { "s.chapter_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfSyncConflict, chapter_id) },
  { "c.number", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfSyncConflict, chapter_number) },
  { "c.title", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfSyncConflict, chapter_title) },
  { "s.revision_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfSyncConflict, revision_id) },
  { "s.from_label", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfSyncConflict, from_label) },
  { "s.created_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfSyncConflict, created_at) },
};

static const DfRecordType conflict_record = {
  sizeof (DfSyncConflict), conflict_columns, G_N_ELEMENTS (conflict_columns),
  (GDestroyNotify) df_sync_conflict_free,
};

void
df_sync_link_free (DfSyncLink *link)
{
  _df_record_free (&link_record, link);
}

void
df_sync_conflict_free (DfSyncConflict *conflict)
{
  _df_record_free (&conflict_record, conflict);
}

DfSyncLink *
df_sync_link_get (DfStore  *store,
                  gint64    project_id,
                  GError  **error)
{
  g_return_val_if_fail (DF_IS_STORE (store), NULL);

  return _df_record_find (store, &link_record, "FROM sync_links WHERE project_id = ?1", project_id, 0,
                          _("The project is not linked to a repository yet: run “draftforge-cli sync init” first"),
                          error);
}

/* user:password@ in a URL would put a secret into the database and the
 * repository's config. */
static gboolean
check_url (const char  *url,
           GError     **error)
{
  const char *scheme_end = url ? strstr (url, "://") : NULL;
  const char *at;
  const char *slash;
  const char *colon;

  if (url == NULL || *url == '\0')
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("The remote is empty: give a URL or a folder"));
      return FALSE;
    }
  if (scheme_end == NULL)
    return TRUE;
  slash = strchr (scheme_end + 3, '/');
  at = strchr (scheme_end + 3, '@');
  if (at == NULL || (slash != NULL && at > slash))
    return TRUE;
  colon = memchr (scheme_end + 3, ':', at - (scheme_end + 3));
  if (colon != NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The remote's address holds a password: give it without one and put the token in "
                     "DRAFTFORGE_GIT_TOKEN or the keyring"));
      return FALSE;
    }
  return TRUE;
}

gboolean
df_sync_link_create (DfStore     *store,
                     gint64       project_id,
                     const char  *backend,
                     const char  *repo_path,
                     const char  *remote_url,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = df_now_iso8601 ();
  gint64 count = 0;

  g_return_val_if_fail (DF_IS_STORE (store), FALSE);

  if (remote_url != NULL && !check_url (remote_url, error))
    return FALSE;
  if (!_df_query_int64 (store, "SELECT count(*) FROM sync_links WHERE project_id = ?1", project_id, NULL,
                        &count, error))
    return FALSE;
  if (count > 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_EXISTS, _("The project is already linked to a repository"));
      return FALSE;
    }

  stmt = df_store_prepare (store,
                           "INSERT INTO sync_links (project_id, backend, repo_path, remote_url, created_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, backend ? backend : "git");
  _df_bind_text (stmt, 3, repo_path);
  _df_bind_text (stmt, 4, remote_url);
  _df_bind_text (stmt, 5, now);
  return df_store_step_done (store, stmt, error);
}

static gboolean
update_link (DfStore     *store,
             const char  *sql,
             gint64       project_id,
             const char  *value,
             GError     **error)
{
  return _df_update_one (store, sql, project_id, value,
                         _("The project is not linked to a repository yet: run “draftforge-cli sync init” first"),
                         error);
}

static char *
ssh_key_setting (gint64 project_id)
{
  return g_strdup_printf ("project-%" G_GINT64_FORMAT ".ssh-key", project_id);
}

char *
df_sync_link_get_ssh_key (DfStore  *store,
                          gint64    project_id,
                          GError  **error)
{
  g_autofree char *key = ssh_key_setting (project_id);

  return df_plugin_settings_get (store, DF_SYNC_GIT_PLUGIN_ID, key, error);
}

gboolean
df_sync_link_set_ssh_key (DfStore     *store,
                          gint64       project_id,
                          const char  *path,
                          GError     **error)
{
  g_autofree char *key = ssh_key_setting (project_id);
  g_autofree char *absolute = NULL;

  if (path == NULL || *path == '\0')
    return df_plugin_settings_set (store, DF_SYNC_GIT_PLUGIN_ID, key, NULL, error);
  absolute = g_canonicalize_filename (path, NULL);
  if (!g_file_test (absolute, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND, _("There is no key file at %s"), absolute);
      return FALSE;
    }
  if (g_str_has_suffix (absolute, ".pub"))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("%s is the public half of a key: give the private key file, the same name without “.pub”"),
                   absolute);
      return FALSE;
    }
  return df_plugin_settings_set (store, DF_SYNC_GIT_PLUGIN_ID, key, absolute, error);
}

gboolean
df_sync_link_set_remote (DfStore     *store,
                         gint64       project_id,
                         const char  *url,
                         GError     **error)
{
  g_return_val_if_fail (DF_IS_STORE (store), FALSE);

  if (url != NULL && !check_url (url, error))
    return FALSE;
  return update_link (store, "UPDATE sync_links SET remote_url = ?2, last_error = NULL WHERE project_id = ?1",
                      project_id, url, error);
}

gboolean
df_sync_link_set_commit (DfStore     *store,
                         gint64       project_id,
                         const char  *commit,
                         GError     **error)
{
  g_return_val_if_fail (DF_IS_STORE (store), FALSE);

  return update_link (store, "UPDATE sync_links SET last_commit = ?2 WHERE project_id = ?1",
                      project_id, commit, error);
}

gboolean
df_sync_link_set_result (DfStore     *store,
                         gint64       project_id,
                         const char  *message,
                         GError     **error)
{
  g_return_val_if_fail (DF_IS_STORE (store), FALSE);

  if (message != NULL)
    return update_link (store, "UPDATE sync_links SET last_error = ?2 WHERE project_id = ?1",
                        project_id, message, error);
  return update_link (store,
                      "UPDATE sync_links SET last_error = ?2,"
                      " last_synced_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE project_id = ?1",
                      project_id, NULL, error);
}

GPtrArray *
df_sync_conflict_list (DfStore  *store,
                       gint64    project_id,
                       GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DF_IS_STORE (store), NULL);

  stmt = _df_record_prepare (store, &conflict_record,
                             "FROM sync_conflicts s JOIN chapters c ON c.id = s.chapter_id"
                             " WHERE s.project_id = ?1 ORDER BY c.number, s.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  return _df_record_list (store, stmt, &conflict_record, NULL, error);
}

static gboolean
insert_conflict (DfStore     *store,
                 gint64       project_id,
                 gint64       chapter_id,
                 gint64       revision_id,
                 const char  *from_label,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = df_now_iso8601 ();

  stmt = df_store_prepare (store,
                           "INSERT INTO sync_conflicts (project_id, chapter_id, revision_id, from_label, created_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project_id);
  sqlite3_bind_int64 (stmt, 2, chapter_id);
  sqlite3_bind_int64 (stmt, 3, revision_id);
  _df_bind_text (stmt, 4, from_label);
  _df_bind_text (stmt, 5, now);
  return df_store_step_done (store, stmt, error);
}

gboolean
df_sync_conflict_add (DfStore     *store,
                      gint64       chapter_id,
                      const char  *their_text,
                      const char  *from_label,
                      GError     **error)
{
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *hash = NULL;
  gint64 revision_id = 0;
  gboolean ok;

  g_return_val_if_fail (DF_IS_STORE (store), FALSE);
  g_return_val_if_fail (their_text != NULL, FALSE);

  if (!df_store_begin (store, error))
    return FALSE;
  chapter = df_chapter_get (store, chapter_id, error);
  hash = df_sha256_hex (their_text, -1);
  ok = chapter != NULL &&
       _df_revision_add (store, chapter_id, chapter->project_id, chapter->title, their_text, hash, "conflict",
                         &revision_id, error);
  if (ok)
    {
      stmt = df_store_prepare (store, "UPDATE chapter_revisions SET origin = ?2 WHERE id = ?1", error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, revision_id);
          _df_bind_text (stmt, 2, from_label);
          ok = df_store_step_done (store, stmt, error);
        }
    }
  ok = ok && insert_conflict (store, chapter->project_id, chapter_id, revision_id, from_label, error);
  return df_store_end (store, ok, error);
}

/* The newest other side's text of @chapter_id's conflicts. */
static char *
their_text (DfStore  *store,
            gint64    chapter_id,
            GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean found = FALSE;

  stmt = df_store_prepare (store,
                           "SELECT r.content_md FROM sync_conflicts s JOIN chapter_revisions r ON r.id = s.revision_id"
                           " WHERE s.chapter_id = ?1 ORDER BY s.id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, chapter_id);
  if (!_df_step_one (store, stmt, &found, error))
    return NULL;
  if (!found)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND, _("The chapter has no conflict to resolve"));
      return NULL;
    }
  return _df_col_text (stmt, 0);
}

static gboolean
settle_conflicts (DfStore  *store,
                  gint64    chapter_id,
                  GError  **error)
{
  g_autoptr(sqlite3_stmt) mark = NULL;
  g_autoptr(sqlite3_stmt) remove = NULL;
  g_autofree char *now = df_now_iso8601 ();

  mark = df_store_prepare (store,
                           "UPDATE chapter_revisions SET seen_at = ?2 WHERE seen_at IS NULL AND id IN"
                           " (SELECT revision_id FROM sync_conflicts WHERE chapter_id = ?1)", error);
  if (mark == NULL)
    return FALSE;
  sqlite3_bind_int64 (mark, 1, chapter_id);
  _df_bind_text (mark, 2, now);
  if (!df_store_step_done (store, mark, error))
    return FALSE;
  remove = df_store_prepare (store, "DELETE FROM sync_conflicts WHERE chapter_id = ?1", error);
  if (remove == NULL)
    return FALSE;
  sqlite3_bind_int64 (remove, 1, chapter_id);
  return df_store_step_done (store, remove, error);
}

gboolean
df_sync_conflict_resolve (DfStore     *store,
                          gint64       chapter_id,
                          DfSyncTake   take,
                          const char  *text,
                          GError     **error)
{
  g_autofree char *theirs = NULL;
  g_autofree char *hash = NULL;
  const char *chosen = NULL;
  gboolean ok;

  g_return_val_if_fail (DF_IS_STORE (store), FALSE);
  g_return_val_if_fail (take != DF_SYNC_TAKE_TEXT || text != NULL, FALSE);

  if (!df_store_begin (store, error))
    return FALSE;
  theirs = their_text (store, chapter_id, error);
  ok = theirs != NULL;
  if (ok && take != DF_SYNC_TAKE_MINE)
    {
      chosen = take == DF_SYNC_TAKE_THEIRS ? theirs : text;
      hash = df_chapter_dup_hash (store, chapter_id, error);
      ok = hash != NULL && df_chapter_save_merging (store, chapter_id, chosen, hash, NULL, error);
    }
  ok = ok && settle_conflicts (store, chapter_id, error);
  return df_store_end (store, ok, error);
}
