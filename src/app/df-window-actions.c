/* df-window-actions.c: the main window's actions ("win.") and their
 * shortcuts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-window"

#include "config.h"

#include <glib/gi18n.h>

#include "df-export-dialog.h"
#include "df-model.h"
#include "df-onboarding-window.h"
#include "df-profile-window.h"
#include "df-renderer.h"
#include "df-utils.h"
#include "df-window-private.h"

typedef struct
{
  DfWindow *self;
  gboolean  continue_reading;   /* where the active profile left off */
} ReaderRequest;

static void
onboarding_finished (DfWindow   *self,
                     const char *profile_id)
{
  _df_window_update_profiles (self);
  if (profile_id != NULL)
    df_window_show_toast (self, _("Profile created"));
}

/* The profile's name may have changed, or it may be the active one now. */
static gboolean
profile_window_close_request (DfWindow *self)
{
  _df_window_update_profiles (self);
  return FALSE;
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  df_window_show_toast (DF_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
profile_change_state (GSimpleAction *action,
                      GVariant      *value,
                      gpointer       user_data)
{
  DfWindow *self = user_data;
  DfStore *store = df_session_get_store (self->session);
  g_autoptr(GError) error = NULL;

  if (store == NULL)
    return;

  df_reader_view_flush_progress (self->reader_view);
  if (!df_profile_set_active (store, g_variant_get_string (value, NULL), &error))
    {
      df_window_show_toast (self, error->message);
      return;
    }

  _df_window_update_profiles (self);
  /* Whose reading the library offers to continue. */
  df_library_view_reload (self->library_view);
  if (g_str_equal (df_window_get_page (self), "dashboard"))
    df_dashboard_view_load (self->dashboard_view, df_project_view_get_project_id (self->project_view));
}

static void
new_profile_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DfWindow *self = DF_WINDOW (widget);
  DfOnboardingWindow *onboarding;

  if (df_session_get_store (self->session) == NULL)
    return;

  onboarding = df_onboarding_window_new (self->session);
  g_signal_connect_object (onboarding, "finished", G_CALLBACK (onboarding_finished), self, G_CONNECT_SWAPPED);
  df_present_above (GTK_WINDOW (onboarding), widget);
}

static void
edit_profile_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  DfWindow *self = DF_WINDOW (widget);
  g_autofree char *active = df_session_dup_profile_id (self->session);
  DfProfileWindow *window;

  if (active == NULL)
    {
      new_profile_action (widget, NULL, NULL);
      return;
    }

  window = df_profile_window_new (self->session, active);
  g_signal_connect_object (window, "close-request", G_CALLBACK (profile_window_close_request), self, G_CONNECT_SWAPPED);
  df_present_above (GTK_WINDOW (window), widget);
}

/* The window's pages leave the editor once what was typed is saved: the
 * save runs in a worker while the window goes on (df_project_view_when_saved). */

static void
library_when_saved (DfProjectView *view,
                    const GError  *error,
                    gpointer       data)
{
  DfWindow *self = data;

  if (error != NULL)
    {
      /* Stay: the text is still in the editor and must not be lost. */
      df_window_show_toast (self, error->message);
      return;
    }

  df_project_view_unload (self->project_view);
  _df_window_refresh_extensions (self);
  g_settings_set_string (self->settings, "last-project", "");
  df_library_view_reload (self->library_view);
  gtk_stack_set_visible_child_name (self->stack, "library");
  _df_window_update_title (self);
}

static void
show_library_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  DfWindow *self = DF_WINDOW (widget);

  if (df_session_get_store (self->session) == NULL)
    return;

  _df_window_leave_page (self);
  df_project_view_when_saved (self->project_view, library_when_saved, g_object_ref (self), g_object_unref);
}

static void
show_editor_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DfWindow *self = DF_WINDOW (widget);

  if (df_project_view_get_project_id (self->project_view) == 0)
    return;

  _df_window_leave_page (self);
  /* Back from the reader: reopen the chapter read last. */
  if (g_strcmp0 (df_window_get_page (self), "reader") == 0)
    {
      gint64 chapter = df_reader_view_get_chapter_id (self->reader_view);
      if (chapter > 0 && chapter != df_project_view_get_chapter_id (self->project_view))
        df_project_view_open_chapter (self->project_view, chapter);
    }
  gtk_stack_set_visible_child_name (self->stack, "project");
  _df_window_update_title (self);
  df_project_view_focus_editor (self->project_view);
}

static void
reader_request_free (ReaderRequest *request)
{
  g_object_unref (request->self);
  g_free (request);
}

static void
reader_when_saved (DfProjectView *view,
                   const GError  *error,
                   gpointer       data)
{
  ReaderRequest *request = data;
  DfWindow *self = request->self;
  gint64 project = df_project_view_get_project_id (view);
  gint64 chapter = df_project_view_get_chapter_id (view);

  if (error != NULL)
    {
      df_window_show_toast (self, error->message);
      return;
    }
  if (project == 0)
    return;

  if (request->continue_reading)
    df_reader_view_continue (self->reader_view, project, df_project_view_get_chapter_id (view));
  else
    df_reader_view_open (self->reader_view, project, chapter);
  gtk_stack_set_visible_child_name (self->stack, "reader");
  _df_window_update_title (self);
}

