/* df-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "df-test-util.h"

/* ---- temporary folders and databases ------------------------------------ */

char *
df_test_tmp_dir_new (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("draftforge-%s-XXXXXX", name);
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      /* A test may have taken the permissions away to see a refusal. */
      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      if (g_rmdir (path) != 0)
        g_error ("Could not remove the folder %s: %s", path, g_strerror (errno));
    }
  else if (g_unlink (path) != 0)
    g_error ("Could not remove %s: %s", path, g_strerror (errno));
}

void
df_test_remove_tree (const char *path)
{
  g_assert_nonnull (path);
  remove_tree (path);
}

void
df_test_tmp_dir_free (char *dir)
{
  if (dir == NULL)
    return;
  remove_tree (dir);
  g_free (dir);
}

char *
df_test_write_file (const char *dir,
                    const char *name,
                    const char *contents,
                    gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  return path;
}

char *
df_test_private_home (const char *name)
{
  char *dir = df_test_tmp_dir_new (name);

  g_setenv ("ENCHANT_CONFIG_DIR", dir, TRUE);
  /* Some providers (aspell) keep their own word lists in HOME. */
  g_setenv ("HOME", dir, TRUE);
  return dir;
}

char *
df_test_read_file (const char *path,
                   gsize      *len)
{
  g_autoptr(GError) error = NULL;
  char *bytes = NULL;

  g_file_get_contents (path, &bytes, len, &error);
  g_assert_no_error (error);
  return bytes;
}

char *
df_test_db_path_new (const char  *name,
                     char       **dir_out)
{
  g_autofree char *dir = df_test_tmp_dir_new (name);
  char *path = g_build_filename (dir, "draftforge.db", NULL);

  g_assert_nonnull (dir_out);
  *dir_out = g_steal_pointer (&dir);
  return path;
}

DfStore *
df_test_store_open (const char *path)
{
  g_autoptr(GError) error = NULL;
  DfStore *store = df_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

DfStore *
df_test_store_new (const char  *name,
                   char       **dir_out,
                   char       **db_path_out)
{
  g_autofree char *db_path = df_test_db_path_new (name, dir_out);
  DfStore *store = df_test_store_open (db_path);

  if (db_path_out != NULL)
    *db_path_out = g_steal_pointer (&db_path);
  return store;
}

void
df_test_store_fixture_set_up (DfTestStoreFixture *f,
                              gconstpointer       data)
{
  g_autofree char *name = g_path_get_basename (g_get_prgname ());

  f->store = df_test_store_new (g_str_has_prefix (name, "test-") ? name + 5 : name, &f->tmp, NULL);
}

void
df_test_store_fixture_tear_down (DfTestStoreFixture *f,
                                 gconstpointer       data)
{
  g_clear_object (&f->store);
  df_test_tmp_dir_free (f->tmp);
}

void
df_test_sql_exec (const char *path,
                  const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* Steps @stmt to its one row, and checks there is no other. */
static sqlite3_stmt *
one_row (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_count (stmt), ==, 1);
  return stmt;
}

static void
no_other_row (sqlite3_stmt *stmt)
{
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

gint64
df_test_sql_int (sqlite3    *db,
                 const char *sql)
{
  sqlite3_stmt *stmt = one_row (db, sql);
  gint64 value = sqlite3_column_int64 (stmt, 0);

  no_other_row (stmt);
  return value;
}

char *
df_test_sql_text (sqlite3    *db,
                  const char *sql)
{
  sqlite3_stmt *stmt = one_row (db, sql);
  char *value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));

  no_other_row (stmt);
  return value;
}

static DfProject *
make_project_valist (DfStore    *store,
                     const char *title,
                     va_list     chapters)
{
  g_autoptr(GError) error = NULL;
  DfProjectNew spec = { .title = title };
  DfProject *project = df_project_create (store, &spec, &error);
  const char *chapter_title;

  g_assert_no_error (error);
  while ((chapter_title = va_arg (chapters, const char *)) != NULL)
    {
      const char *text = va_arg (chapters, const char *);
      g_autoptr(DfChapter) chapter = df_chapter_add (store, project->id, 0, chapter_title, text, &error);

      g_assert_no_error (error);
    }
  return project;
}

DfProject *
df_test_make_project (DfStore    *store,
                      const char *title,
                      ...)
{
  DfProject *project;
  va_list chapters;

  va_start (chapters, title);
  project = make_project_valist (store, title, chapters);
  va_end (chapters);
  return project;
}

