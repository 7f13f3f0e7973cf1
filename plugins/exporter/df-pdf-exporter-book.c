/* df-pdf-exporter-book.c: parts, chapters, the contents and the outline
 *
 * Every part on a page of its own, every chapter from a new page.  Each
 * is a target: a named destination ("chN", N its place in the exported
 * book from 1; "partN"), an entry in the contents (linked, with its page
 * number in a column of its own) and in the PDF outline, which nests
 * chapters in parts.  The body is laid out before the contents, so that
 * the contents know each chapter's page; their own length does not
 * depend on the numbers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter-pdf"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "df-pdf-exporter-private.h"

void
pdf_target_clear (gpointer data)
{
  Target *target = data;

  g_free (target->dest);
  g_free (target->title);
}

/* A target at the current place of the body; returns its index.  The
 * body is laid out twice (df-pdf-exporter.c): the second time, the
 * targets are those of the first, in the same order. */
static int
add_target (Pdf        *pdf,
            const char *dest,
            const char *title,
            int         parent,
            gboolean    is_part)
{
  int page = pdf_flow_page_index (&pdf->body);
  Op op = { 0 };

  if (pdf->n_placed < pdf->targets->len)
    {
      op.target = (int) pdf->n_placed++;
      if (g_array_index (pdf->targets, Target, op.target).body_page != page)
        g_warning ("%s is on page %d, not %d as laid out before", dest, page,
                   g_array_index (pdf->targets, Target, op.target).body_page);
    }
  else
    {
      Target target = { g_strdup (dest), exporter_xml_clean (title), page, parent, is_part };

      g_array_append_val (pdf->targets, target);
      op.target = (int) pdf->targets->len - 1;
      pdf->n_placed = pdf->targets->len;
    }
  op.kind = OP_DEST;
  op.x = pdf->margin;
  op.y = pdf->body.y;
  pdf_flow_add (&pdf->body, &op);
  return op.target;
}

void
pdf_render_part_page (Pdf    *pdf,
                      DfPart *part,
                      int     index,
                      int    *target)
{
  g_autofree char *dest = g_strdup_printf ("part%d", index);
  PangoLayout *layout = pdf_title_layout (pdf, part->title, pdf->body_size * 2.0, TRUE);

  pdf_flow_new_page (&pdf->body);
  pdf->body.y = pdf->body.top + (pdf->body.bottom - pdf->body.top) * 0.3;
  *target = add_target (pdf, dest, part->title, -1, TRUE);
  pdf_flow_layout (&pdf->body, layout, pdf->margin, -1);
}

void
pdf_render_chapter (Pdf       *pdf,
                    DfChapter *chapter,
                    int        index,
                    int        parent)
{
  g_autofree char *dest = g_strdup_printf ("ch%d", index);
  g_autofree char *title = g_strstrip (g_strdup (chapter->title ? chapter->title : ""));
  PangoLayout *layout = pdf_title_layout (pdf, title, pdf->body_size * 1.7, !pdf->technical);
  ExporterChapterReader reader;
  cmark_node *doc;

  pdf_flow_new_page (&pdf->body);
  if (!pdf->technical)
    pdf->body.y = pdf->body.top + (pdf->body.bottom - pdf->body.top) * 0.12;
  add_target (pdf, dest, title, parent, FALSE);
  pdf_flow_layout (&pdf->body, layout, pdf->margin, -1);
  pdf->body.y += pdf->body_size * 2.0;

  /* A stretch of the chapter at a time; the notes come with the only
   * one (a chapter with notes is never cut). */
  pdf->after_paragraph = FALSE;
  exporter_chapter_reader_init (&reader, chapter, title);
  while ((doc = exporter_chapter_reader_next (&reader)) != NULL)
    {
      pdf_render_blocks (pdf, doc, (Box) { 0, 0 }, FALSE);
      pdf_render_notes (pdf, doc);
      pdf_flow_flush (pdf, &pdf->body, FALSE);
      cmark_node_free (doc);
    }
}

/* One entry of the contents: the title, linked, and its page number on
 * the entry's last line. */
static void
layout_contents_entry (Pdf *pdf,
                       int  index)
{
  Flow *flow = &pdf->toc;
  Target *target = &g_array_index (pdf->targets, Target, index);
  double number_w = pdf->body_size * 3;
  double indent = target->outline_parent >= 0 ? pdf->body_size * 1.5 : 0;
  PangoLayout *layout = pdf_new_layout (pdf, pdf->serif, pdf->body_size,
                                        pdf->text_w - indent - number_w);
  g_autoptr(GString) markup = g_string_new (NULL);
  PangoRectangle logical;
  Op op = { 0 };
  Page *page;
  Op *last;

  if (target->is_part)
    g_string_append (markup, "<b>");
  pdf_append_escaped (markup, target->title);
  if (target->is_part)
    g_string_append (markup, "</b>");
  pdf_set_markup (pdf, layout, markup->str);
  pango_layout_get_extents (layout, NULL, &logical);

  pdf_flow_space (flow, target->is_part ? pdf->body_size * 0.8 : pdf->body_size * 0.25);
  pdf_flow_need (flow, (double) logical.height / PANGO_SCALE);
  op.kind = OP_LINK_BEGIN;
  op.target = index;
  pdf_flow_add (flow, &op);
  /* Right to left: the title from the right, the number at the left. */
  pdf_flow_layout (flow, layout, pdf->rtl ? pdf->margin + number_w : pdf->margin + indent, -1);

  page = pdf_flow_page (flow);
  last = &g_array_index (page->ops, Op, page->ops->len - 1);
  op = (Op) { 0 };
  op.kind = OP_PAGE_NUMBER;
  op.x = pdf->rtl ? pdf->margin + number_w * 0.6 : pdf->margin + pdf->text_w;
  op.y = last->y;
  op.target = index;
  pdf_flow_add (flow, &op);
  op = (Op) { 0 };
  op.kind = OP_LINK_END;
  pdf_flow_add (flow, &op);
}

void
pdf_layout_contents (Pdf *pdf)
{
  Flow *flow = &pdf->toc;
  PangoLayout *heading = pdf_title_layout (pdf, _("Contents"), pdf->body_size * 1.7, FALSE);

  pdf_flow_new_page (flow);
  pdf_flow_layout (flow, heading, pdf->margin, -1);
  flow->y += pdf->body_size * 1.5;

  for (guint i = 0; i < pdf->targets->len; i++)
    layout_contents_entry (pdf, (int) i);
}

void
pdf_add_outline (Pdf             *pdf,
                 cairo_surface_t *surface)
{
  g_autofree int *ids = g_new0 (int, pdf->targets->len);

  for (guint i = 0; i < pdf->targets->len; i++)
    {
      Target *target = &g_array_index (pdf->targets, Target, i);
      g_autofree char *link = g_strdup_printf ("dest='%s'", target->dest);
      int parent = target->outline_parent >= 0 ? ids[target->outline_parent] : CAIRO_PDF_OUTLINE_ROOT;

      ids[i] = cairo_pdf_surface_add_outline (surface, parent, target->title, link,
                                              target->is_part ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
    }
}
