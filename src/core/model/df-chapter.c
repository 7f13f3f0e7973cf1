/* df-chapter.c: chapters, their text and its saving
 *
 * Book order and moves are in df-chapter-order.c, parts in df-part.c,
 * earlier versions and the texts of deleted chapters in df-revision.c;
 * bringing a deleted chapter back is here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "df-codex.h"
#include "df-planning.h"
#include "df-project-import.h"
#include "df-model-private.h"
#include "df-search-private.h"
#include "df-text.h"

/* The last column, the text, is read by df_chapter_get and its kin:
 * listings leave it out (chapter_list_record). */
static const DfColumn chapter_columns[] = {
  { "c.id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfChapter, id) },
  { "c.project_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfChapter, project_id) },
  { "coalesce(c.part_id, 0)", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfChapter, part_id) },
  { "c.number", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfChapter, number) },
  { "c.title", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfChapter, title) },
  { "c.slug", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfChapter, slug) },
  { "c.kind", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfChapter, kind) },
  { "c.content_hash", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfChapter, content_hash) },
  { "c.prerequisites", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfChapter, prerequisites) },
  { "coalesce(c.estimated_minutes, 0)", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfChapter, estimated_minutes) },
  { "c.words", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfChapter, words) },
  { "c.created_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfChapter, created_at) },
  { "c.updated_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfChapter, updated_at) },
  { "c.status", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfChapter, status) },
  { "c.synopsis", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfChapter, synopsis) },
  { "c.notes", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfChapter, notes) },
  { "c.word_target", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfChapter, word_target) },
  { "coalesce ((SELECT e.id FROM codex_entries e WHERE e.id = c.pov_entry_id AND e.deleted_at IS NULL), 0)",
    DF_COLUMN_INT64, G_STRUCT_OFFSET (DfChapter, pov_entry_id) },
  { "(SELECT e.name FROM codex_entries e WHERE e.id = c.pov_entry_id AND e.deleted_at IS NULL)",
    DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfChapter, pov) },
  { "c.content_md", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfChapter, content_md) },
};

static const DfRecordType chapter_record = {
  sizeof (DfChapter), chapter_columns, G_N_ELEMENTS (chapter_columns), (GDestroyNotify) df_chapter_free,
};

/* What the sidebar shows of each chapter: the columns of the index
 * chapters_listing, so that a listing reads only that index. */
static const DfColumn chapter_brief_columns[] = {
  { "c.id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfChapter, id) },
  { "c.project_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfChapter, project_id) },
  { "coalesce(c.part_id, 0)", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfChapter, part_id) },
  { "c.number", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfChapter, number) },
  { "c.title", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfChapter, title) },
  { "c.kind", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfChapter, kind) },
  { "c.status", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfChapter, status) },
  { "c.synopsis", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfChapter, synopsis) },
  { "c.words", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfChapter, words) },
  { "c.word_target", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfChapter, word_target) },
};

static const DfRecordType chapter_brief_record = {
  sizeof (DfChapter), chapter_brief_columns, G_N_ELEMENTS (chapter_brief_columns), (GDestroyNotify) df_chapter_free,
};

static const DfRecordType chapter_list_record = {
  sizeof (DfChapter), chapter_columns, G_N_ELEMENTS (chapter_columns) - 1, (GDestroyNotify) df_chapter_free,
};

void
df_chapter_free (DfChapter *chapter)
{
  _df_record_free (&chapter_record, chapter);
}

static gboolean
check_text (const char  *content_md,
            GError     **error)
{
  if (!g_utf8_validate (content_md, -1, NULL))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("chapter text must be valid UTF-8"));
      return FALSE;
    }
  return TRUE;
}

/* The statements that add a chapter: prepared for each df_chapter_add,
 * once for all the chapters of an import (DfChapterAppender). */
typedef struct
{
  sqlite3_stmt *next_number;
  sqlite3_stmt *shift;
  sqlite3_stmt *insert;
} AddStatements;

static void
add_statements_clear (AddStatements *s)
{
  g_clear_pointer (&s->next_number, sqlite3_finalize);
  g_clear_pointer (&s->shift, sqlite3_finalize);
  g_clear_pointer (&s->insert, sqlite3_finalize);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AddStatements, add_statements_clear)

