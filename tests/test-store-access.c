/* test-store-access.c: a database in a place DraftForge may not write
 *
 * Each case says what is true (a read-only folder, a read-only file, a
 * file it may not read, a folder it may not open or write) and opens
 * read-only where that is possible: reading and exporting work, every
 * write says why not, and nothing of the place changes.  As root the
 * test drops the capabilities that ignore permissions
 * (df_test_faults_init), so the cases hold there too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-store-access"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "df-exporter.h"
#include "df-model.h"
#include "df-plugin-host.h"
#include "df-store-private.h"
#include "df-test-faults.h"
#include "df-test-util.h"

typedef struct
{
  char  *dir;        /* the test's folder */
  char  *place;      /* dir/place: the database's folder */
  char  *db_path;    /* dir/place/draftforge.db */
  char  *slug;
  gint64 chapter_id;
} Fixture;

/* A book in place/draftforge.db, closed (its journal checkpointed). */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfProject) book = NULL;
  g_autoptr(GPtrArray) chapters = NULL;

  f->dir = df_test_tmp_dir_new ("access");
  f->place = g_build_filename (f->dir, "place", NULL);
  f->db_path = g_build_filename (f->place, "draftforge.db", NULL);
  store = df_test_store_open (f->db_path);
  book = df_test_make_book (store, "The Lighthouse", 6);
  chapters = df_chapter_list (store, book->id, NULL);
  f->slug = g_strdup (book->slug);
  f->chapter_id = ((DfChapter *)chapters->pdata[0])->id;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_chmod (f->place, 0700);
  g_chmod (f->db_path, 0600);
  df_test_tmp_dir_free (f->dir);
  g_free (f->place);
  g_free (f->db_path);
  g_free (f->slug);
}

/* Reads the book, exports it, and fails to write it with @reason. */
static void
assert_reads_not_writes (Fixture    *f,
                         DfStore    *store,
                         const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = df_project_get (store, f->slug, FALSE, &error);
  g_autoptr(DfChapter) chapter = df_chapter_get (store, f->chapter_id, &error);
  g_autoptr(DfPluginHost) host = df_plugin_host_new (store, NULL);
  g_autoptr(DfExportResult) result = NULL;
  g_autofree char *out_dir = g_build_filename (f->dir, "out", NULL);
  g_autofree char *out = g_build_filename (out_dir, "book.html", NULL);
  g_autofree char *exported = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (project->n_chapters, ==, 6);
  df_test_assert_contains (chapter->content_md, "# Chapter 1");

  df_plugin_host_load (host);
  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0700), ==, 0);
  result = df_export_run (df_plugin_host_find_exporter (host, "html"), store, project->id,
                          out, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  exported = df_test_read_file (out, NULL);
  df_test_assert_contains (exported, "Chapter 6");

  g_assert_false (df_chapter_save_content (store, f->chapter_id, "A new beginning.\n", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_READ_ONLY);
  df_test_assert_contains (error->message, reason);
}

/* Opens the database once @target is made @mode: read-only, because
 * of @place; reads, exports, and says why it cannot write; not a byte of
 * the folder changes (no journal left beside it either). */
static void
check_read_only (Fixture    *f,
                 const char *target,
                 int         mode,
                 const char *place)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfStore) second = NULL;
  g_autofree char *before = df_test_snapshot_dir (f->place);
  g_autofree char *after = NULL;
  g_autofree char *reason = g_strdup_printf ("This database is read-only: “%s” cannot be written. "
                                             "Check its permissions.", place);

  g_assert_cmpint (g_chmod (target, mode), ==, 0);
  store = df_store_open (f->db_path, &error);
  g_assert_no_error (error);
  g_assert_true (df_store_is_read_only (store));
  g_assert_cmpstr (df_store_get_read_only_reason (store), ==, reason);
  assert_reads_not_writes (f, store, reason);

  /* A second connection beside it, as a worker opens one. */
  second = df_store_open (f->db_path, &error);
  g_assert_no_error (error);
  assert_reads_not_writes (f, second, reason);
  g_clear_object (&second);
  g_clear_object (&store);

  g_assert_cmpint (g_chmod (f->place, 0700), ==, 0);
  g_assert_cmpint (g_chmod (f->db_path, 0600), ==, 0);
  after = df_test_snapshot_dir (f->place);
  g_assert_cmpstr (after, ==, before);
}

static void
test_read_only_folder (Fixture       *f,
                       gconstpointer  data)
{
  if (df_test_permissions_enforced ())
    check_read_only (f, f->place, 0500, f->place);
}

static void
test_read_only_file (Fixture       *f,
                     gconstpointer  data)
{
  if (df_test_permissions_enforced ())
    check_read_only (f, f->db_path, 0400, f->db_path);
}

/* The journal of a crash in a read-only folder is read through its
 * index; without the index it cannot be, and the store says so rather
 * than show the database without its last saves. */
