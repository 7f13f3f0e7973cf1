/* df-onboarding-window.h: the first-run questionnaire that makes a profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "df-store.h"

G_BEGIN_DECLS

#define DF_TYPE_ONBOARDING_WINDOW (df_onboarding_window_get_type ())
G_DECLARE_FINAL_TYPE (DfOnboardingWindow, df_onboarding_window, DF, ONBOARDING_WINDOW, AdwWindow)

/* Emits "finished" (with the new profile's id, or NULL when the user
 * skipped) and closes. */
DfOnboardingWindow *df_onboarding_window_new (DfStore *store);

/* The translated, human label for a stored profile value, such as
 * ("education_level", "high_school") -> "High school"; @value itself when
 * the pair is unknown.  Shared with DfProfileWindow. */
const char *df_profile_value_label (const char *field,
                                    const char *value);

G_END_DECLS
