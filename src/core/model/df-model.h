/* df-model.h: projects, parts, chapters, profiles, progress, statistics
 *
 * Records are plain structs returned by value-owning calls; free them with
 * their _free function or g_autoptr.  Every fallible call takes a GError.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined (__DRAFTFORGE_PLUGIN_H_INSIDE__) && !defined (DRAFTFORGE_COMPILATION)
# error "Only <draftforge-plugin.h> can be included directly."
#endif

#include "df-extern.h"

#include <gio/gio.h>

#include "df-store.h"

G_BEGIN_DECLS

/* ---- validation ------------------------------------------------------ */

/* The allowed values of each enumerated field (NULL-terminated), shared by
 * the CHECK constraints, the C-side validation and the command line. */
DF_EXTERN const char * const df_project_types[];
DF_EXTERN const char * const df_project_statuses[];
DF_EXTERN const char * const df_chapter_kinds[];
/* Where a chapter stands: idea, outline, draft, revised, final, and
 * excluded (kept in the project, left out of the exported book). */
DF_EXTERN const char * const df_chapter_statuses[];
DF_EXTERN const char * const df_part_layers[];
DF_EXTERN const char * const df_part_tiers[];
DF_EXTERN const char * const df_progress_statuses[];
DF_EXTERN const char * const df_experience_levels[];
DF_EXTERN const char * const df_education_levels[];
DF_EXTERN const char * const df_programming_experiences[];
DF_EXTERN const char * const df_ai_ml_experiences[];
DF_EXTERN const char * const df_languages[];
DF_EXTERN const char * const df_learning_goals[];

/* Fails with DF_ERROR_INVALID "FIELD must be one of a, b, c (got 'x')". */
DF_EXTERN
gboolean df_validate_enum   (const char         *field,
                             const char         *value,
                             const char * const *allowed,
                             GError            **error);
/* Lowercase ASCII letters, digits, '-' and '_', 1 to 100 characters. */
DF_EXTERN
gboolean df_validate_slug   (const char         *slug,
                             GError            **error);
/* Non-empty after trimming, at most @max_chars characters, valid UTF-8. */
DF_EXTERN
gboolean df_validate_text   (const char         *field,
                             const char         *value,
                             guint               max_chars,
                             GError            **error);
DF_EXTERN
char    *df_slugify         (const char         *title);
DF_EXTERN
char    *df_sha256_hex      (const char         *data,
                             gssize              len);
DF_EXTERN
char    *df_now_iso8601     (void);
DF_EXTERN
char    *df_today           (void);   /* local date, YYYY-MM-DD */
/* A date written YYYY-MM-DD and nothing more, read into @date; FALSE
 * (@date cleared) for anything else. */
DF_EXTERN
gboolean df_date_parse      (const char         *text,
                             GDate              *date);
/* @date written YYYY-MM-DD. */
DF_EXTERN
char    *df_date_format     (const GDate        *date);
/* df_today as a GDate: the real date when DRAFTFORGE_TODAY is no date. */
DF_EXTERN
void     df_date_today      (GDate              *date);

/* ---- projects -------------------------------------------------------- */

typedef struct
{
  gint64  id;
  char   *slug;
  char   *title;
  char   *description;
  char   *project_type;
  char   *genre;
  char   *language;
  gint64  target_word_count;   /* 0: none */
  char   *status;
  char   *settings;            /* JSON object */
  char   *version;
  char   *created_at;
  char   *updated_at;
  char   *deleted_at;          /* NULL unless in the trash */
  /* derived, filled by df_project_list and df_project_get */
  gint64  n_parts;
  gint64  n_chapters;
  gint64  words;
} DfProject;

typedef struct
{
  const char *title;           /* required */
  const char *slug;            /* NULL: derived from the title */
  const char *description;
  const char *project_type;    /* NULL: "novel" */
  const char *genre;
  const char *language;        /* NULL: "en" */
  gint64      target_word_count;
} DfProjectNew;

DF_EXTERN
void       df_project_free       (DfProject *project);
DF_EXTERN
DfProject *df_project_create     (DfStore            *store,
                                  const DfProjectNew *spec,
                                  GError            **error);
/* Finds live projects by slug; with @include_deleted also the trash. */
DF_EXTERN
DfProject *df_project_get        (DfStore     *store,
                                  const char  *slug,
                                  gboolean     include_deleted,
                                  GError     **error);
