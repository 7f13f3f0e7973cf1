/* df-personalize-rewrite.c: the model rewrite, checked and measured
 *
 * One request a chapter (a section at a time for a long one).  What comes
 * back must keep the original's code, images, links and headings; one
 * cheap retry says what was lost, then the rewrite is refused.  A
 * difficulty adjustment that misses the reader's band is retried once and
 * then kept with a note.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "df-credits.h"
#include "df-personalize-private.h"

static const char * const kind_names[] = { "explanation", "example", "difficulty", NULL };

const char *
df_personalize_kind_to_string (DfPersonalizeKind kind)
{
  return kind_names[CLAMP (kind, DF_PERSONALIZE_EXPLANATION, DF_PERSONALIZE_DIFFICULTY)];
}

gboolean
df_personalize_kind_from_string (const char        *text,
                                 DfPersonalizeKind *kind)
{
  for (guint i = 0; kind_names[i] != NULL; i++)
    if (text != NULL && g_str_equal (text, kind_names[i]))
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

void
df_personalized_free (DfPersonalized *result)
{
  if (result == NULL)
    return;
  g_free (result->text);
  g_free (result->kind);
  g_free (result->language);
  g_free (result->level);
  g_free (result->model);
  g_free (result->metric);
  g_free (result->note);
  g_free (result->created_at);
  g_free (result);
}

const char *
_df_personalize_language (const DfProfile *profile)
{
  return profile != NULL && g_strcmp0 (profile->preferred_language, "ur") == 0 ? "ur" : "en";
}

/* The profile's fields a rewrite depends on, as JSON. */
char *
_df_personalize_profile_json (const DfProfile *profile)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

#define FIELD(k, v) json_builder_set_member_name (b, k); json_builder_add_string_value (b, (v) != NULL ? (v) : "")
  json_builder_begin_object (b);
  FIELD ("level", df_personalize_reader_level (profile));
  FIELD ("experience_level", profile != NULL ? profile->experience_level : NULL);
  FIELD ("education_level", profile != NULL ? profile->education_level : NULL);
  FIELD ("programming_experience", profile != NULL ? profile->programming_experience : NULL);
  FIELD ("ai_ml_experience", profile != NULL ? profile->ai_ml_experience : NULL);
  json_builder_set_member_name (b, "robotics_background");
  json_builder_add_boolean_value (b, profile != NULL && profile->robotics_background);
  FIELD ("learning_goals", profile != NULL ? profile->learning_goals : NULL);
  FIELD ("preferred_language", _df_personalize_language (profile));
  json_builder_end_object (b);
#undef FIELD
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

char *
df_personalize_preferences_hash (const DfProfile *profile)
{
  g_autofree char *json = _df_personalize_profile_json (profile);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, json, -1);
}

/* The highest grade (or, for Urdu, words a sentence) in the band of a
 * reader's level; G_MAXDOUBLE for experts. */
static double
band_limit (const char *level,
            const char *language)
{
  gboolean urdu = g_str_equal (language, "ur");

  if (g_str_equal (level, "beginner"))
    return urdu ? 15 : 8;
  if (g_str_equal (level, "intermediate"))
    return urdu ? 22 : 12;
  return G_MAXDOUBLE;
}

static const char *
kind_instruction (DfPersonalizeKind kind)
{
  switch (kind)
    {
    case DF_PERSONALIZE_EXPLANATION:
      return "Add a short explanation wherever a concept is likely new to this reader; keep the rest of the text.";
    case DF_PERSONALIZE_EXAMPLE:
      return "Add or adapt prose examples so that they fit this reader's background; keep the rest of the text.";
    case DF_PERSONALIZE_DIFFICULTY:
    default:
      return "Rewrite the prose at a difficulty that suits this reader's level (shorter sentences and plainer words for a beginner, denser for an expert).";
    }
}

GPtrArray *
_df_personalize_messages (const DfProfile   *profile,
                          DfPersonalizeKind  kind,
                          const char        *markdown)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify)df_ai_message_free);
  g_autofree char *profile_json = _df_personalize_profile_json (profile);
  g_autofree char *system = NULL;
  g_autofree char *user = NULL;
  gboolean urdu = g_str_equal (_df_personalize_language (profile), "ur");

  system = g_strdup_printf ("You personalise a textbook chapter for one reader (prompt version %d).\n"
                            "Reader profile: %s\n"
                            "Kind of change: %s. %s\n"
                            "Target language: %s.\n"
                            "Rules: answer with the whole chapter in Markdown and nothing else. "
                            "Keep every fenced code block exactly, byte for byte. Keep every image and every link "
                            "target. Keep every heading at its level (its words may be translated).",
                            DF_PERSONALIZE_PROMPT_VERSION, profile_json,
                            df_personalize_kind_to_string (kind), kind_instruction (kind),
                            urdu ? "Urdu (ur); code, inline code and URLs stay as they are" : "English (en)");
  g_ptr_array_add (messages, df_ai_message_new ("system", system));
  g_ptr_array_add (messages, df_ai_message_new ("user", markdown));
  return g_steal_pointer (&messages);
}

