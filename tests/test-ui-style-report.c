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

#include "df-issues-panel.h"
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

static gboolean
panel_loaded (gpointer data)
{
  return !df_issues_panel_is_loading (data) && df_issues_panel_get_run_id (data) != 0;
}

/* The findings of @check (all when NULL) in the JSON of `agent run`. */
static guint
count_issues (JsonNode   *run,
              const char *check)
{
  JsonArray *issues = json_object_get_array_member (json_node_get_object (run), "issues");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (issues); i++)
    n += check == NULL || g_strcmp0 (json_object_get_string_member (json_array_get_object_element (issues, i), "check"),
                                     check) == 0;
  return n;
}

/* "Show in the Issues Panel" under a kind of finding: the panel shows
 * the newest style run (not the newer continuity run) with that check's
 * findings only, under a bar naming it; Show All brings the rest back. */
static void
test_kind_to_issues (UiTestApp     *f,
                     gconstpointer  data)
{
  g_autoptr(DfTestRun) style_run = NULL;
  g_autoptr(DfTestRun) continuity_run = NULL;
  g_autoptr(JsonNode) style_json = NULL;
  DfProjectView *view;
  DfStyleReport *report;
  DfIssuesPanel *panel;
  GtkWidget *row;
  GtkWidget *button;
  guint passive, all;

  (void) data;
  if (ui_test_skip_without_display () || !df_test_have_cli ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Report",
                       "One", "She ran quickly and quietly. The ball was thrown. The cake was eaten by the dog.",
                       "Two", "The letter was written by the clerk. It was sealed at night. Nobody saw it.",
                       NULL);
  style_run = df_test_run_cli_args (f->db_path, NULL, NULL, "agent", "run", "style", "report", "--json", NULL);
  df_test_assert_run_ok (style_run);
  style_json = df_test_run_json (style_run);
  passive = count_issues (style_json, "passive-voice");
  all = count_issues (style_json, NULL);
  g_assert_cmpuint (passive, ==, 4);
  g_assert_cmpuint (all, >, passive);
  continuity_run = df_test_run_cli_args (f->db_path, NULL, NULL, "agent", "run", "continuity", "report", NULL);
  df_test_assert_run_ok (continuity_run);

  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "report");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "project.style-report", NULL));
  report = DF_STYLE_REPORT (ui_test_wait_for_toplevel (DF_TYPE_STYLE_REPORT, 10000));
  ui_test_wait_until (report_done, report, 30000);

  row = ui_test_find (GTK_WIDGET (report), ADW_TYPE_EXPANDER_ROW, "passive-voice");
  g_assert_nonnull (row);
  button = ui_test_find (row, GTK_TYPE_BUTTON, "style-report-show-issues");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");

  panel = DF_ISSUES_PANEL (ui_test_get (GTK_WIDGET (view), DF_TYPE_ISSUES_PANEL, NULL));
  ui_test_wait_until (panel_loaded, panel, 10000);
  g_assert_cmpstr (df_issues_panel_get_check (panel), ==, "passive-voice");
  g_assert_cmpuint (df_issues_panel_get_n_issues (panel), ==, passive);
  g_assert_true (gtk_widget_get_visible (ui_test_get (GTK_WIDGET (panel), GTK_TYPE_BOX, "issues-filter")));
  ui_test_save_png (GTK_WIDGET (view), "style-report-kind-to-issues");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "issues.show-all", NULL));
  ui_test_wait_until (panel_loaded, panel, 10000);
  g_assert_null (df_issues_panel_get_check (panel));
  g_assert_cmpuint (df_issues_panel_get_n_issues (panel), ==, all);
  g_assert_false (gtk_widget_get_visible (ui_test_get (GTK_WIDGET (panel), GTK_TYPE_BOX, "issues-filter")));

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
  g_test_add ("/ui/style-report/kind-to-issues", UiTestApp, NULL, ui_test_app_set_up,
              test_kind_to_issues, ui_test_app_tear_down);
  return g_test_run ();
}
