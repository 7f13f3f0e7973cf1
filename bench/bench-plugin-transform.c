/* bench-plugin-transform.c: a reader transform, and a sync backend's
 * status, in this process against the same call in the helper process,
 * in the same run
 *
 *   DRAFTFORGE_PLUGIN_PATH=... DRAFTFORGE_PLUGIN_RUNNER=... \
 *     bench-plugin-transform DB SLUG N [RUNS]
 *
 * Chapter N of SLUG goes through the personaliser (the bundled reader
 * transform) for the active profile; then, with BENCH_SYNC set (the
 * project linked to a repository with a remote), the git backend's
 * status and a sync with nothing to do.  The two ways
 * alternate, RUNS times each (default 9).  Prints each way's median in
 * ms and the difference; exits with 1 when any run fails, saying which.
 * bench/bench-plugin-transform.sh builds and runs it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "df-model.h"
#include "df-plugin-job.h"

#include "bench-util.h"

#define PROGRAM "bench-plugin-transform"

typedef struct
{
  DfStore           *store;
  DfProfile         *profile;
  DfChapter         *chapter;
  gint64             project_id;
  DfReaderTransform *transform[2];   /* in this process, in the helper */
  DfSyncBackend     *backend[2];
} Bench;

static double
time_transform (Bench *b,
                int    way)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 start = g_get_monotonic_time ();

  text = df_reader_transform_transform (b->transform[way], b->store, b->profile, b->chapter, NULL, &error);
  if (text == NULL)
    bench_die (PROGRAM, way ? "the transform in the helper failed" : "the transform in this process failed", error);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
time_status (Bench *b,
             int    way)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfSyncStatus) status = NULL;
  gint64 start = g_get_monotonic_time ();

  status = df_sync_backend_status (b->backend[way], b->store, b->project_id, &error);
  if (status == NULL)
    bench_die (PROGRAM, way ? "the status in the helper failed" : "the status in this process failed", error);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
time_sync (Bench *b,
           int    way)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  gint64 start = g_get_monotonic_time ();

  summary = df_sync_backend_sync (b->backend[way], b->store, b->project_id, NULL, NULL, NULL, NULL, &error);
  if (summary == NULL)
    bench_die (PROGRAM, way ? "the sync in the helper failed" : "the sync in this process failed", error);
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Alternates the two ways of @time_one @runs times; prints the medians. */
static void
compare (const char *what,
         Bench      *b,
         double    (*time_one) (Bench *, int),
         int         runs)
{
  g_autoptr(GArray) inside = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) outside = g_array_new (FALSE, FALSE, sizeof (double));
  double in_ms, out_ms;

  /* One of each first: the page cache, the module's first use. */
  time_one (b, 0);
  time_one (b, 1);
  for (int i = 0; i < runs; i++)
    {
      double first = time_one (b, i % 2);
      double second = time_one (b, (i + 1) % 2);

      g_array_append_val (i % 2 == 0 ? inside : outside, first);
      g_array_append_val (i % 2 == 0 ? outside : inside, second);
    }
  in_ms = bench_median (inside);
  out_ms = bench_median (outside);
  printf ("%s in-process %.1f ms\n%s helper %.1f ms\n%s overhead %.1f ms\n", what, in_ms, what, out_ms, what,
          out_ms - in_ms);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfPluginHost) host = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) transforms = NULL;
  g_autoptr(GPtrArray) backends = NULL;
  int runs = argc > 4 ? atoi (argv[4]) : 9;
  Bench b = { 0 };

  if (argc < 4 || runs <= 0)
    {
      fprintf (stderr, "usage: %s DB SLUG N [RUNS]\n", PROGRAM);
      return 1;
    }
  if ((b.store = df_store_open (argv[1], &error)) == NULL)
    bench_die (PROGRAM, argv[1], error);
  if ((project = df_project_get (b.store, argv[2], FALSE, &error)) == NULL ||
      (b.chapter = df_chapter_get_by_number (b.store, project->id, atoi (argv[3]), &error)) == NULL ||
      (b.profile = df_profile_get_active (b.store, &error)) == NULL)
    bench_die (PROGRAM, argv[2], error);
  if (b.chapter->content_md == NULL)
    {
      /* With its text, as the reader has it. */
      gint64 id = b.chapter->id;

      g_clear_pointer (&b.chapter, df_chapter_free);
      if ((b.chapter = df_chapter_get (b.store, id, &error)) == NULL)
        bench_die (PROGRAM, argv[3], error);
    }
  b.project_id = project->id;
  host = df_plugin_host_new (b.store, NULL);
  df_plugin_host_load (host);
  transforms = df_plugin_host_get_reader_transforms (host);
  if (transforms->len == 0)
    {
      fprintf (stderr, "%s: no reader transform is enabled and loaded\n", PROGRAM);
      return 1;
    }
  b.transform[0] = g_object_ref (transforms->pdata[0]);
  b.transform[1] = df_plugin_job_reader_transform (host, transforms->pdata[0], NULL);
  compare ("transform", &b, time_transform, runs);

  backends = df_plugin_host_get_sync_backends (host);
  if (backends->len > 0 && g_getenv ("BENCH_SYNC") != NULL)
    {
      b.backend[0] = g_object_ref (backends->pdata[0]);
      b.backend[1] = df_plugin_job_sync_backend (host, backends->pdata[0], NULL);
      compare ("status", &b, time_status, runs);
      compare ("sync", &b, time_sync, runs);
    }
  return 0;
}
