/* bench-plugins.c: scanning and loading the bundled plugins
 *
 *   DRAFTFORGE_PLUGIN_PATH=build/plugins bench-plugins [RUNS]
 *
 * Each run is a fresh process (the first load of a module is the one
 * start-up pays), timed from df_plugin_host_new to the end of
 * df_plugin_host_load; prints the time of this run in ms.  bench/run-plugins.sh
 * runs it several times and takes the median.  Fails (status 1) when no
 * plugin is found or one does not load: that would time nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "df-plugin-host.h"

#include "bench-util.h"

/* The plugins found that did not load, each with its error, on stderr;
 * returns how many loaded. */
static guint
count_loaded (GPtrArray *list)
{
  guint loaded = 0;

  for (guint i = 0; i < list->len; i++)
    {
      DfPluginInfo *info = g_ptr_array_index (list, i);

      if (info->loaded)
        loaded++;
      else
        g_printerr ("bench-plugins: %s did not load: %s\n", info->id, info->error ? info->error : "disabled");
    }
  return loaded;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  g_autoptr(DfStore) store = bench_store_new ("bench-plugins", "df-bench-plugins-XXXXXX", TRUE, &dir);
  g_autoptr(DfPluginHost) host = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) exporters = NULL;
  gint64 start, end;
  guint loaded;
  gboolean all_loaded;

  start = g_get_monotonic_time ();
  host = df_plugin_host_new (store, NULL);
  df_plugin_host_load (host);
  end = g_get_monotonic_time ();

  list = df_plugin_host_list (host);
  loaded = count_loaded (list);
  exporters = df_plugin_host_get_exporters (host);
  printf ("%.3f ms (%u plugins found, %u loaded, %u exporters)\n",
          (end - start) / 1000.0, list->len, loaded, exporters->len);
  if (list->len == 0)
    g_printerr ("bench-plugins: no plugin found (is DRAFTFORGE_PLUGIN_PATH set?)\n");
  all_loaded = list->len > 0 && loaded == list->len;

  g_clear_pointer (&exporters, g_ptr_array_unref);
  g_clear_pointer (&list, g_ptr_array_unref);
  g_clear_object (&host);
  g_clear_object (&store);
  bench_rm_rf (dir);
  return all_loaded ? 0 : 1;
}
