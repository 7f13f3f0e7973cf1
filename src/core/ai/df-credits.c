/* df-credits.c: AI credits per profile (the usage log is df-usage.c)
 *
 * Every change to a profile's credits (reserve, settle, release, a new
 * budget) runs in one immediate transaction: the budget check and the
 * update that follows it see the same row, so two processes (or two
 * connections in one process) cannot both pass the check and overspend.
 *
 * A period runs from period_start to the first day of the next period
 * (daily; weekly from Monday; monthly from the 1st).  When today
 * (df_today, which honours DRAFTFORGE_TODAY) has reached the end, the
 * row rolls over on the next read or reserve: tokens and cost used go
 * back to 0; reservations of calls still running stay.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-credits"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "df-ai.h"
#include "df-credits.h"
#include "df-credits-private.h"
#include "df-error.h"
#include "df-model.h"
#include "df-store-private.h"

/* period_end is not a column: credits_from_row works it out. */
static const DfColumn credits_columns[] = {
  { "profile_id", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfCredits, profile_id) },
  { "period", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfCredits, period) },
  { "period_start", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfCredits, period_start) },
  { "token_budget", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfCredits, token_budget) },
  { "tokens_used", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfCredits, tokens_used) },
  { "tokens_reserved", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfCredits, tokens_reserved) },
  { "bonus_tokens", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfCredits, bonus_tokens) },
  { "coalesce(cost_cap, -1.0)", DF_COLUMN_DOUBLE, G_STRUCT_OFFSET (DfCredits, cost_cap) },
  { "cost_used", DF_COLUMN_DOUBLE, G_STRUCT_OFFSET (DfCredits, cost_used) },
};

static const DfRecordType credits_record = {
  sizeof (DfCredits), credits_columns, G_N_ELEMENTS (credits_columns), (GDestroyNotify) df_credits_free,
};

void
df_credits_free (DfCredits *credits)
{
  if (credits != NULL)
    g_free (credits->period_end);
  _df_record_free (&credits_record, credits);
}

/* ---- dates and periods ------------------------------------------------- */

static gboolean
period_is_valid (const char *period)
{
  return g_strcmp0 (period, "daily") == 0 ||
         g_strcmp0 (period, "weekly") == 0 ||
         g_strcmp0 (period, "monthly") == 0;
}

/* The first day of the @period that contains @day. */
static void
period_start_for (const char *period,
                  const GDate *day,
                  GDate       *start)
{
  *start = *day;
  if (g_strcmp0 (period, "weekly") == 0)
    g_date_subtract_days (start, g_date_get_weekday (day) - G_DATE_MONDAY);
  else if (g_strcmp0 (period, "monthly") == 0)
    g_date_set_day (start, 1);
}

/* The first day of the next period after the one starting at @start. */
static void
period_end_for (const char  *period,
                const GDate *start,
                GDate       *end)
{
  *end = *start;
  if (g_strcmp0 (period, "daily") == 0)
    g_date_add_days (end, 1);
  else if (g_strcmp0 (period, "weekly") == 0)
    g_date_add_days (end, 7);
  else
    {
      g_date_set_day (end, 1);
      g_date_add_months (end, 1);
    }
}

static char *
period_start_string (const char *period)
{
  GDate today, start;

  df_date_today (&today);
  period_start_for (period, &today, &start);
  return df_date_format (&start);
}

/* ---- validation -------------------------------------------------------- */

static gboolean
check_period (const char  *period,
              GError     **error)
{
  if (period_is_valid (period))
    return TRUE;
  g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
               _("The budget period must be daily, weekly or monthly (got “%s”)"),
               period != NULL ? period : "");
  return FALSE;
}

gboolean
_df_credits_check_tokens (const char  *field,
                          gint64       value,
                          GError     **error)
{
  if (value >= 0)
    return TRUE;
  /* TRANSLATORS: %s names the field, such as "The token budget" */
  g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
               _("%s must be a whole number, 0 or more (got %" PRId64 ")"), field, value);
  return FALSE;
}

