/* df-text.c: word, character and paragraph counts for Markdown prose
 *
 * One pass over the bytes with an ASCII fast path: no allocation, no
 * regular expressions.  A word is a run of letters, digits and combining
 * marks in any script; an apostrophe (' or U+2019) or a hyphen (- or
 * U+2010) between two word characters joins them.  Markdown syntax is not
 * counted: punctuation such as # * _ > | is never part of a word, and the
 * scanner skips ordered list markers, link and image destinations,
 * reference definitions, images and HTML tags.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-text"

#include "config.h"

#include <string.h>

#include "df-text.h"

enum
{
  C_SEP = 0,    /* anything that ends a word */
  C_WORD,       /* ASCII letter or digit */
  C_JOIN,       /* ' or - : joins two word characters */
  C_SPACE,      /* space, tab, \r */
  C_NL,         /* \n */
  C_LT,         /* < : maybe an HTML tag */
  C_BANG,       /* ! : maybe an image */
  C_RBRACKET,   /* ] : maybe a link destination */
  C_HIGH,       /* a byte >= 0x80 */
};

static const guint8 ascii_class[256] = {
  ['\t'] = C_SPACE, ['\r'] = C_SPACE, ['\v'] = C_SPACE, ['\f'] = C_SPACE,
  [' '] = C_SPACE, ['\n'] = C_NL,
  ['\''] = C_JOIN, ['-'] = C_JOIN,
  ['<'] = C_LT, ['!'] = C_BANG, [']'] = C_RBRACKET,
  ['0'] = C_WORD, ['1'] = C_WORD, ['2'] = C_WORD, ['3'] = C_WORD, ['4'] = C_WORD,
  ['5'] = C_WORD, ['6'] = C_WORD, ['7'] = C_WORD, ['8'] = C_WORD, ['9'] = C_WORD,
  ['A'] = C_WORD, ['B'] = C_WORD, ['C'] = C_WORD, ['D'] = C_WORD, ['E'] = C_WORD,
  ['F'] = C_WORD, ['G'] = C_WORD, ['H'] = C_WORD, ['I'] = C_WORD, ['J'] = C_WORD,
  ['K'] = C_WORD, ['L'] = C_WORD, ['M'] = C_WORD, ['N'] = C_WORD, ['O'] = C_WORD,
  ['P'] = C_WORD, ['Q'] = C_WORD, ['R'] = C_WORD, ['S'] = C_WORD, ['T'] = C_WORD,
  ['U'] = C_WORD, ['V'] = C_WORD, ['W'] = C_WORD, ['X'] = C_WORD, ['Y'] = C_WORD,
  ['Z'] = C_WORD,
  ['a'] = C_WORD, ['b'] = C_WORD, ['c'] = C_WORD, ['d'] = C_WORD, ['e'] = C_WORD,
  ['f'] = C_WORD, ['g'] = C_WORD, ['h'] = C_WORD, ['i'] = C_WORD, ['j'] = C_WORD,
  ['k'] = C_WORD, ['l'] = C_WORD, ['m'] = C_WORD, ['n'] = C_WORD, ['o'] = C_WORD,
  ['p'] = C_WORD, ['q'] = C_WORD, ['r'] = C_WORD, ['s'] = C_WORD, ['t'] = C_WORD,
  ['u'] = C_WORD, ['v'] = C_WORD, ['w'] = C_WORD, ['x'] = C_WORD, ['y'] = C_WORD,
  ['z'] = C_WORD,
  [0x80 ... 0xff] = C_HIGH,
};

/* Decodes one UTF-8 sequence at @p (before @end); on a malformed sequence
 * returns U+FFFD and advances one byte. */
static inline gunichar
decode_utf8 (const guchar  *p,
             const guchar  *end,
             int           *n_bytes)
{
  guchar c = p[0];

  if (c < 0xe0)
    {
      if (c >= 0xc2 && end - p >= 2 && (p[1] & 0xc0) == 0x80)
        {
          *n_bytes = 2;
          return ((c & 0x1f) << 6) | (p[1] & 0x3f);
        }
    }
  else if (c < 0xf0)
    {
      if (end - p >= 3 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80)
        {
          gunichar u = ((c & 0x0f) << 12) | ((p[1] & 0x3f) << 6) | (p[2] & 0x3f);
          if (u >= 0x800)
            {
              *n_bytes = 3;
              return u;
            }
        }
    }
  else if (c < 0xf5)
    {
      if (end - p >= 4 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 &&
          (p[3] & 0xc0) == 0x80)
        {
          gunichar u = ((c & 0x07) << 18) | ((p[1] & 0x3f) << 12) |
                       ((p[2] & 0x3f) << 6) | (p[3] & 0x3f);
          if (u >= 0x10000 && u <= 0x10ffff)
            {
              *n_bytes = 4;
              return u;
            }
        }
    }

  *n_bytes = 1;
  return 0xfffd;
}

