/* test-ui-plugin-safety.c: a plugin that fails cannot take the application
 * down
 *
 * The Export dialog runs an exporter in the helper process: one that
 * crashes fails the export with a message naming the plugin and its
 * version, the window goes on (another export from the same dialog
 * works), nothing is left beside the destination and no job stays at
 * "processing".  Stop ends an exporter that never returns.  A UI
 * extension that crashes the application (in a child) is disabled at the
 * next start, and the window says so once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-application.h"
#include "df-plugin-host.h"
#include "df-plugins-page.h"
#include "df-project-view.h"
#include "df-session.h"
#include "df-sync-status.h"
#include "df-export-dialog.h"
#include "df-markdown-view.h"
#include "df-reader-view.h"
#include "df-store-private.h"
#include "df-test-faults.h"
#include "df-window.h"
#include "ui-test-util.h"

typedef UiTestApp Fixture;

/* ---- helpers ------------------------------------------------------------- */

/* Runs the calling test in a subprocess of its own: a plugin's module
 * registers its types for good, and the fixtures share their type names.
 * Returns TRUE in the subprocess. */
static gboolean
in_subprocess (void)
{
  if (g_test_subprocess ())
    return TRUE;
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR | G_TEST_SUBPROCESS_INHERIT_STDOUT);
  g_test_trap_assert_passed ();
  return FALSE;
}

/* The fixture failing @way as the plugin org.example.Fail-WAY 1.2, in a
 * folder of @f's put first on DRAFTFORGE_PLUGIN_PATH. */
static void
add_fixture (Fixture    *f,
             const char *way)
{
  g_autofree char *file = g_strdup_printf ("libplugin-fail-%s.so", way);
  g_autofree char *plugins = g_build_filename (f->dir, "plugins", NULL);
  g_autofree char *path = g_strdup_printf ("%s:%s", plugins, g_getenv ("DRAFTFORGE_PLUGIN_PATH"));
  g_autofree char *dir = df_test_make_fixture_plugin (plugins, way, file);

  g_setenv ("DRAFTFORGE_PLUGIN_PATH", path, TRUE);
}

/* In the parent: runs the test in a subprocess with XDG_DATA_HOME a
 * folder of @f's (GLib reads it once, so it is set before the subprocess
 * starts), and returns FALSE.  In the subprocess: TRUE. */
static gboolean
in_subprocess_with_own_data (Fixture *f)
{
  g_autofree char *kept = NULL;
  g_autofree char *xdg = NULL;

  if (g_test_subprocess ())
    {
      g_assert_cmpstr (g_get_user_data_dir (), ==, g_getenv ("XDG_DATA_HOME"));
      return TRUE;
    }
  kept = g_strdup (g_getenv ("XDG_DATA_HOME"));
  xdg = g_build_filename (f->dir, "xdg", NULL);
  g_setenv ("XDG_DATA_HOME", xdg, TRUE);
  in_subprocess ();
  if (kept != NULL)
    g_setenv ("XDG_DATA_HOME", kept, TRUE);
  else
    g_unsetenv ("XDG_DATA_HOME");
  return FALSE;
}

static DfExportDialog *
open_dialog (Fixture *f)
{
  df_test_add_project (f->db_path, "Safe Book", "One", "The first chapter.\n", "Two", "The second.\n", NULL);
  ui_test_app_start (f);
  ui_test_app_open_project (f, "safe-book");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL);
  return DF_EXPORT_DIALOG (ui_test_wait_for_toplevel (DF_TYPE_EXPORT_DIALOG, 5000));
}

static gboolean
error_shown (gpointer data)
{
  GtkWidget *label = data;

  return gtk_widget_get_visible (label) && *gtk_label_get_text (GTK_LABEL (label)) != '\0';
}

static gboolean
progress_says_thinking (gpointer data)
{
  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (data)), "Thinking") == 0;
}

/* No job left running, the book whole, nothing but @keep (may be NULL)
 * in @out_dir. */
