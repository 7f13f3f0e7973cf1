/* test-ui-everyday.c: the everyday path, as a person walks it
 *
 * Each case is a bug that was seen (issue 14): the trash's Undo, new
 * chapters and parts, find and replace, the search panel, the cursor
 * kept between sessions, the empty library, export, continue reading,
 * the reader's last button, words written today, spelling without a
 * dictionary, and the buttons that do what the command line would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "df-ai-page.h"
#include "df-application.h"
#include "df-credits.h"
#include "df-credits-page.h"
#include "df-chapter-row.h"
#include "df-export-dialog.h"
#include "df-find-bar.h"
#include "df-new-project-dialog.h"
#include "df-project-sidebar.h"
#include "df-reader-view.h"
#include "df-spell-bar.h"
#include "df-spell-checker.h"
#include "df-library-view.h"
#include "df-model.h"
#include "df-project-view.h"
#include "df-window.h"
#include "ui-test-util.h"

typedef UiTestApp Fixture;

/* The button of the toast whose button label is @label, or NULL. */
static GtkWidget *
find_toast_button (DfWindow   *window,
                   const char *label)
{
  return ui_test_find_button (ui_test_get (GTK_WIDGET (window), ADW_TYPE_TOAST_OVERLAY, NULL), label);
}

typedef struct
{
  DfWindow   *window;
  const char *label;
} ToastButton;

static gboolean
toast_button_shown (gpointer data)
{
  ToastButton *b = data;
  return find_toast_button (b->window, b->label) != NULL;
}

/* The book as "title/part,…" (the part's title after a slash). */
static char *
book_order (DfStore *store,
            gint64   project_id)
{
  g_autoptr(GPtrArray) chapters = df_chapter_list (store, project_id, NULL);
  g_autoptr(GPtrArray) parts = df_part_list (store, project_id, NULL);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *c = chapters->pdata[i];

      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, c->title);
      for (guint j = 0; j < parts->len; j++)
        if (((DfPart *)parts->pdata[j])->id == c->part_id)
          g_string_append_printf (out, "/%s", ((DfPart *)parts->pdata[j])->title);
    }
  return g_string_free (out, FALSE);
}

/* Selects the sidebar's row titled @title, as a click does. */
static void
select_row (DfProjectView *view,
            const char    *title)
{
  ui_test_sidebar_find (GTK_WIDGET (view), title, TRUE);
}

/* Bug 1: the Undo of "moved to the trash" can be clicked and brings the
 * project back. */
static void
test_trash_undo (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) projects = NULL;
  ToastButton undo;
  GtkWidget *button;

  if (ui_test_skip_without_display ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Keep Me", "One", "text", NULL);
  ui_test_app_start (f);
  g_assert_cmpstr (df_window_get_page (f->window), ==, "library");
  g_assert_cmpuint (df_library_view_get_n_rows (DF_LIBRARY_VIEW (df_window_get_library_view (f->window))), ==, 1);

  g_assert_true (gtk_widget_activate_action (df_window_get_library_view (f->window), "library.trash", "s", "keep-me"));
  projects = df_project_list (ui_test_app_get_store (f), FALSE, NULL);
  g_assert_cmpuint (projects->len, ==, 0);
  g_clear_pointer (&projects, g_ptr_array_unref);

  undo = (ToastButton) { f->window, "_Undo" };
  ui_test_wait_until (toast_button_shown, &undo, 5000);
  button = find_toast_button (f->window, "_Undo");
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));

  g_signal_emit_by_name (button, "clicked");
  ui_test_flush ();
  projects = df_project_list (ui_test_app_get_store (f), FALSE, NULL);
  g_assert_cmpuint (projects->len, ==, 1);
  g_assert_cmpstr (((DfProject *)projects->pdata[0])->slug, ==, "keep-me");
  g_assert_cmpuint (df_library_view_get_n_rows (DF_LIBRARY_VIEW (df_window_get_library_view (f->window))), ==, 1);
}

/* Bug 3: a new chapter goes into the selected part (or the only part of
 * a book without chapters); keyboard moves cross parts' edges one step
 * at a time; "Move to Part…" moves a chapter into another part. */
