/* df-import-odt.c: an OpenDocument text (.odt) as Markdown
 *
 * The manuscript a writer brings from LibreOffice (or novelWriter's and
 * pandoc's OpenDocument export).  Its text is content.xml inside the zip,
 * its named styles styles.xml; each paragraph is written as Markdown by
 * the Word import's writer (df-import-blocks.c), so that both read alike:
 *
 * - a heading (text:h, or a paragraph whose style is named "Heading N"
 *   or has an outline level) becomes "#" to "######", and the book is
 *   split as a Word document is: several Heading 1 over Heading 2 are
 *   parts over chapters; without headings, at its "Chapter 1" lines;
 * - the Title style names the project; the Quotations style is a quote;
 *   a Horizontal Line paragraph a scene break;
 * - bold and italic come from each span's style, its paragraph's, and
 *   the styles they are based on;
 * - footnotes and endnotes become Markdown footnotes; a link to an
 *   address "[words](address)"; line breaks, tabs and runs of spaces
 *   (text:s) are kept;
 * - tracked changes' deleted text, comments, indexes and the table of
 *   contents are left out; a picture inside the file comes in as the
 *   project's asset, shown where it stood; text boxes and linked
 *   pictures are counted, and the import says how many.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-import"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "df-error.h"
#include "df-import-private.h"

/* A style of either file, as far as the import cares. */
typedef struct
{
  char *parent;
  char *name;        /* its display name (or name), lower case, "_20_" as spaces */
  int   bold;        /* -1: as its parent */
  int   italic;
  int   outline;     /* its default outline level, 0: none */
} Style;

typedef struct
{
  GHashTable     *styles;       /* style:name -> Style */
  Style          *style;        /* the style:style being read */
  DfImportBlocks  body;
  DfImportBlocks  note;         /* a footnote's own paragraphs */
  GString        *note_out;
  gboolean        in_note;      /* inside text:note-body */
  int             in_paragraph; /* depth of text:p / text:h */
  GArray         *emphasis;     /* bold, italic of each open span: pairs of gboolean */
  int             skip_depth;   /* inside what is left out */
  gboolean        in_body;      /* inside office:body (not a page's header) */
  guint           n_pictures;
  /* the frame being read (a picture, a text box) and the pictures shown
   * (pairs for _df_import_store_pictures) */
  int             frame_depth;
  char           *frame_image;
  GPtrArray      *pictures;
  char           *link;         /* the address of the link being read */
} Reader;

/* ---- private helpers ------------------------------------------------- */

static void
style_free (Style *style)
{
  g_free (style->parent);
  g_free (style->name);
  g_free (style);
}

/* "Heading_20_1" -> "heading 1" */
static char *
style_display (const char *name)
{
  g_autoptr(GString) out = g_string_new (name);

  g_string_replace (out, "_20_", " ", 0);
  return g_ascii_strdown (out->str, -1);
}

/* Whether @name (or the nearest style it is based on that says) sets
 * bold (@italic FALSE) or italic: 1 or 0, -1 when none says. */
static int
style_emphasis (Reader     *reader,
                const char *name,
                gboolean    italic)
{
  for (guint depth = 0; name != NULL && depth < 32; depth++)
    {
      Style *style = g_hash_table_lookup (reader->styles, name);
      int set;

      if (style == NULL)
        return -1;
      set = italic ? style->italic : style->bold;
      if (set >= 0)
        return set;
      name = style->parent;
    }
  return -1;
}

/* What kind of paragraph @name's style (or one it is based on) makes. */
static void
style_paragraph (Reader            *reader,
                 const char        *name,
                 DfImportParagraph *para)
{
  for (guint depth = 0; name != NULL && depth < 32; depth++)
    {
      Style *style = g_hash_table_lookup (reader->styles, name);
      /* A style the files do not define (pandoc leaves LibreOffice's own
       * Title, Heading 1… to it): its name says what it is. */
      g_autofree char *undefined = style == NULL ? style_display (name) : NULL;
      const char *shown = style != NULL ? style->name : undefined;

      if (g_str_has_prefix (shown, "heading ") && atoi (shown + 8) >= 1)
        para->heading = MIN (atoi (shown + 8), 6);
      else if (style != NULL && style->outline > 0 && para->heading == 0)
        para->heading = MIN (style->outline, 6);
      para->title |= g_str_equal (shown, "title");
      para->quote |= g_str_equal (shown, "quotations") || g_str_equal (shown, "quote") ||
                     g_str_equal (shown, "block text");
      para->skip |= g_str_has_prefix (shown, "contents ") || g_str_equal (shown, "contents heading");
      para->rule |= g_str_equal (shown, "horizontal line");
      if (style == NULL || para->heading > 0 || para->title || para->quote || para->skip || para->rule)
        return;
      name = style->parent;
    }
}

