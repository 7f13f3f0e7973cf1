/* df-plugin-job.c: the parent's side of a job run in the helper process
 *
 * The child's standard output carries JSON lines:
 *   {"progress": 0.5, "message": "Chapter 12"}
 *   {"result": {"job_id": 7, "output_path": "...", "size": 1234, "sha256": "..."}}
 *   {"error": {"domain": "df-error-quark", "code": 1, "message": "..."}}
 *   {"notice": {"plugin": "org.example.Thing", "message": "..."}}
 *   {"chunk": "..."}   (a reader transform's text, in pieces, in order)
 * Its standard error is kept (the end of it) to tell a failed allocation.
 * A child that ends without a result or an error line ended abnormally:
 * its job is then recovered here (df_export_recover_interrupted removes
 * the temporary file and marks the row) and given a message naming the
 * plugin.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugins"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "df-plugin-host-private.h"
#include "df-plugin-job-private.h"
#include "df-plugin-notice.h"
#include "df-store-private.h"

#define STDERR_KEEP 4096

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif


/* ---- private helpers ------------------------------------------------- */

guint
_df_plugin_job_limit (const char *name,
                guint       given,
                guint       fallback)
{
  const char *value = g_getenv (name);
  guint64 parsed;

  /* The environment wins: the tests' (and an administrator's) word. */
  if (value != NULL && g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT, &parsed, NULL))
    return (guint)parsed;
  if (given > 0)
    return given;
  return fallback;
}

void
_df_plugin_job_clear (DfPluginJob *job)
{
  g_clear_object (&job->child);
  g_clear_object (&job->out);
  g_clear_object (&job->err);
  if (job->err_tail != NULL)
    g_string_free (job->err_tail, TRUE);
  if (job->chunks != NULL)
    g_string_free (job->chunks, TRUE);
  g_clear_pointer (&job->input, g_bytes_unref);
  g_free (job->last_message);
  g_clear_pointer (&job->result, json_object_unref);
  g_clear_pointer (&job->error, json_object_unref);
}

static void
handle_line (DfPluginJob        *job,
             const char *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, line, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  object = json_node_get_object (root);

  if (json_object_has_member (object, "progress"))
    {
      double fraction = json_object_get_double_member (object, "progress");
      const char *message = json_object_get_string_member_with_default (object, "message", NULL);

      if (message != NULL)
        {
          g_free (job->last_message);
          job->last_message = g_strdup (message);
        }
      if (job->progress != NULL)
        job->progress (fraction, message, job->progress_data);
    }
  else if (json_object_has_member (object, "chunk"))
    {
      const char *text = json_object_get_string_member_with_default (object, "chunk", NULL);

      if (text == NULL)
        return;
      if (job->chunks == NULL)
        job->chunks = g_string_new (NULL);
      g_string_append (job->chunks, text);
      if (job->chunk != NULL)
        job->chunk (text, job->chunk_data);
    }
  else if (json_object_has_member (object, "notice"))
    {
      JsonObject *notice = json_object_get_object_member (object, "notice");
      const char *plugin = notice ? json_object_get_string_member_with_default (notice, "plugin", NULL) : NULL;
      const char *message = notice ? json_object_get_string_member_with_default (notice, "message", NULL) : NULL;

      /* Said here, as if the plugin had said it in this process. */
      if (plugin != NULL && message != NULL)
        df_plugin_notice (plugin, message);
    }
  else if (json_object_has_member (object, "result") && job->result == NULL)
    job->result = json_object_ref (json_object_get_object_member (object, "result"));
  else if (json_object_has_member (object, "error") && job->error == NULL)
    job->error = json_object_ref (json_object_get_object_member (object, "error"));
}

static void read_out (DfPluginJob *job);
static void read_err (DfPluginJob *job);

/* ---- callbacks ------------------------------------------------------- */

static void
out_line_cb (GObject      *source,
             GAsyncResult *res,
             gpointer      data)
{
  DfPluginJob *job = data;
  g_autofree char *line = g_data_input_stream_read_line_finish (job->out, res, NULL, NULL);

  if (line == NULL)
    {
      job->out_done = TRUE;
      return;
    }
  if (g_utf8_validate (line, -1, NULL))
    handle_line (job, line);
  read_out (job);
}

