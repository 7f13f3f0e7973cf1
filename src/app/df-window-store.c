/* df-window-store.c: what the main window shows of its database's state
 *
 * A database that could not be opened, or was found damaged while open,
 * is the error page.  Only a damaged one offers its backups (checked in
 * a worker, the good ones first, newest first); one DraftForge may not
 * read, cannot write or that a newer version wrote never does, since a
 * backup would put older work in its place.  A read-only database is the
 * library as usual, with a bar that says why nothing can be changed and
 * an editor that takes no typing.  Saves a crash left that could not be
 * read are said once, in a dialog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-window"

#include "config.h"

#include <glib/gi18n.h>

#include "df-backup.h"
#include "df-utils.h"
#include "df-window-private.h"

static const char *
error_title (const GError *error)
{
  if (g_error_matches (error, DF_ERROR, DF_ERROR_CORRUPT))
    return _("The Database Cannot Be Read");
  if (g_error_matches (error, DF_ERROR, DF_ERROR_TOO_NEW))
    return _("The Database Is From a Newer DraftForge");
  if (g_error_matches (error, DF_ERROR, DF_ERROR_READ_ONLY) ||
      g_error_matches (error, DF_ERROR, DF_ERROR_PERMISSION))
    return _("DraftForge Cannot Use the Database");
  return _("The Database Cannot Be Opened");
}

/* Stops listing the backups, and lets the list go. */
static void
clear_backups (DfWindow *self)
{
  g_cancellable_cancel (self->backups_cancellable);
  g_clear_object (&self->backups_cancellable);
  df_list_box_remove_all (self->backups_list);
  g_clear_pointer (&self->last_good_backup, g_free);
}

/* A row that only says something (checking, none, an error). */
static void
add_message_row (DfWindow   *self,
                 const char *message,
                 gboolean    busy)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), message);
  if (busy)
    {
      GtkWidget *spinner = gtk_spinner_new ();

      gtk_spinner_start (GTK_SPINNER (spinner));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), spinner);
    }
  gtk_list_box_append (self->backups_list, row);
}

static char *
describe_backup (const DfBackup *backup)
{
  g_autofree char *size = g_format_size (MAX (backup->size, 0));
  g_autofree char *name = g_path_get_basename (backup->path);

  if (backup->problem != NULL)
    return g_strdup (backup->problem);
  if (backup->kind == DF_BACKUP_BEFORE_UPGRADE)
    /* TRANSLATORS: the first %s is a file name, the second a size such as "1.6 MB" */
    return g_strdup_printf (_("Kept before an upgrade (%s), %s"), name, size);
  /* TRANSLATORS: %s is a size such as "1.6 MB" */
  return g_strdup_printf (_("Made when DraftForge started, %s"), size);
}

static GtkWidget *
backup_row_new (const DfBackup *backup)
{
  GtkWidget *row = adw_action_row_new ();
  /* TRANSLATORS: the date of a backup, as strftime() reads it */
  g_autofree char *date = g_date_time_format (backup->made, _("%A %-d %B %Y, %H:%M"));
  g_autofree char *about = describe_backup (backup);

  gtk_widget_set_name (row, backup->path);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), date);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), about);

  if (backup->problem == NULL)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Open"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.restore-backup-file");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (backup->path));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  else
    gtk_widget_set_sensitive (row, FALSE);

  return row;
}

