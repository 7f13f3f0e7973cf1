/* df-utils.h: small helpers the application's widgets share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* @n with the locale's thousands separators: "12,345". */
char *df_format_count          (gint64       n);
/* Sets @row's text without offering to apply it (libadwaita 1.2 shows
 * the apply button on any change of the text). */
void  df_entry_row_set_text    (AdwEntryRow *row,
                                const char  *text);
/* Shows @message until dismissed: in the preferences window @page is in,
 * else through the window's "win.toast", else in the log. */
void  df_page_show_toast       (GtkWidget   *page,
                                const char  *message);

G_END_DECLS
