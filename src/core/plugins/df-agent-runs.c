/* df-agent-runs.c: agents' runs read back, and findings dismissed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugin"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "df-agent-runs.h"
#include "df-error.h"
#include "df-store-private.h"

static const DfColumn run_columns[] = {
  { "id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfAgentRunInfo, id) },
  { "project_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfAgentRunInfo, project_id) },
  { "chapter_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfAgentRunInfo, chapter_id) },
  { "agent_type", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfAgentRunInfo, agent_type) },
  { "trigger", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfAgentRunInfo, trigger) },
  { "status", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfAgentRunInfo, status) },
  { "summary", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfAgentRunInfo, summary) },
  { "error", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfAgentRunInfo, error) },
  { "created_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfAgentRunInfo, created_at) },
  { "completed_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfAgentRunInfo, completed_at) },
  { "json_array_length (results)", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfAgentRunInfo, issue_count) },
};

static const DfRecordType run_record = {
  sizeof (DfAgentRunInfo), run_columns, G_N_ELEMENTS (run_columns),
  (GDestroyNotify) df_agent_run_info_free,
};

void
df_agent_run_info_free (DfAgentRunInfo *info)
{
  _df_record_free (&run_record, info);
}

/* ---- issues as JSON ------------------------------------------------- */

const char *
df_agent_severity_name (DfIssueSeverity severity)
{
  switch (severity)
    {
    case DF_ISSUE_ERROR: return "error";
    case DF_ISSUE_WARNING: return "warning";
    case DF_ISSUE_INFO:
    default: return "info";
    }
}

/* @text as a JSON string member, or null; control characters other than
 * tab and line breaks become spaces (JSON cannot hold them raw, and a
 * chapter may). */
static void
add_text (JsonBuilder *builder,
          const char  *name,
          const char  *text)
{
  g_autofree char *clean = NULL;

  json_builder_set_member_name (builder, name);
  if (text == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  clean = g_strdup (text);
  for (char *p = clean; *p != '\0'; p++)
    if ((guchar) *p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
      *p = ' ';
  json_builder_add_string_value (builder, clean);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value,
         gboolean     set)
{
  json_builder_set_member_name (builder, name);
  if (set)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_issue (JsonBuilder        *builder,
           const DfAgentIssue *issue)
{
  g_autoptr(JsonNode) data = NULL;

  json_builder_begin_object (builder);
  add_text (builder, "severity", df_agent_severity_name (issue->severity));
  add_text (builder, "category", issue->category ? issue->category : "");
  add_int (builder, "chapter_id", issue->chapter_id, issue->chapter_id > 0);
  add_int (builder, "line", issue->line, issue->line > 0);
  add_text (builder, "message", issue->message ? issue->message : "");
  add_text (builder, "suggestion", issue->suggestion);
  json_builder_set_member_name (builder, "confidence");
  json_builder_add_double_value (builder, issue->confidence);
  add_text (builder, "agent", issue->agent ? issue->agent : "");
  add_text (builder, "check", issue->check);
  add_int (builder, "offset", issue->offset, issue->offset >= 0);
  add_int (builder, "length", issue->offset >= 0 ? issue->length : 0, TRUE);
  add_text (builder, "quote", issue->quote);
  add_text (builder, "context", issue->context);
  add_int (builder, "context_offset", issue->context_offset, TRUE);
  json_builder_set_member_name (builder, "data");
  if (issue->data != NULL && (data = json_from_string (issue->data, NULL)) != NULL &&
      JSON_NODE_HOLDS_OBJECT (data))
    json_builder_add_value (builder, g_steal_pointer (&data));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "evidence");
  json_builder_begin_array (builder);
  for (guint j = 0; issue->evidence != NULL && j < issue->evidence->len; j++)
    {
      const DfAgentEvidence *evidence = g_ptr_array_index (issue->evidence, j);

      json_builder_begin_object (builder);
      add_int (builder, "chapter_id", evidence->chapter_id, TRUE);
      add_int (builder, "line", evidence->line, TRUE);
      add_text (builder, "quote", evidence->quote ? evidence->quote : "");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

char *
df_agent_issues_to_json (GPtrArray *issues)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; issues != NULL && i < issues->len; i++)
    add_issue (builder, g_ptr_array_index (issues, i));
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static DfIssueSeverity
severity_from_name (const char *name)
{
  if (g_strcmp0 (name, "error") == 0)
    return DF_ISSUE_ERROR;
  if (g_strcmp0 (name, "warning") == 0)
    return DF_ISSUE_WARNING;
  return DF_ISSUE_INFO;
}

static DfAgentIssue *
issue_from_object (JsonObject *object)
{
  DfAgentIssue *issue;
  JsonArray *evidence;

  issue = df_agent_issue_new (severity_from_name (json_object_get_string_member_with_default (object, "severity", "info")),
                              json_object_get_string_member_with_default (object, "category", ""),
                              json_object_get_int_member_with_default (object, "chapter_id", 0),
                              json_object_get_int_member_with_default (object, "line", 0),
                              json_object_get_string_member_with_default (object, "message", ""),
                              json_object_get_string_member_with_default (object, "suggestion", NULL),
                              json_object_get_double_member_with_default (object, "confidence", 0));
  issue->agent = g_strdup (json_object_get_string_member_with_default (object, "agent", NULL));
  issue->check = g_strdup (json_object_get_string_member_with_default (object, "check", NULL));
  issue->offset = json_object_get_int_member_with_default (object, "offset", -1);
  issue->length = json_object_get_int_member_with_default (object, "length", 0);
  issue->quote = g_strdup (json_object_get_string_member_with_default (object, "quote", NULL));
  issue->context = g_strdup (json_object_get_string_member_with_default (object, "context", NULL));
  issue->context_offset = json_object_get_int_member_with_default (object, "context_offset", 0);
  if (json_object_has_member (object, "data") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "data")))
    issue->data = json_to_string (json_object_get_member (object, "data"), FALSE);
  evidence = json_object_has_member (object, "evidence") ? json_object_get_array_member (object, "evidence") : NULL;
  for (guint i = 0; evidence != NULL && i < json_array_get_length (evidence); i++)
    {
      JsonObject *passage = json_array_get_object_element (evidence, i);

      if (passage == NULL)
        continue;
      df_agent_issue_add_evidence (issue,
                                   json_object_get_int_member_with_default (passage, "chapter_id", 0),
                                   json_object_get_int_member_with_default (passage, "line", 0),
                                   json_object_get_string_member_with_default (passage, "quote", ""));
    }
  return issue;
}

GPtrArray *
df_agent_issues_from_json (const char  *json,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify) df_agent_issue_free);
  JsonNode *root;
  JsonArray *array;

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("An agent's results are not a list of issues"));
      return NULL;
    }
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (object != NULL)
        g_ptr_array_add (issues, issue_from_object (object));
    }
  return g_steal_pointer (&issues);
}

