/* cli-plugin-settings.c: plugin settings ID [KEY [VALUE]]
 *
 * A plugin's own settings (df-plugin-settings.h): all of them, one, or
 * one set or (--unset) forgotten.  The plugin need not be installed: its
 * settings stay in the database when it is removed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cli-private.h"
#include "df-plugin-settings.h"

static gboolean opt_unset;

static const GOptionEntry settings_entries[] = {
  { "unset", 0, 0, G_OPTION_ARG_NONE, &opt_unset, N_("Forget the setting KEY"), NULL },
  CLI_OPTION_JSON,
  { NULL }
};

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

static void
print_all (GHashTable *settings)
{
  g_autofree gpointer *keys = g_hash_table_get_keys_as_array (settings, NULL);
  guint n = g_hash_table_size (settings);

  qsort (keys, n, sizeof (gpointer), compare_keys);
  if (cli_opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      for (guint i = 0; i < n; i++)
        {
          json_builder_set_member_name (builder, keys[i]);
          json_builder_add_string_value (builder, g_hash_table_lookup (settings, keys[i]));
        }
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      cli_json_print (root);
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *value = cli_one_line (g_hash_table_lookup (settings, keys[i]));
      cli_outf ("%s = %s\n", (const char *)keys[i], value);
    }
}

typedef struct
{
  const char *key;
  const char *value;   /* NULL: not set */
} Setting;

static const CliField setting_fields[] = {
  CLI_MEMBER (Setting, "key", key, CLI_STRING),
  CLI_MEMBER (Setting, "value", value, CLI_STRING),
};
static const CliFields setting_record = CLI_FIELDS (setting_fields);

static void
print_one (const char *key,
           const char *value)
{
  if (cli_opt_json)
    {
      Setting setting = { key, value };

      cli_print_record_json (&setting_record, &setting, NULL);
      return;
    }
  if (value != NULL)
    {
      cli_out_exact (value);
      cli_out_exact ("\n");
    }
}

static gboolean
plugin_settings (Cli     *cli,
                 char   **args,
                 GError **error)
{
  DfStore *store = cli_open (cli, error) ? cli->store : NULL;
  const char *id = args[0];
  const char *key = args[1];
  const char *value = key != NULL ? args[2] : NULL;

  if (store == NULL)
    return FALSE;
  if (opt_unset && (key == NULL || value != NULL))
    {
      cli_usage_error (error, _("--unset takes the KEY to forget, and no VALUE"));
      return FALSE;
    }
  if (key == NULL)
    {
      g_autoptr(GHashTable) settings = df_plugin_settings_list (store, id, error);

      if (settings == NULL)
        return FALSE;
      if (g_hash_table_size (settings) == 0 && !cli_opt_json)
        cli_note (_("The plugin %s has no settings stored."), id);
      print_all (settings);
      return TRUE;
    }
  if (value != NULL || opt_unset)
    {
      if (!df_plugin_settings_set (store, id, key, value, error))
        return FALSE;
      print_one (key, value);
      return TRUE;
    }
  {
    g_autoptr(GError) local_error = NULL;
    g_autofree char *stored = df_plugin_settings_get (store, id, key, &local_error);

    if (local_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return FALSE;
      }
    if (stored == NULL && !cli_opt_json)
      {
        cli_failed (error, _("The plugin %s has no setting “%s”"), id, key);
        return FALSE;
      }
    print_one (key, stored);
  }
  return TRUE;
}

const CliBuiltin cli_plugin_settings = {
  N_("ID [KEY [VALUE]]"), 1, 3, settings_entries,
  N_("A plugin's own settings, kept in the database under its id: all of them, the value of KEY, "
     "or KEY set to VALUE (--unset forgets it).  Never put a password or token here."),
  plugin_settings,
};
