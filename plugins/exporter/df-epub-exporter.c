/* df-epub-exporter.c: EPUB 3 (with an NCX for EPUB 2 readers)
 *
 * The layout follows pandoc's, which epubcheck accepts:
 *
 *   mimetype                    first, stored, no extra field
 *   META-INF/container.xml
 *   EPUB/content.opf            package document
 *   EPUB/nav.xhtml, toc.ncx     table of contents (parts > chapters)
 *   EPUB/css/stylesheet.css
 *   EPUB/text/title_page.xhtml, partNN.xhtml, chNNN.xhtml
 *   EPUB/media/image-NNN.ext    the images the chapters show
 *                               (df-epub-exporter-media.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "df-epub-exporter-private.h"

static const char stylesheet[] =
  "body { margin: 0 5%; text-align: justify; font-size: medium; line-height: 1.4; }\n"
  "h1, h2, h3, h4, h5, h6 { text-align: left; line-height: 1.2; page-break-after: avoid; }\n"
  "h1 { margin: 1.5em 0 1em; }\n"
  "p { margin: 0 0 0.6em; }\n"
  "code { font-family: monospace; font-size: 0.9em; }\n"
  "pre { white-space: pre-wrap; font-size: 0.85em; margin: 1em 0; text-align: left; }\n"
  "code.language-listing-not-found { display: block; padding: 0.5em; border: 2px solid #c01c28; color: #c01c28; font-weight: bold; }\n"
  "blockquote { margin: 1em 1.5em; font-style: italic; }\n"
  "img { max-width: 100%; }\n"
  "p.figure { text-align: center; }\n"
  "table { border-collapse: collapse; margin: 1em 0; }\n"
  "th, td { border: 1px solid #999; padding: 0.2em 0.5em; text-align: left; }\n"
  "hr { border: none; border-top: 1px solid #999; margin: 1.5em 20%; }\n"
  "sup a.noteref { text-decoration: none; }\n"
  "div.footnotes { margin-top: 2em; border-top: 1px solid #999; font-size: 0.9em; }\n"
  "p.footnote-number { font-weight: bold; margin: 0.8em 0 0.2em; }\n"
  "section.titlepage, section.part { text-align: center; margin-top: 30%; }\n"
  "h1.title { font-size: 2em; }\n"
  "p.author { font-size: 1.3em; margin-top: 2em; }\n"
  "nav#landmarks { display: none; }\n"
  "nav ol { list-style-type: none; }\n";

/* Added for a book written right to left: headings and table cells at the
 * right (EPUB style sheets may not set "direction": the documents' dir
 * attribute does). */
static const char stylesheet_rtl[] =
  "h1, h2, h3, h4, h5, h6, th, td { text-align: right; }\n";

/* ---- one export ------------------------------------------------------ */

static char *
map_link (const char *href,
          gpointer    user_data)
{
  Epub *epub = user_data;
  const char *id;
  int index;

  if (!exporter_resolve_link (epub->book, epub->docs, href, &index, &id))
    return NULL;
  if (id != NULL)
    return g_strdup_printf ("ch%03d.xhtml#%s", index + 1, id);
  return g_strdup_printf ("ch%03d.xhtml", index + 1);
}

static gboolean
add_string (Epub        *epub,
            const char  *name,
            GString     *text,       /* taken */
            GError     **error)
{
  gsize len = text->len;

  return epub_add_entry (epub, name, g_string_free (text, FALSE), len, TRUE, error);
}

/* ---- XHTML documents -------------------------------------------------- */