static gboolean
add_statements_prepare (DfStore        *store,
                        AddStatements  *s,
                        GError        **error)
{
  /* The end of the part, or of the book for an empty part or none. */
  s->next_number = df_store_prepare (store,
                                     "SELECT coalesce((SELECT max(number) FROM chapters WHERE project_id = ?1 AND part_id = ?2),"
                                     "                (SELECT max(number) FROM chapters WHERE project_id = ?1), 0) + 1",
                                     error);
  if (s->next_number == NULL)
    return FALSE;
  s->shift = df_store_prepare (store,
                               "UPDATE chapters SET number = number + 1 WHERE project_id = ?1 AND number >= ?2",
                               error);
  if (s->shift == NULL)
    return FALSE;
  s->insert = df_store_prepare (store,
                                /* A new id is never one a deleted chapter had: its
                                 * revisions stay its own (the table has no
                                 * AUTOINCREMENT, so SQLite would reuse the largest). */
                                "INSERT INTO chapters (id, project_id, part_id, number, title, slug, content_md,"
                                " content_hash, words, created_at, updated_at, written_by)"
                                " VALUES ((SELECT max (m) + 1 FROM (SELECT coalesce (max (id), 0) AS m FROM chapters"
                                "          UNION ALL SELECT coalesce (max (chapter_id), 0) FROM chapter_revisions)),"
                                "         ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)", error);
  return s->insert != NULL;
}

/* The number of a new chapter at the end of @part_id, or of the book for
 * an empty part or none; the chapters from there on move down one. */
static gboolean
make_room_at_end (DfStore        *store,
                  AddStatements  *s,
                  gint64          project_id,
                  gint64          part_id,
                  gint64         *number,
                  GError        **error)
{
  gboolean found;

  sqlite3_reset (s->next_number);
  sqlite3_bind_int64 (s->next_number, 1, project_id);
  _df_bind_id (s->next_number, 2, part_id);
  if (!_df_step_one (store, s->next_number, &found, error))
    return FALSE;
  *number = found ? sqlite3_column_int64 (s->next_number, 0) : 1;
  sqlite3_reset (s->next_number);

  sqlite3_bind_int64 (s->shift, 1, project_id);
  sqlite3_bind_int64 (s->shift, 2, *number);
  return df_store_step_done (store, s->shift, error);
}

static gboolean
insert_chapter (DfStore        *store,
                AddStatements  *s,
                gint64          project_id,
                gint64          part_id,
                gint64          number,
                const char     *title,
                const char     *content_md,
                gint64         *id,
                GError        **error)
{
  g_autofree char *slug = df_slugify (title);
  g_autofree char *hash = df_sha256_hex (content_md, -1);
  g_autofree char *now = df_now_iso8601 ();
  g_autofree char *writer = _df_writer_name ();
  sqlite3_stmt *stmt = s->insert;

  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_id (stmt, 2, part_id);
  sqlite3_bind_int64 (stmt, 3, number);
  _df_bind_text (stmt, 4, title);
  _df_bind_text (stmt, 5, slug);
  sqlite3_bind_text (stmt, 6, content_md, -1, SQLITE_STATIC);
  _df_bind_text (stmt, 7, hash);
  sqlite3_bind_int64 (stmt, 8, df_text_count_words (content_md, -1));
  _df_bind_text (stmt, 9, now);
  _df_bind_text (stmt, 10, writer);
  if (!df_store_step_done (store, stmt, error))
    {
      sqlite3_clear_bindings (stmt);
      return FALSE;
    }
  /* The text was bound without a copy. */
  sqlite3_clear_bindings (stmt);

  *id = df_store_last_insert_id (store);
  /* A new chapter's text may name the codex's entries. */
  return content_md[0] == '\0' || df_codex_index_chapter (store, project_id, *id, content_md, error);
}

/* Checks @title and @content_md; the trimmed title. */
static char *
check_new_chapter (const char  *title,
                   const char  *content_md,
                   GError     **error)
{
  if (!df_validate_text (_("chapter title"), title, 200, error) ||
      !check_text (content_md, error))
    return NULL;
  return g_strstrip (g_strdup (title));
}

/* Adds a chapter at the end of @part_id with the statements @s, in a
 * transaction of its own: checks first that the part is the project's
 * when @check_part, and marks the project edited when @touch. */
