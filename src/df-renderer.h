/* df-renderer.h: which GTK renderer to ask for on a machine without a GPU
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

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

/* df_renderer_choose () on this machine, then GSK_RENDERER set to its
 * answer when there is one.  Call from main () before the application
 * starts any thread or window. */
void        df_renderer_apply           (void);

/* What df_renderer_apply () decided and why, or NULL before it ran. */
const char *df_renderer_get_explanation (void);

G_END_DECLS
