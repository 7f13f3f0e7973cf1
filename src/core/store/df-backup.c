/* df-backup.c: the database's backups, their generations and restoring one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "df-backup.h"
#include "df-store-files-private.h"

#define KEEP_LAST_STARTUPS 3
#define KEEP_DAYS          7
/* A half-written copy older than this is left from a crash. */
#define STALE_TMP_SECONDS  3600

void
df_backup_free (DfBackup *backup)
{
  if (backup == NULL)
    return;

  g_free (backup->path);
  g_clear_pointer (&backup->made, g_date_time_unref);
  g_free (backup->problem);
  g_free (backup);
}

char *
df_backup_get_dir (const char *db_path)
{
  return _df_store_files_backup_dir (db_path);
}

/* "2026-12-04T10-00-00.db" or "2026-12-04T10-00-00-2.db": when it was
 * made, or NULL for a name that is not a start-up backup's. */
static GDateTime *
parse_name (const char *name)
{
  int year, month, day, hour, minute, second, used = 0;
  unsigned int n;
  const char *rest;

  if (sscanf (name, "%4d-%2d-%2dT%2d-%2d-%2d%n", &year, &month, &day, &hour, &minute, &second, &used) != 6 ||
      used != 19)
    return NULL;

  rest = name + used;
  if (rest[0] == '-' && sscanf (rest, "-%u%n", &n, &used) == 1 && n >= 2)
    rest += used;
  if (strcmp (rest, ".db") != 0)
    return NULL;

  return g_date_time_new_local (year, month, day, hour, minute, second);
}

static DfBackup *
backup_new (const char   *path,
            DfBackupKind  kind,
            GDateTime    *made)
{
  DfBackup *backup = g_new0 (DfBackup, 1);
  GStatBuf st;

  backup->path = g_strdup (path);
  backup->kind = kind;
  backup->made = made;
  backup->size = g_stat (path, &st) == 0 ? st.st_size : -1;
  return backup;
}

/* 2 for "...T10-00-00-2.db", 0 for "...T10-00-00.db" or PATH.bak. */
static guint
name_sequence (const DfBackup *backup)
{
  g_autofree char *name = g_path_get_basename (backup->path);
  unsigned int n = 0;

  if (backup->kind == DF_BACKUP_STARTUP && strlen (name) > 22)
    sscanf (name + 19, "-%u", &n);
  return n;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const DfBackup *x = *(DfBackup * const *)a;
  const DfBackup *y = *(DfBackup * const *)b;
  int by_time = g_date_time_compare (y->made, x->made);
  guint x_seq, y_seq;

  if (by_time != 0)
    return by_time;
  x_seq = name_sequence (x);
  y_seq = name_sequence (y);
  return x_seq == y_seq ? g_strcmp0 (y->path, x->path) : (x_seq > y_seq ? -1 : 1);
}

static int
compare_good_first (gconstpointer a,
                    gconstpointer b)
{
  const DfBackup *x = *(DfBackup * const *)a;
  const DfBackup *y = *(DfBackup * const *)b;

  if ((x->problem == NULL) != (y->problem == NULL))
    return x->problem == NULL ? -1 : 1;
  return compare_newest_first (a, b);
}

/* The start-up backups in @dir, unsorted, added to @backups. */
static gboolean
add_startup_backups (GPtrArray   *backups,
                     const char  *dir,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) folder = g_dir_open (dir, 0, &local_error);
  const char *name;

  if (folder == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Could not read the backups in “%s”: %s"),
                   dir, local_error->message);
      return FALSE;
    }

  while ((name = g_dir_read_name (folder)) != NULL)
    {
      GDateTime *made = parse_name (name);
      g_autofree char *path = NULL;

      if (made == NULL)
        continue;
      path = g_build_filename (dir, name, NULL);
      g_ptr_array_add (backups, backup_new (path, DF_BACKUP_STARTUP, made));
    }

  return TRUE;
}

GPtrArray *
df_backup_list (const char    *db_path,
                gboolean       check,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GPtrArray) backups = g_ptr_array_new_with_free_func ((GDestroyNotify)df_backup_free);
  g_autofree char *dir = NULL;
  g_autofree char *bak = NULL;
  GStatBuf st;

  g_return_val_if_fail (db_path != NULL, NULL);

  dir = df_backup_get_dir (db_path);
  if (!add_startup_backups (backups, dir, error))
    return NULL;

  bak = g_strconcat (db_path, ".bak", NULL);
  if (g_stat (bak, &st) == 0 && S_ISREG (st.st_mode))
    g_ptr_array_add (backups, backup_new (bak, DF_BACKUP_BEFORE_UPGRADE,
                                          g_date_time_new_from_unix_local (st.st_mtime)));

  for (guint i = 0; check && i < backups->len; i++)
    {
      DfBackup *backup = g_ptr_array_index (backups, i);
      g_autoptr(GError) problem = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      backup->checked = TRUE;
      if (!df_backup_check (backup->path, &problem))
        backup->problem = g_strdup (problem->message);
    }

  g_ptr_array_sort (backups, check ? compare_good_first : compare_newest_first);
  return g_steal_pointer (&backups);
}

