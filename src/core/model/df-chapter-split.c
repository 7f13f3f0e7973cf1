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
