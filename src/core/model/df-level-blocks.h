/* df-level-blocks.h: a chapter as a reader's profile reads it, offline
 *
 * The author's level blocks (fenced divs such as `::: {level=beginner}`
 * … `:::`, docs/personalize.md) chosen by the reader's profile, and a
 * glossary from the codex's lore entries: a "Key terms" box for
 * beginners and each term's definition for the reader's level.  The
 * model rewrite is in df-personalize.h (ai).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined (__DRAFTFORGE_PLUGIN_H_INSIDE__) && !defined (DRAFTFORGE_COMPILATION)
# error "Only <draftforge-plugin.h> can be included directly."
#endif

#include "df-extern.h"

#include "df-model.h"

G_BEGIN_DECLS

/* ---- offline: level blocks and the glossary ------------------------- */

/* beginner, intermediate or expert: the profile's experience level, else
 * one read from its programming experience; beginner for NULL. */
DF_EXTERN
const char *df_personalize_reader_level (const DfProfile *profile);

/* @markdown with each level block whose conditions @profile meets kept
 * (its fence lines removed) and every other level block removed; fenced
 * divs without a known key, and code, untouched.  A chapter without
 * level blocks comes back byte for byte. */
DF_EXTERN
char       *df_personalize_choose_blocks (const char      *markdown,
                                          const DfProfile *profile);
/* TRUE when @markdown has a level block. */
DF_EXTERN
gboolean    df_personalize_has_blocks    (const char      *markdown);

typedef struct
{
  char  *name;
  char **aliases;       /* never NULL */
  char  *description;   /* lines "beginner: …" give a level's definition */
} DfGlossaryTerm;

typedef struct
{
  char   *term;         /* the entry's name */
  char   *definition;   /* for the reader's level */
  GArray *offsets;      /* gsize byte offsets of each mention */
  GArray *lengths;      /* gsize byte lengths, one per offset */
  char  **forms;        /* the name and aliases found, as the entry spells them */
} DfGlossaryHit;

DF_EXTERN
DfGlossaryTerm *df_glossary_term_new  (const char         *name,
                                       const char * const *aliases,
                                       const char         *description);
DF_EXTERN
void            df_glossary_term_free (DfGlossaryTerm *term);
DF_EXTERN
void            df_glossary_hit_free  (DfGlossaryHit  *hit);
/* The definition of @term for @level: its "level: …" line, else the
 * description without level lines. */
DF_EXTERN
char           *df_glossary_definition (const DfGlossaryTerm *term,
                                        const char           *level);
/* The same in @language: for "ur", the entry's "ur: …" line when it has
 * one (an Urdu definition for every level). */
DF_EXTERN
char           *df_glossary_definition_in (const DfGlossaryTerm *term,
                                           const char           *level,
                                           const char           *language);
/* The project's lore entries as terms (empty while there is no codex). */
DF_EXTERN
GPtrArray      *df_glossary_load       (DfStore     *store,
                                        gint64       project_id,
                                        GError     **error);
/* DfGlossaryHit* for each term of @terms mentioned in @markdown's prose
 * (whole words, any case; code left out), in order of first mention. */
DF_EXTERN
GPtrArray      *df_glossary_find       (GPtrArray   *terms,
                                        const char  *markdown,
                                        const char  *level);
/* The same with the definitions in @language (NULL: English).  Words end
 * at any character that is not a letter, digit or mark, so a term in
 * Latin script is found inside Urdu prose ("ownership،"), and an Urdu
 * alias inside Urdu. */
DF_EXTERN
GPtrArray      *df_glossary_find_in    (GPtrArray   *terms,
                                        const char  *markdown,
                                        const char  *level,
                                        const char  *language);

/* The chapter as @profile reads it without a model: level blocks chosen,
 * and a "Key terms" box after the first heading for a beginner.  @hits
 * (optional) gets the glossary hits in the result. */
DF_EXTERN
char *df_personalize_offline (DfStore          *store,
                              const DfProfile  *profile,
                              const DfChapter  *chapter,
                              GPtrArray       **hits,
                              GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfGlossaryTerm, df_glossary_term_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfGlossaryHit, df_glossary_hit_free)

G_END_DECLS
