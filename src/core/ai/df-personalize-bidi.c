/* df-personalize-bidi.c: an Urdu rewrite's paragraphs read right to left
 *
 * A paragraph takes its direction from its first strong letter, so an
 * Urdu paragraph that opens with a term kept in Latin script ("HTML صورت
 * …", "`rustup` کے ساتھ …") would be laid out left to right.  Before it
 * is shown, such a paragraph (a heading, a list item, a quoted line) gets
 * a RIGHT-TO-LEFT MARK after its Markdown marker.  Code blocks, tables,
 * link reference definitions and paragraphs without Arabic letters are
 * left as they are.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-personalize.h"

#define RLM "\xe2\x80\x8f"

/* ---- helpers --------------------------------------------------------------- */

static gboolean
is_fence (const char *line)
{
  while (*line == ' ')
    line++;
  return g_str_has_prefix (line, "```") || g_str_has_prefix (line, "~~~");
}

/* Where the text of a block's first line starts: after up to three
 * spaces and a heading, quote or list marker. */
static const char *
after_marker (const char *line)
{
  const char *p = line;

  for (int i = 0; i < 3 && *p == ' '; i++)
    p++;
  while (*p == '>')
    for (p++; *p == ' '; p++)
      ;
  if (*p == '#')
    {
      const char *q = p;
      while (*q == '#')
        q++;
      if (*q == ' ')
        return q + 1;
    }
  if ((*p == '-' || *p == '*' || *p == '+') && p[1] == ' ')
    return p + 2;
  if (g_ascii_isdigit (*p))
    {
      const char *q = p;
      while (g_ascii_isdigit (*q))
        q++;
      if ((*q == '.' || *q == ')') && q[1] == ' ')
        return q + 2;
    }
  return p;
}

/* "[label]: target", a link reference definition. */
static gboolean
is_reference (const char *text,
              const char *end)
{
  const char *close;

  if (*text != '[')
    return FALSE;
  close = memchr (text, ']', end - text);
  return close != NULL && close + 1 < end && close[1] == ':';
}

/* Has @text Arabic letters, and is its first strong letter not one? */
static gboolean
needs_mark (const char *text,
            const char *end)
{
  gboolean arabic = FALSE, latin_first = FALSE, seen = FALSE;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalpha (c))
        continue;
      if (g_unichar_get_script (c) == G_UNICODE_SCRIPT_ARABIC)
        arabic = TRUE;
      else if (!seen)
        latin_first = TRUE;
      seen = TRUE;
      if (arabic)
        return latin_first;
    }
  return FALSE;
}

/* ---- public API --------------------------------------------------------------- */

char *
df_personalize_mark_rtl (const char *markdown)
{
  GString *out;
  const char *line = markdown;
  gboolean in_code = FALSE, starts = TRUE;

  g_return_val_if_fail (markdown != NULL, NULL);
  if (!g_utf8_validate (markdown, -1, NULL))
    return g_strdup (markdown);
  out = g_string_sized_new (strlen (markdown) + 64);
  while (*line != '\0')
    {
      const char *nl = strchr (line, '\n');
      const char *end = nl != NULL ? nl : line + strlen (line);
      const char *text = after_marker (line);
      gboolean blank = text >= end || strspn (line, " \t") == (gsize)(end - line);
      gboolean fence = is_fence (line);

      if (fence)
        in_code = !in_code;
      else if (!in_code && !blank && (starts || text != line) && !g_str_has_prefix (line, "    ") &&
               *text != '|' && !is_reference (text, end) && needs_mark (text, end))
        {
          g_string_append_len (out, line, text - line);
          g_string_append (out, RLM);
          line = text;
        }
      g_string_append_len (out, line, end - line);
      if (nl != NULL)
        g_string_append_c (out, '\n');
      starts = blank || fence;
      line = nl != NULL ? nl + 1 : end;
    }
  return g_string_free (out, FALSE);
}
