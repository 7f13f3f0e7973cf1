/* style-engine.c: the checks, in one pass over the words of the prose
 *
 * The Markdown is masked (style-prose.c), each segment tokenized once
 * into words that know their flags (one lookup in the lists' word table),
 * whether they start a sentence, whether they are in dialogue and what
 * separates them from the word before; the checks then read the words.
 * Phrase lists are matched by looking up the words that follow a word
 * known to start a phrase, longest first, one hash lookup per length.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-style"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "style-engine-private.h"

/* ---- words ------------------------------------------------------------ */

static inline gboolean
word_char_at (const char *text, gsize len, gsize i, gsize *next)
{
  guchar c = (guchar) text[i];

  if (G_LIKELY (c < 0x80))
    {
      *next = i + 1;
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
  else
    {
      gunichar u = g_utf8_get_char_validated (text + i, len - i);

      if (u == (gunichar) -1 || u == (gunichar) -2)
        {
          *next = i + 1;
          return FALSE;
        }
      *next = i + g_unichar_to_utf8 (u, NULL);
      return u != 0x2019 && g_unichar_isalnum (u);
    }
}

/* An apostrophe at @i (' or ’): its length, else 0. */
static gsize
apostrophe_at (const char *text, gsize len, gsize i)
{
  if (text[i] == '\'')
    return 1;
  if (i + 2 < len && (guchar) text[i] == 0xE2 && (guchar) text[i + 1] == 0x80 && (guchar) text[i + 2] == 0x99)
    return 3;
  return 0;
}

gboolean
style_next_word (const char *text,
                 gsize       len,
                 gsize       pos,
                 gsize      *start,
                 gsize      *end,
                 gsize      *core_end)
{
  gsize i = pos, next;

  while (i < len && !word_char_at (text, len, i, &next))
    i = next;
  if (i >= len)
    return FALSE;
  *start = i;
  *core_end = 0;
  while (i < len)
    {
      gsize ap;

      if (word_char_at (text, len, i, &next))
        i = next;
      else if ((ap = apostrophe_at (text, len, i)) > 0 && i + ap < len &&
               word_char_at (text, len, i + ap, &next) && g_ascii_isalpha (text[i + ap]))
        {
          if (*core_end == 0)
            *core_end = i;
          i += ap;
        }
      else
        break;
    }
  *end = i;
  if (*core_end == 0)
    *core_end = i;
  return TRUE;
}

char *
style_word_lower (const char *word,
                  gsize       len)
{
  gboolean ascii = TRUE;
  char *lower;

  for (gsize i = 0; i < len; i++)
    if ((guchar) word[i] >= 0x80)
      ascii = FALSE;
  if (ascii)
    {
      lower = g_strndup (word, len);
      for (gsize i = 0; i < len; i++)
        lower[i] = g_ascii_tolower (lower[i]);
      return lower;
    }
  else
    {
      g_autofree char *down = g_utf8_strdown (word, len);
      GString *s = g_string_new (NULL);

      for (const char *p = down; *p; p++)
        {
          if ((guchar) p[0] == 0xE2 && (guchar) p[1] == 0x80 && (guchar) p[2] == 0x99)
            {
              g_string_append_c (s, '\'');
              p += 2;
            }
          else
            g_string_append_c (s, *p);
        }
      return g_string_free (s, FALSE);
    }
}

/* ---- figures ----------------------------------------------------------- */

double
style_stats_flesch (const StyleStats *s)
{
  if (s->words == 0 || s->sentences == 0)
    return 0;
  return 206.835 - 1.015 * ((double) s->words / s->sentences) - 84.6 * ((double) s->syllables / s->words);
}

double
style_stats_grade (const StyleStats *s)
{
  if (s->words == 0 || s->sentences == 0)
    return 0;
  return 0.39 * ((double) s->words / s->sentences) + 11.8 * ((double) s->syllables / s->words) - 15.59;
}

double
style_stats_sentence_mean (const StyleStats *s)
{
  return s->sentences ? s->sentence_sum / s->sentences : 0;
}

double
style_stats_sentence_stdev (const StyleStats *s)
{
  double mean, var;

  if (s->sentences < 2)
    return 0;
  mean = s->sentence_sum / s->sentences;
  var = s->sentence_sum2 / s->sentences - mean * mean;
  return var > 0 ? sqrt (var) : 0;
}

double
style_stats_word_length (const StyleStats *s)
{
  return s->words ? (double) s->letters / s->words : 0;
}

void
style_count_quotes (const char *s,
                    gsize       len,
                    guint      *straight,
                    guint      *curly)
{
  const char *end = s + len, *p;

  *straight = *curly = 0;
  for (p = s; p < end && (p = memchr (p, '"', end - p)) != NULL; p++)
    (*straight)++;
  for (p = s; p < end && (p = memchr (p, 0xE2, end - p)) != NULL; p++)
    if (p + 2 < end && (guchar) p[1] == 0x80 && ((guchar) p[2] == 0x9C || (guchar) p[2] == 0x9D))
      (*curly)++;
}

/* Syllables of a lower-case word: groups of vowels, a final silent e
 * left out, at least one. */
guint
style_syllables (const char *w, gsize len)
{
  guint n = 0;
  gboolean prev_vowel = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = w[i];
      gboolean vowel = c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';

      if (vowel && !prev_vowel)
        n++;
      prev_vowel = vowel;
    }
  if (len > 2 && w[len - 1] == 'e' && w[len - 2] != 'l' && strchr ("aeiouy", w[len - 2]) == NULL && n > 1)
    n--;
  else if (len > 3 && w[len - 1] == 'd' && w[len - 2] == 'e' && strchr ("td", w[len - 3]) == NULL &&
           strchr ("aeiouy", w[len - 3]) == NULL && n > 1)
    n--;   /* "walked" has one */
  return n ? n : 1;
}

