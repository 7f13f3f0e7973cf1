/* test-export-print.c: PDF and DOCX exports, checked with the tools a
 * reader would open them with (poppler's pdfinfo and pdftotext, pandoc,
 * LibreOffice)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "df-exporter.h"
#include "df-import.h"
#include "df-model.h"
#include "df-plugin-host.h"
#include "df-store-private.h"
#include "df-test-util.h"

typedef struct
{
  char         *tmp;
  DfStore      *store;
  DfPluginHost *host;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->store = df_test_store_new ("export-print", &f->tmp, NULL);
  f->host = df_plugin_host_new (f->store, NULL);
  df_plugin_host_load (f->host);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->host);
  g_clear_object (&f->store);
  df_test_tmp_dir_free (f->tmp);
}

/* ---- helpers --------------------------------------------------------- */

static gboolean
have_tool (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);
  return path != NULL;
}

static gboolean
need_tool (const char *name, const char *package)
{
  if (have_tool (name))
    return TRUE;
  {
    g_autofree char *message = g_strdup_printf ("%s is not installed (apt install %s)", name, package);
    g_test_skip (message);
  }
  return FALSE;
}

/* Runs @argv with @env; returns its standard output, failing the test
 * if it fails. */
static char *
run (const char * const *argv, const char * const *env)
{
  g_autoptr(DfTestRun) result = df_test_run (NULL, env, NULL, argv);

  if (result->status != 0)
    g_error ("%s failed: %s", argv[0], result->err);
  return g_steal_pointer (&result->out);
}

/* The words of @text, lowercased, one space apart, with a space at both
 * ends: layout, hyphens, quotes and punctuation do not matter. */
static char *
words (const char *text)
{
  GString *out = g_string_new (" ");
  gboolean in_word = FALSE;

  for (const char *p = text; p != NULL && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        {
          g_string_append_unichar (out, g_unichar_tolower (c));
          in_word = TRUE;
        }
      else if (in_word)
        {
          g_string_append_c (out, ' ');
          in_word = FALSE;
        }
    }
  if (in_word)
    g_string_append_c (out, ' ');
  return g_string_free (out, FALSE);
}

static gboolean
contains_words (const char *haystack_words, const char *text)
{
  g_autofree char *needle = words (text);
  return strstr (haystack_words, needle) != NULL;
}

static DfExportResult *
export (Fixture *f, gint64 project_id, const char *format, const char *name, JsonObject *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->tmp, name, NULL);
  DfExporter *exporter = df_plugin_host_find_exporter (f->host, format);
  DfExportResult *result;

  g_assert_nonnull (exporter);
  result = df_export_run (exporter, f->store, project_id, path, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_true (g_file_test (result->output_path, G_FILE_TEST_IS_REGULAR));
  return result;
}

/* The export_jobs row says completed, with the file's size and SHA-256. */
static void
assert_job (Fixture *f, DfExportResult *result, const char *format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *sha = NULL;
  gsize len = 0;

  contents = df_test_read_file (result->output_path, &len);
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);

  stmt = df_store_prepare (f->store,
                           "SELECT status, format, output_size, output_sha256, output_path, progress_percent"
                           " FROM export_jobs WHERE id = ?1", &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, result->job_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "completed");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, format);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 2), ==, (gint64) len);
  g_assert_cmpint (result->size, ==, (gint64) len);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, sha);
  g_assert_cmpstr (result->sha256, ==, sha);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 4), ==, result->output_path);
  g_assert_cmpint (sqlite3_column_int (stmt, 5), ==, 100);
}

static gint64
import (Fixture *f, const char *relative)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = df_test_corpus_path (relative);
  g_autoptr(DfProject) project = NULL;

  if (path == NULL)
    return 0;
  project = df_import (f->store, path, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return project->id;
}

static GPtrArray *
chapters_of (Fixture *f, gint64 project_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *chapters = df_chapter_list (f->store, project_id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (chapters->len, >, 0);
  return chapters;
}

static DfChapter *
chapter_with_content (Fixture *f, DfChapter *listed)
{
  return df_test_get_chapter (f->store, listed->id);
}

/* The first @n words of the first paragraph of plain prose in @markdown
 * (not a heading, list, quote, code, table or HTML, no inline markup). */
static char *
first_words (const char *markdown, guint n)
{
  g_auto(GStrv) paragraphs = g_strsplit (markdown, "\n\n", -1);

  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      const char *p = g_strstrip (paragraphs[i]);
      g_autofree char *w = NULL;
      g_auto(GStrv) list = NULL;
      GString *out;

      if (*p == '\0' || strchr ("#-*>|<`![0123456789", *p) != NULL || strpbrk (p, "`[_*<") != NULL)
        continue;
      w = words (p);
      list = g_strsplit (g_strstrip (w), " ", -1);
      if (g_strv_length (list) < n)
        continue;
      out = g_string_new (NULL);
      for (guint k = 0; k < n; k++)
        g_string_append_printf (out, "%s%s", k ? " " : "", list[k]);
      return g_string_free (out, FALSE);
    }
  return NULL;
}

/* memmem: a PDF holds NUL bytes */
static gboolean
has_bytes (const char *data, gsize len, const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* ---- PDF ------------------------------------------------------------- */

static int
pdf_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = run (argv, NULL);
  const char *pages = strstr (info, "\nPages:");

  g_assert_nonnull (pages);
  return atoi (pages + strlen ("\nPages:"));
}

