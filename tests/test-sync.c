/* test-sync.c: git sync with real git and real servers on loopback
 *
 * Two databases stand for two devices; a bare repository is the remote:
 * a folder, then `git daemon` (git://) and `git http-backend` behind a
 * loopback HTTP server with basic auth (tests/git-http-server.py).
 * Everything goes through draftforge-cli, as a user (or a script) would;
 * the git command line checks that the repository is a plain git
 * repository.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "df-store-private.h"
#include "df-sync-link.h"
#include "test-sync-util.h"

static void
test_init_commit_log (Sync          *s,
                      gconstpointer  data)
{
  g_autofree char *out = NULL, *shown = NULL, *log = NULL, *status = NULL, *worktree = NULL;
  g_autofree char *file = NULL;
  g_autoptr(JsonNode) versions = NULL;
  g_autoptr(JsonNode) one = NULL;
  g_autoptr(JsonNode) st = NULL;
  JsonArray *array;

  (void) data;
  if (s->dir == NULL)
    return;
  g_free (df_test_run_cli_ok (s->a, "profile", "new", "Ann", NULL));
  g_free (df_test_run_cli_ok (s->a, "profile", "set", "email", "ann@example.org", NULL));
  g_free (df_test_run_cli_ok (s->a, "project", "new", "Book", NULL));
  g_free (df_test_run_cli_ok (s->a, "chapter", "add", "book", "One", NULL));
  g_free (df_test_run_cli_ok (s->a, "chapter", "add", "book", "Two", NULL));
  write_chapter (s->a, "1", "Windows line ends\r\nand trailing spaces   \r\n");
  write_chapter (s->a, "2", "Two words.");

  out = df_test_run_cli_ok (s->a, "sync", "init", "book", "--repo", s->repo_a, NULL);
  df_test_assert_contains (out, s->repo_a);

  /* A plain git repository: git reads it, the text byte for byte. */
  log = git (s->repo_a, "log", "--format=%an <%ae>|%s", NULL);
  g_assert_cmpstr (log, ==, "Ann <ann@example.org>|Started keeping versions of the book\n");
  shown = git (s->repo_a, "show", "HEAD:001-one.md", NULL);
  g_assert_cmpstr (shown, ==, "Windows line ends\r\nand trailing spaces   \r\n");
  status = git (s->repo_a, "status", "--porcelain", NULL);
  g_assert_cmpstr (status, ==, "");
  /* the index's stat data match the files (no file read to tell), and
   * the pack and its index are sound */
  g_free (git (s->repo_a, "diff-files", "--quiet", NULL));
  g_free (git (s->repo_a, "fsck", "--strict", "--no-dangling", NULL));

  /* Nothing changed: no version. */
  g_free (out);
  out = df_test_run_cli_ok (s->a, "sync", "commit", "book", NULL);
  df_test_assert_contains (out, "Nothing changed");

  /* One chapter edited: only its file changes, the message says which and how many words. */
  write_chapter (s->a, "2", "Two words and three more.");
  st = df_test_run_cli_json (s->a, "sync", "status", "book", "--json", NULL);
  g_assert_cmpint (json_int (st, "changed_chapters"), ==, 1);
  g_free (out);
  out = df_test_run_cli_ok (s->a, "sync", "commit", "book", NULL);
  df_test_assert_contains (out, "Saved a version");
  g_free (log);
  log = git (s->repo_a, "show", "--format=%B", "--name-only", "HEAD", NULL);
  df_test_assert_contains (log, "Changed 1 chapter: +3 −0 words");
  df_test_assert_contains (log, "- Two: +3 −0");
  df_test_assert_contains (log, "002-two.md");
  g_assert_null (strstr (log, "001-one.md"));
  file = g_build_filename (s->repo_a, "002-two.md", NULL);
  worktree = df_test_read_file (file, NULL);
  g_assert_cmpstr (worktree, ==, "Two words and three more.");
  g_free (status);
  status = git (s->repo_a, "status", "--porcelain", NULL);
  g_assert_cmpstr (status, ==, "");

  /* The history, and a chapter's. */
  versions = df_test_run_cli_json (s->a, "sync", "log", "book", "--json", NULL);
  array = json_node_get_array (versions);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "author"), ==, "Ann");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "words_added"), ==, 3);
  one = df_test_run_cli_json (s->a, "sync", "log", "book", "--chapter", "1", "--json", NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (one)), ==, 1);

  /* With a message of the writer's. */
  write_chapter (s->a, "1", "New start.");
  g_free (out);
  out = df_test_run_cli_ok (s->a, "sync", "commit", "book", "-m", "Rewrote the opening", NULL);
  g_free (log);
  log = git (s->repo_a, "log", "-1", "--format=%s", NULL);
  g_assert_cmpstr (log, ==, "Rewrote the opening\n");
}

