/* bench-app.c: timings and memory of the application on War and Peace
 *
 *   bench-app [--corpus DIR] [--runs K] [--typing | --times N]
 *
 * Imports War and Peace into a fresh database (in a child process, so the
 * import's memory does not count), starts the application in-process,
 * then measures, each from the call until the window's next frame has
 * been painted (GdkFrameClock::after-paint):
 *   - opening the project (df_window_open_project: sidebar and editor);
 *   - switching the editor between the two longest chapters (budget:
 *     under 50 ms);
 *   - opening the reader on a chapter;
 *   - the CPU time the editor spends checking the spelling of a long
 *     chapter when it is opened, the first time and when it is switched
 *     back to unchanged (remembered: budget near nothing);
 *   - the codex's names (30 suggested entries) marked in the longest
 *     chapter: the whole of it, and one edited paragraph again (its
 *     longest; budget: under 2 ms), timed as calls, not to a frame;
 * and the resident memory (VmRSS, VmHWM) with the book open after the
 * reader and the dashboard have each been shown once (budget: under
 * 200 MB).  With --typing, War and Peace is ONE chapter of 3.2 MB, and
 * what is timed is typing in its middle as a writer types (a key every
 * 60 ms, K × 20 keys), autosave on as the application sets it: each
 * key to the next painted frame (budget: the longest under 33 ms), with
 * the saves that happened meanwhile.  With --times N, the novel is N
 * times over (10: 3,650 chapters, the big book of the issue "Big books":
 * opening it, budget under 200 ms).  Run it under Xvfb: bench/bench-app.sh
 * does.  Not part of the test suite.
 *
 * The renderer is chosen as the application's main () chooses it
 * (df_renderer_apply: Cairo on a machine without a GPU) unless
 * GSK_RENDERER is set.  DF_BENCH_DETAIL=1 adds, at each stage, where the
 * resident memory is (anonymous or file-backed, the malloc heap in use and
 * free, the mappings over 2 MB); DF_BENCH_TRIM=1 also shows what
 * malloc_trim () would give back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-app"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <malloc.h>

#include "df-application.h"
#include "df-codex.h"
#include "df-editor.h"
#include "df-import.h"
#include "df-model.h"
#include "df-project-view.h"
#include "df-renderer.h"
#include "df-store.h"
#include "df-window.h"

#include "bench-util.h"

#define PAINT_TIMEOUT_MS 10000

static gboolean painted;
static gboolean timed_out;

static void
after_paint (GdkFrameClock *clock,
             gpointer       data)
{
  painted = TRUE;
}

static gboolean
paint_timeout (gpointer data)
{
  timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main loop until the window's frame clock has painted a
 * frame; returns FALSE after PAINT_TIMEOUT_MS without one. */
static gboolean
wait_for_paint (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gulong handler;
  guint timeout;

  g_return_val_if_fail (clock != NULL, FALSE);

  painted = FALSE;
  timed_out = FALSE;
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), NULL);
  timeout = g_timeout_add (PAINT_TIMEOUT_MS, paint_timeout, NULL);
  while (!painted && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
  if (!timed_out)
    g_source_remove (timeout);
  return painted;
}

/* Lets a few frames go by, and the idle work (text validation) finish. */
static void
settle (GtkWidget *window,
        guint      frames)
{
  for (guint i = 0; i < frames; i++)
    {
      gtk_widget_queue_draw (window);
      wait_for_paint (window);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
report (const char *name,
        GArray     *ms,
        const char *note)
{
  double median = bench_median (ms);

  printf ("%-44s %5u %10.1f %10.1f %10.1f  %s\n", name, ms->len,
          g_array_index (ms, double, 0), median, g_array_index (ms, double, ms->len - 1),
          note ? note : "");
}

static long
status_kb (const char *key)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gsize len = strlen (key);

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL))
    return -1;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strncmp (lines[i], key, len) == 0 && lines[i][len] == ':')
      return strtol (lines[i] + len + 1, NULL, 10);
  return -1;
}

