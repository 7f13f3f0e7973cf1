/* test-plugin-safety.c: plugins that fail cannot take DraftForge down
 *
 * Each fixture module (tests/fixtures/plugins/fixture-fail.c) fails one
 * way.  Exports run in the helper process: a crash, an abort, an endless
 * loop, a huge allocation fail the job with a message naming the plugin
 * and its version; the command line goes on, no export_jobs row is left
 * at "processing", no temporary file is left beside the destination, the
 * database passes integrity_check and the book is all there.  Ctrl-C
 * during an export stops the helper, marks the job and exits 130.
 * Reader transforms (`personalize --reader`) and sync backends run in the
 * helper too: one that crashes, hangs or aborts fails the command with
 * a message naming it, and the book is untouched.  An agent that gives
 * only the asynchronous analysis runs from `agent run`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "df-plugin-host.h"
#include "df-plugin-host-private.h"
#include "df-store-private.h"
#include "df-test-faults.h"
#include "df-test-util.h"

typedef struct
{
  char *dir;
  char *db;
  char *plugins;      /* a DRAFTFORGE_PLUGIN_PATH folder of our own */
  char *out_dir;      /* where exports go */
  char *path_env;     /* DRAFTFORGE_PLUGIN_PATH=... */
  char *xdg_env;      /* XDG_DATA_HOME=... */
} Env;

/* ---- helpers ------------------------------------------------------------- */

/* The plugin folder of the fixture failing @way, in @env's plugin
 * folder. */
static char *
add_fixture (Env        *env,
             const char *way)
{
  g_autofree char *file = g_strdup_printf ("libplugin-fail-%s.so", way);

  return df_test_make_fixture_plugin (env->plugins, way, file);
}

static void
env_init (Env *env)
{
  g_autofree char *bundled = g_getenv ("DRAFTFORGE_PLUGIN_PATH") ? g_strdup (g_getenv ("DRAFTFORGE_PLUGIN_PATH"))
                                                                 : g_strdup ("");

  env->dir = df_test_tmp_dir_new ("plugin-safety");
  env->db = g_build_filename (env->dir, "book.db", NULL);
  env->plugins = g_build_filename (env->dir, "plugins", NULL);
  env->out_dir = g_build_filename (env->dir, "out", NULL);
  g_mkdir_with_parents (env->plugins, 0755);
  g_mkdir_with_parents (env->out_dir, 0755);
  env->path_env = g_strdup_printf ("DRAFTFORGE_PLUGIN_PATH=%s:%s", env->plugins, bundled);
  env->xdg_env = g_strdup_printf ("XDG_DATA_HOME=%s/xdg", env->dir);
  df_test_add_project (env->db, "Safe Book", "One", "The first chapter.", "Two", "The second chapter.", NULL);
}

static void
env_clear (Env *env)
{
  df_test_tmp_dir_free (env->dir);
  g_free (env->db);
  g_free (env->plugins);
  g_free (env->out_dir);
  g_free (env->path_env);
  g_free (env->xdg_env);
}

static DfTestRun *
run_cli (Env        *env,
         const char *arg,
         ...)
{
  const char *cli_env[] = { env->path_env, env->xdg_env, "DRAFTFORGE_PLUGIN_TIME_LIMIT=3", NULL };
  DfTestRun *run;
  va_list args;

  va_start (args, arg);
  run = df_test_run_cli_valist (env->db, cli_env, NULL, args);
  va_end (args);
  (void)arg;
  return run;
}


/* The plugin page's health of the fixture failing @way (`plugin info`)
 * names its last failure, @plugin, and counts no crash of DraftForge. */
static void
assert_health_names (Env        *env,
                     const char *way,
                     const char *plugin)
{
  g_autofree char *id = g_strdup_printf ("org.example.Fail-%s", way);
  g_autoptr(DfTestRun) info = run_cli (env, NULL, "plugin", "info", id, "--json", NULL);
  g_autoptr(JsonNode) json = NULL;
  JsonObject *object;

  df_test_assert_run_ok (info);
  json = df_test_run_json (info);
  object = json_node_get_object (json);
  df_test_assert_contains (json_object_get_string_member (object, "last_failure"), plugin);
  g_assert_cmpint (json_object_get_int_member (object, "crashes"), ==, 0);
}

