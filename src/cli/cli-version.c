/* cli-version.c: version save, list, show, restore, delete
 *
 * Named versions of a project (df-versions.h).  A VERSION argument is a
 * version's number (as `version list` shows it) or its name.  When the
 * project is kept in a git repository (`sync init`), saving a version
 * also saves a git version with the name as its message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cli-private.h"
#include "df-error.h"
#include "df-sync-link.h"
#include "df-versions.h"

static char *opt_chapter;

static const CliField version_field_list[] = {
  CLI_MEMBER (DfVersion, "id", id, CLI_INT),
  CLI_MEMBER (DfVersion, "name", name, CLI_STRING),
  CLI_MEMBER (DfVersion, "created_at", created_at, CLI_STRING),
  CLI_MEMBER (DfVersion, "chapters", chapters, CLI_INT),
  CLI_MEMBER (DfVersion, "words", words, CLI_INT),
};

static const CliFields version_fields = CLI_FIELDS (version_field_list);

static const CliColumn version_column_list[] = {
  { N_("#"), "id", CLI_CELL_RIGHT },
  { N_("SAVED"), "created_at", CLI_CELL_TIME },
  { N_("CHAPTERS"), "chapters", CLI_CELL_RIGHT },
  { N_("WORDS"), "words", CLI_CELL_RIGHT },
  { N_("NAME"), "name" },
};

static const CliView version_columns = CLI_VIEW (version_column_list);

static const CliField chapter_field_list[] = {
  CLI_MEMBER (DfVersionChapter, "number", position, CLI_INT),
  CLI_MEMBER (DfVersionChapter, "title", title, CLI_STRING),
  CLI_MEMBER (DfVersionChapter, "words", words, CLI_INT),
  CLI_MEMBER (DfVersionChapter, "content_hash", content_hash, CLI_STRING),
  CLI_MEMBER (DfVersionChapter, "exists", exists, CLI_BOOL),
  CLI_MEMBER (DfVersionChapter, "changed_since", changed, CLI_BOOL),
};

static const CliFields chapter_fields = CLI_FIELDS (chapter_field_list);

static void
get_state (gconstpointer  record,
           gconstpointer  data,
           CliValue      *value)
{
  const DfVersionChapter *chapter = record;

  if (!chapter->exists)
    cli_value_set_string (value, _("deleted since"));
  else if (chapter->changed)
    cli_value_set_string (value, _("changed since"));
  else
    cli_value_set_string (value, _("as now"));
}

static const CliColumn chapter_column_list[] = {
  { N_("N"), "number", CLI_CELL_RIGHT },
  { N_("WORDS"), "words", CLI_CELL_RIGHT },
  { N_("NOW"), NULL, 0, get_state },
  { N_("TITLE"), "title" },
};

static const CliView chapter_columns = CLI_VIEW (chapter_column_list);

/* The version @text names in @project_id: its number, or its name. */
static DfVersion *
cli_version (Cli         *cli,
             gint64       project_id,
             const char  *text,
             GError     **error)
{
  gint64 id;
  char *end;

  id = g_ascii_strtoll (text, &end, 10);
  if (*text != '\0' && *end == '\0' && id > 0)
    return df_version_get (cli->store, project_id, id, error);
  return df_version_find (cli->store, project_id, text, error);
}

/* ---- version save -------------------------------------------------------- */

/* A git version too, when the project is kept in a repository; a failure
 * there is said, and does not undo the version saved. */
static void
commit_to_git (Cli         *cli,
               gint64       project_id,
               const char  *name)
{
  g_autoptr(DfSyncLink) link = df_sync_link_get (cli->store, project_id, NULL);
  g_autoptr(DfSyncBackend) backend = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  if (link == NULL)
    return;
  if ((backend = cli_sync_backend (cli, &error)) == NULL ||
      (summary = df_sync_backend_commit (backend, cli->store, project_id, name, &error)) == NULL)
    {
      cli_note (_("The version is saved, but not in the git repository: %s"), error->message);
      return;
    }
  cli_outf ("%s\n", summary);
}

static gboolean
version_save (Cli     *cli,
              char   **args,
              GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autoptr(DfVersion) version = NULL;

  if (project == NULL || (version = df_version_save (cli->store, project->id, args[1], error)) == NULL)
    return FALSE;
  cli_outf (g_dngettext (GETTEXT_PACKAGE, "Saved version %" PRId64 " “%s”: %" PRId64 " chapter\n",
                         "Saved version %" PRId64 " “%s”: %" PRId64 " chapters\n", version->chapters),
            version->id, version->name, version->chapters);
  commit_to_git (cli, project->id, version->name);
  return TRUE;
}

const CliBuiltin cli_version_save = {
  N_("SLUG NAME"), 2, 2, NULL,
  N_("Names the current state of the whole book, every chapter's title and text, so that it can be "
     "restored later; with git sync, a git version too."),
  version_save,
};

/* ---- version list -------------------------------------------------------- */

