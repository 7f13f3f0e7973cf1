/* cli-credits.c: credits show, set-budget, set-cost-cap, set-price, history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "cli-private.h"
#include "df-credits.h"

/* ---- credits show -------------------------------------------------------- */

/* The profile's credits (the data is the profile's name). */
static void
get_profile (gconstpointer  record,
             gconstpointer  data,
             CliValue      *value)
{
  cli_value_set_string (value, data);
}

static gint64
tokens_left (const DfCredits *credits)
{
  return MAX (credits->token_budget + credits->bonus_tokens
              - credits->tokens_used - credits->tokens_reserved, 0);
}

static void
get_tokens_left (gconstpointer  record,
                 gconstpointer  data,
                 CliValue      *value)
{
  const DfCredits *credits = record;

  if (credits->token_budget > 0)
    cli_value_set_int (value, tokens_left (credits));
}

static void
get_cost_cap (gconstpointer  record,
              gconstpointer  data,
              CliValue      *value)
{
  const DfCredits *credits = record;

  if (credits->cost_cap >= 0)
    cli_value_set_double (value, credits->cost_cap);
}

static const CliField credits_field_list[] = {
  CLI_COMPUTED ("profile", get_profile),
  CLI_MEMBER (DfCredits, "period", period, CLI_STRING),
  CLI_MEMBER (DfCredits, "period_start", period_start, CLI_STRING),
  CLI_MEMBER (DfCredits, "period_end", period_end, CLI_STRING),
  CLI_MEMBER (DfCredits, "token_budget", token_budget, CLI_INT),
  CLI_MEMBER (DfCredits, "bonus_tokens", bonus_tokens, CLI_INT),
  CLI_MEMBER (DfCredits, "tokens_used", tokens_used, CLI_INT),
  CLI_MEMBER (DfCredits, "tokens_reserved", tokens_reserved, CLI_INT),
  CLI_COMPUTED ("tokens_left", get_tokens_left),
  CLI_COMPUTED ("cost_cap", get_cost_cap),
  CLI_MEMBER (DfCredits, "cost_used", cost_used, CLI_DOUBLE),
};

static const CliFields credits_fields = CLI_FIELDS (credits_field_list);

static const char *
period_noun (const char *period)
{
  if (g_strcmp0 (period, "daily") == 0)
    return _("day");
  if (g_strcmp0 (period, "weekly") == 0)
    return _("week");
  return _("month");
}

static void
get_period_text (gconstpointer  record,
                 gconstpointer  data,
                 CliValue      *value)
{
  const DfCredits *credits = record;

  cli_value_take_string (value, g_strdup_printf (_("%s, from %s (renews on %s)"), credits->period,
                                                 credits->period_start, credits->period_end));
}

static void
get_budget_text (gconstpointer  record,
                 gconstpointer  data,
                 CliValue      *value)
{
  const DfCredits *credits = record;

  if (credits->token_budget == 0)
    cli_value_set_string (value, _("no limit"));
  else if (credits->bonus_tokens > 0)
    cli_value_take_string (value, g_strdup_printf (_("%" PRId64 " tokens a %s, plus %" PRId64 " bonus tokens"),
                                                   credits->token_budget, period_noun (credits->period),
                                                   credits->bonus_tokens));
  else
    cli_value_take_string (value, g_strdup_printf (_("%" PRId64 " tokens a %s"),
                                                   credits->token_budget, period_noun (credits->period)));
}

static const CliColumn credits_detail_list[] = {
  { N_("Profile:"), "profile", 0 },
  { N_("Period:"), NULL, 0, get_period_text },
  { N_("Budget:"), NULL, 0, get_budget_text },
  { N_("Used:"), "tokens_used", 0 },
  { N_("Reserved:"), "tokens_reserved", 0 },
  { N_("Left:"), "tokens_left", 0, NULL, N_("no limit") },
  { N_("Cost cap:"), "cost_cap", 0, NULL, N_("none") },
  { N_("Cost used:"), "cost_used", 0 },
};

