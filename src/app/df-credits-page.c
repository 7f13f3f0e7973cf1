/* df-credits-page.c: the Credits page of the preferences
 *
 * The active profile's AI credits (df-credits.h): the token budget and its
 * period (editable), what this period used, reserved and has left, the
 * cost cap; tokens per day over 30 days as a chart (DfWordChart in token
 * mode), the totals per helper, and the last 20 calls.  These are a few
 * quick queries on the session's connection; they run again whenever the
 * page is shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-credits-page"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "df-credits.h"
#include "df-credits-page.h"
#include "df-model.h"
#include "df-utils.h"
#include "df-word-chart.h"

#define CHART_DAYS     30
#define HISTORY_LENGTH 20
#define ERROR_LENGTH   80   /* characters of an error shown in the history */

struct _DfCreditsPage
{
  AdwPreferencesPage    parent_instance;

  DfSession            *session;
  char                 *profile_id;
  GPtrArray            *agent_rows;
  GPtrArray            *history_rows;
  gboolean              updating;

  /* Template widgets */
  GtkSpinButton        *budget_spin;
  GtkSpinButton        *cost_cap_spin;
  AdwPreferencesGroup  *agents_group;
  AdwPreferencesGroup  *budget_group;
  DfWordChart          *chart;
  AdwPreferencesGroup  *chart_group;
  AdwActionRow         *cost_cap_row;
  AdwActionRow         *cost_used_row;
  AdwActionRow         *current_period_row;
  AdwPreferencesGroup  *history_group;
  AdwActionRow         *left_row;
  AdwComboRow          *period_row;
  AdwActionRow         *reserved_row;
  AdwPreferencesGroup  *status_group;
  GtkLabel             *status_label;
  AdwPreferencesGroup  *usage_group;
  AdwActionRow         *used_row;
};

G_DEFINE_FINAL_TYPE (DfCreditsPage, df_credits_page, ADW_TYPE_PREFERENCES_PAGE)

/* In the order of the period row's items. */
static const char * const periods[] = { "daily", "weekly", "monthly" };

static const DfChoice call_statuses[] = {
  { "success", N_("succeeded") },
  { "failed", N_("failed") },
  { "timeout", N_("timed out") },
  { "rate_limited", N_("rate limited") },
  { NULL, NULL }
};

static char *
format_tokens (gint64 n)
{
  g_autofree char *count = df_format_count (n);

  /* Translators: "1,234 tokens" */
  return g_strdup_printf (ngettext ("%s token", "%s tokens", (gulong)MAX (n, 0)), count);
}

static char *
format_cost (double cost)
{
  return g_strdup_printf ("%.4f", cost);
}

/* A YYYY-MM-DD date in words, or the text as it is. */
static char *
format_date (const char *iso)
{
  GDate date;

  if (!df_parse_date (iso, &date))
    return g_strdup (iso != NULL ? iso : "");
  return df_format_date (&date);
}

/* When a call was made, in local time. */
static char *
format_time (const char *iso)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = iso != NULL ? g_date_time_new_from_iso8601 (iso, utc) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (dt == NULL)
    return g_strdup (iso != NULL ? iso : "");
  local = g_date_time_to_local (dt);
  /* Translators: when an AI call was made, strftime format */
  return g_date_time_format (local, _("%b %-d, %H:%M"));
}

