/* df-import-docx.c: a Word document (.docx) as Markdown
 *
 * The manuscript a writer brings from Word, LibreOffice, Google Docs or
 * Scrivener's compile.  Its text is word/document.xml inside the zip
 * (read with libarchive, opened on first use), its styles word/styles.xml.
 * Each paragraph becomes a Markdown paragraph:
 *
 * - a heading style (named "heading N" whatever the language of the
 *   style's id, or with an outline level) becomes "#" to "######", and the
 *   book is split at those headings as a Markdown file is, but that
 *   several Heading 1 over Heading 2 are parts over chapters; without
 *   any, at its "Chapter 1" and "Part One" lines as a plain manuscript is;
 * - the "Title" style names the project (unless a title is asked for);
 * - bold and italic runs (direct, or the Strong and Emphasis styles)
 *   become **bold** and *italic*; quote styles become "> " quotes; a line
 *   break inside a paragraph a Markdown hard break;
 * - a paragraph of only asterisks or hashes ("* * *", "#"), or of a
 *   horizontal rule, is a scene break, "* * *"; a "Chapter 1" line set
 *   in bold is kept plain, so that the chapters are found by it;
 * - the characters Markdown would read as formatting are escaped;
 * - a link to an address outside the file becomes "[words](address)";
 * - a picture inside the file comes in as the project's asset
 *   (media/imageN.png), shown where it stood ("![description](…)");
 * - the table of contents, deleted text of tracked changes and field
 *   codes are left out; text boxes, charts, shapes and linked pictures
 *   are counted, and the import says how many it could not bring in.
 *
 * The XML is read with GMarkup, by local names (a "w:" prefix or any
 * other).
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

/* A paragraph style: what kind of paragraph it makes. */
typedef DfImportParagraph ParaStyle;

/* A character style: bold, italic. */
typedef struct
{
  gboolean bold;
  gboolean italic;
} CharStyle;

typedef struct
{
  GHashTable *paragraphs;   /* style id -> ParaStyle */
  GHashTable *characters;   /* style id -> CharStyle */
  /* while reading styles.xml */
  char       *id;
  gboolean    is_char;
  char       *name;
  int         outline;      /* -1: none */
} Styles;

typedef struct
{
  Styles         *styles;
  DfImportBlocks  blocks;       /* the Markdown out */
  guint           n_pictures;
  gboolean        in_paragraph;
  gboolean        run_bold;
  gboolean        run_italic;
  gboolean        in_run_props;
  gboolean        in_text;      /* inside <w:t> */
  int             skip_depth;   /* inside what is left out (deleted text, field codes) */
  /* footnotes: their Markdown by Word's id (from footnotes.xml); while
   * reading footnotes.xml, the note's id and where each note goes */
  GHashTable     *notes;
  char           *note_id;
  GHashTable     *collected;    /* id -> Markdown */
  /* pictures: the document's images by relationship id (their path in
   * the zip), those shown (pairs for _df_import_store_pictures), and the
   * drawing being read: its description and image, or a rule */
  GHashTable     *images;
  GPtrArray      *pictures;
  gboolean        in_drawing;
  char           *drawing_alt;
  char           *drawing_image;
  gboolean        drawing_rule;
  char           *link;         /* the address of the link being read */
} Reader;

/* ---- private helpers ------------------------------------------------- */

/* <w:b/>, <w:b w:val="true"/> set; <w:b w:val="0"/> ("false", "off") not. */
static gboolean
toggle_on (const char **names,
           const char **values)
{
  const char *val = _df_import_xml_attribute (names, values, "val");

  return val == NULL || !(g_str_equal (val, "0") || g_str_equal (val, "false") || g_str_equal (val, "off"));
}

/* ---- styles.xml -------------------------------------------------------- */

