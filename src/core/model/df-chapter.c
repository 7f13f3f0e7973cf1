/* df-chapter.c: parts, chapters, their revisions, and imported images
 *
 * Book order is chapters.number, 1..n across the project.  A part is the
 * run of chapters that name it; parts.number follows the order in which
 * parts first appear, and empty parts keep their place after the part
 * before them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "df-model-private.h"
#include "df-text.h"

#define CHAPTER_COLUMNS \
  "c.id, c.project_id, coalesce(c.part_id, 0), c.number, c.title, c.slug, c.kind," \
  " c.content_hash, c.prerequisites, coalesce(c.estimated_minutes, 0), c.words," \
  " c.created_at, c.updated_at"

/* ---- parts ----------------------------------------------------------- */

void
df_part_free (DfPart *part)
{
  if (part == NULL)
    return;
  g_free (part->title);
  g_free (part->description);
  g_free (part->layer);
  g_free (part->tier);
  g_free (part);
}

static DfPart *
part_from_row (sqlite3_stmt *stmt)
{
  DfPart *part = g_new0 (DfPart, 1);

  part->id = sqlite3_column_int64 (stmt, 0);
  part->project_id = sqlite3_column_int64 (stmt, 1);
  part->number = sqlite3_column_int64 (stmt, 2);
  part->title = _df_col_text (stmt, 3);
  part->description = _df_col_text (stmt, 4);
  part->layer = _df_col_text (stmt, 5);
  part->tier = _df_col_text (stmt, 6);
  part->week_start = sqlite3_column_int64 (stmt, 7);
  part->week_end = sqlite3_column_int64 (stmt, 8);

  return part;
}

#define PART_COLUMNS \
  "id, project_id, number, title, description, layer, tier," \
  " coalesce(week_start, 0), coalesce(week_end, 0)"

static DfPart *
part_get (DfStore  *store,
          gint64    part_id,
          GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = df_store_prepare (store, "SELECT " PART_COLUMNS " FROM parts WHERE id = ?1", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, part_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND, _("No such part (id %" PRId64 ")"), part_id);
      return NULL;
    }
  return part_from_row (stmt);
}

DfPart *
df_part_add (DfStore     *store,
             gint64       project_id,
             const char  *title,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *now = NULL;
  gint64 id;

  if (!df_validate_text (_("part title"), title, 200, error))
    return NULL;

  trimmed = g_strstrip (g_strdup (title));
  now = df_now_iso8601 ();

  if (!df_store_begin (store, error))
    return NULL;

  stmt = df_store_prepare (store,
                           "INSERT INTO parts (project_id, number, title, created_at, updated_at)"
                           " SELECT ?1, coalesce(max(number), 0) + 1, ?2, ?3, ?3 FROM parts WHERE project_id = ?1",
                           error);
  if (stmt == NULL)
    goto fail;

  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, trimmed);
  _df_bind_text (stmt, 3, now);
  if (!df_store_step_done (store, stmt, error))
    goto fail;
  id = df_store_last_insert_id (store);

  if (!_df_project_touch (store, project_id, error) || !df_store_commit (store, error))
    goto fail;

  return part_get (store, id, error);

fail:
  df_store_rollback (store);
  return NULL;
}

GPtrArray *
df_part_list (DfStore  *store,
              gint64    project_id,
              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)df_part_free);

  stmt = df_store_prepare (store,
                           "SELECT " PART_COLUMNS " FROM parts WHERE project_id = ?1 ORDER BY number, id",
                           error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, project_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (list, part_from_row (stmt));

  return g_steal_pointer (&list);
}

DfPart *
df_part_get_by_number (DfStore  *store,
                       gint64    project_id,
                       gint64    number,
                       GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store,
                           "SELECT " PART_COLUMNS " FROM parts WHERE project_id = ?1 AND number = ?2",
                           error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, project_id);
  sqlite3_bind_int64 (stmt, 2, number);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                   _("No part %" PRId64 " in this project"), number);
      return NULL;
    }

  return part_from_row (stmt);
}

