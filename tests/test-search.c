/* test-search.c: search by occurrence (df_search_occurrences)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-model.h"
#include "df-search-private.h"
#include "df-store-private.h"
#include "df-test-util.h"

typedef DfTestStoreFixture Fixture;

static DfSearchResults *
search (Fixture    *f,
        gint64      project_id,
        const char *query,
        guint       offset,
        guint       limit)
{
  g_autoptr(GError) error = NULL;
  DfSearchResults *results = df_search_occurrences (f->store, project_id, query, offset, limit, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (results);
  return results;
}

static DfSearchHit *
hit_at (DfSearchResults *results,
        guint            i)
{
  g_assert_cmpuint (i, <, results->hits->len);
  return results->hits->pdata[i];
}

/* The characters of @text that @hit covers. */
static char *
hit_text (const char  *text,
          DfSearchHit *hit)
{
  const char *start = g_utf8_offset_to_pointer (text, hit->offset);
  const char *end = g_utf8_offset_to_pointer (start, hit->length);

  return g_strndup (start, end - start);
}

static void
test_counts (Fixture       *f,
             gconstpointer  data)
{
  static const char text[] =
    "The cat and the dog.\n"
    "Then THE café, the Café and the cafe\xcc\x81.\n"   /* the last with a combining accent */
    "Bathe in the other; breathe.";
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Counts", NULL);
  g_autoptr(DfChapter) c = df_test_append_chapter (f->store, p->id, 0, "One", text);
  g_autoptr(DfSearchResults) the = search (f, p->id, "the", 0, 0);
  g_autoptr(DfSearchResults) cafe = search (f, p->id, "cafe", 0, 0);
  g_autoptr(DfSearchResults) accented = search (f, p->id, "CAFÉ", 0, 0);
  g_autofree char *third = NULL;

  /* The, the, Then, THE, the, the, the: never inside a word (Bathe,
   * other). */
  g_assert_cmpint (the->total, ==, 7);
  g_assert_cmpint (the->n_chapters, ==, 1);
  g_assert_cmpuint (the->hits->len, ==, 7);
  g_assert_cmpint (hit_at (the, 0)->offset, ==, 0);
  g_assert_cmpint (hit_at (the, 0)->line, ==, 1);
  g_assert_cmpint (hit_at (the, 2)->line, ==, 2);
  third = hit_text (text, hit_at (the, 2));
  g_assert_cmpstr (third, ==, "Then");
  g_assert_cmpint (hit_at (the, 6)->line, ==, 3);
  g_assert_cmpstr (hit_at (the, 1)->snippet, ==, "The cat and [the] dog. Then THE café, the Café and the cafe\xcc\x81.…");

  /* Accents and case folded both ways, offsets in characters. */
  g_assert_cmpint (cafe->total, ==, 3);
  g_assert_cmpint (accented->total, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *found = hit_text (text, hit_at (cafe, i));
      g_autofree char *folded = g_utf8_casefold (found, -1);
      g_autofree char *nfc = g_utf8_normalize (folded, -1, G_NORMALIZE_NFC);

      g_assert_cmpstr (nfc, ==, "café");
      g_assert_cmpint (hit_at (cafe, i)->line, ==, 2);
    }
  g_assert_cmpint (hit_at (cafe, 0)->offset, ==, 30);
  g_assert_cmpint (hit_at (cafe, 0)->length, ==, 4);
  g_assert_cmpint (hit_at (cafe, 2)->length, ==, 5);
  g_assert_nonnull (strstr (hit_at (cafe, 0)->snippet, "[café]"));
}

/* A chapter whose title alone holds the word is found, its title's
 * occurrence first (opening the chapter at its start), then the text's;
 * the terms of a query may be split between the title and the text. */
