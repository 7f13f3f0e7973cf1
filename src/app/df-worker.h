/* df-worker.h: run store work off the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "df-store.h"

G_BEGIN_DECLS

/* Runs in a worker thread with its own connection to the database (WAL
 * lets it read and write beside the main loop's connection). */
typedef gpointer (*DfWorkerFunc) (DfStore       *store,
                                  gpointer       data,
                                  GCancellable  *cancellable,
                                  GError       **error);

void     df_worker_run    (const char          *db_path,
                           DfWorkerFunc         func,
                           gpointer             data,
                           GDestroyNotify       data_free,
                           GDestroyNotify       result_free,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data);
gpointer df_worker_finish (GAsyncResult        *result,
                           GError             **error);
/* Runs the main loop, for at most @timeout_us, until every job has
 * ended and its callback has run, cancelled ones included (a sync's
 * helper process stopped, the job's connection to the database closed);
 * FALSE when some still run.  On the main thread. */
gboolean df_worker_wait_all (gint64               timeout_us);

/* Called on the main loop with what a worker reported. */
typedef void (*DfWorkerProgressFunc) (gpointer    target,
                                      double      fraction,
                                      const char *message);
/* From a worker thread: calls @func with @fraction and @message (may be
 * NULL) on the main loop, if the object @target refers to is still there. */
void     df_worker_post_progress (GWeakRef             *target,
                                  DfWorkerProgressFunc  func,
                                  double                fraction,
                                  const char           *message);

G_END_DECLS
