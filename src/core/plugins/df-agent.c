/* df-agent.c: the agent extension point, its issues and its runs
 *
 * An issue is what an agent found; df_agent_run_with runs an agent,
 * leaves out what the project dismissed and records the run in
 * agent_runs (df-agent-runs.c reads runs back).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugin"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "df-agent.h"
#include "df-agent-runs.h"
#include "df-plugin-host-private.h"
#include "df-store-private.h"

/* ---- agents ---------------------------------------------------------- */

G_DEFINE_INTERFACE (DfAgent, df_agent, G_TYPE_OBJECT)

typedef struct
{
  DfStore        *store;
  gint64          project_id;
  gint64          chapter_id;
  char           *mode;
  DfAgentOptions  options;
} AnalyzeData;

static void
analyze_data_free (AnalyzeData *data)
{
  g_clear_object (&data->store);
  g_free (data->mode);
  g_free (data);
}

static GPtrArray *
analyze_sync (DfAgent               *agent,
              DfStore               *store,
              gint64                 project_id,
              gint64                 chapter_id,
              const DfAgentOptions  *options,
              GCancellable          *cancellable,
              GError               **error)
{
  DfAgentInterface *iface = DF_AGENT_GET_IFACE (agent);

  if (iface->analyze_with != NULL)
    return iface->analyze_with (agent, store, project_id, chapter_id, options, cancellable, error);
  if (iface->analyze != NULL)
    return iface->analyze (agent, store, project_id, chapter_id, cancellable, error);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("The %s agent cannot analyse"),
               df_agent_get_name (agent));
  return NULL;
}

static void
analyze_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  AnalyzeData *data = task_data;
  GError *error = NULL;
  GPtrArray *issues = analyze_sync (source, data->store, data->project_id, data->chapter_id, &data->options,
                                    cancellable, &error);

  if (issues == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, issues, (GDestroyNotify)g_ptr_array_unref);
}

/* The default analyze_async: analyze_with (or analyze) in a thread. */
static void
default_analyze_async (DfAgent              *self,
                       DfStore              *store,
                       gint64                project_id,
                       gint64                chapter_id,
                       const DfAgentOptions *options,
                       GCancellable         *cancellable,
                       GAsyncReadyCallback   callback,
                       gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  AnalyzeData *data = g_new0 (AnalyzeData, 1);

  data->store = g_object_ref (store);
  data->project_id = project_id;
  data->chapter_id = chapter_id;
  data->mode = g_strdup (options != NULL && options->mode != NULL ? options->mode : "offline");
  data->options.mode = data->mode;
  if (options != NULL)
    {
      data->options.progress = options->progress;
      data->options.progress_data = options->progress_data;
    }
  g_task_set_source_tag (task, default_analyze_async);
  g_task_set_task_data (task, data, (GDestroyNotify)analyze_data_free);
  g_task_run_in_thread (task, analyze_thread);
}

static GPtrArray *
default_analyze_finish (DfAgent       *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
df_agent_default_init (DfAgentInterface *iface)
{
  iface->analyze_async = default_analyze_async;
  iface->analyze_finish = default_analyze_finish;
}

const char *
df_agent_get_agent_type (DfAgent *self)
{
  g_return_val_if_fail (DF_IS_AGENT (self), NULL);
  return DF_AGENT_GET_IFACE (self)->get_agent_type (self);
}

const char *
df_agent_get_name (DfAgent *self)
{
  g_return_val_if_fail (DF_IS_AGENT (self), NULL);
  return DF_AGENT_GET_IFACE (self)->get_name (self);
}

gboolean
df_agent_can_report (DfAgent *self)
{
  g_return_val_if_fail (DF_IS_AGENT (self), FALSE);
  return DF_AGENT_GET_IFACE (self)->report != NULL;
}

char *
df_agent_report (DfAgent       *self,
                 DfStore       *store,
                 gint64         project_id,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_return_val_if_fail (DF_IS_AGENT (self), NULL);
  if (!df_agent_can_report (self))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The agent “%s” has no report"), df_agent_get_agent_type (self));
      return NULL;
    }
  return DF_AGENT_GET_IFACE (self)->report (self, store, project_id, cancellable, error);
}