gboolean
df_part_rename (DfStore     *store,
                gint64       part_id,
                const char  *title,
                GError     **error)
{
  g_autofree char *trimmed = NULL;

  if (!df_validate_text (_("part title"), title, 200, error))
    return FALSE;

  trimmed = g_strstrip (g_strdup (title));
  return _df_update_one (store,
                         "UPDATE parts SET title = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1",
                         part_id, trimmed, _("part"), error);
}

gboolean
df_part_set_field (DfStore     *store,
                   gint64       part_id,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  const char *sql;
  g_autofree char *normalized = NULL;
  gboolean empty = value == NULL || *value == '\0';

  if (g_strcmp0 (key, "description") == 0)
    sql = "UPDATE parts SET description = ?2 WHERE id = ?1";
  else if (g_strcmp0 (key, "layer") == 0)
    {
      if (!empty && !df_validate_enum ("layer", value, df_part_layers, error))
        return FALSE;
      sql = "UPDATE parts SET layer = ?2 WHERE id = ?1";
    }
  else if (g_strcmp0 (key, "tier") == 0)
    {
      if (!empty && !df_validate_enum ("tier", value, df_part_tiers, error))
        return FALSE;
      sql = "UPDATE parts SET tier = ?2 WHERE id = ?1";
    }
  else if (g_strcmp0 (key, "week_start") == 0 || g_strcmp0 (key, "week_end") == 0)
    {
      gint64 n;

      if (!empty)
        {
          if (!_df_parse_count (key, value, 1, 1000, &n, error))
            return FALSE;
          normalized = g_strdup_printf ("%" PRId64, n);
        }
      sql = g_str_equal (key, "week_start")
        ? "UPDATE parts SET week_start = CAST(?2 AS INTEGER) WHERE id = ?1"
        : "UPDATE parts SET week_end = CAST(?2 AS INTEGER) WHERE id = ?1";
      value = normalized;
    }
  else
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Unknown part field “%s”; use one of description, layer, tier, week_start, week_end"),
                   key ? key : "");
      return FALSE;
    }

  if (empty)
    value = NULL;

  if (!_df_update_one (store, sql, part_id, value, _("part"), error))
    {
      if (error && *error && (*error)->code == DF_ERROR_INVALID && g_str_has_prefix (key, "week"))
        g_prefix_error (error, _("week_end must not come before week_start: "));
      return FALSE;
    }

  return TRUE;
}

gboolean
df_part_delete (DfStore  *store,
                gint64    part_id,
                GError  **error)
{
  g_autoptr(DfPart) part = NULL;

  if (!df_store_begin (store, error))
    return FALSE;

  if ((part = part_get (store, part_id, error)) == NULL ||
      !_df_update_one (store, "DELETE FROM parts WHERE id = ?1", part_id, NULL, _("part"), error) ||
      !_df_project_renumber (store, part->project_id, error) ||
      !_df_project_touch (store, part->project_id, error) ||
      !df_store_commit (store, error))
    {
      df_store_rollback (store);
      return FALSE;
    }

  return TRUE;
}

/* ---- ordering -------------------------------------------------------- */

typedef struct
{
  gint64 id;
  gint64 part_id;
  gint64 number;
} Slot;

static GArray *
load_order (DfStore  *store,
            gint64    project_id,
            GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) slots = g_array_new (FALSE, FALSE, sizeof (Slot));

  stmt = df_store_prepare (store,
                           "SELECT id, coalesce(part_id, 0), number FROM chapters"
                           " WHERE project_id = ?1 ORDER BY number, id", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, project_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Slot slot = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 2) };
      g_array_append_val (slots, slot);
    }

  return g_steal_pointer (&slots);
}

