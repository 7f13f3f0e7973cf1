/* test-cli.c: draftforge-cli end to end, through the real binary
 *
 * Every test runs the program named by DRAFTFORGE_CLI with GSubprocess
 * against a database in a fresh temporary folder and checks what a user
 * sees: stdout, stderr and the exit status.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "df-test-util.h"

/* Urdu, no trailing newline: must come back byte for byte. */
static const char urdu_text[] =
  "# پہلا باب\n\nیہ ایک کہانی ہے۔ بارش ہو رہی تھی اور شہر خاموش تھا۔\n\n"
  "Then an English line — with an em dash, and “quotes”.";

typedef struct
{
  char *dir;
  char *db;
} Fixture;

typedef DfTestRun Run;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, df_test_run_free)

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = df_test_tmp_dir_new ("cli");
  f->db = g_build_filename (f->dir, "test.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  df_test_tmp_dir_free (f->dir);
  g_free (f->db);
}

/* Runs the CLI with @args; with @with_db, "--db f->db" comes first.
 * @env_db, when not NULL, is put in DRAFTFORGE_DB. */
static Run *
run_full (Fixture            *f,
          const char         *input,
          gboolean            with_db,
          const char         *env_db,
          const char * const *args)
{
  g_autofree char *db_var = env_db != NULL ? g_strconcat ("DRAFTFORGE_DB=", env_db, NULL) : NULL;

  return df_test_run_cli (with_db ? f->db : NULL, DF_TEST_STRV (db_var), input, args);
}

#define CLI(f, ...)          df_test_run_cli_args ((f)->db, NULL, NULL, __VA_ARGS__, NULL)
#define CLI_IN(f, in, ...)   df_test_run_cli_args ((f)->db, NULL, (in), __VA_ARGS__, NULL)

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      n++;
  return n;
}

/* Exit status 1, one line "draftforge-cli: ..." on stderr, nothing on
 * stdout. */
static void
assert_user_error (const Run  *run,
                   const char *needle)
{
  df_test_assert_run_fails (run, 1, needle);
  g_assert_cmpuint (count_lines (run->err), ==, 1);
  g_assert_true (g_str_has_suffix (run->err, "\n"));
}

/* Exit status 2, a one-line message and the hint. */
static void
assert_usage_error (const Run *run)
{
  const char *nl;

  df_test_assert_run_fails (run, 2, NULL);
  g_assert_cmpuint (count_lines (run->err), ==, 2);
  nl = strchr (run->err, '\n');
  g_assert_nonnull (nl);
  g_assert_true (g_str_has_prefix (nl + 1, "Try 'draftforge-cli "));
  g_assert_true (g_str_has_suffix (run->err, "--help'.\n"));
}

/* The JSON array a successful @run printed, of @n elements. */
static JsonNode *
json_list (const Run *run,
           guint      n)
{
  JsonNode *node = df_test_run_json (run);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, n);
  return node;
}

static void
assert_keys (JsonObject         *object,
             const char * const *keys)
{
  for (guint i = 0; keys[i] != NULL; i++)
    if (!json_object_has_member (object, keys[i]))
      g_error ("JSON key “%s” is missing", keys[i]);
}

static const char * const project_keys[] = {
  "slug", "title", "description", "type", "genre", "language", "target_word_count",
  "status", "parts", "chapters", "words", "created_at", "updated_at", "deleted_at", NULL
};

static const char * const chapter_keys[] = {
  "number", "title", "slug", "kind", "part", "part_title", "words", "updated_at", NULL
};

/* The output of a command that prints one value on one line. */
static char *
single_line (const Run *run)
{
  df_test_assert_run_ok (run);
  g_assert_true (g_str_has_suffix (run->out, "\n"));
  g_assert_cmpuint (count_lines (run->out), ==, 1);
  return g_strndup (run->out, run->out_len - 1);
}

static char *
new_project (Fixture    *f,
             const char *title)
{
  g_autoptr(Run) run = CLI (f, "project", "new", title);

  return single_line (run);
}

static void
add_chapter (Fixture    *f,
             const char *slug,
             const char *title,
             const char *expected_number)
{
  g_autoptr(Run) run = CLI (f, "chapter", "add", slug, title);
  g_autofree char *number = single_line (run);

  g_assert_cmpstr (number, ==, expected_number);
}

static void
write_chapter (Fixture    *f,
               const char *slug,
               const char *number,
               const char *text)
{
  g_autoptr(Run) run = CLI_IN (f, text, "chapter", "write", slug, number);

  df_test_assert_run_ok (run);
  g_assert_cmpstr (run->out, ==, "");
}

static void
assert_chapter_is (Fixture    *f,
                   const char *slug,
                   const char *number,
                   const char *text)
{
  g_autoptr(Run) run = CLI (f, "chapter", "cat", slug, number);

  df_test_assert_run_ok (run);
  g_assert_cmpuint (run->out_len, ==, strlen (text));
  g_assert_true (memcmp (run->out, text, run->out_len) == 0);
}

static JsonObject *
project_json (Fixture    *f,
              const char *slug,
              JsonNode  **node_out)
{
  g_autoptr(Run) run = CLI (f, "project", "show", slug, "--json");

  *node_out = df_test_run_json (run);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*node_out));
  assert_keys (json_node_get_object (*node_out), project_keys);
  return json_node_get_object (*node_out);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  return df_test_write_file (f->dir, name, contents, -1);
}

/* ---- help and usage ------------------------------------------------------ */

static const char * const all_commands[][2] = {
  { "import", NULL },
  { "project", "list" }, { "project", "show" }, { "project", "new" },
  { "project", "rename" }, { "project", "set" }, { "project", "delete" },
  { "project", "restore" }, { "project", "purge" },
  { "part", "list" }, { "part", "add" }, { "part", "rename" }, { "part", "set" },
  { "part", "delete" },
  { "chapter", "list" }, { "chapter", "cat" }, { "chapter", "write" },
  { "chapter", "add" }, { "chapter", "rename" }, { "chapter", "set" },
  { "chapter", "move" }, { "chapter", "delete" }, { "chapter", "revisions" },
  { "export-folder", NULL }, { "search", NULL }, { "replace", NULL }, { "stats", NULL },
  { "profile", "new" }, { "profile", "list" }, { "profile", "use" },
  { "profile", "show" }, { "profile", "set" },
  { "progress", NULL },
};

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  const char * const groups[] = { "project", "part", "chapter", "profile" };

  if (!df_test_have_cli ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (all_commands); i++)
    {
      g_autoptr(Run) run = NULL;
      g_autofree char *usage = NULL;

      if (all_commands[i][1] != NULL)
        {
          run = CLI (f, all_commands[i][0], all_commands[i][1], "--help");
          usage = g_strdup_printf ("draftforge-cli %s %s", all_commands[i][0], all_commands[i][1]);
        }
      else
        {
          run = CLI (f, all_commands[i][0], "--help");
          usage = g_strdup_printf ("draftforge-cli %s", all_commands[i][0]);
        }
      df_test_assert_run_ok (run);
      g_assert_true (g_str_has_prefix (run->out, "Usage:"));
      df_test_assert_contains (run->out, usage);
      df_test_assert_contains (run->out, "--help");

      /* The main help lists every command. */
      {
        g_autoptr(Run) main_help = CLI (f, "--help");
        const char *name = all_commands[i][1] != NULL ? all_commands[i][1] : all_commands[i][0];

        df_test_assert_run_ok (main_help);
        df_test_assert_contains (main_help->out, name);
      }
    }

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      g_autoptr(Run) run = CLI (f, groups[i], "--help");

      df_test_assert_run_ok (run);
      g_assert_true (g_str_has_prefix (run->out, "Usage:"));
    }

  {
    g_autoptr(Run) run = CLI (f, "-h");
    df_test_assert_run_ok (run);
    df_test_assert_contains (run->out, "Commands:");
  }
  {
    g_autoptr(Run) run = CLI (f, "help", "chapter", "write");
    df_test_assert_run_ok (run);
    df_test_assert_contains (run->out, "draftforge-cli chapter write");
  }
  {
    g_autoptr(Run) run = CLI (f, "--version");
    df_test_assert_run_ok (run);
    g_assert_cmpstr (run->out, ==, "draftforge-cli " PACKAGE_VERSION "\n");
  }

  /* Asking for help never creates a database. */
  g_assert_false (g_file_test (f->db, G_FILE_TEST_EXISTS));
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  const char * const bad[][7] = {
    { NULL },
    { "frobnicate", NULL },
    { "--frobnicate", "project", "list", NULL },
    { "project", NULL },
    { "project", "frob", NULL },
    { "project", "list", "--bogus", NULL },
    { "project", "list", "extra", NULL },
    { "project", "show", NULL },
    { "project", "show", "a", "b", NULL },
    { "project", "new", "T", "--target", "-5", NULL },
    { "project", "new", "T", "--target", "12abc", NULL },
    { "chapter", "cat", "x", "3x", NULL },
    { "chapter", "cat", "x", "0", NULL },
    { "chapter", "cat", "x", "-1", NULL },
    { "chapter", "cat", "x", " 1", NULL },
    { "chapter", "cat", "x", NULL },
    { "chapter", "move", "x", "1", "two", NULL },
    { "chapter", "add", "x", "T", "--part", "first", NULL },
    { "part", "rename", "x", "one", "T", NULL },
    { "import", "book.txt", "--format", "rtf", NULL },
    { "stats", "x", "--days", "0", NULL },
    { "search", "x", "q", "--limit", "abc", NULL },
    { "progress", "x", "1", "begin", NULL },
    { "progress", "x", "later", NULL },
    { "profile", "set", "experience_level", NULL },
  };

  if (!df_test_have_cli ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(Run) run = run_full (f, NULL, TRUE, NULL, bad[i]);

      g_test_message ("case %u: %s", i, run->err);
      assert_usage_error (run);
    }

  {
    const char * const no_path[] = { "--db", NULL };
    g_autoptr(Run) run = run_full (f, NULL, FALSE, NULL, no_path);
    assert_usage_error (run);
  }

  /* Bad usage never creates a database. */
  g_assert_false (g_file_test (f->db, G_FILE_TEST_EXISTS));
}