/* What a user checks after a failed export: the book is there and whole,
 * no job is left running, nothing is left beside the destination, and
 * the command line still works. */
static void
assert_nothing_left (Env *env)
{
  g_autoptr(DfStore) store = df_test_store_open (env->db);
  g_autoptr(DfTestRun) list = NULL;
  sqlite3 *db = df_store_get_db (store);

  df_test_assert_intact (store);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM export_jobs WHERE status IN ('queued', 'processing')"),
                   ==, 0);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapters"), ==, 2);
  g_assert_cmpuint (df_test_count_files (env->out_dir, ""), ==, 0);
  g_clear_object (&store);

  list = run_cli (env, NULL, "chapter", "list", "safe-book", NULL);
  df_test_assert_run_ok (list);
  df_test_assert_contains (list->out, "Two");
}

static void
assert_export_fails (const char *way,
                     const char *says)
{
  Env env = { 0 };
  g_autoptr(DfTestRun) run = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autofree char *format = g_strdup_printf ("fixture-%s", way);
  g_autofree char *out = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *job_error = NULL;
  g_autofree char *plugin = g_strdup_printf ("(org.example.Fail-%s 1.2)", way);

  env_init (&env);
  dir = add_fixture (&env, way);
  out = g_build_filename (env.out_dir, "book.txt", NULL);

  run = run_cli (&env, NULL, "export", "safe-book", "--format", format, "-o", out, NULL);
  df_test_assert_run_fails (run, 1, plugin);
  df_test_assert_contains (run->err, says);
  df_test_assert_contains (run->err, "Your book is untouched.");

  store = df_test_store_open (env.db);
  job_error = df_test_sql_text (df_store_get_db (store), "SELECT status || ': ' || error FROM export_jobs");
  df_test_assert_contains (job_error, "failed: ");
  df_test_assert_contains (job_error, plugin);
  g_clear_object (&store);

  assert_health_names (&env, way, plugin);
  assert_nothing_left (&env);
  env_clear (&env);
}

/* ---- tests --------------------------------------------------------------- */

/* The report a user copies for the plugin's author: who, what version,
 * what went wrong; never the book's text (the step an exporter reported,
 * which may be a chapter's title, is left out). */
static void
test_report (void)
{
  g_autofree char *report = NULL;
  DfPluginInfo info = { 0 };

  info.id = (char *)"io.example.Pdf";
  info.version = (char *)"1.2";
  info.api_version = 1;
  info.enabled = TRUE;
  info.crashes = 2;
  info.last_failure = (char *)"The PDF exporter (io.example.Pdf 1.2) crashed while at “Mr. Darcy's Letter” "
                              "(Segmentation fault). Your book is untouched.";
  info.last_failure_at = (char *)"2026-12-04T19:40:55Z";
  report = df_plugin_health_report (&info);
  df_test_assert_contains (report, "Plugin: io.example.Pdf\nVersion: 1.2\nAPI: 1\n");
  df_test_assert_contains (report, "Crashes: 2\n");
  df_test_assert_contains (report, "crashed while at “…” (Segmentation fault)");
  g_assert_null (strstr (report, "Darcy"));
}

static void
test_export_crash (void)
{
  assert_export_fails ("export-crash", "crashed while at “Chapter 12”");
}

static void
test_export_abort (void)
{
  assert_export_fails ("export-abort", "crashed while at “Chapter 2”");
}

static void
test_export_loop (void)
{
  assert_export_fails ("export-loop", "took longer than the 3 seconds allowed");
}

static void
test_export_huge (void)
{
  assert_export_fails ("export-huge", "needed more memory than the 2048 MiB allowed");
}

/* A plugin that leaks at each export leaks in a process that ends with
 * the job: three exports in a row all succeed. */
static void
test_export_leak (void)
{
  Env env = { 0 };
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;

  env_init (&env);
  dir = add_fixture (&env, "export-leak");
  out = g_build_filename (env.out_dir, "book.txt", NULL);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(DfTestRun) run = run_cli (&env, NULL, "export", "safe-book", "--format", "fixture-export-leak",
                                          "-o", out, NULL);

      df_test_assert_run_ok (run);
    }
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
  g_remove (out);
  assert_nothing_left (&env);
  env_clear (&env);
}

/* The bundled exporter, run in the helper, writes the same EPUB as ever:
 * the JSON names the job, the file and its checksum. */
