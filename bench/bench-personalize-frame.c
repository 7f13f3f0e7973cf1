/* bench-personalize-frame.c: a cached personalised chapter shows as fast
 * as the original
 *
 *   bench-personalize-frame [RUNS]          (default 21)
 *
 * The reader view (with the plugins loaded, as the application has it)
 * on the longest chapter of the corpus Rust book, whose rewrite for the
 * reader is already in the cache (made once through the tests' fake
 * provider, in this process).  Each run, side by side, from the call to
 * the first painted frame (GdkFrameClock::after-paint) that shows the
 * text asked for:
 *   - choosing "Original" (the Personalize toggle off);
 *   - choosing "Personalized" (the toggle on: the cache lookup, the
 *     transforms and the glossary in the worker thread, then the render);
 *   - opening the original chapter afresh (df_reader_view_open), for
 *     reference.
 * Budget: "Personalized" within the frame budget of the original: the
 * median of the runs' differences (Personalized minus Original, measured
 * one after the other, so that a busy machine weighs on both) no more
 * than one frame, 16.7 ms.  Run it
 * under Xvfb: bench/bench-personalize-frame.sh does.  Not part of the
 * test suite.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "df-markdown-view.h"
#include "df-personalize.h"
#include "df-reader-view.h"
#include "df-session.h"
#include "fake-provider.h"

#include "bench-util.h"

#define PROGRAM "bench-personalize-frame"
#define MARK_ORIGINAL "Original text, first line."
#define MARK_REWRITE "Personalized text, first line."
#define WAIT_MS 10000

typedef struct
{
  GtkWidget  *view;      /* the markdown view */
  const char *mark;      /* what the page must start with */
  gboolean    shown;     /* a frame painted with it */
} Watch;

/* ---- helpers ------------------------------------------------------------------- */

static GtkWidget *
find (GtkWidget  *root,
      GType       type,
      const char *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      (name == NULL || g_strcmp0 (gtk_widget_get_name (root), name) == 0 ||
       g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)), name) == 0))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find (c, type, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Does the page start (after the title) with @mark?  Only its first lines
 * are looked at. */
static gboolean
page_starts_with (GtkWidget  *view,
                  const char *mark)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;
  g_autofree char *head = NULL;

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_get_iter_at_line (buffer, &end, 6);
  head = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return strstr (head, mark) != NULL;
}

static void
after_paint_cb (GdkFrameClock *clock G_GNUC_UNUSED,
                gpointer       data)
{
  Watch *watch = data;

  if (page_starts_with (watch->view, watch->mark))
    watch->shown = TRUE;
}