DfChapter *
df_test_get_chapter (DfStore *store,
                     gint64   chapter_id)
{
  g_autoptr(GError) error = NULL;
  DfChapter *chapter = df_chapter_get (store, chapter_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (chapter);
  return chapter;
}

DfChapter *
df_test_append_chapter (DfStore    *store,
                        gint64      project_id,
                        gint64      part_id,
                        const char *title,
                        const char *text)
{
  g_autoptr(GError) error = NULL;
  DfChapter *chapter = df_chapter_add (store, project_id, part_id, title, text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (chapter);
  return chapter;
}

DfChapter *
df_test_make_chapter (DfStore    *store,
                      const char *project_title,
                      const char *chapter_title,
                      const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = df_test_make_project (store, project_title, chapter_title, text, NULL);
  DfChapter *chapter = df_chapter_get_by_number (store, project->id, 1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (chapter);
  return chapter;
}

void
df_test_add_project (const char *db_path,
                     const char *title,
                     ...)
{
  g_autoptr(DfStore) store = df_test_store_open (db_path);
  g_autoptr(DfProject) project = NULL;
  va_list chapters;

  va_start (chapters, title);
  project = make_project_valist (store, title, chapters);
  va_end (chapters);
}

DfProfile *
df_test_make_profile (DfStore    *store,
                      const char *name)
{
  g_autoptr(GError) error = NULL;
  DfProfile *profile = df_profile_create (store, name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (profile);
  return profile;
}

void
df_test_add_profile (const char *db_path,
                     const char *name)
{
  g_autoptr(DfStore) store = df_test_store_open (db_path);
  g_autoptr(DfProfile) profile = df_test_make_profile (store, name);
}

void
df_test_assert_contains (const char *haystack,
                         const char *needle)
{
  if (haystack == NULL || strstr (haystack, needle) == NULL)
    g_error ("“%s” does not contain “%s”", haystack != NULL ? haystack : "(null)", needle);
}

DfRevision *
df_test_find_revision (GPtrArray  *revisions,
                       const char *text)
{
  for (guint i = 0; i < revisions->len; i++)
    {
      DfRevision *revision = g_ptr_array_index (revisions, i);

      if (g_strcmp0 (revision->content_md, text) == 0)
        return revision;
    }
  return NULL;
}

guint
df_test_count_files (const char *dir,
                     const char *suffix)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    if (g_str_has_suffix (name, suffix))
      n++;
  return n;
}

void
df_test_tmp_dir_set_up (DfTestTmpDir  *tmp,
                        gconstpointer  data)
{
  tmp->dir = df_test_tmp_dir_new ("test");
}

void
df_test_tmp_dir_tear_down (DfTestTmpDir  *tmp,
                           gconstpointer  data)
{
  g_clear_pointer (&tmp->dir, df_test_tmp_dir_free);
}

/* ---- the corpus and the fixtures ---------------------------------------- */

char *
df_test_corpus_path (const char *relative)
{
  const char *corpus = g_getenv ("DRAFTFORGE_CORPUS");
  g_autofree char *path = NULL;

  if (corpus == NULL || *corpus == '\0')
    {
      g_test_skip ("DRAFTFORGE_CORPUS is not set: the corpus of sample books is ../shared/corpus");
      return NULL;
    }
  path = g_build_filename (corpus, relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip_printf ("%s is not in the corpus (DRAFTFORGE_CORPUS)", relative);
      return NULL;
    }
  return g_steal_pointer (&path);
}

char *
df_test_fixture_path (const char *relative)
{
  const char *fixtures = g_getenv ("DRAFTFORGE_TEST_FIXTURES");

  if (fixtures == NULL || *fixtures == '\0')
    g_error ("DRAFTFORGE_TEST_FIXTURES is not set: run the tests with meson test");
  return g_build_filename (fixtures, relative, NULL);
}

/* ---- running programs ------------------------------------------------------ */

void
df_test_run_free (DfTestRun *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

static void
apply_env (GSubprocessLauncher *launcher,
           const char * const  *env)
{
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      const char *eq = strchr (env[i], '=');

      if (eq != NULL)
        {
          g_autofree char *name = g_strndup (env[i], eq - env[i]);

          g_subprocess_launcher_setenv (launcher, name, eq + 1, TRUE);
        }
      else
        g_subprocess_launcher_unsetenv (launcher, env[i]);
    }
}

static char *
bytes_to_string (GBytes *bytes,
                 gsize  *len_out)
{
  gsize len = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;

  if (len_out != NULL)
    *len_out = len;
  return g_strndup (data != NULL ? data : "", len);
}

static DfTestRun *
run_with (GSubprocessLauncher *launcher,
          const char          *cwd,
          const char          *input,
          const char * const  *argv)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GBytes) in = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;
  DfTestRun *run = g_new0 (DfTestRun, 1);

  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  in = g_bytes_new (input != NULL ? input : "", input != NULL ? strlen (input) : 0);
  g_subprocess_communicate (proc, in, NULL, &out, &err, &error);
  g_assert_no_error (error);

  run->out = bytes_to_string (out, &run->out_len);
  run->err = bytes_to_string (err, NULL);
  if (!g_subprocess_get_if_exited (proc))
    g_error ("%s did not exit but died (signal %d); its standard error:\n%s",
             argv[0], g_subprocess_get_term_sig (proc), run->err);
  run->status = g_subprocess_get_exit_status (proc);
  return run;
}

static GSubprocessLauncher *
launcher_new (void)
{
  return g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                    G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                    G_SUBPROCESS_FLAGS_STDERR_PIPE);
}

