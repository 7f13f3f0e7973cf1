/* test-wal.c: a damaged journal never rolls saves back in silence
 *
 * Ten saves sit in the journal (-wal) of a database a connection still
 * holds open, as a crash leaves them; a copy of the database, its
 * journal and its index is then damaged (a flipped byte, a cut in the
 * middle of a frame, a bad header) and opened.  The store must keep the
 * journal aside before SQLite forgets what it cannot replay, say how
 * many saves came back, and show exactly those.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-wal"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "df-model.h"
#include "df-store-private.h"
#include "df-test-faults.h"
#include "df-test-util.h"

#define N_SAVES 10

typedef struct
{
  char    *dir;
  DfStore *live;         /* holds the journal open, as a crash would leave it */
  gint64   chapter_id;
} Fixture;

static char *
save_text (guint n)
{
  return g_strdup_printf ("Save %u\n\nThe tide came in at %u o'clock.\n", n, n);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *live_dir = NULL;
  g_autofree char *text = save_text (0);
  g_autoptr(DfChapter) chapter = NULL;

  f->dir = df_test_tmp_dir_new ("wal");
  live_dir = g_build_filename (f->dir, "live", "draftforge.db", NULL);
  f->live = df_test_store_open (live_dir);
  chapter = df_test_make_chapter (f->live, "Tides", "Tides", text);
  f->chapter_id = chapter->id;

  /* The journal then holds the ten saves and nothing else: save n is its
   * n-th transaction (df_test_wal_offset). */
  g_assert_true (df_store_exec (f->live, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
  for (guint n = 1; n <= N_SAVES; n++)
    {
      g_autofree char *save = save_text (n);
      g_assert_true (df_chapter_save_content (f->live, f->chapter_id, save, &error));
      g_assert_no_error (error);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->live);
  df_test_tmp_dir_free (f->dir);
}

/* The database, its journal and its index as they are now, copied to
 * @name/draftforge.db: what a crash would leave. */
static char *
crash_copy (Fixture    *f,
            const char *name)
{
  g_autofree char *dir = g_build_filename (f->dir, name, NULL);

  return df_test_crash_copy (df_store_get_path (f->live), dir);
}

/* The one file in @db's folder whose name starts with @prefix. */
static char *
find_kept (const char *db,
           const char *prefix)
{
  g_autofree char *dir = g_path_get_dirname (db);
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  char *found = NULL;
  const char *name;

  while ((name = g_dir_read_name (folder)) != NULL)
    if (g_str_has_prefix (name, prefix))
      {
        g_assert_null (found);
        found = g_build_filename (dir, name, NULL);
      }
  return found;
}

/* Opens @db, whose journal was damaged, and checks what a user is told
 * and shown: @recovered saves, the text of the last of them, and the
 * journal kept as it was. */
static void
assert_recovered (Fixture    *f,
                  const char *db,
                  guint       recovered)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *damaged = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *kept_bytes = NULL;
  g_autofree char *kept_index = NULL;
  g_autofree char *expected = save_text (recovered);
  g_autofree char *says = g_strdup_printf ("%u recent save", recovered);
  const char *warning;
  gsize damaged_len, kept_len;

  damaged = df_test_read_file (wal, &damaged_len);

  store = df_store_open (db, &error);
  g_assert_no_error (error);
  warning = df_store_get_open_warning (store);
  g_assert_nonnull (warning);
  g_assert_nonnull (strstr (warning, says));
  g_assert_nonnull (strstr (warning, "could not be read"));

  kept = find_kept (db, "draftforge.db-wal.unreplayed-");
  g_assert_nonnull (kept);
  g_assert_nonnull (strstr (warning, kept));
  kept_bytes = df_test_read_file (kept, &kept_len);
  g_assert_cmpmem (kept_bytes, kept_len, damaged, damaged_len);
  kept_index = find_kept (db, "draftforge.db-shm.unreplayed-");
  g_assert_nonnull (kept_index);

  chapter = df_test_get_chapter (store, f->chapter_id);
  g_assert_cmpstr (chapter->content_md, ==, expected);
  g_clear_pointer (&chapter, df_chapter_free);

  /* Opened again, nothing more is lost or said. */
  g_clear_object (&store);
  store = df_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_null (df_store_get_open_warning (store));
  chapter = df_chapter_get (store, f->chapter_id, &error);
  g_assert_cmpstr (chapter->content_md, ==, expected);
}

static void
test_intact (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = crash_copy (f, "intact");
  g_autoptr(DfStore) store = df_test_store_open (db);
  g_autoptr(DfChapter) chapter = df_chapter_get (store, f->chapter_id, &error);
  g_autofree char *last = save_text (N_SAVES);
  g_autofree char *kept = find_kept (db, "draftforge.db-wal.unreplayed-");

  g_assert_no_error (error);
  g_assert_null (df_store_get_open_warning (store));
  g_assert_cmpstr (chapter->content_md, ==, last);
  g_assert_null (kept);
}

static void
test_flipped_byte (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *db = crash_copy (f, "flipped");
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);

  /* In the page of the first frame of save 6. */
  df_test_flip_byte (wal, df_test_wal_offset (db, 6) + 24 + 1000);
  assert_recovered (f, db, 5);
}

