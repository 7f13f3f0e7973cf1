/* test-ui-plugin-safety.c: a plugin that fails cannot take the application
 * down
 *
 * The Export dialog runs an exporter in the helper process: one that
 * crashes fails the export with a message naming the plugin and its
 * version, the window goes on (another export from the same dialog
 * works), nothing is left beside the destination and no job stays at
 * "processing".  Stop ends an exporter that never returns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-application.h"
#include "df-export-dialog.h"
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
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strdup_printf ("libplugin-fail-%s.so", way);
  g_autofree char *built = g_test_build_filename (G_TEST_BUILT, file, NULL);
  g_autofree char *plugins = g_build_filename (f->dir, "plugins", NULL);
  g_autofree char *dir = g_build_filename (plugins, way, NULL);
  g_autofree char *manifest = g_strdup_printf ("[Plugin]\nId=org.example.Fail-%s\nName=Failing %s\n"
                                               "Version=1.2\nAPI=1\nModule=fixture\nProvides=exporter;\n",
                                               way, way);
  g_autofree char *path = g_strdup_printf ("%s:%s", plugins, g_getenv ("DRAFTFORGE_PLUGIN_PATH"));
  g_autofree char *contents = NULL;
  g_autofree char *written = NULL;
  g_autofree char *module = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (built, &contents, &len, &error));
  g_assert_no_error (error);
  g_mkdir_with_parents (dir, 0755);
  written = df_test_write_file (dir, "fail.plugin", manifest, -1);
  module = df_test_write_file (dir, "libfixture.so", contents, (gssize)len);
  g_setenv ("DRAFTFORGE_PLUGIN_PATH", path, TRUE);
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

int
main (int    argc,
      char **argv)
{
  ui_test_init (&argc, &argv);
  g_setenv ("DRAFTFORGE_API_KEY", "", FALSE);

#define ADD(path, func) g_test_add (path, UiTestApp, NULL, ui_test_app_set_up, func, ui_test_app_tear_down)
  ADD ("/plugin-safety/export-crash", test_export_crash);
  ADD ("/plugin-safety/stop", test_stop);
  return g_test_run ();
}
