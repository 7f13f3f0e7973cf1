/* fake-provider.c: the tests' own OpenAI-compatible provider on loopback
 *
 * Built twice: as a static library the tests link (fake-provider.h), and
 * with FAKE_PROVIDER_MAIN as the standalone program `fake-provider`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "fake-provider.h"

#define DEFAULT_REPLY "Hello from the fake provider."
#define MAX_REQUEST_BODY (16 * 1024 * 1024)

struct _FakeProvider
{
  GMutex        lock;
  GCond         cond;
  gboolean      stopping;
  guint         active;          /* connections being served */

  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GSocketService *service;
  guint16       port;
  GError       *start_error;
  gboolean      started;

  /* Settings, under the lock. */
  char         *reply;
  gint64        prompt_tokens;
  gint64        completion_tokens;
  FakeFault     fault;
  int           fault_param;
  guint         fault_count;
  GQueue        replies;         /* GStrv: the deltas of the next answers */
  gboolean      gated;           /* each delta waits to be released */
  guint         released;        /* deltas released and not yet sent */

  /* Records, under the lock. */
  guint         requests;
  guint         silent;          /* requests gone silent (hang, stall) */
  char         *last_body;
  GHashTable   *last_headers;    /* lower-case name -> value */
};

typedef struct
{
  char       *method;
  char       *path;
  GHashTable *headers;
  char       *body;
} Request;

static void
request_clear (Request *r)
{
  g_free (r->method);
  g_free (r->path);
  g_clear_pointer (&r->headers, g_hash_table_unref);
  g_free (r->body);
}

static gboolean
read_request (GInputStream *input,
              Request      *r)
{
  g_autoptr(GDataInputStream) data = g_data_input_stream_new (input);
  g_autofree char *request_line = NULL;
  g_auto(GStrv) parts = NULL;
  const char *length_text;
  gsize length = 0, got = 0;

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (data), FALSE);
  g_data_input_stream_set_newline_type (data, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  request_line = g_data_input_stream_read_line (data, NULL, NULL, NULL);
  if (request_line == NULL)
    return FALSE;
  parts = g_strsplit (request_line, " ", 3);
  if (g_strv_length (parts) < 2)
    return FALSE;
  r->method = g_strdup (parts[0]);
  r->path = g_strdup (parts[1]);
  r->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (data, NULL, NULL, NULL);
      char *colon;

      if (line == NULL)
        return FALSE;
      if (*line == '\0')
        break;
      colon = strchr (line, ':');
      if (colon == NULL)
        continue;
      *colon = '\0';
      g_hash_table_replace (r->headers, g_ascii_strdown (line, -1), g_strstrip (g_strdup (colon + 1)));
    }

  length_text = g_hash_table_lookup (r->headers, "content-length");
  if (length_text != NULL)
    length = (gsize) g_ascii_strtoull (length_text, NULL, 10);
  if (length > MAX_REQUEST_BODY)
    return FALSE;
  r->body = g_malloc0 (length + 1);
  if (length > 0
      && (!g_input_stream_read_all (G_INPUT_STREAM (data), r->body, length, &got, NULL, NULL) || got != length))
    return FALSE;
  return TRUE;
}

static gboolean
write_all (GOutputStream *output,
           const char    *text,
           gssize         len)
{
  if (len < 0)
    len = strlen (text);
  return g_output_stream_write_all (output, text, len, NULL, NULL, NULL);
}

static void
send_response (GOutputStream *output,
               int            status,
               const char    *reason,
               const char    *content_type,
               const char    *extra_headers,
               const char    *body)
{
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 %d %s\r\n"
                                           "Content-Type: %s\r\n"
                                           "Content-Length: %zu\r\n"
                                           "%s"
                                           "Connection: close\r\n"
                                           "\r\n",
                                           status, reason, content_type, strlen (body),
                                           extra_headers != NULL ? extra_headers : "");

  if (write_all (output, head, -1))
    write_all (output, body, -1);
}

static void
send_error (GOutputStream *output,
            int            status,
            const char    *reason,
            const char    *extra_headers,
            const char    *message,
            const char    *type,
            const char    *code)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "code");
  if (code != NULL)
    json_builder_add_string_value (builder, code);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, NULL);
  send_response (output, status, reason, "application/json", extra_headers, body);
}

