/* df-model-private.h: helpers shared by the model's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "df-model.h"
#include "df-store-private.h"

G_BEGIN_DECLS

/* Parses a whole decimal number for a KEY VALUE setter (df-validate.c). */
gboolean _df_parse_count  (const char  *field,
                           const char  *value,
                           gint64       min,
                           gint64       max,
                           gint64      *out,
                           GError     **error);
gboolean _df_parse_bool   (const char  *field,
                           const char  *value,
                           gboolean    *out,
                           GError     **error);
/* Records today's totals after a save (df-stats.c, called by
 * df-chapter.c). */
gboolean _df_stats_note_save (DfStore  *store,
                              gint64    project_id,
                              gint64    words_delta,
                              GError  **error);
/* Marks the project edited now (df-project.c). */
gboolean _df_project_touch (DfStore    *store,
                            gint64      project_id,
                            GError    **error);
/* Rewrites chapters.number as 1..n in book order and parts.number in
 * order of first appearance (df-chapter-order.c). */
gboolean _df_project_renumber (DfStore   *store,
                               gint64     project_id,
                               GError   **error);
/* The part @part_id, or NOT_FOUND (df-part.c). */
DfPart  *_df_part_get       (DfStore     *store,
                             gint64       part_id,
                             GError     **error);
/* Fails with DF_ERROR_INVALID unless @part_id is 0 (no part) or a part of
 * @project_id; @part (nullable) receives the part (df-part.c). */
gboolean _df_part_check     (DfStore     *store,
                             gint64       project_id,
                             gint64       part_id,
                             DfPart     **part,
                             GError     **error);
/* Keeps @content as a revision of the chapter, of @kind ("save" or
 * "conflict"); its id in @id (nullable) (df-revision.c). */
/* The name a text this process writes is kept under (chapters.written_by,
 * chapter_revisions.origin): the program's, "draftforge" or
 * "draftforge-cli" (whose program name, for its messages, also holds the
 * command: "draftforge-cli chapter write"). */
char *_df_writer_name (void);

gboolean _df_revision_add   (DfStore     *store,
                             gint64       chapter_id,
                             gint64       project_id,
                             const char  *title,
                             const char  *content,
                             const char  *hash,
                             const char  *kind,
                             gint64      *id,
                             GError     **error);
/* Thins a chapter's revisions (df-revision.c): the newest in each five
 * minutes of the last hour, each hour of the last day, each day of the
 * last 30 days, each week before.  A conflict the user has not seen is
 * never removed, and takes no bucket's place.  @now: ISO 8601, or NULL
 * for now. */
gboolean _df_revisions_thin (DfStore     *store,
                             gint64       chapter_id,
                             const char  *now,
                             GError     **error);
/* The revision @revision_id kept by the deletion of a chapter, with that
 * chapter's project in @project_id; INVALID when the chapter was not
 * deleted (df-revision.c). */
DfRevision *_df_revision_get_deleted (DfStore  *store,
                                      gint64    revision_id,
                                      gint64   *project_id,
                                      GError  **error);
/* Gives the revisions of chapter @from_chapter_id to @to_chapter_id
 * (df-revision.c). */
gboolean _df_revisions_move (DfStore     *store,
                             gint64       from_chapter_id,
                             gint64       to_chapter_id,
                             GError     **error);

/* Whether @key is one of the planning fields df_chapter_set_field takes
 * (status, synopsis, notes, word_target), and setting one
 * (df-planning.c). */
gboolean _df_planning_is_field  (const char  *key);
gboolean _df_planning_set_field (DfStore     *store,
                                 gint64       chapter_id,
                                 const char  *key,
                                 const char  *value,
                                 GError     **error);

/* Adds @n chapters right after @after, in its part and with its status,
 * of @kind, titled @titles with the texts @texts; the chapters after
 * them move down by @n.  One transaction, statements prepared once
 * (df-chapter.c). */
gboolean _df_chapters_insert_after (DfStore            *store,
                                    const DfChapter    *after,
                                    const char * const *titles,
                                    const char * const *texts,
                                    guint               n,
                                    const char         *kind,
                                    GError            **error);

G_END_DECLS
