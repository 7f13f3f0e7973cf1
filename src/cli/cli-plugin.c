/* cli-plugin.c: plugin list, info, install, remove, enable, disable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "cli-private.h"

static void
get_api (gconstpointer  record,
         gconstpointer  data,
         CliValue      *value)
{
  cli_value_set_int (value, ((const DfPluginInfo *)record)->api_version);
}

static void
get_origin (gconstpointer  record,
            gconstpointer  data,
            CliValue      *value)
{
  switch (((const DfPluginInfo *)record)->origin)
    {
    case DF_PLUGIN_ORIGIN_USER:
      cli_value_set_string (value, "user");
      break;
    case DF_PLUGIN_ORIGIN_PATH:
      cli_value_set_string (value, "path");
      break;
    case DF_PLUGIN_ORIGIN_SYSTEM:
      cli_value_set_string (value, "system");
      break;
    default:
      cli_value_set_string (value, "?");
      break;
    }
}

static void
get_crashes (gconstpointer  record,
             gconstpointer  data,
             CliValue      *value)
{
  cli_value_set_int (value, ((const DfPluginInfo *)record)->crashes);
}

static void
get_jobs (gconstpointer  record,
          gconstpointer  data,
          CliValue      *value)
{
  cli_value_set_int (value, ((const DfPluginInfo *)record)->jobs);
}

static void
get_job_seconds (gconstpointer  record,
                 gconstpointer  data,
                 CliValue      *value)
{
  cli_value_set_double (value, ((const DfPluginInfo *)record)->job_seconds);
}

/* enabled, disabled, or error when it is enabled but not loaded */
static void
get_state (gconstpointer  record,
           gconstpointer  data,
           CliValue      *value)
{
  const DfPluginInfo *info = record;

  if (!info->enabled)
    cli_value_set_string (value, _("disabled"));
  else if (info->error != NULL)
    cli_value_set_string (value, _("error"));
  else
    cli_value_set_string (value, _("enabled"));
}

static const CliField plugin_field_list[] = {
  CLI_MEMBER (DfPluginInfo, "id", id, CLI_STRING),
  CLI_MEMBER (DfPluginInfo, "name", name, CLI_STRING),
  CLI_MEMBER (DfPluginInfo, "description", description, CLI_STRING),
  CLI_MEMBER (DfPluginInfo, "version", version, CLI_STRING),
  CLI_MEMBER (DfPluginInfo, "authors", authors, CLI_STRING),
  CLI_MEMBER (DfPluginInfo, "website", website, CLI_STRING),
  CLI_COMPUTED ("api", get_api),
  CLI_MEMBER (DfPluginInfo, "provides", provides, CLI_STRV),
  CLI_COMPUTED ("origin", get_origin),
  CLI_MEMBER (DfPluginInfo, "dir", dir, CLI_STRING),
  CLI_MEMBER (DfPluginInfo, "module", module_path, CLI_STRING),
  CLI_MEMBER (DfPluginInfo, "checksum", checksum, CLI_STRING),
  CLI_MEMBER (DfPluginInfo, "enabled", enabled, CLI_BOOL),
  CLI_MEMBER (DfPluginInfo, "loaded", loaded, CLI_BOOL),
  CLI_MEMBER (DfPluginInfo, "error", error, CLI_STRING),
  CLI_MEMBER (DfPluginInfo, "shadows", shadowed_dir, CLI_STRING),
  CLI_COMPUTED ("crashes", get_crashes),
  CLI_MEMBER (DfPluginInfo, "last_failure", last_failure, CLI_STRING),
  CLI_MEMBER (DfPluginInfo, "last_failure_at", last_failure_at, CLI_STRING),
  CLI_COMPUTED ("jobs", get_jobs),
  CLI_COMPUTED ("job_seconds", get_job_seconds),
};

static const CliFields plugin_fields = CLI_FIELDS (plugin_field_list);

static const CliColumn plugin_column_list[] = {
  { N_("ID"), "id", 0 },
  { N_("VERSION"), "version", CLI_CELL_DASH },
  { N_("STATE"), NULL, 0, get_state },
  { N_("ORIGIN"), "origin", 0 },
  { N_("PROVIDES"), "provides", CLI_CELL_DASH },
  { N_("NAME"), "name", CLI_CELL_DASH },
};

static const CliView plugin_columns = CLI_VIEW (plugin_column_list);

