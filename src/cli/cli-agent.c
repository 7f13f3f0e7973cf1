/* cli-agent.c: agent list, run, runs, show, dismiss, forget
 *
 * Agents are plugins (continuity, style, …), found through the plugin
 * host; their runs and the findings a writer dismissed are the core's
 * (df-agent-runs.h).  An issue is named on the command line by its run
 * and its number in that run, as `agent show` lists it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "cli-private.h"
#include "df-agent-runs.h"
#include "df-plugin-job.h"

static char *opt_chapter;
static char *opt_mode;
static char *opt_agent;

/* ---- shared -------------------------------------------------------------- */

/* The chapters of a project by id, for their numbers and titles. */
static GHashTable *
chapters_by_id (Cli      *cli,
                gint64    project_id,
                GError  **error)
{
  g_autoptr(GPtrArray) chapters = df_chapter_list (cli->store, project_id, error);
  GHashTable *by_id;

  if (chapters == NULL)
    return NULL;
  by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) df_chapter_free);
  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *chapter = chapters->pdata[i];
      g_hash_table_insert (by_id, &chapter->id, chapter);
    }
  g_ptr_array_set_free_func (chapters, NULL);
  return by_id;
}

/* What the getters below read: the project's chapters by id, the plugin
 * host (for an agent's plugin) and the run's issues. */
typedef struct
{
  GHashTable   *chapters;
  DfPluginHost *host;
  GPtrArray    *issues;    /* IssueView* */
} AgentData;

/* An issue (a shallow copy) with its number in the run, as "agent
 * dismiss" names it. */
typedef struct
{
  gint64       number;
  DfAgentIssue issue;
} IssueView;

static void
set_chapter_number (CliValue      *value,
                    gconstpointer  data,
                    gint64         chapter_id)
{
  const AgentData *agent_data = data;
  DfChapter *chapter = chapter_id > 0 ? g_hash_table_lookup (agent_data->chapters, &chapter_id) : NULL;

  if (chapter != NULL)
    cli_value_set_int (value, chapter->number);
}

static void
get_evidence_chapter (gconstpointer  record,
                      gconstpointer  data,
                      CliValue      *value)
{
  set_chapter_number (value, data, ((const DfAgentEvidence *)record)->chapter_id);
}

static const CliField evidence_fields[] = {
  CLI_COMPUTED ("chapter", get_evidence_chapter),
  CLI_MEMBER (DfAgentEvidence, "line", line, CLI_INT32),
  CLI_MEMBER (DfAgentEvidence, "quote", quote, CLI_STRING),
};
static const CliFields evidence_items = CLI_FIELDS (evidence_fields);

static void
get_issue_severity (gconstpointer  record,
                    gconstpointer  data,
                    CliValue      *value)
{
  cli_value_set_string (value, df_agent_severity_name (((const IssueView *)record)->issue.severity));
}

static void
get_issue_chapter (gconstpointer  record,
                   gconstpointer  data,
                   CliValue      *value)
{
  set_chapter_number (value, data, ((const IssueView *)record)->issue.chapter_id);
}

static void
get_issue_chapter_title (gconstpointer  record,
                         gconstpointer  data,
                         CliValue      *value)
{
  const AgentData *agent_data = data;
  const DfAgentIssue *issue = &((const IssueView *)record)->issue;
  DfChapter *chapter = issue->chapter_id > 0 ? g_hash_table_lookup (agent_data->chapters, &issue->chapter_id) : NULL;

  if (chapter != NULL)
    cli_value_set_string (value, chapter->title);
}

/* Where the flagged words are: null when the issue names no words. */
static void
get_issue_offset (gconstpointer  record,
                  gconstpointer  data,
                  CliValue      *value)
{
  const DfAgentIssue *issue = &((const IssueView *)record)->issue;

  if (issue->offset >= 0)
    cli_value_set_int (value, issue->offset);
}

static void
get_issue_length (gconstpointer  record,
                  gconstpointer  data,
                  CliValue      *value)
{
  const DfAgentIssue *issue = &((const IssueView *)record)->issue;

  cli_value_set_int (value, issue->offset >= 0 ? issue->length : 0);
}

static void
get_issue_evidence (gconstpointer  record,
                    gconstpointer  data,
                    CliValue      *value)
{
  cli_value_set_list (value, &evidence_items, ((const IssueView *)record)->issue.evidence);
}