DF_EXTERN
DfProject *df_project_get_by_id  (DfStore     *store,
                                  gint64       id,
                                  GError     **error);
/* GPtrArray of DfProject, by last edit, newest first. */
DF_EXTERN
GPtrArray *df_project_list       (DfStore     *store,
                                  gboolean     deleted,
                                  GError     **error);
DF_EXTERN
gboolean   df_project_rename     (DfStore     *store,
                                  gint64       project_id,
                                  const char  *title,
                                  GError     **error);
/* KEY is one of description, project_type, genre, language,
 * target_word_count, status; the value is validated. */
DF_EXTERN
gboolean   df_project_set_field  (DfStore     *store,
                                  gint64       project_id,
                                  const char  *key,
                                  const char  *value,
                                  GError     **error);
DF_EXTERN
gboolean   df_project_delete     (DfStore     *store,
                                  gint64       project_id,
                                  GError     **error);
DF_EXTERN
gboolean   df_project_restore    (DfStore     *store,
                                  gint64       project_id,
                                  GError     **error);
/* Removes a project in the trash and everything in it, for good. */
DF_EXTERN
gboolean   df_project_purge      (DfStore     *store,
                                  gint64       project_id,
                                  GError     **error);

/* ---- parts ----------------------------------------------------------- */

typedef struct
{
  gint64  id;
  gint64  project_id;
  gint64  number;              /* 1-based, book order */
  char   *title;
  char   *description;
  char   *layer;               /* NULL or L1..L5 */
  char   *tier;                /* NULL or A2..C2 */
  gint64  week_start;          /* 0: none */
  gint64  week_end;
} DfPart;

DF_EXTERN
void       df_part_free          (DfPart *part);
/* Appends a part at the end of the book. */
DF_EXTERN
DfPart    *df_part_add           (DfStore     *store,
                                  gint64       project_id,
                                  const char  *title,
                                  GError     **error);
DF_EXTERN
GPtrArray *df_part_list          (DfStore     *store,
                                  gint64       project_id,
                                  GError     **error);
DF_EXTERN
DfPart    *df_part_get_by_number (DfStore     *store,
                                  gint64       project_id,
                                  gint64       number,
                                  GError     **error);
DF_EXTERN
gboolean   df_part_rename        (DfStore     *store,
                                  gint64       part_id,
                                  const char  *title,
                                  GError     **error);
/* KEY is one of description, layer, tier, week_start, week_end. */
DF_EXTERN
gboolean   df_part_set_field     (DfStore     *store,
                                  gint64       part_id,
                                  const char  *key,
                                  const char  *value,
                                  GError     **error);
/* Deletes the part; its chapters stay, without a part. */
DF_EXTERN
gboolean   df_part_delete        (DfStore     *store,
                                  gint64       part_id,
                                  GError     **error);

/* ---- chapters -------------------------------------------------------- */

typedef struct
{
  gint64  id;
  gint64  project_id;
  gint64  part_id;             /* 0: none */
  gint64  number;              /* 1-based, book order across the project */
  char   *title;
  char   *slug;
  char   *kind;
  char   *content_md;          /* NULL in listings */
  char   *content_hash;
  char   *prerequisites;       /* JSON array */
  gint64  estimated_minutes;
  gint64  words;
  char   *created_at;
  char   *updated_at;
  /* planning (schema 7, df-planning.c) */
  char   *status;              /* one of df_chapter_statuses */
  char   *synopsis;            /* plain text, "" when none */
  char   *notes;               /* Markdown, never exported; "" when none */
  gint64  word_target;         /* 0: none */
  /* point of view (schema 13): a live codex character, else 0 / NULL */
  gint64  pov_entry_id;
  char   *pov;                 /* the entry's name */
} DfChapter;

DF_EXTERN
void       df_chapter_free          (DfChapter *chapter);
/* Appends a chapter at the end of @part_id (0: the end of the book,
 * without a part). */
DF_EXTERN
DfChapter *df_chapter_add           (DfStore     *store,
                                     gint64       project_id,
                                     gint64       part_id,
                                     const char  *title,
                                     const char  *content_md,
                                     GError     **error);
/* GPtrArray of DfChapter in book order, without content. */
DF_EXTERN
GPtrArray *df_chapter_list          (DfStore     *store,
                                     gint64       project_id,
                                     GError     **error);
/* The same with only id, project_id, part_id, number, title, kind,
 * status, synopsis, words and word_target (the rest NULL or 0): what a
 * list of the book shows, read from an index alone however many chapters
 * the book has. */
