/* test-ui-personalize.c: the reader's "Original / Personalized for
 * <profile>" switch, through the personaliser plugin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-codex.h"
#include "df-credits.h"
#include "df-store-private.h"
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
    "یہاں `x` کی قدر پانچ ہے۔\n"
    "\n"
    "HTML صورت آن لائن دستیاب ہے۔\n";

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
    /* a paragraph that opens with a Latin word reads right to left too */
    {
      GtkTextIter latin = ui_test_find_text (text_view, "HTML صورت");
      GdkRectangle latin_at;
      gtk_text_view_get_iter_location (GTK_TEXT_VIEW (text_view), &latin, &latin_at);
      g_assert_cmpint (latin_at.x, >, gtk_widget_get_width (text_view) / 2);
    }
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

/* ---- streaming, the whole book, the glossary from the keyboard ----------------- */

typedef struct
{
  GtkWidget  *reader;
  const char *needle;
} Needle;

/* Does the page show @needle? */
static gboolean
page_shows (gpointer data)
{
  Needle *n = data;
  g_autofree char *text = reader_text (n->reader);
  return strstr (text, n->needle) != NULL;
}

/* Does the bar say @needle? */
static gboolean
bar_says (gpointer data)
{
  Needle *n = data;
  GtkWidget *label = ui_test_find (n->reader, GTK_TYPE_LABEL, "personalize_label");
  return strstr (gtk_label_get_text (GTK_LABEL (label)), n->needle) != NULL;
}

typedef struct
{
  char        *dir;
  char        *path;
  char        *base_url;
  FakeProvider *provider;
  DfSession   *session;
  DfProfile   *profile;
  DfProject   *project;
  DfChapter   *chapter;
  GtkWidget   *reader;
  GtkWidget   *window;
} Reading;

static const char urdu_chapter[] =
  "# Variables\n\nA variable names a value. Ownership decides who frees it.\n\n```rust\nlet x = 5;\n```\n\nHere `x` is five.\n";

/* An Urdu reader (or an English one) with the reader open on a chapter,
 * personalised, the fake provider gated: each delta goes out when the
 * test releases it.  @more: chapters after the first. */
static void
reading_set_up (Reading    *r,
                gboolean    urdu,
                guint       more)
{
  g_autoptr(GError) error = NULL;
  DfStore *store;

  r->provider = df_test_fake_provider_new (&r->base_url);
  fake_provider_set_usage (r->provider, 10, 10);
  fake_provider_set_gated (r->provider, TRUE);
  g_setenv ("DRAFTFORGE_AI_BASE_URL", r->base_url, TRUE);
  g_setenv ("DRAFTFORGE_AI_MODEL", "fake-model", TRUE);
  g_setenv ("DRAFTFORGE_API_KEY", "sk-ui-personalize", TRUE);
  store = ui_test_store_new (&r->dir);
  r->path = g_strdup (df_store_get_path (store));
  r->profile = df_test_make_profile (store, "Bilal");
  g_assert_true (df_profile_set (store, r->profile->id, "experience_level", "beginner", &error));
  if (urdu)
    g_assert_true (df_profile_set (store, r->profile->id, "preferred_language", "ur", &error));
  g_assert_true (df_credits_set_budget (store, r->profile->id, 1000000, "monthly", &error));
  r->project = df_test_make_project (store, "Learning Rust", NULL);
  r->chapter = df_test_append_chapter (store, r->project->id, 0, "Variables", urdu_chapter);
  for (guint i = 0; i < more; i++)
    {
      g_autofree char *title = g_strdup_printf ("Chapter %u", i + 2);
      g_autofree char *text = g_strdup_printf ("# %s\n\nMore about values, part %u.\n", title, i + 2);
      g_autoptr(DfChapter) chapter = df_test_append_chapter (store, r->project->id, 0, title, text);
    }
  {
    g_autoptr(DfCodexEntry) variable = NULL;
    g_autoptr(DfCodexEntry) ownership = NULL;
    const char *aliases[] = { "متغیر", NULL };

    variable = df_codex_entry_create (store, r->project->id, "lore", "Variable", aliases,
                                      "A named place for data.\nur: کسی قدر کا نام۔", &error);
    g_assert_no_error (error);
    ownership = df_codex_entry_create (store, r->project->id, "lore", "Ownership", NULL,
                                       "Who frees a value.", &error);
    g_assert_no_error (error);
  }
  g_assert_finalize_object (store);

  r->session = df_session_new (r->path, NULL);
  r->reader = df_reader_view_new ();
  df_reader_view_set_session (DF_READER_VIEW (r->reader), r->session);
  df_reader_view_set_profile (DF_READER_VIEW (r->reader), r->profile->id);
  r->window = ui_test_window_new (r->reader, 900, 640);
  df_reader_view_open (DF_READER_VIEW (r->reader), r->project->id, r->chapter->id);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (ui_test_get (r->reader, GTK_TYPE_TOGGLE_BUTTON, "personalize_button")),
                                TRUE);
  ui_test_wait_until (label_shown, r->reader, 10000);
}

