/* test-interrupted.c: exports and imports killed half-way leave nothing
 * behind once DraftForge starts again
 *
 * An export is the command line exporting a corpus book, killed with
 * SIGKILL while it writes: the next start (the command line, which runs
 * df_export_recover_interrupted as the application does) marks its job
 * failed ("interrupted") and removes its temporary file.  An import is
 * this test run as a child (argv[1] == "--import-child") importing a
 * manuscript of many short chapters and reporting its progress on a pipe,
 * killed after a random number of reports, many times: nothing of it is
 * ever shown, the database stays intact, and the next start
 * (df_import_recover_interrupted) removes what its committed batches
 * wrote.  Work running in another process (stopped with SIGSTOP while the
 * parent recovers) is never touched.
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
#include "df-test-faults.h"
#include "df-test-util.h"

#define CHILD_FLAG "--import-child"
/* Three batches of chapters and the last transaction. */
#define N_CHAPTERS 3000
#define N_ROUNDS 50

/* ---- the database, as a user would look at it -------------------------- */

static gint64
count (DfStore    *store,
       const char *sql)
{
  return df_test_sql_int (df_store_get_db (store), sql);
}

static GPtrArray *
projects (DfStore  *store,
          gboolean  trash)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = df_project_list (store, trash, &error);

  g_assert_no_error (error);
  return list;
}

/* Starts DraftForge again: the command line, as a user would run it. */
static void
restart (const char *db)
{
  g_autoptr(DfTestRun) run = df_test_run_cli (db, NULL, NULL, DF_TEST_STRV ("project", "list"));

  df_test_assert_run_ok (run);
}

/* ---- a killed export ---------------------------------------------------- */

