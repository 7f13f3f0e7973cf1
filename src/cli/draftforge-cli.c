/* draftforge-cli.c: the DraftForge command line: main and the command table
 *
 * main parses the options before the command (--db PATH, --version,
 * --help), finds the command in the one table below, which declares its
 * arguments and options, and runs it.  A command that fails returns a
 * GError, which main prints as one line on stderr.  Exit statuses: 0
 * success, 1 a user error (the core's message), 2 bad usage (the message
 * and a hint to --help).  The commands themselves are in cli-*.c, one
 * file per group.
 *
 * Everything is written to stdout and stderr as UTF-8, byte for byte
 * (no charset conversion), so `chapter cat` returns exactly what was
 * written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cli-private.h"
#include "df-plugin-notice.h"
#include "df-plugin-host.h"

/* A row that names a command group, for "GROUP --help". */
#define GROUP(name) { name, NULL, NULL, NULL }

/* Every command, in the order --help lists them; each file declares the
 * arguments and options of its commands. */
static const CliCommand commands[] = {
  { NULL, "import", N_("Import a manuscript or a project folder as a new project"), &cli_import },

  GROUP ("project"),
  { "project", "list", N_("List the projects"), &cli_project_list },
  { "project", "show", N_("Show a project"), &cli_project_show },
  { "project", "new", N_("Create a project"), &cli_project_new },
  { "project", "rename", N_("Change a project's title"), &cli_project_rename },
  { "project", "set", N_("Change a project's setting"), &cli_project_set },
  { "project", "delete", N_("Move a project to the trash"), &cli_project_delete },
  { "project", "restore", N_("Bring a project back from the trash"), &cli_project_restore },
  { "project", "purge", N_("Remove a project in the trash for good"), &cli_project_purge },

  GROUP ("part"),
  { "part", "list", N_("List a project's parts"), &cli_part_list },
  { "part", "add", N_("Add a part at the end of the book"), &cli_part_add },
  { "part", "rename", N_("Change a part's title"), &cli_part_rename },
  { "part", "set", N_("Change a part's setting"), &cli_part_set },
  { "part", "delete", N_("Delete a part, keeping its chapters"), &cli_part_delete },

  GROUP ("chapter"),
  { "chapter", "list", N_("List a project's chapters in book order"), &cli_chapter_list },
  { "chapter", "cat", N_("Print a chapter's Markdown"), &cli_chapter_cat },
  { "chapter", "write", N_("Replace a chapter's Markdown"), &cli_chapter_write },
  { "chapter", "add", N_("Add a chapter"), &cli_chapter_add },
  { "chapter", "rename", N_("Change a chapter's title"), &cli_chapter_rename },
  { "chapter", "set", N_("Change a chapter's setting"), &cli_chapter_set },
  { "chapter", "move", N_("Move a chapter to another position"), &cli_chapter_move },
  { "chapter", "delete", N_("Delete a chapter"), &cli_chapter_delete },
  { "chapter", "label", N_("Give a chapter a label, or take it away"), &cli_chapter_label },
  { "chapter", "split", N_("Split a chapter in two at a line"), &cli_chapter_split },
  { "chapter", "merge", N_("Merge a chapter with the next one"), &cli_chapter_merge },
  { "chapter", "split-scenes", N_("Split a chapter into scenes at its scene breaks"), &cli_chapter_split_scenes },
  { "chapter", "revisions", N_("List a chapter's earlier versions"), &cli_chapter_revisions },
  { "chapter", "deleted", N_("List the chapters deleted from a project"), &cli_chapter_deleted },
  { "chapter", "undelete", N_("Bring back a deleted chapter"), &cli_chapter_undelete },

  { NULL, "export-folder", N_("Write a project as a folder of Markdown files"), &cli_export_folder },
  GROUP ("label"),
  { "label", "list", N_("List a project's labels and their colours"), &cli_label_list },
  { "label", "color", N_("Give a label a colour"), &cli_label_color },
  { "label", "delete", N_("Remove a label from a project and its chapters"), &cli_label_delete },
  GROUP ("session"),
  { "session", "start", N_("Start a writing session, with a goal"), &cli_session_start },
  { "session", "stop", N_("End the running writing session"), &cli_session_stop },
  { "session", "list", N_("List a project's writing sessions"), &cli_session_list },

  GROUP ("codex"),
  { "codex", "add", N_("Add a character, location, object or piece of lore to a project's codex"), &cli_codex_add },
  { "codex", "list", N_("List a project's codex entries, with their mentions"), &cli_codex_list },
  { "codex", "show", N_("Show a codex entry: aliases, relations, progressions, the chapters that mention it"),
    &cli_codex_show },
  { "codex", "alias", N_("Give a codex entry another name, or take one away"), &cli_codex_alias },
  { "codex", "relate", N_("Relate two codex entries (“sister of”), or unrelate them"), &cli_codex_relate },
  { "codex", "progress", N_("Record a fact about an entry that holds from a chapter on"), &cli_codex_progress },
  { "codex", "set", N_("Change a codex entry's description, notes, kind, colour or tags"), &cli_codex_set },
  { "codex", "rename", N_("Rename a codex entry"), &cli_codex_rename },
  { "codex", "delete", N_("Delete a codex entry (it can be restored)"), &cli_codex_delete },
  { "codex", "restore", N_("Bring back a deleted codex entry"), &cli_codex_restore },
  { "codex", "index", N_("Find the codex's mentions in the whole book again"), &cli_codex_index },
  { "codex", "suggest", N_("Suggest codex entries from the names in the text; add the first N"), &cli_codex_suggest },

  { NULL, "outline", N_("Show a project's outline: status, words, targets, labels, synopses"), &cli_outline },
  { NULL, "search", N_("Search a project's chapters"), &cli_search },
  { NULL, "replace", N_("Replace a word or phrase in every chapter"), &cli_replace },
  { NULL, "stats", N_("Show a project's writing statistics"), &cli_stats },

  GROUP ("profile"),
  { "profile", "new", N_("Create a reader profile"), &cli_profile_new },
  { "profile", "list", N_("List the profiles"), &cli_profile_list },
  { "profile", "use", N_("Make a profile the active one"), &cli_profile_use },
  { "profile", "show", N_("Show a profile"), &cli_profile_show },
  { "profile", "set", N_("Change a profile's setting"), &cli_profile_set },

  GROUP ("backup"),
  { "backup", "list", N_("List the database's backups, each checked"), &cli_backup_list },
  { "backup", "restore", N_("Put a backup in the place of the database"), &cli_backup_restore },

  { NULL, "progress", N_("Show or record reading progress"), &cli_progress },
  { NULL, "export", N_("Write a project as EPUB, PDF, DOCX, HTML, Markdown or a plugin's format"), &cli_export },

  GROUP ("plugin"),
  { "plugin", "list", N_("List the plugins"), &cli_plugin_list },
  { "plugin", "info", N_("Show a plugin"), &cli_plugin_info },
  { "plugin", "settings", N_("Show or change a plugin's own settings"), &cli_plugin_settings },
  { "plugin", "install", N_("Install a plugin folder or archive"), &cli_plugin_install },
  { "plugin", "remove", N_("Remove a plugin you installed"), &cli_plugin_remove },
  { "plugin", "enable", N_("Enable a plugin"), &cli_plugin_enable },
  { "plugin", "disable", N_("Disable a plugin"), &cli_plugin_disable },

  GROUP ("ai"),
  { "ai", "show", N_("Show the AI provider, model and whether a key is set"), &cli_ai_show },
  { "ai", "set", N_("Set the AI provider's base-url or model"), &cli_ai_set },
  { "ai", "set-key", N_("Store the API key, read from standard input, in the keyring"), &cli_ai_set_key },
  { "ai", "clear-key", N_("Remove the API key from the keyring"), &cli_ai_clear_key },
  { "ai", "test", N_("Check that the AI provider and model answer"), &cli_ai_test },

  GROUP ("credits"),
  { "credits", "show", N_("Show the AI token budget, what is used and what is left"), &cli_credits_show },
  { "credits", "set-budget", N_("Set the AI token budget per period (0: no limit)"), &cli_credits_set_budget },
  { "credits", "set-cost-cap", N_("Set or remove the AI cost cap per period"), &cli_credits_set_cost_cap },
  { "credits", "set-price", N_("Set a model's price per 1,000 tokens"), &cli_credits_set_price },
  { "credits", "history", N_("List the AI calls and what they cost"), &cli_credits_history },

  GROUP ("coach"),
  { "coach", "ask", N_("Ask the writing coach about a project; the answer streams out"), &cli_coach_ask },
  { "coach", "history", N_("Show the conversation with the coach about a project"), &cli_coach_history },
  { "coach", "plan", N_("Ask the coach for a writing plan with dated tasks"), &cli_coach_plan },

  { NULL, "tasks", N_("List a project's tasks, or complete or skip one"), &cli_tasks },

  { NULL, "personalize", N_("Print a chapter, or the book, as a reader's profile reads it"), &cli_personalize },
  GROUP ("personalize"),
  { "personalize", "cache", N_("List or clear the personalised chapters kept for a project"), &cli_personalize_cache },

  GROUP ("agent"),
  { "agent", "list", N_("List the agents that check a book"), &cli_agent_list },
  { "agent", "run", N_("Check a project, or one chapter, with an agent"), &cli_agent_run },
  { "agent", "runs", N_("List a project's agent runs"), &cli_agent_runs },
  { "agent", "show", N_("Show what an agent run found"), &cli_agent_show },
  { "agent", "dismiss", N_("Dismiss a finding: it is not shown again"), &cli_agent_dismiss },
  { "agent", "forget", N_("Show dismissed findings again"), &cli_agent_forget },

  GROUP ("version"),
  { "version", "save", N_("Name the current state of the whole book"), &cli_version_save },
  { "version", "list", N_("List a project's named versions"), &cli_version_list },
  { "version", "show", N_("List the chapters a named version holds"), &cli_version_show },
  { "version", "restore", N_("Put the book, or a chapter, back as a named version holds it"), &cli_version_restore },
  { "version", "delete", N_("Delete a named version"), &cli_version_delete },

  GROUP ("style"),
  { "style", "report", N_("Print a project's readability and style figures, chapter by chapter"), &cli_style_report },
  { "style", "settings", N_("Show a project's style settings"), &cli_style_settings },
  { "style", "set", N_("Change a project's style settings"), &cli_style_set },

  { NULL, "sync", N_("Sync a project with its remote: save a version, receive, merge, send"), &cli_sync },
  GROUP ("sync"),
  { "sync", "init", N_("Keep a project's versions in a new git repository"), &cli_sync_init },
  { "sync", "remote", N_("Set the remote a project syncs with"), &cli_sync_remote },
  { "sync", "commit", N_("Save a version of what changed"), &cli_sync_commit },
  { "sync", "status", N_("Show where a project's sync stands"), &cli_sync_status },
  { "sync", "log", N_("List a project's versions"), &cli_sync_log },
  { "sync", "clone", N_("Make a new project from a remote repository"), &cli_sync_clone },
  { "sync", "conflicts", N_("List the chapters a sync could not merge"), &cli_sync_conflicts },
  { "sync", "resolve", N_("Keep one side of a chapter in conflict, or a merge you made"), &cli_sync_resolve },
  { "sync", "token", N_("Keep the access token of a project's remote in the keyring"), &cli_sync_token },
  { "sync", "restore", N_("Make the book what it was at a version, as a new version"), &cli_sync_restore },
};

