/* cli-stats.c: search, stats and reading progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cli-private.h"
#include "df-planning.h"

/* ---- search -------------------------------------------------------------- */

static const CliField hit_field_list[] = {
  CLI_MEMBER (DfSearchHit, "number", chapter_number, CLI_INT),
  CLI_MEMBER (DfSearchHit, "title", chapter_title, CLI_STRING),
  CLI_MEMBER (DfSearchHit, "line", line, CLI_INT),
  CLI_MEMBER (DfSearchHit, "offset", offset, CLI_INT),
  CLI_MEMBER (DfSearchHit, "length", length, CLI_INT),
  CLI_MEMBER (DfSearchHit, "snippet", snippet, CLI_STRING),
  CLI_MEMBER (DfSearchHit, "in_title", in_title, CLI_BOOL),
};

static const CliFields hit_fields = CLI_FIELDS (hit_field_list);

static void
get_hits (gconstpointer  record,
          gconstpointer  data,
          CliValue      *value)
{
  cli_value_set_list (value, &hit_fields, ((const DfSearchResults *)record)->hits);
}

static const CliField results_field_list[] = {
  CLI_MEMBER (DfSearchResults, "total", total, CLI_INT),
  CLI_MEMBER (DfSearchResults, "chapters", n_chapters, CLI_INT),
  CLI_MEMBER (DfSearchResults, "offset", offset, CLI_INT),
  CLI_COMPUTED ("hits", get_hits),
};

static const CliFields results_fields = CLI_FIELDS (results_field_list);

static char *opt_limit;
static char *opt_offset;

static const GOptionEntry search_entries[] = {
  { "limit", 0, 0, G_OPTION_ARG_STRING, &opt_limit, N_("At most N occurrences (default: 20)"), N_("N") },
  { "offset", 0, 0, G_OPTION_ARG_STRING, &opt_offset, N_("Skip the first N occurrences"), N_("N") },
  CLI_OPTION_JSON,
  G_OPTION_ENTRY_NULL
};

/* Each occurrence: the chapter's number and title and the line, then
 * the snippet indented below. */
static void
print_hits (GPtrArray *hits)
{
  gsize width = 1;

  for (guint i = 0; i < hits->len; i++)
    {
      g_autofree char *number = g_strdup_printf ("%" PRId64,
                                                 ((DfSearchHit *)hits->pdata[i])->chapter_number);
      width = MAX (width, strlen (number));
    }

  for (guint i = 0; i < hits->len; i++)
    {
      DfSearchHit *hit = hits->pdata[i];
      g_autofree char *title = cli_one_line (hit->chapter_title);
      g_autofree char *snippet = cli_one_line (hit->snippet);
      g_autofree char *heading = hit->in_title ? g_strdup_printf (_("%s, in its title"), title)
                                               : g_strdup_printf (_("%s, line %" PRId64), title, hit->line);

      cli_outf ("%*" PRId64 "  %s\n", (int)width, hit->chapter_number, heading);
      cli_pad (width + 2);
      cli_outf ("%s\n", g_strstrip (snippet));
    }
}

/* "Showing 1–20 of 120 occurrences in 7 chapters." */
static void
print_summary (const DfSearchResults *results)
{
  g_autofree char *of = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " occurrence",
                                                      "%" PRId64 " occurrences", results->total),
                                         results->total);
  g_autofree char *in = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " chapter",
                                                      "%" PRId64 " chapters", results->n_chapters),
                                         results->n_chapters);

  if (results->hits->len == 0)
    cli_outf (_("Nothing from occurrence %" PRId64 " on: %s in %s.\n"), results->offset + 1, of, in);
  else
    cli_outf (_("Showing %" PRId64 "–%" PRId64 " of %s in %s.\n"), results->offset + 1,
              results->offset + (gint64)results->hits->len, of, in);
}

