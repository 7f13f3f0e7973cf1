/* df-chat.c: the coach's conversations, prompts, profiling and plans
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-coach"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "df-ai-store-private.h"
#include "df-chat.h"
#include "df-model-private.h"

/* How much of the conversation goes with each request. */
#define HISTORY_MESSAGES   20
#define HISTORY_MAX_CHARS  4000

/* ---- messages ---------------------------------------------------------- */

#define CHAT_COLUMNS "id, project_id, profile_id, sender, content, is_profiling_prompt, reply_to, created_at"

void
df_chat_message_free (DfChatMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->profile_id);
  g_free (message->sender);
  g_free (message->content);
  g_free (message->created_at);
  g_free (message);
}

static gpointer
message_from_row (sqlite3_stmt *stmt)
{
  DfChatMessage *m = g_new0 (DfChatMessage, 1);

  m->id = sqlite3_column_int64 (stmt, 0);
  m->project_id = sqlite3_column_int64 (stmt, 1);
  m->profile_id = _df_col_text (stmt, 2);
  m->sender = _df_col_text (stmt, 3);
  m->content = _df_col_text (stmt, 4);
  m->is_profiling_prompt = sqlite3_column_int (stmt, 5) != 0;
  m->reply_to = sqlite3_column_int64 (stmt, 6);
  m->created_at = _df_col_text (stmt, 7);
  return m;
}

DfChatMessage *
df_chat_add (DfStore     *store,
             gint64       project_id,
             const char  *profile_id,
             const char  *sender,
             const char  *content,
             gboolean     is_profiling_prompt,
             gint64       reply_to,
             GError     **error)
{
  static const char * const senders[] = { "user", "coach", NULL };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = df_now_iso8601 ();
  gint64 id;

  if (!df_validate_enum (_("sender"), sender, senders, error))
    return NULL;
  if (content == NULL || *content == '\0' || !g_utf8_validate (content, -1, NULL))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("A message must be non-empty UTF-8 text"));
      return NULL;
    }

  stmt = df_store_prepare (store,
                           "INSERT INTO chat_messages (project_id, profile_id, sender, content,"
                           " is_profiling_prompt, reply_to, created_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return NULL;
  _df_bind_id (stmt, 1, project_id);
  _df_bind_text (stmt, 2, profile_id);
  _df_bind_text (stmt, 3, sender);
  _df_bind_text (stmt, 4, content);
  sqlite3_bind_int (stmt, 5, is_profiling_prompt ? 1 : 0);
  _df_bind_id (stmt, 6, reply_to);
  _df_bind_text (stmt, 7, now);
  if (!df_store_step_done (store, stmt, error))
    return NULL;
  id = df_store_last_insert_id (store);
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = df_store_prepare (store, "SELECT " CHAT_COLUMNS " FROM chat_messages WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_df_ai_read_row (store, stmt, _("No such message"), error))
    return NULL;
  return message_from_row (stmt);
}

GPtrArray *
df_chat_list (DfStore  *store,
              gint64    project_id,
              guint     last_n,
              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)df_chat_message_free);

  stmt = df_store_prepare (store,
                           "SELECT * FROM (SELECT " CHAT_COLUMNS " FROM chat_messages WHERE project_id = ?1"
                           " ORDER BY id DESC LIMIT ?2) ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  sqlite3_bind_int64 (stmt, 2, last_n > 0 ? (gint64)last_n : -1);
  if (!_df_ai_read_rows (store, stmt, list, message_from_row, error))
    return NULL;
  return g_steal_pointer (&list);
}

/* The newest message of the conversation (@sender NULL: anyone's),
 * skipping @skip_id; NULL when there is none. */
static DfChatMessage *
chat_last (DfStore     *store,
           gint64       project_id,
           const char  *sender,
           gint64       skip_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store,
                           "SELECT " CHAT_COLUMNS " FROM chat_messages WHERE project_id = ?1"
                           " AND (?2 IS NULL OR sender = ?2) AND id != ?3 ORDER BY id DESC LIMIT 1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, sender);
  sqlite3_bind_int64 (stmt, 3, skip_id);
  if (!df_store_step (store, stmt, NULL))
    return NULL;
  return message_from_row (stmt);
}

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

/* ---- progressive profiling --------------------------------------------- */