/* The text of each page (pdftotext -layout, split at form feeds). */
static GStrv
pdf_page_texts (const char *path)
{
  const char *argv[] = { "pdftotext", "-layout", "-enc", "UTF-8", path, "-", NULL };
  g_autofree char *text = run (argv, NULL);

  return g_strsplit (text, "\f", -1);
}

/* Checks a PDF export of a project imported from the corpus. */
static void
check_pdf (Fixture *f, gint64 project_id, DfExportResult *result, gboolean a4)
{
  g_autoptr(GPtrArray) chapters = chapters_of (f, project_id);
  g_auto(GStrv) pages = pdf_page_texts (result->output_path);
  g_autofree char *all = g_strjoinv (" ", pages);
  g_autofree char *all_words = words (all);
  g_autofree char *dests = NULL;
  g_autofree char *info = NULL;
  g_autoptr(GRegex) toc_line = g_regex_new ("^\\s*(\\S.*?)\\s{2,}(\\d+)\\s*$", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GHashTable) toc = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_pages = g_strv_length (pages);
  guint checked = 0;
  int first_body_page = 0;

  assert_job (f, result, "pdf");
  g_assert_cmpint (pdf_pages (result->output_path), >, (int) chapters->len);

  {
    const char *argv[] = { "pdfinfo", result->output_path, NULL };
    info = run (argv, NULL);
    const char *size = strstr (info, "\nPage size:");
    double width, height;

    g_assert_nonnull (size);
    g_assert_cmpint (sscanf (size, "\nPage size: %lf x %lf", &width, &height), ==, 2);
    /* A4 is 210 x 297 mm, A5 148 x 210 mm */
    g_assert_cmpfloat_with_epsilon (width, (a4 ? 210 : 148) * 72 / 25.4, 0.5);
    g_assert_cmpfloat_with_epsilon (height, (a4 ? 297 : 210) * 72 / 25.4, 0.5);
  }

  /* the first words of the first and the last chapter, every title */
  for (guint i = 0; i < chapters->len; i += (i + 1 < chapters->len - 1 ? chapters->len - 2 : 1))
    {
      g_autoptr(DfChapter) chapter = chapter_with_content (f, g_ptr_array_index (chapters, i));
      g_autofree char *start = first_words (chapter->content_md, 12);

      if (start != NULL)
        {
          if (!contains_words (all_words, start))
            g_error ("The PDF lacks “%s” of chapter %u", start, i + 1);
          checked++;
        }
      if (i + 1 >= chapters->len)
        break;
    }
  g_assert_cmpuint (checked, >=, 1);

  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *chapter = g_ptr_array_index (chapters, i);
      if (!contains_words (all_words, chapter->title))
        g_error ("The PDF lacks the title “%s”", chapter->title);
    }

  /* a named destination per chapter */
  {
    const char *argv[] = { "pdfinfo", "-dests", result->output_path, NULL };
    dests = run (argv, NULL);
    for (guint i = 1; i <= chapters->len; i++)
      {
        g_autofree char *name = g_strdup_printf ("\"ch%u\"", i);
        if (strstr (dests, name) == NULL)
          g_error ("No destination %s in the PDF", name);
      }
  }

  /* the contents: "Title     page" lines on the pages before the body;
   * each chapter's title is on the page the contents give */
  for (guint p = 0; p < n_pages; p++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *page_words = words (pages[p]);
      DfChapter *first = g_ptr_array_index (chapters, 0);

      if (p > 0 && strstr (pages[p], "Contents") == NULL && g_hash_table_size (toc) > 0 &&
          contains_words (page_words, first->title))
        {
          first_body_page = p + 1;
          break;
        }
      g_regex_match (toc_line, pages[p], 0, &match);
      while (g_match_info_matches (match))
        {
          g_autofree char *title = g_match_info_fetch (match, 1);
          g_autofree char *number = g_match_info_fetch (match, 2);

          g_hash_table_insert (toc, words (title), GINT_TO_POINTER (atoi (number)));
          g_match_info_next (match, NULL);
        }
    }
  g_assert_cmpint (first_body_page, >, 1);

  checked = 0;
  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *chapter = g_ptr_array_index (chapters, i);
      g_autofree char *title = words (chapter->title);
      int page = GPOINTER_TO_INT (g_hash_table_lookup (toc, title));
      g_autofree char *page_words = NULL;

      if (page == 0)
        continue;   /* a title too long for one line of the contents */
      g_assert_cmpint (page, >=, first_body_page);
      g_assert_cmpint (page, <=, (int) n_pages);
      page_words = words (pages[page - 1]);
      if (strstr (page_words, title) == NULL)
        g_error ("The contents put “%s” on page %d, which does not show it", chapter->title, page);
      checked++;
    }
  /* every title that fits a line of the contents */
  g_assert_cmpuint (checked, >=, chapters->len / 2);
  g_assert_cmpuint (checked, >, 0);
}

static void
test_pdf_novel (Fixture *f, gconstpointer data)
{
  gint64 project_id;
  g_autoptr(DfExportResult) result = NULL;
  g_autoptr(GPtrArray) chapters = NULL;

  if (!need_tool ("pdfinfo", "poppler-utils") || !need_tool ("pdftotext", "poppler-utils"))
    return;
  if ((project_id = import (f, "novels/pride-and-prejudice.txt")) == 0)
    return;

  result = export (f, project_id, "pdf", "pride.pdf", NULL);
  check_pdf (f, project_id, result, FALSE);

  /* the chapter titles all fit the contents of a novel */
  chapters = chapters_of (f, project_id);
  {
    g_auto(GStrv) pages = pdf_page_texts (result->output_path);
    g_autofree char *first = words (pages[0]);
    g_autofree char *title_words = NULL;
    g_autoptr(DfProject) project = df_project_get_by_id (f->store, project_id, NULL);

    /* the title page: the title, and no page number */
    title_words = words (project->title);
    g_assert_nonnull (strstr (first, title_words));
    g_assert_null (strstr (first, " 1 "));
    /* the second page is the contents, numbered 2 */
    g_assert_nonnull (strstr (pages[1], "Contents"));
  }
  g_assert_cmpuint (chapters->len, >, 50);
}

