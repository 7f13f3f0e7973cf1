/* df-plan.c: writing plans and their dated tasks, as stored
 *
 * A plan comes from a draft (df-plan-draft.c reads one from a model's
 * JSON): its steps, and tasks numbered after the project's earlier ones,
 * due today plus their days.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "df-ai-store-private.h"
#include "df-model-private.h"
#include "df-plan.h"

void
df_plan_free (DfPlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->profile_id);
  g_free (plan->title);
  g_strfreev (plan->steps);
  g_free (plan->status);
  g_free (plan->created_at);
  g_free (plan->updated_at);
  g_free (plan);
}

void
df_task_free (DfTask *task)
{
  if (task == NULL)
    return;
  g_free (task->description);
  g_free (task->due_date);
  g_free (task->status);
  g_free (task->completed_at);
  g_free (task->created_at);
  g_free (task->updated_at);
  g_free (task);
}

#define PLAN_COLUMNS "id, project_id, profile_id, title, steps, status, created_at, updated_at"
#define TASK_COLUMNS \
  "id, plan_id, project_id, position, description, due_date, status, completed_at, created_at, updated_at"

static char **
steps_from_json (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *s = json_node_get_string (json_array_get_element (array, i));
          g_strv_builder_add (builder, s ? s : "");
        }
    }
  return g_strv_builder_end (builder);
}

static gpointer
plan_from_row (sqlite3_stmt *stmt)
{
  DfPlan *plan = g_new0 (DfPlan, 1);
  g_autofree char *steps = NULL;

  plan->id = sqlite3_column_int64 (stmt, 0);
  plan->project_id = sqlite3_column_int64 (stmt, 1);
  plan->profile_id = _df_col_text (stmt, 2);
  plan->title = _df_col_text (stmt, 3);
  steps = _df_col_text (stmt, 4);
  plan->steps = steps_from_json (steps ? steps : "[]");
  plan->status = _df_col_text (stmt, 5);
  plan->created_at = _df_col_text (stmt, 6);
  plan->updated_at = _df_col_text (stmt, 7);
  return plan;
}

static gpointer
task_from_row (sqlite3_stmt *stmt)
{
  DfTask *task = g_new0 (DfTask, 1);

  task->id = sqlite3_column_int64 (stmt, 0);
  task->plan_id = sqlite3_column_int64 (stmt, 1);
  task->project_id = sqlite3_column_int64 (stmt, 2);
  task->position = sqlite3_column_int64 (stmt, 3);
  task->description = _df_col_text (stmt, 4);
  task->due_date = _df_col_text (stmt, 5);
  task->status = _df_col_text (stmt, 6);
  task->completed_at = _df_col_text (stmt, 7);
  task->created_at = _df_col_text (stmt, 8);
  task->updated_at = _df_col_text (stmt, 9);
  return task;
}

static char *
date_plus_days (const char *iso,
                gint64      days)
{
  guint y, m, d;
  g_autoptr(GDate) date = NULL;

  if (iso == NULL || sscanf (iso, "%4u-%2u-%2u", &y, &m, &d) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return NULL;
  date = g_date_new_dmy (d, m, y);
  g_date_add_days (date, (guint)days);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
}

static DfPlan *
plan_get (DfStore     *store,
          gint64       plan_id,
          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = df_store_prepare (store, "SELECT " PLAN_COLUMNS " FROM plans WHERE id = ?1", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  if (!_df_ai_read_row (store, stmt, _("No such plan"), error))
    return NULL;
  return plan_from_row (stmt);
}

/* The steps' titles, as a JSON array. */
static char *
steps_to_json (const DfPlanDraft *draft)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) steps_node = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < draft->steps->len; i++)
    json_builder_add_string_value (builder, ((DfPlanDraftStep *)draft->steps->pdata[i])->title);
  json_builder_end_array (builder);
  steps_node = json_builder_get_root (builder);
  return json_to_string (steps_node, FALSE);
}