static void
test_title (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Titles", NULL);
  g_autoptr(DfChapter) a = df_test_append_chapter (f->store, p->id, 0, "The Battle of Borodino", "Cannon smoke.");
  g_autoptr(DfChapter) b = df_test_append_chapter (f->store, p->id, 0, "After", "Borodino was won, or lost.");
  g_autoptr(DfSearchResults) found = search (f, p->id, "borodino", 0, 0);
  g_autoptr(DfSearchResults) split = search (f, p->id, "battle smoke", 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;

  g_assert_cmpint (found->total, ==, 2);
  g_assert_cmpint (found->n_chapters, ==, 2);
  g_assert_cmpint (hit_at (found, 0)->chapter_id, ==, a->id);
  g_assert_true (hit_at (found, 0)->in_title);
  g_assert_cmpint (hit_at (found, 0)->offset, ==, -1);
  g_assert_cmpint (hit_at (found, 0)->line, ==, 0);
  g_assert_cmpstr (hit_at (found, 0)->snippet, ==, "The Battle of [Borodino]");
  g_assert_cmpint (hit_at (found, 1)->chapter_id, ==, b->id);
  g_assert_false (hit_at (found, 1)->in_title);
  g_assert_cmpint (hit_at (found, 1)->offset, ==, 0);

  g_assert_cmpint (split->total, ==, 2);
  g_assert_cmpint (split->n_chapters, ==, 1);

  first = df_search (f->store, p->id, "borodino", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 2);
  g_assert_true (((DfSearchHit *)first->pdata[0])->in_title);
}

static char *
chapter_text (Fixture *f,
              gint64   chapter_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfChapter) chapter = df_chapter_get (f->store, chapter_id, &error);

  g_assert_no_error (error);
  return g_strdup (chapter->content_md);
}

/* Whole words only, in the case of what they replace, accents folded;
 * titles untouched; the text before kept as a revision. */
