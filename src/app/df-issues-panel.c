/* df-issues-panel.c: what the agents found in the open project
 *
 * One panel for every agent.  Check offers the enabled agents (each in
 * both modes for now: offline, and with the AI model); the run is
 * df_plugin_job_agent in a worker: the agent runs in the helper process
 * (a plugin that crashes or hangs fails its run, not the window), its
 * progress posted to the main loop, Stop its GCancellable (which stops
 * the helper).  Every run (completed, failed or canceled) is recorded in
 * agent_runs; the
 * panel lists them, and the issues of the run selected, read in a
 * worker too, grouped by chapter in book order, a page at a time.
 *
 * Dismiss remembers the finding (df_agent_dismiss: later runs leave it
 * out) and a toast offers Undo; "This changed on purpose" on a
 * continuity issue goes through df-issues-purpose.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-issues"

#include "config.h"

#include <inttypes.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "df-agent-runs.h"
#include "df-issue-row.h"
#include "df-issues-load-private.h"
#include "df-issues-panel.h"
#include "df-issues-purpose.h"
#include "df-model.h"
#include "df-plugin-job.h"
#include "df-utils.h"
#include "df-worker.h"

/* Issue rows added at a time. */
#define PAGE_SIZE 150

typedef struct
{
  DfAgent           *agent;
  DfPluginHost      *host;       /* the agent's, to run it in the helper process */
  DfPluginJobLimits  limits;
  gint64             project_id;
  char              *mode;
  GWeakRef           panel;
} RunJob;

struct _DfIssuesPanel
{
  GtkWidget          parent_instance;

  DfSession         *session;
  DfPluginHost      *host;         /* the session's, followed for "changed" */
  gint64             project_id;
  GCancellable      *run_cancellable;
  GCancellable      *load_cancellable;
  gint64             run_id;       /* the run shown */
  DfAgentRunInfo    *run;          /* and how it ended (@loaded's) */
  gboolean           filling_runs; /* the runs list is filled by code */
  guint              next_serial;
  guint              n_issues;     /* issue rows shown */
  DfIssuesLoaded    *loaded;       /* the issues not shown yet, from @shown */
  char              *filter_agent; /* one kind of finding shown: whose, */
  char              *filter_check; /* which, */
  char              *filter_title; /* and its title */
  guint              shown;
  GtkWidget         *more_row;

  GtkWidget         *main_box;
  GtkMenuButton     *check_button;
  GtkWidget         *stop_button;
  GtkProgressBar    *progress_bar;
  GtkLabel          *status_label;
  GtkWidget         *filter_bar;
  GtkLabel          *filter_label;
  GtkListBox        *runs_list;
  GtkListBox        *issues_list;
  GtkScrolledWindow *issues_scroller;
};

G_DEFINE_FINAL_TYPE (DfIssuesPanel, df_issues_panel, GTK_TYPE_WIDGET)

static void load (DfIssuesPanel *self,
                  gint64         run_id,
                  gboolean       keep_runs);

/* ---- private helpers --------------------------------------------------- */

static void
run_job_free (RunJob *job)
{
  g_clear_object (&job->agent);
  g_clear_object (&job->host);
  g_free (job->mode);
  g_weak_ref_clear (&job->panel);
  g_free (job);
}

static DfAgent *
find_agent (DfIssuesPanel *self,
            const char    *agent_type)
{
  DfAgent *agent = self->host != NULL ? df_plugin_host_find_agent (self->host, agent_type) : NULL;

  return agent != NULL ? g_object_ref (agent) : NULL;
}

/* The agent's name, or its type when it is not enabled now. */
static char *
agent_name (DfIssuesPanel *self,
            const char    *agent_type)
{
  g_autoptr(DfAgent) agent = find_agent (self, agent_type);

  return g_strdup (agent != NULL ? df_agent_get_name (agent) : agent_type);
}

static GtkWidget *
run_row_new (DfIssuesPanel        *self,
             const DfAgentRunInfo *run)
{
  g_autofree char *name = agent_name (self, run->agent_type);

  return df_run_row_new (run, name);
}

