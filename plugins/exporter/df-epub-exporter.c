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
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>
#include <zip.h>

#include "exporter-types.h"
#include "exporter-util.h"
#include "exporter-xhtml.h"

struct _DfEpubExporter
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE_WITH_CODE (DfEpubExporter, df_epub_exporter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DF_TYPE_EXPORTER, exporter_iface_init))

static const char stylesheet[] =
  "body { margin: 0 5%; text-align: justify; font-size: medium; line-height: 1.4; }\n"
  "h1, h2, h3, h4, h5, h6 { text-align: left; line-height: 1.2; page-break-after: avoid; }\n"
  "h1 { margin: 1.5em 0 1em; }\n"
  "p { margin: 0 0 0.6em; }\n"
  "code { font-family: monospace; font-size: 0.9em; }\n"
  "pre { white-space: pre-wrap; font-size: 0.85em; margin: 1em 0; text-align: left; }\n"
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

/* ---- one export ------------------------------------------------------ */

typedef struct
{
  char   *href;       /* "media/image-001.svg", relative to EPUB/ */
  char   *id;
  char   *mime_type;
  GBytes *data;
} Image;

static void
image_free (Image *image)
{
  g_free (image->href);
  g_free (image->id);
  g_free (image->mime_type);
  g_bytes_unref (image->data);
  g_free (image);
}

typedef struct
{
  DfExportContext *context;
  DfBook          *book;
  zip_t           *zip;
  const char      *lang;
  GPtrArray       *docs;          /* ExporterDoc*, per chapter */
  GHashTable      *images;        /* path as written -> Image* or NULL (missing) */
  GPtrArray       *image_list;    /* Image*, in order of first use */
  int              progress_step;
} Epub;

static const char *
image_extension (const char *mime_type)
{
  if (g_strcmp0 (mime_type, "image/svg+xml") == 0)
    return "svg";
  if (g_strcmp0 (mime_type, "image/png") == 0)
    return "png";
  if (g_strcmp0 (mime_type, "image/jpeg") == 0)
    return "jpg";
  if (g_strcmp0 (mime_type, "image/gif") == 0)
    return "gif";
  return NULL;   /* not a core media type of EPUB 3: shown as its alt text */
}

/* EPUB 3 forbids external identifiers and entities in a document type
 * declaration, which SVG files often carry ("-//W3C//DTD SVG 1.1//EN"):
 * the declaration goes, the drawing stays as it is. */
static GBytes *
svg_without_doctype (GBytes *data)
{
  gsize len;
  const char *svg = g_bytes_get_data (data, &len);
  const char *start = g_strstr_len (svg, MIN (len, 4096), "<!DOCTYPE");
  const char *p;
  int depth = 0;
  GByteArray *out;

  if (start == NULL)
    return g_bytes_ref (data);

  for (p = start; p < svg + len; p++)
    {
      if (*p == '[')
        depth++;
      else if (*p == ']')
        depth--;
      else if (*p == '>' && depth <= 0)
        break;
    }
  if (p >= svg + len)
    return g_bytes_ref (data);

  out = g_byte_array_sized_new (len);
  g_byte_array_append (out, (const guint8 *)svg, start - svg);
  g_byte_array_append (out, (const guint8 *)p + 1, svg + len - (p + 1));
  return g_byte_array_free_to_bytes (out);
}

static char *
map_image (const char *src,
           gpointer    user_data)
{
  Epub *epub = user_data;
  Image *image;
  gpointer found;

  if (g_hash_table_lookup_extended (epub->images, src, NULL, &found))
    image = found;
  else
    {
      g_autofree char *mime_type = NULL;
      g_autoptr(GError) error = NULL;
      GBytes *data = NULL;
      const char *ext;

      image = NULL;
      if (strstr (src, "://") == NULL && !g_str_has_prefix (src, "data:"))
        data = df_book_get_asset (df_export_context_get_store (epub->context), epub->book,
                                  src, &mime_type, &error);
      if (data != NULL && (ext = image_extension (mime_type)) != NULL)
        {
          image = g_new0 (Image, 1);
          image->id = g_strdup_printf ("image-%03u", epub->image_list->len + 1);
          image->href = g_strdup_printf ("media/%s.%s", image->id, ext);
          image->mime_type = g_steal_pointer (&mime_type);
          if (strcmp (ext, "svg") == 0)
            {
              image->data = svg_without_doctype (data);
              g_bytes_unref (data);
            }
          else
            image->data = data;
          g_ptr_array_add (epub->image_list, image);
        }
      else
        {
          df_export_context_log (epub->context, "Image “%s” left out: %s", src,
                                 data != NULL ? "not a PNG, JPEG, GIF or SVG image"
                                              : (error ? error->message : "not in the project"));
          g_clear_pointer (&data, g_bytes_unref);
        }
      g_hash_table_insert (epub->images, g_strdup (src), image);
    }

  return image ? g_strconcat ("../", image->href, NULL) : NULL;
}