DfTestRun *
df_test_run (const char         *cwd,
             const char * const *env,
             const char         *input,
             const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new ();

  apply_env (launcher, env);
  return run_with (launcher, cwd, input, argv);
}

gboolean
df_test_have_cli (void)
{
  const char *cli = g_getenv ("DRAFTFORGE_CLI");

  if (cli == NULL || *cli == '\0')
    {
      g_test_skip ("DRAFTFORGE_CLI is not set; run the tests with “meson test”");
      return FALSE;
    }
  return TRUE;
}

DfTestRun *
df_test_run_cli (const char         *db,
                 const char * const *env,
                 const char         *input,
                 const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *cli = g_getenv ("DRAFTFORGE_CLI");

  if (cli == NULL)
    g_error ("DRAFTFORGE_CLI is not set: check df_test_have_cli () first");
  g_ptr_array_add (argv, (gpointer) cli);
  if (db != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--db");
      g_ptr_array_add (argv, (gpointer) db);
    }
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  /* Messages must not depend on the tester's language. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  apply_env (launcher, env);
  return run_with (launcher, NULL, input, (const char * const *) argv->pdata);
}

DfTestRun *
df_test_run_cli_valist (const char         *db,
                        const char * const *env,
                        const char         *input,
                        va_list             args)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  const char *arg;

  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (list, (gpointer) arg);
  g_ptr_array_add (list, NULL);
  return df_test_run_cli (db, env, input, (const char * const *) list->pdata);
}

DfTestRun *
df_test_run_cli_args (const char         *db,
                      const char * const *env,
                      const char         *input,
                      ...)
{
  DfTestRun *run;
  va_list args;

  va_start (args, input);
  run = df_test_run_cli_valist (db, env, input, args);
  va_end (args);
  return run;
}

void
df_test_assert_run_ok (const DfTestRun *run)
{
  if (run->status != 0)
    g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
}

JsonNode *
df_test_run_json (const DfTestRun *run)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  df_test_assert_run_ok (run);
  json_parser_load_from_data (parser, run->out, (gssize) run->out_len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));
  return json_node_copy (json_parser_get_root (parser));
}

char *
df_test_make_fixture_plugin (const char *parent,
                             const char *way,
                             const char *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *built = g_test_build_filename (G_TEST_BUILT, file, NULL);
  g_autofree char *dir = g_build_filename (parent, way, NULL);
  g_autofree char *manifest = g_strdup_printf ("[Plugin]\nId=org.example.Fail-%s\nName=Failing %s\n"
                                               "Version=1.2\nAPI=1\nModule=fixture\nProvides=exporter;\n",
                                               way, way);
  g_autofree char *contents = NULL;
  g_autofree char *written = NULL;
  g_autofree char *module = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (built, &contents, &len, &error));
  g_assert_no_error (error);
  g_mkdir_with_parents (dir, 0755);
  written = df_test_write_file (dir, "fail.plugin", manifest, -1);
  module = df_test_write_file (dir, "libfixture.so", contents, (gssize)len);
  return g_steal_pointer (&dir);
}

char *
df_test_run_cli_ok (const char *db,
                    ...)
{
  g_autoptr(DfTestRun) run = NULL;
  va_list args;

  va_start (args, db);
  run = df_test_run_cli_valist (db, NULL, NULL, args);
  va_end (args);
  df_test_assert_run_ok (run);
  return g_steal_pointer (&run->out);
}

JsonNode *
df_test_run_cli_json (const char *db,
                      ...)
{
  g_autoptr(DfTestRun) run = NULL;
  va_list args;

  va_start (args, db);
  run = df_test_run_cli_valist (db, NULL, NULL, args);
  va_end (args);
  return df_test_run_json (run);
}

void
df_test_assert_run_fails (const DfTestRun *run,
                          int              status,
                          const char      *needle)
{
  g_assert_cmpint (run->status, ==, status);
  g_assert_true (g_str_has_prefix (run->err, "draftforge-cli: "));
  g_assert_cmpstr (run->out, ==, "");
  if (needle != NULL)
    df_test_assert_contains (run->err, needle);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

GPtrArray *
df_test_dir_names (const char *dir)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

char *
df_test_list_dir (const char *dir)
{
  g_autoptr(GPtrArray) names = df_test_dir_names (dir);

  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* ---- this program as its own child -------------------------------------- */

static char *self_exe;

void
df_test_init_or_run_child (int          *argc,
                           char       ***argv,
                           const char   *flag,
                           int         (*child) (int    argc,
                                                 char **argv))
{
  if (*argc >= 2 && g_str_equal ((*argv)[1], flag))
    exit (child (*argc, *argv));

  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  if (self_exe == NULL)
    self_exe = g_canonicalize_filename ((*argv)[0], NULL);
  g_test_init (argc, argv, NULL);
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

GSubprocess *
df_test_spawn (GSubprocessFlags    flags,
               const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GError) error = NULL;
  GSubprocess *child;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  child = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  return child;
}

GSubprocess *
df_test_spawn_self (GSubprocessFlags  flags,
                    const char       *flag,
                    ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list args;

  if (self_exe == NULL)
    g_error ("df_test_spawn_self () needs df_test_init_or_run_child () first");
  g_ptr_array_add (argv, self_exe);
  g_ptr_array_add (argv, (gpointer) flag);
  va_start (args, flag);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  return df_test_spawn (flags, (const char * const *) argv->pdata);
}

char *
df_test_read_line (GDataInputStream *in)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line (in, NULL, NULL, &error);

  g_assert_no_error (error);
  return line;
}

