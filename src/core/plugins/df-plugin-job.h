/* df-plugin-job.h: running a plugin's headless work in a helper process
 *
 * An export, or an agent's check, runs in a child process,
 * draftforge-plugin-runner, one per job: it opens the same database, loads only the plugin that provides the
 * exporter, and reports its progress and result as JSON lines on its
 * standard output.  When the child crashes, is killed, or goes over its
 * time or memory limit, the job's export_jobs row is marked failed with a
 * message naming the plugin and its version, and its temporary file is
 * removed; the caller goes on.
 *
 * Used by the application and the command line; not by plugins.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "df-exporter.h"
#include "df-plugin-host.h"
#include "df-reader-transform.h"
#include "df-sync-backend.h"

G_BEGIN_DECLS

/* The defaults: ten minutes, 2 GiB of address space. */
#define DF_PLUGIN_JOB_DEFAULT_TIME_LIMIT   600
#define DF_PLUGIN_JOB_DEFAULT_MEMORY_LIMIT 2048
/* How long a plugin tried before its install may take to start. */
#define DF_PLUGIN_TRY_TIME_LIMIT           10

typedef struct
{
  guint    time_limit;     /* seconds; 0: the default.  DRAFTFORGE_PLUGIN_TIME_LIMIT overrides */
  guint    memory_limit;   /* MiB; 0: the default.  DRAFTFORGE_PLUGIN_MEMORY_LIMIT overrides */
  gboolean stop_on_sigint; /* the command line: Ctrl-C stops the job, which ends
                            * with G_IO_ERROR_CANCELLED */
} DfPluginJobLimits;

/* The helper program: $DRAFTFORGE_PLUGIN_RUNNER, or the installed one. */
const char     *df_plugin_job_runner_path (void);

/* As df_export_run, with @exporter (one of @host's) run in a helper
 * process on the database at @store's path.  @limits may be NULL.
 * Synchronous: call it from a worker thread (or the command line's main
 * thread); @progress is called from the calling thread. */
DfExportResult *df_plugin_job_export      (DfPluginHost             *host,
                                           DfExporter               *exporter,
                                           DfStore                  *store,
                                           gint64                    project_id,
                                           const char               *output_path,
                                           JsonObject               *options,
                                           const DfPluginJobLimits  *limits,
                                           DfExportProgressFunc      progress,
                                           gpointer                  progress_data,
                                           GCancellable             *cancellable,
                                           GError                  **error);

/* Runs @agent (one of @host's) in a helper process on the database at
 * @store's path, as df_agent_run_with does: the run is recorded in
 * agent_runs (its id returned; read its issues with
 * df_agent_runs_get_issues).  A helper that crashes, hangs past the time
 * limit or runs out of memory leaves the run failed with a message naming
 * the plugin; Stop (@cancellable) or Ctrl-C (when @limits asks) leaves it
 * canceled.  @options' progress is called from the calling thread.
 * Synchronous: call it from a worker thread or the command line. */
gint64          df_plugin_job_agent       (DfPluginHost             *host,
                                           DfAgent                  *agent,
                                           DfStore                  *store,
                                           gint64                    project_id,
                                           gint64                    chapter_id,
                                           const char               *trigger,
                                           const DfAgentOptions     *options,
                                           const DfPluginJobLimits  *limits,
                                           GCancellable             *cancellable,
                                           GError                  **error);

/* A reader transform that runs @transform (one of @host's) in a helper
 * process at each call: the chapter's Markdown goes to the helper, the
 * new Markdown comes back in pieces; a crash, a hang past the time limit
 * or a lack of memory fails the call with a message naming the plugin
 * ("The Personalize reader transform (id 1.2) crashed ..."), and the
 * cancellable stops it.  @limits may be NULL.  Its calls are synchronous:
 * make them from a worker thread.  A transform of no plugin is returned
 * as it is (referenced). */
DfReaderTransform *df_plugin_job_reader_transform  (DfPluginHost             *host,
                                                    DfReaderTransform        *transform,
                                                    const DfPluginJobLimits  *limits);
/* df_plugin_host_get_reader_transforms, each run in a helper process. */
GPtrArray         *df_plugin_job_reader_transforms (DfPluginHost             *host,
                                                    const DfPluginJobLimits  *limits);
/* A sync backend that runs each call of @backend (one of @host's) but
 * get_id and get_name in a helper process on the database of the store
 * it is given (the host's for the calls without one), with the progress
 * of sync and clone carried back; failures as above ("The Git sync
 * backend (id 1.2) ..."). */
DfSyncBackend     *df_plugin_job_sync_backend      (DfPluginHost             *host,
                                                    DfSyncBackend            *backend,
                                                    const DfPluginJobLimits  *limits);

/* The helper's main: `draftforge-plugin-runner export --db PATH --plugin
 * ID --format F --project N --output PATH [--options JSON]
 * [--memory-limit MIB] [--time-limit S] [--system-dir DIR]`,
 * `draftforge-plugin-runner agent --db PATH --plugin ID --agent TYPE
 * --project N [--chapter N] [--mode offline|model] [--trigger T] [...]`, or
 * `draftforge-plugin-runner transform --db PATH --plugin ID --index N
 * --chapter N [--profile ID]` (the Markdown on its standard input),
 * `draftforge-plugin-runner sync --db PATH --plugin ID --backend ID --op
 * OP [--project N] [...]` (a token in DRAFTFORGE_SYNC_TOKEN), or
 * `draftforge-plugin-runner try --dir DIR --source SOURCE` (a plugin
 * before its install: its module opened, its entry point run, each type
 * it registers instantiated and checked against its extension point). */
int             df_plugin_runner_main     (int    argc,
                                           char **argv);

G_END_DECLS
