/* test-renderer.c: the renderer DraftForge asks GTK for
 *
 * On a machine without a GPU device, OpenGL can only be Mesa's software
 * rasterizer, and DraftForge asks for GTK's Cairo renderer; with a GPU,
 * or when the user set GSK_RENDERER, GTK keeps its choice.  Each case
 * builds its own /dev in a temporary directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include <gtk/gtk.h>

#include "df-renderer.h"
#include "df-test-util.h"

/* The fixture's folder stands for /dev. */
typedef DfTestTmpDir Fixture;

/* Creates @relative (a device node stand-in: an empty file) under the
 * fixture's /dev. */
static void
add_node (Fixture    *f,
          const char *relative)
{
  g_autofree char *path = g_build_filename (f->dir, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, "", 0, &error);
  g_assert_no_error (error);
}

static const char *
choose (Fixture    *f,
        char      **reason,
        const char *first_var,
        ...)
{
  g_auto(GStrv) envp = NULL;
  const char *choice;
  va_list ap;

  envp = g_environ_setenv (NULL, "PATH", "/usr/bin", TRUE);
  va_start (ap, first_var);
  for (const char *var = first_var; var != NULL; var = va_arg (ap, const char *))
    envp = g_environ_setenv (envp, var, va_arg (ap, const char *), TRUE);
  va_end (ap);
  choice = df_renderer_choose (f->dir, (const char * const *) envp, reason);
  g_assert_nonnull (*reason);
  return choice;
}

static void
test_no_gpu_is_cairo (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *reason = NULL;
  g_autofree char *dri = g_build_filename (f->dir, "dri", NULL);

  /* No dri directory at all (a container, a flatpak without --device=dri). */
  g_assert_cmpstr (choose (f, &reason, NULL), ==, "cairo");
  g_assert_nonnull (strstr (reason, dri));
  g_assert_nonnull (strstr (reason, "GSK_RENDERER=gl"));

  /* An empty dri directory, or one with only unrelated entries. */
  g_assert_cmpint (g_mkdir (dri, 0700), ==, 0);
  add_node (f, "dri/by-path");
  g_clear_pointer (&reason, g_free);
  g_assert_cmpstr (choose (f, &reason, NULL), ==, "cairo");
}

/* A GPU's node (@data, under /dev): GTK's own choice is left alone, and
 * the reason names the node. */
static void
test_gpu_node (Fixture       *f,
               gconstpointer  data)
{
  const char *node = data;
  g_autofree char *reason = NULL;
  g_autofree char *name = g_path_get_basename (node);

  add_node (f, node);
  g_assert_null (choose (f, &reason, NULL));
  g_assert_nonnull (strstr (reason, name));
}

static void
test_user_choice_wins (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *reason = NULL;

  /* Without a GPU, a renderer the user named is kept... */
  g_assert_null (choose (f, &reason, "GSK_RENDERER", "gl", NULL));
  g_assert_nonnull (strstr (reason, "“gl”"));

  /* ...and so is one forced to software on a machine with a GPU. */
  add_node (f, "dri/renderD128");
  g_clear_pointer (&reason, g_free);
  g_assert_null (choose (f, &reason, "GSK_RENDERER", "ngl", "LIBGL_ALWAYS_SOFTWARE", "1", NULL));

  /* An empty GSK_RENDERER names nothing. */
  g_clear_pointer (&reason, g_free);
  g_assert_cmpstr (choose (f, &reason, "GSK_RENDERER", "", "LIBGL_ALWAYS_SOFTWARE", "1", NULL), ==, "cairo");
}

static void
test_software_gl_forced (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *reason = NULL;

  add_node (f, "dri/renderD128");

  g_assert_cmpstr (choose (f, &reason, "LIBGL_ALWAYS_SOFTWARE", "true", NULL), ==, "cairo");
  g_assert_nonnull (strstr (reason, "LIBGL_ALWAYS_SOFTWARE"));

  /* Mesa reads 0 as false: the GPU is used. */
  g_clear_pointer (&reason, g_free);
  g_assert_null (choose (f, &reason, "LIBGL_ALWAYS_SOFTWARE", "0", NULL));

  g_clear_pointer (&reason, g_free);
  g_assert_cmpstr (choose (f, &reason, "GALLIUM_DRIVER", "llvmpipe", NULL), ==, "cairo");
  g_assert_nonnull (strstr (reason, "llvmpipe"));

  g_clear_pointer (&reason, g_free);
  g_assert_cmpstr (choose (f, &reason, "MESA_LOADER_DRIVER_OVERRIDE", "swrast", NULL), ==, "cairo");

  /* A hardware Gallium driver named explicitly is not software. */
  g_clear_pointer (&reason, g_free);
  g_assert_null (choose (f, &reason, "GALLIUM_DRIVER", "radeonsi", NULL));
}

static void
test_broadway_keeps_its_renderer (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *reason = NULL;

  g_assert_null (choose (f, &reason, "GDK_BACKEND", "broadway", NULL));
}

/* df_renderer_apply () on this process: a renderer already named in the
 * environment is left alone, and the explanation says so. */
