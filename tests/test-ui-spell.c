/* test-ui-spell.c: spelling in the editor
 *
 * A real DfEditor in a window, with the English (United States)
 * dictionary (CI installs hunspell-en-us); the personal dictionary goes to
 * a temporary ENCHANT_CONFIG_DIR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "df-editor.h"
#include "df-spell-checker.h"
#include "ui-test-util.h"

static char *config_dir;

static gboolean
checked (gpointer data)
{
  return !df_editor_get_spell_pending (data);
}

/* TRUE if the first @needle in the text is underlined as misspelled. */
static gboolean
flagged (DfEditor   *editor,
         const char *needle)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor));
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "misspelled");
  GtkTextIter match = ui_test_find_text (GTK_WIDGET (editor), needle);

  return gtk_text_iter_has_tag (&match, tag);
}

static void
put_cursor_in (DfEditor   *editor,
               const char *needle)
{
  GtkTextIter match = ui_test_find_text (GTK_WIDGET (editor), needle);

  gtk_text_iter_forward_char (&match);
  gtk_text_buffer_place_cursor (gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor)), &match);
}

static char *
text_of (DfEditor *editor)
{
  return df_editor_dup_text (editor);
}

/* The labels of the first section of the editor's extra menu. */
static char *
suggestions_shown (DfEditor *editor)
{
  GMenuModel *menu = gtk_text_view_get_extra_menu (GTK_TEXT_VIEW (editor));
  GMenuModel *section;
  GString *labels = g_string_new (NULL);

  if (g_menu_model_get_n_items (menu) == 0)
    return g_string_free (labels, FALSE);
  section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  for (int i = 0; i < g_menu_model_get_n_items (section); i++)
    {
      g_autofree char *label = NULL;

      g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_LABEL, "s", &label);
      g_string_append_printf (labels, "%s%s", labels->len ? "," : "", label);
    }
  g_object_unref (section);
  return g_string_free (labels, FALSE);
}

static void
test_underline_and_correct (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfSpellChecker) checker = NULL;
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *personal = NULL;
  GtkWidget *window;
  DfEditor *editor;
  GtkTextBuffer *buffer;

  if (ui_test_skip_without_display ())
    return;

  checker = df_spell_checker_new ("en_US", &error);
  g_assert_no_error (error);
  editor = DF_EDITOR (df_editor_new ());
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor));
  window = ui_test_window_new (GTK_WIDGET (editor), 700, 400);

  df_editor_set_spell_checker (editor, checker);
  df_editor_load_text (editor,
                       "# A Hedaing\n"
                       "\n"
                       "The word mispeled, the code `codde`, the page <https://exampel.org/wrods>\n"
                       "and a [linc](https://exampel.org/) in the text.\n"
                       "\n"
                       "```\n"
                       "funcshun inside a block\n"
                       "```\n");
  ui_test_wait_until (checked, editor, 10000);

  /* Prose is checked, headings and link text included; code and URLs not. */
  g_assert_true (flagged (editor, "mispeled"));
  g_assert_true (flagged (editor, "Hedaing"));
  g_assert_true (flagged (editor, "linc"));
  g_assert_false (flagged (editor, "word"));
  g_assert_false (flagged (editor, "codde"));
  g_assert_false (flagged (editor, "exampel"));
  g_assert_false (flagged (editor, "wrods"));
  g_assert_false (flagged (editor, "funcshun"));

  /* The menu offers corrections for the word at the cursor; choosing one
   * is a single edit. */
  put_cursor_in (editor, "mispeled");
  shown = suggestions_shown (editor);
  g_test_message ("suggestions: %s", shown);
  g_assert_nonnull (strstr (shown, "misspelled"));
  gtk_widget_activate_action (GTK_WIDGET (editor), "spell.replace", "s", "misspelled");
  text = text_of (editor);
  g_assert_nonnull (strstr (text, "The word misspelled, the code"));
  g_clear_pointer (&text, g_free);
  ui_test_wait_until (checked, editor, 10000);
  g_assert_false (flagged (editor, "misspelled"));
  gtk_text_buffer_undo (buffer);
  text = text_of (editor);
  g_assert_nonnull (strstr (text, "The word mispeled, the code"));
  g_clear_pointer (&text, g_free);

  /* Add to Dictionary: kept, and the text is checked again. */
  put_cursor_in (editor, "linc");
  gtk_widget_activate_action (GTK_WIDGET (editor), "spell.add", NULL);
  ui_test_wait_until (checked, editor, 10000);
  g_assert_false (flagged (editor, "linc"));
  personal = g_build_filename (config_dir, "en_US.dic", NULL);
  g_assert_true (g_file_test (personal, G_FILE_TEST_EXISTS));

  /* Ignore: for this session. */
  put_cursor_in (editor, "Hedaing");
  gtk_widget_activate_action (GTK_WIDGET (editor), "spell.ignore", NULL);
  ui_test_wait_until (checked, editor, 10000);
  g_assert_false (flagged (editor, "Hedaing"));

  /* Off: nothing is underlined. */
  df_editor_set_spell_checker (editor, NULL);
  ui_test_wait_until (checked, editor, 10000);
  g_assert_false (flagged (editor, "mispeled"));

  ui_test_window_destroy (window);
  g_assert_finalize_object (editor);
}

