/* df-dashboard-view.c: a project's progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-dashboard-view"

#include "config.h"

#include <inttypes.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "df-dashboard-view.h"
#include "df-model.h"
#include "df-plan.h"
#include "df-planning.h"
#include "df-utils.h"
#include "df-word-chart.h"

#define CHART_DAYS 30

struct _DfDashboardView
{
  GtkWidget          parent_instance;

  DfSession         *session;
  char              *profile_id;
  gint64             project_id;
  char              *settings;       /* the project's settings JSON */

  /* template children */
  GtkCalendar       *calendar;
  DfWordChart       *chart;
  GtkLabel          *current_streak_label;
  GtkPopover        *deadline_popover;
  AdwActionRow      *deadline_row;
  GtkLabel          *longest_streak_label;
  GtkWidget         *main_box;
  GtkLabel          *pace_label;
  AdwPreferencesRow *pace_row;
  GtkListBox        *reading_list;
  GtkLabel          *reading_summary_label;
  GtkLevelBar       *target_bar;
  AdwEntryRow       *target_entry;
  GtkLabel          *target_label;
  GtkListBox        *tasks_list;
  GtkLabel          *tasks_summary_label;
  GtkListBox        *sessions_list;
  GtkLabel          *sessions_summary_label;
  GtkLabel          *total_words_label;
  AdwWindowTitle    *window_title;
  GtkLabel          *words_today_label;
};

G_DEFINE_FINAL_TYPE (DfDashboardView, df_dashboard_view, GTK_TYPE_WIDGET)

static const DfChoice task_statuses[] = {
  { "pending", N_("Pending") },
  { "completed", N_("Completed") },
  { "skipped", N_("Skipped") },
  { "missed", N_("Missed") },
  { NULL, NULL }
};

static void
get_today (GDate *today)
{
  g_autofree char *iso = df_today ();

  if (!df_parse_date (iso, today))
    g_date_set_time_t (today, time (NULL));
}

static char *
format_duration (gint64 seconds)
{
  gint64 minutes = (seconds + 30) / 60;

  if (seconds <= 0)
    return g_strdup ("");
  if (minutes == 0)
    return g_strdup (_("Under 1 min"));
  if (minutes < 60)
    /* Translators: time spent reading, in minutes */
    return g_strdup_printf (_("%d min"), (int)minutes);
  /* Translators: time spent reading, in hours and minutes */
  return g_strdup_printf (_("%d h %d min"), (int)(minutes / 60), (int)(minutes % 60));
}

/* ---- settings JSON ----------------------------------------------------- */

/* The "deadline" of @settings, or NULL. */
static char *
settings_get_deadline (const char *settings)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  const char *deadline;
  GDate date;

  if (settings == NULL || *settings == '\0')
    return NULL;
  root = json_from_string (settings, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "deadline"))
    return NULL;
  deadline = json_object_get_string_member_with_default (object, "deadline", NULL);
  if (!df_parse_date (deadline, &date))
    return NULL;
  return g_strdup (deadline);
}

/* @settings with "deadline" set to @deadline (NULL: removed), every other
 * key kept. */
static char *
settings_set_deadline (const char  *settings,
                       const char  *deadline,
                       GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  if (settings != NULL && *settings != '\0')
    {
      g_autoptr(GError) parse_error = NULL;

      root = json_from_string (settings, &parse_error);
      if (root != NULL && !JSON_NODE_HOLDS_OBJECT (root))
        g_clear_pointer (&root, json_node_unref);
      if (root == NULL && parse_error != NULL)
        {
          g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                       _("The project’s settings are damaged (%s), so the deadline was not saved"),
                       parse_error->message);
          return NULL;
        }
    }

  if (root == NULL)
    {
      root = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (root, json_object_new ());
    }

  object = json_node_get_object (root);
  if (deadline != NULL)
    json_object_set_string_member (object, "deadline", deadline);
  else if (json_object_has_member (object, "deadline"))
    json_object_remove_member (object, "deadline");

  return json_to_string (root, FALSE);
}

/* ---- showing ----------------------------------------------------------- */

static void
set_count_label (GtkLabel *label,
                 gint64    n)
{
  g_autofree char *text = df_format_count (n);
  gtk_label_set_text (label, text);
}

