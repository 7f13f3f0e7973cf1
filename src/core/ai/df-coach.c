/* df-coach.c: what the coach asks the model, and what it says without one
 *
 * The system prompt (the project, its statistics, the end of the current
 * chapter and the writer), the messages of a request, a writing plan
 * asked for as JSON, and suggestions computed from the store when there
 * is no provider.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-coach"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "df-chat.h"
#include "df-codex.h"

/* How much of the conversation goes with each request. */
#define HISTORY_MESSAGES   20
#define HISTORY_MAX_CHARS  4000

/* ---- the system prompt ------------------------------------------------- */

/* The chapter edited last (ties: the later in the book), with content. */
static DfChapter *
current_chapter (DfStore *store,
                 gint64   project_id)
{
  g_autoptr(GPtrArray) chapters = df_chapter_list (store, project_id, NULL);
  DfChapter *best = NULL;

  if (chapters == NULL)
    return NULL;
  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *c = chapters->pdata[i];

      if (best == NULL || g_strcmp0 (c->updated_at, best->updated_at) >= 0)
        best = c;
    }
  return best != NULL ? df_chapter_get (store, best->id, NULL) : NULL;
}

/* The end of @text within @budget tokens, starting at a word. */
static char *
tail_within_budget (const char *text,
                    gint64      budget,
                    gboolean   *cut)
{
  glong n_chars = g_utf8_strlen (text, -1);
  glong keep;
  const char *start;

  *cut = FALSE;
  if (df_ai_estimate_tokens (text) <= budget)
    return g_strdup (text);

  *cut = TRUE;
  keep = MIN (n_chars, (glong)budget * 4);
  for (;;)
    {
      start = g_utf8_offset_to_pointer (text, n_chars - keep);
      /* Start after a space, not inside a word. */
      {
        const char *space = start;
        int steps = 0;

        while (*space != '\0' && !g_ascii_isspace (*space) && steps < 64)
          {
            space = g_utf8_next_char (space);
            steps++;
          }
        if (*space != '\0' && steps < 64)
          start = space + 1;
      }
      if (df_ai_estimate_tokens (start) <= budget || keep < 16)
        break;
      keep = keep * 9 / 10;
    }
  return g_strdup (start);
}

/* The project's statistics and its next pending task (NULL when there
 * is none). */
