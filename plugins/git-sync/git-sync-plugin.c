/* git-sync-plugin.c: the git sync backend (DfSyncBackend) and the
 * plugin's entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-git-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>

#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>

#include "git-sync-private.h"

#define GIT_SYNC_TYPE_BACKEND (git_sync_backend_get_type ())
G_DECLARE_FINAL_TYPE (GitSyncBackend, git_sync_backend, GIT_SYNC, BACKEND, GObject)

struct _GitSyncBackend
{
  GObject parent_instance;
};

static void git_sync_backend_iface_init (DfSyncBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GitSyncBackend, git_sync_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DF_TYPE_SYNC_BACKEND, git_sync_backend_iface_init))

static const char *
git_sync_get_id (DfSyncBackend *self)
{
  (void) self;
  return "git";
}

static const char *
git_sync_get_name (DfSyncBackend *self)
{
  (void) self;
  return _("Git");
}

static char *
git_sync_sync (DfSyncBackend       *self,
               DfStore             *store,
               gint64               project_id,
               const char          *remote,
               DfSyncProgressFunc   progress,
               gpointer             progress_data,
               GCancellable        *cancellable,
               GError             **error)
{
  g_auto(GsRepo) repo = { 0 };

  (void) self;
  if (!gs_repo_open (&repo, store, project_id, error))
    return NULL;
  return gs_sync (&repo, remote, progress, progress_data, cancellable, error);
}

/* The first version's files into the (empty) work tree. */
static gboolean
write_worktree (gpointer   data,
                GError   **error)
{
  GsRepo *repo = data;
  g_autoptr(git_commit) commit = NULL;
  g_autoptr(git_tree) tree = NULL;
  gboolean written = FALSE;
  git_oid head;
  int rc;

  if (!gs_branch_head (repo, &head, error))
    return FALSE;
  if ((rc = git_commit_lookup (&commit, repo->repo, &head)) < 0 || (rc = git_commit_tree (&tree, commit)) < 0)
    {
      gs_set_git_error (error, rc, _("Could not read a version"));
      return FALSE;
    }
  if (!gs_worktree_write_new (repo, tree, &written, error))
    return FALSE;
  if (!written)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_EXISTS,
                   _("“%s” is not empty: choose a new or empty folder for the repository"), repo->link->repo_path);
      return FALSE;
    }
  return TRUE;
}

/* The first version: its objects made in memory, then written as one
 * pack (git-sync-pack.c) rather than a file for each, compressed while
 * the work tree is written (git-sync-worktree.c). */
static gboolean
first_version (GsRepo  *repo,
               GError **error)
{
  const char *message = _("Started keeping versions of the book");
  g_autoptr(git_odb) odb = NULL;
  git_odb_backend *mempack = NULL;
  git_oid head;
  gboolean ok;

  if (git_repository_odb (&odb, repo->repo) < 0 || git_mempack_new (&mempack) < 0)
    return gs_save_version (repo, message, NULL, error);
  if (git_odb_add_backend (odb, mempack, 999) < 0)
    {
      mempack->free (mempack);
      return gs_save_version (repo, message, NULL, error);
    }
  repo->worktree_later = TRUE;
  ok = gs_save_version (repo, message, NULL, error) && gs_branch_head (repo, &head, error) &&
       gs_pack_write (repo->repo, odb, &head, write_worktree, repo, error);
  repo->worktree_later = FALSE;
  git_mempack_reset (mempack);
  return ok;
}

static gboolean
git_sync_link (DfSyncBackend  *self,
               DfStore        *store,
               gint64          project_id,
               const char     *repo_path,
               GError        **error)
{
  g_autoptr(DfProject) project = df_project_get_by_id (store, project_id, error);
  g_autoptr(git_repository) created = NULL;
  g_auto(GsRepo) repo = { 0 };
  g_autofree char *path = NULL;

  (void) self;
  if (project == NULL)
    return FALSE;
  path = repo_path ? g_canonicalize_filename (repo_path, NULL) : gs_default_repo_path (project->slug);
  if (!df_store_begin (store, error))
    return FALSE;
  if (!df_sync_link_create (store, project_id, "git", path, NULL, error) ||
      (created = gs_repo_create (path, error)) == NULL ||
      !gs_repo_open (&repo, store, project_id, error) ||
      !first_version (&repo, error))
    {
      df_store_rollback (store);
      return FALSE;
    }
  return df_store_commit (store, error);
}

