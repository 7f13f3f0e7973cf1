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

#include "df-store-errors-private.h"
#include "df-store-files-private.h"
#include "df-store-private.h"

/* What a user reads about a damaged database: what SQLite said, and the
 * way to the backups. */
char *
_df_store_damage_message (DfStore    *self,
                          const char *detail)
{
  g_autofree char *backups = _df_store_files_backup_dir (df_store_get_path (self));

  return g_strdup_printf (_("“%s” is damaged (%s). Restore one of its backups: DraftForge lists them "
                            "when it opens the database, and they are kept in “%s”."),
                          df_store_get_path (self), detail, backups);
}

/* Whether SQLite's @primary code on @self means the disk is full: it
 * says so (SQLITE_FULL), or an I/O error met a disk with almost nothing
 * left (SQLite cannot make its journal's index there). */
static gboolean
is_disk_full (DfStore *self,
              int      primary,
              guint64 *free_bytes)
{
  *free_bytes = 0;
  if (!_df_store_files_disk_full (df_store_get_path (self), free_bytes))
    return primary == SQLITE_FULL;
  return primary == SQLITE_FULL || primary == SQLITE_IOERR;
}

/* "the disk holding “PATH” is full (N free)…": what a full disk is told
 * with, whatever failed. */
static char *
disk_full_message (DfStore *self,
                   guint64  free_bytes)
{
  g_autofree char *left = g_format_size (free_bytes);

  return g_strdup_printf (_("the disk holding “%s” is full (%s free). Free some space, then try again: "
                            "nothing saved before is lost."), df_store_get_path (self), left);
}

void
df_store_set_error (DfStore     *self,
                    GError     **error,
                    const char  *what)
{
  sqlite3 *db = df_store_get_db (self);
  int code = sqlite3_extended_errcode (db);
  int primary = code & 0xff;
  g_autofree char *detail = g_strdup (sqlite3_errmsg (db));
  const char *read_only_reason = df_store_get_read_only_reason (self);
  g_autofree char *message = NULL;
  DfError df_code = DF_ERROR_DATABASE;
  guint64 free_bytes;

  if (is_disk_full (self, primary, &free_bytes))
    {
      message = disk_full_message (self, free_bytes);
      g_set_error (error, DF_ERROR, DF_ERROR_NO_SPACE, "%s: %s", what, message);
      return;
    }

  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
    {
      message = _df_store_damage_message (self, detail);
      g_set_error (error, DF_ERROR, DF_ERROR_CORRUPT, "%s: %s", what, message);
      _df_store_note_damage (self, message);
      return;
    }

  if (primary == SQLITE_READONLY)
    {
      if (read_only_reason == NULL)
        message = g_strdup_printf (_("DraftForge cannot write to “%s” (%s): check the permissions "
                                     "of the file and of its folder."), df_store_get_path (self), detail);
      g_set_error (error, DF_ERROR, DF_ERROR_READ_ONLY, "%s: %s", what,
                   message != NULL ? message : read_only_reason);
      return;
    }

  if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
    df_code = DF_ERROR_EXISTS;
  else if (primary == SQLITE_CONSTRAINT)
    df_code = DF_ERROR_INVALID;
  else if (primary == SQLITE_BUSY)
    df_code = DF_ERROR_BUSY;

  g_set_error (error, DF_ERROR, df_code, "%s: %s", what, detail);
}

/* The first read of the file failed with @rc: say what is true. */
void
_df_store_set_open_error (DfStore  *self,
                          int       rc,
                          GError  **error)
{
  const char *path = df_store_get_path (self);
  const char *read_only_reason = df_store_get_read_only_reason (self);
  g_autofree char *backups = _df_store_files_backup_dir (path);
  g_autofree char *dir = g_path_get_dirname (path);
  const char *detail = sqlite3_errstr (rc);
  guint64 free_bytes;

  /* the file stays as it was found (see _df_store_note_damage) */
  sqlite3_db_config (df_store_get_db (self), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
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
      if (is_disk_full (self, rc & 0xff, &free_bytes))
        {
          g_autofree char *message = disk_full_message (self, free_bytes);
          g_set_error (error, DF_ERROR, DF_ERROR_NO_SPACE,
                       _("Could not open the database: %s"), message);
        }
      else
        g_set_error (error, DF_ERROR, DF_ERROR_DATABASE,
                     _("Could not open the database “%s”: %s"), path, detail);
    }
}
