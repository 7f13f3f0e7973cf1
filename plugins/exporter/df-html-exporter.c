/* df-html-exporter.c: the book as one standalone HTML5 file
 *
 * The markup is XHTML-compatible (every element closed, everything
 * escaped), so the file parses as XML too; images are embedded as data:
 * URIs, so the file stands alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <string.h>

#include "exporter-types.h"
#include "exporter-util.h"
#include "exporter-xhtml.h"

struct _DfHtmlExporter
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE_WITH_CODE (DfHtmlExporter, df_html_exporter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DF_TYPE_EXPORTER, exporter_iface_init))

/* No '<' or '&' in here: the style element must stay well-formed XML. */
static const char stylesheet[] =
  ":root { color-scheme: light dark; --fg: #1f1f1f; --bg: #fdfdfb; --muted: #666; --rule: #ccc; --link: #1c5fb0; --code-bg: #f2f2f0; }\n"
  "@media (prefers-color-scheme: dark) {\n"
  "  :root { --fg: #e6e6e6; --bg: #1e1e1e; --muted: #aaa; --rule: #444; --link: #78aeff; --code-bg: #2a2a2a; }\n"
  "}\n"
  "html { background: var(--bg); color: var(--fg); }\n"
  "body { max-width: 42em; margin: 0 auto; padding: 2em 1.2em 4em; font-family: Georgia, 'Noto Serif', serif; font-size: 1.1rem; line-height: 1.6; }\n"
  "a { color: var(--link); }\n"
  "h1, h2, h3, h4, h5, h6 { line-height: 1.25; font-family: system-ui, sans-serif; }\n"
  "header.book { text-align: center; margin: 3em 0; }\n"
  "header.book .author { font-size: 1.3em; color: var(--muted); }\n"
  "nav.toc { border-top: 1px solid var(--rule); border-bottom: 1px solid var(--rule); margin: 2em 0; padding: 1em 0; }\n"
  "nav.toc ol { list-style: none; padding-left: 1.2em; }\n"
  "nav.toc > ol { padding-left: 0; }\n"
  "section.part > h1.part-title { text-align: center; margin: 3em 0 2em; }\n"
  "section.chapter { margin-top: 3em; }\n"
  "pre, code { font-family: 'DejaVu Sans Mono', monospace; font-size: 0.88em; background: var(--code-bg); }\n"
  "pre { padding: 0.8em; overflow-x: auto; white-space: pre-wrap; }\n"
  "blockquote { margin: 1em 0; padding-left: 1em; border-left: 3px solid var(--rule); color: var(--muted); }\n"
  "img { max-width: 100%; height: auto; }\n"
  "p.figure { text-align: center; }\n"
  "table { border-collapse: collapse; margin: 1em 0; }\n"
  "th, td { border: 1px solid var(--rule); padding: 0.25em 0.6em; }\n"
  "hr { border: none; border-top: 1px solid var(--rule); margin: 2em 25%; }\n"
  "div.footnotes { margin-top: 2em; border-top: 1px solid var(--rule); font-size: 0.9em; }\n"
  "p.footnote-number { font-weight: bold; margin-bottom: 0; }\n"
  "@media print {\n"
  "  html, body { background: white; color: black; }\n"
  "  body { max-width: none; padding: 0; font-size: 11pt; }\n"
  "  nav.toc { display: none; }\n"
  "  section.part, section.chapter { page-break-before: always; break-before: page; }\n"
  "  h1, h2, h3 { page-break-after: avoid; break-after: avoid; }\n"
  "  a { color: inherit; text-decoration: none; }\n"
  "  pre { white-space: pre-wrap; }\n"
  "}\n";

typedef struct
{
  DfExportContext *context;
  DfBook          *book;
  GPtrArray       *docs;
  GHashTable      *images;   /* src -> data: URI, or NULL */
} Html;

