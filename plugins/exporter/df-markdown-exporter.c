/* df-markdown-exporter.c: the book as Markdown
 *
 * Two shapes, by the "single-file" option:
 *  - false (the default): a .zip of the project folder (docs/folder-format.md,
 *    as df_export_folder writes it) inside a folder named after the
 *    project's slug; unzipped, `draftforge import` reads it back.  The
 *    chapters are in it byte for byte.
 *  - true: one .md file: a YAML metadata block (title, author, lang, as
 *    pandoc reads it), then "# Part" and "## Chapter" headings (chapters
 *    are "#" when the book has no parts) with each chapter's headings
 *    shifted to sit under its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter"

#include "config.h"

#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <zip.h>

#include "exporter-util.h"

/* ---- one file ----------------------------------------------------------- */

static void
yaml_string (GString    *out,
             const char *text)
{
  g_autofree char *clean = exporter_xml_clean (text);

  g_string_append_c (out, '"');
  for (const char *p = clean; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      if (*p == '\n')
        g_string_append (out, "\\n");
      else if (*p == '\r')
        g_string_append (out, "\\r");
      else if (*p == '\t')
        g_string_append (out, "\\t");
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* One line of a title, for a heading: no line breaks, no trailing '#'. */
static void
heading_text (GString    *out,
              const char *text)
{
  g_autofree char *clean = exporter_xml_clean (text);

  for (char *p = clean; *p; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t')
      *p = ' ';
  g_strstrip (clean);
  g_string_append (out, clean);
  if (g_str_has_suffix (clean, "#"))
    g_string_append (out, " #");  /* "C#" stays "C#": a closing sequence needs a space before it */
}

typedef struct
{
  int line;      /* 1-based */
  int end_line;
  int level;
} Heading;

/* The headings of @markdown outside code blocks, from cmark-gfm's source
 * positions. */
static GArray *
find_headings (const char *markdown,
               Heading    *first_block)
{
  GArray *headings = g_array_new (FALSE, FALSE, sizeof (Heading));
  cmark_parser *parser;
  cmark_node *doc;

  df_markdown_parse_lock ();
  parser = cmark_parser_new (CMARK_OPT_SOURCEPOS);
  cmark_parser_feed (parser, markdown, strlen (markdown));
  doc = cmark_parser_finish (parser);
  cmark_parser_free (parser);
  df_markdown_parse_unlock ();

  first_block->level = 0;
  for (cmark_node *n = cmark_node_first_child (doc); n; n = cmark_node_next (n))
    {
      if (cmark_node_get_type (n) == CMARK_NODE_HTML_BLOCK && headings->len == 0 && first_block->level == 0)
        continue;
      if (cmark_node_get_type (n) == CMARK_NODE_HEADING)
        {
          Heading h = { cmark_node_get_start_line (n), cmark_node_get_end_line (n),
                        cmark_node_get_heading_level (n) };

          if (headings->len == 0 && first_block->level == 0 && n == cmark_node_first_child (doc))
            *first_block = h;
          g_array_append_val (headings, h);
        }
      else if (first_block->level == 0)
        first_block->level = -1;
    }
  /* nested headings (in block quotes, lists) are left as they are */
  cmark_node_free (doc);
  return headings;
}

/* Whether the heading @first (the chapter's first block) says the
 * chapter's title. */
static gboolean
starts_with_title (const char    *md,
                   const Heading *first,
                   const char    *title)
{
  g_auto(GStrv) lines = g_strsplit (md, "\n", first->end_line + 1);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = exporter_title_key (title);

  for (int i = first->line - 1; i < first->end_line && lines[i]; i++)
    g_string_append (text, lines[i]);
  a = exporter_title_key (text->str);
  return *a && strcmp (a, b) == 0;
}

/* The heading that starts at lines[@i], @shift levels deeper, on one
 * line; returns the index of its last line. */
static int
append_shifted_heading (GString       *out,
                        char         **lines,
                        int            i,
                        const Heading *heading,
                        int            shift)
{
  int new_level = CLAMP (heading->level + shift, 1, 6);
  const char *p = lines[i];

  while (*p == ' ')
    p++;
  for (int k = 0; k < new_level; k++)
    g_string_append_c (out, '#');
  g_string_append_c (out, ' ');
  if (*p == '#')
    {
      /* ATX: the text after the marks */
      while (*p == '#')
        p++;
      while (*p == ' ' || *p == '\t')
        p++;
      g_string_append (out, p);
      g_string_append_c (out, '\n');
      return i;
    }

  /* setext: the text lines joined, the underline dropped */
  for (int k = i; k < heading->end_line - 1 && lines[k]; k++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[k]));

      if (k > i)
        g_string_append_c (out, ' ');
      g_string_append (out, line);
    }
  g_string_append_c (out, '\n');
  return heading->end_line - 1;
}

/* @md with its top-level @headings @shift levels deeper. */
static void
append_shifted (GString    *out,
                const char *md,
                GArray     *headings,
                int         shift)
{
  g_auto(GStrv) lines = g_strsplit (md, "\n", -1);
  guint h = 0;

  for (int i = 0; lines[i] != NULL; i++)
    {
      Heading *heading = h < headings->len ? &g_array_index (headings, Heading, h) : NULL;

      if (heading != NULL && i + 1 == heading->line)
        {
          i = append_shifted_heading (out, lines, i, heading, shift);
          h++;
          continue;
        }
      g_string_append (out, lines[i]);
      if (lines[i + 1] != NULL)
        g_string_append_c (out, '\n');
    }
}

/* The chapter under a heading of @level: its own first heading when it
 * says the title, else one added; its other headings shifted below. */
static void
append_chapter (GString   *out,
                DfChapter *chapter,
                int        level)
{
  const char *md = chapter->content_md ? chapter->content_md : "";
  Heading first = { 0 };
  g_autoptr(GArray) headings = find_headings (md, &first);
  int shift;

  if (first.level > 0 && starts_with_title (md, &first, chapter->title))
    shift = level - first.level;
  else
    {
      int min_level = 7;

      for (guint i = 0; i < headings->len; i++)
        min_level = MIN (min_level, g_array_index (headings, Heading, i).level);
      shift = min_level == 7 ? 0 : level + 1 - min_level;
      for (int i = 0; i < level; i++)
        g_string_append_c (out, '#');
      g_string_append_c (out, ' ');
      heading_text (out, chapter->title);
      g_string_append (out, "\n\n");
    }

  if (shift == 0 || headings->len == 0)
    g_string_append (out, md);
  else
    append_shifted (out, md, headings, shift);

  if (out->len > 0 && out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');
  g_string_append_c (out, '\n');
}

static gboolean
export_single_file (DfExportContext  *context,
                    DfBook           *book,
                    GError          **error)
{
  GCancellable *cancellable = df_export_context_get_cancellable (context);
  const char *author = df_export_context_get_option_string (context, "author", book->author);
  const char *language = df_export_context_get_option_string (context, "language", book->project->language);
  gboolean has_parts = exporter_book_has_parts (book);
  g_autoptr(GString) out = g_string_sized_new (1024 * 1024);
  g_autoptr(GError) write_error = NULL;
  guint index = 0;
  int step = -1;

  g_string_append (out, "---\ntitle: ");
  yaml_string (out, book->project->title);
  if (author != NULL && *author)
    {
      g_string_append (out, "\nauthor: ");
      yaml_string (out, author);
    }
  if (language != NULL && *language)
    {
      g_string_append (out, "\nlang: ");
      yaml_string (out, language);
    }
  g_string_append (out, "\n---\n\n");

  for (guint s = 0; s < book->sections->len; s++)
    {
      DfBookSection *section = g_ptr_array_index (book->sections, s);

      if (section->part != NULL)
        {
          g_string_append (out, "# ");
          heading_text (out, section->part->title);
          g_string_append (out, "\n\n");
          if (section->part->description != NULL && *section->part->description)
            {
              g_string_append (out, section->part->description);
              g_string_append (out, "\n\n");
            }
        }
      for (guint c = 0; c < section->chapters->len; c++, index++)
        {
          DfChapter *chapter = g_ptr_array_index (section->chapters, c);

          exporter_progress (context, &step, 0.9 * index / book->chapters->len, chapter->title);
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          append_chapter (out, chapter, has_parts ? 2 : 1);
        }
    }

  if (!g_file_set_contents (df_export_context_get_output_path (context), out->str, out->len, &write_error))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot write the Markdown file: %s"), write_error->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- the project folder, zipped ---------------------------------------- */

static int
remove_entry (const char        *path,
              const struct stat *st,
              int                flag,
              struct FTW        *ftw)
{
  /* best effort: a file left in the temporary folder is no failure */
  remove (path);
  return 0;
}

static void
remove_tree (const char *dir)
{
  nftw (dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  /* g_ptr_array_sort passes pointers to the elements */
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static gboolean
add_folder (zip_t        *zip,
            const char   *dir,
            const char   *prefix,
            GCancellable *cancellable,
            GError      **error)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    return FALSE;
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *entry = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, entry, NULL);
      g_autofree char *zname = g_strconcat (prefix, "/", entry, NULL);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (!add_folder (zip, path, zname, cancellable, error))
            return FALSE;
        }
      else
        {
          zip_source_t *source = zip_source_file (zip, path, 0, -1);
          zip_int64_t index;

          if (source == NULL ||
              (index = zip_file_add (zip, zname, source, ZIP_FL_ENC_UTF_8)) < 0)
            {
              if (source != NULL)
                zip_source_free (source);
              g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Could not add “%s” to the archive: %s"),
                           zname, zip_strerror (zip));
              return FALSE;
            }
          zip_file_extra_field_delete (zip, index, ZIP_EXTRA_FIELD_ALL, ZIP_FL_LOCAL | ZIP_FL_CENTRAL);
        }
    }
  return TRUE;
}

