/* df-store.h: one SQLite database per user
 *
 * Part of the plugin API: plugins open nothing themselves; they get a
 * DfStore from the host and use the model (df-model.h) on it.  SQL stays
 * inside the core (df-store-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "df-error.h"

G_BEGIN_DECLS

#define DF_TYPE_STORE (df_store_get_type ())
G_DECLARE_FINAL_TYPE (DfStore, df_store, DF, STORE, GObject)

/* The schema version this build writes. */
#define DF_STORE_SCHEMA_VERSION 5

char     *df_store_default_path   (void);
char     *df_store_resolve_path   (const char  *explicit_path);
DfStore  *df_store_open           (const char  *path,
                                   GError     **error);
const char *df_store_get_path     (DfStore     *self);
int       df_store_get_schema_version_at_open (DfStore *self);
const char *df_store_get_backup_path (DfStore  *self);


/* Transactions nest: only the outermost begin/commit touch SQLite. */
gboolean  df_store_begin          (DfStore     *self,
                                   GError     **error);
gboolean  df_store_commit         (DfStore     *self,
                                   GError     **error);
void      df_store_rollback       (DfStore     *self);
/* Begins a transaction for bookkeeping (AI credits, usage logs) that may
 * be lost on a power failure, though never corrupted: its commit does not
 * wait for the disk (synchronous=NORMAL for that one transaction).  Prose
 * is never saved this way. */
gboolean  df_store_begin_light    (DfStore     *self,
                                   GError     **error);

/* Copies the database to @dest (consistent even while in use). */
gboolean  df_store_backup         (DfStore     *self,
                                   const char  *dest,
                                   GError     **error);
gboolean  df_store_checkpoint     (DfStore     *self,
                                   GError     **error);



G_END_DECLS
