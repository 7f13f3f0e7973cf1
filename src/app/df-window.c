/* df-window.c: the main window, a stack of the library, the project
 * (editor), the reader, the dashboard, and an error page
 *
 * The window and its views work on the session they are given
 * (df-session.h); the actions are in df-window-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-window"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "df-import.h"
#include "df-model.h"
#include "df-plugins-page.h"
#include "df-utils.h"
#include "df-window-private.h"
#include "df-worker.h"

typedef struct
{
  char           *path;
  DfImportUnwrap  unwrap;
  GWeakRef        window;
} ImportJob;

G_DEFINE_FINAL_TYPE (DfWindow, df_window, ADW_TYPE_APPLICATION_WINDOW)

static void
import_job_free (ImportJob *job)
{
  g_weak_ref_clear (&job->window);
  g_free (job->path);
  g_free (job);
}

static void
add_extension (DfWindow       *self,
               DfPluginHost   *host,
               DfUiExtension  *ext,
               gint64          project)
{
  const char *id = df_plugin_host_get_extension_plugin_id (host, G_OBJECT (ext));
  g_autofree char *prefix = df_plugin_action_prefix (id);
  GActionGroup *actions;
  GMenuModel *menu;
  const char *title;

  /* The guard: a crash in the plugin from here on disables it at the
   * next start (df-plugin-host.h). */
  df_plugin_guard_enter (id, project != 0 ? "set_project" : "set_project (0)");
  df_ui_extension_set_project (ext, df_session_get_store (self->session), project);

  if ((actions = df_ui_extension_get_actions (ext)) != NULL)
    {
      /* Its handlers run under the guard too. */
      GActionGroup *guarded = df_plugin_guard_wrap_actions (id, actions);

      gtk_widget_insert_action_group (GTK_WIDGET (self), prefix, guarded);
      g_object_unref (guarded);
      g_ptr_array_add (self->action_prefixes, g_steal_pointer (&prefix));
    }
  if ((menu = df_ui_extension_get_menu (ext)) != NULL)
    g_menu_append_section (self->plugins_section, NULL, menu);

  if (project != 0 && (title = df_ui_extension_get_panel_title (ext)) != NULL)
    {
      GObject *panel = df_ui_extension_create_panel (ext);

      if (GTK_IS_WIDGET (panel))
        df_project_view_add_panel (self->project_view, title, GTK_WIDGET (panel));
      else if (panel != NULL)
        {
          g_message ("Plugin %s gave a panel that is not a widget; it is not shown", id);
          g_object_ref_sink (panel);
          g_object_unref (panel);
        }
    }
  df_plugin_guard_leave (id);
}

typedef void (*ChapterCall) (DfUiExtension *self,
                             gint64         chapter_id);

/* Tells every UI extension about the open chapter, each under the guard. */
static void
tell_extensions (DfWindow    *self,
                 ChapterCall  call,
                 const char  *what,
                 gint64       chapter_id)
{
  DfPluginHost *host = df_session_get_plugin_host (self->session);
  g_autoptr(GPtrArray) extensions = NULL;

  if (host == NULL)
    return;
  extensions = df_plugin_host_get_ui_extensions (host);
  for (guint i = 0; i < extensions->len; i++)
    {
      DfUiExtension *ext = g_ptr_array_index (extensions, i);
      const char *id = df_plugin_host_get_extension_plugin_id (host, G_OBJECT (ext));

      df_plugin_guard_enter (id, what);
      call (ext, chapter_id);
      df_plugin_guard_leave (id);
    }
}

static void
chapter_opened (DfWindow *self,
                gint64    chapter_id)
{
  tell_extensions (self, df_ui_extension_chapter_opened, "chapter_opened", chapter_id);
}

static void
chapter_saved (DfWindow *self,
               gint64    chapter_id)
{
  tell_extensions (self, df_ui_extension_chapter_saved, "chapter_saved", chapter_id);
}