static void
test_replace (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Replace", NULL);
  g_autoptr(DfChapter) a = df_test_append_chapter (f->store, p->id, 0, "The Storm",
                                                   "A storm, Storms and STORM. The storm's end.\nStorm at dawn.");
  g_autoptr(DfChapter) b = df_test_append_chapter (f->store, p->id, 0, "Calm", "No weather here.");
  g_autoptr(DfChapter) c = df_test_append_chapter (f->store, p->id, 0, "Café", "The café, the Cafe\xcc\x81.");
  g_autoptr(DfSearchResults) preview = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) cafe = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text_a = NULL;
  g_autofree char *text_b = NULL;
  g_autofree char *text_c = NULL;
  g_autoptr(DfChapter) title = NULL;

  preview = df_search_replace_preview (f->store, p->id, "storm", 0, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (preview->total, ==, 4);
  g_assert_false (hit_at (preview, 0)->in_title);

  changes = df_search_replace (f->store, p->id, "storm", "gale", 0, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpint (((DfReplaceChange *)changes->pdata[0])->count, ==, 4);
  text_a = chapter_text (f, a->id);
  g_assert_cmpstr (text_a, ==, "A gale, Storms and GALE. The gale's end.\nGale at dawn.");
  text_b = chapter_text (f, b->id);
  g_assert_cmpstr (text_b, ==, "No weather here.");
  title = df_chapter_get (f->store, a->id, &error);
  g_assert_cmpstr (title->title, ==, "The Storm");
  revisions = df_revision_list (f->store, a->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 1);
  g_assert_nonnull (strstr (((DfRevision *)revisions->pdata[0])->content_md, "A storm, Storms"));

  cafe = df_search_replace (f->store, p->id, "CAFE", "bar", 0, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cafe->len, ==, 1);
  text_c = chapter_text (f, c->id);
  g_assert_cmpstr (text_c, ==, "The bar, the Bar.");
}

/* A phrase as typed, quotes or not; a dry run writes nothing; a
 * cancelled replace changes no chapter at all. */
static void
test_replace_phrase (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Phrase", NULL);
  g_autoptr(DfChapter) a = df_test_append_chapter (f->store, p->id, 0, "One", "In the end, in\nthe  garden; in them.");
  g_autoptr(DfChapter) b = df_test_append_chapter (f->store, p->id, 0, "Two", "Once in the dark.");
  g_autoptr(GPtrArray) dry = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = chapter_text (f, a->id);
  g_autofree char *dry_text = NULL;
  g_autofree char *after_a = NULL;
  g_autofree char *after_b = NULL;
  g_autofree char *kept = NULL;

  dry = df_search_replace (f->store, p->id, "in the", "inside the", 0, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dry->len, ==, 2);
  g_assert_cmpint (((DfReplaceChange *)dry->pdata[0])->count, ==, 2);
  dry_text = chapter_text (f, a->id);
  g_assert_cmpstr (dry_text, ==, before);

  g_cancellable_cancel (cancelled);
  none = df_search_replace (f->store, p->id, "in the", "inside the", 0, FALSE, cancelled, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (none);
  g_clear_error (&error);
  kept = chapter_text (f, a->id);
  g_assert_cmpstr (kept, ==, before);

  /* The chapter open in an editor is left to the editor. */
  none = df_search_replace (f->store, p->id, "once", "then", b->id, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  changes = df_search_replace (f->store, p->id, "\"in the\"", "inside the", 0, FALSE, NULL, &error);
  g_assert_no_error (error);
  after_a = chapter_text (f, a->id);
  g_assert_cmpstr (after_a, ==, "Inside the end, inside the  garden; in them.");
  after_b = chapter_text (f, b->id);
  g_assert_cmpstr (after_b, ==, "Once inside the dark.");
}

/* Undo puts every text back; a chapter written since keeps that text
 * as a conflict revision. */
static void
test_replace_undo (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Undo", NULL);
  g_autoptr(DfChapter) a = df_test_append_chapter (f->store, p->id, 0, "One", "The rain fell.");
  g_autoptr(DfChapter) b = df_test_append_chapter (f->store, p->id, 0, "Two", "Rain again.");
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text_a = NULL;
  g_autofree char *text_b = NULL;
  gboolean conflict = FALSE;

  changes = df_search_replace (f->store, p->id, "rain", "snow", 0, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 2);
  g_assert_true (df_chapter_save_content (f->store, b->id, "Snow again, and more.", &error));
  g_assert_no_error (error);

  g_assert_true (df_search_replace_undo (f->store, changes, &error));
  g_assert_no_error (error);
  text_a = chapter_text (f, a->id);
  g_assert_cmpstr (text_a, ==, "The rain fell.");
  text_b = chapter_text (f, b->id);
  g_assert_cmpstr (text_b, ==, "Rain again.");
  revisions = df_revision_list (f->store, b->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < revisions->len; i++)
    {
      DfRevision *revision = revisions->pdata[i];

      conflict |= g_strcmp0 (revision->kind, "conflict") == 0 &&
                  g_strcmp0 (revision->content_md, "Snow again, and more.") == 0;
    }
  g_assert_true (conflict);
}

/* A text without spaces (Japanese) still has context either side, cut
 * at a character; a match at a paragraph's start has none before it. */
static void
test_snippets (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("Above.\n\nStorm at the start.\n\n");
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Snippets", NULL);
  g_autoptr(DfChapter) c = NULL;
  g_autoptr(DfSearchResults) storm = NULL;
  g_autoptr(DfSearchResults) kanji = NULL;

  for (guint i = 0; i < 30; i++)
    g_string_append (text, "日本語");
  g_string_append (text, " 嵐 ");
  for (guint i = 0; i < 30; i++)
    g_string_append (text, "日本語");
  c = df_test_append_chapter (f->store, p->id, 0, "One", text->str);
  storm = search (f, p->id, "storm", 0, 0);
  kanji = search (f, p->id, "嵐", 0, 0);

  g_assert_cmpstr (hit_at (storm, 0)->snippet, ==, "[Storm] at the start.");
  g_assert_cmpint (hit_at (storm, 0)->line, ==, 3);
  g_assert_cmpint (kanji->total, ==, 1);
  g_assert_true (g_str_has_prefix (hit_at (kanji, 0)->snippet, "…本語日本語"));
  g_assert_nonnull (strstr (hit_at (kanji, 0)->snippet, "日本語 [嵐] 日本語"));
  g_assert_true (g_str_has_suffix (hit_at (kanji, 0)->snippet, "日本…"));
}

/* Occurrences numbered in reading order through three chapters. */
static void
test_paging (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Pages", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 expected = 0;

  for (guint c = 0; c < 3; c++)
    {
      g_autoptr(DfChapter) chapter = NULL;
      g_autofree char *title = g_strdup_printf ("Chapter %u", c + 1);

      g_string_truncate (text, 0);
      for (guint i = 0; i < 10 - c; i++)
        g_string_append_printf (text, "Storm number %u.\n", i);
      chapter = df_test_append_chapter (f->store, p->id, 0, title, text->str);
    }

  for (guint offset = 0; offset < 30; offset += 10)
    {
      g_autoptr(DfSearchResults) page = search (f, p->id, "storm", offset, 10);

      g_assert_cmpint (page->total, ==, 27);
      g_assert_cmpint (page->n_chapters, ==, 3);
      g_assert_cmpint (page->offset, ==, offset);
      g_assert_cmpuint (page->hits->len, ==, offset < 20 ? 10 : 7);
      for (guint i = 0; i < page->hits->len; i++, expected++)
        {
          DfSearchHit *hit = hit_at (page, i);
          gint64 chapter = expected < 10 ? 1 : expected < 19 ? 2 : 3;
          gint64 line = expected < 10 ? expected + 1 : expected < 19 ? expected - 9 : expected - 18;

          g_assert_cmpint (hit->chapter_number, ==, chapter);
          g_assert_cmpint (hit->line, ==, line);
        }
    }
  g_assert_cmpint (expected, ==, 27);

  {
    g_autoptr(DfSearchResults) past = search (f, p->id, "storm", 100, 10);

    g_assert_cmpuint (past->hits->len, ==, 0);
    g_assert_cmpint (past->total, ==, 27);
  }
}

static void
test_phrase (Fixture       *f,
             gconstpointer  data)
{
  static const char text[] =
    "Prince Andrew smiled. Andrew, the prince, did not.\n"
    "It was prince\nandrew again; Prince Andrew's horse.";
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Phrases", NULL);
  g_autoptr(DfChapter) c = df_test_append_chapter (f->store, p->id, 0, "One", text);
  g_autoptr(DfChapter) other = df_test_append_chapter (f->store, p->id, 0, "Two", "Andrew met a prince.");
  g_autoptr(DfSearchResults) phrase = search (f, p->id, "\"prince andrew\"", 0, 0);
  g_autoptr(DfSearchResults) words = search (f, p->id, "prince andrew", 0, 0);
  g_autoptr(DfSearchResults) reversed = search (f, p->id, "\"andrew prince\"", 0, 0);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_cmpint (phrase->total, ==, 3);
  g_assert_cmpint (phrase->n_chapters, ==, 1);
  first = hit_text (text, hit_at (phrase, 0));
  g_assert_cmpstr (first, ==, "Prince Andrew");
  /* Across a line end, reported on the line it starts on. */
  second = hit_text (text, hit_at (phrase, 1));
  g_assert_cmpstr (second, ==, "prince\nandrew");
  g_assert_cmpint (hit_at (phrase, 1)->line, ==, 2);
  g_assert_cmpstr (hit_at (phrase, 1)->snippet, ==,
                   "…smiled. Andrew, the prince, did not. It was [prince andrew] again; Prince Andrew's horse.");

  /* Not as a phrase: each word, in both chapters. */
  g_assert_cmpint (words->n_chapters, ==, 2);
  g_assert_cmpint (words->total, ==, 10);
  g_assert_cmpint (reversed->total, ==, 0);
}

static void
test_prefix (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Prefixes", NULL);
  g_autoptr(DfChapter) a = df_test_append_chapter (f->store, p->id, 0, "One", "A storm, a story, some history.");
  g_autoptr(DfChapter) b = df_test_append_chapter (f->store, p->id, 0, "Two", "Stormy weather.");
  g_autoptr(DfSearchResults) stor = search (f, p->id, "stor", 0, 0);
  g_autoptr(DfSearchResults) both = search (f, p->id, "stor weath", 0, 0);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (stor->total, ==, 3);
  g_assert_cmpint (stor->n_chapters, ==, 2);
  /* Every word required in a chapter: only the second has both. */
  g_assert_cmpint (both->total, ==, 2);
  g_assert_cmpint (both->n_chapters, ==, 1);
  g_assert_cmpint (hit_at (both, 0)->chapter_number, ==, 2);

  /* FTS syntax is text; no word at all is an error. */
  {
    g_autoptr(DfSearchResults) syntax = search (f, p->id, "storm\" OR \"NEAR(", 0, 0);
    g_assert_cmpint (syntax->total, ==, 0);
  }
  g_assert_null (df_search_occurrences (f->store, p->id, " ?! ", 0, 0, NULL, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
}

static void
test_isolation (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Mine", NULL);
  g_autoptr(DfProject) other = df_test_make_project (f->store, "Theirs", NULL);
  g_autoptr(DfChapter) a = df_test_append_chapter (f->store, p->id, 0, "One", "A zeppelin.");
  g_autoptr(DfChapter) b = df_test_append_chapter (f->store, other->id, 0, "One", "Zeppelin, zeppelin, zeppelin.");
  g_autoptr(DfChapter) c = df_test_append_chapter (f->store, other->id, 0, "Two", "Only the other has a dirigible.");
  g_autoptr(DfSearchResults) mine = search (f, p->id, "zeppelin", 0, 0);
  g_autoptr(DfSearchResults) theirs = search (f, other->id, "zeppelin", 0, 0);
  g_autoptr(DfSearchResults) none = search (f, p->id, "dirigible", 0, 0);

  g_assert_cmpint (mine->total, ==, 1);
  g_assert_cmpint (mine->n_chapters, ==, 1);
  g_assert_cmpint (hit_at (mine, 0)->chapter_id, ==, a->id);
  g_assert_cmpint (theirs->total, ==, 3);
  g_assert_cmpint (none->total, ==, 0);
}

/* The chapters are read through their project's index: the plan never
 * starts from the shared full-text index and drops other projects' rows
 * (as the search did before occurrences). */
static void
test_query_plan (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strconcat ("EXPLAIN QUERY PLAN ", _df_search_candidates_sql (), NULL);
  g_autoptr(sqlite3_stmt) stmt = df_store_prepare (f->store, sql, &error);
  g_autoptr(GString) plan = g_string_new (NULL);

  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, 1);
  sqlite3_bind_text (stmt, 2, "{title content_md} : (\"storm\"*)", -1, SQLITE_STATIC);
  while (df_store_step (f->store, stmt, &error))
    g_string_append_printf (plan, "%s\n", sqlite3_column_text (stmt, 3));
  g_assert_no_error (error);

  g_assert_true (g_str_has_prefix (plan->str, "SEARCH c USING INDEX chapters_project (project_id=?)\n"));
  g_assert_nonnull (strstr (plan->str, "LIST SUBQUERY"));
}

static int
trace_statement (unsigned  type,
                 void     *user_data,
                 void     *stmt,
                 void     *sql)
{
  GPtrArray *statements = user_data;

  g_ptr_array_add (statements, g_strdup (sqlite3_sql (stmt)));
  return 0;
}

static int
trace_expanded (unsigned  type,
                void     *user_data,
                void     *stmt,
                void     *sql)
{
  GPtrArray *statements = user_data;
  char *expanded = sqlite3_expanded_sql (stmt);

  g_ptr_array_add (statements, g_strdup (expanded));
  sqlite3_free (expanded);
  return 0;
}

/* A word's prefix is looked for as the index's words that start with
 * it, each whole, in the project's range of the index (no prefix query,
 * which reads every project's entries): the same occurrences, accents
 * folded, and nothing of another project's words. */
static void
test_prefix_words (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Cafés", NULL);
  g_autoptr(DfProject) other = df_test_make_project (f->store, "Elsewhere", NULL);
  g_autoptr(DfChapter) a = df_test_append_chapter (f->store, p->id, 0, "One", "A café, a cafeteria.");
  g_autoptr(DfChapter) b = df_test_append_chapter (f->store, p->id, 0, "Two", "The CAFÉS of Paris.");
  g_autoptr(DfChapter) c = df_test_append_chapter (f->store, other->id, 0, "One", "A cafetière and a caftan.");
  g_autoptr(GPtrArray) statements = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DfSearchResults) caf = NULL;
  g_autoptr(DfSearchResults) cafe = NULL;
  g_autoptr(DfSearchResults) caft = NULL;
  gboolean expanded = FALSE;

  sqlite3_trace_v2 (df_store_get_db (f->store), SQLITE_TRACE_STMT, trace_expanded, statements);
  caf = search (f, p->id, "caf", 0, 0);
  sqlite3_trace_v2 (df_store_get_db (f->store), 0, NULL, NULL);
  cafe = search (f, p->id, "cafe", 0, 0);
  caft = search (f, p->id, "caft", 0, 0);

  g_assert_cmpint (caf->total, ==, 3);
  g_assert_cmpint (caf->n_chapters, ==, 2);
  g_assert_cmpint (cafe->total, ==, 3);
  g_assert_cmpint (caft->total, ==, 0);
  for (guint i = 0; i < statements->len; i++)
    if (strstr (statements->pdata[i], "MATCH") != NULL)
      {
        g_assert_null (strstr (statements->pdata[i], "\"caf\"*"));
        expanded |= strstr (statements->pdata[i], "\"cafe\" OR \"cafes\" OR \"cafeteria\" OR \"cafetiere\"") != NULL;
      }
  g_assert_true (expanded);
}

/* War and Peace as one chapter of 3.2 MB: the first page of "the" is
 * right (each hit is "the…" at its offset, on its line) and no statement
 * run asks SQLite for a snippet. */
static void
test_big_chapter (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = df_test_corpus_path ("novels/war-and-peace.txt");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) p = NULL;
  g_autoptr(DfChapter) c = NULL;
  g_autoptr(DfSearchResults) the = NULL;
  g_autoptr(DfSearchResults) natasha = NULL;
  g_autoptr(GPtrArray) statements = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = df_store_get_db (f->store);

  if (!g_file_get_contents (path, &text, NULL, NULL))
    {
      g_test_skip ("the corpus is not there");
      return;
    }
  p = df_test_make_project (f->store, "War and Peace", NULL);
  c = df_test_append_chapter (f->store, p->id, 0, "All of it", text);

  sqlite3_trace_v2 (db, SQLITE_TRACE_STMT, trace_statement, statements);
  the = search (f, p->id, "the", 0, 200);
  natasha = search (f, p->id, "Natasha", 1000, 200);
  sqlite3_trace_v2 (db, 0, NULL, NULL);

  g_assert_cmpuint (statements->len, >, 0);
  for (guint i = 0; i < statements->len; i++)
    g_assert_null (strstr (statements->pdata[i], "snippet("));

  /* Counted independently (every word starting with "the", "natasha",
   * accents and case folded). */
  g_assert_cmpint (the->total, ==, 43316);
  g_assert_cmpint (the->n_chapters, ==, 1);
  g_assert_cmpuint (the->hits->len, ==, 200);
  g_assert_cmpint (natasha->total, ==, 1213);
  g_assert_cmpuint (natasha->hits->len, ==, 200);

  for (guint i = 0; i < the->hits->len; i++)
    {
      DfSearchHit *hit = hit_at (the, i);
      const char *at = g_utf8_offset_to_pointer (text, hit->offset);
      gint64 line = 1;

      g_assert_true (g_ascii_strncasecmp (at, "the", 3) == 0);
      g_assert_true (at == text || !g_unichar_isalnum (g_utf8_get_char (g_utf8_prev_char (at))));
      for (const char *p2 = text; p2 < at; p2++)
        line += *p2 == '\n';
      g_assert_cmpint (hit->line, ==, line);
      g_assert_nonnull (strchr (hit->snippet, '['));
      g_assert_cmpuint (strlen (hit->snippet), <, 400);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  DF_TEST_ADD_STORE ("/search/counts", test_counts);
  DF_TEST_ADD_STORE ("/search/snippets", test_snippets);
  DF_TEST_ADD_STORE ("/search/title", test_title);
  DF_TEST_ADD_STORE ("/search/replace/words", test_replace);
  DF_TEST_ADD_STORE ("/search/replace/phrase", test_replace_phrase);
  DF_TEST_ADD_STORE ("/search/replace/undo", test_replace_undo);
  DF_TEST_ADD_STORE ("/search/paging", test_paging);
  DF_TEST_ADD_STORE ("/search/phrase", test_phrase);
  DF_TEST_ADD_STORE ("/search/prefix", test_prefix);
  DF_TEST_ADD_STORE ("/search/isolation", test_isolation);
  DF_TEST_ADD_STORE ("/search/prefix-words", test_prefix_words);
  DF_TEST_ADD_STORE ("/search/query-plan", test_query_plan);
  DF_TEST_ADD_STORE ("/search/big-chapter", test_big_chapter);

  return g_test_run ();
}
