/* df-import-blocks.c: a word processor's paragraphs written as Markdown
 *
 * The Word and OpenDocument imports read their XML and hand each
 * paragraph here a run at a time (its words, bold or italic) with what
 * kind of paragraph it is; here it becomes a Markdown block:
 *
 * - a heading "#" to "######" (its runs' emphasis left out);
 * - the book's title, kept aside for the project's name;
 * - a paragraph of only asterisks, hashes or tildes, or one that holds a
 *   horizontal rule: a scene break, "* * *";
 * - a "Chapter 1" line set in bold, kept plain, so that the manuscript's
 *   chapters are found by it;
 * - otherwise the runs, **bold** and *italic* (spaces outside the marks),
 *   a quote as "> ", a line break as Markdown's hard break;
 * - what Markdown would read as formatting escaped;
 * - the footnotes it refers to defined right after it, "[^1]: …".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-import"

#include "config.h"

#include <string.h>

#include "df-import-private.h"

/* ---- private helpers ------------------------------------------------- */

static void
run_clear (gpointer data)
{
  DfImportRun *run = data;

  g_string_free (run->text, TRUE);
}

/* @text with what Markdown reads as formatting escaped: backslashes,
 * asterisks, backquotes, underscores at a word's edge, a "<" that could
 * open a tag; @line_start: also what starts a block at a line's start. */
static void
append_escaped (GString    *out,
                const char *text,
                gboolean    line_start)
{
  const char *p = text;

  if (line_start)
    {
      const char *digits = p;

      while (g_ascii_isdigit (*digits))
        digits++;
      if (*p == '#' || *p == '>' || *p == '+' || *p == '=' || (*p == '-' && (p[1] == ' ' || p[1] == '-')) ||
          (digits > p && (*digits == '.' || *digits == ')') && (digits[1] == ' ' || digits[1] == '\0')))
        {
          if (digits > p)
            {
              g_string_append_len (out, p, digits - p);
              p = digits;
            }
          g_string_append_c (out, '\\');
        }
    }
  for (; *p != '\0'; p++)
    {
      gboolean edge = p == text || !g_ascii_isalnum (p[-1]) || !g_ascii_isalnum (p[1]);

      /* A line break inside the paragraph: Markdown's hard break. */
      if (*p == '\n')
        {
          g_string_append (out, "\\\n");
          continue;
        }
      if (*p == '\\' || *p == '*' || *p == '`' || (*p == '_' && edge) ||
          (*p == '<' && (g_ascii_isalpha (p[1]) || p[1] == '/' || p[1] == '!')))
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
}

/* A paragraph of nothing but asterisks, hashes or tildes: a scene break. */
static gboolean
is_scene_break (const char *text)
{
  gboolean marks = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '*' || *p == '#' || *p == '~')
        marks = TRUE;
      else if (!g_ascii_isspace (*p))
        return FALSE;
    }
  return marks;
}

/* The runs of the paragraph as Markdown: runs set alike joined, spaces
 * kept outside the emphasis marks. */
static void
append_runs (GString *out,
             GArray  *runs)
{
  gboolean line_start = TRUE;

  for (guint i = 0; i < runs->len;)
    {
      DfImportRun *run = &g_array_index (runs, DfImportRun, i);
      g_autoptr(GString) text = g_string_new (run->text->str);
      const char *marks = run->bold && run->italic ? "***" : run->bold ? "**" : run->italic ? "*" : "";
      const char *start, *end;
      guint j;

      if (run->raw)
        {
          /* Markdown of its own (a picture): as it is. */
          g_string_append (out, run->text->str);
          line_start = FALSE;
          i++;
          continue;
        }
      for (j = i + 1; j < runs->len; j++)
        {
          DfImportRun *next = &g_array_index (runs, DfImportRun, j);

          if (next->raw || next->bold != run->bold || next->italic != run->italic)
            break;
          g_string_append (text, next->text->str);
        }
      i = j;

      for (start = text->str; *start == ' ' || *start == '\t'; start++)
        ;
      for (end = text->str + text->len; end > start && (end[-1] == ' ' || end[-1] == '\t'); end--)
        ;
      if (start == end)
        {
          if (text->len > 0 && !line_start)
            g_string_append_c (out, ' ');
          continue;
        }
      if (start > text->str && !line_start)
        g_string_append_c (out, ' ');
      g_string_append (out, marks);
      {
        g_autofree char *words = g_strndup (start, end - start);
        append_escaped (out, words, line_start && *marks == '\0');
      }
      g_string_append (out, marks);
      if (end < text->str + text->len)
        g_string_append_c (out, ' ');
      line_start = FALSE;
    }
}

/* After the paragraph, the footnotes it refers to: "[^1]: …", a note's
 * later paragraphs indented under it. */
static void
append_definitions (DfImportBlocks *blocks)
{
  for (guint i = 0; i < blocks->notes->len; i++)
    {
      const char *entry = g_ptr_array_index (blocks->notes, i);
      const char *tab = strchr (entry, '\t');
      g_auto(GStrv) paragraphs = g_strsplit (tab + 1, "\n\n", -1);

      g_string_append_printf (blocks->out, "\n\n[^%.*s]: %s", (int) (tab - entry), entry, paragraphs[0]);
      for (guint j = 1; paragraphs[j] != NULL; j++)
        g_string_append_printf (blocks->out, "\n\n    %s", paragraphs[j]);
    }
  g_ptr_array_set_size (blocks->notes, 0);
}

