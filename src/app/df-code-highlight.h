/* df-code-highlight.h: code blocks coloured as GtkSourceView colours them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Colours @code (@len bytes, -1: up to its NUL), which @buffer holds from
 * character @offset on, as GtkSourceView highlights the language a
 * fence's @info names ("rust", "rust,ignore", "py", "console"): with the
 * light or @dark colours.  FALSE, and nothing done, when no language of
 * GtkSourceView's is named. */
gboolean df_code_highlight          (GtkTextBuffer *buffer,
                                     int            offset,
                                     const char    *code,
                                     gssize         len,
                                     const char    *info,
                                     gboolean       dark);
/* The colours of every highlighted stretch in @buffer, for a light or a
 * @dark page. */
void     df_code_highlight_set_dark (GtkTextBuffer *buffer,
                                     gboolean       dark);

G_END_DECLS
