/* style-book.c: the checks' table, the settings, and the whole book
 *
 * A book is checked chapter by chapter (style_check_text); the words
 * each chapter uses are counted, and a chapter that uses a word three
 * times as often as the rest of the book is told so (overused words).
 * The per-chapter figures make the report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-style"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "style-book.h"
#include "style-engine-private.h"

#define OVERUSED_MIN 6
#define OVERUSED_FACTOR 3.0

static const StyleCheckInfo infos[STYLE_N_CHECKS] = {
  { "passive-voice", "passive", N_("Passive voice"), N_("Hides who acts; active sentences are shorter and livelier") },
  { "weasel-word", "weasel", N_("Weasel words and hedges"), N_("Vague or hedging words weaken what you say") },
  { "adverb", "adverb", N_("Adverbs"), N_("An adverb often props up a weak verb") },
  { "cliche", "cliche", N_("Clichés"), N_("Readers skim phrases they have read a thousand times") },
  { "wordy-phrase", "wordiness", N_("Wordy phrases"), N_("A shorter phrase says the same") },
  { "redundancy", "wordiness", N_("Redundancies"), N_("Phrases that say the same thing twice") },
  { "there-is", "wordiness", N_("“There is” starts"), N_("“There is” delays the subject of the sentence") },
  { "so-start", "wordiness", N_("“So” starts"), N_("A leading “So” adds nothing in writing") },
  { "lexical-illusion", "repetition", N_("Repeated words"), N_("“the the”: the eye skips the second word") },
  { "dialogue-tag", "dialogue", N_("Showy dialogue tags"), N_("“Said” is invisible; showy tags pull the eye from the words") },
  { "filter-word", "filter", N_("Filter words"), N_("“She saw”, “he felt” put a character between the reader and the scene") },
  { "straight-quotes", "typography", N_("Straight quotes"), N_("Straight quotes in a book set with curly ones") },
  { "curly-quotes", "typography", N_("Curly quotes"), N_("Curly quotes in a book set with straight ones") },
  { "double-hyphen", "typography", N_("Hyphens for a dash"), N_("“--” stands in for a dash") },
  { "three-dots", "typography", N_("Dots for an ellipsis"), N_("“...” stands in for an ellipsis") },
  { "repeated-punctuation", "typography", N_("Repeated punctuation"), N_("“!!” and “??” shout") },
  { "sticky-sentence", "readability", N_("Sticky sentences"), N_("Sentences thick with glue words are slow to read") },
  { "echo", "repetition", N_("Echoes"), N_("The same uncommon word twice within a few lines") },
  { "sentence-variety", "readability", N_("Sentence length variety"), N_("Sentences all of a length make a monotonous rhythm") },
  { "overused-word", "repetition", N_("Overused words"), N_("A word a chapter uses far more often than the rest of the book") },
};

const StyleCheckInfo *
style_check_info (StyleCheck check)
{
  g_return_val_if_fail (check < STYLE_N_CHECKS, NULL);
  return &infos[check];
}

int
style_check_from_id (const char *id)
{
  for (guint i = 0; i < STYLE_N_CHECKS; i++)
    if (g_strcmp0 (infos[i].id, id) == 0)
      return (int) i;
  return -1;
}

/* ---- settings ------------------------------------------------------------ */

void
style_settings_clear (StyleSettings *settings)
{
  g_clear_pointer (&settings->ignore, g_hash_table_unref);
  settings->off = 0;
  settings->quotes = STYLE_QUOTES_AUTO;
}

gboolean
style_settings_parse (StyleSettings  *settings,
                      const char     *json,
                      GError        **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *style;
  JsonArray *array;

  memset (settings, 0, sizeof *settings);
  if (json == NULL || *json == '\0')
    return TRUE;
  root = json_from_string (json, error);
  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root) || !json_object_has_member (json_node_get_object (root), "style"))
    return TRUE;
  style = json_object_get_object_member (json_node_get_object (root), "style");
  if (style == NULL)
    return TRUE;
  array = json_object_has_member (style, "off") ? json_object_get_array_member (style, "off") : NULL;
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      int check = style_check_from_id (json_array_get_string_element (array, i));
      if (check >= 0)
        settings->off |= 1u << check;
    }
  array = json_object_has_member (style, "ignore") ? json_object_get_array_member (style, "ignore") : NULL;
  settings->ignore = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      const char *entry = json_array_get_string_element (array, i);
      if (entry != NULL)
        g_hash_table_add (settings->ignore, style_key_of (entry, 0, strlen (entry)));
    }
  if (g_strcmp0 (json_object_get_string_member_with_default (style, "quotes", "auto"), "curly") == 0)
    settings->quotes = STYLE_QUOTES_CURLY;
  else if (g_strcmp0 (json_object_get_string_member_with_default (style, "quotes", "auto"), "straight") == 0)
    settings->quotes = STYLE_QUOTES_STRAIGHT;
  return TRUE;
}

