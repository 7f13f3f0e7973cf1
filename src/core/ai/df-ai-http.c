/* df-ai-http.c: one exchange with the provider, over libcurl
 *
 * libcurl in the calling thread: the one easy handle runs through a multi
 * handle waited on with x->api->curl_multi_poll (), which the cancellable's
 * handler interrupts with curl_multi_wakeup (): Stop takes effect at once,
 * even while the provider sends nothing (run_transfer).  The HTTP status
 * is checked before anything is parsed (df-ai-stream.c reads the answer;
 * df-ai-errors.c says what went wrong).  429 and 5xx are retried with
 * exponential backoff, honouring Retry-After and retry-after-ms.
 *
 * The API key only ever goes into the Authorization header, which is
 * wiped before it is freed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "DfAi"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <time.h>

#include "df-ai-private.h"

/* The longest single wait between retries, whatever the server asks. */
#define MAX_RETRY_WAIT_MS       30000
#define BACKOFF_BASE_MS         500
/* The longest x->api->curl_multi_poll () wait.  curl shortens it to its own next
 * timer (the connect, total and idle timeouts), and a cancel interrupts
 * it; this only bounds the wait should a wake-up ever be lost. */
#define MAX_POLL_MS             1000

/* ---- private helpers ------------------------------------------------- */