/* The Check menu: each enabled agent, offline and with the model. */
static void
update_agents (DfIssuesPanel *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GPtrArray) agents = self->host ? df_plugin_host_get_agents (self->host) : NULL;
  guint n = agents != NULL ? agents->len : 0;

  for (guint i = 0; i < n; i++)
    {
      DfAgent *agent = g_ptr_array_index (agents, i);
      const char *type = df_agent_get_agent_type (agent);
      g_autoptr(GMenu) section = g_menu_new ();
      g_autoptr(GMenuItem) offline = g_menu_item_new (_("_Offline"), NULL);
      g_autoptr(GMenuItem) model = g_menu_item_new (_("With the AI _Model"), NULL);

      g_menu_item_set_action_and_target (offline, "issues.run", "(ss)", type, "offline");
      g_menu_item_set_action_and_target (model, "issues.run", "(ss)", type, "model");
      g_menu_append_item (section, offline);
      g_menu_append_item (section, model);
      g_menu_append_section (menu, df_agent_get_name (agent), G_MENU_MODEL (section));
    }
  gtk_menu_button_set_menu_model (self->check_button, G_MENU_MODEL (menu));
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), n > 0 && self->project_id != 0 &&
                            self->run_cancellable == NULL);
  if (n == 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->check_button),
                                 _("No checker is enabled: turn one on in Preferences, Plugins"));
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->check_button),
                                 _("Check the book with one of the enabled checkers"));
}

static void
set_running (DfIssuesPanel *self,
             gboolean       running)
{
  gtk_widget_set_visible (self->stop_button, running);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "issues.run", !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), !running && self->project_id != 0 &&
                            gtk_menu_button_get_menu_model (self->check_button) != NULL &&
                            g_menu_model_get_n_items (gtk_menu_button_get_menu_model (self->check_button)) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "issues.stop", running);
  if (running)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_progress_bar_set_text (self->progress_bar, _("Checking…"));
    }
}

static void
clear_issues (DfIssuesPanel *self)
{
  df_list_box_remove_all (self->issues_list);
  self->more_row = NULL;
  self->n_issues = 0;
  self->shown = 0;
  self->run = NULL;
  g_clear_pointer (&self->loaded, df_issues_loaded_free);
}

static void
update_status (DfIssuesPanel *self)
{
  g_autofree char *text = NULL;

  if (self->project_id == 0)
    text = g_strdup ("");
  else if (self->run_id == 0 && !gtk_widget_get_sensitive (GTK_WIDGET (self->check_button)) &&
           self->run_cancellable == NULL)
    text = g_strdup (_("No checker is enabled: turn one on in Preferences, Plugins"));
  else if (self->run_id == 0)
    text = g_strdup (_("No check has run on this book yet. Choose Check to run one."));
  else if (self->run != NULL && g_strcmp0 (self->run->status, "canceled") == 0)
    text = g_strdup (_("This check was stopped before it finished."));
  else if (self->run != NULL && g_strcmp0 (self->run->status, "failed") == 0)
    text = g_strdup_printf (_("This check failed: %s"), self->run->error ? self->run->error : _("no reason given"));
  else if (self->run != NULL && g_strcmp0 (self->run->status, "running") == 0)
    text = g_strdup (_("This check has not finished (it may have been cut short)."));
  else if (self->n_issues == 0 && self->more_row == NULL && self->filter_check != NULL)
    text = g_strdup (_("None of these in this run."));
  else if (self->n_issues == 0 && self->more_row == NULL)
    text = g_strdup (_("Nothing to point out in this run."));
  else if (self->loaded != NULL && self->shown < self->loaded->issues->len)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Showing %'u of %'u issue",
                                         "Showing %'u of %'u issues", self->loaded->issues->len),
                            self->n_issues, self->n_issues + (self->loaded->issues->len - self->shown));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u issue", "%'u issues", self->n_issues),
                            self->n_issues);
  gtk_label_set_text (self->status_label, text);
}

static void
agents_changed (DfIssuesPanel *self)
{
  update_agents (self);
  update_status (self);
}