static gboolean
read_progress (DfStore         *store,
               gint64           project_id,
               DfWritingStats  *stats,
               DfTask         **next_task,
               GError         **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!df_stats_compute (store, project_id, stats, error))
    return FALSE;
  *next_task = df_task_next (store, project_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static void
append_field (GString    *s,
              const char *label,
              const char *value)
{
  if (value != NULL && *value != '\0')
    g_string_append_printf (s, "- %s: %s\n", label, value);
}

static void
append_project (GString         *s,
                const DfProject *project)
{
  g_string_append (s, "## The project\n");
  append_field (s, "Title", project->title);
  append_field (s, "Type", project->project_type);
  append_field (s, "Genre", project->genre);
  append_field (s, "Language of the text", project->language);
  append_field (s, "Synopsis", project->description);
}

static void
append_statistics (GString              *s,
                   const DfWritingStats *stats,
                   const DfTask         *next_task)
{
  g_string_append (s, "\n## Statistics\n");
  g_string_append_printf (s, "- Words: %" PRId64 "\n", stats->words);
  g_string_append_printf (s, "- Chapters: %" PRId64 "\n", stats->chapters);
  if (stats->target_word_count > 0)
    g_string_append_printf (s, "- Target: %" PRId64 " words (%.0f%% reached)\n",
                            stats->target_word_count, stats->target_fraction * 100.0);
  else
    g_string_append (s, "- Target: none set\n");
  g_string_append_printf (s, "- Words written today: %" PRId64 "\n", stats->words_today);
  g_string_append_printf (s, "- Writing streak: %" PRId64 " days in a row (longest %" PRId64 ")\n",
                          stats->current_streak, stats->longest_streak);
  if (next_task != NULL)
    g_string_append_printf (s, "- Next task in the writer's plan: %s (due %s)\n",
                            next_task->description, next_task->due_date ? next_task->due_date : "-");
}

/* The current chapter's end, within @budget tokens. */
static void
append_chapter (GString         *s,
                const DfChapter *chapter,
                gint64           budget)
{
  gboolean cut = FALSE;
  g_autofree char *text = NULL;

  if (chapter == NULL || chapter->content_md == NULL || *chapter->content_md == '\0')
    return;
  text = tail_within_budget (chapter->content_md, budget, &cut);
  g_string_append_printf (s, "\n## The current chapter: %" PRId64 ". %s\n",
                          chapter->number, chapter->title);
  if (cut)
    g_string_append (s, "(Only its end is shown.)\n");
  g_string_append (s, "<chapter>\n");
  g_string_append (s, text);
  g_string_append (s, "\n</chapter>\n");
}

/* The codex entries the chapter names (most named first, at most
 * CODEX_ENTRIES_MAX), with what the author wrote of them and the changes
 * in force at the chapter: what the coach must not contradict. */
#define CODEX_ENTRIES_MAX 20

static void
append_codex (GString         *s,
              DfStore         *store,
              const DfChapter *chapter)
{
  g_autoptr(GPtrArray) mentions = NULL;

  if (chapter == NULL || (mentions = df_codex_mentions_in_chapter (store, chapter->id, NULL)) == NULL ||
      mentions->len == 0)
    return;
  g_string_append (s, "\n## Who and what the current chapter names (the book's codex)\n");
  for (guint i = 0; i < mentions->len && i < CODEX_ENTRIES_MAX; i++)
    {
      const DfCodexMention *mention = mentions->pdata[i];
      g_autoptr(DfCodexEntry) entry = df_codex_entry_get (store, mention->entry_id, NULL);
      g_autoptr(GPtrArray) changes = NULL;

      if (entry == NULL)
        continue;
      g_string_append_printf (s, "- %s (%s", entry->name, entry->kind);
      if (entry->aliases[0] != NULL)
        {
          g_autofree char *aliases = g_strjoinv (", ", entry->aliases);
          g_string_append_printf (s, "; also %s", aliases);
        }
      g_string_append_c (s, ')');
      if (entry->description != NULL && *entry->description != '\0')
        g_string_append_printf (s, ": %s", entry->description);
      g_string_append_c (s, '\n');
      changes = df_codex_progression_list (store, entry->id, chapter->number, NULL);
      for (guint c = 0; changes != NULL && c < changes->len; c++)
        {
          const DfCodexProgression *change = changes->pdata[c];
          g_string_append_printf (s, "  From chapter %" PRId64 ": %s is %s\n", change->from_chapter,
                                  change->field, change->value);
        }
    }
}

static void
append_writer (GString         *s,
               const DfProfile *profile)
{
  if (profile == NULL)
    return;
  g_string_append (s, "\n## The writer\n");
  append_field (s, "Name", profile->display_name);
  append_field (s, "Writing experience", profile->experience_level);
  append_field (s, "Education", profile->education_level);
  append_field (s, "Programming experience", profile->programming_experience);
  append_field (s, "AI and machine learning experience", profile->ai_ml_experience);
  if (profile->learning_goals != NULL && strcmp (profile->learning_goals, "[]") != 0)
    append_field (s, "Goals", profile->learning_goals);
  append_field (s, "Preferred language", profile->preferred_language);
  g_string_append (s, "Adapt your explanations to this writer's experience.\n");
  if (g_strcmp0 (profile->preferred_language, "ur") == 0)
    g_string_append (s, "\nAlways answer in Urdu (اردو).\n");
}

char *
df_coach_system_prompt (DfStore          *store,
                        gint64            project_id,
                        const DfProfile  *profile,
                        gint64            chapter_budget,
                        GError          **error)
{
  g_autoptr(DfProject) project = df_project_get_by_id (store, project_id, error);
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(DfTask) next_task = NULL;
  DfWritingStats stats = { 0 };
  GString *s;

  if (project == NULL || !read_progress (store, project_id, &stats, &next_task, error))
    return NULL;
  chapter = current_chapter (store, project_id);

  s = g_string_new (NULL);
  g_string_append (s,
                   "You are the writing coach in DraftForge, an application for writing books. "
                   "Help the writer with their book: be encouraging, concrete and brief. "
                   "Base your advice on the project and the text below; do not invent facts about the book.\n\n");
  append_project (s, project);
  append_statistics (s, &stats, next_task);
  append_chapter (s, chapter, chapter_budget);
  append_codex (s, store, chapter);
  append_writer (s, profile);
  return g_string_free (s, FALSE);
}

GPtrArray *
df_coach_build_messages (DfStore  *store,
                         gint64    project_id,
                         GError  **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify)df_ai_message_free);
  g_autoptr(DfProfile) profile = df_profile_get_active (store, NULL);
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *system = NULL;

  system = df_coach_system_prompt (store, project_id, profile, DF_COACH_CHAPTER_BUDGET, error);
  if (system == NULL)
    return NULL;
  g_ptr_array_add (messages, df_ai_message_new ("system", system));

  history = df_chat_list (store, project_id, HISTORY_MESSAGES, error);
  if (history == NULL)
    return NULL;
  for (guint i = 0; i < history->len; i++)
    {
      DfChatMessage *m = history->pdata[i];
      /* g_utf8_substring reads past the end when asked for more
       * characters than there are. */
      glong n_chars = g_utf8_strlen (m->content, -1);
      g_autofree char *content = g_utf8_substring (m->content, 0, MIN (n_chars, HISTORY_MAX_CHARS));

      g_ptr_array_add (messages, df_ai_message_new (strcmp (m->sender, "coach") == 0 ? "assistant" : "user",
                                                    content));
    }

  return g_steal_pointer (&messages);
}