static void
test_chapters_and_parts (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfPart) one = NULL, two = NULL, lone = NULL;
  g_autoptr(DfProject) parts = NULL, empty_book = NULL;
  g_autofree char *order = NULL;
  AdwMessageDialog *dialog;
  DfProjectView *view;
  DfStore *store;
  gint64 project, empty;

  if (ui_test_skip_without_display ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Parts", NULL);
  df_test_add_project (f->db_path, "Empty", NULL);
  ui_test_app_start (f);
  store = ui_test_app_get_store (f);
  parts = df_project_get (store, "parts", FALSE, &error);
  empty_book = df_project_get (store, "empty", FALSE, &error);
  g_assert_no_error (error);
  project = parts->id;
  empty = empty_book->id;
  one = df_part_add (store, project, "One", &error);
  two = df_part_add (store, project, "Two", &error);
  lone = df_part_add (store, empty, "Lone", &error);
  g_assert_no_error (error);
  df_chapter_free (df_chapter_add (store, project, one->id, "A", "", &error));
  df_chapter_free (df_chapter_add (store, project, one->id, "B", "", &error));
  df_chapter_free (df_chapter_add (store, project, two->id, "C", "", &error));
  g_assert_no_error (error);

  /* Part Two selected: the new chapter goes at its end. */
  view = ui_test_app_open_project (f, "parts");
  select_row (view, "Two");
  gtk_widget_activate_action (GTK_WIDGET (view), "project.add-chapter", NULL);
  ui_test_answer_title_dialog ("D");
  order = book_order (store, project);
  g_assert_cmpstr (order, ==, "A/One,B/One,C/Two,D/Two");
  g_clear_pointer (&order, g_free);

  /* A chapter of part One selected: its part. */
  select_row (view, "A");
  gtk_widget_activate_action (GTK_WIDGET (view), "project.add-chapter", NULL);
  ui_test_answer_title_dialog ("E");
  order = book_order (store, project);
  g_assert_cmpstr (order, ==, "A/One,B/One,E/One,C/Two,D/Two");
  g_clear_pointer (&order, g_free);

  /* Alt+Shift+Up on the first chapter of part Two: the end of part One,
   * then past E; Alt+Shift+Down twice brings it back into part Two. */
  select_row (view, "C");
  gtk_widget_activate_action (GTK_WIDGET (view), "project.move-up", NULL);
  order = book_order (store, project);
  g_assert_cmpstr (order, ==, "A/One,B/One,E/One,C/One,D/Two");
  g_clear_pointer (&order, g_free);
  gtk_widget_activate_action (GTK_WIDGET (view), "project.move-up", NULL);
  order = book_order (store, project);
  g_assert_cmpstr (order, ==, "A/One,B/One,C/One,E/One,D/Two");
  g_clear_pointer (&order, g_free);
  gtk_widget_activate_action (GTK_WIDGET (view), "project.move-down", NULL);
  gtk_widget_activate_action (GTK_WIDGET (view), "project.move-down", NULL);
  order = book_order (store, project);
  g_assert_cmpstr (order, ==, "A/One,B/One,E/One,C/Two,D/Two");
  g_clear_pointer (&order, g_free);
  /* The first chapter of the book leaves part One upwards. */
  select_row (view, "A");
  gtk_widget_activate_action (GTK_WIDGET (view), "project.move-up", NULL);
  order = book_order (store, project);
  g_assert_cmpstr (order, ==, "A,B/One,E/One,C/Two,D/Two");
  g_clear_pointer (&order, g_free);

  /* Move to Part…: E to part Two, from the chapter's menu. */
  select_row (view, "E");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "project.move-to-part", NULL));
  dialog = ADW_MESSAGE_DIALOG (ui_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, 5000));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog))), ==, 1);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog)), 2);
  adw_message_dialog_response (dialog, "move");
  gtk_window_close (GTK_WINDOW (dialog));
  ui_test_flush ();
  order = book_order (store, project);
  g_assert_cmpstr (order, ==, "A,B/One,C/Two,D/Two,E/Two");
  g_clear_pointer (&order, g_free);

  /* A book with a part and no chapters: the first chapter goes in it. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-library", NULL);
  ui_test_app_wait_for_page (f, "library", 5000);
  view = ui_test_app_open_project (f, "empty");
  gtk_widget_activate_action (GTK_WIDGET (view), "project.add-chapter", NULL);
  ui_test_answer_title_dialog ("First");
  order = book_order (store, empty);
  g_assert_cmpstr (order, ==, "First/Lone");
}

static gboolean
widget_has_width (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static gboolean
widget_unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

/* Is the keyboard focus of @widget's window in @widget? */
static gboolean
focus_in (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Bug 6: replace keeps the sidebar on a 1,100-pixel window; Ctrl+F again
 * selects what the entry holds; Escape closes the bar from a button. */
static void
test_find_and_replace (Fixture       *f,
                       gconstpointer  data)
{
  DfProjectView *view;
  AdwFlap *flap;
  GtkWidget *find, *replace, *next, *bar, *editor;
  int start, end;

  if (ui_test_skip_without_display ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Find", "One", "The cat sat on the mat. The cat ran.", NULL);
  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "find");
  flap = ADW_FLAP (ui_test_get (GTK_WIDGET (view), ADW_TYPE_FLAP, "flap"));
  editor = df_project_view_get_editor (view);
  ui_test_wait_until (widget_has_width, editor, 5000);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, 1100);
  g_assert_false (adw_flap_get_folded (flap));

  /* Ctrl+H: the replace entry shows, and the sidebar stays. */
  g_assert_true (ui_test_press_shortcut (editor, GDK_KEY_h, GDK_CONTROL_MASK));
  bar = ui_test_get (GTK_WIDGET (view), DF_TYPE_FIND_BAR, NULL);
  find = ui_test_get (bar, GTK_TYPE_SEARCH_ENTRY, "find");
  replace = ui_test_get (bar, GTK_TYPE_ENTRY, "replace");
  ui_test_wait_until (widget_has_width, replace, 5000);
  g_assert_false (adw_flap_get_folded (flap));
  g_assert_true (adw_flap_get_reveal_flap (flap));
  g_assert_true (gtk_widget_get_mapped (ui_test_get (GTK_WIDGET (view), DF_TYPE_PROJECT_SIDEBAR, "sidebar")));

  /* Ctrl+F again, from the entry and from the editor: the search text
   * is selected, to be typed over, and the entry has the focus. */
  gtk_editable_set_text (GTK_EDITABLE (find), "cat");
  g_assert_true (focus_in (find));
  gtk_editable_set_position (GTK_EDITABLE (find), -1);
  g_assert_true (ui_test_press_shortcut (gtk_root_get_focus (GTK_ROOT (f->window)), GDK_KEY_f, GDK_CONTROL_MASK));
  g_assert_true (focus_in (find));
  g_assert_true (gtk_editable_get_selection_bounds (GTK_EDITABLE (find), &start, &end));
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, 3);
  gtk_widget_grab_focus (editor);
  g_assert_true (ui_test_press_shortcut (editor, GDK_KEY_f, GDK_CONTROL_MASK));
  g_assert_true (focus_in (find));
  g_assert_true (gtk_editable_get_selection_bounds (GTK_EDITABLE (find), &start, &end));
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, 3);

  /* Escape with the focus on a button of the bar closes it. */
  next = ui_test_get (bar, GTK_TYPE_BUTTON, "next");
  gtk_widget_grab_focus (next);
  g_assert_true (gtk_widget_has_focus (next));
  g_assert_true (ui_test_press_shortcut (next, GDK_KEY_Escape, 0));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (ui_test_get (bar, GTK_TYPE_REVEALER, "revealer"))));
  g_assert_true (focus_in (editor));
}