static AdwActionRow *
add_row (AdwPreferencesGroup *group,
         GPtrArray           *rows,
         const char          *name,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  gtk_widget_set_name (row, name);
  /* Titles and subtitles are plain text: helper names, models, errors. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
  return ADW_ACTION_ROW (row);
}

static void
set_problem (DfCreditsPage *self,
             const char    *problem)
{
  gboolean ok = problem == NULL;

  if (problem != NULL)
    gtk_label_set_text (self->status_label, problem);
  gtk_widget_set_visible (GTK_WIDGET (self->status_group), !ok);
  gtk_widget_set_visible (GTK_WIDGET (self->budget_group), ok);
  gtk_widget_set_visible (GTK_WIDGET (self->usage_group), ok);
  gtk_widget_set_visible (GTK_WIDGET (self->chart_group), ok);
  gtk_widget_set_visible (GTK_WIDGET (self->agents_group), ok);
  gtk_widget_set_visible (GTK_WIDGET (self->history_group), ok);
}

static void
show_credits (DfCreditsPage   *self,
              const DfCredits *credits)
{
  g_autofree char *used = format_tokens (credits->tokens_used);
  g_autofree char *reserved = format_tokens (credits->tokens_reserved);
  g_autofree char *left = NULL;
  g_autofree char *start = format_date (credits->period_start);
  g_autofree char *end = format_date (credits->period_end);
  g_autofree char *period = NULL;
  g_autofree char *cost_cap = NULL;
  g_autofree char *cost_used = format_cost (credits->cost_used);

  self->updating = TRUE;
  gtk_spin_button_set_value (self->budget_spin, (double)credits->token_budget);
  gtk_spin_button_set_value (self->cost_cap_spin, MAX (credits->cost_cap, 0));
  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    if (g_strcmp0 (credits->period, periods[i]) == 0)
      adw_combo_row_set_selected (self->period_row, i);
  self->updating = FALSE;

  if (credits->token_budget > 0)
    {
      gint64 n = MAX (credits->token_budget + credits->bonus_tokens
                      - credits->tokens_used - credits->tokens_reserved, 0);

      left = format_tokens (n);
      if (credits->bonus_tokens > 0)
        {
          g_autofree char *bonus = format_tokens (credits->bonus_tokens);
          g_autofree char *with_bonus = g_strdup_printf (_("%s, with %s of bonus"), left, bonus);

          g_free (left);
          left = g_steal_pointer (&with_bonus);
        }
    }
  else
    left = g_strdup (_("No limit"));

  /* Translators: "From June 1, 2024; renews on July 1, 2024" */
  period = g_strdup_printf (_("From %s; renews on %s"), start, end);
  cost_cap = credits->cost_cap >= 0 ? format_cost (credits->cost_cap)
                                    : g_strdup (_("None: what the AI helpers may cost each period; 0 means no cap"));

  adw_action_row_set_subtitle (self->used_row, used);
  adw_action_row_set_subtitle (self->reserved_row, reserved);
  adw_action_row_set_subtitle (self->left_row, left);
  adw_action_row_set_subtitle (self->current_period_row, period);
  adw_action_row_set_subtitle (self->cost_cap_row, cost_cap);
  adw_action_row_set_subtitle (self->cost_used_row, cost_used);
}

static void
show_chart (DfCreditsPage *self,
            GPtrArray     *by_day)
{
  g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func ((GDestroyNotify)df_stats_day_free);

  for (guint i = 0; by_day != NULL && i < by_day->len; i++)
    {
      const DfUsageTotal *total = g_ptr_array_index (by_day, i);
      DfStatsDay *day = g_new0 (DfStatsDay, 1);

      day->date = g_strdup (total->key);
      day->words_written = total->tokens;
      g_ptr_array_add (days, day);
    }
  df_word_chart_set_days (self->chart, days);
}

static void
show_agents (DfCreditsPage *self,
             GPtrArray     *by_agent)
{
  gint64 max_tokens = 0;
  AdwActionRow *row;
  GtkWidget *bar;

  df_preferences_group_remove_rows (self->agents_group, self->agent_rows);

  if (by_agent == NULL || by_agent->len == 0)
    {
      add_row (self->agents_group, self->agent_rows, "agents-empty",
               _("No calls yet"),
               _("The helpers that use the AI, such as the coach, show here once they have been used"));
      return;
    }

  for (guint i = 0; i < by_agent->len; i++)
    max_tokens = MAX (max_tokens, ((const DfUsageTotal *)g_ptr_array_index (by_agent, i))->tokens);

  /* Each helper's row carries a bar of its tokens, against the largest:
   * the per-helper chart. */
  for (guint i = 0; i < by_agent->len; i++)
    {
      const DfUsageTotal *total = g_ptr_array_index (by_agent, i);
      g_autofree char *name = g_strdup_printf ("agent-%s", total->key);
      g_autofree char *tokens = format_tokens (total->tokens);
      g_autofree char *calls_count = df_format_count (total->calls);
      g_autofree char *calls = g_strdup_printf (ngettext ("%s call", "%s calls", (gulong)MAX (total->calls, 0)),
                                                calls_count);
      g_autofree char *cost = format_cost (total->cost);
      /* Translators: "1,234 tokens · 5 calls · cost 0.0120" */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s · cost %s"), tokens, calls, cost);

      row = add_row (self->agents_group, self->agent_rows, name, total->key, subtitle);
      bar = gtk_level_bar_new_for_interval (0, 1);
      gtk_level_bar_set_mode (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_MODE_CONTINUOUS);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), max_tokens > 0 ? (double)total->tokens / max_tokens : 0);
      gtk_widget_set_size_request (bar, 160, -1);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_widget_set_name (bar, "agent-bar");
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, subtitle, -1);
      adw_action_row_add_suffix (row, bar);
    }
}

