/* df-search-index.c: the search index of a large chapter, kept by segment
 *
 * The full-text index (chapters_fts, schema 17) holds a chapter's text
 * as segments: runs of whole paragraphs of 16 KB or more, cut at blank
 * lines chosen by the text that follows them, so that a chapter under
 * 16 KB is one segment and an edit moves only the cuts near it.  SQLite's
 * triggers
 * index a chapter's whole text as one segment for any writer; a save of
 * a large chapter comes here first: it cuts the new text, keeps the
 * segments that lie whole in the common start or end of the old and new
 * texts (moving those after the edit), deletes the others from the index
 * with the text they were indexed with (the index keeps no copy), adds
 * the new ones, and marks the chapter pending so that the trigger leaves
 * it.  Segment ids are numbered from the project's id times 2^32, so a
 * search reads only its project's part of the index.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <string.h>

#include "df-model-private.h"
#include "df-search-private.h"

/* A segment is cut at the first blank line past the minimum whose next
 * few bytes hash to one in four (so that the cuts depend on the text
 * around them, not on offsets, and come back to the same places after
 * an edit), or at the first blank line past this, or failing any blank
 * line at the first line end past the minimum. */
#define SEGMENT_MAX (4 * DF_SEARCH_SEGMENT_MIN)
#define CUT_HASH_BYTES 16

typedef struct
{
  gint64 id;
  gsize  start;
  gsize  len;
} Segment;

static gboolean
is_cut_point (const char *text,
              gsize       len,
              gsize       i)
{
  guint32 hash = 2166136261u;

  for (gsize k = i; k < MIN (len, i + CUT_HASH_BYTES); k++)
    hash = (hash ^ (guchar) text[k]) * 16777619u;
  return (hash & 3) == 0;
}

gsize
_df_search_segment_end (const char *text,
                        gsize       len,
                        gsize       start)
{
  gsize from = start + DF_SEARCH_SEGMENT_MIN;
  const char *nl;

  if (from >= len)
    return len;
  for (gsize i = from; i + 1 < len; i++)
    if (text[i] == '\n' && text[i + 1] == '\n' && (i >= start + SEGMENT_MAX || is_cut_point (text, len, i + 2)))
      return i + 2;
  nl = memchr (text + from, '\n', len - from);
  return nl != NULL ? (gsize)(nl - text) + 1 : len;
}

static GArray *
split (const char *text,
       gsize       len)
{
  GArray *segments = g_array_new (FALSE, TRUE, sizeof (Segment));
  gsize start = 0;

  do
    {
      Segment segment = { 0, start, _df_search_segment_end (text, len, start) - start };

      g_array_append_val (segments, segment);
      start += segment.len;
    }
  while (start < len);
  return segments;
}

/* The chapter's indexed segments of text (not its title), in order. */
static GArray *
read_segments (DfStore  *store,
               gint64    chapter_id,
               GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) segments = g_array_new (FALSE, TRUE, sizeof (Segment));

  stmt = df_store_prepare (store,
                           "SELECT id, start, len FROM chapter_segments WHERE chapter_id = ?1 AND start >= 0"
                           " ORDER BY start", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, chapter_id);
  while (df_store_step (store, stmt, error))
    {
      Segment segment = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                          sqlite3_column_int64 (stmt, 2) };

      g_array_append_val (segments, segment);
    }
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&segments);
}

/* Runs @sql with the segment's id as ?1 and ?2: @text's first @a bytes,
 * or without @text the number @a. */
static gboolean
run (DfStore     *store,
     const char  *sql,
     gint64       id,
     const char  *text,
     gint64       a,
     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = df_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (text != NULL)
    sqlite3_bind_text (stmt, 2, text, (int) a, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 2, a);
  return df_store_step_done (store, stmt, error);
}

static gboolean
delete_segment (DfStore        *store,
                const Segment  *segment,
                const char     *before,
                GError        **error)
{
  return run (store, "INSERT INTO chapters_fts (chapters_fts, rowid, content_md) VALUES ('delete', ?1, ?2)",
              segment->id, before + segment->start, segment->len, error) &&
         run (store, "DELETE FROM chapter_segments WHERE id = ?1", segment->id, NULL, 0, error);
}

