/* git-sync-repo.c: the repository, the tree of the database, versions
 *
 * A version's tree is built from df_folder_snapshot in memory; a
 * chapter's blob is found by its SHA-256 in a small cache kept in the
 * repository's git folder (draftforge-blobs), so that saving a version
 * after editing one chapter reads and hashes that chapter alone.  The
 * work tree is then brought to the new tree by a checkout from the old
 * one, which writes only the files that changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-git-sync"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "git-sync-private.h"

#define CACHE_FILE "draftforge-blobs"

static const char gitattributes[] =
  "# Written by DraftForge: chapters are kept byte for byte.\n"
  "* -text\n"
  "*.md diff merge=text\n";

static const char gitignore[] =
  "# Written by DraftForge\n"
  "*.tmp\n"
  ".goutputstream-*\n";

void
gs_set_git_error (GError     **error,
                  int          rc,
                  const char  *what)
{
  const git_error *e = git_error_last ();

  g_set_error (error, DF_ERROR, DF_ERROR_FAILED, "%s: %s", what,
               e && e->message ? e->message : (rc == GIT_EUSER ? _("stopped") : _("unknown error")));
}

void
gs_repo_clear (GsRepo *self)
{
  g_clear_pointer (&self->link, df_sync_link_free);
  g_clear_pointer (&self->repo, git_repository_free);
  g_clear_pointer (&self->notices, g_ptr_array_unref);
  g_clear_pointer (&self->words, g_hash_table_unref);
}

gboolean
gs_repo_open (GsRepo      *self,
              DfStore     *store,
              gint64       project_id,
              GError     **error)
{
  int rc;

  self->store = store;
  self->project_id = project_id;
  self->notices = g_ptr_array_new_with_free_func (g_free);
  self->words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->link = df_sync_link_get (store, project_id, error);
  if (self->link == NULL)
    return FALSE;
  rc = git_repository_open_ext (&self->repo, self->link->repo_path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
  if (rc < 0)
    {
      g_autofree char *what = g_strdup_printf (_("Could not open the repository “%s”"), self->link->repo_path);
      gs_set_git_error (error, rc, what);
      return FALSE;
    }
  return TRUE;
}

char *
gs_default_repo_path (const char *slug)
{
  char *path = g_build_filename (g_get_user_data_dir (), "draftforge", "sync", slug, NULL);

  /* a folder left by a book of the same name (deleted, or in another
   * database): the next free name beside it */
  for (guint n = 2; g_file_test (path, G_FILE_TEST_EXISTS); n++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%u", slug, n);

      g_free (path);
      path = g_build_filename (g_get_user_data_dir (), "draftforge", "sync", name, NULL);
    }
  return path;
}

git_repository *
gs_repo_create (const char  *path,
                GError     **error)
{
  git_repository_init_options opts = GIT_REPOSITORY_INIT_OPTIONS_INIT;
  git_repository *repo = NULL;
  int rc;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      if (dir != NULL && g_dir_read_name (dir) != NULL)
        {
          g_set_error (error, DF_ERROR, DF_ERROR_EXISTS,
                       _("“%s” is not empty: choose a new or empty folder for the repository"), path);
          return NULL;
        }
    }
  opts.flags = GIT_REPOSITORY_INIT_MKPATH;
  opts.initial_head = "main";
  rc = git_repository_init_ext (&repo, path, &opts);
  if (rc < 0)
    {
      gs_set_git_error (error, rc, _("Could not create the repository"));
      return NULL;
    }
  return repo;
}

/* ---- the blob cache ------------------------------------------------------ */

static char *
cache_path (git_repository *repo)
{
  return g_build_filename (git_repository_path (repo), CACHE_FILE, NULL);
}

/* SHA-256 -> git_oid of the blobs still in the repository. */
static GHashTable *
cache_load (git_repository *repo,
            git_odb        *odb)
{
  GHashTable *cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *path = cache_path (repo);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return cache;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *space = strchr (lines[i], ' ');
      git_oid oid;

      if (space == NULL || git_oid_fromstr (&oid, space + 1) < 0 || !git_odb_exists (odb, &oid))
        continue;
      g_hash_table_insert (cache, g_strndup (lines[i], space - lines[i]), g_memdup2 (&oid, sizeof oid));
    }
  return cache;
}