static void
test_unknown_slug (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *slug = NULL;

  if (!df_test_have_cli ())
    return;

  {
    g_autoptr(Run) run = CLI (f, "project", "show", "no-such-book");
    assert_user_error (run, "no-such-book");
  }
  {
    g_autoptr(Run) run = CLI (f, "chapter", "list", "no-such-book");
    assert_user_error (run, "no-such-book");
  }
  {
    g_autoptr(Run) run = CLI (f, "chapter", "cat", "no-such-book", "1");
    assert_user_error (run, "no-such-book");
  }
  {
    g_autoptr(Run) run = CLI (f, "stats", "no-such-book");
    assert_user_error (run, "no-such-book");
  }

  slug = new_project (f, "Small");
  add_chapter (f, slug, "Only", "1");
  {
    g_autoptr(Run) run = CLI (f, "chapter", "cat", slug, "2");
    assert_user_error (run, NULL);
  }
  {
    g_autoptr(Run) run = CLI (f, "part", "rename", slug, "1", "Nope");
    assert_user_error (run, NULL);
  }
  {
    g_autoptr(Run) run = CLI (f, "export-folder", "no-such-book", f->dir);
    assert_user_error (run, "no-such-book");
  }
}

/* ---- import -------------------------------------------------------------- */

static void
test_import_text (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *slug = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *project;

  if (!df_test_have_cli ())
    return;

  path = write_file (f, "little.txt",
                     "CHAPTER 1\n\n"
                     "It was a dark and stormy night; the rain fell in torrents.\n\n"
                     "CHAPTER 2\n\n"
                     "The morning came grey and cold over the moor.\n");
  {
    g_autoptr(Run) run = CLI (f, "import", path, "--title", "A Little Book", "--format", "text");
    slug = single_line (run);
  }
  g_assert_cmpstr (slug, ==, "a-little-book");

  project = project_json (f, slug, &node);
  g_assert_cmpstr (json_object_get_string_member (project, "title"), ==, "A Little Book");
  g_assert_cmpint (json_object_get_int_member (project, "chapters"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (project, "words"), >=, 20);

  {
    g_autoptr(Run) run = CLI (f, "chapter", "cat", slug, "2");
    df_test_assert_run_ok (run);
    df_test_assert_contains (run->out, "The morning came grey");
    g_assert_null (strstr (run->out, "stormy"));
  }

  /* A file that is not text is refused, and nothing is left behind. */
  {
    g_autofree char *binary = g_build_filename (f->dir, "binary.txt", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(Run) run = NULL;
    g_autoptr(Run) list = NULL;
    g_autoptr(JsonNode) list_node = NULL;

    static const char elf[] = "\x7f" "ELF\x02\x01\x01\0\0\0\xff\xfe";

    g_file_set_contents (binary, elf, sizeof elf - 1, &error);
    g_assert_no_error (error);
    run = CLI (f, "import", binary);
    assert_user_error (run, NULL);

    list = CLI (f, "project", "list", "--json");
    list_node = json_list (list, 1);
  }
  {
    g_autoptr(Run) run = CLI (f, "import", "/nonexistent/draftforge/book.txt");
    assert_user_error (run, NULL);
  }
}

static void
test_import_pride (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *slug = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *project;

  if (!df_test_have_cli ())
    return;

  path = df_test_corpus_path ("novels/pride-and-prejudice.txt");
  if (path == NULL)
    return;

  {
    g_autoptr(Run) run = CLI (f, "import", path);
    slug = single_line (run);
  }

  project = project_json (f, slug, &node);
  g_assert_cmpint (json_object_get_int_member (project, "chapters"), ==, 61);
  g_assert_cmpint (json_object_get_int_member (project, "words"), >, 100000);

  {
    g_autoptr(Run) run = CLI (f, "chapter", "list", slug, "--json");
    g_autoptr(JsonNode) list = json_list (run, 61);

  }
  {
    g_autoptr(Run) run = CLI (f, "search", slug, "Pemberley", "--limit", "5", "--json");
    g_autoptr(JsonNode) found = df_test_run_json (run);
    JsonObject *results = json_node_get_object (found);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (results, "hits")), ==, 5);
    g_assert_cmpint (json_object_get_int_member (results, "total"), >, 5);

  }
}

/* ---- projects ------------------------------------------------------------ */

static void
test_projects (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *slug = NULL;

  if (!df_test_have_cli ())
    return;

  {
    g_autoptr(Run) run = CLI (f, "project", "list");
    df_test_assert_run_ok (run);
    df_test_assert_contains (run->out, "No projects yet");
  }

  {
    g_autoptr(Run) run = CLI (f, "project", "new", "The Long Road", "--type", "short-story",
                              "--genre", "western", "--target", "40000");
    slug = single_line (run);
  }
  g_assert_cmpstr (slug, ==, "the-long-road");

  {
    g_autoptr(Run) run = CLI (f, "project", "new", "Bad Type", "--type", "opera");
    assert_user_error (run, "opera");
  }

  {
    g_autoptr(Run) run = CLI (f, "project", "list");
    df_test_assert_run_ok (run);
    g_assert_true (g_str_has_prefix (run->out, "SLUG"));
    df_test_assert_contains (run->out, "the-long-road");
    df_test_assert_contains (run->out, "The Long Road");
    g_assert_cmpuint (count_lines (run->out), ==, 2);
  }

  {
    g_autoptr(Run) run = CLI (f, "project", "list", "--json");
    g_autoptr(JsonNode) node = NULL;
    JsonArray *array;
    JsonObject *project;

    node = df_test_run_json (run);
    array = json_node_get_array (node);
    g_assert_cmpuint (json_array_get_length (array), ==, 1);
    project = json_array_get_object_element (array, 0);
    assert_keys (project, project_keys);
    g_assert_cmpstr (json_object_get_string_member (project, "slug"), ==, "the-long-road");
    g_assert_cmpstr (json_object_get_string_member (project, "type"), ==, "short-story");
    g_assert_cmpstr (json_object_get_string_member (project, "genre"), ==, "western");
    g_assert_cmpint (json_object_get_int_member (project, "target_word_count"), ==, 40000);
    g_assert_cmpstr (json_object_get_string_member (project, "status"), ==, "active");
    g_assert_cmpint (json_object_get_int_member (project, "chapters"), ==, 0);
    g_assert_true (json_object_get_null_member (project, "deleted_at"));
  }

  {
    g_autoptr(Run) run = CLI (f, "project", "show", slug);
    df_test_assert_run_ok (run);
    df_test_assert_contains (run->out, "The Long Road");
    df_test_assert_contains (run->out, "40000 words");
  }

  {
    g_autoptr(Run) run = CLI (f, "project", "rename", slug, "The Longer Road");
    g_autoptr(Run) genre = CLI (f, "project", "set", slug, "genre", "frontier");
    g_autoptr(Run) type = CLI (f, "project", "set", slug, "type", "novel");
    g_autoptr(Run) status = CLI (f, "project", "set", slug, "status", "archived");
    g_autoptr(JsonNode) node = NULL;
    JsonObject *project;

    df_test_assert_run_ok (run);
    df_test_assert_run_ok (genre);
    df_test_assert_run_ok (type);
    df_test_assert_run_ok (status);
    project = project_json (f, slug, &node);
    g_assert_cmpstr (json_object_get_string_member (project, "title"), ==, "The Longer Road");
    g_assert_cmpstr (json_object_get_string_member (project, "slug"), ==, "the-long-road");
    g_assert_cmpstr (json_object_get_string_member (project, "genre"), ==, "frontier");
    g_assert_cmpstr (json_object_get_string_member (project, "type"), ==, "novel");
    g_assert_cmpstr (json_object_get_string_member (project, "status"), ==, "archived");
  }

  {
    g_autoptr(Run) run = CLI (f, "project", "set", slug, "status", "finished");
    assert_user_error (run, "status");
    df_test_assert_contains (run->err, "active, archived, completed");
  }
  {
    g_autoptr(Run) run = CLI (f, "project", "set", slug, "colour", "blue");
    assert_user_error (run, "colour");
  }
  {
    g_autoptr(Run) run = CLI (f, "project", "rename", slug, "   ");
    assert_user_error (run, NULL);
  }

  /* Delete to the trash, then restore. */
  {
    g_autoptr(Run) run = CLI (f, "project", "delete", slug);
    df_test_assert_run_ok (run);
    df_test_assert_contains (run->out, "project restore the-long-road");
  }
  {
    g_autoptr(Run) run = CLI (f, "project", "list", "--json");
    g_autoptr(JsonNode) node = json_list (run, 0);

  }
  {
    g_autoptr(Run) run = CLI (f, "project", "list", "--trash", "--json");
    g_autoptr(JsonNode) node = NULL;
    JsonObject *project;

    node = json_list (run, 1);
    project = json_array_get_object_element (json_node_get_array (node), 0);
    g_assert_false (json_object_get_null_member (project, "deleted_at"));
  }
  {
    g_autoptr(Run) run = CLI (f, "chapter", "list", slug);
    assert_user_error (run, slug);
  }
  {
    g_autoptr(Run) run = CLI (f, "project", "restore", slug);
    g_autoptr(Run) again = CLI (f, "project", "restore", slug);
    g_autoptr(Run) list = CLI (f, "project", "list");

    df_test_assert_run_ok (run);
    assert_user_error (again, "not in the trash");
    df_test_assert_run_ok (list);
    df_test_assert_contains (list->out, "the-long-road");
  }

  /* Purge needs the trash first. */
  {
    g_autoptr(Run) refused = CLI (f, "project", "purge", slug);
    g_autoptr(Run) del = CLI (f, "project", "delete", slug);
    g_autoptr(Run) purge = CLI (f, "project", "purge", slug);
    g_autoptr(Run) show = CLI (f, "project", "show", slug);

    assert_user_error (refused, "not in the trash");
    df_test_assert_run_ok (del);
    df_test_assert_run_ok (purge);
    assert_user_error (show, slug);
  }
}

