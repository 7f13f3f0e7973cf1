/* df-docx-exporter-private.h: what the pieces of the DOCX exporter share
 *
 *   df-docx-exporter-body.c     the body: paragraphs, lists, tables,
 *                               chapters, the contents and the title
 *                               page, and their runs (text, pictures,
 *                               links, footnotes)
 *   df-docx-exporter-parts.c    the other parts of the package: styles,
 *                               settings, numbering, footnotes, properties
 *   df-docx-exporter.c          the export: the body, a chapter at a time
 *                               (each read for it, then let go) into a
 *                               temporary file, then the archive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "exporter-util.h"

G_BEGIN_DECLS

#define NS_W   "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R   "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_WP  "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
#define NS_A   "http://schemas.openxmlformats.org/drawingml/2006/main"
#define NS_PIC "http://schemas.openxmlformats.org/drawingml/2006/picture"
#define REL    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

/* Text width of an A4 page with 2 cm margins, in EMU (1 cm = 360000). */
#define TEXT_WIDTH_EMU (17 * 360000)

typedef struct
{
  gboolean bold, italic, code, strike, superscript;
} RunStyle;

typedef struct
{
  DfExportContext *context;
  DfStore         *store;
  DfBook          *book;
  char            *title;       /* cleaned for XML */
  char            *author;      /* cleaned for XML; "" for none */
  GString         *rels;        /* word/_rels/document.xml.rels, inside <Relationships> */
  GString         *numbering;   /* <w:num> elements after the abstract ones */
  GString         *footnotes;   /* <w:footnote> elements */
  GPtrArray       *media;       /* GBytes*, kept until the archive is written */
  GPtrArray       *media_names; /* char*: "word/media/image1.png" */
  int              next_rel;
  int              next_num;
  int              next_note;
  int              next_image;
  int              footer_rel;
  gboolean         has_png, has_jpeg;
  int              chapter_level;
  gboolean         rtl;         /* the book's language is written right to left */
  /* per chapter */
  GHashTable      *note_defs;   /* number -> cmark_node* (the definition) */
  GHashTable      *note_ids;    /* number -> footnote id */
} Docx;

/* df-docx-exporter-body.c: runs ---------------------------------------- */

/* A relationship of word/document.xml; returns its number (rIdN). */
int      docx_add_relationship (Docx           *docx,
                                const char     *type,
                                const char     *target,
                                gboolean        external);
/* A run of text; tabs and line feeds become <w:tab/> and <w:br/>. */
void     docx_text_run         (GString        *out,
                                const RunStyle *style,
                                const char     *text);
/* Raw HTML is not copied, but its <img> tags are pictures (or their
 * alternative text).  Returns whether there was any. */
gboolean docx_html_images      (Docx           *docx,
                                GString        *out,
                                const char     *html);
/* The runs of @node's inline children, in @style. */
void     docx_inline_runs      (Docx           *docx,
                                GString        *out,
                                cmark_node     *node,
                                RunStyle        style);

/* df-docx-exporter-body.c: blocks -------------------------------------- */

/* Opens a paragraph (<w:p> and its properties, if any). */
void     docx_paragraph_start  (GString        *out,
                                const char     *style,
                                int             list_depth,
                                int             num_id,
                                const char     *extra);
/* @style: the paragraph style for paragraphs (NULL: Normal);
 * @list_depth: how deep in lists; @num_id: the numbering of the list
 * item's first paragraph, 0 for the others. */
void     docx_render_blocks    (Docx           *docx,
                                GString        *out,
                                cmark_node     *parent,
                                const char     *style,
                                int             list_depth,
                                int             num_id);
void     docx_title_page       (GString        *out,
                                const char     *title,
                                const char     *author);
void     docx_contents_field   (GString        *out,
                                DfBook         *book,
                                int             chapter_level,
                                gboolean        page_break);
void     docx_heading_paragraph (GString       *out,
                                 int            level,
                                 const char    *title,
                                 gboolean       page_break);
void     docx_render_chapter   (Docx           *docx,
                                GString        *out,
                                DfChapter      *chapter,
                                gboolean        page_break);

/* df-docx-exporter-parts.c -------------------------------------------- */

extern const char docx_styles_xml[];
extern const char docx_settings_xml[];
extern const char docx_footer_xml[];
extern const char docx_root_rels_xml[];
extern const char docx_app_xml[];

/* word/document.xml's start (up to <w:body>) and its end (the page set
 * up, then the closing tags), each appended to @out: the body is written
 * between them a piece at a time. */
void     docx_document_start   (GString        *out);
void     docx_document_end     (Docx           *docx,
                                GString        *out);
/* Closes docx->rels, docx->numbering and docx->footnotes into the whole
 * parts they are. */
void     docx_close_parts      (Docx           *docx);
char    *docx_content_types    (Docx           *docx);
/* word/styles.xml; for a book written right to left, its paragraphs
 * right to left by default and its language the complex-script one. */
char    *docx_styles           (Docx           *docx);
/* Marks every paragraph in @xml right to left (<w:bidi/> in its
 * properties, where the schema puts it). */
void     docx_mark_rtl         (GString        *xml);
char    *docx_core_properties  (const char     *title,
                                const char     *author,
                                const char     *language);

G_END_DECLS
