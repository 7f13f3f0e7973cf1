/* df-markdown-text.c: the plain-text side of showing Markdown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-markdown-text"

#include "config.h"

#include <string.h>

#include <cmark-gfm-core-extensions.h>

#include "df-markdown-text.h"
#include "df-text.h"

static void
append_padded (GString    *out,
               const char *text,
               int         width,
               char        align)
{
  int pad = MAX (0, width - (int)df_text_display_width (text));
  int before = align == 'r' ? pad : align == 'c' ? pad / 2 : 0;

  for (int i = 0; i < before; i++)
    g_string_append_c (out, ' ');
  g_string_append (out, text);
  for (int i = 0; i < pad - before; i++)
    g_string_append_c (out, ' ');
}

static void
append_rule (GString *line,
             int     *widths,
             guint    n_columns)
{
  for (guint c = 0; c < n_columns; c++)
    {
      if (c > 0)
        g_string_append (line, "─┼─");
      for (int i = 0; i < MAX (widths[c], 1); i++)
        g_string_append (line, "─");
    }
}

gboolean
df_markdown_text_is_rtl (const char *text,
                         gboolean    fallback)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch ((int)g_unichar_get_script (c))
        {
        case G_UNICODE_SCRIPT_ARABIC:
        case G_UNICODE_SCRIPT_HEBREW:
        case G_UNICODE_SCRIPT_SYRIAC:
        case G_UNICODE_SCRIPT_THAANA:
        case G_UNICODE_SCRIPT_NKO:
        case G_UNICODE_SCRIPT_SAMARITAN:
        case G_UNICODE_SCRIPT_MANDAIC:
        case G_UNICODE_SCRIPT_ADLAM:
        case G_UNICODE_SCRIPT_HANIFI_ROHINGYA:
          if (g_unichar_isalpha (c))
            return TRUE;
          break;
        default:
          if (g_unichar_isalpha (c))
            return FALSE;
          break;
        }
    }

  return fallback;
}

char *
df_markdown_node_text (cmark_node *root)
{
  GString *out = g_string_new (NULL);
  cmark_iter *iter = cmark_iter_new (root);
  cmark_event_type ev;

  while ((ev = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);

      if (ev != CMARK_EVENT_ENTER)
        continue;

      switch ((int)cmark_node_get_type (node))
        {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
          g_string_append (out, cmark_node_get_literal (node));
          break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
          g_string_append_c (out, ' ');
          break;
        default:
          break;
        }
    }

  cmark_iter_free (iter);
  return g_string_free (out, FALSE);
}

/* "50%" or "300px" or "300" at @text: one of the two set. */
static void
parse_length (const char *text,
              double     *fraction,
              int        *pixels)
{
  char *end = NULL;
  double value;

  while (g_ascii_isspace (*text))
    text++;
  value = g_ascii_strtod (text, &end);
  if (end == text || value <= 0)
    return;
  while (g_ascii_isspace (*end))
    end++;
  if (*end == '%')
    *fraction = MIN (value / 100.0, 1.0);
  else if (*end == '\0' || *end == ';' || g_ascii_strncasecmp (end, "px", 2) == 0)
    *pixels = (int)(value + 0.5);
}

void
df_markdown_html_width (const char *tag,
                        const char *tag_end,
                        double     *fraction,
                        int        *pixels)
{
  g_autofree char *style = df_markdown_html_attribute (tag, tag_end, "style");
  g_autofree char *width = df_markdown_html_attribute (tag, tag_end, "width");

  *fraction = 0;
  *pixels = 0;
  /* The style's width: a "max-width" or "min-width" is not it. */
  for (const char *p = style; p != NULL && (p = strstr (p, "width")) != NULL; p += 5)
    {
      const char *colon = p + 5;

      if (p > style && (g_ascii_isalnum (p[-1]) || p[-1] == '-'))
        continue;
      while (g_ascii_isspace (*colon))
        colon++;
      if (*colon != ':')
        continue;
      parse_length (colon + 1, fraction, pixels);
      return;
    }
  if (width != NULL)
    parse_length (width, fraction, pixels);
}

