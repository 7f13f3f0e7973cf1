/* df-owner-private.h: which process runs a piece of work, and whether it
 * is gone
 *
 * An export job and an import record their owner in the database before
 * they leave anything behind, so that a later start can tell work whose
 * process was killed (and clean up after it) from work still running in
 * another process.  An owner is "BOOT-ID:PID:START": the kernel's boot id,
 * the process id and the process's start time in clock ticks since boot,
 * so a pid reused after a reboot or by a later process is not mistaken
 * for the owner.  Linux only (/proc); elsewhere no owner is ever gone.
 * Internal to the io area.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* This process, as an owner. */
const char *_df_owner_self    (void);
/* TRUE when the process @owner names has ended: another boot, no such
 * process, a process started at another time (the pid was reused), or a
 * zombie.  NULL (work recorded before owners were) is gone too: a
 * DraftForge that old cannot open this database any more.  An owner that
 * cannot be read, or a system without /proc, is never gone. */
gboolean    _df_owner_is_gone (const char *owner);

G_END_DECLS
