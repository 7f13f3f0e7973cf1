/* test-style.c: the style agent
 *
 * The engine (compiled in from plugins/style) on sentences: each check
 * flags what it must at the right bytes and leaves alone what it must;
 * Markdown that is not prose is never read; dialogue is told apart; the
 * settings are honoured; the figures match sums done by hand.  Then the
 * plugin through the plugin host, as the application and the command
 * line use it, and the command line's style commands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "df-agent-runs.h"
#include "df-plugin-host.h"
#include "df-style-figures.h"
#include "df-test-util.h"
#include "style-book.h"

static StyleLists *lists;

/* ---- helpers ------------------------------------------------------------ */

static GPtrArray *
check_with (const char *text, const char *settings_json)
{
  StyleSettings settings;
  g_autoptr(GError) error = NULL;
  GPtrArray *findings;

  g_assert_true (style_settings_parse (&settings, settings_json, &error));
  g_assert_no_error (error);
  findings = style_check_text (lists, &settings, STYLE_QUOTES_AUTO, text, -1, NULL, NULL);
  style_settings_clear (&settings);
  return findings;
}

/* The finding of @check_id in @findings, or NULL. */
static StyleFinding *
find (GPtrArray *findings, const char *check_id)
{
  for (guint i = 0; i < findings->len; i++)
    {
      StyleFinding *f = g_ptr_array_index (findings, i);
      if (strcmp (style_check_info (f->check)->id, check_id) == 0)
        return f;
    }
  return NULL;
}

/* Asserts that @check_id flags @words, the @nth (1-based) time they
 * occur in @text, and returns the finding. */
static StyleFinding *
assert_flags_nth (GPtrArray *findings, const char *text, const char *check_id, const char *words, int nth)
{
  const char *at = text;
  StyleFinding *f;

  for (int i = 0; i < nth; i++)
    {
      at = strstr (i ? at + 1 : at, words);
      g_assert_nonnull (at);
    }
  for (guint i = 0; i < findings->len; i++)
    {
      f = g_ptr_array_index (findings, i);
      if (strcmp (style_check_info (f->check)->id, check_id) == 0 &&
          f->offset == (gsize) (at - text) && f->length == strlen (words))
        return f;
    }
  for (guint i = 0; i < findings->len; i++)
    {
      f = g_ptr_array_index (findings, i);
      g_test_message ("found %s at %zu+%zu: %s", style_check_info (f->check)->id, f->offset, f->length, f->message);
    }
  g_error ("%s does not flag “%s” at %zu in: %s", check_id, words, (gsize) (at - text), text);
  return NULL;
}

static StyleFinding *
assert_flags (GPtrArray *findings, const char *text, const char *check_id, const char *words)
{
  return assert_flags_nth (findings, text, check_id, words, 1);
}

static void
assert_not_flagged (const char *text, const char *check_id)
{
  g_autoptr(GPtrArray) findings = check_with (text, NULL);
  StyleFinding *f = find (findings, check_id);

  if (f != NULL)
    g_error ("%s flags “%.*s” in: %s", check_id, (int) f->length, text + f->offset, text);
}

/* ---- each check ------------------------------------------------------------ */

typedef struct
{
  const char *check;
  const char *flagged;     /* a text it must flag */
  const char *words;       /* the words it flags there */
  const char *suggestion;  /* the suggestion it makes, or NULL */
  const char *clean;       /* a text it must leave alone */
} CheckCase;

