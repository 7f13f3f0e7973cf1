/* exporter-xhtml.c: Markdown to well-formed XHTML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter"

#include "config.h"

#include <cmark-gfm-core-extensions.h>
#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "exporter-xhtml.h"

struct _ExporterDoc
{
  cmark_node *root;
  GHashTable *node_ids;     /* heading node -> id (owned) */
  GHashTable *slug_ids;     /* mdBook slug -> id (borrowed from node_ids) */
};

/* mdBook's normalize_id: alphanumerics (ASCII lowercased), '_' and '-'
 * kept, whitespace to '-', the rest dropped. */
static char *
mdbook_slug (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c) || c == '_' || c == '-')
        {
          if (c < 0x80)
            g_string_append_c (out, g_ascii_tolower ((char)c));
          else
            g_string_append_unichar (out, c);
        }
      else if (g_unichar_isspace (c))
        g_string_append_c (out, '-');
    }

  return g_string_free (out, FALSE);
}

/* An id that is a valid XML name: it starts with a letter or '_', and
 * holds no characters NCName forbids (mdbook_slug keeps alphanumerics;
 * some Unicode digits and marks may still not start a name). */
static char *
xml_id_from_slug (const char *slug)
{
  gunichar first = g_utf8_get_char (slug);

  if (*slug == '\0')
    return g_strdup ("section");
  if (first == '_' || (g_unichar_isalpha (first) && !g_unichar_ismark (first)))
    return g_strdup (slug);
  return g_strconcat ("h-", slug, NULL);
}

ExporterDoc *
exporter_doc_new (const char *markdown)
{
  ExporterDoc *doc = g_new0 (ExporterDoc, 1);
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  cmark_iter *iter;
  cmark_event_type event;

  doc->root = exporter_parse_markdown (markdown);
  doc->node_ids = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  doc->slug_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  iter = cmark_iter_new (doc->root);
  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);
      g_autofree char *text = NULL;
      g_autofree char *base = NULL;
      char *slug;
      char *id;

      if (event != CMARK_EVENT_ENTER || cmark_node_get_type (node) != CMARK_NODE_HEADING)
        continue;

      text = exporter_node_text (node);
      base = mdbook_slug (text);
      slug = g_strdup (base);
      for (guint n = 1; g_hash_table_contains (doc->slug_ids, slug); n++)
        {
          g_free (slug);
          slug = g_strdup_printf ("%s-%u", base, n);
        }
      id = xml_id_from_slug (slug);
      while (g_hash_table_contains (used, id))
        {
          char *longer = g_strconcat (id, "-x", NULL);
          g_free (id);
          id = longer;
        }
      g_hash_table_add (used, g_strdup (id));
      g_hash_table_insert (doc->node_ids, node, id);
      g_hash_table_insert (doc->slug_ids, slug, id);
      cmark_iter_reset (iter, node, CMARK_EVENT_EXIT);
    }
  cmark_iter_free (iter);

  return doc;
}

void
exporter_doc_free (ExporterDoc *doc)
{
  if (doc == NULL)
    return;
  g_clear_pointer (&doc->slug_ids, g_hash_table_unref);
  g_clear_pointer (&doc->node_ids, g_hash_table_unref);
  g_clear_pointer (&doc->root, cmark_node_free);
  g_free (doc);
}

const char *
exporter_doc_lookup_id (ExporterDoc *doc,
                        const char  *slug)
{
  return g_hash_table_lookup (doc->slug_ids, slug);
}

