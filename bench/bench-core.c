/* bench-core.c: timings of the core on War and Peace
 *
 * Imports the novel into a fresh database, counts its words beside
 * `wc -w`, searches it and lists its chapters; each measured several
 * times, printed as min/median/max in milliseconds and as a multiple of
 * `wc -w` on the same file in the same run.  Not part of the test suite:
 * run bench/run-core.sh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-core"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "df-import.h"
#include "df-model.h"
#include "df-store.h"
#include "df-text.h"

/* A benchmark that gets slow stops repeating after this long (but always
 * runs at least MIN_RUNS times). */
#define BUDGET_USEC (20 * G_USEC_PER_SEC)
#define MIN_RUNS 3

typedef struct
{
  char   *name;
  GArray *ms;          /* double */
  char   *note;
} Result;

static GPtrArray *results;
static volatile gint64 sink;

static void
result_free (Result *result)
{
  g_free (result->name);
  g_array_unref (result->ms);
  g_free (result->note);
  g_free (result);
}

static Result *
result_new (const char *name)
{
  Result *result = g_new0 (Result, 1);

  result->name = g_strdup (name);
  result->ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_ptr_array_add (results, result);
  return result;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

static double
result_median (Result *result)
{
  GArray *sorted = result->ms;
  guint n = sorted->len;

  g_array_sort (sorted, compare_double);
  if (n == 0)
    return 0;
  if (n % 2 == 1)
    return g_array_index (sorted, double, n / 2);
  return (g_array_index (sorted, double, n / 2 - 1) + g_array_index (sorted, double, n / 2)) / 2;
}

static gboolean
keep_going (Result *result,
            guint   runs,
            gint64  started)
{
  if (result->ms->len >= runs)
    return FALSE;
  if (result->ms->len >= MIN_RUNS && g_get_monotonic_time () - started > BUDGET_USEC)
    return FALSE;
  return TRUE;
}

static void
add_time (Result *result,
          gint64  t0)
{
  double ms = (g_get_monotonic_time () - t0) / 1000.0;

  g_array_append_val (result->ms, ms);
}

static void
rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      GDir *dir = g_dir_open (path, 0, NULL);
      const char *name;

      if (dir != NULL)
        {
          while ((name = g_dir_read_name (dir)) != NULL)
            {
              g_autofree char *child = g_build_filename (path, name, NULL);
              rm_rf (child);
            }
          g_dir_close (dir);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
die (const char *what,
     GError     *error)
{
  g_printerr ("bench-core: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

static gint64
wc_words (const char *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { "wc", "-w", file, NULL };
  int status = 0;

  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, &error))
    die ("running wc -w", error);
  if (!g_spawn_check_wait_status (status, &error))
    die ("wc -w", error);
  return g_ascii_strtoll (out, NULL, 10);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autofree char *corpus = NULL;
  g_autofree char *novel = NULL;
  g_autofree char *text = NULL;
  g_autofree char *search_dir = NULL;
  g_autofree char *search_db = NULL;
  gsize text_len = 0;
  int runs = 15;
  gint64 df_count = 0;
  gint64 wc_count = 0;
  double wc_median;
  static const char * const queries[] = { "Natasha", "borodino", "moscow", NULL };
  GOptionEntry entries[] = {
    { "corpus", 'c', 0, G_OPTION_ARG_FILENAME, &corpus, "The corpus folder (default: $DRAFTFORGE_CORPUS)", "DIR" },
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Times to measure each benchmark (default: 15)", "N" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  results = g_ptr_array_new_with_free_func ((GDestroyNotify)result_free);

  context = g_option_context_new ("- time the DraftForge core on War and Peace");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    die ("options", error);
  if (runs < 1)
    {
      g_printerr ("bench-core: --runs must be at least 1 (got %d)\n", runs);
      return 1;
    }

  if (corpus == NULL)
    corpus = g_strdup (g_getenv ("DRAFTFORGE_CORPUS"));
  if (corpus == NULL)
    {
      g_printerr ("bench-core: no corpus: pass --corpus DIR or set DRAFTFORGE_CORPUS\n");
      return 1;
    }
  novel = g_build_filename (corpus, "novels", "war-and-peace.txt", NULL);
  if (!g_file_get_contents (novel, &text, &text_len, &error))
    die ("reading the corpus", error);

  g_print ("War and Peace: %s (%" G_GSIZE_FORMAT " bytes), up to %d runs each\n\n",
           novel, text_len, runs);

  /* wc -w, the yardstick */
  {
    Result *result = result_new ("wc -w (process, same file)");
    gint64 started = g_get_monotonic_time ();

    while (keep_going (result, runs, started))
      {
        gint64 t0 = g_get_monotonic_time ();
        wc_count = wc_words (novel);
        add_time (result, t0);
      }
    result->note = g_strdup_printf ("%" G_GINT64_FORMAT " words", wc_count);
  }

  /* df_text_count_words on the file's bytes */
  {
    Result *result = result_new ("df_text_count_words");
    gint64 started = g_get_monotonic_time ();

    while (keep_going (result, runs, started))
      {
        gint64 t0 = g_get_monotonic_time ();
        df_count = df_text_count_words (text, text_len);
        add_time (result, t0);
        sink += df_count;
      }
    result->note = g_strdup_printf ("%" G_GINT64_FORMAT " words", df_count);
  }

  /* df_import into a fresh database each time */
  {
    Result *result = result_new ("df_import (fresh database)");
    gint64 started = g_get_monotonic_time ();
    gint64 n_chapters = 0;

    while (keep_going (result, runs, started))
      {
        g_autofree char *dir = g_dir_make_tmp ("df-bench-XXXXXX", &error);
        g_autofree char *db = NULL;
        g_autoptr(DfStore) fresh = NULL;
        g_autoptr(DfProject) imported = NULL;
        gint64 t0;

        if (dir == NULL)
          die ("making a temporary folder", error);
        db = g_build_filename (dir, "bench.db", NULL);
        fresh = df_store_open (db, &error);
        if (fresh == NULL)
          die (db, error);

        t0 = g_get_monotonic_time ();
        imported = df_import (fresh, novel, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
        add_time (result, t0);
        if (imported == NULL)
          die ("importing War and Peace", error);
        n_chapters = imported->n_chapters;

        g_clear_object (&fresh);
        rm_rf (dir);
      }
    result->note = g_strdup_printf ("%" G_GINT64_FORMAT " chapters", n_chapters);
  }

  /* One imported copy for searching and listing. */
  search_dir = g_dir_make_tmp ("df-bench-XXXXXX", &error);
  if (search_dir == NULL)
    die ("making a temporary folder", error);
  search_db = g_build_filename (search_dir, "bench.db", NULL);
  store = df_store_open (search_db, &error);
  if (store == NULL)
    die (search_db, error);
  project = df_import (store, novel, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  if (project == NULL)
    die ("importing War and Peace", error);

  for (guint q = 0; queries[q] != NULL; q++)
    {
      g_autofree char *name = g_strdup_printf ("df_search \"%s\"", queries[q]);
      Result *result = result_new (name);
      gint64 started = g_get_monotonic_time ();
      guint n_hits = 0;

      while (keep_going (result, runs, started))
        {
          g_autoptr(GPtrArray) hits = NULL;
          gint64 t0 = g_get_monotonic_time ();

          hits = df_search (store, project->id, queries[q], 100, &error);
          add_time (result, t0);
          if (hits == NULL)
            die (name, error);
          n_hits = hits->len;
        }
      result->note = g_strdup_printf ("%u hits (limit 100)", n_hits);
    }

  {
    Result *result = result_new ("df_chapter_list");
    gint64 started = g_get_monotonic_time ();

    while (keep_going (result, runs, started))
      {
        gint64 t0 = g_get_monotonic_time ();

        g_clear_pointer (&chapters, g_ptr_array_unref);
        chapters = df_chapter_list (store, project->id, &error);
        add_time (result, t0);
        if (chapters == NULL)
          die ("listing chapters", error);
      }
    result->note = g_strdup_printf ("%u chapters", chapters->len);
  }

  g_clear_object (&store);
  rm_rf (search_dir);

  /* The table */
  wc_median = result_median (g_ptr_array_index (results, 0));
  g_print ("%-30s %5s %10s %10s %10s %9s  %s\n",
           "benchmark", "runs", "min ms", "median ms", "max ms", "x wc -w", "result");
  for (guint i = 0; i < results->len; i++)
    {
      Result *result = g_ptr_array_index (results, i);
      double median = result_median (result);
      GArray *ms = result->ms;

      g_print ("%-30s %5u %10.3f %10.3f %10.3f %9.2f  %s\n",
               result->name, ms->len,
               g_array_index (ms, double, 0), median, g_array_index (ms, double, ms->len - 1),
               wc_median > 0 ? median / wc_median : 0.0,
               result->note ? result->note : "");
    }

  g_print ("\nWords: DraftForge %" G_GINT64_FORMAT ", wc -w %" G_GINT64_FORMAT
           " (wc counts any run of non-spaces: \"--\", \"*\" and \"1.\" are words to it)\n",
           df_count, wc_count);

  g_ptr_array_unref (results);
  return 0;
}
