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

#include "bench-util.h"

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

static void
count_delta (const char *delta,
             gpointer    user_data)
{
  (*(guint *) user_data)++;
}

/* A profile, the fake provider and the client's configuration pointed
 * at it, loopback only whatever the environment says. */
static FakeProvider *
start_provider (DfStore     *store,
                DfAiConfig **config)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProfile) profile = df_profile_create (store, "Bench", &error);
  g_autofree char *base_url = NULL;
  FakeProvider *server;

  if (profile == NULL || (server = fake_provider_new (0, &error)) == NULL)
    bench_die ("bench-ai", "starting the fake provider", error);
  fake_provider_set_reply (server, "A short answer, streamed in a few pieces.");
  fake_provider_set_usage (server, 30, 10);

  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");
  base_url = fake_provider_get_base_url (server);
  g_setenv ("DRAFTFORGE_AI_BASE_URL", base_url, TRUE);
  g_setenv ("DRAFTFORGE_AI_MODEL", "bench-model", TRUE);
  g_setenv ("DRAFTFORGE_API_KEY", "sk-bench", TRUE);
  *config = df_ai_config_load (store, NULL, &error);
  if (*config == NULL)
    bench_die ("bench-ai", "loading the provider's settings", error);
  return server;
}

/* @calls calls of @request, each timed in full (ms, sorted); with
 * @rss_100, the RSS after the 100th. */
static GArray *
time_calls (DfAiConfig        *config,
            DfStore           *store,
            const DfAiRequest *request,
            guint              calls,
            guint             *deltas,
            long              *rss_100)
{
  GArray *ms = g_array_sized_new (FALSE, FALSE, sizeof (double), calls);

  for (guint i = 0; i < calls; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DfAiResponse) response = NULL;
      gint64 start = g_get_monotonic_time ();
      double t;

      response = df_ai_complete (config, store, request, count_delta, deltas, NULL, &error);
      t = (g_get_monotonic_time () - start) / 1000.0;
      if (response == NULL)
        {
          g_printerr ("call %u: %s\n", i, error->message);
          exit (1);
        }
      g_array_append_val (ms, t);
      if (i == 99 && rss_100 != NULL)
        *rss_100 = rss_kib ();
    }
  bench_sort (ms);
  return ms;
}

#define AT(ms, i) g_array_index ((ms), double, (i))

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfAiConfig) config = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GArray) times = NULL;
  g_autoptr(GArray) times_http = NULL;
  FakeProvider *server;
  guint calls = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 1000;
  guint deltas = 0;
  long rss_start, rss_100 = -1, rss_end;
  DfAiRequest request = { .agent = "bench", .max_tokens = 64, .temperature = -1 };

  if (calls < 100)
    calls = 100;
  store = bench_store_new ("bench-ai", "df-bench-ai-XXXXXX", TRUE, &dir);
  server = start_provider (store, &config);

  messages = g_ptr_array_new_with_free_func ((GDestroyNotify) df_ai_message_free);
  g_ptr_array_add (messages, df_ai_message_new ("system", "You are a writing coach for a novelist."));
  g_ptr_array_add (messages, df_ai_message_new ("user", "How should I open my second chapter?"));
  request.messages = messages;

  rss_start = rss_kib ();
  times = time_calls (config, store, &request, calls, &deltas, &rss_100);
  rss_end = rss_kib ();
  /* The same calls without a store: the HTTP exchange and the parsing
   * alone, to tell them from the credits and the usage log in SQLite. */
  times_http = time_calls (config, NULL, &request, calls, &deltas, NULL);
  fake_provider_free (server);

  printf ("%u calls (%u deltas) against the in-process fake provider on loopback\n", calls, deltas);
  printf ("per call, in full: median %.3f ms, p90 %.3f ms, min %.3f ms, max %.3f ms\n",
          AT (times, calls / 2), AT (times, calls * 9 / 10), AT (times, 0), AT (times, calls - 1));
  printf ("of which HTTP and parsing (the same calls without a store): median %.3f ms, p90 %.3f ms\n",
          AT (times_http, calls / 2), AT (times_http, calls * 9 / 10));
  printf ("RSS: %ld KiB at the start, %ld KiB after 100 calls, %ld KiB after %u calls\n",
          rss_start, rss_100, rss_end, calls);

  g_clear_object (&store);
  bench_rm_rf (dir);
  return 0;
}
