/* df-pdf-exporter-markup.c: inline Markdown as Pango markup
 *
 * Emphasis, code, strikethrough and note numbers become markup; web links
 * (http, https, mailto) are blue and underlined, and noted with their place
 * in the text for the link annotations drawn over them; images inside a
 * paragraph show their alternative text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter-pdf"

#include "config.h"

#include "df-pdf-exporter-private.h"

void
pdf_append_escaped (GString    *out,
                    const char *text)
{
  exporter_xml_escape_append (out, text, -1);
}

/* How many bytes of text @markup (built here: tags and one-character
 * entities only) lays out as. */
static int
markup_text_length (const char *markup)
{
  int n = 0;

  for (const char *p = markup; *p != '\0'; p++)
    {
      if (*p == '<')
        {
          while (*p != '\0' && *p != '>')
            p++;
          if (*p == '\0')
            break;
          continue;
        }
      if (*p == '&')
        while (p[1] != '\0' && *p != ';')
          p++;
      n++;
    }
  return n;
}

static gboolean
is_web_link (const char *url)
{
  return url != NULL &&
         (g_ascii_strncasecmp (url, "http://", 7) == 0 ||
          g_ascii_strncasecmp (url, "https://", 8) == 0 ||
          g_ascii_strncasecmp (url, "mailto:", 7) == 0);
}

/* An image in the text: its alternative text, in italics. */
static void
append_alt_text (GString    *out,
                 const char *alt)
{
  g_string_append (out, "<i>[");
  pdf_append_escaped (out, alt);
  g_string_append (out, "]</i>");
}

/* The <img> tags of raw HTML, as their alternative text. */
static void
append_raw_html_alt_texts (GString    *out,
                           const char *html)
{
  g_autoptr(GPtrArray) images = exporter_raw_html_images (html);

  for (guint i = 0; images != NULL && i < images->len; i++)
    append_alt_text (out, ((ExporterRawImage *) g_ptr_array_index (images, i))->alt);
}

/* @node's literal, escaped, between @open and @close. */
static void
append_literal (GString    *out,
                cmark_node *node,
                const char *open,
                const char *close)
{
  g_string_append (out, open);
  pdf_append_escaped (out, cmark_node_get_literal (node));
  g_string_append (out, close);
}

/* @node's children between @open and @close. */
static void
append_wrapped (Pdf        *pdf,
                cmark_node *node,
                GString    *out,
                const char *open,
                const char *close)
{
  g_string_append (out, open);
  pdf_inlines_markup (pdf, node, out);
  g_string_append (out, close);
}

/* A web link is blue and underlined, and clickable (draw_line_links);
 * any other link is its text. */
static void
append_link (Pdf        *pdf,
             cmark_node *node,
             GString    *out)
{
  const char *url = cmark_node_get_url (node);
  PdfLink link = { 0 };

  if (!is_web_link (url))
    {
      pdf_inlines_markup (pdf, node, out);
      return;
    }
  g_string_append (out, "<span foreground=\"#1a5fb4\" underline=\"single\">");
  link.start = markup_text_length (out->str);
  pdf_inlines_markup (pdf, node, out);
  link.end = markup_text_length (out->str);
  g_string_append (out, "</span>");
  link.uri = g_strdup (url);
  g_array_append_val (pdf->pending_links, link);
}

void
pdf_inlines_markup (Pdf        *pdf,
                    cmark_node *node,
                    GString    *out)
{
  for (cmark_node *child = cmark_node_first_child (node); child; child = cmark_node_next (child))
    {
      switch (cmark_node_get_type (child))
        {
        case CMARK_NODE_TEXT:
          pdf_append_escaped (out, cmark_node_get_literal (child));
          break;
        case CMARK_NODE_HTML_INLINE:
          append_raw_html_alt_texts (out, cmark_node_get_literal (child));
          break;
        case CMARK_NODE_SOFTBREAK:
          g_string_append_c (out, ' ');
          break;
        case CMARK_NODE_LINEBREAK:
          g_string_append_c (out, '\n');
          break;
        case CMARK_NODE_CODE:
          append_literal (out, child, "<span font_family=\"DejaVu Sans Mono\" size=\"90%\">", "</span>");
          break;
        case CMARK_NODE_EMPH:
          append_wrapped (pdf, child, out, "<i>", "</i>");
          break;
        case CMARK_NODE_STRONG:
          append_wrapped (pdf, child, out, "<b>", "</b>");
          break;
        case CMARK_NODE_LINK:
          append_link (pdf, child, out);
          break;
        case CMARK_NODE_IMAGE:
          {
            g_autofree char *alt = exporter_node_text (child);

            append_alt_text (out, alt);
          }
          break;
        case CMARK_NODE_FOOTNOTE_REFERENCE:
          /* cmark numbers the notes in the order they are referred to */
          append_literal (out, child, "<sup>", "</sup>");
          break;
        default:
          if (g_strcmp0 (cmark_node_get_type_string (child), "strikethrough") == 0)
            append_wrapped (pdf, child, out, "<s>", "</s>");
          else
            pdf_inlines_markup (pdf, child, out);
          break;
        }
    }
}
