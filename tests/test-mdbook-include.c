/* test-mdbook-include.c: mdBook's {{#include}} directives at import
 *
 * mdBook's own line selections (its tests' vectors), a fixture book with
 * listings, ranges, anchors, rustdoc_include, a playground, escaped and
 * nested directives and missing files, the command line's summary, and
 * the corpus Rust book, which ships without its listings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "df-book.h"
#include "df-import.h"
#include "df-mdbook-include-private.h"
#include "df-model.h"
#include "df-test-util.h"

typedef DfTestStoreFixture Fixture;

static char *
listings_book (void)
{
  return df_test_fixture_path ("import/mdbook-listings/src");
}

/* The chapter @number's text. */
static char *
chapter_text (DfStore *store,
              gint64   project_id,
              gint64   number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfChapter) chapter = df_chapter_get_by_number (store, project_id, number, &error);

  g_assert_no_error (error);
  return g_strdup (chapter->content_md);
}

/* ---- line selection ------------------------------------------------------ */

static void
assert_take (const char *text,
             const char *spec,
             gboolean    rustdoc,
             const char *expected)
{
  g_autofree char *got = _df_mdbook_take_lines (text, spec, rustdoc);

  g_assert_cmpstr (got, ==, expected);
}

/* mdBook's own vectors (src/utils/string.rs), with its 0-based ranges
 * written as the 1-based directives that make them. */
static void
test_take_lines (void)
{
  const char *s = "Lorem\nipsum\ndolor\nsit\namet";

  assert_take (s, "2:3", FALSE, "ipsum\ndolor");
  assert_take (s, "4:", FALSE, "sit\namet");
  assert_take (s, ":3", FALSE, "Lorem\nipsum\ndolor");
  assert_take (s, NULL, FALSE, s);
  assert_take (s, "", FALSE, s);
  assert_take (s, "2", FALSE, "ipsum");
  assert_take (s, "5:3", FALSE, "");
  assert_take (s, ":100", FALSE, s);
  /* a final newline makes no line */
  assert_take ("a\nb\n", NULL, FALSE, "a\nb");
  /* CRLF files */
  assert_take ("a\r\nb\r\n", "2", FALSE, "b");
}

static void
test_take_anchored (void)
{
  assert_take ("Lorem\nipsum\ndolor\nsit\namet", "test", FALSE, "");
  assert_take ("Lorem\nipsum\ndolor\nANCHOR_END: test\nsit\namet", "test", FALSE, "");
  assert_take ("Lorem\nipsum\nANCHOR: test\ndolor\nsit\namet", "test", FALSE, "dolor\nsit\namet");
  assert_take ("Lorem\nipsum\nANCHOR: test\ndolor\nsit\namet\nANCHOR_END: test\nlorem\nipsum", "test", FALSE,
               "dolor\nsit\namet");
  assert_take ("Lorem\nANCHOR: test\nipsum\nANCHOR: test\ndolor\nsit\namet\nANCHOR_END: test\nlorem\nipsum",
               "test", FALSE, "ipsum\ndolor\nsit\namet");
  assert_take ("Lorem\nANCHOR:    test2\nipsum\nANCHOR: test\ndolor\nsit\namet\nANCHOR_END: test\nlorem\n"
               "ANCHOR_END:test2\nipsum", "test2", FALSE, "ipsum\ndolor\nsit\namet\nlorem");
  /* an anchor is whatever is not a number: "abc:3" names "abc" */
  assert_take ("ANCHOR: abc\nx\nANCHOR_END: abc", "abc:3", FALSE, "x");
}

