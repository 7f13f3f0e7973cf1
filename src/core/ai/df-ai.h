/* df-ai.h: the AI provider client (OpenAI-compatible chat completions)
 *
 * One client for every AI helper: OpenAI, OpenRouter, a local Ollama
 * (http://localhost:11434/v1), llama.cpp's server, LM Studio.  Requests
 * stream (server-sent events); every call reserves credits before any
 * network traffic, settles them with the usage the provider reports, and
 * is logged in ai_usage.  The API key never reaches the database, a log,
 * an error message or the command line's output.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined (__DRAFTFORGE_PLUGIN_H_INSIDE__) && !defined (DRAFTFORGE_COMPILATION)
# error "Only <draftforge-plugin.h> can be included directly."
#endif

#include "df-extern.h"

#include <gio/gio.h>

#include "df-store.h"

G_BEGIN_DECLS

#define DF_AI_ERROR (df_ai_error_quark ())

/* Each has a message a writer understands, saying what to do. */
typedef enum
{
  DF_AI_ERROR_NOT_CONFIGURED,     /* no base URL or model */
  DF_AI_ERROR_KEY_REFUSED,        /* 401, 403 */
  DF_AI_ERROR_MODEL_NOT_FOUND,    /* 404 or model_not_found */
  DF_AI_ERROR_RATE_LIMITED,       /* 429 rate_limit_exceeded, after retries */
  DF_AI_ERROR_QUOTA,              /* 429 insufficient_quota: not retried */
  DF_AI_ERROR_SERVER,             /* 5xx, after retries */
  DF_AI_ERROR_BAD_RESPONSE,       /* malformed JSON, wrong content type */
  DF_AI_ERROR_TRUNCATED,          /* the stream stopped before [DONE] */
  DF_AI_ERROR_CONNECTION_REFUSED,
  DF_AI_ERROR_NAME_NOT_RESOLVED,
  DF_AI_ERROR_TIMEOUT,            /* connect, total or idle-stream timeout */
  DF_AI_ERROR_TLS,                /* certificate or TLS failure (never skipped) */
  DF_AI_ERROR_BUDGET,             /* refused before any traffic: not enough credits */
  DF_AI_ERROR_FAILED,
} DfAiError;

DF_EXTERN
GQuark df_ai_error_quark (void);

/* ---- configuration --------------------------------------------------- */

typedef struct
{
  char   *base_url;           /* e.g. http://localhost:11434/v1 */
  char   *model;
  char   *api_key;            /* NULL for none; never stored in the database */
  double  connect_timeout;    /* seconds */
  double  total_timeout;
  double  idle_timeout;       /* longest silence inside a stream */
  guint   max_retries;        /* for 429 rate_limit_exceeded, 503, 5xx */
} DfAiConfig;

DF_EXTERN
void        df_ai_config_free (DfAiConfig  *config);
/* The profile's base URL and model (ai_settings), overridden by
 * DRAFTFORGE_AI_BASE_URL and DRAFTFORGE_AI_MODEL; the key from
 * DRAFTFORGE_API_KEY, else the Secret Service (df-secret.h; this call may
 * block on it: use it from a worker thread); timeouts from
 * DRAFTFORGE_AI_TIMEOUT (seconds, all three) or the defaults (10 s
 * connect, 300 s total, 60 s idle).  Never fails for a missing setting:
 * df_ai_complete says what is missing. */
DF_EXTERN
DfAiConfig *df_ai_config_load (DfStore     *store,
                               const char  *profile_id,
                               GError     **error);
/* KEY: "base-url" (http or https URL) or "model"; validated. */
DF_EXTERN
gboolean    df_ai_settings_set (DfStore     *store,
                                const char  *profile_id,
                                const char  *key,
                                const char  *value,
                                GError     **error);
/* The stored (not overridden) value, or NULL. */
DF_EXTERN
char       *df_ai_settings_get (DfStore     *store,
                                const char  *profile_id,
                                const char  *key);

/* ---- requests -------------------------------------------------------- */

typedef struct
{
  char *role;                 /* "system", "user" or "assistant" */
  char *content;
} DfAiMessage;

DF_EXTERN
DfAiMessage *df_ai_message_new  (const char  *role,
                                 const char  *content);
DF_EXTERN
void         df_ai_message_free (DfAiMessage *message);

typedef struct
{
  const char *agent;          /* "coach", "continuity", ...: logged in ai_usage */
  const char *profile_id;     /* whose credits; NULL: the active profile */
  gint64      project_id;     /* 0: none */
  GPtrArray  *messages;       /* DfAiMessage* */
  guint       max_tokens;     /* 0: 1024 */
  double      temperature;    /* < 0: the provider's default */
  gboolean    json_object;    /* response_format {"type": "json_object"} */
} DfAiRequest;

typedef struct
{
  char    *content;
  char    *model;             /* as the provider reports it */
  char    *finish_reason;
  gint64   prompt_tokens;
  gint64   completion_tokens;
  gboolean usage_estimated;   /* the provider sent no usage */
  gint64   response_ms;
  gint64   usage_id;          /* the ai_usage row */
} DfAiResponse;

DF_EXTERN
void df_ai_response_free (DfAiResponse *response);

/* Called for every piece of text as it arrives, in the calling thread
 * (df_ai_complete) or the caller's main context (df_ai_complete_async). */
typedef void (*DfAiDeltaFunc) (const char *delta,
                               gpointer    user_data);

/* Blocking: call from a worker thread with its own store.  Reserves the
 * estimated prompt tokens plus max_tokens (DF_AI_ERROR_BUDGET before any
 * traffic when the budget cannot cover it), streams, retries with backoff
 * honouring Retry-After / retry-after-ms on 429 and 503, settles the
 * credits with the reported usage (or an estimate, marked so), and logs
 * the call; a failed call is logged and not charged.  Cancellable at any
 * moment through @cancellable. */
DF_EXTERN
DfAiResponse *df_ai_complete        (const DfAiConfig   *config,
                                     DfStore            *store,
                                     const DfAiRequest  *request,
                                     DfAiDeltaFunc       on_delta,
                                     gpointer            user_data,
                                     GCancellable       *cancellable,
                                     GError            **error);

/* Non-blocking: runs df_ai_complete in a worker thread with its own
 * connection to @db_path (and loads the configuration there); deltas come
 * to @on_delta in the thread-default main context of the caller, in
 * order, before @callback.  @request is copied. */
DF_EXTERN
void          df_ai_complete_async  (const char         *db_path,
                                     const DfAiRequest  *request,
                                     DfAiDeltaFunc       on_delta,
                                     gpointer            delta_data,
                                     GDestroyNotify      delta_data_free,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
DF_EXTERN
DfAiResponse *df_ai_complete_finish (GAsyncResult       *result,
                                     GError            **error);

/* Asks the provider for a one-word answer and says what is wrong if
 * anything is (for `draftforge-cli ai test`). */
DF_EXTERN
DfAiResponse *df_ai_test            (const DfAiConfig   *config,
                                     DfStore            *store,
                                     GCancellable       *cancellable,
                                     GError            **error);

/* A rough token count for text (about 4 characters a token), for
 * reservations and when the provider reports no usage. */
DF_EXTERN
gint64        df_ai_estimate_tokens (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfAiConfig, df_ai_config_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfAiMessage, df_ai_message_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfAiResponse, df_ai_response_free)

G_END_DECLS