/* With DF_BENCH_DETAIL set: where the resident memory is (anonymous,
 * file-backed, shared), how much of the malloc heap is in use and how
 * much is free but held, and the largest mappings. */
static void
detail (const char *stage)
{
  struct mallinfo2 mi;
  g_autofree char *smaps = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) maps = NULL;
  char *name = NULL;

  if (g_getenv ("DF_BENCH_DETAIL") == NULL)
    return;
  mi = mallinfo2 ();
  printf ("  [%s] RssAnon %.1f MB, RssFile %.1f MB, RssShmem %.1f MB; malloc in use %.1f MB, free in heap %.1f MB, mmapped %.1f MB\n",
          stage, status_kb ("RssAnon") / 1024.0, status_kb ("RssFile") / 1024.0,
          status_kb ("RssShmem") / 1024.0, mi.uordblks / 1048576.0,
          mi.fordblks / 1048576.0, mi.hblkhd / 1048576.0);
  if (g_getenv ("DF_BENCH_TRIM") != NULL)
    {
      malloc_trim (0);
      printf ("  [%s, after malloc_trim] VmRSS %.1f MB, RssAnon %.1f MB\n", stage,
              status_kb ("VmRSS") / 1024.0, status_kb ("RssAnon") / 1024.0);
    }
  if (!g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL))
    return;
  lines = g_strsplit (smaps, "\n", -1);
  maps = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = lines[i];

      if (g_ascii_isxdigit (l[0]) && strchr (l, '-') != NULL && strchr (l, ' ') > strchr (l, '-'))
        {
          g_auto(GStrv) f = g_strsplit_set (l, " ", -1);
          const char *path = "[anon]";
          for (guint k = 5; f[k] != NULL; k++)
            if (f[k][0] != '\0') { path = f[k]; break; }
          g_free (name);
          name = g_strdup (path);
        }
      else if (g_str_has_prefix (l, "Rss:") && name != NULL)
        {
          long kb = strtol (l + 4, NULL, 10);
          if (kb >= 2048)
            g_ptr_array_add (maps, g_strdup_printf ("%8.1f MB  %s", kb / 1024.0, name));
        }
    }
  g_free (name);
  for (guint i = 0; i < maps->len; i++)
    printf ("      %s\n", (char *) maps->pdata[i]);
}

/* Imports in a child process: the parent's memory then shows only what
 * the application itself holds. */
static char *
import_book (const char *db,
             const char *path)
{
  gint64 t0 = g_get_monotonic_time ();
  int fds[2];
  char slug[256] = "";
  ssize_t n;
  pid_t pid;
  int status;

  if (pipe (fds) != 0)
    g_error ("pipe: %s", g_strerror (errno));
  pid = fork ();
  if (pid == 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DfStore) store = df_store_open (db, &error);
      g_autoptr(DfProject) project = NULL;

      close (fds[0]);
      if (store != NULL)
        project = df_import (store, path, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
      if (project == NULL)
        {
          g_printerr ("bench-app: %s\n", error->message);
          _exit (1);
        }
      if (write (fds[1], project->slug, strlen (project->slug)) < 0)
        _exit (1);
      _exit (0);
    }
  close (fds[1]);
  n = read (fds[0], slug, sizeof slug - 1);
  close (fds[0]);
  waitpid (pid, &status, 0);
  if (n <= 0 || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_printerr ("bench-app: could not import %s\n", path);
      exit (1);
    }
  slug[n] = '\0';
  printf ("import of %s (child process): %.0f ms\n", path,
          (g_get_monotonic_time () - t0) / 1000.0);
  return g_strdup (slug);
}

/* ---- the steps --------------------------------------------------------- */