static void
chapter_changed (DfWindow *self,
                 gint64    chapter_id)
{
  tell_extensions (self, df_ui_extension_chapter_changed, "chapter_changed", chapter_id);
}

/* What the window itself shows of the session's store (the views it
 * holds follow the session on their own). */
static void
load_store (DfWindow *self)
{
  DfPluginHost *host = df_session_get_plugin_host (self->session);

  _df_window_update_profiles (self);
  if (host != NULL)
    g_signal_connect_object (host, "changed", G_CALLBACK (_df_window_refresh_extensions), self, G_CONNECT_SWAPPED);
  _df_window_refresh_extensions (self);
  /* Once: the plugins disabled after they crashed DraftForge. */
  if (host != NULL)
    df_plugins_show_crash_notices (GTK_WINDOW (self), host);
}

static void
show_import_progress (gpointer    target,
                      double      fraction,
                      const char *message)
{
  df_library_view_set_import_progress (DF_WINDOW (target)->library_view, fraction, NULL);
}

static void
import_progress (double   fraction,
                 gpointer user_data)
{
  ImportJob *job = user_data;

  df_worker_post_progress (&job->window, show_import_progress, fraction, NULL);
}

static gpointer
import_in_thread (DfStore       *store,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  ImportJob *job = data;
  DfImportOptions options = { job->unwrap };

  return df_import_run_full (store, job->path, DF_IMPORT_AUTO, NULL, &options, import_progress, job,
                             cancellable, error);
}

static void
import_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DfWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfImportResult) imported = df_worker_finish (result, &error);
  g_autofree char *message = NULL;
  g_autofree char *summary = NULL;
  DfProject *project = imported != NULL ? imported->project : NULL;
  AdwToast *toast;

  g_clear_object (&self->import_cancellable);
  df_library_view_set_import_progress (self->library_view, -1, NULL);
  df_library_view_reload (self->library_view);

  if (project == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        df_window_show_toast (self, error->message);
      return;
    }

  message = g_strdup_printf (_("Imported “%s”: %" PRId64 " chapters"), project->title, project->n_chapters);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, "win.open-project");
  adw_toast_set_action_target_value (toast, g_variant_new_string (project->slug));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  /* What the import had to change (titles it shortened), in a dialog. */
  summary = df_import_result_dup_summary (imported);
  if (summary != NULL)
    df_show_message (GTK_WIDGET (self), message, summary);
}

/* A manuscript, a Markdown folder or an mdBook dropped on the projects:
 * imported as Import… does. */
static gboolean
library_drop (GtkDropTarget *target,
              const GValue  *value,
              double         x,
              double         y,
              DfWindow      *self)
{
  GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));
  gboolean one = files != NULL && files->next == NULL;

  if (one)
    df_window_import (self, files->data);
  else if (files != NULL)
    df_window_show_toast (self, _("Drop one manuscript or book folder at a time"));
  g_slist_free (files);
  return one;
}

static void
toast_dismissed_cb (DfWindow *self,
                    AdwToast *toast)
{
  /* Also when the overlay goes, after dispose let the list go. */
  if (self->lasting_toasts != NULL)
    g_ptr_array_remove (self->lasting_toasts, toast);
}

/* Damage found, or a backup restored: the window shows what it holds. */
static void
store_changed_cb (DfWindow *self)
{
  if (df_session_get_store (self->session) != NULL)
    load_store (self);
  _df_window_show_store_state (self);
}

static void
project_view_notify_title (DfWindow *self)
{
  _df_window_update_title (self);
}