/* One chunk of the chunked transfer encoding. */
static gboolean
send_chunk (GOutputStream *output,
            const char    *data)
{
  g_autofree char *chunk = g_strdup_printf ("%zx\r\n%s\r\n", strlen (data), data);

  return write_all (output, chunk, -1);
}

static char *
chunk_json (const char *model,
            const char *content,
            const char *finish_reason,
            gboolean    usage,
            gint64      prompt_tokens,
            gint64      completion_tokens)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "chatcmpl-fake");
  json_builder_set_member_name (builder, "object");
  json_builder_add_string_value (builder, "chat.completion.chunk");
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, model);
  json_builder_set_member_name (builder, "choices");
  json_builder_begin_array (builder);
  if (!usage)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "index");
      json_builder_add_int_value (builder, 0);
      json_builder_set_member_name (builder, "delta");
      json_builder_begin_object (builder);
      if (content != NULL)
        {
          json_builder_set_member_name (builder, "content");
          json_builder_add_string_value (builder, content);
        }
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "finish_reason");
      if (finish_reason != NULL)
        json_builder_add_string_value (builder, finish_reason);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (usage)
    {
      json_builder_set_member_name (builder, "usage");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "prompt_tokens");
      json_builder_add_int_value (builder, prompt_tokens);
      json_builder_set_member_name (builder, "completion_tokens");
      json_builder_add_int_value (builder, completion_tokens);
      json_builder_set_member_name (builder, "total_tokens");
      json_builder_add_int_value (builder, prompt_tokens + completion_tokens);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  return g_strdup_printf ("data: %s\n\n", json);
}

/* The reply in pieces of a few characters (whole UTF-8 characters). */
static GStrv
split_reply (const char *reply)
{
  GPtrArray *pieces = g_ptr_array_new ();
  const char *p = reply;

  while (*p != '\0')
    {
      const char *end = p;

      for (int i = 0; i < 4 && *end != '\0'; i++)
        end = g_utf8_next_char (end);
      g_ptr_array_add (pieces, g_strndup (p, end - p));
      p = end;
    }
  g_ptr_array_add (pieces, NULL);
  return (GStrv) g_ptr_array_free (pieces, FALSE);
}

static gboolean wait_or_stop (FakeProvider *self,
                              gint64        ms);

/* A gated stream's next delta waits to be released; FALSE when the server
 * stops. */
static gboolean
wait_released (FakeProvider *self)
{
  gboolean go;

  g_mutex_lock (&self->lock);
  while (self->gated && self->released == 0 && !self->stopping)
    g_cond_wait (&self->cond, &self->lock);
  go = !self->stopping;
  if (go && self->gated)
    self->released--;
  g_mutex_unlock (&self->lock);
  return go;
}

