/* continuity-model.c: the continuity check with a model
 *
 * The book goes to the AI provider in pieces that fit a small model's
 * context (CHUNK_TOKENS of chapter text; a longer chapter is cut at
 * paragraphs), each with the codex entries it names and the
 * progressions in force.  The model answers JSON: contradictions, each
 * with the exact words of the passage and, where it has one, of the
 * earlier passage it contradicts.  A finding is kept only when every
 * quote is found, word for word, in the chapter it names: a model's
 * invented quote is dropped, and the dropped ones are counted in one
 * info finding.  df_ai_complete reserves each request's tokens from the
 * credits before sending it and settles what was used; a failed or
 * stopped run charges only the requests made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "continuity-private.h"
#include "df-ai.h"

#define CHUNK_TOKENS   6000   /* chapter text in one request */
#define ANSWER_TOKENS  1024
#define QUOTE_MIN      4      /* bytes: shorter "quotes" prove nothing */

/* A piece of a chapter: bytes [start, end) of its text. */
typedef struct
{
  const CtChapter *chapter;
  const char      *title;
  gsize            start;
  gsize            end;
} Piece;

typedef struct
{
  CtBook               *book;
  GPtrArray            *texts;      /* DfChapter*, in book order */
  GHashTable           *entries;    /* entry id -> DfCodexEntry* */
  GPtrArray            *issues;     /* what is found, with the offline findings first */
  guint                 dropped;
} Model;

static const char system_prompt[] =
  "You are a continuity editor for a novel. You are given entries of the book's codex (characters, places, "
  "objects) with the changes the author made on purpose from a given chapter on, and chapters of the book. "
  "Find contradictions: a fact about an entry that disagrees with an earlier one (appearance, age, who is "
  "alive, what someone has, where a place lies, dates and timeline), unless a change on purpose explains it. "
  "Ignore what characters say that may be false, and style. Answer only with a JSON object: "
  "{\"issues\": [{\"chapter\": <the chapter number>, \"quote\": \"<the contradicting words, copied exactly "
  "from that chapter, at most 15 words>\", \"earlier_chapter\": <the number of the chapter it contradicts, "
  "or null>, \"earlier_quote\": \"<the earlier words, copied exactly, or null>\", \"entry\": \"<the codex "
  "entry's name>\", \"category\": \"eyes|hair|age|alive|possession|place|timeline|other\", \"message\": "
  "\"<one sentence for the author>\", \"confidence\": <0 to 1>}]}. Answer {\"issues\": []} when there is "
  "nothing. Never invent a quote.";

/* ---- the pieces ------------------------------------------------------------ */

/* The book cut into pieces of at most CHUNK_TOKENS each (a chapter
 * longer than that cut at blank lines). */
static GArray *
cut_book (Model *model)
{
  GArray *pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  gsize limit = CHUNK_TOKENS * 4;   /* about four bytes a token */

  for (guint i = 0; i < model->book->chapters->len; i++)
    {
      const CtChapter *chapter = model->book->chapters->pdata[i];
      const DfChapter *text = model->texts->pdata[i];
      gsize len = strlen (chapter->text);
      gsize start = 0;

      while (start < len)
        {
          Piece piece = { chapter, text->title, start, len };

          if (len - start > limit)
            {
              const char *cut = g_strrstr_len (chapter->text + start, limit, "\n\n");
              piece.end = cut != NULL && cut > chapter->text + start ? (gsize) (cut - chapter->text) + 2
                                                                     : start + limit;
              while (piece.end < len && (chapter->text[piece.end] & 0xc0) == 0x80)
                piece.end++;
            }
          g_array_append_val (pieces, piece);
          start = piece.end;
        }
    }
  return pieces;
}

/* The codex entries named in @pieces, with their progressions in force
 * at the first piece's chapter, as the prompt gives them. */
