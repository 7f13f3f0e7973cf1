/* cli-chapter.c: chapter list, cat, write, add, rename, set, move, delete
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "cli-private.h"

/* The part of @chapter among @parts, or NULL. */
static const DfPart *
part_of (const DfChapter *chapter,
         GPtrArray       *parts)
{
  for (guint i = 0; i < parts->len && chapter->part_id != 0; i++)
    if (((DfPart *)parts->pdata[i])->id == chapter->part_id)
      return parts->pdata[i];
  return NULL;
}

static void
get_part (gconstpointer  record,
          gconstpointer  data,
          CliValue      *value)
{
  const DfPart *part = part_of (record, (GPtrArray *)data);

  if (part != NULL)
    cli_value_set_int (value, part->number);
}

static void
get_part_title (gconstpointer  record,
                gconstpointer  data,
                CliValue      *value)
{
  const DfPart *part = part_of (record, (GPtrArray *)data);

  cli_value_set_string (value, part != NULL ? part->title : NULL);
}

/* A chapter, with the parts of its project as the data. */
static const CliField chapter_field_list[] = {
  CLI_MEMBER (DfChapter, "number", number, CLI_INT),
  CLI_MEMBER (DfChapter, "title", title, CLI_STRING),
  CLI_MEMBER (DfChapter, "slug", slug, CLI_STRING),
  CLI_MEMBER (DfChapter, "kind", kind, CLI_STRING),
  CLI_COMPUTED ("part", get_part),
  CLI_COMPUTED ("part_title", get_part_title),
  CLI_MEMBER (DfChapter, "words", words, CLI_INT),
  CLI_MEMBER (DfChapter, "updated_at", updated_at, CLI_STRING),
};

static const CliFields chapter_fields = CLI_FIELDS (chapter_field_list);

static const CliColumn chapter_column_list[] = {
  { "#", "number", CLI_CELL_RIGHT },
  { N_("PART"), "part", CLI_CELL_RIGHT | CLI_CELL_DASH },
  { N_("KIND"), "kind", 0 },
  { N_("WORDS"), "words", CLI_CELL_RIGHT },
  { N_("TITLE"), "title", 0 },
};

static const CliView chapter_columns = CLI_VIEW (chapter_column_list);

static gboolean
chapter_list (Cli     *cli,
              char   **args,
              GError **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GPtrArray) chapters = NULL;

  if (!cli_book (cli, args[0], &project, &parts, &chapters, error))
    return FALSE;

  if (!cli_print_list (&chapter_fields, &chapter_columns, chapters, parts))
    cli_outf (_("“%s” has no chapters. Add one with “%s chapter add %s TITLE”.\n"),
              project->slug, CLI_PROGRAM, project->slug);
  return TRUE;
}

const CliBuiltin cli_chapter_list = {
  N_("SLUG"), 1, 1, cli_json_options,
  N_("Chapters are listed in book order, numbered from 1."),
  chapter_list,
};

static gboolean
chapter_cat (Cli     *cli,
             char   **args,
             GError **error)
{
  g_autoptr(DfChapter) chapter = cli_chapter (cli, args[0], args[1], error);

  if (chapter == NULL)
    return FALSE;

  cli_out_exact (chapter->content_md);
  return TRUE;
}

const CliBuiltin cli_chapter_cat = {
  N_("SLUG N"), 2, 2, NULL,
  N_("Prints the chapter's Markdown exactly as stored, without adding a newline."),
  chapter_cat,
};

/* Reads all of @fd. */
static GBytes *
read_fd (int      fd,
         GError **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  guint8 chunk[65536];

  for (;;)
    {
      gssize n = read (fd, chunk, sizeof chunk);

      if (n < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;
          g_set_error (error, DF_ERROR, DF_ERROR_IO,
                       _("Could not read the standard input: %s"), g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;
      g_byte_array_append (buffer, chunk, (guint)n);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

/* Reads FILE, or stdin when @path is NULL or "-", as UTF-8 text. */
static char *
read_text (const char  *path,
           GError     **error)
{
  gboolean from_stdin = path == NULL || strcmp (path, "-") == 0;
  g_autoptr(GBytes) bytes = NULL;
  const char *data;
  const char *end = NULL;
  gsize len;

  if (from_stdin)
    bytes = read_fd (STDIN_FILENO, error);
  else
    {
      char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (path, &contents, &length, error))
        bytes = g_bytes_new_take (contents, length);
    }
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &len);
  if (len > 0 && !g_utf8_validate_len (data, len, &end))
    {
      unsigned long offset = (unsigned long)(end - data);

      if (from_stdin)
        g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                     _("The standard input is not UTF-8 text (invalid byte at offset %lu); "
                       "convert it to UTF-8 and try again."), offset);
      else
        g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                     _("“%s” is not UTF-8 text (invalid byte at offset %lu); "
                       "convert it to UTF-8 and try again."), path, offset);
      return NULL;
    }

  return g_strndup (data != NULL ? data : "", len);
}

static gboolean
chapter_write (Cli     *cli,
               char   **args,
               GError **error)
{
  g_autoptr(DfChapter) chapter = NULL;
  g_autofree char *text = NULL;

  chapter = cli_chapter (cli, args[0], args[1], error);
  if (chapter == NULL)
    return FALSE;

  text = read_text (args[2], error);
  return text != NULL && df_chapter_save_content (cli->store, chapter->id, text, error);
}

const CliBuiltin cli_chapter_write = {
  N_("SLUG N [FILE]"), 2, 3, NULL,
  N_("Replaces the chapter's Markdown with the contents of FILE, or of the "
     "standard input when FILE is absent or “-”.  The text must be UTF-8; it "
     "is stored byte for byte.  The previous content is kept as a revision."),
  chapter_write,
};