/* ---- findings ---------------------------------------------------------- */

void
style_finding_free (StyleFinding *finding)
{
  if (finding == NULL)
    return;
  g_free (finding->message);
  g_free (finding->suggestion);
  g_free (finding);
}

/* The words of [@from, @to) of @text, lower-case, joined by spaces: how
 * the ignore list and the phrase lists name them. */
char *
style_key_of (const char *text, gsize from, gsize to)
{
  GString *key = g_string_new (NULL);
  gsize pos = from, start, end, core_end;

  while (pos < to && style_next_word (text, to, pos, &start, &end, &core_end))
    {
      g_autofree char *lower = style_word_lower (text + start, end - start);

      if (key->len)
        g_string_append_c (key, ' ');
      g_string_append (key, lower);
      pos = end;
    }
  return g_string_free (key, FALSE);
}

gboolean
style_keep (StyleRun   *run,
            StyleCheck  check,
            gsize       offset,
            gsize       length)
{
  if (run->settings && (run->settings->off & (1u << check)))
    return FALSE;
  if (run->settings && run->settings->ignore && g_hash_table_size (run->settings->ignore) > 0)
    {
      g_autofree char *key = style_key_of (run->text, offset, offset + length);

      if (g_hash_table_contains (run->settings->ignore, key))
        return FALSE;
    }
  if (run->tally)
    run->tally[check]++;
  return !run->count_only;
}

/* Adds a finding (style_keep said yes); the message is made from
 * @format (translated) and the flagged words. */
void
style_add (StyleRun   *run,
           StyleCheck  check,
           gsize       offset,
           gsize       length,
           gboolean    dialogue,
           gboolean    info,
           const char *suggestion,
           const char *format,
           ...)
{
  StyleFinding *f;
  va_list args;

  f = g_new0 (StyleFinding, 1);
  f->check = check;
  f->offset = offset;
  f->length = length;
  f->dialogue = dialogue;
  f->info = info || dialogue;
  f->suggestion = g_strdup (suggestion);
  va_start (args, format);
  f->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (run->findings, f);
}

/* The flagged words as written, for a message (the caller frees). */
char *
style_quote (StyleRun *run, gsize from, gsize to)
{
  return g_utf8_make_valid (run->text + from, to - from);
}

static int
compare_findings (gconstpointer a, gconstpointer b)
{
  const StyleFinding *fa = *(StyleFinding **) a, *fb = *(StyleFinding **) b;

  if (fa->offset != fb->offset)
    return fa->offset < fb->offset ? -1 : 1;
  if (fa->length != fb->length)
    return fa->length > fb->length ? -1 : 1;
  return (int) fa->check - (int) fb->check;
}

GPtrArray *
style_check_text (const StyleLists    *lists,
                  const StyleSettings *settings,
                  StyleQuotes          quotes_hint,
                  const char          *text,
                  gssize               len,
                  StyleStats          *stats,
                  StyleCounts         *counts)
{
  return style_check_text_full (lists, settings, quotes_hint, text, len, stats, counts, NULL);
}

static void
run_checks (StyleRun            *run,
            const StyleLists    *lists,
            const StyleSettings *settings,
            StyleQuotes          quotes_hint,
            const char          *text,
            gssize               len,
            StyleStats          *stats,
            StyleVocab          *vocab)
{
  g_autoptr(GArray) segments = g_array_new (FALSE, FALSE, sizeof (StyleSegment));
  g_autofree char *masked = NULL;

  run->lists = lists;
  run->settings = settings;
  run->text = text;
  run->len = len < 0 ? strlen (text) : (gsize) len;
  run->stats = stats;
  run->vocab = vocab;
  run->quotes = settings && settings->quotes != STYLE_QUOTES_AUTO ? settings->quotes : quotes_hint;

  masked = style_prose_mask (text, run->len, segments);
  run->masked = masked;
  style_run_words (run, segments);
  run->masked = NULL;
}

GPtrArray *
style_check_text_full (const StyleLists    *lists,
                       const StyleSettings *settings,
                       StyleQuotes          quotes_hint,
                       const char          *text,
                       gssize               len,
                       StyleStats          *stats,
                       StyleCounts         *counts,
                       StyleVocab          *vocab)
{
  StyleRun run = { 0 };
  StyleStats local = { 0 };

  run.findings = g_ptr_array_new_with_free_func ((GDestroyNotify) style_finding_free);
  run.counts = counts;
  run_checks (&run, lists, settings, quotes_hint, text, len, stats ? stats : &local, vocab);
  g_ptr_array_sort (run.findings, compare_findings);
  return run.findings;
}

void
style_count_text (const StyleLists    *lists,
                  const StyleSettings *settings,
                  StyleQuotes          quotes_hint,
                  const char          *text,
                  gssize               len,
                  StyleStats          *stats,
                  guint               *tally,
                  StyleVocab          *vocab)
{
  StyleRun run = { 0 };
  StyleStats local = { 0 };

  run.tally = tally;
  run.count_only = TRUE;
  run_checks (&run, lists, settings, quotes_hint, text, len, stats ? stats : &local, vocab);
}
