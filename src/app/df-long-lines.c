/* df-long-lines.c: very long lines shown in pieces
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-long-lines"

#include "config.h"

#include <string.h>

#include "df-long-lines.h"

static GQuark
split_quark (void)
{
  return g_quark_from_static_string ("df-long-lines-split");
}

/* A character that belongs with the one before it: a break never goes
 * between them. */
static gboolean
joins_previous (gunichar c)
{
  return g_unichar_ismark (c) ||
         c == 0x200C || c == 0x200D ||              /* zero-width (non-)joiner */
         (c >= 0xFE00 && c <= 0xFE0F) ||            /* variation selectors */
         (c >= 0xE0100 && c <= 0xE01EF) ||
         (c >= 0x1F3FB && c <= 0x1F3FF);            /* skin tones */
}

static gboolean
is_long (const char *line,
         gsize       len)
{
  /* Never more characters than bytes. */
  return len > DF_LONG_LINE_CHARS && g_utf8_strlen (line, len) > DF_LONG_LINE_CHARS;
}

gsize
df_long_lines_find_break (const char *line,
                          gsize       len,
                          gsize       done)
{
  const char *end = line + len;
  const char *p = line;
  const char *fallback = NULL;
  gsize n, skip;

  /* The rest stays whole if the line is under two pieces long. */
  for (n = done; p < end && n < 2 * DF_PIECE_CHARS; n++)
    p = g_utf8_next_char (p);
  if (p >= end)
    return 0;

  p = g_utf8_next_char (line);
  skip = done < DF_PIECE_CHARS ? DF_PIECE_CHARS - done : 1;
  for (n = 1; n < skip && p < end; n++)
    p = g_utf8_next_char (p);

  /* After a space and before a letter, so that no piece starts with
   * Markdown's marks for a heading, a list, a quote or code; else
   * before the first character that stands alone. */
  for (n = 0; n < DF_PIECE_CHARS && p < end; n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (p[-1] == ' ' && g_unichar_isalpha (c))
        return p - line;
      if (fallback == NULL && !joins_previous (c))
        fallback = p;
      p = g_utf8_next_char (p);
    }

  return (fallback != NULL ? fallback : p) - line;
}

char *
df_long_lines_split (const char *text,
                     gssize      len)
{
  g_autoptr(GString) out = NULL;
  const char *end, *next;

  g_return_val_if_fail (text != NULL, NULL);

  if (len < 0)
    len = strlen (text);
  end = text + len;
  if (g_strstr_len (text, len, DF_PIECE_BREAK) != NULL)
    return NULL;

  for (const char *p = text; p < end; p = next)
    {
      const char *eol = p;

      while (eol < end && *eol != '\n' && *eol != '\r')
        eol++;
      next = eol < end ? eol + 1 : eol;

      if (is_long (p, eol - p))
        {
          gsize at;

          if (out == NULL)
            {
              out = g_string_sized_new (len + len / DF_PIECE_CHARS * DF_PIECE_BREAK_LEN + 1);
              g_string_append_len (out, text, p - text);
            }
          while ((at = df_long_lines_find_break (p, eol - p, 0)) > 0)
            {
              g_string_append_len (out, p, at);
              g_string_append_len (out, DF_PIECE_BREAK, DF_PIECE_BREAK_LEN);
              p += at;
            }
        }
      if (out != NULL)
        g_string_append_len (out, p, next - p);
    }

  return out != NULL ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

gboolean
df_long_lines_get_split (GtkTextBuffer *buffer)
{
  g_return_val_if_fail (GTK_IS_TEXT_BUFFER (buffer), FALSE);

  return GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (buffer), split_quark ()));
}

void
df_long_lines_set_split (GtkTextBuffer *buffer,
                         gboolean       split)
{
  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));

  g_object_set_qdata (G_OBJECT (buffer), split_quark (), GINT_TO_POINTER (!!split));
}

void
df_long_lines_set_text (GtkTextBuffer *buffer,
                        const char    *text,
                        gssize         len)
{
  g_autofree char *split = NULL;

  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));
  g_return_if_fail (text != NULL);

  split = df_long_lines_split (text, len);
  df_long_lines_set_split (buffer, split != NULL);
  if (split != NULL)
    gtk_text_buffer_set_text (buffer, split, -1);
  else
    gtk_text_buffer_set_text (buffer, text, len);
}

void
df_long_lines_load_text (GtkTextBuffer *buffer,
                         const char    *text)
{
  gtk_text_buffer_begin_irreversible_action (buffer);
  df_long_lines_set_text (buffer, text != NULL ? text : "", -1);
  gtk_text_buffer_end_irreversible_action (buffer);
}

char *
df_long_lines_get_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;
  char *text;
  char *to;
  const char *from, *hit;

  g_return_val_if_fail (GTK_IS_TEXT_BUFFER (buffer), NULL);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  if (!df_long_lines_get_split (buffer))
    return text;

  /* In place: what is kept only ever moves back. */
  to = text;
  from = text;
  while ((hit = strstr (from, DF_PIECE_BREAK)) != NULL)
    {
      memmove (to, from, hit - from);
      to += hit - from;
      from = hit + DF_PIECE_BREAK_LEN;
    }
  memmove (to, from, strlen (from) + 1);
  return text;
}

int
df_long_lines_buffer_offset (GtkTextBuffer *buffer,
                             gint64         text_offset)
{
  GtkTextIter line;
  gint64 left = MAX (0, text_offset);

  g_return_val_if_fail (GTK_IS_TEXT_BUFFER (buffer), 0);

  if (!df_long_lines_get_split (buffer))
    return (int) MIN (left, G_MAXINT);

  /* Line by line: a break ends a line without being in the text. */
  gtk_text_buffer_get_start_iter (buffer, &line);
  for (;;)
    {
      GtkTextIter eol = line, next = line;
      int length;

      if (!gtk_text_iter_ends_line (&eol))
        gtk_text_iter_forward_to_line_end (&eol);
      length = gtk_text_iter_get_offset (&eol) - gtk_text_iter_get_offset (&line);
      if (left <= length || !gtk_text_iter_forward_line (&next))
        return gtk_text_iter_get_offset (&line) + (int) MIN (left, length);

      if (gtk_text_iter_get_char (&eol) == 0x2029)
        left -= length;
      else
        left -= gtk_text_iter_get_offset (&next) - gtk_text_iter_get_offset (&line);
      line = next;
    }
}

gint64
df_long_lines_text_offset (GtkTextBuffer     *buffer,
                           const GtkTextIter *iter)
{
  GtkTextIter line;
  gint64 breaks = 0;

  g_return_val_if_fail (GTK_IS_TEXT_BUFFER (buffer), 0);

  if (!df_long_lines_get_split (buffer))
    return gtk_text_iter_get_offset (iter);

  /* Every break before @iter's line ends one of the lines above it. */
  gtk_text_buffer_get_start_iter (buffer, &line);
  while (gtk_text_iter_get_line (&line) < gtk_text_iter_get_line (iter))
    {
      GtkTextIter eol = line;

      if (!gtk_text_iter_ends_line (&eol))
        gtk_text_iter_forward_to_line_end (&eol);
      if (gtk_text_iter_get_char (&eol) == 0x2029)
        breaks++;
      if (!gtk_text_iter_forward_line (&line))
        break;
    }
  return gtk_text_iter_get_offset (iter) - breaks;
}