/* ---- chapters and parts -------------------------------------------------- */

static void
test_chapters (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *slug = NULL;
  g_autofree char *file = NULL;
  const char *from_file = "Second chapter, from a file.\nNo newline at the end";

  if (!df_test_have_cli ())
    return;

  slug = new_project (f, "Chapters");
  {
    g_autoptr(Run) run = CLI (f, "chapter", "list", slug, "--json");
    g_autoptr(JsonNode) node = json_list (run, 0);

  }

  add_chapter (f, slug, "Alpha", "1");
  add_chapter (f, slug, "Beta", "2");
  add_chapter (f, slug, "Gamma", "3");

  /* stdin, byte for byte, Urdu and no trailing newline */
  write_chapter (f, slug, "1", urdu_text);
  assert_chapter_is (f, slug, "1", urdu_text);

  /* from a file */
  file = write_file (f, "beta.md", from_file);
  {
    g_autoptr(Run) run = CLI (f, "chapter", "write", slug, "2", file);
    df_test_assert_run_ok (run);
  }
  assert_chapter_is (f, slug, "2", from_file);

  /* An empty chapter prints nothing at all. */
  assert_chapter_is (f, slug, "3", "");

  /* Not UTF-8: refused, the chapter unchanged. */
  {
    g_autoptr(Run) run = CLI_IN (f, "caf\xe9 au lait", "chapter", "write", slug, "1");
    assert_user_error (run, "UTF-8");
  }
  {
    g_autofree char *latin1 = write_file (f, "latin1.txt", "na\xefve");
    g_autoptr(Run) run = CLI (f, "chapter", "write", slug, "1", latin1);
    assert_user_error (run, "latin1.txt");
  }
  {
    g_autofree char *missing = g_build_filename (f->dir, "missing.md", NULL);
    g_autoptr(Run) run = CLI (f, "chapter", "write", slug, "1", missing);
    assert_user_error (run, "missing.md");
  }
  assert_chapter_is (f, slug, "1", urdu_text);

  /* Revisions: the previous text is kept at each save. */
  write_chapter (f, slug, "1", "Rewritten.");
  {
    g_autoptr(Run) run = CLI (f, "chapter", "revisions", slug, "1", "--json");
    g_autoptr(JsonNode) node = NULL;
    JsonArray *revisions;
    JsonObject *newest;
    g_autofree char *id = NULL;

    node = df_test_run_json (run);
    revisions = json_node_get_array (node);
    g_assert_cmpuint (json_array_get_length (revisions), >=, 1);
    newest = json_array_get_object_element (revisions, 0);
    assert_keys (newest, (const char * const[]) { "id", "created_at", "content_hash", "words", "bytes", NULL });
    g_assert_cmpint (json_object_get_int_member (newest, "bytes"), ==, (gint64)strlen (urdu_text));

    id = g_strdup_printf ("%" PRId64, json_object_get_int_member (newest, "id"));
    {
      g_autoptr(Run) show = CLI (f, "chapter", "revisions", slug, "1", "--show", id);

      df_test_assert_run_ok (show);
      g_assert_cmpuint (show->out_len, ==, strlen (urdu_text));
      g_assert_true (memcmp (show->out, urdu_text, show->out_len) == 0);
    }
  }
  {
    g_autoptr(Run) run = CLI (f, "chapter", "revisions", slug, "1");
    df_test_assert_run_ok (run);
    g_assert_true (g_str_has_prefix (run->out, "ID"));
  }
  assert_chapter_is (f, slug, "1", "Rewritten.");

  /* list */
  {
    g_autoptr(Run) run = CLI (f, "chapter", "list", slug, "--json");
    g_autoptr(JsonNode) node = NULL;
    JsonArray *chapters;
    JsonObject *second;

    node = df_test_run_json (run);
    chapters = json_node_get_array (node);
    g_assert_cmpuint (json_array_get_length (chapters), ==, 3);
    second = json_array_get_object_element (chapters, 1);
    assert_keys (second, chapter_keys);
    g_assert_cmpint (json_object_get_int_member (second, "number"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (second, "title"), ==, "Beta");
    g_assert_cmpstr (json_object_get_string_member (second, "kind"), ==, "chapter");
    g_assert_true (json_object_get_null_member (second, "part"));
    g_assert_true (json_object_get_null_member (second, "part_title"));
    g_assert_cmpint (json_object_get_int_member (second, "words"), ==, 10);
  }
  {
    g_autoptr(Run) run = CLI (f, "chapter", "list", slug);
    df_test_assert_run_ok (run);
    g_assert_cmpuint (count_lines (run->out), ==, 4);
    df_test_assert_contains (run->out, "Gamma");
  }

  /* rename, move, delete */
  {
    g_autoptr(Run) rename = CLI (f, "chapter", "rename", slug, "3", "Gamma Prime");
    g_autoptr(Run) move = CLI (f, "chapter", "move", slug, "3", "1");
    g_autoptr(Run) list = NULL;
    g_autoptr(JsonNode) node = NULL;
    JsonArray *chapters;

    df_test_assert_run_ok (rename);
    df_test_assert_run_ok (move);
    list = CLI (f, "chapter", "list", slug, "--json");
    node = df_test_run_json (list);
    chapters = json_node_get_array (node);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (chapters, 0), "title"), ==, "Gamma Prime");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (chapters, 1), "title"), ==, "Alpha");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (chapters, 2), "title"), ==, "Beta");
  }
  assert_chapter_is (f, slug, "3", from_file);
  {
    g_autoptr(Run) run = CLI (f, "chapter", "move", slug, "1", "9");
    assert_user_error (run, NULL);
  }
  {
    g_autoptr(Run) run = CLI (f, "chapter", "delete", slug, "1");
    g_autoptr(Run) list = NULL;
    g_autoptr(JsonNode) node = NULL;

    df_test_assert_run_ok (run);
    list = CLI (f, "chapter", "list", slug, "--json");
    node = json_list (list, 2);
  }
  assert_chapter_is (f, slug, "1", "Rewritten.");
  assert_chapter_is (f, slug, "2", from_file);

  /* The deleted chapter is listed and comes back at the end, once. */
  {
    g_autoptr(Run) listed = CLI (f, "chapter", "deleted", slug, "--json");
    g_autoptr(Run) table = CLI (f, "chapter", "deleted", slug);
    g_autoptr(Run) back = NULL;
    g_autoptr(Run) again = NULL;
    g_autoptr(Run) bad = CLI (f, "chapter", "undelete", slug, "abc");
    g_autoptr(Run) none = NULL;
    g_autoptr(Run) gone = NULL;
    g_autoptr(JsonNode) node = NULL;
    g_autofree char *revision = NULL;
    g_autofree char *title = NULL;
    JsonObject *entry;

    node = json_list (listed, 1);
    entry = json_array_get_object_element (json_node_get_array (node), 0);
    assert_keys (entry, (const char * const[]) { "revision", "title", "deleted_at", "words", NULL });
    revision = g_strdup_printf ("%" PRId64, json_object_get_int_member (entry, "revision"));
    title = g_strdup (json_object_get_string_member (entry, "title"));
    df_test_assert_run_ok (table);
    g_assert_nonnull (strstr (table->out, title));

    back = CLI (f, "chapter", "undelete", slug, revision);
    df_test_assert_run_ok (back);
    g_assert_cmpstr (back->out, ==, "3\n");
    {
      g_autoptr(Run) list = CLI (f, "chapter", "list", slug, "--json");
      g_autoptr(JsonNode) chapters = NULL;
      JsonObject *third;

      chapters = json_list (list, 3);
      third = json_array_get_object_element (json_node_get_array (chapters), 2);
      g_assert_cmpstr (json_object_get_string_member (third, "title"), ==, title);
    }
    again = CLI (f, "chapter", "undelete", slug, revision);
    assert_user_error (again, "chapter deleted");
    assert_usage_error (bad);
    none = CLI (f, "chapter", "deleted", slug);
    df_test_assert_run_ok (none);
    g_assert_cmpstr (none->out, ==, "No deleted chapters.\n");

    /* As it was before, for what follows. */
    gone = CLI (f, "chapter", "delete", slug, "3");
    df_test_assert_run_ok (gone);
  }

  {
    g_autoptr(Run) run = CLI (f, "chapter", "set", slug, "1", "kind", "lesson");
    g_autoptr(Run) bad = CLI (f, "chapter", "set", slug, "1", "kind", "poem");

    df_test_assert_run_ok (run);
    assert_user_error (bad, "kind");
  }

  /* A title starting with a dash, after "--". */
  {
    g_autoptr(Run) dash = CLI (f, "chapter", "add", slug, "--", "-30-");
    g_autoptr(Run) unseparated = CLI (f, "chapter", "add", slug, "-30-");
    g_autofree char *n = single_line (dash);

    g_assert_cmpstr (n, ==, "3");
    assert_usage_error (unseparated);
  }
  {
    g_autoptr(Run) list = CLI (f, "chapter", "list", slug);
    df_test_assert_run_ok (list);
    df_test_assert_contains (list->out, "-30-");
  }
}

