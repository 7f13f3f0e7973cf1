/* df-ai.c: the AI provider client (OpenAI-compatible chat completions)
 *
 * libcurl in the calling thread: df_ai_complete blocks (a worker thread),
 * df_ai_complete_async runs it in a GTask thread and posts the deltas to
 * the caller's main context.  The one easy handle runs through a multi
 * handle waited on with curl_multi_poll (), which the cancellable's
 * handler interrupts with curl_multi_wakeup (): Stop takes effect at once,
 * even while the provider sends nothing (run_transfer).  The reply
 * streams as server-sent events; the HTTP status is checked before
 * anything is parsed; errors map to DfAiError codes with messages a writer
 * understands.  Credits are reserved before any traffic and settled or
 * released afterwards (df-credits.h); every call is logged in ai_usage.
 *
 * The API key only ever goes into the Authorization header: messages the
 * provider sends back are scrubbed of it, and nothing logs it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "DfAi"

#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <time.h>

#include "df-ai.h"
#include "df-credits.h"
#include "df-model-private.h"
#include "df-secret.h"

#define DEFAULT_CONNECT_TIMEOUT 10.0
#define DEFAULT_TOTAL_TIMEOUT   300.0
#define DEFAULT_IDLE_TIMEOUT    60.0
#define DEFAULT_MAX_RETRIES     3
#define DEFAULT_MAX_TOKENS      1024
/* The longest single wait between retries, whatever the server asks. */
#define MAX_RETRY_WAIT_MS       30000
#define BACKOFF_BASE_MS         500
/* Error bodies and non-streaming answers are read up to this size. */
#define MAX_BODY                (4 * 1024 * 1024)
#define MAX_PROVIDER_MESSAGE    300
/* The longest curl_multi_poll () wait.  curl shortens it to its own next
 * timer (the connect, total and idle timeouts), and a cancel interrupts
 * it; this only bounds the wait should a wake-up ever be lost. */
#define MAX_POLL_MS             1000

G_DEFINE_QUARK (df-ai-error-quark, df_ai_error)

/* ---- small helpers --------------------------------------------------- */

static void
curl_init_once (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&initialised, 1);
    }
}

/* g_set_str is GLib 2.76. */
static void
set_str (char       **target,
         const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*target);
  *target = copy;
}

/* A member's string, or NULL when absent, null or not a string. */
static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A member's number (whole or not), or -1. */
static gint64
member_count (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return MAX (0, json_node_get_int (node));
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64) MAX (0.0, json_node_get_double (node));
  return -1;
}

/* Replaces every occurrence of @key in @text with "***". */
static char *
scrub_key (const char *text,
           const char *key)
{
  GString *out;
  const char *p, *hit;
  gsize key_len;

  if (text == NULL)
    return NULL;
  if (key == NULL || *key == '\0')
    return g_strdup (text);

  key_len = strlen (key);
  out = g_string_new (NULL);
  p = text;
  while ((hit = strstr (p, key)) != NULL)
    {
      g_string_append_len (out, p, hit - p);
      g_string_append (out, "***");
      p = hit + key_len;
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

/* Scrubs @error's message of @key (the error keeps its domain and code). */
static void
scrub_error (GError     *error,
             const char *key)
{
  char *clean;

  if (error == NULL || key == NULL || *key == '\0' || strstr (error->message, key) == NULL)
    return;
  clean = scrub_key (error->message, key);
  g_free (error->message);
  error->message = clean;
}

/* The host of @base_url, for messages and the usage log. */
static char *
url_host (const char *base_url)
{
  g_autoptr(GUri) uri = NULL;

  if (base_url == NULL)
    return g_strdup ("");
  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (base_url);
  return g_strdup (g_uri_get_host (uri));
}

gint64
df_ai_estimate_tokens (const char *text)
{
  glong chars;

  if (text == NULL || *text == '\0')
    return 0;
  chars = g_utf8_validate (text, -1, NULL) ? g_utf8_strlen (text, -1) : (glong) strlen (text);
  return (chars + 3) / 4;
}

static gint64
estimate_messages (GPtrArray *messages)
{
  gint64 total = 0;

  for (guint i = 0; messages != NULL && i < messages->len; i++)
    {
      DfAiMessage *m = g_ptr_array_index (messages, i);

      /* A few tokens per message for the role and separators. */
      total += 4 + df_ai_estimate_tokens (m->content);
    }
  return total;
}

/* ---- configuration --------------------------------------------------- */

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

/* The profile @profile_id or the active one; NULL without error when
 * there is none. */
static char *
resolve_profile (DfStore     *store,
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
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *base_url = _df_col_text (stmt, 0);
      *model = _df_col_text (stmt, 1);
    }
}

DfAiConfig *
df_ai_config_load (DfStore     *store,
                   const char  *profile_id,
                   GError     **error)
{
  g_autoptr(DfAiConfig) config = g_new0 (DfAiConfig, 1);
  g_autofree char *profile = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *env;

  config->connect_timeout = DEFAULT_CONNECT_TIMEOUT;
  config->total_timeout = DEFAULT_TOTAL_TIMEOUT;
  config->idle_timeout = DEFAULT_IDLE_TIMEOUT;
  config->max_retries = DEFAULT_MAX_RETRIES;

  if (store != NULL)
    {
      profile = resolve_profile (store, profile_id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (profile != NULL)
        load_stored_settings (store, profile, &config->base_url, &config->model);
    }

  env = g_getenv ("DRAFTFORGE_AI_BASE_URL");
  if (env != NULL && *env != '\0')
    set_str (&config->base_url, env);
  env = g_getenv ("DRAFTFORGE_AI_MODEL");
  if (env != NULL && *env != '\0')
    set_str (&config->model, env);

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

  /* The key: the environment (an empty value means no key, without asking
   * the Secret Service), else the Secret Service; one that is not running
   * just means no key. */
  env = g_getenv ("DRAFTFORGE_API_KEY");
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

  return g_steal_pointer (&config);
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

  if (g_strcmp0 (key, "base-url") == 0)
    sql = "INSERT INTO ai_settings (profile_id, base_url, updated_at) VALUES (?1, ?2, ?3)"
          " ON CONFLICT (profile_id) DO UPDATE SET base_url = excluded.base_url, updated_at = excluded.updated_at";
  else if (g_strcmp0 (key, "model") == 0)
    sql = "INSERT INTO ai_settings (profile_id, model, updated_at) VALUES (?1, ?2, ?3)"
          " ON CONFLICT (profile_id) DO UPDATE SET model = excluded.model, updated_at = excluded.updated_at";
  else
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Unknown AI setting “%s”: use base-url or model"), key);
      return FALSE;
    }

  /* An empty value clears the setting. */
  if (value != NULL)
    {
      clean = g_strstrip (g_strdup (value));
      if (*clean == '\0')
        g_clear_pointer (&clean, g_free);
    }
  if (clean != NULL)
    {
      if (g_strcmp0 (key, "base-url") == 0)
        {
          gsize len = strlen (clean);

          if (!validate_base_url (clean, error))
            return FALSE;
          while (len > 0 && clean[len - 1] == '/')
            clean[--len] = '\0';
        }
      else if (!validate_model (clean, error))
        return FALSE;
    }

  if (profile_id != NULL)
    profile = df_profile_get (store, profile_id, error);
  else
    {
      g_autoptr(GError) local_error = NULL;

      profile = df_profile_get_active (store, &local_error);
      if (profile == NULL && local_error == NULL)
        g_set_error_literal (&local_error, DF_ERROR, DF_ERROR_NOT_FOUND,
                             _("There is no profile yet: create one first with `draftforge-cli profile new NAME`"));
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
    }
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

  profile = resolve_profile (store, profile_id, NULL);
  if (profile == NULL)
    return NULL;
  load_stored_settings (store, profile, &base_url, &model);
  if (g_strcmp0 (key, "base-url") == 0)
    return g_steal_pointer (&base_url);
  if (g_strcmp0 (key, "model") == 0)
    return g_steal_pointer (&model);
  return NULL;
}

/* ---- messages and responses ------------------------------------------ */

DfAiMessage *
df_ai_message_new (const char *role,
                   const char *content)
{
  DfAiMessage *m = g_new0 (DfAiMessage, 1);

  m->role = g_strdup (role);
  m->content = g_strdup (content);
  return m;
}

void
df_ai_message_free (DfAiMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->role);
  g_free (message->content);
  g_free (message);
}

