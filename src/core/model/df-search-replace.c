/* df-search-replace.c: replacing a word or phrase across a project
 *
 * What the user typed is one phrase of whole words, matched as search
 * matches them (accents and case folded), in the chapters' text only,
 * never their titles.  Each replacement takes the case of what it
 * replaces (a capital at a sentence's start stays one).  Every chapter
 * changed is saved as any save is, its text before kept as a revision,
 * and the whole replace is one transaction: it happens in every chapter
 * or in none.  df_search_replace_undo puts the texts back, keeping any
 * text written since as a conflict revision (df_chapter_save_merging).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "df-model-private.h"
#include "df-search-private.h"

/* A chapter to replace in, read before anything is written. */
typedef struct
{
  gint64  id;
  gint64  number;
  char   *title;
  char   *text;
} Candidate;

static void
candidate_free (Candidate *candidate)
{
  g_free (candidate->title);
  g_free (candidate->text);
  g_free (candidate);
}

void
df_replace_change_free (DfReplaceChange *change)
{
  if (change == NULL)
    return;
  g_free (change->chapter_title);
  g_free (change->text_before);
  g_free (change->hash_before);
  g_free (change->hash_after);
  g_free (change);
}

static gboolean
collect_span (const DfSearchSpan *span,
              gpointer            user_data)
{
  g_array_append_val ((GArray *)user_data, *span);
  return TRUE;
}

/* Whether every letter of @text[0, @len) is a capital (and it has two). */
static gboolean
all_capitals (const char *text,
              gsize       len)
{
  guint letters = 0;

  for (const char *p = text; p < text + len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalpha (c))
        continue;
      if (!g_unichar_isupper (c))
        return FALSE;
      letters++;
    }
  return letters >= 2;
}

/* Appends @replacement in the case of @found: all capitals if it is in
 * capitals, a capital first if it starts with one, else as typed. */
static void
append_in_case_of (GString    *out,
                   const char *found,
                   gsize       len,
                   const char *replacement)
{
  gunichar first = g_utf8_get_char (found);
  gunichar own = g_utf8_get_char (replacement);

  if (*replacement == '\0')
    return;
  if (all_capitals (found, len))
    {
      g_autofree char *upper = g_utf8_strup (replacement, -1);

      g_string_append (out, upper);
    }
  else if (g_unichar_isupper (first) && g_unichar_islower (own))
    {
      g_string_append_unichar (out, g_unichar_totitle (own));
      g_string_append (out, g_utf8_next_char (replacement));
    }
  else
    g_string_append (out, replacement);
}

/* @text with each occurrence of @query replaced; NULL if none (then
 * *@count is 0). */
static char *
replace_in (const DfSearchQuery *query,
            const char          *replacement,
            const char          *text,
            gint64              *count)
{
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (DfSearchSpan));
  GString *out;
  gsize at = 0;

  *count = _df_search_scan (query, text, strlen (text), collect_span, spans);
  if (*count == 0)
    return NULL;

  out = g_string_sized_new (strlen (text));
  for (guint i = 0; i < spans->len; i++)
    {
      const DfSearchSpan *span = &g_array_index (spans, DfSearchSpan, i);

      g_string_append_len (out, text + at, span->start_byte - at);
      append_in_case_of (out, text + span->start_byte, span->end_byte - span->start_byte, replacement);
      at = span->end_byte;
    }
  g_string_append (out, text + at);
  return g_string_free (out, FALSE);
}

static gboolean
check_replacement (const char  *replacement,
                   GError     **error)
{
  if (replacement == NULL || !g_utf8_validate (replacement, -1, NULL))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("The replacement must be valid UTF-8 text"));
      return FALSE;
    }
  return TRUE;
}

char *
df_search_replace_text (const char  *query,
                        const char  *replacement,
                        const char  *text,
                        gint64      *count,
                        GError     **error)
{
  g_autoptr(DfSearchQuery) parsed = NULL;
  char *replaced;
  gint64 n;

  g_return_val_if_fail (text != NULL, NULL);

  if (!check_replacement (replacement, error) ||
      (parsed = _df_search_parse (query, TRUE, error)) == NULL)
    return NULL;
  replaced = replace_in (parsed, replacement, text, &n);
  if (count != NULL)
    *count = n;
  return replaced != NULL ? replaced : g_strdup (text);
}

