/* df-session.h: what every view of a running DraftForge shares
 *
 * One database (its path, the open store or why it could not be
 * opened), the settings and the plugin host.  The application makes one
 * session and hands it to each window; a window hands it to its views.
 * Nothing below the application asks the application for these.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "df-plugin-host.h"
#include "df-store.h"

G_BEGIN_DECLS

#define DF_TYPE_SESSION (df_session_get_type ())
G_DECLARE_FINAL_TYPE (DfSession, df_session, DF, SESSION, GObject)

/* Opens the database at @db_path (NULL: the user's default) and loads the
 * plugins.  A database that cannot be opened is not an error here: the
 * session has no store and get_store_error says why. */
DfSession    *df_session_new               (const char  *db_path,
                                            GSettings   *settings);
/* A session around @store, already open (a view on its own, as in the
 * widget tests): its path is the store's, and no plugins are loaded. */
DfSession    *df_session_new_for_store     (DfStore     *store,
                                            GSettings   *settings);
/* NULL when the database could not be opened, or was found damaged;
 * see get_store_error.  Notified as "store" when the store changes
 * (damage found, a backup restored).  NULL too when @self is NULL (a
 * view not given its session yet), as for the path. */
DfStore      *df_session_get_store         (DfSession   *self);
const GError *df_session_get_store_error   (DfSession   *self);
const char   *df_session_get_db_path       (DfSession   *self);
GSettings    *df_session_get_settings      (DfSession   *self);
/* NULL when the database could not be opened. */
DfPluginHost *df_session_get_plugin_host   (DfSession   *self);
/* Calls @callback (@instance) now and whenever the store is replaced
 * (a restored backup), for as long as @instance lives. */
void          df_session_watch_store       (DfSession   *self,
                                            gpointer     instance,
                                            GCallback    callback);
/* The watch on the database: "database-changed" is emitted when another
 * connection (another program, or a worker thread of this one) has
 * committed since the last check.  The session checks every second while
 * at least one view holds the watch (a view on screen holds it), and at
 * once on check_changes (a window that comes back to the front). */
void          df_session_hold_watch        (DfSession   *self);
void          df_session_release_watch     (DfSession   *self);
void          df_session_check_changes     (DfSession   *self);
/* The active profile's id, or NULL (no profile yet). */
char         *df_session_dup_profile_id    (DfSession   *self);
/* The database was found damaged while open (by a query, or by the
 * start-up check): the store is closed, and get_store_error says so
 * (DF_ERROR_CORRUPT), with the way to the backups.  A query's damage is
 * reported by the session itself. */
void          df_session_report_damage     (DfSession    *self,
                                            const GError *damage);
/* The database's backups (DfBackup, df-backup.h), each checked, the good
 * ones first, newest first: in a worker thread. */
void          df_session_list_backups      (DfSession            *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GPtrArray    *df_session_list_backups_finish (DfSession          *self,
                                              GAsyncResult       *result,
                                              GError            **error);
/* While the database is not open: puts @backup_path in its place (the
 * backup is checked first; the unreadable file is kept beside it as
 * PATH.unreadable-N, in @aside_out) in a worker thread, then opens it. */
void          df_session_restore_backup    (DfSession            *self,
                                            const char           *backup_path,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean      df_session_restore_backup_finish (DfSession        *self,
                                                GAsyncResult     *result,
                                                char            **aside_out,
                                                GError          **error);

G_END_DECLS
