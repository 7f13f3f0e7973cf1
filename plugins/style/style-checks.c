/* style-checks.c: the checks that read a segment's words and marks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-style"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "style-engine-private.h"

#define ECHO_WINDOW 50
#define STICKY_MIN_WORDS 12
#define STICKY_PERCENT 60
#define VARIETY_RUN 6
#define VARIETY_SPREAD 3
#define MAX_PHRASE 12

typedef StyleTok Tok;
typedef StyleWords Words;
typedef StyleVocabEntry Vocab;

typedef StyleSent Sent;

#define LOW(w, t) ((w)->lows->str + (t)->low)


#define VOCAB(w, id) (&g_array_index ((w)->vocab->entries, Vocab, (id)))

static gboolean
utf8_is (const char *s, gsize i, gsize end, guchar c3)
{
  return i + 2 < end && (guchar) s[i] == 0xE2 && (guchar) s[i + 1] == 0x80 && (guchar) s[i + 2] == c3;
}

/* ---- checks on words ---------------------------------------------------- */

/* The flags of the word before its apostrophe (don|'t), or of the word. */
static inline guint
core_flags (Words *w, const Tok *t)
{
  if (t->core_len == t->low_len)
    return t->flags;
  return VOCAB (w, VOCAB (w, t->vid)->core)->flags;
}

static inline gboolean
is_participle (Words *w, const Tok *t)
{
  const char *low = LOW (w, t);

  if (t->core_len >= 3 && low[t->core_len - 2] == 'e' && low[t->core_len - 1] == 'd')
    return TRUE;
  return (core_flags (w, t) & STYLE_WORD_PARTICIPLE) != 0;
}

static inline gboolean
is_adverb (Words *w, const Tok *t)
{
  const char *low = LOW (w, t);

  if (t->core_len < 4 || low[t->core_len - 2] != 'l' || low[t->core_len - 1] != 'y')
    return FALSE;
  if (t->upper && !t->sent_start && !t->ws_gap)
    ;  /* after a quote or a dash: a capital starts the words */
  else if (t->upper && !t->sent_start)
    return FALSE;  /* a name: Emily, Italy */
  return (core_flags (w, t) & STYLE_WORD_NOT_ADVERB) == 0;
}

static void
check_passive (Words *w, guint i)
{
  Tok *t = &g_array_index (w->toks, Tok, i);
  guint n = w->toks->len;

  for (guint j = i + 1; j < n && j <= i + 2; j++)
    {
      Tok *u = &g_array_index (w->toks, Tok, j);
      const char *low = LOW (w, u);

      if (!u->ws_gap || u->sent_start)
        return;
      if (is_participle (w, u))
        {
          g_autofree char *quote = NULL;

          w->run->stats->passive++;
          if (!style_keep (w->run, STYLE_CHECK_PASSIVE, t->start, u->core_end - t->start))
            return;
          quote = style_quote (w->run, t->start, u->core_end);
          style_add (w->run, STYLE_CHECK_PASSIVE, t->start, u->core_end - t->start, t->dialogue, FALSE, NULL,
                     _("“%s” may be passive voice: readers want to know who acts"), quote);
          return;
        }
      if (strcmp (low, "not") != 0 && strcmp (low, "never") != 0 && !is_adverb (w, u))
        return;
    }
}

