/* df-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "df-session.h"

G_BEGIN_DECLS

#define DF_TYPE_APPLICATION (df_application_get_type ())
G_DECLARE_FINAL_TYPE (DfApplication, df_application, DF, APPLICATION, AdwApplication)

#define DF_APPLICATION_DEFAULT (DF_APPLICATION (g_application_get_default ()))

DfApplication *df_application_new               (void);
/* The session every window and view shares (df-session.h); NULL before
 * start-up. */
DfSession     *df_application_get_session       (DfApplication *self);
/* Versions, database and renderer, for a bug report (About →
 * Troubleshooting).  @window may be NULL. */
char          *df_application_dup_debug_info    (DfApplication *self,
                                                 GtkWindow     *window);

G_END_DECLS
