/* cli-revision.c: chapter revisions, deleted, undelete
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cli-private.h"
#include "df-text.h"

static const char *
revision_text (const DfRevision *revision)
{
  return revision->content_md != NULL ? revision->content_md : "";
}

static void
get_words (gconstpointer  record,
           gconstpointer  data,
           CliValue      *value)
{
  cli_value_set_int (value, df_text_count_words (revision_text (record), -1));
}

static void
get_bytes (gconstpointer  record,
           gconstpointer  data,
           CliValue      *value)
{
  cli_value_set_int (value, (gint64)strlen (revision_text (record)));
}

/* The start of the hash, enough to tell revisions apart. */
static void
get_short_hash (gconstpointer  record,
                gconstpointer  data,
                CliValue      *value)
{
  const DfRevision *revision = record;

  cli_value_take_string (value, g_strndup (cli_or_dash (revision->content_hash), 12));
}

static const CliField revision_field_list[] = {
  CLI_MEMBER (DfRevision, "id", id, CLI_INT),
  CLI_MEMBER (DfRevision, "created_at", created_at, CLI_STRING),
  CLI_MEMBER (DfRevision, "content_hash", content_hash, CLI_STRING),
  CLI_COMPUTED ("words", get_words),
  CLI_COMPUTED ("bytes", get_bytes),
  CLI_MEMBER (DfRevision, "kind", kind, CLI_STRING),
  CLI_MEMBER (DfRevision, "seen_at", seen_at, CLI_STRING),
  CLI_MEMBER (DfRevision, "written_by", origin, CLI_STRING),
};

static const CliFields revision_fields = CLI_FIELDS (revision_field_list);

static const CliColumn revision_column_list[] = {
  { N_("ID"), "id", CLI_CELL_RIGHT },
  { N_("SAVED"), "created_at", CLI_CELL_TIME },
  { N_("WORDS"), "words", CLI_CELL_RIGHT },
  { N_("HASH"), NULL, 0, get_short_hash },
  { N_("KIND"), "kind" },
  { N_("WRITTEN BY"), "written_by" },
};

static const CliView revision_columns = CLI_VIEW (revision_column_list);

/* A deleted chapter, kept as its last revision. */
static const CliField deleted_field_list[] = {
  CLI_MEMBER (DfRevision, "revision", id, CLI_INT),
  CLI_MEMBER (DfRevision, "title", title, CLI_STRING),
  CLI_MEMBER (DfRevision, "deleted_at", created_at, CLI_STRING),
  CLI_COMPUTED ("words", get_words),
};

static const CliFields deleted_fields = CLI_FIELDS (deleted_field_list);

static const CliColumn deleted_column_list[] = {
  { N_("REVISION"), "revision", CLI_CELL_RIGHT },
  { N_("DELETED"), "deleted_at", CLI_CELL_TIME },
  { N_("WORDS"), "words", CLI_CELL_RIGHT },
  { N_("TITLE"), "title", CLI_CELL_DASH },
};

static const CliView deleted_columns = CLI_VIEW (deleted_column_list);

static char *opt_show;

static const GOptionEntry chapter_revisions_entries[] = {
  CLI_OPTION_JSON,
  { "show", 0, 0, G_OPTION_ARG_STRING, &opt_show,
    N_("Print the Markdown of revision ID exactly as stored"), N_("ID") },
  G_OPTION_ENTRY_NULL
};

/* Prints the text of revision @id of chapter @args[1] of @args[0]. */
static gboolean
show_revision (GPtrArray  *revisions,
               gint64      id,
               char      **args,
               GError    **error)
{
  for (guint i = 0; i < revisions->len; i++)
    {
      DfRevision *revision = revisions->pdata[i];

      if (revision->id == id)
        {
          cli_out_exact (revision->content_md);
          return TRUE;
        }
    }

  cli_failed (error, _("Chapter %s of “%s” has no revision %s; see “%s chapter revisions %s %s”."),
              args[1], args[0], opt_show, CLI_PROGRAM, args[0], args[1]);
  return FALSE;
}

static gboolean
chapter_revisions (Cli     *cli,
                   char   **args,
                   GError **error)
{
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  gint64 id = 0;

  if (opt_show != NULL && !cli_parse_number ("--show", opt_show, 1, G_MAXINT64, &id, error))
    return FALSE;

  chapter = cli_chapter (cli, args[0], args[1], error);
  if (chapter == NULL)
    return FALSE;
  revisions = df_revision_list (cli->store, chapter->id, error);
  if (revisions == NULL)
    return FALSE;

  if (opt_show != NULL)
    return show_revision (revisions, id, args, error);

  if (!cli_print_list (&revision_fields, &revision_columns, revisions, NULL))
    cli_out (_("No revisions yet: one is kept each time the chapter is written.\n"));
  return TRUE;
}

const CliBuiltin cli_chapter_revisions = {
  N_("SLUG N"), 2, 2, chapter_revisions_entries,
  N_("Lists the earlier versions of the chapter kept from its saves, newest first: "
     "the newest of each five minutes of the last hour, each hour of the last day, "
     "each day of the last 30 days and each week before."),
  chapter_revisions,
};

/* The chapters deleted from project @slug, each as its last revision. */
static GPtrArray *
list_deleted (Cli         *cli,
              const char  *slug,
              GError     **error)
{
  g_autoptr(DfProject) project = cli_project (cli, slug, FALSE, error);

  if (project == NULL)
    return NULL;
  return df_revision_list_deleted (cli->store, project->id, error);
}

static gboolean
chapter_deleted (Cli     *cli,
                 char   **args,
                 GError **error)
{
  g_autoptr(GPtrArray) deleted = list_deleted (cli, args[0], error);

  if (deleted == NULL)
    return FALSE;

  if (!cli_print_list (&deleted_fields, &deleted_columns, deleted, NULL))
    cli_out (_("No deleted chapters.\n"));
  return TRUE;
}

const CliBuiltin cli_chapter_deleted = {
  N_("SLUG"), 1, 1, cli_json_options,
  N_("Lists the chapters deleted from the project, newest first, each with the "
     "revision that keeps its last text; “chapter undelete” brings one back."),
  chapter_deleted,
};

static gboolean
chapter_undelete (Cli     *cli,
                  char   **args,
                  GError **error)
{
  g_autoptr(GPtrArray) deleted = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  gint64 revision_id;
  gboolean listed = FALSE;

  if (!cli_parse_number ("REVISION", args[1], 1, G_MAXINT64, &revision_id, error))
    return FALSE;

  /* Only a deleted chapter of this project. */
  deleted = list_deleted (cli, args[0], error);
  if (deleted == NULL)
    return FALSE;
  for (guint i = 0; i < deleted->len; i++)
    listed |= ((DfRevision *)deleted->pdata[i])->id == revision_id;
  if (!listed)
    {
      cli_failed (error, _("“%s” has no deleted chapter kept as revision %s; see “%s chapter deleted %s”."),
                  args[0], args[1], CLI_PROGRAM, args[0]);
      return FALSE;
    }

  chapter = df_chapter_undelete (cli->store, revision_id, error);
  if (chapter == NULL)
    return FALSE;
  cli_outf ("%" PRId64 "\n", chapter->number);
  return TRUE;
}

const CliBuiltin cli_chapter_undelete = {
  N_("SLUG REVISION"), 2, 2, NULL,
  N_("Brings back a deleted chapter, at the end of the book, with its title, its "
     "last text and its history.  REVISION is from “chapter deleted”."),
  chapter_undelete,
};