static void
test_flipped_byte_without_index (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *db = crash_copy (f, "no-index");
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);
  g_autoptr(DfStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;

  /* Without the index, the commits after the damage tell. */
  df_test_flip_byte (wal, df_test_wal_offset (db, 8) + 24 + 10);
  g_assert_cmpint (g_unlink (shm), ==, 0);
  store = df_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (df_store_get_open_warning (store), "7 recent saves"));
  kept = find_kept (db, "draftforge.db-wal.unreplayed-");
  g_assert_nonnull (kept);
}

static void
test_cut_mid_frame (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *db = crash_copy (f, "cut");
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);

  g_assert_cmpint (truncate (wal, df_test_wal_offset (db, 6) + 24 + 2000), ==, 0);
  assert_recovered (f, db, 5);
}

static void
test_bad_header (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *db = crash_copy (f, "header");
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);

  /* The header's checksum: SQLite then replays nothing. */
  df_test_flip_byte (wal, 25);
  assert_recovered (f, db, 0);
}

/* The journal of a database another connection has open is being
 * written: it is not looked at, and nothing is said. */
static void
test_live_journal (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DfStore) second = df_test_store_open (df_store_get_path (f->live));
  g_autofree char *kept = find_kept (df_store_get_path (f->live), "draftforge.db-wal.unreplayed-");

  g_assert_null (df_store_get_open_warning (second));
  g_assert_null (kept);
}

/* In a read-only folder no copy can be kept: the journal is left as it
 * is (a read-only connection never removes it), and the user is told. */
static void
test_read_only_folder (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = crash_copy (f, "read-only");
  g_autofree char *dir = g_path_get_dirname (db);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *expected = save_text (5);
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  g_autofree char *kept = NULL;
  gsize before_len, after_len;

  if (!df_test_permissions_enforced ())
    return;

  df_test_flip_byte (wal, df_test_wal_offset (db, 6) + 24 + 1000);
  before = df_test_read_file (wal, &before_len);
  g_assert_cmpint (g_chmod (dir, 0500), ==, 0);

  store = df_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (df_store_is_read_only (store));
  g_assert_nonnull (strstr (df_store_get_open_warning (store), "was left as it is"));
  chapter = df_test_get_chapter (store, f->chapter_id);
  g_assert_cmpstr (chapter->content_md, ==, expected);
  g_clear_object (&store);

  g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
  kept = find_kept (db, "draftforge.db-wal.unreplayed-");
  g_assert_null (kept);
  after = df_test_read_file (wal, &after_len);
  g_assert_cmpmem (after, after_len, before, before_len);
}

/* The command line tells it on stderr, and goes on. */
static void
test_cli_note (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *db = crash_copy (f, "cli");
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autoptr(DfTestRun) run = NULL;

  if (!df_test_have_cli ())
    return;

  df_test_flip_byte (wal, df_test_wal_offset (db, 4) + 24 + 100);
  run = df_test_run_cli (db, NULL, NULL, DF_TEST_STRV ("project", "list"));
  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, "tides"));
  g_assert_true (g_str_has_prefix (run->err, "draftforge-cli: After a crash, 3 recent saves to"));
  g_assert_nonnull (strstr (run->err, "draftforge.db-wal.unreplayed-"));
}

