/* df-sync-link.h: a project linked to a repository, and what a sync
 * could not merge
 *
 * The sync backends (the git-sync plugin) keep their state here: the
 * repository a project is kept in, its remote, the commit the database
 * last matched, and the chapters waiting for the writer to choose
 * between their text and the other side's (a conflict revision).  No
 * password or token is ever stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined (__DRAFTFORGE_PLUGIN_H_INSIDE__) && !defined (DRAFTFORGE_COMPILATION)
# error "Only <draftforge-plugin.h> can be included directly."
#endif

#include "df-extern.h"


#include "df-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  project_id;
  char   *backend;          /* "git" */
  char   *repo_path;
  char   *remote_url;       /* NULL: none yet */
  char   *branch;           /* "main" */
  char   *last_commit;      /* the commit the database last matched */
  char   *last_synced_at;   /* NULL: never synced with the remote */
  char   *last_error;       /* the last sync's error for people, or NULL */
  char   *created_at;
} DfSyncLink;

DF_EXTERN
void        df_sync_link_free        (DfSyncLink  *link);
/* DF_ERROR_NOT_FOUND, saying how to link it, when @project_id has none. */
DF_EXTERN
DfSyncLink *df_sync_link_get         (DfStore     *store,
                                      gint64       project_id,
                                      GError     **error);
/* Links @project_id to @repo_path; DF_ERROR_EXISTS when it is linked. */
DF_EXTERN
gboolean    df_sync_link_create      (DfStore     *store,
                                      gint64       project_id,
                                      const char  *backend,
                                      const char  *repo_path,
                                      const char  *remote_url,
                                      GError     **error);
/* @url NULL removes the remote.  A URL holding a password is refused. */
DF_EXTERN
gboolean    df_sync_link_set_remote  (DfStore     *store,
                                      gint64       project_id,
                                      const char  *url,
                                      GError     **error);
/* The database matches @commit now. */
DF_EXTERN
gboolean    df_sync_link_set_commit  (DfStore     *store,
                                      gint64       project_id,
                                      const char  *commit,
                                      GError     **error);
/* A sync with the remote ended: @message NULL for success (the time is
 * kept), else what went wrong, for people. */
DF_EXTERN
gboolean    df_sync_link_set_result  (DfStore     *store,
                                      gint64       project_id,
                                      const char  *message,
                                      GError     **error);

/* The git sync plugin's id, whose settings (df-plugin-settings.h) keep
 * the ssh key file of each project's remote. */
#define DF_SYNC_GIT_PLUGIN_ID "io.github.draftforge.GitSync"

/* The private key file the project's ssh remote is reached with (a
 * setting, not a secret: its passphrase, if any, is in the keyring), or
 * NULL without @error when none is set (the ssh agent is used). */
DF_EXTERN
char       *df_sync_link_get_ssh_key (DfStore     *store,
                                      gint64       project_id,
                                      GError     **error);
/* @path NULL or empty forgets it; else a private key file that exists,
 * kept as an absolute path. */
DF_EXTERN
gboolean    df_sync_link_set_ssh_key (DfStore     *store,
                                      gint64       project_id,
                                      const char  *path,
                                      GError     **error);

typedef struct
{
  gint64  id;
  gint64  project_id;
  gint64  chapter_id;
  gint64  chapter_number;
  char   *chapter_title;
  gint64  revision_id;      /* the conflict revision with the other text */
  char   *from_label;       /* "from Ann <ann@example.org>, 2026-12-04 10:20" */
  char   *created_at;
} DfSyncConflict;

DF_EXTERN
void        df_sync_conflict_free    (DfSyncConflict *conflict);
/* In book order. */
DF_EXTERN
GPtrArray  *df_sync_conflict_list    (DfStore     *store,
                                      gint64       project_id,
                                      GError     **error);
/* Keeps @their_text as a conflict revision of @chapter_id, labelled
 * @from_label, and lists the chapter under the project's conflicts; the
 * chapter's own text is not touched. */
DF_EXTERN
gboolean    df_sync_conflict_add     (DfStore     *store,
                                      gint64       chapter_id,
                                      const char  *their_text,
                                      const char  *from_label,
                                      GError     **error);

typedef enum
{
  DF_SYNC_TAKE_MINE,
  DF_SYNC_TAKE_THEIRS,
  DF_SYNC_TAKE_TEXT,
} DfSyncTake;

/* Ends the conflicts of @chapter_id: keeps its text (MINE), takes the
 * newest other side's text (THEIRS) or @text (TEXT, a merge the writer
 * made), as a save that keeps the text it replaces as a revision.
 * DF_ERROR_NOT_FOUND when the chapter has no conflict. */
DF_EXTERN
gboolean    df_sync_conflict_resolve (DfStore     *store,
                                      gint64       chapter_id,
                                      DfSyncTake   take,
                                      const char  *text,
                                      GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfSyncLink, df_sync_link_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfSyncConflict, df_sync_conflict_free)

G_END_DECLS
