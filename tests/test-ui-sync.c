/* test-ui-sync.c: the sync status in the project's header bar, under Xvfb
 *
 * A project linked to a repository, with a bare repository as its remote
 * (both made with draftforge-cli and git before the application starts):
 * opening it syncs (the version waiting is sent, the button says Synced);
 * a remote out of reach is offline, said in the popover in words.  A
 * project kept in git saves versions by itself every few minutes (here
 * every second) and when it is closed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "df-history-window.h"
#include "df-sync-conflict-window.h"
#include "df-sync-history-window.h"
#include "df-sync-link.h"
#include "df-sync-settings-window.h"
#include "df-sync-status.h"
#include "test-sync-keyring.h"
#include "ui-test-util.h"

/* GNOME Keyring on a bus of the tests' own, which the application uses
 * as its session bus: storing a token never prompts. */
static SyncKeyring keyring;
static char *keyring_dir;

static void
run_ok (const char * const *argv)
{
  g_autoptr(DfTestRun) run = df_test_run (NULL, NULL, NULL, argv);

  if (run->status != 0)
    g_error ("%s failed: %s", argv[0], run->err);
}

typedef struct
{
  DfSyncStatusButton *button;
  const char         *state;
} Wait;

static gboolean
state_is (gpointer data)
{
  Wait *w = data;
  return g_strcmp0 (df_sync_status_button_get_state (w->button), w->state) == 0;
}

static void
wait_state (DfSyncStatusButton *button,
            const char         *state)
{
  Wait w = { button, state };
  df_test_wait_until (state_is, &w);
}

static void
test_status_and_sync (UiTestApp     *f,
                      gconstpointer  data)
{
  g_autofree char *repo = NULL, *bare = NULL, *broken = NULL;
  g_autofree char *ref = NULL;
  g_autoptr(DfTestRun) rev = NULL;
  DfSyncStatusButton *button;
  DfProjectView *view;
  GtkWidget *sync_now, *error_label, *menu;

  (void) data;
  if (ui_test_skip_without_display () || !df_test_have_cli ())
    return;
  repo = g_build_filename (f->dir, "repo", NULL);
  bare = g_build_filename (f->dir, "remote.git", NULL);
  run_ok (DF_TEST_STRV ("git", "init", "-q", "--bare", bare));
  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Synced Book", "One", "Words to send.\n", NULL);
  g_free (df_test_run_cli_ok (f->db_path, "sync", "init", "synced-book", "--repo", repo, NULL));
  g_free (df_test_run_cli_ok (f->db_path, "sync", "remote", "synced-book", bare, NULL));

  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "synced-book");
  button = DF_SYNC_STATUS_BUTTON (ui_test_get (GTK_WIDGET (view), DF_TYPE_SYNC_STATUS_BUTTON, NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (button)));
  /* opened: synced by itself, the version waiting sent */
  wait_state (button, "Synced");

  /* Sync Now, as the popover offers it: nothing new, still synced. */
  menu = ui_test_get (GTK_WIDGET (button), GTK_TYPE_MENU_BUTTON, "sync-status");
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu));
  sync_now = ui_test_get (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu))), GTK_TYPE_BUTTON, "sync-now");
  g_signal_emit_by_name (sync_now, "clicked");
  wait_state (button, "Synced");
  rev = df_test_run (NULL, NULL, NULL, DF_TEST_STRV ("git", "--git-dir", bare, "rev-parse", "main"));
  g_assert_cmpint (rev->status, ==, 0);
  ui_test_save_png (GTK_WIDGET (view), "sync-status-synced");

  /* The remote's stick unplugged: offline, said in words in the
   * popover, and the version kept to send. */
  broken = g_strconcat (bare, "-unplugged", NULL);
  g_assert_cmpint (g_rename (bare, broken), ==, 0);
  df_sync_status_button_sync (button);
  wait_state (button, "Offline");
  error_label = ui_test_get (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu))), GTK_TYPE_LABEL, "sync-error");
  g_assert_true (gtk_widget_get_visible (error_label));
  df_test_assert_contains (gtk_label_get_text (GTK_LABEL (error_label)), "Offline: could not reach");
  ui_test_save_png (GTK_WIDGET (view), "sync-status-offline");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu));
}

