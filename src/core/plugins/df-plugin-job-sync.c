/* df-plugin-job-sync.c: a sync backend run in the helper process
 *
 * DfSyncJob stands for a plugin's sync backend: each call (sync, link,
 * commit, status, log, clone, show, restore, set_token, has_token)
 * starts draftforge-plugin-runner (`sync --plugin ID --backend ID --op
 * OP ...`), which opens the same database, loads only that plugin, makes
 * the call and sends its progress and its result as JSON lines.  A token
 * goes to the helper in its environment, never on its command line.  A
 * helper that crashes, hangs past the time limit or runs out of memory
 * makes the call fail with a message naming the plugin; Stop sends it
 * SIGTERM, which cancels the call's cancellable there, and kills it if it
 * has not ended two seconds later; what it had not
 * committed to the database is rolled back by SQLite, so the book is as
 * it was.  get_id and get_name are answered here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugins"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "df-plugin-host-private.h"
#include "df-plugin-job-private.h"
#include "df-sync-backend.h"

/* Seconds a stopped sync has to stop by itself before it is killed. */
#define SYNC_GRACE 2

#define DF_TYPE_SYNC_JOB (df_sync_job_get_type ())
G_DECLARE_FINAL_TYPE (DfSyncJob, df_sync_job, DF, SYNC_JOB, GObject)

struct _DfSyncJob
{
  GObject            parent_instance;

  char              *plugin_id;
  char              *system_dir;
  char              *db_path;     /* the host's database, for calls without a store */
  char              *backend_id;
  char              *name;
  char              *who;         /* "The Git sync backend (id version)" */
  DfPluginJobLimits  limits;
};

typedef struct
{
  const char          *op;
  DfStore             *store;       /* NULL: the host's database */
  const char * const  *args;        /* after the op's, NULL-terminated */
  const char          *token;       /* for set_token */
  DfSyncProgressFunc   progress;
  gpointer             progress_data;
  GCancellable        *cancellable;
} Call;

static void df_sync_job_iface_init (DfSyncBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DfSyncJob, df_sync_job, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DF_TYPE_SYNC_BACKEND, df_sync_job_iface_init))

/* ---- private helpers ------------------------------------------------- */

static GSubprocess *
spawn_call (DfSyncJob   *self,
            const Call  *call,
            guint        time_limit,
            guint        memory_limit,
            GError     **error)
{
  g_autofree char *memory = g_strdup_printf ("%u", memory_limit);
  g_autofree char *seconds = g_strdup_printf ("%u", time_limit);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) args = NULL;
  const char * const head[] = {
    "sync", "--db", call->store != NULL ? df_store_get_path (call->store) : self->db_path,
    "--plugin", self->plugin_id, "--backend", self->backend_id, "--op", call->op,
    "--memory-limit", memory, "--time-limit", seconds, "--system-dir", self->system_dir, NULL
  };

  g_strv_builder_addv (builder, (const char **)head);
  for (guint i = 0; call->args != NULL && call->args[i] != NULL; i += 2)
    if (call->args[i + 1] != NULL)
      {
        g_strv_builder_add (builder, call->args[i]);
        g_strv_builder_add (builder, call->args[i + 1]);
      }
  args = g_strv_builder_end (builder);
  return _df_plugin_job_spawn ((const char * const *)args, memory_limit, FALSE,
                               call->token != NULL ? "DRAFTFORGE_SYNC_TOKEN" : NULL, call->token, error);
}

/* Makes @call in a helper; its result line's object, or NULL with
 * @error. */