/* The blocks the paragraph being read goes to: a footnote's, or the body. */
static DfImportBlocks *
blocks (Reader *reader)
{
  return reader->in_note ? &reader->note : &reader->body;
}

static void
emphasis_now (Reader   *reader,
              gboolean *bold,
              gboolean *italic)
{
  *bold = *italic = FALSE;
  if (reader->emphasis->len >= 2)
    {
      *bold = g_array_index (reader->emphasis, gboolean, reader->emphasis->len - 2);
      *italic = g_array_index (reader->emphasis, gboolean, reader->emphasis->len - 1);
    }
}

/* A span or paragraph of @style opens: its emphasis, or the one around
 * it where its style says nothing. */
static void
emphasis_push (Reader     *reader,
               const char *style)
{
  gboolean bold, italic;
  int set;

  emphasis_now (reader, &bold, &italic);
  if ((set = style_emphasis (reader, style, FALSE)) >= 0)
    bold = set;
  if ((set = style_emphasis (reader, style, TRUE)) >= 0)
    italic = set;
  g_array_append_val (reader->emphasis, bold);
  g_array_append_val (reader->emphasis, italic);
}

static void
emphasis_pop (Reader *reader)
{
  if (reader->emphasis->len >= 2)
    g_array_set_size (reader->emphasis, reader->emphasis->len - 2);
}

static void
add_text (Reader     *reader,
          const char *text,
          gssize      len)
{
  gboolean bold, italic;

  emphasis_now (reader, &bold, &italic);
  _df_import_blocks_text (blocks (reader), text, len, bold, italic);
}

/* ---- the XML ------------------------------------------------------------ */

static void
read_style (Reader      *reader,
            const char  *name,
            const char **names,
            const char **values)
{
  if (g_str_equal (name, "style"))
    {
      const char *id = _df_import_xml_attribute (names, values, "name");
      const char *shown = _df_import_xml_attribute (names, values, "display-name");
      const char *outline = _df_import_xml_attribute (names, values, "default-outline-level");
      Style *style;

      if (id == NULL)
        return;
      style = g_new0 (Style, 1);
      style->parent = g_strdup (_df_import_xml_attribute (names, values, "parent-style-name"));
      style->name = style_display (shown != NULL ? shown : id);
      style->bold = style->italic = -1;
      style->outline = outline != NULL ? atoi (outline) : 0;
      g_hash_table_replace (reader->styles, g_strdup (id), style);
      reader->style = style;
    }
  else if (g_str_equal (name, "text-properties") && reader->style != NULL)
    {
      const char *weight = _df_import_xml_attribute (names, values, "font-weight");
      const char *slant = _df_import_xml_attribute (names, values, "font-style");

      if (weight != NULL)
        reader->style->bold = g_str_equal (weight, "bold") || atoi (weight) >= 600;
      if (slant != NULL)
        reader->style->italic = g_str_equal (slant, "italic") || g_str_equal (slant, "oblique");
    }
}

static void
start_paragraph (Reader      *reader,
                 const char  *name,
                 const char **names,
                 const char **values)
{
  const char *style = _df_import_xml_attribute (names, values, "style-name");
  DfImportBlocks *to = blocks (reader);

  reader->in_paragraph++;
  _df_import_blocks_begin (to);
  style_paragraph (reader, style, &to->para);
  if (g_str_equal (name, "h"))
    {
      const char *level = _df_import_xml_attribute (names, values, "outline-level");

      to->para.heading = MIN (MAX (level != NULL ? atoi (level) : 1, 1), 6);
    }
  emphasis_push (reader, style);
}