/* Sections of @markdown, split before "## " headings (outside code) so
 * that none is longer than @limit when it can be helped. */
GPtrArray *
_df_personalize_sections (const char *markdown,
                          gsize       limit)
{
  g_autoptr(GPtrArray) sections = g_ptr_array_new_with_free_func (g_free);
  const char *start = markdown, *line = markdown;
  gboolean in_code = FALSE;

  if (strlen (markdown) <= limit)
    {
      g_ptr_array_add (sections, g_strdup (markdown));
      return g_steal_pointer (&sections);
    }
  while (*line != '\0')
    {
      const char *nl = strchr (line, '\n');
      const char *end = nl != NULL ? nl + 1 : line + strlen (line);

      if (g_str_has_prefix (line, "```") || g_str_has_prefix (line, "~~~"))
        in_code = !in_code;
      else if (!in_code && g_str_has_prefix (line, "## ") && line > start &&
               (gsize)(line - start) >= limit / 4)
        {
          g_ptr_array_add (sections, g_strndup (start, line - start));
          start = line;
        }
      line = end;
    }
  if (*start != '\0')
    g_ptr_array_add (sections, g_strdup (start));
  return g_steal_pointer (&sections);
}

gint64
df_personalize_estimate (const DfChapter *chapter)
{
  gint64 text = df_ai_estimate_tokens (chapter->content_md != NULL ? chapter->content_md : "");
  /* the prompt, then an answer a little longer than the chapter */
  return text + 200 + text + text / 2;
}

/* What one request has streamed so far, passed on to the caller's. */
typedef struct
{
  const DfPersonalizeOptions *options;
  gsize                       received;
} Streamed;

static void
streamed_delta (const char *delta,
                gpointer    data)
{
  Streamed *streamed = data;

  streamed->received += strlen (delta);
  if (streamed->options->on_delta != NULL)
    streamed->options->on_delta (delta, streamed->options->delta_data);
}

/* A request stopped by the reader is charged for what it used: the
 * prompt and the part of the answer that came (df_ai_complete gave the
 * reservation back). */
static void
charge_stopped (DfStore           *store,
                const DfAiConfig  *config,
                const DfProfile   *profile,
                GPtrArray         *messages,
                gsize              received)
{
  g_autoptr(GError) error = NULL;
  gint64 prompt = 0, completion = (gint64)(received + 3) / 4;

  if (store == NULL || profile == NULL || profile->id == NULL)
    return;
  for (guint i = 0; i < messages->len; i++)
    prompt += df_ai_estimate_tokens (((DfAiMessage *)messages->pdata[i])->content);
  if (!df_credits_settle (store, profile->id, 0, prompt + completion,
                          df_credits_cost (store, config->model, prompt, completion), &error))
    g_warning ("Cannot charge the stopped rewrite: %s", error->message);
}

/* One request, checked; with the retry note appended on the second go.
 * @accepted: the sections already done, for options->on_request. */
