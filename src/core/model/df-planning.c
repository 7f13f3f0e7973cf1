/* df-planning.c: a chapter's planning fields, labels, statuses of many
 * chapters, splitting and merging, and the outline as CSV or Markdown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "df-codex.h"
#include "df-model-private.h"
#include "df-planning.h"

static const DfColumn label_columns[] = {
  { "l.id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfLabel, id) },
  { "l.project_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfLabel, project_id) },
  { "l.name", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfLabel, name) },
  { "l.color", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfLabel, color) },
  { "coalesce (cl.chapter_id, 0)", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfLabel, chapter_id) },
};

static const DfRecordType label_record = {
  sizeof (DfLabel), label_columns, G_N_ELEMENTS (label_columns), (GDestroyNotify) df_label_free,
};

/* Colours a new label takes in turn: GNOME's palette, light enough for
 * dark text and dark enough to see on white. */
const char * const df_label_palette[] = {
  "#3584e4", "#33d17a", "#f6d32d", "#ff7800", "#e01b24", "#9141ac", "#986a44", "#77767b", NULL,
};

void
df_label_free (DfLabel *label)
{
  _df_record_free (&label_record, label);
}

/* ---- a chapter's planning fields ----------------------------------------- */

gboolean
_df_planning_is_field (const char *key)
{
  return g_strcmp0 (key, "status") == 0 || g_strcmp0 (key, "synopsis") == 0 ||
         g_strcmp0 (key, "notes") == 0 || g_strcmp0 (key, "word_target") == 0 ||
         g_strcmp0 (key, "pov") == 0;
}

static gint64 chapter_project (DfStore  *store,
                               gint64    chapter_id,
                               GError  **error);
static gboolean set_pov (DfStore     *store,
                         gint64       chapter_id,
                         const char  *value,
                         GError     **error);

static gboolean
check_plain_text (const char  *field,
                  const char  *value,
                  guint        max_chars,
                  GError     **error)
{
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("%s must be valid UTF-8"), field);
      return FALSE;
    }
  if (g_utf8_strlen (value, -1) > max_chars)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("%s is longer than %u characters"), field, max_chars);
      return FALSE;
    }
  return TRUE;
}

gboolean
_df_planning_set_field (DfStore     *store,
                        gint64       chapter_id,
                        const char  *key,
                        const char  *value,
                        GError     **error)
{
  g_autofree char *normalized = NULL;
  const char *sql;

  if (g_strcmp0 (key, "status") == 0)
    {
      if (!df_validate_enum ("status", value, df_chapter_statuses, error))
        return FALSE;
      sql = "UPDATE chapters SET status = ?2 WHERE id = ?1";
    }
  else if (g_strcmp0 (key, "pov") == 0)
    return set_pov (store, chapter_id, value, error);
  else if (g_strcmp0 (key, "word_target") == 0)
    {
      gint64 n = 0;

      if (value != NULL && *value != '\0' &&
          !_df_parse_count ("word_target", value, 0, DF_WORD_TARGET_MAX, &n, error))
        return FALSE;
      value = normalized = g_strdup_printf ("%" PRId64, n);
      sql = "UPDATE chapters SET word_target = CAST(?2 AS INTEGER) WHERE id = ?1";
    }
  else
    {
      gboolean synopsis = g_strcmp0 (key, "synopsis") == 0;

      if (value == NULL)
        value = "";
      if (!check_plain_text (key, value, synopsis ? DF_SYNOPSIS_MAX_CHARS : DF_NOTES_MAX_CHARS, error))
        return FALSE;
      sql = synopsis ? "UPDATE chapters SET synopsis = ?2 WHERE id = ?1"
                     : "UPDATE chapters SET notes = ?2 WHERE id = ?1";
    }

  return _df_update_one (store, sql, chapter_id, value, _("chapter"), error);
}

gboolean
df_chapters_set_statuses (DfStore            *store,
                          const gint64       *ids,
                          const char * const *statuses,
                          guint               n_ids,
                          GError            **error)
{
  gboolean ok = TRUE;

  for (guint i = 0; i < n_ids; i++)
    if (!df_validate_enum ("status", statuses[i], df_chapter_statuses, error))
      return FALSE;
  if (!df_store_begin (store, error))
    return FALSE;
  for (guint i = 0; ok && i < n_ids; i++)
    ok = _df_update_one (store, "UPDATE chapters SET status = ?2 WHERE id = ?1", ids[i], statuses[i],
                         _("chapter"), error);
  return df_store_end (store, ok, error);
}

