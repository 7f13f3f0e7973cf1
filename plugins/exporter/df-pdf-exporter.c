/* df-pdf-exporter.c: the book as a PDF, laid out with Pango and Cairo
 *
 * The book is laid out once into pages of positioned lines (every block a
 * PangoLayout at the text width, split between pages line by line), then
 * drawn.  The body is laid out before the table of contents so that the
 * contents know each chapter's page; the contents' own length does not
 * depend on the numbers (they sit in a column of their own).
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
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter-pdf"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <string.h>

#include <librsvg/rsvg.h>

#include "exporter-types.h"
#include "exporter-util.h"

#define MM (72.0 / 25.4)

struct _DfPdfExporter
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE_WITH_CODE (DfPdfExporter, df_pdf_exporter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DF_TYPE_EXPORTER, exporter_iface_init))

/* ---- pages of positioned things ------------------------------------- */

typedef enum
{
  OP_LINE,         /* a PangoLayoutLine, at its baseline */
  OP_RECT,         /* a grey rectangle (code background, quote bar) */
  OP_IMAGE,        /* a PNG, scaled to w x h */
  OP_DEST,         /* a named destination at (x, y) */
  OP_LINK_BEGIN,   /* what follows up to OP_LINK_END links to dest */
  OP_LINK_END,
  OP_PAGE_NUMBER,  /* the page of target, right-aligned at x */
} OpKind;

typedef struct
{
  OpKind            kind;
  double            x, y, w, h;
  PangoLayoutLine  *line;     /* OP_LINE, not owned (the layout is kept) */
  cairo_surface_t  *image;    /* OP_IMAGE, owned by the document: a PNG's image
                               * surface or an SVG's recording surface */
  double            iw, ih;   /* OP_IMAGE: the image's own size */
  double            grey;     /* OP_RECT */
  int               target;   /* OP_LINK_BEGIN, OP_DEST, OP_PAGE_NUMBER: index into targets */
} Op;

typedef struct
{
  GArray *ops;               /* Op */
  gboolean numbered;
} Page;

typedef struct
{
  char *dest;                /* "ch3", "part1" */
  char *title;
  int   body_page;           /* index into the body's pages */
  int   outline_parent;      /* index of the part's target, or -1 */
  gboolean is_part;
} Target;

typedef struct
{
  GPtrArray *pages;          /* Page* */
  double     y;              /* where the next thing goes on the last page */
  double     top, bottom;
  gboolean   page_empty;
  /* a list item's marker waiting for the item's first line */
  PangoLayout *marker;
  double       marker_x;
  int          quote_depth;
  double       quote_x[16];
} Flow;

typedef struct
{
  DfExportContext *context;
  DfStore         *store;
  DfBook          *book;
  PangoContext    *pango;
  GPtrArray       *layouts;  /* every layout whose lines are placed */
  GPtrArray       *images;   /* cairo_surface_t* */
  GArray          *targets;  /* Target */
  double           page_w, page_h, margin;
  double           text_w;
  double           body_size;
  gboolean         technical;
  const char      *serif;
  Flow             body;
  Flow             toc;
  GArray          *pending_links;   /* PdfLink: web links of the markup being built */
} Pdf;

/* A web link in a layout's text: bytes [start, end) of pango_layout_get_text. */
typedef struct
{
  int   start, end;
  char *uri;
} PdfLink;

static void
pdf_link_clear (gpointer data)
{
  PdfLink *link = data;

  g_free (link->uri);
}

static void
page_free (gpointer data)
{
  Page *page = data;
  g_array_unref (page->ops);
  g_free (page);
}

static void
flow_init (Flow *flow, Pdf *pdf)
{
  memset (flow, 0, sizeof *flow);
  flow->pages = g_ptr_array_new_with_free_func (page_free);
  flow->top = pdf->margin;
  flow->bottom = pdf->page_h - pdf->margin - 14.0; /* room for the page number */
  flow->page_empty = TRUE;
}

static void
flow_clear (Flow *flow)
{
  g_clear_pointer (&flow->pages, g_ptr_array_unref);
  g_clear_object (&flow->marker);
}

static void
flow_new_page (Flow *flow)
{
  Page *page = g_new0 (Page, 1);

  page->ops = g_array_new (FALSE, TRUE, sizeof (Op));
  page->numbered = TRUE;
  g_ptr_array_add (flow->pages, page);
  flow->y = flow->top;
  flow->page_empty = TRUE;
}

static Page *
flow_page (Flow *flow)
{
  if (flow->pages->len == 0)
    flow_new_page (flow);
  return g_ptr_array_index (flow->pages, flow->pages->len - 1);
}

static void
flow_add (Flow *flow, const Op *op)
{
  g_array_append_vals (flow_page (flow)->ops, op, 1);
}

