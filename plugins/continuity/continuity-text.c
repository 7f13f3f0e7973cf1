/* continuity-text.c: a chapter's prose as words and sentences
 *
 * Code (fenced and inline), front matter, HTML tags, link targets and
 * bare URLs are not prose: no word is taken from them.  Words between
 * quotation marks (curly or straight, within a paragraph) are dialogue.
 * A sentence ends at . ! ? or … after a word that is not an abbreviation
 * ("Mr."), and at the end of a paragraph or heading.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "continuity-private.h"

static const char * const abbreviations[] = {
  "mr", "mrs", "ms", "dr", "st", "mme", "mlle", "col", "capt", "gen", "lt", "prof", "rev", "sr", "jr",
  "messrs", "sgt", "maj", "hon", "no", "vs", "etc", NULL,
};

static gboolean
is_abbreviation (const char *lower)
{
  for (guint i = 0; abbreviations[i] != NULL; i++)
    if (strcmp (lower, abbreviations[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
line_starts_with (const char *line,
                  const char *prefix)
{
  while (*line == ' ')
    line++;
  return g_str_has_prefix (line, prefix);
}

/* Marks in @prose (one byte per byte of @text) what is not prose. */
static void
mark_not_prose (const char *text,
                gsize       len,
                guint8     *prose)
{
  gboolean in_fence = FALSE;
  const char *line = text;

  memset (prose, 1, len);

  /* front matter: a first line "---" to the next "---" */
  if (g_str_has_prefix (text, "---\n"))
    {
      const char *end = strstr (text + 4, "\n---");
      if (end != NULL)
        {
          memset (prose, 0, end + 4 - text);
          line = end + 4;
        }
    }

  while (line < text + len)
    {
      const char *eol = memchr (line, '\n', text + len - line);
      gsize line_len = eol ? (gsize) (eol - line) : (gsize) (text + len - line);
      gboolean fence = line_starts_with (line, "```") || line_starts_with (line, "~~~");

      if (fence || in_fence)
        memset (prose + (line - text), 0, line_len);
      else
        {
          /* inline code, HTML tags, link targets, URLs */
          for (gsize i = 0; i < line_len; i++)
            {
              const char *p = line + i;
              const char *end = NULL;

              if (*p == '`')
                end = memchr (p + 1, '`', line_len - i - 1);
              else if (*p == '<' && i + 1 < line_len && (g_ascii_isalpha (p[1]) || p[1] == '/' || p[1] == '!'))
                end = memchr (p + 1, '>', line_len - i - 1);
              else if (*p == ']' && i + 1 < line_len && p[1] == '(')
                end = memchr (p + 1, ')', line_len - i - 1);
              else if (g_str_has_prefix (p, "http://") || g_str_has_prefix (p, "https://"))
                {
                  end = p;
                  while (end + 1 < line + line_len && !g_ascii_isspace (end[1]))
                    end++;
                }
              if (end != NULL)
                {
                  memset (prose + (p - text), 0, end - p + 1);
                  i = end - line;
                }
            }
        }
      if (fence)
        in_fence = !in_fence;
      line += line_len + 1;
    }
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c);
}

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == 0x2019;
}

/* The end of the word that starts at @p (a word character): letters and
 * digits, joined by an apostrophe or a hyphen between two of them. */
static const char *
word_end (const char   *p,
          const char   *end,
          const guint8 *prose,
          const char   *text)
{
  while (p < end && prose[p - text])
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      if (is_word_char (c))
        p = next;
      else if ((is_apostrophe (c) || c == '-') && next < end && prose[next - text] &&
               is_word_char (g_utf8_get_char (next)))
        p = next;
      else
        break;
    }
  return p;
}

static void
add_word (CtChapter  *chapter,
          const char *start,
          const char *end,
          gboolean    in_dialogue,
          guint32     sentence)
{
  CtWord word = { 0 };
  gsize len = end - start;
  g_autofree char *lower = g_utf8_strdown (start, len);
  gsize lower_len = strlen (lower);

  word.start = start - chapter->text;
  word.length = MIN (len, G_MAXUINT16);
  word.in_dialogue = in_dialogue;
  word.capital = g_unichar_isupper (g_utf8_get_char (start));
  word.sentence = sentence;
  if (lower_len > 2 && g_str_has_suffix (lower, "'s"))
    {
      lower[lower_len - 2] = '\0';
      word.possessive = TRUE;
    }
  else if (lower_len > 4 && g_str_has_suffix (lower, "’s"))
    {
      lower[lower_len - 4] = '\0';
      word.possessive = TRUE;
    }
  word.lower = g_steal_pointer (&lower);
  g_array_append_val (chapter->words, word);
}

static void
word_clear (gpointer data)
{
  g_free (((CtWord *) data)->lower);
}

