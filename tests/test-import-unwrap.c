/* test-import-unwrap.c: hard-wrapped text unwrapped at import
 *
 * Markdown's structures kept in a fixture; Pride and Prejudice and War
 * and Peace imported with and without unwrapping: paragraphs become
 * single lines and the words stay the same; the defaults per kind; the
 * file imported is never changed; the command line's options.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "df-import.h"
#include "df-import-private.h"
#include "df-model.h"
#include "df-text.h"
#include "df-test-util.h"

typedef DfTestStoreFixture Fixture;

static char *
unwrap (const char *text)
{
  return _df_import_unwrap (text, strlen (text), 0);
}

/* ---- Markdown's structures --------------------------------------------------- */

static const char markdown_in[] =
  "# A heading that stays on its line\n"
  "The first paragraph of the chapter was wrapped at about seventy\n"
  "columns by the writer's editor, and it goes on for a while still,\n"
  "until it ends here.\n"
  "\n"
  "Setext heading\n"
  "==============\n"
  "\n"
  "- A list item whose text was wrapped at the same width as the rest of\n"
  "  the text, with its continuation indented under it as usual here.\n"
  "- A second item.\n"
  "  1. A nested ordered item that was also wrapped at the same width as\n"
  "     the text around it, continued on an indented line.\n"
  "\n"
  "> A quotation that was wrapped at the same width as the paragraphs,\n"
  "> with its marker on every line, as Markdown editors write them.\n"
  ">\n"
  "> Its second paragraph.\n"
  "\n"
  "```c\n"
  "int main (void) { return 0; } /* a comment that is long enough here */\n"
  "/* and a second line */\n"
  "```\n"
  "\n"
  "    indented code, which stays exactly as written in the source file\n"
  "    and keeps each of its lines\n"
  "\n"
  "| Name | Value of the thing that makes this row rather long indeed |\n"
  "|------|------|\n"
  "| a    | b    |\n"
  "\n"
  "A line ending with two spaces keeps its break, as Markdown says it  \n"
  "should, and a line ending with a backslash keeps its break too, as\\\n"
  "CommonMark says, while the rest of the paragraph is joined as usual\n"
  "here.\n"
  "\n"
  "The rose is red,\n"
  "The violet's blue,\n"
  "Sugar is sweet,\n"
  "And so are you.\n"
  "\n"
  "<div class=\"note\">\n"
  "HTML blocks keep their lines\n"
  "</div>\n"
  "\n"
  "* * *\n"
  "\n"
  "[^1]: A footnote whose text was wrapped at the same width as the text of\n"
  "    the chapter around it.\n"
  "\n"
  "[a]: https://example.org/a-long-address-that-fills-much-of-the-line/indeed\n"
  "[b]: https://example.org/b-another-long-address-that-fills-the-line/too\n"
  "\n"
  "A line that begins with a number, such as the one below, keeps the break\n"
  "38. before it, which word counts would take for a list's number.\n"
  "\n"
  "The last paragraph, wrapped like the first at seventy columns or so,\n"
  "has no newline at its end.";

