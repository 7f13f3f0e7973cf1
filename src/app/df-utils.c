/* df-utils.c: small helpers the application's widgets share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge"

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "df-model.h"
#include "df-outline-item.h"
#include "df-utils.h"

#define FILE_CHOOSER_KEY "df-file-chooser"

const DfChoice df_project_type_labels[] = {
  { "novel", N_("Novel") },
  { "screenplay", N_("Screenplay") },
  { "technical-book", N_("Technical book") },
  { "non-fiction", N_("Non-fiction") },
  { "poetry", N_("Poetry") },
  { "short-story", N_("Short story") },
  { NULL, NULL }
};

static void
file_chooser_response (GtkNativeDialog *chooser,
                       int              response,
                       GtkWidget       *owner)
{
  DfFileChosenFunc func = g_object_get_data (G_OBJECT (chooser), "df-func");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      func (owner, file);
    }
  g_object_set_data (G_OBJECT (owner), FILE_CHOOSER_KEY, NULL);
}

const char *
df_choice_label (const DfChoice *choices,
                 const char     *value)
{
  for (guint i = 0; choices[i].value != NULL; i++)
    if (g_strcmp0 (choices[i].value, value) == 0)
      return _(choices[i].label);
  return value;
}

GListModel *
df_choice_model_new (const DfChoice     *choices,
                     const char * const *values)
{
  GtkStringList *model = gtk_string_list_new (NULL);

  for (guint i = 0; values[i] != NULL; i++)
    gtk_string_list_append (model, df_choice_label (choices, values[i]));
  return G_LIST_MODEL (model);
}

gboolean
df_parse_date (const char *iso,
               GDate      *out)
{
  int y, m, d;
  char end;

  g_date_clear (out, 1);
  if (iso == NULL || strlen (iso) != 10 ||
      sscanf (iso, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return FALSE;

  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

char *
df_format_date (const GDate *date)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                                   g_date_get_day (date), 12, 0, 0);
  /* Translators: a date (a deadline, a credits period), strftime format */
  return g_date_time_format (dt, _("%B %-d, %Y"));
}

char *
df_format_count (gint64 n)
{
  return g_strdup_printf ("%'" PRId64, n);
}

char *
df_format_words (gint64 n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " word", "%'" PRId64 " words", n), n);
}

char *
df_format_when (const char *created_at)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) stored = created_at ? g_date_time_new_from_iso8601 (created_at, utc) : NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int days;

  if (stored == NULL)
    return g_strdup (created_at ? created_at : "");
  when = g_date_time_to_local (stored);
  days = g_date_time_get_day_of_year (now) - g_date_time_get_day_of_year (when);
  if (g_date_time_get_year (now) != g_date_time_get_year (when))
    days = 2;
  /* Translators: g_date_time_format () formats. */
  if (days == 0)
    return g_date_time_format (when, _("Today at %H:%M"));
  if (days == 1)
    return g_date_time_format (when, _("Yesterday at %H:%M"));
  return g_date_time_format (when, _("%-d %B %Y at %H:%M"));
}

void
df_entry_row_set_text (AdwEntryRow *row,
                       const char  *text)
{
  gboolean show = adw_entry_row_get_show_apply_button (row);

  adw_entry_row_set_show_apply_button (row, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  adw_entry_row_set_show_apply_button (row, show);
}

void
df_page_show_toast (GtkWidget  *page,
                    const char *message)
{
  GtkRoot *root = gtk_widget_get_root (page);

  if (ADW_IS_PREFERENCES_WINDOW (root))
    {
      AdwToast *toast = adw_toast_new (message);

      adw_toast_set_timeout (toast, 0);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), toast);
    }
  else if (!gtk_widget_activate_action (page, "win.toast", "s", message))
    g_message ("%s", message);
}

void
df_page_show_toast_printf (GtkWidget  *page,
                           const char *format,
                           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  df_page_show_toast (page, message);
}

char *
df_page_dup_profile_id (DfSession   *session,
                        const char  *no_profile,
                        char       **problem)
{
  DfStore *store = df_session_get_store (session);
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  *problem = NULL;
  if (store == NULL)
    {
      const GError *store_error = df_session_get_store_error (session);

      *problem = g_strdup_printf (_("The database cannot be opened: %s"),
                                  store_error != NULL ? store_error->message : "");
      return NULL;
    }

  profile = df_profile_get_active (store, &error);
  if (profile == NULL)
    {
      *problem = g_strdup (error != NULL ? error->message : no_profile);
      return NULL;
    }
  return g_strdup (profile->id);
}

void
df_list_box_remove_all (GtkListBox *list)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, row);
}

void
df_preferences_group_remove_rows (AdwPreferencesGroup *group,
                                  GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

void
df_present_above (GtkWindow *window,
                  GtkWidget *widget)
{
  gtk_window_set_transient_for (window, GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (window);
}

void
df_show_message (GtkWidget  *widget,
                 const char *heading,
                 const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

AdwMessageDialog *
df_ask (GtkWidget             *widget,
        const char            *heading,
        const char            *response,
        const char            *label,
        AdwResponseAppearance  appearance)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                                         heading, NULL));

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), response, label, NULL);
  adw_message_dialog_set_response_appearance (dialog, response, appearance);
  adw_message_dialog_set_default_response (dialog, appearance == ADW_RESPONSE_DESTRUCTIVE ? "cancel" : response);
  adw_message_dialog_set_close_response (dialog, "cancel");
  return dialog;
}

void
df_choose_file (GtkWidget            *owner,
                const char           *title,
                GtkFileChooserAction  action,
                const char           *accept_label,
                GtkFileFilter        *filter,
                const char           *current_name,
                DfFileChosenFunc      func)
{
  GtkFileChooserNative *chooser;

  if (g_object_get_data (G_OBJECT (owner), FILE_CHOOSER_KEY) != NULL)
    {
      g_clear_object (&filter);
      return;
    }

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (gtk_widget_get_root (owner)), action,
                                         accept_label, _("_Cancel"));
  if (filter != NULL)
    {
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
      g_object_unref (filter);
    }
  if (current_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), current_name);
  g_object_set_data (G_OBJECT (chooser), "df-func", func);
  g_object_set_data_full (G_OBJECT (owner), FILE_CHOOSER_KEY, chooser, g_object_unref);
  g_signal_connect_object (chooser, "response", G_CALLBACK (file_chooser_response), owner, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

GdkContentProvider *
df_outline_item_drag_prepare (GtkDragSource *source,
                              double         x,
                              double         y,
                              GtkListItem   *list_item)
{
  DfOutlineItem *item = gtk_list_item_get_item (list_item);

  if (item == NULL)
    return NULL;
  return gdk_content_provider_new_typed (G_TYPE_INT64, df_outline_item_get_chapter (item)->id);
}