void
df_ai_response_free (DfAiResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->content);
  g_free (response->model);
  g_free (response->finish_reason);
  g_free (response);
}

/* ---- one HTTP exchange ----------------------------------------------- */

typedef enum
{
  BODY_UNKNOWN,
  BODY_SSE,
  BODY_JSON,
  BODY_ERROR,
} BodyKind;

typedef struct
{
  CURL          *curl;
  CURLM         *multi;            /* runs curl; its connections outlive an attempt */
  const DfAiConfig *config;
  GCancellable  *cancellable;
  DfAiDeltaFunc  on_delta;
  gpointer       user_data;

  /* Per attempt. */
  long           status;
  BodyKind       kind;
  gint64         retry_after_ms;   /* -1: none */
  GString       *line;             /* SSE: the current partial line */
  GString       *event;            /* SSE: the current event's data */
  GString       *body;             /* JSON answers and error bodies */
  GError        *error;            /* set by a callback that aborted */
  gboolean       done;             /* [DONE] seen */
  gboolean       cancelled;

  /* The answer. */
  GString       *content;
  char          *model;
  char          *finish_reason;
  gint64         prompt_tokens;
  gint64         completion_tokens;
  gboolean       have_usage;
} Exchange;

static void
exchange_reset (Exchange *x)
{
  x->status = 0;
  x->kind = BODY_UNKNOWN;
  x->retry_after_ms = -1;
  g_string_truncate (x->line, 0);
  g_string_truncate (x->event, 0);
  g_string_truncate (x->body, 0);
  g_clear_error (&x->error);
  x->done = FALSE;
  g_string_truncate (x->content, 0);
  g_clear_pointer (&x->model, g_free);
  g_clear_pointer (&x->finish_reason, g_free);
  x->prompt_tokens = x->completion_tokens = 0;
  x->have_usage = FALSE;
}

static void
bad_response (Exchange   *x,
              const char *what)
{
  if (x->error != NULL)
    return;
  g_set_error (&x->error, DF_AI_ERROR, DF_AI_ERROR_BAD_RESPONSE,
               _("The provider sent an answer DraftForge cannot read (%s): check that the base URL points to an OpenAI-compatible API (it usually ends in /v1)"),
               what);
}

static void
read_usage (Exchange   *x,
            JsonObject *root)
{
  JsonNode *node = json_object_get_member (root, "usage");
  JsonObject *usage;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  usage = json_node_get_object (node);
  if (member_count (usage, "prompt_tokens") >= 0 || member_count (usage, "completion_tokens") >= 0)
    {
      x->prompt_tokens = MAX (0, member_count (usage, "prompt_tokens"));
      x->completion_tokens = MAX (0, member_count (usage, "completion_tokens"));
      x->have_usage = TRUE;
    }
}

static void
read_model (Exchange   *x,
            JsonObject *root)
{
  const char *model = member_string (root, "model");

  if (model != NULL && *model != '\0' && x->model == NULL)
    x->model = g_strdup (model);
}

static void
emit_delta (Exchange   *x,
            const char *text)
{
  if (text == NULL || *text == '\0')
    return;
  g_string_append (x->content, text);
  if (x->on_delta != NULL)
    x->on_delta (text, x->user_data);
}

/* The provider's own message, scrubbed of the key and cut short. */
static char *
provider_detail (const char *message,
                 const char *key)
{
  char *clean;

  if (message == NULL || *message == '\0')
    return g_strdup ("");
  clean = scrub_key (message, key);
  if (strlen (clean) > MAX_PROVIDER_MESSAGE)
    {
      /* Cut on a character boundary. */
      const char *cut = g_utf8_find_prev_char (clean, clean + MAX_PROVIDER_MESSAGE);

      clean[cut != NULL ? cut - clean : 0] = '\0';
    }
  return clean;
}

/* An error object inside a 200 stream (OpenRouter does this). */
static void
stream_error (Exchange   *x,
              JsonObject *root)
{
  JsonNode *node = json_object_get_member (root, "error");
  const char *message = NULL;
  g_autofree char *clean = NULL;

  if (JSON_NODE_HOLDS_OBJECT (node))
    message = member_string (json_node_get_object (node), "message");
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    message = json_node_get_string (node);
  clean = provider_detail (message != NULL ? message : _("no details"), x->config->api_key);
  g_set_error (&x->error, DF_AI_ERROR, DF_AI_ERROR_SERVER,
               _("The provider stopped the answer with an error: try again later (the provider said: “%s”)"), clean);
}