static void
maybe_onboard (DfWindow *self)
{
  g_autoptr(GPtrArray) profiles = NULL;
  DfStore *store = df_session_get_store (self->session);

  if (store == NULL || df_store_is_read_only (store) || g_getenv ("DRAFTFORGE_NO_ONBOARDING") != NULL)
    return;

  profiles = df_profile_list (store, NULL);
  if (profiles != NULL && profiles->len == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.new-profile", NULL);
}

static gboolean
df_window_close_request (GtkWindow *window)
{
  DfWindow *self = DF_WINDOW (window);
  g_autoptr(GError) error = NULL;
  int width, height;

  df_reader_view_flush_progress (self->reader_view);

  if (!df_project_view_save (self->project_view, &error))
    {
      /* Keep the window: closing would lose what is in the editor. */
      df_window_show_toast (self, error->message);
      return TRUE;
    }

  g_settings_set_int64 (self->settings, "last-chapter", df_project_view_get_chapter_id (self->project_view));
  gtk_window_get_default_size (window, &width, &height);
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  g_cancellable_cancel (self->import_cancellable);

  return GTK_WINDOW_CLASS (df_window_parent_class)->close_request (window);
}

static void
df_window_dispose (GObject *object)
{
  DfWindow *self = (DfWindow *)object;

  g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  g_clear_pointer (&self->action_prefixes, g_ptr_array_unref);
  g_clear_pointer (&self->lasting_toasts, g_ptr_array_unref);
  _df_window_store_dispose (self);

  G_OBJECT_CLASS (df_window_parent_class)->dispose (object);
}

static void
df_window_class_init (DfWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = df_window_dispose;
  window_class->close_request = df_window_close_request;

  g_type_ensure (DF_TYPE_LIBRARY_VIEW);
  g_type_ensure (DF_TYPE_PROJECT_VIEW);
  g_type_ensure (DF_TYPE_READER_VIEW);
  g_type_ensure (DF_TYPE_DASHBOARD_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/draftforge/DraftForge/ui/df-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DfWindow, backups_list);
  gtk_widget_class_bind_template_child (widget_class, DfWindow, dashboard_view);
  gtk_widget_class_bind_template_child (widget_class, DfWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, DfWindow, library_view);
  gtk_widget_class_bind_template_child (widget_class, DfWindow, plugins_section);
  gtk_widget_class_bind_template_child (widget_class, DfWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, DfWindow, profiles_section);
  gtk_widget_class_bind_template_child (widget_class, DfWindow, project_view);
  gtk_widget_class_bind_template_child (widget_class, DfWindow, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, DfWindow, read_only_revealer);
  gtk_widget_class_bind_template_child (widget_class, DfWindow, reader_view);
  gtk_widget_class_bind_template_child (widget_class, DfWindow, restore_button);
  gtk_widget_class_bind_template_child (widget_class, DfWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DfWindow, toast_overlay);

  _df_window_class_actions_init (klass);
  _df_window_class_store_init (klass);
}

static void
df_window_init (DfWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->action_prefixes = g_ptr_array_new_with_free_func (g_free);
  self->lasting_toasts = g_ptr_array_new_with_free_func (g_object_unref);
  _df_window_actions_init (self);
  _df_window_store_init (self);
  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (library_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->library_view), GTK_EVENT_CONTROLLER (drop));
  g_signal_connect_object (self->project_view, "chapter-opened", G_CALLBACK (chapter_opened), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project_view, "chapter-saved", G_CALLBACK (chapter_saved), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project_view, "chapter-changed", G_CALLBACK (chapter_changed), self,
                           G_CONNECT_SWAPPED);

#ifdef DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

void
_df_window_update_profiles (DfWindow *self)
{
  DfStore *store = df_session_get_store (self->session);
  g_autoptr(GPtrArray) profiles = NULL;
  g_autofree char *active = df_session_dup_profile_id (self->session);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "profile");

  g_menu_remove_all (self->profiles_section);
  if (store == NULL)
    return;

  profiles = df_profile_list (store, NULL);
  for (guint i = 0; profiles && i < profiles->len; i++)
    {
      DfProfile *p = g_ptr_array_index (profiles, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (p->display_name, NULL);

      g_menu_item_set_action_and_target (item, "win.profile", "s", p->id);
      g_menu_append_item (self->profiles_section, item);
    }

  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (active ? active : ""));
  df_reader_view_set_profile (self->reader_view, active);
  df_dashboard_view_set_profile (self->dashboard_view, active);
}