static char *
map_link (const char *href,
          gpointer    user_data)
{
  Epub *epub = user_data;
  const char *hash = strchr (href, '#');
  g_autofree char *file = hash ? g_strndup (href, hash - href) : g_strdup (href);
  int index;

  if (strchr (file, ':') != NULL || *file == '\0')
    return NULL;
  index = exporter_find_chapter (epub->book, file);
  if (index < 0)
    return NULL;

  if (hash != NULL && hash[1] != '\0')
    {
      const char *id = exporter_doc_lookup_id (g_ptr_array_index (epub->docs, index), hash + 1);

      if (id != NULL)
        return g_strdup_printf ("ch%03d.xhtml#%s", index + 1, id);
    }
  return g_strdup_printf ("ch%03d.xhtml", index + 1);
}

static gboolean
add_entry (Epub        *epub,
           const char  *name,
           gpointer     data,       /* g_malloc'd, taken */
           gsize        len,
           gboolean     compress,
           GError     **error)
{
  zip_source_t *source;
  zip_int64_t index;

  source = zip_source_buffer (epub->zip, data, len, 1);
  if (source == NULL)
    {
      g_free (data);
      goto failed;
    }
  index = zip_file_add (epub->zip, name, source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
  if (index < 0)
    {
      zip_source_free (source);
      goto failed;
    }
  if (zip_set_file_compression (epub->zip, index, compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0) < 0 ||
      zip_file_extra_field_delete (epub->zip, index, ZIP_EXTRA_FIELD_ALL, ZIP_FL_LOCAL | ZIP_FL_CENTRAL) < 0)
    goto failed;
  return TRUE;

failed:
  g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Could not write “%s” into the EPUB: %s"),
               name, zip_strerror (epub->zip));
  return FALSE;
}