static gboolean
search (Cli     *cli,
        char   **args,
        GError **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfSearchResults) results = NULL;
  g_autofree char *query = NULL;
  gint64 limit = 20, offset = 0;

  if (opt_limit != NULL && !cli_parse_number ("--limit", opt_limit, 1, 10000, &limit, error))
    return FALSE;
  if (opt_offset != NULL && !cli_parse_number ("--offset", opt_offset, 0, G_MAXINT, &offset, error))
    return FALSE;

  project = cli_project (cli, args[0], FALSE, error);
  if (project == NULL)
    return FALSE;

  query = g_strjoinv (" ", args + 1);
  results = df_search_occurrences (cli->store, project->id, query, (guint)offset, (guint)limit, NULL, error);
  if (results == NULL)
    return FALSE;

  if (cli_opt_json)
    cli_print_record_json (&results_fields, results, NULL);
  else if (results->total == 0)
    {
      g_autofree char *shown = cli_one_line (query);

      cli_outf (_("No chapter of “%s” matches “%s”.\n"), project->slug, shown);
    }
  else
    {
      print_hits (results->hits);
      print_summary (results);
    }
  return TRUE;
}

const CliBuiltin cli_search = {
  N_("SLUG QUERY"), 2, G_MAXUINT, search_entries,
  N_("Finds every occurrence of QUERY in a project's chapters, in reading "
     "order: words match as word prefixes, accents and case ignored, "
     "\"quoted words\" as a phrase, and a chapter must hold every word or "
     "phrase.  Several arguments are joined into one query.  Prints each "
     "occurrence's chapter, line and a snippet (the match between [ and ]), "
     "then how many there are in all; --offset and --limit page through them."),
  search,
};

/* ---- stats --------------------------------------------------------------- */

typedef struct
{
  const char     *slug;
  DfWritingStats  stats;
  double          percent;   /* of the target done, one decimal */
  GPtrArray      *days;      /* DfStatsDay *, or NULL */
  /* in words */
  char           *current_streak;
  char           *longest_streak;
  char           *target;    /* NULL without a target */
  char           *reading_time;
} StatsRecord;

static void
stats_record_clear (StatsRecord *record)
{
  g_clear_pointer (&record->days, g_ptr_array_unref);
  g_free (record->current_streak);
  g_free (record->longest_streak);
  g_free (record->target);
  g_free (record->reading_time);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StatsRecord, stats_record_clear)

static const CliField day_field_list[] = {
  CLI_MEMBER (DfStatsDay, "date", date, CLI_STRING),
  CLI_MEMBER (DfStatsDay, "words", words, CLI_INT),
  CLI_MEMBER (DfStatsDay, "words_written", words_written, CLI_INT),
  CLI_MEMBER (DfStatsDay, "chapters", chapters, CLI_INT),
  CLI_MEMBER (DfStatsDay, "commits", commits, CLI_INT),
};

static const CliFields day_fields = CLI_FIELDS (day_field_list);

static const CliColumn day_column_list[] = {
  { N_("DATE"), "date", 0 },
  { N_("WRITTEN"), "words_written", CLI_CELL_RIGHT },
  { N_("TOTAL"), "words", CLI_CELL_RIGHT },
};

static const CliView day_columns = CLI_VIEW (day_column_list);

static void
get_target_percent (gconstpointer  record,
                    gconstpointer  data,
                    CliValue      *value)
{
  const StatsRecord *r = record;

  if (r->stats.target_word_count > 0)
    cli_value_set_double (value, r->percent);
}

static void
get_days (gconstpointer  record,
          gconstpointer  data,
          CliValue      *value)
{
  cli_value_set_list (value, &day_fields, ((const StatsRecord *)record)->days);
}

#define STATS_INT(key, member) CLI_MEMBER (StatsRecord, key, stats.member, CLI_INT)

static const CliField stats_field_list[] = {
  CLI_MEMBER (StatsRecord, "slug", slug, CLI_STRING),
  STATS_INT ("words", words),
  STATS_INT ("chapters", chapters),
  STATS_INT ("parts", parts),
  STATS_INT ("words_today", words_today),
  STATS_INT ("current_streak", current_streak),
  STATS_INT ("longest_streak", longest_streak),
  STATS_INT ("target_word_count", target_word_count),
  CLI_COMPUTED ("target_percent", get_target_percent),
  STATS_INT ("reading_minutes", reading_minutes),
  CLI_COMPUTED ("days", get_days),
  CLI_TEXT (StatsRecord, "current_streak_text", current_streak),
  CLI_TEXT (StatsRecord, "longest_streak_text", longest_streak),
  CLI_TEXT (StatsRecord, "target_text", target),
  CLI_TEXT (StatsRecord, "reading_time_text", reading_time),
};

static const CliFields stats_fields = CLI_FIELDS (stats_field_list);

