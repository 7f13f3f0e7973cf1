/* df-renderer.c: which GTK renderer to ask for on a machine without a GPU
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include <gtk/gtk.h>

#include "df-renderer.h"

static char *explanation;

/* The variables df_renderer_apply () may set, and what they were before:
 * programs DraftForge starts get the user's values back. */
static const char *const vars[] = { "GSK_RENDERER", "GDK_DISABLE", "GDK_DEBUG" };
static char *original[G_N_ELEMENTS (vars)];
static gboolean changed[G_N_ELEMENTS (vars)];

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

/* Appends @item to the comma-separated list in @var of @envp. */
static char **
environ_add_item (char       **envp,
                  const char  *var,
                  const char  *item)
{
  const char *old = g_environ_getenv (envp, var);
  g_autofree char *value = NULL;

  if (old == NULL || *old == '\0')
    return g_environ_setenv (envp, var, item, TRUE);
  value = g_strconcat (old, ",", item, NULL);
  return g_environ_setenv (envp, var, value, TRUE);
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
      why = g_strdup (_("OpenGL is forced to software (LIBGL_ALWAYS_SOFTWARE), so DraftForge draws with GTK’s Cairo renderer and leaves OpenGL unloaded. Set GSK_RENDERER=gl to use OpenGL anyway."));
    }
  else if (is_software_driver (gallium) || is_software_driver (loader))
    {
      choice = "cairo";
      why = g_strdup_printf (_("OpenGL is forced to the software driver “%s”, so DraftForge draws with GTK’s Cairo renderer and leaves OpenGL unloaded. Set GSK_RENDERER=gl to use OpenGL anyway."),
                             is_software_driver (gallium) ? gallium : loader);
    }
  else if ((node = find_gpu_node (dev_dir)) != NULL)
    why = g_strdup_printf (_("A graphics device was found (%s), so GTK picks its renderer."), node);
  else
    {
      g_autofree char *dri = g_build_filename (dev_dir, "dri", NULL);

      choice = "cairo";
      why = g_strdup_printf (_("No graphics device was found in %s, so OpenGL could only run in software: DraftForge draws with GTK’s Cairo renderer and leaves OpenGL unloaded. Set GSK_RENDERER=gl to use OpenGL anyway."), dri);
    }

  if (reason != NULL)
    *reason = g_steal_pointer (&why);
  return choice;
}

char **
df_renderer_environ (const char  *choice,
                     char       **envp,
                     guint        gtk_minor)
{
  if (choice == NULL)
    return envp;

  envp = g_environ_setenv (envp, "GSK_RENDERER", choice, TRUE);
  /* Nothing will draw with OpenGL, so GDK need not load it at all (on
   * X11 it otherwise opens Mesa and LLVM to choose a visual). */
  if (gtk_minor >= 16)
    envp = environ_add_item (envp, "GDK_DISABLE", "gl");
  else
    envp = environ_add_item (envp, "GDK_DEBUG", "gl-disable");
  return envp;
}

void
df_renderer_apply (const char *dev_dir)
{
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *why = NULL;
  const char *choice = df_renderer_choose (dev_dir, (const char * const *) envp, &why);

  envp = df_renderer_environ (choice, g_steal_pointer (&envp), gtk_get_minor_version ());
  /* Before any thread exists, setenv is safe; GDK reads these when it
   * opens the display, GSK when it realizes the first window. */
  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      const char *value = g_environ_getenv (envp, vars[i]);

      if (value != NULL && g_strcmp0 (value, g_getenv (vars[i])) != 0)
        {
          g_free (original[i]);
          original[i] = g_strdup (g_getenv (vars[i]));
          changed[i] = TRUE;
          g_setenv (vars[i], value, TRUE);
        }
    }
  g_free (explanation);
  explanation = g_steal_pointer (&why);
}

const char *
df_renderer_get_explanation (void)
{
  return explanation;
}

void
df_renderer_restore_environment (GAppLaunchContext *context)
{
  g_return_if_fail (G_IS_APP_LAUNCH_CONTEXT (context));

  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      if (!changed[i])
        continue;
      if (original[i] != NULL)
        g_app_launch_context_setenv (context, vars[i], original[i]);
      else
        g_app_launch_context_unsetenv (context, vars[i]);
    }
}
