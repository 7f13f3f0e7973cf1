/* df-profile-choices.c: a profile's answers in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-profile-choices"

#include "config.h"

#include <glib/gi18n.h>

#include "df-profile-choices.h"

typedef struct
{
  const char *field;
  const char *value;
  const char *label;
} ValueLabel;

/* Every value the core allows (df-validate.c), in words. */
static const ValueLabel value_labels[] = {
  { "education_level", "high_school", N_("High school") },
  { "education_level", "undergraduate", N_("Undergraduate degree") },
  { "education_level", "graduate", N_("Graduate degree") },
  { "education_level", "professional", N_("Professional qualification") },
  { "programming_experience", "none", N_("None yet") },
  { "programming_experience", "beginner", N_("Beginner") },
  { "programming_experience", "intermediate", N_("Intermediate") },
  { "programming_experience", "advanced", N_("Advanced") },
  { "ai_ml_experience", "none", N_("None yet") },
  { "ai_ml_experience", "basic", N_("The basics") },
  { "ai_ml_experience", "intermediate", N_("Intermediate") },
  { "ai_ml_experience", "advanced", N_("Advanced") },
  { "experience_level", "beginner", N_("Beginner") },
  { "experience_level", "intermediate", N_("Intermediate") },
  { "experience_level", "expert", N_("Expert") },
  { "learning_goals", "career_change", N_("Changing careers") },
  { "learning_goals", "research", N_("Research") },
  { "learning_goals", "hobby", N_("A hobby") },
  { "learning_goals", "teaching", N_("Teaching others") },
  { "learning_goals", "building_projects", N_("Building projects") },
  /* The onboarding's first question, which decides the others. */
  { "role", "write", N_("Write books") },
  { "role", "read", N_("Read and study books") },
  { "role", "teach", N_("Teach with books") },
  { "preferred_language", "en", N_("English") },
  /* Translators: the language's own name, then its name in your language */
  { "preferred_language", "ur", N_("اردو (Urdu)") },
};

const char *
df_profile_value_label (const char *field,
                        const char *value)
{
  for (guint i = 0; i < G_N_ELEMENTS (value_labels); i++)
    if (g_strcmp0 (value_labels[i].field, field) == 0 &&
        g_strcmp0 (value_labels[i].value, value) == 0)
      return _(value_labels[i].label);
  return value;
}

char *
df_profile_join_choices (GPtrArray *toggles)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) values = NULL;

  for (guint i = 0; i < toggles->len; i++)
    {
      GObject *toggle = g_ptr_array_index (toggles, i);
      gboolean active = FALSE;

      g_object_get (toggle, "active", &active, NULL);
      if (active)
        g_strv_builder_add (builder, g_object_get_data (toggle, "df-value"));
    }
  values = g_strv_builder_end (builder);
  return g_strjoinv (",", values);
}

void
df_profile_add_choice_row (AdwPreferencesGroup *group,
                           const char          *field,
                           const char          *value,
                           GtkWidget           *toggle)
{
  g_autofree char *name = g_strdup_printf ("%s-%s", field, value);
  GtkWidget *row = adw_action_row_new ();

  gtk_widget_set_name (toggle, name);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (toggle), "df-value", (gpointer)value);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), df_profile_value_label (field, value));
  if (GTK_IS_CHECK_BUTTON (toggle))
    {
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), toggle);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (toggle),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL,
                                      -1);
    }
  else
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  adw_preferences_group_add (group, row);
}
