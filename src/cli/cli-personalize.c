/* cli-personalize.c: personalize (a chapter, or the book, as a reader
 * reads it) and personalize cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdio.h>

#include "cli-private.h"
#include "df-ai.h"
#include "df-personalize.h"
#include "df-plugin-job.h"
#include "df-reader-transform.h"

static char *opt_profile;
static char *opt_type;
static gboolean opt_offline;
static gboolean opt_json;
static gboolean opt_dry_run;
static gboolean opt_clear;
static gboolean opt_all;
static gboolean opt_reader;
static char *opt_keep_days;

/* ---- output --------------------------------------------------------------- */

static void
get_offsets (gconstpointer  record,
             gconstpointer  data,
             CliValue      *value)
{
  GArray *offsets = ((const DfGlossaryHit *)record)->offsets;
  JsonArray *array = json_array_new ();

  for (guint o = 0; o < offsets->len; o++)
    json_array_add_int_element (array, g_array_index (offsets, gsize, o));
  value->type = CLI_NODE;
  value->node = json_node_init_array (json_node_alloc (), array);
  json_array_unref (array);
}

static const CliField hit_fields[] = {
  CLI_MEMBER (DfGlossaryHit, "term", term, CLI_STRING),
  CLI_MEMBER (DfGlossaryHit, "definition", definition, CLI_STRING),
  CLI_COMPUTED ("offsets", get_offsets),
};
static const CliFields hit_items = CLI_FIELDS (hit_fields);

/* What the model did: the rewrite's fields after its text (and in the
 * cache's list, after its chapter). */
#define RESULT_FIELDS \
  CLI_MEMBER (DfPersonalized, "kind", kind, CLI_STRING), \
  CLI_MEMBER (DfPersonalized, "level", level, CLI_STRING), \
  CLI_MEMBER (DfPersonalized, "language", language, CLI_STRING), \
  CLI_MEMBER (DfPersonalized, "model", model, CLI_STRING), \
  CLI_MEMBER (DfPersonalized, "metric", metric, CLI_STRING), \
  CLI_MEMBER (DfPersonalized, "before", before, CLI_DOUBLE), \
  CLI_MEMBER (DfPersonalized, "after", after, CLI_DOUBLE), \
  CLI_MEMBER (DfPersonalized, "note", note, CLI_STRING), \
  CLI_MEMBER (DfPersonalized, "from_cache", from_cache, CLI_BOOL)

static const CliField result_fields[] = {
  RESULT_FIELDS,
  CLI_MEMBER (DfPersonalized, "requests", requests, CLI_UINT),
};
static const CliFields result_members = CLI_FIELDS (result_fields);

static const CliField estimate_fields[] = {
  CLI_MEMBER (DfPersonalizeEstimate, "chapters", chapters, CLI_UINT),
  CLI_MEMBER (DfPersonalizeEstimate, "cached", cached, CLI_UINT),
  CLI_MEMBER (DfPersonalizeEstimate, "tokens", tokens, CLI_INT),
  CLI_MEMBER (DfPersonalizeEstimate, "budget", budget, CLI_INT),
  CLI_MEMBER (DfPersonalizeEstimate, "left", left, CLI_INT),
  CLI_MEMBER (DfPersonalizeEstimate, "period", period, CLI_STRING),
  CLI_MEMBER (DfPersonalizeEstimate, "renews", renews, CLI_STRING),
};
static const CliFields estimate_record = CLI_FIELDS (estimate_fields);

/* A stable name for why a chapter failed, for --json. */
static const char *
error_code (const GError *error)
{
  static const char * const ai[] = {
    "not-configured", "key-refused", "model-not-found", "rate-limited", "quota", "server",
    "bad-response", "truncated", "connection-refused", "name-not-resolved", "timeout", "tls",
    "budget", "failed",
  };

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "cancelled";
  if (error->domain == DF_AI_ERROR && error->code >= 0 && (gsize)error->code < G_N_ELEMENTS (ai))
    return ai[error->code];
  return "failed";
}