static void
reading_tear_down (Reading *r)
{
  fake_provider_set_gated (r->provider, FALSE);
  ui_test_window_destroy (r->window);
  g_assert_finalize_object (r->reader);
  g_clear_object (&r->session);
  g_clear_pointer (&r->provider, fake_provider_free);
  g_unsetenv ("DRAFTFORGE_AI_BASE_URL");
  g_unsetenv ("DRAFTFORGE_AI_MODEL");
  g_clear_pointer (&r->profile, df_profile_free);
  g_clear_pointer (&r->project, df_project_free);
  g_clear_pointer (&r->chapter, df_chapter_free);
  df_test_tmp_dir_free (g_steal_pointer (&r->dir));
  g_free (r->path);
  g_free (r->base_url);
}

static gint64
cached_rows (Reading    *r,
             const char *kind)
{
  g_autoptr(DfStore) store = df_test_store_open (r->path);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM personalized_chapters WHERE kind = '%s'", kind);
  return df_test_sql_int (df_store_get_db (store), sql);
}

static void
choose_kind (Reading *r,
             guint    kind)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (ui_test_get (r->reader, GTK_TYPE_DROP_DOWN, "kind_dropdown")), kind);
  ui_test_wait_until (label_shown, r->reader, 10000);
}

/* An Urdu rewrite streams into the page, right to left, before it is
 * done; the checked text replaces it.  A rewrite that loses the code
 * block says so and gives the chapter back; Stop does too, nothing is
 * cached and what was used is charged. */
