/* style-words.c: the words of a segment, and the words met before
 *
 * A segment of masked prose is read once, left to right: each word is
 * lowered and hashed as it is read (plain ASCII words, most of them,
 * without a call; a word with other letters goes the long way, through
 * style_next_word and style_word_lower), then looked up in the
 * vocabulary, which knows what the lists say of it.  What separates a
 * word from the one before (spaces, marks, quotes) says whether it starts
 * a sentence or a clause and whether it is in dialogue.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-style"

#include "config.h"

#include <string.h>

#include "style-engine-private.h"

#define FNV_OFFSET 2166136261u
#define FNV_PRIME 16777619u

/* ASCII letters and digits, the bytes a plain word is made of: each
 * lowered (0: not one of them). */
#define DIGITS(x) [x] = x
#define LETTER(u, l) [u] = l, [l] = l
static const char word_lower[128] = {
  DIGITS ('0'), DIGITS ('1'), DIGITS ('2'), DIGITS ('3'), DIGITS ('4'),
  DIGITS ('5'), DIGITS ('6'), DIGITS ('7'), DIGITS ('8'), DIGITS ('9'),
  LETTER ('A', 'a'), LETTER ('B', 'b'), LETTER ('C', 'c'), LETTER ('D', 'd'), LETTER ('E', 'e'),
  LETTER ('F', 'f'), LETTER ('G', 'g'), LETTER ('H', 'h'), LETTER ('I', 'i'), LETTER ('J', 'j'),
  LETTER ('K', 'k'), LETTER ('L', 'l'), LETTER ('M', 'm'), LETTER ('N', 'n'), LETTER ('O', 'o'),
  LETTER ('P', 'p'), LETTER ('Q', 'q'), LETTER ('R', 'r'), LETTER ('S', 's'), LETTER ('T', 't'),
  LETTER ('U', 'u'), LETTER ('V', 'v'), LETTER ('W', 'w'), LETTER ('X', 'x'), LETTER ('Y', 'y'),
  LETTER ('Z', 'z'),
};
#undef DIGITS
#undef LETTER

/* Whether g_utf8_strdown lowers "I" to something else than "i" (it does
 * in Turkish and Azeri). */
static gboolean
lower_i_differs (void)
{
  static gsize differs;

  if (g_once_init_enter (&differs))
    {
      g_autofree char *lower = g_utf8_strdown ("I", 1);

      g_once_init_leave (&differs, strcmp (lower, "i") != 0 ? 2 : 1);
    }
  return differs == 2;
}

/* ---- the vocabulary ------------------------------------------------------ */

struct _StylePairSlot
{
  guint64            key;      /* first entry + 1 in the high half, second in the low */
  const StylePhrase *phrase;
  gboolean           prefix;
};
typedef struct _StylePairSlot PairSlot;

static inline guint32
pair_slot (guint64 key, guint32 mask)
{
  return (guint32) ((key * 0x9E3779B97F4A7C15u) >> 32) & mask;
}

StyleVocab *
style_vocab_new (const StyleLists *lists)
{
  StyleVocab *v = g_new0 (StyleVocab, 1);

  v->lists = lists;
  v->counted = g_array_new (FALSE, FALSE, sizeof (guint));
  v->entries = g_array_sized_new (FALSE, FALSE, sizeof (StyleVocabEntry), 1024);
  v->strings = g_string_sized_new (16384);
  v->mask = 2047;
  v->slots = g_new0 (StyleVocabSlot, v->mask + 1);
  v->toks = g_array_new (FALSE, FALSE, sizeof (StyleTok));
  v->lows = g_string_sized_new (4096);
  v->sents = g_array_new (FALSE, FALSE, sizeof (StyleSent));
  v->pairs_mask = 1023;
  v->pairs = g_new0 (PairSlot, v->pairs_mask + 1);
  return v;
}

void
style_vocab_free (StyleVocab *v)
{
  if (v == NULL)
    return;
  g_array_unref (v->entries);
  g_array_unref (v->counted);
  g_string_free (v->strings, TRUE);
  g_free (v->slots);
  g_array_unref (v->toks);
  g_string_free (v->lows, TRUE);
  g_array_unref (v->sents);
  g_free (v->pairs);
  g_free (v);
}

