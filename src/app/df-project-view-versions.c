/* df-project-view-versions.c: named versions of the book
 *
 * "Save a Version…" (project.save-version, Ctrl+Alt+S) asks for a name,
 * saves the open chapter, then names the state of the whole book in a
 * worker (df_version_save).  "Restore a Version…" (project.restore-
 * version) lists the versions and puts the whole book back as the one
 * chosen holds it, after saving the open chapter; the book as it was is
 * saved first as a version, and the toast's Undo restores that one.  A
 * single chapter comes back from Earlier Versions, where the named
 * versions that hold it are listed among its saves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-project"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "df-project-view-private.h"
#include "df-versions.h"
#include "df-worker.h"

typedef struct
{
  gint64  project_id;
  gint64  version_id;
  char   *name;
} VersionJob;

typedef struct
{
  gint64  undo_id;
  guint   restored;
  guint   recreated;
  char   *name;
} Restored;

static void
version_job_free (VersionJob *job)
{
  g_free (job->name);
  g_free (job);
}

static void
restored_free (Restored *restored)
{
  g_free (restored->name);
  g_free (restored);
}

/* ---- save ------------------------------------------------------------------ */

static gpointer
save_in_thread (DfStore       *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  VersionJob *job = data;

  return df_version_save (store, job->project_id, job->name, error);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DfProjectView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfVersion) version = df_worker_finish (result, &error);
  g_autofree char *message = NULL;

  if (version == NULL)
    message = g_strdup_printf (_("The version was not saved: %s"), error->message);
  else
    message = g_strdup_printf (_("Version “%s” saved: Restore a Version… puts the book back as it is now"),
                               version->name);
  df_page_show_toast (GTK_WIDGET (self), message);
}

static void
run_job (DfProjectView       *self,
         DfWorkerFunc         func,
         VersionJob          *job,
         GDestroyNotify       result_free,
         GAsyncReadyCallback  callback)
{
  df_worker_run (df_session_get_db_path (self->session), func, job, (GDestroyNotify) version_job_free,
                 result_free, NULL, callback, g_object_ref (self));
}

typedef struct
{
  DfProjectView *self;
  VersionJob    *job;
  DfWorkerFunc   func;
  GDestroyNotify result_free;
  GAsyncReadyCallback callback;
} AfterSave;

/* Runs the job once the open chapter is saved: a version holds what the
 * writer sees. */
static void
document_saved_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AfterSave *after = user_data;
  g_autoptr(GError) error = NULL;

  if (!df_document_save_finish (DF_DOCUMENT (source), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The open chapter could not be saved, so nothing was done: %s"),
                                                  error->message);
      df_page_show_toast (GTK_WIDGET (after->self), message);
      version_job_free (after->job);
    }
  else
    run_job (after->self, after->func, after->job, after->result_free, after->callback);
  g_object_unref (after->self);
  g_free (after);
}

static void
save_then (DfProjectView       *self,
           VersionJob          *job,
           DfWorkerFunc         func,
           GDestroyNotify       result_free,
           GAsyncReadyCallback  callback)
{
  AfterSave *after = g_new0 (AfterSave, 1);

  after->self = g_object_ref (self);
  after->job = job;
  after->func = func;
  after->result_free = result_free;
  after->callback = callback;
  df_document_save_async (self->document, NULL, document_saved_cb, after);
}

static void
save_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  DfProjectView    *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  VersionJob *job;

  if (g_strcmp0 (response, "save") != 0)
    return;
  job = g_new0 (VersionJob, 1);
  job->project_id = self->project_id;
  job->name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  save_then (self, job, save_in_thread, (GDestroyNotify) df_version_free, saved_cb);
}

static void
name_changed_cb (GtkEditable      *entry,
                 AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "save", *name != '\0');
}

static void
save_version_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  /* Translators: the name a new version starts with; a g_date_time_format () format. */
  g_autofree char *name = g_date_time_format (now, _("Draft of %-d %B %Y"));

  if (self->project_id == 0)
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                       _("Save a Version"),
                                                       _("Name the book as it is now, every chapter, to come "
                                                         "back to it later.")));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), name);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_max_length (GTK_ENTRY (entry), DF_VERSION_NAME_MAX_CHARS);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Version name"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (entry, "changed", G_CALLBACK (name_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (save_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* ---- restore ---------------------------------------------------------------- */

static gpointer
restore_in_thread (DfStore       *store,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  VersionJob *job = data;
  Restored *restored = g_new0 (Restored, 1);

  if (!df_version_restore (store, job->version_id, &restored->undo_id, &restored->restored,
                           &restored->recreated, error))
    {
      restored_free (restored);
      return NULL;
    }
  restored->name = g_strdup (job->name);
  return restored;
}

