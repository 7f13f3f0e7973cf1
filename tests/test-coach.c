/* test-coach.c: the coach's prompt, profiling, plans and tasks, and
 * `draftforge-cli coach` / `tasks`, against loopback providers
 *
 * The tests' fake provider (fake-provider.h) answers the chat, and a
 * queue of replies (a malformed plan, then a valid one).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gstdio.h>
#include <string.h>

#include "df-ai.h"
#include "df-chat.h"
#include "df-model.h"
#include "df-plan.h"
#include "df-store-private.h"
#include "df-codex.h"
#include "df-test-util.h"

typedef struct
{
  char      *dir;
  char      *db_path;
  DfStore   *store;
  DfProfile *profile;
  gint64     project_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  DfProjectNew spec = {
    .title = "The Lighthouse Keeper",
    .slug = "lighthouse",
    .project_type = "novel",
    .genre = "Literary mystery",
    .description = "A keeper finds a stranger's diary washed ashore.",
    .target_word_count = 80000,
  };

  g_unsetenv ("DRAFTFORGE_AI_BASE_URL");
  g_unsetenv ("DRAFTFORGE_AI_MODEL");
  g_setenv ("DRAFTFORGE_API_KEY", "sk-coach-test-key", TRUE);
  g_setenv ("DRAFTFORGE_AI_TIMEOUT", "30", TRUE);
  g_setenv ("DRAFTFORGE_TODAY", "2024-03-01", TRUE);

  f->store = df_test_store_new ("coach", &f->dir, &f->db_path);

  f->profile = df_test_make_profile (f->store, "Amina");
  project = df_project_create (f->store, &spec, &error);
  g_assert_no_error (error);
  f->project_id = project->id;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->profile, df_profile_free);
  df_test_tmp_dir_free (f->dir);
  g_free (f->db_path);
  g_unsetenv ("DRAFTFORGE_TODAY");
  g_unsetenv ("DRAFTFORGE_AI_BASE_URL");
  g_unsetenv ("DRAFTFORGE_AI_MODEL");
}

static void
set_profile (Fixture    *f,
             const char *key,
             const char *value)
{
  g_autoptr(GError) error = NULL;

  df_profile_set (f->store, f->profile->id, key, value, &error);
  g_assert_no_error (error);
}

static DfProfile *
active_profile (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  DfProfile *p = df_profile_get_active (f->store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (p);
  return p;
}

static guint
count_rows (Fixture    *f,
            const char *sql)
{
  return (guint)df_test_sql_int (df_store_get_db (f->store), sql);
}

/* ---- the system prompt ---------------------------------------------------- */

/* War and Peace's longest chapter (chapters start with "CHAPTER "). */
static char *
longest_war_and_peace_chapter (void)
{
  g_autofree char *path = df_test_corpus_path ("novels/war-and-peace.txt");
  g_autofree char *text = NULL;
  g_auto(GStrv) chapters = NULL;
  const char *best = NULL;
  gsize best_len = 0;

  if (path == NULL)
    return NULL;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  chapters = g_strsplit (text, "\nCHAPTER ", -1);
  for (guint i = 1; chapters[i] != NULL; i++)
    if (strlen (chapters[i]) > best_len)
      {
        best = chapters[i];
        best_len = strlen (chapters[i]);
      }
  return g_strdup (best);
}