static const CliView credits_details = CLI_VIEW (credits_detail_list);

static const GOptionEntry credits_show_entries[] = {
  CLI_OPTION_PROFILE (N_("Show profile NAME's credits instead of the active one's")),
  CLI_OPTION_JSON,
  G_OPTION_ENTRY_NULL
};

static gboolean
credits_show (Cli     *cli,
              char   **args,
              GError **error)
{
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(DfCredits) credits = NULL;

  profile = cli_profile (cli, cli_opt_profile, CLI_PROFILE_REQUIRED_AI, error);
  if (profile == NULL)
    return FALSE;
  credits = df_credits_get (cli->store, profile->id, error);
  if (credits == NULL)
    return FALSE;

  cli_print_record (&credits_fields, &credits_details, credits, profile->display_name);
  return TRUE;
}

const CliBuiltin cli_credits_show = {
  "", 0, 0, credits_show_entries,
  N_("Shows the token budget of the current period, what is used, reserved by "
     "calls still running and left, when the period renews, and the cost cap."),
  credits_show,
};

/* ---- the budget, the cost cap and prices --------------------------------- */

static char *opt_period;

static const GOptionEntry credits_set_budget_entries[] = {
  { "period", 0, 0, G_OPTION_ARG_STRING, &opt_period, N_("The budget's period: daily, weekly (from Monday) or monthly (from the 1st)"), N_("PERIOD") },
  CLI_OPTION_PROFILE (N_("Change profile NAME instead of the active one")),
  G_OPTION_ENTRY_NULL
};

static gboolean
credits_set_budget (Cli     *cli,
                    char   **args,
                    GError **error)
{
  g_autoptr(DfProfile) profile = NULL;
  gint64 tokens;

  if (!cli_parse_number ("TOKENS", args[0], 0, G_MAXINT64, &tokens, error))
    return FALSE;

  profile = cli_profile (cli, cli_opt_profile, CLI_PROFILE_REQUIRED_AI, error);
  return profile != NULL &&
         df_credits_set_budget (cli->store, profile->id, tokens, opt_period, error);
}

const CliBuiltin cli_credits_set_budget = {
  N_("TOKENS"), 1, 1, credits_set_budget_entries,
  N_("Sets the tokens the AI helpers may use each period (0: no limit).  "
     "Without --period the period stays as it is (monthly at first)."),
  credits_set_budget,
};

static gboolean
credits_set_cost_cap (Cli     *cli,
                      char   **args,
                      GError **error)
{
  g_autoptr(DfProfile) profile = NULL;
  double cap;

  if (!cli_parse_amount ("AMOUNT", args[0], TRUE, &cap, error))
    return FALSE;

  profile = cli_profile (cli, cli_opt_profile, CLI_PROFILE_REQUIRED_AI, error);
  return profile != NULL && df_credits_set_cost_cap (cli->store, profile->id, cap, error);
}

const CliBuiltin cli_credits_set_cost_cap = {
  N_("AMOUNT|none"), 1, 1, cli_change_profile_options,
  N_("Sets the most the AI helpers may cost each period, in the currency of "
     "your prices (see “credits set-price”), or removes the cap with “none”."),
  credits_set_cost_cap,
};

static gboolean
credits_set_price (Cli     *cli,
                   char   **args,
                   GError **error)
{
  double prompt_price, completion_price;

  return cli_parse_amount ("PROMPT_PER_1K", args[1], FALSE, &prompt_price, error) &&
         cli_parse_amount ("COMPLETION_PER_1K", args[2], FALSE, &completion_price, error) &&
         cli_open (cli, error) &&
         df_credits_set_price (cli->store, args[0], prompt_price, completion_price, error);
}

