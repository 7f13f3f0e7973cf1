/* df-sync-backend.h: the sync backend extension point
 *
 * A sync backend keeps a project in step with something outside the
 * database (a git repository, say), through the project folder format
 * (docs/folder-format.md): df_folder_snapshot, df_export_folder and
 * df_import.  Its state per project (the repository, the remote, the
 * commit the database matches, the conflicts left for the writer) is in
 * the core (df-sync-link.h), so the command line and the application can
 * show it without the backend.
 *
 * Every function but get_id and get_name may block: call them in a
 * worker thread with a store of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined (__DRAFTFORGE_PLUGIN_H_INSIDE__) && !defined (DRAFTFORGE_COMPILATION)
# error "Only <draftforge-plugin.h> can be included directly."
#endif

#include "df-extern.h"

#include <errno.h>

#include <gio/gio.h>

#include "df-store.h"

G_BEGIN_DECLS

#define DF_TYPE_SYNC_BACKEND (df_sync_backend_get_type ())
DF_EXTERN
G_DECLARE_INTERFACE (DfSyncBackend, df_sync_backend, DF, SYNC_BACKEND, GObject)

typedef void (*DfSyncProgressFunc) (double      fraction,
                                    const char *message,
                                    gpointer    user_data);

/* One version in a project's history. */
typedef struct
{
  char   *id;              /* the commit, in hex */
  char   *author;
  char   *email;
  char   *date;            /* ISO 8601, UTC */
  char   *message;         /* its first line */
  gint64  words_added;
  gint64  words_removed;
  char  **chapters;        /* the files of the chapters it changed */
} DfSyncVersion;

/* Where a linked project stands. */
typedef struct
{
  char   *repo_path;
  char   *remote_url;      /* NULL: no remote */
  char   *head;            /* the last version, NULL before the first */
  gint64  n_changed;       /* chapters changed since the last version */
  gint64  n_to_send;       /* versions the remote does not have yet (as
                              far as the last fetch knows) */
  gint64  n_to_receive;    /* versions fetched and not merged yet */
  gint64  n_conflicts;     /* chapters waiting for the writer's choice */
  char   *last_synced_at;  /* NULL: never */
  char   *last_error;      /* the last sync's error for people, or NULL */
} DfSyncStatus;

static inline void
df_sync_version_free (DfSyncVersion *version)
{
  if (version == NULL)
    return;
  g_free (version->id);
  g_free (version->author);
  g_free (version->email);
  g_free (version->date);
  g_free (version->message);
  g_strfreev (version->chapters);
  g_free (version);
}

static inline void
df_sync_status_free (DfSyncStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->repo_path);
  g_free (status->remote_url);
  g_free (status->head);
  g_free (status->last_synced_at);
  g_free (status->last_error);
  g_free (status);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfSyncVersion, df_sync_version_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfSyncStatus, df_sync_status_free)

struct _DfSyncBackendInterface
{
  GTypeInterface parent_iface;

