/* df-text.h: word, character and paragraph counts for Markdown prose
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

typedef struct
{
  gint64 words;
  gint64 characters;             /* Unicode characters of the text as typed */
  gint64 characters_no_spaces;
  gint64 paragraphs;             /* non-blank blocks separated by blank lines */
  gint64 reading_minutes;        /* at DF_TEXT_WORDS_PER_MINUTE, rounded up */
} DfTextStats;

#define DF_TEXT_WORDS_PER_MINUTE 238

/* Counts words in Markdown: a word is a run of letters, digits and
 * combining marks in any script (apostrophes and hyphens inside a word
 * join it); Markdown syntax (#, *, _, >, |, list markers, link targets,
 * HTML tags) is not counted.  @len may be -1. */
DF_EXTERN
gint64  df_text_count_words (const char  *markdown,
                             gssize       len);
/* The words of @after, counting again only what changed from @before
 * (which has @before_words words): the two texts' common start and end
 * are found, and the part between, widened to whole paragraphs, counted
 * in each.  Always equal to df_text_count_words (@after, @after_len). */
DF_EXTERN
gint64  df_text_count_words_changed (const char *before,
                                     gsize       before_len,
                                     gint64      before_words,
                                     const char *after,
                                     gsize       after_len);
DF_EXTERN
void    df_text_stats       (const char  *markdown,
                             gssize       len,
                             DfTextStats *out);
DF_EXTERN
gint64  df_text_reading_minutes (gint64 words);
/* Columns @text takes in a monospace font: wide (East Asian) characters
 * count 2, zero-width ones 0. */
DF_EXTERN
gsize   df_text_display_width   (const char *text);

/* cmark-gfm changes global tables when a parser attaches extensions, so
 * the whole process parses one text at a time: everyone who parses with
 * cmark-gfm (the reader, exporters, plugins) holds this lock around
 * cmark_parser_new ... cmark_parser_free. */
DF_EXTERN
void     df_markdown_parse_lock    (void);
DF_EXTERN
gboolean df_markdown_parse_trylock (void);
DF_EXTERN
void     df_markdown_parse_unlock  (void);

G_END_DECLS
