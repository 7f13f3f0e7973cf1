/* test-text.c: word, character and paragraph counts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib.h>

#include <string.h>

#include "df-diff.h"
#include "df-text.h"
#include "df-test-util.h"

/* ---- word counts: each language's cases ------------------------------ */

typedef struct
{
  const char *text;
  gssize      len;
  gint64      words;
} WordCase;

static const WordCase english_words[] = {
  { "The quick brown fox jumps over the lazy dog.", -1, 9 },
  /* apostrophes and hyphens inside a word join it; a dash between words
   * does not make a word */
  { "Don't stop\xe2\x80\x94it's a well-known fact.", -1, 6 },
  { "Don\xe2\x80\x99t say \xe2\x80\x98no\xe2\x80\x99 - ever", -1, 4 },
  { "'quoted' dogs' -dash- x--y", -1, 5 },
  /* numbers are words */
  { "It was in July, 1805, at 7 and 10-Annette", -1, 9 },
  /* @len is honoured */
  { "one two three", 7, 2 },
  { NULL }
};

static const WordCase markdown_words[] = {
  { "# Title\n"
    "\n"
    "* item one\n"
    "- item two\n"
    "\n"
    "> quoted text\n"
    "\n"
    "| a | b |\n"
    "|---|---|\n"
    "| c | d |\n"
    "\n"
    "---\n"
    "\n"
    "1. first\n"
    "2) second\n"
    "\n"
    "See [the docs](https://example.com/some-page-here) and ![alt text](img/x.svg)\n"
    "<img src=\"img/y.svg\" alt=\"a picture of y\"> **bold** _it_ __x__.\n", -1, 20 },
  { "## Heading Two ##", -1, 2 },
  { "---\n***\n___\n", -1, 0 },
  { "<!-- a comment here --> visible", -1, 1 },
  { "Read [chapter one][ch1] now.\n\n[ch1]: ch01-intro.md#start\n", -1, 4 },
  { "<img alt=\"Ferris\nthe crab\" src=\"img/ferris.svg\"/>", -1, 0 },
  /* a "<" that opens no tag is not syntax */
  { "a < b and c > d", -1, 5 },
  /* a year at the start of a line is a word, a list marker is not */
  { "1805 was the year\n12. item", -1, 5 },
  { NULL }
};

static const WordCase french_words[] = {
  { "L\xe2\x80\x99\xc3\xa9t\xc3\xa9 dernier, nous sommes all\xc3\xa9s "
    "\xc3\xa0 la plage pr\xc3\xa8s de Bordeaux.", -1, 11 },
  /* decomposed accents: e followed by U+0301 stays one word */
  { "cafe\xcc\x81 cre\xcc\x80me", -1, 2 },
  { NULL }
};

static const WordCase russian_words[] = {
  { "Ну, князь, Генуя и Лукка стали не больше, как поместьями фамилии Бонапарте.", -1, 12 },
  { "Кто-то сказал: «Здравствуйте!»", -1, 3 },
  { NULL }
};

static const WordCase urdu_words[] = {
  /* five words, ending with the Urdu full stop U+06D4 */
  { "اردو ایک خوبصورت زبان ہے۔", -1, 5 },
  /* combining marks (zer U+0650, pesh U+064F) stay inside their word */
  { "زِندگی خُوش ہے", -1, 3 },
  /* a zero-width non-joiner inside a word does not split it */
  { "خوب\xe2\x80\x8cصورت باغ", -1, 2 },
  /* Arabic comma and question mark are not words */
  { "آپ کیسے ہیں؟ ٹھیک، شکریہ", -1, 5 },
  { NULL }
};

static const WordCase no_words[] = {
  { "", -1, 0 },
  { "  \n\n\t \n", -1, 0 },
  { "# * _ > | - --- ![](x.png)", -1, 0 },
  { NULL }
};

/* never reads past the end or crashes on broken input */
static const WordCase invalid_utf8_words[] = {
  { "ab\xff\xfe cd \xe2\x80", -1, 2 },
  { "\xd0", -1, 0 },
  { NULL }
};

