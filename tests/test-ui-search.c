/* test-ui-search.c: the project's search panel, an occurrence at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-model.h"
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
  ui_test_wait_until (panel_idle, panel, 30000);

  status = ui_test_get (panel, GTK_TYPE_LABEL, "search-status");
  g_assert_cmpuint (df_search_panel_get_n_results (DF_SEARCH_PANEL (panel)), ==, 200);
  g_assert_cmpint (df_search_panel_get_total (DF_SEARCH_PANEL (panel)), ==, 250);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "Showing 200 of 250 occurrences in 1 chapter"));

  /* The last row, Show More: the other 50. */
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (result_row (panel, 200))), ==, "search-more");
  g_signal_emit_by_name (result_row (panel, 200), "activate");
  /* The entry's own "search-changed", which comes 150 ms after its text
   * was set: the same words, not searched over again from the start. */
  g_signal_emit_by_name (ui_test_get (panel, GTK_TYPE_SEARCH_ENTRY, NULL), "search-changed");
  ui_test_wait_until (panel_shows_all, panel, 30000);
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
  ui_test_wait_until (selection_is, &selection, 30000);
}

/* The text of chapter @number of @view's project, as saved. */
static char *
saved_text (Fixture *f,
            gint64   number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) projects = df_project_list (ui_test_app_get_store (f), FALSE, &error);
  g_autoptr(GPtrArray) chapters = NULL;

  g_assert_no_error (error);
  chapters = df_chapter_list (ui_test_app_get_store (f), ((DfProject *)projects->pdata[0])->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < chapters->len; i++)
    if (((DfChapter *)chapters->pdata[i])->number == number)
      {
        g_autoptr(DfChapter) chapter = df_chapter_get (ui_test_app_get_store (f),
                                                       ((DfChapter *)chapters->pdata[i])->id, &error);

        g_assert_no_error (error);
        return g_strdup (chapter->content_md);
      }
  g_assert_not_reached ();
}

typedef struct
{
  Fixture    *f;
  GtkWidget  *panel;
  const char *first;    /* what the first chapter must hold */
} ReplaceWait;

static gboolean
replaced_everywhere (gpointer data)
{
  ReplaceWait *w = data;
  g_autofree char *first = saved_text (w->f, 1);

  return !df_search_panel_is_busy (DF_SEARCH_PANEL (w->panel)) && g_strcmp0 (first, w->first) == 0 &&
         df_search_panel_get_total (DF_SEARCH_PANEL (w->panel)) == (g_str_has_prefix (first, "A storm") ? 3 : 0);
}

/* Replace All from the search panel: a preview of whole words only, the
 * open chapter replaced in the editor as one edit (Ctrl+Z takes it
 * back), the others in the database; the toast's Undo puts all back. */
static void
test_replace_all (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *sidebar, *panel, *button, *undo;
  DfProjectView *view;
  GtkTextBuffer *buffer;
  ReplaceWait wait = { f, NULL, NULL };
  g_autofree char *editor = NULL;
  g_autofree char *back = NULL;
  g_autofree char *undone = NULL;

  if (ui_test_skip_without_display ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Weather", "Gales", "A storm, a STORM.\nNo more.",
                       "Calm", "The storm came. Storms passed.", NULL);
  ui_test_app_start (f);

  /* The chapter written last opens: the second. */
  view = ui_test_app_open_project (f, "weather");
  editor = ui_test_editor_text (view);
  g_assert_cmpstr (editor, ==, "The storm came. Storms passed.");
  g_clear_pointer (&editor, g_free);
  sidebar = ui_test_get (GTK_WIDGET (view), DF_TYPE_PROJECT_SIDEBAR, "sidebar");
  panel = ui_test_get (sidebar, DF_TYPE_SEARCH_PANEL, NULL);
  wait.panel = panel;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "project.search", NULL));
  df_search_panel_set_replace (DF_SEARCH_PANEL (panel), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (ui_test_get (panel, GTK_TYPE_ENTRY, "search-replace-with")), "gale");
  df_search_panel_search (DF_SEARCH_PANEL (panel), "storm");
  ui_test_wait_until (panel_idle, panel, 30000);

  /* "Storms" is not "storm": three occurrences, not four. */
  g_assert_cmpint (df_search_panel_get_total (DF_SEARCH_PANEL (panel)), ==, 3);
  g_assert_true (ui_test_can_click (panel, "search-replace-all"));
  button = ui_test_get (panel, GTK_TYPE_BUTTON, "search-replace-all");
  g_signal_emit_by_name (button, "clicked");
  wait.first = "A gale, a GALE.\nNo more.";
  ui_test_wait_until (replaced_everywhere, &wait, 30000);
  editor = ui_test_editor_text (view);
  g_assert_cmpstr (editor, ==, "The gale came. Storms passed.");

  /* Ctrl+Z in the editor takes back the open chapter's replace alone. */
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (df_project_view_get_editor (view)));
  gtk_text_buffer_undo (buffer);
  back = ui_test_editor_text (view);
  g_assert_cmpstr (back, ==, "The storm came. Storms passed.");
  gtk_text_buffer_redo (buffer);

  /* The toast's Undo: every chapter as it was. */
  undo = ui_test_find_button (GTK_WIDGET (f->window), "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  wait.first = "A storm, a STORM.\nNo more.";
  ui_test_wait_until (replaced_everywhere, &wait, 30000);
  undone = ui_test_editor_text (view);
  g_assert_cmpstr (undone, ==, "The storm came. Storms passed.");
}

int
main (int    argc,
      char **argv)
{
  ui_test_init (&argc, &argv);
  g_setenv ("DRAFTFORGE_API_KEY", "", FALSE);

  g_test_add ("/Search/occurrences", UiTestApp, NULL, ui_test_app_set_up, test_occurrences, ui_test_app_tear_down);
  g_test_add ("/Search/replace-all", UiTestApp, NULL, ui_test_app_set_up, test_replace_all, ui_test_app_tear_down);

  return g_test_run ();
}
