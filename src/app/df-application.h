/* df-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "df-plugin-host.h"
#include "df-session.h"
#include "df-store.h"

G_BEGIN_DECLS

#define DF_TYPE_APPLICATION (df_application_get_type ())
G_DECLARE_FINAL_TYPE (DfApplication, df_application, DF, APPLICATION, AdwApplication)

#define DF_APPLICATION_DEFAULT (DF_APPLICATION (g_application_get_default ()))

DfApplication *df_application_new               (void);
/* The session every window and view shares (df-session.h); NULL before
 * start-up. */
DfSession     *df_application_get_session       (DfApplication *self);
/* NULL when the database could not be opened; see _get_store_error. */
DfStore       *df_application_get_store         (DfApplication *self);
const GError  *df_application_get_store_error   (DfApplication *self);
const char    *df_application_get_db_path       (DfApplication *self);
GSettings     *df_application_get_settings      (DfApplication *self);
/* Replaces the database with its backup (keeping the unreadable file
 * beside it as PATH.unreadable-N) and opens it. */
gboolean       df_application_restore_backup    (DfApplication *self,
                                                 GError       **error);
/* NULL when the database could not be opened. */
DfPluginHost  *df_application_get_plugin_host   (DfApplication *self);
/* The active profile's id, or NULL (no profile yet). */
char          *df_application_dup_profile_id    (DfApplication *self);
/* Versions, database and renderer, for a bug report (About →
 * Troubleshooting).  @window may be NULL. */
char          *df_application_dup_debug_info    (DfApplication *self,
                                                 GtkWindow     *window);

G_END_DECLS