/* The agent's own details, as the JSON they are stored as. */
static void
get_issue_data (gconstpointer  record,
                gconstpointer  data,
                CliValue      *value)
{
  const DfAgentIssue *issue = &((const IssueView *)record)->issue;

  value->type = CLI_NODE;
  value->node = issue->data != NULL ? json_from_string (issue->data, NULL) : NULL;
}

static const CliField issue_fields[] = {
  CLI_MEMBER (IssueView, "number", number, CLI_INT),
  CLI_MEMBER (IssueView, "agent", issue.agent, CLI_STRING),
  CLI_MEMBER (IssueView, "check", issue.check, CLI_STRING),
  CLI_MEMBER (IssueView, "category", issue.category, CLI_STRING),
  CLI_COMPUTED ("severity", get_issue_severity),
  CLI_COMPUTED ("chapter", get_issue_chapter),
  CLI_COMPUTED ("chapter_title", get_issue_chapter_title),
  CLI_MEMBER (IssueView, "line", issue.line, CLI_INT32),
  CLI_COMPUTED ("offset", get_issue_offset),
  CLI_COMPUTED ("length", get_issue_length),
  CLI_MEMBER (IssueView, "quote", issue.quote, CLI_STRING),
  CLI_MEMBER (IssueView, "message", issue.message, CLI_STRING),
  CLI_MEMBER (IssueView, "suggestion", issue.suggestion, CLI_STRING),
  CLI_COMPUTED ("evidence", get_issue_evidence),
  CLI_MEMBER (IssueView, "confidence", issue.confidence, CLI_DOUBLE),
  CLI_COMPUTED ("data", get_issue_data),
};
static const CliFields issue_items = CLI_FIELDS (issue_fields);

static void
get_run_chapter (gconstpointer  record,
                 gconstpointer  data,
                 CliValue      *value)
{
  set_chapter_number (value, data, ((const DfAgentRunInfo *)record)->chapter_id);
}

static void
get_run_issues (gconstpointer  record,
                gconstpointer  data,
                CliValue      *value)
{
  cli_value_set_list (value, &issue_items, ((const AgentData *)data)->issues);
}

/* A run's own fields, then what `agent show` (its issues) or `agent
 * runs` (their count) adds. */
#define RUN_FIELDS \
  CLI_MEMBER (DfAgentRunInfo, "run", id, CLI_INT), \
  CLI_MEMBER (DfAgentRunInfo, "agent", agent_type, CLI_STRING), \
  CLI_COMPUTED ("chapter", get_run_chapter), \
  CLI_MEMBER (DfAgentRunInfo, "trigger", trigger, CLI_STRING), \
  CLI_MEMBER (DfAgentRunInfo, "status", status, CLI_STRING), \
  CLI_MEMBER (DfAgentRunInfo, "summary", summary, CLI_STRING), \
  CLI_MEMBER (DfAgentRunInfo, "error", error, CLI_STRING), \
  CLI_MEMBER (DfAgentRunInfo, "created_at", created_at, CLI_STRING), \
  CLI_MEMBER (DfAgentRunInfo, "completed_at", completed_at, CLI_STRING)

static const CliField run_fields[] = {
  RUN_FIELDS,
  CLI_COMPUTED ("issues", get_run_issues),
};
static const CliFields run_record = CLI_FIELDS (run_fields);

static const CliField runs_fields[] = {
  RUN_FIELDS,
  CLI_MEMBER (DfAgentRunInfo, "issue_count", issue_count, CLI_INT),
};
static const CliFields runs_records = CLI_FIELDS (runs_fields);

static const CliColumn runs_columns[] = {
  { N_("RUN"), "run", CLI_CELL_RIGHT },
  { N_("AGENT"), "agent" },
  { N_("WHEN"), "created_at", CLI_CELL_TIME },
  { N_("STATUS"), "status" },
  { N_("ISSUES"), "issue_count", CLI_CELL_RIGHT },
  { N_("CHAPTER"), "chapter", 0, NULL, N_("all") },
};
static const CliView runs_view = CLI_VIEW (runs_columns);

/* A run and its issues: an object with an "issues" list (--json), or the
 * issues by chapter for people. */