static const CliColumn stats_detail_list[] = {
  { N_("Words:"), "words", 0 },
  { N_("Chapters:"), "chapters", 0 },
  { N_("Parts:"), "parts", 0 },
  { N_("Words today:"), "words_today", 0 },
  { N_("Current streak:"), "current_streak_text", 0 },
  { N_("Longest streak:"), "longest_streak_text", 0 },
  { N_("Target:"), "target_text", 0, NULL, N_("none") },
  { N_("Reading time:"), "reading_time_text", 0 },
};

static const CliView stats_details = CLI_VIEW (stats_detail_list);

static char *
days_text (gint64 n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", (gulong)n), (int)n);
}

/* The statistics in words, for people. */
static void
describe (StatsRecord *r)
{
  gint64 minutes = r->stats.reading_minutes;

  r->current_streak = days_text (r->stats.current_streak);
  r->longest_streak = days_text (r->stats.longest_streak);
  if (r->stats.target_word_count > 0)
    r->target = g_strdup_printf (_("%" PRId64 " words (%.1f%% done)"),
                                 r->stats.target_word_count, r->percent);
  r->reading_time = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes",
                                                  (gulong)minutes),
                                     (int)minutes);
}

static char *opt_days;

static gboolean opt_sessions;
static gboolean opt_csv;

static const GOptionEntry stats_entries[] = {
  CLI_OPTION_JSON,
  { "days", 0, 0, G_OPTION_ARG_STRING, &opt_days,
    N_("Also list the words written on each of the last N days (1 to 3660)"), N_("N") },
  { "sessions", 0, 0, G_OPTION_ARG_NONE, &opt_sessions,
    N_("List the writing sessions instead, newest first"), NULL },
  { "csv", 0, 0, G_OPTION_ARG_NONE, &opt_csv, N_("Print CSV (with --sessions)"), NULL },
  G_OPTION_ENTRY_NULL
};

static gboolean
stats_sessions (Cli         *cli,
                const char  *slug,
                GError     **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) sessions = NULL;

  if (cli_opt_json && opt_csv)
    {
      cli_usage_error (error, _("Choose one of --json and --csv"));
      return FALSE;
    }
  if ((project = cli_project (cli, slug, FALSE, error)) == NULL ||
      (sessions = df_writing_session_list (cli->store, project->id, error)) == NULL)
    return FALSE;
  cli_print_sessions (project, sessions, opt_csv);
  return TRUE;
}

static gboolean
stats (Cli     *cli,
       char   **args,
       GError **error)
{
  g_autoptr(DfProject) project = NULL;
  g_auto(StatsRecord) record = { 0 };
  gint64 n_days = 0;

  if (opt_sessions)
    return stats_sessions (cli, args[0], error);
  if (opt_csv)
    {
      cli_usage_error (error, _("--csv goes with --sessions"));
      return FALSE;
    }
  if (opt_days != NULL && !cli_parse_number ("--days", opt_days, 1, 3660, &n_days, error))
    return FALSE;

  project = cli_project (cli, args[0], FALSE, error);
  if (project == NULL || !df_stats_compute (cli->store, project->id, &record.stats, error))
    return FALSE;
  if (n_days > 0)
    {
      record.days = df_stats_days (cli->store, project->id, (guint)n_days, error);
      if (record.days == NULL)
        return FALSE;
    }

  record.slug = project->slug;
  record.percent = (double)(gint64)(record.stats.target_fraction * 1000.0 + 0.5) / 10.0;
  describe (&record);
  cli_print_record (&stats_fields, &stats_details, &record, NULL);

  if (!cli_opt_json && record.days != NULL)
    {
      cli_out ("\n");
      cli_print_table (&day_fields, &day_columns, record.days, NULL);
    }
  return TRUE;
}

const CliBuiltin cli_stats = {
  N_("SLUG"), 1, 1, stats_entries,
  NULL,
  stats,
};

/* ---- reading progress ---------------------------------------------------- */

static void
get_minutes (gconstpointer  record,
             gconstpointer  data,
             CliValue      *value)
{
  cli_value_set_int (value, (((const DfProgress *)record)->time_spent_seconds + 59) / 60);
}

