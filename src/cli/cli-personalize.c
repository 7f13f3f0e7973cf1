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

static char *opt_profile;
static char *opt_type;
static gboolean opt_offline;
static gboolean opt_json;
static gboolean opt_dry_run;
static gboolean opt_clear;
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

/* One chapter: its text, and the JSON object when --json. */
static void
print_chapter (JsonBuilder          *b,
               const DfChapter      *chapter,
               const char           *text,
               GPtrArray            *hits,
               const DfPersonalized *r)
{
  if (b == NULL)
    {
      cli_out_exact (text);
      if (r != NULL)
        {
          if (g_str_equal (r->metric, "urdu"))
            cli_note (_("Chapter %" PRId64 ": %s, %.1f → %.1f words a sentence"), chapter->number,
                      r->kind, r->before, r->after);
          else
            cli_note (_("Chapter %" PRId64 ": %s, grade %.0f → grade %.0f"), chapter->number,
                      r->kind, r->before, r->after);
          if (r->from_cache)
            cli_note ("%s", _("From the cache: no request was made"));
          if (r->note != NULL)
            cli_note ("%s", r->note);
        }
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "number");
  json_builder_add_int_value (b, chapter->number);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, chapter->title);
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, text);
  if (r != NULL)
    add_result (b, r);
  add_hits (b, hits);
  json_builder_end_object (b);
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

static gboolean
personalize_one (Cli              *cli,
                 JsonBuilder      *b,
                 const DfAiConfig *config,
                 const DfProfile  *profile,
                 DfChapter        *chapter,
                 DfPersonalizeKind kind,
                 guint             keep_days,
                 GError          **error)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *text = NULL;
  g_autoptr(DfPersonalized) r = NULL;
  DfPersonalizeOptions options = { .kind = kind, .expiry_days = keep_days };

  if (config == NULL)
    {
      text = df_personalize_offline (cli->store, profile, chapter, &hits, error);
      if (text == NULL)
        return FALSE;
      print_chapter (b, chapter, text, hits, NULL);
      return TRUE;
    }
  r = df_personalize_rewrite (cli->store, config, profile, chapter, &options, NULL, error);
  if (r == NULL)
    return FALSE;
  print_chapter (b, chapter, r->text, NULL, r);
  return TRUE;
}

/* The estimate for the chapters, on stderr (or stdout with --dry-run). */
static void
print_estimate (GPtrArray *chapters)
{
  gint64 tokens = 0;

  for (guint i = 0; i < chapters->len; i++)
    tokens += df_personalize_estimate (chapters->pdata[i]);
  if (opt_dry_run)
    cli_outf (g_dngettext (GETTEXT_PACKAGE, "About %" PRId64 " tokens for %u chapter\n",
                           "About %" PRId64 " tokens for %u chapters\n", chapters->len),
              tokens, chapters->len);
  else
    cli_note (g_dngettext (GETTEXT_PACKAGE, "About %" PRId64 " tokens for %u chapter",
                           "About %" PRId64 " tokens for %u chapters", chapters->len),
              tokens, chapters->len);
}

static gboolean
personalize (Cli     *cli,
             char   **args,
             GError **error)
{
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) chapters = g_ptr_array_new_with_free_func ((GDestroyNotify)df_chapter_free);
  g_autoptr(DfAiConfig) config = NULL;
  g_autoptr(JsonBuilder) b = opt_json ? json_builder_new () : NULL;
  DfPersonalizeKind kind = DF_PERSONALIZE_EXPLANATION;
  gint64 keep_days = 0;

  if (opt_keep_days != NULL && !cli_parse_number ("--keep-days", opt_keep_days, 1, 3650, &keep_days, error))
    return FALSE;
  if (opt_type != NULL && !df_personalize_kind_from_string (opt_type, &kind))
    {
      cli_usage_error (error, _("--type must be explanation, example or difficulty (got “%s”)"), opt_type);
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
  if (!opt_offline)
    {
      print_estimate (chapters);
      if (opt_dry_run)
        return TRUE;
      config = rewrite_config (cli, profile, error);
      if (config == NULL)
        return FALSE;
    }
  if (b != NULL)
    json_builder_begin_array (b);
  for (guint i = 0; i < chapters->len; i++)
    if (!personalize_one (cli, b, config, profile, chapters->pdata[i], kind, (guint)keep_days, error))
      {
        if (i > 0)
          cli_note (_("The chapters before chapter %" PRId64 " are done and kept in the cache"),
                    ((DfChapter *)chapters->pdata[i])->number);
        return FALSE;
      }
  if (b != NULL)
    {
      g_autoptr(JsonNode) root = NULL;
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      cli_json_print (root);
    }
  return TRUE;
}

static const GOptionEntry personalize_options[] = {
  { "profile", 0, 0, G_OPTION_ARG_STRING, &opt_profile, N_("The reader's profile (default: the active one)"), N_("NAME") },
  { "type", 0, 0, G_OPTION_ARG_STRING, &opt_type, N_("The change: explanation (default), example or difficulty"), N_("TYPE") },
  { "offline", 0, 0, G_OPTION_ARG_NONE, &opt_offline, N_("Only the author's level blocks and the glossary: no model"), NULL },
  { "keep-days", 0, 0, G_OPTION_ARG_STRING, &opt_keep_days, N_("Keep the rewrites this many days after the last one (default: 30)"), N_("DAYS") },
  { "dry-run", 0, 0, G_OPTION_ARG_NONE, &opt_dry_run, N_("Show the tokens a rewrite would take, and stop"), NULL },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
  { NULL }
};

const CliBuiltin cli_personalize = {
  N_("SLUG [N]"), 1, 2, personalize_options,
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
