/* df-store-errors.c: what a failed database call tells the user
 *
 * SQLite's result codes become DfError codes with a message that says
 * what is true and what to do: a damaged file and where its backups are,
 * a read-only place, a full disk (and that nothing saved is lost), a lock
 * another program holds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "df-error.h"
#include "df-store-errors-private.h"
#include "df-store-files-private.h"

/* What a user reads about a damaged database: what SQLite said, and the
 * way to the backups. */
char *
_df_store_damage_message (const char *path,
                          const char *detail)
{
  g_autofree char *backups = _df_store_files_backup_dir (path);

  return g_strdup_printf (_("“%s” is damaged (%s). Restore one of its backups: DraftForge lists them "
                            "when it opens the database, and they are kept in “%s”."),
                          path, detail, backups);
}

/* Whether SQLite's @primary code on the database at @path means the disk
 * is full: it
 * says so (SQLITE_FULL), or an I/O error met a disk with almost nothing
 * left (SQLite cannot make its journal's index there). */
static gboolean
is_disk_full (const char *path,
              int         primary,
              guint64    *free_bytes)
{
  *free_bytes = 0;
  if (!_df_store_files_disk_full (path, free_bytes))
    return primary == SQLITE_FULL;
  return primary == SQLITE_FULL || primary == SQLITE_IOERR;
}

/* "the disk holding “PATH” is full (N free)…": what a full disk is told
 * with, whatever failed. */
static char *
disk_full_message (const char *path,
                   guint64     free_bytes)
{
  g_autofree char *left = g_format_size (free_bytes);

  return g_strdup_printf (_("the disk holding “%s” is full (%s free). Free some space, then try again: "
                            "nothing saved before is lost."), path, left);
}

char *
_df_store_error_from_sqlite (sqlite3     *db,
                             const char  *path,
                             const char  *read_only_reason,
                             const char  *what,
                             GError     **error)
{
  int code = sqlite3_extended_errcode (db);
  int primary = code & 0xff;
  g_autofree char *detail = g_strdup (sqlite3_errmsg (db));
  g_autofree char *message = NULL;
  DfError df_code = DF_ERROR_DATABASE;
  guint64 free_bytes;

  if (is_disk_full (path, primary, &free_bytes))
    {
      message = disk_full_message (path, free_bytes);
      g_set_error (error, DF_ERROR, DF_ERROR_NO_SPACE, "%s: %s", what, message);
      return NULL;
    }

  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
    {
      message = _df_store_damage_message (path, detail);
      g_set_error (error, DF_ERROR, DF_ERROR_CORRUPT, "%s: %s", what, message);
      return g_steal_pointer (&message);
    }

  if (primary == SQLITE_READONLY)
    {
      if (read_only_reason == NULL)
        message = g_strdup_printf (_("DraftForge cannot write to “%s” (%s): check the permissions "
                                     "of the file and of its folder."), path, detail);
      g_set_error (error, DF_ERROR, DF_ERROR_READ_ONLY, "%s: %s", what,
                   message != NULL ? message : read_only_reason);
      return NULL;
    }

  if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
    df_code = DF_ERROR_EXISTS;
  else if (primary == SQLITE_CONSTRAINT)
    df_code = DF_ERROR_INVALID;
  else if (primary == SQLITE_BUSY)
    df_code = DF_ERROR_BUSY;

  g_set_error (error, DF_ERROR, df_code, "%s: %s", what, detail);
  return NULL;
}

void
_df_store_set_open_error (const char  *path,
                          const char  *read_only_reason,
                          int          rc,
                          GError     **error)
{
  g_autofree char *backups = _df_store_files_backup_dir (path);
  g_autofree char *dir = g_path_get_dirname (path);
  const char *detail = sqlite3_errstr (rc);
  guint64 free_bytes;

  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
      g_set_error (error, DF_ERROR, DF_ERROR_CORRUPT,
                   _("“%s” is not a DraftForge database (%s). It was left as it is; "
                     "restore one of its backups (kept in “%s”) or choose another file."),
                   path, detail, backups);
      break;

    case SQLITE_CORRUPT:
      g_set_error (error, DF_ERROR, DF_ERROR_CORRUPT,
                   _("“%s” is damaged (%s). It was left as it is; restore one of its backups (kept in “%s”)."),
                   path, detail, backups);
      break;

    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      if (read_only_reason != NULL)
        g_set_error (error, DF_ERROR, DF_ERROR_READ_ONLY, "%s (%s)", read_only_reason, detail);
      else
        g_set_error (error, DF_ERROR, DF_ERROR_PERMISSION,
                     _("DraftForge cannot open “%s” (%s): check the permissions of the file and of “%s”."),
                     path, detail, dir);
      break;

    default:
      if (is_disk_full (path, rc & 0xff, &free_bytes))
        {
          g_autofree char *message = disk_full_message (path, free_bytes);
          g_set_error (error, DF_ERROR, DF_ERROR_NO_SPACE,
                       _("Could not open the database: %s"), message);
        }
      else
        g_set_error (error, DF_ERROR, DF_ERROR_DATABASE,
                     _("Could not open the database “%s”: %s"), path, detail);
    }
}
