/* test-ui-rtl.c: DraftForge in Urdu is laid out right to left
 *
 * The suite runs as a user who prefers Urdu (LANGUAGE=ur), with the build
 * tree's catalogues (DRAFTFORGE_TEST_LOCALEDIR) bound as main.c binds
 * LOCALEDIR, before GTK starts: GTK then takes its direction from the
 * translation.  Each case checks what a user would see mirrored: the
 * header bars' buttons, the sidebar on the right of the editor, the
 * chevrons pointing the other way, the chart and the progress bars, and
 * Urdu paragraphs (with English words in them) aligned right.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "df-model.h"
#include "df-word-chart.h"
#include "ui-test-util.h"

/* An Urdu chapter with English words in its first paragraph, and an
 * English paragraph after it. */
#define URDU_TEXT \
  "یہ کتاب Hello World کے بارے میں ہے اور اس میں بہت سی باتیں ہیں۔\n\n" \
  "An English paragraph stays left to right.\n"

/* ---- helpers --------------------------------------------------------------- */

/* The bounds of @widget in @window's coordinates. */
static graphene_rect_t
bounds_in (GtkWidget *widget,
           GtkWidget *window)
{
  graphene_rect_t rect;

  g_assert_true (gtk_widget_compute_bounds (widget, window, &rect));
  return rect;
}

static double
center_x (GtkWidget *widget,
          GtkWidget *window)
{
  graphene_rect_t rect = bounds_in (widget, window);

  return rect.origin.x + rect.size.width / 2;
}

static void
assert_rtl (GtkWidget *widget)
{
  g_assert_nonnull (widget);
  g_assert_cmpint (gtk_widget_get_direction (widget), ==, GTK_TEXT_DIR_RTL);
}

/* The file the icon theme gives for @icon_name in @widget's direction:
 * the mirrored arrow (its -rtl variant) in a right-to-left widget. */
static char *
icon_file_for (GtkWidget  *widget,
               const char *icon_name)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  g_autoptr(GtkIconPaintable) icon = gtk_icon_theme_lookup_icon (theme, icon_name, NULL, 16, 1,
                                                                 gtk_widget_get_direction (widget), 0);
  g_autoptr(GFile) file = gtk_icon_paintable_get_file (icon);

  g_assert_nonnull (file);
  return g_file_get_basename (file);
}

/* The GtkImage shown in @button (its child, or its child's). */
static GtkImage *
button_image (GtkWidget *button)
{
  GtkWidget *image = ui_test_find (button, GTK_TYPE_IMAGE, NULL);

  g_assert_nonnull (image);
  return GTK_IMAGE (image);
}

static gboolean
has_text (gpointer data)
{
  g_autofree char *text = ui_test_text_of (data);

  return strstr (text, "Hello") != NULL;
}

static gboolean
allocated (gpointer data)
{
  return gtk_widget_get_width (data) > 0 && gtk_widget_get_mapped (data);
}

/* x of the character at the start of @needle in @view, in buffer
 * coordinates. */
static int
x_of (GtkWidget  *view,
      const char *needle)
{
  GtkTextIter iter = ui_test_find_text (view, needle);
  GdkRectangle rect;

  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view), &iter, &rect);
  return rect.x;
}

/* An Urdu paragraph starts at the right of @view, its English words in
 * their order, and the English paragraph after it starts at the left. */
static void
assert_paragraphs_aligned (GtkWidget *view)
{
  GdkRectangle visible;
  int urdu_start, hello, world, english;

  ui_test_wait_until (allocated, view, 10000);
  ui_test_wait_until (has_text, view, 10000);
  ui_test_flush ();
  gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (view), &visible);

  urdu_start = x_of (view, "یہ کتاب");
  hello = x_of (view, "Hello");
  world = x_of (view, "World");
  english = x_of (view, "An English");

  /* Right-aligned, read from the right. */
  g_assert_cmpint (urdu_start, >, visible.width / 2);
  /* The English words sit to the left of where the sentence starts, in
   * their own order. */
  g_assert_cmpint (hello, <, urdu_start);
  g_assert_cmpint (hello, <, world);
  /* An English paragraph is left to right, at the left. */
  g_assert_cmpint (english, <, visible.width / 2);
}

