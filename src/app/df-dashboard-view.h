/* df-dashboard-view.h: a project's progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "df-session.h"

G_BEGIN_DECLS

#define DF_TYPE_DASHBOARD_VIEW (df_dashboard_view_get_type ())
G_DECLARE_FINAL_TYPE (DfDashboardView, df_dashboard_view, DF, DASHBOARD_VIEW, GtkWidget)

GtkWidget *df_dashboard_view_new         (void);
/* Once: the view shows what is in the session's store. */
void       df_dashboard_view_set_session (DfDashboardView *self,
                                          DfSession       *session);
void       df_dashboard_view_set_profile (DfDashboardView *self,
                                          const char      *profile_id);
/* (Re)loads everything shown for @project_id. */
void       df_dashboard_view_load        (DfDashboardView *self,
                                          gint64           project_id);
/* Stores @deadline ("YYYY-MM-DD"; NULL or "" clears it) under "deadline"
 * in the project's settings, keeping the other keys, and reloads. */
gboolean   df_dashboard_view_set_deadline (DfDashboardView  *self,
                                           const char       *deadline,
                                           GError          **error);

G_END_DECLS