static char *
git_sync_commit (DfSyncBackend  *self,
                 DfStore        *store,
                 gint64          project_id,
                 const char     *message,
                 GError        **error)
{
  g_auto(GsRepo) repo = { 0 };
  char *summary = NULL;

  (void) self;
  if (!gs_repo_open (&repo, store, project_id, error) || !gs_save_version (&repo, message, &summary, error))
    return NULL;
  return summary;
}

static DfSyncStatus *
git_sync_status (DfSyncBackend  *self,
                 DfStore        *store,
                 gint64          project_id,
                 GError        **error)
{
  g_auto(GsRepo) repo = { 0 };

  (void) self;
  if (!gs_repo_open (&repo, store, project_id, error))
    return NULL;
  return gs_status (&repo, error);
}

static GPtrArray *
git_sync_log (DfSyncBackend  *self,
              DfStore        *store,
              gint64          project_id,
              gint64          chapter_id,
              GError        **error)
{
  g_auto(GsRepo) repo = { 0 };

  (void) self;
  if (!gs_repo_open (&repo, store, project_id, error))
    return NULL;
  return gs_log (&repo, chapter_id, error);
}

static gint64
git_sync_clone (DfSyncBackend       *self,
                DfStore             *store,
                const char          *url,
                const char          *repo_path,
                DfSyncProgressFunc   progress,
                gpointer             progress_data,
                GCancellable        *cancellable,
                GError             **error)
{
  (void) self;
  return gs_clone (store, url, repo_path, progress, progress_data, cancellable, error);
}

static char *
git_sync_show (DfSyncBackend  *self,
               DfStore        *store,
               gint64          project_id,
               const char     *version,
               gint64          chapter_id,
               GError        **error)
{
  g_auto(GsRepo) repo = { 0 };

  (void) self;
  if (!gs_repo_open (&repo, store, project_id, error))
    return NULL;
  return gs_show (&repo, version, chapter_id, error);
}

static char *
git_sync_restore (DfSyncBackend  *self,
                  DfStore        *store,
                  gint64          project_id,
                  const char     *version,
                  GError        **error)
{
  g_auto(GsRepo) repo = { 0 };

  (void) self;
  if (!gs_repo_open (&repo, store, project_id, error))
    return NULL;
  return gs_restore (&repo, version, error);
}

static gboolean
git_sync_set_token (DfSyncBackend  *self,
                    const char     *url,
                    const char     *token,
                    GCancellable   *cancellable,
                    GError        **error)
{
  (void) self;
  return gs_token_store (url, token, cancellable, error);
}

static gboolean
git_sync_has_token (DfSyncBackend  *self,
                    const char     *url,
                    gboolean       *has,
                    GCancellable   *cancellable,
                    GError        **error)
{
  (void) self;
  return gs_token_exists (url, has, cancellable, error);
}

static void
git_sync_backend_iface_init (DfSyncBackendInterface *iface)
{
  iface->get_id = git_sync_get_id;
  iface->get_name = git_sync_get_name;
  iface->sync = git_sync_sync;
  iface->link = git_sync_link;
  iface->commit = git_sync_commit;
  iface->status = git_sync_status;
  iface->log = git_sync_log;
  iface->clone = git_sync_clone;
  iface->show = git_sync_show;
  iface->restore = git_sync_restore;
  iface->set_token = git_sync_set_token;
  iface->has_token = git_sync_has_token;
}

static void
git_sync_backend_class_init (GitSyncBackendClass *klass)
{
  (void) klass;
}

static void
git_sync_backend_init (GitSyncBackend *self)
{
  (void) self;
}

G_MODULE_EXPORT gboolean draftforge_plugin_init (DfPluginRegistry  *registry,
                                                 GError           **error);

G_MODULE_EXPORT gboolean
draftforge_plugin_init (DfPluginRegistry  *registry,
                        GError           **error)
{
  (void) error;
  /* Never shut down: the module stays loaded, and libgit2 counts. */
  git_libgit2_init ();
  /* Every object DraftForge writes is one it has just made: checking
   * that those a new tree names exist costs a lookup each. */
  git_libgit2_opts (GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
  df_plugin_registry_add_sync_backend (registry, GIT_SYNC_TYPE_BACKEND);
  return TRUE;
}