/* A named version of a project kept in git is a git version too, named
 * so; without changes since the last one, the git side says so. */
static void
test_named_version (Sync          *s,
                    gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *log = NULL;

  (void) data;
  if (s->dir == NULL)
    return;
  g_free (df_test_run_cli_ok (s->a, "profile", "new", "Ann", NULL));
  g_free (df_test_run_cli_ok (s->a, "project", "new", "Book", NULL));
  g_free (df_test_run_cli_ok (s->a, "chapter", "add", "book", "One", NULL));
  write_chapter (s->a, "1", "First words.");
  out = df_test_run_cli_ok (s->a, "sync", "init", "book", "--repo", s->repo_a, NULL);

  write_chapter (s->a, "1", "First words, and more.");
  saved = df_test_run_cli_ok (s->a, "version", "save", "book", "Sent to the editor", NULL);
  df_test_assert_contains (saved, "Saved version 1 “Sent to the editor”: 1 chapter\n");
  df_test_assert_contains (saved, "Saved a version");
  log = git (s->repo_a, "log", "-1", "--format=%s", NULL);
  g_assert_cmpstr (log, ==, "Sent to the editor\n");
}

/* ---- two devices through a folder --------------------------------------------- */

static void
test_two_devices (Sync          *s,
                  gconstpointer  data)
{
  g_autofree char *a1 = NULL, *b1 = NULL, *b2 = NULL, *a3 = NULL;

  (void) data;
  if (s->dir == NULL)
    return;
  two_devices (s, s->bare, NULL);
  b1 = chapter_text (s->b, "1");
  g_assert_cmpstr (b1, ==, "First paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n");

  /* Edited on A, synced: B has it. */
  write_chapter (s->a, "2", "Chapter two, from A.\n");
  sync_both (s, NULL);
  b2 = chapter_text (s->b, "2");
  g_assert_cmpstr (b2, ==, "Chapter two, from A.\n");

  /* Both edit other chapters: both keep both. */
  write_chapter (s->a, "2", "Chapter two, again from A.\n");
  write_chapter (s->b, "3", "Chapter three, from B.\n");
  sync_both (s, NULL);
  g_free (b2);
  b2 = chapter_text (s->b, "2");
  a3 = chapter_text (s->a, "3");
  g_assert_cmpstr (b2, ==, "Chapter two, again from A.\n");
  g_assert_cmpstr (a3, ==, "Chapter three, from B.\n");

  /* The same chapter, different paragraphs: merged on both. */
  write_chapter (s->a, "1", "First paragraph, A.\n\nSecond paragraph.\n\nThird paragraph.\n");
  write_chapter (s->b, "1", "First paragraph.\n\nSecond paragraph.\n\nThird paragraph, B.\n");
  sync_both (s, NULL);
  a1 = chapter_text (s->a, "1");
  g_free (b1);
  b1 = chapter_text (s->b, "1");
  g_assert_cmpstr (a1, ==, "First paragraph, A.\n\nSecond paragraph.\n\nThird paragraph, B.\n");
  g_assert_cmpstr (b1, ==, a1);
}

/* Both change the same paragraph of chapter 1: B keeps its text, A's is
 * a conflict revision; returns B's conflicts. */
