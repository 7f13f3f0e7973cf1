/* df-plugin-health.c: how a plugin has been doing
 *
 * Its crashes come from the guard's record (per user); its last failure
 * is the later of its last failed export job (the one whose error names
 * it: the helper's messages do, "… (ID VERSION) crashed …") and its last
 * failed call of a reader transform or sync backend (plugin_calls, which
 * the helper jobs record here) or run of one of its agents (agent_runs);
 * the time its jobs took, from the completed export jobs of the formats
 * its exporters offer, the completed runs of its agents and its
 * completed calls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugins"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "df-plugin-host-private.h"
#include "df-plugin-job-private.h"
#include "df-store-private.h"

/* ---- private helpers ------------------------------------------------- */

/* Takes the failure @stmt's row gives (its error, then when), bound to
 * @key, when it is later than @when's. */
static void
take_later_failure (sqlite3_stmt  *stmt,
                    const char    *key,
                    char         **message,
                    char         **when)
{
  if (stmt == NULL)
    return;
  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_text (stmt, 0) == NULL ||
      (*when != NULL && g_strcmp0 ((const char *)sqlite3_column_text (stmt, 1), *when) < 0))
    return;
  g_free (*message);
  g_free (*when);
  *message = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  *when = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
}

/* The last failed export job whose error names @info's plugin (the
 * helper's messages do). */
static void
last_failed_job (DfStore       *store,
                 DfPluginInfo  *info,
                 char         **message,
                 char         **when)
{
  g_autofree char *pattern = g_strdup_printf ("*(%s *", info->id);
  g_autoptr(sqlite3_stmt) stmt = df_store_prepare (store,
                                                   "SELECT error, completed_at FROM export_jobs"
                                                   " WHERE status = 'failed' AND error GLOB ?1"
                                                   " ORDER BY id DESC LIMIT 1", NULL);

  take_later_failure (stmt, pattern, message, when);
}

/* The last failed call of @plugin's transforms or sync backends, or run
 * of its agents, when it is later than @when's (the last failed export
 * job). */
static void
last_failed_call (DfStore         *store,
                  DfHostedPlugin  *plugin,
                  char           **message,
                  char           **when)
{
  g_autoptr(sqlite3_stmt) calls = df_store_prepare (store,
                                                    "SELECT error, completed_at FROM plugin_calls"
                                                    " WHERE plugin_id = ?1 AND status = 'failed'"
                                                    " ORDER BY id DESC LIMIT 1", NULL);
  g_autoptr(sqlite3_stmt) runs = df_store_prepare (store,
                                                   "SELECT error, completed_at FROM agent_runs"
                                                   " WHERE agent_type = ?1 AND status = 'failed'"
                                                   " ORDER BY id DESC LIMIT 1", NULL);

  take_later_failure (calls, plugin->info.id, message, when);
  for (guint i = 0; runs != NULL && plugin->extensions != NULL && i < plugin->extensions->len; i++)
    {
      DfPluginExtension *ext = plugin->extensions->pdata[i];

      if (ext->kind == DF_PLUGIN_EXT_AGENT)
        take_later_failure (runs, df_agent_get_agent_type (DF_AGENT (ext->instance)), message, when);
    }
}

/* Adds @n jobs of @seconds on average to @info's. */
static void
add_jobs (DfPluginInfo *info,
          guint         n,
          double        seconds)
{
  if (n == 0)
    return;
  info->job_seconds = (info->job_seconds * info->jobs + seconds * n) / (info->jobs + n);
  info->jobs += n;
}

/* How many export jobs of @plugin's formats, runs of its agents and
 * calls of its transforms and sync backends completed, and their mean
 * duration in seconds. */
static void
job_times (DfStore        *store,
           DfHostedPlugin *plugin)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  plugin->info.jobs = 0;
  plugin->info.job_seconds = 0;
  stmt = df_store_prepare (store,
                           "SELECT count(*), COALESCE(avg((julianday(completed_at) - julianday(started_at)) * 86400), 0)"
                           " FROM export_jobs WHERE status = 'completed' AND format = ?1", NULL);
  for (guint i = 0; stmt != NULL && plugin->extensions != NULL && i < plugin->extensions->len; i++)
    {
      DfPluginExtension *ext = plugin->extensions->pdata[i];
      guint n;

      if (ext->kind != DF_PLUGIN_EXT_EXPORTER)
        continue;
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, df_exporter_get_format (DF_EXPORTER (ext->instance)), -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        continue;
      n = (guint)sqlite3_column_int (stmt, 0);
      add_jobs (&plugin->info, n, sqlite3_column_double (stmt, 1));
    }

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = df_store_prepare (store,
                           "SELECT count(*), COALESCE(avg((julianday(completed_at) - julianday(started_at)) * 86400), 0)"
                           " FROM agent_runs WHERE status = 'completed' AND agent_type = ?1"
                           " AND started_at IS NOT NULL AND completed_at IS NOT NULL", NULL);
  for (guint i = 0; stmt != NULL && plugin->extensions != NULL && i < plugin->extensions->len; i++)
    {
      DfPluginExtension *ext = plugin->extensions->pdata[i];

      if (ext->kind != DF_PLUGIN_EXT_AGENT)
        continue;
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, df_agent_get_agent_type (DF_AGENT (ext->instance)), -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        add_jobs (&plugin->info, (guint)sqlite3_column_int (stmt, 0), sqlite3_column_double (stmt, 1));
    }

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = df_store_prepare (store,
                           "SELECT count(*), COALESCE(avg(seconds), 0) FROM plugin_calls"
                           " WHERE plugin_id = ?1 AND status = 'completed'", NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, plugin->info.id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    add_jobs (&plugin->info, (guint)sqlite3_column_int (stmt, 0), sqlite3_column_double (stmt, 1));
}