static void
test_prompt (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *chapter_text = longest_war_and_peace_chapter ();
  g_autoptr(DfChapter) first = NULL;
  g_autoptr(DfChapter) current = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *urdu = NULL;
  const char *chapter_start;
  const char *chapter_end;
  g_autofree char *chapter_part = NULL;

  if (chapter_text == NULL)
    return;   /* skipped: no corpus */
  /* The longest chapter is far over the budget. */
  g_assert_cmpint (df_ai_estimate_tokens (chapter_text), >, 3 * DF_COACH_CHAPTER_BUDGET);

  first = df_test_append_chapter (f->store, f->project_id, 0, "Arrival", "The keeper climbed the stairs.");
  current = df_test_append_chapter (f->store, f->project_id, 0, "The Diary", NULL);
  df_chapter_save_content (f->store, current->id, chapter_text, &error);
  g_assert_no_error (error);
  set_profile (f, "experience_level", "intermediate");
  set_profile (f, "education_level", "graduate");
  profile = active_profile (f);

  prompt = df_coach_system_prompt (f->store, f->project_id, profile, DF_COACH_CHAPTER_BUDGET, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (prompt, "The Lighthouse Keeper"));
  g_assert_nonnull (strstr (prompt, "novel"));
  g_assert_nonnull (strstr (prompt, "Literary mystery"));
  g_assert_nonnull (strstr (prompt, "stranger's diary"));
  g_assert_nonnull (strstr (prompt, "Target: 80000 words"));
  g_assert_nonnull (strstr (prompt, "Chapters: 2"));
  g_assert_nonnull (strstr (prompt, "Writing streak: 1 days"));
  g_assert_nonnull (strstr (prompt, "Amina"));
  g_assert_nonnull (strstr (prompt, "intermediate"));
  g_assert_nonnull (strstr (prompt, "graduate"));
  /* The current chapter is the one edited last, cut to the budget: its
   * end is there, its beginning is not. */
  g_assert_nonnull (strstr (prompt, "The Diary"));
  g_assert_null (strstr (prompt, "The keeper climbed"));
  chapter_start = strstr (prompt, "<chapter>\n");
  chapter_end = strstr (prompt, "\n</chapter>");
  g_assert_nonnull (chapter_start);
  g_assert_nonnull (chapter_end);
  chapter_part = g_strndup (chapter_start + strlen ("<chapter>\n"), chapter_end - chapter_start - strlen ("<chapter>\n"));
  g_assert_cmpint (df_ai_estimate_tokens (chapter_part), <=, DF_COACH_CHAPTER_BUDGET);
  g_assert_cmpint (df_ai_estimate_tokens (chapter_part), >=, DF_COACH_CHAPTER_BUDGET * 9 / 10);
  {
    g_autofree char *tail = g_strdup (chapter_text + strlen (chapter_text) - 40);
    g_assert_nonnull (strstr (chapter_part, g_strstrip (tail)));
  }
  g_assert_cmpint (df_ai_estimate_tokens (prompt), <, DF_COACH_CHAPTER_BUDGET + 800);
  g_assert_null (strstr (prompt, "Urdu"));

  /* Urdu when the writer prefers it. */
  set_profile (f, "preferred_language", "ur");
  g_clear_pointer (&profile, df_profile_free);
  profile = active_profile (f);
  urdu = df_coach_system_prompt (f->store, f->project_id, profile, DF_COACH_CHAPTER_BUDGET, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (urdu, "answer in Urdu"));
}

/* The codex entries the current chapter names go into the prompt, with
 * their descriptions and the changes in force; those it does not name
 * do not. */
static void
test_prompt_codex (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfChapter) first = NULL;
  g_autoptr(DfChapter) current = NULL;
  g_autoptr(DfCodexEntry) mara = NULL;
  g_autoptr(DfCodexEntry) orrin = NULL;
  g_autoptr(DfCodexProgression) dyed = NULL;
  g_autofree char *prompt = NULL;

  mara = df_codex_entry_create (f->store, f->project_id, "character", "Mara", DF_TEST_STRV ("Mara Vell"),
                                "The keeper's daughter, grey-eyed", &error);
  g_assert_no_error (error);
  orrin = df_codex_entry_create (f->store, f->project_id, "character", "Orrin", NULL, "A fisherman", &error);
  g_assert_no_error (error);
  dyed = df_codex_progression_add (f->store, mara->id, 1, "hair", "red", NULL, &error);
  g_assert_no_error (error);
  first = df_test_append_chapter (f->store, f->project_id, 0, "Arrival", "Orrin rowed out.");
  current = df_test_append_chapter (f->store, f->project_id, 0, "The Diary", "Mara read the diary. Mara Vell wept.");

  prompt = df_coach_system_prompt (f->store, f->project_id, NULL, DF_COACH_CHAPTER_BUDGET, &error);
  g_assert_no_error (error);
  df_test_assert_contains (prompt, "- Mara (character; also Mara Vell): The keeper's daughter, grey-eyed\n"
                                   "  From chapter 1: hair is red\n");
  g_assert_null (strstr (prompt, "Orrin"));
}

