/* df-credits.h: AI credits per profile, and the usage log
 *
 * Seed 004's ai_credits and ai_usage: per profile a token budget per
 * period (monthly by default; 0 means no limit), an optional cost cap
 * with per-model prices, tokens used and reserved, bonus tokens.  Periods
 * roll over when a new one starts (checked on every read and reserve).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined (__DRAFTFORGE_PLUGIN_H_INSIDE__) && !defined (DRAFTFORGE_COMPILATION)
# error "Only <draftforge-plugin.h> can be included directly."
#endif

#include "df-extern.h"

#include <glib.h>

#include "df-store.h"

G_BEGIN_DECLS

typedef struct
{
  char   *profile_id;
  char   *period;             /* daily, weekly, monthly */
  char   *period_start;       /* YYYY-MM-DD */
  char   *period_end;         /* the first day of the next period */
  gint64  token_budget;       /* 0: no limit */
  gint64  tokens_used;
  gint64  tokens_reserved;
  gint64  bonus_tokens;
  double  cost_cap;           /* < 0: none */
  double  cost_used;
} DfCredits;

DF_EXTERN
void       df_credits_free        (DfCredits   *credits);
/* Creates the profile's row (no limit, monthly) on first use. */
DF_EXTERN
DfCredits *df_credits_get         (DfStore     *store,
                                   const char  *profile_id,
                                   GError     **error);
DF_EXTERN
gboolean   df_credits_set_budget  (DfStore     *store,
                                   const char  *profile_id,
                                   gint64       tokens,
                                   const char  *period,     /* NULL: keep */
                                   GError     **error);
/* @cap < 0 removes the cap. */
DF_EXTERN
gboolean   df_credits_set_cost_cap (DfStore    *store,
                                    const char *profile_id,
                                    double      cap,
                                    GError    **error);
/* Prices per 1,000 tokens for @model (ai_prices). */
DF_EXTERN
gboolean   df_credits_set_price   (DfStore     *store,
                                   const char  *model,
                                   double       prompt_per_1k,
                                   double       completion_per_1k,
                                   GError     **error);
DF_EXTERN
double     df_credits_cost        (DfStore     *store,
                                   const char  *model,
                                   gint64       prompt_tokens,
                                   gint64       completion_tokens);

/* Reserves @tokens (and their estimated cost for @model) or fails with
 * DF_AI_ERROR_BUDGET saying how many are left and when the period ends. */
DF_EXTERN
gboolean   df_credits_reserve     (DfStore     *store,
                                   const char  *profile_id,
                                   const char  *model,
                                   gint64       tokens,
                                   GError     **error);
/* Replaces a reservation with what was really used. */
DF_EXTERN
gboolean   df_credits_settle      (DfStore     *store,
                                   const char  *profile_id,
                                   gint64       reserved,
                                   gint64       used_tokens,
                                   double       cost,
                                   GError     **error);
/* Gives a reservation back (a failed call is not charged). */
DF_EXTERN
gboolean   df_credits_release     (DfStore     *store,
                                   const char  *profile_id,
                                   gint64       reserved,
                                   GError     **error);

typedef struct
{
  gint64  id;
  char   *profile_id;
  gint64  project_id;
  char   *agent;
  char   *model;
  char   *provider;           /* the base URL's host */
  gint64  prompt_tokens;
  gint64  completion_tokens;
  gboolean tokens_estimated;
  double  cost;
  char   *status;             /* success, failed, timeout, rate_limited */
  char   *error;
  gint64  response_time_ms;
  char   *created_at;
} DfUsage;

DF_EXTERN
void       df_usage_free          (DfUsage     *usage);
/* Logs a call; returns the row id. */
DF_EXTERN
gint64     df_usage_log           (DfStore       *store,
                                   const DfUsage *usage,
                                   GError       **error);
/* Newest first; @limit 0: all. */
DF_EXTERN
GPtrArray *df_usage_history       (DfStore     *store,
                                   const char  *profile_id,
                                   guint        limit,
                                   GError     **error);
typedef struct
{
  char   *key;                /* a date (YYYY-MM-DD) or an agent */
  gint64  tokens;
  double  cost;
  gint64  calls;
} DfUsageTotal;

DF_EXTERN
void       df_usage_total_free    (DfUsageTotal *total);
/* The last @n_days days, oldest first, gaps filled. */
DF_EXTERN
GPtrArray *df_usage_by_day        (DfStore     *store,
                                   const char  *profile_id,
                                   guint        n_days,
                                   GError     **error);
DF_EXTERN
GPtrArray *df_usage_by_agent      (DfStore     *store,
                                   const char  *profile_id,
                                   GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfCredits, df_credits_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfUsage, df_usage_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfUsageTotal, df_usage_total_free)

G_END_DECLS
