/* df-import-unwrap.c: hard-wrapped text made into flowing paragraphs
 *
 * Project Gutenberg texts and much hand-written Markdown break every line
 * at about 70–80 columns.  Unwrapping joins the lines of a paragraph into
 * one, with one space between them, and keeps every other line break
 * Markdown gives a meaning to:
 *
 * - blank lines, ATX headings, setext underlines and thematic breaks;
 * - fenced code blocks (``` and ~~~) and indented code (four spaces or a
 *   tab where a block begins), kept as they are;
 * - block quotes: their lines are unwrapped inside the quote, each output
 *   line prefixed with "> " again;
 * - list items: each item starts its own line, its continuation lines
 *   are joined to it;
 * - link reference and footnote definitions ("[id]: url", "[^1]: text"),
 *   kept as they are, and any line that begins with a number and a dot
 *   ("38."): word counts skip both at the start of a line;
 * - tables (a paragraph with a delimiter row, or lines starting with |)
 *   and HTML blocks (a line starting with <tag, </tag or <!), kept;
 * - hard breaks: a line ending in two spaces or a backslash keeps its
 *   break (and its marker);
 * - verse, addresses and the like: a paragraph whose line breaks mostly
 *   look chosen is kept as it is.  A break looks chosen when the line
 *   plus the next line's first word would still be shorter than four
 *   fifths of the text's wrap width (the 95th percentile of the lengths
 *   of lines that another line follows).  When in doubt the paragraph
 *   keeps its breaks: only one whose breaks are at least half wraps is
 *   joined.
 *
 * Only white space changes, so the words stay the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-import"

#include "config.h"

#include <string.h>

#include "df-import-private.h"

typedef struct
{
  const char *start;
  const char *end;     /* without the newline, nor a \r before it */
} Line;

static GArray *
split_lines (const char *text,
             gsize       len)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  const char *end = text + len;

  for (const char *p = text; p < end;)
    {
      const char *e = _df_import_line_end (p, end);
      Line line = { p, e };

      if (line.end > line.start && line.end[-1] == '\r')
        line.end--;
      g_array_append_val (lines, line);
      p = e < end ? e + 1 : end;
    }
  return lines;
}

static gboolean
line_blank (const Line *l)
{
  return _df_import_line_is_blank (l->start, l->end);
}

/* The indentation in columns (a tab to the next multiple of 4), and the
 * first character after it in @content. */
static guint
line_indent (const Line  *l,
             const char **content)
{
  guint cols = 0;
  const char *p = l->start;

  for (; p < l->end && (*p == ' ' || *p == '\t'); p++)
    cols = *p == '\t' ? (cols / 4 + 1) * 4 : cols + 1;
  if (content != NULL)
    *content = p;
  return cols;
}

/* The character run of @c at @p, its length. */
static gsize
run_of (const char *p,
        const char *end,
        char        c)
{
  const char *q = p;

  while (q < end && *q == c)
    q++;
  return q - p;
}

/* "```" or "~~~" (three or more) after at most three spaces: the fence
 * character and length in @fence and @fence_len. */
static gboolean
is_fence (const Line *l,
          char       *fence,
          gsize      *fence_len)
{
  const char *s;
  gsize n;

  if (line_indent (l, &s) > 3 || s >= l->end || (*s != '`' && *s != '~'))
    return FALSE;
  n = run_of (s, l->end, *s);
  if (n < 3 || (*s == '`' && memchr (s + n, '`', l->end - (s + n)) != NULL))
    return FALSE;
  *fence = *s;
  *fence_len = n;
  return TRUE;
}

static gboolean
closes_fence (const Line *l,
              char        fence,
              gsize       fence_len)
{
  const char *s;
  gsize n;

  if (line_indent (l, &s) > 3 || s >= l->end || *s != fence)
    return FALSE;
  n = run_of (s, l->end, fence);
  return n >= fence_len && _df_import_line_is_blank (s + n, l->end);
}

static gboolean
is_atx_heading (const Line *l)
{
  const char *s;
  gsize n;

  if (line_indent (l, &s) > 3)
    return FALSE;
  n = run_of (s, l->end, '#');
  return n >= 1 && n <= 6 && (s + n == l->end || s[n] == ' ' || s[n] == '\t');
}

