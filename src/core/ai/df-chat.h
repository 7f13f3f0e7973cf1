/* df-chat.h: the coach's conversations, prompts, profiling and plans
 *
 * Conversations are kept per project in chat_messages (sender "user" or
 * "coach").  The coach's logic lives here so that the application's
 * coach plugin and the command line behave alike: the system prompt
 * (project, statistics, the current chapter within a token budget, the
 * active profile), progressive profiling (one short question now and
 * then, never twice in a row, its answer written to the profile), plans
 * asked for as JSON (validated, retried once), and the suggestions that
 * need no model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined (__DRAFTFORGE_PLUGIN_H_INSIDE__) && !defined (DRAFTFORGE_COMPILATION)
# error "Only <draftforge-plugin.h> can be included directly."
#endif

#include "df-extern.h"

#include <gio/gio.h>

#include "df-ai.h"
#include "df-model.h"
#include "df-plan.h"
#include "df-store.h"

G_BEGIN_DECLS

/* ---- messages ---------------------------------------------------------- */

typedef struct
{
  gint64    id;
  gint64    project_id;
  char     *profile_id;         /* NULL: none */
  char     *sender;             /* user, coach */
  char     *content;
  gboolean  is_profiling_prompt;
  gint64    reply_to;           /* 0: none */
  char     *created_at;
} DfChatMessage;

DF_EXTERN
void           df_chat_message_free (DfChatMessage *message);
DF_EXTERN
DfChatMessage *df_chat_add          (DfStore     *store,
                                     gint64       project_id,
                                     const char  *profile_id,
                                     const char  *sender,
                                     const char  *content,
                                     gboolean     is_profiling_prompt,
                                     gint64       reply_to,
                                     GError     **error);
/* Oldest first; @last_n > 0: only the newest @last_n (still oldest first). */
DF_EXTERN
GPtrArray     *df_chat_list         (DfStore     *store,
                                     gint64       project_id,
                                     guint        last_n,
                                     GError     **error);

/* ---- the coach ------------------------------------------------------- */

/* The current chapter's share of the system prompt, in tokens
 * (df_ai_estimate_tokens). */
#define DF_COACH_CHAPTER_BUDGET 1500

/* The system prompt for @project_id: the project (title, type, genre,
 * synopsis), its statistics, the end of the current chapter (the one
 * edited last) within @chapter_budget tokens, and @profile (NULL: none)
 * with its language (Urdu when preferred_language is "ur"). */
DF_EXTERN
char          *df_coach_system_prompt      (DfStore          *store,
                                            gint64            project_id,
                                            const DfProfile  *profile,
                                            gint64            chapter_budget,
                                            GError          **error);
/* The messages of a request: the system prompt (active profile), then the
 * latest messages of the conversation.  DfAiMessage*. */
DF_EXTERN
GPtrArray     *df_coach_build_messages     (DfStore          *store,
                                            gint64            project_id,
                                            GError          **error);
/* Stores the writer's message.  When it answers the conversation's last
 * message, a profiling prompt, the answer is read for that field and the
 * active profile updated (when it matches an allowed value), and the
 * message is linked to the prompt with reply_to. */
DF_EXTERN
DfChatMessage *df_coach_add_user_message   (DfStore          *store,
                                            gint64            project_id,
                                            const char       *text,
                                            GError          **error);
/* Stores the coach's reply; then, when the active profile lacks a field
 * and the coach's previous message was not a profiling prompt, adds one
 * short question for the next missing field (in *@prompt_out, which may
 * be NULL). */
DF_EXTERN
DfChatMessage *df_coach_add_reply          (DfStore          *store,
                                            gint64            project_id,
                                            const char       *text,
                                            DfChatMessage   **prompt_out,
                                            GError          **error);

/* The first of education_level, programming_experience, ai_ml_experience,
 * learning_goals, experience_level that @profile lacks, or NULL. */
DF_EXTERN
const char    *df_coach_missing_field      (const DfProfile  *profile);
/* The short question for @field (translated). */
DF_EXTERN
const char    *df_coach_profiling_question (const char       *field);
/* Reads @answer for @field by keywords and labels ("I'm a graduate
 * student" -> "graduate"); learning_goals may give several, joined by
 * commas.  NULL when nothing matches. */
DF_EXTERN
char          *df_coach_interpret_answer   (const char       *field,
                                            const char       *answer);

/* Asks for a plan as JSON (json_object), validates it with
 * df_plan_parse_json, asks once more saying what was wrong when it is
 * not valid, and creates the plan and its tasks (and records the request
 * and a summary in the conversation).  Fails with DF_AI_ERROR_BAD_RESPONSE
 * after two unusable answers, creating nothing.  *@n_requests (may be
 * NULL) gets the number of requests made.  Blocking. */
DF_EXTERN
DfPlan        *df_coach_request_plan       (const DfAiConfig *config,
                                            DfStore          *store,
                                            gint64            project_id,
                                            GCancellable     *cancellable,
                                            guint            *n_requests,
                                            GError          **error);
/* The plan and its tasks as text, for the panel and the command line. */
DF_EXTERN
char          *df_coach_plan_summary       (DfStore          *store,
                                            const DfPlan     *plan);

/* TRUE when @error means there is no usable provider (none configured,
 * or nothing listening at the base URL). */
DF_EXTERN
gboolean       df_coach_is_setup_error     (const GError     *error);
/* How to set a provider up (a local Ollama, or a hosted one with a key). */
DF_EXTERN
const char    *df_coach_setup_text         (void);
/* Suggestions computed from the store, without a model: today's words
 * against the plan's next task, the streak, the next task. */
DF_EXTERN
char          *df_coach_suggestions        (DfStore          *store,
                                            gint64            project_id,
                                            GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfChatMessage, df_chat_message_free)

G_END_DECLS
