/* df-diff.h: what changed between two versions of a text, word by word
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined (__DRAFTFORGE_PLUGIN_H_INSIDE__) && !defined (DRAFTFORGE_COMPILATION)
# error "Only <draftforge-plugin.h> can be included directly."
#endif

#include "df-extern.h"

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  DF_DIFF_SAME,
  DF_DIFF_REMOVED,   /* in the old text only */
  DF_DIFF_ADDED,     /* in the new text only */
} DfDiffKind;

typedef struct
{
  DfDiffKind  kind;
  char       *text;
  gsize       len;     /* of text, in bytes */
} DfDiffPiece;

DF_EXTERN
void       df_diff_piece_free (DfDiffPiece *piece);

/* The pieces that turn @old_text into @new_text, in reading order: the
 * SAME and REMOVED pieces joined give @old_text back, the SAME and ADDED
 * pieces @new_text.  Lines are matched first, then the words of the lines
 * that changed, so an edit inside a paragraph shows as the words it
 * touched.  (A changed stretch too long to compare word by word shows as
 * removed and added whole.) */
DF_EXTERN
GPtrArray *df_diff_words      (const char *old_text,
                               const char *new_text);

/* Words in the ADDED and in the REMOVED pieces of @pieces. */
DF_EXTERN
void       df_diff_count      (GPtrArray  *pieces,
                               gint64     *words_added,
                               gint64     *words_removed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfDiffPiece, df_diff_piece_free)

G_END_DECLS