gboolean
df_agent_can_check_text (DfAgent *self)
{
  g_return_val_if_fail (DF_IS_AGENT (self), FALSE);
  return DF_AGENT_GET_IFACE (self)->check_text != NULL;
}

GPtrArray *
df_agent_check_text (DfAgent     *self,
                     const char  *project_settings,
                     const char  *text,
                     gssize       len,
                     GError     **error)
{
  GPtrArray *issues;

  g_return_val_if_fail (DF_IS_AGENT (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);
  if (!df_agent_can_check_text (self))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The agent “%s” cannot check a text as it is typed"), df_agent_get_agent_type (self));
      return NULL;
    }
  issues = DF_AGENT_GET_IFACE (self)->check_text (self, project_settings, text, len, error);
  for (guint i = 0; issues != NULL && i < issues->len; i++)
    {
      DfAgentIssue *issue = g_ptr_array_index (issues, i);

      g_free (issue->agent);
      issue->agent = g_strdup (df_agent_get_agent_type (self));
    }
  return issues;
}

DfAgentIssue *
df_agent_issue_new (DfIssueSeverity  severity,
                    const char      *category,
                    gint64           chapter_id,
                    int              line,
                    const char      *message,
                    const char      *suggestion,
                    double           confidence)
{
  DfAgentIssue *issue = g_new0 (DfAgentIssue, 1);

  issue->severity = severity;
  issue->category = g_strdup (category);
  issue->chapter_id = chapter_id;
  issue->line = line;
  issue->message = g_strdup (message);
  issue->suggestion = g_strdup (suggestion);
  issue->confidence = CLAMP (confidence, 0.0, 1.0);
  issue->offset = -1;
  return issue;
}

void
df_agent_issue_free (DfAgentIssue *issue)
{
  if (issue == NULL)
    return;
  g_free (issue->category);
  g_free (issue->message);
  g_free (issue->suggestion);
  g_free (issue->agent);
  g_free (issue->check);
  g_free (issue->quote);
  g_free (issue->context);
  g_free (issue->data);
  g_clear_pointer (&issue->evidence, g_ptr_array_unref);
  g_free (issue);
}

static void
evidence_free (gpointer data)
{
  DfAgentEvidence *evidence = data;

  g_free (evidence->quote);
  g_free (evidence);
}

/* How far each side of a finding its context reaches, in bytes. */
#define CONTEXT_REACH 32

/* The text around @offset..@offset+@length on its line, to CONTEXT_REACH
 * bytes each side, cut at characters; where the words start in it in
 * @start_out. */
static char *
context_around (const char *text,
                gint64      offset,
                gint64      length,
                gint64     *start_out)
{
  const char *start = text + offset;
  const char *end = text + offset + length;

  for (int i = 0; i < CONTEXT_REACH && start > text && start[-1] != '\n'; i++)
    start--;
  while (start > text && ((guchar) *start & 0xc0) == 0x80)
    start--;
  for (int i = 0; i < CONTEXT_REACH && *end != '\0' && *end != '\n'; i++)
    end++;
  while (((guchar) *end & 0xc0) == 0x80)
    end++;
  *start_out = text + offset - start;
  return g_utf8_make_valid (start, end - start);
}

void
df_agent_issue_set_span (DfAgentIssue *issue,
                         const char   *chapter_markdown,
                         gint64        offset,
                         gint64        length)
{
  g_return_if_fail (issue != NULL);
  g_return_if_fail (offset >= 0 && length >= 0);

  issue->offset = offset;
  issue->length = length;
  g_clear_pointer (&issue->quote, g_free);
  g_clear_pointer (&issue->context, g_free);
  if (chapter_markdown != NULL)
    {
      g_return_if_fail ((gint64) strlen (chapter_markdown) >= offset + length);
      issue->quote = g_utf8_make_valid (chapter_markdown + offset, length);
      issue->context = context_around (chapter_markdown, offset, length, &issue->context_offset);
    }
}