typedef struct
{
  char        *corpus;
  int          runs;
  char        *tmp;          /* the temporary folder with the database */
  char        *db;
  char        *slug;
  GPtrArray   *chapters;
  DfChapter   *longest[2];   /* the two longest chapters */
  GtkWidget   *window;
  GtkWidget   *project_view;
  gboolean     typing;       /* --typing: one chapter, typed in */
  int          times;        /* --times N: the novel N times over */
} App;

static G_NORETURN void
fail (const char *message)
{
  g_printerr ("bench-app: %s\n", message);
  exit (1);
}

/* The milliseconds from @t0 to the window's next painted frame; exits
 * when none comes, saying after what. */
static double
ms_to_paint (App        *app,
             gint64      t0,
             const char *after)
{
  g_autofree char *message = NULL;

  if (wait_for_paint (app->window))
    return (g_get_monotonic_time () - t0) / 1000.0;
  message = g_strdup_printf ("no frame after %s", after);
  fail (message);
}

static void
parse_args (App    *app,
            int     argc,
            char  **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--corpus") && i + 1 < argc)
        app->corpus = g_strdup (argv[++i]);
      else if (g_str_equal (argv[i], "--runs") && i + 1 < argc)
        app->runs = atoi (argv[++i]);
      else if (g_str_equal (argv[i], "--typing"))
        app->typing = TRUE;
      else if (g_str_equal (argv[i], "--times") && i + 1 < argc)
        app->times = atoi (argv[++i]);
      else
        {
          g_printerr ("usage: %s [--corpus DIR] [--runs K] [--typing | --times N]\n", argv[0]);
          exit (2);
        }
    }
  if (app->runs < 1)
    app->runs = 1;
  if (app->corpus == NULL)
    app->corpus = g_strdup (g_getenv ("DRAFTFORGE_CORPUS") ? g_getenv ("DRAFTFORGE_CORPUS") : BENCH_CORPUS_DIR);
}

/* Never the user's settings or database: a fresh one with War and Peace. */
static void
set_up_database (App        *app,
                 const char *novel)
{
  g_autoptr(GError) error = NULL;

  g_setenv ("GSETTINGS_SCHEMA_DIR", BENCH_SCHEMA_DIR, FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("DRAFTFORGE_NO_ONBOARDING", "1", TRUE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("NO_AT_BRIDGE", "1", FALSE);
  app->tmp = g_dir_make_tmp ("df-bench-app-XXXXXX", &error);
  g_assert_no_error (error);
  app->db = g_build_filename (app->tmp, "draftforge.db", NULL);
  g_setenv ("DRAFTFORGE_DB", app->db, TRUE);
  if (app->typing)
    {
      /* The novel as one Markdown chapter under one heading. */
      g_autofree char *text = NULL;
      g_autofree char *one = g_build_filename (app->tmp, "war-and-peace.md", NULL);
      g_autofree char *md = NULL;

      if (!g_file_get_contents (novel, &text, NULL, &error))
        fail (error->message);
      md = g_strconcat ("# War and Peace\n\n", text, NULL);
      if (!g_file_set_contents (one, md, -1, &error))
        fail (error->message);
      app->slug = import_book (app->db, one);
      return;
    }
  if (app->times > 1)
    {
      /* The big book: the novel N times over (10: 3,650 chapters). */
      g_autofree char *text = NULL;
      g_autofree char *big = g_build_filename (app->tmp, "war-and-peace-many.txt", NULL);
      g_autoptr(GString) all = g_string_new (NULL);

      if (!g_file_get_contents (novel, &text, NULL, &error))
        fail (error->message);
      for (int i = 0; i < app->times; i++)
        g_string_append (all, text);
      if (!g_file_set_contents (big, all->str, all->len, &error))
        fail (error->message);
      app->slug = import_book (app->db, big);
      return;
    }
  app->slug = import_book (app->db, novel);
}

static void
find_longest_chapters (App *app)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = df_store_open (app->db, &error);
  g_autoptr(DfProject) project = NULL;
  DfChapter **longest = app->longest;

  g_assert_no_error (error);
  project = df_project_get (store, app->slug, FALSE, &error);
  g_assert_no_error (error);
  app->chapters = df_chapter_list (store, project->id, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < app->chapters->len; i++)
    {
      DfChapter *c = g_ptr_array_index (app->chapters, i);

      if (longest[0] == NULL || c->words > longest[0]->words)
        {
          longest[1] = longest[0];
          longest[0] = c;
        }
      else if (longest[1] == NULL || c->words > longest[1]->words)
        longest[1] = c;
    }
  g_assert (longest[1] != NULL);
}

/* The application, in-process, to its first painted frame. */
static DfApplication *
start_application (App *app)
{
  g_autoptr(GError) error = NULL;
  DfApplication *application;
  gint64 t0 = g_get_monotonic_time ();

  application = df_application_new ();
  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (application));
  app->window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (application)));
  if (app->window == NULL || !gtk_widget_get_realized (app->window))
    fail ("no window (is DISPLAY set? run under xvfb-run)");
  if (!wait_for_paint (app->window))
    fail ("the window never painted");
  printf ("renderer drawing: %s\n", G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (app->window))));
  printf ("application start to first painted frame (library, in-process): %.1f ms\n",
          (g_get_monotonic_time () - t0) / 1000.0);
  settle (app->window, 3);
  printf ("VmRSS with the library shown: %.1f MB\n", status_kb ("VmRSS") / 1024.0);
  detail ("library");
  return application;
}

