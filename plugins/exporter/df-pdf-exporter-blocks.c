/* df-pdf-exporter-blocks.c: Markdown blocks laid out in the body
 *
 * Paragraphs justified (novels: indented, without space between them;
 * technical books: spaced), headings kept with what follows, code and
 * tables in a grey box, lists with their markers, quotes with a bar, and
 * the chapter's notes after it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter-pdf"

#include "config.h"

#include <string.h>

#include "df-pdf-exporter-private.h"

void
pdf_render_paragraph_markup (Pdf        *pdf,
                             const char *markup,
                             Box         box,
                             double      size,
                             gboolean    indent_first)
{
  PangoLayout *layout = pdf_new_layout (pdf, pdf->serif, size, pdf->text_w - box.left - box.right);

  pango_layout_set_justify (layout, TRUE);
  if (indent_first)
    pango_layout_set_indent (layout, (int) (size * 1.5 * PANGO_SCALE));
  pdf_set_markup (pdf, layout, markup);
  pdf_flow_layout (&pdf->body, layout, pdf->margin + box.left, -1);
}

/* A picture between two half lines, or FALSE (the caller shows the
 * alternative text). */
static gboolean
render_figure (Pdf        *pdf,
               const char *src,
               Box         box)
{
  pdf_flow_space (&pdf->body, pdf->body_size * 0.5);
  if (!pdf_render_image (pdf, src, box))
    return FALSE;
  pdf->body.y += pdf->body_size * 0.5;
  return TRUE;
}

static void
render_heading (Pdf        *pdf,
                cmark_node *node,
                Box         box)
{
  static const double scale[] = { 1.6, 1.35, 1.2, 1.1, 1.0, 1.0 };
  int level = CLAMP (cmark_node_get_heading_level (node), 1, 6);
  double size = pdf->body_size * scale[level - 1];
  g_autoptr(GString) markup = g_string_new ("<b>");
  PangoLayout *layout = pdf_new_layout (pdf, pdf->serif, size, pdf->text_w - box.left - box.right);
  PangoRectangle logical;

  pdf_inlines_markup (pdf, node, markup);
  g_string_append (markup, "</b>");
  pdf_set_markup (pdf, layout, markup->str);
  pango_layout_get_extents (layout, NULL, &logical);

  pdf_flow_space (&pdf->body, size * 0.9);
  /* keep the heading with a few lines of what follows */
  pdf_flow_need (&pdf->body, (double) logical.height / PANGO_SCALE + pdf->body_size * 4);
  pdf_flow_layout (&pdf->body, layout, pdf->margin + box.left, -1);
  pdf->body.y += size * 0.4;
}

static void
render_code (Pdf        *pdf,
             const char *code,
             Box         box,
             gboolean    warning)
{
  g_autofree char *clean = exporter_xml_clean (code ? code : "");
  gsize len = strlen (clean);
  PangoLayout *layout;

  while (len > 0 && clean[len - 1] == '\n')
    clean[--len] = '\0';
  layout = pdf_new_layout (pdf, "DejaVu Sans Mono", pdf->body_size * 0.82,
                       pdf->text_w - box.left - box.right - 6);
  pango_layout_set_wrap (layout, PANGO_WRAP_CHAR);
  pango_layout_set_text (layout, clean, -1);
  if (warning)
    {
      /* a listing the import could not find: bold, in red */
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_foreground_new (0xc0c0, 0x1c1c, 0x2828));
      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
    }
  pdf_flow_space (&pdf->body, pdf->body_size * 0.5);
  pdf_flow_layout (&pdf->body, layout, pdf->margin + box.left + 3, 0.93);
  pdf->body.y += pdf->body_size * 0.5;
}