static JsonNode *
make_conflict (Sync       *s,
               const char *a_text,
               const char *b_text)
{
  g_autofree char *out = NULL;
  g_autofree char *b1 = NULL;

  write_chapter (s->a, "1", a_text);
  write_chapter (s->b, "1", b_text);
  g_free (df_test_run_cli_ok (s->a, "sync", "book", NULL));
  out = df_test_run_cli_ok (s->b, "sync", "book", NULL);
  df_test_assert_contains (out, "1 chapter in conflict");
  b1 = chapter_text (s->b, "1");
  g_assert_cmpstr (b1, ==, b_text);
  return df_test_run_cli_json (s->b, "sync", "conflicts", "book", "--json", NULL);
}

static void
assert_no_markers (Sync *s)
{
  g_autofree char *a1 = chapter_text (s->a, "1");
  g_autofree char *b1 = chapter_text (s->b, "1");
  g_autoptr(DfTestRun) grep = df_test_run (s->repo_b, NULL, NULL,
                                           DF_TEST_STRV ("git", "grep", "-q", "<<<<<<<", "HEAD"));

  g_assert_null (strstr (a1, "<<<<<<<"));
  g_assert_null (strstr (b1, "<<<<<<<"));
  g_assert_cmpint (grep->status, !=, 0);
}

static void
test_conflicts (Sync          *s,
                gconstpointer  data)
{
  g_autoptr(JsonNode) conflicts = NULL;
  g_autoptr(JsonNode) revisions = NULL;
  g_autoptr(JsonNode) none = NULL;
  g_autofree char *merged_file = NULL;
  g_autofree char *a1 = NULL, *b1 = NULL, *shown = NULL;
  JsonObject *conflict;
  JsonArray *array;
  gboolean found = FALSE;

  (void) data;
  if (s->dir == NULL)
    return;
  two_devices (s, s->bare, NULL);

  /* Theirs taken. */
  conflicts = make_conflict (s, "First paragraph, by A.\n\nSecond paragraph.\n\nThird paragraph.\n",
                             "First paragraph, by B.\n\nSecond paragraph.\n\nThird paragraph.\n");
  assert_no_markers (s);
  array = json_node_get_array (conflicts);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  conflict = json_array_get_object_element (array, 0);
  g_assert_cmpint (json_object_get_int_member (conflict, "chapter"), ==, 1);
  df_test_assert_contains (json_object_get_string_member (conflict, "from"), "from Ann <ann@example.org>, ");
  revisions = df_test_run_cli_json (s->b, "chapter", "revisions", "book", "1", "--json", NULL);
  array = json_node_get_array (revisions);
  for (guint i = 0; i < json_array_get_length (array); i++)
    found |= g_strcmp0 (json_object_get_string_member (json_array_get_object_element (array, i), "kind"),
                        "conflict") == 0;
  g_assert_true (found);
  g_free (df_test_run_cli_ok (s->b, "sync", "resolve", "book", "1", "--take", "theirs", NULL));
  b1 = chapter_text (s->b, "1");
  g_assert_cmpstr (b1, ==, "First paragraph, by A.\n\nSecond paragraph.\n\nThird paragraph.\n");
  none = df_test_run_cli_json (s->b, "sync", "conflicts", "book", "--json", NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (none)), ==, 0);
  sync_both (s, NULL);
  a1 = chapter_text (s->a, "1");
  g_assert_cmpstr (a1, ==, b1);

  /* Mine kept. */
  g_clear_pointer (&conflicts, json_node_unref);
  conflicts = make_conflict (s, "A again.\n\nSecond paragraph.\n\nThird paragraph.\n",
                             "B again.\n\nSecond paragraph.\n\nThird paragraph.\n");
  g_free (df_test_run_cli_ok (s->b, "sync", "resolve", "book", "1", "--take", "mine", NULL));
  sync_both (s, NULL);
  g_free (a1);
  a1 = chapter_text (s->a, "1");
  g_assert_cmpstr (a1, ==, "B again.\n\nSecond paragraph.\n\nThird paragraph.\n");

  /* A merge of the writer's own, from a file. */
  g_clear_pointer (&conflicts, json_node_unref);
  conflicts = make_conflict (s, "A once more.\n\nSecond paragraph.\n\nThird paragraph.\n",
                             "B once more.\n\nSecond paragraph.\n\nThird paragraph.\n");
  merged_file = df_test_write_file (s->dir, "merged.md", "A and B, merged.\n\nSecond paragraph.\n\nThird paragraph.\n", -1);
  g_free (df_test_run_cli_ok (s->b, "sync", "resolve", "book", "1", "--take", merged_file, NULL));
  sync_both (s, NULL);
  g_free (a1);
  a1 = chapter_text (s->a, "1");
  g_assert_cmpstr (a1, ==, "A and B, merged.\n\nSecond paragraph.\n\nThird paragraph.\n");
  assert_no_markers (s);
}