/* A request has gone silent: said to fake_provider_wait_silent (). */
static void
mark_silent (FakeProvider *self)
{
  g_mutex_lock (&self->lock);
  self->silent++;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static void
send_stream (FakeProvider  *self,
             GOutputStream *output,
             const char    *model,
             GStrv          deltas,
             FakeFault      fault,
             int            param,
             gboolean       include_usage,
             gint64         prompt_tokens,
             gint64         completion_tokens)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  static const char head[] = "HTTP/1.1 200 OK\r\n"
                             "Content-Type: text/event-stream; charset=utf-8\r\n"
                             "Cache-Control: no-cache\r\n"
                             "Transfer-Encoding: chunked\r\n"
                             "Connection: close\r\n"
                             "\r\n";

  if (!write_all (output, head, -1))
    return;
  /* A comment, as OpenRouter sends while it waits, then the role. */
  if (!send_chunk (output, ": PROCESSING\n\n"))
    return;
  first = chunk_json (model, "", NULL, FALSE, 0, 0);
  if (!send_chunk (output, first))
    return;

  for (guint i = 0; deltas[i] != NULL; i++)
    {
      g_autofree char *chunk = NULL;

      if (!wait_released (self))
        return;

      if (fault == FAKE_FAULT_CUT && i >= (guint) MAX (1, param))
        {
          /* Half a chunk, mid-token, and the connection closes. */
          chunk = chunk_json (model, deltas[i], NULL, FALSE, 0, 0);
          chunk[strlen (chunk) / 2] = '\0';
          send_chunk (output, chunk);
          return;
        }
      if (fault == FAKE_FAULT_STALL && i >= (guint) MAX (1, param))
        {
          /* Silence, the connection open, until the server stops. */
          mark_silent (self);
          wait_or_stop (self, -1);
          return;
        }
      if (fault == FAKE_FAULT_MALFORMED && i == 1)
        {
          send_chunk (output, "data: {\"choices\": [{\"index\": 0, \"delta\": {\"content\": \"bro\n\n");
          continue;
        }
      chunk = chunk_json (model, deltas[i], NULL, FALSE, 0, 0);
      if (!send_chunk (output, chunk))
        return;
    }
  if (fault == FAKE_FAULT_CUT)
    return;

  last = chunk_json (model, NULL, "stop", FALSE, 0, 0);
  if (!send_chunk (output, last))
    return;
  if (include_usage && fault != FAKE_FAULT_NO_USAGE)
    {
      g_autofree char *usage = chunk_json (model, NULL, NULL, TRUE, prompt_tokens, completion_tokens);

      if (!send_chunk (output, usage))
        return;
    }
  if (send_chunk (output, "data: [DONE]\n\n"))
    write_all (output, "0\r\n\r\n", -1);
}

static void
send_json_answer (GOutputStream *output,
                  const char    *model,
                  const char    *reply,
                  gint64         prompt_tokens,
                  gint64         completion_tokens)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "chatcmpl-fake");
  json_builder_set_member_name (builder, "object");
  json_builder_add_string_value (builder, "chat.completion");
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, model);
  json_builder_set_member_name (builder, "choices");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "index");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "message");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, "assistant");
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, reply);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "finish_reason");
  json_builder_add_string_value (builder, "stop");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "usage");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "prompt_tokens");
  json_builder_add_int_value (builder, prompt_tokens);
  json_builder_set_member_name (builder, "completion_tokens");
  json_builder_add_int_value (builder, completion_tokens);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, NULL);
  send_response (output, 200, "OK", "application/json", NULL, body);
}

/* Waits @ms, or until the server stops; FALSE when it stops. */
static gboolean
wait_or_stop (FakeProvider *self,
              gint64        ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;
  gboolean stopping;

  g_mutex_lock (&self->lock);
  while (!self->stopping && (ms < 0 || g_get_monotonic_time () < end))
    {
      if (ms < 0)
        g_cond_wait (&self->cond, &self->lock);
      else
        g_cond_wait_until (&self->cond, &self->lock, end);
    }
  stopping = self->stopping;
  g_mutex_unlock (&self->lock);
  return !stopping;
}

