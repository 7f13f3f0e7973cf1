/* df-sync-settings-window.h: where a project syncs: its repository, its
 * remote and the remote's token
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "df-session.h"

G_BEGIN_DECLS

#define DF_TYPE_SYNC_SETTINGS_WINDOW (df_sync_settings_window_get_type ())
G_DECLARE_FINAL_TYPE (DfSyncSettingsWindow, df_sync_settings_window, DF, SYNC_SETTINGS_WINDOW, AdwWindow)

/* Emits "changed" when the project was linked or its remote changed. */
DfSyncSettingsWindow *df_sync_settings_window_new      (DfSession            *session,
                                                        gint64                project_id);
/* TRUE while something is being read or written. */
gboolean              df_sync_settings_window_get_busy (DfSyncSettingsWindow *self);
/* What the window says about the token ("A token is kept in the
 * keyring", …) and the last error, or NULL. */
const char           *df_sync_settings_window_get_token_state (DfSyncSettingsWindow *self);
const char           *df_sync_settings_window_get_error (DfSyncSettingsWindow *self);

G_END_DECLS
