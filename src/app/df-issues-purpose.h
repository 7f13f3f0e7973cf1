/* df-issues-purpose.h: "This changed on purpose" on a continuity issue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "df-agent.h"
#include "df-store.h"

G_BEGIN_DECLS

/* Whether @issue is one "This changed on purpose" answers: a continuity
 * agent's contradiction. */
gboolean df_issues_can_be_on_purpose (const DfAgentIssue  *issue);

/* The writer says the change @issue reports is meant.  It should record
 * the progression that explains it in the codex, so the continuity
 * agent no longer reports it; until the codex is there, it dismisses
 * @issue (df_agent_dismiss), which keeps it from coming back too. */
gboolean df_issues_changed_on_purpose (DfStore             *store,
                                       gint64               project_id,
                                       const DfAgentIssue  *issue,
                                       GError             **error);

G_END_DECLS
