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
#include <inttypes.h>
#include <locale.h>
#include <string.h>

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
      /* A line that starts with a number starts with a right-to-left
       * mark (U+200F), so that it is laid out right to left. */
      g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " chapter", "%" PRId64 " chapters", 2), ==,
                       "\u200f%" PRId64 " ابواب");
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

/* The bundled plugins' manifests, as built, carry their names and
 * descriptions in Urdu, which the plugin host reads in the user's
 * language (g_key_file_get_locale_string). */
static void
test_plugin_manifests (void)
{
  static const struct { const char *file, *name; } plugins[] = {
    { "exporter/exporter.plugin", "برآمد کنندہ" },
    { "coach/coach.plugin", "رہنما" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (plugins); i++)
    {
      g_autofree char *path = g_build_filename (g_getenv ("DRAFTFORGE_PLUGIN_PATH"), plugins[i].file, NULL);
      g_autoptr(GKeyFile) manifest = g_key_file_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *name = NULL;
      g_autofree char *description = NULL;
      g_autofree char *english = NULL;

      g_key_file_load_from_file (manifest, path, G_KEY_FILE_NONE, &error);
      g_assert_no_error (error);
      name = g_key_file_get_locale_string (manifest, "Plugin", "Name", NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (name, ==, plugins[i].name);
      description = g_key_file_get_locale_string (manifest, "Plugin", "Description", NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (strstr (description, "کتاب"));
      english = g_key_file_get_locale_string (manifest, "Plugin", "Name", "C", &error);
      g_assert_cmpstr (english, !=, name);
    }
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
  g_test_add_func ("/I18n/plugin-manifests", test_plugin_manifests);

  return g_test_run ();
}