static void
assert_nothing_left (Fixture    *f,
                     const char *out_dir,
                     guint       n_kept)
{
  DfStore *store = ui_test_app_get_store (f);

  df_test_assert_intact (store);
  g_assert_cmpint (df_test_sql_int (df_store_get_db (store),
                                    "SELECT count(*) FROM export_jobs WHERE status IN ('queued', 'processing')"),
                   ==, 0);
  g_assert_cmpint (df_test_sql_int (df_store_get_db (store), "SELECT count(*) FROM chapters"), ==, 2);
  g_assert_cmpuint (df_test_count_files (out_dir, ""), ==, n_kept);
}

/* ---- tests --------------------------------------------------------------- */

static void
test_export_crash (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *out_dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *html = NULL;
  DfExportDialog *dialog;
  GtkWidget *error_label;

  if (ui_test_skip_without_display () || !in_subprocess ())
    return;

  add_fixture (f, "export-crash");
  dialog = open_dialog (f);
  out_dir = g_build_filename (f->dir, "out", NULL);
  g_mkdir_with_parents (out_dir, 0755);
  out = g_build_filename (out_dir, "book.txt", NULL);

  g_assert_true (df_export_dialog_set_format (dialog, "fixture-export-crash"));
  df_export_dialog_export_to (dialog, out);
  error_label = ui_test_get (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "error_label");
  ui_test_wait_until (error_shown, error_label, 30000);
  df_test_assert_contains (gtk_label_get_text (GTK_LABEL (error_label)), "(org.example.Fail-export-crash 1.2) crashed");
  df_test_assert_contains (gtk_label_get_text (GTK_LABEL (error_label)), "Your book is untouched.");
  ui_test_save_png (GTK_WIDGET (dialog), "plugin-export-crash");
  assert_nothing_left (f, out_dir, 0);

  /* The application goes on: the same dialog exports with another plugin. */
  g_assert_true (df_export_dialog_set_format (dialog, "html"));
  html = g_build_filename (out_dir, "book.html", NULL);
  df_export_dialog_export_to (dialog, html);
  ui_test_wait_toplevel_gone (DF_TYPE_EXPORT_DIALOG, 60000);
  g_assert_true (g_file_test (html, G_FILE_TEST_IS_REGULAR));
  assert_nothing_left (f, out_dir, 1);
}

static void
test_stop (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *out_dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *status = NULL;
  DfExportDialog *dialog;
  GtkWidget *error_label, *progress_label;

  if (ui_test_skip_without_display () || !in_subprocess ())
    return;

  add_fixture (f, "export-loop");
  dialog = open_dialog (f);
  out_dir = g_build_filename (f->dir, "out", NULL);
  g_mkdir_with_parents (out_dir, 0755);
  out = g_build_filename (out_dir, "book.txt", NULL);

  g_assert_true (df_export_dialog_set_format (dialog, "fixture-export-loop"));
  df_export_dialog_export_to (dialog, out);
  progress_label = ui_test_get (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "progress_label");
  ui_test_wait_until (progress_says_thinking, progress_label, 30000);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "export.cancel", NULL);

  error_label = ui_test_get (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "error_label");
  ui_test_wait_until (error_shown, error_label, 30000);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==, "The export was stopped; nothing was written.");
  status = df_test_sql_text (df_store_get_db (ui_test_app_get_store (f)), "SELECT status FROM export_jobs");
  g_assert_cmpstr (status, ==, "canceled");
  assert_nothing_left (f, out_dir, 0);
}

static gboolean
permissions_asked (gpointer data)
{
  GtkWindow *dialog = ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  return dialog != NULL && gtk_widget_get_width (GTK_WIDGET (dialog)) > 0;
}

/* Install from File…: what the plugin asks to do is shown first; Install
 * installs it. */