/* The project's chapters that may hold @query, in reading order, read
 * whole before anything is written. */
static GPtrArray *
read_candidates (DfStore              *store,
                 gint64                project_id,
                 const DfSearchQuery  *query,
                 GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify)candidate_free);

  stmt = _df_search_prepare_candidates (store, project_id, query, error);
  if (stmt == NULL)
    return NULL;
  while (df_store_step (store, stmt, error))
    {
      Candidate *candidate = g_new0 (Candidate, 1);

      candidate->id = sqlite3_column_int64 (stmt, 0);
      candidate->number = sqlite3_column_int64 (stmt, 1);
      candidate->title = _df_col_text (stmt, 2);
      candidate->text = _df_col_text (stmt, 3);
      g_ptr_array_add (candidates, candidate);
    }
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&candidates);
}

/* Replaces in one chapter; a change added to @changes if it held any. */
static gboolean
replace_chapter (DfStore              *store,
                 const DfSearchQuery  *query,
                 const char           *replacement,
                 Candidate            *candidate,
                 gboolean              dry_run,
                 GPtrArray            *changes,
                 GError              **error)
{
  g_autofree char *replaced = NULL;
  g_autofree char *hash = NULL;
  DfSaveOutcome outcome = { 0 };
  DfReplaceChange *change;
  gint64 count;

  if (candidate->text == NULL)
    return TRUE;
  replaced = replace_in (query, replacement, candidate->text, &count);
  if (replaced == NULL)
    return TRUE;

  hash = df_sha256_hex (candidate->text, -1);
  if (!dry_run && !df_chapter_save_merging (store, candidate->id, replaced, hash, &outcome, error))
    return FALSE;

  change = g_new0 (DfReplaceChange, 1);
  change->chapter_id = candidate->id;
  change->chapter_number = candidate->number;
  change->chapter_title = g_strdup (candidate->title);
  change->count = count;
  change->text_before = g_steal_pointer (&candidate->text);
  change->hash_before = g_steal_pointer (&hash);
  change->hash_after = g_steal_pointer (&outcome.hash);
  g_ptr_array_add (changes, change);
  df_save_outcome_clear (&outcome);
  return TRUE;
}

GPtrArray *
df_search_replace (DfStore       *store,
                   gint64         project_id,
                   const char    *query,
                   const char    *replacement,
                   gint64         except_chapter_id,
                   gboolean       dry_run,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(DfSearchQuery) parsed = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify)df_replace_change_free);
  gboolean ok = TRUE;

  if (!check_replacement (replacement, error) ||
      (parsed = _df_search_parse (query, TRUE, error)) == NULL)
    return NULL;

  if (!df_store_begin (store, error))
    return NULL;
  candidates = read_candidates (store, project_id, parsed, error);
  ok = candidates != NULL;
  for (guint i = 0; ok && i < candidates->len; i++)
    {
      Candidate *candidate = candidates->pdata[i];

      if (candidate->id == except_chapter_id)
        continue;
      ok = !g_cancellable_set_error_if_cancelled (cancellable, error) &&
           replace_chapter (store, parsed, replacement, candidate, dry_run, changes, error);
    }
  if (!df_store_end (store, ok, error))
    return NULL;
  return g_steal_pointer (&changes);
}

gboolean
df_search_replace_undo (DfStore    *store,
                        GPtrArray  *changes,
                        GError    **error)
{
  gboolean ok = TRUE;

  if (!df_store_begin (store, error))
    return FALSE;
  for (guint i = 0; ok && i < changes->len; i++)
    {
      const DfReplaceChange *change = changes->pdata[i];

      ok = df_chapter_save_merging (store, change->chapter_id, change->text_before, change->hash_after,
                                    NULL, error);
    }
  return df_store_end (store, ok, error);
}