static void
test_export_bundled (void)
{
  Env env = { 0 };
  g_autoptr(DfTestRun) run = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *out = NULL;
  JsonObject *object;

  env_init (&env);
  out = g_build_filename (env.out_dir, "book.epub", NULL);
  run = run_cli (&env, NULL, "export", "safe-book", "--format", "epub", "-o", out, "--json", NULL);
  df_test_assert_run_ok (run);
  json = df_test_run_json (run);
  object = json_node_get_object (json);
  g_assert_cmpint (json_object_get_int_member (object, "job_id"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "path"), ==, out);
  g_assert_cmpint (json_object_get_int_member (object, "size"), >, 1000);
  g_assert_cmpuint (strlen (json_object_get_string_member (object, "sha256")), ==, 64);
  g_remove (out);
  assert_nothing_left (&env);
  env_clear (&env);
}

/* Installing the fixture @file (as org.example.Fail-WAY 1.2) is refused
 * with @says; nothing is copied, and the command line goes on. */
static void
assert_install_refused (const char *way,
                        const char *file,
                        const char *says)
{
  Env env = { 0 };
  g_autoptr(DfTestRun) run = NULL;
  g_autoptr(DfTestRun) list = NULL;
  g_autofree char *src_dir = NULL;
  g_autofree char *src = NULL;
  g_autofree char *user_dir = NULL;
  g_autofree char *listing = NULL;

  env_init (&env);
  src_dir = g_build_filename (env.dir, "src", NULL);
  src = df_test_make_fixture_plugin (src_dir, way, file);
  run = run_cli (&env, NULL, "plugin", "install", "--yes", src, NULL);
  df_test_assert_run_fails (run, 1, says);
  df_test_assert_contains (run->err, "Refused");

  user_dir = g_build_filename (env.dir, "xdg", "draftforge", "plugins", NULL);
  listing = df_test_list_dir (user_dir);
  g_assert_cmpstr (listing, ==, "");
  /* The trial's crash is not one of DraftForge's: nothing for the guard. */
  {
    g_autofree char *guard_dir = g_build_filename (env.dir, "xdg", "draftforge", "plugin-guard", NULL);

    g_assert_cmpuint (df_test_count_files (guard_dir, ""), ==, 0);
  }
  list = run_cli (&env, NULL, "plugin", "list", NULL);
  df_test_assert_run_ok (list);
  g_assert_null (strstr (list->out, "org.example.Fail"));
  assert_nothing_left (&env);
  env_clear (&env);
}

static void
test_install_init_crash (void)
{
  assert_install_refused ("init-crash", "libplugin-fail-init-crash.so",
                          "the plugin org.example.Fail-init-crash 1.2 crashed as it started");
}

static void
test_install_init_abort (void)
{
  assert_install_refused ("init-abort", "libplugin-fail-init-abort.so",
                          "the plugin org.example.Fail-init-abort 1.2 crashed as it started");
}

static void
test_install_init_slow (void)
{
  assert_install_refused ("init-slow", "libplugin-fail-init-slow.so",
                          "the plugin org.example.Fail-init-slow 1.2 did not finish starting within 3 seconds");
}

static void
test_install_wrong_type (void)
{
  assert_install_refused ("wrong-type", "libplugin-fixture-wrong-type.so",
                          "but that type does not implement DfExporter");
}

/* Runs the command line on @env with @args, which must die of a
 * signal (the plugin crashes it). */
static void
assert_cli_crashes (Env                *env,
                    const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer)g_getenv ("DRAFTFORGE_CLI"));
  g_ptr_array_add (argv, (gpointer)"--db");
  g_ptr_array_add (argv, env->db);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "DRAFTFORGE_PLUGIN_PATH", strchr (env->path_env, '=') + 1, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", strchr (env->xdg_env, '=') + 1, TRUE);
  child = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  /* Killed by the signal, or (with the sanitizers) ended by their report. */
  g_assert_false (g_subprocess_get_successful (child));
}

/* What `plugin list --json` says of @id: its "error" (NULL: none, or not
 * listed: then *@listed is FALSE). */
