/* bench-plugins.c: scanning and loading the bundled plugins
 *
 *   DRAFTFORGE_PLUGIN_PATH=build/plugins bench-plugins [RUNS]
 *
 * Each run is a fresh process (the first load of a module is the one
 * start-up pays), timed from df_plugin_host_new to the end of
 * df_plugin_host_load; prints the time of this run in ms.  bench/run-plugins.sh
 * runs it several times and takes the median.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "df-plugin-host.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("df-bench-plugins-XXXXXX", &error);
  g_autofree char *db = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfPluginHost) host = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) exporters = NULL;
  gint64 start, end;
  guint loaded = 0;

  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  db = g_build_filename (dir, "bench.db", NULL);
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  store = df_store_open (db, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  start = g_get_monotonic_time ();
  host = df_plugin_host_new (store, NULL);
  df_plugin_host_load (host);
  end = g_get_monotonic_time ();

  list = df_plugin_host_list (host);
  for (guint i = 0; i < list->len; i++)
    if (((DfPluginInfo *)g_ptr_array_index (list, i))->loaded)
      loaded++;

  exporters = df_plugin_host_get_exporters (host);
  printf ("%.3f ms (%u plugins found, %u loaded, %u exporters)\n",
          (end - start) / 1000.0, list->len, loaded, exporters->len);

  g_clear_object (&host);
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_unlink (db);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
  return 0;
}