gboolean
fake_provider_parse_fault (const char *name,
                           FakeFault  *fault)
{
  static const struct { const char *name; FakeFault fault; } faults[] = {
    { "none", FAKE_FAULT_NONE },
    { "delay", FAKE_FAULT_DELAY },
    { "rate-limit", FAKE_FAULT_RATE_LIMIT },
    { "rate-limit-ms", FAKE_FAULT_RATE_LIMIT_MS },
    { "quota", FAKE_FAULT_QUOTA },
    { "500", FAKE_FAULT_SERVER_ERROR },
    { "503", FAKE_FAULT_UNAVAILABLE },
    { "401", FAKE_FAULT_UNAUTHORIZED },
    { "404", FAKE_FAULT_MODEL_NOT_FOUND },
    { "malformed", FAKE_FAULT_MALFORMED },
    { "cut", FAKE_FAULT_CUT },
    { "html", FAKE_FAULT_HTML },
    { "hang", FAKE_FAULT_HANG },
    { "no-usage", FAKE_FAULT_NO_USAGE },
    { "not-streaming", FAKE_FAULT_NOT_STREAMING },
    { "400", FAKE_FAULT_BAD_REQUEST },
    { "stall", FAKE_FAULT_STALL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (faults); i++)
    if (g_strcmp0 (name, faults[i].name) == 0)
      {
        *fault = faults[i].fault;
        return TRUE;
      }
  return FALSE;
}

/* The standalone program's control requests. */
static void
handle_control (FakeProvider  *self,
                Request       *r,
                GOutputStream *output)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *obj = NULL;

  if (r->body != NULL && *r->body != '\0' && json_parser_load_from_data (parser, r->body, -1, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    obj = json_node_get_object (json_parser_get_root (parser));

  if (g_str_equal (r->path, "/control/reply") && obj != NULL)
    {
      if (json_object_has_member (obj, "text"))
        fake_provider_set_reply (self, json_object_get_string_member (obj, "text"));
      fake_provider_set_usage (self,
                               json_object_get_int_member_with_default (obj, "prompt_tokens", -1),
                               json_object_get_int_member_with_default (obj, "completion_tokens", -1));
      send_response (output, 200, "OK", "application/json", NULL, "{}");
    }
  else if (g_str_equal (r->path, "/control/fault") && obj != NULL)
    {
      FakeFault fault;

      if (!fake_provider_parse_fault (json_object_get_string_member_with_default (obj, "fault", ""), &fault))
        {
          send_response (output, 400, "Bad Request", "application/json", NULL, "{\"error\": \"unknown fault\"}");
          return;
        }
      fake_provider_set_fault (self, fault,
                               (int) json_object_get_int_member_with_default (obj, "param", 0),
                               (guint) json_object_get_int_member_with_default (obj, "count", 1));
      send_response (output, 200, "OK", "application/json", NULL, "{}");
    }
  else if (g_str_equal (r->path, "/control/stats"))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *body = NULL;
      g_autofree char *last_body = fake_provider_get_last_body (self);
      g_autofree char *auth = fake_provider_get_last_header (self, "authorization");

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "requests");
      json_builder_add_int_value (builder, fake_provider_get_request_count (self));
      json_builder_set_member_name (builder, "last_body");
      json_builder_add_string_value (builder, last_body != NULL ? last_body : "");
      json_builder_set_member_name (builder, "last_authorization");
      json_builder_add_string_value (builder, auth != NULL ? auth : "");
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      body = json_generator_to_data (generator, NULL);
      send_response (output, 200, "OK", "application/json", NULL, body);
    }
  else
    send_response (output, 400, "Bad Request", "application/json", NULL, "{\"error\": \"bad control request\"}");
}