static inline gboolean
unichar_is_word (gunichar u)
{
  switch (g_unichar_type (u))
    {
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
      return TRUE;
    default:
      return FALSE;
    }
}

static inline gboolean
unichar_is_joiner (gunichar u)
{
  /* right single quotation mark, hyphen, non-breaking hyphen, and the
   * zero-width (non-)joiners used inside Urdu and Persian words */
  return u == 0x2019 || u == 0x2010 || u == 0x2011 || u == 0x200c || u == 0x200d;
}

/* Is the character at @p a word character? */
static inline gboolean
is_word_at (const guchar *p,
            const guchar *end)
{
  int n;

  if (p >= end)
    return FALSE;
  if (*p < 0x80)
    return ascii_class[*p] == C_WORD;
  return unichar_is_word (decode_utf8 (p, end, &n));
}

/* Skips from @p (at an opening @open) to just past the matching @close on
 * the same paragraph; returns @p unchanged when there is none. */
static const guchar *
skip_balanced (const guchar *p,
               const guchar *end,
               guchar        open,
               guchar        close)
{
  const guchar *q = p + 1;
  int depth = 1;

  for (; q < end; q++)
    {
      if (*q == '\\' && q + 1 < end)
        q++;
      else if (*q == open)
        depth++;
      else if (*q == close)
        {
          if (--depth == 0)
            return q + 1;
        }
      else if (*q == '\n' && q + 1 < end && q[1] == '\n')
        break;
    }

  return p;
}

/* Skips an HTML tag or comment starting at @p, not across a blank line;
 * returns @p when it does not end. */
static const guchar *
skip_tag (const guchar *p,
          const guchar *end)
{
  for (const guchar *q = p + 1; q < end; q++)
    {
      if (*q == '>')
        return q + 1;
      if (*q == '\n' && q + 1 < end && q[1] == '\n')
        break;
    }

  return p;
}

/* At the start of a line (after indentation and block quote markers): an
 * ordered list marker "12. " or "3) ", or a reference definition
 * "[id]: url".  Returns where counting resumes. */
static const guchar *
skip_line_start (const guchar *p,
                 const guchar *end)
{
  const guchar *q = p;

  while (q < end && (*q == ' ' || *q == '\t' || *q == '>'))
    q++;

  if (q < end && *q >= '0' && *q <= '9')
    {
      const guchar *d = q;

      while (d < end && *d >= '0' && *d <= '9' && d - q < 4)
        d++;
      if (d - q <= 3 && d < end && (*d == '.' || *d == ')') &&
          (d + 1 == end || d[1] == ' ' || d[1] == '\t' || d[1] == '\n'))
        return d + 1;
    }
  else if (q < end && *q == '[')
    {
      const guchar *r = skip_balanced (q, end, '[', ']');

      if (r != q && r < end && *r == ':')
        {
          while (r < end && *r != '\n')
            r++;
          return r;
        }
    }

  return q;
}

/* At a '<': past an HTML tag or comment, or past the '<' alone. */
static inline const guchar *
skip_html (const guchar *p,
           const guchar *end)
{
  if (p + 1 < end && (g_ascii_isalpha (p[1]) || p[1] == '/' || p[1] == '!'))
    {
      const guchar *q = skip_tag (p, end);
      return q != p ? q : p + 1;
    }
  return p + 1;
}

/* At a '!': past an image, whose alt text and source do not count, or
 * past the '!' alone. */
static inline const guchar *
skip_image (const guchar *p,
            const guchar *end)
{
  if (p + 1 < end && p[1] == '[')
    {
      const guchar *q = skip_balanced (p + 1, end, '[', ']');

      if (q != p + 1 && q < end && *q == '(')
        {
          const guchar *r = skip_balanced (q, end, '(', ')');
          return r != q ? r : q;
        }
    }
  return p + 1;
}

/* At a ']': past the link destination or reference label that follows
 * it, or past the ']' alone. */
static inline const guchar *
skip_link_target (const guchar *p,
                  const guchar *end)
{
  p++;
  if (p < end && (*p == '(' || *p == '['))
    {
      const guchar *q = skip_balanced (p, end, *p, *p == '(' ? ')' : ']');
      if (q != p)
        p = q;
    }
  return p;
}

/* At a byte >= 0x80: the character there starts or continues a word, or
 * joins two word characters, or ends the word. */
static inline const guchar *
scan_high (const guchar *p,
           const guchar *end,
           gboolean     *in_word,
           gint64       *words)
{
  int n;
  gunichar u = decode_utf8 (p, end, &n);

  if (unichar_is_word (u))
    {
      if (!*in_word)
        {
          (*words)++;
          *in_word = TRUE;
        }
    }
  else if (!(unichar_is_joiner (u) && *in_word && is_word_at (p + n, end)))
    *in_word = FALSE;
  return p + n;
}

