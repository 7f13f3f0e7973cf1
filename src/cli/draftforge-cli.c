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

/* A row that names a command group, for "GROUP --help". */
#define GROUP(name) { name, NULL, NULL, NULL, NULL, 0, 0, NULL, NULL }

static const CliCommand commands[] = {
  { NULL, "import", N_("PATH"), N_("Import a manuscript or a project folder as a new project"),
    N_("PATH is a plain-text manuscript (.txt), a Markdown file (.md), a folder of "
       "Markdown files, an mdBook (a folder with SUMMARY.md) or a project folder "
       "written by export-folder.  Prints the new project's slug."),
    1, 1, cli_import_options, cli_import },

  GROUP ("project"),
  { "project", "list", "", N_("List the projects"),
    N_("Projects are listed by last edit, newest first."),
    0, 0, cli_project_list_options, cli_project_list },
  { "project", "show", N_("SLUG"), N_("Show a project"),
    N_("Projects in the trash are shown too."),
    1, 1, cli_json_options, cli_project_show },
  { "project", "new", N_("TITLE"), N_("Create a project"),
    N_("Prints the new project's slug."),
    1, 1, cli_project_new_options, cli_project_new },
  { "project", "rename", N_("SLUG TITLE"), N_("Change a project's title"),
    N_("Changes the title; the slug stays."),
    2, 2, NULL, cli_project_rename },
  { "project", "set", N_("SLUG KEY VALUE"), N_("Change a project's setting"),
    N_("KEY is one of title, description, type, genre, language, "
       "target_word_count, status.  The value is checked: type is one of "
       "novel, screenplay, technical-book, non-fiction, poetry, short-story; "
       "status one of active, archived, completed; target_word_count a "
       "whole number (0: none)."),
    3, 3, NULL, cli_project_set },
  { "project", "delete", N_("SLUG"), N_("Move a project to the trash"),
    N_("Moves the project to the trash; “project restore” brings it back."),
    1, 1, NULL, cli_project_delete },
  { "project", "restore", N_("SLUG"), N_("Bring a project back from the trash"),
    N_("Brings a project back from the trash."),
    1, 1, NULL, cli_project_restore },
  { "project", "purge", N_("SLUG"), N_("Remove a project in the trash for good"),
    N_("Removes a project that is in the trash, with all its chapters and "
       "revisions, for good.  Delete it first with “project delete”."),
    1, 1, NULL, cli_project_purge },

  GROUP ("part"),
  { "part", "list", N_("SLUG"), N_("List a project's parts"),
    NULL,
    1, 1, cli_json_options, cli_part_list },
  { "part", "add", N_("SLUG TITLE"), N_("Add a part at the end of the book"),
    N_("Adds a part at the end of the book and prints its number."),
    2, 2, NULL, cli_part_add },
  { "part", "rename", N_("SLUG N TITLE"), N_("Change a part's title"),
    N_("N is the part's number, from 1."),
    3, 3, NULL, cli_part_rename },
  { "part", "set", N_("SLUG N KEY VALUE"), N_("Change a part's setting"),
    N_("KEY is one of title, description, layer (L1 to L5), tier (A2, B1, B2, "
       "C1, C2), week_start, week_end."),
    4, 4, NULL, cli_part_set },
  { "part", "delete", N_("SLUG N"), N_("Delete a part, keeping its chapters"),
    N_("Deletes the part; its chapters stay in the book, without a part."),
    2, 2, NULL, cli_part_delete },

  GROUP ("chapter"),
  { "chapter", "list", N_("SLUG"), N_("List a project's chapters in book order"),
    N_("Chapters are listed in book order, numbered from 1."),
    1, 1, cli_json_options, cli_chapter_list },
  { "chapter", "cat", N_("SLUG N"), N_("Print a chapter's Markdown"),
    N_("Prints the chapter's Markdown exactly as stored, without adding a newline."),
    2, 2, NULL, cli_chapter_cat },
  { "chapter", "write", N_("SLUG N [FILE]"), N_("Replace a chapter's Markdown"),
    N_("Replaces the chapter's Markdown with the contents of FILE, or of the "
       "standard input when FILE is absent or “-”.  The text must be UTF-8; it "
       "is stored byte for byte.  The previous content is kept as a revision."),
    2, 3, NULL, cli_chapter_write },
  { "chapter", "add", N_("SLUG TITLE"), N_("Add a chapter"),
    N_("Adds an empty chapter at the end of the book (or of part N) and prints "
       "its number."),
    2, 2, cli_chapter_add_options, cli_chapter_add },
  { "chapter", "rename", N_("SLUG N TITLE"), N_("Change a chapter's title"),
    N_("N is the chapter's number in book order, from 1."),
    3, 3, NULL, cli_chapter_rename },
  { "chapter", "set", N_("SLUG N KEY VALUE"), N_("Change a chapter's setting"),
    N_("KEY is one of title, kind (chapter, lesson, lab, summary, index, scene), "
       "slug, prerequisites (a JSON array), estimated_minutes."),
    4, 4, NULL, cli_chapter_set },
  { "chapter", "move", N_("SLUG N TO"), N_("Move a chapter to another position"),
    N_("Moves chapter N to position TO in book order; it joins the part of the "
       "chapter that was at TO."),
    3, 3, NULL, cli_chapter_move },
  { "chapter", "delete", N_("SLUG N"), N_("Delete a chapter"),
    N_("Deletes the chapter; the chapters after it move up by one.  Its text "
       "stays in the revisions."),
    2, 2, NULL, cli_chapter_delete },
  { "chapter", "revisions", N_("SLUG N"), N_("List a chapter's earlier versions"),
    N_("Lists the earlier versions of the chapter kept from its saves, newest first: "
       "the newest of each five minutes of the last hour, each hour of the last day, "
       "each day of the last 30 days and each week before."),
    2, 2, cli_chapter_revisions_options, cli_chapter_revisions },
  { "chapter", "deleted", N_("SLUG"), N_("List the chapters deleted from a project"),
    N_("Lists the chapters deleted from the project, newest first, each with the "
       "revision that keeps its last text; “chapter undelete” brings one back."),
    1, 1, cli_json_options, cli_chapter_deleted },
  { "chapter", "undelete", N_("SLUG REVISION"), N_("Bring back a deleted chapter"),
    N_("Brings back a deleted chapter, at the end of the book, with its title, its "
       "last text and its history.  REVISION is from “chapter deleted”."),
    2, 2, NULL, cli_chapter_undelete },

  { NULL, "export-folder", N_("SLUG DIR"), N_("Write a project as a folder of Markdown files"),
    N_("Writes the project as a folder of Markdown files with a project.json "
       "(see docs/folder-format.md).  DIR is created if needed and must be empty "
       "or an earlier export of the same project.  Import it back with "
       "“draftforge-cli import DIR”."),
    2, 2, NULL, cli_export_folder },
  { NULL, "search", N_("SLUG QUERY"), N_("Search a project's chapters"),
    N_("Finds the chapters containing the words of QUERY (as word prefixes, "
       "accents ignored).  Several arguments are joined into one query.  In "
       "snippets the match is between [ and ]."),
    2, G_MAXUINT, cli_search_options, cli_search },
  { NULL, "stats", N_("SLUG"), N_("Show a project's writing statistics"),
    NULL,
    1, 1, cli_stats_options, cli_stats },

  GROUP ("profile"),
  { "profile", "new", N_("NAME"), N_("Create a reader profile"),
    N_("Creates a reader profile.  The first profile becomes the active one."),
    1, 1, NULL, cli_profile_new },
  { "profile", "list", "", N_("List the profiles"),
    N_("The active profile is marked with *."),
    0, 0, cli_json_options, cli_profile_list },
  { "profile", "use", N_("NAME"), N_("Make a profile the active one"),
    N_("Makes NAME (a display name or an id) the active profile."),
    1, 1, NULL, cli_profile_use },
  { "profile", "show", N_("[NAME]"), N_("Show a profile"),
    N_("Shows NAME (a display name or an id), or the active profile."),
    0, 1, cli_json_options, cli_profile_show },
  { "profile", "set", N_("KEY VALUE"), N_("Change a profile's setting"),
    N_("KEY is one of display_name, email, onboarding_completed (true/false), "
       "experience_level (beginner, intermediate, expert), education_level "
       "(high_school, undergraduate, graduate, professional), "
       "programming_experience (none, beginner, intermediate, advanced), "
       "ai_ml_experience (none, basic, intermediate, advanced), "
       "robotics_background (true/false), learning_goals (comma-separated or a "
       "JSON array), preferred_language (en, ur), profile_data (a JSON object)."),
    2, 2, cli_change_profile_options, cli_profile_set },

  { NULL, "progress", N_("SLUG [N start|complete | continue]"), N_("Show or record reading progress"),
    N_("“progress SLUG” lists the reading status of each chapter for the active "
       "profile; “progress SLUG N start” and “progress SLUG N complete” mark "
       "chapter N; “progress SLUG continue” prints the number of the chapter to "
       "continue reading (nothing when all are completed)."),
    1, 3, cli_progress_options, cli_progress },
  { NULL, "export", N_("SLUG"), N_("Write a project as EPUB, PDF, DOCX, HTML, Markdown or a plugin's format"),
    N_("Writes the project SLUG as a book in FORMAT, using the exporter plugins that are "
       "enabled.  The file is written whole or not at all; the run is recorded as an "
       "export job.  Prints the path of the file written."),
    0, 1, cli_export_options, cli_export },

  GROUP ("plugin"),
  { "plugin", "list", "", N_("List the plugins"),
    N_("Lists the plugins found in the user's folder ($XDG_DATA_HOME/draftforge/plugins), "
       "the folders of DRAFTFORGE_PLUGIN_PATH and DraftForge's own, by id, with why a "
       "plugin is not loaded and which plugin of the same id it hides."),
    0, 0, cli_json_options, cli_plugin_list },
  { "plugin", "info", N_("ID"), N_("Show a plugin"),
    NULL,
    1, 1, cli_json_options, cli_plugin_info },
  { "plugin", "install", N_("PATH"), N_("Install a plugin folder or archive"),
    N_("PATH is a plugin folder (a NAME.plugin manifest and its module), or a .tar.gz, "
       ".tar.xz or .zip archive holding one.  It is checked, then copied into "
       "$XDG_DATA_HOME/draftforge/plugins/ID, replacing an earlier version.  "
       "Prints the plugin's id.  See docs/plugins.md for what is refused."),
    1, 1, NULL, cli_plugin_install },
  { "plugin", "remove", N_("ID"), N_("Remove a plugin you installed"),
    N_("Removes a plugin installed with “plugin install”.  DraftForge's own plugins "
       "can only be disabled."),
    1, 1, NULL, cli_plugin_remove },
  { "plugin", "enable", N_("ID"), N_("Enable a plugin"),
    N_("Remembered in the database: the application and the command line load only "
       "enabled plugins."),
    1, 1, NULL, cli_plugin_enable },
  { "plugin", "disable", N_("ID"), N_("Disable a plugin"),
    N_("Remembered in the database: the application and the command line load only "
       "enabled plugins."),
    1, 1, NULL, cli_plugin_disable },

  GROUP ("ai"),
  { "ai", "show", "", N_("Show the AI provider, model and whether a key is set"),
    N_("Shows the AI provider's address, the model and whether an API key is set "
       "(never the key), and where each comes from: the environment "
       "(DRAFTFORGE_AI_BASE_URL, DRAFTFORGE_AI_MODEL, DRAFTFORGE_API_KEY) or the "
       "profile's settings and the keyring."),
    0, 0, cli_ai_show_options, cli_ai_show },
  { "ai", "set", N_("KEY VALUE"), N_("Set the AI provider's base-url or model"),
    N_("KEY is base-url (the provider's OpenAI-compatible address, such as "
       "http://localhost:11434/v1 for a local Ollama) or model (the model's name, "
       "such as llama3.2).  The API key is set with “ai set-key”."),
    2, 2, cli_change_profile_options, cli_ai_set },
  { "ai", "set-key", "", N_("Store the API key, read from standard input, in the keyring"),
    N_("Reads the API key from standard input (typed without echo, or piped: "
       "“pass show openai | draftforge-cli ai set-key”) and stores it in the "
       "keyring (the Secret Service) for the configured base URL.  The key is never "
       "given as an argument: it would be kept in your shell's history."),
    0, G_MAXUINT, cli_ai_key_options, cli_ai_set_key },
  { "ai", "clear-key", "", N_("Remove the API key from the keyring"),
    N_("Removes the API key stored in the keyring for the configured base URL."),
    0, 0, cli_ai_key_options, cli_ai_clear_key },
  { "ai", "test", "", N_("Check that the AI provider and model answer"),
    N_("Asks the configured provider and model for a one-word answer and says "
       "what is wrong if anything is.  The call counts against the credits."),
    0, 0, cli_ai_test_options, cli_ai_test },

  GROUP ("credits"),
  { "credits", "show", "", N_("Show the AI token budget, what is used and what is left"),
    N_("Shows the token budget of the current period, what is used, reserved by "
       "calls still running and left, when the period renews, and the cost cap."),
    0, 0, cli_credits_show_options, cli_credits_show },
  { "credits", "set-budget", N_("TOKENS"), N_("Set the AI token budget per period (0: no limit)"),
    N_("Sets the tokens the AI helpers may use each period (0: no limit).  "
       "Without --period the period stays as it is (monthly at first)."),
    1, 1, cli_credits_set_budget_options, cli_credits_set_budget },
  { "credits", "set-cost-cap", N_("AMOUNT|none"), N_("Set or remove the AI cost cap per period"),
    N_("Sets the most the AI helpers may cost each period, in the currency of "
       "your prices (see “credits set-price”), or removes the cap with “none”."),
    1, 1, cli_change_profile_options, cli_credits_set_cost_cap },
  { "credits", "set-price", N_("MODEL PROMPT_PER_1K COMPLETION_PER_1K"), N_("Set a model's price per 1,000 tokens"),
    N_("Sets what 1,000 tokens of MODEL cost, for the prompt and for the answer, "
       "as your provider lists them; the cost cap counts with these prices."),
    3, 3, NULL, cli_credits_set_price },
  { "credits", "history", "", N_("List the AI calls and what they cost"),
    N_("Lists the AI calls, newest first: when, which helper, the model, the "
       "tokens (~ marks an estimate), the cost, and how it went."),
    0, 0, cli_credits_history_options, cli_credits_history },

  GROUP ("coach"),
  { "coach", "ask", N_("SLUG QUESTION"), N_("Ask the writing coach about a project; the answer streams out"),
    NULL,
    2, 2, NULL, cli_coach_ask },
  { "coach", "history", N_("SLUG"), N_("Show the conversation with the coach about a project"),
    NULL,
    1, 1, cli_json_options, cli_coach_history },
  { "coach", "plan", N_("SLUG"), N_("Ask the coach for a writing plan with dated tasks"),
    NULL,
    1, 1, NULL, cli_coach_plan },

  { NULL, "tasks", N_("SLUG [N complete|skip]"), N_("List a project's tasks, or complete or skip one"),
    NULL,
    1, 3, cli_tasks_options, cli_tasks },
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

      if (command->builtin == NULL || (group != NULL && g_strcmp0 (command->group, group) != 0))
        continue;

      path = cli_command_path (command);
      usage = *command->params != '\0' ? g_strdup_printf ("  %s %s", path, _(command->params))
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
    ok = command->builtin (cli, args, error);
  cli_clear_options (command->options);
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
global_options (Cli     *cli,
                char   **argv,
                int     *next,
                gboolean *done,
                GError **error)
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

/* "help" alone lists the commands, "help GROUP" a group's commands, and
 * "help COMMAND…" runs "COMMAND… --help". */
static gboolean run (Cli *cli, char **argv, GError **error);

static gboolean
help (Cli     *cli,
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
    return help (cli, argv[0], argv + i + 1, error);
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

  if (!run (&cli, argv, &error))
    status = report (cli.command, error);

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
