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

void
df_progress_free (DfProgress *p)
{
  if (p == NULL)
    return;
  g_free (p->chapter_title);
  g_free (p->status);
  g_free (p->started_at);
  g_free (p->completed_at);
  g_free (p);
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

static gpointer
progress_from_row (sqlite3_stmt *stmt)
{
  DfProgress *p = g_new0 (DfProgress, 1);

  p->chapter_id = sqlite3_column_int64 (stmt, 0);
  p->chapter_number = sqlite3_column_int64 (stmt, 1);
  p->chapter_title = _df_col_text (stmt, 2);
  p->status = _df_col_text (stmt, 3);
  p->started_at = _df_col_text (stmt, 4);
  p->completed_at = _df_col_text (stmt, 5);
  p->time_spent_seconds = sqlite3_column_int64 (stmt, 6);
  p->position = sqlite3_column_int64 (stmt, 7);

  return p;
}

GPtrArray *
df_progress_list (DfStore     *store,
                  const char  *profile_id,
                  gint64       project_id,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store,
                           "SELECT c.id, c.number, c.title, coalesce(r.status, 'not_started'), r.started_at,"
                           " r.completed_at, coalesce(r.time_spent_seconds, 0), coalesce(r.position, 0)"
                           " FROM chapters c LEFT JOIN reading_progress r"
                           "   ON r.chapter_id = c.id AND r.profile_id = ?1"
                           " WHERE c.project_id = ?2 ORDER BY c.number", error);
  if (stmt == NULL)
    return NULL;

  _df_bind_text (stmt, 1, profile_id);
  sqlite3_bind_int64 (stmt, 2, project_id);
  return _df_rows_list (store, stmt, progress_from_row, (GDestroyNotify)df_progress_free, NULL, error);
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