/* How many versions the repository at @repo holds. */
static guint
versions_in (const char *repo)
{
  g_autoptr(DfTestRun) run = df_test_run (NULL, NULL, NULL,
                                          DF_TEST_STRV ("git", "-C", repo, "rev-list", "--count", "HEAD"));

  g_assert_cmpint (run->status, ==, 0);
  return (guint) g_ascii_strtoull (run->out, NULL, 10);
}

typedef struct
{
  const char *repo;
  guint       n;
} Versions;

static gboolean
has_versions (gpointer data)
{
  Versions *v = data;
  return versions_in (v->repo) >= v->n;
}

/* Versions saved by themselves: after a while with changes (none without),
 * and when the project is closed. */
static void
test_automatic_versions (UiTestApp     *f,
                         gconstpointer  data)
{
  g_autofree char *repo = NULL;
  g_autofree char *message = NULL;
  g_autoptr(DfTestRun) log = NULL;
  DfSyncStatusButton *button;
  DfProjectView *view;
  Versions v;

  (void) data;
  if (ui_test_skip_without_display () || !df_test_have_cli ())
    return;
  repo = g_build_filename (f->dir, "repo", NULL);
  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Kept Book", "One", "First words.\n", NULL);
  g_free (df_test_run_cli_ok (f->db_path, "sync", "init", "kept-book", "--repo", repo, NULL));
  g_assert_cmpuint (versions_in (repo), ==, 1);

  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "kept-book");
  button = DF_SYNC_STATUS_BUTTON (ui_test_get (GTK_WIDGET (view), DF_TYPE_SYNC_STATUS_BUTTON, NULL));
  wait_state (button, "Not synced");

  /* every second here (every sync-interval minutes for a writer) */
  df_sync_status_button_set_interval (button, 1);
  ui_test_type (view, "More words. ");
  gtk_widget_activate_action (GTK_WIDGET (view), "project.save", NULL);
  ui_test_wait_until (ui_test_view_saved, view, 10000);
  v = (Versions) { repo, 2 };
  ui_test_wait_until (has_versions, &v, 20000);
  log = df_test_run (NULL, NULL, NULL, DF_TEST_STRV ("git", "-C", repo, "log", "-1", "--format=%s%n%b"));
  df_test_assert_contains (log->out, "+2");

  /* closed: what changed since is a version */
  df_sync_status_button_set_interval (button, 3600);
  ui_test_type (view, "Last words. ");
  gtk_widget_activate_action (GTK_WIDGET (view), "project.save", NULL);
  ui_test_wait_until (ui_test_view_saved, view, 10000);
  g_assert_cmpuint (versions_in (repo), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-library", NULL);
  v = (Versions) { repo, 3 };
  ui_test_wait_until (has_versions, &v, 20000);
}

typedef struct
{
  DfProjectView *view;
  const char    *text;
} EditorShows;

static gboolean
editor_shows (gpointer data)
{
  EditorShows *e = data;
  g_autofree char *text = ui_test_editor_text (e->view);

  return g_strcmp0 (text, e->text) == 0;
}

static gboolean
has_size (gpointer data)
{
  return gtk_widget_get_width (data) > 0;
}

/* Saves what @widget shows once it is on screen. */
static void
save_shown (GtkWidget  *widget,
            const char *name)
{
  ui_test_wait_until (has_size, widget, 5000);
  ui_test_save_png (widget, name);
}

static gboolean
history_ready (gpointer data)
{
  return !df_sync_history_window_get_busy (data);
}

static char *
cli_text (const char *db,
          const char *n)
{
  g_autoptr(DfTestRun) run = df_test_run_cli_args (db, NULL, NULL, "chapter", "cat", "history-book", n, NULL);

  df_test_assert_run_ok (run);
  return g_strdup (run->out);
}