/* ---- runs ----------------------------------------------------------- */

GPtrArray *
df_agent_runs_list (DfStore     *store,
                    gint64       project_id,
                    const char  *agent_type,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _df_record_prepare (store, &run_record,
                             "FROM agent_runs WHERE project_id = ?1 AND (?2 IS NULL OR agent_type = ?2)"
                             " ORDER BY id DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, agent_type);
  return _df_record_list (store, stmt, &run_record, NULL, error);
}

DfAgentRunInfo *
df_agent_runs_get (DfStore  *store,
                   gint64    run_id,
                   GError  **error)
{
  g_autofree char *not_found = g_strdup_printf (_("No agent run %" PRId64), run_id);

  return _df_record_find (store, &run_record, "FROM agent_runs WHERE id = ?1", run_id, 0,
                          not_found, error);
}

GPtrArray *
df_agent_runs_get_issues (DfStore  *store,
                          gint64    run_id,
                          GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GHashTable) dismissed = NULL;
  g_autofree char *not_found = g_strdup_printf (_("No agent run %" PRId64), run_id);
  gint64 project_id;

  stmt = df_store_prepare (store, "SELECT project_id, results FROM agent_runs WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  if (!_df_step_row (store, stmt, not_found, error))
    return NULL;
  project_id = sqlite3_column_int64 (stmt, 0);
  issues = df_agent_issues_from_json ((const char *) sqlite3_column_text (stmt, 1), error);
  if (issues == NULL)
    return NULL;

  dismissed = df_agent_dismissed_set (store, project_id, error);
  if (dismissed == NULL)
    return NULL;
  for (guint i = 0; i < issues->len; )
    {
      g_autofree char *fingerprint = df_agent_issue_fingerprint (g_ptr_array_index (issues, i));

      if (g_hash_table_contains (dismissed, fingerprint))
        g_ptr_array_remove_index (issues, i);
      else
        i++;
    }
  return g_steal_pointer (&issues);
}

/* ---- dismissals ----------------------------------------------------- */

gboolean
df_agent_dismiss (DfStore             *store,
                  gint64               project_id,
                  const DfAgentIssue  *issue,
                  GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *fingerprint = NULL;

  g_return_val_if_fail (issue != NULL, FALSE);

  fingerprint = df_agent_issue_fingerprint (issue);
  stmt = df_store_prepare (store,
                           "INSERT OR IGNORE INTO agent_dismissals"
                           " (project_id, fingerprint, agent_type, category, quote, created_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, fingerprint);
  _df_bind_text (stmt, 3, issue->agent ? issue->agent : "");
  _df_bind_text (stmt, 4, issue->category ? issue->category : "");
  _df_bind_text (stmt, 5, issue->quote);
  return df_store_step_done (store, stmt, error);
}

gboolean
df_agent_undismiss (DfStore             *store,
                    gint64               project_id,
                    const DfAgentIssue  *issue,
                    GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *fingerprint = NULL;

  g_return_val_if_fail (issue != NULL, FALSE);

  fingerprint = df_agent_issue_fingerprint (issue);
  stmt = df_store_prepare (store,
                           "DELETE FROM agent_dismissals WHERE project_id = ?1 AND fingerprint = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, fingerprint);
  return df_store_step_done (store, stmt, error);
}

gboolean
df_agent_dismissals_clear (DfStore     *store,
                           gint64       project_id,
                           const char  *agent_type,
                           guint       *n_out,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store,
                           "DELETE FROM agent_dismissals WHERE project_id = ?1"
                           " AND (?2 IS NULL OR agent_type = ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, agent_type);
  if (!df_store_step_done (store, stmt, error))
    return FALSE;
  if (n_out != NULL)
    *n_out = sqlite3_changes (df_store_get_db (store));
  return TRUE;
}

GHashTable *
df_agent_dismissed_set (DfStore     *store,
                        gint64       project_id,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) local_error = NULL;

  stmt = df_store_prepare (store, "SELECT fingerprint FROM agent_dismissals WHERE project_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  while (df_store_step (store, stmt, &local_error))
    g_hash_table_add (set, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&set);
}