/* One SSE event's data: a chunk of the answer, or [DONE]. */
static gboolean
handle_event (Exchange   *x,
              const char *data)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root_node;
  JsonObject *root;
  JsonNode *choices;

  if (strcmp (data, "[DONE]") == 0)
    {
      x->done = TRUE;
      return TRUE;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, -1, NULL))
    {
      bad_response (x, _("a piece of the stream is not valid JSON"));
      return FALSE;
    }
  root_node = json_parser_get_root (parser);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      bad_response (x, _("a piece of the stream is not a JSON object"));
      return FALSE;
    }
  root = json_node_get_object (root_node);
  if (json_object_has_member (root, "error"))
    {
      stream_error (x, root);
      return FALSE;
    }
  read_model (x, root);
  read_usage (x, root);

  choices = json_object_get_member (root, "choices");
  if (choices != NULL && JSON_NODE_HOLDS_ARRAY (choices)
      && json_array_get_length (json_node_get_array (choices)) > 0)
    {
      JsonNode *choice_node = json_array_get_element (json_node_get_array (choices), 0);
      JsonObject *choice;
      JsonNode *delta;

      if (!JSON_NODE_HOLDS_OBJECT (choice_node))
        {
          bad_response (x, _("a choice is not a JSON object"));
          return FALSE;
        }
      choice = json_node_get_object (choice_node);
      delta = json_object_get_member (choice, "delta");
      if (delta != NULL && JSON_NODE_HOLDS_OBJECT (delta))
        {
          JsonNode *content = json_object_get_member (json_node_get_object (delta), "content");

          if (content != NULL && JSON_NODE_HOLDS_VALUE (content)
              && json_node_get_value_type (content) == G_TYPE_STRING)
            emit_delta (x, json_node_get_string (content));
        }
      if (json_object_has_member (choice, "finish_reason"))
        {
          const char *reason = member_string (choice, "finish_reason");

          if (reason != NULL && *reason != '\0')
            set_str (&x->finish_reason, reason);
        }
    }
  return TRUE;
}

/* Feeds stream bytes: complete lines are handled, the rest waits. */
static gboolean
feed_sse (Exchange   *x,
          const char *data,
          gsize       len)
{
  gsize start = 0;

  for (gsize i = 0; i < len; i++)
    {
      gsize n;
      char *line;

      if (data[i] != '\n')
        continue;
      g_string_append_len (x->line, data + start, i - start);
      start = i + 1;
      n = x->line->len;
      if (n > 0 && x->line->str[n - 1] == '\r')
        g_string_truncate (x->line, --n);
      line = x->line->str;

      if (x->done)
        ;  /* anything after [DONE] is ignored */
      else if (n == 0)
        {
          /* A blank line ends the event. */
          if (x->event->len > 0)
            {
              gboolean ok = handle_event (x, x->event->str);

              g_string_truncate (x->event, 0);
              if (!ok)
                return FALSE;
            }
        }
      else if (line[0] == ':')
        ;  /* a comment (keep-alive) */
      else if (g_str_has_prefix (line, "data:"))
        {
          const char *value = line + 5;

          if (*value == ' ')
            value++;
          if (x->event->len > 0)
            g_string_append_c (x->event, '\n');
          g_string_append (x->event, value);
        }
      /* event:, id: and retry: fields are not used. */
      g_string_truncate (x->line, 0);
      if (x->event->len > MAX_BODY)
        {
          bad_response (x, _("a piece of the stream is too large"));
          return FALSE;
        }
    }
  g_string_append_len (x->line, data + start, len - start);
  if (x->line->len > MAX_BODY)
    {
      bad_response (x, _("a line of the stream is too large"));
      return FALSE;
    }
  return TRUE;
}

/* Decides what the body is, once the headers are in. */
static void
classify (Exchange *x)
{
  char *content_type = NULL;

  curl_easy_getinfo (x->curl, CURLINFO_RESPONSE_CODE, &x->status);
  curl_easy_getinfo (x->curl, CURLINFO_CONTENT_TYPE, &content_type);

  if (x->status != 200)
    x->kind = BODY_ERROR;
  else if (content_type == NULL || g_ascii_strncasecmp (content_type, "text/event-stream", 17) == 0)
    x->kind = BODY_SSE;
  else if (g_ascii_strncasecmp (content_type, "application/json", 16) == 0)
    x->kind = BODY_JSON;
  else
    {
      /* The type, without its parameters. */
      g_autofree char *type = g_strndup (content_type, strcspn (content_type, "; "));
      g_autofree char *what = g_strdup_printf (_("it is %s, not a stream of events"), type);

      bad_response (x, what);
    }
}

static size_t
on_write (char   *data,
          size_t  size,
          size_t  nmemb,
          void   *user_data)
{
  Exchange *x = user_data;
  gsize len = size * nmemb;

  if (x->kind == BODY_UNKNOWN)
    {
      classify (x);
      if (x->error != NULL)
        return 0;
    }
  if (g_cancellable_is_cancelled (x->cancellable))
    {
      x->cancelled = TRUE;
      return 0;
    }

  switch (x->kind)
    {
    case BODY_SSE:
      if (!feed_sse (x, data, len))
        return 0;
      /* The delta callback may have cancelled. */
      if (g_cancellable_is_cancelled (x->cancellable))
        {
          x->cancelled = TRUE;
          return 0;
        }
      break;

    case BODY_JSON:
    case BODY_ERROR:
      if (x->body->len + len > MAX_BODY)
        {
          if (x->kind == BODY_JSON)
            {
              bad_response (x, _("the answer is too large"));
              return 0;
            }
          /* An error page: the start is enough. */
          return len;
        }
      g_string_append_len (x->body, data, len);
      break;

    case BODY_UNKNOWN:
    default:
      g_assert_not_reached ();
    }
  return len;
}

static gint64
parse_retry_after (const char *value)
{
  char *end = NULL;
  gint64 seconds;
  time_t when;

  while (g_ascii_isspace (*value))
    value++;
  if (*value == '\0')
    return -1;
  seconds = g_ascii_strtoll (value, &end, 10);
  if (end != value && (*end == '\0' || g_ascii_isspace (*end)) && seconds >= 0)
    return MIN (seconds, G_MAXINT64 / 1000) * 1000;
  /* An HTTP date. */
  when = curl_getdate (value, NULL);
  if (when == -1)
    return -1;
  return MAX (0, (gint64) (when - time (NULL))) * 1000;
}

