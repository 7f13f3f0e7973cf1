/* df-chapter-split.c: splitting a chapter in two and merging a chapter
 * with the next, byte for byte, each in one transaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "df-model-private.h"
#include "df-planning.h"

#define TITLE_MAX_CHARS 200

gssize
df_text_line_offset (const char *text,
                     gint64      line)
{
  const char *p = text;

  g_return_val_if_fail (text != NULL, -1);

  if (line < 1)
    return -1;
  for (gint64 i = 1; i < line; i++)
    {
      p = strchr (p, '\n');
      if (p == NULL)
        return -1;
      p++;
    }
  /* A line after the last newline exists only if it holds something. */
  if (*p == '\0' && line > 1)
    return -1;
  return p - text;
}

/* @title cut to the characters a chapter title may have. */
static char *
clip_title (const char *title)
{
  g_autofree char *stripped = g_strstrip (g_strdup (title));

  if (g_utf8_strlen (stripped, -1) <= TITLE_MAX_CHARS)
    return g_steal_pointer (&stripped);
  return g_strstrip (g_utf8_substring (stripped, 0, TITLE_MAX_CHARS));
}

/* The title of the chapter @text opens: its first line's heading, or
 * "@old_title (continued)". */
static char *
title_for_text (const char *text,
                const char *old_title)
{
  const char *eol = strchr (text, '\n');
  g_autofree char *first = eol ? g_strndup (text, eol - text) : g_strdup (text);
  const char *p = first;
  guint hashes = 0;

  while (*p == '#' && hashes < 7)
    p++, hashes++;
  if (hashes >= 1 && hashes <= 6 && (*p == ' ' || *p == '\t'))
    {
      g_autofree char *heading = g_strstrip (g_strdup (p));
      gsize n = strlen (heading);

      /* A closing run of #s is not part of the heading. */
      while (n > 0 && heading[n - 1] == '#')
        heading[--n] = '\0';
      g_strstrip (heading);
      if (*heading != '\0')
        return clip_title (heading);
    }
  {
    /* TRANSLATORS: the title of the second half of a chapter split in
     * two, when its text opens with no heading */
    g_autofree char *continued = g_strdup_printf (_("%s (continued)"), old_title);
    return clip_title (continued);
  }
}

/* The place (0-based) the chapter after @chapter takes in its part. */
static gboolean
place_after (DfStore          *store,
             const DfChapter  *chapter,
             gint64           *index,
             GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store,
                           "SELECT count(*) FROM chapters WHERE project_id = ?1 AND coalesce (part_id, 0) = ?2"
                           " AND number <= ?3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, chapter->project_id);
  sqlite3_bind_int64 (stmt, 2, chapter->part_id);
  sqlite3_bind_int64 (stmt, 3, chapter->number);
  if (!_df_step_row (store, stmt, NULL, error))
    return FALSE;
  *index = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
check_split (const DfChapter  *chapter,
             gsize             offset,
             GError          **error)
{
  gsize len = strlen (chapter->content_md);

  if (offset == 0 || offset >= len)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("A chapter is split inside its text: both halves must hold something"));
      return FALSE;
    }
  if (((guchar)chapter->content_md[offset] & 0xC0) == 0x80)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("A chapter cannot be split inside a character"));
      return FALSE;
    }
  return TRUE;
}

DfChapter *
df_chapter_split (DfStore     *store,
                  gint64       chapter_id,
                  gsize        offset,
                  const char  *title,
                  GError     **error)
{
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(DfChapter) added = NULL;
  g_autofree char *head = NULL;
  g_autofree char *new_title = NULL;
  gint64 index = 0;
  gboolean ok;

  if ((chapter = df_chapter_get (store, chapter_id, error)) == NULL ||
      !check_split (chapter, offset, error))
    return NULL;

  head = g_strndup (chapter->content_md, offset);
  new_title = title ? g_strdup (title) : title_for_text (chapter->content_md + offset, chapter->title);

  if (!df_store_begin (store, error))
    return NULL;
  ok = place_after (store, chapter, &index, error) &&
       df_chapter_save_content (store, chapter->id, head, error) &&
       (added = df_chapter_add (store, chapter->project_id, chapter->part_id, new_title,
                                chapter->content_md + offset, error)) != NULL &&
       df_chapter_move_to_part (store, added->id, chapter->part_id, index, error) &&
       df_chapter_set_field (store, added->id, "status", chapter->status, error) &&
       _df_stats_note_save (store, chapter->project_id, 0, error);
  if (!df_store_end (store, ok, error))
    return NULL;

  return df_chapter_get (store, added->id, error);
}

