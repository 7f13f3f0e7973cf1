/* bench-util.h: what the benchmarks share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "df-store.h"

G_BEGIN_DECLS

/* Sorts @values (doubles) in place, smallest first. */
void     bench_sort       (GArray      *values);
/* The median of @values (doubles), sorting them; 0 when empty. */
double   bench_median     (GArray      *values);
/* Removes @path and, if it is a folder, everything in it. */
void     bench_rm_rf      (const char  *path);
/* A new database, bench.db, in a new temporary folder named after
 * @dir_template (g_dir_make_tmp); @dir: that folder, for bench_rm_rf.
 * With @data_home, XDG_DATA_HOME is that folder too, set before anything
 * reads it: the user's own data is never touched.  When it cannot be
 * made, @program says so and exits (bench_die). */
DfStore *bench_store_new  (const char  *program,
                           const char  *dir_template,
                           gboolean     data_home,
                           char       **dir);
/* Prints "@program: @what: the error's message" and exits with status 1. */
G_NORETURN
void     bench_die        (const char  *program,
                           const char  *what,
                           GError      *error);

G_END_DECLS
