/* df-personalize-book.c: a whole-book run, and its estimate first
 *
 * The estimate counts the chapters not yet in the cache for the reader
 * and sets their tokens against the profile's budget ("about 180,000
 * tokens, 35% of this month's budget").  The run rewrites them one after
 * the other (df_personalize_rewrite: each request reserves its credits
 * and is settled with the reported usage); a chapter the model fails is
 * reported and the run goes on, while a budget refusal, a provider that
 * cannot be used, or Stop ends it with the chapters done kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "df-credits.h"
#include "df-personalize-private.h"

static const char * const status_names[] = { "done", "cached", "failed", "skipped" };

/* ---- helpers ----------------------------------------------------------- */

/* @n in groups of three digits, with the locale's separator (a comma
 * where the locale has none, as in C): "180,000". */
static char *
grouped (gint64 n)
{
  const char *sep = localeconv ()->thousands_sep;
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, ABS (n));
  GString *out = g_string_new (n < 0 ? "-" : "");
  gsize len = strlen (digits);

  if (sep == NULL || *sep == '\0')
    sep = ",";
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, sep);
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

/* Errors after which the next chapter would fail the same way. */
static gboolean
stops_the_run (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return TRUE;
  if (error->domain != DF_AI_ERROR)
    return TRUE;
  switch (error->code)
    {
    case DF_AI_ERROR_BAD_RESPONSE:
    case DF_AI_ERROR_TRUNCATED:
      return FALSE;
    default:
      return TRUE;
    }
}

static DfPersonalizeItem *
item_new (const DfChapter *chapter)
{
  DfPersonalizeItem *item = g_new0 (DfPersonalizeItem, 1);

  item->chapter_id = chapter->id;
  item->number = chapter->number;
  item->title = g_strdup (chapter->title);
  item->status = DF_PERSONALIZE_SKIPPED;
  return item;
}

/* ---- public API ------------------------------------------------------- */

const char *
df_personalize_status_to_string (DfPersonalizeStatus status)
{
  return status_names[CLAMP (status, DF_PERSONALIZE_DONE, DF_PERSONALIZE_SKIPPED)];
}

void
df_personalize_item_free (DfPersonalizeItem *item)
{
  if (item == NULL)
    return;
  g_free (item->title);
  g_clear_pointer (&item->result, df_personalized_free);
  g_clear_error (&item->error);
  g_free (item);
}

void
df_personalize_estimate_free (DfPersonalizeEstimate *estimate)
{
  if (estimate == NULL)
    return;
  g_free (estimate->period);
  g_free (estimate->renews);
  g_free (estimate);
}