const StylePhrase *
style_vocab_pair_phrase (StyleVocab *v,
                         guint       first,
                         guint       second,
                         const char *key,
                         gboolean   *prefix)
{
  guint64 k = ((guint64) (first + 1) << 32) | second;
  guint32 at = pair_slot (k, v->pairs_mask);
  PairSlot *slot;

  for (; v->pairs[at].key != 0; at = (at + 1) & v->pairs_mask)
    if (v->pairs[at].key == k)
      {
        *prefix = v->pairs[at].prefix;
        return v->pairs[at].phrase;
      }
  slot = &v->pairs[at];
  slot->key = k;
  slot->phrase = style_lists_phrase (v->lists, key, &slot->prefix);
  *prefix = slot->prefix;
  if (++v->n_pairs * 2 > v->pairs_mask)
    {
      guint32 mask = v->pairs_mask * 2 + 1;
      PairSlot *pairs = g_new0 (PairSlot, mask + 1);
      const StylePhrase *phrase = slot->phrase;

      for (guint32 i = 0; i <= v->pairs_mask; i++)
        if (v->pairs[i].key != 0)
          {
            guint32 to = pair_slot (v->pairs[i].key, mask);

            while (pairs[to].key != 0)
              to = (to + 1) & mask;
            pairs[to] = v->pairs[i];
          }
      g_free (v->pairs);
      v->pairs = pairs;
      v->pairs_mask = mask;
      return phrase;
    }
  return slot->phrase;
}

void
style_vocab_counts (StyleVocab *v,
                    GArray     *out)
{
  for (guint i = 0; i < v->counted->len; i++)
    {
      guint id = g_array_index (v->counted, guint, i);
      StyleCount c = { id, g_array_index (v->entries, StyleVocabEntry, id).count };

      g_array_append_val (out, c);
    }
}

guint
style_vocab_size (StyleVocab *v)
{
  return v->entries->len;
}

const char *
style_vocab_word (StyleVocab *v,
                  guint       id)
{
  return v->strings->str + g_array_index (v->entries, StyleVocabEntry, id).off;
}

static void
vocab_grow (StyleVocab *v)
{
  guint32 mask = v->mask * 2 + 1;
  StyleVocabSlot *slots = g_new0 (StyleVocabSlot, mask + 1);

  for (guint i = 0; i < v->entries->len; i++)
    {
      guint32 hash = g_array_index (v->entries, StyleVocabEntry, i).hash;
      guint32 at = hash & mask;

      while (slots[at].id1)
        at = (at + 1) & mask;
      slots[at].hash = hash;
      slots[at].id1 = i + 1;
    }
  g_free (v->slots);
  v->slots = slots;
  v->mask = mask;
}

/* A word met for the first time: what the lists say of it. */
static guint
vocab_add (StyleVocab *v, const char *word, gsize len, guint32 hash, guint32 at)
{
  StyleVocabEntry e = { 0 };

  e.hash = hash;
  e.len = len;
  e.off = v->strings->len;
  e.core = -1;
  g_string_append_len (v->strings, word, len);
  g_string_append_c (v->strings, '\0');
  e.flags = style_lists_word_flags (v->lists, v->strings->str + e.off);
  e.syllables = style_syllables (word, len);
  e.chars = g_utf8_strlen (word, len);
  if (e.flags & STYLE_WORD_PHRASE)
    e.phrase = style_lists_phrase (v->lists, v->strings->str + e.off, &e.prefix);
  g_array_append_val (v->entries, e);
  v->slots[at].hash = hash;
  v->slots[at].id1 = v->entries->len;
  if (v->entries->len * 2 > v->mask)
    vocab_grow (v);
  return v->entries->len - 1;
}

/* The entry of lower-case @word (@len bytes, @hash its style_word_hash),
 * added when new. */
static inline guint
vocab_get (StyleVocab *v, const char *word, gsize len, guint32 hash)
{
  guint32 at = hash & v->mask;

  for (; v->slots[at].id1; at = (at + 1) & v->mask)
    if (v->slots[at].hash == hash)
      {
        guint id = v->slots[at].id1 - 1;
        const StyleVocabEntry *x = &g_array_index (v->entries, StyleVocabEntry, id);

        if (x->len == len && memcmp (v->strings->str + x->off, word, len) == 0)
          return id;
      }
  return vocab_add (v, word, len, hash, at);
}

/* ---- a segment's words --------------------------------------------------- */

static gboolean
is_abbreviation (const StyleTok *t)
{
  if (t->low_len == 1 && t->upper)
    return TRUE;   /* an initial */
  return (t->flags & STYLE_WORD_ABBREV) != 0;
}

/* An opening or closing curly double quote at @i. */
static inline gboolean
curly_double_at (const char *s, gsize i, gsize end)
{
  return i + 2 < end && (guchar) s[i] == 0xE2 && (guchar) s[i + 1] == 0x80 &&
         ((guchar) s[i + 2] == 0x9C || (guchar) s[i + 2] == 0x9D);
}

/* Reads the gap [from, to) before a word into @t, and the dialogue
 * state. */
