/* df-style-report.c: the style checker's report on a project, in a window
 *
 * The style agent's report (the same as `draftforge-cli style report`)
 * is made in a worker thread with its own connection to the database,
 * with a spinner and Stop; the window never waits for it.  It shows the
 * book's figures, a chart of reading ease and sentence length across the
 * chapters (df-style-report-chart.c), the kinds of findings the most
 * frequent first, and each chapter's figures; Export CSV… and Export
 * JSON… write what `style report --csv` and `--json` print
 * (df-style-figures.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-style-report"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "df-agent.h"
#include "df-plugin-host.h"
#include "df-style-figures.h"
#include "df-style-report.h"
#include "df-utils.h"
#include "df-worker.h"

struct _DfStyleReport
{
  AdwWindow          parent_instance;

  DfSession         *session;
  gint64             project_id;
  char              *title;
  GWeakRef           owner;
  GCancellable      *cancellable;    /* the check running, or NULL */
  JsonNode          *report;         /* the last report, or NULL */
  GPtrArray         *kinds;          /* check ids, the most frequent first, then NULL */

  /* template children */
  DfStyleReportChart *chart;
  GtkListBox         *chapters_list;
  GtkListBox         *kinds_list;
  AdwStatusPage      *message_page;
  GtkSpinner         *spinner;
  GtkStack           *stack;
  GtkLabel           *summary_label;
  AdwToastOverlay    *toast_overlay;
  AdwWindowTitle     *window_title;
};

G_DEFINE_FINAL_TYPE (DfStyleReport, df_style_report, ADW_TYPE_WINDOW)

typedef struct
{
  DfAgent *agent;
  char    *plugin_id;
  gint64   project_id;
} Job;

static void
job_free (Job *job)
{
  g_object_unref (job->agent);
  g_free (job->plugin_id);
  g_free (job);
}

/* ---- the worker ----------------------------------------------------------- */

/* In the worker thread: the report, parsed. */
static gpointer
report_worker (DfStore       *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  Job *job = data;
  g_autofree char *json = NULL;
  JsonNode *root;

  df_plugin_guard_enter (job->plugin_id, "report");
  json = df_agent_report (job->agent, store, job->project_id, cancellable, error);
  df_plugin_guard_leave (job->plugin_id);
  if (json == NULL || (root = json_from_string (json, error)) == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      json_node_unref (root);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The style checker’s report cannot be read"));
      return NULL;
    }
  return root;
}

/* ---- showing the report --------------------------------------------------- */

static void
show_message (DfStyleReport *self,
              const char    *title,
              const char    *description)
{
  adw_status_page_set_title (self->message_page, title);
  adw_status_page_set_description (self->message_page, description);
  gtk_stack_set_visible_child_name (self->stack, "message");
}

static void
update_actions (DfStyleReport *self)
{
  gboolean running = self->cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.stop", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.refresh", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.export-csv", !running && self->report != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.export-json", !running && self->report != NULL);
  gtk_spinner_set_spinning (self->spinner, running);
}

static void
show_summary (DfStyleReport *self,
              JsonObject    *book)
{
  g_autofree char *words = df_format_words (json_object_get_int_member_with_default (book, "words", 0));
  g_autofree char *text = NULL;

  /* Translators: the whole book's figures above the chart: "123,456 words;
   * reading ease 72 (grade 7.1); 15.2 words per sentence" */
  text = g_strdup_printf (_("%s; reading ease %.0f (grade %.1f); %.1f words per sentence"), words,
                          json_object_get_double_member_with_default (book, "flesch", 0),
                          json_object_get_double_member_with_default (book, "grade", 0),
                          json_object_get_double_member_with_default (book, "sentence_mean", 0));
  gtk_label_set_text (self->summary_label, text);
}

/* The Issues panel with the findings of the row's check only. */
static void
show_issues_clicked (GtkButton     *button,
                     DfStyleReport *self)
{
  g_autoptr(GtkWidget) owner = g_weak_ref_get (&self->owner);
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_EXPANDER_ROW);

  if (owner != NULL && row != NULL)
    {
      gtk_widget_activate_action (owner, "project.show-issues-check", "(sss)", "style", gtk_widget_get_name (row),
                                  adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
      gtk_window_present (GTK_WINDOW (gtk_widget_get_root (owner)));
    }
}