static void
exchange_reset (DfAiExchange *x)
{
  x->status = 0;
  x->kind = DF_AI_BODY_UNKNOWN;
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
exchange_clear (DfAiExchange *x)
{
  g_string_free (x->line, TRUE);
  g_string_free (x->event, TRUE);
  g_string_free (x->body, TRUE);
  g_string_free (x->content, TRUE);
  g_clear_error (&x->error);
  g_free (x->model);
  g_free (x->finish_reason);
}

/* Decides what the body is, once the headers are in. */
static void
classify (DfAiExchange *x)
{
  char *content_type = NULL;

  x->api->curl_easy_getinfo (x->curl, CURLINFO_RESPONSE_CODE, &x->status);
  x->api->curl_easy_getinfo (x->curl, CURLINFO_CONTENT_TYPE, &content_type);

  if (x->status != 200)
    x->kind = DF_AI_BODY_ERROR;
  else if (content_type == NULL || g_ascii_strncasecmp (content_type, "text/event-stream", 17) == 0)
    x->kind = DF_AI_BODY_SSE;
  else if (g_ascii_strncasecmp (content_type, "application/json", 16) == 0)
    x->kind = DF_AI_BODY_JSON;
  else
    {
      /* The type, without its parameters. */
      g_autofree char *type = g_strndup (content_type, strcspn (content_type, "; "));
      g_autofree char *what = g_strdup_printf (_("it is %s, not a stream of events"), type);

      _df_ai_bad_response (&x->error, what);
    }
}

static gint64
parse_retry_after (const DfCurl *api,
                   const char   *value)
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
  when = api->curl_getdate (value, NULL);
  if (when == -1)
    return -1;
  return MAX (0, (gint64) (when - time (NULL))) * 1000;
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
retry_wait_ms (DfAiExchange *x,
               guint         attempt)
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
  json_builder_add_int_value (builder, request->max_tokens > 0 ? request->max_tokens : DF_AI_DEFAULT_MAX_TOKENS);
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

static struct curl_slist *
build_headers (const DfCurl     *api,
               const DfAiConfig *config)
{
  struct curl_slist *headers = NULL;

  headers = api->curl_slist_append (headers, "Content-Type: application/json");
  headers = api->curl_slist_append (headers, "Accept: text/event-stream, application/json");
  /* No "Expect: 100-continue" round trip for large prompts. */
  headers = api->curl_slist_append (headers, "Expect:");
  if (config->api_key != NULL && *config->api_key != '\0')
    {
      g_autofree char *auth = g_strconcat ("Authorization: Bearer ", config->api_key, NULL);

      headers = api->curl_slist_append (headers, auth);
      memset (auth, 0, strlen (auth));
    }
  return headers;
}

/* Wipes the header holding the key before freeing it. */
static void
free_headers (const DfCurl      *api,
              struct curl_slist *headers)
{
  for (struct curl_slist *h = headers; h != NULL; h = h->next)
    if (g_str_has_prefix (h->data, "Authorization:"))
      memset (h->data, 0, strlen (h->data));
  api->curl_slist_free_all (headers);
}

/* Runs the attempt's transfer to its end, or until cancelled.
 *
 * x->api->curl_multi_poll () sleeps until the socket is ready or curl's next timer
 * (it shortens the wait to the connect, total or idle timeout due first),
 * and returns at once when on_cancelled () calls curl_multi_wakeup () from
 * whichever thread cancelled; a wake-up that comes before the poll makes
 * the next poll return at once, so none is lost.  The cancellable is
 * checked after every x->api->curl_multi_perform (), and on_write checks it for
 * every piece of data.  Removing the handle stops a transfer still under
 * way and closes its connection.  The result is the transfer's CURLcode:
 * CURLE_ABORTED_BY_CALLBACK when cancelled here (the caller checks the
 * cancellable first), the multi handle's error in @errbuf should it fail. */
static CURLcode
run_transfer (DfAiExchange *x,
              char         *errbuf)
{
  CURLcode result = CURLE_FAILED_INIT;
  CURLMcode mcode;
  CURLMsg *msg;
  int running = 0, left = 0;

  mcode = x->api->curl_multi_add_handle (x->multi, x->curl);
  if (mcode == CURLM_OK)
    {
      for (;;)
        {
          mcode = x->api->curl_multi_perform (x->multi, &running);
          if (mcode != CURLM_OK || running == 0)
            break;
          if (g_cancellable_is_cancelled (x->cancellable))
            {
              x->cancelled = TRUE;
              break;
            }
          mcode = x->api->curl_multi_poll (x->multi, NULL, 0, MAX_POLL_MS, NULL);
          if (mcode != CURLM_OK)
            break;
        }
      while ((msg = x->api->curl_multi_info_read (x->multi, &left)) != NULL)
        if (msg->msg == CURLMSG_DONE && msg->easy_handle == x->curl)
          result = msg->data.result;
      x->api->curl_multi_remove_handle (x->multi, x->curl);
    }

  if (x->cancelled)
    return CURLE_ABORTED_BY_CALLBACK;
  if (mcode != CURLM_OK && errbuf[0] == '\0')
    g_strlcpy (errbuf, x->api->curl_multi_strerror (mcode), CURL_ERROR_SIZE);
  return result;
}

/* Hands on the error a callback or the stream reader left. */
static DfAiOutcome
take_error (DfAiExchange  *x,
            GError       **error)
{
  g_propagate_error (error, g_steal_pointer (&x->error));
  return DF_AI_OUTCOME_FAILED;
}

/* A transfer that curl reports as failed. */
static DfAiOutcome
transfer_failed (DfAiExchange  *x,
                 CURLcode       code,
                 const char    *errbuf,
                 guint          attempt,
                 GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  _df_ai_map_curl_error (x->config, code, errbuf, &local_error);
  /* A connection closed without a word may be a restarting server. */
  if (g_error_matches (local_error, DF_AI_ERROR, DF_AI_ERROR_SERVER) && attempt <= x->config->max_retries)
    return DF_AI_OUTCOME_RETRY;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return DF_AI_OUTCOME_FAILED;
}

/* What the attempt's transfer, ended with @code, comes to. */
static DfAiOutcome
attempt_outcome (DfAiExchange  *x,
                 CURLcode       code,
                 const char    *errbuf,
                 guint          attempt,
                 GError       **error)
{
  if (x->cancelled || g_cancellable_is_cancelled (x->cancellable))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The request was canceled"));
      return DF_AI_OUTCOME_FAILED;
    }
  if (x->error != NULL)
    return take_error (x, error);
  if (x->kind == DF_AI_BODY_UNKNOWN && code == CURLE_OK)
    classify (x);
  if (x->error != NULL)
    return take_error (x, error);

  if (x->kind == DF_AI_BODY_ERROR && (code == CURLE_OK || code == CURLE_PARTIAL_FILE || code == CURLE_RECV_ERROR))
    return _df_ai_map_http_error (x->config, x->status, x->body->str, attempt, error);
  if (code != CURLE_OK)
    return transfer_failed (x, code, errbuf, attempt, error);

  if (x->kind == DF_AI_BODY_JSON ? !_df_ai_stream_parse_json (x) : !_df_ai_stream_end (x))
    return take_error (x, error);
  return DF_AI_OUTCOME_DONE;
}

