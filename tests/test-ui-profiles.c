/* test-ui-profiles.c: onboarding, the profile window, preferences, shortcuts
 *
 * Drives the real widgets as a user would (activating buttons, typing into
 * entries) and checks what ends up in the store and in GSettings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-model.h"
#include "df-onboarding-window.h"
#include "df-preferences-window.h"
#include "df-profile-window.h"
#include "ui-test-util.h"

typedef struct
{
  DfStore   *store;
  DfSession *session;
  char      *dir;
  GtkWidget *window;
  gboolean   finished;
  char      *finished_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  if (!ui_test_have_display ())
    return;
  f->store = ui_test_store_new (&f->dir);
  f->session = df_session_new_for_store (f->store, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* A window that closed itself is gone (f->window is a weak pointer);
   * one still open must go as soon as it is destroyed. */
  if (f->window != NULL)
    {
      GtkWidget *window = g_object_ref (f->window);

      g_object_remove_weak_pointer (G_OBJECT (f->window), (gpointer *)&f->window);
      f->window = NULL;
      ui_test_window_destroy (window);
      g_assert_finalize_object (window);
    }
  ui_test_flush ();
  g_clear_object (&f->session);
  g_clear_object (&f->store);
  g_clear_pointer (&f->dir, df_test_tmp_dir_free);
  g_clear_pointer (&f->finished_id, g_free);
}

static void
show (Fixture   *f,
      GtkWidget *window)
{
  f->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&f->window);
  gtk_window_present (GTK_WINDOW (window));
  ui_test_flush ();
}

static GtkWidget *
find (Fixture    *f,
      GType       type,
      const char *name)
{
  return ui_test_get (f->window, type, name);
}

typedef struct
{
  GtkSwitch *sw;
  gboolean   target;
} SwitchWait;

static gboolean
switch_reached (gpointer data)
{
  SwitchWait *wait = data;
  return gtk_switch_get_active (wait->sw) == wait->target;
}

/* What a click, or Enter or space on the focused widget, does. */
static void
activate (Fixture    *f,
          GType       type,
          const char *name)
{
  GtkWidget *w = find (f, type, name);

  g_assert_true (gtk_widget_is_sensitive (w));
  g_assert_true (gtk_widget_get_mapped (w));
  /* A GtkButton's keyboard activation waits a moment to show the press;
   * a click is immediate. */
  if (GTK_IS_BUTTON (w))
    g_signal_emit_by_name (w, "clicked");
  else if (GTK_IS_SWITCH (w))
    {
      /* A switch slides over before it changes. */
      SwitchWait wait = { GTK_SWITCH (w), !gtk_switch_get_active (GTK_SWITCH (w)) };

      gtk_widget_activate (w);
      ui_test_wait_until (switch_reached, &wait, 5000);
    }
  else
    gtk_widget_activate (w);
  ui_test_flush ();
}

static void
type_into (GtkWidget  *entry_row,
           const char *text)
{
  gtk_widget_grab_focus (entry_row);
  gtk_editable_set_text (GTK_EDITABLE (entry_row), text);
  ui_test_flush ();
}

/* Enter in the entry row's text field. */
static void
press_enter_in (GtkWidget *entry_row)
{
  GtkWidget *text = ui_test_find (entry_row, GTK_TYPE_TEXT, NULL);

  g_assert_nonnull (text);
  /* GtkText binds Enter to its "activate" signal. */
  g_signal_emit_by_name (text, "activate");
  ui_test_flush ();
}

/* An AdwEntryRow with an apply button emits "apply" for Enter or for its
 * button, but only once it has seen typing with the keyboard focus, which
 * a window under Xvfb without a window manager never gets. */
static void
apply_entry_row (GtkWidget *entry_row)
{
  g_signal_emit_by_name (entry_row, "apply");
  ui_test_flush ();
}

static guint
count_profiles (DfStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = df_profile_list (store, &error);

  g_assert_no_error (error);
  return list->len;
}