static char *
ask (DfStore                    *store,
     const DfAiConfig           *config,
     const DfProfile            *profile,
     const DfChapter            *chapter,
     const DfPersonalizeOptions *options,
     const char                 *section,
     const char                 *again,
     const char                 *accepted,
     DfPersonalized             *result,
     GCancellable               *cancellable,
     GError                    **error)
{
  g_autoptr(GPtrArray) messages = _df_personalize_messages (profile, options->kind, section);
  g_autoptr(DfAiResponse) response = NULL;
  g_autoptr(GError) local_error = NULL;
  Streamed streamed = { options, 0 };
  gint64 tokens = df_ai_estimate_tokens (section);
  DfAiRequest request = {
    .agent = "personalize",
    .profile_id = profile != NULL ? profile->id : NULL,
    .project_id = chapter->project_id,
    .max_tokens = (guint)CLAMP (tokens * 2 + 256, 1024, 32000),
    .temperature = 0.3,
  };

  if (again != NULL)
    g_ptr_array_add (messages, df_ai_message_new ("user", again));
  request.messages = messages;
  if (options->on_request != NULL)
    options->on_request (accepted, options->delta_data);
  response = df_ai_complete (config, store, &request, streamed_delta, &streamed, cancellable, &local_error);
  if (response == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        charge_stopped (store, config, profile, messages, streamed.received);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  result->requests++;
  result->prompt_tokens += response->prompt_tokens;
  result->completion_tokens += response->completion_tokens;
  if (result->model == NULL && response->model != NULL)
    result->model = g_strdup (response->model);
  return g_strdup (response->content != NULL ? response->content : "");
}

/* A section rewritten and checked, with one retry saying what was lost. */
static char *
rewrite_section (DfStore                    *store,
                 const DfAiConfig           *config,
                 const DfProfile            *profile,
                 const DfChapter            *chapter,
                 const DfPersonalizeOptions *options,
                 const char                 *section,
                 const char                 *accepted,
                 DfPersonalized             *result,
                 GCancellable               *cancellable,
                 GError                    **error)
{
  g_autoptr(GError) lost = NULL;
  g_autofree char *text = ask (store, config, profile, chapter, options, section, NULL, accepted, result,
                               cancellable, error);
  g_autofree char *again = NULL;

  if (text == NULL)
    return NULL;
  if (df_personalize_verify (section, text, &lost))
    return g_steal_pointer (&text);

  again = g_strdup_printf ("Your answer did not keep the original (%s). Answer again with the whole "
                           "section, keeping every code block byte for byte, every image, link and heading.",
                           lost->message);
  g_free (text);
  text = ask (store, config, profile, chapter, options, section, again, accepted, result, cancellable, error);
  if (text == NULL)
    return NULL;
  if (!df_personalize_verify (section, text, error))
    return NULL;
  return g_steal_pointer (&text);
}

static char *
rewrite_all (DfStore                    *store,
             const DfAiConfig           *config,
             const DfProfile            *profile,
             const DfChapter            *chapter,
             const DfPersonalizeOptions *options,
             const char                 *base,
             DfPersonalized             *result,
             GCancellable               *cancellable,
             GError                    **error)
{
  g_autoptr(GPtrArray) sections = _df_personalize_sections (base, options->section_chars > 0 ? options->section_chars : 24000);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < sections->len; i++)
    {
      g_autofree char *text = rewrite_section (store, config, profile, chapter, options,
                                               sections->pdata[i], out->str, result, cancellable, error);
      if (text == NULL)
        return NULL;
      if (out->len > 0 && out->str[out->len - 1] != '\n')
        g_string_append (out, "\n\n");
      g_string_append (out, text);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static double
measure (const char *text,
         const char *metric)
{
  DfReadability r;

  df_readability_measure (text, &r);
  return g_str_equal (metric, "urdu") ? r.sentence_words : r.grade;
}

DfPersonalized *
df_personalize_rewrite (DfStore                    *store,
                        const DfAiConfig           *config,
                        const DfProfile            *profile,
                        const DfChapter            *chapter,
                        const DfPersonalizeOptions *options,
                        GCancellable               *cancellable,
                        GError                    **error)
{
  g_autoptr(DfPersonalized) result = NULL;
  g_autofree char *base = NULL;
  const char *language = _df_personalize_language (profile);
  double limit;

  g_return_val_if_fail (chapter != NULL && chapter->content_md != NULL, NULL);

  if (df_personalize_cache_expire (store, error) < 0)
    return NULL;
  result = df_personalize_cache_lookup (store, profile, chapter, options->kind,
                                        config != NULL ? config->model : NULL, error);
  if (result != NULL)
    return g_steal_pointer (&result);
  if (error != NULL && *error != NULL)
    return NULL;

  base = df_personalize_choose_blocks (chapter->content_md, profile);
  result = g_new0 (DfPersonalized, 1);
  result->kind = g_strdup (df_personalize_kind_to_string (options->kind));
  result->language = g_strdup (language);
  result->level = g_strdup (df_personalize_reader_level (profile));
  result->metric = g_strdup (g_str_equal (language, "ur") ? "urdu" : "fk");
  result->before = measure (base, result->metric);
  result->text = rewrite_all (store, config, profile, chapter, options, base, result, cancellable, error);
  if (result->text == NULL)
    return NULL;
  result->after = measure (result->text, result->metric);

  limit = band_limit (result->level, language);
  if (options->kind == DF_PERSONALIZE_DIFFICULTY && result->after > limit)
    {
      g_autofree char *second = rewrite_all (store, config, profile, chapter, options, base, result,
                                             cancellable, error);
      if (second == NULL)
        return NULL;
      g_free (result->text);
      result->text = g_steal_pointer (&second);
      result->after = measure (result->text, result->metric);
      if (result->after > limit)
        result->note = g_strdup_printf (_("The rewrite reads at %.1f, above the %.0f set for a reader at the %s level, after a second try"),
                                        result->after, limit, result->level);
    }
  g_free (result->model);
  result->model = g_strdup (config != NULL && config->model != NULL ? config->model : "");
  if (!_df_personalize_cache_store (store, profile, chapter, options, result, error))
    return NULL;
  return g_steal_pointer (&result);
}