static size_t
on_header (char   *data,
           size_t  size,
           size_t  nitems,
           void   *user_data)
{
  Exchange *x = user_data;
  gsize len = size * nitems;
  g_autofree char *line = g_strndup (data, len);
  char *colon;

  g_strchomp (line);
  /* A new status line (after a 100 Continue, say) starts afresh. */
  if (g_str_has_prefix (line, "HTTP/"))
    {
      x->retry_after_ms = -1;
      return len;
    }
  colon = strchr (line, ':');
  if (colon == NULL)
    return len;
  *colon = '\0';
  if (g_ascii_strcasecmp (line, "retry-after-ms") == 0)
    {
      char *end = NULL;
      double ms = g_ascii_strtod (colon + 1, &end);

      if (end != colon + 1 && ms >= 0)
        x->retry_after_ms = (gint64) MIN (ms, (double) G_MAXINT32);
    }
  else if (g_ascii_strcasecmp (line, "retry-after") == 0 && x->retry_after_ms < 0)
    x->retry_after_ms = parse_retry_after (colon + 1);
  return len;
}

/* The provider's error message and code from an error body. */
static void
parse_error_body (const char  *body,
                  char       **message,
                  char       **code)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root, *error;

  *message = NULL;
  *code = NULL;
  if (body == NULL || *body == '\0' || !json_parser_load_from_data (parser, body, -1, NULL))
    return;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  error = json_object_get_member (json_node_get_object (root), "error");
  if (error == NULL)
    return;
  if (JSON_NODE_HOLDS_OBJECT (error))
    {
      JsonObject *obj = json_node_get_object (error);
      JsonNode *code_node = json_object_get_member (obj, "code");
      const char *type = member_string (obj, "type");

      *message = g_strdup (member_string (obj, "message"));
      if (code_node != NULL && JSON_NODE_HOLDS_VALUE (code_node)
          && json_node_get_value_type (code_node) == G_TYPE_STRING)
        *code = g_strdup (json_node_get_string (code_node));
      else if (type != NULL)
        *code = g_strdup (type);
      /* insufficient_quota sometimes comes as the type only. */
      if (g_strcmp0 (type, "insufficient_quota") == 0)
        set_str (code, type);
    }
  else if (JSON_NODE_HOLDS_VALUE (error) && json_node_get_value_type (error) == G_TYPE_STRING)
    *message = g_strdup (json_node_get_string (error));
}

/* What to do after an attempt. */
typedef enum
{
  OUTCOME_DONE,
  OUTCOME_RETRY,
  OUTCOME_FAILED,
} Outcome;

static Outcome
map_http_error (Exchange  *x,
                guint      attempt,
                GError   **error)
{
  const DfAiConfig *config = x->config;
  g_autofree char *message = NULL;
  g_autofree char *code = NULL;
  g_autofree char *detail = NULL;
  gboolean last = attempt > config->max_retries;

  parse_error_body (x->body->str, &message, &code);
  detail = provider_detail (message, config->api_key);

  if (x->status == 401 || x->status == 403)
    {
      g_set_error_literal (error, DF_AI_ERROR, DF_AI_ERROR_KEY_REFUSED,
                           _("The provider refused the API key: set a valid key with `draftforge-cli ai set-key` or in Preferences"));
      return OUTCOME_FAILED;
    }
  if (g_strcmp0 (code, "model_not_found") == 0)
    {
      g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_MODEL_NOT_FOUND,
                   _("The provider has no model “%s”: check its name with `draftforge-cli ai set model NAME` or in Preferences"),
                   config->model);
      return OUTCOME_FAILED;
    }
  if (x->status == 404)
    {
      g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_MODEL_NOT_FOUND,
                   _("The provider has no model “%s” or the base URL is wrong (HTTP 404): check the model with `draftforge-cli ai set model NAME` and that the base URL ends in /v1"),
                   config->model);
      return OUTCOME_FAILED;
    }
  if (x->status == 429)
    {
      if (g_strcmp0 (code, "insufficient_quota") == 0)
        {
          g_set_error_literal (error, DF_AI_ERROR, DF_AI_ERROR_QUOTA,
                               _("The provider says the account has no quota left: check the plan and billing with the provider"));
          return OUTCOME_FAILED;
        }
      if (!last)
        return OUTCOME_RETRY;
      g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_RATE_LIMITED,
                   _("The provider is limiting requests and still refused after %u tries: wait a minute and try again"),
                   attempt);
      return OUTCOME_FAILED;
    }
  if (x->status >= 500 && x->status <= 599)
    {
      if (!last && (x->status == 500 || x->status == 502 || x->status == 503 || x->status == 504))
        return OUTCOME_RETRY;
      if (*detail != '\0')
        g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_SERVER,
                     _("The provider had a server error (HTTP %ld) after %u tries: try again later (the provider said: “%s”)"),
                     x->status, attempt, detail);
      else
        g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_SERVER,
                     _("The provider had a server error (HTTP %ld) after %u tries: try again later"),
                     x->status, attempt);
      return OUTCOME_FAILED;
    }
  if (*detail != '\0')
    g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_FAILED,
                 _("The provider refused the request (HTTP %ld): check the base URL and the model (the provider said: “%s”)"),
                 x->status, detail);
  else
    g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_FAILED,
                 _("The provider refused the request (HTTP %ld): check the base URL and the model"), x->status);
  return OUTCOME_FAILED;
}

static void
map_curl_error (Exchange  *x,
                CURLcode   code,
                const char *errbuf,
                GError   **error)
{
  const DfAiConfig *config = x->config;
  g_autofree char *host = url_host (config->base_url);
  const char *why = errbuf != NULL && *errbuf != '\0' ? errbuf : curl_easy_strerror (code);

  switch (code)
    {
    case CURLE_COULDNT_CONNECT:
      g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_CONNECTION_REFUSED,
                   _("Nothing answers at %s: start the AI server (for a local Ollama, `ollama serve`) or check the base URL"),
                   config->base_url);
      break;

    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_NAME_NOT_RESOLVED,
                   _("The provider's host name “%s” cannot be found: check the base URL and the network connection"),
                   host);
      break;

    case CURLE_OPERATION_TIMEDOUT:
      g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_TIMEOUT,
                   _("The provider at %s did not answer in time (timeouts: %g s to connect, %g s of silence, %g s in all): try again, or raise DRAFTFORGE_AI_TIMEOUT for a slow local model"),
                   host, config->connect_timeout, config->idle_timeout, config->total_timeout);
      break;

    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
      g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_TLS,
                   _("A secure connection to %s could not be made (%s): check the base URL and the system's certificates"),
                   host, why);
      break;

    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_HTTP2_STREAM:
      g_set_error_literal (error, DF_AI_ERROR, DF_AI_ERROR_TRUNCATED,
                           _("The provider's answer stopped before the end: try again"));
      break;

    case CURLE_GOT_NOTHING:
      g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_SERVER,
                   _("The provider at %s closed the connection without answering: try again later"), host);
      break;

    default:
      g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_FAILED,
                   _("The request to the provider at %s failed (%s): check the base URL and the network connection"),
                   host, why);
      break;
    }
}