static void
append_entries (Model      *model,
                GString    *prompt,
                const Piece *pieces,
                guint       n)
{
  g_autoptr(GHashTable) named = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint p = 0; p < n; p++)
    for (guint w = 0; w < pieces[p].chapter->words->len; w++)
      {
        const CtWord *word = &g_array_index (pieces[p].chapter->words, CtWord, w);

        if (word->entry_id != 0 && word->start >= pieces[p].start && word->start < pieces[p].end)
          g_hash_table_add (named, (gpointer) &word->entry_id);
      }

  g_string_append (prompt, "Codex entries named here:\n");
  for (guint e = 0; e < model->book->entries->len; e++)
    {
      const DfCodexEntry *entry = model->book->entries->pdata[e];
      GPtrArray *progressions = g_hash_table_lookup (model->book->progressions, &entry->id);

      if (!g_hash_table_contains (named, &entry->id))
        continue;
      g_string_append_printf (prompt, "- %s (%s)", entry->name, entry->kind);
      if (entry->aliases[0] != NULL)
        {
          g_autofree char *aliases = g_strjoinv (", ", entry->aliases);
          g_string_append_printf (prompt, ", also called %s", aliases);
        }
      if (entry->description != NULL && *entry->description != '\0')
        g_string_append_printf (prompt, ": %s", entry->description);
      g_string_append_c (prompt, '\n');
      for (guint i = 0; progressions != NULL && i < progressions->len; i++)
        {
          const DfCodexProgression *change = progressions->pdata[i];
          g_string_append_printf (prompt, "  From chapter %" G_GINT64_FORMAT " on, on purpose: %s is %s\n",
                                  change->from_chapter, change->field, change->value);
        }
    }
}

static GPtrArray *
messages_for (Model       *model,
              const Piece *pieces,
              guint        n)
{
  GPtrArray *messages = g_ptr_array_new_with_free_func ((GDestroyNotify) df_ai_message_free);
  g_autoptr(GString) prompt = g_string_new (NULL);

  append_entries (model, prompt, pieces, n);
  for (guint p = 0; p < n; p++)
    {
      g_string_append_printf (prompt, "\n## Chapter %" G_GINT64_FORMAT ": %s\n\n", pieces[p].chapter->number,
                              pieces[p].title);
      g_string_append_len (prompt, pieces[p].chapter->text + pieces[p].start, pieces[p].end - pieces[p].start);
      g_string_append_c (prompt, '\n');
    }
  g_ptr_array_add (messages, df_ai_message_new ("system", system_prompt));
  g_ptr_array_add (messages, df_ai_message_new ("user", prompt->str));
  return messages;
}

/* ---- the answer ------------------------------------------------------------ */

static const CtChapter *
chapter_numbered (Model  *model,
                  gint64  number)
{
  for (guint i = 0; i < model->book->chapters->len; i++)
    if (((CtChapter *) model->book->chapters->pdata[i])->number == number)
      return model->book->chapters->pdata[i];
  return NULL;
}

/* Where @quote stands, word for word, in @chapter; -1 when it does not. */
static gssize
find_quote (const CtChapter *chapter,
            const char      *quote)
{
  const char *found;

  if (chapter == NULL || quote == NULL || strlen (quote) < QUOTE_MIN)
    return -1;
  found = strstr (chapter->text, quote);
  return found != NULL ? found - chapter->text : -1;
}

/* A check id from the model's category: one of the offline ones, or
 * "timeline" or "other". */
static const char *
check_of (const char *category)
{
  static const char * const known[] = {
    "eyes", "hair", "age", "alive", "possession", "place", "timeline", NULL,
  };

  for (guint i = 0; category != NULL && known[i] != NULL; i++)
    if (g_ascii_strcasecmp (category, known[i]) == 0)
      return known[i];
  return "other";
}

/* Whether an issue already found (offline, or from another piece) is at
 * the same place with the same check. */
