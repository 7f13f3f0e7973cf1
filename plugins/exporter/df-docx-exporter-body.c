/* df-docx-exporter-body.c: the document's body, word/document.xml
 *
 * Paragraphs, lists and tables; the chapters, the contents and the title
 * page.  Parts are Heading 1 and their chapters Heading 2; a book without
 * parts has its chapters as Heading 1.  Headings inside a chapter come
 * below the chapter's level.  Lists use word/numbering.xml.
 *
 * The runs of a paragraph: text with its character formatting, web links
 * (hyperlink relationships), PNG and JPEG pictures of the project
 * (embedded in word/media/; other images are their alternative text), and
 * footnote references, whose notes go into word/footnotes.xml as they are
 * first referred to.  A note is rendered as blocks in its turn, so blocks
 * and runs are one recursive renderer, in one file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter-docx"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "df-docx-exporter-private.h"

void
docx_paragraph_start (GString    *out,
                      const char *style,
                      int         list_depth,
                      int         num_id,
                      const char *extra)
{
  gsize start;

  g_string_append (out, "<w:p><w:pPr>");
  start = out->len;
  if (style != NULL)
    g_string_append_printf (out, "<w:pStyle w:val=\"%s\"/>", style);
  if (num_id > 0)
    g_string_append_printf (out, "<w:numPr><w:ilvl w:val=\"%d\"/><w:numId w:val=\"%d\"/></w:numPr>",
                            CLAMP (list_depth - 1, 0, 8), num_id);
  else if (list_depth > 0)
    g_string_append_printf (out, "<w:ind w:left=\"%d\"/>", 720 * list_depth);
  if (extra != NULL)
    g_string_append (out, extra);
  if (out->len == start)
    g_string_truncate (out, start - strlen ("<w:pPr>"));
  else
    g_string_append (out, "</w:pPr>");
}

/* A paragraph of plain @text. */
static void
text_paragraph (GString    *out,
                const char *style,
                int         list_depth,
                const char *extra,
                const char *text)
{
  RunStyle plain = { 0 };

  docx_paragraph_start (out, style, list_depth, 0, extra);
  docx_text_run (out, &plain, text);
  g_string_append (out, "</w:p>");
}