static void
test_rename_delete (Sync          *s,
                    gconstpointer  data)
{
  g_autofree char *out = NULL, *list_a = NULL, *list_b = NULL, *a1 = NULL, *b2 = NULL;

  (void) data;
  if (s->dir == NULL)
    return;
  two_devices (s, s->bare, NULL);

  /* Renamed on A, edited on B: the new title and the edit. */
  g_free (df_test_run_cli_ok (s->a, "chapter", "rename", "book", "1", "The Opening", NULL));
  write_chapter (s->b, "1", "First paragraph, edited on B.\n");
  sync_both (s, NULL);
  list_b = df_test_run_cli_ok (s->b, "chapter", "list", "book", NULL);
  df_test_assert_contains (list_b, "The Opening");
  a1 = chapter_text (s->a, "1");
  g_assert_cmpstr (a1, ==, "First paragraph, edited on B.\n");

  /* Deleted on A, edited on B: the chapter stays, with a notice. */
  g_free (df_test_run_cli_ok (s->a, "chapter", "delete", "book", "2", NULL));
  write_chapter (s->b, "2", "Chapter two, edited on B.\n");
  g_free (df_test_run_cli_ok (s->a, "sync", "book", NULL));
  out = df_test_run_cli_ok (s->b, "sync", "book", NULL);
  df_test_assert_contains (out, "“Two” was deleted on the other side and edited here: it stays");
  g_free (df_test_run_cli_ok (s->a, "sync", "book", NULL));
  list_a = df_test_run_cli_ok (s->a, "chapter", "list", "book", NULL);
  df_test_assert_contains (list_a, "Two");
  b2 = chapter_text (s->a, "2");
  g_assert_cmpstr (b2, ==, "Chapter two, edited on B.\n");

  /* Deleted on one side, untouched on the other: gone on both. */
  g_free (df_test_run_cli_ok (s->a, "chapter", "delete", "book", "3", NULL));
  sync_both (s, NULL);
  g_free (list_b);
  list_b = df_test_run_cli_ok (s->b, "chapter", "list", "book", NULL);
  g_assert_null (strstr (list_b, "Three"));

  /* A new chapter on each side: both on both. */
  g_free (df_test_run_cli_ok (s->a, "chapter", "add", "book", "From A", NULL));
  g_free (df_test_run_cli_ok (s->b, "chapter", "add", "book", "From B", NULL));
  sync_both (s, NULL);
  g_free (list_a);
  g_free (list_b);
  list_a = df_test_run_cli_ok (s->a, "chapter", "list", "book", NULL);
  list_b = df_test_run_cli_ok (s->b, "chapter", "list", "book", NULL);
  df_test_assert_contains (list_a, "From B");
  df_test_assert_contains (list_b, "From A");
  g_assert_cmpstr (list_a, ==, list_b);
}

/* ---- the repository is a plain git repository ---------------------------------- */

