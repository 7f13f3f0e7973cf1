/* df-docx-exporter.c: the book as a Word document (Office Open XML)
 *
 * Written with libzip, every entry deflated, in the Transitional
 * namespaces.  Styles: Title, Subtitle, Heading1..Heading6, Normal, Quote,
 * Code, ListParagraph, FootnoteText, FootnoteReference, Hyperlink.
 *
 * Parts are Heading 1 and their chapters Heading 2; a book without parts
 * has its chapters as Heading 1.  Headings inside a chapter come below
 * the chapter's level.  Every part and chapter starts on a new page.
 * After the title page, the contents: a TOC field (parts and chapters)
 * that Word fills in with page numbers on opening.
 * Footnotes are real footnotes (word/footnotes.xml).  PNG and JPEG images
 * of the project are embedded (word/media/); any other image is shown as
 * its alternative text.  Lists use word/numbering.xml.  Pages are A4 with
 * 2 cm margins and the page number in the footer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter-docx"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <zip.h>

#include "exporter-types.h"
#include "exporter-util.h"

#define NS_W   "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R   "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_WP  "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
#define NS_A   "http://schemas.openxmlformats.org/drawingml/2006/main"
#define NS_PIC "http://schemas.openxmlformats.org/drawingml/2006/picture"
#define REL    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

/* Text width of an A4 page with 2 cm margins, in EMU (1 cm = 360000). */
#define TEXT_WIDTH_EMU (17 * 360000)

struct _DfDocxExporter
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE_WITH_CODE (DfDocxExporter, df_docx_exporter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DF_TYPE_EXPORTER, exporter_iface_init))

typedef struct
{
  gboolean bold, italic, code, strike, superscript;
} RunStyle;

typedef struct
{
  DfExportContext *context;
  DfStore         *store;
  DfBook          *book;
  GString         *rels;        /* word/_rels/document.xml.rels, inside <Relationships> */
  GString         *numbering;   /* <w:num> elements after the abstract ones */
  GString         *footnotes;   /* <w:footnote> elements */
  GPtrArray       *media;       /* GBytes*, kept until the archive is written */
  GPtrArray       *media_names; /* char*: "word/media/image1.png" */
  int              next_rel;
  int              next_num;
  int              next_note;
  int              next_image;
  gboolean         has_png, has_jpeg;
  int              chapter_level;
  /* per chapter */
  GHashTable      *note_defs;   /* number -> cmark_node* (the definition) */
  GHashTable      *note_ids;    /* number -> footnote id */
} Docx;

static void
esc (GString *out, const char *text)
{
  exporter_xml_escape_append (out, text ? text : "", -1);
}

static int
add_relationship (Docx *docx, const char *type, const char *target, gboolean external)
{
  int id = docx->next_rel++;

  g_string_append_printf (docx->rels, "<Relationship Id=\"rId%d\" Type=\"" REL "%s\" Target=\"", id, type);
  esc (docx->rels, target);
  g_string_append (docx->rels, external ? "\" TargetMode=\"External\"/>" : "\"/>");
  return id;
}

/* ---- runs ------------------------------------------------------------ */

static void
run_properties (GString *out, const RunStyle *style)
{
  if (!style->bold && !style->italic && !style->code && !style->strike && !style->superscript)
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
  g_string_append (out, "</w:rPr>");
}