static void
serve (FakeProvider      *self,
       GSocketConnection *connection)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *reply = NULL;
  g_auto(GStrv) deltas = NULL;
  g_autofree char *model = NULL;
  g_autofree char *auth = NULL;
  Request r = { 0 };
  FakeFault fault;
  int param;
  gint64 prompt_tokens, completion_tokens;
  gboolean stream = FALSE, include_usage = FALSE;
  JsonObject *body = NULL;

  if (!read_request (input, &r))
    goto out;

  if (g_str_has_prefix (r.path, "/control/"))
    {
      handle_control (self, &r, output);
      goto out;
    }

  g_mutex_lock (&self->lock);
  self->requests++;
  g_free (self->last_body);
  self->last_body = g_strdup (r.body);
  g_clear_pointer (&self->last_headers, g_hash_table_unref);
  self->last_headers = g_hash_table_ref (r.headers);
  fault = FAKE_FAULT_NONE;
  param = 0;
  if (self->fault_count > 0)
    {
      fault = self->fault;
      param = self->fault_param;
      if (self->fault_count != G_MAXUINT)
        self->fault_count--;
    }
  deltas = g_queue_pop_head (&self->replies);
  if (deltas == NULL)
    deltas = split_reply (self->reply);
  reply = g_strjoinv ("", deltas);
  prompt_tokens = self->prompt_tokens;
  completion_tokens = self->completion_tokens;
  g_mutex_unlock (&self->lock);

  if (!g_str_equal (r.method, "POST") || !g_str_equal (r.path, "/v1/chat/completions"))
    {
      send_error (output, 404, "Not Found", NULL, "Unknown request: use POST /v1/chat/completions",
                  "invalid_request_error", "unknown_url");
      goto out;
    }
  if (json_parser_load_from_data (parser, r.body, -1, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    body = json_node_get_object (json_parser_get_root (parser));
  if (body == NULL)
    {
      send_error (output, 400, "Bad Request", NULL, "The body is not a JSON object", "invalid_request_error", NULL);
      goto out;
    }
  model = g_strdup (json_object_get_string_member_with_default (body, "model", "fake-model"));
  stream = json_object_get_boolean_member_with_default (body, "stream", FALSE);
  if (json_object_has_member (body, "stream_options")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (body, "stream_options")))
    include_usage = json_object_get_boolean_member_with_default (json_object_get_object_member (body, "stream_options"),
                                                                 "include_usage", FALSE);
  if (prompt_tokens < 0)
    prompt_tokens = MAX (1, (gint64) strlen (r.body) / 4);
  if (completion_tokens < 0)
    completion_tokens = MAX (1, g_utf8_strlen (reply, -1) / 4);

  switch (fault)
    {
    case FAKE_FAULT_DELAY:
      if (!wait_or_stop (self, param))
        goto out;
      break;

    case FAKE_FAULT_RATE_LIMIT:
      {
        g_autofree char *headers = g_strdup_printf ("Retry-After: %d\r\n", param);

        send_error (output, 429, "Too Many Requests", headers,
                    "Rate limit reached for requests: please try again in a moment.",
                    "requests", "rate_limit_exceeded");
        goto out;
      }

    case FAKE_FAULT_RATE_LIMIT_MS:
      {
        g_autofree char *headers = g_strdup_printf ("retry-after-ms: %d\r\nRetry-After: 1\r\n", param);

        send_error (output, 429, "Too Many Requests", headers,
                    "Rate limit reached for requests: please try again in a moment.",
                    "requests", "rate_limit_exceeded");
        goto out;
      }

    case FAKE_FAULT_QUOTA:
      send_error (output, 429, "Too Many Requests", NULL,
                  "You exceeded your current quota, please check your plan and billing details.",
                  "insufficient_quota", "insufficient_quota");
      goto out;

    case FAKE_FAULT_SERVER_ERROR:
      send_error (output, 500, "Internal Server Error", NULL,
                  "The server had an error while processing your request.", "server_error", NULL);
      goto out;

    case FAKE_FAULT_UNAVAILABLE:
      {
        g_autofree char *headers = g_strdup_printf ("retry-after-ms: %d\r\n", param);

        send_error (output, 503, "Service Unavailable", headers,
                    "The engine is currently overloaded, please try again later.", "server_error", NULL);
        goto out;
      }

    case FAKE_FAULT_UNAUTHORIZED:
    case FAKE_FAULT_BAD_REQUEST:
      {
        const char *header = g_hash_table_lookup (r.headers, "authorization");
        g_autofree char *message = NULL;

        /* Echo the key, as some providers do: the client must scrub it. */
        auth = g_strdup (header != NULL && g_str_has_prefix (header, "Bearer ") ? header + 7 : "");
        if (fault == FAKE_FAULT_UNAUTHORIZED)
          {
            message = g_strdup_printf ("Incorrect API key provided: %s. You can find your API key at https://example.invalid/keys.", auth);
            send_error (output, 401, "Unauthorized", NULL, message, "invalid_request_error", "invalid_api_key");
          }
        else
          {
            message = g_strdup_printf ("Invalid request from key %s: max_tokens is too large for this model.", auth);
            send_error (output, 400, "Bad Request", NULL, message, "invalid_request_error", NULL);
          }
        goto out;
      }

    case FAKE_FAULT_MODEL_NOT_FOUND:
      {
        g_autofree char *message = g_strdup_printf ("The model `%s` does not exist or you do not have access to it.", model);

        send_error (output, 404, "Not Found", NULL, message, "invalid_request_error", "model_not_found");
        goto out;
      }

    case FAKE_FAULT_HTML:
      send_response (output, 200, "OK", "text/html; charset=utf-8", NULL,
                     "<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>");
      goto out;

    case FAKE_FAULT_HANG:
      mark_silent (self);
      wait_or_stop (self, -1);
      goto out;

    case FAKE_FAULT_NOT_STREAMING:
      send_json_answer (output, model, reply, prompt_tokens, completion_tokens);
      goto out;

    case FAKE_FAULT_NONE:
    case FAKE_FAULT_MALFORMED:
    case FAKE_FAULT_CUT:
    case FAKE_FAULT_NO_USAGE:
    case FAKE_FAULT_STALL:
    default:
      break;
    }

  if (stream)
    send_stream (self, output, model, deltas, fault, param, include_usage, prompt_tokens, completion_tokens);
  else
    send_json_answer (output, model, reply, prompt_tokens, completion_tokens);

out:
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  request_clear (&r);
}