/* The synced versions from the popover's History…: the whole book
 * restored to the first (asked first, a new version, Undo in a toast),
 * then one chapter's versions compared and one restored in the editor,
 * as an edit that Undo takes back. */
static void
test_history (UiTestApp     *f,
              gconstpointer  data)
{
  g_autofree char *repo = NULL, *text = NULL;
  g_autoptr(DfChapter) one = NULL;
  g_autoptr(GError) error = NULL;
  DfSyncHistoryWindow *history;
  DfHistoryWindow *versions;
  AdwMessageDialog *dialog;
  DfProjectView *view;
  DfTestChapterText check;
  EditorShows shows;
  GtkTextBuffer *buffer;
  g_autoptr(DfTestRun) write = NULL;

  (void) data;
  if (ui_test_skip_without_display () || !df_test_have_cli ())
    return;
  repo = g_build_filename (f->dir, "repo", NULL);
  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "History Book", "One", "The first text.\n", NULL);
  g_free (df_test_run_cli_ok (f->db_path, "sync", "init", "history-book", "--repo", repo, NULL));
  write = df_test_run_cli_args (f->db_path, NULL, "The second text, longer.\n", "chapter", "write",
                                                     "history-book", "1", NULL);
  df_test_assert_run_ok (write);
  g_free (df_test_run_cli_ok (f->db_path, "sync", "commit", "history-book", "-m", "Rewrote the opening", NULL));

  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "history-book");
  one = df_chapter_get_by_number (ui_test_app_get_store (f), df_project_view_get_project_id (view), 1, &error);
  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (view), "project.sync-history", NULL);
  history = DF_SYNC_HISTORY_WINDOW (ui_test_wait_for_toplevel (DF_TYPE_SYNC_HISTORY_WINDOW, 5000));
  ui_test_wait_until (history_ready, history, 10000);
  g_assert_cmpuint (df_sync_history_window_get_n_versions (history), ==, 2);
  save_shown (GTK_WIDGET (history), "sync-history");

  /* the whole book back to the first version: asked, then done */
  df_sync_history_window_select (history, 1);
  gtk_widget_activate_action (GTK_WIDGET (history), "sync-history.restore-book", NULL);
  dialog = ADW_MESSAGE_DIALOG (ui_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, 5000));
  df_test_assert_contains (adw_message_dialog_get_body (dialog), "saved as a new version");
  adw_message_dialog_response (dialog, "restore");
  gtk_window_close (GTK_WINDOW (dialog));
  ui_test_wait_until (history_ready, history, 20000);
  g_assert_cmpuint (df_sync_history_window_get_n_versions (history), ==, 3);
  text = cli_text (f->db_path, "1");
  g_assert_cmpstr (text, ==, "The first text.\n");
  g_clear_pointer (&text, g_free);
  /* the editor shows it (nothing was unsaved) */
  shows = (EditorShows) { view, "The first text.\n" };
  ui_test_wait_until (editor_shows, &shows, 10000);
  save_shown (GTK_WIDGET (history), "sync-history-restored");

  /* Undo, from the toast: a fourth version, the text back */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history), "sync-history.undo-restore", NULL));
  ui_test_wait_until (history_ready, history, 20000);
  g_assert_cmpuint (df_sync_history_window_get_n_versions (history), ==, 4);
  text = cli_text (f->db_path, "1");
  g_assert_cmpstr (text, ==, "The second text, longer.\n");
  g_clear_pointer (&text, g_free);
  shows = (EditorShows) { view, "The second text, longer.\n" };
  ui_test_wait_until (editor_shows, &shows, 10000);

  /* one chapter: its versions, compared, the first restored in the editor */
  df_sync_history_window_set_chapter (history, one->id);
  ui_test_wait_until (history_ready, history, 10000);
  g_assert_cmpuint (df_sync_history_window_get_n_versions (history), ==, 4);
  df_sync_history_window_select (history, 3);
  gtk_widget_activate_action (GTK_WIDGET (history), "sync-history.compare", NULL);
  versions = DF_HISTORY_WINDOW (ui_test_wait_for_toplevel (DF_TYPE_HISTORY_WINDOW, 10000));
  g_assert_cmpuint (df_history_window_get_n_items (versions), ==, 4);
  g_assert_cmpstr (df_history_window_get_selected (versions)->content_md, ==, "The first text.\n");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (ui_test_get (GTK_WIDGET (versions), GTK_TYPE_TOGGLE_BUTTON,
                                                                "compare_button")), TRUE);
  save_shown (GTK_WIDGET (versions), "sync-chapter-compare");
  gtk_widget_activate_action (GTK_WIDGET (versions), "history.restore", NULL);
  ui_test_wait_toplevel_gone (DF_TYPE_HISTORY_WINDOW, 5000);
  text = ui_test_editor_text (view);
  g_assert_cmpstr (text, ==, "The first text.\n");
  g_clear_pointer (&text, g_free);
  check = (DfTestChapterText) { ui_test_app_get_store (f), one->id, "The first text.\n" };
  ui_test_wait_until (df_test_chapter_has_text, &check, 10000);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (df_project_view_get_editor (view)));
  g_assert_true (gtk_text_buffer_get_can_undo (buffer));
  gtk_text_buffer_undo (buffer);
  text = ui_test_editor_text (view);
  g_assert_cmpstr (text, ==, "The second text, longer.\n");
  gtk_window_close (GTK_WINDOW (history));
}

