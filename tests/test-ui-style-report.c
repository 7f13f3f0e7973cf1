/* test-ui-style-report.c: the Style Report window
 *
 * The application on a database of its own, the style plugin from the
 * build tree: Ctrl+Shift+Y in a project of three chapters opens the
 * report, which checks the book in a worker and then draws a point of
 * each series for each chapter and lists the kinds of findings, the
 * most frequent first; Export CSV and Export JSON write what
 * `draftforge-cli style report --csv` and `--json` print; Stop ends a
 * check at once and leaves the window usable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-style-report.h"
#include "ui-test-util.h"

static gboolean
report_done (gpointer data)
{
  return !df_style_report_is_running (data);
}

/* @file's contents; fails the test when it cannot be read. */
static char *
contents_of (GFile *file)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

/* Exports the report as CSV (@csv) or JSON into @dir and checks that the
 * file holds what the command line prints for the project. */
static void
assert_export_matches_cli (DfStyleReport *report,
                           const char    *db_path,
                           const char    *dir,
                           gboolean       csv)
{
  g_autofree char *path = g_build_filename (dir, csv ? "report.csv" : "report.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(DfTestRun) run = NULL;
  g_autofree char *written = NULL;

  g_assert_true (df_style_report_export (report, file, csv, &error));
  g_assert_no_error (error);
  written = contents_of (file);
  run = df_test_run_cli_args (db_path, NULL, NULL, "style", "report", "report", csv ? "--csv" : "--json", NULL);
  df_test_assert_run_ok (run);
  g_assert_cmpstr (written, ==, run->out);
}

static void
test_report_chart_kinds_export (UiTestApp     *f,
                                gconstpointer  data)
{
  DfProjectView *view;
  DfStyleReport *report;
  const char * const *kinds;
  GtkWidget *kinds_list;
  guint rows = 0;

  (void) data;
  if (ui_test_skip_without_display () || !df_test_have_cli ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Report",
                       "One", "She ran quickly and quietly. He spoke softly, slowly and sadly. The ball was thrown.",
                       "Two", "The letter was written by the clerk. It was sealed at night. Nobody saw it.",
                       "Three", "Snow fell on the fields. The horses waited by the gate. A bell rang once.",
                       NULL);
  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "report");

  /* The shortcut, from the editor, as a writer would press it. */
  g_assert_true (ui_test_press_shortcut (gtk_root_get_focus (GTK_ROOT (f->window)) ?: GTK_WIDGET (view),
                                         GDK_KEY_y, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  report = DF_STYLE_REPORT (ui_test_wait_for_toplevel (DF_TYPE_STYLE_REPORT, 10000));
  ui_test_wait_until (report_done, report, 30000);
  ui_test_save_png (GTK_WIDGET (report), "style-report");

  /* A point of each series for each chapter. */
  g_assert_cmpuint (df_style_report_chart_get_n_points (df_style_report_get_chart (report)), ==, 3);

  /* Adverbs (five) before passive voice (three), and a row for each. */
  kinds = df_style_report_get_kinds (report);
  g_assert_nonnull (kinds);
  g_assert_cmpstr (kinds[0], ==, "adverb");
  g_assert_true (g_strv_contains (kinds, "passive-voice"));
  g_assert_cmpint (g_strv_length ((char **) kinds), <, 20);
  kinds_list = ui_test_get (GTK_WIDGET (report), GTK_TYPE_LIST_BOX, "style-report-kinds");
  while (gtk_list_box_get_row_at_index (GTK_LIST_BOX (kinds_list), rows) != NULL)
    rows++;
  g_assert_cmpuint (rows, ==, g_strv_length ((char **) kinds));
  g_assert_nonnull (ui_test_find (kinds_list, ADW_TYPE_EXPANDER_ROW, "passive-voice"));

  assert_export_matches_cli (report, f->db_path, f->dir, TRUE);
  assert_export_matches_cli (report, f->db_path, f->dir, FALSE);

  /* Stop ends a check at once; checking again works. */
  df_style_report_refresh (report);
  g_assert_true (df_style_report_is_running (report));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (report), "report.stop", NULL));
  g_assert_false (df_style_report_is_running (report));
  ui_test_next_tick ();
  df_style_report_refresh (report);
  ui_test_wait_until (report_done, report, 30000);
  g_assert_cmpuint (df_style_report_chart_get_n_points (df_style_report_get_chart (report)), ==, 3);

  gtk_window_destroy (GTK_WINDOW (report));
  ui_test_wait_toplevel_gone (DF_TYPE_STYLE_REPORT, 5000);
}

int
main (int    argc,
      char **argv)
{
  ui_test_init (&argc, &argv);
  g_test_add ("/ui/style-report/chart-kinds-export", UiTestApp, NULL, ui_test_app_set_up,
              test_report_chart_kinds_export, ui_test_app_tear_down);
  return g_test_run ();
}
