/* df-search.c: full-text search over a project's chapters (SQLite FTS5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "df-model-private.h"

/* offset: df_find's, -1 when the first word is not found as typed. */
static const DfColumn hit_columns[] = {
  { "c.id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfSearchHit, chapter_id) },
  { "c.number", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfSearchHit, chapter_number) },
  { "c.title", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfSearchHit, chapter_title) },
  { "snippet(chapters_fts, 1, '[', ']', '…', 16)", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfSearchHit, snippet) },
  { "df_find(c.content_md, ?4)", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfSearchHit, offset) },
};

static const DfRecordType hit_record = {
  sizeof (DfSearchHit), hit_columns, G_N_ELEMENTS (hit_columns), (GDestroyNotify) df_search_hit_free,
};

void
df_search_hit_free (DfSearchHit *hit)
{
  _df_record_free (&hit_record, hit);
}

/* Turns plain text into an FTS5 query: every word a quoted prefix term,
 * all of them required.  Nothing the user types is FTS syntax. */
static char *
build_match (const char  *query,
             char       **first_word)
{
  GString *match = g_string_new (NULL);
  GString *word = g_string_new (NULL);
  const char *p = query;

  *first_word = NULL;

  for (;;)
    {
      gunichar c = *p ? g_utf8_get_char (p) : 0;

      if (c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c)))
        g_string_append_unichar (word, c);
      else if (word->len > 0)
        {
          if (match->len > 0)
            g_string_append_c (match, ' ');
          g_string_append_printf (match, "\"%s\"*", word->str);
          if (*first_word == NULL)
            *first_word = g_strdup (word->str);
          g_string_truncate (word, 0);
        }

      if (c == 0)
        break;
      p = g_utf8_next_char (p);
    }

  g_string_free (word, TRUE);
  return g_string_free (match, match->len == 0);
}

GPtrArray *
df_search (DfStore     *store,
           gint64       project_id,
           const char  *query,
           guint        limit,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *match = NULL;
  g_autofree char *first_word = NULL;

  if (query == NULL || !g_utf8_validate (query, -1, NULL))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("The search must be valid UTF-8 text"));
      return NULL;
    }

  match = build_match (query, &first_word);
  if (match == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Type at least one word to search for"));
      return NULL;
    }

  stmt = _df_record_prepare (store, &hit_record,
                             "FROM chapters_fts JOIN chapters c ON c.id = chapters_fts.rowid"
                             " WHERE chapters_fts MATCH ?1 AND c.project_id = ?2"
                             " ORDER BY rank LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;

  _df_bind_text (stmt, 1, match);
  sqlite3_bind_int64 (stmt, 2, project_id);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? limit : 50);
  _df_bind_text (stmt, 4, first_word);

  return _df_record_list (store, stmt, &hit_record, _("Search failed"), error);
}