static gboolean
add_chapter (DfStore        *store,
             AddStatements  *s,
             gint64          project_id,
             gint64          part_id,
             gboolean        check_part,
             const char     *title,
             const char     *content_md,
             gboolean        touch,
             gint64         *id,
             GError        **error)
{
  g_autofree char *trimmed = NULL;
  gint64 number;
  gboolean ok;

  if (content_md == NULL)
    content_md = "";
  if ((trimmed = check_new_chapter (title, content_md, error)) == NULL)
    return FALSE;

  if (!df_store_begin (store, error))
    return FALSE;

  ok = (!check_part || _df_part_check (store, project_id, part_id, NULL, error)) &&
       make_room_at_end (store, s, project_id, part_id, &number, error) &&
       insert_chapter (store, s, project_id, part_id, number, trimmed, content_md, id, error) &&
       (!touch || _df_project_touch (store, project_id, error));
  return df_store_end (store, ok, error);
}

DfChapter *
df_chapter_add (DfStore     *store,
                gint64       project_id,
                gint64       part_id,
                const char  *title,
                const char  *content_md,
                GError     **error)
{
  g_auto(AddStatements) s = { 0 };
  gint64 id;

  if (!add_statements_prepare (store, &s, error) ||
      !add_chapter (store, &s, project_id, part_id, TRUE, title, content_md, TRUE, &id, error))
    return NULL;

  return df_chapter_get (store, id, error);
}

/* ---- many chapters, for an import (df-project-import.h) ---------------- */

struct _DfChapterAppender
{
  DfStore       *store;
  gint64         project_id;
  gint64         checked_part;
  AddStatements  s;
};