/* A run of text; tabs and line feeds become <w:tab/> and <w:br/>. */
static void
text_run (GString *out, const RunStyle *style, const char *text)
{
  const char *p = text ? text : "";

  g_string_append (out, "<w:r>");
  run_properties (out, style);
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

static void render_blocks (Docx *docx, GString *out, cmark_node *parent,
                           const char *style, int list_depth, int num_id);


static gboolean
image_size (GBytes *bytes, const char *mime, guint *width, guint *height)
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
image_run (Docx *docx, GString *out, const char *src, const char *alt)
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
  rel = add_relationship (docx, "image", target, FALSE);

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
  esc (out, alt);
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
alt_run (GString *out, const char *alt)
{
  g_autofree char *text = NULL;
  RunStyle italic = { .italic = TRUE };

  if (alt == NULL || *alt == '\0')
    return;
  text = g_strdup_printf ("[%s]", alt);
  text_run (out, &italic, text);
}

/* Raw HTML is not copied, but its <img> tags are pictures (or their
 * alternative text).  Returns whether there was any. */
static gboolean
html_images (Docx *docx, GString *out, const char *html)
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

static void
footnote_run (Docx *docx, GString *out, const char *label)
{
  cmark_node *def = g_hash_table_lookup (docx->note_defs, label);
  int id = GPOINTER_TO_INT (g_hash_table_lookup (docx->note_ids, label));
  g_autoptr(GString) note = NULL;

  if (def == NULL)
    {
      /* a reference to a note that does not exist: show it as typed */
      g_autofree char *text = g_strdup_printf ("[^%s]", label);
      RunStyle plain = { 0 };
      text_run (out, &plain, text);
      return;
    }

  if (id == 0)
    {
      id = ++docx->next_note;
      g_hash_table_insert (docx->note_ids, g_strdup (label), GINT_TO_POINTER (id));

      note = g_string_new (NULL);
      g_string_append_printf (docx->footnotes, "<w:footnote w:id=\"%d\">", id);
      render_blocks (docx, note, def, "FootnoteText", 0, 0);
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

static void
inline_runs (Docx *docx, GString *out, cmark_node *node, RunStyle style)
{
  for (cmark_node *child = cmark_node_first_child (node); child; child = cmark_node_next (child))
    {
      const char *type = cmark_node_get_type_string (child);
      RunStyle inner = style;

      switch (cmark_node_get_type (child))
        {
        case CMARK_NODE_TEXT:
          text_run (out, &style, cmark_node_get_literal (child));
          break;
        case CMARK_NODE_HTML_INLINE:
          html_images (docx, out, cmark_node_get_literal (child));
          break;
        case CMARK_NODE_SOFTBREAK:
          text_run (out, &style, " ");
          break;
        case CMARK_NODE_LINEBREAK:
          g_string_append (out, "<w:r><w:br/></w:r>");
          break;
        case CMARK_NODE_CODE:
          inner.code = TRUE;
          text_run (out, &inner, cmark_node_get_literal (child));
          break;
        case CMARK_NODE_EMPH:
          inner.italic = TRUE;
          inline_runs (docx, out, child, inner);
          break;
        case CMARK_NODE_STRONG:
          inner.bold = TRUE;
          inline_runs (docx, out, child, inner);
          break;
        case CMARK_NODE_LINK:
          {
            const char *url = cmark_node_get_url (child);

            if (url != NULL && *url != '\0' && *url != '#')
              {
                int rel = add_relationship (docx, "hyperlink", url, TRUE);

                g_string_append_printf (out, "<w:hyperlink r:id=\"rId%d\">", rel);
                inline_runs (docx, out, child, inner);
                g_string_append (out, "</w:hyperlink>");
              }
            else
              inline_runs (docx, out, child, inner);
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
          inline_runs (docx, out, child, inner);
          break;
        }
    }
}

/* ---- blocks ---------------------------------------------------------- */

static void
paragraph_start (GString    *out,
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

static void
render_table (Docx *docx, GString *out, cmark_node *table)
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
          paragraph_start (out, "Compact", 0, 0, NULL);
          inline_runs (docx, out, cell, style);
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
new_list_numbering (Docx *docx, gboolean ordered, int start)
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

/* @style: the paragraph style for paragraphs (NULL: Normal);
 * @list_depth: how deep in lists; @num_id: the numbering of the list
 * item's first paragraph, 0 for the others. */
static void
render_blocks (Docx       *docx,
               GString    *out,
               cmark_node *parent,
               const char *style,
               int         list_depth,
               int         num_id)
{
  for (cmark_node *node = cmark_node_first_child (parent); node; node = cmark_node_next (node))
    {
      const char *type = cmark_node_get_type_string (node);
      RunStyle plain = { 0 };

      switch (cmark_node_get_type (node))
        {
        case CMARK_NODE_PARAGRAPH:
          paragraph_start (out, num_id > 0 ? "ListParagraph" : style, list_depth, num_id, NULL);
          inline_runs (docx, out, node, plain);
          g_string_append (out, "</w:p>");
          num_id = 0;
          break;
        case CMARK_NODE_HEADING:
          {
            int level = MIN (docx->chapter_level + cmark_node_get_heading_level (node), 6);
            g_autofree char *heading = g_strdup_printf ("Heading%d", level);

            paragraph_start (out, heading, 0, 0, NULL);
            inline_runs (docx, out, node, plain);
            g_string_append (out, "</w:p>");
          }
          break;
        case CMARK_NODE_BLOCK_QUOTE:
          render_blocks (docx, out, node, "Quote", list_depth, num_id);
          num_id = 0;
          break;
        case CMARK_NODE_LIST:
          {
            gboolean ordered = cmark_node_get_list_type (node) == CMARK_ORDERED_LIST;
            int id = new_list_numbering (docx, ordered, cmark_node_get_list_start (node));

            for (cmark_node *item = cmark_node_first_child (node); item; item = cmark_node_next (item))
              render_blocks (docx, out, item, style, list_depth + 1, id);
          }
          break;
        case CMARK_NODE_HTML_BLOCK:
          {
            g_autoptr(GString) images = g_string_new (NULL);

            if (html_images (docx, images, cmark_node_get_literal (node)))
              {
                paragraph_start (out, style, list_depth, 0, NULL);
                g_string_append_len (out, images->str, images->len);
                g_string_append (out, "</w:p>");
              }
          }
          break;
        case CMARK_NODE_CODE_BLOCK:
          {
            g_autofree char *code = g_strdup (cmark_node_get_literal (node) ?: "");
            gsize len = strlen (code);

            while (len > 0 && code[len - 1] == '\n')
              code[--len] = '\0';
            paragraph_start (out, "Code", list_depth, 0, NULL);
            text_run (out, &plain, code);
            g_string_append (out, "</w:p>");
          }
          break;
        case CMARK_NODE_THEMATIC_BREAK:
          paragraph_start (out, style, 0, 0, "<w:jc w:val=\"center\"/>");
          text_run (out, &plain, "*   *   *");
          g_string_append (out, "</w:p>");
          break;
        case CMARK_NODE_FOOTNOTE_DEFINITION:
          break;   /* written where it is referred to */
        default:
          if (g_strcmp0 (type, "table") == 0)
            render_table (docx, out, node);
          else
            render_blocks (docx, out, node, style, list_depth, num_id);
          break;
        }
    }
}

/* The contents: a TOC field over the part and chapter headings, whose
 * cached result lists their titles (shown as they are by readers that do
 * not compute fields); Word fills in the page numbers when it opens the
 * document (updateFields in settings.xml). */
static void
contents_field (GString  *out,
                DfBook   *book,
                int       chapter_level,
                gboolean  page_break)
{
  RunStyle plain = { 0 };

  g_string_append (out, "<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val=\"Table of Contents\"/>"
                        "<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>");
  g_string_append_printf (out, "<w:p><w:pPr><w:pStyle w:val=\"TOCHeading\"/>%s</w:pPr>",
                          page_break ? "<w:pageBreakBefore/>" : "");
  text_run (out, &plain, _("Contents"));
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
          text_run (out, &plain, g_strstrip (title));
          g_string_append (out, "</w:p>");
        }
      g_ptr_array_unref (entries);
    }
  g_string_append (out, "<w:p><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>");
  g_string_append (out, "</w:sdtContent></w:sdt>");
}

static void
heading_paragraph (GString *out, int level, const char *title, gboolean page_break)
{
  RunStyle plain = { 0 };

  g_string_append_printf (out, "<w:p><w:pPr><w:pStyle w:val=\"Heading%d\"/>%s</w:pPr>",
                          level, page_break ? "<w:pageBreakBefore/>" : "");
  text_run (out, &plain, title);
  g_string_append (out, "</w:p>");
}

/* The first heading of a chapter that only repeats its title. */
static gboolean
is_title_heading (cmark_node *node, const char *title)
{
  g_autofree char *text = NULL;

  if (node == NULL || cmark_node_get_type (node) != CMARK_NODE_HEADING)
    return FALSE;
  text = exporter_node_text (node);
  return g_strcmp0 (g_strstrip (text), title) == 0;
}

static void
render_chapter (Docx *docx, GString *out, DfChapter *chapter, gboolean page_break)
{
  g_autofree char *title = g_strstrip (g_strdup (chapter->title ? chapter->title : ""));
  cmark_node *doc = exporter_parse_markdown (chapter->content_md ? chapter->content_md : "");
  cmark_node *first = cmark_node_first_child (doc);

  heading_paragraph (out, docx->chapter_level, title, page_break);
  if (is_title_heading (first, title))
    cmark_node_free (first);

  g_hash_table_remove_all (docx->note_defs);
  g_hash_table_remove_all (docx->note_ids);
  /* cmark numbers the notes in the order they are referred to (a
   * reference's literal is its number) and keeps the definitions of those
   * referred to at the end of the document, in that order */
  {
    guint number = 0;

    for (cmark_node *node = cmark_node_first_child (doc); node; node = cmark_node_next (node))
      if (cmark_node_get_type (node) == CMARK_NODE_FOOTNOTE_DEFINITION)
        g_hash_table_insert (docx->note_defs, g_strdup_printf ("%u", ++number), node);
  }

  render_blocks (docx, out, doc, NULL, 0, 0);
  g_hash_table_remove_all (docx->note_defs);
  cmark_node_free (doc);
}

/* ---- the fixed parts ------------------------------------------------- */

static const char styles_xml[] =
  XML_DECL
  "<w:styles xmlns:w=\"" NS_W "\">"
  "<w:docDefaults><w:rPrDefault><w:rPr>"
  "<w:rFonts w:ascii=\"Liberation Serif\" w:hAnsi=\"Liberation Serif\" w:eastAsia=\"Liberation Serif\" w:cs=\"Liberation Serif\"/>"
  "<w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/><w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault>"
  "<w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"276\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>"
  "</w:docDefaults>"
  "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/>"
  "<w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:jc w:val=\"center\"/><w:spacing w:before=\"2400\" w:after=\"480\"/></w:pPr>"
  "<w:rPr><w:b/><w:sz w:val=\"56\"/><w:szCs w:val=\"56\"/></w:rPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"Subtitle\"><w:name w:val=\"Subtitle\"/><w:basedOn w:val=\"Normal\"/>"
  "<w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:jc w:val=\"center\"/></w:pPr>"
  "<w:rPr><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style>"
#define HEADING(n, lvl, size, before) \
  "<w:style w:type=\"paragraph\" w:styleId=\"Heading" #n "\"><w:name w:val=\"heading " #n "\"/>" \
  "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/>" \
  "<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"" #before "\" w:after=\"120\"/>" \
  "<w:outlineLvl w:val=\"" #lvl "\"/></w:pPr>" \
  "<w:rPr><w:b/><w:sz w:val=\"" #size "\"/><w:szCs w:val=\"" #size "\"/></w:rPr></w:style>"
  HEADING (1, 0, 40, 480) HEADING (2, 1, 32, 360) HEADING (3, 2, 28, 240)
  HEADING (4, 3, 26, 240) HEADING (5, 4, 24, 240) HEADING (6, 5, 24, 240)
#undef HEADING
  "<w:style w:type=\"paragraph\" w:styleId=\"Quote\"><w:name w:val=\"Quote\"/><w:basedOn w:val=\"Normal\"/>"
  "<w:qFormat/><w:pPr><w:ind w:left=\"720\" w:right=\"720\"/></w:pPr><w:rPr><w:i/></w:rPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"Code\"><w:name w:val=\"Code\"/><w:basedOn w:val=\"Normal\"/>"
  "<w:qFormat/><w:pPr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F0F0F0\"/>"
  "<w:spacing w:before=\"120\" w:after=\"120\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>"
  "<w:rPr><w:rFonts w:ascii=\"Liberation Mono\" w:hAnsi=\"Liberation Mono\" w:cs=\"Liberation Mono\"/>"
  "<w:sz w:val=\"19\"/><w:szCs w:val=\"19\"/></w:rPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"ListParagraph\"><w:name w:val=\"List Paragraph\"/>"
  "<w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr><w:ind w:left=\"720\"/><w:contextualSpacing/></w:pPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"Compact\"><w:name w:val=\"Compact\"/><w:basedOn w:val=\"Normal\"/>"
  "<w:pPr><w:spacing w:before=\"36\" w:after=\"36\"/></w:pPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"FootnoteText\"><w:name w:val=\"footnote text\"/>"
  "<w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\"/></w:pPr>"
  "<w:rPr><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/>"
  "<w:pPr><w:jc w:val=\"center\"/></w:pPr></w:style>"
  "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">"
  "<w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>"
  "<w:style w:type=\"character\" w:styleId=\"FootnoteReference\"><w:name w:val=\"footnote reference\"/>"
  "<w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr></w:style>"
  "<w:style w:type=\"character\" w:styleId=\"CodeChar\"><w:name w:val=\"Verbatim Char\"/>"
  "<w:rPr><w:rFonts w:ascii=\"Liberation Mono\" w:hAnsi=\"Liberation Mono\" w:cs=\"Liberation Mono\"/>"
  "<w:sz w:val=\"21\"/></w:rPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"TOCHeading\"><w:name w:val=\"TOC Heading\"/><w:basedOn w:val=\"Normal\"/>"
  "<w:next w:val=\"Normal\"/><w:pPr><w:spacing w:before=\"240\" w:after=\"240\"/></w:pPr>"
  "<w:rPr><w:b/><w:sz w:val=\"32\"/></w:rPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"TOC1\"><w:name w:val=\"toc 1\"/><w:basedOn w:val=\"Normal\"/>"
  "<w:next w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"100\"/></w:pPr></w:style>"
  "<w:style w:type=\"paragraph\" w:styleId=\"TOC2\"><w:name w:val=\"toc 2\"/><w:basedOn w:val=\"Normal\"/>"
  "<w:next w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"100\"/><w:ind w:left=\"440\"/></w:pPr></w:style>"
  "<w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/>"
  "<w:rPr><w:color w:val=\"1F4E79\"/><w:u w:val=\"single\"/></w:rPr></w:style>"
  "</w:styles>";

static const char settings_xml[] =
  XML_DECL
  "<w:settings xmlns:w=\"" NS_W "\">"
  "<w:updateFields w:val=\"true\"/>"
  "<w:defaultTabStop w:val=\"720\"/>"
  "<w:footnotePr><w:footnote w:id=\"-1\"/><w:footnote w:id=\"0\"/></w:footnotePr>"
  "<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>"
  "</w:settings>";

static const char footer_xml[] =
  XML_DECL
  "<w:ftr xmlns:w=\"" NS_W "\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>"
  "<w:fldSimple w:instr=\" PAGE \"><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>";

static const char root_rels_xml[] =
  XML_DECL
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
  "<Relationship Id=\"rId1\" Type=\"" REL "officeDocument\" Target=\"word/document.xml\"/>"
  "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\""
  " Target=\"docProps/core.xml\"/>"
  "<Relationship Id=\"rId3\" Type=\"" REL "extended-properties\" Target=\"docProps/app.xml\"/>"
  "</Relationships>";

static const char app_xml[] =
  XML_DECL
  "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
  "<Application>DraftForge</Application></Properties>";

static void
numbering_abstract (GString *out)
{
  static const char *bullets[] = { "•", "◦", "▪" };

  g_string_append (out, XML_DECL "<w:numbering xmlns:w=\"" NS_W "\">");
  g_string_append (out, "<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"hybridMultilevel\"/>");
  for (int level = 0; level < 9; level++)
    g_string_append_printf (out,
                            "<w:lvl w:ilvl=\"%d\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/>"
                            "<w:lvlText w:val=\"%s\"/><w:lvlJc w:val=\"left\"/>"
                            "<w:pPr><w:ind w:left=\"%d\" w:hanging=\"360\"/></w:pPr></w:lvl>",
                            level, bullets[level % 3], 720 * (level + 1));
  g_string_append (out, "</w:abstractNum>");
  g_string_append (out, "<w:abstractNum w:abstractNumId=\"1\"><w:multiLevelType w:val=\"hybridMultilevel\"/>");
  for (int level = 0; level < 9; level++)
    g_string_append_printf (out,
                            "<w:lvl w:ilvl=\"%d\"><w:start w:val=\"1\"/><w:numFmt w:val=\"%s\"/>"
                            "<w:lvlText w:val=\"%%%d.\"/><w:lvlJc w:val=\"left\"/>"
                            "<w:pPr><w:ind w:left=\"%d\" w:hanging=\"360\"/></w:pPr></w:lvl>",
                            level, level % 3 == 0 ? "decimal" : level % 3 == 1 ? "lowerLetter" : "lowerRoman",
                            level + 1, 720 * (level + 1));
  g_string_append (out, "</w:abstractNum>");
}

static char *
content_types (Docx *docx)
{
  GString *out = g_string_new (XML_DECL);

  g_string_append (out,
                   "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                   "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                   "<Default Extension=\"xml\" ContentType=\"application/xml\"/>");
  if (docx->has_png)
    g_string_append (out, "<Default Extension=\"png\" ContentType=\"image/png\"/>");
  if (docx->has_jpeg)
    g_string_append (out, "<Default Extension=\"jpeg\" ContentType=\"image/jpeg\"/>");
  g_string_append (out,
#define WML "application/vnd.openxmlformats-officedocument.wordprocessingml."
                   "<Override PartName=\"/word/document.xml\" ContentType=\"" WML "document.main+xml\"/>"
                   "<Override PartName=\"/word/styles.xml\" ContentType=\"" WML "styles+xml\"/>"
                   "<Override PartName=\"/word/settings.xml\" ContentType=\"" WML "settings+xml\"/>"
                   "<Override PartName=\"/word/numbering.xml\" ContentType=\"" WML "numbering+xml\"/>"
                   "<Override PartName=\"/word/footnotes.xml\" ContentType=\"" WML "footnotes+xml\"/>"
                   "<Override PartName=\"/word/footer1.xml\" ContentType=\"" WML "footer+xml\"/>"
#undef WML
                   "<Override PartName=\"/docProps/core.xml\""
                   " ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
                   "<Override PartName=\"/docProps/app.xml\""
                   " ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
                   "</Types>");
  return g_string_free (out, FALSE);
}

static char *
core_properties (const char *title, const char *author, const char *language)
{
  GString *out = g_string_new (XML_DECL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  g_string_append (out,
                   "<cp:coreProperties"
                   " xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
                   " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
                   " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>");
  esc (out, title);
  g_string_append (out, "</dc:title>");
  if (author != NULL && *author != '\0')
    {
      g_string_append (out, "<dc:creator>");
      esc (out, author);
      g_string_append (out, "</dc:creator>");
    }
  if (language != NULL && *language != '\0')
    {
      g_string_append (out, "<dc:language>");
      esc (out, language);
      g_string_append (out, "</dc:language>");
    }
  g_string_append_printf (out,
                          "<dcterms:created xsi:type=\"dcterms:W3CDTF\">%s</dcterms:created>"
                          "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">%s</dcterms:modified>"
                          "</cp:coreProperties>", stamp, stamp);
  return g_string_free (out, FALSE);
}

/* ---- the archive ----------------------------------------------------- */

static gboolean
add_entry (zip_t       *zip,
           const char  *name,
           const void  *data,
           gsize        len,
           GError     **error)
{
  zip_source_t *source = zip_source_buffer (zip, data, len, 0);
  zip_int64_t index;

  if (source == NULL ||
      (index = zip_file_add (zip, name, source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE)) < 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Could not add %s to the document: %s"),
                   name, zip_strerror (zip));
      if (source != NULL)
        zip_source_free (source);
      return FALSE;
    }
  zip_set_file_compression (zip, index, ZIP_CM_DEFLATE, 9);
  return TRUE;
}

static gboolean
df_docx_exporter_export (DfExporter       *exporter,
                         DfExportContext  *context,
                         GError          **error)
{
  GCancellable *cancellable = df_export_context_get_cancellable (context);
  DfBook *book = df_export_context_get_book (context, error);
  const char *path = df_export_context_get_output_path (context);
  g_autoptr(GString) body = NULL;
  g_autoptr(GString) document = NULL;
  g_autoptr(GString) rels = NULL;
  g_autoptr(GString) numbering = NULL;
  g_autoptr(GString) footnotes = NULL;
  g_autofree char *types = NULL;
  g_autofree char *core = NULL;
  g_autofree char *author = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GPtrArray) media = NULL;
  g_autoptr(GPtrArray) media_names = NULL;
  g_autoptr(GHashTable) note_defs = NULL;
  g_autoptr(GHashTable) note_ids = NULL;
  gboolean has_parts = FALSE, first_page_break = FALSE;
  Docx docx = { 0 };
  zip_t *zip = NULL;
  int zerr = 0;
  int footer_rel;
  guint done = 0;

  if (book == NULL)
    return FALSE;

  body = g_string_new (NULL);
  rels = g_string_new (NULL);
  numbering = g_string_new (NULL);
  footnotes = g_string_new (NULL);
  media = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  media_names = g_ptr_array_new_with_free_func (g_free);
  note_defs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  note_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  docx.context = context;
  docx.store = df_export_context_get_store (context);
  docx.book = book;
  docx.rels = rels;
  docx.numbering = numbering;
  docx.footnotes = footnotes;
  docx.media = media;
  docx.media_names = media_names;
  docx.note_defs = note_defs;
  docx.note_ids = note_ids;
  docx.next_rel = 1;

  add_relationship (&docx, "styles", "styles.xml", FALSE);
  add_relationship (&docx, "settings", "settings.xml", FALSE);
  add_relationship (&docx, "numbering", "numbering.xml", FALSE);
  add_relationship (&docx, "footnotes", "footnotes.xml", FALSE);
  footer_rel = add_relationship (&docx, "footer", "footer1.xml", FALSE);

  for (guint s = 0; s < book->sections->len; s++)
    if (((DfBookSection *) g_ptr_array_index (book->sections, s))->part != NULL)
      has_parts = TRUE;
  docx.chapter_level = has_parts ? 2 : 1;

  title = exporter_xml_clean (book->project->title);
  author = exporter_xml_clean (df_export_context_get_option_string (context, "author", book->author) ?: "");

  if (df_export_context_get_option_bool (context, "title-page", TRUE))
    {
      RunStyle plain = { 0 };

      paragraph_start (body, "Title", 0, 0, NULL);
      text_run (body, &plain, title);
      g_string_append (body, "</w:p>");
      if (*author != '\0')
        {
          paragraph_start (body, "Subtitle", 0, 0, NULL);
          text_run (body, &plain, author);
          g_string_append (body, "</w:p>");
        }
      first_page_break = TRUE;
    }

  if (book->chapters->len > 0)
    {
      contents_field (body, book, docx.chapter_level, first_page_break);
      first_page_break = TRUE;
    }

  for (guint s = 0; s < book->sections->len; s++)
    {
      DfBookSection *section = g_ptr_array_index (book->sections, s);

      if (section->part != NULL)
        {
          heading_paragraph (body, 1, section->part->title, first_page_break);
          first_page_break = TRUE;
        }
      for (guint c = 0; c < section->chapters->len; c++)
        {
          DfChapter *chapter = g_ptr_array_index (section->chapters, c);
          g_autofree char *message = NULL;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          message = g_strdup_printf (_("Writing chapter %u of %u"), done + 1, book->chapters->len);
          df_export_context_set_progress (context, 0.8 * done / book->chapters->len, message);
          /* a chapter right after its part's heading shares its page */
          render_chapter (&docx, body, chapter, first_page_break && !(section->part != NULL && c == 0));
          first_page_break = TRUE;
          done++;
        }
    }

  document = g_string_new (XML_DECL);
  g_string_append (document,
                   "<w:document xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\" xmlns:wp=\"" NS_WP "\""
                   " xmlns:a=\"" NS_A "\" xmlns:pic=\"" NS_PIC "\"><w:body>");
  g_string_append_len (document, body->str, body->len);
  g_string_append_printf (document,
                          "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId%d\"/>"
                          "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
                          "<w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\""
                          " w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr>"
                          "</w:body></w:document>", footer_rel);

  g_string_prepend (rels, XML_DECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
  g_string_append (rels, "</Relationships>");

  {
    g_autoptr(GString) abstract = g_string_new (NULL);
    numbering_abstract (abstract);
    g_string_prepend (numbering, abstract->str);
    g_string_append (numbering, "</w:numbering>");
  }

  g_string_prepend (footnotes,
                    XML_DECL "<w:footnotes xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\" xmlns:wp=\"" NS_WP "\""
                    " xmlns:a=\"" NS_A "\" xmlns:pic=\"" NS_PIC "\">"
                    "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:pPr><w:spacing w:after=\"0\"/></w:pPr>"
                    "<w:r><w:separator/></w:r></w:p></w:footnote>"
                    "<w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:pPr><w:spacing w:after=\"0\"/></w:pPr>"
                    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>");
  g_string_append (footnotes, "</w:footnotes>");

  types = content_types (&docx);
  core = core_properties (title, author, book->project->language);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  df_export_context_set_progress (context, 0.85, _("Compressing the document"));

  zip = zip_open (path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
  if (zip == NULL)
    {
      zip_error_t ze;

      zip_error_init_with_code (&ze, zerr);
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot write “%s”: %s"), path, zip_error_strerror (&ze));
      zip_error_fini (&ze);
      return FALSE;
    }

  if (!add_entry (zip, "[Content_Types].xml", types, strlen (types), error) ||
      !add_entry (zip, "_rels/.rels", root_rels_xml, strlen (root_rels_xml), error) ||
      !add_entry (zip, "word/document.xml", document->str, document->len, error) ||
      !add_entry (zip, "word/_rels/document.xml.rels", rels->str, rels->len, error) ||
      !add_entry (zip, "word/styles.xml", styles_xml, strlen (styles_xml), error) ||
      !add_entry (zip, "word/settings.xml", settings_xml, strlen (settings_xml), error) ||
      !add_entry (zip, "word/numbering.xml", numbering->str, numbering->len, error) ||
      !add_entry (zip, "word/footnotes.xml", footnotes->str, footnotes->len, error) ||
      !add_entry (zip, "word/footer1.xml", footer_xml, strlen (footer_xml), error) ||
      !add_entry (zip, "docProps/core.xml", core, strlen (core), error) ||
      !add_entry (zip, "docProps/app.xml", app_xml, strlen (app_xml), error))
    {
      zip_discard (zip);
      return FALSE;
    }
  for (guint i = 0; i < media->len; i++)
    {
      gsize len;
      const void *data = g_bytes_get_data (g_ptr_array_index (media, i), &len);

      if (!add_entry (zip, g_ptr_array_index (media_names, i), data, len, error))
        {
          zip_discard (zip);
          return FALSE;
        }
    }

  if (zip_close (zip) != 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot write “%s”: %s"), path, zip_strerror (zip));
      zip_discard (zip);
      return FALSE;
    }

  df_export_context_log (context, "DOCX: %u chapters, %d footnotes, %d images, chapters as Heading %d",
                         book->chapters->len, docx.next_note, docx.next_image, docx.chapter_level);
  return TRUE;
}

/* ---- the class -------------------------------------------------------- */

static const ExporterFormat docx_format = {
  .format = "docx",
  .name = N_("Word document (DOCX)"),
  .extension = "docx",
  .mime_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  .export = df_docx_exporter_export,
};

static void
df_docx_exporter_class_init (DfDocxExporterClass *klass)
{
  exporter_class_set_format (G_OBJECT_CLASS (klass), &docx_format);
}

static void
df_docx_exporter_init (DfDocxExporter *self)
{
}