gboolean
_df_credits_check_amount (const char  *field,
                          double       value,
                          GError     **error)
{
  if (isfinite (value) && value >= 0)
    return TRUE;
  /* TRANSLATORS: %s names the field, such as "The cost cap" */
  g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
               _("%s must be a number, 0 or more (got %g)"), field, value);
  return FALSE;
}

static gboolean
check_profile_id (const char  *profile_id,
                  GError     **error)
{
  if (profile_id != NULL && *profile_id != '\0')
    return TRUE;
  g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
               _("Credits belong to a profile; create one first with “draftforge-cli profile new NAME”"));
  return FALSE;
}

/* ---- the row ----------------------------------------------------------- */

static DfCredits *
credits_from_row (sqlite3_stmt *stmt)
{
  DfCredits *c = _df_record_read (&credits_record, stmt);
  GDate start, end;

  if (!df_date_parse (c->period_start, &start))
    df_date_today (&start);
  period_end_for (c->period, &start, &end);
  c->period_end = df_date_format (&end);
  return c;
}

/* An UPDATE of the profile's credits row: @sql sets its columns from the
 * first @n_values parameters, which the caller binds, and ends with
 * "updated_at = ? WHERE profile_id = ?", bound here. */
static sqlite3_stmt *
prepare_update (DfStore     *store,
                const char  *sql,
                int          n_values,
                const char  *profile_id,
                GError     **error)
{
  g_autofree char *now = df_now_iso8601 ();
  sqlite3_stmt *stmt = df_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, n_values + 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, n_values + 2, profile_id, -1, SQLITE_TRANSIENT);
  return stmt;
}

static gboolean
profile_exists (DfStore     *store,
                const char  *profile_id,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = df_store_prepare (store, "SELECT 1 FROM profiles WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, profile_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                   _("There is no profile “%s”; see “draftforge-cli profile list”"), profile_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      df_store_set_error (store, error, _("Could not read the AI credits"));
      return FALSE;
    }
  return TRUE;
}

