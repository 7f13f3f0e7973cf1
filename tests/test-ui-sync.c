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

#include "df-sync-status.h"
#include "ui-test-util.h"

static void
run_ok (const char * const *argv)
{
  g_autoptr(DfTestRun) run = df_test_run (NULL, NULL, NULL, argv);

  if (run->status != 0)
    g_error ("%s failed: %s", argv[0], run->err);
}

static void
cli_ok (const char *db,
        ...)
{
  g_autoptr(DfTestRun) run = NULL;
  va_list args;

  va_start (args, db);
  run = df_test_run_cli_valist (db, NULL, NULL, args);
  va_end (args);
  df_test_assert_run_ok (run);
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
  cli_ok (f->db_path, "sync", "init", "synced-book", "--repo", repo, NULL);
  cli_ok (f->db_path, "sync", "remote", "synced-book", bare, NULL);

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
  cli_ok (f->db_path, "sync", "init", "kept-book", "--repo", repo, NULL);
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

int
main (int    argc,
      char **argv)
{
  ui_test_init (&argc, &argv);
  g_setenv ("DRAFTFORGE_API_KEY", "", FALSE);
  g_test_add ("/ui/sync/status-and-sync", UiTestApp, NULL, ui_test_app_set_up, test_status_and_sync,
              ui_test_app_tear_down);
  g_test_add ("/ui/sync/automatic-versions", UiTestApp, NULL, ui_test_app_set_up, test_automatic_versions,
              ui_test_app_tear_down);
  return g_test_run ();
}