static void
styles_start (GMarkupParseContext  *context,
              const char           *element,
              const char          **names,
              const char          **values,
              gpointer              user_data,
              GError              **error)
{
  Styles *styles = user_data;
  const char *name = _df_import_xml_local_name (element);
  const char *val = _df_import_xml_attribute (names, values, "val");

  if (g_str_equal (name, "style"))
    {
      const char *type = _df_import_xml_attribute (names, values, "type");

      g_clear_pointer (&styles->id, g_free);
      g_clear_pointer (&styles->name, g_free);
      styles->id = g_strdup (_df_import_xml_attribute (names, values, "styleId"));
      styles->is_char = g_strcmp0 (type, "character") == 0;
      styles->outline = -1;
    }
  else if (g_str_equal (name, "name") && styles->id != NULL)
    styles->name = g_ascii_strdown (val != NULL ? val : "", -1);
  else if (g_str_equal (name, "outlineLvl") && styles->id != NULL && val != NULL)
    styles->outline = atoi (val);
}

static void
styles_end (GMarkupParseContext  *context,
            const char           *element,
            gpointer              user_data,
            GError              **error)
{
  Styles *styles = user_data;
  const char *name = styles->name != NULL ? styles->name : "";

  if (!g_str_equal (_df_import_xml_local_name (element), "style") || styles->id == NULL)
    return;

  if (styles->is_char)
    {
      CharStyle *style = g_new0 (CharStyle, 1);

      style->bold = g_str_equal (name, "strong") || g_str_has_suffix (name, "strong char");
      style->italic = g_str_equal (name, "emphasis") || g_str_has_suffix (name, "emphasis char");
      g_hash_table_replace (styles->characters, g_steal_pointer (&styles->id), style);
    }
  else
    {
      ParaStyle *style = g_new0 (ParaStyle, 1);

      if (g_str_has_prefix (name, "heading ") && atoi (name + 8) >= 1)
        style->heading = MIN (atoi (name + 8), 6);
      else if (styles->outline >= 0 && styles->outline < 9)
        style->heading = MIN (styles->outline + 1, 6);
      style->title = g_str_equal (name, "title");
      style->quote = g_str_equal (name, "quote") || g_str_equal (name, "intense quote") ||
                     g_str_equal (name, "block text");
      style->skip = g_str_has_prefix (name, "toc ") || g_str_equal (name, "toc heading");
      g_hash_table_replace (styles->paragraphs, g_steal_pointer (&styles->id), style);
    }
  g_clear_pointer (&styles->name, g_free);
}

static void
styles_free (Styles *styles)
{
  g_hash_table_unref (styles->paragraphs);
  g_hash_table_unref (styles->characters);
  g_free (styles->id);
  g_free (styles->name);
  g_free (styles);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Styles, styles_free)

/* The styles of @xml (NULL: a document without styles.xml). */
static Styles *
read_styles (const char  *xml,
             gsize        len,
             GError     **error)
{
  static const GMarkupParser parser = { styles_start, styles_end, NULL, NULL, NULL };
  g_autoptr(Styles) styles = g_new0 (Styles, 1);
  g_autoptr(GMarkupParseContext) context = NULL;

  styles->paragraphs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  styles->characters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (xml == NULL)
    return g_steal_pointer (&styles);
  context = g_markup_parse_context_new (&parser, 0, styles, NULL);
  if (!g_markup_parse_context_parse (context, xml, len, error) || !g_markup_parse_context_end_parse (context, error))
    return NULL;
  return g_steal_pointer (&styles);
}

/* ---- document.xml ------------------------------------------------------ */

/* A paragraph's own style: a style by id, or an outline level. */
static void
start_paragraph_style (Reader      *reader,
                       const char  *name,
                       const char **names,
                       const char **values)
{
  const char *val = _df_import_xml_attribute (names, values, "val");

  if (g_str_equal (name, "pStyle") && val != NULL)
    {
      ParaStyle *style = g_hash_table_lookup (reader->styles->paragraphs, val);

      if (style != NULL)
        reader->blocks.para = *style;
      else if (g_ascii_strncasecmp (val, "Heading", 7) == 0 && atoi (val + 7) >= 1)
        reader->blocks.para.heading = MIN (atoi (val + 7), 6);
      else if (g_ascii_strcasecmp (val, "Title") == 0)
        reader->blocks.para.title = TRUE;
    }
  else if (g_str_equal (name, "outlineLvl") && reader->in_paragraph && !reader->in_run_props &&
           val != NULL && atoi (val) < 9)
    reader->blocks.para.heading = MIN (atoi (val) + 1, 6);
}