static const CliColumn plugin_detail_list[] = {
  { N_("Id:"), "id", 0 },
  { N_("Name:"), "name", CLI_CELL_DASH },
  { N_("Description:"), "description", CLI_CELL_DASH },
  { N_("Version:"), "version", CLI_CELL_DASH },
  { N_("Authors:"), "authors", CLI_CELL_DASH },
  { N_("Website:"), "website", CLI_CELL_DASH },
  { N_("API:"), "api", 0 },
  { N_("Provides:"), "provides", CLI_CELL_DASH },
  { N_("Origin:"), "origin", 0 },
  { N_("Folder:"), "dir", CLI_CELL_DASH },
  { N_("Module:"), "module", CLI_CELL_DASH },
  { N_("SHA-256:"), "checksum", CLI_CELL_DASH },
  { N_("Enabled:"), "enabled", CLI_CELL_YES_NO },
  { N_("Loaded:"), "loaded", CLI_CELL_YES_NO },
  { N_("Error:"), "error", CLI_CELL_DASH },
  { N_("Shadows:"), "shadows", CLI_CELL_DASH },
  { N_("Crashes:"), "crashes", 0 },
  { N_("Last failure:"), "last_failure", CLI_CELL_DASH },
  { N_("Failed at:"), "last_failure_at", CLI_CELL_DASH },
  { N_("Runs:"), "jobs", 0 },
  { N_("Mean seconds:"), "job_seconds", 0 },
};

static const CliView plugin_details = CLI_VIEW (plugin_detail_list);

/* Below the table: why plugins are not loaded, and what they hide. */
static void
print_plugin_notes (GPtrArray *plugins)
{
  for (guint i = 0; i < plugins->len; i++)
    {
      const DfPluginInfo *info = plugins->pdata[i];

      if (info->error != NULL)
        {
          g_autofree char *line = cli_one_line (info->error);

          /* TRANSLATORS: a plugin id, then why it is not loaded */
          cli_outf (_("%s: error: %s\n"), info->id, line);
        }
      if (info->shadowed_dir != NULL)
        {
          g_autofree char *dir = cli_one_line (info->shadowed_dir);

          /* TRANSLATORS: a plugin id, then the folder of the plugin it hides */
          cli_outf (_("%s: shadows %s\n"), info->id, dir);
        }
    }
}

static gboolean
plugin_list (Cli     *cli,
             char   **args,
             GError **error)
{
  g_autoptr(DfPluginHost) host = NULL;
  g_autoptr(GPtrArray) plugins = NULL;

  host = cli_plugin_host (cli, TRUE, error);
  if (host == NULL)
    return FALSE;

  df_plugin_host_update_health (host);
  plugins = df_plugin_host_list (host);
  if (!cli_print_list (&plugin_fields, &plugin_columns, plugins, NULL))
    cli_outf (_("No plugins found. Install one with “%s plugin install PATH”.\n"), CLI_PROGRAM);
  else if (!cli_opt_json)
    print_plugin_notes (plugins);
  return TRUE;
}

const CliBuiltin cli_plugin_list = {
  "", 0, 0, cli_json_options,
  N_("Lists the plugins found in the user's folder ($XDG_DATA_HOME/draftforge/plugins), "
     "the folders of DRAFTFORGE_PLUGIN_PATH and DraftForge's own, by id, with why a "
     "plugin is not loaded and which plugin of the same id it hides."),
  plugin_list,
};

static gboolean
plugin_info (Cli     *cli,
             char   **args,
             GError **error)
{
  g_autoptr(DfPluginHost) host = NULL;
  const DfPluginInfo *info;

  host = cli_plugin_host (cli, TRUE, error);
  if (host == NULL)
    return FALSE;

  df_plugin_host_update_health (host);
  info = df_plugin_host_lookup (host, args[0]);
  if (info == NULL)
    {
      cli_failed (error, _("There is no plugin with the id “%s”; “%s plugin list” shows them"),
                  args[0], CLI_PROGRAM);
      return FALSE;
    }

  cli_print_record (&plugin_fields, &plugin_details, info, NULL);
  return TRUE;
}

const CliBuiltin cli_plugin_info = {
  N_("ID"), 1, 1, cli_json_options,
  NULL,
  plugin_info,
};

static gboolean opt_yes;

static const GOptionEntry install_entries[] = {
  { "yes", 'y', 0, G_OPTION_ARG_NONE, &opt_yes, N_("Install without asking (for scripts)"), NULL },
  { NULL }
};