/* The text of a chapter done (to stdout), and what the model did (to
 * stderr); a chapter that failed says why on stderr. */
static void
print_item_text (const DfPersonalizeItem *item)
{
  const DfPersonalized *r = item->result;

  if (item->status == DF_PERSONALIZE_FAILED)
    {
      cli_note (_("Chapter %" PRId64 " failed: %s"), item->number, item->error->message);
      return;
    }
  if (r == NULL)
    return;
  cli_out_exact (r->text);
  if (g_str_equal (r->metric, "urdu"))
    cli_note (_("Chapter %" PRId64 ": %s, %.1f → %.1f words a sentence"), item->number,
              r->kind, r->before, r->after);
  else
    cli_note (_("Chapter %" PRId64 ": %s, grade %.0f → grade %.0f"), item->number,
              r->kind, r->before, r->after);
  if (r->from_cache)
    cli_note ("%s", _("From the cache: no request was made"));
  if (r->note != NULL)
    cli_note ("%s", r->note);
}

/* One chapter's object: number, title, status, and the text and what the
 * model did, or the error; --offline adds the glossary's hits. */
typedef struct
{
  DfPersonalizeItem  item;    /* a shallow copy */
  const char        *text;    /* --offline's, without a result */
  GPtrArray         *hits;    /* --offline's DfGlossaryHit*, or NULL */
} ItemView;

static void
get_item_status (gconstpointer  record,
                 gconstpointer  data,
                 CliValue      *value)
{
  cli_value_set_string (value, df_personalize_status_to_string (((const ItemView *)record)->item.status));
}

static void
get_item_text (gconstpointer  record,
               gconstpointer  data,
               CliValue      *value)
{
  const ItemView *view = record;

  cli_value_set_string (value, view->item.result != NULL ? view->item.result->text : view->text);
}

static void
get_item_result (gconstpointer  record,
                 gconstpointer  data,
                 CliValue      *value)
{
  cli_value_set_record (value, CLI_MERGE, &result_members, ((const ItemView *)record)->item.result);
}

static void
get_error_code (gconstpointer  record,
                gconstpointer  data,
                CliValue      *value)
{
  cli_value_set_string (value, error_code (record));
}

static const CliField error_fields[] = {
  CLI_COMPUTED ("code", get_error_code),
  CLI_MEMBER (GError, "message", message, CLI_STRING),
};
static const CliFields error_record = CLI_FIELDS (error_fields);

static void
get_item_error (gconstpointer  record,
                gconstpointer  data,
                CliValue      *value)
{
  const GError *error = ((const ItemView *)record)->item.error;

  if (error != NULL)
    cli_value_set_record (value, CLI_RECORD, &error_record, error);
  else
    value->type = CLI_ABSENT;
}

static void
get_item_glossary (gconstpointer  record,
                   gconstpointer  data,
                   CliValue      *value)
{
  GPtrArray *hits = ((const ItemView *)record)->hits;

  if (hits != NULL)
    cli_value_set_list (value, &hit_items, hits);
  else
    value->type = CLI_ABSENT;
}

static const CliField item_fields[] = {
  CLI_MEMBER (ItemView, "number", item.number, CLI_INT),
  CLI_MEMBER (ItemView, "title", item.title, CLI_STRING),
  CLI_COMPUTED ("status", get_item_status),
  CLI_COMPUTED ("text", get_item_text),
  CLI_COMPUTED ("result", get_item_result),
  CLI_COMPUTED ("error", get_item_error),
  CLI_COMPUTED ("glossary", get_item_glossary),
};
static const CliFields item_items = CLI_FIELDS (item_fields);

/* The whole answer for --json: the chapters and how many of each status. */
typedef struct
{
  const char                  *profile;
  GPtrArray                   *items;    /* ItemView* */
  guint                        counts[DF_PERSONALIZE_SKIPPED + 1];
  gboolean                     ok;
  const DfPersonalizeEstimate *estimate;
  const char                  *text;     /* --dry-run's */
} Report;