/* The profile's row, created (monthly, without a limit) if missing. */
static DfCredits *
read_or_create (DfStore     *store,
                const char  *profile_id,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *start = period_start_string ("monthly");
  g_autofree char *now = df_now_iso8601 ();

  stmt = df_store_prepare (store,
                           "INSERT INTO ai_credits (profile_id, period, period_start, updated_at)"
                           " VALUES (?, 'monthly', ?, ?) ON CONFLICT (profile_id) DO NOTHING",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, profile_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, start, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  if (!df_store_step_done (store, stmt, error))
    return NULL;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = _df_record_prepare (store, &credits_record, "FROM ai_credits WHERE profile_id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, profile_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      df_store_set_error (store, error, _("Could not read the AI credits"));
      return NULL;
    }
  return credits_from_row (stmt);
}

/* When the period of @credits has ended: a new one from today's period,
 * with nothing used yet. */
static gboolean
roll_over (DfStore    *store,
           DfCredits  *credits,
           GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GDate today, start, end;

  df_date_today (&today);
  if (df_date_parse (credits->period_end, &end) && g_date_compare (&today, &end) < 0)
    return TRUE;

  period_start_for (credits->period, &today, &start);
  g_free (credits->period_start);
  credits->period_start = df_date_format (&start);
  period_end_for (credits->period, &start, &end);
  g_free (credits->period_end);
  credits->period_end = df_date_format (&end);
  credits->tokens_used = 0;
  credits->cost_used = 0;

  stmt = prepare_update (store,
                         "UPDATE ai_credits SET period_start = ?, tokens_used = 0, cost_used = 0,"
                         " updated_at = ? WHERE profile_id = ?",
                         1, credits->profile_id, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, credits->period_start, -1, SQLITE_TRANSIENT);
  if (!df_store_step_done (store, stmt, error))
    return FALSE;
  g_debug ("Credits of profile %s rolled over to the period starting %s",
           credits->profile_id, credits->period_start);
  return TRUE;
}

/* Inside a transaction: the profile's row, created if missing and rolled
 * over if its period has ended. */
static DfCredits *
load_locked (DfStore     *store,
             const char  *profile_id,
             GError     **error)
{
  g_autoptr(DfCredits) credits = NULL;

  if (!profile_exists (store, profile_id, error))
    return NULL;
  credits = read_or_create (store, profile_id, error);
  if (credits == NULL || !roll_over (store, credits, error))
    return NULL;
  return g_steal_pointer (&credits);
}

/* Steps the UPDATE @stmt (NULL when it could not be prepared) and ends
 * the transaction: committed when it went through, else rolled back. */
static gboolean
finish_update (DfStore       *store,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  return df_store_end (store, stmt != NULL && df_store_step_done (store, stmt, error), error);
}

/* Opens an immediate transaction (@light: df_store_begin_light) and
 * loads the profile's row in it; NULL, with the transaction rolled back,
 * on an error. */
static DfCredits *
begin_locked (DfStore     *store,
              const char  *profile_id,
              gboolean     light,
              GError     **error)
{
  DfCredits *credits;

  if (!(light ? df_store_begin_light (store, error) : df_store_begin (store, error)))
    return NULL;
  credits = load_locked (store, profile_id, error);
  if (credits == NULL)
    df_store_rollback (store);
  return credits;
}

DfCredits *
df_credits_get (DfStore     *store,
                const char  *profile_id,
                GError     **error)
{
  g_autoptr(DfCredits) credits = NULL;

  g_return_val_if_fail (DF_IS_STORE (store), NULL);

  if (!check_profile_id (profile_id, error))
    return NULL;
  credits = begin_locked (store, profile_id, FALSE, error);
  if (credits == NULL || !df_store_end (store, TRUE, error))
    return NULL;
  return g_steal_pointer (&credits);
}

gboolean
df_credits_set_budget (DfStore     *store,
                       const char  *profile_id,
                       gint64       tokens,
                       const char  *period,
                       GError     **error)
{
  g_autoptr(DfCredits) credits = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *start = NULL;

  g_return_val_if_fail (DF_IS_STORE (store), FALSE);

  if (!check_profile_id (profile_id, error) ||
      !_df_credits_check_tokens (_("The token budget"), tokens, error) ||
      (period != NULL && !check_period (period, error)))
    return FALSE;

  credits = begin_locked (store, profile_id, FALSE, error);
  if (credits == NULL)
    return FALSE;

  /* A new kind of period starts today's period of that kind; what was
   * used so far still counts. */
  if (period != NULL && strcmp (period, credits->period) != 0)
    start = period_start_string (period);
  else
    start = g_strdup (credits->period_start);

  stmt = prepare_update (store,
                         "UPDATE ai_credits SET token_budget = ?, period = ?, period_start = ?,"
                         " updated_at = ? WHERE profile_id = ?",
                         3, profile_id, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, tokens);
      sqlite3_bind_text (stmt, 2, period != NULL ? period : credits->period, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, start, -1, SQLITE_TRANSIENT);
    }

  return finish_update (store, stmt, error);
}

gboolean
df_credits_set_cost_cap (DfStore    *store,
                         const char *profile_id,
                         double      cap,
                         GError    **error)
{
  g_autoptr(DfCredits) credits = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DF_IS_STORE (store), FALSE);

  if (!check_profile_id (profile_id, error))
    return FALSE;
  if (!isfinite (cap))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The cost cap must be a number, 0 or more, or “none” (got %g)"), cap);
      return FALSE;
    }

  credits = begin_locked (store, profile_id, FALSE, error);
  if (credits == NULL)
    return FALSE;

  stmt = prepare_update (store, "UPDATE ai_credits SET cost_cap = ?, updated_at = ? WHERE profile_id = ?",
                         1, profile_id, error);
  if (stmt != NULL)
    {
      if (cap < 0)
        sqlite3_bind_null (stmt, 1);
      else
        sqlite3_bind_double (stmt, 1, cap);
    }

  return finish_update (store, stmt, error);
}

