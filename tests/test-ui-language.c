/* test-ui-language.c: the profile's language as the interface's
 *
 * With "Use the Profile’s Language" on (the use-profile-language key), a
 * new start of DraftForge is in the active profile's preferred language:
 * in Urdu, right to left, whatever the environment asks for; with it off,
 * the environment decides.  Each start runs in a subprocess that does
 * what main.c does (df_application_init_language, with the build tree's
 * catalogues, DRAFTFORGE_TEST_LOCALEDIR), then starts the application.
 * Switching the setting while DraftForge runs offers to restart it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "df-model.h"
#include "ui-test-util.h"

/* ---- helpers --------------------------------------------------------------- */

static gboolean
have_display (void)
{
  const char *display = g_getenv ("DISPLAY");

  if (display != NULL && *display != '\0')
    return TRUE;
  g_test_skip ("No display (run under xvfb-run)");
  return FALSE;
}

/* A database with the active profile preferring @language, which
 * DRAFTFORGE_DB names for the subprocess; its folder in @dir_out. */
static void
make_database (const char  *language,
               char       **dir_out)
{
  g_autofree char *db = df_test_db_path_new ("language", dir_out);
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = df_store_open (db, &error);
  g_autoptr(DfProfile) profile = NULL;

  g_assert_no_error (error);
  profile = df_test_make_profile (store, "Nadia");
  g_assert_true (df_profile_set (store, profile->id, "preferred_language", language, &error));
  g_assert_no_error (error);
  g_setenv ("DRAFTFORGE_DB", db, TRUE);
  g_setenv ("DRAFTFORGE_NO_ONBOARDING", "1", TRUE);
}

/* Runs the current test in a subprocess as a user whose environment asks
 * for @env_language, with the active profile preferring
 * @profile_language. */
static void
run_as_user (const char *env_language,
             const char *profile_language)
{
  char *dir = NULL;

  make_database (profile_language, &dir);
  g_setenv ("LANGUAGE", env_language, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  df_test_tmp_dir_free (dir);
  g_test_trap_assert_passed ();
}

/* main.c's start, with the setting @use_profile_language, then GTK and
 * the application; its window in @window_out. */
static DfApplication *
start (gboolean   use_profile_language,
       DfWindow **window_out)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  char *argv[] = { (char *) "draftforge", NULL };

  g_settings_set_boolean (settings, "use-profile-language", use_profile_language);
  df_application_init_language (1, argv, g_getenv ("DRAFTFORGE_TEST_LOCALEDIR"));
  gtk_init ();
  adw_init ();
  return ui_test_app_launch ("language", window_out);
}

static gboolean
offers_restart (gpointer window)
{
  return ui_test_find_button (window, _("Restart")) != NULL;
}

static gboolean
offers_nothing (gpointer window)
{
  return !offers_restart (window);
}

static gboolean
no_window (gpointer app)
{
  return gtk_application_get_windows (app) == NULL;
}

/* ---- cases ----------------------------------------------------------------- */

/* On, with an Urdu profile: Urdu and right to left, in an English
 * environment. */
static void
test_profile_urdu (void)
{
  if (g_test_subprocess ())
    {
      DfWindow *window = NULL;
      DfApplication *app = start (TRUE, &window);

      g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "ur");
      g_assert_cmpstr (df_application_get_language (), ==, "ur");
      g_assert_cmpstr (_("Preferences"), ==, "ترجیحات");
      g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_RTL);
      g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (window)), ==, GTK_TEXT_DIR_RTL);
      ui_test_app_quit (&app, &window);
      return;
    }
  if (have_display ())
    run_as_user ("en", "ur");
}

/* Off: the environment's English, left to right, whatever the profile. */
static void
test_setting_off (void)
{
  if (g_test_subprocess ())
    {
      DfWindow *window = NULL;
      DfApplication *app = start (FALSE, &window);

      g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "en");
      g_assert_cmpstr (df_application_get_language (), ==, "en");
      g_assert_cmpstr (_("Preferences"), ==, "Preferences");
      g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_LTR);
      ui_test_app_quit (&app, &window);
      return;
    }
  if (have_display ())
    run_as_user ("en", "ur");
}

/* On, with an English profile, where the environment asks for Urdu. */
static void
test_profile_english (void)
{
  if (g_test_subprocess ())
    {
      DfWindow *window = NULL;
      DfApplication *app = start (TRUE, &window);

      g_assert_cmpstr (df_application_get_language (), ==, "en");
      g_assert_cmpstr (_("Preferences"), ==, "Preferences");
      g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (window)), ==, GTK_TEXT_DIR_LTR);
      ui_test_app_quit (&app, &window);
      return;
    }
  if (have_display ())
    run_as_user ("ur", "en");
}

/* Switched on while DraftForge runs in English with an Urdu profile: a
 * toast offers to restart, and Restart quits to start again; switched
 * off again before, the offer goes. */
static void
test_offer_restart (void)
{
  if (g_test_subprocess ())
    {
      DfWindow *window = NULL;
      DfApplication *app = start (FALSE, &window);
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_autofree char *wanted = NULL;

      g_assert_false (offers_restart (window));
      g_settings_set_boolean (settings, "use-profile-language", TRUE);
      wanted = df_application_dup_wanted_language (app);
      g_assert_cmpstr (wanted, ==, "ur");
      ui_test_wait_until (offers_restart, window, 10000);

      g_settings_set_boolean (settings, "use-profile-language", FALSE);
      ui_test_flush ();
      g_settings_set_boolean (settings, "use-profile-language", TRUE);
      ui_test_wait_until (offers_restart, window, 10000);

      g_assert_false (df_application_get_restart (app));
      g_signal_emit_by_name (ui_test_find_button (GTK_WIDGET (window), _("Restart")), "clicked");
      ui_test_wait_until (no_window, app, 10000);
      g_assert_true (df_application_get_restart (app));
      window = NULL;
      ui_test_app_quit (&app, &window);
      return;
    }
  if (have_display ())
    run_as_user ("en", "ur");
}

/* On, in English: switching to a profile that prefers Urdu offers to
 * restart; switching back takes the offer back. */
static void
test_profile_switch (void)
{
  if (g_test_subprocess ())
    {
      DfWindow *window = NULL;
      DfApplication *app = start (TRUE, &window);
      DfStore *store = df_session_get_store (df_application_get_session (app));
      g_autoptr(DfProfile) english = df_profile_get_active (store, NULL);
      g_autoptr(DfProfile) urdu = df_test_make_profile (store, "Sana");
      g_autoptr(GError) error = NULL;

      g_assert_cmpstr (df_application_get_language (), ==, "en");
      g_assert_true (df_profile_set (store, urdu->id, "preferred_language", "ur", &error));
      g_assert_no_error (error);

      g_action_group_activate_action (G_ACTION_GROUP (window), "profile", g_variant_new_string (urdu->id));
      ui_test_wait_until (offers_restart, window, 10000);
      g_action_group_activate_action (G_ACTION_GROUP (window), "profile", g_variant_new_string (english->id));
      ui_test_wait_until (offers_nothing, window, 10000);
      ui_test_app_quit (&app, &window);
      return;
    }
  if (have_display ())
    run_as_user ("en", "en");
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/language/profile-urdu", test_profile_urdu);
  g_test_add_func ("/ui/language/setting-off", test_setting_off);
  g_test_add_func ("/ui/language/profile-english", test_profile_english);
  g_test_add_func ("/ui/language/offer-restart", test_offer_restart);
  g_test_add_func ("/ui/language/profile-switch", test_profile_switch);

  return g_test_run ();
}
