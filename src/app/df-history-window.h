/* df-history-window.h: a chapter's earlier versions, or a project's
 * deleted chapters, to read and restore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "df-model.h"

G_BEGIN_DECLS

#define DF_TYPE_HISTORY_WINDOW (df_history_window_get_type ())
G_DECLARE_FINAL_TYPE (DfHistoryWindow, df_history_window, DF, HISTORY_WINDOW, AdwWindow)

/* The earlier versions of chapter @chapter_id (titled @title), newest
 * first; Changes compares the one shown with @current (the text in the
 * editor).  Restore emits "restore" with the chosen DfRevision and closes. */
DfHistoryWindow  *df_history_window_new_for_chapter (DfStore     *store,
                                                     gint64       chapter_id,
                                                     const char  *title,
                                                     const char  *current,
                                                     GError     **error);
/* The chapters deleted from @project_id, each with its last text. */
DfHistoryWindow  *df_history_window_new_for_deleted (DfStore     *store,
                                                     gint64       project_id,
                                                     GError     **error);
/* The versions of a chapter kept by sync (@revisions: DfRevision of
 * kind "sync", newest first, their label the version's message and
 * author), compared with @current and restored as the chapter's. */
DfHistoryWindow  *df_history_window_new_for_versions (GPtrArray   *revisions,
                                                      const char  *title,
                                                      const char  *current);
guint             df_history_window_get_n_items     (DfHistoryWindow *self);
/* Selects the @index-th version (0: the newest) and shows its text. */
void              df_history_window_select          (DfHistoryWindow *self,
                                                     guint            index);
/* Selects revision @revision_id and, when @compare, shows the Changes
 * from it to the text now; FALSE when the list does not have it.  A
 * version saved elsewhere ("conflict") is marked seen once shown. */
gboolean          df_history_window_show_revision   (DfHistoryWindow *self,
                                                     gint64           revision_id,
                                                     gboolean         compare);
/* The version shown, or NULL; owned by the window. */
const DfRevision *df_history_window_get_selected    (DfHistoryWindow *self);

G_END_DECLS