static void
check_phrases (Words *w, guint i, gsize *last_end)
{
  Tok *t = &g_array_index (w->toks, Tok, i);
  guint max = MAX_PHRASE;
  const StylePhrase *best[STYLE_N_CHECKS];
  guint best_n[STYLE_N_CHECKS];
  guint found = 0;       /* checks with a phrase (bits) */
  char key[512];
  gsize key_len = 0;
  gboolean prefix;

  for (guint n = 1; n <= max && n <= MAX_PHRASE && i + n - 1 < w->toks->len; n++)
    {
      Tok *u = &g_array_index (w->toks, Tok, i + n - 1);

      if (n > 1 && (!u->join_gap || u->sent_start))
        break;
      if (n == 2 && !style_lists_pair_possible (w->run->lists, t->hash, u->hash))
        break;
      if (n == 1)
        {
          Vocab *v = VOCAB (w, t->vid);

          for (const StylePhrase *p = v->phrase; p != NULL; p = p->next)
            {
              best[p->check] = p;
              best_n[p->check] = n;
              found |= 1u << p->check;
            }
          if (!v->prefix)
            break;
        }
      if (key_len + u->low_len + 2 > sizeof key)
        break;
      if (n > 1)
        key[key_len++] = ' ';
      memcpy (key + key_len, LOW (w, u), u->low_len + 1);
      key_len += u->low_len;
      if (n == 1)
        continue;
      for (const StylePhrase *p = n == 2 ? style_vocab_pair_phrase (w->vocab, t->vid, u->vid, key, &prefix)
                                         : style_lists_phrase (w->run->lists, key, &prefix);
           p != NULL; p = p->next)
        {
          best[p->check] = p;
          best_n[p->check] = n;
          found |= 1u << p->check;
        }
      if (!prefix)
        break;
    }

  for (guint c = 0; found != 0 && c < STYLE_N_CHECKS; c++)
    {
      Tok *u;
      g_autofree char *quote = NULL;
      g_autofree char *message = NULL;

      if (!(found & (1u << c)))
        continue;
      found &= ~(1u << c);
      u = &g_array_index (w->toks, Tok, i + best_n[c] - 1);
      if (u->end <= last_end[c])
        continue;
      last_end[c] = u->end;
      if (!style_keep (w->run, (StyleCheck) c, t->start, u->end - t->start))
        continue;
      quote = style_quote (w->run, t->start, u->end);
      switch (c)
        {
        case STYLE_CHECK_WEASEL:
          message = g_strdup_printf (_("“%s” hedges or says nothing precise: say it plainly, or cut it"), quote);
          break;
        case STYLE_CHECK_CLICHE:
          message = g_strdup_printf (_("“%s” is a cliché: readers skim what they have read a thousand times"), quote);
          break;
        case STYLE_CHECK_WORDY:
          message = g_strdup_printf (_("“%s” is wordy: fewer words say it as well"), quote);
          break;
        default:
          message = g_strdup_printf (_("“%s” says the same thing twice"), quote);
          break;
        }
      style_add (w->run, (StyleCheck) c, t->start, u->end - t->start, t->dialogue, FALSE,
                 best[c]->suggestion, "%s", message);
    }
}

static void
check_starts (Words *w, guint i)
{
  Tok *t = &g_array_index (w->toks, Tok, i);
  const char *low = LOW (w, t);

  if (!t->sent_start && !t->clause_start)
    return;
  if (strcmp (low, "so") == 0)
    {
      if (style_keep (w->run, STYLE_CHECK_SO_START, t->start, t->end - t->start))
        style_add (w->run, STYLE_CHECK_SO_START, t->start, t->end - t->start, t->dialogue, FALSE, NULL, "%s",
                   _("A sentence that starts with “So” rarely needs it"));
    }
  else if (strcmp (low, "there's") == 0 || strcmp (low, "there") == 0)
    {
      gsize end = t->end;

      if (t->low_len == 5)
        {
          Tok *u = i + 1 < w->toks->len ? &g_array_index (w->toks, Tok, i + 1) : NULL;
          const char *v = u ? LOW (w, u) : "";

          if (u == NULL || !u->ws_gap || (strcmp (v, "is") && strcmp (v, "are") && strcmp (v, "was") &&
                                          strcmp (v, "were")))
            return;
          end = u->end;
        }
      if (style_keep (w->run, STYLE_CHECK_THERE_IS, t->start, end - t->start))
        {
          g_autofree char *quote = style_quote (w->run, t->start, end);
          style_add (w->run, STYLE_CHECK_THERE_IS, t->start, end - t->start, t->dialogue, FALSE, NULL,
                     _("“%s” at the start holds back what the sentence is about"), quote);
        }
    }
}

static void
check_filter_and_tag (Words *w, guint i)
{
  Tok *t = &g_array_index (w->toks, Tok, i);

  if ((t->flags & STYLE_WORD_TAG) && !t->dialogue && w->has_dialogue &&
      style_keep (w->run, STYLE_CHECK_DIALOGUE_TAG, t->start, t->end - t->start))
    {
      g_autofree char *quote = style_quote (w->run, t->start, t->end);
      style_add (w->run, STYLE_CHECK_DIALOGUE_TAG, t->start, t->end - t->start, FALSE, FALSE, "said",
                 _("“%s” is a showy dialogue tag: “said” lets the words speak"), quote);
    }
  if ((t->flags & STYLE_WORD_FILTER) && !t->dialogue && i > 0 && t->ws_gap)
    {
      Tok *p = &g_array_index (w->toks, Tok, i - 1);
      const char *pl = LOW (w, p);

      if (!(p->flags & STYLE_WORD_PRONOUN) && i > 1 && p->ws_gap &&
          (!strcmp (pl, "could") || !strcmp (pl, "can") || !strcmp (pl, "would")))
        p = &g_array_index (w->toks, Tok, i - 2);
      if ((p->flags & STYLE_WORD_PRONOUN) &&
          style_keep (w->run, STYLE_CHECK_FILTER_WORD, p->start, t->end - p->start))
        {
          g_autofree char *quote = style_quote (w->run, p->start, t->end);
          style_add (w->run, STYLE_CHECK_FILTER_WORD, p->start, t->end - p->start, FALSE, FALSE, NULL,
                     _("“%s” filters the scene through a character: show what they perceive"), quote);
        }
    }
}

