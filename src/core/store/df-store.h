/* df-store.h: one SQLite database per user
 *
 * Part of the plugin API: plugins open nothing themselves; they get a
 * DfStore from the host and use the model (df-model.h) on it.  SQL stays
 * inside the core (df-store-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined (__DRAFTFORGE_PLUGIN_H_INSIDE__) && !defined (DRAFTFORGE_COMPILATION)
# error "Only <draftforge-plugin.h> can be included directly."
#endif

#include "df-extern.h"

#include <glib-object.h>

#include "df-error.h"

G_BEGIN_DECLS

#define DF_TYPE_STORE (df_store_get_type ())
DF_EXTERN
G_DECLARE_FINAL_TYPE (DfStore, df_store, DF, STORE, GObject)

/* The schema version this build writes. */
#define DF_STORE_SCHEMA_VERSION 18

DF_EXTERN
char     *df_store_default_path   (void);
DF_EXTERN
char     *df_store_resolve_path   (const char  *explicit_path);
DF_EXTERN
DfStore  *df_store_open           (const char  *path,
                                   GError     **error);
DF_EXTERN
const char *df_store_get_path     (DfStore     *self);
DF_EXTERN
int       df_store_get_schema_version_at_open (DfStore *self);
DF_EXTERN
const char *df_store_get_backup_path (DfStore  *self);

/* A database DraftForge may read but not write (a read-only file or
 * folder) opens read-only: reading and exporting work; every write fails
 * with DF_ERROR_READ_ONLY and the reason. */
DF_EXTERN
gboolean    df_store_is_read_only      (DfStore *self);
/* Why it is read-only ("This database is read-only: FOLDER cannot be
 * written. Check its permissions."), or NULL. */
DF_EXTERN
const char *df_store_get_read_only_reason (DfStore *self);
/* What the opening found that the user must know, though the database
 * opened: a journal left by a crash that held saves that could not be
 * read (and where its copy is kept).  NULL when nothing. */
DF_EXTERN
const char *df_store_get_open_warning  (DfStore *self);
/* The first damage (DF_ERROR_CORRUPT) a query or a check met in the
 * database, or NULL; "notify::damaged" when it is found, in the thread
 * that uses the store. */
DF_EXTERN
const GError *df_store_get_damage      (DfStore *self);
/* Another connection found @damage in this store's file (a check in a
 * worker): the store takes it as its own, and when closed leaves the
 * file as it was found. */
DF_EXTERN
void        df_store_note_damage       (DfStore      *self,
                                        const GError *damage);
/* PRAGMA integrity_check (quick_check's checks, and also the indexes
 * against their tables: an index page lost makes a lookup find nothing
 * without an error): FALSE with DF_ERROR_CORRUPT (and the damage noted)
 * when the database is damaged.  Reads the whole file: run it off the
 * main thread. */
DF_EXTERN
gboolean    df_store_check             (DfStore     *self,
                                        GError     **error);


/* Transactions nest: only the outermost begin/commit touch SQLite. */
DF_EXTERN
gboolean  df_store_begin          (DfStore     *self,
                                   GError     **error);
DF_EXTERN
gboolean  df_store_commit         (DfStore     *self,
                                   GError     **error);
DF_EXTERN
void      df_store_rollback       (DfStore     *self);
/* Begins a transaction for bookkeeping (AI credits, usage logs) that may
 * be lost on a power failure, though never corrupted: its commit does not
 * wait for the disk (synchronous=NORMAL for that one transaction).  Prose
 * is never saved this way. */
DF_EXTERN
gboolean  df_store_begin_light    (DfStore     *self,
                                   GError     **error);

/* Copies the database to @dest (consistent even while in use): one file,
 * written as DEST.tmp, created for its owner only (mode 0600) before
 * anything is written to it, then renamed. */
DF_EXTERN
gboolean  df_store_backup         (DfStore     *self,
                                   const char  *dest,
                                   GError     **error);
DF_EXTERN
gboolean  df_store_checkpoint     (DfStore     *self,
                                   GError     **error);

G_END_DECLS
