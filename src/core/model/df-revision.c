/* df-revision.c: the earlier versions of chapters, and deleted chapters
 *
 * Saving a chapter keeps its previous text as a revision, and deleting
 * one keeps its last text: a deleted chapter is the newest revision of a
 * chapter id that no longer exists, and comes back from it
 * (df_chapter_undelete, df-chapter.c).
 *
 * A revision is a "save" (the text a save replaced) or a "conflict": a
 * text that arrived from elsewhere (another program's save, a pull) which
 * a writer that had not seen it replaced (df_chapter_save_merging).
 * Thinning never removes a conflict until the user has seen it (seen_at,
 * df_revision_mark_seen).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "df-model-private.h"

char *
_df_writer_name (void)
{
  const char *name = g_get_prgname ();

  if (name == NULL)
    return g_strdup ("draftforge");
  return g_strndup (name, strcspn (name, " "));
}

/* The revision's origin is who wrote the chapter's text it keeps. */
gboolean
_df_revision_add (DfStore     *store,
                  gint64       chapter_id,
                  gint64       project_id,
                  const char  *title,
                  const char  *content,
                  const char  *hash,
                  const char  *kind,
                  gint64      *id,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = df_now_iso8601 ();

  stmt = df_store_prepare (store,
                           "INSERT INTO chapter_revisions (chapter_id, project_id, title, content_md, content_hash,"
                           " created_at, kind, origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                           " (SELECT written_by FROM chapters WHERE id = ?1))", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, chapter_id);
  sqlite3_bind_int64 (stmt, 2, project_id);
  _df_bind_text (stmt, 3, title);
  sqlite3_bind_text (stmt, 4, content, -1, SQLITE_STATIC);
  _df_bind_text (stmt, 5, hash);
  _df_bind_text (stmt, 6, now);
  _df_bind_text (stmt, 7, kind);

  if (!df_store_step_done (store, stmt, error))
    return FALSE;
  if (id != NULL)
    *id = df_store_last_insert_id (store);
  return TRUE;
}

gboolean
_df_revisions_thin (DfStore     *store,
                    gint64       chapter_id,
                    const char  *now,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now_owned = now == NULL ? df_now_iso8601 () : NULL;

  /* An unseen conflict is left out of the buckets as well as kept: the
   * saves around it thin as if it were not there.  Each writer's texts
   * fill buckets of their own: the newest text a program wrote in each
   * is kept, whatever another program wrote after it. */
  stmt = df_store_prepare (store,
                           "DELETE FROM chapter_revisions WHERE chapter_id = ?1"
                           " AND NOT (kind = 'conflict' AND seen_at IS NULL) AND id NOT IN ("
                           " SELECT max (id) FROM ("
                           "  SELECT id, CASE"
                           "   WHEN t IS NULL OR age IS NULL THEN 'k' || id"   /* unreadable time: kept */
                           "   WHEN age < 3600 THEN 'm' || (t / 300)"
                           "   WHEN age < 86400 THEN 'h' || (t / 3600)"
                           "   WHEN age < 2592000 THEN 'd' || (t / 86400)"
                           "   ELSE 'w' || (t / 604800) END || '/' || coalesce (origin, '') AS bucket"
                           "  FROM (SELECT id, origin, CAST (strftime ('%s', created_at) AS INTEGER) AS t,"
                           "               CAST (strftime ('%s', ?2) AS INTEGER) - CAST (strftime ('%s', created_at) AS INTEGER) AS age"
                           "        FROM chapter_revisions WHERE chapter_id = ?1"
                           "          AND NOT (kind = 'conflict' AND seen_at IS NULL)))"
                           " GROUP BY bucket)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, chapter_id);
  _df_bind_text (stmt, 2, now != NULL ? now : now_owned);
  return df_store_step_done (store, stmt, error);
}

static const DfColumn revision_columns[] = {
  { "id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfRevision, id) },
  { "chapter_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfRevision, chapter_id) },
  { "content_md", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfRevision, content_md) },
  { "content_hash", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfRevision, content_hash) },
  { "created_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfRevision, created_at) },
  { "title", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfRevision, title) },
  { "kind", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfRevision, kind) },
  { "seen_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfRevision, seen_at) },
  { "origin", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfRevision, origin) },
  { "NULL", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfRevision, label) },
};

