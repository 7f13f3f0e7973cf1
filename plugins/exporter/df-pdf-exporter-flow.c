/* df-pdf-exporter-flow.c: pages of positioned lines, and the layouts on them
 *
 * A flow is a run of pages (the body, or the contents) filled from the
 * top: every block a PangoLayout at the text width, split between pages
 * line by line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter-pdf"

#include "config.h"

#include <string.h>

#include "df-pdf-exporter-private.h"

void
pdf_link_clear (gpointer data)
{
  PdfLink *link = data;

  g_free (link->uri);
}

static void
page_free (gpointer data)
{
  Page *page = data;

  for (guint i = 0; i < page->ops->len; i++)
    {
      Op *op = &g_array_index (page->ops, Op, i);

      if (op->kind == OP_LINE)
        g_object_unref (op->line->layout);
      else if (op->kind == OP_IMAGE)
        cairo_surface_destroy (op->image);
    }
  g_array_unref (page->ops);
  g_free (page);
}

void
pdf_flow_init (Flow *flow,
               Pdf  *pdf)
{
  memset (flow, 0, sizeof *flow);
  flow->pages = g_ptr_array_new_with_free_func (page_free);
  flow->top = pdf->margin;
  flow->bottom = pdf->page_h - pdf->margin - 14.0; /* room for the page number */
  flow->page_empty = TRUE;
}

void
pdf_flow_clear (Flow *flow)
{
  g_clear_pointer (&flow->pages, g_ptr_array_unref);
  g_clear_object (&flow->marker);
}

void
pdf_flow_new_page (Flow *flow)
{
  Page *page = g_new0 (Page, 1);

  page->ops = g_array_new (FALSE, TRUE, sizeof (Op));
  page->numbered = TRUE;
  g_ptr_array_add (flow->pages, page);
  flow->y = flow->top;
  flow->page_empty = TRUE;
}

Page *
pdf_flow_page (Flow *flow)
{
  if (flow->pages->len == 0)
    pdf_flow_new_page (flow);
  return g_ptr_array_index (flow->pages, flow->pages->len - 1);
}

int
pdf_flow_page_index (Flow *flow)
{
  return flow->flushed + (int) flow->pages->len - 1;
}

/* A page holds what its lines and images need to be drawn. */
void
pdf_flow_add (Flow     *flow,
              const Op *op)
{
  if (op->kind == OP_LINE)
    g_object_ref (op->line->layout);
  else if (op->kind == OP_IMAGE)
    cairo_surface_reference (op->image);
  g_array_append_vals (pdf_flow_page (flow)->ops, op, 1);
}

void
pdf_flow_flush (Pdf      *pdf,
                Flow     *flow,
                gboolean  all)
{
  guint n;

  if (flow->sink == NULL)
    return;

  n = all ? flow->pages->len : MAX (flow->pages->len, 1) - 1;
  for (guint i = 0; i < n; i++)
    flow->sink (pdf, g_ptr_array_index (flow->pages, i));
  g_ptr_array_remove_range (flow->pages, 0, n);
  flow->flushed += (int) n;

  /* What was made since the last flush is placed by now: the pages
   * left hold what they need. */
  g_ptr_array_set_size (pdf->layouts, 0);
  g_ptr_array_set_size (pdf->images, 0);
}

/* Starts a new page unless @height still fits on this one. */
void
pdf_flow_need (Flow  *flow,
               double height)
{
  if (flow->pages->len == 0)
    pdf_flow_new_page (flow);
  else if (!flow->page_empty && flow->y + height > flow->bottom)
    pdf_flow_new_page (flow);
}

void
pdf_flow_space (Flow  *flow,
                double space)
{
  if (!flow->page_empty)
    flow->y += space;
}

/* Places the lines of @layout at @x, splitting it between pages.
 * @background: grey behind each line (code), or < 0. */