static void
get_report_chapters (gconstpointer  record,
                     gconstpointer  data,
                     CliValue      *value)
{
  cli_value_set_list (value, &item_items, ((const Report *)record)->items);
}

static void
get_report_estimate (gconstpointer  record,
                     gconstpointer  data,
                     CliValue      *value)
{
  const DfPersonalizeEstimate *estimate = ((const Report *)record)->estimate;

  if (estimate != NULL)
    cli_value_set_record (value, CLI_RECORD, &estimate_record, estimate);
  else
    value->type = CLI_ABSENT;
}

static const CliField report_fields[] = {
  CLI_MEMBER (Report, "profile", profile, CLI_STRING),
  CLI_COMPUTED ("chapters", get_report_chapters),
  CLI_MEMBER (Report, "done", counts[DF_PERSONALIZE_DONE], CLI_UINT),
  CLI_MEMBER (Report, "cached", counts[DF_PERSONALIZE_CACHED], CLI_UINT),
  CLI_MEMBER (Report, "failed", counts[DF_PERSONALIZE_FAILED], CLI_UINT),
  CLI_MEMBER (Report, "skipped", counts[DF_PERSONALIZE_SKIPPED], CLI_UINT),
  CLI_MEMBER (Report, "ok", ok, CLI_BOOL),
  CLI_COMPUTED ("estimate", get_report_estimate),
};
static const CliFields report_record = CLI_FIELDS (report_fields);

/* --dry-run --json: the estimate and its words. */
static const CliField dry_run_fields[] = {
  CLI_COMPUTED ("estimate", get_report_estimate),
  CLI_MEMBER (Report, "text", text, CLI_STRING),
};
static const CliFields dry_run_record = CLI_FIELDS (dry_run_fields);

static void
print_json (const DfProfile             *profile,
            const DfPersonalizeEstimate *estimate,
            GPtrArray                   *items,
            GPtrArray                   *texts,
            GPtrArray                   *hits)
{
  g_autoptr(GPtrArray) views = g_ptr_array_new_with_free_func (g_free);
  Report report = { profile->display_name, views, { 0 }, FALSE, estimate, NULL };

  for (guint i = 0; i < items->len; i++)
    {
      ItemView *view = g_new (ItemView, 1);

      view->item = *(const DfPersonalizeItem *)items->pdata[i];
      view->text = texts != NULL ? texts->pdata[i] : NULL;
      view->hits = hits != NULL ? hits->pdata[i] : NULL;
      report.counts[view->item.status]++;
      g_ptr_array_add (views, view);
    }
  report.ok = report.counts[DF_PERSONALIZE_FAILED] + report.counts[DF_PERSONALIZE_SKIPPED] == 0;
  cli_print_record_json (&report_record, &report, NULL);
}

/* ---- personalize ------------------------------------------------------------ */

static DfAiConfig *
rewrite_config (Cli              *cli,
                const DfProfile  *profile,
                GError          **error)
{
  g_autoptr(DfAiConfig) config = df_ai_config_load (cli->store, profile->id, error);

  if (config == NULL)
    return NULL;
  if (config->base_url == NULL || *config->base_url == '\0' || config->model == NULL || *config->model == '\0')
    {
      g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_NOT_CONFIGURED,
                   _("No AI provider is set up (a base URL and a model are needed); --offline gives the level blocks without one"));
      return NULL;
    }
  return g_steal_pointer (&config);
}

/* --offline: the level blocks and the glossary, no model. */
static gboolean
personalize_offline (Cli              *cli,
                     const DfProfile  *profile,
                     GPtrArray        *chapters,
                     GError          **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)df_personalize_item_free);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);

  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *chapter = chapters->pdata[i];
      DfPersonalizeItem *item = g_new0 (DfPersonalizeItem, 1);
      GPtrArray *found = NULL;
      char *text = df_personalize_offline (cli->store, profile, chapter, &found, error);

      if (text == NULL)
        {
          df_personalize_item_free (item);
          return FALSE;
        }
      item->number = chapter->number;
      item->title = g_strdup (chapter->title);
      item->status = DF_PERSONALIZE_DONE;
      g_ptr_array_add (items, item);
      g_ptr_array_add (texts, text);
      g_ptr_array_add (hits, found != NULL ? found : g_ptr_array_new ());
      if (!opt_json)
        cli_out_exact (text);
    }
  if (opt_json)
    print_json (profile, NULL, items, texts, hits);
  return TRUE;
}