static void
test_count_words (gconstpointer data)
{
  const WordCase *cases = data;

  for (guint i = 0; cases[i].text != NULL; i++)
    {
      g_test_message ("case %u", i);
      g_assert_cmpint (df_text_count_words (cases[i].text, cases[i].len), ==, cases[i].words);
    }
}

/* ---- df_text_stats ----------------------------------------------------- */

typedef struct
{
  const char *text;
  gint64      words;
  gint64      characters;
  gint64      characters_no_spaces;
  gint64      paragraphs;
  gint64      reading_minutes;
} StatsCase;

static const StatsCase empty_stats[] = {
  { "", 0, 0, 0, 0, 0 },
  { " \n \n", 0, 4, 0, 0, 0 },
  { NULL }
};

static const StatsCase stats_cases[] = {
  { "Hello world.\n\nSecond paragraph here,\nsame paragraph.\n\n  \n\nThird.", 8, 64, 51, 3, 1 },
  /* characters, not bytes */
  { "\xc3\xa9t\xc3\xa9 \xd8\xa7\xd8\xb1\xd8\xaf\xd9\x88", 2, 8, 7, 1, 1 },
  /* CRLF line ends: a line holding only \r is blank */
  { "one\r\n\r\ntwo\r\n", 2, 12, 6, 2, 1 },
  { NULL }
};

static void
test_stats (gconstpointer data)
{
  const StatsCase *cases = data;

  for (guint i = 0; cases[i].text != NULL; i++)
    {
      const StatsCase *c = &cases[i];
      DfTextStats stats;

      g_test_message ("case %u", i);
      df_text_stats (c->text, -1, &stats);
      g_assert_cmpint (stats.words, ==, c->words);
      g_assert_cmpint (stats.characters, ==, c->characters);
      g_assert_cmpint (stats.characters_no_spaces, ==, c->characters_no_spaces);
      g_assert_cmpint (stats.paragraphs, ==, c->paragraphs);
      g_assert_cmpint (stats.reading_minutes, ==, c->reading_minutes);
    }
}

static void
test_empty (void)
{
  g_assert_cmpint (df_text_count_words (NULL, -1), ==, 0);
  test_count_words (no_words);
  test_stats (empty_stats);
}

static void
test_reading_minutes (void)
{
  g_assert_cmpint (df_text_reading_minutes (0), ==, 0);
  g_assert_cmpint (df_text_reading_minutes (1), ==, 1);
  g_assert_cmpint (df_text_reading_minutes (238), ==, 1);
  g_assert_cmpint (df_text_reading_minutes (239), ==, 2);
  g_assert_cmpint (df_text_reading_minutes (562479), ==, 2364);
}

/* The count "wc -w" would give: runs of non-blank bytes. */
static gint64
whitespace_split_count (const char *text,
                        gsize       len)
{
  gint64 n = 0;
  gboolean in_token = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      gboolean space = g_ascii_isspace (text[i]);

      if (!space && !in_token)
        n++;
      in_token = !space;
    }

  return n;
}

static void
test_war_and_peace (void)
{
  g_autofree char *path = df_test_corpus_path ("novels/war-and-peace.txt");
  g_autofree char *text = NULL;
  gsize len;
  gint64 words, expected;
  DfTextStats stats;

  if (path == NULL)
    return;
  text = df_test_read_file (path, &len);

  expected = whitespace_split_count (text, len);
  words = df_text_count_words (text, len);
  g_test_message ("War and Peace: %" PRId64 " words, whitespace split %" PRId64,
                  words, expected);
  /* the corpus README gives 562,479 (wc -w) */
  g_assert_cmpint (expected, ==, 562479);
  g_assert_cmpfloat (ABS ((double)(words - expected)) / expected, <, 0.01);

  df_text_stats (text, len, &stats);
  g_assert_cmpint (stats.words, ==, words);
  g_assert_cmpint (stats.characters, ==, g_utf8_strlen (text, len));
  g_assert_cmpint (stats.reading_minutes, ==, (words + 237) / 238);
  g_assert_cmpint (stats.paragraphs, >, 10000);
}

/* ---- df_diff_words ---------------------------------------------------- */

/* "=same-removed+added" with the pieces marked, and both texts rebuilt
 * from the pieces. */
