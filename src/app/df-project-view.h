/* df-project-view.h: a project's chapters and the editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "df-store.h"

G_BEGIN_DECLS

#define DF_TYPE_PROJECT_VIEW (df_project_view_get_type ())
G_DECLARE_FINAL_TYPE (DfProjectView, df_project_view, DF, PROJECT_VIEW, GtkWidget)

void        df_project_view_set_store        (DfProjectView *self,
                                              DfStore       *store);
void        df_project_view_set_settings     (DfProjectView *self,
                                              GSettings     *settings);
void        df_project_view_set_primary_menu (DfProjectView *self,
                                              GMenuModel    *menu);
/* Saves what is open, then opens @project_id at @chapter_id (0: the
 * first chapter). */
gboolean    df_project_view_load             (DfProjectView *self,
                                              gint64         project_id,
                                              gint64         chapter_id,
                                              GError       **error);
/* Saves, then closes the project (nothing open). */
void        df_project_view_unload           (DfProjectView *self);
/* Saves the open chapter now if it has unsaved changes.  On failure the
 * text stays in the editor, the error stays on screen, and autosave
 * tries again. */
gboolean    df_project_view_save             (DfProjectView *self,
                                              GError       **error);
gboolean    df_project_view_open_chapter     (DfProjectView *self,
                                              gint64         chapter_id);
gint64      df_project_view_get_project_id   (DfProjectView *self);
gint64      df_project_view_get_chapter_id   (DfProjectView *self);
gboolean    df_project_view_get_modified     (DfProjectView *self);
/* "Chapter — Project", with a leading "• " while unsaved; NULL when no
 * project is open.  Notified as the "title" property. */
const char *df_project_view_get_title        (DfProjectView *self);
void        df_project_view_focus_editor     (DfProjectView *self);
GtkWidget  *df_project_view_get_editor       (DfProjectView *self);
/* A plugin's panel, as a page of the sidebar behind a button titled
 * @title; the panels go away with remove_panels. */
void        df_project_view_add_panel        (DfProjectView *self,
                                              const char    *title,
                                              GtkWidget     *panel);
void        df_project_view_remove_panels    (DfProjectView *self);
/* The panel shown in the sidebar now, or NULL for the chapters. */
GtkWidget  *df_project_view_get_visible_panel (DfProjectView *self);
void        df_project_view_show_panel       (DfProjectView *self,
                                              GtkWidget     *panel);

G_END_DECLS