static void
err_bytes_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      data)
{
  DfPluginJob *job = data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (job->err, res, NULL);
  gsize size;
  const char *chunk;

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      job->err_done = TRUE;
      return;
    }
  chunk = g_bytes_get_data (bytes, &size);
  g_string_append_len (job->err_tail, chunk, size);
  if (strstr (job->err_tail->str, "ERROR: AddressSanitizer") != NULL ||
      strstr (job->err_tail->str, ": runtime error: ") != NULL)
    job->sanitizer_report = TRUE;
  if (job->err_tail->len > STDERR_KEEP)
    g_string_erase (job->err_tail, 0, job->err_tail->len - STDERR_KEEP);
  read_err (job);
}

static void
wait_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      data)
{
  DfPluginJob *job = data;

  g_subprocess_wait_finish (job->child, res, NULL);
  job->exited = TRUE;
}

static void
in_written_cb (GObject      *source,
               GAsyncResult *res,
               gpointer      data)
{
  DfPluginJob *job = data;

  /* A helper that ended before reading it all: its end says why. */
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), res, NULL, NULL);
  g_output_stream_close (G_OUTPUT_STREAM (source), NULL, NULL);
  job->in_done = TRUE;
}

static gboolean
force_exit_cb (gpointer data)
{
  DfPluginJob *job = data;

  if (!job->exited)
    g_subprocess_force_exit (job->child);
  return G_SOURCE_REMOVE;
}

/* Ends the child: at once, or (a job with a grace period, stopped by
 * the user) asked with SIGTERM first and killed when the grace is over. */
static gboolean
stop_child (DfPluginJob       *job,
            DfPluginJobEnd  reason)
{
  gboolean asked = reason == DF_JOB_END_CANCELED || reason == DF_JOB_END_INTERRUPTED;

  if (job->end == DF_JOB_END_NONE)
    job->end = reason;
  if (job->exited)
    return G_SOURCE_REMOVE;
  if (asked && job->grace > 0 && job->grace_source == NULL)
    {
      g_subprocess_send_signal (job->child, SIGTERM);
      job->grace_source = g_timeout_source_new_seconds (job->grace);
      g_source_set_callback (job->grace_source, force_exit_cb, job, NULL);
      g_source_attach (job->grace_source, job->context);
      return G_SOURCE_REMOVE;
    }
  g_subprocess_force_exit (job->child);
  return G_SOURCE_REMOVE;
}

static gboolean
timeout_cb (gpointer data)
{
  return stop_child (data, DF_JOB_END_TIMED_OUT);
}

static gboolean
cancel_cb (GCancellable *cancellable,
           gpointer      data)
{
  return stop_child (data, DF_JOB_END_CANCELED);
}

static gboolean
sigint_cb (gpointer data)
{
  return stop_child (data, DF_JOB_END_INTERRUPTED);
}

static void
read_out (DfPluginJob *job)
{
  g_data_input_stream_read_line_async (job->out, G_PRIORITY_DEFAULT, NULL, out_line_cb, job);
}

static void
read_err (DfPluginJob *job)
{
  g_input_stream_read_bytes_async (job->err, 4096, G_PRIORITY_DEFAULT, NULL, err_bytes_cb, job);
}

static GSource *
attach (GSource     *source,
        GSourceFunc  func,
        DfPluginJob         *job)
{
  g_source_set_callback (source, func, job, NULL);
  g_source_attach (source, job->context);
  return source;
}

/* Runs @job->child to its end in @job->context, stopping it on
 * cancellation, Ctrl-C (when asked) or after @time_limit seconds. */
