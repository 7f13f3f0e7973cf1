/* df-project-sidebar.h: a project's parts and chapters, and its search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "df-chapter-row.h"
#include "df-sidebar-item.h"
#include "df-session.h"

G_BEGIN_DECLS

#define DF_TYPE_PROJECT_SIDEBAR (df_project_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (DfProjectSidebar, df_project_sidebar, DF, PROJECT_SIDEBAR, GtkWidget)

/* The sidebar lives in a DfProjectView and asks it through its actions:
 * choosing a chapter activates "project.open-chapter" (its id), choosing
 * a search result "project.show-match" (chapter id, character offset,
 * length), and Delete "project.delete".  Dragging a chapter onto another
 * row moves it there in the book. */
void          df_project_sidebar_set_session        (DfProjectSidebar *self,
                                                     DfSession        *session);
/* Lists @project_id's parts and chapters (once df_project_sidebar_reload
 * is called) and searches in it (0: none). */
void          df_project_sidebar_set_project        (DfProjectSidebar *self,
                                                     gint64            project_id);
/* Lists them again, after a change to the book. */
void          df_project_sidebar_reload             (DfProjectSidebar *self);
guint         df_project_sidebar_get_n_chapters     (DfProjectSidebar *self);
/* The row of the open chapter, selected now and after a reload. */
void          df_project_sidebar_select_chapter     (DfProjectSidebar *self,
                                                     gint64            chapter_id);
/* The selected part or chapter, or the open chapter; NULL when neither
 * is there.  The sidebar owns it. */
DfSidebarItem *df_project_sidebar_get_selected      (DfProjectSidebar *self);
/* The part or chapter before (or after) @item in the book as the sidebar
 * lists it, folded or filtered away or not; NULL at either end. */
DfSidebarItem *df_project_sidebar_get_neighbour     (DfProjectSidebar *self,
                                                     DfSidebarItem    *item,
                                                     gboolean          down);
/* Selects @chapter_id's row and gives it the keyboard focus. */
void          df_project_sidebar_focus_chapter      (DfProjectSidebar *self,
                                                     gint64            chapter_id);
/* The chapter after (or before) @chapter_id in the list, or 0. */
gint64        df_project_sidebar_get_next_chapter   (DfProjectSidebar *self,
                                                     gint64            chapter_id,
                                                     gboolean          forward);
/* A save of @chapter_id left it with @words: its row says so. */
void          df_project_sidebar_set_chapter_words  (DfProjectSidebar *self,
                                                     gint64            chapter_id,
                                                     gint64            words);
/* Shows the search page and focuses its entry. */
void          df_project_sidebar_begin_search       (DfProjectSidebar *self);
/* Runs the search shown again (the chapters changed under it). */
void          df_project_sidebar_search_again       (DfProjectSidebar *self);

G_END_DECLS
