/* test-versions.c: named versions of a project (df-versions.h) and the
 * version commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-error.h"
#include "df-store-private.h"
#include "df-test-util.h"
#include "df-versions.h"

typedef struct
{
  char      *dir;
  char      *db;
  DfStore   *store;
  DfProject *project;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->store = df_test_store_new ("versions", &f->dir, &f->db);
  f->project = df_test_make_project (f->store, "Drafts",
                                     "One", "The first chapter.",
                                     "Two", "The second chapter, longer than the first.",
                                     "Three", "The third.",
                                     NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->project, df_project_free);
  df_test_tmp_dir_free (f->dir);
  g_free (f->db);
}

static DfChapter *
chapter_number (Fixture *f,
                gint64   number)
{
  g_autoptr(GError) error = NULL;
  DfChapter *chapter = df_chapter_get_by_number (f->store, f->project->id, number, &error);

  g_assert_no_error (error);
  return chapter;
}

static void
write_chapter (Fixture    *f,
               gint64      number,
               const char *text)
{
  g_autoptr(DfChapter) chapter = chapter_number (f, number);
  g_autoptr(GError) error = NULL;

  g_assert_true (df_chapter_save_content (f->store, chapter->id, text, &error));
  g_assert_no_error (error);
}

static DfVersion *
save (Fixture    *f,
      const char *name)
{
  g_autoptr(GError) error = NULL;
  DfVersion *version = df_version_save (f->store, f->project->id, name, &error);

  g_assert_no_error (error);
  return version;
}

/* Saved, listed and read back; a text kept once however many versions
 * hold it. */
static void
test_save_list (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DfVersion) first = save (f, "  First draft  ");
  g_autoptr(DfVersion) second = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GPtrArray) held = NULL;
  g_autoptr(GError) error = NULL;
  const DfVersionChapter *two;

  g_assert_cmpstr (first->name, ==, "First draft");
  g_assert_cmpint (first->chapters, ==, 3);
  g_assert_cmpint (first->words, ==, 3 + 7 + 2);
  write_chapter (f, 2, "Rewritten.");
  second = save (f, "Second draft");

  versions = df_version_list (f->store, f->project->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 2);
  g_assert_cmpstr (((DfVersion *) versions->pdata[0])->name, ==, "Second draft");
  /* three texts, and the rewritten one: four rows, not six */
  g_assert_cmpint (df_test_sql_int (df_store_get_db (f->store), "SELECT count (*) FROM version_texts"), ==, 4);

  held = df_version_chapters (f->store, first->id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (held->len, ==, 3);
  two = held->pdata[1];
  g_assert_cmpint (two->position, ==, 2);
  g_assert_cmpstr (two->title, ==, "Two");
  g_assert_cmpstr (two->content_md, ==, "The second chapter, longer than the first.");
  g_assert_true (two->exists);
  g_assert_true (two->changed);
  g_assert_false (((DfVersionChapter *) held->pdata[0])->changed);
}

