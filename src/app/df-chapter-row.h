/* df-chapter-row.h: the sidebar's row for a part or a chapter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "df-sidebar-item.h"

G_BEGIN_DECLS

#define DF_TYPE_CHAPTER_ROW (df_chapter_row_get_type ())
G_DECLARE_FINAL_TYPE (DfChapterRow, df_chapter_row, DF, CHAPTER_ROW, GtkWidget)

/* One row widget of the sidebar's list view, given one item after
 * another as the list scrolls.  A chapter shows a dot in its status's
 * colour, its title, a dot per label in the label's colour, and its
 * words (against its target, "1,204 / 3,000", when it has one), with its
 * synopsis as the tooltip; a part shows its title and an arrow saying
 * whether its chapters are folded away. */
GtkWidget     *df_chapter_row_new       (void);
/* Shows @item (NULL: nothing) and follows its changes. */
void           df_chapter_row_set_item  (DfChapterRow  *self,
                                         DfSidebarItem *item);
DfSidebarItem *df_chapter_row_get_item  (DfChapterRow  *self);

G_END_DECLS
