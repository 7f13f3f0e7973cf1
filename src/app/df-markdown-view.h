/* df-markdown-view.h: Markdown rendered into a read-only GtkTextView
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "df-store.h"

G_BEGIN_DECLS

#define DF_TYPE_MARKDOWN_VIEW (df_markdown_view_get_type ())
G_DECLARE_FINAL_TYPE (DfMarkdownView, df_markdown_view, DF, MARKDOWN_VIEW, GtkTextView)

GtkWidget *df_markdown_view_new          (void);
/* Renders @markdown (cmark-gfm: headings, emphasis, lists, block quotes,
 * code, tables, images from the project's assets, links, footnotes). */
void       df_markdown_view_set_markdown (DfMarkdownView *self,
                                          DfStore        *store,
                                          gint64          project_id,
                                          const char     *markdown);
/* TRUE while a long text is still being parsed or laid into the buffer
 * (texts over 256 KiB render off the main loop); the "rendered" signal
 * is emitted when the buffer holds the whole text. */
gboolean   df_markdown_view_is_rendering (DfMarkdownView *self);
/* Code blocks coloured for a dark page (or a light one), now and in what
 * is rendered from now on. */
void       df_markdown_view_set_dark     (DfMarkdownView *self,
                                          gboolean        dark);
/* Replaces the text of @buffer with @markdown laid in as the view lays
 * it (the same tags; no images), at once: for short texts, a coach's
 * reply. */
void       df_markdown_render_into       (GtkTextBuffer  *buffer,
                                          const char     *markdown);

G_END_DECLS
