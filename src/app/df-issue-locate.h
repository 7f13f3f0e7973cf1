/* df-issue-locate.h: where an agent's finding is in a chapter's text now
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How far from its line a finding's words may have moved and still be
 * found there. */
#define DF_ISSUE_LOCATE_NEAR_LINES 20

/* Finds the words an agent flagged in @text (the chapter's Markdown as
 * it is now), in characters: at the byte span @offset, @length when the
 * words are still there (@quote, or any valid span when @quote is
 * NULL); else the occurrence of @quote nearest @line (1-based) within
 * DF_ISSUE_LOCATE_NEAR_LINES lines; else the start of @line with
 * nothing selected (@n_chars_out 0).  Returns FALSE when none of these
 * can be found (no line, no span), with the start of the text. */
gboolean df_issue_locate (const char *text,
                          gint64      offset,
                          gint64      length,
                          int         line,
                          const char *quote,
                          gint64     *char_offset_out,
                          gint64     *n_chars_out);

G_END_DECLS
