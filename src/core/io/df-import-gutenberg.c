/* df-import-gutenberg.c: a Project Gutenberg text without its wrapping
 *
 * A text from Project Gutenberg holds the book between two marker lines,
 * "*** START OF THE PROJECT GUTENBERG EBOOK …" and "*** END OF THE
 * PROJECT GUTENBERG EBOOK …": before them a header (the title, the
 * author, the release date), after them the licence.  Neither is the
 * book, and imported whole they made its first and last chapters.  The
 * plain text importer keeps what is between the markers, takes the
 * project's title from the header's "Title:" line, and its result says
 * what was left out.  A text without the start marker is kept whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-import-private.h"

/* Whether the line [@p, @end) is a marker: "***", then @what and
 * "PROJECT GUTENBERG" in any case. */
static gboolean
is_marker (const char *p,
           const char *end,
           const char *what)
{
  g_autofree char *line = NULL;

  p = _df_import_skip_spaces (p, end);
  if (end - p < 3 || strncmp (p, "***", 3) != 0)
    return FALSE;
  line = g_ascii_strdown (p, end - p);
  return strstr (line, what) != NULL && strstr (line, "project gutenberg") != NULL;
}

/* The line "End of the Project Gutenberg EBook of …" that older texts
 * put before the end marker. */
static gboolean
is_end_note (const char *p,
             const char *end)
{
  g_autofree char *line = NULL;

  p = _df_import_skip_spaces (p, end);
  line = g_ascii_strdown (p, end - p);
  return g_str_has_prefix (line, "end of") && strstr (line, "project gutenberg") != NULL;
}

/* The value of the header's "Title:" line in [@p, @end), or NULL. */
static char *
header_title (const char *p,
              const char *end)
{
  while (p < end)
    {
      const char *eol = _df_import_line_end (p, end);

      if (eol - p > 6 && g_ascii_strncasecmp (p, "Title:", 6) == 0)
        {
          g_autofree char *value = g_strndup (p + 6, eol - p - 6);
          char *title = _df_import_clean_title (value);

          if (title[0] != '\0')
            return title;
          g_free (title);
        }
      p = eol < end ? eol + 1 : end;
    }
  return NULL;
}

/* The start of the last non-blank line before @before, from @from on,
 * or NULL. */
static const char *
last_line_before (const char *from,
                  const char *before)
{
  const char *end = before;

  while (end > from)
    {
      const char *start = end - 1;

      /* [start, end) is the line ending at end (its newline excluded). */
      while (start > from && start[-1] != '\n')
        start--;
      if (!_df_import_line_is_blank (start, end > start && end[-1] == '\n' ? end - 1 : end))
        return start;
      end = start;
    }
  return NULL;
}

gboolean
_df_import_gutenberg_trim (char   *text,
                           gsize  *len,
                           char  **title)
{
  const char *end = text + *len;
  const char *p = text;
  const char *body = NULL;
  const char *body_end = end;
  const char *note;

  *title = NULL;
  for (; p < end && body == NULL; )
    {
      const char *eol = _df_import_line_end (p, end);

      if (is_marker (p, eol, "start of"))
        {
          *title = header_title (text, p);
          body = eol < end ? eol + 1 : end;
        }
      p = eol < end ? eol + 1 : end;
    }
  if (body == NULL)
    return FALSE;

  for (p = body; p < end; )
    {
      const char *eol = _df_import_line_end (p, end);

      if (is_marker (p, eol, "end of"))
        {
          body_end = p;
          break;
        }
      p = eol < end ? eol + 1 : end;
    }
  note = last_line_before (body, body_end);
  if (note != NULL && is_end_note (note, _df_import_line_end (note, body_end)))
    body_end = note;

  *len = body_end - body;
  memmove (text, body, *len);
  text[*len] = '\0';
  return TRUE;
}