static GString *
xhtml_begin (Epub       *epub,
             const char *title,
             const char *css_href,
             const char *body_type)
{
  GString *out = g_string_sized_new (4096);

  g_string_append (out,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<!DOCTYPE html>\n"
                   "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\"");
  g_string_append_printf (out, " xml:lang=\"%s\" lang=\"%s\"%s>\n<head>\n<meta charset=\"utf-8\" />\n<title>",
                          epub->lang, epub->lang, epub->rtl ? " dir=\"rtl\"" : "");
  exporter_xml_escape_append (out, title, -1);
  g_string_append (out, "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"");
  g_string_append (out, css_href);
  g_string_append (out, "\" />\n</head>\n<body");
  if (body_type != NULL)
    g_string_append_printf (out, " epub:type=\"%s\"", body_type);
  g_string_append (out, ">\n");
  return out;
}

static void
xhtml_end (GString *out)
{
  g_string_append (out, "</body>\n</html>\n");
}

/* A BCP 47 language tag as epubcheck accepts it, or NULL. */
static gboolean
language_is_valid (const char *tag)
{
  g_auto(GStrv) subtags = NULL;

  if (tag == NULL || *tag == '\0')
    return FALSE;
  subtags = g_strsplit (tag, "-", -1);
  for (guint i = 0; subtags[i] != NULL; i++)
    {
      gsize len = strlen (subtags[i]);

      if (len == 0 || len > 8 || (i == 0 && (len < 2 || len > 3)))
        return FALSE;
      for (const char *p = subtags[i]; *p; p++)
        if (!(i == 0 ? g_ascii_isalpha (*p) : g_ascii_isalnum (*p)))
          return FALSE;
    }
  return TRUE;
}

/* urn:uuid from the project's slug and creation time: the same book gets
 * the same identifier each time it is exported. */
static char *
book_identifier (DfProject *project)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize len = sizeof digest;

  g_checksum_update (checksum, (const guchar *)"draftforge-epub\n", -1);
  g_checksum_update (checksum, (const guchar *)project->slug, -1);
  g_checksum_update (checksum, (const guchar *)"\n", 1);
  g_checksum_update (checksum, (const guchar *)(project->created_at ? project->created_at : ""), -1);
  g_checksum_get_digest (checksum, digest, &len);
  digest[6] = (digest[6] & 0x0f) | 0x50;   /* version 5: name-based, SHA-1 */
  digest[8] = (digest[8] & 0x3f) | 0x80;   /* RFC 4122 variant */

  return g_strdup_printf ("urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                          digest[6], digest[7], digest[8], digest[9], digest[10], digest[11],
                          digest[12], digest[13], digest[14], digest[15]);
}

static gboolean
cancelled (Epub    *epub,
           GError **error)
{
  return g_cancellable_set_error_if_cancelled (df_export_context_get_cancellable (epub->context), error);
}

/* ---- the documents ---------------------------------------------------- */

/* mimetype (first, stored, no extra field) and META-INF/container.xml */
static gboolean
write_container (Epub    *epub,
                 GError **error)
{
  GString *out;

  if (!epub_add_entry (epub, "mimetype", g_strdup ("application/epub+zip"), strlen ("application/epub+zip"),
                  FALSE, error))
    return FALSE;
  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
                      "  <rootfiles>\n"
                      "    <rootfile full-path=\"EPUB/content.opf\" media-type=\"application/oebps-package+xml\" />\n"
                      "  </rootfiles>\n"
                      "</container>\n");
  return add_string (epub, "META-INF/container.xml", out, error);
}

/* A document of the body, text/@name, in the manifest and the spine. */
static void
add_to_package (Epub       *epub,
                const char *id,
                const char *name)
{
  g_string_append_printf (epub->manifest, "    <item id=\"%s\" href=\"text/%s\" media-type=\"application/xhtml+xml\" />\n",
                          id, name);
  g_string_append_printf (epub->spine, "    <itemref idref=\"%s\" />\n", id);
  if (epub->first_body == NULL)
    epub->first_body = g_strconcat ("text/", name, NULL);
}

/* Opens a navPoint of toc.ncx for text/@name; the caller closes it. */
static void
ncx_point_open (Epub       *epub,
                const char *indent,
                const char *title,
                const char *name)
{
  epub->play_order++;
  g_string_append_printf (epub->ncx_map, "%s<navPoint id=\"navPoint-%d\" playOrder=\"%d\">\n"
                          "      <navLabel><text>", indent, epub->play_order, epub->play_order);
  exporter_xml_escape_append (epub->ncx_map, title, -1);
  g_string_append_printf (epub->ncx_map, "</text></navLabel>\n      <content src=\"text/%s\" />\n", name);
}

