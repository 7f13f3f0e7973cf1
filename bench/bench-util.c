/* bench-util.c: what the benchmarks share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "bench-util.h"

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

void
bench_sort (GArray *values)
{
  g_array_sort (values, compare_double);
}

double
bench_median (GArray *values)
{
  guint n = values->len;

  bench_sort (values);
  if (n == 0)
    return 0;
  if (n % 2 == 1)
    return g_array_index (values, double, n / 2);
  return (g_array_index (values, double, n / 2 - 1) + g_array_index (values, double, n / 2)) / 2;
}

void
bench_rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          bench_rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

DfStore *
bench_store_new (const char  *program,
                 const char  *dir_template,
                 gboolean     data_home,
                 char       **dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  DfStore *store;

  *dir = g_dir_make_tmp (dir_template, &error);
  if (*dir == NULL)
    bench_die (program, "making a temporary folder", error);
  if (data_home)
    g_setenv ("XDG_DATA_HOME", *dir, TRUE);
  db = g_build_filename (*dir, "bench.db", NULL);
  store = df_store_open (db, &error);
  if (store == NULL)
    bench_die (program, "opening a new database", error);
  return store;
}

void
bench_die (const char *program,
           const char *what,
           GError     *error)
{
  g_printerr ("%s: %s: %s\n", program, what, error ? error->message : "failed");
  exit (1);
}
