/* df-pdf-exporter-draw.c: the laid-out pages drawn with Cairo
 *
 * Page numbers in the footer but on the title page; the contents' page
 * numbers, once the pages are known; named destinations and links to
 * them; and over the words of each web link, on every line it runs
 * over, a link annotation to its address.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter-pdf"

#include "config.h"

#include "df-pdf-exporter-private.h"

static void
draw_number (Pdf      *pdf,
             cairo_t  *cr,
             int       number,
             double    x,
             double    baseline,
             gboolean  right,
             gboolean  center)
{
  g_autofree char *text = g_strdup_printf ("%d", number);
  g_autoptr(PangoLayout) layout = pango_layout_new (pdf->pango);
  PangoFontDescription *font = pango_font_description_from_string (pdf->serif);
  PangoRectangle logical;
  double width;

  pango_font_description_set_size (font, (int) (pdf->body_size * 0.9 * PANGO_SCALE));
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_extents (layout, NULL, &logical);
  width = (double) logical.width / PANGO_SCALE;
  if (right)
    x -= width;
  else if (center)
    x -= width / 2;
  cairo_move_to (cr, x, baseline);
  pango_cairo_show_layout_line (cr, pango_layout_get_line_readonly (layout, 0));
}

static int
target_page (Pdf *pdf,
             int  target,
             int  body_offset)
{
  return g_array_index (pdf->targets, Target, target).body_page + body_offset + 1;
}

/* Cairo's attribute strings are single-quoted: backslash the quote and
 * the backslash. */
static void
append_attr_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
}

/* The part of each web link that lies on this line becomes a link
 * annotation over the words. */
static void
draw_line_links (cairo_t  *cr,
                 const Op *op)
{
  PangoLayoutLine *line = op->line;
  GArray *links = g_object_get_data (G_OBJECT (line->layout), "df-links");
  const char *text;
  PangoRectangle logical;

  if (links == NULL)
    return;
  text = pango_layout_get_text (line->layout);
  pango_layout_line_get_extents (line, NULL, &logical);
  for (guint i = 0; i < links->len; i++)
    {
      const PdfLink *link = &g_array_index (links, PdfLink, i);
      int start = MAX (link->start, line->start_index);
      int end = MIN (link->end, line->start_index + line->length);
      int x1, x2, last;
      char xs[G_ASCII_DTOSTR_BUF_SIZE], ys[G_ASCII_DTOSTR_BUF_SIZE];
      char ws[G_ASCII_DTOSTR_BUF_SIZE], hs[G_ASCII_DTOSTR_BUF_SIZE];
      g_autoptr(GString) attrs = g_string_new (NULL);

      if (start >= end)
        continue;
      last = g_utf8_prev_char (text + end) - text;
      pango_layout_line_index_to_x (line, start, FALSE, &x1);
      pango_layout_line_index_to_x (line, last, TRUE, &x2);
      if (x2 < x1)   /* right to left */
        {
          int t = x1;
          x1 = x2;
          x2 = t;
        }
      g_ascii_dtostr (xs, sizeof xs, op->x + (double) x1 / PANGO_SCALE);
      g_ascii_dtostr (ys, sizeof ys, op->y + (double) logical.y / PANGO_SCALE);
      g_ascii_dtostr (ws, sizeof ws, (double) (x2 - x1) / PANGO_SCALE);
      g_ascii_dtostr (hs, sizeof hs, (double) logical.height / PANGO_SCALE);
      g_string_append_printf (attrs, "rect=[%s %s %s %s] uri=", xs, ys, ws, hs);
      append_attr_string (attrs, link->uri);
      cairo_tag_begin (cr, CAIRO_TAG_LINK, attrs->str);
      cairo_tag_end (cr, CAIRO_TAG_LINK);
    }
}

