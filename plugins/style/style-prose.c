/* style-prose.c: the prose in a Markdown text
 *
 * One pass over the lines: front matter, fenced and indented code, HTML
 * blocks, link definitions and table delimiter rows are blanked whole;
 * heading marks, quote marks and list markers become spaces; inside a
 * block, code spans, URLs, autolinks and images become opaque bytes and
 * emphasis, link brackets, link targets and tags become spaces.  The copy
 * keeps every offset, so a finding's span is the same in the original.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-style"

#include "config.h"

#include <string.h>

#include "style-engine.h"

typedef struct
{
  const char *text;
  char       *out;
  gsize       len;
  GArray     *segments;
  gssize      seg_start;    /* the open segment, -1: none */
} Mask;

static void
blank (Mask *m, gsize from, gsize to, char with)
{
  for (gsize i = from; i < to && i < m->len; i++)
    if (m->out[i] != '\n')
      m->out[i] = with;
}

static void
close_segment (Mask *m, gsize end)
{
  if (m->seg_start >= 0 && (gsize) m->seg_start < end)
    {
      StyleSegment seg = { (gsize) m->seg_start, end };
      g_array_append_val (m->segments, seg);
    }
  m->seg_start = -1;
}

static void
open_segment (Mask *m, gsize start)
{
  if (m->seg_start < 0)
    m->seg_start = (gssize) start;
}

static gboolean
is_blank_line (const char *s, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
      return FALSE;
  return TRUE;
}

/* A run of 3+ '`' or '~' opening a fence: its char and length. */
static gboolean
is_fence (const char *s, gsize n, char *ch, gsize *run)
{
  gsize i = 0, r = 0;

  while (i < n && i < 3 && s[i] == ' ')
    i++;
  if (i >= n || (s[i] != '`' && s[i] != '~'))
    return FALSE;
  while (i + r < n && s[i + r] == s[i])
    r++;
  if (r < 3)
    return FALSE;
  *ch = s[i];
  *run = r;
  return TRUE;
}

static gboolean
is_rule (const char *s, gsize n)
{
  char c = 0;
  guint count = 0;

  for (gsize i = 0; i < n; i++)
    {
      if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')
        continue;
      if ((s[i] != '-' && s[i] != '*' && s[i] != '_' && s[i] != '=') || (c && s[i] != c))
        return FALSE;
      c = s[i];
      count++;
    }
  return count >= 3;
}

static gboolean
is_url_start (const char *s, gsize n)
{
  return (n >= 7 && g_ascii_strncasecmp (s, "http://", 7) == 0) ||
         (n >= 8 && g_ascii_strncasecmp (s, "https://", 8) == 0) ||
         (n >= 4 && g_ascii_strncasecmp (s, "www.", 4) == 0) ||
         (n >= 7 && g_ascii_strncasecmp (s, "mailto:", 7) == 0);
}

/* The end of the bracketed run starting at @i (s[i] is @open), or 0. */
static gsize
match_close (const char *s, gsize i, gsize end, char open, char close)
{
  int depth = 0;

  for (gsize j = i; j < end; j++)
    {
      if (s[j] == '\\')
        j++;
      else if (s[j] == open)
        depth++;
      else if (s[j] == close && --depth == 0)
        return j + 1;
      else if (s[j] == '\n' && j + 1 < end && s[j + 1] == '\n')
        return 0;
    }
  return 0;
}

