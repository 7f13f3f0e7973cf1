/* df-ai.c: the AI provider client (OpenAI-compatible chat completions)
 *
 * df_ai_complete blocks (a worker thread); df_ai_complete_async runs it in
 * a GTask thread and posts the deltas to the caller's main context.
 * Credits are reserved before any traffic and settled or released
 * afterwards (df-credits.h); every call is logged in ai_usage.  The
 * exchange itself is df-ai-http.c's; df-ai-private.h says where the rest
 * of the client lives.
 *
 * The API key only ever goes into the Authorization header: messages the
 * provider sends back are scrubbed of it, and nothing logs it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "DfAi"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "df-ai-private.h"
#include "df-credits.h"
#include "df-store-private.h"

G_DEFINE_QUARK (df-ai-error-quark, df_ai_error)

/* ---- private helpers ------------------------------------------------- */

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

static gboolean
check_configured (const DfAiConfig  *config,
                  GError           **error)
{
  gboolean no_url = config->base_url == NULL || *config->base_url == '\0';
  gboolean no_model = config->model == NULL || *config->model == '\0';
  const char *missing;

  if (!no_url && !no_model)
    return TRUE;
  missing = no_url ? (no_model ? _("a base URL and a model") : _("a base URL")) : _("a model");
  g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_NOT_CONFIGURED,
               _("No AI provider is set up (it needs %s): set them with `draftforge-cli ai set base-url URL` and `draftforge-cli ai set model NAME` or in Preferences; a local Ollama is http://localhost:11434/v1"),
               missing);
  return FALSE;
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

/* Logs the call: @response when it succeeded (its tokens, at @cost), else
 * @failure. */
static gint64
log_usage (DfStore            *store,
           const char         *profile_id,
           const DfAiRequest  *request,
           const DfAiConfig   *config,
           const DfAiResponse *response,
           double              cost,
           const GError       *failure,
           gint64              response_ms)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *provider = _df_ai_url_host (config->base_url);
  g_autofree char *message = NULL;
  DfUsage usage = { 0 };
  gint64 id;

  if (failure != NULL)
    message = g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      ? g_strdup ("canceled")
      : _df_ai_scrub_key (failure->message, config->api_key);

  usage.profile_id = (char *) profile_id;
  usage.project_id = request->project_id;
  usage.agent = (char *) (request->agent != NULL ? request->agent : "unknown");
  usage.model = config->model;
  usage.provider = provider;
  usage.prompt_tokens = response != NULL ? response->prompt_tokens : 0;
  usage.completion_tokens = response != NULL ? response->completion_tokens : 0;
  usage.tokens_estimated = response != NULL && response->usage_estimated;
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

  if (!df_store_end (store, TRUE, &error))
    g_warning ("Cannot record the AI call: %s", error->message);
}

/* Reserves @tokens of the credits of the request's profile, if there is
 * one, before any traffic; a refusal is logged. */
static gboolean
reserve_credits (const DfAiConfig   *config,
                 DfStore            *store,
                 const DfAiRequest  *request,
                 gint64              tokens,
                 char              **profile_id,
                 gint64             *reserved,
                 GError            **error)
{
  g_autoptr(GError) local_error = NULL;

  if (store == NULL)
    return TRUE;
  *profile_id = _df_ai_resolve_profile (store, request->profile_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (*profile_id == NULL)
    return TRUE;
  if (!df_credits_reserve (store, *profile_id, config->model, tokens, &local_error))
    {
      log_usage (store, *profile_id, request, config, NULL, 0, local_error, 0);
      _df_ai_scrub_error (local_error, config->api_key);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *reserved = tokens;
  return TRUE;
}

/* Settles the reservation with what @response used (a failed call, with
 * @response NULL, is not charged, even when part of an answer came) and
 * logs the call, in one transaction: one commit.  The usage row's id. */
static gint64
record_call (const DfAiConfig   *config,
             DfStore            *store,
             const char         *profile_id,
             const DfAiRequest  *request,
             gint64              reserved,
             const DfAiResponse *response,
             const GError       *failure,
             gint64              elapsed)
{
  double cost = 0;
  gboolean in_tx;
  gint64 usage_id;

  if (store == NULL)
    return 0;
  if (response != NULL)
    cost = df_credits_cost (store, config->model, response->prompt_tokens, response->completion_tokens);
  in_tx = df_store_begin_light (store, NULL);
  if (profile_id != NULL)
    {
      g_autoptr(GError) credits_error = NULL;

      if (response != NULL)
        {
          if (!df_credits_settle (store, profile_id, reserved,
                                  response->prompt_tokens + response->completion_tokens, cost, &credits_error))
            g_warning ("Cannot settle the AI credits: %s", credits_error->message);
        }
      else if (!df_credits_release (store, profile_id, reserved, &credits_error))
        g_warning ("Cannot release the AI credits: %s", credits_error->message);
    }
  usage_id = log_usage (store, profile_id, request, config, response, cost, failure, elapsed);
  if (in_tx)
    commit_or_warn (store);
  return usage_id;
}

/* ---- public API ------------------------------------------------------ */

gint64
df_ai_estimate_tokens (const char *text)
{
  glong chars;

  if (text == NULL || *text == '\0')
    return 0;
  chars = g_utf8_validate (text, -1, NULL) ? g_utf8_strlen (text, -1) : (glong) strlen (text);
  return (chars + 3) / 4;
}

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
  DfAiResponse *response;
  gint64 reserved = 0, prompt_estimate, start, elapsed;
  guint max_tokens;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (store == NULL || DF_IS_STORE (store), NULL);

  if (!_df_ai_caller_may (__builtin_return_address (0), error))
    return NULL;

  if (!check_configured (config, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  start = g_get_monotonic_time ();
  max_tokens = request->max_tokens > 0 ? request->max_tokens : DF_AI_DEFAULT_MAX_TOKENS;
  prompt_estimate = estimate_messages (request->messages);
  if (!reserve_credits (config, store, request, prompt_estimate + max_tokens, &profile_id, &reserved, error))
    return NULL;

  response = _df_ai_http_complete (config, request, on_delta, user_data, cancellable, &local_error);
  elapsed = (g_get_monotonic_time () - start) / 1000;

  if (response == NULL)
    {
      g_assert (local_error != NULL);
      _df_ai_scrub_error (local_error, config->api_key);
      record_call (config, store, profile_id, request, reserved, NULL, local_error, elapsed);
      g_debug ("AI call failed: %s", local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (response->model == NULL)
    response->model = g_strdup (config->model);
  if (response->usage_estimated)
    {
      response->prompt_tokens = prompt_estimate;
      response->completion_tokens = df_ai_estimate_tokens (response->content);
    }
  response->response_ms = elapsed;
  response->usage_id = record_call (config, store, profile_id, request, reserved, response, NULL, elapsed);
  g_debug ("AI answer: %" G_GINT64_FORMAT " + %" G_GINT64_FORMAT " tokens%s in %" G_GINT64_FORMAT " ms",
           response->prompt_tokens, response->completion_tokens,
           response->usage_estimated ? " (estimated)" : "", elapsed);
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

  {
    g_autoptr(GError) refused = NULL;

    if (!_df_ai_caller_may (__builtin_return_address (0), &refused))
      {
        g_autoptr(GTask) refusal = g_task_new (NULL, cancellable, callback, user_data);

        if (delta_data_free != NULL)
          delta_data_free (delta_data);
        g_task_set_source_tag (refusal, df_ai_complete_async);
        g_task_return_error (refusal, g_steal_pointer (&refused));
        return;
      }
  }

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
