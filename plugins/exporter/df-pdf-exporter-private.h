/* df-pdf-exporter-private.h: what the pieces of the PDF exporter share
 *
 * The book is laid out into pages of positioned things (Op), then drawn:
 *
 *   df-pdf-exporter-flow.c      pages and pagination; PangoLayouts
 *   df-pdf-exporter-markup.c    inline Markdown as Pango markup
 *   df-pdf-exporter-blocks.c    Markdown blocks laid out in the flow
 *   df-pdf-exporter-images.c    PNG and SVG images
 *   df-pdf-exporter-book.c      parts, chapters, the contents, the outline
 *   df-pdf-exporter-draw.c      drawing pages with Cairo, links
 *   df-pdf-exporter.c           the export: page size, fonts, the steps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "exporter-util.h"

G_BEGIN_DECLS

#define MM (72.0 / 25.4)

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
  PangoLayoutLine  *line;     /* OP_LINE; the page holds a reference on its layout */
  cairo_surface_t  *image;    /* OP_IMAGE, a reference the page holds: a PNG's
                               * image surface or an SVG's recording surface */
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

typedef struct _Pdf Pdf;

/* Takes a page of a flow once it is full (pdf_flow_flush), to draw it or
 * only count it; the flow frees it after. */
typedef void (*PageSink) (Pdf  *pdf,
                          Page *page);

typedef struct
{
  GPtrArray *pages;          /* Page*, those not yet handed to the sink */
  int        flushed;        /* pages handed to the sink, before those */
  PageSink   sink;           /* NULL: the flow keeps all its pages */
  double     y;              /* where the next thing goes on the last page */
  double     top, bottom;
  gboolean   page_empty;
  /* a list item's marker waiting for the item's first line */
  PangoLayout *marker;
  double       marker_x;
  int          quote_depth;
  double       quote_x[16];
} Flow;

struct _Pdf
{
  DfExportContext *context;
  DfStore         *store;
  DfBook          *book;
  PangoFontMap    *font_map;
  PangoContext    *pango;
  GPtrArray       *layouts;  /* layouts made since the last flush; pages
                              * hold their own references on those placed */
  GPtrArray       *images;   /* cairo_surface_t*, the same */
  GArray          *targets;  /* Target */
  guint            n_placed; /* targets placed again, when drawing */
  double           page_w, page_h, margin;
  double           text_w;
  double           body_size;
  gboolean         technical;
  gboolean         rtl;      /* the book's language is written right to left:
                              * contents, list markers and quote bars mirrored
                              * (paragraphs take their direction from their
                              * text, Pango's auto direction) */
  const char      *serif;
  Flow             body;
  Flow             toc;
  GArray          *pending_links;   /* PdfLink: web links of the markup being built */
  gboolean         after_paragraph; /* the chapter's last block so far was one */
  /* Drawing the body: where, and the number of the next page. */
  cairo_t         *cr;
  int              page_number;
  int              body_offset;
};

/* A web link in a layout's text: bytes [start, end) of pango_layout_get_text. */
typedef struct
{
  int   start, end;
  char *uri;
} PdfLink;

/* Indents of a block from the text's left and right edges. */
typedef struct
{
  double left;
  double right;
} Box;

/* df-pdf-exporter-flow.c ---------------------------------------------- */

void         pdf_link_clear        (gpointer     data);
void         pdf_flow_init         (Flow        *flow,
                                    Pdf         *pdf);
void         pdf_flow_clear        (Flow        *flow);
void         pdf_flow_new_page     (Flow        *flow);
/* The last page, a new one if there is none. */
Page        *pdf_flow_page         (Flow        *flow);
/* The index of the last page in the whole flow, flushed pages included. */
int          pdf_flow_page_index   (Flow        *flow);
/* Hands the full pages (all the pages when @all) to the flow's sink and
 * frees them, with the layouts and images made since the last flush that
 * no page holds: call it between blocks, when no layout waits to be
 * placed.  Nothing happens for a flow without a sink. */