const CliBuiltin cli_credits_set_price = {
  N_("MODEL PROMPT_PER_1K COMPLETION_PER_1K"), 3, 3, NULL,
  N_("Sets what 1,000 tokens of MODEL cost, for the prompt and for the answer, "
     "as your provider lists them; the cost cap counts with these prices."),
  credits_set_price,
};

/* ---- credits history ----------------------------------------------------- */

/* The tokens of a call, "~" marking an estimate. */
static void
get_tokens_text (gconstpointer  record,
                 gconstpointer  data,
                 CliValue      *value)
{
  const DfUsage *u = record;

  cli_value_take_string (value, g_strdup_printf ("%s%" PRId64, u->tokens_estimated ? "~" : "",
                                                 u->prompt_tokens + u->completion_tokens));
}

static const CliField usage_field_list[] = {
  CLI_MEMBER (DfUsage, "id", id, CLI_INT),
  CLI_MEMBER (DfUsage, "created_at", created_at, CLI_STRING),
  CLI_MEMBER (DfUsage, "agent", agent, CLI_STRING),
  CLI_MEMBER (DfUsage, "model", model, CLI_STRING),
  CLI_MEMBER (DfUsage, "provider", provider, CLI_STRING),
  CLI_MEMBER (DfUsage, "prompt_tokens", prompt_tokens, CLI_INT),
  CLI_MEMBER (DfUsage, "completion_tokens", completion_tokens, CLI_INT),
  CLI_MEMBER (DfUsage, "tokens_estimated", tokens_estimated, CLI_BOOL),
  CLI_MEMBER (DfUsage, "cost", cost, CLI_DOUBLE),
  CLI_MEMBER (DfUsage, "status", status, CLI_STRING),
  CLI_MEMBER (DfUsage, "error", error, CLI_STRING),
  CLI_MEMBER (DfUsage, "response_time_ms", response_time_ms, CLI_INT),
};

static const CliFields usage_fields = CLI_FIELDS (usage_field_list);

static const CliColumn usage_column_list[] = {
  { N_("DATE"), "created_at", CLI_CELL_TIME },
  { N_("AGENT"), "agent", 0 },
  { N_("MODEL"), "model", CLI_CELL_DASH },
  { N_("TOKENS"), NULL, CLI_CELL_RIGHT, get_tokens_text },
  { N_("COST"), "cost", CLI_CELL_RIGHT },
  { N_("STATUS"), "status", 0 },
  { N_("ERROR"), "error", CLI_CELL_DASH },
};

static const CliView usage_columns = CLI_VIEW (usage_column_list);

static char *opt_limit;

static const GOptionEntry credits_history_entries[] = {
  { "limit", 0, 0, G_OPTION_ARG_STRING, &opt_limit, N_("At most N calls (default: 20; 0: all)"), N_("N") },
  CLI_OPTION_PROFILE (N_("Show profile NAME's calls instead of the active one's")),
  CLI_OPTION_JSON,
  G_OPTION_ENTRY_NULL
};

static gboolean
credits_history (Cli     *cli,
                 char   **args,
                 GError **error)
{
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  gint64 limit = 20;

  if (opt_limit != NULL && !cli_parse_number ("--limit", opt_limit, 0, 100000, &limit, error))
    return FALSE;

  profile = cli_profile (cli, cli_opt_profile, CLI_PROFILE_REQUIRED_AI, error);
  if (profile == NULL)
    return FALSE;
  calls = df_usage_history (cli->store, profile->id, (guint)limit, error);
  if (calls == NULL)
    return FALSE;

  if (!cli_print_list (&usage_fields, &usage_columns, calls, NULL))
    cli_out (_("No AI calls yet.\n"));
  return TRUE;
}

const CliBuiltin cli_credits_history = {
  "", 0, 0, credits_history_entries,
  N_("Lists the AI calls, newest first: when, which helper, the model, the "
     "tokens (~ marks an estimate), the cost, and how it went."),
  credits_history,
};