static void
test_install_permissions (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *built = g_test_build_filename (G_TEST_BUILT, "libplugin-fixture-good.so", NULL);
  g_autofree char *src = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *written = NULL;
  GtkWidget *page, *window;
  AdwMessageDialog *dialog;
  const DfPluginInfo *info;
  gsize len;

  if (ui_test_skip_without_display () || !in_subprocess_with_own_data (f))
    return;

  src = g_build_filename (f->dir, "src", NULL);
  g_assert_true (g_file_get_contents (built, &contents, &len, &error));
  g_free (df_test_write_file (src, "libfixture.so", contents, (gssize)len));
  written = df_test_write_file (src, "good.plugin",
                                "[Plugin]\nId=org.example.Asking\nName=Asking\nVersion=2.0\nAPI=1\n"
                                "Module=fixture\nProvides=exporter;\nPermissions=network;files-outside-project;\n", -1);
  ui_test_app_start (f);
  page = df_plugins_page_new (ui_test_app_get_session (f));
  window = ui_test_window_new (page, 500, 600);
  df_plugins_page_ask_install (DF_PLUGINS_PAGE (page), src);
  ui_test_wait_until (permissions_asked, NULL, 10000);
  dialog = ADW_MESSAGE_DIALOG (ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Install “Asking”?");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "It asks to:\n• Connect to the internet\n• Read and write files outside your books");
  ui_test_save_png (GTK_WIDGET (dialog), "plugin-install-permissions");
  g_assert_null (df_plugin_host_lookup (df_session_get_plugin_host (ui_test_app_get_session (f)), "org.example.Asking"));

  adw_message_dialog_response (dialog, "install");
  info = df_plugin_host_lookup (df_session_get_plugin_host (ui_test_app_get_session (f)), "org.example.Asking");
  g_assert_nonnull (info);
  g_assert_true (info->enabled);
  g_assert_cmpint (info->origin, ==, DF_PLUGIN_ORIGIN_USER);
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_test_window_destroy (window);
}

#define CRASH_CHILD "--crash-child"

/* The child of test_ui_crash: the application, opening the project, which
 * the plugin's set_project crashes. */
/* The application with the book open; then @action (may be NULL) of the
 * window activated, as its menu item or shortcut would. */
static int
crash_child (const char *action)
{
  UiTestApp ui = { 0 };

  gtk_init ();
  adw_init ();
  ui.app = ui_test_app_launch ("crash-child", &ui.window);
  ui_test_app_open_project (&ui, "safe-book");
  if (action != NULL)
    gtk_widget_activate_action (GTK_WIDGET (ui.window), action, NULL);
  return 0;
}

static gboolean
crash_notice_shown (gpointer data)
{
  return ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* A UI extension that crashes the application as a project opens: the
 * next start shows the notice once, with Keep Off and Enable Again; the
 * plugin is disabled, and the project opens. */
static void
test_ui_crash (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  const DfPluginInfo *info;
  AdwMessageDialog *notice;
  const char *id = "org.example.Fail-ui-crash";

  /* The guard's records are the user's: a folder of this test's. */
  if (ui_test_skip_without_display () || !in_subprocess_with_own_data (f))
    return;
  add_fixture (f, "ui-crash");
  df_test_add_project (f->db_path, "Safe Book", "One", "The first chapter.\n", NULL);

  child = df_test_spawn (G_SUBPROCESS_FLAGS_STDERR_SILENCE, DF_TEST_STRV (self, CRASH_CHILD));
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  g_assert_no_error (error);
  /* Killed by the signal, or (with the sanitizers) ended by their report. */
  g_assert_false (g_subprocess_get_successful (child));

  ui_test_app_start (f);
  ui_test_wait_until (crash_notice_shown, NULL, 10000);
  notice = ADW_MESSAGE_DIALOG (ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  df_test_assert_contains (adw_message_dialog_get_body (notice), "(org.example.Fail-ui-crash 1.2)");
  g_assert_true (adw_message_dialog_has_response (notice, "keep"));
  g_assert_true (adw_message_dialog_has_response (notice, "enable"));
  ui_test_save_png (GTK_WIDGET (notice), "plugin-crash-notice");
  adw_message_dialog_response (notice, "keep");
  gtk_window_destroy (GTK_WINDOW (notice));

  info = df_plugin_host_lookup (df_session_get_plugin_host (ui_test_app_get_session (f)), id);
  g_assert_nonnull (info);
  g_assert_false (info->enabled);
  df_test_assert_contains (info->error, "It crashed DraftForge (in set_project)");
  /* The Plugins page shows its health. */
  {
    GtkWidget *page = df_plugins_page_new (ui_test_app_get_session (f));
    GtkWidget *window = ui_test_window_new (page, 500, 600);
    GtkWidget *row = ui_test_find (page, ADW_TYPE_EXPANDER_ROW, id);
    GtkWidget *health = ui_test_get (row, ADW_TYPE_ACTION_ROW, "health");

    df_test_assert_contains (adw_action_row_get_subtitle (ADW_ACTION_ROW (health)), "Crashed DraftForge 1 time");
    df_test_assert_contains (adw_action_row_get_subtitle (ADW_ACTION_ROW (health)),
                             "Last failure: It crashed DraftForge (in set_project)");
    /* The limits of a plugin's job, changed from the page. */
    {
      GSettings *settings = df_session_get_settings (ui_test_app_get_session (f));
      GtkWidget *time_limit = ui_test_get (page, GTK_TYPE_SPIN_BUTTON, "plugin-time-limit");
      GtkWidget *memory_limit = ui_test_get (page, GTK_TYPE_SPIN_BUTTON, "plugin-memory-limit");

      g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (time_limit)), ==,
                       (int) g_settings_get_uint (settings, "plugin-time-limit"));
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (time_limit), 120);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (memory_limit), 1024);
      ui_test_flush ();
      g_assert_cmpuint (g_settings_get_uint (settings, "plugin-time-limit"), ==, 120);
      g_assert_cmpuint (g_settings_get_uint (settings, "plugin-memory-limit"), ==, 1024);
      g_settings_reset (settings, "plugin-time-limit");
      g_settings_reset (settings, "plugin-memory-limit");
    }
    ui_test_window_destroy (window);
    g_assert_finalize_object (page);
  }

  /* The book opens: the plugin is not called. */
  ui_test_app_open_project (f, "safe-book");
  df_test_assert_intact (ui_test_app_get_store (f));

  /* Once: the next start says nothing. */
  ui_test_app_stop (f);
  ui_test_app_start (f);
  ui_test_flush ();
  g_assert_null (ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

static gboolean
personalize_failed (gpointer data)
{
  GtkWidget *label = ui_test_get (data, GTK_TYPE_LABEL, "personalize_label");

  return strstr (gtk_label_get_text (GTK_LABEL (label)), "Could not personalize") != NULL;
}

/* The reader's Personalize with a reader transform that crashes: the bar
 * says so, naming the plugin; the original stays, the window goes on. */
static void
test_transform_crash (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  GtkWidget *reader, *window, *button;
  DfStore *store;

  if (ui_test_skip_without_display () || !in_subprocess ())
    return;
  add_fixture (f, "transform-crash");
  df_test_add_project (f->db_path, "Safe Book", "One", "The first chapter.\n", "Two", "The second.\n", NULL);
  ui_test_app_start (f);
  ui_test_app_open_project (f, "safe-book");
  store = ui_test_app_get_store (f);
  profile = df_test_make_profile (store, "Ann");
  project = df_project_get (store, "safe-book", FALSE, NULL);
  chapter = df_chapter_get_by_number (store, project->id, 2, NULL);

  reader = df_reader_view_new ();
  df_reader_view_set_session (DF_READER_VIEW (reader), ui_test_app_get_session (f));
  df_reader_view_set_profile (DF_READER_VIEW (reader), profile->id);
  window = ui_test_window_new (reader, 900, 640);
  df_reader_view_open (DF_READER_VIEW (reader), project->id, chapter->id);
  button = ui_test_get (reader, GTK_TYPE_TOGGLE_BUTTON, "personalize_button");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  ui_test_wait_until (personalize_failed, reader, 30000);
  df_test_assert_contains (gtk_label_get_text (GTK_LABEL (ui_test_get (reader, GTK_TYPE_LABEL, "personalize_label"))),
                           "The Failing reader transform (org.example.Fail-transform-crash 1.2) crashed while at “Two”");
  {
    g_autofree char *shown = ui_test_text_of (ui_test_get (reader, DF_TYPE_MARKDOWN_VIEW, NULL));

    df_test_assert_contains (shown, "The second.");
  }
  ui_test_save_png (window, "plugin-transform-crash");

  /* Turned to another chapter, which fails too: its text as written. */
  {
    g_autoptr(DfChapter) first = df_chapter_get_by_number (store, project->id, 1, NULL);
    g_autofree char *shown = NULL;

    gtk_label_set_text (GTK_LABEL (ui_test_get (reader, GTK_TYPE_LABEL, "personalize_label")), "");
    df_reader_view_open (DF_READER_VIEW (reader), project->id, first->id);
    ui_test_wait_until (personalize_failed, reader, 30000);
    shown = ui_test_text_of (ui_test_get (reader, DF_TYPE_MARKDOWN_VIEW, NULL));
    df_test_assert_contains (shown, "The first chapter.");
  }

  /* The window goes on, and the book is whole. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), FALSE);
  ui_test_flush ();
  ui_test_window_destroy (window);
  ui_test_app_open_project (f, "safe-book");
  df_test_assert_intact (store);
}

/* Whether a helper runs a reader transform on the database at @data. */
static gboolean
transform_helper_runs (gpointer data)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", name, "cmdline", NULL);
      g_autofree char *cmdline = NULL;
      gsize len;

      if (!g_ascii_isdigit (*name) || !g_file_get_contents (path, &cmdline, &len, NULL))
        continue;
      /* The arguments are NUL-separated: spaces instead. */
      for (gsize i = 0; i + 1 < len; i++)
        if (cmdline[i] == '\0')
          cmdline[i] = ' ';
      if (strstr (cmdline, "draftforge-plugin-runner transform ") != NULL && strstr (cmdline, data) != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
no_transform_helper (gpointer data)
{
  return !transform_helper_runs (data);
}

/* A reader transform that never returns: Personalize turned off again
 * (Stop) ends its helper; the original is shown, the window goes on. */
static void
test_transform_stop (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  g_autofree char *shown = NULL;
  GtkWidget *reader, *window, *button;
  DfStore *store;

  if (ui_test_skip_without_display () || !in_subprocess ())
    return;
  add_fixture (f, "transform-loop");
  df_test_add_project (f->db_path, "Safe Book", "One", "The first chapter.\n", "Two", "The second.\n", NULL);
  ui_test_app_start (f);
  ui_test_app_open_project (f, "safe-book");
  store = ui_test_app_get_store (f);
  profile = df_test_make_profile (store, "Ann");
  project = df_project_get (store, "safe-book", FALSE, NULL);
  chapter = df_chapter_get_by_number (store, project->id, 2, NULL);

  reader = df_reader_view_new ();
  df_reader_view_set_session (DF_READER_VIEW (reader), ui_test_app_get_session (f));
  df_reader_view_set_profile (DF_READER_VIEW (reader), profile->id);
  window = ui_test_window_new (reader, 900, 640);
  df_reader_view_open (DF_READER_VIEW (reader), project->id, chapter->id);
  button = ui_test_get (reader, GTK_TYPE_TOGGLE_BUTTON, "personalize_button");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  ui_test_wait_until (transform_helper_runs, f->db_path, 30000);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), FALSE);
  ui_test_wait_until (no_transform_helper, f->db_path, 30000);
  shown = ui_test_text_of (ui_test_get (reader, DF_TYPE_MARKDOWN_VIEW, NULL));
  df_test_assert_contains (shown, "The second.");
  ui_test_window_destroy (window);
  df_test_assert_intact (store);
}

static gboolean
sync_failed (gpointer data)
{
  return g_strcmp0 (df_sync_status_button_get_state (data), "Sync error") == 0;
}

/* A sync backend that aborts, as the only "git" backend, on a book kept
 * in git: opening the book asks for its status, which fails naming the
 * plugin; the window goes on and the book is whole. */
static void
test_sync_abort (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *repo = NULL;
  g_autofree char *plugins = NULL;
  g_autofree char *out_dir = NULL;
  g_autoptr(DfTestRun) init = NULL;
  DfSyncStatusButton *button;
  DfProjectView *view;
  GtkWidget *error_label;

  if (ui_test_skip_without_display () || !in_subprocess ())
    return;
  df_test_add_project (f->db_path, "Safe Book", "One", "The first chapter.\n", "Two", "The second.\n", NULL);
  repo = g_build_filename (f->dir, "repo", NULL);
  init = df_test_run_cli (f->db_path, NULL, NULL, DF_TEST_STRV ("sync", "init", "safe-book", "--repo", repo));
  df_test_assert_run_ok (init);
  add_fixture (f, "sync-abort");
  plugins = g_build_filename (f->dir, "plugins", NULL);
  g_setenv ("DRAFTFORGE_PLUGIN_PATH", plugins, TRUE);
  out_dir = g_build_filename (f->dir, "out", NULL);
  g_mkdir_with_parents (out_dir, 0755);

  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "safe-book");
  button = DF_SYNC_STATUS_BUTTON (ui_test_get (GTK_WIDGET (view), DF_TYPE_SYNC_STATUS_BUTTON, NULL));
  ui_test_wait_until (sync_failed, button, 30000);
  error_label = ui_test_get (GTK_WIDGET (button), GTK_TYPE_LABEL, "sync-error");
  df_test_assert_contains (gtk_label_get_text (GTK_LABEL (error_label)),
                           "The Failing sync backend (org.example.Fail-sync-abort 1.2) crashed as it started (Aborted)");
  ui_test_save_png (GTK_WIDGET (view), "plugin-sync-abort");
  assert_nothing_left (f, out_dir, 0);
  /* Closing the book saves a version: that fails too, and says so. */
  g_test_expect_message ("draftforge", G_LOG_LEVEL_WARNING, "The version of the project closed was not saved*");
  ui_test_app_stop (f);
  g_test_assert_expected_messages ();
}