static gboolean
export_zip (DfExportContext  *context,
            DfBook           *book,
            GError          **error)
{
  GCancellable *cancellable = df_export_context_get_cancellable (context);
  const char *path = df_export_context_get_output_path (context);
  g_autofree char *tmp = NULL;
  g_autofree char *folder = NULL;
  zip_t *zip;
  gboolean ok = FALSE;

  tmp = g_dir_make_tmp ("draftforge-export-XXXXXX", error);
  if (tmp == NULL)
    return FALSE;
  folder = g_build_filename (tmp, book->project->slug, NULL);

  df_export_context_set_progress (context, 0.1, _("Writing the project folder"));
  if (!df_export_folder (df_export_context_get_store (context), book->project->id, folder, error))
    goto out;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  zip = exporter_zip_open (path, error);
  if (zip == NULL)
    goto out;

  df_export_context_set_progress (context, 0.5, _("Compressing"));
  if (!add_folder (zip, folder, book->project->slug, cancellable, error))
    {
      zip_discard (zip);
      goto out;
    }
  ok = exporter_zip_close (zip, path, error);

out:
  remove_tree (tmp);
  return ok;
}

gboolean
df_markdown_exporter_export (DfExporter       *exporter,
                             DfExportContext  *context,
                             GError          **error)
{
  DfBook *book;

  if (g_cancellable_set_error_if_cancelled (df_export_context_get_cancellable (context), error))
    return FALSE;
  if ((book = df_export_context_get_book (context, error)) == NULL)
    return FALSE;

  if (df_export_context_get_option_bool (context, "single-file", FALSE))
    return export_single_file (context, book, error);
  return export_zip (context, book, error);
}
