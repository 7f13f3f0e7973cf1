/* df-store-errors-private.h: what a failed database call tells the user
 * (df-store-errors.c), for df-store.c
 *
 * These work on SQLite's connection and the database's path, not on the
 * store, which calls them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* What a user reads about a damaged database at @path: what SQLite said
 * (@detail), and the way to the backups. */
char *_df_store_damage_message     (const char  *path,
                                    const char  *detail);
/* Sets @error from the last failure on @db, the database at @path
 * (@read_only_reason: why it is read-only, or NULL), prefixed by @what.
 * Returns the message to remember as the database's damage when the
 * failure was damage, NULL otherwise. */
char *_df_store_error_from_sqlite  (sqlite3     *db,
                                    const char  *path,
                                    const char  *read_only_reason,
                                    const char  *what,
                                    GError     **error);
/* The first read of the database at @path failed with @rc: sets @error
 * to what is true. */
void  _df_store_set_open_error     (const char  *path,
                                    const char  *read_only_reason,
                                    int          rc,
                                    GError     **error);

G_END_DECLS
