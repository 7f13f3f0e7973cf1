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
add_hits (JsonBuilder *b,
          GPtrArray   *hits)
{
  json_builder_set_member_name (b, "glossary");
  json_builder_begin_array (b);
  for (guint i = 0; hits != NULL && i < hits->len; i++)
    {
      DfGlossaryHit *hit = hits->pdata[i];
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "term");
      json_builder_add_string_value (b, hit->term);
      json_builder_set_member_name (b, "definition");
      json_builder_add_string_value (b, hit->definition);
      json_builder_set_member_name (b, "offsets");
      json_builder_begin_array (b);
      for (guint o = 0; o < hit->offsets->len; o++)
        json_builder_add_int_value (b, g_array_index (hit->offsets, gsize, o));
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_result (JsonBuilder          *b,
            const DfPersonalized *r)
{
#define STR(k, v) json_builder_set_member_name (b, k); json_builder_add_string_value (b, v)
  STR ("kind", r->kind);
  STR ("level", r->level);
  STR ("language", r->language);
  STR ("model", r->model);
  STR ("metric", r->metric);
  json_builder_set_member_name (b, "before");
  json_builder_add_double_value (b, r->before);
  json_builder_set_member_name (b, "after");
  json_builder_add_double_value (b, r->after);
  STR ("note", r->note);
  json_builder_set_member_name (b, "from_cache");
  json_builder_add_boolean_value (b, r->from_cache);
  json_builder_set_member_name (b, "requests");
  json_builder_add_int_value (b, r->requests);
#undef STR
}

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
 * model did, or the error. */
static void
add_item (JsonBuilder             *b,
          const DfPersonalizeItem *item,
          const char              *text,
          GPtrArray               *hits)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "number");
  json_builder_add_int_value (b, item->number);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, item->title);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, df_personalize_status_to_string (item->status));
  json_builder_set_member_name (b, "text");
  if (item->result != NULL || text != NULL)
    json_builder_add_string_value (b, item->result != NULL ? item->result->text : text);
  else
    json_builder_add_null_value (b);
  if (item->result != NULL)
    add_result (b, item->result);
  if (item->error != NULL)
    {
      json_builder_set_member_name (b, "error");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, error_code (item->error));
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, item->error->message);
      json_builder_end_object (b);
    }
  if (hits != NULL)
    add_hits (b, hits);
  json_builder_end_object (b);
}

static void
add_estimate (JsonBuilder                 *b,
              const DfPersonalizeEstimate *e)
{
  json_builder_set_member_name (b, "estimate");
  json_builder_begin_object (b);
#define INT(k, v) json_builder_set_member_name (b, k); json_builder_add_int_value (b, v)
  INT ("chapters", e->chapters);
  INT ("cached", e->cached);
  INT ("tokens", e->tokens);
  INT ("budget", e->budget);
  INT ("left", e->left);
#undef INT
  json_builder_set_member_name (b, "period");
  json_builder_add_string_value (b, e->period);
  json_builder_set_member_name (b, "renews");
  json_builder_add_string_value (b, e->renews);
  json_builder_end_object (b);
}

/* The whole answer for --json: the chapters and how many of each status. */
static void
print_json (const DfProfile             *profile,
            const DfPersonalizeEstimate *estimate,
            GPtrArray                   *items,
            GPtrArray                   *texts,
            GPtrArray                   *hits)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint counts[DF_PERSONALIZE_SKIPPED + 1] = { 0 };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "profile");
  json_builder_add_string_value (b, profile->display_name);
  json_builder_set_member_name (b, "chapters");
  json_builder_begin_array (b);
  for (guint i = 0; i < items->len; i++)
    {
      DfPersonalizeItem *item = items->pdata[i];
      counts[item->status]++;
      add_item (b, item, texts != NULL ? texts->pdata[i] : NULL, hits != NULL ? hits->pdata[i] : NULL);
    }
  json_builder_end_array (b);
  for (guint s = DF_PERSONALIZE_DONE; s <= DF_PERSONALIZE_SKIPPED; s++)
    {
      json_builder_set_member_name (b, df_personalize_status_to_string (s));
      json_builder_add_int_value (b, counts[s]);
    }
  json_builder_set_member_name (b, "ok");
  json_builder_add_boolean_value (b, counts[DF_PERSONALIZE_FAILED] + counts[DF_PERSONALIZE_SKIPPED] == 0);
  if (estimate != NULL)
    add_estimate (b, estimate);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  cli_json_print (root);
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
  g_autoptr(JsonBuilder) b = json_builder_new ();
  DfPluginJobLimits limits = { 0, 0, TRUE };

  if (host == NULL)
    return FALSE;
  transforms = df_plugin_job_reader_transforms (host, &limits);
  json_builder_begin_array (b);
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
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "number");
      json_builder_add_int_value (b, chapter->number);
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, chapter->title);
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, chapter->content_md);
      json_builder_end_object (b);
      if (!opt_json)
        cli_out_exact (chapter->content_md);
    }
  json_builder_end_array (b);
  if (opt_json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (b);

      cli_json_print (root);
    }
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
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      json_builder_begin_object (b);
      add_estimate (b, estimate);
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, text);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      cli_json_print (root);
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
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < rows->len; i++)
        {
          DfPersonalized *r = rows->pdata[i];
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "chapter");
          json_builder_add_int_value (b, r->requests);
          json_builder_set_member_name (b, "created_at");
          json_builder_add_string_value (b, r->created_at);
          r->requests = 0;
          add_result (b, r);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      cli_json_print (root);
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