static void
render_table (Docx       *docx,
              GString    *out,
              cmark_node *table)
{
  guint columns = 0;
  int width;

  for (cmark_node *row = cmark_node_first_child (table); row; row = cmark_node_next (row))
    {
      guint n = 0;
      for (cmark_node *cell = cmark_node_first_child (row); cell; cell = cmark_node_next (cell))
        n++;
      columns = MAX (columns, n);
    }
  if (columns == 0)
    return;
  width = 9638 / columns;   /* the text width in twentieths of a point */

  g_string_append (out,
                   "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>"
                   "<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
                   "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
                   "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
                   "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
                   "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
                   "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
                   "</w:tblBorders></w:tblPr><w:tblGrid>");
  for (guint c = 0; c < columns; c++)
    g_string_append_printf (out, "<w:gridCol w:w=\"%d\"/>", width);
  g_string_append (out, "</w:tblGrid>");

  for (cmark_node *row = cmark_node_first_child (table); row; row = cmark_node_next (row))
    {
      gboolean header = row == cmark_node_first_child (table);
      guint n = 0;

      g_string_append (out, "<w:tr>");
      if (header)
        g_string_append (out, "<w:trPr><w:tblHeader/></w:trPr>");
      for (cmark_node *cell = cmark_node_first_child (row); cell; cell = cmark_node_next (cell), n++)
        {
          RunStyle style = { .bold = header };

          g_string_append_printf (out, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/></w:tcPr>", width);
          docx_paragraph_start (out, "Compact", 0, 0, NULL);
          docx_inline_runs (docx, out, cell, style);
          g_string_append (out, "</w:p></w:tc>");
        }
      for (; n < columns; n++)
        g_string_append_printf (out, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/></w:tcPr><w:p/></w:tc>",
                                width);
      g_string_append (out, "</w:tr>");
    }
  g_string_append (out, "</w:tbl>");
  /* Word wants a paragraph between two tables */
  g_string_append (out, "<w:p/>");
}

static int
new_list_numbering (Docx    *docx,
                    gboolean ordered,
                    int      start)
{
  int id = ++docx->next_num;

  g_string_append_printf (docx->numbering, "<w:num w:numId=\"%d\"><w:abstractNumId w:val=\"%d\"/>",
                          id, ordered ? 1 : 0);
  if (ordered)
    for (int level = 0; level < 9; level++)
      g_string_append_printf (docx->numbering,
                              "<w:lvlOverride w:ilvl=\"%d\"><w:startOverride w:val=\"%d\"/></w:lvlOverride>",
                              level, level == 0 ? start : 1);
  g_string_append (docx->numbering, "</w:num>");
  return id;
}

static void
render_heading (Docx       *docx,
                GString    *out,
                cmark_node *node)
{
  int level = MIN (docx->chapter_level + cmark_node_get_heading_level (node), 6);
  g_autofree char *heading = g_strdup_printf ("Heading%d", level);
  RunStyle plain = { 0 };

  docx_paragraph_start (out, heading, 0, 0, NULL);
  docx_inline_runs (docx, out, node, plain);
  g_string_append (out, "</w:p>");
}

static void
render_list (Docx       *docx,
             GString    *out,
             cmark_node *list,
             const char *style,
             int         list_depth)
{
  gboolean ordered = cmark_node_get_list_type (list) == CMARK_ORDERED_LIST;
  int id = new_list_numbering (docx, ordered, cmark_node_get_list_start (list));

  for (cmark_node *item = cmark_node_first_child (list); item; item = cmark_node_next (item))
    docx_render_blocks (docx, out, item, style, list_depth + 1, id);
}

/* Raw HTML: a paragraph of the pictures of its <img> tags, if any. */
static void
render_html_block (Docx       *docx,
                   GString    *out,
                   cmark_node *node,
                   const char *style,
                   int         list_depth)
{
  g_autoptr(GString) images = g_string_new (NULL);

  if (docx_html_images (docx, images, cmark_node_get_literal (node)))
    {
      docx_paragraph_start (out, style, list_depth, 0, NULL);
      g_string_append_len (out, images->str, images->len);
      g_string_append (out, "</w:p>");
    }
}

static void
render_code_block (GString    *out,
                   cmark_node *node,
                   int         list_depth)
{
  /* mdBook's hidden lines of Rust code left out, as its book does */
  g_autofree char *code = df_book_code_shown (cmark_node_get_fence_info (node), cmark_node_get_literal (node) ?: "");
  gsize len = strlen (code);

  while (len > 0 && code[len - 1] == '\n')
    code[--len] = '\0';
  text_paragraph (out, "Code", list_depth, NULL, code);
}

void
docx_render_blocks (Docx       *docx,
                    GString    *out,
                    cmark_node *parent,
                    const char *style,
                    int         list_depth,
                    int         num_id)
{
  for (cmark_node *node = cmark_node_first_child (parent); node; node = cmark_node_next (node))
    {
      RunStyle plain = { 0 };

      switch (cmark_node_get_type (node))
        {
        case CMARK_NODE_PARAGRAPH:
          docx_paragraph_start (out, num_id > 0 ? "ListParagraph" : style, list_depth, num_id, NULL);
          docx_inline_runs (docx, out, node, plain);
          g_string_append (out, "</w:p>");
          num_id = 0;
          break;
        case CMARK_NODE_HEADING:
          render_heading (docx, out, node);
          break;
        case CMARK_NODE_BLOCK_QUOTE:
          docx_render_blocks (docx, out, node, "Quote", list_depth, num_id);
          num_id = 0;
          break;
        case CMARK_NODE_LIST:
          render_list (docx, out, node, style, list_depth);
          break;
        case CMARK_NODE_HTML_BLOCK:
          render_html_block (docx, out, node, style, list_depth);
          break;
        case CMARK_NODE_CODE_BLOCK:
          render_code_block (out, node, list_depth);
          break;
        case CMARK_NODE_THEMATIC_BREAK:
          text_paragraph (out, style, 0, "<w:jc w:val=\"center\"/>", "*   *   *");
          break;
        case CMARK_NODE_FOOTNOTE_DEFINITION:
          break;   /* written where it is referred to */
        default:
          if (g_strcmp0 (cmark_node_get_type_string (node), "table") == 0)
            render_table (docx, out, node);
          else
            docx_render_blocks (docx, out, node, style, list_depth, num_id);
          break;
        }
    }
}

/* ---- the book -------------------------------------------------------- */

void
docx_title_page (GString    *out,
                 const char *title,
                 const char *author)
{
  text_paragraph (out, "Title", 0, NULL, title);
  if (*author != '\0')
    text_paragraph (out, "Subtitle", 0, NULL, author);
}

/* The contents: a TOC field over the part and chapter headings, whose
 * cached result lists their titles (shown as they are by readers that do
 * not compute fields); Word fills in the page numbers when it opens the
 * document (updateFields in settings.xml). */
void
docx_contents_field (GString  *out,
                     DfBook   *book,
                     int       chapter_level,
                     gboolean  page_break)
{
  RunStyle plain = { 0 };

  g_string_append (out, "<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val=\"Table of Contents\"/>"
                        "<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>");
  g_string_append_printf (out, "<w:p><w:pPr><w:pStyle w:val=\"TOCHeading\"/>%s</w:pPr>",
                          page_break ? "<w:pageBreakBefore/>" : "");
  docx_text_run (out, &plain, _("Contents"));
  g_string_append (out, "</w:p>");

  for (guint s = 0, first = TRUE; s < book->sections->len; s++)
    {
      DfBookSection *section = g_ptr_array_index (book->sections, s);
      GPtrArray *entries = g_ptr_array_new ();

      if (section->part != NULL)
        g_ptr_array_add (entries, section->part->title);
      for (guint c = 0; c < section->chapters->len; c++)
        g_ptr_array_add (entries, ((DfChapter *) g_ptr_array_index (section->chapters, c))->title);

      for (guint e = 0; e < entries->len; e++, first = FALSE)
        {
          int level = (section->part != NULL && e == 0) ? 1 : chapter_level;
          g_autofree char *title = exporter_xml_clean (g_ptr_array_index (entries, e));

          g_string_append_printf (out, "<w:p><w:pPr><w:pStyle w:val=\"TOC%d\"/></w:pPr>", level);
          if (first)
            g_string_append (out, "<w:r><w:fldChar w:fldCharType=\"begin\" w:dirty=\"true\"/></w:r>"
                                  "<w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-2\" \\h \\z \\u </w:instrText></w:r>"
                                  "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>");
          docx_text_run (out, &plain, g_strstrip (title));
          g_string_append (out, "</w:p>");
        }
      g_ptr_array_unref (entries);
    }
  g_string_append (out, "<w:p><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>");
  g_string_append (out, "</w:sdtContent></w:sdt>");
}

void
docx_heading_paragraph (GString    *out,
                        int         level,
                        const char *title,
                        gboolean    page_break)
{
  RunStyle plain = { 0 };

  g_string_append_printf (out, "<w:p><w:pPr><w:pStyle w:val=\"Heading%d\"/>%s</w:pPr>",
                          level, page_break ? "<w:pageBreakBefore/>" : "");
  docx_text_run (out, &plain, title);
  g_string_append (out, "</w:p>");
}

/* cmark numbers the notes in the order they are referred to (a
 * reference's literal is its number) and keeps the definitions of those
 * referred to at the end of the document, in that order. */
static void
collect_notes (Docx       *docx,
               cmark_node *doc)
{
  guint number = 0;

  g_hash_table_remove_all (docx->note_defs);
  g_hash_table_remove_all (docx->note_ids);
  for (cmark_node *node = cmark_node_first_child (doc); node; node = cmark_node_next (node))
    if (cmark_node_get_type (node) == CMARK_NODE_FOOTNOTE_DEFINITION)
      g_hash_table_insert (docx->note_defs, g_strdup_printf ("%u", ++number), node);
}

void
docx_render_chapter (Docx      *docx,
                     GString   *out,
                     DfChapter *chapter,
                     gboolean   page_break)
{
  g_autofree char *title = g_strstrip (g_strdup (chapter->title ? chapter->title : ""));
  cmark_node *doc = exporter_parse_chapter (chapter, title);

  docx_heading_paragraph (out, docx->chapter_level, title, page_break);
  collect_notes (docx, doc);
  docx_render_blocks (docx, out, doc, NULL, 0, 0);
  g_hash_table_remove_all (docx->note_defs);
  cmark_node_free (doc);
}

/* ---- the runs of a paragraph ----------------------------------------- */

int
docx_add_relationship (Docx       *docx,
                       const char *type,
                       const char *target,
                       gboolean    external)
{
  int id = docx->next_rel++;

  g_string_append_printf (docx->rels, "<Relationship Id=\"rId%d\" Type=\"" REL "%s\" Target=\"", id, type);
  exporter_xml_escape_append (docx->rels, target, -1);
  g_string_append (docx->rels, external ? "\" TargetMode=\"External\"/>" : "\"/>");
  return id;
}

/* ---- text ------------------------------------------------------------ */

/* Whether @text holds letters of a script written right to left: its
 * run is then right to left (<w:rtl/>), in any book. */
static gboolean
text_is_rtl (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    switch (g_unichar_get_script (g_utf8_get_char (p)))
      {
      case G_UNICODE_SCRIPT_ARABIC:
      case G_UNICODE_SCRIPT_HEBREW:
      case G_UNICODE_SCRIPT_SYRIAC:
      case G_UNICODE_SCRIPT_THAANA:
      case G_UNICODE_SCRIPT_NKO:
        return TRUE;
      default:
        break;
      }
  return FALSE;
}

static void
run_properties (GString        *out,
                const RunStyle *style,
                gboolean        rtl)
{
  if (!style->bold && !style->italic && !style->code && !style->strike && !style->superscript && !rtl)
    return;
  g_string_append (out, "<w:rPr>");
  if (style->code)
    g_string_append (out, "<w:rStyle w:val=\"CodeChar\"/>");
  if (style->bold)
    g_string_append (out, "<w:b/>");
  if (style->italic)
    g_string_append (out, "<w:i/>");
  if (style->strike)
    g_string_append (out, "<w:strike/>");
  if (style->superscript)
    g_string_append (out, "<w:vertAlign w:val=\"superscript\"/>");
  if (rtl)
    g_string_append (out, "<w:rtl/>");
  g_string_append (out, "</w:rPr>");
}

/* A run of text; tabs and line feeds become <w:tab/> and <w:br/>. */
void
docx_text_run (GString        *out,
               const RunStyle *style,
               const char     *text)
{
  const char *p = text ? text : "";

  g_string_append (out, "<w:r>");
  run_properties (out, style, text_is_rtl (p));
  while (*p != '\0')
    {
      gsize n = strcspn (p, "\t\n");

      if (n > 0)
        {
          g_string_append (out, "<w:t xml:space=\"preserve\">");
          exporter_xml_escape_append (out, p, n);
          g_string_append (out, "</w:t>");
          p += n;
        }
      if (*p == '\t')
        g_string_append (out, "<w:tab/>"), p++;
      else if (*p == '\n')
        g_string_append (out, "<w:br/>"), p++;
    }
  g_string_append (out, "</w:r>");
}

/* ---- pictures -------------------------------------------------------- */

static gboolean
image_size (GBytes     *bytes,
            const char *mime,
            guint      *width,
            guint      *height)
{
  gsize len;
  const guchar *data = g_bytes_get_data (bytes, &len);

  if (g_strcmp0 (mime, "image/png") == 0)
    {
      if (len < 24 || memcmp (data, "\x89PNG\r\n\x1a\n", 8) != 0 || memcmp (data + 12, "IHDR", 4) != 0)
        return FALSE;
      *width = (guint) data[16] << 24 | (guint) data[17] << 16 | (guint) data[18] << 8 | data[19];
      *height = (guint) data[20] << 24 | (guint) data[21] << 16 | (guint) data[22] << 8 | data[23];
      return *width > 0 && *height > 0;
    }
  if (g_strcmp0 (mime, "image/jpeg") == 0)
    {
      gsize i = 2;

      if (len < 4 || data[0] != 0xFF || data[1] != 0xD8)
        return FALSE;
      while (i + 9 < len)
        {
          guint marker, seg;

          if (data[i] != 0xFF)
            return FALSE;
          marker = data[i + 1];
          if (marker == 0xFF)
            {
              i++;
              continue;
            }
          seg = (guint) data[i + 2] << 8 | data[i + 3];
          /* SOF0..SOF15 but DHT, JPG and DAC */
          if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC)
            {
              *height = (guint) data[i + 5] << 8 | data[i + 6];
              *width = (guint) data[i + 7] << 8 | data[i + 8];
              return *width > 0 && *height > 0;
            }
          i += 2 + seg;
        }
    }
  return FALSE;
}

