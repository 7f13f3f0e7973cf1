/* df-pdf-exporter.c: the book as a PDF, laid out with Pango and Cairo
 *
 * The book is laid out into pages of positioned lines (every block a
 * PangoLayout at the text width, split between pages line by line), and
 * each page is drawn as soon as it is full, then freed: memory holds a
 * page or two and one chapter's syntax tree, never the whole book's
 * layouts (a chapter of 50 MB took 2.8 GB that way).  The contents come
 * before the body and show each chapter's page, so the body is laid out
 * twice: once to count its pages (each dropped as it fills), once to draw
 * them, after the title page and the contents.  The contents' own length
 * does not depend on the numbers (they sit in a column of their own).
 *
 * Pages: A5 for novels and everything else, A4 for technical books (the
 * "page-size" option, "a4", "a5" or "letter", overrides), 20 mm margins.
 * A title page (option "title-page"), the contents with links, every part
 * on a page of its own, every chapter from a new page, page numbers in the
 * footer but on the title page.  The PDF outline nests chapters in parts;
 * each chapter is the named destination "chN" (N: its place in the
 * exported book, from 1), each part "partN".  Web links (http, https,
 * mailto) are blue, underlined and clickable: a link annotation over the
 * words on each line the link runs over.
 *
 * Images: PNG (Cairo reads it) and SVG (librsvg draws it, as vectors);
 * other images are shown as their alternative text in italics.
 *
 * The pieces are described in df-pdf-exporter-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter-pdf"

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "df-pdf-exporter-private.h"

/* ---- one export ------------------------------------------------------- */

/* The page and the measures that follow from it. */
static gboolean
pdf_set_page_size (Pdf         *pdf,
                   const char  *page_size,
                   GError     **error)
{
  if (g_ascii_strcasecmp (page_size, "a4") == 0)
    pdf->page_w = 210 * MM, pdf->page_h = 297 * MM;
  else if (g_ascii_strcasecmp (page_size, "a5") == 0)
    pdf->page_w = 148 * MM, pdf->page_h = 210 * MM;
  else if (g_ascii_strcasecmp (page_size, "letter") == 0)
    pdf->page_w = 612, pdf->page_h = 792;
  else
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("page-size must be one of a4, a5, letter (got “%s”)"), page_size);
      return FALSE;
    }
  pdf->margin = 20 * MM;
  pdf->text_w = pdf->page_w - 2 * pdf->margin;
  pdf->body_size = pdf->technical ? 10.0 : 10.5;
  pdf->serif = "DejaVu Serif";
  return TRUE;
}

/* Our own font map and context: nothing shared with other threads, and
 * metrics unhinted so that what is measured is what the PDF shows. */
static void
pdf_init_fonts (Pdf        *pdf,
                const char *language)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  pdf->font_map = pango_cairo_font_map_new ();
  pdf->pango = pango_font_map_create_context (pdf->font_map);
  pango_cairo_context_set_resolution (pdf->pango, 72.0);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pdf->pango, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (pdf->pango, FALSE);
  if (language != NULL)
    pango_context_set_language (pdf->pango, pango_language_from_string (language));
}

static gboolean
pdf_init (Pdf              *pdf,
          DfExportContext  *context,
          DfBook           *book,
          const char       *page_size,
          GError          **error)
{
  pdf->context = context;
  pdf->store = df_export_context_get_store (context);
  pdf->book = book;
  if (!pdf_set_page_size (pdf, page_size, error))
    return FALSE;
  pdf_init_fonts (pdf, book->project->language);
  pdf->rtl = exporter_language_is_rtl (book->project->language);
  pdf->layouts = g_ptr_array_new_with_free_func (g_object_unref);
  pdf->images = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  pdf->targets = g_array_new (FALSE, TRUE, sizeof (Target));
  g_array_set_clear_func (pdf->targets, pdf_target_clear);
  pdf->pending_links = g_array_new (FALSE, FALSE, sizeof (PdfLink));
  g_array_set_clear_func (pdf->pending_links, pdf_link_clear);
  pdf_flow_init (&pdf->body, pdf);
  pdf_flow_init (&pdf->toc, pdf);
  return TRUE;
}