DF_EXTERN
GPtrArray *df_chapter_list_brief    (DfStore     *store,
                                     gint64       project_id,
                                     GError     **error);
/* With content. */
DF_EXTERN
DfChapter *df_chapter_get           (DfStore     *store,
                                     gint64       chapter_id,
                                     GError     **error);
DF_EXTERN
DfChapter *df_chapter_get_by_number (DfStore     *store,
                                     gint64       project_id,
                                     gint64       number,
                                     GError     **error);
DF_EXTERN
gboolean   df_chapter_rename        (DfStore     *store,
                                     gint64       chapter_id,
                                     const char  *title,
                                     GError     **error);
/* KEY is one of kind, slug, prerequisites, estimated_minutes, and the
 * planning fields status, synopsis, notes, word_target and pov (a codex
 * character's name or id; "" for none) (df-planning.h). */
DF_EXTERN
gboolean   df_chapter_set_field     (DfStore     *store,
                                     gint64       chapter_id,
                                     const char  *key,
                                     const char  *value,
                                     GError     **error);
/* Saves new content in one transaction: the previous content goes to
 * chapter_revisions, content_hash becomes its SHA-256, and today's
 * writing_stats row is updated.  Saving identical content is a no-op. */
DF_EXTERN
gboolean   df_chapter_save_content  (DfStore     *store,
                                     gint64       chapter_id,
                                     const char  *content_md,
                                     GError     **error);

/* What df_chapter_save_merging did. */
typedef struct
{
  char     *hash;                  /* the chapter's content_hash now */
  gint64    words;                 /* and its words */
  gboolean  written;               /* FALSE: the chapter had that text already */
  gint64    conflict_revision_id;  /* 0, or the revision that keeps the text
                                      that arrived from elsewhere */
} DfSaveOutcome;

DF_EXTERN
void       df_save_outcome_clear    (DfSaveOutcome *outcome);

/* A text arrived that this writer had not seen.  Saves @content_md as
 * df_chapter_save_content does, for a writer (an editor, a sync) whose
 * text was based on the chapter's text with content_hash @base_hash.  If
 * the chapter holds another text now (another program saved, a pull
 * brought one), nothing is lost: @content_md still becomes the chapter's
 * text, and the text it replaces is kept as a revision of kind
 * "conflict" (its id in @outcome), which thinning never removes until
 * df_revision_mark_seen.  All in one transaction, so no save can come
 * between the check and the write.  @base_hash NULL: no check (a plain
 * save).  @outcome (nullable) is filled on success; clear it with
 * df_save_outcome_clear. */
DF_EXTERN
gboolean   df_chapter_save_merging  (DfStore       *store,
                                     gint64         chapter_id,
                                     const char    *content_md,
                                     const char    *base_hash,
                                     DfSaveOutcome *outcome,
                                     GError       **error);
/* The chapter's content_hash, without its text: cheap enough to ask
 * every second.  NOT_FOUND when there is no such chapter. */
DF_EXTERN
char      *df_chapter_dup_hash      (DfStore     *store,
                                     gint64       chapter_id,
                                     GError     **error);
/* Moves a chapter to book position @to (1-based); it joins the part of
 * the chapter that was at @to. */
DF_EXTERN
gboolean   df_chapter_move          (DfStore     *store,
                                     gint64       chapter_id,
                                     gint64       to,
                                     GError     **error);
/* Moves a chapter into @part_id (0: no part) at @index within it
 * (0-based; G_MAXINT64 for the end). */
DF_EXTERN
gboolean   df_chapter_move_to_part  (DfStore     *store,
                                     gint64       chapter_id,
                                     gint64       part_id,
                                     gint64       index,
                                     GError     **error);
/* Puts a chapter into @part_id (0: no part) where it stands in book
 * order: the step a keyboard move takes across a part's edge (the first
 * chapter of a part leaving it for the part before, the last one joining
 * the part after). */
DF_EXTERN
gboolean   df_chapter_set_part      (DfStore     *store,
                                     gint64       chapter_id,
                                     gint64       part_id,
                                     GError     **error);
/* Where the cursor is in the chapter (a character offset in its text),
 * so that it opens there again; kept until the chapter is deleted.  A
 * chapter that is not there: nothing stored, no error. */
DF_EXTERN
gboolean   df_chapter_set_cursor    (DfStore     *store,
                                     gint64       chapter_id,
                                     gint64       offset,
                                     GError     **error);
