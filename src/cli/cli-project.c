/* cli-project.c: project list, show, new, rename, set, delete, restore, purge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cli-private.h"

static const CliField project_field_list[] = {
  CLI_MEMBER (DfProject, "slug", slug, CLI_STRING),
  CLI_MEMBER (DfProject, "title", title, CLI_STRING),
  CLI_MEMBER (DfProject, "description", description, CLI_STRING),
  CLI_MEMBER (DfProject, "type", project_type, CLI_STRING),
  CLI_MEMBER (DfProject, "genre", genre, CLI_STRING),
  CLI_MEMBER (DfProject, "language", language, CLI_STRING),
  CLI_MEMBER (DfProject, "target_word_count", target_word_count, CLI_INT),
  CLI_MEMBER (DfProject, "status", status, CLI_STRING),
  CLI_MEMBER (DfProject, "parts", n_parts, CLI_INT),
  CLI_MEMBER (DfProject, "chapters", n_chapters, CLI_INT),
  CLI_MEMBER (DfProject, "words", words, CLI_INT),
  CLI_MEMBER (DfProject, "created_at", created_at, CLI_STRING),
  CLI_MEMBER (DfProject, "updated_at", updated_at, CLI_STRING),
  CLI_MEMBER (DfProject, "deleted_at", deleted_at, CLI_STRING),
};

static const CliFields project_fields = CLI_FIELDS (project_field_list);

static const CliColumn project_column_list[] = {
  { N_("SLUG"), "slug", 0 },
  { N_("TYPE"), "type", 0 },
  { N_("STATUS"), "status", 0 },
  { N_("CHAPTERS"), "chapters", CLI_CELL_RIGHT },
  { N_("WORDS"), "words", CLI_CELL_RIGHT },
  { N_("UPDATED"), "updated_at", CLI_CELL_TIME },
  { N_("TITLE"), "title", 0 },
};

/* In the trash, the column of the last edit shows when each project was
 * deleted. */
#define WHEN_COLUMN 5

static const CliColumn deleted_column = { N_("DELETED"), "deleted_at", CLI_CELL_TIME, NULL };

static void
get_target (gconstpointer  record,
            gconstpointer  data,
            CliValue      *value)
{
  const DfProject *project = record;

  if (project->target_word_count > 0)
    cli_value_take_string (value, g_strdup_printf (_("%" PRId64 " words"), project->target_word_count));
}

static const CliColumn project_detail_list[] = {
  { N_("Slug:"), "slug", 0 },
  { N_("Title:"), "title", 0 },
  { N_("Type:"), "type", 0 },
  { N_("Genre:"), "genre", CLI_CELL_DASH },
  { N_("Language:"), "language", CLI_CELL_DASH },
  { N_("Status:"), "status", 0 },
  { N_("Target:"), NULL, 0, get_target, N_("none") },
  { N_("Parts:"), "parts", 0 },
  { N_("Chapters:"), "chapters", 0 },
  { N_("Words:"), "words", 0 },
  { N_("Created:"), "created_at", CLI_CELL_TIME },
  { N_("Updated:"), "updated_at", CLI_CELL_TIME },
  { N_("In the trash since:"), "deleted_at", CLI_CELL_TIME | CLI_CELL_OPTIONAL },
  { N_("Description:"), "description", CLI_CELL_OPTIONAL },
};

static const CliView project_details = CLI_VIEW (project_detail_list);

static gboolean opt_trash;

static const GOptionEntry project_list_entries[] = {
  { "trash", 0, 0, G_OPTION_ARG_NONE, &opt_trash, N_("List the projects in the trash instead"), NULL },
  CLI_OPTION_JSON,
  G_OPTION_ENTRY_NULL
};

static gboolean
project_list (Cli     *cli,
              char   **args,
              GError **error)
{
  g_autoptr(GPtrArray) projects = NULL;
  CliColumn columns[G_N_ELEMENTS (project_column_list)];
  CliView view = { columns, G_N_ELEMENTS (columns) };

  if (!cli_open (cli, error))
    return FALSE;
  projects = df_project_list (cli->store, opt_trash, error);
  if (projects == NULL)
    return FALSE;

  memcpy (columns, project_column_list, sizeof columns);
  if (opt_trash)
    columns[WHEN_COLUMN] = deleted_column;
  if (cli_print_list (&project_fields, &view, projects, NULL))
    return TRUE;

  if (opt_trash)
    cli_out (_("The trash is empty.\n"));
  else
    cli_outf (_("No projects yet. Create one with “%s project new TITLE” or “%s import PATH”.\n"),
              CLI_PROGRAM, CLI_PROGRAM);
  return TRUE;
}

const CliBuiltin cli_project_list = {
  "", 0, 0, project_list_entries,
  N_("Projects are listed by last edit, newest first."),
  project_list,
};

static gboolean
project_show (Cli     *cli,
              char   **args,
              GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], TRUE, error);

  if (project == NULL)
    return FALSE;

  cli_print_record (&project_fields, &project_details, project, NULL);
  return TRUE;
}

const CliBuiltin cli_project_show = {
  N_("SLUG"), 1, 1, cli_json_options,
  N_("Projects in the trash are shown too."),
  project_show,
};