/* A journal cut so short that it holds no whole frame: SQLite replays
 * nothing, and only the index says that ten saves were committed.  @data
 * names the cut: inside the first frame, after the whole header, or
 * inside the header itself. */
static void
test_cut_short (Fixture       *f,
                gconstpointer  data)
{
  const char *cut = data;
  g_autofree char *db = crash_copy (f, cut);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  off_t length = g_str_equal (cut, "in-first-frame") ? df_test_wal_offset (db, 1) + 24 + 2000
                 : g_str_equal (cut, "header-only") ? 32
                 : 20;

  g_assert_cmpint (truncate (wal, length), ==, 0);
  assert_recovered (f, db, 0);
}

/* Nothing committed, nothing to say: a journal whose index says no frame
 * was committed is not a loss, however short. */
static void
test_cut_nothing_committed (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(DfStore) store = NULL;

  g_assert_true (df_store_exec (f->live, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
  g_assert_no_error (error);
  db = crash_copy (f, "nothing-committed");
  wal = g_strconcat (db, "-wal", NULL);
  g_assert_cmpint (truncate (wal, 20), ==, 0);

  store = df_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_null (df_store_get_open_warning (store));
  kept = find_kept (db, "draftforge.db-wal.unreplayed-");
  g_assert_null (kept);
}

/* Reads every byte of @path through a descriptor of its own and closes
 * it, as GIO does when a file chooser sniffs the files of a folder:
 * closing it drops every POSIX lock this process holds on the file. */
static void
sniff (const char *path)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
}

/* This process's SQLite locks on the database are dropped by code that
 * opened and closed its files (a file chooser showing its folder); then
 * another process opens it and closes it (a plugin's job in the helper
 * process, the command line).  That process must not take itself for
 * the last one and remove the journal this one still writes to: the
 * next save would go to a deleted file, and be read by nobody else. */
static void
test_locks_dropped_in_process (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfTestRun) run = NULL;
  const char *db = df_store_get_path (f->live);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  (void) data;
  if (!df_test_have_cli ())
    return;

  sniff (db);
  sniff (wal);
  sniff (shm);
  run = df_test_run_cli (db, NULL, NULL, DF_TEST_STRV ("chapter", "cat", "tides", "1"));
  df_test_assert_run_ok (run);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  g_assert_true (df_chapter_save_content (f->live, f->chapter_id, "After the sniff.\n", &error));
  g_assert_no_error (error);
  g_clear_pointer (&run, df_test_run_free);
  run = df_test_run_cli (db, NULL, NULL, DF_TEST_STRV ("chapter", "cat", "tides", "1"));
  df_test_assert_run_ok (run);
  g_assert_cmpstr (run->out, ==, "After the sniff.\n");

  /* and this process, closing last, leaves no journal behind */
  g_clear_object (&f->live);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  df_test_faults_init ();
  g_test_init (&argc, &argv, NULL);

  DF_TEST_ADD ("/wal/intact", test_intact);
  DF_TEST_ADD ("/wal/flipped-byte", test_flipped_byte);
  DF_TEST_ADD ("/wal/flipped-byte-without-index", test_flipped_byte_without_index);
  DF_TEST_ADD ("/wal/cut-mid-frame", test_cut_mid_frame);
  DF_TEST_ADD ("/wal/bad-header", test_bad_header);
  DF_TEST_ADD ("/wal/live-journal", test_live_journal);
  DF_TEST_ADD ("/wal/read-only-folder", test_read_only_folder);
  DF_TEST_ADD ("/wal/cli-note", test_cli_note);
  DF_TEST_ADD_DATA ("/wal/cut-in-first-frame", "in-first-frame", test_cut_short);
  DF_TEST_ADD_DATA ("/wal/header-only", "header-only", test_cut_short);
  DF_TEST_ADD_DATA ("/wal/cut-in-header", "in-header", test_cut_short);
  DF_TEST_ADD ("/wal/cut-nothing-committed", test_cut_nothing_committed);
  DF_TEST_ADD ("/wal/locks-dropped-in-process", test_locks_dropped_in_process);

  return g_test_run ();
}
