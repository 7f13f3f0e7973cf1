/* df-issue-row.h: the rows of the Issues panel: a finding, and a run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "df-agent-runs.h"

G_BEGIN_DECLS

/* A row for @issue (taken): its severity's icon, the message, the quoted
 * words and the suggestion, with a Dismiss button ("issues.dismiss"
 * with @serial) and, when @on_purpose, "This Changed on Purpose"
 * ("issues.on-purpose" with @serial).  @heading names the group the row
 * is in (its chapter). */
GtkWidget    *df_issue_row_new         (DfAgentIssue *issue,
                                        guint         serial,
                                        const char   *heading,
                                        gboolean      on_purpose);
DfAgentIssue *df_issue_row_get_issue   (GtkListBoxRow *row);
guint         df_issue_row_get_serial  (GtkListBoxRow *row);
/* NULL for a row that is not an issue's. */
const char   *df_issue_row_get_heading (GtkListBoxRow *row);

/* A row for @run, titled @agent_name: when it ran and what it found
 * ("Today at 14:05 · 12 issues", "… · Stopped", "… · Failed: why"). */
GtkWidget    *df_run_row_new           (const DfAgentRunInfo *run,
                                        const char           *agent_name);
/* The id of the run of @row (0: none). */
gint64        df_run_row_get_run_id    (GtkListBoxRow        *row);

G_END_DECLS
