/* test-sync-history.c: a project's versions read back and restored
 *
 * With real git: the book restored to an earlier version is a new
 * version on top (history is never rewritten, git reads all of it), every
 * text replaced is kept among the chapters' revisions, and restoring the
 * version before the restore undoes it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-test-util.h"

static char *
cli (const char *db,
     const char *input,
     ...)
{
  g_autoptr(DfTestRun) run = NULL;
  va_list args;

  va_start (args, input);
  run = df_test_run_cli_valist (db, NULL, input, args);
  va_end (args);
  df_test_assert_run_ok (run);
  return g_strdup (run->out);
}

static char *
git_out (const char *repo,
         ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(DfTestRun) run = NULL;
  const char *arg;
  va_list args;

  g_strv_builder_add_many (builder, "git", "-C", repo, NULL);
  va_start (args, repo);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_strv_builder_add (builder, arg);
  va_end (args);
  argv = g_strv_builder_end (builder);
  run = df_test_run (NULL, NULL, NULL, (const char * const *) argv);
  g_assert_cmpint (run->status, ==, 0);
  return g_strdup (run->out);
}

static char *
version_id (JsonNode *log,
            guint     index)
{
  JsonArray *array = json_node_get_array (log);

  return g_strdup (json_object_get_string_member (json_array_get_object_element (array, index), "id"));
}

static void
test_restore (void)
{
  g_autofree char *dir = NULL, *db = NULL, *repo = NULL;
  g_autofree char *first = NULL, *second = NULL, *text = NULL, *count = NULL, *base = NULL;
  g_autoptr(JsonNode) log = NULL;
  g_autoptr(JsonNode) restored = NULL;
  g_autoptr(JsonNode) chapters = NULL;
  g_autoptr(JsonNode) undone = NULL;
  g_autoptr(JsonNode) revisions = NULL;
  g_autoptr(DfTestRun) bad = NULL;
  g_autoptr(GString) kept = g_string_new (NULL);
  JsonArray *array;

  if (!df_test_have_cli ())
    return;
  dir = df_test_tmp_dir_new ("sync-history");
  db = g_build_filename (dir, "a.db", NULL);
  repo = g_build_filename (dir, "repo", NULL);
  g_free (cli (db, NULL, "profile", "new", "Ann", NULL));
  g_free (cli (db, NULL, "project", "new", "Book", NULL));
  g_free (cli (db, NULL, "chapter", "add", "book", "One", NULL));
  g_free (cli (db, "The first text.\n", "chapter", "write", "book", "1", NULL));
  g_free (cli (db, NULL, "sync", "init", "book", "--repo", repo, NULL));
  g_free (cli (db, "The second text, longer.\n", "chapter", "write", "book", "1", NULL));
  g_free (cli (db, NULL, "chapter", "add", "book", "Two", NULL));
  g_free (cli (db, NULL, "sync", "commit", "book", "-m", "Second", NULL));

  log = df_test_run_cli_json (db, "sync", "log", "book", "--json", NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (log)), ==, 2);
  second = version_id (log, 0);
  first = version_id (log, 1);

  /* back to the first version, by a short id as sync log shows it */
  base = g_strndup (first, 8);
  restored = df_test_run_cli_json (db, "sync", "restore", "book", base, "--json", NULL);
  df_test_assert_contains (json_object_get_string_member (json_node_get_object (restored), "summary"),
                           "Restored the book to the version of");
  text = cli (db, NULL, "chapter", "cat", "book", "1", NULL);
  g_assert_cmpstr (text, ==, "The first text.\n");
  chapters = df_test_run_cli_json (db, "chapter", "list", "book", "--json", NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (chapters)), ==, 1);

  /* a new version on top: nothing rewritten, git reads every one */
  count = git_out (repo, "rev-list", "--count", "main", NULL);
  g_assert_cmpstr (count, ==, "3\n");
  g_clear_pointer (&log, json_node_unref);
  log = df_test_run_cli_json (db, "sync", "log", "book", "--json", NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (restored), "head"), ==,
                   json_object_get_string_member (json_array_get_object_element (json_node_get_array (log), 0), "id"));
  g_free (text);
  text = version_id (log, 1);
  g_assert_cmpstr (text, ==, second);

  /* the text replaced stays among the chapter's revisions */
  revisions = df_test_run_cli_json (db, "chapter", "revisions", "book", "1", "--json", NULL);
  array = json_node_get_array (revisions);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                             json_object_get_int_member (json_array_get_object_element (array, i), "id"));
      g_autofree char *shown = cli (db, NULL, "chapter", "revisions", "book", "1", "--show", id, NULL);
      g_string_append (kept, shown);
    }
  df_test_assert_contains (kept->str, "The second text");

  /* Undo: the version before the restore, restored */
  undone = df_test_run_cli_json (db, "sync", "restore", "book", second, "--json", NULL);
  g_free (text);
  text = cli (db, NULL, "chapter", "cat", "book", "1", NULL);
  g_assert_cmpstr (text, ==, "The second text, longer.\n");
  g_clear_pointer (&chapters, json_node_unref);
  chapters = df_test_run_cli_json (db, "chapter", "list", "book", "--json", NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (chapters)), ==, 2);
  g_free (count);
  count = git_out (repo, "rev-list", "--count", "main", NULL);
  g_assert_cmpstr (count, ==, "4\n");

  /* a version that is not one of the book's */
  bad = df_test_run_cli_args (db, NULL, NULL, "sync", "restore", "book", "0123456789abcdef", NULL);
  df_test_assert_run_fails (bad, 1, "There is no version");

  df_test_tmp_dir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/restore", test_restore);

  return g_test_run ();
}
