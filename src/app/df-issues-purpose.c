/* df-issues-purpose.c: "This changed on purpose" on a continuity issue
 *
 * The continuity agent sets on each contradiction the data
 * {"entry", "entry_id", "field", "value", "was", "from_chapter"}: the
 * progression that would explain it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-issues"

#include "config.h"

#include <json-glib/json-glib.h>

#include "df-agent-runs.h"
#include "df-issues-purpose.h"

void
df_issue_change_free (DfIssueChange *change)
{
  if (change == NULL)
    return;
  g_free (change->entry);
  g_free (change->field);
  g_free (change->value);
  g_free (change->was);
  g_free (change);
}

DfIssueChange *
df_issue_change_read (const DfAgentIssue *issue)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  DfIssueChange *change;
  JsonObject *object;
  JsonNode *root;

  g_return_val_if_fail (issue != NULL, NULL);

  if (issue->data == NULL || !json_parser_load_from_data (parser, issue->data, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);
  if (json_object_get_string_member_with_default (object, "field", NULL) == NULL)
    return NULL;

  change = g_new0 (DfIssueChange, 1);
  change->entry_id = json_object_get_int_member_with_default (object, "entry_id", 0);
  change->entry = g_strdup (json_object_get_string_member_with_default (object, "entry", NULL));
  change->field = g_strdup (json_object_get_string_member_with_default (object, "field", NULL));
  change->value = g_strdup (json_object_get_string_member_with_default (object, "value", NULL));
  change->was = g_strdup (json_object_get_string_member_with_default (object, "was", NULL));
  change->from_chapter = json_object_get_int_member_with_default (object, "from_chapter", 0);
  return change;
}

gboolean
df_issues_can_be_on_purpose (const DfAgentIssue *issue)
{
  g_autoptr(DfIssueChange) change = NULL;

  g_return_val_if_fail (issue != NULL, FALSE);

  change = df_issue_change_read (issue);
  return change != NULL;
}

gboolean
df_issues_changed_on_purpose (DfStore             *store,
                              gint64               project_id,
                              const DfAgentIssue  *issue,
                              GError             **error)
{
  g_autoptr(DfIssueChange) change = NULL;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (issue != NULL, FALSE);

  change = df_issue_change_read (issue);
  /* With the codex (df-codex.h, not here yet), this becomes the
   * progression of change->entry_id from change->from_chapter, setting
   * change->field to change->value (df_codex_progression_add), and the
   * continuity agent then finds the change explained; the dismissal
   * below stays so that this run's row is left out at once. */
  (void) change;
  return df_agent_dismiss (store, project_id, issue, error);
}