/* Opening the project: the first time from the library, then again
 * (each call reloads the sidebar and the first chapter). */
static void
bench_open_project (App *app,
                    int  runs)
{
  g_autoptr(GArray) open_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *note = NULL;

  for (int i = 0; i < runs; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      if (!df_window_open_project (DF_WINDOW (app->window), app->slug, &error))
        fail (error->message);
      ms = ms_to_paint (app, t0, "opening the project");
      if (i == 0)
        note = g_strdup_printf ("first (from the library): %.1f ms", ms);
      g_array_append_val (open_ms, ms);
      settle (app->window, 2);
    }
  report ("df_window_open_project", open_ms, note);
}

/* Switching chapters: the budget is 50 ms. */
static void
bench_switch_chapters (App *app)
{
  g_autoptr(GArray) switch_ms = g_array_new (FALSE, FALSE, sizeof (double));
  DfProjectView *view = DF_PROJECT_VIEW (app->project_view);

  df_project_view_open_chapter (view, app->longest[1]->id);
  settle (app->window, 2);
  for (int i = 0; i < app->runs; i++)
    {
      DfChapter *to = app->longest[i % 2];
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      if (!df_project_view_open_chapter (view, to->id))
        {
          g_autofree char *message = g_strdup_printf ("could not open chapter %s", to->title);
          fail (message);
        }
      ms = ms_to_paint (app, t0, "switching chapters");
      g_array_append_val (switch_ms, ms);
      settle (app->window, 2);
    }
  report ("switch between the two longest chapters", switch_ms, "budget < 50 ms");
}

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* CPU time from opening a chapter until its spelling is checked: the
 * first opening of each of the two longest, then switching back. */