void         pdf_flow_flush        (Pdf         *pdf,
                                    Flow        *flow,
                                    gboolean     all);
void         pdf_flow_add          (Flow        *flow,
                                    const Op    *op);
/* Starts a new page unless @height still fits on this one. */
void         pdf_flow_need         (Flow        *flow,
                                    double       height);
/* @space down, unless at the top of a page. */
void         pdf_flow_space        (Flow        *flow,
                                    double       space);
/* Places the lines of @layout at @x, splitting it between pages.
 * @background: grey behind each line (code), or < 0. */
void         pdf_flow_layout       (Flow        *flow,
                                    PangoLayout *layout,
                                    double       x,
                                    double       background);
/* A layout of @family at @size points, @width wide, kept in pdf->layouts
 * (its lines are placed, not copied). */
PangoLayout *pdf_new_layout        (Pdf         *pdf,
                                    const char  *family,
                                    double       size,
                                    double       width);
/* Sets @markup on @layout; the web links pdf_inlines_markup () found in it
 * go with the layout, for the link annotations. */
void         pdf_set_markup        (Pdf         *pdf,
                                    PangoLayout *layout,
                                    const char  *markup);
/* @title in bold at @size points, the text's width, centred or not. */
PangoLayout *pdf_title_layout      (Pdf         *pdf,
                                    const char  *title,
                                    double       size,
                                    gboolean     center);

/* df-pdf-exporter-markup.c -------------------------------------------- */

void         pdf_append_escaped    (GString     *out,
                                    const char  *text);
/* Pango markup for the inline children of @node; web links are also
 * noted in pdf->pending_links. */
void         pdf_inlines_markup    (Pdf         *pdf,
                                    cmark_node  *node,
                                    GString     *out);

/* df-pdf-exporter-blocks.c -------------------------------------------- */

void         pdf_render_paragraph_markup (Pdf        *pdf,
                                          const char *markup,
                                          Box         box,
                                          double      size,
                                          gboolean    indent_first);
void         pdf_render_blocks     (Pdf         *pdf,
                                    cmark_node  *parent,
                                    Box          box,
                                    gboolean     tight);
/* The chapter's notes after it, in the order they were referred to. */
void         pdf_render_notes      (Pdf         *pdf,
                                    cmark_node  *doc);

/* df-pdf-exporter-images.c -------------------------------------------- */

/* The image @src of the project, centred in @box: FALSE when it is not
 * a PNG or SVG that can be drawn (the caller shows the alternative
 * text). */
gboolean     pdf_render_image      (Pdf         *pdf,
                                    const char  *src,
                                    Box          box);

/* df-pdf-exporter-book.c ---------------------------------------------- */

void         pdf_target_clear      (gpointer     data);
/* A page of its own for the part; @target: its target, for the outline. */
void         pdf_render_part_page  (Pdf         *pdf,
                                    DfPart      *part,
                                    int          index,
                                    int         *target);
void         pdf_render_chapter    (Pdf         *pdf,
                                    DfChapter   *chapter,
                                    int          index,
                                    int          parent);
/* The contents into pdf->toc, once the body's pages are known. */
void         pdf_layout_contents   (Pdf         *pdf);
/* The PDF outline: parts, with their chapters inside. */
void         pdf_add_outline       (Pdf         *pdf,
                                    cairo_surface_t *surface);

/* df-pdf-exporter-draw.c ---------------------------------------------- */

/* Draws @page as page @page_number; the body starts after @body_offset
 * pages (the title page and the contents). */
void         pdf_draw_page         (Pdf         *pdf,
                                    cairo_t     *cr,
                                    Page        *page,
                                    int          page_number,
                                    int          body_offset);
void         pdf_draw_title_page   (Pdf         *pdf,
                                    cairo_t     *cr,
                                    const char  *title,
                                    const char  *author);

G_END_DECLS