static void
render_table (Pdf        *pdf,
              cmark_node *table,
              Box         box)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GArray) widths = g_array_new (FALSE, TRUE, sizeof (gsize));
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean header_done = FALSE;

  for (cmark_node *row = cmark_node_first_child (table); row; row = cmark_node_next (row))
    {
      GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);
      guint i = 0;

      for (cmark_node *cell = cmark_node_first_child (row); cell; cell = cmark_node_next (cell), i++)
        {
          char *cell_text = exporter_node_text (cell);
          gsize width = df_text_display_width (cell_text);

          g_ptr_array_add (cells, cell_text);
          if (widths->len <= i)
            g_array_set_size (widths, i + 1);
          g_array_index (widths, gsize, i) = MAX (g_array_index (widths, gsize, i), width);
        }
      g_ptr_array_add (rows, cells);
    }

  for (guint r = 0; r < rows->len; r++)
    {
      GPtrArray *cells = g_ptr_array_index (rows, r);

      for (guint c = 0; c < widths->len; c++)
        {
          const char *cell_text = c < cells->len ? g_ptr_array_index (cells, c) : "";
          gsize pad = g_array_index (widths, gsize, c) - df_text_display_width (cell_text);

          if (c > 0)
            g_string_append (text, " | ");
          g_string_append (text, cell_text);
          if (c + 1 < widths->len)
            for (gsize k = 0; k < pad; k++)
              g_string_append_c (text, ' ');
        }
      g_string_append_c (text, '\n');
      if (!header_done)
        {
          header_done = TRUE;
          for (guint c = 0; c < widths->len; c++)
            {
              if (c > 0)
                g_string_append (text, "-+-");
              for (gsize k = 0; k < g_array_index (widths, gsize, c); k++)
                g_string_append_c (text, '-');
            }
          g_string_append_c (text, '\n');
        }
    }
  render_code (pdf, text->str, box, FALSE);
}

static void
render_list (Pdf        *pdf,
             cmark_node *list,
             Box         box)
{
  gboolean ordered = cmark_node_get_list_type (list) == CMARK_ORDERED_LIST;
  gboolean paren = cmark_node_get_list_delim (list) == CMARK_PAREN_DELIM;
  gboolean tight = cmark_node_get_list_tight (list);
  int number = cmark_node_get_list_start (list);
  double indent = pdf->body_size * 1.8;
  Box inner = { box.left + indent, box.right };

  if (pdf->rtl)
    inner = (Box) { box.left, box.right + indent };
  pdf_flow_space (&pdf->body, pdf->body_size * 0.3);
  for (cmark_node *item = cmark_node_first_child (list); item; item = cmark_node_next (item))
    {
      g_autofree char *marker_text = ordered ? g_strdup_printf ("%d%c", number++, paren ? ')' : '.')
                                             : g_strdup ("•");
      PangoLayout *marker = pdf_new_layout (pdf, pdf->serif, pdf->body_size, indent);

      pango_layout_set_text (marker, marker_text, -1);
      g_clear_object (&pdf->body.marker);
      pdf->body.marker = g_object_ref (marker);
      pdf->body.marker_x = pdf->rtl ? pdf->margin + pdf->text_w - box.right - indent * 0.75
                                    : pdf->margin + box.left + indent * 0.25;
      pdf_render_blocks (pdf, item, inner, tight);
      g_clear_object (&pdf->body.marker);   /* an empty item */
      if (!tight)
        pdf_flow_space (&pdf->body, pdf->body_size * 0.3);
    }
  pdf->body.y += pdf->body_size * 0.3;
}

/* A paragraph of nothing but raw HTML (an <img> over several lines). */
static gboolean
only_raw_html (cmark_node *paragraph)
{
  gboolean html = FALSE;

  for (cmark_node *child = cmark_node_first_child (paragraph); child; child = cmark_node_next (child))
    switch (cmark_node_get_type (child))
      {
      case CMARK_NODE_HTML_INLINE:
        html = TRUE;
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        break;
      case CMARK_NODE_TEXT:
        {
          const char *text = cmark_node_get_literal (child);
          for (; text != NULL && *text; text++)
            if (!g_ascii_isspace (*text))
              return FALSE;
        }
        break;
      default:
        return FALSE;
      }
  return html;
}

/* The images of raw HTML (a block, or a paragraph of inline HTML): each
 * a picture, or its alternative text in italics; the rest is dropped. */
