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

const char *df_personalize_kind_to_string   (DfPersonalizeKind  kind);
gboolean    df_personalize_kind_from_string (const char        *text,
                                             DfPersonalizeKind *kind);

/* ---- measuring and checking ----------------------------------------- */

typedef struct
{
  double grade;            /* Flesch-Kincaid grade (English) */
  double sentence_words;   /* words a sentence */
  double word_chars;       /* characters a word */
} DfReadability;

void      df_readability_measure (const char     *markdown,
                                  DfReadability  *out);
/* Checks that @result keeps every fenced code block of @original byte for
 * byte, every image, every link target and every heading (its level; the
 * words may be translated).  FALSE with what is missing in @error. */
gboolean  df_personalize_verify  (const char     *original,
                                  const char     *result,
                                  GError        **error);

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

void df_personalized_free (DfPersonalized *result);

typedef struct
{
  DfPersonalizeKind kind;
  guint             expiry_days;   /* 0: the default (30) */
  gsize             section_chars; /* longer chapters go by section; 0: 24000 */
  DfAiDeltaFunc     on_delta;
  gpointer          delta_data;
} DfPersonalizeOptions;

/* The cached rewrite, or NULL (no error) on a miss. */
DfPersonalized *df_personalize_cache_lookup (DfStore                    *store,
                                             const DfProfile            *profile,
                                             const DfChapter            *chapter,
                                             DfPersonalizeKind           kind,
                                             const char                 *model,
                                             GError                    **error);
/* Rewrites @chapter for @profile (blocking: a worker thread), or returns
 * the cached rewrite without a request.  Each request reserves credits
 * (df_ai_complete); a result that loses a code block, image, link or
 * heading is retried once, then refused with DF_AI_ERROR_BAD_RESPONSE. */
DfPersonalized *df_personalize_rewrite      (DfStore                    *store,
                                             const DfAiConfig           *config,
                                             const DfProfile            *profile,
                                             const DfChapter            *chapter,
                                             const DfPersonalizeOptions *options,
                                             GCancellable               *cancellable,
                                             GError                    **error);
/* The tokens a rewrite of @chapter would reserve. */
gint64          df_personalize_estimate     (const DfChapter            *chapter);
/* The hash of the profile's fields a personalisation depends on. */
char           *df_personalize_preferences_hash (const DfProfile *profile);

/* Removes expired sessions and their rewrites; the number removed. */
gint64     df_personalize_cache_expire (DfStore     *store,
                                        GError     **error);
/* Rows for @profile_id (NULL: all) in @project_id: DfPersonalized* with
 * text NULL, kind, level, language, model, metric, before/after,
 * created_at; chapter number in requests. */
GPtrArray *df_personalize_cache_list   (DfStore     *store,
                                        gint64       project_id,
                                        const char  *profile_id,
                                        GError     **error);
gint64     df_personalize_cache_clear  (DfStore     *store,
                                        gint64       project_id,
                                        const char  *profile_id,
                                        GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfPersonalized, df_personalized_free)

G_END_DECLS
