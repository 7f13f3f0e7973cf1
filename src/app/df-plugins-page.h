/* df-plugins-page.h: the Plugins page of the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "df-session.h"

G_BEGIN_DECLS

#define DF_TYPE_PLUGINS_PAGE (df_plugins_page_get_type ())
G_DECLARE_FINAL_TYPE (DfPluginsPage, df_plugins_page, DF, PLUGINS_PAGE, AdwPreferencesPage)

/* Every plugin of @session's plugin host. */
GtkWidget *df_plugins_page_new     (DfSession     *session);
/* Installs @path (a folder or an archive) as the button does. */
gboolean   df_plugins_page_install (DfPluginsPage *self,
                                    const char    *path,
                                    GError       **error);

/* What "Install from File…" does once a file is chosen: shows what the
 * plugin at @path asks to do, and installs it if the user says Install. */
void       df_plugins_page_ask_install   (DfPluginsPage *self,
                                          const char    *path);
/* Tells, once, of each plugin disabled after it crashed DraftForge: a
 * dialog over @parent with Keep Off, Enable Again and (for a plugin the
 * user installed) Remove. */
void       df_plugins_show_crash_notices (GtkWindow    *parent,
                                          DfPluginHost *host);

G_END_DECLS
