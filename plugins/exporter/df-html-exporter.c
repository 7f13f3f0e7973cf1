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
#include <string.h>

#include "exporter-util.h"
#include "exporter-xhtml.h"

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
  "code.language-listing-not-found { display: block; margin: -0.8em; padding: 0.8em; border: 2px solid #c01c28; color: #c01c28; font-weight: bold; }\n"
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

/* Added for a book written right to left: indents and rules on the
 * right, code still left to right. */
static const char stylesheet_rtl[] =
  "nav.toc ol { padding-left: 0; padding-right: 1.2em; }\n"
  "nav.toc > ol { padding-right: 0; }\n"
  "blockquote { padding-left: 0; border-left: none; padding-right: 1em; border-right: 3px solid var(--rule); }\n"
  "pre, code { direction: ltr; unicode-bidi: embed; }\n";

typedef struct
{
  DfExportContext *context;
  DfBook          *book;
  GPtrArray       *docs;
  GHashTable      *images;   /* src -> data: URI, or NULL */
  GString         *toc;      /* the contents' entries */
  GString         *body;     /* the parts and chapters */
  int              progress_step;
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
  const char *id;
  int index;

  if (!exporter_resolve_link (html->book, html->docs, href, &index, &id))
    return NULL;
  if (id != NULL)
    return g_strdup_printf ("#c%d-%s", index + 1, id);
  return g_strdup_printf ("#c%d", index + 1);
}

/* ---- the body ---------------------------------------------------------- */

/* Opens the part's section and its entry in the contents; the caller
 * closes them after its chapters. */
static void
append_part (Html   *html,
             DfPart *part,
             guint   number)
{
  g_autofree char *title = exporter_part_title (part);

  g_string_append_printf (html->body, "<section class=\"part\" id=\"part%u\">\n", number);
  exporter_append_part_title (html->body, title, part->description);
  g_string_append_printf (html->toc, "<li><a href=\"#part%u\">", number);
  exporter_xml_escape_append (html->toc, title, -1);
  g_string_append (html->toc, "</a>\n<ol>\n");
}

static gboolean
append_chapter (Html    *html,
                guint    index,
                GError **error)
{
  DfChapter *chapter = g_ptr_array_index (html->book->chapters, index);
  ExporterDoc *doc = g_ptr_array_index (html->docs, index);
  g_autofree char *title = exporter_chapter_title (chapter);
  g_autofree char *prefix = g_strdup_printf ("c%u-", index + 1);
  ExporterXhtmlOptions options = {
    .id_prefix = prefix,
    .epub = FALSE,
    .map_image = map_image,
    .map_link = map_link,
    .user_data = html,
  };

  exporter_progress (html->context, &html->progress_step, 0.4 + 0.5 * index / html->book->chapters->len, title);
  if (g_cancellable_set_error_if_cancelled (df_export_context_get_cancellable (html->context), error))
    return FALSE;

  if (!exporter_doc_load (doc, error))
    return FALSE;
  g_string_append_printf (html->body, "<section class=\"chapter\" id=\"c%u\">\n", index + 1);
  exporter_doc_render_chapter (doc, chapter, title, &options, html->body);
  exporter_doc_release (doc);
  g_string_append (html->body, "</section>\n");

  g_string_append_printf (html->toc, "<li><a href=\"#c%u\">", index + 1);
  exporter_xml_escape_append (html->toc, title, -1);
  g_string_append (html->toc, "</a></li>\n");
  return TRUE;
}

