/* style-engine.h: the style checker, GTK-free and store-free
 *
 * style_check_text () takes the Markdown of a paragraph or a chapter
 * and returns findings with byte spans in that text: a pure function of
 * the text, the word lists and the settings.  style-prose.c finds the
 * prose in the Markdown (never code, URLs, HTML, front matter or the
 * headings' markup), style-engine.c tokenizes it in one pass and runs
 * the checks, style-lists.c loads the word lists shipped beside the
 * plugin, style-book.c adds what needs the whole book (overused words)
 * and the per-chapter figures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every check, in the order the report lists them. */
typedef enum
{
  STYLE_CHECK_PASSIVE,
  STYLE_CHECK_WEASEL,
  STYLE_CHECK_ADVERB,
  STYLE_CHECK_CLICHE,
  STYLE_CHECK_WORDY,
  STYLE_CHECK_REDUNDANCY,
  STYLE_CHECK_THERE_IS,
  STYLE_CHECK_SO_START,
  STYLE_CHECK_LEXICAL_ILLUSION,
  STYLE_CHECK_DIALOGUE_TAG,
  STYLE_CHECK_FILTER_WORD,
  STYLE_CHECK_STRAIGHT_QUOTES,
  STYLE_CHECK_CURLY_QUOTES,
  STYLE_CHECK_DOUBLE_HYPHEN,
  STYLE_CHECK_THREE_DOTS,
  STYLE_CHECK_REPEATED_PUNCTUATION,
  STYLE_CHECK_STICKY_SENTENCE,
  STYLE_CHECK_ECHO,
  STYLE_CHECK_SENTENCE_VARIETY,
  STYLE_CHECK_OVERUSED_WORD,
  STYLE_N_CHECKS
} StyleCheck;

typedef struct
{
  const char *id;          /* "passive-voice" */
  const char *category;    /* "passive", "wordiness", ... */
  const char *title;       /* translatable (N_), for lists */
  const char *why;         /* translatable (N_): why it matters */
} StyleCheckInfo;

const StyleCheckInfo *style_check_info      (StyleCheck  check);
/* The check named @id, or -1. */
int                   style_check_from_id   (const char *id);

typedef enum
{
  STYLE_QUOTES_AUTO,       /* the book's majority */
  STYLE_QUOTES_CURLY,
  STYLE_QUOTES_STRAIGHT,
} StyleQuotes;

typedef struct
{
  guint32      off;        /* bit (1 << StyleCheck) set: the check is off */
  GHashTable  *ignore;     /* lower-case words and phrases never flagged, or NULL */
  StyleQuotes  quotes;
} StyleSettings;

/* Reads the "style" object of a project's settings JSON (NULL, or no
 * such key: every check on, nothing ignored, quotes auto). */
gboolean style_settings_parse (StyleSettings  *settings,
                               const char     *project_settings_json,
                               GError        **error);
void     style_settings_clear (StyleSettings  *settings);

typedef struct
{
  StyleCheck  check;
  gboolean    info;        /* info rather than a warning (in dialogue, a nit) */
  gboolean    dialogue;    /* inside a character's words */
  gsize       offset;      /* bytes in the text checked */
  gsize       length;
  char       *message;     /* translated */
  char       *suggestion;  /* or NULL */
} StyleFinding;

void style_finding_free (StyleFinding *finding);

/* The figures of a text (a chapter). */
typedef struct
{
  guint   words;
  guint   sentences;
  guint   syllables;
  guint   letters;         /* characters in words */
  guint   passive;         /* passive constructions */
  guint   adverbs;
  guint   glue;            /* glue words */
  double  sentence_sum;    /* words per sentence: sum and sum of squares */
  double  sentence_sum2;
  guint   straight_quotes; /* " seen, for the book's quote dialect */
  guint   curly_quotes;    /* “ ” seen */
} StyleStats;

double style_stats_flesch          (const StyleStats *stats);
double style_stats_grade           (const StyleStats *stats);
double style_stats_sentence_mean   (const StyleStats *stats);
double style_stats_sentence_stdev  (const StyleStats *stats);
double style_stats_word_length     (const StyleStats *stats);

typedef struct _StyleLists StyleLists;

/* Loads the lists in @dir (the plugin's lists/ folder). */
StyleLists *style_lists_load (const char  *dir,
                              GError     **error);
void        style_lists_free (StyleLists  *lists);
/* The folder of the lists beside a module installed in @plugin_dir. */
char       *style_lists_dir  (const char  *plugin_dir);

/* Word counts of a text, for the book's baseline: lower-case uncommon
 * word -> count (guint in a pointer). */
typedef GHashTable StyleCounts;

/* Checks @text (@len bytes, -1: NUL-terminated); StyleFinding* by
 * offset.  @quotes_hint is the book's dialect when the settings say
 * auto (STYLE_QUOTES_AUTO: decided by @text itself).  Fills @stats and
 * @counts (uncommon words) when not NULL. */
