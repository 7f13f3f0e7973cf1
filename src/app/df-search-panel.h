/* df-search-panel.h: full-text search over the open project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DF_TYPE_SEARCH_PANEL (df_search_panel_get_type ())
G_DECLARE_FINAL_TYPE (DfSearchPanel, df_search_panel, DF, SEARCH_PANEL, GtkWidget)

/* Searches run in a worker thread with their own connection to @db_path,
 * a page of occurrences at a time.  "result-activated" (chapter id,
 * character offset of the occurrence, its length) is emitted when a
 * result is chosen. */
void  df_search_panel_set_project (DfSearchPanel *self,
                                   const char    *db_path,
                                   gint64         project_id);
void  df_search_panel_search      (DfSearchPanel *self,
                                   const char    *query);
void  df_search_panel_focus       (DfSearchPanel *self);
/* Runs the search shown again (the chapters changed under it). */
void  df_search_panel_search_again (DfSearchPanel *self);
/* Shows (or hides) the replace row; the list then shows what Replace All
 * would change, and Replace All activates "project.replace-all" (query,
 * replacement). */
void  df_search_panel_set_replace (DfSearchPanel *self,
                                   gboolean       replace);
/* Occurrences shown, and how many there are in all. */
guint    df_search_panel_get_n_results (DfSearchPanel *self);
gint64   df_search_panel_get_total     (DfSearchPanel *self);
/* Asks for the next page, as scrolling to the end of the list does. */
void     df_search_panel_show_more     (DfSearchPanel *self);
/* Whether a search is running in the worker. */
gboolean df_search_panel_is_busy       (DfSearchPanel *self);

G_END_DECLS