/* ---- finding a command --------------------------------------------------- */

static const CliCommand *
find_group (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (commands[i].builtin == NULL && strcmp (commands[i].group, name) == 0)
      return &commands[i];
  return NULL;
}

static const CliCommand *
find_command (const char *group,
              const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (commands[i].builtin != NULL && g_strcmp0 (commands[i].group, group) == 0 &&
        strcmp (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

static gboolean
is_help (const char *arg)
{
  return strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0;
}

/* ---- help ---------------------------------------------------------------- */

/* The commands (of @group, or all), with their arguments and summaries. */
static void
print_commands (const char *group)
{
  g_autoptr(CliTable) table = cli_table_new (2, 0);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const CliCommand *command = &commands[i];
      g_autofree char *path = NULL;
      g_autofree char *usage = NULL;
      const char *params;

      if (command->builtin == NULL || (group != NULL && g_strcmp0 (command->group, group) != 0))
        continue;

      params = command->builtin->params;
      path = cli_command_path (command);
      usage = *params != '\0' ? g_strdup_printf ("  %s %s", path, _(params))
                              : g_strdup_printf ("  %s", path);
      cli_table_add (table, usage);
      cli_table_add (table, _(command->summary));
    }
  cli_table_print (table);
}

static void
print_help (void)
{
  cli_outf (_("Usage:\n  %s [--db PATH] COMMAND [ARGUMENT…]\n\n"), CLI_PROGRAM);
  cli_out (_("Write, organize and read books kept in the DraftForge database.\n\n"));
  cli_out (_("Commands:\n"));
  print_commands (NULL);
  cli_out ("\n");
  cli_out (_("Options (before the command):\n"));
  cli_out (_("  --db PATH       The database to use (default: $DRAFTFORGE_DB, else\n"
             "                  $XDG_DATA_HOME/draftforge/draftforge.db)\n"));
  cli_out (_("  --safe-mode     Load only DraftForge's own plugins, none you installed\n"));
  cli_out (_("  --version       Print the version and exit\n"));
  cli_out (_("  -h, --help      Show this help and exit\n\n"));
  cli_outf (_("Run “%s COMMAND --help” for a command's options.\n"), CLI_PROGRAM);
  cli_out (_("Exit status: 0 success, 1 the command failed, 2 bad usage.\n"));
}

static void
print_group_help (const char *group)
{
  cli_outf (_("Usage:\n  %s [--db PATH] %s COMMAND [ARGUMENT…]\n\n"), CLI_PROGRAM, group);
  cli_out (_("Commands:\n"));
  print_commands (group);
  cli_out ("\n");
  cli_outf (_("Run “%s %s COMMAND --help” for a command's options.\n"), CLI_PROGRAM, group);
}

/* ---- running ------------------------------------------------------------- */

static gboolean
run_command (Cli               *cli,
             const CliCommand  *command,
             char             **words,
             GError           **error)
{
  g_auto(GStrv) args = NULL;
  gboolean help = FALSE;
  gboolean ok;

  cli->command = command;
  ok = cli_parse_command (command, words, &args, &help, error);
  if (ok && !help)
    ok = command->builtin->run (cli, args, error);
  cli_clear_options (command->builtin->options);
  return ok;
}

/* Runs the command that @words (NULL-terminated) start with. */
static gboolean
dispatch (Cli     *cli,
          char   **words,
          GError **error)
{
  const CliCommand *group = find_group (words[0]);
  const CliCommand *command;

  if (group == NULL)
    {
      command = find_command (NULL, words[0]);
      if (command == NULL)
        {
          cli_usage_error (error, _("unknown command “%s”"), words[0]);
          return FALSE;
        }
      return run_command (cli, command, words + 1, error);
    }

  cli->command = group;
  if (words[1] == NULL)
    {
      cli_usage_error (error, _("missing command after “%s”"), group->group);
      return FALSE;
    }
  if (is_help (words[1]))
    {
      print_group_help (group->group);
      return TRUE;
    }
  command = find_command (group->group, words[1]);
  /* "sync SLUG": a command named like its group, for what is not one of
   * the group's commands. */
  if (command == NULL && words[1][0] != '-' && find_command (NULL, group->group) != NULL)
    return run_command (cli, find_command (NULL, group->group), words + 1, error);
  if (command == NULL)
    {
      cli_usage_error (error, _("unknown command “%s %s”"), group->group, words[1]);
      return FALSE;
    }
  return run_command (cli, command, words + 2, error);
}

/* Parses the options before the command; *done when one of them was all
 * there was to do (--version, --help).  *next is the command's index. */
static gboolean
global_options (Cli       *cli,
                char     **argv,
                int       *next,
                gboolean  *done,
                GError   **error)
{
  int i;

  for (i = 1; argv[i] != NULL; i++)
    {
      const char *arg = argv[i];

      if (strcmp (arg, "--db") == 0 || g_str_has_prefix (arg, "--db="))
        {
          cli->db_path = arg[4] == '=' ? arg + 5 : argv[++i];
          if (cli->db_path == NULL || *cli->db_path == '\0')
            {
              cli_usage_error (error, _("--db needs a PATH"));
              return FALSE;
            }
        }
      else if (strcmp (arg, "--safe-mode") == 0)
        /* Read by the plugin host here and in the helper process. */
        g_setenv (DF_SAFE_MODE_ENV, "1", TRUE);
      else if (strcmp (arg, "--version") == 0 || is_help (arg))
        {
          if (is_help (arg))
            print_help ();
          else
            cli_outf ("%s %s\n", CLI_PROGRAM, PACKAGE_VERSION);
          *done = TRUE;
          return TRUE;
        }
      else if (arg[0] == '-' && arg[1] != '\0')
        {
          cli_usage_error (error, _("unknown option “%s”"), arg);
          return FALSE;
        }
      else
        break;
    }

  *next = i;
  return TRUE;
}

static gboolean run (Cli *cli, char **argv, GError **error);

/* "help" alone lists the commands, "help GROUP" a group's commands, and
 * "help COMMAND…" runs "COMMAND… --help". */
static gboolean
run_help (Cli     *cli,
          char    *program,
          char   **words,
          GError **error)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) again = NULL;

  if (words[0] == NULL)
    {
      print_help ();
      return TRUE;
    }
  if (find_group (words[0]) != NULL && words[1] == NULL)
    {
      print_group_help (words[0]);
      return TRUE;
    }

  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, program);
  g_strv_builder_addv (builder, (const char **)words);
  g_strv_builder_add (builder, "--help");
  again = g_strv_builder_end (builder);
  return run (cli, again, error);
}