/* What it takes to meet the target by the deadline, or NULL. */
static char *
pace_text (gint64       words,
           gint64       target,
           const GDate *deadline)
{
  GDate today;
  int between;
  gint64 days_left, remaining, per_day;
  g_autofree char *per_day_str = NULL;
  g_autofree char *date = NULL;
  g_autofree char *days_part = NULL;

  if (target > 0 && words >= target)
    return g_strdup (_("Target reached"));
  if (deadline == NULL)
    return target > 0 ? g_strdup (_("Choose a deadline to see how many words a day you need")) : NULL;
  if (target <= 0)
    return g_strdup (_("Set a target word count to see how many words a day you need before the deadline"));

  get_today (&today);
  between = g_date_days_between (&today, deadline);
  if (between < 0)
    return g_strdup (_("The deadline has passed"));

  /* Today counts as a writing day, and so does the deadline. */
  days_left = (gint64)between + 1;
  remaining = target - words;
  per_day = (remaining + days_left - 1) / days_left;
  per_day_str = df_format_count (per_day);
  date = df_format_date (deadline);
  days_part = g_strdup_printf (ngettext ("%d day left", "%d days left", (gulong)days_left), (int)days_left);

  /* Translators: "500 words a day needed until June 30, 2024 (12 days left)" */
  return g_strdup_printf (ngettext ("%s word a day needed until %s (%s)",
                                    "%s words a day needed until %s (%s)", (gulong)per_day),
                          per_day_str, date, days_part);
}

/* The progress toward the target, and the target entry showing it
 * (without offering to apply it again). */
static void
update_target_progress (DfDashboardView *self,
                        gint64           words,
                        gint64           target)
{
  g_autofree char *entry_text = target > 0 ? g_strdup_printf ("%" PRId64, target) : g_strdup ("");

  if (target > 0)
    {
      g_autofree char *words_str = df_format_count (words);
      g_autofree char *target_str = df_format_count (target);
      g_autofree char *text = NULL;
      int percent = (int)MIN (100, words * 100 / target);

      /* Translators: "1,200 of 50,000 words (2%)" */
      text = g_strdup_printf (ngettext ("%s of %s word (%d%%)", "%s of %s words (%d%%)", (gulong)target),
                              words_str, target_str, percent);
      gtk_label_set_text (self->target_label, text);
      gtk_level_bar_set_value (self->target_bar, MIN (1.0, (double)words / target));
    }
  else
    gtk_label_set_text (self->target_label,
                        _("No target yet. Type a target word count below and press Enter "
                          "to follow your progress toward it."));
  gtk_widget_set_visible (GTK_WIDGET (self->target_bar), target > 0);

  df_entry_row_set_text (self->target_entry, entry_text);
}