/* The offset stored for the chapter, 0 when none; -1 on error. */
DF_EXTERN
gint64     df_chapter_get_cursor    (DfStore     *store,
                                     gint64       chapter_id,
                                     GError     **error);
/* Deletes a chapter; its content stays in chapter_revisions. */
DF_EXTERN
gboolean   df_chapter_delete        (DfStore     *store,
                                     gint64       chapter_id,
                                     GError     **error);

typedef struct
{
  gint64  id;
  gint64  chapter_id;
  char   *content_md;
  char   *content_hash;
  char   *created_at;
  char   *title;          /* the chapter's title when the revision was made */
  char   *kind;           /* "save": the text a save replaced; "conflict": a
                             text from elsewhere that a writer who had not
                             seen it replaced (df_chapter_save_merging) */
  char   *seen_at;        /* a conflict: when the user first saw it; NULL:
                             not yet, and thinning keeps it */
  char   *origin;         /* the program that wrote this text
                             ("draftforge", "draftforge-cli"); NULL:
                             not known (kept before schema 5) */
  char   *label;          /* kind "version": the named version that holds
                             this text (df_version_revisions_of_chapter);
                             NULL otherwise */
} DfRevision;

DF_EXTERN
void       df_revision_free         (DfRevision *revision);
/* Newest first. */
DF_EXTERN
GPtrArray *df_revision_list         (DfStore     *store,
                                     gint64       chapter_id,
                                     GError     **error);
/* The chapters of @project_id that were deleted: for each, the revision
 * its deletion kept (its last text and title), newest first. */
DF_EXTERN
GPtrArray *df_revision_list_deleted (DfStore     *store,
                                     gint64       project_id,
                                     GError     **error);
/* The user has seen revision @revision_id (a conflict shown in the
 * history): from now on thinning treats it as any other. */
DF_EXTERN
gboolean   df_revision_mark_seen    (DfStore     *store,
                                     gint64       revision_id,
                                     GError     **error);
/* The newest conflict of @chapter_id the user has not seen, in
 * @revision_id (0: none). */
DF_EXTERN
gboolean   df_revision_find_unseen  (DfStore     *store,
                                     gint64       chapter_id,
                                     gint64      *revision_id,
                                     GError     **error);
/* Brings back the deleted chapter whose last text is @revision_id (one of
 * df_revision_list_deleted): a chapter at the end of the book with that
 * title and text, and the deleted chapter's history as its own. */
DF_EXTERN
DfChapter *df_chapter_undelete      (DfStore     *store,
                                     gint64       revision_id,
                                     GError     **error);

/* ---- assets (images of imported books) ------------------------------- */

DF_EXTERN
gboolean   df_asset_put             (DfStore     *store,
                                     gint64       project_id,
                                     const char  *path,
                                     const char  *mime_type,
                                     GBytes      *data,
                                     GError     **error);
DF_EXTERN
GBytes    *df_asset_get             (DfStore     *store,
                                     gint64       project_id,
                                     const char  *path,
                                     char       **mime_type,
                                     GError     **error);
/* Paths, sorted. */
DF_EXTERN
GPtrArray *df_asset_list            (DfStore     *store,
                                     gint64       project_id,
                                     GError     **error);

/* ---- profiles -------------------------------------------------------- */

typedef struct
{
  char     *id;                 /* UUID */
  char     *display_name;
  char     *email;
  gboolean  onboarding_completed;
  char     *experience_level;
  char     *education_level;
  char     *programming_experience;
  char     *ai_ml_experience;
  gboolean  robotics_background;
  char     *learning_goals;     /* JSON array */
  char     *preferred_language;
  char     *profile_data;       /* JSON object */
  char     *created_at;
  char     *updated_at;
  gboolean  active;
} DfProfile;

DF_EXTERN
void       df_profile_free       (DfProfile *profile);
/* The first profile created becomes the active one. */
DF_EXTERN
DfProfile *df_profile_create     (DfStore     *store,
                                  const char  *display_name,
                                  GError     **error);
DF_EXTERN
GPtrArray *df_profile_list       (DfStore     *store,
                                  GError     **error);
/* By id or by display name. */
DF_EXTERN
DfProfile *df_profile_get        (DfStore     *store,
                                  const char  *id_or_name,
                                  GError     **error);
