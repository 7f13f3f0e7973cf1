/* df-export-dialog.c: export the open project with an exporter plugin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-export"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "df-export-dialog.h"
#include "df-plugin-job.h"
#include "df-utils.h"
#include "df-worker.h"

typedef struct
{
  DfExporter   *exporter;
  DfPluginHost *host;        /* the exporter's, or NULL: run it in this process */
  DfPluginJobLimits limits;
  gint64      project_id;
  char       *path;
  JsonObject *options;
  GWeakRef    dialog;
} ExportJob;

struct _DfExportDialog
{
  AdwWindow             parent_instance;

  DfSession            *session;
  gint64                project_id;
  char                 *file_name;   /* the book's title, fit for a file name */
  GPtrArray            *exporters;   /* DfExporter*, in the combo's order */
  GPtrArray            *part_checks; /* GtkCheckButton*, data "number" */
  GCancellable         *cancellable; /* non-NULL while exporting */

  /* template */
  GtkWidget            *cancel_button;
  GtkLabel             *error_label;
  AdwComboRow          *format_row;
  AdwPreferencesPage   *page;
  AdwPreferencesGroup  *parts_group;
  GtkProgressBar       *progress_bar;
  GtkLabel             *progress_label;
  GtkRevealer          *progress_revealer;
  GtkWidget            *single_file_row;
  GtkSwitch            *single_file_switch;
  GtkSwitch            *title_page_switch;
};

G_DEFINE_FINAL_TYPE (DfExportDialog, df_export_dialog, ADW_TYPE_WINDOW)

/* @title as a file name: without what file systems refuse (/ \\ : * ? "
 * < > | and control characters), spaces collapsed, at most 120
 * characters; @fallback when nothing is left. */
static char *
file_name_for (const char *title,
                     const char *fallback)
{
  GString *name = g_string_new (NULL);
  gboolean space = FALSE;
  guint n = 0;

  for (const char *p = title; p != NULL && *p != '\0' && n < 120; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_isspace (c) || (c < 128 && strchr ("/\\:*?\"<>|", (int) c) != NULL))
        {
          space = name->len > 0;
          continue;
        }
      if (space)
        {
          g_string_append_c (name, ' ');
          n++;
        }
      space = FALSE;
      g_string_append_unichar (name, c);
      n++;
    }
  /* A name of dots alone is no file name. */
  if (strspn (name->str, ".") == name->len)
    g_string_assign (name, fallback);
  return g_string_free (name, FALSE);
}

static DfExporter *
selected_exporter (DfExportDialog *self)
{
  guint i = adw_combo_row_get_selected (self->format_row);

  if (self->exporters == NULL || i >= self->exporters->len)
    return NULL;
  return g_ptr_array_index (self->exporters, i);
}

static void
set_busy (DfExportDialog *self,
          gboolean        busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->page), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose-file", !busy && selected_exporter (self) != NULL);
  gtk_button_set_label (GTK_BUTTON (self->cancel_button), busy ? _("_Stop") : _("_Cancel"));
  gtk_revealer_set_reveal_child (self->progress_revealer, busy);
}

static void
show_error (DfExportDialog *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->exporter);
  g_clear_object (&job->host);
  g_clear_pointer (&job->options, json_object_unref);
  g_weak_ref_clear (&job->dialog);
  g_free (job->path);
  g_free (job);
}

static void
add_formats (DfExportDialog *self,
             DfPluginHost   *host)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) exporters = df_plugin_host_get_exporters (host);

  self->exporters = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; exporters && i < exporters->len; i++)
    {
      DfExporter *exporter = g_ptr_array_index (exporters, i);
      /* The name says the format; its extension would only make it
       * too long for the row. */
      g_ptr_array_add (self->exporters, g_object_ref (exporter));
      gtk_string_list_append (names, df_exporter_get_name (exporter));
    }
  adw_combo_row_set_model (self->format_row, G_LIST_MODEL (names));

  if (self->exporters->len == 0)
    show_error (self, _("No exporter is enabled. Enable the Exporter plugin in Preferences → Plugins."));
}