/* ---- callbacks ------------------------------------------------------- */

static size_t
on_write (char   *data,
          size_t  size,
          size_t  nmemb,
          void   *user_data)
{
  DfAiExchange *x = user_data;
  gsize len = size * nmemb;

  if (x->kind == DF_AI_BODY_UNKNOWN)
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
    case DF_AI_BODY_SSE:
      if (!_df_ai_stream_feed (x, data, len))
        return 0;
      /* The delta callback may have cancelled. */
      if (g_cancellable_is_cancelled (x->cancellable))
        {
          x->cancelled = TRUE;
          return 0;
        }
      break;

    case DF_AI_BODY_JSON:
    case DF_AI_BODY_ERROR:
      if (x->body->len + len > DF_AI_MAX_BODY)
        {
          if (x->kind == DF_AI_BODY_JSON)
            {
              _df_ai_bad_response (&x->error, _("the answer is too large"));
              return 0;
            }
          /* An error page: the start is enough. */
          return len;
        }
      g_string_append_len (x->body, data, len);
      break;

    case DF_AI_BODY_UNKNOWN:
    default:
      g_assert_not_reached ();
    }
  return len;
}

static size_t
on_header (char   *data,
           size_t  size,
           size_t  nitems,
           void   *user_data)
{
  DfAiExchange *x = user_data;
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
    x->retry_after_ms = parse_retry_after (x->api, colon + 1);
  return len;
}

/* The cancellable's "cancelled" handler: runs in the thread that cancels,
 * or at once in this one when connected to a cancelled cancellable.
 * curl_multi_wakeup () is the one multi-handle call libcurl allows from
 * another thread; _df_ai_http_complete disconnects the handler (which
 * waits for one still running) before it cleans the multi handle up. */
static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  CURLM *multi = user_data;

  /* Connected only once libcurl is loaded. */
  _df_curl (NULL)->curl_multi_wakeup (multi);
}

/* ---- attempts -------------------------------------------------------- */

static void
set_options (DfAiExchange      *x,
             const char        *url,
             const char        *body,
             struct curl_slist *headers,
             char              *errbuf)
{
  const DfAiConfig *config = x->config;
  const DfCurl *api = x->api;
  CURL *curl = x->curl;

  api->curl_easy_reset (curl);
  api->curl_easy_setopt (curl, CURLOPT_URL, url);
  api->curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  api->curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  api->curl_easy_setopt (curl, CURLOPT_POST, 1L);
  api->curl_easy_setopt (curl, CURLOPT_POSTFIELDS, body);
  api->curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) strlen (body));
  api->curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  api->curl_easy_setopt (curl, CURLOPT_USERAGENT, "DraftForge/" PACKAGE_VERSION);
  api->curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, on_write);
  api->curl_easy_setopt (curl, CURLOPT_WRITEDATA, x);
  api->curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, on_header);
  api->curl_easy_setopt (curl, CURLOPT_HEADERDATA, x);
  api->curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  api->curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT_MS, (long) MAX (1.0, config->connect_timeout * 1000));
  api->curl_easy_setopt (curl, CURLOPT_TIMEOUT_MS, (long) MAX (1.0, config->total_timeout * 1000));
  api->curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  api->curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, (long) MAX (1.0, config->idle_timeout));
  /* Certificates are always verified (the defaults, stated). */
  api->curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  api->curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
}

/* One attempt: sends, reads, and says what to do next. */
static DfAiOutcome
attempt_once (DfAiExchange       *x,
              const char         *url,
              const char         *body,
              struct curl_slist  *headers,
              guint               attempt,
              GError            **error)
{
  char errbuf[CURL_ERROR_SIZE] = "";
  CURLcode code;

  exchange_reset (x);
  set_options (x, url, body, headers, errbuf);
  code = run_transfer (x, errbuf);
  /* errbuf is on this stack: map the error now, and let curl forget it. */
  if (code != CURLE_OK && errbuf[0] == '\0')
    g_strlcpy (errbuf, x->api->curl_easy_strerror (code), sizeof errbuf);
  x->api->curl_easy_setopt (x->curl, CURLOPT_ERRORBUFFER, NULL);

  return attempt_outcome (x, code, errbuf, attempt, error);
}