static const CheckCase cases[] = {
  { "passive-voice", "The ball was thrown by the boy.", "was thrown", NULL, "The boy threw the ball." },
  { "passive-voice", "The letter was not answered.", "was not answered", NULL, "She answered the letter." },
  { "weasel-word", "It was very cold that night.", "very", NULL, "It was cold that night." },
  { "weasel-word", "It was kind of strange.", "kind of", "(cut it)", "It was strange." },
  { "adverb", "She ran quickly home.", "quickly", NULL, "The lonely, friendly face was Emily's." },
  { "cliche", "It was a piece of cake for him.", "a piece of cake", "easy", "He ate a piece of the cake." },
  { "wordy-phrase", "We utilize the tools we have.", "utilize", "use", "We use the tools we have." },
  { "wordy-phrase", "He left in order to rest.", "in order to", "to", "He left to rest." },
  { "redundancy", "The end result was fine.", "end result", "result", "The result was fine." },
  { "there-is", "There is a cat in the hall.", "There is", NULL, "A cat sat in the hall." },
  { "so-start", "It rained. So we went home.", "So", NULL, "It rained, so we went home." },
  { "lexical-illusion", "Many readers are not aware that the\nthe brain ignores it.", "the", NULL,
    "Many readers are not aware that the brain ignores it." },
  { "dialogue-tag", "\"Go away,\" he exclaimed.", "exclaimed", "said", "\"Go away,\" he said." },
  { "filter-word", "She felt the cold wind on her face.", "She felt", NULL, "The cold wind stung her face." },
  { "double-hyphen", "Wait -- not yet.", "--", "—", "A well-known man waited." },
  { "three-dots", "Well... not yet.", "...", "…", "Well… not yet." },
  { "repeated-punctuation", "Get out!! Now.", "!!", "!", "Get out! Now?!" },
  { "sticky-sentence", "It is that it was in the way of all of the things that he had to do.",
    "It is that it was in the way of all of the things that he had to do", NULL,
    "Thunder rolled across the dark valley while cattle huddled beneath ancient oaks." },
  { "echo", "The lantern swung. Nobody spoke. The lantern went out.", "lantern", NULL,
    "The lantern swung. Nobody spoke. The candle went out." },
  { "sentence-variety",
    "The dog ran home fast. The cat sat by it. A bird flew over them. The sun went down slow. "
    "The wind blew the door. The night came on fast.",
    "The dog ran home fast. The cat sat by it. A bird flew over them. The sun went down slow. "
    "The wind blew the door. The night came on fast", NULL,
    "The dog ran. The cat sat by the fire and watched the rain on the windows for an hour. "
    "A bird flew. The sun went down behind the hills as the farmers walked home. The wind blew. Night." },
};

static void
test_check (gconstpointer data)
{
  const CheckCase *c = data;
  g_autoptr(GPtrArray) findings = check_with (c->flagged, NULL);
  int nth = strcmp (c->check, "lexical-illusion") == 0 || strcmp (c->check, "echo") == 0 ? 2 : 1;
  StyleFinding *f = assert_flags_nth (findings, c->flagged, c->check, c->words, nth);

  g_assert_nonnull (f->message);
  g_assert_cmpstr (f->suggestion, ==, c->suggestion);
  assert_not_flagged (c->clean, c->check);
}

static void
test_quotes (void)
{
  const char *straight = "He said \"no\" and left.";
  const char *curly = "He said “no” and left.";
  g_autoptr(GPtrArray) in_curly_book = check_with (straight, "{\"style\": {\"quotes\": \"curly\"}}");
  g_autoptr(GPtrArray) in_straight_book = check_with (curly, "{\"style\": {\"quotes\": \"straight\"}}");
  g_autoptr(GPtrArray) curly_in_curly = check_with (curly, "{\"style\": {\"quotes\": \"curly\"}}");
  StyleFinding *f;

  f = assert_flags (in_curly_book, straight, "straight-quotes", "\"");
  g_assert_cmpstr (f->suggestion, ==, "“");
  f = assert_flags_nth (in_curly_book, straight, "straight-quotes", "\"", 2);
  g_assert_cmpstr (f->suggestion, ==, "”");
  f = assert_flags (in_straight_book, curly, "curly-quotes", "“");
  g_assert_cmpstr (f->suggestion, ==, "\"");
  g_assert_null (find (curly_in_curly, "straight-quotes"));
  g_assert_null (find (curly_in_curly, "curly-quotes"));
  /* auto: the text's own majority, so a lone straight quote in curly
   * text is flagged. */
  {
    const char *mixed = "“One,” she said. “Two,” she said. \"Three.\"";
    g_autoptr(GPtrArray) findings = check_with (mixed, NULL);
    assert_flags (findings, mixed, "straight-quotes", "\"");
  }
}

/* ---- what is not prose ---------------------------------------------------- */

static void
test_markdown_not_prose (void)
{
  const char *text =
    "---\n"
    "title: It was written very quickly\n"
    "---\n"
    "\n"
    "## So it begins\n"
    "\n"
    "Run `it was thrown very quickly` and see [the page](https://example.com/very-quickly-utilize) "
    "or <https://example.com/so/very> and <span class=\"very quickly\">this</span>.\n"
    "\n"
    "```\n"
    "There is code. It was thrown very quickly -- utilize it!!\n"
    "```\n"
    "\n"
    "    There is indented code, very quickly.\n"
    "\n"
    "<div class=\"x\">\n"
    "There is an HTML block, very quickly.\n"
    "</div>\n"
    "\n"
    "![very quickly](img.png) and https://very.example.com/quickly too.\n";
  g_autoptr(GPtrArray) findings = check_with (text, NULL);

  /* Only the heading's words are prose here: "So" at the start of it. */
  for (guint i = 0; i < findings->len; i++)
    {
      StyleFinding *f = g_ptr_array_index (findings, i);
      g_autofree char *words = g_strndup (text + f->offset, f->length);

      if (strcmp (style_check_info (f->check)->id, "so-start") == 0 && strcmp (words, "So") == 0)
        continue;
      g_error ("%s flags “%s” at %zu, which is not prose", style_check_info (f->check)->id, words, f->offset);
    }
  assert_flags (findings, text, "so-start", "So");
}

