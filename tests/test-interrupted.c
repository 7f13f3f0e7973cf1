/* test-interrupted.c: exports killed half-way leave nothing behind once
 * DraftForge starts again
 *
 * An export is the command line exporting a corpus book, killed with
 * SIGKILL while it writes: the next start (df_export_recover_interrupted,
 * what the application and the command line run at start-up) marks its
 * job failed ("interrupted") and removes its temporary file.  An export
 * running in another process (stopped with SIGSTOP while the parent
 * recovers) is never touched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-interrupted"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "df-exporter.h"
#include "df-import.h"
#include "df-model.h"
#include "df-store-private.h"
#include "df-test-util.h"

/* ---- the database, as a user would look at it -------------------------- */

static gint64
count (DfStore    *store,
       const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = df_store_prepare (store, sql, &error);
  gint64 n;

  g_assert_no_error (error);
  g_assert_true (df_store_step (store, stmt, &error));
  g_assert_no_error (error);
  n = sqlite3_column_int64 (stmt, 0);
  g_assert_false (df_store_step (store, stmt, &error));
  g_assert_no_error (error);
  return n;
}

/* ---- a killed export ---------------------------------------------------- */

typedef struct
{
  DfStore     *store;
  GSubprocess *child;
  gint64       job_id;
  char        *status;
  char        *temp_path;
} ExportWatch;

static void
export_watch_read (ExportWatch *w)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (w->store, "SELECT id, status, temp_path FROM export_jobs ORDER BY id DESC LIMIT 1", &error);
  g_assert_no_error (error);
  g_clear_pointer (&w->status, g_free);
  g_clear_pointer (&w->temp_path, g_free);
  if (df_store_step (w->store, stmt, &error))
    {
      w->job_id = sqlite3_column_int64 (stmt, 0);
      w->status = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      w->temp_path = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
    }
  g_assert_no_error (error);
}

/* The export is writing: its job is processing and its temporary file
 * is there. */
static gboolean
export_is_writing (gpointer data)
{
  ExportWatch *w = data;

  if (g_subprocess_get_identifier (w->child) == NULL)
    g_error ("The export ended (exit status %d) before it could be caught writing",
             g_subprocess_get_status (w->child));
  export_watch_read (w);
  return g_strcmp0 (w->status, "processing") == 0 && w->temp_path != NULL &&
         g_file_test (w->temp_path, G_FILE_TEST_IS_REGULAR);
}

static void
test_export_killed (void)
{
  g_autofree char *book = df_test_corpus_path ("novels/war-and-peace.txt");
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *db = NULL;
  g_autofree char *out_dir = NULL;
  g_autofree char *output = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *lookalike = NULL;
  ExportWatch w = { 0 };
  const char *cli = g_getenv ("DRAFTFORGE_CLI");
  const char *name;
  guint n = 99;

  if (book == NULL || !df_test_have_cli ())
    return;

  store = df_test_store_new ("interrupted-export", &tmp, &db);
  project = df_import (store, book, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  out_dir = g_build_filename (tmp, "out", NULL);
  output = g_build_filename (out_dir, "war-and-peace.pdf", NULL);
  /* What the user keeps there, and a file that only looks like one an
   * export leaves: neither is touched. */
  notes = df_test_write_file (out_dir, "notes.txt", "my notes\n", -1);
  lookalike = df_test_write_file (out_dir, ".war-and-peace.pdf.part-Mine42", "mine\n", -1);

  w.store = store;
  w.child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              cli, "--db", db, "export", project->slug, "--format", "pdf", "-o", output, NULL);
  g_assert_no_error (error);
  df_test_wait_until (export_is_writing, &w);

  /* Running in another process (stopped, not gone): left alone. */
  g_subprocess_send_signal (w.child, SIGSTOP);
  g_assert_true (df_export_recover_interrupted (store, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
  export_watch_read (&w);
  g_assert_cmpstr (w.status, ==, "processing");
  g_assert_true (g_file_test (w.temp_path, G_FILE_TEST_IS_REGULAR));

  g_subprocess_send_signal (w.child, SIGKILL);
  g_subprocess_wait (w.child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (w.child));
  g_clear_object (&store);

  /* The next start. */
  store = df_test_store_open (db);
  w.store = store;
  g_assert_true (df_export_recover_interrupted (store, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  export_watch_read (&w);
  g_assert_cmpstr (w.status, ==, "failed");
  g_assert_cmpint (count (store, "SELECT count(*) FROM export_jobs WHERE status = 'failed' AND error = 'interrupted'"), ==, 1);

  /* Only what the user had is left: no temporary file, no output. */
  dir = g_dir_open (out_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (!g_str_equal (name, "notes.txt") && !g_str_equal (name, ".war-and-peace.pdf.part-Mine42"))
      g_error ("The killed export left %s in %s", name, out_dir);
  g_assert_true (g_file_test (notes, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (lookalike, G_FILE_TEST_IS_REGULAR));

  /* Once is enough. */
  g_assert_true (df_export_recover_interrupted (store, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);

  g_free (w.status);
  g_free (w.temp_path);
  g_clear_object (&w.child);
  g_clear_object (&store);
  df_test_remove_tree (tmp);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/interrupted/export-killed", test_export_killed);
  return g_test_run ();
}
