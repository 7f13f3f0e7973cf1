/* exporter-xhtml.h: Markdown to XHTML for several documents at once
 *
 * exporter_markdown_to_xhtml (exporter-util.h) renders one chapter on its
 * own.  The EPUB and HTML exporters render a whole book whose chapters
 * link to each other: they parse every chapter first (ExporterDoc), so
 * that a link to another chapter's heading can be checked before it is
 * written, then render each one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "exporter-util.h"

G_BEGIN_DECLS

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

/* Parses @markdown and gives every heading an id the way mdBook does
 * (lowercase, spaces to '-', punctuation dropped, "-1", "-2" for repeats),
 * made a valid XML name. */
ExporterDoc *exporter_doc_new              (const char                 *markdown);
void         exporter_doc_free             (ExporterDoc                *doc);
/* The id (without prefix) of the heading mdBook would call @slug, or
 * NULL when the document has no such heading. */
const char  *exporter_doc_lookup_id        (ExporterDoc                *doc,
                                            const char                 *slug);
/* Whether the document opens with a heading saying @title (case,
 * punctuation and spacing aside): then the chapter needs no title added. */
gboolean     exporter_doc_starts_with_title (ExporterDoc               *doc,
                                             const char                *title);
/* Appends the document as an XHTML fragment. */
void         exporter_doc_render           (ExporterDoc                *doc,
                                            const ExporterXhtmlOptions *options,
                                            GString                    *out);

/* Appends @url as an attribute value: percent-encoded where a URL may not
 * hold the byte, then XML-escaped. */
void         exporter_url_escape_append    (GString                    *out,
                                            const char                 *url);

/* The index in @book->chapters of the chapter an mdBook link's file
 * names ("ch04-02-references-and-borrowing.md", "appendix-01-keywords.md",
 * "../foo.html"), matched on the chapters' slugs; -1 when none does. */
int          exporter_find_chapter         (DfBook                     *book,
                                            const char                 *file);

/* A chapter's title as it may be shown: cleaned for XML, and never empty. */
char        *exporter_chapter_title        (DfChapter                  *chapter);

/* df_export_context_set_progress in steps of 5 %: each step the host
 * records is a database write. @last starts at -1. */
void         exporter_progress             (DfExportContext            *context,
                                            int                        *last,
                                            double                      fraction,
                                            const char                 *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExporterDoc, exporter_doc_free)

G_END_DECLS