/* ---- onboarding ------------------------------------------------------ */

static void
finished_cb (DfOnboardingWindow *window,
             const char         *profile_id,
             Fixture            *f)
{
  g_assert_false (f->finished);
  f->finished = TRUE;
  f->finished_id = g_strdup (profile_id);
}

static gboolean
window_gone (gpointer data)
{
  Fixture *f = data;
  return f->window == NULL;
}

static void
start_onboarding (Fixture *f)
{
  DfOnboardingWindow *window = df_onboarding_window_new (f->session);

  g_signal_connect (window, "finished", G_CALLBACK (finished_cb), f);
  show (f, GTK_WIDGET (window));
  g_assert_false (gtk_widget_is_sensitive (find (f, GTK_TYPE_BUTTON, "back_button")));
}

static void
fill_pages (Fixture    *f,
            const char *name)
{
  GtkWidget *name_row = find (f, ADW_TYPE_ENTRY_ROW, "name_row");

  /* Page 1: Enter in the name field advances. */
  type_into (name_row, name);
  press_enter_in (name_row);
  g_assert_true (gtk_widget_is_sensitive (find (f, GTK_TYPE_BUTTON, "back_button")));

  /* Page 2: education */
  activate (f, GTK_TYPE_CHECK_BUTTON, "education_level-graduate");
  activate (f, GTK_TYPE_BUTTON, "next_button");

  /* Page 3: experience */
  activate (f, GTK_TYPE_CHECK_BUTTON, "programming_experience-intermediate");
  activate (f, GTK_TYPE_CHECK_BUTTON, "ai_ml_experience-basic");
  activate (f, GTK_TYPE_SWITCH, "robotics_switch");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (find (f, GTK_TYPE_SWITCH, "robotics_switch"))));
  activate (f, GTK_TYPE_BUTTON, "next_button");

  /* Page 4: goals and language; the last page offers Finish */
  activate (f, GTK_TYPE_CHECK_BUTTON, "learning_goals-research");
  activate (f, GTK_TYPE_CHECK_BUTTON, "learning_goals-teaching");
  activate (f, GTK_TYPE_CHECK_BUTTON, "preferred_language-ur");
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (find (f, GTK_TYPE_CHECK_BUTTON, "preferred_language-en"))));
  g_assert_true (gtk_widget_get_mapped (find (f, GTK_TYPE_BUTTON, "finish_button")));
  g_assert_false (gtk_widget_get_mapped (find (f, GTK_TYPE_BUTTON, "next_button")));
}

static void
test_onboarding_finish (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProfile) active = NULL;

  if (ui_test_skip_without_display ())
    return;

  start_onboarding (f);

  /* An empty name is refused on the spot, with the core's words. */
  activate (f, GTK_TYPE_BUTTON, "next_button");
  {
    GtkWidget *label = find (f, GTK_TYPE_LABEL, "name_error");
    g_assert_true (gtk_widget_get_visible (label));
    g_assert_true (gtk_widget_has_css_class (label, "error"));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), !=, "");
    g_assert_false (gtk_widget_is_sensitive (find (f, GTK_TYPE_BUTTON, "back_button")));
  }

  fill_pages (f, "  Amina Khan ");
  activate (f, GTK_TYPE_BUTTON, "finish_button");

  ui_test_wait_until (window_gone, f, 5000);
  g_assert_true (f->finished);
  g_assert_nonnull (f->finished_id);

  g_assert_cmpuint (count_profiles (f->store), ==, 1);
  active = df_profile_get_active (f->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (active);
  g_assert_cmpstr (active->id, ==, f->finished_id);
  g_assert_cmpstr (active->display_name, ==, "Amina Khan");
  g_assert_cmpstr (active->education_level, ==, "graduate");
  g_assert_cmpstr (active->programming_experience, ==, "intermediate");
  g_assert_cmpstr (active->ai_ml_experience, ==, "basic");
  g_assert_true (active->robotics_background);
  g_assert_cmpstr (active->learning_goals, ==, "[\"research\",\"teaching\"]");
  g_assert_cmpstr (active->preferred_language, ==, "ur");
  g_assert_true (active->onboarding_completed);
  g_assert_null (active->email);
}