static void
check_echo (Words *w, Tok *t)
{
  Vocab *v;

  w->index++;
  if (!t->letter || t->upper || t->core_len < 4 ||
      (t->flags & (STYLE_WORD_COMMON | STYLE_WORD_GLUE | STYLE_WORD_BE | STYLE_WORD_PRONOUN)))
    return;
  v = VOCAB (w, t->vid);
  if (v->core >= 0)
    v = VOCAB (w, v->core);
  if (v->flags & (STYLE_WORD_COMMON | STYLE_WORD_GLUE))
    return;
  if (v->gen != w->vocab->gen)
    {
      guint id = (guint) (v - VOCAB (w, 0));

      v->gen = w->vocab->gen;
      v->count = v->last_seen = 0;
      GArray *counted = w->vocab->counted;
      guint len = counted->len;

      if (G_UNLIKELY (len == w->counted_room))
        {
          w->counted_room = MAX (1024, 2 * len);
          g_array_set_size (counted, w->counted_room);
          counted->len = len;
        }
      g_array_index (counted, guint, counted->len++) = id;
    }
  v->count++;
  if (v->last_seen && w->index - v->last_seen <= ECHO_WINDOW && w->index - v->last_seen >= 2 &&
      style_keep (w->run, STYLE_CHECK_ECHO, t->start, t->core_end - t->start))
    {
      g_autofree char *quote = style_quote (w->run, t->start, t->core_end);
      style_add (w->run, STYLE_CHECK_ECHO, t->start, t->core_end - t->start, t->dialogue, TRUE, NULL,
                 _("“%s” again, %u words after the last one"), quote, w->index - v->last_seen);
    }
  v->last_seen = w->index;
}

static void
count_word (Words *w, Tok *t)
{
  StyleStats *st = w->run->stats;

  if (!t->letter)
    return;
  st->words++;
  st->letters += t->chars;
  st->syllables += t->syllables;
  if (t->flags & STYLE_WORD_GLUE)
    st->glue++;
}

/* ---- sentences ---------------------------------------------------------- */

static void
close_sentence (Words *w, Sent *s)
{
  StyleStats *st = w->run->stats;

  if (s->words == 0)
    return;
  st->sentences++;
  st->sentence_sum += s->words;
  st->sentence_sum2 += (double) s->words * s->words;
  if (s->words >= STICKY_MIN_WORDS && s->glue * 100 >= STICKY_PERCENT * s->words &&
      style_keep (w->run, STYLE_CHECK_STICKY_SENTENCE, s->start, s->end - s->start))
    style_add (w->run, STYLE_CHECK_STICKY_SENTENCE, s->start, s->end - s->start, FALSE, FALSE, NULL,
               _("A sticky sentence: %u of its %u words are glue words (the, of, it, that…)"),
               s->glue, s->words);
  g_array_append_val (w->sents, *s);
}

/* Runs of sentences of about the same length: a monotonous rhythm. */
static void
check_variety (Words *w)
{
  guint n = w->sents->len, i = 0;

  while (i < n)
    {
      Sent *first = &g_array_index (w->sents, Sent, i);
      guint lo = first->words, hi = first->words, j = i + 1;

      while (j < n)
        {
          Sent *s = &g_array_index (w->sents, Sent, j);
          guint nlo = MIN (lo, s->words), nhi = MAX (hi, s->words);

          if (nhi - nlo > VARIETY_SPREAD || s->words < 4)
            break;
          lo = nlo;
          hi = nhi;
          j++;
        }
      if (j - i >= VARIETY_RUN && first->words >= 4)
        {
          Sent *last = &g_array_index (w->sents, Sent, j - 1);

          if (style_keep (w->run, STYLE_CHECK_SENTENCE_VARIETY, first->start, last->end - first->start))
            style_add (w->run, STYLE_CHECK_SENTENCE_VARIETY, first->start, last->end - first->start, FALSE, TRUE,
                       NULL, _("%u sentences in a row of %u to %u words: vary their length"), j - i, lo, hi);
          i = j;
        }
      else
        i++;
    }
}