/* ---- plans ------------------------------------------------------------- */

/* Some models wrap JSON in a Markdown code fence even when asked not to. */
static char *
strip_code_fence (const char *text)
{
  g_autofree char *s = g_strstrip (g_strdup (text ? text : ""));

  if (g_str_has_prefix (s, "```") && g_str_has_suffix (s, "```") && strlen (s) >= 6)
    {
      char *body = strchr (s, '\n');
      char *end = s + strlen (s) - 3;

      if (body != NULL && body < end)
        return g_strstrip (g_strndup (body + 1, end - body - 1));
    }
  return g_steal_pointer (&s);
}

/* The conversation that asks for a plan: the system prompt with the
 * task and the JSON schema, and the request. */
static GPtrArray *
plan_messages (DfStore          *store,
               gint64            project_id,
               const DfProfile  *profile,
               GError          **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify)df_ai_message_free);
  g_autofree char *system = NULL;
  g_autofree char *today = df_today ();
  g_autofree char *full = NULL;

  system = df_coach_system_prompt (store, project_id, profile, DF_COACH_CHAPTER_BUDGET, error);
  if (system == NULL)
    return NULL;
  full = g_strdup_printf ("%s\n## Your task\nPropose a writing plan for this project "
                          "with ordered steps and dated daily tasks, starting today (%s).\n%s",
                          system, today, df_plan_json_schema_description ());
  g_ptr_array_add (messages, df_ai_message_new ("system", full));
  g_ptr_array_add (messages, df_ai_message_new ("user", "Propose a writing plan for this book, as the JSON object described."));
  return g_steal_pointer (&messages);
}

/* After an answer that was not a usable plan: the answer and why, so that
 * the model tries again. */
static void
ask_again (GPtrArray          *messages,
           const DfAiResponse *response,
           const GError       *problem)
{
  g_autofree char *again = NULL;

  g_ptr_array_add (messages, df_ai_message_new ("assistant", response->content ? response->content : ""));
  again = g_strdup_printf ("That answer could not be used: %s. Answer again with only the JSON object "
                           "described in the instructions, with every field present.",
                           problem->message);
  g_ptr_array_add (messages, df_ai_message_new ("user", again));
}

/* The conversation records the request and the plan. */
static void
record_plan (DfStore          *store,
             gint64            project_id,
             const DfProfile  *profile,
             const DfPlan     *plan)
{
  g_autofree char *summary = df_coach_plan_summary (store, plan);
  g_autoptr(DfChatMessage) asked = NULL;
  g_autoptr(DfChatMessage) answered = NULL;

  asked = df_chat_add (store, project_id, profile ? profile->id : NULL, "user",
                       _("Please propose a writing plan."), FALSE, 0, NULL);
  answered = df_chat_add (store, project_id, profile ? profile->id : NULL, "coach",
                          summary, FALSE, 0, NULL);
}

DfPlan *
df_coach_request_plan (const DfAiConfig *config,
                       DfStore          *store,
                       gint64            project_id,
                       GCancellable     *cancellable,
                       guint            *n_requests,
                       GError          **error)
{
  g_autoptr(DfProfile) profile = df_profile_get_active (store, NULL);
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) last_problem = NULL;
  DfAiRequest request = {
    .agent = "coach",
    .profile_id = profile ? profile->id : NULL,
    .project_id = project_id,
    .max_tokens = 2048,
    .temperature = -1,
    .json_object = TRUE,
  };

  if (n_requests != NULL)
    *n_requests = 0;

  messages = plan_messages (store, project_id, profile, error);
  if (messages == NULL)
    return NULL;
  request.messages = messages;

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr(DfAiResponse) response = NULL;
      g_autoptr(DfPlanDraft) draft = NULL;
      g_autofree char *json = NULL;
      DfPlan *plan;

      response = df_ai_complete (config, store, &request, NULL, NULL, cancellable, error);
      if (n_requests != NULL)
        (*n_requests)++;
      if (response == NULL)
        return NULL;

      json = strip_code_fence (response->content);
      g_clear_error (&last_problem);
      draft = df_plan_parse_json (json, &last_problem);
      if (draft == NULL)
        {
          g_debug ("The coach's plan was not usable (attempt %u): %s", attempt + 1, last_problem->message);
          ask_again (messages, response, last_problem);
          continue;
        }

      plan = df_plan_create_from_draft (store, project_id, profile ? profile->id : NULL, draft, error);
      if (plan != NULL)
        record_plan (store, project_id, profile, plan);
      return plan;
    }

  g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_BAD_RESPONSE,
               _("The coach's plan could not be used, twice (%s); try again, or another model"),
               last_problem->message);
  return NULL;
}