static void
test_pdf_technical (Fixture *f, gconstpointer data)
{
  gint64 project_id;
  g_autoptr(DfExportResult) result = NULL;
  g_autoptr(JsonObject) options = json_object_new ();
  g_autofree char *raw = NULL;
  gsize len;

  if (!need_tool ("pdfinfo", "poppler-utils") || !need_tool ("pdftotext", "poppler-utils"))
    return;
  if ((project_id = import (f, "textbook/rust-book/src")) == 0)
    return;

  json_object_set_boolean_member (options, "title-page", FALSE);
  result = export (f, project_id, "pdf", "rust.pdf", options);
  check_pdf (f, project_id, result, TRUE);

  /* an outline (bookmarks) */
  raw = df_test_read_file (result->output_path, &len);
  g_assert_true (has_bytes (raw, len, "/Type /Outlines"));
  /* the book's PNG pictures are drawn */
  g_assert_true (has_bytes (raw, len, "/Subtype /Image"));
}

/* ---- DOCX ------------------------------------------------------------ */

/* An entry of a zip archive, or NULL. */
static char *
zip_entry (const char *path, const char *name)
{
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  GString *out = NULL;

  archive_read_support_format_zip (a);
  g_assert_cmpint (archive_read_open_filename (a, path, 65536), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
    {
      char buffer[65536];
      la_ssize_t n;

      if (g_strcmp0 (archive_entry_pathname (entry), name) != 0)
        continue;
      out = g_string_new (NULL);
      while ((n = archive_read_data (a, buffer, sizeof buffer)) > 0)
        g_string_append_len (out, buffer, n);
      g_assert_cmpint (n, ==, 0);
      break;
    }
  archive_read_free (a);
  return out ? g_string_free (out, FALSE) : NULL;
}

static void
assert_well_formed (const char *xml, const char *what)
{
  static const GMarkupParser parser = { 0 };
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (xml);
  if (!g_markup_parse_context_parse (context, xml, -1, &error) ||
      !g_markup_parse_context_end_parse (context, &error))
    g_error ("%s is not well-formed XML: %s", what, error->message);
}

static guint
count (const char *haystack, const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
check_docx_parts (const char *path)
{
  static const char *parts[] = {
    "[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
    "word/styles.xml", "word/numbering.xml", "word/footnotes.xml", "word/settings.xml",
    "docProps/core.xml",
  };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *xml = zip_entry (path, parts[i]);
      if (xml == NULL)
        g_error ("The DOCX has no %s", parts[i]);
      assert_well_formed (xml, parts[i]);
    }
}

static char *
pandoc_plain (const char *path)
{
  const char *argv[] = { "pandoc", "-f", "docx", "-t", "plain", "--wrap=none", path, NULL };
  return run (argv, NULL);
}

/* LibreOffice opens it: converted to a PDF with @min_pages pages or more. */
static void
check_libreoffice (Fixture *f, const char *path, int min_pages)
{
  g_autofree char *profile = g_build_filename (f->tmp, "lo-profile", NULL);
  g_autofree char *home = g_build_filename (f->tmp, "lo-home", NULL);
  g_autofree char *outdir = g_build_filename (f->tmp, "lo-out", NULL);
  g_autofree char *profile_uri = g_filename_to_uri (profile, NULL, NULL);
  g_autofree char *env_arg = g_strconcat ("-env:UserInstallation=", profile_uri, NULL);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *stem = g_strndup (base, strlen (base) - strlen (".docx"));
  g_autofree char *pdf_name = g_strconcat (stem, ".pdf", NULL);
  g_autofree char *pdf = g_build_filename (outdir, pdf_name, NULL);
  g_autofree char *out = NULL;
  g_autofree char *home_var = g_strconcat ("HOME=", home, NULL);
  const char *argv[] = { "libreoffice", env_arg, "--headless", "--norestore", "--convert-to", "pdf",
                         "--outdir", outdir, path, NULL };

  if (!have_tool ("libreoffice"))
    {
      g_test_message ("libreoffice is not installed: not converting the DOCX");
      return;
    }
  g_mkdir_with_parents (home, 0700);
  out = run (argv, DF_TEST_STRV (home_var));
  if (!g_file_test (pdf, G_FILE_TEST_IS_REGULAR))
    g_error ("LibreOffice did not convert %s: %s", path, out);
  g_assert_cmpint (pdf_pages (pdf), >=, min_pages);
  g_test_message ("LibreOffice made a PDF of %d pages of %s", pdf_pages (pdf), base);
}

static void
check_docx (Fixture *f, gint64 project_id, DfExportResult *result)
{
  g_autoptr(GPtrArray) chapters = chapters_of (f, project_id);
  g_autoptr(GPtrArray) parts = df_part_list (f->store, project_id, NULL);
  g_autofree char *document = zip_entry (result->output_path, "word/document.xml");
  g_autofree char *core = zip_entry (result->output_path, "docProps/core.xml");
  g_autofree char *plain = pandoc_plain (result->output_path);
  g_autofree char *plain_words = words (plain);
  g_autoptr(DfChapter) first = chapter_with_content (f, g_ptr_array_index (chapters, 0));
  g_autofree char *start = first_words (first->content_md, 12);
  guint chapter_headings;

  assert_job (f, result, "docx");
  check_docx_parts (result->output_path);

  /* parts are Heading 1, chapters Heading 2; without parts chapters are Heading 1 */
  chapter_headings = count (document, parts->len > 0 ? "<w:pStyle w:val=\"Heading2\"/>"
                                                     : "<w:pStyle w:val=\"Heading1\"/>");
  g_assert_cmpuint (chapter_headings, >=, chapters->len);
  if (parts->len > 0)
    g_assert_cmpuint (count (document, "<w:pStyle w:val=\"Heading1\"/>"), ==, parts->len);
  g_assert_cmpuint (count (document, "<w:pageBreakBefore/>"), >=, chapters->len);
  g_assert_nonnull (strstr (core, "<dc:title>"));

  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *chapter = g_ptr_array_index (chapters, i);
      if (!contains_words (plain_words, chapter->title))
        g_error ("pandoc does not find the title “%s” in the DOCX", chapter->title);
    }
  if (start != NULL && !contains_words (plain_words, start))
    g_error ("pandoc does not find “%s” in the DOCX", start);
}

