/* df-search-private.h: finding a query's occurrences in a text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include <sqlite3.h>

#include "df-store.h"

G_BEGIN_DECLS

/* A parsed query: terms, each one word or a phrase of several, every
 * word folded (NFD, combining marks dropped, case folded) and matched as
 * the prefix of a word of the text. */
typedef struct _DfSearchQuery DfSearchQuery;

/* Where one occurrence stands in the text. */
typedef struct
{
  gsize   start_byte;
  gsize   end_byte;
  gint64  start_char;
  gint64  end_char;
  gint64  line;         /* 1-based */
} DfSearchSpan;

/* Called for each occurrence, in order; return FALSE to stop the scan. */
typedef gboolean (*DfSearchSpanFunc) (const DfSearchSpan *span,
                                      gpointer            user_data);

/* NULL when @text holds no word. */
DfSearchQuery *_df_search_query_parse   (const char          *text);
void           _df_search_query_free    (DfSearchQuery       *query);
/* Words then match whole: "storm" no longer finds "Storms". */
void           _df_search_query_set_whole_words (DfSearchQuery *query,
                                                 gboolean       whole_words);
/* Checks and parses what the user typed; @for_replace: the whole text as
 * one phrase of whole words (what a replace changes). */
DfSearchQuery *_df_search_parse         (const char          *text,
                                         gboolean             for_replace,
                                         GError             **error);
/* Scans @len bytes of @text (UTF-8) folding as the FTS tokenizer does,
 * calling @func for each occurrence of any term; the number found. */
gint64         _df_search_scan          (const DfSearchQuery *query,
                                         const char          *text,
                                         gsize                len,
                                         DfSearchSpanFunc     func,
                                         gpointer             user_data);
/* The SQL that reads the chapters to scan for a query of one term: ?1
 * the project, ?2 the term's MATCH expression (for its query plan's
 * test). */
const char    *_df_search_candidates_sql (void);
/* A few words either side of @span on one line, the match between [ and ]. */
char          *_df_search_snippet       (const char          *text,
                                         gsize                len,
                                         const DfSearchSpan  *span);

/* The terms of @query: how many, and each as an FTS5 MATCH expression
 * over the title and text columns. */
guint          _df_search_query_n_terms (const DfSearchQuery *query);
char          *_df_search_query_term_to_fts (const DfSearchQuery *query,
                                             guint                i);
/* The folded word of term @i, or NULL when the term is a phrase. */
const char    *_df_search_query_term_word (const DfSearchQuery *query,
                                           guint                i);
gboolean       _df_search_query_term_is_phrase (const DfSearchQuery *query,
                                                guint                i);
/* The chapters of @project_id that may hold every term of @query, in
 * reading order: id, number, title, text (df-search.c). */
sqlite3_stmt  *_df_search_prepare_candidates (DfStore             *store,
                                              gint64               project_id,
                                              const DfSearchQuery *query,
                                              GError             **error);

/* The index by segment (df-search-index.c).  A text no longer than this
 * is one segment. */
#define DF_SEARCH_SEGMENT_MIN 16384
/* Where the segment of @text that starts at @start ends. */
gsize          _df_search_segment_end   (const char          *text,
                                         gsize                len,
                                         gsize                start);
/* Before the chapter's text @before is replaced by @after (inside the
 * save's transaction): updates the index's segments that changed and
 * marks the chapter so that the trigger leaves it.  Nothing to do, and
 * the trigger indexes it, when both are one segment. */
gboolean       _df_search_index_text    (DfStore             *store,
                                         gint64               project_id,
                                         gint64               chapter_id,
                                         const char          *before,
                                         const char          *after,
                                         GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfSearchQuery, _df_search_query_free)

G_END_DECLS
