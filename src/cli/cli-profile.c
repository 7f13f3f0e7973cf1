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
  { N_("LANGUAGE"), "preferred_language", CLI_CELL_DASH, NULL },
  { N_("EXPERIENCE"), "experience_level", CLI_CELL_DASH, NULL },
  { N_("ID"), "id", 0, NULL },
  { N_("NAME"), "display_name", 0, NULL },
};

static const CliView profile_columns = CLI_VIEW (profile_column_list);

/* The settings show under their keys, as "profile set" takes them. */
static const CliColumn profile_detail_list[] = {
  { N_("Name:"), "display_name", 0, NULL },
  { N_("Id:"), "id", 0, NULL },
  { N_("Active:"), "active", CLI_CELL_YES_NO, NULL },
  { NULL, "email", CLI_CELL_KEY | CLI_CELL_DASH, NULL },
  { NULL, "onboarding_completed", CLI_CELL_KEY, NULL },
  { NULL, "experience_level", CLI_CELL_KEY | CLI_CELL_DASH, NULL },
  { NULL, "education_level", CLI_CELL_KEY | CLI_CELL_DASH, NULL },
  { NULL, "programming_experience", CLI_CELL_KEY | CLI_CELL_DASH, NULL },
  { NULL, "ai_ml_experience", CLI_CELL_KEY | CLI_CELL_DASH, NULL },
  { NULL, "robotics_background", CLI_CELL_KEY, NULL },
  { NULL, "learning_goals", CLI_CELL_KEY | CLI_CELL_DASH, NULL },
  { NULL, "preferred_language", CLI_CELL_KEY | CLI_CELL_DASH, NULL },
  { NULL, "profile_data", CLI_CELL_KEY | CLI_CELL_DASH, NULL },
  { N_("Created:"), "created_at", CLI_CELL_TIME, NULL },
  { N_("Updated:"), "updated_at", CLI_CELL_TIME, NULL },
};

static const CliView profile_details = CLI_VIEW (profile_detail_list);

gboolean
cli_profile_new (Cli     *cli,
                 char   **args,
                 GError **error)
{
  g_autoptr(DfProfile) profile = NULL;

  if (!cli_open (cli, error))
    return FALSE;

  profile = df_profile_create (cli->store, args[0], error);
  return profile != NULL;
}

gboolean
cli_profile_list (Cli     *cli,
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

gboolean
cli_profile_use (Cli     *cli,
                 char   **args,
                 GError **error)
{
  g_autoptr(DfProfile) profile = cli_profile (cli, args[0], CLI_PROFILE_REQUIRED, error);

  return profile != NULL && df_profile_set_active (cli->store, profile->id, error);
}

gboolean
cli_profile_show (Cli     *cli,
                  char   **args,
                  GError **error)
{
  g_autoptr(DfProfile) profile = cli_profile (cli, args[0], CLI_PROFILE_REQUIRED, error);

  if (profile == NULL)
    return FALSE;

  cli_print_record (&profile_fields, &profile_details, profile, NULL);
  return TRUE;
}

gboolean
cli_profile_set (Cli     *cli,
                 char   **args,
                 GError **error)
{
  g_autoptr(DfProfile) profile = cli_profile (cli, cli_opt_profile, CLI_PROFILE_REQUIRED, error);

  return profile != NULL && df_profile_set (cli->store, profile->id, args[0], args[1], error);
}