static void
test_docx_novel (Fixture *f, gconstpointer data)
{
  gint64 project_id;
  g_autoptr(DfExportResult) result = NULL;
  g_autoptr(GPtrArray) chapters = NULL;

  if (!need_tool ("pandoc", "pandoc") || !need_tool ("pdfinfo", "poppler-utils"))
    return;
  if ((project_id = import (f, "novels/pride-and-prejudice.txt")) == 0)
    return;

  result = export (f, project_id, "docx", "pride.docx", NULL);
  check_docx (f, project_id, result);
  chapters = chapters_of (f, project_id);
  check_libreoffice (f, result->output_path, (int) chapters->len);
}

static void
test_docx_technical (Fixture *f, gconstpointer data)
{
  gint64 project_id;
  g_autoptr(DfExportResult) result = NULL;
  g_autofree char *document = NULL;

  if (!need_tool ("pandoc", "pandoc"))
    return;
  if ((project_id = import (f, "textbook/rust-book/src")) == 0)
    return;

  result = export (f, project_id, "docx", "rust.docx", NULL);
  check_docx (f, project_id, result);
  document = zip_entry (result->output_path, "word/document.xml");
  /* code blocks, lists and headings inside chapters */
  g_assert_nonnull (strstr (document, "<w:pStyle w:val=\"Code\"/>"));
  g_assert_nonnull (strstr (document, "<w:numPr>"));
  g_assert_nonnull (strstr (document, "<w:pStyle w:val=\"Heading3\"/>"));
  /* the book's PNG pictures are embedded */
  g_assert_nonnull (strstr (document, "<wp:inline"));
  {
    g_autofree char *png = zip_entry (result->output_path, "word/media/image1.png");
    g_assert_nonnull (png);
    g_assert_true (g_str_has_prefix (png, "\x89PNG"));
  }
}

/* ---- a book with parts and every kind of block ------------------------ */

static const char features_md[] =
  "It was *emphatic*, **strong** and `coded`, with a note.[^n1]\n"
  "\n"
  "> Quoted wisdom stays quoted.\n"
  "\n"
  "- bullet apple\n"
  "- bullet banana\n"
  "\n"
  "1. first numbered\n"
  "2. second numbered\n"
  "\n"
  "| Fruit | Colour |\n"
  "|-------|--------|\n"
  "| kiwi  | green  |\n"
  "\n"
  "```\n"
  "fn main() { println!(\"hi\"); }\n"
  "```\n"
  "\n"
  "A [link](https://example.org/) here, and a [link whose words run on long enough to wrap "
  "from one line of the page to the next one](https://example.org/wrap?a=1&b='2'), "
  "<https://example.org/auto>, [mail](mailto:author@example.org) and a [relative](other.md) one.\n"
  "\n"
  "[^n1]: The footnote text lives here.\n";

static gint64
make_book_with_parts (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  DfProjectNew spec = { .title = "Parts and Features", .project_type = "novel" };
  g_autoptr(DfProject) project = df_project_create (f->store, &spec, &error);
  g_autoptr(DfPart) one = NULL;
  g_autoptr(DfPart) two = NULL;
  DfChapter *chapter;

  g_assert_no_error (error);
  one = df_part_add (f->store, project->id, "First Part", &error);
  g_assert_no_error (error);
  two = df_part_add (f->store, project->id, "Second Part", &error);
  g_assert_no_error (error);
  chapter = df_test_append_chapter (f->store, project->id, one->id, "Alpha Chapter", features_md);
  df_chapter_free (chapter);
  chapter = df_test_append_chapter (f->store, project->id, one->id, "Beta Chapter", "Beta words.\n");
  df_chapter_free (chapter);
  chapter = df_test_append_chapter (f->store, project->id, two->id, "Gamma Chapter", "Gamma words.\n");
  df_chapter_free (chapter);
  return project->id;
}

/* SVG images go into the PDF drawn (as vectors: their text is text); an
 * SVG that cannot be read shows its alternative text. */