/* NULL without error when there is no profile yet. */
DF_EXTERN
DfProfile *df_profile_get_active (DfStore     *store,
                                  GError     **error);
DF_EXTERN
gboolean   df_profile_set_active (DfStore     *store,
                                  const char  *profile_id,
                                  GError     **error);
/* KEY: display_name, email, onboarding_completed, experience_level,
 * education_level, programming_experience, ai_ml_experience,
 * robotics_background, learning_goals (comma-separated or a JSON array),
 * preferred_language, profile_data (a JSON object). */
DF_EXTERN
gboolean   df_profile_set        (DfStore     *store,
                                  const char  *profile_id,
                                  const char  *key,
                                  const char  *value,
                                  GError     **error);

/* ---- reading progress ------------------------------------------------ */

typedef struct
{
  gint64  chapter_id;
  gint64  chapter_number;
  char   *chapter_title;
  char   *status;               /* not_started, in_progress, completed */
  char   *started_at;
  char   *completed_at;
  gint64  time_spent_seconds;
  gint64  position;             /* character offset in the chapter */
} DfProgress;

DF_EXTERN
void       df_progress_free      (DfProgress *progress);
/* not_started or completed -> in_progress (re-reading keeps completed_at
 * until completed again). */
DF_EXTERN
gboolean   df_progress_start     (DfStore     *store,
                                  const char  *profile_id,
                                  gint64       chapter_id,
                                  GError     **error);
DF_EXTERN
gboolean   df_progress_complete  (DfStore     *store,
                                  const char  *profile_id,
                                  gint64       chapter_id,
                                  GError     **error);
/* Adds time spent and stores the position; starts the chapter if needed. */
DF_EXTERN
gboolean   df_progress_record    (DfStore     *store,
                                  const char  *profile_id,
                                  gint64       chapter_id,
                                  gint64       position,
                                  gint64       seconds,
                                  GError     **error);
/* One DfProgress per chapter of the project, in book order. */
DF_EXTERN
GPtrArray *df_progress_list      (DfStore     *store,
                                  const char  *profile_id,
                                  gint64       project_id,
                                  GError     **error);
/* The chapter to continue reading: the last one read that is not
 * completed, else the first not started; 0 when all are completed. */
DF_EXTERN
gint64     df_progress_continue  (DfStore     *store,
                                  const char  *profile_id,
                                  gint64       project_id,
                                  GError     **error);

/* ---- writing statistics ---------------------------------------------- */

typedef struct
{
  char   *date;                 /* YYYY-MM-DD */
  gint64  words;                /* words in the project at the end of day */
  gint64  words_written;        /* words added that day */
  gint64  chapters;
  gint64  commits;
} DfStatsDay;

typedef struct
{
  gint64  words;
  gint64  chapters;
  gint64  parts;
  gint64  words_today;
  gint64  current_streak;       /* days in a row with words written, up
                                   to today (or yesterday) */
  gint64  longest_streak;
  gint64  target_word_count;
  double  target_fraction;      /* 0..1, 0 without a target */
  gint64  reading_minutes;
} DfWritingStats;

DF_EXTERN
void       df_stats_day_free      (DfStatsDay *day);
/* The last @n_days days ending today, oldest first, gaps filled. */
DF_EXTERN
GPtrArray *df_stats_days          (DfStore        *store,
                                   gint64          project_id,
                                   guint           n_days,
                                   GError        **error);
DF_EXTERN
gboolean   df_stats_compute       (DfStore        *store,
                                   gint64          project_id,
                                   DfWritingStats *out,
                                   GError        **error);

/* ---- changes made elsewhere ------------------------------------------ */

/* A number that changes whenever another connection to the database
 * (another program, or a worker thread of this one) commits; the commits
 * of @store's own connection leave it as it is.  Cheap: a window polls
 * it to learn that something may have changed (df-changes.c). */
DF_EXTERN
gboolean   df_changes_get_version  (DfStore     *store,
                                    gint64      *version,
                                    GError     **error);
/* A digest of what a project's chapter list shows: its title, its parts
 * and its chapters (ids, numbers, parts, titles); another digest means
 * the listing changed.  NOT_FOUND when there is no such project. */
DF_EXTERN
char      *df_changes_dup_outline  (DfStore     *store,
                                    gint64       project_id,
                                    GError     **error);

/* ---- search ---------------------------------------------------------- */

