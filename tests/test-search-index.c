/* test-search-index.c: the search index by segment, kept on save
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-model.h"
#include "df-search-private.h"
#include "df-store-private.h"
#include "df-test-faults.h"
#include "df-test-util.h"
#include "df-text.h"

typedef DfTestStoreFixture Fixture;

typedef struct
{
  gint64 id;
  gint64 start;
  gint64 len;
} Row;

/* The chapter's segments of text as the index has them, in order. */
static GArray *
segments_of (Fixture *f,
             gint64   chapter_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (Row));

  stmt = df_store_prepare (f->store,
                           "SELECT id, start, len FROM chapter_segments WHERE chapter_id = ?1 AND start >= 0"
                           " ORDER BY start", &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, chapter_id);
  while (df_store_step (f->store, stmt, &error))
    {
      Row row = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 2) };

      g_array_append_val (rows, row);
    }
  g_assert_no_error (error);
  return rows;
}

/* The segments cover @text end to end, cut where the rule cuts it. */
static void
assert_cut_as_rule (GArray     *rows,
                    const char *text)
{
  gsize len = strlen (text), start = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = &g_array_index (rows, Row, i);

      g_assert_cmpint (row->start, ==, start);
      g_assert_cmpint (row->start + row->len, ==, _df_search_segment_end (text, len, start));
      start += row->len;
    }
  g_assert_cmpuint (start, ==, len);
}

/* How many rows of the index hold @word, and how many segments of @text
 * do: the same when every segment was indexed with its own text and
 * deleted with the text it was indexed with. */
static void
assert_indexed (Fixture    *f,
                GArray     *rows,
                const char *text,
                const char *word)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM chapters_fts WHERE chapters_fts MATCH 'content_md : %s'",
                                          word);
  gint64 expected = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = &g_array_index (rows, Row, i);
      g_autofree char *slice = g_strndup (text + row->start, row->len);

      expected += strstr (slice, word) != NULL;
    }
  g_assert_cmpint (df_test_sql_int (df_store_get_db (f->store), sql), ==, expected);
}

static gboolean
has_id (GArray *rows,
        gint64  id)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_array_index (rows, Row, i).id == id)
      return TRUE;
  return FALSE;
}

/* One random edit of @text: a marker word inserted at a word's start, or
 * a few words deleted, or a paragraph break added. */
static void
edit (GString *text,
      GRand   *rand,
      int      round)
{
  gsize at = g_rand_int_range (rand, 0, (int) text->len);

  while (at > 0 && text->str[at - 1] != ' ')
    at--;
  switch (round % 3)
    {
    case 0:
      {
        g_autofree char *marker = g_strdup_printf ("zqmark%d ", round);

        g_string_insert (text, at, marker);
      }
      break;
    case 1:
      g_string_erase (text, at, MIN ((gsize) 30, text->len - at));
      while (at < text->len && (text->str[at] & 0xC0) == 0x80)
        g_string_erase (text, at, 1);
      break;
    default:
      g_string_insert (text, at, "\n\n");
      break;
    }
}

/* Pride and Prejudice as one chapter, edited and saved 60 times: after
 * each save the index is cut as the rule cuts the new text, a one-place
 * edit re-indexed at most three segments, every marker is found where it
 * is and nowhere else, and the stored word count is the full count. */
static void
test_incremental (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = df_test_corpus_path ("novels/pride-and-prejudice.txt");
  g_autofree char *book = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261205);
  g_autoptr(DfProject) p = NULL;
  g_autoptr(DfChapter) c = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GArray) rows = NULL;
  sqlite3 *db = df_store_get_db (f->store);

  if (path == NULL || !g_file_get_contents (path, &book, NULL, NULL))
    {
      g_test_skip ("the corpus is not there");
      return;
    }
  p = df_test_make_project (f->store, "Pride", NULL);
  c = df_test_append_chapter (f->store, p->id, 0, "All of it", book);
  text = g_string_new (book);
  /* Added whole, the chapter is one segment; its first save cuts it. */
  g_string_append (text, "\n\nThe end.\n");
  g_assert_true (df_chapter_save_content (f->store, c->id, text->str, &error));
  g_assert_no_error (error);
  rows = segments_of (f, c->id);
  g_assert_cmpuint (rows->len, >, 20);
  assert_cut_as_rule (rows, text->str);

  for (int round = 0; round < 60; round++)
    {
      g_autoptr(GArray) after = NULL;
      g_autoptr(DfChapter) saved = NULL;
      g_autofree char *marker = g_strdup_printf ("zqmark%d", round - round % 3);
      guint added = 0;

      edit (text, rand, round);
      g_assert_true (df_chapter_save_content (f->store, c->id, text->str, &error));
      g_assert_no_error (error);

      after = segments_of (f, c->id);
      assert_cut_as_rule (after, text->str);
      for (guint i = 0; i < after->len; i++)
        added += !has_id (rows, g_array_index (after, Row, i).id);
      g_assert_cmpuint (added, <=, 3);
      g_clear_pointer (&rows, g_array_unref);
      rows = g_steal_pointer (&after);

      assert_indexed (f, rows, text->str, marker);
      assert_indexed (f, rows, text->str, "Darcy");
      saved = df_chapter_get (f->store, c->id, &error);
      g_assert_no_error (error);
      g_assert_cmpint (saved->words, ==, df_text_count_words (text->str, -1));
    }

  /* Each segment deleted with the text it was indexed with leaves
   * nothing of the chapter behind. */
  g_assert_true (df_chapter_delete (f->store, c->id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapters_fts WHERE chapters_fts MATCH 'the OR darcy'"), ==, 0);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapter_segments"), ==, 0);
  df_test_assert_intact (f->store);
}