/* An inline picture, or FALSE when @image is not a PNG or JPEG of the
 * project's (the caller writes the alternative text). */
static gboolean
image_run (Docx       *docx,
           GString    *out,
           const char *src,
           const char *alt)
{
  g_autofree char *mime = NULL;
  g_autofree char *target = NULL;
  GBytes *bytes;
  guint width = 0, height = 0;
  gint64 cx, cy;
  int rel, n;

  if (src == NULL || *src == '\0')
    return FALSE;
  bytes = df_book_get_asset (docx->store, docx->book, src, &mime, NULL);
  if (bytes == NULL)
    return FALSE;
  if (!image_size (bytes, mime, &width, &height))
    {
      df_export_context_log (docx->context, "Image %s (%s) shown as its text: only PNG and JPEG go into DOCX",
                             src, mime ? mime : "unknown type");
      g_bytes_unref (bytes);
      return FALSE;
    }

  n = ++docx->next_image;
  if (g_strcmp0 (mime, "image/png") == 0)
    {
      docx->has_png = TRUE;
      target = g_strdup_printf ("media/image%d.png", n);
    }
  else
    {
      docx->has_jpeg = TRUE;
      target = g_strdup_printf ("media/image%d.jpeg", n);
    }
  g_ptr_array_add (docx->media, bytes);
  g_ptr_array_add (docx->media_names, g_strconcat ("word/", target, NULL));
  rel = docx_add_relationship (docx, "image", target, FALSE);

  /* 96 pixels to the inch (9525 EMU a pixel), shrunk to the text width */
  cx = (gint64) width * 9525;
  cy = (gint64) height * 9525;
  if (cx > TEXT_WIDTH_EMU)
    {
      cy = cy * TEXT_WIDTH_EMU / cx;
      cx = TEXT_WIDTH_EMU;
    }

  g_string_append_printf (out,
                          "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">"
                          "<wp:extent cx=\"%" G_GINT64_FORMAT "\" cy=\"%" G_GINT64_FORMAT "\"/>"
                          "<wp:docPr id=\"%d\" name=\"Picture %d\" descr=\"",
                          cx, cy, n, n);
  exporter_xml_escape_append (out, alt, -1);
  g_string_append_printf (out,
                          "\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>"
                          "<a:graphic><a:graphicData uri=\"" NS_PIC "\"><pic:pic>"
                          "<pic:nvPicPr><pic:cNvPr id=\"%d\" name=\"image%d\"/><pic:cNvPicPr/></pic:nvPicPr>"
                          "<pic:blipFill><a:blip r:embed=\"rId%d\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
                          "<pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/>"
                          "<a:ext cx=\"%" G_GINT64_FORMAT "\" cy=\"%" G_GINT64_FORMAT "\"/></a:xfrm>"
                          "<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr>"
                          "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>",
                          n, n, rel, cx, cy);
  return TRUE;
}

