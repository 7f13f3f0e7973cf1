/* test-ui-sidebar.c: the project's sidebar on a long book
 *
 * The sidebar lists a book's parts and chapters in a GtkListView: only
 * the rows in sight are widgets, so a book of thousands of chapters opens
 * as fast as a short one (a GtkListBox of 3,650 rows froze the window
 * for 4 to 5 seconds).  Checked as a writer meets it: the long book's
 * last chapter is there and opens, a rename keeps the list where it was
 * scrolled, and a save shows the chapter's new word count at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-chapter-row.h"
#include "df-import.h"
#include "df-model.h"
#include "df-project-sidebar.h"
#include "df-project-view.h"
#include "ui-test-util.h"

#define N_LONG 3000

typedef UiTestApp Fixture;

/* A book of N_LONG short chapters, imported as Markdown. */
static void
add_long_book (Fixture *f)
{
  g_autoptr(GString) md = g_string_new (NULL);
  g_autofree char *path = g_build_filename (f->dir, "long.md", NULL);
  g_autoptr(DfStore) store = df_test_store_open (f->db_path);
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 1; i <= N_LONG; i++)
    g_string_append_printf (md, "# Chapter %u\n\nThe words of chapter %u.\n\n", i, i);
  g_assert_true (g_file_set_contents (path, md->str, md->len, &error));
  project = df_import (store, path, DF_IMPORT_AUTO, "Long", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (project->slug, ==, "long");
}

static guint
count_rows (GtkWidget *widget)
{
  guint n = DF_IS_CHAPTER_ROW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += count_rows (child);
  return n;
}

static gboolean
count_tick (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       data)
{
  (*(guint *)data)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
two_frames (gpointer data)
{
  return *(guint *)data >= 2;
}

/* Until @widget has been laid out and drawn twice more. */
static void
wait_frames (GtkWidget *widget)
{
  guint ticks = 0;
  guint id = gtk_widget_add_tick_callback (widget, count_tick, &ticks, NULL);

  gtk_widget_queue_allocate (widget);
  ui_test_wait_until (two_frames, &ticks, 10000);
  gtk_widget_remove_tick_callback (widget, id);
}

static GtkAdjustment *
sidebar_adjustment (DfProjectView *view)
{
  GtkWidget *list = ui_test_get (GTK_WIDGET (view), GTK_TYPE_LIST_VIEW, "chapters");

  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
}

/* Every chapter listed, only those in sight made into widgets; the last
 * one there and opened by activating its row. */
static void
test_many_chapters (Fixture       *f,
                    gconstpointer  data)
{
  DfProjectView *view;
  DfProjectSidebar *sidebar;
  GtkWidget *last;
  guint n_chapters = 0;

  if (ui_test_skip_without_display ())
    return;
  add_long_book (f);
  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "long");
  ui_test_flush ();
  sidebar = DF_PROJECT_SIDEBAR (ui_test_get (GTK_WIDGET (view), DF_TYPE_PROJECT_SIDEBAR, NULL));

  g_assert_cmpuint (df_project_sidebar_get_n_chapters (sidebar), ==, N_LONG);
  g_assert_cmpuint (ui_test_sidebar_n_shown (GTK_WIDGET (view), &n_chapters), ==, N_LONG);
  g_assert_cmpuint (n_chapters, ==, N_LONG);
  /* GTK keeps some 200 rows around those in sight, not 3,000. */
  g_assert_cmpuint (count_rows (GTK_WIDGET (sidebar)), <, 400);

  last = ui_test_sidebar_row (GTK_WIDGET (view), N_LONG - 1);
  g_assert_cmpstr (df_sidebar_item_get_title (df_chapter_row_get_item (DF_CHAPTER_ROW (last))), ==, "Chapter 3000");
  g_assert_cmpuint (count_rows (GTK_WIDGET (sidebar)), <, 400);
  g_signal_emit_by_name (ui_test_get (GTK_WIDGET (view), GTK_TYPE_LIST_VIEW, "chapters"), "activate", N_LONG - 1);
  ui_test_flush ();
  g_assert_cmpint (df_project_view_get_chapter_id (view), ==,
                   df_sidebar_item_get_chapter_id (df_chapter_row_get_item (DF_CHAPTER_ROW (last))));
  g_assert_cmpstr (df_sidebar_item_get_title (df_project_sidebar_get_selected (sidebar)), ==, "Chapter 3000");
  /* The next chapter after the last: none; before it, the one before. */
  g_assert_cmpint (df_project_sidebar_get_next_chapter (sidebar, df_project_view_get_chapter_id (view), TRUE), ==, 0);
  g_assert_cmpint (df_project_sidebar_get_next_chapter (sidebar, df_project_view_get_chapter_id (view), FALSE), !=, 0);
}

