/* df-ai-store-private.h: reading rows, for ai/'s tables (the usage log,
 * chat messages, plans and tasks); inside ai/ only
 *
 * Both read with df_store_step, so that an error (a busy database, an I/O
 * error, a damaged page) never passes for the end of a short list or for
 * a row that is not there.  Never installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "df-store-private.h"

G_BEGIN_DECLS

/* Makes one item of a list from the row @stmt is on. */
typedef gpointer (*DfAiRowFunc) (sqlite3_stmt *stmt);

/* Appends @from_row of every row of @stmt to @rows; FALSE with @error
 * when a step fails. */
gboolean _df_ai_read_rows (DfStore       *store,
                           sqlite3_stmt  *stmt,
                           GPtrArray     *rows,
                           DfAiRowFunc    from_row,
                           GError       **error);
/* Steps to the one row @stmt should give: TRUE on it; FALSE with the
 * store's error, or with DF_ERROR_NOT_FOUND and the message @not_found
 * when there is no row. */
gboolean _df_ai_read_row  (DfStore       *store,
                           sqlite3_stmt  *stmt,
                           const char    *not_found,
                           GError       **error);

G_END_DECLS
