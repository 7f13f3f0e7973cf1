/* test-ui-personalize.c: the reader's "Original / Personalized for
 * <profile>" switch, through the personaliser plugin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-codex.h"
#include "df-markdown-view.h"
#include "df-model.h"
#include "df-personalize.h"
#include "df-preferences-window.h"
#include "df-reader-view.h"
#include "ui-test-util.h"

static const char chapter_md[] =
  "# Variables\n"
  "\n"
  "A variable names a value.\n"
  "\n"
  "::: {level=beginner}\n"
  "Think of a variable as a labelled box.\n"
  ":::\n"
  "\n"
  "::: {level=expert}\n"
  "Bindings are immutable by default; shadowing rebinds.\n"
  ":::\n"
  "\n"
  "```rust\n"
  "let x = 5;\n"
  "```\n";

/* The bar says for whom: the personalised chapter is shown. */
static gboolean
label_shown (gpointer data)
{
  GtkWidget *bar = ui_test_find (data, GTK_TYPE_BOX, "personalize_bar");
  GtkWidget *label = ui_test_find (data, GTK_TYPE_LABEL, "personalize_label");
  return gtk_widget_get_visible (bar) &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), "Personalized for");
}

static gboolean
label_hidden (gpointer data)
{
  return !gtk_widget_get_visible (ui_test_find (data, GTK_TYPE_BOX, "personalize_bar"));
}

/* The glossary's definition on the word "variable" in the text, if any. */
static const char *
term_definition (GtkWidget *reader)
{
  GtkWidget *view = ui_test_get (reader, DF_TYPE_MARKDOWN_VIEW, NULL);
  GtkTextIter at = ui_test_find_text (view, "variable names");
  g_autoptr(GSList) tags = gtk_text_iter_get_tags (&at);

  for (GSList *l = tags; l != NULL; l = l->next)
    if (g_object_get_data (l->data, "df-glossary-hit") != NULL)
      return g_object_get_data (l->data, "df-glossary-hit");
  return NULL;
}

static gboolean
term_marked (gpointer data)
{
  return term_definition (data) != NULL;
}

static gboolean
laid_out (gpointer data)
{
  return gtk_widget_get_width (data) > 0;
}

static char *
reader_text (GtkWidget *reader)
{
  return ui_test_text_of (ui_test_get (reader, DF_TYPE_MARKDOWN_VIEW, NULL));
}