static void
update_target (DfDashboardView *self,
               gint64           words,
               gint64           target)
{
  g_autofree char *deadline_iso = settings_get_deadline (self->settings);
  g_autofree char *pace = NULL;
  GDate deadline;
  gboolean have_deadline = df_parse_date (deadline_iso, &deadline);

  update_target_progress (self, words, target);

  if (have_deadline)
    {
      g_autofree char *text = df_format_date (&deadline);
      adw_action_row_set_subtitle (self->deadline_row, text);
    }
  else
    adw_action_row_set_subtitle (self->deadline_row, _("None"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dashboard.clear-deadline", have_deadline);

  pace = pace_text (words, target, have_deadline ? &deadline : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->pace_row), pace != NULL);
  gtk_label_set_text (self->pace_label, pace ? pace : "");
}

static GtkWidget *
create_reading_row (const DfProgress *progress)
{
  g_autofree char *title = g_strdup_printf (_("%" PRId64 ". %s"),
                                            progress->chapter_number,
                                            progress->chapter_title ? progress->chapter_title : "");
  g_autofree char *time_text = format_duration (progress->time_spent_seconds);
  g_autofree char *accessible = NULL;
  const char *status;
  const char *status_class;
  GtkWidget *row, *box, *label;

  if (g_strcmp0 (progress->status, "completed") == 0)
    {
      status = _("Read");
      status_class = "success";
    }
  else if (g_strcmp0 (progress->status, "in_progress") == 0)
    {
      status = _("Reading");
      status_class = "accent";
    }
  else
    {
      status = _("Not started");
      status_class = "dim-label";
    }

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (time_text);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (status);
  gtk_widget_set_name (label, "reading-status");
  gtk_widget_add_css_class (label, status_class);
  gtk_box_append (GTK_BOX (box), label);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* Translators: a chapter's row for screen readers: "1. Title: Read, 12 min" */
  accessible = *time_text ? g_strdup_printf (_("%s: %s, %s"), title, status, time_text)
                          : g_strdup_printf (_("%s: %s"), title, status);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  return row;
}

static void
update_reading (DfDashboardView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) progress = NULL;
  g_autoptr(DfProfile) active = NULL;
  g_autofree char *summary = NULL;
  const char *profile_id = self->profile_id;
  guint n_read = 0;

  if (profile_id == NULL)
    {
      active = df_profile_get_active (df_session_get_store (self->session), &error);
      if (active != NULL)
        profile_id = active->id;
      else if (error != NULL)
        g_warning ("Could not find the active profile: %s", error->message);
      g_clear_error (&error);
    }

  df_list_box_remove_all (self->reading_list);
  if (profile_id == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->reading_list), FALSE);
      gtk_label_set_text (self->reading_summary_label,
                          _("Create a reader profile to follow your reading progress, chapter by chapter."));
      return;
    }

  progress = df_progress_list (df_session_get_store (self->session), profile_id, self->project_id, &error);
  if (progress == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not load the reading progress: %s"), error->message);

      gtk_widget_set_visible (GTK_WIDGET (self->reading_list), FALSE);
      gtk_label_set_text (self->reading_summary_label, message);
      df_page_show_toast (GTK_WIDGET (self), message);
      return;
    }

  for (guint i = 0; i < progress->len; i++)
    {
      DfProgress *p = g_ptr_array_index (progress, i);

      if (g_strcmp0 (p->status, "completed") == 0)
        n_read++;
      gtk_list_box_append (self->reading_list, create_reading_row (p));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->reading_list), progress->len > 0);

  if (progress->len == 0)
    summary = g_strdup (_("This project has no chapters to read yet."));
  else
    /* Translators: "3 of 12 chapters read" */
    summary = g_strdup_printf (ngettext ("%u of %u chapter read", "%u of %u chapters read", progress->len),
                               n_read, progress->len);
  gtk_label_set_text (self->reading_summary_label, summary);
}

/* ---- tasks ------------------------------------------------------------- */

static GtkWidget *
task_button (const DfTask *task,
             const char   *label,
             const char   *name,
             const char   *status)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "dashboard.set-task-status");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(xs)", task->id, status);
  return button;
}

/* The project's tasks (pending ones past their day become missed first),
 * with Complete and Skip on those still open. */
static void
update_tasks (DfDashboardView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  guint n_open = 0;

  df_list_box_remove_all (self->tasks_list);

  if (df_task_mark_overdue (df_session_get_store (self->session), self->project_id, &error) < 0 ||
      (tasks = df_task_list (df_session_get_store (self->session), self->project_id, TRUE, &error)) == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not load the tasks: %s"), error->message);

      gtk_widget_set_visible (GTK_WIDGET (self->tasks_list), FALSE);
      gtk_label_set_text (self->tasks_summary_label, message);
      return;
    }

  for (guint i = 0; i < tasks->len; i++)
    {
      DfTask *task = tasks->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = NULL;
      gboolean open = g_strcmp0 (task->status, "pending") == 0 || g_strcmp0 (task->status, "missed") == 0;

      /* Translators: "Due 2024-03-01 · Pending" */
      subtitle = g_strdup_printf (_("Due %s · %s"), task->due_date ? task->due_date : "—",
                                  df_choice_label (task_statuses, task->status));
      gtk_widget_set_name (row, "task-row");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), task->description);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (open)
        {
          n_open++;
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), task_button (task, _("Complete"), "task-complete", "completed"));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), task_button (task, _("Skip"), "task-skip", "skipped"));
        }
      else
        gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->tasks_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->tasks_list), tasks->len > 0);
  if (tasks->len == 0)
    gtk_label_set_text (self->tasks_summary_label,
                        _("No tasks yet: ask the coach for a plan (main menu, “Ask the Coach for a Plan”)."));
  else
    {
      g_autofree char *summary = g_strdup_printf (ngettext ("%u task still to do", "%u tasks still to do", n_open), n_open);
      gtk_label_set_text (self->tasks_summary_label, summary);
    }
}

/* How many sessions the page lists, newest first; the command line
 * lists and exports them all (`stats SLUG --sessions --csv`). */
#define SESSIONS_SHOWN 10

