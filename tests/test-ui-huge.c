/* test-ui-huge.c: chapters too long for GtkTextView to lay out at once
 *
 * A chapter whose text is one line of 5 MB: GtkTextView lays out a line
 * with one PangoLayout, which for 5 MB holds the main loop for tens of
 * seconds.  The editor and the reader show such a line in pieces
 * (df-long-lines.h), check its spelling in bounded slices, and give the
 * writer's text back byte for byte.  Nothing here times anything: the
 * tests count frames and look at how much text each step handled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-document.h"
#include "df-editor.h"
#include "df-long-lines.h"
#include "df-markdown-view.h"
#include "df-model.h"
#include "ui-test-util.h"

#define LINE_BYTES (5 * 1024 * 1024)
/* A slice of the spell checking (2,000 characters) and a word at each
 * end. */
#define MOST_CHECKED_AT_ONCE 2100

/* Prose without Markdown's marks, a misspelled word in it. */
static const char * const sentences[] = {
  "Well, Prince, so Genoa and Lucca are now just family estates of the Buonapartes.",
  "It was in July, and the speaker was the well-known Anna Pavlovna Scherer, maid of honor.",
  "She had had a cough for some days; she was, as she said, suffering from la grippe.",
  "He spoke in that refined French in which our grandfathers not only spoke but thought.",
  "Can one be well while suffering morally? Can one be calm in times like these?",
  "The prince, not in the least disconcerted, kissed her hand and sat down on the sofa.",
  "Nothing is so necessary for a young man as the company of intelligent women, écrivit-il.",
};

/* One line of about @bytes bytes of prose (no line end in it), the word
 * "recieve" at its start and "beleive" near its end. */
static char *
make_long_line (gsize bytes)
{
  GString *line = g_string_sized_new (bytes + 256);

  g_string_append (line, "They would recieve the news at dawn.");
  for (guint i = 0; line->len < bytes - 128; i++)
    {
      g_string_append_c (line, ' ');
      g_string_append (line, sentences[i % G_N_ELEMENTS (sentences)]);
    }
  g_string_append (line, " Nobody would beleive it.");
  return g_string_free (line, FALSE);
}

/* The longest line (paragraph) in @buffer, in characters. */
static int
longest_line (GtkTextBuffer *buffer)
{
  GtkTextIter line;
  int longest = 0;

  gtk_text_buffer_get_start_iter (buffer, &line);
  do
    longest = MAX (longest, gtk_text_iter_get_chars_in_line (&line));
  while (gtk_text_iter_forward_line (&line));
  return longest;
}

/* Whether the first @word in @text, shown in @buffer, is underlined
 * as misspelled.  (Found in @text: a search of the buffer for a word at
 * the end of 5 MB, at every turn of the main loop, would be most of
 * what the test does.) */
static gboolean
flagged (GtkTextBuffer *buffer,
         const char    *text,
         const char    *word)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "misspelled");
  const char *found = strstr (text, word);
  GtkTextIter at;

  g_assert_nonnull (found);
  gtk_text_buffer_get_iter_at_offset (buffer, &at,
                                      df_long_lines_buffer_offset (buffer, g_utf8_pointer_to_offset (text, found)));
  if (gtk_text_iter_get_char (&at) == 0x2029)
    gtk_text_iter_forward_char (&at);
  g_assert_cmpuint (gtk_text_iter_get_char (&at), ==, g_utf8_get_char (found));
  return gtk_text_iter_has_tag (&at, tag);
}

/* ---- the editor ------------------------------------------------------------ */

typedef struct
{
  char       *dir;
  char       *db_path;
  DfStore    *store;
  DfChapter  *chapter;
  char       *text;
  DfEditor   *editor;
  DfDocument *document;
  GtkWidget  *window;
  guint       frames;    /* painted */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkSourceBuffer *buffer;

  if (!ui_test_have_display ())
    return;

  f->text = data != NULL ? g_strdup (data) : make_long_line (LINE_BYTES);
  f->store = df_test_store_new ("huge", &f->dir, &f->db_path);
  f->chapter = df_test_make_chapter (f->store, "One Long Line", "The Line", f->text);

  f->editor = DF_EDITOR (df_editor_new ());
  buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->editor)));
  f->document = df_document_new (buffer);
  df_document_set_db_path (f->document, f->db_path);
  f->window = ui_test_window_new (GTK_WIDGET (f->editor), 900, 700);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data G_GNUC_UNUSED)
{
  if (f->store == NULL)
    return;

  ui_test_window_destroy (f->window);
  g_assert_finalize_object (f->document);
  g_assert_finalize_object (f->editor);
  g_clear_pointer (&f->chapter, df_chapter_free);
  g_assert_finalize_object (f->store);
  df_test_tmp_dir_free (f->dir);
  g_free (f->db_path);
  g_free (f->text);
}