/* A thematic break (***, - - -, ___) or a setext underline (===, ---). */
static gboolean
is_rule_or_underline (const Line *l)
{
  const char *s;
  char c;
  guint count = 0;

  if (line_indent (l, &s) > 3 || s >= l->end)
    return FALSE;
  c = *s;
  if (c == '=')
    return _df_import_line_is_blank (s + run_of (s, l->end, '='), l->end);
  if (c != '-' && c != '*' && c != '_')
    return FALSE;
  for (const char *p = s; p < l->end; p++)
    {
      if (*p == c)
        count++;
      else if (*p != ' ' && *p != '\t')
        return FALSE;
    }
  return count >= 3 || (c == '-' && count >= 1 && s + count == l->end && count >= 2);
}

static gboolean
is_quote (const Line *l)
{
  const char *s;

  return line_indent (l, &s) <= 3 && s < l->end && *s == '>';
}

/* A list item's marker: "-", "*", "+" or "1." / "1)" and a space.
 * @ordered_one: the item is "1." (only that may interrupt a paragraph). */
static gboolean
is_list_item (const Line *l,
              gboolean   *ordered,
              gboolean   *ordered_one)
{
  const char *s;
  const char *p;

  *ordered = *ordered_one = FALSE;
  if (line_indent (l, &s) > 3 || s >= l->end)
    return FALSE;
  if (*s == '-' || *s == '*' || *s == '+')
    return s + 1 < l->end && (s[1] == ' ' || s[1] == '\t') && !_df_import_line_is_blank (s + 1, l->end);
  for (p = s; p < l->end && g_ascii_isdigit (*p) && p - s < 9; p++)
    ;
  if (p == s || p >= l->end || (*p != '.' && *p != ')') || p + 1 >= l->end ||
      (p[1] != ' ' && p[1] != '\t') || _df_import_line_is_blank (p + 1, l->end))
    return FALSE;
  *ordered = TRUE;
  *ordered_one = p - s == 1 && *s == '1';
  return TRUE;
}

static gboolean
is_html_start (const Line *l)
{
  const char *s;

  if (line_indent (l, &s) > 3 || s + 1 >= l->end || *s != '<')
    return FALSE;
  return g_ascii_isalpha (s[1]) || s[1] == '/' || s[1] == '!' || s[1] == '?';
}

static gboolean
is_table_row (const Line *l)
{
  const char *s;

  return line_indent (l, &s) <= 3 && s < l->end && *s == '|';
}

/* A table's delimiter row: | --- | :---: |, with at least one | or a
 * colon so that a setext underline is not one. */
static gboolean
is_delimiter_row (const Line *l)
{
  gboolean pipe = FALSE;
  gboolean dash = FALSE;

  for (const char *p = l->start; p < l->end; p++)
    {
      if (*p == '|')
        pipe = TRUE;
      else if (*p == '-')
        dash = TRUE;
      else if (*p != ':' && *p != ' ' && *p != '\t')
        return FALSE;
    }
  return pipe && dash;
}

/* A link reference definition, "[id]: url", or a footnote's, "[^1]:
 * text": kept a line of its own. */
static gboolean
is_link_definition (const Line *l)
{
  const char *s;
  const char *close;

  if (line_indent (l, &s) > 3 || s + 1 >= l->end || *s != '[')
    return FALSE;
  close = memchr (s, ']', l->end - s);
  return close != NULL && close + 1 < l->end && close[1] == ':';
}

/* "12." or "3)" and a space or the end of the line, which word counts
 * take for a list's number at the start of a line: a line that begins
 * so keeps its break, so that the count stays the same. */
static gboolean
starts_with_number_marker (const Line *l)
{
  const char *s;
  const char *p;

  line_indent (l, &s);
  for (p = s; p < l->end && g_ascii_isdigit (*p) && p - s < 4; p++)
    ;
  return p > s && p - s <= 3 && p < l->end && (*p == '.' || *p == ')') &&
         (p + 1 == l->end || p[1] == ' ' || p[1] == '\t');
}

/* Lines that end a paragraph: they begin a block of their own. */
static gboolean
interrupts_paragraph (const Line *l,
                      gboolean    in_list_item)
{
  gboolean ordered;
  gboolean ordered_one;
  char fence;
  gsize fence_len;

  if (line_blank (l) || is_atx_heading (l) || is_rule_or_underline (l) || is_quote (l) ||
      is_fence (l, &fence, &fence_len) || is_html_start (l) || is_table_row (l) ||
      is_link_definition (l) || starts_with_number_marker (l))
    return TRUE;
  if (is_list_item (l, &ordered, &ordered_one))
    return !ordered || ordered_one || in_list_item;
  return FALSE;
}

