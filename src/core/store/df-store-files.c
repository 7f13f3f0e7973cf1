/* df-store-files.c: the database's files, before SQLite opens them
 *
 * POSIX locks belong to a process and a file: closing any descriptor of
 * a file drops every lock the process holds on it, SQLite's included.  So
 * the journal, its index and the database are only opened here while no
 * connection of this process has that database open, under one lock that
 * the store's opening takes (see _df_store_files_acquire).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-store"
#define _GNU_SOURCE   /* F_OFD_SETLK */

#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <string.h>
#include <unistd.h>

#include "df-error.h"
#include "df-store-files-private.h"
#include "df-wal-private.h"

/* SQLite's "dead man switch": every connection holds a shared lock on
 * this byte of the wal-index while it is open (os_unix.c, UNIX_SHM_DMS). */
#define SHM_DMS_OFFSET 128

/* Less than this left on the disk, and an I/O error is the disk being
 * full. */
#define DISK_FULL_BYTES (1024 * 1024)

static GMutex      open_files_lock;
static GHashTable *open_files;   /* "dev:inode" → connections (GUINT_TO_POINTER) */

static gboolean
is_permission_errno (int saved)
{
  return saved == EACCES || saved == EPERM || saved == EROFS;
}

static gboolean
set_cannot_write_folder (GError     **error,
                         const char  *dir)
{
  g_set_error (error, DF_ERROR, DF_ERROR_PERMISSION,
               _("DraftForge cannot write to “%s”: check its permissions."), dir);
  return FALSE;
}

/* A database that does not exist yet: its folder, then the file, for
 * the owner only whatever the umask. */
static gboolean
create_new (const char  *path,
            const char  *dir,
            gboolean    *created,
            GError     **error)
{
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      if (is_permission_errno (saved))
        return set_cannot_write_folder (error, dir);
      g_set_error (error, DF_ERROR, DF_ERROR_IO,
                   _("Could not create the folder “%s” for the database: %s"),
                   dir, g_strerror (saved));
      return FALSE;
    }

  fd = g_open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      if (is_permission_errno (saved))
        return set_cannot_write_folder (error, dir);
      g_set_error (error, DF_ERROR, DF_ERROR_IO,
                   _("Could not create the database “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }

  close (fd);
  *created = TRUE;
  return TRUE;
}

static gboolean
check_existing (const char     *path,
                const char     *dir,
                GStatBuf       *st,
                DfStoreAccess  *access,
                GError        **error)
{
  if (S_ISDIR (st->st_mode))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO,
                   _("“%s” is a folder, not a database: give the path of a file."), path);
      return FALSE;
    }

  if (g_access (path, R_OK) != 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_PERMISSION,
                   _("DraftForge cannot read “%s”: check its permissions."), path);
      return FALSE;
    }

  if (g_access (dir, W_OK) != 0)
    *access = DF_STORE_ACCESS_READ_ONLY_FOLDER;
  else if (g_access (path, W_OK) != 0)
    *access = DF_STORE_ACCESS_READ_ONLY_FILE;
  return TRUE;
}

gboolean
_df_store_files_prepare (const char     *path,
                         gboolean       *created,
                         DfStoreAccess  *access,
                         GError        **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  GStatBuf st;
  int saved;

  *created = FALSE;
  *access = DF_STORE_ACCESS_READ_WRITE;

  if (g_stat (path, &st) == 0)
    return check_existing (path, dir, &st, access, error);

  saved = errno;
  if (saved == ENOENT)
    {
      if (create_new (path, dir, created, error))
        return TRUE;
      /* Another process may have made it in the meantime. */
      if (g_stat (path, &st) != 0)
        return FALSE;
      g_clear_error (error);
      return check_existing (path, dir, &st, access, error);
    }

  if (is_permission_errno (saved))
    g_set_error (error, DF_ERROR, DF_ERROR_PERMISSION,
                 _("DraftForge cannot open the folder “%s”: check its permissions."), dir);
  else
    g_set_error (error, DF_ERROR, DF_ERROR_IO,
                 _("Could not open the database “%s”: %s"), path, g_strerror (saved));
  return FALSE;
}

char *
_df_store_files_read_only_reason (const char    *path,
                                  DfStoreAccess  access)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_return_val_if_fail (access != DF_STORE_ACCESS_READ_WRITE, NULL);

  return g_strdup_printf (_("This database is read-only: “%s” cannot be written. Check its permissions."),
                          access == DF_STORE_ACCESS_READ_ONLY_FOLDER ? dir : path);
}

gboolean
_df_store_files_open_elsewhere (const char *path)
{
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = SHM_DMS_OFFSET, .l_len = 1 };
  gboolean held;
  int fd;

  if ((fd = g_open (shm, O_RDONLY | O_CLOEXEC, 0)) < 0)
    return FALSE;
  held = fcntl (fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
  close (fd);
  return held;
}

/* The database's page size (its header), for a journal whose header is
 * damaged; 0 when it cannot be read. */
