/* test-import.c: importing manuscripts and the project folder format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "df-codex.h"
#include "df-import.h"
#include "df-store-private.h"
#include "df-model.h"
#include "df-text.h"
#include "df-test-util.h"

typedef DfTestStoreFixture Fixture;

static DfStore *
open_store (const char *tmp,
            const char *name)
{
  g_autofree char *path = g_build_filename (tmp, name, NULL);

  return df_test_store_open (path);
}

static char *
fixture_path (const char *rel)
{
  g_autofree char *import = g_build_filename ("import", rel, NULL);

  return df_test_fixture_path (import);
}

/* Rows in the tables an import writes, as "projects,parts,chapters,assets". */
static char *
table_counts (DfStore *store)
{
  sqlite3_stmt *stmt = NULL;
  char *result;

  g_assert_cmpint (sqlite3_prepare_v2 (df_store_get_db (store),
                                       "SELECT (SELECT count(*) FROM projects) || ',' ||"
                                       " (SELECT count(*) FROM parts) || ',' ||"
                                       " (SELECT count(*) FROM chapters) || ',' ||"
                                       " (SELECT count(*) FROM assets)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  result = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return result;
}

static DfChapter *
chapter_at (DfStore *store,
            gint64   project_id,
            gint64   number)
{
  g_autoptr(GError) error = NULL;
  DfChapter *chapter = df_chapter_get_by_number (store, project_id, number, &error);

  g_assert_no_error (error);
  g_assert_nonnull (chapter);
  return chapter;
}

static gint64
part_number_of (GPtrArray *parts,
                gint64     part_id)
{
  for (guint i = 0; i < parts->len; i++)
    {
      DfPart *part = g_ptr_array_index (parts, i);
      if (part->id == part_id)
        return part->number;
    }
  return 0;
}

/* ---- plain text ------------------------------------------------------- */

static void
test_pride_and_prejudice (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = df_test_corpus_path ("novels/pride-and-prejudice.txt");
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(DfChapter) first = NULL;
  g_autoptr(DfChapter) last = NULL;

  if (path == NULL)
    return;

  project = df_import (f->store, path, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (project);
  g_assert_cmpstr (project->title, ==, "Pride and Prejudice");
  g_assert_cmpstr (project->slug, ==, "pride-and-prejudice");

  parts = df_part_list (f->store, project->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parts->len, ==, 0);
  chapters = df_chapter_list (f->store, project->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chapters->len, ==, 61);

  first = chapter_at (f->store, project->id, 1);
  g_assert_cmpstr (first->title, ==, "Chapter 1");
  g_assert_true (g_str_has_prefix (first->content_md, "It is a truth universally acknowledged"));
  g_assert_cmpint (first->part_id, ==, 0);

  last = chapter_at (f->store, project->id, 61);
  g_assert_cmpstr (last->title, ==, "Chapter 61");
  g_assert_true (g_str_has_suffix (last->content_md, "had been the means of uniting them.\n"));

  /* the chapters hold every word of the book but the 61 headings */
  g_assert_cmpint (project->words, >, 121561 - 500);
  g_assert_cmpint (project->words, <, 121561 + 500);
}

static void
test_war_and_peace (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = df_test_corpus_path ("novels/war-and-peace.txt");
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(DfChapter) first = NULL;
  g_autofree guint *per_part = NULL;
  guint sum = 0;
  gint64 start;
  double seconds;

  if (path == NULL)
    return;

  start = g_get_monotonic_time ();
  project = df_import (f->store, path, DF_IMPORT_PLAIN_TEXT, NULL, NULL, NULL, NULL, &error);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("War and Peace imported in %.3f s", seconds);
  g_assert_no_error (error);
  g_assert_cmpstr (project->title, ==, "War and Peace");

  parts = df_part_list (f->store, project->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parts->len, ==, 17);
  g_assert_cmpstr (((DfPart *)g_ptr_array_index (parts, 0))->title, ==, "BOOK ONE: 1805");
  g_assert_cmpstr (((DfPart *)g_ptr_array_index (parts, 14))->title, ==, "BOOK FIFTEEN: 1812 - 13");
  g_assert_cmpstr (((DfPart *)g_ptr_array_index (parts, 15))->title, ==, "FIRST EPILOGUE: 1813 - 20");
  g_assert_cmpstr (((DfPart *)g_ptr_array_index (parts, 16))->title, ==, "SECOND EPILOGUE");

  chapters = df_chapter_list (f->store, project->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chapters->len, ==, 365);

  per_part = g_new0 (guint, parts->len + 1);
  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *chapter = g_ptr_array_index (chapters, i);
      gint64 n = part_number_of (parts, chapter->part_id);

      g_assert_cmpint (n, >=, 1);
      g_assert_cmpint (n, <=, 17);
      per_part[n - 1]++;
      g_assert_true (g_str_has_prefix (chapter->title, "CHAPTER "));
    }
  for (guint i = 0; i < parts->len; i++)
    {
      g_assert_cmpuint (per_part[i], >, 0);
      sum += per_part[i];
    }
  g_assert_cmpuint (sum, ==, 365);

  first = chapter_at (f->store, project->id, 1);
  g_assert_cmpstr (first->title, ==, "CHAPTER I");
  g_assert_true (g_str_has_prefix (first->content_md, "\"Well, Prince, so Genoa and Lucca"));
}

static void
test_text_split (void)
{
  const char *text =
    "MY NOVEL\nby Someone\n\n\n"
    "PROLOGUE\n\nBefore it all.\n\n"
    "PART ONE\n\nA part introduction.\n\n"
    "Chapter One: The Ball\n\nThey danced.\n  \nAll night.   \n\n\n"
    "Chapter 2\n\n"
    "CHAPTER III.\n\nChapter 4 is not a heading in the middle of a line.\n"
    "Chapter 5\nis not a heading either: no blank line before it.\n\n"
    "Part 2\n\n"
    "Chapter Twenty-One\n\nLate.\n\n"
    "EPILOGUE\n\nAfter it all.\n";
  g_autoptr(DfTextBook) book = df_text_book_split (text, strlen (text));
  DfTextChapter *c;

  g_assert_cmpuint (book->parts->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (book->parts, 0), ==, "PART ONE");
  g_assert_cmpstr (g_ptr_array_index (book->parts, 1), ==, "Part 2");
  g_assert_cmpuint (book->chapters->len, ==, 8);

  c = g_ptr_array_index (book->chapters, 0);
  g_assert_cmpstr (c->title, ==, "Front Matter");
  g_assert_cmpstr (c->content_md, ==, "MY NOVEL\nby Someone\n");
  g_assert_cmpint (c->part_index, ==, -1);
  c = g_ptr_array_index (book->chapters, 1);
  g_assert_cmpstr (c->title, ==, "PROLOGUE");
  g_assert_cmpint (c->part_index, ==, -1);
  c = g_ptr_array_index (book->chapters, 2);
  g_assert_cmpstr (c->title, ==, "PART ONE");
  g_assert_cmpstr (c->content_md, ==, "A part introduction.\n");
  g_assert_cmpint (c->part_index, ==, 0);
  c = g_ptr_array_index (book->chapters, 3);
  g_assert_cmpstr (c->title, ==, "Chapter One: The Ball");
  /* line breaks and trailing spaces kept, blank lines at the ends gone */
  g_assert_cmpstr (c->content_md, ==, "They danced.\n  \nAll night.   \n");
  c = g_ptr_array_index (book->chapters, 4);
  g_assert_cmpstr (c->title, ==, "Chapter 2");
  g_assert_cmpstr (c->content_md, ==, "");
  c = g_ptr_array_index (book->chapters, 5);
  g_assert_cmpstr (c->title, ==, "CHAPTER III.");
  g_assert_true (g_str_has_suffix (c->content_md, "no blank line before it.\n"));
  g_assert_cmpint (c->part_index, ==, 0);
  c = g_ptr_array_index (book->chapters, 6);
  g_assert_cmpstr (c->title, ==, "Chapter Twenty-One");
  g_assert_cmpint (c->part_index, ==, 1);
  c = g_ptr_array_index (book->chapters, 7);
  g_assert_cmpstr (c->title, ==, "EPILOGUE");
  g_assert_cmpint (c->part_index, ==, -1);
  g_assert_cmpstr (c->content_md, ==, "After it all.\n");
}

/* Books with more than 99,999 chapters: "Chapter 100000" and longer
 * numbers are headings too, not text of the chapter before. */
static void
test_text_six_digit_chapters (Fixture       *f,
                              gconstpointer  data)
{
  static const char * const numbers[] = { "99998", "99999", "100000", "100001", "1234567", NULL };
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) chapters = NULL;

  for (guint i = 0; numbers[i] != NULL; i++)
    g_string_append_printf (text, "Chapter %s\n\nThe text of chapter %s.\n\n", numbers[i], numbers[i]);
  path = df_test_write_file (f->tmp, "long-book.txt", text->str, -1);

  project = df_import (f->store, path, DF_IMPORT_PLAIN_TEXT, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  chapters = df_chapter_list (f->store, project->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chapters->len, ==, g_strv_length ((char **)numbers));
  for (guint i = 0; numbers[i] != NULL; i++)
    {
      DfChapter *listed = g_ptr_array_index (chapters, i);
      g_autoptr(DfChapter) chapter = chapter_at (f->store, project->id, listed->number);
      g_autofree char *title = g_strdup_printf ("Chapter %s", numbers[i]);
      g_autofree char *body = g_strdup_printf ("The text of chapter %s.\n", numbers[i]);

      g_assert_cmpstr (chapter->title, ==, title);
      g_assert_cmpstr (chapter->content_md, ==, body);
    }
}

static void
test_text_no_headings (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmp, "my_short-story.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfChapter) chapter = NULL;

  /* BOM and CRLF: dropped and normalised */
  g_assert_true (g_file_set_contents (path, "\xef\xbb\xbf\r\nOnce upon a time.\r\n\r\nThe end.\r\n", -1, NULL));
  project = df_import (f->store, path, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (project->title, ==, "My Short Story");
  g_assert_cmpint (project->n_chapters, ==, 1);
  chapter = chapter_at (f->store, project->id, 1);
  g_assert_cmpstr (chapter->title, ==, "My Short Story");
  g_assert_cmpstr (chapter->content_md, ==, "Once upon a time.\n\nThe end.\n");

  /* --title wins, and a second import of the same file gets its own slug */
  g_clear_pointer (&project, df_project_free);
  project = df_import (f->store, path, DF_IMPORT_PLAIN_TEXT, "Another Title", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (project->title, ==, "Another Title");
  g_assert_cmpstr (project->slug, ==, "another-title");
}

/* A text as Project Gutenberg gives it: its header (the title, the
 * author), the start marker, the book, the older texts' end note, the
 * end marker and the licence. */
#define PG_HEADER \
  "The Project Gutenberg eBook of Pride and Prejudice\n\n" \
  "This ebook is for the use of anyone anywhere in the United States and\n" \
  "most other parts of the world at no cost and with almost no restrictions\n" \
  "whatsoever.\n\n" \
  "Title: Pride and Prejudice\n\n" \
  "Author: Jane Austen\n\n" \
  "Release date: June 1, 1998 [eBook #1342]\n\n" \
  "Language: English\n\n" \
  "*** START OF THE PROJECT GUTENBERG EBOOK PRIDE AND PREJUDICE ***\n\n\n"
#define PG_BOOK \
  "Chapter 1\n\n" \
  "It is a truth universally acknowledged, that a single man in possession\n" \
  "of a good fortune, must be in want of a wife.\n\n" \
  "Chapter 2\n\n" \
  "Mr. Bennet was among the earliest of those who waited on Mr. Bingley.\n"
#define PG_FOOTER \
  "\n\nEnd of the Project Gutenberg EBook of Pride and Prejudice, by Jane Austen\n\n" \
  "*** END OF THE PROJECT GUTENBERG EBOOK PRIDE AND PREJUDICE ***\n\n" \
  "Updated editions will replace the previous one--the old editions will\n" \
  "be renamed.\n\n" \
  "Section 1. General Terms of Use and Redistributing Project Gutenberg-tm\n" \
  "electronic works\n"

/* The book, without the header and licence around it: the title from
 * the header, the two chapters and nothing else, and the summary says
 * what was left out.  The file is as it was. */
static void
test_gutenberg (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = df_test_write_file (f->tmp, "pg1342.txt", PG_HEADER PG_BOOK PG_FOOTER, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(DfImportResult) result = NULL;
  g_autoptr(DfChapter) first = NULL, second = NULL;
  g_autoptr(DfProject) titled = NULL;
  g_autofree char *summary = NULL, *after = NULL;

  result = df_import_run (f->store, path, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (result->gutenberg);
  g_assert_cmpstr (result->project->title, ==, "Pride and Prejudice");
  g_assert_cmpint (result->project->n_chapters, ==, 2);
  first = chapter_at (f->store, result->project->id, 1);
  second = chapter_at (f->store, result->project->id, 2);
  g_assert_cmpstr (first->title, ==, "Chapter 1");
  g_assert_cmpstr (first->content_md, ==,
                   "It is a truth universally acknowledged, that a single man in possession "
                   "of a good fortune, must be in want of a wife.\n");
  g_assert_cmpstr (second->content_md, ==,
                   "Mr. Bennet was among the earliest of those who waited on Mr. Bingley.\n");
  summary = df_import_result_dup_summary (result);
  g_assert_cmpstr (summary, ==, "The Project Gutenberg header and licence around the book were left out");
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, PG_HEADER PG_BOOK PG_FOOTER);

  /* A title asked for wins over the header's. */
  titled = df_import (f->store, path, DF_IMPORT_PLAIN_TEXT, "Mine", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (titled->title, ==, "Mine");
  g_assert_cmpint (titled->n_chapters, ==, 2);
}

/* Only the start marker makes a text Project Gutenberg's: a book that
 * names Project Gutenberg, or has a line of asterisks, is kept whole;
 * a start marker without an end keeps the rest of the text. */
static void
test_gutenberg_markers (Fixture       *f,
                        gconstpointer  data)
{
  const char *named = "Chapter 1\n\nShe read it on Project Gutenberg.\n\n*** END OF PART ONE ***\n";
  g_autofree char *named_path = df_test_write_file (f->tmp, "named.txt", named, -1);
  g_autofree char *open_path = df_test_write_file (f->tmp, "open.txt", PG_HEADER PG_BOOK, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(DfImportResult) kept = NULL, open = NULL;
  g_autoptr(DfChapter) chapter = NULL, last = NULL;

  kept = df_import_run (f->store, named_path, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (kept->gutenberg);
  g_assert_cmpstr (kept->project->title, ==, "Named");
  chapter = chapter_at (f->store, kept->project->id, 1);
  g_assert_cmpstr (chapter->content_md, ==, "She read it on Project Gutenberg.\n\n*** END OF PART ONE ***\n");

  open = df_import_run (f->store, open_path, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (open->gutenberg);
  g_assert_cmpint (open->project->n_chapters, ==, 2);
  last = chapter_at (f->store, open->project->id, 2);
  g_assert_cmpstr (last->content_md, ==, "Mr. Bennet was among the earliest of those who waited on Mr. Bingley.\n");
}

/* The command line's --json says so. */
static void
test_gutenberg_cli (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->tmp, "cli.db", NULL);
  g_autofree char *path = df_test_write_file (f->tmp, "pg1342.txt", PG_HEADER PG_BOOK PG_FOOTER, -1);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  if (!df_test_have_cli ())
    return;
  node = df_test_run_cli_json (db, "import", path, "--json", NULL);
  object = json_node_get_object (node);
  g_assert_true (json_object_get_boolean_member (object, "gutenberg"));
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Pride and Prejudice");
  g_assert_cmpstr (json_object_get_string_member (object, "slug"), ==, "pride-and-prejudice");
}

/* ---- Word documents ---------------------------------------------------- */

/* The first chapter of the fixtures' manuscript, as Markdown, but for
 * its picture (a path of each file's own): its Word document and
 * LibreOffice's .odt of it read alike. */
#define MANUSCRIPT_FIRST \
  "# Chapter One: The Keeper\n\n" \
  "Mara climbed the **hundred** steps *every* night[^1].\n\n" \
  "[^1]: Keepers kept a log of every ship.\n\n" \
  "The log said: 5 \\* 3 ships, no wrecks.\n\n" \
  "* * *\n\n" \
  "Roses on the sill,\\\nsalt on the glass.\n\n"

/* The 1×1 PNG @key of the project: stored whole, and a PNG. */
static void
assert_picture (DfStore    *store,
                gint64      project_id,
                const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = df_asset_get (store, project_id, key, NULL, &error);
  gsize len;
  const char *data;

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  data = g_bytes_get_data (bytes, &len);
  g_assert_cmpuint (len, ==, 70);
  g_assert_true (memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0);
}

static char *
chapter_text (DfStore *store,
              gint64   project_id,
              gint64   number)
{
  g_autoptr(DfChapter) chapter = chapter_at (store, project_id, number);

  return g_strdup (chapter->content_md);
}

/* A manuscript written by a Word writer other than DraftForge's: the
 * Title style names the project, each Heading 1 a chapter; bold,
 * italic, a footnote, a tracked change, a scene break, a line break and
 * what Markdown would misread, as a writer would want them; the picture
 * in the project, shown where it stood. */
static void
test_docx_manuscript (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = fixture_path ("docx/manuscript.docx");
  g_autoptr(GError) error = NULL;
  g_autoptr(DfImportResult) result = NULL;
  g_autofree char *first = NULL, *second = NULL, *summary = NULL;

  result = df_import_run (f->store, path, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->project->title, ==, "The Lighthouse");
  g_assert_cmpint (result->project->n_chapters, ==, 2);
  first = chapter_text (f->store, result->project->id, 1);
  g_assert_cmpstr (first, ==, MANUSCRIPT_FIRST "![](media/image1.png)\n");
  second = chapter_text (f->store, result->project->id, 2);
  g_assert_cmpstr (second, ==,
                   "# Chapter Two: The Storm\n\n"
                   "***It came*** at dawn.\n\n"
                   "\\# not a heading, and 1. not a list\n");
  /* The picture: in the project, where the chapter shows it. */
  assert_picture (f->store, result->project->id, "media/image1.png");
  g_assert_cmpuint (result->pictures_left_out, ==, 0);
  summary = df_import_result_dup_summary (result);
  g_assert_null (summary);

  /* Asked to join hard-wrapped lines: a document has paragraphs, not
   * lines; its line break stays. */
  {
    DfImportOptions options = { DF_IMPORT_UNWRAP_YES };
    g_autoptr(DfImportResult) again = df_import_run_full (f->store, path, DF_IMPORT_AUTO, NULL, &options, NULL, NULL,
                                                          NULL, &error);
    g_autofree char *text = NULL;

    g_assert_no_error (error);
    g_assert_false (again->unwrapped);
    text = chapter_text (f->store, again->project->id, 1);
    g_assert_cmpstr (text, ==, first);
  }
}

/* Heading styles by their names, whatever the language of their ids (a
 * German Word's "berschrift1"); a character style named Strong; bold
 * switched off; a text box left out of the paragraph it sits in, and
 * said; a quote style.  Without any heading style, the "Chapter 1"
 * lines (set in bold) and "Part One" make the chapters and the part. */
static void
test_docx_styles (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *localized = fixture_path ("docx/localized.docx");
  g_autofree char *plain = fixture_path ("docx/plain.docx");
  g_autoptr(GError) error = NULL;
  g_autoptr(DfImportResult) german = NULL, lines = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autofree char *first = NULL, *rain = NULL;

  german = df_import_run (f->store, localized, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (german->project->title, ==, "Die Reise");
  g_assert_cmpint (german->project->n_chapters, ==, 2);
  first = chapter_text (f->store, german->project->id, 1);
  g_assert_cmpstr (first, ==,
                   "# Erstes Kapitel\n\n"
                   "Sie war **sehr** müde.\n\n"
                   "Vor dem Haus stand ein Baum.\n\n"
                   "> Ein Zitat aus dem Buch.\n");
  g_assert_cmpuint (german->pictures_left_out, ==, 1);

  lines = df_import_run (f->store, plain, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lines->project->title, ==, "Plain");
  g_assert_cmpint (lines->project->n_chapters, ==, 2);
  g_assert_cmpint (lines->project->n_parts, ==, 1);
  parts = df_part_list (f->store, lines->project->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((DfPart *)parts->pdata[0])->title, ==, "Part One");
  rain = chapter_text (f->store, lines->project->id, 1);
  g_assert_cmpstr (rain, ==, "The rain had not stopped for three days.\n");
  {
    g_autoptr(DfChapter) chapter = chapter_at (f->store, lines->project->id, 2);

    g_assert_cmpstr (chapter->title, ==, "Chapter 2");
    g_assert_cmpint (chapter->part_id, ==, ((DfPart *)parts->pdata[0])->id);
  }
  g_assert_cmpuint (lines->pictures_left_out, ==, 0);
}

/* The same book written by pandoc and saved again by LibreOffice: the
 * title, the two chapters, the footnote, the link; pandoc's horizontal
 * rule is a scene break (LibreOffice turns it into a drawn line: a
 * picture, said). */
static void
test_docx_writers (Fixture       *f,
                   gconstpointer  data)
{
  const char *writers[] = { "docx/pandoc.docx", "docx/libreoffice.docx" };
  /* The link, to its address (LibreOffice adds the slash). */
  const char *ends[] = { "Second scene, with code and a [link](http://example.com).\n",
                         "Second scene, with code and a [link](http://example.com/).\n" };

  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    {
      g_autofree char *path = fixture_path (writers[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(DfImportResult) result = NULL;
      g_autofree char *first = NULL, *second = NULL;

      g_test_message ("%s", writers[i]);
      result = df_import_run (f->store, path, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (result->project->title, ==, "The Sample");
      g_assert_cmpint (result->project->n_chapters, ==, 2);
      first = chapter_text (f->store, result->project->id, 1);
      g_assert_true (g_str_has_prefix (first,
                                       "# Chapter One\n\n"
                                       "It was a *dark* and **stormy** night.[^1] She said “hello”.\n\n"
                                       "[^1]: A footnote here.\n\n"));
      g_assert_true (g_str_has_suffix (first, ends[i]));
      g_assert_cmpint (strstr (first, "* * *") != NULL, ==, i == 0);
      g_assert_cmpuint (result->pictures_left_out, ==, i == 0 ? 0 : 1);
      second = chapter_text (f->store, result->project->id, 2);
      g_assert_cmpstr (second, ==, "# Chapter Two\n\n> A quote.\n\nDone.\n");
    }
}

/* Several Heading 1 over Heading 2: parts over chapters, as a writer
 * lays out a book in Word; a part's own words before its first chapter
 * make a chapter of the part's name. */
static void
test_docx_parts (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = fixture_path ("docx/parts.docx");
  g_autoptr(GError) error = NULL;
  g_autoptr(DfImportResult) result = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  const char *titles[] = { "Part One: Spring", "Chapter 1", "Chapter 2", "Chapter 3" };
  const guint in_part[] = { 0, 0, 0, 1 };

  result = df_import_run (f->store, path, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  parts = df_part_list (f->store, result->project->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parts->len, ==, 2);
  g_assert_cmpstr (((DfPart *)parts->pdata[0])->title, ==, "Part One: Spring");
  g_assert_cmpstr (((DfPart *)parts->pdata[1])->title, ==, "Part Two: Summer");
  chapters = df_chapter_list (f->store, result->project->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chapters->len, ==, G_N_ELEMENTS (titles));
  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *chapter = chapters->pdata[i];

      g_assert_cmpstr (chapter->title, ==, titles[i]);
      g_assert_cmpint (chapter->part_id, ==, ((DfPart *)parts->pdata[in_part[i]])->id);
    }
  {
    g_autofree char *intro = chapter_text (f->store, result->project->id, 1);
    g_autofree char *third = chapter_text (f->store, result->project->id, 4);

    g_assert_cmpstr (intro, ==, "Before anything, the thaw.\n");
    g_assert_cmpstr (third, ==, "## Chapter 3\n\nThe fields dried.\n");
  }
}

/* Importing @name holding @contents fails with @message (a part of it),
 * and leaves nothing behind. */
static void
assert_refused (Fixture    *f,
                const char *name,
                const char *contents,
                const char *message)
{
  g_autofree char *path = df_test_write_file (f->tmp, name, contents, -1);
  g_autofree char *before = table_counts (f->store);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;

  project = df_import (f->store, path, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_null (project);
  g_assert_error (error, DF_ERROR, DF_ERROR_IMPORT);
  g_assert_nonnull (strstr (error->message, message));
  after = table_counts (f->store);
  g_assert_cmpstr (after, ==, before);
}

/* What is not a Word document or an OpenDocument text says so. */
static void
test_documents_refused (Fixture       *f,
                        gconstpointer  data)
{
  assert_refused (f, "letter.docx", "Dear Sir,\n", "letter.docx” is not a Word document (.docx) that can be read");
  assert_refused (f, "notes.odt", "Not a document.\n", "notes.odt” is not an OpenDocument text (.odt) that can be read");
}

/* ---- OpenDocument texts ------------------------------------------------- */

/* Where LibreOffice keeps the manuscript's picture in its .odt. */
#define LO_PICTURE "Pictures/100000010000000100000001F9655BAC4BB61131.png"

/* The Word manuscript saved again by LibreOffice as .odt, and pandoc's
 * sample as .odt: read as their Word documents are (the same Markdown),
 * LibreOffice's headings set as paragraph styles, pandoc's title and
 * quote in styles LibreOffice defines itself. */
static void
test_odt_writers (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *libreoffice = fixture_path ("odt/libreoffice.odt");
  g_autofree char *pandoc = fixture_path ("odt/pandoc.odt");
  g_autoptr(GError) error = NULL;
  g_autoptr(DfImportResult) lo = NULL, pd = NULL;
  g_autofree char *first = NULL, *second = NULL, *sample = NULL, *sample2 = NULL;

  lo = df_import_run (f->store, libreoffice, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lo->project->title, ==, "The Lighthouse");
  g_assert_cmpint (lo->project->n_chapters, ==, 2);
  first = chapter_text (f->store, lo->project->id, 1);
  g_assert_cmpstr (first, ==, MANUSCRIPT_FIRST "![](" LO_PICTURE ")\n");
  second = chapter_text (f->store, lo->project->id, 2);
  g_assert_cmpstr (second, ==, "# Chapter Two: The Storm\n\n***It came*** at dawn.\n\n\\# not a heading, and 1. not a list\n");
  assert_picture (f->store, lo->project->id, LO_PICTURE);
  g_assert_cmpuint (lo->pictures_left_out, ==, 0);

  pd = df_import_run (f->store, pandoc, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd->project->title, ==, "The Sample");
  g_assert_cmpint (pd->project->n_chapters, ==, 2);
  sample = chapter_text (f->store, pd->project->id, 1);
  g_assert_cmpstr (sample, ==,
                   "# Chapter One\n\n"
                   "It was a *dark* and **stormy** night.[^1] She said “hello”.\n\n"
                   "[^1]: A footnote here.\n\n"
                   "* * *\n\n"
                   "Second scene, with code and a [link](http://example.com).\n");
  sample2 = chapter_text (f->store, pd->project->id, 2);
  g_assert_cmpstr (sample2, ==, "# Chapter Two\n\n> A quote.\n\nDone.\n");
}

/* ---- novelWriter projects ---------------------------------------------- */

/* A novelWriter project as a writer leaves it: the novel's documents in
 * the tree's order (scenes as children of their chapter, sorted by their
 * place, not their order in the file) make a part and its chapters, the
 * scenes inside them; the markup, footnotes and auto-replacements in
 * Markdown; synopsis, comments and keywords in each chapter's plan; the
 * character and location notes in the codex, @pov pointing at them; what
 * novelWriter itself leaves out of a manuscript not imported, and said. */
static void
test_novelwriter (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = fixture_path ("novelwriter/lighthouse");
  g_autoptr(GError) error = NULL;
  g_autoptr(DfImportResult) result = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(DfChapter) title = NULL, lamp = NULL, storm = NULL;
  g_autoptr(DfCodexEntry) mara = NULL, tobias = NULL, rock = NULL;
  g_autofree char *summary = NULL;

  result = df_import_run (f->store, path, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->project->title, ==, "The Lighthouse Keeper");
  g_assert_cmpint (result->project->n_chapters, ==, 3);
  parts = df_part_list (f->store, result->project->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parts->len, ==, 1);
  g_assert_cmpstr (((DfPart *)parts->pdata[0])->title, ==, "Part One: Winter");

  title = chapter_at (f->store, result->project->id, 1);
  g_assert_cmpstr (title->title, ==, "Title Page");
  g_assert_cmpint (title->part_id, ==, 0);
  g_assert_cmpstr (title->content_md, ==, "# The Lighthouse Keeper\n\n**By Mara Quill**\n");

  lamp = chapter_at (f->store, result->project->id, 2);
  g_assert_cmpstr (lamp->title, ==, "The Lamp");
  g_assert_cmpint (lamp->part_id, ==, ((DfPart *)parts->pdata[0])->id);
  g_assert_cmpstr (lamp->content_md, ==,
                   "The lamp of Saltmarsh had burned for **ninety** years.[^k1]\n\n"
                   "### The Stair\n\n"
                   "She climbed the stair,\\\none hundred steps,\\\nand counted each.\n\n"
                   "* * *\n\n"
                   "### Night Watch\n\n"
                   "> The sea does not sleep.\n\n"
                   "[^k1]: Since the old keeper's time.\n");
  g_assert_cmpstr (lamp->synopsis, ==, "Mara keeps the lamp lit through the first storm.");
  g_assert_cmpstr (lamp->notes, ==, "@pov: Mara\n@location: Rock\nCheck the date of the storm.");
  g_assert_cmpstr (lamp->pov, ==, "Mara Quill");

  storm = chapter_at (f->store, result->project->id, 3);
  g_assert_cmpstr (storm->title, ==, "The Storm");
  g_assert_cmpstr (storm->content_md, ==, "The storm came at *dawn*.\n");
  g_assert_cmpstr (storm->pov, ==, "Tobias Wren");

  entries = df_codex_entry_list (f->store, result->project->id, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 3);
  mara = df_codex_entry_find (f->store, result->project->id, "Mara", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mara->name, ==, "Mara Quill");
  g_assert_cmpstr (mara->kind, ==, "character");
  g_assert_cmpstr (mara->aliases_json, ==, "[\"Mara\"]");
  g_assert_cmpstr (mara->description, ==,
                   "The keeper of the light.\n\nShe has kept the lamp for ten years.\n\n"
                   "## Appearance\n\nGrey coat, red scarf.");
  g_assert_cmpstr (mara->notes, ==, "@char: Tobias");
  tobias = df_codex_entry_find (f->store, result->project->id, "Tobias Wren", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tobias->description, ==, "The keeper before her.");
  rock = df_codex_entry_find (f->store, result->project->id, "Rock", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rock->name, ==, "The Rock");
  g_assert_cmpstr (rock->kind, ==, "location");

  /* The cut scene, the novel's plan note, the archived opening. */
  g_assert_cmpuint (result->documents_left_out, ==, 3);
  summary = df_import_result_dup_summary (result);
  g_assert_nonnull (strstr (summary, "3 documents were not imported"));
}

/* The project's nwProject.nwx chosen instead of its folder: the same
 * import.  A folder whose nwProject.nwx is not XML says so, and leaves
 * nothing behind. */
static void
test_novelwriter_paths (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *nwx = fixture_path ("novelwriter/lighthouse/nwProject.nwx");
  g_autofree char *broken = g_build_filename (f->tmp, "broken", NULL);
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfProject) refused = NULL;

  project = df_import (f->store, nwx, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (project->title, ==, "The Lighthouse Keeper");
  g_assert_cmpint (project->n_chapters, ==, 3);

  g_assert_cmpint (g_mkdir (broken, 0700), ==, 0);
  g_free (df_test_write_file (broken, "nwProject.nwx", "<novelWriterXML><project>", -1));
  before = table_counts (f->store);
  refused = df_import (f->store, broken, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, DF_ERROR, DF_ERROR_IMPORT);
  g_assert_nonnull (strstr (error->message, "is not a novelWriter project that can be read"));
  after = table_counts (f->store);
  g_assert_cmpstr (after, ==, before);
}

/* ---- Markdown --------------------------------------------------------- */

/* Titles longer than the database allows are cut, and the import says
 * which: the project's own title (from a long file name) and every
 * second chapter's heading, the last of them 201 characters of two bytes
 * each. */
static void
test_long_titles_reported (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) long_heading = g_string_new (NULL);
  g_autoptr(GString) accented = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfImportResult) result = NULL;

  for (guint i = 0; i < 23; i++)
    g_string_append (long_heading, "Longwinded ");   /* 253 characters */
  for (guint i = 0; i < 201; i++)
    g_string_append (accented, "é");
  for (guint i = 1; i <= 24; i++)
    g_string_append_printf (text, "# %s\n\nChapter %u.\n\n",
                            i % 2 == 1 ? "Short" : i == 24 ? accented->str : long_heading->str, i);
  for (guint i = 0; i < 21; i++)
    g_string_append (name, "long-name-");         /* 210 characters */
  g_string_append (name, ".md");
  path = df_test_write_file (f->tmp, name->str, text->str, -1);

  result = df_import_run (f->store, path, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->project->n_chapters, ==, 24);
  /* Cut at 200 characters, and the space there dropped. */
  g_assert_true (g_str_has_prefix (result->project->title, "Long Name Long Name"));
  g_assert_cmpint (g_utf8_strlen (result->project->title, -1), >=, 199);
  g_assert_cmpint (g_utf8_strlen (result->project->title, -1), <=, 200);
  {
    g_autoptr(DfChapter) second = chapter_at (f->store, result->project->id, 2);
    g_autoptr(DfChapter) last = chapter_at (f->store, result->project->id, 24);
    g_autofree char *cut = g_utf8_substring (accented->str, 0, 200);

    g_assert_true (g_str_has_prefix (long_heading->str, second->title));
    g_assert_cmpint (g_utf8_strlen (second->title, -1), >=, 199);
    g_assert_cmpstr (last->title, ==, cut);
  }

  g_assert_true (result->shortened_title);
  g_assert_cmpuint (result->shortened_parts->len, ==, 0);
  g_assert_cmpuint (result->shortened_chapters->len, ==, 12);
  summary = df_import_result_dup_summary (result);
  g_assert_cmpstr (summary, ==,
                   "The project’s title was longer than 200 characters and was shortened\n"
                   "12 titles were longer than 200 characters and were shortened: "
                   "chapters 2, 4, 6, 8, 10, 12, 14, 16, 18, 20 and 2 more");
}

/* An mdBook's top-level entry is a part and its first chapter: a long
 * one is cut in both, and both are named. */
static void
test_long_part_title_reported (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GString) summary_md = g_string_new ("# Summary\n\n- [");
  g_autofree char *dir = g_build_filename (f->tmp, "book", NULL);
  g_autofree char *summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfImportResult) result = NULL;

  for (guint i = 0; i < 25; i++)
    g_string_append (summary_md, "Longwinded ");
  g_string_append (summary_md, "](a.md)\n  - [Short](b.md)\n");
  g_free (df_test_write_file (dir, "SUMMARY.md", summary_md->str, -1));
  g_free (df_test_write_file (dir, "a.md", "# A\n\nText.\n", -1));
  g_free (df_test_write_file (dir, "b.md", "# B\n\nText.\n", -1));

  result = df_import_run (f->store, dir, DF_IMPORT_MDBOOK, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  summary = df_import_result_dup_summary (result);
  g_assert_cmpstr (summary, ==,
                   "1 part title was longer than 200 characters and was shortened: part 1\n"
                   "1 title was longer than 200 characters and was shortened: chapter 1");
}

/* The command line says it too, on stderr: stdout is the slug alone. */
static void
test_long_titles_cli (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("# Short\n\nOne.\n\n# ");
  g_autofree char *db = g_build_filename (f->tmp, "cli.db", NULL);
  g_autofree char *path = NULL;
  g_autoptr(DfTestRun) run = NULL;

  if (!df_test_have_cli ())
    return;
  for (guint i = 0; i < 30; i++)
    g_string_append (text, "Longwinded ");
  g_string_append (text, "\n\nTwo.\n");
  path = df_test_write_file (f->tmp, "book.md", text->str, -1);

  run = df_test_run_cli (db, NULL, NULL, DF_TEST_STRV ("import", path));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==, "book\n");
  g_assert_cmpstr (run->err, ==,
                   "draftforge-cli: 1 title was longer than 200 characters and was shortened: chapter 2\n");
}

/* Nothing cut, nothing to say. */
static void
test_no_summary (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = df_test_write_file (f->tmp, "short.md", "# One\n\nText.\n", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(DfImportResult) result = NULL;
  g_autofree char *summary = NULL;

  result = df_import_run (f->store, path, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  summary = df_import_result_dup_summary (result);
  g_assert_null (summary);
}

static void
test_markdown_file (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmp, "notes.md", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfChapter) c1 = NULL;
  g_autoptr(DfChapter) c2 = NULL;
  g_autoptr(DfChapter) c3 = NULL;

  g_assert_true (g_file_set_contents (path,
                                      "Some words first.\n\n"
                                      "# One\n\nText one.\n\n```sh\n# not a heading\n```\n\n"
                                      "# Two #\n\nText two.\n", -1, NULL));
  project = df_import (f->store, path, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (project->title, ==, "Notes");
  g_assert_cmpint (project->n_chapters, ==, 3);
  c1 = chapter_at (f->store, project->id, 1);
  c2 = chapter_at (f->store, project->id, 2);
  c3 = chapter_at (f->store, project->id, 3);
  g_assert_cmpstr (c1->title, ==, "Front Matter");
  g_assert_cmpstr (c1->content_md, ==, "Some words first.\n");
  g_assert_cmpstr (c2->title, ==, "One");
  g_assert_cmpstr (c2->content_md, ==, "# One\n\nText one.\n\n```sh\n# not a heading\n```\n");
  g_assert_cmpstr (c3->title, ==, "Two");
  g_assert_cmpstr (c3->content_md, ==, "# Two #\n\nText two.\n");
}

static void
test_markdown_dir (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = fixture_path ("md-folder");
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(DfChapter) second = NULL;

  project = df_import (f->store, path, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (project->title, ==, "Md Folder");
  chapters = df_chapter_list (f->store, project->id, &error);
  g_assert_no_error (error);
  /* ordered as a file manager would: 1, 02, 10; notes.txt left out */
  g_assert_cmpuint (chapters->len, ==, 3);
  g_assert_cmpstr (((DfChapter *)g_ptr_array_index (chapters, 0))->title, ==, "The Beginning");
  g_assert_cmpstr (((DfChapter *)g_ptr_array_index (chapters, 1))->title, ==, "02-second");
  g_assert_cmpstr (((DfChapter *)g_ptr_array_index (chapters, 2))->title, ==, "The End");
  second = chapter_at (f->store, project->id, 2);
  g_assert_cmpstr (second->content_md, ==, "No heading in this one.\n");
}

/* ---- mdBook ----------------------------------------------------------- */

static void
assert_bytes_equal_file (GBytes     *bytes,
                         const char *path)
{
  g_autofree char *data = NULL;
  gsize len;

  data = df_test_read_file (path, &len);
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), data, len);
}

static void
test_mdbook_fixture (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = fixture_path ("mdbook/src");
  g_autofree char *svg = fixture_path ("mdbook/src/img/diagram.svg");
  g_autofree char *png = fixture_path ("mdbook/src/img/photo.png");
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *mime = NULL;
  static const struct { const char *title; const char *kind; gint64 part; } expected[] = {
    { "Preface", "chapter", 0 },
    { "Basics", "chapter", 1 },
    { "First Steps", "lesson", 1 },
    { "Deeper", "lesson", 1 },
    { "Draft Chapter", "chapter", 2 },
    { "Advanced", "chapter", 3 },
    { "Images", "lesson", 3 },
    { "Afterword", "chapter", 0 },
  };

  project = df_import (f->store, path, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (project->title, ==, "A Small Book");
  g_assert_cmpstr (project->project_type, ==, "technical-book");

  parts = df_part_list (f->store, project->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parts->len, ==, 3);
  g_assert_cmpstr (((DfPart *)g_ptr_array_index (parts, 0))->title, ==, "Basics");
  g_assert_cmpstr (((DfPart *)g_ptr_array_index (parts, 1))->title, ==, "Draft Chapter");
  g_assert_cmpstr (((DfPart *)g_ptr_array_index (parts, 2))->title, ==, "Advanced");

  chapters = df_chapter_list (f->store, project->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chapters->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *c = g_ptr_array_index (chapters, i);

      g_assert_cmpstr (c->title, ==, expected[i].title);
      g_assert_cmpstr (c->kind, ==, expected[i].kind);
      g_assert_cmpint (part_number_of (parts, c->part_id), ==, expected[i].part);
    }
  {
    g_autoptr(DfChapter) draft = chapter_at (f->store, project->id, 5);
    g_autoptr(DfChapter) advanced = chapter_at (f->store, project->id, 6);

    g_assert_cmpstr (draft->content_md, ==, "");
    g_assert_cmpstr (advanced->content_md, ==, "# Advanced\n\nAdvanced things.\n");
  }

  /* both images, once each, the missing and outside ones skipped */
  assets = df_asset_list (f->store, project->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (assets->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (assets, 0), ==, "img/diagram.svg");
  g_assert_cmpstr (g_ptr_array_index (assets, 1), ==, "img/photo.png");
  bytes = df_asset_get (f->store, project->id, "img/diagram.svg", &mime, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mime, ==, "image/svg+xml");
  assert_bytes_equal_file (bytes, svg);
  g_clear_pointer (&bytes, g_bytes_unref);
  g_clear_pointer (&mime, g_free);
  bytes = df_asset_get (f->store, project->id, "img/photo.png", &mime, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mime, ==, "image/png");
  assert_bytes_equal_file (bytes, png);
}

static void
test_rust_book (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = df_test_corpus_path ("textbook/rust-book/src");
  g_autofree char *svg = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *mime = NULL;
  static const char * const getting_started[] = {
    "Getting Started", "Installation", "Hello, World!", "Hello, Cargo!"
  };
  DfPart *part = NULL;
  guint found = 0;

  if (path == NULL)
    return;

  project = df_import (f->store, path, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (project->title, ==, "The Rust Programming Language");
  g_assert_cmpstr (project->project_type, ==, "technical-book");

  parts = df_part_list (f->store, project->id, &error);
  g_assert_no_error (error);
  chapters = df_chapter_list (f->store, project->id, &error);
  g_assert_no_error (error);
  /* 3 prefix chapters, 21 numbered chapters and the appendix */
  g_assert_cmpuint (parts->len, ==, 22);
  g_assert_cmpuint (chapters->len, ==, 111);

  {
    g_autoptr(DfChapter) c1 = chapter_at (f->store, project->id, 1);
    g_autoptr(DfChapter) c3 = chapter_at (f->store, project->id, 3);

    g_assert_cmpstr (c1->title, ==, "The Rust Programming Language");
    g_assert_cmpint (c1->part_id, ==, 0);
    g_assert_true (g_str_has_prefix (c1->content_md, "# The Rust Programming Language\n"));
    g_assert_cmpstr (c3->title, ==, "Introduction");
    g_assert_cmpint (c3->part_id, ==, 0);
  }

  part = g_ptr_array_index (parts, 0);
  g_assert_cmpstr (part->title, ==, "Getting Started");
  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *c = g_ptr_array_index (chapters, i);

      if (c->part_id != part->id)
        continue;
      g_assert_cmpuint (found, <, G_N_ELEMENTS (getting_started));
      g_assert_cmpstr (c->title, ==, getting_started[found]);
      g_assert_cmpint (c->number, ==, 4 + found);
      g_assert_cmpstr (c->kind, ==, found == 0 ? "chapter" : "lesson");
      found++;
    }
  g_assert_cmpuint (found, ==, 4);
  g_assert_cmpstr (((DfPart *)g_ptr_array_index (parts, 1))->title, ==, "Programming a Guessing Game");
  g_assert_cmpstr (((DfPart *)g_ptr_array_index (parts, 21))->title, ==, "Appendix");
  {
    g_autoptr(DfChapter) last = chapter_at (f->store, project->id, 111);
    g_assert_cmpstr (last->title, ==, "G - How Rust is Made and \xe2\x80\x9cNightly Rust\xe2\x80\x9d");
    g_assert_cmpstr (last->kind, ==, "lesson");
  }

  svg = df_test_corpus_path ("textbook/rust-book/src/img/trpl04-01.svg");
  bytes = df_asset_get (f->store, project->id, "img/trpl04-01.svg", &mime, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mime, ==, "image/svg+xml");
  assert_bytes_equal_file (bytes, svg);
}

/* ---- round trips ------------------------------------------------------ */

static void
assert_same_project (DfStore *a,
                     gint64   a_id,
                     DfStore *b,
                     gint64   b_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) pa = df_project_get_by_id (a, a_id, &error);
  g_autoptr(DfProject) pb = df_project_get_by_id (b, b_id, &error);
  g_autoptr(GPtrArray) parts_a = df_part_list (a, a_id, &error);
  g_autoptr(GPtrArray) parts_b = df_part_list (b, b_id, &error);
  g_autoptr(GPtrArray) ch_a = df_chapter_list (a, a_id, &error);
  g_autoptr(GPtrArray) ch_b = df_chapter_list (b, b_id, &error);
  g_autoptr(GPtrArray) as_a = df_asset_list (a, a_id, &error);
  g_autoptr(GPtrArray) as_b = df_asset_list (b, b_id, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (pa->title, ==, pb->title);
  g_assert_cmpstr (pa->slug, ==, pb->slug);
  g_assert_cmpstr (pa->description, ==, pb->description);
  g_assert_cmpstr (pa->project_type, ==, pb->project_type);
  g_assert_cmpstr (pa->genre, ==, pb->genre);
  g_assert_cmpstr (pa->language, ==, pb->language);
  g_assert_cmpint (pa->target_word_count, ==, pb->target_word_count);
  g_assert_cmpstr (pa->status, ==, pb->status);
  g_assert_cmpstr (pa->settings, ==, pb->settings);
  g_assert_cmpstr (pa->version, ==, pb->version);
  g_assert_cmpint (pa->words, ==, pb->words);

  g_assert_cmpuint (parts_a->len, ==, parts_b->len);
  for (guint i = 0; i < parts_a->len; i++)
    {
      DfPart *x = g_ptr_array_index (parts_a, i);
      DfPart *y = g_ptr_array_index (parts_b, i);

      g_assert_cmpint (x->number, ==, y->number);
      g_assert_cmpstr (x->title, ==, y->title);
      g_assert_cmpstr (x->description, ==, y->description);
      g_assert_cmpstr (x->layer, ==, y->layer);
      g_assert_cmpstr (x->tier, ==, y->tier);
      g_assert_cmpint (x->week_start, ==, y->week_start);
      g_assert_cmpint (x->week_end, ==, y->week_end);
    }

  g_assert_cmpuint (ch_a->len, ==, ch_b->len);
  for (guint i = 0; i < ch_a->len; i++)
    {
      DfChapter *lx = g_ptr_array_index (ch_a, i);
      DfChapter *ly = g_ptr_array_index (ch_b, i);
      g_autoptr(DfChapter) x = df_test_get_chapter (a, lx->id);
      g_autoptr(DfChapter) y = df_test_get_chapter (b, ly->id);

      g_assert_cmpint (x->number, ==, y->number);
      g_assert_cmpint (x->number, ==, i + 1);
      g_assert_cmpstr (x->title, ==, y->title);
      g_assert_cmpstr (x->slug, ==, y->slug);
      g_assert_cmpstr (x->kind, ==, y->kind);
      g_assert_cmpstr (x->prerequisites, ==, y->prerequisites);
      g_assert_cmpint (x->estimated_minutes, ==, y->estimated_minutes);
      g_assert_cmpint (part_number_of (parts_a, x->part_id), ==, part_number_of (parts_b, y->part_id));
      g_assert_cmpmem (x->content_md, strlen (x->content_md), y->content_md, strlen (y->content_md));
      g_assert_cmpstr (x->content_hash, ==, y->content_hash);
      g_assert_cmpint (x->words, ==, y->words);
    }

  g_assert_cmpuint (as_a->len, ==, as_b->len);
  for (guint i = 0; i < as_a->len; i++)
    {
      const char *path = g_ptr_array_index (as_a, i);
      g_autofree char *mime_a = NULL;
      g_autofree char *mime_b = NULL;
      g_autoptr(GBytes) da = NULL;
      g_autoptr(GBytes) db = NULL;

      g_assert_cmpstr (path, ==, g_ptr_array_index (as_b, i));
      da = df_asset_get (a, a_id, path, &mime_a, &error);
      g_assert_no_error (error);
      db = df_asset_get (b, b_id, path, &mime_b, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (mime_a, ==, mime_b);
      g_assert_true (g_bytes_equal (da, db));
    }
}

/* Exports @project_id of @f->store, imports the folder into a second
 * database and compares. */
static void
round_trip (Fixture *f,
            gint64   project_id)
{
  g_autofree char *dir = g_build_filename (f->tmp, "export", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) other = open_store (f->tmp, "other.db");
  g_autoptr(DfProject) copy = NULL;

  g_assert_true (df_export_folder (f->store, project_id, dir, &error));
  g_assert_no_error (error);

  copy = df_import (other, dir, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_same_project (f->store, project_id, other, copy->id);

  /* the same folder imported into the same database: a new slug */
  {
    g_autoptr(DfProject) again = df_import (f->store, dir, DF_IMPORT_PROJECT_DIR, NULL, NULL, NULL, NULL, &error);
    g_autoptr(DfProject) original = df_project_get_by_id (f->store, project_id, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (again->slug, !=, original->slug);
    g_assert_cmpint (again->n_chapters, ==, original->n_chapters);
  }

  df_test_remove_tree (dir);
}

static void
round_trip_corpus (Fixture    *f,
                   const char *rel)
{
  g_autofree char *path = df_test_corpus_path (rel);
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;

  if (path == NULL)
    return;
  project = df_import (f->store, path, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  round_trip (f, project->id);
}

static void
test_round_trip_pp (Fixture *f, gconstpointer data)
{
  round_trip_corpus (f, "novels/pride-and-prejudice.txt");
}

static void
test_round_trip_wp (Fixture *f, gconstpointer data)
{
  round_trip_corpus (f, "novels/war-and-peace.txt");
}

static void
test_round_trip_rust (Fixture *f, gconstpointer data)
{
  round_trip_corpus (f, "textbook/rust-book/src");
}

static gint64
make_tricky_project (DfStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfPart) p1 = NULL;
  g_autoptr(DfPart) p2 = NULL;
  g_autoptr(DfPart) p3 = NULL;
  g_autoptr(GBytes) png = g_bytes_new ("\x89PNG\r\n\x1a\n\0\0\0binary\0", 18);
  DfProjectNew spec = {
    .title = "Tricky: \xd8\xa7\xd8\xb1\xd8\xaf\xd9\x88 & More",
    .description = "A project with\nawkward content",
    .project_type = "non-fiction",
    .genre = "essay",
    .language = "ur",
    .target_word_count = 50000,
  };
  struct { const char *title; DfPart *part; const char *content; } chapters[] = {
    { "Opening", NULL, "" },
    { "Spaces", NULL, "trailing spaces   \nand a tab\t\n\n\n" },
    { "\xd8\xa7\xd8\xb1\xd8\xaf\xd9\x88 \xd8\xa8\xd8\xa7\xd8\xa8", NULL,
      "\xd8\xa7\xd8\xb1\xd8\xaf\xd9\x88 \xd8\xa7\xdb\x8c\xda\xa9 \xd8\xae\xd9\x88\xd8\xa8\xd8\xb5\xd9\x88\xd8\xb1\xd8\xaa "
      "\xd8\xb2\xd8\xa8\xd8\xa7\xd9\x86 \xdb\x81\xdb\x92\xdb\x94" },
    { "Windows", NULL, "line one\r\nline two\r\n\r\nno final newline" },
    { "Between", NULL, "An unparted chapter between parts.\n" },
    { "Last", NULL, "# Heading inside\n\n![pic](img/a b.png)\n" },
  };
  gint64 ids[G_N_ELEMENTS (chapters)];

  project = df_project_create (store, &spec, &error);
  g_assert_no_error (error);
  g_assert_true (df_project_set_field (store, project->id, "status", "completed", &error));
  g_assert_no_error (error);

  p1 = df_part_add (store, project->id, "Part \xd8\xa7\xd9\x88\xd9\x84", &error);
  g_assert_no_error (error);
  g_assert_true (df_part_set_field (store, p1->id, "description", "First part", &error));
  g_assert_true (df_part_set_field (store, p1->id, "layer", "L2", &error));
  g_assert_true (df_part_set_field (store, p1->id, "tier", "B1", &error));
  g_assert_true (df_part_set_field (store, p1->id, "week_start", "1", &error));
  g_assert_true (df_part_set_field (store, p1->id, "week_end", "3", &error));
  g_assert_no_error (error);
  p2 = df_part_add (store, project->id, "Empty Part", &error);
  g_assert_no_error (error);
  p3 = df_part_add (store, project->id, "Second Part", &error);
  g_assert_no_error (error);

  chapters[1].part = p1;
  chapters[2].part = p1;
  chapters[3].part = p1;
  chapters[5].part = p3;

  for (guint i = 0; i < G_N_ELEMENTS (chapters); i++)
    {
      g_autoptr(DfChapter) c = df_test_append_chapter (store, project->id,
                                                       chapters[i].part ? chapters[i].part->id : 0,
                                                       chapters[i].title, chapters[i].content);
      ids[i] = c->id;
    }
  g_assert_true (df_chapter_set_field (store, ids[3], "kind", "lab", &error));
  g_assert_true (df_chapter_set_field (store, ids[3], "prerequisites", "[\"spaces\"]", &error));
  g_assert_true (df_chapter_set_field (store, ids[3], "estimated_minutes", "15", &error));
  g_assert_true (df_chapter_set_field (store, ids[5], "slug", "the-end", &error));
  g_assert_true (df_asset_put (store, project->id, "img/a b.png", "image/png", png, &error));
  g_assert_no_error (error);

  return project->id;
}

static void
test_round_trip_tricky (Fixture       *f,
                        gconstpointer  data)
{
  gint64 id = make_tricky_project (f->store);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (f->tmp, "tricky", NULL);
  g_autofree char *json = NULL;
  g_autofree char *windows = NULL;
  g_autofree char *json_path = g_build_filename (dir, "project.json", NULL);
  g_autofree char *windows_path = g_build_filename (dir, "002-part", "003-windows.md", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *top;
  JsonArray *chapters;
  JsonArray *parts;
  gsize len;

  /* the layout: book order in the names, byte-for-byte files */
  g_assert_true (df_export_folder (f->store, id, dir, &error));
  g_assert_no_error (error);
  json = df_test_read_file (json_path, NULL);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  top = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (top, "format"), ==, "draftforge-project");
  g_assert_cmpint (json_object_get_int_member (top, "format_version"), ==, 1);
  chapters = json_object_get_array_member (top, "chapters");
  parts = json_object_get_array_member (top, "parts");
  g_assert_cmpuint (json_array_get_length (chapters), ==, 6);
  g_assert_cmpuint (json_array_get_length (parts), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (chapters, 0), "file"), ==,
                   "001-opening.md");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (chapters, 3), "file"), ==,
                   "002-part/003-windows.md");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (chapters, 4), "file"), ==,
                   "003-between.md");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (chapters, 5), "file"), ==,
                   "005-second-part/001-the-end.md");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (parts, 1), "directory"), ==,
                   "004-empty-part");
  windows = df_test_read_file (windows_path, &len);
  g_assert_cmpmem (windows, len, "line one\r\nline two\r\n\r\nno final newline", 38);
  {
    g_autofree char *asset = g_build_filename (dir, "assets", "img", "a b.png", NULL);
    g_autofree char *bytes = NULL;

    bytes = df_test_read_file (asset, &len);
    g_assert_cmpmem (bytes, len, "\x89PNG\r\n\x1a\n\0\0\0binary\0", 18);
  }
  df_test_remove_tree (dir);

  round_trip (f, id);
}

static void
test_export_refusals_and_reexport (Fixture       *f,
                                   gconstpointer  data)
{
  gint64 id = make_tricky_project (f->store);
  g_autoptr(GError) error = NULL;
  g_autofree char *busy = g_build_filename (f->tmp, "busy", NULL);
  g_autofree char *busy_file = g_build_filename (busy, "shopping-list.txt", NULL);
  g_autofree char *busy_json = g_build_filename (busy, "project.json", NULL);
  g_autofree char *dir = g_build_filename (f->tmp, "exported", NULL);
  g_autofree char *notes = g_build_filename (dir, "my-notes.txt", NULL);
  g_autofree char *old_file = g_build_filename (dir, "002-part", "003-windows.md", NULL);
  g_autofree char *last_file = g_build_filename (dir, "005-second-part", "001-the-end.md", NULL);
  g_autoptr(DfChapter) windows = NULL;
  g_autoptr(DfProject) other = NULL;

  /* a non-empty folder that is no export: refused, untouched */
  g_assert_cmpint (g_mkdir_with_parents (busy, 0700), ==, 0);
  g_assert_true (g_file_set_contents (busy_file, "milk\n", -1, NULL));
  g_assert_false (df_export_folder (f->store, id, busy, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "project.json"));
  g_clear_error (&error);
  g_assert_true (g_file_test (busy_file, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (busy_json, G_FILE_TEST_EXISTS));

  /* export, add a file of one's own, change the project, export again */
  g_assert_true (df_export_folder (f->store, id, dir, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (notes, "mine\n", -1, NULL));
  g_assert_true (g_file_test (old_file, G_FILE_TEST_IS_REGULAR));

  windows = chapter_at (f->store, id, 4);
  g_assert_cmpstr (windows->title, ==, "Windows");
  g_assert_true (df_chapter_delete (f->store, windows->id, &error));
  g_assert_no_error (error);
  g_assert_true (df_export_folder (f->store, id, dir, &error));
  g_assert_no_error (error);

  g_assert_false (g_file_test (old_file, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (notes, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (last_file, G_FILE_TEST_IS_REGULAR));

  /* another project may not write over this export */
  other = df_test_make_project (f->store, "Someone Else", NULL);
  g_assert_false (df_export_folder (f->store, other->id, dir, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (g_file_test (last_file, G_FILE_TEST_IS_REGULAR));
}

/* ---- bad input -------------------------------------------------------- */

static void
assert_import_fails (Fixture        *f,
                     const char     *path,
                     DfImportFormat  format,
                     int             code,
                     const char     *must_mention)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autofree char *before = table_counts (f->store);
  g_autofree char *after = NULL;

  project = df_import (f->store, path, format, NULL, NULL, NULL, NULL, &error);
  g_assert_null (project);
  g_assert_error (error, DF_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_null (strchr (error->message, '\n'));
  if (must_mention != NULL)
    g_assert_nonnull (strstr (error->message, must_mention));

  after = table_counts (f->store);
  g_assert_cmpstr (after, ==, before);
}

static char *
write_tmp (Fixture    *f,
           const char *name,
           const char *data,
           gssize      len)
{
  return df_test_write_file (f->tmp, name, data, len);
}

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->tmp, "no-such-file.txt", NULL);
  g_autofree char *binary = write_tmp (f, "cover.txt", "GIF89a\0\0\x01\x02", 10);
  g_autofree char *latin1 = write_tmp (f, "latin1.txt", "Chapter 1\n\nCaf\xe9 au lait\n", -1);
  g_autofree char *empty = write_tmp (f, "empty.txt", "", 0);
  g_autofree char *blank = write_tmp (f, "blank.md", " \n\n\t\n", -1);
  g_autofree char *no_md = g_build_filename (f->tmp, "no-md", NULL);
  g_autofree char *no_md_file = write_tmp (f, "no-md/readme.txt", "hello\n", -1);
  g_autofree char *bad_json = g_build_filename (f->tmp, "bad-json", NULL);
  g_autofree char *bad_json_file = write_tmp (f, "bad-json/project.json", "{ \"format\": \"draftforge-project\", ", -1);
  g_autofree char *no_keys = g_build_filename (f->tmp, "no-keys", NULL);
  g_autofree char *no_keys_file = write_tmp (f, "no-keys/project.json",
                                             "{ \"format\": \"draftforge-project\", \"format_version\": 1,"
                                             " \"project\": { \"slug\": \"x\" }, \"chapters\": [] }", -1);
  g_autofree char *newer = g_build_filename (f->tmp, "newer", NULL);
  g_autofree char *newer_file = write_tmp (f, "newer/project.json",
                                           "{ \"format\": \"draftforge-project\", \"format_version\": 7,"
                                           " \"project\": { \"title\": \"x\" }, \"chapters\": [] }", -1);
  g_autofree char *lost = g_build_filename (f->tmp, "lost", NULL);
  g_autofree char *lost_file = write_tmp (f, "lost/project.json",
                                          "{ \"format\": \"draftforge-project\", \"format_version\": 1,"
                                          " \"project\": { \"title\": \"Lost\" }, \"parts\": [],"
                                          " \"chapters\": [ { \"file\": \"001-a.md\", \"title\": \"A\" },"
                                          " { \"file\": \"002-b.md\", \"title\": \"B\" } ] }", -1);
  g_autofree char *lost_a = write_tmp (f, "lost/001-a.md", "# A\n", -1);
  g_autofree char *escape = g_build_filename (f->tmp, "escape", NULL);
  g_autofree char *escape_file = write_tmp (f, "escape/project.json",
                                            "{ \"format\": \"draftforge-project\", \"format_version\": 1,"
                                            " \"project\": { \"title\": \"Escape\" },"
                                            " \"chapters\": [ { \"file\": \"../cover.txt\", \"title\": \"A\" } ] }", -1);
  g_autofree char *big = g_build_filename (f->tmp, "big.txt", NULL);
  g_autofree char *missing_book = fixture_path ("mdbook-missing");

  assert_import_fails (f, missing, DF_IMPORT_AUTO, DF_ERROR_NOT_FOUND, "no-such-file.txt");
  assert_import_fails (f, binary, DF_IMPORT_AUTO, DF_ERROR_IMPORT, "binary");
  assert_import_fails (f, latin1, DF_IMPORT_AUTO, DF_ERROR_IMPORT, "line 3");
  assert_import_fails (f, latin1, DF_IMPORT_AUTO, DF_ERROR_IMPORT, "offset 14");
  assert_import_fails (f, empty, DF_IMPORT_AUTO, DF_ERROR_IMPORT, "empty.txt");
  assert_import_fails (f, blank, DF_IMPORT_AUTO, DF_ERROR_IMPORT, "empty");
  assert_import_fails (f, no_md, DF_IMPORT_AUTO, DF_ERROR_IMPORT, ".md");
  assert_import_fails (f, bad_json, DF_IMPORT_AUTO, DF_ERROR_IMPORT, "project.json");
  assert_import_fails (f, no_keys, DF_IMPORT_AUTO, DF_ERROR_IMPORT, "title");
  assert_import_fails (f, newer, DF_IMPORT_AUTO, DF_ERROR_IMPORT, "newer");
  assert_import_fails (f, lost, DF_IMPORT_AUTO, DF_ERROR_IMPORT, "002-b.md");
  assert_import_fails (f, escape, DF_IMPORT_AUTO, DF_ERROR_IMPORT, "../cover.txt");
  assert_import_fails (f, missing_book, DF_IMPORT_AUTO, DF_ERROR_IMPORT, "three.md");
  assert_import_fails (f, binary, DF_IMPORT_MDBOOK, DF_ERROR_IMPORT, "folder");

  /* over 64 MiB: refused before reading (a sparse file) */
  {
    FILE *fp = fopen (big, "w");
    g_assert_nonnull (fp);
    g_assert_cmpint (fseek (fp, 64 * 1024 * 1024 + 1, SEEK_SET), ==, 0);
    g_assert_cmpint (fputc ('x', fp), !=, EOF);
    fclose (fp);
  }
  assert_import_fails (f, big, DF_IMPORT_AUTO, DF_ERROR_IMPORT, "64 MiB");
}

static void
test_missing_chapter_late (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = fixture_path ("mdbook-missing");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfProject) kept = df_test_make_project (f->store, "Already Here", NULL);
  g_autoptr(GPtrArray) projects = NULL;

  before = table_counts (f->store);

  /* three chapters go in before three.md is found missing */
  project = df_import (f->store, path, DF_IMPORT_MDBOOK, NULL, NULL, NULL, NULL, &error);
  g_assert_null (project);
  g_assert_error (error, DF_ERROR, DF_ERROR_IMPORT);
  g_assert_nonnull (strstr (error->message, "SUMMARY.md"));
  g_assert_nonnull (strstr (error->message, "line 6"));
  g_clear_error (&error);

  after = table_counts (f->store);
  g_assert_cmpstr (after, ==, before);
  projects = df_project_list (f->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (projects->len, ==, 1);
  g_assert_cmpstr (((DfProject *)g_ptr_array_index (projects, 0))->title, ==, "Already Here");
}

/* A long import commits in batches; failing after some of them leaves
 * nothing either: a folder of 2,500 chapters whose last file is not
 * UTF-8. */
static void
test_failure_after_batches (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (f->tmp, "many-chapters", NULL);
  g_autofree char *before = table_counts (f->store);
  g_autofree char *after = NULL;
  g_autofree char *bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) trash = NULL;

  for (guint i = 1; i < 2500; i++)
    {
      g_autofree char *name = g_strdup_printf ("%04u.md", i);
      g_autofree char *text = g_strdup_printf ("# Chapter %u\n\nText.\n", i);
      g_autofree char *file = df_test_write_file (dir, name, text, -1);
    }
  bad = df_test_write_file (dir, "2500.md", "# Last\n\n\xff\xfe\n", -1);

  project = df_import (f->store, dir, DF_IMPORT_MARKDOWN_DIR, NULL, NULL, NULL, NULL, &error);
  g_assert_null (project);
  g_assert_error (error, DF_ERROR, DF_ERROR_IMPORT);
  g_assert_nonnull (strstr (error->message, "2500.md"));
  g_clear_error (&error);

  after = table_counts (f->store);
  g_assert_cmpstr (after, ==, before);
  trash = df_project_list (f->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trash->len, ==, 0);
}

typedef struct
{
  GCancellable *cancellable;
  guint         calls;
  double        last;
} ProgressData;

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  ProgressData *pd = user_data;

  g_assert_cmpfloat (fraction, >=, pd->last);
  pd->last = fraction;
  pd->calls++;
  if (pd->cancellable != NULL && pd->calls == 3)
    g_cancellable_cancel (pd->cancellable);
}

static void
test_progress_and_cancel (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = fixture_path ("mdbook/src");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autofree char *before = table_counts (f->store);
  g_autofree char *after = NULL;
  ProgressData pd = { NULL, 0, 0.0 };

  project = df_import (f->store, path, DF_IMPORT_AUTO, NULL, progress_cb, &pd, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pd.calls, >=, 3);
  g_assert_cmpfloat (pd.last, ==, 1.0);
  g_clear_pointer (&project, df_project_free);
  g_free (before);
  before = table_counts (f->store);

  pd = (ProgressData) { cancellable, 0, 0.0 };
  project = df_import (f->store, path, DF_IMPORT_AUTO, NULL, progress_cb, &pd, cancellable, &error);
  g_assert_null (project);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  after = table_counts (f->store);
  g_assert_cmpstr (after, ==, before);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import/text-split", test_text_split);
  DF_TEST_ADD_STORE ("/import/text-no-headings", test_text_no_headings);
  DF_TEST_ADD_STORE ("/import/text-six-digit-chapters", test_text_six_digit_chapters);
  DF_TEST_ADD_STORE ("/import/gutenberg", test_gutenberg);
  DF_TEST_ADD_STORE ("/import/gutenberg-markers", test_gutenberg_markers);
  DF_TEST_ADD_STORE ("/import/gutenberg-cli", test_gutenberg_cli);
  DF_TEST_ADD_STORE ("/import/docx/manuscript", test_docx_manuscript);
  DF_TEST_ADD_STORE ("/import/docx/styles", test_docx_styles);
  DF_TEST_ADD_STORE ("/import/docx/writers", test_docx_writers);
  DF_TEST_ADD_STORE ("/import/docx/parts", test_docx_parts);
  DF_TEST_ADD_STORE ("/import/documents-refused", test_documents_refused);
  DF_TEST_ADD_STORE ("/import/odt/writers", test_odt_writers);
  DF_TEST_ADD_STORE ("/import/novelwriter", test_novelwriter);
  DF_TEST_ADD_STORE ("/import/novelwriter-paths", test_novelwriter_paths);
  DF_TEST_ADD_STORE ("/import/pride-and-prejudice", test_pride_and_prejudice);
  DF_TEST_ADD_STORE ("/import/war-and-peace", test_war_and_peace);
  DF_TEST_ADD_STORE ("/import/markdown-file", test_markdown_file);
  DF_TEST_ADD_STORE ("/import/long-titles-reported", test_long_titles_reported);
  DF_TEST_ADD_STORE ("/import/long-titles-cli", test_long_titles_cli);
  DF_TEST_ADD_STORE ("/import/long-part-title-reported", test_long_part_title_reported);
  DF_TEST_ADD_STORE ("/import/no-summary", test_no_summary);
  DF_TEST_ADD_STORE ("/import/markdown-dir", test_markdown_dir);
  DF_TEST_ADD_STORE ("/import/mdbook-fixture", test_mdbook_fixture);
  DF_TEST_ADD_STORE ("/import/rust-book", test_rust_book);
  DF_TEST_ADD_STORE ("/import/round-trip/tricky", test_round_trip_tricky);
  DF_TEST_ADD_STORE ("/import/round-trip/pride-and-prejudice", test_round_trip_pp);
  DF_TEST_ADD_STORE ("/import/round-trip/war-and-peace", test_round_trip_wp);
  DF_TEST_ADD_STORE ("/import/round-trip/rust-book", test_round_trip_rust);
  DF_TEST_ADD_STORE ("/import/export-folder/refusals-and-reexport", test_export_refusals_and_reexport);
  DF_TEST_ADD_STORE ("/import/bad-input", test_bad_input);
  DF_TEST_ADD_STORE ("/import/missing-chapter-late", test_missing_chapter_late);
  DF_TEST_ADD_STORE ("/import/failure-after-batches", test_failure_after_batches);
  DF_TEST_ADD_STORE ("/import/progress-and-cancel", test_progress_and_cancel);

  return g_test_run ();
}
