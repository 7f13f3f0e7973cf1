/* test-sync-keyring.c: a real Secret Service for the tests: GNOME
 * Keyring on a session bus of the test's own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "df-test-util.h"
#include "test-sync-keyring.h"

/* Is the keyring on the bus with its default collection (the login
 * keyring, made from the password given)? */
static gboolean
keyring_ready (gpointer data)
{
  GDBusConnection *connection = data;
  g_autoptr(GVariant) owner = NULL;
  g_autoptr(GVariant) alias = NULL;
  gboolean owned = FALSE;
  const char *path = "/";

  owner = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (owner != NULL)
    g_variant_get (owner, "(b)", &owned);
  if (!owned)
    return FALSE;
  alias = g_dbus_connection_call_sync (connection, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "ReadAlias", g_variant_new ("(s)", "default"),
                                       G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, NULL);
  if (alias != NULL)
    g_variant_get (alias, "(&o)", &path);
  return g_strcmp0 (path, "/") != 0;
}

gboolean
sync_keyring_start (SyncKeyring *k,
                    const char  *dir)
{
  g_autofree char *daemon = g_find_program_in_path ("gnome-keyring-daemon");
  g_autofree char *home = g_build_filename (dir, "keyring-home", NULL);
  g_autofree char *data_home = g_build_filename (home, ".local", "share", NULL);
  g_autofree char *runtime = g_build_filename (dir, "keyring-run", NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *in;

  if (daemon == NULL)
    return FALSE;
  g_assert_cmpint (g_mkdir_with_parents (data_home, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (runtime, 0700), ==, 0);
  k->bus = df_test_spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                          DF_TEST_STRV ("dbus-daemon", "--session", "--nofork", "--print-address=1"));
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (k->bus));
  k->address = df_test_read_line (out);
  g_assert_nonnull (k->address);
  k->env_bus = g_strconcat ("DBUS_SESSION_BUS_ADDRESS=", k->address, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", k->address, TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  /* the keyring as a desktop runs it, not under the tests' checks (it
   * warns, and fatal warnings would end it) */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_unsetenv (launcher, "MALLOC_CHECK_");
  k->daemon = g_subprocess_launcher_spawn (launcher, &error, daemon, "--foreground", "--unlock",
                                           "--components=secrets", NULL);
  g_assert_no_error (error);
  /* the login keyring's password, made with it */
  in = g_subprocess_get_stdin_pipe (k->daemon);
  g_assert_true (g_output_stream_write_all (in, "keyring-password", 16, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (in, NULL, &error));

  connection = g_dbus_connection_new_for_address_sync (k->address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  df_test_wait_until (keyring_ready, connection);
  return TRUE;
}

static void
end (GSubprocess *child)
{
  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, NULL);
  g_object_unref (child);
}

void
sync_keyring_stop (SyncKeyring *k)
{
  g_clear_pointer (&k->daemon, end);
  g_clear_pointer (&k->bus, end);
  g_free (k->address);
  g_free (k->env_bus);
}