static void
odt_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              user_data,
           GError              **error)
{
  Reader *reader = user_data;
  const char *name = _df_import_xml_local_name (element);

  /* Deleted text of tracked changes, comments, indexes, the table of
   * contents, a note's number, and what a frame holds but a picture (a
   * text box, its title and description). */
  if (reader->skip_depth > 0 || g_str_equal (name, "tracked-changes") || g_str_equal (name, "annotation") ||
      g_str_equal (name, "table-of-content") || g_str_equal (name, "alphabetical-index") ||
      g_str_equal (name, "bibliography") || g_str_equal (name, "note-citation") ||
      (reader->frame_depth > 0 && !g_str_equal (name, "image")))
    {
      reader->skip_depth++;
      return;
    }
  if (g_str_equal (name, "frame"))
    {
      reader->frame_depth++;
      g_clear_pointer (&reader->frame_image, g_free);
      return;
    }
  if (g_str_equal (name, "image") && reader->frame_depth > 0)
    {
      const char *href = _df_import_xml_attribute (names, values, "href");

      if (reader->frame_image == NULL && href != NULL)
        reader->frame_image = g_strdup (href);
      reader->skip_depth++;
      return;
    }

  if (g_str_equal (name, "style") || g_str_equal (name, "text-properties"))
    read_style (reader, name, names, values);
  else if (g_str_equal (name, "body"))
    reader->in_body = TRUE;
  else if (!reader->in_body)
    return;
  else if (g_str_equal (name, "p") || g_str_equal (name, "h"))
    start_paragraph (reader, name, names, values);
  else if (g_str_equal (name, "span"))
    emphasis_push (reader, _df_import_xml_attribute (names, values, "style-name"));
  else if (reader->in_paragraph == 0)
    return;
  else if (g_str_equal (name, "a"))
    {
      const char *href = _df_import_xml_attribute (names, values, "href");

      /* An address outside the file; a place inside it (#…) stays words. */
      g_clear_pointer (&reader->link, g_free);
      if (href != NULL && (g_str_has_prefix (href, "http:") || g_str_has_prefix (href, "https:") ||
                           g_str_has_prefix (href, "mailto:")))
        {
          reader->link = g_strdup (href);
          _df_import_blocks_link_start (blocks (reader));
        }
    }
  else if (g_str_equal (name, "s"))
    {
      const char *count = _df_import_xml_attribute (names, values, "c");
      int n = CLAMP (count != NULL ? atoi (count) : 1, 1, 100);
      g_autofree char *spaces = g_strnfill (n, ' ');

      add_text (reader, spaces, n);
    }
  else if (g_str_equal (name, "tab"))
    add_text (reader, " ", 1);
  else if (g_str_equal (name, "line-break"))
    add_text (reader, "\n", 1);
  else if (g_str_equal (name, "note-body"))
    {
      reader->in_note = TRUE;
      g_string_truncate (reader->note_out, 0);
      reader->note.n_labels = 0;
    }
}

/* A frame ends: its picture (one inside the file) in the paragraph, or
 * one more left out (a text box, a linked picture). */
static void
end_frame (Reader *reader)
{
  g_autofree char *markdown = NULL;

  reader->frame_depth--;
  if (reader->frame_image != NULL && reader->in_paragraph > 0 && !reader->in_note)
    markdown = _df_import_picture_markdown (reader->frame_image, reader->frame_image, NULL, reader->pictures);
  if (markdown != NULL)
    _df_import_blocks_raw (blocks (reader), markdown);
  else
    reader->n_pictures++;
  g_clear_pointer (&reader->frame_image, g_free);
}

static void
odt_end (GMarkupParseContext  *context,
         const char           *element,
         gpointer              user_data,
         GError              **error)
{
  Reader *reader = user_data;
  const char *name = _df_import_xml_local_name (element);

  if (reader->skip_depth > 0)
    {
      reader->skip_depth--;
      return;
    }
  if (g_str_equal (name, "frame") && reader->frame_depth > 0)
    {
      end_frame (reader);
      return;
    }
  if (g_str_equal (name, "style"))
    reader->style = NULL;
  else if (g_str_equal (name, "body"))
    reader->in_body = FALSE;
  else if (!reader->in_body)
    return;
  else if (g_str_equal (name, "p") || g_str_equal (name, "h"))
    {
      emphasis_pop (reader);
      _df_import_blocks_end (blocks (reader));
      reader->in_paragraph--;
    }
  else if (g_str_equal (name, "span"))
    emphasis_pop (reader);
  else if (g_str_equal (name, "a") && reader->link != NULL)
    {
      _df_import_blocks_link_end (blocks (reader), reader->link);
      g_clear_pointer (&reader->link, g_free);
    }
  else if (g_str_equal (name, "note-body"))
    {
      gboolean bold, italic;

      reader->in_note = FALSE;
      emphasis_now (reader, &bold, &italic);
      if (reader->note_out->len > 0)
        _df_import_blocks_footnote (&reader->body, reader->note_out->str, bold, italic);
    }
}

