/* test-spell.c: the spelling dictionary behind the editor
 *
 * Needs an English (United States) dictionary (CI installs hunspell-en-us).
 * The personal dictionary goes to a temporary ENCHANT_CONFIG_DIR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "df-spell-checker.h"
#include "df-test-util.h"

static char *config_dir;

static void
count_changed (DfSpellChecker *checker,
               guint          *count)
{
  (*count)++;
}

static void
test_check_and_suggest (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfSpellChecker) checker = df_spell_checker_new ("en_US", &error);
  g_auto(GStrv) suggestions = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (df_spell_checker_get_language (checker), ==, "en_US");
  g_assert_true (df_spell_checker_check (checker, "receive", -1));
  g_assert_true (df_spell_checker_check (checker, "lighthouse keeper", 10));   /* "lighthouse" */
  g_assert_false (df_spell_checker_check (checker, "recieve", -1));
  g_assert_true (df_spell_checker_check (checker, "", -1));

  suggestions = df_spell_checker_suggest (checker, "recieve", 5);
  g_assert_nonnull (suggestions);
  g_assert_cmpuint (g_strv_length (suggestions), <=, 5);
  g_assert_true (g_strv_contains ((const char * const *) suggestions, "receive"));
}

static void
test_add_and_ignore (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfSpellChecker) checker = df_spell_checker_new ("en_US", &error);
  g_autoptr(DfSpellChecker) again = NULL;
  g_autoptr(DfSpellChecker) other = df_spell_checker_new ("en_US", &error);
  g_autofree char *personal = NULL;
  guint changed = 0;

  g_assert_no_error (error);
  g_signal_connect (checker, "changed", G_CALLBACK (count_changed), &changed);

  /* A name the writer invented, kept in the personal dictionary; a
   * checker that had found it wrong (and remembered so) sees it right. */
  g_assert_false (df_spell_checker_check (checker, "Zorblaxia", -1));
  g_assert_false (df_spell_checker_check (other, "Zorblaxia", -1));
  df_spell_checker_add (checker, "Zorblaxia");
  g_assert_true (df_spell_checker_check (checker, "Zorblaxia", -1));
  g_assert_true (df_spell_checker_check (other, "Zorblaxia", -1));
  g_assert_cmpuint (changed, ==, 1);
  personal = g_build_filename (config_dir, "en_US.dic", NULL);
  g_assert_true (g_file_test (personal, G_FILE_TEST_EXISTS));

  /* Ignored for the session only. */
  g_assert_false (df_spell_checker_check (checker, "Quendrilth", -1));
  df_spell_checker_ignore (checker, "Quendrilth");
  g_assert_true (df_spell_checker_check (checker, "Quendrilth", -1));
  g_assert_cmpuint (changed, ==, 2);

  /* Another checker for the language sees the added word. */
  again = df_spell_checker_new ("en_US", &error);
  g_assert_true (df_spell_checker_check (again, "Zorblaxia", -1));
}

static void
test_languages (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) languages = df_spell_checker_list_languages ();
  g_autoptr(DfSpellChecker) missing = NULL;
  g_autoptr(DfSpellChecker) system = NULL;

  g_assert_true (g_strv_contains ((const char * const *) languages, "en_US"));
  for (guint i = 1; languages[i] != NULL; i++)
    g_assert_cmpstr (languages[i - 1], <, languages[i]);

  /* A language without a dictionary says what to do. */
  missing = df_spell_checker_new ("xx_NOPE", &error);
  g_assert_null (missing);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "xx_NOPE"));
  g_assert_nonnull (strstr (error->message, "install"));
  g_clear_error (&error);

  /* "": the user's language (LANGUAGE is set to en_US by main). */
  system = df_spell_checker_new ("", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (df_spell_checker_get_language (system), ==, "en_US");
  g_clear_object (&system);

  /* A locale that names no language (C.UTF-8, the default of a fresh
   * Debian and of CI machines) is English, whose messages it shows: the
   * editor underlines with en_US rather than saying none is installed. */
  g_setenv ("LANGUAGE", "", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  system = df_spell_checker_new ("", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (df_spell_checker_get_language (system), ==, "en_US");
  g_setenv ("LANGUAGE", "en_US", TRUE);
  g_unsetenv ("LC_ALL");
}

int
main (int    argc,
      char **argv)
{
  int status;

  config_dir = df_test_private_home ("spell");
  g_setenv ("LANGUAGE", "en_US", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/spell/check-and-suggest", test_check_and_suggest);
  g_test_add_func ("/spell/add-and-ignore", test_add_and_ignore);
  g_test_add_func ("/spell/languages", test_languages);
  status = g_test_run ();

  df_test_tmp_dir_free (config_dir);
  return status;
}
