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

/* What main.c does before anything is translated or GTK starts: when
 * the "use-profile-language" setting is on, the active profile's
 * preferred language (in the database --db in @argv names, else the
 * usual one) becomes the interface's (LANGUAGE); then the locale, and
 * the text domain bound to @localedir.  A restart (app.restart) gives
 * the next start the environment's own LANGUAGE back. */
void           df_application_init_language     (int            argc,
                                                 char         **argv,
                                                 const char    *localedir);
/* The language the interface was started in ("ur", "en"). */
const char    *df_application_get_language      (void);
/* The language the interface should be in now: the active profile's
 * when the setting is on, else the environment's. */
char          *df_application_dup_wanted_language (DfApplication *self);

DfApplication *df_application_new               (void);
/* Whether the application quit to start again (app.restart): main.c
 * then runs it again in the same process. */
gboolean       df_application_get_restart       (DfApplication *self);
/* The session every window and view shares (df-session.h); NULL before
 * start-up. */
DfSession     *df_application_get_session       (DfApplication *self);
/* Versions, database and renderer, for a bug report (About →
 * Troubleshooting).  @window may be NULL. */
char          *df_application_dup_debug_info    (DfApplication *self,
                                                 GtkWindow     *window);

G_END_DECLS
