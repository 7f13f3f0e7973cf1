/* test-export-epub.c: the EPUB, HTML and Markdown exporters
 *
 * The three corpus books are imported once into a temporary database;
 * the exporters come from the exporter plugin in the build tree, loaded
 * by the plugin host (DRAFTFORGE_PLUGIN_PATH).  EPUBs are checked with
 * epubcheck (skipped, with a message, when it is not installed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "df-exporter.h"
#include "df-import.h"
#include "df-model.h"
#include "df-plugin-host.h"
#include "df-store-private.h"
#include "df-test-util.h"

#define EPUBCHECK_JAR "/usr/share/java/epubcheck.jar"

static char *tmp_dir;
static DfStore *store;
static DfPluginHost *host;
static GHashTable *imported;   /* corpus path -> DfProject* */
static DfProject *hostile;
static DfProject *urdu;

/* The corpus book @rel, imported once; NULL (test skipped) without it. */
static DfProject *
corpus_project (const char *rel)
{
  g_autofree char *path = df_test_corpus_path (rel);
  g_autoptr(GError) error = NULL;
  DfProject *project;

  if (path == NULL)
    return NULL;
  if ((project = g_hash_table_lookup (imported, rel)) != NULL)
    return project;
  project = df_import (store, path, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (project);
  g_hash_table_insert (imported, g_strdup (rel), project);
  return project;
}

static DfExporter *
exporter (const char *format)
{
  DfExporter *e = df_plugin_host_find_exporter (host, format);

  if (e == NULL)
    {
      g_autoptr(GPtrArray) list = df_plugin_host_list (host);

      for (guint i = 0; i < list->len; i++)
        {
          const DfPluginInfo *info = g_ptr_array_index (list, i);
          g_test_message ("plugin %s: loaded %d, error %s", info->id, info->loaded, info->error);
        }
    }
  g_assert_nonnull (e);
  g_assert_cmpstr (df_exporter_get_format (e), ==, format);
  return e;
}

static DfExportResult *
run_export (const char *format,
            DfProject  *project,
            const char *file,
            JsonObject *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, file, NULL);
  DfExportResult *result;

  result = df_export_run (exporter (format), store, project->id, path, options,
                          NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_true (g_file_test (result->output_path, G_FILE_TEST_IS_REGULAR));
  return result;
}

static gboolean
have_epubcheck (void)
{
  g_autofree char *java = g_find_program_in_path ("java");

  if (java == NULL || !g_file_test (EPUBCHECK_JAR, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("epubcheck is not installed (apt install epubcheck default-jre-headless)");
      return FALSE;
    }
  return TRUE;
}

/* epubcheck says nothing but "No errors or warnings detected". */
static void
assert_epubcheck (const char *path)
{
  const char *argv[] = { "java", "-jar", EPUBCHECK_JAR, path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *all = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  all = g_strconcat (out, err, NULL);
  if (!g_spawn_check_wait_status (status, NULL) || strstr (all, "WARNING") || strstr (all, "ERROR") ||
      strstr (all, "FATAL"))
    {
      g_test_message ("epubcheck %s:\n%s", path, all);
      g_test_fail_printf ("epubcheck found problems in %s (see the log)", path);
    }
  g_assert_nonnull (strstr (all, "No errors or warnings detected"));
}

static char *
file_sha256 (const char *path,
             gsize      *size)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &data, size, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)data, *size);
}

/* The export_jobs row says completed, with the file's size and SHA-256. */
static void
assert_job_completed (DfExportResult *result)
{
  sqlite3_stmt *stmt = NULL;
  gsize size = 0;
  g_autofree char *sha = file_sha256 (result->output_path, &size);

  g_assert_cmpint (sqlite3_prepare_v2 (df_store_get_db (store),
                                       "SELECT status, output_size, output_sha256, progress_percent"
                                       " FROM export_jobs WHERE id = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, result->job_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "completed");
  g_assert_cmpint (sqlite3_column_int64 (stmt, 1), ==, (gint64)size);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 2), ==, sha);
  g_assert_cmpint (sqlite3_column_int (stmt, 3), ==, 100);
  sqlite3_finalize (stmt);
  g_assert_cmpint (result->size, ==, (gint64)size);
  g_assert_cmpstr (result->sha256, ==, sha);
}