static gboolean
conflict_gone (gpointer data)
{
  return g_strcmp0 (df_sync_status_button_get_state (data), "1 in conflict") != 0;
}

/* Both devices changed the same line: the chapter is listed under
 * Conflicts in the popover, opens side by side, and an edited merge is
 * kept. */
static void
test_conflict (UiTestApp     *f,
               gconstpointer  data)
{
  g_autofree char *bare = NULL, *repo = NULL, *repo_b = NULL, *b = NULL, *text = NULL;
  DfSyncStatusButton *button;
  DfSyncConflictWindow *window;
  DfProjectView *view;
  GtkWidget *menu, *popover, *item, *mine;

  (void) data;
  if (ui_test_skip_without_display () || !df_test_have_cli ())
    return;
  bare = g_build_filename (f->dir, "remote.git", NULL);
  repo = g_build_filename (f->dir, "repo", NULL);
  repo_b = g_build_filename (f->dir, "repo-b", NULL);
  b = g_build_filename (f->dir, "b.db", NULL);
  run_ok (DF_TEST_STRV ("git", "init", "-q", "--bare", bare));
  df_test_add_profile (f->db_path, "Ann");
  df_test_add_project (f->db_path, "History Book", "One", "The same line.\n", NULL);
  g_free (df_test_run_cli_ok (f->db_path, "sync", "init", "history-book", "--repo", repo, NULL));
  g_free (df_test_run_cli_ok (f->db_path, "sync", "remote", "history-book", bare, NULL));
  g_free (df_test_run_cli_ok (f->db_path, "sync", "history-book", NULL));
  g_free (df_test_run_cli_ok (b, "sync", "clone", bare, "--repo", repo_b, NULL));
  g_free (df_test_run_cli_ok (b, "profile", "new", "Ben", NULL));
  {
    g_autoptr(DfTestRun) theirs = df_test_run_cli_args (b, NULL, "Their line.\n", "chapter", "write", "history-book",
                                                        "1", NULL);
    g_autoptr(DfTestRun) ours = df_test_run_cli_args (f->db_path, NULL, "My line.\n", "chapter", "write",
                                                      "history-book", "1", NULL);
    df_test_assert_run_ok (theirs);
    df_test_assert_run_ok (ours);
  }
  g_free (df_test_run_cli_ok (b, "sync", "history-book", NULL));
  g_free (df_test_run_cli_ok (f->db_path, "sync", "history-book", NULL));

  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "history-book");
  button = DF_SYNC_STATUS_BUTTON (ui_test_get (GTK_WIDGET (view), DF_TYPE_SYNC_STATUS_BUTTON, NULL));
  wait_state (button, "1 in conflict");
  menu = ui_test_get (GTK_WIDGET (button), GTK_TYPE_MENU_BUTTON, "sync-status");
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu)));
  item = ui_test_get (popover, GTK_TYPE_BUTTON, "sync-conflict");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (item)), ==, "1. One");
  save_shown (popover, "sync-status-conflict");
  g_signal_emit_by_name (item, "clicked");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu));

  window = DF_SYNC_CONFLICT_WINDOW (ui_test_wait_for_toplevel (DF_TYPE_SYNC_CONFLICT_WINDOW, 5000));
  mine = ui_test_get (GTK_WIDGET (window), GTK_TYPE_TEXT_VIEW, "conflict-mine");
  text = ui_test_text_of (mine);
  g_assert_cmpstr (text, ==, "My line.\n");
  g_clear_pointer (&text, g_free);
  text = ui_test_text_of (ui_test_get (GTK_WIDGET (window), GTK_TYPE_TEXT_VIEW, "conflict-theirs"));
  g_assert_cmpstr (text, ==, "Their line.\n");
  g_clear_pointer (&text, g_free);
  save_shown (GTK_WIDGET (window), "sync-conflict-compare");

  /* an edited merge kept */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (mine)), "My line and their line.\n", -1);
  g_signal_emit_by_name (ui_test_get (GTK_WIDGET (window), GTK_TYPE_BUTTON, "conflict-take-merge"), "clicked");
  ui_test_wait_toplevel_gone (DF_TYPE_SYNC_CONFLICT_WINDOW, 10000);
  text = cli_text (f->db_path, "1");
  g_assert_cmpstr (text, ==, "My line and their line.\n");
  ui_test_wait_until (conflict_gone, button, 10000);
}