/* ---- the book ------------------------------------------------------------ */

void
style_chapter_free (StyleChapter *chapter)
{
  g_free (chapter->title);
  g_free (chapter->text);
  g_clear_pointer (&chapter->findings, g_ptr_array_unref);
  g_clear_pointer (&chapter->counts, g_array_unref);
  g_free (chapter);
}

static StyleQuotes
book_quotes (GPtrArray *chapters)
{
  guint straight = 0, curly = 0;

  for (guint c = 0; c < chapters->len; c++)
    {
      StyleChapter *ch = g_ptr_array_index (chapters, c);
      guint s, q;

      style_count_quotes (ch->text, strlen (ch->text), &s, &q);
      straight += s;
      curly += q;
    }
  return curly > straight ? STYLE_QUOTES_CURLY : straight > curly ? STYLE_QUOTES_STRAIGHT : STYLE_QUOTES_AUTO;
}

/* The first word of @text that is @word (lower-case) as it is written,
 * the part before an apostrophe compared: its span.  Each place @word's
 * bytes appear is tried, the words read from the space before it (no
 * word goes over a space), so that the text is not read word by word
 * from its start for each overused word. */
static gboolean
find_word (const char *text, const char *word, gsize *offset, gsize *length)
{
  gsize len = strlen (text), wl = strlen (word);
  const char *at = text;

  while ((at = strstr (at, word)) != NULL)
    {
      gsize target = at - text, pos = target, start, end, core_end;

      while (pos > 0 && !g_ascii_isspace (text[pos - 1]))
        pos--;
      while (style_next_word (text, len, pos, &start, &end, &core_end) && start <= target)
        {
          if (start == target && core_end - start == wl)
            {
              *offset = start;
              *length = wl;
              return TRUE;
            }
          pos = end;
        }
      at++;
    }
  return FALSE;
}

static int
compare_findings (gconstpointer a, gconstpointer b)
{
  const StyleFinding *fa = *(StyleFinding **) a, *fb = *(StyleFinding **) b;

  return fa->offset < fb->offset ? -1 : fa->offset > fb->offset;
}

static void
find_overused (StyleBook *book, StyleChapter *ch, const StyleSettings *settings)
{
  double rest_words = (double) book->total.words - ch->stats.words;
  StyleRun run = { .text = ch->text, .settings = settings, .findings = ch->findings,
                   .tally = ch->tally, .count_only = ch->findings == NULL };
  gboolean added = FALSE;

  if (ch->stats.words == 0 || rest_words <= 0 || (settings && (settings->off & (1u << STYLE_CHECK_OVERUSED_WORD))))
    return;
  for (guint i = 0; i < ch->counts->len; i++)
    {
      StyleCount *c = &g_array_index (ch->counts, StyleCount, i);
      const char *word;
      double expected;
      gsize offset, length;

      if (c->count < OVERUSED_MIN)
        continue;
      word = style_vocab_word (ch->vocab, c->id);
      expected = (GPOINTER_TO_UINT (g_hash_table_lookup (book->counts, word)) - c->count + 1.0) /
                 (rest_words + 1.0) * ch->stats.words;
      if (c->count < OVERUSED_FACTOR * expected || !find_word (ch->text, word, &offset, &length) ||
          !style_keep (&run, STYLE_CHECK_OVERUSED_WORD, offset, length))
        continue;
      style_add (&run, STYLE_CHECK_OVERUSED_WORD, offset, length, FALSE, FALSE, NULL,
                 _("“%s” appears %u times in this chapter, %.1f× as often as in the rest of the book"),
                 word, c->count, c->count / expected);
      added = TRUE;
    }
  if (added)
    g_ptr_array_sort (ch->findings, compare_findings);
}

#define THREAD_MIN_BYTES (512 * 1024)

typedef struct
{
  const StyleLists    *lists;
  const StyleSettings *settings;
  GPtrArray           *chapters;
  StyleQuotes          quotes;
  gboolean             count_only;
  guint                first, step;   /* the chapters first, first + step, ... */
  StyleVocab          *vocab;
  guint               *totals;        /* by word id, after the chapters */
  StyleProgressFunc    progress;
  gpointer             progress_data;
} Share;