static void
run_child (DfPluginJob          *job,
           guint         time_limit,
           gboolean      stop_on_sigint,
           GCancellable *cancellable)
{
  g_autoptr(GSource) timeout = attach (g_timeout_source_new_seconds (time_limit), timeout_cb, job);
  g_autoptr(GSource) cancel = NULL;
  g_autoptr(GSource) sigint = NULL;

  if (cancellable != NULL)
    cancel = attach (g_cancellable_source_new (cancellable), (GSourceFunc)(void (*)(void))cancel_cb, job);
  if (stop_on_sigint)
    sigint = attach (g_unix_signal_source_new (SIGINT), sigint_cb, job);

  job->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (job->child));
  job->err = g_object_ref (g_subprocess_get_stderr_pipe (job->child));
  read_out (job);
  read_err (job);
  g_subprocess_wait_async (job->child, NULL, wait_cb, job);
  job->in_done = job->input == NULL;
  if (job->input != NULL)
    g_output_stream_write_all_async (g_subprocess_get_stdin_pipe (job->child), g_bytes_get_data (job->input, NULL),
                                     g_bytes_get_size (job->input), G_PRIORITY_DEFAULT, NULL, in_written_cb, job);

  while (!job->exited || !job->out_done || !job->err_done || !job->in_done)
    g_main_context_iteration (job->context, TRUE);

  g_source_destroy (timeout);
  if (job->grace_source != NULL)
    {
      g_source_destroy (job->grace_source);
      g_clear_pointer (&job->grace_source, g_source_unref);
    }
  if (cancel != NULL)
    g_source_destroy (cancel);
  if (sigint != NULL)
    g_source_destroy (sigint);
}

/* "The EPUB exporter (io.github.draftforge.Exporter 0.1.0)" */
static char *
describe_exporter (const DfPluginInfo *info,
                   DfExporter         *exporter)
{
  g_autofree char *format = g_ascii_strup (df_exporter_get_format (exporter), -1);

  return g_strdup_printf (_("The %s exporter (%s %s)"), format,
                          info != NULL ? info->id : "?", info != NULL ? info->version : "?");
}

/* "The Style agent (io.github.draftforge.Style 0.1.0)" */
static char *
describe_agent (const DfPluginInfo *info,
                DfAgent            *agent)
{
  return g_strdup_printf (_("The %s agent (%s %s)"), df_agent_get_name (agent),
                          info != NULL ? info->id : "?", info != NULL ? info->version : "?");
}

/* Why the child ended without a word, in a sentence naming the plugin
 * (@who, as describe_exporter or describe_agent say it). */
char *
_df_plugin_job_explain_end (DfPluginJob                *job,
             const char         *who,
             guint               time_limit,
             guint               memory_limit)
{
  g_autofree char *what = NULL;
  int sig = g_subprocess_get_if_signaled (job->child) ? g_subprocess_get_term_sig (job->child) : 0;

  if (job->end == DF_JOB_END_TIMED_OUT || sig == SIGXCPU)
    what = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "took longer than the %u second allowed and was stopped",
                                         "took longer than the %u seconds allowed and was stopped", time_limit),
                            time_limit);
  else if (strstr (job->err_tail->str, "failed to allocate") != NULL ||
           strstr (job->err_tail->str, "out of memory") != NULL ||
           strstr (job->err_tail->str, "allocation-size-too-big") != NULL ||
           strstr (job->err_tail->str, "rss limit exhausted") != NULL)
    what = g_strdup_printf (_("needed more memory than the %u MiB allowed and was stopped"), memory_limit);
  else if (sig == 0 && job->sanitizer_report && job->last_message != NULL)
    /* A build with the sanitizers reports a crash and exits. */
    what = g_strdup_printf (_("crashed while at “%s” (%s)"), job->last_message, "sanitizer");
  else if (sig == SIGKILL || sig == SIGTERM)
    what = g_strdup (_("was stopped from outside DraftForge"));
  else if (sig != 0 && job->last_message != NULL)
    what = g_strdup_printf (_("crashed while at “%s” (%s)"), job->last_message, g_strsignal (sig));
  else if (sig != 0)
    what = g_strdup_printf (_("crashed as it started (%s)"), g_strsignal (sig));
  else
    what = g_strdup_printf (_("ended unexpectedly (exit status %d)"), g_subprocess_get_exit_status (job->child));

  /* TRANSLATORS: "The EPUB exporter (io.example.Epub 1.2)" "crashed while at …" */
  return g_strdup_printf (_("%s %s. Your book is untouched."), who, what);
}