void
df_agent_issue_set_check (DfAgentIssue *issue,
                          const char   *check)
{
  g_return_if_fail (issue != NULL);
  g_free (issue->check);
  issue->check = g_strdup (check);
}

void
df_agent_issue_set_data (DfAgentIssue *issue,
                         const char   *json_object)
{
  g_return_if_fail (issue != NULL);
  g_free (issue->data);
  issue->data = g_strdup (json_object);
}

void
df_agent_issue_add_evidence (DfAgentIssue *issue,
                             gint64        chapter_id,
                             int           line,
                             const char   *quote)
{
  DfAgentEvidence *evidence;

  g_return_if_fail (issue != NULL);
  g_return_if_fail (quote != NULL);

  if (issue->evidence == NULL)
    issue->evidence = g_ptr_array_new_with_free_func (evidence_free);
  evidence = g_new0 (DfAgentEvidence, 1);
  evidence->chapter_id = chapter_id;
  evidence->line = line;
  evidence->quote = g_strdup (quote);
  g_ptr_array_add (issue->evidence, evidence);
}

char *
df_agent_issue_fingerprint (const DfAgentIssue *issue)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *chapter = NULL;
  g_autofree char *where = NULL;
  const char *parts[6];

  g_return_val_if_fail (issue != NULL, NULL);

  chapter = g_strdup_printf ("%" G_GINT64_FORMAT, issue->chapter_id);
  parts[0] = issue->agent ? issue->agent : "";
  parts[1] = issue->check ? issue->check : (issue->category ? issue->category : "");
  parts[2] = chapter;
  /* The quoted words, else the message: what the finding is about. */
  parts[3] = issue->quote ? issue->quote : (issue->message ? issue->message : "");
  parts[4] = issue->context ? issue->context : "";
  where = g_strdup_printf ("%" G_GINT64_FORMAT, issue->context ? issue->context_offset : 0);
  parts[5] = where;
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    g_checksum_update (checksum, (const guchar *) parts[i], strlen (parts[i]) + 1);
  return g_strdup (g_checksum_get_string (checksum));
}


/* The agent_runs row of a run starting now; its id, or 0. */
static gint64
start_run (DfAgent     *agent,
           DfStore     *store,
           gint64       project_id,
           gint64       chapter_id,
           const char  *trigger,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store,
                           "INSERT INTO agent_runs (project_id, chapter_id, agent_type, trigger, status,"
                           " created_at, started_at)"
                           " VALUES (?1, ?2, ?3, ?4, 'running', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
                           " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, project_id);
  if (chapter_id > 0)
    sqlite3_bind_int64 (stmt, 2, chapter_id);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_text (stmt, 3, df_agent_get_agent_type (agent), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, trigger ? trigger : "manual", -1, SQLITE_TRANSIENT);
  if (!df_store_step_done (store, stmt, error))
    return 0;
  return df_store_last_insert_id (store);
}

