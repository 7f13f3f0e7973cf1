/* style-engine-private.h: what the engine's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "style-engine.h"

G_BEGIN_DECLS

typedef struct
{
  const StyleLists    *lists;
  const StyleSettings *settings;
  const char          *text;       /* the Markdown as given */
  const char          *masked;     /* its prose (style_prose_mask) */
  gsize                len;
  GPtrArray           *findings;
  StyleStats          *stats;
  StyleCounts         *counts;
  StyleQuotes          quotes;     /* the dialect to hold the text to */
  StyleVocab          *vocab;      /* the words seen before, or NULL */
  guint               *tally;      /* findings kept, by check (STYLE_N_CHECKS), or NULL */
  gboolean             count_only; /* only tally them: no StyleFinding made */
} StyleRun;

/* FNV-1a of a lower-case word; a pair of words from their hashes. */
static inline guint32
style_word_hash (const char *word, gsize len)
{
  guint32 h = 2166136261u;

  for (gsize i = 0; i < len; i++)
    h = (h ^ (guchar) word[i]) * 16777619u;
  return h;
}

static inline guint32
style_pair_hash (guint32 first, guint32 second)
{
  return (first * 0x9E3779B1u) ^ (second + 0x7F4A7C15u + (first << 6) + (first >> 2));
}

/* style-lists.c: whether a phrase may start with the words of these
 * hashes (no: none does; yes: one may). */
gboolean style_lists_pair_possible (const StyleLists *lists,
                                    guint32           first,
                                    guint32           second);

/* The straight (") and curly double quotes (“ ”) of @s. */
void  style_count_quotes (const char *s,
                          gsize       len,
                          guint      *straight,
                          guint      *curly);
guint style_syllables (const char *lower,
                       gsize       len);
char *style_key_of    (const char *text,
                       gsize       from,
                       gsize       to);
char *style_quote     (StyleRun   *run,
                       gsize       from,
                       gsize       to);
/* Whether a finding of @check over [@offset, @offset + @length) is to be
 * made: not when the check is off or its words are ignored, nor in a run
 * that only counts.  A finding kept is counted in run->tally.  Each
 * style_add follows a style_keep that said yes, so that nothing is
 * quoted or formatted for a finding that is not made. */
gboolean style_keep   (StyleRun   *run,
                       StyleCheck  check,
                       gsize       offset,
                       gsize       length);
void  style_add       (StyleRun   *run,
                       StyleCheck  check,
                       gsize       offset,
                       gsize       length,
                       gboolean    dialogue,
                       gboolean    info,
                       const char *suggestion,
                       const char *format,
                       ...) G_GNUC_PRINTF (8, 9);

/* ---- style-words.c: the words of a segment ----------------------------- */

typedef struct
{
  gsize    start, end, core_end;
  guint    low, low_len, core_len;   /* the lower-case word in StyleWords.lows */
  guint    flags, vid;
  guint32  hash;                     /* of the lower-case word */
  guint    syllables, chars;
  guint8   sent_start, clause_start, dialogue, ws_gap, join_gap, upper, letter;
  guint8   after_dots;   /* "..." then a space before it: a capital starts a sentence */
} StyleTok;

/* A word of the vocabulary: what it is (flags, syllables) and, for
 * echoes and the book's counts, where it was last seen and how often. */
typedef struct
{
  guint32 hash, len, off;
  guint   flags, syllables, chars;
  int     core;         /* the entry of its part before an apostrophe, -1: itself */
  const StylePhrase *phrase;     /* the phrases of the word alone */
  gboolean           prefix;     /* longer phrases start with it */
  /* In the text being checked (gen): */
  guint   gen, last_seen, count;
} StyleVocabEntry;

typedef struct
{
  guint32 hash;
  guint32 id1;          /* the entry + 1, 0: a free slot */
} StyleVocabSlot;

typedef struct
{
  gsize start, end;
  guint words, glue;
} StyleSent;

struct _StyleVocab
{
  const StyleLists *lists;
  GArray          *entries;     /* StyleVocabEntry */
  GString         *strings;     /* the words, NUL-terminated */
  StyleVocabSlot  *slots;
  guint32          mask;
  guint            gen;         /* the text being checked */
  GArray          *counted;     /* the entries counted in it */
  /* Room for the words and sentences of a text, kept from one text to
   * the next: */
  GArray          *toks;        /* StyleTok */
  GString         *lows;
  GArray          *sents;       /* StyleSent */
  /* The phrases two words start, as the lists said the first time: */
  struct _StylePairSlot *pairs;
  guint32          pairs_mask;
  guint            n_pairs;
};

typedef struct
{
  StyleRun   *run;
  GArray     *toks;          /* StyleTok */
  GString    *lows;          /* their lower-case forms, NUL-terminated */
  GArray     *sents;         /* the chapter's sentences */
  StyleVocab *vocab;
  guint       index;         /* words so far in the text */
  guint       counted_room;  /* vocab->counted holds that many */
  gboolean    has_dialogue;  /* the segment has quotes */
} StyleWords;

/* style_lists_phrase () of the words @first and @second (entries of @v)
 * whose lower-case forms @key joins, asked of the lists once. */
const StylePhrase *style_vocab_pair_phrase (StyleVocab *v,
                                            guint       first,
                                            guint       second,
                                            const char *key,
                                            gboolean   *prefix);

/* The words of @seg into w->toks and w->lows. */
void style_words_tokenize (StyleWords         *w,
                           const StyleSegment *seg);

/* style-checks.c: every check that reads the words and the marks */
void  style_run_words (StyleRun   *run,
                       GArray     *segments);

G_END_DECLS