static gboolean
version_list (Cli     *cli,
              char   **args,
              GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autoptr(GPtrArray) versions = NULL;

  if (project == NULL || (versions = df_version_list (cli->store, project->id, error)) == NULL)
    return FALSE;
  if (cli_opt_json)
    cli_print_records_json (&version_fields, versions, NULL);
  else if (versions->len == 0)
    cli_note (_("“%s” has no named version yet (see “%s version save”)"), project->title, CLI_PROGRAM);
  else
    cli_print_table (&version_fields, &version_columns, versions, NULL);
  return TRUE;
}

const CliBuiltin cli_version_list = {
  N_("SLUG"), 1, 1, cli_json_options,
  N_("Lists the project's named versions, newest first."),
  version_list,
};

/* ---- version show -------------------------------------------------------- */

static gboolean
version_show (Cli     *cli,
              char   **args,
              GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autoptr(DfVersion) version = NULL;
  g_autoptr(GPtrArray) chapters = NULL;

  if (project == NULL || (version = cli_version (cli, project->id, args[1], error)) == NULL ||
      (chapters = df_version_chapters (cli->store, version->id, FALSE, error)) == NULL)
    return FALSE;
  if (cli_opt_json)
    cli_print_records_json (&chapter_fields, chapters, NULL);
  else
    {
      g_autofree char *when = cli_short_time (version->created_at);

      cli_outf (_("Version %" PRId64 " “%s”, saved %s\n"), version->id, version->name, when);
      cli_print_table (&chapter_fields, &chapter_columns, chapters, NULL);
    }
  return TRUE;
}

const CliBuiltin cli_version_show = {
  N_("SLUG VERSION"), 2, 2, cli_json_options,
  N_("Lists the chapters a version holds, and whether each has changed since (VERSION: its number or its "
     "name)."),
  version_show,
};

/* ---- version restore ----------------------------------------------------- */

static const GOptionEntry restore_entries[] = {
  { "chapter", 0, 0, G_OPTION_ARG_STRING, &opt_chapter, N_("Restore only chapter N (its number in the version)"),
    N_("N") },
  G_OPTION_ENTRY_NULL
};

static gboolean
restore_chapter (Cli              *cli,
                 const DfVersion  *version,
                 GError          **error)
{
  g_autoptr(GPtrArray) chapters = df_version_chapters (cli->store, version->id, FALSE, error);
  gint64 number;
  gint64 now_id;

  if (chapters == NULL || !cli_parse_number (_("chapter"), opt_chapter, 1, G_MAXINT64, &number, error))
    return FALSE;
  for (guint i = 0; i < chapters->len; i++)
    {
      const DfVersionChapter *held = chapters->pdata[i];
      g_autoptr(DfChapter) chapter = NULL;

      if (held->position != number)
        continue;
      if (!df_version_restore_chapter (cli->store, version->id, held->chapter_id, &now_id, error) ||
          (chapter = df_chapter_get (cli->store, now_id, error)) == NULL)
        return FALSE;
      cli_outf (_("Chapter %" PRId64 " “%s” is as in “%s” again; the text it had is in its earlier versions\n"),
                chapter->number, chapter->title, version->name);
      return TRUE;
    }
  cli_failed (error, _("The version “%s” has no chapter %s; see “%s version show”"), version->name, opt_chapter,
              CLI_PROGRAM);
  return FALSE;
}

static gboolean
version_restore (Cli     *cli,
                 char   **args,
                 GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autoptr(DfVersion) version = NULL;
  gint64 undo_id = 0;
  guint restored = 0;
  guint recreated = 0;

  if (project == NULL || (version = cli_version (cli, project->id, args[1], error)) == NULL)
    return FALSE;
  if (opt_chapter != NULL)
    return restore_chapter (cli, version, error);
  if (!df_version_restore (cli->store, version->id, &undo_id, &restored, &recreated, error))
    return FALSE;
  cli_outf (g_dngettext (GETTEXT_PACKAGE, "Restored “%s”: %u chapter changed",
                         "Restored “%s”: %u chapters changed", restored), version->name, restored);
  if (recreated > 0)
    cli_outf (g_dngettext (GETTEXT_PACKAGE, " (%u deleted since, back at the end of the book)",
                           " (%u deleted since, back at the end of the book)", recreated), recreated);
  cli_outf (_(". The book as it was is version %" PRId64 ": restore it to undo this.\n"), undo_id);
  return TRUE;
}

const CliBuiltin cli_version_restore = {
  N_("SLUG VERSION"), 2, 2, restore_entries,
  N_("Puts the whole book, or one chapter, back as the version holds it. Nothing is lost: the book as it was "
     "is saved first as a version to restore, and each chapter's text so replaced is in its earlier versions. "
     "Chapters written after the version are left as they are."),
  version_restore,
};

/* ---- version delete ------------------------------------------------------ */

static gboolean
version_delete (Cli     *cli,
                char   **args,
                GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autoptr(DfVersion) version = NULL;

  if (project == NULL || (version = cli_version (cli, project->id, args[1], error)) == NULL ||
      !df_version_delete (cli->store, version->id, error))
    return FALSE;
  cli_outf (_("Deleted version %" PRId64 " “%s”; the book itself is unchanged\n"), version->id, version->name);
  return TRUE;
}

const CliBuiltin cli_version_delete = {
  N_("SLUG VERSION"), 2, 2, NULL,
  N_("Deletes a named version; the book itself does not change."),
  version_delete,
};
