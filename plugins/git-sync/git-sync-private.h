/* git-sync-private.h: what the git sync plugin's files share
 *
 * The database is the truth: a version (a commit) is made from the
 * project as df_folder_snapshot describes it, and what arrives from
 * elsewhere (another device through the remote, or a commit made with
 * the git command line in the linked repository) is merged chapter by
 * chapter into the database, which then makes the merge commit.  The
 * link's last_commit is the commit the database last matched: the base
 * of the next merge.
 *
 * git-sync-repo.c     opening and creating the repository, the tree of
 *                     the database, versions, the work tree
 * git-sync-book.c     a version's project.json and chapters; the
 *                     three-way merge of two of them; applying one to
 *                     the database
 * git-sync-remote.c   fetch and push, credentials, the whole sync, clone
 * git-sync-log.c      history and status
 * git-sync-restore.c  a chapter as a version had it; the book restored
 * git-sync-secret.c   a remote's token in the Secret Service
 * git-sync-ssh.c      an ssh server's host key, as ssh remembers it
 * git-sync-pack.c     a first version written as one pack
 * git-sync-worktree.c a first version's work tree, written plainly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <git2.h>
#include <json-glib/json-glib.h>

#include <draftforge-plugin.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_repository, git_repository_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_commit, git_commit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_tree, git_tree_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_tree_entry, git_tree_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_blob, git_blob_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_index, git_index_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_reference, git_reference_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_remote, git_remote_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_signature, git_signature_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_diff, git_diff_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_revwalk, git_revwalk_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_odb, git_odb_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_config, git_config_free)

#define GS_BRANCH_REF "refs/heads/main"
#define GS_REMOTE_NAME "origin"
#define GS_REMOTE_REF "refs/remotes/origin/main"

/* ---- git-sync-repo.c ----------------------------------------------------- */

typedef struct
{
  DfStore        *store;
  gint64          project_id;
  DfSyncLink     *link;
  git_repository *repo;
  GPtrArray      *notices;     /* char*: what a merge tells the writer */
  gboolean        worktree_later; /* the first version's work tree is
                                   * written by its caller */
  GHashTable     *words;       /* blob id (hex) -> gint64*: the words of the
                                * chapters the last tree from the database
                                * read, so a version's message need not
                                * count them again */
} GsRepo;

void      gs_repo_clear          (GsRepo          *self);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GsRepo, gs_repo_clear)

/* Sets @error from libgit2's last error: "@what: the reason". */
void      gs_set_git_error       (GError         **error,
                                  int              rc,
                                  const char      *what);
gboolean  gs_repo_open           (GsRepo          *self,
                                  DfStore         *store,
                                  gint64           project_id,
                                  GError         **error);
/* A new repository at @path (created empty) with the files DraftForge
 * keeps beside the project (.gitattributes, .gitignore). */
git_repository *gs_repo_create   (const char      *path,
                                  GError         **error);
char     *gs_default_repo_path   (const char      *slug);
/* The tree of the database as it is now. */
gboolean  gs_tree_from_db        (GsRepo          *self,
                                  git_oid         *tree_out,
                                  GError         **error);
/* The commit the branch points at; FALSE without error when unborn. */
gboolean  gs_branch_head         (GsRepo          *self,
                                  git_oid         *out,
                                  GError         **error);
/* Saves what changed in the database since the link's last commit, as a
 * version on top of it, and merges in what the branch gained from
 * outside (the git command line).  @summary: one line for people. */
gboolean  gs_save_version        (GsRepo          *self,
                                  const char      *message,
                                  char           **summary,
                                  GError         **error);
/* Makes the database, the branch, the work tree and the link agree on
 * the merge of @ours (what the database matches) and @theirs.
 * @n_conflicts counts the chapters left for the writer. */
gboolean  gs_integrate           (GsRepo          *self,
                                  const git_oid   *ours,
                                  const git_oid   *theirs,
                                  guint           *n_conflicts,
                                  gboolean        *changed,
                                  GError         **error);
/* The branch, the work tree and the link move to @commit (its tree
 * written over the files of @from_tree, NULL: the branch's). */
gboolean  gs_move_to             (GsRepo          *self,
                                  const git_oid   *commit,
                                  GError         **error);
git_signature *gs_signature      (GsRepo          *self,
                                  GError         **error);

/* ---- git-sync-book.c ----------------------------------------------------- */

typedef struct
{
  char    *slug;
  char    *file;
  char    *title;
  char    *kind;
  char    *prerequisites;      /* JSON text */
  gint64   estimated_minutes;  /* -1: null */
  gint64   part;               /* 0: none */
  git_oid  blob;
} GsChapter;

typedef struct
{
  JsonNode   *root;            /* project.json */
  GPtrArray  *chapters;        /* GsChapter, book order */
  GHashTable *by_slug;         /* slug -> GsChapter */
  git_oid     tree_id;         /* zero: the empty book */
} GsBook;

void      gs_book_free           (GsBook          *book);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsBook, gs_book_free)

GsBook   *gs_book_load           (git_repository  *repo,
                                  const git_oid   *commit,
                                  GError         **error);