static void
test_take_rustdoc (void)
{
  const char *s = "Lorem\nipsum\ndolor\nsit\namet";

  assert_take (s, "2:3", TRUE, "# Lorem\nipsum\ndolor\n# sit\n# amet");
  assert_take (s, "4:", TRUE, "# Lorem\n# ipsum\n# dolor\nsit\namet");
  assert_take (s, ":3", TRUE, "Lorem\nipsum\ndolor\n# sit\n# amet");
  assert_take (s, NULL, TRUE, s);
  assert_take (s, "5:3", TRUE, "# Lorem\n# ipsum\n# dolor\n# sit\n# amet");
  assert_take (s, "test", TRUE, "# Lorem\n# ipsum\n# dolor\n# sit\n# amet");
  assert_take ("Lorem\nipsum\nANCHOR: test\ndolor\nsit\namet\nANCHOR_END: test\nlorem\nipsum", "test", TRUE,
               "# Lorem\n# ipsum\ndolor\nsit\namet\n# lorem\n# ipsum");
  assert_take ("Lorem\nANCHOR:    test2\nipsum\nANCHOR: test\ndolor\nsit\namet\nANCHOR_END: test\nlorem\n"
               "ANCHOR_END:test2\nipsum", "test", TRUE, "# Lorem\n# ipsum\ndolor\nsit\namet\n# lorem\n# ipsum");
  assert_take ("Lorem\nANCHOR: test\nipsum\nANCHOR_END: test\ndolor\nANCHOR: test\nsit\nANCHOR_END: test\namet",
               "test", TRUE, "# Lorem\nipsum\n# dolor\nsit\n# amet");
}

/* ---- a book with its listings ---------------------------------------------- */

/* The fenced block that follows @label in @text. */
static char *
block_after (const char *text,
             const char *label)
{
  const char *p = strstr (text, label);
  const char *open;
  const char *close;

  g_assert_nonnull (p);
  open = strstr (p, "```");
  g_assert_nonnull (open);
  close = strstr (strchr (open, '\n') + 1, "\n```\n");
  g_assert_nonnull (close);
  return g_strndup (open, close + 5 - open);
}

static void
assert_block (const char *text,
              const char *label,
              const char *expected)
{
  g_autofree char *block = block_after (text, label);

  g_assert_cmpstr (block, ==, expected);
}

static void
test_fixture_book (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *book = listings_book ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DfImportResult) result = NULL;
  g_autofree char *text = NULL;
  g_autofree char *deeper = NULL;
  DfImportMissingInclude *missing;

  result = df_import_run (f->store, book, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  text = chapter_text (f->store, result->project->id, 1);

  /* only the escaped one is left */
  g_assert_null (strstr (text, "{{#rustdoc_include ../"));
  g_assert_null (strstr (strstr (text, "{{#include ../listings/hello") + 1, "{{#include ../listings/hello"));
  assert_block (text, "The whole file:",
                "```rust\n// ANCHOR: all\nuse std::io;\n// ANCHOR: body\nfn main() {\n    println!(\"Hello\");\n}\n"
                "// ANCHOR_END: body\n# fn hidden() {}\n// ANCHOR_END: all\n```\n");
  assert_block (text, "Line 2:", "```rust\nuse std::io;\n```\n");
  assert_block (text, "Lines 4 to 6:", "```rust\nfn main() {\n    println!(\"Hello\");\n}\n```\n");
  assert_block (text, "From line 8:", "```rust\n# fn hidden() {}\n// ANCHOR_END: all\n```\n");
  assert_block (text, "Up to line 2:", "```rust\n// ANCHOR: all\nuse std::io;\n```\n");
  assert_block (text, "The anchor body:", "```rust\nfn main() {\n    println!(\"Hello\");\n}\n```\n");
  /* the nested anchor's markers go */
  assert_block (text, "The anchor all:",
                "```rust\nuse std::io;\nfn main() {\n    println!(\"Hello\");\n}\n# fn hidden() {}\n```\n");
  /* rustdoc_include: the rest hidden with "# ", the markers gone */
  assert_block (text, "rustdoc_include of the body:",
                "```rust\n# use std::io;\nfn main() {\n    println!(\"Hello\");\n}\n# # fn hidden() {}\n```\n");
  assert_block (text, "rustdoc_include of lines 4 to 6:",
                "```rust\n# // ANCHOR: all\n# use std::io;\n# // ANCHOR: body\nfn main() {\n    println!(\"Hello\");\n}\n"
                "# // ANCHOR_END: body\n# # fn hidden() {}\n# // ANCHOR_END: all\n```\n");
  df_test_assert_contains (text, "A playground:\n\n```rust,editable\n// ANCHOR: all\n");
  /* escaped: stays, without its backslash; inline: the text */
  df_test_assert_contains (text, "An escaped directive: `{{#include ../listings/hello/src/main.rs}}`.");
  df_test_assert_contains (text, "Inline: the output is `Hello`.");
  df_test_assert_contains (text, "Not directives: {{#title Listings}} and {{#rustdoc_include}} stay.");
  /* missing: a box in place of the block, or of the line */
  df_test_assert_contains (text, "A missing listing:\n\n```listing-not-found\n"
                                 "Listing not found: ../listings/gone/src/main.rs\n```\n\n"
                                 "A missing file on its own line:\n\n```listing-not-found\n"
                                 "Listing not found: ../listings/gone.md\n```\n\n");
  /* a file outside the book's folder is not read */
  df_test_assert_contains (text, "Outside the book: Listing not found: ../../mdbook/src/SUMMARY.md\n");
  /* included Markdown is resolved against its own folder */
  df_test_assert_contains (text, "Included Markdown, which includes in turn:\n\n```text\nHello\n```\n");
  df_test_assert_contains (text, "Spaces inside the braces: `Hello`.");
  df_test_assert_contains (text, "A playground without attributes:\n\n```rust\nHello\n```\n");
  /* a chapter in a subfolder resolves from its folder */
  deeper = chapter_text (f->store, result->project->id, 2);
  g_assert_cmpstr (deeper, ==, "# Deeper\n\n```console\nHello\n```\n");

  g_assert_cmpuint (result->n_includes, ==, 16);
  g_assert_cmpuint (result->missing_includes->len, ==, 3);
  missing = g_ptr_array_index (result->missing_includes, 0);
  g_assert_cmpstr (missing->file, ==, "includes.md");
  g_assert_cmpuint (missing->line, ==, 70);
  g_assert_cmpstr (missing->path, ==, "../listings/gone/src/main.rs");
  missing = g_ptr_array_index (result->missing_includes, 2);
  g_assert_cmpstr (missing->path, ==, "../../mdbook/src/SUMMARY.md");
}

