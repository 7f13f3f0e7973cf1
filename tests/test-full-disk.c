/* test-full-disk.c: a full disk says so, and loses nothing
 *
 * The disk is a small tmpfs mounted in a user and mount namespace of the
 * command line's own (`unshare -Urm`), so no root is needed; where the
 * machine allows no such namespace the cases are skipped, never passed.
 * The command line runs inside the namespace; everything it printed is
 * written outside the tmpfs, beside the test's folder.
 *
 * - The database on a full disk: what was saved still reads (SQLite
 *   cannot make the journal's index there, so the store keeps it in
 *   memory), a save says the disk is full and loses nothing, and with
 *   space again both work.
 * - An export onto a full disk (PDF, EPUB, DOCX): status 1, a message
 *   that names the lack of space (Cairo's own PDF writer said only "error
 *   while writing to output stream"), the job failed, none processing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-full-disk"

#include "config.h"

#include <glib/gstdio.h>

#include "df-import.h"
#include "df-model.h"
#include "df-store-private.h"
#include "df-test-faults.h"
#include "df-test-util.h"

typedef struct
{
  char    *dir;        /* the test's folder; the tmpfs is dir/disk */
  char    *disk;
  char    *db_path;    /* dir/draftforge.db, outside the tmpfs */
  DfStore *store;
  char    *slug;       /* Pride and Prejudice, or a short book */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->store = df_test_store_new ("full-disk", &f->dir, &f->db_path);
  f->disk = g_build_filename (f->dir, "disk", NULL);
  g_assert_cmpint (g_mkdir_with_parents (f->disk, 0700), ==, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  df_test_tmp_dir_free (f->dir);
  g_free (f->disk);
  g_free (f->db_path);
  g_free (f->slug);
}

/* Runs `sh -c @script sh ARGS…` in a user and mount namespace of its own;
 * the script mounts the tmpfs itself and exits 77 when it cannot.  NULL
 * (the case skipped) where there is no such namespace here. */
static DfTestRun *
run_in_namespace (const char         *script,
                  const char * const *args)
{
  g_autofree char *unshare = g_find_program_in_path ("unshare");
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  DfTestRun *run;

  if (!df_test_have_cli ())
    return NULL;
  if (unshare == NULL)
    {
      g_test_skip ("unshare (util-linux) is not installed");
      return NULL;
    }
  g_strv_builder_add_many (argv, unshare, "-Urm", "sh", "-c", script, "sh", NULL);
  g_strv_builder_addv (argv, (const char **) args);
  strv = g_strv_builder_end (argv);

  run = df_test_run (NULL, NULL, NULL, (const char * const *) strv);
  if (run->status == 77)
    {
      g_test_skip_printf ("no tmpfs can be mounted in a user namespace here: %s", run->err);
      df_test_run_free (run);
      return NULL;
    }
  return run;
}

/* What the script left in @f's folder as @name. */
static char *
read_out (Fixture    *f,
          const char *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  return df_test_read_file (path, NULL);
}

/* ---- the database on a full disk ----------------------------------------- */

/* A copy of the database on a 4 MiB tmpfs, filled up. */
static const char database_script[] =
  "disk=$1 out=$2 cli=$3 slug=$4 db=$1/draftforge.db\n"
  "mount -t tmpfs -o size=4m tmpfs \"$disk\" || exit 77\n"
  "cp \"$5\" \"$db\" || exit 2\n"
  "\"$cli\" --db \"$db\" chapter cat \"$slug\" 1 >\"$out/before.out\" || exit 3\n"
  "head -c 8000000 /dev/zero >\"$disk/filler\" 2>/dev/null\n"
  "\"$cli\" --db \"$db\" chapter cat \"$slug\" 1 >\"$out/full.out\" 2>\"$out/full.err\"; echo $? >\"$out/full.status\"\n"
  "echo 'New text.' | \"$cli\" --db \"$db\" chapter write \"$slug\" 1 2>\"$out/write.err\"; echo $? >\"$out/write.status\"\n"
  "rm \"$disk/filler\"\n"
  "\"$cli\" --db \"$db\" chapter cat \"$slug\" 1 >\"$out/after.out\" 2>\"$out/after.err\" || exit 4\n"
  "echo 'New text.' | \"$cli\" --db \"$db\" chapter write \"$slug\" 1 || exit 5\n";

/* What was saved still reads while the disk is full, a save says the
 * disk is full (and loses nothing), and with space again both work. */
static void
test_database (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DfProject) book = df_test_make_book (f->store, "The Lighthouse", 6);
  g_autoptr(DfTestRun) run = NULL;
  g_autofree char *before = NULL;
  g_autofree char *full = NULL;
  g_autofree char *after = NULL;
  g_autofree char *full_status = NULL;
  g_autofree char *write_status = NULL;
  g_autofree char *write_err = NULL;

  /* (closed, so the copy is the whole database) */
  g_clear_object (&f->store);
  run = run_in_namespace (database_script,
                          DF_TEST_STRV (f->disk, f->dir, g_getenv ("DRAFTFORGE_CLI"), book->slug, f->db_path));
  if (run == NULL)
    return;
  g_assert_cmpint (run->status, ==, 0);

  before = read_out (f, "before.out");
  full = read_out (f, "full.out");
  after = read_out (f, "after.out");
  full_status = read_out (f, "full.status");
  write_status = read_out (f, "write.status");
  write_err = read_out (f, "write.err");

  /* Read while full: exactly what was saved. */
  g_assert_cmpstr (full_status, ==, "0\n");
  g_assert_cmpstr (full, ==, before);
  /* A save: refused, saying why, and nothing lost. */
  g_assert_cmpstr (write_status, ==, "1\n");
  df_test_assert_contains (write_err, "is full");
  df_test_assert_contains (write_err, "Free some space");
  g_assert_cmpstr (after, ==, before);
}

/* ---- an export onto a full disk ------------------------------------------ */

static const char export_script[] =
  "mount -t tmpfs -o size=64k tmpfs \"$1\" || exit 77; shift; exec \"$@\"";

/* An export (format @data) onto a 64 KiB tmpfs, too small for it. */
static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  const char *format = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *book = df_test_corpus_path ("novels/pride-and-prejudice.txt");
  g_autofree char *output = g_strdup_printf ("%s/book.%s", f->disk, format);
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfTestRun) run = NULL;
  sqlite3 *db;

  if (book == NULL)
    return;
  project = df_import (f->store, book, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  run = run_in_namespace (export_script,
                          DF_TEST_STRV (f->disk, g_getenv ("DRAFTFORGE_CLI"), "--db", f->db_path,
                                        "export", project->slug, "--format", format, "-o", output));
  if (run == NULL)
    return;
  g_assert_cmpint (run->status, ==, 1);
  df_test_assert_contains (run->err, "No space left on device");
  /* (the tmpfs went with the namespace: what the export left on it shows
   * in its job, failed and not processing) */
  db = df_store_get_db (f->store);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM export_jobs WHERE status = 'failed'"), ==, 1);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM export_jobs WHERE status = 'processing'"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  DF_TEST_ADD ("/full-disk/database", test_database);
  DF_TEST_ADD_DATA ("/full-disk/export/pdf", "pdf", test_export);
  DF_TEST_ADD_DATA ("/full-disk/export/epub", "epub", test_export);
  DF_TEST_ADD_DATA ("/full-disk/export/docx", "docx", test_export);

  return g_test_run ();
}