static gboolean
window_shown (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_mapped (GTK_WIDGET (f->editor));
}

static void
after_paint_cb (GdkFrameClock *clock,
                Fixture       *f)
{
  f->frames++;
}

/* Asks for a frame at every turn of the frame clock, as an animation
 * would: a main loop held by one long callback paints none. */
static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  return G_SOURCE_CONTINUE;
}

/* Opens the chapter as the project view does: its buffer, the long line
 * in pieces. */
static GtkTextBuffer *
open_chapter (Fixture *f)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->editor));

  ui_test_wait_until (window_shown, f, 10000);
  df_document_load (f->document, f->chapter);
  df_editor_text_loaded (f->editor);
  g_assert_true (df_long_lines_get_split (buffer));
  return buffer;
}

typedef struct
{
  GtkTextBuffer *buffer;
  const char    *text;
  const char    *word;
} Word;

static gboolean
word_flagged (gpointer data)
{
  Word *word = data;

  return flagged (word->buffer, word->text, word->word);
}

/* Opened, the start is checked first; scrolled to the end, the end is
 * checked before what lies between: the window paints all along, and
 * each step lays out or checks a bounded stretch of the line. */
static void
test_editor_long_line (Fixture       *f,
                       gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(DfSpellChecker) checker = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter end;
  GdkFrameClock *clock;
  gulong painted;

  if (ui_test_skip_without_display ())
    return;

  checker = df_spell_checker_new ("en_US", &error);
  g_assert_no_error (error);
  df_editor_set_spell_checker (f->editor, checker);
  ui_test_wait_until (window_shown, f, 10000);
  clock = gtk_widget_get_frame_clock (f->window);
  painted = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), f);

  buffer = open_chapter (f);
  ui_test_wait_until (word_flagged, (&(Word) { buffer, f->text, "recieve" }), 30000);
  g_assert_true (df_editor_get_spell_pending (f->editor));
  /* Ctrl+End. */
  g_signal_emit_by_name (f->editor, "move-cursor", GTK_MOVEMENT_BUFFER_ENDS, 1, FALSE);
  gtk_text_buffer_get_iter_at_mark (buffer, &end, gtk_text_buffer_get_insert (buffer));
  g_assert_true (gtk_text_iter_is_end (&end));
  /* The end is checked before what lies between, which still waits.
   * (Under the sanitizers GtkTextView's layout of the 5 MB line, which
   * comes first, can take most of a minute.) */
  ui_test_wait_until (word_flagged, (&(Word) { buffer, f->text, "beleive" }), 90000);
  g_assert_true (df_editor_get_spell_pending (f->editor));
  g_assert_false (flagged (buffer, f->text, "Genoa"));

  g_signal_handler_disconnect (clock, painted);
  g_test_message ("%u frames painted", f->frames);
  g_assert_cmpuint (f->frames, >=, 2);

  /* No paragraph GtkTextView lays out is longer than two pieces. */
  g_assert_true (df_long_lines_get_split (buffer));
  g_assert_cmpint (longest_line (buffer), <=, 2 * DF_PIECE_CHARS);

  /* Every slice of the spell checking bounded. */
  g_test_message ("most characters checked at once: %d", df_editor_get_spell_max_chars (f->editor));
  g_assert_cmpint (df_editor_get_spell_max_chars (f->editor), >, 0);
  g_assert_cmpint (df_editor_get_spell_max_chars (f->editor), <=, MOST_CHECKED_AT_ONCE);

  /* The text is the writer's, whole. */
  shown = df_editor_dup_text (f->editor);
  g_assert_cmpuint (strlen (shown), ==, strlen (f->text));
  g_assert_true (memcmp (shown, f->text, strlen (f->text)) == 0);
}

static char *
saved_text (Fixture *f)
{
  g_autoptr(DfChapter) chapter = df_test_get_chapter (f->store, f->chapter->id);

  return g_strdup (chapter->content_md);
}

static void
assert_same_text (const char *saved,
                  const char *expected)
{
  g_assert_cmpuint (strlen (saved), ==, strlen (expected));
  g_assert_true (memcmp (saved, expected, strlen (expected)) == 0);
}

/* Typed at the end and in the middle, at a break between pieces, as a
 * writer would: the save is the text with those edits and nothing else. */