static void
test_parts (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *slug = NULL;

  if (!df_test_have_cli ())
    return;

  slug = new_project (f, "Parts");
  {
    g_autoptr(Run) one = CLI (f, "part", "add", slug, "Book One");
    g_autoptr(Run) two = CLI (f, "part", "add", slug, "Book Two");
    g_autofree char *n1 = single_line (one);
    g_autofree char *n2 = single_line (two);

    g_assert_cmpstr (n1, ==, "1");
    g_assert_cmpstr (n2, ==, "2");
  }
  {
    g_autoptr(Run) a = CLI (f, "chapter", "add", slug, "In two", "--part", "2");
    g_autoptr(Run) b = CLI (f, "chapter", "add", slug, "In one", "--part", "1");
    g_autofree char *na = single_line (a);
    g_autofree char *nb = single_line (b);

    g_assert_cmpstr (na, ==, "1");
    /* An empty part's first chapter goes at the end of the book. */
    g_assert_cmpstr (nb, ==, "2");
  }
  {
    g_autoptr(Run) run = CLI (f, "chapter", "add", slug, "Nowhere", "--part", "7");
    assert_user_error (run, NULL);
  }
  {
    g_autoptr(Run) run = CLI (f, "chapter", "list", slug, "--json");
    g_autoptr(JsonNode) node = NULL;
    JsonObject *first;

    node = df_test_run_json (run);
    first = json_array_get_object_element (json_node_get_array (node), 1);
    g_assert_cmpstr (json_object_get_string_member (first, "title"), ==, "In one");
    g_assert_cmpint (json_object_get_int_member (first, "part"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (first, "part_title"), ==, "Book One");
  }
  {
    g_autoptr(Run) rename = CLI (f, "part", "rename", slug, "2", "The Second Book");
    g_autoptr(Run) list = NULL;
    g_autoptr(JsonNode) node = NULL;
    JsonObject *second;

    df_test_assert_run_ok (rename);
    list = CLI (f, "part", "list", slug, "--json");
    node = json_list (list, 2);
    second = json_array_get_object_element (json_node_get_array (node), 1);
    assert_keys (second, (const char * const[]) { "number", "title", "chapters", "words", NULL });
    g_assert_cmpstr (json_object_get_string_member (second, "title"), ==, "The Second Book");
    g_assert_cmpint (json_object_get_int_member (second, "chapters"), ==, 1);
  }
  {
    g_autoptr(Run) list = CLI (f, "part", "list", slug);
    df_test_assert_run_ok (list);
    df_test_assert_contains (list->out, "The Second Book");
  }
  {
    g_autoptr(Run) del = CLI (f, "part", "delete", slug, "1");
    g_autoptr(Run) list = NULL;
    g_autoptr(JsonNode) node = NULL;
    JsonArray *chapters;
    gboolean found = FALSE;

    df_test_assert_run_ok (del);
    list = CLI (f, "chapter", "list", slug, "--json");
    node = df_test_run_json (list);
    chapters = json_node_get_array (node);
    /* Its chapter stays, without a part. */
    g_assert_cmpuint (json_array_get_length (chapters), ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        JsonObject *chapter = json_array_get_object_element (chapters, i);

        if (g_strcmp0 (json_object_get_string_member (chapter, "title"), "In one") == 0)
          {
            found = TRUE;
            g_assert_true (json_object_get_null_member (chapter, "part"));
          }
      }
    g_assert_true (found);
  }
}

/* The book as "title/part title,…" from chapter list --json. */
static char *
chapter_order (Fixture    *f,
               const char *slug)
{
  g_autoptr(Run) run = CLI (f, "chapter", "list", slug, "--json");
  g_autoptr(JsonNode) node = df_test_run_json (run);
  JsonArray *chapters = json_node_get_array (node);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (chapters); i++)
    {
      JsonObject *c = json_array_get_object_element (chapters, i);

      g_string_append_printf (out, "%s%s", i > 0 ? "," : "", json_object_get_string_member (c, "title"));
      if (!json_object_get_null_member (c, "part_title"))
        g_string_append_printf (out, "/%s", json_object_get_string_member (c, "part_title"));
    }
  return g_string_free (out, FALSE);
}

/* chapter move --part: into a part, at a place in it, or out of parts. */
static void
test_chapter_move_to_part (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *slug = NULL;
  g_autofree char *order = NULL;
  const char * const setup[][6] = {
    { "part", "add", NULL, "One", NULL }, { "part", "add", NULL, "Two", NULL },
    { "chapter", "add", NULL, "A", "--part", "1" }, { "chapter", "add", NULL, "B", "--part", "1" },
    { "chapter", "add", NULL, "C", "--part", "2" },
  };

  if (!df_test_have_cli ())
    return;

  slug = new_project (f, "Moves");
  for (guint i = 0; i < G_N_ELEMENTS (setup); i++)
    {
      g_autoptr(Run) run = CLI (f, setup[i][0], setup[i][1], slug, setup[i][3], setup[i][4], setup[i][5]);
      df_test_assert_run_ok (run);
    }
  order = chapter_order (f, slug);
  g_assert_cmpstr (order, ==, "A/One,B/One,C/Two");
  g_clear_pointer (&order, g_free);

  /* C into part One, first in it. */
  {
    g_autoptr(Run) run = CLI (f, "chapter", "move", slug, "3", "1", "--part", "1");
    df_test_assert_run_ok (run);
  }
  order = chapter_order (f, slug);
  g_assert_cmpstr (order, ==, "C/One,A/One,B/One");
  g_clear_pointer (&order, g_free);

  /* A into the part Two, left empty: where that part stands. */
  {
    g_autoptr(Run) run = CLI (f, "chapter", "move", slug, "2", "--part", "2");
    df_test_assert_run_ok (run);
  }
  order = chapter_order (f, slug);
  g_assert_cmpstr (order, ==, "C/One,B/One,A/Two");
  g_clear_pointer (&order, g_free);

  /* Out of any part with --part 0. */
  {
    g_autoptr(Run) run = CLI (f, "chapter", "move", slug, "3", "--part", "0");
    df_test_assert_run_ok (run);
  }
  order = chapter_order (f, slug);
  g_assert_cmpstr (order, ==, "A,C/One,B/One");
  g_clear_pointer (&order, g_free);

  /* Neither TO nor --part; a part that is not a number; one not there. */
  {
    g_autoptr(Run) none = CLI (f, "chapter", "move", slug, "1");
    g_autoptr(Run) word = CLI (f, "chapter", "move", slug, "1", "--part", "first");
    g_autoptr(Run) missing = CLI (f, "chapter", "move", slug, "1", "--part", "9");

    assert_usage_error (none);
    assert_usage_error (word);
    assert_user_error (missing, NULL);
  }
  order = chapter_order (f, slug);
  g_assert_cmpstr (order, ==, "A,C/One,B/One");
}

/* ---- export and import round trip ---------------------------------------- */