DfChapterAppender *
df_chapter_appender_new (DfStore  *store,
                         gint64    project_id,
                         GError  **error)
{
  g_autoptr(DfChapterAppender) self = g_new0 (DfChapterAppender, 1);

  self->store = g_object_ref (store);
  self->project_id = project_id;
  if (!add_statements_prepare (store, &self->s, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
df_chapter_appender_free (DfChapterAppender *self)
{
  if (self == NULL)
    return;
  add_statements_clear (&self->s);
  g_clear_object (&self->store);
  g_free (self);
}

gboolean
df_chapter_appender_add (DfChapterAppender  *self,
                         gint64              part_id,
                         const char         *title,
                         const char         *content_md,
                         gint64             *id,
                         GError            **error)
{
  /* The chapters of a part come one after another: check it once. */
  if (!add_chapter (self->store, &self->s, self->project_id, part_id, part_id != self->checked_part,
                    title, content_md, FALSE, id, error))
    return FALSE;

  self->checked_part = part_id;
  return TRUE;
}

/* ---- chapters right after another (df-model-private.h) ----------------- */

static gboolean
set_kind_and_status (DfStore     *store,
                     gint64       id,
                     const char  *kind,
                     const char  *status,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = df_store_prepare (store, "UPDATE chapters SET kind = ?2, status = ?3 WHERE id = ?1",
                                                   error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  _df_bind_text (stmt, 2, kind);
  _df_bind_text (stmt, 3, status);
  return df_store_step_done (store, stmt, error);
}

gboolean
_df_chapters_insert_after (DfStore            *store,
                           const DfChapter    *after,
                           const char * const *titles,
                           const char * const *texts,
                           guint               n,
                           const char         *kind,
                           GError            **error)
{
  g_auto(AddStatements) s = { 0 };
  g_autoptr(sqlite3_stmt) shift = NULL;
  gboolean ok;

  if (!add_statements_prepare (store, &s, error) ||
      (shift = df_store_prepare (store, "UPDATE chapters SET number = number + ?3 WHERE project_id = ?1 AND number > ?2",
                                 error)) == NULL ||
      !df_store_begin (store, error))
    return FALSE;
  sqlite3_bind_int64 (shift, 1, after->project_id);
  sqlite3_bind_int64 (shift, 2, after->number);
  sqlite3_bind_int64 (shift, 3, n);
  ok = df_store_step_done (store, shift, error);
  for (guint i = 0; ok && i < n; i++)
    {
      g_autofree char *title = NULL;
      gint64 id;

      ok = (title = check_new_chapter (titles[i], texts[i], error)) != NULL &&
           insert_chapter (store, &s, after->project_id, after->part_id, after->number + 1 + i, title, texts[i],
                           &id, error) &&
           set_kind_and_status (store, id, kind, after->status, error);
    }
  ok = ok && _df_project_touch (store, after->project_id, error);
  return df_store_end (store, ok, error);
}

GPtrArray *
df_chapter_list (DfStore  *store,
                 gint64    project_id,
                 GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _df_record_prepare (store, &chapter_list_record,
                             "FROM chapters c WHERE c.project_id = ?1 ORDER BY c.number, c.id", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, project_id);
  return _df_record_list (store, stmt, &chapter_list_record, NULL, error);
}

GPtrArray *
df_chapter_list_brief (DfStore  *store,
                       gint64    project_id,
                       GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _df_record_prepare (store, &chapter_brief_record,
                             "FROM chapters c WHERE c.project_id = ?1 ORDER BY c.number, c.id", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, project_id);
  return _df_record_list (store, stmt, &chapter_brief_record, NULL, error);
}

/* The chapter, with its text, that "SELECT ... @rest" finds with
 * ?1 = @a and ?2 = @b. */
static DfChapter *
chapter_find (DfStore     *store,
              const char  *rest,
              gint64       a,
              gint64       b,
              const char  *not_found,
              GError     **error)
{
  DfChapter *chapter = _df_record_find (store, &chapter_record, rest, a, b, not_found, error);

  if (chapter != NULL && chapter->content_md == NULL)
    chapter->content_md = g_strdup ("");
  return chapter;
}

DfChapter *
df_chapter_get (DfStore  *store,
                gint64    chapter_id,
                GError  **error)
{
  g_autofree char *missing = g_strdup_printf (_("No such chapter (id %" PRId64 ")"), chapter_id);

  return chapter_find (store, "FROM chapters c WHERE c.id = ?1", chapter_id, 0, missing, error);
}

DfChapter *
df_chapter_get_by_number (DfStore  *store,
                          gint64    project_id,
                          gint64    number,
                          GError  **error)
{
  g_autofree char *missing = g_strdup_printf (_("No chapter %" PRId64 " in this project; see the chapter list"),
                                              number);

  return chapter_find (store, "FROM chapters c WHERE c.project_id = ?1 AND c.number = ?2",
                       project_id, number, missing, error);
}

gboolean
df_chapter_rename (DfStore     *store,
                   gint64       chapter_id,
                   const char  *title,
                   GError     **error)
{
  g_autofree char *trimmed = NULL;

  if (!df_validate_text (_("chapter title"), title, 200, error))
    return FALSE;

  trimmed = g_strstrip (g_strdup (title));
  return _df_update_one (store,
                         "UPDATE chapters SET title = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1",
                         chapter_id, trimmed, _("chapter"), error);
}

gboolean
df_chapter_set_field (DfStore     *store,
                      gint64       chapter_id,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  const char *sql;
  g_autofree char *normalized = NULL;

  if (g_strcmp0 (key, "kind") == 0)
    {
      if (!df_validate_enum ("kind", value, df_chapter_kinds, error))
        return FALSE;
      sql = "UPDATE chapters SET kind = ?2 WHERE id = ?1";
    }
  else if (g_strcmp0 (key, "slug") == 0)
    {
      if (!df_validate_slug (value, error))
        return FALSE;
      sql = "UPDATE chapters SET slug = ?2 WHERE id = ?1";
    }
  else if (g_strcmp0 (key, "prerequisites") == 0)
    {
      g_autoptr(JsonNode) node = json_from_string (value ? value : "", NULL);

      if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
        {
          g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                       _("prerequisites must be a JSON array, such as [\"ch01\", \"ch02\"]"));
          return FALSE;
        }
      sql = "UPDATE chapters SET prerequisites = ?2 WHERE id = ?1";
    }
  else if (g_strcmp0 (key, "estimated_minutes") == 0)
    {
      gint64 n;
      if (value != NULL && *value != '\0')
        {
          if (!_df_parse_count ("estimated_minutes", value, 0, 100000, &n, error))
            return FALSE;
          normalized = g_strdup_printf ("%" PRId64, n);
        }
      value = normalized;
      sql = "UPDATE chapters SET estimated_minutes = CAST(?2 AS INTEGER) WHERE id = ?1";
    }
  else if (_df_planning_is_field (key))
    return _df_planning_set_field (store, chapter_id, key, value, error);
  else
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Unknown chapter field “%s”; use one of kind, slug, prerequisites, estimated_minutes, "
                     "status, synopsis, notes, word_target, pov"),
                   key ? key : "");
      return FALSE;
    }

  return _df_update_one (store, sql, chapter_id, value, _("chapter"), error);
}

void
df_save_outcome_clear (DfSaveOutcome *outcome)
{
  g_clear_pointer (&outcome->hash, g_free);
  memset (outcome, 0, sizeof *outcome);
}

/* Whether chapter @chapter_id's text was written by another program
 * than this one (one whose name is known: texts from before schema 5
 * have none). */
