/* df-project-view-session.c: a writing session from the status bar
 *
 * The status bar's session button starts a session with a goal in words
 * or in minutes (a dialog asks for it), shows its progress as the saves
 * count it ("Session: 120 / 500 words, 12 min", "Session: 12 / 30 min,
 * 120 words"), says once when the goal is reached (a toast, and a desktop
 * notification through the application), and stops it.  The core counts the time (df-writing-session.c):
 * every save adds the time since the one before, a long pause five
 * minutes at most.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-project"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "df-planning.h"
#include "df-project-view-private.h"

static DfWritingSession *
current_session (DfProjectView *self)
{
  DfStore *store = self->session != NULL ? df_session_get_store (self->session) : NULL;

  if (store == NULL || self->project_id == 0)
    return NULL;
  return df_writing_session_current (store, self->project_id, NULL);
}

static gboolean
refresh_cb (gpointer data)
{
  _df_project_view_session_update (DF_PROJECT_VIEW (data));
  return G_SOURCE_CONTINUE;
}

/* The goal is reached: a toast in the window, and a notification on the
 * desktop (for a writer who is in another window). */
static void
tell_goal_reached (DfProjectView    *self,
                   DfWritingSession *session)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *body = NULL;

  df_page_show_toast (GTK_WIDGET (self), _("Session goal reached"));
  if (app == NULL || !g_application_get_is_registered (G_APPLICATION (app)) ||
      g_application_get_is_remote (G_APPLICATION (app)))
    return;
  body = g_strdup_printf (g_dngettext (NULL, "%" PRId64 " word written in %" PRId64 " min",
                                       "%" PRId64 " words written in %" PRId64 " min", session->words_written),
                          session->words_written, session->active_seconds / 60);
  notification = g_notification_new (_("Session goal reached"));
  g_notification_set_body (notification, body);
  g_application_send_notification (G_APPLICATION (app), "session-goal", notification);
}

static gboolean
goal_reached (DfWritingSession *session)
{
  return (session->goal_words > 0 && session->words_written >= session->goal_words) ||
         (session->goal_minutes > 0 && session->active_seconds >= session->goal_minutes * 60);
}

/* ---- actions ------------------------------------------------------------ */

/* project.start-session(goal in words), project.start-session-minutes(goal
 * in minutes); 0: none. */
static void
start_session_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  DfStore *store = df_session_get_store (self->session);
  g_autoptr(DfWritingSession) session = NULL;
  g_autoptr(GError) error = NULL;
  gboolean minutes = g_str_equal (action_name, "project.start-session-minutes");
  gint64 goal = g_variant_get_int64 (param);

  if (store == NULL || self->project_id == 0)
    return;
  session = df_writing_session_start (store, self->project_id, minutes ? 0 : goal, minutes ? goal : 0,
                                      df_writing_session_now (), &error);
  if (session == NULL)
    df_page_show_toast (widget, error->message);
  self->session_goal_told = FALSE;
  _df_project_view_session_update (self);
}

static void
stop_session_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  DfStore *store = df_session_get_store (self->session);
  g_autoptr(DfWritingSession) session = NULL;
  g_autoptr(GError) error = NULL;

  if (store == NULL || self->project_id == 0)
    return;
  session = df_writing_session_stop (store, self->project_id, df_writing_session_now (), &error);
  if (session == NULL)
    df_page_show_toast (widget, error->message);
  else
    df_page_show_toast_printf (widget,
                               g_dngettext (NULL, "Session ended: %" PRId64 " word in %" PRId64 " min",
                                            "Session ended: %" PRId64 " words in %" PRId64 " min",
                                            session->words_written),
                               session->words_written, session->active_seconds / 60);
  _df_project_view_session_update (self);
}