static void
show_history (DfCreditsPage *self,
              GPtrArray     *history)
{
  df_preferences_group_remove_rows (self->history_group, self->history_rows);

  if (history == NULL || history->len == 0)
    {
      add_row (self->history_group, self->history_rows, "history-empty",
               _("No calls yet"), _("Every call to the AI provider shows here, newest first"));
      return;
    }

  for (guint i = 0; i < history->len; i++)
    {
      const DfUsage *usage = g_ptr_array_index (history, i);
      g_autofree char *name = g_strdup_printf ("call-%" G_GINT64_FORMAT, usage->id);
      g_autofree char *when = format_time (usage->created_at);
      g_autofree char *tokens = format_tokens (usage->prompt_tokens + usage->completion_tokens);
      /* Translators: "Jun 3, 14:02 · coach" */
      g_autofree char *title = g_strdup_printf (_("%s · %s"), when, usage->agent);
      GString *subtitle = g_string_new (NULL);

      g_string_append_printf (subtitle, "%s · %s", usage->model != NULL && *usage->model != '\0'
                                                   ? usage->model : _("no model"),
                              tokens);
      if (usage->tokens_estimated)
        g_string_append_printf (subtitle, " %s", _("(estimated)"));
      g_string_append_printf (subtitle, " · %s", df_choice_label (call_statuses, usage->status != NULL ? usage->status : ""));
      if (usage->error != NULL && *usage->error != '\0')
        {
          g_autofree char *error = NULL;

          if (g_utf8_strlen (usage->error, -1) > ERROR_LENGTH)
            {
              g_autofree char *cut = g_utf8_substring (usage->error, 0, ERROR_LENGTH - 1);

              error = g_strconcat (cut, "…", NULL);
            }
          else
            error = g_strdup (usage->error);
          g_string_append_printf (subtitle, " · %s", error);
        }

      add_row (self->history_group, self->history_rows, name, title, subtitle->str);
      if (usage->error != NULL && *usage->error != '\0')
        gtk_widget_set_tooltip_text (GTK_WIDGET (g_ptr_array_index (self->history_rows, i)),
                                     usage->error);
      g_string_free (subtitle, TRUE);
    }
}

static void
save_budget (DfCreditsPage *self)
{
  g_autoptr(GError) error = NULL;
  gint64 tokens;
  guint selected;
  const char *period = NULL;

  if (self->updating || self->profile_id == NULL)
    return;

  tokens = (gint64)gtk_spin_button_get_value (self->budget_spin);
  selected = adw_combo_row_get_selected (self->period_row);
  if (selected < G_N_ELEMENTS (periods))
    period = periods[selected];

  if (!df_credits_set_budget (df_session_get_store (self->session), self->profile_id, tokens, period, &error))
    df_page_show_toast (GTK_WIDGET (self), error->message);
  /* What is stored now, including a refused change put back. */
  df_credits_page_refresh (self);
}

/* The cap typed in the row; 0 takes it away. */
static void
cost_cap_changed_cb (DfCreditsPage *self)
{
  g_autoptr(GError) error = NULL;
  double cap;

  if (self->updating || self->profile_id == NULL)
    return;

  cap = gtk_spin_button_get_value (self->cost_cap_spin);
  if (!df_credits_set_cost_cap (df_session_get_store (self->session), self->profile_id, cap > 0 ? cap : -1, &error))
    df_page_show_toast (GTK_WIDGET (self), error->message);
  df_credits_page_refresh (self);
}

static void
budget_changed_cb (DfCreditsPage *self)
{
  save_budget (self);
}