static void
test_link_text_is_prose (void)
{
  const char *text = "See [the very old page](https://example.com/utilize) now.";
  g_autoptr(GPtrArray) findings = check_with (text, NULL);

  assert_flags (findings, text, "weasel-word", "very");
  g_assert_null (find (findings, "wordy-phrase"));
}

/* ---- dialogue ------------------------------------------------------------- */

static void
test_dialogue_cliche_is_info (void)
{
  const char *text = "\"It was a piece of cake,\" she said. It was a piece of cake.";
  g_autoptr(GPtrArray) findings = check_with (text, NULL);
  StyleFinding *spoken = assert_flags_nth (findings, text, "cliche", "a piece of cake", 1);
  StyleFinding *told = assert_flags_nth (findings, text, "cliche", "a piece of cake", 2);

  g_assert_true (spoken->dialogue);
  g_assert_true (spoken->info);
  g_assert_false (told->dialogue);
  g_assert_false (told->info);
}

/* ---- settings ------------------------------------------------------------- */

static void
test_settings_off_and_ignore (void)
{
  const char *text = "The ball was thrown very quickly. We utilize it.";
  g_autoptr(GPtrArray) all = check_with (text, NULL);
  g_autoptr(GPtrArray) off = check_with (text, "{\"style\": {\"off\": [\"passive-voice\", \"adverb\"]}}");
  g_autoptr(GPtrArray) ignored = check_with (text, "{\"style\": {\"ignore\": [\"Very\", \"utilize\"]}}");

  assert_flags (all, text, "passive-voice", "was thrown");
  assert_flags (all, text, "adverb", "quickly");
  g_assert_null (find (off, "passive-voice"));
  g_assert_null (find (off, "adverb"));
  assert_flags (off, text, "weasel-word", "very");
  g_assert_null (find (ignored, "weasel-word"));
  g_assert_null (find (ignored, "wordy-phrase"));
  assert_flags (ignored, text, "passive-voice", "was thrown");
}

/* ---- figures ------------------------------------------------------------- */

