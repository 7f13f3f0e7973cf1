/* df-versions.c: named versions of a project
 *
 * A version is a row of `versions` and one row of `version_chapters` for
 * each chapter the book had (its place, title, words and the hash of its
 * text); the texts are in `version_texts`, once each, by hash.  Saving
 * copies the chapters' rows in three statements, so even War and Peace
 * saves at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "df-model-private.h"
#include "df-versions.h"

static const DfColumn version_columns[] = {
  { "v.id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfVersion, id) },
  { "v.project_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfVersion, project_id) },
  { "v.name", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfVersion, name) },
  { "v.created_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfVersion, created_at) },
  { "(SELECT count (*) FROM version_chapters WHERE version_id = v.id)", DF_COLUMN_INT64,
    G_STRUCT_OFFSET (DfVersion, chapters) },
  { "(SELECT coalesce (sum (words), 0) FROM version_chapters WHERE version_id = v.id)", DF_COLUMN_INT64,
    G_STRUCT_OFFSET (DfVersion, words) },
};

static const DfRecordType version_record = {
  sizeof (DfVersion), version_columns, G_N_ELEMENTS (version_columns), (GDestroyNotify) df_version_free,
};

static const DfColumn chapter_columns[] = {
  { "vc.chapter_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfVersionChapter, chapter_id) },
  { "vc.position", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfVersionChapter, position) },
  { "vc.title", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfVersionChapter, title) },
  { "CASE WHEN ?2 THEN t.content_md END", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfVersionChapter, content_md) },
  { "vc.hash", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfVersionChapter, content_hash) },
  { "vc.words", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfVersionChapter, words) },
  { "c.id IS NOT NULL", DF_COLUMN_BOOLEAN, G_STRUCT_OFFSET (DfVersionChapter, exists) },
  { "c.id IS NULL OR c.content_hash IS NOT vc.hash OR c.title IS NOT vc.title", DF_COLUMN_BOOLEAN,
    G_STRUCT_OFFSET (DfVersionChapter, changed) },
};

static const DfRecordType chapter_record = {
  sizeof (DfVersionChapter), chapter_columns, G_N_ELEMENTS (chapter_columns),
  (GDestroyNotify) df_version_chapter_free,
};

void
df_version_free (DfVersion *version)
{
  _df_record_free (&version_record, version);
}

void
df_version_chapter_free (DfVersionChapter *chapter)
{
  _df_record_free (&chapter_record, chapter);
}

/* ---- saving ---------------------------------------------------------------- */

static gboolean
copy_chapters (DfStore  *store,
               gint64    project_id,
               gint64    version_id,
               GError  **error)
{
  g_autoptr(sqlite3_stmt) texts = NULL;
  g_autoptr(sqlite3_stmt) rows = NULL;

  texts = df_store_prepare (store,
                            "INSERT OR IGNORE INTO version_texts (hash, content_md)"
                            " SELECT content_hash, content_md FROM chapters WHERE project_id = ?1", error);
  if (texts == NULL)
    return FALSE;
  sqlite3_bind_int64 (texts, 1, project_id);
  if (!df_store_step_done (store, texts, error))
    return FALSE;

  rows = df_store_prepare (store,
                           "INSERT INTO version_chapters (version_id, chapter_id, position, title, hash, words)"
                           " SELECT ?2, id, number, title, content_hash, words FROM chapters WHERE project_id = ?1",
                           error);
  if (rows == NULL)
    return FALSE;
  sqlite3_bind_int64 (rows, 1, project_id);
  sqlite3_bind_int64 (rows, 2, version_id);
  return df_store_step_done (store, rows, error);
}

DfVersion *
df_version_save (DfStore     *store,
                 gint64       project_id,
                 const char  *name,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *now = df_now_iso8601 ();
  g_autoptr(DfProject) project = NULL;
  gint64 id;
  gboolean ok;

  if (!df_validate_text (_("version name"), name, DF_VERSION_NAME_MAX_CHARS, error))
    return NULL;
  if ((project = df_project_get_by_id (store, project_id, error)) == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (name));

  if (!df_store_begin (store, error))
    return NULL;
  stmt = df_store_prepare (store, "INSERT INTO versions (project_id, name, created_at) VALUES (?1, ?2, ?3)", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, project_id);
      _df_bind_text (stmt, 2, trimmed);
      _df_bind_text (stmt, 3, now);
      ok = df_store_step_done (store, stmt, error);
    }
  id = ok ? df_store_last_insert_id (store) : 0;
  ok = ok && copy_chapters (store, project_id, id, error);
  if (!df_store_end (store, ok, error))
    return NULL;
  return df_version_get (store, project_id, id, error);
}

