/* df-plugin-job-transform.c: a reader transform run in the helper process
 *
 * DfTransformJob stands for one of a plugin's reader transforms: each
 * call starts draftforge-plugin-runner (`transform --plugin ID --index
 * N --chapter N [--profile ID]`), which opens the same database, loads
 * only that plugin, reads the chapter's Markdown (as the caller has it:
 * it may come from an earlier transform) on its standard input and sends
 * the new Markdown back in {"chunk": ...} lines, then a result line.  A
 * helper that crashes, hangs past the time limit or runs out of memory
 * makes the call fail with a message naming the plugin; Stop (the
 * cancellable) ends it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugins"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "df-plugin-host-private.h"
#include "df-plugin-job-private.h"
#include "df-reader-transform.h"

#define DF_TYPE_TRANSFORM_JOB (df_transform_job_get_type ())
G_DECLARE_FINAL_TYPE (DfTransformJob, df_transform_job, DF, TRANSFORM_JOB, GObject)

struct _DfTransformJob
{
  GObject            parent_instance;

  char              *plugin_id;
  char              *system_dir;
  char              *name;        /* the transform's */
  char              *who;         /* "The Personalize reader transform (id version)" */
  guint              index;       /* among the plugin's reader transforms */
  DfPluginJobLimits  limits;
};

static void df_transform_job_iface_init (DfReaderTransformInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DfTransformJob, df_transform_job, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DF_TYPE_READER_TRANSFORM, df_transform_job_iface_init))

/* ---- private helpers ------------------------------------------------- */

static GSubprocess *
spawn_transform (DfTransformJob   *self,
                 DfStore          *store,
                 const DfProfile  *profile,
                 const DfChapter  *chapter,
                 guint             time_limit,
                 guint             memory_limit,
                 GError          **error)
{
  g_autofree char *index = g_strdup_printf ("%u", self->index);
  g_autofree char *chapter_id = g_strdup_printf ("%" G_GINT64_FORMAT, chapter->id);
  g_autofree char *memory = g_strdup_printf ("%u", memory_limit);
  g_autofree char *seconds = g_strdup_printf ("%u", time_limit);
  const char * const args[] = {
    "transform", "--db", df_store_get_path (store), "--plugin", self->plugin_id, "--index", index,
    "--chapter", chapter_id, "--memory-limit", memory, "--time-limit", seconds, "--system-dir", self->system_dir,
    /* last: absent without a profile */
    profile != NULL ? "--profile" : NULL, profile != NULL ? profile->id : NULL, NULL
  };

  return _df_plugin_job_spawn (args, memory_limit, TRUE, NULL, NULL, error);
}

/* ---- vfuncs ---------------------------------------------------------- */

static const char *
job_get_name (DfReaderTransform *transform)
{
  return DF_TRANSFORM_JOB (transform)->name;
}