static void
show_reader_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DfWindow *self = DF_WINDOW (widget);
  ReaderRequest *request;

  if (df_project_view_get_project_id (self->project_view) == 0)
    return;

  request = g_new0 (ReaderRequest, 1);
  request->self = g_object_ref (self);
  /* Ctrl+R continues where the profile left off; Shift+Ctrl+R reads
   * the chapter being edited. */
  request->continue_reading = g_str_equal (action_name, "win.continue-reading");
  df_project_view_when_saved (self->project_view, reader_when_saved, request, (GDestroyNotify) reader_request_free);
}

/* The library's Continue Reading: the project, then the reader. */
static void
continue_project_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  DfWindow *self = DF_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!df_window_open_project (self, g_variant_get_string (param, NULL), &error))
    {
      df_window_show_toast (self, error->message);
      return;
    }
  show_reader_action (widget, "win.continue-reading", NULL);
}

static void
dashboard_when_saved (DfProjectView *view,
                      const GError  *error,
                      gpointer       data)
{
  DfWindow *self = data;
  gint64 project = df_project_view_get_project_id (view);

  /* The progress shows what is saved; the text stays in the editor. */
  if (error != NULL)
    df_window_show_toast (self, error->message);
  if (project == 0)
    return;

  _df_window_leave_page (self);
  df_dashboard_view_load (self->dashboard_view, project);
  gtk_stack_set_visible_child_name (self->stack, "dashboard");
  _df_window_update_title (self);
}

static void
show_dashboard_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  DfWindow *self = DF_WINDOW (widget);

  if (df_project_view_get_project_id (self->project_view) != 0)
    df_project_view_when_saved (self->project_view, dashboard_when_saved, g_object_ref (self), g_object_unref);
}

static void
open_project_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  DfWindow *self = DF_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!df_window_open_project (self, g_variant_get_string (param, NULL), &error))
    df_window_show_toast (self, error->message);
}

static void
restore_project_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  DfWindow *self = DF_WINDOW (widget);

  df_library_view_restore (self->library_view, g_variant_get_string (param, NULL));
}

static void
file_launched_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(DfWindow) self = data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    df_window_show_toast (self, error->message);
}

/* Opens the file @param (a path) with the application the user chose for
 * its type, in the environment the user started DraftForge with. */
static void
open_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  g_autoptr(GdkAppLaunchContext) context = gdk_display_get_app_launch_context (gtk_widget_get_display (widget));
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (param, NULL));
  g_autofree char *uri = g_file_get_uri (file);

  df_renderer_restore_environment (G_APP_LAUNCH_CONTEXT (context));
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), NULL,
                                           file_launched_cb, g_object_ref (widget));
}

/* An export finished: where it went, and a button that opens it. */
static void
exported_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  DfWindow *self = DF_WINDOW (widget);
  g_autofree char *message = g_strdup_printf (_("Exported to %s"), g_variant_get_string (param, NULL));
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, "win.open-file");
  adw_toast_set_action_target_value (toast, param);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
export_when_saved (DfProjectView *view,
                   const GError  *error,
                   gpointer       data)
{
  DfWindow *self = data;
  gint64 project = df_project_view_get_project_id (view);

  if (error != NULL)
    {
      df_window_show_toast (self, error->message);
      return;
    }
  if (project == 0)
    return;

  df_present_above (GTK_WINDOW (df_export_dialog_new (self->session, project)), GTK_WIDGET (self));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DfWindow *self = DF_WINDOW (widget);

  if (df_project_view_get_project_id (self->project_view) == 0 || df_session_get_plugin_host (self->session) == NULL)
    return;

  /* Export what is on screen, typed a moment ago included. */
  df_project_view_when_saved (self->project_view, export_when_saved, g_object_ref (self), g_object_unref);
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  g_cancellable_cancel (DF_WINDOW (widget)->import_cancellable);
}

void
_df_window_class_actions_init (DfWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.show-library", NULL, show_library_action);
  gtk_widget_class_install_action (widget_class, "win.show-editor", NULL, show_editor_action);
  gtk_widget_class_install_action (widget_class, "win.show-reader", NULL, show_reader_action);
  gtk_widget_class_install_action (widget_class, "win.continue-reading", NULL, show_reader_action);
  gtk_widget_class_install_action (widget_class, "win.continue-project", "s", continue_project_action);
  gtk_widget_class_install_action (widget_class, "win.show-dashboard", NULL, show_dashboard_action);
  gtk_widget_class_install_action (widget_class, "win.open-project", "s", open_project_action);
  gtk_widget_class_install_action (widget_class, "win.restore-project", "s", restore_project_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.exported", "s", exported_action);
  gtk_widget_class_install_action (widget_class, "win.open-file", "s", open_file_action);
  gtk_widget_class_install_action (widget_class, "win.new-profile", NULL, new_profile_action);
  gtk_widget_class_install_action (widget_class, "win.edit-profile", NULL, edit_profile_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.continue-reading", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_R, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.show-reader", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "win.show-dashboard", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.show-editor", NULL);
}

void
_df_window_actions_init (DfWindow *self)
{
  static const GActionEntry entries[] = {
    { "profile", NULL, "s", "''", profile_change_state },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
}
