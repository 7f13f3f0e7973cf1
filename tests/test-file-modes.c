/* test-file-modes.c: a file half-written is never readable by others
 *
 * The backup's temporary copy is created for its owner only before a
 * byte of the prose is in it, and an export's temporary file has, from
 * its creation, the mode the finished file will have.  The umask is the
 * usual 022, under which a file made the ordinary way is world-readable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-file-modes"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "df-backup.h"
#include "df-exporter.h"
#include "df-plugin-host.h"
#include "df-store-private.h"
#include "df-test-faults.h"
#include "df-test-util.h"

/* ---- every file SQLite opens, with its mode at that moment ------------ */

static sqlite3_vfs *real_vfs;
static sqlite3_vfs watching_vfs;
static GMutex watched_lock;
static GHashTable *watched;   /* path → mode when SQLite first opened it */

static int
watching_open (sqlite3_vfs      *vfs,
               sqlite3_filename  name,
               sqlite3_file     *file,
               int               flags,
               int              *out_flags)
{
  int rc = real_vfs->xOpen (real_vfs, name, file, flags, out_flags);
  GStatBuf st;

  if (rc == SQLITE_OK && name != NULL && (flags & SQLITE_OPEN_MAIN_DB) && g_stat (name, &st) == 0)
    {
      g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&watched_lock);

      if (!g_hash_table_contains (watched, name))
        g_hash_table_insert (watched, g_strdup (name), GUINT_TO_POINTER (st.st_mode & 0777));
    }
  return rc;
}

static void
watch_sqlite_opens (void)
{
  real_vfs = sqlite3_vfs_find (NULL);
  watching_vfs = *real_vfs;
  watching_vfs.zName = "df-test-watching";
  watching_vfs.xOpen = watching_open;
  watched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_assert_cmpint (sqlite3_vfs_register (&watching_vfs, 1), ==, SQLITE_OK);
}

/* The mode @path had when SQLite opened it, or -1. */
static int
mode_when_opened (const char *path)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&watched_lock);
  gpointer mode;

  if (!g_hash_table_lookup_extended (watched, path, NULL, &mode))
    return -1;
  return GPOINTER_TO_INT (mode);
}

static int
mode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

/* ---- tests ---------------------------------------------------------- */

/* SQLite writes the backup into DEST.tmp: it must already be the
 * owner's only when SQLite opens it. */
static void
test_backup_temporary (DfTestTmpDir  *tmp,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (tmp->dir, "draftforge.db", NULL);
  g_autofree char *copy = g_build_filename (tmp->dir, "copy.db", NULL);
  g_autofree char *copy_tmp = g_strconcat (copy, ".tmp", NULL);
  g_autoptr(DfStore) store = df_test_store_open (db);
  g_autoptr(DfProject) book = df_test_make_book (store, "Private Letters", 5);
  g_autoptr(DfBackup) startup = NULL;
  g_autofree char *startup_tmp = NULL;
  mode_t old_umask = umask (022);

  g_assert_true (df_store_backup (store, copy, &error));
  g_assert_no_error (error);
  startup = df_backup_make (store, NULL, &error);
  umask (old_umask);
  g_assert_no_error (error);

  g_assert_cmpint (mode_when_opened (copy_tmp), ==, 0600);
  g_assert_cmpint (mode_of (copy), ==, 0600);
  startup_tmp = g_strconcat (startup->path, ".tmp", NULL);
  g_assert_cmpint (mode_when_opened (startup_tmp), ==, 0600);
  g_assert_cmpint (mode_of (startup->path), ==, 0600);
}

typedef struct
{
  char *dir;
  int   temp_mode;   /* of the export's temporary file, at its first progress */
} ExportWatch;

static void
export_progress (double      fraction,
                 const char *message,
                 gpointer    user_data)
{
  ExportWatch *watch = user_data;
  g_autoptr(GDir) folder = NULL;
  const char *name;

  if (watch->temp_mode >= 0)
    return;
  folder = g_dir_open (watch->dir, 0, NULL);
  while ((name = g_dir_read_name (folder)) != NULL)
    if (g_str_has_prefix (name, ".letters.md.part-"))
      {
        g_autofree char *path = g_build_filename (watch->dir, name, NULL);
        watch->temp_mode = mode_of (path);
      }
}

/* Exports @book to letters.md under the umask @mask; the temporary
 * file's mode while it is written in @temp_mode. */
static char *
export_book (DfStore   *store,
             DfProject *book,
             const char *dir,
             mode_t     mask,
             int       *temp_mode)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfPluginHost) host = df_plugin_host_new (store, NULL);
  g_autoptr(DfExportResult) result = NULL;
  char *output = g_build_filename (dir, "letters.md", NULL);
  ExportWatch watch = { (char *)dir, -1 };
  DfExporter *exporter;
  mode_t old_umask;

  df_plugin_host_load (host);
  exporter = df_plugin_host_find_exporter (host, "markdown");
  g_assert_nonnull (exporter);

  old_umask = umask (mask);
  result = df_export_run (exporter, store, book->id, output, NULL, export_progress, &watch, NULL, &error);
  umask (old_umask);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  *temp_mode = watch.temp_mode;
  return output;
}

/* Over a file only its owner may read, the export stays the owner's
 * only, from its first byte; a new file has the mode any new file gets. */
static void
test_export_temporary (DfTestTmpDir  *tmp,
                       gconstpointer  data)
{
  g_autofree char *db = g_build_filename (tmp->dir, "draftforge.db", NULL);
  g_autofree char *out_dir = g_build_filename (tmp->dir, "out", NULL);
  g_autoptr(DfStore) store = df_test_store_open (db);
  g_autoptr(DfProject) book = df_test_make_book (store, "Private Letters", 5);
  g_autofree char *private = NULL;
  g_autofree char *output = NULL;
  int temp_mode;

  private = df_test_write_file (out_dir, "letters.md", "my private draft", -1);
  g_assert_cmpint (g_chmod (private, 0600), ==, 0);
  output = export_book (store, book, out_dir, 022, &temp_mode);
  g_assert_cmpint (temp_mode, ==, 0600);
  g_assert_cmpint (mode_of (output), ==, 0600);
  g_clear_pointer (&output, g_free);

  g_assert_cmpint (g_unlink (private), ==, 0);
  output = export_book (store, book, out_dir, 022, &temp_mode);
  g_assert_cmpint (temp_mode, ==, 0644);
  g_assert_cmpint (mode_of (output), ==, 0644);
  g_clear_pointer (&output, g_free);

  g_assert_cmpint (g_unlink (private), ==, 0);
  output = export_book (store, book, out_dir, 077, &temp_mode);
  g_assert_cmpint (temp_mode, ==, 0600);
  g_assert_cmpint (mode_of (output), ==, 0600);
}

int
main (int    argc,
      char **argv)
{
  df_test_faults_init ();
  g_test_init (&argc, &argv, NULL);
  watch_sqlite_opens ();

  DF_TEST_ADD_TMP_DIR ("/file-modes/backup-temporary", test_backup_temporary);
  DF_TEST_ADD_TMP_DIR ("/file-modes/export-temporary", test_export_temporary);

  return g_test_run ();
}
