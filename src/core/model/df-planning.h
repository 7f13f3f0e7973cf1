/* df-planning.h: planning the book — labels, statuses of many chapters,
 * splitting and merging chapters, the outline
 *
 * A chapter's own planning fields (status, synopsis, notes, word_target,
 * pov: its point of view, a codex character) are in DfChapter and set
 * with df_chapter_set_field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "df-model.h"

G_BEGIN_DECLS

#define DF_SYNOPSIS_MAX_CHARS   2000
#define DF_NOTES_MAX_CHARS      200000
#define DF_LABEL_MAX_CHARS      50
#define DF_WORD_TARGET_MAX      10000000

/* ---- labels ---------------------------------------------------------- */

typedef struct
{
  gint64  id;
  gint64  project_id;
  char   *name;
  char   *color;                /* #rrggbb, lowercase */
  gint64  chapter_id;           /* df_label_list_assigned only, else 0 */
} DfLabel;

/* The colours a new label takes in turn (NULL-terminated): GNOME's
 * palette, light enough for dark text and dark enough to see on white. */
extern const char * const df_label_palette[];

void       df_label_free             (DfLabel     *label);
/* The labels the project defines, by name. */
GPtrArray *df_label_list             (DfStore     *store,
                                      gint64       project_id,
                                      GError     **error);
/* Every (chapter, label) pair of the project: DfLabel with chapter_id
 * set, in book order, each chapter's labels by name. */
GPtrArray *df_label_list_assigned    (DfStore     *store,
                                      gint64       project_id,
                                      GError     **error);
/* Defines the label @name (trimmed, 1 to 50 characters) or, when the
 * project has it, changes its colour; @color "#rrggbb" or NULL (a new
 * label takes the next colour of a fixed palette, an old one keeps its
 * own). */
DfLabel   *df_label_define           (DfStore     *store,
                                      gint64       project_id,
                                      const char  *name,
                                      const char  *color,
                                      GError     **error);
/* Removes the label from the project and from its chapters. */
gboolean   df_label_delete           (DfStore     *store,
                                      gint64       project_id,
                                      const char  *name,
                                      GError     **error);
/* Gives the chapter the label @name, defining it in the project when it
 * is new; a label the chapter has already: nothing to do. */
gboolean   df_chapter_add_label      (DfStore     *store,
                                      gint64       chapter_id,
                                      const char  *name,
                                      GError     **error);
/* Takes the label away from the chapter (the project keeps it);
 * DF_ERROR_INVALID when the chapter does not have it. */
gboolean   df_chapter_remove_label   (DfStore     *store,
                                      gint64       chapter_id,
                                      const char  *name,
                                      GError     **error);
/* The chapter's labels, by name. */
GPtrArray *df_chapter_list_labels    (DfStore     *store,
                                      gint64       chapter_id,
                                      GError     **error);

/* ---- many chapters at once ------------------------------------------- */

/* Sets the status of the chapters @ids (of one project) in one
 * transaction: all or none. */
gboolean   df_chapters_set_status    (DfStore       *store,
                                      const gint64  *ids,
                                      guint          n_ids,
                                      const char    *status,
                                      GError       **error);
/* The same with a status for each chapter (@statuses[i] for @ids[i]):
 * how an undo puts back what each had. */
gboolean   df_chapters_set_statuses  (DfStore            *store,
                                      const gint64       *ids,
                                      const char * const *statuses,
                                      guint               n_ids,
                                      GError            **error);

/* Moves the chapters @ids (of one project) to the end of @part_id (0:
 * the end of the book, without a part), in the order they have in the
 * book, in one transaction: all or none. */
gboolean   df_chapters_move_to_part  (DfStore       *store,
                                      const gint64  *ids,
                                      guint          n_ids,
                                      gint64         part_id,
                                      GError       **error);
/* The book order of the project @project_id: every chapter's id in
 * @ids and its part (0: none) in @part_ids, as many as @n_ids. */
gboolean   df_chapters_get_order     (DfStore       *store,
                                      gint64         project_id,
                                      GArray       **ids,
                                      GArray       **part_ids,
                                      GError       **error);
/* Puts the chapters back in the order and parts df_chapters_get_order
 * read (how an undo of moves restores the book), in one transaction;
 * chapters added since stay after them. */
gboolean   df_chapters_set_order     (DfStore       *store,
                                      const gint64  *ids,
                                      const gint64  *part_ids,
                                      guint          n_ids,
                                      GError       **error);

/* ---- splitting and merging ------------------------------------------- */

/* The byte offset where line @line (from 1) of @text starts; -1 when
 * the text has fewer lines.  Lines end at "\n" (a "\r\n" stays with its
 * line). */
gssize     df_text_line_offset       (const char  *text,
                                      gint64       line);
/* Splits the chapter at byte @offset of its text (0 < offset < length,
 * at the start of a character): it keeps what comes before, and a new
 * chapter right after it, in the same part and with its status, holds
 * the rest, byte for byte.  The new chapter is titled @title, or (NULL)
 * after a Markdown heading that opens its text, else "TITLE (continued)".
 * One transaction; the chapter's earlier text is kept as a revision.
 * Returns the new chapter. */