static void
alt_run (GString    *out,
         const char *alt)
{
  g_autofree char *text = NULL;
  RunStyle italic = { .italic = TRUE };

  if (alt == NULL || *alt == '\0')
    return;
  text = g_strdup_printf ("[%s]", alt);
  docx_text_run (out, &italic, text);
}

/* Raw HTML is not copied, but its <img> tags are pictures (or their
 * alternative text).  Returns whether there was any. */
gboolean
docx_html_images (Docx       *docx,
                  GString    *out,
                  const char *html)
{
  g_autoptr(GPtrArray) images = exporter_raw_html_images (html);

  for (guint i = 0; images != NULL && i < images->len; i++)
    {
      ExporterRawImage *image = g_ptr_array_index (images, i);

      if (!image_run (docx, out, image->src, image->alt))
        alt_run (out, image->alt);
    }
  return images != NULL;
}

/* ---- notes and the runs of a paragraph ------------------------------- */

static void
footnote_run (Docx       *docx,
              GString    *out,
              const char *label)
{
  cmark_node *def = g_hash_table_lookup (docx->note_defs, label);
  int id = GPOINTER_TO_INT (g_hash_table_lookup (docx->note_ids, label));
  g_autoptr(GString) note = NULL;

  if (def == NULL)
    {
      /* a reference to a note that does not exist: show it as typed */
      g_autofree char *text = g_strdup_printf ("[^%s]", label);
      RunStyle plain = { 0 };
      docx_text_run (out, &plain, text);
      return;
    }

  if (id == 0)
    {
      id = ++docx->next_note;
      g_hash_table_insert (docx->note_ids, g_strdup (label), GINT_TO_POINTER (id));

      note = g_string_new (NULL);
      g_string_append_printf (docx->footnotes, "<w:footnote w:id=\"%d\">", id);
      docx_render_blocks (docx, note, def, "FootnoteText", 0, 0);
      /* the mark goes at the start of the note's first paragraph */
      {
        const char *mark = "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r>"
                           "<w:r><w:t xml:space=\"preserve\"> </w:t></w:r>";
        const char *ppr_end = strstr (note->str, "</w:pPr>");

        if (ppr_end != NULL)
          g_string_insert (note, ppr_end - note->str + strlen ("</w:pPr>"), mark);
        else
          g_string_printf (note, "<w:p><w:pPr><w:pStyle w:val=\"FootnoteText\"/></w:pPr>%s</w:p>", mark);
      }
      g_string_append (docx->footnotes, note->str);
      g_string_append (docx->footnotes, "</w:footnote>");
    }

  g_string_append_printf (out,
                          "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr>"
                          "<w:footnoteReference w:id=\"%d\"/></w:r>", id);
}

