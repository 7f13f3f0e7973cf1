/* df-profile-window.h: edit a profile later
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "df-session.h"

G_BEGIN_DECLS

#define DF_TYPE_PROFILE_WINDOW (df_profile_window_get_type ())
G_DECLARE_FINAL_TYPE (DfProfileWindow, df_profile_window, DF, PROFILE_WINDOW, AdwPreferencesWindow)

/* Profile @profile_id of @session's database.  Every change is saved at
 * once; a refused value shows its message.  "Use This Profile" makes it
 * the active one. */
DfProfileWindow *df_profile_window_new (DfSession  *session,
                                        const char *profile_id);

G_END_DECLS