DfChapter *df_chapter_split          (DfStore     *store,
                                      gint64       chapter_id,
                                      gsize        offset,
                                      const char  *title,
                                      GError     **error);
/* Merges the chapter after @chapter_id into it: its text is appended
 * byte for byte (nothing added between), its labels join the chapter's,
 * and the next chapter is deleted (its text stays in its revisions).
 * @offset (nullable) receives where the appended text starts, which
 * df_chapter_split takes to undo the merge.  One transaction;
 * DF_ERROR_INVALID for the last chapter. */
gboolean   df_chapter_merge_next     (DfStore     *store,
                                      gint64       chapter_id,
                                      gsize       *offset,
                                      GError     **error);

/* Merges into @chapter_id the @n_ids chapters right after it, which
 * must be @ids in that order (the scenes df_chapter_split_scenes made:
 * the chapter's text is then what it was, byte for byte), in one
 * transaction; DF_ERROR_INVALID, and nothing done, when they are not. */
gboolean   df_chapter_merge_following (DfStore       *store,
                                       gint64         chapter_id,
                                       const gint64  *ids,
                                       guint          n_ids,
                                       GError       **error);

/* The scene breaks a project uses unless told otherwise: a line holding
 * only "***", "* * *" or "#" (spaces around it do not count). */
extern const char * const df_scene_breaks[];

/* Splits the chapter into scenes at its scene breaks (a line that is,
 * spaces aside, one of @breaks; NULL: df_scene_breaks): the chapter
 * keeps what comes before the first break, and each break begins a new
 * chapter of kind "scene" right after it, in its part, with its status,
 * titled "TITLE, scene N", byte for byte (the chapter's text is the
 * scenes' texts one after another).  One transaction; the chapter's text
 * before is kept as a revision.  The number of scenes made in
 * @n_scenes; DF_ERROR_INVALID when the text has no scene break. */
gboolean   df_chapter_split_scenes   (DfStore            *store,
                                      gint64              chapter_id,
                                      const char * const *breaks,
                                      guint              *n_scenes,
                                      GError            **error);

/* ---- writing sessions ---------------------------------------------- */

/* A writing session: times are Unix seconds, passed in by the caller
 * (the clock is the caller's, so that tests need no waiting). */
typedef struct
{
  gint64  id;
  gint64  project_id;
  char   *started_at;          /* ISO 8601, UTC */
  char   *ended_at;            /* NULL while it runs */
  gint64  goal_words;          /* 0: none */
  gint64  goal_minutes;        /* 0: none */
  gint64  words_start;
  gint64  words_end;           /* the project's words now while it runs */
  gint64  active_seconds;      /* writing time, long pauses left out */
  gint64  words_written;       /* words_end - words_start, never below 0 */
} DfWritingSession;

/* A pause longer than this counts as this much writing time. */
#define DF_SESSION_IDLE_SECONDS 300

void              df_writing_session_free     (DfWritingSession *session);
/* The clock a chapter's save reads to count a session's writing time
 * (Unix seconds); NULL: the real time.  For tests. */
typedef gint64 (*DfClockFunc) (void);
void              df_writing_session_set_clock (DfClockFunc clock);
gint64            df_writing_session_now       (void);
/* Starts a session of @project_id at @now; DF_ERROR_INVALID when one
 * runs already. */
DfWritingSession *df_writing_session_start    (DfStore     *store,
                                               gint64       project_id,
                                               gint64       goal_words,
                                               gint64       goal_minutes,
                                               gint64       now,
                                               GError     **error);
/* The writer typed at @now: the time since the last activity counts,
 * up to DF_SESSION_IDLE_SECONDS.  Nothing when no session runs. */
gboolean          df_writing_session_touch    (DfStore     *store,
                                               gint64       project_id,
                                               gint64       now,
                                               GError     **error);
/* Ends the running session at @now (as df_writing_session_touch counts)
 * and returns it; DF_ERROR_NOT_FOUND when none runs. */
DfWritingSession *df_writing_session_stop     (DfStore     *store,
                                               gint64       project_id,
                                               gint64       now,
                                               GError     **error);
/* The running session, or NULL without an error. */
DfWritingSession *df_writing_session_current  (DfStore     *store,
                                               gint64       project_id,
                                               GError     **error);
/* The project's sessions, newest first. */
GPtrArray        *df_writing_session_list     (DfStore     *store,
                                               gint64       project_id,
                                               GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfWritingSession, df_writing_session_free)

/* ---- the outline ----------------------------------------------------- */

/* The project's outline as CSV (RFC 4180, a header row, CRLF line ends)
 * or Markdown (a table): number, title, part, status, labels, point of
 * view, words, target, synopsis, last edited. */
char      *df_outline_format         (DfStore     *store,
                                      gint64       project_id,
                                      const char  *format,
                                      GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfLabel, df_label_free)

G_END_DECLS