static void
backups_listed (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DfWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = df_session_list_backups_finish (DF_SESSION (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  clear_backups (self);
  if (backups == NULL)
    add_message_row (self, error->message, FALSE);
  else if (backups->len == 0)
    add_message_row (self, _("There is no backup of this database."), FALSE);

  for (guint i = 0; backups != NULL && i < backups->len; i++)
    {
      const DfBackup *backup = g_ptr_array_index (backups, i);

      if (self->last_good_backup == NULL && backup->problem == NULL)
        self->last_good_backup = g_strdup (backup->path);
      gtk_list_box_append (self->backups_list, backup_row_new (backup));
    }

  gtk_widget_set_visible (self->restore_button, self->last_good_backup != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restore-backup", self->last_good_backup != NULL);
}

static void
list_backups (DfWindow *self)
{
  clear_backups (self);
  add_message_row (self, _("Checking the backups…"), TRUE);
  self->backups_cancellable = g_cancellable_new ();
  df_session_list_backups (self->session, self->backups_cancellable, backups_listed, g_object_ref (self));
}

/* The project open when the database turned out damaged: its text is
 * saved if it can be, and the view let go (it keeps unsaved text). */
static void
leave_project (DfWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (df_project_view_get_project_id (self->project_view) == 0)
    return;
  if (!df_project_view_save (self->project_view, &error))
    g_message ("%s", error->message);
  df_project_view_unload (self->project_view);
}

static void
show_error_page (DfWindow *self)
{
  const GError *error = df_session_get_store_error (self->session);
  gboolean damaged = g_error_matches (error, DF_ERROR, DF_ERROR_CORRUPT);
  g_autofree char *text = NULL;

  leave_project (self);
  /* The errors of queries that met the damage: the page says it. */
  _df_window_dismiss_toasts (self);
  text = g_strdup_printf ("%s\n\n%s", error != NULL ? error->message : "",
                          damaged
                          ? _("Nothing was changed. Open one of its backups below; the damaged file is kept beside it.")
                          : _("Nothing was changed."));
  adw_status_page_set_title (self->error_page, error_title (error));
  adw_status_page_set_description (self->error_page, text);

  gtk_widget_set_visible (self->restore_button, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restore-backup", FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->backups_list), damaged);
  if (damaged)
    list_backups (self);

  gtk_stack_set_visible_child_name (self->stack, "error");
  _df_window_update_title (self);
}

/* Saves a crash left that could not be read: said once, when the window
 * is on screen. */
static void
show_open_warning (DfWindow *self)
{
  DfStore *store = df_session_get_store (self->session);
  const char *warning = store != NULL ? df_store_get_open_warning (store) : NULL;

  if (warning == NULL || self->warned_store == store || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  self->warned_store = store;
  df_show_message (GTK_WIDGET (self), _("Some Recent Saves Could Not Be Read"), warning);
}

static void
show_read_only (DfWindow *self,
                DfStore  *store)
{
  gboolean read_only = store != NULL && df_store_is_read_only (store);
  GtkWidget *editor = df_project_view_get_editor (self->project_view);

  gtk_label_set_text (self->read_only_label, read_only ? df_store_get_read_only_reason (store) : "");
  gtk_revealer_set_reveal_child (self->read_only_revealer, read_only);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (editor), !read_only);
}

static void
backup_restored (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DfWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *message = NULL;

  self->restoring = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->error_page), TRUE);

  if (!df_session_restore_backup_finish (DF_SESSION (object), result, &aside, &error))
    {
      df_window_show_toast (self, error->message);
      return;
    }

  /* The session's new store brought the window back to the library. */
  message = aside != NULL
            ? g_strdup_printf (_("The backup was opened; the damaged file is kept as “%s”"), aside)
            : g_strdup (_("The backup was opened"));
  df_window_show_toast (self, message);
}

static void
restore (DfWindow   *self,
         const char *backup_path)
{
  if (self->restoring || backup_path == NULL)
    return;

  self->restoring = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->error_page), FALSE);
  df_session_restore_backup (self->session, backup_path, NULL, backup_restored, g_object_ref (self));
}

/* The newest backup that passed its check. */
static void
restore_backup_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  DfWindow *self = DF_WINDOW (widget);

  restore (self, self->last_good_backup);
}

static void
restore_backup_file_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  restore (DF_WINDOW (widget), g_variant_get_string (param, NULL));
}

static gboolean
show_open_warning_idle (gpointer data)
{
  show_open_warning (data);
  return G_SOURCE_REMOVE;
}

/* After the window's own presenting, so the dialog comes above it. */
static void
window_mapped_cb (DfWindow *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, show_open_warning_idle, g_object_ref (self), g_object_unref);
}

void
_df_window_show_store_state (DfWindow *self)
{
  DfStore *store = df_session_get_store (self->session);

  show_read_only (self, store);
  if (store == NULL)
    {
      show_error_page (self);
      return;
    }

  /* An open database is never replaced by a backup. */
  clear_backups (self);
  gtk_widget_set_visible (self->restore_button, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restore-backup", FALSE);

  if (g_strcmp0 (df_window_get_page (self), "error") == 0)
    gtk_stack_set_visible_child_name (self->stack, "library");
  show_open_warning (self);
}

void
_df_window_class_store_init (DfWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.restore-backup", NULL, restore_backup_action);
  gtk_widget_class_install_action (widget_class, "win.restore-backup-file", "s", restore_backup_file_action);
}

void
_df_window_store_init (DfWindow *self)
{
  g_signal_connect (self, "map", G_CALLBACK (window_mapped_cb), NULL);
}

void
_df_window_store_dispose (DfWindow *self)
{
  g_cancellable_cancel (self->backups_cancellable);
  g_clear_object (&self->backups_cancellable);
  g_clear_pointer (&self->last_good_backup, g_free);
}