/* A run's bold and italic, set directly or by a character style. */
static void
start_run_props (Reader      *reader,
                 const char  *name,
                 const char **names,
                 const char **values)
{
  if (g_str_equal (name, "b"))
    reader->run_bold = toggle_on (names, values);
  else if (g_str_equal (name, "i"))
    reader->run_italic = toggle_on (names, values);
  else if (g_str_equal (name, "rStyle"))
    {
      const char *id = _df_import_xml_attribute (names, values, "val");
      CharStyle *style = id != NULL ? g_hash_table_lookup (reader->styles->characters, id) : NULL;

      if (style != NULL)
        {
          reader->run_bold |= style->bold;
          reader->run_italic |= style->italic;
        }
    }
}

/* A footnote referred to: its label in the text, its words kept to be
 * defined after the paragraph.  Reading footnotes.xml: a note begins. */
static void
start_note (Reader      *reader,
            const char  *name,
            const char **names,
            const char **values)
{
  if (g_str_equal (name, "footnoteReference") && reader->in_paragraph && reader->notes != NULL)
    {
      const char *id = _df_import_xml_attribute (names, values, "id");
      const char *note = id != NULL ? g_hash_table_lookup (reader->notes, id) : NULL;

      if (note != NULL)
        _df_import_blocks_footnote (&reader->blocks, note, reader->run_bold, reader->run_italic);
    }
  else if (g_str_equal (name, "footnote") && reader->notes == NULL)
    {
      const char *type = _df_import_xml_attribute (names, values, "type");

      g_clear_pointer (&reader->note_id, g_free);
      if (type == NULL || g_str_equal (type, "normal"))
        reader->note_id = g_strdup (_df_import_xml_attribute (names, values, "id"));
      g_string_truncate (reader->blocks.out, 0);
    }
}

/* Inside a drawing: its description, its image (DrawingML's blip or
 * VML's imagedata), or a horizontal rule (pandoc's scene break). */
static void
start_drawing_part (Reader      *reader,
                    const char  *name,
                    const char **names,
                    const char **values)
{
  const char *image = NULL;

  if (g_str_equal (name, "docPr") && _df_import_xml_attribute (names, values, "descr") != NULL)
    {
      g_free (reader->drawing_alt);
      reader->drawing_alt = g_strdup (_df_import_xml_attribute (names, values, "descr"));
    }
  else if (g_str_equal (name, "blip"))
    image = _df_import_xml_attribute (names, values, "embed");
  else if (g_str_equal (name, "imagedata"))
    image = _df_import_xml_attribute (names, values, "id");
  else if (reader->in_paragraph && g_strcmp0 (_df_import_xml_attribute (names, values, "hr"), "t") == 0)
    {
      reader->blocks.para.rule = TRUE;
      reader->drawing_rule = TRUE;
    }
  if (image != NULL && reader->drawing_image == NULL)
    reader->drawing_image = g_strdup (image);
}

/* The drawing ends: its picture in the paragraph, or one more left out. */
static void
end_drawing (Reader *reader)
{
  const char *entry = reader->drawing_image != NULL && reader->images != NULL
                      ? g_hash_table_lookup (reader->images, reader->drawing_image) : NULL;
  g_autofree char *markdown = NULL;

  reader->in_drawing = FALSE;
  if (reader->drawing_rule)
    return;
  if (entry != NULL && reader->in_paragraph)
    markdown = _df_import_picture_markdown (entry, g_str_has_prefix (entry, "word/") ? entry + 5 : entry,
                                            reader->drawing_alt, reader->pictures);
  if (markdown != NULL)
    _df_import_blocks_raw (&reader->blocks, markdown);
  else
    reader->n_pictures++;
}