static char *
listed_error (Env        *env,
              const char *db,
              const char *id,
              gboolean   *listed)
{
  const char *cli_env[] = { env->path_env, env->xdg_env, NULL };
  g_autoptr(DfTestRun) run = df_test_run_cli_args (db, cli_env, NULL, "plugin", "list", "--json", NULL);
  g_autoptr(JsonNode) json = NULL;
  JsonArray *array;

  df_test_assert_run_ok (run);
  json = df_test_run_json (run);
  array = json_node_get_array (json);
  *listed = FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (object, "id"), id) != 0)
        continue;
      *listed = TRUE;
      if (json_object_get_boolean_member (object, "enabled"))
        return NULL;
      return g_strdup (json_object_get_string_member_with_default (object, "error", "disabled"));
    }
  return NULL;
}

/* A plugin that crashes DraftForge as it starts (here one from
 * DRAFTFORGE_PLUGIN_PATH, which no install tried) takes the command line
 * down once; from then on it is disabled, for this user on every
 * database, until it is enabled again. */
static void
test_guard (void)
{
  Env env = { 0 };
  g_autofree char *dir = NULL;
  g_autofree char *first = NULL;
  g_autofree char *other_db = NULL;
  g_autofree char *second = NULL;
  g_autoptr(DfTestRun) enable = NULL;
  const char *id = "org.example.Fail-init-crash";
  gboolean listed;

  env_init (&env);
  dir = add_fixture (&env, "init-crash");
  assert_cli_crashes (&env, DF_TEST_STRV ("plugin", "list"));

  first = listed_error (&env, env.db, id, &listed);
  g_assert_true (listed);
  df_test_assert_contains (first, "It crashed DraftForge (in draftforge_plugin_init) and was disabled");
  other_db = g_build_filename (env.dir, "other.db", NULL);
  second = listed_error (&env, other_db, id, &listed);
  df_test_assert_contains (second, "It crashed DraftForge");
  assert_nothing_left (&env);

  /* Enabled again: it is tried again, and crashes again. */
  enable = run_cli (&env, NULL, "plugin", "enable", id, NULL);
  df_test_assert_run_ok (enable);
  assert_cli_crashes (&env, DF_TEST_STRV ("plugin", "list"));
  g_free (second);
  second = listed_error (&env, env.db, id, &listed);
  df_test_assert_contains (second, "It crashed DraftForge");
  {
    g_autoptr(DfTestRun) info = run_cli (&env, NULL, "plugin", "info", id, "--json", NULL);
    g_autoptr(JsonNode) json = NULL;

    df_test_assert_run_ok (info);
    json = df_test_run_json (info);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (json), "crashes"), ==, 2);
  }
  env_clear (&env);
}

static gboolean
has_marker (gpointer data)
{
  return df_test_count_files (data, "") > 0;
}

/* A command line killed from outside while a plugin starts (kill -9, the
 * end of a session) is not a crash: the plugin is not disabled. */
static void
test_guard_kill (void)
{
  Env env = { 0 };
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfTestRun) disable = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *guard_dir = NULL;
  g_autofree char *crashes = NULL;

  env_init (&env);
  dir = add_fixture (&env, "init-slow");
  guard_dir = g_build_filename (env.dir, "xdg", "draftforge", "plugin-guard", NULL);
  crashes = g_build_filename (env.dir, "xdg", "draftforge", "plugin-crashes.ini", NULL);
  g_subprocess_launcher_setenv (launcher, "DRAFTFORGE_PLUGIN_PATH", strchr (env.path_env, '=') + 1, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", strchr (env.xdg_env, '=') + 1, TRUE);
  child = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("DRAFTFORGE_CLI"), "--db", env.db,
                                       "plugin", "list", NULL);
  g_assert_no_error (error);
  /* In the plugin's entry point (its 30 s): the marker is there. */
  df_test_wait_until_full (has_marker, guard_dir, 30000, "has_marker", __FILE__, __LINE__, G_STRFUNC);
  g_subprocess_force_exit (child);
  g_assert_true (g_subprocess_wait (child, NULL, &error));

  /* The next start (one that loads nothing) cleans up and blames nobody. */
  disable = run_cli (&env, NULL, "plugin", "disable", "org.example.Fail-init-slow", NULL);
  df_test_assert_run_ok (disable);
  g_assert_cmpuint (df_test_count_files (guard_dir, ""), ==, 0);
  g_assert_false (g_file_test (crashes, G_FILE_TEST_EXISTS));
  env_clear (&env);
}

