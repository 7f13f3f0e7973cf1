/* cli-style.c: style report, style settings, style set
 *
 * The style checker is a plugin (plugins/style): the command line finds
 * its agent through the plugin host and asks it for its report (the
 * per-chapter figures and the list of its checks).  Its settings live in
 * the project's settings, under "style": {"off": [check ids], "ignore":
 * [words and phrases], "quotes": "auto" | "curly" | "straight"}; they
 * travel with the project in the folder format.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "cli-private.h"
#include "df-style-figures.h"

static gboolean opt_csv;
static char **opt_on;
static char **opt_off;
static char **opt_ignore;
static char **opt_unignore;
static char *opt_quotes;

/* ---- shared -------------------------------------------------------------- */

#define STYLE_PLUGIN_ID "io.github.draftforge.Style"

/* The style agent's report on @project, as the agent writes it. */
static char *
style_report_text (Cli        *cli,
                   DfProject  *project,
                   GError    **error)
{
  g_autoptr(DfPluginHost) host = cli_plugin_host (cli, FALSE, error);
  const char *plugin_id;
  DfAgent *agent = NULL;
  char *json;

  if (host == NULL)
    return NULL;
  /* DraftForge's own style plugin alone, when it is there and enabled;
   * else every plugin, for one that provides the agent "style". */
  if (df_plugin_host_load_one (host, STYLE_PLUGIN_ID, NULL))
    agent = df_plugin_host_find_agent (host, "style");
  if (agent == NULL)
    {
      df_plugin_host_load (host);
      agent = df_plugin_host_find_agent (host, "style");
    }
  if (agent == NULL || !df_agent_can_report (agent))
    {
      cli_failed (error, _("The style checker is not available: enable its plugin (“%s plugin list”)"),
                  CLI_PROGRAM);
      return NULL;
    }
  plugin_id = df_plugin_host_get_extension_plugin_id (host, G_OBJECT (agent));
  df_plugin_guard_enter (plugin_id, "report");
  json = df_agent_report (agent, cli->store, project->id, NULL, error);
  df_plugin_guard_leave (plugin_id);
  return json;
}

/* The style agent's report on @project: a JSON object. */
static JsonNode *
style_report_of (Cli        *cli,
                 DfProject  *project,
                 GError    **error)
{
  g_autofree char *json = style_report_text (cli, project, error);

  return json != NULL ? json_from_string (json, error) : NULL;
}

/* The project's settings, parsed (an object, maybe empty). */
static JsonNode *
project_settings (DfProject *project)
{
  JsonNode *root = project->settings ? json_from_string (project->settings, NULL) : NULL;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_clear_pointer (&root, json_node_unref);
      root = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (root, json_object_new ());
    }
  return root;
}

/* The "style" object of @settings, added when missing. */
static JsonObject *
style_object (JsonNode *settings)
{
  JsonObject *object = json_node_get_object (settings);
  JsonNode *style = json_object_get_member (object, "style");

  if (style == NULL || !JSON_NODE_HOLDS_OBJECT (style))
    json_object_set_object_member (object, "style", json_object_new ());
  return json_object_get_object_member (object, "style");
}