/* Letters and digits only, casefolded: "Rust’s  Tools!" == "rust's tools" */
static char *
title_key (const char *text)
{
  GString *out = g_string_new (NULL);
  g_autofree char *folded = g_utf8_casefold (text, -1);

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

gboolean
exporter_doc_starts_with_title (ExporterDoc *doc,
                                const char  *title)
{
  cmark_node *first = cmark_node_first_child (doc->root);
  g_autofree char *text = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *clean = NULL;

  /* Raw HTML (comments, anchors) before the heading is not shown. */
  while (first != NULL && cmark_node_get_type (first) == CMARK_NODE_HTML_BLOCK)
    first = cmark_node_next (first);
  if (first == NULL || cmark_node_get_type (first) != CMARK_NODE_HEADING || title == NULL)
    return FALSE;

  text = exporter_node_text (first);
  clean = exporter_xml_clean (title);
  a = title_key (text);
  b = title_key (clean);
  return *a != '\0' && strcmp (a, b) == 0;
}

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

/* ---- chapters by file name ------------------------------------------- */

static int
find_slug (DfBook     *book,
           const char *candidate,
           gboolean    as_suffix)
{
  if (candidate == NULL || *candidate == '\0')
    return -1;

  for (guint i = 0; i < book->chapters->len; i++)
    {
      DfChapter *chapter = g_ptr_array_index (book->chapters, i);

      if (chapter->slug == NULL)
        continue;
      if (g_strcmp0 (chapter->slug, candidate) == 0)
        return i;
      if (as_suffix)
        {
          gsize a = strlen (chapter->slug), b = strlen (candidate);

          if (a > b && chapter->slug[a - b - 1] == '-' && strcmp (chapter->slug + a - b, candidate) == 0)
            return i;
        }
    }
  return -1;
}

int
exporter_find_chapter (DfBook     *book,
                       const char *file)
{
  g_autofree char *base = NULL;
  const char *slash = strrchr (file, '/');
  char *dot;
  const char *p;
  int found;

  base = g_ascii_strdown (slash ? slash + 1 : file, -1);
  if ((dot = strrchr (base, '.')) != NULL)
    {
      if (strcmp (dot, ".md") != 0 && strcmp (dot, ".html") != 0 && strcmp (dot, ".htm") != 0)
        return -1;
      *dot = '\0';
    }

  if ((found = find_slug (book, base, FALSE)) >= 0)
    return found;

  /* "ch04-02-references-and-borrowing", "appendix-01-keywords",
   * "appendix-00": a word, numbers, then the name. */
  p = base;
  while (g_ascii_isalpha (*p))
    p++;
  if (p > base && (*p == '-' || g_ascii_isdigit (*p)))
    {
      g_autofree char *word = g_strndup (base, p - base);
      const char *rest = p;

      while (*rest == '-' || g_ascii_isdigit (*rest))
        rest++;
      if (*rest != '\0')
        {
          if ((found = find_slug (book, rest, FALSE)) >= 0 ||
              (found = find_slug (book, rest, TRUE)) >= 0)
            return found;
        }
      else if ((found = find_slug (book, word, FALSE)) >= 0)
        return found;
    }

  return find_slug (book, base, TRUE);
}

char *
exporter_chapter_title (DfChapter *chapter)
{
  g_autofree char *clean = exporter_xml_clean (chapter->title);

  g_strstrip (clean);
  if (*clean == '\0')
    return g_strdup_printf (_("Chapter %" PRId64), chapter->number);
  return g_steal_pointer (&clean);
}

void
exporter_progress (DfExportContext *context,
                   int             *last,
                   double           fraction,
                   const char      *message)
{
  int step = (int)(CLAMP (fraction, 0.0, 1.0) * 20.0);

  if (step != *last)
    {
      *last = step;
      df_export_context_set_progress (context, fraction, message);
    }
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
    {
      exporter_xml_escape_append (r->out, alt, -1);
      return;
    }

  g_string_append (r->out, "<img src=\"");
  exporter_url_escape_append (r->out, href);
  g_string_append (r->out, "\" alt=\"");
  exporter_xml_escape_append (r->out, alt, -1);
  g_string_append_c (r->out, '"');
  if (title != NULL && *title != '\0')
    {
      g_string_append (r->out, " title=\"");
      exporter_xml_escape_append (r->out, title, -1);
      g_string_append_c (r->out, '"');
    }
  g_string_append (r->out, " />");
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
  static gsize once = 0;
  static GRegex *img_re, *src_re, *alt_re;
  g_autoptr(GMatchInfo) match = NULL;

  if (html == NULL || strstr (html, "<img") == NULL || r->options->map_image == NULL)
    return;

  if (g_once_init_enter (&once))
    {
      img_re = g_regex_new ("<img\\b[^>]*>", G_REGEX_CASELESS, 0, NULL);
      src_re = g_regex_new ("\\ssrc\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')", G_REGEX_CASELESS, 0, NULL);
      alt_re = g_regex_new ("\\salt\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')", G_REGEX_CASELESS, 0, NULL);
      g_once_init_leave (&once, 1);
    }

  g_regex_match (img_re, html, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *tag = g_match_info_fetch (match, 0);
      g_autoptr(GMatchInfo) m = NULL;
      g_autofree char *src = NULL;
      g_autofree char *alt = NULL;

      if (g_regex_match (src_re, tag, 0, &m))
        {
          g_autofree char *a = g_match_info_fetch (m, 1);
          g_autofree char *b = g_match_info_fetch (m, 2);
          src = html_unescape (a && *a ? a : (b ? b : ""));
        }
      g_clear_pointer (&m, g_match_info_free);
      if (g_regex_match (alt_re, tag, 0, &m))
        {
          g_autofree char *a = g_match_info_fetch (m, 1);
          g_autofree char *b = g_match_info_fetch (m, 2);
          alt = html_unescape (a && *a ? a : (b ? b : ""));
        }

      if (src != NULL && *src != '\0')
        {
          g_autofree char *href = r->options->map_image (src, r->options->user_data);

          if (href != NULL)
            {
              if (block)
                g_string_append (r->out, "<p class=\"figure\">");
              g_string_append (r->out, "<img src=\"");
              exporter_url_escape_append (r->out, href);
              g_string_append (r->out, "\" alt=\"");
              exporter_xml_escape_append (r->out, alt ? alt : "", -1);
              g_string_append (r->out, "\" />");
              if (block)
                g_string_append (r->out, "</p>\n");
            }
        }
      g_match_info_next (match, NULL);
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
  if (title != NULL && *title != '\0')
    {
      g_string_append (r->out, " title=\"");
      exporter_xml_escape_append (r->out, title, -1);
      g_string_append_c (r->out, '"');
    }
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

static void render_tree (Render *r, cmark_node *root, gboolean skip_root);

static void
render_node (Render           *r,
             cmark_iter       *iter,
             cmark_node       *node,
             cmark_event_type  event)
{
  gboolean enter = event == CMARK_EVENT_ENTER;
  GString *out = r->out;

  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_DOCUMENT:
      break;

    case CMARK_NODE_PARAGRAPH:
      if (in_tight_list (node))
        break;
      g_string_append (out, enter ? "<p>" : "</p>\n");
      break;

    case CMARK_NODE_HEADING:
      if (enter)
        {
          const char *id = g_hash_table_lookup (r->doc->node_ids, node);

          g_string_append_printf (out, "<h%d", cmark_node_get_heading_level (node));
          if (id != NULL)
            append_id (r, id);
          g_string_append_c (out, '>');
        }
      else
        g_string_append_printf (out, "</h%d>\n", cmark_node_get_heading_level (node));
      break;

    case CMARK_NODE_BLOCK_QUOTE:
      g_string_append (out, enter ? "<blockquote>\n" : "</blockquote>\n");
      break;

    case CMARK_NODE_LIST:
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
      break;

    case CMARK_NODE_ITEM:
      if (!enter)
        g_string_append (out, "</li>\n");
      else if (strcmp (type_string (node), "tasklist") == 0)
        g_string_append (out, cmark_gfm_extensions_get_tasklist_item_checked (node)
                              ? "<li class=\"task done\">\xE2\x98\x91 " : "<li class=\"task\">\xE2\x98\x90 ");
      else
        g_string_append (out, "<li>");
      break;

    case CMARK_NODE_CODE_BLOCK:
      {
        const char *info = cmark_node_get_fence_info (node);
        GString *lang = g_string_new (NULL);

        for (const char *p = info ? info : ""; *p && *p != ' ' && *p != ',' && *p != '{'; p++)
          if (g_ascii_isalnum (*p) || *p == '-' || *p == '_')
            g_string_append_c (lang, *p);
        g_string_append (out, "<pre><code");
        if (lang->len > 0)
          g_string_append_printf (out, " class=\"language-%s\"", lang->str);
        g_string_append_c (out, '>');
        exporter_xml_escape_append (out, cmark_node_get_literal (node), -1);
        g_string_append (out, "</code></pre>\n");
        g_string_free (lang, TRUE);
      }
      break;

    case CMARK_NODE_HTML_BLOCK:
      append_raw_html_images (r, cmark_node_get_literal (node), TRUE);
      break;

    case CMARK_NODE_HTML_INLINE:
      append_raw_html_images (r, cmark_node_get_literal (node), FALSE);
      break;

    case CMARK_NODE_THEMATIC_BREAK:
      g_string_append (out, "<hr />\n");
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
      g_string_append (out, "<code>");
      exporter_xml_escape_append (out, cmark_node_get_literal (node), -1);
      g_string_append (out, "</code>");
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

    case CMARK_NODE_FOOTNOTE_DEFINITION:
      /* collected before rendering; written at the end */
      cmark_iter_reset (iter, node, CMARK_EVENT_EXIT);
      break;

    default:
      {
        const char *type = type_string (node);

        if (strcmp (type, "strikethrough") == 0)
          g_string_append (out, enter ? "<del>" : "</del>");
        else if (strcmp (type, "table") == 0)
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
        else if (enter && cmark_node_get_literal (node) != NULL)
          exporter_xml_escape_append (out, cmark_node_get_literal (node), -1);
      }
      break;
    }
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

      if (skip_root && node == root)
        continue;
      render_node (r, iter, node, event);
    }
  cmark_iter_free (iter);
}

void
exporter_doc_render (ExporterDoc                *doc,
                     const ExporterXhtmlOptions *options,
                     GString                    *out)
{
  Render r = { 0 };

  r.doc = doc;
  r.options = options;
  r.out = out;
  r.prefix = options->id_prefix ? options->id_prefix : "";
  r.notes = g_ptr_array_new ();
  r.note_refs = g_array_new (FALSE, TRUE, sizeof (int));

  /* cmark-gfm puts the notes that are referenced at the end of the
   * document, numbered in order of first reference. */
  for (cmark_node *n = cmark_node_first_child (doc->root); n; n = cmark_node_next (n))
    if (cmark_node_get_type (n) == CMARK_NODE_FOOTNOTE_DEFINITION)
      g_ptr_array_add (r.notes, n);

  render_tree (&r, doc->root, FALSE);

  if (r.notes->len > 0)
    {
      g_string_append (out, "<div class=\"footnotes\">\n");
      for (guint i = 0; i < r.notes->len; i++)
        {
          g_string_append (out, "<aside");
          g_string_append_printf (out, " id=\"%sfn.%u\" class=\"footnote\"", r.prefix, i + 1);
          if (options->epub)
            g_string_append (out, " epub:type=\"footnote\"");
          g_string_append (out, ">\n");
          g_string_append_printf (out, "<p class=\"footnote-number\">%u.</p>\n", i + 1);
          render_tree (&r, g_ptr_array_index (r.notes, i), TRUE);
          if (!options->epub && i + 1 < r.note_refs->len && g_array_index (r.note_refs, int, i + 1) > 0)
            g_string_append_printf (out, "<p class=\"footnote-back\"><a href=\"#%sfnref.%u\">\xE2\x86\xA9</a></p>\n",
                                    r.prefix, i + 1);
          g_string_append (out, "</aside>\n");
        }
      g_string_append (out, "</div>\n");
    }

  g_ptr_array_unref (r.notes);
  g_array_unref (r.note_refs);
}

char *
exporter_markdown_to_xhtml (const char       *markdown,
                            const char       *id_prefix,
                            gboolean          epub,
                            ExporterImageMap  map_image,
                            gpointer          user_data)
{
  g_autoptr(ExporterDoc) doc = exporter_doc_new (markdown);
  ExporterXhtmlOptions options = {
    .id_prefix = id_prefix,
    .epub = epub,
    .map_image = map_image,
    .map_link = NULL,
    .user_data = user_data,
  };
  GString *out = g_string_new (NULL);

  exporter_doc_render (doc, &options, out);
  return g_string_free (out, FALSE);
}