/* A kind of finding: its title and count; opened, why it matters and
 * the way to its findings. */
static GtkWidget *
kind_row (DfStyleReport *self,
          JsonObject    *check,
          gint64         count)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *why = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Show in the Issues Panel"));
  g_autofree char *number = df_format_count (count);

  gtk_widget_set_name (row, json_object_get_string_member (check, "id"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), json_object_get_string_member (check, "title"));
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), gtk_label_new (number));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (why), json_object_get_string_member (check, "why"));
  gtk_widget_set_tooltip_text (button, _("Show these findings in the Issues panel, each in its place (after a "
                                         "check, if none has run)"));
  gtk_widget_set_name (button, "style-report-show-issues");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_object (button, "clicked", G_CALLBACK (show_issues_clicked), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (why), button);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), why);
  return row;
}

typedef struct
{
  JsonObject *check;
  gint64      count;
} Kind;

static int
compare_kinds (gconstpointer a, gconstpointer b)
{
  const Kind *ka = a, *kb = b;

  return ka->count < kb->count ? 1 : ka->count > kb->count ? -1 : 0;
}

static void
show_kinds (DfStyleReport *self,
            JsonArray     *checks,
            JsonObject    *by_check)
{
  g_autoptr(GArray) kinds = g_array_new (FALSE, FALSE, sizeof (Kind));

  df_list_box_remove_all (self->kinds_list);
  g_ptr_array_set_size (self->kinds, 0);
  for (guint i = 0; checks != NULL && i < json_array_get_length (checks); i++)
    {
      JsonObject *check = json_array_get_object_element (checks, i);
      Kind kind = { check, by_check ? json_object_get_int_member_with_default (
                                        by_check, json_object_get_string_member (check, "id"), 0) : 0 };

      if (kind.count > 0)
        g_array_append_val (kinds, kind);
    }
  /* Stable: equal counts keep the checks' order. */
  g_array_sort (kinds, compare_kinds);
  for (guint i = 0; i < kinds->len; i++)
    {
      Kind *kind = &g_array_index (kinds, Kind, i);

      g_ptr_array_add (self->kinds, g_strdup (json_object_get_string_member (kind->check, "id")));
      gtk_list_box_append (self->kinds_list, kind_row (self, kind->check, kind->count));
    }
  g_ptr_array_add (self->kinds, NULL);   /* the end of df_style_report_get_kinds () */
  if (kinds->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Nothing found"));
      gtk_list_box_append (self->kinds_list, row);
    }
}

static GtkWidget *
chapter_row (JsonObject *chapter)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;
  g_autofree char *figures = NULL;
  g_autofree char *words = df_format_words (json_object_get_int_member_with_default (chapter, "words", 0));

  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (chapter, "number"));
  const char *name = json_object_get_string_member_with_default (chapter, "title", "");

  /* "Chapter 9" says its number already. */
  if (strstr (name, number) != NULL)
    title = g_strdup (name);
  else
    /* Translators: a chapter in the style report: its number and title */
    title = g_strdup_printf (_("%s. %s"), number, name);
  /* Translators: a chapter's figures in the style report */
  figures = g_strdup_printf (_("%s · reading ease %.0f · grade %.1f · %.1f ± %.1f words per sentence · "
                               "%.1f adverbs per 100 words · %.0f passives per 100 sentences"),
                             words, json_object_get_double_member_with_default (chapter, "flesch", 0),
                             json_object_get_double_member_with_default (chapter, "grade", 0),
                             json_object_get_double_member_with_default (chapter, "sentence_mean", 0),
                             json_object_get_double_member_with_default (chapter, "sentence_stdev", 0),
                             json_object_get_double_member_with_default (chapter, "adverb_rate", 0),
                             json_object_get_double_member_with_default (chapter, "passive_rate", 0));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), figures);
  return row;
}

