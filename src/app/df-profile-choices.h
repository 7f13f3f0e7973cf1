/* df-profile-choices.h: a profile's answers in words, shared by the
 * onboarding questionnaire and the profile window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The translated, human label for a stored profile value, such as
 * ("education_level", "high_school") -> "High school"; @value itself when
 * the pair is unknown. */
const char *df_profile_value_label   (const char *field,
                                      const char *value);
/* The "df-value" of each active toggle of @toggles (GtkCheckButton or
 * GtkSwitch), comma-separated, as df_profile_set takes a list. */
char       *df_profile_join_choices  (GPtrArray  *toggles);
/* Adds to @group a row, titled with the label of @field's @value, that
 * toggles @toggle: a GtkCheckButton goes before the title, a GtkSwitch
 * after it.  @toggle is named "FIELD-VALUE" and keeps @value as its
 * "df-value". */
void        df_profile_add_choice_row (AdwPreferencesGroup *group,
                                       const char          *field,
                                       const char          *value,
                                       GtkWidget           *toggle);

G_END_DECLS