static const CliField reader_fields[] = {
  CLI_MEMBER (DfChapter, "number", number, CLI_INT),
  CLI_MEMBER (DfChapter, "title", title, CLI_STRING),
  CLI_MEMBER (DfChapter, "text", content_md, CLI_STRING),
};
static const CliFields reader_records = CLI_FIELDS (reader_fields);

/* --reader: what the reader shows without a rewrite, the chapters
 * through the reader transforms of the enabled plugins (each in the
 * helper process: one that crashes fails the command with its name). */
static gboolean
personalize_reader (Cli              *cli,
                    const DfProfile  *profile,
                    GPtrArray        *chapters,
                    GError          **error)
{
  g_autoptr(DfPluginHost) host = cli_plugin_host (cli, TRUE, error);
  g_autoptr(GPtrArray) transforms = NULL;
  DfPluginJobLimits limits = { 0, 0, TRUE };

  if (host == NULL)
    return FALSE;
  transforms = df_plugin_job_reader_transforms (host, &limits);
  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *chapter = chapters->pdata[i];

      for (guint t = 0; t < transforms->len; t++)
        {
          char *text = df_reader_transform_transform (transforms->pdata[t], cli->store, profile, chapter, NULL, error);

          if (text == NULL)
            return FALSE;
          g_free (chapter->content_md);
          chapter->content_md = text;
        }
      if (!opt_json)
        cli_out_exact (chapter->content_md);
    }
  if (opt_json)
    cli_print_records_json (&reader_records, chapters, NULL);
  return TRUE;
}

/* Each chapter's text as soon as it is done, without --json (one chapter
 * asked for that fails says why once, in the error). */
static void
book_progress_cb (guint                    index G_GNUC_UNUSED,
                  guint                    total G_GNUC_UNUSED,
                  const DfPersonalizeItem *item,
                  gpointer                 data)
{
  gboolean single = GPOINTER_TO_INT (data);

  if (item != NULL && !opt_json && !(single && item->status == DF_PERSONALIZE_FAILED))
    print_item_text (item);
}

/* The estimate for the chapters, on stderr (or stdout with --dry-run). */
static DfPersonalizeEstimate *
print_estimate (Cli              *cli,
                const DfProfile  *profile,
                GPtrArray        *chapters,
                DfPersonalizeKind kind,
                const char       *model,
                GError          **error)
{
  g_autoptr(DfPersonalizeEstimate) estimate = df_personalize_book_estimate (cli->store, profile, chapters, kind,
                                                                            model, error);
  g_autofree char *text = NULL;

  if (estimate == NULL)
    return NULL;
  text = df_personalize_estimate_describe (estimate);
  if (opt_dry_run && opt_json)
    {
      Report report = { .estimate = estimate, .text = text };

      cli_print_record_json (&dry_run_record, &report, NULL);
    }
  else if (opt_dry_run)
    cli_outf ("%s\n", text);
  else
    cli_note ("%s", text);
  return g_steal_pointer (&estimate);
}