static JsonObject *
run_call (DfSyncJob   *self,
          const Call  *call,
          GError     **error)
{
  guint time_limit = _df_plugin_job_limit ("DRAFTFORGE_PLUGIN_TIME_LIMIT", self->limits.time_limit,
                                           DF_PLUGIN_JOB_DEFAULT_TIME_LIMIT);
  guint memory_limit = _df_plugin_job_limit ("DRAFTFORGE_PLUGIN_MEMORY_LIMIT", self->limits.memory_limit,
                                             DF_PLUGIN_JOB_DEFAULT_MEMORY_LIMIT);
  gint64 started = g_get_real_time ();
  g_autoptr(GError) local_error = NULL;
  DfPluginJob job = { 0 };
  JsonObject *result = NULL;

  job.child = spawn_call (self, call, time_limit, memory_limit, error);
  if (job.child == NULL)
    {
      g_prefix_error (error, _("Could not start the helper process for the sync: "));
      return NULL;
    }
  /* Stop asks first: the backend ends at a step it can stop at (no lock
   * file of a write half done is left in the repository). */
  job.grace = SYNC_GRACE;
  job.progress = (DfExportProgressFunc)call->progress;
  job.progress_data = call->progress_data;
  _df_plugin_job_run (&job, time_limit, self->limits.stop_on_sigint, call->cancellable);

  if (job.result != NULL && job.end == DF_JOB_END_NONE && g_subprocess_get_successful (job.child))
    result = json_object_ref (job.result);
  else if (job.error != NULL && job.end == DF_JOB_END_NONE)
    _df_plugin_job_set_child_error (job.error, &local_error);
  else if (job.end == DF_JOB_END_CANCELED || job.end == DF_JOB_END_INTERRUPTED)
    g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The sync was stopped"));
  else
    {
      g_autofree char *message = _df_plugin_job_explain_end (&job, self->who, time_limit, memory_limit);

      g_set_error_literal (&local_error, DF_ERROR, DF_ERROR_FAILED, message);
    }

  _df_plugin_job_clear (&job);
  g_main_context_unref (job.context);
  /* (the token calls, which have no project, are not counted) */
  _df_plugin_calls_record (call->store, self->plugin_id, "sync", started, local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return result;
}

static char *
call_text (DfSyncJob   *self,
           const Call  *call,
           GError     **error)
{
  g_autoptr(JsonObject) result = run_call (self, call, error);

  if (result == NULL)
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (result, "text", ""));
}