static char *
diff_string (const char *old_text,
             const char *new_text)
{
  g_autoptr(GPtrArray) pieces = df_diff_words (old_text, new_text);
  g_autoptr(GString) old_back = g_string_new (NULL);
  g_autoptr(GString) new_back = g_string_new (NULL);
  GString *marked = g_string_new (NULL);

  for (guint i = 0; i < pieces->len; i++)
    {
      DfDiffPiece *piece = g_ptr_array_index (pieces, i);

      g_assert_cmpuint (strlen (piece->text), >, 0);
      if (i > 0)
        g_assert_cmpint (((DfDiffPiece *) g_ptr_array_index (pieces, i - 1))->kind, !=, piece->kind);
      switch (piece->kind)
        {
        case DF_DIFF_SAME:
          g_string_append (old_back, piece->text);
          g_string_append (new_back, piece->text);
          g_string_append_printf (marked, "=%s", piece->text);
          break;
        case DF_DIFF_REMOVED:
          g_string_append (old_back, piece->text);
          g_string_append_printf (marked, "-%s", piece->text);
          break;
        case DF_DIFF_ADDED:
          g_string_append (new_back, piece->text);
          g_string_append_printf (marked, "+%s", piece->text);
          break;
        }
    }
  g_assert_cmpstr (old_back->str, ==, old_text);
  g_assert_cmpstr (new_back->str, ==, new_text);
  return g_string_free (marked, FALSE);
}

static void
test_diff (void)
{
  g_autofree char *same = diff_string ("One line.\nTwo lines.\n", "One line.\nTwo lines.\n");
  g_autofree char *word = diff_string ("The cat sat on the mat.\n", "The black cat sat on the mat.\n");
  g_autofree char *swap = diff_string ("It was a dark night.\n", "It was a stormy night.\n");
  g_autofree char *gone = diff_string ("Keep this. Drop this. Keep that.\n", "Keep this. Keep that.\n");
  g_autofree char *empty_old = diff_string ("", "New text.\n");
  g_autofree char *empty_new = diff_string ("Old text.\n", "");
  g_autofree char *urdu = diff_string ("یہ ایک اچھی کتاب ہے۔\n", "یہ ایک بہت اچھی کتاب ہے۔\n");
  g_autofree char *lines = diff_string ("First.\n\nSecond paragraph here.\n\nThird.\n",
                                        "First.\n\nSecond paragraph there.\n\nThird.\n\nFourth.\n");
  g_autoptr(GPtrArray) counted = df_diff_words ("one two three four\n", "one 2 three four five six\n");
  gint64 added, removed;

  g_assert_cmpstr (same, ==, "=One line.\nTwo lines.\n");
  g_assert_cmpstr (word, ==, "=The +black =cat sat on the mat.\n");
  g_assert_cmpstr (swap, ==, "=It was a -dark+stormy= night.\n");
  g_assert_cmpstr (gone, ==, "=Keep this. -Drop this. =Keep that.\n");
  g_assert_cmpstr (empty_old, ==, "+New text.\n");
  g_assert_cmpstr (empty_new, ==, "-Old text.\n");
  g_assert_cmpstr (urdu, ==, "=یہ ایک +بہت =اچھی کتاب ہے۔\n");
  g_assert_cmpstr (lines, ==, "=First.\n\nSecond paragraph -here+there=.\n\nThird.\n+\nFourth.\n");

  df_diff_count (counted, &added, &removed);
  g_assert_cmpint (added, ==, 3);     /* 2, five, six */
  g_assert_cmpint (removed, ==, 1);   /* two */
}

/* Random edits of a real chapter: the pieces always give both texts back,
 * and a small edit stays small. */
