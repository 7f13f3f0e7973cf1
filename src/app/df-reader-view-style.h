/* df-reader-view-style.h: the reader's typography and page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The characters a line of the reader holds, about. */
#define DF_READER_LINE_CHARS 68

typedef struct _DfReaderViewStyle DfReaderViewStyle;

/* Sets @text (the reader's text view) in a serif face at
 * reader-font-scale, in a column of about DF_READER_LINE_CHARS
 * characters (@clamp's size), on the page of reader-theme (a CSS class
 * on @page); offers the actions reading.smaller, reading.larger,
 * reading.reset-size and reading.theme on @reader, whose menu @button
 * shows; and scrolls @page with Space, Page Up/Down, Home and End. */
DfReaderViewStyle *df_reader_view_style_new  (GtkWidget          *reader,
                                              GtkWidget          *text,
                                              AdwClampScrollable *clamp,
                                              GtkScrolledWindow  *page,
                                              GtkMenuButton      *button);
/* Follows @settings (reader-font-scale, reader-theme). */
void               df_reader_view_style_set_settings (DfReaderViewStyle *self,
                                                      GSettings         *settings);
void               df_reader_view_style_free (DfReaderViewStyle  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfReaderViewStyle, df_reader_view_style_free)

G_END_DECLS
