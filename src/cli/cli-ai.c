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
  /* in words */
  char       *base_url_text;
  char       *model_text;
  const char *key_text;
} AiShow;

static void
ai_show_clear (AiShow *show)
{
  g_free (show->base_url);
  g_free (show->model);
  g_free (show->base_url_text);
  g_free (show->model_text);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AiShow, ai_show_clear)

static const CliField ai_field_list[] = {
  CLI_MEMBER (AiShow, "profile", profile, CLI_STRING),
  CLI_MEMBER (AiShow, "base_url", base_url, CLI_STRING),
  CLI_MEMBER (AiShow, "base_url_source", base_url_source, CLI_STRING),
  CLI_MEMBER (AiShow, "model", model, CLI_STRING),
  CLI_MEMBER (AiShow, "model_source", model_source, CLI_STRING),
  CLI_MEMBER (AiShow, "key_set", key_set, CLI_BOOL),
  CLI_MEMBER (AiShow, "key_source", key_source, CLI_STRING),
  CLI_TEXT (AiShow, "base_url_text", base_url_text),
  CLI_TEXT (AiShow, "model_text", model_text),
  CLI_TEXT (AiShow, "key_text", key_text),
};

static const CliFields ai_fields = CLI_FIELDS (ai_field_list);

static const CliColumn ai_detail_list[] = {
  { N_("Profile:"), "profile", 0, NULL, N_("none") },
  { N_("Base URL:"), "base_url_text", 0, NULL, N_("not set") },
  { N_("Model:"), "model_text", 0, NULL, N_("not set") },
  { N_("API key:"), "key_text", 0 },
};

static const CliView ai_details = CLI_VIEW (ai_detail_list);

/* A setting and where it comes from, in words; NULL when not set. */
static char *
setting_text (const char *value,
              const char *source,
              const char *env,
              const char *profile)
{
  g_autofree char *from = NULL;

  if (value == NULL)
    return NULL;

  if (g_strcmp0 (source, "environment") == 0)
    /* TRANSLATORS: %s is an environment variable */
    from = g_strdup_printf (_("from the environment: %s"), env);
  else
    /* TRANSLATORS: %s is a profile's name */
    from = g_strdup_printf (_("from the settings of profile “%s”"), profile);
  return g_strdup_printf ("%s (%s)", value, from);
}

static void
describe (AiShow *show)
{
  show->base_url_text = setting_text (show->base_url, show->base_url_source,
                                      ENV_BASE_URL, show->profile);
  show->model_text = setting_text (show->model, show->model_source, ENV_MODEL, show->profile);

  if (g_strcmp0 (show->key_source, "environment") == 0)
    show->key_text = _("set (from the environment: DRAFTFORGE_API_KEY)");
  else if (show->key_set)
    show->key_text = _("set (in the keyring)");
  else
    show->key_text = _("not set");
}

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

static const GOptionEntry ai_show_entries[] = {
  CLI_OPTION_PROFILE (N_("Show profile NAME's settings instead of the active one's")),
  CLI_OPTION_JSON,
  G_OPTION_ENTRY_NULL
};

static gboolean
ai_show (Cli     *cli,
         char   **args,
         GError **error)
{
  g_autoptr(GError) key_error = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_auto(AiShow) show = { 0 };

  if (!cli_profile_if_any (cli, cli_opt_profile, &profile, error))
    return FALSE;

  show.profile = profile != NULL ? profile->display_name : NULL;
  show.base_url = ai_value (cli, profile, "base-url", ENV_BASE_URL, &show.base_url_source);
  show.model = ai_value (cli, profile, "model", ENV_MODEL, &show.model_source);
  find_key (&show, &key_error);
  describe (&show);

  cli_print_record (&ai_fields, &ai_details, &show, NULL);
  if (!cli_opt_json && (show.base_url == NULL || show.model == NULL))
    cli_outf (_("Set them with “%s ai set base-url URL” and “%s ai set model NAME”; see docs/ai.md.\n"),
              CLI_PROGRAM, CLI_PROGRAM);
  if (key_error != NULL)
    cli_note ("%s", key_error->message);
  return TRUE;
}

const CliBuiltin cli_ai_show = {
  "", 0, 0, ai_show_entries,
  N_("Shows the AI provider's address, the model and whether an API key is set "
     "(never the key), and where each comes from: the environment "
     "(DRAFTFORGE_AI_BASE_URL, DRAFTFORGE_AI_MODEL, DRAFTFORGE_API_KEY) or the "
     "profile's settings and the keyring."),
  ai_show,
};

