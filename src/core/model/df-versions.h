/* df-versions.h: named versions of a project
 *
 * "Save a version…" names the state of the whole book at a moment: every
 * chapter's title and text, kept until the version is deleted (the
 * thinning of earlier versions never touches them).  A version restores
 * one chapter, or the whole book; each restored text is a save, so the
 * text it replaces is kept in the chapter's earlier versions, and a
 * whole-book restore first saves the book as it is, as a version named
 * for it, so that restoring that one undoes it.  Texts are kept once,
 * however many versions hold them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "df-store.h"

G_BEGIN_DECLS

#define DF_VERSION_NAME_MAX_CHARS 200

typedef struct
{
  gint64  id;
  gint64  project_id;
  char   *name;
  char   *created_at;
  gint64  chapters;     /* how many it holds */
  gint64  words;        /* their words */
} DfVersion;

/* A chapter as a version holds it. */
typedef struct
{
  gint64    chapter_id;
  gint64    position;       /* its number in the book then, from 1 */
  char     *title;
  char     *content_md;     /* NULL unless asked for */
  char     *content_hash;
  gint64    words;
  gboolean  exists;         /* the chapter is still in the book */
  gboolean  changed;        /* its text or title differs now (or it was deleted) */
} DfVersionChapter;

void        df_version_free          (DfVersion        *version);
void        df_version_chapter_free  (DfVersionChapter *chapter);

/* Names the current state of @project_id @name (1 to 200 characters,
 * trimmed); the new version. */
DfVersion  *df_version_save          (DfStore     *store,
                                      gint64       project_id,
                                      const char  *name,
                                      GError     **error);
/* The project's versions, newest first. */
GPtrArray  *df_version_list          (DfStore     *store,
                                      gint64       project_id,
                                      GError     **error);
/* The version of @project_id with id @id; DF_ERROR_NOT_FOUND otherwise. */
DfVersion  *df_version_get           (DfStore     *store,
                                      gint64       project_id,
                                      gint64       id,
                                      GError     **error);
/* The newest version of @project_id named @name (case aside). */
DfVersion  *df_version_find          (DfStore     *store,
                                      gint64       project_id,
                                      const char  *name,
                                      GError     **error);
/* The chapters version @version_id holds, in its book order; with their
 * text when @with_text. */
GPtrArray  *df_version_chapters      (DfStore     *store,
                                      gint64       version_id,
                                      gboolean     with_text,
                                      GError     **error);
/* The texts of chapter @chapter_id that named versions hold, as
 * revisions of kind "version" (id: minus the version's id; label: its
 * name; created_at: when it was saved), newest first. */
GPtrArray  *df_version_revisions_of_chapter (DfStore  *store,
                                             gint64    chapter_id,
                                             GError  **error);
/* Puts chapter @chapter_id back as version @version_id holds it (title
 * and text; a chapter deleted since comes back at the end of the book).
 * The chapter's id now in @chapter_id_out (nullable). */
gboolean    df_version_restore_chapter (DfStore   *store,
                                        gint64     version_id,
                                        gint64     chapter_id,
                                        gint64    *chapter_id_out,
                                        GError   **error);
/* Puts every chapter back as the version holds it, in one transaction,
 * after saving the book as it is as a version named "Before restoring
 * “NAME”" (its id in @undo_version_out).  Chapters written since the
 * version are left as they are.  How many chapters changed in
 * @restored_out, and how many came back from deletion in
 * @recreated_out (all nullable). */
gboolean    df_version_restore       (DfStore     *store,
                                      gint64       version_id,
                                      gint64      *undo_version_out,
                                      guint       *restored_out,
                                      guint       *recreated_out,
                                      GError     **error);
/* Deletes a version (and the texts no other version holds). */
gboolean    df_version_delete        (DfStore     *store,
                                      gint64       version_id,
                                      GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfVersion, df_version_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfVersionChapter, df_version_chapter_free)

G_END_DECLS