static void
cache_save (git_repository *repo,
            GHashTable     *cache)
{
  g_autofree char *path = cache_path (repo);
  g_autoptr(GString) text = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, cache);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      char hex[GIT_OID_HEXSZ + 1];

      git_oid_tostr (hex, sizeof hex, value);
      g_string_append_printf (text, "%s %s\n", (char *) key, hex);
    }
  /* Only a cache: losing it costs time, never text. */
  g_file_set_contents_full (path, text->str, text->len, G_FILE_SET_CONTENTS_NONE, 0600, NULL);
}

/* ---- the tree of the database -------------------------------------------- */

typedef struct
{
  GsRepo     *repo;
  git_index  *index;
  GHashTable *cache;
  gboolean    cache_changed;
} TreeBuild;

static gboolean
add_entry (TreeBuild   *build,
           const char  *path,
           const char  *data,
           gsize        len,
           git_oid     *known,
           GError     **error)
{
  git_index_entry entry = { 0 };
  int rc;

  if (known != NULL)
    entry.id = *known;
  else if ((rc = git_blob_create_from_buffer (&entry.id, build->repo->repo, data, len)) < 0)
    {
      gs_set_git_error (error, rc, _("Could not store a file in the repository"));
      return FALSE;
    }
  entry.mode = GIT_FILEMODE_BLOB;
  entry.path = path;
  if ((rc = git_index_add (build->index, &entry)) < 0)
    {
      gs_set_git_error (error, rc, _("Could not build the version"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
add_snapshot_file (const DfFolderFile  *file,
                   gpointer             user_data,
                   GError             **error)
{
  TreeBuild *build = user_data;
  g_autoptr(DfChapter) chapter = NULL;
  git_oid *known;
  const char *content;
  git_index_entry entry = { 0 };

  if (file->chapter_id == 0)
    return add_entry (build, file->path, file->data, file->len, NULL, error);

  known = file->content_hash ? g_hash_table_lookup (build->cache, file->content_hash) : NULL;
  if (known != NULL)
    return add_entry (build, file->path, NULL, 0, known, error);

  chapter = df_chapter_get (build->repo->store, file->chapter_id, error);
  if (chapter == NULL)
    return FALSE;
  content = chapter->content_md ? chapter->content_md : "";
  if (!add_entry (build, file->path, content, strlen (content), NULL, error))
    return FALSE;
  {
    const git_index_entry *added = git_index_get_bypath (build->index, file->path, 0);
    char hex[GIT_OID_HEXSZ + 1];

    git_oid_tostr (hex, sizeof hex, &added->id);
    g_hash_table_insert (build->repo->words, g_strdup (hex), g_memdup2 (&chapter->words, sizeof chapter->words));
  }
  if (chapter->content_hash != NULL)
    {
      const git_index_entry *added = git_index_get_bypath (build->index, file->path, 0);
      entry.id = added->id;
      g_hash_table_insert (build->cache, g_strdup (chapter->content_hash), g_memdup2 (&entry.id, sizeof entry.id));
      build->cache_changed = TRUE;
    }
  return TRUE;
}

gboolean
gs_tree_from_db (GsRepo   *self,
                 git_oid  *tree_out,
                 GError  **error)
{
  g_autoptr(git_odb) odb = NULL;
  g_autoptr(git_index) index = NULL;
  g_autoptr(GHashTable) cache = NULL;
  TreeBuild build = { self, NULL, NULL, FALSE };
  int rc;

  if ((rc = git_repository_odb (&odb, self->repo)) < 0 || (rc = git_index_new (&index)) < 0)
    {
      gs_set_git_error (error, rc, _("Could not read the repository"));
      return FALSE;
    }
  cache = cache_load (self->repo, odb);
  build.index = index;
  build.cache = cache;
  if (!add_entry (&build, ".gitattributes", gitattributes, strlen (gitattributes), NULL, error) ||
      !add_entry (&build, ".gitignore", gitignore, strlen (gitignore), NULL, error) ||
      !df_folder_snapshot (self->store, self->project_id, add_snapshot_file, &build, error))
    return FALSE;
  if (build.cache_changed)
    cache_save (self->repo, cache);
  if ((rc = git_index_write_tree_to (tree_out, index, self->repo)) < 0)
    {
      gs_set_git_error (error, rc, _("Could not build the version"));
      return FALSE;
    }
  return TRUE;
}

/* ---- versions ---------------------------------------------------------------- */

gboolean
gs_branch_head (GsRepo   *self,
                git_oid  *out,
                GError  **error)
{
  int rc = git_reference_name_to_id (out, self->repo, GS_BRANCH_REF);

  if (rc == GIT_ENOTFOUND)
    return FALSE;
  if (rc < 0)
    {
      gs_set_git_error (error, rc, _("Could not read the branch"));
      return FALSE;
    }
  return TRUE;
}

git_signature *
gs_signature (GsRepo  *self,
              GError **error)
{
  g_autoptr(DfProfile) profile = df_profile_get_active (self->store, NULL);
  g_autofree char *host_email = g_strdup_printf ("%s@%s", g_get_user_name (), g_get_host_name ());
  const char *name = profile && profile->display_name && *profile->display_name ? profile->display_name
                                                                              : g_get_real_name ();
  const char *email = profile && profile->email && *profile->email ? profile->email : host_email;
  git_signature *sig = NULL;
  int rc;

  if (name == NULL || *name == '\0' || g_strcmp0 (name, "Unknown") == 0)
    name = g_get_user_name ();
  rc = git_signature_now (&sig, name, email);
  if (rc < 0)
    gs_set_git_error (error, rc, _("Could not name the author"));
  return sig;
}

static gboolean
tree_of (git_repository  *repo,
         const git_oid   *commit_id,
         git_tree       **tree,
         GError         **error)
{
  g_autoptr(git_commit) commit = NULL;
  int rc;

  if ((rc = git_commit_lookup (&commit, repo, commit_id)) < 0 || (rc = git_commit_tree (tree, commit)) < 0)
    {
      gs_set_git_error (error, rc, _("Could not read a version"));
      return FALSE;
    }
  return TRUE;
}

/* The files of the work tree go from what the branch holds (or nothing)
 * to @commit's tree: only the files that differ are written. */
static gboolean
checkout_from_branch (GsRepo         *self,
                      git_tree       *target,
                      GError        **error)
{
  git_checkout_options opts = GIT_CHECKOUT_OPTIONS_INIT;
  g_autoptr(git_tree) baseline = NULL;
  git_oid head;
  GError *local_error = NULL;
  int rc;

  if (gs_branch_head (self, &head, &local_error))
    {
      if (!tree_of (self->repo, &head, &baseline, error))
        return FALSE;
    }
  else if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  opts.checkout_strategy = GIT_CHECKOUT_SAFE | GIT_CHECKOUT_RECREATE_MISSING;
  opts.baseline = baseline;
  rc = git_checkout_tree (self->repo, (git_object *) target, &opts);
  if (rc == GIT_ECONFLICT)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_FAILED,
                   _("Files in the repository folder “%s” were changed and not committed: commit them with git "
                     "or undo the changes, then sync again"), self->link->repo_path);
      return FALSE;
    }
  if (rc < 0)
    {
      gs_set_git_error (error, rc, _("Could not write the repository's files"));
      return FALSE;
    }
  return TRUE;
}

gboolean
gs_move_to (GsRepo         *self,
            const git_oid  *commit,
            GError        **error)
{
  g_autoptr(git_tree) tree = NULL;
  g_autoptr(git_reference) ref = NULL;
  char hex[GIT_OID_HEXSZ + 1];
  int rc;

  git_oid head;
  gboolean written = FALSE;
  GError *local_error = NULL;

  if (!tree_of (self->repo, commit, &tree, error))
    return FALSE;
  /* the first version, into an empty work tree: written plainly */
  if (!gs_branch_head (self, &head, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (self->worktree_later)
        written = TRUE;
      else if (!gs_worktree_write_new (self, tree, &written, error))
        return FALSE;
    }
  if (!written && !checkout_from_branch (self, tree, error))
    return FALSE;
  rc = git_reference_create (&ref, self->repo, GS_BRANCH_REF, commit, TRUE, "draftforge: sync");
  if (rc < 0)
    {
      gs_set_git_error (error, rc, _("Could not move the branch"));
      return FALSE;
    }
  git_oid_tostr (hex, sizeof hex, commit);
  if (!df_sync_link_set_commit (self->store, self->project_id, hex, error))
    return FALSE;
  g_free (self->link->last_commit);
  self->link->last_commit = g_strdup (hex);
  return TRUE;
}

typedef struct
{
  git_repository *repo;
  GString        *lines;
  gint64          added;
  gint64          removed;
  guint           n_chapters;
  GsBook         *book;          /* the new version's, for titles */
  GsBook         *old_book;
  GHashTable     *words;         /* GsRepo's */
} Changes;

static const char *
title_of (Changes    *changes,
          const char *path)
{
  GsBook *books[] = { changes->book, changes->old_book };

  for (guint b = 0; b < G_N_ELEMENTS (books); b++)
    for (guint i = 0; books[b] != NULL && i < books[b]->chapters->len; i++)
      {
        GsChapter *chapter = g_ptr_array_index (books[b]->chapters, i);
        if (g_strcmp0 (chapter->file, path) == 0)
          return chapter->title;
      }
  return path;
}

static int
count_delta (const git_diff_delta *delta,
             float                 progress,
             void                 *payload)
{
  Changes *changes = payload;
  const char *path = delta->new_file.path ? delta->new_file.path : delta->old_file.path;
  gint64 added = 0, removed = 0;

  (void) progress;
  if (!g_str_has_suffix (path, ".md"))
    return 0;
  if (delta->status == GIT_DELTA_ADDED || delta->status == GIT_DELTA_DELETED)
    {
      /* A whole file added or removed: its words, without a diff (known
       * when the database's chapter was just read). */
      const git_oid *id = delta->status == GIT_DELTA_ADDED ? &delta->new_file.id : &delta->old_file.id;
      char hex[GIT_OID_HEXSZ + 1];
      gint64 *known = g_hash_table_lookup (changes->words, git_oid_tostr (hex, sizeof hex, id));
      g_autofree char *text = known ? NULL : gs_blob_text (changes->repo, id);

      *(delta->status == GIT_DELTA_ADDED ? &added : &removed) = known ? *known
                                                                      : text ? df_text_count_words (text, -1) : 0;
    }
  else
    gs_words_changed (changes->repo, &delta->old_file.id, &delta->new_file.id, &added, &removed);
  changes->added += added;
  changes->removed += removed;
  changes->n_chapters++;
  g_string_append_printf (changes->lines, "- %s: +%" G_GINT64_FORMAT " −%" G_GINT64_FORMAT "\n",
                          title_of (changes, path), added, removed);
  return 0;
}

/* The message: the writer's words or a summary, the chapters changed
 * with their words, and the totals as trailers the history reads. */
static char *
version_message (GsRepo        *self,
                 git_tree      *old_tree,
                 git_tree      *new_tree,
                 const git_oid *new_commit_guess,
                 const char    *message,
                 GError       **error)
{
  g_autoptr(git_diff) diff = NULL;
  Changes changes = { self->repo, g_string_new (NULL), 0, 0, 0, NULL, NULL, self->words };
  g_autoptr(GString) text = g_string_new (NULL);
  int rc;

  (void) new_commit_guess;
  changes.book = gs_book_load_tree (self->repo, new_tree, NULL);
  changes.old_book = old_tree ? gs_book_load_tree (self->repo, old_tree, NULL) : NULL;
  if ((rc = git_diff_tree_to_tree (&diff, self->repo, old_tree, new_tree, NULL)) < 0)
    {
      g_string_free (changes.lines, TRUE);
      g_clear_pointer (&changes.book, gs_book_free);
      g_clear_pointer (&changes.old_book, gs_book_free);
      gs_set_git_error (error, rc, _("Could not compare versions"));
      return NULL;
    }
  git_diff_foreach (diff, count_delta, NULL, NULL, NULL, &changes);
  g_clear_pointer (&changes.book, gs_book_free);
  g_clear_pointer (&changes.old_book, gs_book_free);
  if (message != NULL && *message != '\0')
    g_string_append (text, message);
  else if (changes.n_chapters == 0)
    g_string_append (text, _("Changed the book's settings"));
  else
    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE, "Changed %u chapter: +%" PRId64 " −%" PRId64 " words",
                                         "Changed %u chapters: +%" PRId64 " −%" PRId64 " words",
                                         changes.n_chapters),
                            changes.n_chapters, changes.added, changes.removed);
  g_string_append_printf (text, "\n\n%s\n" GS_TRAILER_ADDED "%" G_GINT64_FORMAT "\n" GS_TRAILER_REMOVED
                          "%" G_GINT64_FORMAT "\n",
                          changes.lines->str, changes.added, changes.removed);
  g_string_free (changes.lines, TRUE);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A commit of @tree on @parents (0 to 2), not yet on the branch. */
static gboolean
make_commit (GsRepo         *self,
             const git_oid  *tree_id,
             git_commit    **parents,
             guint           n_parents,
             const char     *message,
             git_oid        *out,
             GError        **error)
{
  g_autoptr(git_tree) tree = NULL;
  g_autoptr(git_tree) old_tree = NULL;
  g_autoptr(git_signature) sig = gs_signature (self, error);
  g_autofree char *text = NULL;
  int rc;

  if (sig == NULL)
    return FALSE;
  if ((rc = git_tree_lookup (&tree, self->repo, tree_id)) < 0 ||
      (n_parents > 0 && (rc = git_commit_tree (&old_tree, parents[0])) < 0))
    {
      gs_set_git_error (error, rc, _("Could not read a version"));
      return FALSE;
    }
  text = version_message (self, old_tree, tree, NULL, message, error);
  if (text == NULL)
    return FALSE;
  rc = git_commit_create (out, self->repo, NULL, sig, sig, "UTF-8", text, tree, n_parents,
                          (const git_commit **) parents);
  if (rc < 0)
    {
      gs_set_git_error (error, rc, _("Could not save the version"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_link_commit (GsRepo   *self,
                   git_oid  *out)
{
  return self->link->last_commit != NULL && git_oid_fromstr (out, self->link->last_commit) == 0;
}

/* Commits the database on top of the link's commit when it differs; the
 * commit the database matches now in @ours. */
static gboolean
commit_database (GsRepo       *self,
                 const char   *message,
                 git_oid      *ours,
                 gboolean     *made,
                 GError      **error)
{
  g_autoptr(git_commit) parent = NULL;
  git_oid tree_id;
  gboolean has_base = parse_link_commit (self, ours);
  int rc;

  *made = FALSE;
  if (!gs_tree_from_db (self, &tree_id, error))
    return FALSE;
  if (has_base)
    {
      if ((rc = git_commit_lookup (&parent, self->repo, ours)) < 0)
        {
          gs_set_git_error (error, rc, _("Could not read the last version"));
          return FALSE;
        }
      if (git_oid_equal (git_commit_tree_id (parent), &tree_id))
        return TRUE;
    }
  if (!make_commit (self, &tree_id, &parent, parent ? 1 : 0, message, ours, error))
    return FALSE;
  *made = TRUE;
  return TRUE;
}

gboolean
gs_save_version (GsRepo      *self,
                 const char  *message,
                 char       **summary,
                 GError     **error)
{
  git_oid ours, head;
  gboolean made = FALSE, changed = FALSE;
  guint n_conflicts = 0;
  GError *local_error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (!commit_database (self, message, &ours, &made, error))
    return FALSE;
  if (!gs_branch_head (self, &head, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (!gs_move_to (self, &ours, error))
        return FALSE;
    }
  else if (!gs_integrate (self, &ours, &head, &n_conflicts, &changed, error))
    return FALSE;

  if (made)
    {
      g_autoptr(git_commit) commit = NULL;
      git_oid now;
      if (gs_branch_head (self, &now, NULL) && git_commit_lookup (&commit, self->repo, &ours) == 0)
        g_string_append_printf (text, _("Saved a version: %s"), git_commit_summary (commit));
    }
  else
    g_string_append (text, _("Nothing changed since the last version"));
  if (changed)
    g_string_append (text, _("; changes committed in the repository were brought in"));
  if (n_conflicts > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "; %u chapter in conflict", "; %u chapters in conflict",
                                               n_conflicts), n_conflicts);
  if (summary != NULL)
    *summary = g_string_free (g_steal_pointer (&text), FALSE);
  return TRUE;
}

/* A label for the other side's text: its newest author and date. */
static char *
from_label (GsRepo        *self,
            const git_oid *theirs)
{
  g_autoptr(git_commit) commit = NULL;
  const git_signature *author;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *date = NULL;

  if (git_commit_lookup (&commit, self->repo, theirs) < 0)
    return g_strdup (_("from the other side"));
  author = git_commit_author (commit);
  when = g_date_time_new_from_unix_utc (author->when.time);
  date = when ? g_date_time_format (when, "%Y-%m-%d %H:%M") : g_strdup ("");
  return g_strdup_printf (_("from %s <%s>, %s"), author->name, author->email, date);
}

static gboolean
merge_commit (GsRepo         *self,
              const git_oid  *ours,
              const git_oid  *theirs,
              git_oid        *out,
              GError        **error)
{
  g_autoptr(git_commit) a = NULL;
  g_autoptr(git_commit) b = NULL;
  git_commit *parents[2];
  git_oid tree_id;
  int rc;

  if ((rc = git_commit_lookup (&a, self->repo, ours)) < 0 || (rc = git_commit_lookup (&b, self->repo, theirs)) < 0)
    {
      gs_set_git_error (error, rc, _("Could not read a version"));
      return FALSE;
    }
  if (!gs_tree_from_db (self, &tree_id, error))
    return FALSE;
  parents[0] = a;
  parents[1] = b;
  return make_commit (self, &tree_id, parents, 2, _("Merged the versions of another device"), out, error);
}

gboolean
gs_integrate (GsRepo         *self,
              const git_oid  *ours,
              const git_oid  *theirs,
              guint          *n_conflicts,
              gboolean       *changed,
              GError        **error)
{
  g_autoptr(GsBook) ours_book = NULL;
  g_autoptr(GsBook) theirs_book = NULL;
  g_autoptr(GsBook) base_book = NULL;
  g_autofree char *label = NULL;
  git_oid base, merged;
  int rc;

  *n_conflicts = 0;
  *changed = FALSE;
  if (git_oid_equal (ours, theirs) || git_graph_descendant_of (self->repo, ours, theirs) == 1)
    return gs_move_to (self, ours, error);

  *changed = TRUE;
  ours_book = gs_book_load (self->repo, ours, error);
  theirs_book = ours_book ? gs_book_load (self->repo, theirs, error) : NULL;
  if (theirs_book == NULL)
    return FALSE;
  label = from_label (self, theirs);

  if (git_graph_descendant_of (self->repo, theirs, ours) == 1)
    {
      /* A fast-forward: the database takes their version. */
      return gs_book_merge_into_db (self, ours_book, ours_book, theirs_book, label, n_conflicts, error) &&
             gs_move_to (self, theirs, error);
    }

  rc = git_merge_base (&base, self->repo, ours, theirs);
  if (rc == 0)
    base_book = gs_book_load (self->repo, &base, error);
  else if (rc == GIT_ENOTFOUND)
    base_book = gs_book_load (self->repo, NULL, error);
  else
    {
      gs_set_git_error (error, rc, _("Could not find where the versions parted"));
      return FALSE;
    }
  if (base_book == NULL ||
      !gs_book_merge_into_db (self, base_book, ours_book, theirs_book, label, n_conflicts, error) ||
      !merge_commit (self, ours, theirs, &merged, error))
    return FALSE;
  return gs_move_to (self, &merged, error);
}