/* Entry names of a zip, in order, with their contents for the small ones. */
static GPtrArray *
zip_names (const char *path,
           GHashTable *contents)
{
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  archive_read_support_format_zip (a);
  g_assert_cmpint (archive_read_open_filename (a, path, 65536), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname (entry);

      g_ptr_array_add (names, g_strdup (name));
      if (contents != NULL)
        {
          GString *data = g_string_new (NULL);
          char buffer[65536];
          la_ssize_t n;

          while ((n = archive_read_data (a, buffer, sizeof buffer)) > 0)
            g_string_append_len (data, buffer, n);
          g_assert_cmpint (n, ==, 0);
          g_hash_table_insert (contents, g_strdup (name), g_string_free (data, FALSE));
        }
    }
  archive_read_free (a);
  return names;
}

static guint
count_prefix (GPtrArray  *names,
              const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < names->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (names, i), prefix))
      n++;
  return n;
}

/* The EPUB's first local header: "mimetype", stored, no extra field,
 * holding exactly application/epub+zip (epubcheck's PKG-005/006/007). */
static void
assert_mimetype_first (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  const guchar *h;

  data = df_test_read_file (path, &len);
  g_assert_cmpuint (len, >, 30 + 8 + 20);
  h = (const guchar *)data;
  g_assert_cmpmem (h, 4, "PK\3\4", 4);
  g_assert_cmpint (h[8] | h[9] << 8, ==, 0);             /* compression: stored */
  g_assert_cmpint (h[26] | h[27] << 8, ==, 8);           /* name length */
  g_assert_cmpint (h[28] | h[29] << 8, ==, 0);           /* extra field length */
  g_assert_cmpmem (h + 30, 8, "mimetype", 8);
  g_assert_cmpmem (h + 38, 20, "application/epub+zip", 20);
}

static void
assert_epub_book (const char *rel,
                  const char *file)
{
  DfProject *project = corpus_project (rel);
  g_autoptr(DfExportResult) result = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GError) error = NULL;

  if (project == NULL)
    return;

  result = run_export ("epub", project, file, NULL);
  assert_job_completed (result);
  assert_mimetype_first (result->output_path);

  names = zip_names (result->output_path, NULL);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "mimetype");
  chapters = df_chapter_list (store, project->id, &error);
  g_assert_no_error (error);
  parts = df_part_list (store, project->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_prefix (names, "EPUB/text/ch"), ==, chapters->len);
  g_assert_cmpuint (count_prefix (names, "EPUB/text/part"), ==, parts->len);
  g_assert_cmpuint (count_prefix (names, "EPUB/text/title_page.xhtml"), ==, 1);
  g_assert_cmpuint (count_prefix (names, "EPUB/content.opf"), ==, 1);
  g_assert_cmpuint (count_prefix (names, "EPUB/nav.xhtml"), ==, 1);
  g_assert_cmpuint (count_prefix (names, "EPUB/toc.ncx"), ==, 1);
  g_assert_cmpuint (count_prefix (names, "META-INF/container.xml"), ==, 1);

  if (strstr (rel, "rust-book") != NULL)
    {
      g_autoptr(GPtrArray) assets = df_asset_list (store, project->id, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (assets->len, >, 10);
      /* every image the book shows, once */
      g_assert_cmpuint (count_prefix (names, "EPUB/media/"), ==, assets->len);
    }

  if (have_epubcheck ())
    assert_epubcheck (result->output_path);
}

static void
test_epub_pride_and_prejudice (void)
{
  assert_epub_book ("novels/pride-and-prejudice.txt", "pp.epub");
}

static void
test_epub_war_and_peace (void)
{
  assert_epub_book ("novels/war-and-peace.txt", "wp.epub");
}