static void
read_gap (StyleWords *w, StyleTok *t, const StyleTok *prev, gsize from, gsize to, gboolean *dialogue)
{
  const char *s = w->run->masked;
  gboolean end_mark = FALSE, ended = prev == NULL;

  t->ws_gap = t->join_gap = TRUE;
  t->clause_start = FALSE;
  t->after_dots = FALSE;
  for (gsize i = from; i < to; i++)
    {
      char c = s[i];

      switch (c)
        {
        case ' ': case '\n': case '\t': case '\r':
          if (end_mark)
            ended = TRUE;
          continue;
        case '-': case '\'':
          t->ws_gap = FALSE;
          continue;
        default:
          break;
        }
      t->ws_gap = FALSE;
      t->join_gap = FALSE;
      if (c == '"')
        {
          *dialogue = !*dialogue;
          w->has_dialogue = TRUE;
          if (end_mark)
            ended = TRUE;
        }
      else if (curly_double_at (s, i, to))
        {
          *dialogue = (guchar) s[i + 2] == 0x9C;
          w->has_dialogue = TRUE;
          if (end_mark)
            ended = TRUE;
          i += 2;
        }
      else if (c == '!' || c == '?')
        end_mark = TRUE;
      else if (c == '.')
        {
          if ((i + 1 < to && s[i + 1] == '.') || (i > from && s[i - 1] == '.'))
            t->after_dots = TRUE;  /* dots: an end only before a capital */
          else if (prev == NULL || i != from || !is_abbreviation (prev))
            end_mark = TRUE;
        }
      else if (c == ';')
        t->clause_start = TRUE;
    }
  if (end_mark && to == from)
    ended = TRUE;
  t->sent_start = ended;
  t->dialogue = *dialogue;
}

/* Room for @n more bytes of lower-case words and a NUL. */
static inline char *
lows_reserve (StyleWords *w, gsize n)
{
  gsize at = w->lows->len;

  if (G_UNLIKELY (at + n + 1 >= w->lows->allocated_len))
    {
      g_string_set_size (w->lows, at + n + 1);
      g_string_truncate (w->lows, at);
    }
  return w->lows->str + at;
}

/* The word at @start, read the long way: its end, core end, and its
 * lower-case form appended to w->lows; returns its hash. */
static guint32
read_word_slowly (StyleWords *w, gsize pos, gsize end_seg, StyleTok *t, guint32 *core_hash)
{
  const char *s = w->run->masked;
  g_autofree char *low = NULL;
  gsize start, end, core_end;
  const char *ap;

  style_next_word (s, end_seg, pos, &start, &end, &core_end);
  low = style_word_lower (s + start, end - start);
  t->start = start;
  t->end = end;
  t->core_end = core_end;
  t->low = w->lows->len;
  t->low_len = strlen (low);
  g_string_append_len (w->lows, low, t->low_len + 1);
  t->core_len = t->low_len;
  if (core_end < end && (ap = strchr (low, '\'')) != NULL)
    t->core_len = ap - low;
  *core_hash = style_word_hash (low, t->core_len);
  t->upper = (guchar) s[start] < 0x80 ? g_ascii_isupper (s[start]) : g_unichar_isupper (g_utf8_get_char (s + start));
  for (guint i = 0; i < t->low_len && !t->letter; i++)
    t->letter = !g_ascii_isdigit (low[i]);
  return style_word_hash (low, t->low_len);
}

/* The word at @start (an ASCII letter or digit), read as plain ASCII
 * with ' or ’ and lower-case accented Latin letters inside; FALSE when
 * it holds anything else (then nothing is kept). */
static gboolean
read_word (StyleWords *w, gsize start, gsize end_seg, StyleTok *t, guint32 *hash, guint32 *core_hash)
{
  const char *s = w->run->masked;
  char *out = lows_reserve (w, end_seg - start);
  guint32 h = FNV_OFFSET, hc = 0;
  gsize i = start, n = 0, core_end = 0;
  gboolean curly = FALSE, latin = FALSE;

  while (i < end_seg)
    {
      guchar c = (guchar) s[i];
      gsize ap;
      char lc;

      if (c < 0x80 && (lc = word_lower[c]) != 0)
        {
          out[n++] = lc;
          h = (h ^ (guchar) lc) * FNV_PRIME;
          i++;
          continue;
        }
      /* à to ÿ (not ÷): lower-case already, as g_utf8_strdown leaves them. */
      if (c == 0xC3 && i + 1 < end_seg && (guchar) s[i + 1] >= 0xA0 && (guchar) s[i + 1] != 0xB7)
        {
          latin = TRUE;
          out[n++] = (char) c;
          out[n++] = s[i + 1];
          h = (h ^ c) * FNV_PRIME;
          h = (h ^ (guchar) s[i + 1]) * FNV_PRIME;
          i += 2;
          continue;
        }
      if (c == '\'')
        ap = 1;
      else if (c == 0xE2 && i + 2 < end_seg && (guchar) s[i + 1] == 0x80 && (guchar) s[i + 2] == 0x99)
        ap = 3;
      else if (c >= 0x80)
        return FALSE;   /* another letter, maybe */
      else
        break;
      if (i + ap >= end_seg || !g_ascii_isalpha (s[i + ap]))
        break;
      if (core_end == 0)
        {
          core_end = i;
          hc = h;
          t->core_len = n;
        }
      curly |= ap == 3;
      out[n++] = '\'';
      h = (h ^ (guchar) '\'') * FNV_PRIME;
      i += ap;
    }
  /* A word with ’ or à is lowered by g_utf8_strdown, which treats I
   * apart in some languages: there such a word goes the long way. */
  if ((curly || latin) && memchr (s + start, 'I', i - start) != NULL && lower_i_differs ())
    return FALSE;
  out[n] = '\0';
  w->lows->len += n + 1;
  t->start = start;
  t->end = i;
  t->core_end = core_end ? core_end : i;
  t->low = out - w->lows->str;
  t->low_len = n;
  if (core_end == 0)
    {
      t->core_len = n;
      hc = h;
    }
  t->upper = s[start] >= 'A' && s[start] <= 'Z';
  /* A word of digits alone is no word for the figures. */
  t->letter = FALSE;
  for (gsize k = 0; k < n && !t->letter; k++)
    t->letter = !g_ascii_isdigit (out[k]);
  *hash = h;
  *core_hash = hc;
  return TRUE;
}

