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

#include "bench-util.h"

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

/* What the benchmarks run on. */
typedef struct
{
  int          runs;
  const char  *novel;       /* War and Peace's path */
  char        *text;        /* and its bytes */
  gsize        text_len;
  DfStore     *store;       /* one imported copy, for searching and listing */
  DfProject   *project;
  const char  *query;
  gint64       wc_count;
  gint64       df_count;
  gint64       n_chapters;
  guint        n_hits;
  guint        n_listed;
} Core;

/* One run of a benchmark: returns the milliseconds it took. */
typedef double (*RunFunc) (Core *core);

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

static G_NORETURN void
die (const char *what,
     GError     *error)
{
  bench_die ("bench-core", what, error);
}

static double
ms_since (gint64 t0)
{
  return (g_get_monotonic_time () - t0) / 1000.0;
}

/* Runs @run @core->runs times, or fewer (but MIN_RUNS) once it has taken
 * BUDGET_USEC, into a new result. */
static Result *
measure (const char *name,
         Core       *core,
         RunFunc     run)
{
  Result *result = g_new0 (Result, 1);
  gint64 started = g_get_monotonic_time ();

  result->name = g_strdup (name);
  result->ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_ptr_array_add (results, result);
  while (result->ms->len < (guint) core->runs &&
         (result->ms->len < MIN_RUNS || g_get_monotonic_time () - started <= BUDGET_USEC))
    {
      double ms = run (core);

      g_array_append_val (result->ms, ms);
    }
  return result;
}

/* ---- the benchmarks ---------------------------------------------------- */

/* wc -w, the yardstick */
static double
run_wc (Core *core)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { "wc", "-w", core->novel, NULL };
  int status = 0;
  gint64 t0 = g_get_monotonic_time ();

  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, &error))
    die ("running wc -w", error);
  if (!g_spawn_check_wait_status (status, &error))
    die ("wc -w", error);
  core->wc_count = g_ascii_strtoll (out, NULL, 10);
  return ms_since (t0);
}

/* df_text_count_words on the file's bytes */
static double
run_count_words (Core *core)
{
  gint64 t0 = g_get_monotonic_time ();

  core->df_count = df_text_count_words (core->text, core->text_len);
  sink += core->df_count;
  return ms_since (t0);
}

/* df_import into a fresh database each time */
static double
run_import (Core *core)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(DfStore) fresh = bench_store_new ("bench-core", "df-bench-XXXXXX", FALSE, &dir);
  g_autoptr(DfProject) imported = NULL;
  gint64 t0;
  double ms;

  t0 = g_get_monotonic_time ();
  imported = df_import (fresh, core->novel, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  ms = ms_since (t0);
  if (imported == NULL)
    die ("importing War and Peace", error);
  core->n_chapters = imported->n_chapters;
  g_clear_object (&fresh);
  bench_rm_rf (dir);
  return ms;
}

static double
run_search (Core *core)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  gint64 t0 = g_get_monotonic_time ();
  double ms;

  hits = df_search (core->store, core->project->id, core->query, 100, &error);
  ms = ms_since (t0);
  if (hits == NULL)
    die (core->query, error);
  core->n_hits = hits->len;
  return ms;
}

static double
run_chapter_list (Core *core)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  gint64 t0 = g_get_monotonic_time ();
  double ms;

  chapters = df_chapter_list (core->store, core->project->id, &error);
  ms = ms_since (t0);
  if (chapters == NULL)
    die ("listing chapters", error);
  core->n_listed = chapters->len;
  return ms;
}