static void
add_parts (DfExportDialog *self,
           DfStore        *store)
{
  g_autoptr(GPtrArray) parts = df_part_list (store, self->project_id, NULL);

  for (guint i = 0; parts && i < parts->len; i++)
    {
      DfPart *part = g_ptr_array_index (parts, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), part->title);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      g_object_set_data (G_OBJECT (check), "number", GSIZE_TO_POINTER (part->number));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->parts_group, row);
      g_ptr_array_add (self->part_checks, check);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->parts_group), self->part_checks->len > 0);
}

static void
format_changed (DfExportDialog *self)
{
  DfExporter *exporter = selected_exporter (self);

  gtk_widget_set_visible (self->single_file_row,
                          exporter != NULL && g_strcmp0 (df_exporter_get_format (exporter), "markdown") == 0);
}

static void
show_progress (gpointer    target,
               double      fraction,
               const char *message)
{
  DfExportDialog *self = target;

  if (self->cancellable == NULL)
    return;
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  if (message != NULL)
    gtk_label_set_text (self->progress_label, message);
}

static void
export_progress (double      fraction,
                 const char *message,
                 gpointer    user_data)
{
  ExportJob *job = user_data;

  df_worker_post_progress (&job->dialog, show_progress, fraction, message);
}

static gpointer
export_in_thread (DfStore       *store,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  ExportJob *job = data;

  /* A plugin's exporter runs in a helper process: a crash there fails the
   * job, not the application. */
  if (job->host != NULL)
    return df_plugin_job_export (job->host, job->exporter, store, job->project_id, job->path, job->options,
                                 &job->limits, export_progress, job, cancellable, error);
  return df_export_run (job->exporter, store, job->project_id, job->path, job->options,
                        export_progress, job, cancellable, error);
}

static void
export_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DfExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfExportResult) done = df_worker_finish (result, &error);

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  if (done == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("The export was stopped; nothing was written."));
      else
        show_error (self, error->message);
      return;
    }

  {
    GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

    /* The window says where, with a button that opens it. */
    if (parent != NULL)
      gtk_widget_activate_action (GTK_WIDGET (parent), "win.exported", "s", done->output_path);
  }

  gtk_window_close (GTK_WINDOW (self));
}