static gboolean
take_labels (DfStore   *store,
             gint64     to_id,
             gint64     from_id,
             GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store,
                           "INSERT OR IGNORE INTO chapter_labels (chapter_id, label_id)"
                           " SELECT ?1, label_id FROM chapter_labels WHERE chapter_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, to_id);
  sqlite3_bind_int64 (stmt, 2, from_id);
  return df_store_step_done (store, stmt, error);
}

gboolean
df_chapter_merge_next (DfStore  *store,
                       gint64    chapter_id,
                       gsize    *offset,
                       GError  **error)
{
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(DfChapter) next = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *joined = NULL;
  gboolean ok;

  if ((chapter = df_chapter_get (store, chapter_id, error)) == NULL)
    return FALSE;
  next = df_chapter_get_by_number (store, chapter->project_id, chapter->number + 1, &local_error);
  if (next == NULL)
    {
      if (g_error_matches (local_error, DF_ERROR, DF_ERROR_NOT_FOUND))
        g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("The last chapter has no chapter after it to merge"));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  joined = g_strconcat (chapter->content_md, next->content_md, NULL);
  if (!df_store_begin (store, error))
    return FALSE;
  ok = df_chapter_save_content (store, chapter->id, joined, error) &&
       take_labels (store, chapter->id, next->id, error) &&
       df_chapter_delete (store, next->id, error);
  if (!df_store_end (store, ok, error))
    return FALSE;

  if (offset != NULL)
    *offset = strlen (chapter->content_md);
  return TRUE;
}

/* ---- scenes ---------------------------------------------------------------- */

const char * const df_scene_breaks[] = { "***", "* * *", "#", NULL };

/* Whether the line from @line to @end (its "\n" or the text's end) is
 * one of @breaks, spaces aside. */
static gboolean
is_scene_break (const char         *line,
                const char         *end,
                const char * const *breaks)
{
  g_autofree char *text = g_strstrip (g_strndup (line, end - line));

  return *text != '\0' && g_strv_contains (breaks, text);
}

/* The byte offsets where a scene begins (none at 0). */
static GArray *
scene_offsets (const char         *text,
               const char * const *breaks)
{
  GArray *offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  const char *line = text;

  while (*line != '\0')
    {
      const char *eol = strchr (line, '\n');
      const char *end = eol ? eol : line + strlen (line);

      if (line != text && is_scene_break (line, end, breaks))
        {
          gsize offset = line - text;
          g_array_append_val (offsets, offset);
        }
      if (eol == NULL)
        break;
      line = eol + 1;
    }
  return offsets;
}

gboolean
df_chapter_split_scenes (DfStore            *store,
                         gint64              chapter_id,
                         const char * const *breaks,
                         guint              *n_scenes,
                         GError            **error)
{
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(GArray) offsets = NULL;
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *head = NULL;
  gboolean ok;

  if ((chapter = df_chapter_get (store, chapter_id, error)) == NULL)
    return FALSE;
  offsets = scene_offsets (chapter->content_md, breaks ? breaks : df_scene_breaks);
  if (offsets->len == 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("“%s” has no scene break (a line holding only ***, * * * or #)"), chapter->title);
      return FALSE;
    }

  head = g_strndup (chapter->content_md, g_array_index (offsets, gsize, 0));
  for (guint i = 0; i < offsets->len; i++)
    {
      gsize start = g_array_index (offsets, gsize, i);
      gsize end = i + 1 < offsets->len ? g_array_index (offsets, gsize, i + 1) : strlen (chapter->content_md);
      /* TRANSLATORS: the title of the Nth scene of a chapter split at its
       * scene breaks: "Chapter 3, scene 2" */
      g_autofree char *title = g_strdup_printf (_("%s, scene %u"), chapter->title, i + 2);

      g_ptr_array_add (titles, clip_title (title));
      g_ptr_array_add (texts, g_strndup (chapter->content_md + start, end - start));
    }

  if (!df_store_begin (store, error))
    return FALSE;
  ok = df_chapter_save_content (store, chapter->id, head, error) &&
       _df_chapters_insert_after (store, chapter, (const char * const *)titles->pdata,
                                  (const char * const *)texts->pdata, offsets->len, "scene", error) &&
       _df_stats_note_save (store, chapter->project_id, 0, error);
  if (!df_store_end (store, ok, error))
    return FALSE;

  if (n_scenes != NULL)
    *n_scenes = offsets->len;
  return TRUE;
}