static gboolean
already_found (Model       *model,
               gint64       chapter_id,
               const char  *check,
               gssize       offset,
               gsize        length)
{
  for (guint i = 0; i < model->issues->len; i++)
    {
      const DfAgentIssue *issue = model->issues->pdata[i];

      if (issue->chapter_id == chapter_id && g_strcmp0 (issue->check, check) == 0 &&
          issue->offset < offset + (gssize) length && offset < issue->offset + issue->length)
        return TRUE;
    }
  return FALSE;
}

static char *
finding_data (JsonObject *finding,
              const char *check,
              const char *quote,
              gint64      chapter)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *entry = json_object_get_string_member_with_default (finding, "entry", NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, "model");
  if (entry != NULL)
    {
      json_builder_set_member_name (builder, "entry");
      json_builder_add_string_value (builder, entry);
    }
  json_builder_set_member_name (builder, "field");
  json_builder_add_string_value (builder, check);
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, quote);
  json_builder_set_member_name (builder, "from_chapter");
  json_builder_add_int_value (builder, chapter);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* One finding of the model: kept when its quotes are in the book. */
static void
take_finding (Model      *model,
              JsonObject *finding)
{
  gint64 number = json_object_get_int_member_with_default (finding, "chapter", 0);
  const char *quote = json_object_get_string_member_with_default (finding, "quote", NULL);
  gint64 earlier_number = json_object_get_int_member_with_default (finding, "earlier_chapter", 0);
  const char *earlier_quote = json_object_get_string_member_with_default (finding, "earlier_quote", NULL);
  const char *message = json_object_get_string_member_with_default (finding, "message", NULL);
  const char *check = check_of (json_object_get_string_member_with_default (finding, "category", NULL));
  const CtChapter *chapter = chapter_numbered (model, number);
  const CtChapter *earlier = earlier_quote != NULL ? chapter_numbered (model, earlier_number) : NULL;
  gssize at = find_quote (chapter, quote);
  gssize earlier_at = earlier_quote != NULL ? find_quote (earlier, earlier_quote) : 0;
  g_autofree char *data = NULL;
  g_autofree char *line_message = NULL;
  DfAgentIssue *issue;

  if (at < 0 || earlier_at < 0 || message == NULL || *message == '\0')
    {
      model->dropped++;
      return;
    }
  if (already_found (model, chapter->chapter_id, check, at, strlen (quote)))
    return;

  line_message = g_utf8_make_valid (message, MIN (strlen (message), 400));
  g_strdelimit (line_message, "\n\r", ' ');
  issue = df_agent_issue_new (DF_ISSUE_WARNING, "continuity", chapter->chapter_id,
                              ct_chapter_line_of (chapter, at), line_message, NULL,
                              json_object_get_double_member_with_default (finding, "confidence", 0.5));
  df_agent_issue_set_check (issue, check);
  df_agent_issue_set_span (issue, chapter->text, at, strlen (quote));
  if (earlier != NULL)
    df_agent_issue_add_evidence (issue, earlier->chapter_id, ct_chapter_line_of (earlier, earlier_at), earlier_quote);
  df_agent_issue_add_evidence (issue, chapter->chapter_id, ct_chapter_line_of (chapter, at), quote);
  data = finding_data (finding, check, quote, number);
  df_agent_issue_set_data (issue, data);
  g_ptr_array_add (model->issues, issue);
}

/* The model's answer: a JSON object with "issues" (perhaps in a code
 * fence); an answer that is not counts as one dropped finding. */