static void
test_switch (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(DfSession) session = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL;
  g_autofree char *personalized = NULL;
  g_autofree char *back = NULL;
  GtkWidget *reader, *window, *button, *label;
  DfStore *store;

  if (ui_test_skip_without_display ())
    return;

  store = ui_test_store_new (&dir);
  path = g_strdup (df_store_get_path (store));
  profile = df_test_make_profile (store, "Amina");
  g_assert_true (df_profile_set (store, profile->id, "experience_level", "beginner", &error));
  project = df_test_make_project (store, "Learning Rust", NULL);
  chapter = df_test_append_chapter (store, project->id, 0, "Variables", chapter_md);
  {
    g_autoptr(DfCodexEntry) lore = df_codex_entry_create (store, project->id, "lore", "Variable", NULL,
                                                          "A named place for data.\nbeginner: A name for a value.",
                                                          &error);
    g_assert_no_error (error);
  }
  g_assert_finalize_object (store);

  /* A session that loads the plugins (the personaliser among them). */
  session = df_session_new (path, NULL);
  reader = df_reader_view_new ();
  df_reader_view_set_session (DF_READER_VIEW (reader), session);
  df_reader_view_set_profile (DF_READER_VIEW (reader), profile->id);
  window = ui_test_window_new (reader, 900, 640);
  df_reader_view_open (DF_READER_VIEW (reader), project->id, chapter->id);

  button = ui_test_get (reader, GTK_TYPE_TOGGLE_BUTTON, "personalize_button");
  label = ui_test_get (reader, GTK_TYPE_LABEL, "personalize_label");
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_true (label_hidden (reader));
  /* The original: both variants, and the author's fences as written. */
  original = reader_text (reader);
  g_assert_nonnull (strstr (original, "labelled box"));
  g_assert_nonnull (strstr (original, "shadowing"));

  /* Personalized for a beginner: the beginner's block only, and a line
   * saying for whom. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  ui_test_wait_until (label_shown, reader, 10000);
  personalized = reader_text (reader);
  g_assert_nonnull (strstr (personalized, "labelled box"));
  g_assert_null (strstr (personalized, "shadowing"));
  g_assert_null (strstr (personalized, ":::"));
  g_assert_nonnull (strstr (personalized, "let x = 5;"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "Personalized for Amina · Beginner");
  /* The glossary: a Key terms box for a beginner, and the term marked in
   * the text with its definition for a click. */
  g_assert_nonnull (strstr (personalized, "Key terms"));
  ui_test_wait_until (term_marked, reader, 10000);
  g_assert_cmpstr (term_definition (reader), ==, "Variable: A name for a value.");
  ui_test_wait_until (laid_out, window, 10000);
  /* a click on the term: its definition in a popover pointing at it */
  {
    GtkWidget *view = ui_test_get (reader, DF_TYPE_MARKDOWN_VIEW, NULL);
    GtkTextIter at = ui_test_find_text (view, "variable names");
    GtkWidget *popover = ui_test_get (view, GTK_TYPE_POPOVER, "glossary-popover");

    g_assert_false (df_reader_view_define_at (DF_READER_VIEW (reader), 0));
    g_assert_true (df_reader_view_define_at (DF_READER_VIEW (reader), gtk_text_iter_get_offset (&at) + 2));
    ui_test_flush ();
    g_assert_true (gtk_widget_get_visible (popover));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (ui_test_get (popover, GTK_TYPE_LABEL, "glossary-definition"))), ==,
                     "Variable: A name for a value.");
    ui_test_save_png (window, "reader-glossary-popover");
    gtk_popover_popdown (GTK_POPOVER (popover));
  }
  ui_test_save_png (window, "reader-personalized");

  /* Back to the original at any time. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), FALSE);
  ui_test_wait_until (label_hidden, reader, 10000);
  back = reader_text (reader);
  g_assert_nonnull (strstr (back, "shadowing"));

  ui_test_window_destroy (window);
  g_assert_finalize_object (reader);
  g_clear_object (&session);
  df_test_tmp_dir_free (g_steal_pointer (&dir));
}

/* The bar shows what the model did: the kind and the grades. */
static gboolean
grade_shown (gpointer data)
{
  GtkWidget *label = ui_test_find (data, GTK_TYPE_LABEL, "personalize_label");
  return strstr (gtk_label_get_text (GTK_LABEL (label)), "grade") != NULL;
}

/* The bar shows what the model did for an Urdu reader. */
static gboolean
sentence_shown (gpointer data)
{
  GtkWidget *label = ui_test_find (data, GTK_TYPE_LABEL, "personalize_label");
  return strstr (gtk_label_get_text (GTK_LABEL (label)), "words a sentence") != NULL;
}

/* Rewrite asks the model once; the result is shown with the grades, and
 * comes back from the cache without a request after switching back and
 * forth. */