/* Inline markup in [from, to), a block's text. */
static void
mask_inline (Mask *m, gsize from, gsize to)
{
  const char *s = m->text;

  for (gsize i = from; i < to; i++)
    {
      char c = s[i];

      switch (c)
        {
        case '\\': case '`': case '!': case '[': case '<': case '*': case '~': case '_':
        case 'h': case 'H': case 'w': case 'W': case 'm': case 'M':
          break;
        default:
          continue;
        }
      if (c == '\\' && i + 1 < to && g_ascii_ispunct (s[i + 1]))
        {
          m->out[i] = ' ';
          i++;
        }
      else if (c == '`')
        {
          gsize run = 0, j;

          while (i + run < to && s[i + run] == '`')
            run++;
          for (j = i + run; j < to; j++)
            if (s[j] == '`')
              {
                gsize r2 = 0;
                while (j + r2 < to && s[j + r2] == '`')
                  r2++;
                if (r2 == run)
                  break;
                j += r2 - 1;
              }
          if (j < to)
            {
              blank (m, i, j + run, STYLE_OPAQUE);
              i = j + run - 1;
            }
          else
            i += run - 1;
        }
      else if (c == '!' && i + 1 < to && s[i + 1] == '[')
        {
          gsize close = match_close (s, i + 1, to, '[', ']');
          gsize end = close && close < to && s[close] == '(' ? match_close (s, close, to, '(', ')') : close;

          if (end)
            {
              blank (m, i, end, STYLE_OPAQUE);
              i = end - 1;
            }
        }
      else if (c == '[')
        {
          gsize close = match_close (s, i, to, '[', ']');

          if (close && i + 1 < to && s[i + 1] == '^')
            {
              blank (m, i, close, STYLE_OPAQUE);
              i = close - 1;
              continue;
            }
          m->out[i] = ' ';
          if (close)
            {
              gsize end = close;

              if (close < to && s[close] == '(')
                end = match_close (s, close, to, '(', ')');
              else if (close < to && s[close] == '[')
                end = match_close (s, close, to, '[', ']');
              if (end == 0)
                end = close;
              /* The text between the brackets stays prose. */
              mask_inline (m, i + 1, close - 1);
              blank (m, close - 1, end, ' ');
              i = end - 1;
            }
        }
      else if (c == '<')
        {
          gsize j = i + 1;
          gboolean tag = j < to && (g_ascii_isalpha (s[j]) || s[j] == '/' || s[j] == '!');

          while (j < to && s[j] != '>' && s[j] != '\n' && s[j] != '<')
            j++;
          if (tag && j < to && s[j] == '>')
            {
              gboolean autolink = is_url_start (s + i + 1, j - i - 1) || memchr (s + i, '@', j - i) != NULL;

              blank (m, i, j + 1, autolink ? STYLE_OPAQUE : ' ');
              i = j;
            }
        }
      else if ((c == 'h' || c == 'H' || c == 'w' || c == 'W' || c == 'm' || c == 'M') &&
               (i == from || !g_ascii_isalnum (s[i - 1])) && is_url_start (s + i, to - i))
        {
          gsize j = i;

          while (j < to && !g_ascii_isspace (s[j]) && s[j] != ')' && s[j] != '>')
            j++;
          while (j > i && strchr (".,;:!?\"'", s[j - 1]) != NULL)
            j--;
          blank (m, i, j, STYLE_OPAQUE);
          i = j - 1;
        }
      else if (c == '*' || c == '~')
        m->out[i] = ' ';
      else if (c == '_' && (i == from || !g_ascii_isalnum (s[i - 1]) || i + 1 >= to || !g_ascii_isalnum (s[i + 1])))
        m->out[i] = ' ';
    }
}

/* Leading container marks of a line: '>' quotes and one list marker;
 * returns where the text starts, and whether a list item starts. */
static gsize
strip_marks (Mask *m, gsize ls, gsize le, gboolean *item)
{
  const char *s = m->text;
  gsize i = ls;

  *item = FALSE;
  for (;;)
    {
      while (i < le && (s[i] == ' ' || s[i] == '\t'))
        i++;
      if (i < le && s[i] == '>')
        {
          m->out[i++] = ' ';
          continue;
        }
      break;
    }
  if (i + 1 < le && (s[i] == '-' || s[i] == '*' || s[i] == '+') && s[i + 1] == ' ')
    {
      m->out[i] = ' ';
      *item = TRUE;
      return i + 2;
    }
  if (i < le && g_ascii_isdigit (s[i]))
    {
      gsize j = i;

      while (j < le && j - i < 9 && g_ascii_isdigit (s[j]))
        j++;
      if (j + 1 < le && (s[j] == '.' || s[j] == ')') && s[j + 1] == ' ')
        {
          blank (m, i, j + 1, ' ');
          *item = TRUE;
          return j + 2;
        }
    }
  return i;
}

/* A heading line: blanks its marks and makes it a segment of its own. */
static gboolean
heading_line (Mask *m, gsize ls, gsize le, gsize *block_text)
{
  const char *s = m->text;
  gsize i = ls, hashes = 0, end = le;

  while (i < le && i - ls < 3 && s[i] == ' ')
    i++;
  while (i + hashes < le && s[i + hashes] == '#')
    hashes++;
  if (hashes == 0 || hashes > 6 || (i + hashes < le && s[i + hashes] != ' ' && s[i + hashes] != '\t'))
    return FALSE;
  blank (m, ls, i + hashes, ' ');
  while (end > i + hashes && (s[end - 1] == ' ' || s[end - 1] == '#' || s[end - 1] == '\r'))
    end--;
  blank (m, end, le, ' ');
  if (*block_text < ls)
    mask_inline (m, *block_text, ls);
  *block_text = le;
  close_segment (m, ls);
  mask_inline (m, i + hashes, end);
  m->seg_start = (gssize) (i + hashes);
  close_segment (m, end);
  return TRUE;
}