static gboolean
written_by_another (DfStore  *store,
                    gint64    chapter_id,
                    gboolean *another,
                    GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *me = _df_writer_name ();
  const char *writer;
  gboolean found;

  *another = FALSE;
  stmt = df_store_prepare (store, "SELECT written_by FROM chapters WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, chapter_id);
  if (!_df_step_one (store, stmt, &found, error))
    return FALSE;
  writer = found ? (const char *) sqlite3_column_text (stmt, 0) : NULL;
  *another = writer != NULL && g_strcmp0 (writer, me) != 0;
  return TRUE;
}

/* Keeps @old's text as a revision: a "conflict", which thinning keeps
 * until seen, when the writer had not seen it: it is not the text the
 * writer last saw (@base_hash), or the writer gave no base and the text
 * is another program's (the command line's `chapter write` over what
 * the window saved: no later text of that program grew from it). */
static gboolean
keep_replaced_text (DfStore          *store,
                    const DfChapter  *old,
                    const char       *base_hash,
                    gint64           *conflict_revision_id,
                    GError          **error)
{
  gboolean conflict = base_hash != NULL && g_strcmp0 (old->content_hash, base_hash) != 0;

  *conflict_revision_id = 0;
  if (base_hash == NULL && !written_by_another (store, old->id, &conflict, error))
    return FALSE;

  /* An empty text is worth no revision, unless it is what arrived. */
  if (!conflict && old->content_md[0] == '\0')
    return TRUE;

  return _df_revision_add (store, old->id, old->project_id, old->title, old->content_md, old->content_hash,
                           conflict ? "conflict" : "save", conflict ? conflict_revision_id : NULL, error) &&
         _df_revisions_thin (store, old->id, NULL, error);
}

/* A conflict revision of @chapter_id holding this program's own text
 * @base_hash, which another program had replaced without seeing it, is
 * no longer waiting for the user once this program saves a text grown
 * from it: it thins as any other revision from now on. */
static gboolean
settle_own_conflict (DfStore     *store,
                     gint64       chapter_id,
                     const char  *base_hash,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *me = _df_writer_name ();
  g_autofree char *now = df_now_iso8601 ();

  if (base_hash == NULL)
    return TRUE;
  stmt = df_store_prepare (store,
                           "UPDATE chapter_revisions SET seen_at = ?4 WHERE chapter_id = ?1 AND kind = 'conflict'"
                           " AND seen_at IS NULL AND content_hash = ?2 AND origin = ?3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, chapter_id);
  _df_bind_text (stmt, 2, base_hash);
  _df_bind_text (stmt, 3, me);
  _df_bind_text (stmt, 4, now);
  return df_store_step_done (store, stmt, error);
}

/* The words the writer had before its edits, to count the words it wrote
 * today: the chapter's, or after a conflict those of the text it was
 * based on (kept as a revision when the other text replaced it). */
static gboolean
base_words (DfStore          *store,
            const DfChapter  *old,
            const char       *base_hash,
            gint64            conflict_id,
            gint64           *words,
            GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean found;

  *words = old->words;
  if (conflict_id == 0)
    return TRUE;

  stmt = df_store_prepare (store,
                           "SELECT content_md FROM chapter_revisions WHERE chapter_id = ?1 AND content_hash = ?2"
                           " ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, old->id);
  _df_bind_text (stmt, 2, base_hash);
  if (!_df_step_one (store, stmt, &found, error))
    return FALSE;
  if (found)
    *words = df_text_count_words ((const char *) sqlite3_column_text (stmt, 0), -1);
  return TRUE;
}

/* The words of @content_md, replacing @old's text: a large chapter's
 * counted again only where the text changed. */
static gint64
count_words (const DfChapter *old,
             const char      *content_md)
{
  gsize old_len = strlen (old->content_md);

  if (old_len <= DF_SEARCH_SEGMENT_MIN)
    return df_text_count_words (content_md, -1);
  return df_text_count_words_changed (old->content_md, old_len, old->words, content_md, strlen (content_md));
}

static gboolean
write_content (DfStore     *store,
               gint64       chapter_id,
               const char  *content_md,
               const char  *hash,
               gint64       words,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *writer = _df_writer_name ();

  stmt = df_store_prepare (store,
                           "UPDATE chapters SET content_md = ?2, content_hash = ?3, words = ?4, written_by = ?5,"
                           " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, chapter_id);
  sqlite3_bind_text (stmt, 2, content_md, -1, SQLITE_STATIC);
  _df_bind_text (stmt, 3, hash);
  sqlite3_bind_int64 (stmt, 4, words);
  _df_bind_text (stmt, 5, writer);
  return df_store_step_done (store, stmt, error);
}

gboolean
df_chapter_save_merging (DfStore        *store,
                         gint64          chapter_id,
                         const char     *content_md,
                         const char     *base_hash,
                         DfSaveOutcome  *outcome,
                         GError        **error)
{
  g_autoptr(DfChapter) old = NULL;
  g_autofree char *hash = NULL;
  gint64 words, before, conflict_id = 0;
  gboolean written, ok;

  g_return_val_if_fail (content_md != NULL, FALSE);

  if (!check_text (content_md, error))
    return FALSE;

  hash = df_sha256_hex (content_md, -1);

  if (!df_store_begin (store, error))
    return FALSE;

  ok = (old = df_chapter_get (store, chapter_id, error)) != NULL;
  words = ok ? count_words (old, content_md) : 0;
  /* The same text, whoever wrote it: nothing to keep, nothing to write. */
  written = ok && (g_strcmp0 (old->content_hash, hash) != 0 || g_strcmp0 (old->content_md, content_md) != 0);
  if (written)
    ok = keep_replaced_text (store, old, base_hash, &conflict_id, error) &&
         base_words (store, old, base_hash, conflict_id, &before, error) &&
         _df_search_index_text (store, old->project_id, chapter_id, old->content_md, content_md, error) &&
         write_content (store, chapter_id, content_md, hash, words, error) &&
         df_codex_index_chapter (store, old->project_id, chapter_id, content_md, error) &&
         settle_own_conflict (store, chapter_id, base_hash, error) &&
         _df_stats_note_save (store, old->project_id, words - before, error) &&
         _df_project_touch (store, old->project_id, error) &&
         /* A save is writing: the running session counts the time. */
         df_writing_session_touch (store, old->project_id, df_writing_session_now (), error);
  if (!df_store_end (store, ok, error))
    return FALSE;

  if (outcome != NULL)
    {
      outcome->hash = g_steal_pointer (&hash);
      outcome->words = words;
      outcome->written = written;
      outcome->conflict_revision_id = conflict_id;
    }
  return TRUE;
}

gboolean
df_chapter_save_content (DfStore     *store,
                         gint64       chapter_id,
                         const char  *content_md,
                         GError     **error)
{
  return df_chapter_save_merging (store, chapter_id, content_md, NULL, NULL, error);
}

char *
df_chapter_dup_hash (DfStore  *store,
                     gint64    chapter_id,
                     GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *missing = g_strdup_printf (_("No such chapter (id %" PRId64 ")"), chapter_id);

  stmt = df_store_prepare (store, "SELECT coalesce (content_hash, '') FROM chapters WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, chapter_id);
  if (!_df_step_row (store, stmt, missing, error))
    return NULL;
  return _df_col_text (stmt, 0);
}

gboolean
df_chapter_delete (DfStore  *store,
                   gint64    chapter_id,
                   GError  **error)
{
  g_autoptr(DfChapter) chapter = NULL;
  gboolean ok;

  if (!df_store_begin (store, error))
    return FALSE;

  ok = (chapter = df_chapter_get (store, chapter_id, error)) != NULL &&
       _df_revision_add (store, chapter->id, chapter->project_id, chapter->title,
                         chapter->content_md, chapter->content_hash, "save", NULL, error) &&
       _df_update_one (store, "DELETE FROM chapters WHERE id = ?1", chapter_id, NULL, _("chapter"), error) &&
       _df_project_renumber (store, chapter->project_id, error) &&
       _df_stats_note_save (store, chapter->project_id, 0, error) &&
       _df_project_touch (store, chapter->project_id, error);
  return df_store_end (store, ok, error);
}

DfChapter *
df_chapter_undelete (DfStore  *store,
                     gint64    revision_id,
                     GError  **error)
{
  g_autoptr(DfRevision) revision = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  gint64 project_id;
  gboolean ok;

  if (!df_store_begin (store, error))
    return NULL;

  ok = (revision = _df_revision_get_deleted (store, revision_id, &project_id, error)) != NULL &&
       (chapter = df_chapter_add (store, project_id, 0, revision->title, revision->content_md, error)) != NULL &&
       _df_revisions_move (store, revision->chapter_id, chapter->id, error);
  if (!df_store_end (store, ok, error))
    return NULL;

  return g_steal_pointer (&chapter);
}
