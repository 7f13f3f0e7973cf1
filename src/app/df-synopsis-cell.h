/* df-synopsis-cell.h: a synopsis shown as a label, edited in place in an
 * entry made the first time it is needed (the outline's cells, the
 * corkboard's cards)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DF_TYPE_SYNOPSIS_CELL (df_synopsis_cell_get_type ())
G_DECLARE_FINAL_TYPE (DfSynopsisCell, df_synopsis_cell, DF, SYNOPSIS_CELL, GtkWidget)

/* @lines: 1 for one line, ellipsized; more for a wrapped text of at most
 * that many lines. */
GtkWidget  *df_synopsis_cell_new           (int             lines);
/* Shows @text; an edit under way is ended first, its text kept
 * ("commit" is emitted when it changed). */
void        df_synopsis_cell_set_text      (DfSynopsisCell *self,
                                            const char     *text);
/* The entry takes the place of the label, with the text, focused.  A
 * click on the label does the same. */
void        df_synopsis_cell_start_editing (DfSynopsisCell *self);
gboolean    df_synopsis_cell_get_editing   (DfSynopsisCell *self);

G_END_DECLS