/* Bug 7: the project search opens with the focus in its entry (from the
 * header's button and from the sidebar's toggle); Escape closes it.  The
 * New Project dialog opens with the focus in its Title. */
static void
test_search_panel_and_new_project (Fixture       *f,
                                   gconstpointer  data)
{
  DfProjectView *view;
  GtkWidget *sidebar, *entry, *stack, *toggle, *title;
  GtkWindow *dialog;

  if (ui_test_skip_without_display ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Search", "One", "Words to look for.", NULL);
  ui_test_app_start (f);

  /* New Project, from the library's button. */
  g_assert_true (gtk_widget_activate_action (df_window_get_library_view (f->window), "library.new-project", NULL));
  dialog = ui_test_wait_for_toplevel (DF_TYPE_NEW_PROJECT_DIALOG, 5000);
  title = ui_test_get (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "title");
  ui_test_wait_until (widget_has_width, title, 5000);
  g_assert_true (focus_in (title));
  gtk_window_close (dialog);
  ui_test_wait_toplevel_gone (DF_TYPE_NEW_PROJECT_DIALOG, 5000);

  view = ui_test_app_open_project (f, "search");
  sidebar = ui_test_get (GTK_WIDGET (view), DF_TYPE_PROJECT_SIDEBAR, "sidebar");
  /* Laid out before the sidebar is hidden (its slide needs a width). */
  ui_test_wait_until (widget_has_width, sidebar, 5000);
  entry = ui_test_get (sidebar, GTK_TYPE_SEARCH_ENTRY, "project-search");
  stack = ui_test_get (sidebar, GTK_TYPE_STACK, "stack");
  toggle = ui_test_get (sidebar, GTK_TYPE_TOGGLE_BUTTON, "search_toggle");

  /* Ctrl+Shift+S (the header's button), the sidebar hidden (F9). */
  adw_flap_set_reveal_flap (ADW_FLAP (ui_test_get (GTK_WIDGET (view), ADW_TYPE_FLAP, "flap")), FALSE);
  ui_test_wait_until (widget_unmapped, sidebar, 5000);
  gtk_widget_grab_focus (df_project_view_get_editor (view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "project.search", NULL));
  ui_test_wait_until (widget_has_width, entry, 5000);
  g_assert_true (focus_in (entry));

  /* Escape in the entry: back to the chapters. */
  g_assert_true (ui_test_press_shortcut (gtk_root_get_focus (GTK_ROOT (f->window)), GDK_KEY_Escape, 0));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "chapters");
  g_assert_false (focus_in (entry));

  /* The sidebar's toggle, clicked. */
  gtk_widget_grab_focus (toggle);
  g_signal_emit_by_name (toggle, "clicked");
  ui_test_flush ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "search");
  ui_test_wait_until (widget_has_width, entry, 5000);
  g_assert_true (focus_in (entry));

  /* Escape with the focus on a result list or a button closes it too. */
  gtk_widget_grab_focus (toggle);
  g_assert_true (ui_test_press_shortcut (toggle, GDK_KEY_Escape, 0));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "chapters");
}

