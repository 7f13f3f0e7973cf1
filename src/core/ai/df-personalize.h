/* df-personalize.h: a chapter as a given reader reads it
 *
 * Two sources combine.  Offline, the author's level blocks (fenced divs
 * such as `::: {level=beginner}` … `:::`, docs/personalize.md) are chosen
 * by the reader's profile, and a glossary built from the codex's lore
 * entries gives a "Key terms" box for beginners and each term's
 * definition for the reader's level.  With a provider, a model rewrites
 * the chapter (an explanation added, an example fitted, or the difficulty
 * adjusted, in the reader's language); the result is checked (code
 * blocks byte for byte, images, link targets, headings), measured
 * (Flesch-Kincaid grade, or sentence and word length for Urdu) and
 * cached per profile, chapter, content, preferences, language, model,
 * prompt version and kind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined (__DRAFTFORGE_PLUGIN_H_INSIDE__) && !defined (DRAFTFORGE_COMPILATION)
# error "Only <draftforge-plugin.h> can be included directly."
#endif

#include "df-extern.h"

#include <gio/gio.h>

#include "df-ai.h"
#include "df-level-blocks.h"
#include "df-model.h"

G_BEGIN_DECLS

#define DF_PERSONALIZE_PROMPT_VERSION 1
#define DF_PERSONALIZE_DEFAULT_EXPIRY_DAYS 30

typedef enum
{
  DF_PERSONALIZE_EXPLANATION,
  DF_PERSONALIZE_EXAMPLE,
  DF_PERSONALIZE_DIFFICULTY,
} DfPersonalizeKind;

DF_EXTERN
const char *df_personalize_kind_to_string   (DfPersonalizeKind  kind);
DF_EXTERN
gboolean    df_personalize_kind_from_string (const char        *text,
                                             DfPersonalizeKind *kind);

/* ---- measuring and checking ----------------------------------------- */

typedef struct
{
  double grade;            /* Flesch-Kincaid grade (English) */
  double sentence_words;   /* words a sentence */
  double word_chars;       /* characters a word */
} DfReadability;

DF_EXTERN
void      df_readability_measure (const char     *markdown,
                                  DfReadability  *out);
/* Checks that @result keeps every fenced code block of @original byte for
 * byte, every image, every link target and every heading (its level; the
 * words may be translated).  FALSE with what is missing in @error. */
DF_EXTERN
gboolean  df_personalize_verify  (const char     *original,
                                  const char     *result,
                                  GError        **error);

/* @markdown (an Urdu rewrite) with a RIGHT-TO-LEFT MARK at the start of
 * each paragraph, heading, list item or quoted line that has Arabic
 * letters but opens with a Latin one, so that it is laid out right to
 * left; code, tables and link reference definitions are left alone. */
DF_EXTERN
char     *df_personalize_mark_rtl (const char *markdown);

/* ---- the model rewrite and its cache --------------------------------- */

typedef struct
{
  char    *text;
  char    *kind;
  char    *language;          /* en or ur */
  char    *level;
  char    *model;
  char    *metric;            /* "fk" or "urdu" */
  double   before;            /* grade, or words a sentence for Urdu */
  double   after;
  char    *note;              /* NULL, or why the result is shown anyway */
  gboolean from_cache;
  guint    requests;          /* made for this result (0 from the cache) */
  gint64   prompt_tokens;
  gint64   completion_tokens;
  char    *created_at;
} DfPersonalized;

DF_EXTERN
void df_personalized_free (DfPersonalized *result);

/* Before each request (a section, or a retry of one): the text of the
 * sections already accepted, which the deltas that follow continue. */
typedef void (*DfPersonalizeRequestFunc) (const char *accepted,
                                          gpointer    data);

typedef struct
{
  DfPersonalizeKind        kind;
  guint                    expiry_days;   /* 0: the default (30) */
  gsize                    section_chars; /* longer chapters go by section; 0: 24000 */
  DfAiDeltaFunc            on_delta;
  gpointer                 delta_data;    /* also given to on_request */
  DfPersonalizeRequestFunc on_request;
} DfPersonalizeOptions;

/* The cached rewrite, or NULL (no error) on a miss. */
DF_EXTERN
DfPersonalized *df_personalize_cache_lookup (DfStore                    *store,
                                             const DfProfile            *profile,
                                             const DfChapter            *chapter,
                                             DfPersonalizeKind           kind,
                                             const char                 *model,
                                             GError                    **error);
/* Rewrites @chapter for @profile (blocking: a worker thread), or returns
 * the cached rewrite without a request.  Each request reserves credits
 * (df_ai_complete); a result that loses a code block, image, link or
 * heading is retried once, then refused with DF_AI_ERROR_BAD_RESPONSE.
 * A request cancelled in the middle is charged for what it used (the
 * prompt and the part of the answer that came); nothing is cached. */