/* Writes back numbers (and parts) that changed, then the part order. */
static gboolean
store_order (DfStore  *store,
             gint64    project_id,
             GArray   *slots,
             GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) parts_stmt = NULL;
  g_autoptr(sqlite3_stmt) update_part = NULL;
  g_autoptr(GArray) old_parts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) new_parts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);

  stmt = df_store_prepare (store,
                           "UPDATE chapters SET number = ?2, part_id = ?3"
                           " WHERE id = ?1 AND (number != ?2 OR coalesce(part_id, 0) != coalesce(?3, 0))",
                           error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < slots->len; i++)
    {
      Slot *slot = &g_array_index (slots, Slot, i);

      sqlite3_bind_int64 (stmt, 1, slot->id);
      sqlite3_bind_int64 (stmt, 2, i + 1);
      _df_bind_id (stmt, 3, slot->part_id);
      if (!df_store_step_done (store, stmt, error))
        return FALSE;
      slot->number = i + 1;

      if (slot->part_id > 0 && !g_hash_table_contains (seen, &slot->part_id))
        {
          g_hash_table_add (seen, &slot->part_id);
          g_array_append_val (new_parts, slot->part_id);
        }
    }

  /* Empty parts keep their place after the part before them. */
  parts_stmt = df_store_prepare (store, "SELECT id FROM parts WHERE project_id = ?1 ORDER BY number, id", error);
  if (parts_stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (parts_stmt, 1, project_id);
  while (sqlite3_step (parts_stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (parts_stmt, 0);
      g_array_append_val (old_parts, id);
    }

  for (guint i = 0; i < old_parts->len; i++)
    {
      gint64 id = g_array_index (old_parts, gint64, i);
      guint insert_at = 0;

      if (g_hash_table_contains (seen, &id))
        continue;

      /* After the previous part (in the old order) that is placed. */
      for (guint j = i; j > 0; j--)
        {
          gint64 prev = g_array_index (old_parts, gint64, j - 1);
          guint k;

          for (k = 0; k < new_parts->len; k++)
            if (g_array_index (new_parts, gint64, k) == prev)
              break;
          if (k < new_parts->len)
            {
              insert_at = k + 1;
              break;
            }
        }
      g_array_insert_val (new_parts, insert_at, id);
      g_hash_table_add (seen, &g_array_index (old_parts, gint64, i));
    }

  update_part = df_store_prepare (store, "UPDATE parts SET number = ?2 WHERE id = ?1 AND number != ?2", error);
  if (update_part == NULL)
    return FALSE;
  for (guint i = 0; i < new_parts->len; i++)
    {
      sqlite3_bind_int64 (update_part, 1, g_array_index (new_parts, gint64, i));
      sqlite3_bind_int64 (update_part, 2, i + 1);
      if (!df_store_step_done (store, update_part, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
_df_project_renumber (DfStore  *store,
                      gint64    project_id,
                      GError  **error)
{
  g_autoptr(GArray) slots = load_order (store, project_id, error);

  return slots != NULL && store_order (store, project_id, slots, error);
}

/* ---- chapters -------------------------------------------------------- */

void
df_chapter_free (DfChapter *chapter)
{
  if (chapter == NULL)
    return;
  g_free (chapter->title);
  g_free (chapter->slug);
  g_free (chapter->kind);
  g_free (chapter->content_md);
  g_free (chapter->content_hash);
  g_free (chapter->prerequisites);
  g_free (chapter->created_at);
  g_free (chapter->updated_at);
  g_free (chapter);
}

static DfChapter *
chapter_from_row (sqlite3_stmt *stmt)
{
  DfChapter *c = g_new0 (DfChapter, 1);

  c->id = sqlite3_column_int64 (stmt, 0);
  c->project_id = sqlite3_column_int64 (stmt, 1);
  c->part_id = sqlite3_column_int64 (stmt, 2);
  c->number = sqlite3_column_int64 (stmt, 3);
  c->title = _df_col_text (stmt, 4);
  c->slug = _df_col_text (stmt, 5);
  c->kind = _df_col_text (stmt, 6);
  c->content_hash = _df_col_text (stmt, 7);
  c->prerequisites = _df_col_text (stmt, 8);
  c->estimated_minutes = sqlite3_column_int64 (stmt, 9);
  c->words = sqlite3_column_int64 (stmt, 10);
  c->created_at = _df_col_text (stmt, 11);
  c->updated_at = _df_col_text (stmt, 12);

  return c;
}

DfChapter *
df_chapter_add (DfStore     *store,
                gint64       project_id,
                gint64       part_id,
                const char  *title,
                const char  *content_md,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *slug = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *now = NULL;
  gint64 number = 1;
  gint64 id;

  if (!df_validate_text (_("chapter title"), title, 200, error))
    return NULL;
  if (content_md == NULL)
    content_md = "";
  if (!g_utf8_validate (content_md, -1, NULL))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("chapter text must be valid UTF-8"));
      return NULL;
    }

  trimmed = g_strstrip (g_strdup (title));
  slug = df_slugify (trimmed);
  hash = df_sha256_hex (content_md, -1);
  now = df_now_iso8601 ();

  if (!df_store_begin (store, error))
    return NULL;

  if (part_id > 0)
    {
      g_autoptr(DfPart) part = part_get (store, part_id, error);

      if (part == NULL)
        goto fail;
      if (part->project_id != project_id)
        {
          g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("That part belongs to another project"));
          goto fail;
        }
    }

  /* At the end of the part, or of the book for an empty part or none. */
  stmt = df_store_prepare (store,
                           "SELECT coalesce((SELECT max(number) FROM chapters WHERE project_id = ?1 AND part_id = ?2),"
                           "                (SELECT max(number) FROM chapters WHERE project_id = ?1), 0) + 1",
                           error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_id (stmt, 2, part_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    number = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = df_store_prepare (store,
                           "UPDATE chapters SET number = number + 1 WHERE project_id = ?1 AND number >= ?2",
                           error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, project_id);
  sqlite3_bind_int64 (stmt, 2, number);
  if (!df_store_step_done (store, stmt, error))
    goto fail;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = df_store_prepare (store,
                           /* A new id is never one a deleted chapter had: its
                            * revisions stay its own (the table has no
                            * AUTOINCREMENT, so SQLite would reuse the largest). */
                           "INSERT INTO chapters (id, project_id, part_id, number, title, slug, content_md,"
                           " content_hash, words, created_at, updated_at)"
                           " VALUES ((SELECT max (m) + 1 FROM (SELECT coalesce (max (id), 0) AS m FROM chapters"
                           "          UNION ALL SELECT coalesce (max (chapter_id), 0) FROM chapter_revisions)),"
                           "         ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_id (stmt, 2, part_id);
  sqlite3_bind_int64 (stmt, 3, number);
  _df_bind_text (stmt, 4, trimmed);
  _df_bind_text (stmt, 5, slug);
  sqlite3_bind_text (stmt, 6, content_md, -1, SQLITE_STATIC);
  _df_bind_text (stmt, 7, hash);
  sqlite3_bind_int64 (stmt, 8, df_text_count_words (content_md, -1));
  _df_bind_text (stmt, 9, now);
  if (!df_store_step_done (store, stmt, error))
    goto fail;
  id = df_store_last_insert_id (store);

  if (!_df_project_touch (store, project_id, error) || !df_store_commit (store, error))
    goto fail;

  return df_chapter_get (store, id, error);

fail:
  df_store_rollback (store);
  return NULL;
}

GPtrArray *
df_chapter_list (DfStore  *store,
                 gint64    project_id,
                 GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)df_chapter_free);

  stmt = df_store_prepare (store,
                           "SELECT " CHAPTER_COLUMNS " FROM chapters c WHERE c.project_id = ?1 ORDER BY c.number, c.id",
                           error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, project_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (list, chapter_from_row (stmt));

  return g_steal_pointer (&list);
}

static DfChapter *
chapter_get_where (DfStore     *store,
                   const char  *where,
                   gint64       a,
                   gint64       b,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strconcat ("SELECT " CHAPTER_COLUMNS ", c.content_md FROM chapters c WHERE ", where, NULL);
  DfChapter *chapter;

  stmt = df_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, a);
  sqlite3_bind_int64 (stmt, 2, b);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  chapter = chapter_from_row (stmt);
  chapter->content_md = _df_col_text (stmt, 13);
  if (chapter->content_md == NULL)
    chapter->content_md = g_strdup ("");
  return chapter;
}

DfChapter *
df_chapter_get (DfStore  *store,
                gint64    chapter_id,
                GError  **error)
{
  GError *local_error = NULL;
  DfChapter *chapter = chapter_get_where (store, "c.id = ?1", chapter_id, 0, &local_error);

  if (chapter == NULL)
    {
      if (local_error)
        g_propagate_error (error, local_error);
      else
        g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                     _("No such chapter (id %" PRId64 ")"), chapter_id);
    }
  return chapter;
}

DfChapter *
df_chapter_get_by_number (DfStore  *store,
                          gint64    project_id,
                          gint64    number,
                          GError  **error)
{
  GError *local_error = NULL;
  DfChapter *chapter = chapter_get_where (store, "c.project_id = ?1 AND c.number = ?2",
                                          project_id, number, &local_error);

  if (chapter == NULL)
    {
      if (local_error)
        g_propagate_error (error, local_error);
      else
        g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                     _("No chapter %" PRId64 " in this project; see the chapter list"), number);
    }
  return chapter;
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
  else
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Unknown chapter field “%s”; use one of kind, slug, prerequisites, estimated_minutes"),
                   key ? key : "");
      return FALSE;
    }

  return _df_update_one (store, sql, chapter_id, value, _("chapter"), error);
}