static void
test_streaming (void)
{
  Reading r = { 0 };
  Needle first = { NULL, "متغیر کسی قدر کا نام ہے" };
  Needle last = { NULL, "آخری بات۔" };
  Needle done = { NULL, "words a sentence" };
  Needle refused = { NULL, "The rewrite was not kept" };
  Needle stopped = { NULL, "The rewrite was stopped" };
  Needle original = { NULL, "A variable names a value." };
  GtkWidget *view, *stop;
  gint64 used_before;

  if (ui_test_skip_without_display ())
    return;
  reading_set_up (&r, TRUE, 0);
  first.reader = last.reader = done.reader = refused.reader = stopped.reader = original.reader = r.reader;
  view = ui_test_get (r.reader, DF_TYPE_MARKDOWN_VIEW, NULL);
  stop = ui_test_get (r.reader, GTK_TYPE_BUTTON, "stop_button");

  fake_provider_queue_reply (r.provider,
                             "# متغیرات\n\nمتغیر کسی قدر کا نام ہے۔ ownership، یعنی ملکیت۔\n\n",
                             "```rust\nlet x = 5;\n```\n\n",
                             "یہاں `x` کی قدر پانچ ہے۔ آخری بات۔\n", NULL);
  gtk_widget_activate (ui_test_get (r.reader, GTK_TYPE_BUTTON, "rewrite_button"));
  fake_provider_release (r.provider, 1);
  /* the first chunk is in the page while the rest has not come */
  ui_test_wait_until (page_shows, &first, 10000);
  g_assert_false (page_shows (&last));
  g_assert_true (gtk_widget_get_visible (stop));
  g_assert_true (gtk_widget_has_css_class (view, "df-urdu"));
  ui_test_wait_until (laid_out, r.window, 10000);
  {
    GtkTextIter prose = ui_test_find_text (view, "متغیر کسی");
    GdkRectangle at;
    gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view), &prose, &at);
    g_assert_cmpint (at.x, >, gtk_widget_get_width (view) / 2);
  }
  ui_test_save_png (r.window, "reader-streaming-ur");
  fake_provider_release (r.provider, 2);
  ui_test_wait_until (bar_says, &done, 10000);
  g_assert_true (page_shows (&last));
  g_assert_false (gtk_widget_get_visible (stop));
  g_assert_cmpint (cached_rows (&r, "explanation"), ==, 1);
  ui_test_save_png (r.window, "reader-streamed-ur");

  /* an Example that loses the code block twice: said, and the chapter
   * as it was shown again */
  choose_kind (&r, 1);
  fake_provider_set_gated (r.provider, FALSE);
  fake_provider_queue_reply (r.provider, "# متغیرات\n\nکوڈ کے بغیر۔\n", NULL);
  fake_provider_queue_reply (r.provider, "# متغیرات\n\nپھر کوڈ کے بغیر۔\n", NULL);
  gtk_widget_activate (ui_test_get (r.reader, GTK_TYPE_BUTTON, "rewrite_button"));
  ui_test_wait_until (bar_says, &refused, 10000);
  ui_test_wait_until (page_shows, &original, 10000);
  g_assert_true (bar_says (&(Needle){ r.reader, "code block 1" }));
  g_assert_cmpint (cached_rows (&r, "example"), ==, 0);

  /* Stop in the middle of a Difficulty rewrite */
  {
    g_autoptr(DfStore) store = df_test_store_open (r.path);
    g_autoptr(DfCredits) credits = df_credits_get (store, r.profile->id, NULL);
    used_before = credits->tokens_used;
  }
  choose_kind (&r, 2);
  fake_provider_set_gated (r.provider, TRUE);
  fake_provider_queue_reply (r.provider, "# متغیرات\n\nمتغیر کسی قدر کا نام ہے۔\n\n", "باقی۔\n", NULL);
  gtk_widget_activate (ui_test_get (r.reader, GTK_TYPE_BUTTON, "rewrite_button"));
  fake_provider_release (r.provider, 1);
  ui_test_wait_until (page_shows, &first, 10000);
  gtk_widget_activate (stop);
  ui_test_wait_until (bar_says, &stopped, 10000);
  ui_test_wait_until (page_shows, &original, 10000);
  g_assert_false (page_shows (&first));
  g_assert_cmpint (cached_rows (&r, "difficulty"), ==, 0);
  {
    g_autoptr(DfStore) store = df_test_store_open (r.path);
    g_autoptr(DfCredits) credits = df_credits_get (store, r.profile->id, NULL);
    g_assert_cmpint (credits->tokens_used, >, used_before);
    g_assert_cmpint (credits->tokens_reserved, ==, 0);
  }
  reading_tear_down (&r);
}

/* Personalize the Whole Book…: the estimate against the budget first,
 * then chapter k of n, and Stop keeps the chapters done. */