static void
goal_response (AdwMessageDialog *dialog,
               const char       *response,
               DfProjectView    *self)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  GtkSpinButton *spin = GTK_SPIN_BUTTON (gtk_widget_get_first_child (box));
  GtkDropDown *unit = GTK_DROP_DOWN (gtk_widget_get_next_sibling (GTK_WIDGET (spin)));

  if (g_strcmp0 (response, "start") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self),
                                gtk_drop_down_get_selected (unit) == 1 ? "project.start-session-minutes"
                                                                       : "project.start-session",
                                "x", (gint64)gtk_spin_button_get_value_as_int (spin));
  /* Back to the text: the words typed next are the session's (with the
   * focus left on the status bar's button, a space stopped it). */
  df_project_view_focus_editor (self);
}

static void
session_clicked (DfProjectView *self)
{
  g_autoptr(DfWritingSession) session = current_session (self);
  const char * const units[] = { _("words"), _("minutes"), NULL };
  AdwMessageDialog *dialog;
  GtkWidget *spin;
  GtkWidget *unit;
  GtkWidget *box;

  if (session != NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "project.stop-session", NULL);
      return;
    }
  dialog = df_ask (GTK_WIDGET (self), _("Start a Writing Session"), "start", _("_Start"),
                   ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_body (dialog, _("How many words would you like to write, or for how many minutes? "
                                         "(0 for no goal)"));
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  spin = gtk_spin_button_new_with_range (0, 100000, 5);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 500);
  /* Enter starts the session, as Enter does in the other dialogs' fields
   * (the words a writer typed next went into the goal). */
  gtk_text_set_activates_default (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (spin))), TRUE);
  gtk_widget_set_name (spin, "session-goal");
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Goal"), -1);
  unit = gtk_drop_down_new_from_strings (units);
  gtk_widget_set_name (unit, "session-goal-unit");
  gtk_accessible_update_property (GTK_ACCESSIBLE (unit), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Goal in"), -1);
  gtk_box_append (GTK_BOX (box), spin);
  gtk_box_append (GTK_BOX (box), unit);
  adw_message_dialog_set_extra_child (dialog, box);
  g_signal_connect_object (dialog, "response", G_CALLBACK (goal_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- shared with the view --------------------------------------------- */

void
_df_project_view_class_session_init (DfProjectViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_bind_template_child (widget_class, DfProjectView, session_button);
  gtk_widget_class_bind_template_callback (widget_class, session_clicked);
  gtk_widget_class_install_action (widget_class, "project.start-session", "x", start_session_action);
  gtk_widget_class_install_action (widget_class, "project.start-session-minutes", "x", start_session_action);
  gtk_widget_class_install_action (widget_class, "project.stop-session", NULL, stop_session_action);
}

void
_df_project_view_session_update (DfProjectView *self)
{
  g_autoptr(DfWritingSession) session = current_session (self);
  g_autofree char *text = NULL;
  gint64 minutes;

  if (session == NULL)
    {
      gtk_button_set_label (self->session_button, _("Start a Session"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->session_button), _("Start a writing session with a goal"));
      g_clear_handle_id (&self->session_timer, g_source_remove);
      return;
    }
  minutes = session->active_seconds / 60;
  if (session->goal_minutes > 0)
    text = g_strdup_printf (g_dngettext (NULL, "Session: %" PRId64 " / %" PRId64 " min, %" PRId64 " word",
                                         "Session: %" PRId64 " / %" PRId64 " min, %" PRId64 " words",
                                         session->words_written),
                            minutes, session->goal_minutes, session->words_written);
  else if (session->goal_words > 0)
    text = g_strdup_printf (_("Session: %" PRId64 " / %" PRId64 " words, %" PRId64 " min"),
                            session->words_written, session->goal_words, minutes);
  else
    text = g_strdup_printf (_("Session: %" PRId64 " words, %" PRId64 " min"),
                            session->words_written, minutes);
  gtk_button_set_label (self->session_button, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->session_button), _("Stop the writing session"));
  if (goal_reached (session) && !self->session_goal_told)
    {
      self->session_goal_told = TRUE;
      tell_goal_reached (self, session);
    }
  if (self->session_timer == 0)
    self->session_timer = g_timeout_add_seconds (30, refresh_cb, self);
}

void
_df_project_view_session_dispose (DfProjectView *self)
{
  g_clear_handle_id (&self->session_timer, g_source_remove);
}
