/* df-ai-stream.c: reading a provider's answer
 *
 * A streamed answer comes as server-sent events: lines buffered across
 * curl's writes, events ended by a blank line, comments (":") skipped,
 * "data: " stripped, "[DONE]" at the end.  Each event is a JSON chunk with
 * a piece of the answer in choices[0].delta.content; one near the end may
 * carry the usage.  A provider that does not stream sends one JSON object
 * with the answer in choices[0].message.content.  Every piece of text goes
 * to the delta callback as it comes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "DfAi"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "df-ai-private.h"

/* ---- private helpers ------------------------------------------------- */

static void
emit_delta (DfAiExchange *x,
            const char   *text)
{
  if (text == NULL || *text == '\0')
    return;
  g_string_append (x->content, text);
  if (x->on_delta != NULL)
    x->on_delta (text, x->user_data);
}

static void
read_usage (DfAiExchange *x,
            JsonObject   *root)
{
  JsonNode *node = json_object_get_member (root, "usage");
  JsonObject *usage;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  usage = json_node_get_object (node);
  if (_df_ai_json_count (usage, "prompt_tokens") >= 0 || _df_ai_json_count (usage, "completion_tokens") >= 0)
    {
      x->prompt_tokens = MAX (0, _df_ai_json_count (usage, "prompt_tokens"));
      x->completion_tokens = MAX (0, _df_ai_json_count (usage, "completion_tokens"));
      x->have_usage = TRUE;
    }
}

static void
read_model (DfAiExchange *x,
            JsonObject   *root)
{
  const char *model = _df_ai_json_string (root, "model");

  if (model != NULL && *model != '\0' && x->model == NULL)
    x->model = g_strdup (model);
}

/* Parses @data, a chunk of a stream or a whole answer, with @parser: the
 * object, whose model and usage are read; NULL with x->error when it is
 * not JSON (@not_json), not an object (@not_object) or an error. */
static JsonObject *
parse_answer_object (DfAiExchange *x,
                     JsonParser   *parser,
                     const char   *data,
                     gssize        len,
                     const char   *not_json,
                     const char   *not_object)
{
  JsonNode *root_node;
  JsonObject *root;

  if (!json_parser_load_from_data (parser, data, len, NULL))
    {
      _df_ai_bad_response (&x->error, not_json);
      return NULL;
    }
  root_node = json_parser_get_root (parser);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      _df_ai_bad_response (&x->error, not_object);
      return NULL;
    }
  root = json_node_get_object (root_node);
  if (json_object_has_member (root, "error"))
    {
      _df_ai_answer_error (&x->error, root, x->config->api_key);
      return NULL;
    }
  read_model (x, root);
  read_usage (x, root);
  return root;
}

/* choices[0], or NULL when there is none. */
static JsonNode *
first_choice (JsonObject *root)
{
  JsonNode *choices = json_object_get_member (root, "choices");

  if (choices == NULL || !JSON_NODE_HOLDS_ARRAY (choices)
      || json_array_get_length (json_node_get_array (choices)) == 0)
    return NULL;
  return json_array_get_element (json_node_get_array (choices), 0);
}

/* One SSE event's data: a chunk of the answer, or [DONE]. */
static gboolean
handle_event (DfAiExchange *x,
              const char   *data)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root, *choice;
  JsonNode *choice_node, *delta;
  const char *reason;

  if (strcmp (data, "[DONE]") == 0)
    {
      x->done = TRUE;
      return TRUE;
    }

  parser = json_parser_new_immutable ();
  root = parse_answer_object (x, parser, data, -1,
                              _("a piece of the stream is not valid JSON"),
                              _("a piece of the stream is not a JSON object"));
  if (root == NULL)
    return FALSE;

  choice_node = first_choice (root);
  if (choice_node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (choice_node))
    {
      _df_ai_bad_response (&x->error, _("a choice is not a JSON object"));
      return FALSE;
    }
  choice = json_node_get_object (choice_node);
  delta = json_object_get_member (choice, "delta");
  if (delta != NULL && JSON_NODE_HOLDS_OBJECT (delta))
    emit_delta (x, _df_ai_json_string (json_node_get_object (delta), "content"));
  reason = _df_ai_json_string (choice, "finish_reason");
  if (reason != NULL && *reason != '\0')
    _df_ai_set_str (&x->finish_reason, reason);
  return TRUE;
}

/* One complete line of the stream (without its line break). */
static gboolean
handle_line (DfAiExchange *x,
             const char   *line,
             gsize         n)
{
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
  return TRUE;
}

/* ---- shared inside ai/ ----------------------------------------------- */

gint64
_df_ai_json_count (JsonObject *object,
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

gboolean
_df_ai_stream_feed (DfAiExchange *x,
                    const char   *data,
                    gsize         len)
{
  gsize start = 0;

  for (gsize i = 0; i < len; i++)
    {
      gsize n;

      if (data[i] != '\n')
        continue;
      g_string_append_len (x->line, data + start, i - start);
      start = i + 1;
      n = x->line->len;
      if (n > 0 && x->line->str[n - 1] == '\r')
        g_string_truncate (x->line, --n);
      if (!handle_line (x, x->line->str, n))
        return FALSE;
      g_string_truncate (x->line, 0);
      if (x->event->len > DF_AI_MAX_BODY)
        {
          _df_ai_bad_response (&x->error, _("a piece of the stream is too large"));
          return FALSE;
        }
    }
  g_string_append_len (x->line, data + start, len - start);
  if (x->line->len > DF_AI_MAX_BODY)
    {
      _df_ai_bad_response (&x->error, _("a line of the stream is too large"));
      return FALSE;
    }
  return TRUE;
}

gboolean
_df_ai_stream_end (DfAiExchange *x)
{
  /* An event may still be waiting for its blank line. */
  if (!x->done && x->event->len > 0 && x->line->len == 0)
    {
      g_autofree char *last = g_strdup (x->event->str);

      g_string_truncate (x->event, 0);
      if (!handle_event (x, last))
        return FALSE;
    }
  /* Some servers close after the last choice without [DONE]: a finish
   * reason says the answer is whole; without either it was cut. */
  if (!x->done && x->finish_reason == NULL)
    {
      g_set_error_literal (&x->error, DF_AI_ERROR, DF_AI_ERROR_TRUNCATED,
                           _("The provider's answer stopped before the end: try again"));
      return FALSE;
    }
  return TRUE;
}

gboolean
_df_ai_stream_parse_json (DfAiExchange *x)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root, *choice;
  JsonNode *choice_node, *message_node;

  root = parse_answer_object (x, parser, x->body->str, x->body->len,
                              _("the answer is not valid JSON"),
                              _("the answer is not a JSON object"));
  if (root == NULL)
    return FALSE;
  choice_node = first_choice (root);
  if (choice_node != NULL && JSON_NODE_HOLDS_OBJECT (choice_node))
    {
      choice = json_node_get_object (choice_node);
      message_node = json_object_get_member (choice, "message");
      if (message_node != NULL && JSON_NODE_HOLDS_OBJECT (message_node))
        {
          emit_delta (x, _df_ai_json_string (json_node_get_object (message_node), "content"));
          _df_ai_set_str (&x->finish_reason, _df_ai_json_string (choice, "finish_reason"));
          return TRUE;
        }
    }
  _df_ai_bad_response (&x->error, _("the answer has no message"));
  return FALSE;
}