static void
update_one (DfStore        *store,
            DfHostedPlugin *plugin)
{
  DfPluginInfo *info = &plugin->info;
  g_autofree char *crashed_in = NULL;
  g_autofree char *crashed_at = NULL;
  g_autofree char *job_error = NULL;
  g_autofree char *job_at = NULL;

  g_clear_pointer (&info->last_failure, g_free);
  g_clear_pointer (&info->last_failure_at, g_free);
  info->crashes = _df_plugin_guard_get_record (info->id, &crashed_in, &crashed_at);
  last_failed_job (store, info, &job_error, &job_at);
  last_failed_call (store, plugin, &job_error, &job_at);

  /* The later of the two. */
  if (job_error != NULL && (crashed_at == NULL || g_strcmp0 (job_at, crashed_at) >= 0))
    {
      info->last_failure = g_steal_pointer (&job_error);
      info->last_failure_at = g_steal_pointer (&job_at);
    }
  else if (crashed_at != NULL)
    {
      info->last_failure = g_strdup_printf (_("It crashed DraftForge (in %s)"), crashed_in ? crashed_in : "?");
      info->last_failure_at = g_steal_pointer (&crashed_at);
    }
  job_times (store, plugin);
}

/* @text with what stands between “ and ” (a step an exporter reported,
 * which may be a chapter's title) left out: a report holds no book text. */
static char *
without_quoted (const char *text)
{
  GString *out = g_string_new (NULL);
  const char *p = text;
  const char *open;

  while ((open = strstr (p, "“")) != NULL)
    {
      const char *close = strstr (open, "”");

      if (close == NULL)
        break;
      g_string_append_len (out, p, open - p);
      g_string_append (out, "“…”");
      p = close + strlen ("”");
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

/* ---- public API ------------------------------------------------------ */

void
_df_plugin_calls_record (DfStore      *store,
                         const char   *plugin_id,
                         const char   *kind,
                         gint64        started_us,
                         const GError *call_error)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) started = g_date_time_new_from_unix_utc (started_us / G_USEC_PER_SEC);
  g_autofree char *started_at = g_date_time_format (started, "%Y-%m-%dT%H:%M:%SZ");
  double seconds = MAX (0, (g_get_real_time () - started_us) / (double)G_USEC_PER_SEC);
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) prune = NULL;

  if (store == NULL || df_store_is_read_only (store) ||
      g_error_matches (call_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!df_store_begin_light (store, &error))
    goto failed;
  insert = df_store_prepare (store,
                             "INSERT INTO plugin_calls (plugin_id, kind, status, error, started_at, completed_at, seconds)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?6)", &error);
  prune = df_store_prepare (store,
                            "DELETE FROM plugin_calls WHERE plugin_id = ?1 AND id <= (SELECT id FROM plugin_calls"
                            " WHERE plugin_id = ?1 ORDER BY id DESC LIMIT 1 OFFSET 200)", &error);
  if (insert == NULL || prune == NULL)
    {
      df_store_rollback (store);
      goto failed;
    }
  sqlite3_bind_text (insert, 1, plugin_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, call_error != NULL ? "failed" : "completed", -1, SQLITE_STATIC);
  if (call_error != NULL)
    sqlite3_bind_text (insert, 4, call_error->message, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 5, started_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_double (insert, 6, seconds);
  sqlite3_bind_text (prune, 1, plugin_id, -1, SQLITE_TRANSIENT);
  if (!df_store_step_done (store, insert, &error) || !df_store_step_done (store, prune, &error) ||
      !df_store_commit (store, &error))
    {
      df_store_rollback (store);
      goto failed;
    }
  return;

failed:
  g_debug ("The call of %s was not recorded: %s", plugin_id, error ? error->message : "?");
}

void
df_plugin_host_update_health (DfPluginHost *self)
{
  g_return_if_fail (DF_IS_PLUGIN_HOST (self));

  _df_plugin_host_ensure_scanned (self);
  for (guint i = 0; i < self->plugins->len; i++)
    update_one (self->store, self->plugins->pdata[i]);
}

char *
df_plugin_health_report (const DfPluginInfo *info)
{
  GString *report = g_string_new (NULL);
  static const char * const origins[] = { "user", "path", "system" };

  g_return_val_if_fail (info != NULL, NULL);

  /* Not translated: for the plugin's author, whatever their language. */
  g_string_append_printf (report, "Plugin: %s\nVersion: %s\nAPI: %d\nOrigin: %s\n",
                          info->id, info->version ? info->version : "?", info->api_version,
                          origins[CLAMP ((int)info->origin, 0, 2)]);
  g_string_append_printf (report, "DraftForge: %s\nState: %s%s\n", PACKAGE_VERSION,
                          info->enabled ? "enabled" : "disabled", info->loaded ? ", loaded" : "");
  g_string_append_printf (report, "Crashes: %u\n", info->crashes);
  if (info->jobs > 0)
    g_string_append_printf (report, "Jobs: %u, %.1f s on average\n", info->jobs, info->job_seconds);
  if (info->error != NULL)
    {
      g_autofree char *error = without_quoted (info->error);

      g_string_append_printf (report, "Error: %s\n", error);
    }
  if (info->last_failure != NULL)
    {
      g_autofree char *failure = without_quoted (info->last_failure);

      g_string_append_printf (report, "Last failure: %s (%s)\n", failure,
                              info->last_failure_at ? info->last_failure_at : "?");
    }
  return g_string_free (report, FALSE);
}