static void
test_editor_round_trip (Fixture       *f,
                        gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *saved = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter at, piece;
  const char *end_words = " The end.";
  gsize middle;

  if (ui_test_skip_without_display ())
    return;

  buffer = open_chapter (f);

  /* At the start of the tenth piece, typed. */
  gtk_text_buffer_get_start_iter (buffer, &piece);
  for (int i = 0; i < 10; i++)
    g_assert_true (gtk_text_iter_forward_line (&piece));
  middle = 0;
  {
    GtkTextIter start;
    g_autofree char *before = NULL;

    gtk_text_buffer_get_start_iter (buffer, &start);
    before = gtk_text_iter_get_slice (&start, &piece);
    /* Ten breaks before it, which are not in the text. */
    middle = strlen (before) - 10 * DF_PIECE_BREAK_LEN;
  }
  gtk_text_buffer_place_cursor (buffer, &piece);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, "Indeed, ", -1, TRUE);

  gtk_text_buffer_get_end_iter (buffer, &at);
  gtk_text_buffer_place_cursor (buffer, &at);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, end_words, -1, TRUE);
  g_assert_true (df_document_get_modified (f->document));

  expected = g_strdup_printf ("%.*sIndeed, %s%s", (int) middle, f->text, f->text + middle, end_words);
  g_assert_true (df_document_save (f->document, &error));
  g_assert_no_error (error);
  saved = saved_text (f);
  assert_same_text (saved, expected);
  g_clear_pointer (&saved, g_free);

  /* Undone, both: the text as it was, byte for byte. */
  gtk_text_buffer_undo (buffer);
  gtk_text_buffer_undo (buffer);
  g_assert_true (df_document_save (f->document, &error));
  g_assert_no_error (error);
  saved = saved_text (f);
  assert_same_text (saved, f->text);
}

/* Line ends of every kind and a short line survive the pieces. */
static void
test_editor_mixed_lines (Fixture       *f,
                         gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter end;

  if (ui_test_skip_without_display ())
    return;

  buffer = open_chapter (f);
  g_assert_cmpint (longest_line (buffer), <=, 2 * DF_PIECE_CHARS);

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, "!", -1, TRUE);
  g_assert_true (df_document_save (f->document, &error));
  g_assert_no_error (error);
  saved = saved_text (f);
  g_assert_true (g_str_has_suffix (saved, "!"));
  saved[strlen (saved) - 1] = '\0';
  assert_same_text (saved, f->text);
}

/* ---- the reader ------------------------------------------------------------ */

typedef struct
{
  gboolean rendered;
  guint    frames;
  guint    frames_before_rendered;
} ReaderState;

static void
rendered_cb (DfMarkdownView *view,
             ReaderState    *state)
{
  state->rendered = TRUE;
}