/* The cursor of the editor of @view, as a character offset. */
static int
cursor_offset (DfProjectView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (df_project_view_get_editor (view)));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  return gtk_text_iter_get_offset (&iter);
}

/* Is the cursor of @data (a DfProjectView) on screen? */
static gboolean
cursor_shown (gpointer data)
{
  GtkTextView *text = GTK_TEXT_VIEW (df_project_view_get_editor (data));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text);
  GdkRectangle visible, cursor;
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  gtk_text_view_get_visible_rect (text, &visible);
  gtk_text_view_get_iter_location (text, &iter, &cursor);
  return gtk_widget_get_mapped (GTK_WIDGET (text)) && visible.height > 0 &&
         cursor.y >= visible.y && cursor.y + cursor.height <= visible.y + visible.height;
}

/* Bug 12: a chapter opens where its cursor was: after another chapter,
 * and after the application is closed and started again. */
static void
test_cursor_restored (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  DfProjectView *view;
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  gint64 first;
  int place;

  if (ui_test_skip_without_display ())
    return;

  for (guint i = 0; i < 200; i++)
    g_string_append_printf (text, "Paragraph %u of a long chapter, with words enough to scroll.\n\n", i);
  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Places", "First", text->str, "Second", "Short.", NULL);
  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "places");
  first = df_project_view_get_chapter_id (view);

  /* A click far down the first chapter. */
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (df_project_view_get_editor (view)));
  iter = ui_test_find_text (df_project_view_get_editor (view), "Paragraph 150 ");
  place = gtk_text_iter_get_offset (&iter) + 4;
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, place);
  gtk_text_buffer_place_cursor (buffer, &iter);

  /* To the second chapter and back. */
  gtk_widget_activate_action (GTK_WIDGET (view), "project.next-chapter", NULL);
  g_assert_cmpint (df_project_view_get_chapter_id (view), !=, first);
  g_assert_cmpint (cursor_offset (view), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (view), "project.previous-chapter", NULL);
  g_assert_cmpint (df_project_view_get_chapter_id (view), ==, first);
  g_assert_cmpint (cursor_offset (view), ==, place);
  ui_test_wait_until (cursor_shown, view, 5000);

  /* Closed and started again: the same place. */
  ui_test_app_stop (f);
  ui_test_app_start (f);
  view = ui_test_app_get_project_view (f);
  if (df_project_view_get_project_id (view) == 0)
    view = ui_test_app_open_project (f, "places");
  g_assert_cmpint (df_project_view_get_chapter_id (view), ==, first);
  g_assert_cmpint (cursor_offset (view), ==, place);
  /* And it shows: the editor scrolled down to it. */
  ui_test_wait_until (cursor_shown, view, 5000);
}

/* The first label under @root that shows @text, or NULL. */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Bug 10: the format's name shows whole; the file is offered under the
 * book's title; the toast that says where it went has Open. */
