/* df-ai-settings.c: the AI client's configuration
 *
 * Per profile, the base URL and the model (ai_settings); the environment
 * overrides both, sets the timeouts, and holds the key or says there is
 * none; otherwise the key comes from the Secret Service (df-secret.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "DfAi"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "df-ai-private.h"
#include "df-model.h"
#include "df-store-private.h"
#include "df-secret.h"

#define DEFAULT_CONNECT_TIMEOUT 10.0
#define DEFAULT_TOTAL_TIMEOUT   300.0
#define DEFAULT_IDLE_TIMEOUT    60.0
#define DEFAULT_MAX_RETRIES     3

/* ---- private helpers ------------------------------------------------- */

static void
load_stored_settings (DfStore     *store,
                      const char  *profile_id,
                      char       **base_url,
                      char       **model)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  stmt = df_store_prepare (store, "SELECT base_url, model FROM ai_settings WHERE profile_id = ?1", &error);
  if (stmt == NULL)
    {
      g_debug ("Cannot read the AI settings: %s", error->message);
      return;
    }
  _df_bind_text (stmt, 1, profile_id);
  if (df_store_step (store, stmt, &error))
    {
      *base_url = _df_col_text (stmt, 0);
      *model = _df_col_text (stmt, 1);
    }
  else if (error != NULL)
    g_debug ("Cannot read the AI settings: %s", error->message);
}

/* DRAFTFORGE_AI_BASE_URL, DRAFTFORGE_AI_MODEL and DRAFTFORGE_AI_TIMEOUT
 * over the stored settings and the defaults. */
static void
apply_environment (DfAiConfig *config)
{
  const char *env;

  env = g_getenv ("DRAFTFORGE_AI_BASE_URL");
  if (env != NULL && *env != '\0')
    _df_ai_set_str (&config->base_url, env);
  env = g_getenv ("DRAFTFORGE_AI_MODEL");
  if (env != NULL && *env != '\0')
    _df_ai_set_str (&config->model, env);

  env = g_getenv ("DRAFTFORGE_AI_TIMEOUT");
  if (env != NULL && *env != '\0')
    {
      char *end = NULL;
      double seconds = g_ascii_strtod (env, &end);

      if (end != NULL && *end == '\0' && seconds > 0 && seconds <= 24 * 3600)
        config->connect_timeout = config->total_timeout = config->idle_timeout = seconds;
      else
        g_warning ("DRAFTFORGE_AI_TIMEOUT should be a number of seconds, not “%s”: using the default timeouts", env);
    }
}

/* The key: the environment (an empty value means no key, without asking
 * the Secret Service), else the Secret Service; one that is not running
 * just means no key. */
static void
lookup_key (DfAiConfig *config)
{
  const char *env = g_getenv ("DRAFTFORGE_API_KEY");

  if (env != NULL)
    config->api_key = *env != '\0' ? g_strdup (env) : NULL;
  else if (config->base_url != NULL)
    {
      g_autoptr(GError) secret_error = NULL;

      config->api_key = df_secret_lookup_key (config->base_url, NULL, &secret_error);
      if (secret_error != NULL)
        g_debug ("No API key from the Secret Service: %s", secret_error->message);
      if (config->api_key != NULL && *config->api_key == '\0')
        g_clear_pointer (&config->api_key, g_free);
    }
}

static gboolean
validate_base_url (const char  *value,
                   GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme, *host;

  uri = g_uri_parse (value, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  if (uri == NULL || scheme == NULL
      || (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
      || host == NULL || *host == '\0')
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The base URL must be an http:// or https:// address with a host, such as http://localhost:11434/v1, not “%s”"),
                   value);
      return FALSE;
    }
  /* Stored settings are in the database: a key in the URL would go there. */
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error_literal (error, DF_ERROR, DF_ERROR_INVALID,
                           _("The base URL must not contain a user name or password: set the key with `draftforge-cli ai set-key` or in Preferences"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_model (const char  *value,
                GError     **error)
{
  glong len;

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error_literal (error, DF_ERROR, DF_ERROR_INVALID, _("The model name is not valid text"));
      return FALSE;
    }
  len = g_utf8_strlen (value, -1);
  if (len < 1 || len > 200)
    {
      g_set_error_literal (error, DF_ERROR, DF_ERROR_INVALID,
                           _("The model name must be 1 to 200 characters long, such as llama3.2 or gpt-4o-mini"));
      return FALSE;
    }
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error_literal (error, DF_ERROR, DF_ERROR_INVALID,
                             _("The model name must not contain line breaks or control characters"));
        return FALSE;
      }
  return TRUE;
}

/* The upsert that stores setting @key, or NULL (and @error) for a key
 * that is not one. */
static const char *
settings_sql (const char  *key,
              GError     **error)
{
  if (g_strcmp0 (key, "base-url") == 0)
    return "INSERT INTO ai_settings (profile_id, base_url, updated_at) VALUES (?1, ?2, ?3)"
           " ON CONFLICT (profile_id) DO UPDATE SET base_url = excluded.base_url, updated_at = excluded.updated_at";
  if (g_strcmp0 (key, "model") == 0)
    return "INSERT INTO ai_settings (profile_id, model, updated_at) VALUES (?1, ?2, ?3)"
           " ON CONFLICT (profile_id) DO UPDATE SET model = excluded.model, updated_at = excluded.updated_at";
  g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
               _("Unknown AI setting “%s”: use base-url or model"), key);
  return NULL;
}

