/* df-pdf-exporter-images.c: the images of a PDF
 *
 * PNG (Cairo reads it) and SVG (librsvg draws it into a recording
 * surface, so that it stays vectors in the PDF); other images are shown
 * as their alternative text.  96 pixels to the inch, shrunk to fit the
 * text block.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter-pdf"

#include "config.h"

#include <librsvg/rsvg.h>

#include "df-pdf-exporter-private.h"

static cairo_status_t
png_read_func (void          *closure,
               unsigned char *data,
               unsigned int   length)
{
  GInputStream *in = closure;
  gsize done = 0;

  if (g_input_stream_read_all (in, data, length, &done, NULL, NULL) && done == length)
    return CAIRO_STATUS_SUCCESS;
  return CAIRO_STATUS_READ_ERROR;
}

/* The size to draw an SVG at, in pixels at 96 dpi: its own, or with only
 * a viewBox, as wide as the text allows, in proportion.  FALSE when it
 * has none. */
static gboolean
svg_size (Pdf        *pdf,
          const char *src,
          RsvgHandle *handle,
          double     *width,
          double     *height)
{
  rsvg_handle_set_dpi (handle, 96);
  if (!rsvg_handle_get_intrinsic_size_in_pixels (handle, width, height))
    {
      gboolean has_viewbox = FALSE;
      RsvgRectangle viewbox;

      rsvg_handle_get_intrinsic_dimensions (handle, NULL, NULL, NULL, NULL, &has_viewbox, &viewbox);
      if (!has_viewbox || viewbox.width <= 0 || viewbox.height <= 0)
        {
          df_export_context_log (pdf->context, "Image %s has no size: shown as its text", src);
          return FALSE;
        }
      *width = pdf->text_w / 0.75;
      *height = *width * viewbox.height / viewbox.width;
    }
  return *width >= 1 && *height >= 1;
}

/* An SVG drawn by librsvg into a recording surface, so that it stays
 * vectors (and its text text) in the PDF; NULL if it cannot be drawn. */
static cairo_surface_t *
svg_draw (Pdf           *pdf,
          const char    *src,
          RsvgHandle    *handle,
          RsvgRectangle *viewport)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA,
                                            &(cairo_rectangle_t) { 0, 0, viewport->width, viewport->height });
  cr = cairo_create (surface);
  if (!rsvg_handle_render_document (handle, cr, viewport, &error))
    {
      df_export_context_log (pdf->context, "Image %s could not be drawn (%s): shown as its text", src, error->message);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_destroy (cr);
  return surface;
}

/* Read from data alone, an SVG cannot load anything outside it. */
static cairo_surface_t *
svg_surface (Pdf        *pdf,
             const char *src,
             GBytes     *bytes,
             double     *width,
             double     *height)
{
  g_autoptr(GError) error = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  RsvgHandle *handle = rsvg_handle_new_from_data (data, size, &error);
  cairo_surface_t *surface = NULL;

  if (handle == NULL)
    {
      df_export_context_log (pdf->context, "Image %s is not a readable SVG (%s): shown as its text", src, error->message);
      return NULL;
    }
  if (svg_size (pdf, src, handle, width, height))
    surface = svg_draw (pdf, src, handle, &(RsvgRectangle) { 0, 0, *width, *height });
  g_object_unref (handle);
  return surface;
}

/* A PNG read by Cairo, or NULL. */
static cairo_surface_t *
png_surface (GBytes *bytes,
             double *width,
             double *height)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (bytes);
  cairo_surface_t *surface = cairo_image_surface_create_from_png_stream (png_read_func, in);

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  *width = cairo_image_surface_get_width (surface);
  *height = cairo_image_surface_get_height (surface);
  return surface;
}

/* The image @src of the project as a surface kept in pdf->images, with
 * its own size; NULL when it cannot be drawn. */
static cairo_surface_t *
image_surface (Pdf        *pdf,
               const char *src,
               double     *width,
               double     *height)
{
  g_autofree char *mime = NULL;
  g_autoptr(GBytes) bytes = NULL;
  cairo_surface_t *surface;

  if (src == NULL || *src == '\0')
    return NULL;
  bytes = df_book_get_asset (pdf->store, pdf->book, src, &mime, NULL);
  if (bytes == NULL)
    return NULL;
  if (g_strcmp0 (mime, "image/svg+xml") == 0)
    surface = svg_surface (pdf, src, bytes, width, height);
  else if (g_strcmp0 (mime, "image/png") == 0)
    {
      surface = png_surface (bytes, width, height);
      if (surface == NULL)
        df_export_context_log (pdf->context, "Image %s is not a readable PNG: shown as its text", src);
    }
  else
    {
      df_export_context_log (pdf->context, "Image %s (%s) shown as its text: PNG and SVG go into a PDF",
                             src, mime ? mime : "unknown type");
      return NULL;
    }
  if (surface != NULL)
    g_ptr_array_add (pdf->images, surface);
  return surface;
}

gboolean
pdf_render_image (Pdf        *pdf,
                  const char *src,
                  Box         box)
{
  double iw, ih, w, h, max_w, max_h;
  cairo_surface_t *surface = image_surface (pdf, src, &iw, &ih);
  Op op = { 0 };

  if (surface == NULL)
    return FALSE;

  /* 96 pixels to the inch, shrunk to fit the text block */
  w = iw * 0.75;
  h = ih * 0.75;
  max_w = pdf->text_w - box.left - box.right;
  max_h = (pdf->body.bottom - pdf->body.top) * 0.8;
  if (w > max_w)
    {
      h *= max_w / w;
      w = max_w;
    }
  if (h > max_h)
    {
      w *= max_h / h;
      h = max_h;
    }
  if (w < 1 || h < 1)
    return FALSE;

  pdf_flow_need (&pdf->body, h);
  op.kind = OP_IMAGE;
  op.x = pdf->margin + box.left + (max_w - w) / 2;
  op.y = pdf->body.y;
  op.w = w;
  op.h = h;
  op.iw = iw;
  op.ih = ih;
  op.image = surface;
  pdf_flow_add (&pdf->body, &op);
  pdf->body.y += h;
  pdf->body.page_empty = FALSE;
  return TRUE;
}