static void
test_export_roundtrip (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *slug = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *dir = NULL;
  const char *texts[] = { urdu_text, "## A scene\n\nShe *ran*.\n\n> quoted\n", "Last line, no newline" };
  const char *numbers[] = { "1", "2", "3" };

  if (!df_test_have_cli ())
    return;

  slug = new_project (f, "Round Trip");
  {
    g_autoptr(Run) run = CLI (f, "part", "add", slug, "First Part");
    df_test_assert_run_ok (run);
  }
  add_chapter (f, slug, "One", "1");
  add_chapter (f, slug, "دوسرا", "2");
  add_chapter (f, slug, "Three", "3");
  for (guint i = 0; i < 3; i++)
    write_chapter (f, slug, numbers[i], texts[i]);

  dir = g_build_filename (f->dir, "export", NULL);
  {
    g_autoptr(Run) run = CLI (f, "export-folder", slug, dir);
    df_test_assert_run_ok (run);
    g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
  }

  {
    g_autoptr(Run) run = CLI (f, "import", dir, "--title", "Round Trip Copy");
    copy = single_line (run);
  }
  g_assert_cmpstr (copy, !=, slug);

  {
    g_autoptr(JsonNode) a = NULL;
    g_autoptr(JsonNode) b = NULL;
    JsonObject *pa = project_json (f, slug, &a);
    JsonObject *pb = project_json (f, copy, &b);

    g_assert_cmpint (json_object_get_int_member (pb, "chapters"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (pb, "words"), ==, json_object_get_int_member (pa, "words"));
  }

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(Run) orig = CLI (f, "chapter", "cat", slug, numbers[i]);
      g_autoptr(Run) back = CLI (f, "chapter", "cat", copy, numbers[i]);

      df_test_assert_run_ok (orig);
      df_test_assert_run_ok (back);
      g_assert_cmpuint (back->out_len, ==, strlen (texts[i]));
      g_assert_cmpuint (orig->out_len, ==, back->out_len);
      g_assert_true (memcmp (orig->out, back->out, orig->out_len) == 0);
    }

  {
    g_autoptr(Run) list = CLI (f, "chapter", "list", copy, "--json");
    g_autoptr(JsonNode) node = NULL;
    JsonObject *second;

    node = df_test_run_json (list);
    second = json_array_get_object_element (json_node_get_array (node), 1);
    g_assert_cmpstr (json_object_get_string_member (second, "title"), ==, "دوسرا");
  }
}

/* ---- search and statistics ----------------------------------------------- */

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *slug = NULL;

  if (!df_test_have_cli ())
    return;

  slug = new_project (f, "Searchable");
  add_chapter (f, slug, "Harbour", "1");
  add_chapter (f, slug, "Hills", "2");
  write_chapter (f, slug, "1", "The fog lay on the harbour.");
  write_chapter (f, slug, "2", "Above the town a zeppelin drifted slowly over the hills.");

  {
    g_autoptr(Run) run = CLI (f, "search", slug, "zeppelin");
    df_test_assert_run_ok (run);
    g_assert_true (g_str_has_prefix (run->out, "2  Hills, line 1\n"));
    df_test_assert_contains (run->out, "a [zeppelin] drifted");
    df_test_assert_contains (run->out, "Showing 1–1 of 1 occurrence in 1 chapter.");
    g_assert_cmpuint (count_lines (run->out), ==, 3);
  }
  {
    g_autoptr(Run) run = CLI (f, "search", slug, "zeppelin", "--json");
    g_autoptr(JsonNode) node = df_test_run_json (run);
    JsonObject *results = json_node_get_object (node);
    JsonArray *hits;
    JsonObject *hit;

    assert_keys (results, (const char * const[]) { "total", "chapters", "offset", "hits", NULL });
    g_assert_cmpint (json_object_get_int_member (results, "total"), ==, 1);
    hits = json_object_get_array_member (results, "hits");
    g_assert_cmpuint (json_array_get_length (hits), ==, 1);
    hit = json_array_get_object_element (hits, 0);
    assert_keys (hit, (const char * const[]) { "number", "title", "line", "offset", "length", "snippet", "in_title", NULL });
    g_assert_cmpint (json_object_get_int_member (hit, "number"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (hit, "title"), ==, "Hills");
    g_assert_cmpint (json_object_get_int_member (hit, "offset"), ==, 17);
    g_assert_cmpint (json_object_get_int_member (hit, "length"), ==, 8);
    df_test_assert_contains (json_object_get_string_member (hit, "snippet"), "[zeppelin]");
  }
  {
    g_autoptr(Run) run = CLI (f, "search", slug, "submarine");
    df_test_assert_run_ok (run);
    df_test_assert_contains (run->out, "matches");
  }
  /* "the" 4 times in two chapters: pages of 3 and what is past the end. */
  {
    g_autoptr(Run) run = CLI (f, "search", slug, "the", "--limit", "3", "--offset", "2", "--json");
    g_autoptr(JsonNode) node = df_test_run_json (run);
    JsonObject *results = json_node_get_object (node);
    JsonArray *hits = json_object_get_array_member (results, "hits");

    g_assert_cmpint (json_object_get_int_member (results, "total"), ==, 4);
    g_assert_cmpint (json_object_get_int_member (results, "chapters"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (results, "offset"), ==, 2);
    g_assert_cmpuint (json_array_get_length (hits), ==, 2);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (hits, 0), "number"), ==, 2);
  }
  {
    g_autoptr(Run) run = CLI (f, "search", slug, "the", "--limit", "2");
    df_test_assert_run_ok (run);
    df_test_assert_contains (run->out, "Showing 1–2 of 4 occurrences in 2 chapters.");
  }
  {
    g_autoptr(Run) run = CLI (f, "search", slug, "the", "--offset", "9");
    df_test_assert_run_ok (run);
    df_test_assert_contains (run->out, "Nothing from occurrence 10 on: 4 occurrences in 2 chapters.");
  }
  {
    g_autoptr(Run) run = CLI (f, "search", slug, "\"the town\"", "--json");
    g_autoptr(JsonNode) node = df_test_run_json (run);

    g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "total"), ==, 1);
  }
  {
    g_autoptr(Run) run = CLI (f, "search", slug, "the", "--offset", "-1");
    g_assert_cmpint (run->status, !=, 0);
  }
}

/* replace: whole words, the case kept, a dry run writing nothing, the
 * text before in the chapter's earlier versions. */
static void
test_replace (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *slug = NULL;

  if (!df_test_have_cli ())
    return;

  slug = new_project (f, "Replaceable");
  add_chapter (f, slug, "Rain", "1");
  add_chapter (f, slug, "Dry", "2");
  write_chapter (f, slug, "1", "Rain fell; the rain, the rains. RAIN!");
  write_chapter (f, slug, "2", "Nothing.");

  {
    g_autoptr(Run) run = CLI (f, "replace", slug, "rain", "snow", "--dry-run", "--json");
    g_autoptr(JsonNode) node = df_test_run_json (run);
    JsonObject *record = json_node_get_object (node);
    JsonObject *change;

    assert_keys (record, (const char * const[]) { "replaced", "chapters", "dry_run", "changes", NULL });
    g_assert_cmpint (json_object_get_int_member (record, "replaced"), ==, 3);
    g_assert_true (json_object_get_boolean_member (record, "dry_run"));
    change = json_array_get_object_element (json_object_get_array_member (record, "changes"), 0);
    g_assert_cmpint (json_object_get_int_member (change, "number"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (change, "count"), ==, 3);
  }
  {
    g_autoptr(Run) run = CLI (f, "chapter", "cat", slug, "1");
    df_test_assert_run_ok (run);
    g_assert_cmpstr (run->out, ==, "Rain fell; the rain, the rains. RAIN!");
  }
  {
    g_autoptr(Run) run = CLI (f, "replace", slug, "rain", "snow");
    df_test_assert_run_ok (run);
    df_test_assert_contains (run->out, "Replaced 3 occurrences in 1 chapter;");
  }
  {
    g_autoptr(Run) run = CLI (f, "chapter", "cat", slug, "1");
    df_test_assert_run_ok (run);
    g_assert_cmpstr (run->out, ==, "Snow fell; the snow, the rains. SNOW!");
  }
  {
    g_autoptr(Run) run = CLI (f, "chapter", "revisions", slug, "1", "--json");
    df_test_assert_run_ok (run);
    df_test_assert_contains (run->out, "\"kind\" : \"save\"");
  }
  {
    g_autoptr(Run) run = CLI (f, "replace", slug, "\"", "x");
    g_assert_cmpint (run->status, !=, 0);
    df_test_assert_contains (run->err, "Type at least one word to replace");
  }
}

static void
test_stats (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *slug = NULL;

  if (!df_test_have_cli ())
    return;

  {
    g_autoptr(Run) run = CLI (f, "project", "new", "Counted", "--target", "100");
    slug = single_line (run);
  }
  add_chapter (f, slug, "First", "1");
  add_chapter (f, slug, "Second", "2");
  write_chapter (f, slug, "1", "one two three four five");
  write_chapter (f, slug, "2", "six seven eight");

  {
    g_autoptr(Run) run = CLI (f, "stats", slug, "--json", "--days", "3");
    g_autoptr(JsonNode) node = NULL;
    JsonObject *stats;
    JsonArray *days;
    JsonObject *today;

    node = df_test_run_json (run);
    stats = json_node_get_object (node);
    assert_keys (stats, (const char * const[]) { "slug", "words", "chapters", "parts", "words_today",
                                                 "current_streak", "longest_streak", "target_word_count",
                                                 "target_percent", "reading_minutes", "days", NULL });
    g_assert_cmpint (json_object_get_int_member (stats, "words"), ==, 8);
    g_assert_cmpint (json_object_get_int_member (stats, "chapters"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (stats, "parts"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (stats, "words_today"), ==, 8);
    g_assert_cmpint (json_object_get_int_member (stats, "current_streak"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (stats, "longest_streak"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (stats, "target_word_count"), ==, 100);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (stats, "target_percent"), 8.0, 0.01);
    g_assert_cmpint (json_object_get_int_member (stats, "reading_minutes"), ==, 1);

    days = json_object_get_array_member (stats, "days");
    g_assert_cmpuint (json_array_get_length (days), ==, 3);
    today = json_array_get_object_element (days, 2);
    assert_keys (today, (const char * const[]) { "date", "words", "words_written", "chapters", "commits", NULL });
    g_assert_cmpint (json_object_get_int_member (today, "words_written"), ==, 8);
    g_assert_cmpint (json_object_get_int_member (today, "words"), ==, 8);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (days, 0), "words_written"), ==, 0);
  }

  {
    g_autoptr(Run) run = CLI (f, "stats", slug);
    df_test_assert_run_ok (run);
    df_test_assert_contains (run->out, "Words:");
    df_test_assert_contains (run->out, "8.0%");
    g_assert_null (strstr (run->out, "DATE"));
  }
  {
    g_autoptr(Run) run = CLI (f, "stats", slug, "--days", "2");
    df_test_assert_run_ok (run);
    df_test_assert_contains (run->out, "DATE");
  }
  {
    g_autoptr(Run) run = CLI (f, "stats", slug, "--json");
    g_autoptr(JsonNode) node = NULL;

    node = df_test_run_json (run);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (node), "days")), ==, 0);
  }
}

