/* df-usage.c: the log of AI calls (ai_usage), and its totals
 *
 * Every call df_ai_complete makes is logged with the helper that made it,
 * the model, the tokens (estimated ones marked), the cost, how it went and
 * how long it took; the Credits page and `credits history` read it back,
 * by call, by day and by helper.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-credits"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "df-ai-store-private.h"
#include "df-credits.h"
#include "df-credits-private.h"
#include "df-model-private.h"

#define USAGE_COLUMNS \
  "id, profile_id, project_id, agent, model, provider, prompt_tokens, completion_tokens," \
  " tokens_estimated, cost, status, error, response_time_ms, created_at"

/* ---- private helpers ------------------------------------------------- */

static gboolean
status_is_valid (const char *status)
{
  return g_strcmp0 (status, "success") == 0 ||
         g_strcmp0 (status, "failed") == 0 ||
         g_strcmp0 (status, "timeout") == 0 ||
         g_strcmp0 (status, "rate_limited") == 0;
}

static gpointer
usage_from_row (sqlite3_stmt *stmt)
{
  DfUsage *u = g_new0 (DfUsage, 1);

  u->id = sqlite3_column_int64 (stmt, 0);
  u->profile_id = _df_col_text (stmt, 1);
  u->project_id = sqlite3_column_int64 (stmt, 2);
  u->agent = _df_col_text (stmt, 3);
  u->model = _df_col_text (stmt, 4);
  u->provider = _df_col_text (stmt, 5);
  u->prompt_tokens = sqlite3_column_int64 (stmt, 6);
  u->completion_tokens = sqlite3_column_int64 (stmt, 7);
  u->tokens_estimated = sqlite3_column_int (stmt, 8) != 0;
  u->cost = sqlite3_column_double (stmt, 9);
  u->status = _df_col_text (stmt, 10);
  u->error = _df_col_text (stmt, 11);
  u->response_time_ms = sqlite3_column_int64 (stmt, 12);
  u->created_at = _df_col_text (stmt, 13);
  return u;
}

static gpointer
total_from_row (sqlite3_stmt *stmt)
{
  DfUsageTotal *t = g_new0 (DfUsageTotal, 1);

  t->key = _df_col_text (stmt, 0);
  t->tokens = sqlite3_column_int64 (stmt, 1);
  t->cost = sqlite3_column_double (stmt, 2);
  t->calls = sqlite3_column_int64 (stmt, 3);
  return t;
}

/* ---- public API ------------------------------------------------------ */

void
df_usage_free (DfUsage *usage)
{
  if (usage == NULL)
    return;
  g_free (usage->profile_id);
  g_free (usage->agent);
  g_free (usage->model);
  g_free (usage->provider);
  g_free (usage->status);
  g_free (usage->error);
  g_free (usage->created_at);
  g_free (usage);
}

void
df_usage_total_free (DfUsageTotal *total)
{
  if (total == NULL)
    return;
  g_free (total->key);
  g_free (total);
}

gint64
df_usage_log (DfStore       *store,
              const DfUsage *usage,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (DF_IS_STORE (store), 0);
  g_return_val_if_fail (usage != NULL, 0);

  if (usage->agent == NULL || *usage->agent == '\0')
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("A logged AI call needs the agent that made it, such as “coach”"));
      return 0;
    }
  if (!status_is_valid (usage->status))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The call's status must be success, failed, timeout or rate_limited (got “%s”)"),
                   usage->status != NULL ? usage->status : "");
      return 0;
    }
  if (!_df_credits_check_tokens (_("The prompt tokens"), usage->prompt_tokens, error) ||
      !_df_credits_check_tokens (_("The completion tokens"), usage->completion_tokens, error) ||
      !_df_credits_check_amount (_("The cost"), usage->cost, error))
    return 0;

  stmt = df_store_prepare (store,
                           "INSERT INTO ai_usage (profile_id, project_id, agent, model, provider,"
                           " prompt_tokens, completion_tokens, tokens_estimated, cost, status, error,"
                           " response_time_ms, created_at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return 0;

  _df_bind_text (stmt, 1, usage->profile_id != NULL && *usage->profile_id != '\0' ? usage->profile_id : NULL);
  _df_bind_id (stmt, 2, usage->project_id);
  sqlite3_bind_text (stmt, 3, usage->agent, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, usage->model != NULL ? usage->model : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, usage->provider != NULL ? usage->provider : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, usage->prompt_tokens);
  sqlite3_bind_int64 (stmt, 7, usage->completion_tokens);
  sqlite3_bind_int (stmt, 8, usage->tokens_estimated ? 1 : 0);
  sqlite3_bind_double (stmt, 9, usage->cost);
  sqlite3_bind_text (stmt, 10, usage->status, -1, SQLITE_TRANSIENT);
  _df_bind_text (stmt, 11, usage->error);
  sqlite3_bind_int64 (stmt, 12, MAX (usage->response_time_ms, 0));
  if (usage->created_at != NULL)
    sqlite3_bind_text (stmt, 13, usage->created_at, -1, SQLITE_TRANSIENT);
  else
    {
      now = df_now_iso8601 ();
      sqlite3_bind_text (stmt, 13, now, -1, SQLITE_TRANSIENT);
    }

  if (!df_store_step_done (store, stmt, error))
    return 0;
  return df_store_last_insert_id (store);
}

