/* test-credits.c: the AI credits ledger, the usage log, and the `credits`
 * and `ai` commands
 *
 * The ledger is checked through the core (reserve, settle, release,
 * refusals, bonus tokens, the cost cap, roll-over of every kind of
 * period, two connections reserving at once); the commands through the
 * program named by DRAFTFORGE_CLI, always without a Secret Service (no
 * session bus), so no test ever touches a real keyring.  The API key given
 * to the commands must never appear in their output or in the database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "df-ai.h"
#include "df-credits.h"
#include "df-model.h"
#include "df-store-private.h"
#include "df-test-util.h"

#define TEST_KEY "sk-test-9f8e7d6c5b4a-NEVER-SHOWN"

typedef struct
{
  char      *dir;
  char      *db;
  DfStore   *store;
  DfProfile *profile;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_setenv ("DRAFTFORGE_TODAY", "2024-03-13", TRUE);   /* a Wednesday */
  f->store = df_test_store_new ("credits", &f->dir, &f->db);
  f->profile = df_test_make_profile (f->store, "Ann");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->profile, df_profile_free);
  g_clear_object (&f->store);
  df_test_tmp_dir_free (f->dir);
  g_free (f->db);
  g_unsetenv ("DRAFTFORGE_TODAY");
}

static DfCredits *
get_credits (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  DfCredits *credits = df_credits_get (f->store, f->profile->id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (credits);
  return credits;
}

/* ---- the ledger -------------------------------------------------------- */

static void
test_defaults (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DfCredits) credits = get_credits (f);
  g_autoptr(GError) error = NULL;

  /* No limit, monthly, from the 1st. */
  g_assert_cmpstr (credits->profile_id, ==, f->profile->id);
  g_assert_cmpstr (credits->period, ==, "monthly");
  g_assert_cmpstr (credits->period_start, ==, "2024-03-01");
  g_assert_cmpstr (credits->period_end, ==, "2024-04-01");
  g_assert_cmpint (credits->token_budget, ==, 0);
  g_assert_cmpint (credits->tokens_used, ==, 0);
  g_assert_cmpint (credits->tokens_reserved, ==, 0);
  g_assert_cmpfloat (credits->cost_cap, <, 0);

  /* No limit means any reservation passes. */
  g_assert_true (df_credits_reserve (f->store, f->profile->id, "m", 1000000000, &error));
  g_assert_no_error (error);
}