static void
show_report (DfStyleReport *self)
{
  JsonObject *object = json_node_get_object (self->report);
  JsonArray *chapters = json_object_get_array_member (object, "chapters");
  JsonObject *book = json_object_get_object_member (object, "book");
  guint n = chapters ? json_array_get_length (chapters) : 0;
  g_autofree DfStyleReportPoint *points = g_new0 (DfStyleReportPoint, MAX (n, 1));

  df_list_box_remove_all (self->chapters_list);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *chapter = json_array_get_object_element (chapters, i);

      points[i].number = json_object_get_int_member (chapter, "number");
      points[i].flesch = json_object_get_double_member_with_default (chapter, "flesch", 0);
      points[i].sentence_mean = json_object_get_double_member_with_default (chapter, "sentence_mean", 0);
      gtk_list_box_append (self->chapters_list, chapter_row (chapter));
    }
  df_style_report_chart_set_points (self->chart, points, n);
  if (book != NULL)
    show_summary (self, book);
  show_kinds (self, json_object_get_array_member (object, "checks"),
              book && json_object_has_member (book, "by_check") ? json_object_get_object_member (book, "by_check")
                                                                 : NULL);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "report" : "message");
  if (n == 0)
    show_message (self, _("No Chapters Yet"), _("Write a chapter, then check the style again."));
}

/* ---- callbacks ------------------------------------------------------------ */

static void
report_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DfStyleReport) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = df_worker_finish (result, &error);

  (void) source;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* stopped: the window said so already */
  g_clear_object (&self->cancellable);
  if (root == NULL)
    show_message (self, _("The Style Could Not Be Checked"), error ? error->message : NULL);
  else
    {
      g_clear_pointer (&self->report, json_node_unref);
      self->report = g_steal_pointer (&root);
      show_report (self);
    }
  update_actions (self);
}

static void
export_chosen (GtkWidget *owner,
               GFile     *file,
               gboolean   csv)
{
  DfStyleReport *self = DF_STYLE_REPORT (owner);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *message = NULL;

  if (df_style_report_export (self, file, csv, &error))
    /* Translators: a toast once the style report is exported */
    message = g_strdup_printf (_("Saved as “%s”"), name);
  else
    message = g_strdup_printf (_("“%s” could not be saved: %s"), name, error->message);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
export_csv_chosen (GtkWidget *owner,
                   GFile     *file)
{
  export_chosen (owner, file, TRUE);
}

static void
export_json_chosen (GtkWidget *owner,
                    GFile     *file)
{
  export_chosen (owner, file, FALSE);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DfStyleReport *self = DF_STYLE_REPORT (widget);
  gboolean csv = g_str_equal (action_name, "report.export-csv");
  GtkFileFilter *filter = gtk_file_filter_new ();
  g_autofree char *name = g_strdup_printf ("%s-style.%s", self->title ? self->title : "book", csv ? "csv" : "json");

  (void) parameter;
  gtk_file_filter_set_name (filter, csv ? _("CSV tables") : _("JSON files"));
  gtk_file_filter_add_suffix (filter, csv ? "csv" : "json");
  df_choose_file (widget, csv ? _("Export the Style Report as CSV") : _("Export the Style Report as JSON"),
                  GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), filter, name,
                  csv ? export_csv_chosen : export_json_chosen);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DfStyleReport *self = DF_STYLE_REPORT (widget);

  (void) action_name;
  (void) parameter;
  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  show_message (self, _("Stopped"), _("The style was not checked to the end."));
  update_actions (self);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  (void) action_name;
  (void) parameter;
  df_style_report_refresh (DF_STYLE_REPORT (widget));
}

/* ---- vfuncs --------------------------------------------------------------- */

