/* exporter-markdown.c: parsing Markdown and escaping text for XML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter"

#include "config.h"

#include <cmark-gfm-core-extensions.h>
#include <string.h>

#include "exporter-util.h"

static const char * const extension_names[] = {
  "table", "strikethrough", "autolink", "tasklist",
};

cmark_node *
exporter_parse_markdown (const char *markdown)
{
  g_autofree char *clean = exporter_xml_clean (markdown ? markdown : "");
  cmark_parser *parser;
  cmark_node *doc;

  df_markdown_parse_lock ();
  cmark_gfm_core_extensions_ensure_registered ();
  parser = cmark_parser_new (CMARK_OPT_SMART | CMARK_OPT_FOOTNOTES);
  for (guint i = 0; i < G_N_ELEMENTS (extension_names); i++)
    {
      cmark_syntax_extension *ext = cmark_find_syntax_extension (extension_names[i]);

      if (ext != NULL)
        cmark_parser_attach_syntax_extension (parser, ext);
    }
  cmark_parser_feed (parser, clean, strlen (clean));
  doc = cmark_parser_finish (parser);
  cmark_parser_free (parser);
  df_markdown_parse_unlock ();

  return doc;
}

/* Walks @text (@len bytes), appending to @out what XML may hold; with
 * @escape, markup characters become entities. */
static void
append_clean (GString    *out,
              const char *text,
              gsize       len,
              gboolean    escape)
{
  const char *p = text;
  const char *end = text + len;
  const char *run = p;

#define FLUSH() G_STMT_START { if (p > run) g_string_append_len (out, run, p - run); } G_STMT_END

  while (p < end)
    {
      guchar c = (guchar)*p;

      if (c < 0x80)
        {
          const char *entity = NULL;

          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            {
              FLUSH ();
              p++;
              run = p;
              continue;
            }
          if (escape)
            switch (c)
              {
              case '&': entity = "&amp;"; break;
              case '<': entity = "&lt;"; break;
              case '>': entity = "&gt;"; break;
              case '"': entity = "&quot;"; break;
              case '\'': entity = "&#39;"; break;
              default: break;
              }
          if (entity != NULL)
            {
              FLUSH ();
              g_string_append (out, entity);
              p++;
              run = p;
            }
          else
            p++;
        }
      else
        {
          gunichar u = g_utf8_get_char_validated (p, end - p);

          if (u == (gunichar)-1 || u == (gunichar)-2)
            {
              FLUSH ();
              g_string_append (out, "\xEF\xBF\xBD");
              p++;
              run = p;
            }
          else if (u == 0xFFFE || u == 0xFFFF)
            {
              FLUSH ();
              p = g_utf8_next_char (p);
              run = p;
            }
          else
            p = g_utf8_next_char (p);
        }
    }
  FLUSH ();
#undef FLUSH
}

char *
exporter_xml_clean (const char *text)
{
  GString *out;
  gsize len;

  if (text == NULL)
    return g_strdup ("");
  len = strlen (text);
  out = g_string_sized_new (len + 1);
  append_clean (out, text, len, FALSE);
  return g_string_free (out, FALSE);
}

void
exporter_xml_escape_append (GString    *out,
                            const char *text,
                            gssize      len)
{
  if (text == NULL)
    return;
  append_clean (out, text, len < 0 ? strlen (text) : (gsize)len, TRUE);
}

void
exporter_xml_append_element (GString    *out,
                             const char *open,
                             const char *text,
                             const char *close)
{
  g_string_append (out, open);
  exporter_xml_escape_append (out, text, -1);
  g_string_append (out, close);
}

char *
exporter_node_text (cmark_node *node)
{
  GString *out = g_string_new (NULL);
  cmark_iter *iter;
  cmark_event_type event;

  if (node == NULL)
    return g_string_free (out, FALSE);

  iter = cmark_iter_new (node);
  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *n = cmark_iter_get_node (iter);

      if (event != CMARK_EVENT_ENTER)
        continue;
      switch (cmark_node_get_type (n))
        {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
          g_string_append (out, cmark_node_get_literal (n));
          break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
          g_string_append_c (out, ' ');
          break;
        case CMARK_NODE_FOOTNOTE_REFERENCE:
          /* a note's number is not part of the text */
          break;
        default:
          break;
        }
    }
  cmark_iter_free (iter);

  return g_string_free (out, FALSE);
}

char *
exporter_title_key (const char *text)
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

/* ---- images in raw HTML ----------------------------------------------- */

void
exporter_raw_image_free (gpointer data)
{
  ExporterRawImage *image = data;
  g_free (image->src);
  g_free (image->alt);
  g_free (image);
}

