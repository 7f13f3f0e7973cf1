/* cli-profile.c: profile new, list, use, show, set
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cli-private.h"

static const CliField profile_field_list[] = {
  CLI_MEMBER (DfProfile, "id", id, CLI_STRING),
  CLI_MEMBER (DfProfile, "display_name", display_name, CLI_STRING),
  CLI_MEMBER (DfProfile, "active", active, CLI_BOOL),
  CLI_MEMBER (DfProfile, "email", email, CLI_STRING),
  CLI_MEMBER (DfProfile, "onboarding_completed", onboarding_completed, CLI_BOOL),
  CLI_MEMBER (DfProfile, "experience_level", experience_level, CLI_STRING),
  CLI_MEMBER (DfProfile, "education_level", education_level, CLI_STRING),
  CLI_MEMBER (DfProfile, "programming_experience", programming_experience, CLI_STRING),
  CLI_MEMBER (DfProfile, "ai_ml_experience", ai_ml_experience, CLI_STRING),
  CLI_MEMBER (DfProfile, "robotics_background", robotics_background, CLI_BOOL),
  CLI_MEMBER (DfProfile, "learning_goals", learning_goals, CLI_JSON_ARRAY),
  CLI_MEMBER (DfProfile, "preferred_language", preferred_language, CLI_STRING),
  CLI_MEMBER (DfProfile, "profile_data", profile_data, CLI_JSON_OBJECT),
  CLI_MEMBER (DfProfile, "created_at", created_at, CLI_STRING),
  CLI_MEMBER (DfProfile, "updated_at", updated_at, CLI_STRING),
};

static const CliFields profile_fields = CLI_FIELDS (profile_field_list);

/* "*" for the active profile. */
static void
get_active_mark (gconstpointer  record,
                 gconstpointer  data,
                 CliValue      *value)
{
  cli_value_set_string (value, ((const DfProfile *)record)->active ? "*" : "");
}

static const CliColumn profile_column_list[] = {
  { "", NULL, 0, get_active_mark },
  { N_("LANGUAGE"), "preferred_language", CLI_CELL_DASH },
  { N_("EXPERIENCE"), "experience_level", CLI_CELL_DASH },
  { N_("ID"), "id", 0 },
  { N_("NAME"), "display_name", 0 },
};

static const CliView profile_columns = CLI_VIEW (profile_column_list);

/* The settings show under their keys, as "profile set" takes them. */
static const CliColumn profile_detail_list[] = {
  { N_("Name:"), "display_name", 0 },
  { N_("Id:"), "id", 0 },
  { N_("Active:"), "active", CLI_CELL_YES_NO },
  { NULL, "email", CLI_CELL_KEY | CLI_CELL_DASH },
  { NULL, "onboarding_completed", CLI_CELL_KEY },
  { NULL, "experience_level", CLI_CELL_KEY | CLI_CELL_DASH },
  { NULL, "education_level", CLI_CELL_KEY | CLI_CELL_DASH },
  { NULL, "programming_experience", CLI_CELL_KEY | CLI_CELL_DASH },
  { NULL, "ai_ml_experience", CLI_CELL_KEY | CLI_CELL_DASH },
  { NULL, "robotics_background", CLI_CELL_KEY },
  { NULL, "learning_goals", CLI_CELL_KEY | CLI_CELL_DASH },
  { NULL, "preferred_language", CLI_CELL_KEY | CLI_CELL_DASH },
  { NULL, "profile_data", CLI_CELL_KEY | CLI_CELL_DASH },
  { N_("Created:"), "created_at", CLI_CELL_TIME },
  { N_("Updated:"), "updated_at", CLI_CELL_TIME },
};

static const CliView profile_details = CLI_VIEW (profile_detail_list);

static gboolean
profile_new (Cli     *cli,
             char   **args,
             GError **error)
{
  g_autoptr(DfProfile) profile = NULL;

  if (!cli_open (cli, error))
    return FALSE;

  profile = df_profile_create (cli->store, args[0], error);
  return profile != NULL;
}

const CliBuiltin cli_profile_new = {
  N_("NAME"), 1, 1, NULL,
  N_("Creates a reader profile.  The first profile becomes the active one."),
  profile_new,
};

static gboolean
profile_list (Cli     *cli,
              char   **args,
              GError **error)
{
  g_autoptr(GPtrArray) profiles = NULL;

  if (!cli_open (cli, error))
    return FALSE;
  profiles = df_profile_list (cli->store, error);
  if (profiles == NULL)
    return FALSE;

  if (!cli_print_list (&profile_fields, &profile_columns, profiles, NULL))
    cli_outf (_("No profiles yet. Create one with “%s profile new NAME”.\n"), CLI_PROGRAM);
  return TRUE;
}

const CliBuiltin cli_profile_list = {
  "", 0, 0, cli_json_options,
  N_("The active profile is marked with *."),
  profile_list,
};

static gboolean
profile_use (Cli     *cli,
             char   **args,
             GError **error)
{
  g_autoptr(DfProfile) profile = cli_profile (cli, args[0], CLI_PROFILE_REQUIRED, error);

  return profile != NULL && df_profile_set_active (cli->store, profile->id, error);
}

const CliBuiltin cli_profile_use = {
  N_("NAME"), 1, 1, NULL,
  N_("Makes NAME (a display name or an id) the active profile."),
  profile_use,
};

static gboolean
profile_show (Cli     *cli,
              char   **args,
              GError **error)
{
  g_autoptr(DfProfile) profile = cli_profile (cli, args[0], CLI_PROFILE_REQUIRED, error);

  if (profile == NULL)
    return FALSE;

  cli_print_record (&profile_fields, &profile_details, profile, NULL);
  return TRUE;
}

const CliBuiltin cli_profile_show = {
  N_("[NAME]"), 0, 1, cli_json_options,
  N_("Shows NAME (a display name or an id), or the active profile."),
  profile_show,
};

static gboolean
profile_set (Cli     *cli,
             char   **args,
             GError **error)
{
  g_autoptr(DfProfile) profile = cli_profile (cli, cli_opt_profile, CLI_PROFILE_REQUIRED, error);

  return profile != NULL && df_profile_set (cli->store, profile->id, args[0], args[1], error);
}

const CliBuiltin cli_profile_set = {
  N_("KEY VALUE"), 2, 2, cli_change_profile_options,
  N_("KEY is one of display_name, email, onboarding_completed (true/false), "
     "experience_level (beginner, intermediate, expert), education_level "
     "(high_school, undergraduate, graduate, professional), "
     "programming_experience (none, beginner, intermediate, advanced), "
     "ai_ml_experience (none, basic, intermediate, advanced), "
     "robotics_background (true/false), learning_goals (comma-separated or a "
     "JSON array), preferred_language (en, ur), profile_data (a JSON object)."),
  profile_set,
};