/* A UI extension whose own action handler crashes the application (its
 * menu item chosen): the next start disables it with the notice, which
 * names the action. */
static void
test_action_crash (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  const DfPluginInfo *info;
  AdwMessageDialog *notice;
  const char *id = "org.example.Fail-action-crash";
  g_autofree char *prefix = df_plugin_action_prefix (id);
  g_autofree char *action = NULL;

  if (ui_test_skip_without_display () || !in_subprocess_with_own_data (f))
    return;
  add_fixture (f, "action-crash");
  df_test_add_project (f->db_path, "Safe Book", "One", "The first chapter.\n", NULL);
  action = g_strdup_printf ("%s.boom", prefix);

  child = df_test_spawn (G_SUBPROCESS_FLAGS_STDERR_SILENCE, DF_TEST_STRV (self, CRASH_CHILD, action));
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_successful (child));

  ui_test_app_start (f);
  ui_test_wait_until (crash_notice_shown, NULL, 10000);
  notice = ADW_MESSAGE_DIALOG (ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  df_test_assert_contains (adw_message_dialog_get_body (notice), "(org.example.Fail-action-crash 1.2)");
  ui_test_save_png (GTK_WIDGET (notice), "plugin-action-crash-notice");
  adw_message_dialog_response (notice, "keep");
  gtk_window_destroy (GTK_WINDOW (notice));

  info = df_plugin_host_lookup (df_session_get_plugin_host (ui_test_app_get_session (f)), id);
  g_assert_nonnull (info);
  g_assert_false (info->enabled);
  df_test_assert_contains (info->error, "It crashed DraftForge (in action boom)");
  ui_test_app_open_project (f, "safe-book");
  df_test_assert_intact (ui_test_app_get_store (f));
}

int
main (int    argc,
      char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], CRASH_CHILD))
    return crash_child (argc >= 3 ? argv[2] : NULL);
  ui_test_init (&argc, &argv);
  g_setenv ("DRAFTFORGE_API_KEY", "", FALSE);

#define ADD(path, func) g_test_add (path, UiTestApp, NULL, ui_test_app_set_up, func, ui_test_app_tear_down)
  ADD ("/plugin-safety/export-crash", test_export_crash);
  ADD ("/plugin-safety/stop", test_stop);
  ADD ("/plugin-safety/ui-crash", test_ui_crash);
  ADD ("/plugin-safety/action-crash", test_action_crash);
  ADD ("/plugin-safety/transform-crash", test_transform_crash);
  ADD ("/plugin-safety/sync-abort", test_sync_abort);
  ADD ("/plugin-safety/transform-stop", test_transform_stop);
  ADD ("/plugin-safety/install-permissions", test_install_permissions);
  return g_test_run ();
}