/* The answer of a 200 application/json body. */
static gboolean
parse_json_answer (Exchange *x)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root_node, *choices;
  JsonObject *root;

  if (!json_parser_load_from_data (parser, x->body->str, x->body->len, NULL))
    {
      bad_response (x, _("the answer is not valid JSON"));
      return FALSE;
    }
  root_node = json_parser_get_root (parser);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      bad_response (x, _("the answer is not a JSON object"));
      return FALSE;
    }
  root = json_node_get_object (root_node);
  if (json_object_has_member (root, "error"))
    {
      stream_error (x, root);
      return FALSE;
    }
  read_model (x, root);
  read_usage (x, root);
  choices = json_object_get_member (root, "choices");
  if (choices != NULL && JSON_NODE_HOLDS_ARRAY (choices)
      && json_array_get_length (json_node_get_array (choices)) > 0)
    {
      JsonNode *choice_node = json_array_get_element (json_node_get_array (choices), 0);
      JsonObject *choice, *message;
      JsonNode *message_node;

      if (JSON_NODE_HOLDS_OBJECT (choice_node))
        {
          choice = json_node_get_object (choice_node);
          message_node = json_object_get_member (choice, "message");
          if (message_node != NULL && JSON_NODE_HOLDS_OBJECT (message_node))
            {
              message = json_node_get_object (message_node);
              emit_delta (x, member_string (message, "content"));
              set_str (&x->finish_reason,
                         member_string (choice, "finish_reason"));
              return TRUE;
            }
        }
    }
  bad_response (x, _("the answer has no message"));
  return FALSE;
}

/* Runs the attempt's transfer to its end, or until cancelled.
 *
 * curl_multi_poll () sleeps until the socket is ready or curl's next timer
 * (it shortens the wait to the connect, total or idle timeout due first),
 * and returns at once when on_cancelled () calls curl_multi_wakeup () from
 * whichever thread cancelled; a wake-up that comes before the poll makes
 * the next poll return at once, so none is lost.  The cancellable is
 * checked after every curl_multi_perform (), and on_write checks it for
 * every piece of data.  Removing the handle stops a transfer still under
 * way and closes its connection.  The result is the transfer's CURLcode:
 * CURLE_ABORTED_BY_CALLBACK when cancelled here (the caller checks the
 * cancellable first), the multi handle's error in @errbuf should it fail. */
static CURLcode
run_transfer (Exchange *x,
              char     *errbuf)
{
  CURLcode result = CURLE_FAILED_INIT;
  CURLMcode mcode;
  CURLMsg *msg;
  int running = 0, left = 0;

  mcode = curl_multi_add_handle (x->multi, x->curl);
  if (mcode == CURLM_OK)
    {
      for (;;)
        {
          mcode = curl_multi_perform (x->multi, &running);
          if (mcode != CURLM_OK || running == 0)
            break;
          if (g_cancellable_is_cancelled (x->cancellable))
            {
              x->cancelled = TRUE;
              break;
            }
          mcode = curl_multi_poll (x->multi, NULL, 0, MAX_POLL_MS, NULL);
          if (mcode != CURLM_OK)
            break;
        }
      while ((msg = curl_multi_info_read (x->multi, &left)) != NULL)
        if (msg->msg == CURLMSG_DONE && msg->easy_handle == x->curl)
          result = msg->data.result;
      curl_multi_remove_handle (x->multi, x->curl);
    }

  if (x->cancelled)
    return CURLE_ABORTED_BY_CALLBACK;
  if (mcode != CURLM_OK && errbuf[0] == '\0')
    g_strlcpy (errbuf, curl_multi_strerror (mcode), CURL_ERROR_SIZE);
  return result;
}

/* One attempt: sends, reads, and says what to do next. */
static Outcome
attempt_once (Exchange           *x,
              const char         *url,
              const char         *body,
              struct curl_slist  *headers,
              guint               attempt,
              GError            **error)
{
  const DfAiConfig *config = x->config;
  char errbuf[CURL_ERROR_SIZE] = "";
  CURLcode code;
  CURL *curl = x->curl;

  exchange_reset (x);
  curl_easy_reset (curl);
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_POST, 1L);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) strlen (body));
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "DraftForge/" PACKAGE_VERSION);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, on_write);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, x);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, x);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT_MS, (long) MAX (1.0, config->connect_timeout * 1000));
  curl_easy_setopt (curl, CURLOPT_TIMEOUT_MS, (long) MAX (1.0, config->total_timeout * 1000));
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, (long) MAX (1.0, config->idle_timeout));
  /* Certificates are always verified (the defaults, stated). */
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);

  code = run_transfer (x, errbuf);
  /* errbuf is on this stack: map the error now, and let curl forget it. */
  if (code != CURLE_OK && errbuf[0] == '\0')
    g_strlcpy (errbuf, curl_easy_strerror (code), sizeof errbuf);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, NULL);

  if (x->cancelled || g_cancellable_is_cancelled (x->cancellable))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The request was canceled"));
      return OUTCOME_FAILED;
    }
  if (x->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&x->error));
      return OUTCOME_FAILED;
    }
  if (x->kind == BODY_UNKNOWN && code == CURLE_OK)
    classify (x);
  if (x->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&x->error));
      return OUTCOME_FAILED;
    }

  if (x->kind == BODY_ERROR && (code == CURLE_OK || code == CURLE_PARTIAL_FILE || code == CURLE_RECV_ERROR))
    return map_http_error (x, attempt, error);

  if (code != CURLE_OK)
    {
      map_curl_error (x, code, errbuf, error);
      /* A connection closed without a word may be a restarting server. */
      if (g_error_matches (*error, DF_AI_ERROR, DF_AI_ERROR_SERVER) && attempt <= config->max_retries)
        {
          g_clear_error (error);
          return OUTCOME_RETRY;
        }
      return OUTCOME_FAILED;
    }

  if (x->kind == BODY_JSON)
    {
      if (!parse_json_answer (x))
        {
          g_propagate_error (error, g_steal_pointer (&x->error));
          return OUTCOME_FAILED;
        }
      return OUTCOME_DONE;
    }

  /* A stream: an event may still be waiting for its blank line. */
  if (!x->done && x->event->len > 0 && x->line->len == 0)
    {
      g_autofree char *last = g_strdup (x->event->str);

      g_string_truncate (x->event, 0);
      if (!handle_event (x, last))
        {
          g_propagate_error (error, g_steal_pointer (&x->error));
          return OUTCOME_FAILED;
        }
    }
  /* Some servers close after the last choice without [DONE]: a finish
   * reason says the answer is whole; without either it was cut. */
  if (!x->done && x->finish_reason == NULL)
    {
      g_set_error_literal (error, DF_AI_ERROR, DF_AI_ERROR_TRUNCATED,
                           _("The provider's answer stopped before the end: try again"));
      return OUTCOME_FAILED;
    }
  return OUTCOME_DONE;
}