static GtkWidget *
session_row (const DfWritingSession *session)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) stored = g_date_time_new_from_iso8601 (session->started_at, utc);
  g_autoptr(GDateTime) local = stored != NULL ? g_date_time_to_local (stored) : NULL;
  /* Translators: when a writing session started; a g_date_time_format () format */
  g_autofree char *when = local != NULL ? g_date_time_format (local, _("%-d %B %Y, %H:%M"))
                                        : g_strdup (session->started_at);
  g_autofree char *duration = format_duration (MAX (session->active_seconds, 1));
  g_autofree char *title = g_strdup_printf ("%s · %s", when, duration);
  g_autofree char *words = g_strdup_printf (ngettext ("+%" PRId64 " word", "+%" PRId64 " words",
                                                     session->words_written), session->words_written);
  g_autofree char *subtitle = NULL;

  if (session->ended_at == NULL)
    /* Translators: "+120 words · still running" */
    subtitle = g_strdup_printf (_("%s · still running"), words);
  else if (session->goal_words > 0)
    subtitle = g_strdup_printf (session->words_written >= session->goal_words
                                ? _("%s · goal of %" PRId64 " words reached")
                                : _("%s · goal of %" PRId64 " words not reached"),
                                words, session->goal_words);
  else if (session->goal_minutes > 0)
    subtitle = g_strdup_printf (session->active_seconds >= session->goal_minutes * 60
                                ? _("%s · goal of %" PRId64 " minutes reached")
                                : _("%s · goal of %" PRId64 " minutes not reached"),
                                words, session->goal_minutes);
  else
    subtitle = g_steal_pointer (&words);
  gtk_widget_set_name (row, "session-row");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

/* The project's writing sessions, newest first. */
static void
update_sessions (DfDashboardView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autofree char *summary = NULL;
  gint64 seconds = 0;
  gint64 words = 0;

  df_list_box_remove_all (self->sessions_list);
  sessions = df_writing_session_list (df_session_get_store (self->session), self->project_id, &error);
  if (sessions == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not load the writing sessions: %s"), error->message);

      gtk_widget_set_visible (GTK_WIDGET (self->sessions_list), FALSE);
      gtk_label_set_text (self->sessions_summary_label, message);
      return;
    }
  for (guint i = 0; i < sessions->len; i++)
    {
      const DfWritingSession *session = sessions->pdata[i];

      seconds += session->active_seconds;
      words += session->words_written;
      if (i < SESSIONS_SHOWN)
        gtk_list_box_append (self->sessions_list, session_row (session));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->sessions_list), sessions->len > 0);
  if (sessions->len == 0)
    {
      gtk_label_set_text (self->sessions_summary_label,
                          _("No writing session yet: Start a Session in the editor's status bar sets a goal for "
                            "today's writing."));
      return;
    }
  {
    g_autofree char *total = format_duration (MAX (seconds, 1));

    /* Translators: "3 sessions, 2 h 10 min of writing, 2,400 words" */
    summary = g_strdup_printf (ngettext ("%u session, %s of writing, %" PRId64 " words",
                                         "%u sessions, %s of writing, %" PRId64 " words", sessions->len),
                               sessions->len, total, words);
  }
  gtk_label_set_text (self->sessions_summary_label, summary);
}

/* Sets the deadline (NULL or "": clears it), or says why it could not. */
static void
change_deadline (DfDashboardView *self,
                 const char      *deadline)
{
  g_autoptr(GError) error = NULL;

  if (df_dashboard_view_set_deadline (self, deadline, &error))
    return;
  if (deadline != NULL && *deadline != '\0')
    df_page_show_toast_printf (GTK_WIDGET (self), _("Could not set the deadline: %s"), error->message);
  else
    df_page_show_toast_printf (GTK_WIDGET (self), _("Could not clear the deadline: %s"), error->message);
}

/* ---- actions and callbacks --------------------------------------------- */