GPtrArray *
df_usage_history (DfStore     *store,
                  const char  *profile_id,
                  guint        limit,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)df_usage_free);

  g_return_val_if_fail (DF_IS_STORE (store), NULL);

  stmt = df_store_prepare (store,
                           "SELECT " USAGE_COLUMNS " FROM ai_usage"
                           " WHERE (?1 IS NULL OR profile_id = ?1)"
                           " ORDER BY created_at DESC, id DESC LIMIT ?2",
                           error);
  if (stmt == NULL)
    return NULL;
  _df_bind_text (stmt, 1, profile_id);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64)limit : -1);

  if (!_df_ai_read_rows (store, stmt, rows, usage_from_row, error))
    return NULL;
  return g_steal_pointer (&rows);
}

GPtrArray *
df_usage_by_day (DfStore     *store,
                 const char  *profile_id,
                 guint        n_days,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify)df_usage_total_free);
  g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func ((GDestroyNotify)df_usage_total_free);
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  GDate day;
  guint next = 0;

  g_return_val_if_fail (DF_IS_STORE (store), NULL);

  if (n_days == 0)
    return g_steal_pointer (&days);

  _df_credits_today (&day);
  last = _df_credits_format_date (&day);
  g_date_subtract_days (&day, n_days - 1);
  first = _df_credits_format_date (&day);

  /* Days are local days, like df_today (). */
  stmt = df_store_prepare (store,
                           "SELECT date(created_at, 'localtime') AS day,"
                           " sum(prompt_tokens + completion_tokens), sum(cost), count(*)"
                           " FROM ai_usage"
                           " WHERE (?1 IS NULL OR profile_id = ?1)"
                           " AND date(created_at, 'localtime') BETWEEN ?2 AND ?3"
                           " GROUP BY day ORDER BY day",
                           error);
  if (stmt == NULL)
    return NULL;
  _df_bind_text (stmt, 1, profile_id);
  sqlite3_bind_text (stmt, 2, first, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, last, -1, SQLITE_TRANSIENT);
  if (!_df_ai_read_rows (store, stmt, found, total_from_row, error))
    return NULL;

  for (guint i = 0; i < n_days; i++, g_date_add_days (&day, 1))
    {
      g_autofree char *key = _df_credits_format_date (&day);

      if (next < found->len && g_strcmp0 (((DfUsageTotal *)found->pdata[next])->key, key) == 0)
        g_ptr_array_add (days, g_ptr_array_steal_index (found, next));
      else
        {
          DfUsageTotal *t = g_new0 (DfUsageTotal, 1);

          t->key = g_steal_pointer (&key);
          g_ptr_array_add (days, t);
        }
    }

  return g_steal_pointer (&days);
}

GPtrArray *
df_usage_by_agent (DfStore     *store,
                   const char  *profile_id,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)df_usage_total_free);

  g_return_val_if_fail (DF_IS_STORE (store), NULL);

  stmt = df_store_prepare (store,
                           "SELECT agent, sum(prompt_tokens + completion_tokens), sum(cost), count(*)"
                           " FROM ai_usage WHERE (?1 IS NULL OR profile_id = ?1)"
                           " GROUP BY agent ORDER BY 2 DESC, agent",
                           error);
  if (stmt == NULL)
    return NULL;
  _df_bind_text (stmt, 1, profile_id);

  if (!_df_ai_read_rows (store, stmt, rows, total_from_row, error))
    return NULL;
  return g_steal_pointer (&rows);
}