void
_df_window_refresh_extensions (DfWindow *self)
{
  DfPluginHost *host = df_session_get_plugin_host (self->session);
  g_autoptr(GPtrArray) extensions = NULL;
  gint64 project = df_project_view_get_project_id (self->project_view);

  for (guint i = 0; i < self->action_prefixes->len; i++)
    gtk_widget_insert_action_group (GTK_WIDGET (self), g_ptr_array_index (self->action_prefixes, i), NULL);
  g_ptr_array_set_size (self->action_prefixes, 0);
  g_menu_remove_all (self->plugins_section);
  df_project_view_remove_panels (self->project_view);

  if (host == NULL)
    return;

  extensions = df_plugin_host_get_ui_extensions (host);
  for (guint i = 0; i < extensions->len; i++)
    add_extension (self, host, g_ptr_array_index (extensions, i), project);
}

void
_df_window_leave_page (DfWindow *self)
{
  if (g_strcmp0 (df_window_get_page (self), "reader") == 0)
    df_reader_view_flush_progress (self->reader_view);
}

void
_df_window_update_title (DfWindow *self)
{
  const char *title = NULL;

  if (g_strcmp0 (df_window_get_page (self), "project") == 0)
    title = df_project_view_get_title (self->project_view);

  if (title != NULL)
    {
      g_autofree char *full = g_strdup_printf ("%s — %s", title, _("DraftForge"));
      gtk_window_set_title (GTK_WINDOW (self), full);
    }
  else
    gtk_window_set_title (GTK_WINDOW (self), _("DraftForge"));
}