static void
test_read_only_with_journal (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) writer = df_test_store_open (f->db_path);
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  g_autofree char *shm = g_strconcat (f->db_path, "-shm", NULL);
  g_autofree char *shm_aside = g_strconcat (f->db_path, ".shm-aside", NULL);

  if (!df_test_permissions_enforced ())
    return;

  /* A save in the journal, its writer still open: as after a crash. */
  g_assert_true (df_chapter_save_content (writer, f->chapter_id, "Saved last.\n", &error));
  g_assert_cmpint (g_chmod (f->place, 0500), ==, 0);

  store = df_store_open (f->db_path, &error);
  g_assert_no_error (error);
  g_assert_true (df_store_is_read_only (store));
  chapter = df_test_get_chapter (store, f->chapter_id);
  g_assert_cmpstr (chapter->content_md, ==, "Saved last.\n");
  g_clear_object (&store);

  g_assert_cmpint (g_chmod (f->place, 0700), ==, 0);
  g_assert_cmpint (g_rename (shm, shm_aside), ==, 0);
  g_assert_cmpint (g_chmod (f->place, 0500), ==, 0);
  store = df_store_open (f->db_path, &error);
  g_assert_error (error, DF_ERROR, DF_ERROR_READ_ONLY);
  df_test_assert_contains (error->message, "recent saves in its journal");
  df_test_assert_contains (error->message, "Check its permissions");
  g_assert_null (store);
  g_assert_cmpint (g_chmod (f->place, 0700), ==, 0);
  g_assert_cmpint (g_rename (shm_aside, shm), ==, 0);
}

/* An older schema cannot be upgraded in place: said, not "damaged". */
static void
test_read_only_needs_upgrade (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;

  if (!df_test_permissions_enforced ())
    return;

  df_test_sql_exec (f->db_path, "PRAGMA user_version = 4");
  g_assert_cmpint (g_chmod (f->place, 0500), ==, 0);

  store = df_store_open (f->db_path, &error);
  g_assert_error (error, DF_ERROR, DF_ERROR_READ_ONLY);
  g_assert_null (store);
  df_test_assert_contains (error->message, "must be upgraded");
  df_test_assert_contains (error->message, f->place);
}

static void
test_unreadable_file (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autofree char *message = g_strdup_printf ("DraftForge cannot read “%s”: check its permissions.", f->db_path);

  if (!df_test_permissions_enforced ())
    return;

  g_assert_cmpint (g_chmod (f->db_path, 0200), ==, 0);
  store = df_store_open (f->db_path, &error);
  g_assert_error (error, DF_ERROR, DF_ERROR_PERMISSION);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_null (store);
}

static void
test_folder_not_writable_for_new (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autofree char *path = g_build_filename (f->place, "new.db", NULL);
  g_autofree char *message = g_strdup_printf ("DraftForge cannot write to “%s”: check its permissions.", f->place);

  if (!df_test_permissions_enforced ())
    return;

  g_assert_cmpint (g_chmod (f->place, 0500), ==, 0);
  store = df_store_open (path, &error);
  g_assert_error (error, DF_ERROR, DF_ERROR_PERMISSION);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_null (store);
}

static void
test_folder_not_open (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;

  if (!df_test_permissions_enforced ())
    return;

  g_assert_cmpint (g_chmod (f->place, 0600), ==, 0);
  store = df_store_open (f->db_path, &error);
  g_assert_error (error, DF_ERROR, DF_ERROR_PERMISSION);
  df_test_assert_contains (error->message, "cannot open the folder");
  g_assert_null (store);
}

/* Not a database and damaged are told apart; both are left as they are. */
static void
test_not_a_database_or_damaged (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autofree char *other = df_test_write_file (f->place, "notes.db", "Shopping: bread, milk, tea.\n", -1);
  g_autofree char *backups = g_build_filename (f->place, "notes-backups", NULL);

  store = df_store_open (other, &error);
  g_assert_error (error, DF_ERROR, DF_ERROR_CORRUPT);
  df_test_assert_contains (error->message, "is not a DraftForge database");
  df_test_assert_contains (error->message, backups);
  g_clear_error (&error);

  /* Page 1 cut short after its header: damaged. */
  g_assert_cmpint (truncate (f->db_path, 4096 + 100), ==, 0);
  store = df_store_open (f->db_path, &error);
  g_assert_error (error, DF_ERROR, DF_ERROR_CORRUPT);
  df_test_assert_contains (error->message, "is damaged");
  g_assert_null (store);
}

/* The command line reads a read-only database and says why it cannot
 * write it. */
static void
test_cli_read_only (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DfTestRun) list = NULL;
  g_autoptr(DfTestRun) write = NULL;

  if (!df_test_have_cli () || !df_test_permissions_enforced ())
    return;

  g_assert_cmpint (g_chmod (f->place, 0500), ==, 0);
  list = df_test_run_cli (f->db_path, NULL, NULL, DF_TEST_STRV ("project", "list"));
  g_assert_cmpint (list->status, ==, 0);
  df_test_assert_contains (list->out, f->slug);

  write = df_test_run_cli (f->db_path, NULL, "New text.\n", DF_TEST_STRV ("chapter", "write", f->slug, "1"));
  df_test_assert_run_fails (write, 1, "This database is read-only");
  df_test_assert_contains (write->err, f->place);
}

int
main (int    argc,
      char **argv)
{
  df_test_faults_init ();
  g_test_init (&argc, &argv, NULL);

  DF_TEST_ADD ("/access/read-only-folder", test_read_only_folder);
  DF_TEST_ADD ("/access/read-only-file", test_read_only_file);
  DF_TEST_ADD ("/access/read-only-with-journal", test_read_only_with_journal);
  DF_TEST_ADD ("/access/read-only-needs-upgrade", test_read_only_needs_upgrade);
  DF_TEST_ADD ("/access/unreadable-file", test_unreadable_file);
  DF_TEST_ADD ("/access/folder-not-writable-for-new", test_folder_not_writable_for_new);
  DF_TEST_ADD ("/access/folder-not-open", test_folder_not_open);
  DF_TEST_ADD ("/access/not-a-database-or-damaged", test_not_a_database_or_damaged);
  DF_TEST_ADD ("/access/cli-read-only", test_cli_read_only);

  return g_test_run ();
}