/* ---- reading ---------------------------------------------------------------- */

GPtrArray *
df_version_list (DfStore     *store,
                 gint64       project_id,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _df_record_prepare (store, &version_record, "FROM versions v WHERE v.project_id = ?1 ORDER BY v.id DESC",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  return _df_record_list (store, stmt, &version_record, NULL, error);
}

DfVersion *
df_version_get (DfStore  *store,
                gint64    project_id,
                gint64    id,
                GError  **error)
{
  g_autofree char *not_found = g_strdup_printf (_("No version %" PRId64 " in this project; see the list of "
                                                  "versions"), id);

  return _df_record_find (store, &version_record, "FROM versions v WHERE v.id = ?1 AND v.project_id = ?2",
                          id, project_id, not_found, error);
}

DfVersion *
df_version_find (DfStore     *store,
                 gint64       project_id,
                 const char  *name,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (name));
  g_autofree char *not_found = g_strdup_printf (_("No version named “%s” in this project; see the list of "
                                                  "versions"), trimmed);

  stmt = _df_record_prepare (store, &version_record,
                             "FROM versions v WHERE v.project_id = ?1 AND v.name = ?2 COLLATE NOCASE"
                             " ORDER BY v.id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, trimmed);
  return _df_record_get (store, stmt, &version_record, not_found, error);
}

GPtrArray *
df_version_chapters (DfStore   *store,
                     gint64     version_id,
                     gboolean   with_text,
                     GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _df_record_prepare (store, &chapter_record,
                             "FROM version_chapters vc JOIN version_texts t ON t.hash = vc.hash"
                             " LEFT JOIN chapters c ON c.id = vc.chapter_id"
                             " WHERE vc.version_id = ?1 ORDER BY vc.position", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, version_id);
  sqlite3_bind_int (stmt, 2, with_text);
  return _df_record_list (store, stmt, &chapter_record, NULL, error);
}

static gpointer
read_version_revision (sqlite3_stmt *stmt)
{
  DfRevision *revision = g_new0 (DfRevision, 1);

  revision->id = -sqlite3_column_int64 (stmt, 0);
  revision->chapter_id = sqlite3_column_int64 (stmt, 1);
  revision->content_md = _df_col_text (stmt, 2);
  revision->content_hash = _df_col_text (stmt, 3);
  revision->created_at = _df_col_text (stmt, 4);
  revision->title = _df_col_text (stmt, 5);
  revision->kind = g_strdup ("version");
  revision->label = _df_col_text (stmt, 6);
  return revision;
}

GPtrArray *
df_version_revisions_of_chapter (DfStore  *store,
                                 gint64    chapter_id,
                                 GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store,
                           "SELECT v.id, vc.chapter_id, t.content_md, vc.hash, v.created_at, vc.title, v.name"
                           " FROM version_chapters vc JOIN versions v ON v.id = vc.version_id"
                           " JOIN version_texts t ON t.hash = vc.hash"
                           " WHERE vc.chapter_id = ?1 ORDER BY v.id DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, chapter_id);
  return _df_rows_list (store, stmt, read_version_revision, (GDestroyNotify) df_revision_free, NULL, error);
}

/* ---- restoring --------------------------------------------------------------- */

/* Puts @held back: its text and title on the chapter, or a new chapter
 * at the end of the book when it was deleted since. */
static gboolean
restore_one (DfStore                *store,
             gint64                  project_id,
             const DfVersionChapter *held,
             gint64                 *chapter_id_out,
             gboolean               *recreated,
             GError                **error)
{
  g_autoptr(DfChapter) chapter = NULL;

  *recreated = FALSE;
  if (!held->exists)
    {
      chapter = df_chapter_add (store, project_id, 0, held->title, held->content_md, error);
      if (chapter == NULL)
        return FALSE;
      *recreated = TRUE;
      *chapter_id_out = chapter->id;
      return TRUE;
    }
  *chapter_id_out = held->chapter_id;
  return df_chapter_save_content (store, held->chapter_id, held->content_md, error) &&
         df_chapter_rename (store, held->chapter_id, held->title, error);
}

static gboolean
version_of_chapter (DfStore           *store,
                    gint64             version_id,
                    gint64             chapter_id,
                    DfVersion        **version_out,
                    DfVersionChapter **held_out,
                    GError           **error)
{
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 project_id = 0;

  if (!_df_query_int64 (store, "SELECT project_id FROM versions WHERE id = ?1", version_id,
                        _("No such version"), &project_id, error) ||
      (*version_out = df_version_get (store, project_id, version_id, error)) == NULL ||
      (chapters = df_version_chapters (store, version_id, TRUE, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < chapters->len; i++)
    if (((DfVersionChapter *) chapters->pdata[i])->chapter_id == chapter_id)
      {
        *held_out = g_ptr_array_steal_index (chapters, i);
        return TRUE;
      }
  g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
               _("The version “%s” does not hold this chapter: it was written after the version was saved"),
               (*version_out)->name);
  return FALSE;
}

gboolean
df_version_restore_chapter (DfStore  *store,
                            gint64    version_id,
                            gint64    chapter_id,
                            gint64   *chapter_id_out,
                            GError  **error)
{
  g_autoptr(DfVersion) version = NULL;
  g_autoptr(DfVersionChapter) held = NULL;
  gboolean recreated;
  gint64 restored_id;
  gboolean ok;

  if (!version_of_chapter (store, version_id, chapter_id, &version, &held, error))
    return FALSE;
  if (!df_store_begin (store, error))
    return FALSE;
  ok = restore_one (store, version->project_id, held, &restored_id, &recreated, error);
  if (!df_store_end (store, ok, error))
    return FALSE;
  if (chapter_id_out != NULL)
    *chapter_id_out = restored_id;
  return TRUE;
}

gboolean
df_version_restore (DfStore  *store,
                    gint64    version_id,
                    gint64   *undo_version_out,
                    guint    *restored_out,
                    guint    *recreated_out,
                    GError  **error)
{
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(DfVersion) version = NULL;
  g_autoptr(DfVersion) before = NULL;
  g_autofree char *before_name = NULL;
  gint64 project_id = 0;
  guint restored = 0;
  guint recreated = 0;
  gboolean ok = TRUE;

  if (!_df_query_int64 (store, "SELECT project_id FROM versions WHERE id = ?1", version_id,
                        _("No such version"), &project_id, error) ||
      (version = df_version_get (store, project_id, version_id, error)) == NULL ||
      (chapters = df_version_chapters (store, version_id, TRUE, error)) == NULL)
    return FALSE;

  if (!df_store_begin (store, error))
    return FALSE;
  /* C_: a version's name, saved before a restore; keep it short */
  before_name = g_strdup_printf (_("Before restoring “%s”"), version->name);
  if (g_utf8_strlen (before_name, -1) > DF_VERSION_NAME_MAX_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (before_name, 0, DF_VERSION_NAME_MAX_CHARS - 1);
      g_free (before_name);
      before_name = g_strconcat (cut, "…", NULL);
    }
  before = df_version_save (store, project_id, before_name, error);
  ok = before != NULL;
  for (guint i = 0; ok && i < chapters->len; i++)
    {
      const DfVersionChapter *held = chapters->pdata[i];
      gboolean came_back;
      gint64 id;

      if (!held->changed)
        continue;
      ok = restore_one (store, project_id, held, &id, &came_back, error);
      restored++;
      recreated += came_back;
    }
  if (!df_store_end (store, ok, error))
    return FALSE;
  if (undo_version_out != NULL)
    *undo_version_out = before->id;
  if (restored_out != NULL)
    *restored_out = restored;
  if (recreated_out != NULL)
    *recreated_out = recreated;
  return TRUE;
}

gboolean
df_version_delete (DfStore  *store,
                   gint64    version_id,
                   GError  **error)
{
  gboolean ok;

  if (!df_store_begin (store, error))
    return FALSE;
  ok = _df_update_one (store, "DELETE FROM versions WHERE id = ?1 AND ?2 IS NULL", version_id, NULL,
                       _("version"), error) &&
       df_store_exec (store,
                      "DELETE FROM version_texts WHERE hash NOT IN (SELECT hash FROM version_chapters)", error);
  return df_store_end (store, ok, error);
}