static void
test_epub_rust_book (void)
{
  DfProject *project;
  g_autofree char *path = NULL;
  g_autoptr(GHashTable) contents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) names = NULL;
  const char *ch;

  assert_epub_book ("textbook/rust-book/src", "rust.epub");
  if ((project = corpus_project ("textbook/rust-book/src")) == NULL)
    return;

  /* Links between chapters point at the chapter files, and the chapter
   * title is not printed twice. */
  path = g_build_filename (tmp_dir, "rust.epub", NULL);
  names = zip_names (path, contents);
  ch = NULL;
  for (guint i = 0; i < names->len; i++)
    {
      const char *text = g_hash_table_lookup (contents, g_ptr_array_index (names, i));

      if (g_str_has_prefix (g_ptr_array_index (names, i), "EPUB/text/ch") &&
          strstr (text, "<title>The Slice Type</title>") != NULL)
        ch = text;
    }
  g_assert_nonnull (ch);
  g_assert_null (strstr (ch, "class=\"chapter-title\""));
  g_assert_nonnull (strstr (ch, "<h2 id=\"the-slice-type\">The Slice Type</h2>"));
  g_assert_nonnull (strstr (ch, "#storing-utf-8-encoded-text-with-strings\""));
  g_assert_nonnull (strstr (ch, "href=\"ch"));
  g_assert_null (strstr (ch, ".md\""));
  g_assert_null (strstr (ch, ".md#"));
  g_assert_nonnull (strstr (ch, "<img src=\"../media/"));
}

/* A project with everything that breaks naive XML writers. */
static DfProject *
hostile_project (void)
{
  DfProject *project = hostile;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfPart) part = NULL;
  g_autoptr(DfChapter) c1 = NULL;
  g_autoptr(DfChapter) c2 = NULL;
  g_autoptr(DfChapter) c3 = NULL;
  DfProjectNew spec = { .title = "Hostile <b>& \"quoted\"</b> ]]>", .slug = "hostile" };

  if (project != NULL)
    return project;

  project = df_project_create (store, &spec, &error);
  g_assert_no_error (error);
  part = df_part_add (store, project->id, "Part <one> & \"two\"", &error);
  g_assert_no_error (error);
  c1 = df_chapter_add (store, project->id, part->id, "Scripts <script>alert(1)</script> & co",
                       "Before <script>alert(1)</script> after & \"quotes\" ]]> and ]]&gt;.\n\n"
                       "Control \x01 and \x0b characters, a tab\there.\n\n"
                       "<div onclick=\"evil()\">raw html</div>\n\n"
                       "A note[^n] and a [broken link](#nowhere), a [good one](#a-heading), "
                       "[a web link](https://example.org/?a=1&b=<2>) and [another file](missing.md#x).\n\n"
                       "## A heading\n\n"
                       "## A heading\n\n"
                       "| a | b |\n|:--|--:|\n| <x> | & |\n\n"
                       "```c\nif (a < b && c > d) { puts(\"]]>\"); }\n```\n\n"
                       "![missing image](img/none.png) ~~struck~~\n\n"
                       "[^n]: The note, with <tags> & ampersands.\n",
                       &error);
  g_assert_no_error (error);
  c2 = df_test_append_chapter (store, project->id, part->id, "اردو باب",
                               "# اردو باب\n\nیہ ایک جملہ ہے۔ \"اقتباس\" & <نشان>\n\n"
                               "See [the first chapter](scripts-script-alert-1-script-co.md).\n");
  c3 = df_test_append_chapter (store, project->id, 0, "\x01\x0b", "");
  hostile = project;
  return project;
}