static void
draw_image (cairo_t  *cr,
            const Op *op)
{
  cairo_save (cr);
  cairo_translate (cr, op->x, op->y);
  cairo_scale (cr, op->w / op->iw, op->h / op->ih);
  cairo_set_source_surface (cr, op->image, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
}

static void
draw_dest (Pdf      *pdf,
           cairo_t  *cr,
           const Op *op)
{
  g_autofree char *attrs = NULL;
  char xs[G_ASCII_DTOSTR_BUF_SIZE], ys[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (xs, sizeof xs, op->x);
  g_ascii_dtostr (ys, sizeof ys, op->y);
  attrs = g_strdup_printf ("name='%s' x=%s y=%s",
                           g_array_index (pdf->targets, Target, op->target).dest, xs, ys);
  cairo_tag_begin (cr, CAIRO_TAG_DEST, attrs);
  cairo_tag_end (cr, CAIRO_TAG_DEST);
}

static void
draw_op (Pdf      *pdf,
         cairo_t  *cr,
         const Op *op,
         int       body_offset)
{
  switch (op->kind)
    {
    case OP_LINE:
      cairo_move_to (cr, op->x, op->y);
      pango_cairo_show_layout_line (cr, op->line);
      draw_line_links (cr, op);
      break;
    case OP_RECT:
      cairo_save (cr);
      cairo_set_source_rgb (cr, op->grey, op->grey, op->grey);
      cairo_rectangle (cr, op->x, op->y, op->w, op->h);
      cairo_fill (cr);
      cairo_restore (cr);
      break;
    case OP_IMAGE:
      draw_image (cr, op);
      break;
    case OP_DEST:
      draw_dest (pdf, cr, op);
      break;
    case OP_LINK_BEGIN:
      {
        g_autofree char *attrs = g_strdup_printf ("dest='%s'",
                                                  g_array_index (pdf->targets, Target, op->target).dest);
        cairo_tag_begin (cr, CAIRO_TAG_LINK, attrs);
      }
      break;
    case OP_LINK_END:
      cairo_tag_end (cr, CAIRO_TAG_LINK);
      break;
    case OP_PAGE_NUMBER:
      draw_number (pdf, cr, target_page (pdf, op->target, body_offset), op->x, op->y, TRUE, FALSE);
      break;
    default:
      g_assert_not_reached ();
    }
}

void
pdf_draw_page (Pdf     *pdf,
               cairo_t *cr,
               Page    *page,
               int      page_number,
               int      body_offset)
{
  for (guint i = 0; i < page->ops->len; i++)
    draw_op (pdf, cr, &g_array_index (page->ops, Op, i), body_offset);

  if (page->numbered)
    draw_number (pdf, cr, page_number, pdf->page_w / 2, pdf->page_h - pdf->margin, FALSE, TRUE);
}

/* The title page: its own flow of one page, drawn at once. */
void
pdf_draw_title_page (Pdf        *pdf,
                     cairo_t    *cr,
                     const char *title,
                     const char *author)
{
  Flow flow;
  PangoLayout *layout = pdf_title_layout (pdf, title, pdf->body_size * 2.4, TRUE);
  Page *page;

  pdf_flow_init (&flow, pdf);
  pdf_flow_new_page (&flow);
  flow.y = flow.top + (flow.bottom - flow.top) * 0.25;
  pdf_flow_layout (&flow, layout, pdf->margin, -1);

  if (author != NULL && *author != '\0')
    {
      g_autoptr(GString) markup = g_string_new (NULL);

      flow.y += pdf->body_size * 3;
      layout = pdf_new_layout (pdf, pdf->serif, pdf->body_size * 1.4, pdf->text_w);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      pdf_append_escaped (markup, author);
      pdf_set_markup (pdf, layout, markup->str);
      pdf_flow_layout (&flow, layout, pdf->margin, -1);
    }

  page = g_ptr_array_index (flow.pages, 0);
  page->numbered = FALSE;
  pdf_draw_page (pdf, cr, page, 1, 0);
  cairo_show_page (cr);
  pdf_flow_clear (&flow);
}