static gboolean
add_string (Epub        *epub,
            const char  *name,
            GString     *text,       /* taken */
            GError     **error)
{
  gsize len = text->len;

  return add_entry (epub, name, g_string_free (text, FALSE), len, TRUE, error);
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
  g_string_append_printf (out, " xml:lang=\"%s\" lang=\"%s\">\n<head>\n<meta charset=\"utf-8\" />\n<title>",
                          epub->lang, epub->lang);
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

static char *
book_title (Epub *epub)
{
  g_autofree char *title = exporter_xml_clean (epub->book->project->title);

  g_strstrip (title);
  return *title ? g_steal_pointer (&title) : g_strdup (_("Untitled"));
}

static char *
part_title (DfPart *part)
{
  g_autofree char *title = exporter_xml_clean (part->title);

  g_strstrip (title);
  return *title ? g_steal_pointer (&title) : g_strdup_printf (_("Part %" PRId64), part->number);
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

/* ---- the export ------------------------------------------------------- */

static gboolean
write_epub (Epub        *epub,
            gboolean     title_page,
            const char  *author,
            GError     **error)
{
  DfBook *book = epub->book;
  g_autofree char *title = book_title (epub);
  g_autofree char *identifier = book_identifier (book->project);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *modified = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  GString *manifest = g_string_new (NULL);
  GString *spine = g_string_new (NULL);
  GString *toc = g_string_new (NULL);
  GString *ncx_map = g_string_new (NULL);
  GString *out;
  const char *first_body = NULL;
  g_autofree char *first_body_owned = NULL;
  guint n_chapters = book->chapters->len;
  guint chapter_index = 0;
  int play_order = 0;
  gboolean has_parts = FALSE;
  gboolean ok = FALSE;

  /* mimetype: first, stored, no extra field. */
  if (!add_entry (epub, "mimetype", g_strdup ("application/epub+zip"), strlen ("application/epub+zip"),
                  FALSE, error))
    goto out;

  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
                      "  <rootfiles>\n"
                      "    <rootfile full-path=\"EPUB/content.opf\" media-type=\"application/oebps-package+xml\" />\n"
                      "  </rootfiles>\n"
                      "</container>\n");
  if (!add_string (epub, "META-INF/container.xml", out, error))
    goto out;

  /* Parse every chapter first: links between chapters need the ids. */
  for (guint i = 0; i < n_chapters; i++)
    {
      DfChapter *chapter = g_ptr_array_index (book->chapters, i);

      g_ptr_array_add (epub->docs, exporter_doc_new (chapter->content_md));
      if (i % 8 == 0)
        {
          exporter_progress (epub->context, &epub->progress_step, 0.4 * i / n_chapters, _("Reading the chapters"));
          if (cancelled (epub, error))
            goto out;
        }
    }

  if (title_page)
    {
      out = xhtml_begin (epub, title, "../css/stylesheet.css", "frontmatter");
      g_string_append (out, "<section class=\"titlepage\" epub:type=\"titlepage\">\n<h1 class=\"title\">");
      exporter_xml_escape_append (out, title, -1);
      g_string_append (out, "</h1>\n");
      if (author != NULL)
        {
          g_string_append (out, "<p class=\"author\">");
          exporter_xml_escape_append (out, author, -1);
          g_string_append (out, "</p>\n");
        }
      g_string_append (out, "</section>\n");
      xhtml_end (out);
      if (!add_string (epub, "EPUB/text/title_page.xhtml", out, error))
        goto out;
      g_string_append (manifest, "    <item id=\"title_page\" href=\"text/title_page.xhtml\" media-type=\"application/xhtml+xml\" />\n");
      g_string_append (spine, "    <itemref idref=\"title_page\" linear=\"yes\" />\n");
    }
  g_string_append (spine, "    <itemref idref=\"nav\" linear=\"yes\" />\n");

  for (guint s = 0; s < book->sections->len; s++)
    {
      DfBookSection *section = g_ptr_array_index (book->sections, s);
      gboolean in_part = section->part != NULL;

      if (in_part)
        {
          g_autofree char *ptitle = part_title (section->part);
          g_autofree char *name = g_strdup_printf ("part%02u.xhtml", s + 1);
          g_autofree char *path = g_strconcat ("EPUB/text/", name, NULL);

          has_parts = TRUE;
          out = xhtml_begin (epub, ptitle, "../css/stylesheet.css", "bodymatter");
          g_string_append (out, "<section class=\"part\" epub:type=\"part\">\n<h1 class=\"part-title\">");
          exporter_xml_escape_append (out, ptitle, -1);
          g_string_append (out, "</h1>\n");
          if (section->part->description != NULL && *section->part->description != '\0')
            {
              g_string_append (out, "<p class=\"part-description\">");
              exporter_xml_escape_append (out, section->part->description, -1);
              g_string_append (out, "</p>\n");
            }
          g_string_append (out, "</section>\n");
          xhtml_end (out);
          if (!add_string (epub, path, out, error))
            goto out;

          g_string_append_printf (manifest, "    <item id=\"part%02u\" href=\"text/%s\" media-type=\"application/xhtml+xml\" />\n",
                                  s + 1, name);
          g_string_append_printf (spine, "    <itemref idref=\"part%02u\" />\n", s + 1);
          g_string_append_printf (toc, "      <li><a href=\"text/%s\">", name);
          exporter_xml_escape_append (toc, ptitle, -1);
          g_string_append (toc, "</a>\n        <ol>\n");
          g_string_append_printf (ncx_map, "    <navPoint id=\"navPoint-%d\" playOrder=\"%d\">\n"
                                  "      <navLabel><text>", play_order + 1, play_order + 1);
          play_order++;
          exporter_xml_escape_append (ncx_map, ptitle, -1);
          g_string_append_printf (ncx_map, "</text></navLabel>\n      <content src=\"text/%s\" />\n", name);
          if (first_body == NULL)
            first_body = first_body_owned = g_strconcat ("text/", name, NULL);
        }

      for (guint c = 0; c < section->chapters->len; c++, chapter_index++)
        {
          DfChapter *chapter = g_ptr_array_index (section->chapters, c);
          ExporterDoc *doc = g_ptr_array_index (epub->docs, chapter_index);
          g_autofree char *ctitle = exporter_chapter_title (chapter);
          g_autofree char *name = g_strdup_printf ("ch%03u.xhtml", chapter_index + 1);
          g_autofree char *path = g_strconcat ("EPUB/text/", name, NULL);
          ExporterXhtmlOptions options = {
            .id_prefix = NULL,
            .epub = TRUE,
            .map_image = map_image,
            .map_link = map_link,
            .user_data = epub,
          };

          exporter_progress (epub->context, &epub->progress_step, 0.4 + 0.5 * chapter_index / n_chapters, ctitle);
          if (cancelled (epub, error))
            goto out;

          out = xhtml_begin (epub, ctitle, "../css/stylesheet.css", "bodymatter");
          g_string_append (out, "<section class=\"chapter\" epub:type=\"chapter\">\n");
          if (!exporter_doc_starts_with_title (doc, chapter->title))
            {
              g_string_append (out, "<h1 class=\"chapter-title\">");
              exporter_xml_escape_append (out, ctitle, -1);
              g_string_append (out, "</h1>\n");
            }
          exporter_doc_render (doc, &options, out);
          g_string_append (out, "</section>\n");
          xhtml_end (out);
          if (!add_string (epub, path, out, error))
            goto out;

          g_string_append_printf (manifest, "    <item id=\"ch%03u\" href=\"text/%s\" media-type=\"application/xhtml+xml\" />\n",
                                  chapter_index + 1, name);
          g_string_append_printf (spine, "    <itemref idref=\"ch%03u\" />\n", chapter_index + 1);
          g_string_append_printf (toc, "%s<li><a href=\"text/%s\">", in_part ? "          " : "      ", name);
          exporter_xml_escape_append (toc, ctitle, -1);
          g_string_append (toc, "</a></li>\n");
          g_string_append_printf (ncx_map, "%s<navPoint id=\"navPoint-%d\" playOrder=\"%d\">\n"
                                  "      <navLabel><text>", in_part ? "  " : "", play_order + 1, play_order + 1);
          play_order++;
          exporter_xml_escape_append (ncx_map, ctitle, -1);
          g_string_append_printf (ncx_map, "</text></navLabel>\n      <content src=\"text/%s\" />\n"
                                  "    %s</navPoint>\n", name, in_part ? "  " : "");
          if (first_body == NULL)
            first_body = first_body_owned = g_strconcat ("text/", name, NULL);
        }

      if (in_part)
        {
          g_string_append (toc, "        </ol>\n      </li>\n");
          g_string_append (ncx_map, "    </navPoint>\n");
        }
    }

  /* The images the chapters showed. */
  for (guint i = 0; i < epub->image_list->len; i++)
    {
      Image *image = g_ptr_array_index (epub->image_list, i);
      g_autofree char *path = g_strconcat ("EPUB/", image->href, NULL);
      gsize len;
      const guint8 *data = g_bytes_get_data (image->data, &len);
      gboolean compress = g_strcmp0 (image->mime_type, "image/svg+xml") == 0;

      if (!add_entry (epub, path, g_memdup2 (data, len), len, compress, error))
        goto out;
      g_string_append_printf (manifest, "    <item id=\"%s\" href=\"%s\" media-type=\"%s\" />\n",
                              image->id, image->href, image->mime_type);
    }

  if (!add_entry (epub, "EPUB/css/stylesheet.css", g_strdup (stylesheet), strlen (stylesheet), TRUE, error))
    goto out;

  /* nav.xhtml */
  out = xhtml_begin (epub, title, "css/stylesheet.css", NULL);
  g_string_append (out, "<nav epub:type=\"toc\" id=\"toc\">\n<h1 id=\"toc-title\">");
  exporter_xml_escape_append (out, _("Contents"), -1);
  g_string_append (out, "</h1>\n    <ol class=\"toc\">\n");
  g_string_append_len (out, toc->str, toc->len);
  g_string_append (out, "    </ol>\n</nav>\n<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n  <ol>\n");
  g_string_append (out, "    <li><a href=\"nav.xhtml#toc\" epub:type=\"toc\">");
  exporter_xml_escape_append (out, _("Table of Contents"), -1);
  g_string_append (out, "</a></li>\n");
  if (first_body != NULL)
    {
      g_string_append_printf (out, "    <li><a href=\"%s\" epub:type=\"bodymatter\">", first_body);
      exporter_xml_escape_append (out, _("Start of content"), -1);
      g_string_append (out, "</a></li>\n");
    }
  g_string_append (out, "  </ol>\n</nav>\n");
  xhtml_end (out);
  if (!add_string (epub, "EPUB/nav.xhtml", out, error))
    goto out;

  /* toc.ncx */
  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\">\n  <head>\n"
                      "    <meta name=\"dtb:uid\" content=\"");
  g_string_append (out, identifier);
  g_string_append_printf (out, "\" />\n    <meta name=\"dtb:depth\" content=\"%d\" />\n"
                          "    <meta name=\"dtb:totalPageCount\" content=\"0\" />\n"
                          "    <meta name=\"dtb:maxPageNumber\" content=\"0\" />\n  </head>\n"
                          "  <docTitle><text>", has_parts ? 2 : 1);
  exporter_xml_escape_append (out, title, -1);
  g_string_append (out, "</text></docTitle>\n  <navMap>\n");
  g_string_append_len (out, ncx_map->str, ncx_map->len);
  g_string_append (out, "  </navMap>\n</ncx>\n");
  if (!add_string (epub, "EPUB/toc.ncx", out, error))
    goto out;

  /* content.opf */
  out = g_string_new (NULL);
  g_string_append_printf (out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"bookid\" xml:lang=\"%s\">\n"
                          "  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                          "    <dc:identifier id=\"bookid\">%s</dc:identifier>\n"
                          "    <dc:title id=\"title\">", epub->lang, identifier);
  exporter_xml_escape_append (out, title, -1);
  g_string_append (out, "</dc:title>\n");
  if (author != NULL)
    {
      g_string_append (out, "    <dc:creator id=\"creator\">");
      exporter_xml_escape_append (out, author, -1);
      g_string_append (out, "</dc:creator>\n");
    }
  g_string_append_printf (out, "    <dc:language>%s</dc:language>\n"
                          "    <meta property=\"dcterms:modified\">%s</meta>\n"
                          "  </metadata>\n  <manifest>\n"
                          "    <item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\" />\n"
                          "    <item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\" />\n"
                          "    <item id=\"stylesheet\" href=\"css/stylesheet.css\" media-type=\"text/css\" />\n",
                          epub->lang, modified);
  g_string_append_len (out, manifest->str, manifest->len);
  g_string_append (out, "  </manifest>\n  <spine toc=\"ncx\">\n");
  g_string_append_len (out, spine->str, spine->len);
  g_string_append (out, "  </spine>\n</package>\n");
  if (!add_string (epub, "EPUB/content.opf", out, error))
    goto out;

  ok = TRUE;

out:
  g_string_free (manifest, TRUE);
  g_string_free (spine, TRUE);
  g_string_free (toc, TRUE);
  g_string_free (ncx_map, TRUE);
  return ok;
}

