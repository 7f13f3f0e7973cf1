/* bench-codex.c: the codex's budgets on War and Peace (bench/bench-codex.sh)
 *
 *   suggest:        df_codex_suggest over the whole book (budget 1 s);
 *   index:          df_codex_index_project, every chapter's mentions found
 *                   and written, with the first 100 suggestions as the
 *                   codex (with their aliases);
 *   chapter scan:   the pure scan of the longest chapter;
 *   chapter update: what a save adds: df_codex_index_chapter on the
 *                   longest chapter, timed inside the transaction (the
 *                   commit, with its fsync, is the save's) (budget 5 ms);
 *   save:           df_chapter_save_content of that chapter, alternating
 *                   two texts, whole (revision, statistics, mentions).
 *
 * Usage: bench-codex NOVEL RUNS.  Every run is checked (suggestions,
 * mentions found); a failed one stops the benchmark with status 1.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-util.h"
#include "df-codex.h"
#include "df-import.h"
#include "df-model.h"
#include "df-store-private.h"

#define PROGRAM "bench-codex"

static void
report (const char *what,
        GArray     *ms,
        const char *note)
{
  bench_sort (ms);
  printf ("%-16s %5u %10.3f %10.3f %10.3f  %s\n", what, ms->len, g_array_index (ms, double, 0), bench_median (ms),
          g_array_index (ms, double, ms->len - 1), note);
}

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
add_codex (DfStore   *store,
           gint64     project_id,
           GPtrArray *suggestions)
{
  GError *error = NULL;

  for (guint i = 0; i < suggestions->len && i < 100; i++)
    {
      DfCodexSuggestion *s = suggestions->pdata[i];
      g_autoptr(DfCodexEntry) entry = df_codex_entry_create (store, project_id, s->kind, s->name, NULL, NULL, &error);

      if (entry == NULL)
        bench_die (PROGRAM, "adding a suggestion", error);
      for (guint j = 0; s->aliases[j] != NULL; j++)
        if (!df_codex_entry_add_alias (store, entry->id, s->aliases[j], &error))
          g_clear_error (&error);
    }
}

static DfChapter *
longest_chapter (DfStore *store,
                 gint64   project_id)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) chapters = df_chapter_list (store, project_id, &error);
  gint64 best = 0;
  gsize best_len = 0;

  if (chapters == NULL)
    bench_die (PROGRAM, "listing chapters", error);
  for (guint i = 0; i < chapters->len; i++)
    {
      g_autoptr(DfChapter) c = df_chapter_get (store, ((DfChapter *) chapters->pdata[i])->id, &error);

      if (c == NULL)
        bench_die (PROGRAM, "reading a chapter", error);
      if (strlen (c->content_md) > best_len)
        {
          best_len = strlen (c->content_md);
          best = c->id;
        }
    }
  return df_chapter_get (store, best, &error);
}

static void
bench_chapter (DfStore   *store,
               gint64     project_id,
               guint      runs)
{
  GError *error = NULL;
  g_autoptr(DfChapter) chapter = longest_chapter (store, project_id);
  g_autoptr(DfCodexMatcher) matcher = df_codex_matcher_for_project (store, project_id, &error);
  g_autoptr(GArray) scan = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) update = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) save = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *other = g_strconcat (chapter->content_md, "\n\nPierre.", NULL);
  g_autofree char *note = NULL;
  guint found = 0;
  gboolean ok;

  if (matcher == NULL)
    bench_die (PROGRAM, "building the matcher", error);
  for (guint i = 0; i < runs; i++)
    {
      gint64 t = g_get_monotonic_time ();
      g_autoptr(GArray) matches = df_codex_matcher_scan (matcher, chapter->content_md, -1);

      g_array_append_vals (scan, (double[]) { elapsed_ms (t) }, 1);
      if (matches->len == 0)
        bench_die (PROGRAM, "the longest chapter mentions nothing", NULL);
      found = matches->len;

      /* Inside a transaction, as in a save: its commit is the save's. */
      if (!df_store_begin (store, &error))
        bench_die (PROGRAM, "beginning a transaction", error);
      t = g_get_monotonic_time ();
      ok = df_codex_index_chapter (store, project_id, chapter->id, chapter->content_md, &error);
      g_array_append_vals (update, (double[]) { elapsed_ms (t) }, 1);
      if (!df_store_end (store, ok, &error))
        bench_die (PROGRAM, "updating the chapter's mentions", error);

      t = g_get_monotonic_time ();
      if (!df_chapter_save_content (store, chapter->id, i % 2 ? chapter->content_md : other, &error))
        bench_die (PROGRAM, "saving the chapter", error);
      g_array_append_vals (save, (double[]) { elapsed_ms (t) }, 1);
    }
  note = g_strdup_printf ("chapter %" G_GINT64_FORMAT ", %zu bytes, %u mentions", chapter->number,
                          strlen (chapter->content_md), found);
  report ("chapter scan", scan, note);
  report ("chapter update", update, "budget 5 ms");
  report ("save, whole", save, "revision, statistics and mentions");
}

int
main (int    argc,
      char **argv)
{
  GError *error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfImportResult) book = NULL;
  g_autoptr(GArray) suggest = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) index = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) first = NULL;
  g_autofree char *note = NULL;
  gint64 mentions = 0, chapters = 0;
  guint runs;

  if (argc != 3 || (runs = atoi (argv[2])) == 0)
    {
      fprintf (stderr, "Usage: %s NOVEL RUNS\n", argv[0]);
      return 2;
    }
  store = bench_store_new (PROGRAM, "df-bench-codex-XXXXXX", TRUE, &dir);
  book = df_import_run (store, argv[1], DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  if (book == NULL)
    bench_die (PROGRAM, "importing", error);

  printf ("%-16s %5s %10s %10s %10s\n", "benchmark", "runs", "min ms", "median ms", "max ms");
  for (guint i = 0; i < runs; i++)
    {
      gint64 t = g_get_monotonic_time ();
      g_autoptr(GPtrArray) all = df_codex_suggest (store, book->project->id, 0, &error);

      if (all == NULL || all->len < 30)
        bench_die (PROGRAM, "suggesting (fewer than 30 suggestions)", error);
      g_array_append_vals (suggest, (double[]) { elapsed_ms (t) }, 1);
      if (first == NULL)
        first = g_steal_pointer (&all);
    }
  note = g_strdup_printf ("%u suggestions; first: %s, %s, %s; budget 1 s", first->len,
                          ((DfCodexSuggestion *) first->pdata[0])->name, ((DfCodexSuggestion *) first->pdata[1])->name,
                          ((DfCodexSuggestion *) first->pdata[2])->name);
  report ("suggest", suggest, note);
  add_codex (store, book->project->id, first);

  for (guint i = 0; i < runs; i++)
    {
      gint64 t = g_get_monotonic_time ();

      if (!df_codex_index_project (store, book->project->id, &error))
        bench_die (PROGRAM, "indexing the book", error);
      g_array_append_vals (index, (double[]) { elapsed_ms (t) }, 1);
    }
  if (!df_codex_mention_totals (store, book->project->id, &mentions, &chapters, &error) || mentions == 0)
    bench_die (PROGRAM, "counting the mentions (none found)", error);
  g_free (note);
  note = g_strdup_printf ("%" G_GINT64_FORMAT " mentions of %u entries in %" G_GINT64_FORMAT " chapters",
                          mentions, MIN (first->len, 100), chapters);
  report ("index, book", index, note);

  bench_chapter (store, book->project->id, runs);

  g_clear_object (&store);
  bench_rm_rf (dir);
  return 0;
}
