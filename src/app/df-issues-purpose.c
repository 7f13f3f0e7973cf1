/* df-issues-purpose.c: "This changed on purpose" on a continuity issue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-issues"

#include "config.h"

#include "df-agent-runs.h"
#include "df-issues-purpose.h"

gboolean
df_issues_can_be_on_purpose (const DfAgentIssue *issue)
{
  g_return_val_if_fail (issue != NULL, FALSE);

  return g_strcmp0 (issue->agent, "continuity") == 0 || g_strcmp0 (issue->category, "continuity") == 0;
}

gboolean
df_issues_changed_on_purpose (DfStore             *store,
                              gint64               project_id,
                              const DfAgentIssue  *issue,
                              GError             **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (issue != NULL, FALSE);

  /* To come with the codex (df-codex.h): the progression of the issue's
   * entry and field, from the issue's chapter, with the new value, by
   * df_codex_progression_add; then the dismissal below is not needed. */
  return df_agent_dismiss (store, project_id, issue, error);
}