typedef struct
{
  DfStore     *store;
  GSubprocess *child;
  gint64       job_id;
  char        *status;
  char        *temp_path;
  gboolean     archive;  /* caught in libzip's own temporary file */
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

/* Whether a file "TEMP.XXXXXX" is beside @temp_path: what libzip (and
 * g_file_set_contents) write before renaming it to @temp_path. */
static gboolean
writer_temp_exists (const char *temp_path)
{
  g_autofree char *dir = g_path_get_dirname (temp_path);
  g_autofree char *prefix = g_strconcat (strrchr (temp_path, '/') + 1, ".", NULL);
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    if (g_str_has_prefix (name, prefix))
      return TRUE;
  return FALSE;
}

/* The export is writing: its job is processing and its temporary file
 * is there (for an archive, the one libzip writes as it closes). */
static gboolean
export_is_writing (gpointer data)
{
  ExportWatch *w = data;

  if (g_subprocess_get_identifier (w->child) == NULL)
    g_error ("The export ended (exit status %d) before it could be caught writing",
             g_subprocess_get_status (w->child));
  export_watch_read (w);
  if (g_strcmp0 (w->status, "processing") != 0 || w->temp_path == NULL)
    return FALSE;
  if (w->archive)
    return writer_temp_exists (w->temp_path);
  return g_file_test (w->temp_path, G_FILE_TEST_IS_REGULAR);
}

/* Whether the process that owns the newest export job (the helper
 * process that writes it, "BOOT-ID:PID:START") has ended: killed with
 * the command line that started it (its parent-death signal), it may
 * take a moment longer on a loaded machine, and a start that came first
 * would rightly leave its job alone. */
static gboolean
export_owner_gone (gpointer data)
{
  ExportWatch *w = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *stat_path = NULL;
  g_autofree char *stat = NULL;
  const char *close;

  stmt = df_store_prepare (w->store, "SELECT owner FROM export_jobs WHERE id = ?1", &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, w->job_id);
  g_assert_true (df_store_step (w->store, stmt, &error));
  g_assert_no_error (error);
  parts = g_strsplit ((const char *) sqlite3_column_text (stmt, 0), ":", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  stat_path = g_strdup_printf ("/proc/%s/stat", parts[1]);
  if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
    return TRUE;
  /* "PID (NAME) STATE ...": a zombie is gone too. */
  close = strrchr (stat, ')');
  return close != NULL && close[1] == ' ' && close[2] == 'Z';
}

/* Killed while it writes @data (a format): the next start marks the job
 * interrupted and removes what it left, and only what it left. */
static void
test_export_killed (gconstpointer data)
{
  const char *format = data;
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
  g_autofree char *output_name = g_strconcat ("war-and-peace.", format, NULL);
  g_autofree char *lookalike_name = g_strconcat (".", output_name, ".part-Mine42", NULL);
  g_autofree char *lookalike_writer = g_strconcat (lookalike_name, ".abc123", NULL);
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
  output = g_build_filename (out_dir, output_name, NULL);
  /* What the user keeps there, and a file that only looks like one an
   * export leaves: neither is touched. */
  notes = df_test_write_file (out_dir, "notes.txt", "my notes\n", -1);
  lookalike = df_test_write_file (out_dir, lookalike_name, "mine\n", -1);
  g_free (df_test_write_file (out_dir, lookalike_writer, "mine too\n", -1));

  w.store = store;
  w.archive = !g_str_equal (format, "pdf");
  w.child = df_test_spawn (G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                           DF_TEST_STRV (cli, "--db", db, "export", project->slug, "--format", format, "-o", output));
  df_test_wait_until (export_is_writing, &w);

  /* Running in another process (stopped, not gone): left alone. */
  g_subprocess_send_signal (w.child, SIGSTOP);
  g_assert_true (df_export_recover_interrupted (store, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
  export_watch_read (&w);
  g_assert_cmpstr (w.status, ==, "processing");
  g_assert_true (w.archive ? writer_temp_exists (w.temp_path)
                            : g_file_test (w.temp_path, G_FILE_TEST_IS_REGULAR));

  g_subprocess_send_signal (w.child, SIGKILL);
  df_test_wait_killed (w.child);
  df_test_wait_until (export_owner_gone, &w);

  /* The next start: any command. */
  restart (db);
  export_watch_read (&w);
  g_assert_cmpstr (w.status, ==, "failed");
  g_assert_cmpint (count (store, "SELECT count(*) FROM export_jobs WHERE status = 'failed' AND error = 'interrupted'"), ==, 1);

  /* Only what the user had is left: no temporary file, no output. */
  dir = g_dir_open (out_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (!g_str_equal (name, "notes.txt") && !g_str_equal (name, lookalike_name) &&
        !g_str_equal (name, lookalike_writer))
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

/* ---- the import child: import, reporting progress ------------------------ */

static void
child_progress (double   fraction,
                gpointer data)
{
  printf ("%.4f\n", fraction);
  fflush (stdout);
}

static int
run_child (int    argc,
           char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfProject) project = NULL;

  if (argc != 4)
    {
      g_printerr ("usage: %s %s DATABASE MANUSCRIPT\n", argv[0], CHILD_FLAG);
      return 2;
    }

  store = df_store_open (argv[2], &error);
  if (store != NULL)
    project = df_import (store, argv[3], DF_IMPORT_PLAIN_TEXT, NULL, child_progress, NULL, NULL, &error);
  if (project == NULL)
    {
      g_printerr ("import child: %s\n", error->message);
      return 1;
    }
  printf ("done\n");
  fflush (stdout);
  return 0;
}

/* ---- the parent ---------------------------------------------------------- */

/* A new folder @name (in @tmp) with the manuscript to import (returned)
 * and the path of the database to import it into (in @db). */
static char *
write_manuscript (const char  *name,
                  char       **tmp,
                  char       **db)
{
  g_autoptr(GString) text = g_string_new (NULL);

  *db = df_test_db_path_new (name, tmp);
  for (guint i = 1; i <= N_CHAPTERS; i++)
    g_string_append_printf (text, "Chapter %u\n\nIn chapter %u the lighthouse keeper wrote one more line.\n\n", i, i);
  return df_test_write_file (*tmp, "long-book.txt", text->str, -1);
}

static GSubprocess *
spawn_import (const char        *db,
              const char        *manuscript,
              GDataInputStream **reports)
{
  GSubprocess *child = df_test_spawn_self (G_SUBPROCESS_FLAGS_STDOUT_PIPE, CHILD_FLAG, db, manuscript, NULL);

  *reports = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  return child;
}

/* The next report: a fraction done, or 2.0 for "done"; FALSE at the end
 * of the pipe. */
static gboolean
read_report (GDataInputStream *in,
             double           *fraction)
{
  g_autofree char *line = df_test_read_line (in);

  if (line == NULL)
    return FALSE;
  *fraction = g_str_equal (line, "done") ? 2.0 : g_ascii_strtod (line, NULL);
  return TRUE;
}

/* After a kill and the next start: intact, nothing hidden left, and every
 * project shown is complete.  Returns the number of complete imports,
 * and puts them in the trash and purges them for the next round. */
static guint
check_after_kill (const char *db,
                  gboolean    use_cli,
                  guint      *n_removed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = df_test_store_open (db);
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(GPtrArray) trash = projects (store, TRUE);

  df_test_assert_intact (store);
  /* Before the start-up cleanup: an unfinished import is nowhere. */
  g_assert_cmpuint (trash->len, ==, 0);
  shown = projects (store, FALSE);
  for (guint i = 0; i < shown->len; i++)
    g_assert_cmpint (((DfProject *)g_ptr_array_index (shown, i))->n_chapters, ==, N_CHAPTERS);

  /* The next start: every other round the command line, else the
   * core's own call (which counts). */
  if (use_cli)
    {
      *n_removed = count (store, "SELECT count(*) FROM projects") > shown->len;
      restart (db);
    }
  else
    {
      g_assert_true (df_import_recover_interrupted (store, n_removed, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (*n_removed, <=, 1);
    }
  df_test_assert_intact (store);
  g_assert_cmpint (count (store, "SELECT count(*) FROM projects"), ==, shown->len);
  g_assert_cmpint (count (store, "SELECT count(*) FROM chapters"), ==, (gint64)shown->len * N_CHAPTERS);

  for (guint i = 0; i < shown->len; i++)
    {
      DfProject *project = g_ptr_array_index (shown, i);

      g_assert_true (df_project_delete (store, project->id, &error));
      g_assert_true (df_project_purge (store, project->id, &error));
      g_assert_no_error (error);
    }
  return shown->len;
}

static void
test_import_killed (void)
{
  g_autofree char *tmp = NULL;
  g_autofree char *db = NULL;
  g_autofree char *manuscript = NULL;
  gint64 start = g_get_monotonic_time ();
  guint rounds;
  guint removed_total = 0;
  guint completed_total = 0;

  if (!df_test_have_cli ())
    return;
  manuscript = write_manuscript ("interrupted-import", &tmp, &db);

  for (rounds = 0; !df_test_rounds_done (rounds, N_ROUNDS, start); rounds++)
    {
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GDataInputStream) in = NULL;
      g_autoptr(GError) error = NULL;
      guint wanted = (guint)g_test_rand_int_range (0, 110);
      guint got = 0;
      guint removed = 0;
      double fraction = 0.0;

      child = spawn_import (db, manuscript, &in);
      while (got < wanted && read_report (in, &fraction))
        got++;
      g_subprocess_send_signal (child, SIGKILL);
      while (read_report (in, &fraction))
        ;
      g_subprocess_wait (child, NULL, &error);
      g_assert_no_error (error);
      if (!g_subprocess_get_if_signaled (child) && g_subprocess_get_exit_status (child) != 0)
        g_error ("The import child failed (exit status %d)", g_subprocess_get_exit_status (child));

      completed_total += check_after_kill (db, rounds % 2 == 0, &removed);
      removed_total += removed;
      g_test_message ("Round %u: killed after %u reports, %u unfinished import removed",
                      rounds + 1, got, removed);
    }

  g_test_message ("%u rounds: %u unfinished imports removed, %u completed, %.1f s",
                  rounds, removed_total, completed_total,
                  (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
  g_assert_cmpuint (rounds, >=, DF_TEST_MIN_ROUNDS);
  /* Some kills came after a batch was committed. */
  g_assert_cmpuint (removed_total, >, 0);

  df_test_remove_tree (tmp);
}

/* An import running in another process is not an unfinished one. */
static void
test_import_running_elsewhere (void)
{
  g_autofree char *tmp = NULL;
  g_autofree char *db = NULL;
  g_autofree char *manuscript = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(GPtrArray) trash = NULL;
  double fraction = 0.0;
  guint n = 99;

  if (!df_test_have_cli ())
    return;
  manuscript = write_manuscript ("interrupted-live", &tmp, &db);
  store = df_test_store_open (db);

  child = spawn_import (db, manuscript, &in);
  /* Past the first batch: chapters are in the database. */
  while (fraction < 0.7)
    g_assert_true (read_report (in, &fraction));
  g_subprocess_send_signal (child, SIGSTOP);

  g_assert_cmpint (count (store, "SELECT count(*) FROM chapters"), >=, 1000);
  shown = projects (store, FALSE);
  trash = projects (store, TRUE);
  g_assert_cmpuint (shown->len, ==, 0);
  g_assert_cmpuint (trash->len, ==, 0);
  g_assert_true (df_import_recover_interrupted (store, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
  /* The stopped import holds the database's write lock: a start that
   * has nothing to clean up does not need it. */
  g_assert_true (df_export_recover_interrupted (store, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
  restart (db);

  g_subprocess_send_signal (child, SIGCONT);
  while (read_report (in, &fraction))
    ;
  g_subprocess_wait_check (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fraction, ==, 2.0);

  g_clear_pointer (&shown, g_ptr_array_unref);
  shown = projects (store, FALSE);
  g_assert_cmpuint (shown->len, ==, 1);
  g_assert_cmpint (((DfProject *)g_ptr_array_index (shown, 0))->n_chapters, ==, N_CHAPTERS);
  df_test_assert_intact (store);

  g_clear_object (&store);
  df_test_remove_tree (tmp);
}

int
main (int    argc,
      char **argv)
{
  df_test_init_or_run_child (&argc, &argv, CHILD_FLAG, run_child);
  g_test_add_data_func ("/interrupted/export-killed/pdf", "pdf", test_export_killed);
  g_test_add_data_func ("/interrupted/export-killed/epub", "epub", test_export_killed);
  g_test_add_data_func ("/interrupted/export-killed/docx", "docx", test_export_killed);
  g_test_add_func ("/interrupted/import-killed", test_import_killed);
  g_test_add_func ("/interrupted/import-running-elsewhere", test_import_running_elsewhere);

  return g_test_run ();
}