gboolean
df_credits_set_price (DfStore     *store,
                      const char  *model,
                      double       prompt_per_1k,
                      double       completion_per_1k,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = df_now_iso8601 ();

  g_return_val_if_fail (DF_IS_STORE (store), FALSE);

  if (model == NULL || *model == '\0' || g_utf8_strlen (model, -1) > 200 ||
      !g_utf8_validate (model, -1, NULL))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The model name must be 1 to 200 characters (got “%s”)"),
                   model != NULL && g_utf8_validate (model, -1, NULL) ? model : "");
      return FALSE;
    }
  if (!_df_credits_check_amount (_("The prompt price per 1,000 tokens"), prompt_per_1k, error) ||
      !_df_credits_check_amount (_("The completion price per 1,000 tokens"), completion_per_1k, error))
    return FALSE;

  stmt = df_store_prepare (store,
                           "INSERT INTO ai_prices (model, prompt_per_1k, completion_per_1k, updated_at)"
                           " VALUES (?, ?, ?, ?) ON CONFLICT (model) DO UPDATE SET"
                           " prompt_per_1k = excluded.prompt_per_1k,"
                           " completion_per_1k = excluded.completion_per_1k,"
                           " updated_at = excluded.updated_at",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, model, -1, SQLITE_TRANSIENT);
  sqlite3_bind_double (stmt, 2, prompt_per_1k);
  sqlite3_bind_double (stmt, 3, completion_per_1k);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  return df_store_step_done (store, stmt, error);
}

/* The prices for @model; FALSE when it has none. */
static gboolean
lookup_price (DfStore    *store,
              const char *model,
              double     *prompt_per_1k,
              double     *completion_per_1k)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  *prompt_per_1k = *completion_per_1k = 0;
  if (model == NULL)
    return FALSE;

  stmt = df_store_prepare (store,
                           "SELECT prompt_per_1k, completion_per_1k FROM ai_prices WHERE model = ?",
                           NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, model, -1, SQLITE_TRANSIENT);
  if (!df_store_step (store, stmt, NULL))
    return FALSE;
  *prompt_per_1k = sqlite3_column_double (stmt, 0);
  *completion_per_1k = sqlite3_column_double (stmt, 1);
  return TRUE;
}

double
df_credits_cost (DfStore     *store,
                 const char  *model,
                 gint64       prompt_tokens,
                 gint64       completion_tokens)
{
  double prompt_price, completion_price;

  g_return_val_if_fail (DF_IS_STORE (store), 0);

  if (!lookup_price (store, model, &prompt_price, &completion_price))
    return 0;
  return (MAX (prompt_tokens, 0) * prompt_price + MAX (completion_tokens, 0) * completion_price) / 1000.0;
}

static char *
budget_refusal (const DfCredits *c,
                gint64           tokens,
                gint64           left)
{
  if (g_strcmp0 (c->period, "daily") == 0)
    return g_strdup_printf (_("This needs about %" PRId64 " tokens but only %" PRId64 " are left in today's budget "
                              "(it renews on %s); raise the budget with “draftforge-cli credits set-budget” or wait"),
                            tokens, left, c->period_end);
  if (g_strcmp0 (c->period, "weekly") == 0)
    return g_strdup_printf (_("This needs about %" PRId64 " tokens but only %" PRId64 " are left in this week's budget "
                              "(it renews on %s); raise the budget with “draftforge-cli credits set-budget” or wait"),
                            tokens, left, c->period_end);
  return g_strdup_printf (_("This needs about %" PRId64 " tokens but only %" PRId64 " are left in this month's budget "
                            "(it renews on %s); raise the budget with “draftforge-cli credits set-budget” or wait"),
                          tokens, left, c->period_end);
}

/* Whether the budget covers @tokens more; DF_AI_ERROR_BUDGET when not. */
static gboolean
check_budget (const DfCredits  *credits,
              gint64            tokens,
              GError          **error)
{
  gint64 available;
  g_autofree char *message = NULL;

  if (credits->token_budget <= 0)
    return TRUE;
  available = credits->token_budget + credits->bonus_tokens
              - credits->tokens_used - credits->tokens_reserved;
  if (tokens <= available)
    return TRUE;
  message = budget_refusal (credits, tokens, MAX (available, 0));
  g_set_error_literal (error, DF_AI_ERROR, DF_AI_ERROR_BUDGET, message);
  return FALSE;
}

