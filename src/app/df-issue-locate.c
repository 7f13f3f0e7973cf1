/* df-issue-locate.c: where an agent's finding is in a chapter's text now
 *
 * An agent gives bytes in the chapter's Markdown as it was when it ran;
 * the editor wants characters in the text as it is.  The span is used
 * when the words are still there, the words are looked for near their
 * line when the text changed before them, and the line is the last
 * resort.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-issues"

#include "config.h"

#include <string.h>

#include "df-issue-locate.h"

/* The 1-based line the byte at @p is on. */
static int
line_of (const char *text,
         const char *p)
{
  int line = 1;

  for (const char *q = text; q < p; q++)
    if (*q == '\n')
      line++;
  return line;
}

/* The byte where 1-based @line starts (the text's end when it has fewer
 * lines). */
static const char *
line_start (const char *text,
            int         line)
{
  const char *p = text;

  for (int n = 1; n < line && *p != '\0'; p++)
    if (*p == '\n')
      n++;
  return p;
}

static gboolean
span_holds (const char *text,
            gsize       text_len,
            gint64      offset,
            gint64      length,
            const char *quote)
{
  const char *start, *end;

  if (offset < 0 || length < 0 || (guint64) offset + (guint64) length > text_len)
    return FALSE;
  start = text + offset;
  end = start + length;
  /* On character boundaries: not in the middle of a UTF-8 sequence. */
  if (((guchar) *start & 0xC0) == 0x80 || (*end != '\0' && ((guchar) *end & 0xC0) == 0x80))
    return FALSE;
  if (quote == NULL)
    return TRUE;
  return strlen (quote) == (gsize) length && memcmp (start, quote, length) == 0;
}

/* The occurrence of @quote nearest @line, within DF_ISSUE_LOCATE_NEAR_LINES. */
static const char *
find_near (const char *text,
           const char *quote,
           int         line)
{
  const char *best = NULL;
  int best_distance = DF_ISSUE_LOCATE_NEAR_LINES + 1;
  int at_line = 1;
  const char *counted = text;

  for (const char *p = strstr (text, quote); p != NULL; p = strstr (p + 1, quote))
    {
      int distance;

      /* Lines counted once, as the occurrences go forward. */
      for (; counted < p; counted++)
        if (*counted == '\n')
          at_line++;
      distance = ABS (at_line - line);
      if (distance < best_distance)
        {
          best = p;
          best_distance = distance;
        }
      else if (at_line > line)
        break;
    }
  return best;
}

gboolean
df_issue_locate (const char *text,
                 gint64      offset,
                 gint64      length,
                 int         line,
                 const char *quote,
                 gint64     *char_offset_out,
                 gint64     *n_chars_out)
{
  gsize text_len;
  const char *found = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  *char_offset_out = 0;
  *n_chars_out = 0;
  text_len = strlen (text);
  if (quote != NULL && quote[0] == '\0')
    quote = NULL;

  if (span_holds (text, text_len, offset, length, quote))
    {
      *char_offset_out = g_utf8_pointer_to_offset (text, text + offset);
      *n_chars_out = g_utf8_strlen (text + offset, length);
      return TRUE;
    }

  if (line <= 0 && offset >= 0 && (guint64) offset <= text_len)
    line = line_of (text, text + offset);

  if (quote != NULL && line > 0)
    found = find_near (text, quote, line);
  if (found != NULL)
    {
      *char_offset_out = g_utf8_pointer_to_offset (text, found);
      *n_chars_out = g_utf8_strlen (quote, -1);
      return TRUE;
    }

  if (line > 0)
    {
      *char_offset_out = g_utf8_pointer_to_offset (text, line_start (text, line));
      return TRUE;
    }
  return FALSE;
}