static gboolean
add_revision (DfStore     *store,
              gint64       chapter_id,
              gint64       project_id,
              const char  *title,
              const char  *content,
              const char  *hash,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = df_now_iso8601 ();

  stmt = df_store_prepare (store,
                           "INSERT INTO chapter_revisions (chapter_id, project_id, title, content_md, content_hash, created_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, chapter_id);
  sqlite3_bind_int64 (stmt, 2, project_id);
  _df_bind_text (stmt, 3, title);
  sqlite3_bind_text (stmt, 4, content, -1, SQLITE_STATIC);
  _df_bind_text (stmt, 5, hash);
  _df_bind_text (stmt, 6, now);

  return df_store_step_done (store, stmt, error);
}

gboolean
_df_revisions_thin (DfStore     *store,
                    gint64       chapter_id,
                    const char  *now,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now_owned = now == NULL ? df_now_iso8601 () : NULL;

  stmt = df_store_prepare (store,
                           "DELETE FROM chapter_revisions WHERE chapter_id = ?1 AND id NOT IN ("
                           " SELECT max (id) FROM ("
                           "  SELECT id, CASE"
                           "   WHEN t IS NULL OR age IS NULL THEN 'k' || id"   /* unreadable time: kept */
                           "   WHEN age < 3600 THEN 'm' || (t / 300)"
                           "   WHEN age < 86400 THEN 'h' || (t / 3600)"
                           "   WHEN age < 2592000 THEN 'd' || (t / 86400)"
                           "   ELSE 'w' || (t / 604800) END AS bucket"
                           "  FROM (SELECT id, CAST (strftime ('%s', created_at) AS INTEGER) AS t,"
                           "               CAST (strftime ('%s', ?2) AS INTEGER) - CAST (strftime ('%s', created_at) AS INTEGER) AS age"
                           "        FROM chapter_revisions WHERE chapter_id = ?1))"
                           " GROUP BY bucket)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, chapter_id);
  _df_bind_text (stmt, 2, now != NULL ? now : now_owned);
  return df_store_step_done (store, stmt, error);
}

gboolean
df_chapter_save_content (DfStore     *store,
                         gint64       chapter_id,
                         const char  *content_md,
                         GError     **error)
{
  g_autoptr(DfChapter) old = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *hash = NULL;
  gint64 words;

  g_return_val_if_fail (content_md != NULL, FALSE);

  if (!g_utf8_validate (content_md, -1, NULL))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("chapter text must be valid UTF-8"));
      return FALSE;
    }

  hash = df_sha256_hex (content_md, -1);
  words = df_text_count_words (content_md, -1);

  if (!df_store_begin (store, error))
    return FALSE;

  old = df_chapter_get (store, chapter_id, error);
  if (old == NULL)
    goto fail;

  if (g_strcmp0 (old->content_hash, hash) == 0 && g_strcmp0 (old->content_md, content_md) == 0)
    {
      if (!df_store_commit (store, error))
        goto fail;
      return TRUE;
    }

  if (old->content_md[0] != '\0' &&
      (!add_revision (store, old->id, old->project_id, old->title, old->content_md, old->content_hash, error) ||
       !_df_revisions_thin (store, old->id, NULL, error)))
    goto fail;

  stmt = df_store_prepare (store,
                           "UPDATE chapters SET content_md = ?2, content_hash = ?3, words = ?4,"
                           " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, chapter_id);
  sqlite3_bind_text (stmt, 2, content_md, -1, SQLITE_STATIC);
  _df_bind_text (stmt, 3, hash);
  sqlite3_bind_int64 (stmt, 4, words);
  if (!df_store_step_done (store, stmt, error))
    goto fail;

  if (!_df_stats_note_save (store, old->project_id, words - old->words, error) ||
      !_df_project_touch (store, old->project_id, error) ||
      !df_store_commit (store, error))
    goto fail;

  return TRUE;

fail:
  df_store_rollback (store);
  return FALSE;
}

static gboolean
chapter_project (DfStore  *store,
                 gint64    chapter_id,
                 gint64   *project_id,
                 GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = df_store_prepare (store, "SELECT project_id FROM chapters WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, chapter_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                   _("No such chapter (id %" PRId64 ")"), chapter_id);
      return FALSE;
    }
  *project_id = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static guint
slot_index (GArray *slots,
            gint64  chapter_id)
{
  for (guint i = 0; i < slots->len; i++)
    if (g_array_index (slots, Slot, i).id == chapter_id)
      return i;
  return G_MAXUINT;
}

gboolean
df_chapter_move (DfStore  *store,
                 gint64    chapter_id,
                 gint64    to,
                 GError  **error)
{
  g_autoptr(GArray) slots = NULL;
  gint64 project_id;
  guint from;
  Slot moved;

  if (!df_store_begin (store, error))
    return FALSE;

  if (!chapter_project (store, chapter_id, &project_id, error) ||
      (slots = load_order (store, project_id, error)) == NULL)
    goto fail;

  if (to < 1 || to > (gint64)slots->len)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The new position must be from 1 to %u (got %" PRId64 ")"), slots->len, to);
      goto fail;
    }

  from = slot_index (slots, chapter_id);
  moved = g_array_index (slots, Slot, from);
  moved.part_id = g_array_index (slots, Slot, to - 1).part_id;
  g_array_remove_index (slots, from);
  g_array_insert_val (slots, to - 1, moved);

  if (!store_order (store, project_id, slots, error) ||
      !_df_project_touch (store, project_id, error) ||
      !df_store_commit (store, error))
    goto fail;

  return TRUE;

fail:
  df_store_rollback (store);
  return FALSE;
}

gboolean
df_chapter_move_to_part (DfStore  *store,
                         gint64    chapter_id,
                         gint64    part_id,
                         gint64    index,
                         GError  **error)
{
  g_autoptr(GArray) slots = NULL;
  g_autoptr(DfPart) part = NULL;
  gint64 project_id;
  guint from;
  guint insert_at = 0;
  gint64 seen = 0;
  gboolean found_run = FALSE;
  Slot moved;

  if (!df_store_begin (store, error))
    return FALSE;

  if (!chapter_project (store, chapter_id, &project_id, error) ||
      (slots = load_order (store, project_id, error)) == NULL)
    goto fail;

  if (part_id > 0)
    {
      if ((part = part_get (store, part_id, error)) == NULL)
        goto fail;
      if (part->project_id != project_id)
        {
          g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("That part belongs to another project"));
          goto fail;
        }
    }

  from = slot_index (slots, chapter_id);
  moved = g_array_index (slots, Slot, from);
  moved.part_id = part_id;
  g_array_remove_index (slots, from);

  /* Find the index-th chapter of the part (or the end of its run). */
  for (guint i = 0; i < slots->len; i++)
    {
      if (g_array_index (slots, Slot, i).part_id != part_id)
        {
          if (found_run && part_id > 0)
            break;
          continue;
        }
      found_run = TRUE;
      if (seen == index)
        {
          insert_at = i;
          break;
        }
      seen++;
      insert_at = i + 1;
    }

  if (!found_run && part_id > 0)
    {
      /* An empty part: after the chapters of the parts before it. */
      g_autoptr(sqlite3_stmt) stmt = df_store_prepare (store,
        "SELECT coalesce(max(c.number), 0) FROM chapters c JOIN parts p ON p.id = c.part_id"
        " WHERE c.project_id = ?1 AND p.number < ?2 AND c.id != ?3", error);

      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, project_id);
      sqlite3_bind_int64 (stmt, 2, part->number);
      sqlite3_bind_int64 (stmt, 3, chapter_id);
      /* With no chapters in earlier parts: after the leading chapters
       * that have no part (a prologue, say). */
      insert_at = 0;
      while (insert_at < slots->len && g_array_index (slots, Slot, insert_at).part_id == 0)
        insert_at++;
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 last = sqlite3_column_int64 (stmt, 0);
          for (guint i = 0; i < slots->len; i++)
            if (g_array_index (slots, Slot, i).number <= last)
              insert_at = MAX (insert_at, i + 1);
        }
    }

  g_array_insert_val (slots, insert_at, moved);

  if (!store_order (store, project_id, slots, error) ||
      !_df_project_touch (store, project_id, error) ||
      !df_store_commit (store, error))
    goto fail;

  return TRUE;