static char *
id_text (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

static char *
member_dup (JsonObject *object,
            const char *name)
{
  return g_strdup (json_object_get_string_member_with_default (object, name, NULL));
}

static DfSyncVersion *
version_from_json (JsonObject *object)
{
  DfSyncVersion *version = g_new0 (DfSyncVersion, 1);
  JsonArray *chapters = json_object_get_array_member (object, "chapters");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  version->id = member_dup (object, "id");
  version->author = member_dup (object, "author");
  version->email = member_dup (object, "email");
  version->date = member_dup (object, "date");
  version->message = member_dup (object, "message");
  version->words_added = json_object_get_int_member_with_default (object, "words_added", 0);
  version->words_removed = json_object_get_int_member_with_default (object, "words_removed", 0);
  for (guint i = 0; chapters != NULL && i < json_array_get_length (chapters); i++)
    g_strv_builder_add (builder, json_array_get_string_element (chapters, i));
  version->chapters = g_strv_builder_end (builder);
  return version;
}

/* ---- vfuncs ---------------------------------------------------------- */

static const char *
job_get_id (DfSyncBackend *backend)
{
  return DF_SYNC_JOB (backend)->backend_id;
}

static const char *
job_get_name (DfSyncBackend *backend)
{
  return DF_SYNC_JOB (backend)->name;
}

static char *
job_sync (DfSyncBackend       *backend,
          DfStore             *store,
          gint64               project_id,
          const char          *remote,
          DfSyncProgressFunc   progress,
          gpointer             progress_data,
          GCancellable        *cancellable,
          GError             **error)
{
  g_autofree char *project = id_text (project_id);
  const char * const args[] = { "--project", project, "--remote", remote, NULL };
  Call call = { "sync", store, args, NULL, progress, progress_data, cancellable };

  return call_text (DF_SYNC_JOB (backend), &call, error);
}

static gboolean
job_link (DfSyncBackend  *backend,
          DfStore        *store,
          gint64          project_id,
          const char     *repo_path,
          GError        **error)
{
  g_autofree char *project = id_text (project_id);
  const char * const args[] = { "--project", project, "--repo", repo_path, NULL };
  Call call = { "link", store, args, NULL, NULL, NULL, NULL };
  g_autoptr(JsonObject) result = run_call (DF_SYNC_JOB (backend), &call, error);

  return result != NULL;
}

static char *
job_commit (DfSyncBackend  *backend,
            DfStore        *store,
            gint64          project_id,
            const char     *message,
            GError        **error)
{
  g_autofree char *project = id_text (project_id);
  const char * const args[] = { "--project", project, "--message", message, NULL };
  Call call = { "commit", store, args, NULL, NULL, NULL, NULL };

  return call_text (DF_SYNC_JOB (backend), &call, error);
}

static DfSyncStatus *
job_status (DfSyncBackend  *backend,
            DfStore        *store,
            gint64          project_id,
            GError        **error)
{
  g_autofree char *project = id_text (project_id);
  const char * const args[] = { "--project", project, NULL };
  Call call = { "status", store, args, NULL, NULL, NULL, NULL };
  g_autoptr(JsonObject) result = run_call (DF_SYNC_JOB (backend), &call, error);
  DfSyncStatus *status;

  if (result == NULL)
    return NULL;
  status = g_new0 (DfSyncStatus, 1);
  status->repo_path = member_dup (result, "repo_path");
  status->remote_url = member_dup (result, "remote_url");
  status->head = member_dup (result, "head");
  status->n_changed = json_object_get_int_member_with_default (result, "n_changed", 0);
  status->n_to_send = json_object_get_int_member_with_default (result, "n_to_send", 0);
  status->n_to_receive = json_object_get_int_member_with_default (result, "n_to_receive", 0);
  status->n_conflicts = json_object_get_int_member_with_default (result, "n_conflicts", 0);
  status->last_synced_at = member_dup (result, "last_synced_at");
  status->last_error = member_dup (result, "last_error");
  return status;
}

static GPtrArray *
job_log (DfSyncBackend  *backend,
         DfStore        *store,
         gint64          project_id,
         gint64          chapter_id,
         GError        **error)
{
  g_autofree char *project = id_text (project_id);
  g_autofree char *chapter = id_text (chapter_id);
  const char * const args[] = { "--project", project, "--chapter", chapter, NULL };
  Call call = { "log", store, args, NULL, NULL, NULL, NULL };
  g_autoptr(JsonObject) result = run_call (DF_SYNC_JOB (backend), &call, error);
  JsonArray *versions;
  GPtrArray *log;

  if (result == NULL)
    return NULL;
  log = g_ptr_array_new_with_free_func ((GDestroyNotify)df_sync_version_free);
  versions = json_object_get_array_member (result, "versions");
  for (guint i = 0; versions != NULL && i < json_array_get_length (versions); i++)
    g_ptr_array_add (log, version_from_json (json_array_get_object_element (versions, i)));
  return log;
}

static gint64
job_clone (DfSyncBackend       *backend,
           DfStore             *store,
           const char          *url,
           const char          *repo_path,
           DfSyncProgressFunc   progress,
           gpointer             progress_data,
           GCancellable        *cancellable,
           GError             **error)
{
  const char * const args[] = { "--url", url, "--repo", repo_path, NULL };
  Call call = { "clone", store, args, NULL, progress, progress_data, cancellable };
  g_autoptr(JsonObject) result = run_call (DF_SYNC_JOB (backend), &call, error);

  return result != NULL ? json_object_get_int_member_with_default (result, "project", 0) : 0;
}

static char *
job_show (DfSyncBackend  *backend,
          DfStore        *store,
          gint64          project_id,
          const char     *version,
          gint64          chapter_id,
          GError        **error)
{
  g_autofree char *project = id_text (project_id);
  g_autofree char *chapter = id_text (chapter_id);
  const char * const args[] = { "--project", project, "--version", version, "--chapter", chapter, NULL };
  Call call = { "show", store, args, NULL, NULL, NULL, NULL };

  return call_text (DF_SYNC_JOB (backend), &call, error);
}

static char *
job_restore (DfSyncBackend  *backend,
             DfStore        *store,
             gint64          project_id,
             const char     *version,
             GError        **error)
{
  g_autofree char *project = id_text (project_id);
  const char * const args[] = { "--project", project, "--version", version, NULL };
  Call call = { "restore", store, args, NULL, NULL, NULL, NULL };

  return call_text (DF_SYNC_JOB (backend), &call, error);
}

static gboolean
job_set_token (DfSyncBackend  *backend,
               const char     *url,
               const char     *token,
               GCancellable   *cancellable,
               GError        **error)
{
  const char * const args[] = { "--url", url, NULL };
  Call call = { "set-token", NULL, args, token != NULL ? token : "", NULL, NULL, cancellable };
  g_autoptr(JsonObject) result = run_call (DF_SYNC_JOB (backend), &call, error);

  return result != NULL;
}

static gboolean
job_has_token (DfSyncBackend  *backend,
               const char     *url,
               gboolean       *has,
               GCancellable   *cancellable,
               GError        **error)
{
  const char * const args[] = { "--url", url, NULL };
  Call call = { "has-token", NULL, args, NULL, NULL, NULL, cancellable };
  g_autoptr(JsonObject) result = run_call (DF_SYNC_JOB (backend), &call, error);

  if (result == NULL)
    return FALSE;
  *has = json_object_get_boolean_member_with_default (result, "has", FALSE);
  return TRUE;
}

static void
df_sync_job_iface_init (DfSyncBackendInterface *iface)
{
  iface->get_id = job_get_id;
  iface->get_name = job_get_name;
  iface->sync = job_sync;
  iface->link = job_link;
  iface->commit = job_commit;
  iface->status = job_status;
  iface->log = job_log;
  iface->clone = job_clone;
  iface->show = job_show;
  iface->restore = job_restore;
  iface->set_token = job_set_token;
  iface->has_token = job_has_token;
}

static void
df_sync_job_finalize (GObject *object)
{
  DfSyncJob *self = DF_SYNC_JOB (object);

  g_free (self->plugin_id);
  g_free (self->system_dir);
  g_free (self->db_path);
  g_free (self->backend_id);
  g_free (self->name);
  g_free (self->who);
  G_OBJECT_CLASS (df_sync_job_parent_class)->finalize (object);
}

static void
df_sync_job_class_init (DfSyncJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = df_sync_job_finalize;
}

static void
df_sync_job_init (DfSyncJob *self)
{
}

/* ---- public API ------------------------------------------------------ */

DfSyncBackend *
df_plugin_job_sync_backend (DfPluginHost             *host,
                            DfSyncBackend            *backend,
                            const DfPluginJobLimits  *limits)
{
  const char *id = df_plugin_host_get_extension_plugin_id (host, G_OBJECT (backend));
  const DfPluginInfo *info = id != NULL ? df_plugin_host_lookup (host, id) : NULL;
  DfSyncJob *self;

  g_return_val_if_fail (DF_IS_SYNC_BACKEND (backend), NULL);
  if (info == NULL)
    return g_object_ref (backend);

  self = g_object_new (DF_TYPE_SYNC_JOB, NULL);
  self->plugin_id = g_strdup (info->id);
  self->system_dir = g_strdup (host->system_dir);
  self->db_path = g_strdup (df_store_get_path (host->store));
  self->backend_id = g_strdup (df_sync_backend_get_id (backend));
  self->name = g_strdup (df_sync_backend_get_name (backend));
  /* TRANSLATORS: "The Git sync backend (io.example.Thing 1.2)" */
  self->who = g_strdup_printf (_("The %s sync backend (%s %s)"), self->name, info->id, info->version);
  if (limits != NULL)
    self->limits = *limits;
  return DF_SYNC_BACKEND (self);
}