/* ---- cases ----------------------------------------------------------------- */

static void
test_interface_in_urdu (UiTestApp     *ui,
                        gconstpointer  data)
{
  GtkWidget *library;
  GtkWidget *menu_button;
  GtkWidget *trash_button;

  if (ui_test_skip_without_display ())
    return;

  g_assert_cmpstr (_("Preferences"), ==, "ترجیحات");
  g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_RTL);

  df_test_add_project (ui->db_path, "Urdu Book", "Chapter", URDU_TEXT, NULL);
  ui_test_app_start (ui);
  assert_rtl (GTK_WIDGET (ui->window));

  /* The library: its header bar's end (the menu) is on the left. */
  library = df_window_get_library_view (ui->window);
  assert_rtl (library);
  menu_button = ui_test_get (library, GTK_TYPE_MENU_BUTTON, "menu_button");
  trash_button = ui_test_get (library, GTK_TYPE_TOGGLE_BUTTON, "trash_button");
  ui_test_wait_until (allocated, menu_button, 10000);
  g_assert_cmpfloat (center_x (menu_button, GTK_WIDGET (ui->window)), <,
                     gtk_widget_get_width (GTK_WIDGET (ui->window)) / 2.0);
  g_assert_cmpfloat (center_x (menu_button, GTK_WIDGET (ui->window)), <,
                     center_x (trash_button, GTK_WIDGET (ui->window)));
}

static void
test_editor_mirrored (UiTestApp     *ui,
                      gconstpointer  data)
{
  DfProjectView *view;
  GtkWidget *sidebar;
  GtkWidget *editor;
  GtkWidget *window;

  if (ui_test_skip_without_display ())
    return;

  df_test_add_project (ui->db_path, "Urdu Book", "Chapter", URDU_TEXT, NULL);
  ui_test_app_start (ui);
  window = GTK_WIDGET (ui->window);
  view = ui_test_app_open_project (ui, "urdu-book");
  sidebar = ui_test_get (GTK_WIDGET (view), GTK_TYPE_WIDGET, "sidebar");
  editor = ui_test_get (GTK_WIDGET (view), GTK_TYPE_WIDGET, "editor");
  assert_rtl (GTK_WIDGET (view));
  assert_rtl (editor);
  ui_test_wait_until (allocated, sidebar, 10000);
  ui_test_wait_until (allocated, editor, 10000);

  /* The chapters' sidebar is on the right of the text. */
  g_assert_cmpfloat (bounds_in (sidebar, window).origin.x, >, bounds_in (editor, window).origin.x);
  g_assert_cmpfloat (center_x (sidebar, window), >, gtk_widget_get_width (window) / 2.0);

  /* The text: Urdu from the right, English words in order. */
  assert_paragraphs_aligned (editor);
}