gboolean
df_chapters_set_status (DfStore       *store,
                        const gint64  *ids,
                        guint          n_ids,
                        const char    *status,
                        GError       **error)
{
  g_autofree const char **statuses = g_new (const char *, MAX (n_ids, 1));

  for (guint i = 0; i < n_ids; i++)
    statuses[i] = status;
  if (n_ids == 0)
    return df_validate_enum ("status", status, df_chapter_statuses, error);
  return df_chapters_set_statuses (store, ids, statuses, n_ids, error);
}

/* ---- the order of many chapters --------------------------------------------- */

gboolean
df_chapters_move_to_part (DfStore       *store,
                          const gint64  *ids,
                          guint          n_ids,
                          gint64         part_id,
                          GError       **error)
{
  g_autoptr(GArray) order = NULL;
  g_autoptr(GArray) parts = NULL;
  g_autoptr(GHashTable) chosen = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 project_id;
  gboolean ok = TRUE;

  if (n_ids == 0)
    return TRUE;
  for (guint i = 0; i < n_ids; i++)
    g_hash_table_add (chosen, (gpointer)&ids[i]);
  if (!df_store_begin (store, error))
    return FALSE;
  ok = (project_id = chapter_project (store, ids[0], error)) != 0 &&
       df_chapters_get_order (store, project_id, &order, &parts, error);
  for (guint i = 0; ok && i < order->len; i++)
    {
      gint64 id = g_array_index (order, gint64, i);

      if (g_hash_table_contains (chosen, &id))
        ok = df_chapter_move_to_part (store, id, part_id, G_MAXINT64, error);
    }
  return df_store_end (store, ok, error);
}

gboolean
df_chapters_get_order (DfStore    *store,
                       gint64      project_id,
                       GArray    **ids,
                       GArray    **part_ids,
                       GError    **error)
{
  g_autoptr(GPtrArray) chapters = df_chapter_list (store, project_id, error);

  if (chapters == NULL)
    return FALSE;
  *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), chapters->len);
  *part_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), chapters->len);
  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *c = g_ptr_array_index (chapters, i);

      g_array_append_val (*ids, c->id);
      g_array_append_val (*part_ids, c->part_id);
    }
  return TRUE;
}

gboolean
df_chapters_set_order (DfStore       *store,
                       const gint64  *ids,
                       const gint64  *part_ids,
                       guint          n_ids,
                       GError       **error)
{
  gboolean ok;

  if (!df_store_begin (store, error))
    return FALSE;
  ok = TRUE;
  for (guint i = 0; ok && i < n_ids; i++)
    ok = df_chapter_move (store, ids[i], i + 1, error) &&
         df_chapter_set_part (store, ids[i], part_ids[i], error);
  return df_store_end (store, ok, error);
}

gboolean
df_chapter_merge_following (DfStore       *store,
                            gint64         chapter_id,
                            const gint64  *ids,
                            guint          n_ids,
                            GError       **error)
{
  g_autoptr(DfChapter) first = NULL;
  gboolean ok;

  if (!df_store_begin (store, error))
    return FALSE;
  ok = (first = df_chapter_get (store, chapter_id, error)) != NULL;
  for (guint i = 0; ok && i < n_ids; i++)
    {
      g_autoptr(DfChapter) next = df_chapter_get_by_number (store, first->project_id, first->number + 1 + i, NULL);

      if (next == NULL || next->id != ids[i])
        {
          g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                       _("The chapters after “%s” have changed since they were split from it; merge them by hand"),
                       first->title);
          ok = FALSE;
        }
    }
  for (guint i = 0; ok && i < n_ids; i++)
    ok = df_chapter_merge_next (store, chapter_id, NULL, error);
  return df_store_end (store, ok, error);
}

/* ---- labels ------------------------------------------------------------- */