static void
test_diff_random_edits (void)
{
  g_autofree char *path = df_test_corpus_path ("novels/pride-and-prejudice.txt");
  g_autofree char *book = NULL;
  g_autofree char *chapter = NULL;
  GRand *rand;

  if (path == NULL)
    return;
  book = df_test_read_file (path, NULL);
  rand = g_rand_new_with_seed (20261125);
  chapter = g_strndup (book + 20000, 12000);
  /* (cut at a character boundary) */
  *g_utf8_find_prev_char (chapter, chapter + strlen (chapter)) = '\0';

  for (int round = 0; round < 30; round++)
    {
      g_autoptr(GString) edited = g_string_new (chapter);
      g_autoptr(GPtrArray) pieces = NULL;
      gint64 added = 0, removed = 0;
      int edits = g_rand_int_range (rand, 1, 6);
      g_autofree char *marked = NULL;

      for (int e = 0; e < edits; e++)
        {
          gsize at = g_rand_int_range (rand, 0, (int) edited->len);

          while (at > 0 && (edited->str[at] & 0xC0) == 0x80)
            at--;
          if (g_rand_boolean (rand))
            g_string_insert (edited, at, " inserted words ");
          else
            {
              gsize n = MIN ((gsize) 7, edited->len - at);

              while (at + n < edited->len && (edited->str[at + n] & 0xC0) == 0x80)
                n++;
              g_string_erase (edited, at, n);
            }
        }
      marked = diff_string (chapter, edited->str);   /* rebuilds both */
      pieces = df_diff_words (chapter, edited->str);
      df_diff_count (pieces, &added, &removed);
      g_assert_cmpint (added, <=, edits * 4);
      g_assert_cmpint (removed, <=, edits * 6);
    }
  g_rand_free (rand);
}

/* Counting again only what an edit changed gives the full count, over
 * many random edits of a whole novel (each edit on the text the last one
 * left): insertions and deletions of words, of line and paragraph
 * breaks, of Markdown that the count skips (links, tags, list markers,
 * backslashes), in any paragraph, at the very start and end. */
static void
test_count_changed_random_edits (void)
{
  static const char * const inserts[] = {
    " word", "\n\n", "\n", "[a link](http://example.com) ", "<em ", ">", "\\", "1. ", "naïve’s ",
    "[", "](", "![alt](x.png)", " – ", "\n\n> quoted", "", "<b", "\\\n\n", ")", "]",
  };
  g_autofree char *path = df_test_corpus_path ("novels/pride-and-prejudice.txt");
  g_autofree char *book = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261205);
  gint64 words;

  if (path == NULL)
    return;
  book = df_test_read_file (path, NULL);
  text = g_string_new (book);
  words = df_text_count_words (text->str, text->len);

  for (int round = 0; round < 1500; round++)
    {
      g_autofree char *before = g_strndup (text->str, text->len);
      gsize before_len = text->len;
      /* Most edits in one page, so that what they insert meets. */
      gsize at = round % 2 ? 300000 + (gsize) g_rand_int_range (rand, 0, 3000)
                           : (gsize) g_rand_int_range (rand, 0, (int) text->len);

      if (round % 100 == 0)
        at = round % 200 == 0 ? 0 : text->len;
      while (at > 0 && at < text->len && (text->str[at] & 0xC0) == 0x80)
        at--;
      if (g_rand_boolean (rand))
        g_string_insert (text, at, inserts[g_rand_int_range (rand, 0, G_N_ELEMENTS (inserts))]);
      else
        {
          gsize n = MIN ((gsize) g_rand_int_range (rand, 1, 400), text->len - at);

          while (at + n < text->len && (text->str[at + n] & 0xC0) == 0x80)
            n++;
          g_string_erase (text, at, n);
        }

      words = df_text_count_words_changed (before, before_len, words, text->str, text->len);
      g_assert_cmpint (words, ==, df_text_count_words (text->str, text->len));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/text/english", english_words, test_count_words);
  g_test_add_data_func ("/text/markdown", markdown_words, test_count_words);
  g_test_add_data_func ("/text/french", french_words, test_count_words);
  g_test_add_data_func ("/text/russian", russian_words, test_count_words);
  g_test_add_data_func ("/text/urdu", urdu_words, test_count_words);
  g_test_add_func ("/text/empty", test_empty);
  g_test_add_data_func ("/text/stats", stats_cases, test_stats);
  g_test_add_func ("/text/reading-minutes", test_reading_minutes);
  g_test_add_data_func ("/text/invalid-utf8", invalid_utf8_words, test_count_words);
  g_test_add_func ("/text/war-and-peace", test_war_and_peace);
  g_test_add_func ("/text/diff", test_diff);
  g_test_add_func ("/text/diff-random-edits", test_diff_random_edits);
  g_test_add_func ("/text/count-changed-random-edits", test_count_changed_random_edits);

  return g_test_run ();
}
