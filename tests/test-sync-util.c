/* test-sync-util.c: what the git sync suites share: two devices, the
 * command line and git, servers on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "test-sync-util.h"

/* ---- running ---------------------------------------------------------------- */

char *
run_ok_env (const char         *db,
            const char * const *env,
            const char         *input,
            va_list             args)
{
  g_autoptr(DfTestRun) run = df_test_run_cli_valist (db, env, input, args);

  df_test_assert_run_ok (run);
  return g_strdup (run->out);
}

char *
cli_env (const char         *db,
         const char * const *env,
         ...)
{
  va_list args;
  char *out;

  va_start (args, env);
  out = run_ok_env (db, env, NULL, args);
  va_end (args);
  return out;
}

void
write_chapter (const char *db,
               const char *n,
               const char *text)
{
  g_autoptr(DfTestRun) run = df_test_run_cli_args (db, NULL, text, "chapter", "write", "book", n, NULL);

  df_test_assert_run_ok (run);
}

char *
chapter_text (const char *db,
              const char *n)
{
  return df_test_run_cli_ok (db, "chapter", "cat", "book", n, NULL);
}

/* git itself, in @cwd; the test fails unless it succeeds. */
char *
git (const char *cwd,
     ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(DfTestRun) run = NULL;
  const char *arg;
  va_list args;

  g_strv_builder_add_many (builder, "git", "-c", "user.name=By Hand", "-c", "user.email=hand@example.org",
                           "-c", "init.defaultBranch=main", NULL);
  va_start (args, cwd);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_strv_builder_add (builder, arg);
  va_end (args);
  argv = g_strv_builder_end (builder);
  run = df_test_run (cwd, NULL, NULL, (const char * const *) argv);
  if (run->status != 0)
    g_error ("git failed (%d): %s", run->status, run->err);
  return g_strdup (run->out);
}

gint64
json_int (JsonNode   *node,
          const char *member)
{
  return json_object_get_int_member (json_node_get_object (node), member);
}

/* ---- the fixture ---------------------------------------------------------- */

void
sync_set_up (Sync          *s,
             gconstpointer  data)
{
  g_autofree char *out = NULL;

  (void) data;
  if (!df_test_have_cli ())
    return;
  s->dir = df_test_tmp_dir_new ("sync");
  s->a = g_build_filename (s->dir, "a.db", NULL);
  s->b = g_build_filename (s->dir, "b.db", NULL);
  s->repo_a = g_build_filename (s->dir, "repo-a", NULL);
  s->repo_b = g_build_filename (s->dir, "repo-b", NULL);
  s->bare = g_build_filename (s->dir, "remote", "book.git", NULL);
  out = git (NULL, "init", "-q", "--bare", s->bare, NULL);
}

void
sync_tear_down (Sync          *s,
                gconstpointer  data)
{
  (void) data;
  g_clear_pointer (&s->dir, df_test_tmp_dir_free);
  g_free (s->a);
  g_free (s->b);
  g_free (s->repo_a);
  g_free (s->repo_b);
  g_free (s->bare);
}



/* Device A with "Book" (three chapters) linked to @remote and synced;
 * device B made from the remote. */
void
two_devices (Sync               *s,
             const char         *remote,
             const char * const *env)
{
  g_autofree char *out = NULL;
  g_autofree char *o1 = NULL, *o2 = NULL, *o3 = NULL, *o4 = NULL, *o5 = NULL, *o6 = NULL;

  o1 = df_test_run_cli_ok (s->a, "profile", "new", "Ann", NULL);
  o2 = df_test_run_cli_ok (s->a, "profile", "set", "email", "ann@example.org", NULL);
  o3 = df_test_run_cli_ok (s->a, "project", "new", "Book", NULL);
  o4 = df_test_run_cli_ok (s->a, "chapter", "add", "book", "One", NULL);
  g_free (o4);
  o4 = df_test_run_cli_ok (s->a, "chapter", "add", "book", "Two", NULL);
  g_free (o4);
  o4 = df_test_run_cli_ok (s->a, "chapter", "add", "book", "Three", NULL);
  write_chapter (s->a, "1", "First paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n");
  write_chapter (s->a, "2", "Chapter two.\n");
  write_chapter (s->a, "3", "Chapter three.\n");
  o5 = df_test_run_cli_ok (s->a, "sync", "init", "book", "--repo", s->repo_a, NULL);
  o6 = df_test_run_cli_ok (s->a, "sync", "remote", "book", remote, NULL);
  out = cli_env (s->a, env, "sync", "book", NULL);
  df_test_assert_contains (out, "sent 1 version");
  g_free (out);
  out = cli_env (s->b, env, "sync", "clone", remote, "--repo", s->repo_b, NULL);
  df_test_assert_contains (out, "“Book” (book)");
  g_free (out);
  out = df_test_run_cli_ok (s->b, "profile", "new", "Ben", NULL);
}

void
sync_both (Sync               *s,
           const char * const *env)
{
  g_free (cli_env (s->a, env, "sync", "book", NULL));
  g_free (cli_env (s->b, env, "sync", "book", NULL));
  g_free (cli_env (s->a, env, "sync", "book", NULL));
}

/* ---- one device ------------------------------------------------------------- */

guint16
free_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);
  return port;
}

void
stop (GSubprocess *child)
{
  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, NULL);
  g_object_unref (child);
}

/* The HTTP server in front of git http-backend, with TOKEN; its log in
 * @log, the remote's URL in @url; stalls fetches while @stall exists. */
GSubprocess *
start_http (Sync        *s,
            const char  *stall,
            char       **log,
            char       **url,
            GDataInputStream **out_stream)
{
  g_autofree char *base = g_path_get_dirname (s->bare);
  g_autofree char *line = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  const char *script = g_getenv ("DRAFTFORGE_TEST_GIT_HTTP_SERVER");
  GSubprocess *server;

  g_assert_nonnull (script);
  g_free (git (NULL, "--git-dir", s->bare, "config", "http.receivepack", "true", NULL));
  *log = g_build_filename (s->dir, "http.log", NULL);
  server = df_test_spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                          DF_TEST_STRV ("python3", script, base, TOKEN, *log, stall ? stall : ""));
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = df_test_read_line (out);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "PORT "));
  *url = g_strdup_printf ("http://127.0.0.1:%s/book.git", line + 5);
  if (out_stream != NULL)
    *out_stream = g_steal_pointer (&out);
  return server;
}

guint
count_lines (const char *path,
             const char *needle)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    n += strstr (lines[i], needle) != NULL;
  return n;
}

/* The token in no file under @dir (the databases, the repositories with
 * their config and logs). */
void
assert_token_nowhere (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *bytes = NULL;
      gsize len = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          assert_token_nowhere (path);
          continue;
        }
      if (!g_file_get_contents (path, &bytes, &len, NULL))
        continue;
      if (g_strstr_len (bytes, len, TOKEN) != NULL)
        g_error ("The token is in %s", path);
    }
}
