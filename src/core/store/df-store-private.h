/* df-store-private.h: SQL access, for the core and its tests only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "df-store.h"

G_BEGIN_DECLS

sqlite3  *df_store_get_db         (DfStore     *self);
gboolean  df_store_exec           (DfStore     *self,
                                   const char  *sql,
                                   GError     **error);
sqlite3_stmt *df_store_prepare    (DfStore     *self,
                                   const char  *sql,
                                   GError     **error);
/* TRUE with a row; FALSE at the end (@error unset) or on an error
 * (@error set).  Every loop over rows uses it (df-store.c). */
gboolean  df_store_step           (DfStore      *self,
                                   sqlite3_stmt *stmt,
                                   GError      **error);
gboolean  df_store_step_done      (DfStore      *self,
                                   sqlite3_stmt *stmt,
                                   GError      **error);
void      df_store_set_error      (DfStore     *self,
                                   GError     **error,
                                   const char  *what);
gint64    df_store_last_insert_id (DfStore     *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