static gboolean
on_run (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source_object,
        gpointer                user_data)
{
  FakeProvider *self = user_data;

  g_mutex_lock (&self->lock);
  if (self->stopping)
    {
      g_mutex_unlock (&self->lock);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return TRUE;
    }
  self->active++;
  g_mutex_unlock (&self->lock);

  serve (self, connection);

  g_mutex_lock (&self->lock);
  self->active--;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static gpointer
server_thread (gpointer data)
{
  FakeProvider *self = data;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, self->port);
  g_autoptr(GSocketAddress) effective = NULL;
  GError *error = NULL;

  g_main_context_push_thread_default (self->context);
  self->service = g_threaded_socket_service_new (64);
  g_signal_connect (self->service, "run", G_CALLBACK (on_run), self);
  if (g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                     G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                     NULL, &effective, &error))
    {
      self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
      g_socket_service_start (self->service);
    }

  g_mutex_lock (&self->lock);
  self->start_error = error;
  self->started = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  if (error == NULL)
    g_main_loop_run (self->loop);

  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_clear_object (&self->service);
  /* Let the listener's sources go. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

FakeProvider *
fake_provider_new (guint16   port,
                   GError  **error)
{
  FakeProvider *self = g_new0 (FakeProvider, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->port = port;
  self->reply = g_strdup (DEFAULT_REPLY);
  g_queue_init (&self->replies);
  self->prompt_tokens = -1;
  self->completion_tokens = -1;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("fake-provider", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->started)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      fake_provider_free (self);
      return NULL;
    }
  return self;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
fake_provider_free (FakeProvider *self)
{
  GSource *source;

  if (self == NULL)
    return;

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  source = g_idle_source_new ();
  g_source_set_callback (source, quit_loop, self->loop, NULL);
  g_source_attach (source, self->context);
  g_source_unref (source);
  g_thread_join (self->thread);

  /* Connections still being served finish (they see stopping). */
  g_mutex_lock (&self->lock);
  while (self->active > 0)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_clear_error (&self->start_error);
  g_free (self->reply);
  g_queue_clear_full (&self->replies, (GDestroyNotify) g_strfreev);
  g_free (self->last_body);
  g_clear_pointer (&self->last_headers, g_hash_table_unref);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

guint16
fake_provider_get_port (FakeProvider *self)
{
  return self->port;
}

char *
fake_provider_get_base_url (FakeProvider *self)
{
  return g_strdup_printf ("http://127.0.0.1:%u/v1", self->port);
}

void
fake_provider_set_reply (FakeProvider *self,
                         const char   *text)
{
  g_mutex_lock (&self->lock);
  g_free (self->reply);
  self->reply = g_strdup (text != NULL ? text : "");
  g_mutex_unlock (&self->lock);
}

void
fake_provider_queue_reply (FakeProvider *self,
                           const char   *first_delta,
                           ...)
{
  GPtrArray *deltas = g_ptr_array_new ();
  va_list args;

  va_start (args, first_delta);
  for (const char *d = first_delta; d != NULL; d = va_arg (args, const char *))
    g_ptr_array_add (deltas, g_strdup (d));
  va_end (args);
  g_ptr_array_add (deltas, NULL);

  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->replies, g_ptr_array_free (deltas, FALSE));
  g_mutex_unlock (&self->lock);
}

