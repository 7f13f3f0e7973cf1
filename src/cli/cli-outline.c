/* cli-outline.c: planning the book — outline, chapter label, chapter
 * split, chapter merge, chapter split-scenes, labels and their colours,
 * writing sessions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cli-private.h"
#include "df-planning.h"

/* ---- outline ------------------------------------------------------------ */

/* A row of the outline: the chapter's fields, borrowed from the chapter
 * list, and its labels. */
typedef struct
{
  gint64      number;
  const char *title;
  gint64      part;
  const char *status;
  const char *synopsis;
  char      **labels;
  const char *pov;
  gint64      words;
  gint64      word_target;
  const char *updated_at;
} OutlineRow;

static void
outline_row_free (OutlineRow *row)
{
  g_strfreev (row->labels);
  g_free (row);
}

static void
get_part (gconstpointer  record,
          gconstpointer  data,
          CliValue      *value)
{
  const OutlineRow *row = record;

  if (row->part > 0)
    cli_value_set_int (value, row->part);
}

static void
get_target (gconstpointer  record,
            gconstpointer  data,
            CliValue      *value)
{
  const OutlineRow *row = record;

  if (row->word_target > 0)
    cli_value_set_int (value, row->word_target);
}

static void
get_synopsis_line (gconstpointer  record,
                   gconstpointer  data,
                   CliValue      *value)
{
  const OutlineRow *row = record;

  cli_value_take_string (value, cli_one_line (row->synopsis));
}

static const CliField outline_field_list[] = {
  CLI_MEMBER (OutlineRow, "number", number, CLI_INT),
  CLI_MEMBER (OutlineRow, "title", title, CLI_STRING),
  CLI_COMPUTED ("part", get_part),
  CLI_MEMBER (OutlineRow, "status", status, CLI_STRING),
  CLI_MEMBER (OutlineRow, "labels", labels, CLI_STRV),
  CLI_MEMBER (OutlineRow, "pov", pov, CLI_STRING),
  CLI_MEMBER (OutlineRow, "words", words, CLI_INT),
  CLI_MEMBER (OutlineRow, "word_target", word_target, CLI_INT),
  CLI_MEMBER (OutlineRow, "synopsis", synopsis, CLI_STRING),
  CLI_MEMBER (OutlineRow, "updated_at", updated_at, CLI_STRING),
  /* for the table only */
  { "target_text", CLI_NULL, 0, get_target, TRUE },
  { "synopsis_line", CLI_NULL, 0, get_synopsis_line, TRUE },
};

static const CliFields outline_fields = CLI_FIELDS (outline_field_list);

static const CliColumn outline_column_list[] = {
  { "#", "number", CLI_CELL_RIGHT },
  { N_("STATUS"), "status", 0 },
  { N_("WORDS"), "words", CLI_CELL_RIGHT },
  { N_("TARGET"), "target_text", CLI_CELL_RIGHT | CLI_CELL_DASH },
  { N_("LABELS"), "labels", CLI_CELL_DASH },
  { N_("POV"), "pov", CLI_CELL_DASH },
  { N_("TITLE"), "title", 0 },
  { N_("SYNOPSIS"), "synopsis_line", 0 },
};

static const CliView outline_columns = CLI_VIEW (outline_column_list);

/* The 1-based place of part @part_id among @parts, 0 for none. */
static gint64
part_number (GPtrArray *parts,
             gint64     part_id)
{
  for (guint i = 0; i < parts->len && part_id != 0; i++)
    if (((DfPart *)parts->pdata[i])->id == part_id)
      return ((DfPart *)parts->pdata[i])->number;
  return 0;
}

static GPtrArray *
outline_rows (GPtrArray *chapters,
              GPtrArray *parts,
              GPtrArray *assigned)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)outline_row_free);
  guint cursor = 0;

  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *c = g_ptr_array_index (chapters, i);
      OutlineRow *row = g_new0 (OutlineRow, 1);
      g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();

      for (; cursor < assigned->len && ((DfLabel *)assigned->pdata[cursor])->chapter_id == c->id; cursor++)
        g_strv_builder_add (labels, ((DfLabel *)assigned->pdata[cursor])->name);
      *row = (OutlineRow) {
        c->number, c->title, part_number (parts, c->part_id), c->status, c->synopsis,
        g_strv_builder_end (labels), c->pov, c->words, c->word_target, c->updated_at,
      };
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static gboolean opt_csv;
static gboolean opt_markdown;

static const GOptionEntry outline_entries[] = {
  CLI_OPTION_JSON,
  { "csv", 0, 0, G_OPTION_ARG_NONE, &opt_csv, N_("Print CSV"), NULL },
  { "markdown", 0, 0, G_OPTION_ARG_NONE, &opt_markdown, N_("Print a Markdown table"), NULL },
  G_OPTION_ENTRY_NULL
};

