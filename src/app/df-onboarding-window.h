/* df-onboarding-window.h: the first-run questionnaire that makes a profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "df-session.h"

G_BEGIN_DECLS

#define DF_TYPE_ONBOARDING_WINDOW (df_onboarding_window_get_type ())
G_DECLARE_FINAL_TYPE (DfOnboardingWindow, df_onboarding_window, DF, ONBOARDING_WINDOW, AdwWindow)

/* Makes a profile in @session's database; emits "finished" (with the
 * new profile's id, or NULL when the user skipped) and closes. */
DfOnboardingWindow *df_onboarding_window_new (DfSession *session);

G_END_DECLS