static gboolean
run (Cli     *cli,
     char   **argv,
     GError **error)
{
  gboolean done = FALSE;
  int i = 0;

  if (!global_options (cli, argv, &i, &done, error))
    return FALSE;
  if (done)
    return TRUE;

  if (argv[i] == NULL)
    {
      cli_usage_error (error, _("missing command"));
      return FALSE;
    }
  if (strcmp (argv[i], "help") == 0)
    return run_help (cli, argv[0], argv + i + 1, error);
  return dispatch (cli, argv + i, error);
}

/* One line on stderr; for bad usage, a second one pointing to the help of
 * @command (or of the program).  Returns the exit status. */
static int
report (const CliCommand *command,
        const GError     *error)
{
  g_autofree char *line = cli_error_line (error != NULL ? error->message : _("Unknown error"));
  g_autofree char *path = NULL;
  g_autofree char *hint = NULL;

  fprintf (stderr, "%s: %s\n", CLI_PROGRAM, line);
  if (!g_error_matches (error, CLI_ERROR, CLI_ERROR_USAGE))
    return CLI_EXIT_USER;

  path = command != NULL ? cli_command_path (command) : NULL;
  hint = path != NULL ? g_strdup_printf ("%s %s --help", CLI_PROGRAM, path)
                      : g_strdup_printf ("%s --help", CLI_PROGRAM);
  /* TRANSLATORS: %s is a command such as "draftforge-cli project list --help" */
  fprintf (stderr, _("Try '%s'."), hint);
  fputc ('\n', stderr);
  return CLI_EXIT_USAGE;
}

/* A plugin's notice (df-plugin-notice.h): a line on standard error. */
static void
cli_plugin_notice (const char *plugin_id,
                   const char *message,
                   gpointer    data)
{
  g_autofree char *line = cli_one_line (message);

  cli_note ("%s: %s", plugin_id, line);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  Cli cli = { 0 };
  int status = CLI_EXIT_OK;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  df_plugin_notice_set_handler (cli_plugin_notice, NULL);
  if (!run (&cli, argv, &error))
    {
      cli_explain_error (&cli, &error);
      status = report (cli.command, error);
    }

  g_clear_object (&cli.store);

  if (fflush (stdout) != 0 || ferror (stdout))
    {
      int saved = errno;

      fprintf (stderr, "%s: ", CLI_PROGRAM);
      fprintf (stderr, _("Could not write the output: %s"), g_strerror (saved));
      fputc ('\n', stderr);
      return CLI_EXIT_USER;
    }

  return status;
}
