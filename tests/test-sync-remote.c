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

#include "test-sync-keyring.h"
#include "test-sync-util.h"

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
  SyncKeyring k = { 0 };
  GSubprocess *server;
  guint before;

  (void) data;
  if (s->dir == NULL)
    return;
  if (!sync_keyring_start (&k, s->dir))
    {
      g_test_skip ("gnome-keyring-daemon is not installed (Debian: gnome-keyring)");
      return;
    }
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
  sync_keyring_stop (&k);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  SYNC_TEST ("/sync/http-keyring", test_http_keyring);

  return g_test_run ();
}