static guint32
database_page_size (const char *path)
{
  guint8 header[18];
  guint32 size = 0;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    return 0;
  if (read (fd, header, sizeof header) == sizeof header)
    size = ((guint32)header[16] << 8) | header[17];
  close (fd);
  return size == 1 ? 65536 : size;
}

static char *
unreplayed_message (const char        *path,
                    const DfWalReport *report,
                    const char        *copy)
{
  if (copy == NULL)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "After a crash, %u recent save to “%s” was recovered; the last ones "
                                         "could not be read. Its journal “%s-wal” was left as it is.",
                                         "After a crash, %u recent saves to “%s” were recovered; the last ones "
                                         "could not be read. Its journal “%s-wal” was left as it is.",
                                         report->n_commits),
                            report->n_commits, path, path);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "After a crash, %u recent save to “%s” was recovered; the last ones "
                                       "could not be read and are kept in “%s”.",
                                       "After a crash, %u recent saves to “%s” were recovered; the last ones "
                                       "could not be read and are kept in “%s”.",
                                       report->n_commits),
                          report->n_commits, path, copy);
}

/* Copies the journal and its index to PATH-wal.unreplayed-TIME and
 * PATH-shm.unreplayed-TIME; the journal's copy in @copy_out. */
static gboolean
copy_journal (const char  *path,
              char       **copy_out,
              GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H-%M-%S");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *wal_base = g_strdup_printf ("%s.unreplayed-%s", wal, stamp);
  g_autofree char *wal_copy = _df_store_files_unused_path (wal_base, "");
  g_autofree char *shm_copy = g_strconcat (shm, wal_copy + strlen (wal), NULL);

  if (!_df_store_files_copy_private (wal, wal_copy, error))
    return FALSE;
  if (g_file_test (shm, G_FILE_TEST_EXISTS) && !_df_store_files_copy_private (shm, shm_copy, error))
    {
      g_unlink (wal_copy);
      return FALSE;
    }

  *copy_out = g_steal_pointer (&wal_copy);
  return TRUE;
}

static gboolean
keep_journal (const char  *path,
                              gboolean     can_write,
                              char       **warning,
                              GError     **error)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *copy = NULL;
  g_autoptr(GError) local_error = NULL;
  DfWalReport report;

  if (!_df_wal_inspect (wal, shm, database_page_size (path), &report, error))
    return FALSE;
  if (!report.unreplayed)
    return TRUE;

  g_debug ("%s: %u commits replayed, %u frames of %u committed, %u commits after the damage",
           wal, report.n_commits, report.n_frames, report.n_committed_frames, report.n_lost_commits);

  if (can_write && !copy_journal (path, &copy, &local_error))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO,
                   _("The journal “%s” holds saves that cannot be read, and a copy of it could not be kept (%s). "
                     "Nothing was changed: free some space or check the permissions of its folder, then try again."),
                   wal, local_error->message);
      return FALSE;
    }

  *warning = unreplayed_message (path, &report, copy);
  return TRUE;
}

/* SQLite's file locks, as open-file-description locks.  POSIX locks
 * belong to the process: GTK's file chooser reading the first bytes of
 * each file of the folder it shows, to guess their types, opens and
 * closes the database, its journal and its index, and with that close
 * this process would lose every lock SQLite holds on them.  Another
 * process (the command line, a plugin's helper) closing the database
 * would then take itself for the last one and delete the journal this
 * one still writes to, or opening it, reset its index under this one's
 * feet (SIGBUS).  An open-file-description lock belongs to the
 * descriptor it was taken through: other descriptors' closes leave it.
 * The two kinds conflict with each other as POSIX locks do, so a
 * process of an older version still sees these. */
static int
ofd_fcntl (int fd,
           int cmd,
           ...)
{
  va_list args;
  void *arg;
  struct flock lock;
  int ofd_cmd;
  int ret;

  va_start (args, cmd);
  arg = va_arg (args, void *);
  va_end (args);

  switch (cmd)
    {
    case F_SETLK: ofd_cmd = F_OFD_SETLK; break;
    case F_SETLKW: ofd_cmd = F_OFD_SETLKW; break;
    case F_GETLK: ofd_cmd = F_OFD_GETLK; break;
    default: return fcntl (fd, cmd, arg);
    }

  /* (l_pid must be 0; SQLite leaves it unset) */
  lock = *(struct flock *)arg;
  lock.l_pid = 0;
  ret = fcntl (fd, ofd_cmd, &lock);
  if (ret == -1 && errno == EINVAL)
    return fcntl (fd, cmd, arg);   /* a kernel before Linux 3.15 */
  if (ret == 0 && cmd == F_GETLK)
    *(struct flock *)arg = lock;
  return ret;
}

void
_df_store_files_use_ofd_locks (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      sqlite3_vfs *vfs = sqlite3_vfs_find ("unix");

      if (vfs != NULL && vfs->iVersion >= 3 && vfs->xSetSystemCall != NULL &&
          vfs->xSetSystemCall (vfs, "fcntl", (sqlite3_syscall_ptr)ofd_fcntl) != SQLITE_OK)
        g_warning ("SQLite's file locks could not be made open-file-description locks");
      g_once_init_leave (&done, 1);
    }
}