static void
test_figures (void)
{
  StyleStats st = { 0 };
  g_autoptr(GPtrArray) findings = NULL;

  /* 9 words of one syllable, 26 letters, sentences of 6 and 3 words:
   * Flesch 206.835 - 1.015 * 4.5 - 84.6 * 1 = 117.6675; grade
   * 0.39 * 4.5 + 11.8 - 15.59 = -2.035; spread 1.5. */
  findings = style_check_text (lists, NULL, STYLE_QUOTES_AUTO, "The cat sat on the mat. The dog ran.", -1, &st, NULL);
  g_assert_cmpuint (st.words, ==, 9);
  g_assert_cmpuint (st.sentences, ==, 2);
  g_assert_cmpuint (st.syllables, ==, 9);
  g_assert_cmpfloat_with_epsilon (style_stats_flesch (&st), 117.6675, 1e-9);
  g_assert_cmpfloat_with_epsilon (style_stats_grade (&st), -2.035, 1e-9);
  g_assert_cmpfloat_with_epsilon (style_stats_sentence_mean (&st), 4.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (style_stats_sentence_stdev (&st), 1.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (style_stats_word_length (&st), 26.0 / 9, 1e-9);
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* beau-ti-ful (3) el-e-phants (3) walked (1): 206.835 - 1.015 * 3
   * - 84.6 * 7 / 3 = 6.39; "Mr." ends no sentence. */
  memset (&st, 0, sizeof st);
  findings = style_check_text (lists, NULL, STYLE_QUOTES_AUTO, "Beautiful elephants walked.", -1, &st, NULL);
  g_assert_cmpuint (st.syllables, ==, 7);
  g_assert_cmpfloat_with_epsilon (style_stats_flesch (&st), 6.39, 1e-9);
  g_clear_pointer (&findings, g_ptr_array_unref);
  memset (&st, 0, sizeof st);
  findings = style_check_text (lists, NULL, STYLE_QUOTES_AUTO, "Mr. Bennet was taken ill. He slept.", -1, &st, NULL);
  g_assert_cmpuint (st.sentences, ==, 2);
  g_assert_cmpuint (st.passive, ==, 1);
}

static StyleChapter *
chapter_new (gint64 number, const char *title, const char *text)
{
  StyleChapter *ch = g_new0 (StyleChapter, 1);

  ch->number = number;
  ch->title = g_strdup (title);
  ch->text = g_strdup (text);
  return ch;
}

static void
test_book_overused_and_report (void)
{
  g_autoptr(GPtrArray) chapters = g_ptr_array_new_with_free_func ((GDestroyNotify) style_chapter_free);
  g_autoptr(GString) one = g_string_new (NULL);
  g_autoptr(GString) two = g_string_new (NULL);
  g_autoptr(StyleBook) book = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autofree char *json = NULL;
  JsonObject *first;
  StyleChapter *ch;
  StyleFinding *f;

  for (int i = 0; i < 8; i++)
    g_string_append (one, "The harbour lights shone over the water. Gulls cried and wheeled above. ");
  for (int i = 0; i < 40; i++)
    g_string_append (two, "Snow fell on the fields. The horses waited by the gate. ");
  g_string_append (two, "Far off, a harbour bell rang once.");
  g_ptr_array_add (chapters, chapter_new (1, "Harbour", one->str));
  g_ptr_array_add (chapters, chapter_new (2, "Snow", two->str));
  book = style_book_check (lists, NULL, chapters, NULL, NULL);

  ch = g_ptr_array_index (chapters, 0);
  f = NULL;
  for (guint i = 0; i < ch->findings->len; i++)
    {
      StyleFinding *x = g_ptr_array_index (ch->findings, i);
      if (x->check == STYLE_CHECK_OVERUSED_WORD && strncmp (ch->text + x->offset, "harbour", x->length) == 0)
        f = x;
    }
  g_assert_nonnull (f);
  g_assert_cmpuint (f->offset, ==, strstr (ch->text, "harbour") - ch->text);
  df_test_assert_contains (f->message, "8 times");
  /* "harbour" once in chapter 2 is not overuse there. */
  ch = g_ptr_array_index (chapters, 1);
  for (guint i = 0; i < ch->findings->len; i++)
    {
      StyleFinding *x = g_ptr_array_index (ch->findings, i);
      g_assert_false (x->check == STYLE_CHECK_OVERUSED_WORD && strncmp (ch->text + x->offset, "harbour", 7) == 0);
    }

  json = style_book_report_json (book, NULL);
  report = json_from_string (json, NULL);
  g_assert_nonnull (report);
  first = json_array_get_object_element (json_object_get_array_member (json_node_get_object (report), "chapters"), 0);
  g_assert_cmpint (json_object_get_int_member (first, "number"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (first, "title"), ==, "Harbour");
  g_assert_cmpint (json_object_get_int_member (first, "words"), ==, 8 * 12);
  g_assert_cmpint (json_object_get_int_member (first, "sentences"), ==, 16);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (first, "sentence_mean"), 6.0, 1e-9);
  g_assert_true (json_object_has_member (json_object_get_object_member (first, "findings"), "repetition"));
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (json_node_get_object (report), "checks")),
                   ==, STYLE_N_CHECKS);
}

/* A long book is checked on several threads: each chapter gets what it
 * would alone, and the overused words are counted over the whole book. */
