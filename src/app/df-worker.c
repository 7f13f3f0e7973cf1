/* df-worker.c: run store work off the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-worker"

#include "config.h"

#include "df-worker.h"

typedef struct
{
  char           *db_path;
  DfWorkerFunc    func;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
} Job;

typedef struct
{
  GObject              *target;
  DfWorkerProgressFunc  func;
  double                fraction;
  char                 *message;
} Progress;

/* The jobs whose callback has not run yet, cancelled ones included
 * (only touched on the main thread). */
static guint running;

typedef struct
{
  GAsyncReadyCallback callback;
  gpointer            user_data;
} Done;

static void
job_free (Job *job)
{
  if (job->data_free != NULL && job->data != NULL)
    job->data_free (job->data);
  g_free (job->db_path);
  g_free (job);
}

static gboolean
post_progress (gpointer data)
{
  Progress *progress = data;

  progress->func (progress->target, progress->fraction, progress->message);
  g_object_unref (progress->target);
  g_free (progress->message);
  g_free (progress);
  return G_SOURCE_REMOVE;
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gpointer result;

  store = df_store_open (job->db_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  result = job->func (store, job->data, cancellable, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, job->result_free);
}

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Done *done = data;

  if (done->callback != NULL)
    done->callback (source, result, done->user_data);
  g_free (done);
  running--;
}

void
df_worker_run (const char          *db_path,
               DfWorkerFunc         func,
               gpointer             data,
               GDestroyNotify       data_free,
               GDestroyNotify       result_free,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  Done *done = g_new0 (Done, 1);
  g_autoptr(GTask) task = NULL;
  Job *job = g_new0 (Job, 1);

  done->callback = callback;
  done->user_data = user_data;
  task = g_task_new (NULL, cancellable, job_done, done);

  job->db_path = g_strdup (db_path);
  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;

  g_task_set_source_tag (task, df_worker_run);
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);
  running++;
  g_task_run_in_thread (task, run_in_thread);
}

static gboolean
tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
df_worker_wait_all (gint64 timeout_us)
{
  gint64 end = g_get_monotonic_time () + timeout_us;
  guint ticker;

  if (running == 0)
    return TRUE;
  /* (the loop wakes up to look at the time even when nothing comes) */
  ticker = g_timeout_add (100, tick, NULL);
  while (running > 0 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (ticker);
  return running == 0;
}

gpointer
df_worker_finish (GAsyncResult  *result,
                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
df_worker_post_progress (GWeakRef             *target,
                         DfWorkerProgressFunc  func,
                         double                fraction,
                         const char           *message)
{
  GObject *object = g_weak_ref_get (target);
  Progress *progress;

  if (object == NULL)
    return;

  progress = g_new0 (Progress, 1);
  progress->target = object;   /* dropped on the main loop */
  progress->func = func;
  progress->fraction = fraction;
  progress->message = g_strdup (message);
  g_main_context_invoke (NULL, post_progress, progress);
}