/* Recovers the jobs the child left (its temporary file removed, the row
 * marked failed) and gives them @status and @message. */
static void
recover_jobs (DfStore     *store,
              GPid         pid,
              gint64       after_id,
              const char  *status,
              const char  *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *pattern = g_strdup_printf ("*:%d:*", (int)pid);

  if (!df_export_recover_interrupted (store, NULL, &error))
    {
      g_warning ("Could not recover the export job of a stopped helper: %s", error->message);
      return;
    }
  stmt = df_store_prepare (store,
                           "UPDATE export_jobs SET status = ?1, error = ?2"
                           " WHERE id > ?3 AND owner GLOB ?4 AND error = 'interrupted'", &error);
  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, message, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, after_id);
  sqlite3_bind_text (stmt, 4, pattern, -1, SQLITE_TRANSIENT);
  if (!df_store_step_done (store, stmt, &error))
    g_warning ("Could not record why an export stopped: %s", error->message);
}

/* The newest row's id of what @query ("SELECT COALESCE(MAX(id), 0) FROM
 * …") reads, or 0: a helper's rows are those after it. */
static gint64
last_id (DfStore    *store,
         const char *query)
{
  g_autoptr(sqlite3_stmt) stmt = df_store_prepare (store, query, NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

/* A helper that ends before it has read its input must not take this
 * process down with SIGPIPE: the write fails instead.  Left alone when
 * the program has its own handler. */
static void
ignore_sigpipe (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      struct sigaction old;

      if (sigaction (SIGPIPE, NULL, &old) == 0 && old.sa_handler == SIG_DFL)
        signal (SIGPIPE, SIG_IGN);
      g_once_init_leave (&done, 1);
    }
}

/* In the child, before exec: it dies with the thread that started it
 * (a command line killed with SIGKILL takes its helper along). */
static void
child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getppid () != (pid_t)GPOINTER_TO_INT (data))
    _exit (1);
}

/* Starts the helper with @args (after the program's name). */
GSubprocess *
_df_plugin_job_spawn (const char * const  *args,
                      guint                memory_limit,
                      gboolean             with_stdin,
                      const char          *env_name,
                      const char          *env_value,
                      GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                                                       (with_stdin ? G_SUBPROCESS_FLAGS_STDIN_PIPE
                                                                                   : G_SUBPROCESS_FLAGS_NONE));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;

  if (with_stdin)
    ignore_sigpipe ();
  if (env_name != NULL)
    g_subprocess_launcher_setenv (launcher, env_name, env_value != NULL ? env_value : "", TRUE);
  g_strv_builder_add (builder, df_plugin_job_runner_path ());
  g_strv_builder_addv (builder, (const char **)args);
  argv = g_strv_builder_end (builder);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, GINT_TO_POINTER ((int)getpid ()), NULL);
#ifdef UNDER_ASAN
  /* The sanitizers' shadow memory rules out RLIMIT_AS: their allocator
   * holds the memory limit instead. */
  if (memory_limit > 0)
    {
      const char *asan = g_getenv ("ASAN_OPTIONS");
      /* One allocation may take what the address space would leave
       * after the program's own mappings; the process, the limit. */
      guint largest = memory_limit > 512 ? memory_limit - 256 : memory_limit;
      g_autofree char *options = g_strdup_printf ("%s%smax_allocation_size_mb=%u:hard_rss_limit_mb=%u:"
                                                  "allocator_may_return_null=0",
                                                  asan ? asan : "", asan && *asan ? ":" : "",
                                                  largest, memory_limit);

      g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", options, TRUE);
    }
#endif
  return g_subprocess_launcher_spawnv (launcher, (const char * const *)argv, error);
}