static const char markdown_out[] =
  "# A heading that stays on its line\n"
  "The first paragraph of the chapter was wrapped at about seventy columns by the writer's editor, "
  "and it goes on for a while still, until it ends here.\n"
  "\n"
  "Setext heading\n"
  "==============\n"
  "\n"
  "- A list item whose text was wrapped at the same width as the rest of the text, "
  "with its continuation indented under it as usual here.\n"
  "- A second item.\n"
  "  1. A nested ordered item that was also wrapped at the same width as the text around it, "
  "continued on an indented line.\n"
  "\n"
  "> A quotation that was wrapped at the same width as the paragraphs, "
  "with its marker on every line, as Markdown editors write them.\n"
  ">\n"
  "> Its second paragraph.\n"
  "\n"
  "```c\n"
  "int main (void) { return 0; } /* a comment that is long enough here */\n"
  "/* and a second line */\n"
  "```\n"
  "\n"
  "    indented code, which stays exactly as written in the source file\n"
  "    and keeps each of its lines\n"
  "\n"
  "| Name | Value of the thing that makes this row rather long indeed |\n"
  "|------|------|\n"
  "| a    | b    |\n"
  "\n"
  "A line ending with two spaces keeps its break, as Markdown says it  \n"
  "should, and a line ending with a backslash keeps its break too, as\\\n"
  "CommonMark says, while the rest of the paragraph is joined as usual here.\n"
  "\n"
  "The rose is red,\n"
  "The violet's blue,\n"
  "Sugar is sweet,\n"
  "And so are you.\n"
  "\n"
  "<div class=\"note\">\n"
  "HTML blocks keep their lines\n"
  "</div>\n"
  "\n"
  "* * *\n"
  "\n"
  "[^1]: A footnote whose text was wrapped at the same width as the text of\n"
  "    the chapter around it.\n"
  "\n"
  "[a]: https://example.org/a-long-address-that-fills-much-of-the-line/indeed\n"
  "[b]: https://example.org/b-another-long-address-that-fills-the-line/too\n"
  "\n"
  "A line that begins with a number, such as the one below, keeps the break\n"
  "38. before it, which word counts would take for a list's number.\n"
  "\n"
  "The last paragraph, wrapped like the first at seventy columns or so, has no newline at its end.";

static void
test_markdown_structures (void)
{
  g_autofree char *out = unwrap (markdown_in);

  g_assert_cmpstr (out, ==, markdown_out);
  g_assert_cmpuint (df_text_count_words (out, -1), ==, df_text_count_words (markdown_in, -1));
}

/* Unwrapped text unwraps to itself; CRLF lines join too. */
static void
test_idempotent (void)
{
  g_autofree char *once = unwrap (markdown_in);
  g_autofree char *twice = _df_import_unwrap (once, strlen (once), 70);
  g_autofree char *crlf = unwrap ("A line that was wrapped by a tool at about\r\nforty columns.\r\n");

  g_assert_cmpstr (twice, ==, once);
  g_assert_cmpstr (crlf, ==, "A line that was wrapped by a tool at about forty columns.\n");
}

/* A short line followed by a short word: a break the writer chose. */
static void
test_verse_kept (void)
{
  const char *address = "Mr. Collins\nHunsford, near Westerham\nKent\n";
  const char *prose = "A sentence long enough to have been wrapped by the tool at\nseventy, ending here.\n";
  g_autofree char *address_out = _df_import_unwrap (address, strlen (address), 72);
  g_autofree char *prose_out = _df_import_unwrap (prose, strlen (prose), 72);

  g_assert_cmpstr (address_out, ==, address);
  g_assert_cmpstr (prose_out, ==, "A sentence long enough to have been wrapped by the tool at seventy, ending here.\n");
}

/* ---- the novels ------------------------------------------------------------------ */

typedef struct
{
  guint   paragraphs;
  guint   multi_line;     /* paragraphs of more than one line */
  guint   multi_prose;    /* of those, ones that are not verse, code or a list */
  guint64 words;
} BookCounts;

/* A multi-line paragraph that unwrapping keeps: verse or a footnote
 * (indented lines), or a list that follows a sentence. */
static gboolean
kept_on_purpose (const char *paragraph)
{
  g_auto(GStrv) lines = g_strsplit (paragraph, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] == ' ' || g_ascii_isdigit (lines[i][0]) ||
        (i > 0 && strlen (lines[i]) < 50 && strlen (lines[i - 1]) < 50))
      return TRUE;
  return FALSE;
}

