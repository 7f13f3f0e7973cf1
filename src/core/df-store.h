/* df-store.h: one SQLite database per user
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <sqlite3.h>

#include "df-error.h"

G_BEGIN_DECLS

#define DF_TYPE_STORE (df_store_get_type ())
G_DECLARE_FINAL_TYPE (DfStore, df_store, DF, STORE, GObject)

/* The schema version this build writes. */
#define DF_STORE_SCHEMA_VERSION 2

char     *df_store_default_path   (void);
char     *df_store_resolve_path   (const char  *explicit_path);
DfStore  *df_store_open           (const char  *path,
                                   GError     **error);
const char *df_store_get_path     (DfStore     *self);
sqlite3  *df_store_get_db         (DfStore     *self);
int       df_store_get_schema_version_at_open (DfStore *self);
const char *df_store_get_backup_path (DfStore  *self);

gboolean  df_store_exec           (DfStore     *self,
                                   const char  *sql,
                                   GError     **error);
sqlite3_stmt *df_store_prepare    (DfStore     *self,
                                   const char  *sql,
                                   GError     **error);
gboolean  df_store_step_done      (DfStore      *self,
                                   sqlite3_stmt *stmt,
                                   GError      **error);
void      df_store_set_error      (DfStore     *self,
                                   GError     **error,
                                   const char  *what);

/* Transactions nest: only the outermost begin/commit touch SQLite. */
gboolean  df_store_begin          (DfStore     *self,
                                   GError     **error);
gboolean  df_store_commit         (DfStore     *self,
                                   GError     **error);
void      df_store_rollback       (DfStore     *self);

gint64    df_store_last_insert_id (DfStore     *self);
/* Copies the database to @dest (consistent even while in use). */
gboolean  df_store_backup         (DfStore     *self,
                                   const char  *dest,
                                   GError     **error);
gboolean  df_store_checkpoint     (DfStore     *self,
                                   GError     **error);

/* Internal to the core: run the migrations from @from up to
 * DF_STORE_SCHEMA_VERSION (df-store-migrations.c). */
gboolean  _df_store_migrate       (DfStore     *self,
                                   int          from,
                                   GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
