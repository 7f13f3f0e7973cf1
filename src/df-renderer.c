/* df-renderer.c: which GTK renderer to ask for on a machine without a GPU
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "df-renderer.h"

static char *explanation;

/* Mesa's reading of a boolean environment variable. */
static gboolean
env_true (const char *value)
{
  return value != NULL &&
         (g_ascii_strcasecmp (value, "1") == 0 ||
          g_ascii_strcasecmp (value, "true") == 0 ||
          g_ascii_strcasecmp (value, "yes") == 0 ||
          g_ascii_strcasecmp (value, "y") == 0);
}

static gboolean
is_software_driver (const char *name)
{
  return name != NULL &&
         (g_ascii_strcasecmp (name, "llvmpipe") == 0 ||
          g_ascii_strcasecmp (name, "softpipe") == 0 ||
          g_ascii_strcasecmp (name, "swrast") == 0);
}

/* The first GPU device node under @dev_dir, or NULL: a DRM node
 * (dri/renderD*, dri/card*), which every Mesa hardware driver needs, or
 * the node of NVIDIA's own driver, which can work without DRM. */
static char *
find_gpu_node (const char *dev_dir)
{
  g_autofree char *dri = g_build_filename (dev_dir, "dri", NULL);
  g_autofree char *nvidia = g_build_filename (dev_dir, "nvidiactl", NULL);
  g_autoptr(GDir) dir = g_dir_open (dri, 0, NULL);

  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_prefix (name, "renderD") || g_str_has_prefix (name, "card"))
          return g_build_filename (dri, name, NULL);
    }
  if (g_file_test (nvidia, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&nvidia);
  return NULL;
}

const char *
df_renderer_choose (const char         *dev_dir,
                    const char * const *envp,
                    char              **reason)
{
  const char *user = g_environ_getenv ((char **) envp, "GSK_RENDERER");
  const char *backend = g_environ_getenv ((char **) envp, "GDK_BACKEND");
  const char *gallium = g_environ_getenv ((char **) envp, "GALLIUM_DRIVER");
  const char *loader = g_environ_getenv ((char **) envp, "MESA_LOADER_DRIVER_OVERRIDE");
  g_autofree char *node = NULL;
  g_autofree char *why = NULL;
  const char *choice = NULL;

  g_return_val_if_fail (dev_dir != NULL, NULL);

  if (user != NULL && *user != '\0')
    why = g_strdup_printf (_("GSK_RENDERER is set to “%s”, so GTK uses that renderer."), user);
  else if (backend != NULL && strstr (backend, "broadway") != NULL)
    why = g_strdup (_("The Broadway backend draws with its own renderer."));
  else if (env_true (g_environ_getenv ((char **) envp, "LIBGL_ALWAYS_SOFTWARE")))
    {
      choice = "cairo";
      why = g_strdup (_("OpenGL is forced to software (LIBGL_ALWAYS_SOFTWARE), so DraftForge draws with GTK’s Cairo renderer. Set GSK_RENDERER=gl to use OpenGL anyway."));
    }
  else if (is_software_driver (gallium) || is_software_driver (loader))
    {
      choice = "cairo";
      why = g_strdup_printf (_("OpenGL is forced to the software driver “%s”, so DraftForge draws with GTK’s Cairo renderer. Set GSK_RENDERER=gl to use OpenGL anyway."),
                             is_software_driver (gallium) ? gallium : loader);
    }
  else if ((node = find_gpu_node (dev_dir)) != NULL)
    why = g_strdup_printf (_("A graphics device was found (%s), so GTK picks its renderer."), node);
  else
    {
      g_autofree char *dri = g_build_filename (dev_dir, "dri", NULL);

      choice = "cairo";
      why = g_strdup_printf (_("No graphics device was found in %s, so OpenGL could only run in software and DraftForge draws with GTK’s Cairo renderer. Set GSK_RENDERER=gl to use OpenGL anyway."), dri);
    }

  if (reason != NULL)
    *reason = g_steal_pointer (&why);
  return choice;
}

void
df_renderer_apply (void)
{
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *why = NULL;
  const char *choice = df_renderer_choose ("/dev", (const char * const *) envp, &why);

  /* Before any thread exists: setenv is safe, and GTK reads GSK_RENDERER
   * when it realizes the first window. */
  if (choice != NULL)
    g_setenv ("GSK_RENDERER", choice, FALSE);
  g_free (explanation);
  explanation = g_steal_pointer (&why);
}

const char *
df_renderer_get_explanation (void)
{
  return explanation;
}
