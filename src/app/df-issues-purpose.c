/* df-issues-purpose.c: "This changed on purpose" on a continuity issue
 *
 * The continuity agent sets on each contradiction the data
 * {"entry", "entry_id", "field", "value", "was", "from_chapter"}: the
 * progression that would explain it, which this adds to the codex.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-issues"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "df-agent-runs.h"
#include "df-codex.h"
#include "df-error.h"
#include "df-issues-purpose.h"
#include "df-model.h"

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

/* The codex entry @change names, in @project_id: by id, else by name. */
static gint64
find_entry (DfStore              *store,
            gint64                project_id,
            const DfIssueChange  *change,
            GError              **error)
{
  g_autoptr(DfCodexEntry) entry = NULL;

  if (change->entry_id > 0)
    entry = df_codex_entry_get (store, change->entry_id, NULL);
  if (entry == NULL || entry->project_id != project_id)
    {
      g_clear_pointer (&entry, df_codex_entry_free);
      if (change->entry == NULL)
        {
          g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND, _("The codex has no entry for this change"));
          return 0;
        }
      entry = df_codex_entry_find (store, project_id, change->entry, FALSE, error);
      if (entry == NULL)
        return 0;
    }
  return entry->id;
}

/* The chapter number the change holds from: the one the agent gave,
 * else that of the issue's chapter. */
static gint64
from_chapter (DfStore              *store,
              const DfAgentIssue   *issue,
              const DfIssueChange  *change,
              GError              **error)
{
  g_autoptr(DfChapter) chapter = NULL;

  if (change->from_chapter > 0)
    return change->from_chapter;
  chapter = df_chapter_get (store, issue->chapter_id, error);
  return chapter != NULL ? chapter->number : 0;
}

gboolean
df_issues_changed_on_purpose (DfStore             *store,
                              gint64               project_id,
                              const DfAgentIssue  *issue,
                              gint64              *progression_id_out,
                              GError             **error)
{
  g_autoptr(DfIssueChange) change = NULL;
  g_autoptr(DfCodexProgression) progression = NULL;
  g_autofree char *note = NULL;
  gint64 entry_id = 0, chapter = 0;
  gboolean ok;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (issue != NULL, FALSE);

  if (progression_id_out != NULL)
    *progression_id_out = 0;
  change = df_issue_change_read (issue);
  if (change == NULL || change->value == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("The checker did not say what changed"));
      return FALSE;
    }
  if (change->was != NULL)
    /* TRANSLATORS: the note of a progression made from an issue: the
     * value before it */
    note = g_strdup_printf (_("Before: %s"), change->was);

  if (!df_store_begin (store, error))
    return FALSE;
  ok = (entry_id = find_entry (store, project_id, change, error)) != 0 &&
       (chapter = from_chapter (store, issue, change, error)) > 0 &&
       (progression = df_codex_progression_add (store, entry_id, chapter, change->field, change->value,
                                                note, error)) != NULL &&
       df_agent_dismiss (store, project_id, issue, error);
  if (!ok)
    {
      df_store_rollback (store);
      return FALSE;
    }
  if (!df_store_commit (store, error))
    return FALSE;
  if (progression_id_out != NULL)
    *progression_id_out = progression->id;
  return TRUE;
}

gboolean
df_issues_changed_on_purpose_undo (DfStore             *store,
                                   gint64               project_id,
                                   const DfAgentIssue  *issue,
                                   gint64               progression_id,
                                   GError             **error)
{
  gboolean ok;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (issue != NULL, FALSE);

  if (!df_store_begin (store, error))
    return FALSE;
  ok = (progression_id == 0 || df_codex_progression_remove (store, progression_id, error)) &&
       df_agent_undismiss (store, project_id, issue, error);
  if (!ok)
    {
      df_store_rollback (store);
      return FALSE;
    }
  return df_store_commit (store, error);
}