static void
test_book_threads (void)
{
  g_autoptr(GPtrArray) chapters = g_ptr_array_new_with_free_func ((GDestroyNotify) style_chapter_free);
  g_autoptr(StyleBook) book = NULL;
  const char *lines[] = {
    "The ball was thrown very quickly by the the boy. There is a lantern. ",
    "So the lantern swung in the wind, and the harbour bell rang twice. ",
    "She felt the cold; it was a piece of cake -- or so he exclaimed!! ",
  };
  guint overused = 0;

  for (guint c = 0; c < 6; c++)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      while (text->len < 200 * 1024)
        g_string_append (text, lines[(text->len / 70 + c) % G_N_ELEMENTS (lines)]);
      if (c == 3)
        for (guint i = 0; i < 40; i++)
          g_string_append (text, "A tangerine. ");
      g_ptr_array_add (chapters, chapter_new (c + 1, "Long", text->str));
    }
  book = style_book_check (lists, NULL, chapters, NULL, NULL);
  for (guint c = 0; c < chapters->len; c++)
    {
      StyleChapter *ch = g_ptr_array_index (chapters, c);
      StyleStats alone = { 0 };
      g_autoptr(GPtrArray) findings = style_check_text (lists, NULL, STYLE_QUOTES_AUTO, ch->text, -1, &alone, NULL);
      guint book_findings = 0;

      g_assert_cmpuint (ch->stats.words, ==, alone.words);
      g_assert_cmpuint (ch->stats.sentences, ==, alone.sentences);
      g_assert_cmpuint (ch->stats.passive, ==, alone.passive);
      for (guint i = 0; i < ch->findings->len; i++)
        {
          StyleFinding *f = g_ptr_array_index (ch->findings, i);
          if (f->check == STYLE_CHECK_OVERUSED_WORD)
            {
              overused++;
              g_assert_cmpuint (c, ==, 3);
              g_assert_cmpint (strncmp (ch->text + f->offset, "tangerine", f->length), ==, 0);
            }
          else
            book_findings++;
        }
      g_assert_cmpuint (book_findings, ==, findings->len);
    }
  g_assert_cmpuint (overused, ==, 1);
}

/* ---- speed ---------------------------------------------------------------- */

/* Not timed (no timed assertions): a paragraph re-checked gives the same
 * findings, the editor's path. */
static void
test_paragraph_again (void)
{
  const char *text = "The door was opened very slowly. There is a man outside.";
  g_autoptr(GPtrArray) a = check_with (text, NULL);
  g_autoptr(GPtrArray) b = check_with (text, NULL);

  g_assert_cmpuint (a->len, ==, b->len);
  g_assert_cmpuint (a->len, >=, 4);
}

/* ---- the plugin ----------------------------------------------------------- */

typedef struct
{
  char         *tmp;
  char         *db;
  DfStore      *store;
  DfPluginHost *host;
  DfAgent      *agent;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) agents = NULL;

  (void) data;
  f->tmp = df_test_tmp_dir_new ("test-style");
  {
    g_autoptr(GError) error = NULL;
    f->db = g_build_filename (f->tmp, "draftforge.db", NULL);
    f->store = df_store_open (f->db, &error);
    g_assert_no_error (error);
  }
  f->host = df_plugin_host_new (f->store, NULL);
  df_plugin_host_load (f->host);
  agents = df_plugin_host_get_agents (f->host);
  for (guint i = 0; i < agents->len; i++)
    if (strcmp (df_agent_get_agent_type (g_ptr_array_index (agents, i)), "style") == 0)
      f->agent = g_ptr_array_index (agents, i);
  g_assert_nonnull (f->agent);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  (void) data;
  g_clear_object (&f->host);
  g_clear_object (&f->store);
  g_free (f->db);
  df_test_tmp_dir_free (f->tmp);
}

static void
test_agent_run (Fixture *f, gconstpointer data)
{
  const char *text = "# One\n\nThe ball was thrown. Use `was thrown` here.\n\nThere is a cat.\n";
  g_autoptr(DfChapter) chapter = df_test_make_chapter (f->store, "Book", "One", text);
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) error = NULL;
  DfAgentIssue *passive = NULL, *there = NULL;
  gint64 run;

  (void) data;
  run = df_agent_run_with (f->agent, f->store, chapter->project_id, 0, "manual", NULL, &issues, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run, >, 0);
  for (guint i = 0; i < issues->len; i++)
    {
      DfAgentIssue *issue = g_ptr_array_index (issues, i);

      g_assert_cmpstr (issue->agent, ==, "style");
      g_assert_nonnull (issue->check);
      g_assert_cmpint (issue->chapter_id, ==, chapter->id);
      if (strcmp (issue->check, "passive-voice") == 0)
        {
          g_assert_null (passive);
          passive = issue;
        }
      if (strcmp (issue->check, "there-is") == 0)
        there = issue;
    }
  g_assert_nonnull (passive);
  g_assert_cmpint (passive->offset, ==, strstr (text, "was thrown") - text);
  g_assert_cmpint (passive->length, ==, 10);
  g_assert_cmpstr (passive->quote, ==, "was thrown");
  g_assert_cmpint (passive->line, ==, 3);
  g_assert_cmpstr (passive->category, ==, "passive");
  g_assert_nonnull (there);
  g_assert_cmpint (there->line, ==, 5);

  /* The project's settings turn a check off for the next run. */
  g_assert_true (df_project_set_field (f->store, chapter->project_id, "settings",
                                       "{\"style\": {\"off\": [\"passive-voice\"]}}", &error));
  g_assert_no_error (error);
  g_clear_pointer (&issues, g_ptr_array_unref);
  run = df_agent_run_with (f->agent, f->store, chapter->project_id, chapter->id, "manual", NULL, &issues, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < issues->len; i++)
    g_assert_cmpstr (((DfAgentIssue *) g_ptr_array_index (issues, i))->check, !=, "passive-voice");
}