static void
test_pdf_svg (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  DfProjectNew spec = { .title = "Pictures", .project_type = "novel" };
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(DfExportResult) result = NULL;
  static const char svg[] =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"320\" height=\"120\">"
    "<rect x=\"4\" y=\"4\" width=\"312\" height=\"112\" fill=\"#c0d8f0\" stroke=\"#1a5fb4\"/>"
    "<text x=\"20\" y=\"70\" font-family=\"DejaVu Sans\" font-size=\"28\">SVGMARK inside</text></svg>";
  static const char not_svg[] = "this is not an SVG";
  g_autoptr(GBytes) good = g_bytes_new_static (svg, strlen (svg));
  g_autoptr(GBytes) bad = g_bytes_new_static (not_svg, strlen (not_svg));
  g_auto(GStrv) pages = NULL;
  g_autofree char *all = NULL;

  if (!need_tool ("pdftotext", "poppler-utils"))
    return;

  project = df_project_create (f->store, &spec, &error);
  g_assert_no_error (error);
  chapter = df_test_append_chapter (f->store, project->id, 0, "Figures",
                                    "Before the figure.\n\n![a diagram](images/d.svg)\n\n"
                                    "![broken picture](images/bad.svg)\n\nAfter the figures.\n");
  g_assert_true (df_asset_put (f->store, project->id, "images/d.svg", "image/svg+xml", good, &error));
  g_assert_true (df_asset_put (f->store, project->id, "images/bad.svg", "image/svg+xml", bad, &error));
  g_assert_no_error (error);

  result = export (f, project->id, "pdf", "pictures.pdf", NULL);
  assert_job (f, result, "pdf");
  pages = pdf_page_texts (result->output_path);
  all = g_strjoinv (" ", pages);
  g_assert_null (strstr (all, "a diagram"));   /* drawn, so not its alt text */
  /* The figure's fill colour on the rendered page. */
  {
    g_autofree char *dir = g_path_get_dirname (result->output_path);
    g_autofree char *prefix = g_build_filename (dir, "page3", NULL);
    g_autofree char *image = g_strconcat (prefix, ".ppm", NULL);
    const char *argv[] = { "pdftoppm", "-f", "3", "-l", "3", "-r", "40", "-singlefile", result->output_path, prefix, NULL };
    g_autofree char *ppm = NULL;
    g_autofree char *ignored = NULL;
    gsize len = 0;
    guint filled = 0;
    int width, height, max, header = 0;

    if (!need_tool ("pdftoppm", "poppler-utils"))
      return;
    ignored = run (argv, NULL);
    ppm = df_test_read_file (image, &len);
    g_unlink (image);
    g_assert_cmpint (sscanf (ppm, "P6 %d %d %d%n", &width, &height, &max, &header), ==, 3);
    g_assert_cmpuint (len, >=, (gsize) header + 1 + (gsize) width * height * 3);
    for (gsize i = header + 1; i + 2 < len; i += 3)
      if (ABS ((guchar) ppm[i] - 0xc0) < 8 && ABS ((guchar) ppm[i + 1] - 0xd8) < 8 && ABS ((guchar) ppm[i + 2] - 0xf0) < 8)
        filled++;
    g_test_message ("%u pixels of the figure's colour", filled);
    g_assert_cmpuint (filled, >, 500);
  }
  g_assert_nonnull (strstr (all, "broken picture"));
  g_assert_nonnull (strstr (all, "After the figures."));
}

