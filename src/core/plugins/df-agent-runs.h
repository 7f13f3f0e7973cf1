/* df-agent-runs.h: agents' runs read back, and findings dismissed
 *
 * Every run of an agent is an agent_runs row (df_agent_run_with records
 * it): its status, summary, error and its issues as JSON.  This reads
 * them back for the command line and the Issues panel, and keeps the
 * findings a writer dismissed (agent_dismissals), which later runs
 * leave out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "df-agent.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  gint64  project_id;
  gint64  chapter_id;      /* 0: the whole project */
  char   *agent_type;
  char   *trigger;
  char   *status;          /* running, completed, failed, canceled */
  char   *summary;
  char   *error;
  char   *created_at;
  char   *completed_at;
  gint64  issue_count;
} DfAgentRunInfo;

void            df_agent_run_info_free   (DfAgentRunInfo *info);
/* "error", "warning" or "info": a severity as runs store it and as the
 * command line's --json gives it. */
const char     *df_agent_severity_name   (DfIssueSeverity  severity);

/* The project's runs, newest first; only @agent_type's when not NULL. */
GPtrArray      *df_agent_runs_list       (DfStore     *store,
                                          gint64       project_id,
                                          const char  *agent_type,
                                          GError     **error);
DfAgentRunInfo *df_agent_runs_get        (DfStore     *store,
                                          gint64       run_id,
                                          GError     **error);
/* The issues of run @run_id (DfAgentIssue*), in the order found; those
 * dismissed since the run are left out. */
GPtrArray      *df_agent_runs_get_issues (DfStore     *store,
                                          gint64       run_id,
                                          GError     **error);

/* Remembers that the writer dismissed @issue in @project_id: a run of
 * any agent leaves out a finding with the same fingerprint from then on. */
gboolean        df_agent_dismiss         (DfStore             *store,
                                          gint64               project_id,
                                          const DfAgentIssue  *issue,
                                          GError             **error);
/* Forgets that @issue was dismissed in @project_id (an Undo): later runs
 * report it again.  Nothing to forget is not an error. */
gboolean        df_agent_undismiss       (DfStore             *store,
                                          gint64               project_id,
                                          const DfAgentIssue  *issue,
                                          GError             **error);
/* Forgets every dismissal of the project (@agent_type NULL) or of one
 * agent; the number forgotten in @n_out. */
gboolean        df_agent_dismissals_clear (DfStore     *store,
                                           gint64       project_id,
                                           const char  *agent_type,
                                           guint       *n_out,
                                           GError     **error);
/* The fingerprints dismissed in @project_id (a set of strings). */
GHashTable     *df_agent_dismissed_set   (DfStore     *store,
                                          gint64       project_id,
                                          GError     **error);

/* Issues as the JSON agent_runs.results keeps, and back. */
char           *df_agent_issues_to_json   (GPtrArray   *issues);
GPtrArray      *df_agent_issues_from_json (const char  *json,
                                           GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfAgentRunInfo, df_agent_run_info_free)

G_END_DECLS
