/* df-issue-row.h: one finding of an agent, as a row of the Issues panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "df-agent.h"

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

G_END_DECLS