DF_EXTERN
DfPersonalized *df_personalize_rewrite      (DfStore                    *store,
                                             const DfAiConfig           *config,
                                             const DfProfile            *profile,
                                             const DfChapter            *chapter,
                                             const DfPersonalizeOptions *options,
                                             GCancellable               *cancellable,
                                             GError                    **error);
/* The tokens a rewrite of @chapter would reserve. */
DF_EXTERN
gint64          df_personalize_estimate     (const DfChapter            *chapter);
/* The hash of the profile's fields a personalisation depends on. */
DF_EXTERN
char           *df_personalize_preferences_hash (const DfProfile *profile);

/* Removes expired sessions and their rewrites; the number removed. */
DF_EXTERN
gint64     df_personalize_cache_expire (DfStore     *store,
                                        GError     **error);
/* Rows for @profile_id (NULL: all) in @project_id: DfPersonalized* with
 * text NULL, kind, level, language, model, metric, before/after,
 * created_at; chapter number in requests. */
DF_EXTERN
GPtrArray *df_personalize_cache_list   (DfStore     *store,
                                        gint64       project_id,
                                        const char  *profile_id,
                                        GError     **error);
DF_EXTERN
gint64     df_personalize_cache_clear  (DfStore     *store,
                                        gint64       project_id,
                                        const char  *profile_id,
                                        GError     **error);

/* ---- a whole-book run ------------------------------------------------- */

typedef struct
{
  guint   chapters;        /* to rewrite: not in the cache */
  guint   cached;          /* already rewritten for this reader */
  gint64  tokens;          /* for the chapters to rewrite */
  gint64  budget;          /* this period's tokens (with bonus); 0: no limit */
  gint64  left;            /* of the budget, after what is used and reserved */
  char   *period;          /* daily, weekly, monthly */
  char   *renews;          /* YYYY-MM-DD, or NULL */
} DfPersonalizeEstimate;

DF_EXTERN
void                   df_personalize_estimate_free (DfPersonalizeEstimate *estimate);
/* What a run over @chapters (DfChapter* with their text) would take for
 * @profile: the chapters not cached for @kind and @model, their tokens,
 * and the profile's budget. */
DF_EXTERN
DfPersonalizeEstimate *df_personalize_book_estimate (DfStore            *store,
                                                     const DfProfile    *profile,
                                                     GPtrArray          *chapters,
                                                     DfPersonalizeKind   kind,
                                                     const char         *model,
                                                     GError            **error);
/* "About 180,000 tokens for 12 chapters, 35% of this month's budget",
 * with what is left and when it renews when the budget cannot cover it. */
DF_EXTERN
char                  *df_personalize_estimate_describe (const DfPersonalizeEstimate *estimate);
/* TRUE when the budget covers the estimate (or there is no budget). */
DF_EXTERN
gboolean               df_personalize_estimate_fits  (const DfPersonalizeEstimate *estimate);

typedef enum
{
  DF_PERSONALIZE_DONE,       /* rewritten now */
  DF_PERSONALIZE_CACHED,     /* from the cache: no request */
  DF_PERSONALIZE_FAILED,     /* error says why; nothing cached */
  DF_PERSONALIZE_SKIPPED,    /* not tried: the run stopped before it */
} DfPersonalizeStatus;

DF_EXTERN
const char *df_personalize_status_to_string (DfPersonalizeStatus status);

typedef struct
{
  gint64               chapter_id;
  gint64               number;
  char                *title;
  DfPersonalizeStatus  status;
  DfPersonalized      *result;   /* DONE and CACHED */
  GError              *error;    /* FAILED, and SKIPPED when stopped */
} DfPersonalizeItem;

DF_EXTERN
void df_personalize_item_free (DfPersonalizeItem *item);

/* Before each chapter to rewrite (@index of @total, from 0), and after
 * each chapter (@item set, @total as before). */
typedef void (*DfPersonalizeBookFunc) (guint                    index,
                                       guint                    total,
                                       const DfPersonalizeItem *item,
                                       gpointer                 data);

/* Rewrites every chapter of @chapters (DfChapter* with their text) not
 * in the cache, one after the other, each request reserving its credits
 * and settled with the reported usage.  A chapter the model fails (a
 * dropped code block) is FAILED and the run goes on; a budget refusal, a
 * provider that cannot be used, or @cancellable stops the run: the
 * chapters done stay cached, the one in flight is not cached, the rest
 * are SKIPPED.  DfPersonalizeItem* in the order of @chapters; @ok_out
 * FALSE when any chapter failed or was skipped. */
DF_EXTERN
GPtrArray  *df_personalize_book (DfStore                    *store,
                                 const DfAiConfig           *config,
                                 const DfProfile            *profile,
                                 GPtrArray                  *chapters,
                                 const DfPersonalizeOptions *options,
                                 DfPersonalizeBookFunc       progress,
                                 gpointer                    progress_data,
                                 GCancellable               *cancellable,
                                 gboolean                   *ok_out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfPersonalizeEstimate, df_personalize_estimate_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfPersonalizeItem, df_personalize_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfPersonalized, df_personalized_free)

G_END_DECLS
