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

#include <glib/gi18n.h>

#include "df-application.h"
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
  GtkWidget *overlay = ui_test_get (GTK_WIDGET (window), ADW_TYPE_TOAST_OVERLAY, NULL);
  GtkWidget *child = overlay;

  /* Depth first over the overlay, as ui_test_find () walks. */
  while (child != NULL)
    {
      GtkWidget *next;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;

      next = gtk_widget_get_first_child (child);
      while (next == NULL && child != overlay)
        {
          next = gtk_widget_get_next_sibling (child);
          if (next == NULL)
            child = gtk_widget_get_parent (child);
        }
      child = next;
    }
  return NULL;
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

#define ADD(path, func) g_test_add (path, UiTestApp, NULL, ui_test_app_set_up, func, ui_test_app_tear_down)
  ADD ("/Everyday/trash-undo", test_trash_undo);
  ADD ("/Everyday/empty-library-icon", test_empty_library_icon);

  return g_test_run ();
}