static gboolean
outline (Cli     *cli,
         char   **args,
         GError **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GPtrArray) assigned = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (cli_opt_json + opt_csv + opt_markdown > 1)
    {
      cli_usage_error (error, _("Choose one of --json, --csv and --markdown"));
      return FALSE;
    }
  if (!cli_book (cli, args[0], &project, &parts, &chapters, error))
    return FALSE;

  if (opt_csv || opt_markdown)
    {
      g_autofree char *text = df_outline_format (cli->store, project->id, opt_csv ? "csv" : "markdown", error);

      if (text == NULL)
        return FALSE;
      cli_out_exact (text);
      return TRUE;
    }

  if ((assigned = df_label_list_assigned (cli->store, project->id, error)) == NULL)
    return FALSE;
  rows = outline_rows (chapters, parts, assigned);
  if (!cli_print_list (&outline_fields, &outline_columns, rows, NULL))
    cli_outf (_("“%s” has no chapters. Add one with “%s chapter add %s TITLE”.\n"),
              project->slug, CLI_PROGRAM, project->slug);
  return TRUE;
}

const CliBuiltin cli_outline = {
  N_("SLUG"), 1, 1, outline_entries,
  N_("Each chapter in book order with its status, words, word target, labels, "
     "point of view, title and synopsis.  --csv and --markdown also give its part and when "
     "its text was last edited."),
  outline,
};

/* ---- chapter label ----------------------------------------------------- */

static gboolean
chapter_label (Cli     *cli,
               char   **args,
               GError **error)
{
  g_autoptr(DfChapter) chapter = NULL;
  gboolean add = strcmp (args[2], "add") == 0;

  if (!add && strcmp (args[2], "remove") != 0)
    {
      cli_usage_error (error, _("Say add or remove, then the label"));
      return FALSE;
    }
  if ((chapter = cli_chapter (cli, args[0], args[1], error)) == NULL)
    return FALSE;
  return add ? df_chapter_add_label (cli->store, chapter->id, args[3], error)
             : df_chapter_remove_label (cli->store, chapter->id, args[3], error);
}

const CliBuiltin cli_chapter_label = {
  N_("SLUG N add|remove LABEL"), 4, 4, NULL,
  N_("Gives chapter N the label LABEL, or takes it away.  A label the project "
     "does not have yet is added to it with a colour of its own."),
  chapter_label,
};

/* ---- label list, label color, label delete -------------------------------- */

static const CliField label_field_list[] = {
  CLI_MEMBER (DfLabel, "name", name, CLI_STRING),
  CLI_MEMBER (DfLabel, "color", color, CLI_STRING),
};

static const CliFields label_fields = CLI_FIELDS (label_field_list);

static const CliColumn label_column_list[] = {
  { N_("COLOUR"), "color", 0 },
  { N_("LABEL"), "name", 0 },
};

static const CliView label_columns = CLI_VIEW (label_column_list);

static gboolean
label_list (Cli     *cli,
            char   **args,
            GError **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) labels = NULL;

  if ((project = cli_project (cli, args[0], FALSE, error)) == NULL ||
      (labels = df_label_list (cli->store, project->id, error)) == NULL)
    return FALSE;
  if (!cli_print_list (&label_fields, &label_columns, labels, NULL))
    cli_outf (_("“%s” has no labels. Give a chapter one with “%s chapter label %s N add LABEL”.\n"),
              project->slug, CLI_PROGRAM, project->slug);
  return TRUE;
}

const CliBuiltin cli_label_list = {
  N_("SLUG"), 1, 1, cli_json_options,
  N_("The labels the project defines, by name, with their colours."),
  label_list,
};

static gboolean
label_color (Cli     *cli,
             char   **args,
             GError **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfLabel) label = NULL;

  if ((project = cli_project (cli, args[0], FALSE, error)) == NULL ||
      (label = df_label_define (cli->store, project->id, args[1], args[2], error)) == NULL)
    return FALSE;
  return TRUE;
}

const CliBuiltin cli_label_color = {
  N_("SLUG LABEL COLOUR"), 3, 3, NULL,
  N_("Gives the label LABEL the colour COLOUR, written #rrggbb (such as "
     "#3584e4); a label the project does not have yet is added to it."),
  label_color,
};

static gboolean
label_delete (Cli     *cli,
              char   **args,
              GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);

  return project != NULL && df_label_delete (cli->store, project->id, args[1], error);
}

const CliBuiltin cli_label_delete = {
  N_("SLUG LABEL"), 2, 2, NULL,
  N_("Removes the label from the project and from every chapter that has it."),
  label_delete,
};

/* ---- chapter split, chapter merge ------------------------------------- */

static char *opt_at_line;
static char *opt_title;