static const CliField progress_field_list[] = {
  CLI_MEMBER (DfProgress, "number", chapter_number, CLI_INT),
  CLI_MEMBER (DfProgress, "title", chapter_title, CLI_STRING),
  CLI_MEMBER (DfProgress, "status", status, CLI_STRING),
  CLI_MEMBER (DfProgress, "started_at", started_at, CLI_STRING),
  CLI_MEMBER (DfProgress, "completed_at", completed_at, CLI_STRING),
  CLI_MEMBER (DfProgress, "time_spent_seconds", time_spent_seconds, CLI_INT),
  CLI_MEMBER (DfProgress, "position", position, CLI_INT),
};

static const CliFields progress_fields = CLI_FIELDS (progress_field_list);

static const CliColumn progress_column_list[] = {
  { "#", "number", CLI_CELL_RIGHT },
  { N_("STATUS"), "status", 0 },
  { N_("STARTED"), "started_at", CLI_CELL_TIME },
  { N_("COMPLETED"), "completed_at", CLI_CELL_TIME },
  { N_("MINUTES"), NULL, CLI_CELL_RIGHT, get_minutes },
  { N_("TITLE"), "title", 0 },
};

static const CliView progress_columns = CLI_VIEW (progress_column_list);

static const GOptionEntry progress_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &cli_opt_json, N_("Print JSON (when listing)"), NULL },
  CLI_OPTION_PROFILE (N_("Use profile NAME instead of the active one")),
  G_OPTION_ENTRY_NULL
};

/* progress SLUG N start|complete */
static gboolean
progress_mark (Cli     *cli,
               char   **args,
               GError **error)
{
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(DfProfile) profile = NULL;
  gboolean start = strcmp (args[2], "start") == 0;

  if (!start && strcmp (args[2], "complete") != 0)
    {
      cli_usage_error (error, _("ACTION must be start or complete (got “%s”)"), args[2]);
      return FALSE;
    }

  chapter = cli_chapter (cli, args[0], args[1], error);
  if (chapter == NULL)
    return FALSE;
  profile = cli_profile (cli, cli_opt_profile, CLI_PROFILE_REQUIRED, error);
  if (profile == NULL)
    return FALSE;

  if (start)
    return df_progress_start (cli->store, profile->id, chapter->id, error);
  return df_progress_complete (cli->store, profile->id, chapter->id, error);
}

/* progress SLUG continue: the chapter to read next, or a note. */
static gboolean
progress_continue (Cli              *cli,
                   const DfProject  *project,
                   const DfProfile  *profile,
                   GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  gint64 chapter_id;

  chapter_id = df_progress_continue (cli->store, profile->id, project->id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (chapter_id == 0)
    {
      cli_note (_("every chapter of “%s” is completed."), project->slug);
      return TRUE;
    }

  chapter = df_chapter_get (cli->store, chapter_id, error);
  if (chapter == NULL)
    return FALSE;

  cli_outf ("%" PRId64 "\n", chapter->number);
  return TRUE;
}

static gboolean
progress (Cli     *cli,
          char   **args,
          GError **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(GPtrArray) progress = NULL;
  guint n_args = g_strv_length (args);

  if (n_args == 2 && strcmp (args[1], "continue") != 0)
    {
      cli_usage_error (error, _("expected “continue” or “N start|complete” after the slug (got “%s”)"),
                       args[1]);
      return FALSE;
    }
  if (n_args == 3)
    return progress_mark (cli, args, error);

  project = cli_project (cli, args[0], FALSE, error);
  if (project == NULL)
    return FALSE;
  profile = cli_profile (cli, cli_opt_profile, CLI_PROFILE_REQUIRED, error);
  if (profile == NULL)
    return FALSE;

  if (n_args == 2)
    return progress_continue (cli, project, profile, error);

  progress = df_progress_list (cli->store, profile->id, project->id, error);
  if (progress == NULL)
    return FALSE;
  if (!cli_print_list (&progress_fields, &progress_columns, progress, NULL))
    cli_outf (_("“%s” has no chapters.\n"), project->slug);
  return TRUE;
}

const CliBuiltin cli_progress = {
  N_("SLUG [N start|complete | continue]"), 1, 3, progress_entries,
  N_("“progress SLUG” lists the reading status of each chapter for the active "
     "profile; “progress SLUG N start” and “progress SLUG N complete” mark "
     "chapter N; “progress SLUG continue” prints the number of the chapter to "
     "continue reading (nothing when all are completed)."),
  progress,
};
