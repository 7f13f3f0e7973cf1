/* df-library.c: a system library opened on first use
 *
 * See df-library-private.h.  The library is opened once per process with
 * its symbols kept local (they cannot clash with a plugin's), and stays
 * loaded: the GTypes some of them register must never go away.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>

#include "df-error.h"
#include "df-library-private.h"

static char *
open_library (DfLibrary *library)
{
  GModule *module = g_module_open (library->soname, G_MODULE_BIND_LOCAL);

  if (module == NULL)
    return g_strdup (g_module_error ());
  for (guint i = 0; i < library->n_symbols; i++)
    if (!g_module_symbol (module, library->symbols[i].name, library->symbols[i].slot) ||
        *library->symbols[i].slot == NULL)
      {
        char *why = g_strdup_printf ("%s: %s", library->symbols[i].name, g_module_error ());

        g_module_close (module);
        for (guint j = 0; j < library->n_symbols; j++)
          *library->symbols[j].slot = NULL;
        return why;
      }
  g_module_make_resident (module);
  return NULL;
}

/* Opens @library the first time (in any thread), and says whether its
 * functions are there; if not, @error says which library DraftForge
 * could not load and what for. */
gboolean
_df_library_load (DfLibrary  *library,
                  GError    **error)
{
  if (g_once_init_enter (&library->once))
    {
      library->failure = open_library (library);
      library->loaded = library->failure == NULL;
      g_once_init_leave (&library->once, 1);
    }
  if (!library->loaded)
    /* TRANSLATORS: the first %s is a file name (libcurl.so.4), the second
     * what went wrong, the third a sentence saying what needs it. */
    g_set_error (error, DF_ERROR, DF_ERROR_IO,
                 _("DraftForge could not load the system library %s (%s). %s Reinstall DraftForge or that "
                   "library."),
                 library->soname, library->failure, _(library->purpose));
  return library->loaded;
}