static void
reader_paint_cb (GdkFrameClock *clock,
                 ReaderState   *state)
{
  state->frames++;
  if (!state->rendered)
    state->frames_before_rendered++;
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static void
test_reader_long_line (void)
{
  g_autofree char *line = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *whole = NULL;
  ReaderState state = { 0 };
  GtkWidget *view, *window;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  GdkFrameClock *clock;
  gulong painted;
  guint tick;

  if (ui_test_skip_without_display ())
    return;

  line = make_long_line (LINE_BYTES);
  view = df_markdown_view_new ();
  window = ui_test_window_new (view, 900, 700);
  g_signal_connect (view, "rendered", G_CALLBACK (rendered_cb), &state);
  ui_test_wait_until (widget_mapped, view, 10000);
  clock = gtk_widget_get_frame_clock (window);
  painted = g_signal_connect (clock, "after-paint", G_CALLBACK (reader_paint_cb), &state);
  tick = gtk_widget_add_tick_callback (window, tick_cb, NULL, NULL);

  df_markdown_view_set_markdown (DF_MARKDOWN_VIEW (view), NULL, 0, line);
  df_test_wait_for (&state.rendered);
  g_test_message ("%u frames painted while the reader laid the line in", state.frames_before_rendered);
  g_assert_cmpuint (state.frames_before_rendered, >=, 2);

  /* Drawn after that: the pieces are short enough to lay out. */
  state.frames = 0;
  while (state.frames < 2)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (window, tick);
  g_signal_handler_disconnect (clock, painted);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  g_assert_cmpint (longest_line (buffer), <=, 2 * DF_PIECE_CHARS);

  /* The same words, in pieces. */
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  {
    g_auto(GStrv) pieces = g_strsplit (shown, DF_PIECE_BREAK, -1);

    whole = g_strjoinv ("", pieces);
  }
  g_assert_cmpstr (whole, ==, line);

  ui_test_window_destroy (window);
  g_assert_finalize_object (view);
}

/* ---- the pieces ------------------------------------------------------------ */

static void
assert_pieces (const char *text,
               const char *split)
{
  g_auto(GStrv) pieces = g_strsplit (split, DF_PIECE_BREAK, -1);
  g_autofree char *joined = g_strjoinv ("", pieces);

  g_assert_cmpstr (joined, ==, text);
  g_assert_cmpuint (g_strv_length (pieces), >, 1);
  for (guint i = 0; pieces[i] != NULL; i++)
    {
      g_auto(GStrv) lines = g_strsplit_set (pieces[i], "\r\n", -1);

      for (guint j = 0; lines[j] != NULL; j++)
        g_assert_cmpint (g_utf8_strlen (lines[j], -1), <=, 2 * DF_PIECE_CHARS);
      /* Never a mark on its own at a piece's start. */
      if (i > 0)
        g_assert_false (g_unichar_ismark (g_utf8_get_char (pieces[i])));
    }
}

static void
test_split (void)
{
  g_autofree char *prose = make_long_line (200000);
  g_autofree char *split = NULL;
  g_autofree char *with_separator = NULL;
  g_autoptr(GString) marks = g_string_new ("# A heading\r\n\r\n");
  g_autoptr(GString) mixed = g_string_new (NULL);

  /* Short lines stay as they are. */
  g_assert_null (df_long_lines_split ("A short line.\nAnother.\n", -1));

  /* A long line of prose: pieces that start with a letter, after a
   * space, so none starts with Markdown's marks. */
  split = df_long_lines_split (prose, -1);
  g_assert_nonnull (split);
  assert_pieces (prose, split);
  {
    g_auto(GStrv) pieces = g_strsplit (split, DF_PIECE_BREAK, -1);

    for (guint i = 1; pieces[i] != NULL; i++)
      {
        g_assert_true (g_unichar_isalpha (g_utf8_get_char (pieces[i])));
        g_assert_true (g_str_has_suffix (pieces[i - 1], " "));
      }
  }
  g_clear_pointer (&split, g_free);

  /* No space anywhere, and combining marks: broken between characters
   * that stand alone; CRLF line ends and short lines kept. */
  for (guint i = 0; i < 15000; i++)
    g_string_append (marks, "e\xcc\x81");   /* e + combining acute */
  g_string_append (marks, "\r\nThe end.\r\n");
  split = df_long_lines_split (marks->str, -1);
  g_assert_nonnull (split);
  assert_pieces (marks->str, split);
  g_assert_true (g_str_has_prefix (split, "# A heading\r\n\r\n"));
  g_assert_true (g_str_has_suffix (split, "\r\nThe end.\r\n"));
  g_clear_pointer (&split, g_free);

  /* A text with a separator of its own is never split. */
  with_separator = g_strconcat (prose, DF_PIECE_BREAK, "After.", NULL);
  g_assert_null (df_long_lines_split (with_separator, -1));

  /* Under two pieces long: whole. */
  g_string_append_len (mixed, prose, DF_LONG_LINE_CHARS - 10);
  g_assert_null (df_long_lines_split (mixed->str, -1));
}

/* Offsets in the text (a search's matches) find the same characters in
 * a split buffer. */
static void
test_offsets (void)
{
  g_autofree char *prose = make_long_line (100000);
  g_autofree char *back = NULL;
  GtkTextBuffer *buffer;
  glong n_chars = g_utf8_strlen (prose, -1);

  if (ui_test_skip_without_display ())
    return;

  buffer = gtk_text_buffer_new (NULL);
  df_long_lines_set_text (buffer, prose, -1);
  g_assert_true (df_long_lines_get_split (buffer));
  back = df_long_lines_get_text (buffer);
  g_assert_cmpstr (back, ==, prose);

  for (glong offset = 0; offset < n_chars; offset += 997)
    {
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_offset (buffer, &iter, df_long_lines_buffer_offset (buffer, offset));
      if (gtk_text_iter_get_char (&iter) == 0x2029)
        gtk_text_iter_forward_char (&iter);
      g_assert_cmpuint (gtk_text_iter_get_char (&iter), ==,
                        g_utf8_get_char (g_utf8_offset_to_pointer (prose, offset)));
    }

  /* Not split: offsets are the buffer's. */
  df_long_lines_set_text (buffer, "Short.", -1);
  g_assert_false (df_long_lines_get_split (buffer));
  g_assert_cmpint (df_long_lines_buffer_offset (buffer, 3), ==, 3);
  g_assert_finalize_object (buffer);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GString) mixed = g_string_new ("# The Line\n\nA short paragraph.\r\n\r\n");
  g_autofree char *line = make_long_line (300000);

  g_string_append (mixed, line);
  g_string_append (mixed, "\r\n\r\nAnother short one.\rAnd a lone CR.\n");

  ui_test_init (&argc, &argv);

  g_test_add_func ("/Huge/split", test_split);
  g_test_add_func ("/Huge/offsets", test_offsets);
  DF_TEST_ADD ("/Huge/editor/long-line", test_editor_long_line);
  DF_TEST_ADD ("/Huge/editor/round-trip", test_editor_round_trip);
  DF_TEST_ADD_DATA ("/Huge/editor/mixed-lines", mixed->str, test_editor_mixed_lines);
  g_test_add_func ("/Huge/reader/long-line", test_reader_long_line);

  return g_test_run ();
}