static gpointer
check_share (gpointer data)
{
  Share *share = data;
  guint n = share->chapters->len;

  for (guint c = share->first; c < n; c += share->step)
    {
      StyleChapter *ch = g_ptr_array_index (share->chapters, c);

      ch->vocab = share->vocab;
      memset (ch->tally, 0, sizeof ch->tally);
      if (share->count_only)
        style_count_text (share->lists, share->settings, share->quotes, ch->text, -1, &ch->stats, ch->tally,
                          share->vocab);
      else
        {
          ch->findings = style_check_text_full (share->lists, share->settings, share->quotes, ch->text, -1,
                                                &ch->stats, NULL, share->vocab);
          for (guint i = 0; i < ch->findings->len; i++)
            ch->tally[((StyleFinding *) g_ptr_array_index (ch->findings, i))->check]++;
        }
      ch->counts = g_array_new (FALSE, FALSE, sizeof (StyleCount));
      style_vocab_counts (share->vocab, ch->counts);
      if (share->progress)
        share->progress ((c + 1.0) / (n + 1.0), share->progress_data);
    }
  share->totals = g_new0 (guint, style_vocab_size (share->vocab));
  for (guint c = share->first; c < n; c += share->step)
    {
      StyleChapter *ch = g_ptr_array_index (share->chapters, c);

      for (guint i = 0; i < ch->counts->len; i++)
        share->totals[g_array_index (ch->counts, StyleCount, i).id] += g_array_index (ch->counts, StyleCount, i).count;
    }
  return NULL;
}

static void
add_stats (StyleStats *total, const StyleStats *s)
{
  total->words += s->words;
  total->sentences += s->sentences;
  total->syllables += s->syllables;
  total->letters += s->letters;
  total->passive += s->passive;
  total->adverbs += s->adverbs;
  total->glue += s->glue;
  total->sentence_sum += s->sentence_sum;
  total->sentence_sum2 += s->sentence_sum2;
}

static StyleBook *
check_book (const StyleLists    *lists,
            const StyleSettings *settings,
            GPtrArray           *chapters,
            gboolean             count_only,
            StyleProgressFunc    progress,
            gpointer             progress_data)
{
  StyleBook *book = g_new0 (StyleBook, 1);
  gsize bytes = 0;
  guint n_threads;
  Share shares[4];
  GThread *threads[4] = { NULL };
  StyleQuotes quotes = book_quotes (chapters);

  for (guint c = 0; c < chapters->len; c++)
    bytes += strlen (((StyleChapter *) g_ptr_array_index (chapters, c))->text);
  n_threads = g_get_num_processors ();   /* once: it reads a file each time */
  n_threads = CLAMP (MIN (n_threads, bytes / THREAD_MIN_BYTES), 1, G_N_ELEMENTS (shares));
  n_threads = MIN (n_threads, MAX (chapters->len, 1));

  book->chapters = g_ptr_array_ref (chapters);
  book->vocabs = g_ptr_array_new_with_free_func ((GDestroyNotify) style_vocab_free);
  book->counts = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint t = 0; t < n_threads; t++)
    {
      shares[t] = (Share) { lists, settings, chapters, quotes, count_only, t, n_threads,
                            style_vocab_new (lists), NULL, t == 0 ? progress : NULL, progress_data };
      g_ptr_array_add (book->vocabs, shares[t].vocab);
      if (t > 0)
        threads[t] = g_thread_new ("style", check_share, &shares[t]);
    }
  check_share (&shares[0]);
  for (guint t = 0; t < n_threads; t++)
    {
      guint size;

      if (threads[t] != NULL)
        g_thread_join (threads[t]);
      size = style_vocab_size (shares[t].vocab);
      for (guint id = 0; id < size; id++)
        if (shares[t].totals[id] > 0)
          {
            const char *word = style_vocab_word (shares[t].vocab, id);
            guint old = GPOINTER_TO_UINT (g_hash_table_lookup (book->counts, word));

            /* The words stay in their vocabulary, kept by the book. */
            g_hash_table_insert (book->counts, (gpointer) word, GUINT_TO_POINTER (old + shares[t].totals[id]));
          }
      g_free (shares[t].totals);
    }
  for (guint c = 0; c < chapters->len; c++)
    add_stats (&book->total, &((StyleChapter *) g_ptr_array_index (chapters, c))->stats);
  for (guint c = 0; c < chapters->len; c++)
    find_overused (book, g_ptr_array_index (chapters, c), settings);
  return book;
}

StyleBook *
style_book_check (const StyleLists    *lists,
                  const StyleSettings *settings,
                  GPtrArray           *chapters,
                  StyleProgressFunc    progress,
                  gpointer             progress_data)
{
  return check_book (lists, settings, chapters, FALSE, progress, progress_data);
}