/* --safe-mode: the plugins the user installed are not loaded. */
static void
test_safe_mode (void)
{
  Env env = { 0 };
  g_autoptr(DfTestRun) install = NULL;
  g_autoptr(DfTestRun) safe = NULL;
  g_autoptr(DfTestRun) normal = NULL;
  g_autofree char *src_dir = NULL;
  g_autofree char *src = NULL;

  env_init (&env);
  src_dir = g_build_filename (env.dir, "src", NULL);
  src = df_test_make_fixture_plugin (src_dir, "good", "libplugin-fixture-good.so");
  install = run_cli (&env, NULL, "plugin", "install", "--yes", src, NULL);
  df_test_assert_run_ok (install);

  normal = run_cli (&env, NULL, "plugin", "list", NULL);
  df_test_assert_run_ok (normal);
  df_test_assert_contains (normal->out, "org.example.Fail-good");
  {
    const char *cli_env[] = { env.path_env, env.xdg_env, NULL };

    safe = df_test_run_cli_args (NULL, cli_env, NULL, "--db", env.db, "--safe-mode", "plugin", "list", NULL);
  }
  df_test_assert_run_ok (safe);
  g_assert_null (strstr (safe->out, "org.example.Fail-good"));
  df_test_assert_contains (safe->out, "io.github.draftforge.Exporter");
  env_clear (&env);
}

/* A plugin whose type is named with DraftForge's own prefix installs,
 * with a notice saying why it should not be (a later DraftForge may use
 * the name); one named with its own prefix gets none. */
static void
test_install_host_prefix (void)
{
  Env env = { 0 };
  g_autoptr(DfTestRun) named = NULL;
  g_autoptr(DfTestRun) good = NULL;
  g_autofree char *src_dir = NULL;
  g_autofree char *src = NULL;
  g_autofree char *src_good = NULL;

  env_init (&env);
  src_dir = g_build_filename (env.dir, "src", NULL);
  src = df_test_make_fixture_plugin (src_dir, "df-named", "libplugin-fixture-df-named.so");
  named = run_cli (&env, NULL, "plugin", "install", "--yes", src, NULL);
  g_assert_cmpint (named->status, ==, 0);
  df_test_assert_contains (named->out, "org.example.Fail-df-named");
  df_test_assert_contains (named->err, "org.example.Fail-df-named");
  df_test_assert_contains (named->err, "Its type DfFixtureGoodExporter is named with DraftForge’s own prefix “Df”");

  src_good = df_test_make_fixture_plugin (src_dir, "good", "libplugin-fixture-good.so");
  good = run_cli (&env, NULL, "plugin", "install", "--yes", src_good, NULL);
  g_assert_cmpint (good->status, ==, 0);
  g_assert_null (strstr (good->err, "prefix"));
  env_clear (&env);
}

/* Before an install, what the plugin asks to do is shown in words and
 * the install asked for: without a terminal, only --yes installs. */
static void
test_permissions (void)
{
  Env env = { 0 };
  g_autoptr(DfTestRun) asked = NULL;
  g_autoptr(DfTestRun) undeclared = NULL;
  g_autoptr(DfTestRun) unknown = NULL;
  g_autoptr(DfTestRun) yes = NULL;
  g_autofree char *src_dir = NULL;
  g_autofree char *src = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *user_dir = NULL;
  g_autofree char *listing = NULL;

  env_init (&env);
  src_dir = g_build_filename (env.dir, "src", NULL);
  src = df_test_make_fixture_plugin (src_dir, "good", "libplugin-fixture-good.so");
  user_dir = g_build_filename (env.dir, "xdg", "draftforge", "plugins", NULL);

  undeclared = run_cli (&env, NULL, "plugin", "install", src, NULL);
  df_test_assert_run_fails (undeclared, 1, "add --yes");
  df_test_assert_contains (undeclared->err, "(org.example.Fail-good 1.2): permissions not declared");

  manifest = g_build_filename (src, "fail.plugin", NULL);
  g_free (df_test_write_file (src, "fail.plugin",
                              "[Plugin]\nId=org.example.Fail-good\nName=Good\nVersion=1.2\nAPI=1\n"
                              "Module=fixture\nProvides=exporter;\nPermissions=network;ai;\n", -1));
  asked = run_cli (&env, NULL, "plugin", "install", src, NULL);
  df_test_assert_run_fails (asked, 1, "add --yes");
  df_test_assert_contains (asked->err, "“Good” (org.example.Fail-good 1.2) asks to:\n"
                           "  • Connect to the internet\n"
                           "  • Use your AI provider through DraftForge, spending your credits\n");
  listing = df_test_list_dir (user_dir);
  g_assert_cmpstr (listing, ==, "");

  yes = run_cli (&env, NULL, "plugin", "install", "--yes", src, NULL);
  df_test_assert_run_ok (yes);
  g_assert_cmpstr (yes->out, ==, "org.example.Fail-good\n");

  g_free (df_test_write_file (src, "fail.plugin",
                              "[Plugin]\nId=org.example.Fail-good\nName=Good\nVersion=1.3\nAPI=1\n"
                              "Module=fixture\nPermissions=network;teleport;\n", -1));
  unknown = run_cli (&env, NULL, "plugin", "install", "--yes", src, NULL);
  df_test_assert_run_fails (unknown, 1, "asks for the permission “teleport”, which DraftForge does not know");
  env_clear (&env);
}

