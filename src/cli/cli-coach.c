/* cli-coach.c: coach ask, history, plan, and tasks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cli-private.h"
#include "df-ai.h"
#include "df-chat.h"
#include "df-plan.h"

/* ---- the coach ----------------------------------------------------------- */

/* A failure of the coach: for want of a provider, it also says how to set
 * one up, and gives the suggestions that need no model. */
static gboolean
coach_failed (Cli      *cli,
              gint64    project_id,
              GError   *failure,
              GError  **error)
{
  if (df_coach_is_setup_error (failure))
    {
      g_autofree char *suggestions = df_coach_suggestions (cli->store, project_id, NULL);

      if (suggestions != NULL)
        cli_outf ("%s\n", suggestions);
      cli_note ("%s", df_coach_setup_text ());
    }
  g_propagate_error (error, failure);
  return FALSE;
}

/* The active profile's provider, which must have a base URL and a model. */
static DfAiConfig *
coach_config (Cli     *cli,
              GError **error)
{
  g_autoptr(DfProfile) profile = df_profile_get_active (cli->store, NULL);
  g_autoptr(DfAiConfig) config = df_ai_config_load (cli->store, profile ? profile->id : NULL, error);

  if (config == NULL)
    return NULL;
  if (config->base_url == NULL || *config->base_url == '\0' ||
      config->model == NULL || *config->model == '\0')
    {
      g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_NOT_CONFIGURED,
                   _("No AI provider is set up (a base URL and a model are needed)"));
      return NULL;
    }
  return g_steal_pointer (&config);
}

static void
print_delta (const char *delta,
             gpointer    data)
{
  gboolean *any = data;

  cli_out (delta);
  fflush (stdout);
  *any = TRUE;
}

/* Asks the coach about @project, streaming the answer to stdout. */
static DfAiResponse *
ask (Cli              *cli,
     const DfAiConfig *config,
     const DfProject  *project,
     GError          **error)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(DfAiResponse) response = NULL;
  DfAiRequest request = { 0 };
  gboolean any = FALSE;

  messages = df_coach_build_messages (cli->store, project->id, error);
  if (messages == NULL)
    return NULL;

  profile = df_profile_get_active (cli->store, NULL);
  request.agent = "coach";
  request.profile_id = profile ? profile->id : NULL;
  request.project_id = project->id;
  request.messages = messages;
  request.temperature = -1;

  response = df_ai_complete (config, cli->store, &request, print_delta, &any, NULL, error);
  /* The whole answer even when the provider did not stream. */
  if (response != NULL && !any && response->content != NULL)
    cli_out (response->content);
  if (response != NULL || any)
    cli_out ("\n");
  return g_steal_pointer (&response);
}

static gboolean
coach_ask (Cli     *cli,
           char   **args,
           GError **error)
{
  g_autoptr(GError) failure = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfAiConfig) config = NULL;
  g_autoptr(DfChatMessage) question = NULL;
  g_autoptr(DfChatMessage) reply = NULL;
  g_autoptr(DfChatMessage) prompt = NULL;
  g_autoptr(DfAiResponse) response = NULL;
  g_autofree char *text = g_strstrip (g_strdup (args[1]));

  if (*text == '\0')
    {
      cli_usage_error (error, _("the question is empty"));
      return FALSE;
    }

  project = cli_project (cli, args[0], FALSE, error);
  if (project == NULL)
    return FALSE;

  config = coach_config (cli, &failure);
  if (config == NULL)
    return coach_failed (cli, project->id, g_steal_pointer (&failure), error);

  question = df_coach_add_user_message (cli->store, project->id, text, error);
  if (question == NULL)
    return FALSE;
  response = ask (cli, config, project, &failure);
  if (response == NULL)
    return coach_failed (cli, project->id, g_steal_pointer (&failure), error);

  reply = df_coach_add_reply (cli->store, project->id,
                              response->content && *response->content ? response->content : "…",
                              &prompt, error);
  if (reply == NULL)
    return FALSE;
  if (prompt != NULL)
    cli_outf ("\n%s\n", prompt->content);
  return TRUE;
}

const CliBuiltin cli_coach_ask = {
  N_("SLUG QUESTION"), 2, 2, NULL,
  NULL,
  coach_ask,
};

static void
get_reply_to (gconstpointer  record,
              gconstpointer  data,
              CliValue      *value)
{
  const DfChatMessage *message = record;

  if (message->reply_to > 0)
    cli_value_set_int (value, message->reply_to);
}

static const CliField message_field_list[] = {
  CLI_MEMBER (DfChatMessage, "id", id, CLI_INT),
  CLI_MEMBER (DfChatMessage, "sender", sender, CLI_STRING),
  CLI_MEMBER (DfChatMessage, "content", content, CLI_STRING),
  CLI_MEMBER (DfChatMessage, "is_profiling_prompt", is_profiling_prompt, CLI_BOOL),
  CLI_COMPUTED ("reply_to", get_reply_to),
  CLI_MEMBER (DfChatMessage, "created_at", created_at, CLI_STRING),
};

static const CliFields message_fields = CLI_FIELDS (message_field_list);

/* Each message: who and when on one line, then the text, a blank line
 * between messages. */
