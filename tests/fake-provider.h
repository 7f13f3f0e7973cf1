/* fake-provider.h: the tests' own OpenAI-compatible provider on loopback
 *
 * A small HTTP/1.1 server on 127.0.0.1 that answers POST
 * /v1/chat/completions: it streams the reply as server-sent events (the
 * text split into several deltas, a usage chunk when the request asks for
 * stream_options.include_usage, then [DONE]), or one JSON answer when the
 * request does not stream.  It records every request, and injects the
 * faults a real provider shows, for the next N requests.  A test may queue
 * the answers of the next requests, delta by delta, and gate the deltas so
 * that each goes out only when the test releases it.
 *
 * The server runs in its own thread with its own GMainContext; each
 * connection is served in a worker thread, so a test may call the blocking
 * client from its own thread.
 *
 * The standalone program (fake-provider --port N) serves the same, and is
 * controlled over HTTP:
 *   POST /control/reply   {"text": "...", "prompt_tokens": N, "completion_tokens": N}
 *   POST /control/fault   {"fault": "rate-limit", "param": 1, "count": 1}
 *   GET  /control/stats   {"requests": N, "last_body": "...", "last_authorization": "..."}
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  FAKE_FAULT_NONE,
  FAKE_FAULT_DELAY,            /* param: milliseconds before answering (then a normal answer) */
  FAKE_FAULT_RATE_LIMIT,       /* 429 rate_limit_exceeded with Retry-After: param seconds */
  FAKE_FAULT_RATE_LIMIT_MS,    /* 429 rate_limit_exceeded with retry-after-ms: param */
  FAKE_FAULT_QUOTA,            /* 429 insufficient_quota */
  FAKE_FAULT_SERVER_ERROR,     /* 500 (no Retry-After) */
  FAKE_FAULT_UNAVAILABLE,      /* 503 with retry-after-ms: param */
  FAKE_FAULT_UNAUTHORIZED,     /* 401, echoing the key it was sent in the message */
  FAKE_FAULT_MODEL_NOT_FOUND,  /* 404 model_not_found */
  FAKE_FAULT_MALFORMED,        /* a stream whose second chunk is not JSON */
  FAKE_FAULT_CUT,              /* param deltas (at least 1), then half a chunk, then the connection closes */
  FAKE_FAULT_HTML,             /* 200 text/html */
  FAKE_FAULT_HANG,             /* reads the request and never answers (until the server stops) */
  FAKE_FAULT_NO_USAGE,         /* a whole stream without the usage chunk */
  FAKE_FAULT_NOT_STREAMING,    /* one application/json answer although the request streams */
  FAKE_FAULT_BAD_REQUEST,      /* 400 invalid_request_error, echoing the key it was sent in the message */
  FAKE_FAULT_STALL,            /* param deltas (at least 1), then silence until the server stops */
} FakeFault;

typedef struct _FakeProvider FakeProvider;

/* Listens on 127.0.0.1:@port (0: any free port). */
FakeProvider *fake_provider_new               (guint16       port,
                                               GError      **error);
/* Stops the server: connections held by FAKE_FAULT_HANG are closed. */
void          fake_provider_free              (FakeProvider *self);
guint16       fake_provider_get_port          (FakeProvider *self);
/* http://127.0.0.1:PORT/v1 */
char         *fake_provider_get_base_url      (FakeProvider *self);

/* The answer's text (default "Hello from the fake provider."). */
void          fake_provider_set_reply         (FakeProvider *self,
                                               const char   *text);
/* Queues the answer to one request, as these deltas (NULL-terminated):
 * each request takes the head of the queue, and the text set with
 * fake_provider_set_reply () answers when the queue is empty. */
void          fake_provider_queue_reply       (FakeProvider *self,
                                               const char   *first_delta,
                                               ...) G_GNUC_NULL_TERMINATED;
/* While @gated, each delta of a streamed answer waits until it is
 * released, so that a test decides when each one goes out. */
void          fake_provider_set_gated         (FakeProvider *self,
                                               gboolean      gated);
/* Releases @n more deltas (to whichever gated streams take them). */
void          fake_provider_release           (FakeProvider *self,
                                               guint         n);
/* The usage reported; negative: derived from the request and the reply. */
void          fake_provider_set_usage         (FakeProvider *self,
                                               gint64        prompt_tokens,
                                               gint64        completion_tokens);
/* @fault for the next @count requests (G_MAXUINT: all), then none. */
void          fake_provider_set_fault         (FakeProvider *self,
                                               FakeFault     fault,
                                               int           param,
                                               guint         count);
/* Parses a fault's name (delay, rate-limit, rate-limit-ms, quota, 500,
 * 503, 401, 404, malformed, cut, html, hang, no-usage, not-streaming,
 * 400, stall). */
gboolean      fake_provider_parse_fault       (const char   *name,
                                               FakeFault    *fault);

/* Requests received in full (counted before the answer is sent). */
guint         fake_provider_get_request_count (FakeProvider *self);
/* Waits until @n requests in all (since the provider started) have gone
 * silent: FAKE_FAULT_HANG once the request is read, FAKE_FAULT_STALL once
 * its deltas are written.  FALSE if that has not happened within
 * @timeout_ms (or the provider stops). */
gboolean      fake_provider_wait_silent       (FakeProvider *self,
                                               guint         n,
                                               gint64        timeout_ms);
char         *fake_provider_get_last_body     (FakeProvider *self);
/* A header of the last request, by case-insensitive name, or NULL. */
char         *fake_provider_get_last_header   (FakeProvider *self,
                                               const char   *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeProvider, fake_provider_free)

G_END_DECLS