/* The labels the SQL @from (with ?1 the id) selects. */
static GPtrArray *
list_labels (DfStore     *store,
             const char  *from,
             gint64       id,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _df_record_prepare (store, &label_record, from, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return _df_record_list (store, stmt, &label_record, NULL, error);
}

GPtrArray *
df_label_list (DfStore  *store,
               gint64    project_id,
               GError  **error)
{
  return list_labels (store,
                      "FROM labels l LEFT JOIN chapter_labels cl ON 0"
                      " WHERE l.project_id = ?1 ORDER BY l.name COLLATE NOCASE, l.name", project_id, error);
}

GPtrArray *
df_label_list_assigned (DfStore  *store,
                        gint64    project_id,
                        GError  **error)
{
  return list_labels (store,
                      "FROM chapter_labels cl JOIN labels l ON l.id = cl.label_id"
                      " JOIN chapters c ON c.id = cl.chapter_id"
                      " WHERE l.project_id = ?1 ORDER BY c.number, l.name COLLATE NOCASE, l.name",
                      project_id, error);
}

GPtrArray *
df_chapter_list_labels (DfStore  *store,
                        gint64    chapter_id,
                        GError  **error)
{
  return list_labels (store,
                      "FROM chapter_labels cl JOIN labels l ON l.id = cl.label_id"
                      " WHERE cl.chapter_id = ?1 ORDER BY l.name COLLATE NOCASE, l.name", chapter_id, error);
}

/* The trimmed name, or NULL with an error. */
static char *
check_label_name (const char  *name,
                  GError     **error)
{
  if (!df_validate_text (_("label"), name, DF_LABEL_MAX_CHARS, error))
    return NULL;
  return g_strstrip (g_strdup (name));
}

/* @color as "#rrggbb" in lowercase, or NULL with an error. */
static char *
check_color (const char  *color,
             GError     **error)
{
  g_autofree char *lower = color ? g_ascii_strdown (color, -1) : NULL;

  if (lower == NULL || strlen (lower) != 7 || lower[0] != '#')
    goto bad;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (lower[i]))
      goto bad;
  return g_steal_pointer (&lower);

bad:
  g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
               _("A label colour is written #rrggbb, such as #3584e4 (got “%s”)"), color ? color : "");
  return NULL;
}

static DfLabel *
label_find (DfStore     *store,
            gint64       project_id,
            const char  *name,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _df_record_prepare (store, &label_record,
                             "FROM labels l LEFT JOIN chapter_labels cl ON 0 WHERE l.project_id = ?1 AND l.name = ?2",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, name);
  return _df_record_get (store, stmt, &label_record, NULL, error);
}

