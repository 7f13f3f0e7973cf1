/* cli-part.c: part list, add, rename, set, delete
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cli-private.h"

/* A part and what it holds. */
typedef struct
{
  gint64      number;
  const char *title;
  const char *description;
  const char *layer;
  const char *tier;
  gint64      chapters;
  gint64      words;
} PartRow;

static const CliField part_field_list[] = {
  CLI_MEMBER (PartRow, "number", number, CLI_INT),
  CLI_MEMBER (PartRow, "title", title, CLI_STRING),
  CLI_MEMBER (PartRow, "description", description, CLI_STRING),
  CLI_MEMBER (PartRow, "layer", layer, CLI_STRING),
  CLI_MEMBER (PartRow, "tier", tier, CLI_STRING),
  CLI_MEMBER (PartRow, "chapters", chapters, CLI_INT),
  CLI_MEMBER (PartRow, "words", words, CLI_INT),
};

static const CliFields part_fields = CLI_FIELDS (part_field_list);

static const CliColumn part_column_list[] = {
  { "#", "number", CLI_CELL_RIGHT },
  { N_("CHAPTERS"), "chapters", CLI_CELL_RIGHT },
  { N_("WORDS"), "words", CLI_CELL_RIGHT },
  { N_("TITLE"), "title", 0 },
};

static const CliView part_columns = CLI_VIEW (part_column_list);

/* A row for each of @parts, with the chapters and words of each. */
static GPtrArray *
part_rows (GPtrArray *parts,
           GPtrArray *chapters)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < parts->len; i++)
    {
      const DfPart *part = parts->pdata[i];
      PartRow *row = g_new0 (PartRow, 1);

      row->number = part->number;
      row->title = part->title;
      row->description = part->description;
      row->layer = part->layer;
      row->tier = part->tier;
      for (guint j = 0; j < chapters->len; j++)
        {
          const DfChapter *chapter = chapters->pdata[j];

          if (chapter->part_id == part->id)
            {
              row->chapters++;
              row->words += chapter->words;
            }
        }
      g_ptr_array_add (rows, row);
    }

  return rows;
}

static gboolean
part_list (Cli     *cli,
           char   **args,
           GError **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (!cli_book (cli, args[0], &project, &parts, &chapters, error))
    return FALSE;

  rows = part_rows (parts, chapters);
  if (!cli_print_list (&part_fields, &part_columns, rows, NULL))
    cli_outf (_("“%s” has no parts. Add one with “%s part add %s TITLE”.\n"),
              project->slug, CLI_PROGRAM, project->slug);
  return TRUE;
}

const CliBuiltin cli_part_list = {
  N_("SLUG"), 1, 1, cli_json_options,
  NULL,
  part_list,
};

static gboolean
part_add (Cli     *cli,
          char   **args,
          GError **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfPart) part = NULL;

  project = cli_project (cli, args[0], FALSE, error);
  if (project == NULL)
    return FALSE;

  part = df_part_add (cli->store, project->id, args[1], error);
  if (part == NULL)
    return FALSE;

  cli_outf ("%" PRId64 "\n", part->number);
  return TRUE;
}

const CliBuiltin cli_part_add = {
  N_("SLUG TITLE"), 2, 2, NULL,
  N_("Adds a part at the end of the book and prints its number."),
  part_add,
};

static gboolean
part_rename (Cli     *cli,
             char   **args,
             GError **error)
{
  g_autoptr(DfPart) part = cli_part (cli, args[0], args[1], NULL, error);

  return part != NULL && df_part_rename (cli->store, part->id, args[2], error);
}

const CliBuiltin cli_part_rename = {
  N_("SLUG N TITLE"), 3, 3, NULL,
  N_("N is the part's number, from 1."),
  part_rename,
};

static gboolean
part_set (Cli     *cli,
          char   **args,
          GError **error)
{
  g_autoptr(DfPart) part = cli_part (cli, args[0], args[1], NULL, error);

  if (part == NULL)
    return FALSE;
  if (strcmp (args[2], "title") == 0)
    return df_part_rename (cli->store, part->id, args[3], error);
  return df_part_set_field (cli->store, part->id, args[2], args[3], error);
}

const CliBuiltin cli_part_set = {
  N_("SLUG N KEY VALUE"), 4, 4, NULL,
  N_("KEY is one of title, description, layer (L1 to L5), tier (A2, B1, B2, "
     "C1, C2), week_start, week_end."),
  part_set,
};

static gboolean
part_delete (Cli     *cli,
             char   **args,
             GError **error)
{
  g_autoptr(DfPart) part = cli_part (cli, args[0], args[1], NULL, error);

  return part != NULL && df_part_delete (cli->store, part->id, error);
}

const CliBuiltin cli_part_delete = {
  N_("SLUG N"), 2, 2, NULL,
  N_("Deletes the part; its chapters stay in the book, without a part."),
  part_delete,
};