static void
test_interop (Sync          *s,
              gconstpointer  data)
{
  g_autofree char *hand = g_build_filename (s->dir ? s->dir : "", "by-hand", NULL);
  g_autofree char *file = NULL, *a3 = NULL, *b3 = NULL, *shown = NULL, *linked = NULL;

  (void) data;
  if (s->dir == NULL)
    return;
  two_devices (s, s->bare, NULL);

  /* Cloned with git, edited in a text editor, committed and pushed. */
  g_free (git (NULL, "clone", "-q", "-b", "main", s->bare, hand, NULL));
  file = g_build_filename (hand, "003-three.md", NULL);
  g_assert_true (g_file_set_contents (file, "Chapter three, edited by hand.\n", -1, NULL));
  g_free (git (hand, "commit", "-q", "-am", "Edited by hand", NULL));
  g_free (git (hand, "push", "-q", "origin", "main", NULL));
  g_free (df_test_run_cli_ok (s->a, "sync", "book", NULL));
  a3 = chapter_text (s->a, "3");
  g_assert_cmpstr (a3, ==, "Chapter three, edited by hand.\n");
  shown = git (s->repo_a, "show", "main:003-three.md", NULL);
  g_assert_cmpstr (shown, ==, a3);

  /* Committed with git in the linked repository itself. */
  g_free (file);
  file = g_build_filename (s->repo_b, "002-two.md", NULL);
  g_assert_true (g_file_set_contents (file, "Chapter two, committed in B's repository.\n", -1, NULL));
  g_free (git (s->repo_b, "commit", "-q", "-am", "In the linked repository", NULL));
  g_free (df_test_run_cli_ok (s->b, "sync", "book", NULL));
  b3 = chapter_text (s->b, "2");
  g_assert_cmpstr (b3, ==, "Chapter two, committed in B's repository.\n");
  g_free (df_test_run_cli_ok (s->a, "sync", "book", NULL));
  linked = chapter_text (s->a, "2");
  g_assert_cmpstr (linked, ==, b3);
}

/* ---- offline --------------------------------------------------------------- */

static void
test_offline (Sync          *s,
              gconstpointer  data)
{
  g_autofree char *away = NULL, *out = NULL, *log = NULL;
  g_autoptr(JsonNode) status = NULL;

  (void) data;
  if (s->dir == NULL)
    return;
  two_devices (s, s->bare, NULL);
  /* The stick holding the remote is unplugged. */
  away = g_strconcat (s->bare, "-unplugged", NULL);
  g_assert_cmpint (g_rename (s->bare, away), ==, 0);
  write_chapter (s->a, "1", "Written on the train.\n");
  out = df_test_run_cli_ok (s->a, "sync", "book", NULL);
  df_test_assert_contains (out, "Offline");
  df_test_assert_contains (out, "1 version not yet sent");
  status = df_test_run_cli_json (s->a, "sync", "status", "book", "--json", NULL);
  g_assert_cmpint (json_int (status, "to_send"), ==, 1);

  g_assert_cmpint (g_rename (away, s->bare), ==, 0);
  g_free (out);
  out = df_test_run_cli_ok (s->a, "sync", "book", NULL);
  df_test_assert_contains (out, "sent 1 version");
  log = git (NULL, "--git-dir", s->bare, "show", "main:001-one.md", NULL);
  g_assert_cmpstr (log, ==, "Written on the train.\n");
}

/* ---- servers on loopback -------------------------------------------------------- */

/* `git daemon` serving the folder of @s->bare, pushes allowed; the URL
 * of the remote in @url. */
static GSubprocess *
start_daemon (Sync              *s,
              char             **url,
              GDataInputStream **err_out)
{
  g_autofree char *base = g_path_get_dirname (s->bare);
  g_autofree char *base_arg = g_strconcat ("--base-path=", base, NULL);
  g_autofree char *port_arg = NULL;
  g_autoptr(GDataInputStream) err = NULL;
  g_autofree char *exec_path = git (NULL, "--exec-path", NULL);
  g_autofree char *program = NULL;
  GSubprocess *daemon;
  guint16 port = free_port ();

  /* The daemon itself, not `git daemon`, which would leave it running
   * when killed. */
  program = g_build_filename (g_strstrip (exec_path), "git-daemon", NULL);
  port_arg = g_strdup_printf ("--port=%u", port);
  daemon = df_test_spawn (G_SUBPROCESS_FLAGS_STDERR_PIPE,
                          DF_TEST_STRV (program, "--verbose", "--reuseaddr", "--export-all",
                                        "--enable=receive-pack", "--listen=127.0.0.1", port_arg, base_arg, base));
  err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (daemon));
  for (;;)
    {
      g_autofree char *line = df_test_read_line (err);
      g_assert_nonnull (line);
      if (strstr (line, "Ready to rumble") != NULL)
        break;
    }
  *url = g_strdup_printf ("git://127.0.0.1:%u/book.git", port);
  /* Kept open: the daemon logs every connection there. */
  *err_out = g_steal_pointer (&err);
  return daemon;
}