/* Starts a new page unless @height still fits on this one. */
static void
flow_need (Flow *flow, double height)
{
  if (flow->pages->len == 0)
    flow_new_page (flow);
  else if (!flow->page_empty && flow->y + height > flow->bottom)
    flow_new_page (flow);
}

static void
flow_space (Flow *flow, double space)
{
  if (!flow->page_empty)
    flow->y += space;
}

/* Places the lines of @layout at @x, splitting it between pages.
 * @background: grey behind each line (code), or < 0. */
static void
flow_layout (Flow        *flow,
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

      flow_need (flow, height);
      if (flow->pages->len == 0)
        flow_new_page (flow);

      if (background >= 0)
        {
          op.kind = OP_RECT;
          op.x = x - 3;
          op.y = flow->y;
          op.w = (double) pango_layout_get_width (layout) / PANGO_SCALE + 6;
          op.h = height;
          op.grey = background;
          flow_add (flow, &op);
        }
      for (int q = 0; q < flow->quote_depth && q < (int) G_N_ELEMENTS (flow->quote_x); q++)
        {
          Op bar = { OP_RECT, flow->quote_x[q], flow->y, 1.5, height, NULL, NULL, 0.6, 0 };
          flow_add (flow, &bar);
        }

      op = (Op) { 0 };
      op.kind = OP_LINE;
      op.x = x + (double) logical.x / PANGO_SCALE;
      op.y = flow->y + baseline;
      op.line = line;
      flow_add (flow, &op);

      if (first && flow->marker != NULL)
        {
          Op mark = { 0 };
          mark.kind = OP_LINE;
          mark.x = flow->marker_x;
          mark.y = op.y;
          mark.line = pango_layout_get_line_readonly (flow->marker, 0);
          flow_add (flow, &mark);
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

static PangoLayout *
new_layout (Pdf        *pdf,
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

/* Sets @markup on @layout; the web links inlines_markup () found in it go
 * with the layout, for draw_line_links (). */
static void
set_markup (Pdf         *pdf,
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

static void
append_escaped (GString *out, const char *text)
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


/* Pango markup for the inline children of @node. */
static void
inlines_markup (Pdf *pdf, cmark_node *node, GString *out)
{
  for (cmark_node *child = cmark_node_first_child (node); child; child = cmark_node_next (child))
    {
      const char *type = cmark_node_get_type_string (child);

      switch (cmark_node_get_type (child))
        {
        case CMARK_NODE_TEXT:
          append_escaped (out, cmark_node_get_literal (child));
          break;
        case CMARK_NODE_HTML_INLINE:
          {
            g_autoptr(GPtrArray) images = exporter_raw_html_images (cmark_node_get_literal (child));

            for (guint i = 0; images != NULL && i < images->len; i++)
              {
                ExporterRawImage *image = g_ptr_array_index (images, i);
                g_string_append (out, "<i>[");
                append_escaped (out, image->alt);
                g_string_append (out, "]</i>");
              }
          }
          break;
        case CMARK_NODE_SOFTBREAK:
          g_string_append_c (out, ' ');
          break;
        case CMARK_NODE_LINEBREAK:
          g_string_append_c (out, '\n');
          break;
        case CMARK_NODE_CODE:
          g_string_append (out, "<span font_family=\"DejaVu Sans Mono\" size=\"90%\">");
          append_escaped (out, cmark_node_get_literal (child));
          g_string_append (out, "</span>");
          break;
        case CMARK_NODE_EMPH:
          g_string_append (out, "<i>");
          inlines_markup (pdf, child, out);
          g_string_append (out, "</i>");
          break;
        case CMARK_NODE_STRONG:
          g_string_append (out, "<b>");
          inlines_markup (pdf, child, out);
          g_string_append (out, "</b>");
          break;
        case CMARK_NODE_LINK:
          if (is_web_link (cmark_node_get_url (child)))
            {
              /* Blue and underlined, and clickable (draw_line_links). */
              PdfLink link = { 0 };

              g_string_append (out, "<span foreground=\"#1a5fb4\" underline=\"single\">");
              link.start = markup_text_length (out->str);
              inlines_markup (pdf, child, out);
              link.end = markup_text_length (out->str);
              g_string_append (out, "</span>");
              link.uri = g_strdup (cmark_node_get_url (child));
              g_array_append_val (pdf->pending_links, link);
            }
          else
            inlines_markup (pdf, child, out);
          break;
        case CMARK_NODE_IMAGE:
          {
            g_autofree char *alt = exporter_node_text (child);
            g_string_append (out, "<i>[");
            append_escaped (out, alt);
            g_string_append (out, "]</i>");
          }
          break;
        case CMARK_NODE_FOOTNOTE_REFERENCE:
          /* cmark numbers the notes in the order they are referred to */
          g_string_append (out, "<sup>");
          append_escaped (out, cmark_node_get_literal (child));
          g_string_append (out, "</sup>");
          break;
        default:
          if (g_strcmp0 (type, "strikethrough") == 0)
            {
              g_string_append (out, "<s>");
              inlines_markup (pdf, child, out);
              g_string_append (out, "</s>");
            }
          else
            inlines_markup (pdf, child, out);
          break;
        }
    }
}

/* ---- blocks ---------------------------------------------------------- */

typedef struct
{
  double left;               /* indent from the left margin */
  double right;
} Box;

static void render_blocks (Pdf *pdf, cmark_node *parent, Box box, gboolean tight);

static void
render_paragraph_markup (Pdf        *pdf,
                         const char *markup,
                         Box         box,
                         double      size,
                         gboolean    indent_first)
{
  PangoLayout *layout = new_layout (pdf, pdf->serif, size, pdf->text_w - box.left - box.right);

  pango_layout_set_justify (layout, TRUE);
  if (indent_first)
    pango_layout_set_indent (layout, (int) (size * 1.5 * PANGO_SCALE));
  set_markup (pdf, layout, markup);
  flow_layout (&pdf->body, layout, pdf->margin + box.left, -1);
}

static cairo_status_t
png_read_func (void *closure, unsigned char *data, unsigned int length)
{
  GInputStream *in = closure;
  gsize done = 0;

  if (g_input_stream_read_all (in, data, length, &done, NULL, NULL) && done == length)
    return CAIRO_STATUS_SUCCESS;
  return CAIRO_STATUS_READ_ERROR;
}

/* A paragraph that is only an image: the picture if it is a PNG of the
 * project's, else FALSE (the caller shows the alternative text). */
/* An SVG drawn by librsvg into a recording surface, so that it stays
 * vectors (and its text text) in the PDF; NULL if it cannot be drawn. */
static cairo_surface_t *
svg_render (Pdf        *pdf,
            const char *src,
            RsvgHandle *handle,
            double     *width,
            double     *height)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  RsvgRectangle viewport = { 0 };

  rsvg_handle_set_dpi (handle, 96);
  if (!rsvg_handle_get_intrinsic_size_in_pixels (handle, width, height))
    {
      gboolean has_viewbox = FALSE;
      RsvgRectangle viewbox;

      /* Only a viewBox: as wide as the text allows, in proportion. */
      rsvg_handle_get_intrinsic_dimensions (handle, NULL, NULL, NULL, NULL, &has_viewbox, &viewbox);
      if (!has_viewbox || viewbox.width <= 0 || viewbox.height <= 0)
        {
          df_export_context_log (pdf->context, "Image %s has no size: shown as its text", src);
          return NULL;
        }
      *width = pdf->text_w / 0.75;
      *height = *width * viewbox.height / viewbox.width;
    }
  if (*width < 1 || *height < 1)
    return NULL;

  viewport.width = *width;
  viewport.height = *height;
  surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA,
                                            &(cairo_rectangle_t) { 0, 0, *width, *height });
  cr = cairo_create (surface);
  if (!rsvg_handle_render_document (handle, cr, &viewport, &error))
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
  RsvgHandle *handle;
  cairo_surface_t *surface;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  handle = rsvg_handle_new_from_data (data, size, &error);
  if (handle == NULL)
    {
      df_export_context_log (pdf->context, "Image %s is not a readable SVG (%s): shown as its text", src, error->message);
      return NULL;
    }
  surface = svg_render (pdf, src, handle, width, height);
  g_object_unref (handle);
  return surface;
}

static gboolean
render_image (Pdf *pdf, const char *src, Box box)
{
  g_autofree char *mime = NULL;
  g_autoptr(GBytes) bytes = NULL;
  cairo_surface_t *surface;
  double iw, ih, w, h, max_w, max_h;
  Op op = { 0 };

  if (src == NULL || *src == '\0')
    return FALSE;
  bytes = df_book_get_asset (pdf->store, pdf->book, src, &mime, NULL);
  if (bytes == NULL)
    return FALSE;
  if (g_strcmp0 (mime, "image/svg+xml") == 0)
    {
      surface = svg_surface (pdf, src, bytes, &iw, &ih);
      if (surface == NULL)
        return FALSE;
    }
  else if (g_strcmp0 (mime, "image/png") == 0)
    {
      g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (bytes);

      surface = cairo_image_surface_create_from_png_stream (png_read_func, in);
      if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
        {
          df_export_context_log (pdf->context, "Image %s is not a readable PNG: shown as its text", src);
          cairo_surface_destroy (surface);
          return FALSE;
        }
      iw = cairo_image_surface_get_width (surface);
      ih = cairo_image_surface_get_height (surface);
    }
  else
    {
      df_export_context_log (pdf->context, "Image %s (%s) shown as its text: PNG and SVG go into a PDF",
                             src, mime ? mime : "unknown type");
      return FALSE;
    }
  g_ptr_array_add (pdf->images, surface);

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

  flow_need (&pdf->body, h);
  op.kind = OP_IMAGE;
  op.x = pdf->margin + box.left + (max_w - w) / 2;
  op.y = pdf->body.y;
  op.w = w;
  op.h = h;
  op.iw = iw;
  op.ih = ih;
  op.image = surface;
  flow_add (&pdf->body, &op);
  pdf->body.y += h;
  pdf->body.page_empty = FALSE;
  return TRUE;
}

static void
render_heading (Pdf *pdf, cmark_node *node, Box box)
{
  static const double scale[] = { 1.6, 1.35, 1.2, 1.1, 1.0, 1.0 };
  int level = CLAMP (cmark_node_get_heading_level (node), 1, 6);
  double size = pdf->body_size * scale[level - 1];
  g_autoptr(GString) markup = g_string_new ("<b>");
  PangoLayout *layout = new_layout (pdf, pdf->serif, size, pdf->text_w - box.left - box.right);
  PangoRectangle logical;

  inlines_markup (pdf, node, markup);
  g_string_append (markup, "</b>");
  set_markup (pdf, layout, markup->str);
  pango_layout_get_extents (layout, NULL, &logical);

  flow_space (&pdf->body, size * 0.9);
  /* keep the heading with a few lines of what follows */
  flow_need (&pdf->body, (double) logical.height / PANGO_SCALE + pdf->body_size * 4);
  flow_layout (&pdf->body, layout, pdf->margin + box.left, -1);
  pdf->body.y += size * 0.4;
}

static void
render_code (Pdf *pdf, const char *code, Box box)
{
  g_autofree char *clean = exporter_xml_clean (code ? code : "");
  gsize len = strlen (clean);
  PangoLayout *layout;

  while (len > 0 && clean[len - 1] == '\n')
    clean[--len] = '\0';
  layout = new_layout (pdf, "DejaVu Sans Mono", pdf->body_size * 0.82,
                       pdf->text_w - box.left - box.right - 6);
  pango_layout_set_wrap (layout, PANGO_WRAP_CHAR);
  pango_layout_set_text (layout, clean, -1);
  flow_space (&pdf->body, pdf->body_size * 0.5);
  flow_layout (&pdf->body, layout, pdf->margin + box.left + 3, 0.93);
  pdf->body.y += pdf->body_size * 0.5;
}

static void
render_table (Pdf *pdf, cmark_node *table, Box box)
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
  render_code (pdf, text->str, box);
}

static void
render_list (Pdf *pdf, cmark_node *list, Box box)
{
  gboolean ordered = cmark_node_get_list_type (list) == CMARK_ORDERED_LIST;
  gboolean paren = cmark_node_get_list_delim (list) == CMARK_PAREN_DELIM;
  gboolean tight = cmark_node_get_list_tight (list);
  int number = cmark_node_get_list_start (list);
  double indent = pdf->body_size * 1.8;
  Box inner = { box.left + indent, box.right };

  flow_space (&pdf->body, pdf->body_size * 0.3);
  for (cmark_node *item = cmark_node_first_child (list); item; item = cmark_node_next (item))
    {
      g_autofree char *marker_text = ordered ? g_strdup_printf ("%d%c", number++, paren ? ')' : '.')
                                             : g_strdup ("•");
      PangoLayout *marker = new_layout (pdf, pdf->serif, pdf->body_size, indent);

      pango_layout_set_text (marker, marker_text, -1);
      g_clear_object (&pdf->body.marker);
      pdf->body.marker = g_object_ref (marker);
      pdf->body.marker_x = pdf->margin + box.left + indent * 0.25;
      render_blocks (pdf, item, inner, tight);
      g_clear_object (&pdf->body.marker);   /* an empty item */
      if (!tight)
        flow_space (&pdf->body, pdf->body_size * 0.3);
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
render_html_images (Pdf *pdf, cmark_node *node, Box box)
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

      flow_space (&pdf->body, pdf->body_size * 0.5);
      if (render_image (pdf, image->src, box))
        pdf->body.y += pdf->body_size * 0.5;
      else if (*image->alt != '\0')
        {
          g_autoptr(GString) markup = g_string_new ("<i>[");
          append_escaped (markup, image->alt);
          g_string_append (markup, "]</i>");
          render_paragraph_markup (pdf, markup->str, box, pdf->body_size, FALSE);
        }
    }
}

static void
render_blocks (Pdf *pdf, cmark_node *parent, Box box, gboolean tight)
{
  gboolean after_paragraph = FALSE;

  for (cmark_node *node = cmark_node_first_child (parent); node; node = cmark_node_next (node))
    {
      const char *type = cmark_node_get_type_string (node);
      gboolean was_paragraph = after_paragraph;

      after_paragraph = FALSE;
      switch (cmark_node_get_type (node))
        {
        case CMARK_NODE_PARAGRAPH:
          {
            cmark_node *only = cmark_node_first_child (node);
            g_autoptr(GString) markup = NULL;

            if (only != NULL && cmark_node_next (only) == NULL &&
                cmark_node_get_type (only) == CMARK_NODE_IMAGE && pdf->body.marker == NULL)
              {
                flow_space (&pdf->body, pdf->body_size * 0.5);
                if (render_image (pdf, cmark_node_get_url (only), box))
                  {
                    pdf->body.y += pdf->body_size * 0.5;
                    break;
                  }
              }

            if (only_raw_html (node))
              {
                render_html_images (pdf, node, box);
                break;
              }
            markup = g_string_new (NULL);
            inlines_markup (pdf, node, markup);
            if (pdf->technical || !was_paragraph || tight)
              flow_space (&pdf->body, tight ? pdf->body_size * 0.15 : pdf->body_size * 0.5);
            /* Novels: indented paragraphs without space between them */
            render_paragraph_markup (pdf, markup->str, box, pdf->body_size,
                                     !pdf->technical && was_paragraph && !tight);
            after_paragraph = TRUE;
          }
          break;
        case CMARK_NODE_HEADING:
          render_heading (pdf, node, box);
          break;
        case CMARK_NODE_BLOCK_QUOTE:
          {
            Box inner = { box.left + pdf->body_size * 1.5, box.right + pdf->body_size * 1.5 };
            Flow *flow = &pdf->body;

            if (flow->quote_depth < (int) G_N_ELEMENTS (flow->quote_x))
              flow->quote_x[flow->quote_depth] = pdf->margin + box.left + pdf->body_size * 0.5;
            flow->quote_depth++;
            flow_space (flow, pdf->body_size * 0.5);
            render_blocks (pdf, node, inner, FALSE);
            flow->quote_depth--;
            flow->y += pdf->body_size * 0.5;
          }
          break;
        case CMARK_NODE_LIST:
          render_list (pdf, node, box);
          break;
        case CMARK_NODE_HTML_BLOCK:
          render_html_images (pdf, node, box);
          break;
        case CMARK_NODE_CODE_BLOCK:
          render_code (pdf, cmark_node_get_literal (node), box);
          break;
        case CMARK_NODE_THEMATIC_BREAK:
          {
            PangoLayout *layout = new_layout (pdf, pdf->serif, pdf->body_size, pdf->text_w - box.left - box.right);

            pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
            pango_layout_set_text (layout, "*   *   *", -1);
            flow_space (&pdf->body, pdf->body_size);
            flow_layout (&pdf->body, layout, pdf->margin + box.left, -1);
            pdf->body.y += pdf->body_size;
          }
          break;
        case CMARK_NODE_FOOTNOTE_DEFINITION:
          break;   /* after the chapter, numbered */
        default:
          if (g_strcmp0 (type, "table") == 0)
            render_table (pdf, node, box);
          else
            render_blocks (pdf, node, box, tight);
          break;
        }
    }
}

/* The chapter's notes after it, in the order they were referred to. */
static void
render_notes (Pdf *pdf, cmark_node *doc)
{
  g_autoptr(GPtrArray) defs = g_ptr_array_new ();
  PangoLayout *rule;

  /* cmark keeps the notes referred to, at the end, in their numbers' order */
  for (cmark_node *node = cmark_node_first_child (doc); node; node = cmark_node_next (node))
    if (cmark_node_get_type (node) == CMARK_NODE_FOOTNOTE_DEFINITION)
      g_ptr_array_add (defs, node);
  if (defs->len == 0)
    return;

  flow_space (&pdf->body, pdf->body_size);
  rule = new_layout (pdf, pdf->serif, pdf->body_size * 0.85, pdf->text_w);
  pango_layout_set_text (rule, "———", -1);
  flow_layout (&pdf->body, rule, pdf->margin, -1);

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
            inlines_markup (pdf, block, markup);
          else
            {
              g_autofree char *text = exporter_node_text (block);
              append_escaped (markup, text);
            }
          flow_space (&pdf->body, pdf->body_size * 0.2);
          render_paragraph_markup (pdf, markup->str, (Box) { 0, 0 }, pdf->body_size * 0.85, FALSE);
        }
    }
}