/* The summary people read says how many and which. */
static void
test_summary (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *book = listings_book ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DfImportResult) result = NULL;
  g_autofree char *summary = NULL;

  result = df_import_run (f->store, book, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  summary = df_import_result_dup_summary (result);
  g_assert_cmpstr (summary, ==,
                   "3 included files could not be found; the chapters show “Listing not found” in their place:\n"
                   "  includes.md, line 70: ../listings/gone/src/main.rs\n"
                   "  includes.md, line 75: ../listings/gone.md\n"
                   "  includes.md, line 77: ../../mdbook/src/SUMMARY.md");
}

/* import --json lists them; without --json they are on stderr and the
 * slug alone on stdout. */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *book = listings_book ();
  g_autofree char *db = g_build_filename (f->tmp, "cli.db", NULL);
  g_autoptr(DfTestRun) run = NULL;
  g_autoptr(DfTestRun) json_run = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonArray *missing;

  if (!df_test_have_cli ())
    return;

  run = df_test_run_cli_args (db, NULL, NULL, "import", book, NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==, "listings\n");
  df_test_assert_contains (run->err, "3 included files could not be found");
  df_test_assert_contains (run->err, "includes.md, line 70: ../listings/gone/src/main.rs");

  json_run = df_test_run_cli_args (db, NULL, NULL, "import", "--json", book, NULL);
  g_assert_cmpint (json_run->status, ==, 0);
  g_assert_cmpstr (json_run->err, ==, "");
  node = json_from_string (json_run->out, NULL);
  g_assert_nonnull (node);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "slug"), ==, "listings-2");
  g_assert_cmpint (json_object_get_int_member (object, "includes_resolved"), ==, 16);
  g_assert_false (json_object_get_boolean_member (object, "unwrapped"));
  missing = json_object_get_array_member (object, "missing_includes");
  g_assert_cmpuint (json_array_get_length (missing), ==, 3);
  object = json_array_get_object_element (missing, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "file"), ==, "includes.md");
  g_assert_cmpint (json_object_get_int_member (object, "line"), ==, 75);
  g_assert_cmpstr (json_object_get_string_member (object, "path"), ==, "../listings/gone.md");
}

/* What the reader and the exports show of a code block: mdBook's hidden
 * lines of Rust left out. */