static void
test_parts (Fixture *f, gconstpointer data)
{
  gint64 project_id = make_book_with_parts (f);
  g_autoptr(DfExportResult) pdf = NULL;
  g_autoptr(DfExportResult) docx = NULL;

  if (!need_tool ("pdfinfo", "poppler-utils") || !need_tool ("pdftotext", "poppler-utils") ||
      !need_tool ("pandoc", "pandoc"))
    return;

  pdf = export (f, project_id, "pdf", "parts.pdf", NULL);
  assert_job (f, pdf, "pdf");
  {
    const char *argv[] = { "pdfinfo", "-dests", pdf->output_path, NULL };
    g_autofree char *dests = run (argv, NULL);
    g_auto(GStrv) pages = pdf_page_texts (pdf->output_path);
    g_autofree char *all = g_strjoinv (" ", pages);
    g_autofree char *all_words = words (all);
    g_autofree char *raw = NULL;
    gsize len;

    for (guint i = 0; i < 3; i++)
      {
        g_autofree char *name = g_strdup_printf ("\"ch%u\"", i + 1);
        g_assert_nonnull (strstr (dests, name));
      }
    g_assert_nonnull (strstr (dests, "\"part1\""));
    g_assert_nonnull (strstr (dests, "\"part2\""));
    for (const char * const *s = (const char * const[]) { "emphatic strong and coded", "Quoted wisdom stays quoted",
                                                          "bullet apple", "second numbered", "kiwi", "green",
                                                          "println", "The footnote text lives here",
                                                          "First Part", "Second Part", "Gamma words", NULL };
         *s; s++)
      if (!contains_words (all_words, *s))
        g_error ("The PDF lacks “%s”", *s);
    /* the outline nests the chapters in their parts */
    raw = df_test_read_file (pdf->output_path, &len);
    g_assert_true (has_bytes (raw, len, "/Type /Outlines"));
    /* title, contents, 2 part pages, 3 chapters */
    g_assert_cmpint (pdf_pages (pdf->output_path), ==, 7);
  }
  /* Web links are clickable, a wrapped one on both its lines; a link to
   * a file of the book is not a web link. */
  {
    const char *argv[] = { "pdfinfo", "-url", pdf->output_path, NULL };
    g_autofree char *urls = run (argv, NULL);

    g_test_message ("pdfinfo -url:\n%s", urls);
    g_assert_cmpuint (count (urls, "https://example.org/\n"), ==, 1);
    g_assert_cmpuint (count (urls, "https://example.org/wrap?a=1&b='2'"), ==, 2);
    g_assert_cmpuint (count (urls, "https://example.org/auto"), ==, 1);
    g_assert_cmpuint (count (urls, "mailto:author@example.org"), ==, 1);
    g_assert_null (strstr (urls, "other.md"));
  }

  docx = export (f, project_id, "docx", "parts.docx", NULL);
  assert_job (f, docx, "docx");
  check_docx_parts (docx->output_path);
  {
    g_autofree char *document = zip_entry (docx->output_path, "word/document.xml");
    g_autofree char *notes = zip_entry (docx->output_path, "word/footnotes.xml");
    g_autofree char *plain = pandoc_plain (docx->output_path);
    g_autofree char *plain_words = words (plain);
    const char *argv[] = { "pandoc", "-f", "docx", "-t", "markdown", docx->output_path, NULL };
    g_autofree char *markdown = run (argv, NULL);

    g_autofree char *settings = zip_entry (docx->output_path, "word/settings.xml");

    /* The contents: a TOC field listing the parts and chapters, which Word
     * fills in with page numbers on opening. */
    g_assert_nonnull (strstr (document, "<w:instrText xml:space=\"preserve\"> TOC \\o \"1-2\""));
    g_assert_cmpuint (count (document, "<w:pStyle w:val=\"TOC1\"/>"), ==, 2);
    g_assert_cmpuint (count (document, "<w:pStyle w:val=\"TOC2\"/>"), ==, 3);
    g_assert_nonnull (strstr (document, "<w:pStyle w:val=\"TOC2\"/></w:pPr><w:r><w:t xml:space=\"preserve\">Alpha Chapter</w:t>"));
    g_assert_cmpuint (count (document, "w:fldCharType=\"begin\""), ==, count (document, "w:fldCharType=\"end\""));
    g_assert_nonnull (strstr (settings, "<w:updateFields w:val=\"true\"/>"));
    g_assert_cmpuint (count (document, "<w:pStyle w:val=\"Heading1\"/>"), ==, 2);
    g_assert_cmpuint (count (document, "<w:pStyle w:val=\"Heading2\"/>"), ==, 3);
    g_assert_nonnull (strstr (document, "<w:footnoteReference w:id=\"1\"/>"));
    g_assert_nonnull (strstr (notes, "The footnote text lives here."));
    for (const char * const *s = (const char * const[]) { "emphatic strong and coded", "Quoted wisdom stays quoted",
                                                          "bullet apple", "second numbered", "kiwi", "green",
                                                          "println", "The footnote text lives here",
                                                          "First Part", "Second Part", "Gamma words", NULL };
         *s; s++)
      if (!contains_words (plain_words, *s))
        g_error ("pandoc does not find “%s” in the DOCX", *s);
    /* what pandoc makes of the structure and the runs */
    g_assert_nonnull (strstr (markdown, "# First Part"));
    g_assert_nonnull (strstr (markdown, "## Alpha Chapter"));
    g_assert_nonnull (strstr (markdown, "*emphatic*"));
    g_assert_nonnull (strstr (markdown, "**strong**"));
    g_assert_nonnull (strstr (markdown, "[^1]"));
    g_assert_nonnull (strstr (markdown, "https://example.org/"));
    g_assert_nonnull (strstr (markdown, "kiwi"));
  }
}

/* ---- hostile text ---------------------------------------------------- */

static void
test_hostile (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  DfProjectNew spec = { .title = "Hostile & <Title> \"q\" ]]>", .project_type = "novel" };
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(DfExportResult) pdf = NULL;
  g_autoptr(DfExportResult) docx = NULL;
  const char *content =
    "Before \\<script>alert(1)\\</script> & after ]]> \"quoted\" 'single' \x01 ctrl \x0b vt.\n"
    "\n"
    "<script>alert(2)</script>\n"
    "\n"
    "Inline <b onclick=\"x()\">raw</b> and `<code> & ]]>` and \xef\xbf\xbe nonchar.\n"
    "\n"
    "![alt <text> & \"more\"](missing.png)\n";

  if (!need_tool ("pdfinfo", "poppler-utils") || !need_tool ("pdftotext", "poppler-utils") ||
      !need_tool ("pandoc", "pandoc"))
    return;

  project = df_project_create (f->store, &spec, &error);
  g_assert_no_error (error);
  chapter = df_test_append_chapter (f->store, project->id, 0, "<script>alert(1)</script> & ]]> \"x\"", content);

  pdf = export (f, project->id, "pdf", "hostile.pdf", NULL);
  assert_job (f, pdf, "pdf");
  g_assert_cmpint (pdf_pages (pdf->output_path), >=, 3);
  {
    g_auto(GStrv) pages = pdf_page_texts (pdf->output_path);
    g_autofree char *all = g_strjoinv (" ", pages);

    g_assert_nonnull (strstr (all, "<script>alert(1)</script> & ]]>"));
    g_assert_nonnull (strstr (all, "<code> & ]]>"));
    g_assert_nonnull (strstr (all, "[alt"));   /* the missing image: its text */
    /* raw HTML is not shown */
    g_assert_null (strstr (all, "alert(2)"));
    g_assert_null (strstr (all, "onclick"));
  }

  docx = export (f, project->id, "docx", "hostile.docx", NULL);
  assert_job (f, docx, "docx");
  check_docx_parts (docx->output_path);
  {
    g_autofree char *plain = pandoc_plain (docx->output_path);
    g_autofree char *core = zip_entry (docx->output_path, "docProps/core.xml");
    const char *argv[] = { "pandoc", "-f", "docx", "-t", "markdown", "-s", docx->output_path, NULL };
    g_autofree char *markdown = run (argv, NULL);

    /* the title: pandoc takes it as the document's title */
    g_assert_nonnull (strstr (core, "<dc:title>Hostile &amp; &lt;Title&gt; &quot;q&quot; ]]&gt;</dc:title>"));
    g_assert_nonnull (strstr (markdown, "title: Hostile & \\<Title\\>"));
    g_assert_nonnull (strstr (plain, "<script>alert(1)</script> & ]]> \"x\""));
    g_assert_nonnull (strstr (plain, "Before <script>alert(1)</script> & after ]]>"));
    g_assert_nonnull (strstr (plain, "<code> & ]]>"));
    g_assert_null (strstr (plain, "alert(2)"));
    g_assert_null (strstr (plain, "\x01"));
    g_assert_null (strstr (plain, "\x0b"));
  }
}

