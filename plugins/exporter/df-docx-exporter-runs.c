/* df-docx-exporter-runs.c: the runs of a paragraph
 *
 * Text with its character formatting, web links (hyperlink
 * relationships), PNG and JPEG pictures of the project (embedded in
 * word/media/; other images are their alternative text), and footnote
 * references, whose notes go into word/footnotes.xml as they are first
 * referred to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter-docx"

#include "config.h"

#include <string.h>

#include "df-docx-exporter-private.h"

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

static void
run_properties (GString        *out,
                const RunStyle *style)
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
void
docx_text_run (GString        *out,
               const RunStyle *style,
               const char     *text)
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