/* Adds the next page of the loaded issues. */
static void
show_page (DfIssuesPanel *self)
{
  DfIssuesLoaded *loaded = self->loaded;
  guint end;

  if (self->more_row != NULL)
    {
      gtk_list_box_remove (self->issues_list, self->more_row);
      self->more_row = NULL;
    }
  if (loaded == NULL)
    return;

  end = MIN (self->shown + PAGE_SIZE, loaded->issues->len);
  for (; self->shown < end; self->shown++)
    {
      /* The row takes the issue. */
      DfAgentIssue *issue = g_steal_pointer (&loaded->issues->pdata[self->shown]);

      gtk_list_box_append (self->issues_list,
                           df_issue_row_new (issue, ++self->next_serial,
                                             g_ptr_array_index (loaded->headings, self->shown),
                                             df_issues_can_be_on_purpose (issue)));
      self->n_issues++;
    }
  if (self->shown < loaded->issues->len)
    {
      GtkWidget *label = gtk_label_new (_("Show More"));

      self->more_row = gtk_list_box_row_new ();
      gtk_widget_set_name (self->more_row, "issues-more");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self->more_row), label);
      gtk_list_box_append (self->issues_list, self->more_row);
    }
}

/* A copy of @issue (through the JSON runs keep, which holds it all). */
static DfAgentIssue *
issue_copy (DfAgentIssue *issue)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  g_autoptr(GPtrArray) copies = NULL;
  g_autofree char *json = NULL;

  g_ptr_array_add (one, issue);
  json = df_agent_issues_to_json (one);
  copies = df_agent_issues_from_json (json, NULL);
  return copies != NULL && copies->len == 1 ? g_ptr_array_steal_index (copies, 0) : NULL;
}

static GtkListBoxRow *
find_issue_row (DfIssuesPanel *self,
                guint          serial)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->issues_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && df_issue_row_get_serial (GTK_LIST_BOX_ROW (child)) == serial)
      return GTK_LIST_BOX_ROW (child);
  return NULL;
}

/* Takes away @row and the rows of the same finding (the same check on
 * the same words in the same chapter: what a dismissal remembers); the
 * keyboard focus goes to the row after, rather than out of the list. */
static void
remove_same (DfIssuesPanel *self,
             GtkListBoxRow *row)
{
  g_autofree char *fingerprint = df_agent_issue_fingerprint (df_issue_row_get_issue (row));
  int index = gtk_list_box_row_get_index (row);
  g_autoptr(GPtrArray) same = g_ptr_array_new ();
  GtkListBoxRow *next;

  /* Found first: a removal changes the headers among the children. */
  for (int i = 0; (next = gtk_list_box_get_row_at_index (self->issues_list, i)) != NULL; i++)
    {
      DfAgentIssue *issue = df_issue_row_get_issue (next);
      g_autofree char *other = issue != NULL ? df_agent_issue_fingerprint (issue) : NULL;

      if (g_strcmp0 (other, fingerprint) == 0)
        {
          if (i < gtk_list_box_row_get_index (row))
            index--;
          g_ptr_array_add (same, next);
        }
    }
  for (guint i = 0; i < same->len; i++)
    {
      gtk_list_box_remove (self->issues_list, g_ptr_array_index (same, i));
      self->n_issues--;
    }

  next = gtk_list_box_get_row_at_index (self->issues_list, index);
  if (next == NULL && index > 0)
    next = gtk_list_box_get_row_at_index (self->issues_list, index - 1);
  if (next != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (next));
}

/* ---- in the worker ------------------------------------------------------- */

static void
show_progress (gpointer    target,
               double      fraction,
               const char *message)
{
  DfIssuesPanel *self = DF_ISSUES_PANEL (target);

  if (self->run_cancellable == NULL)
    return;
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));
  if (message != NULL)
    gtk_progress_bar_set_text (self->progress_bar, message);
}

static void
run_progress (double      fraction,
              const char *message,
              gpointer    user_data)
{
  RunJob *job = user_data;

  df_worker_post_progress (&job->panel, show_progress, fraction, message);
}

static gpointer
run_in_thread (DfStore       *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  RunJob *job = data;
  DfAgentOptions options = { job->mode, run_progress, job };
  gint64 run_id;

  /* in the helper process: a plugin that crashes, hangs or runs out of
   * memory fails its run, and the window goes on */
  run_id = df_plugin_job_agent (job->host, job->agent, store, job->project_id, 0, "manual", &options,
                                &job->limits, cancellable, error);
  if (run_id == 0)
    return NULL;
  return g_memdup2 (&run_id, sizeof run_id);
}