/* ---- marks -------------------------------------------------------------- */

/* The bytes check_marks reads: the rest are passed over. */
static const guint8 mark_bytes[256] = {
  ['"'] = 1, ['\''] = 1, ['-'] = 1, ['.'] = 1, ['!'] = 1, ['?'] = 1, [0xE2] = 1,
};

static void
check_marks (StyleRun *run, const StyleSegment *seg)
{
  const char *s = run->masked;

  for (gsize i = seg->start; i < seg->end; i++)
    {
      char c;

      while (i < seg->end && !mark_bytes[(guchar) s[i]])
        i++;
      if (i >= seg->end)
        break;
      c = s[i];
      if (c == '"' || c == '\'')
        {
          gboolean opening = i == seg->start || g_ascii_isspace (s[i - 1]) || strchr ("([{-", s[i - 1]);

          if (c == '"')
            run->stats->straight_quotes++;
          if (run->quotes == STYLE_QUOTES_CURLY && style_keep (run, STYLE_CHECK_STRAIGHT_QUOTES, i, 1))
            style_add (run, STYLE_CHECK_STRAIGHT_QUOTES, i, 1, FALSE, FALSE,
                       c == '"' ? (opening ? "“" : "”") : (opening ? "‘" : "’"), "%s",
                       _("A straight quote in a book with curly quotes"));
        }
      else if (c == '\xE2' && (utf8_is (s, i, seg->end, 0x9C) || utf8_is (s, i, seg->end, 0x9D) ||
                                utf8_is (s, i, seg->end, 0x98) || utf8_is (s, i, seg->end, 0x99)))
        {
          gboolean dbl = (guchar) s[i + 2] == 0x9C || (guchar) s[i + 2] == 0x9D;

          if (dbl)
            run->stats->curly_quotes++;
          if (run->quotes == STYLE_QUOTES_STRAIGHT && style_keep (run, STYLE_CHECK_CURLY_QUOTES, i, 3))
            style_add (run, STYLE_CHECK_CURLY_QUOTES, i, 3, FALSE, FALSE, dbl ? "\"" : "'", "%s",
                       _("A curly quote in a book with straight quotes"));
          i += 2;
        }
      else if (c == '-' || c == '.' || c == '!' || c == '?')
        {
          gsize j = i;

          while (j < seg->end && (s[j] == c || (c != '-' && c != '.' && (s[j] == '!' || s[j] == '?'))))
            j++;
          if (c == '-' && (j - i == 2 || j - i == 3))
            {
              gboolean digits = i > 0 && g_ascii_isdigit (s[i - 1]) && j < seg->end && g_ascii_isdigit (s[j]);

              if (style_keep (run, STYLE_CHECK_DOUBLE_HYPHEN, i, j - i))
                style_add (run, STYLE_CHECK_DOUBLE_HYPHEN, i, j - i, FALSE, FALSE, digits ? "–" : "—", "%s",
                           _("Hyphens stand in for a dash: use a real dash"));
            }
          else if (c == '.' && j - i >= 3)
            {
              if (style_keep (run, STYLE_CHECK_THREE_DOTS, i, j - i))
                style_add (run, STYLE_CHECK_THREE_DOTS, i, j - i, FALSE, TRUE, "…", "%s",
                           _("Dots stand in for an ellipsis: use “…”"));
            }
          else if ((c == '!' || c == '?') && j - i >= 2 &&
                   !(j - i == 2 && s[i] != s[i + 1]) && style_keep (run, STYLE_CHECK_REPEATED_PUNCTUATION, i, j - i))
            {
              g_autofree char *quote = g_strndup (s + i, j - i);
              char one[2] = { s[i], 0 };
              style_add (run, STYLE_CHECK_REPEATED_PUNCTUATION, i, j - i, FALSE, FALSE, one,
                         _("“%s”: one mark says it; more shout"), quote);
            }
          i = j - 1;
        }
    }
}

/* Lexical illusions: a word written twice, as the eye reads it (words
 * between spaces, compared without case, a mark after each the same:
 * "ha! ha!"), across line breaks. */