/* The run the next words of @bold and @italic go into. */
static DfImportRun *
run_for (DfImportBlocks *blocks,
         gboolean        bold,
         gboolean        italic)
{
  DfImportRun *last = blocks->runs->len > 0
                      ? &g_array_index (blocks->runs, DfImportRun, blocks->runs->len - 1) : NULL;
  DfImportRun run = { NULL, bold, italic, FALSE };

  if (last != NULL && !last->raw && last->bold == bold && last->italic == italic)
    return last;
  run.text = g_string_new (NULL);
  g_array_append_val (blocks->runs, run);
  return &g_array_index (blocks->runs, DfImportRun, blocks->runs->len - 1);
}

/* ---- internal API ------------------------------------------------------ */

const char *
_df_import_xml_local_name (const char *name)
{
  const char *colon = strchr (name, ':');

  return colon != NULL ? colon + 1 : name;
}

const char *
_df_import_xml_attribute (const char **names,
                          const char **values,
                          const char  *want)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (_df_import_xml_local_name (names[i]), want))
      return values[i];
  return NULL;
}

void
_df_import_blocks_init (DfImportBlocks *blocks,
                        GString        *out)
{
  memset (blocks, 0, sizeof *blocks);
  blocks->out = out;
  blocks->runs = g_array_new (FALSE, TRUE, sizeof (DfImportRun));
  g_array_set_clear_func (blocks->runs, run_clear);
  blocks->notes = g_ptr_array_new_with_free_func (g_free);
}

void
_df_import_blocks_clear (DfImportBlocks *blocks)
{
  g_clear_pointer (&blocks->runs, g_array_unref);
  g_clear_pointer (&blocks->notes, g_ptr_array_unref);
  g_clear_pointer (&blocks->book_title, g_free);
}

void
_df_import_blocks_begin (DfImportBlocks *blocks)
{
  memset (&blocks->para, 0, sizeof blocks->para);
  g_array_set_size (blocks->runs, 0);
}

void
_df_import_blocks_text (DfImportBlocks *blocks,
                        const char     *text,
                        gssize          len,
                        gboolean        bold,
                        gboolean        italic)
{
  g_string_append_len (run_for (blocks, bold, italic)->text, text, len);
}

void
_df_import_blocks_raw (DfImportBlocks *blocks,
                       const char     *markdown)
{
  DfImportRun run = { g_string_new (markdown), FALSE, FALSE, TRUE };

  g_array_append_val (blocks->runs, run);
}

void
_df_import_blocks_link_start (DfImportBlocks *blocks)
{
  _df_import_blocks_raw (blocks, "[");
}

void
_df_import_blocks_link_end (DfImportBlocks *blocks,
                            const char     *url)
{
  g_autoptr(GString) markdown = g_string_new ("](");

  /* What would end the destination, or break it, percent-encoded. */
  for (const char *p = url; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '(' || *p == ')' || *p == '<' || *p == '>' || *p == '\n')
        g_string_append_printf (markdown, "%%%02X", (guchar) *p);
      else
        g_string_append_c (markdown, *p);
    }
  g_string_append_c (markdown, ')');
  _df_import_blocks_raw (blocks, markdown->str);
}

void
_df_import_blocks_footnote (DfImportBlocks *blocks,
                            const char     *markdown,
                            gboolean        bold,
                            gboolean        italic)
{
  guint label = ++blocks->n_labels;

  g_string_append_printf (run_for (blocks, bold, italic)->text, "[^%u]", label);
  g_ptr_array_add (blocks->notes, g_strdup_printf ("%u\t%s", label, markdown));
}

void
_df_import_blocks_end (DfImportBlocks *blocks)
{
  g_autoptr(GString) plain = g_string_new (NULL);
  g_autoptr(GString) block = g_string_new (NULL);

  for (guint i = 0; i < blocks->runs->len; i++)
    g_string_append (plain, g_array_index (blocks->runs, DfImportRun, i).text->str);
  g_strdelimit (plain->str, "\n", ' ');
  g_strstrip (plain->str);
  plain->len = strlen (plain->str);

  if (plain->len == 0 && blocks->para.rule)
    g_string_append (plain, "* * *");
  if (plain->len == 0 || blocks->para.skip)
    return;
  if (blocks->para.title && blocks->book_title == NULL)
    {
      blocks->book_title = g_strdup (plain->str);
      return;
    }

  if (blocks->para.heading > 0)
    {
      g_autofree char *hashes = g_strnfill (MIN (blocks->para.heading, 6), '#');

      g_string_append_printf (block, "%s ", hashes);
      append_escaped (block, plain->str, FALSE);
      blocks->n_headings++;
    }
  else if (is_scene_break (plain->str))
    g_string_append (block, "* * *");
  else if (_df_import_is_heading_line (plain->str))
    append_escaped (block, plain->str, TRUE);
  else
    {
      if (blocks->para.quote)
        g_string_append (block, "> ");
      append_runs (block, blocks->runs);
    }

  if (blocks->out->len > 0)
    g_string_append (blocks->out, "\n\n");
  g_string_append (blocks->out, block->str);
  append_definitions (blocks);
}