static void
test_onboarding_duplicate (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProfile) existing = NULL;
  g_autoptr(DfProfile) after = NULL;
  GtkWidget *label;

  if (ui_test_skip_without_display ())
    return;

  existing = df_test_make_profile (f->store, "Amina");

  start_onboarding (f);
  fill_pages (f, "Amina");
  activate (f, GTK_TYPE_BUTTON, "finish_button");

  /* Still open, back on the name page, saying why. */
  g_assert_nonnull (f->window);
  g_assert_false (f->finished);
  label = find (f, GTK_TYPE_LABEL, "name_error");
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_true (gtk_widget_has_css_class (label, "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "Amina"));
  g_assert_false (gtk_widget_is_sensitive (find (f, GTK_TYPE_BUTTON, "back_button")));

  /* Nothing was made, and the existing profile is untouched. */
  g_assert_cmpuint (count_profiles (f->store), ==, 1);
  after = df_profile_get (f->store, existing->id, &error);
  g_assert_no_error (error);
  g_assert_null (after->education_level);
  g_assert_false (after->onboarding_completed);
  g_assert_cmpstr (after->learning_goals, ==, "[]");

  /* Another name then goes through. */
  type_into (find (f, ADW_TYPE_ENTRY_ROW, "name_row"), "Amina K.");
  g_assert_false (gtk_widget_get_visible (label));
  for (int i = 0; i < 3; i++)
    activate (f, GTK_TYPE_BUTTON, "next_button");
  activate (f, GTK_TYPE_BUTTON, "finish_button");
  ui_test_wait_until (window_gone, f, 5000);
  g_assert_true (f->finished);
  g_assert_cmpuint (count_profiles (f->store), ==, 2);
  {
    g_autoptr(DfProfile) made = df_profile_get (f->store, "Amina K.", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (made->id, ==, f->finished_id);
    g_assert_true (made->active);
    g_assert_cmpstr (made->education_level, ==, "graduate");
  }
}

/* Finishes the questionnaire from the last page and returns the profile
 * it made. */
static DfProfile *
finish_onboarding (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  DfProfile *made;

  activate (f, GTK_TYPE_BUTTON, "finish_button");
  ui_test_wait_until (window_gone, f, 5000);
  g_assert_true (f->finished);
  made = df_profile_get_active (f->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (made);
  return made;
}

/* A writer is asked their name and language, nothing about programming,
 * education or goals; the profile keeps nothing of those. */
static void
test_onboarding_writer (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(DfProfile) made = NULL;

  if (ui_test_skip_without_display ())
    return;

  start_onboarding (f);
  type_into (find (f, ADW_TYPE_ENTRY_ROW, "name_row"), "Nadia");
  activate (f, GTK_TYPE_CHECK_BUTTON, "role-write");
  activate (f, GTK_TYPE_BUTTON, "next_button");

  /* Straight to the last page, without its goals. */
  g_assert_true (gtk_widget_get_mapped (find (f, GTK_TYPE_BUTTON, "finish_button")));
  g_assert_false (gtk_widget_is_visible (find (f, GTK_TYPE_CHECK_BUTTON, "learning_goals-research")));
  g_assert_true (gtk_widget_is_visible (find (f, GTK_TYPE_CHECK_BUTTON, "preferred_language-ur")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find (f, GTK_TYPE_LABEL, "last_title"))), ==, "Your Language");
  activate (f, GTK_TYPE_CHECK_BUTTON, "preferred_language-ur");

  /* Back is the name page again. */
  activate (f, GTK_TYPE_BUTTON, "back_button");
  g_assert_false (gtk_widget_is_sensitive (find (f, GTK_TYPE_BUTTON, "back_button")));
  activate (f, GTK_TYPE_BUTTON, "next_button");

  made = finish_onboarding (f);
  g_assert_cmpstr (made->display_name, ==, "Nadia");
  g_assert_cmpstr (made->preferred_language, ==, "ur");
  g_assert_null (made->education_level);
  g_assert_null (made->programming_experience);
  g_assert_null (made->ai_ml_experience);
  g_assert_cmpstr (made->learning_goals, ==, "[]");
  g_assert_true (made->onboarding_completed);
}

/* A teacher is asked their education, goals and language, not their
 * programming; answers given before the first answer changed to one that
 * does not ask them are not kept. */
static void
test_onboarding_teacher (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(DfProfile) made = NULL;

  if (ui_test_skip_without_display ())
    return;

  start_onboarding (f);
  type_into (find (f, ADW_TYPE_ENTRY_ROW, "name_row"), "Mr. Iqbal");

  /* As a reader first: the technical questions are asked, and answered. */
  activate (f, GTK_TYPE_CHECK_BUTTON, "role-read");
  activate (f, GTK_TYPE_BUTTON, "next_button");
  activate (f, GTK_TYPE_CHECK_BUTTON, "education_level-professional");
  activate (f, GTK_TYPE_BUTTON, "next_button");
  g_assert_true (gtk_widget_is_visible (find (f, GTK_TYPE_CHECK_BUTTON, "programming_experience-advanced")));
  activate (f, GTK_TYPE_CHECK_BUTTON, "programming_experience-advanced");

  /* Then a teacher: from the education page Next goes to the last page. */
  activate (f, GTK_TYPE_BUTTON, "back_button");
  activate (f, GTK_TYPE_BUTTON, "back_button");
  activate (f, GTK_TYPE_CHECK_BUTTON, "role-teach");
  activate (f, GTK_TYPE_BUTTON, "next_button");
  g_assert_true (gtk_widget_is_visible (find (f, GTK_TYPE_CHECK_BUTTON, "education_level-professional")));
  activate (f, GTK_TYPE_BUTTON, "next_button");
  g_assert_true (gtk_widget_get_mapped (find (f, GTK_TYPE_BUTTON, "finish_button")));
  g_assert_true (gtk_widget_is_visible (find (f, GTK_TYPE_CHECK_BUTTON, "learning_goals-teaching")));
  activate (f, GTK_TYPE_CHECK_BUTTON, "learning_goals-teaching");

  made = finish_onboarding (f);
  g_assert_cmpstr (made->education_level, ==, "professional");
  g_assert_null (made->programming_experience);
  g_assert_cmpstr (made->learning_goals, ==, "[\"teaching\"]");
}

static void
test_onboarding_skip (Fixture       *f,
                      gconstpointer  data)
{
  if (ui_test_skip_without_display ())
    return;

  start_onboarding (f);
  type_into (find (f, ADW_TYPE_ENTRY_ROW, "name_row"), "Someone");
  activate (f, GTK_TYPE_BUTTON, "skip_button");

  ui_test_wait_until (window_gone, f, 5000);
  g_assert_true (f->finished);
  g_assert_null (f->finished_id);
  g_assert_cmpuint (count_profiles (f->store), ==, 0);
}

/* ---- profile window -------------------------------------------------- */

static gboolean
toast_shown (gpointer data)
{
  Fixture *f = data;

  return ui_test_toast_text (f->window) != NULL;
}

static void
test_profile_window (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProfile) first = NULL;
  g_autoptr(DfProfile) second = NULL;
  AdwComboRow *education;
  GtkWidget *email;
  guint graduate = G_MAXUINT;

  if (ui_test_skip_without_display ())
    return;

  first = df_test_make_profile (f->store, "First");
  second = df_test_make_profile (f->store, "Second");
  g_assert_true (df_profile_set (f->store, second->id, "education_level", "high_school", &error));
  g_assert_no_error (error);

  show (f, GTK_WIDGET (df_profile_window_new (f->session, second->id)));

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (f, ADW_TYPE_ENTRY_ROW, "name_row"))), ==, "Second");

  /* Education, through the combo row */
  education = ADW_COMBO_ROW (find (f, ADW_TYPE_COMBO_ROW, "education_row"));
  g_assert_cmpuint (adw_combo_row_get_selected (education), ==, 0);
  for (guint i = 0; df_education_levels[i] != NULL; i++)
    if (g_str_equal (df_education_levels[i], "graduate"))
      graduate = i;
  adw_combo_row_set_selected (education, graduate);
  ui_test_flush ();
  {
    g_autoptr(DfProfile) p = df_profile_get (f->store, second->id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (p->education_level, ==, "graduate");
  }

  /* A good email is kept; a bad one is refused with a toast and undone. */
  email = find (f, ADW_TYPE_ENTRY_ROW, "email_row");
  type_into (email, "second@example.org");
  apply_entry_row (email);
  g_assert_false (toast_shown (f));
  type_into (email, "not an email");
  apply_entry_row (email);
  ui_test_wait_until (toast_shown, f, 5000);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (email)), ==, "second@example.org");
  {
    g_autoptr(DfProfile) p = df_profile_get (f->store, second->id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (p->email, ==, "second@example.org");
  }

  /* A learning goal switch */
  activate (f, GTK_TYPE_SWITCH, "learning_goals-hobby");
  {
    g_autoptr(DfProfile) p = df_profile_get (f->store, second->id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (p->learning_goals, ==, "[\"hobby\"]");
  }

  /* "Use This Profile" for the profile not in use */
  {
    GtkWidget *use = find (f, GTK_TYPE_BUTTON, "use_button");
    g_autoptr(DfProfile) active = NULL;

    g_assert_true (gtk_widget_get_visible (use));
    activate (f, GTK_TYPE_BUTTON, "use_button");
    active = df_profile_get_active (f->store, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (active->id, ==, second->id);
    g_assert_false (gtk_widget_get_visible (use));
  }
}

/* ---- preferences ----------------------------------------------------- */

static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(DfSession) session = NULL;
  g_autofree char *theme = NULL;
  GtkWidget *font_row;

  if (ui_test_skip_without_display ())
    return;

  settings = g_settings_new (APP_ID);
  g_settings_reset (settings, "theme");
  g_settings_reset (settings, "autosave-interval");
  g_settings_reset (settings, "sync-interval");
  g_settings_reset (settings, "use-system-font");
  g_settings_reset (settings, "editor-monospace");

  session = df_session_new_for_store (f->store, settings);
  show (f, GTK_WIDGET (df_preferences_window_new (session)));

  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (find (f, GTK_TYPE_CHECK_BUTTON, "theme_system"))));
  activate (f, GTK_TYPE_CHECK_BUTTON, "theme_dark");
  theme = g_settings_get_string (settings, "theme");
  g_assert_cmpstr (theme, ==, "dark");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (find (f, GTK_TYPE_CHECK_BUTTON, "theme_dark"))));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (find (f, GTK_TYPE_CHECK_BUTTON, "theme_system"))));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find (f, GTK_TYPE_SPIN_BUTTON, "autosave_spin")), 42);
  ui_test_flush ();
  g_assert_cmpint (g_settings_get_int (settings, "autosave-interval"), ==, 42);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (find (f, GTK_TYPE_SPIN_BUTTON, "sync_interval_spin"))),
                   ==, 10);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find (f, GTK_TYPE_SPIN_BUTTON, "sync_interval_spin")), 0);
  ui_test_flush ();
  g_assert_cmpuint (g_settings_get_uint (settings, "sync-interval"), ==, 0);

  /* Prose is set in a proportional font unless monospace is asked for;
   * then the monospace font can be chosen when not following the
   * system's. */
  font_row = find (f, ADW_TYPE_ACTION_ROW, "font_row");
  g_assert_false (gtk_widget_get_sensitive (font_row));
  g_assert_false (gtk_widget_get_sensitive (find (f, ADW_TYPE_ACTION_ROW, "system_font_row")));
  activate (f, GTK_TYPE_SWITCH, "monospace_switch");
  g_assert_true (g_settings_get_boolean (settings, "editor-monospace"));
  g_assert_true (gtk_widget_get_sensitive (find (f, ADW_TYPE_ACTION_ROW, "system_font_row")));
  g_assert_false (gtk_widget_get_sensitive (font_row));
  activate (f, GTK_TYPE_SWITCH, "use_system_font_switch");
  g_assert_false (g_settings_get_boolean (settings, "use-system-font"));
  g_assert_true (gtk_widget_get_sensitive (font_row));

  /* Spelling: the installed dictionaries are offered, the row says which
   * one checks, and a language without a dictionary says what to do. */
  {
    AdwComboRow *row = ADW_COMBO_ROW (find (f, ADW_TYPE_COMBO_ROW, "spell_language_row"));
    GListModel *model = adw_combo_row_get_model (row);
    guint english = G_MAXUINT;
    g_autofree char *lang = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), "English (United States)"))
        english = i;
    g_assert_cmpuint (english, !=, G_MAXUINT);   /* CI installs hunspell-en-us */
    adw_combo_row_set_selected (row, english);
    lang = g_settings_get_string (settings, "spell-check-language");
    g_assert_cmpstr (lang, ==, "en_US");
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Checked with the en_US dictionary");

    g_settings_set_string (settings, "spell-check-language", "xx_NOPE");
    ui_test_flush ();
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "install"));

    activate (f, GTK_TYPE_SWITCH, "spell_switch");
    g_assert_false (g_settings_get_boolean (settings, "spell-check"));
    g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (row)));
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Spelling is not checked");
    g_settings_reset (settings, "spell-check");
    g_settings_reset (settings, "spell-check-language");
  }
}