static BookCounts
count_book (DfStore *store,
            gint64   project_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chapters = df_chapter_list (store, project_id, &error);
  BookCounts counts = { 0 };

  g_assert_no_error (error);
  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *listed = g_ptr_array_index (chapters, i);
      g_autoptr(DfChapter) chapter = df_chapter_get_by_number (store, project_id, listed->number, &error);
      g_auto(GStrv) paragraphs = NULL;

      g_assert_no_error (error);
      counts.words += df_text_count_words (chapter->content_md, -1);
      paragraphs = g_strsplit (chapter->content_md, "\n\n", -1);
      for (guint j = 0; paragraphs[j] != NULL; j++)
        {
          char *p = g_strstrip (paragraphs[j]);

          if (*p == '\0')
            continue;
          counts.paragraphs++;
          if (strchr (p, '\n') != NULL)
            {
              counts.multi_line++;
              if (!kept_on_purpose (paragraphs[j]))
                counts.multi_prose++;
            }
        }
    }
  return counts;
}

static BookCounts
import_counts (DfStore        *store,
               const char     *path,
               DfImportUnwrap  unwrap_option)
{
  g_autoptr(GError) error = NULL;
  DfImportOptions options = { unwrap_option };
  g_autoptr(DfImportResult) result = df_import_run_full (store, path, DF_IMPORT_AUTO, NULL, &options,
                                                         NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (result->unwrapped, ==, unwrap_option != DF_IMPORT_UNWRAP_NO);
  return count_book (store, result->project->id);
}

static void
check_novel (Fixture    *f,
             const char *relative,
             guint       max_kept)
{
  g_autofree char *path = df_test_corpus_path (relative);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  BookCounts wrapped;
  BookCounts unwrapped;

  if (path == NULL)
    return;
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));

  wrapped = import_counts (f->store, path, DF_IMPORT_UNWRAP_NO);
  unwrapped = import_counts (f->store, path, DF_IMPORT_UNWRAP_DEFAULT);

  g_test_message ("%s: %u paragraphs, %u of more than one line before, %u after (%u prose)",
                  relative, unwrapped.paragraphs, wrapped.multi_line, unwrapped.multi_line, unwrapped.multi_prose);
  /* the same words, the same paragraphs */
  g_assert_cmpuint (unwrapped.words, ==, wrapped.words);
  g_assert_cmpuint (unwrapped.paragraphs, ==, wrapped.paragraphs);
  g_assert_cmpuint (wrapped.multi_line, >, wrapped.paragraphs / 2);
  /* every prose paragraph one line; verse and footnotes kept */
  g_assert_cmpuint (unwrapped.multi_prose, ==, 0);
  g_assert_cmpuint (unwrapped.multi_line, <=, max_kept);

  /* the file read is as it was */
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
}

static void
test_pride_and_prejudice (Fixture       *f,
                          gconstpointer  data)
{
  check_novel (f, "novels/pride-and-prejudice.txt", 0);
}

static void
test_war_and_peace (Fixture       *f,
                    gconstpointer  data)
{
  check_novel (f, "novels/war-and-peace.txt", 60);
}

/* The Rust book (80-column Markdown, with lists, tables, code, quotes and
 * link definitions) asked to unwrap: the same words, far fewer broken
 * paragraphs. */
static void
test_rust_book (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = df_test_corpus_path ("textbook/rust-book/src");
  BookCounts wrapped;
  BookCounts unwrapped;

  if (path == NULL)
    return;

  wrapped = import_counts (f->store, path, DF_IMPORT_UNWRAP_NO);
  unwrapped = import_counts (f->store, path, DF_IMPORT_UNWRAP_YES);
  g_test_message ("the Rust book: %u blocks, %u of more than one line before, %u after",
                  unwrapped.paragraphs, wrapped.multi_line, unwrapped.multi_line);
  g_assert_cmpuint (unwrapped.words, ==, wrapped.words);
  g_assert_cmpuint (unwrapped.paragraphs, ==, wrapped.paragraphs);
  g_assert_cmpuint (unwrapped.multi_line * 3, <, wrapped.multi_line);
}

/* ---- defaults and options ------------------------------------------------------- */

