/* test-backup.c: a damaged database never destroys its backups
 *
 * Start-up backups only of a database that passes its check, their
 * generations (the last three start-ups, the newest of each of seven
 * days), listing them good first, restoring one with the damaged file
 * kept aside, and a query that meets damage saying so with the way to
 * the backups.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-backup"

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>
#include <utime.h>

#include "df-backup.h"
#include "df-model.h"
#include "df-store-private.h"
#include "df-test-faults.h"
#include "df-test-util.h"

typedef struct
{
  char    *dir;
  char    *db_path;
  char    *backups;    /* the backups folder */
  DfStore *store;
  char    *slug;
} Fixture;

/* A book of 40 chapters in draftforge.db, its store closed. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DfProject) project = NULL;

  f->db_path = df_test_db_path_new ("backup", &f->dir);
  f->backups = g_build_filename (f->dir, "draftforge-backups", NULL);
  f->store = df_test_store_open (f->db_path);
  project = df_test_make_book (f->store, "Harbour Lights", 40);
  f->slug = g_strdup (project->slug);
  g_clear_object (&f->store);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  df_test_tmp_dir_free (f->dir);
  g_free (f->db_path);
  g_free (f->backups);
  g_free (f->slug);
}

static GDateTime *
local_time (int year,
            int month,
            int day,
            int hour)
{
  return g_date_time_new_local (year, month, day, hour, 0, 0);
}

static DfBackup *
make_backup (DfStore   *store,
             GDateTime *when)
{
  g_autoptr(GError) error = NULL;
  DfBackup *backup = df_backup_make (store, when, &error);

  g_assert_no_error (error);
  g_assert_nonnull (backup);
  return backup;
}

/* The start-up backup of a damaged database: refused, and the good copy
 * made before is left byte for byte. */
static void
test_damaged_not_backed_up (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) monday = local_time (2026, 12, 7, 9);
  g_autoptr(GDateTime) tuesday = local_time (2026, 12, 8, 9);
  g_autoptr(DfBackup) good = NULL;
  g_autoptr(DfBackup) bad = NULL;
  g_autofree char *marker = df_test_book_marker (f->slug, 20);
  g_autofree char *damaged = g_strdup_printf ("“%s” is damaged (", f->db_path);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *names = NULL;
  gsize before_len, after_len;

  f->store = df_test_store_open (f->db_path);
  good = make_backup (f->store, monday);
  g_assert_true (g_str_has_suffix (good->path, "draftforge-backups/2026-12-07T09-00-00.db"));
  g_assert_true (df_backup_check (good->path, NULL));
  g_clear_object (&f->store);
  before = df_test_read_file (good->path, &before_len);

  df_test_damage_page (f->db_path, marker);
  f->store = df_test_store_open (f->db_path);
  bad = df_backup_make (f->store, tuesday, &error);
  g_assert_error (error, DF_ERROR, DF_ERROR_CORRUPT);
  g_assert_null (bad);
  g_assert_true (g_str_has_prefix (error->message, damaged));
  g_assert_nonnull (strstr (error->message, f->backups));
  g_assert_nonnull (df_store_get_damage (f->store));

  names = df_test_list_dir (f->backups);
  g_assert_cmpstr (names, ==, "2026-12-07T09-00-00.db");
  after = df_test_read_file (good->path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
}

/* Start-ups over eleven days, two a day: the last three stay, and the
 * newest of each of the seven days up to the last; nothing else of the
 * folder is touched. */