static void
document_start (GMarkupParseContext  *context,
                const char           *element,
                const char          **names,
                const char          **values,
                gpointer              user_data,
                GError              **error)
{
  Reader *reader = user_data;
  const char *name = _df_import_xml_local_name (element);

  /* Deleted text, field codes, text boxes (their paragraphs would cut the
   * one they sit in) and the older copy a writer keeps for old readers. */
  if (reader->skip_depth > 0 || g_str_equal (name, "del") || g_str_equal (name, "instrText") ||
      g_str_equal (name, "delText") || g_str_equal (name, "txbxContent") || g_str_equal (name, "Fallback"))
    {
      reader->skip_depth++;
      return;
    }

  if (g_str_equal (name, "p"))
    {
      reader->in_paragraph = TRUE;
      _df_import_blocks_begin (&reader->blocks);
    }
  else if (g_str_equal (name, "r"))
    reader->run_bold = reader->run_italic = FALSE;
  else if (g_str_equal (name, "rPr"))
    reader->in_run_props = TRUE;
  else if (reader->in_run_props)
    start_run_props (reader, name, names, values);
  else if (g_str_equal (name, "t"))
    reader->in_text = TRUE;
  else if (reader->in_paragraph && g_str_equal (name, "tab"))
    _df_import_blocks_text (&reader->blocks, " ", 1, reader->run_bold, reader->run_italic);
  else if (reader->in_paragraph && (g_str_equal (name, "br") || g_str_equal (name, "cr")))
    {
      const char *type = _df_import_xml_attribute (names, values, "type");

      /* A page or column break ends nothing in Markdown. */
      if (type == NULL || g_str_equal (type, "textWrapping"))
        _df_import_blocks_text (&reader->blocks, "\n", 1, reader->run_bold, reader->run_italic);
    }
  else if (g_str_equal (name, "drawing") || g_str_equal (name, "pict"))
    {
      reader->in_drawing = TRUE;
      reader->drawing_rule = FALSE;
      g_clear_pointer (&reader->drawing_alt, g_free);
      g_clear_pointer (&reader->drawing_image, g_free);
    }
  else if (reader->in_drawing)
    start_drawing_part (reader, name, names, values);
  else if (g_str_equal (name, "hyperlink") && reader->in_paragraph && reader->images != NULL)
    {
      const char *id = _df_import_xml_attribute (names, values, "id");
      g_autofree char *key = id != NULL ? g_strconcat ("link ", id, NULL) : NULL;
      const char *url = key != NULL ? g_hash_table_lookup (reader->images, key) : NULL;

      g_clear_pointer (&reader->link, g_free);
      if (url != NULL)
        {
          reader->link = g_strdup (url);
          _df_import_blocks_link_start (&reader->blocks);
        }
    }
  else
    {
      start_paragraph_style (reader, name, names, values);
      start_note (reader, name, names, values);
    }
}

static void
document_end (GMarkupParseContext  *context,
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
  if (g_str_equal (name, "p"))
    {
      _df_import_blocks_end (&reader->blocks);
      reader->in_paragraph = FALSE;
    }
  else if (g_str_equal (name, "footnote") && reader->note_id != NULL && reader->blocks.out->len > 0)
    g_hash_table_insert (reader->collected, g_steal_pointer (&reader->note_id), g_strdup (reader->blocks.out->str));
  else if (g_str_equal (name, "rPr"))
    reader->in_run_props = FALSE;
  else if (g_str_equal (name, "t"))
    reader->in_text = FALSE;
  else if (reader->in_drawing && (g_str_equal (name, "drawing") || g_str_equal (name, "pict")))
    end_drawing (reader);
  else if (g_str_equal (name, "hyperlink") && reader->link != NULL)
    {
      _df_import_blocks_link_end (&reader->blocks, reader->link);
      g_clear_pointer (&reader->link, g_free);
    }
}