/* The array @name of @style, added when missing. */
static JsonArray *
style_array (JsonObject *style,
             const char *name)
{
  JsonNode *node = json_object_get_member (style, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    json_object_set_array_member (style, name, json_array_new ());
  return json_object_get_array_member (style, name);
}

static gboolean
array_has (JsonArray  *array,
           const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

static void
array_remove (JsonArray  *array,
              const char *value)
{
  for (guint i = json_array_get_length (array); i > 0; i--)
    if (g_strcmp0 (json_array_get_string_element (array, i - 1), value) == 0)
      json_array_remove_element (array, i - 1);
}

/* ---- style report ---------------------------------------------------------- */

static const GOptionEntry report_entries[] = {
  CLI_OPTION_JSON,
  { "csv", 0, 0, G_OPTION_ARG_NONE, &opt_csv, N_("Print CSV, a row per chapter"), NULL },
  G_OPTION_ENTRY_NULL
};

static const char *const categories[] = {
  "passive", "weasel", "adverb", "cliche", "wordiness", "repetition", "dialogue", "filter",
  "typography", "readability",
};

static char *
figure_text (JsonObject *row,
             const char *name)
{
  JsonNode *node = json_object_get_member (row, name);

  if (node == NULL)
    return g_strdup ("");
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return g_strdup_printf ("%.2f", json_node_get_double (node));
}

static gint64
findings_total (JsonObject *row)
{
  JsonObject *findings = json_object_get_object_member (row, "findings");
  gint64 total = 0;

  for (guint c = 0; findings != NULL && c < G_N_ELEMENTS (categories); c++)
    total += json_object_get_int_member_with_default (findings, categories[c], 0);
  return total;
}

static void
add_table_row (CliTable   *table,
               const char *number,
               const char *title,
               JsonObject *row)
{
  static const char *const shown[] = {
    "words", "flesch", "grade", "sentence_mean", "sentence_stdev", "word_length", "passive_rate", "adverb_rate",
  };
  g_autofree char *total = g_strdup_printf ("%" G_GINT64_FORMAT, findings_total (row));

  cli_table_add (table, number);
  cli_table_add (table, title);
  for (guint f = 0; f < G_N_ELEMENTS (shown); f++)
    {
      g_autofree char *value = figure_text (row, shown[f]);
      cli_table_add (table, value);
    }
  cli_table_add (table, total);
}

static void
print_table (JsonArray  *chapters,
             JsonObject *book)
{
  /* Numbers right-aligned: every column but the title. */
  g_autoptr(CliTable) table = cli_table_new (11, 0x7FF & ~(1 << 1));

  cli_table_add (table, _("CH"));
  cli_table_add (table, _("TITLE"));
  cli_table_add (table, _("WORDS"));
  cli_table_add (table, _("FLESCH"));
  cli_table_add (table, _("GRADE"));
  cli_table_add (table, _("SENT."));
  cli_table_add (table, _("SPREAD"));
  cli_table_add (table, _("WORD"));
  cli_table_add (table, _("PASSIVE%"));
  cli_table_add (table, _("ADVERB%"));
  cli_table_add (table, _("FINDINGS"));
  for (guint i = 0; i < json_array_get_length (chapters); i++)
    {
      JsonObject *row = json_array_get_object_element (chapters, i);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (row, "number"));
      g_autofree char *title = cli_one_line (json_object_get_string_member_with_default (row, "title", ""));

      add_table_row (table, number, title, row);
    }
  add_table_row (table, "", _("The whole book"), book);
  cli_table_print (table);
  cli_out (_("Flesch: reading ease (higher is easier); GRADE: Flesch-Kincaid school grade; SENT.: words per "
             "sentence and SPREAD their standard deviation; WORD: letters per word; PASSIVE%: passive "
             "constructions per 100 sentences; ADVERB%: adverbs per 100 words.\n"));
}

static gboolean
style_report (Cli     *cli,
              char   **args,
              GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autofree char *json = NULL;
  g_autofree char *figures = NULL;
  g_autoptr(JsonNode) report = NULL;
  JsonObject *object;

  if (project == NULL)
    return FALSE;
  if (cli_opt_json && opt_csv)
    {
      cli_usage_error (error, _("Choose one of --json and --csv"));
      return FALSE;
    }
  if ((json = style_report_text (cli, project, error)) == NULL)
    return FALSE;
  /* As the Style Report window exports them (df-style-figures.c): JSON
   * exactly as it is (from the report's text, unparsed, when it is the
   * style plugin's), CSV with what cannot be seen shown. */
  if (cli_opt_json && (figures = df_style_figures_json_from_text (json)) != NULL)
    {
      cli_out_exact (figures);
      return TRUE;
    }
  if ((report = json_from_string (json, error)) == NULL)
    return FALSE;
  object = json_node_get_object (report);
  if (cli_opt_json)
    {
      figures = df_style_figures_json (report);
      cli_out_exact (figures);
    }
  else if (opt_csv)
    {
      figures = df_style_figures_csv (object);
      cli_out (figures);
    }
  else
    print_table (json_object_get_array_member (object, "chapters"), json_object_get_object_member (object, "book"));
  return TRUE;
}

const CliBuiltin cli_style_report = {
  N_("SLUG"), 1, 1, report_entries,
  N_("Prints the style checker's figures for each chapter and the whole book: words, sentences, Flesch "
     "reading ease, Flesch-Kincaid grade, words per sentence and their spread, letters per word, the "
     "passive and adverb rates, and the findings by kind. Nothing is stored."),
  style_report,
};

/* ---- style settings ------------------------------------------------------- */

static void
print_settings (JsonObject *style,
                JsonArray  *checks)
{
  JsonArray *ignore = style_array (style, "ignore");
  g_autoptr(CliTable) table = cli_table_new (3, 0);

  cli_outf (_("Quotes: %s\n"), json_object_get_string_member_with_default (style, "quotes", "auto"));
  cli_out (_("Ignored:"));
  for (guint i = 0; i < json_array_get_length (ignore); i++)
    cli_outf ("%s“%s”", i ? ", " : " ", json_array_get_string_element (ignore, i));
  cli_out (json_array_get_length (ignore) ? "\n\n" : _(" nothing\n\n"));
  cli_table_add (table, _("CHECK"));
  cli_table_add (table, _("ON"));
  cli_table_add (table, _("WHAT IT FINDS"));
  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *check = json_array_get_object_element (checks, i);

      cli_table_add (table, json_object_get_string_member (check, "id"));
      cli_table_add (table, json_object_get_boolean_member (check, "on") ? _("on") : _("off"));
      cli_table_add (table, json_object_get_string_member (check, "why"));
    }
  cli_table_print (table);
}