static gboolean
add_segment (DfStore        *store,
             gint64          chapter_id,
             const Segment  *segment,
             const char     *after,
             GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store, "INSERT INTO chapter_segments (id, chapter_id, start, len) VALUES (?1, ?2, ?3, ?4)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, segment->id);
  sqlite3_bind_int64 (stmt, 2, chapter_id);
  sqlite3_bind_int64 (stmt, 3, segment->start);
  sqlite3_bind_int64 (stmt, 4, segment->len);
  return df_store_step_done (store, stmt, error) &&
         run (store, "INSERT INTO chapters_fts (rowid, content_md) VALUES (?1, ?2)",
              segment->id, after + segment->start, segment->len, error);
}

/* The last segment id used in the project. */
static gboolean
last_id (DfStore  *store,
         gint64    project_id,
         gint64   *id,
         GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean found;

  stmt = df_store_prepare (store,
                           "SELECT coalesce (max (id), ?1 * 4294967296) FROM chapter_segments"
                           " WHERE id BETWEEN ?1 * 4294967296 AND ?1 * 4294967296 + 4294967295", error);
  if (stmt == NULL || (sqlite3_bind_int64 (stmt, 1, project_id), !_df_step_one (store, stmt, &found, error)))
    return FALSE;
  *id = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* The new segment that @old is, unchanged, or -1: it lies whole in the
 * texts' common start at the same offset, or in their common end moved
 * by @delta, and the new text was cut at both its ends. */
static gint
find_kept (GHashTable    *new_by_start,
           GArray        *fresh,
           const Segment *old,
           gsize          head,
           gsize          tail_start,
           gssize         delta)
{
  gsize start;
  gpointer index;

  if (old->start + old->len <= head)
    start = old->start;
  else if (old->start >= tail_start)
    start = old->start + delta;
  else
    return -1;
  if (!g_hash_table_lookup_extended (new_by_start, GSIZE_TO_POINTER (start), NULL, &index))
    return -1;
  if (g_array_index (fresh, Segment, GPOINTER_TO_UINT (index)).len != old->len)
    return -1;
  return GPOINTER_TO_UINT (index);
}

gboolean
_df_search_index_text (DfStore     *store,
                       gint64       project_id,
                       gint64       chapter_id,
                       const char  *before,
                       const char  *after,
                       GError     **error)
{
  gsize before_len = strlen (before), after_len = strlen (after);
  gsize common = MIN (before_len, after_len), head = 0, tail = 0;
  g_autoptr(GArray) old = NULL;
  g_autoptr(GArray) fresh = NULL;
  g_autoptr(GHashTable) new_by_start = g_hash_table_new (NULL, NULL);
  g_autofree gboolean *kept = NULL;
  gint64 next_id;

  /* Small texts are one segment each: the trigger indexes them. */
  if (before_len <= DF_SEARCH_SEGMENT_MIN && after_len <= DF_SEARCH_SEGMENT_MIN)
    return TRUE;

  while (head < common && before[head] == after[head])
    head++;
  while (tail < common - head && before[before_len - 1 - tail] == after[after_len - 1 - tail])
    tail++;

  if ((old = read_segments (store, chapter_id, error)) == NULL || !last_id (store, project_id, &next_id, error))
    return FALSE;
  fresh = split (after, after_len);
  kept = g_new0 (gboolean, fresh->len);
  for (guint i = 0; i < fresh->len; i++)
    g_hash_table_insert (new_by_start, GSIZE_TO_POINTER (g_array_index (fresh, Segment, i).start),
                         GUINT_TO_POINTER (i));

  for (guint i = 0; i < old->len; i++)
    {
      const Segment *segment = &g_array_index (old, Segment, i);
      gint index = find_kept (new_by_start, fresh, segment, head, before_len - tail,
                              (gssize) after_len - (gssize) before_len);

      if (index < 0)
        {
          if (!delete_segment (store, segment, before, error))
            return FALSE;
          continue;
        }
      kept[index] = TRUE;
      if (g_array_index (fresh, Segment, index).start != segment->start &&
          !run (store, "UPDATE chapter_segments SET start = ?2 WHERE id = ?1", segment->id, NULL,
                g_array_index (fresh, Segment, index).start, error))
        return FALSE;
    }

  for (guint i = 0; i < fresh->len; i++)
    {
      Segment *segment = &g_array_index (fresh, Segment, i);

      if (kept[i])
        continue;
      segment->id = ++next_id;
      if (!add_segment (store, chapter_id, segment, after, error))
        return FALSE;
    }

  return run (store, "INSERT OR IGNORE INTO chapter_segments_pending (chapter_id) VALUES (?1)",
              chapter_id, NULL, 0, error);
}
