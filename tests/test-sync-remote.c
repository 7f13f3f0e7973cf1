/* test-sync-remote.c: a remote's credentials, as a writer keeps them
 *
 * An https remote (git http-backend behind the loopback HTTP server with
 * basic auth) whose token is kept in a real Secret Service: GNOME
 * Keyring on a session bus of the test's own, its login keyring made
 * and unlocked for the test.  The token given to "sync token" is used by
 * the sync, a wrong one stops it with a message saying where to change
 * it, a forgotten one says the server asks for one; and the token is in
 * no file (the databases, the repositories, their config and logs: the
 * keyring's own file is encrypted) and in nothing printed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "test-sync-util.h"

typedef struct
{
  GSubprocess *bus;
  GSubprocess *daemon;
  char        *address;
  char        *env_bus;    /* "DBUS_SESSION_BUS_ADDRESS=…" */
} Keyring;

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

/* A session bus of the test's own with GNOME Keyring on it, its login
 * keyring unlocked; FALSE (the test skipped) without gnome-keyring. */
static gboolean
start_keyring (Sync    *s,
               Keyring *k)
{
  g_autofree char *daemon = g_find_program_in_path ("gnome-keyring-daemon");
  g_autofree char *home = g_build_filename (s->dir, "keyring-home", NULL);
  g_autofree char *data_home = g_build_filename (home, ".local", "share", NULL);
  g_autofree char *runtime = g_build_filename (s->dir, "keyring-run", NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *in;

  if (daemon == NULL)
    {
      g_test_skip ("gnome-keyring-daemon is not installed (Debian: gnome-keyring)");
      return FALSE;
    }
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
stop_keyring (Keyring *k)
{
  g_clear_pointer (&k->daemon, stop);
  g_clear_pointer (&k->bus, stop);
  g_free (k->address);
  g_free (k->env_bus);
}

/* `sync token` with @token on its standard input (NULL: --clear). */
static char *
keep_token (Sync               *s,
            const char * const *env,
            const char         *token)
{
  g_autoptr(DfTestRun) run = NULL;

  if (token != NULL)
    run = df_test_run_cli_args (s->a, env, token, "sync", "token", "book", NULL);
  else
    run = df_test_run_cli_args (s->a, env, NULL, "sync", "token", "book", "--clear", NULL);
  df_test_assert_run_ok (run);
  return g_strdup (run->out);
}

static void
test_http_keyring (Sync          *s,
                   gconstpointer  data)
{
  const char * const right[] = { "DRAFTFORGE_GIT_TOKEN=" TOKEN, NULL };
  g_autofree char *log = NULL, *url = NULL, *out = NULL, *b1 = NULL;
  g_autoptr(DfTestRun) refused = NULL;
  g_autoptr(DfTestRun) forgotten = NULL;
  g_autoptr(DfTestRun) sent = NULL;
  Keyring k = { 0 };
  GSubprocess *server;
  guint before;

  (void) data;
  if (s->dir == NULL || !start_keyring (s, &k))
    return;
  server = start_http (s, NULL, &log, &url, NULL);
  two_devices (s, url, right);

  {
    /* device A: the keyring's token only */
    const char * const keyring[] = { k.env_bus, "DRAFTFORGE_GIT_TOKEN", NULL };

    out = keep_token (s, keyring, TOKEN "\n");
    df_test_assert_contains (out, "kept in the keyring");
    write_chapter (s->a, "1", "Sent with the keyring's token.\n");
    sent = df_test_run_cli_args (s->a, keyring, NULL, "sync", "book", NULL);
    df_test_assert_run_ok (sent);
    df_test_assert_contains (sent->out, "sent");
    g_free (cli_env (s->b, right, "sync", "book", NULL));
    b1 = chapter_text (s->b, "1");
    g_assert_cmpstr (b1, ==, "Sent with the keyring's token.\n");

    /* the wrong token kept: one clear message saying where to change it */
    g_free (keep_token (s, keyring, "not-the-token\n"));
    write_chapter (s->a, "1", "Not sent.\n");
    before = count_lines (log, " 401 1");
    refused = df_test_run_cli_args (s->a, keyring, NULL, "sync", "book", NULL);
    df_test_assert_run_fails (refused, 1, "The server refused the password: check the token in Sync Settings");
    g_assert_cmpuint (count_lines (log, " 401 1") - before, <=, 1);

    /* forgotten: the server asks for one */
    g_free (keep_token (s, keyring, NULL));
    forgotten = df_test_run_cli_args (s->a, keyring, NULL, "sync", "book", NULL);
    df_test_assert_run_fails (forgotten, 1, "asks for a password: give an access token from the server in Sync Settings");
  }

  g_assert_null (strstr (sent->out, TOKEN));
  g_assert_null (strstr (sent->err, TOKEN));
  g_assert_null (strstr (refused->err, TOKEN));
  assert_token_nowhere (s->dir);
  stop (server);
  stop_keyring (&k);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  SYNC_TEST ("/sync/http-keyring", test_http_keyring);

  return g_test_run ();
}