static gboolean
write_title_page (Epub    *epub,
                  GError **error)
{
  GString *out = xhtml_begin (epub, epub->title, "../css/stylesheet.css", "frontmatter");

  g_string_append (out, "<section class=\"titlepage\" epub:type=\"titlepage\">\n");
  exporter_append_book_title (out, epub->title, epub->author);
  g_string_append (out, "</section>\n");
  xhtml_end (out);
  if (!add_string (epub, "EPUB/text/title_page.xhtml", out, error))
    return FALSE;
  g_string_append (epub->manifest, "    <item id=\"title_page\" href=\"text/title_page.xhtml\" media-type=\"application/xhtml+xml\" />\n");
  g_string_append (epub->spine, "    <itemref idref=\"title_page\" linear=\"yes\" />\n");
  return TRUE;
}

/* The part's page; its entries in the tables of contents stay open for
 * its chapters. */
static gboolean
write_part (Epub     *epub,
            DfPart   *part,
            guint     number,
            GError  **error)
{
  g_autofree char *title = exporter_part_title (part);
  g_autofree char *id = g_strdup_printf ("part%02u", number);
  g_autofree char *name = g_strconcat (id, ".xhtml", NULL);
  g_autofree char *path = g_strconcat ("EPUB/text/", name, NULL);
  GString *out = xhtml_begin (epub, title, "../css/stylesheet.css", "bodymatter");

  g_string_append (out, "<section class=\"part\" epub:type=\"part\">\n");
  exporter_append_part_title (out, title, part->description);
  g_string_append (out, "</section>\n");
  xhtml_end (out);
  if (!add_string (epub, path, out, error))
    return FALSE;

  add_to_package (epub, id, name);
  g_string_append_printf (epub->toc, "      <li><a href=\"text/%s\">", name);
  exporter_xml_escape_append (epub->toc, title, -1);
  g_string_append (epub->toc, "</a>\n        <ol>\n");
  ncx_point_open (epub, "    ", title, name);
  return TRUE;
}

static gboolean
write_chapter (Epub     *epub,
               guint     index,
               gboolean  in_part,
               GError  **error)
{
  DfChapter *chapter = g_ptr_array_index (epub->book->chapters, index);
  ExporterDoc *doc = g_ptr_array_index (epub->docs, index);
  g_autofree char *title = exporter_chapter_title (chapter);
  g_autofree char *id = g_strdup_printf ("ch%03u", index + 1);
  g_autofree char *name = g_strconcat (id, ".xhtml", NULL);
  g_autofree char *path = g_strconcat ("EPUB/text/", name, NULL);
  ExporterXhtmlOptions options = {
    .id_prefix = NULL,
    .epub = TRUE,
    .map_image = epub_map_image,
    .map_link = map_link,
    .user_data = epub,
  };
  GString *out;

  exporter_progress (epub->context, &epub->progress_step, 0.4 + 0.5 * index / epub->book->chapters->len, title);
  if (cancelled (epub, error))
    return FALSE;

  if (!exporter_doc_load (doc, error))
    return FALSE;
  out = xhtml_begin (epub, title, "../css/stylesheet.css", "bodymatter");
  g_string_append (out, "<section class=\"chapter\" epub:type=\"chapter\">\n");
  exporter_doc_render_chapter (doc, chapter, title, &options, out);
  exporter_doc_release (doc);
  g_string_append (out, "</section>\n");
  xhtml_end (out);
  if (!add_string (epub, path, out, error))
    return FALSE;

  add_to_package (epub, id, name);
  g_string_append_printf (epub->toc, "%s<li><a href=\"text/%s\">", in_part ? "          " : "      ", name);
  exporter_xml_escape_append (epub->toc, title, -1);
  g_string_append (epub->toc, "</a></li>\n");
  ncx_point_open (epub, in_part ? "  " : "", title, name);
  g_string_append_printf (epub->ncx_map, "    %s</navPoint>\n", in_part ? "  " : "");
  return TRUE;
}

/* The parts and chapters, in order. */
static gboolean
write_body (Epub    *epub,
            GError **error)
{
  DfBook *book = epub->book;
  guint chapter_index = 0;

  for (guint s = 0; s < book->sections->len; s++)
    {
      DfBookSection *section = g_ptr_array_index (book->sections, s);
      gboolean in_part = section->part != NULL;

      if (in_part && !write_part (epub, section->part, s + 1, error))
        return FALSE;
      for (guint c = 0; c < section->chapters->len; c++, chapter_index++)
        if (!write_chapter (epub, chapter_index, in_part, error))
          return FALSE;
      if (in_part)
        {
          g_string_append (epub->toc, "        </ol>\n      </li>\n");
          g_string_append (epub->ncx_map, "    </navPoint>\n");
        }
    }
  return TRUE;
}