char *
df_markdown_html_attribute (const char *tag,
                            const char *tag_end,
                            const char *name)
{
  gsize name_len = strlen (name);

  for (const char *p = tag; p != NULL && p < tag_end; p++)
    {
      const char *q;
      char quote;

      if (g_ascii_strncasecmp (p, name, name_len) != 0 ||
          (p > tag && !g_ascii_isspace (p[-1])))
        continue;

      q = p + name_len;
      while (q < tag_end && g_ascii_isspace (*q))
        q++;
      if (q >= tag_end || *q != '=')
        continue;
      q++;
      while (q < tag_end && g_ascii_isspace (*q))
        q++;
      if (q >= tag_end)
        return NULL;

      quote = *q;
      if (quote == '"' || quote == '\'')
        {
          const char *close = memchr (q + 1, quote, tag_end - (q + 1));

          if (close == NULL)
            return NULL;
          return g_strndup (q + 1, close - (q + 1));
        }
      else
        {
          const char *stop = q;

          while (stop < tag_end && !g_ascii_isspace (*stop) && *stop != '>' && *stop != '/')
            stop++;
          return g_strndup (q, stop - q);
        }
    }

  return NULL;
}

gboolean
df_markdown_html_is_blank (const char *html)
{
  const char *p = html;

  while (*p != '\0')
    {
      if (g_str_has_prefix (p, "<!--"))
        {
          const char *close = strstr (p + 4, "-->");

          if (close == NULL)
            return TRUE;
          p = close + 3;
        }
      else if (*p == '<')
        {
          const char *gt = strchr (p, '>');

          if (g_ascii_strncasecmp (p, "<img", 4) == 0)
            return FALSE;
          if (gt == NULL)
            return FALSE;
          p = gt + 1;
        }
      else if (!g_ascii_isspace (*p))
        return FALSE;
      else
        p++;
    }

  return TRUE;
}

GPtrArray *
df_markdown_table_lines (cmark_node *table,
                         gboolean   *has_header)
{
  guint n_columns = cmark_gfm_extensions_get_table_columns (table);
  const guint8 *aligns = cmark_gfm_extensions_get_table_alignments (table);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  g_autofree int *widths = NULL;
  GPtrArray *lines;

  *has_header = FALSE;
  if (n_columns == 0)
    return NULL;

  widths = g_new0 (int, n_columns);
  for (cmark_node *row = cmark_node_first_child (table); row != NULL; row = cmark_node_next (row))
    {
      char **cells = g_new0 (char *, n_columns + 1);
      guint i = 0;

      for (cmark_node *cell = cmark_node_first_child (row); cell != NULL && i < n_columns;
           cell = cmark_node_next (cell), i++)
        {
          cells[i] = g_strstrip (df_markdown_node_text (cell));
          widths[i] = MAX (widths[i], (int)df_text_display_width (cells[i]));
        }
      for (; i < n_columns; i++)
        cells[i] = g_strdup ("");

      if (rows->len == 0 && g_strcmp0 (cmark_node_get_type_string (row), "table_header") == 0)
        *has_header = TRUE;
      g_ptr_array_add (rows, cells);
    }

  lines = g_ptr_array_new_with_free_func (g_free);
  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);
      GString *line = g_string_new (NULL);

      for (guint c = 0; c < n_columns; c++)
        {
          if (c > 0)
            g_string_append (line, " │ ");
          append_padded (line, cells[c], widths[c], aligns != NULL ? (char)aligns[c] : 0);
        }
      g_ptr_array_add (lines, g_string_free (line, FALSE));

      if (r == 0 && *has_header)
        {
          line = g_string_new (NULL);
          append_rule (line, widths, n_columns);
          g_ptr_array_add (lines, g_string_free (line, FALSE));
        }
    }
  return lines;
}