static void
bench_spell_switch_back (App *app)
{
  g_autoptr(GArray) first_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) again_ms = g_array_new (FALSE, FALSE, sizeof (double));
  DfProjectView *view = DF_PROJECT_VIEW (app->project_view);
  DfEditor *editor = DF_EDITOR (df_project_view_get_editor (view));

  if (df_editor_get_spell_checker (editor) == NULL)
    fail ("the editor has no spell checker (is an English dictionary installed?)");
  /* The same dictionary set again: what the switches above remembered
   * is forgotten, so the first openings check everything. */
  df_editor_set_spell_checker (editor, df_editor_get_spell_checker (editor));
  for (int i = 0; i < 2 + app->runs; i++)
    {
      DfChapter *to = app->longest[i % 2];
      gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
      double t0 = cpu_ms (), ms;

      if (!df_project_view_open_chapter (view, to->id))
        fail ("could not open a chapter");
      /* The check runs while it is on screen: as the writer sees it. */
      while (df_editor_get_spell_pending (editor))
        {
          g_main_context_iteration (NULL, TRUE);
          if (g_get_monotonic_time () > deadline)
            fail ("the spelling of a chapter was not checked within 60 s");
        }
      ms = cpu_ms () - t0;
      g_array_append_val (i < 2 ? first_ms : again_ms, ms);
      settle (app->window, 1);
    }
  report ("spelling CPU, a long chapter opened first", first_ms, "CPU ms, not wall");
  report ("spelling CPU, switched back to unchanged", again_ms, "CPU ms, not wall");
}

/* The chapter's content hash as saved, read on a connection of its own
 * (what a save changes). */
static char *
saved_hash (DfStore *store,
            gint64   chapter_id)
{
  g_autoptr(GError) error = NULL;
  char *hash = df_chapter_dup_hash (store, chapter_id, &error);

  if (hash == NULL)
    fail (error->message);
  return hash;
}