/* The new plan's id, or 0 (and @error). */
static gint64
insert_plan (DfStore            *store,
             gint64              project_id,
             const char         *profile_id,
             const DfPlanDraft  *draft,
             const char         *now,
             GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *steps_json = steps_to_json (draft);

  stmt = df_store_prepare (store,
                           "INSERT INTO plans (project_id, profile_id, title, steps, status, created_at, updated_at)"
                           " VALUES (?1, ?2, ?3, ?4, 'active', ?5, ?5)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, profile_id);
  _df_bind_text (stmt, 3, draft->title);
  _df_bind_text (stmt, 4, steps_json);
  _df_bind_text (stmt, 5, now);
  if (!df_store_step_done (store, stmt, error))
    return 0;
  return df_store_last_insert_id (store);
}

/* The highest task number in the project (0 without tasks): the plan's
 * tasks are numbered after it. */
static gboolean
last_task_position (DfStore   *store,
                    gint64     project_id,
                    gint64    *position,
                    GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  stmt = df_store_prepare (store, "SELECT coalesce(max(position), 0) FROM tasks WHERE project_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project_id);
  /* An aggregate: one row, unless the step fails. */
  if (df_store_step (store, stmt, &local_error))
    *position = sqlite3_column_int64 (stmt, 0);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* The draft's tasks, numbered from @position + 1, due @today plus their
 * days. */
static gboolean
insert_tasks (DfStore            *store,
              gint64              plan_id,
              gint64              project_id,
              const DfPlanDraft  *draft,
              gint64              position,
              const char         *now,
              GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *today = df_today ();

  stmt = df_store_prepare (store,
                           "INSERT INTO tasks (plan_id, project_id, position, description, due_date, status, created_at, updated_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?6)", error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < draft->steps->len; i++)
    {
      DfPlanDraftStep *step = draft->steps->pdata[i];

      for (guint j = 0; j < step->tasks->len; j++)
        {
          DfPlanDraftTask *task = step->tasks->pdata[j];
          g_autofree char *due = date_plus_days (today, task->due_in_days);

          sqlite3_reset (stmt);
          sqlite3_bind_int64 (stmt, 1, plan_id);
          sqlite3_bind_int64 (stmt, 2, project_id);
          sqlite3_bind_int64 (stmt, 3, ++position);
          _df_bind_text (stmt, 4, task->description);
          _df_bind_text (stmt, 5, due);
          _df_bind_text (stmt, 6, now);
          if (!df_store_step_done (store, stmt, error))
            return FALSE;
        }
    }
  return TRUE;
}

DfPlan *
df_plan_create_from_draft (DfStore           *store,
                           gint64             project_id,
                           const char        *profile_id,
                           const DfPlanDraft *draft,
                           GError           **error)
{
  g_autofree char *now = df_now_iso8601 ();
  gint64 plan_id;
  gint64 position = 0;

  g_return_val_if_fail (draft != NULL && draft->steps != NULL, NULL);

  if (!df_store_begin (store, error))
    return NULL;

  plan_id = insert_plan (store, project_id, profile_id, draft, now, error);
  if (plan_id == 0 ||
      !last_task_position (store, project_id, &position, error) ||
      !insert_tasks (store, plan_id, project_id, draft, position, now, error) ||
      !_df_project_touch (store, project_id, error) ||
      !df_store_commit (store, error))
    {
      df_store_rollback (store);
      return NULL;
    }

  return plan_get (store, plan_id, error);
}

GPtrArray *
df_plan_list (DfStore  *store,
              gint64    project_id,
              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)df_plan_free);

  stmt = df_store_prepare (store,
                           "SELECT " PLAN_COLUMNS " FROM plans WHERE project_id = ?1 ORDER BY id DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  if (!_df_ai_read_rows (store, stmt, list, plan_from_row, error))
    return NULL;
  return g_steal_pointer (&list);
}

GPtrArray *
df_task_list (DfStore  *store,
              gint64    project_id,
              gboolean  include_done,
              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)df_task_free);

  stmt = df_store_prepare (store,
                           "SELECT " TASK_COLUMNS " FROM tasks WHERE project_id = ?1"
                           " AND (?2 OR status IN ('pending', 'missed'))"
                           " ORDER BY position, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  sqlite3_bind_int (stmt, 2, include_done ? 1 : 0);
  if (!_df_ai_read_rows (store, stmt, list, task_from_row, error))
    return NULL;
  return g_steal_pointer (&list);
}

DfTask *
df_task_get (DfStore  *store,
             gint64    project_id,
             gint64    position,
             GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *missing = NULL;

  stmt = df_store_prepare (store,
                           "SELECT " TASK_COLUMNS " FROM tasks WHERE project_id = ?1 AND position = ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  sqlite3_bind_int64 (stmt, 2, position);
  missing = g_strdup_printf (_("There is no task %" PRId64 " in this project; list them with “tasks SLUG --all”"),
                             position);
  if (!_df_ai_read_row (store, stmt, missing, error))
    return NULL;
  return task_from_row (stmt);
}

DfTask *
df_task_next (DfStore  *store,
              gint64    project_id,
              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store,
                           "SELECT " TASK_COLUMNS " FROM tasks WHERE project_id = ?1 AND status = 'pending'"
                           " ORDER BY due_date IS NULL, due_date, position LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  if (!df_store_step (store, stmt, error))
    return NULL;
  return task_from_row (stmt);
}

gboolean
df_task_set_status (DfStore     *store,
                    gint64       task_id,
                    const char  *status,
                    GError     **error)
{
  static const char * const allowed[] = { "completed", "skipped", NULL };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = df_now_iso8601 ();
  g_autofree char *current = NULL;

  if (!df_validate_enum (_("task status"), status, allowed, error))
    return FALSE;

  stmt = df_store_prepare (store, "SELECT status FROM tasks WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, task_id);
  if (!_df_ai_read_row (store, stmt, _("No such task"), error))
    return FALSE;
  current = _df_col_text (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (g_strcmp0 (current, "pending") != 0 && g_strcmp0 (current, "missed") != 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("This task is already %s; only pending or missed tasks can change"), current);
      return FALSE;
    }

  stmt = df_store_prepare (store,
                           "UPDATE tasks SET status = ?2, completed_at = ?3, updated_at = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, task_id);
  _df_bind_text (stmt, 2, status);
  _df_bind_text (stmt, 3, now);
  return df_store_step_done (store, stmt, error);
}

gint64
df_task_mark_overdue (DfStore  *store,
                      gint64    project_id,
                      GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *today = df_today ();
  g_autofree char *now = df_now_iso8601 ();

  stmt = df_store_prepare (store,
                           "UPDATE tasks SET status = 'missed', updated_at = ?3"
                           " WHERE status = 'pending' AND due_date IS NOT NULL AND due_date < ?2"
                           " AND (?1 = 0 OR project_id = ?1)", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, today);
  _df_bind_text (stmt, 3, now);
  if (!df_store_step_done (store, stmt, error))
    return -1;
  return sqlite3_changes (df_store_get_db (store));
}
