/* df-side-pane.h: the plugins' panels, beside the text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DF_TYPE_SIDE_PANE (df_side_pane_get_type ())
G_DECLARE_FINAL_TYPE (DfSidePane, df_side_pane, DF, SIDE_PANE, GtkWidget)

GtkWidget *df_side_pane_new               (void);
/* Adds @panel (a plugin's: the coach) as a page titled @title. */
void       df_side_pane_add_panel         (DfSidePane *self,
                                           const char *title,
                                           GtkWidget  *panel);
/* Adds @panel (DraftForge's own: the Issues panel) as a page that
 * df_side_pane_remove_panels () leaves. */
void       df_side_pane_add_lasting_panel (DfSidePane *self,
                                           const char *title,
                                           GtkWidget  *panel);
/* Removes the plugins' panels. */
void       df_side_pane_remove_panels     (DfSidePane *self);
guint      df_side_pane_get_n_panels      (DfSidePane *self);
/* The panel on its page now (NULL: none). */
GtkWidget *df_side_pane_get_visible_panel (DfSidePane *self);
void       df_side_pane_set_visible_panel (DfSidePane *self,
                                           GtkWidget  *panel);

G_END_DECLS