static void
test_export_dialog (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *out = NULL;
  DfExportDialog *dialog;
  GtkWidget *format_row, *label, *button;
  ToastButton open;
  GVariant *target;

  if (ui_test_skip_without_display ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Pride & Prejudice: A \"Novel\"/Vol. 1", "One", "It is a truth.\n", NULL);
  ui_test_app_start (f);
  if (df_plugin_host_find_exporter (df_session_get_plugin_host (ui_test_app_get_session (f)), "docx") == NULL)
    {
      g_test_skip ("the bundled exporter plugin did not load");
      return;
    }
  ui_test_app_open_project (f, "pride-prejudice-a-novel-vol-1");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL);
  dialog = DF_EXPORT_DIALOG (ui_test_wait_for_toplevel (DF_TYPE_EXPORT_DIALOG, 5000));

  g_assert_cmpstr (df_export_dialog_get_file_name (dialog), ==, "Pride & Prejudice A Novel Vol. 1");

  g_assert_true (df_export_dialog_set_format (dialog, "docx"));
  format_row = ui_test_get (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "format_row");
  ui_test_flush ();
  label = find_label (format_row, "Word document (DOCX)");
  g_assert_nonnull (label);
  ui_test_wait_until (widget_has_width, label, 5000);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));

  g_assert_true (df_export_dialog_set_format (dialog, "html"));
  out = g_build_filename (f->dir, "Pride.html", NULL);
  df_export_dialog_export_to (dialog, out);
  ui_test_wait_toplevel_gone (DF_TYPE_EXPORT_DIALOG, 60000);
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));

  open = (ToastButton) { f->window, "_Open" };
  ui_test_wait_until (toast_button_shown, &open, 5000);
  button = find_toast_button (f->window, "_Open");
  g_assert_true (gtk_widget_is_sensitive (button));
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));
  g_assert_nonnull (target);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, out);
}

/* The chapter the reader of @f shows. */
static gint64
reader_chapter (Fixture *f)
{
  GtkWidget *reader = ui_test_get (GTK_WIDGET (f->window), DF_TYPE_READER_VIEW, NULL);

  return df_reader_view_get_chapter_id (DF_READER_VIEW (reader));
}

/* The row of the library for @slug. */
static GtkWidget *
library_row (Fixture    *f,
             const char *slug)
{
  return ui_test_find (df_window_get_library_view (f->window), ADW_TYPE_ACTION_ROW, slug);
}

/* Bug 2: Ctrl+R (and the Read button) continue where the active profile
 * left off; Shift+Ctrl+R reads the chapter being edited; without any
 * progress Ctrl+R reads that chapter too; the library offers Continue
 * Reading for a book the profile has begun. */
static void
test_continue_reading (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) chapters = NULL;
  g_autofree char *profile = NULL;
  DfProjectView *view;
  DfStore *store;
  GtkWidget *editor, *button;
  gint64 one, two, three;

  if (ui_test_skip_without_display ())
    return;

  df_test_add_profile (f->db_path, "Reader");
  df_test_add_project (f->db_path, "Begun", "One", "First.", "Two", "Second.", "Three", "Third.", NULL);
  df_test_add_project (f->db_path, "Unread", "Alpha", "A.", "Beta", "B.", NULL);
  ui_test_app_start (f);
  store = ui_test_app_get_store (f);
  profile = df_session_dup_profile_id (ui_test_app_get_session (f));
  view = ui_test_app_open_project (f, "begun");
  chapters = df_chapter_list (store, df_project_view_get_project_id (view), NULL);
  one = ((DfChapter *)chapters->pdata[0])->id;
  two = ((DfChapter *)chapters->pdata[1])->id;
  three = ((DfChapter *)chapters->pdata[2])->id;
  g_assert_true (df_progress_complete (store, profile, one, NULL));
  g_assert_true (df_progress_start (store, profile, two, NULL));

  /* In the editor on chapter One; Ctrl+R: chapter Two, where the reading
   * stopped. */
  editor = df_project_view_get_editor (view);
  gtk_widget_grab_focus (editor);
  g_assert_cmpint (df_project_view_get_chapter_id (view), ==, one);
  g_assert_true (ui_test_press_shortcut (editor, GDK_KEY_r, GDK_CONTROL_MASK));
  ui_test_app_wait_for_page (f, "reader", 5000);
  g_assert_cmpint (reader_chapter (f), ==, two);

  /* Back, to chapter Three; Shift+Ctrl+R reads that one. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-editor", NULL);
  df_project_view_open_chapter (view, three);
  g_assert_true (ui_test_press_shortcut (editor, GDK_KEY_R, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  ui_test_app_wait_for_page (f, "reader", 5000);
  g_assert_cmpint (reader_chapter (f), ==, three);

  /* Chapter Three read to its end; the Read button continues too, where
   * the reading of Two stopped. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-editor", NULL);
  g_assert_true (df_progress_complete (store, profile, three, NULL));
  df_project_view_open_chapter (view, one);
  button = ui_test_get (GTK_WIDGET (view), ADW_TYPE_SPLIT_BUTTON, "read");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.continue-reading");
  g_assert_true (gtk_widget_activate_action (button, "win.continue-reading", NULL));
  ui_test_app_wait_for_page (f, "reader", 5000);
  g_assert_cmpint (reader_chapter (f), ==, two);

  /* The library: Continue Reading for the book begun, not the other. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-library", NULL);
  ui_test_app_wait_for_page (f, "library", 5000);
  g_assert_null (ui_test_find (library_row (f, "unread"), GTK_TYPE_BUTTON, "continue-reading"));
  button = ui_test_get (library_row (f, "begun"), GTK_TYPE_BUTTON, "continue-reading");
  g_signal_emit_by_name (button, "clicked");
  ui_test_app_wait_for_page (f, "reader", 5000);
  g_assert_cmpint (reader_chapter (f), ==, two);

  /* A book with no reading yet: Ctrl+R reads the chapter being edited. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-library", NULL);
  ui_test_app_wait_for_page (f, "library", 5000);
  view = ui_test_app_open_project (f, "unread");
  gtk_widget_activate_action (GTK_WIDGET (view), "project.next-chapter", NULL);
  g_assert_true (ui_test_press_shortcut (df_project_view_get_editor (view), GDK_KEY_r, GDK_CONTROL_MASK));
  ui_test_app_wait_for_page (f, "reader", 5000);
  g_assert_cmpint (reader_chapter (f), ==, df_project_view_get_chapter_id (view));
}

typedef struct
{
  Fixture   *f;
  GtkWidget *reader;
} ReaderEnd;

/* Scrolls the reader to its end (again, as the text is laid out) until
 * it offers the next chapter, as one turning the last page. */