static char *opt_type;
static char *opt_genre;
static char *opt_target;
static char *opt_language;
static char *opt_slug;
static char *opt_description;

static const GOptionEntry project_new_entries[] = {
  { "type", 0, 0, G_OPTION_ARG_STRING, &opt_type,
    N_("novel (the default), screenplay, technical-book, non-fiction, poetry or short-story"), N_("TYPE") },
  { "genre", 0, 0, G_OPTION_ARG_STRING, &opt_genre, N_("The genre, free text"), N_("GENRE") },
  { "target", 0, 0, G_OPTION_ARG_STRING, &opt_target, N_("The target word count (0: none)"), N_("N") },
  { "language", 0, 0, G_OPTION_ARG_STRING, &opt_language, N_("The language of the text (default: en)"), N_("LANG") },
  { "slug", 0, 0, G_OPTION_ARG_STRING, &opt_slug, N_("The slug (default: made from the title)"), N_("SLUG") },
  { "description", 0, 0, G_OPTION_ARG_STRING, &opt_description, N_("A description"), N_("TEXT") },
  G_OPTION_ENTRY_NULL
};

static gboolean
project_new (Cli     *cli,
             char   **args,
             GError **error)
{
  g_autoptr(DfProject) project = NULL;
  DfProjectNew spec = { 0 };

  if (opt_target != NULL &&
      !cli_parse_number ("--target", opt_target, 0, G_MAXINT64, &spec.target_word_count, error))
    return FALSE;

  if (!cli_open (cli, error))
    return FALSE;

  spec.title = args[0];
  spec.slug = opt_slug;
  spec.description = opt_description;
  spec.project_type = opt_type;
  spec.genre = opt_genre;
  spec.language = opt_language;

  project = df_project_create (cli->store, &spec, error);
  if (project == NULL)
    return FALSE;

  cli_outf ("%s\n", project->slug);
  return TRUE;
}

const CliBuiltin cli_project_new = {
  N_("TITLE"), 1, 1, project_new_entries,
  N_("Prints the new project's slug."),
  project_new,
};

static gboolean
project_rename (Cli     *cli,
                char   **args,
                GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);

  return project != NULL && df_project_rename (cli->store, project->id, args[1], error);
}

const CliBuiltin cli_project_rename = {
  N_("SLUG TITLE"), 2, 2, NULL,
  N_("Changes the title; the slug stays."),
  project_rename,
};

static gboolean
project_set (Cli     *cli,
             char   **args,
             GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  const char *key = args[1];

  if (project == NULL)
    return FALSE;

  if (strcmp (key, "title") == 0)
    return df_project_rename (cli->store, project->id, args[2], error);
  if (strcmp (key, "type") == 0)
    key = "project_type";
  return df_project_set_field (cli->store, project->id, key, args[2], error);
}

const CliBuiltin cli_project_set = {
  N_("SLUG KEY VALUE"), 3, 3, NULL,
  N_("KEY is one of title, description, type, genre, language, "
     "target_word_count, status.  The value is checked: type is one of "
     "novel, screenplay, technical-book, non-fiction, poetry, short-story; "
     "status one of active, archived, completed; target_word_count a "
     "whole number (0: none)."),
  project_set,
};

static gboolean
project_delete (Cli     *cli,
                char   **args,
                GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autofree char *title = NULL;

  if (project == NULL || !df_project_delete (cli->store, project->id, error))
    return FALSE;

  title = cli_one_line (project->title);
  cli_outf (_("Moved “%s” to the trash. Undo with: %s project restore %s\n"),
            title, CLI_PROGRAM, project->slug);
  return TRUE;
}

const CliBuiltin cli_project_delete = {
  N_("SLUG"), 1, 1, NULL,
  N_("Moves the project to the trash; “project restore” brings it back."),
  project_delete,
};

/* Restores or purges project @slug, which must be in the trash. */
static gboolean
from_trash (Cli         *cli,
            const char  *slug,
            gboolean     purge,
            GError     **error)
{
  g_autoptr(DfProject) project = cli_project (cli, slug, TRUE, error);

  if (project == NULL)
    return FALSE;

  if (project->deleted_at != NULL)
    return purge ? df_project_purge (cli->store, project->id, error)
                 : df_project_restore (cli->store, project->id, error);

  if (purge)
    cli_failed (error, _("The project “%s” is not in the trash; move it there first with “%s project delete %s”."),
                project->slug, CLI_PROGRAM, project->slug);
  else
    cli_failed (error, _("The project “%s” is not in the trash."), project->slug);
  return FALSE;
}

static gboolean
project_restore (Cli     *cli,
                 char   **args,
                 GError **error)
{
  return from_trash (cli, args[0], FALSE, error);
}

const CliBuiltin cli_project_restore = {
  N_("SLUG"), 1, 1, NULL,
  N_("Brings a project back from the trash."),
  project_restore,
};

static gboolean
project_purge (Cli     *cli,
               char   **args,
               GError **error)
{
  return from_trash (cli, args[0], TRUE, error);
}

const CliBuiltin cli_project_purge = {
  N_("SLUG"), 1, 1, NULL,
  N_("Removes a project that is in the trash, with all its chapters and "
     "revisions, for good.  Delete it first with “project delete”."),
  project_purge,
};