static void
test_epub_hostile (void)
{
  DfProject *project = hostile_project ();
  g_autoptr(DfExportResult) result = run_export ("epub", project, "hostile.epub", NULL);
  g_autoptr(GHashTable) contents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) names = zip_names (result->output_path, contents);
  const char *ch1 = g_hash_table_lookup (contents, "EPUB/text/ch001.xhtml");
  const char *ch2 = g_hash_table_lookup (contents, "EPUB/text/ch002.xhtml");

  assert_job_completed (result);
  assert_mimetype_first (result->output_path);
  g_assert_nonnull (ch1);
  g_assert_nonnull (ch2);
  g_assert_null (strstr (ch1, "<script"));
  g_assert_null (strstr (ch1, "onclick"));
  g_assert_null (strstr (ch1, "\x01"));
  g_assert_null (strstr (ch1, "\x0b"));
  g_assert_nonnull (strstr (ch1, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  g_assert_nonnull (strstr (ch1, "]]&gt;"));
  g_assert_nonnull (strstr (ch1, "epub:type=\"noteref\""));
  g_assert_nonnull (strstr (ch1, "epub:type=\"footnote\""));
  g_assert_nonnull (strstr (ch1, "href=\"#a-heading\""));
  g_assert_nonnull (strstr (ch1, "id=\"a-heading-1\""));
  g_assert_null (strstr (ch1, "#nowhere"));
  g_assert_null (strstr (ch1, "missing.md"));
  /* the Urdu chapter opens with its title: not printed twice */
  g_assert_null (strstr (ch2, "chapter-title"));
  g_assert_nonnull (strstr (ch2, "href=\"ch001.xhtml\""));
  g_assert_cmpuint (count_prefix (names, "EPUB/text/ch"), ==, 3);

  if (have_epubcheck ())
    assert_epubcheck (result->output_path);
}

/* ---- HTML ---------------------------------------------------------------- */

static void
assert_links_resolve (const char *html)
{
  g_autoptr(GRegex) ids = g_regex_new ("\\sid=\"([^\"]+)\"", 0, 0, NULL);
  g_autoptr(GRegex) hrefs = g_regex_new ("\\shref=\"#([^\"]*)\"", 0, 0, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GMatchInfo) m = NULL;
  guint n_links = 0;

  for (g_regex_match (ids, html, 0, &m); g_match_info_matches (m); g_match_info_next (m, NULL))
    {
      char *id = g_match_info_fetch (m, 1);

      if (g_hash_table_contains (seen, id))
        g_test_fail_printf ("id \"%s\" appears twice", id);
      g_hash_table_add (seen, id);
    }
  g_clear_pointer (&m, g_match_info_free);

  for (g_regex_match (hrefs, html, 0, &m); g_match_info_matches (m); g_match_info_next (m, NULL))
    {
      g_autofree char *target = g_match_info_fetch (m, 1);

      n_links++;
      if (!g_hash_table_contains (seen, target))
        g_test_fail_printf ("the link to #%s goes nowhere", target);
    }
  g_assert_cmpuint (n_links, >, 0);
}

static void
assert_xml_well_formed (const char *path)
{
  g_autofree char *xmllint = g_find_program_in_path ("xmllint");
  const char *argv[] = { "xmllint", "--noout", "--nonet", path, NULL };
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (xmllint == NULL)
    {
      g_test_message ("xmllint is not installed (apt install libxml2-utils): well-formedness not checked");
      return;
    }
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_fail_printf ("%s is not well-formed: %s", path, err);
}

static void
test_html_rust_book (void)
{
  DfProject *project = corpus_project ("textbook/rust-book/src");
  g_autoptr(DfExportResult) result = NULL;
  g_autofree char *html = NULL;

  if (project == NULL)
    return;
  result = run_export ("html", project, "rust.html", NULL);
  assert_job_completed (result);
  html = df_test_read_file (result->output_path, NULL);
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html"));
  g_assert_nonnull (strstr (html, "<meta charset=\"utf-8\" />"));
  g_assert_nonnull (strstr (html, "<title>The Rust Programming Language</title>"));
  g_assert_nonnull (strstr (html, "@media print"));
  g_assert_nonnull (strstr (html, "prefers-color-scheme: dark"));
  g_assert_nonnull (strstr (html, "<nav class=\"toc\""));
  /* images stand inside the file */
  g_assert_nonnull (strstr (html, "<img src=\"data:image/svg+xml;base64,"));
  g_assert_null (strstr (html, "src=\"img/"));
  assert_links_resolve (html);
  assert_xml_well_formed (result->output_path);
}

static void
test_html_hostile (void)
{
  DfProject *project = hostile_project ();
  g_autoptr(DfExportResult) result = run_export ("html", project, "hostile.html", NULL);
  g_autofree char *html = NULL;

  html = df_test_read_file (result->output_path, NULL);
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "\x01"));
  g_assert_nonnull (strstr (html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  g_assert_nonnull (strstr (html, "<title>Hostile &lt;b&gt;&amp; &quot;quoted&quot;&lt;/b&gt; ]]&gt;</title>"));
  g_assert_nonnull (strstr (html, "lang=\"en\""));
  assert_links_resolve (html);
  assert_xml_well_formed (result->output_path);
}

/* ---- right to left --------------------------------------------------------- */

/* A book in Urdu (its project's language ur), with English words in its
 * sentences, a list, a quote and code. */
static DfProject *
urdu_project (void)
{
  g_autoptr(GError) error = NULL;

  if (urdu != NULL)
    return urdu;
  urdu = df_test_make_project (store, "اردو کتاب",
                               "پہلا باب",
                               "یہ کتاب Hello World کے بارے میں ہے۔\n\n"
                               "- پہلی بات\n- دوسری بات\n\n"
                               "> ایک اقتباس۔\n\n"
                               "```\nint main (void);\n```\n",
                               NULL);
  df_project_set_field (store, urdu->id, "language", "ur", &error);
  g_assert_no_error (error);
  return urdu;
}

static void
test_epub_urdu (void)
{
  g_autoptr(DfExportResult) result = run_export ("epub", urdu_project (), "urdu.epub", NULL);
  g_autoptr(DfExportResult) english = run_export ("epub", hostile_project (), "english.epub", NULL);
  g_autoptr(GHashTable) contents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) english_contents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) names = zip_names (result->output_path, contents);
  g_autoptr(GPtrArray) english_names = zip_names (english->output_path, english_contents);
  const char *opf = g_hash_table_lookup (contents, "EPUB/content.opf");
  const char *chapter = g_hash_table_lookup (contents, "EPUB/text/ch001.xhtml");

  /* The package: in Urdu, pages turned from right to left. */
  g_assert_nonnull (strstr (opf, "<dc:language>ur</dc:language>"));
  g_assert_nonnull (strstr (opf, "<spine toc=\"ncx\" page-progression-direction=\"rtl\">"));
  /* Each document right to left, in Urdu. */
  g_assert_nonnull (strstr (chapter, " xml:lang=\"ur\" lang=\"ur\" dir=\"rtl\">"));
  g_assert_nonnull (strstr (g_hash_table_lookup (contents, "EPUB/nav.xhtml"), " dir=\"rtl\">"));
  g_assert_nonnull (strstr (chapter, "Hello World"));
  g_assert_nonnull (strstr (g_hash_table_lookup (contents, "EPUB/css/stylesheet.css"), "text-align: right"));

  /* A book in English says nothing of direction. */
  g_assert_null (strstr (g_hash_table_lookup (english_contents, "EPUB/content.opf"), "page-progression-direction"));
  g_assert_null (strstr (g_hash_table_lookup (english_contents, "EPUB/text/ch001.xhtml"), "dir="));
  g_assert_null (strstr (g_hash_table_lookup (english_contents, "EPUB/css/stylesheet.css"), "text-align: right"));

  if (have_epubcheck ())
    assert_epubcheck (result->output_path);
}