typedef struct
{
  const char *db;
} JobWait;

static gboolean
job_is_thinking (gpointer data)
{
  JobWait *wait = data;
  g_autoptr(DfStore) store = df_test_store_open (wait->db);

  return df_test_sql_int (df_store_get_db (store),
                          "SELECT count(*) FROM export_jobs WHERE status = 'processing' AND progress_percent = 20") == 1;
}

/* Ctrl-C while the helper works: the command line stops it, marks the
 * job canceled, removes the temporary file and exits with 130. */
static void
test_ctrl_c (void)
{
  Env env = { 0 };
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  JobWait wait;

  env_init (&env);
  dir = add_fixture (&env, "export-loop");
  out = g_build_filename (env.out_dir, "book.txt", NULL);
  g_subprocess_launcher_setenv (launcher, "DRAFTFORGE_PLUGIN_PATH", strchr (env.path_env, '=') + 1, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", strchr (env.xdg_env, '=') + 1, TRUE);
  child = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("DRAFTFORGE_CLI"), "--db", env.db,
                                       "export", "safe-book", "--format", "fixture-export-loop", "-o", out, NULL);
  g_assert_no_error (error);

  wait.db = env.db;
  df_test_wait_until_full (job_is_thinking, &wait, 30000, "job_is_thinking", __FILE__, __LINE__, G_STRFUNC);
  g_subprocess_send_signal (child, SIGINT);
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (child));
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 130);

  store = df_test_store_open (env.db);
  status = df_test_sql_text (df_store_get_db (store), "SELECT status FROM export_jobs");
  g_assert_cmpstr (status, ==, "canceled");
  g_clear_object (&store);
  assert_nothing_left (&env);
  env_clear (&env);
}

/* `personalize --reader` through the reader transform that fails @way. */
static void
assert_transform_fails (const char *way,
                        const char *says)
{
  Env env = { 0 };
  g_autoptr(DfTestRun) run = NULL;
  g_autoptr(DfTestRun) again = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *plugin = g_strdup_printf ("The Failing reader transform (org.example.Fail-%s 1.2)", way);

  env_init (&env);
  df_test_add_profile (env.db, "Ann");
  run = run_cli (&env, NULL, "personalize", "safe-book", "2", "--reader", "--profile", "Ann", NULL);
  df_test_assert_run_ok (run);
  df_test_assert_contains (run->out, "The second chapter.");

  dir = add_fixture (&env, way);
  again = run_cli (&env, NULL, "personalize", "safe-book", "2", "--reader", "--profile", "Ann", NULL);
  df_test_assert_run_fails (again, 1, plugin);
  df_test_assert_contains (again->err, says);
  df_test_assert_contains (again->err, "Your book is untouched.");
  /* A crash is named by its signal, or (built with the sanitizers, which
   * report it and exit) as theirs. */
  if (g_str_has_suffix (says, "("))
    g_assert_true (strstr (again->err, says) != NULL &&
                   (g_str_has_prefix (strstr (again->err, says) + strlen (says), "Segmentation fault)") ||
                    g_str_has_prefix (strstr (again->err, says) + strlen (says), "sanitizer)")));
  assert_health_names (&env, way, plugin);
  assert_nothing_left (&env);
  env_clear (&env);
}

static void
test_transform_crash (void)
{
  assert_transform_fails ("transform-crash", "crashed while at “Two” (");
}

