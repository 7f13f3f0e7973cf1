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
/* Ends the transaction a df_store_begin began: commits it when @ok (the
 * work in it succeeded), else rolls it back; TRUE when it was committed.
 * With @ok FALSE, @error is the work's, already set. */
gboolean  df_store_end            (DfStore     *self,
                                   gboolean     ok,
                                   GError     **error);
gint64    df_store_last_insert_id (DfStore     *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* ---- values, rows and records (df-store-rows.c) ------------------------ */

static inline char *
_df_col_text (sqlite3_stmt *stmt,
              int           col)
{
  const unsigned char *text = sqlite3_column_text (stmt, col);
  return text ? g_strdup ((const char *)text) : NULL;
}

static inline void
_df_bind_text (sqlite3_stmt *stmt,
               int           idx,
               const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, idx, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, idx);
}

/* Binds 0 as NULL, for optional references and numbers. */
static inline void
_df_bind_id (sqlite3_stmt *stmt,
             int           idx,
             gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, idx, id);
  else
    sqlite3_bind_null (stmt, idx);
}

/* Reads the current row of a statement into a new record. */
typedef gpointer (*DfRowReader) (sqlite3_stmt *stmt);

/* Steps @stmt (bound, ready) through all its rows, reading each with
 * @read into an array that frees them with @free_func.  An SQL error on
 * any row fails the whole list (NULL, @error set): never a short list.
 * @what (NULL: "Database error") starts the message of that error. */
GPtrArray *_df_rows_list  (DfStore        *store,
                           sqlite3_stmt   *stmt,
                           DfRowReader     read,
                           GDestroyNotify  free_func,
                           const char     *what,
                           GError        **error);
/* Steps @stmt to its first row: TRUE with @found set to whether there is
 * one; FALSE with @error set on an SQL error. */
gboolean   _df_step_one   (DfStore        *store,
                           sqlite3_stmt   *stmt,
                           gboolean       *found,
                           GError        **error);
/* Steps to the one row @stmt should give: TRUE on it; FALSE with the
 * store's error, or with DF_ERROR_NOT_FOUND and the message @not_found
 * when there is no row. */
gboolean   _df_step_row   (DfStore        *store,
                           sqlite3_stmt   *stmt,
                           const char     *not_found,
                           GError        **error);

/* Runs @sql, with @id bound to ?1 (when it has a ?1), for one integer:
 * the first column of its row in @value.  No row: DF_ERROR_NOT_FOUND
 * with the message @not_found, or, when that is NULL, TRUE with @value
 * as it was. */
gboolean   _df_query_int64 (DfStore       *store,
                            const char    *sql,
                            gint64         id,
                            const char    *not_found,
                            gint64        *value,
                            GError       **error);

/* Runs one UPDATE (or DELETE) of @sql with @id bound to ?1 and @value to
 * ?2 (NULL binds NULL); fails with NOT_FOUND naming @what ("No such
 * part") when no row changed. */
gboolean   _df_update_one  (DfStore       *store,
                            const char    *sql,
                            gint64         id,
                            const char    *value,
                            const char    *what,
                            GError       **error);

/* A record is a plain struct read from a row: one description of its
 * columns gives the SELECT list, the reading of a row and the freeing of
 * its text. */
typedef enum
{
  DF_COLUMN_INT64,      /* gint64; NULL reads as 0 */
  DF_COLUMN_TEXT,       /* char *, owned by the record; NULL stays NULL */
  DF_COLUMN_BOOLEAN,    /* gboolean, from an integer */
  DF_COLUMN_DOUBLE,     /* double; NULL reads as 0 */
} DfColumnType;

typedef struct
{
  const char   *expr;     /* in the SELECT list */
  DfColumnType  type;
  glong         offset;   /* of its field: G_STRUCT_OFFSET */
} DfColumn;

typedef struct
{
  gsize           size;        /* of the struct */
  const DfColumn *columns;     /* in SELECT order */
  guint           n_columns;
  GDestroyNotify  free_func;   /* the record's own _free, for lists */
} DfRecordType;

/* Prepares "SELECT <the columns of @type> @rest". */
sqlite3_stmt *_df_record_prepare (DfStore             *store,
                                  const DfRecordType  *type,
                                  const char          *rest,
                                  GError             **error);
/* A new record from the current row, its columns from the first on. */
gpointer      _df_record_read    (const DfRecordType  *type,
                                  sqlite3_stmt        *stmt);
/* Frees the text fields of @record (nullable), then @record. */
void          _df_record_free    (const DfRecordType  *type,
                                  gpointer             record);
/* _df_rows_list with the records of @type. */
GPtrArray    *_df_record_list    (DfStore             *store,
                                  sqlite3_stmt        *stmt,
                                  const DfRecordType  *type,
                                  const char          *what,
                                  GError             **error);
/* The record of the one row @stmt gives.  No row: NULL, with
 * DF_ERROR_NOT_FOUND and the message @not_found, or without an error
 * when @not_found is NULL. */
gpointer      _df_record_get     (DfStore             *store,
                                  sqlite3_stmt        *stmt,
                                  const DfRecordType  *type,
                                  const char          *not_found,
                                  GError             **error);
/* _df_record_get of "SELECT <the columns of @type> @rest" with @a bound
 * to ?1 and @b to ?2 (when @rest has a ?2). */
gpointer      _df_record_find    (DfStore             *store,
                                  const DfRecordType  *type,
                                  const char          *rest,
                                  gint64               a,
                                  gint64               b,
                                  const char          *not_found,
                                  GError             **error);

G_END_DECLS