static void
document_text (GMarkupParseContext  *context,
               const char           *text,
               gsize                 len,
               gpointer              user_data,
               GError              **error)
{
  Reader *reader = user_data;

  if (reader->in_text && reader->in_paragraph && reader->skip_depth == 0)
    _df_import_blocks_text (&reader->blocks, text, len, reader->run_bold, reader->run_italic);
}

/* ---- word/_rels/document.xml.rels ------------------------------------- */

static void
rels_start (GMarkupParseContext  *context,
            const char           *element,
            const char          **names,
            const char          **values,
            gpointer              user_data,
            GError              **error)
{
  GHashTable *targets = user_data;
  const char *id = _df_import_xml_attribute (names, values, "Id");
  const char *type = _df_import_xml_attribute (names, values, "Type");
  const char *target = _df_import_xml_attribute (names, values, "Target");
  gboolean external = g_strcmp0 (_df_import_xml_attribute (names, values, "TargetMode"), "External") == 0;

  if (!g_str_equal (_df_import_xml_local_name (element), "Relationship") || id == NULL || target == NULL ||
      type == NULL)
    return;
  /* An image inside the file: its path, relative to word/ or from the
   * zip's root; a link: its address, kept apart by a "link " prefix. */
  if (g_str_has_suffix (type, "/image") && !external)
    g_hash_table_insert (targets, g_strdup (id),
                         target[0] == '/' ? g_strdup (target + 1) : g_strconcat ("word/", target, NULL));
  else if (g_str_has_suffix (type, "/hyperlink") && external)
    g_hash_table_insert (targets, g_strconcat ("link ", id, NULL), g_strdup (target));
}

/* The document's images (relationship id -> path in the zip) and links
 * ("link ID" -> address). */
static GHashTable *
read_images (GBytes *rels)
{
  static const GMarkupParser parser = { rels_start, NULL, NULL, NULL, NULL };
  GHashTable *images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, images, NULL);
  gsize len;
  const char *xml = rels != NULL ? g_bytes_get_data (rels, &len) : NULL;

  /* Without them (or unreadable), pictures are counted, not shown. */
  if (xml != NULL && (!g_markup_parse_context_parse (context, xml, len, NULL) ||
                      !g_markup_parse_context_end_parse (context, NULL)))
    g_hash_table_remove_all (images);
  return images;
}

/* ---- the zip ------------------------------------------------------------ */

/* word/document.xml, word/styles.xml, word/footnotes.xml and the
 * document's relationships (its images) of the zip at @path (each but
 * the first NULL when it has none). */
static gboolean
read_parts (const char  *path,
            const char  *display,
            GBytes     **document,
            GBytes     **styles,
            GBytes     **footnotes,
            GBytes     **rels,
            GError     **error)
{
  static const char * const names[] = { "word/document.xml", "word/styles.xml", "word/footnotes.xml",
                                        "word/_rels/document.xml.rels", NULL };
  GBytes *parts[G_N_ELEMENTS (names)] = { NULL };
  g_autoptr(GError) local = NULL;

  if (!_df_import_read_zip (path, display, names, parts, &local))
    {
      if (g_error_matches (local, DF_ERROR, DF_ERROR_INVALID))
        g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                     _("“%s” is not a Word document (.docx) that can be read: %s"), display, local->message);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  *document = parts[0];
  *styles = parts[1];
  *footnotes = parts[2];
  *rels = parts[3];
  if (*document == NULL)
    {
      g_clear_pointer (styles, g_bytes_unref);
      g_clear_pointer (footnotes, g_bytes_unref);
      g_clear_pointer (rels, g_bytes_unref);
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                   _("“%s” is not a Word document: it holds no word/document.xml"), display);
      return FALSE;
    }
  return TRUE;
}

/* ---- the importer ------------------------------------------------------- */

