/* df-corkboard-view.h: the book as index cards — title, synopsis, status
 * colour, words — in book order, reordered by dragging
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "df-session.h"

G_BEGIN_DECLS

#define DF_TYPE_CORKBOARD_VIEW (df_corkboard_view_get_type ())
G_DECLARE_FINAL_TYPE (DfCorkboardView, df_corkboard_view, DF, CORKBOARD_VIEW, GtkWidget)

void     df_corkboard_view_set_session (DfCorkboardView *self,
                                        DfSession       *session);
/* Lists the chapters of @project_id again from the database. */
void     df_corkboard_view_load        (DfCorkboardView *self,
                                        gint64           project_id);
guint    df_corkboard_view_get_n_cards (DfCorkboardView *self);
/* Moves the card of @chapter_id to book position @to (1-based), as a
 * drop does: one step the undo takes back. */
gboolean df_corkboard_view_move        (DfCorkboardView *self,
                                        gint64           chapter_id,
                                        gint64           to);
gboolean df_corkboard_view_can_undo    (DfCorkboardView *self);

G_END_DECLS