static GSubprocess *
spawn_export (DfPluginHost        *host,
              const DfPluginInfo  *info,
              DfExporter          *exporter,
              DfStore             *store,
              gint64               project_id,
              const char          *output_path,
              JsonObject          *options,
              guint                time_limit,
              guint                memory_limit,
              GError             **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), options);
  g_autofree char *options_text = json_to_string (node, FALSE);
  g_autofree char *project = g_strdup_printf ("%" G_GINT64_FORMAT, project_id);
  g_autofree char *memory = g_strdup_printf ("%u", memory_limit);
  g_autofree char *seconds = g_strdup_printf ("%u", time_limit);
  g_autofree char *absolute = g_canonicalize_filename (output_path, NULL);
  const char * const args[] = {
    "export", "--db", df_store_get_path (store), "--plugin", info->id,
    "--format", df_exporter_get_format (exporter), "--project", project, "--output", absolute,
    "--options", options_text, "--memory-limit", memory, "--time-limit", seconds,
    "--system-dir", host->system_dir, NULL
  };

  return _df_plugin_job_spawn (args, memory_limit, FALSE, NULL, NULL, error);
}

static DfExportResult *
take_result (JsonObject *object,
             const char *output_path)
{
  DfExportResult *result = g_new0 (DfExportResult, 1);

  result->job_id = json_object_get_int_member_with_default (object, "job_id", 0);
  result->output_path = g_canonicalize_filename (output_path, NULL);
  result->size = json_object_get_int_member_with_default (object, "size", -1);
  result->sha256 = g_strdup (json_object_get_string_member_with_default (object, "sha256", NULL));
  return result;
}

void
_df_plugin_job_set_child_error (JsonObject  *object,
                 GError     **error)
{
  const char *domain = json_object_get_string_member_with_default (object, "domain", NULL);
  GQuark quark = domain != NULL ? g_quark_from_string (domain) : DF_ERROR;

  g_set_error_literal (error, quark, (int)json_object_get_int_member_with_default (object, "code", DF_ERROR_FAILED),
                       json_object_get_string_member_with_default (object, "message", "?"));
}

/* Runs @job->child (started) to its end. */
void
_df_plugin_job_run (DfPluginJob                     *job,
         guint                    time_limit,
         gboolean                 stop_on_sigint,
         GCancellable            *cancellable)
{
  job->context = g_main_context_new ();
  job->err_tail = g_string_new (NULL);
  g_main_context_push_thread_default (job->context);
  run_child (job, time_limit, stop_on_sigint, cancellable);
  g_main_context_pop_thread_default (job->context);
}

/* Why a tried plugin was refused, when the helper ended without a word. */
static char *
explain_try_end (DfPluginJob                *job,
                 const DfPluginInfo *info,
                 const char         *source,
                 guint               time_limit)
{
  int sig = g_subprocess_get_if_signaled (job->child) ? g_subprocess_get_term_sig (job->child) : 0;

  if (job->end == DF_JOB_END_TIMED_OUT || sig == SIGXCPU)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Refused “%s”: the plugin %s %s did not finish starting within %u second",
                                         "Refused “%s”: the plugin %s %s did not finish starting within %u seconds",
                                         time_limit),
                            source, info->id, info->version, time_limit);
  if (strstr (job->err_tail->str, "failed to allocate") != NULL ||
      strstr (job->err_tail->str, "out of memory") != NULL)
    return g_strdup_printf (_("Refused “%s”: the plugin %s %s ran out of memory as it started"),
                            source, info->id, info->version);
  if (sig != 0 || job->sanitizer_report)
    return g_strdup_printf (_("Refused “%s”: the plugin %s %s crashed as it started (%s); "
                              "the plugin needs fixing by its author"),
                            source, info->id, info->version, sig != 0 ? g_strsignal (sig) : "sanitizer");
  return g_strdup_printf (_("Refused “%s”: the plugin %s %s ended as it started (exit status %d)"),
                          source, info->id, info->version, g_subprocess_get_exit_status (job->child));
}

/* ---- agents ---------------------------------------------------------- */

/* The agent_runs rows of @agent_type in @project_id that a stopped helper
 * left running (after @after_id) get @status and @message. */