static void
test_reader_mirrored (UiTestApp     *ui,
                      gconstpointer  data)
{
  GtkWidget *reader;
  GtkWidget *previous;
  GtkWidget *next;
  GtkWidget *back;
  GtkWidget *window;
  g_autofree char *next_icon = NULL;
  g_autofree char *previous_icon = NULL;

  if (ui_test_skip_without_display ())
    return;

  df_test_add_project (ui->db_path, "Urdu Book", "Chapter", URDU_TEXT, "Two", "دوسرا باب۔\n", NULL);
  ui_test_app_start (ui);
  window = GTK_WIDGET (ui->window);
  ui_test_app_open_project (ui, "urdu-book");
  gtk_widget_activate_action (window, "win.show-reader", NULL);
  ui_test_flush ();
  g_assert_cmpstr (df_window_get_page (ui->window), ==, "reader");
  reader = df_window_get_reader_view (ui->window);
  assert_rtl (reader);

  /* Back at the right; Previous at the right of Next. */
  back = ui_test_get (reader, GTK_TYPE_BUTTON, "back_button");
  previous = ui_test_get (reader, GTK_TYPE_BUTTON, "previous_button");
  next = ui_test_get (reader, GTK_TYPE_BUTTON, "next_button");
  ui_test_wait_until (allocated, next, 10000);
  g_assert_cmpfloat (center_x (back, window), >, gtk_widget_get_width (window) / 2.0);
  g_assert_cmpfloat (center_x (previous, window), >, center_x (next, window));

  /* The chevrons point the other way: Next points left. */
  g_assert_cmpstr (gtk_image_get_icon_name (button_image (next)), ==, "go-next-symbolic");
  next_icon = icon_file_for (GTK_WIDGET (button_image (next)), "go-next-symbolic");
  previous_icon = icon_file_for (GTK_WIDGET (button_image (previous)), "go-previous-symbolic");
  g_assert_true (g_str_has_prefix (next_icon, "go-next-symbolic-rtl"));
  g_assert_true (g_str_has_prefix (previous_icon, "go-previous-symbolic-rtl"));

  assert_paragraphs_aligned (ui_test_get (reader, GTK_TYPE_WIDGET, "markdown_view"));
}

static void
test_dashboard_mirrored (UiTestApp     *ui,
                         gconstpointer  data)
{
  GtkWidget *dashboard;
  GtkWidget *window;
  GtkWidget *back;
  GtkWidget *target_bar;

  if (ui_test_skip_without_display ())
    return;

  df_test_add_project (ui->db_path, "Urdu Book", "Chapter", URDU_TEXT, NULL);
  ui_test_app_start (ui);
  window = GTK_WIDGET (ui->window);
  ui_test_app_open_project (ui, "urdu-book");
  gtk_widget_activate_action (window, "win.show-dashboard", NULL);
  ui_test_flush ();
  g_assert_cmpstr (df_window_get_page (ui->window), ==, "dashboard");
  dashboard = df_window_get_dashboard_view (ui->window);
  assert_rtl (dashboard);

  back = ui_test_get (dashboard, GTK_TYPE_BUTTON, "back_button");
  ui_test_wait_until (allocated, back, 10000);
  g_assert_cmpfloat (center_x (back, window), >, gtk_widget_get_width (window) / 2.0);
  g_assert_true (g_str_has_prefix (icon_file_for (GTK_WIDGET (button_image (back)), "go-previous-symbolic"),
                                   "go-previous-symbolic-rtl"));

  /* The chart draws its days from the right (test-ui-dashboard.c checks
   * the drawing in a right-to-left widget), the target bar fills from the
   * right. */
  assert_rtl (ui_test_get (dashboard, DF_TYPE_WORD_CHART, NULL));
  target_bar = ui_test_get (dashboard, GTK_TYPE_LEVEL_BAR, "target_bar");
  assert_rtl (target_bar);
  g_assert_false (gtk_level_bar_get_inverted (GTK_LEVEL_BAR (target_bar)));
}

int
main (int    argc,
      char **argv)
{
  /* A user who prefers Urdu, and the application's catalogue bound as
   * main.c binds it, before GTK starts. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "ur", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("DRAFTFORGE_TEST_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  ui_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, UiTestApp, NULL, ui_test_app_set_up, func, ui_test_app_tear_down)
  ADD ("/ui/rtl/interface", test_interface_in_urdu);
  ADD ("/ui/rtl/editor", test_editor_mirrored);
  ADD ("/ui/rtl/reader", test_reader_mirrored);
  ADD ("/ui/rtl/dashboard", test_dashboard_mirrored);
#undef ADD

  return g_test_run ();
}
