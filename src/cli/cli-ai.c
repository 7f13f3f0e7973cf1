/* cli-ai.c: ai show, set, set-key, clear-key, test
 *
 * The API key is never taken as an argument, never printed, and wiped
 * from memory once stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "cli-private.h"
#include "df-ai.h"
#include "df-secret.h"

#define ENV_BASE_URL "DRAFTFORGE_AI_BASE_URL"
#define ENV_MODEL "DRAFTFORGE_AI_MODEL"
#define ENV_KEY "DRAFTFORGE_API_KEY"
#define MAX_KEY_LENGTH 16384

/* Wipes and frees a copy of the API key. */
static void
key_free (char *key)
{
  if (key == NULL)
    return;
  memset (key, 0, strlen (key));
  g_free (key);
}

/* ---- ai show ------------------------------------------------------------- */

typedef struct
{
  const char *profile;          /* the profile's name, or NULL */
  char       *base_url;
  const char *base_url_source;  /* "environment", "settings", or NULL when not set */
  char       *model;
  const char *model_source;
  gboolean    key_set;
  const char *key_source;       /* "environment", "keyring", or NULL */
} AiShow;

/* A setting and where it comes from, in words. */
static char *
setting_text (const char *value,
              const char *source,
              const char *env,
              const char *profile)
{
  g_autofree char *from = NULL;

  if (value == NULL)
    return g_strdup (_("not set"));

  if (g_strcmp0 (source, "environment") == 0)
    /* TRANSLATORS: %s is an environment variable */
    from = g_strdup_printf (_("from the environment: %s"), env);
  else
    /* TRANSLATORS: %s is a profile's name */
    from = g_strdup_printf (_("from the settings of profile “%s”"), profile);
  return g_strdup_printf ("%s (%s)", value, from);
}

static void
get_profile_text (gconstpointer  record,
                  gconstpointer  data,
                  CliValue      *value)
{
  const AiShow *show = record;

  cli_value_set_string (value, show->profile != NULL ? show->profile : _("none"));
}

static void
get_url_text (gconstpointer  record,
              gconstpointer  data,
              CliValue      *value)
{
  const AiShow *show = record;

  cli_value_take_string (value, setting_text (show->base_url, show->base_url_source,
                                              ENV_BASE_URL, show->profile));
}

static void
get_model_text (gconstpointer  record,
                gconstpointer  data,
                CliValue      *value)
{
  const AiShow *show = record;

  cli_value_take_string (value, setting_text (show->model, show->model_source,
                                              ENV_MODEL, show->profile));
}

static void
get_key_text (gconstpointer  record,
              gconstpointer  data,
              CliValue      *value)
{
  const AiShow *show = record;

  if (g_strcmp0 (show->key_source, "environment") == 0)
    cli_value_set_string (value, _("set (from the environment: DRAFTFORGE_API_KEY)"));
  else if (show->key_set)
    cli_value_set_string (value, _("set (in the keyring)"));
  else
    cli_value_set_string (value, _("not set"));
}

static const CliField ai_field_list[] = {
  CLI_MEMBER (AiShow, "profile", profile, CLI_STRING),
  CLI_MEMBER (AiShow, "base_url", base_url, CLI_STRING),
  CLI_MEMBER (AiShow, "base_url_source", base_url_source, CLI_STRING),
  CLI_MEMBER (AiShow, "model", model, CLI_STRING),
  CLI_MEMBER (AiShow, "model_source", model_source, CLI_STRING),
  CLI_MEMBER (AiShow, "key_set", key_set, CLI_BOOL),
  CLI_MEMBER (AiShow, "key_source", key_source, CLI_STRING),
};

static const CliFields ai_fields = CLI_FIELDS (ai_field_list);

static const CliColumn ai_detail_list[] = {
  { N_("Profile:"), NULL, 0, get_profile_text },
  { N_("Base URL:"), NULL, 0, get_url_text },
  { N_("Model:"), NULL, 0, get_model_text },
  { N_("API key:"), NULL, 0, get_key_text },
};