static void
test_transform_loop (void)
{
  assert_transform_fails ("transform-loop", "took longer than the 3 seconds allowed");
}

/* A sync backend that aborts, alone as the "git" backend: `sync init`
 * and `sync` fail naming it, with its last step; the book is whole. */
static void
test_sync_abort (void)
{
  Env env = { 0 };
  g_autoptr(DfTestRun) init = NULL;
  g_autoptr(DfTestRun) sync = NULL;
  g_autofree char *dir = NULL;
  const char *plugin = "The Failing sync backend (org.example.Fail-sync-abort 1.2)";

  env_init (&env);
  g_free (env.path_env);
  env.path_env = g_strdup_printf ("DRAFTFORGE_PLUGIN_PATH=%s", env.plugins);
  dir = add_fixture (&env, "sync-abort");

  init = run_cli (&env, NULL, "sync", "init", "safe-book", NULL);
  df_test_assert_run_fails (init, 1, plugin);
  df_test_assert_contains (init->err, "crashed as it started (Aborted). Your book is untouched.");
  sync = run_cli (&env, NULL, "sync", "safe-book", NULL);
  if (sync->status != 0)
    df_test_assert_contains (sync->err, plugin);
  assert_health_names (&env, "sync-abort", plugin);
  assert_nothing_left (&env);
  env_clear (&env);
}

/* Exports with the fixture that tries to write outside and to connect
 * (export-reach), its manifest declaring @permissions (NULL: no
 * Permissions= key, API 1); what it could do, as it wrote it. */
static char *
reach_with (const char *permissions,
            const char *reach_file)
{
  Env env = { 0 };
  g_autoptr(DfTestRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *written = NULL;
  char *reached = NULL;

  env_init (&env);
  dir = add_fixture (&env, "export-reach");
  if (permissions != NULL)
    {
      manifest = g_strdup_printf ("[Plugin]\nId=org.example.Fail-export-reach\nName=Reaching\nVersion=1.2\nAPI=2\n"
                                  "Module=fixture\nProvides=exporter;\nPermissions=%s\n", permissions);
      written = df_test_write_file (dir, "fail.plugin", manifest, -1);
    }
  out = g_build_filename (env.out_dir, "book.txt", NULL);
  run = run_cli (&env, NULL, "export", "safe-book", "--format", "fixture-export-reach", "-o", out, NULL);
  df_test_assert_run_ok (run);
  g_assert_true (g_file_get_contents (out, &reached, NULL, &error));
  g_assert_no_error (error);
  /* (the book, and no temporary file beside it) */
  g_assert_cmpint (df_test_count_files (env.out_dir, ""), ==, 1);
  env_clear (&env);
  return reached;
}

/* A file outside every folder a plugin may write in: in the build
 * folder, or the home folder when the build is under a temporary folder
 * (a clone in /tmp), or NULL when neither will do. */
static char *
reach_file_path (void)
{
  g_autofree char *built = g_test_build_filename (G_TEST_BUILT, "plugin-safety-reached.txt", NULL);
  g_autofree char *home = g_strdup_printf ("%s/.draftforge-plugin-safety-reached-%d.txt", g_get_home_dir (),
                                           (int) getpid ());
  const char *candidates[] = { built, home };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *tmp = g_strconcat (g_get_tmp_dir (), "/", NULL);

      if (!g_str_has_prefix (candidates[i], tmp) && !g_str_has_prefix (candidates[i], "/var/tmp/") &&
          !g_str_has_prefix (candidates[i], "/tmp/"))
        return g_strdup (candidates[i]);
    }
  return NULL;
}

/* A plugin that declares what it will touch is held to it in the helper
 * process (Landlock): declaring nothing, it can neither write outside
 * the database's and the output's folders nor connect; declaring
 * "network;files-outside-project;" it can; declaring no permissions at
 * all (API 1), it keeps DraftForge's rights. */