/* ---- profiles and progress ----------------------------------------------- */

static JsonObject *
find_profile (JsonArray  *profiles,
              const char *name)
{
  for (guint i = 0; i < json_array_get_length (profiles); i++)
    {
      JsonObject *profile = json_array_get_object_element (profiles, i);

      if (g_strcmp0 (json_object_get_string_member (profile, "display_name"), name) == 0)
        return profile;
    }
  g_error ("no profile “%s”", name);
  return NULL;
}

static void
test_profiles (Fixture       *f,
               gconstpointer  data)
{
  if (!df_test_have_cli ())
    return;

  {
    g_autoptr(Run) run = CLI (f, "profile", "show");
    assert_user_error (run, "profile new");
  }
  {
    g_autoptr(Run) ann = CLI (f, "profile", "new", "Ann");
    g_autoptr(Run) bob = CLI (f, "profile", "new", "Bob");
    g_autoptr(Run) again = CLI (f, "profile", "new", "Ann");

    df_test_assert_run_ok (ann);
    df_test_assert_run_ok (bob);
    assert_user_error (again, NULL);
  }
  {
    g_autoptr(Run) run = CLI (f, "profile", "list", "--json");
    g_autoptr(JsonNode) node = NULL;
    JsonArray *profiles;

    node = df_test_run_json (run);
    profiles = json_node_get_array (node);
    g_assert_cmpuint (json_array_get_length (profiles), ==, 2);
    assert_keys (find_profile (profiles, "Ann"),
                 (const char * const[]) { "id", "display_name", "active", "email", "onboarding_completed",
                                          "experience_level", "education_level", "programming_experience",
                                          "ai_ml_experience", "robotics_background", "learning_goals",
                                          "preferred_language", "profile_data", "created_at", "updated_at", NULL });
    g_assert_true (json_object_get_boolean_member (find_profile (profiles, "Ann"), "active"));
    g_assert_false (json_object_get_boolean_member (find_profile (profiles, "Bob"), "active"));
  }
  {
    g_autoptr(Run) use = CLI (f, "profile", "use", "Bob");
    g_autoptr(Run) list = CLI (f, "profile", "list");
    g_auto(GStrv) lines = NULL;

    df_test_assert_run_ok (use);
    df_test_assert_run_ok (list);
    lines = g_strsplit (list->out, "\n", -1);
    for (guint i = 1; lines[i] != NULL && *lines[i] != '\0'; i++)
      {
        if (g_str_has_suffix (lines[i], "Bob"))
          g_assert_true (g_str_has_prefix (lines[i], "*"));
        else
          g_assert_false (g_str_has_prefix (lines[i], "*"));
      }
  }
  {
    g_autoptr(Run) run = CLI (f, "profile", "use", "Nobody");
    assert_user_error (run, "Nobody");
  }

  /* A bad value names the field and the allowed values. */
  {
    g_autoptr(Run) run = CLI (f, "profile", "set", "experience_level", "guru");
    assert_user_error (run, "experience_level");
    df_test_assert_contains (run->err, "beginner, intermediate, expert");
    df_test_assert_contains (run->err, "guru");
  }
  {
    g_autoptr(Run) run = CLI (f, "profile", "set", "preferred_language", "fr");
    assert_user_error (run, "preferred_language");
  }
  {
    g_autoptr(Run) level = CLI (f, "profile", "set", "experience_level", "expert");
    g_autoptr(Run) lang = CLI (f, "profile", "set", "preferred_language", "ur");
    g_autoptr(Run) goals = CLI (f, "profile", "set", "learning_goals", "research,hobby");
    g_autoptr(Run) email = CLI (f, "profile", "set", "email", "ann@example.org", "--profile", "Ann");
    g_autoptr(Run) bob = NULL;
    g_autoptr(Run) ann = NULL;
    g_autoptr(JsonNode) bob_node = NULL;
    g_autoptr(JsonNode) ann_node = NULL;
    JsonObject *b;

    df_test_assert_run_ok (level);
    df_test_assert_run_ok (lang);
    df_test_assert_run_ok (email);
    df_test_assert_run_ok (goals);
    bob = CLI (f, "profile", "show", "--json");
    bob_node = df_test_run_json (bob);
    b = json_node_get_object (bob_node);
    g_assert_cmpstr (json_object_get_string_member (b, "display_name"), ==, "Bob");
    g_assert_cmpstr (json_object_get_string_member (b, "experience_level"), ==, "expert");
    g_assert_cmpstr (json_object_get_string_member (b, "preferred_language"), ==, "ur");
    g_assert_true (json_object_get_boolean_member (b, "active"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (b, "learning_goals")), ==, 2);
    g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (b, "learning_goals"), 1), ==, "hobby");

    ann = CLI (f, "profile", "show", "Ann", "--json");
    ann_node = df_test_run_json (ann);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (ann_node), "email"), ==, "ann@example.org");
    g_assert_null (json_object_get_string_member (json_node_get_object (ann_node), "experience_level"));
  }
  {
    g_autoptr(Run) run = CLI (f, "profile", "show");
    df_test_assert_run_ok (run);
    df_test_assert_contains (run->out, "Bob");
    df_test_assert_contains (run->out, "expert");
  }
}

static void
test_progress (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *slug = NULL;

  if (!df_test_have_cli ())
    return;

  slug = new_project (f, "Reading");
  add_chapter (f, slug, "One", "1");
  add_chapter (f, slug, "Two", "2");
  add_chapter (f, slug, "Three", "3");

  {
    g_autoptr(Run) run = CLI (f, "progress", slug);
    assert_user_error (run, "profile new");
  }
  {
    g_autoptr(Run) run = CLI (f, "profile", "new", "Reader");
    df_test_assert_run_ok (run);
  }
  {
    g_autoptr(Run) run = CLI (f, "progress", slug, "continue");
    g_autofree char *n = single_line (run);
    g_assert_cmpstr (n, ==, "1");
  }
  {
    g_autoptr(Run) start = CLI (f, "progress", slug, "2", "start");
    g_autoptr(Run) list = NULL;
    g_autoptr(JsonNode) node = NULL;
    JsonArray *rows;
    JsonObject *second;

    df_test_assert_run_ok (start);
    list = CLI (f, "progress", slug, "--json");
    node = df_test_run_json (list);
    rows = json_node_get_array (node);
    g_assert_cmpuint (json_array_get_length (rows), ==, 3);
    second = json_array_get_object_element (rows, 1);
    assert_keys (second, (const char * const[]) { "number", "title", "status", "started_at", "completed_at",
                                                   "time_spent_seconds", "position", NULL });
    g_assert_cmpint (json_object_get_int_member (second, "number"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (second, "status"), ==, "in_progress");
    g_assert_false (json_object_get_null_member (second, "started_at"));
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "status"), ==, "not_started");
  }
  {
    /* The chapter being read comes first. */
    g_autoptr(Run) run = CLI (f, "progress", slug, "continue");
    g_autofree char *n = single_line (run);
    g_assert_cmpstr (n, ==, "2");
  }
  {
    g_autoptr(Run) done = CLI (f, "progress", slug, "2", "complete");
    g_autoptr(Run) run = NULL;
    g_autofree char *n = NULL;

    df_test_assert_run_ok (done);
    run = CLI (f, "progress", slug, "continue");
    n = single_line (run);
    g_assert_cmpstr (n, ==, "1");
  }
  {
    g_autoptr(Run) list = CLI (f, "progress", slug);
    df_test_assert_run_ok (list);
    df_test_assert_contains (list->out, "completed");
    df_test_assert_contains (list->out, "not_started");
  }
  {
    g_autoptr(Run) one = CLI (f, "progress", slug, "1", "complete");
    g_autoptr(Run) three = CLI (f, "progress", slug, "3", "complete");
    g_autoptr(Run) run = NULL;

    df_test_assert_run_ok (one);
    df_test_assert_run_ok (three);
    run = CLI (f, "progress", slug, "continue");
    g_assert_cmpint (run->status, ==, 0);
    g_assert_cmpstr (run->out, ==, "");
  }
  {
    g_autoptr(Run) run = CLI (f, "progress", slug, "4", "start");
    assert_user_error (run, NULL);
  }
}