static void
test_html_urdu (void)
{
  g_autoptr(DfExportResult) result = run_export ("html", urdu_project (), "urdu.html", NULL);
  g_autoptr(DfExportResult) english = run_export ("html", hostile_project (), "english.html", NULL);
  g_autofree char *html = df_test_read_file (result->output_path, NULL);
  g_autofree char *english_html = df_test_read_file (english->output_path, NULL);

  g_assert_nonnull (strstr (html, "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"ur\" xml:lang=\"ur\" dir=\"rtl\">"));
  g_assert_nonnull (strstr (html, "border-right: 3px solid"));
  g_assert_nonnull (strstr (html, "Hello World"));
  assert_xml_well_formed (result->output_path);

  g_assert_nonnull (strstr (english_html, "lang=\"en\" xml:lang=\"en\">"));
  g_assert_null (strstr (english_html, "dir=\"rtl\""));
  g_assert_null (strstr (english_html, "border-right"));
}

/* ---- Markdown ------------------------------------------------------------ */

static JsonObject *
single_file_options (void)
{
  JsonObject *options = json_object_new ();

  json_object_set_boolean_member (options, "single-file", TRUE);
  return options;
}

static void
test_markdown_single_file (void)
{
  DfProject *pp = corpus_project ("novels/pride-and-prejudice.txt");
  DfProject *rust = corpus_project ("textbook/rust-book/src");
  g_autoptr(JsonObject) options = single_file_options ();
  g_autoptr(DfExportResult) r1 = NULL;
  g_autoptr(DfExportResult) r2 = NULL;
  g_autoptr(DfChapter) first = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  if (pp == NULL || rust == NULL)
    return;

  r1 = run_export ("markdown", pp, "pp.md", options);
  assert_job_completed (r1);
  text = df_test_read_file (r1->output_path, NULL);
  g_assert_true (g_str_has_prefix (text, "---\ntitle: \"Pride and Prejudice\"\n"));
  first = df_chapter_get_by_number (store, pp->id, 1, &error);
  g_assert_no_error (error);
  /* no parts: chapters are level 1, then their text as written */
  expected = g_strdup_printf ("\n# %s\n\n%s", first->title, first->content_md);
  g_assert_nonnull (strstr (text, expected));
  g_assert_nonnull (strstr (text, "\n# Chapter 61\n\n"));
  g_clear_pointer (&text, g_free);

  r2 = run_export ("markdown", rust, "rust.md", options);
  text = df_test_read_file (r2->output_path, NULL);
  /* parts are level 1, chapters level 2, their headings below */
  g_assert_nonnull (strstr (text, "\n# Getting Started\n\n## Getting Started\n"));
  g_assert_nonnull (strstr (text, "\n## Installation\n"));
  g_assert_nonnull (strstr (text, "\n### Installing `rustup` on Linux or macOS\n"));
  g_assert_null (strstr (text, "\n# Installation\n"));
}