static void
test_agent_check_text_and_report (Fixture *f, gconstpointer data)
{
  const char *paragraph = "It was a piece of cake, and the door was opened.";
  g_autoptr(DfChapter) chapter = df_test_make_chapter (f->store, "Book", "One", "The cat sat on the mat. The dog ran.");
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *report = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *ch;
  gboolean cliche = FALSE;

  (void) data;
  g_assert_true (df_agent_can_check_text (f->agent));
  issues = df_agent_check_text (f->agent, NULL, paragraph, -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < issues->len; i++)
    {
      DfAgentIssue *issue = g_ptr_array_index (issues, i);
      g_assert_cmpstr (issue->agent, ==, "style");
      if (g_strcmp0 (issue->check, "cliche") == 0)
        {
          cliche = TRUE;
          g_assert_cmpint (issue->offset, ==, 7);
          g_assert_cmpstr (issue->quote, ==, "a piece of cake");
          g_assert_cmpstr (issue->suggestion, ==, "easy");
        }
    }
  g_assert_true (cliche);

  report = df_agent_report (f->agent, f->store, chapter->project_id, NULL, &error);
  g_assert_no_error (error);
  root = json_from_string (report, &error);
  g_assert_no_error (error);
  ch = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "chapters"), 0);
  g_assert_cmpint (json_object_get_int_member (ch, "words"), ==, 9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (ch, "flesch"), 117.67, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (ch, "grade"), -2.035, 0.006);
}


/* ---- the command line ------------------------------------------------------ */

#define CLI(f, ...) df_test_run_cli_args ((f)->db, NULL, NULL, __VA_ARGS__, NULL)

static JsonNode *
cli_json (Fixture *f, const char * const *args)
{
  g_autoptr(DfTestRun) run = df_test_run_cli (f->db, NULL, NULL, args);

  df_test_assert_run_ok (run);
  return df_test_run_json (run);
}

