/* test-ui-search.c: the project's search panel, an occurrence at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-project-sidebar.h"
#include "df-project-view.h"
#include "df-search-panel.h"
#include "df-window.h"
#include "ui-test-util.h"

typedef UiTestApp Fixture;

static gboolean
panel_idle (gpointer data)
{
  return !df_search_panel_is_busy (data) && df_search_panel_get_n_results (data) > 0;
}

static gboolean
panel_shows_all (gpointer data)
{
  return !df_search_panel_is_busy (data) &&
         (gint64)df_search_panel_get_n_results (data) == df_search_panel_get_total (data);
}

/* The row @index of the panel's result list. */
static GtkListBoxRow *
result_row (GtkWidget *panel,
            int        index)
{
  GtkWidget *list = ui_test_get (panel, GTK_TYPE_LIST_BOX, "search-results");
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), index);

  g_assert_nonnull (row);
  return row;
}

typedef struct
{
  DfProjectView *view;
  int            start;
  int            end;
} Selection;

static gboolean
selection_is (gpointer data)
{
  Selection *s = data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (df_project_view_get_editor (s->view)));
  GtkTextIter start, end;

  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return FALSE;
  return gtk_text_iter_get_offset (&start) == s->start && gtk_text_iter_get_offset (&end) == s->end;
}

/* 250 lines "Line N: a Stórm, number N." in the second chapter: the
 * panel shows 200 "of 250", the rest on Show More, and the 231st result
 * selects that very occurrence in the editor. */
static void
test_occurrences (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *sidebar, *panel, *status;
  DfProjectView *view;
  Selection selection = { 0 };
  const char *at;

  if (ui_test_skip_without_display ())
    return;

  for (guint i = 1; i <= 250; i++)
    g_string_append_printf (text, "Line %u: a Stórm, number %u.\n", i, i);
  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Weather", "Calm", "Nothing here.", "Gales", text->str, NULL);
  ui_test_app_start (f);

  view = ui_test_app_open_project (f, "weather");
  sidebar = ui_test_get (GTK_WIDGET (view), DF_TYPE_PROJECT_SIDEBAR, "sidebar");
  panel = ui_test_get (sidebar, DF_TYPE_SEARCH_PANEL, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "project.search", NULL));
  df_search_panel_search (DF_SEARCH_PANEL (panel), "storm");
  ui_test_wait_until (panel_idle, panel, 10000);

  status = ui_test_get (panel, GTK_TYPE_LABEL, "search-status");
  g_assert_cmpuint (df_search_panel_get_n_results (DF_SEARCH_PANEL (panel)), ==, 200);
  g_assert_cmpint (df_search_panel_get_total (DF_SEARCH_PANEL (panel)), ==, 250);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "Showing 200 of 250 occurrences in 1 chapter"));

  /* The last row, Show More: the other 50. */
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (result_row (panel, 200))), ==, "search-more");
  g_signal_emit_by_name (result_row (panel, 200), "activate");
  ui_test_wait_until (panel_shows_all, panel, 10000);
  g_assert_cmpuint (df_search_panel_get_n_results (DF_SEARCH_PANEL (panel)), ==, 250);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "250 occurrences in 1 chapter"));
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (ui_test_get (panel, GTK_TYPE_LIST_BOX, "search-results")), 250));

  /* Result 231: "Stórm" on line 231 of the second chapter, selected. */
  at = strstr (text->str, "Line 231:");
  at = strstr (at, "Stórm");
  selection.view = view;
  selection.start = (int)g_utf8_pointer_to_offset (text->str, at);
  selection.end = selection.start + 5;
  g_signal_emit_by_name (result_row (panel, 230), "activate");
  ui_test_wait_until (selection_is, &selection, 10000);
}

int
main (int    argc,
      char **argv)
{
  ui_test_init (&argc, &argv);
  g_setenv ("DRAFTFORGE_API_KEY", "", FALSE);

  g_test_add ("/Search/occurrences", UiTestApp, NULL, ui_test_app_set_up, test_occurrences, ui_test_app_tear_down);

  return g_test_run ();
}