static void
test_code_shown (void)
{
  const char *code = "# fn main() {\n    let x = 5;\n    # hidden too\n#\n## shown as one\n#[derive(Debug)]\n"
                     "#![allow(unused)]\n# }\n";
  g_autofree char *rust = df_book_code_shown ("rust", code);
  g_autofree char *ignore = df_book_code_shown ("rust,ignore", code);
  g_autofree char *toml = df_book_code_shown ("toml", "# a comment\nname = 1\n");
  g_autofree char *none = df_book_code_shown (NULL, "# a heading\n");
  g_autofree char *rusty = df_book_code_shown ("rustic", "# a\n");

  g_assert_cmpstr (rust, ==, "    let x = 5;\n# shown as one\n#[derive(Debug)]\n#![allow(unused)]\n");
  g_assert_cmpstr (ignore, ==, rust);
  g_assert_cmpstr (toml, ==, "# a comment\nname = 1\n");
  g_assert_cmpstr (none, ==, "# a heading\n");
  g_assert_cmpstr (rusty, ==, "# a\n");
}

/* The HTML export shows the box, with its class, and hides the hidden
 * lines. */
static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *book = listings_book ();
  g_autofree char *db = g_build_filename (f->tmp, "export.db", NULL);
  g_autofree char *html_path = g_build_filename (f->tmp, "book.html", NULL);
  g_autofree char *html = NULL;
  g_autoptr(DfTestRun) import = NULL;
  g_autoptr(DfTestRun) export = NULL;

  if (!df_test_have_cli ())
    return;

  import = df_test_run_cli_args (db, NULL, NULL, "import", book, NULL);
  g_assert_cmpint (import->status, ==, 0);
  export = df_test_run_cli_args (db, NULL, NULL, "export", "listings", "--format", "html", "-o", html_path, NULL);
  df_test_assert_run_ok (export);
  g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
  df_test_assert_contains (html, "<pre><code class=\"language-listing-not-found\">"
                                 "Listing not found: ../listings/gone.md\n</code></pre>");
  df_test_assert_contains (html, "code.language-listing-not-found {");
  g_assert_null (strstr (html, "# fn hidden() {}"));
  df_test_assert_contains (html, "fn main() {");
}

/* The corpus copy of the Rust book has no listings folder: every
 * directive is counted, none is left as raw text. */
static void
test_rust_book (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *book = df_test_corpus_path ("textbook/rust-book/src");
  g_autoptr(GError) error = NULL;
  g_autoptr(DfImportResult) result = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  guint directives = 0;
  guint boxes = 0;

  if (book == NULL)
    return;

  result = df_import_run (f->store, book, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  chapters = df_chapter_list (f->store, result->project->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *listed = g_ptr_array_index (chapters, i);
      g_autofree char *text = chapter_text (f->store, result->project->id, listed->number);

      for (const char *p = text; (p = strstr (p, "{{#")) != NULL; p++)
        directives++;
      for (const char *p = text; (p = strstr (p, "\n```listing-not-found\nListing not found: ../listings/")) != NULL;
           p++)
        boxes++;
    }

  /* 153 {{#include}} and 554 {{#rustdoc_include}} in the book's files */
  g_assert_cmpuint (result->missing_includes->len, ==, 707);
  g_assert_cmpuint (result->n_includes, ==, 0);
  g_assert_cmpuint (directives, ==, 0);
  g_assert_cmpuint (boxes, ==, 707);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mdbook-include/take-lines", test_take_lines);
  g_test_add_func ("/mdbook-include/take-anchored", test_take_anchored);
  g_test_add_func ("/mdbook-include/take-rustdoc", test_take_rustdoc);
  g_test_add_func ("/mdbook-include/code-shown", test_code_shown);
  DF_TEST_ADD_STORE ("/mdbook-include/export", test_export);
  DF_TEST_ADD_STORE ("/mdbook-include/fixture-book", test_fixture_book);
  DF_TEST_ADD_STORE ("/mdbook-include/summary", test_summary);
  DF_TEST_ADD_STORE ("/mdbook-include/cli", test_cli);
  DF_TEST_ADD_STORE ("/mdbook-include/rust-book", test_rust_book);

  return g_test_run ();
}
