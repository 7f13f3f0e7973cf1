/* bench-ai.c: the AI client's overhead per call, and its memory
 *
 *   bench-ai [CALLS]          (default 1000)
 *
 * Calls df_ai_complete CALLS times against the tests' fake provider
 * (tests/fake-provider.c), which runs in this process on 127.0.0.1 and
 * answers at once with a short streamed reply and a usage chunk.  Each
 * call is timed in full: building the request, the credits reservation,
 * the HTTP exchange on loopback (connect, send, the server's own work,
 * the SSE parsing), the settlement and the usage log in SQLite.  Nothing
 * is subtracted, so the figure is an upper bound of the client's own
 * overhead.  Prints the median, the 90th percentile and the RSS after 100
 * calls and after all of them (memory should stay flat), then the same
 * calls without a store (no credits, no usage log): the HTTP exchange and
 * the parsing alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "df-ai.h"
#include "df-model.h"
#include "fake-provider.h"

static long
rss_kib (void)
{
  g_autofree char *statm = NULL;
  long pages = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL)
      || sscanf (statm, "%ld %ld", &pages, &resident) != 2)
    return -1;
  return resident * (sysconf (_SC_PAGESIZE) / 1024);
}

static int
compare_gint64 (const void *a,
                const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
count_delta (const char *delta,
             gpointer    user_data)
{
  (*(guint *) user_data)++;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("df-bench-ai-XXXXXX", &error);
  g_autofree char *db = NULL;
  g_autofree char *base_url = NULL;
  g_autofree gint64 *times = NULL;
  g_autofree gint64 *times_http = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(DfAiConfig) config = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  FakeProvider *server;
  guint calls = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 1000;
  guint deltas = 0;
  long rss_start, rss_100 = -1, rss_end;
  DfAiRequest request = { .agent = "bench", .max_tokens = 64, .temperature = -1 };

  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (calls < 100)
    calls = 100;
  db = g_build_filename (dir, "bench.db", NULL);
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  store = df_store_open (db, &error);
  if (store != NULL)
    profile = df_profile_create (store, "Bench", &error);
  server = profile != NULL ? fake_provider_new (0, &error) : NULL;
  if (server == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  fake_provider_set_reply (server, "A short answer, streamed in a few pieces.");
  fake_provider_set_usage (server, 30, 10);

  /* Loopback only, whatever the environment says. */
  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");
  base_url = fake_provider_get_base_url (server);
  g_setenv ("DRAFTFORGE_AI_BASE_URL", base_url, TRUE);
  g_setenv ("DRAFTFORGE_AI_MODEL", "bench-model", TRUE);
  g_setenv ("DRAFTFORGE_API_KEY", "sk-bench", TRUE);
  config = df_ai_config_load (store, NULL, &error);
  if (config == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  messages = g_ptr_array_new_with_free_func ((GDestroyNotify) df_ai_message_free);
  g_ptr_array_add (messages, df_ai_message_new ("system", "You are a writing coach for a novelist."));
  g_ptr_array_add (messages, df_ai_message_new ("user", "How should I open my second chapter?"));
  request.messages = messages;

  times = g_new0 (gint64, calls);
  rss_start = rss_kib ();
  for (guint i = 0; i < calls; i++)
    {
      g_autoptr(DfAiResponse) response = NULL;
      gint64 start = g_get_monotonic_time ();

      response = df_ai_complete (config, store, &request, count_delta, &deltas, NULL, &error);
      times[i] = g_get_monotonic_time () - start;
      if (response == NULL)
        {
          g_printerr ("call %u: %s\n", i, error->message);
          return 1;
        }
      if (i == 99)
        rss_100 = rss_kib ();
    }
  rss_end = rss_kib ();

  /* The same calls without a store: the HTTP exchange and the parsing
   * alone, to tell them from the credits and the usage log in SQLite. */
  times_http = g_new0 (gint64, calls);
  for (guint i = 0; i < calls; i++)
    {
      g_autoptr(DfAiResponse) response = NULL;
      gint64 start = g_get_monotonic_time ();

      response = df_ai_complete (config, NULL, &request, count_delta, &deltas, NULL, &error);
      times_http[i] = g_get_monotonic_time () - start;
      if (response == NULL)
        {
          g_printerr ("call %u: %s\n", i, error->message);
          return 1;
        }
    }
  fake_provider_free (server);
  qsort (times_http, calls, sizeof *times_http, compare_gint64);

  qsort (times, calls, sizeof *times, compare_gint64);
  printf ("%u calls (%u deltas) against the in-process fake provider on loopback\n", calls, deltas);
  printf ("per call, in full: median %.3f ms, p90 %.3f ms, min %.3f ms, max %.3f ms\n",
          times[calls / 2] / 1000.0, times[calls * 9 / 10] / 1000.0,
          times[0] / 1000.0, times[calls - 1] / 1000.0);
  printf ("of which HTTP and parsing (the same calls without a store): median %.3f ms, p90 %.3f ms\n",
          times_http[calls / 2] / 1000.0, times_http[calls * 9 / 10] / 1000.0);
  printf ("RSS: %ld KiB at the start, %ld KiB after 100 calls, %ld KiB after %u calls\n",
          rss_start, rss_100, rss_end, calls);

  g_clear_object (&store);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = g_build_filename (dir, name, NULL);
        g_unlink (p);
      }
  }
  g_rmdir (dir);
  return 0;
}