static void
test_permissions_held (void)
{
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autofree char *reach_file = reach_file_path ();
  g_autofree char *port = NULL;
  g_autofree char *held = NULL;
  g_autofree char *declared = NULL;
  g_autofree char *undeclared = NULL;

  if (_df_plugin_sandbox_level () < 2)
    {
      g_test_skip ("This kernel has no Landlock with its network part (Linux 6.7): plugins are not held");
      return;
    }
  if (reach_file == NULL)
    {
      g_test_skip ("Neither the build folder nor the home folder is outside the temporary folders a plugin may "
                   "write in");
      return;
    }
  listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  any = g_inet_socket_address_new (loopback, 0);
  g_assert_true (g_socket_bind (listener, any, TRUE, &error) && g_socket_listen (listener, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (listener, &error);
  port = g_strdup_printf ("%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_setenv ("DRAFTFORGE_TEST_REACH_PORT", port, TRUE);
  g_setenv ("DRAFTFORGE_TEST_REACH_FILE", reach_file, TRUE);
  g_unlink (reach_file);

  held = reach_with ("", reach_file);
  g_assert_cmpstr (held, ==, "write: denied\nconnect: denied\n");
  g_assert_false (g_file_test (reach_file, G_FILE_TEST_EXISTS));

  declared = reach_with ("network;files-outside-project;", reach_file);
  g_assert_cmpstr (declared, ==, "write: ok\nconnect: ok\n");
  g_assert_true (g_file_test (reach_file, G_FILE_TEST_EXISTS));
  g_unlink (reach_file);

  undeclared = reach_with (NULL, reach_file);
  g_assert_cmpstr (undeclared, ==, "write: ok\nconnect: ok\n");
  g_unlink (reach_file);
  g_unsetenv ("DRAFTFORGE_TEST_REACH_FILE");
  g_unsetenv ("DRAFTFORGE_TEST_REACH_PORT");
}

/* An agent with analyze_async and no analyze: the host calls that. */
static void
test_agent_async (void)
{
  Env env = { 0 };
  g_autoptr(DfTestRun) run = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *dir = NULL;

  env_init (&env);
  dir = df_test_make_fixture_plugin (env.plugins, "async", "libplugin-async.so");
  run = run_cli (&env, NULL, "agent", "run", "fixture-async", "safe-book", "--json", NULL);
  df_test_assert_run_ok (run);
  df_test_assert_contains (run->out, "Seen asynchronously");
  json = df_test_run_json (run);
  {
    g_autoptr(DfStore) store = df_test_store_open (env.db);

    g_assert_cmpint (df_test_sql_int (df_store_get_db (store),
                                      "SELECT count(*) FROM agent_runs WHERE agent_type = 'fixture-async'"
                                      " AND status = 'completed'"), ==, 1);
  }
  env_clear (&env);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (!df_test_have_cli ())
    return g_test_run ();

  g_test_add_func ("/plugin-safety/export/bundled", test_export_bundled);
  g_test_add_func ("/plugin-safety/export/crash", test_export_crash);
  g_test_add_func ("/plugin-safety/export/abort", test_export_abort);
  g_test_add_func ("/plugin-safety/export/endless-loop", test_export_loop);
  g_test_add_func ("/plugin-safety/export/huge-allocation", test_export_huge);
  g_test_add_func ("/plugin-safety/export/leak", test_export_leak);
  g_test_add_func ("/plugin-safety/export/ctrl-c", test_ctrl_c);
  g_test_add_func ("/plugin-safety/install/init-crash", test_install_init_crash);
  g_test_add_func ("/plugin-safety/install/init-abort", test_install_init_abort);
  g_test_add_func ("/plugin-safety/install/init-slow", test_install_init_slow);
  g_test_add_func ("/plugin-safety/install/wrong-type", test_install_wrong_type);
  g_test_add_func ("/plugin-safety/guard", test_guard);
  g_test_add_func ("/plugin-safety/guard-kill", test_guard_kill);
  g_test_add_func ("/plugin-safety/report", test_report);
  g_test_add_func ("/plugin-safety/permissions", test_permissions);
  g_test_add_func ("/plugin-safety/safe-mode", test_safe_mode);
  g_test_add_func ("/plugin-safety/transform/crash", test_transform_crash);
  g_test_add_func ("/plugin-safety/transform/endless-loop", test_transform_loop);
  g_test_add_func ("/plugin-safety/sync/abort", test_sync_abort);
  g_test_add_func ("/plugin-safety/permissions-held", test_permissions_held);
  g_test_add_func ("/plugin-safety/install/host-prefix", test_install_host_prefix);
  g_test_add_func ("/plugin-safety/agent/async-only", test_agent_async);
  return g_test_run ();
}
