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
  gsize       block_text;   /* where the open block's text starts */
  gboolean    in_fence, in_html, in_list, prev_blank;
  char        fence_ch;
  gsize       fence_run;
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
  /* Most words that start with h, w or m are no URL: a look at the
   * second letter says so before any comparison. */
  char second = n > 1 ? (char) (s[1] | 0x20) : 0;

  switch (s[0] | 0x20)
    {
    case 'h': if (second != 't') return FALSE; break;
    case 'w': if (second != 'w') return FALSE; break;
    case 'm': if (second != 'a') return FALSE; break;
    default: return FALSE;
    }
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

static void mask_inline (Mask *m, gsize from, gsize to);

/* Each of these reads the markup that starts at @i in [@i, @to) and
 * returns the last byte it blanked, or @i when there is none. */

/* A code span: `code`, ``co`de``. */
static gsize
mask_code_span (Mask *m, gsize i, gsize to)
{
  const char *s = m->text;
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
  if (j >= to)
    return i + run - 1;
  blank (m, i, j + run, STYLE_OPAQUE);
  return j + run - 1;
}

/* An image (opaque, alt text too), a footnote mark, or a link whose
 * text stays prose. */
static gsize
mask_link (Mask *m, gsize i, gsize to)
{
  const char *s = m->text;
  gboolean image = s[i] == '!';
  gsize open = image ? i + 1 : i;
  gsize close = match_close (s, open, to, '[', ']');
  gsize end = close;

  if (image || (close && open + 1 < to && s[open + 1] == '^'))
    {
      if (image && close && close < to && s[close] == '(')
        end = match_close (s, close, to, '(', ')');
      if (end == 0)
        return i;
      blank (m, i, end, STYLE_OPAQUE);
      return end - 1;
    }
  m->out[i] = ' ';
  if (close == 0)
    return i;
  if (close < to && s[close] == '(')
    end = match_close (s, close, to, '(', ')');
  else if (close < to && s[close] == '[')
    end = match_close (s, close, to, '[', ']');
  if (end == 0)
    end = close;
  mask_inline (m, i + 1, close - 1);
  blank (m, close - 1, end, ' ');
  return end - 1;
}

/* A tag (spaces) or an autolink (opaque). */
static gsize
mask_angle (Mask *m, gsize i, gsize to)
{
  const char *s = m->text;
  gsize j = i + 1;
  gboolean tag = j < to && (g_ascii_isalpha (s[j]) || s[j] == '/' || s[j] == '!');
  gboolean autolink;

  while (j < to && s[j] != '>' && s[j] != '\n' && s[j] != '<')
    j++;
  if (!tag || j >= to || s[j] != '>')
    return i;
  autolink = is_url_start (s + i + 1, j - i - 1) || memchr (s + i, '@', j - i) != NULL;
  blank (m, i, j + 1, autolink ? STYLE_OPAQUE : ' ');
  return j;
}

/* A bare URL, without the marks that end the sentence around it. */
static gsize
mask_url (Mask *m, gsize i, gsize to)
{
  const char *s = m->text;
  gsize j = i;

  while (j < to && !g_ascii_isspace (s[j]) && s[j] != ')' && s[j] != '>')
    j++;
  while (j > i && strchr (".,;:!?\"'", s[j - 1]) != NULL)
    j--;
  blank (m, i, j, STYLE_OPAQUE);
  return j > i ? j - 1 : i;
}

/* The bytes that may start inline markup: the rest are passed over;
 * h, w and m only where the text may hold a URL. */
static const guint8 inline_starts[256] = {
  ['\\'] = 1, ['`'] = 1, ['!'] = 1, ['['] = 1, ['<'] = 1, ['*'] = 1, ['~'] = 1, ['_'] = 1,
  ['h'] = 1, ['H'] = 1, ['w'] = 1, ['W'] = 1, ['m'] = 1, ['M'] = 1,
};
static const guint8 inline_starts_no_url[256] = {
  ['\\'] = 1, ['`'] = 1, ['!'] = 1, ['['] = 1, ['<'] = 1, ['*'] = 1, ['~'] = 1, ['_'] = 1,
};