static gboolean
df_epub_exporter_export (DfExporter       *exporter,
                         DfExportContext  *context,
                         GError          **error)
{
  Epub epub = { 0 };
  const char *path = df_export_context_get_output_path (context);
  const char *language = df_export_context_get_option_string (context, "language", NULL);
  const char *author_option = df_export_context_get_option_string (context, "author", NULL);
  g_autofree char *author = NULL;
  gboolean title_page = df_export_context_get_option_bool (context, "title-page", TRUE);
  int zip_error = 0;
  gboolean ok;

  epub.context = context;
  epub.progress_step = -1;
  if (g_cancellable_set_error_if_cancelled (df_export_context_get_cancellable (context), error))
    return FALSE;
  if ((epub.book = df_export_context_get_book (context, error)) == NULL)
    return FALSE;

  if (language != NULL && !language_is_valid (language))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The language “%s” is not a language tag: give one such as en, fr or pt-BR"), language);
      return FALSE;
    }
  if (language == NULL)
    language = language_is_valid (epub.book->project->language) ? epub.book->project->language : "en";
  epub.lang = language;

  author = exporter_xml_clean (author_option ? author_option : epub.book->author);
  g_strstrip (author);
  if (*author == '\0')
    g_clear_pointer (&author, g_free);

  epub.zip = zip_open (path, ZIP_CREATE | ZIP_TRUNCATE, &zip_error);
  if (epub.zip == NULL)
    {
      zip_error_t ze;

      zip_error_init_with_code (&ze, zip_error);
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot write “%s”: %s"), path, zip_error_strerror (&ze));
      zip_error_fini (&ze);
      return FALSE;
    }

  epub.docs = g_ptr_array_new_with_free_func ((GDestroyNotify)exporter_doc_free);
  epub.images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  epub.image_list = g_ptr_array_new_with_free_func ((GDestroyNotify)image_free);

  ok = write_epub (&epub, title_page, author, error);

  if (ok)
    {
      df_export_context_set_progress (context, 0.95, _("Compressing"));
      if (zip_close (epub.zip) < 0)
        {
          g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot write “%s”: %s"), path, zip_strerror (epub.zip));
          zip_discard (epub.zip);
          ok = FALSE;
        }
    }
  else
    zip_discard (epub.zip);

  g_ptr_array_unref (epub.docs);
  g_hash_table_unref (epub.images);
  g_ptr_array_unref (epub.image_list);
  return ok;
}

/* ---- the class -------------------------------------------------------- */

static const ExporterFormat epub_format = {
  .format = "epub",
  .name = N_("EPUB e-book"),
  .extension = "epub",
  .mime_type = "application/epub+zip",
  .export = df_epub_exporter_export,
};

static void
df_epub_exporter_class_init (DfEpubExporterClass *klass)
{
  exporter_class_set_format (G_OBJECT_CLASS (klass), &epub_format);
}

static void
df_epub_exporter_init (DfEpubExporter *self)
{
}
