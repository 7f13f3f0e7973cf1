/* df-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DF_TYPE_PREFERENCES_WINDOW (df_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (DfPreferencesWindow, df_preferences_window, DF, PREFERENCES_WINDOW, AdwPreferencesWindow)

DfPreferencesWindow *df_preferences_window_new (GSettings *settings);

G_END_DECLS