  /* "git": what `draftforge-cli sync --backend` names */
  const char *(*get_id)   (DfSyncBackend *self);
  const char *(*get_name) (DfSyncBackend *self);
  /* Brings @project_id and its remote (@remote, or the link's when NULL)
   * in step: saves a version of what changed, receives, merges, sends.
   * Returns a one-line summary for people, or NULL with @error. */
  char       *(*sync)     (DfSyncBackend       *self,
                           DfStore             *store,
                           gint64               project_id,
                           const char          *remote,
                           DfSyncProgressFunc   progress,
                           gpointer             progress_data,
                           GCancellable        *cancellable,
                           GError             **error);
  /* Links @project_id to a new repository at @repo_path (NULL: one under
   * the user's data folder) and saves its first version. */
  gboolean    (*link)     (DfSyncBackend       *self,
                           DfStore             *store,
                           gint64               project_id,
                           const char          *repo_path,
                           GError             **error);
  /* Saves a version of what changed (@message: the writer's words, or
   * NULL).  Returns a one-line summary ("Nothing changed" when nothing
   * did), or NULL with @error. */
  char       *(*commit)   (DfSyncBackend       *self,
                           DfStore             *store,
                           gint64               project_id,
                           const char          *message,
                           GError             **error);
  DfSyncStatus *(*status) (DfSyncBackend       *self,
                           DfStore             *store,
                           gint64               project_id,
                           GError             **error);
  /* DfSyncVersion*, newest first; those that changed @chapter_id only,
   * unless it is 0. */
  GPtrArray  *(*log)      (DfSyncBackend       *self,
                           DfStore             *store,
                           gint64               project_id,
                           gint64               chapter_id,
                           GError             **error);
  /* A new project from the repository at @url, linked to it (kept in
   * @repo_path, or under the user's data folder when NULL); its id, or
   * 0 with @error. */
  gint64      (*clone)    (DfSyncBackend       *self,
                           DfStore             *store,
                           const char          *url,
                           const char          *repo_path,
                           DfSyncProgressFunc   progress,
                           gpointer             progress_data,
                           GCancellable        *cancellable,
                           GError             **error);
  /* The text of chapter @chapter_id as version @version (a commit, or a
   * prefix of one) had it; NULL with DF_ERROR_NOT_FOUND when the chapter
   * was not in the book then. */
  char       *(*show)     (DfSyncBackend       *self,
                           DfStore             *store,
                           gint64               project_id,
                           const char          *version,
                           gint64               chapter_id,
                           GError             **error);
  /* Makes the book what it was at @version, as a new version on top of
   * the last one (history is never rewritten): what changed since the
   * last version is saved first.  Returns a one-line summary, or NULL
   * with @error. */
  char       *(*restore)  (DfSyncBackend       *self,
                           DfStore             *store,
                           gint64               project_id,
                           const char          *version,
                           GError             **error);
  /* Keeps @token for the remote at @url in the Secret Service (NULL or
   * empty: forgets it); never in the database, the repository or a log. */
  gboolean    (*set_token) (DfSyncBackend      *self,
                            const char         *url,
                            const char         *token,
                            GCancellable       *cancellable,
                            GError            **error);
  /* Whether a token is kept for @url, in @has. */
  gboolean    (*has_token) (DfSyncBackend      *self,
                            const char         *url,
                            gboolean           *has,
                            GCancellable       *cancellable,
                            GError            **error);

