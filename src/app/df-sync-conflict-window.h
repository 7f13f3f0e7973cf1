/* df-sync-conflict-window.h: a chapter a sync could not merge, its two
 * texts side by side, and the writer's choice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "df-session.h"

G_BEGIN_DECLS

#define DF_TYPE_SYNC_CONFLICT_WINDOW (df_sync_conflict_window_get_type ())
G_DECLARE_FINAL_TYPE (DfSyncConflictWindow, df_sync_conflict_window, DF, SYNC_CONFLICT_WINDOW, AdwWindow)

/* The conflict of @chapter_id: this side's text (which the writer may
 * edit into a merge) beside the other side's.  NULL with @error when the
 * chapter has no conflict.  Emits "resolved" once the choice is saved,
 * then closes. */
DfSyncConflictWindow *df_sync_conflict_window_new (DfSession  *session,
                                                   gint64      chapter_id,
                                                   GError    **error);
/* TRUE while the choice is being saved. */
gboolean              df_sync_conflict_window_get_busy (DfSyncConflictWindow *self);

G_END_DECLS