static char *
map_image (const char *src,
           gpointer    user_data)
{
  Html *html = user_data;
  gpointer found;
  char *uri = NULL;

  if (g_hash_table_lookup_extended (html->images, src, NULL, &found))
    return g_strdup (found);

  if (g_ascii_strncasecmp (src, "https://", 8) == 0 || g_ascii_strncasecmp (src, "http://", 7) == 0)
    uri = g_strdup (src);
  else if (strstr (src, "://") == NULL && !g_str_has_prefix (src, "data:"))
    {
      g_autofree char *mime_type = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) data = df_book_get_asset (df_export_context_get_store (html->context),
                                                  html->book, src, &mime_type, &error);

      if (data != NULL && mime_type != NULL && g_str_has_prefix (mime_type, "image/"))
        {
          gsize len;
          const guchar *bytes = g_bytes_get_data (data, &len);
          g_autofree char *base64 = g_base64_encode (bytes, len);

          uri = g_strconcat ("data:", mime_type, ";base64,", base64, NULL);
        }
      else
        df_export_context_log (html->context, "Image “%s” left out: %s", src,
                               error ? error->message : "not an image");
    }

  g_hash_table_insert (html->images, g_strdup (src), uri);
  return g_strdup (uri);
}

static char *
map_link (const char *href,
          gpointer    user_data)
{
  Html *html = user_data;
  const char *hash = strchr (href, '#');
  g_autofree char *file = hash ? g_strndup (href, hash - href) : g_strdup (href);
  int index;

  if (strchr (file, ':') != NULL || *file == '\0')
    return NULL;
  index = exporter_find_chapter (html->book, file);
  if (index < 0)
    return NULL;

  if (hash != NULL && hash[1] != '\0')
    {
      const char *id = exporter_doc_lookup_id (g_ptr_array_index (html->docs, index), hash + 1);

      if (id != NULL)
        return g_strdup_printf ("#c%d-%s", index + 1, id);
    }
  return g_strdup_printf ("#c%d", index + 1);
}

static char *
clean_title (const char *text,
             const char *fallback)
{
  g_autofree char *title = exporter_xml_clean (text);

  g_strstrip (title);
  return *title ? g_steal_pointer (&title) : g_strdup (fallback);
}