GPtrArray *style_check_text (const StyleLists    *lists,
                             const StyleSettings *settings,
                             StyleQuotes          quotes_hint,
                             const char          *text,
                             gssize               len,
                             StyleStats          *stats,
                             StyleCounts         *counts);

/* The words a checker has met, each looked up in the lists once: kept
 * from one text to the next when the same lists check many (a book's
 * chapters).  Not shared between threads. */
typedef struct _StyleVocab StyleVocab;

StyleVocab *style_vocab_new  (const StyleLists *lists);
void        style_vocab_free (StyleVocab       *vocab);

/* What the last text checked with @vocab counted (uncommon words, as in
 * StyleCounts): appended to @out as StyleCount. */
typedef struct
{
  guint id;      /* the word in @vocab */
  guint count;
} StyleCount;
void        style_vocab_counts (StyleVocab *vocab,
                                GArray     *out);
guint       style_vocab_size   (StyleVocab *vocab);
const char *style_vocab_word   (StyleVocab *vocab,
                                guint       id);

/* style_check_text with @vocab (NULL: a new one for this text). */
GPtrArray  *style_check_text_full (const StyleLists    *lists,
                                   const StyleSettings *settings,
                                   StyleQuotes          quotes_hint,
                                   const char          *text,
                                   gssize               len,
                                   StyleStats          *stats,
                                   StyleCounts         *counts,
                                   StyleVocab          *vocab);

/* As style_check_text_full, but no finding is made: how many each check
 * would make is added to @tally (STYLE_N_CHECKS counters), which is all
 * a book's figures need. */
void        style_count_text      (const StyleLists    *lists,
                                   const StyleSettings *settings,
                                   StyleQuotes          quotes_hint,
                                   const char          *text,
                                   gssize               len,
                                   StyleStats          *stats,
                                   guint               *tally,
                                   StyleVocab          *vocab);

/* ---- style-prose.c ---------------------------------------------------- */

typedef struct
{
  gsize start;
  gsize end;
} StyleSegment;

/* A copy of @text (@len bytes) with everything that is not prose
 * blanked: code, URLs and images as STYLE_OPAQUE bytes (a word break no
 * check reads across), markup (heading marks, emphasis, link brackets,
 * list markers, tags) as spaces; the paragraphs, headings, list items and
 * table rows in @segments.  Same length, same offsets. */
#define STYLE_OPAQUE '\x01'
char *style_prose_mask (const char *text,
                        gsize       len,
                        GArray     *segments);

/* ---- style-lists.c: what the engine asks of the lists ------------------ */

enum
{
  STYLE_WORD_BE         = 1 << 0,
  STYLE_WORD_PARTICIPLE = 1 << 1,
  STYLE_WORD_GLUE       = 1 << 2,
  STYLE_WORD_COMMON     = 1 << 3,
  STYLE_WORD_NOT_ADVERB = 1 << 4,
  STYLE_WORD_FILTER     = 1 << 5,
  STYLE_WORD_TAG        = 1 << 6,
  STYLE_WORD_PHRASE     = 1 << 7,   /* starts a phrase of the phrase lists */
  STYLE_WORD_PRONOUN    = 1 << 8,
  STYLE_WORD_ABBREV     = 1 << 9,   /* "Mr.": its dot ends no sentence */
};

typedef struct _StylePhrase StylePhrase;
struct _StylePhrase
{
  StyleCheck   check;        /* STYLE_N_CHECKS: only a prefix */
  gboolean     prefix;       /* longer phrases start with these words */
  char        *suggestion;   /* or NULL */
  StylePhrase *next;         /* the same words in another list */
};

guint              style_lists_word_flags   (const StyleLists *lists,
                                             const char       *lower);
/* The longest phrase a word starts, in words. */
guint              style_lists_phrase_max   (const StyleLists *lists,
                                             const char       *lower);
/* The phrases of @lower_words (NULL: none), and whether longer ones
 * start with them (@prefix). */
const StylePhrase *style_lists_phrase       (const StyleLists *lists,
                                             const char       *lower_words,
                                             gboolean         *prefix);
guint              style_lists_count        (const StyleLists *lists,
                                             StyleCheck        check);

/* ---- style-engine.c: words ------------------------------------------- */

/* The next word of @text at or after @pos: letters and digits, with
 * apostrophes inside (don't); hyphens and everything else part words.
 * Its span in [@start, @end); @core_end where an apostrophe starts its
 * tail (don|'t), else @end. */
gboolean style_next_word  (const char *text,
                           gsize       len,
                           gsize       pos,
                           gsize      *start,
                           gsize      *end,
                           gsize      *core_end);
/* @word (@len bytes) in lower case, ’ as '. */
char    *style_word_lower (const char *word,
                           gsize       len);

G_END_DECLS