/* The run with the model over @chapters; its items in @items_out. */
static gboolean
personalize_run (Cli              *cli,
                 const DfProfile  *profile,
                 GPtrArray        *chapters,
                 DfPersonalizeKind kind,
                 guint             keep_days,
                 GError          **error)
{
  g_autoptr(DfAiConfig) config = df_ai_config_load (cli->store, profile->id, error);
  g_autoptr(DfPersonalizeEstimate) estimate = NULL;
  g_autoptr(GPtrArray) items = NULL;
  DfPersonalizeOptions options = { .kind = kind, .expiry_days = keep_days };
  guint failed = 0, skipped = 0;
  gboolean ok;

  if (config == NULL)
    return FALSE;
  estimate = print_estimate (cli, profile, chapters, kind, config->model, error);
  if (estimate == NULL)
    return FALSE;
  if (opt_dry_run)
    return TRUE;
  g_clear_pointer (&config, df_ai_config_free);
  config = rewrite_config (cli, profile, error);
  if (config == NULL)
    return FALSE;
  items = df_personalize_book (cli->store, config, profile, chapters, &options, book_progress_cb,
                               GINT_TO_POINTER (chapters->len == 1), NULL, &ok);
  if (opt_json)
    print_json (profile, estimate, items, NULL, NULL);
  if (ok)
    return TRUE;
  for (guint i = 0; i < items->len; i++)
    {
      DfPersonalizeItem *item = items->pdata[i];
      failed += item->status == DF_PERSONALIZE_FAILED;
      skipped += item->status == DF_PERSONALIZE_SKIPPED;
      if (item->status == DF_PERSONALIZE_FAILED && i > 0 && skipped == 0 && failed == 1 &&
          item->error != NULL && g_error_matches (item->error, DF_AI_ERROR, DF_AI_ERROR_BUDGET))
        cli_note (_("The chapters before chapter %" PRId64 " are done and kept in the cache"), item->number);
      if (item->status == DF_PERSONALIZE_FAILED && failed == 1 && items->len == 1)
        {
          g_propagate_error (error, g_error_copy (item->error));
          return FALSE;
        }
    }
  g_set_error (error, CLI_ERROR, CLI_ERROR_FAILED,
               _("%u of %u chapters were not personalized (%u failed, %u not tried)"),
               failed + skipped, items->len, failed, skipped);
  return FALSE;
}

static gboolean
personalize (Cli     *cli,
             char   **args,
             GError **error)
{
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) chapters = g_ptr_array_new_with_free_func ((GDestroyNotify)df_chapter_free);
  DfPersonalizeKind kind = DF_PERSONALIZE_EXPLANATION;
  gint64 keep_days = 0;

  if (opt_keep_days != NULL && !cli_parse_number ("--keep-days", opt_keep_days, 1, 3650, &keep_days, error))
    return FALSE;
  if (opt_type != NULL && !df_personalize_kind_from_string (opt_type, &kind))
    {
      cli_usage_error (error, _("--type must be explanation, example or difficulty (got “%s”)"), opt_type);
      return FALSE;
    }
  if (opt_all && args[1] != NULL)
    {
      cli_usage_error (error, _("--all is for the whole book: give a chapter number or --all, not both"));
      return FALSE;
    }
  profile = cli_profile (cli, opt_profile, CLI_PROFILE_REQUIRED, error);
  if (profile == NULL)
    return FALSE;
  if (args[1] != NULL)
    {
      DfChapter *chapter = cli_chapter (cli, args[0], args[1], error);
      if (chapter == NULL)
        return FALSE;
      g_ptr_array_add (chapters, chapter);
    }
  else
    {
      g_autoptr(GPtrArray) listed = NULL;
      g_autoptr(GPtrArray) parts = NULL;
      if (!cli_book (cli, args[0], &project, &parts, &listed, error))
        return FALSE;
      for (guint i = 0; i < listed->len; i++)
        {
          DfChapter *chapter = df_chapter_get (cli->store, ((DfChapter *)listed->pdata[i])->id, error);
          if (chapter == NULL)
            return FALSE;
          g_ptr_array_add (chapters, chapter);
        }
    }
  if (opt_reader)
    return personalize_reader (cli, profile, chapters, error);
  if (opt_offline)
    return personalize_offline (cli, profile, chapters, error);
  return personalize_run (cli, profile, chapters, kind, (guint)keep_days, error);
}

