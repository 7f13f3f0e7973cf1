/* df-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "df-session.h"

G_BEGIN_DECLS

#define DF_TYPE_PREFERENCES_WINDOW (df_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (DfPreferencesWindow, df_preferences_window, DF, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* The session's settings, with the AI and Credits pages when it has a
 * database and the Plugins page when it has plugins. */
DfPreferencesWindow *df_preferences_window_new (DfSession *session);

G_END_DECLS
