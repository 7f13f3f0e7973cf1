/* exporter-xhtml.h: Markdown to XHTML for a whole book
 *
 * The EPUB and HTML exporters render a book whose chapters link to each
 * other: they parse every chapter first (ExporterDoc, exporter-doc.c), so
 * that a link to another chapter's heading can be checked before it is
 * written, then render each one (exporter-xhtml.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "exporter-util.h"

G_BEGIN_DECLS

/* Maps an image's src as written in a chapter to the href to use in the
 * output (g_free'd), or NULL to show the alt text instead. */
typedef char *(*ExporterImageMap) (const char *src,
                                   gpointer    user_data);

/* Maps a link's target that is neither a web address nor a fragment of
 * the same document (for example "ch04-02-references.md#slices") to the
 * href to write (g_free'd), or NULL to keep only the link's text. */
typedef char *(*ExporterLinkMap) (const char *href,
                                  gpointer    user_data);

typedef struct
{
  const char       *id_prefix;   /* before every id written; may be NULL */
  gboolean          epub;        /* epub:type attributes */
  ExporterImageMap  map_image;   /* NULL: images show their alt text */
  ExporterLinkMap   map_link;    /* NULL: such links keep only their text */
  gpointer          user_data;   /* for both maps */
} ExporterXhtmlOptions;

typedef struct _ExporterDoc ExporterDoc;

/* exporter-doc.c ------------------------------------------------------ */

/* Parses @chapter's text (df_book_chapter_text) and gives every heading
 * an id the way mdBook does (lowercase, spaces to '-', punctuation
 * dropped, "-1", "-2" for repeats), made a valid XML name.  NULL with
 * @error when the text could not be read. */
ExporterDoc *exporter_doc_new              (DfBook                     *book,
                                            DfChapter                  *chapter,
                                            GError                    **error);
/* Parses the text again if the tree was let go; FALSE with @error when
 * the text could not be read. */
gboolean     exporter_doc_load             (ExporterDoc                *doc,
                                            GError                    **error);
void         exporter_doc_free             (ExporterDoc                *doc);
/* Lets the tree go, keeping the ids of the headings (for links to them);
 * the next call that needs the tree parses the chapter's text again (read
 * again from the database when the book reads its texts as needed). */
void         exporter_doc_release          (ExporterDoc                *doc);
cmark_node  *exporter_doc_get_root         (ExporterDoc                *doc);
/* The id (without prefix) given to @heading, a node of the document. */
const char  *exporter_doc_get_heading_id   (ExporterDoc                *doc,
                                            cmark_node                 *heading);
/* The id (without prefix) of the heading mdBook would call @slug, or
 * NULL when the document has no such heading. */
const char  *exporter_doc_lookup_id        (ExporterDoc                *doc,
                                            const char                 *slug);
/* Whether the document opens with a heading saying @title (case,
 * punctuation and spacing aside): then the chapter needs no title added. */
gboolean     exporter_doc_starts_with_title (ExporterDoc               *doc,
                                             const char                *title);

/* An ExporterDoc per chapter of @book, in order, each with its tree let
 * go (exporter_doc_release), with progress up to 40 %; NULL when
 * cancelled. */
GPtrArray   *exporter_parse_chapters       (DfExportContext            *context,
                                            DfBook                     *book,
                                            int                        *progress_step,
                                            GError                    **error);
/* The index in @book->chapters of the chapter an mdBook link's file
 * names ("ch04-02-references-and-borrowing.md", "appendix-01-keywords.md",
 * "../foo.html"), matched on the chapters' slugs; -1 when none does. */
int          exporter_find_chapter         (DfBook                     *book,
                                            const char                 *file);
/* Where a link to another file of the book goes: @index, the chapter
 * (exporter_find_chapter), and @id, the heading its "#fragment" names in
 * @docs (from exporter_parse_chapters), or NULL.  FALSE when @href is no
 * chapter of the book. */
gboolean     exporter_resolve_link         (DfBook                     *book,
                                            GPtrArray                  *docs,
                                            const char                 *href,
                                            int                        *index,
                                            const char                **id);

/* exporter-xhtml.c ---------------------------------------------------- */

/* Appends the document as an XHTML fragment.  Footnotes become noteref
 * links and an aside per note, with ids prefixed by the options' prefix
 * so that several chapters can share one document. */
void         exporter_doc_render           (ExporterDoc                *doc,
                                            const ExporterXhtmlOptions *options,
                                            GString                    *out);
/* Appends a chapter: @title as <h1 class="chapter-title"> unless the
 * document opens with it, then the document. */
void         exporter_doc_render_chapter   (ExporterDoc                *doc,
                                            DfChapter                  *chapter,
                                            const char                 *title,
                                            const ExporterXhtmlOptions *options,
                                            GString                    *out);
/* <h1 class="title"> and, unless @author is NULL or empty,
 * <p class="author">. */
void         exporter_append_book_title    (GString                    *out,
                                            const char                 *title,
                                            const char                 *author);
/* <h1 class="part-title"> and, unless @description is NULL or empty,
 * <p class="part-description">. */
void         exporter_append_part_title    (GString                    *out,
                                            const char                 *title,
                                            const char                 *description);

/* Appends @url as an attribute value: percent-encoded where a URL may not
 * hold the byte, then XML-escaped. */
void         exporter_url_escape_append    (GString                    *out,
                                            const char                 *url);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExporterDoc, exporter_doc_free)

G_END_DECLS
