/* exporter-xhtml.c: Markdown to well-formed XHTML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter"

#include "config.h"

#include <cmark-gfm-core-extensions.h>
#include <stdint.h>
#include <string.h>

#include "exporter-xhtml.h"

/* ---- URLs -------------------------------------------------------------- */

void
exporter_url_escape_append (GString    *out,
                            const char *url)
{
  static const char safe[] = "-_.+!*'(),#@?=;:/~$&%[]";

  for (const guchar *p = (const guchar *)url; *p; p++)
    {
      if (g_ascii_isalnum (*p) || (strchr (safe, *p) != NULL && *p != '%'))
        {
          if (*p == '&')
            g_string_append (out, "&amp;");
          else if (*p == '\'')
            g_string_append (out, "&#39;");
          else if (*p == '[' || *p == ']')
            g_string_append_printf (out, "%%%02X", *p);
          else
            g_string_append_c (out, *p);
        }
      else if (*p == '%' && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]))
        g_string_append_c (out, '%');
      else
        g_string_append_printf (out, "%%%02X", *p);
    }
}

static gboolean
is_web_url (const char *url)
{
  return g_ascii_strncasecmp (url, "http://", 7) == 0 ||
         g_ascii_strncasecmp (url, "https://", 8) == 0 ||
         g_ascii_strncasecmp (url, "mailto:", 7) == 0 ||
         g_ascii_strncasecmp (url, "ftp://", 6) == 0;
}

/* ---- rendering ----------------------------------------------------------- */

typedef struct
{
  ExporterDoc                *doc;
  const ExporterXhtmlOptions *options;
  GString                    *out;
  const char                 *prefix;
  GPtrArray                  *notes;          /* footnote definitions, in number order */
  GArray                     *note_refs;      /* int: references seen per note number */
  cmark_node                 *dropped_link;
  /* tables */
  uint8_t                    *alignments;
  guint                       n_columns;
  guint                       column;
  gboolean                    in_header;
  gboolean                    tbody_open;
} Render;

static void
append_id (Render     *r,
           const char *id)
{
  g_string_append (r->out, " id=\"");
  exporter_xml_escape_append (r->out, r->prefix, -1);
  exporter_xml_escape_append (r->out, id, -1);
  g_string_append_c (r->out, '"');
}

static gboolean
in_tight_list (cmark_node *node)
{
  cmark_node *parent = cmark_node_parent (node);

  if (parent == NULL || cmark_node_get_type (parent) != CMARK_NODE_ITEM)
    return FALSE;
  parent = cmark_node_parent (parent);
  return parent != NULL && cmark_node_get_list_tight (parent);
}

static const char *
type_string (cmark_node *node)
{
  const char *s = cmark_node_get_type_string (node);
  return s ? s : "";
}

/* A title="…" attribute, when there is a title. */
static void
append_title_attribute (GString    *out,
                        const char *title)
{
  if (title != NULL && *title != '\0')
    exporter_xml_append_element (out, " title=\"", title, "\"");
}

static void
append_img_tag (GString    *out,
                const char *href,
                const char *alt,
                const char *title)
{
  g_string_append (out, "<img src=\"");
  exporter_url_escape_append (out, href);
  exporter_xml_append_element (out, "\" alt=\"", alt, "\"");
  append_title_attribute (out, title);
  g_string_append (out, " />");
}

static void
append_image (Render     *r,
              const char *src,
              const char *alt,
              const char *title)
{
  g_autofree char *href = NULL;

  if (src != NULL && *src != '\0' && r->options->map_image != NULL)
    href = r->options->map_image (src, r->options->user_data);

  if (href == NULL)
    exporter_xml_escape_append (r->out, alt, -1);
  else
    append_img_tag (r->out, href, alt, title);
}

