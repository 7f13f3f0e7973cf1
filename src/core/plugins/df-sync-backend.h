/* df-sync-backend.h: the sync backend extension point
 *
 * A sync backend keeps a project in step with something outside the
 * database (a git repository, say), through the project folder format
 * (docs/folder-format.md): df_export_folder and df_import.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "df-store.h"

G_BEGIN_DECLS

#define DF_TYPE_SYNC_BACKEND (df_sync_backend_get_type ())
G_DECLARE_INTERFACE (DfSyncBackend, df_sync_backend, DF, SYNC_BACKEND, GObject)

typedef void (*DfSyncProgressFunc) (double      fraction,
                                    const char *message,
                                    gpointer    user_data);

struct _DfSyncBackendInterface
{
  GTypeInterface parent_iface;

  /* "git": what `draftforge-cli sync --backend` names */
  const char *(*get_id)   (DfSyncBackend *self);
  const char *(*get_name) (DfSyncBackend *self);
  /* Runs in a worker thread: brings @project_id and @remote (a URL or
   * path the backend understands) in step.  Returns a one-line summary
   * for people, or NULL with @error. */
  char       *(*sync)     (DfSyncBackend       *self,
                           DfStore             *store,
                           gint64               project_id,
                           const char          *remote,
                           DfSyncProgressFunc   progress,
                           gpointer             progress_data,
                           GCancellable        *cancellable,
                           GError             **error);
};

const char *df_sync_backend_get_id   (DfSyncBackend       *self);
const char *df_sync_backend_get_name (DfSyncBackend       *self);
char       *df_sync_backend_sync     (DfSyncBackend       *self,
                                      DfStore             *store,
                                      gint64               project_id,
                                      const char          *remote,
                                      DfSyncProgressFunc   progress,
                                      gpointer             progress_data,
                                      GCancellable        *cancellable,
                                      GError             **error);

G_END_DECLS