char *
style_prose_mask (const char *text,
                  gsize       len,
                  GArray     *segments)
{
  Mask m = { text, g_malloc (len + 1), len, segments, -1 };
  gsize ls = 0;
  gboolean in_fence = FALSE, in_html = FALSE, prev_blank = TRUE, in_list = FALSE;
  char fence_ch = 0;
  gsize fence_run = 0, block_text = 0;

  memcpy (m.out, text, len);
  m.out[len] = '\0';

  /* Front matter: "---" on the first line, to a "---" or "..." line. */
  if (len >= 4 && strncmp (text, "---", 3) == 0 && (text[3] == '\n' || text[3] == '\r'))
    {
      const char *p = text + 4;
      while (p < text + len)
        {
          const char *nl = memchr (p, '\n', text + len - p);
          gsize n = nl ? (gsize) (nl - p) : (gsize) (text + len - p);
          if ((n >= 3 && (strncmp (p, "---", 3) == 0 || strncmp (p, "...", 3) == 0)) && is_blank_line (p + 3, n - 3))
            {
              ls = (p - text) + n + (nl ? 1 : 0);
              blank (&m, 0, ls, ' ');
              break;
            }
          if (nl == NULL)
            break;
          p = nl + 1;
        }
    }

  while (ls < len)
    {
      const char *nl = memchr (text + ls, '\n', len - ls);
      gsize le = nl ? (gsize) (nl - text) : len;
      gsize next = nl ? le + 1 : len;
      char ch;
      gsize run;
      gboolean item = FALSE;

      if (in_fence)
        {
          if (is_fence (text + ls, le - ls, &ch, &run) && ch == fence_ch && run >= fence_run)
            in_fence = FALSE;
          blank (&m, ls, le, ' ');
        }
      else if (is_blank_line (text + ls, le - ls))
        {
          if (block_text < ls)
            mask_inline (&m, block_text, ls);
          block_text = next;
          close_segment (&m, ls);
          in_html = FALSE;
          prev_blank = TRUE;
        }
      else if (in_html || (m.seg_start < 0 && text[ls] == '<' && le > ls + 1 &&
                           (g_ascii_isalpha (text[ls + 1]) || text[ls + 1] == '/' || text[ls + 1] == '!')))
        {
          in_html = TRUE;
          blank (&m, ls, le, ' ');
        }
      else if (is_fence (text + ls, le - ls, &fence_ch, &fence_run))
        {
          if (block_text < ls)
            mask_inline (&m, block_text, ls);
          close_segment (&m, ls);
          in_fence = TRUE;
          blank (&m, ls, le, ' ');
        }
      else if (prev_blank && !in_list && (text[ls] == '\t' || (le - ls >= 4 && strncmp (text + ls, "    ", 4) == 0)))
        blank (&m, ls, le, ' ');   /* indented code: prev_blank stays */
      else if (text[ls] == '[' && strstr (text + ls, "]:") != NULL &&
               (gsize) (strstr (text + ls, "]:") - text) < le && m.seg_start < 0)
        blank (&m, ls, le, ' ');   /* a link reference definition */
      else if (is_rule (text + ls, le - ls))
        {
          if (block_text < ls)
            mask_inline (&m, block_text, ls);
          close_segment (&m, ls);
          blank (&m, ls, le, ' ');
        }
      else if (heading_line (&m, ls, le, &block_text))
        ;
      else
        {
          gsize start = strip_marks (&m, ls, le, &item);

          if (item || (start < le && text[start] == '|'))
            {
              if (block_text < ls)
                mask_inline (&m, block_text, ls);
              close_segment (&m, ls);
              in_list = in_list || item;
            }
          if (start < le && text[start] == '|')
            {
              /* A table row: its own segment; the delimiter row blanked. */
              gboolean delim = TRUE;
              for (gsize i = start; i < le; i++)
                if (strchr ("|-: \t\r", text[i]) == NULL)
                  delim = FALSE;
              if (delim)
                blank (&m, start, le, ' ');
              else
                {
                  mask_inline (&m, start, le);
                  for (gsize i = start; i < le; i++)
                    if (text[i] == '|')
                      m.out[i] = STYLE_OPAQUE;
                  m.seg_start = (gssize) start;
                }
              close_segment (&m, le);
              block_text = next;
            }
          else
            {
              if (m.seg_start < 0)
                block_text = start;
              open_segment (&m, start);
            }
          prev_blank = FALSE;
        }
      if (!prev_blank && is_blank_line (text + ls, le - ls) == FALSE && in_list && !item &&
          text[ls] != ' ' && text[ls] != '\t')
        in_list = FALSE;
      ls = next;
    }
  if (in_fence)
    block_text = len;
  if (block_text < len)
    mask_inline (&m, block_text, len);
  close_segment (&m, len);
  return m.out;
}