/* A chapter renamed far down the book: the list stays where the writer
 * scrolled it, and the row shows the new title. */
static void
test_rename_keeps_place (Fixture       *f,
                         gconstpointer  data)
{
  DfProjectView *view;
  DfProjectSidebar *sidebar;
  GtkAdjustment *adjustment;
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row;
  double scrolled;

  if (ui_test_skip_without_display ())
    return;
  add_long_book (f);
  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "long");
  sidebar = DF_PROJECT_SIDEBAR (ui_test_get (GTK_WIDGET (view), DF_TYPE_PROJECT_SIDEBAR, NULL));
  /* Scrolled down, as with the wheel, to chapter 2,501 or so. */
  adjustment = sidebar_adjustment (view);
  wait_frames (GTK_WIDGET (sidebar));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) * 2500 / N_LONG);
  wait_frames (GTK_WIDGET (sidebar));
  scrolled = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (scrolled, >, 0);
  row = ui_test_sidebar_row (GTK_WIDGET (view), 2500);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, scrolled);

  chapter = df_chapter_get_by_number (ui_test_app_get_store (f), df_project_view_get_project_id (view), 2501, &error);
  g_assert_no_error (error);
  g_assert_true (df_chapter_rename (ui_test_app_get_store (f), chapter->id, "The Battle", &error));
  g_assert_no_error (error);
  df_project_sidebar_reload (sidebar);
  wait_frames (GTK_WIDGET (sidebar));

  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, scrolled);
  g_assert_cmpstr (df_sidebar_item_get_title (df_chapter_row_get_item (DF_CHAPTER_ROW (row))), ==, "The Battle");
  g_assert_cmpuint (ui_test_sidebar_find (GTK_WIDGET (view), "The Battle", FALSE), ==, 2500);
}

/* Words typed and saved: the open chapter's row counts them at once
 * (not at the next change to the list). */
static void
test_words_after_save (Fixture       *f,
                       gconstpointer  data)
{
  DfProjectView *view;
  GtkWidget *row;
  GtkTextIter end;
  GtkTextBuffer *buffer;

  if (ui_test_skip_without_display ())
    return;
  df_test_add_project (f->db_path, "Short", "One", "Two words.", "Two", "Three more words.", NULL);
  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "short");
  row = ui_test_sidebar_row (GTK_WIDGET (view), 0);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (ui_test_get (row, GTK_TYPE_LABEL, "row-words"))), ==, "2");

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (df_project_view_get_editor (view)));
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  ui_test_type (view, " And five words more here.");
  g_assert_true (df_project_view_save (view, NULL));
  ui_test_wait_until (ui_test_view_saved, view, 10000);

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (ui_test_get (row, GTK_TYPE_LABEL, "row-words"))), ==, "7");
}

/* The row's own right-click gesture (the second mouse button's). */
static GtkGesture *
right_click_of (GtkWidget *row)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (row);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller) &&
          gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == GDK_BUTTON_SECONDARY)
        return GTK_GESTURE (controller);
    }
  g_error ("The row has no right-click gesture");
}

/* The sidebar's own menu (not the ⋮ button's), if it shows. */
static GtkWidget *
shown_menu (GtkWidget *sidebar)
{
  for (GtkWidget *child = gtk_widget_get_first_child (sidebar); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER_MENU (child))
      return gtk_widget_get_visible (child) ? child : NULL;
  g_error ("The sidebar has no menu of its own");
}

/* Whether @menu's model, its sections included, has an item for @action. */
static gboolean
model_has (GMenuModel *model,
           const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_strcmp0 (name, action) == 0)
        return TRUE;
      if (section != NULL && model_has (section, action))
        return TRUE;
    }
  return FALSE;
}

static gboolean
menu_has (GtkWidget  *menu,
          const char *action)
{
  return model_has (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (menu)), action);
}