static void
file_chosen (GtkWidget *widget,
             GFile     *file)
{
  g_autofree char *path = file ? g_file_get_path (file) : NULL;

  if (path != NULL)
    df_export_dialog_export_to (DF_EXPORT_DIALOG (widget), path);
  else
    show_error (DF_EXPORT_DIALOG (widget), _("Choose a file on this computer"));
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DfExportDialog *self = DF_EXPORT_DIALOG (widget);
  DfExporter *exporter = selected_exporter (self);
  g_autofree char *name = NULL;
  const char *extension;

  if (exporter == NULL)
    return;

  extension = df_exporter_get_extension (exporter);
  if (g_strcmp0 (df_exporter_get_format (exporter), "markdown") == 0 && !gtk_switch_get_active (self->single_file_switch))
    extension = "zip";
  name = g_strdup_printf ("%s.%s", self->file_name, extension);

  df_choose_file (widget, _("Export As"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL, name, file_chosen);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DfExportDialog *self = DF_EXPORT_DIALOG (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static gboolean
df_export_dialog_close_request (GtkWindow *window)
{
  DfExportDialog *self = DF_EXPORT_DIALOG (window);

  /* Closing while exporting stops the export; nothing half-written stays. */
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (df_export_dialog_parent_class)->close_request (window);
}

static void
df_export_dialog_dispose (GObject *object)
{
  DfExportDialog *self = (DfExportDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->exporters, g_ptr_array_unref);
  g_clear_pointer (&self->part_checks, g_ptr_array_unref);

  G_OBJECT_CLASS (df_export_dialog_parent_class)->dispose (object);
}

static void
df_export_dialog_finalize (GObject *object)
{
  DfExportDialog *self = (DfExportDialog *)object;

  g_free (self->file_name);

  G_OBJECT_CLASS (df_export_dialog_parent_class)->finalize (object);
}

static void
df_export_dialog_class_init (DfExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = df_export_dialog_dispose;
  object_class->finalize = df_export_dialog_finalize;
  window_class->close_request = df_export_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/draftforge/DraftForge/ui/df-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DfExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, DfExportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, DfExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, DfExportDialog, page);
  gtk_widget_class_bind_template_child (widget_class, DfExportDialog, parts_group);
  gtk_widget_class_bind_template_child (widget_class, DfExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, DfExportDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, DfExportDialog, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, DfExportDialog, single_file_row);
  gtk_widget_class_bind_template_child (widget_class, DfExportDialog, single_file_switch);
  gtk_widget_class_bind_template_child (widget_class, DfExportDialog, title_page_switch);

  gtk_widget_class_install_action (widget_class, "export.choose-file", NULL, choose_file_action);
  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "export.cancel", NULL);
}

static void
df_export_dialog_init (DfExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->part_checks = g_ptr_array_new ();
  g_signal_connect_object (self->format_row, "notify::selected", G_CALLBACK (format_changed), self, G_CONNECT_SWAPPED);
}

DfExportDialog *
df_export_dialog_new (DfSession *session,
                      gint64     project_id)
{
  DfExportDialog *self;
  DfStore *store;
  g_autoptr(DfProject) project = NULL;

  g_return_val_if_fail (DF_IS_SESSION (session), NULL);
  g_return_val_if_fail (df_session_get_plugin_host (session) != NULL, NULL);

  self = g_object_new (DF_TYPE_EXPORT_DIALOG, NULL);
  self->session = g_object_ref (session);
  self->project_id = project_id;
  store = df_session_get_store (session);
  project = df_project_get_by_id (store, project_id, NULL);
  self->file_name = file_name_for (project ? project->title : NULL, project ? project->slug : "book");

  add_formats (self, df_session_get_plugin_host (session));
  add_parts (self, store);
  format_changed (self);
  set_busy (self, FALSE);
  return self;
}

void
df_export_dialog_export_to (DfExportDialog *self,
                            const char     *path)
{
  DfExporter *exporter = selected_exporter (self);
  DfPluginHost *host;
  ExportJob *job;
  g_autoptr(JsonArray) parts = json_array_new ();
  gboolean all_parts = TRUE;

  g_return_if_fail (DF_IS_EXPORT_DIALOG (self));

  if (exporter == NULL || self->cancellable != NULL)
    return;

  job = g_new0 (ExportJob, 1);
  job->exporter = g_object_ref (exporter);
  host = df_session_get_plugin_host (self->session);
  if (host != NULL && df_plugin_host_get_extension_plugin_id (host, G_OBJECT (exporter)) != NULL)
    job->host = g_object_ref (host);
  if (df_session_get_settings (self->session) != NULL)
    {
      GSettings *settings = df_session_get_settings (self->session);

      job->limits.time_limit = g_settings_get_uint (settings, "plugin-time-limit");
      job->limits.memory_limit = g_settings_get_uint (settings, "plugin-memory-limit");
    }
  job->project_id = self->project_id;
  job->path = g_strdup (path);
  job->options = json_object_new ();
  g_weak_ref_init (&job->dialog, self);

  json_object_set_boolean_member (job->options, "title-page", gtk_switch_get_active (self->title_page_switch));
  if (gtk_widget_get_visible (self->single_file_row))
    json_object_set_boolean_member (job->options, "single-file", gtk_switch_get_active (self->single_file_switch));
  for (guint i = 0; i < self->part_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->part_checks, i);

      if (gtk_check_button_get_active (check))
        json_array_add_int_element (parts, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "number")));
      else
        all_parts = FALSE;
    }
  if (!all_parts)
    json_object_set_array_member (job->options, "parts", json_array_ref (parts));

  show_error (self, NULL);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_text (self->progress_label, _("Exporting…"));
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  df_worker_run (df_session_get_db_path (self->session), export_in_thread, job, (GDestroyNotify)export_job_free,
                 (GDestroyNotify)df_export_result_free, self->cancellable, export_done, g_object_ref (self));
}

const char *
df_export_dialog_get_file_name (DfExportDialog *self)
{
  g_return_val_if_fail (DF_IS_EXPORT_DIALOG (self), NULL);
  return self->file_name;
}

gboolean
df_export_dialog_set_format (DfExportDialog *self,
                             const char     *format)
{
  for (guint i = 0; i < self->exporters->len; i++)
    if (g_strcmp0 (df_exporter_get_format (g_ptr_array_index (self->exporters, i)), format) == 0)
      {
        adw_combo_row_set_selected (self->format_row, i);
        return TRUE;
      }
  return FALSE;
}