/* Typing in the middle of the one long chapter, a key every 60 ms. */
static void
bench_typing (App *app)
{
  static const char sentence[] = "The snow fell on Moscow all night long. ";
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  DfProjectView *view = DF_PROJECT_VIEW (app->project_view);
  GtkWidget *editor = df_project_view_get_editor (view);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor));
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = df_store_open (app->db, &error);
  gint64 chapter_id = df_project_view_get_chapter_id (view);
  g_autofree char *hash = NULL;
  int keys = 20 * app->runs, saves = 0;
  g_autofree char *note = NULL;
  GtkTextIter at;

  gtk_text_buffer_get_iter_at_offset (buffer, &at, gtk_text_buffer_get_char_count (buffer) / 2);
  gtk_text_buffer_place_cursor (buffer, &at);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (editor), &at, 0, TRUE, 0, 0.5);
  gtk_widget_grab_focus (editor);
  /* What opening the chapter set going is over: the writer starts now. */
  while (df_editor_get_spell_pending (DF_EDITOR (editor)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  settle (app->window, 3);
  if (store == NULL)
    fail (error->message);
  hash = saved_hash (store, chapter_id);

  for (int i = 0; i < keys; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      double key_ms;

      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_insert_interactive_at_cursor (buffer, sentence + i % (sizeof sentence - 1), 1, TRUE);
      gtk_text_buffer_end_user_action (buffer);
      if (!wait_for_paint (app->window))
        fail ("no frame was painted after a key");
      key_ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (ms, key_ms);
      {
        g_autofree char *now = saved_hash (store, chapter_id);

        if (g_strcmp0 (now, hash) != 0)
          {
            saves++;
            g_free (hash);
            hash = g_steal_pointer (&now);
          }
      }
      while (g_get_monotonic_time () < t0 + 60 * 1000)
        g_main_context_iteration (NULL, FALSE);
    }
  if (saves < 2)
    fail ("autosave did not save while typing (is autosave on?)");
  if (!df_project_view_save (view, NULL))
    fail ("the typed text could not be saved");
  bench_sort (ms);
  note = g_strdup_printf ("budget: max < 33 ms; 95th %.1f ms; %d saves while typing",
                          g_array_index (ms, double, (ms->len * 95) / 100), saves);
  report ("key to painted frame, 3.2 MB chapter", ms, note);
}

/* The reader on a chapter (the editor's current one), and back. */
static void
bench_reader (App *app,
              int  runs)
{
  g_autoptr(GArray) reader_ms = g_array_new (FALSE, FALSE, sizeof (double));

  for (int i = 0; i < runs; i++)
    {
      gint64 t0;
      double ms;

      df_project_view_open_chapter (DF_PROJECT_VIEW (app->project_view), app->longest[i % 2]->id);
      settle (app->window, 2);
      t0 = g_get_monotonic_time ();
      gtk_widget_activate_action (app->window, "win.show-reader", NULL);
      ms = ms_to_paint (app, t0, "opening the reader");
      g_array_append_val (reader_ms, ms);
      settle (app->window, 2);
      gtk_widget_activate_action (app->window, "win.show-editor", NULL);
      settle (app->window, 2);
    }
  report ("reader on a long chapter (win.show-reader)", reader_ms, NULL);
}

/* Memory with the book open, after the reader and the dashboard. */
static void
report_memory (App    *app,
               double  rss_open,
               double  rss_switch,
               double  rss_reader)
{
  gtk_widget_activate_action (app->window, "win.show-dashboard", NULL);
  settle (app->window, 3);
  gtk_widget_activate_action (app->window, "win.show-editor", NULL);
  settle (app->window, 3);
  if (g_strcmp0 (df_window_get_page (DF_WINDOW (app->window)), "project") != 0)
    g_printerr ("bench-app: expected the editor page, got %s\n", df_window_get_page (DF_WINDOW (app->window)));
  printf ("\nmemory with War and Peace open (editor, after reader and dashboard): "
          "VmRSS %.1f MB, VmHWM (peak) %.1f MB  (budget < 200 MB)\n",
          status_kb ("VmRSS") / 1024.0, status_kb ("VmHWM") / 1024.0);
  printf ("VmRSS along the way: project open %.1f MB, after the chapter switches %.1f MB, after the reader %.1f MB\n",
          rss_open, rss_switch, rss_reader);
  detail ("after the dashboard");
}

static void
clean_up (App *app)
{
  gtk_window_destroy (GTK_WINDOW (app->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  bench_rm_rf (app->tmp);
  if (g_file_test (app->tmp, G_FILE_TEST_EXISTS))
    g_printerr ("bench-app: could not remove %s\n", app->tmp);
  g_free (app->corpus);
  g_free (app->tmp);
  g_free (app->db);
  g_free (app->slug);
  g_clear_pointer (&app->chapters, g_ptr_array_unref);
}

/* The codex's names marked again in one edited paragraph of the longest
 * chapter (df-editor-codex.c), with the 30 entries the codex suggests:
 * what the editor does after each pause in typing. */
static void
bench_codex_paragraph (App *app)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = df_store_open (app->db, &error);
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(DfCodexMatcher) matcher = NULL;
  g_autoptr(GArray) load_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) paragraph_ms = g_array_new (FALSE, FALSE, sizeof (double));
  DfProjectView *view = DF_PROJECT_VIEW (app->project_view);
  DfEditor *editor = DF_EDITOR (df_project_view_get_editor (view));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor));
  GtkTextIter line, best_start, best_end;
  int best = 0;

  g_assert_no_error (error);
  project = df_project_get (store, app->slug, FALSE, &error);
  g_assert_no_error (error);
  suggestions = df_codex_suggest (store, project->id, 30, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < suggestions->len; i++)
    {
      DfCodexSuggestion *s = g_ptr_array_index (suggestions, i);
      g_autoptr(DfCodexEntry) entry = df_codex_entry_create (store, project->id, s->kind, s->name,
                                                             (const char * const *) s->aliases, NULL, NULL);
    }
  matcher = df_codex_matcher_for_project (store, project->id, &error);
  g_assert_no_error (error);
  entries = df_codex_entry_list (store, project->id, NULL, FALSE, &error);
  g_assert_no_error (error);

  if (!df_project_view_open_chapter (view, app->longest[0]->id))
    fail ("could not open the longest chapter");
  settle (app->window, 2);
  for (int i = 0; i < 5; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      df_editor_set_codex (editor, NULL, NULL);
      t0 = g_get_monotonic_time ();
      df_editor_set_codex (editor, matcher, entries);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (load_ms, ms);
    }

  /* The longest paragraph (a line of the buffer). */
  gtk_text_buffer_get_start_iter (buffer, &line);
  do
    {
      GtkTextIter end = line;
      int chars;

      if (!gtk_text_iter_ends_line (&end))
        gtk_text_iter_forward_to_line_end (&end);
      chars = gtk_text_iter_get_offset (&end) - gtk_text_iter_get_offset (&line);
      if (chars > best)
        {
          best = chars;
          best_start = line;
          best_end = end;
        }
    }
  while (gtk_text_iter_forward_line (&line));
  for (int i = 0; i < 201; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      df_editor_codex_mark_range (editor, gtk_text_iter_get_offset (&best_start), gtk_text_iter_get_offset (&best_end));
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (paragraph_ms, ms);
    }
  {
    GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "codex-name");
    GtkTextIter iter;
    guint marks = 0;
    double sum = 0;
    g_autofree char *whole = NULL;
    g_autofree char *note = NULL;

    gtk_text_buffer_get_start_iter (buffer, &iter);
    while (gtk_text_iter_forward_to_tag_toggle (&iter, tag))
      if (gtk_text_iter_starts_tag (&iter, tag))
        marks++;
    for (guint i = 0; i < paragraph_ms->len; i++)
      sum += g_array_index (paragraph_ms, double, i);
    whole = g_strdup_printf ("%u names marked, %u entries", marks, entries->len);
    report ("codex names marked, whole longest chapter", load_ms, whole);
    note = g_strdup_printf ("budget < 2 ms; mean %.0f us; its longest paragraph, %d chars",
                            1000.0 * sum / paragraph_ms->len, best);

    report ("codex names marked, one edited paragraph", paragraph_ms, note);
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(DfApplication) application = NULL;
  g_autofree char *novel = NULL;
  App app = { .runs = 21 };
  int open_runs = 5;
  double rss_open, rss_switch, rss_reader;

  parse_args (&app, argc, argv);
  novel = g_build_filename (app.corpus, "novels", "war-and-peace.txt", NULL);
  if (!g_file_test (novel, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("bench-app: %s is missing; pass --corpus DIR or set DRAFTFORGE_CORPUS\n", novel);
      return 1;
    }
  set_up_database (&app, novel);

  /* As main () does: on a machine without a GPU, Cairo. */
  df_renderer_apply ("/dev");
  printf ("renderer: %s\n", df_renderer_get_explanation ());
  if (app.typing)
    printf ("War and Peace as one chapter\n");
  else
    {
      find_longest_chapters (&app);
      printf ("chapters: %u; switching between \"%s\" (%" G_GINT64_FORMAT " words) and \"%s\" (%" G_GINT64_FORMAT " words)\n",
              app.chapters->len, app.longest[0]->title, app.longest[0]->words,
              app.longest[1]->title, app.longest[1]->words);
    }

  application = start_application (&app);
  printf ("\n%-44s %5s %10s %10s %10s\n", "benchmark (call to next painted frame)", "runs", "min ms", "median ms", "max ms");
  bench_open_project (&app, app.typing ? 1 : open_runs);
  rss_open = status_kb ("VmRSS") / 1024.0;
  detail ("project open");

  app.project_view = df_window_get_project_view (DF_WINDOW (app.window));
  if (app.typing)
    {
      bench_typing (&app);
      clean_up (&app);
      return 0;
    }
  bench_switch_chapters (&app);
  bench_spell_switch_back (&app);
  bench_codex_paragraph (&app);
  rss_switch = status_kb ("VmRSS") / 1024.0;
  bench_reader (&app, MAX (3, open_runs));
  rss_reader = status_kb ("VmRSS") / 1024.0;
  detail ("after the reader");

  report_memory (&app, rss_open, rss_switch, rss_reader);
  clean_up (&app);
  return 0;
}