static void
recover_runs (DfStore     *store,
              gint64       after_id,
              gint64       project_id,
              const char  *agent_type,
              const char  *status,
              const char  *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store,
                           "UPDATE agent_runs SET status = ?1, error = ?2,"
                           " completed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
                           " WHERE id > ?3 AND project_id = ?4 AND agent_type = ?5 AND status = 'running'", &error);
  if (stmt == NULL)
    {
      g_warning ("Could not record why a check stopped: %s", error->message);
      return;
    }
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, message, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, after_id);
  sqlite3_bind_int64 (stmt, 4, project_id);
  sqlite3_bind_text (stmt, 5, agent_type, -1, SQLITE_TRANSIENT);
  if (!df_store_step_done (store, stmt, &error))
    g_warning ("Could not record why a check stopped: %s", error->message);
}

static GSubprocess *
spawn_agent (DfPluginHost          *host,
             const DfPluginInfo    *info,
             DfAgent               *agent,
             DfStore               *store,
             gint64                 project_id,
             gint64                 chapter_id,
             const char            *trigger,
             const DfAgentOptions  *options,
             guint                  time_limit,
             guint                  memory_limit,
             GError               **error)
{
  g_autofree char *project = g_strdup_printf ("%" G_GINT64_FORMAT, project_id);
  g_autofree char *chapter = g_strdup_printf ("%" G_GINT64_FORMAT, chapter_id);
  g_autofree char *memory = g_strdup_printf ("%u", memory_limit);
  g_autofree char *seconds = g_strdup_printf ("%u", time_limit);
  const char * const args[] = {
    "agent", "--db", df_store_get_path (store), "--plugin", info->id,
    "--agent", df_agent_get_agent_type (agent), "--project", project, "--chapter", chapter,
    "--mode", options->mode ? options->mode : "offline", "--trigger", trigger ? trigger : "manual",
    "--memory-limit", memory, "--time-limit", seconds, "--system-dir", host->system_dir, NULL
  };

  return _df_plugin_job_spawn (args, memory_limit, FALSE, NULL, NULL, error);
}

/* ---- shared inside plugins/ ------------------------------------------ */

char *
_df_plugin_beside_program (const char *relative)
{
  g_autofree char *exe = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (relative == NULL || *relative == '\0' || (exe = g_file_read_link ("/proc/self/exe", NULL)) == NULL)
    return NULL;
  dir = g_path_get_dirname (exe);
  path = g_canonicalize_filename (relative, dir);
  return g_file_test (path, G_FILE_TEST_EXISTS) ? g_steal_pointer (&path) : NULL;
}

/* A type named as DraftForge names its own ("Df" and a capital): a
 * later DraftForge may register that name first, and the plugin would
 * then no longer load.  Said once, at install, as a notice. */
static void
notice_host_prefix (const DfPluginInfo *info,
                    JsonObject         *result)
{
  JsonArray *types = json_object_get_array_member (result, "types");

  for (guint i = 0; types != NULL && i < json_array_get_length (types); i++)
    {
      const char *name = json_array_get_string_element (types, i);

      if (name != NULL && g_str_has_prefix (name, "Df") && g_ascii_isupper (name[2]))
        {
          g_autofree char *message =
            g_strdup_printf (_("Its type %s is named with DraftForge’s own prefix “Df”: a later version of "
                               "DraftForge may use that name, and the plugin would then not load. "
                               "Its author should name its types with a prefix of their own."), name);

          df_plugin_notice (info->id, message);
          return;
        }
    }
}

gboolean
_df_plugin_try (const DfPluginInfo  *info,
                const char          *source,
                GError             **error)
{
  g_autofree char *seconds = NULL;
  guint time_limit = _df_plugin_job_limit ("DRAFTFORGE_PLUGIN_TIME_LIMIT", 0, DF_PLUGIN_TRY_TIME_LIMIT);
  DfPluginJob job = { 0 };
  gboolean ok = FALSE;

  seconds = g_strdup_printf ("%u", time_limit);
  {
    const char * const args[] = { "try", "--dir", info->dir, "--source", source, "--time-limit", seconds, NULL };

    job.child = _df_plugin_job_spawn (args, 0, FALSE, NULL, NULL, error);
  }
  if (job.child == NULL)
    {
      g_prefix_error (error, _("Could not start the helper process to try the plugin: "));
      return FALSE;
    }
  _df_plugin_job_run (&job, time_limit, FALSE, NULL);

  if (job.result != NULL && job.end == DF_JOB_END_NONE && g_subprocess_get_successful (job.child))
    {
      notice_host_prefix (info, job.result);
      ok = TRUE;
    }
  else if (job.error != NULL && job.end == DF_JOB_END_NONE)
    _df_plugin_job_set_child_error (job.error, error);
  else
    {
      g_autofree char *message = explain_try_end (&job, info, source, time_limit);

      g_set_error_literal (error, DF_ERROR, DF_ERROR_INVALID, message);
    }

  _df_plugin_job_clear (&job);
  g_main_context_unref (job.context);
  return ok;
}