/* ---- the book -------------------------------------------------------- */

static int
add_target (Pdf        *pdf,
            const char *dest,
            const char *title,
            int         parent,
            gboolean    is_part)
{
  Target target = { g_strdup (dest), exporter_xml_clean (title), (int) pdf->body.pages->len - 1,
                    parent, is_part };
  Op op = { 0 };

  g_array_append_val (pdf->targets, target);
  op.kind = OP_DEST;
  op.x = pdf->margin;
  op.y = pdf->body.y;
  op.target = (int) pdf->targets->len - 1;
  flow_add (&pdf->body, &op);
  return op.target;
}

static void
render_part_page (Pdf *pdf, DfPart *part, int index, int *target)
{
  g_autofree char *dest = g_strdup_printf ("part%d", index);
  g_autoptr(GString) markup = g_string_new ("<b>");
  PangoLayout *layout = new_layout (pdf, pdf->serif, pdf->body_size * 2.0, pdf->text_w);

  flow_new_page (&pdf->body);
  pdf->body.y = pdf->body.top + (pdf->body.bottom - pdf->body.top) * 0.3;
  *target = add_target (pdf, dest, part->title, -1, TRUE);
  append_escaped (markup, part->title);
  g_string_append (markup, "</b>");
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  set_markup (pdf, layout, markup->str);
  flow_layout (&pdf->body, layout, pdf->margin, -1);
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
render_chapter (Pdf *pdf, DfChapter *chapter, int index, int parent)
{
  g_autofree char *dest = g_strdup_printf ("ch%d", index);
  g_autoptr(GString) markup = g_string_new ("<b>");
  g_autofree char *title = g_strstrip (g_strdup (chapter->title ? chapter->title : ""));
  PangoLayout *layout = new_layout (pdf, pdf->serif, pdf->body_size * 1.7, pdf->text_w);
  cmark_node *doc = exporter_parse_markdown (chapter->content_md ? chapter->content_md : "");
  cmark_node *first = cmark_node_first_child (doc);

  flow_new_page (&pdf->body);
  if (!pdf->technical)
    pdf->body.y = pdf->body.top + (pdf->body.bottom - pdf->body.top) * 0.12;
  add_target (pdf, dest, title, parent, FALSE);
  append_escaped (markup, title);
  g_string_append (markup, "</b>");
  if (!pdf->technical)
    pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  set_markup (pdf, layout, markup->str);
  flow_layout (&pdf->body, layout, pdf->margin, -1);
  pdf->body.y += pdf->body_size * 2.0;

  if (is_title_heading (first, title))
    cmark_node_free (first);

  render_blocks (pdf, doc, (Box) { 0, 0 }, FALSE);
  render_notes (pdf, doc);
  cmark_node_free (doc);
}

/* The contents: one entry per part and chapter, linked, with the page
 * number in a column of its own (drawn once the pages are known). */
static void
layout_contents (Pdf *pdf)
{
  Flow *flow = &pdf->toc;
  double number_w = pdf->body_size * 3;
  PangoLayout *heading = new_layout (pdf, pdf->serif, pdf->body_size * 1.7, pdf->text_w);
  g_autoptr(GString) markup = g_string_new ("<b>");

  append_escaped (markup, _("Contents"));
  g_string_append (markup, "</b>");
  set_markup (pdf, heading, markup->str);
  flow_new_page (flow);
  flow_layout (flow, heading, pdf->margin, -1);
  flow->y += pdf->body_size * 1.5;

  for (guint i = 0; i < pdf->targets->len; i++)
    {
      Target *target = &g_array_index (pdf->targets, Target, i);
      double indent = target->outline_parent >= 0 ? pdf->body_size * 1.5 : 0;
      PangoLayout *layout = new_layout (pdf, pdf->serif, pdf->body_size,
                                        pdf->text_w - indent - number_w);
      PangoRectangle logical;
      Op op = { 0 };
      Page *page;
      Op *last;

      g_string_truncate (markup, 0);
      if (target->is_part)
        g_string_append (markup, "<b>");
      append_escaped (markup, target->title);
      if (target->is_part)
        g_string_append (markup, "</b>");
      set_markup (pdf, layout, markup->str);
      pango_layout_get_extents (layout, NULL, &logical);

      flow_space (flow, target->is_part ? pdf->body_size * 0.8 : pdf->body_size * 0.25);
      flow_need (flow, (double) logical.height / PANGO_SCALE);
      op.kind = OP_LINK_BEGIN;
      op.target = (int) i;
      flow_add (flow, &op);
      flow_layout (flow, layout, pdf->margin + indent, -1);

      /* the number on the entry's last line */
      page = flow_page (flow);
      last = &g_array_index (page->ops, Op, page->ops->len - 1);
      op = (Op) { 0 };
      op.kind = OP_PAGE_NUMBER;
      op.x = pdf->margin + pdf->text_w;
      op.y = last->y;
      op.target = (int) i;
      flow_add (flow, &op);
      op = (Op) { 0 };
      op.kind = OP_LINK_END;
      flow_add (flow, &op);
    }
}

/* ---- drawing --------------------------------------------------------- */

static void
draw_number (Pdf *pdf, cairo_t *cr, int number, double x, double baseline, gboolean right, gboolean center)
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
target_page (Pdf *pdf, int target, int body_offset)
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
draw_page (Pdf *pdf, cairo_t *cr, Page *page, int page_number, int body_offset)
{
  for (guint i = 0; i < page->ops->len; i++)
    {
      Op *op = &g_array_index (page->ops, Op, i);

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
          cairo_save (cr);
          cairo_translate (cr, op->x, op->y);
          cairo_scale (cr, op->w / op->iw, op->h / op->ih);
          cairo_set_source_surface (cr, op->image, 0, 0);
          cairo_paint (cr);
          cairo_restore (cr);
          break;
        case OP_DEST:
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

  if (page->numbered)
    draw_number (pdf, cr, page_number, pdf->page_w / 2, pdf->page_h - pdf->margin, FALSE, TRUE);
}

static void
draw_title_page (Pdf *pdf, cairo_t *cr, const char *title, const char *author)
{
  Flow flow;
  g_autoptr(GString) markup = g_string_new ("<b>");
  PangoLayout *layout = new_layout (pdf, pdf->serif, pdf->body_size * 2.4, pdf->text_w);
  Page *page;

  flow_init (&flow, pdf);
  flow_new_page (&flow);
  flow.y = flow.top + (flow.bottom - flow.top) * 0.25;
  append_escaped (markup, title);
  g_string_append (markup, "</b>");
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  set_markup (pdf, layout, markup->str);
  flow_layout (&flow, layout, pdf->margin, -1);

  if (author != NULL && *author != '\0')
    {
      flow.y += pdf->body_size * 3;
      layout = new_layout (pdf, pdf->serif, pdf->body_size * 1.4, pdf->text_w);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      g_string_truncate (markup, 0);
      append_escaped (markup, author);
      set_markup (pdf, layout, markup->str);
      flow_layout (&flow, layout, pdf->margin, -1);
    }

  page = g_ptr_array_index (flow.pages, 0);
  page->numbered = FALSE;
  draw_page (pdf, cr, page, 1, 0);
  cairo_show_page (cr);
  flow_clear (&flow);
}

static gboolean
df_pdf_exporter_export (DfExporter       *exporter,
                        DfExportContext  *context,
                        GError          **error)
{
  GCancellable *cancellable = df_export_context_get_cancellable (context);
  DfBook *book = df_export_context_get_book (context, error);
  const char *page_size;
  g_autofree char *title = NULL;
  g_autofree char *author = NULL;
  gboolean title_page;
  PangoFontMap *font_map = NULL;
  cairo_font_options_t *options;
  cairo_surface_t *surface = NULL;
  cairo_t *cr = NULL;
  cairo_status_t status;
  Pdf pdf = { 0 };
  int chapter_index = 0, part_index = 0;
  int body_offset, page_number;
  gboolean ok = FALSE;
  guint n_chapters;

  if (book == NULL)
    return FALSE;

  pdf.context = context;
  pdf.store = df_export_context_get_store (context);
  pdf.book = book;
  pdf.technical = g_strcmp0 (book->project->project_type, "technical-book") == 0;
  page_size = df_export_context_get_option_string (context, "page-size", pdf.technical ? "a4" : "a5");
  if (g_ascii_strcasecmp (page_size, "a4") == 0)
    pdf.page_w = 210 * MM, pdf.page_h = 297 * MM;
  else if (g_ascii_strcasecmp (page_size, "a5") == 0)
    pdf.page_w = 148 * MM, pdf.page_h = 210 * MM;
  else if (g_ascii_strcasecmp (page_size, "letter") == 0)
    pdf.page_w = 612, pdf.page_h = 792;
  else
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("page-size must be one of a4, a5, letter (got “%s”)"), page_size);
      return FALSE;
    }
  pdf.margin = 20 * MM;
  pdf.text_w = pdf.page_w - 2 * pdf.margin;
  pdf.body_size = pdf.technical ? 10.0 : 10.5;
  pdf.serif = "DejaVu Serif";

  title = exporter_xml_clean (book->project->title);
  author = exporter_xml_clean (df_export_context_get_option_string (context, "author", book->author) ?: "");
  title_page = df_export_context_get_option_bool (context, "title-page", TRUE);

  /* Our own font map and context: nothing shared with other threads, and
   * metrics unhinted so that what is measured is what the PDF shows. */
  font_map = pango_cairo_font_map_new ();
  pdf.pango = pango_font_map_create_context (font_map);
  pango_cairo_context_set_resolution (pdf.pango, 72.0);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pdf.pango, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (pdf.pango, FALSE);
  if (book->project->language != NULL)
    pango_context_set_language (pdf.pango, pango_language_from_string (book->project->language));

  pdf.layouts = g_ptr_array_new_with_free_func (g_object_unref);
  pdf.images = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  pdf.targets = g_array_new (FALSE, TRUE, sizeof (Target));
  pdf.pending_links = g_array_new (FALSE, FALSE, sizeof (PdfLink));
  g_array_set_clear_func (pdf.pending_links, pdf_link_clear);
  flow_init (&pdf.body, &pdf);
  flow_init (&pdf.toc, &pdf);

  /* 1. the body */
  n_chapters = book->chapters->len;
  for (guint s = 0; s < book->sections->len; s++)
    {
      DfBookSection *section = g_ptr_array_index (book->sections, s);
      int parent = -1;

      if (section->part != NULL)
        render_part_page (&pdf, section->part, ++part_index, &parent);

      for (guint c = 0; c < section->chapters->len; c++)
        {
          DfChapter *chapter = g_ptr_array_index (section->chapters, c);
          g_autofree char *message = NULL;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
          chapter_index++;
          message = g_strdup_printf (_("Laying out chapter %d of %u"), chapter_index, n_chapters);
          df_export_context_set_progress (context, 0.75 * (chapter_index - 1) / n_chapters, message);
          render_chapter (&pdf, chapter, chapter_index, parent);
        }
    }

  /* 2. the contents, now that the body's pages are known */
  layout_contents (&pdf);
  body_offset = (title_page ? 1 : 0) + (int) pdf.toc.pages->len;

  /* 3. drawing */
  surface = cairo_pdf_surface_create (df_export_context_get_output_path (context), pdf.page_w, pdf.page_h);
  cr = cairo_create (surface);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot write the PDF “%s”: %s"),
                   df_export_context_get_output_path (context),
                   cairo_status_to_string (cairo_surface_status (surface)));
      goto out;
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  if (*author != '\0')
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, author);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "DraftForge " PACKAGE_VERSION);

  page_number = 1;
  if (title_page)
    {
      draw_title_page (&pdf, cr, title, author);
      page_number++;
    }
  for (guint i = 0; i < pdf.toc.pages->len; i++, page_number++)
    {
      draw_page (&pdf, cr, g_ptr_array_index (pdf.toc.pages, i), page_number, body_offset);
      cairo_show_page (cr);
    }
  for (guint i = 0; i < pdf.body.pages->len; i++, page_number++)
    {
      if (i % 16 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
          df_export_context_set_progress (context, 0.75 + 0.2 * i / pdf.body.pages->len,
                                          _("Drawing the pages"));
        }
      draw_page (&pdf, cr, g_ptr_array_index (pdf.body.pages, i), page_number, body_offset);
      cairo_show_page (cr);
    }

  /* the outline: parts, with their chapters inside */
  {
    g_autofree int *ids = g_new0 (int, pdf.targets->len);

    for (guint i = 0; i < pdf.targets->len; i++)
      {
        Target *target = &g_array_index (pdf.targets, Target, i);
        g_autofree char *link = g_strdup_printf ("dest='%s'", target->dest);
        int parent = target->outline_parent >= 0 ? ids[target->outline_parent] : CAIRO_PDF_OUTLINE_ROOT;

        ids[i] = cairo_pdf_surface_add_outline (surface, parent, target->title, link,
                                                target->is_part ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
      }
  }

  status = cairo_status (cr);
  cairo_destroy (cr);
  cr = NULL;
  if (status == CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_FAILED, _("Could not write the PDF: %s"),
                   cairo_status_to_string (status));
      goto out;
    }
  df_export_context_log (context, "PDF: %u pages, %u chapters, %s",
                         (title_page ? 1 : 0) + pdf.toc.pages->len + pdf.body.pages->len,
                         n_chapters, page_size);
  ok = TRUE;

out:
  if (cr != NULL)
    cairo_destroy (cr);
  if (surface != NULL)
    cairo_surface_destroy (surface);   /* after a failure the host removes the file */
  flow_clear (&pdf.body);
  flow_clear (&pdf.toc);
  for (guint i = 0; i < pdf.targets->len; i++)
    {
      Target *target = &g_array_index (pdf.targets, Target, i);
      g_free (target->dest);
      g_free (target->title);
    }
  g_array_unref (pdf.targets);
  g_array_unref (pdf.pending_links);
  g_ptr_array_unref (pdf.images);
  g_ptr_array_unref (pdf.layouts);
  g_object_unref (pdf.pango);
  g_object_unref (font_map);
  return ok;
}

/* ---- the class -------------------------------------------------------- */

static const ExporterFormat pdf_format = {
  .format = "pdf",
  .name = N_("PDF document"),
  .extension = "pdf",
  .mime_type = "application/pdf",
  .export = df_pdf_exporter_export,
};

static void
df_pdf_exporter_class_init (DfPdfExporterClass *klass)
{
  exporter_class_set_format (G_OBJECT_CLASS (klass), &pdf_format);
}

static void
df_pdf_exporter_init (DfPdfExporter *self)
{
}