/* ---- progressive profiling ------------------------------------------------ */

static guint
profiling_prompts (Fixture *f)
{
  return count_rows (f, "SELECT count(*) FROM chat_messages WHERE is_profiling_prompt = 1");
}

static void
exchange (Fixture        *f,
          const char     *question,
          const char     *answer,
          DfChatMessage **prompt_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfChatMessage) user = df_coach_add_user_message (f->store, f->project_id, question, &error);
  g_autoptr(DfChatMessage) reply = NULL;

  g_assert_no_error (error);
  reply = df_coach_add_reply (f->store, f->project_id, answer, prompt_out, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reply->sender, ==, "coach");
  g_assert_false (reply->is_profiling_prompt);
}

static void
test_profiling (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfChatMessage) prompt = NULL;
  g_autoptr(DfChatMessage) second = NULL;
  g_autoptr(DfChatMessage) third = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(GPtrArray) history = NULL;
  DfChatMessage *answer = NULL;

  /* A reply to a profile without education_level: one question. */
  exchange (f, "How do I open chapter one?", "Start with the diary on the sand.", &prompt);
  g_assert_nonnull (prompt);
  g_assert_true (prompt->is_profiling_prompt);
  g_assert_cmpstr (prompt->content, ==, df_coach_profiling_question ("education_level"));
  g_assert_cmpuint (profiling_prompts (f), ==, 1);

  /* The answer sets the field and is linked to the question; the next
   * reply asks nothing (never two in a row). */
  exchange (f, "I am a graduate student", "Then you know how to research: use it.", &second);
  g_assert_null (second);
  g_assert_cmpuint (profiling_prompts (f), ==, 1);
  profile = active_profile (f);
  g_assert_cmpstr (profile->education_level, ==, "graduate");

  history = df_chat_list (f->store, f->project_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 5);
  answer = history->pdata[3];
  g_assert_cmpstr (answer->sender, ==, "user");
  g_assert_cmpstr (answer->content, ==, "I am a graduate student");
  g_assert_cmpint (answer->reply_to, ==, prompt->id);
  g_assert_cmpint (((DfChatMessage *)history->pdata[0])->reply_to, ==, 0);

  /* Later: the next missing field. */
  exchange (f, "What next?", "Write the storm.", &third);
  g_assert_nonnull (third);
  g_assert_cmpstr (third->content, ==, df_coach_profiling_question ("programming_experience"));
  g_assert_cmpuint (profiling_prompts (f), ==, 2);

  /* An answer that matches nothing leaves the profile alone, linked all the same. */
  exchange (f, "Let's talk about the plot instead", "Sure.", NULL);
  g_clear_pointer (&profile, df_profile_free);
  profile = active_profile (f);
  g_assert_null (profile->programming_experience);
  g_assert_cmpuint (count_rows (f, "SELECT count(*) FROM chat_messages WHERE reply_to IS NOT NULL"), ==, 2);
  /* Never two profiling prompts in a row among the coach's messages. */
  g_assert_cmpuint (count_rows (f,
                                "SELECT count(*) FROM chat_messages a JOIN chat_messages b"
                                " ON b.id = (SELECT min(id) FROM chat_messages WHERE sender = 'coach' AND id > a.id)"
                                " WHERE a.sender = 'coach' AND a.is_profiling_prompt = 1 AND b.is_profiling_prompt = 1"), ==, 0);

  /* Nothing missing: no question. */
  set_profile (f, "programming_experience", "none");
  set_profile (f, "ai_ml_experience", "basic");
  set_profile (f, "learning_goals", "hobby");
  set_profile (f, "experience_level", "beginner");
  {
    g_autoptr(DfChatMessage) none = NULL;

    exchange (f, "One more thing", "Yes?", &none);
    g_assert_null (none);
  }
}

