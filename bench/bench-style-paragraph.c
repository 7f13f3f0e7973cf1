/* bench-style-paragraph.c: re-checking one paragraph, as the editor does
 * while the writer types
 *
 * Loads the plugins (DRAFTFORGE_PLUGIN_PATH), finds the style agent and
 * calls df_agent_check_text on every paragraph of FILE (a chapter's
 * Markdown) in turn, ROUNDS times; then on its longest paragraph alone.
 * Prints one line of JSON: the paragraphs, the median, 99th percentile
 * and worst time of a call in ms, and the longest paragraph's median.
 * bench/bench-style.sh runs it.
 *
 * Usage: bench-style-paragraph FILE [ROUNDS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bench-util.h"
#include "df-plugin-host.h"

#define PROGRAM "bench-style-paragraph"

static double
time_call (DfAgent *agent, const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  gint64 start = g_get_monotonic_time ();

  issues = df_agent_check_text (agent, NULL, text, -1, &error);
  if (issues == NULL)
    bench_die (PROGRAM, "check_text", error);
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfPluginHost) host = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) longest_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_auto(GStrv) paragraphs = NULL;
  const char *longest = "";
  guint rounds = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 5;
  guint n = 0;
  DfAgent *agent;
  double p99, worst;

  if (argc < 2 || rounds == 0)
    {
      fprintf (stderr, "Usage: %s FILE [ROUNDS]\n", PROGRAM);
      return 2;
    }
  if (!g_file_get_contents (argv[1], &contents, NULL, &error))
    bench_die (PROGRAM, argv[1], error);
  store = bench_store_new (PROGRAM, "draftforge-bench-style-XXXXXX", TRUE, &dir);
  host = df_plugin_host_new (store, NULL);
  df_plugin_host_load (host);
  agent = df_plugin_host_find_agent (host, "style");
  if (agent == NULL || !df_agent_can_check_text (agent))
    {
      fprintf (stderr, "%s: the style agent is not there (DRAFTFORGE_PLUGIN_PATH)\n", PROGRAM);
      return 1;
    }

  /* The lists load on the first call, as when the editor opens. */
  time_call (agent, "Warm up.");
  paragraphs = g_strsplit (contents, "\n\n", -1);
  for (guint r = 0; r < rounds; r++)
    for (guint i = 0; paragraphs[i] != NULL; i++)
      {
        double ms;

        if (*g_strstrip (paragraphs[i]) == '\0')
          continue;
        ms = time_call (agent, paragraphs[i]);
        g_array_append_val (times, ms);
        if (r == 0)
          n++;
        if (strlen (paragraphs[i]) > strlen (longest))
          longest = paragraphs[i];
      }
  for (guint r = 0; r < 200; r++)
    {
      double ms = time_call (agent, longest);
      g_array_append_val (longest_times, ms);
    }

  bench_sort (times);
  p99 = g_array_index (times, double, (guint) (times->len * 0.99));
  worst = g_array_index (times, double, times->len - 1);
  printf ("{\"paragraphs\": %u, \"calls\": %u, \"median_ms\": %.4f, \"p99_ms\": %.4f, \"max_ms\": %.4f, "
          "\"longest_bytes\": %zu, \"longest_median_ms\": %.4f}\n",
          n, times->len, bench_median (times), p99, worst, strlen (longest), bench_median (longest_times));
  g_clear_object (&host);
  g_clear_object (&store);
  bench_rm_rf (dir);
  return 0;
}