static const DfRecordType revision_record = {
  sizeof (DfRevision), revision_columns, G_N_ELEMENTS (revision_columns), (GDestroyNotify) df_revision_free,
};

void
df_revision_free (DfRevision *revision)
{
  _df_record_free (&revision_record, revision);
}

/* The revisions "SELECT <columns> @rest" finds with @id bound to ?1. */
static GPtrArray *
list_revisions (DfStore     *store,
                const char  *rest,
                gint64       id,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _df_record_prepare (store, &revision_record, rest, error);

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  return _df_record_list (store, stmt, &revision_record, NULL, error);
}

GPtrArray *
df_revision_list (DfStore  *store,
                  gint64    chapter_id,
                  GError  **error)
{
  return list_revisions (store, "FROM chapter_revisions WHERE chapter_id = ?1 ORDER BY id DESC",
                         chapter_id, error);
}

GPtrArray *
df_revision_list_deleted (DfStore  *store,
                          gint64    project_id,
                          GError  **error)
{
  return list_revisions (store,
                         "FROM chapter_revisions"
                         " WHERE id IN (SELECT max (id) FROM chapter_revisions"
                         "              WHERE project_id = ?1"
                         "                AND chapter_id NOT IN (SELECT id FROM chapters)"
                         "              GROUP BY chapter_id)"
                         " ORDER BY id DESC",
                         project_id, error);
}

gboolean
df_revision_mark_seen (DfStore  *store,
                       gint64    revision_id,
                       GError  **error)
{
  g_autofree char *now = df_now_iso8601 ();

  /* The first time counts: seeing it again changes nothing. */
  return _df_update_one (store, "UPDATE chapter_revisions SET seen_at = coalesce (seen_at, ?2) WHERE id = ?1",
                         revision_id, now, _("revision"), error);
}

gboolean
df_revision_find_unseen (DfStore  *store,
                         gint64    chapter_id,
                         gint64   *revision_id,
                         GError  **error)
{
  *revision_id = 0;
  return _df_query_int64 (store,
                          "SELECT max (id) FROM chapter_revisions"
                          " WHERE chapter_id = ?1 AND kind = 'conflict' AND seen_at IS NULL",
                          chapter_id, NULL, revision_id, error);
}

DfRevision *
_df_revision_get_deleted (DfStore  *store,
                          gint64    revision_id,
                          gint64   *project_id,
                          GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *missing = g_strdup_printf (_("There is no revision %" PRId64 "; list the deleted chapters again"),
                                              revision_id);
  guint n = revision_record.n_columns;

  stmt = _df_record_prepare (store, &revision_record,
                             ", project_id, EXISTS (SELECT 1 FROM chapters WHERE id = chapter_revisions.chapter_id)"
                             " FROM chapter_revisions WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, revision_id);
  if (!_df_step_row (store, stmt, missing, error))
    return NULL;
  if (sqlite3_column_int (stmt, n + 1))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("That chapter was not deleted; its earlier versions are in its history"));
      return NULL;
    }

  *project_id = sqlite3_column_int64 (stmt, n);
  return _df_record_read (&revision_record, stmt);
}

gboolean
_df_revisions_move (DfStore  *store,
                    gint64    from_chapter_id,
                    gint64    to_chapter_id,
                    GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store, "UPDATE chapter_revisions SET chapter_id = ?2 WHERE chapter_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, from_chapter_id);
  sqlite3_bind_int64 (stmt, 2, to_chapter_id);
  return df_store_step_done (store, stmt, error);
}