static gboolean
scrolled_to_end (gpointer data)
{
  ReaderEnd *end = data;
  GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (ui_test_get (end->reader, GTK_TYPE_SCROLLED_WINDOW, "scrolled_window"));
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (scrolled);
  GtkRevealer *revealer = GTK_REVEALER (ui_test_get (end->reader, GTK_TYPE_REVEALER, "next_revealer"));

  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  return gtk_revealer_get_reveal_child (revealer);
}

/* The Next button has slid in all the way, and stays. */
static gboolean
next_settled (gpointer data)
{
  ReaderEnd *end = data;
  GtkRevealer *revealer = GTK_REVEALER (ui_test_get (end->reader, GTK_TYPE_REVEALER, "next_revealer"));

  return gtk_revealer_get_reveal_child (revealer) && gtk_revealer_get_child_revealed (revealer);
}

/* Bug 4: at the end of a long chapter the reader's "Next: …" button
 * shows whole, inside the window (War and Peace, Book Ten, IV). */
static void
test_reader_next_button (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) chapters = NULL;
  g_autofree char *profile = NULL;
  graphene_rect_t bounds;
  ReaderEnd end;
  GtkWidget *reader, *button;
  DfProjectView *view;

  if (ui_test_skip_without_display ())
    return;

  for (guint i = 0; i < 300; i++)
    g_string_append (text, "He went out into the street: two men were running past toward the bridge. From "
                           "different sides came whistling sounds and the thud of cannon balls.\n\n");
  df_test_add_profile (f->db_path, "Reader");
  df_test_add_project (f->db_path, "Long", "CHAPTER IV", text->str, "CHAPTER V", "The next one.", NULL);
  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "long");
  chapters = df_chapter_list (ui_test_app_get_store (f), df_project_view_get_project_id (view), NULL);
  profile = df_session_dup_profile_id (ui_test_app_get_session (f));
  g_assert_true (df_progress_start (ui_test_app_get_store (f), profile, ((DfChapter *)chapters->pdata[0])->id, NULL));
  /* Continued: with the bar that says so above the text. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.continue-reading", NULL);
  ui_test_app_wait_for_page (f, "reader", 5000);
  reader = ui_test_get (GTK_WIDGET (f->window), DF_TYPE_READER_VIEW, NULL);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (ui_test_get (reader, GTK_TYPE_REVEALER, "continue_revealer"))));
  g_assert_cmpint (df_reader_view_get_chapter_id (DF_READER_VIEW (reader)), ==, ((DfChapter *)chapters->pdata[0])->id);

  end = (ReaderEnd) { f, reader };
  ui_test_wait_until (scrolled_to_end, &end, 20000);
  /* Sliding in makes the page shorter: the end must stay the end. */
  ui_test_wait_until (next_settled, &end, 10000);
  for (guint i = 0; i < 5; i++)
    ui_test_next_tick ();
  g_assert_true (next_settled (&end));
  button = ui_test_get (reader, GTK_TYPE_BUTTON, "next_chapter_button");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Next: CHAPTER V");
  g_assert_true (gtk_widget_compute_bounds (button, GTK_WIDGET (f->window), &bounds));
  g_test_message ("button %g+%g, window %d", bounds.origin.y, bounds.size.height, gtk_widget_get_height (GTK_WIDGET (f->window)));
  g_assert_cmpfloat (bounds.size.height, >, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (GTK_WIDGET (f->window)));
}