/* ---- a long chapter ---------------------------------------------------- */

#define LONG_CHAPTER_BYTES (4 * 1024 * 1024)
/* Resident memory the export may take for that chapter: the program, the
 * book (the chapter twice over) and a few pages.  Holding every page's
 * layouts until the end, as it once did, took 230 MB. */
#define LONG_CHAPTER_MAX_RSS_KB (120 * 1024)

/* Paragraphs of prose, one in a thousand with a word of its own, and a
 * code block with a blank line and a list with loose items on the way:
 * nothing that may not be cut. */
static char *
long_chapter_markdown (guint *n_marked)
{
  static const char * const sentences[] = {
    "Well, Prince, so Genoa and Lucca are now just family estates of the Buonapartes. ",
    "It was in July, and the speaker was the well-known Anna Pavlovna Scherer. ",
    "She had had a cough for some days; she was, as she said, suffering from la grippe. ",
    "He spoke in that refined French in which our grandfathers not only spoke but thought. ",
  };
  GString *md = g_string_new (NULL);

  *n_marked = 0;
  for (guint i = 0; md->len < LONG_CHAPTER_BYTES; i++)
    {
      if (i % 1000 == 0)
        g_string_append_printf (md, "Marked%05u here. ", (*n_marked)++);
      for (guint j = 0; j < 5; j++)
        g_string_append (md, sentences[(i + j) % G_N_ELEMENTS (sentences)]);
      g_string_append (md, "\n\n");
      if (i % 1500 == 700)
        g_string_append (md, "```\nlet a = 1;\n\nlet b = 2;\n```\n\n- one\n\n- two\n\n");
    }
  return g_string_free (md, FALSE);
}

/* A chapter of 4 MB goes into a PDF a few pages at a time: all its words,
 * within a bounded memory.  Run as the command line, in a process of its
 * own, to measure it. */
static void
test_pdf_long_chapter (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autofree char *markdown = NULL;
  g_autofree char *db = g_build_filename (f->tmp, "draftforge.db", NULL);
  g_autofree char *out = g_build_filename (f->tmp, "long.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *all_words = NULL;
  const char *argv[] = { g_getenv ("DRAFTFORGE_CLI"), "--db", db, "export", "long-chapter",
                         "--format", "pdf", "-o", out, NULL };
  struct rusage usage;
  int status = 0;
  GPid pid;
  guint n_marked;
  const char *at;

  if (!df_test_have_cli () || !need_tool ("pdftotext", "poppler-utils"))
    return;

  markdown = long_chapter_markdown (&n_marked);
  project = df_test_make_project (f->store, "Long Chapter", "All of It", markdown, NULL);
  g_assert_cmpstr (project->slug, ==, "long-chapter");

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wait4 (pid, &status, 0, &usage), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_test_message ("exporting %u bytes to PDF took %ld kB at most", (guint) strlen (markdown), usage.ru_maxrss);
#ifndef __SANITIZE_ADDRESS__
  /* (AddressSanitizer's shadow and quarantine take several times more.) */
  g_assert_cmpint (usage.ru_maxrss, <, LONG_CHAPTER_MAX_RSS_KB);
#endif

  /* Every marked paragraph, in order. */
  {
    const char *pdftotext[] = { "pdftotext", "-enc", "UTF-8", out, "-", NULL };

    text = run (pdftotext, NULL);
  }
  all_words = words (text);
  at = all_words;
  for (guint i = 0; i < n_marked; i++)
    {
      g_autofree char *marked = g_strdup_printf (" marked%05u here ", i);

      at = strstr (at, marked);
      if (at == NULL)
        g_error ("%s is not in the PDF, or not in its place", marked);
    }
  g_assert_nonnull (strstr (all_words, " let a 1 let b 2 "));
}

/* ---- cancelling ------------------------------------------------------ */

static void
test_cancel (Fixture *f, gconstpointer data)
{
  static const char *formats[] = { "pdf", "docx" };
  gint64 project_id = make_book_with_parts (f);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autofree char *name = g_strconcat ("cancelled.", formats[i], NULL);
      g_autofree char *path = g_build_filename (f->tmp, name, NULL);
      g_autoptr(sqlite3_stmt) stmt = NULL;
      DfExportResult *result;

      g_cancellable_cancel (cancellable);
      result = df_export_run (df_plugin_host_find_exporter (f->host, formats[i]), f->store, project_id,
                              path, NULL, NULL, NULL, cancellable, &error);
      g_assert_null (result);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

      stmt = df_store_prepare (f->store, "SELECT status FROM export_jobs ORDER BY id DESC LIMIT 1", NULL);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "canceled");
    }
}