  /* Optional, added after API 2 (at the end: older backends keep
   * working): sync for a backend that would rather not block a thread
   * on the network.  The defaults run sync in a thread; a backend may
   * give these instead of sync, and the host calls them.  @progress is
   * called in the thread-default main context of the call. */
  void        (*sync_async)  (DfSyncBackend       *self,
                              DfStore             *store,
                              gint64               project_id,
                              const char          *remote,
                              DfSyncProgressFunc   progress,
                              gpointer             progress_data,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
  char       *(*sync_finish) (DfSyncBackend       *self,
                              GAsyncResult        *result,
                              GError             **error);
};

DF_EXTERN
const char *df_sync_backend_get_id   (DfSyncBackend       *self);
DF_EXTERN
const char *df_sync_backend_get_name (DfSyncBackend       *self);
DF_EXTERN
char       *df_sync_backend_sync     (DfSyncBackend       *self,
                                      DfStore             *store,
                                      gint64               project_id,
                                      const char          *remote,
                                      DfSyncProgressFunc   progress,
                                      gpointer             progress_data,
                                      GCancellable        *cancellable,
                                      GError             **error);
DF_EXTERN
void        df_sync_backend_sync_async  (DfSyncBackend       *self,
                                         DfStore             *store,
                                         gint64               project_id,
                                         const char          *remote,
                                         DfSyncProgressFunc   progress,
                                         gpointer             progress_data,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
DF_EXTERN
char       *df_sync_backend_sync_finish (DfSyncBackend       *self,
                                         GAsyncResult        *result,
                                         GError             **error);

/* The calls added with the git backend, inline so that the interface
 * grows in this header alone; a backend that lacks one fails with
 * G_IO_ERROR_NOT_SUPPORTED. */
static inline gboolean
_df_sync_backend_lacks (gconstpointer   vfunc,
                        GError        **error)
{
  if (vfunc != NULL)
    return FALSE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, g_strerror (ENOTSUP));
  return TRUE;
}

static inline gboolean
df_sync_backend_link (DfSyncBackend  *self,
                      DfStore        *store,
                      gint64          project_id,
                      const char     *repo_path,
                      GError        **error)
{
  DfSyncBackendInterface *iface = DF_SYNC_BACKEND_GET_IFACE (self);
  if (_df_sync_backend_lacks ((gconstpointer) iface->link, error))
    return FALSE;
  return iface->link (self, store, project_id, repo_path, error);
}

static inline char *
df_sync_backend_commit (DfSyncBackend  *self,
                        DfStore        *store,
                        gint64          project_id,
                        const char     *message,
                        GError        **error)
{
  DfSyncBackendInterface *iface = DF_SYNC_BACKEND_GET_IFACE (self);
  if (_df_sync_backend_lacks ((gconstpointer) iface->commit, error))
    return NULL;
  return iface->commit (self, store, project_id, message, error);
}

static inline DfSyncStatus *
df_sync_backend_status (DfSyncBackend  *self,
                        DfStore        *store,
                        gint64          project_id,
                        GError        **error)
{
  DfSyncBackendInterface *iface = DF_SYNC_BACKEND_GET_IFACE (self);
  if (_df_sync_backend_lacks ((gconstpointer) iface->status, error))
    return NULL;
  return iface->status (self, store, project_id, error);
}

static inline GPtrArray *
df_sync_backend_log (DfSyncBackend  *self,
                     DfStore        *store,
                     gint64          project_id,
                     gint64          chapter_id,
                     GError        **error)
{
  DfSyncBackendInterface *iface = DF_SYNC_BACKEND_GET_IFACE (self);
  if (_df_sync_backend_lacks ((gconstpointer) iface->log, error))
    return NULL;
  return iface->log (self, store, project_id, chapter_id, error);
}

static inline gint64
df_sync_backend_clone (DfSyncBackend       *self,
                       DfStore             *store,
                       const char          *url,
                       const char          *repo_path,
                       DfSyncProgressFunc   progress,
                       gpointer             progress_data,
                       GCancellable        *cancellable,
                       GError             **error)
{
  DfSyncBackendInterface *iface = DF_SYNC_BACKEND_GET_IFACE (self);
  if (_df_sync_backend_lacks ((gconstpointer) iface->clone, error))
    return 0;
  return iface->clone (self, store, url, repo_path, progress, progress_data, cancellable, error);
}

static inline char *
df_sync_backend_show (DfSyncBackend  *self,
                      DfStore        *store,
                      gint64          project_id,
                      const char     *version,
                      gint64          chapter_id,
                      GError        **error)
{
  DfSyncBackendInterface *iface = DF_SYNC_BACKEND_GET_IFACE (self);
  if (_df_sync_backend_lacks ((gconstpointer) iface->show, error))
    return NULL;
  return iface->show (self, store, project_id, version, chapter_id, error);
}

static inline char *
df_sync_backend_restore (DfSyncBackend  *self,
                         DfStore        *store,
                         gint64          project_id,
                         const char     *version,
                         GError        **error)
{
  DfSyncBackendInterface *iface = DF_SYNC_BACKEND_GET_IFACE (self);
  if (_df_sync_backend_lacks ((gconstpointer) iface->restore, error))
    return NULL;
  return iface->restore (self, store, project_id, version, error);
}

static inline gboolean
df_sync_backend_set_token (DfSyncBackend  *self,
                           const char     *url,
                           const char     *token,
                           GCancellable   *cancellable,
                           GError        **error)
{
  DfSyncBackendInterface *iface = DF_SYNC_BACKEND_GET_IFACE (self);
  if (_df_sync_backend_lacks ((gconstpointer) iface->set_token, error))
    return FALSE;
  return iface->set_token (self, url, token, cancellable, error);
}

static inline gboolean
df_sync_backend_has_token (DfSyncBackend  *self,
                           const char     *url,
                           gboolean       *has,
                           GCancellable   *cancellable,
                           GError        **error)
{
  DfSyncBackendInterface *iface = DF_SYNC_BACKEND_GET_IFACE (self);
  if (_df_sync_backend_lacks ((gconstpointer) iface->has_token, error))
    return FALSE;
  return iface->has_token (self, url, has, cancellable, error);
}

G_END_DECLS