/* Waits @ms unless cancelled; FALSE when cancelled. */
static gboolean
cancellable_sleep (GCancellable *cancellable,
                   gint64        ms)
{
  GPollFD fd;

  if (cancellable == NULL)
    {
      g_usleep (ms * 1000);
      return TRUE;
    }
  if (!g_cancellable_make_pollfd (cancellable, &fd))
    {
      gint64 end = g_get_monotonic_time () + ms * 1000;

      while (!g_cancellable_is_cancelled (cancellable) && g_get_monotonic_time () < end)
        g_usleep (MIN (20000, end - g_get_monotonic_time ()));
      return !g_cancellable_is_cancelled (cancellable);
    }
  g_poll (&fd, 1, (gint) ms);
  g_cancellable_release_fd (cancellable);
  return !g_cancellable_is_cancelled (cancellable);
}

static gint64
retry_wait_ms (Exchange *x,
               guint     attempt)
{
  gint64 wait;

  if (x->retry_after_ms >= 0)
    {
      wait = x->retry_after_ms;
      if (wait > MAX_RETRY_WAIT_MS)
        {
          g_debug ("The provider asked to wait %" G_GINT64_FORMAT " ms before retrying; waiting %d ms, the longest DraftForge waits",
                   wait, MAX_RETRY_WAIT_MS);
          wait = MAX_RETRY_WAIT_MS;
        }
      return wait;
    }
  /* Exponential backoff with jitter. */
  wait = (gint64) BACKOFF_BASE_MS << MIN (attempt - 1, 10);
  wait += g_random_int_range (0, (gint32) (wait / 2) + 1);
  if (wait > MAX_RETRY_WAIT_MS)
    {
      g_debug ("Backing off %" G_GINT64_FORMAT " ms is capped at %d ms", wait, MAX_RETRY_WAIT_MS);
      wait = MAX_RETRY_WAIT_MS;
    }
  return wait;
}

static char *
build_body (const DfAiConfig  *config,
            const DfAiRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, config->model);
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; request->messages != NULL && i < request->messages->len; i++)
    {
      DfAiMessage *m = g_ptr_array_index (request->messages, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, m->role != NULL ? m->role : "user");
      json_builder_set_member_name (builder, "content");
      json_builder_add_string_value (builder, m->content != NULL ? m->content : "");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "max_tokens");
  json_builder_add_int_value (builder, request->max_tokens > 0 ? request->max_tokens : DEFAULT_MAX_TOKENS);
  if (request->temperature >= 0)
    {
      json_builder_set_member_name (builder, "temperature");
      json_builder_add_double_value (builder, request->temperature);
    }
  json_builder_set_member_name (builder, "stream");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "stream_options");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "include_usage");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
  if (request->json_object)
    {
      json_builder_set_member_name (builder, "response_format");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "json_object");
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static const char *
status_for (const GError *error)
{
  if (error == NULL)
    return "success";
  if (g_error_matches (error, DF_AI_ERROR, DF_AI_ERROR_TIMEOUT))
    return "timeout";
  if (g_error_matches (error, DF_AI_ERROR, DF_AI_ERROR_RATE_LIMITED))
    return "rate_limited";
  return "failed";
}

static gint64
log_usage (DfStore           *store,
           const char        *profile_id,
           const DfAiRequest *request,
           const DfAiConfig  *config,
           gint64             prompt_tokens,
           gint64             completion_tokens,
           gboolean           estimated,
           double             cost,
           const GError      *failure,
           gint64             response_ms)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *provider = url_host (config->base_url);
  g_autofree char *message = NULL;
  DfUsage usage = { 0 };
  gint64 id;

  if (failure != NULL)
    message = g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      ? g_strdup ("canceled")
      : scrub_key (failure->message, config->api_key);

  usage.profile_id = (char *) profile_id;
  usage.project_id = request->project_id;
  usage.agent = (char *) (request->agent != NULL ? request->agent : "unknown");
  usage.model = config->model;
  usage.provider = provider;
  usage.prompt_tokens = prompt_tokens;
  usage.completion_tokens = completion_tokens;
  usage.tokens_estimated = estimated;
  usage.cost = cost;
  usage.status = (char *) status_for (failure);
  usage.error = message;
  usage.response_time_ms = response_ms;

  id = df_usage_log (store, &usage, &error);
  if (id <= 0 && error != NULL)
    g_warning ("Cannot log the AI call: %s", error->message);
  return id;
}

static void
commit_or_warn (DfStore *store)
{
  g_autoptr(GError) error = NULL;

  if (!df_store_commit (store, &error))
    {
      g_warning ("Cannot record the AI call: %s", error->message);
      df_store_rollback (store);
    }
}

/* The cancellable's "cancelled" handler: runs in the thread that cancels,
 * or at once in this one when connected to a cancelled cancellable.
 * curl_multi_wakeup () is the one multi-handle call libcurl allows from
 * another thread; df_ai_complete disconnects the handler (which waits for
 * one still running) before it cleans the multi handle up. */
static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  CURLM *multi = user_data;

  curl_multi_wakeup (multi);
}