/* Whether @tokens of @model stay under the cost cap; DF_AI_ERROR_BUDGET
 * when not. */
static gboolean
check_cost_cap (DfStore          *store,
                const DfCredits  *credits,
                const char       *model,
                gint64            tokens,
                GError          **error)
{
  double prompt_price, completion_price, estimate;

  if (credits->cost_cap < 0)
    return TRUE;
  lookup_price (store, model, &prompt_price, &completion_price);
  /* The reservation covers prompt and answer alike: price it at the
   * dearer of the two. */
  estimate = tokens * MAX (prompt_price, completion_price) / 1000.0;
  if (credits->cost_used + estimate <= credits->cost_cap)
    return TRUE;
  g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_BUDGET,
               _("This would cost about %.4f but only %.4f of the cost cap of %.4f is left "
                 "(it renews on %s); raise the cap with “draftforge-cli credits set-cost-cap” or wait"),
               estimate, MAX (credits->cost_cap - credits->cost_used, 0.0),
               credits->cost_cap, credits->period_end);
  return FALSE;
}

gboolean
df_credits_reserve (DfStore     *store,
                    const char  *profile_id,
                    const char  *model,
                    gint64       tokens,
                    GError     **error)
{
  g_autoptr(DfCredits) credits = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (DF_IS_STORE (store), FALSE);

  if (!check_profile_id (profile_id, error) ||
      !_df_credits_check_tokens (_("The tokens to reserve"), tokens, error))
    return FALSE;

  credits = begin_locked (store, profile_id, TRUE, error);
  if (credits == NULL)
    return FALSE;
  if (!check_budget (credits, tokens, error) ||
      !check_cost_cap (store, credits, model, tokens, error))
    {
      df_store_rollback (store);
      return FALSE;
    }

  stmt = prepare_update (store,
                         "UPDATE ai_credits SET tokens_reserved = tokens_reserved + ?, updated_at = ?"
                         " WHERE profile_id = ?",
                         1, profile_id, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, tokens);
    }

  return finish_update (store, stmt, error);
}

/* Takes @reserved back and adds @used_tokens and @cost, in one
 * transaction. */
static gboolean
settle_locked (DfStore     *store,
               const char  *profile_id,
               gint64       reserved,
               gint64       used_tokens,
               double       cost,
               GError     **error)
{
  g_autoptr(DfCredits) credits = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  credits = begin_locked (store, profile_id, FALSE, error);
  if (credits == NULL)
    return FALSE;

  stmt = prepare_update (store,
                         "UPDATE ai_credits SET tokens_reserved = max(tokens_reserved - ?, 0),"
                         " tokens_used = tokens_used + ?, cost_used = cost_used + ?, updated_at = ?"
                         " WHERE profile_id = ?",
                         3, profile_id, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, reserved);
      sqlite3_bind_int64 (stmt, 2, used_tokens);
      sqlite3_bind_double (stmt, 3, cost);
    }

  return finish_update (store, stmt, error);
}

gboolean
df_credits_settle (DfStore     *store,
                   const char  *profile_id,
                   gint64       reserved,
                   gint64       used_tokens,
                   double       cost,
                   GError     **error)
{
  g_return_val_if_fail (DF_IS_STORE (store), FALSE);

  if (!check_profile_id (profile_id, error) ||
      !_df_credits_check_tokens (_("The reserved tokens"), reserved, error) ||
      !_df_credits_check_tokens (_("The tokens used"), used_tokens, error) ||
      !_df_credits_check_amount (_("The cost"), cost, error))
    return FALSE;

  return settle_locked (store, profile_id, reserved, used_tokens, cost, error);
}

gboolean
df_credits_release (DfStore     *store,
                    const char  *profile_id,
                    gint64       reserved,
                    GError     **error)
{
  g_return_val_if_fail (DF_IS_STORE (store), FALSE);

  if (!check_profile_id (profile_id, error) ||
      !_df_credits_check_tokens (_("The reserved tokens"), reserved, error))
    return FALSE;

  return settle_locked (store, profile_id, reserved, 0, 0, error);
}