/* What @info asks for, in words, on standard error. */
static void
print_permissions (const DfPluginInfo *info)
{
  g_autofree char *name = cli_one_line (info->name ? info->name : info->id);

  if (info->permissions == NULL)
    {
      /* TRANSLATORS: a plugin's name, id and version */
      cli_note (_("“%s” (%s %s): permissions not declared; it may do anything DraftForge can do."),
                name, info->id, info->version ? info->version : "");
      return;
    }
  if (info->permissions[0] == NULL)
    {
      cli_note (_("“%s” (%s %s) asks for no permissions."), name, info->id, info->version ? info->version : "");
      return;
    }
  cli_note (_("“%s” (%s %s) asks to:"), name, info->id, info->version ? info->version : "");
  for (guint i = 0; info->permissions[i] != NULL; i++)
    fprintf (stderr, "  • %s\n", df_plugin_permission_describe (info->permissions[i]));
}

/* Shows what the plugin at @path asks for and asks whether to install
 * it: a terminal answers; without one, --yes is needed. */
static gboolean
confirm_install (DfPluginHost  *host,
                 const char    *path,
                 GError       **error)
{
  g_autoptr(DfPluginInfo) info = NULL;
  char answer[16] = "";

  if (opt_yes)
    return TRUE;
  if ((info = df_plugin_host_inspect (host, path, error)) == NULL)
    return FALSE;
  print_permissions (info);
  if (!isatty (STDIN_FILENO))
    {
      cli_failed (error, _("Not installed: add --yes to install it without a question"));
      return FALSE;
    }
  fputs (_("Install it? [y/N] "), stderr);
  fflush (stderr);
  /* y, as the question says, in every language. */
  if (fgets (answer, sizeof answer, stdin) == NULL || g_ascii_tolower (answer[0]) != 'y')
    {
      cli_failed (error, _("Not installed"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
plugin_install (Cli     *cli,
                char   **args,
                GError **error)
{
  g_autoptr(DfPluginHost) host = NULL;
  g_autofree char *id = NULL;
  const DfPluginInfo *info;

  host = cli_plugin_host (cli, FALSE, error);
  if (host == NULL || !confirm_install (host, args[0], error))
    return FALSE;

  id = df_plugin_host_install (host, args[0], error);
  if (id == NULL)
    return FALSE;

  info = df_plugin_host_lookup (host, id);
  if (info != NULL && info->shadowed_dir != NULL)
    cli_note (_("%s now hides the plugin of the same id in %s"), id, info->shadowed_dir);

  cli_outf ("%s\n", id);
  return TRUE;
}

const CliBuiltin cli_plugin_install = {
  N_("PATH"), 1, 1, install_entries,
  N_("PATH is a plugin folder (a NAME.plugin manifest and its module), or a .tar.gz, "
     ".tar.xz or .zip archive holding one.  What the plugin asks to do (its Permissions) "
     "is shown and the install asked for; --yes installs without asking.  It is checked, "
     "tried in a helper process, then copied into "
     "$XDG_DATA_HOME/draftforge/plugins/ID, replacing an earlier version.  "
     "Prints the plugin's id.  See docs/plugins.md for what is refused."),
  plugin_install,
};

static gboolean
plugin_remove (Cli     *cli,
               char   **args,
               GError **error)
{
  g_autoptr(DfPluginHost) host = cli_plugin_host (cli, FALSE, error);

  return host != NULL && df_plugin_host_remove (host, args[0], error);
}

const CliBuiltin cli_plugin_remove = {
  N_("ID"), 1, 1, NULL,
  N_("Removes a plugin installed with “plugin install”.  DraftForge's own plugins "
     "can only be disabled."),
  plugin_remove,
};

/* Both are remembered in the database: the application and the command
 * line load only enabled plugins. */
static gboolean
set_enabled (Cli         *cli,
             const char  *id,
             gboolean     enabled,
             GError     **error)
{
  g_autoptr(DfPluginHost) host = cli_plugin_host (cli, FALSE, error);

  return host != NULL && df_plugin_host_set_enabled (host, id, enabled, error);
}

static const char enabled_note[] =
  N_("Remembered in the database: the application and the command line load only "
     "enabled plugins.");

static gboolean
plugin_enable (Cli     *cli,
               char   **args,
               GError **error)
{
  return set_enabled (cli, args[0], TRUE, error);
}

const CliBuiltin cli_plugin_enable = {
  N_("ID"), 1, 1, NULL,
  enabled_note,
  plugin_enable,
};

static gboolean
plugin_disable (Cli     *cli,
                char   **args,
                GError **error)
{
  return set_enabled (cli, args[0], FALSE, error);
}

const CliBuiltin cli_plugin_disable = {
  N_("ID"), 1, 1, NULL,
  enabled_note,
  plugin_disable,
};