/* ---- callbacks ----------------------------------------------------------- */

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DfIssuesPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  DfIssuesLoaded *loaded = df_worker_finish (result, &error);
  DfAgentRunInfo *selected = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->load_cancellable);
  if (loaded == NULL)
    {
      gtk_label_set_text (self->status_label, error->message);
      return;
    }

  /* A run chosen in the list: the rows stay (with the keyboard focus). */
  self->filling_runs = TRUE;
  if (!loaded->keep_runs)
    df_list_box_remove_all (self->runs_list);
  for (guint i = 0; i < loaded->runs->len; i++)
    {
      DfAgentRunInfo *run = g_ptr_array_index (loaded->runs, i);
      GtkWidget *row = NULL;

      if (!loaded->keep_runs)
        {
          row = run_row_new (self, run);
          gtk_list_box_append (self->runs_list, row);
        }
      if (run->id == loaded->run_id)
        {
          if (row != NULL)
            gtk_list_box_select_row (self->runs_list, GTK_LIST_BOX_ROW (row));
          selected = run;
        }
    }
  self->filling_runs = FALSE;

  clear_issues (self);
  /* Another run: from its first issue. */
  if (self->run_id != loaded->run_id)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->issues_scroller), 0);
  self->run_id = loaded->run_id;
  self->loaded = loaded;
  self->run = selected;
  show_page (self);
  update_status (self);
}

static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DfIssuesPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *run_id = df_worker_finish (result, &error);
  gboolean stopped = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_clear_object (&self->run_cancellable);
  set_running (self, FALSE);
  if (self->project_id == 0)
    return;
  if (run_id == NULL && !stopped)
    df_page_show_toast_printf (GTK_WIDGET (self), _("The check failed: %s"), error->message);
  /* The run is recorded however it ended: the newest shown. */
  load (self, run_id != NULL ? *run_id : 0, FALSE);
}

static void
run_selected (DfIssuesPanel *self,
              GtkListBoxRow *row)
{
  gint64 run_id = df_run_row_get_run_id (row);

  if (self->filling_runs || run_id == 0 || run_id == self->run_id)
    return;
  load (self, run_id, TRUE);
}

static void
issue_activated (DfIssuesPanel *self,
                 GtkListBoxRow *row)
{
  DfAgentIssue *issue;

  if (GTK_WIDGET (row) == self->more_row)
    {
      show_page (self);
      update_status (self);
      return;
    }
  issue = df_issue_row_get_issue (row);
  if (issue == NULL || issue->chapter_id <= 0)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "project.show-issue", "(xxxis)", issue->chapter_id,
                              issue->offset, issue->length, issue->line, issue->quote ? issue->quote : "");
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       data)
{
  const char *heading = df_issue_row_get_heading (row);
  GtkWidget *header;

  if (heading == NULL || (before != NULL && g_strcmp0 (heading, df_issue_row_get_heading (before)) == 0))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  header = gtk_list_box_row_get_header (row);
  if (header != NULL && g_strcmp0 (gtk_label_get_text (GTK_LABEL (header)), heading) == 0)
    return;
  header = gtk_label_new (heading);
  gtk_widget_set_name (header, "issues-chapter");
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_label_set_wrap (GTK_LABEL (header), TRUE);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_set_margin_top (header, 12);
  gtk_widget_set_margin_bottom (header, 4);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_list_box_row_set_header (row, header);
}

static void
undo_dismiss (AdwToast     *toast,
              DfAgentIssue *issue)
{
  DfIssuesPanel *self = g_object_get_data (G_OBJECT (toast), "panel");
  gint64 project_id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "project-id"));
  gint64 progression_id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "progression-id"));
  DfStore *store = self && self->session ? df_session_get_store (self->session) : NULL;
  g_autoptr(GError) error = NULL;

  if (store == NULL)
    return;
  /* The project the finding was dismissed in, shown or not; the
   * progression "This changed on purpose" added goes too. */
  if (!df_issues_changed_on_purpose_undo (store, project_id, issue, progression_id, &error))
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  if (project_id == self->project_id)
    load (self, self->run_id, FALSE);
}