fail:
  df_store_rollback (store);
  return FALSE;
}

gboolean
df_chapter_delete (DfStore  *store,
                   gint64    chapter_id,
                   GError  **error)
{
  g_autoptr(DfChapter) chapter = NULL;

  if (!df_store_begin (store, error))
    return FALSE;

  if ((chapter = df_chapter_get (store, chapter_id, error)) == NULL ||
      !add_revision (store, chapter->id, chapter->project_id, chapter->title,
                     chapter->content_md, chapter->content_hash, error) ||
      !_df_update_one (store, "DELETE FROM chapters WHERE id = ?1", chapter_id, NULL, _("chapter"), error) ||
      !_df_project_renumber (store, chapter->project_id, error) ||
      !_df_stats_note_save (store, chapter->project_id, 0, error) ||
      !_df_project_touch (store, chapter->project_id, error) ||
      !df_store_commit (store, error))
    {
      df_store_rollback (store);
      return FALSE;
    }

  return TRUE;
}

/* ---- revisions ------------------------------------------------------- */

void
df_revision_free (DfRevision *revision)
{
  if (revision == NULL)
    return;
  g_free (revision->content_md);
  g_free (revision->content_hash);
  g_free (revision->created_at);
  g_free (revision->title);
  g_free (revision);
}

