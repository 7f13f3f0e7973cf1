/* df-writing-session.c: writing sessions with a goal, their writing time
 * without the long pauses, and the words they added
 *
 * The clock is the caller's: every call takes the time (Unix seconds),
 * so the window passes the real time and a test any time it likes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "df-model-private.h"
#include "df-planning.h"

#define PROJECT_WORDS "(SELECT coalesce (sum (words), 0) FROM chapters WHERE project_id = s.project_id)"

static const DfColumn session_columns[] = {
  { "s.id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfWritingSession, id) },
  { "s.project_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfWritingSession, project_id) },
  { "s.started_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfWritingSession, started_at) },
  { "s.ended_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfWritingSession, ended_at) },
  { "s.goal_words", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfWritingSession, goal_words) },
  { "s.goal_minutes", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfWritingSession, goal_minutes) },
  { "s.words_start", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfWritingSession, words_start) },
  { "coalesce (s.words_end, " PROJECT_WORDS ")", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfWritingSession, words_end) },
  { "s.active_seconds", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfWritingSession, active_seconds) },
  { "max (0, coalesce (s.words_end, " PROJECT_WORDS ") - s.words_start)", DF_COLUMN_INT64,
    G_STRUCT_OFFSET (DfWritingSession, words_written) },
};

static const DfRecordType session_record = {
  sizeof (DfWritingSession), session_columns, G_N_ELEMENTS (session_columns),
  (GDestroyNotify) df_writing_session_free,
};

static DfClockFunc session_clock;

void
df_writing_session_set_clock (DfClockFunc clock)
{
  session_clock = clock;
}

gint64
df_writing_session_now (void)
{
  return session_clock != NULL ? session_clock () : g_get_real_time () / G_USEC_PER_SEC;
}

void
df_writing_session_free (DfWritingSession *session)
{
  _df_record_free (&session_record, session);
}

static char *
iso_at (gint64 now)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (now);

  return g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ");
}

static gint64
unix_of (const char *iso)
{
  g_autoptr(GDateTime) t = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  return t ? g_date_time_to_unix (t) : 0;
}

DfWritingSession *
df_writing_session_current (DfStore  *store,
                            gint64    project_id,
                            GError  **error)
{
  return _df_record_find (store, &session_record,
                          "FROM writing_sessions s WHERE s.project_id = ?1 AND s.ended_at IS NULL",
                          project_id, 0, NULL, error);
}

GPtrArray *
df_writing_session_list (DfStore  *store,
                         gint64    project_id,
                         GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _df_record_prepare (store, &session_record,
                             "FROM writing_sessions s WHERE s.project_id = ?1 ORDER BY s.started_at DESC, s.id DESC",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  return _df_record_list (store, stmt, &session_record, NULL, error);
}

DfWritingSession *
df_writing_session_start (DfStore  *store,
                          gint64    project_id,
                          gint64    goal_words,
                          gint64    goal_minutes,
                          gint64    now,
                          GError  **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfWritingSession) running = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *at = iso_at (now);
  GError *local_error = NULL;
  gboolean ok;

  if (goal_words < 0 || goal_minutes < 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("A session's goal is a number of words or minutes, 0 or more"));
      return NULL;
    }
  if (!df_store_begin (store, error))
    return NULL;
  ok = (project = df_project_get_by_id (store, project_id, error)) != NULL;
  if (ok)
    {
      running = df_writing_session_current (store, project_id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          ok = FALSE;
        }
      else if (running != NULL)
        {
          g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                       _("A writing session of “%s” runs already; stop it first"), project->title);
          ok = FALSE;
        }
    }
  ok = ok && (stmt = df_store_prepare (store,
                                       "INSERT INTO writing_sessions (project_id, started_at, goal_words, goal_minutes,"
                                       " words_start, last_activity_at) VALUES (?1, ?2, ?3, ?4, ?5, ?2)",
                                       error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, project_id);
      _df_bind_text (stmt, 2, at);
      sqlite3_bind_int64 (stmt, 3, goal_words);
      sqlite3_bind_int64 (stmt, 4, goal_minutes);
      sqlite3_bind_int64 (stmt, 5, project->words);
      ok = df_store_step_done (store, stmt, error);
    }
  if (!df_store_end (store, ok, error))
    return NULL;
  return df_writing_session_current (store, project_id, error);
}

/* Counts the time from the session's last activity to @now, a long
 * pause as DF_SESSION_IDLE_SECONDS, and ends it when @end. */
static gboolean
note_activity (DfStore           *store,
               DfWritingSession  *session,
               gint64             now,
               gboolean           end,
               GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) last = NULL;
  g_autofree char *at = iso_at (now);
  g_autofree char *last_at = NULL;
  gint64 gap;

  last = df_store_prepare (store, "SELECT last_activity_at FROM writing_sessions WHERE id = ?1", error);
  if (last == NULL)
    return FALSE;
  sqlite3_bind_int64 (last, 1, session->id);
  if (!_df_step_row (store, last, _("No such writing session"), error))
    return FALSE;
  last_at = _df_col_text (last, 0);
  gap = CLAMP (now - unix_of (last_at), 0, DF_SESSION_IDLE_SECONDS);

  stmt = df_store_prepare (store,
                           end ? "UPDATE writing_sessions SET active_seconds = active_seconds + ?2,"
                                 " last_activity_at = ?3, ended_at = ?3,"
                                 " words_end = (SELECT coalesce (sum (words), 0) FROM chapters WHERE project_id = ?4)"
                                 " WHERE id = ?1"
                               : "UPDATE writing_sessions SET active_seconds = active_seconds + ?2,"
                                 " last_activity_at = ?3 WHERE id = ?1 AND ?4 = ?4",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, session->id);
  sqlite3_bind_int64 (stmt, 2, gap);
  _df_bind_text (stmt, 3, at);
  sqlite3_bind_int64 (stmt, 4, session->project_id);
  return df_store_step_done (store, stmt, error);
}

gboolean
df_writing_session_touch (DfStore  *store,
                          gint64    project_id,
                          gint64    now,
                          GError  **error)
{
  g_autoptr(DfWritingSession) session = NULL;
  GError *local_error = NULL;
  gboolean ok;

  if (!df_store_begin (store, error))
    return FALSE;
  session = df_writing_session_current (store, project_id, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  ok = local_error == NULL && (session == NULL || note_activity (store, session, now, FALSE, error));
  return df_store_end (store, ok, error);
}

DfWritingSession *
df_writing_session_stop (DfStore  *store,
                         gint64    project_id,
                         gint64    now,
                         GError  **error)
{
  g_autoptr(DfWritingSession) session = NULL;
  GError *local_error = NULL;
  gboolean ok;
  gint64 id;

  if (!df_store_begin (store, error))
    return NULL;
  session = df_writing_session_current (store, project_id, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (session == NULL)
    g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND, _("No writing session runs; start one first"));
  ok = session != NULL && note_activity (store, session, now, TRUE, error);
  if (!df_store_end (store, ok, error))
    return NULL;
  id = session->id;
  return _df_record_find (store, &session_record, "FROM writing_sessions s WHERE s.id = ?1", id, 0,
                          _("No such writing session"), error);
}
