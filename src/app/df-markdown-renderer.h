/* df-markdown-renderer.h: a cmark-gfm syntax tree laid into a
 * GtkTextBuffer with tags
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cmark-gfm.h>
#include <gtk/gtk.h>

#include "df-store.h"

G_BEGIN_DECLS

/* The text view's side margins, from which the renderer's indents count
 * (a GtkTextTag's margin replaces the view's). */
#define DF_MARKDOWN_MARGIN 24

/* Lays a syntax tree into a text buffer, a part at a time: the state of
 * one rendering, which DfMarkdownView owns while it runs. */
typedef struct _DfMarkdownRenderer DfMarkdownRenderer;

/* Creates in @buffer's tag table, in priority order, the tags a renderer
 * applies: "h1" to "h6", "code", "code-block", "quote", "link", "rule",
 * "image-missing", "table", "footnote", "emphasis", "strong",
 * "strikethrough", "superscript", and the paragraph spacings. */
void                df_markdown_renderer_add_tags        (GtkTextBuffer      *buffer);
/* Parses @markdown as the renderer shows it (GFM tables, strikethrough
 * and autolinks, footnotes, smart punctuation).  The caller holds
 * df_markdown_parse_lock (df-text.h). */
cmark_node         *df_markdown_renderer_parse           (const char         *markdown,
                                                          gsize               len);
/* Lays @doc (taken) at the end of @buffer, which has the tags of
 * df_markdown_renderer_add_tags.  Images come from the assets of
 * @project_id in @store (NULL: none), shown at most @image_width wide;
 * @rtl is the direction of paragraphs without a letter that has one. */
DfMarkdownRenderer *df_markdown_renderer_new             (GtkTextBuffer      *buffer,
                                                          cmark_node         *doc,
                                                          DfStore            *store,
                                                          gint64              project_id,
                                                          int                 image_width,
                                                          gboolean            rtl);
void                df_markdown_renderer_free            (DfMarkdownRenderer *self);
/* Code blocks laid in from now on coloured for a dark page or not. */
void                df_markdown_renderer_set_dark        (DfMarkdownRenderer *self,
                                                          gboolean            dark);
/* The width for the images laid in from now on. */
void                df_markdown_renderer_set_image_width (DfMarkdownRenderer *self,
                                                          int                 image_width);
/* Lays in until the end or until @budget_usec is spent (0: no limit);
 * TRUE when done. */
gboolean            df_markdown_renderer_run             (DfMarkdownRenderer *self,
                                                          gint64              budget_usec);
/* The images (DfScaledImage) laid in so far, to follow the view's width. */
GPtrArray          *df_markdown_renderer_get_images      (DfMarkdownRenderer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfMarkdownRenderer, df_markdown_renderer_free)

G_END_DECLS