static void
test_rewrite (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  g_autoptr(FakeProvider) provider = NULL;
  g_autoptr(DfSession) session = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *reader, *window, *button, *rewrite, *label;
  DfStore *store;

  if (ui_test_skip_without_display ())
    return;

  provider = df_test_fake_provider_new (&base_url);
  g_setenv ("DRAFTFORGE_AI_BASE_URL", base_url, TRUE);
  g_setenv ("DRAFTFORGE_AI_MODEL", "fake-model", TRUE);
  g_setenv ("DRAFTFORGE_API_KEY", "sk-ui-personalize", TRUE);
  store = ui_test_store_new (&dir);
  path = g_strdup (df_store_get_path (store));
  profile = df_test_make_profile (store, "Amina");
  g_assert_true (df_profile_set (store, profile->id, "experience_level", "beginner", &error));
  project = df_test_make_project (store, "Learning Rust", NULL);
  chapter = df_test_append_chapter (store, project->id, 0, "Variables", chapter_md);
  {
    g_autoptr(DfProfile) beginner = df_profile_get (store, profile->id, &error);
    g_autofree char *base = df_personalize_choose_blocks (chapter_md, beginner);
    reply = g_strconcat (base, "\nA box you can open. Added for you.\n", NULL);
  }
  fake_provider_set_reply (provider, reply);
  g_assert_finalize_object (store);

  session = df_session_new (path, NULL);
  reader = df_reader_view_new ();
  df_reader_view_set_session (DF_READER_VIEW (reader), session);
  df_reader_view_set_profile (DF_READER_VIEW (reader), profile->id);
  window = ui_test_window_new (reader, 900, 640);
  df_reader_view_open (DF_READER_VIEW (reader), project->id, chapter->id);
  button = ui_test_get (reader, GTK_TYPE_TOGGLE_BUTTON, "personalize_button");
  rewrite = ui_test_get (reader, GTK_TYPE_BUTTON, "rewrite_button");
  label = ui_test_get (reader, GTK_TYPE_LABEL, "personalize_label");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  ui_test_wait_until (label_shown, reader, 10000);

  gtk_widget_activate (rewrite);
  ui_test_wait_until (grade_shown, reader, 10000);
  g_assert_cmpuint (fake_provider_get_request_count (provider), ==, 1);
  text = reader_text (reader);
  g_assert_nonnull (strstr (text, "Added for you."));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "Explanation · grade"));
  ui_test_wait_until (laid_out, window, 10000);
  ui_test_save_png (window, "reader-rewrite");

  /* Original, then personalised again: from the cache, no request. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), FALSE);
  ui_test_wait_until (label_hidden, reader, 10000);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  ui_test_wait_until (grade_shown, reader, 10000);
  again = reader_text (reader);
  g_assert_nonnull (strstr (again, "Added for you."));
  g_assert_cmpuint (fake_provider_get_request_count (provider), ==, 1);

  ui_test_window_destroy (window);
  g_assert_finalize_object (reader);
  g_clear_object (&session);
  g_unsetenv ("DRAFTFORGE_AI_BASE_URL");
  g_unsetenv ("DRAFTFORGE_AI_MODEL");
  df_test_tmp_dir_free (g_steal_pointer (&dir));
}

/* An Urdu reader's rewrite: right to left, in the Urdu face, code
 * left to right and kept. */