DfWindow *
df_window_new (GtkApplication *app,
               DfSession      *session)
{
  DfWindow *self;
  g_autofree char *last = NULL;

  g_return_val_if_fail (GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (DF_IS_SESSION (session), NULL);

  self = g_object_new (DF_TYPE_WINDOW, "application", app, NULL);
  self->session = g_object_ref (session);
  self->settings = g_object_ref (df_session_get_settings (session));

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  df_library_view_set_primary_menu (self->library_view, self->primary_menu);
  df_project_view_set_primary_menu (self->project_view, self->primary_menu);
  df_project_view_set_session (self->project_view, session);
  g_signal_connect_object (self->project_view, "notify::title",
                           G_CALLBACK (project_view_notify_title), self, G_CONNECT_SWAPPED);
  df_library_view_set_session (self->library_view, session);
  df_reader_view_set_session (self->reader_view, session);
  df_dashboard_view_set_session (self->dashboard_view, session);
  g_signal_connect_object (session, "notify::store", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  _df_window_show_store_state (self);
  if (df_session_get_store (session) == NULL)
    return self;

  load_store (self);

  /* Reopen the project that was open at the last quit. */
  last = g_settings_get_string (self->settings, "last-project");
  if (last[0] != '\0' && !df_window_open_project (self, last, NULL))
    g_settings_set_string (self->settings, "last-project", "");

  g_signal_connect_object (self, "map", G_CALLBACK (maybe_onboard), self, G_CONNECT_SWAPPED);
  return self;
}

void
df_window_show_toast (DfWindow   *self,
                      const char *message)
{
  AdwToast *toast;

  g_return_if_fail (DF_IS_WINDOW (self));

  toast = adw_toast_new (message);
  /* Errors stay until dismissed: they must not go away silently. */
  adw_toast_set_timeout (toast, strlen (message) > 60 ? 0 : 5);
  if (adw_toast_get_timeout (toast) == 0)
    {
      g_ptr_array_add (self->lasting_toasts, g_object_ref (toast));
      g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, G_CONNECT_SWAPPED);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
df_window_add_toast (DfWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (DF_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_df_window_dismiss_toasts (DfWindow *self)
{
  g_autoptr(GPtrArray) toasts = g_ptr_array_new_with_free_func (g_object_unref);

  /* Dismissing one takes it out of the list. */
  for (guint i = 0; i < self->lasting_toasts->len; i++)
    g_ptr_array_add (toasts, g_object_ref (g_ptr_array_index (self->lasting_toasts, i)));
  for (guint i = 0; i < toasts->len; i++)
    adw_toast_dismiss (g_ptr_array_index (toasts, i));
}

const char *
df_window_get_page (DfWindow *self)
{
  g_return_val_if_fail (DF_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
df_window_open_project (DfWindow    *self,
                        const char  *slug,
                        GError     **error)
{
  DfStore *store;
  g_autoptr(DfProject) project = NULL;
  g_autofree char *last = NULL;
  gint64 chapter = 0;

  g_return_val_if_fail (DF_IS_WINDOW (self), FALSE);

  if ((store = df_session_get_store (self->session)) == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_FAILED, _("The database is not open"));
      return FALSE;
    }

  project = df_project_get (store, slug, FALSE, error);
  if (project == NULL)
    return FALSE;

  last = g_settings_get_string (self->settings, "last-project");
  if (g_strcmp0 (last, slug) == 0)
    chapter = g_settings_get_int64 (self->settings, "last-chapter");

  if (!df_project_view_save (self->project_view, error) ||
      !df_project_view_load (self->project_view, project->id, chapter, error))
    return FALSE;

  g_settings_set_string (self->settings, "last-project", slug);
  _df_window_refresh_extensions (self);
  gtk_stack_set_visible_child_name (self->stack, "project");
  _df_window_update_title (self);
  df_project_view_focus_editor (self->project_view);
  return TRUE;
}

void
df_window_import (DfWindow *self,
                  GFile    *file)
{
  df_window_import_full (self, file, DF_IMPORT_UNWRAP_DEFAULT);
}

void
df_window_import_full (DfWindow       *self,
                       GFile          *file,
                       DfImportUnwrap  unwrap)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;
  ImportJob *job;

  g_return_if_fail (DF_IS_WINDOW (self));

  if (df_session_get_store (self->session) == NULL)
    return;

  if (self->import_cancellable != NULL)
    {
      df_window_show_toast (self, _("Another import is still running; wait for it to finish"));
      return;
    }

  if ((path = g_file_get_path (file)) == NULL)
    {
      df_window_show_toast (self, _("Only local files can be imported"));
      return;
    }

  job = g_new0 (ImportJob, 1);
  job->path = g_steal_pointer (&path);
  job->unwrap = unwrap;
  g_weak_ref_init (&job->window, self);

  name = g_file_get_basename (file);
  label = g_strdup_printf (_("Importing “%s”…"), name);

  self->import_cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->stack, "library");
  df_library_view_set_import_progress (self->library_view, 0, label);
  df_worker_run (df_session_get_db_path (self->session), import_in_thread,
                 job, (GDestroyNotify)import_job_free, (GDestroyNotify)df_import_result_free,
                 self->import_cancellable, import_done, g_object_ref (self));
}

GtkWidget *
df_window_get_library_view (DfWindow *self)
{
  g_return_val_if_fail (DF_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->library_view);
}

GtkWidget *
df_window_get_project_view (DfWindow *self)
{
  g_return_val_if_fail (DF_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->project_view);
}

GtkWidget *
df_window_get_reader_view (DfWindow *self)
{
  g_return_val_if_fail (DF_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->reader_view);
}

GtkWidget *
df_window_get_dashboard_view (DfWindow *self)
{
  g_return_val_if_fail (DF_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->dashboard_view);
}

GMenuModel *
df_window_get_primary_menu (DfWindow *self)
{
  g_return_val_if_fail (DF_IS_WINDOW (self), NULL);
  return self->primary_menu;
}