static void
test_daemon (Sync          *s,
             gconstpointer  data)
{
  g_autofree char *url = NULL, *hook = NULL, *hook_text = NULL, *b1 = NULL, *out = NULL;
  g_autofree char *remote1 = NULL, *remote2 = NULL, *a2 = NULL;
  g_autoptr(GDataInputStream) daemon_log = NULL;
  GSubprocess *daemon;

  (void) data;
  if (s->dir == NULL)
    return;
  daemon = start_daemon (s, &url, &daemon_log);
  two_devices (s, url, NULL);
  write_chapter (s->a, "1", "Over git://.\n");
  sync_both (s, NULL);
  b1 = chapter_text (s->b, "1");
  g_assert_cmpstr (b1, ==, "Over git://.\n");

  /* A rejected push: while B merges, A's version reaches the remote
   * first (a hook puts it there and refuses B's push once). */
  write_chapter (s->a, "2", "A was first.\n");
  g_free (df_test_run_cli_ok (s->a, "sync", "commit", "book", NULL));
  g_free (git (s->repo_a, "push", "-q", s->bare, "main:refs/heads/pending", NULL));
  hook = g_build_filename (s->bare, "hooks", "pre-receive", NULL);
  hook_text = g_strdup_printf ("#!/bin/sh\n"
                               "if [ ! -e \"%s/refused\" ]; then\n"
                               "  touch \"%s/refused\"\n"
                               "  env -u GIT_QUARANTINE_PATH git update-ref refs/heads/main refs/heads/pending\n"
                               "  echo 'someone else was first' >&2\n"
                               "  exit 1\n"
                               "fi\n", s->dir, s->dir);
  g_assert_true (g_file_set_contents (hook, hook_text, -1, NULL));
  g_assert_cmpint (g_chmod (hook, 0755), ==, 0);
  write_chapter (s->b, "3", "B merged after a refusal.\n");
  out = df_test_run_cli_ok (s->b, "sync", "book", NULL);
  df_test_assert_contains (out, "Synced");
  remote1 = git (NULL, "--git-dir", s->bare, "show", "main:002-two.md", NULL);
  remote2 = git (NULL, "--git-dir", s->bare, "show", "main:003-three.md", NULL);
  g_assert_cmpstr (remote1, ==, "A was first.\n");
  g_assert_cmpstr (remote2, ==, "B merged after a refusal.\n");
  a2 = chapter_text (s->b, "2");
  g_assert_cmpstr (a2, ==, "A was first.\n");
  stop (daemon);
}

static void
test_http (Sync          *s,
           gconstpointer  data)
{
  const char * const right[] = { "DRAFTFORGE_GIT_TOKEN=" TOKEN, NULL };
  const char * const wrong[] = { "DRAFTFORGE_GIT_TOKEN=not-the-token", NULL };
  g_autofree char *log = NULL, *url = NULL, *b1 = NULL;
  g_autoptr(DfTestRun) refused = NULL;
  g_autoptr(DfTestRun) no_token = NULL;
  g_autoptr(JsonNode) status = NULL;
  GSubprocess *server;
  guint before;

  (void) data;
  if (s->dir == NULL)
    return;
  server = start_http (s, NULL, &log, &url, NULL);
  two_devices (s, url, right);
  write_chapter (s->a, "1", "Over https, with a token.\n");
  sync_both (s, right);
  b1 = chapter_text (s->b, "1");
  g_assert_cmpstr (b1, ==, "Over https, with a token.\n");

  /* The wrong token: one clear message, and no loop of retries. */
  write_chapter (s->a, "1", "Not sent.\n");
  before = count_lines (log, " 401 1");
  refused = df_test_run_cli_args (s->a, wrong, NULL, "sync", "book", NULL);
  df_test_assert_run_fails (refused, 1, "The server refused the password: check the token");
  g_assert_cmpuint (count_lines (log, " 401 1") - before, <=, 1);
  status = df_test_run_cli_json (s->a, "sync", "status", "book", "--json", NULL);
  df_test_assert_contains (json_object_get_string_member (json_node_get_object (status), "last_error"),
                           "refused the password");
  no_token = df_test_run_cli_args (s->a, DF_TEST_STRV ("DRAFTFORGE_GIT_TOKEN"), NULL, "sync", "book", NULL);
  df_test_assert_run_fails (no_token, 1, "asks for a password");

  /* The token is nowhere: not in the databases, the repositories (their
   * config, their logs) or what was printed. */
  g_assert_null (strstr (refused->err, TOKEN));
  assert_token_nowhere (s->dir);
  stop (server);
}