/* The images the chapters showed, and the stylesheet. */
static gboolean
write_resources (Epub    *epub,
                 GError **error)
{
  char *css;

  if (!epub_write_images (epub, error))
    return FALSE;
  css = g_strconcat (stylesheet, epub->rtl ? stylesheet_rtl : "", NULL);
  return epub_add_entry (epub, "EPUB/css/stylesheet.css", css, strlen (css), TRUE, error);
}

static gboolean
write_nav (Epub    *epub,
           GError **error)
{
  GString *out = xhtml_begin (epub, epub->title, "css/stylesheet.css", NULL);

  g_string_append (out, "<nav epub:type=\"toc\" id=\"toc\">\n<h1 id=\"toc-title\">");
  exporter_xml_escape_append (out, _("Contents"), -1);
  g_string_append (out, "</h1>\n    <ol class=\"toc\">\n");
  g_string_append_len (out, epub->toc->str, epub->toc->len);
  g_string_append (out, "    </ol>\n</nav>\n<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n  <ol>\n");
  exporter_xml_append_element (out, "    <li><a href=\"nav.xhtml#toc\" epub:type=\"toc\">",
                               _("Table of Contents"), "</a></li>\n");
  if (epub->first_body != NULL)
    {
      g_string_append_printf (out, "    <li><a href=\"%s\" epub:type=\"bodymatter\">", epub->first_body);
      exporter_xml_escape_append (out, _("Start of content"), -1);
      g_string_append (out, "</a></li>\n");
    }
  g_string_append (out, "  </ol>\n</nav>\n");
  xhtml_end (out);
  return add_string (epub, "EPUB/nav.xhtml", out, error);
}

static gboolean
write_ncx (Epub    *epub,
           GError **error)
{
  GString *out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\">\n  <head>\n"
                               "    <meta name=\"dtb:uid\" content=\"");

  g_string_append (out, epub->identifier);
  g_string_append_printf (out, "\" />\n    <meta name=\"dtb:depth\" content=\"%d\" />\n"
                          "    <meta name=\"dtb:totalPageCount\" content=\"0\" />\n"
                          "    <meta name=\"dtb:maxPageNumber\" content=\"0\" />\n  </head>\n"
                          "  <docTitle><text>", exporter_book_has_parts (epub->book) ? 2 : 1);
  exporter_xml_escape_append (out, epub->title, -1);
  g_string_append (out, "</text></docTitle>\n  <navMap>\n");
  g_string_append_len (out, epub->ncx_map->str, epub->ncx_map->len);
  g_string_append (out, "  </navMap>\n</ncx>\n");
  return add_string (epub, "EPUB/toc.ncx", out, error);
}

/* content.opf */
static gboolean
write_package (Epub    *epub,
               GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *modified = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"bookid\" xml:lang=\"%s\">\n"
                          "  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                          "    <dc:identifier id=\"bookid\">%s</dc:identifier>\n"
                          "    <dc:title id=\"title\">", epub->lang, epub->identifier);
  exporter_xml_escape_append (out, epub->title, -1);
  g_string_append (out, "</dc:title>\n");
  if (epub->author != NULL)
    exporter_xml_append_element (out, "    <dc:creator id=\"creator\">", epub->author, "</dc:creator>\n");
  g_string_append_printf (out, "    <dc:language>%s</dc:language>\n"
                          "    <meta property=\"dcterms:modified\">%s</meta>\n"
                          "  </metadata>\n  <manifest>\n"
                          "    <item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\" />\n"
                          "    <item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\" />\n"
                          "    <item id=\"stylesheet\" href=\"css/stylesheet.css\" media-type=\"text/css\" />\n",
                          epub->lang, modified);
  g_string_append_len (out, epub->manifest->str, epub->manifest->len);
  g_string_append_printf (out, "  </manifest>\n  <spine toc=\"ncx\"%s>\n",
                          epub->rtl ? " page-progression-direction=\"rtl\"" : "");
  g_string_append_len (out, epub->spine->str, epub->spine->len);
  g_string_append (out, "  </spine>\n</package>\n");
  return add_string (epub, "EPUB/content.opf", out, error);
}