static void
toast_dismissed (DfIssuesPanel *self,
                 const char    *message,
                 DfAgentIssue  *issue,
                 gint64         progression_id)
{
  AdwToast *toast = adw_toast_new (message);
  AdwToastOverlay *overlay = ADW_TOAST_OVERLAY (gtk_widget_get_ancestor (GTK_WIDGET (self),
                                                                         ADW_TYPE_TOAST_OVERLAY));

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, 10);
  g_object_set_data_full (G_OBJECT (toast), "panel", g_object_ref (self), g_object_unref);
  g_object_set_data (G_OBJECT (toast), "project-id", GSIZE_TO_POINTER ((gsize) self->project_id));
  g_object_set_data (G_OBJECT (toast), "progression-id", GSIZE_TO_POINTER ((gsize) progression_id));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_dismiss), issue,
                         (GClosureNotify) (void (*) (void)) df_agent_issue_free, 0);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (overlay, toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

/* ---- actions ------------------------------------------------------------- */

/* Show All: every finding of the run shown again. */
static void
clear_filter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  DfIssuesPanel *self = DF_ISSUES_PANEL (widget);

  if (self->filter_check == NULL)
    return;
  g_clear_pointer (&self->filter_agent, g_free);
  g_clear_pointer (&self->filter_check, g_free);
  g_clear_pointer (&self->filter_title, g_free);
  gtk_widget_set_visible (self->filter_bar, FALSE);
  load (self, self->run_id, FALSE);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  const char *type, *mode;

  g_variant_get (param, "(&s&s)", &type, &mode);
  df_issues_panel_run (DF_ISSUES_PANEL (widget), type, mode);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DfIssuesPanel *self = DF_ISSUES_PANEL (widget);

  if (self->run_cancellable != NULL)
    {
      gtk_progress_bar_set_text (self->progress_bar, _("Stopping…"));
      g_cancellable_cancel (self->run_cancellable);
    }
}

/* Dismiss, or "This changed on purpose": the row goes, Undo brings it back. */
static void
settle_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DfIssuesPanel *self = DF_ISSUES_PANEL (widget);
  GtkListBoxRow *row = find_issue_row (self, g_variant_get_uint32 (param));
  DfStore *store = self->session ? df_session_get_store (self->session) : NULL;
  gboolean on_purpose = g_str_equal (action_name, "issues.on-purpose");
  g_autoptr(GError) error = NULL;
  DfAgentIssue *issue;
  DfAgentIssue *copy;
  gint64 progression_id = 0;

  if (row == NULL || store == NULL)
    return;
  issue = df_issue_row_get_issue (row);
  if (!(on_purpose ? df_issues_changed_on_purpose (store, self->project_id, issue, &progression_id, &error)
                   : df_agent_dismiss (store, self->project_id, issue, &error)))
    {
      df_page_show_toast (widget, error->message);
      return;
    }

  /* A copy for Undo: the row goes now. */
  copy = issue_copy (issue);

  remove_same (self, row);
  update_status (self);
  if (copy != NULL)
    toast_dismissed (self, on_purpose ? _("Kept as meant: the change is in the codex") : _("Issue dismissed"), copy,
                     progression_id);
}

/* Delete: dismisses the issue whose row has the keyboard focus (or holds
 * it: its buttons). */
static gboolean
dismiss_focused (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   data)
{
  DfIssuesPanel *self = DF_ISSUES_PANEL (widget);
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));
  GtkWidget *row = focus != NULL ? gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW) : NULL;

  if (row == NULL || gtk_widget_get_parent (row) != GTK_WIDGET (self->issues_list) ||
      df_issue_row_get_issue (GTK_LIST_BOX_ROW (row)) == NULL)
    return FALSE;
  return gtk_widget_activate_action (widget, "issues.dismiss", "u",
                                     df_issue_row_get_serial (GTK_LIST_BOX_ROW (row)));
}

/* ---- GObject ------------------------------------------------------------- */

static void
df_issues_panel_dispose (GObject *object)
{
  DfIssuesPanel *self = (DfIssuesPanel *) object;

  g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->host != NULL)
    g_signal_handlers_disconnect_by_data (self->host, self);
  g_clear_object (&self->host);
  g_clear_object (&self->session);
  self->run = NULL;
  g_clear_pointer (&self->loaded, df_issues_loaded_free);
  g_clear_pointer (&self->filter_agent, g_free);
  g_clear_pointer (&self->filter_check, g_free);
  g_clear_pointer (&self->filter_title, g_free);
  self->more_row = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), DF_TYPE_ISSUES_PANEL);

  G_OBJECT_CLASS (df_issues_panel_parent_class)->dispose (object);
}