static void
print_conversation (GPtrArray *messages)
{
  for (guint i = 0; i < messages->len; i++)
    {
      DfChatMessage *m = messages->pdata[i];
      g_autofree char *when = cli_short_time (m->created_at);

      cli_outf ("%s%s  %s\n%s\n", i > 0 ? "\n" : "",
                strcmp (m->sender, "coach") == 0 ? _("Coach") : _("You"), when, m->content);
    }
}

static gboolean
coach_history (Cli     *cli,
               char   **args,
               GError **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  project = cli_project (cli, args[0], FALSE, error);
  if (project == NULL)
    return FALSE;
  messages = df_chat_list (cli->store, project->id, 0, error);
  if (messages == NULL)
    return FALSE;

  if (cli_opt_json)
    cli_print_records_json (&message_fields, messages, NULL);
  else
    print_conversation (messages);
  return TRUE;
}

const CliBuiltin cli_coach_history = {
  N_("SLUG"), 1, 1, cli_json_options,
  NULL,
  coach_history,
};

static gboolean
coach_plan (Cli     *cli,
            char   **args,
            GError **error)
{
  g_autoptr(GError) failure = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfAiConfig) config = NULL;
  g_autoptr(DfPlan) plan = NULL;
  g_autofree char *summary = NULL;

  project = cli_project (cli, args[0], FALSE, error);
  if (project == NULL)
    return FALSE;

  config = coach_config (cli, &failure);
  if (config != NULL)
    plan = df_coach_request_plan (config, cli->store, project->id, NULL, NULL, &failure);
  if (plan == NULL)
    return coach_failed (cli, project->id, g_steal_pointer (&failure), error);

  summary = df_coach_plan_summary (cli->store, plan);
  cli_outf ("%s\n", summary);
  return TRUE;
}

const CliBuiltin cli_coach_plan = {
  N_("SLUG"), 1, 1, NULL,
  NULL,
  coach_plan,
};

/* ---- tasks --------------------------------------------------------------- */

static const CliField task_field_list[] = {
  CLI_MEMBER (DfTask, "number", position, CLI_INT),
  CLI_MEMBER (DfTask, "plan_id", plan_id, CLI_INT),
  CLI_MEMBER (DfTask, "description", description, CLI_STRING),
  CLI_MEMBER (DfTask, "due_date", due_date, CLI_STRING),
  CLI_MEMBER (DfTask, "status", status, CLI_STRING),
  CLI_MEMBER (DfTask, "completed_at", completed_at, CLI_STRING),
};

static const CliFields task_fields = CLI_FIELDS (task_field_list);

static const CliColumn task_column_list[] = {
  { "#", "number", CLI_CELL_RIGHT },
  { N_("DUE"), "due_date", CLI_CELL_DASH },
  { N_("STATUS"), "status", 0 },
  { N_("TASK"), "description", 0 },
};

static const CliView task_columns = CLI_VIEW (task_column_list);

static gboolean opt_all;

static const GOptionEntry tasks_entries[] = {
  { "all", 0, 0, G_OPTION_ARG_NONE, &opt_all, N_("Also list completed and skipped tasks"), NULL },
  CLI_OPTION_JSON,
  G_OPTION_ENTRY_NULL
};

/* Project @slug, with its pending tasks whose day has passed marked as
 * missed. */
static DfProject *
tasks_project (Cli         *cli,
               const char  *slug,
               GError     **error)
{
  g_autoptr(DfProject) project = cli_project (cli, slug, FALSE, error);

  if (project == NULL || df_task_mark_overdue (cli->store, project->id, error) < 0)
    return NULL;
  return g_steal_pointer (&project);
}

/* tasks SLUG N complete|skip */
static gboolean
tasks_mark (Cli     *cli,
            char   **args,
            GError **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfTask) task = NULL;
  const char *status;
  gint64 n;

  if (!cli_parse_number (_("the task's number"), args[1], 1, G_MAXINT64, &n, error))
    return FALSE;
  if (strcmp (args[2], "complete") == 0)
    status = "completed";
  else if (strcmp (args[2], "skip") == 0)
    status = "skipped";
  else
    {
      cli_usage_error (error, _("expected complete or skip (got “%s”)"), args[2]);
      return FALSE;
    }

  project = tasks_project (cli, args[0], error);
  if (project == NULL)
    return FALSE;
  task = df_task_get (cli->store, project->id, n, error);
  return task != NULL && df_task_set_status (cli->store, task->id, status, error);
}

static gboolean
tasks (Cli     *cli,
       char   **args,
       GError **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) tasks = NULL;

  if (g_strv_length (args) == 2)
    {
      cli_usage_error (error, _("missing argument; expected complete or skip after the task's number"));
      return FALSE;
    }
  if (g_strv_length (args) == 3)
    return tasks_mark (cli, args, error);

  project = tasks_project (cli, args[0], error);
  if (project == NULL)
    return FALSE;
  tasks = df_task_list (cli->store, project->id, opt_all, error);
  if (tasks == NULL)
    return FALSE;

  if (!cli_print_list (&task_fields, &task_columns, tasks, NULL))
    cli_outf (opt_all ? _("No tasks yet; ask the coach for a plan with “%s coach plan %s”.\n")
                      : _("No pending tasks; see them all with “%s tasks %s --all”.\n"),
              CLI_PROGRAM, project->slug);
  return TRUE;
}

const CliBuiltin cli_tasks = {
  N_("SLUG [N complete|skip]"), 1, 3, tasks_entries,
  NULL,
  tasks,
};