/* The word being typed is left alone until the cursor leaves it. */
static void
test_word_being_typed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfSpellChecker) checker = df_spell_checker_new ("en_US", &error);
  GtkWidget *window;
  DfEditor *editor;
  GtkTextBuffer *buffer;
  GtkTextIter start;

  if (ui_test_skip_without_display ())
    return;

  g_assert_no_error (error);
  editor = DF_EDITOR (df_editor_new ());
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor));
  window = ui_test_window_new (GTK_WIDGET (editor), 0, 0);
  df_editor_set_spell_checker (editor, checker);
  df_editor_load_text (editor, "Once upon a time ");
  ui_test_wait_until (checked, editor, 10000);

  gtk_text_buffer_get_end_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, "somethng", -1, TRUE);
  ui_test_wait_until (checked, editor, 10000);
  g_assert_false (flagged (editor, "somethng"));

  /* The cursor moves away: now it is checked. */
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  ui_test_wait_until (checked, editor, 10000);
  g_assert_true (flagged (editor, "somethng"));

  ui_test_window_destroy (window);
  g_assert_finalize_object (editor);
}

/* A text checked whole and loaded again under the same key (a chapter
 * switched back to, unchanged) shows what was found at once, with
 * nothing left to check; a word kept since, or another key, checks
 * again. */
static void
test_switch_back (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfSpellChecker) checker = df_spell_checker_new ("en_US", &error);
  GtkWidget *window;
  DfEditor *editor;

  if (ui_test_skip_without_display ())
    return;

  g_assert_no_error (error);
  editor = DF_EDITOR (df_editor_new ());
  window = ui_test_window_new (GTK_WIDGET (editor), 700, 400);
  df_editor_set_spell_checker (editor, checker);

  df_editor_load_text_as (editor, "The first chaptr, with a mispeled word.", "hash-a");
  ui_test_wait_until (checked, editor, 10000);
  g_assert_true (flagged (editor, "chaptr"));
  df_editor_load_text_as (editor, "The second one, spelt well.", "hash-b");
  ui_test_wait_until (checked, editor, 10000);

  df_editor_load_text_as (editor, "The first chaptr, with a mispeled word.", "hash-a");
  g_assert_false (df_editor_get_spell_pending (editor));
  g_assert_true (flagged (editor, "chaptr"));
  g_assert_true (flagged (editor, "mispeled"));
  g_assert_false (flagged (editor, "first"));
  g_assert_false (flagged (editor, "word"));

  /* A word kept meanwhile: what was remembered no longer holds. */
  df_editor_load_text_as (editor, "The second one, spelt well.", "hash-b");
  ui_test_wait_until (checked, editor, 10000);
  df_spell_checker_ignore (checker, "chaptr");
  ui_test_wait_until (checked, editor, 10000);
  df_editor_load_text_as (editor, "The first chaptr, with a mispeled word.", "hash-a");
  g_assert_true (df_editor_get_spell_pending (editor));
  ui_test_wait_until (checked, editor, 10000);
  g_assert_false (flagged (editor, "chaptr"));
  g_assert_true (flagged (editor, "mispeled"));

  /* Without a key, always checked. */
  df_editor_load_text (editor, "The first chaptr, with a mispeled word.");
  g_assert_true (df_editor_get_spell_pending (editor));

  ui_test_window_destroy (window);
  g_assert_finalize_object (editor);
}

int
main (int    argc,
      char **argv)
{
  int status;

  config_dir = df_test_private_home ("ui-spell");
  ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/spell/underline-and-correct", test_underline_and_correct);
  g_test_add_func ("/ui/spell/word-being-typed", test_word_being_typed);
  g_test_add_func ("/ui/spell/switch-back", test_switch_back);
  status = g_test_run ();
  df_test_tmp_dir_free (config_dir);
  return status;
}
