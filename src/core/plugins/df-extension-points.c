/* df-extension-points.c: the small extension point interfaces
 *
 * DfAgent, DfReaderTransform, DfSyncBackend and DfUiExtension; DfExporter
 * has its own file (df-exporter.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugin"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "df-agent.h"
#include "df-reader-transform.h"
#include "df-store-private.h"
#include "df-sync-backend.h"
#include "df-ui-extension.h"

/* ---- agents ---------------------------------------------------------- */

G_DEFINE_INTERFACE (DfAgent, df_agent, G_TYPE_OBJECT)

static void
df_agent_default_init (DfAgentInterface *iface)
{
}

const char *
df_agent_get_agent_type (DfAgent *self)
{
  g_return_val_if_fail (DF_IS_AGENT (self), NULL);
  return DF_AGENT_GET_IFACE (self)->get_agent_type (self);
}

const char *
df_agent_get_name (DfAgent *self)
{
  g_return_val_if_fail (DF_IS_AGENT (self), NULL);
  return DF_AGENT_GET_IFACE (self)->get_name (self);
}

DfAgentIssue *
df_agent_issue_new (DfIssueSeverity  severity,
                    const char      *category,
                    gint64           chapter_id,
                    int              line,
                    const char      *message,
                    const char      *suggestion,
                    double           confidence)
{
  DfAgentIssue *issue = g_new0 (DfAgentIssue, 1);

  issue->severity = severity;
  issue->category = g_strdup (category);
  issue->chapter_id = chapter_id;
  issue->line = line;
  issue->message = g_strdup (message);
  issue->suggestion = g_strdup (suggestion);
  issue->confidence = CLAMP (confidence, 0.0, 1.0);
  return issue;
}

void
df_agent_issue_free (DfAgentIssue *issue)
{
  if (issue == NULL)
    return;
  g_free (issue->category);
  g_free (issue->message);
  g_free (issue->suggestion);
  g_free (issue);
}

static const char *
severity_name (DfIssueSeverity severity)
{
  switch (severity)
    {
    case DF_ISSUE_ERROR: return "error";
    case DF_ISSUE_WARNING: return "warning";
    case DF_ISSUE_INFO:
    default: return "info";
    }
}

static char *
issues_to_json (GPtrArray *issues)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; issues && i < issues->len; i++)
    {
      DfAgentIssue *issue = g_ptr_array_index (issues, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder, severity_name (issue->severity));
      json_builder_set_member_name (builder, "category");
      json_builder_add_string_value (builder, issue->category ? issue->category : "");
      json_builder_set_member_name (builder, "chapter_id");
      if (issue->chapter_id > 0)
        json_builder_add_int_value (builder, issue->chapter_id);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "line");
      if (issue->line > 0)
        json_builder_add_int_value (builder, issue->line);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, issue->message ? issue->message : "");
      json_builder_set_member_name (builder, "suggestion");
      if (issue->suggestion != NULL)
        json_builder_add_string_value (builder, issue->suggestion);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "confidence");
      json_builder_add_double_value (builder, issue->confidence);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* The agent_runs row of a run starting now; its id, or 0. */
static gint64
start_run (DfAgent     *agent,
           DfStore     *store,
           gint64       project_id,
           gint64       chapter_id,
           const char  *trigger,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store,
                           "INSERT INTO agent_runs (project_id, chapter_id, agent_type, trigger, status,"
                           " created_at, started_at)"
                           " VALUES (?1, ?2, ?3, ?4, 'running', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
                           " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, project_id);
  if (chapter_id > 0)
    sqlite3_bind_int64 (stmt, 2, chapter_id);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_text (stmt, 3, df_agent_get_agent_type (agent), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, trigger ? trigger : "manual", -1, SQLITE_TRANSIENT);
  if (!df_store_step_done (store, stmt, error))
    return 0;
  return df_store_last_insert_id (store);
}

