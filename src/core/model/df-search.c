/* df-search.c: full-text search over a project's chapters
 *
 * The FTS5 index finds the chapters that hold every term of a query;
 * df-search-scan.c then finds each occurrence in their text, so a hit is
 * an occurrence with its offset, line and a snippet cut from the text
 * around it (never FTS5's snippet(), which is quadratic in a chapter's
 * size).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "df-model-private.h"
#include "df-search-private.h"

/* The project's chapters whose title and text hold every term, in
 * reading order: each term (?2, ?3, ...) is looked for in the segments
 * of the index by itself, in the project's range of segment ids only
 * (so the plan reads no other project's part of the index), and the
 * chapters that have a segment (or title) holding it kept.
 * The chapters are walked through their project's index and each is
 * looked up in the terms' results. */
#define SEGMENTS_OF_PROJECT "BETWEEN ?1 * 4294967296 AND ?1 * 4294967296 + 4294967295"
#define CANDIDATES_START \
  "SELECT c.id, c.number, c.title, c.content_md FROM chapters c WHERE c.project_id = ?1"
#define CANDIDATES_TERM(param) \
  " AND c.id IN (SELECT chapter_id FROM chapter_segments WHERE id IN" \
  " (SELECT rowid FROM chapters_fts WHERE chapters_fts MATCH " param " AND rowid " SEGMENTS_OF_PROJECT ")"
/* A phrase may run across the cut between two segments: a chapter of
 * more than one is scanned whatever its segments hold. */
#define CANDIDATES_PHRASE \
  " OR id " SEGMENTS_OF_PROJECT " AND start > 0"
#define CANDIDATES_END " ORDER BY c.number, c.id"

static const char candidates_sql[] = CANDIDATES_START CANDIDATES_TERM ("?2") ")" CANDIDATES_END;

/* One chapter's scan: the hits of the page it adds to. */
typedef struct
{
  DfSearchResults *results;
  sqlite3_stmt    *stmt;
  const char      *text;
  gsize            len;
  gint64           seen;       /* occurrences before this one, all chapters */
  gint64           limit;
  gboolean         first_only;
  gboolean         in_title;   /* scanning the title, not the text */
} Scan;

void
df_search_hit_free (DfSearchHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->chapter_title);
  g_free (hit->snippet);
  g_free (hit);
}

void
df_search_results_free (DfSearchResults *results)
{
  if (results == NULL)
    return;
  g_clear_pointer (&results->hits, g_ptr_array_unref);
  g_free (results);
}

static DfSearchHit *
make_hit (Scan               *scan,
          const DfSearchSpan *span)
{
  DfSearchHit *hit = g_new0 (DfSearchHit, 1);

  hit->chapter_id = sqlite3_column_int64 (scan->stmt, 0);
  hit->chapter_number = sqlite3_column_int64 (scan->stmt, 1);
  hit->chapter_title = _df_col_text (scan->stmt, 2);
  hit->snippet = _df_search_snippet (scan->text, scan->len, span);
  hit->in_title = scan->in_title;
  /* A title's occurrence opens the chapter at its start. */
  hit->offset = scan->in_title ? -1 : span->start_char;
  hit->line = scan->in_title ? 0 : span->line;
  hit->length = scan->in_title ? 0 : span->end_char - span->start_char;
  return hit;
}

/* Keeps the occurrences that fall in the page; counts the others. */
static gboolean
on_span (const DfSearchSpan *span,
         gpointer            user_data)
{
  Scan *scan = user_data;
  gint64 index = scan->seen++;

  if (index >= scan->results->offset && scan->results->hits->len < scan->limit)
    g_ptr_array_add (scan->results->hits, make_hit (scan, span));
  return !scan->first_only;
}

/* The occurrences in column @column of the current row (the title or
 * the text). */
static gint64
scan_column (Scan                *scan,
             const DfSearchQuery *query,
             int                  column,
             gboolean             in_title)
{
  scan->text = (const char *)sqlite3_column_text (scan->stmt, column);
  scan->len = sqlite3_column_bytes (scan->stmt, column);
  scan->in_title = in_title;
  if (scan->text == NULL)
    return 0;
  return _df_search_scan (query, scan->text, scan->len, on_span, scan);
}

/* A word's prefix is looked for as the words of the index that start
 * with it, each whole, when there are no more than this many: FTS5 then
 * reads each one's entries in the project's range of segments only,
 * where for a prefix it reads every project's entries of every such
 * word (War and Peace as one chapter beside ten other copies: "the"
 * 10 ms → 1 ms, "t" 41 → 10 ms). */
#define MAX_EXPANSIONS 2000

/* The words of the index that start with @word, as an FTS5 query of
 * them whole in the title or the text; NULL when there are more than
 * MAX_EXPANSIONS (or none, or the index's words cannot be read): the
 * prefix query then. */
static char *
expand_prefix (DfStore    *store,
               const char *word)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) match = g_string_new ("{title content_md} : (");
  /* (no UTF-8 text holds the byte 0xF5: every word that starts with
   * @word sorts before this) */
  g_autofree char *after = g_strconcat (word, "\xF5", NULL);
  guint n = 0;

  if (!df_store_exec (store, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.chapters_fts_words"
                             " USING fts5vocab (main, chapters_fts, row)", NULL) ||
      (stmt = df_store_prepare (store, "SELECT term FROM temp.chapters_fts_words WHERE term >= ?1 AND term < ?2",
                                NULL)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, word, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, after, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *term = (const char *)sqlite3_column_text (stmt, 0);

      if (++n > MAX_EXPANSIONS || strchr (term, '"') != NULL)
        return NULL;
      g_string_append_printf (match, "%s\"%s\"", n > 1 ? " OR " : "", term);
    }
  if (sqlite3_errcode (df_store_get_db (store)) != SQLITE_DONE || n == 0)
    return NULL;
  g_string_append_c (match, ')');
  return g_string_free (g_steal_pointer (&match), FALSE);
}