static void
test_cli_report (Fixture *f, gconstpointer data)
{
  g_autoptr(DfChapter) one = df_test_make_chapter (f->store, "Book", "Calm", "The cat sat on the mat. The dog ran.");
  g_autoptr(DfChapter) two = df_test_append_chapter (f->store, one->project_id, 0, "Storm, \"loud\"",
                                                     "The ball was thrown very quickly. There is a storm.");
  g_autoptr(JsonNode) report = cli_json (f, DF_TEST_STRV ("style", "report", "book", "--json"));
  JsonArray *chapters = json_object_get_array_member (json_node_get_object (report), "chapters");
  JsonObject *calm = json_array_get_object_element (chapters, 0);
  JsonObject *storm = json_array_get_object_element (chapters, 1);
  JsonObject *findings = json_object_get_object_member (storm, "findings");

  (void) data;
  g_assert_cmpuint (json_array_get_length (chapters), ==, 2);
  g_assert_cmpint (json_object_get_int_member (calm, "number"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (calm, "title"), ==, "Calm");
  g_assert_cmpint (json_object_get_int_member (calm, "words"), ==, 9);
  g_assert_cmpint (json_object_get_int_member (calm, "sentences"), ==, 2);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (calm, "flesch"), 117.67, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (calm, "sentence_stdev"), 1.5, 1e-9);
  /* One passive in two sentences; two adverbs... "quickly" in 10 words. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (storm, "passive_rate"), 50.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (storm, "adverb_rate"), 10.0, 1e-9);
  g_assert_cmpint (json_object_get_int_member (findings, "passive"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (findings, "weasel"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (report), "book"),
                                               "words"), ==, 19);

  {
    g_autoptr(DfTestRun) run = CLI (f, "style", "report", "book", "--csv");
    g_auto(GStrv) lines = NULL;

    df_test_assert_run_ok (run);
    lines = g_strsplit (run->out, "\n", -1);
    g_assert_true (g_str_has_prefix (lines[0], "chapter,title,words,sentences,flesch,grade,sentence_mean,"));
    g_assert_true (g_str_has_prefix (lines[1], "1,\"Calm\",9,2,117.67,-2.0"));
    g_assert_true (g_str_has_prefix (lines[2], "2,\"Storm, \"\"loud\"\"\",10,2,"));
    g_assert_cmpstr (lines[3], ==, "");
  }
  {
    g_autoptr(DfTestRun) run = CLI (f, "style", "report", "book");
    df_test_assert_run_ok (run);
    df_test_assert_contains (run->out, "FLESCH");
    df_test_assert_contains (run->out, "117.67");
  }
  {
    g_autoptr(DfTestRun) run = CLI (f, "style", "report", "book", "--csv", "--json");
    df_test_assert_run_fails (run, 2, "--csv");
  }
}

/* The command line prints the figures from the report's text without
 * parsing it: the same bytes as the figures of the report parsed (what
 * the Style Report window exports), whatever the titles hold; another
 * agent's text is left to the parser. */
static void
test_figures_from_text (Fixture *f, gconstpointer data)
{
  g_autoptr(DfChapter) one = df_test_make_chapter (f->store, "Book", "Storm, \"loud\" \\ back/slash",
                                                   "The ball was thrown very quickly. There is a storm.");
  g_autoptr(DfChapter) two = df_test_append_chapter (f->store, one->project_id, 0, "اردو — “curly” ‘quotes’ 🌩",
                                                     "It was said, basically, that the cat sat.");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = df_agent_report (f->agent, f->store, one->project_id, NULL, &error);
  g_autoptr(JsonNode) parsed = NULL;
  g_autofree char *from_node = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *compact = NULL;
  g_autoptr(DfTestRun) run = NULL;

  (void) data;
  g_assert_no_error (error);
  parsed = json_from_string (text, &error);
  g_assert_no_error (error);
  from_node = df_style_figures_json (parsed);
  from_text = df_style_figures_json_from_text (text);
  g_assert_nonnull (from_text);
  g_assert_cmpstr (from_text, ==, from_node);
  g_assert_null (strstr (from_text, "\"checks\""));
  df_test_assert_contains (from_text, "\"title\" : \"Storm, \\\"loud\\\" \\\\ back/slash\"");

  run = CLI (f, "style", "report", "book", "--json");
  df_test_assert_run_ok (run);
  g_assert_cmpstr (run->out, ==, from_node);

  /* Not the style plugin's printing: no guess. */
  compact = json_to_string (parsed, FALSE);
  g_assert_null (df_style_figures_json_from_text (compact));
  g_assert_null (df_style_figures_json_from_text ("{\n  \"chapters\" : [\n  ]\n}"));
}

/* What "agent run style" found, by check: the issues of its JSON. */
static JsonArray *
run_issues (Fixture *f, const char *slug, JsonNode **root)
{
  *root = cli_json (f, DF_TEST_STRV ("agent", "run", "style", slug, "--json"));
  return json_object_get_array_member (json_node_get_object (*root), "issues");
}

static JsonObject *
issue_of (JsonArray *issues, const char *check)
{
  for (guint i = 0; i < json_array_get_length (issues); i++)
    {
      JsonObject *issue = json_array_get_object_element (issues, i);
      if (g_strcmp0 (json_object_get_string_member (issue, "check"), check) == 0)
        return issue;
    }
  return NULL;
}

static void
test_cli_settings (Fixture *f, gconstpointer data)
{
  const char *text = "The ball was thrown very quickly.\n\nHe said \"no\" -- twice.";
  g_autoptr(DfChapter) chapter = df_test_make_chapter (f->store, "Book", "One", text);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) settings = NULL;
  JsonArray *issues;
  JsonObject *style, *issue;

  (void) data;
  issues = run_issues (f, "book", &root);
  issue = issue_of (issues, "passive-voice");
  g_assert_nonnull (issue);
  g_assert_cmpint (json_object_get_int_member (issue, "offset"), ==, 9);
  g_assert_cmpint (json_object_get_int_member (issue, "length"), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (issue, "quote"), ==, "was thrown");
  g_assert_nonnull (issue_of (issues, "adverb"));
  g_assert_nonnull (issue_of (issues, "weasel-word"));
  g_assert_null (issue_of (issues, "straight-quotes"));
  g_clear_pointer (&root, json_node_unref);

  {
    g_autoptr(DfTestRun) run = CLI (f, "style", "set", "book", "--off", "adverb", "--off", "double-hyphen",
                                    "--ignore", "very", "--quotes", "curly");
    df_test_assert_run_ok (run);
  }
  settings = cli_json (f, DF_TEST_STRV ("style", "settings", "book", "--json"));
  style = json_node_get_object (settings);
  g_assert_cmpstr (json_object_get_string_member (style, "quotes"), ==, "curly");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (style, "off")), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (style, "ignore"), 0), ==, "very");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (style, "checks")), ==, STYLE_N_CHECKS);

  issues = run_issues (f, "book", &root);
  g_assert_null (issue_of (issues, "adverb"));
  g_assert_null (issue_of (issues, "double-hyphen"));
  g_assert_null (issue_of (issues, "weasel-word"));
  issue = issue_of (issues, "straight-quotes");
  g_assert_nonnull (issue);
  g_assert_cmpstr (json_object_get_string_member (issue, "suggestion"), ==, "“");
  g_clear_pointer (&root, json_node_unref);

  {
    g_autoptr(DfTestRun) run = CLI (f, "style", "set", "book", "--on", "adverb", "--unignore", "very");
    df_test_assert_run_ok (run);
  }
  issues = run_issues (f, "book", &root);
  g_assert_nonnull (issue_of (issues, "adverb"));
  g_assert_nonnull (issue_of (issues, "weasel-word"));
  g_assert_null (issue_of (issues, "double-hyphen"));

  {
    g_autoptr(DfTestRun) run = CLI (f, "style", "set", "book", "--off", "no-such-check");
    df_test_assert_run_fails (run, 2, "no-such-check");
  }
  {
    g_autoptr(DfTestRun) run = CLI (f, "style", "set", "book", "--quotes", "fancy");
    df_test_assert_run_fails (run, 2, "fancy");
  }
}

