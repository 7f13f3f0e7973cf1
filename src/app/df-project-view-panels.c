/* df-project-view-panels.c: the project view's side pane, where the
 * plugins' panels and the Issues panel stand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-project"

#include "config.h"

#include "df-project-view-private.h"
#include "df-side-pane.h"

/* The side pane counts in the window's width only while it shows: hidden,
 * its width kept the chapters folded away on a window with room for them
 * and the text, once the pane had pushed them aside. */
static void
side_pane_shown_changed (DfProjectView *self)
{
  gboolean shown = adw_flap_get_reveal_flap (self->side_flap) || adw_flap_get_reveal_progress (self->side_flap) > 0;

  gtk_widget_set_visible (GTK_WIDGET (self->side_pane), shown);
}

void
_df_project_view_panels_init (DfProjectView *self)
{
  g_signal_connect_object (self->side_flap, "notify::reveal-flap", G_CALLBACK (side_pane_shown_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->side_flap, "notify::reveal-progress", G_CALLBACK (side_pane_shown_changed), self,
                           G_CONNECT_SWAPPED);
  side_pane_shown_changed (self);
}

void
df_project_view_add_panel (DfProjectView *self,
                           const char    *title,
                           GtkWidget     *panel)
{
  g_return_if_fail (DF_IS_PROJECT_VIEW (self));
  df_side_pane_add_panel (self->side_pane, title, panel);
  gtk_widget_set_visible (self->side_pane_button, TRUE);
}

void
df_project_view_remove_panels (DfProjectView *self)
{
  g_return_if_fail (DF_IS_PROJECT_VIEW (self));
  df_side_pane_remove_panels (self->side_pane);
  /* The Issues panel stays. */
  if (df_side_pane_get_n_panels (self->side_pane) == 0)
    {
      adw_flap_set_reveal_flap (self->side_flap, FALSE);
      gtk_widget_set_visible (self->side_pane_button, FALSE);
    }
}

GtkWidget *
df_project_view_get_visible_panel (DfProjectView *self)
{
  g_return_val_if_fail (DF_IS_PROJECT_VIEW (self), NULL);
  if (!adw_flap_get_reveal_flap (self->side_flap))
    return NULL;
  return df_side_pane_get_visible_panel (self->side_pane);
}

void
df_project_view_show_panel (DfProjectView *self,
                            GtkWidget     *panel)
{
  g_return_if_fail (DF_IS_PROJECT_VIEW (self));

  if (panel == NULL)
    {
      adw_flap_set_reveal_flap (self->side_flap, FALSE);
      return;
    }
  df_side_pane_set_visible_panel (self->side_pane, panel);
  adw_flap_set_reveal_flap (self->side_flap, TRUE);
}
