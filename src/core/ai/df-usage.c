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

#include "df-credits.h"
#include "df-credits-private.h"
#include "df-model.h"
#include "df-store-private.h"

/* ---- private helpers ------------------------------------------------- */

static gboolean
status_is_valid (const char *status)
{
  return g_strcmp0 (status, "success") == 0 ||
         g_strcmp0 (status, "failed") == 0 ||
         g_strcmp0 (status, "timeout") == 0 ||
         g_strcmp0 (status, "rate_limited") == 0;
}

static const DfColumn usage_columns[] = {
  { "id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfUsage, id) },
  { "profile_id", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfUsage, profile_id) },
  { "project_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfUsage, project_id) },
  { "agent", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfUsage, agent) },
  { "model", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfUsage, model) },
  { "provider", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfUsage, provider) },
  { "prompt_tokens", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfUsage, prompt_tokens) },
  { "completion_tokens", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfUsage, completion_tokens) },
  { "tokens_estimated", DF_COLUMN_BOOLEAN, G_STRUCT_OFFSET (DfUsage, tokens_estimated) },
  { "cost", DF_COLUMN_DOUBLE, G_STRUCT_OFFSET (DfUsage, cost) },
  { "status", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfUsage, status) },
  { "error", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfUsage, error) },
  { "response_time_ms", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfUsage, response_time_ms) },
  { "created_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfUsage, created_at) },
};

static const DfRecordType usage_record = {
  sizeof (DfUsage), usage_columns, G_N_ELEMENTS (usage_columns), (GDestroyNotify) df_usage_free,
};

/* The totals of the calls grouped by "key", which each query defines. */
static const DfColumn total_columns[] = {
  { "key", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfUsageTotal, key) },
  { "sum(prompt_tokens + completion_tokens)", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfUsageTotal, tokens) },
  { "sum(cost)", DF_COLUMN_DOUBLE, G_STRUCT_OFFSET (DfUsageTotal, cost) },
  { "count(*)", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfUsageTotal, calls) },
};

static const DfRecordType total_record = {
  sizeof (DfUsageTotal), total_columns, G_N_ELEMENTS (total_columns), (GDestroyNotify) df_usage_total_free,
};

/* ---- public API ------------------------------------------------------ */

void
df_usage_free (DfUsage *usage)
{
  _df_record_free (&usage_record, usage);
}

void
df_usage_total_free (DfUsageTotal *total)
{
  _df_record_free (&total_record, total);
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

  g_return_val_if_fail (DF_IS_STORE (store), NULL);

  stmt = _df_record_prepare (store, &usage_record,
                             "FROM ai_usage WHERE (?1 IS NULL OR profile_id = ?1)"
                             " ORDER BY created_at DESC, id DESC LIMIT ?2",
                             error);
  if (stmt == NULL)
    return NULL;
  _df_bind_text (stmt, 1, profile_id);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64)limit : -1);

  return _df_record_list (store, stmt, &usage_record, NULL, error);
}

GPtrArray *
df_usage_by_day (DfStore     *store,
                 const char  *profile_id,
                 guint        n_days,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func ((GDestroyNotify)df_usage_total_free);
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  GDate day;
  guint next = 0;

  g_return_val_if_fail (DF_IS_STORE (store), NULL);

  if (n_days == 0)
    return g_steal_pointer (&days);

  df_date_today (&day);
  last = df_date_format (&day);
  g_date_subtract_days (&day, n_days - 1);
  first = df_date_format (&day);

  /* Days are local days, like df_today (). */
  stmt = _df_record_prepare (store, &total_record,
                             "FROM (SELECT *, date(created_at, 'localtime') AS key FROM ai_usage)"
                             " WHERE (?1 IS NULL OR profile_id = ?1) AND key BETWEEN ?2 AND ?3"
                             " GROUP BY key ORDER BY key",
                             error);
  if (stmt == NULL)
    return NULL;
  _df_bind_text (stmt, 1, profile_id);
  sqlite3_bind_text (stmt, 2, first, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, last, -1, SQLITE_TRANSIENT);
  if ((found = _df_record_list (store, stmt, &total_record, NULL, error)) == NULL)
    return NULL;

  for (guint i = 0; i < n_days; i++, g_date_add_days (&day, 1))
    {
      g_autofree char *key = df_date_format (&day);

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

  g_return_val_if_fail (DF_IS_STORE (store), NULL);

  stmt = _df_record_prepare (store, &total_record,
                             "FROM (SELECT *, agent AS key FROM ai_usage) WHERE (?1 IS NULL OR profile_id = ?1)"
                             " GROUP BY key ORDER BY 2 DESC, key",
                             error);
  if (stmt == NULL)
    return NULL;
  _df_bind_text (stmt, 1, profile_id);

  return _df_record_list (store, stmt, &total_record, NULL, error);
}