/* @value trimmed and validated for @key into @clean: NULL for an empty
 * value, which clears the setting; a base URL loses trailing slashes. */
static gboolean
clean_value (const char  *key,
             const char  *value,
             char       **clean,
             GError     **error)
{
  g_autofree char *text = NULL;

  *clean = NULL;
  if (value != NULL)
    {
      text = g_strstrip (g_strdup (value));
      if (*text == '\0')
        g_clear_pointer (&text, g_free);
    }
  if (text == NULL)
    return TRUE;

  if (g_strcmp0 (key, "base-url") == 0)
    {
      gsize len = strlen (text);

      if (!validate_base_url (text, error))
        return FALSE;
      while (len > 0 && text[len - 1] == '/')
        text[--len] = '\0';
    }
  else if (!validate_model (text, error))
    return FALSE;

  *clean = g_steal_pointer (&text);
  return TRUE;
}

/* The profile @profile_id, or the active one, or an error saying to
 * create one. */
static DfProfile *
settings_profile (DfStore     *store,
                  const char  *profile_id,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  DfProfile *profile;

  if (profile_id != NULL)
    return df_profile_get (store, profile_id, error);

  profile = df_profile_get_active (store, &local_error);
  if (profile == NULL && local_error == NULL)
    g_set_error_literal (&local_error, DF_ERROR, DF_ERROR_NOT_FOUND,
                         _("There is no profile yet: create one first with `draftforge-cli profile new NAME`"));
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return profile;
}

/* ---- shared inside ai/ ----------------------------------------------- */

char *
_df_ai_resolve_profile (DfStore     *store,
                        const char  *profile_id,
                        GError     **error)
{
  g_autoptr(DfProfile) profile = NULL;

  if (profile_id != NULL)
    return g_strdup (profile_id);
  if (store == NULL)
    return NULL;
  profile = df_profile_get_active (store, error);
  if (profile == NULL)
    return NULL;
  return g_strdup (profile->id);
}

/* ---- public API ------------------------------------------------------ */

void
df_ai_config_free (DfAiConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->base_url);
  g_free (config->model);
  if (config->api_key != NULL)
    {
      /* Do not leave the key lying around in freed memory. */
      memset (config->api_key, 0, strlen (config->api_key));
      g_free (config->api_key);
    }
  g_free (config);
}

static DfAiCallerCheck caller_check;

void
_df_ai_set_caller_check (DfAiCallerCheck check)
{
  caller_check = check;
}

gboolean
_df_ai_caller_may (gconstpointer   caller,
                   GError        **error)
{
  return caller_check == NULL || caller_check (caller, error);
}

DfAiConfig *
df_ai_config_load (DfStore     *store,
                   const char  *profile_id,
                   GError     **error)
{
  g_autoptr(DfAiConfig) config = NULL;
  g_autofree char *profile = NULL;
  g_autoptr(GError) local_error = NULL;

  /* The provider's key is for DraftForge and the plugins that asked. */
  if (!_df_ai_caller_may (__builtin_return_address (0), error))
    return NULL;
  config = g_new0 (DfAiConfig, 1);

  config->connect_timeout = DEFAULT_CONNECT_TIMEOUT;
  config->total_timeout = DEFAULT_TOTAL_TIMEOUT;
  config->idle_timeout = DEFAULT_IDLE_TIMEOUT;
  config->max_retries = DEFAULT_MAX_RETRIES;

  if (store != NULL)
    {
      profile = _df_ai_resolve_profile (store, profile_id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (profile != NULL)
        load_stored_settings (store, profile, &config->base_url, &config->model);
    }

  apply_environment (config);
  lookup_key (config);
  return g_steal_pointer (&config);
}

gboolean
df_ai_settings_set (DfStore     *store,
                    const char  *profile_id,
                    const char  *key,
                    const char  *value,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autofree char *now = NULL;
  g_autofree char *clean = NULL;
  const char *sql;

  g_return_val_if_fail (DF_IS_STORE (store), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  sql = settings_sql (key, error);
  if (sql == NULL || !clean_value (key, value, &clean, error))
    return FALSE;
  profile = settings_profile (store, profile_id, error);
  if (profile == NULL)
    return FALSE;

  now = df_now_iso8601 ();
  stmt = df_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  _df_bind_text (stmt, 1, profile->id);
  _df_bind_text (stmt, 2, clean);
  _df_bind_text (stmt, 3, now);
  return df_store_step_done (store, stmt, error);
}

char *
df_ai_settings_get (DfStore    *store,
                    const char *profile_id,
                    const char *key)
{
  g_autofree char *profile = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *model = NULL;

  g_return_val_if_fail (DF_IS_STORE (store), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  profile = _df_ai_resolve_profile (store, profile_id, NULL);
  if (profile == NULL)
    return NULL;
  load_stored_settings (store, profile, &base_url, &model);
  if (g_strcmp0 (key, "base-url") == 0)
    return g_steal_pointer (&base_url);
  if (g_strcmp0 (key, "model") == 0)
    return g_steal_pointer (&model);
  return NULL;
}