static void
reader_clear (Reader *reader)
{
  _df_import_blocks_clear (&reader->blocks);
  g_clear_pointer (&reader->note_id, g_free);
  g_clear_pointer (&reader->drawing_alt, g_free);
  g_clear_pointer (&reader->drawing_image, g_free);
  g_clear_pointer (&reader->link, g_free);
}

/* Reads @part (@what names it in the error) with @reader. */
static gboolean
read_part (Reader      *reader,
           GBytes      *part,
           const char  *display,
           const char  *what,
           GError     **error)
{
  static const GMarkupParser parser = { document_start, document_end, document_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, reader, NULL);
  g_autoptr(GError) local = NULL;
  gsize len;
  const char *xml = g_bytes_get_data (part, &len);

  if (!g_markup_parse_context_parse (context, xml, len, &local) ||
      !g_markup_parse_context_end_parse (context, &local))
    {
      /* Translators: the second %s is "its text" or "its footnotes" */
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT, _("“%s” is damaged: %s cannot be read (%s)"),
                   display, what, local->message);
      return FALSE;
    }
  return TRUE;
}

/* The Markdown of each footnote of @part, by Word's id. */
static GHashTable *
read_footnotes (Styles      *styles,
                GBytes      *part,
                const char  *display,
                GError     **error)
{
  g_autoptr(GHashTable) notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GString) out = g_string_new (NULL);
  Reader reader = { 0 };
  gboolean ok;

  if (part == NULL)
    return g_steal_pointer (&notes);
  reader.styles = styles;
  _df_import_blocks_init (&reader.blocks, out);
  reader.collected = notes;
  ok = read_part (&reader, part, display, _("its footnotes"), error);
  reader_clear (&reader);
  return ok ? g_steal_pointer (&notes) : NULL;
}

gboolean
_df_import_docx (DfImportCtx  *ctx,
                 const char   *path,
                 const char   *display,
                 const char   *title,
                 GError      **error)
{
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GBytes) styles_xml = NULL;
  g_autoptr(GBytes) footnotes_xml = NULL;
  g_autoptr(GBytes) rels = NULL;
  g_autoptr(GHashTable) images = NULL;
  g_autoptr(GPtrArray) pictures = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Styles) styles = NULL;
  g_autoptr(GHashTable) notes = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *project_title = NULL;
  g_autoptr(GError) local = NULL;
  Reader reader = { 0 };
  guint n_headings;
  gboolean ok;
  gsize len = 0;
  const char *xml;

  /* Paragraphs, not lines broken at a width: nothing to join. */
  ctx->unwrap = FALSE;

  if (!read_parts (path, display, &document, &styles_xml, &footnotes_xml, &rels, error))
    return FALSE;
  images = read_images (rels);
  xml = styles_xml != NULL ? g_bytes_get_data (styles_xml, &len) : NULL;
  styles = read_styles (xml, len, &local);
  if (styles == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT, _("“%s” is damaged: %s cannot be read (%s)"),
                   display, _("its styles"), local->message);
      return FALSE;
    }
  notes = read_footnotes (styles, footnotes_xml, display, error);
  if (notes == NULL)
    return FALSE;
  _df_import_report (ctx, 0.02, FALSE);

  reader.styles = styles;
  _df_import_blocks_init (&reader.blocks, out);
  reader.notes = notes;
  reader.images = images;
  reader.pictures = pictures;
  ok = read_part (&reader, document, display, _("its text"), error);
  ctx->pictures_left_out = reader.n_pictures;
  project_title = g_strdup (title != NULL ? title : reader.blocks.book_title);
  if (project_title == NULL)
    project_title = _df_import_readable_title (path);
  n_headings = reader.blocks.n_headings;
  reader_clear (&reader);
  if (!ok)
    return FALSE;
  _df_import_report (ctx, 0.1, FALSE);
  return _df_import_document_chapters (ctx, path, display, out, n_headings, project_title, title, pictures, error);
}