/* kill -9 while a fetch is under way: the project and the repository
 * stay usable, and the next sync brings the version. */
static void
test_killed_mid_fetch (Sync          *s,
                       gconstpointer  data)
{
  const char * const right[] = { "DRAFTFORGE_GIT_TOKEN=" TOKEN, NULL };
  g_autofree char *log = NULL, *url = NULL, *stall = NULL, *b1 = NULL, *list = NULL, *line = NULL;
  g_autoptr(GDataInputStream) server_out = NULL;
  g_autoptr(GSubprocess) child = NULL;
  GSubprocess *server;

  (void) data;
  if (s->dir == NULL)
    return;
  stall = g_build_filename (s->dir, "stall", NULL);
  server = start_http (s, stall, &log, &url, &server_out);
  two_devices (s, url, right);
  write_chapter (s->a, "1", "Sent while B was killed.\n");
  g_free (cli_env (s->a, right, "sync", "book", NULL));

  g_assert_true (g_file_set_contents (stall, "", 0, NULL));
  g_setenv ("DRAFTFORGE_GIT_TOKEN", TOKEN, TRUE);
  child = df_test_spawn (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                         DF_TEST_STRV (g_getenv ("DRAFTFORGE_CLI"), "--db", s->b, "sync", "book"));
  g_unsetenv ("DRAFTFORGE_GIT_TOKEN");
  line = df_test_read_line (server_out);
  g_assert_cmpstr (line, ==, "STALLED");
  g_subprocess_send_signal (child, SIGKILL);
  df_test_wait_killed (child);
  g_assert_cmpint (g_remove (stall), ==, 0);

  list = df_test_run_cli_ok (s->b, "chapter", "list", "book", NULL);
  df_test_assert_contains (list, "One");
  g_free (cli_env (s->b, right, "sync", "book", NULL));
  b1 = chapter_text (s->b, "1");
  g_assert_cmpstr (b1, ==, "Sent while B was killed.\n");
  g_free (git (s->repo_b, "fsck", "--no-progress", NULL));
  stop (server);
}

/* ---- the migration ---------------------------------------------------------- */