typedef struct
{
  gint64  chapter_id;
  gint64  chapter_number;
  char   *chapter_title;
  char   *snippet;              /* a few words either side of the
                                   occurrence, on one line, the match
                                   between [ and ] */
  gint64  offset;               /* character offset of the occurrence in the
                                   chapter's Markdown, -1 if unknown or in
                                   the title */
  gint64  line;                 /* its line in the chapter, from 1; 0 in
                                   the title */
  gint64  length;               /* the characters it spans */
  gboolean in_title;            /* in the chapter's title, not its text
                                   (the snippet is then the title) */
} DfSearchHit;

/* A page of a search's occurrences and how many there are in all. */
typedef struct
{
  GPtrArray *hits;              /* DfSearchHit, in reading order */
  gint64     total;             /* occurrences in the whole project */
  gint64     n_chapters;        /* chapters holding at least one */
  gint64     offset;            /* the index of hits[0] among all */
} DfSearchResults;

DF_EXTERN
void       df_search_hit_free     (DfSearchHit *hit);
DF_EXTERN
void       df_search_results_free (DfSearchResults *results);
/* Words are matched as prefixes, accents and case ignored; "quoted
 * words" match as a phrase; every word or phrase must be in a chapter
 * for it to count, in its title or its text.  The query is plain text,
 * not FTS syntax.  One hit per chapter (its first occurrence, the title's
 * before the text's), chapters in reading order. */
DF_EXTERN
GPtrArray *df_search              (DfStore     *store,
                                   gint64       project_id,
                                   const char  *query,
                                   guint        limit,
                                   GError     **error);
/* Every occurrence, in reading order: @limit of them (0: 200) from the
 * @offset-th, with the total count. */
DF_EXTERN
DfSearchResults *df_search_occurrences (DfStore      *store,
                                        gint64        project_id,
                                        const char   *query,
                                        guint         offset,
                                        guint         limit,
                                        GCancellable *cancellable,
                                        GError      **error);

/* ---- search and replace ---------------------------------------------- */

/* What a replace changed in one chapter. */
typedef struct
{
  gint64  chapter_id;
  gint64  chapter_number;
  char   *chapter_title;
  gint64  count;                /* occurrences replaced */
  char   *text_before;          /* the chapter's text before */
  char   *hash_before;          /* its content_hash */
  char   *hash_after;           /* the content_hash after (NULL: dry run) */
} DfReplaceChange;

DF_EXTERN
void       df_replace_change_free (DfReplaceChange *change);
/* The occurrences a replace of @query would change, as
 * df_search_occurrences gives them: @query is one phrase of whole words
 * (accents and case ignored), in the chapters' text, not their titles. */
DF_EXTERN
DfSearchResults *df_search_replace_preview (DfStore      *store,
                                            gint64        project_id,
                                            const char   *query,
                                            guint         offset,
                                            guint         limit,
                                            GCancellable *cancellable,
                                            GError      **error);
/* Replaces every occurrence of @query (as the preview finds them) with
 * @replacement, in the case of what it replaces (a capital first stays
 * one, capitals stay capitals); the chapters changed, in reading order
 * (DfReplaceChange).  One transaction; each chapter's text before is kept
 * as a revision.  @except_chapter_id: a chapter left alone (the one open
 * in an editor, which replaces there with df_search_replace_text), or 0.
 * @dry_run: counts, writes nothing. */
DF_EXTERN
GPtrArray *df_search_replace        (DfStore       *store,
                                     gint64         project_id,
                                     const char    *query,
                                     const char    *replacement,
                                     gint64         except_chapter_id,
                                     gboolean       dry_run,
                                     GCancellable  *cancellable,
                                     GError       **error);
/* Puts back each chapter's text before @changes, in one transaction;
 * a text written since is kept as a conflict revision, not lost. */
DF_EXTERN
gboolean   df_search_replace_undo   (DfStore       *store,
                                     GPtrArray     *changes,
                                     GError       **error);
/* The replace on one text (the chapter open in an editor): a new string,
 * with the number of occurrences replaced in @count. */
DF_EXTERN
char      *df_search_replace_text   (const char    *query,
                                     const char    *replacement,
                                     const char    *text,
                                     gint64        *count,
                                     GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfReplaceChange, df_replace_change_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfProject, df_project_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfPart, df_part_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfChapter, df_chapter_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfRevision, df_revision_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfProfile, df_profile_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfProgress, df_progress_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfStatsDay, df_stats_day_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfSearchHit, df_search_hit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfSearchResults, df_search_results_free)

G_END_DECLS