/* Looks @t up (and the part before its apostrophe) and completes it. */
static void
look_up (StyleWords *w, StyleTok *t, guint32 hash, guint32 core_hash)
{
  StyleVocab *v = w->vocab;
  const char *lower = w->lows->str + t->low;
  StyleVocabEntry *e;

  t->vid = vocab_get (v, lower, t->low_len, hash);
  e = &g_array_index (v->entries, StyleVocabEntry, t->vid);
  if (t->core_len < t->low_len && e->core < 0)
    {
      int core = (int) vocab_get (v, lower, t->core_len, core_hash);

      e = &g_array_index (v->entries, StyleVocabEntry, t->vid);   /* the entries may have moved */
      e->core = core;
    }
  t->flags = e->flags;
  t->hash = e->hash;
  t->syllables = e->syllables;
  t->chars = e->chars;
}

/* Where the next word starts at or after @i (@end: none), as
 * style_next_word finds it. */
static gsize
skip_gap (const char *s, gsize i, gsize end)
{
  while (i < end)
    {
      guchar c = (guchar) s[i];
      gunichar u;

      if (c < 0x80)
        {
          if (word_lower[c])
            return i;
          i++;
          continue;
        }
      /* U+2000 to U+203F (dashes, quotes, the ellipsis): no letter. */
      if (c == 0xE2 && i + 2 < end && (guchar) s[i + 1] == 0x80 && ((guchar) s[i + 2] & 0xC0) == 0x80)
        {
          i += 3;
          continue;
        }
      u = g_utf8_get_char_validated (s + i, end - i);
      if (u == (gunichar) -1 || u == (gunichar) -2)
        i++;
      else if (u != 0x2019 && g_unichar_isalnum (u))
        return i;
      else
        i += g_unichar_to_utf8 (u, NULL);
    }
  return end;
}

void
style_words_tokenize (StyleWords         *w,
                      const StyleSegment *seg)
{
  const char *s = w->run->masked;
  gsize pos = seg->start, end_seg = seg->end;
  gboolean dialogue = FALSE;

  /* Room for every word the segment can hold: each takes a byte and a
   * byte after it. */
  g_array_set_size (w->toks, (end_seg - pos) / 2 + 2);
  g_array_set_size (w->toks, 0);
  g_string_truncate (w->lows, 0);
  w->has_dialogue = FALSE;
  while (pos < end_seg)
    {
      StyleTok *t = &g_array_index (w->toks, StyleTok, w->toks->len);
      const StyleTok *prev = w->toks->len ? t - 1 : NULL;
      gsize i = pos;
      guint32 hash, core_hash;

      i = skip_gap (s, i, end_seg);
      if (i >= end_seg)
        break;
      memset (t, 0, sizeof *t);
      if ((guchar) s[i] >= 0x80 || !read_word (w, i, end_seg, t, &hash, &core_hash))
        {
          memset (t, 0, sizeof *t);
          hash = read_word_slowly (w, i, end_seg, t, &core_hash);
        }
      read_gap (w, t, prev, pos, t->start, &dialogue);
      look_up (w, t, hash, core_hash);
      if (t->after_dots && t->upper && !t->ws_gap && g_ascii_isspace (s[t->start - 1]))
        t->sent_start = TRUE;
      w->toks->len++;
      pos = t->end;
    }
  /* Quotes after the last word count for has_dialogue. */
  for (gsize i = pos; i < end_seg; i++)
    if (s[i] == '"' || curly_double_at (s, i, end_seg))
      w->has_dialogue = TRUE;
}
