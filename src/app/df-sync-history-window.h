/* df-sync-history-window.h: a project's synced versions, a chapter's
 * across them, and the book restored to one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "df-session.h"

G_BEGIN_DECLS

#define DF_TYPE_SYNC_HISTORY_WINDOW (df_sync_history_window_get_type ())
G_DECLARE_FINAL_TYPE (DfSyncHistoryWindow, df_sync_history_window, DF, SYNC_HISTORY_WINDOW, AdwWindow)

/* The text of @chapter_id now (the editor's when it is open), to compare
 * an earlier version with; a new string, or NULL. */
typedef char *(*DfSyncCurrentTextFunc) (gint64   chapter_id,
                                        gpointer data);

/* Signals: "restore-chapter" (gint64 chapter_id, const char *text): the
 * writer chose to bring back a chapter's text as a version had it;
 * "restored": the whole book changed (restored, or the restore undone). */
DfSyncHistoryWindow *df_sync_history_window_new          (DfSession             *session,
                                                          gint64                 project_id);
void                 df_sync_history_window_set_current_func (DfSyncHistoryWindow   *self,
                                                          DfSyncCurrentTextFunc  func,
                                                          gpointer               data,
                                                          GDestroyNotify         destroy);
/* Lists only the versions that changed @chapter_id (0: every version). */
void                 df_sync_history_window_set_chapter  (DfSyncHistoryWindow   *self,
                                                          gint64                 chapter_id);
/* TRUE while the versions or a restore are being read or written. */
gboolean             df_sync_history_window_get_busy     (DfSyncHistoryWindow   *self);
guint                df_sync_history_window_get_n_versions (DfSyncHistoryWindow *self);
void                 df_sync_history_window_select       (DfSyncHistoryWindow   *self,
                                                          guint                  index);

G_END_DECLS