static void
test_bad_name (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_name = g_strnfill (201, 'x');
  g_autoptr(DfVersion) blank = df_version_save (f->store, f->project->id, "   ", &error);

  g_assert_null (blank);
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (df_version_save (f->store, f->project->id, long_name, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
}

/* The whole book back: a chapter rewritten, one deleted, one renamed;
 * a chapter written since is left; the book as it was is a version, and
 * restoring that undoes it. */
static void
test_restore_book (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DfVersion) first = save (f, "First draft");
  g_autoptr(DfChapter) two = chapter_number (f, 2);
  g_autoptr(DfChapter) three = chapter_number (f, 3);
  g_autoptr(DfChapter) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  gint64 undo_id = 0;
  guint restored = 0;
  guint recreated = 0;

  write_chapter (f, 1, "A new opening.");
  g_assert_true (df_chapter_delete (f->store, two->id, &error));
  g_assert_true (df_chapter_rename (f->store, three->id, "The End", &error));
  fresh = df_test_append_chapter (f->store, f->project->id, 0, "Four", "Written after.");

  g_assert_true (df_version_restore (f->store, first->id, &undo_id, &restored, &recreated, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (restored, ==, 3);
  g_assert_cmpuint (recreated, ==, 1);

  chapters = df_chapter_list (f->store, f->project->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chapters->len, ==, 4);
  g_assert_cmpstr (((DfChapter *) chapters->pdata[0])->title, ==, "One");
  g_assert_cmpstr (((DfChapter *) chapters->pdata[1])->title, ==, "Three");
  g_assert_cmpstr (((DfChapter *) chapters->pdata[2])->title, ==, "Four");
  g_assert_cmpstr (((DfChapter *) chapters->pdata[3])->title, ==, "Two");
  {
    g_autoptr(DfChapter) one = chapter_number (f, 1);
    g_autoptr(DfChapter) back = chapter_number (f, 4);

    g_assert_cmpstr (one->content_md, ==, "The first chapter.");
    g_assert_cmpstr (back->content_md, ==, "The second chapter, longer than the first.");
    /* the text replaced is in the chapter's earlier versions */
    revisions = df_revision_list (f->store, one->id, &error);
    g_assert_no_error (error);
    g_assert_nonnull (df_test_find_revision (revisions, "A new opening."));
  }

  /* undo: the version saved before */
  {
    g_autoptr(DfVersion) before = df_version_get (f->store, f->project->id, undo_id, &error);
    g_autoptr(DfChapter) one = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (before->name, ==, "Before restoring “First draft”");
    g_assert_true (df_version_restore (f->store, undo_id, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    one = chapter_number (f, 1);
    g_assert_cmpstr (one->content_md, ==, "A new opening.");
  }
}

static void
test_restore_chapter (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(DfVersion) first = save (f, "First draft");
  g_autoptr(DfChapter) two = chapter_number (f, 2);
  g_autoptr(DfChapter) after = NULL;
  g_autoptr(DfChapter) other = NULL;
  g_autoptr(DfChapter) fresh = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  write_chapter (f, 2, "Changed.");
  write_chapter (f, 3, "Also changed.");
  g_assert_true (df_version_restore_chapter (f->store, first->id, two->id, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, two->id);
  after = chapter_number (f, 2);
  g_assert_cmpstr (after->content_md, ==, "The second chapter, longer than the first.");
  other = chapter_number (f, 3);
  g_assert_cmpstr (other->content_md, ==, "Also changed.");

  /* a chapter the version does not hold */
  fresh = df_test_append_chapter (f->store, f->project->id, 0, "Four", "New.");
  g_assert_false (df_version_restore_chapter (f->store, first->id, fresh->id, NULL, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(DfVersion) first = save (f, "First draft");
  g_autoptr(DfVersion) second = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = df_store_get_db (f->store);

  write_chapter (f, 1, "Only in the first version's successor.");
  second = save (f, "Second");
  g_assert_cmpint (df_test_sql_int (db, "SELECT count (*) FROM version_texts"), ==, 4);
  g_assert_true (df_version_delete (f->store, second->id, &error));
  g_assert_no_error (error);
  /* the text only the deleted version held is gone; the others stay */
  g_assert_cmpint (df_test_sql_int (db, "SELECT count (*) FROM version_texts"), ==, 3);
  g_assert_false (df_version_delete (f->store, second->id, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
}

/* ---- the command line -------------------------------------------------------- */

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(DfTestRun) saved = NULL;
  g_autoptr(DfTestRun) list = NULL;
  g_autoptr(DfTestRun) show = NULL;
  g_autoptr(DfTestRun) write_run = NULL;
  g_autoptr(DfTestRun) restore = NULL;
  g_autoptr(DfTestRun) cat = NULL;
  g_autoptr(DfTestRun) missing = NULL;
  g_autoptr(JsonNode) versions = NULL;
  g_autoptr(JsonNode) chapters = NULL;
  JsonObject *version;
  JsonObject *chapter;

  if (!df_test_have_cli ())
    return;
  g_clear_object (&f->store);
  saved = df_test_run_cli_args (f->db, NULL, NULL, "version", "save", f->project->slug, "Draft one", NULL);
  df_test_assert_run_ok (saved);
  g_assert_cmpstr (saved->out, ==, "Saved version 1 “Draft one”: 3 chapters\n");

  list = df_test_run_cli_args (f->db, NULL, NULL, "version", "list", f->project->slug, "--json", NULL);
  df_test_assert_run_ok (list);
  versions = df_test_run_json (list);
  version = json_array_get_object_element (json_node_get_array (versions), 0);
  g_assert_cmpint (json_object_get_int_member (version, "id"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (version, "name"), ==, "Draft one");
  g_assert_cmpint (json_object_get_int_member (version, "chapters"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (version, "words"), ==, 12);

  write_run = df_test_run_cli_args (f->db, NULL, "Changed.", "chapter", "write", f->project->slug, "2", NULL);
  df_test_assert_run_ok (write_run);
  show = df_test_run_cli_args (f->db, NULL, NULL, "version", "show", f->project->slug, "draft ONE", "--json", NULL);
  df_test_assert_run_ok (show);
  chapters = df_test_run_json (show);
  chapter = json_array_get_object_element (json_node_get_array (chapters), 1);
  g_assert_cmpint (json_object_get_int_member (chapter, "number"), ==, 2);
  g_assert_true (json_object_get_boolean_member (chapter, "changed_since"));
  g_assert_true (json_object_get_boolean_member (chapter, "exists"));

  restore = df_test_run_cli_args (f->db, NULL, NULL, "version", "restore", f->project->slug, "1", "--chapter", "2",
                                  NULL);
  df_test_assert_run_ok (restore);
  df_test_assert_contains (restore->out, "Chapter 2 “Two” is as in “Draft one” again");
  cat = df_test_run_cli_args (f->db, NULL, NULL, "chapter", "cat", f->project->slug, "2", NULL);
  df_test_assert_run_ok (cat);
  g_assert_cmpstr (cat->out, ==, "The second chapter, longer than the first.");

  missing = df_test_run_cli_args (f->db, NULL, NULL, "version", "restore", f->project->slug, "Nope", NULL);
  df_test_assert_run_fails (missing, 1, "No version named “Nope” in this project; see the list of versions");
}

/* ---- the schema ---------------------------------------------------------------- */

static void
test_migrate (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(DfStore) store = df_test_store_new ("migrate-versions", &dir, &path);
  g_autoptr(DfChapter) chapter = df_test_make_chapter (store, "Kept", "One", "Words kept.");
  g_autoptr(DfVersion) version = NULL;
  g_autoptr(GError) error = NULL;
  gint64 project_id = chapter->project_id;

  g_clear_object (&store);
  df_test_sql_exec (path, "DROP TABLE version_chapters; DROP TABLE version_texts; DROP TABLE versions;"
                          " PRAGMA user_version = 10");
  store = df_test_store_open (path);
  g_assert_cmpint (df_test_sql_int (df_store_get_db (store), "PRAGMA user_version"), ==, DF_STORE_SCHEMA_VERSION);
  version = df_version_save (store, project_id, "After the upgrade", &error);
  g_assert_no_error (error);
  g_assert_cmpint (version->chapters, ==, 1);
  g_clear_object (&store);
  df_test_tmp_dir_free (g_steal_pointer (&dir));
}

#define VERSIONS_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  VERSIONS_TEST ("/versions/save-list", test_save_list);
  VERSIONS_TEST ("/versions/bad-name", test_bad_name);
  VERSIONS_TEST ("/versions/restore-book", test_restore_book);
  VERSIONS_TEST ("/versions/restore-chapter", test_restore_chapter);
  VERSIONS_TEST ("/versions/delete", test_delete);
  VERSIONS_TEST ("/versions/cli", test_cli);
  g_test_add_func ("/store/migrate/versions", test_migrate);

  return g_test_run ();
}