DfAiResponse *
df_ai_complete (const DfAiConfig   *config,
                DfStore            *store,
                const DfAiRequest  *request,
                DfAiDeltaFunc       on_delta,
                gpointer            user_data,
                GCancellable       *cancellable,
                GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *profile_id = NULL;
  g_autofree char *url = NULL;
  g_autofree char *body = NULL;
  g_autofree char *auth = NULL;
  struct curl_slist *headers = NULL;
  DfAiResponse *response = NULL;
  Exchange x = { 0 };
  gint64 reserved = 0, prompt_estimate, start;
  guint max_tokens;
  Outcome outcome = OUTCOME_FAILED;
  gboolean in_tx = FALSE;
  gulong cancelled_id = 0;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (store == NULL || DF_IS_STORE (store), NULL);

  if (config->base_url == NULL || *config->base_url == '\0' || config->model == NULL || *config->model == '\0')
    {
      const char *missing = (config->base_url == NULL || *config->base_url == '\0')
        ? ((config->model == NULL || *config->model == '\0') ? _("a base URL and a model") : _("a base URL"))
        : _("a model");

      g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_NOT_CONFIGURED,
                   _("No AI provider is set up (it needs %s): set them with `draftforge-cli ai set base-url URL` and `draftforge-cli ai set model NAME` or in Preferences; a local Ollama is http://localhost:11434/v1"),
                   missing);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  start = g_get_monotonic_time ();
  max_tokens = request->max_tokens > 0 ? request->max_tokens : DEFAULT_MAX_TOKENS;
  prompt_estimate = estimate_messages (request->messages);

  /* Credits: reserved before any traffic. */
  if (store != NULL)
    {
      profile_id = resolve_profile (store, request->profile_id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  if (profile_id != NULL)
    {
      if (!df_credits_reserve (store, profile_id, config->model, prompt_estimate + max_tokens, &local_error))
        {
          log_usage (store, profile_id, request, config, 0, 0, FALSE, 0, local_error, 0);
          scrub_error (local_error, config->api_key);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      reserved = prompt_estimate + max_tokens;
    }

  curl_init_once ();
  url = g_str_has_suffix (config->base_url, "/")
    ? g_strconcat (config->base_url, "chat/completions", NULL)
    : g_strconcat (config->base_url, "/chat/completions", NULL);
  body = build_body (config, request);
  headers = curl_slist_append (headers, "Content-Type: application/json");
  headers = curl_slist_append (headers, "Accept: text/event-stream, application/json");
  /* No "Expect: 100-continue" round trip for large prompts. */
  headers = curl_slist_append (headers, "Expect:");
  if (config->api_key != NULL && *config->api_key != '\0')
    {
      auth = g_strconcat ("Authorization: Bearer ", config->api_key, NULL);
      headers = curl_slist_append (headers, auth);
      memset (auth, 0, strlen (auth));
    }

  x.config = config;
  x.cancellable = cancellable;
  x.on_delta = on_delta;
  x.user_data = user_data;
  x.line = g_string_new (NULL);
  x.event = g_string_new (NULL);
  x.body = g_string_new (NULL);
  x.content = g_string_new (NULL);
  x.curl = curl_easy_init ();
  x.multi = curl_multi_init ();
  /* For the whole call, retries included: Stop wakes whichever attempt is
   * waiting.  Connected after the multi handle exists, disconnected before
   * it is cleaned up. */
  if (x.multi != NULL && cancellable != NULL)
    cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), x.multi, NULL);

  g_debug ("AI request: %s, model %s, %u messages, agent %s", url, config->model,
           request->messages != NULL ? request->messages->len : 0, request->agent);

  if (x.curl == NULL || x.multi == NULL)
    g_set_error_literal (&local_error, DF_AI_ERROR, DF_AI_ERROR_FAILED,
                         _("The network library could not start: try again"));
  else
    for (guint attempt = 1; ; attempt++)
      {
        gint64 wait;

        outcome = attempt_once (&x, url, body, headers, attempt, &local_error);
        if (outcome != OUTCOME_RETRY)
          break;
        wait = retry_wait_ms (&x, attempt);
        g_debug ("The provider answered HTTP %ld; retrying in %" G_GINT64_FORMAT " ms (try %u of %u)",
                 x.status, wait, attempt + 1, config->max_retries + 1);
        if (!cancellable_sleep (cancellable, wait))
          {
            g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The request was canceled"));
            outcome = OUTCOME_FAILED;
            break;
          }
      }

  /* Wipe the header holding the key before freeing it. */
  for (struct curl_slist *h = headers; h != NULL; h = h->next)
    if (g_str_has_prefix (h->data, "Authorization:"))
      memset (h->data, 0, strlen (h->data));
  curl_slist_free_all (headers);
  /* Waits for a handler running in another thread: after this, nothing
   * touches the multi handle but this thread. */
  g_cancellable_disconnect (cancellable, cancelled_id);
  if (x.multi != NULL)
    curl_multi_cleanup (x.multi);
  if (x.curl != NULL)
    curl_easy_cleanup (x.curl);

  if (outcome == OUTCOME_DONE)
    {
      gint64 elapsed = (g_get_monotonic_time () - start) / 1000;
      gint64 prompt = x.have_usage ? x.prompt_tokens : prompt_estimate;
      gint64 completion = x.have_usage ? x.completion_tokens : df_ai_estimate_tokens (x.content->str);
      double cost = 0;

      response = g_new0 (DfAiResponse, 1);
      response->content = g_strdup (x.content->str);
      response->model = g_strdup (x.model != NULL ? x.model : config->model);
      response->finish_reason = g_strdup (x.finish_reason);
      response->prompt_tokens = prompt;
      response->completion_tokens = completion;
      response->usage_estimated = !x.have_usage;
      response->response_ms = elapsed;

      /* Settlement and log in one transaction: one commit. */
      if (store != NULL)
        {
          cost = df_credits_cost (store, config->model, prompt, completion);
          in_tx = df_store_begin_light (store, NULL);
        }
      if (profile_id != NULL)
        {
          g_autoptr(GError) settle_error = NULL;

          if (!df_credits_settle (store, profile_id, reserved, prompt + completion, cost, &settle_error))
            g_warning ("Cannot settle the AI credits: %s", settle_error->message);
        }
      if (store != NULL)
        response->usage_id = log_usage (store, profile_id, request, config, prompt, completion,
                                        !x.have_usage, cost, NULL, elapsed);
      if (in_tx)
        commit_or_warn (store);
      g_debug ("AI answer: %" G_GINT64_FORMAT " + %" G_GINT64_FORMAT " tokens%s in %" G_GINT64_FORMAT " ms",
               prompt, completion, x.have_usage ? "" : " (estimated)", elapsed);
    }
  else
    {
      gint64 elapsed = (g_get_monotonic_time () - start) / 1000;

      g_assert (local_error != NULL);
      scrub_error (local_error, config->api_key);
      /* A failed call is not charged, even when part of an answer came. */
      if (store != NULL)
        in_tx = df_store_begin_light (store, NULL);
      if (profile_id != NULL)
        {
          g_autoptr(GError) release_error = NULL;

          if (!df_credits_release (store, profile_id, reserved, &release_error))
            g_warning ("Cannot release the AI credits: %s", release_error->message);
        }
      if (store != NULL)
        log_usage (store, profile_id, request, config, 0, 0, FALSE, 0, local_error, elapsed);
      if (in_tx)
        commit_or_warn (store);
      g_debug ("AI call failed: %s", local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }

  g_string_free (x.line, TRUE);
  g_string_free (x.event, TRUE);
  g_string_free (x.body, TRUE);
  g_string_free (x.content, TRUE);
  g_clear_error (&x.error);
  g_free (x.model);
  g_free (x.finish_reason);
  return response;
}

/* ---- df_ai_test ------------------------------------------------------ */

DfAiResponse *
df_ai_test (const DfAiConfig  *config,
            DfStore           *store,
            GCancellable      *cancellable,
            GError           **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) df_ai_message_free);
  DfAiRequest request = {
    .agent = "test",
    .messages = messages,
    .max_tokens = 5,
    .temperature = -1,
  };

  g_ptr_array_add (messages, df_ai_message_new ("user", "Reply with the word OK."));
  return df_ai_complete (config, store, &request, NULL, NULL, cancellable, error);
}

