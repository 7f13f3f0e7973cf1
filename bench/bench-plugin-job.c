/* bench-plugin-job.c: an export in this process against the same export in
 * the helper process, in the same run
 *
 *   DRAFTFORGE_PLUGIN_PATH=... DRAFTFORGE_PLUGIN_RUNNER=... \
 *     bench-plugin-job DB SLUG FORMAT OUTPUT [RUNS]
 *
 * The plugins are loaded first (as the application and the command line
 * have them loaded); then the two ways alternate, RUNS times each
 * (default 9).  Prints each way's median in ms and the difference, then
 * what the in-process guard costs per call into a plugin; exits
 * with 1 when any run fails, saying which.  bench/bench-plugin-job.sh
 * builds and runs it and holds the difference to its budget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "df-model.h"
#include "df-plugin-job.h"

#include "bench-util.h"

#define PROGRAM "bench-plugin-job"

static double
time_one (DfPluginHost *host,
          DfExporter   *exporter,
          DfStore      *store,
          gint64        project_id,
          const char   *output,
          gboolean      helper)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfExportResult) result = NULL;
  gint64 start = g_get_monotonic_time ();

  if (helper)
    result = df_plugin_job_export (host, exporter, store, project_id, output, NULL, NULL, NULL, NULL, NULL, &error);
  else
    result = df_export_run (exporter, store, project_id, output, NULL, NULL, NULL, NULL, &error);
  if (result == NULL)
    bench_die (PROGRAM, helper ? "the export in the helper failed" : "the export in this process failed", error);
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfPluginHost) host = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GArray) inside = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) outside = g_array_new (FALSE, FALSE, sizeof (double));
  DfExporter *exporter;
  int runs = argc > 5 ? atoi (argv[5]) : 9;
  double in_ms, out_ms;

  if (argc < 5 || runs <= 0)
    {
      fprintf (stderr, "usage: %s DB SLUG FORMAT OUTPUT [RUNS]\n", PROGRAM);
      return 1;
    }
  if ((store = df_store_open (argv[1], &error)) == NULL)
    bench_die (PROGRAM, argv[1], error);
  if ((project = df_project_get (store, argv[2], FALSE, &error)) == NULL)
    bench_die (PROGRAM, argv[2], error);
  host = df_plugin_host_new (store, NULL);
  df_plugin_host_load (host);
  if ((exporter = df_plugin_host_find_exporter (host, argv[3])) == NULL)
    {
      fprintf (stderr, "%s: no exporter for %s is enabled and loaded\n", PROGRAM, argv[3]);
      return 1;
    }

  /* One of each first: the page cache, the module's first use. */
  time_one (host, exporter, store, project->id, argv[4], FALSE);
  time_one (host, exporter, store, project->id, argv[4], TRUE);
  for (int i = 0; i < runs; i++)
    {
      double a = time_one (host, exporter, store, project->id, argv[4], i % 2 == 0);
      double b = time_one (host, exporter, store, project->id, argv[4], i % 2 != 0);

      g_array_append_val (i % 2 == 0 ? outside : inside, a);
      g_array_append_val (i % 2 == 0 ? inside : outside, b);
    }
  in_ms = bench_median (inside);
  out_ms = bench_median (outside);
  printf ("in-process %.1f ms\nhelper %.1f ms\noverhead %.1f ms\n", in_ms, out_ms, out_ms - in_ms);

  /* The in-process guard: what one call into a plugin pays (a start of
   * the application makes one per plugin loaded, and a few per UI
   * extension). */
  {
    gint64 start = g_get_monotonic_time ();

    for (int i = 0; i < 1000; i++)
      {
        df_plugin_guard_enter ("io.github.draftforge.Bench", "bench");
        df_plugin_guard_leave ("io.github.draftforge.Bench");
      }
    printf ("guard %.1f us\n", (g_get_monotonic_time () - start) / 1000.0);
  }
  return 0;
}