static const GOptionEntry chapter_split_entries[] = {
  { "at-line", 0, 0, G_OPTION_ARG_STRING, &opt_at_line,
    N_("The new chapter starts with line L of the text (from 1)"), N_("L") },
  { "title", 0, 0, G_OPTION_ARG_STRING, &opt_title,
    N_("The new chapter's title (else its opening heading, or the title and “(continued)”)"), N_("TITLE") },
  G_OPTION_ENTRY_NULL
};

static gboolean
chapter_split (Cli     *cli,
               char   **args,
               GError **error)
{
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(DfChapter) added = NULL;
  gint64 line;
  gssize offset;

  if (opt_at_line == NULL)
    {
      cli_usage_error (error, _("Say where with --at-line L"));
      return FALSE;
    }
  if (!cli_parse_number ("--at-line", opt_at_line, 2, G_MAXINT64, &line, error) ||
      (chapter = cli_chapter (cli, args[0], args[1], error)) == NULL)
    return FALSE;

  offset = df_text_line_offset (chapter->content_md, line);
  if (offset < 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("Chapter %s has no line %" PRId64), args[1], line);
      return FALSE;
    }
  added = df_chapter_split (cli->store, chapter->id, offset, opt_title, error);
  if (added == NULL)
    return FALSE;
  cli_outf ("%" PRId64 "\n", added->number);
  return TRUE;
}

const CliBuiltin cli_chapter_split = {
  N_("SLUG N"), 2, 2, chapter_split_entries,
  N_("Splits chapter N in two: it keeps its text up to line L, and a new "
     "chapter right after it, in the same part and with the same status, holds "
     "the rest, byte for byte.  Prints the new chapter's number."),
  chapter_split,
};

static char *opt_break;

static const GOptionEntry chapter_scenes_entries[] = {
  { "break", 0, 0, G_OPTION_ARG_STRING, &opt_break,
    N_("A line holding only MARK is a scene break (else ***, * * * and #)"), N_("MARK") },
  G_OPTION_ENTRY_NULL
};

static gboolean
chapter_split_scenes (Cli     *cli,
                      char   **args,
                      GError **error)
{
  g_autoptr(DfChapter) chapter = cli_chapter (cli, args[0], args[1], error);
  const char *breaks[] = { opt_break, NULL };
  guint n = 0;

  if (chapter == NULL ||
      !df_chapter_split_scenes (cli->store, chapter->id, opt_break ? breaks : NULL, &n, error))
    return FALSE;
  cli_outf ("%u\n", n);
  return TRUE;
}

const CliBuiltin cli_chapter_split_scenes = {
  N_("SLUG N"), 2, 2, chapter_scenes_entries,
  N_("Splits chapter N at its scene breaks: each break begins a chapter of kind "
     "scene right after it, in its part and with its status, byte for byte.  "
     "Prints the number of scenes made."),
  chapter_split_scenes,
};

static gboolean
chapter_merge (Cli     *cli,
               char   **args,
               GError **error)
{
  g_autoptr(DfChapter) chapter = cli_chapter (cli, args[0], args[1], error);

  return chapter != NULL && df_chapter_merge_next (cli->store, chapter->id, NULL, error);
}

const CliBuiltin cli_chapter_merge = {
  N_("SLUG N"), 2, 2, NULL,
  N_("Appends the text of the chapter after N to chapter N, byte for byte, "
     "with its labels, and deletes it (its text stays in its revisions)."),
  chapter_merge,
};

/* ---- session start, stop, list ----------------------------------------- */

static void
get_minutes (gconstpointer  record,
             gconstpointer  data,
             CliValue      *value)
{
  cli_value_set_int (value, ((const DfWritingSession *)record)->active_seconds / 60);
}

static const CliField session_field_list[] = {
  CLI_MEMBER (DfWritingSession, "id", id, CLI_INT),
  CLI_MEMBER (DfWritingSession, "started_at", started_at, CLI_STRING),
  CLI_MEMBER (DfWritingSession, "ended_at", ended_at, CLI_STRING),
  CLI_MEMBER (DfWritingSession, "goal_words", goal_words, CLI_INT),
  CLI_MEMBER (DfWritingSession, "goal_minutes", goal_minutes, CLI_INT),
  CLI_MEMBER (DfWritingSession, "words_start", words_start, CLI_INT),
  CLI_MEMBER (DfWritingSession, "words_end", words_end, CLI_INT),
  CLI_MEMBER (DfWritingSession, "words_written", words_written, CLI_INT),
  CLI_MEMBER (DfWritingSession, "active_seconds", active_seconds, CLI_INT),
  { "active_minutes", CLI_NULL, 0, get_minutes, TRUE },
};

static const CliFields session_fields = CLI_FIELDS (session_field_list);

