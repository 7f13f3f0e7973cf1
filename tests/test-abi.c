/* test-abi.c: DraftForge's own plugins, loaded as a user's would be
 *
 * One core per process: this suite is built as the programs are (the core
 * linked whole, its API exported), loads every bundled plugin
 * (DRAFTFORGE_PLUGIN_PATH) and checks that each loads, and that the types
 * each registers are named with the plugin's own prefix, never the host's
 * "Df": GType names are one namespace per process.  The symbols are
 * checked by tests/abi-contract.py.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "df-plugin-host.h"
#include "df-test-util.h"

typedef DfTestStoreFixture Fixture;

/* Each extension's type, and the plugin that registered it. */
static void
check_extensions (DfPluginHost *host,
                  GPtrArray    *extensions,
                  guint        *n_checked)
{
  for (guint i = 0; i < extensions->len; i++)
    {
      GObject *extension = g_ptr_array_index (extensions, i);
      const char *type_name = G_OBJECT_TYPE_NAME (extension);
      const char *plugin_id = df_plugin_host_get_extension_plugin_id (host, extension);

      g_test_message ("%s registers %s", plugin_id, type_name);
      if (g_str_has_prefix (type_name, "Df"))
        g_error ("%s registers the type %s: a plugin's types take the plugin's own prefix, "
                 "not the host's Df (docs/plugins.md, \"The ABI\")", plugin_id, type_name);
      (*n_checked)++;
    }
}

static void
test_bundled_types (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DfPluginHost) host = df_plugin_host_new (f->store, NULL);
  g_autoptr(GPtrArray) plugins = NULL;
  g_autoptr(GPtrArray) exporters = NULL;
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(GPtrArray) transforms = NULL;
  g_autoptr(GPtrArray) backends = NULL;
  g_autoptr(GPtrArray) ui_extensions = NULL;
  guint n_checked = 0;
  guint n_bundled = 0;

  df_plugin_host_load (host);
  plugins = df_plugin_host_list (host);
  for (guint i = 0; i < plugins->len; i++)
    {
      const DfPluginInfo *info = g_ptr_array_index (plugins, i);

      if (!g_str_has_prefix (info->id, "io.github.draftforge."))
        continue;
      n_bundled++;
      if (info->error != NULL)
        g_error ("%s does not load: %s", info->id, info->error);
    }
  /* Exporter, coach, git sync, continuity, style, personalize. */
  g_assert_cmpuint (n_bundled, >=, 6);

  exporters = df_plugin_host_get_exporters (host);
  agents = df_plugin_host_get_agents (host);
  transforms = df_plugin_host_get_reader_transforms (host);
  backends = df_plugin_host_get_sync_backends (host);
  ui_extensions = df_plugin_host_get_ui_extensions (host);
  check_extensions (host, exporters, &n_checked);
  check_extensions (host, agents, &n_checked);
  check_extensions (host, transforms, &n_checked);
  check_extensions (host, backends, &n_checked);
  check_extensions (host, ui_extensions, &n_checked);
  /* Five exporters, two agents, a transform, a backend, the coach. */
  g_assert_cmpuint (n_checked, >=, 10);
  /* One core: the store type the plugins were given is this program's. */
  g_assert_true (g_type_from_name ("DfStore") == DF_TYPE_STORE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  DF_TEST_ADD_STORE ("/abi/bundled-plugin-types", test_bundled_types);

  return g_test_run ();
}