/* Saves what is in @view's editor now, and waits for it. */
static void
save_now (DfProjectView *view)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "project.save", NULL));
  ui_test_wait_until (ui_test_view_saved, view, 10000);
}

/* Bug 8: on a book begun today, Today in the status bar is the book's
 * words after an Undo and a Redo, each saved. */
static void
test_today_undo_redo (Fixture       *f,
                      gconstpointer  data)
{
  GtkTextBuffer *buffer;
  DfProjectView *view;
  GtkWidget *today, *book;

  if (ui_test_skip_without_display ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Begun Today", "One", "", NULL);
  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "begun-today");
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (df_project_view_get_editor (view)));

  ui_test_type (view, "It was night");
  save_now (view);
  g_assert_true (gtk_text_buffer_get_can_undo (buffer));
  gtk_text_buffer_undo (buffer);
  save_now (view);
  gtk_text_buffer_redo (buffer);
  save_now (view);

  today = ui_test_get (GTK_WIDGET (view), GTK_TYPE_LABEL, "today_words_label");
  book = ui_test_get (GTK_WIDGET (view), GTK_TYPE_LABEL, "project_words_label");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (book)), ==, "Book: 3 words");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (today)), ==, "Today: 3");
}

static gboolean
strv_has (GStrv        strv,
          const char  *s)
{
  return strv != NULL && g_strv_contains ((const char * const *)strv, s);
}

/* Bug 5: spelling asked for in a language without a dictionary: the
 * editor says so, once, and offers the languages that have one. */
static void
test_spell_without_dictionary (Fixture       *f,
                               gconstpointer  data)
{
  g_auto(GStrv) installed = df_spell_checker_list_languages ();
  DfProjectView *view;
  GtkWidget *bar, *revealer, *message, *button;
  GMenuModel *menu;
  GSettings *settings;
  gboolean offered = FALSE;

  if (ui_test_skip_without_display ())
    return;
  if (!strv_has (installed, "en_US") || strv_has (installed, "fr_FR") || strv_has (installed, "de_DE"))
    {
      g_test_skip ("needs the en_US dictionary and no French or German one");
      return;
    }

  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Mots", "Un", "Le chat est noir.", NULL);
  ui_test_app_start (f);
  settings = df_session_get_settings (ui_test_app_get_session (f));
  g_settings_set_boolean (settings, "spell-check", TRUE);
  g_settings_set_string (settings, "spell-check-language", "fr_FR");
  view = ui_test_app_open_project (f, "mots");

  bar = ui_test_get (GTK_WIDGET (view), DF_TYPE_SPELL_BAR, NULL);
  revealer = ui_test_get (bar, GTK_TYPE_REVEALER, "spell-revealer");
  message = ui_test_get (bar, GTK_TYPE_LABEL, "spell-message");
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (message)), ==,
                   df_editor_get_spell_error (DF_EDITOR (df_project_view_get_editor (view))));

  /* The installed languages, in the bar's menu ("__" shows "_"). */
  button = ui_test_get (bar, GTK_TYPE_MENU_BUTTON, "spell-languages");
  g_assert_true (gtk_widget_get_visible (button));
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label) &&
          g_str_equal (label, "en__US"))
        offered = TRUE;
    }
  g_assert_true (offered);

  /* Choosing it: spelling is on, the bar goes. */
  g_assert_true (gtk_widget_activate_action (bar, "spell-bar.use-language", "s", "en_US"));
  ui_test_flush ();
  {
    g_autofree char *language = g_settings_get_string (settings, "spell-check-language");
    g_assert_cmpstr (language, ==, "en_US");
  }
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_nonnull (df_editor_get_spell_checker (DF_EDITOR (df_project_view_get_editor (view))));

  /* Another language without one: said again; dismissed, said once. */
  g_settings_set_string (settings, "spell-check-language", "de_DE");
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_true (gtk_widget_activate_action (bar, "spell-bar.dismiss", NULL));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_settings_set_string (settings, "spell-check-language", "en_US");
  g_settings_set_string (settings, "spell-check-language", "de_DE");
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
}

static gboolean
test_answered (gpointer data)
{
  return !g_str_has_prefix (gtk_label_get_text (GTK_LABEL (data)), "Asking");
}

/* Bug 9: where the application told people to run command-line
 * commands, it offers what does it: Preferences → AI at the right field,
 * a failed Test that points at the field to fill, the cost cap set in
 * Credits. */