typedef struct
{
  GRegex *img;
  GRegex *src;
  GRegex *alt;
} RawImageRegexes;

/* Compiled once, shared by every thread (a GRegex is immutable). */
static const RawImageRegexes *
raw_image_regexes (void)
{
  static gsize once = 0;
  static RawImageRegexes regexes;

  if (g_once_init_enter (&once))
    {
      regexes.img = g_regex_new ("<img\\b[^>]*>", G_REGEX_CASELESS, 0, NULL);
      regexes.src = g_regex_new ("\\ssrc\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')", G_REGEX_CASELESS, 0, NULL);
      regexes.alt = g_regex_new ("\\salt\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')", G_REGEX_CASELESS, 0, NULL);
      g_once_init_leave (&once, 1);
    }
  return &regexes;
}

/* The value of the attribute @regex finds in @tag (double- or
 * single-quoted), or NULL. */
static char *
attribute (const char *tag,
           GRegex     *regex)
{
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *value = NULL;

  if (!g_regex_match (regex, tag, 0, &match))
    return NULL;
  value = g_match_info_fetch (match, 1);
  if (value == NULL || *value == '\0')
    {
      g_free (value);
      value = g_match_info_fetch (match, 2);
    }
  return g_steal_pointer (&value);
}

GPtrArray *
exporter_raw_html_images (const char *html)
{
  const RawImageRegexes *regexes;
  g_autoptr(GMatchInfo) match = NULL;
  GPtrArray *images = NULL;

  if (html == NULL || strstr (html, "<img") == NULL)
    return NULL;
  regexes = raw_image_regexes ();
  g_regex_match (regexes->img, html, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *tag = g_match_info_fetch (match, 0);
      ExporterRawImage *image = g_new0 (ExporterRawImage, 1);

      image->src = attribute (tag, regexes->src);
      image->alt = attribute (tag, regexes->alt);
      if (image->alt == NULL)
        image->alt = g_strdup ("");
      if (images == NULL)
        images = g_ptr_array_new_with_free_func (exporter_raw_image_free);
      g_ptr_array_add (images, image);
      g_match_info_next (match, NULL);
    }
  return images;
}

/* Whether @markdown holds what ties its blocks to others far from them:
 * reference links and footnotes (defined anywhere, used anywhere) and
 * the raw HTML blocks that run on over blank lines (comments, <script>,
 * <pre>, <style>, <textarea>, processing instructions, declarations). */
static gboolean
has_far_ties (const char *markdown)
{
  static const char * const ties[] = {
    "[^", "]:", "<!", "<?", "<script", "<pre", "<style", "<textarea",
    "<SCRIPT", "<PRE", "<STYLE", "<TEXTAREA",
  };

  for (guint i = 0; i < G_N_ELEMENTS (ties); i++)
    if (strstr (markdown, ties[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* The fence a line opens or closes (``` or ~~~, three or more, after
 * at most three spaces): its character, its length in @fence_len; 0
 * when the line is no fence. */
static char
line_fence (const char *line,
            const char *end,
            gsize      *fence_len)
{
  const char *p = line;
  char c;

  while (p < end && *p == ' ' && p - line < 3)
    p++;
  if (p >= end || (*p != '`' && *p != '~'))
    return 0;
  c = *p;
  *fence_len = 0;
  while (p < end && *p == c)
    p++, (*fence_len)++;
  return *fence_len >= 3 ? c : 0;
}

gsize
exporter_markdown_split (const char *markdown,
                         gsize       len,
                         gsize       from,
                         gsize       at_least)
{
  const char *end = markdown + len;
  const char *p = markdown + from;
  char fence = 0;
  gsize fence_len = 0;
  gboolean blank_before = FALSE;

  if (from == 0 && has_far_ties (markdown))
    return len;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *next = eol != NULL ? eol + 1 : end;
      gsize this_len = 0;
      char this_fence = line_fence (p, next, &this_len);
      gboolean blank = TRUE;

      /* A paragraph that starts with a letter, after a blank line and
       * outside code: whatever came before has ended. */
      if (fence == 0 && blank_before && (gsize) (p - markdown) >= from + at_least &&
          g_unichar_isalpha (g_utf8_get_char_validated (p, end - p)))
        return p - markdown;

      if (fence == 0 && this_fence != 0)
        fence = this_fence, fence_len = this_len;
      else if (fence != 0 && this_fence == fence && this_len >= fence_len)
        fence = 0;

      for (const char *q = p; q < next; q++)
        if (*q != ' ' && *q != '\t' && *q != '\r' && *q != '\n')
          {
            blank = FALSE;
            break;
          }
      blank_before = blank;
      p = next;
    }
  return len;
}