/* Whether [from, to) may hold a URL is_url_start () finds: every one
 * has a colon ("http:", "mailto:") or a "ww" ("www."). */
static gboolean
may_hold_url (const char *s, gsize from, gsize to)
{
  if (memchr (s + from, ':', to - from) != NULL)
    return TRUE;
  for (const char *w = s + from; (w = memchr (w, 'w', s + to - w)) != NULL; w++)
    if ((w > s + from && (w[-1] | 0x20) == 'w') || (w + 1 < s + to && (w[1] | 0x20) == 'w'))
      return TRUE;
  for (const char *w = s + from; (w = memchr (w, 'W', s + to - w)) != NULL; w++)
    if ((w > s + from && (w[-1] | 0x20) == 'w') || (w + 1 < s + to && (w[1] | 0x20) == 'w'))
      return TRUE;
  return FALSE;
}

/* Inline markup in [from, to), a block's text. */
static void
mask_inline (Mask *m, gsize from, gsize to)
{
  const char *s = m->text;
  const guint8 *starts = may_hold_url (s, from, to) ? inline_starts : inline_starts_no_url;

  for (gsize i = from; i < to; i++)
    {
      char c;
      gboolean after_word;

      while (i < to && !starts[(guchar) s[i]])
        i++;
      if (i >= to)
        break;
      c = s[i];
      after_word = i > from && g_ascii_isalnum (s[i - 1]);

      switch (c)
        {
        case '\\':
          if (i + 1 < to && g_ascii_ispunct (s[i + 1]))
            m->out[i++] = ' ';
          break;
        case '`':
          i = mask_code_span (m, i, to);
          break;
        case '!':
          if (i + 1 < to && s[i + 1] == '[')
            i = mask_link (m, i, to);
          break;
        case '[':
          i = mask_link (m, i, to);
          break;
        case '<':
          i = mask_angle (m, i, to);
          break;
        case 'h': case 'H': case 'w': case 'W': case 'm': case 'M':
          if (!after_word && is_url_start (s + i, to - i))
            i = mask_url (m, i, to);
          break;
        case '*': case '~':
          m->out[i] = ' ';
          break;
        case '_':
          if (!after_word || i + 1 >= to || !g_ascii_isalnum (s[i + 1]))
            m->out[i] = ' ';
          break;
        default:
          break;
        }
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

/* The open block's text up to @at, its inline markup read. */
static void
flush_block (Mask *m, gsize at)
{
  if (m->block_text < at)
    mask_inline (m, m->block_text, at);
}

/* Front matter: "---" on the first line, to a "---" or "..." line;
 * where the text after it starts. */
static gsize
skip_front_matter (Mask *m)
{
  const char *text = m->text, *p;

  if (m->len < 4 || strncmp (text, "---", 3) != 0 || (text[3] != '\n' && text[3] != '\r'))
    return 0;
  for (p = text + 4; p < text + m->len; )
    {
      const char *nl = memchr (p, '\n', text + m->len - p);
      gsize n = nl ? (gsize) (nl - p) : (gsize) (text + m->len - p);

      if (n >= 3 && (strncmp (p, "---", 3) == 0 || strncmp (p, "...", 3) == 0) && is_blank_line (p + 3, n - 3))
        {
          gsize end = (p - text) + n + (nl ? 1 : 0);

          blank (m, 0, end, ' ');
          return end;
        }
      if (nl == NULL)
        break;
      p = nl + 1;
    }
  return 0;
}

/* A table row from @start: a segment of its own; the delimiter row
 * blanked, the pipes opaque. */
static void
table_row (Mask *m, gsize start, gsize le, gsize next)
{
  const char *text = m->text;
  gboolean delim = TRUE;

  for (gsize i = start; i < le; i++)
    if (strchr ("|-: \t\r", text[i]) == NULL)
      delim = FALSE;
  if (delim)
    blank (m, start, le, ' ');
  else
    {
      mask_inline (m, start, le);
      for (gsize i = start; i < le; i++)
        if (text[i] == '|')
          m->out[i] = STYLE_OPAQUE;
      m->seg_start = (gssize) start;
    }
  close_segment (m, le);
  m->block_text = next;
}

/* A line of a paragraph, a list item or a table row. */
static void
prose_line (Mask *m, gsize ls, gsize le, gsize next)
{
  gboolean item = FALSE;
  gsize start = strip_marks (m, ls, le, &item);
  gboolean row = start < le && m->text[start] == '|';

  if (item || row)
    {
      flush_block (m, ls);
      close_segment (m, ls);
      m->in_list = m->in_list || item;
    }
  else if (m->in_list && m->text[ls] != ' ' && m->text[ls] != '\t')
    m->in_list = FALSE;
  if (row)
    table_row (m, start, le, next);
  else
    {
      if (m->seg_start < 0)
        m->block_text = start;
      open_segment (m, start);
    }
  m->prev_blank = FALSE;
}

/* One line, [ls, le), that is not in front matter. */
static void
mask_line (Mask *m, gsize ls, gsize le, gsize next)
{
  const char *text = m->text;
  char ch;
  gsize run;

  if (m->in_fence)
    {
      if (is_fence (text + ls, le - ls, &ch, &run) && ch == m->fence_ch && run >= m->fence_run)
        m->in_fence = FALSE;
      blank (m, ls, le, ' ');
    }
  else if (is_blank_line (text + ls, le - ls))
    {
      flush_block (m, ls);
      m->block_text = next;
      close_segment (m, ls);
      m->in_html = FALSE;
      m->prev_blank = TRUE;
    }
  else if (m->in_html || (m->seg_start < 0 && text[ls] == '<' && le > ls + 1 &&
                          (g_ascii_isalpha (text[ls + 1]) || text[ls + 1] == '/' || text[ls + 1] == '!')))
    {
      m->in_html = TRUE;
      blank (m, ls, le, ' ');
    }
  else if (is_fence (text + ls, le - ls, &m->fence_ch, &m->fence_run) || is_rule (text + ls, le - ls))
    {
      /* A fence opens a code block; a rule is only blanked. */
      m->in_fence = is_fence (text + ls, le - ls, &ch, &run);
      flush_block (m, ls);
      close_segment (m, ls);
      blank (m, ls, le, ' ');
    }
  else if (m->prev_blank && !m->in_list && (text[ls] == '\t' || (le - ls >= 4 && strncmp (text + ls, "    ", 4) == 0)))
    blank (m, ls, le, ' ');   /* indented code: prev_blank stays */
  else if (text[ls] == '[' && m->seg_start < 0 && g_strstr_len (text + ls, le - ls, "]:") != NULL)
    blank (m, ls, le, ' ');   /* a link reference definition */
  else if (!heading_line (m, ls, le, &m->block_text))
    prose_line (m, ls, le, next);
}

char *
style_prose_mask (const char *text,
                  gsize       len,
                  GArray     *segments)
{
  Mask m = { text, g_malloc (len + 1), len, segments, -1 };
  gsize ls;

  memcpy (m.out, text, len);
  m.out[len] = '\0';
  m.prev_blank = TRUE;
  ls = skip_front_matter (&m);
  m.block_text = ls;
  while (ls < len)
    {
      const char *nl = memchr (text + ls, '\n', len - ls);
      gsize le = nl ? (gsize) (nl - text) : len;
      gsize next = nl ? le + 1 : len;

      mask_line (&m, ls, le, next);
      ls = next;
    }
  if (m.in_fence)
    m.block_text = len;
  flush_block (&m, len);
  close_segment (&m, len);
  return m.out;
}
