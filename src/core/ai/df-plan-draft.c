/* df-plan-draft.c: a writing plan as a model proposes it
 *
 * The coach asks for one JSON object (df_plan_json_schema_description);
 * df_plan_parse_json checks every field and says exactly what is wrong,
 * so that the model can be asked again.  Limits on lengths, counts and
 * due dates keep a runaway model from filling the database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "df-error.h"
#include "df-plan.h"

/* Longest accepted text and the furthest due date, so that a runaway
 * model cannot fill the database. */
#define MAX_TITLE_CHARS    200
#define MAX_TASK_CHARS     500
#define MAX_STEPS          50
#define MAX_TASKS_PER_STEP 50
#define MAX_DUE_IN_DAYS    3650

/* ---- private helpers ------------------------------------------------- */

static void
draft_task_free (DfPlanDraftTask *task)
{
  if (task == NULL)
    return;
  g_free (task->description);
  g_free (task);
}

static void
draft_step_free (DfPlanDraftStep *step)
{
  if (step == NULL)
    return;
  g_free (step->title);
  g_clear_pointer (&step->tasks, g_ptr_array_unref);
  g_free (step);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfPlanDraftStep, draft_step_free)

/* @where@member ("steps[0].title"), which must be there. */
static JsonNode *
get_member (JsonObject  *object,
            const char  *member,
            const char  *where,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                 _("The plan's %s%s is missing"), where, member);
  return node;
}

/* A non-empty string member of at most @max_chars characters. */
static char *
get_text (JsonObject  *object,
          const char  *member,
          const char  *where,
          guint        max_chars,
          GError     **error)
{
  JsonNode *node = get_member (object, member, where, error);
  const char *text;
  g_autofree char *trimmed = NULL;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The plan's %s%s must be a string"), where, member);
      return NULL;
    }
  text = json_node_get_string (node);
  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The plan's %s%s is empty"), where, member);
      return NULL;
    }
  if (g_utf8_strlen (trimmed, -1) > (glong)max_chars)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The plan's %s%s is longer than %u characters"), where, member, max_chars);
      return NULL;
    }
  return g_steal_pointer (&trimmed);
}

static JsonArray *
get_array (JsonObject  *object,
           const char  *member,
           const char  *where,
           guint        max_len,
           GError     **error)
{
  JsonNode *node = get_member (object, member, where, error);
  JsonArray *array;
  guint len;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The plan's %s%s must be a list"), where, member);
      return NULL;
    }
  array = json_node_get_array (node);
  len = json_array_get_length (array);
  if (len == 0 || len > max_len)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The plan's %s%s must hold 1 to %u items (it holds %u)"),
                   where, member, max_len, len);
      return NULL;
    }
  return array;
}

static DfPlanDraftTask *
parse_task (JsonNode    *node,
            const char  *where,
            GError     **error)
{
  g_autofree char *prefix = g_strconcat (where, ".", NULL);
  g_autofree char *description = NULL;
  JsonObject *object;
  JsonNode *due;
  DfPlanDraftTask *task;
  gint64 days;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The plan's %s must be an object"), where);
      return NULL;
    }
  object = json_node_get_object (node);

  description = get_text (object, "description", prefix, MAX_TASK_CHARS, error);
  if (description == NULL)
    return NULL;

  due = json_object_get_member (object, "due_in_days");
  if (due == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The plan's %sdue_in_days is missing"), prefix);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (due) || json_node_get_value_type (due) != G_TYPE_INT64)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The plan's %sdue_in_days must be a whole number of days"), prefix);
      return NULL;
    }
  days = json_node_get_int (due);
  if (days < 0 || days > MAX_DUE_IN_DAYS)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The plan's %sdue_in_days must be from 0 to %d (got %" PRId64 ")"),
                   prefix, MAX_DUE_IN_DAYS, days);
      return NULL;
    }

  task = g_new0 (DfPlanDraftTask, 1);
  task->description = g_steal_pointer (&description);
  task->due_in_days = days;
  return task;
}

/* steps[@i]: its title and tasks. */
static DfPlanDraftStep *
parse_step (JsonNode  *node,
            guint      i,
            GError   **error)
{
  g_autofree char *where = g_strdup_printf ("steps[%u]", i);
  g_autofree char *prefix = g_strdup_printf ("steps[%u].", i);
  g_autoptr(DfPlanDraftStep) step = NULL;
  JsonObject *object;
  JsonArray *tasks;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The plan's %s must be an object with “title” and “tasks”"), where);
      return NULL;
    }
  object = json_node_get_object (node);

  step = g_new0 (DfPlanDraftStep, 1);
  step->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify)draft_task_free);
  step->title = get_text (object, "title", prefix, MAX_TITLE_CHARS, error);
  if (step->title == NULL)
    return NULL;

  tasks = get_array (object, "tasks", prefix, MAX_TASKS_PER_STEP, error);
  if (tasks == NULL)
    return NULL;

  for (guint j = 0; j < json_array_get_length (tasks); j++)
    {
      g_autofree char *task_where = g_strdup_printf ("steps[%u].tasks[%u]", i, j);
      DfPlanDraftTask *task = parse_task (json_array_get_element (tasks, j), task_where, error);

      if (task == NULL)
        return NULL;
      g_ptr_array_add (step->tasks, task);
    }
  return g_steal_pointer (&step);
}

/* ---- public API ------------------------------------------------------ */

void
df_plan_draft_free (DfPlanDraft *draft)
{
  if (draft == NULL)
    return;
  g_free (draft->title);
  g_clear_pointer (&draft->steps, g_ptr_array_unref);
  g_free (draft);
}

const char *
df_plan_json_schema_description (void)
{
  return
    "Answer with one JSON object and nothing else, of this form:\n"
    "{\"title\": string, \"steps\": [{\"title\": string, \"tasks\": "
    "[{\"description\": string, \"due_in_days\": integer}]}]}\n"
    "- title: the plan's name, short.\n"
    "- steps: 1 to 50 ordered steps; each has a short title and 1 to 50 tasks.\n"
    "- description: one concrete writing task the writer can finish in a day.\n"
    "- due_in_days: a whole number of days from today, 0 or more (0 is today); "
    "later steps get later days.";
}

DfPlanDraft *
df_plan_parse_json (const char  *json,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(DfPlanDraft) draft = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonArray *steps;

  if (json == NULL || !g_utf8_validate (json, -1, NULL))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("The plan is not valid UTF-8 text"));
      return NULL;
    }

  if (!json_parser_load_from_data (parser, json, -1, &parse_error))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The plan is not valid JSON: %s"), parse_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The plan must be a JSON object with “title” and “steps”"));
      return NULL;
    }
  object = json_node_get_object (root);

  draft = g_new0 (DfPlanDraft, 1);
  draft->steps = g_ptr_array_new_with_free_func ((GDestroyNotify)draft_step_free);

  draft->title = get_text (object, "title", "", MAX_TITLE_CHARS, error);
  if (draft->title == NULL)
    return NULL;

  steps = get_array (object, "steps", "", MAX_STEPS, error);
  if (steps == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      DfPlanDraftStep *step = parse_step (json_array_get_element (steps, i), i, error);

      if (step == NULL)
        return NULL;
      g_ptr_array_add (draft->steps, step);
    }

  return g_steal_pointer (&draft);
}