/* ---- the export ------------------------------------------------------- */

/* Every entry of the archive, in the order EPUB wants them. */
static gboolean
write_epub (Epub      *epub,
            gboolean   title_page,
            GError   **error)
{
  if (!write_container (epub, error))
    return FALSE;
  /* Parse every chapter first: links between chapters need the ids. */
  epub->docs = exporter_parse_chapters (epub->context, epub->book, &epub->progress_step, error);
  if (epub->docs == NULL)
    return FALSE;
  if (title_page && !write_title_page (epub, error))
    return FALSE;
  g_string_append (epub->spine, "    <itemref idref=\"nav\" linear=\"yes\" />\n");
  return write_body (epub, error) &&
         write_resources (epub, error) &&
         write_nav (epub, error) &&
         write_ncx (epub, error) &&
         write_package (epub, error);
}

/* The language and the author: the options', else the book's. */
static gboolean
epub_init (Epub             *epub,
           DfExportContext  *context,
           DfBook           *book,
           GError          **error)
{
  const char *language = df_export_context_get_option_string (context, "language", NULL);
  const char *author = df_export_context_get_option_string (context, "author", NULL);

  if (language != NULL && !language_is_valid (language))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The language “%s” is not a language tag: give one such as en, fr or pt-BR"), language);
      return FALSE;
    }
  if (language == NULL)
    language = language_is_valid (book->project->language) ? book->project->language : "en";

  epub->context = context;
  epub->book = book;
  epub->lang = language;
  epub->rtl = exporter_language_is_rtl (language);
  epub->progress_step = -1;
  epub->title = exporter_book_title (book);
  epub->identifier = book_identifier (book->project);
  epub->author = g_strstrip (exporter_xml_clean (author ? author : book->author));
  if (*epub->author == '\0')
    g_clear_pointer (&epub->author, g_free);
  epub->images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  epub->image_list = g_ptr_array_new_with_free_func (epub_image_free);
  epub->manifest = g_string_new (NULL);
  epub->spine = g_string_new (NULL);
  epub->toc = g_string_new (NULL);
  epub->ncx_map = g_string_new (NULL);
  return TRUE;
}

static void
epub_clear (Epub *epub)
{
  g_free (epub->title);
  g_free (epub->author);
  g_free (epub->identifier);
  g_free (epub->first_body);
  g_clear_pointer (&epub->docs, g_ptr_array_unref);
  g_clear_pointer (&epub->images, g_hash_table_unref);
  g_clear_pointer (&epub->image_list, g_ptr_array_unref);
  if (epub->manifest != NULL)
    {
      g_string_free (epub->manifest, TRUE);
      g_string_free (epub->spine, TRUE);
      g_string_free (epub->toc, TRUE);
      g_string_free (epub->ncx_map, TRUE);
    }
}

gboolean
df_epub_exporter_export (DfExporter       *exporter,
                         DfExportContext  *context,
                         GError          **error)
{
  Epub epub = { 0 };
  const char *path = df_export_context_get_output_path (context);
  gboolean title_page = df_export_context_get_option_bool (context, "title-page", TRUE);
  DfBook *book;
  gboolean ok;

  if (g_cancellable_set_error_if_cancelled (df_export_context_get_cancellable (context), error))
    return FALSE;
  /* One chapter's text at a time, whatever the book's size. */
  if ((book = df_export_context_get_book_lazily (context, error)) == NULL)
    return FALSE;
  if (!epub_init (&epub, context, book, error) ||
      (epub.zip = exporter_zip_open (path, error)) == NULL)
    {
      epub_clear (&epub);
      return FALSE;
    }

  ok = write_epub (&epub, title_page, error);
  if (ok)
    {
      df_export_context_set_progress (context, 0.95, _("Compressing"));
      ok = exporter_zip_close (epub.zip, path, error);
    }
  else
    zip_discard (epub.zip);
  exporter_zip_spool_remove (&epub.spool_dir);

  epub_clear (&epub);
  return ok;
}
