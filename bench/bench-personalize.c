/* bench-personalize.c: the personaliser's budgets
 *
 *   bench-personalize [ROUNDS]          (default 20)
 *
 * 1. Choosing level blocks for the whole corpus Rust book (every .md file
 *    under textbook/rust-book/src, read once into memory): as it is (no
 *    blocks: each chapter comes back as it was) and with three level
 *    blocks added to each chapter, for a beginner and an expert; the
 *    median of ROUNDS passes over the whole book.  Budget: 50 ms.
 * 2. The plugin's own overhead per chapter request, the tests' fake
 *    provider (in this process, loopback) answering at once: a cache-miss
 *    df_personalize_rewrite of one chapter (blocks, prompt, the request,
 *    the check, the measures, the cache row) against df_ai_complete alone
 *    with the same messages; the difference is the personaliser's own
 *    work.  Budget: 5 ms.  Also a cache hit, which makes no request.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "df-personalize.h"
#include "df-store-private.h"
#include "fake-provider.h"

#include "bench-util.h"

#define PROGRAM "bench-personalize"

static GPtrArray *
read_book (gboolean with_blocks)
{
  g_autofree char *dir = g_build_filename (BENCH_CORPUS_DIR, "textbook", "rust-book", "src", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = g_dir_open (dir, 0, &error);
  GPtrArray *book = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    bench_die (PROGRAM, "opening the Rust book", error);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      char *text = NULL;

      if (!g_str_has_suffix (name, ".md") || !g_file_get_contents (path, &text, NULL, NULL))
        continue;
      if (with_blocks)
        {
          char *more = g_strconcat ("::: {level=beginner}\nA gentle start.\n:::\n\n", text,
                                    "\n::: {level=expert programming=advanced}\nThe fine print.\n:::\n"
                                    "\n::: {programming=none,beginner}\nWhat a program is.\n:::\n", NULL);
          g_free (text);
          text = more;
        }
      g_ptr_array_add (book, text);
    }
  return book;
}

static double
time_book (GPtrArray       *book,
           const DfProfile *profile,
           guint            rounds,
           gsize           *bytes)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint r = 0; r < rounds; r++)
    {
      gint64 start = g_get_monotonic_time ();
      double t;

      *bytes = 0;
      for (guint i = 0; i < book->len; i++)
        {
          g_autofree char *out = df_personalize_choose_blocks (book->pdata[i], profile);
          *bytes += strlen (out);
        }
      t = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (ms, t);
    }
  return bench_median (ms);
}

static void
bench_blocks (guint rounds)
{
  g_autoptr(GPtrArray) plain = read_book (FALSE);
  g_autoptr(GPtrArray) blocks = read_book (TRUE);
  DfProfile beginner = { .experience_level = (char *)"beginner", .programming_experience = (char *)"none" };
  DfProfile expert = { .experience_level = (char *)"expert", .programming_experience = (char *)"advanced" };
  gsize total = 0, bytes = 0;
  double t;

  for (guint i = 0; i < plain->len; i++)
    total += strlen (plain->pdata[i]);
  printf ("Rust book: %u chapters, %.1f MB\n", plain->len, total / 1e6);
  t = time_book (plain, &beginner, rounds, &bytes);
  printf ("  level blocks, none in the book (beginner):    %7.2f ms  (budget 50 ms)\n", t);
  t = time_book (blocks, &beginner, rounds, &bytes);
  printf ("  level blocks, 3 a chapter (beginner):        %7.2f ms  (budget 50 ms)\n", t);
  t = time_book (blocks, &expert, rounds, &bytes);
  printf ("  level blocks, 3 a chapter (expert):          %7.2f ms  (budget 50 ms)\n", t);
}

static double
median_of (GArray *ms)
{
  return bench_median (ms);
}

static void
bench_rewrite (guint rounds)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(DfStore) store = bench_store_new (PROGRAM, "bench-personalize-XXXXXX", FALSE, &dir);
  g_autoptr(DfProfile) profile = df_profile_create (store, "Bench", &error);
  g_autoptr(GPtrArray) book = read_book (TRUE);
  g_autoptr(FakeProvider) server = NULL;
  g_autoptr(DfAiConfig) config = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(GArray) full = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) hit = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) work = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *base_url = NULL;
  g_autofree char *reply = NULL;
  const char *text = NULL;

  /* a chapter of about 20 kB with code */
  for (guint i = 0; i < book->len && text == NULL; i++)
    if (strlen (book->pdata[i]) > 15000 && strlen (book->pdata[i]) < 30000)
      text = book->pdata[i];
  if (profile == NULL || (server = fake_provider_new (0, &error)) == NULL)
    bench_die (PROGRAM, "starting the fake provider", error);
  project = df_project_create (store, &(DfProjectNew) { .title = "Bench" }, &error);
  chapter = project != NULL ? df_chapter_add (store, project->id, 0, "Chapter", text, &error) : NULL;
  if (chapter == NULL)
    bench_die (PROGRAM, "adding the chapter", error);
  reply = df_personalize_choose_blocks (text, profile);
  fake_provider_set_reply (server, reply);
  fake_provider_set_usage (server, 10, 10);
  base_url = fake_provider_get_base_url (server);
  config = g_new0 (DfAiConfig, 1);
  config->base_url = g_strdup (base_url);
  config->model = g_strdup ("bench-model");
  config->connect_timeout = config->total_timeout = config->idle_timeout = 30;

  for (guint r = 0; r < rounds; r++)
    {
      DfPersonalizeOptions options = { .kind = DF_PERSONALIZE_EXPLANATION };
      g_autoptr(DfPersonalized) result = NULL;
      g_autoptr(DfPersonalized) cached = NULL;
      g_autoptr(DfAiResponse) response = NULL;
      g_autoptr(GPtrArray) messages = NULL;
      DfAiRequest request = { .agent = "personalize", .max_tokens = 32000, .temperature = 0.3 };
      gint64 start;
      double t;

      df_personalize_cache_clear (store, project->id, NULL, NULL);
      start = g_get_monotonic_time ();
      result = df_personalize_rewrite (store, config, profile, chapter, &options, NULL, &error);
      t = (g_get_monotonic_time () - start) / 1000.0;
      if (result == NULL)
        bench_die (PROGRAM, "rewriting", error);
      g_array_append_val (full, t);

      start = g_get_monotonic_time ();
      cached = df_personalize_rewrite (store, config, profile, chapter, &options, NULL, &error);
      t = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (hit, t);

      /* the work in memory alone: blocks, the check, both measures */
      start = g_get_monotonic_time ();
      {
        g_autofree char *chosen = df_personalize_choose_blocks (text, profile);
        DfReadability before, after;
        if (!df_personalize_verify (chosen, reply, NULL))
          bench_die (PROGRAM, "checking", NULL);
        df_readability_measure (chosen, &before);
        df_readability_measure (reply, &after);
      }
      t = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (work, t);

      start = g_get_monotonic_time ();
      messages = g_ptr_array_new_with_free_func ((GDestroyNotify)df_ai_message_free);
      g_ptr_array_add (messages, df_ai_message_new ("system", "You personalise a textbook chapter."));
      g_ptr_array_add (messages, df_ai_message_new ("user", text));
      request.messages = messages;
      response = df_ai_complete (config, store, &request, NULL, NULL, NULL, &error);
      t = (g_get_monotonic_time () - start) / 1000.0;
      if (response == NULL)
        bench_die (PROGRAM, "calling", error);
      g_array_append_val (bare, t);
    }
  printf ("One chapter of %zu bytes, fake provider answering at once (median of %u):\n", strlen (text), rounds);
  printf ("  df_personalize_rewrite, a miss:  %7.2f ms\n", median_of (full));
  printf ("  df_ai_complete alone:            %7.2f ms\n", median_of (bare));
  printf ("  the personaliser's own overhead: %7.2f ms  (budget 5 ms)\n", median_of (full) - median_of (bare));
  printf ("  of which in memory (blocks, check, measures): %5.2f ms\n", median_of (work));
  printf ("  a cache hit (no request):        %7.2f ms\n", median_of (hit));
  g_clear_object (&store);
  bench_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  guint rounds = argc > 1 ? (guint)atoi (argv[1]) : 20;

  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");
  g_setenv ("DRAFTFORGE_API_KEY", "sk-bench", TRUE);
  bench_blocks (MAX (rounds, 1));
  bench_rewrite (MAX (rounds, 1));
  return 0;
}
