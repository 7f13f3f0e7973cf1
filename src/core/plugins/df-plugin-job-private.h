/* df-plugin-job-private.h: what the kinds of helper-process job share
 *
 * df-plugin-job.c runs a helper (spawn, read its JSON lines, time limit,
 * Stop, Ctrl-C, explain an abnormal end); df-plugin-job-transform.c and
 * df-plugin-job-sync.c use it for reader transforms and sync backends.
 * Not installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "df-plugin-job.h"

G_BEGIN_DECLS

typedef enum
{
  DF_JOB_END_NONE,
  DF_JOB_END_CANCELED,
  DF_JOB_END_INTERRUPTED,
  DF_JOB_END_TIMED_OUT,
} DfPluginJobEnd;

/* Called from the thread that runs the job, for each {"chunk": "..."}
 * line (text the plugin has made so far, in order). */
typedef void (*DfPluginJobChunkFunc) (const char *text,
                                      gpointer    user_data);

typedef struct
{
  GMainContext         *context;
  GSubprocess          *child;
  GDataInputStream     *out;
  GInputStream         *err;
  GString              *err_tail;
  DfExportProgressFunc  progress;
  gpointer              progress_data;
  DfPluginJobChunkFunc  chunk;
  gpointer              chunk_data;
  GString              *chunks;         /* the chunk lines' text, joined */
  GBytes               *input;          /* written to the child's standard input, or NULL */
  guint                 grace;          /* seconds a stopped child has to end by itself after
                                           SIGTERM (0: killed at once) */
  GSource              *grace_source;
  char                 *last_message;   /* the last progress message */
  JsonObject           *result;         /* the result line's object */
  JsonObject           *error;          /* the error line's object */
  DfPluginJobEnd        end;
  gboolean              sanitizer_report; /* a build with the sanitizers reported a crash */
  gboolean              exited;
  gboolean              out_done;
  gboolean              err_done;
  gboolean              in_done;
} DfPluginJob;

guint        _df_plugin_job_limit           (const char          *name,
                                             guint                given,
                                             guint                fallback);
/* Starts the helper with @args (after the program's name); with
 * @with_stdin, its standard input is a pipe (the job's input). */
GSubprocess *_df_plugin_job_spawn           (const char * const  *args,
                                             guint                memory_limit,
                                             gboolean             with_stdin,
                                             const char          *env_name,
                                             const char          *env_value,
                                             GError             **error);
void         _df_plugin_job_run             (DfPluginJob         *job,
                                             guint                time_limit,
                                             gboolean             stop_on_sigint,
                                             GCancellable        *cancellable);
char        *_df_plugin_job_explain_end     (DfPluginJob         *job,
                                             const char          *who,
                                             guint                time_limit,
                                             guint                memory_limit);
void         _df_plugin_job_set_child_error (JsonObject          *object,
                                             GError             **error);
void         _df_plugin_job_clear           (DfPluginJob         *job);
/* Records a call of a reader transform or a sync backend (@kind
 * "transform" or "sync") of @plugin_id that began at @started_us
 * (g_get_real_time) in @store's plugin_calls, for the plugin page's
 * health: completed when @call_error is NULL, failed with its message
 * otherwise; a call the user stopped is not recorded.  Best effort: a
 * failure to record is only logged. */
void         _df_plugin_calls_record        (DfStore             *store,
                                             const char          *plugin_id,
                                             const char          *kind,
                                             gint64               started_us,
                                             const GError        *call_error);

/* The helper's side (df-plugin-runner.c, df-plugin-runner-ops.c). */
typedef struct
{
  const char *db;
  const char *system_dir;
  const char *plugin;
  const char *backend;
  const char *op;
  gint64      project;
  gint64      chapter;
  const char *remote;
  const char *repo;
  const char *message;
  const char *version;
  const char *url;
} DfRunnerSyncArgs;

/* The database the parent has open: never made anew when it is gone
 * (its folder removed while the job ran). */
DfStore     *_df_plugin_runner_open_store    (const char          *db,
                                              GError             **error);
void         _df_plugin_runner_write_line    (const char          *text);
void         _df_plugin_runner_send_object   (const char          *member,
                                              JsonObject          *value);
void         _df_plugin_runner_send_progress (double               fraction,
                                              const char          *message,
                                              gpointer             data);
gboolean     _df_plugin_runner_transform     (const char          *db,
                                              const char          *system_dir,
                                              const char          *plugin_id,
                                              guint                index,
                                              const char          *profile_id,
                                              gint64               chapter_id,
                                              GError             **error);
gboolean     _df_plugin_runner_sync          (const DfRunnerSyncArgs *args,
                                              GError             **error);

G_END_DECLS