static gboolean
hard_break (const Line *l)
{
  gsize n = l->end - l->start;

  return (n >= 2 && l->end[-1] == ' ' && l->end[-2] == ' ') || (n >= 1 && l->end[-1] == '\\');
}

static guint
chars (const char *start,
       const char *end)
{
  return g_utf8_strlen (start, end - start);
}

/* The line's length without trailing white space, in characters. */
static guint
text_length (const Line *l)
{
  const char *e = l->end;

  while (e > l->start && (e[-1] == ' ' || e[-1] == '\t'))
    e--;
  return chars (l->start, e);
}

static guint
first_word_length (const Line *l)
{
  const char *s;
  const char *e;

  line_indent (l, &s);
  for (e = s; e < l->end && *e != ' ' && *e != '\t'; e++)
    ;
  return chars (s, e);
}

/* Whether the paragraph @lines[first..last] keeps its breaks: most of
 * them look chosen (see the top of the file). */
static gboolean
breaks_look_chosen (const Line *lines,
                    guint       first,
                    guint       last,
                    guint       width)
{
  guint chosen = 0;
  guint breaks = last - first;

  if (breaks == 0)
    return FALSE;
  if (width == 0)
    return TRUE;
  for (guint i = first; i < last; i++)
    if ((text_length (&lines[i]) + 1 + first_word_length (&lines[i + 1])) * 5 <= width * 4)
      chosen++;
  return chosen * 2 > breaks;
}

static void
append_line (GString    *out,
             const Line *l)
{
  g_string_append_len (out, l->start, l->end - l->start);
  g_string_append_c (out, '\n');
}

/* Joins @lines[first..last] (a paragraph) into one line, except after a
 * hard break. */
static void
append_joined (GString    *out,
               const Line *lines,
               guint       first,
               guint       last)
{
  for (guint i = first; i <= last; i++)
    {
      const Line *l = &lines[i];
      const char *s = l->start;
      const char *e = l->end;

      if (i > first && !hard_break (&lines[i - 1]))
        s = _df_import_skip_spaces (s, e);
      if (i < last && !hard_break (l))
        {
          while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
          g_string_append_len (out, s, e - s);
          g_string_append_c (out, ' ');
        }
      else
        {
          g_string_append_len (out, s, e - s);
          g_string_append_c (out, '\n');
        }
    }
}

static void unwrap_lines (GString    *out,
                          const Line *lines,
                          guint       n,
                          guint       width);

/* A block quote from @lines[i]: its markers taken off, its inside
 * unwrapped, the markers put back.  Returns the line after it. */
static guint
unwrap_quote (GString    *out,
              const Line *lines,
              guint       n,
              guint       i,
              guint       width)
{
  g_autoptr(GArray) inner = g_array_new (FALSE, FALSE, sizeof (Line));
  g_autoptr(GString) text = g_string_new (NULL);
  guint j;

  for (j = i; j < n && is_quote (&lines[j]); j++)
    {
      Line l = lines[j];

      line_indent (&l, &l.start);
      l.start++;               /* the > */
      if (l.start < l.end && *l.start == ' ')
        l.start++;
      g_array_append_val (inner, l);
    }
  unwrap_lines (text, (const Line *)(void *)inner->data, inner->len, width);

  for (const char *p = text->str; *p;)
    {
      const char *e = strchr (p, '\n');

      g_string_append (out, e == p ? ">" : "> ");
      g_string_append_len (out, p, e - p);
      g_string_append_c (out, '\n');
      p = e + 1;
    }
  return j;
}

/* A paragraph (or list item) from @lines[i]: joined unless a table or
 * verse.  Returns the line after it. */
