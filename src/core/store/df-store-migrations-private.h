/* df-store-migrations-private.h: the schema migrations, below the store
 *
 * The migrations work on a raw SQLite connection and know nothing of
 * DfStore: the store opens the database, keeps the backup, and calls
 * them.  Internal to the store (df-store.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The schema version the migrations lead to.  df-store.h publishes it as
 * DF_STORE_SCHEMA_VERSION; df-store.c checks that the two agree. */
#define DF_STORE_MIGRATIONS_LATEST 18

/* Runs @sql (one or more statements) on @db.  A failure is DF_ERROR_CORRUPT
 * for a damaged file, DF_ERROR_INVALID for a constraint, DF_ERROR_DATABASE
 * otherwise, with the message "Database error: ...". */
gboolean _df_sqlite_exec        (sqlite3     *db,
                                 const char  *sql,
                                 GError     **error);

/* Builds @table again with the columns named in @last (NULL-terminated)
 * at the end of its rows, keeping every row, its id, every other column
 * as defined (with what earlier migrations added), and the table's
 * indexes and triggers (df-store-rebuild.c).  Inside a migration whose
 * number is listed in the runner as one that rebuilds: foreign keys are
 * off then, and checked before the commit. */
gboolean _df_sqlite_move_columns_last (sqlite3            *db,
                                       const char         *table,
                                       const char * const *last,
                                       GError            **error);

/* One version's migration (df-store-migrations.c), run inside the
 * transaction of its version; and whether it builds a table again (with
 * _df_sqlite_move_columns_last): foreign keys are off around it then, as
 * dropping the old table would otherwise delete what refers to its rows. */
typedef gboolean (*DfMigration) (sqlite3 *db, GError **error);
DfMigration _df_migration_step            (int version);
gboolean    _df_migration_rebuilds_tables (int version);

/* Migrates @db from schema version @from up to DF_STORE_MIGRATIONS_LATEST:
 * each version in its own transaction together with its user_version
 * update, so a failed migration leaves the version it had.  @path names
 * the database in debug messages. */
gboolean _df_migrations_run     (sqlite3     *db,
                                 const char  *path,
                                 int          from,
                                 GError     **error);

G_END_DECLS