/* Attempts until one is done or fails for good, waiting between them. */
static gboolean
run_attempts (DfAiExchange       *x,
              const char         *url,
              const char         *body,
              struct curl_slist  *headers,
              GError            **error)
{
  for (guint attempt = 1; ; attempt++)
    {
      DfAiOutcome outcome = attempt_once (x, url, body, headers, attempt, error);
      gint64 wait;

      if (outcome != DF_AI_OUTCOME_RETRY)
        return outcome == DF_AI_OUTCOME_DONE;
      wait = retry_wait_ms (x, attempt);
      g_debug ("The provider answered HTTP %ld; retrying in %" G_GINT64_FORMAT " ms (try %u of %u)",
               x->status, wait, attempt + 1, x->config->max_retries + 1);
      if (!cancellable_sleep (x->cancellable, wait))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The request was canceled"));
          return FALSE;
        }
    }
}

/* The answer of a finished exchange. */
static DfAiResponse *
exchange_response (DfAiExchange *x)
{
  DfAiResponse *response = g_new0 (DfAiResponse, 1);

  response->content = g_strdup (x->content->str);
  response->model = g_strdup (x->model);
  response->finish_reason = g_strdup (x->finish_reason);
  response->prompt_tokens = x->prompt_tokens;
  response->completion_tokens = x->completion_tokens;
  response->usage_estimated = !x->have_usage;
  return response;
}

/* ---- shared inside ai/ ----------------------------------------------- */

DfAiResponse *
_df_ai_http_complete (const DfAiConfig   *config,
                      const DfAiRequest  *request,
                      DfAiDeltaFunc       on_delta,
                      gpointer            user_data,
                      GCancellable       *cancellable,
                      GError            **error)
{
  g_autofree char *url = NULL;
  g_autofree char *body = NULL;
  struct curl_slist *headers;
  DfAiResponse *response = NULL;
  DfAiExchange x = { 0 };
  gulong cancelled_id = 0;
  gboolean ok;

  if ((x.api = _df_curl (error)) == NULL)
    return NULL;
  url = g_str_has_suffix (config->base_url, "/")
    ? g_strconcat (config->base_url, "chat/completions", NULL)
    : g_strconcat (config->base_url, "/chat/completions", NULL);
  body = build_body (config, request);
  headers = build_headers (x.api, config);

  x.config = config;
  x.cancellable = cancellable;
  x.on_delta = on_delta;
  x.user_data = user_data;
  x.line = g_string_new (NULL);
  x.event = g_string_new (NULL);
  x.body = g_string_new (NULL);
  x.content = g_string_new (NULL);
  x.curl = x.api->curl_easy_init ();
  x.multi = x.api->curl_multi_init ();
  /* For the whole call, retries included: Stop wakes whichever attempt is
   * waiting.  Connected after the multi handle exists, disconnected before
   * it is cleaned up. */
  if (x.multi != NULL && cancellable != NULL)
    cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), x.multi, NULL);

  g_debug ("AI request: %s, model %s, %u messages, agent %s", url, config->model,
           request->messages != NULL ? request->messages->len : 0, request->agent);

  if (x.curl == NULL || x.multi == NULL)
    {
      g_set_error_literal (error, DF_AI_ERROR, DF_AI_ERROR_FAILED,
                           _("The network library could not start: try again"));
      ok = FALSE;
    }
  else
    ok = run_attempts (&x, url, body, headers, error);

  free_headers (x.api, headers);
  /* Waits for a handler running in another thread: after this, nothing
   * touches the multi handle but this thread. */
  g_cancellable_disconnect (cancellable, cancelled_id);
  if (x.multi != NULL)
    x.api->curl_multi_cleanup (x.multi);
  if (x.curl != NULL)
    x.api->curl_easy_cleanup (x.curl);

  if (ok)
    response = exchange_response (&x);
  exchange_clear (&x);
  return response;
}
