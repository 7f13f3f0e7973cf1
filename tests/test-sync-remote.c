/* test-sync-remote.c: a remote's credentials, as a writer keeps them
 *
 * Over ssh: a user-mode sshd on loopback with its own host key and
 * authorized_keys; the key file (DRAFTFORGE_GIT_SSH_KEY), then the ssh
 * agent (started by the test); the server's key checked against a known
 * hosts file as ssh does.
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
#include <unistd.h>

#include <glib/gstdio.h>

#include "df-sync-link.h"
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

/* ---- ssh ------------------------------------------------------------------- */

typedef struct
{
  GSubprocess *sshd;
  char        *url;          /* of the bare repository, over ssh */
  char        *key;          /* a key the server takes */
  char        *known_hosts;  /* the server's key, remembered */
} Ssh;

static void
keygen (const char *path)
{
  g_autoptr(DfTestRun) run = df_test_run (NULL, NULL, NULL,
                                          DF_TEST_STRV ("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path));

  g_assert_cmpint (run->status, ==, 0);
}

/* A user-mode sshd on a loopback port of its own, with its own host key
 * and authorized_keys in the test's folder; FALSE (the test skipped)
 * when it cannot run here. */
static gboolean
start_sshd (Sync *s,
            Ssh  *ssh)
{
  g_autofree char *dir = g_build_filename (s->dir, "ssh", NULL);
  g_autofree char *host_key = g_build_filename (dir, "host_key", NULL);
  g_autofree char *host_pub = NULL, *user_pub = NULL, *config = NULL, *config_path = NULL;
  g_autofree char *authorized = g_build_filename (dir, "authorized_keys", NULL);
  g_autofree char *pub_path = NULL;
  g_auto(GStrv) host_fields = NULL;
  g_autoptr(GDataInputStream) err = NULL;
  guint16 port = free_port ();

  if (!g_file_test ("/usr/sbin/sshd", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("/usr/sbin/sshd is not installed (Debian: openssh-server)");
      return FALSE;
    }
  /* As root, sshd wants its privilege separation folder, which its
   * service makes at boot; a user's sshd does not. */
  if (getuid () == 0 && !g_file_test ("/run/sshd", G_FILE_TEST_IS_DIR) && g_mkdir ("/run/sshd", 0755) != 0)
    {
      g_test_skip ("sshd runs as root here and /run/sshd cannot be made");
      return FALSE;
    }
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  keygen (host_key);
  ssh->key = g_build_filename (dir, "user_key", NULL);
  keygen (ssh->key);
  pub_path = g_strconcat (ssh->key, ".pub", NULL);
  g_assert_true (g_file_get_contents (pub_path, &user_pub, NULL, NULL));
  g_assert_true (g_file_set_contents (authorized, user_pub, -1, NULL));
  g_free (pub_path);
  pub_path = g_strconcat (host_key, ".pub", NULL);
  g_assert_true (g_file_get_contents (pub_path, &host_pub, NULL, NULL));
  host_fields = g_strsplit (g_strstrip (host_pub), " ", 3);
  ssh->known_hosts = g_build_filename (dir, "known_hosts", NULL);
  g_free (config);
  config = g_strdup_printf ("[127.0.0.1]:%u %s %s\n", port, host_fields[0], host_fields[1]);
  g_assert_true (g_file_set_contents (ssh->known_hosts, config, -1, NULL));

  g_free (config);
  config = g_strdup_printf ("Port %u\nListenAddress 127.0.0.1\nHostKey %s\nAuthorizedKeysFile %s\n"
                            "PidFile none\nStrictModes no\nUsePAM no\nPasswordAuthentication no\n"
                            "KbdInteractiveAuthentication no\nPubkeyAuthentication yes\n"
                            "PermitRootLogin prohibit-password\n", port, host_key, authorized);
  config_path = g_build_filename (dir, "sshd_config", NULL);
  g_assert_true (g_file_set_contents (config_path, config, -1, NULL));
  ssh->sshd = df_test_spawn (G_SUBPROCESS_FLAGS_STDERR_PIPE,
                             DF_TEST_STRV ("/usr/sbin/sshd", "-D", "-e", "-f", config_path));
  err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (ssh->sshd));
  for (;;)
    {
      g_autofree char *line = df_test_read_line (err);

      g_assert_nonnull (line);
      if (strstr (line, "Server listening") != NULL)
        break;
    }
  ssh->url = g_strdup_printf ("ssh://%s@127.0.0.1:%u%s", g_get_user_name (), port, s->bare);
  return TRUE;
}

static gboolean
exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

/* Over ssh: a key file, then the ssh agent; an unknown server and a key
 * the server does not take each said in words. */
static void
test_ssh (Sync          *s,
          gconstpointer  data)
{
  Ssh ssh = { 0 };
  g_autofree char *kh = NULL, *key_env = NULL, *sock = NULL, *sock_env = NULL, *other = NULL, *other_env = NULL;
  g_autofree char *b1 = NULL, *b2 = NULL, *empty = NULL, *empty_env = NULL;
  g_autoptr(DfTestRun) added = NULL;
  g_autoptr(DfTestRun) unknown = NULL;
  g_autoptr(DfTestRun) refused = NULL;
  GSubprocess *agent;

  (void) data;
  if (s->dir == NULL || !start_sshd (s, &ssh))
    return;
  kh = g_strconcat ("DRAFTFORGE_GIT_SSH_KNOWN_HOSTS=", ssh.known_hosts, NULL);
  key_env = g_strconcat ("DRAFTFORGE_GIT_SSH_KEY=", ssh.key, NULL);

  {
    /* a key file */
    const char * const with_key[] = { kh, key_env, "SSH_AUTH_SOCK", NULL };

    two_devices (s, ssh.url, with_key);
    write_chapter (s->a, "1", "Sent over ssh with a key file.\n");
    sync_both (s, with_key);
    b1 = chapter_text (s->b, "1");
    g_assert_cmpstr (b1, ==, "Sent over ssh with a key file.\n");
  }

  {
    /* the agent, with the key added */
    const char *with_agent[] = { kh, "DRAFTFORGE_GIT_SSH_KEY", NULL, NULL };

    sock = g_build_filename (s->dir, "agent.sock", NULL);
    sock_env = g_strconcat ("SSH_AUTH_SOCK=", sock, NULL);
    with_agent[2] = sock_env;
    agent = df_test_spawn (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, DF_TEST_STRV ("ssh-agent", "-D", "-a", sock));
    df_test_wait_until (exists, sock);
    added = df_test_run (NULL, DF_TEST_STRV (sock_env), NULL, DF_TEST_STRV ("ssh-add", ssh.key));
    g_assert_cmpint (added->status, ==, 0);
    write_chapter (s->b, "1", "Sent over ssh through the agent.\n");
    g_free (cli_env (s->b, (const char * const *) with_agent, "sync", "book", NULL));
    g_free (cli_env (s->a, (const char * const *) with_agent, "sync", "book", NULL));
    b2 = chapter_text (s->a, "1");
    g_assert_cmpstr (b2, ==, "Sent over ssh through the agent.\n");
    stop (agent);
  }

  /* a server this computer does not know: not trusted, said so */
  empty = g_build_filename (s->dir, "no-known-hosts", NULL);
  empty_env = g_strconcat ("DRAFTFORGE_GIT_SSH_KNOWN_HOSTS=", empty, NULL);
  unknown = df_test_run_cli_args (s->a, DF_TEST_STRV (empty_env, key_env, "SSH_AUTH_SOCK"), NULL, "sync", "book",
                                  NULL);
  df_test_assert_run_fails (unknown, 1, "is not known to this computer yet");

  /* a key the server does not take */
  other = g_build_filename (s->dir, "other_key", NULL);
  keygen (other);
  other_env = g_strconcat ("DRAFTFORGE_GIT_SSH_KEY=", other, NULL);
  refused = df_test_run_cli_args (s->a, DF_TEST_STRV (kh, other_env, "SSH_AUTH_SOCK"), NULL, "sync", "book", NULL);
  df_test_assert_run_fails (refused, 1, "refused the ssh key");

  stop (ssh.sshd);
  g_free (ssh.url);
  g_free (ssh.key);
  g_free (ssh.known_hosts);
}

/* The key file set for the project (`sync remote --ssh-key`, `sync clone
 * --ssh-key`), not in the environment; its passphrase in the keyring
 * (`sync token`), in no file and nothing printed. */
static void
test_ssh_key_setting (Sync          *s,
                      gconstpointer  data)
{
  Ssh ssh = { 0 };
  SyncKeyring k = { 0 };
  g_autofree char *kh = NULL, *out = NULL, *a1 = NULL, *kept = NULL;
  g_autoptr(DfTestRun) locked = NULL;
  g_autoptr(DfTestRun) sent = NULL;
  g_autoptr(DfTestRun) protect = NULL;

  (void) data;
  if (s->dir == NULL || !start_sshd (s, &ssh))
    return;
  if (!sync_keyring_start (&k, s->dir))
    {
      g_test_skip ("gnome-keyring-daemon is not installed (Debian: gnome-keyring)");
      stop (ssh.sshd);
      return;
    }
  /* the key given a passphrase: TOKEN, which assert_token_nowhere looks for */
  protect = df_test_run (NULL, NULL, NULL, DF_TEST_STRV ("ssh-keygen", "-q", "-p", "-P", "", "-N", TOKEN, "-f", ssh.key));
  g_assert_cmpint (protect->status, ==, 0);
  kh = g_strconcat ("DRAFTFORGE_GIT_SSH_KNOWN_HOSTS=", ssh.known_hosts, NULL);

  {
    const char * const env[] = { kh, k.env_bus, "DRAFTFORGE_GIT_SSH_KEY", "DRAFTFORGE_GIT_SSH_PASSPHRASE",
                                  "SSH_AUTH_SOCK", NULL };

    g_free (cli_env (s->a, env, "profile", "new", "Ann", NULL));
    g_free (cli_env (s->a, env, "project", "new", "Book", NULL));
    g_free (cli_env (s->a, env, "chapter", "add", "book", "One", NULL));
    write_chapter (s->a, "1", "Sent with the key file of the settings.\n");
    g_free (cli_env (s->a, env, "sync", "init", "book", "--repo", s->repo_a, NULL));
    out = cli_env (s->a, env, "sync", "remote", "book", ssh.url, "--ssh-key", ssh.key, NULL);
    df_test_assert_contains (out, ssh.key);
    g_free (out);
    out = keep_token (s, env, TOKEN "\n");
    df_test_assert_contains (out, "The passphrase of the key");
    sent = df_test_run_cli_args (s->a, env, NULL, "sync", "book", NULL);
    df_test_assert_run_ok (sent);
    df_test_assert_contains (sent->out, "sent 1 version");

    g_free (out);
    out = cli_env (s->b, env, "sync", "clone", ssh.url, "--repo", s->repo_b, "--ssh-key", ssh.key, NULL);
    df_test_assert_contains (out, "“Book” (book)");
    g_free (cli_env (s->b, env, "profile", "new", "Ben", NULL));
    write_chapter (s->b, "1", "Back from B, with the same setting.\n");
    g_free (cli_env (s->b, env, "sync", "book", NULL));
    g_free (cli_env (s->a, env, "sync", "book", NULL));
    a1 = chapter_text (s->a, "1");
    g_assert_cmpstr (a1, ==, "Back from B, with the same setting.\n");

    /* the path is a setting of the project, in the database */
    {
      g_autoptr(DfStore) store = df_test_store_open (s->a);
      g_autoptr(GError) error = NULL;

      kept = df_sync_link_get_ssh_key (store, 1, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (kept, ==, ssh.key);
    }

    /* the passphrase forgotten: the locked key does not open */
    g_free (keep_token (s, env, NULL));
    write_chapter (s->a, "1", "Not sent.\n");
    locked = df_test_run_cli_args (s->a, env, NULL, "sync", "book", NULL);
    df_test_assert_run_fails (locked, 1, "could not be opened: give its passphrase in Sync Settings");
    g_assert_null (strstr (locked->err, TOKEN));
  }
  g_assert_null (strstr (sent->out, TOKEN));
  g_assert_null (strstr (sent->err, TOKEN));
  assert_token_nowhere (s->dir);
  sync_keyring_stop (&k);
  stop (ssh.sshd);
  g_free (ssh.url);
  g_free (ssh.key);
  g_free (ssh.known_hosts);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  SYNC_TEST ("/sync/http-keyring", test_http_keyring);
  SYNC_TEST ("/sync/ssh", test_ssh);
  SYNC_TEST ("/sync/ssh-key-setting", test_ssh_key_setting);

  return g_test_run ();
}
