/* df-codex-text.c: the parts of a chapter's Markdown that are not prose —
 * code and link targets — where neither mentions nor suggested names are
 * looked for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <string.h>

#include "df-codex-private.h"

static void
add_range (GArray *ranges,
           gsize   start,
           gsize   end)
{
  DfCodexRange range = { start, end };

  if (end > start)
    g_array_append_val (ranges, range);
}

static gsize
line_indent (const char *line,
             const char *end)
{
  gsize n = 0;

  for (const char *p = line; p < end && (*p == ' ' || *p == '\t'); p++)
    n += *p == '\t' ? 4 : 1;
  return n;
}

static gboolean
line_blank (const char *line,
            const char *end)
{
  for (const char *p = line; p < end; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* The length of a run of ``` or ~~~ (3 or more) at @p, else 0. */
static gsize
fence_run (const char *p,
           const char *end)
{
  const char *q = p;

  if (p >= end || (*p != '`' && *p != '~'))
    return 0;
  while (q < end && *q == *p)
    q++;
  return q - p >= 3 ? (gsize) (q - p) : 0;
}

/* A reference definition "[label]: target": the offset of the target. */
static const char *
definition_target (const char *p,
                   const char *end)
{
  if (p >= end || *p != '[')
    return NULL;
  for (p++; p < end && *p != ']' && *p != '\n'; p++)
    ;
  if (p + 1 < end && p[0] == ']' && p[1] == ':')
    return p + 2;
  return NULL;
}

/* Fenced and indented code blocks, and reference definitions. */
static void
block_ranges (const char *text,
              gsize       len,
              GArray     *ranges)
{
  const char *end = text + len, *line = text;
  gboolean prev_blank = TRUE, in_indented = FALSE;
  const char *fence_start = NULL;
  char fence_char = 0;
  gsize fence_len = 0;

  while (line < end)
    {
      const char *nl = memchr (line, '\n', end - line);
      const char *line_end = nl ? nl : end, *next = nl ? nl + 1 : end;
      gsize indent = line_indent (line, line_end);
      const char *body = line;
      gboolean blank = line_blank (line, line_end);
      gsize run;

      while (body < line_end && (*body == ' ' || *body == '\t'))
        body++;
      run = indent <= 3 ? fence_run (body, line_end) : 0;
      if (fence_start != NULL)
        {
          if (run >= fence_len && *body == fence_char && line_blank (body + run, line_end))
            {
              add_range (ranges, fence_start - text, next - text);
              fence_start = NULL;
            }
        }
      else if (run > 0)
        {
          fence_start = line;
          fence_char = *body;
          fence_len = run;
        }
      else if (!blank && indent >= 4 && (prev_blank || in_indented))
        {
          add_range (ranges, line - text, next - text);
          in_indented = TRUE;
        }
      else
        {
          const char *target = indent <= 3 ? definition_target (body, line_end) : NULL;

          if (target != NULL)
            add_range (ranges, target - text, line_end - text);
          if (!blank)
            in_indented = FALSE;
          prev_blank = blank;
        }
      line = next;
    }
  if (fence_start != NULL)
    add_range (ranges, fence_start - text, len);
}

/* The end of the paragraph that holds @p. */
static const char *
paragraph_end (const char *p,
               const char *end)
{
  const char *q = p;

  while ((q = memchr (q, '\n', end - q)) != NULL)
    {
      const char *r = q + 1;

      while (r < end && (*r == ' ' || *r == '\t'))
        r++;
      if (r >= end || *r == '\n')
        return q;
      q = r;
    }
  return end;
}

/* The end of inline code opened by @n backticks at @p, or NULL. */
static const char *
code_span_end (const char *p,
               gsize       n,
               const char *end)
{
  const char *stop = paragraph_end (p, end);

  for (const char *q = p + n; q < stop; q++)
    if (*q == '`')
      {
        const char *r = q;

        while (r < stop && *r == '`')
          r++;
        if ((gsize) (r - q) == n)
          return r;
        q = r - 1;
      }
  return NULL;
}

static gboolean
starts_with (const char *p,
             const char *end,
             const char *prefix)
{
  gsize n = strlen (prefix);

  return (gsize) (end - p) >= n && g_ascii_strncasecmp (p, prefix, n) == 0;
}

static gboolean
starts_url (const char *p,
            const char *end)
{
  return starts_with (p, end, "http://") || starts_with (p, end, "https://") || starts_with (p, end, "www.") ||
         starts_with (p, end, "mailto:");
}

/* Inline code, link targets, autolinks and bare URLs, outside @blocks. */
static void
inline_ranges (const char *text,
               gsize       len,
               GArray     *blocks,
               GArray     *ranges)
{
  const char *end = text + len, *p = text;
  guint b = 0;

  while (p < end)
    {
      gsize at = p - text;

      if (b < blocks->len && g_array_index (blocks, DfCodexRange, b).start <= at)
        {
          p = text + MAX (at + 1, g_array_index (blocks, DfCodexRange, b).end);
          b++;
          continue;
        }
      if (*p == '`')
        {
          const char *q = p, *close;

          while (q < end && *q == '`')
            q++;
          close = code_span_end (p, q - p, end);
          if (close != NULL)
            add_range (ranges, at, close - text);
          p = close ? close : q;
        }
      else if (*p == ']' && p + 1 < end && p[1] == '(')
        {
          const char *q = p + 2;
          int depth = 1;

          for (; q < end && *q != '\n'; q++)
            if ((*q == '(' && ++depth) || (*q == ')' && --depth == 0))
              break;
          add_range (ranges, at + 2, q - text);
          p = q;
        }
      else if ((*p == '<' && starts_url (p + 1, end)) ||
               (starts_url (p, end) && (p == text || !g_ascii_isalnum (p[-1]))))
        {
          const char *q = p + 1;

          while (q < end && !g_ascii_isspace (*q) && *q != '>' && (*p == '<' || *q != ')'))
            q++;
          add_range (ranges, at, q - text);
          p = q;
        }
      else
        p++;
    }
}

static gint
by_start (gconstpointer a,
          gconstpointer b)
{
  const DfCodexRange *ra = a, *rb = b;

  return ra->start < rb->start ? -1 : ra->start > rb->start ? 1 : 0;
}

GArray *
_df_codex_code_ranges (const char *text,
                       gsize       len)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (DfCodexRange));
  GArray *merged = g_array_new (FALSE, FALSE, sizeof (DfCodexRange));
  g_autoptr(GArray) blocks = g_array_new (FALSE, FALSE, sizeof (DfCodexRange));

  block_ranges (text, len, blocks);
  g_array_sort (blocks, by_start);
  inline_ranges (text, len, blocks, all);
  g_array_append_vals (all, blocks->data, blocks->len);
  g_array_sort (all, by_start);
  for (guint i = 0; i < all->len; i++)
    {
      DfCodexRange *r = &g_array_index (all, DfCodexRange, i);

      if (merged->len > 0 && g_array_index (merged, DfCodexRange, merged->len - 1).end >= r->start)
        {
          DfCodexRange *last = &g_array_index (merged, DfCodexRange, merged->len - 1);
          last->end = MAX (last->end, r->end);
        }
      else
        g_array_append_val (merged, *r);
    }
  return merged;
}