void
pdf_flow_layout (Flow        *flow,
                 PangoLayout *layout,
                 double       x,
                 double       background)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  gboolean first = TRUE;

  do
    {
      PangoRectangle logical;
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      double height, baseline;
      Op op = { 0 };

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      height = (double) logical.height / PANGO_SCALE;
      baseline = (double) (pango_layout_iter_get_baseline (iter) - logical.y) / PANGO_SCALE;

      pdf_flow_need (flow, height);
      if (flow->pages->len == 0)
        pdf_flow_new_page (flow);

      if (background >= 0)
        {
          op.kind = OP_RECT;
          op.x = x - 3;
          op.y = flow->y;
          op.w = (double) pango_layout_get_width (layout) / PANGO_SCALE + 6;
          op.h = height;
          op.grey = background;
          pdf_flow_add (flow, &op);
        }
      for (int q = 0; q < flow->quote_depth && q < (int) G_N_ELEMENTS (flow->quote_x); q++)
        {
          Op bar = { OP_RECT, flow->quote_x[q], flow->y, 1.5, height, NULL, NULL, 0.6, 0 };
          pdf_flow_add (flow, &bar);
        }

      op = (Op) { 0 };
      op.kind = OP_LINE;
      op.x = x + (double) logical.x / PANGO_SCALE;
      op.y = flow->y + baseline;
      op.line = line;
      pdf_flow_add (flow, &op);

      if (first && flow->marker != NULL)
        {
          Op mark = { 0 };
          mark.kind = OP_LINE;
          mark.x = flow->marker_x;
          mark.y = op.y;
          mark.line = pango_layout_get_line_readonly (flow->marker, 0);
          pdf_flow_add (flow, &mark);
          g_clear_object (&flow->marker);   /* kept alive in pdf->layouts */
        }
      first = FALSE;

      flow->y += height;
      flow->page_empty = FALSE;
    }
  while (pango_layout_iter_next_line (iter));

  pango_layout_iter_free (iter);
}

/* ---- layouts --------------------------------------------------------- */

PangoLayout *
pdf_new_layout (Pdf        *pdf,
                const char *family,
                double      size,
                double      width)
{
  PangoLayout *layout = pango_layout_new (pdf->pango);
  PangoFontDescription *font = pango_font_description_from_string (family);

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  g_ptr_array_add (pdf->layouts, layout);
  return layout;
}

/* Sets @markup on @layout; the web links pdf_inlines_markup () found in it go
 * with the layout, for draw_line_links (). */
void
pdf_set_markup (Pdf         *pdf,
                PangoLayout *layout,
                const char  *markup)
{
  PangoAttrList *attrs = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (pango_parse_markup (markup, -1, 0, &attrs, &text, NULL, &error))
    {
      pango_layout_set_text (layout, text, -1);
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
      if (pdf->pending_links->len > 0)
        {
          GArray *links = pdf->pending_links;

          pdf->pending_links = g_array_new (FALSE, FALSE, sizeof (PdfLink));
          g_array_set_clear_func (pdf->pending_links, pdf_link_clear);
          g_object_set_data_full (G_OBJECT (layout), "df-links", links, (GDestroyNotify) g_array_unref);
        }
    }
  else
    {
      /* Cannot happen with escaped text; show the markup rather than nothing. */
      g_warning ("Could not lay out a paragraph: %s", error->message);
      pango_layout_set_text (layout, markup, -1);
      g_array_set_size (pdf->pending_links, 0);
    }
}

PangoLayout *
pdf_title_layout (Pdf        *pdf,
                  const char *title,
                  double      size,
                  gboolean    center)
{
  PangoLayout *layout = pdf_new_layout (pdf, pdf->serif, size, pdf->text_w);
  g_autoptr(GString) markup = g_string_new ("<b>");

  pdf_append_escaped (markup, title);
  g_string_append (markup, "</b>");
  if (center)
    pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pdf_set_markup (pdf, layout, markup->str);
  return layout;
}
