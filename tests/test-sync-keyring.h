/* test-sync-keyring.h: a real Secret Service for the tests: GNOME
 * Keyring on a session bus of the test's own, its login keyring made
 * (with a password of the test's) and unlocked, so that storing a secret
 * never prompts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *bus;
  GSubprocess *daemon;
  char        *address;
  char        *env_bus;    /* "DBUS_SESSION_BUS_ADDRESS=…" */
} SyncKeyring;

/* Starts the bus and the keyring, with their files under @dir; FALSE
 * when gnome-keyring-daemon is not installed (Debian: gnome-keyring). */
gboolean sync_keyring_start (SyncKeyring *k,
                             const char  *dir);
void     sync_keyring_stop  (SyncKeyring *k);

G_END_DECLS