static const char * const profiling_fields[] = {
  "education_level", "programming_experience", "ai_ml_experience", "learning_goals", "experience_level", NULL
};

const char *
df_coach_missing_field (const DfProfile *profile)
{
  if (profile == NULL)
    return NULL;
  if (profile->education_level == NULL)
    return profiling_fields[0];
  if (profile->programming_experience == NULL)
    return profiling_fields[1];
  if (profile->ai_ml_experience == NULL)
    return profiling_fields[2];
  if (profile->learning_goals == NULL || strcmp (profile->learning_goals, "[]") == 0)
    return profiling_fields[3];
  if (profile->experience_level == NULL)
    return profiling_fields[4];
  return NULL;
}

const char *
df_coach_profiling_question (const char *field)
{
  if (g_strcmp0 (field, "education_level") == 0)
    return _("One quick question, so I can pitch my advice right: how far did you go in school: high school, undergraduate, graduate, or are you a working professional?");
  if (g_strcmp0 (field, "programming_experience") == 0)
    return _("One quick question: how much programming have you done: none, a beginner's amount, intermediate, or advanced?");
  if (g_strcmp0 (field, "ai_ml_experience") == 0)
    return _("One quick question: how familiar are you with AI and machine learning: not at all, basic, intermediate, or advanced?");
  if (g_strcmp0 (field, "learning_goals") == 0)
    return _("One quick question: what brings you here: a career change, research, a hobby, teaching, or building projects?");
  if (g_strcmp0 (field, "experience_level") == 0)
    return _("One quick question: how would you describe yourself as a writer: beginner, intermediate, or expert?");
  return NULL;
}

typedef struct
{
  const char *field;
  const char *value;
  const char *keywords;        /* '|'-separated, matched as whole words */
} Keywords;

/* Checked in order: the first match wins (all matches for learning_goals),
 * so more specific words come first ("undergraduate" before "graduate"). */
static const Keywords keywords[] = {
  { "education_level", "high_school", "high school|high_school|highschool|secondary school|secondary|a-levels|gcse" },
  { "education_level", "undergraduate", "undergraduate|undergrad|bachelor|bachelors|bachelor's|college student|university student|sophomore|freshman|junior|senior year|ba|bsc" },
  { "education_level", "graduate", "graduate|graduated|grad student|graduate student|postgraduate|postgrad|master|masters|master's|phd|ph.d|doctorate|doctoral|msc|ma" },
  { "education_level", "professional", "professional|work|working|job|employed|career|engineer|developer|teacher" },

  { "programming_experience", "none", "none|never|no experience|not at all|nothing|zero|no programming|don't program|do not program" },
  { "programming_experience", "advanced", "advanced|expert|professional|senior|many years|a lot|lots" },
  { "programming_experience", "intermediate", "intermediate|moderate|some years|a few years|decent|fair|comfortable" },
  { "programming_experience", "beginner", "beginner|a little|little|some|new|novice|just started|basic|basics" },

  { "ai_ml_experience", "none", "none|never|no experience|not at all|nothing|zero|not familiar" },
  { "ai_ml_experience", "advanced", "advanced|expert|professional|researcher|a lot|lots" },
  { "ai_ml_experience", "intermediate", "intermediate|moderate|decent|fair|comfortable|some projects" },
  { "ai_ml_experience", "basic", "basic|basics|beginner|a little|little|some|somewhat|novice" },

  { "learning_goals", "career_change", "career change|career_change|career|new job|switch jobs|change jobs" },
  { "learning_goals", "research", "research|researcher|study|studies|thesis" },
  { "learning_goals", "hobby", "hobby|fun|for fun|pleasure|curiosity|curious|interest" },
  { "learning_goals", "teaching", "teaching|teach|teacher|students|class|course" },
  { "learning_goals", "building_projects", "building projects|building_projects|build|building|projects|project|make things" },

  { "experience_level", "beginner", "beginner|new|novice|first book|just started|starting" },
  { "experience_level", "intermediate", "intermediate|some|a few|published a little|moderate" },
  { "experience_level", "expert", "expert|professional|published|advanced|many books|seasoned|veteran" },
};

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || c == '_' || c == '\'';
}