/* Makes the database hold @target, which was @current (what the database
 * matched).  For a three-way merge, @base and @theirs give the other
 * side's texts: chapters both sides changed in the same lines keep the
 * database's text and keep theirs as a conflict revision (@from_label),
 * counted in @n_conflicts. */
gboolean  gs_book_merge_into_db  (GsRepo          *repo,
                                  GsBook          *base,
                                  GsBook          *ours,
                                  GsBook          *theirs,
                                  const char      *from_label,
                                  guint           *n_conflicts,
                                  GError         **error);
GsBook   *gs_book_load_tree      (git_repository  *repo,
                                  git_tree        *tree,
                                  GError         **error);
/* Adds the words added and removed between two blobs (NULL or zero: an
 * empty file), word by word. */
void      gs_words_changed       (git_repository  *repo,
                                  const git_oid   *old_blob,
                                  const git_oid   *new_blob,
                                  gint64          *added,
                                  gint64          *removed);
char     *gs_blob_text           (git_repository  *repo,
                                  const git_oid   *oid);

/* ---- git-sync-remote.c --------------------------------------------------- */

char     *gs_sync                (GsRepo             *self,
                                  const char         *remote,
                                  DfSyncProgressFunc  progress,
                                  gpointer            progress_data,
                                  GCancellable       *cancellable,
                                  GError            **error);
gint64    gs_clone               (DfStore            *store,
                                  const char         *url,
                                  const char         *repo_path,
                                  DfSyncProgressFunc  progress,
                                  gpointer            progress_data,
                                  GCancellable       *cancellable,
                                  GError            **error);

/* ---- git-sync-log.c ------------------------------------------------------ */

/* "Words-Added: N" and "Words-Removed: N" close a version's message. */
#define GS_TRAILER_ADDED "Words-Added: "
#define GS_TRAILER_REMOVED "Words-Removed: "

GPtrArray    *gs_log             (GsRepo          *self,
                                  gint64           chapter_id,
                                  GError         **error);
DfSyncStatus *gs_status          (GsRepo          *self,
                                  GError         **error);

/* ---- git-sync-secret.c --------------------------------------------------- */

/* The token for @url: DRAFTFORGE_GIT_TOKEN's, else the keyring's
 * (@from_keyring TRUE); NULL without error when there is none.
 * Blocking. */
char         *gs_token_lookup    (const char      *url,
                                  gboolean        *from_keyring,
                                  GError         **error);
/* The passphrase of the ssh key file @key_file (an absolute path):
 * DRAFTFORGE_GIT_SSH_PASSPHRASE's, else the keyring's, kept there as
 * the token of the key file's file:// URI; NULL without error when
 * there is none.  Blocking. */
char         *gs_passphrase_lookup (const char    *key_file,
                                    GError       **error);
/* @token NULL or empty: forgets it. */
gboolean      gs_token_store     (const char      *url,
                                  const char      *token,
                                  GCancellable    *cancellable,
                                  GError         **error);
gboolean      gs_token_exists    (const char      *url,
                                  gboolean        *exists,
                                  GCancellable    *cancellable,
                                  GError         **error);

/* ---- git-sync-pack.c ----------------------------------------------------- */

typedef gboolean (*GsPackWhileFunc) (gpointer   data,
                                     GError   **error);
/* Writes @commit and the trees and files it holds, read from @odb (a
 * mempack's, say), as one pack in the repository; @while_func (may be
 * NULL) runs while the objects are compressed on another thread, and
 * may read @odb too. */
gboolean      gs_pack_write      (git_repository  *repo,
                                  git_odb         *odb,
                                  const git_oid   *commit,
                                  GsPackWhileFunc  while_func,
                                  gpointer         while_data,
                                  GError         **error);

/* ---- git-sync-worktree.c -------------------------------------------------- */

/* Writes @tree's files into the work tree and the index, when the work
 * tree holds nothing yet (@written TRUE); else does nothing (the caller
 * checks out). */
gboolean      gs_worktree_write_new (GsRepo       *self,
                                     git_tree     *tree,
                                     gboolean     *written,
                                     GError      **error);

/* ---- git-sync-ssh.c ------------------------------------------------------ */

typedef enum
{
  GS_HOST_KEY_KNOWN,      /* remembered with this key */
  GS_HOST_KEY_UNKNOWN,    /* not remembered */
  GS_HOST_KEY_CHANGED,    /* remembered with another key */
} GsHostKey;

/* The ssh server @host (on @port, 0: 22) showing @key (raw), as the
 * known hosts file remembers it. */
GsHostKey     gs_ssh_check_host  (const char      *host,
                                  int              port,
                                  const char      *key,
                                  gsize            key_len);

/* ---- git-sync-restore.c -------------------------------------------------- */

char         *gs_show            (GsRepo          *self,
                                  const char      *version,
                                  gint64           chapter_id,
                                  GError         **error);
char         *gs_restore         (GsRepo          *self,
                                  const char      *version,
                                  GError         **error);

G_END_DECLS