static void
test_whole_book (void)
{
  Reading r = { 0 };
  Needle second = { NULL, "chapter 2 of 3" };
  Needle stopped = { NULL, "Stopped: 1 of 3 chapters" };
  AdwMessageDialog *dialog;
  const char *body;

  if (ui_test_skip_without_display ())
    return;
  reading_set_up (&r, FALSE, 2);
  second.reader = stopped.reader = r.reader;
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(DfStore) store = df_test_store_open (r.path);
      g_autoptr(DfChapter) chapter = df_chapter_get_by_number (store, r.project->id, i + 1, NULL);
      g_autoptr(DfProfile) profile = df_profile_get (store, r.profile->id, NULL);
      g_autofree char *base = df_personalize_choose_blocks (chapter->content_md, profile);
      fake_provider_queue_reply (r.provider, base, "\nAdded.\n", NULL);
    }

  gtk_widget_activate (ui_test_get (r.reader, GTK_TYPE_BUTTON, "book_button"));
  dialog = ADW_MESSAGE_DIALOG (ui_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, 10000));
  body = adw_message_dialog_get_body (dialog);
  g_assert_nonnull (strstr (body, "tokens for 3 chapters, "));
  g_assert_nonnull (strstr (body, "% of this month's budget"));
  g_assert_cmpuint (fake_provider_get_request_count (r.provider), ==, 0);
  ui_test_wait_until (laid_out, dialog, 10000);
  ui_test_save_png (GTK_WIDGET (dialog), "reader-book-estimate");
  adw_message_dialog_response (dialog, "personalize");
  gtk_window_close (GTK_WINDOW (dialog));

  /* chapter 1 comes whole; chapter 2 half, then Stop */
  fake_provider_release (r.provider, 3);
  ui_test_wait_until (bar_says, &second, 10000);
  g_assert_true (gtk_widget_get_visible (ui_test_get (r.reader, GTK_TYPE_BUTTON, "stop_button")));
  g_assert_false (gtk_widget_get_sensitive (ui_test_get (r.reader, GTK_TYPE_BUTTON, "book_button")));
  ui_test_save_png (r.window, "reader-book-progress");
  gtk_widget_activate (ui_test_get (r.reader, GTK_TYPE_BUTTON, "stop_button"));
  ui_test_wait_until (bar_says, &stopped, 10000);
  g_assert_true (gtk_widget_get_sensitive (ui_test_get (r.reader, GTK_TYPE_BUTTON, "book_button")));
  g_assert_cmpint (cached_rows (&r, "explanation"), ==, 1);
  reading_tear_down (&r);
}

/* A whole-book run the budget cannot finish: the bar says what is left
 * and when it renews, and the chapter done stays cached. */
static void
test_whole_book_refused (void)
{
  Reading r = { 0 };
  Needle refused = { NULL, "Stopped at chapter 2: " };
  AdwMessageDialog *dialog;
  GtkWidget *label;

  if (ui_test_skip_without_display ())
    return;
  reading_set_up (&r, FALSE, 2);
  refused.reader = r.reader;
  {
    g_autoptr(DfStore) store = df_test_store_open (r.path);
    g_autoptr(GError) error = NULL;
    g_autoptr(DfProfile) profile = df_profile_get (store, r.profile->id, NULL);
    g_autoptr(DfChapter) chapter = df_chapter_get_by_number (store, r.project->id, 1, NULL);
    g_autofree char *base = df_personalize_choose_blocks (chapter->content_md, profile);

    /* room for one chapter's reservation, not for the next after what it used */
    g_assert_true (df_credits_set_budget (store, r.profile->id, 2000, "monthly", &error));
    fake_provider_queue_reply (r.provider, base, "\nAdded.\n", NULL);
  }
  fake_provider_set_gated (r.provider, FALSE);
  fake_provider_set_usage (r.provider, 500, 500);

  gtk_widget_activate (ui_test_get (r.reader, GTK_TYPE_BUTTON, "book_button"));
  dialog = ADW_MESSAGE_DIALOG (ui_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, 10000));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "% of this month's budget"));
  adw_message_dialog_response (dialog, "personalize");
  gtk_window_close (GTK_WINDOW (dialog));
  ui_test_wait_until (bar_says, &refused, 10000);
  label = ui_test_get (r.reader, GTK_TYPE_LABEL, "personalize_label");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "are left in this month's budget (it renews on"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "The chapters done are kept"));
  g_assert_cmpuint (fake_provider_get_request_count (r.provider), ==, 1);
  g_assert_cmpint (cached_rows (&r, "explanation"), ==, 1);
  reading_tear_down (&r);
}