/* ---- right to left --------------------------------------------------- */

/* The x extent of the word @word in pdftotext -bbox's @html, at least
 * @after along (to find its second use). */
static void
word_x (const char *html, const char *word, double *x_min, double *x_max)
{
  g_autofree char *tail = g_strdup_printf (">%s</word>", word);
  const char *end = strstr (html, tail);
  const char *start;

  g_assert_nonnull (end);
  start = g_strrstr_len (html, end - html, "<word ");
  g_assert_nonnull (start);
  g_assert_cmpint (sscanf (start, "<word xMin=\"%lf\" yMin=\"%*f\" xMax=\"%lf\"", x_min, x_max), ==, 2);
}

/* A book in Urdu: DOCX paragraphs right to left, the runs of Urdu text
 * too, Urdu the complex-script language; PDF paragraphs of Urdu aligned
 * right with their English words in order, English ones left. */
static void
test_urdu (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) urdu = df_test_make_project (f->store, "اردو کتاب", "پہلا باب",
                                                    "یہ Hello World ہے۔\n\n"
                                                    "A short English line.\n\n- ایک بات\n",
                                                    NULL);
  g_autoptr(DfProject) english = df_test_make_project (f->store, "English", "One", "Plain words.\n", NULL);
  g_autoptr(DfExportResult) docx = NULL;
  g_autoptr(DfExportResult) english_docx = NULL;
  g_autoptr(DfExportResult) pdf = NULL;
  g_autofree char *document = NULL;
  g_autofree char *styles = NULL;
  g_autofree char *english_document = NULL;
  double hello_min, hello_max, world_min, world_max, line_min, line_max, width;

  df_project_set_field (f->store, urdu->id, "language", "ur", &error);
  g_assert_no_error (error);

  docx = export (f, urdu->id, "docx", "urdu.docx", NULL);
  check_docx_parts (docx->output_path);
  document = zip_entry (docx->output_path, "word/document.xml");
  styles = zip_entry (docx->output_path, "word/styles.xml");
  g_assert_nonnull (strstr (styles, "<w:pPrDefault><w:pPr><w:bidi/>"));
  g_assert_nonnull (strstr (styles, "<w:lang w:val=\"en-GB\" w:bidi=\"ur-PK\"/>"));
  /* Every paragraph, and the section (its columns and gutter). */
  g_assert_cmpuint (count (document, "<w:p>") + 1, ==, count (document, "<w:bidi/>"));
  g_assert_nonnull (strstr (document, "<w:bidi/></w:sectPr>"));
  g_assert_nonnull (strstr (document, "<w:pPr><w:pStyle w:val=\"Heading1\"/><w:pageBreakBefore/><w:bidi/>"));
  g_assert_nonnull (strstr (document, "<w:rPr><w:rtl/></w:rPr><w:t xml:space=\"preserve\">یہ Hello World ہے۔</w:t>"));
  g_assert_nonnull (strstr (document, "<w:r><w:t xml:space=\"preserve\">A short English line.</w:t>"));
  if (have_tool ("pandoc"))
    {
      g_autofree char *plain = pandoc_plain (docx->output_path);
      g_assert_nonnull (strstr (plain, "Hello World"));
    }

  english_docx = export (f, english->id, "docx", "english.docx", NULL);
  english_document = zip_entry (english_docx->output_path, "word/document.xml");
  g_assert_null (strstr (english_document, "bidi"));
  g_assert_null (strstr (english_document, "<w:rtl/>"));

  if (!need_tool ("pdftotext", "poppler-utils"))
    return;
  pdf = export (f, urdu->id, "pdf", "urdu.pdf", NULL);
  {
    const char *argv[] = { "pdftotext", "-bbox", "-enc", "UTF-8", "-f", "2", pdf->output_path, "-", NULL };
    g_autofree char *html = run (argv, NULL);

    g_assert_cmpint (sscanf (strstr (html, "<page width=\""), "<page width=\"%lf\"", &width), ==, 1);
    word_x (html, "Hello", &hello_min, &hello_max);
    word_x (html, "World", &world_min, &world_max);
    word_x (html, "line.", &line_min, &line_max);
    /* The short Urdu paragraph at the right, its English words in order;
     * the English one at the left. */
    g_assert_cmpfloat (hello_min, >, width / 2);
    g_assert_cmpfloat (hello_max, <, world_min);
    g_assert_cmpfloat (line_max, <, width / 2);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  DF_TEST_ADD ("/export-print/pdf/novel", test_pdf_novel);
  DF_TEST_ADD ("/export-print/pdf/technical", test_pdf_technical);
  DF_TEST_ADD ("/export-print/pdf/svg", test_pdf_svg);
  DF_TEST_ADD ("/export-print/pdf/long-chapter", test_pdf_long_chapter);
  DF_TEST_ADD ("/export-print/docx/novel", test_docx_novel);
  DF_TEST_ADD ("/export-print/docx/technical", test_docx_technical);
  DF_TEST_ADD ("/export-print/parts", test_parts);
  DF_TEST_ADD ("/export-print/hostile", test_hostile);
  DF_TEST_ADD ("/export-print/cancel", test_cancel);
  DF_TEST_ADD ("/export-print/urdu", test_urdu);

  return g_test_run ();
}
