/* df-codex-private.h: what the codex's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A range of bytes [start, end) of a text. */
typedef struct
{
  gsize start;
  gsize end;
} DfCodexRange;

/* The parts of Markdown @text where no name is looked for, in order and
 * apart: fenced and indented code blocks, inline code, link targets
 * ("](…)", "[x]: …" definitions), autolinks and bare URLs
 * (df-codex-text.c). */
GArray     *_df_codex_code_ranges (const char *text,
                                   gsize       len);
/* The end of the word (letters, digits, combining marks) that starts at
 * @p; @p itself when no word starts there (df-codex-mentions.c). */
const char *_df_codex_word_end    (const char *p,
                                   const char *end);

G_END_DECLS