static char *
job_transform (DfReaderTransform  *transform,
               DfStore            *store,
               const DfProfile    *profile,
               const DfChapter    *chapter,
               GCancellable       *cancellable,
               GError            **error)
{
  DfTransformJob *self = DF_TRANSFORM_JOB (transform);
  guint time_limit = _df_plugin_job_limit ("DRAFTFORGE_PLUGIN_TIME_LIMIT", self->limits.time_limit,
                                           DF_PLUGIN_JOB_DEFAULT_TIME_LIMIT);
  guint memory_limit = _df_plugin_job_limit ("DRAFTFORGE_PLUGIN_MEMORY_LIMIT", self->limits.memory_limit,
                                             DF_PLUGIN_JOB_DEFAULT_MEMORY_LIMIT);
  const char *markdown = chapter->content_md != NULL ? chapter->content_md : "";
  gint64 started = g_get_real_time ();
  g_autoptr(GError) local_error = NULL;
  DfPluginJob job = { 0 };
  char *text = NULL;

  job.child = spawn_transform (self, store, profile, chapter, time_limit, memory_limit, error);
  if (job.child == NULL)
    {
      g_prefix_error (error, _("Could not start the helper process for the reader transform: "));
      return NULL;
    }
  job.input = g_bytes_new (markdown, strlen (markdown));
  _df_plugin_job_run (&job, time_limit, self->limits.stop_on_sigint, cancellable);

  if (job.result != NULL && job.end == DF_JOB_END_NONE && g_subprocess_get_successful (job.child))
    text = job.chunks != NULL ? g_string_free (g_steal_pointer (&job.chunks), FALSE) : g_strdup ("");
  else if (job.error != NULL && job.end == DF_JOB_END_NONE)
    _df_plugin_job_set_child_error (job.error, &local_error);
  else if (job.end == DF_JOB_END_CANCELED || job.end == DF_JOB_END_INTERRUPTED)
    g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The reader transform was stopped"));
  else
    {
      g_autofree char *message = _df_plugin_job_explain_end (&job, self->who, time_limit, memory_limit);

      g_set_error_literal (&local_error, DF_ERROR, DF_ERROR_FAILED, message);
    }

  _df_plugin_job_clear (&job);
  g_main_context_unref (job.context);
  _df_plugin_calls_record (store, self->plugin_id, "transform", started, local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return text;
}

static void
df_transform_job_iface_init (DfReaderTransformInterface *iface)
{
  iface->get_name = job_get_name;
  iface->transform = job_transform;
}

static void
df_transform_job_finalize (GObject *object)
{
  DfTransformJob *self = DF_TRANSFORM_JOB (object);

  g_free (self->plugin_id);
  g_free (self->system_dir);
  g_free (self->name);
  g_free (self->who);
  G_OBJECT_CLASS (df_transform_job_parent_class)->finalize (object);
}

static void
df_transform_job_class_init (DfTransformJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = df_transform_job_finalize;
}

static void
df_transform_job_init (DfTransformJob *self)
{
}

/* ---- public API ------------------------------------------------------ */

DfReaderTransform *
df_plugin_job_reader_transform (DfPluginHost             *host,
                                DfReaderTransform        *transform,
                                const DfPluginJobLimits  *limits)
{
  const char *id = df_plugin_host_get_extension_plugin_id (host, G_OBJECT (transform));
  const DfPluginInfo *info = id != NULL ? df_plugin_host_lookup (host, id) : NULL;
  g_autoptr(GPtrArray) transforms = NULL;
  DfTransformJob *self;

  g_return_val_if_fail (DF_IS_READER_TRANSFORM (transform), NULL);
  if (info == NULL)
    return g_object_ref (transform);

  self = g_object_new (DF_TYPE_TRANSFORM_JOB, NULL);
  self->plugin_id = g_strdup (info->id);
  self->system_dir = g_strdup (host->system_dir);
  self->name = g_strdup (df_reader_transform_get_name (transform));
  /* TRANSLATORS: "The Personalize reader transform (io.example.Thing 1.2)" */
  self->who = g_strdup_printf (_("The %s reader transform (%s %s)"), self->name, info->id, info->version);
  if (limits != NULL)
    self->limits = *limits;
  transforms = df_plugin_host_get_reader_transforms (host);
  for (guint i = 0; i < transforms->len && transforms->pdata[i] != transform; i++)
    if (g_strcmp0 (df_plugin_host_get_extension_plugin_id (host, transforms->pdata[i]), info->id) == 0)
      self->index++;
  return DF_READER_TRANSFORM (self);
}

GPtrArray *
df_plugin_job_reader_transforms (DfPluginHost             *host,
                                 const DfPluginJobLimits  *limits)
{
  g_autoptr(GPtrArray) transforms = df_plugin_host_get_reader_transforms (host);
  GPtrArray *jobs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < transforms->len; i++)
    g_ptr_array_add (jobs, df_plugin_job_reader_transform (host, transforms->pdata[i], limits));
  return jobs;
}