/* Milliseconds from @start until a frame painted with @mark in the page. */
static double
until_shown (GtkWidget  *window,
             GtkWidget  *view,
             const char *mark,
             gint64      start)
{
  Watch watch = { view, mark, FALSE };
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &watch);
  gint64 limit = start + WAIT_MS * 1000;

  gtk_widget_queue_draw (window);
  while (!watch.shown && g_get_monotonic_time () < limit)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
  if (!watch.shown)
    {
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "no frame showed “%s” within %d ms",
                                             mark, WAIT_MS);
      bench_die (PROGRAM, "waiting for the page", error);
    }
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* A few frames, and the idle work, before the next measure. */
static void
settle (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gint64 frame = gdk_frame_clock_get_frame_counter (clock);

  while (gdk_frame_clock_get_frame_counter (clock) < frame + 3)
    {
      gtk_widget_queue_draw (window);
      g_main_context_iteration (NULL, TRUE);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static char *
longest_chapter (void)
{
  g_autofree char *dir = g_build_filename (BENCH_CORPUS_DIR, "textbook", "rust-book", "src", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = g_dir_open (dir, 0, &error);
  char *best = NULL;
  const char *name;

  if (d == NULL)
    bench_die (PROGRAM, "opening the Rust book", error);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      char *text = NULL;

      if (!g_str_has_suffix (name, ".md") || !g_file_get_contents (path, &text, NULL, NULL))
        continue;
      if (best == NULL || strlen (text) > strlen (best))
        g_free (best), best = text;
      else
        g_free (text);
    }
  return best;
}

/* The database: a reader, the chapter, and its rewrite in the cache. */
static void
seed (DfStore      *store,
      FakeProvider *server,
      gint64       *project_id,
      gint64       *chapter_id,
      gsize        *length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProfile) profile = df_profile_create (store, "Bench", &error);
  g_autofree char *book = longest_chapter ();
  g_autofree char *text = NULL;
  g_autofree char *reply = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(DfAiConfig) config = NULL;
  g_autoptr(DfPersonalized) rewrite = NULL;
  /* one request for the whole chapter, answered with the whole rewrite */
  DfPersonalizeOptions options = { .kind = DF_PERSONALIZE_EXPLANATION, .section_chars = G_MAXINT };

  if (profile == NULL || !df_profile_set (store, profile->id, "experience_level", "beginner", &error) ||
      !df_profile_set_active (store, profile->id, &error))
    bench_die (PROGRAM, "making the profile", error);
  g_clear_pointer (&profile, df_profile_free);
  profile = df_profile_get (store, "Bench", &error);
  if (profile == NULL)
    bench_die (PROGRAM, "reading the profile", error);
  text = g_strconcat ("# Chapter\n\n" MARK_ORIGINAL "\n\n", book, NULL);
  *length = strlen (text);
  project = df_project_create (store, &(DfProjectNew) { .title = "Bench" }, &error);
  chapter = project != NULL ? df_chapter_add (store, project->id, 0, "Chapter", text, &error) : NULL;
  if (chapter == NULL)
    bench_die (PROGRAM, "adding the chapter", error);
  /* the rewrite keeps everything and says so on its first line */
  reply = df_personalize_choose_blocks (text, profile);
  {
    char *at = strstr (reply, MARK_ORIGINAL);
    g_autofree char *before = g_strndup (reply, at - reply);
    g_autofree char *swapped = g_strconcat (before, MARK_REWRITE, at + strlen (MARK_ORIGINAL),
                                            "\n\nAn explanation added for this reader.\n", NULL);
    g_free (reply);
    reply = g_steal_pointer (&swapped);
  }
  fake_provider_set_reply (server, reply);
  config = df_ai_config_load (store, profile->id, &error);
  rewrite = config != NULL ? df_personalize_rewrite (store, config, profile, chapter, &options, NULL, &error) : NULL;
  if (rewrite == NULL)
    bench_die (PROGRAM, "making the rewrite", error);
  *project_id = project->id;
  *chapter_id = chapter->id;
}

static void
report (const char *name,
        GArray     *ms)
{
  bench_sort (ms);
  printf ("%-40s %5u %9.1f %9.1f %9.1f\n", name, ms->len, g_array_index (ms, double, 0), bench_median (ms),
          g_array_index (ms, double, ms->len - 1));
}

/* ---- main ------------------------------------------------------------------------- */

int
main (int   argc,
      char *argv[])
{
  guint runs = argc > 1 ? (guint)MAX (atoi (argv[1]), 1) : 21;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeProvider) server = NULL;
  g_autoptr(DfSession) session = NULL;
  g_autoptr(GArray) original = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) personalized = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) opened = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) paired = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *window, *reader, *toggle, *view;
  gint64 project_id, chapter_id;
  gsize length;
  DfStore *store;
  double budget;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  server = fake_provider_new (0, &error);
  if (server == NULL)
    bench_die (PROGRAM, "starting the fake provider", error);
  base_url = fake_provider_get_base_url (server);
  g_setenv ("DRAFTFORGE_AI_BASE_URL", base_url, TRUE);
  g_setenv ("DRAFTFORGE_AI_MODEL", "bench-model", TRUE);
  g_setenv ("DRAFTFORGE_API_KEY", "sk-bench", TRUE);
  store = bench_store_new (PROGRAM, "bench-personalize-frame-XXXXXX", TRUE, &dir);
  path = g_strdup (df_store_get_path (store));
  seed (store, server, &project_id, &chapter_id, &length);
  g_object_unref (store);

  gtk_init ();
  adw_init ();
  session = df_session_new (path, NULL);
  reader = df_reader_view_new ();
  df_reader_view_set_session (DF_READER_VIEW (reader), session);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  gtk_window_set_child (GTK_WINDOW (window), reader);
  gtk_window_present (GTK_WINDOW (window));
  {
    g_autoptr(DfStore) s = df_store_open (path, &error);
    g_autoptr(DfProfile) p = s != NULL ? df_profile_get (s, "Bench", &error) : NULL;
    if (p == NULL)
      bench_die (PROGRAM, "reading the profile", error);
    df_reader_view_set_profile (DF_READER_VIEW (reader), p->id);
  }
  df_reader_view_open (DF_READER_VIEW (reader), project_id, chapter_id);
  view = find (reader, DF_TYPE_MARKDOWN_VIEW, NULL);
  toggle = find (reader, GTK_TYPE_TOGGLE_BUTTON, "personalize_button");
  if (view == NULL || toggle == NULL || !gtk_widget_get_sensitive (toggle))
    bench_die (PROGRAM, "finding the Personalize toggle (are the plugins on DRAFTFORGE_PLUGIN_PATH?)", NULL);
  until_shown (window, view, MARK_ORIGINAL, g_get_monotonic_time ());
  settle (window);

  for (guint r = 0; r < runs + 1; r++)
    {
      gint64 start;
      double t_on, t_off, t_open;

      start = g_get_monotonic_time ();
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
      t_on = until_shown (window, view, MARK_REWRITE, start);
      settle (window);

      start = g_get_monotonic_time ();
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), FALSE);
      t_off = until_shown (window, view, MARK_ORIGINAL, start);
      settle (window);

      start = g_get_monotonic_time ();
      df_reader_view_open (DF_READER_VIEW (reader), project_id, chapter_id);
      t_open = until_shown (window, view, MARK_ORIGINAL, start);
      settle (window);
      if (r == 0)
        continue;   /* the first of each warms the caches */
      g_array_append_val (personalized, t_on);
      g_array_append_val (original, t_off);
      g_array_append_val (opened, t_open);
      t_on -= t_off;
      g_array_append_val (paired, t_on);
    }

  printf ("The longest chapter of the Rust book (%zu bytes), cached rewrite, %u runs: call to the first frame showing it\n",
          length, runs);
  printf ("%-40s %5s %9s %9s %9s\n", "", "runs", "min ms", "median", "max");
  report ("choosing Original (toggle off)", original);
  report ("choosing Personalized, cached (toggle on)", personalized);
  report ("opening the chapter (original)", opened);
  bench_sort (paired);
  printf ("%-40s %5u %9.1f %9.1f %9.1f\n", "Personalized minus Original, each run", paired->len,
          g_array_index (paired, double, 0), bench_median (paired), g_array_index (paired, double, paired->len - 1));
  budget = 1000.0 / 60;
  printf ("budget: Personalized within one frame (16.7 ms) of the original, the median of the runs' differences: "
          "%.1f ms: %s\n", bench_median (paired), bench_median (paired) <= budget ? "within" : "OVER");

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&session);
  bench_rm_rf (dir);
  return 0;
}
