/* df-search-private.h: finding a query's occurrences in a text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

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
/* The FTS5 MATCH expression that finds the chapters whose text holds
 * every term (nothing the user typed is FTS syntax). */
char          *_df_search_query_to_fts  (const DfSearchQuery *query);
/* Scans @len bytes of @text (UTF-8) folding as the FTS tokenizer does,
 * calling @func for each occurrence of any term; the number found. */
gint64         _df_search_scan          (const DfSearchQuery *query,
                                         const char          *text,
                                         gsize                len,
                                         DfSearchSpanFunc     func,
                                         gpointer             user_data);
/* The SQL that reads the chapters to scan: ?1 the project, ?2 the MATCH
 * expression (for its query plan's test). */
const char    *_df_search_candidates_sql (void);
/* A few words either side of @span on one line, the match between [ and ]. */
char          *_df_search_snippet       (const char          *text,
                                         gsize                len,
                                         const DfSearchSpan  *span);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfSearchQuery, _df_search_query_free)

G_END_DECLS