/* ---- public API ------------------------------------------------------ */

const char *
df_plugin_job_runner_path (void)
{
  static gsize beside;
  const char *path = g_getenv ("DRAFTFORGE_PLUGIN_RUNNER");

  if (path != NULL && *path != '\0')
    return path;
  if (g_once_init_enter (&beside))
    {
      char *found = _df_plugin_beside_program (BIN_TO_PLUGIN_RUNNER);

      /* In the build tree the helper is built beside the programs. */
      if (found == NULL)
        found = _df_plugin_beside_program ("draftforge-plugin-runner");

      g_once_init_leave (&beside, (gsize)(found != NULL ? found : g_strdup (PLUGIN_RUNNER)));
    }
  return (const char *)beside;
}

DfExportResult *
df_plugin_job_export (DfPluginHost             *host,
                      DfExporter               *exporter,
                      DfStore                  *store,
                      gint64                    project_id,
                      const char               *output_path,
                      JsonObject               *options,
                      const DfPluginJobLimits  *limits,
                      DfExportProgressFunc      progress,
                      gpointer                  progress_data,
                      GCancellable             *cancellable,
                      GError                  **error)
{
  static const DfPluginJobLimits no_limits = { 0 };
  g_autoptr(JsonObject) opts = options ? json_object_ref (options) : json_object_new ();
  const char *id = df_plugin_host_get_extension_plugin_id (host, G_OBJECT (exporter));
  const DfPluginInfo *info = id != NULL ? df_plugin_host_lookup (host, id) : NULL;
  guint time_limit, memory_limit;
  DfPluginJob job = { 0 };
  DfExportResult *result = NULL;
  g_autofree char *message = NULL;
  gint64 before;
  GPid pid;

  g_return_val_if_fail (DF_IS_EXPORTER (exporter), NULL);
  if (limits == NULL)
    limits = &no_limits;
  if (info == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                   _("The %s exporter belongs to no plugin DraftForge knows"), df_exporter_get_format (exporter));
      return NULL;
    }
  time_limit = _df_plugin_job_limit ("DRAFTFORGE_PLUGIN_TIME_LIMIT", limits->time_limit, DF_PLUGIN_JOB_DEFAULT_TIME_LIMIT);
  memory_limit = _df_plugin_job_limit ("DRAFTFORGE_PLUGIN_MEMORY_LIMIT", limits->memory_limit,
                                 DF_PLUGIN_JOB_DEFAULT_MEMORY_LIMIT);

  before = last_id (store, "SELECT COALESCE(MAX(id), 0) FROM export_jobs");
  job.child = spawn_export (host, info, exporter, store, project_id, output_path, opts, time_limit, memory_limit, error);
  if (job.child == NULL)
    {
      g_prefix_error (error, _("Could not start the helper process for the export: "));
      return NULL;
    }
  pid = (GPid)g_ascii_strtoll (g_subprocess_get_identifier (job.child), NULL, 10);
  job.progress = progress;
  job.progress_data = progress_data;
  _df_plugin_job_run (&job, time_limit, limits->stop_on_sigint, cancellable);

  if (job.result != NULL && job.end == DF_JOB_END_NONE && g_subprocess_get_successful (job.child))
    result = take_result (job.result, output_path);
  else if (job.error != NULL && job.end == DF_JOB_END_NONE)
    _df_plugin_job_set_child_error (job.error, error);
  else if (job.end == DF_JOB_END_CANCELED || job.end == DF_JOB_END_INTERRUPTED)
    {
      message = g_strdup (job.end == DF_JOB_END_INTERRUPTED ? _("The export was interrupted (Ctrl-C)")
                                                     : _("The export was stopped"));
      recover_jobs (store, pid, before, "canceled", message);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, message);
    }
  else
    {
      g_autofree char *who = describe_exporter (info, exporter);

      message = _df_plugin_job_explain_end (&job, who, time_limit, memory_limit);
      recover_jobs (store, pid, before, "failed", message);
      g_set_error_literal (error, DF_ERROR, DF_ERROR_FAILED, message);
    }

  _df_plugin_job_clear (&job);
  g_main_context_unref (job.context);
  return result;
}

