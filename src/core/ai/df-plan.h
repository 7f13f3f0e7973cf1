/* df-plan.h: writing plans and their dated tasks
 *
 * A plan (the coach proposes it as JSON) has a title and ordered steps;
 * its tasks carry a due date and a status: pending, then completed or
 * skipped by the writer, or missed once the due date has passed.  Tasks
 * are numbered per project (position, from 1) across all its plans.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined (__DRAFTFORGE_PLUGIN_H_INSIDE__) && !defined (DRAFTFORGE_COMPILATION)
# error "Only <draftforge-plugin.h> can be included directly."
#endif

#include "df-extern.h"

#include <gio/gio.h>

#include "df-store.h"

G_BEGIN_DECLS

/* ---- a plan as the coach proposes it --------------------------------- */

typedef struct
{
  char   *description;
  gint64  due_in_days;        /* 0: today */
} DfPlanDraftTask;

typedef struct
{
  char      *title;
  GPtrArray *tasks;           /* DfPlanDraftTask* */
} DfPlanDraftStep;

typedef struct
{
  char      *title;
  GPtrArray *steps;           /* DfPlanDraftStep* */
} DfPlanDraft;

DF_EXTERN
void         df_plan_draft_free  (DfPlanDraft *draft);
/* Validates {"title": str, "steps": [{"title": str, "tasks":
 * [{"description": str, "due_in_days": int >= 0}]}]} (at least one step,
 * each with at least one task); a DF_ERROR_INVALID message says exactly
 * what is wrong and where ("steps[1].tasks[0].due_in_days must be ..."). */
DF_EXTERN
DfPlanDraft *df_plan_parse_json  (const char  *json,
                                  GError     **error);
/* The schema above, in words, for the model's system prompt. */
DF_EXTERN
const char  *df_plan_json_schema_description (void);

/* ---- stored plans and tasks ------------------------------------------ */

typedef struct
{
  gint64  id;
  gint64  project_id;
  char   *profile_id;         /* NULL: none */
  char   *title;
  char  **steps;              /* the steps' titles, in order */
  char   *status;             /* active, completed, abandoned */
  char   *created_at;
  char   *updated_at;
} DfPlan;

typedef struct
{
  gint64  id;
  gint64  plan_id;            /* 0: none */
  gint64  project_id;
  gint64  position;           /* 1-based per project: the task's number */
  char   *description;
  char   *due_date;           /* YYYY-MM-DD, or NULL */
  char   *status;             /* pending, completed, skipped, missed */
  char   *completed_at;
  char   *created_at;
  char   *updated_at;
} DfTask;

DF_EXTERN
void       df_plan_free               (DfPlan      *plan);
DF_EXTERN
void       df_task_free               (DfTask      *task);

/* One transaction: the plan, then its tasks in step order, each due
 * today (df_today) plus its due_in_days. */
DF_EXTERN
DfPlan    *df_plan_create_from_draft  (DfStore           *store,
                                       gint64             project_id,
                                       const char        *profile_id,
                                       const DfPlanDraft *draft,
                                       GError           **error);
/* Newest first. */
DF_EXTERN
GPtrArray *df_plan_list               (DfStore     *store,
                                       gint64       project_id,
                                       GError     **error);
/* By number; pending and missed tasks only unless @include_done
 * (then also completed and skipped). */
DF_EXTERN
GPtrArray *df_task_list               (DfStore     *store,
                                       gint64       project_id,
                                       gboolean     include_done,
                                       GError     **error);
DF_EXTERN
DfTask    *df_task_get                (DfStore     *store,
                                       gint64       project_id,
                                       gint64       position,
                                       GError     **error);
/* The first pending task by due date; NULL without error when there is
 * none, NULL with @error when it cannot be read. */
DF_EXTERN
DfTask    *df_task_next               (DfStore     *store,
                                       gint64       project_id,
                                       GError     **error);
/* @status: "completed" or "skipped" (completed_at is set now); a pending
 * or missed task may change, a completed or skipped one may not. */
DF_EXTERN
gboolean   df_task_set_status         (DfStore     *store,
                                       gint64       task_id,
                                       const char  *status,
                                       GError     **error);
/* Pending tasks due before today become missed; returns how many, or
 * -1 on error.  @project_id 0: every project. */
DF_EXTERN
gint64     df_task_mark_overdue       (DfStore     *store,
                                       gint64       project_id,
                                       GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfPlanDraft, df_plan_draft_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfPlan, df_plan_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfTask, df_task_free)

G_END_DECLS