static guint
unwrap_paragraph (GString    *out,
                  const Line *lines,
                  guint       n,
                  guint       i,
                  guint       width)
{
  gboolean ordered;
  gboolean ordered_one;
  gboolean in_list_item = is_list_item (&lines[i], &ordered, &ordered_one);
  gboolean table = FALSE;
  guint j;

  for (j = i + 1; j < n && !interrupts_paragraph (&lines[j], in_list_item); j++)
    table = table || is_delimiter_row (&lines[j]);
  /* A setext heading's underline, or a table's delimiter row that looks
   * like one, ends the paragraph: kept on its own line. */
  if (j < n && is_delimiter_row (&lines[j]))
    table = TRUE;

  if (table || breaks_look_chosen (lines, i, j - 1, width))
    for (guint k = i; k < j; k++)
      append_line (out, &lines[k]);
  else
    append_joined (out, lines, i, j - 1);
  return j;
}

/* A block kept as it is from @lines[i] up to a blank line (HTML, a
 * table).  Returns the line after it. */
static guint
keep_until_blank (GString    *out,
                  const Line *lines,
                  guint       n,
                  guint       i)
{
  for (; i < n && !line_blank (&lines[i]); i++)
    append_line (out, &lines[i]);
  return i;
}

static guint
keep_fenced (GString    *out,
             const Line *lines,
             guint       n,
             guint       i,
             char        fence,
             gsize       fence_len)
{
  append_line (out, &lines[i++]);
  for (; i < n; i++)
    {
      append_line (out, &lines[i]);
      if (closes_fence (&lines[i], fence, fence_len))
        return i + 1;
    }
  return n;
}

static void
unwrap_lines (GString    *out,
              const Line *lines,
              guint       n,
              guint       width)
{
  guint i = 0;

  while (i < n)
    {
      const Line *l = &lines[i];
      char fence;
      gsize fence_len;

      if (is_fence (l, &fence, &fence_len))
        i = keep_fenced (out, lines, n, i, fence, fence_len);
      else if (is_quote (l))
        i = unwrap_quote (out, lines, n, i, width);
      else if (is_html_start (l) || is_table_row (l))
        i = keep_until_blank (out, lines, n, i);
      else if (line_blank (l) || line_indent (l, NULL) >= 4 || is_atx_heading (l) || is_rule_or_underline (l) ||
               is_link_definition (l))
        {
          /* a blank line, indented code, a heading, a rule or a link
           * definition: as it is */
          append_line (out, l);
          i++;
        }
      else
        i = unwrap_paragraph (out, lines, n, i, width);
    }
}

/* The lengths of lines another line follows (the lines a wrapping tool
 * broke), outside fences and indented code. */
static GArray *
wrapped_lengths (const Line *lines,
                 guint       n)
{
  GArray *lengths = g_array_new (FALSE, FALSE, sizeof (guint));
  char fence = 0;
  gsize fence_len = 0;

  for (guint i = 0; i + 1 < n; i++)
    {
      char f;
      gsize fl;

      if (fence != 0)
        {
          if (closes_fence (&lines[i], fence, fence_len))
            fence = 0;
          continue;
        }
      if (is_fence (&lines[i], &f, &fl))
        {
          fence = f;
          fence_len = fl;
          continue;
        }
      if (!line_blank (&lines[i]) && !line_blank (&lines[i + 1]) && line_indent (&lines[i], NULL) < 4)
        {
          guint len = text_length (&lines[i]);
          g_array_append_val (lengths, len);
        }
    }
  return lengths;
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *)a;
  guint y = *(const guint *)b;

  return (x > y) - (x < y);
}

/**
 * _df_import_wrap_width:
 *
 * See df-import-private.h.
 */
guint
_df_import_wrap_width (const char *text,
                       gsize       len)
{
  g_autoptr(GArray) lines = split_lines (text, len);
  g_autoptr(GArray) lengths = wrapped_lengths ((const Line *)(void *)lines->data, lines->len);

  if (lengths->len == 0)
    return 0;
  g_array_sort (lengths, compare_guint);
  return g_array_index (lengths, guint, (lengths->len - 1) * 95 / 100);
}

/**
 * _df_import_unwrap:
 *
 * See df-import-private.h.
 */
char *
_df_import_unwrap (const char *text,
                   gsize       len,
                   guint       width)
{
  g_autoptr(GArray) lines = split_lines (text, len);
  GString *out = g_string_sized_new (len + 1);

  if (width == 0)
    width = _df_import_wrap_width (text, len);
  unwrap_lines (out, (const Line *)(void *)lines->data, lines->len, width);
  /* The text's last line keeps its newline only if it had one. */
  if (out->len > 0 && (len == 0 || text[len - 1] != '\n'))
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}