static void
take_answer (Model      *model,
             const char *content)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = g_strstrip (g_strdup (content));
  JsonNode *root;
  JsonArray *findings = NULL;

  if (g_str_has_prefix (json, "```"))
    {
      char *start = strchr (json, '\n');
      char *end = g_strrstr (json, "```");

      if (start != NULL && end != NULL && end > start)
        {
          *end = '\0';
          memmove (json, start + 1, strlen (start + 1) + 1);
        }
    }
  if (!json_parser_load_from_data (parser, json, -1, NULL) || (root = json_parser_get_root (parser)) == NULL)
    {
      model->dropped++;
      return;
    }
  if (JSON_NODE_HOLDS_OBJECT (root) && json_object_has_member (json_node_get_object (root), "issues") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "issues")))
    findings = json_object_get_array_member (json_node_get_object (root), "issues");
  else if (JSON_NODE_HOLDS_ARRAY (root))
    findings = json_node_get_array (root);
  if (findings == NULL)
    {
      model->dropped++;
      return;
    }
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonNode *node = json_array_get_element (findings, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        take_finding (model, json_node_get_object (node));
      else
        model->dropped++;
    }
}

/* ---- the run ------------------------------------------------------------- */

/* How many pieces from @first fit one request. */
static guint
pieces_for_request (GArray *pieces,
                    guint   first)
{
  gsize limit = CHUNK_TOKENS * 4;
  gsize size = 0;
  guint n = 0;

  while (first + n < pieces->len)
    {
      const Piece *piece = &g_array_index (pieces, Piece, first + n);

      if (n > 0 && size + (piece->end - piece->start) > limit)
        break;
      size += piece->end - piece->start;
      n++;
    }
  return n;
}

static void
add_dropped (Model *model)
{
  g_autofree char *message = NULL;
  DfAgentIssue *issue;

  if (model->dropped == 0)
    return;
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "The model gave %u finding whose words are not in the book; it was "
                                          "left out",
                                          "The model gave %u findings whose words are not in the book; they "
                                          "were left out",
                                          model->dropped),
                             model->dropped);
  issue = df_agent_issue_new (DF_ISSUE_INFO, "continuity", 0, 0, message, NULL, 1.0);
  df_agent_issue_set_check (issue, "model-dropped");
  g_ptr_array_add (model->issues, issue);
}

gboolean
ct_model_check (DfStore              *store,
                gint64                project_id,
                CtBook               *book,
                GPtrArray            *texts,
                GPtrArray            *issues,
                const DfAgentOptions *options,
                GCancellable         *cancellable,
                GError              **error)
{
  g_autoptr(DfAiConfig) config = df_ai_config_load (store, NULL, error);
  g_autoptr(GArray) pieces = NULL;
  Model model = { book, texts, NULL, issues, 0 };

  if (config == NULL)
    return FALSE;
  pieces = cut_book (&model);
  for (guint first = 0; first < pieces->len; )
    {
      guint n = pieces_for_request (pieces, first);
      const Piece *from = &g_array_index (pieces, Piece, first);
      const Piece *to = &g_array_index (pieces, Piece, first + n - 1);
      g_autoptr(GPtrArray) messages = messages_for (&model, from, n);
      g_autoptr(DfAiResponse) response = NULL;
      DfAiRequest request = {
        .agent = "continuity",
        .project_id = project_id,
        .messages = messages,
        .max_tokens = ANSWER_TOKENS,
        .temperature = 0,
        .json_object = TRUE,
      };

      if (options->progress != NULL)
        {
          gint64 tokens = ANSWER_TOKENS;
          g_autofree char *what = NULL;

          for (guint m = 0; m < messages->len; m++)
            tokens += df_ai_estimate_tokens (((DfAiMessage *) messages->pdata[m])->content);
          what = g_strdup_printf (_("Asking the model about chapters %" PRId64 "–%" PRId64
                                    " (about %" PRId64 " tokens)"),
                                  from->chapter->number, to->chapter->number, tokens);
          options->progress ((double) first / pieces->len, what, options->progress_data);
        }
      response = df_ai_complete (config, store, &request, NULL, NULL, cancellable, error);
      if (response == NULL)
        return FALSE;
      take_answer (&model, response->content);
      first += n;
    }
  add_dropped (&model);
  return TRUE;
}