/* Shown again: runs made meanwhile (from the command line) are listed. */
static void
df_issues_panel_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (df_issues_panel_parent_class)->map (widget);
  df_issues_panel_refresh (DF_ISSUES_PANEL (widget));
}

static void
df_issues_panel_class_init (DfIssuesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_issues_panel_dispose;
  widget_class->map = df_issues_panel_map;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/draftforge/DraftForge/ui/df-issues-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DfIssuesPanel, check_button);
  gtk_widget_class_bind_template_child (widget_class, DfIssuesPanel, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, DfIssuesPanel, filter_label);
  gtk_widget_class_bind_template_child (widget_class, DfIssuesPanel, issues_list);
  gtk_widget_class_bind_template_child (widget_class, DfIssuesPanel, issues_scroller);
  gtk_widget_class_bind_template_child (widget_class, DfIssuesPanel, main_box);
  gtk_widget_class_bind_template_child (widget_class, DfIssuesPanel, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, DfIssuesPanel, runs_list);
  gtk_widget_class_bind_template_child (widget_class, DfIssuesPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, DfIssuesPanel, stop_button);

  gtk_widget_class_install_action (widget_class, "issues.run", "(ss)", run_action);
  gtk_widget_class_install_action (widget_class, "issues.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "issues.show-all", NULL, clear_filter_action);
  gtk_widget_class_install_action (widget_class, "issues.dismiss", "u", settle_action);
  gtk_widget_class_install_action (widget_class, "issues.on-purpose", "u", settle_action);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Delete, 0, dismiss_focused, NULL);
}

static void
df_issues_panel_init (DfIssuesPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_progress_bar_set_show_text (self->progress_bar, TRUE);
  gtk_list_box_set_header_func (self->issues_list, header_func, NULL, NULL);
  g_signal_connect_object (self->issues_list, "row-activated", G_CALLBACK (issue_activated), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->runs_list, "row-selected", G_CALLBACK (run_selected), self, G_CONNECT_SWAPPED);
  set_running (self, FALSE);
  update_agents (self);
  update_status (self);
}

/* ---- public API ---------------------------------------------------------- */

static void
load (DfIssuesPanel *self,
      gint64         run_id,
      gboolean       keep_runs)
{
  DfIssuesLoadJob *job;
  const char *db_path = self->session ? df_session_get_db_path (self->session) : NULL;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->project_id == 0 || db_path == NULL)
    return;

  /* A run chosen, or none shown yet: its issues are on their way (a
   * run of thousands takes a moment). */
  if (keep_runs || self->run_id == 0)
    gtk_label_set_text (self->status_label, _("Reading the issues…"));
  job = g_new0 (DfIssuesLoadJob, 1);
  job->project_id = self->project_id;
  job->run_id = run_id;
  job->keep_runs = keep_runs;
  job->agent_type = g_strdup (self->filter_agent);
  job->check = g_strdup (self->filter_check);
  self->load_cancellable = g_cancellable_new ();
  df_worker_run (db_path, df_issues_load_in_thread, job, (GDestroyNotify) df_issues_load_job_free,
                 (GDestroyNotify) df_issues_loaded_free,
                 self->load_cancellable, load_done, g_object_ref (self));
}

void
df_issues_panel_set_session (DfIssuesPanel *self,
                             DfSession     *session)
{
  g_return_if_fail (DF_IS_ISSUES_PANEL (self));

  if (self->session == session)
    return;
  df_issues_panel_set_project (self, 0);
  if (self->host != NULL)
    g_signal_handlers_disconnect_by_data (self->host, self);
  g_clear_object (&self->host);
  g_set_object (&self->session, session);
  if (session != NULL && df_session_get_plugin_host (session) != NULL)
    {
      self->host = g_object_ref (df_session_get_plugin_host (session));
      g_signal_connect_object (self->host, "changed", G_CALLBACK (agents_changed), self, G_CONNECT_SWAPPED);
    }
  agents_changed (self);
}

