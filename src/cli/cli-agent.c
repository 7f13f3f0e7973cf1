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

static const char *
severity_name (DfIssueSeverity severity)
{
  switch (severity)
    {
    case DF_ISSUE_ERROR: return "error";
    case DF_ISSUE_WARNING: return "warning";
    case DF_ISSUE_INFO:
    default: return "info";
    }
}

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

static void
add_chapter_number (JsonBuilder *builder,
                    GHashTable  *chapters,
                    gint64       chapter_id)
{
  DfChapter *chapter = chapter_id > 0 ? g_hash_table_lookup (chapters, &chapter_id) : NULL;

  json_builder_set_member_name (builder, "chapter");
  if (chapter != NULL)
    json_builder_add_int_value (builder, chapter->number);
  else
    json_builder_add_null_value (builder);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_issue_json (JsonBuilder        *builder,
                GHashTable         *chapters,
                const DfAgentIssue *issue,
                guint               number)
{
  DfChapter *chapter = issue->chapter_id > 0 ? g_hash_table_lookup (chapters, &issue->chapter_id) : NULL;
  JsonNode *data;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "number");
  json_builder_add_int_value (builder, number);
  add_string_or_null (builder, "agent", issue->agent);
  add_string_or_null (builder, "check", issue->check);
  add_string_or_null (builder, "category", issue->category);
  add_string_or_null (builder, "severity", severity_name (issue->severity));
  add_chapter_number (builder, chapters, issue->chapter_id);
  add_string_or_null (builder, "chapter_title", chapter ? chapter->title : NULL);
  json_builder_set_member_name (builder, "line");
  json_builder_add_int_value (builder, issue->line);
  json_builder_set_member_name (builder, "offset");
  if (issue->offset >= 0)
    json_builder_add_int_value (builder, issue->offset);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "length");
  json_builder_add_int_value (builder, issue->offset >= 0 ? issue->length : 0);
  add_string_or_null (builder, "quote", issue->quote);
  add_string_or_null (builder, "message", issue->message);
  add_string_or_null (builder, "suggestion", issue->suggestion);
  json_builder_set_member_name (builder, "evidence");
  json_builder_begin_array (builder);
  for (guint i = 0; issue->evidence != NULL && i < issue->evidence->len; i++)
    {
      const DfAgentEvidence *evidence = issue->evidence->pdata[i];

      json_builder_begin_object (builder);
      add_chapter_number (builder, chapters, evidence->chapter_id);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, evidence->line);
      add_string_or_null (builder, "quote", evidence->quote);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "confidence");
  json_builder_add_double_value (builder, issue->confidence);
  json_builder_set_member_name (builder, "data");
  if (issue->data != NULL && (data = json_from_string (issue->data, NULL)) != NULL)
    json_builder_add_value (builder, data);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static void
add_run_json (JsonBuilder          *builder,
              GHashTable           *chapters,
              const DfAgentRunInfo *run)
{
  json_builder_set_member_name (builder, "run");
  json_builder_add_int_value (builder, run->id);
  add_string_or_null (builder, "agent", run->agent_type);
  add_chapter_number (builder, chapters, run->chapter_id);
  add_string_or_null (builder, "trigger", run->trigger);
  add_string_or_null (builder, "status", run->status);
  add_string_or_null (builder, "summary", run->summary);
  add_string_or_null (builder, "error", run->error);
  add_string_or_null (builder, "created_at", run->created_at);
  add_string_or_null (builder, "completed_at", run->completed_at);
}

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
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      add_run_json (builder, chapters, run);
      json_builder_set_member_name (builder, "issues");
      json_builder_begin_array (builder);
      for (guint i = 0; i < issues->len; i++)
        add_issue_json (builder, chapters, issues->pdata[i], i + 1);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      cli_json_print (root);
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
      cli_outf ("  %s  %s", severity_name (issue->severity), message);
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

static gboolean
agent_list (Cli     *cli,
            char   **args,
            GError **error)
{
  g_autoptr(DfPluginHost) host = cli_plugin_host (cli, TRUE, error);
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(CliTable) table = cli_table_new (3, 0);

  if (host == NULL)
    return FALSE;
  agents = df_plugin_host_get_agents (host);
  json_builder_begin_array (builder);
  cli_table_add (table, _("AGENT"));
  cli_table_add (table, _("NAME"));
  cli_table_add (table, _("PLUGIN"));
  for (guint i = 0; i < agents->len; i++)
    {
      DfAgent *agent = agents->pdata[i];
      const char *plugin_id = df_plugin_host_get_extension_plugin_id (host, G_OBJECT (agent));

      json_builder_begin_object (builder);
      add_string_or_null (builder, "agent", df_agent_get_agent_type (agent));
      add_string_or_null (builder, "name", df_agent_get_name (agent));
      add_string_or_null (builder, "plugin", plugin_id);
      json_builder_end_object (builder);
      cli_table_add (table, df_agent_get_agent_type (agent));
      cli_table_add (table, df_agent_get_name (agent));
      cli_table_add (table, cli_or_dash (plugin_id));
    }
  json_builder_end_array (builder);

  if (cli_opt_json)
    {
      root = json_builder_get_root (builder);
      cli_json_print (root);
    }
  else if (agents->len == 0)
    cli_note (_("No agent: no enabled plugin provides one (see “%s plugin list”)"), CLI_PROGRAM);
  else
    cli_table_print (table);
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
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(CliTable) table = cli_table_new (6, 1 << 0 | 1 << 4);

  if (project == NULL || (runs = df_agent_runs_list (cli->store, project->id, opt_agent, error)) == NULL ||
      (chapters = chapters_by_id (cli, project->id, error)) == NULL)
    return FALSE;

  json_builder_begin_array (builder);
  cli_table_add (table, _("RUN"));
  cli_table_add (table, _("AGENT"));
  cli_table_add (table, _("WHEN"));
  cli_table_add (table, _("STATUS"));
  cli_table_add (table, _("ISSUES"));
  cli_table_add (table, _("CHAPTER"));
  for (guint i = 0; i < runs->len; i++)
    {
      const DfAgentRunInfo *run = runs->pdata[i];
      DfChapter *chapter = run->chapter_id > 0 ? g_hash_table_lookup (chapters, &run->chapter_id) : NULL;
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, run->id);
      g_autofree char *when = cli_short_time (run->created_at);
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, run->issue_count);
      g_autofree char *number = chapter ? g_strdup_printf ("%" G_GINT64_FORMAT, chapter->number) : NULL;

      cli_table_add (table, id);
      cli_table_add (table, run->agent_type);
      cli_table_add (table, when);
      cli_table_add (table, run->status);
      cli_table_add (table, count);
      cli_table_add (table, number ? number : _("all"));

      json_builder_begin_object (builder);
      add_run_json (builder, chapters, run);
      json_builder_set_member_name (builder, "issue_count");
      json_builder_add_int_value (builder, run->issue_count);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (cli_opt_json)
    {
      root = json_builder_get_root (builder);
      cli_json_print (root);
    }
  else if (runs->len == 0)
    cli_note (_("No agent has checked “%s” yet (see “%s agent run”)"), project->title, CLI_PROGRAM);
  else
    cli_table_print (table);
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
