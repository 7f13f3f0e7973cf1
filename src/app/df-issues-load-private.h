/* df-issues-load-private.h: what the Issues panel reads in its worker
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "df-agent-runs.h"
#include "df-store.h"

G_BEGIN_DECLS

/* What to read: the project's runs, and the issues of one. */
typedef struct
{
  gint64    project_id;
  gint64    run_id;       /* 0: the newest (of @agent_type's when set) */
  gboolean  keep_runs;    /* a run chosen in the list: the list stays */
  char     *agent_type;   /* with @run_id 0: the newest run of this agent */
  char     *check;        /* only the issues of this check, or NULL */
} DfIssuesLoadJob;

/* What a load read: the runs, and the issues of one in book order with
 * the heading of each one's chapter. */
typedef struct
{
  GPtrArray *runs;       /* DfAgentRunInfo* */
  gint64     run_id;
  GPtrArray *issues;     /* DfAgentIssue* */
  GPtrArray *headings;   /* char*, one per issue */
  gboolean   keep_runs;
} DfIssuesLoaded;

void     df_issues_load_job_free (DfIssuesLoadJob *job);
void     df_issues_loaded_free   (DfIssuesLoaded  *loaded);
/* A DfWorkerFunc: @data is a DfIssuesLoadJob, the result a DfIssuesLoaded. */
gpointer df_issues_load_in_thread (DfStore       *store,
                                   gpointer       data,
                                   GCancellable  *cancellable,
                                   GError       **error);

G_END_DECLS