/* ---- ai set -------------------------------------------------------------- */

static gboolean
ai_set (Cli     *cli,
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

const CliBuiltin cli_ai_set = {
  N_("KEY VALUE"), 2, 2, cli_change_profile_options,
  N_("KEY is base-url (the provider's OpenAI-compatible address, such as "
     "http://localhost:11434/v1 for a local Ollama) or model (the model's name, "
     "such as llama3.2).  The API key is set with “ai set-key”."),
  ai_set,
};

/* ---- the key ------------------------------------------------------------- */

GString *
cli_read_line_quietly (const char *prompt)
{
  gboolean tty = isatty (STDIN_FILENO);
  struct termios saved, quiet;
  gboolean restore = FALSE;
  GString *line = g_string_new (NULL);
  int c;

  if (tty)
    {
      fputs (prompt, stderr);
      fflush (stderr);
      if (tcgetattr (STDIN_FILENO, &saved) == 0)
        {
          quiet = saved;
          quiet.c_lflag &= ~(tcflag_t)ECHO;
          restore = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        }
    }

  while (line->len < CLI_MAX_SECRET_LENGTH && (c = getchar ()) != EOF && c != '\n')
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
  GString *line = cli_read_line_quietly (_("Paste the API key, then press Enter: "));
  char *key;

  if (line->len >= CLI_MAX_SECRET_LENGTH)
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

static const GOptionEntry ai_key_entries[] = {
  CLI_OPTION_PROFILE (N_("Use profile NAME's base URL instead of the active one's")),
  G_OPTION_ENTRY_NULL
};

static gboolean
ai_set_key (Cli     *cli,
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
    {
      g_autofree char *shown = cli_one_line (url);

      cli_outf (_("The API key for %s is stored in the keyring.\n"), shown);
    }
  return ok;
}

const CliBuiltin cli_ai_set_key = {
  "", 0, G_MAXUINT, ai_key_entries,
  N_("Reads the API key from standard input (typed without echo, or piped: "
     "“pass show openai | draftforge-cli ai set-key”) and stores it in the "
     "keyring (the Secret Service) for the configured base URL.  The key is never "
     "given as an argument: it would be kept in your shell's history."),
  ai_set_key,
};

static gboolean
ai_clear_key (Cli     *cli,
              char   **args,
              GError **error)
{
  g_autofree char *url = key_url (cli, error);
  g_autofree char *shown = NULL;

  if (url == NULL || !df_secret_clear_key (url, NULL, error))
    return FALSE;

  shown = cli_one_line (url);
  cli_outf (_("No API key is stored for %s any more.\n"), shown);
  return TRUE;
}

const CliBuiltin cli_ai_clear_key = {
  "", 0, 0, ai_key_entries,
  N_("Removes the API key stored in the keyring for the configured base URL."),
  ai_clear_key,
};

/* ---- ai test ------------------------------------------------------------- */

static const GOptionEntry ai_test_entries[] = {
  CLI_OPTION_PROFILE (N_("Test profile NAME's settings instead of the active one's")),
  G_OPTION_ENTRY_NULL
};

static gboolean
ai_test (Cli     *cli,
         char   **args,
         GError **error)
{
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(DfAiConfig) config = NULL;
  g_autoptr(DfAiResponse) response = NULL;
  g_autofree char *model = NULL;
  g_autofree char *url = NULL;

  if (!cli_profile_if_any (cli, cli_opt_profile, &profile, error))
    return FALSE;

  config = df_ai_config_load (cli->store, profile != NULL ? profile->id : NULL, error);
  if (config == NULL)
    return FALSE;
  response = df_ai_test (config, cli->store, NULL, error);
  if (response == NULL)
    return FALSE;

  model = cli_one_line (config->model);
  url = cli_one_line (config->base_url);
  cli_outf (_("OK: %s at %s answered in %" PRId64 " ms\n"), model, url, response->response_ms);
  return TRUE;
}

const CliBuiltin cli_ai_test = {
  "", 0, 0, ai_test_entries,
  N_("Asks the configured provider and model for a one-word answer and says "
     "what is wrong if anything is.  The call counts against the credits."),
  ai_test,
};
