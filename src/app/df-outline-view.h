/* df-outline-view.h: the book as a table of chapters — number, title,
 * synopsis (edited in place), status, labels, words, target, last edited
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "df-session.h"

G_BEGIN_DECLS

#define DF_TYPE_OUTLINE_VIEW (df_outline_view_get_type ())
G_DECLARE_FINAL_TYPE (DfOutlineView, df_outline_view, DF, OUTLINE_VIEW, GtkWidget)

GtkWidget *df_outline_view_new          (void);
void       df_outline_view_set_session  (DfOutlineView *self,
                                         DfSession     *session);
/* Lists the chapters of @project_id again from the database; what the
 * undo holds is kept only for the same project. */
void       df_outline_view_load         (DfOutlineView *self,
                                         gint64         project_id);
/* The rows shown (after the filters), and the selected ones. */
guint      df_outline_view_get_n_shown  (DfOutlineView *self);
/* Moves chapter @chapter_id to place @to (from 1) of the book, as a row
 * dropped on another does (df_chapter_move); undoable. */
gboolean   df_outline_view_move         (DfOutlineView *self,
                                         gint64         chapter_id,
                                         gint64         to);
/* Whether there is something to undo. */
gboolean   df_outline_view_can_undo     (DfOutlineView *self);

G_END_DECLS