static void
target_entry_apply_cb (DfDashboardView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->target_entry));
  gboolean valid = TRUE;

  if (df_session_get_store (self->session) == NULL || self->project_id <= 0)
    return;

  /* Digits, allowing the usual thousands separators and spaces. */
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= '0' && c <= '9')
        g_string_append_c (digits, (char)c);
      else if (!(c == ',' || c == '.' || c == '\'' || g_unichar_isspace (c) || c == 0x202F))
        valid = FALSE;
    }

  if (!valid || digits->len > 10)
    {
      df_page_show_toast_printf (GTK_WIDGET (self),
                                 _("“%s” is not a word count. Type a whole number, like 50000, "
                                   "or leave the field empty for no target."), text);
      return;
    }

  if (!df_project_set_field (df_session_get_store (self->session), self->project_id, "target_word_count",
                             digits->len > 0 ? digits->str : "0", &error))
    {
      df_page_show_toast_printf (GTK_WIDGET (self), _("Could not set the target: %s"), error->message);
      return;
    }

  df_dashboard_view_load (self, self->project_id);
}

static void
deadline_popover_show_cb (DfDashboardView *self)
{
  g_autofree char *deadline_iso = settings_get_deadline (self->settings);
  g_autoptr(GDateTime) dt = NULL;
  GDate date;

  if (!df_parse_date (deadline_iso, &date))
    get_today (&date);

  dt = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                              g_date_get_day (&date), 12, 0, 0);
  gtk_calendar_select_day (self->calendar, dt);
}

static void
set_deadline_clicked_cb (DfDashboardView *self)
{
  g_autoptr(GDateTime) dt = gtk_calendar_get_date (self->calendar);
  g_autofree char *iso = g_date_time_format (dt, "%Y-%m-%d");

  gtk_popover_popdown (self->deadline_popover);
  change_deadline (self, iso);
}

static void
set_deadline_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  change_deadline (DF_DASHBOARD_VIEW (widget), g_variant_get_string (param, NULL));
}

static void
clear_deadline_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  change_deadline (DF_DASHBOARD_VIEW (widget), NULL);
}

static void
set_task_status_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  DfDashboardView *self = DF_DASHBOARD_VIEW (widget);
  g_autoptr(GError) error = NULL;
  gint64 task_id;
  const char *status;

  g_variant_get (param, "(x&s)", &task_id, &status);
  if (!df_task_set_status (df_session_get_store (self->session), task_id, status, &error))
    df_page_show_toast_printf (GTK_WIDGET (self), _("Could not change the task: %s"), error->message);
  update_tasks (self);
}

/* ---- GObject ------------------------------------------------------------ */

static void
df_dashboard_view_dispose (GObject *object)
{
  DfDashboardView *self = (DfDashboardView *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), DF_TYPE_DASHBOARD_VIEW);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (df_dashboard_view_parent_class)->dispose (object);
}

static void
df_dashboard_view_finalize (GObject *object)
{
  DfDashboardView *self = (DfDashboardView *)object;

  g_clear_pointer (&self->profile_id, g_free);
  g_clear_pointer (&self->settings, g_free);

  G_OBJECT_CLASS (df_dashboard_view_parent_class)->finalize (object);
}