StyleBook *
style_book_count (const StyleLists    *lists,
                  const StyleSettings *settings,
                  GPtrArray           *chapters,
                  StyleProgressFunc    progress,
                  gpointer             progress_data)
{
  return check_book (lists, settings, chapters, TRUE, progress, progress_data);
}

void
style_book_free (StyleBook *book)
{
  if (book == NULL)
    return;
  g_ptr_array_unref (book->chapters);
  g_hash_table_unref (book->counts);
  g_ptr_array_unref (book->vocabs);
  g_free (book);
}

/* ---- the report ------------------------------------------------------------ */

static double
round2 (double v)
{
  return round (v * 100.0) / 100.0;
}

static void
add_figures (JsonBuilder *b, const StyleStats *s)
{
  json_builder_set_member_name (b, "words");
  json_builder_add_int_value (b, s->words);
  json_builder_set_member_name (b, "sentences");
  json_builder_add_int_value (b, s->sentences);
  json_builder_set_member_name (b, "flesch");
  json_builder_add_double_value (b, round2 (style_stats_flesch (s)));
  json_builder_set_member_name (b, "grade");
  json_builder_add_double_value (b, round2 (style_stats_grade (s)));
  json_builder_set_member_name (b, "sentence_mean");
  json_builder_add_double_value (b, round2 (style_stats_sentence_mean (s)));
  json_builder_set_member_name (b, "sentence_stdev");
  json_builder_add_double_value (b, round2 (style_stats_sentence_stdev (s)));
  json_builder_set_member_name (b, "word_length");
  json_builder_add_double_value (b, round2 (style_stats_word_length (s)));
  /* Passive constructions per 100 sentences, adverbs per 100 words. */
  json_builder_set_member_name (b, "passive_rate");
  json_builder_add_double_value (b, round2 (s->sentences ? 100.0 * s->passive / s->sentences : 0));
  json_builder_set_member_name (b, "adverb_rate");
  json_builder_add_double_value (b, round2 (s->words ? 100.0 * s->adverbs / s->words : 0));
}

static void
add_by_category (JsonBuilder *b, const guint *by_check)
{
  static const char *const categories[] = {
    "passive", "weasel", "adverb", "cliche", "wordiness", "repetition", "dialogue", "filter",
    "typography", "readability",
  };
  guint counts[G_N_ELEMENTS (categories)] = { 0 };

  for (guint k = 0; k < STYLE_N_CHECKS; k++)
    for (guint c = 0; c < G_N_ELEMENTS (categories); c++)
      if (strcmp (infos[k].category, categories[c]) == 0)
        counts[c] += by_check[k];
  json_builder_set_member_name (b, "findings");
  json_builder_begin_object (b);
  for (guint c = 0; c < G_N_ELEMENTS (categories); c++)
    {
      json_builder_set_member_name (b, categories[c]);
      json_builder_add_int_value (b, counts[c]);
    }
  json_builder_end_object (b);
}

char *
style_book_report_json (StyleBook           *book,
                        const StyleSettings *settings)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint all[STYLE_N_CHECKS] = { 0 };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "checks");
  json_builder_begin_array (b);
  for (guint i = 0; i < STYLE_N_CHECKS; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, infos[i].id);
      json_builder_set_member_name (b, "category");
      json_builder_add_string_value (b, infos[i].category);
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, _(infos[i].title));
      json_builder_set_member_name (b, "why");
      json_builder_add_string_value (b, _(infos[i].why));
      json_builder_set_member_name (b, "on");
      json_builder_add_boolean_value (b, !(settings && (settings->off & (1u << i))));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "chapters");
  json_builder_begin_array (b);
  for (guint c = 0; book && c < book->chapters->len; c++)
    {
      StyleChapter *ch = g_ptr_array_index (book->chapters, c);

      for (guint k = 0; k < STYLE_N_CHECKS; k++)
        all[k] += ch->tally[k];
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "number");
      json_builder_add_int_value (b, ch->number);
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, ch->title ? ch->title : "");
      add_figures (b, &ch->stats);
      add_by_category (b, ch->tally);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "book");
  json_builder_begin_object (b);
  if (book)
    {
      add_figures (b, &book->total);
      add_by_category (b, all);
      /* The findings of each check, for the most frequent kinds. */
      json_builder_set_member_name (b, "by_check");
      json_builder_begin_object (b);
      for (guint k = 0; k < STYLE_N_CHECKS; k++)
        {
          json_builder_set_member_name (b, infos[k].id);
          json_builder_add_int_value (b, all[k]);
        }
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, TRUE);
}
