/* test-ui-links.c: a link clicked in the reader opens in the user's
 * browser, with the user's environment
 *
 * The "browser" is a script registered for https in this test's own
 * XDG folders; it writes the URL and its environment to a file.  The test
 * starts as DraftForge does on a machine without a GPU (df_renderer_apply
 * with an empty /dev sets GSK_RENDERER and GDK_DEBUG for itself), and the
 * browser must get neither.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "df-markdown-view.h"
#include "df-model.h"
#include "df-renderer.h"
#include "ui-test-util.h"

static char *home;
static char *report;

/* Before GLib reads the XDG variables, and before GTK starts. */
static void
set_up_home (void)
{
  g_autofree char *dev = NULL;
  g_autofree char *script = NULL;
  g_autofree char *script_text = NULL;
  g_autofree char *desktop = NULL;
  g_autofree char *desktop_text = NULL;
  g_autofree char *mimeapps = NULL;
  g_autofree char *data_home = NULL;
  g_autofree char *config_home = NULL;

  home = df_test_tmp_dir_new ("links");
  dev = g_build_filename (home, "dev", NULL);
  g_assert_cmpint (g_mkdir (dev, 0700), ==, 0);
  report = g_build_filename (home, "browser-saw.txt", NULL);

  script_text = g_strdup_printf ("#!/bin/sh\n"
                                 "{ echo \"URL=$1\"; env; } > '%s.part' && mv '%s.part' '%s'\n",
                                 report, report, report);
  script = df_test_write_file (home, "browser.sh", script_text, -1);
  g_assert_cmpint (g_chmod (script, 0700), ==, 0);

  desktop_text = g_strdup_printf ("[Desktop Entry]\n"
                                  "Type=Application\n"
                                  "Name=Test Browser\n"
                                  "Exec=%s %%u\n"
                                  "MimeType=x-scheme-handler/https;\n"
                                  "NoDisplay=true\n", script);
  desktop = df_test_write_file (home, "data/applications/df-test-browser.desktop", desktop_text, -1);
  mimeapps = df_test_write_file (home, "config/mimeapps.list",
                                 "[Default Applications]\nx-scheme-handler/https=df-test-browser.desktop\n", -1);

  data_home = g_build_filename (home, "data", NULL);
  config_home = g_build_filename (home, "config", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);

  /* As main () does, on a machine without a GPU; the user set neither. */
  g_unsetenv ("GSK_RENDERER");
  g_unsetenv ("GDK_DEBUG");
  g_unsetenv ("GDK_DISABLE");
  df_renderer_apply (dev);
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static void
test_link_opens_with_user_environment (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GListModel) controllers = NULL;
  g_autofree char *seen = NULL;
  g_auto(GStrv) lines = NULL;
  GtkEventController *click = NULL;
  GtkWidget *view, *window;
  GtkTextIter match;
  GdkRectangle rect;
  int x, y;

  if (ui_test_skip_without_display ())
    return;

  store = ui_test_store_new (&dir);
  project = df_test_make_project (store, "Links", NULL);

  view = df_markdown_view_new ();
  window = ui_test_window_new (view, 600, 400);
  df_markdown_view_set_markdown (DF_MARKDOWN_VIEW (view), store, project->id,
                                 "Read [the page](https://example.org/page?a=1&b=2) now.\n");
  ui_test_flush ();

  /* Where "the page" is on screen. */
  match = ui_test_find_text (view, "the page");
  gtk_text_iter_forward_chars (&match, 2);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view), &match, &rect);
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (view), GTK_TEXT_WINDOW_WIDGET,
                                         rect.x + 1, rect.y + rect.height / 2, &x, &y);

  /* A click there: the view's own gesture, as a pointer would end it. */
  controllers = gtk_widget_observe_controllers (view);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (c), "link-click") == 0)
        click = c;
    }
  g_assert_nonnull (click);
  g_signal_emit_by_name (click, "released", 1, (double) x, (double) y);

  ui_test_wait_until (file_exists, report, 10000);
  seen = df_test_read_file (report, NULL);
  lines = g_strsplit (seen, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "URL=https://example.org/page?a=1&b=2");
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_assert_false (g_str_has_prefix (lines[i], "GSK_RENDERER="));
      g_assert_false (g_str_has_prefix (lines[i], "GDK_DEBUG="));
      g_assert_false (g_str_has_prefix (lines[i], "GDK_DISABLE="));
    }
  /* The rest of the environment did reach it. */
  g_assert_nonnull (strstr (seen, "\nXDG_CONFIG_HOME="));

  ui_test_window_destroy (window);
  g_assert_finalize_object (view);
  g_clear_object (&store);
  df_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  int status;

  set_up_home ();
  ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/links/open-with-user-environment", test_link_opens_with_user_environment);
  status = g_test_run ();
  df_test_tmp_dir_free (home);
  g_free (report);
  return status;
}