/* The rows of a SELECT id, chapter_id, content_md, content_hash,
 * created_at, title FROM chapter_revisions, bound and ready to step. */
static GPtrArray *
revisions_from (sqlite3_stmt *stmt)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)df_revision_free);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      DfRevision *r = g_new0 (DfRevision, 1);
      r->id = sqlite3_column_int64 (stmt, 0);
      r->chapter_id = sqlite3_column_int64 (stmt, 1);
      r->content_md = _df_col_text (stmt, 2);
      r->content_hash = _df_col_text (stmt, 3);
      r->created_at = _df_col_text (stmt, 4);
      r->title = _df_col_text (stmt, 5);
      g_ptr_array_add (list, r);
    }
  return g_steal_pointer (&list);
}

GPtrArray *
df_revision_list (DfStore  *store,
                  gint64    chapter_id,
                  GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store,
                           "SELECT id, chapter_id, content_md, content_hash, created_at, title FROM chapter_revisions"
                           " WHERE chapter_id = ?1 ORDER BY id DESC", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, chapter_id);
  return revisions_from (stmt);
}

GPtrArray *
df_revision_list_deleted (DfStore  *store,
                          gint64    project_id,
                          GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store,
                           "SELECT id, chapter_id, content_md, content_hash, created_at, title FROM chapter_revisions"
                           " WHERE id IN (SELECT max (id) FROM chapter_revisions"
                           "              WHERE project_id = ?1"
                           "                AND chapter_id NOT IN (SELECT id FROM chapters)"
                           "              GROUP BY chapter_id)"
                           " ORDER BY id DESC", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, project_id);
  return revisions_from (stmt);
}