static void
test_buttons_not_commands (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *profile = NULL;
  g_autoptr(DfCredits) credits = NULL;
  AdwPreferencesWindow *prefs;
  GtkWidget *page, *model, *base_url, *test, *result, *credits_page, *cap;

  if (ui_test_skip_without_display ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  ui_test_app_start (f);
  profile = df_session_dup_profile_id (ui_test_app_get_session (f));

  /* The coach's Set Up button: Preferences → AI, in the field. */
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "ai-settings", g_variant_new_string ("model"));
  prefs = ADW_PREFERENCES_WINDOW (ui_test_wait_for_toplevel (ADW_TYPE_PREFERENCES_WINDOW, 5000));
  page = GTK_WIDGET (adw_preferences_window_get_visible_page (prefs));
  g_assert_true (DF_IS_AI_PAGE (page));
  model = ui_test_get (page, ADW_TYPE_ENTRY_ROW, "model_row");
  base_url = ui_test_get (page, ADW_TYPE_ENTRY_ROW, "base_url_row");
  ui_test_wait_until (widget_has_width, model, 5000);
  g_assert_true (focus_in (model));

  /* Test with nothing set: said for this page, the focus where to type. */
  test = ui_test_get (page, GTK_TYPE_BUTTON, "test_button");
  result = ui_test_get (page, GTK_TYPE_LABEL, "test_result_label");
  g_signal_emit_by_name (test, "clicked");
  ui_test_wait_until (test_answered, result, 10000);
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (result)), "draftforge-cli"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (result)), "base URL"));
  g_assert_true (focus_in (base_url));

  /* Credits: the cost cap is set in its row. */
  credits_page = ui_test_get (GTK_WIDGET (prefs), DF_TYPE_CREDITS_PAGE, NULL);
  cap = ui_test_get (credits_page, GTK_TYPE_SPIN_BUTTON, "cost-cap");
  g_assert_null (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (ui_test_get (credits_page, ADW_TYPE_ACTION_ROW, "cost_cap_row"))),
                         "draftforge-cli"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (cap), 4.5);
  credits = df_credits_get (ui_test_app_get_store (f), profile, NULL);
  g_assert_cmpfloat_with_epsilon (credits->cost_cap, 4.5, 1e-9);
  g_clear_pointer (&credits, df_credits_free);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (cap), 0);
  credits = df_credits_get (ui_test_app_get_store (f), profile, NULL);
  g_assert_cmpfloat (credits->cost_cap, <, 0);

  gtk_window_close (GTK_WINDOW (prefs));
  ui_test_flush ();
}

/* Bug 13: the empty library's icon is found without the data folder on
 * XDG_DATA_DIRS (an uninstalled build), not a broken image. */
static void
test_empty_library_icon (Fixture       *f,
                         gconstpointer  data)
{
  GtkIconTheme *theme;
  AdwStatusPage *page;
  const char *icon;

  if (ui_test_skip_without_display ())
    return;

  ui_test_app_start (f);
  g_assert_cmpstr (df_window_get_page (f->window), ==, "library");
  page = ADW_STATUS_PAGE (ui_test_get (df_window_get_library_view (f->window), ADW_TYPE_STATUS_PAGE, "empty_page"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  icon = adw_status_page_get_icon_name (page);
  g_assert_nonnull (icon);

  theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (page)));
  g_assert_true (gtk_icon_theme_has_icon (theme, icon));
  g_assert_true (gtk_icon_theme_has_icon (theme, "io.github.draftforge.DraftForge"));
}

int
main (int    argc,
      char **argv)
{
  ui_test_init (&argc, &argv);
  /* No key, and never a question to the desktop's keyring. */
  g_setenv ("DRAFTFORGE_API_KEY", "", FALSE);

#define ADD(path, func) g_test_add (path, UiTestApp, NULL, ui_test_app_set_up, func, ui_test_app_tear_down)
  ADD ("/Everyday/trash-undo", test_trash_undo);
  ADD ("/Everyday/empty-library-icon", test_empty_library_icon);
  ADD ("/Everyday/chapters-and-parts", test_chapters_and_parts);
  ADD ("/Everyday/find-and-replace", test_find_and_replace);
  ADD ("/Everyday/search-panel-and-new-project", test_search_panel_and_new_project);
  ADD ("/Everyday/cursor-restored", test_cursor_restored);
  ADD ("/Everyday/export-dialog", test_export_dialog);
  ADD ("/Everyday/continue-reading", test_continue_reading);
  ADD ("/Everyday/reader-next-button", test_reader_next_button);
  ADD ("/Everyday/today-undo-redo", test_today_undo_redo);
  ADD ("/Everyday/spell-without-dictionary", test_spell_without_dictionary);
  ADD ("/Everyday/buttons-not-commands", test_buttons_not_commands);

  return g_test_run ();
}