static void
period_changed_cb (DfCreditsPage *self)
{
  save_budget (self);
}

static void
df_credits_page_finalize (GObject *object)
{
  DfCreditsPage *self = (DfCreditsPage *)object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->profile_id, g_free);
  g_clear_pointer (&self->agent_rows, g_ptr_array_unref);
  g_clear_pointer (&self->history_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (df_credits_page_parent_class)->finalize (object);
}

static void
df_credits_page_class_init (DfCreditsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = df_credits_page_finalize;

  g_type_ensure (DF_TYPE_WORD_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/draftforge/DraftForge/ui/df-credits-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DfCreditsPage, agents_group);
  gtk_widget_class_bind_template_child (widget_class, DfCreditsPage, budget_group);
  gtk_widget_class_bind_template_child (widget_class, DfCreditsPage, budget_spin);
  gtk_widget_class_bind_template_child (widget_class, DfCreditsPage, chart);
  gtk_widget_class_bind_template_child (widget_class, DfCreditsPage, chart_group);
  gtk_widget_class_bind_template_child (widget_class, DfCreditsPage, cost_cap_row);
  gtk_widget_class_bind_template_child (widget_class, DfCreditsPage, cost_cap_spin);
  gtk_widget_class_bind_template_child (widget_class, DfCreditsPage, cost_used_row);
  gtk_widget_class_bind_template_child (widget_class, DfCreditsPage, current_period_row);
  gtk_widget_class_bind_template_child (widget_class, DfCreditsPage, history_group);
  gtk_widget_class_bind_template_child (widget_class, DfCreditsPage, left_row);
  gtk_widget_class_bind_template_child (widget_class, DfCreditsPage, period_row);
  gtk_widget_class_bind_template_child (widget_class, DfCreditsPage, reserved_row);
  gtk_widget_class_bind_template_child (widget_class, DfCreditsPage, status_group);
  gtk_widget_class_bind_template_child (widget_class, DfCreditsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, DfCreditsPage, usage_group);
  gtk_widget_class_bind_template_child (widget_class, DfCreditsPage, used_row);
  gtk_widget_class_bind_template_callback (widget_class, budget_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cost_cap_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);
}

static void
df_credits_page_init (DfCreditsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->agent_rows = g_ptr_array_new ();
  self->history_rows = g_ptr_array_new ();
  df_word_chart_set_unit (self->chart, DF_CHART_UNIT_TOKENS);
  g_signal_connect (self, "map", G_CALLBACK (df_credits_page_refresh), NULL);
}

GtkWidget *
df_credits_page_new (DfSession *session)
{
  DfCreditsPage *self;

  g_return_val_if_fail (DF_IS_SESSION (session), NULL);

  self = g_object_new (DF_TYPE_CREDITS_PAGE, NULL);
  self->session = g_object_ref (session);
  df_credits_page_refresh (self);
  return GTK_WIDGET (self);
}

void
df_credits_page_refresh (DfCreditsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfCredits) credits = NULL;
  g_autoptr(GPtrArray) by_day = NULL;
  g_autoptr(GPtrArray) by_agent = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *problem = NULL;
  DfStore *store;

  g_return_if_fail (DF_IS_CREDITS_PAGE (self));

  g_free (self->profile_id);
  self->profile_id = df_page_dup_profile_id (self->session,
                                             _("There is no profile yet: create one with Profile ▸ New Profile… in the main menu; its AI credits show here."),
                                             &problem);
  if (self->profile_id == NULL)
    {
      set_problem (self, problem);
      return;
    }

  store = df_session_get_store (self->session);
  if ((credits = df_credits_get (store, self->profile_id, &error)) == NULL ||
      (by_day = df_usage_by_day (store, self->profile_id, CHART_DAYS, &error)) == NULL ||
      (by_agent = df_usage_by_agent (store, self->profile_id, &error)) == NULL ||
      (history = df_usage_history (store, self->profile_id, HISTORY_LENGTH, &error)) == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The credits cannot be read: %s"),
                                                  error != NULL ? error->message : "");

      set_problem (self, message);
      return;
    }

  set_problem (self, NULL);
  show_credits (self, credits);
  show_chart (self, by_day);
  show_agents (self, by_agent);
  show_history (self, history);
}