static const CliColumn session_column_list[] = {
  { N_("STARTED"), "started_at", CLI_CELL_TIME },
  { N_("ENDED"), "ended_at", CLI_CELL_TIME },
  { N_("WORDS"), "words_written", CLI_CELL_RIGHT },
  { N_("MINUTES"), "active_minutes", CLI_CELL_RIGHT },
  { N_("GOAL WORDS"), "goal_words", CLI_CELL_RIGHT },
  { N_("GOAL MINUTES"), "goal_minutes", CLI_CELL_RIGHT },
};

static const CliView session_columns = CLI_VIEW (session_column_list);

static char *opt_goal_words;
static char *opt_goal_minutes;

static const GOptionEntry session_start_entries[] = {
  CLI_OPTION_JSON,
  { "words", 0, 0, G_OPTION_ARG_STRING, &opt_goal_words, N_("A goal of N words"), N_("N") },
  { "minutes", 0, 0, G_OPTION_ARG_STRING, &opt_goal_minutes, N_("A goal of N minutes"), N_("N") },
  G_OPTION_ENTRY_NULL
};

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
session_start (Cli     *cli,
               char   **args,
               GError **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfWritingSession) session = NULL;
  gint64 words = 0, minutes = 0;

  if ((opt_goal_words != NULL && !cli_parse_number ("--words", opt_goal_words, 0, 10000000, &words, error)) ||
      (opt_goal_minutes != NULL && !cli_parse_number ("--minutes", opt_goal_minutes, 0, 100000, &minutes, error)) ||
      (project = cli_project (cli, args[0], FALSE, error)) == NULL ||
      (session = df_writing_session_start (cli->store, project->id, words, minutes, now_seconds (), error)) == NULL)
    return FALSE;
  cli_print_record (&session_fields, &session_columns, session, NULL);
  return TRUE;
}

const CliBuiltin cli_session_start = {
  N_("SLUG"), 1, 1, session_start_entries,
  N_("Starts a writing session, with a goal in words or minutes if given.  "
     "Its writing time leaves out what a pause of more than five minutes adds "
     "beyond five."),
  session_start,
};

static gboolean
session_stop (Cli     *cli,
              char   **args,
              GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autoptr(DfWritingSession) session = NULL;

  if (project == NULL ||
      (session = df_writing_session_stop (cli->store, project->id, now_seconds (), error)) == NULL)
    return FALSE;
  cli_print_record (&session_fields, &session_columns, session, NULL);
  return TRUE;
}

const CliBuiltin cli_session_stop = {
  N_("SLUG"), 1, 1, cli_json_options,
  N_("Ends the running writing session and shows what it added."),
  session_stop,
};

static gboolean opt_session_csv;

static const GOptionEntry session_list_entries[] = {
  CLI_OPTION_JSON,
  { "csv", 0, 0, G_OPTION_ARG_NONE, &opt_session_csv, N_("Print CSV"), NULL },
  G_OPTION_ENTRY_NULL
};

/* The sessions as CSV: a header row, CRLF line ends. */
static void
print_sessions_csv (GPtrArray *sessions)
{
  g_autoptr(GString) out = g_string_new ("started_at,ended_at,goal_words,goal_minutes,words_start,words_end,"
                                         "words_written,active_seconds\r\n");

  for (guint i = 0; i < sessions->len; i++)
    {
      DfWritingSession *s = g_ptr_array_index (sessions, i);

      g_string_append_printf (out, "%s,%s,%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 "\r\n",
                              s->started_at, s->ended_at ? s->ended_at : "", s->goal_words, s->goal_minutes,
                              s->words_start, s->words_end, s->words_written, s->active_seconds);
    }
  cli_out_exact (out->str);
}

static gboolean
session_list (Cli     *cli,
              char   **args,
              GError **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) sessions = NULL;

  if (cli_opt_json && opt_session_csv)
    {
      cli_usage_error (error, _("Choose one of --json and --csv"));
      return FALSE;
    }
  if ((project = cli_project (cli, args[0], FALSE, error)) == NULL ||
      (sessions = df_writing_session_list (cli->store, project->id, error)) == NULL)
    return FALSE;
  cli_print_sessions (project, sessions, opt_session_csv);
  return TRUE;
}

void
cli_print_sessions (const DfProject *project,
                    GPtrArray       *sessions,
                    gboolean         csv)
{
  if (csv)
    print_sessions_csv (sessions);
  else if (!cli_print_list (&session_fields, &session_columns, sessions, NULL))
    cli_outf (_("“%s” has no writing sessions. Start one with “%s session start %s”.\n"),
              project->slug, CLI_PROGRAM, project->slug);
}

const CliBuiltin cli_session_list = {
  N_("SLUG"), 1, 1, session_list_entries,
  N_("The project's writing sessions, newest first."),
  session_list,
};