/* The definition on the term with @offset, if any. */
static const char *
definition_at (GtkWidget  *view,
               const char *needle)
{
  GtkTextIter at = ui_test_find_text (view, needle);
  g_autoptr(GSList) tags = gtk_text_iter_get_tags (&at);

  for (GSList *l = tags; l != NULL; l = l->next)
    if (g_object_get_data (l->data, "df-glossary-hit") != NULL)
      return g_object_get_data (l->data, "df-glossary-hit");
  return NULL;
}

static gboolean
urdu_term_marked (gpointer data)
{
  return definition_at (ui_test_get (data, DF_TYPE_MARKDOWN_VIEW, NULL), "متغیر کسی") != NULL;
}

/* In an Urdu rewrite the glossary finds the Urdu alias (with the Urdu
 * definition) and the English term kept in Latin script; from the
 * keyboard, Menu shows one definition after the other and Escape closes
 * it. */
static void
test_glossary_keys (void)
{
  Reading r = { 0 };
  Needle done = { NULL, "words a sentence" };
  GtkWidget *view, *popover, *label;
  g_autofree char *shown = NULL;

  if (ui_test_skip_without_display ())
    return;
  reading_set_up (&r, TRUE, 0);
  done.reader = r.reader;
  fake_provider_set_gated (r.provider, FALSE);
  fake_provider_set_reply (r.provider,
                           "# متغیرات\n\nمتغیر کسی قدر کا نام ہے۔ ownership، یعنی ملکیت۔\n\n"
                           "```rust\nlet x = 5;\n```\n\nیہاں `x` کی قدر پانچ ہے۔\n");
  gtk_widget_activate (ui_test_get (r.reader, GTK_TYPE_BUTTON, "rewrite_button"));
  ui_test_wait_until (bar_says, &done, 10000);
  ui_test_wait_until (urdu_term_marked, r.reader, 10000);
  view = ui_test_get (r.reader, DF_TYPE_MARKDOWN_VIEW, NULL);
  g_assert_cmpstr (definition_at (view, "متغیر کسی"), ==, "Variable: کسی قدر کا نام۔");
  g_assert_cmpstr (definition_at (view, "ownership،"), ==, "Ownership: Who frees a value.");
  ui_test_wait_until (laid_out, r.window, 10000);

  /* from the keyboard: the first term in view, then the next */
  popover = ui_test_get (view, GTK_TYPE_POPOVER, "glossary-popover");
  label = ui_test_get (popover, GTK_TYPE_LABEL, "glossary-definition");
  gtk_widget_grab_focus (view);
  g_assert_true (ui_test_press_shortcut (view, GDK_KEY_Menu, 0));
  ui_test_flush ();
  g_assert_true (gtk_widget_get_visible (popover));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "Variable: کسی قدر کا نام۔");
  ui_test_save_png (r.window, "reader-glossary-keys-ur");
  g_assert_true (ui_test_press_shortcut (label, GDK_KEY_Return, GDK_ALT_MASK));
  ui_test_flush ();
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "Ownership: Who frees a value.");
  g_assert_true (ui_test_press_shortcut (label, GDK_KEY_Escape, 0));
  ui_test_flush ();
  g_assert_false (gtk_widget_get_visible (popover));
  shown = reader_text (r.reader);
  g_assert_nonnull (strstr (shown, "let x = 5;"));
  reading_tear_down (&r);
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
  g_test_add_func ("/ui/personalize/streaming", test_streaming);
  g_test_add_func ("/ui/personalize/whole-book", test_whole_book);
  g_test_add_func ("/ui/personalize/whole-book-refused", test_whole_book_refused);
  g_test_add_func ("/ui/personalize/glossary-keys", test_glossary_keys);
  return g_test_run ();
}