static void
test_reserve_settle_release (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DfCredits *c;

  g_assert_true (df_credits_set_budget (f->store, f->profile->id, 1000, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (df_credits_reserve (f->store, f->profile->id, "m", 300, &error));
  g_assert_no_error (error);
  c = get_credits (f);
  g_assert_cmpint (c->token_budget, ==, 1000);
  g_assert_cmpint (c->tokens_reserved, ==, 300);
  g_assert_cmpint (c->tokens_used, ==, 0);
  df_credits_free (c);

  /* The call used less than it reserved. */
  g_assert_true (df_credits_settle (f->store, f->profile->id, 300, 120, 0.25, &error));
  g_assert_no_error (error);
  c = get_credits (f);
  g_assert_cmpint (c->tokens_reserved, ==, 0);
  g_assert_cmpint (c->tokens_used, ==, 120);
  g_assert_cmpfloat_with_epsilon (c->cost_used, 0.25, 1e-9);
  df_credits_free (c);

  /* A failed call gives its reservation back and costs nothing. */
  g_assert_true (df_credits_reserve (f->store, f->profile->id, "m", 500, &error));
  g_assert_true (df_credits_reserve (f->store, f->profile->id, "m", 100, &error));
  g_assert_no_error (error);
  g_assert_true (df_credits_release (f->store, f->profile->id, 500, &error));
  g_assert_no_error (error);
  c = get_credits (f);
  g_assert_cmpint (c->tokens_reserved, ==, 100);
  g_assert_cmpint (c->tokens_used, ==, 120);
  g_assert_cmpfloat_with_epsilon (c->cost_used, 0.25, 1e-9);
  df_credits_free (c);

  /* Settling more than is reserved never goes below zero. */
  g_assert_true (df_credits_settle (f->store, f->profile->id, 400, 80, 0, &error));
  g_assert_no_error (error);
  c = get_credits (f);
  g_assert_cmpint (c->tokens_reserved, ==, 0);
  g_assert_cmpint (c->tokens_used, ==, 200);
  df_credits_free (c);
}

static void
test_refusal (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfCredits) c = NULL;

  g_assert_true (df_credits_set_budget (f->store, f->profile->id, 1000, NULL, &error));
  g_assert_true (df_credits_reserve (f->store, f->profile->id, "m", 500, &error));
  g_assert_true (df_credits_settle (f->store, f->profile->id, 500, 300, 0, &error));
  g_assert_true (df_credits_reserve (f->store, f->profile->id, "m", 500, &error));
  g_assert_no_error (error);

  /* 1000 - 300 used - 500 reserved = 200 left. */
  g_assert_false (df_credits_reserve (f->store, f->profile->id, "m", 201, &error));
  g_assert_error (error, DF_AI_ERROR, DF_AI_ERROR_BUDGET);
  df_test_assert_contains (error->message, "about 201 tokens");
  df_test_assert_contains (error->message, "only 200 are left");
  df_test_assert_contains (error->message, "this month's budget");
  df_test_assert_contains (error->message, "2024-04-01");
  df_test_assert_contains (error->message, "credits set-budget");
  g_clear_error (&error);

  /* A refusal changes nothing; exactly what is left still passes. */
  c = get_credits (f);
  g_assert_cmpint (c->tokens_reserved, ==, 500);
  g_assert_cmpint (c->tokens_used, ==, 300);
  g_assert_true (df_credits_reserve (f->store, f->profile->id, "m", 200, &error));
  g_assert_no_error (error);
  g_assert_false (df_credits_reserve (f->store, f->profile->id, "m", 1, &error));
  g_assert_error (error, DF_AI_ERROR, DF_AI_ERROR_BUDGET);
  df_test_assert_contains (error->message, "only 0 are left");
  g_clear_error (&error);

  /* The period's word follows the period. */
  g_assert_true (df_credits_set_budget (f->store, f->profile->id, 1000, "daily", &error));
  g_assert_false (df_credits_reserve (f->store, f->profile->id, "m", 5000, &error));
  df_test_assert_contains (error->message, "today's budget");
  df_test_assert_contains (error->message, "2024-03-14");
  g_clear_error (&error);
  g_assert_true (df_credits_set_budget (f->store, f->profile->id, 1000, "weekly", &error));
  g_assert_false (df_credits_reserve (f->store, f->profile->id, "m", 5000, &error));
  df_test_assert_contains (error->message, "this week's budget");
  df_test_assert_contains (error->message, "2024-03-18");
  g_clear_error (&error);

  /* Raising the budget to 0 (no limit) lets it through. */
  g_assert_true (df_credits_set_budget (f->store, f->profile->id, 0, NULL, &error));
  g_assert_true (df_credits_reserve (f->store, f->profile->id, "m", 5000, &error));
  g_assert_no_error (error);
}

static void
test_bonus (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_true (df_credits_set_budget (f->store, f->profile->id, 1000, NULL, &error));
  g_assert_no_error (error);

  /* Bonus tokens (granted by the application, not a command) add to the
   * budget. */
  stmt = df_store_prepare (f->store, "UPDATE ai_credits SET bonus_tokens = ? WHERE profile_id = ?", &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, 250);
  sqlite3_bind_text (stmt, 2, f->profile->id, -1, SQLITE_TRANSIENT);
  g_assert_true (df_store_step_done (f->store, stmt, &error));

  g_assert_true (df_credits_reserve (f->store, f->profile->id, "m", 1200, &error));
  g_assert_no_error (error);
  g_assert_false (df_credits_reserve (f->store, f->profile->id, "m", 51, &error));
  g_assert_error (error, DF_AI_ERROR, DF_AI_ERROR_BUDGET);
  df_test_assert_contains (error->message, "only 50 are left");
  g_clear_error (&error);
  g_assert_true (df_credits_reserve (f->store, f->profile->id, "m", 50, &error));
  g_assert_no_error (error);
}

static void
test_cost_cap (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DfCredits *c;

  g_assert_true (df_credits_set_price (f->store, "gpt-x", 0.5, 1.5, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (df_credits_cost (f->store, "gpt-x", 1000, 2000), 3.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (df_credits_cost (f->store, "gpt-x", 500, 0), 0.25, 1e-9);
  /* A model without a price costs nothing. */
  g_assert_cmpfloat (df_credits_cost (f->store, "local-llama", 1000, 1000), ==, 0);
  /* Prices can change. */
  g_assert_true (df_credits_set_price (f->store, "gpt-x", 1.0, 2.0, &error));
  g_assert_cmpfloat_with_epsilon (df_credits_cost (f->store, "gpt-x", 1000, 1000), 3.0, 1e-9);

  g_assert_true (df_credits_set_cost_cap (f->store, f->profile->id, 5.0, &error));
  g_assert_no_error (error);
  c = get_credits (f);
  g_assert_cmpfloat_with_epsilon (c->cost_cap, 5.0, 1e-9);
  df_credits_free (c);

  /* 1500 tokens at the dearer price (2.0 per 1,000) is 3.0: under 5. */
  g_assert_true (df_credits_reserve (f->store, f->profile->id, "gpt-x", 1500, &error));
  g_assert_no_error (error);
  g_assert_true (df_credits_settle (f->store, f->profile->id, 1500,
                                    1500, df_credits_cost (f->store, "gpt-x", 1000, 500), &error));
  g_assert_no_error (error);
  c = get_credits (f);
  g_assert_cmpfloat_with_epsilon (c->cost_used, 2.0, 1e-9);
  df_credits_free (c);

  /* 2.0 used + 1500 tokens (3.0) = 5.0: just within the cap. */
  g_assert_true (df_credits_reserve (f->store, f->profile->id, "gpt-x", 1500, &error));
  g_assert_true (df_credits_release (f->store, f->profile->id, 1500, &error));
  g_assert_no_error (error);

  /* 2.0 + 1600 tokens (3.2) = 5.2: refused, before any traffic. */
  g_assert_false (df_credits_reserve (f->store, f->profile->id, "gpt-x", 1600, &error));
  g_assert_error (error, DF_AI_ERROR, DF_AI_ERROR_BUDGET);
  df_test_assert_contains (error->message, "cost cap");
  df_test_assert_contains (error->message, "set-cost-cap");
  g_clear_error (&error);

  /* A model without a price passes; removing the cap lets gpt-x through. */
  g_assert_true (df_credits_reserve (f->store, f->profile->id, "local-llama", 100000, &error));
  g_assert_no_error (error);
  g_assert_true (df_credits_set_cost_cap (f->store, f->profile->id, -1, &error));
  g_assert_true (df_credits_reserve (f->store, f->profile->id, "gpt-x", 1600, &error));
  g_assert_no_error (error);
  c = get_credits (f);
  g_assert_cmpfloat (c->cost_cap, <, 0);
  df_credits_free (c);
}

/* ---- periods ----------------------------------------------------------- */

typedef struct
{
  const char *period;
  const char *first_day;      /* DRAFTFORGE_TODAY at first */
  const char *start;          /* its period */
  const char *end;
  const char *last_day;       /* still the same period */
  const char *next_day;       /* the next one starts */
  const char *next_start;
  const char *next_end;
} Rollover;

static const Rollover rollovers[] = {
  { "daily", "2024-03-13", "2024-03-13", "2024-03-14", "2024-03-13", "2024-03-14", "2024-03-14", "2024-03-15" },
  { "daily", "2024-12-31", "2024-12-31", "2025-01-01", "2024-12-31", "2025-01-01", "2025-01-01", "2025-01-02" },
  /* Wednesday 13 March: the week runs from Monday 11 to Sunday 17. */
  { "weekly", "2024-03-13", "2024-03-11", "2024-03-18", "2024-03-17", "2024-03-18", "2024-03-18", "2024-03-25" },
  /* A Monday starts its own week; weeks cross months and years. */
  { "weekly", "2024-12-30", "2024-12-30", "2025-01-06", "2025-01-05", "2025-01-06", "2025-01-06", "2025-01-13" },
  { "monthly", "2024-03-13", "2024-03-01", "2024-04-01", "2024-03-31", "2024-04-01", "2024-04-01", "2024-05-01" },
  /* Leap February, and December into January. */
  { "monthly", "2024-02-29", "2024-02-01", "2024-03-01", "2024-02-29", "2024-03-01", "2024-03-01", "2024-04-01" },
  { "monthly", "2024-12-15", "2024-12-01", "2025-01-01", "2024-12-31", "2025-01-01", "2025-01-01", "2025-02-01" },
};

static void
test_rollover (Fixture       *f,
               gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (rollovers); i++)
    {
      const Rollover *r = &rollovers[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(sqlite3_stmt) stmt = NULL;
      DfCredits *c;

      g_test_message ("%s from %s", r->period, r->first_day);

      /* A fresh row for each case. */
      stmt = df_store_prepare (f->store, "DELETE FROM ai_credits", &error);
      g_assert_true (df_store_step_done (f->store, stmt, &error));
      g_assert_no_error (error);

      g_setenv ("DRAFTFORGE_TODAY", r->first_day, TRUE);
      g_assert_true (df_credits_set_budget (f->store, f->profile->id, 1000, r->period, &error));
      g_assert_true (df_credits_set_cost_cap (f->store, f->profile->id, 10, &error));
      g_assert_true (df_credits_reserve (f->store, f->profile->id, "m", 600, &error));
      g_assert_true (df_credits_settle (f->store, f->profile->id, 600, 600, 1.5, &error));
      /* A call still running across the change of period. */
      g_assert_true (df_credits_reserve (f->store, f->profile->id, "m", 300, &error));
      g_assert_no_error (error);

      c = get_credits (f);
      g_assert_cmpstr (c->period, ==, r->period);
      g_assert_cmpstr (c->period_start, ==, r->start);
      g_assert_cmpstr (c->period_end, ==, r->end);
      g_assert_cmpint (c->tokens_used, ==, 600);
      df_credits_free (c);

      /* The last day of the period: nothing renews, 100 are left. */
      g_setenv ("DRAFTFORGE_TODAY", r->last_day, TRUE);
      g_assert_false (df_credits_reserve (f->store, f->profile->id, "m", 101, &error));
      g_assert_error (error, DF_AI_ERROR, DF_AI_ERROR_BUDGET);
      df_test_assert_contains (error->message, "only 100 are left");
      g_clear_error (&error);
      c = get_credits (f);
      g_assert_cmpstr (c->period_start, ==, r->start);
      g_assert_cmpint (c->tokens_used, ==, 600);
      g_assert_cmpfloat_with_epsilon (c->cost_used, 1.5, 1e-9);
      df_credits_free (c);

      /* The next period: used goes to 0, the reservation stays. */
      g_setenv ("DRAFTFORGE_TODAY", r->next_day, TRUE);
      c = get_credits (f);
      g_assert_cmpstr (c->period_start, ==, r->next_start);
      g_assert_cmpstr (c->period_end, ==, r->next_end);
      g_assert_cmpint (c->tokens_used, ==, 0);
      g_assert_cmpfloat (c->cost_used, ==, 0);
      g_assert_cmpint (c->tokens_reserved, ==, 300);
      g_assert_cmpint (c->token_budget, ==, 1000);
      df_credits_free (c);
      g_assert_true (df_credits_reserve (f->store, f->profile->id, "m", 700, &error));
      g_assert_no_error (error);
      g_assert_false (df_credits_reserve (f->store, f->profile->id, "m", 1, &error));
      g_assert_error (error, DF_AI_ERROR, DF_AI_ERROR_BUDGET);
      g_clear_error (&error);
    }
}

static void
test_rollover_on_reserve (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfCredits) c = NULL;

  g_assert_true (df_credits_set_budget (f->store, f->profile->id, 1000, "daily", &error));
  g_assert_true (df_credits_reserve (f->store, f->profile->id, "m", 1000, &error));
  g_assert_true (df_credits_settle (f->store, f->profile->id, 1000, 1000, 0, &error));
  g_assert_no_error (error);
  g_assert_false (df_credits_reserve (f->store, f->profile->id, "m", 1, &error));
  g_clear_error (&error);

  /* Several days later, with no read in between: the reserve itself
   * starts the new period. */
  g_setenv ("DRAFTFORGE_TODAY", "2024-03-20", TRUE);
  g_assert_true (df_credits_reserve (f->store, f->profile->id, "m", 1000, &error));
  g_assert_no_error (error);
  c = get_credits (f);
  g_assert_cmpstr (c->period_start, ==, "2024-03-20");
  g_assert_cmpint (c->tokens_reserved, ==, 1000);
  g_assert_cmpint (c->tokens_used, ==, 0);
}

/* ---- two connections at once ------------------------------------------- */

#define RACE_BUDGET 3000
#define RACE_CHUNK  7

typedef struct
{
  const char *db;
  const char *profile_id;
  GMutex     *lock;
  GCond      *cond;
  guint      *ready;
  gint64      reserved;     /* what this thread got */
  gint64      refusals;
  char       *unexpected;   /* another error's message */
} Racer;

/* Retries at once instead of sleeping, so that the two connections
 * really interleave their transactions. */
static int
busy_yield (void *data,
            int   count)
{
  g_thread_yield ();
  return count < 10000000;
}

static gpointer
race (gpointer data)
{
  Racer *r = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = df_store_open (r->db, &error);

  if (store == NULL)
    {
      r->unexpected = g_strdup (error->message);
      return NULL;
    }

  sqlite3_busy_handler (df_store_get_db (store), busy_yield, NULL);

  /* Both start together. */
  g_mutex_lock (r->lock);
  (*r->ready)++;
  g_cond_broadcast (r->cond);
  while (*r->ready < 2)
    g_cond_wait (r->cond, r->lock);
  g_mutex_unlock (r->lock);

  for (;;)
    {
      if (df_credits_reserve (store, r->profile_id, "m", RACE_CHUNK, &error))
        r->reserved += RACE_CHUNK;
      else if (g_error_matches (error, DF_AI_ERROR, DF_AI_ERROR_BUDGET))
        {
          r->refusals++;
          break;
        }
      else
        {
          r->unexpected = g_strdup (error->message);
          break;
        }
    }
  return NULL;
}

static void
test_concurrent (Fixture       *f,
                 gconstpointer  data)
{
  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autoptr(DfCredits) c = NULL;
      GMutex lock;
      GCond cond;
      guint ready = 0;
      Racer racers[2] = { { 0 } };
      GThread *threads[2];
      gint64 total;

      stmt = df_store_prepare (f->store, "UPDATE ai_credits SET tokens_reserved = 0", &error);
      g_assert_true (df_store_step_done (f->store, stmt, &error));
      g_assert_true (df_credits_set_budget (f->store, f->profile->id, RACE_BUDGET, NULL, &error));
      g_assert_no_error (error);

      g_mutex_init (&lock);
      g_cond_init (&cond);
      for (guint i = 0; i < 2; i++)
        {
          racers[i].db = f->db;
          racers[i].profile_id = f->profile->id;
          racers[i].lock = &lock;
          racers[i].cond = &cond;
          racers[i].ready = &ready;
          threads[i] = g_thread_new ("racer", race, &racers[i]);
        }
      for (guint i = 0; i < 2; i++)
        g_thread_join (threads[i]);
      g_mutex_clear (&lock);
      g_cond_clear (&cond);

      for (guint i = 0; i < 2; i++)
        {
          if (racers[i].unexpected != NULL)
            g_error ("racer %u: %s", i, racers[i].unexpected);
          g_assert_cmpint (racers[i].refusals, ==, 1);
        }

      /* Never more than the budget, and the ledger agrees with what the
       * callers were given; the budget was used up to the last chunk. */
      total = racers[0].reserved + racers[1].reserved;
      g_test_message ("round %u: %" PRId64 " + %" PRId64, round, racers[0].reserved, racers[1].reserved);
      g_assert_cmpint (total, <=, RACE_BUDGET);
      g_assert_cmpint (total, >, RACE_BUDGET - RACE_CHUNK);
      c = get_credits (f);
      g_assert_cmpint (c->tokens_reserved, ==, total);
    }
}

/* ---- the usage log ----------------------------------------------------- */

static gint64
log_call (DfStore    *store,
          const char *profile_id,
          const char *agent,
          const char *created_at,
          gint64      prompt,
          gint64      completion,
          double      cost,
          const char *status,
          const char *error_text)
{
  g_autoptr(GError) error = NULL;
  DfUsage usage = {
    .profile_id = (char *)profile_id,
    .agent = (char *)agent,
    .model = (char *)"tiny",
    .provider = (char *)"127.0.0.1",
    .prompt_tokens = prompt,
    .completion_tokens = completion,
    .tokens_estimated = completion == 0 && prompt > 0,
    .cost = cost,
    .status = (char *)status,
    .error = (char *)error_text,
    .response_time_ms = 42,
    .created_at = (char *)created_at,
  };
  gint64 id = df_usage_log (store, &usage, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_usage_log (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProfile) bob = df_profile_create (f->store, "Bob", &error);
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) days = NULL;
  g_autoptr(GPtrArray) agents = NULL;
  DfUsage *u;
  DfUsageTotal *t;
  gint64 first;

  g_assert_no_error (error);
  g_setenv ("DRAFTFORGE_TODAY", "2024-03-15", TRUE);

  first = log_call (f->store, f->profile->id, "coach", "2024-03-12T12:00:00Z", 100, 50, 0.1, "success", NULL);
  log_call (f->store, f->profile->id, "coach", "2024-03-14T12:00:00Z", 200, 0, 0.2, "success", NULL);
  log_call (f->store, f->profile->id, "continuity", "2024-03-15T11:00:00Z", 30, 20, 0.05, "success", NULL);
  log_call (f->store, f->profile->id, "coach", "2024-03-15T12:00:00Z", 0, 0, 0, "failed",
            "Nothing answers at http://127.0.0.1:9/v1");
  log_call (f->store, bob->id, "style", "2024-03-15T12:00:00Z", 999, 1, 1.0, "success", NULL);

  /* Newest first, one profile's calls only. */
  history = df_usage_history (f->store, f->profile->id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 4);
  u = history->pdata[0];
  g_assert_cmpstr (u->status, ==, "failed");
  g_assert_cmpstr (u->error, ==, "Nothing answers at http://127.0.0.1:9/v1");
  g_assert_cmpstr (u->agent, ==, "coach");
  g_assert_cmpstr (u->profile_id, ==, f->profile->id);
  u = history->pdata[1];
  g_assert_cmpstr (u->agent, ==, "continuity");
  g_assert_cmpint (u->prompt_tokens, ==, 30);
  g_assert_cmpint (u->completion_tokens, ==, 20);
  g_assert_false (u->tokens_estimated);
  g_assert_cmpstr (u->model, ==, "tiny");
  g_assert_cmpstr (u->provider, ==, "127.0.0.1");
  g_assert_cmpint (u->response_time_ms, ==, 42);
  g_assert_null (u->error);
  u = history->pdata[2];
  g_assert_true (u->tokens_estimated);
  u = history->pdata[3];
  g_assert_cmpint (u->id, ==, first);
  g_assert_cmpstr (u->created_at, ==, "2024-03-12T12:00:00Z");
  g_clear_pointer (&history, g_ptr_array_unref);

  history = df_usage_history (f->store, f->profile->id, 2, &error);
  g_assert_cmpuint (history->len, ==, 2);
  g_clear_pointer (&history, g_ptr_array_unref);
  history = df_usage_history (f->store, NULL, 0, &error);
  g_assert_cmpuint (history->len, ==, 5);

  /* The last four days, oldest first, gaps filled. */
  days = df_usage_by_day (f->store, f->profile->id, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (days->len, ==, 4);
  t = days->pdata[0];
  g_assert_cmpstr (t->key, ==, "2024-03-12");
  g_assert_cmpint (t->tokens, ==, 150);
  g_assert_cmpint (t->calls, ==, 1);
  t = days->pdata[1];
  g_assert_cmpstr (t->key, ==, "2024-03-13");
  g_assert_cmpint (t->tokens, ==, 0);
  g_assert_cmpint (t->calls, ==, 0);
  t = days->pdata[2];
  g_assert_cmpstr (t->key, ==, "2024-03-14");
  g_assert_cmpint (t->tokens, ==, 200);
  g_assert_cmpfloat_with_epsilon (t->cost, 0.2, 1e-9);
  t = days->pdata[3];
  g_assert_cmpstr (t->key, ==, "2024-03-15");
  g_assert_cmpint (t->tokens, ==, 50);
  g_assert_cmpint (t->calls, ==, 2);
  g_assert_cmpfloat_with_epsilon (t->cost, 0.05, 1e-9);
  g_clear_pointer (&days, g_ptr_array_unref);

  /* Two days: the 12th falls out. */
  days = df_usage_by_day (f->store, f->profile->id, 2, &error);
  g_assert_cmpuint (days->len, ==, 2);
  g_assert_cmpstr (((DfUsageTotal *)days->pdata[0])->key, ==, "2024-03-14");

  agents = df_usage_by_agent (f->store, f->profile->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (agents->len, ==, 2);
  t = agents->pdata[0];
  g_assert_cmpstr (t->key, ==, "coach");
  g_assert_cmpint (t->tokens, ==, 350);
  g_assert_cmpint (t->calls, ==, 3);
  g_assert_cmpfloat_with_epsilon (t->cost, 0.3, 1e-9);
  t = agents->pdata[1];
  g_assert_cmpstr (t->key, ==, "continuity");
  g_assert_cmpint (t->tokens, ==, 50);
  g_assert_cmpint (t->calls, ==, 1);
}

/* ---- validation -------------------------------------------------------- */

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfCredits) c = NULL;
  DfUsage usage = { .agent = (char *)"coach", .model = (char *)"m", .status = (char *)"great" };

  g_assert_false (df_credits_set_budget (f->store, f->profile->id, -5, NULL, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  df_test_assert_contains (error->message, "token budget");
  df_test_assert_contains (error->message, "0 or more");
  g_clear_error (&error);

  g_assert_false (df_credits_set_budget (f->store, f->profile->id, 100, "yearly", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  df_test_assert_contains (error->message, "daily, weekly or monthly");
  df_test_assert_contains (error->message, "yearly");
  g_clear_error (&error);

  g_assert_false (df_credits_set_price (f->store, "m", -1, 1, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  df_test_assert_contains (error->message, "prompt price");
  g_clear_error (&error);
  g_assert_false (df_credits_set_price (f->store, "m", 1, NAN, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  df_test_assert_contains (error->message, "completion price");
  g_clear_error (&error);
  g_assert_false (df_credits_set_price (f->store, "", 1, 1, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  df_test_assert_contains (error->message, "model name");
  g_clear_error (&error);

  g_assert_false (df_credits_set_cost_cap (f->store, f->profile->id, INFINITY, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  df_test_assert_contains (error->message, "cost cap");
  g_clear_error (&error);

  g_assert_false (df_credits_reserve (f->store, f->profile->id, "m", -1, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (df_credits_settle (f->store, f->profile->id, 10, -3, 0, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  df_test_assert_contains (error->message, "tokens used");
  g_clear_error (&error);

  g_assert_null (df_credits_get (f->store, "no-such-profile", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (df_usage_log (f->store, &usage, &error), ==, 0);
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  df_test_assert_contains (error->message, "success, failed, timeout or rate_limited");
  g_clear_error (&error);

  /* Nothing was changed by the refusals. */
  c = get_credits (f);
  g_assert_cmpint (c->token_budget, ==, 0);
  g_assert_cmpstr (c->period, ==, "monthly");
  g_assert_cmpfloat (c->cost_cap, <, 0);
}

/* ---- the commands ------------------------------------------------------ */

typedef struct
{
  char *dir;
  char *db;
  char *runtime_dir;        /* an empty XDG_RUNTIME_DIR: no session bus */
} CliFixture;

static void
cli_setup (CliFixture    *f,
           gconstpointer  data)
{
  f->db = df_test_db_path_new ("credits-cli", &f->dir);
  f->runtime_dir = g_build_filename (f->dir, "runtime", NULL);
  g_mkdir (f->runtime_dir, 0700);
}

static void
cli_teardown (CliFixture    *f,
              gconstpointer  data)
{
  df_test_tmp_dir_free (f->dir);
  g_free (f->db);
  g_free (f->runtime_dir);
}

/* Runs the CLI on f->db with @args, @input on stdin, and @env
 * ("NAME=VALUE" to set, "NAME" to unset), never with a session bus. */
static DfTestRun *
run_env (CliFixture         *f,
         const char         *input,
         const char * const *env,
         const char * const *args)
{
  g_autofree char *runtime_dir = g_strconcat ("XDG_RUNTIME_DIR=", f->runtime_dir, NULL);
  const char * const isolated[] = {
    /* No Secret Service: the tests never reach a real keyring. */
    "DBUS_SESSION_BUS_ADDRESS", "DISPLAY", runtime_dir,
    "DRAFTFORGE_AI_BASE_URL", "DRAFTFORGE_AI_MODEL", "DRAFTFORGE_API_KEY",
    "DRAFTFORGE_TODAY=2024-03-13",
  };
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (isolated); i++)
    g_ptr_array_add (all, (gpointer) isolated[i]);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    g_ptr_array_add (all, (gpointer) env[i]);
  g_ptr_array_add (all, NULL);

  return df_test_run_cli (f->db, (const char * const *) all->pdata, input, args);
}

#define CLI(f, ...) run_env ((f), NULL, NULL, DF_TEST_STRV (__VA_ARGS__))

/* The JSON object a successful @run printed. */
static JsonObject *
parse_object (const DfTestRun *run)
{
  g_autoptr(JsonNode) node = df_test_run_json (run);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static void
assert_no_key (const DfTestRun *run)
{
  g_assert_null (strstr (run->out, TEST_KEY));
  g_assert_null (strstr (run->err, TEST_KEY));
  g_assert_null (strstr (run->out, "9f8e7d6c5b4a"));
  g_assert_null (strstr (run->err, "9f8e7d6c5b4a"));
}

static gboolean
bytes_contain (const char *data,
               gsize       len,
               const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; n <= len && i <= len - n; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* The database file and its journal do not hold @needle. */
static void
assert_not_in_db (CliFixture *f,
                  const char *needle)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (f->db, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (!g_file_get_contents (path, &contents, &len, NULL))
        continue;
      g_assert_false (bytes_contain (contents, len, needle));
    }
}

static void
test_cli_credits (CliFixture    *f,
                  gconstpointer  data)
{
  g_autoptr(DfTestRun) run = NULL;
  g_autoptr(JsonObject) obj = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;

  if (!df_test_have_cli ())
    return;

  /* No profile yet. */
  run = CLI (f, "credits", "show");
  df_test_assert_run_fails (run, 1, "Create a profile first: draftforge-cli profile new NAME");
  g_clear_pointer (&run, df_test_run_free);

  run = CLI (f, "profile", "new", "Ann");
  df_test_assert_run_ok (run);
  g_clear_pointer (&run, df_test_run_free);

  run = CLI (f, "credits", "show", "--json");
  obj = parse_object (run);
  g_assert_cmpint (json_object_get_int_member (obj, "token_budget"), ==, 0);
  g_assert_true (json_object_get_null_member (obj, "tokens_left"));
  g_assert_true (json_object_get_null_member (obj, "cost_cap"));
  g_assert_cmpstr (json_object_get_string_member (obj, "period"), ==, "monthly");
  g_clear_pointer (&obj, json_object_unref);
  g_clear_pointer (&run, df_test_run_free);

  run = CLI (f, "credits", "set-budget", "5000", "--period", "weekly");
  df_test_assert_run_ok (run);
  g_assert_cmpstr (run->out, ==, "");
  g_clear_pointer (&run, df_test_run_free);

  run = CLI (f, "credits", "set-cost-cap", "2.5");
  df_test_assert_run_ok (run);
  g_clear_pointer (&run, df_test_run_free);

  run = CLI (f, "credits", "set-price", "gpt-x", "0.5", "1.5");
  df_test_assert_run_ok (run);
  g_clear_pointer (&run, df_test_run_free);

  /* The commands' work, seen from the core; then some calls. */
  store = df_store_open (f->db, &error);
  g_assert_no_error (error);
  profile = df_profile_get_active (store, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (df_credits_cost (store, "gpt-x", 2000, 1000), 2.5, 1e-9);
  g_setenv ("DRAFTFORGE_TODAY", "2024-03-13", TRUE);
  g_assert_true (df_credits_reserve (store, profile->id, "gpt-x", 1000, &error));
  g_assert_true (df_credits_settle (store, profile->id, 1000, 900, 0.75, &error));
  g_assert_true (df_credits_reserve (store, profile->id, "gpt-x", 100, &error));
  g_assert_no_error (error);
  g_unsetenv ("DRAFTFORGE_TODAY");
  log_call (store, profile->id, "coach", "2024-03-12T12:00:00Z", 700, 200, 0.75, "success", NULL);
  log_call (store, profile->id, "continuity", "2024-03-13T09:00:00Z", 0, 0, 0, "rate_limited",
            "The provider is limiting requests; try again in a minute");
  g_clear_object (&store);

  run = CLI (f, "credits", "show", "--json");
  obj = parse_object (run);
  g_assert_cmpstr (json_object_get_string_member (obj, "profile"), ==, "Ann");
  g_assert_cmpstr (json_object_get_string_member (obj, "period"), ==, "weekly");
  g_assert_cmpstr (json_object_get_string_member (obj, "period_start"), ==, "2024-03-11");
  g_assert_cmpstr (json_object_get_string_member (obj, "period_end"), ==, "2024-03-18");
  g_assert_cmpint (json_object_get_int_member (obj, "token_budget"), ==, 5000);
  g_assert_cmpint (json_object_get_int_member (obj, "tokens_used"), ==, 900);
  g_assert_cmpint (json_object_get_int_member (obj, "tokens_reserved"), ==, 100);
  g_assert_cmpint (json_object_get_int_member (obj, "tokens_left"), ==, 4000);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (obj, "cost_cap"), 2.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (obj, "cost_used"), 0.75, 1e-9);
  g_clear_pointer (&obj, json_object_unref);
  g_clear_pointer (&run, df_test_run_free);

  run = CLI (f, "credits", "show");
  df_test_assert_run_ok (run);
  df_test_assert_contains (run->out, "5000 tokens a week");
  df_test_assert_contains (run->out, "renews on 2024-03-18");
  df_test_assert_contains (run->out, "Left:");
  df_test_assert_contains (run->out, "4000");
  df_test_assert_contains (run->out, "2.5000");
  g_clear_pointer (&run, df_test_run_free);

  /* The next week: renewed. */
  run = run_env (f, NULL, DF_TEST_STRV ("DRAFTFORGE_TODAY=2024-03-18"), DF_TEST_STRV ("credits", "show", "--json"));
  obj = parse_object (run);
  g_assert_cmpint (json_object_get_int_member (obj, "tokens_used"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (obj, "tokens_left"), ==, 4900);
  g_clear_pointer (&obj, json_object_unref);
  g_clear_pointer (&run, df_test_run_free);

  run = CLI (f, "credits", "history", "--json");
  node = df_test_run_json (run);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  obj = json_object_ref (json_array_get_object_element (array, 0));
  g_assert_cmpstr (json_object_get_string_member (obj, "agent"), ==, "continuity");
  g_assert_cmpstr (json_object_get_string_member (obj, "status"), ==, "rate_limited");
  df_test_assert_contains (json_object_get_string_member (obj, "error"), "limiting requests");
  g_clear_pointer (&obj, json_object_unref);
  obj = json_object_ref (json_array_get_object_element (array, 1));
  g_assert_cmpstr (json_object_get_string_member (obj, "agent"), ==, "coach");
  g_assert_cmpint (json_object_get_int_member (obj, "prompt_tokens"), ==, 700);
  g_assert_cmpint (json_object_get_int_member (obj, "completion_tokens"), ==, 200);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (obj, "cost"), 0.75, 1e-9);
  g_clear_pointer (&obj, json_object_unref);
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&run, df_test_run_free);

  run = CLI (f, "credits", "history");
  df_test_assert_run_ok (run);
  df_test_assert_contains (run->out, "DATE");
  df_test_assert_contains (run->out, "2024-03-12 12:00");
  df_test_assert_contains (run->out, "coach");
  df_test_assert_contains (run->out, "900");
  df_test_assert_contains (run->out, "0.7500");
  df_test_assert_contains (run->out, "rate_limited");
  g_clear_pointer (&run, df_test_run_free);

  run = CLI (f, "credits", "history", "--limit", "1", "--json");
  node = df_test_run_json (run);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&run, df_test_run_free);

  /* Removing the cap. */
  run = CLI (f, "credits", "set-cost-cap", "none");
  df_test_assert_run_ok (run);
  g_clear_pointer (&run, df_test_run_free);
  run = CLI (f, "credits", "show", "--json");
  obj = parse_object (run);
  g_assert_true (json_object_get_null_member (obj, "cost_cap"));
  g_clear_pointer (&obj, json_object_unref);
  g_clear_pointer (&run, df_test_run_free);

  /* Bad values: usage errors name the argument; the core names the
   * allowed periods. */
  run = CLI (f, "credits", "set-budget", "-5");
  g_assert_cmpint (run->status, ==, 2);
  g_clear_pointer (&run, df_test_run_free);
  run = CLI (f, "credits", "set-budget", "lots");
  g_assert_cmpint (run->status, ==, 2);
  df_test_assert_contains (run->err, "TOKENS");
  g_clear_pointer (&run, df_test_run_free);
  run = CLI (f, "credits", "set-budget", "10", "--period", "yearly");
  df_test_assert_run_fails (run, 1, "daily, weekly or monthly");
  g_clear_pointer (&run, df_test_run_free);
  run = CLI (f, "credits", "set-cost-cap", "cheap");
  g_assert_cmpint (run->status, ==, 2);
  df_test_assert_contains (run->err, "none");
  g_clear_pointer (&run, df_test_run_free);
  run = CLI (f, "credits", "set-price", "gpt-x", "free", "2");
  g_assert_cmpint (run->status, ==, 2);
  df_test_assert_contains (run->err, "PROMPT_PER_1K");
  g_clear_pointer (&run, df_test_run_free);

  /* Nothing changed by the refusals. */
  run = CLI (f, "credits", "show", "--json");
  obj = parse_object (run);
  g_assert_cmpint (json_object_get_int_member (obj, "token_budget"), ==, 5000);
  g_assert_cmpstr (json_object_get_string_member (obj, "period"), ==, "weekly");
}

static void
test_cli_ai (CliFixture    *f,
             gconstpointer  data)
{
  g_autoptr(DfTestRun) run = NULL;
  g_autoptr(JsonObject) obj = NULL;

  if (!df_test_have_cli ())
    return;

  /* No profile yet: settings need one. */
  run = CLI (f, "ai", "set", "model", "tiny");
  df_test_assert_run_fails (run, 1, "Create a profile first: draftforge-cli profile new NAME");
  g_clear_pointer (&run, df_test_run_free);

  run = CLI (f, "profile", "new", "Ann");
  df_test_assert_run_ok (run);
  g_clear_pointer (&run, df_test_run_free);

  run = CLI (f, "ai", "show", "--json");
  obj = parse_object (run);
  g_assert_true (json_object_get_null_member (obj, "base_url"));
  g_assert_true (json_object_get_null_member (obj, "model"));
  g_assert_false (json_object_get_boolean_member (obj, "key_set"));
  g_clear_pointer (&obj, json_object_unref);
  g_clear_pointer (&run, df_test_run_free);

  run = CLI (f, "ai", "set", "base-url", "http://127.0.0.1:9/v1");
  df_test_assert_run_ok (run);
  g_clear_pointer (&run, df_test_run_free);
  run = CLI (f, "ai", "set", "model", "tiny");
  df_test_assert_run_ok (run);
  g_clear_pointer (&run, df_test_run_free);

  run = CLI (f, "ai", "show", "--json");
  obj = parse_object (run);
  g_assert_cmpstr (json_object_get_string_member (obj, "profile"), ==, "Ann");
  g_assert_cmpstr (json_object_get_string_member (obj, "base_url"), ==, "http://127.0.0.1:9/v1");
  g_assert_cmpstr (json_object_get_string_member (obj, "base_url_source"), ==, "settings");
  g_assert_cmpstr (json_object_get_string_member (obj, "model"), ==, "tiny");
  g_assert_cmpstr (json_object_get_string_member (obj, "model_source"), ==, "settings");
  /* No Secret Service and no DRAFTFORGE_API_KEY: no key, and no error. */
  g_assert_false (json_object_get_boolean_member (obj, "key_set"));
  g_assert_true (json_object_get_null_member (obj, "key_source"));
  g_clear_pointer (&obj, json_object_unref);
  g_clear_pointer (&run, df_test_run_free);

  /* The environment overrides the settings; the key is only "set". */
  run = run_env (f, NULL,
                 DF_TEST_STRV ("DRAFTFORGE_AI_MODEL=env-model", "DRAFTFORGE_API_KEY=" TEST_KEY),
                 DF_TEST_STRV ("ai", "show", "--json"));
  df_test_assert_run_ok (run);
  assert_no_key (run);
  obj = parse_object (run);
  g_assert_cmpstr (json_object_get_string_member (obj, "model"), ==, "env-model");
  g_assert_cmpstr (json_object_get_string_member (obj, "model_source"), ==, "environment");
  g_assert_cmpstr (json_object_get_string_member (obj, "base_url_source"), ==, "settings");
  g_assert_true (json_object_get_boolean_member (obj, "key_set"));
  g_assert_cmpstr (json_object_get_string_member (obj, "key_source"), ==, "environment");
  g_clear_pointer (&obj, json_object_unref);
  g_clear_pointer (&run, df_test_run_free);

  run = run_env (f, NULL,
                 DF_TEST_STRV ("DRAFTFORGE_AI_BASE_URL=http://127.0.0.1:8/v1", "DRAFTFORGE_API_KEY=" TEST_KEY),
                 DF_TEST_STRV ("ai", "show"));
  df_test_assert_run_ok (run);
  assert_no_key (run);
  df_test_assert_contains (run->out, "http://127.0.0.1:8/v1");
  df_test_assert_contains (run->out, "DRAFTFORGE_AI_BASE_URL");
  df_test_assert_contains (run->out, "DRAFTFORGE_API_KEY");
  df_test_assert_contains (run->out, "tiny");
  df_test_assert_contains (run->out, "profile “Ann”");
  g_clear_pointer (&run, df_test_run_free);

  /* Bad settings. */
  run = CLI (f, "ai", "set", "temperature", "1");
  g_assert_cmpint (run->status, ==, 2);
  df_test_assert_contains (run->err, "base-url or model");
  g_clear_pointer (&run, df_test_run_free);
  run = CLI (f, "ai", "set", "base-url", "ftp://example.org");
  df_test_assert_run_fails (run, 1, NULL);
  g_clear_pointer (&run, df_test_run_free);

  /* The key as an argument is refused, and not repeated. */
  run = run_env (f, NULL, NULL, DF_TEST_STRV ("ai", "set-key", "sk-abc"));
  g_assert_cmpint (run->status, ==, 2);
  df_test_assert_contains (run->err, "history");
  g_assert_null (strstr (run->err, "sk-abc"));
  g_assert_null (strstr (run->out, "sk-abc"));
  g_clear_pointer (&run, df_test_run_free);

  /* No Secret Service: storing fails, saying what to do instead, and the
   * key is nowhere. */
  run = run_env (f, TEST_KEY "\n", NULL, DF_TEST_STRV ("ai", "set-key"));
  df_test_assert_run_fails (run, 1, "DRAFTFORGE_API_KEY");
  df_test_assert_contains (run->err, "keyring");
  assert_no_key (run);
  g_clear_pointer (&run, df_test_run_free);

  /* An empty key is refused. */
  run = run_env (f, "\n", NULL, DF_TEST_STRV ("ai", "set-key"));
  df_test_assert_run_fails (run, 1, "No API key");
  g_clear_pointer (&run, df_test_run_free);

  /* The key given through the environment reached no file either. */
  assert_not_in_db (f, TEST_KEY);
  assert_not_in_db (f, "9f8e7d6c5b4a");
}

int
main (int    argc,
      char **argv)
{
  /* Days in the usage log are local days: make them UTC's. */
  g_setenv ("TZ", "UTC", TRUE);
  tzset ();
  g_test_init (&argc, &argv, NULL);

  DF_TEST_ADD ("/credits/defaults", test_defaults);
  DF_TEST_ADD ("/credits/reserve-settle-release", test_reserve_settle_release);
  DF_TEST_ADD ("/credits/refusal", test_refusal);
  DF_TEST_ADD ("/credits/bonus", test_bonus);
  DF_TEST_ADD ("/credits/cost-cap", test_cost_cap);
  DF_TEST_ADD ("/credits/rollover", test_rollover);
  DF_TEST_ADD ("/credits/rollover-on-reserve", test_rollover_on_reserve);
  DF_TEST_ADD ("/credits/concurrent", test_concurrent);
  DF_TEST_ADD ("/credits/usage-log", test_usage_log);
  DF_TEST_ADD ("/credits/validation", test_validation);
  g_test_add ("/credits/cli/credits", CliFixture, NULL, cli_setup, test_cli_credits, cli_teardown);
  g_test_add ("/credits/cli/ai", CliFixture, NULL, cli_setup, test_cli_ai, cli_teardown);

  return g_test_run ();
}