static void
test_interpret (void)
{
  static const struct { const char *field, *answer, *value; } cases[] = {
    { "education_level", "I'm a graduate student", "graduate" },
    { "education_level", "I am an undergraduate in history", "undergraduate" },
    { "education_level", "I finished high school last year", "high_school" },
    { "education_level", "I'm a PhD candidate", "graduate" },
    { "education_level", "I work as a nurse", "professional" },
    { "education_level", "banana", NULL },
    { "programming_experience", "Never written a line of code", "none" },
    { "programming_experience", "I'm an advanced C programmer", "advanced" },
    { "ai_ml_experience", "just the basics", "basic" },
    { "learning_goals", "mostly a hobby, maybe teaching later", "hobby,teaching" },
    { "experience_level", "I'm a published author of many books", "expert" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *value = df_coach_interpret_answer (cases[i].field, cases[i].answer);
      g_assert_cmpstr (value, ==, cases[i].value);
    }
}

/* ---- plans and tasks ------------------------------------------------------ */

static const char valid_plan[] =
  "{\"title\": \"First draft in a month\", \"steps\": ["
  " {\"title\": \"Outline\", \"tasks\": ["
  "   {\"description\": \"List the ten key scenes\", \"due_in_days\": 0},"
  "   {\"description\": \"Decide who wrote the diary\", \"due_in_days\": 2}]},"
  " {\"title\": \"Draft\", \"tasks\": ["
  "   {\"description\": \"Write chapter one\", \"due_in_days\": 7}]}]}";

static void
test_plan_parse (Fixture       *f,
                 gconstpointer  data)
{
  static const struct { const char *json, *message; } bad[] = {
    { "not json at all", "not valid JSON" },
    { "[1, 2]", "must be a JSON object" },
    { "{\"steps\": []}", "title is missing" },
    { "{\"title\": \"T\", \"steps\": []}", "steps must hold 1 to 50 items" },
    { "{\"title\": \"T\", \"steps\": [{\"title\": \"S\"}]}", "steps[0].tasks is missing" },
    { "{\"title\": \"T\", \"steps\": [{\"title\": \"S\", \"tasks\": [{\"description\": \"D\", \"due_in_days\": -1}]}]}",
      "steps[0].tasks[0].due_in_days must be from 0" },
    { "{\"title\": \"T\", \"steps\": [{\"title\": \"S\", \"tasks\": [{\"description\": \"D\", \"due_in_days\": \"soon\"}]}]}",
      "steps[0].tasks[0].due_in_days must be a whole number" },
    { "{\"title\": \"T\", \"steps\": [{\"title\": \"S\", \"tasks\": [{\"description\": \"  \", \"due_in_days\": 1}]}]}",
      "steps[0].tasks[0].description is empty" },
    { "{\"title\": 3, \"steps\": []}", "title must be a string" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DfPlanDraft) draft = NULL;
  g_autoptr(DfPlan) plan = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) plans = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(DfPlanDraft) d = df_plan_parse_json (bad[i].json, &e);

      g_assert_null (d);
      g_assert_error (e, DF_ERROR, DF_ERROR_INVALID);
      if (strstr (e->message, bad[i].message) == NULL)
        g_error ("“%s”: expected “%s” in “%s”", bad[i].json, bad[i].message, e->message);
    }

  draft = df_plan_parse_json (valid_plan, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (draft->title, ==, "First draft in a month");
  g_assert_cmpuint (draft->steps->len, ==, 2);

  plan = df_plan_create_from_draft (f->store, f->project_id, f->profile->id, draft, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plan->title, ==, "First draft in a month");
  g_assert_cmpuint (g_strv_length (plan->steps), ==, 2);
  g_assert_cmpstr (plan->steps[1], ==, "Draft");
  g_assert_cmpstr (plan->status, ==, "active");

  tasks = df_task_list (f->store, f->project_id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, ==, 3);
  g_assert_cmpstr (((DfTask *)tasks->pdata[0])->due_date, ==, "2024-03-01");
  g_assert_cmpstr (((DfTask *)tasks->pdata[1])->due_date, ==, "2024-03-03");
  g_assert_cmpstr (((DfTask *)tasks->pdata[2])->due_date, ==, "2024-03-08");
  g_assert_cmpstr (((DfTask *)tasks->pdata[2])->description, ==, "Write chapter one");
  g_assert_cmpint (((DfTask *)tasks->pdata[2])->position, ==, 3);
  g_assert_cmpstr (((DfTask *)tasks->pdata[0])->status, ==, "pending");

  plans = df_plan_list (f->store, f->project_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, 1);
}

static void
test_tasks_overdue (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfPlanDraft) draft = df_plan_parse_json (valid_plan, &error);
  g_autoptr(DfPlan) plan = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(DfTask) next = NULL;
  g_autoptr(DfTask) first = NULL;
  g_autoptr(DfTask) third = NULL;
  g_autofree char *suggestions = NULL;

  g_assert_no_error (error);
  plan = df_plan_create_from_draft (f->store, f->project_id, f->profile->id, draft, &error);
  g_assert_no_error (error);

  /* Nothing is overdue on the day. */
  g_assert_cmpint (df_task_mark_overdue (f->store, f->project_id, &error), ==, 0);

  /* Four days later: the tasks due on the 1st and the 3rd are missed. */
  g_setenv ("DRAFTFORGE_TODAY", "2024-03-05", TRUE);
  g_assert_cmpint (df_task_mark_overdue (f->store, f->project_id, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpint (df_task_mark_overdue (f->store, f->project_id, &error), ==, 0);
  first = df_task_get (f->store, f->project_id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first->status, ==, "missed");

  next = df_task_next (f->store, f->project_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (next->description, ==, "Write chapter one");

  /* Missed and pending tasks can be completed or skipped, once. */
  g_assert_true (df_task_set_status (f->store, first->id, "skipped", &error));
  g_assert_no_error (error);
  third = df_task_get (f->store, f->project_id, 3, &error);
  g_assert_true (df_task_set_status (f->store, third->id, "completed", &error));
  g_assert_false (df_task_set_status (f->store, third->id, "skipped", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (df_task_set_status (f->store, third->id, "missed", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);

  pending = df_task_list (f->store, f->project_id, FALSE, &error);
  g_assert_cmpuint (pending->len, ==, 1);   /* the second, missed */
  g_assert_cmpstr (((DfTask *)pending->pdata[0])->status, ==, "missed");
  all = df_task_list (f->store, f->project_id, TRUE, &error);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_nonnull (((DfTask *)all->pdata[2])->completed_at);

  suggestions = df_coach_suggestions (f->store, f->project_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (suggestions, "Today: 0 words"));
  g_assert_nonnull (strstr (suggestions, "Streak"));
  g_assert_nonnull (strstr (suggestions, "Next task: none"));
}

/* ---- plans asked of the provider ---------------------------------------- */

static void
test_plan_retry (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeProvider) provider = df_test_fake_provider_new (NULL);
  g_autoptr(DfAiConfig) config = NULL;
  g_autoptr(DfPlan) plan = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  guint n_requests = 0;

  config = df_test_fake_provider_config (provider);
  /* Malformed, then valid: created after one retry. */
  fake_provider_queue_reply (provider, "{\"title\": \"Plan\", \"steps\": [{\"title\": \"S\"}]}", NULL);
  fake_provider_queue_reply (provider, valid_plan, NULL);
  plan = df_coach_request_plan (config, f->store, f->project_id, NULL, &n_requests, &error);
  g_assert_no_error (error);
  g_assert_nonnull (plan);
  g_assert_cmpuint (n_requests, ==, 2);
  g_assert_cmpuint (fake_provider_get_request_count (provider), ==, 2);
  g_assert_cmpstr (plan->title, ==, "First draft in a month");
  tasks = df_task_list (f->store, f->project_id, TRUE, &error);
  g_assert_cmpuint (tasks->len, ==, 3);
  /* The conversation records it. */
  g_assert_cmpuint (count_rows (f, "SELECT count(*) FROM chat_messages WHERE sender = 'coach'"
                                   " AND content LIKE 'Plan: First draft in a month%'"), ==, 1);

  /* Malformed twice: reported, nothing created. */
  fake_provider_queue_reply (provider, "Sure! Here is your plan: write every day.", NULL);
  fake_provider_queue_reply (provider, "{\"title\": \"\", \"steps\": []}", NULL);
  g_clear_pointer (&plan, df_plan_free);
  plan = df_coach_request_plan (config, f->store, f->project_id, NULL, &n_requests, &error);
  g_assert_null (plan);
  g_assert_error (error, DF_AI_ERROR, DF_AI_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "title is empty"));
  g_assert_cmpuint (n_requests, ==, 2);
  g_assert_cmpuint (fake_provider_get_request_count (provider), ==, 4);
  g_assert_cmpuint (count_rows (f, "SELECT count(*) FROM plans"), ==, 1);
  g_assert_cmpuint (count_rows (f, "SELECT count(*) FROM tasks"), ==, 3);
}

/* ---- the command line ----------------------------------------------------- */

/* Runs the command line on the fixture's database with the arguments
 * after @err (NULL-terminated), against the provider at @base_url (NULL:
 * none); returns its exit status, its output in @out and @err. */
static int
run_cli (Fixture     *f,
         const char  *base_url,
         char       **out,
         char       **err,
         ...)
{
  g_autofree char *url_var = base_url != NULL ? g_strconcat ("DRAFTFORGE_AI_BASE_URL=", base_url, NULL)
                                              : g_strdup ("DRAFTFORGE_AI_BASE_URL");
  const char *model_var = base_url != NULL ? "DRAFTFORGE_AI_MODEL=fake-model" : "DRAFTFORGE_AI_MODEL";
  g_autoptr(DfTestRun) run = NULL;
  va_list ap;

  va_start (ap, err);
  run = df_test_run_cli_valist (f->db_path, DF_TEST_STRV (url_var, model_var), NULL, ap);
  va_end (ap);
  *out = g_steal_pointer (&run->out);
  *err = g_steal_pointer (&run->err);
  return run->status;
}

static void
test_cli_ask (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeProvider) provider = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *hist = NULL;
  g_autofree char *hist_err = NULL;
  g_autoptr(GPtrArray) history = NULL;
  static const char reply[] = "Write five hundred words before breakfast, every day, and let the diary talk.";

  provider = df_test_fake_provider_new (&base_url);
  fake_provider_set_reply (provider, reply);
  set_profile (f, "education_level", "graduate");
  set_profile (f, "programming_experience", "none");
  set_profile (f, "ai_ml_experience", "none");
  set_profile (f, "learning_goals", "hobby");
  set_profile (f, "experience_level", "beginner");

  g_assert_cmpint (run_cli (f, base_url, &out, &err, "coach", "ask", "lighthouse", "How do I keep going?", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Write five hundred words before breakfast, every day, and let the diary talk.\n");
  g_assert_cmpuint (fake_provider_get_request_count (provider), ==, 1);
  {
    /* The request carried the project and the question; never the key in the output. */
    g_autofree char *body = fake_provider_get_last_body (provider);

    g_assert_nonnull (strstr (body, "The Lighthouse Keeper"));
    g_assert_nonnull (strstr (body, "How do I keep going?"));
    g_assert_null (strstr (out, "sk-coach-test-key"));
    g_assert_null (strstr (err, "sk-coach-test-key"));
  }

  history = df_chat_list (f->store, f->project_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpstr (((DfChatMessage *)history->pdata[0])->sender, ==, "user");
  g_assert_cmpstr (((DfChatMessage *)history->pdata[0])->content, ==, "How do I keep going?");
  g_assert_cmpstr (((DfChatMessage *)history->pdata[1])->sender, ==, "coach");
  g_assert_cmpstr (((DfChatMessage *)history->pdata[1])->content, ==, reply);

  g_assert_cmpint (run_cli (f, NULL, &hist, &hist_err, "coach", "history", "lighthouse", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (hist, "\"sender\" : \"coach\""));
  g_assert_nonnull (strstr (hist, "five hundred words"));

  /* A provider that fails: exit 1 with the client's message. */
  fake_provider_set_fault (provider, FAKE_FAULT_UNAUTHORIZED, 0, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, base_url, &out, &err, "coach", "ask", "lighthouse", "Again?", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "draftforge-cli: "));
  g_assert_null (strstr (err, "sk-coach-test-key"));
}

static void
test_cli_plan_and_tasks (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(FakeProvider) provider = df_test_fake_provider_new (&base_url);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(DfTask) task = NULL;

  fake_provider_set_reply (provider, valid_plan);
  g_assert_cmpint (run_cli (f, base_url, &out, &err, "coach", "plan", "lighthouse", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Plan: First draft in a month"));
  g_assert_nonnull (strstr (out, "2024-03-03  Decide who wrote the diary"));
  {
    /* Asked as JSON. */
    g_autofree char *body = fake_provider_get_last_body (provider);
    g_assert_nonnull (strstr (body, "json_object"));
  }

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, NULL, &out, &err, "tasks", "lighthouse", "2", "complete", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, NULL, &out, &err, "tasks", "lighthouse", "2", "skip", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already completed"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, NULL, &out, &err, "tasks", "lighthouse", "9", "skip", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no task 9"));

  task = df_task_get (f->store, f->project_id, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (task->status, ==, "completed");

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, NULL, &out, &err, "tasks", "lighthouse", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "List the ten key scenes"));
  g_assert_null (strstr (out, "Decide who wrote the diary"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, NULL, &out, &err, "tasks", "lighthouse", "--all", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"status\" : \"completed\""));
  g_assert_nonnull (strstr (out, "\"due_date\" : \"2024-03-08\""));
}

static void
test_cli_no_provider (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (f, NULL, &out, &err, "coach", "ask", "lighthouse", "Hello?", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "http://localhost:11434/v1"));
  g_assert_nonnull (strstr (err, "ai set model"));
  g_assert_nonnull (strstr (err, "No AI provider is set up"));
  /* The suggestions that need no model. */
  g_assert_nonnull (strstr (out, "Streak"));
  g_assert_nonnull (strstr (out, "Today: 0 words"));
  /* Nothing stored. */
  g_assert_cmpuint (count_rows (f, "SELECT count(*) FROM chat_messages"), ==, 0);

  /* Nothing listening: the same set-up message. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;
    g_autofree char *url = NULL;

    /* A port that is bound but not listening refuses connections. */
    g_assert_no_error (error);
    g_socket_bind (socket, address, FALSE, &error);
    g_assert_no_error (error);
    bound = g_socket_get_local_address (socket, &error);
    url = g_strdup_printf ("http://127.0.0.1:%u/v1", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (f, url, &out, &err, "coach", "ask", "lighthouse", "Hello?", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "http://localhost:11434/v1"));
    g_assert_nonnull (strstr (out, "Streak"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* No key, and never a question to the desktop's keyring. */
  g_setenv ("DRAFTFORGE_API_KEY", "", FALSE);

  DF_TEST_ADD ("/coach/prompt", test_prompt);
  DF_TEST_ADD ("/coach/prompt-codex", test_prompt_codex);
  DF_TEST_ADD ("/coach/profiling", test_profiling);
  g_test_add_func ("/coach/interpret", test_interpret);
  DF_TEST_ADD ("/coach/plan-parse", test_plan_parse);
  DF_TEST_ADD ("/coach/tasks-overdue", test_tasks_overdue);
  DF_TEST_ADD ("/coach/plan-retry", test_plan_retry);
  DF_TEST_ADD ("/coach/cli-ask", test_cli_ask);
  DF_TEST_ADD ("/coach/cli-plan-and-tasks", test_cli_plan_and_tasks);
  DF_TEST_ADD ("/coach/cli-no-provider", test_cli_no_provider);

  return g_test_run ();
}