static void
pdf_clear (Pdf *pdf)
{
  pdf_flow_clear (&pdf->body);
  pdf_flow_clear (&pdf->toc);
  g_clear_pointer (&pdf->targets, g_array_unref);
  g_clear_pointer (&pdf->pending_links, g_array_unref);
  g_clear_pointer (&pdf->images, g_ptr_array_unref);
  g_clear_pointer (&pdf->layouts, g_ptr_array_unref);
  g_clear_object (&pdf->pango);
  g_clear_object (&pdf->font_map);
}

/* The body's pages as they fill: the first time only counted, ... */
static void
count_page (Pdf  *pdf,
            Page *page)
{
}

/* ... the second time drawn. */
static void
draw_body_page (Pdf  *pdf,
                Page *page)
{
  pdf_draw_page (pdf, pdf->cr, page, pdf->page_number++, pdf->body_offset);
  cairo_show_page (pdf->cr);
}

/* The body, parts and chapters, into pages handed to @sink as they fill:
 * count_page (the first half of the progress) or draw_body_page. */
static gboolean
layout_body (Pdf         *pdf,
             PageSink     sink,
             GError     **error)
{
  gboolean drawing = sink == draw_body_page;
  GCancellable *cancellable = df_export_context_get_cancellable (pdf->context);
  DfBook *book = pdf->book;
  guint n_chapters = book->chapters->len;
  int chapter_index = 0, part_index = 0;

  pdf_flow_clear (&pdf->body);
  pdf_flow_init (&pdf->body, pdf);
  pdf->body.sink = sink;
  pdf->n_placed = 0;

  for (guint s = 0; s < book->sections->len; s++)
    {
      DfBookSection *section = g_ptr_array_index (book->sections, s);
      int parent = -1;

      if (section->part != NULL)
        pdf_render_part_page (pdf, section->part, ++part_index, &parent);

      for (guint c = 0; c < section->chapters->len; c++)
        {
          DfChapter *chapter = g_ptr_array_index (section->chapters, c);
          g_autofree char *message = NULL;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          chapter_index++;
          if (drawing)
            message = g_strdup_printf (_("Drawing chapter %d of %u"), chapter_index, n_chapters);
          else
            message = g_strdup_printf (_("Laying out chapter %d of %u"), chapter_index, n_chapters);
          df_export_context_set_progress (pdf->context,
                                          (drawing ? 0.5 : 0.0) + 0.45 * (chapter_index - 1) / n_chapters,
                                          message);
          pdf_render_chapter (pdf, chapter, chapter_index, parent);
        }
    }
  pdf_flow_flush (pdf, &pdf->body, TRUE);
  return TRUE;
}

/* The title page, the contents, then the body laid out again and drawn
 * page by page. */
static gboolean
draw_pages (Pdf         *pdf,
            cairo_t     *cr,
            const char  *title,
            const char  *author,
            gboolean     title_page,
            GError     **error)
{
  pdf->cr = cr;
  pdf->body_offset = (title_page ? 1 : 0) + (int) pdf->toc.pages->len;
  pdf->page_number = 1;

  if (title_page)
    {
      pdf_draw_title_page (pdf, cr, title, author);
      pdf->page_number++;
    }
  for (guint i = 0; i < pdf->toc.pages->len; i++)
    {
      pdf_draw_page (pdf, cr, g_ptr_array_index (pdf->toc.pages, i), pdf->page_number++, pdf->body_offset);
      cairo_show_page (cr);
    }
  return layout_body (pdf, draw_body_page, error);
}

/* Where Cairo's PDF goes: the output file, written through stdio so
 * that a failed write keeps its reason (Cairo's own file writer says only
 * "error while writing to output stream", whether the disk is full or
 * not). */
typedef struct
{
  FILE *file;
  int   errsv;   /* the first failed write's errno; 0 while all went well */
} PdfSink;

