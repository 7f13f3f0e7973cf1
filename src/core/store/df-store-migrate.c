/* df-store-migrate.c: running the schema migrations
 *
 * Each version's migration (df-store-migrations.c) runs in its own
 * transaction together with its user_version update, so that a failed
 * one leaves the version the file had; those that build a table again
 * run with foreign keys off, checked before the commit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "df-error.h"
#include "df-store-migrations-private.h"

gboolean
_df_sqlite_exec (sqlite3     *db,
                 const char  *sql,
                 GError     **error)
{
  char *errmsg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &errmsg) != SQLITE_OK)
    {
      int primary = sqlite3_errcode (db) & 0xff;

      g_set_error (error, DF_ERROR,
                   (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) ? DF_ERROR_CORRUPT
                   : primary == SQLITE_CONSTRAINT ? DF_ERROR_INVALID
                   : primary == SQLITE_BUSY ? DF_ERROR_BUSY
                   : DF_ERROR_DATABASE,
                   _("Database error: %s"), errmsg ? errmsg : sqlite3_errstr (primary));
      sqlite3_free (errmsg);
      return FALSE;
    }

  return TRUE;
}

static void
rollback (sqlite3 *db)
{
  if (sqlite3_get_autocommit (db) == 0)
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
foreign_keys_hold (sqlite3  *db,
                   GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, "PRAGMA foreign_key_check", -1, &stmt, NULL) != SQLITE_OK)
    return _df_sqlite_exec (db, "PRAGMA foreign_key_check", error);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  g_set_error (error, DF_ERROR, DF_ERROR_DATABASE, _("Database error: %s"),
               rc == SQLITE_ROW ? _("a row refers to one that is not there") : sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
run_one (sqlite3  *db,
         int       version,
         GError  **error)
{
  g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %d", version);

  if (!_df_sqlite_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!_df_migration_step (version) (db, error) ||
      (_df_migration_rebuilds_tables (version) && !foreign_keys_hold (db, error)))
    {
      rollback (db);
      g_prefix_error (error, _("Could not upgrade the database to version %d: "), version);
      return FALSE;
    }
  if (!_df_sqlite_exec (db, pragma, error) || !_df_sqlite_exec (db, "COMMIT", error))
    {
      rollback (db);
      return FALSE;
    }
  return TRUE;
}

gboolean
_df_migrations_run (sqlite3     *db,
                    const char  *path,
                    int          from,
                    GError     **error)
{
  gboolean rebuilt = FALSE;

  for (int version = from + 1; version <= DF_STORE_MIGRATIONS_LATEST; version++)
    {
      gboolean rebuilds = _df_migration_rebuilds_tables (version);
      gboolean ok;

      /* Not inside a transaction: SQLite ignores it there. */
      if (rebuilds && !_df_sqlite_exec (db, "PRAGMA foreign_keys = OFF", error))
        return FALSE;
      ok = run_one (db, version, error);
      if (rebuilds && !_df_sqlite_exec (db, "PRAGMA foreign_keys = ON", ok ? error : NULL))
        return FALSE;
      if (!ok)
        return FALSE;
      rebuilt |= rebuilds;

      g_debug ("Migrated %s to schema version %d", path, version);
    }

  /* The old table's pages are free now: give them back once, rather than
   * leave the file twice its size.  A failure (no room for the copy
   * VACUUM makes) costs only the space. */
  if (rebuilt)
    {
      g_autoptr(GError) vacuum_error = NULL;

      if (!_df_sqlite_exec (db, "VACUUM", &vacuum_error))
        g_debug ("Not compacting %s after the upgrade: %s", path, vacuum_error->message);
    }
  return TRUE;
}