static void
render_html_images (Pdf        *pdf,
                    cmark_node *node,
                    Box         box)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_autoptr(GPtrArray) images = NULL;

  if (cmark_node_get_type (node) == CMARK_NODE_HTML_BLOCK)
    g_string_append (html, cmark_node_get_literal (node) ?: "");
  else
    for (cmark_node *child = cmark_node_first_child (node); child; child = cmark_node_next (child))
      if (cmark_node_get_type (child) == CMARK_NODE_HTML_INLINE)
        g_string_append (html, cmark_node_get_literal (child) ?: "");
      else
        g_string_append_c (html, ' ');

  images = exporter_raw_html_images (html->str);
  for (guint i = 0; images != NULL && i < images->len; i++)
    {
      ExporterRawImage *image = g_ptr_array_index (images, i);

      if (!render_figure (pdf, image->src, box) && *image->alt != '\0')
        {
          g_autoptr(GString) markup = g_string_new ("<i>[");
          pdf_append_escaped (markup, image->alt);
          g_string_append (markup, "]</i>");
          pdf_render_paragraph_markup (pdf, markup->str, box, pdf->body_size, FALSE);
        }
    }
}

/* A paragraph: the picture when it is only an image, the pictures of its
 * raw HTML when it is only that, else its text.  Returns whether it was
 * text, for the spacing of the next one. */
static gboolean
render_paragraph (Pdf        *pdf,
                  cmark_node *node,
                  Box         box,
                  gboolean    tight,
                  gboolean    after_paragraph)
{
  cmark_node *only = cmark_node_first_child (node);
  g_autoptr(GString) markup = NULL;

  if (only != NULL && cmark_node_next (only) == NULL &&
      cmark_node_get_type (only) == CMARK_NODE_IMAGE && pdf->body.marker == NULL &&
      render_figure (pdf, cmark_node_get_url (only), box))
    return FALSE;
  if (only_raw_html (node))
    {
      render_html_images (pdf, node, box);
      return FALSE;
    }

  markup = g_string_new (NULL);
  pdf_inlines_markup (pdf, node, markup);
  if (pdf->technical || !after_paragraph || tight)
    pdf_flow_space (&pdf->body, tight ? pdf->body_size * 0.15 : pdf->body_size * 0.5);
  /* Novels: indented paragraphs without space between them */
  pdf_render_paragraph_markup (pdf, markup->str, box, pdf->body_size,
                               !pdf->technical && after_paragraph && !tight);
  return TRUE;
}

static void
render_block_quote (Pdf        *pdf,
                    cmark_node *node,
                    Box         box)
{
  Box inner = { box.left + pdf->body_size * 1.5, box.right + pdf->body_size * 1.5 };
  Flow *flow = &pdf->body;

  if (flow->quote_depth < (int) G_N_ELEMENTS (flow->quote_x))
    flow->quote_x[flow->quote_depth] = pdf->rtl ? pdf->margin + pdf->text_w - box.right - pdf->body_size * 0.5 - 1.5
                                                : pdf->margin + box.left + pdf->body_size * 0.5;
  flow->quote_depth++;
  pdf_flow_space (flow, pdf->body_size * 0.5);
  pdf_render_blocks (pdf, node, inner, FALSE);
  flow->quote_depth--;
  flow->y += pdf->body_size * 0.5;
}

static void
render_thematic_break (Pdf *pdf,
                       Box  box)
{
  PangoLayout *layout = pdf_new_layout (pdf, pdf->serif, pdf->body_size, pdf->text_w - box.left - box.right);

  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_text (layout, "*   *   *", -1);
  pdf_flow_space (&pdf->body, pdf->body_size);
  pdf_flow_layout (&pdf->body, layout, pdf->margin + box.left, -1);
  pdf->body.y += pdf->body_size;
}

