/* df-find-bar.h: find and replace in the open chapter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

#define DF_TYPE_FIND_BAR (df_find_bar_get_type ())
G_DECLARE_FINAL_TYPE (DfFindBar, df_find_bar, DF, FIND_BAR, GtkWidget)

/* Searches the text of @view, and gives it the focus back on closing. */
void  df_find_bar_set_view    (DfFindBar     *self,
                               GtkSourceView *view);
/* Shows the bar (with the replace entry when @replace) and focuses it;
 * a selection within one line becomes the text to find. */
void  df_find_bar_begin       (DfFindBar     *self,
                               gboolean       replace);
/* Hides the bar, forgets the text to find and focuses the view. */
void  df_find_bar_end         (DfFindBar     *self);
/* Selects the next (or previous) match, wrapping around. */
void  df_find_bar_move        (DfFindBar     *self,
                               gboolean       backward);
/* Replaces the selected match and moves to the next one. */
void  df_find_bar_replace     (DfFindBar     *self);
/* Replaces every match as one edit, and says how many in a toast. */
guint df_find_bar_replace_all (DfFindBar     *self);

G_END_DECLS