/* Searching and listing, on one imported copy. */
static void
measure_imported (Core *core)
{
  static const char * const queries[] = { "Natasha", "borodino", "moscow", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  Result *result;

  core->store = bench_store_new ("bench-core", "df-bench-XXXXXX", FALSE, &dir);
  core->project = df_import (core->store, core->novel, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  if (core->project == NULL)
    die ("importing War and Peace", error);

  for (guint q = 0; queries[q] != NULL; q++)
    {
      g_autofree char *name = g_strdup_printf ("df_search \"%s\"", queries[q]);

      core->query = queries[q];
      result = measure (name, core, run_search);
      result->note = g_strdup_printf ("%u hits (limit 100)", core->n_hits);
    }
  result = measure ("df_chapter_list", core, run_chapter_list);
  result->note = g_strdup_printf ("%u chapters", core->n_listed);

  g_clear_pointer (&core->project, df_project_free);
  g_clear_object (&core->store);
  bench_rm_rf (dir);
}

/* ---- the command ------------------------------------------------------- */

/* --corpus and --runs; reads War and Peace into @core. */
static void
parse_options (int    *argc,
               char ***argv,
               Core   *core,
               char  **novel)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *corpus = NULL;
  GOptionEntry entries[] = {
    { "corpus", 'c', 0, G_OPTION_ARG_FILENAME, &corpus, "The corpus folder (default: $DRAFTFORGE_CORPUS)", "DIR" },
    { "runs", 'n', 0, G_OPTION_ARG_INT, &core->runs, "Times to measure each benchmark (default: 15)", "N" },
    { NULL }
  };

  context = g_option_context_new ("- time the DraftForge core on War and Peace");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    die ("options", error);
  if (core->runs < 1)
    {
      g_printerr ("bench-core: --runs must be at least 1 (got %d)\n", core->runs);
      exit (1);
    }
  if (corpus == NULL)
    corpus = g_strdup (g_getenv ("DRAFTFORGE_CORPUS"));
  if (corpus == NULL)
    {
      g_printerr ("bench-core: no corpus: pass --corpus DIR or set DRAFTFORGE_CORPUS\n");
      exit (1);
    }
  *novel = g_build_filename (corpus, "novels", "war-and-peace.txt", NULL);
  if (!g_file_get_contents (*novel, &core->text, &core->text_len, &error))
    die ("reading the corpus", error);
  core->novel = *novel;
}

/* min, median and max of each benchmark, and as a multiple of wc -w's. */
static void
print_table (void)
{
  double wc_median = bench_median (((Result *) g_ptr_array_index (results, 0))->ms);

  g_print ("%-30s %5s %10s %10s %10s %9s  %s\n",
           "benchmark", "runs", "min ms", "median ms", "max ms", "x wc -w", "result");
  for (guint i = 0; i < results->len; i++)
    {
      Result *result = g_ptr_array_index (results, i);
      double median = bench_median (result->ms);
      GArray *ms = result->ms;

      g_print ("%-30s %5u %10.3f %10.3f %10.3f %9.2f  %s\n",
               result->name, ms->len,
               g_array_index (ms, double, 0), median, g_array_index (ms, double, ms->len - 1),
               wc_median > 0 ? median / wc_median : 0.0,
               result->note ? result->note : "");
    }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *novel = NULL;
  Core core = { .runs = 15 };
  Result *result;

  setlocale (LC_ALL, "");
  results = g_ptr_array_new_with_free_func ((GDestroyNotify)result_free);
  parse_options (&argc, &argv, &core, &novel);

  g_print ("War and Peace: %s (%" G_GSIZE_FORMAT " bytes), up to %d runs each\n\n",
           core.novel, core.text_len, core.runs);

  result = measure ("wc -w (process, same file)", &core, run_wc);
  result->note = g_strdup_printf ("%" G_GINT64_FORMAT " words", core.wc_count);
  result = measure ("df_text_count_words", &core, run_count_words);
  result->note = g_strdup_printf ("%" G_GINT64_FORMAT " words", core.df_count);
  result = measure ("df_import (fresh database)", &core, run_import);
  result->note = g_strdup_printf ("%" G_GINT64_FORMAT " chapters", core.n_chapters);
  measure_imported (&core);

  print_table ();
  g_print ("\nWords: DraftForge %" G_GINT64_FORMAT ", wc -w %" G_GINT64_FORMAT
           " (wc counts any run of non-spaces: \"--\", \"*\" and \"1.\" are words to it)\n",
           core.df_count, core.wc_count);

  g_free (core.text);
  g_ptr_array_unref (results);
  return 0;
}