static cairo_status_t
pdf_sink_write (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  PdfSink *sink = closure;

  if (sink->errsv != 0)
    return CAIRO_STATUS_WRITE_ERROR;
  errno = 0;
  if (fwrite (data, 1, length, sink->file) != length)
    {
      sink->errsv = errno != 0 ? errno : EIO;
      return CAIRO_STATUS_WRITE_ERROR;
    }
  return CAIRO_STATUS_SUCCESS;
}

/* Closes the file, keeping the reason of a failed last write. */
static void
pdf_sink_close (PdfSink *sink)
{
  errno = 0;
  if (fclose (sink->file) != 0 && sink->errsv == 0)
    sink->errsv = errno != 0 ? errno : EIO;
  sink->file = NULL;
}

/* Ends the drawing (@cr is destroyed) and writes the file out. */
static gboolean
finish_pdf (cairo_t          *cr,
            cairo_surface_t  *surface,
            PdfSink          *sink,
            const char       *path,
            GError          **error)
{
  cairo_status_t status = cairo_status (cr);

  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  pdf_sink_close (sink);
  if (sink->errsv != 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Could not write the PDF “%s”: %s"),
                   path, g_strerror (sink->errsv));
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_FAILED, _("Could not write the PDF: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/* The laid-out book drawn into the output file, with its metadata and
 * outline. */
static gboolean
write_pdf (Pdf         *pdf,
           const char  *title,
           const char  *author,
           gboolean     title_page,
           GError     **error)
{
  const char *path = df_export_context_get_output_path (pdf->context);
  PdfSink sink = { g_fopen (path, "wb"), 0 };
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean ok = FALSE;

  if (sink.file == NULL)
    {
      int errsv = errno;
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot write the PDF “%s”: %s"),
                   path, g_strerror (errsv));
      return FALSE;
    }
  surface = cairo_pdf_surface_create_for_stream (pdf_sink_write, &sink, pdf->page_w, pdf->page_h);
  cr = cairo_create (surface);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot write the PDF “%s”: %s"),
                   path, cairo_status_to_string (cairo_surface_status (surface)));
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      pdf_sink_close (&sink);
      return FALSE;
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  if (*author != '\0')
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, author);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "DraftForge " PACKAGE_VERSION);

  if (draw_pages (pdf, cr, title, author, title_page, error))
    {
      pdf_add_outline (pdf, surface);
      ok = finish_pdf (cr, surface, &sink, path, error);
    }
  else
    cairo_destroy (cr);
  cairo_surface_destroy (surface);   /* after a failure the host removes the file */
  if (sink.file != NULL)
    pdf_sink_close (&sink);
  return ok;
}

gboolean
df_pdf_exporter_export (DfExporter       *exporter,
                        DfExportContext  *context,
                        GError          **error)
{
  DfBook *book = df_export_context_get_book (context, error);
  const char *page_size;
  g_autofree char *title = NULL;
  g_autofree char *author = NULL;
  gboolean title_page;
  Pdf pdf = { 0 };
  gboolean ok = FALSE;

  if (book == NULL)
    return FALSE;
  pdf.technical = g_strcmp0 (book->project->project_type, "technical-book") == 0;
  page_size = df_export_context_get_option_string (context, "page-size", pdf.technical ? "a4" : "a5");
  if (!pdf_init (&pdf, context, book, page_size, error))
    return FALSE;
  title = exporter_xml_clean (book->project->title);
  author = exporter_xml_clean (df_export_context_get_option_string (context, "author", book->author) ?: "");
  title_page = df_export_context_get_option_bool (context, "title-page", TRUE);

  if (layout_body (&pdf, count_page, error))
    {
      /* 2. the contents, now that the body's pages are known */
      pdf_layout_contents (&pdf);
      ok = write_pdf (&pdf, title, author, title_page, error);
    }
  if (ok)
    df_export_context_log (context, "PDF: %u pages, %u chapters, %s",
                           (title_page ? 1 : 0) + pdf.toc.pages->len + pdf.body.flushed,
                           book->chapters->len, page_size);
  pdf_clear (&pdf);
  return ok;
}