/* Cuts the prose into words and sentences. */
static void
read_words (CtChapter    *chapter,
            const guint8 *prose,
            gsize         len)
{
  const char *text = chapter->text;
  const char *end = text + len;
  const char *p = text;
  gboolean in_dialogue = FALSE;
  gboolean break_pending = TRUE;
  guint32 sentence = 0;
  guint newlines = 0;

  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);

      if (!prose[p - text])
        {
          p = g_utf8_next_char (p);
          continue;
        }
      if (c == '\n')
        {
          /* a blank line or a heading ends a paragraph, and its dialogue */
          if (++newlines >= 2 || (p + 1 < end && p[1] == '#'))
            {
              in_dialogue = FALSE;
              break_pending = TRUE;
            }
          p++;
          continue;
        }
      if (!g_unichar_isspace (c))
        newlines = 0;

      if (is_word_char (c))
        {
          const char *word_stop = word_end (p, end, prose, text);

          if (break_pending)
            {
              CtSentence s = { chapter->words->len, 0 };
              if (chapter->words->len > 0)
                sentence++;
              g_array_append_val (chapter->sentences, s);
              break_pending = FALSE;
            }
          add_word (chapter, p, word_stop, in_dialogue, sentence);
          g_array_index (chapter->sentences, CtSentence, sentence).n_words++;
          p = word_stop;
          continue;
        }

      if (c == 0x201c)
        in_dialogue = TRUE;
      else if (c == 0x201d)
        in_dialogue = FALSE;
      else if (c == '"')
        in_dialogue = !in_dialogue;
      else if ((c == '.' || c == '!' || c == '?' || c == 0x2026) && chapter->words->len > 0)
        {
          const CtWord *last = &g_array_index (chapter->words, CtWord, chapter->words->len - 1);

          if (c != '.' || !is_abbreviation (last->lower))
            break_pending = TRUE;
        }
      p = g_utf8_next_char (p);
    }
}

/* Marks the words that name a codex entry. */
static void
mark_entries (CtChapter      *chapter,
              DfCodexMatcher *matcher)
{
  g_autoptr(GArray) matches = NULL;
  guint w = 0;

  if (matcher == NULL)
    return;
  matches = df_codex_matcher_scan (matcher, chapter->text, -1);
  for (guint m = 0; m < matches->len; m++)
    {
      const DfCodexMatch *match = &g_array_index (matches, DfCodexMatch, m);
      CtWord *first;
      guint n = 0;

      while (w < chapter->words->len && g_array_index (chapter->words, CtWord, w).start < match->offset)
        w++;
      if (w >= chapter->words->len || g_array_index (chapter->words, CtWord, w).start != match->offset)
        continue;
      first = &g_array_index (chapter->words, CtWord, w);
      while (w + n < chapter->words->len &&
             g_array_index (chapter->words, CtWord, w + n).start < match->offset + match->length)
        n++;
      first->entry_id = match->entry_id;
      first->entry_words = MAX (n, 1);
    }
}

CtChapter *
ct_chapter_new (gint64          chapter_id,
                gint64          number,
                const char     *text,
                DfCodexMatcher *matcher)
{
  CtChapter *chapter = g_new0 (CtChapter, 1);
  gsize len = strlen (text);
  g_autofree guint8 *prose = g_malloc (len + 1);
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (guint));
  guint zero = 0;

  chapter->chapter_id = chapter_id;
  chapter->number = number;
  chapter->text = text;
  chapter->words = g_array_sized_new (FALSE, FALSE, sizeof (CtWord), len / 6 + 1);
  g_array_set_clear_func (chapter->words, word_clear);
  chapter->sentences = g_array_new (FALSE, FALSE, sizeof (CtSentence));

  mark_not_prose (text, len, prose);
  read_words (chapter, prose, len);
  mark_entries (chapter, matcher);

  g_array_append_val (lines, zero);
  for (const char *p = strchr (text, '\n'); p != NULL; p = strchr (p + 1, '\n'))
    {
      guint start = p + 1 - text;
      g_array_append_val (lines, start);
    }
  chapter->n_lines = lines->len;
  chapter->line_starts = (guint *) g_array_free (lines, FALSE);
  return chapter;
}

void
ct_chapter_free (CtChapter *chapter)
{
  if (chapter == NULL)
    return;
  g_array_unref (chapter->words);
  g_array_unref (chapter->sentences);
  g_free (chapter->line_starts);
  g_free (chapter);
}

int
ct_chapter_line_of (const CtChapter *chapter,
                    gsize            offset)
{
  guint lo = 0;
  guint hi = chapter->n_lines;

  /* the last line start at or before @offset */
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;
      if (chapter->line_starts[mid] <= offset)
        lo = mid;
      else
        hi = mid;
    }
  return lo + 1;
}

char *
ct_chapter_sentence_text (const CtChapter *chapter,
                          guint32          sentence)
{
  const CtSentence *s = &g_array_index (chapter->sentences, CtSentence, sentence);
  const CtWord *first = &g_array_index (chapter->words, CtWord, s->first_word);
  const CtWord *last = &g_array_index (chapter->words, CtWord, s->first_word + s->n_words - 1);

  return g_strndup (chapter->text + first->start, last->start + last->length - first->start);
}