static void
test_defaults (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *md = df_test_write_file (f->tmp, "wrapped.md",
                                            "# One\n\nA paragraph wrapped by an editor at a width\nof about forty-five.\n", -1);
  g_autofree char *txt = df_test_write_file (f->tmp, "wrapped.txt",
                                             "A paragraph wrapped by an editor at a width\nof about forty-five.\n", -1);
  g_autoptr(GError) error = NULL;
  DfImportOptions yes = { DF_IMPORT_UNWRAP_YES };
  g_autoptr(DfImportResult) md_default = NULL;
  g_autoptr(DfImportResult) md_yes = NULL;
  g_autoptr(DfImportResult) txt_default = NULL;
  g_autoptr(DfChapter) chapter = NULL;

  g_assert_true (df_import_unwraps_by_default (txt, DF_IMPORT_AUTO));
  g_assert_false (df_import_unwraps_by_default (md, DF_IMPORT_AUTO));
  g_assert_false (df_import_unwraps_by_default (f->tmp, DF_IMPORT_AUTO));
  g_assert_true (df_import_unwraps_by_default (md, DF_IMPORT_PLAIN_TEXT));

  md_default = df_import_run (f->store, md, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (md_default->unwrapped);
  chapter = df_chapter_get_by_number (f->store, md_default->project->id, 1, &error);
  df_test_assert_contains (chapter->content_md, "width\nof about");
  g_clear_pointer (&chapter, df_chapter_free);

  md_yes = df_import_run_full (f->store, md, DF_IMPORT_AUTO, NULL, &yes, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (md_yes->unwrapped);
  chapter = df_chapter_get_by_number (f->store, md_yes->project->id, 1, &error);
  df_test_assert_contains (chapter->content_md, "width of about");
  g_clear_pointer (&chapter, df_chapter_free);

  txt_default = df_import_run (f->store, txt, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (txt_default->unwrapped);
  chapter = df_chapter_get_by_number (f->store, txt_default->project->id, 1, &error);
  g_assert_cmpstr (chapter->content_md, ==, "A paragraph wrapped by an editor at a width of about forty-five.\n");
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *txt = df_test_write_file (f->tmp, "wrapped.txt",
                                             "A paragraph wrapped by an editor at a width\nof about forty-five.\n", -1);
  g_autofree char *db = g_build_filename (f->tmp, "cli.db", NULL);
  g_autoptr(DfTestRun) kept = NULL;
  g_autoptr(DfTestRun) cat = NULL;
  g_autoptr(DfTestRun) both = NULL;
  g_autoptr(DfTestRun) unwrapped = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!df_test_have_cli ())
    return;

  kept = df_test_run_cli_args (db, NULL, NULL, "import", "--no-unwrap", txt, NULL);
  df_test_assert_run_ok (kept);
  cat = df_test_run_cli_args (db, NULL, NULL, "chapter", "cat", "wrapped", "1", NULL);
  df_test_assert_run_ok (cat);
  df_test_assert_contains (cat->out, "width\nof about");

  unwrapped = df_test_run_cli_args (db, NULL, NULL, "import", "--unwrap", "--json", txt, NULL);
  df_test_assert_run_ok (unwrapped);
  node = df_test_run_json (unwrapped);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "unwrapped"));

  both = df_test_run_cli_args (db, NULL, NULL, "import", "--unwrap", "--no-unwrap", txt, NULL);
  df_test_assert_run_fails (both, 2, "--unwrap and --no-unwrap");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/unwrap/markdown-structures", test_markdown_structures);
  g_test_add_func ("/unwrap/idempotent", test_idempotent);
  g_test_add_func ("/unwrap/verse-kept", test_verse_kept);
  DF_TEST_ADD_STORE ("/unwrap/pride-and-prejudice", test_pride_and_prejudice);
  DF_TEST_ADD_STORE ("/unwrap/war-and-peace", test_war_and_peace);
  DF_TEST_ADD_STORE ("/unwrap/rust-book", test_rust_book);
  DF_TEST_ADD_STORE ("/unwrap/defaults", test_defaults);
  DF_TEST_ADD_STORE ("/unwrap/cli", test_cli);

  return g_test_run ();
}