static gint64
chapter_number (Fixture    *f,
                const char *title)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chapters = df_chapter_list (ui_test_app_get_store (f), ui_test_app_project_id (f, "short"), &error);

  g_assert_no_error (error);
  for (guint i = 0; i < chapters->len; i++)
    if (g_strcmp0 (((DfChapter *)chapters->pdata[i])->title, title) == 0)
      return ((DfChapter *)chapters->pdata[i])->number;
  g_assert_not_reached ();
}

/* A right click on a chapter that is not open: it opens, and the
 * chapter menu shows there; Move Down in it moves that chapter.  The
 * Menu key shows the menu at the selected row. */
static void
test_right_click_menu (Fixture       *f,
                       gconstpointer  data)
{
  DfProjectView *view;
  GtkWidget *sidebar, *menu;
  g_autoptr(DfChapter) second = NULL;
  g_autoptr(GError) error = NULL;

  if (ui_test_skip_without_display ())
    return;
  df_test_add_project (f->db_path, "Short", "One", "First words.", "Two", "Second words.", "Three", "Third.", NULL);
  {
    g_autoptr(DfStore) store = df_test_store_open (f->db_path);
    g_autoptr(DfProject) project = df_project_get (store, "short", FALSE, &error);
    g_autoptr(DfPart) part = NULL;

    g_assert_no_error (error);
    part = df_part_add (store, project->id, "Act One", &error);
    g_assert_no_error (error);
  }
  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "short");
  sidebar = ui_test_get (GTK_WIDGET (view), DF_TYPE_PROJECT_SIDEBAR, NULL);
  second = df_chapter_get_by_number (ui_test_app_get_store (f), ui_test_app_project_id (f, "short"), 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (df_project_view_get_chapter_id (view), !=, second->id);
  g_assert_null (shown_menu (sidebar));

  g_signal_emit_by_name (right_click_of (ui_test_sidebar_row (GTK_WIDGET (view), 1)), "pressed", 1, 20.0, 10.0);
  ui_test_flush ();
  g_assert_cmpint (df_project_view_get_chapter_id (view), ==, second->id);
  menu = shown_menu (sidebar);
  g_assert_nonnull (menu);

  /* The menu's items reach the project's actions from where it shows. */
  g_assert_true (gtk_widget_activate_action (menu, "project.move-down", NULL));
  gtk_popover_popdown (GTK_POPOVER (menu));
  ui_test_flush ();
  g_assert_cmpint (chapter_number (f, "Two"), ==, 3);
  g_assert_cmpint (chapter_number (f, "Three"), ==, 2);
  g_assert_cmpint (df_project_view_get_chapter_id (view), ==, second->id);

  /* From the keyboard: the Menu key on the list. */
  g_assert_null (shown_menu (sidebar));
  g_assert_true (gtk_widget_activate_action (sidebar, "sidebar.item-menu", NULL));
  ui_test_flush ();
  menu = shown_menu (sidebar);
  g_assert_nonnull (menu);
  g_assert_true (menu_has (menu, "project.split-chapter"));
  gtk_popover_popdown (GTK_POPOVER (menu));

  /* A part's menu holds what a part can do, not the open chapter's
   * splits and versions. */
  g_signal_emit_by_name (right_click_of (ui_test_sidebar_row (GTK_WIDGET (view), 3)), "pressed", 1, 20.0, 10.0);
  ui_test_flush ();
  menu = shown_menu (sidebar);
  g_assert_nonnull (menu);
  g_assert_true (menu_has (menu, "project.add-chapter"));
  g_assert_true (menu_has (menu, "project.rename"));
  g_assert_true (menu_has (menu, "project.delete"));
  g_assert_false (menu_has (menu, "project.split-chapter"));
  g_assert_false (menu_has (menu, "project.history"));
  g_assert_true (df_sidebar_item_is_part (df_project_sidebar_get_selected (DF_PROJECT_SIDEBAR (sidebar))));
}

int
main (int    argc,
      char **argv)
{
  ui_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, UiTestApp, NULL, ui_test_app_set_up, func, ui_test_app_tear_down)
  ADD ("/ui/sidebar/many-chapters", test_many_chapters);
  ADD ("/ui/sidebar/rename-keeps-place", test_rename_keeps_place);
  ADD ("/ui/sidebar/words-after-save", test_words_after_save);
  ADD ("/ui/sidebar/right-click-menu", test_right_click_menu);

  return g_test_run ();
}