static gboolean
settings_ready (gpointer data)
{
  return !df_sync_settings_window_get_busy (data);
}

/* The token typed nowhere but in the keyring: not in the database, the
 * repositories or the remote. */
static void
assert_not_in (const char *dir,
               const char *secret)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *bytes = NULL;
      gsize len = 0;

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        assert_not_in (path, secret);
      else if (g_file_get_contents (path, &bytes, &len, NULL) && g_strstr_len (bytes, len, secret) != NULL)
        g_error ("The token is in %s", path);
    }
}

/* A book not kept in git: the button offers Sync Settings, which keeps
 * its versions, sets the remote (then it syncs) and keeps a token out of
 * every file. */
static void
test_settings (UiTestApp     *f,
               gconstpointer  data)
{
  g_autofree char *bare = NULL, *repo = NULL;
  g_autoptr(DfTestRun) log = NULL;
  DfSyncStatusButton *button;
  DfSyncSettingsWindow *window;
  DfProjectView *view;
  GtkWidget *row;
  const char *state;

  (void) data;
  if (ui_test_skip_without_display () || !df_test_have_cli ())
    return;
  bare = g_build_filename (f->dir, "remote.git", NULL);
  run_ok (DF_TEST_STRV ("git", "init", "-q", "--bare", bare));
  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Unkept Book", "One", "Words not kept yet.\n", NULL);

  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "unkept-book");
  button = DF_SYNC_STATUS_BUTTON (ui_test_get (GTK_WIDGET (view), DF_TYPE_SYNC_STATUS_BUTTON, NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (button)));
  g_assert_cmpstr (df_sync_status_button_get_state (button), ==, "Versions Off");

  gtk_widget_activate_action (GTK_WIDGET (view), "project.sync-settings", NULL);
  window = DF_SYNC_SETTINGS_WINDOW (ui_test_wait_for_toplevel (DF_TYPE_SYNC_SETTINGS_WINDOW, 5000));
  ui_test_wait_until (settings_ready, window, 10000);
  save_shown (GTK_WIDGET (window), "sync-settings-unlinked");
  g_signal_emit_by_name (ui_test_get (GTK_WIDGET (window), GTK_TYPE_BUTTON, "sync-link"), "clicked");
  ui_test_wait_until (settings_ready, window, 20000);
  g_assert_cmpstr (df_sync_settings_window_get_error (window), ==, NULL);
  wait_state (button, "Not synced");
  repo = g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (ui_test_get (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                                                                                 NULL))));
  log = df_test_run (NULL, NULL, NULL, DF_TEST_STRV ("git", "-C", repo, "log", "--format=%s"));
  g_assert_cmpint (log->status, ==, 0);
  df_test_assert_contains (log->out, "Started keeping versions of the book");

  /* the remote: set, then synced by itself */
  row = ui_test_get (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW, "sync-remote-url");
  gtk_editable_set_text (GTK_EDITABLE (row), bare);
  g_signal_emit_by_name (row, "apply");
  ui_test_wait_until (settings_ready, window, 10000);
  wait_state (button, "Synced");

  /* a token: out of the field at once, kept in the keyring, in no file */
  if (keyring.bus == NULL)
    {
      g_test_message ("gnome-keyring-daemon is not installed: the token is not tried");
      ui_test_app_stop (f);
      run_ok (DF_TEST_STRV ("rm", "-rf", repo));
      return;
    }
  row = ui_test_get (GTK_WIDGET (window), ADW_TYPE_PASSWORD_ENTRY_ROW, "sync-token");
  gtk_editable_set_text (GTK_EDITABLE (row), "ui-t0ken-never-in-a-file");
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");
  ui_test_wait_until (settings_ready, window, 20000);
  g_assert_null (df_sync_settings_window_get_error (window));
  state = df_sync_settings_window_get_token_state (window);
  g_assert_cmpstr (state, ==, "A token is kept in the keyring for this remote");
  save_shown (GTK_WIDGET (window), "sync-settings");
  assert_not_in (f->dir, "ui-t0ken-never-in-a-file");
  assert_not_in (repo, "ui-t0ken-never-in-a-file");
  g_signal_emit_by_name (ui_test_get (GTK_WIDGET (window), GTK_TYPE_BUTTON, "sync-forget-token"), "clicked");
  ui_test_wait_until (settings_ready, window, 20000);
  g_assert_cmpstr (df_sync_settings_window_get_token_state (window), ==,
                   "No token is kept: a server over https will ask for one");
  /* the repository is in the tests' data folder: gone once the
   * application (and its version on closing) is */
  ui_test_app_stop (f);
  run_ok (DF_TEST_STRV ("rm", "-rf", repo));
}