static void
test_urdu (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(FakeProvider) provider = NULL;
  g_autoptr(DfSession) session = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *reader, *window, *button, *text_view;
  DfStore *store;
  static const char urdu[] =
    "# متغیرات\n"
    "\n"
    "متغیر کسی قدر کا نام ہے۔ اسے ایک ڈبے کی طرح سمجھیں جس پر نام لکھا ہو۔\n"
    "\n"
    "```rust\n"
    "let x = 5;\n"
    "```\n"
    "\n"
    "یہاں `x` کی قدر پانچ ہے۔\n";

  if (ui_test_skip_without_display ())
    return;

  provider = df_test_fake_provider_new (&base_url);
  fake_provider_set_reply (provider, urdu);
  g_setenv ("DRAFTFORGE_AI_BASE_URL", base_url, TRUE);
  g_setenv ("DRAFTFORGE_AI_MODEL", "fake-model", TRUE);
  g_setenv ("DRAFTFORGE_API_KEY", "sk-ui-personalize", TRUE);
  store = ui_test_store_new (&dir);
  path = g_strdup (df_store_get_path (store));
  profile = df_test_make_profile (store, "Bilal");
  g_assert_true (df_profile_set (store, profile->id, "experience_level", "beginner", &error));
  g_assert_true (df_profile_set (store, profile->id, "preferred_language", "ur", &error));
  project = df_test_make_project (store, "Learning Rust", NULL);
  chapter = df_test_append_chapter (store, project->id, 0, "Variables",
                                    "# Variables\n\nA variable names a value.\n\n```rust\nlet x = 5;\n```\n\nHere `x` is five.\n");
  g_assert_finalize_object (store);

  session = df_session_new (path, NULL);
  reader = df_reader_view_new ();
  df_reader_view_set_session (DF_READER_VIEW (reader), session);
  df_reader_view_set_profile (DF_READER_VIEW (reader), profile->id);
  window = ui_test_window_new (reader, 900, 640);
  df_reader_view_open (DF_READER_VIEW (reader), project->id, chapter->id);
  button = ui_test_get (reader, GTK_TYPE_TOGGLE_BUTTON, "personalize_button");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  ui_test_wait_until (label_shown, reader, 10000);
  gtk_widget_activate (ui_test_get (reader, GTK_TYPE_BUTTON, "rewrite_button"));
  ui_test_wait_until (sentence_shown, reader, 10000);

  text_view = ui_test_get (reader, DF_TYPE_MARKDOWN_VIEW, NULL);
  g_assert_true (gtk_widget_has_css_class (text_view, "df-urdu"));
  {
    g_autofree char *shown = reader_text (reader);
    g_assert_nonnull (strstr (shown, "متغیر کسی قدر کا نام ہے"));
    g_assert_nonnull (strstr (shown, "let x = 5;"));
  }
  {
    /* the prose paragraph is laid out right to left, the code left to right */
    GtkTextIter prose = ui_test_find_text (text_view, "متغیر کسی");
    GtkTextIter code = ui_test_find_text (text_view, "let x");
    GdkRectangle prose_at, code_at;

    gtk_text_view_get_iter_location (GTK_TEXT_VIEW (text_view), &prose, &prose_at);
    gtk_text_view_get_iter_location (GTK_TEXT_VIEW (text_view), &code, &code_at);
    g_assert_cmpint (prose_at.x, >, gtk_widget_get_width (text_view) / 2);
    g_assert_cmpint (code_at.x, <, gtk_widget_get_width (text_view) / 2);
  }
  ui_test_wait_until (laid_out, window, 10000);
  ui_test_save_png (window, "reader-personalized-ur");

  /* back to the original: the Urdu face goes */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), FALSE);
  ui_test_wait_until (label_hidden, reader, 10000);
  g_assert_false (gtk_widget_has_css_class (text_view, "df-urdu"));

  ui_test_window_destroy (window);
  g_assert_finalize_object (reader);
  g_clear_object (&session);
  g_unsetenv ("DRAFTFORGE_AI_BASE_URL");
  g_unsetenv ("DRAFTFORGE_AI_MODEL");
  df_test_tmp_dir_free (g_steal_pointer (&dir));
}

/* Preferences → Reader: how long a reader's rewrites are kept. */
static void
test_preferences (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(DfSession) session = NULL;
  GtkWidget *prefs, *spin;
  DfStore *store;

  if (ui_test_skip_without_display ())
    return;

  store = ui_test_store_new (&dir);
  settings = g_settings_new ("io.github.draftforge.DraftForge");
  g_settings_reset (settings, "personalize-expiry-days");
  session = df_session_new_for_store (store, settings);
  prefs = GTK_WIDGET (df_preferences_window_new (session));
  gtk_window_present (GTK_WINDOW (prefs));
  spin = ui_test_get (prefs, GTK_TYPE_SPIN_BUTTON, "personalize_days_spin");
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 30);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 7);
  ui_test_flush ();
  g_assert_cmpint (g_settings_get_int (settings, "personalize-expiry-days"), ==, 7);
  g_settings_reset (settings, "personalize-expiry-days");

  ui_test_window_destroy (prefs);
  g_clear_object (&session);
  g_assert_finalize_object (store);
  df_test_tmp_dir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/personalize/switch", test_switch);
  g_test_add_func ("/ui/personalize/rewrite", test_rewrite);
  g_test_add_func ("/ui/personalize/urdu", test_urdu);
  g_test_add_func ("/ui/personalize/preferences", test_preferences);
  return g_test_run ();
}