gint64
df_text_count_words (const char *markdown,
                     gssize      len)
{
  const guchar *p;
  const guchar *end;
  gint64 words = 0;
  gboolean in_word = FALSE;

  if (markdown == NULL)
    return 0;
  if (len < 0)
    len = strlen (markdown);

  p = (const guchar *)markdown;
  end = p + len;
  p = skip_line_start (p, end);

  while (p < end)
    {
      switch (ascii_class[*p])
        {
        case C_WORD:
          if (!in_word)
            {
              words++;
              in_word = TRUE;
            }
          p++;
          break;

        case C_SPACE:
        case C_SEP:
          in_word = FALSE;
          p++;
          break;

        case C_NL:
          in_word = FALSE;
          p = skip_line_start (p + 1, end);
          break;

        case C_JOIN:
          /* Joins only between two word characters. */
          if (!(in_word && is_word_at (p + 1, end)))
            in_word = FALSE;
          p++;
          break;

        case C_LT:
          in_word = FALSE;
          p = skip_html (p, end);
          break;

        case C_BANG:
          in_word = FALSE;
          p = skip_image (p, end);
          break;

        case C_RBRACKET:
          in_word = FALSE;
          p = skip_link_target (p, end);
          break;

        case C_HIGH:
        default:
          p = scan_high (p, end, &in_word, &words);
          break;
        }
    }

  return words;
}

/* Whether the count is the same whether it starts afresh at @i or
 * arrives there from the start of the text: @i follows a blank line
 * ("\n\n", which no Markdown construct the count skips reaches across)
 * not escaped by a backslash.  Looks only at the three bytes before @i. */
static gboolean
follows_blank_line (const char *text,
                    gsize       i)
{
  return i >= 2 && text[i - 1] == '\n' && text[i - 2] == '\n' && (i < 3 || text[i - 3] != '\\');
}

gint64
df_text_count_words_changed (const char *before,
                             gsize       before_len,
                             gint64      before_words,
                             const char *after,
                             gsize       after_len)
{
  gsize common = MIN (before_len, after_len);
  gsize head = 0, tail = 0, from, to;

  while (head < common && before[head] == after[head])
    head++;
  while (tail < common - head && before[before_len - 1 - tail] == after[after_len - 1 - tail])
    tail++;

  /* Back to a paragraph's start in the common start; on to one that
   * starts three bytes or more into the common end (what the boundary
   * looks at is then the same in both texts). */
  from = head;
  while (from > 0 && !follows_blank_line (before, from))
    from--;
  to = before_len - tail + MIN (tail, 3);
  while (to < before_len && !follows_blank_line (before, to))
    to++;

  return before_words - df_text_count_words (before + from, to - from) +
         df_text_count_words (after + from, to - before_len + after_len - from);
}

gint64
df_text_reading_minutes (gint64 words)
{
  if (words <= 0)
    return 0;
  return (words + DF_TEXT_WORDS_PER_MINUTE - 1) / DF_TEXT_WORDS_PER_MINUTE;
}

void
df_text_stats (const char  *markdown,
               gssize       len,
               DfTextStats *out)
{
  const guchar *p;
  const guchar *end;
  gboolean line_blank = TRUE;
  gboolean prev_blank = TRUE;

  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  if (markdown == NULL)
    return;
  if (len < 0)
    len = strlen (markdown);

  out->words = df_text_count_words (markdown, len);
  out->reading_minutes = df_text_reading_minutes (out->words);

  p = (const guchar *)markdown;
  end = p + len;

  while (p < end)
    {
      guchar c = *p;

      if (c < 0x80)
        {
          out->characters++;
          if (c == '\n')
            {
              if (!line_blank && prev_blank)
                out->paragraphs++;
              prev_blank = line_blank;
              line_blank = TRUE;
            }
          else if (c != ' ' && c != '\t' && c != '\r' && c != '\v' && c != '\f')
            {
              out->characters_no_spaces++;
              line_blank = FALSE;
            }
          p++;
        }
      else
        {
          int n;
          gunichar u = decode_utf8 (p, end, &n);

          out->characters++;
          if (!g_unichar_isspace (u))
            {
              out->characters_no_spaces++;
              line_blank = FALSE;
            }
          p += n;
        }
    }

  if (!line_blank && prev_blank)
    out->paragraphs++;
}

gsize
df_text_display_width (const char *text)
{
  gsize width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}

static GMutex markdown_lock;

void
df_markdown_parse_lock (void)
{
  g_mutex_lock (&markdown_lock);
}

gboolean
df_markdown_parse_trylock (void)
{
  return g_mutex_trylock (&markdown_lock);
}

void
df_markdown_parse_unlock (void)
{
  g_mutex_unlock (&markdown_lock);
}