static void restore_version (DfProjectView *self,
                             gint64         version_id,
                             const char    *name);

static void
undo_restore_cb (AdwToast      *toast,
                 DfProjectView *self)
{
  gint64 undo_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "undo-id"));
  const char *name = g_object_get_data (G_OBJECT (toast), "undo-name");

  restore_version (self, undo_id, name);
}

static void
restored_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DfProjectView) self = user_data;
  g_autoptr(GError) error = NULL;
  Restored *restored = df_worker_finish (result, &error);
  g_autofree char *message = NULL;
  g_autofree char *undo_name = NULL;
  AdwToastOverlay *overlay;
  AdwToast *toast;

  if (restored == NULL)
    {
      message = g_strdup_printf (_("The version was not restored, and nothing changed: %s"), error->message);
      df_page_show_toast (GTK_WIDGET (self), message);
      return;
    }
  _df_project_view_reload_chapters (self);
  _df_project_view_reload_open_chapter (self);
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "“%s” restored: %u chapter changed",
                                          "“%s” restored: %u chapters changed", restored->restored),
                             restored->name, restored->restored);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, 10);
  g_object_set_data (G_OBJECT (toast), "undo-id", GSIZE_TO_POINTER ((gsize) restored->undo_id));
  undo_name = g_strdup_printf (_("Before restoring “%s”"), restored->name);
  g_object_set_data_full (G_OBJECT (toast), "undo-name", g_steal_pointer (&undo_name), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_restore_cb), self, 0);
  overlay = ADW_TOAST_OVERLAY (gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY));
  if (overlay != NULL)
    adw_toast_overlay_add_toast (overlay, toast);
  else
    g_object_unref (g_object_ref_sink (toast));
  restored_free (restored);
}

static void
restore_version (DfProjectView *self,
                 gint64         version_id,
                 const char    *name)
{
  VersionJob *job = g_new0 (VersionJob, 1);

  job->project_id = self->project_id;
  job->version_id = version_id;
  job->name = g_strdup (name);
  save_then (self, job, restore_in_thread, (GDestroyNotify) restored_free, restored_cb);
}

static void
restore_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     DfProjectView    *self)
{
  GtkListBox *list = g_object_get_data (G_OBJECT (dialog), "list");
  GtkListBoxRow *row = gtk_list_box_get_selected_row (list);
  DfVersion *version;

  if (g_strcmp0 (response, "restore") != 0 || row == NULL)
    return;
  version = g_object_get_data (G_OBJECT (row), "version");
  restore_version (self, version->id, version->name);
}

static GtkWidget *
version_row (DfVersion *version)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_markup_escape_text (version->name, -1);
  g_autofree char *subtitle = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) stored = g_date_time_new_from_iso8601 (version->created_at, utc);
  g_autoptr(GDateTime) local = stored != NULL ? g_date_time_to_local (stored) : NULL;
  /* Translators: a g_date_time_format () format, then the words a version holds. */
  g_autofree char *when = local != NULL ? g_date_time_format (local, _("%-d %B %Y at %H:%M"))
                                        : g_strdup (version->created_at);

  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %" PRId64 " word", "%s · %" PRId64 " words",
                                           version->words),
                              when, version->words);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_object_set_data_full (G_OBJECT (row), "version", version, (GDestroyNotify) df_version_free);
  return row;
}

static void
restore_version_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *scrolled;
  GtkWidget *list;

  if (self->project_id == 0)
    return;
  versions = df_version_list (df_session_get_store (self->session), self->project_id, &error);
  if (versions == NULL)
    {
      df_page_show_toast (widget, error->message);
      return;
    }
  if (versions->len == 0)
    {
      df_page_show_toast (widget, _("No version saved yet: Save a Version… names the book as it is now"));
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                       _("Restore a Version"),
                                                       _("The whole book goes back to the version chosen. The book "
                                                         "as it is now is saved first as a version, so nothing is "
                                                         "lost; chapters written since stay as they are.")));
  list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  /* always one chosen: the newest at first */
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_BROWSE);
  for (guint i = 0; i < versions->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (list), version_row (g_steal_pointer (&versions->pdata[i])));
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  adw_message_dialog_set_extra_child (dialog, scrolled);
  g_object_set_data (G_OBJECT (dialog), "list", list);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "restore", _("_Restore"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "restore", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (restore_response_cb), self, 0);
  gtk_list_box_select_row (GTK_LIST_BOX (list), gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_df_project_view_class_versions_init (DfProjectViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "project.save-version", NULL, save_version_action);
  gtk_widget_class_install_action (widget_class, "project.restore-version", NULL, restore_version_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_ALT_MASK,
                                       "project.save-version", NULL);
}
