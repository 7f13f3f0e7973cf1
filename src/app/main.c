/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <unistd.h>

#include "df-application.h"
#include "df-renderer.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(DfApplication) app = NULL;
  const char *localedir = g_getenv ("DRAFTFORGE_LOCALEDIR");
  int status;

  /* The interface's language (the profile's, when the user chose so),
   * before anything is translated; the build tree's catalogues in an
   * uninstalled run (meson devenv sets DRAFTFORGE_LOCALEDIR). */
  df_application_init_language (argc, argv, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);

  df_renderer_apply ("/dev");
  app = df_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);

  /* Restart (a new language): the same program with the same arguments. */
  if (status == 0 && df_application_get_restart (app))
    {
      g_clear_object (&app);
      execv ("/proc/self/exe", argv);
      g_printerr (_("Could not start DraftForge again: %s\n"), g_strerror (errno));
      return 1;
    }
  return status;
}