static const CliView ai_details = CLI_VIEW (ai_detail_list);

/* The value in force for @key ("base-url" or "model"): the environment
 * variable @env, else the profile's setting. */
static char *
ai_value (Cli         *cli,
          DfProfile   *profile,
          const char  *key,
          const char  *env,
          const char **source)
{
  const char *value = g_getenv (env);
  char *stored;

  if (value != NULL && *value != '\0')
    {
      *source = "environment";
      return g_strdup (value);
    }

  stored = profile != NULL ? df_ai_settings_get (cli->store, profile->id, key) : NULL;
  *source = stored != NULL ? "settings" : NULL;
  return stored;
}

/* Whether a key is set for @show's base URL, and where. */
static void
find_key (AiShow  *show,
          GError **error)
{
  const char *env_key = g_getenv (ENV_KEY);
  char *key;

  if (env_key != NULL && *env_key != '\0')
    show->key_source = "environment";
  else if (show->base_url != NULL)
    {
      key = df_secret_lookup_key (show->base_url, NULL, error);
      if (key != NULL)
        show->key_source = "keyring";
      key_free (key);
    }
  show->key_set = show->key_source != NULL;
}

const GOptionEntry cli_ai_show_options[] = {
  CLI_OPTION_PROFILE (N_("Show profile NAME's settings instead of the active one's")),
  CLI_OPTION_JSON,
  G_OPTION_ENTRY_NULL
};

gboolean
cli_ai_show (Cli     *cli,
             char   **args,
             GError **error)
{
  g_autoptr(GError) key_error = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *model = NULL;
  AiShow show = { 0 };

  if (!cli_profile_if_any (cli, cli_opt_profile, &profile, error))
    return FALSE;

  show.profile = profile != NULL ? profile->display_name : NULL;
  show.base_url = base_url = ai_value (cli, profile, "base-url", ENV_BASE_URL, &show.base_url_source);
  show.model = model = ai_value (cli, profile, "model", ENV_MODEL, &show.model_source);
  find_key (&show, &key_error);

  cli_print_record (&ai_fields, &ai_details, &show, NULL);
  if (!cli_opt_json && (base_url == NULL || model == NULL))
    cli_outf (_("Set them with “%s ai set base-url URL” and “%s ai set model NAME”; see docs/ai.md.\n"),
              CLI_PROGRAM, CLI_PROGRAM);
  if (key_error != NULL)
    cli_note ("%s", key_error->message);
  return TRUE;
}

/* ---- ai set -------------------------------------------------------------- */

gboolean
cli_ai_set (Cli     *cli,
            char   **args,
            GError **error)
{
  g_autoptr(DfProfile) profile = NULL;

  if (strcmp (args[0], "base-url") != 0 && strcmp (args[0], "model") != 0)
    {
      cli_usage_error (error, _("KEY must be base-url or model (got “%s”)"), args[0]);
      return FALSE;
    }

  profile = cli_profile (cli, cli_opt_profile, CLI_PROFILE_REQUIRED_AI, error);
  return profile != NULL && df_ai_settings_set (cli->store, profile->id, args[0], args[1], error);
}

/* ---- the key ------------------------------------------------------------- */

/* Reads up to MAX_KEY_LENGTH bytes of one line from standard input,
 * without echoing it on a terminal. */
static GString *
read_line_quietly (void)
{
  gboolean tty = isatty (STDIN_FILENO);
  struct termios saved, quiet;
  gboolean restore = FALSE;
  GString *line = g_string_new (NULL);
  int c;

  if (tty)
    {
      fprintf (stderr, _("Paste the API key, then press Enter: "));
      fflush (stderr);
      if (tcgetattr (STDIN_FILENO, &saved) == 0)
        {
          quiet = saved;
          quiet.c_lflag &= ~(tcflag_t)ECHO;
          restore = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        }
    }

  while (line->len < MAX_KEY_LENGTH && (c = getchar ()) != EOF && c != '\n')
    g_string_append_c (line, (char)c);

  if (restore)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  if (tty)
    fputc ('\n', stderr);
  return line;
}

