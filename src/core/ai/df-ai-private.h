/* df-ai-private.h: what the AI client's files share, inside ai/ only
 *
 * The client is split by concern:
 *   df-ai.c           the call: credits reserved and settled, the usage
 *                     log, df_ai_test, the asynchronous variant
 *   df-ai-settings.c  the configuration: per-profile base URL and model,
 *                     the environment, the key lookup
 *   df-ai-http.c      one exchange over libcurl: the request, attempts,
 *                     retries with backoff, cancellation
 *   df-ai-stream.c    the answer: server-sent events and JSON bodies
 *   df-ai-errors.c    errors a writer understands, from HTTP statuses,
 *                     curl codes and provider messages, scrubbed of the key
 *
 * Never installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* libcurl is opened on first use (df-library-private.h): its functions
 * are called through the table below, so its type-checking macros would
 * name the real functions. */
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include <json-glib/json-glib.h>

#include "df-ai.h"
#include "df-library-private.h"

G_BEGIN_DECLS

/* The libcurl functions the client calls, found when first needed. */
#define DF_CURL_FUNCTIONS(X, t) \
  X (t, curl_global_init) X (t, curl_easy_init) X (t, curl_easy_reset) X (t, curl_easy_setopt) \
  X (t, curl_easy_getinfo) X (t, curl_easy_strerror) X (t, curl_easy_cleanup) X (t, curl_getdate) \
  X (t, curl_slist_append) X (t, curl_slist_free_all) X (t, curl_multi_init) X (t, curl_multi_add_handle) \
  X (t, curl_multi_remove_handle) X (t, curl_multi_perform) X (t, curl_multi_poll) X (t, curl_multi_wakeup) \
  X (t, curl_multi_info_read) X (t, curl_multi_strerror) X (t, curl_multi_cleanup)

typedef struct
{
  DF_CURL_FUNCTIONS (DF_LIBRARY_FUNCTION, _)
} DfCurl;

const DfCurl *_df_curl (GError **error);

#define DF_AI_DEFAULT_MAX_TOKENS 1024
/* Error bodies and non-streaming answers are read up to this size. */
#define DF_AI_MAX_BODY           (4 * 1024 * 1024)

/* g_set_str is GLib 2.76. */
static inline void
_df_ai_set_str (char       **target,
                const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*target);
  *target = copy;
}

/* ---- one exchange (df-ai-http.c, read by df-ai-stream.c) ---------------- */

typedef enum
{
  DF_AI_BODY_UNKNOWN,
  DF_AI_BODY_SSE,
  DF_AI_BODY_JSON,
  DF_AI_BODY_ERROR,
} DfAiBodyKind;

/* What to do after an attempt. */
typedef enum
{
  DF_AI_OUTCOME_DONE,
  DF_AI_OUTCOME_RETRY,
  DF_AI_OUTCOME_FAILED,
} DfAiOutcome;

typedef struct
{
  CURL          *curl;
  CURLM         *multi;            /* runs curl; its connections outlive an attempt */
  const DfCurl  *api;              /* libcurl's functions */
  const DfAiConfig *config;
  GCancellable  *cancellable;
  DfAiDeltaFunc  on_delta;
  gpointer       user_data;

  /* Per attempt. */
  long           status;
  DfAiBodyKind   kind;
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
} DfAiExchange;

/* Sends @request (retrying as the provider allows) and returns the
 * answer: content, model (NULL when the provider named none),
 * finish_reason, and the usage the provider reported (usage_estimated
 * when it reported none: the counts are then 0).  Does not touch credits
 * or the log. */
DfAiResponse *_df_ai_http_complete     (const DfAiConfig   *config,
                                        const DfAiRequest  *request,
                                        DfAiDeltaFunc       on_delta,
                                        gpointer            user_data,
                                        GCancellable       *cancellable,
                                        GError            **error);

/* ---- the answer (df-ai-stream.c) ----------------------------------------- */

/* A member's string, or NULL when absent, null or not a string. */
const char   *_df_ai_json_string       (JsonObject   *object,
                                        const char   *name);
/* A member's number (whole or not, at least 0), or -1. */
gint64        _df_ai_json_count        (JsonObject   *object,
                                        const char   *name);
/* Feeds stream bytes: complete events are handled, the rest waits.
 * FALSE (with x->error) when the stream cannot be read. */
gboolean      _df_ai_stream_feed       (DfAiExchange *x,
                                        const char   *data,
                                        gsize         len);
/* After the transfer: handles an event still waiting for its blank line
 * and checks the answer is whole.  FALSE with x->error. */
gboolean      _df_ai_stream_end        (DfAiExchange *x);
/* Reads a 200 application/json body.  FALSE with x->error. */
gboolean      _df_ai_stream_parse_json (DfAiExchange *x);

/* ---- errors (df-ai-errors.c) --------------------------------------------- */

/* Replaces every occurrence of @key in @text with "***". */
char         *_df_ai_scrub_key         (const char   *text,
                                        const char   *key);
/* Scrubs @error's message of @key (the error keeps its domain and code). */
void          _df_ai_scrub_error       (GError       *error,
                                        const char   *key);
/* The host of @base_url, for messages and the usage log. */
char         *_df_ai_url_host          (const char   *base_url);
/* Sets DF_AI_ERROR_BAD_RESPONSE saying @what, unless @error is set. */
void          _df_ai_bad_response      (GError      **error,
                                        const char   *what);
/* An error object inside a 200 answer (OpenRouter does this). */
void          _df_ai_answer_error      (GError      **error,
                                        JsonObject   *root,
                                        const char   *api_key);
DfAiOutcome   _df_ai_map_http_error    (const DfAiConfig *config,
                                        long          status,
                                        const char   *body,
                                        guint         attempt,
                                        GError      **error);
void          _df_ai_map_curl_error    (const DfAiConfig *config,
                                        CURLcode      code,
                                        const char   *errbuf,
                                        GError      **error);

/* ---- settings (df-ai-settings.c) ----------------------------------------- */

/* The profile @profile_id or the active one; NULL without error when
 * there is none. */
char         *_df_ai_resolve_profile   (DfStore      *store,
                                        const char   *profile_id,
                                        GError      **error);

/* Whether the code at @caller (the return address of an AI client entry
 * point) may use the AI provider; set by the plugin host when it loads a
 * plugin (df-plugin-caller.c).  Unset: everyone may. */
typedef gboolean (*DfAiCallerCheck) (gconstpointer   caller,
                                     GError        **error);
void     _df_ai_set_caller_check (DfAiCallerCheck  check);
gboolean _df_ai_caller_may       (gconstpointer    caller,
                                  GError         **error);

G_END_DECLS