static gboolean
label_insert (DfStore     *store,
              gint64       project_id,
              const char  *name,
              const char  *color,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *palette_color = NULL;
  gint64 n = 0;

  if (color == NULL)
    {
      if (!_df_query_int64 (store, "SELECT count(*) FROM labels WHERE project_id = ?1", project_id, NULL, &n, error))
        return FALSE;
      color = df_label_palette[n % (G_N_ELEMENTS (df_label_palette) - 1)];
    }
  stmt = df_store_prepare (store, "INSERT INTO labels (project_id, name, color) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, name);
  _df_bind_text (stmt, 3, color);
  return df_store_step_done (store, stmt, error);
}

DfLabel *
df_label_define (DfStore     *store,
                 gint64       project_id,
                 const char  *name,
                 const char  *color,
                 GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *checked = NULL;
  g_autoptr(DfLabel) label = NULL;
  g_autoptr(DfProject) project = NULL;
  GError *local_error = NULL;
  gboolean ok;

  if ((trimmed = check_label_name (name, error)) == NULL ||
      (color != NULL && (checked = check_color (color, error)) == NULL) ||
      !df_store_begin (store, error))
    return NULL;

  ok = (project = df_project_get_by_id (store, project_id, error)) != NULL;
  if (ok)
    {
      label = label_find (store, project_id, trimmed, &local_error);
      ok = local_error == NULL;
      if (local_error != NULL)
        g_propagate_error (error, local_error);
    }
  if (ok && label == NULL)
    ok = label_insert (store, project_id, trimmed, checked, error);
  else if (ok && checked != NULL)
    ok = _df_update_one (store, "UPDATE labels SET color = ?2 WHERE id = ?1", label->id, checked, _("label"), error);
  if (!df_store_end (store, ok, error))
    return NULL;

  return label_find (store, project_id, trimmed, error);
}

/* The label @name of the project, which must exist. */
static DfLabel *
label_get (DfStore     *store,
           gint64       project_id,
           const char  *name,
           GError     **error)
{
  g_autofree char *trimmed = check_label_name (name, error);
  GError *local_error = NULL;
  DfLabel *label;

  if (trimmed == NULL)
    return NULL;
  label = label_find (store, project_id, trimmed, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (label == NULL)
    g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND, _("This project has no label “%s”"), trimmed);
  return label;
}

gboolean
df_label_delete (DfStore     *store,
                 gint64       project_id,
                 const char  *name,
                 GError     **error)
{
  g_autoptr(DfLabel) label = label_get (store, project_id, name, error);

  return label != NULL &&
         _df_update_one (store, "DELETE FROM labels WHERE id = ?1", label->id, NULL, _("label"), error);
}

static gint64
chapter_project (DfStore  *store,
                 gint64    chapter_id,
                 GError  **error)
{
  g_autofree char *missing = g_strdup_printf (_("No such chapter (id %" PRId64 ")"), chapter_id);
  gint64 project_id = 0;

  if (!_df_query_int64 (store, "SELECT project_id FROM chapters WHERE id = ?1", chapter_id, missing,
                        &project_id, error))
    return 0;
  return project_id;
}

gboolean
df_chapter_add_label (DfStore     *store,
                      gint64       chapter_id,
                      const char  *name,
                      GError     **error)
{
  g_autoptr(DfLabel) label = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 project_id;
  gboolean ok;

  if (!df_store_begin (store, error))
    return FALSE;
  ok = (project_id = chapter_project (store, chapter_id, error)) != 0 &&
       (label = df_label_define (store, project_id, name, NULL, error)) != NULL &&
       (stmt = df_store_prepare (store, "INSERT OR IGNORE INTO chapter_labels (chapter_id, label_id)"
                                        " VALUES (?1, ?2)", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, chapter_id);
      sqlite3_bind_int64 (stmt, 2, label->id);
      ok = df_store_step_done (store, stmt, error);
    }
  return df_store_end (store, ok, error);
}

gboolean
df_chapter_remove_label (DfStore     *store,
                         gint64       chapter_id,
                         const char  *name,
                         GError     **error)
{
  g_autoptr(DfLabel) label = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 project_id;

  if ((project_id = chapter_project (store, chapter_id, error)) == 0 ||
      (label = label_get (store, project_id, name, error)) == NULL ||
      (stmt = df_store_prepare (store, "DELETE FROM chapter_labels WHERE chapter_id = ?1 AND label_id = ?2",
                                error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, chapter_id);
  sqlite3_bind_int64 (stmt, 2, label->id);
  if (!df_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (df_store_get_db (store)) == 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("The chapter has no label “%s”"), label->name);
      return FALSE;
    }
  return TRUE;
}

/* ---- the point of view ------------------------------------------------- */

/* The live entry of the project named (or aliased) @value, else the one
 * whose id @value is. */
static DfCodexEntry *
pov_entry (DfStore     *store,
           gint64       project_id,
           const char  *value,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(DfCodexEntry) entry = df_codex_entry_find (store, project_id, value, FALSE, &local_error);
  guint64 id = 0;

  if (entry != NULL)
    return g_steal_pointer (&entry);
  if (!g_error_matches (local_error, DF_ERROR, DF_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (g_ascii_string_to_unsigned (value, 10, 1, G_MAXINT64, &id, NULL))
    {
      entry = df_codex_entry_get (store, (gint64) id, NULL);
      if (entry != NULL && entry->project_id == project_id && entry->deleted_at == NULL)
        return g_steal_pointer (&entry);
    }
  g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
               _("The codex has no character “%s” to be the point of view; add one with "
                 "“draftforge-cli codex add SLUG character NAME”"), value);
  return NULL;
}

static gboolean
set_pov (DfStore     *store,
         gint64       chapter_id,
         const char  *value,
         GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value ? value : ""));
  g_autofree char *id = NULL;
  g_autoptr(DfCodexEntry) entry = NULL;
  gint64 project_id;

  if (*trimmed != '\0')
    {
      if ((project_id = chapter_project (store, chapter_id, error)) == 0 ||
          (entry = pov_entry (store, project_id, trimmed, error)) == NULL)
        return FALSE;
      if (g_strcmp0 (entry->kind, "character") != 0)
        {
          g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                       _("“%s” is not a character in the codex (its kind is %s): a point of view is a character"),
                       entry->name, entry->kind);
          return FALSE;
        }
      id = g_strdup_printf ("%" PRId64, entry->id);
    }
  return _df_update_one (store, "UPDATE chapters SET pov_entry_id = CAST(?2 AS INTEGER) WHERE id = ?1", chapter_id,
                         id, _("chapter"), error);
}