void
docx_inline_runs (Docx       *docx,
                  GString    *out,
                  cmark_node *node,
                  RunStyle    style)
{
  for (cmark_node *child = cmark_node_first_child (node); child; child = cmark_node_next (child))
    {
      const char *type = cmark_node_get_type_string (child);
      RunStyle inner = style;

      switch (cmark_node_get_type (child))
        {
        case CMARK_NODE_TEXT:
          docx_text_run (out, &style, cmark_node_get_literal (child));
          break;
        case CMARK_NODE_HTML_INLINE:
          docx_html_images (docx, out, cmark_node_get_literal (child));
          break;
        case CMARK_NODE_SOFTBREAK:
          docx_text_run (out, &style, " ");
          break;
        case CMARK_NODE_LINEBREAK:
          g_string_append (out, "<w:r><w:br/></w:r>");
          break;
        case CMARK_NODE_CODE:
          inner.code = TRUE;
          docx_text_run (out, &inner, cmark_node_get_literal (child));
          break;
        case CMARK_NODE_EMPH:
          inner.italic = TRUE;
          docx_inline_runs (docx, out, child, inner);
          break;
        case CMARK_NODE_STRONG:
          inner.bold = TRUE;
          docx_inline_runs (docx, out, child, inner);
          break;
        case CMARK_NODE_LINK:
          {
            const char *url = cmark_node_get_url (child);

            if (url != NULL && *url != '\0' && *url != '#')
              {
                int rel = docx_add_relationship (docx, "hyperlink", url, TRUE);

                g_string_append_printf (out, "<w:hyperlink r:id=\"rId%d\">", rel);
                docx_inline_runs (docx, out, child, inner);
                g_string_append (out, "</w:hyperlink>");
              }
            else
              docx_inline_runs (docx, out, child, inner);
          }
          break;
        case CMARK_NODE_IMAGE:
          {
            g_autofree char *alt = exporter_node_text (child);

            if (!image_run (docx, out, cmark_node_get_url (child), alt))
              alt_run (out, alt);
          }
          break;
        case CMARK_NODE_FOOTNOTE_REFERENCE:
          footnote_run (docx, out, cmark_node_get_literal (child) ?: "");
          break;
        default:
          if (g_strcmp0 (type, "strikethrough") == 0)
            inner.strike = TRUE;
          docx_inline_runs (docx, out, child, inner);
          break;
        }
    }
}