/* ---- the database file --------------------------------------------------- */

static void
test_not_a_database (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *wal = NULL;
  gsize before_len;
  const char * const commands[][4] = {
    { "project", "list", NULL },
    { "project", "new", "Title", NULL },
    { "profile", "new", "Ann", NULL },
    { "stats", "x", NULL },
  };

  if (!df_test_have_cli ())
    return;

  before_len = 8192;
  before = g_malloc (before_len);
  for (gsize i = 0; i < before_len; i++)
    before[i] = (char)(i * 7 + 3);
  g_file_set_contents (f->db, before, (gssize)before_len, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(Run) run = run_full (f, NULL, TRUE, NULL, commands[i]);
      g_autofree char *after = NULL;
      gsize after_len = 0;

      assert_user_error (run, "test.db");
      after = df_test_read_file (f->db, &after_len);
      g_assert_cmpuint (after_len, ==, before_len);
      g_assert_true (memcmp (after, before, before_len) == 0);
    }

  wal = g_strconcat (f->db, "-wal", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_env_db (Fixture       *f,
             gconstpointer  data)
{
  const char * const create[] = { "project", "new", "From The Environment", NULL };
  g_autofree char *slug = NULL;

  if (!df_test_have_cli ())
    return;

  {
    g_autoptr(Run) run = run_full (f, NULL, FALSE, f->db, create);
    slug = single_line (run);
  }
  g_assert_true (g_file_test (f->db, G_FILE_TEST_IS_REGULAR));
  {
    g_autoptr(Run) run = CLI (f, "project", "show", slug, "--json");
    df_test_assert_run_ok (run);
  }
  {
    /* --db wins over DRAFTFORGE_DB. */
    g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
    const char * const list[] = { "--db", other, "project", "list", "--json", NULL };
    g_autoptr(Run) run = run_full (f, NULL, FALSE, f->db, list);
    g_autoptr(JsonNode) node = json_list (run, 0);

  }
}

/* ---- JSON, whatever the text holds ---------------------------------------- */

/* Text that a JSON printer must not garble: every control character but
 * NUL, line and paragraph separators, a byte order mark, non-characters,
 * characters beyond the Basic Multilingual Plane, bidi controls, quotes,
 * a backslash and a slash. */
static char *
awkward_text (void)
{
  static const gunichar others[] = {
    0x7f, 0x2028, 0x2029, 0xfeff, 0xfdd0, 0xfffe, 0xffff, 0x1fffe, 0x10ffff,
    0x1f600, 0x1d11e, 0x202e, 0x2066, 0x61c, '"', '\\', '/',
  };
  GString *text = g_string_new ("Odd");

  for (gunichar c = 1; c < 0x20; c++)
    g_string_append_unichar (text, c);
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    g_string_append_unichar (text, others[i]);
  g_string_append (text, " end");
  return g_string_free (text, FALSE);
}

/* JSON as RFC 8259 has it, which json-glib 1.6's own parser does not
 * insist on: valid UTF-8, and no raw control character but the line
 * breaks of the layout (inside a string each one must be escaped). */
static JsonNode *
parse_strict_json (const Run *run)
{
  g_assert_true (g_utf8_validate_len (run->out, run->out_len, NULL));
  for (gsize i = 0; i < run->out_len; i++)
    if ((guchar)run->out[i] < 0x20 && run->out[i] != '\n')
      g_error ("raw control character 0x%02x at byte %" G_GSIZE_FORMAT " of the JSON:\n%s",
               (guchar)run->out[i], i, run->out);
  return df_test_run_json (run);
}

/* The first object of a JSON array, or the object itself. */
static JsonObject *
first_object (JsonNode *node)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), >=, 1);
      return json_array_get_object_element (json_node_get_array (node), 0);
    }
  return json_node_get_object (node);
}

static void
assert_members_are (JsonObject         *object,
                    const char * const *keys,
                    const char         *text)
{
  for (guint i = 0; keys[i] != NULL; i++)
    {
      if (g_strcmp0 (json_object_get_string_member (object, keys[i]), text) != 0)
        g_error ("JSON member “%s” does not hold the text given", keys[i]);
    }
}

/* Runs a --json command (NULL-terminated @args) and checks that the
 * members @keys of its (first) object hold @text exactly. */
static void
assert_json_text (Fixture            *f,
                  const char * const *args,
                  const char * const *keys,
                  const char         *text)
{
  g_autoptr(Run) run = run_full (f, NULL, TRUE, NULL, args);
  g_autoptr(JsonNode) node = parse_strict_json (run);

  if (keys != NULL)
    assert_members_are (first_object (node), keys, text);
}

/* {"note": @text}, every control character escaped (json-glib 1.6's
 * generator leaves U+001F raw, and SQLite refuses that). */
static char *
note_json (const char *text)
{
  GString *out = g_string_new ("{\"note\": \"");

  for (const char *p = text; *p != '\0'; p++)
    if ((guchar)*p < 0x20 || *p == '"' || *p == '\\')
      g_string_append_printf (out, "\\u%04x", (guchar)*p);
    else
      g_string_append_c (out, *p);
  g_string_append (out, "\"}");
  return g_string_free (out, FALSE);
}

/* A project, a part, chapters, a deleted chapter, revisions and a profile
 * named with @text. */
static char *
awkward_book (Fixture    *f,
              const char *text)
{
  g_autofree char *body = g_strconcat ("zeppelin ", text, NULL);
  g_autofree char *data = note_json (text);
  char *slug;

  {
    g_autoptr(Run) run = CLI (f, "project", "new", text, "--description", text, "--genre", text);
    slug = single_line (run);
  }
  {
    g_autoptr(Run) run = CLI (f, "part", "add", slug, text);
    g_autofree char *number = single_line (run);
  }
  {
    g_autoptr(Run) run = CLI (f, "part", "set", slug, "1", "description", text);
    df_test_assert_run_ok (run);
  }
  {
    g_autoptr(Run) run = CLI (f, "chapter", "add", slug, text, "--part", "1");
    g_autofree char *number = single_line (run);
  }
  add_chapter (f, slug, text, "2");
  write_chapter (f, slug, "1", text);
  write_chapter (f, slug, "1", body);
  {
    g_autoptr(Run) run = CLI (f, "chapter", "delete", slug, "2");
    df_test_assert_run_ok (run);
  }
  {
    g_autoptr(Run) run = CLI (f, "profile", "new", text);
    df_test_assert_run_ok (run);
  }
  {
    g_autoptr(Run) run = CLI (f, "profile", "set", "profile_data", data);
    df_test_assert_run_ok (run);
  }
  return slug;
}

static void
test_json_awkward_text (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_autofree char *slug = NULL;
  const char * const project_text[] = { "title", "description", "genre", NULL };
  const char * const part_text[] = { "title", "description", NULL };
  const char * const chapter_text[] = { "title", "part_title", NULL };
  const char * const title[] = { "title", NULL };
  const char * const name[] = { "display_name", NULL };
  const char * const profile[] = { "profile", NULL };

  if (!df_test_have_cli ())
    return;

  text = awkward_text ();
  slug = awkward_book (f, text);

  assert_json_text (f, (const char * const[]) { "project", "list", "--json", NULL }, project_text, text);
  assert_json_text (f, (const char * const[]) { "project", "show", slug, "--json", NULL }, project_text, text);
  assert_json_text (f, (const char * const[]) { "part", "list", slug, "--json", NULL }, part_text, text);
  assert_json_text (f, (const char * const[]) { "chapter", "list", slug, "--json", NULL }, chapter_text, text);
  assert_json_text (f, (const char * const[]) { "chapter", "revisions", slug, "1", "--json", NULL }, NULL, text);
  assert_json_text (f, (const char * const[]) { "chapter", "deleted", slug, "--json", NULL }, title, text);
  assert_json_text (f, (const char * const[]) { "search", slug, "zeppelin", "--json", NULL }, NULL, text);
  assert_json_text (f, (const char * const[]) { "profile", "list", "--json", NULL }, name, text);
  assert_json_text (f, (const char * const[]) { "profile", "show", "--json", NULL }, name, text);
  assert_json_text (f, (const char * const[]) { "progress", slug, "--json", NULL }, title, text);
  assert_json_text (f, (const char * const[]) { "ai", "show", "--json", NULL }, profile, text);
  assert_json_text (f, (const char * const[]) { "credits", "show", "--json", NULL }, profile, text);

  /* Text inside text: the snippet of the match, the profile's own JSON. */
  {
    g_autoptr(Run) run = CLI (f, "search", slug, "zeppelin", "--json");
    g_autoptr(JsonNode) node = parse_strict_json (run);
    JsonArray *hits = json_object_get_array_member (json_node_get_object (node), "hits");
    const char *snippet = json_object_get_string_member (json_array_get_object_element (hits, 0), "snippet");

    df_test_assert_contains (snippet, "[zeppelin]");
    df_test_assert_contains (snippet, "\x1f");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (hits, 0), "title"), ==, text);
  }
  {
    g_autoptr(Run) run = CLI (f, "profile", "show", "--json");
    g_autoptr(JsonNode) node = parse_strict_json (run);
    JsonObject *profile_data = json_object_get_object_member (first_object (node), "profile_data");

    g_assert_cmpstr (json_object_get_string_member (profile_data, "note"), ==, text);
  }
}

