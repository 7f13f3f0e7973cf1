/* df-personalize-cache.c: rewrites kept per reader, chapter and content
 *
 * A row of personalized_chapters is found by the profile, the chapter,
 * the hash of its Markdown, the hash of the profile's fields that matter,
 * the language, the model, the prompt version and the kind: an edit or a
 * changed preference is a miss.  Each row belongs to the (profile,
 * chapter) session in personalization_sessions, which expires.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "df-personalize-private.h"
#include "df-store-private.h"

static char *
content_hash (const DfChapter *chapter)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, chapter->content_md, -1);
}

static DfPersonalized *
read_row (sqlite3_stmt *stmt)
{
  DfPersonalized *r = g_new0 (DfPersonalized, 1);

  r->text = _df_col_text (stmt, 0);
  r->kind = _df_col_text (stmt, 1);
  r->level = _df_col_text (stmt, 2);
  r->language = _df_col_text (stmt, 3);
  r->model = _df_col_text (stmt, 4);
  r->metric = _df_col_text (stmt, 5);
  r->before = sqlite3_column_double (stmt, 6);
  r->after = sqlite3_column_double (stmt, 7);
  r->note = _df_col_text (stmt, 8);
  r->prompt_tokens = sqlite3_column_int64 (stmt, 9);
  r->completion_tokens = sqlite3_column_int64 (stmt, 10);
  r->created_at = _df_col_text (stmt, 11);
  r->requests = (guint)sqlite3_column_int64 (stmt, 12);
  r->from_cache = TRUE;
  return r;
}

#define ROW_COLUMNS "p.text, p.kind, p.level, p.language, p.model, p.metric, p.before, p.after," \
                    " p.note, p.prompt_tokens, p.completion_tokens, p.created_at, c.number"

DfPersonalized *
df_personalize_cache_lookup (DfStore            *store,
                             const DfProfile    *profile,
                             const DfChapter    *chapter,
                             DfPersonalizeKind   kind,
                             const char         *model,
                             GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *chash = content_hash (chapter);
  g_autofree char *phash = df_personalize_preferences_hash (profile);
  DfPersonalized *found;

  if (profile == NULL)
    return NULL;
  stmt = df_store_prepare (store,
                           "SELECT " ROW_COLUMNS " FROM personalized_chapters p"
                           " JOIN chapters c ON c.id = p.chapter_id"
                           " JOIN personalization_sessions s ON s.id = p.session_id"
                           " WHERE p.profile_id = ?1 AND p.chapter_id = ?2 AND p.content_hash = ?3"
                           " AND p.preferences_hash = ?4 AND p.language = ?5 AND p.model = ?6"
                           " AND p.prompt_version = ?7 AND p.kind = ?8"
                           " AND (s.expires_at IS NULL OR s.expires_at > ?9)",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, profile->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, chapter->id);
  sqlite3_bind_text (stmt, 3, chash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, phash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, _df_personalize_language (profile), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, model != NULL ? model : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 7, DF_PERSONALIZE_PROMPT_VERSION);
  sqlite3_bind_text (stmt, 8, df_personalize_kind_to_string (kind), -1, SQLITE_STATIC);
  {
    g_autofree char *now = df_now_iso8601 ();
    sqlite3_bind_text (stmt, 9, now, -1, SQLITE_TRANSIENT);
    if (!df_store_step (store, stmt, error))
      return NULL;
  }
  found = read_row (stmt);
  found->requests = 0;
  return found;
}

/* The (profile, chapter) session, made or renewed to expire @days on. */
static char *
session_for (DfStore          *store,
             const DfProfile  *profile,
             const DfChapter  *chapter,
             guint             days,
             GError          **error)
{
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(sqlite3_stmt) save = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days > 0 ? days : DF_PERSONALIZE_DEFAULT_EXPIRY_DAYS);
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *then_text = g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *json = _df_personalize_profile_json (profile);
  g_autofree char *id = NULL;

  find = df_store_prepare (store, "SELECT id FROM personalization_sessions"
                                  " WHERE profile_id = ? AND chapter_id = ? AND state = 'active'", error);
  if (find == NULL)
    return NULL;
  sqlite3_bind_text (find, 1, profile->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (find, 2, chapter->id);
  if (df_store_step (store, find, error))
    id = _df_col_text (find, 0);
  else if (error != NULL && *error != NULL)
    return NULL;
  save = df_store_prepare (store, id != NULL
                           ? "UPDATE personalization_sessions SET user_profile = ?4, updated_at = ?5, expires_at = ?6 WHERE id = ?1"
                           : "INSERT INTO personalization_sessions (id, profile_id, chapter_id, user_profile, created_at, updated_at, expires_at)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)", error);
  if (save == NULL)
    return NULL;
  if (id == NULL)
    id = g_uuid_string_random ();
  sqlite3_bind_text (save, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (save, 2, profile->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (save, 3, chapter->id);
  sqlite3_bind_text (save, 4, json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (save, 5, now_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (save, 6, then_text, -1, SQLITE_TRANSIENT);
  if (!df_store_step_done (store, save, error))
    return NULL;
  return g_steal_pointer (&id);
}

static gboolean
insert_row (DfStore                    *store,
            const char                 *session,
            const DfProfile            *profile,
            const DfChapter            *chapter,
            const DfPersonalized       *r,
            GError                    **error)
{
  g_autoptr(sqlite3_stmt) del = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *chash = content_hash (chapter);
  g_autofree char *phash = df_personalize_preferences_hash (profile);
  g_autofree char *now = df_now_iso8601 ();

  /* an older rewrite of this kind (another text, preferences, model) goes */
  del = df_store_prepare (store, "DELETE FROM personalized_chapters WHERE profile_id = ? AND chapter_id = ? AND kind = ?", error);
  if (del == NULL)
    return FALSE;
  sqlite3_bind_text (del, 1, profile->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (del, 2, chapter->id);
  sqlite3_bind_text (del, 3, r->kind, -1, SQLITE_TRANSIENT);
  if (!df_store_step_done (store, del, error))
    return FALSE;

  stmt = df_store_prepare (store,
                           "INSERT INTO personalized_chapters (session_id, profile_id, chapter_id, content_hash,"
                           " preferences_hash, language, model, prompt_version, kind, level, text, metric,"
                           " before, after, note, prompt_tokens, completion_tokens, created_at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, session, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, profile->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, chapter->id);
  sqlite3_bind_text (stmt, 4, chash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, phash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, r->language, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, r->model != NULL ? r->model : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 8, DF_PERSONALIZE_PROMPT_VERSION);
  sqlite3_bind_text (stmt, 9, r->kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, r->level, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 11, r->text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 12, r->metric, -1, SQLITE_TRANSIENT);
  sqlite3_bind_double (stmt, 13, r->before);
  sqlite3_bind_double (stmt, 14, r->after);
  _df_bind_text (stmt, 15, r->note);
  sqlite3_bind_int64 (stmt, 16, r->prompt_tokens);
  sqlite3_bind_int64 (stmt, 17, r->completion_tokens);
  sqlite3_bind_text (stmt, 18, now, -1, SQLITE_TRANSIENT);
  return df_store_step_done (store, stmt, error);
}

gboolean
_df_personalize_cache_store (DfStore                    *store,
                             const DfProfile            *profile,
                             const DfChapter            *chapter,
                             const DfPersonalizeOptions *options,
                             const DfPersonalized       *result,
                             GError                    **error)
{
  g_autofree char *session = NULL;
  gboolean ok;

  if (profile == NULL)
    return TRUE;
  if (!df_store_begin (store, error))
    return FALSE;
  session = session_for (store, profile, chapter, options->expiry_days, error);
  ok = session != NULL && insert_row (store, session, profile, chapter, result, error);
  return df_store_end (store, ok, error);
}

gint64
df_personalize_cache_expire (DfStore  *store,
                             GError  **error)
{
  g_autoptr(sqlite3_stmt) rows = NULL;
  g_autoptr(sqlite3_stmt) sessions = NULL;
  g_autofree char *now = df_now_iso8601 ();
  gint64 removed;

  rows = df_store_prepare (store, "DELETE FROM personalized_chapters WHERE session_id IN"
                                  " (SELECT id FROM personalization_sessions WHERE expires_at <= ?1)", error);
  if (rows == NULL)
    return -1;
  sqlite3_bind_text (rows, 1, now, -1, SQLITE_TRANSIENT);
  if (!df_store_step_done (store, rows, error))
    return -1;
  removed = sqlite3_changes (df_store_get_db (store));
  sessions = df_store_prepare (store, "DELETE FROM personalization_sessions WHERE expires_at <= ?1", error);
  if (sessions == NULL)
    return -1;
  sqlite3_bind_text (sessions, 1, now, -1, SQLITE_TRANSIENT);
  if (!df_store_step_done (store, sessions, error))
    return -1;
  return removed + sqlite3_changes (df_store_get_db (store));
}

GPtrArray *
df_personalize_cache_list (DfStore     *store,
                           gint64       project_id,
                           const char  *profile_id,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)df_personalized_free);

  stmt = df_store_prepare (store,
                           "SELECT " ROW_COLUMNS " FROM personalized_chapters p"
                           " JOIN chapters c ON c.id = p.chapter_id"
                           " WHERE c.project_id = ?1 AND (?2 IS NULL OR p.profile_id = ?2)"
                           " ORDER BY c.number, p.kind, p.rowid", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, profile_id);
  while (df_store_step (store, stmt, error))
    {
      DfPersonalized *r = read_row (stmt);
      g_clear_pointer (&r->text, g_free);
      g_ptr_array_add (list, r);
    }
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&list);
}

gint64
df_personalize_cache_clear (DfStore     *store,
                            gint64       project_id,
                            const char  *profile_id,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store,
                           "DELETE FROM personalized_chapters WHERE chapter_id IN"
                           " (SELECT id FROM chapters WHERE project_id = ?1)"
                           " AND (?2 IS NULL OR profile_id = ?2)", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, profile_id);
  if (!df_store_step_done (store, stmt, error))
    return -1;
  return sqlite3_changes (df_store_get_db (store));
}