void
pdf_render_blocks (Pdf        *pdf,
                   cmark_node *parent,
                   Box         box,
                   gboolean    tight)
{
  /* A chapter comes in stretches: its paragraphs follow on from one to
   * the next. */
  gboolean top = cmark_node_get_type (parent) == CMARK_NODE_DOCUMENT;
  gboolean after_paragraph = top && pdf->after_paragraph;

  for (cmark_node *node = cmark_node_first_child (parent); node; node = cmark_node_next (node))
    {
      gboolean was_paragraph = after_paragraph;

      after_paragraph = FALSE;
      switch (cmark_node_get_type (node))
        {
        case CMARK_NODE_PARAGRAPH:
          after_paragraph = render_paragraph (pdf, node, box, tight, was_paragraph);
          break;
        case CMARK_NODE_HEADING:
          render_heading (pdf, node, box);
          break;
        case CMARK_NODE_BLOCK_QUOTE:
          render_block_quote (pdf, node, box);
          break;
        case CMARK_NODE_LIST:
          render_list (pdf, node, box);
          break;
        case CMARK_NODE_HTML_BLOCK:
          render_html_images (pdf, node, box);
          break;
        case CMARK_NODE_CODE_BLOCK:
          {
            /* mdBook's hidden lines of Rust code left out */
            g_autofree char *code = df_book_code_shown (cmark_node_get_fence_info (node),
                                                        cmark_node_get_literal (node) ?: "");
            render_code (pdf, code, box,
                         g_strcmp0 (cmark_node_get_fence_info (node), DF_MDBOOK_MISSING_CLASS) == 0);
          }
          break;
        case CMARK_NODE_THEMATIC_BREAK:
          render_thematic_break (pdf, box);
          break;
        case CMARK_NODE_FOOTNOTE_DEFINITION:
          break;   /* after the chapter, numbered */
        default:
          if (g_strcmp0 (cmark_node_get_type_string (node), "table") == 0)
            render_table (pdf, node, box);
          else
            pdf_render_blocks (pdf, node, box, tight);
          break;
        }

      /* Between a chapter's blocks, the pages filled go: a long chapter
       * is never held whole. */
      if (top)
        pdf_flow_flush (pdf, &pdf->body, FALSE);
    }
  if (top)
    pdf->after_paragraph = after_paragraph;
}

/* The chapter's notes after it, in the order they were referred to. */
void
pdf_render_notes (Pdf        *pdf,
                  cmark_node *doc)
{
  g_autoptr(GPtrArray) defs = g_ptr_array_new ();
  PangoLayout *rule;

  /* cmark keeps the notes referred to, at the end, in their numbers' order */
  for (cmark_node *node = cmark_node_first_child (doc); node; node = cmark_node_next (node))
    if (cmark_node_get_type (node) == CMARK_NODE_FOOTNOTE_DEFINITION)
      g_ptr_array_add (defs, node);
  if (defs->len == 0)
    return;

  pdf_flow_space (&pdf->body, pdf->body_size);
  rule = pdf_new_layout (pdf, pdf->serif, pdf->body_size * 0.85, pdf->text_w);
  pango_layout_set_text (rule, "———", -1);
  pdf_flow_layout (&pdf->body, rule, pdf->margin, -1);

  for (guint i = 0; i < defs->len; i++)
    {
      cmark_node *def = g_ptr_array_index (defs, i);
      guint n = i + 1;
      gboolean first = TRUE;

      for (cmark_node *block = cmark_node_first_child (def); block; block = cmark_node_next (block))
        {
          g_autoptr(GString) markup = g_string_new (NULL);

          if (first)
            g_string_append_printf (markup, "<sup>%u</sup> ", n);
          first = FALSE;
          if (cmark_node_get_type (block) == CMARK_NODE_PARAGRAPH)
            pdf_inlines_markup (pdf, block, markup);
          else
            {
              g_autofree char *text = exporter_node_text (block);
              pdf_append_escaped (markup, text);
            }
          pdf_flow_space (&pdf->body, pdf->body_size * 0.2);
          pdf_render_paragraph_markup (pdf, markup->str, (Box) { 0, 0 }, pdf->body_size * 0.85, FALSE);
        }
    }
}