/* A file's identity in open_files: "device:inode". */
static char *
file_key (const GStatBuf *st)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT, (guint64)st->st_dev, (guint64)st->st_ino);
}

char *
_df_store_files_acquire (const char  *path,
                         gboolean     can_write,
                         gboolean    *live,
                         char       **warning,
                         GError     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&open_files_lock);
  g_autofree char *key = NULL;
  GStatBuf st;
  guint count;

  *live = FALSE;
  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, DF_ERROR, DF_ERROR_IO,
                   _("Could not open the database “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }

  key = file_key (&st);
  if (open_files == NULL)
    open_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (open_files, key));

  /* Open here or elsewhere, the journal may be being written: it is
   * SQLite's to read. */
  *live = count > 0 || _df_store_files_open_elsewhere (path);
  if (!*live && !keep_journal (path, can_write, warning, error))
    return NULL;

  g_hash_table_insert (open_files, g_strdup (key), GUINT_TO_POINTER (count + 1));
  return g_steal_pointer (&key);
}

gboolean
_df_store_files_in_use (const char *path)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&open_files_lock);
  g_autofree char *key = NULL;
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return FALSE;

  key = file_key (&st);
  if (open_files != NULL && g_hash_table_contains (open_files, key))
    return FALSE;
  return _df_store_files_open_elsewhere (path);
}

void
_df_store_files_release (const char *key)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&open_files_lock);
  guint count;

  if (key == NULL || open_files == NULL)
    return;

  count = GPOINTER_TO_UINT (g_hash_table_lookup (open_files, key));
  if (count <= 1)
    g_hash_table_remove (open_files, key);
  else
    g_hash_table_insert (open_files, g_strdup (key), GUINT_TO_POINTER (count - 1));
}

int
_df_store_files_create_private (const char  *path,
                                GError     **error)
{
  int fd = g_open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, DF_ERROR, is_permission_errno (saved) ? DF_ERROR_PERMISSION : DF_ERROR_IO,
                   _("Could not create “%s”: %s"), path, g_strerror (saved));
    }
  return fd;
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       len)
{
  while (len > 0)
    {
      gssize written = write (fd, data, len);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        return FALSE;
      data += written;
      len -= written;
    }
  return TRUE;
}

/* Copies what is left of @from into @to and flushes @to to the disk. */
static gboolean
copy_bytes (int      from,
            int      to,
            GError **error)
{
  char buffer[65536];

  for (;;)
    {
      gssize n = read (from, buffer, sizeof buffer);

      if (n == 0)
        break;
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 || !write_all (to, buffer, n))
        {
          int saved = errno;
          g_set_error_literal (error, DF_ERROR, DF_ERROR_IO, g_strerror (saved));
          return FALSE;
        }
    }

  if (fsync (to) != 0)
    {
      int saved = errno;
      g_set_error_literal (error, DF_ERROR, DF_ERROR_IO, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
_df_store_files_copy_private (const char  *from,
                              const char  *to,
                              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  int in, out;
  gboolean ok;

  if ((in = g_open (from, O_RDONLY | O_CLOEXEC, 0)) < 0)
    {
      int saved = errno;
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Could not read “%s”: %s"), from, g_strerror (saved));
      return FALSE;
    }
  if ((out = _df_store_files_create_private (to, error)) < 0)
    {
      close (in);
      return FALSE;
    }

  ok = copy_bytes (in, out, &local_error);
  close (in);
  if (close (out) != 0 && ok)
    {
      int saved = errno;
      g_set_error_literal (&local_error, DF_ERROR, DF_ERROR_IO, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    {
      g_unlink (to);
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Could not copy “%s” to “%s”: %s"),
                   from, to, local_error->message);
    }
  return ok;
}

void
_df_store_files_sync_folder (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

char *
_df_store_files_unused_path (const char *base,
                             const char *suffix)
{
  char *path = g_strconcat (base, suffix, NULL);

  for (guint n = 2; g_file_test (path, G_FILE_TEST_EXISTS); n++)
    {
      g_free (path);
      path = g_strdup_printf ("%s-%u%s", base, n, suffix);
    }
  return path;
}

/* The folder of the start-up backups of the database at @db_path:
 * "draftforge-backups" beside "draftforge.db". */
char *
_df_store_files_backup_dir (const char *db_path)
{
  g_autofree char *dir = g_path_get_dirname (db_path);
  g_autofree char *base = g_path_get_basename (db_path);
  g_autofree char *name = NULL;

  if (g_str_has_suffix (base, ".db") && strlen (base) > 3)
    base[strlen (base) - 3] = '\0';
  name = g_strconcat (base, "-backups", NULL);
  return g_build_filename (dir, name, NULL);
}

gboolean
_df_store_files_disk_full (const char *path,
                           guint64    *free_bytes)
{
  g_autofree char *dir = g_path_get_dirname (path);
  struct statvfs st;
  guint64 left;

  if (statvfs (dir, &st) != 0)
    return FALSE;
  left = (guint64) st.f_bavail * st.f_frsize;
  if (free_bytes != NULL)
    *free_bytes = left;
  return left < DISK_FULL_BYTES;
}