/* ---- the asynchronous variant ---------------------------------------- */

typedef struct
{
  GMainContext   *context;
  DfAiDeltaFunc   on_delta;
  gpointer        delta_data;
  GDestroyNotify  delta_data_free;
  GCancellable   *cancellable;
} DeltaSink;

typedef struct
{
  char        *db_path;
  char        *agent;
  char        *profile_id;
  DfAiRequest  request;
  DeltaSink   *sink;
} AsyncCall;

/* Always queued (never run on the spot, as g_main_context_invoke may when
 * the context is free), at the priority of the GTask's completion, so
 * that whatever is posted comes in order and before the callback. */
static void
post_to_context (GMainContext   *context,
                 GSourceFunc     func,
                 gpointer        data,
                 GDestroyNotify  notify)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[draftforge] AI delta");
  g_source_attach (source, context);
  g_source_unref (source);
}

static void
sink_free_in_context (gpointer data)
{
  DeltaSink *sink = data;

  if (sink->delta_data_free != NULL)
    sink->delta_data_free (sink->delta_data);
  g_main_context_unref (sink->context);
  g_clear_object (&sink->cancellable);
  g_free (sink);
}

static gboolean
sink_free_idle (gpointer data)
{
  sink_free_in_context (data);
  return G_SOURCE_REMOVE;
}

static void
async_call_free (gpointer data)
{
  AsyncCall *call = data;

  g_free (call->db_path);
  g_free (call->agent);
  g_free (call->profile_id);
  g_clear_pointer (&call->request.messages, g_ptr_array_unref);
  if (call->sink != NULL)
    {
      /* delta_data is freed in the caller's context, after the deltas. */
      if (g_main_context_is_owner (call->sink->context))
        sink_free_in_context (call->sink);
      else
        post_to_context (call->sink->context, sink_free_idle, call->sink, NULL);
    }
  g_free (call);
}

typedef struct
{
  DeltaSink *sink;
  char      *text;
} PostedDelta;

static gboolean
deliver_delta (gpointer data)
{
  PostedDelta *posted = data;

  /* Nothing more after the caller cancelled. */
  if (!g_cancellable_is_cancelled (posted->sink->cancellable) && posted->sink->on_delta != NULL)
    posted->sink->on_delta (posted->text, posted->sink->delta_data);
  return G_SOURCE_REMOVE;
}

static void
posted_delta_free (gpointer data)
{
  PostedDelta *posted = data;

  g_free (posted->text);
  g_free (posted);
}

static void
post_delta (const char *delta,
            gpointer    user_data)
{
  DeltaSink *sink = user_data;
  PostedDelta *posted = g_new0 (PostedDelta, 1);

  posted->sink = sink;
  posted->text = g_strdup (delta);
  post_to_context (sink->context, deliver_delta, posted, posted_delta_free);
}

static void
complete_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  AsyncCall *call = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfAiConfig) config = NULL;
  DfAiResponse *response;

  store = df_store_open (call->db_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  config = df_ai_config_load (store, call->profile_id, &error);
  if (config == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  response = df_ai_complete (config, store, &call->request,
                             call->sink->on_delta != NULL ? post_delta : NULL, call->sink,
                             cancellable, &error);
  if (response == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, response, (GDestroyNotify) df_ai_response_free);
}

void
df_ai_complete_async (const char         *db_path,
                      const DfAiRequest  *request,
                      DfAiDeltaFunc       on_delta,
                      gpointer            delta_data,
                      GDestroyNotify      delta_data_free,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  AsyncCall *call;

  g_return_if_fail (db_path != NULL);
  g_return_if_fail (request != NULL);

  call = g_new0 (AsyncCall, 1);
  call->db_path = g_strdup (db_path);
  call->agent = g_strdup (request->agent);
  call->profile_id = g_strdup (request->profile_id);
  call->request = *request;
  call->request.agent = call->agent;
  call->request.profile_id = call->profile_id;
  call->request.messages = g_ptr_array_new_with_free_func ((GDestroyNotify) df_ai_message_free);
  for (guint i = 0; request->messages != NULL && i < request->messages->len; i++)
    {
      DfAiMessage *m = g_ptr_array_index (request->messages, i);

      g_ptr_array_add (call->request.messages, df_ai_message_new (m->role, m->content));
    }
  call->sink = g_new0 (DeltaSink, 1);
  call->sink->context = g_main_context_ref_thread_default ();
  call->sink->on_delta = on_delta;
  call->sink->delta_data = delta_data;
  call->sink->delta_data_free = delta_data_free;
  call->sink->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, df_ai_complete_async);
  g_task_set_name (task, "[draftforge] AI request");
  g_task_set_task_data (task, call, async_call_free);
  g_task_run_in_thread (task, complete_thread);
}

DfAiResponse *
df_ai_complete_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == df_ai_complete_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