static void
test_apply_keeps_the_environment (void)
{
  g_assert_null (df_renderer_get_explanation ());
  g_setenv ("GSK_RENDERER", "ngl", TRUE);
  g_unsetenv ("GDK_DEBUG");
  g_unsetenv ("GDK_DISABLE");
  df_renderer_apply ("/dev");
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "ngl");
  g_assert_null (g_getenv ("GDK_DEBUG"));
  g_assert_null (g_getenv ("GDK_DISABLE"));
  g_assert_nonnull (df_renderer_get_explanation ());
  g_assert_nonnull (strstr (df_renderer_get_explanation (), "GSK_RENDERER"));
}

/* The environment GTK starts with: Cairo, and OpenGL off in GDK so Mesa
 * is never loaded, in the spelling of each GTK version, added to what the
 * user already set. */
static void
test_environ (void)
{
  g_auto(GStrv) plain = g_environ_setenv (NULL, "PATH", "/usr/bin", TRUE);
  g_auto(GStrv) with_debug = g_environ_setenv (NULL, "GDK_DEBUG", "events", TRUE);
  g_auto(GStrv) with_disable = g_environ_setenv (NULL, "GDK_DISABLE", "vulkan", TRUE);
  g_auto(GStrv) untouched = g_environ_setenv (NULL, "GDK_DEBUG", "events", TRUE);

  plain = df_renderer_environ ("cairo", g_steal_pointer (&plain), 8);
  g_assert_cmpstr (g_environ_getenv (plain, "GSK_RENDERER"), ==, "cairo");
  g_assert_cmpstr (g_environ_getenv (plain, "GDK_DEBUG"), ==, "gl-disable");
  g_assert_null (g_environ_getenv (plain, "GDK_DISABLE"));
  g_assert_cmpstr (g_environ_getenv (plain, "PATH"), ==, "/usr/bin");

  with_debug = df_renderer_environ ("cairo", g_steal_pointer (&with_debug), 8);
  g_assert_cmpstr (g_environ_getenv (with_debug, "GDK_DEBUG"), ==, "events,gl-disable");

  with_disable = df_renderer_environ ("cairo", g_steal_pointer (&with_disable), 16);
  g_assert_cmpstr (g_environ_getenv (with_disable, "GDK_DISABLE"), ==, "vulkan,gl");
  g_assert_null (g_environ_getenv (with_disable, "GDK_DEBUG"));

  /* No choice: nothing changes. */
  untouched = df_renderer_environ (NULL, g_steal_pointer (&untouched), 8);
  g_assert_cmpstr (g_environ_getenv (untouched, "GDK_DEBUG"), ==, "events");
  g_assert_null (g_environ_getenv (untouched, "GSK_RENDERER"));
  g_assert_cmpuint (g_strv_length (untouched), ==, 1);
}

/* On a machine without a GPU (an empty /dev here), df_renderer_apply ()
 * sets Cairo and switches OpenGL off for this process, and a program
 * DraftForge starts gets the user's own values back.  In a subprocess:
 * the environment it changes is the process's. */
static void
test_apply_and_restore (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dev = df_test_tmp_dir_new ("renderer");
      g_autoptr(GAppLaunchContext) context = g_app_launch_context_new ();
      g_auto(GStrv) child = NULL;
      const char *disable_var = gtk_get_minor_version () >= 16 ? "GDK_DISABLE" : "GDK_DEBUG";

      g_assert_nonnull (dev);
      g_unsetenv ("GSK_RENDERER");
      g_unsetenv ("GDK_DISABLE");
      g_setenv ("GDK_DEBUG", "events", TRUE);
      df_renderer_apply (dev);
      g_assert_cmpint (g_rmdir (dev), ==, 0);

      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
      if (g_str_equal (disable_var, "GDK_DEBUG"))
        g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "events,gl-disable");
      else
        g_assert_cmpstr (g_getenv ("GDK_DISABLE"), ==, "gl");
      g_assert_nonnull (strstr (df_renderer_get_explanation (), "No graphics device"));

      df_renderer_restore_environment (context);
      child = g_app_launch_context_get_environment (context);
      g_assert_null (g_environ_getenv (child, "GSK_RENDERER"));
      g_assert_null (g_environ_getenv (child, "GDK_DISABLE"));
      g_assert_cmpstr (g_environ_getenv (child, "GDK_DEBUG"), ==, "events");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  DF_TEST_ADD_TMP_DIR ("/renderer/no-gpu-is-cairo", test_no_gpu_is_cairo);
  DF_TEST_ADD_TMP_DIR_DATA ("/renderer/gpu-leaves-gtk-choice", "dri/renderD128", test_gpu_node);
  DF_TEST_ADD_TMP_DIR_DATA ("/renderer/card-node-is-a-gpu", "dri/card0", test_gpu_node);
  DF_TEST_ADD_TMP_DIR_DATA ("/renderer/nvidia-without-drm-is-a-gpu", "nvidiactl", test_gpu_node);
  DF_TEST_ADD_TMP_DIR ("/renderer/user-choice-wins", test_user_choice_wins);
  DF_TEST_ADD_TMP_DIR ("/renderer/software-gl-forced", test_software_gl_forced);
  DF_TEST_ADD_TMP_DIR ("/renderer/broadway-keeps-its-renderer", test_broadway_keeps_its_renderer);
  g_test_add_func ("/renderer/environ", test_environ);
  g_test_add_func ("/renderer/apply-keeps-the-environment", test_apply_keeps_the_environment);
  g_test_add_func ("/renderer/apply-and-restore", test_apply_and_restore);

  return g_test_run ();
}