/* ---- shortcuts ------------------------------------------------------- */

static void
test_shortcuts_window (void)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GObject *window;
  gboolean found = FALSE;
  GLogLevelFlags old;

  if (ui_test_skip_without_display ())
    return;

  old = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
  builder = gtk_builder_new_from_resource ("/io/github/draftforge/DraftForge/gtk/help-overlay.ui");
  window = gtk_builder_get_object (builder, "help_overlay");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (window));

  for (GtkWidget *w = ui_test_find (GTK_WIDGET (window), GTK_TYPE_SHORTCUTS_SHORTCUT, NULL);
       w != NULL && !found;
       w = gtk_widget_get_next_sibling (w))
    {
      g_autofree char *accel = NULL;
      g_autofree char *title = NULL;

      g_object_get (w, "accelerator", &accel, "title", &title, NULL);
      found = g_str_equal (accel, "<ctrl>q") && g_str_equal (title, "Quit");
    }
  g_assert_true (found);

  gtk_window_destroy (GTK_WINDOW (window));
  g_log_set_always_fatal (old);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  DF_TEST_ADD ("/ui/profiles/onboarding/finish", test_onboarding_finish);
  DF_TEST_ADD ("/ui/profiles/onboarding/duplicate-name", test_onboarding_duplicate);
  DF_TEST_ADD ("/ui/profiles/onboarding/skip", test_onboarding_skip);
  DF_TEST_ADD ("/ui/profiles/onboarding/writer", test_onboarding_writer);
  DF_TEST_ADD ("/ui/profiles/onboarding/teacher", test_onboarding_teacher);
  DF_TEST_ADD ("/ui/profiles/profile-window", test_profile_window);
  DF_TEST_ADD ("/ui/profiles/preferences", test_preferences);
  g_test_add_func ("/ui/profiles/shortcuts-window", test_shortcuts_window);

  return g_test_run ();
}
