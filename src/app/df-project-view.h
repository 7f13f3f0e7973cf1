/* df-project-view.h: a project's chapters and the editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "df-document.h"
#include "df-session.h"

G_BEGIN_DECLS

#define DF_TYPE_PROJECT_VIEW (df_project_view_get_type ())
G_DECLARE_FINAL_TYPE (DfProjectView, df_project_view, DF, PROJECT_VIEW, GtkWidget)

/* The database, settings and autosave interval come from @session. */
void        df_project_view_set_session      (DfProjectView *self,
                                              DfSession     *session);
void        df_project_view_set_primary_menu (DfProjectView *self,
                                              GMenuModel    *menu);
/* Saves what is open, then opens @project_id at @chapter_id (0: the
 * first chapter). */
gboolean    df_project_view_load             (DfProjectView *self,
                                              gint64         project_id,
                                              gint64         chapter_id,
                                              GError       **error);
/* Closes the project (nothing open); does nothing while text is
 * unsaved: the caller saves first. */
void        df_project_view_unload           (DfProjectView *self);
/* Saves the open chapter's unsaved text and waits for the save (it runs
 * in a worker thread; the main context turns meanwhile).  On failure the
 * text stays in the editor, the error stays on screen, and autosave
 * tries again. */
gboolean    df_project_view_save             (DfProjectView *self,
                                              GError       **error);
/* Called by when_saved: @error is NULL once everything typed is saved,
 * or says why a save failed (the text stays in the editor, the error on
 * screen, and autosave tries again). */
typedef void (*DfProjectViewSavedFunc) (DfProjectView *self,
                                        const GError  *error,
                                        gpointer       data);
/* Calls @func once everything typed so far is saved: at once when
 * nothing is unsaved, else after the saves it takes, which run in a
 * worker while the main loop turns; then @destroy (@data).  Never called
 * when the view goes away first. */
void        df_project_view_when_saved       (DfProjectView          *self,
                                              DfProjectViewSavedFunc  func,
                                              gpointer                data,
                                              GDestroyNotify          destroy);
/* Opens @chapter_id: at once, or once the open chapter's unsaved text is
 * saved (then it stays open if that save fails).  FALSE when the chapter
 * cannot be opened. */
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
/* The open chapter: its text, its state and its saves. */
DfDocument *df_project_view_get_document     (DfProjectView *self);
/* A plugin's panel, as a page titled @title of the side pane beside the
 * text (shown with Shift+F9 or its header bar button); the panels go
 * away with remove_panels. */
void        df_project_view_add_panel        (DfProjectView *self,
                                              const char    *title,
                                              GtkWidget     *panel);
void        df_project_view_remove_panels    (DfProjectView *self);
/* The panel shown in the side pane now, or NULL when it is hidden.
 * show_panel (NULL) hides it. */
GtkWidget  *df_project_view_get_visible_panel (DfProjectView *self);
void        df_project_view_show_panel       (DfProjectView *self,
                                              GtkWidget     *panel);

G_END_DECLS