static void
odt_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 len,
          gpointer              user_data,
          GError              **error)
{
  Reader *reader = user_data;

  if (reader->in_paragraph > 0 && reader->skip_depth == 0)
    add_text (reader, text, len);
}

/* ---- the importer ------------------------------------------------------- */

static gboolean
read_xml (Reader      *reader,
          GBytes      *part,
          const char  *display,
          const char  *what,
          GError     **error)
{
  static const GMarkupParser parser = { odt_start, odt_end, odt_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, reader, NULL);
  g_autoptr(GError) local = NULL;
  gsize len;
  const char *xml;

  if (part == NULL)
    return TRUE;
  xml = g_bytes_get_data (part, &len);
  if (!g_markup_parse_context_parse (context, xml, len, &local) ||
      !g_markup_parse_context_end_parse (context, &local))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT, _("“%s” is damaged: %s cannot be read (%s)"),
                   display, what, local->message);
      return FALSE;
    }
  return TRUE;
}

/* content.xml and styles.xml of @path. */
static gboolean
read_parts (const char  *path,
            const char  *display,
            GBytes     **content,
            GBytes     **styles,
            GError     **error)
{
  static const char * const names[] = { "content.xml", "styles.xml", NULL };
  GBytes *parts[G_N_ELEMENTS (names)] = { NULL };
  g_autoptr(GError) local = NULL;

  if (!_df_import_read_zip (path, display, names, parts, &local))
    {
      if (g_error_matches (local, DF_ERROR, DF_ERROR_INVALID))
        g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                     _("“%s” is not an OpenDocument text (.odt) that can be read: %s"), display, local->message);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  *content = parts[0];
  *styles = parts[1];
  if (*content == NULL)
    {
      g_clear_pointer (styles, g_bytes_unref);
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                   _("“%s” is not an OpenDocument text: it holds no content.xml"), display);
      return FALSE;
    }
  return TRUE;
}

gboolean
_df_import_odt (DfImportCtx  *ctx,
                const char   *path,
                const char   *display,
                const char   *title,
                GError      **error)
{
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GBytes) styles = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *project_title = NULL;
  g_autoptr(GPtrArray) pictures = g_ptr_array_new_with_free_func (g_free);
  Reader reader = { 0 };
  guint n_headings;
  gboolean ok;

  /* Paragraphs, not lines broken at a width: nothing to join. */
  ctx->unwrap = FALSE;

  if (!read_parts (path, display, &content, &styles, error))
    return FALSE;
  reader.styles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) style_free);
  reader.emphasis = g_array_new (FALSE, FALSE, sizeof (gboolean));
  reader.note_out = g_string_new (NULL);
  reader.pictures = pictures;
  _df_import_blocks_init (&reader.body, out);
  _df_import_blocks_init (&reader.note, reader.note_out);
  ok = read_xml (&reader, styles, display, _("its styles"), error) &&
       read_xml (&reader, content, display, _("its text"), error);
  ctx->pictures_left_out = reader.n_pictures;
  project_title = g_strdup (title != NULL ? title : reader.body.book_title);
  n_headings = reader.body.n_headings;
  _df_import_blocks_clear (&reader.body);
  _df_import_blocks_clear (&reader.note);
  g_string_free (reader.note_out, TRUE);
  g_array_unref (reader.emphasis);
  g_hash_table_unref (reader.styles);
  g_free (reader.frame_image);
  g_free (reader.link);
  if (!ok)
    return FALSE;
  if (project_title == NULL)
    project_title = _df_import_readable_title (path);
  _df_import_report (ctx, 0.1, FALSE);
  return _df_import_document_chapters (ctx, path, display, out, n_headings, project_title, title, pictures, error);
}