static gboolean
extract_zip (const char *zip,
             const char *dir)
{
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;

  archive_read_support_format_zip (a);
  g_assert_cmpint (archive_read_open_filename (a, zip, 65536), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname (entry);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *parent = g_path_get_dirname (path);
      GString *data = g_string_new (NULL);
      char buffer[65536];
      la_ssize_t n;

      g_assert_null (strstr (name, ".."));
      g_assert_false (g_path_is_absolute (name));
      while ((n = archive_read_data (a, buffer, sizeof buffer)) > 0)
        g_string_append_len (data, buffer, n);
      g_assert_cmpint (n, ==, 0);
      g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
      g_assert_true (g_file_set_contents (path, data->str, data->len, NULL));
      g_string_free (data, TRUE);
    }
  archive_read_free (a);
  return TRUE;
}

static void
test_markdown_zip_round_trip (void)
{
  DfProject *rust = corpus_project ("textbook/rust-book/src");
  g_autoptr(DfExportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) copy = NULL;
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autofree char *dir = g_build_filename (tmp_dir, "unzipped", NULL);
  g_autofree char *folder = NULL;

  if (rust == NULL)
    return;

  result = run_export ("markdown", rust, "rust.zip", NULL);
  assert_job_completed (result);
  extract_zip (result->output_path, dir);
  folder = g_build_filename (dir, rust->slug, NULL);
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));

  copy = df_import (store, folder, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (copy->title, ==, rust->title);

  a = df_chapter_list (store, rust->id, &error);
  g_assert_no_error (error);
  b = df_chapter_list (store, copy->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      DfChapter *ca = g_ptr_array_index (a, i);
      DfChapter *cb = g_ptr_array_index (b, i);
      g_autoptr(DfChapter) fa = df_test_get_chapter (store, ca->id);
      g_autoptr(DfChapter) fb = df_test_get_chapter (store, cb->id);

      g_assert_cmpstr (fa->title, ==, fb->title);
      g_assert_cmpstr (fa->content_md, ==, fb->content_md);
    }

  df_test_remove_tree (dir);
}

