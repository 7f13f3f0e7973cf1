/* df-validate.c: the allowed values of the data model, and small helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "df-model-private.h"

const char * const df_project_types[] = { "novel", "screenplay", "technical-book", "non-fiction", "poetry", "short-story", NULL };
const char * const df_project_statuses[] = { "active", "archived", "completed", NULL };
const char * const df_chapter_kinds[] = { "chapter", "lesson", "lab", "summary", "index", "scene", NULL };
const char * const df_chapter_statuses[] = { "idea", "outline", "draft", "revised", "final", "excluded", NULL };
const char * const df_part_layers[] = { "L1", "L2", "L3", "L4", "L5", NULL };
const char * const df_part_tiers[] = { "A2", "B1", "B2", "C1", "C2", NULL };
const char * const df_progress_statuses[] = { "not_started", "in_progress", "completed", NULL };
const char * const df_experience_levels[] = { "beginner", "intermediate", "expert", NULL };
const char * const df_education_levels[] = { "high_school", "undergraduate", "graduate", "professional", NULL };
const char * const df_programming_experiences[] = { "none", "beginner", "intermediate", "advanced", NULL };
const char * const df_ai_ml_experiences[] = { "none", "basic", "intermediate", "advanced", NULL };
const char * const df_languages[] = { "en", "ur", NULL };
const char * const df_learning_goals[] = { "career_change", "research", "hobby", "teaching", "building_projects", NULL };

gboolean
df_validate_enum (const char         *field,
                  const char         *value,
                  const char * const *allowed,
                  GError            **error)
{
  g_autofree char *list = NULL;

  if (value != NULL && g_strv_contains (allowed, value))
    return TRUE;

  list = g_strjoinv (", ", (char **)allowed);
  g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
               _("%s must be one of %s (got “%s”)"),
               field, list, value ? value : "");
  return FALSE;
}

gboolean
df_validate_slug (const char  *slug,
                  GError     **error)
{
  gsize len = slug ? strlen (slug) : 0;

  if (len < 1 || len > 100)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("slug must be 1 to 100 characters long (got %zu)"), len);
      return FALSE;
    }

  for (gsize i = 0; i < len; i++)
    {
      char c = slug[i];
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
        {
          g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                       _("slug may hold only lowercase letters a-z, digits, “-” and “_” (got “%s”)"),
                       slug);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
df_validate_text (const char  *field,
                  const char  *value,
                  guint        max_chars,
                  GError     **error)
{
  g_autofree char *trimmed = NULL;
  glong n;

  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("%s must be valid UTF-8 text"), field);
      return FALSE;
    }

  trimmed = g_strstrip (g_strdup (value));
  n = g_utf8_strlen (trimmed, -1);
  if (n == 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("%s must not be empty"), field);
      return FALSE;
    }
  if ((guint)n > max_chars)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("%s must be at most %u characters (got %ld)"), field, max_chars, n);
      return FALSE;
    }

  return TRUE;
}

/**
 * df_slugify:
 *
 * Lowercase ASCII letters and digits joined by single hyphens, accents
 * dropped; "untitled" when nothing is left (a title in Urdu, say).
 */
char *
df_slugify (const char *title)
{
  g_autofree char *ascii = NULL;
  GString *out;
  gboolean pending_dash = FALSE;

  if (title == NULL)
    return g_strdup ("untitled");

  ascii = g_str_to_ascii (title, "C");
  out = g_string_new (NULL);

  for (const char *p = ascii; *p; p++)
    {
      char c = g_ascii_tolower (*p);

      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        {
          if (pending_dash && out->len > 0)
            g_string_append_c (out, '-');
          pending_dash = FALSE;
          g_string_append_c (out, c);
          if (out->len >= 80)
            break;
        }
      else if (c != '\'')
        pending_dash = TRUE;
    }

  if (out->len == 0)
    g_string_append (out, "untitled");

  return g_string_free (out, FALSE);
}

gboolean
_df_parse_count (const char  *field,
                 const char  *value,
                 gint64       min,
                 gint64       max,
                 gint64      *out,
                 GError     **error)
{
  gint64 n;

  if (value == NULL ||
      !g_ascii_string_to_signed (value, 10, min, max, &n, NULL))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("%s must be a whole number from %" PRId64 " to %" PRId64 " (got “%s”)"),
                   field, min, max, value ? value : "");
      return FALSE;
    }

  *out = n;
  return TRUE;
}

gboolean
_df_parse_bool (const char  *field,
                const char  *value,
                gboolean    *out,
                GError     **error)
{
  static const char * const yes[] = { "true", "yes", "1", NULL };
  static const char * const no[] = { "false", "no", "0", NULL };

  if (value != NULL && g_strv_contains (yes, value))
    *out = TRUE;
  else if (value != NULL && g_strv_contains (no, value))
    *out = FALSE;
  else
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("%s must be true or false (got “%s”)"), field, value ? value : "");
      return FALSE;
    }

  return TRUE;
}

char *
df_sha256_hex (const char *data,
               gssize      len)
{
  if (len < 0)
    len = data ? strlen (data) : 0;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)(data ? data : ""), len);
}

char *
df_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

char *
df_today (void)
{
  const char *fake = g_getenv ("DRAFTFORGE_TODAY");
  g_autoptr(GDateTime) now = NULL;

  /* For tests of streaks and daily statistics. */
  if (fake != NULL && strlen (fake) == 10)
    return g_strdup (fake);

  now = g_date_time_new_now_local ();
  return g_date_time_format (now, "%Y-%m-%d");
}

gboolean
df_date_parse (const char *text,
               GDate      *date)
{
  unsigned y, m, d;
  char tail;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  if (!g_date_valid_dmy ((GDateDay)d, (GDateMonth)m, (GDateYear)y))
    return FALSE;
  g_date_set_dmy (date, (GDateDay)d, (GDateMonth)m, (GDateYear)y);
  return TRUE;
}

char *
df_date_format (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u",
                          (unsigned)g_date_get_year (date),
                          (unsigned)g_date_get_month (date),
                          (unsigned)g_date_get_day (date));
}

void
df_date_today (GDate *date)
{
  g_autofree char *today = df_today ();

  if (!df_date_parse (today, date))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      g_date_set_dmy (date,
                      (GDateDay)g_date_time_get_day_of_month (now),
                      (GDateMonth)g_date_time_get_month (now),
                      (GDateYear)g_date_time_get_year (now));
    }
}