static void
print_run (const DfAgentRunInfo *run,
           GHashTable           *chapters,
           GPtrArray            *issues)
{
  gint64 shown_chapter = -1;

  if (cli_opt_json)
    {
      g_autoptr(GPtrArray) views = g_ptr_array_new_with_free_func (g_free);
      AgentData data = { chapters, NULL, views };

      for (guint i = 0; i < issues->len; i++)
        {
          IssueView *view = g_new (IssueView, 1);

          view->number = i + 1;
          view->issue = *(const DfAgentIssue *)issues->pdata[i];
          g_ptr_array_add (views, view);
        }
      cli_print_record_json (&run_record, run, &data);
      return;
    }

  for (guint i = 0; i < issues->len; i++)
    {
      const DfAgentIssue *issue = issues->pdata[i];
      g_autofree char *message = cli_one_line (issue->message);

      if (issue->chapter_id != shown_chapter)
        {
          DfChapter *chapter = g_hash_table_lookup (chapters, &issue->chapter_id);

          if (chapter != NULL)
            cli_outf (_("Chapter %" PRId64 ": %s\n"), chapter->number, chapter->title);
          else
            cli_outf ("%s\n", _("The whole book"));
          shown_chapter = issue->chapter_id;
        }
      cli_outf ("  %3u  ", i + 1);
      if (issue->line > 0)
        cli_outf (_("line %d"), issue->line);
      cli_outf ("  %s  %s", df_agent_severity_name (issue->severity), message);
      if (issue->quote != NULL)
        {
          g_autofree char *quote = cli_one_line (issue->quote);
          cli_outf ("  “%s”", quote);
        }
      if (issue->suggestion != NULL)
        cli_outf (_("  (try: %s)"), issue->suggestion);
      cli_out ("\n");
    }
  cli_outf (_("Run %" PRId64 " of %s: %s\n"), run->id, run->agent_type,
            run->summary ? run->summary : run->status);
}

static DfAgent *
find_agent (Cli            *cli,
            const char     *agent_type,
            DfPluginHost  **host_out,
            const char    **plugin_id_out,
            GError        **error)
{
  g_autoptr(DfPluginHost) host = cli_plugin_host (cli, TRUE, error);
  DfAgent *agent;

  if (host == NULL)
    return NULL;
  agent = df_plugin_host_find_agent (host, agent_type);
  if (agent == NULL)
    {
      cli_failed (error, _("There is no agent “%s”: see “%s agent list” for the agents of the enabled plugins"),
                  agent_type, CLI_PROGRAM);
      return NULL;
    }
  *plugin_id_out = df_plugin_host_get_extension_plugin_id (host, G_OBJECT (agent));
  *host_out = g_steal_pointer (&host);
  return g_object_ref (agent);
}

/* ---- agent list ---------------------------------------------------------- */

static void
get_agent_type (gconstpointer  record,
                gconstpointer  data,
                CliValue      *value)
{
  cli_value_set_string (value, df_agent_get_agent_type ((DfAgent *)record));
}

static void
get_agent_name (gconstpointer  record,
                gconstpointer  data,
                CliValue      *value)
{
  cli_value_set_string (value, df_agent_get_name ((DfAgent *)record));
}

static void
get_agent_plugin (gconstpointer  record,
                  gconstpointer  data,
                  CliValue      *value)
{
  const AgentData *agent_data = data;

  cli_value_set_string (value, df_plugin_host_get_extension_plugin_id (agent_data->host, G_OBJECT (record)));
}

static const CliField agent_fields[] = {
  CLI_COMPUTED ("agent", get_agent_type),
  CLI_COMPUTED ("name", get_agent_name),
  CLI_COMPUTED ("plugin", get_agent_plugin),
};
static const CliFields agent_records = CLI_FIELDS (agent_fields);

static const CliColumn agent_columns[] = {
  { N_("AGENT"), "agent" },
  { N_("NAME"), "name" },
  { N_("PLUGIN"), "plugin", CLI_CELL_DASH },
};
static const CliView agent_view = CLI_VIEW (agent_columns);