/* Term @i of @query as FTS5 looks for it. */
static char *
term_match (DfStore             *store,
            const DfSearchQuery *query,
            guint                i)
{
  const char *word = _df_search_query_term_word (query, i);
  char *expanded = word != NULL ? expand_prefix (store, word) : NULL;

  return expanded != NULL ? expanded : _df_search_query_term_to_fts (query, i);
}

const char *
_df_search_candidates_sql (void)
{
  return candidates_sql;
}

sqlite3_stmt *
_df_search_prepare_candidates (DfStore             *store,
                               gint64               project_id,
                               const DfSearchQuery *query,
                               GError             **error)
{
  g_autoptr(GString) sql = g_string_new (CANDIDATES_START);
  guint n = _df_search_query_n_terms (query);
  sqlite3_stmt *stmt;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *param = g_strdup_printf ("?%u", i + 2);

      g_string_append_printf (sql, CANDIDATES_TERM ("%s") "%s)", param,
                              _df_search_query_term_is_phrase (query, i) ? CANDIDATES_PHRASE : "");
    }
  g_string_append (sql, CANDIDATES_END);

  stmt = df_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  for (guint i = 0; i < n; i++)
    sqlite3_bind_text (stmt, i + 2, term_match (store, query, i), -1, g_free);
  return stmt;
}

DfSearchQuery *
_df_search_parse (const char  *text,
                  gboolean     for_replace,
                  GError     **error)
{
  g_autofree char *phrase = NULL;
  DfSearchQuery *query;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("The search must be valid UTF-8 text"));
      return NULL;
    }
  /* What is replaced is the words as typed, together, whole. */
  if (for_replace)
    {
      g_auto(GStrv) parts = g_strsplit (text, "\"", -1);
      g_autofree char *bare = g_strjoinv ("", parts);

      phrase = g_strdup_printf ("\"%s\"", bare);
    }
  query = _df_search_query_parse (phrase != NULL ? phrase : text);
  if (query == NULL)
    {
      g_set_error_literal (error, DF_ERROR, DF_ERROR_INVALID,
                           for_replace ? _("Type at least one word to replace")
                                       : _("Type at least one word to search for"));
      return NULL;
    }
  _df_search_query_set_whole_words (query, for_replace);
  return query;
}

/* @text_only: the titles are not looked at (a replace changes only the
 * text). */
static DfSearchResults *
run_search (DfStore             *store,
            gint64               project_id,
            const DfSearchQuery *query,
            gint64               offset,
            gint64               limit,
            gboolean             first_only,
            gboolean             text_only,
            GCancellable        *cancellable,
            GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(DfSearchResults) results = NULL;
  Scan scan = { 0 };

  stmt = _df_search_prepare_candidates (store, project_id, query, error);
  if (stmt == NULL)
    return NULL;

  results = g_new0 (DfSearchResults, 1);
  results->hits = g_ptr_array_new_with_free_func ((GDestroyNotify)df_search_hit_free);
  results->offset = offset;
  scan.results = results;
  scan.stmt = stmt;
  scan.limit = limit;
  scan.first_only = first_only;

  while (df_store_step (store, stmt, error))
    {
      gint64 found;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (first_only && results->hits->len >= limit)
        break;
      if (first_only)
        results->offset = scan.seen;   /* every chapter's first hit kept */
      found = text_only ? 0 : scan_column (&scan, query, 2, TRUE);
      if (!(first_only && found > 0))
        found += scan_column (&scan, query, 3, FALSE);
      results->total += found;
      results->n_chapters += found > 0;
    }
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&results);
}

GPtrArray *
df_search (DfStore     *store,
           gint64       project_id,
           const char  *query,
           guint        limit,
           GError     **error)
{
  g_autoptr(DfSearchResults) results = NULL;
  g_autoptr(DfSearchQuery) parsed = _df_search_parse (query, FALSE, error);

  if (parsed == NULL)
    return NULL;
  results = run_search (store, project_id, parsed, 0, limit > 0 ? limit : 50, TRUE, FALSE, NULL, error);
  if (results == NULL)
    return NULL;
  return g_steal_pointer (&results->hits);
}

/* A page of occurrences: of a search, or (@for_replace) of what a
 * replace would change, whole words in the text only. */
static DfSearchResults *
search_page (DfStore      *store,
             gint64        project_id,
             const char   *query,
             gboolean      for_replace,
             guint         offset,
             guint         limit,
             GCancellable *cancellable,
             GError      **error)
{
  g_autoptr(DfSearchQuery) parsed = _df_search_parse (query, for_replace, error);

  if (parsed == NULL)
    return NULL;
  return run_search (store, project_id, parsed, offset, limit > 0 ? limit : 200, FALSE, for_replace,
                     cancellable, error);
}

DfSearchResults *
df_search_occurrences (DfStore      *store,
                       gint64        project_id,
                       const char   *query,
                       guint         offset,
                       guint         limit,
                       GCancellable *cancellable,
                       GError      **error)
{
  return search_page (store, project_id, query, FALSE, offset, limit, cancellable, error);
}

DfSearchResults *
df_search_replace_preview (DfStore      *store,
                           gint64        project_id,
                           const char   *query,
                           guint         offset,
                           guint         limit,
                           GCancellable *cancellable,
                           GError      **error)
{
  return search_page (store, project_id, query, TRUE, offset, limit, cancellable, error);
}