/* Records how run @run_id ended: its @issues, or @failure. */
static gboolean
finish_run (DfStore       *store,
            gint64         run_id,
            GPtrArray     *issues,
            const GError  *failure,
            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *results = NULL;
  g_autofree char *summary = NULL;
  const char *status;

  if (issues != NULL)
    {
      status = "completed";
      results = issues_to_json (issues);
      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u issue", "%u issues", issues->len), issues->len);
    }
  else
    {
      status = g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? "canceled" : "failed";
      results = g_strdup ("[]");
    }

  stmt = df_store_prepare (store,
                           "UPDATE agent_runs SET status = ?2, results = ?3, summary = ?4, error = ?5,"
                           " completed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_text (stmt, 2, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, results, -1, SQLITE_TRANSIENT);
  if (summary != NULL)
    sqlite3_bind_text (stmt, 4, summary, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 4);
  if (failure != NULL)
    sqlite3_bind_text (stmt, 5, failure->message, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 5);
  return df_store_step_done (store, stmt, error);
}

gint64
df_agent_run (DfAgent       *agent,
              DfStore       *store,
              gint64         project_id,
              gint64         chapter_id,
              const char    *trigger,
              GPtrArray    **issues_out,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 run_id;

  g_return_val_if_fail (DF_IS_AGENT (agent), 0);

  run_id = start_run (agent, store, project_id, chapter_id, trigger, error);
  if (run_id == 0)
    return 0;

  issues = DF_AGENT_GET_IFACE (agent)->analyze (agent, store, project_id, chapter_id, cancellable, &local_error);

  if (!finish_run (store, run_id, issues, local_error, error))
    return 0;

  if (issues == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }

  if (issues_out != NULL)
    *issues_out = g_steal_pointer (&issues);
  return run_id;
}

/* ---- reader transforms ----------------------------------------------- */

G_DEFINE_INTERFACE (DfReaderTransform, df_reader_transform, G_TYPE_OBJECT)

static void
df_reader_transform_default_init (DfReaderTransformInterface *iface)
{
}

const char *
df_reader_transform_get_name (DfReaderTransform *self)
{
  g_return_val_if_fail (DF_IS_READER_TRANSFORM (self), NULL);
  return DF_READER_TRANSFORM_GET_IFACE (self)->get_name (self);
}

char *
df_reader_transform_transform (DfReaderTransform  *self,
                               DfStore            *store,
                               const DfProfile    *profile,
                               const DfChapter    *chapter,
                               GCancellable       *cancellable,
                               GError            **error)
{
  g_return_val_if_fail (DF_IS_READER_TRANSFORM (self), NULL);
  return DF_READER_TRANSFORM_GET_IFACE (self)->transform (self, store, profile, chapter, cancellable, error);
}

/* ---- sync backends --------------------------------------------------- */

G_DEFINE_INTERFACE (DfSyncBackend, df_sync_backend, G_TYPE_OBJECT)

static void
df_sync_backend_default_init (DfSyncBackendInterface *iface)
{
}

const char *
df_sync_backend_get_id (DfSyncBackend *self)
{
  g_return_val_if_fail (DF_IS_SYNC_BACKEND (self), NULL);
  return DF_SYNC_BACKEND_GET_IFACE (self)->get_id (self);
}

const char *
df_sync_backend_get_name (DfSyncBackend *self)
{
  g_return_val_if_fail (DF_IS_SYNC_BACKEND (self), NULL);
  return DF_SYNC_BACKEND_GET_IFACE (self)->get_name (self);
}

char *
df_sync_backend_sync (DfSyncBackend       *self,
                      DfStore             *store,
                      gint64               project_id,
                      const char          *remote,
                      DfSyncProgressFunc   progress,
                      gpointer             progress_data,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_return_val_if_fail (DF_IS_SYNC_BACKEND (self), NULL);
  return DF_SYNC_BACKEND_GET_IFACE (self)->sync (self, store, project_id, remote, progress,
                                                 progress_data, cancellable, error);
}

/* ---- UI extensions --------------------------------------------------- */

G_DEFINE_INTERFACE (DfUiExtension, df_ui_extension, G_TYPE_OBJECT)

static void
df_ui_extension_default_init (DfUiExtensionInterface *iface)
{
}

void
df_ui_extension_set_project (DfUiExtension *self,
                             DfStore       *store,
                             gint64         project_id)
{
  g_return_if_fail (DF_IS_UI_EXTENSION (self));
  if (DF_UI_EXTENSION_GET_IFACE (self)->set_project != NULL)
    DF_UI_EXTENSION_GET_IFACE (self)->set_project (self, store, project_id);
}

GActionGroup *
df_ui_extension_get_actions (DfUiExtension *self)
{
  g_return_val_if_fail (DF_IS_UI_EXTENSION (self), NULL);
  if (DF_UI_EXTENSION_GET_IFACE (self)->get_actions == NULL)
    return NULL;
  return DF_UI_EXTENSION_GET_IFACE (self)->get_actions (self);
}

GMenuModel *
df_ui_extension_get_menu (DfUiExtension *self)
{
  g_return_val_if_fail (DF_IS_UI_EXTENSION (self), NULL);
  if (DF_UI_EXTENSION_GET_IFACE (self)->get_menu == NULL)
    return NULL;
  return DF_UI_EXTENSION_GET_IFACE (self)->get_menu (self);
}

const char *
df_ui_extension_get_panel_title (DfUiExtension *self)
{
  g_return_val_if_fail (DF_IS_UI_EXTENSION (self), NULL);
  if (DF_UI_EXTENSION_GET_IFACE (self)->get_panel_title == NULL)
    return NULL;
  return DF_UI_EXTENSION_GET_IFACE (self)->get_panel_title (self);
}

GObject *
df_ui_extension_create_panel (DfUiExtension *self)
{
  g_return_val_if_fail (DF_IS_UI_EXTENSION (self), NULL);
  if (DF_UI_EXTENSION_GET_IFACE (self)->create_panel == NULL)
    return NULL;
  return DF_UI_EXTENSION_GET_IFACE (self)->create_panel (self);
}

/* ---- services of the application to its UI extensions -------------- */

static DfRenderMarkdownFunc markdown_renderer;

void
df_ui_extension_set_markdown_renderer (DfRenderMarkdownFunc func)
{
  markdown_renderer = func;
}

gboolean
df_ui_extension_render_markdown (GObject    *text_buffer,
                                 const char *markdown)
{
  g_return_val_if_fail (G_IS_OBJECT (text_buffer), FALSE);

  if (markdown_renderer == NULL)
    return FALSE;
  markdown_renderer (text_buffer, markdown != NULL ? markdown : "");
  return TRUE;
}