static void
test_migrate (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(DfStore) store = df_test_store_new ("migrate-sync", &dir, &path);
  g_autoptr(GError) error = NULL;
  g_autoptr(DfChapter) chapter = df_test_make_chapter (store, "Kept", "One", "Words kept.");
  g_autoptr(DfSyncLink) link = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  gint64 project_id = chapter->project_id;

  g_clear_object (&store);
  df_test_sql_exec (path, "DROP TABLE sync_conflicts; DROP TABLE sync_links; PRAGMA user_version = 7");

  store = df_test_store_open (path);
  g_assert_cmpint (df_test_sql_int (df_store_get_db (store), "PRAGMA user_version"), ==, DF_STORE_SCHEMA_VERSION);
  g_clear_pointer (&chapter, df_chapter_free);
  chapter = df_chapter_get_by_number (store, project_id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chapter->content_md, ==, "Words kept.");
  g_assert_true (df_sync_link_create (store, project_id, "git", "/nowhere", NULL, &error));
  g_assert_no_error (error);
  link = df_sync_link_get (store, project_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (link->branch, ==, "main");
  g_assert_true (df_sync_conflict_add (store, chapter->id, "Their words.", "from Ann", &error));
  g_assert_no_error (error);
  conflicts = df_sync_conflict_list (store, project_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_clear_object (&store);
  df_test_tmp_dir_free (g_steal_pointer (&dir));
}

static char *
codex_field (const char *db,
             const char *name,
             const char *member)
{
  g_autoptr(JsonNode) entry = df_test_run_cli_json (db, "codex", "show", "book", name, "--json", NULL);
  JsonObject *o = json_node_get_object (entry);

  if (json_object_has_member (o, "entry"))
    o = json_object_get_object_member (o, "entry");
  return g_strdup (json_object_get_string_member (o, member));
}

/* The codex comes with a sync: an entry added there is added here (with
 * its relation to one here), one changed only there takes their change,
 * one changed on both sides keeps this side's and says so. */
static void
test_codex (Sync          *s,
            gconstpointer  data)
{
  g_autofree char *out = NULL, *desc = NULL, *kept = NULL, *related = NULL;
  g_autoptr(JsonNode) shown = NULL;

  (void) data;
  if (s->dir == NULL)
    return;
  two_devices (s, s->bare, NULL);
  g_free (df_test_run_cli_ok (s->a, "codex", "add", "book", "character", "Mara", "--description", "A sailor.", NULL));
  g_free (df_test_run_cli_ok (s->a, "codex", "add", "book", "location", "Harbour", "--description", "Grey stones.", NULL));
  sync_both (s, NULL);
  desc = codex_field (s->b, "Mara", "description");
  g_assert_cmpstr (desc, ==, "A sailor.");

  /* B: a new entry related to Mara, Mara described anew, the harbour too;
   * A: the harbour described its own way */
  g_free (df_test_run_cli_ok (s->b, "codex", "add", "book", "character", "Tomas", "--alias", "Tom", NULL));
  g_free (df_test_run_cli_ok (s->b, "codex", "relate", "book", "Tomas", "brother of", "Mara", NULL));
  g_free (df_test_run_cli_ok (s->b, "codex", "set", "book", "Mara", "description", "A sailor with grey eyes.", NULL));
  g_free (df_test_run_cli_ok (s->b, "codex", "set", "book", "Harbour", "description", "Ben's harbour.", NULL));
  g_free (df_test_run_cli_ok (s->a, "codex", "set", "book", "Harbour", "description", "Ann's harbour.", NULL));
  g_free (df_test_run_cli_ok (s->b, "sync", "book", NULL));
  out = df_test_run_cli_ok (s->a, "sync", "book", NULL);
  df_test_assert_contains (out, "The codex entry “Harbour” was changed on both sides");

  g_free (desc);
  desc = codex_field (s->a, "Mara", "description");
  g_assert_cmpstr (desc, ==, "A sailor with grey eyes.");
  kept = codex_field (s->a, "Harbour", "description");
  g_assert_cmpstr (kept, ==, "Ann's harbour.");
  shown = df_test_run_cli_json (s->a, "codex", "show", "book", "Tom", "--json", NULL);
  related = json_to_string (shown, FALSE);
  df_test_assert_contains (related, "brother of");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/migrate/sync", test_migrate);
  SYNC_TEST ("/sync/init-commit-log", test_init_commit_log);
  SYNC_TEST ("/sync/named-version", test_named_version);
  SYNC_TEST ("/sync/two-devices", test_two_devices);
  SYNC_TEST ("/sync/conflicts", test_conflicts);
  SYNC_TEST ("/sync/rename-delete", test_rename_delete);
  SYNC_TEST ("/sync/interop", test_interop);
  SYNC_TEST ("/sync/codex", test_codex);
  SYNC_TEST ("/sync/offline", test_offline);
  SYNC_TEST ("/sync/git-daemon", test_daemon);
  SYNC_TEST ("/sync/http", test_http);
  SYNC_TEST ("/sync/killed-mid-fetch", test_killed_mid_fetch);

  return g_test_run ();
}