/* The first row of @sql as text ("" when none), or NULL with @rc set. */
static char *
query_text (sqlite3    *db,
            const char *sql,
            int        *rc)
{
  sqlite3_stmt *stmt = NULL;
  GString *text = g_string_new (NULL);

  if ((*rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL)) == SQLITE_OK)
    {
      while ((*rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          if (text->len > 0)
            g_string_append (text, "; ");
          g_string_append (text, (const char *)sqlite3_column_text (stmt, 0));
        }
      if (*rc == SQLITE_DONE)
        *rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);

  if (*rc != SQLITE_OK)
    {
      g_string_free (text, TRUE);
      return NULL;
    }
  return g_string_free (text, FALSE);
}

/* Checks the open copy @db: a DraftForge schema this version knows,
 * and integrity_check. */
static gboolean
check_copy (sqlite3     *db,
            const char  *path,
            GError     **error)
{
  g_autofree char *version = NULL;
  g_autofree char *check = NULL;
  int rc;

  if ((version = query_text (db, "PRAGMA user_version", &rc)) == NULL ||
      (check = query_text (db, "PRAGMA integrity_check(10)", &rc)) == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_CORRUPT, _("“%s” is damaged (%s)"), path, sqlite3_errstr (rc));
      return FALSE;
    }
  if (g_strcmp0 (check, "ok") != 0)
    {
      g_strdelimit (check, "\n\t", ' ');
      g_set_error (error, DF_ERROR, DF_ERROR_CORRUPT, _("“%s” is damaged (%s)"), path, check);
      return FALSE;
    }
  if (atoi (version) <= 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_CORRUPT, _("“%s” is not a DraftForge database"), path);
      return FALSE;
    }
  if (atoi (version) > DF_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_TOO_NEW, _("“%s” was written by a newer DraftForge"), path);
      return FALSE;
    }

  return TRUE;
}

gboolean
df_backup_check (const char  *path,
                 GError     **error)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *file_uri = g_filename_to_uri (absolute, NULL, error);
  g_autofree char *uri = NULL;
  sqlite3 *db = NULL;
  gboolean ok;
  int rc;

  if (file_uri == NULL)
    return FALSE;

  /* A copy nothing writes: read as it is, no journal or lock made. */
  uri = g_strconcat (file_uri, "?immutable=1", NULL);
  rc = sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Could not read “%s”: %s"), path, sqlite3_errstr (rc));
      sqlite3_close (db);
      return FALSE;
    }

  ok = check_copy (db, path, error);
  sqlite3_close (db);
  return ok;
}

DfBackup *
df_backup_make (DfStore    *store,
                GDateTime  *now,
                GError    **error)
{
  g_autoptr(GDateTime) when = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_local ();
  g_autoptr(GDateTime) local = g_date_time_to_local (when);
  g_autofree char *dir = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) prune_error = NULL;

  g_return_val_if_fail (DF_IS_STORE (store), NULL);

  /* Never copy a damaged database over the good copies (the error is
   * the damage, as a user reads it). */
  if (!df_store_check (store, error))
    return NULL;

  dir = df_backup_get_dir (df_store_get_path (store));
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Could not create the backups folder “%s”: %s"),
                   dir, g_strerror (saved));
      return NULL;
    }

  stamp = g_date_time_format (local, "%Y-%m-%dT%H-%M-%S");
  base = g_build_filename (dir, stamp, NULL);
  path = _df_store_files_unused_path (base, ".db");
  if (!df_store_backup (store, path, error))
    return NULL;

  if (!df_backup_prune (df_store_get_path (store), local, &prune_error))
    g_message ("%s", prune_error->message);

  return backup_new (path, DF_BACKUP_STARTUP, g_steal_pointer (&local));
}

/* Does @backups (newest first) keep backup @i: one of the last three,
 * or the newest of its day within the last seven days up to @now? */