static char *opt_part;

static const GOptionEntry chapter_add_entries[] = {
  { "part", 0, 0, G_OPTION_ARG_STRING, &opt_part, N_("Add it at the end of part N"), N_("N") },
  G_OPTION_ENTRY_NULL
};

static gboolean
chapter_add (Cli     *cli,
             char   **args,
             GError **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  gint64 part_id = 0;

  if (opt_part != NULL)
    {
      g_autoptr(DfPart) part = NULL;
      gint64 unused;

      if (!cli_parse_number ("--part", opt_part, 1, G_MAXINT64, &unused, error))
        return FALSE;
      part = cli_part (cli, args[0], opt_part, &project, error);
      if (part == NULL)
        return FALSE;
      part_id = part->id;
    }
  else
    {
      project = cli_project (cli, args[0], FALSE, error);
      if (project == NULL)
        return FALSE;
    }

  chapter = df_chapter_add (cli->store, project->id, part_id, args[1], "", error);
  if (chapter == NULL)
    return FALSE;

  cli_outf ("%" PRId64 "\n", chapter->number);
  return TRUE;
}

const CliBuiltin cli_chapter_add = {
  N_("SLUG TITLE"), 2, 2, chapter_add_entries,
  N_("Adds an empty chapter at the end of the book (or of part N) and prints "
     "its number."),
  chapter_add,
};

static gboolean
chapter_rename (Cli     *cli,
                char   **args,
                GError **error)
{
  g_autoptr(DfChapter) chapter = cli_chapter (cli, args[0], args[1], error);

  return chapter != NULL && df_chapter_rename (cli->store, chapter->id, args[2], error);
}

const CliBuiltin cli_chapter_rename = {
  N_("SLUG N TITLE"), 3, 3, NULL,
  N_("N is the chapter's number in book order, from 1."),
  chapter_rename,
};

static gboolean
chapter_set (Cli     *cli,
             char   **args,
             GError **error)
{
  g_autoptr(DfChapter) chapter = cli_chapter (cli, args[0], args[1], error);

  if (chapter == NULL)
    return FALSE;
  if (strcmp (args[2], "title") == 0)
    return df_chapter_rename (cli->store, chapter->id, args[3], error);
  if (strcmp (args[2], "target") == 0)
    return df_chapter_set_field (cli->store, chapter->id, "word_target", args[3], error);
  return df_chapter_set_field (cli->store, chapter->id, args[2], args[3], error);
}

const CliBuiltin cli_chapter_set = {
  N_("SLUG N KEY VALUE"), 4, 4, NULL,
  N_("KEY is one of title, kind (chapter, lesson, lab, summary, index, scene), "
     "slug, prerequisites (a JSON array), estimated_minutes, status (idea, "
     "outline, draft, revised, final, excluded: left out of exported books), "
     "synopsis, notes, target (the words the chapter should reach; 0 for none), "
     "pov (the point of view: a character of the codex, by name or id; \"\" for none)."),
  chapter_set,
};

static char *opt_move_part;

static const GOptionEntry chapter_move_entries[] = {
  { "part", 0, 0, G_OPTION_ARG_STRING, &opt_move_part,
    N_("Move it into part N (0: outside any part); TO is then its place in the part"), N_("N") },
  G_OPTION_ENTRY_NULL
};

/* chapter move SLUG N --part P [TO]: into part P, at place TO in it (the
 * end without TO). */
static gboolean
chapter_move_to_part (Cli        *cli,
                      char      **args,
                      gint64      to,
                      GError    **error)
{
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(DfPart) part = NULL;
  g_autoptr(DfProject) project = NULL;
  gint64 number;

  if (!cli_parse_number ("--part", opt_move_part, 0, G_MAXINT64, &number, error))
    return FALSE;
  if (number > 0 && (part = cli_part (cli, args[0], opt_move_part, &project, error)) == NULL)
    return FALSE;

  chapter = cli_chapter (cli, args[0], args[1], error);
  return chapter != NULL &&
         df_chapter_move_to_part (cli->store, chapter->id, part != NULL ? part->id : 0,
                                  to > 0 ? to - 1 : G_MAXINT64, error);
}

static gboolean
chapter_move (Cli     *cli,
              char   **args,
              GError **error)
{
  g_autoptr(DfChapter) chapter = NULL;
  gint64 to = 0;

  /* Both numbers are checked before anything is opened. */
  if (args[2] != NULL && !cli_parse_number ("TO", args[2], 1, G_MAXINT64, &to, error))
    return FALSE;

  if (opt_move_part != NULL)
    return chapter_move_to_part (cli, args, to, error);
  if (args[2] == NULL)
    {
      cli_usage_error (error, _("Say where: TO, or --part N"));
      return FALSE;
    }

  chapter = cli_chapter (cli, args[0], args[1], error);
  return chapter != NULL && df_chapter_move (cli->store, chapter->id, to, error);
}

const CliBuiltin cli_chapter_move = {
  N_("SLUG N [TO]"), 2, 3, chapter_move_entries,
  N_("Moves chapter N to position TO in book order; it joins the part of the "
     "chapter that was at TO.  With --part P it goes into part P (0: outside "
     "any part), at place TO within it, or at its end."),
  chapter_move,
};

static gboolean
chapter_delete (Cli     *cli,
                char   **args,
                GError **error)
{
  g_autoptr(DfChapter) chapter = cli_chapter (cli, args[0], args[1], error);

  return chapter != NULL && df_chapter_delete (cli->store, chapter->id, error);
}

const CliBuiltin cli_chapter_delete = {
  N_("SLUG N"), 2, 2, NULL,
  N_("Deletes the chapter; the chapters after it move up by one.  Its text "
     "stays in the revisions."),
  chapter_delete,
};