static void
df_style_report_dispose (GObject *object)
{
  DfStyleReport *self = DF_STYLE_REPORT (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (df_style_report_parent_class)->dispose (object);
}

static void
df_style_report_finalize (GObject *object)
{
  DfStyleReport *self = DF_STYLE_REPORT (object);

  g_weak_ref_clear (&self->owner);
  g_clear_pointer (&self->report, json_node_unref);
  g_ptr_array_unref (self->kinds);
  g_free (self->title);
  G_OBJECT_CLASS (df_style_report_parent_class)->finalize (object);
}

static void
df_style_report_class_init (DfStyleReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_style_report_dispose;
  object_class->finalize = df_style_report_finalize;

  g_type_ensure (DF_TYPE_STYLE_REPORT_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/draftforge/DraftForge/ui/df-style-report.ui");
  gtk_widget_class_bind_template_child (widget_class, DfStyleReport, chapters_list);
  gtk_widget_class_bind_template_child (widget_class, DfStyleReport, chart);
  gtk_widget_class_bind_template_child (widget_class, DfStyleReport, kinds_list);
  gtk_widget_class_bind_template_child (widget_class, DfStyleReport, message_page);
  gtk_widget_class_bind_template_child (widget_class, DfStyleReport, spinner);
  gtk_widget_class_bind_template_child (widget_class, DfStyleReport, stack);
  gtk_widget_class_bind_template_child (widget_class, DfStyleReport, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DfStyleReport, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DfStyleReport, window_title);

  gtk_widget_class_install_action (widget_class, "report.export-csv", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "report.export-json", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "report.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "report.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "report.refresh", NULL);
}

static void
df_style_report_init (DfStyleReport *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_weak_ref_init (&self->owner, NULL);
  self->kinds = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->kinds, NULL);
  update_actions (self);
}

/* ---- public API ----------------------------------------------------------- */

DfStyleReport *
df_style_report_new (DfSession  *session,
                     gint64      project_id,
                     const char *title,
                     GtkWidget  *owner)
{
  DfStyleReport *self = g_object_new (DF_TYPE_STYLE_REPORT, NULL);

  g_return_val_if_fail (DF_IS_SESSION (session), self);

  self->session = g_object_ref (session);
  self->project_id = project_id;
  self->title = g_strdup (title);
  g_weak_ref_set (&self->owner, owner);
  adw_window_title_set_subtitle (self->window_title, title);
  df_style_report_refresh (self);
  return self;
}

void
df_style_report_refresh (DfStyleReport *self)
{
  DfPluginHost *host;
  DfAgent *agent;
  Job *job;

  g_return_if_fail (DF_IS_STYLE_REPORT (self));

  if (self->cancellable != NULL || self->session == NULL)
    return;
  host = df_session_get_plugin_host (self->session);
  agent = host ? df_plugin_host_find_agent (host, "style") : NULL;
  if (agent == NULL || !df_agent_can_report (agent))
    {
      show_message (self, _("The Style Checker Is Off"),
                    _("Turn its plugin on in Preferences → Plugins, then check again."));
      update_actions (self);
      return;
    }
  job = g_new0 (Job, 1);
  job->agent = g_object_ref (agent);
  job->plugin_id = g_strdup (df_plugin_host_get_extension_plugin_id (host, G_OBJECT (agent)));
  job->project_id = self->project_id;
  self->cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->stack, "running");
  update_actions (self);
  df_worker_run (df_session_get_db_path (self->session), report_worker, job, (GDestroyNotify) job_free,
                 (GDestroyNotify) json_node_unref, self->cancellable, report_done, g_object_ref (self));
}

gboolean
df_style_report_is_running (DfStyleReport *self)
{
  g_return_val_if_fail (DF_IS_STYLE_REPORT (self), FALSE);
  return self->cancellable != NULL;
}

DfStyleReportChart *
df_style_report_get_chart (DfStyleReport *self)
{
  g_return_val_if_fail (DF_IS_STYLE_REPORT (self), NULL);
  return self->chart;
}

const char * const *
df_style_report_get_kinds (DfStyleReport *self)
{
  g_return_val_if_fail (DF_IS_STYLE_REPORT (self), NULL);
  return (const char * const *) self->kinds->pdata;
}

gboolean
df_style_report_export (DfStyleReport  *self,
                        GFile          *file,
                        gboolean        csv,
                        GError        **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (DF_IS_STYLE_REPORT (self), FALSE);

  if (self->report == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("The style has not been checked yet"));
      return FALSE;
    }
  text = csv ? df_style_figures_csv (json_node_get_object (self->report)) : df_style_figures_json (self->report);
  return g_file_replace_contents (file, text, strlen (text), NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                  NULL, error);
}