gint64
df_plugin_job_agent (DfPluginHost             *host,
                     DfAgent                  *agent,
                     DfStore                  *store,
                     gint64                    project_id,
                     gint64                    chapter_id,
                     const char               *trigger,
                     const DfAgentOptions     *options,
                     const DfPluginJobLimits  *limits,
                     GCancellable             *cancellable,
                     GError                  **error)
{
  static const DfPluginJobLimits no_limits = { 0 };
  static const DfAgentOptions offline = { "offline", NULL, NULL };
  const char *id = df_plugin_host_get_extension_plugin_id (host, G_OBJECT (agent));
  const DfPluginInfo *info = id != NULL ? df_plugin_host_lookup (host, id) : NULL;
  guint time_limit, memory_limit;
  DfPluginJob job = { 0 };
  g_autofree char *message = NULL;
  gint64 run_id = 0;
  gint64 before;

  g_return_val_if_fail (DF_IS_AGENT (agent), 0);
  if (limits == NULL)
    limits = &no_limits;
  if (options == NULL)
    options = &offline;
  if (info == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND, _("The %s agent belongs to no plugin DraftForge knows"),
                   df_agent_get_name (agent));
      return 0;
    }
  time_limit = _df_plugin_job_limit ("DRAFTFORGE_PLUGIN_TIME_LIMIT", limits->time_limit, DF_PLUGIN_JOB_DEFAULT_TIME_LIMIT);
  memory_limit = _df_plugin_job_limit ("DRAFTFORGE_PLUGIN_MEMORY_LIMIT", limits->memory_limit,
                                 DF_PLUGIN_JOB_DEFAULT_MEMORY_LIMIT);

  before = last_id (store, "SELECT COALESCE(MAX(id), 0) FROM agent_runs");
  job.child = spawn_agent (host, info, agent, store, project_id, chapter_id, trigger, options, time_limit,
                           memory_limit, error);
  if (job.child == NULL)
    {
      g_prefix_error (error, _("Could not start the helper process for the check: "));
      return 0;
    }
  job.progress = options->progress;
  job.progress_data = options->progress_data;
  _df_plugin_job_run (&job, time_limit, limits->stop_on_sigint, cancellable);

  if (job.result != NULL && job.end == DF_JOB_END_NONE && g_subprocess_get_successful (job.child))
    run_id = json_object_get_int_member_with_default (job.result, "run", 0);
  else if (job.error != NULL && job.end == DF_JOB_END_NONE)
    _df_plugin_job_set_child_error (job.error, error);
  else if (job.end == DF_JOB_END_CANCELED || job.end == DF_JOB_END_INTERRUPTED)
    {
      message = g_strdup (job.end == DF_JOB_END_INTERRUPTED ? _("The check was interrupted (Ctrl-C)")
                                                     : _("The check was stopped"));
      recover_runs (store, before, project_id, df_agent_get_agent_type (agent), "canceled", message);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, message);
    }
  else
    {
      g_autofree char *who = describe_agent (info, agent);

      message = _df_plugin_job_explain_end (&job, who, time_limit, memory_limit);
      recover_runs (store, before, project_id, df_agent_get_agent_type (agent), "failed", message);
      g_set_error_literal (error, DF_ERROR, DF_ERROR_FAILED, message);
    }

  _df_plugin_job_clear (&job);
  g_main_context_unref (job.context);
  return run_id;
}
