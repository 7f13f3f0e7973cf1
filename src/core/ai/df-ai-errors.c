/* df-ai-errors.c: what went wrong with an AI call, in words a writer
 * understands
 *
 * HTTP statuses and the provider's error bodies, curl's codes and answers
 * that cannot be read become DfAiError codes with messages that say what
 * to do.  Whatever the provider says is cut short and scrubbed of the API
 * key before it goes into a message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "DfAi"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "df-ai-private.h"

#define MAX_PROVIDER_MESSAGE 300

/* ---- private helpers ------------------------------------------------- */

/* The provider's own message, scrubbed of the key and cut short. */
static char *
provider_detail (const char *message,
                 const char *key)
{
  char *clean;

  if (message == NULL || *message == '\0')
    return g_strdup ("");
  clean = _df_ai_scrub_key (message, key);
  if (strlen (clean) > MAX_PROVIDER_MESSAGE)
    {
      /* Cut on a character boundary. */
      const char *cut = g_utf8_find_prev_char (clean, clean + MAX_PROVIDER_MESSAGE);

      clean[cut != NULL ? cut - clean : 0] = '\0';
    }
  return clean;
}

/* The string @node holds, or NULL. */
static const char *
node_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
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
      const char *code_string = node_string (json_object_get_member (obj, "code"));
      const char *type = _df_ai_json_string (obj, "type");

      *message = g_strdup (_df_ai_json_string (obj, "message"));
      if (code_string != NULL)
        *code = g_strdup (code_string);
      else if (type != NULL)
        *code = g_strdup (type);
      /* insufficient_quota sometimes comes as the type only. */
      if (g_strcmp0 (type, "insufficient_quota") == 0)
        _df_ai_set_str (code, type);
    }
  else
    *message = g_strdup (node_string (error));
}

/* ---- shared inside ai/ ----------------------------------------------- */

char *
_df_ai_scrub_key (const char *text,
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

void
_df_ai_scrub_error (GError     *error,
                    const char *key)
{
  char *clean;

  if (error == NULL || key == NULL || *key == '\0' || strstr (error->message, key) == NULL)
    return;
  clean = _df_ai_scrub_key (error->message, key);
  g_free (error->message);
  error->message = clean;
}

char *
_df_ai_url_host (const char *base_url)
{
  g_autoptr(GUri) uri = NULL;

  if (base_url == NULL)
    return g_strdup ("");
  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (base_url);
  return g_strdup (g_uri_get_host (uri));
}

void
_df_ai_bad_response (GError     **error,
                     const char  *what)
{
  if (*error != NULL)
    return;
  g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_BAD_RESPONSE,
               _("The provider sent an answer DraftForge cannot read (%s): check that the base URL points to an OpenAI-compatible API (it usually ends in /v1)"),
               what);
}

void
_df_ai_answer_error (GError     **error,
                     JsonObject  *root,
                     const char  *api_key)
{
  JsonNode *node = json_object_get_member (root, "error");
  const char *message = NULL;
  g_autofree char *clean = NULL;

  if (JSON_NODE_HOLDS_OBJECT (node))
    message = _df_ai_json_string (json_node_get_object (node), "message");
  else
    message = node_string (node);
  clean = provider_detail (message != NULL ? message : _("no details"), api_key);
  g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_SERVER,
               _("The provider stopped the answer with an error: try again later (the provider said: “%s”)"), clean);
}

DfAiOutcome
_df_ai_map_http_error (const DfAiConfig  *config,
                       long               status,
                       const char        *body,
                       guint              attempt,
                       GError           **error)
{
  g_autofree char *message = NULL;
  g_autofree char *code = NULL;
  g_autofree char *detail = NULL;
  gboolean last = attempt > config->max_retries;

  parse_error_body (body, &message, &code);
  detail = provider_detail (message, config->api_key);

  if (status == 401 || status == 403)
    {
      g_set_error_literal (error, DF_AI_ERROR, DF_AI_ERROR_KEY_REFUSED,
                           _("The provider refused the API key: set a valid key with `draftforge-cli ai set-key` or in Preferences"));
      return DF_AI_OUTCOME_FAILED;
    }
  if (g_strcmp0 (code, "model_not_found") == 0)
    {
      g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_MODEL_NOT_FOUND,
                   _("The provider has no model “%s”: check its name with `draftforge-cli ai set model NAME` or in Preferences"),
                   config->model);
      return DF_AI_OUTCOME_FAILED;
    }
  if (status == 404)
    {
      g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_MODEL_NOT_FOUND,
                   _("The provider has no model “%s” or the base URL is wrong (HTTP 404): check the model with `draftforge-cli ai set model NAME` and that the base URL ends in /v1"),
                   config->model);
      return DF_AI_OUTCOME_FAILED;
    }
  if (status == 429)
    {
      if (g_strcmp0 (code, "insufficient_quota") == 0)
        {
          g_set_error_literal (error, DF_AI_ERROR, DF_AI_ERROR_QUOTA,
                               _("The provider says the account has no quota left: check the plan and billing with the provider"));
          return DF_AI_OUTCOME_FAILED;
        }
      if (!last)
        return DF_AI_OUTCOME_RETRY;
      g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_RATE_LIMITED,
                   _("The provider is limiting requests and still refused after %u tries: wait a minute and try again"),
                   attempt);
      return DF_AI_OUTCOME_FAILED;
    }
  if (status >= 500 && status <= 599)
    {
      if (!last && (status == 500 || status == 502 || status == 503 || status == 504))
        return DF_AI_OUTCOME_RETRY;
      if (*detail != '\0')
        g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_SERVER,
                     _("The provider had a server error (HTTP %ld) after %u tries: try again later (the provider said: “%s”)"),
                     status, attempt, detail);
      else
        g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_SERVER,
                     _("The provider had a server error (HTTP %ld) after %u tries: try again later"),
                     status, attempt);
      return DF_AI_OUTCOME_FAILED;
    }
  if (*detail != '\0')
    g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_FAILED,
                 _("The provider refused the request (HTTP %ld): check the base URL and the model (the provider said: “%s”)"),
                 status, detail);
  else
    g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_FAILED,
                 _("The provider refused the request (HTTP %ld): check the base URL and the model"), status);
  return DF_AI_OUTCOME_FAILED;
}

void
_df_ai_map_curl_error (const DfAiConfig  *config,
                       CURLcode           code,
                       const char        *errbuf,
                       GError           **error)
{
  g_autofree char *host = _df_ai_url_host (config->base_url);
  const char *why = errbuf != NULL && *errbuf != '\0' ? errbuf : _df_curl (NULL)->curl_easy_strerror (code);

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

/* ---- shared inside ai/ ----------------------------------------------- */

const char *
_df_ai_json_string (JsonObject *object,
                    const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}