/* ---- cancelling ------------------------------------------------------------ */

static void
cancel_on_progress (double      fraction,
                    const char *message,
                    gpointer    user_data)
{
  if (fraction > 0.0)
    g_cancellable_cancel (user_data);
}

/* No spool folder of an export is left in the temporary folder. */
static void
assert_no_spool (void)
{
  g_autoptr(GDir) dir = g_dir_open (g_get_tmp_dir (), 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (g_str_has_prefix (name, "draftforge-spool-"));
}

/* A chapter bigger than what is kept in memory until the archive is
 * written (it waits in a temporary file): the EPUB holds it whole, is
 * valid, and the temporary file is gone after. */
static void
test_epub_big_chapter (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(DfProject) project = df_test_make_project (store, "Big Chapter", NULL);
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(DfExportResult) result = NULL;
  g_autofree char *dir = g_build_filename (tmp_dir, "big-unzipped", NULL);
  g_autofree char *xhtml_path = g_build_filename (dir, "EPUB", "text", "ch001.xhtml", NULL);
  g_autofree char *xhtml = NULL;

  for (guint i = 1; i <= 3000; i++)
    g_string_append_printf (text, "Paragraph %u of a chapter written in one sitting, long enough to matter.\n\n", i);
  chapter = df_test_append_chapter (store, project->id, 0, "One Long Night", text->str);
  result = run_export ("epub", project, "big.epub", NULL);
  assert_job_completed (result);
  assert_no_spool ();
  g_assert_true (extract_zip (result->output_path, dir));
  xhtml = df_test_read_file (xhtml_path, NULL);
  g_assert_nonnull (strstr (xhtml, "Paragraph 1 of a chapter"));
  g_assert_nonnull (strstr (xhtml, "Paragraph 3000 of a chapter written in one sitting"));
  assert_mimetype_first (result->output_path);
  assert_epubcheck (result->output_path);
  df_test_remove_tree (dir);
}

/* The book an EPUB is written from reads each chapter's text only when
 * that chapter is written and lets it go after (a big book holds one
 * chapter's text at a time); as a profile reads it with "profile". */
static void
test_epub_lazy_book (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = df_test_make_project (store, "Lazy Book", NULL);
  g_autoptr(DfChapter) one = NULL;
  g_autoptr(DfChapter) two = NULL;
  g_autoptr(DfBook) book = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(DfExportResult) result = NULL;
  g_autoptr(JsonObject) options = json_object_new ();
  g_autofree char *dir = g_build_filename (tmp_dir, "lazy-unzipped", NULL);
  g_autofree char *xhtml_path = g_build_filename (dir, "EPUB", "text", "ch002.xhtml", NULL);
  g_autofree char *xhtml = NULL;
  DfChapter *first;

  one = df_test_append_chapter (store, project->id, 0, "Harbour", "The boats came in at dusk.\n");
  two = df_test_append_chapter (store, project->id, 0, "Levels",
                                "Before the blocks.\n\n"
                                "::: {level=beginner}\nA word for beginners.\n:::\n\n"
                                "::: {level=expert}\nA word for experts.\n:::\n");

  book = df_book_load_lazily (store, project->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (book->chapters->len, ==, 2);
  first = book->chapters->pdata[0];
  g_assert_null (first->content_md);
  g_assert_cmpstr (df_book_chapter_text (book, first, &error), ==, "The boats came in at dusk.\n");
  g_assert_no_error (error);
  df_book_chapter_release (book, first);
  g_assert_null (first->content_md);

  profile = df_profile_create (store, "Expert Reader", &error);
  g_assert_no_error (error);
  g_assert_true (df_profile_set (store, profile->id, "experience_level", "expert", &error));
  g_assert_no_error (error);
  json_object_set_string_member (options, "profile", profile->id);
  result = run_export ("epub", project, "lazy.epub", options);
  assert_job_completed (result);
  g_assert_true (extract_zip (result->output_path, dir));
  xhtml = df_test_read_file (xhtml_path, NULL);
  g_assert_nonnull (strstr (xhtml, "Before the blocks."));
  g_assert_nonnull (strstr (xhtml, "A word for experts."));
  g_assert_null (strstr (xhtml, "A word for beginners."));
  assert_epubcheck (result->output_path);
  df_test_remove_tree (dir);
}

static void
assert_cancelled_export (const char *format,
                         DfProject  *project)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("%s/cancelled.%s", tmp_dir, format);
  g_autoptr(GDir) dir = NULL;
  DfExportResult *result;
  sqlite3_stmt *stmt = NULL;
  const char *name;

  result = df_export_run (exporter (format), store, project->id, path, NULL,
                          cancel_on_progress, cancellable, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* no temporary file left behind either */
  dir = g_dir_open (tmp_dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_null (strstr (name, ".part-"));

  g_assert_cmpint (sqlite3_prepare_v2 (df_store_get_db (store),
                                       "SELECT status FROM export_jobs WHERE id = (SELECT max(id) FROM export_jobs)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "canceled");
  sqlite3_finalize (stmt);
  assert_no_spool ();
}

static void
test_cancel (void)
{
  DfProject *wp = corpus_project ("novels/war-and-peace.txt");

  if (wp == NULL)
    return;
  assert_cancelled_export ("epub", wp);
  assert_cancelled_export ("html", wp);
  assert_cancelled_export ("markdown", wp);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *private_tmp = g_strdup ("/tmp/df-test-export-XXXXXX");
  int status;

  /* A temporary folder of its own, to see that exports leave nothing in
   * it (read before anything asks GLib for the temporary folder). */
  g_assert_nonnull (g_mkdtemp (private_tmp));
  g_setenv ("TMPDIR", private_tmp, TRUE);
  g_test_init (&argc, &argv, NULL);

  store = df_test_store_new ("export", &tmp_dir, NULL);
  host = df_plugin_host_new (store, NULL);
  df_plugin_host_load (host);
  imported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)df_project_free);

  g_test_add_func ("/export/epub/pride-and-prejudice", test_epub_pride_and_prejudice);
  g_test_add_func ("/export/epub/war-and-peace", test_epub_war_and_peace);
  g_test_add_func ("/export/epub/rust-book", test_epub_rust_book);
  g_test_add_func ("/export/epub/hostile", test_epub_hostile);
  g_test_add_func ("/export/epub/big-chapter", test_epub_big_chapter);
  g_test_add_func ("/export/epub/lazy-book", test_epub_lazy_book);
  g_test_add_func ("/export/html/rust-book", test_html_rust_book);
  g_test_add_func ("/export/html/hostile", test_html_hostile);
  g_test_add_func ("/export/epub/urdu", test_epub_urdu);
  g_test_add_func ("/export/html/urdu", test_html_urdu);
  g_test_add_func ("/export/markdown/single-file", test_markdown_single_file);
  g_test_add_func ("/export/markdown/zip-round-trip", test_markdown_zip_round_trip);
  g_test_add_func ("/export/cancel", test_cancel);

  status = g_test_run ();

  g_hash_table_unref (imported);
  g_clear_pointer (&hostile, df_project_free);
  g_clear_pointer (&urdu, df_project_free);
  g_clear_object (&host);
  g_clear_object (&store);
  df_test_tmp_dir_free (tmp_dir);
  df_test_remove_tree (private_tmp);
  return status;
}
