/* test-ui-versions.c: named versions in the application: Save a
 * Version… (Ctrl+Alt+S), a version among a chapter's earlier versions,
 * and Restore a Version… for the whole book, with its Undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "df-history-window.h"
#include "df-versions.h"
#include "ui-test-util.h"

static gint64 project_id;

static gboolean
has_versions (gpointer data)
{
  UiTestApp *f = data;
  g_autoptr(GPtrArray) versions = df_version_list (ui_test_app_get_store (f), project_id, NULL);

  return versions != NULL && versions->len == GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (f->window),
                                                                                    "want-versions"));
}

static void
wait_for_versions (UiTestApp *f,
                   guint      n)
{
  g_object_set_data (G_OBJECT (f->window), "want-versions", GUINT_TO_POINTER (n));
  ui_test_wait_until (has_versions, f, 10000);
}

typedef struct
{
  DfProjectView *view;
  const char    *text;
} EditorHas;

static gboolean
editor_has (gpointer data)
{
  EditorHas *want = data;
  g_autofree char *text = ui_test_editor_text (want->view);

  return g_strcmp0 (text, want->text) == 0;
}

static void
wait_for_editor (DfProjectView *view,
                 const char    *text)
{
  EditorHas want = { view, text };

  ui_test_wait_until (editor_has, &want, 10000);
}

/* The close button of the message (toast) shown, or NULL. */
static GtkWidget *
toast_close_button (GtkWidget *root)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (root)), "window-close-symbolic") == 0)
    {
      for (GtkWidget *up = gtk_widget_get_parent (root); up != NULL; up = gtk_widget_get_parent (up))
        if (g_strcmp0 (G_OBJECT_TYPE_NAME (up), "AdwToastWidget") == 0)
          return root;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = toast_close_button (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_versions (UiTestApp     *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DfProjectView *view;
  AdwMessageDialog *dialog;
  DfHistoryWindow *history;
  GtkWidget *undo;
  g_autofree char *rewritten = NULL;
  gint64 one_id;
  gboolean found = FALSE;

  if (ui_test_skip_without_display ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  {
    g_autoptr(DfStore) s = df_test_store_open (f->db_path);
    g_autoptr(DfProject) p = df_test_make_project (s, "Drafts", "One", "First draft.", "Two", "Other words.", NULL);
    g_autoptr(GPtrArray) chapters = df_chapter_list (s, p->id, &error);

    g_assert_no_error (error);
    project_id = p->id;
    one_id = ((DfChapter *) chapters->pdata[0])->id;
  }

  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "drafts");
  df_project_view_open_chapter (view, one_id);
  ui_test_flush ();
  wait_for_editor (view, "First draft.");

  /* Ctrl+Alt+S: a name asked for, the typed words saved with the book. */
  ui_test_type (view, " Typed.");
  g_assert_true (ui_test_press_shortcut (gtk_root_get_focus (GTK_ROOT (f->window)), GDK_KEY_s,
                                         GDK_CONTROL_MASK | GDK_ALT_MASK));
  dialog = ADW_MESSAGE_DIALOG (ui_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, 5000));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "Sent to Ann");
  adw_message_dialog_response (dialog, "save");
  gtk_window_close (GTK_WINDOW (dialog));
  wait_for_versions (f, 1);
  {
    g_autoptr(GPtrArray) versions = df_version_list (ui_test_app_get_store (f), project_id, &error);
    g_autoptr(GPtrArray) held = df_version_chapters (ui_test_app_get_store (f),
                                                     ((DfVersion *) versions->pdata[0])->id, TRUE, &error);

    g_assert_cmpstr (((DfVersion *) versions->pdata[0])->name, ==, "Sent to Ann");
    /* typed at the cursor, at the start of the chapter */
    g_assert_cmpstr (((DfVersionChapter *) held->pdata[0])->content_md, ==, " Typed.First draft.");
  }

  /* Rewritten, saved; the version is among the chapter's earlier ones,
   * and restoring it is one edit. */
  ui_test_type (view, " More.");
  gtk_widget_activate_action (GTK_WIDGET (view), "project.save", NULL);
  ui_test_wait_until (ui_test_view_saved, view, 10000);
  gtk_widget_activate_action (GTK_WIDGET (view), "project.history", NULL);
  history = DF_HISTORY_WINDOW (ui_test_wait_for_toplevel (DF_TYPE_HISTORY_WINDOW, 5000));
  for (guint i = 0; i < df_history_window_get_n_items (history); i++)
    {
      df_history_window_select (history, i);
      if (g_strcmp0 (df_history_window_get_selected (history)->label, "Sent to Ann") == 0)
        {
          found = TRUE;
          break;
        }
    }
  g_assert_true (found);
  g_assert_cmpstr (df_history_window_get_selected (history)->content_md, ==, " Typed.First draft.");
  gtk_widget_activate_action (GTK_WIDGET (history), "history.restore", NULL);
  ui_test_wait_toplevel_gone (DF_TYPE_HISTORY_WINDOW, 5000);
  wait_for_editor (view, " Typed.First draft.");

  /* The whole book: chapter one rewritten again, then Restore a Version…
   * puts it back; Undo brings the rewrite back. */
  ui_test_type (view, " Again.");
  rewritten = ui_test_editor_text (view);
  g_assert_cmpstr (rewritten, !=, " Typed.First draft.");
  gtk_widget_activate_action (GTK_WIDGET (view), "project.restore-version", NULL);
  dialog = ADW_MESSAGE_DIALOG (ui_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, 5000));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "restore"));
  ui_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped, dialog, 5000);
  ui_test_save_png (GTK_WIDGET (dialog), "restore-version");
  adw_message_dialog_response (dialog, "restore");
  gtk_window_close (GTK_WINDOW (dialog));
  wait_for_editor (view, " Typed.First draft.");
  wait_for_versions (f, 2);

  /* the messages before it are dismissed, as a person would */
  for (guint turns = 0; (undo = ui_test_find_button (GTK_WIDGET (f->window), "_Undo")) == NULL; turns++)
    {
      GtkWidget *dismiss = toast_close_button (GTK_WIDGET (f->window));

      g_assert_cmpuint (turns, <, 1000);
      if (dismiss != NULL)
        gtk_widget_activate (dismiss);
      ui_test_next_tick ();
    }
  gtk_widget_activate (undo);
  wait_for_editor (view, rewritten);
  wait_for_versions (f, 3);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);
  g_test_add ("/ui/versions/save-restore-undo", UiTestApp, NULL, ui_test_app_set_up, test_versions,
              ui_test_app_tear_down);
  return g_test_run ();
}