static char *
html_unescape (const char *text)
{
  GString *out = g_string_new (NULL);
  static const struct { const char *entity; const char *text; } entities[] = {
    { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" }, { "&#39;", "'" },
  };

  for (const char *p = text; *p; )
    {
      gboolean done = FALSE;

      if (*p == '&')
        for (guint i = 0; i < G_N_ELEMENTS (entities) && !done; i++)
          if (g_str_has_prefix (p, entities[i].entity))
            {
              g_string_append (out, entities[i].text);
              p += strlen (entities[i].entity);
              done = TRUE;
            }
      if (!done)
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

/* Raw HTML is not copied, but <img src="..."> in it is an image. */
static void
append_raw_html_images (Render     *r,
                        const char *html,
                        gboolean    block)
{
  g_autoptr(GPtrArray) images = NULL;

  if (r->options->map_image == NULL)
    return;
  images = exporter_raw_html_images (html);
  for (guint i = 0; images != NULL && i < images->len; i++)
    {
      ExporterRawImage *image = g_ptr_array_index (images, i);
      g_autofree char *src = html_unescape (image->src ? image->src : "");
      g_autofree char *alt = html_unescape (image->alt);
      g_autofree char *href = NULL;

      if (*src == '\0' || (href = r->options->map_image (src, r->options->user_data)) == NULL)
        continue;
      if (block)
        g_string_append (r->out, "<p class=\"figure\">");
      append_img_tag (r->out, href, alt, NULL);
      if (block)
        g_string_append (r->out, "</p>\n");
    }
}

static void
append_link_start (Render     *r,
                   cmark_node *node)
{
  const char *url = cmark_node_get_url (node);
  const char *title = cmark_node_get_title (node);
  g_autofree char *href = NULL;
  gboolean internal = FALSE;

  if (url == NULL || *url == '\0')
    ;
  else if (url[0] == '#')
    {
      const char *id = exporter_doc_lookup_id (r->doc, url + 1);

      if (id != NULL)
        {
          href = g_strconcat ("#", r->prefix, id, NULL);
          internal = TRUE;
        }
    }
  else if (is_web_url (url))
    href = g_strdup (url);
  else if (r->options->map_link != NULL)
    href = r->options->map_link (url, r->options->user_data);

  if (href == NULL)
    {
      r->dropped_link = node;
      return;
    }

  g_string_append (r->out, "<a href=\"");
  if (internal)
    exporter_xml_escape_append (r->out, href, -1);
  else
    exporter_url_escape_append (r->out, href);
  g_string_append_c (r->out, '"');
  append_title_attribute (r->out, title);
  g_string_append_c (r->out, '>');
}

static void
append_footnote_ref (Render     *r,
                     cmark_node *node)
{
  const char *literal = cmark_node_get_literal (node);
  guint64 number = literal ? g_ascii_strtoull (literal, NULL, 10) : 0;
  int *count;

  if (number == 0 || number > r->notes->len)
    return;

  if (r->note_refs->len <= number)
    g_array_set_size (r->note_refs, number + 1);
  count = &g_array_index (r->note_refs, int, number);
  (*count)++;

  g_string_append (r->out, "<sup><a");
  if (*count == 1)
    g_string_append_printf (r->out, " id=\"%sfnref.%" G_GUINT64_FORMAT "\"", r->prefix, number);
  else
    g_string_append_printf (r->out, " id=\"%sfnref.%" G_GUINT64_FORMAT ".%d\"", r->prefix, number, *count);
  g_string_append_printf (r->out, " href=\"#%sfn.%" G_GUINT64_FORMAT "\" class=\"noteref\"", r->prefix, number);
  if (r->options->epub)
    g_string_append (r->out, " epub:type=\"noteref\"");
  g_string_append_printf (r->out, ">%" G_GUINT64_FORMAT "</a></sup>", number);
}

static void
table_cell_start (Render *r)
{
  const char *tag = r->in_header ? "th" : "td";
  uint8_t align = r->column < r->n_columns && r->alignments ? r->alignments[r->column] : 0;

  g_string_append_printf (r->out, "<%s", tag);
  if (align == 'l')
    g_string_append (r->out, " style=\"text-align: left\"");
  else if (align == 'c')
    g_string_append (r->out, " style=\"text-align: center\"");
  else if (align == 'r')
    g_string_append (r->out, " style=\"text-align: right\"");
  g_string_append_c (r->out, '>');
}

static void
append_heading_tag (Render     *r,
                    cmark_node *node,
                    gboolean    enter)
{
  int level = cmark_node_get_heading_level (node);
  const char *id;

  if (!enter)
    {
      g_string_append_printf (r->out, "</h%d>\n", level);
      return;
    }
  g_string_append_printf (r->out, "<h%d", level);
  if ((id = exporter_doc_get_heading_id (r->doc, node)) != NULL)
    append_id (r, id);
  g_string_append_c (r->out, '>');
}

static void
append_list_tag (GString    *out,
                 cmark_node *node,
                 gboolean    enter)
{
  gboolean ordered = cmark_node_get_list_type (node) == CMARK_ORDERED_LIST;

  if (!enter)
    g_string_append (out, ordered ? "</ol>\n" : "</ul>\n");
  else if (!ordered)
    g_string_append (out, "<ul>\n");
  else if (cmark_node_get_list_start (node) != 1)
    g_string_append_printf (out, "<ol start=\"%d\">\n", cmark_node_get_list_start (node));
  else
    g_string_append (out, "<ol>\n");
}

static void
append_item_tag (GString    *out,
                 cmark_node *node,
                 gboolean    enter)
{
  if (!enter)
    g_string_append (out, "</li>\n");
  else if (strcmp (type_string (node), "tasklist") == 0)
    g_string_append (out, cmark_gfm_extensions_get_tasklist_item_checked (node)
                          ? "<li class=\"task done\">\xE2\x98\x91 " : "<li class=\"task\">\xE2\x98\x90 ");
  else
    g_string_append (out, "<li>");
}

/* The fence's first word, as a class the way highlighters expect it. */
static void
append_code_block (GString    *out,
                   cmark_node *node)
{
  const char *info = cmark_node_get_fence_info (node);
  g_autoptr(GString) lang = g_string_new (NULL);
  g_autofree char *shown = NULL;

  for (const char *p = info ? info : ""; *p && *p != ' ' && *p != ',' && *p != '{'; p++)
    if (g_ascii_isalnum (*p) || *p == '-' || *p == '_')
      g_string_append_c (lang, *p);
  g_string_append (out, "<pre><code");
  if (lang->len > 0)
    g_string_append_printf (out, " class=\"language-%s\"", lang->str);
  g_string_append_c (out, '>');
  /* mdBook's hidden lines of Rust code left out, as its book does */
  shown = df_book_code_shown (info, cmark_node_get_literal (node) ?: "");
  exporter_xml_escape_append (out, shown, -1);
  g_string_append (out, "</code></pre>\n");
}

/* The blocks of CommonMark (@type is @node's); FALSE for any other node. */
static gboolean
render_block (Render          *r,
              cmark_iter      *iter,
              cmark_node      *node,
              cmark_node_type  type,
              gboolean         enter)
{
  GString *out = r->out;

  switch (type)
    {
    case CMARK_NODE_DOCUMENT:
      break;
    case CMARK_NODE_PARAGRAPH:
      if (!in_tight_list (node))
        g_string_append (out, enter ? "<p>" : "</p>\n");
      break;
    case CMARK_NODE_HEADING:
      append_heading_tag (r, node, enter);
      break;
    case CMARK_NODE_BLOCK_QUOTE:
      g_string_append (out, enter ? "<blockquote>\n" : "</blockquote>\n");
      break;
    case CMARK_NODE_LIST:
      append_list_tag (out, node, enter);
      break;
    case CMARK_NODE_ITEM:
      append_item_tag (out, node, enter);
      break;
    case CMARK_NODE_CODE_BLOCK:
      append_code_block (out, node);
      break;
    case CMARK_NODE_HTML_BLOCK:
      append_raw_html_images (r, cmark_node_get_literal (node), TRUE);
      break;
    case CMARK_NODE_THEMATIC_BREAK:
      g_string_append (out, "<hr />\n");
      break;
    case CMARK_NODE_FOOTNOTE_DEFINITION:
      /* collected before rendering; written at the end */
      cmark_iter_reset (iter, node, CMARK_EVENT_EXIT);
      break;
    default:
      return FALSE;
    }
  return TRUE;
}

/* The inlines of CommonMark (@type is @node's); FALSE for any other node. */
static gboolean
render_inline (Render          *r,
               cmark_iter      *iter,
               cmark_node      *node,
               cmark_node_type  type,
               gboolean         enter)
{
  GString *out = r->out;

  switch (type)
    {
    case CMARK_NODE_HTML_INLINE:
      append_raw_html_images (r, cmark_node_get_literal (node), FALSE);
      break;
    case CMARK_NODE_TEXT:
      exporter_xml_escape_append (out, cmark_node_get_literal (node), -1);
      break;
    case CMARK_NODE_SOFTBREAK:
      g_string_append_c (out, '\n');
      break;
    case CMARK_NODE_LINEBREAK:
      g_string_append (out, "<br />\n");
      break;
    case CMARK_NODE_CODE:
      exporter_xml_append_element (out, "<code>", cmark_node_get_literal (node), "</code>");
      break;
    case CMARK_NODE_EMPH:
      g_string_append (out, enter ? "<em>" : "</em>");
      break;
    case CMARK_NODE_STRONG:
      g_string_append (out, enter ? "<strong>" : "</strong>");
      break;
    case CMARK_NODE_LINK:
      if (enter)
        append_link_start (r, node);
      else if (r->dropped_link == node)
        r->dropped_link = NULL;
      else
        g_string_append (out, "</a>");
      break;
    case CMARK_NODE_IMAGE:
      {
        g_autofree char *alt = exporter_node_text (node);

        append_image (r, cmark_node_get_url (node), alt, cmark_node_get_title (node));
        cmark_iter_reset (iter, node, CMARK_EVENT_EXIT);
      }
      break;
    case CMARK_NODE_FOOTNOTE_REFERENCE:
      append_footnote_ref (r, node);
      break;
    default:
      return FALSE;
    }
  return TRUE;
}

/* A node of a GFM table ("table", "table_header", "table_row",
 * "table_cell"); FALSE for any other. */
static gboolean
render_table_part (Render     *r,
                   cmark_node *node,
                   const char *type,
                   gboolean    enter)
{
  GString *out = r->out;

  if (strcmp (type, "table") == 0)
    {
      if (enter)
        {
          r->n_columns = cmark_gfm_extensions_get_table_columns (node);
          r->alignments = cmark_gfm_extensions_get_table_alignments (node);
          r->tbody_open = FALSE;
          g_string_append (out, "<table>\n");
        }
      else
        {
          if (r->tbody_open)
            g_string_append (out, "</tbody>\n");
          r->tbody_open = FALSE;
          r->alignments = NULL;
          g_string_append (out, "</table>\n");
        }
    }
  else if (strcmp (type, "table_header") == 0)
    {
      r->in_header = enter;
      r->column = 0;
      g_string_append (out, enter ? "<thead>\n<tr>" : "</tr>\n</thead>\n");
    }
  else if (strcmp (type, "table_row") == 0)
    {
      r->in_header = FALSE;
      r->column = 0;
      if (enter && !r->tbody_open)
        {
          g_string_append (out, "<tbody>\n");
          r->tbody_open = TRUE;
        }
      g_string_append (out, enter ? "<tr>" : "</tr>\n");
    }
  else if (strcmp (type, "table_cell") == 0)
    {
      if (enter)
        table_cell_start (r);
      else
        {
          g_string_append (out, r->in_header ? "</th>" : "</td>");
          r->column++;
        }
    }
  else
    return FALSE;
  return TRUE;
}

/* The nodes of cmark-gfm's extensions: strikethrough and tables; the
 * text of any other. */
static void
render_extension (Render     *r,
                  cmark_node *node,
                  gboolean    enter)
{
  const char *type = type_string (node);

  if (strcmp (type, "strikethrough") == 0)
    g_string_append (r->out, enter ? "<del>" : "</del>");
  else if (render_table_part (r, node, type, enter))
    ;
  else if (enter && cmark_node_get_literal (node) != NULL)
    exporter_xml_escape_append (r->out, cmark_node_get_literal (node), -1);
}

static void
render_tree (Render     *r,
             cmark_node *root,
             gboolean    skip_root)
{
  cmark_iter *iter = cmark_iter_new (root);
  cmark_event_type event;

  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);
      cmark_node_type type = cmark_node_get_type (node);
      gboolean enter = event == CMARK_EVENT_ENTER;

      if (skip_root && node == root)
        continue;
      /* most nodes are text: the inlines first */
      if (!render_inline (r, iter, node, type, enter) && !render_block (r, iter, node, type, enter))
        render_extension (r, node, enter);
    }
  cmark_iter_free (iter);
}

/* The notes, each an aside after the text. */
static void
render_footnotes (Render *r)
{
  GString *out = r->out;

  g_string_append (out, "<div class=\"footnotes\">\n");
  for (guint i = 0; i < r->notes->len; i++)
    {
      g_string_append (out, "<aside");
      g_string_append_printf (out, " id=\"%sfn.%u\" class=\"footnote\"", r->prefix, i + 1);
      if (r->options->epub)
        g_string_append (out, " epub:type=\"footnote\"");
      g_string_append (out, ">\n");
      g_string_append_printf (out, "<p class=\"footnote-number\">%u.</p>\n", i + 1);
      render_tree (r, g_ptr_array_index (r->notes, i), TRUE);
      if (!r->options->epub && i + 1 < r->note_refs->len && g_array_index (r->note_refs, int, i + 1) > 0)
        g_string_append_printf (out, "<p class=\"footnote-back\"><a href=\"#%sfnref.%u\">\xE2\x86\xA9</a></p>\n",
                                r->prefix, i + 1);
      g_string_append (out, "</aside>\n");
    }
  g_string_append (out, "</div>\n");
}

void
exporter_doc_render (ExporterDoc                *doc,
                     const ExporterXhtmlOptions *options,
                     GString                    *out)
{
  cmark_node *root = exporter_doc_get_root (doc);
  Render r = { 0 };

  r.doc = doc;
  r.options = options;
  r.out = out;
  r.prefix = options->id_prefix ? options->id_prefix : "";
  r.notes = g_ptr_array_new ();
  r.note_refs = g_array_new (FALSE, TRUE, sizeof (int));

  /* cmark-gfm puts the notes that are referenced at the end of the
   * document, numbered in order of first reference. */
  for (cmark_node *n = cmark_node_first_child (root); n; n = cmark_node_next (n))
    if (cmark_node_get_type (n) == CMARK_NODE_FOOTNOTE_DEFINITION)
      g_ptr_array_add (r.notes, n);

  render_tree (&r, root, FALSE);
  if (r.notes->len > 0)
    render_footnotes (&r);

  g_ptr_array_unref (r.notes);
  g_array_unref (r.note_refs);
}

void
exporter_doc_render_chapter (ExporterDoc                *doc,
                             DfChapter                  *chapter,
                             const char                 *title,
                             const ExporterXhtmlOptions *options,
                             GString                    *out)
{
  if (!exporter_doc_starts_with_title (doc, chapter->title))
    exporter_xml_append_element (out, "<h1 class=\"chapter-title\">", title, "</h1>\n");
  exporter_doc_render (doc, options, out);
}

/* ---- titles ------------------------------------------------------------ */

void
exporter_append_book_title (GString    *out,
                            const char *title,
                            const char *author)
{
  exporter_xml_append_element (out, "<h1 class=\"title\">", title, "</h1>\n");
  if (author != NULL && *author != '\0')
    exporter_xml_append_element (out, "<p class=\"author\">", author, "</p>\n");
}

void
exporter_append_part_title (GString    *out,
                            const char *title,
                            const char *description)
{
  exporter_xml_append_element (out, "<h1 class=\"part-title\">", title, "</h1>\n");
  if (description != NULL && *description != '\0')
    exporter_xml_append_element (out, "<p class=\"part-description\">", description, "</p>\n");
}