DfPersonalizeEstimate *
df_personalize_book_estimate (DfStore            *store,
                              const DfProfile    *profile,
                              GPtrArray          *chapters,
                              DfPersonalizeKind   kind,
                              const char         *model,
                              GError            **error)
{
  g_autoptr(DfPersonalizeEstimate) estimate = g_new0 (DfPersonalizeEstimate, 1);
  g_autoptr(DfCredits) credits = NULL;

  g_return_val_if_fail (profile != NULL && chapters != NULL, NULL);

  if (df_personalize_cache_expire (store, error) < 0)
    return NULL;
  for (guint i = 0; i < chapters->len; i++)
    {
      GError *local_error = NULL;
      g_autoptr(DfPersonalized) cached = df_personalize_cache_lookup (store, profile, chapters->pdata[i], kind,
                                                                      model, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      if (cached != NULL)
        estimate->cached++;
      else
        {
          estimate->chapters++;
          estimate->tokens += df_personalize_estimate (chapters->pdata[i]);
        }
    }
  credits = df_credits_get (store, profile->id, error);
  if (credits == NULL)
    return NULL;
  estimate->period = g_strdup (credits->period);
  estimate->renews = g_strdup (credits->period_end);
  if (credits->token_budget > 0)
    {
      estimate->budget = credits->token_budget + credits->bonus_tokens;
      estimate->left = MAX (estimate->budget - credits->tokens_used - credits->tokens_reserved, 0);
    }
  return g_steal_pointer (&estimate);
}

gboolean
df_personalize_estimate_fits (const DfPersonalizeEstimate *estimate)
{
  return estimate->budget <= 0 || estimate->tokens <= estimate->left;
}

char *
df_personalize_estimate_describe (const DfPersonalizeEstimate *e)
{
  g_autofree char *tokens = grouped (e->tokens);
  g_autofree char *first = NULL;
  g_autofree char *left = NULL;
  GString *text = g_string_new (NULL);
  int share;

  if (e->chapters == 0)
    return g_strdup (_("Every chapter is already personalized for this reader: nothing to ask for"));
  first = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "About %s tokens for %u chapter",
                                        "About %s tokens for %u chapters", e->chapters),
                           tokens, e->chapters);
  if (e->budget <= 0)
    /* Translators: %s is "About 180,000 tokens for 12 chapters" */
    g_string_printf (text, _("%s (no token budget is set)"), first);
  else
    {
      share = (int)((e->tokens * 100 + e->budget / 2) / e->budget);
      if (g_strcmp0 (e->period, "daily") == 0)
        /* Translators: %s is "About 180,000 tokens for 12 chapters", %d%% the share of the budget */
        g_string_printf (text, _("%s, %d%% of today's budget"), first, share);
      else if (g_strcmp0 (e->period, "weekly") == 0)
        /* Translators: %s is "About 180,000 tokens for 12 chapters", %d%% the share of the budget */
        g_string_printf (text, _("%s, %d%% of this week's budget"), first, share);
      else
        /* Translators: %s is "About 180,000 tokens for 12 chapters", %d%% the share of the budget */
        g_string_printf (text, _("%s, %d%% of this month's budget"), first, share);
    }
  if (!df_personalize_estimate_fits (e))
    {
      left = grouped (e->left);
      /* Translators: the tokens left in the budget, and the day it renews */
      g_string_append_printf (text, _("; only %s are left (it renews on %s)"), left, e->renews);
    }
  return g_string_free (text, FALSE);
}

GPtrArray *
df_personalize_book (DfStore                    *store,
                     const DfAiConfig           *config,
                     const DfProfile            *profile,
                     GPtrArray                  *chapters,
                     const DfPersonalizeOptions *options,
                     DfPersonalizeBookFunc       progress,
                     gpointer                    progress_data,
                     GCancellable               *cancellable,
                     gboolean                   *ok_out)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)df_personalize_item_free);
  g_autoptr(GArray) todo = g_array_new (FALSE, FALSE, sizeof (guint));
  gboolean ok = TRUE, stopped = FALSE;
  GError *stop = NULL;

  /* First what the cache has: those need no request. */
  for (guint i = 0; i < chapters->len; i++)
    {
      DfPersonalizeItem *item = item_new (chapters->pdata[i]);

      item->result = df_personalize_cache_lookup (store, profile, chapters->pdata[i], options->kind,
                                                  config != NULL ? config->model : NULL, &item->error);
      if (item->result != NULL)
        item->status = DF_PERSONALIZE_CACHED;
      else if (item->error == NULL)
        g_array_append_val (todo, i);
      else
        item->status = DF_PERSONALIZE_FAILED, ok = FALSE;
      g_ptr_array_add (items, item);
    }
  for (guint k = 0; k < todo->len; k++)
    {
      guint i = g_array_index (todo, guint, k);
      DfPersonalizeItem *item = items->pdata[i];

      if (stopped)
        {
          item->error = g_error_copy (stop);
          continue;
        }
      if (progress != NULL)
        progress (k, todo->len, NULL, progress_data);
      item->result = df_personalize_rewrite (store, config, profile, chapters->pdata[i], options,
                                             cancellable, &item->error);
      item->status = item->result != NULL ? DF_PERSONALIZE_DONE : DF_PERSONALIZE_FAILED;
      if (item->result == NULL)
        {
          ok = FALSE;
          if (stops_the_run (item->error))
            stopped = TRUE, stop = item->error;
        }
      if (progress != NULL)
        progress (k, todo->len, item, progress_data);
    }
  if (ok_out != NULL)
    *ok_out = ok;
  return g_steal_pointer (&items);
}