void
df_issues_panel_set_project (DfIssuesPanel *self,
                             gint64         project_id)
{
  g_return_if_fail (DF_IS_ISSUES_PANEL (self));

  if (self->project_id == project_id)
    return;
  g_cancellable_cancel (self->run_cancellable);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->project_id = project_id;
  self->run_id = 0;
  df_list_box_remove_all (self->runs_list);
  clear_issues (self);
  update_agents (self);
  update_status (self);
  /* Read when shown (df_issues_panel_map): opening a project costs
   * nothing while the panel is away. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self, 0, FALSE);
}

gboolean
df_issues_panel_run (DfIssuesPanel *self,
                     const char    *agent_type,
                     const char    *mode)
{
  g_autoptr(DfAgent) agent = NULL;
  const char *db_path;
  RunJob *job;

  g_return_val_if_fail (DF_IS_ISSUES_PANEL (self), FALSE);

  db_path = self->session ? df_session_get_db_path (self->session) : NULL;
  if (self->run_cancellable != NULL || self->project_id == 0 || db_path == NULL)
    return FALSE;
  agent = find_agent (self, agent_type);
  if (agent == NULL)
    return FALSE;

  job = g_new0 (RunJob, 1);
  job->agent = g_steal_pointer (&agent);
  job->host = g_object_ref (df_session_get_plugin_host (self->session));
  if (df_session_get_settings (self->session) != NULL)
    {
      GSettings *settings = df_session_get_settings (self->session);

      job->limits.time_limit = g_settings_get_uint (settings, "plugin-time-limit");
      job->limits.memory_limit = g_settings_get_uint (settings, "plugin-memory-limit");
    }
  job->project_id = self->project_id;
  job->mode = g_strdup (mode ? mode : "offline");
  g_weak_ref_init (&job->panel, self);
  self->run_cancellable = g_cancellable_new ();
  set_running (self, TRUE);
  df_worker_run (db_path, run_in_thread, job, (GDestroyNotify) run_job_free, g_free,
                 self->run_cancellable, run_done, g_object_ref (self));
  return TRUE;
}

gboolean
df_issues_panel_is_running (DfIssuesPanel *self)
{
  g_return_val_if_fail (DF_IS_ISSUES_PANEL (self), FALSE);
  return self->run_cancellable != NULL;
}

gboolean
df_issues_panel_is_loading (DfIssuesPanel *self)
{
  g_return_val_if_fail (DF_IS_ISSUES_PANEL (self), FALSE);
  return self->load_cancellable != NULL;
}

gint64
df_issues_panel_get_run_id (DfIssuesPanel *self)
{
  g_return_val_if_fail (DF_IS_ISSUES_PANEL (self), 0);
  return self->run_id;
}

guint
df_issues_panel_get_n_issues (DfIssuesPanel *self)
{
  g_return_val_if_fail (DF_IS_ISSUES_PANEL (self), 0);
  return self->n_issues;
}

void
df_issues_panel_refresh (DfIssuesPanel *self)
{
  g_return_if_fail (DF_IS_ISSUES_PANEL (self));

  if (self->project_id != 0 && self->load_cancellable == NULL && self->run_cancellable == NULL)
    load (self, self->run_id, FALSE);
}

void
df_issues_panel_show_check (DfIssuesPanel *self,
                            const char    *agent_type,
                            const char    *check,
                            const char    *title)
{
  g_autofree char *text = NULL;

  g_return_if_fail (DF_IS_ISSUES_PANEL (self));
  g_return_if_fail (agent_type != NULL && check != NULL);

  g_free (self->filter_agent);
  self->filter_agent = g_strdup (agent_type);
  g_free (self->filter_check);
  self->filter_check = g_strdup (check);
  g_free (self->filter_title);
  self->filter_title = g_strdup (title != NULL ? title : check);
  /* TRANSLATORS: %s is a kind of finding, such as "Passive voice" */
  text = g_strdup_printf (_("Only “%s”"), self->filter_title);
  gtk_label_set_text (self->filter_label, text);
  gtk_widget_set_visible (self->filter_bar, TRUE);
  if (self->run_cancellable == NULL)
    load (self, 0, FALSE);
}

const char *
df_issues_panel_get_check (DfIssuesPanel *self)
{
  g_return_val_if_fail (DF_IS_ISSUES_PANEL (self), NULL);
  return self->filter_check;
}

void
df_issues_panel_focus (DfIssuesPanel *self)
{
  g_return_if_fail (DF_IS_ISSUES_PANEL (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->check_button));
}
