/* git-sync-log.c: a project's history and where it stands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-git-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "git-sync-private.h"

typedef struct
{
  git_repository *repo;
  GPtrArray      *paths;
  gint64          added;
  gint64          removed;
} Delta;

static int
delta_cb (const git_diff_delta *delta,
          float                 progress,
          void                 *payload)
{
  Delta *d = payload;
  const char *path = delta->new_file.path ? delta->new_file.path : delta->old_file.path;

  (void) progress;
  if (!g_str_has_suffix (path, ".md"))
    return 0;
  gs_words_changed (d->repo, delta->status == GIT_DELTA_ADDED ? NULL : &delta->old_file.id,
                    delta->status == GIT_DELTA_DELETED ? NULL : &delta->new_file.id, &d->added, &d->removed);
  g_ptr_array_add (d->paths, g_strdup (path));
  return 0;
}

/* Whether @path is the file of the chapter with @slug: NNN-SLUG.md. */
static gboolean
is_chapter_file (const char *path,
                 const char *slug)
{
  const char *name = strrchr (path, '/');
  const char *dash;

  name = name ? name + 1 : path;
  dash = strchr (name, '-');
  return dash != NULL && g_str_has_prefix (dash + 1, slug) &&
         strcmp (dash + 1 + strlen (slug), ".md") == 0;
}

static DfSyncVersion *
version_of (git_repository  *repo,
            git_commit      *commit,
            const char      *slug,
            GError         **error)
{
  g_autoptr(git_tree) tree = NULL;
  g_autoptr(git_tree) parent_tree = NULL;
  g_autoptr(git_commit) parent = NULL;
  g_autoptr(git_diff) diff = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) when = NULL;
  const git_signature *author = git_commit_author (commit);
  Delta d = { repo, paths, 0, 0 };
  DfSyncVersion *version;
  gboolean touches = slug == NULL;
  char hex[GIT_OID_HEXSZ + 1];
  int rc;

  if ((rc = git_commit_tree (&tree, commit)) < 0 ||
      (git_commit_parentcount (commit) > 0 &&
       ((rc = git_commit_parent (&parent, commit, 0)) < 0 || (rc = git_commit_tree (&parent_tree, parent)) < 0)) ||
      (rc = git_diff_tree_to_tree (&diff, repo, parent_tree, tree, NULL)) < 0)
    {
      gs_set_git_error (error, rc, _("Could not read the history"));
      return NULL;
    }
  git_diff_foreach (diff, delta_cb, NULL, NULL, NULL, &d);
  for (guint i = 0; !touches && i < paths->len; i++)
    touches = is_chapter_file (g_ptr_array_index (paths, i), slug);
  if (!touches)
    return NULL;

  version = g_new0 (DfSyncVersion, 1);
  git_oid_tostr (hex, sizeof hex, git_commit_id (commit));
  version->id = g_strdup (hex);
  version->author = g_strdup (author->name);
  version->email = g_strdup (author->email);
  when = g_date_time_new_from_unix_utc (author->when.time);
  version->date = when ? g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ") : NULL;
  version->message = g_strdup (git_commit_summary (commit));
  version->words_added = d.added;
  version->words_removed = d.removed;
  g_ptr_array_add (paths, NULL);
  version->chapters = (char **) g_ptr_array_steal (paths, NULL);
  return version;
}

GPtrArray *
gs_log (GsRepo   *self,
        gint64    chapter_id,
        GError  **error)
{
  g_autoptr(GPtrArray) versions = g_ptr_array_new_with_free_func ((GDestroyNotify) df_sync_version_free);
  g_autoptr(git_revwalk) walk = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  git_oid head, id;
  int rc;

  if (chapter_id != 0 && (chapter = df_chapter_get (self->store, chapter_id, error)) == NULL)
    return NULL;
  if (!gs_branch_head (self, &head, error))
    return *error ? NULL : g_steal_pointer (&versions);
  if ((rc = git_revwalk_new (&walk, self->repo)) < 0 ||
      (rc = git_revwalk_sorting (walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME)) < 0 ||
      (rc = git_revwalk_push (walk, &head)) < 0)
    {
      gs_set_git_error (error, rc, _("Could not read the history"));
      return NULL;
    }
  while (git_revwalk_next (&id, walk) == 0)
    {
      g_autoptr(git_commit) commit = NULL;
      GError *local_error = NULL;
      DfSyncVersion *version;

      if ((rc = git_commit_lookup (&commit, self->repo, &id)) < 0)
        {
          gs_set_git_error (error, rc, _("Could not read the history"));
          return NULL;
        }
      version = version_of (self->repo, commit, chapter ? chapter->slug : NULL, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      if (version != NULL)
        g_ptr_array_add (versions, version);
    }
  return g_steal_pointer (&versions);
}

/* Chapters whose text differs between the link's commit and @tree_id. */
static guint
count_changed (GsRepo        *self,
               const git_oid *tree_id)
{
  g_autoptr(git_commit) commit = NULL;
  g_autoptr(git_tree) old_tree = NULL;
  g_autoptr(git_tree) new_tree = NULL;
  g_autoptr(git_diff) diff = NULL;
  git_oid last;
  guint n = 0;

  if (self->link->last_commit == NULL || git_oid_fromstr (&last, self->link->last_commit) < 0 ||
      git_commit_lookup (&commit, self->repo, &last) < 0 || git_commit_tree (&old_tree, commit) < 0 ||
      git_tree_lookup (&new_tree, self->repo, tree_id) < 0 ||
      git_diff_tree_to_tree (&diff, self->repo, old_tree, new_tree, NULL) < 0)
    return 0;
  for (size_t i = 0; i < git_diff_num_deltas (diff); i++)
    if (g_str_has_suffix (git_diff_get_delta (diff, i)->new_file.path, ".md"))
      n++;
  return n;
}

DfSyncStatus *
gs_status (GsRepo  *self,
           GError **error)
{
  g_autoptr(DfSyncStatus) status = g_new0 (DfSyncStatus, 1);
  g_autoptr(GPtrArray) conflicts = NULL;
  git_oid head, remote, tree_id;
  GError *local_error = NULL;

  status->repo_path = g_strdup (self->link->repo_path);
  status->remote_url = g_strdup (self->link->remote_url);
  status->last_synced_at = g_strdup (self->link->last_synced_at);
  status->last_error = g_strdup (self->link->last_error);
  if (!gs_tree_from_db (self, &tree_id, error))
    return NULL;
  status->n_changed = count_changed (self, &tree_id);
  if (gs_branch_head (self, &head, &local_error))
    {
      char hex[GIT_OID_HEXSZ + 1];
      git_oid_tostr (hex, sizeof hex, &head);
      status->head = g_strdup (hex);
      if (git_reference_name_to_id (&remote, self->repo, GS_REMOTE_REF) == 0)
        {
          size_t ahead = 0, behind = 0;
          git_graph_ahead_behind (&ahead, &behind, self->repo, &head, &remote);
          status->n_to_send = ahead;
          status->n_to_receive = behind;
        }
      else if (self->link->remote_url != NULL)
        {
          g_autoptr(git_revwalk) walk = NULL;
          git_oid id;
          if (git_revwalk_new (&walk, self->repo) == 0 && git_revwalk_push (walk, &head) == 0)
            while (git_revwalk_next (&id, walk) == 0)
              status->n_to_send++;
        }
    }
  else if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  conflicts = df_sync_conflict_list (self->store, self->project_id, error);
  if (conflicts == NULL)
    return NULL;
  status->n_conflicts = conflicts->len;
  return g_steal_pointer (&status);
}