static gboolean
df_html_exporter_export (DfExporter       *exporter,
                         DfExportContext  *context,
                         GError          **error)
{
  GCancellable *cancellable = df_export_context_get_cancellable (context);
  const char *path = df_export_context_get_output_path (context);
  const char *author_option = df_export_context_get_option_string (context, "author", NULL);
  const char *language = df_export_context_get_option_string (context, "language", NULL);
  gboolean title_page = df_export_context_get_option_bool (context, "title-page", TRUE);
  g_autofree char *title = NULL;
  g_autofree char *author = NULL;
  g_autoptr(GString) out = NULL;
  g_autoptr(GString) toc = NULL;
  g_autoptr(GString) body = NULL;
  g_autoptr(GError) write_error = NULL;
  Html html = { 0 };
  guint chapter_index = 0;
  int step = -1;
  guint n;
  gboolean ok = FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if ((html.book = df_export_context_get_book (context, error)) == NULL)
    return FALSE;
  html.context = context;
  n = html.book->chapters->len;

  title = clean_title (html.book->project->title, _("Untitled"));
  author = exporter_xml_clean (author_option ? author_option : html.book->author);
  g_strstrip (author);
  if (language == NULL)
    language = html.book->project->language ? html.book->project->language : "en";

  html.docs = g_ptr_array_new_with_free_func ((GDestroyNotify)exporter_doc_free);
  html.images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < n; i++)
    {
      DfChapter *chapter = g_ptr_array_index (html.book->chapters, i);

      g_ptr_array_add (html.docs, exporter_doc_new (chapter->content_md));
      if (i % 8 == 0)
        {
          exporter_progress (context, &step, 0.4 * i / n, _("Reading the chapters"));
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
        }
    }

  toc = g_string_new (NULL);
  body = g_string_sized_new (1024 * 1024);

  for (guint s = 0; s < html.book->sections->len; s++)
    {
      DfBookSection *section = g_ptr_array_index (html.book->sections, s);

      if (section->part != NULL)
        {
          g_autofree char *fallback = g_strdup_printf (_("Part %" PRId64), section->part->number);
          g_autofree char *ptitle = clean_title (section->part->title, fallback);

          g_string_append_printf (body, "<section class=\"part\" id=\"part%u\">\n<h1 class=\"part-title\">", s + 1);
          exporter_xml_escape_append (body, ptitle, -1);
          g_string_append (body, "</h1>\n");
          if (section->part->description != NULL && *section->part->description != '\0')
            {
              g_string_append (body, "<p class=\"part-description\">");
              exporter_xml_escape_append (body, section->part->description, -1);
              g_string_append (body, "</p>\n");
            }
          g_string_append_printf (toc, "<li><a href=\"#part%u\">", s + 1);
          exporter_xml_escape_append (toc, ptitle, -1);
          g_string_append (toc, "</a>\n<ol>\n");
        }

      for (guint c = 0; c < section->chapters->len; c++, chapter_index++)
        {
          DfChapter *chapter = g_ptr_array_index (section->chapters, c);
          ExporterDoc *doc = g_ptr_array_index (html.docs, chapter_index);
          g_autofree char *ctitle = exporter_chapter_title (chapter);
          g_autofree char *prefix = g_strdup_printf ("c%u-", chapter_index + 1);
          ExporterXhtmlOptions options = {
            .id_prefix = prefix,
            .epub = FALSE,
            .map_image = map_image,
            .map_link = map_link,
            .user_data = &html,
          };

          exporter_progress (context, &step, 0.4 + 0.5 * chapter_index / n, ctitle);
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;

          g_string_append_printf (body, "<section class=\"chapter\" id=\"c%u\">\n", chapter_index + 1);
          if (!exporter_doc_starts_with_title (doc, chapter->title))
            {
              g_string_append (body, "<h1 class=\"chapter-title\">");
              exporter_xml_escape_append (body, ctitle, -1);
              g_string_append (body, "</h1>\n");
            }
          exporter_doc_render (doc, &options, body);
          g_string_append (body, "</section>\n");

          g_string_append_printf (toc, "<li><a href=\"#c%u\">", chapter_index + 1);
          exporter_xml_escape_append (toc, ctitle, -1);
          g_string_append (toc, "</a></li>\n");
        }

      if (section->part != NULL)
        {
          g_string_append (body, "</section>\n");
          g_string_append (toc, "</ol>\n</li>\n");
        }
    }

  out = g_string_sized_new (body->len + toc->len + 8192);
  g_string_append (out, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"");
  exporter_xml_escape_append (out, language, -1);
  g_string_append (out, "\" xml:lang=\"");
  exporter_xml_escape_append (out, language, -1);
  g_string_append (out, "\">\n<head>\n<meta charset=\"utf-8\" />\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n"
                        "<meta name=\"generator\" content=\"DraftForge\" />\n");
  if (*author)
    {
      g_string_append (out, "<meta name=\"author\" content=\"");
      exporter_xml_escape_append (out, author, -1);
      g_string_append (out, "\" />\n");
    }
  g_string_append (out, "<title>");
  exporter_xml_escape_append (out, title, -1);
  g_string_append (out, "</title>\n<style>\n");
  g_string_append (out, stylesheet);
  g_string_append (out, "</style>\n</head>\n<body>\n");
  if (title_page)
    {
      g_string_append (out, "<header class=\"book\">\n<h1 class=\"title\">");
      exporter_xml_escape_append (out, title, -1);
      g_string_append (out, "</h1>\n");
      if (*author)
        {
          g_string_append (out, "<p class=\"author\">");
          exporter_xml_escape_append (out, author, -1);
          g_string_append (out, "</p>\n");
        }
      g_string_append (out, "</header>\n");
    }
  g_string_append (out, "<nav class=\"toc\" id=\"toc\">\n<h2>");
  exporter_xml_escape_append (out, _("Contents"), -1);
  g_string_append (out, "</h2>\n<ol>\n");
  g_string_append_len (out, toc->str, toc->len);
  g_string_append (out, "</ol>\n</nav>\n<main>\n");
  g_string_append_len (out, body->str, body->len);
  g_string_append (out, "</main>\n</body>\n</html>\n");

  df_export_context_set_progress (context, 0.95, _("Writing"));
  if (!g_file_set_contents (path, out->str, out->len, &write_error))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot write the HTML file: %s"), write_error->message);
      goto out;
    }

  ok = TRUE;

out:
  g_ptr_array_unref (html.docs);
  g_hash_table_unref (html.images);
  return ok;
}

/* ---- the class -------------------------------------------------------- */

static const ExporterFormat html_format = {
  .format = "html",
  .name = N_("Web page (HTML)"),
  .extension = "html",
  .mime_type = "text/html",
  .export = df_html_exporter_export,
};

static void
df_html_exporter_class_init (DfHtmlExporterClass *klass)
{
  exporter_class_set_format (G_OBJECT_CLASS (klass), &html_format);
}

static void
df_html_exporter_init (DfHtmlExporter *self)
{
}
