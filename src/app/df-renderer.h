/* df-renderer.h: which GTK renderer to ask for on a machine without a GPU
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Decides, before GTK draws anything, whether DraftForge should ask GTK
 * for its Cairo renderer instead of letting it pick OpenGL.
 *
 * GTK 4 picks its GL renderer whenever OpenGL works, and on a machine
 * without a GPU OpenGL works through Mesa's llvmpipe, which emulates a GPU
 * on the CPU: there the GL renderer is slower than Cairo and holds tens of
 * megabytes for compiled shaders (docs/performance.md has the figures).
 * So when OpenGL can only be software, DraftForge asks for Cairo, as web
 * engines fall back to their own CPU paths on software GL.
 *
 * @dev_dir is where device nodes live ("/dev"; tests pass their own);
 * @envp is the environment to read (g_get_environ ()).  Returns "cairo",
 * or NULL to leave the choice to GTK.  @reason, when not NULL, receives a
 * translated sentence saying why, for the About window's debugging
 * information. */
const char *df_renderer_choose          (const char         *dev_dir,
                                         const char * const *envp,
                                         char              **reason);

/* The environment GTK should start with for @choice (consumes @envp):
 * GSK_RENDERER=@choice, and for Cairo, OpenGL switched off in GDK so that
 * Mesa is never loaded (GDK_DEBUG=gl-disable before GTK 4.16,
 * GDK_DISABLE=gl from 4.16), added to any values already there.  With
 * @choice NULL, @envp unchanged. */
char      **df_renderer_environ         (const char         *choice,
                                         char              **envp,
                                         guint               gtk_minor);

/* df_renderer_choose () with the devices in @dev_dir ("/dev"), then the
 * environment set as df_renderer_environ () says.  Call from main ()
 * before the application starts any thread or window. */
void        df_renderer_apply           (const char         *dev_dir);

/* Gives a program DraftForge starts through @context the user's own
 * values of the variables df_renderer_apply () changed. */
void        df_renderer_restore_environment (GAppLaunchContext *context);

/* What df_renderer_apply () decided and why, or NULL before it ran. */
const char *df_renderer_get_explanation (void);

G_END_DECLS