/* The project's ssh key file as the command line shows the setting;
 * NULL when there is none. */
static char *
ssh_key_setting (const char *db,
                 gint64      project_id)
{
  g_autofree char *name = g_strdup_printf ("project-%" G_GINT64_FORMAT ".ssh-key", project_id);
  g_autoptr(DfTestRun) run = df_test_run_cli_args (db, NULL, NULL, "plugin", "settings", DF_SYNC_GIT_PLUGIN_ID,
                                                   "--json", NULL);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o;

  df_test_assert_run_ok (run);
  node = json_from_string (run->out, NULL);
  g_assert_nonnull (node);
  o = json_node_get_object (node);
  if (json_object_has_member (o, "settings"))
    o = json_object_get_object_member (o, "settings");
  return json_object_has_member (o, name) ? g_strdup (json_object_get_string_member (o, name)) : NULL;
}

/* An ssh remote: the key file chosen in Sync Settings is kept as the
 * project's setting, shown, and forgotten with Clear. */
static void
test_settings_ssh_key (UiTestApp     *f,
                       gconstpointer  data)
{
  g_autofree char *key = NULL, *kept = NULL, *repo = NULL;
  DfSyncSettingsWindow *window;
  DfProjectView *view;
  GtkWidget *row;
  gint64 project_id;

  (void) data;
  if (ui_test_skip_without_display () || !df_test_have_cli ())
    return;
  key = g_build_filename (f->dir, "id_ed25519", NULL);
  g_assert_true (g_file_set_contents (key, "not read until a sync\n", -1, NULL));
  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Ssh Book", "One", "Words.\n", NULL);
  repo = g_build_filename (f->dir, "repo", NULL);
  g_free (df_test_run_cli_ok (f->db_path, "sync", "init", "ssh-book", "--repo", repo, NULL));
  g_free (df_test_run_cli_ok (f->db_path, "sync", "remote", "ssh-book", "ssh://git@127.0.0.1:1/book.git", NULL));

  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "ssh-book");
  project_id = df_project_view_get_project_id (view);
  gtk_widget_activate_action (GTK_WIDGET (view), "project.sync-settings", NULL);
  window = DF_SYNC_SETTINGS_WINDOW (ui_test_wait_for_toplevel (DF_TYPE_SYNC_SETTINGS_WINDOW, 5000));
  ui_test_wait_until (settings_ready, window, 10000);
  row = ui_test_get (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "sync-ssh-key");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "None: the keys of your ssh agent are used");

  g_signal_emit_by_name (ui_test_get (GTK_WIDGET (window), GTK_TYPE_BUTTON, "sync-choose-ssh-key"), "clicked");
  ui_test_choose_file (GTK_WIDGET (window), key);
  ui_test_wait_until (settings_ready, window, 10000);
  g_assert_null (df_sync_settings_window_get_error (window));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, key);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (ui_test_get (GTK_WIDGET (window),
                                                                                    ADW_TYPE_PASSWORD_ENTRY_ROW,
                                                                                    "sync-token"))),
                   ==, "Key Passphrase (ssh)");
  save_shown (GTK_WIDGET (window), "sync-settings-ssh-key");
  kept = ssh_key_setting (f->db_path, project_id);
  g_assert_cmpstr (kept, ==, key);

  g_signal_emit_by_name (ui_test_get (GTK_WIDGET (window), GTK_TYPE_BUTTON, "sync-clear-ssh-key"), "clicked");
  ui_test_wait_until (settings_ready, window, 10000);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "None: the keys of your ssh agent are used");
  g_free (kept);
  kept = ssh_key_setting (f->db_path, project_id);
  g_assert_null (kept);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  int status;

  keyring_dir = df_test_tmp_dir_new ("ui-sync-keyring");
  if (sync_keyring_start (&keyring, keyring_dir))
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", keyring.address, TRUE);
  ui_test_init (&argc, &argv);
  g_setenv ("DRAFTFORGE_API_KEY", "", FALSE);
  g_test_add ("/ui/sync/status-and-sync", UiTestApp, NULL, ui_test_app_set_up, test_status_and_sync,
              ui_test_app_tear_down);
  g_test_add ("/ui/sync/automatic-versions", UiTestApp, NULL, ui_test_app_set_up, test_automatic_versions,
              ui_test_app_tear_down);
  g_test_add ("/ui/sync/history", UiTestApp, NULL, ui_test_app_set_up, test_history, ui_test_app_tear_down);
  g_test_add ("/ui/sync/conflict", UiTestApp, NULL, ui_test_app_set_up, test_conflict, ui_test_app_tear_down);
  g_test_add ("/ui/sync/settings-ssh-key", UiTestApp, NULL, ui_test_app_set_up, test_settings_ssh_key,
              ui_test_app_tear_down);
  g_test_add ("/ui/sync/settings", UiTestApp, NULL, ui_test_app_set_up, test_settings, ui_test_app_tear_down);
  status = g_test_run ();
  sync_keyring_stop (&keyring);
  df_test_tmp_dir_free (keyring_dir);
  return status;
}