/* The path of an export, named with every control character but NUL
 * (no slash: it is a file name). */
static void
test_json_awkward_path (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *slug = NULL;
  g_autofree char *path = NULL;
  GString *name = g_string_new ("book");

  if (!df_test_have_cli ())
    return;

  for (gunichar c = 1; c < 0x20; c++)
    g_string_append_unichar (name, c);
  g_string_append (name, "\u202e.md");
  path = g_build_filename (f->dir, name->str, NULL);
  g_string_free (name, TRUE);

  slug = new_project (f, "Exported");
  add_chapter (f, slug, "One", "1");
  {
    g_autoptr(Run) run = CLI (f, "export", slug, "--format", "markdown", "--single-file",
                              "-o", path, "--json");
    g_autoptr(JsonNode) node = parse_strict_json (run);

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "path"), ==, path);
  }
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

/* Text that is not UTF-8 is refused with a clear message, or printed as
 * valid UTF-8: the JSON is valid whatever comes in. */
static void
test_json_invalid_utf8 (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *slug = NULL;
  g_autofree char *path = NULL;

  if (!df_test_have_cli ())
    return;

  slug = new_project (f, "Valid");
  add_chapter (f, slug, "One", "1");
  {
    g_autoptr(Run) run = CLI (f, "project", "new", "Bad \xff title");
    assert_user_error (run, "UTF-8");
  }
  {
    g_autoptr(Run) run = CLI (f, "chapter", "add", slug, "Bad \xc3 title");
    assert_user_error (run, "UTF-8");
  }
  {
    g_autoptr(Run) run = CLI (f, "profile", "new", "Bad \xed\xa0\x80 name");
    assert_user_error (run, "UTF-8");
  }
  {
    g_autoptr(Run) run = CLI_IN (f, "Bad \xfe text", "chapter", "write", slug, "1");
    assert_user_error (run, "UTF-8");
  }
  {
    g_autoptr(Run) run = CLI (f, "project", "list", "--json");
    g_autoptr(JsonNode) node = parse_strict_json (run);

    g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);
  }

  /* A file name need not be UTF-8; its JSON is. */
  path = g_build_filename (f->dir, "book \xff.md", NULL);
  {
    g_autoptr(Run) run = CLI (f, "export", slug, "--format", "markdown", "--single-file",
                              "-o", path, "--json");
    g_autoptr(JsonNode) node = parse_strict_json (run);
    const char *shown = json_object_get_string_member (json_node_get_object (node), "path");

    g_assert_true (g_str_has_suffix (shown, "book \xef\xbf\xbd.md"));
  }
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

/* ---- text that could make a listing lie --------------------------------- */

/* Characters that human output shows as <U+XXXX>: the bidi controls,
 * and the control characters (C0 but the newline, DEL, C1). */
static gboolean
is_hidden (gunichar c)
{
  return (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) ||
         c == 0x61c || c == 0x200e || c == 0x200f ||
         (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/* @text holds every hidden character once, @shown the same as human
 * output must show it. */
static void
hidden_text (char **text,
             char **shown)
{
  static const gunichar others[] = {
    0x7f, 0x80, 0x85, 0x9b, 0x9f, 0x61c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c,
    0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
  };
  GString *t = g_string_new ("Name ");
  GString *s = g_string_new ("Name ");

  for (gunichar c = 1; c < 0x20 + G_N_ELEMENTS (others); c++)
    {
      gunichar u = c < 0x20 ? c : others[c - 0x20];

      if (u == '\n')
        continue;
      g_string_append_unichar (t, u);
      g_string_append_printf (s, "<U+%04X>", u);
    }
  g_string_append (t, " end");
  g_string_append (s, " end");
  *text = g_string_free (t, FALSE);
  *shown = g_string_free (s, FALSE);
}

static void
assert_nothing_hidden (const char *output)
{
  g_assert_true (g_utf8_validate (output, -1, NULL));
  for (const char *p = output; *p != '\0'; p = g_utf8_next_char (p))
    if (is_hidden (g_utf8_get_char (p)))
      g_error ("U+%04X is printed as it is in:\n%s", g_utf8_get_char (p), output);
}

/* Runs a command (NULL-terminated @args) that prints for people, and
 * checks that its output shows @shown and hides nothing. */
static void
assert_shown (Fixture            *f,
              const char * const *args,
              const char         *shown)
{
  g_autoptr(Run) run = run_full (f, NULL, TRUE, NULL, args);

  df_test_assert_run_ok (run);
  df_test_assert_contains (run->out, shown);
  assert_nothing_hidden (run->out);
}

static void
test_hidden_characters (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *body = NULL;
  g_autofree char *slug = NULL;

  if (!df_test_have_cli ())
    return;

  hidden_text (&text, &shown);
  body = g_strconcat ("zeppelin ", text, NULL);
  slug = awkward_book (f, text);

  assert_shown (f, (const char * const[]) { "project", "list", NULL }, shown);
  assert_shown (f, (const char * const[]) { "project", "show", slug, NULL }, shown);
  assert_shown (f, (const char * const[]) { "part", "list", slug, NULL }, shown);
  assert_shown (f, (const char * const[]) { "chapter", "list", slug, NULL }, shown);
  assert_shown (f, (const char * const[]) { "chapter", "deleted", slug, NULL }, shown);
  assert_shown (f, (const char * const[]) { "search", slug, "zeppelin", NULL }, shown);
  assert_shown (f, (const char * const[]) { "profile", "list", NULL }, shown);
  assert_shown (f, (const char * const[]) { "profile", "show", NULL }, shown);
  assert_shown (f, (const char * const[]) { "progress", slug, NULL }, shown);
  assert_shown (f, (const char * const[]) { "ai", "show", NULL }, shown);
  assert_shown (f, (const char * const[]) { "credits", "show", NULL }, shown);

  /* Messages that echo what was given. */
  {
    g_autoptr(Run) run = CLI (f, "project", "show", text);
    assert_user_error (run, shown);
    assert_nothing_hidden (run->err);
  }
  {
    g_autoptr(Run) run = CLI (f, "chapter", "cat", slug, text);
    assert_usage_error (run);
    df_test_assert_contains (run->err, shown);
    assert_nothing_hidden (run->err);
  }

  /* JSON keeps the text, and chapter cat the bytes. */
  {
    g_autoptr(Run) run = CLI (f, "project", "show", slug, "--json");
    g_autoptr(JsonNode) node = parse_strict_json (run);

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "title"), ==, text);
  }
  assert_chapter_is (f, slug, "1", body);

  /* Last, as it moves the project to the trash. */
  {
    g_autofree char *moved = g_strdup_printf ("Moved “%s” to the trash.", shown);
    assert_shown (f, (const char * const[]) { "project", "delete", slug, NULL }, moved);
  }
}

/* A newline in a title keeps a table's row on one line; a tab shows. */
static void
test_hidden_in_tables (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *slug = NULL;

  if (!df_test_have_cli ())
    return;

  slug = new_project (f, "Lines");
  add_chapter (f, slug, "First\nSecond\tThird", "1");
  {
    g_autoptr(Run) run = CLI (f, "chapter", "list", slug);

    df_test_assert_run_ok (run);
    g_assert_cmpuint (count_lines (run->out), ==, 2);
    df_test_assert_contains (run->out, "First Second<U+0009>Third\n");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  DF_TEST_ADD ("/cli/help", test_help);
  DF_TEST_ADD ("/cli/usage-errors", test_usage_errors);
  DF_TEST_ADD ("/cli/unknown-slug", test_unknown_slug);
  DF_TEST_ADD ("/cli/import/text", test_import_text);
  DF_TEST_ADD ("/cli/import/pride-and-prejudice", test_import_pride);
  DF_TEST_ADD ("/cli/projects", test_projects);
  DF_TEST_ADD ("/cli/chapters", test_chapters);
  DF_TEST_ADD ("/cli/parts", test_parts);
  DF_TEST_ADD ("/cli/chapter-move-to-part", test_chapter_move_to_part);
  DF_TEST_ADD ("/cli/export-roundtrip", test_export_roundtrip);
  DF_TEST_ADD ("/cli/search", test_search);
  DF_TEST_ADD ("/cli/replace", test_replace);
  DF_TEST_ADD ("/cli/stats", test_stats);
  DF_TEST_ADD ("/cli/profiles", test_profiles);
  DF_TEST_ADD ("/cli/progress", test_progress);
  DF_TEST_ADD ("/cli/not-a-database", test_not_a_database);
  DF_TEST_ADD ("/cli/env-db", test_env_db);
  DF_TEST_ADD ("/cli/json/awkward-text", test_json_awkward_text);
  DF_TEST_ADD ("/cli/json/awkward-path", test_json_awkward_path);
  DF_TEST_ADD ("/cli/json/invalid-utf8", test_json_invalid_utf8);
  DF_TEST_ADD ("/cli/text/hidden-characters", test_hidden_characters);
  DF_TEST_ADD ("/cli/text/hidden-in-tables", test_hidden_in_tables);

  return g_test_run ();
}
