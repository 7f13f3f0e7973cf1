/* df-model-private.h: helpers shared by the model's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "df-model.h"
#include "df-store-private.h"

G_BEGIN_DECLS

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
 * @what (NULL: "Database error") starts the message of that error
 * (df-model-sql.c). */
GPtrArray *_df_rows_list  (DfStore        *store,
                           sqlite3_stmt   *stmt,
                           DfRowReader     read,
                           GDestroyNotify  free_func,
                           const char     *what,
                           GError        **error);
/* Steps @stmt to its first row: TRUE with @found set to whether there is
 * one; FALSE with @error set on an SQL error (df-model-sql.c). */
gboolean   _df_step_one   (DfStore        *store,
                           sqlite3_stmt   *stmt,
                           gboolean       *found,
                           GError        **error);

/* Parses a whole decimal number for a KEY VALUE setter (df-validate.c). */
gboolean _df_parse_count  (const char  *field,
                           const char  *value,
                           gint64       min,
                           gint64       max,
                           gint64      *out,
                           GError     **error);
gboolean _df_parse_bool   (const char  *field,
                           const char  *value,
                           gboolean    *out,
                           GError     **error);
/* Runs one UPDATE of @sql with @id bound to ?1 and @value to ?2 (NULL
 * binds NULL); fails with NOT_FOUND naming @what when no row changed
 * (df-model-sql.c). */
gboolean _df_update_one   (DfStore     *store,
                           const char  *sql,
                           gint64       id,
                           const char  *value,
                           const char  *what,
                           GError     **error);
/* Marks the project edited now (df-project.c). */
gboolean _df_project_touch (DfStore    *store,
                            gint64      project_id,
                            GError    **error);
/* Rewrites chapters.number as 1..n in book order and parts.number in
 * order of first appearance (df-chapter-order.c). */
gboolean _df_project_renumber (DfStore   *store,
                               gint64     project_id,
                               GError   **error);
/* The part @part_id, or NOT_FOUND (df-part.c). */
DfPart  *_df_part_get       (DfStore     *store,
                             gint64       part_id,
                             GError     **error);
/* Fails with DF_ERROR_INVALID unless @part_id is 0 (no part) or a part of
 * @project_id; @part (nullable) receives the part (df-part.c). */
gboolean _df_part_check     (DfStore     *store,
                             gint64       project_id,
                             gint64       part_id,
                             DfPart     **part,
                             GError     **error);
/* Keeps @content as a revision of the chapter, of @kind ("save" or
 * "conflict"); its id in @id (nullable) (df-revision.c). */
gboolean _df_revision_add   (DfStore     *store,
                             gint64       chapter_id,
                             gint64       project_id,
                             const char  *title,
                             const char  *content,
                             const char  *hash,
                             const char  *kind,
                             gint64      *id,
                             GError     **error);
/* Thins a chapter's revisions (df-revision.c): the newest in each five
 * minutes of the last hour, each hour of the last day, each day of the
 * last 30 days, each week before.  A conflict the user has not seen is
 * never removed, and takes no bucket's place.  @now: ISO 8601, or NULL
 * for now. */
gboolean _df_revisions_thin (DfStore     *store,
                             gint64       chapter_id,
                             const char  *now,
                             GError     **error);

G_END_DECLS