void
df_test_wait_killed (GSubprocess *child)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_signaled (child))
    g_error ("The child exited with status %d instead of being killed",
             g_subprocess_get_exit_status (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
}

gboolean
df_test_rounds_done (guint  rounds,
                     guint  max_rounds,
                     gint64 start)
{
  if (rounds >= max_rounds)
    return TRUE;
  if (rounds >= DF_TEST_MIN_ROUNDS && g_get_monotonic_time () - start > DF_TEST_ROUNDS_BUDGET_S * G_USEC_PER_SEC)
    {
      g_test_message ("Stopping after %u rounds: over the time budget", rounds);
      return TRUE;
    }
  return FALSE;
}

/* ---- the fake provider ----------------------------------------------------- */

FakeProvider *
df_test_fake_provider_new (char **base_url_out)
{
  g_autoptr(GError) error = NULL;
  FakeProvider *provider = fake_provider_new (0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (provider);
  if (base_url_out != NULL)
    *base_url_out = fake_provider_get_base_url (provider);
  return provider;
}

DfAiConfig *
df_test_fake_provider_config (FakeProvider *provider)
{
  DfAiConfig *config = g_new0 (DfAiConfig, 1);

  config->base_url = fake_provider_get_base_url (provider);
  config->model = g_strdup ("fake-model");
  config->connect_timeout = 10;
  config->total_timeout = 60;
  config->idle_timeout = 30;
  config->max_retries = 0;
  return config;
}

/* ---- waiting on the main loop ---------------------------------------------- */

/* How often a wait looks again at a condition that no event of its main
 * context announces (a file another process writes, say). */
#define RECHECK_MS 20

gboolean
df_test_flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

void
df_test_keep_result (GObject      *object,
                     GAsyncResult *result,
                     gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

gboolean
df_test_result_arrived (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

gboolean
df_test_chapter_has_text (gpointer data)
{
  DfTestChapterText *check = data;
  g_autoptr(DfChapter) chapter = df_chapter_get (check->store, check->chapter_id, NULL);

  return chapter != NULL && g_strcmp0 (chapter->content_md, check->text) == 0;
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
recheck_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void
df_test_wait_until_full (gboolean   (*condition) (gpointer data),
                         gpointer     data,
                         guint        timeout_ms,
                         const char  *what,
                         const char  *file,
                         int          line,
                         const char  *func)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  g_autoptr(GSource) deadline = NULL;
  g_autoptr(GSource) recheck = NULL;
  gboolean expired = FALSE;

  if (condition (data))
    return;

  if (timeout_ms == 0)
    timeout_ms = DF_TEST_WAIT_MS;
  deadline = g_timeout_source_new (timeout_ms);
  g_source_set_callback (deadline, set_flag_cb, &expired, NULL);
  g_source_attach (deadline, context);
  recheck = g_timeout_source_new (RECHECK_MS);
  g_source_set_callback (recheck, recheck_cb, NULL, NULL);
  g_source_attach (recheck, context);

  while (!condition (data) && !expired)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (deadline);
  g_source_destroy (recheck);

  if (expired && !condition (data))
    {
      g_autofree char *message = g_strdup_printf ("Waited %u ms in vain for %s", timeout_ms, what);

      g_assertion_message (G_LOG_DOMAIN, file, line, func, message);
    }
}

void
df_test_flush (void)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  while (g_main_context_pending (context))
    g_main_context_iteration (context, FALSE);
}
