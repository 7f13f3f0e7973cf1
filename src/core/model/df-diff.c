/* df-diff.c: what changed between two versions of a text, word by word
 *
 * A longest-common-subsequence alignment, first of lines, then of the
 * words (and spaces and punctuation) of each stretch of changed lines.
 * Common starts and ends are matched before the table is built, and a
 * table is built only up to MAX_CELLS cells, so two versions of a chapter
 * compare in a few milliseconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-diff.h"
#include "df-text.h"

#define MAX_CELLS (4u * 1000u * 1000u)

typedef struct
{
  const char *p;
  gsize       len;
} Span;

void
df_diff_piece_free (DfDiffPiece *piece)
{
  if (piece == NULL)
    return;
  g_free (piece->text);
  g_free (piece);
}

static void
emit (GPtrArray  *out,
      DfDiffKind  kind,
      const char *p,
      gsize       len)
{
  DfDiffPiece *last = out->len > 0 ? g_ptr_array_index (out, out->len - 1) : NULL;

  if (len == 0)
    return;
  if (last != NULL && last->kind == kind)
    {
      last->text = g_realloc (last->text, last->len + len + 1);
      memcpy (last->text + last->len, p, len);
      last->len += len;
      last->text[last->len] = '\0';
      return;
    }
  last = g_new0 (DfDiffPiece, 1);
  last->kind = kind;
  last->text = g_strndup (p, len);
  last->len = len;
  g_ptr_array_add (out, last);
}

/* The text a run of consecutive spans covers. */
static void
emit_range (GPtrArray  *out,
            DfDiffKind  kind,
            const Span *spans,
            guint       n)
{
  if (n > 0)
    emit (out, kind, spans[0].p, (gsize) (spans[n - 1].p + spans[n - 1].len - spans[0].p));
}

static GArray *
split_lines (const char *text,
             gsize       len)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Span));
  const char *end = text + len;

  for (const char *p = text; p < end;)
    {
      const char *nl = memchr (p, '\n', end - p);
      Span s = { p, nl != NULL ? (gsize) (nl + 1 - p) : (gsize) (end - p) };

      g_array_append_val (lines, s);
      p += s.len;
    }
  return lines;
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* Words (letters, digits, their marks, and apostrophes inside them), runs
 * of white space, and every other character alone. */
static GArray *
split_tokens (const char *text,
              gsize       len)
{
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (Span));
  const char *end = text + len;
  const char *p = text;

  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);
      const char *q = g_utf8_next_char (p);
      Span s;

      if (is_word_char (c))
        {
          while (q < end)
            {
              gunichar d = g_utf8_get_char (q);
              const char *after = g_utf8_next_char (q);

              if (is_word_char (d))
                q = after;
              else if ((d == '\'' || d == 0x2019) && after < end && is_word_char (g_utf8_get_char (after)))
                q = after;
              else
                break;
            }
        }
      else if (g_unichar_isspace (c))
        {
          while (q < end && g_unichar_isspace (g_utf8_get_char (q)))
            q = g_utf8_next_char (q);
        }
      s.p = p;
      s.len = (gsize) (q - p);
      g_array_append_val (tokens, s);
      p = q;
    }
  return tokens;
}

static gboolean
span_equal (const Span *a,
            const Span *b)
{
  return a->len == b->len && memcmp (a->p, b->p, a->len) == 0;
}

static void diff_spans (GPtrArray  *out,
                        const Span *a,
                        guint       n,
                        const Span *b,
                        guint       m,
                        gboolean    lines);

/* A stretch that changed: with lines, compared again word by word. */
static void
changed (GPtrArray  *out,
         const Span *a,
         guint       n,
         const Span *b,
         guint       m,
         gboolean    lines)
{
  if (lines && n > 0 && m > 0)
    {
      const char *ap = a[0].p, *bp = b[0].p;
      g_autoptr(GArray) ta = split_tokens (ap, (gsize) (a[n - 1].p + a[n - 1].len - ap));
      g_autoptr(GArray) tb = split_tokens (bp, (gsize) (b[m - 1].p + b[m - 1].len - bp));

      diff_spans (out, (Span *) ta->data, ta->len, (Span *) tb->data, tb->len, FALSE);
      return;
    }
  emit_range (out, DF_DIFF_REMOVED, a, n);
  emit_range (out, DF_DIFF_ADDED, b, m);
}

static void
diff_spans (GPtrArray  *out,
            const Span *a,
            guint       n,
            const Span *b,
            guint       m,
            gboolean    lines)
{
  guint start = 0, tail = 0;
  guint na, nb;
  const Span *ma, *mb;

  while (start < n && start < m && span_equal (&a[start], &b[start]))
    start++;
  emit_range (out, DF_DIFF_SAME, a, start);
  while (tail < n - start && tail < m - start && span_equal (&a[n - 1 - tail], &b[m - 1 - tail]))
    tail++;

  ma = a + start;
  mb = b + start;
  na = n - start - tail;
  nb = m - start - tail;

  if (na == 0 || nb == 0 || (guint64) (na + 1) * (nb + 1) > MAX_CELLS)
    changed (out, ma, na, mb, nb, lines);
  else
    {
      /* lcs[x * (nb + 1) + y]: the common subsequence of ma[x..] and mb[y..] */
      g_autofree guint32 *lcs = g_new0 (guint32, (gsize) (na + 1) * (nb + 1));
      guint x = 0, y = 0, rx = 0, ry = 0;

#define L(i, j) lcs[(gsize) (i) * (nb + 1) + (j)]
      for (guint i = na; i-- > 0;)
        for (guint j = nb; j-- > 0;)
          L (i, j) = span_equal (&ma[i], &mb[j]) ? L (i + 1, j + 1) + 1 : MAX (L (i + 1, j), L (i, j + 1));

      /* Walk it: the changed stretches between common elements. */
      while (x < na || y < nb)
        {
          if (x < na && y < nb && span_equal (&ma[x], &mb[y]))
            {
              changed (out, ma + rx, x - rx, mb + ry, y - ry, lines);
              emit_range (out, DF_DIFF_SAME, ma + x, 1);
              x++;
              y++;
              rx = x;
              ry = y;
            }
          else if (y >= nb || (x < na && L (x + 1, y) >= L (x, y + 1)))
            x++;
          else
            y++;
        }
      changed (out, ma + rx, x - rx, mb + ry, y - ry, lines);
#undef L
    }

  emit_range (out, DF_DIFF_SAME, a + n - tail, tail);
}

GPtrArray *
df_diff_words (const char *old_text,
               const char *new_text)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) df_diff_piece_free);
  g_autoptr(GArray) a = NULL;
  g_autoptr(GArray) b = NULL;

  g_return_val_if_fail (old_text != NULL && new_text != NULL, out);

  a = split_lines (old_text, strlen (old_text));
  b = split_lines (new_text, strlen (new_text));
  diff_spans (out, (Span *) a->data, a->len, (Span *) b->data, b->len, TRUE);
  return out;
}

void
df_diff_count (GPtrArray *pieces,
               gint64    *words_added,
               gint64    *words_removed)
{
  gint64 added = 0, removed = 0;

  for (guint i = 0; i < pieces->len; i++)
    {
      DfDiffPiece *piece = g_ptr_array_index (pieces, i);

      if (piece->kind == DF_DIFF_ADDED)
        added += df_text_count_words (piece->text, -1);
      else if (piece->kind == DF_DIFF_REMOVED)
        removed += df_text_count_words (piece->text, -1);
    }
  if (words_added != NULL)
    *words_added = added;
  if (words_removed != NULL)
    *words_removed = removed;
}