/* @needle occurs in @haystack (both lowercase) as whole words. */
static gboolean
contains_words (const char *haystack,
                const char *needle)
{
  gsize len = strlen (needle);
  const char *p = haystack;

  while ((p = strstr (p, needle)) != NULL)
    {
      gboolean start_ok = p == haystack ||
        !is_word_char (g_utf8_get_char (g_utf8_find_prev_char (haystack, p)));
      gboolean end_ok = p[len] == '\0' || !is_word_char (g_utf8_get_char (p + len));

      if (start_ok && end_ok)
        return TRUE;
      p = g_utf8_next_char (p);
    }
  return FALSE;
}

char *
df_coach_interpret_answer (const char *field,
                           const char *answer)
{
  g_autofree char *lower = NULL;
  g_autoptr(GStrvBuilder) found = g_strv_builder_new ();
  g_auto(GStrv) values = NULL;
  gboolean many = g_strcmp0 (field, "learning_goals") == 0;

  if (field == NULL || answer == NULL || !g_utf8_validate (answer, -1, NULL))
    return NULL;
  lower = g_utf8_strdown (answer, -1);

  for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
    {
      g_auto(GStrv) words = NULL;

      if (strcmp (keywords[i].field, field) != 0)
        continue;
      words = g_strsplit (keywords[i].keywords, "|", -1);
      for (guint j = 0; words[j] != NULL; j++)
        if (contains_words (lower, words[j]))
          {
            if (!many)
              return g_strdup (keywords[i].value);
            g_strv_builder_add (found, keywords[i].value);
            break;
          }
    }

  values = g_strv_builder_end (found);
  if (values[0] == NULL)
    return NULL;
  return g_strjoinv (",", values);
}

DfChatMessage *
df_coach_add_user_message (DfStore     *store,
                           gint64       project_id,
                           const char  *text,
                           GError     **error)
{
  g_autoptr(DfProfile) profile = df_profile_get_active (store, NULL);
  g_autoptr(DfChatMessage) last = chat_last (store, project_id, NULL, 0);
  gint64 reply_to = 0;

  if (last != NULL && last->is_profiling_prompt && profile != NULL &&
      g_strcmp0 (last->profile_id, profile->id) == 0)
    {
      const char *field = NULL;

      /* The prompt names its field through its text. */
      for (guint i = 0; profiling_fields[i] != NULL; i++)
        if (g_strcmp0 (last->content, df_coach_profiling_question (profiling_fields[i])) == 0)
          field = profiling_fields[i];

      reply_to = last->id;
      if (field != NULL)
        {
          g_autofree char *value = df_coach_interpret_answer (field, text);

          if (value != NULL)
            {
              g_autoptr(GError) set_error = NULL;

              if (!df_profile_set (store, profile->id, field, value, &set_error))
                g_warning ("Could not record the answer to the coach's question: %s", set_error->message);
              else
                g_debug ("Profile field %s set from the writer's answer", field);
            }
        }
    }

  return df_chat_add (store, project_id, profile ? profile->id : NULL, "user", text, FALSE, reply_to, error);
}

DfChatMessage *
df_coach_add_reply (DfStore         *store,
                    gint64           project_id,
                    const char      *text,
                    DfChatMessage  **prompt_out,
                    GError         **error)
{
  g_autoptr(DfProfile) profile = df_profile_get_active (store, NULL);
  g_autoptr(DfChatMessage) previous = chat_last (store, project_id, "coach", 0);
  g_autoptr(DfChatMessage) reply = NULL;
  const char *field;

  if (prompt_out != NULL)
    *prompt_out = NULL;

  reply = df_chat_add (store, project_id, profile ? profile->id : NULL, "coach", text, FALSE, 0, error);
  if (reply == NULL)
    return NULL;

  /* Now and then: never right after another profiling prompt. */
  field = df_coach_missing_field (profile);
  if (field != NULL && (previous == NULL || !previous->is_profiling_prompt))
    {
      g_autoptr(GError) prompt_error = NULL;
      DfChatMessage *prompt = df_chat_add (store, project_id, profile->id, "coach",
                                           df_coach_profiling_question (field), TRUE, 0, &prompt_error);

      if (prompt == NULL)
        g_warning ("Could not store the coach's question: %s", prompt_error->message);
      else if (prompt_out != NULL)
        *prompt_out = prompt;
      else
        df_chat_message_free (prompt);
    }

  return g_steal_pointer (&reply);
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