/* The settings travel with the project in the folder format. */
static void
test_settings_folder_round_trip (Fixture *f, gconstpointer data)
{
  g_autoptr(DfChapter) chapter = df_test_make_chapter (f->store, "Book", "One", "It was very cold.");
  g_autofree char *dir = g_build_filename (f->tmp, "folder", NULL);
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *copy = NULL;

  (void) data;
  {
    g_autoptr(DfTestRun) run = CLI (f, "style", "set", "book", "--off", "echo", "--ignore", "at the end of the day",
                                    "--quotes", "straight");
    df_test_assert_run_ok (run);
  }
  {
    g_autoptr(DfTestRun) run = CLI (f, "export-folder", "book", dir);
    df_test_assert_run_ok (run);
  }
  {
    g_autoptr(DfTestRun) run = CLI (f, "import", dir, "--title", "Copy");
    df_test_assert_run_ok (run);
    copy = g_strstrip (g_strdup (run->out));
  }
  g_assert_cmpstr (copy, ==, "copy");
  before = cli_json (f, DF_TEST_STRV ("style", "settings", "book", "--json"));
  after = cli_json (f, DF_TEST_STRV ("style", "settings", "copy", "--json"));
  a = json_to_string (before, FALSE);
  b = json_to_string (after, FALSE);
  g_assert_cmpstr (a, ==, b);
  df_test_assert_contains (b, "\"quotes\":\"straight\"");
  df_test_assert_contains (b, "at the end of the day");
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  lists = style_lists_load (STYLE_LISTS_DIR, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/style/check/%s/%u", cases[i].check, i);
      g_test_add_data_func (path, &cases[i], test_check);
    }
  g_test_add_func ("/style/check/quotes", test_quotes);
  g_test_add_func ("/style/markdown/not-prose", test_markdown_not_prose);
  g_test_add_func ("/style/markdown/link-text", test_link_text_is_prose);
  g_test_add_func ("/style/dialogue/cliche-is-info", test_dialogue_cliche_is_info);
  g_test_add_func ("/style/settings/off-and-ignore", test_settings_off_and_ignore);
  g_test_add_func ("/style/figures/by-hand", test_figures);
  g_test_add_func ("/style/book/overused-and-report", test_book_overused_and_report);
  g_test_add_func ("/style/book/threads", test_book_threads);
  g_test_add_func ("/style/paragraph/again", test_paragraph_again);
  DF_TEST_ADD ("/style/agent/run", test_agent_run);
  DF_TEST_ADD ("/style/agent/check-text-and-report", test_agent_check_text_and_report);
  DF_TEST_ADD ("/style/cli/report", test_cli_report);
  DF_TEST_ADD ("/style/cli/figures-from-text", test_figures_from_text);
  DF_TEST_ADD ("/style/cli/settings", test_cli_settings);
  DF_TEST_ADD ("/style/settings/folder-round-trip", test_settings_folder_round_trip);

  status = g_test_run ();
  style_lists_free (lists);
  return status;
}