static void
test_generations (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *names = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *half = NULL;

  f->store = df_test_store_open (f->db_path);
  g_assert_cmpint (g_mkdir_with_parents (f->backups, 0700), ==, 0);
  mine = df_test_write_file (f->backups, "my copy.db", "mine", -1);
  for (int day = 1; day <= 11; day++)
    for (int hour = 9; hour <= 18; hour += 9)
      {
        g_autoptr(GDateTime) when = local_time (2026, 11, day, hour);
        g_autoptr(DfBackup) backup = make_backup (f->store, when);
      }

  names = df_test_list_dir (f->backups);
  g_assert_cmpstr (names, ==,
                   "2026-11-05T18-00-00.db 2026-11-06T18-00-00.db 2026-11-07T18-00-00.db "
                   "2026-11-08T18-00-00.db 2026-11-09T18-00-00.db 2026-11-10T18-00-00.db "
                   "2026-11-11T09-00-00.db 2026-11-11T18-00-00.db my copy.db");

  /* Two in the same second are both kept, told apart by the name. */
  {
    g_autoptr(GDateTime) when = local_time (2026, 11, 11, 18);
    g_autoptr(DfBackup) again = make_backup (f->store, when);

    g_assert_true (g_str_has_suffix (again->path, "2026-11-11T18-00-00-2.db"));
  }

  /* A copy a crash left half-written goes at the next pruning. */
  half = df_test_write_file (f->backups, "2026-11-01T10-00-00.db.tmp", "half", -1);
  {
    g_autoptr(GDateTime) later = local_time (2026, 11, 12, 9);
    g_autoptr(GError) error = NULL;
    struct utimbuf then = { g_date_time_to_unix (later) - 7200, g_date_time_to_unix (later) - 7200 };

    g_assert_cmpint (g_utime (half, &then), ==, 0);

    g_assert_true (df_backup_prune (f->db_path, later, &error));
    g_assert_no_error (error);
  }
  g_assert_false (g_file_test (half, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (mine, G_FILE_TEST_EXISTS));
}

/* Listing checks each backup: the good ones newest first, then the
 * damaged; restoring one keeps the damaged database aside. */
static void
test_list_and_restore (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) first = local_time (2026, 12, 1, 8);
  g_autoptr(GDateTime) second = local_time (2026, 12, 2, 8);
  g_autoptr(GDateTime) third = local_time (2026, 12, 3, 8);
  g_autoptr(DfBackup) older = NULL;
  g_autoptr(DfBackup) newer = NULL;
  g_autoptr(DfBackup) newest = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autofree char *marker = df_test_book_marker (f->slug, 30);
  g_autofree char *damaged = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *aside = NULL;
  gsize damaged_len, kept_len;

  f->store = df_test_store_open (f->db_path);
  older = make_backup (f->store, first);
  newer = make_backup (f->store, second);
  newest = make_backup (f->store, third);
  g_clear_object (&f->store);

  /* The newest backup is damaged too, and so is the database. */
  df_test_damage_page (newest->path, marker);
  df_test_damage_page (f->db_path, marker);
  damaged = df_test_read_file (f->db_path, &damaged_len);

  list = df_backup_list (f->db_path, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (((DfBackup *)list->pdata[0])->path, ==, newer->path);
  g_assert_null (((DfBackup *)list->pdata[0])->problem);
  g_assert_cmpstr (((DfBackup *)list->pdata[1])->path, ==, older->path);
  g_assert_cmpstr (((DfBackup *)list->pdata[2])->path, ==, newest->path);
  g_assert_nonnull (strstr (((DfBackup *)list->pdata[2])->problem, "is damaged"));

  /* A damaged backup is never put in place. */
  g_assert_false (df_backup_restore (f->db_path, newest->path, &aside, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_null (aside);
  kept = df_test_read_file (f->db_path, &kept_len);
  g_assert_cmpmem (kept, kept_len, damaged, damaged_len);
  g_clear_pointer (&kept, g_free);

  g_assert_true (df_backup_restore (f->db_path, newer->path, &aside, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (aside, "draftforge.db.unreadable-1"));
  kept = df_test_read_file (aside, &kept_len);
  g_assert_cmpmem (kept, kept_len, damaged, damaged_len);

  f->store = df_test_store_open (f->db_path);
  g_assert_true (df_store_check (f->store, &error));
  project = df_project_get (f->store, f->slug, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (project->n_chapters, ==, 40);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    data)
{
  (*(guint *)data)++;
}

/* A query that meets a damaged page says the database is damaged and
 * where its backups are, never that the chapter is not there; the store
 * remembers it and says so once.  (Listing the book never reads a
 * chapter's text, schema 13: it is reading the damaged chapter that
 * meets the damage.) */
static void
test_query_meets_damage (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  g_autofree char *marker = df_test_book_marker (f->slug, 25);
  guint notified = 0;

  df_test_damage_page (f->db_path, marker);
  f->store = df_test_store_open (f->db_path);
  g_signal_connect (f->store, "notify::damaged", G_CALLBACK (count_notify), &notified);
  g_assert_null (df_store_get_damage (f->store));

  project = df_project_get (f->store, f->slug, FALSE, &error);
  g_assert_no_error (error);
  chapter = df_chapter_get_by_number (f->store, project->id, 25, &error);
  g_assert_error (error, DF_ERROR, DF_ERROR_CORRUPT);
  g_assert_null (chapter);
  g_assert_null (strstr (error->message, "No such chapter"));
  g_assert_nonnull (strstr (error->message, "is damaged"));
  g_assert_nonnull (strstr (error->message, f->backups));
  g_assert_nonnull (df_store_get_damage (f->store));
  g_assert_cmpuint (notified, ==, 1);
  g_clear_error (&error);

  /* The next one says the same; the store was told once. */
  g_assert_false (df_store_check (f->store, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_CORRUPT);
  g_assert_cmpuint (notified, ==, 1);
}

/* A damaged database at an older schema: no upgrade, and the copy of
 * the last upgrade (draftforge.db.bak) is not overwritten. */
static void
test_no_upgrade_of_damaged (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autofree char *marker = df_test_book_marker (f->slug, 10);
  g_autofree char *bak = g_strconcat (f->db_path, ".bak", NULL);
  g_autofree char *after = NULL;
  gsize after_len;

  df_test_sql_exec (f->db_path, "PRAGMA user_version = 4");
  df_test_damage_page (f->db_path, marker);
  g_free (df_test_write_file (f->dir, "draftforge.db.bak", "the good copy", -1));

  store = df_store_open (f->db_path, &error);
  g_assert_error (error, DF_ERROR, DF_ERROR_CORRUPT);
  g_assert_null (store);
  g_assert_true (g_str_has_prefix (error->message, "Not upgrading the database: "));
  g_assert_nonnull (strstr (error->message, "is damaged"));
  after = df_test_read_file (bak, &after_len);
  g_assert_cmpmem (after, after_len, "the good copy", strlen ("the good copy"));
}

/* The command line says a damaged database is damaged, with the way to
 * its backups, where it said "No project". */
static void
test_cli_says_damaged (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(DfTestRun) run = NULL;
  g_autofree char *marker = df_test_book_marker (f->slug, 1);

  if (!df_test_have_cli ())
    return;

  df_test_damage_page (f->db_path, marker);
  run = df_test_run_cli (f->db_path, NULL, NULL, DF_TEST_STRV ("chapter", "list", f->slug));
  df_test_assert_run_fails (run, 1, "is damaged");
  g_assert_nonnull (strstr (run->err, f->backups));
  g_assert_nonnull (strstr (run->err, "List the backups with “draftforge-cli backup list”"));
  g_assert_null (strstr (run->err, "No project"));
}

/* Replaces the root page of @index (a one-page index) with a valid,
 * empty leaf: SQLite then finds nothing through it, without an error. */
static void
empty_index_page (const char *db_path,
                  const char *index)
{
  g_autofree char *sql = g_strdup_printf ("SELECT rootpage FROM sqlite_master WHERE name = '%s'", index);
  guint8 page[4096] = { 0x0a, 0, 0, 0, 0, 0x10, 0x00 };   /* no cells; content starts at 4096 */
  sqlite3 *db = NULL;
  int root, fd;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  root = df_test_sql_int (db, sql);
  sqlite3_close (db);

  fd = g_open (db_path, O_WRONLY | O_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, page, sizeof page, (gint64)(root - 1) * sizeof page), ==, sizeof page);
  close (fd);
}

/* An index that lost its page: a lookup finds nothing and reports no
 * error, yet the database is damaged.  The start-up check finds it (no
 * backup of it is made), and the command line says so instead of "No
 * project". */
static void
test_lost_index_page (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfBackup) backup = NULL;
  g_autoptr(DfTestRun) run = NULL;

  empty_index_page (f->db_path, "sqlite_autoindex_projects_1");
  f->store = df_test_store_open (f->db_path);
  project = df_project_get (f->store, f->slug, FALSE, &error);
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
  g_clear_error (&error);

  backup = df_backup_make (f->store, NULL, &error);
  g_assert_error (error, DF_ERROR, DF_ERROR_CORRUPT);
  g_assert_null (backup);
  g_assert_false (g_file_test (f->backups, G_FILE_TEST_EXISTS));
  g_clear_object (&f->store);

  if (!df_test_have_cli ())
    return;
  run = df_test_run_cli (f->db_path, NULL, NULL, DF_TEST_STRV ("project", "show", f->slug));
  df_test_assert_run_fails (run, 1, "is damaged");
  g_assert_null (strstr (run->err, "No project"));
}

/* The way to the backups from the command line: listed, checked, and
 * restored with the damaged database kept aside; not while a program
 * has the database open. */
static void
test_cli_backups (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDateTime) first = local_time (2026, 12, 1, 8);
  g_autoptr(GDateTime) second = local_time (2026, 12, 2, 8);
  g_autoptr(DfBackup) older = NULL;
  g_autoptr(DfBackup) newer = NULL;
  g_autoptr(DfTestRun) list = NULL;
  g_autoptr(DfTestRun) busy = NULL;
  g_autoptr(DfTestRun) restore = NULL;
  g_autoptr(DfTestRun) show = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *marker = df_test_book_marker (f->slug, 12);
  g_autofree char *aside = g_strconcat (f->db_path, ".unreadable-1", NULL);
  JsonArray *array;

  if (!df_test_have_cli ())
    return;

  f->store = df_test_store_open (f->db_path);
  older = make_backup (f->store, first);
  newer = make_backup (f->store, second);
  g_clear_object (&f->store);
  df_test_damage_page (newer->path, marker);
  df_test_damage_page (f->db_path, marker);

  list = df_test_run_cli (f->db_path, NULL, NULL, DF_TEST_STRV ("backup", "list", "--json"));
  json = df_test_run_json (list);
  array = json_node_get_array (json);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "path"), ==, older->path);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (array, 0), "good"));
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (array, 1), "good"));

  /* Not while another program has the database open. */
  f->store = df_test_store_open (f->db_path);
  busy = df_test_run_cli (f->db_path, NULL, NULL, DF_TEST_STRV ("backup", "restore"));
  df_test_assert_run_fails (busy, 1, "is open in DraftForge or another program");
  g_clear_object (&f->store);

  restore = df_test_run_cli (f->db_path, NULL, NULL, DF_TEST_STRV ("backup", "restore"));
  g_assert_cmpint (restore->status, ==, 0);
  g_assert_nonnull (strstr (restore->out, older->path));
  g_assert_nonnull (strstr (restore->out, aside));
  g_assert_true (g_file_test (aside, G_FILE_TEST_IS_REGULAR));
  show = df_test_run_cli (f->db_path, NULL, NULL, DF_TEST_STRV ("chapter", "list", f->slug));
  g_assert_cmpint (show->status, ==, 0);
  g_assert_nonnull (strstr (show->out, "Chapter 40"));
}

int
main (int    argc,
      char **argv)
{
  df_test_faults_init ();
  g_test_init (&argc, &argv, NULL);

  DF_TEST_ADD ("/backup/damaged-not-backed-up", test_damaged_not_backed_up);
  DF_TEST_ADD ("/backup/generations", test_generations);
  DF_TEST_ADD ("/backup/list-and-restore", test_list_and_restore);
  DF_TEST_ADD ("/backup/query-meets-damage", test_query_meets_damage);
  DF_TEST_ADD ("/backup/no-upgrade-of-damaged", test_no_upgrade_of_damaged);
  DF_TEST_ADD ("/backup/cli-says-damaged", test_cli_says_damaged);
  DF_TEST_ADD ("/backup/lost-index-page", test_lost_index_page);
  DF_TEST_ADD ("/backup/cli-backups", test_cli_backups);

  return g_test_run ();
}