static void
df_dashboard_view_class_init (DfDashboardViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_dashboard_view_dispose;
  object_class->finalize = df_dashboard_view_finalize;

  g_type_ensure (DF_TYPE_WORD_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/draftforge/DraftForge/ui/df-dashboard-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DfDashboardView, calendar);
  gtk_widget_class_bind_template_child (widget_class, DfDashboardView, chart);
  gtk_widget_class_bind_template_child (widget_class, DfDashboardView, current_streak_label);
  gtk_widget_class_bind_template_child (widget_class, DfDashboardView, deadline_popover);
  gtk_widget_class_bind_template_child (widget_class, DfDashboardView, deadline_row);
  gtk_widget_class_bind_template_child (widget_class, DfDashboardView, longest_streak_label);
  gtk_widget_class_bind_template_child (widget_class, DfDashboardView, main_box);
  gtk_widget_class_bind_template_child (widget_class, DfDashboardView, pace_label);
  gtk_widget_class_bind_template_child (widget_class, DfDashboardView, pace_row);
  gtk_widget_class_bind_template_child (widget_class, DfDashboardView, reading_list);
  gtk_widget_class_bind_template_child (widget_class, DfDashboardView, reading_summary_label);
  gtk_widget_class_bind_template_child (widget_class, DfDashboardView, target_bar);
  gtk_widget_class_bind_template_child (widget_class, DfDashboardView, target_entry);
  gtk_widget_class_bind_template_child (widget_class, DfDashboardView, target_label);
  gtk_widget_class_bind_template_child (widget_class, DfDashboardView, tasks_list);
  gtk_widget_class_bind_template_child (widget_class, DfDashboardView, tasks_summary_label);
  gtk_widget_class_bind_template_child (widget_class, DfDashboardView, sessions_list);
  gtk_widget_class_bind_template_child (widget_class, DfDashboardView, sessions_summary_label);
  gtk_widget_class_bind_template_child (widget_class, DfDashboardView, total_words_label);
  gtk_widget_class_bind_template_child (widget_class, DfDashboardView, window_title);
  gtk_widget_class_bind_template_child (widget_class, DfDashboardView, words_today_label);
  gtk_widget_class_bind_template_callback (widget_class, deadline_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, set_deadline_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, target_entry_apply_cb);

  gtk_widget_class_install_action (widget_class, "dashboard.set-deadline", "s", set_deadline_action);
  gtk_widget_class_install_action (widget_class, "dashboard.clear-deadline", NULL, clear_deadline_action);
  gtk_widget_class_install_action (widget_class, "dashboard.set-task-status", "(xs)", set_task_status_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dashboardview");
}

static void
df_dashboard_view_init (DfDashboardView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dashboard.clear-deadline", FALSE);
}

/* ---- public ------------------------------------------------------------ */

GtkWidget *
df_dashboard_view_new (void)
{
  return g_object_new (DF_TYPE_DASHBOARD_VIEW, NULL);
}

void
df_dashboard_view_set_session (DfDashboardView *self,
                               DfSession       *session)
{
  g_return_if_fail (DF_IS_DASHBOARD_VIEW (self));
  g_return_if_fail (DF_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
}

void
df_dashboard_view_set_profile (DfDashboardView *self,
                               const char      *profile_id)
{
  g_return_if_fail (DF_IS_DASHBOARD_VIEW (self));

  if (g_strcmp0 (self->profile_id, profile_id) == 0)
    return;
  g_free (self->profile_id);
  self->profile_id = g_strdup (profile_id);

  if (df_session_get_store (self->session) != NULL && self->project_id > 0)
    update_reading (self);
}

void
df_dashboard_view_load (DfDashboardView *self,
                        gint64           project_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) days = NULL;
  DfWritingStats stats;

  g_return_if_fail (DF_IS_DASHBOARD_VIEW (self));
  g_return_if_fail (df_session_get_store (self->session) != NULL);

  self->project_id = project_id;

  project = df_project_get_by_id (df_session_get_store (self->session), project_id, &error);
  if (project == NULL || !df_stats_compute (df_session_get_store (self->session), project_id, &stats, &error))
    {
      df_page_show_toast_printf (GTK_WIDGET (self), _("Could not load the progress of this project: %s"),
                                 error->message);
      return;
    }

  g_free (self->settings);
  self->settings = g_strdup (project->settings);
  adw_window_title_set_subtitle (self->window_title, project->title);

  set_count_label (self->current_streak_label, stats.current_streak);
  set_count_label (self->longest_streak_label, stats.longest_streak);
  set_count_label (self->words_today_label, stats.words_today);
  set_count_label (self->total_words_label, stats.words);

  days = df_stats_days (df_session_get_store (self->session), project_id, CHART_DAYS, &error);
  if (days == NULL)
    {
      df_page_show_toast_printf (GTK_WIDGET (self), _("Could not load the words written per day: %s"),
                                 error->message);
      g_clear_error (&error);
    }
  df_word_chart_set_days (self->chart, days);

  update_target (self, stats.words, stats.target_word_count);
  update_reading (self);
  update_tasks (self);
  update_sessions (self);
}

gboolean
df_dashboard_view_set_deadline (DfDashboardView  *self,
                                const char       *deadline,
                                GError          **error)
{
  g_autofree char *settings = NULL;
  GDate date;

  g_return_val_if_fail (DF_IS_DASHBOARD_VIEW (self), FALSE);
  g_return_val_if_fail (df_session_get_store (self->session) != NULL && self->project_id > 0, FALSE);

  if (deadline != NULL && *deadline == '\0')
    deadline = NULL;
  if (deadline != NULL && !df_parse_date (deadline, &date))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("“%s” is not a date; write it as YYYY-MM-DD, like 2025-06-30"), deadline);
      return FALSE;
    }

  settings = settings_set_deadline (self->settings, deadline, error);
  if (settings == NULL)
    return FALSE;
  if (!df_project_set_field (df_session_get_store (self->session), self->project_id, "settings", settings, error))
    return FALSE;

  df_dashboard_view_load (self, self->project_id);
  return TRUE;
}