static gboolean
style_settings (Cli     *cli,
                char   **args,
                GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JsonNode) settings = NULL;
  JsonObject *style;
  JsonArray *checks;

  if (project == NULL || (report = style_report_of (cli, project, error)) == NULL)
    return FALSE;
  settings = project_settings (project);
  style = style_object (settings);
  style_array (style, "off");
  style_array (style, "ignore");
  if (!json_object_has_member (style, "quotes"))
    json_object_set_string_member (style, "quotes", "auto");
  checks = json_object_get_array_member (json_node_get_object (report), "checks");
  if (cli_opt_json)
    {
      json_object_set_array_member (style, "checks", json_array_ref (checks));
      cli_json_print (json_object_get_member (json_node_get_object (settings), "style"));
    }
  else
    print_settings (style, checks);
  return TRUE;
}

const CliBuiltin cli_style_settings = {
  N_("SLUG"), 1, 1, cli_json_options,
  N_("Shows the project's style settings: each check on or off, the words and phrases never flagged, "
     "and the book's quotes (auto: whichever the book uses most)."),
  style_settings,
};

/* ---- style set ------------------------------------------------------------ */

static const GOptionEntry set_entries[] = {
  { "on", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_on, N_("Turn CHECK on (repeat for more)"), N_("CHECK") },
  { "off", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_off, N_("Turn CHECK off (repeat for more)"), N_("CHECK") },
  { "ignore", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_ignore,
    N_("Never flag WORDS (a word or a phrase; repeat for more)"), N_("WORDS") },
  { "unignore", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_unignore,
    N_("Flag WORDS again"), N_("WORDS") },
  { "quotes", 0, 0, G_OPTION_ARG_STRING, &opt_quotes,
    N_("The book's quotes: curly, straight, or auto (whichever it uses most)"), N_("KIND") },
  CLI_OPTION_JSON,
  G_OPTION_ENTRY_NULL
};

static gboolean
check_known (JsonArray   *checks,
             const char  *id,
             GError     **error)
{
  g_autoptr(GString) known = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      const char *name = json_object_get_string_member (json_array_get_object_element (checks, i), "id");

      if (g_strcmp0 (name, id) == 0)
        return TRUE;
      g_string_append_printf (known, "%s%s", i ? ", " : "", name);
    }
  cli_usage_error (error, _("Unknown check “%s”; the checks are %s"), id, known->str);
  return FALSE;
}

static gboolean
style_set (Cli     *cli,
           char   **args,
           GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JsonNode) settings = NULL;
  g_autofree char *text = NULL;
  JsonObject *style;
  JsonArray *checks, *off, *ignore;

  if (project == NULL)
    return FALSE;
  if (opt_quotes != NULL && g_strcmp0 (opt_quotes, "curly") != 0 && g_strcmp0 (opt_quotes, "straight") != 0 &&
      g_strcmp0 (opt_quotes, "auto") != 0)
    {
      cli_usage_error (error, _("Unknown quotes “%s”: use curly, straight or auto"), opt_quotes);
      return FALSE;
    }
  if ((report = style_report_of (cli, project, error)) == NULL)
    return FALSE;
  checks = json_object_get_array_member (json_node_get_object (report), "checks");
  settings = project_settings (project);
  style = style_object (settings);
  off = style_array (style, "off");
  ignore = style_array (style, "ignore");
  for (guint i = 0; opt_off && opt_off[i]; i++)
    {
      if (!check_known (checks, opt_off[i], error))
        return FALSE;
      if (!array_has (off, opt_off[i]))
        json_array_add_string_element (off, opt_off[i]);
    }
  for (guint i = 0; opt_on && opt_on[i]; i++)
    {
      if (!check_known (checks, opt_on[i], error))
        return FALSE;
      array_remove (off, opt_on[i]);
    }
  for (guint i = 0; opt_ignore && opt_ignore[i]; i++)
    if (*g_strstrip (opt_ignore[i]) != '\0' && !array_has (ignore, opt_ignore[i]))
      json_array_add_string_element (ignore, opt_ignore[i]);
  for (guint i = 0; opt_unignore && opt_unignore[i]; i++)
    array_remove (ignore, g_strstrip (opt_unignore[i]));
  if (opt_quotes != NULL)
    json_object_set_string_member (style, "quotes", opt_quotes);

  text = json_to_string (settings, FALSE);
  if (!df_project_set_field (cli->store, project->id, "settings", text, error))
    return FALSE;
  if (cli_opt_json)
    cli_json_print (json_object_get_member (json_node_get_object (settings), "style"));
  return TRUE;
}

const CliBuiltin cli_style_set = {
  N_("SLUG"), 1, 1, set_entries,
  N_("Changes the project's style settings: checks on or off (see “style settings” for their names), "
     "words and phrases never flagged, the book's quotes. They are kept in the project's settings and "
     "travel with it in a project folder."),
  style_set,
};
