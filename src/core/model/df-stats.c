/* df-stats.c: writing statistics per project and day
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "df-model-private.h"
#include "df-text.h"

void
df_stats_day_free (DfStatsDay *day)
{
  if (day == NULL)
    return;
  g_free (day->date);
  g_free (day);
}

gboolean
_df_stats_note_save (DfStore  *store,
                     gint64    project_id,
                     gint64    words_delta,
                     GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *today = df_today ();

  stmt = df_store_prepare (store,
                           "INSERT INTO writing_stats (project_id, date, words, words_written, chapters)"
                           " SELECT ?1, ?2, coalesce(sum(words), 0), ?3, count(*) FROM chapters WHERE project_id = ?1"
                           " ON CONFLICT (project_id, date) DO UPDATE SET"
                           "  words = excluded.words,"
                           "  words_written = words_written + ?3,"
                           "  chapters = excluded.chapters",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, today);
  sqlite3_bind_int64 (stmt, 3, MAX (words_delta, 0));

  return df_store_step_done (store, stmt, error);
}

static GDate *
parse_date (const char *iso)
{
  guint y, m, d;
  GDate *date;

  if (iso == NULL || sscanf (iso, "%4u-%2u-%2u", &y, &m, &d) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return NULL;

  date = g_date_new_dmy (d, m, y);
  return date;
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
}

GPtrArray *
df_stats_days (DfStore  *store,
               gint64    project_id,
               guint     n_days,
               GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func ((GDestroyNotify)df_stats_day_free);
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)df_stats_day_free);
  g_autoptr(GPtrArray) owned = g_ptr_array_new ();
  g_autofree char *today_str = df_today ();
  g_autofree char *first_str = NULL;
  GDate *today = parse_date (today_str);
  GDate *day;
  gint64 carried_words = 0;

  g_return_val_if_fail (n_days > 0, NULL);

  day = g_date_copy (today);
  g_date_subtract_days (day, n_days - 1);
  first_str = format_date (day);

  /* The words of the last day before the window carry into it. */
  stmt = df_store_prepare (store,
                           "SELECT words FROM writing_stats WHERE project_id = ?1 AND date < ?2"
                           " ORDER BY date DESC LIMIT 1", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, first_str);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    carried_words = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = df_store_prepare (store,
                           "SELECT date, words, words_written, chapters, commits FROM writing_stats"
                           " WHERE project_id = ?1 AND date >= ?2 AND date <= ?3", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, first_str);
  _df_bind_text (stmt, 3, today_str);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      DfStatsDay *row = g_new0 (DfStatsDay, 1);

      row->date = _df_col_text (stmt, 0);
      row->words = sqlite3_column_int64 (stmt, 1);
      row->words_written = sqlite3_column_int64 (stmt, 2);
      row->chapters = sqlite3_column_int64 (stmt, 3);
      row->commits = sqlite3_column_int64 (stmt, 4);
      g_hash_table_insert (rows, row->date, row);
    }

  for (guint i = 0; i < n_days; i++)
    {
      g_autofree char *key = format_date (day);
      DfStatsDay *row = g_hash_table_lookup (rows, key);
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
      g_date_add_days (day, 1);
    }

out:
  g_date_free (day);
  g_date_free (today);
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&days);
}

gboolean
df_stats_compute (DfStore         *store,
                  gint64           project_id,
                  DfWritingStats  *out,
                  GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *today_str = df_today ();
  GDate *today = parse_date (today_str);
  GDate *prev = NULL;
  gint64 run = 0;
  gint64 last_run_end_days_ago = -1;

  memset (out, 0, sizeof *out);

  stmt = df_store_prepare (store,
                           "SELECT coalesce(sum(words), 0), count(*),"
                           " (SELECT count(*) FROM parts WHERE project_id = ?1),"
                           " (SELECT target_word_count FROM projects WHERE id = ?1),"
                           " (SELECT count(*) FROM projects WHERE id = ?1)"
                           " FROM chapters WHERE project_id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, project_id);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int (stmt, 4) == 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND, _("No project with id %" PRId64), project_id);
      goto fail;
    }
  out->words = sqlite3_column_int64 (stmt, 0);
  out->chapters = sqlite3_column_int64 (stmt, 1);
  out->parts = sqlite3_column_int64 (stmt, 2);
  out->target_word_count = sqlite3_column_int64 (stmt, 3);
  out->target_fraction = out->target_word_count > 0
    ? MIN (1.0, (double)out->words / (double)out->target_word_count) : 0.0;
  out->reading_minutes = df_text_reading_minutes (out->words);
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* Streaks: runs of consecutive days with words written. */
  stmt = df_store_prepare (store,
                           "SELECT date, words_written FROM writing_stats"
                           " WHERE project_id = ?1 AND words_written > 0 AND date <= ?2 ORDER BY date", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, today_str);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GDate *date = parse_date ((const char *)sqlite3_column_text (stmt, 0));

      if (date == NULL)
        continue;

      if (prev != NULL && g_date_days_between (prev, date) == 1)
        run++;
      else
        run = 1;

      out->longest_streak = MAX (out->longest_streak, run);
      last_run_end_days_ago = g_date_days_between (date, today);

      if (g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), today_str) == 0)
        out->words_today = sqlite3_column_int64 (stmt, 1);

      g_clear_pointer (&prev, g_date_free);
      prev = date;
    }

  /* A streak is still current if the last writing day is today or
   * yesterday (today is not over yet). */
  out->current_streak = (last_run_end_days_ago == 0 || last_run_end_days_ago == 1) ? run : 0;

  g_clear_pointer (&prev, g_date_free);
  g_date_free (today);
  return TRUE;

fail:
  g_clear_pointer (&prev, g_date_free);
  g_date_free (today);
  return FALSE;
}