static void
check_repeat (Words *w, guint i)
{
  const char *s = w->run->masked;
  Tok *t = &g_array_index (w->toks, Tok, i);
  Tok *p = &g_array_index (w->toks, Tok, i - 1);
  gsize g = p->end, marks, end;

  if (t->vid != p->vid)
    return;
  /* The gap: a run of marks (none, or the same after the second word),
   * then spaces only. */
  while (g < t->start && !g_ascii_isspace (s[g]) && s[g] != STYLE_OPAQUE)
    g++;
  marks = g - p->end;
  if (g == p->end + marks && g < t->start)
    {
      for (gsize k = g; k < t->start; k++)
        if (!g_ascii_isspace (s[k]))
          return;
    }
  else
    return;
  end = t->end + marks;
  if (end > w->run->len || (marks && memcmp (s + p->end, s + t->end, marks) != 0) ||
      (end < w->run->len && !g_ascii_isspace (s[end]) && s[end] != '\0'))
    return;
  if (style_keep (w->run, STYLE_CHECK_LEXICAL_ILLUSION, t->start, end - t->start))
    {
      g_autofree char *quote = style_quote (w->run, t->start, end);
      const char *low = LOW (w, t);
      gboolean legit = strcmp (low, "had") == 0 || strcmp (low, "that") == 0;

      style_add (w->run, STYLE_CHECK_LEXICAL_ILLUSION, t->start, end - t->start, FALSE, legit, NULL,
                 _("“%s” is written twice: the eye skips the second one"), quote);
    }
}

/* ---- a segment ---------------------------------------------------------- */

static void
check_segment (Words *w, const StyleSegment *seg)
{
  gsize last_end[STYLE_N_CHECKS] = { 0 };
  Sent sent = { 0 };

  style_words_tokenize (w, seg);
  for (guint i = 0; i < w->toks->len; i++)
    {
      Tok *t = &g_array_index (w->toks, Tok, i);

      if (t->sent_start && i > 0)
        {
          close_sentence (w, &sent);
          memset (&sent, 0, sizeof sent);
        }
      if (sent.words == 0 && t->letter)
        sent.start = t->start;
      if (t->letter)
        {
          sent.words++;
          sent.end = t->end;
          sent.glue += (t->flags & STYLE_WORD_GLUE) != 0;
        }
      count_word (w, t);
      if (t->flags & STYLE_WORD_BE)
        check_passive (w, i);
      if (is_adverb (w, t))
        {
          w->run->stats->adverbs++;
          if (style_keep (w->run, STYLE_CHECK_ADVERB, t->start, t->core_end - t->start))
            {
              g_autofree char *quote = style_quote (w->run, t->start, t->core_end);
              style_add (w->run, STYLE_CHECK_ADVERB, t->start, t->core_end - t->start, t->dialogue, FALSE, NULL,
                         _("“%s” is an adverb: a stronger verb often says it better"), quote);
            }
        }
      if (t->flags & STYLE_WORD_PHRASE)
        check_phrases (w, i, last_end);
      check_starts (w, i);
      if (t->flags & (STYLE_WORD_TAG | STYLE_WORD_FILTER))
        check_filter_and_tag (w, i);
      check_echo (w, t);
      if (i > 0)
        check_repeat (w, i);
    }
  close_sentence (w, &sent);
  check_marks (w->run, seg);
}

void
style_run_words (StyleRun *run,
                 GArray   *segments)
{
  Words w = { run };

  if (run->quotes == STYLE_QUOTES_AUTO)
    {
      guint straight, curly;

      style_count_quotes (run->masked, run->len, &straight, &curly);
      run->quotes = curly > straight ? STYLE_QUOTES_CURLY : straight > curly ? STYLE_QUOTES_STRAIGHT
                                                                             : STYLE_QUOTES_AUTO;
    }
  w.vocab = run->vocab ? run->vocab : style_vocab_new (run->lists);
  w.toks = w.vocab->toks;
  w.lows = w.vocab->lows;
  w.sents = w.vocab->sents;
  g_array_set_size (w.sents, 0);
  w.vocab->gen++;
  g_array_set_size (w.vocab->counted, 0);
  for (guint i = 0; i < segments->len; i++)
    check_segment (&w, &g_array_index (segments, StyleSegment, i));
  check_variety (&w);
  if (run->counts)
    for (guint i = 0; i < w.vocab->counted->len; i++)
      {
        Vocab *v = VOCAB (&w, g_array_index (w.vocab->counted, guint, i));
        g_hash_table_insert (run->counts, g_strdup (w.vocab->strings->str + v->off), GUINT_TO_POINTER (v->count));
      }
  if (run->vocab == NULL)
    style_vocab_free (w.vocab);
}