static const GOptionEntry personalize_options[] = {
  { "profile", 0, 0, G_OPTION_ARG_STRING, &opt_profile, N_("The reader's profile (default: the active one)"), N_("NAME") },
  { "type", 0, 0, G_OPTION_ARG_STRING, &opt_type, N_("The change: explanation (default), example or difficulty"), N_("TYPE") },
  { "offline", 0, 0, G_OPTION_ARG_NONE, &opt_offline, N_("Only the author's level blocks and the glossary: no model"), NULL },
  { "keep-days", 0, 0, G_OPTION_ARG_STRING, &opt_keep_days, N_("Keep the rewrites this many days after the last one (default: 30)"), N_("DAYS") },
  { "all", 0, 0, G_OPTION_ARG_NONE, &opt_all, N_("Every chapter of the book not yet personalized (the default without N)"), NULL },
  { "dry-run", 0, 0, G_OPTION_ARG_NONE, &opt_dry_run, N_("Show the tokens a rewrite would take, and stop"), NULL },
  { "reader", 0, 0, G_OPTION_ARG_NONE, &opt_reader, N_("As the reader shows it without a rewrite: through the plugins’ reader transforms"), NULL },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
  { NULL }
};

const CliBuiltin cli_personalize = {
  N_("SLUG [N | --all]"), 1, 2, personalize_options,
  N_("Prints the chapter (or every chapter) as the profile reads it: the author's level blocks chosen, and rewritten by the model unless --offline; a rewrite already made comes from the cache without a request."),
  personalize,
};

/* ---- personalize cache --------------------------------------------------------- */

/* A rewrite in the cache: df_personalize_cache_list () gives its chapter's
 * number in @requests, and a rewrite in the cache makes no request. */
static void
get_no_requests (gconstpointer  record,
                 gconstpointer  data,
                 CliValue      *value)
{
  cli_value_set_int (value, 0);
}

static const CliField cached_fields[] = {
  CLI_MEMBER (DfPersonalized, "chapter", requests, CLI_UINT),
  CLI_MEMBER (DfPersonalized, "created_at", created_at, CLI_STRING),
  RESULT_FIELDS,
  CLI_COMPUTED ("requests", get_no_requests),
};
static const CliFields cached_records = CLI_FIELDS (cached_fields);

static gboolean
personalize_cache (Cli     *cli,
                   char   **args,
                   GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (project == NULL)
    return FALSE;
  if (opt_profile != NULL && (profile = cli_profile (cli, opt_profile, CLI_PROFILE_REQUIRED, error)) == NULL)
    return FALSE;
  if (df_personalize_cache_expire (cli->store, error) < 0)
    return FALSE;
  if (opt_clear)
    {
      gint64 n = df_personalize_cache_clear (cli->store, project->id, profile ? profile->id : NULL, error);
      if (n < 0)
        return FALSE;
      if (opt_json)
        cli_outf ("{\"removed\": %" PRId64 "}\n", n);
      else
        cli_outf (g_dngettext (GETTEXT_PACKAGE, "Removed %" PRId64 " personalised chapter\n",
                               "Removed %" PRId64 " personalised chapters\n", n), n);
      return TRUE;
    }
  rows = df_personalize_cache_list (cli->store, project->id, profile ? profile->id : NULL, error);
  if (rows == NULL)
    return FALSE;
  if (opt_json)
    {
      cli_print_records_json (&cached_records, rows, NULL);
      return TRUE;
    }
  if (rows->len == 0)
    cli_outf ("%s\n", _("No personalised chapters are cached"));
  for (guint i = 0; i < rows->len; i++)
    {
      DfPersonalized *r = rows->pdata[i];
      cli_outf ("%u\t%s\t%s\t%s\t%s\t%.1f → %.1f\t%s\n", r->requests, r->kind, r->level, r->language,
                r->model, r->before, r->after, r->created_at);
    }
  return TRUE;
}

static const GOptionEntry cache_options[] = {
  { "profile", 0, 0, G_OPTION_ARG_STRING, &opt_profile, N_("Only this profile's"), N_("NAME") },
  { "clear", 0, 0, G_OPTION_ARG_NONE, &opt_clear, N_("Remove them"), NULL },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
  { NULL }
};

const CliBuiltin cli_personalize_cache = {
  N_("SLUG"), 1, 1, cache_options,
  NULL,
  personalize_cache,
};