static gboolean
agent_list (Cli     *cli,
            char   **args,
            GError **error)
{
  g_autoptr(DfPluginHost) host = cli_plugin_host (cli, TRUE, error);
  g_autoptr(GPtrArray) agents = NULL;
  AgentData data = { NULL, host, NULL };

  if (host == NULL)
    return FALSE;
  agents = df_plugin_host_get_agents (host);
  if (!cli_print_list (&agent_records, &agent_view, agents, &data))
    cli_note (_("No agent: no enabled plugin provides one (see “%s plugin list”)"), CLI_PROGRAM);
  return TRUE;
}

const CliBuiltin cli_agent_list = {
  "", 0, 0, cli_json_options,
  N_("Lists the agents of the enabled plugins: the checks “agent run” can run."),
  agent_list,
};

/* ---- agent run ----------------------------------------------------------- */

static const GOptionEntry run_entries[] = {
  { "chapter", 0, 0, G_OPTION_ARG_STRING, &opt_chapter, N_("Check only chapter N"), N_("N") },
  { "mode", 0, 0, G_OPTION_ARG_STRING, &opt_mode,
    N_("offline (the default: no network, no credits) or model (the AI provider)"), N_("MODE") },
  CLI_OPTION_JSON,
  G_OPTION_ENTRY_NULL
};

static void
progress_cb (double      fraction,
             const char *message,
             gpointer    user_data)
{
  (void) user_data;
  if (isatty (2))
    fprintf (stderr, "\r%3.0f%% %s\033[K", fraction * 100, message ? message : "");
}

static gboolean
agent_run (Cli     *cli,
           char   **args,
           GError **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(DfPluginHost) host = NULL;
  g_autoptr(DfAgent) agent = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GHashTable) chapters = NULL;
  g_autoptr(DfAgentRunInfo) run = NULL;
  DfAgentOptions options = { "offline", progress_cb, NULL };
  DfPluginJobLimits limits = { 0, 0, TRUE };
  const char *plugin_id = NULL;
  gint64 run_id;

  if (opt_mode != NULL && g_strcmp0 (opt_mode, "offline") != 0 && g_strcmp0 (opt_mode, "model") != 0)
    {
      cli_usage_error (error, _("Unknown mode “%s”: use offline or model"), opt_mode);
      return FALSE;
    }
  if (opt_mode != NULL)
    options.mode = opt_mode;

  project = cli_project (cli, args[1], FALSE, error);
  if (project == NULL)
    return FALSE;
  if (opt_chapter != NULL && (chapter = cli_chapter (cli, args[1], opt_chapter, error)) == NULL)
    return FALSE;
  if ((agent = find_agent (cli, args[0], &host, &plugin_id, error)) == NULL)
    return FALSE;

  /* in the helper process: a plugin that crashes or hangs fails the run,
   * not the command line */
  run_id = df_plugin_job_agent (host, agent, cli->store, project->id, chapter ? chapter->id : 0, "manual",
                                &options, &limits, NULL, error);
  if (isatty (2))
    fprintf (stderr, "\r\033[K");
  if (run_id == 0)
    return FALSE;

  if ((run = df_agent_runs_get (cli->store, run_id, error)) == NULL ||
      (issues = df_agent_runs_get_issues (cli->store, run_id, error)) == NULL ||
      (chapters = chapters_by_id (cli, project->id, error)) == NULL)
    return FALSE;
  print_run (run, chapters, issues);
  return TRUE;
}

const CliBuiltin cli_agent_run = {
  N_("AGENT SLUG"), 2, 2, run_entries,
  N_("Runs an agent (see “agent list”) on the project, or on one chapter, and lists what it found by "
     "chapter, leaving out what was dismissed. The run is kept: “agent runs” lists it. Exit status 0 "
     "when the run completed, whatever it found."),
  agent_run,
};

/* ---- agent runs ---------------------------------------------------------- */

static const GOptionEntry runs_entries[] = {
  { "agent", 0, 0, G_OPTION_ARG_STRING, &opt_agent, N_("Only the runs of AGENT"), N_("AGENT") },
  CLI_OPTION_JSON,
  G_OPTION_ENTRY_NULL
};

