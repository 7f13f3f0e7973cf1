/* df-stats.c: writing statistics per project and day
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "df-model-private.h"
#include "df-text.h"

static const DfColumn stats_day_columns[] = {
  { "date", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfStatsDay, date) },
  { "words", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfStatsDay, words) },
  { "words_written", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfStatsDay, words_written) },
  { "chapters", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfStatsDay, chapters) },
  { "commits", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfStatsDay, commits) },
};

static const DfRecordType stats_day_record = {
  sizeof (DfStatsDay), stats_day_columns, G_N_ELEMENTS (stats_day_columns), (GDestroyNotify) df_stats_day_free,
};

void
df_stats_day_free (DfStatsDay *day)
{
  _df_record_free (&stats_day_record, day);
}

/* The day's first save notes the words the project had before it
 * (words_start); from then on the words written that day are what the
 * project grew by since, never below 0: words typed, taken back by Undo
 * and brought back by Redo count once, and text taken out of a chapter
 * takes back as many.  A day noted before words_start existed goes on
 * adding what each save added. */
gboolean
_df_stats_note_save (DfStore  *store,
                     gint64    project_id,
                     gint64    words_delta,
                     GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *today = df_today ();

  stmt = df_store_prepare (store,
                           "INSERT INTO writing_stats (project_id, date, words, words_written, chapters, words_start)"
                           " SELECT ?1, ?2, w, max(?3, 0), n, max(w - ?3, 0)"
                           "  FROM (SELECT coalesce(sum(words), 0) AS w, count(*) AS n FROM chapters WHERE project_id = ?1)"
                           " WHERE true"
                           " ON CONFLICT (project_id, date) DO UPDATE SET"
                           "  words = excluded.words,"
                           "  words_written = CASE WHEN words_start IS NULL THEN words_written + max(?3, 0)"
                           "                  ELSE max(excluded.words - words_start, 0) END,"
                           "  chapters = excluded.chapters",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, today);
  sqlite3_bind_int64 (stmt, 3, words_delta);

  return df_store_step_done (store, stmt, error);
}

/* The words of the last day before @first, which carry into the days
 * from @first on that have no row (0 without one). */
static gboolean
words_before (DfStore     *store,
              gint64       project_id,
              const char  *first,
              gint64      *words,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean found;

  stmt = df_store_prepare (store,
                           "SELECT words FROM writing_stats WHERE project_id = ?1 AND date < ?2"
                           " ORDER BY date DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, first);
  if (!_df_step_one (store, stmt, &found, error))
    return FALSE;

  *words = found ? sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

/* The writing_stats rows of the days from @first to @last. */
static GPtrArray *
load_days (DfStore     *store,
           gint64       project_id,
           const char  *first,
           const char  *last,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _df_record_prepare (store, &stats_day_record,
                             "FROM writing_stats WHERE project_id = ?1 AND date >= ?2 AND date <= ?3", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, first);
  _df_bind_text (stmt, 3, last);
  return _df_record_list (store, stmt, &stats_day_record, NULL, error);
}

GPtrArray *
df_stats_days (DfStore  *store,
               gint64    project_id,
               guint     n_days,
               GError  **error)
{
  g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func ((GDestroyNotify)df_stats_day_free);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) by_date = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *today_str = NULL;
  g_autofree char *first_str = NULL;
  GDate day;
  gint64 carried_words = 0;

  g_return_val_if_fail (n_days > 0, NULL);

  df_date_today (&day);
  today_str = df_date_format (&day);
  g_date_subtract_days (&day, n_days - 1);
  first_str = df_date_format (&day);

  if (!words_before (store, project_id, first_str, &carried_words, error) ||
      (rows = load_days (store, project_id, first_str, today_str, error)) == NULL)
    return NULL;
  for (guint i = 0; i < rows->len; i++)
    {
      DfStatsDay *row = g_ptr_array_index (rows, i);
      g_hash_table_insert (by_date, row->date, row);
    }

  for (guint i = 0; i < n_days; i++)
    {
      g_autofree char *key = df_date_format (&day);
      DfStatsDay *row = g_hash_table_lookup (by_date, key);
      DfStatsDay *out = g_new0 (DfStatsDay, 1);

      out->date = g_steal_pointer (&key);
      if (row != NULL)
        {
          out->words = row->words;
          out->words_written = row->words_written;
          out->chapters = row->chapters;
          out->commits = row->commits;
          carried_words = row->words;
        }
      else
        out->words = carried_words;

      g_ptr_array_add (days, out);
      g_date_add_days (&day, 1);
    }

  return g_steal_pointer (&days);
}

/* Words, chapters, parts and the target of the project. */
static gboolean
compute_totals (DfStore         *store,
                gint64           project_id,
                DfWritingStats  *out,
                GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean found;

  stmt = df_store_prepare (store,
                           "SELECT coalesce(sum(words), 0), count(*),"
                           " (SELECT count(*) FROM parts WHERE project_id = ?1),"
                           " (SELECT target_word_count FROM projects WHERE id = ?1),"
                           " (SELECT count(*) FROM projects WHERE id = ?1)"
                           " FROM chapters WHERE project_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project_id);
  if (!_df_step_one (store, stmt, &found, error))
    return FALSE;
  if (!found || sqlite3_column_int (stmt, 4) == 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND, _("No project with id %" PRId64), project_id);
      return FALSE;
    }
  out->words = sqlite3_column_int64 (stmt, 0);
  out->chapters = sqlite3_column_int64 (stmt, 1);
  out->parts = sqlite3_column_int64 (stmt, 2);
  out->target_word_count = sqlite3_column_int64 (stmt, 3);
  out->target_fraction = out->target_word_count > 0
    ? MIN (1.0, (double)out->words / (double)out->target_word_count) : 0.0;
  out->reading_minutes = df_text_reading_minutes (out->words);

  return TRUE;
}

/* Streaks: runs of consecutive days with words written, up to @today;
 * and the words written today. */
static gboolean
compute_streaks (DfStore         *store,
                 gint64           project_id,
                 const GDate     *today,
                 DfWritingStats  *out,
                 GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *today_str = df_date_format (today);
  GDate date, prev;
  gboolean have_prev = FALSE;
  gint64 run = 0;
  gint64 last_run_end_days_ago = -1;

  stmt = df_store_prepare (store,
                           "SELECT date, words_written FROM writing_stats"
                           " WHERE project_id = ?1 AND words_written > 0 AND date <= ?2 ORDER BY date", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, today_str);
  while (df_store_step (store, stmt, &local_error))
    {
      const char *day = (const char *)sqlite3_column_text (stmt, 0);

      if (!df_date_parse (day, &date))
        continue;

      if (have_prev && g_date_days_between (&prev, &date) == 1)
        run++;
      else
        run = 1;

      out->longest_streak = MAX (out->longest_streak, run);
      last_run_end_days_ago = g_date_days_between (&date, today);

      if (g_strcmp0 (day, today_str) == 0)
        out->words_today = sqlite3_column_int64 (stmt, 1);

      prev = date;
      have_prev = TRUE;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* A streak is still current if the last writing day is today or
   * yesterday (today is not over yet). */
  out->current_streak = (last_run_end_days_ago == 0 || last_run_end_days_ago == 1) ? run : 0;
  return TRUE;
}

gboolean
df_stats_compute (DfStore         *store,
                  gint64           project_id,
                  DfWritingStats  *out,
                  GError         **error)
{
  GDate today;

  memset (out, 0, sizeof *out);
  df_date_today (&today);

  return compute_totals (store, project_id, out, error) &&
         compute_streaks (store, project_id, &today, out, error);
}
