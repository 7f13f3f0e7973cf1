/* df-chat.c: the coach's conversations, and progressive profiling
 *
 * The conversation of a project is its chat_messages; now and then the
 * coach asks the writer one short question about themselves, and the
 * answer fills in the active profile.  The coach's requests (prompts,
 * plans, suggestions) are df-coach.c's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-coach"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "df-chat.h"
#include "df-store-private.h"

/* ---- messages ---------------------------------------------------------- */

static const DfColumn message_columns[] = {
  { "id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfChatMessage, id) },
  { "project_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfChatMessage, project_id) },
  { "profile_id", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfChatMessage, profile_id) },
  { "sender", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfChatMessage, sender) },
  { "content", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfChatMessage, content) },
  { "is_profiling_prompt", DF_COLUMN_BOOLEAN, G_STRUCT_OFFSET (DfChatMessage, is_profiling_prompt) },
  { "reply_to", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfChatMessage, reply_to) },
  { "created_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfChatMessage, created_at) },
};

static const DfRecordType message_record = {
  sizeof (DfChatMessage), message_columns, G_N_ELEMENTS (message_columns), (GDestroyNotify) df_chat_message_free,
};

void
df_chat_message_free (DfChatMessage *message)
{
  _df_record_free (&message_record, message);
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

  return _df_record_find (store, &message_record, "FROM chat_messages WHERE id = ?1", id, 0,
                          _("No such message"), error);
}

GPtrArray *
df_chat_list (DfStore  *store,
              gint64    project_id,
              guint     last_n,
              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _df_record_prepare (store, &message_record,
                             "FROM (SELECT * FROM chat_messages WHERE project_id = ?1"
                             " ORDER BY id DESC LIMIT ?2) ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  sqlite3_bind_int64 (stmt, 2, last_n > 0 ? (gint64)last_n : -1);
  return _df_record_list (store, stmt, &message_record, NULL, error);
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

  stmt = _df_record_prepare (store, &message_record,
                             "FROM chat_messages WHERE project_id = ?1"
                             " AND (?2 IS NULL OR sender = ?2) AND id != ?3 ORDER BY id DESC LIMIT 1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, sender);
  sqlite3_bind_int64 (stmt, 3, skip_id);
  return _df_record_get (store, stmt, &message_record, NULL, NULL);
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