static gboolean
agent_runs (Cli     *cli,
            char   **args,
            GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GHashTable) chapters = NULL;
  AgentData data = { NULL, NULL, NULL };

  if (project == NULL || (runs = df_agent_runs_list (cli->store, project->id, opt_agent, error)) == NULL ||
      (chapters = chapters_by_id (cli, project->id, error)) == NULL)
    return FALSE;
  data.chapters = chapters;
  if (!cli_print_list (&runs_records, &runs_view, runs, &data))
    cli_note (_("No agent has checked “%s” yet (see “%s agent run”)"), project->title, CLI_PROGRAM);
  return TRUE;
}

const CliBuiltin cli_agent_runs = {
  N_("SLUG"), 1, 1, runs_entries,
  N_("Lists the project's agent runs, newest first, with their status and how many issues each found."),
  agent_runs,
};

/* ---- agent show ---------------------------------------------------------- */

static DfAgentRunInfo *
run_of (Cli         *cli,
        const char  *text,
        GPtrArray  **issues_out,
        GHashTable **chapters_out,
        GError     **error)
{
  g_autoptr(DfAgentRunInfo) run = NULL;
  gint64 run_id;

  if (!cli_open (cli, error) || !cli_parse_number (_("run"), text, 1, G_MAXINT64, &run_id, error) ||
      (run = df_agent_runs_get (cli->store, run_id, error)) == NULL ||
      (*issues_out = df_agent_runs_get_issues (cli->store, run_id, error)) == NULL ||
      (*chapters_out = chapters_by_id (cli, run->project_id, error)) == NULL)
    return NULL;
  return g_steal_pointer (&run);
}

static gboolean
agent_show (Cli     *cli,
            char   **args,
            GError **error)
{
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GHashTable) chapters = NULL;
  g_autoptr(DfAgentRunInfo) run = run_of (cli, args[0], &issues, &chapters, error);

  if (run == NULL)
    return FALSE;
  if (run->error != NULL && !cli_opt_json)
    cli_note (_("The run failed: %s"), run->error);
  print_run (run, chapters, issues);
  return TRUE;
}

const CliBuiltin cli_agent_show = {
  N_("RUN"), 1, 1, cli_json_options,
  N_("Shows what a run found (“agent runs” lists them), numbered as “agent dismiss” names them; "
     "what was dismissed since is left out."),
  agent_show,
};

/* ---- agent dismiss ------------------------------------------------------- */

static gboolean
agent_dismiss (Cli     *cli,
               char   **args,
               GError **error)
{
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GHashTable) chapters = NULL;
  g_autoptr(DfAgentRunInfo) run = run_of (cli, args[0], &issues, &chapters, error);
  const DfAgentIssue *issue;
  gint64 number;

  if (run == NULL)
    return FALSE;
  if (issues->len == 0)
    {
      cli_failed (error, _("Run %" PRId64 " has no issue left to dismiss"), run->id);
      return FALSE;
    }
  if (!cli_parse_number (_("issue"), args[1], 1, issues->len, &number, error))
    return FALSE;
  issue = issues->pdata[number - 1];
  if (!df_agent_dismiss (cli->store, run->project_id, issue, error))
    return FALSE;
  cli_outf (_("Dismissed: %s\n"), issue->message);
  return TRUE;
}

const CliBuiltin cli_agent_dismiss = {
  N_("RUN ISSUE"), 2, 2, NULL,
  N_("Dismisses issue number ISSUE of a run (as “agent show” numbers them): no run shows that finding on "
     "the same words again. “agent forget” brings dismissed findings back."),
  agent_dismiss,
};

/* ---- agent forget -------------------------------------------------------- */

static const GOptionEntry forget_entries[] = {
  { "agent", 0, 0, G_OPTION_ARG_STRING, &opt_agent, N_("Only what was dismissed from AGENT"), N_("AGENT") },
  G_OPTION_ENTRY_NULL
};

static gboolean
agent_forget (Cli     *cli,
              char   **args,
              GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  guint n = 0;

  if (project == NULL || !df_agent_dismissals_clear (cli->store, project->id, opt_agent, &n, error))
    return FALSE;
  cli_outf (g_dngettext (GETTEXT_PACKAGE, "%u dismissed finding will show again\n",
                         "%u dismissed findings will show again\n", n), n);
  return TRUE;
}

const CliBuiltin cli_agent_forget = {
  N_("SLUG"), 1, 1, forget_entries,
  N_("Forgets the findings dismissed in the project (or only one agent's): later runs show them again."),
  agent_forget,
};