/* The parts and chapters into html->body, their entries into html->toc. */
static gboolean
render_body (Html    *html,
             GError **error)
{
  guint chapter_index = 0;

  html->docs = exporter_parse_chapters (html->context, html->book, &html->progress_step, error);
  if (html->docs == NULL)
    return FALSE;
  html->toc = g_string_new (NULL);
  html->body = g_string_sized_new (1024 * 1024);

  for (guint s = 0; s < html->book->sections->len; s++)
    {
      DfBookSection *section = g_ptr_array_index (html->book->sections, s);

      if (section->part != NULL)
        append_part (html, section->part, s + 1);
      for (guint c = 0; c < section->chapters->len; c++, chapter_index++)
        if (!append_chapter (html, chapter_index, error))
          return FALSE;
      if (section->part != NULL)
        {
          g_string_append (html->body, "</section>\n");
          g_string_append (html->toc, "</ol>\n</li>\n");
        }
    }
  return TRUE;
}

/* ---- the document ------------------------------------------------------ */

static void
append_head (GString    *out,
             const char *language,
             const char *title,
             const char *author)
{
  g_string_append (out, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"");
  exporter_xml_escape_append (out, language, -1);
  g_string_append (out, "\" xml:lang=\"");
  exporter_xml_escape_append (out, language, -1);
  g_string_append (out, exporter_language_is_rtl (language) ? "\" dir=\"rtl\">\n" : "\">\n");
  g_string_append (out, "<head>\n<meta charset=\"utf-8\" />\n"
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
  if (exporter_language_is_rtl (language))
    g_string_append (out, stylesheet_rtl);
  g_string_append (out, "</style>\n</head>\n");
}

/* The whole file: the head, the title, the contents, then the body. */
static GString *
html_document (Html       *html,
               const char *language,
               gboolean    title_page)
{
  DfExportContext *context = html->context;
  const char *author_option = df_export_context_get_option_string (context, "author", NULL);
  g_autofree char *title = exporter_book_title (html->book);
  g_autofree char *author = g_strstrip (exporter_xml_clean (author_option ? author_option : html->book->author));
  GString *out = g_string_sized_new (html->body->len + html->toc->len + 8192);

  append_head (out, language, title, author);
  g_string_append (out, "<body>\n");
  if (title_page)
    {
      g_string_append (out, "<header class=\"book\">\n");
      exporter_append_book_title (out, title, author);
      g_string_append (out, "</header>\n");
    }
  g_string_append (out, "<nav class=\"toc\" id=\"toc\">\n<h2>");
  exporter_xml_escape_append (out, _("Contents"), -1);
  g_string_append (out, "</h2>\n<ol>\n");
  g_string_append_len (out, html->toc->str, html->toc->len);
  g_string_append (out, "</ol>\n</nav>\n<main>\n");
  g_string_append_len (out, html->body->str, html->body->len);
  g_string_append (out, "</main>\n</body>\n</html>\n");
  return out;
}

gboolean
df_html_exporter_export (DfExporter       *exporter,
                         DfExportContext  *context,
                         GError          **error)
{
  const char *language = df_export_context_get_option_string (context, "language", NULL);
  gboolean title_page = df_export_context_get_option_bool (context, "title-page", TRUE);
  g_autoptr(GString) out = NULL;
  g_autoptr(GError) write_error = NULL;
  Html html = { 0 };
  gboolean ok = FALSE;

  if (g_cancellable_set_error_if_cancelled (df_export_context_get_cancellable (context), error))
    return FALSE;
  if ((html.book = df_export_context_get_book_lazily (context, error)) == NULL)
    return FALSE;
  html.context = context;
  html.progress_step = -1;
  html.images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (language == NULL)
    language = html.book->project->language ? html.book->project->language : "en";

  if (!render_body (&html, error))
    goto out;
  out = html_document (&html, language, title_page);
  df_export_context_set_progress (context, 0.95, _("Writing"));
  if (!g_file_set_contents (df_export_context_get_output_path (context), out->str, out->len, &write_error))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot write the HTML file: %s"), write_error->message);
      goto out;
    }
  ok = TRUE;

out:
  g_clear_pointer (&html.docs, g_ptr_array_unref);
  g_hash_table_unref (html.images);
  if (html.toc != NULL)
    g_string_free (html.toc, TRUE);
  if (html.body != NULL)
    g_string_free (html.body, TRUE);
  return ok;
}