DfChapter *
df_chapter_undelete (DfStore  *store,
                     gint64    revision_id,
                     GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  g_autofree char *title = NULL;
  g_autofree char *content = NULL;
  gint64 project_id, old_id;

  if (!df_store_begin (store, error))
    return NULL;

  stmt = df_store_prepare (store,
                           "SELECT project_id, chapter_id, title, content_md,"
                           "       EXISTS (SELECT 1 FROM chapters WHERE id = chapter_revisions.chapter_id)"
                           " FROM chapter_revisions WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, revision_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                   _("There is no revision %" G_GINT64_FORMAT "; list the deleted chapters again"), revision_id);
      goto fail;
    }
  if (sqlite3_column_int (stmt, 4))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("That chapter was not deleted; its earlier versions are in its history"));
      goto fail;
    }
  project_id = sqlite3_column_int64 (stmt, 0);
  old_id = sqlite3_column_int64 (stmt, 1);
  title = _df_col_text (stmt, 2);
  content = _df_col_text (stmt, 3);
  g_clear_pointer (&stmt, sqlite3_finalize);

  chapter = df_chapter_add (store, project_id, 0, title, content, error);
  if (chapter == NULL)
    goto fail;

  stmt = df_store_prepare (store, "UPDATE chapter_revisions SET chapter_id = ?2 WHERE chapter_id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, old_id);
  sqlite3_bind_int64 (stmt, 2, chapter->id);
  if (!df_store_step_done (store, stmt, error) || !df_store_commit (store, error))
    goto fail;

  return g_steal_pointer (&chapter);

fail:
  df_store_rollback (store);
  return NULL;
}

/* ---- assets ---------------------------------------------------------- */

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

  stmt = df_store_prepare (store, "SELECT data, mime_type FROM assets WHERE project_id = ?1 AND path = ?2", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, path);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND, _("No image “%s” in this project"), path ? path : "");
      return NULL;
    }

  if (mime_type != NULL)
    *mime_type = _df_col_text (stmt, 1);

  return g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
}

GPtrArray *
df_asset_list (DfStore  *store,
               gint64    project_id,
               GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);

  stmt = df_store_prepare (store, "SELECT path FROM assets WHERE project_id = ?1 ORDER BY path", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, project_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (list, _df_col_text (stmt, 0));

  return g_steal_pointer (&list);
}