/* Records how run @run_id ended: its @issues, or @failure. */
static gboolean
finish_run (DfStore       *store,
            gint64         run_id,
            GPtrArray     *issues,
            const GError  *failure,
            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *results = NULL;
  g_autofree char *summary = NULL;
  const char *status;

  if (issues != NULL)
    {
      status = "completed";
      results = df_agent_issues_to_json (issues);
      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u issue", "%u issues", issues->len), issues->len);
    }
  else
    {
      status = g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? "canceled" : "failed";
      results = g_strdup ("[]");
    }

  stmt = df_store_prepare (store,
                           "UPDATE agent_runs SET status = ?2, results = ?3, summary = ?4, error = ?5,"
                           " completed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_text (stmt, 2, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, results, -1, SQLITE_TRANSIENT);
  if (summary != NULL)
    sqlite3_bind_text (stmt, 4, summary, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 4);
  if (failure != NULL)
    sqlite3_bind_text (stmt, 5, failure->message, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 5);
  return df_store_step_done (store, stmt, error);
}

/* Leaves out of @issues those the project dismissed, and names the
 * agent in each. */
static gboolean
settle_issues (DfAgent    *agent,
               DfStore    *store,
               gint64      project_id,
               GPtrArray  *issues,
               GError    **error)
{
  g_autoptr(GHashTable) dismissed = df_agent_dismissed_set (store, project_id, error);

  if (dismissed == NULL)
    return FALSE;

  for (guint i = 0; i < issues->len; )
    {
      DfAgentIssue *issue = g_ptr_array_index (issues, i);
      g_autofree char *fingerprint = NULL;

      g_free (issue->agent);
      issue->agent = g_strdup (df_agent_get_agent_type (agent));
      fingerprint = df_agent_issue_fingerprint (issue);
      if (g_hash_table_contains (dismissed, fingerprint))
        g_ptr_array_remove_index (issues, i);
      else
        i++;
    }
  return TRUE;
}

gint64
df_agent_run_with (DfAgent              *agent,
                   DfStore              *store,
                   gint64                project_id,
                   gint64                chapter_id,
                   const char           *trigger,
                   const DfAgentOptions *options,
                   GPtrArray           **issues_out,
                   GCancellable         *cancellable,
                   GError              **error)
{
  DfAgentInterface *iface;
  static const DfAgentOptions offline = { "offline", NULL, NULL };
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 run_id;

  g_return_val_if_fail (DF_IS_AGENT (agent), 0);

  iface = DF_AGENT_GET_IFACE (agent);
  if (options == NULL)
    options = &offline;

  run_id = start_run (agent, store, project_id, chapter_id, trigger, error);
  if (run_id == 0)
    return 0;

  if (iface->analyze_async != default_analyze_async && iface->analyze_async != NULL)
    {
      /* An agent with an asynchronous analysis of its own: called, and
       * waited for here (this is a worker or the helper process). */
      g_autoptr(GAsyncResult) result = NULL;
      GMainContext *context = _df_plugin_wait_begin ();

      iface->analyze_async (agent, store, project_id, chapter_id, options, cancellable, _df_plugin_wait_cb, &result);
      _df_plugin_wait_end (context, &result);
      issues = iface->analyze_finish (agent, result, &local_error);
    }
  else
    issues = analyze_sync (agent, store, project_id, chapter_id, options, cancellable, &local_error);

  if (issues != NULL && !settle_issues (agent, store, project_id, issues, &local_error))
    g_clear_pointer (&issues, g_ptr_array_unref);

  if (!finish_run (store, run_id, issues, local_error, error))
    return 0;

  if (issues == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }

  if (issues_out != NULL)
    *issues_out = g_steal_pointer (&issues);
  return run_id;
}

void
df_agent_analyze_async (DfAgent              *self,
                        DfStore              *store,
                        gint64                project_id,
                        gint64                chapter_id,
                        const DfAgentOptions *options,
                        GCancellable         *cancellable,
                        GAsyncReadyCallback   callback,
                        gpointer              user_data)
{
  g_return_if_fail (DF_IS_AGENT (self));
  DF_AGENT_GET_IFACE (self)->analyze_async (self, store, project_id, chapter_id, options, cancellable, callback,
                                            user_data);
}

GPtrArray *
df_agent_analyze_finish (DfAgent       *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (DF_IS_AGENT (self), NULL);
  return DF_AGENT_GET_IFACE (self)->analyze_finish (self, result, error);
}

gint64
df_agent_run (DfAgent       *agent,
              DfStore       *store,
              gint64         project_id,
              gint64         chapter_id,
              const char    *trigger,
              GPtrArray    **issues_out,
              GCancellable  *cancellable,
              GError       **error)
{
  return df_agent_run_with (agent, store, project_id, chapter_id, trigger, NULL,
                            issues_out, cancellable, error);
}