char *
df_coach_plan_summary (DfStore      *store,
                       const DfPlan *plan)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = df_task_list (store, plan->project_id, TRUE, &error);
  GString *s = g_string_new (NULL);

  if (tasks == NULL)
    g_warning ("Cannot list the plan's tasks for its summary: %s", error->message);

  g_string_append_printf (s, _("Plan: %s"), plan->title);
  g_string_append_c (s, '\n');
  for (guint i = 0; plan->steps[i] != NULL; i++)
    g_string_append_printf (s, "%u. %s\n", i + 1, plan->steps[i]);
  if (tasks != NULL)
    {
      g_string_append_c (s, '\n');
      g_string_append (s, _("Tasks:"));
      g_string_append_c (s, '\n');
      for (guint i = 0; i < tasks->len; i++)
        {
          DfTask *t = tasks->pdata[i];

          if (t->plan_id != plan->id)
            continue;
          g_string_append_printf (s, "%" PRId64 ". %s  %s\n", t->position,
                                  t->due_date ? t->due_date : "-", t->description);
        }
    }
  while (s->len > 0 && s->str[s->len - 1] == '\n')
    g_string_truncate (s, s->len - 1);
  return g_string_free (s, FALSE);
}

/* ---- without a provider ------------------------------------------------ */

gboolean
df_coach_is_setup_error (const GError *error)
{
  return error != NULL && error->domain == DF_AI_ERROR &&
         (error->code == DF_AI_ERROR_NOT_CONFIGURED ||
          error->code == DF_AI_ERROR_CONNECTION_REFUSED ||
          error->code == DF_AI_ERROR_NAME_NOT_RESOLVED);
}

const char *
df_coach_setup_text (void)
{
  return _("The coach needs an AI provider. For a free local one, install Ollama, "
           "run “ollama pull llama3.2”, then set "
           "“draftforge-cli ai set base-url http://localhost:11434/v1” and "
           "“draftforge-cli ai set model llama3.2”. For a hosted provider (OpenAI, "
           "OpenRouter…), set its base URL and model the same way and store your key "
           "with “draftforge-cli ai set-key” (it reads the key from standard input), "
           "or use Preferences.");
}

char *
df_coach_suggestions (DfStore  *store,
                      gint64    project_id,
                      GError  **error)
{
  DfWritingStats stats = { 0 };
  g_autoptr(DfTask) next = NULL;
  g_autofree char *today = df_today ();
  GString *s;

  if (df_task_mark_overdue (store, project_id, error) < 0 ||
      !read_progress (store, project_id, &stats, &next, error))
    return NULL;

  s = g_string_new (NULL);

  /* Today's words against the plan. */
  if (next != NULL && g_strcmp0 (next->due_date, today) == 0)
    g_string_append_printf (s, _("Today: %" PRId64 " words written; your task for today is “%s”."),
                            stats.words_today, next->description);
  else
    g_string_append_printf (s, _("Today: %" PRId64 " words written."), stats.words_today);
  if (stats.target_word_count > 0)
    {
      g_string_append_c (s, ' ');
      g_string_append_printf (s, _("The book has %" PRId64 " of its %" PRId64 " words (%.0f%%)."),
                              stats.words, stats.target_word_count, stats.target_fraction * 100.0);
    }
  g_string_append_c (s, '\n');

  /* The streak. */
  if (stats.current_streak > 1)
    g_string_append_printf (s, _("Streak: %" PRId64 " days in a row; write today to keep it going."),
                            stats.current_streak);
  else if (stats.current_streak == 1)
    g_string_append (s, _("Streak: 1 day; write again tomorrow to make it two."));
  else
    g_string_append (s, _("Streak: none yet; a few sentences today start one."));
  g_string_append_c (s, '\n');

  /* The next task. */
  if (next != NULL)
    g_string_append_printf (s, _("Next task: %s (due %s)."), next->description,
                            next->due_date ? next->due_date : "-");
  else
    g_string_append (s, _("Next task: none; ask the coach for a plan once a provider is set up."));

  return g_string_free (s, FALSE);
}