static gboolean
generation_keeps (GPtrArray *backups,
                  guint      i,
                  GDateTime *now)
{
  DfBackup *backup = g_ptr_array_index (backups, i);
  DfBackup *newer;

  if (i < KEEP_LAST_STARTUPS)
    return TRUE;

  for (int day = 0; day < KEEP_DAYS; day++)
    {
      g_autoptr(GDateTime) then = g_date_time_add_days (now, -day);
      int y, m, d, by, bm, bd;

      g_date_time_get_ymd (then, &y, &m, &d);
      g_date_time_get_ymd (backup->made, &by, &bm, &bd);
      if (y != by || m != bm || d != bd)
        continue;
      newer = g_ptr_array_index (backups, i - 1);
      g_date_time_get_ymd (newer->made, &y, &m, &d);
      return y != by || m != bm || d != bd;
    }

  return FALSE;
}

/* Removes the copies a crash left half-written in @dir. */
static void
remove_stale_copies (const char *dir,
                     GDateTime  *now)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;

      if (g_str_has_suffix (name, ".db.tmp") && g_stat (path, &st) == 0 &&
          g_date_time_to_unix (now) - st.st_mtime > STALE_TMP_SECONDS)
        g_unlink (path);
    }
}

gboolean
df_backup_prune (const char  *db_path,
                 GDateTime   *now,
                 GError     **error)
{
  g_autoptr(GPtrArray) backups = g_ptr_array_new_with_free_func ((GDestroyNotify)df_backup_free);
  g_autoptr(GDateTime) when = now != NULL ? g_date_time_to_local (now) : g_date_time_new_now_local ();
  g_autofree char *dir = df_backup_get_dir (db_path);
  gboolean ok = TRUE;

  if (!add_startup_backups (backups, dir, error))
    return FALSE;
  g_ptr_array_sort (backups, compare_newest_first);

  for (guint i = 0; i < backups->len; i++)
    {
      DfBackup *backup = g_ptr_array_index (backups, i);

      if (generation_keeps (backups, i, when) || g_unlink (backup->path) == 0)
        continue;
      if (ok)
        {
          int saved = errno;
          g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Could not remove the old backup “%s”: %s"),
                       backup->path, g_strerror (saved));
        }
      ok = FALSE;
    }

  remove_stale_copies (dir, when);
  return ok;
}

/* Moves @db_path and its journal to @aside. */
static gboolean
move_aside (const char  *db_path,
            const char  *aside,
            GError     **error)
{
  static const char * const suffixes[] = { "-wal", "-shm" };

  if (g_rename (db_path, aside) != 0)
    {
      int saved = errno;
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Could not move “%s” aside: %s"),
                   db_path, g_strerror (saved));
      return FALSE;
    }

  /* A journal belongs to the database it was written for. */
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (db_path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside, suffixes[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS))
        g_rename (from, to);
    }

  return TRUE;
}

gboolean
df_backup_restore (const char  *db_path,
                   const char  *backup_path,
                   char       **aside_out,
                   GError     **error)
{
  g_autofree char *tmp = g_strconcat (db_path, ".restoring", NULL);
  g_autofree char *aside = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (db_path != NULL && backup_path != NULL, FALSE);

  /* Another program writing it would go on writing to the file put aside. */
  if (_df_store_files_in_use (db_path))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_FAILED,
                   _("“%s” is open in DraftForge or another program: close it, then restore the backup."),
                   db_path);
      return FALSE;
    }

  if (!df_backup_check (backup_path, &local_error))
    {
      g_set_error (error, DF_ERROR, local_error->code, _("This backup cannot be restored: %s"),
                   local_error->message);
      return FALSE;
    }

  /* The copy first: if it cannot be made, nothing has moved. */
  g_unlink (tmp);
  if (!_df_store_files_copy_private (backup_path, tmp, error))
    return FALSE;

  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      for (guint n = 1; aside == NULL || g_file_test (aside, G_FILE_TEST_EXISTS); n++)
        {
          g_free (aside);
          aside = g_strdup_printf ("%s.unreadable-%u", db_path, n);
        }
      if (!move_aside (db_path, aside, error))
        {
          g_unlink (tmp);
          return FALSE;
        }
    }

  if (g_rename (tmp, db_path) != 0)
    {
      int saved = errno;
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Could not put the backup in place of “%s”: %s"),
                   db_path, g_strerror (saved));
      if (aside != NULL)
        g_rename (aside, db_path);
      g_unlink (tmp);
      return FALSE;
    }

  _df_store_files_sync_folder (db_path);
  if (aside_out != NULL)
    *aside_out = g_steal_pointer (&aside);
  return TRUE;
}
