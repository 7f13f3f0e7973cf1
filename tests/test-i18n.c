/* test-i18n.c: with its Urdu translation, DraftForge is in Urdu and GTK
 * lays it out right to left.
 *
 * GLib translates a library's strings, GTK's "default:LTR" among them,
 * only when the application's own domain has a translation for the
 * language: without po/ur.po GTK stayed left to right.  Each case runs in a
 * subprocess set up as main.c sets up the application, with the build
 * tree's catalogues (DRAFTFORGE_TEST_LOCALEDIR) in place of LOCALEDIR.  No
 * display is needed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <locale.h>

static void
set_up_domain (const char *localedir)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

static void
test_urdu_right_to_left (void)
{
  if (g_test_subprocess ())
    {
      set_up_domain (g_getenv ("DRAFTFORGE_TEST_LOCALEDIR"));
      g_assert_cmpstr (_("Preferences"), ==, "ترجیحات");
      g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u chapter", "%u chapters", 2), ==, "%u ابواب");
      g_assert_cmpint (gtk_get_locale_direction (), ==, GTK_TEXT_DIR_RTL);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_no_translation_left_to_right (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *empty = g_dir_make_tmp ("df-i18n-XXXXXX", NULL);

      set_up_domain (empty);
      g_assert_cmpstr (_("Preferences"), ==, "Preferences");
      g_assert_cmpint (gtk_get_locale_direction (), ==, GTK_TEXT_DIR_LTR);
      g_rmdir (empty);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  /* What a user who prefers Urdu has; the subprocesses inherit it. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "ur", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/I18n/urdu-right-to-left", test_urdu_right_to_left);
  g_test_add_func ("/I18n/no-translation-left-to-right", test_no_translation_left_to_right);

  return g_test_run ();
}