void
fake_provider_set_gated (FakeProvider *self,
                         gboolean      gated)
{
  g_mutex_lock (&self->lock);
  self->gated = gated;
  self->released = 0;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

void
fake_provider_release (FakeProvider *self,
                       guint         n)
{
  g_mutex_lock (&self->lock);
  self->released += n;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

void
fake_provider_set_usage (FakeProvider *self,
                         gint64        prompt_tokens,
                         gint64        completion_tokens)
{
  g_mutex_lock (&self->lock);
  self->prompt_tokens = prompt_tokens;
  self->completion_tokens = completion_tokens;
  g_mutex_unlock (&self->lock);
}

void
fake_provider_set_fault (FakeProvider *self,
                         FakeFault     fault,
                         int           param,
                         guint         count)
{
  g_mutex_lock (&self->lock);
  self->fault = fault;
  self->fault_param = param;
  self->fault_count = fault == FAKE_FAULT_NONE ? 0 : count;
  g_mutex_unlock (&self->lock);
}

guint
fake_provider_get_request_count (FakeProvider *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->requests;
  g_mutex_unlock (&self->lock);
  return n;
}

gboolean
fake_provider_wait_silent (FakeProvider *self,
                           guint         n,
                           gint64        timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;
  gboolean reached;

  g_mutex_lock (&self->lock);
  while (self->silent < n && !self->stopping)
    if (!g_cond_wait_until (&self->cond, &self->lock, end))
      break;
  reached = self->silent >= n;
  g_mutex_unlock (&self->lock);
  return reached;
}

char *
fake_provider_get_last_body (FakeProvider *self)
{
  char *body;

  g_mutex_lock (&self->lock);
  body = g_strdup (self->last_body);
  g_mutex_unlock (&self->lock);
  return body;
}

char *
fake_provider_get_last_header (FakeProvider *self,
                               const char   *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  char *value = NULL;

  g_mutex_lock (&self->lock);
  if (self->last_headers != NULL)
    value = g_strdup (g_hash_table_lookup (self->last_headers, lower));
  g_mutex_unlock (&self->lock);
  return value;
}

#ifdef FAKE_PROVIDER_MAIN

#include <glib-unix.h>
#include <stdio.h>

static gboolean
on_signal (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *fault_name = NULL;
  FakeProvider *provider;
  FakeFault fault = FAKE_FAULT_NONE;
  int port = 0, param = 0, count = -1;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "The port on 127.0.0.1 (0: any free port, printed)", "N" },
    { "reply", 0, 0, G_OPTION_ARG_STRING, &reply, "The answer's text", "TEXT" },
    { "fault", 0, 0, G_OPTION_ARG_STRING, &fault_name, "A fault: delay, rate-limit, rate-limit-ms, quota, 500, 503, 401, 404, 400, malformed, cut, html, hang, stall, no-usage, not-streaming", "NAME" },
    { "param", 0, 0, G_OPTION_ARG_INT, &param, "The fault's parameter (milliseconds, seconds or deltas)", "N" },
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "How many requests get the fault (default: all)", "N" },
    { NULL }
  };

  options = g_option_context_new ("- an OpenAI-compatible provider for tests, on 127.0.0.1");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (port < 0 || port > 65535)
    {
      g_printerr ("--port must be 0 to 65535\n");
      return 2;
    }
  if (fault_name != NULL && !fake_provider_parse_fault (fault_name, &fault))
    {
      g_printerr ("Unknown fault “%s”\n", fault_name);
      return 2;
    }

  provider = fake_provider_new ((guint16) port, &error);
  if (provider == NULL)
    {
      g_printerr ("Cannot listen on 127.0.0.1:%d: %s\n", port, error->message);
      return 1;
    }
  if (reply != NULL)
    fake_provider_set_reply (provider, reply);
  if (fault != FAKE_FAULT_NONE)
    fake_provider_set_fault (provider, fault, param, count < 0 ? G_MAXUINT : (guint) count);

  /* The port first, alone on its line, for a parent that asked for 0. */
  printf ("%u\n", fake_provider_get_port (provider));
  fflush (stdout);
  g_printerr ("Serving http://127.0.0.1:%u/v1 (Ctrl+C stops)\n", fake_provider_get_port (provider));

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_main_loop_run (loop);
  fake_provider_free (provider);
  return 0;
}

#endif
