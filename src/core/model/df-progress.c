/* df-progress.c: reading progress per profile and chapter
 *
 * The seed's state machine: not_started -> in_progress -> completed;
 * opening a completed chapter again (re-reading) goes back to in_progress
 * and keeps the earlier completed_at until it is completed again.
 * Completing a chapter never started passes through in_progress.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "df-model-private.h"

static const DfColumn progress_columns[] = {
  { "c.id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfProgress, chapter_id) },
  { "c.number", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfProgress, chapter_number) },
  { "c.title", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProgress, chapter_title) },
  { "coalesce(r.status, 'not_started')", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProgress, status) },
  { "r.started_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProgress, started_at) },
  { "r.completed_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProgress, completed_at) },
  { "coalesce(r.time_spent_seconds, 0)", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfProgress, time_spent_seconds) },
  { "coalesce(r.position, 0)", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfProgress, position) },
};

static const DfRecordType progress_record = {
  sizeof (DfProgress), progress_columns, G_N_ELEMENTS (progress_columns), (GDestroyNotify) df_progress_free,
};

void
df_progress_free (DfProgress *progress)
{
  _df_record_free (&progress_record, progress);
}

static gboolean
check_refs (DfStore     *store,
            const char  *profile_id,
            gint64       chapter_id,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store,
                           "SELECT (SELECT count(*) FROM profiles WHERE id = ?1),"
                           "       (SELECT count(*) FROM chapters WHERE id = ?2)", error);
  if (stmt == NULL)
    return FALSE;

  _df_bind_text (stmt, 1, profile_id);
  sqlite3_bind_int64 (stmt, 2, chapter_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      df_store_set_error (store, error, _("Database error"));
      return FALSE;
    }

  if (sqlite3_column_int (stmt, 0) == 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                   _("No profile “%s”; create one first"), profile_id ? profile_id : "");
      return FALSE;
    }
  if (sqlite3_column_int (stmt, 1) == 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                   _("No such chapter (id %" PRId64 ")"), chapter_id);
      return FALSE;
    }

  return TRUE;
}

/* One statement per transition, all idempotent upserts. */
static gboolean
run_transition (DfStore     *store,
                const char  *profile_id,
                gint64       chapter_id,
                const char  *sql,
                gint64       position,
                gint64       seconds,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = df_now_iso8601 ();

  if (!check_refs (store, profile_id, chapter_id, error))
    return FALSE;

  stmt = df_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;

  _df_bind_text (stmt, 1, profile_id);
  sqlite3_bind_int64 (stmt, 2, chapter_id);
  _df_bind_text (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, position);
  sqlite3_bind_int64 (stmt, 5, seconds);

  return df_store_step_done (store, stmt, error);
}

gboolean
df_progress_start (DfStore     *store,
                   const char  *profile_id,
                   gint64       chapter_id,
                   GError     **error)
{
  return run_transition (store, profile_id, chapter_id,
                         "INSERT INTO reading_progress (profile_id, chapter_id, status, started_at, created_at, updated_at)"
                         " VALUES (?1, ?2, 'in_progress', ?3, ?3, ?3)"
                         " ON CONFLICT (profile_id, chapter_id) DO UPDATE SET"
                         "  status = 'in_progress',"
                         "  started_at = CASE WHEN status = 'not_started' OR started_at IS NULL THEN ?3 ELSE started_at END,"
                         "  updated_at = ?3"
                         " WHERE status != 'in_progress'",
                         0, 0, error);
}

gboolean
df_progress_complete (DfStore     *store,
                      const char  *profile_id,
                      gint64       chapter_id,
                      GError     **error)
{
  return run_transition (store, profile_id, chapter_id,
                         "INSERT INTO reading_progress (profile_id, chapter_id, status, started_at, completed_at, created_at, updated_at)"
                         " VALUES (?1, ?2, 'completed', ?3, ?3, ?3, ?3)"
                         " ON CONFLICT (profile_id, chapter_id) DO UPDATE SET"
                         "  status = 'completed',"
                         "  started_at = coalesce(started_at, ?3),"
                         "  completed_at = ?3,"
                         "  updated_at = ?3"
                         " WHERE status != 'completed'",
                         0, 0, error);
}

gboolean
df_progress_record (DfStore     *store,
                    const char  *profile_id,
                    gint64       chapter_id,
                    gint64       position,
                    gint64       seconds,
                    GError     **error)
{
  if (position < 0 || seconds < 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Reading position and time spent must not be negative"));
      return FALSE;
    }

  return run_transition (store, profile_id, chapter_id,
                         "INSERT INTO reading_progress (profile_id, chapter_id, status, started_at, position,"
                         "  time_spent_seconds, created_at, updated_at)"
                         " VALUES (?1, ?2, 'in_progress', ?3, ?4, ?5, ?3, ?3)"
                         " ON CONFLICT (profile_id, chapter_id) DO UPDATE SET"
                         "  status = CASE WHEN status = 'not_started' THEN 'in_progress' ELSE status END,"
                         "  started_at = coalesce(started_at, ?3),"
                         "  position = ?4,"
                         "  time_spent_seconds = time_spent_seconds + ?5,"
                         "  updated_at = ?3",
                         position, seconds, error);
}

GPtrArray *
df_progress_list (DfStore     *store,
                  const char  *profile_id,
                  gint64       project_id,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _df_record_prepare (store, &progress_record,
                             "FROM chapters c LEFT JOIN reading_progress r"
                             "   ON r.chapter_id = c.id AND r.profile_id = ?1"
                             " WHERE c.project_id = ?2 ORDER BY c.number", error);
  if (stmt == NULL)
    return NULL;

  _df_bind_text (stmt, 1, profile_id);
  sqlite3_bind_int64 (stmt, 2, project_id);
  return _df_record_list (store, stmt, &progress_record, NULL, error);
}

gint64
df_progress_continue (DfStore     *store,
                      const char  *profile_id,
                      gint64       project_id,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean found;

  stmt = df_store_prepare (store,
                           "SELECT id FROM ("
                           "  SELECT c.id, 0 AS pass, r.updated_at AS k1, 0 AS k2 FROM chapters c"
                           "   JOIN reading_progress r ON r.chapter_id = c.id AND r.profile_id = ?1"
                           "   WHERE c.project_id = ?2 AND r.status = 'in_progress'"
                           "  UNION ALL"
                           "  SELECT c.id, 1, '', c.number FROM chapters c"
                           "   LEFT JOIN reading_progress r ON r.chapter_id = c.id AND r.profile_id = ?1"
                           "   WHERE c.project_id = ?2 AND coalesce(r.status, 'not_started') = 'not_started'"
                           ") ORDER BY pass, k1 DESC, k2 LIMIT 1", error);
  if (stmt == NULL)
    return -1;

  _df_bind_text (stmt, 1, profile_id);
  sqlite3_bind_int64 (stmt, 2, project_id);
  if (!_df_step_one (store, stmt, &found, error))
    return -1;

  return found ? sqlite3_column_int64 (stmt, 0) : 0;
}
