/* df-sync-status.h: the project's sync status in the header bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "df-session.h"
#include "df-sync-backend.h"

G_BEGIN_DECLS

#define DF_TYPE_SYNC_STATUS_BUTTON (df_sync_status_button_get_type ())
G_DECLARE_FINAL_TYPE (DfSyncStatusButton, df_sync_status_button, DF, SYNC_STATUS_BUTTON, GtkWidget)

GtkWidget  *df_sync_status_button_new         (void);
/* The git sync backend @session's plugin host has loaded, or NULL. */
DfSyncBackend *df_sync_find_backend           (DfSession          *session);
/* Shows the sync of @project_id (0: none); hidden unless the project is
 * linked to a repository and a sync backend is loaded. */
void        df_sync_status_button_set_project (DfSyncStatusButton *self,
                                               DfSession          *session,
                                               gint64              project_id);
/* What the button says: "Synced", "2 to send", "1 in conflict",
 * "Offline", "Sync error", "Syncing…". */
const char *df_sync_status_button_get_state   (DfSyncStatusButton *self);
/* Reads where the sync stands again (after a restore or a resolve). */
void        df_sync_status_button_refresh     (DfSyncStatusButton *self);
/* Starts a sync now, as the popover's Sync Now does. */
void        df_sync_status_button_sync        (DfSyncStatusButton *self);
/* Saves a version (and syncs, with a remote) every @seconds instead of
 * every sync-interval minutes (0: the setting again); for tests. */
void        df_sync_status_button_set_interval (DfSyncStatusButton *self,
                                                guint               seconds);

G_END_DECLS
