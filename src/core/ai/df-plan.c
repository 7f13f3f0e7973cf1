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
#include <string.h>

#include "df-model-private.h"
#include "df-plan.h"

/* A plan's steps are a JSON array in one column, read by plan_from_row. */
static const DfColumn plan_columns[] = {
  { "id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfPlan, id) },
  { "project_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfPlan, project_id) },
  { "profile_id", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfPlan, profile_id) },
  { "title", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfPlan, title) },
  { "status", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfPlan, status) },
  { "created_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfPlan, created_at) },
  { "updated_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfPlan, updated_at) },
};

static const DfRecordType plan_record = {
  sizeof (DfPlan), plan_columns, G_N_ELEMENTS (plan_columns), (GDestroyNotify) df_plan_free,
};

static const DfColumn task_columns[] = {
  { "id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfTask, id) },
  { "plan_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfTask, plan_id) },
  { "project_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfTask, project_id) },
  { "position", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfTask, position) },
  { "description", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfTask, description) },
  { "due_date", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfTask, due_date) },
  { "status", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfTask, status) },
  { "completed_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfTask, completed_at) },
  { "created_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfTask, created_at) },
  { "updated_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfTask, updated_at) },
};

static const DfRecordType task_record = {
  sizeof (DfTask), task_columns, G_N_ELEMENTS (task_columns), (GDestroyNotify) df_task_free,
};

void
df_plan_free (DfPlan *plan)
{
  if (plan != NULL)
    g_strfreev (plan->steps);
  _df_record_free (&plan_record, plan);
}

void
df_task_free (DfTask *task)
{
  _df_record_free (&task_record, task);
}

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

/* A row of "SELECT <plan_columns>, steps". */
static gpointer
plan_from_row (sqlite3_stmt *stmt)
{
  DfPlan *plan = _df_record_read (&plan_record, stmt);
  const char *steps = (const char *) sqlite3_column_text (stmt, plan_record.n_columns);

  plan->steps = steps_from_json (steps ? steps : "[]");
  return plan;
}

static DfPlan *
plan_get (DfStore     *store,
          gint64       plan_id,
          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _df_record_prepare (store, &plan_record, ", steps FROM plans WHERE id = ?1", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  if (!_df_step_row (store, stmt, _("No such plan"), error))
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
  GDate today;

  df_date_today (&today);
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
          GDate day = today;
          g_autofree char *due = NULL;

          g_date_add_days (&day, (guint) task->due_in_days);
          due = df_date_format (&day);

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
  gboolean ok;

  g_return_val_if_fail (draft != NULL && draft->steps != NULL, NULL);

  if (!df_store_begin (store, error))
    return NULL;

  ok = (plan_id = insert_plan (store, project_id, profile_id, draft, now, error)) != 0 &&
       /* The plan's tasks are numbered after the project's last one. */
       _df_query_int64 (store, "SELECT coalesce(max(position), 0) FROM tasks WHERE project_id = ?1",
                        project_id, NULL, &position, error) &&
       insert_tasks (store, plan_id, project_id, draft, position, now, error) &&
       _df_project_touch (store, project_id, error);
  if (!df_store_end (store, ok, error))
    return NULL;

  return plan_get (store, plan_id, error);
}

GPtrArray *
df_plan_list (DfStore  *store,
              gint64    project_id,
              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _df_record_prepare (store, &plan_record, ", steps FROM plans WHERE project_id = ?1 ORDER BY id DESC",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  return _df_rows_list (store, stmt, plan_from_row, (GDestroyNotify) df_plan_free, NULL, error);
}

GPtrArray *
df_task_list (DfStore  *store,
              gint64    project_id,
              gboolean  include_done,
              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _df_record_prepare (store, &task_record,
                             "FROM tasks WHERE project_id = ?1"
                             " AND (?2 OR status IN ('pending', 'missed'))"
                             " ORDER BY position, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  sqlite3_bind_int (stmt, 2, include_done ? 1 : 0);
  return _df_record_list (store, stmt, &task_record, NULL, error);
}

DfTask *
df_task_get (DfStore  *store,
             gint64    project_id,
             gint64    position,
             GError  **error)
{
  g_autofree char *missing = NULL;

  missing = g_strdup_printf (_("There is no task %" PRId64 " in this project; list them with “tasks SLUG --all”"),
                             position);
  return _df_record_find (store, &task_record, "FROM tasks WHERE project_id = ?1 AND position = ?2",
                          project_id, position, missing, error);
}

DfTask *
df_task_next (DfStore  *store,
              gint64    project_id,
              GError  **error)
{
  return _df_record_find (store, &task_record,
                          "FROM tasks WHERE project_id = ?1 AND status = 'pending'"
                          " ORDER BY due_date IS NULL, due_date, position LIMIT 1",
                          project_id, 0, NULL, error);
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
  if (!_df_step_row (store, stmt, _("No such task"), error))
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