/* The API key, from one line of standard input. */
static char *
read_key (GError **error)
{
  GString *line = read_line_quietly ();
  char *key;

  if (line->len >= MAX_KEY_LENGTH)
    {
      memset (line->str, 0, line->len);
      g_string_free (line, TRUE);
      cli_failed (error, _("That is too long for an API key; give the key alone, on one line"));
      return NULL;
    }

  key = g_strstrip (g_string_free (line, FALSE));
  if (*key == '\0')
    {
      g_free (key);
      cli_failed (error, _("No API key was given; type or pipe the key into “%s ai set-key”"), CLI_PROGRAM);
      return NULL;
    }
  return key;
}

/* The base URL in force for the key commands, or an error saying how to
 * set one. */
static char *
key_url (Cli         *cli,
         GError     **error)
{
  g_autoptr(DfProfile) profile = NULL;
  const char *env = g_getenv (ENV_BASE_URL);
  char *url;

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  profile = cli_profile (cli, cli_opt_profile, CLI_PROFILE_REQUIRED_AI, error);
  if (profile == NULL)
    return NULL;
  url = df_ai_settings_get (cli->store, profile->id, "base-url");
  if (url == NULL)
    g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_NOT_CONFIGURED,
                 _("Set the provider's address first: %s ai set base-url URL"), CLI_PROGRAM);
  return url;
}

const GOptionEntry cli_ai_key_options[] = {
  CLI_OPTION_PROFILE (N_("Use profile NAME's base URL instead of the active one's")),
  G_OPTION_ENTRY_NULL
};

gboolean
cli_ai_set_key (Cli     *cli,
                char   **args,
                GError **error)
{
  g_autofree char *url = NULL;
  char *key;
  gboolean ok;

  /* Never echo the argument: it may well be the key. */
  if (args[0] != NULL)
    {
      cli_usage_error (error,
                       _("the key is not taken as an argument, because it would be saved in your "
                         "shell's history and seen by other programs; type or pipe it into "
                         "“%s ai set-key” instead"), CLI_PROGRAM);
      return FALSE;
    }

  url = key_url (cli, error);
  if (url == NULL)
    return FALSE;
  key = read_key (error);
  if (key == NULL)
    return FALSE;

  ok = df_secret_store_key (url, key, NULL, error);
  key_free (key);
  if (ok)
    cli_outf (_("The API key for %s is stored in the keyring.\n"), url);
  return ok;
}

gboolean
cli_ai_clear_key (Cli     *cli,
                  char   **args,
                  GError **error)
{
  g_autofree char *url = key_url (cli, error);

  if (url == NULL || !df_secret_clear_key (url, NULL, error))
    return FALSE;

  cli_outf (_("No API key is stored for %s any more.\n"), url);
  return TRUE;
}

/* ---- ai test ------------------------------------------------------------- */

const GOptionEntry cli_ai_test_options[] = {
  CLI_OPTION_PROFILE (N_("Test profile NAME's settings instead of the active one's")),
  G_OPTION_ENTRY_NULL
};

gboolean
cli_ai_test (Cli     *cli,
             char   **args,
             GError **error)
{
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(DfAiConfig) config = NULL;
  g_autoptr(DfAiResponse) response = NULL;

  if (!cli_profile_if_any (cli, cli_opt_profile, &profile, error))
    return FALSE;

  config = df_ai_config_load (cli->store, profile != NULL ? profile->id : NULL, error);
  if (config == NULL)
    return FALSE;
  response = df_ai_test (config, cli->store, NULL, error);
  if (response == NULL)
    return FALSE;

  cli_outf (_("OK: %s at %s answered in %" PRId64 " ms\n"),
            config->model, config->base_url, response->response_ms);
  return TRUE;
}
