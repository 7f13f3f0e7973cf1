/* df-search-panel.h: full-text search over the open project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DF_TYPE_SEARCH_PANEL (df_search_panel_get_type ())
G_DECLARE_FINAL_TYPE (DfSearchPanel, df_search_panel, DF, SEARCH_PANEL, GtkWidget)

/* Searches run in a worker thread with their own connection to @db_path.
 * "result-activated" (chapter id, character offset or -1, length) is
 * emitted when a result is chosen. */
void  df_search_panel_set_project (DfSearchPanel *self,
                                   const char    *db_path,
                                   gint64         project_id);
void  df_search_panel_search      (DfSearchPanel *self,
                                   const char    *query);
void  df_search_panel_focus       (DfSearchPanel *self);
guint df_search_panel_get_n_results (DfSearchPanel *self);

G_END_DECLS
