/* df-plugin-health.c: how a plugin has been doing
 *
 * Its crashes come from the guard's record (per user); its last failed
 * export job is the last one whose error names it (the helper's messages
 * do: "… (ID VERSION) crashed …"); the time its jobs took, from the
 * completed export jobs of the formats its exporters offer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugins"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "df-plugin-host-private.h"
#include "df-store-private.h"

/* ---- private helpers ------------------------------------------------- */

/* The last failed export job whose error names @info's plugin. */
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

  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return;
  *message = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  *when = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
}

/* How many export jobs of @plugin's formats completed, and their mean
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
      if (n > 0)
        plugin->info.job_seconds = (plugin->info.job_seconds * plugin->info.jobs
                                    + sqlite3_column_double (stmt, 1) * n) / (plugin->info.jobs + n);
      plugin->info.jobs += n;
    }
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