/* A phrase whose words are either side of a cut between two segments is
 * found, and so is each word of a search of several, wherever each is. */
static void
test_across_cut (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Cuts", NULL);
  g_autoptr(DfChapter) c = df_test_append_chapter (f->store, p->id, 0, "Long", "");
  g_autoptr(DfSearchResults) phrase = NULL;
  g_autoptr(DfSearchResults) words = NULL;
  g_autoptr(DfSearchResults) none = NULL;
  g_autoptr(GArray) rows = NULL;

  g_string_append (text, "Lighthouse keeper.\n\n");
  while (text->len < DF_SEARCH_SEGMENT_MIN + 100)
    g_string_append (text, "Filler words of a long chapter.\n");
  g_string_append (text, "Salt\n\nharbour at the end.\n");
  g_assert_true (df_chapter_save_content (f->store, c->id, text->str, &error));
  g_assert_no_error (error);
  rows = segments_of (f, c->id);
  g_assert_cmpuint (rows->len, ==, 2);

  phrase = df_search_occurrences (f->store, p->id, "\"salt harbour\"", 0, 10, NULL, &error);
  g_assert_no_error (error);
  words = df_search_occurrences (f->store, p->id, "lighthouse harbour", 0, 10, NULL, &error);
  g_assert_no_error (error);
  none = df_search_occurrences (f->store, p->id, "lighthouse zeppelin", 0, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (phrase->total, ==, 1);
  g_assert_cmpint (words->total, ==, 2);
  g_assert_cmpint (words->n_chapters, ==, 1);
  g_assert_cmpint (none->total, ==, 0);
}

/* A save through SQL alone (as a sync or a test may write) indexes the
 * text whole, as one segment, and the next save cuts it again. */
static void
test_other_writers (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Writers", NULL);
  g_autoptr(DfChapter) c = df_test_append_chapter (f->store, p->id, 0, "Long", "");
  g_autoptr(GArray) rows = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = df_store_get_db (f->store);

  while (text->len < 3 * DF_SEARCH_SEGMENT_MIN)
    g_string_append (text, "A paragraph of the chapter.\n\n");
  g_assert_true (df_chapter_save_content (f->store, c->id, text->str, &error));
  g_assert_no_error (error);
  g_clear_pointer (&rows, g_array_unref);
  rows = segments_of (f, c->id);
  g_assert_cmpuint (rows->len, ==, 3);

  g_string_append (text, "Written elsewhere: a zeppelin.\n");
  stmt = df_store_prepare (f->store, "UPDATE chapters SET content_md = ?2, title = 'Renamed' WHERE id = ?1", &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, c->id);
  sqlite3_bind_text (stmt, 2, text->str, -1, SQLITE_STATIC);
  g_assert_true (df_store_step_done (f->store, stmt, &error));
  g_assert_no_error (error);
  g_clear_pointer (&rows, g_array_unref);
  rows = segments_of (f, c->id);
  g_assert_cmpuint (rows->len, ==, 1);
  assert_indexed (f, rows, text->str, "zeppelin");
  assert_indexed (f, rows, text->str, "paragraph");
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapters_fts WHERE chapters_fts MATCH 'title : renamed'"), ==, 1);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapters_fts WHERE chapters_fts MATCH 'title : long'"), ==, 0);

  g_string_append (text, "And saved.\n");
  g_assert_true (df_chapter_save_content (f->store, c->id, text->str, &error));
  g_assert_no_error (error);
  g_clear_pointer (&rows, g_array_unref);
  rows = segments_of (f, c->id);
  assert_cut_as_rule (rows, text->str);
  assert_indexed (f, rows, text->str, "zeppelin");
  assert_indexed (f, rows, text->str, "paragraph");
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapter_segments_pending"), ==, 0);
}

/* Two projects' segments are numbered in ranges of their own, and a
 * search's plan gives the index its project's range. */
static void
test_project_range (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) a = df_test_make_project (f->store, "A", NULL);
  g_autoptr(DfProject) b = df_test_make_project (f->store, "B", NULL);
  g_autoptr(DfChapter) ca = df_test_append_chapter (f->store, a->id, 0, "One", "storm");
  g_autoptr(DfChapter) cb = df_test_append_chapter (f->store, b->id, 0, "One", "storm");
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM chapter_segments WHERE id >> 32 != "
                                          "(SELECT project_id FROM chapters WHERE id = chapter_id)");
  g_autofree char *plan_sql = g_strconcat ("EXPLAIN QUERY PLAN ", _df_search_candidates_sql (), NULL);
  g_autoptr(sqlite3_stmt) stmt = df_store_prepare (f->store, plan_sql, &error);
  g_autoptr(GString) plan = g_string_new (NULL);

  g_assert_cmpint (df_test_sql_int (df_store_get_db (f->store), sql), ==, 0);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, a->id);
  sqlite3_bind_text (stmt, 2, "storm", -1, SQLITE_STATIC);
  while (df_store_step (f->store, stmt, &error))
    g_string_append_printf (plan, "%s\n", sqlite3_column_text (stmt, 3));
  g_assert_no_error (error);
  /* FTS5 is given the range (its plan's ">" and "<" are rowid bounds). */
  g_assert_nonnull (strstr (plan->str, "SCAN chapters_fts VIRTUAL TABLE INDEX 0:M2><\n"));
  g_assert_true (g_str_has_prefix (plan->str, "SEARCH c USING INDEX chapters_project (project_id=?)\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  DF_TEST_ADD_STORE ("/search/index/incremental", test_incremental);
  DF_TEST_ADD_STORE ("/search/index/across-cut", test_across_cut);
  DF_TEST_ADD_STORE ("/search/index/other-writers", test_other_writers);
  DF_TEST_ADD_STORE ("/search/index/project-range", test_project_range);

  return g_test_run ();
}
