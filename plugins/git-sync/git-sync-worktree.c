/* git-sync-worktree.c: the first version's work tree, written plainly
 *
 * A new repository's work tree is empty: the first version's files are
 * written into it with plain writes from the blobs already in memory,
 * and the index is made from the blob ids the version already has, with
 * each file's stat data from fstat, so `git status` finds it clean
 * without reading a file again.  git_checkout_tree would compare three
 * trees, look at every path first and hash nothing less.  Any other
 * move of the work tree goes through the checkout (git-sync-repo.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-git-sync"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "git-sync-private.h"

typedef struct
{
  git_repository *repo;
  git_index      *index;
  const char     *workdir;
  GError         *error;
} Write;

/* Nothing in the work tree but the git folder. */
static gboolean
workdir_empty (const char *workdir)
{
  g_autoptr(GDir) dir = g_dir_open (workdir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (strcmp (name, ".git") != 0)
      return FALSE;
  return dir != NULL;
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

/* One file: written, then its index entry from what fstat says. */
static gboolean
write_blob (Write                *w,
            const char           *path,
            const git_tree_entry *tree_entry)
{
  g_autofree char *full = g_build_filename (w->workdir, path, NULL);
  g_autoptr(git_blob) blob = NULL;
  git_index_entry entry = { 0 };
  struct stat st;
  int fd, saved;
  gboolean ok;

  if (git_blob_lookup (&blob, w->repo, git_tree_entry_id (tree_entry)) < 0)
    {
      gs_set_git_error (&w->error, -1, _("Could not write the repository's files"));
      return FALSE;
    }
  fd = g_open (full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  ok = fd >= 0 && write_all (fd, git_blob_rawcontent (blob), git_blob_rawsize (blob)) && fstat (fd, &st) == 0;
  saved = errno;
  if (fd >= 0)
    close (fd);
  if (!ok)
    {
      g_set_error (&w->error, G_FILE_ERROR, g_file_error_from_errno (saved), _("Could not write “%s”: %s"), full,
                   g_strerror (saved));
      return FALSE;
    }
  entry.ctime.seconds = st.st_ctim.tv_sec;
  entry.ctime.nanoseconds = st.st_ctim.tv_nsec;
  entry.mtime.seconds = st.st_mtim.tv_sec;
  entry.mtime.nanoseconds = st.st_mtim.tv_nsec;
  entry.dev = st.st_dev;
  entry.ino = st.st_ino;
  entry.mode = GIT_FILEMODE_BLOB;
  entry.uid = st.st_uid;
  entry.gid = st.st_gid;
  entry.file_size = st.st_size;
  entry.id = *git_tree_entry_id (tree_entry);
  entry.path = path;
  if (git_index_add (w->index, &entry) < 0)
    {
      gs_set_git_error (&w->error, -1, _("Could not write the repository's files"));
      return FALSE;
    }
  return TRUE;
}

static int
walk_cb (const char           *root,
         const git_tree_entry *tree_entry,
         void                 *payload)
{
  Write *w = payload;
  g_autofree char *path = g_strconcat (root, git_tree_entry_name (tree_entry), NULL);

  if (git_tree_entry_type (tree_entry) == GIT_OBJECT_TREE)
    {
      g_autofree char *full = g_build_filename (w->workdir, path, NULL);

      if (g_mkdir (full, 0755) != 0 && errno != EEXIST)
        {
          int saved = errno;
          g_set_error (&w->error, G_FILE_ERROR, g_file_error_from_errno (saved), _("Could not write “%s”: %s"),
                       full, g_strerror (saved));
          return -1;
        }
      return 0;
    }
  if (git_tree_entry_filemode (tree_entry) != GIT_FILEMODE_BLOB)
    {
      g_set_error (&w->error, DF_ERROR, DF_ERROR_FAILED, _("Could not write “%s”: not a plain file"), path);
      return -1;
    }
  return write_blob (w, path, tree_entry) ? 0 : -1;
}

gboolean
gs_worktree_write_new (GsRepo    *self,
                       git_tree  *tree,
                       gboolean  *written,
                       GError   **error)
{
  g_autoptr(git_index) index = NULL;
  Write w = { self->repo, NULL, git_repository_workdir (self->repo), NULL };
  int rc;

  *written = FALSE;
  if (w.workdir == NULL || !workdir_empty (w.workdir))
    return TRUE;
  if ((rc = git_repository_index (&index, self->repo)) < 0 || (rc = git_index_clear (index)) < 0)
    {
      gs_set_git_error (error, rc, _("Could not write the repository's files"));
      return FALSE;
    }
  w.index = index;
  if (git_tree_walk (tree, GIT_TREEWALK_PRE, walk_cb, &w) < 0)
    {
      if (w.error == NULL)
        gs_set_git_error (&w.error, -1, _("Could not write the repository's files"));
      g_propagate_error (error, w.error);
      return FALSE;
    }
  if ((rc = git_index_write (index)) < 0)
    {
      gs_set_git_error (error, rc, _("Could not write the repository's files"));
      return FALSE;
    }
  *written = TRUE;
  return TRUE;
}
