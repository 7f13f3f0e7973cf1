/* test-plugins.c: the plugin host, plugin installs, and the plugin and
 * export commands
 *
 * A plugin's module registers GTypes for good, so every test that loads
 * modules into this process runs in a subprocess of its own.  Fixture
 * modules (tests/fixtures/plugins/fixture-*.c) are built beside this test;
 * broken plugins and archives are made here, in temporary folders.  The
 * example plugin of docs/plugins.md is compiled out of the tree with cc
 * and pkg-config, installed and run with the real command line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "df-plugin-host.h"
#include "df-store-private.h"
#include "draftforge-plugin.h"
#include "df-test-util.h"

/* ---- helpers ------------------------------------------------------------- */

/* Runs the calling test in a subprocess of its own (modules register
 * types for good).  Returns TRUE in the subprocess. */
static gboolean
in_subprocess (void)
{
  if (g_test_subprocess ())
    return TRUE;

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  return FALSE;
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *written = df_test_write_file (dir, name, contents, -1);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *dir = g_path_get_dirname (to);
  gsize length = 0;

  contents = df_test_read_file (from, &length);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_file_set_contents (to, contents, (gssize)length, &error);
  g_assert_no_error (error);
}

/* A built fixture module: "good", "no-entry", "init-fails", "wrong-type". */
static char *
fixture_module (const char *name)
{
  g_autofree char *file = g_strdup_printf ("libplugin-fixture-%s.so", name);
  char *path = g_test_build_filename (G_TEST_BUILT, file, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    g_error ("The fixture module %s is not built (ninja builds it with the tests)", path);
  return path;
}

static char *
manifest_text (const char *id,
               const char *module,
               int         api)
{
  return g_strdup_printf ("[Plugin]\nId=%s\nName=Test plugin %s\nDescription=For test-plugins\n"
                          "Version=1.2.3\nAuthors=Tests\nAPI=%d\nModule=%s\nProvides=exporter;\n",
                          id, id, api, module);
}

/* Makes the plugin folder @dir: a manifest and a copy of the fixture
 * module @fixture (NULL: no module). */
static void
make_plugin (const char *dir,
             const char *id,
             const char *fixture,
             int         api)
{
  g_autofree char *manifest = g_build_filename (dir, "test.plugin", NULL);
  g_autofree char *text = manifest_text (id, "fixture", api);

  write_file (manifest, text);
  if (fixture != NULL)
    {
      g_autofree char *module = fixture_module (fixture);
      g_autofree char *dest = g_build_filename (dir, "libfixture.so", NULL);

      copy_file (module, dest);
    }
}

typedef struct
{
  char    *dir;        /* the temporary folder: removed at the end */
  char    *db;
  char    *path_dir;   /* DRAFTFORGE_PLUGIN_PATH */
  char    *system_dir;
  DfStore *store;
} Env;

/* A temporary folder with the user's data, a DRAFTFORGE_PLUGIN_PATH and
 * a system folder in it, and a database.  Call first in a subprocess
 * (g_get_user_data_dir reads XDG_DATA_HOME once). */
static void
env_init (Env *env)
{
  g_autofree char *xdg = NULL;

  env->dir = df_test_tmp_dir_new ("plugins");
  xdg = g_build_filename (env->dir, "xdg", NULL);
  g_setenv ("XDG_DATA_HOME", xdg, TRUE);
  env->db = g_build_filename (env->dir, "test.db", NULL);
  env->path_dir = g_build_filename (env->dir, "path", NULL);
  env->system_dir = g_build_filename (env->dir, "system", NULL);
  g_mkdir_with_parents (env->path_dir, 0755);
  g_mkdir_with_parents (env->system_dir, 0755);
  g_setenv ("DRAFTFORGE_PLUGIN_PATH", env->path_dir, TRUE);
  env->store = df_test_store_open (env->db);
}

static void
env_clear (Env *env)
{
  g_clear_object (&env->store);
  df_test_tmp_dir_free (env->dir);
  g_free (env->db);
  g_free (env->path_dir);
  g_free (env->system_dir);
}

static DfPluginHost *
env_host (Env *env)
{
  return df_plugin_host_new (env->store, env->system_dir);
}

static gboolean
has_format (GPtrArray  *exporters,
            const char *format)
{
  for (guint i = 0; i < exporters->len; i++)
    if (g_strcmp0 (df_exporter_get_format (exporters->pdata[i]), format) == 0)
      return TRUE;
  return FALSE;
}

/* ---- ids ----------------------------------------------------------------- */

static void
test_id_rule (void)
{
  g_assert_true (df_plugin_id_is_valid ("io.github.someone.Thing"));
  g_assert_true (df_plugin_id_is_valid ("org.example.Hello_World-2"));
  g_assert_true (df_plugin_id_is_valid ("ab.c"));
  g_assert_false (df_plugin_id_is_valid (NULL));
  g_assert_false (df_plugin_id_is_valid (""));
  g_assert_false (df_plugin_id_is_valid ("nodots"));
  g_assert_false (df_plugin_id_is_valid ("org..example"));
  g_assert_false (df_plugin_id_is_valid ("org.example."));
  g_assert_false (df_plugin_id_is_valid (".org.example"));
  g_assert_false (df_plugin_id_is_valid ("org.3example"));
  g_assert_false (df_plugin_id_is_valid ("org.ex ample"));
  g_assert_false (df_plugin_id_is_valid ("org/example.x"));
  g_assert_false (df_plugin_id_is_valid ("../../etc.passwd"));
  g_assert_false (df_plugin_id_is_valid ("org.exämple"));
}

/* ---- broken plugins are listed with their error and skipped -------------- */

static void
assert_error (DfPluginHost *host,
              const char   *id,
              const char   *expected)
{
  const DfPluginInfo *info = df_plugin_host_lookup (host, id);

  if (info == NULL)
    g_error ("The plugin %s is not listed", id);
  if (info->error == NULL || strstr (info->error, expected) == NULL)
    g_error ("The plugin %s has the error “%s”; expected “%s” in it", id,
             info->error != NULL ? info->error : "(none)", expected);
  g_assert_false (info->loaded);
  g_assert_null (strchr (info->error, '\n'));
}

static void
test_broken (void)
{
  Env env = { 0 };
  g_autoptr(DfPluginHost) host = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) exporters = NULL;
  const DfPluginInfo *good;
  char *p;

  if (!in_subprocess ())
    return;

  env_init (&env);

#define PLUGIN_DIR(name) (p = g_build_filename (env.path_dir, name, NULL), g_test_queue_free (p), p)
#define PLUGIN_FILE(name, file) (p = g_build_filename (env.path_dir, name, file, NULL), g_test_queue_free (p), p)

  g_mkdir_with_parents (PLUGIN_DIR ("no-manifest"), 0755);
  write_file (PLUGIN_FILE ("no-manifest", "README"), "not a manifest\n");

  write_file (PLUGIN_FILE ("two-manifests", "a.plugin"), "[Plugin]\nId=org.example.Two\n");
  write_file (PLUGIN_FILE ("two-manifests", "b.plugin"), "[Plugin]\nId=org.example.Two\n");

  write_file (PLUGIN_FILE ("unparsable", "x.plugin"), "this is [not a keyfile\n");
  write_file (PLUGIN_FILE ("no-group", "x.plugin"), "[Other]\nId=org.example.NoGroup\n");
  write_file (PLUGIN_FILE ("missing-key", "x.plugin"),
              "[Plugin]\nId=org.example.MissingKey\nName=M\nVersion=1\nAPI=1\n");
  write_file (PLUGIN_FILE ("bad-id", "x.plugin"),
              "[Plugin]\nId=nodots\nName=B\nVersion=1\nAPI=1\nModule=fixture\n");
  write_file (PLUGIN_FILE ("api-word", "x.plugin"),
              "[Plugin]\nId=org.example.ApiWord\nName=W\nVersion=1\nAPI=one\nModule=fixture\n");
  write_file (PLUGIN_FILE ("bad-provides", "x.plugin"),
              "[Plugin]\nId=org.example.BadProvides\nName=W\nVersion=1\nAPI=1\nModule=fixture\nProvides=exporter;teleporter;\n");
  make_plugin (PLUGIN_DIR ("wrong-api"), "org.example.WrongApi", "good", 3);
  make_plugin (PLUGIN_DIR ("missing-module"), "org.example.MissingModule", NULL, 1);
  make_plugin (PLUGIN_DIR ("not-a-module"), "org.example.NotAModule", NULL, 1);
  write_file (PLUGIN_FILE ("not-a-module", "libfixture.so"), "not an ELF file\n");
  make_plugin (PLUGIN_DIR ("no-entry"), "org.example.NoEntry", "no-entry", 1);
  make_plugin (PLUGIN_DIR ("init-fails"), "org.example.InitFails", "init-fails", 1);
  make_plugin (PLUGIN_DIR ("wrong-type"), "org.example.WrongType", "wrong-type", 1);
  make_plugin (PLUGIN_DIR ("good"), "org.example.Good", "good", 1);
  /* Hidden folders are not plugins (installs in progress). */
  make_plugin (PLUGIN_DIR (".hidden"), "org.example.Hidden", NULL, 1);

  host = env_host (&env);
  df_plugin_host_load (host);

  assert_error (host, "no-manifest", "There is no manifest");
  assert_error (host, "two-manifests", "more than one manifest");
  assert_error (host, "unparsable", "does not parse");
  assert_error (host, "no-group", "has no [Plugin] group");
  assert_error (host, "org.example.MissingKey", "lacks the required key Module");
  assert_error (host, "nodots", "is not valid: it must be reverse-DNS-like");
  assert_error (host, "org.example.ApiWord", "must be a whole number");
  assert_error (host, "org.example.BadProvides", "“teleporter”, which is not an extension point");
  assert_error (host, "org.example.WrongApi",
                "built for DraftForge plugin API 3; this DraftForge loads API 1 to 2: "
                "get a version of the plugin made for it");
  assert_error (host, "org.example.MissingModule", "module");
  assert_error (host, "org.example.MissingModule", "is missing");
  assert_error (host, "org.example.NotAModule", "Its module does not load: ");
  assert_error (host, "org.example.NoEntry", "has no entry point draftforge_plugin_init()");
  assert_error (host, "org.example.InitFails", "It failed to start: the fixture needs a thing this machine lacks");
  assert_error (host, "org.example.WrongType", "FixtureNotExporter as exporter, but that type does not implement DfExporter");
  g_assert_null (df_plugin_host_lookup (host, "org.example.Hidden"));

  /* The good one is unharmed by all of that. */
  good = df_plugin_host_lookup (host, "org.example.Good");
  g_assert_nonnull (good);
  g_assert_null (good->error);
  g_assert_true (good->loaded);
  g_assert_true (good->enabled);
  g_assert_cmpint (good->origin, ==, DF_PLUGIN_ORIGIN_PATH);
  g_assert_cmpstr (good->version, ==, "1.2.3");
  g_assert_cmpint (good->api_version, ==, 1);
  g_assert_cmpstr (good->provides[0], ==, "exporter");
  g_assert_cmpint (strlen (good->checksum), ==, 64);

  list = df_plugin_host_list (host);
  g_assert_cmpuint (list->len, ==, 15);
  for (guint i = 1; i < list->len; i++)
    g_assert_cmpint (strcmp (((DfPluginInfo *)list->pdata[i - 1])->id,
                             ((DfPluginInfo *)list->pdata[i])->id), <, 0);

  exporters = df_plugin_host_get_exporters (host);
  g_assert_cmpuint (exporters->len, ==, 1);
  g_assert_true (has_format (exporters, "fixture-good"));
  g_assert_nonnull (df_plugin_host_find_exporter (host, "fixture-good"));
  g_assert_null (df_plugin_host_find_exporter (host, "epub"));

  g_clear_object (&host);
  env_clear (&env);
}

/* ---- enable and disable, remembered ------------------------------------- */

static void
on_changed (DfPluginHost *host,
            int          *count)
{
  (*count)++;
}

static void
test_enable_disable (void)
{
  Env env = { 0 };
  g_autoptr(DfPluginHost) host = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *module = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  int changed = 0;

  if (!in_subprocess ())
    return;

  env_init (&env);
  dir = g_build_filename (env.system_dir, "good", NULL);
  make_plugin (dir, "org.example.Good", "good", 1);
  module = g_build_filename (dir, "libfixture.so", NULL);
  contents = df_test_read_file (module, &length);
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, length);

  host = env_host (&env);
  g_signal_connect (host, "changed", G_CALLBACK (on_changed), &changed);
  df_plugin_host_load (host);
  g_assert_cmpint (df_plugin_host_lookup (host, "org.example.Good")->origin, ==, DF_PLUGIN_ORIGIN_SYSTEM);
  g_assert_nonnull (df_plugin_host_find_exporter (host, "fixture-good"));

  /* The table has the version and the module's SHA-256. */
  {
    g_autoptr(sqlite3_stmt) stmt = df_store_prepare (env.store,
                                                     "SELECT version, checksum, enabled FROM plugins WHERE id = ?1",
                                                     &error);
    g_assert_no_error (error);
    sqlite3_bind_text (stmt, 1, "org.example.Good", -1, SQLITE_STATIC);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "1.2.3");
    g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 1), ==, sha);
    g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 1);
  }

  g_assert_true (df_plugin_host_set_enabled (host, "org.example.Good", FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (changed, ==, 1);
  g_assert_false (df_plugin_host_lookup (host, "org.example.Good")->enabled);
  g_assert_null (df_plugin_host_find_exporter (host, "fixture-good"));

  g_assert_false (df_plugin_host_set_enabled (host, "org.example.Nothing", TRUE, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A new store on the same file and a new host: still disabled, and
   * not loaded. */
  g_clear_object (&host);
  g_clear_object (&env.store);
  env.store = df_store_open (env.db, &error);
  g_assert_no_error (error);
  host = env_host (&env);
  df_plugin_host_load (host);
  g_assert_false (df_plugin_host_lookup (host, "org.example.Good")->enabled);
  g_assert_false (df_plugin_host_lookup (host, "org.example.Good")->loaded);
  g_assert_null (df_plugin_host_find_exporter (host, "fixture-good"));
  {
    g_autoptr(GPtrArray) exporters = df_plugin_host_get_exporters (host);
    g_assert_cmpuint (exporters->len, ==, 0);
  }

  /* Enabling a plugin that is not loaded loads it. */
  changed = 0;
  g_signal_connect (host, "changed", G_CALLBACK (on_changed), &changed);
  g_assert_true (df_plugin_host_set_enabled (host, "org.example.Good", TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (changed, ==, 1);
  g_assert_true (df_plugin_host_lookup (host, "org.example.Good")->loaded);
  g_assert_nonnull (df_plugin_host_find_exporter (host, "fixture-good"));

  g_clear_object (&host);
  host = env_host (&env);
  df_plugin_host_load (host);
  g_assert_true (df_plugin_host_lookup (host, "org.example.Good")->enabled);
  g_assert_nonnull (df_plugin_host_find_exporter (host, "fixture-good"));

  g_clear_object (&host);
  env_clear (&env);
}

/* ---- installing folders --------------------------------------------------- */

/* Installing @path fails with @expected in the message, and leaves
 * nothing in the user's plugin folder but @left. */
static void
assert_refused (DfPluginHost *host,
                const char   *path,
                const char   *expected,
                const char   *left)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = df_plugin_host_install (host, path, &error);
  g_autofree char *listing = NULL;

  if (id != NULL)
    g_error ("“%s” was installed as %s; it should be refused (%s)", path, id, expected);
  g_assert_nonnull (error);
  if (strstr (error->message, expected) == NULL)
    g_error ("Refusing “%s” said “%s”; expected “%s” in it", path, error->message, expected);
  g_assert_null (strchr (error->message, '\n'));

  listing = df_test_list_dir (df_plugin_host_get_user_dir (host));
  g_assert_cmpstr (listing, ==, left);
}

static void
test_install_folder (void)
{
  Env env = { 0 };
  g_autoptr(DfPluginHost) host = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *src = NULL;
  g_autofree char *id = NULL;
  g_autofree char *installed = NULL;
  g_autofree char *listing = NULL;
  const DfPluginInfo *info;
  char *p;

  if (!in_subprocess ())
    return;

  env_init (&env);
  host = env_host (&env);
  df_plugin_host_load (host);

#define SRC(name) (p = g_build_filename (env.dir, "src", name, NULL), g_test_queue_free (p), p)

  make_plugin (SRC ("wrong-api"), "org.example.WrongApi", "good", 7);
  assert_refused (host, SRC ("wrong-api"), "built for DraftForge plugin API 7; this DraftForge loads API 1 to 2", "");

  make_plugin (SRC ("bad-id"), "not-an-id", "good", 1);
  assert_refused (host, SRC ("bad-id"), "is not valid: it must be reverse-DNS-like", "");

  make_plugin (SRC ("no-entry"), "org.example.NoEntry", "no-entry", 1);
  assert_refused (host, SRC ("no-entry"), "has no entry point draftforge_plugin_init()", "");

  make_plugin (SRC ("not-a-module"), "org.example.NotAModule", NULL, 1);
  write_file (SRC ("not-a-module/libfixture.so"), "garbage\n");
  assert_refused (host, SRC ("not-a-module"), "its module does not load", "");

  make_plugin (SRC ("no-module"), "org.example.NoModule", NULL, 1);
  assert_refused (host, SRC ("no-module"), "is missing", "");

  g_mkdir_with_parents (SRC ("empty"), 0755);
  assert_refused (host, SRC ("empty"), "There is no manifest", "");

  make_plugin (SRC ("two"), "org.example.Two", "good", 1);
  write_file (SRC ("two/other.plugin"), "[Plugin]\nId=org.example.Other\n");
  assert_refused (host, SRC ("two"), "more than one manifest", "");

  make_plugin (SRC ("escaping-link"), "org.example.Link", "good", 1);
  g_assert_cmpint (symlink ("/etc/passwd", SRC ("escaping-link/passwd")), ==, 0);
  assert_refused (host, SRC ("escaping-link"), "points to “/etc/passwd”, outside the plugin", "");

  make_plugin (SRC ("up-link"), "org.example.Link", "good", 1);
  g_assert_cmpint (symlink ("../../secret", SRC ("up-link/secret")), ==, 0);
  assert_refused (host, SRC ("up-link"), "goes up a folder", "");

  make_plugin (SRC ("fifo"), "org.example.Fifo", "good", 1);
  g_assert_cmpint (mkfifo (SRC ("fifo/pipe"), 0644), ==, 0);
  assert_refused (host, SRC ("fifo"), "is a device, fifo or socket", "");

  make_plugin (SRC ("crowded"), "org.example.Crowded", "good", 1);
  for (int i = 0; i < 1000; i++)
    {
      g_autofree char *name = g_strdup_printf ("crowded/data/%04d.txt", i);
      write_file (SRC (name), "x");
    }
  assert_refused (host, SRC ("crowded"), "more than 1000 files and folders", "");

  /* A good one, with a data folder and a link inside it. */
  make_plugin (SRC ("good"), "org.example.Good", "good", 1);
  write_file (SRC ("good/data/words.txt"), "hello\n");
  g_assert_cmpint (symlink ("data/words.txt", SRC ("good/words.txt")), ==, 0);
  id = df_plugin_host_install (host, SRC ("good"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "org.example.Good");

  listing = df_test_list_dir (df_plugin_host_get_user_dir (host));
  g_assert_cmpstr (listing, ==, "org.example.Good");
  installed = g_build_filename (df_plugin_host_get_user_dir (host), "org.example.Good", NULL);
  g_clear_pointer (&listing, g_free);
  listing = df_test_list_dir (installed);
  g_assert_cmpstr (listing, ==, "data libfixture.so test.plugin words.txt");

  info = df_plugin_host_lookup (host, "org.example.Good");
  g_assert_nonnull (info);
  g_assert_cmpint (info->origin, ==, DF_PLUGIN_ORIGIN_USER);
  g_assert_cmpstr (info->dir, ==, installed);
  g_assert_null (info->error);
  g_assert_true (info->enabled);
  g_assert_true (info->loaded);
  g_assert_nonnull (df_plugin_host_find_exporter (host, "fixture-good"));

  g_clear_object (&host);
  env_clear (&env);
}

/* ---- installing archives -------------------------------------------------- */

typedef enum
{
  ENTRY_FILE,
  ENTRY_DIR,
  ENTRY_SYMLINK,
  ENTRY_FIFO,
} EntryKind;

typedef struct
{
  EntryKind   kind;
  const char *path;
  const char *data;       /* a file's contents, a link's target */
  const char *from_file;  /* a file's contents read from here instead */
} Entry;

/* Writes @entries into the archive @path: .zip, else .tar.gz. */
static void
make_archive (const char  *path,
              const Entry *entries,
              guint        n_entries)
{
  struct archive *a = archive_write_new ();

  if (g_str_has_suffix (path, ".zip"))
    g_assert_cmpint (archive_write_set_format_zip (a), ==, ARCHIVE_OK);
  else
    {
      g_assert_cmpint (archive_write_set_format_pax_restricted (a), ==, ARCHIVE_OK);
      g_assert_cmpint (archive_write_add_filter_gzip (a), ==, ARCHIVE_OK);
    }
  g_assert_cmpint (archive_write_open_filename (a, path), ==, ARCHIVE_OK);

  for (guint i = 0; i < n_entries; i++)
    {
      struct archive_entry *entry = archive_entry_new ();
      g_autofree char *contents = NULL;
      gsize length = 0;

      archive_entry_set_pathname (entry, entries[i].path);
      switch (entries[i].kind)
        {
        case ENTRY_FILE:
          if (entries[i].from_file != NULL)
            contents = df_test_read_file (entries[i].from_file, &length);
          else
            {
              contents = g_strdup (entries[i].data);
              length = strlen (contents);
            }
          archive_entry_set_filetype (entry, AE_IFREG);
          archive_entry_set_perm (entry, 0644);
          archive_entry_set_size (entry, (la_int64_t)length);
          break;
        case ENTRY_DIR:
          archive_entry_set_filetype (entry, AE_IFDIR);
          archive_entry_set_perm (entry, 0755);
          break;
        case ENTRY_SYMLINK:
          archive_entry_set_filetype (entry, AE_IFLNK);
          archive_entry_set_perm (entry, 0777);
          archive_entry_set_symlink (entry, entries[i].data);
          break;
        case ENTRY_FIFO:
          archive_entry_set_filetype (entry, AE_IFIFO);
          archive_entry_set_perm (entry, 0644);
          break;
        default:
          g_assert_not_reached ();
        }
      g_assert_cmpint (archive_write_header (a, entry), ==, ARCHIVE_OK);
      if (contents != NULL && length > 0)
        g_assert_cmpint (archive_write_data (a, contents, length), ==, (la_ssize_t)length);
      archive_entry_free (entry);
    }

  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
}

static void
test_install_archives (void)
{
  Env env = { 0 };
  g_autoptr(DfPluginHost) host = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *module = fixture_module ("good");
  g_autofree char *manifest = manifest_text ("org.example.Archived", "fixture", 1);
  g_autofree char *manifest2 = manifest_text ("org.example.Zipped", "fixture", 1);
  g_autofree char *id = NULL;
  g_autofree char *listing = NULL;
  const DfPluginInfo *info;
  char *p;

  if (!in_subprocess ())
    return;

  env_init (&env);
  /* Installs only: loading two copies of one module would register its
   * types twice. */
  host = env_host (&env);

#define ARCHIVE(name) (p = g_build_filename (env.dir, name, NULL), g_test_queue_free (p), p)

  {
    const Entry entries[] = {
      { ENTRY_DIR, "archived/", NULL, NULL },
      { ENTRY_FILE, "archived/test.plugin", manifest, NULL },
      { ENTRY_FILE, "archived/libfixture.so", NULL, module },
      { ENTRY_FILE, "archived/../../escape.txt", "gotcha", NULL },
    };
    make_archive (ARCHIVE ("dotdot.tar.gz"), entries, G_N_ELEMENTS (entries));
    assert_refused (host, ARCHIVE ("dotdot.tar.gz"), "goes up a folder (..)", "");
  }
  {
    g_autofree char *target = g_build_filename (env.dir, "absolute.txt", NULL);
    const Entry entries[] = {
      { ENTRY_FILE, "test.plugin", manifest, NULL },
      { ENTRY_FILE, "libfixture.so", NULL, module },
      { ENTRY_FILE, target, "gotcha", NULL },
    };
    make_archive (ARCHIVE ("absolute.tar.gz"), entries, G_N_ELEMENTS (entries));
    assert_refused (host, ARCHIVE ("absolute.tar.gz"), "has an absolute path", "");
    g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  }
  {
    const Entry entries[] = {
      { ENTRY_FILE, "archived/test.plugin", manifest, NULL },
      { ENTRY_FILE, "archived/libfixture.so", NULL, module },
      { ENTRY_SYMLINK, "archived/passwd", "/etc/passwd", NULL },
    };
    make_archive (ARCHIVE ("symlink.tar.gz"), entries, G_N_ELEMENTS (entries));
    assert_refused (host, ARCHIVE ("symlink.tar.gz"), "points to “/etc/passwd”, outside the plugin", "");
  }
  {
    const Entry entries[] = {
      { ENTRY_FILE, "test.plugin", manifest, NULL },
      { ENTRY_FILE, "libfixture.so", NULL, module },
      { ENTRY_FILE, "../outside.txt", "gotcha", NULL },
    };
    make_archive (ARCHIVE ("dotdot.zip"), entries, G_N_ELEMENTS (entries));
    assert_refused (host, ARCHIVE ("dotdot.zip"), "goes up a folder (..)", "");
  }
  {
    const Entry entries[] = {
      { ENTRY_FILE, "test.plugin", manifest, NULL },
      { ENTRY_FILE, "libfixture.so", NULL, module },
      { ENTRY_FIFO, "pipe", NULL, NULL },
    };
    make_archive (ARCHIVE ("fifo.tar.gz"), entries, G_N_ELEMENTS (entries));
    assert_refused (host, ARCHIVE ("fifo.tar.gz"), "is a device, fifo or socket", "");
  }
  {
    const Entry entries[] = {
      { ENTRY_FILE, "test.plugin", manifest, NULL },
      { ENTRY_FILE, "other.plugin", manifest2, NULL },
      { ENTRY_FILE, "libfixture.so", NULL, module },
    };
    make_archive (ARCHIVE ("two.zip"), entries, G_N_ELEMENTS (entries));
    assert_refused (host, ARCHIVE ("two.zip"), "more than one manifest", "");
  }
  {
    const Entry entries[] = {
      { ENTRY_FILE, "test.plugin", "[Plugin\nId=broken", NULL },
      { ENTRY_FILE, "libfixture.so", NULL, module },
    };
    make_archive (ARCHIVE ("unparsable.zip"), entries, G_N_ELEMENTS (entries));
    assert_refused (host, ARCHIVE ("unparsable.zip"), "does not parse", "");
  }
  {
    g_autofree Entry *many = g_new0 (Entry, 1002);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

    many[0] = (Entry) { ENTRY_FILE, "test.plugin", manifest, NULL };
    many[1] = (Entry) { ENTRY_FILE, "libfixture.so", NULL, module };
    for (guint i = 2; i < 1002; i++)
      {
        char *name = g_strdup_printf ("data/%04u", i);

        g_ptr_array_add (names, name);
        many[i] = (Entry) { ENTRY_FILE, name, "x", NULL };
      }
    make_archive (ARCHIVE ("many.tar.gz"), many, 1002);
    assert_refused (host, ARCHIVE ("many.tar.gz"), "more than 1000 files and folders", "");
  }
  write_file (ARCHIVE ("not-an-archive.zip"), "This is plain text, not a zip file.\n");
  assert_refused (host, ARCHIVE ("not-an-archive.zip"), "not a plugin folder nor", "");

  /* A good .tar.gz with a single top-level folder. */
  {
    const Entry entries[] = {
      { ENTRY_DIR, "archived-1.0/", NULL, NULL },
      { ENTRY_FILE, "archived-1.0/test.plugin", manifest, NULL },
      { ENTRY_FILE, "archived-1.0/libfixture.so", NULL, module },
      { ENTRY_FILE, "archived-1.0/data/notes.txt", "notes\n", NULL },
      { ENTRY_SYMLINK, "archived-1.0/notes.txt", "data/notes.txt", NULL },
    };
    make_archive (ARCHIVE ("archived.tar.gz"), entries, G_N_ELEMENTS (entries));
    id = df_plugin_host_install (host, ARCHIVE ("archived.tar.gz"), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (id, ==, "org.example.Archived");
    g_clear_pointer (&id, g_free);
  }
  /* A good .zip with the files at its root. */
  {
    const Entry entries[] = {
      { ENTRY_FILE, "test.plugin", manifest2, NULL },
      { ENTRY_FILE, "libfixture.so", NULL, module },
    };
    make_archive (ARCHIVE ("zipped.zip"), entries, G_N_ELEMENTS (entries));
    id = df_plugin_host_install (host, ARCHIVE ("zipped.zip"), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (id, ==, "org.example.Zipped");
  }

  listing = df_test_list_dir (df_plugin_host_get_user_dir (host));
  g_assert_cmpstr (listing, ==, "org.example.Archived org.example.Zipped");
  g_clear_pointer (&listing, g_free);
  {
    g_autofree char *dir = g_build_filename (df_plugin_host_get_user_dir (host), "org.example.Archived", NULL);
    g_autofree char *notes = g_build_filename (dir, "notes.txt", NULL);
    g_autofree char *contents = NULL;

    listing = df_test_list_dir (dir);
    g_assert_cmpstr (listing, ==, "data libfixture.so notes.txt test.plugin");
    contents = df_test_read_file (notes, NULL);
    g_assert_cmpstr (contents, ==, "notes\n");
  }

  info = df_plugin_host_lookup (host, "org.example.Zipped");
  g_assert_nonnull (info);
  g_assert_cmpint (info->origin, ==, DF_PLUGIN_ORIGIN_USER);
  g_assert_null (info->error);
  g_assert_false (info->loaded);

  /* Nothing escaped. */
  g_assert_false (g_file_test (ARCHIVE ("escape.txt"), G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (ARCHIVE ("outside.txt"), G_FILE_TEST_EXISTS));

  g_clear_object (&host);
  env_clear (&env);
}

/* ---- shadowing and removing ------------------------------------------------ */

static void
test_shadow_remove (void)
{
  Env env = { 0 };
  g_autoptr(DfPluginHost) host = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bundled = NULL;
  g_autofree char *from_path = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *id = NULL;
  g_autofree char *installed = NULL;
  const DfPluginInfo *info;
  int changed = 0;

  if (!in_subprocess ())
    return;

  env_init (&env);
  bundled = g_build_filename (env.system_dir, "good", NULL);
  make_plugin (bundled, "org.example.Good", "good", 1);
  from_path = g_build_filename (env.path_dir, "path-plugin", NULL);
  make_plugin (from_path, "org.example.FromPath", NULL, 1);
  copy = g_build_filename (env.dir, "copy", NULL);
  make_plugin (copy, "org.example.Good", "good", 1);

  /* Installed without loading first: the copy is tried with g_module_open. */
  host = env_host (&env);
  g_signal_connect (host, "changed", G_CALLBACK (on_changed), &changed);
  info = df_plugin_host_lookup (host, "org.example.Good");
  g_assert_cmpint (info->origin, ==, DF_PLUGIN_ORIGIN_SYSTEM);
  g_assert_null (info->shadowed_dir);

  id = df_plugin_host_install (host, copy, &error);
  g_assert_no_error (error);
  g_assert_cmpint (changed, ==, 1);
  installed = g_build_filename (df_plugin_host_get_user_dir (host), "org.example.Good", NULL);

  df_plugin_host_load (host);
  info = df_plugin_host_lookup (host, "org.example.Good");
  g_assert_cmpint (info->origin, ==, DF_PLUGIN_ORIGIN_USER);
  g_assert_cmpstr (info->dir, ==, installed);
  g_assert_cmpstr (info->shadowed_dir, ==, bundled);
  g_assert_true (info->loaded);
  {
    g_autoptr(GPtrArray) list = df_plugin_host_list (host);
    guint n_good = 0;

    for (guint i = 0; i < list->len; i++)
      n_good += g_strcmp0 (((DfPluginInfo *)list->pdata[i])->id, "org.example.Good") == 0;
    g_assert_cmpuint (n_good, ==, 1);
  }

  /* Only what the user installed can be removed. */
  g_assert_false (df_plugin_host_remove (host, "org.example.FromPath", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "disable it instead"));
  g_clear_error (&error);
  g_assert_false (df_plugin_host_remove (host, "org.example.Nothing", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (df_plugin_host_remove (host, "org.example.Good", &error));
  g_assert_no_error (error);
  g_assert_cmpint (changed, ==, 2);
  g_assert_false (g_file_test (installed, G_FILE_TEST_EXISTS));

  /* The bundled one shows again; it cannot be removed.  Its module is a
   * second copy of types already loaded here, so it waits for a restart. */
  info = df_plugin_host_lookup (host, "org.example.Good");
  g_assert_nonnull (info);
  g_assert_cmpint (info->origin, ==, DF_PLUGIN_ORIGIN_SYSTEM);
  g_assert_null (info->shadowed_dir);
  g_assert_false (info->loaded);
  g_assert_nonnull (strstr (info->error, "restart DraftForge"));
  g_assert_false (df_plugin_host_remove (host, "org.example.Good", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "DraftForge's own plugins cannot be removed; disable it instead");
  g_clear_error (&error);

  g_clear_object (&host);
  env_clear (&env);
}

/* ---- DraftForge's own exporter plugin -------------------------------------- */

static const char *
bundled_plugins_dir (void)
{
  /* Set by tests/meson.build: <build>/plugins. */
  return g_getenv ("DRAFTFORGE_PLUGIN_PATH");
}

static void
test_bundled_exporter (void)
{
  Env env = { 0 };
  g_autoptr(DfPluginHost) host = NULL;
  g_autoptr(GPtrArray) exporters = NULL;
  g_autofree char *path = g_strdup (bundled_plugins_dir ());
  g_autofree char *exporter_dir = NULL;
  g_autofree char *user_copy = NULL;
  const DfPluginInfo *info;
  const char *formats[] = { "epub", "pdf", "docx", "html", "markdown" };

  if (!g_test_subprocess () && path == NULL)
    {
      g_test_skip ("DRAFTFORGE_PLUGIN_PATH is not set: run the tests with meson test");
      return;
    }
  if (!in_subprocess ())
    return;

  env_init (&env);
  g_setenv ("DRAFTFORGE_PLUGIN_PATH", path, TRUE);
  exporter_dir = g_build_filename (path, "exporter", NULL);

  host = env_host (&env);
  df_plugin_host_load (host);
  info = df_plugin_host_lookup (host, "io.github.draftforge.Exporter");
  g_assert_nonnull (info);
  g_assert_cmpint (info->origin, ==, DF_PLUGIN_ORIGIN_PATH);
  g_assert_cmpstr (info->dir, ==, exporter_dir);
  g_assert_cmpstr (info->error, ==, NULL);
  g_assert_true (info->enabled);
  g_assert_true (info->loaded);

  exporters = df_plugin_host_get_exporters (host);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (!has_format (exporters, formats[i]))
      g_error ("The bundled exporter plugin offers no “%s” format", formats[i]);
  g_clear_object (&host);

  /* A user's copy of it shadows it, and the list says so. */
  user_copy = g_build_filename (g_get_user_data_dir (), "draftforge", "plugins", "my-exporter", NULL);
  {
    g_autofree char *from = g_build_filename (exporter_dir, "exporter.plugin", NULL);
    g_autofree char *to = g_build_filename (user_copy, "exporter.plugin", NULL);
    g_autofree char *module_from = g_build_filename (exporter_dir, "libdraftforge-exporter.so", NULL);
    g_autofree char *module_to = g_build_filename (user_copy, "libdraftforge-exporter.so", NULL);

    copy_file (from, to);
    copy_file (module_from, module_to);
  }
  host = env_host (&env);
  info = df_plugin_host_lookup (host, "io.github.draftforge.Exporter");
  g_assert_cmpint (info->origin, ==, DF_PLUGIN_ORIGIN_USER);
  g_assert_cmpstr (info->dir, ==, user_copy);
  g_assert_cmpstr (info->shadowed_dir, ==, exporter_dir);

  g_clear_object (&host);
  env_clear (&env);
}

/* ---- plugin API 2: each plugin's own settings -------------------------- */

static void
test_settings (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(DfStore) store = df_test_store_new ("plugin-settings", &dir, &path);
  g_autoptr(GHashTable) all = NULL;
  g_autofree char *value = NULL;
  g_autofree char *big = g_strnfill (64 * 1024 + 1, 'x');

  /* Unset: NULL, no error; the number's fallback. */
  value = df_plugin_settings_get (store, "org.example.A", "max-words", &error);
  g_assert_no_error (error);
  g_assert_null (value);
  g_assert_cmpint (df_plugin_settings_get_int (store, "org.example.A", "max-words", 40), ==, 40);

  /* Set, read back, kept apart from another plugin's of the same name. */
  g_assert_true (df_plugin_settings_set (store, "org.example.A", "max-words", "25", &error));
  g_assert_true (df_plugin_settings_set (store, "org.example.A", "style.quotes", "curly “”", &error));
  g_assert_true (df_plugin_settings_set (store, "org.example.B", "max-words", "99", &error));
  g_assert_no_error (error);
  g_assert_cmpint (df_plugin_settings_get_int (store, "org.example.A", "max-words", 40), ==, 25);
  g_assert_cmpint (df_plugin_settings_get_int (store, "org.example.B", "max-words", 40), ==, 99);
  all = df_plugin_settings_list (store, "org.example.A", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (all), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (all, "style.quotes"), ==, "curly “”");

  /* Changed, then forgotten. */
  g_assert_true (df_plugin_settings_set (store, "org.example.A", "max-words", "30", &error));
  g_assert_cmpint (df_plugin_settings_get_int (store, "org.example.A", "max-words", 40), ==, 30);
  g_assert_true (df_plugin_settings_set (store, "org.example.A", "max-words", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (df_plugin_settings_get_int (store, "org.example.A", "max-words", 40), ==, 40);

  /* A value that is not a number falls back; bad names and big values are
   * refused with a message, and nothing is written. */
  g_assert_true (df_plugin_settings_set (store, "org.example.A", "max-words", "many", &error));
  g_assert_cmpint (df_plugin_settings_get_int (store, "org.example.A", "max-words", 40), ==, 40);
  g_assert_false (df_plugin_settings_set (store, "org.example.A", "a key", "1", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "not a setting’s name"));
  g_clear_error (&error);
  g_assert_false (df_plugin_settings_set (store, "org.example.A", "big", big, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (df_plugin_settings_set (store, "", "key", "1", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&all, g_hash_table_unref);
  all = df_plugin_settings_list (store, "org.example.A", &error);
  g_assert_cmpuint (g_hash_table_size (all), ==, 2);
  g_clear_object (&store);

  /* From the command line: all of them as JSON, one, one set, a bad
   * name refused with the reason. */
  if (df_test_have_cli ())
    {
      g_autoptr(DfTestRun) list = df_test_run_cli_args (path, NULL, NULL, "plugin", "settings", "org.example.A",
                                                        "--json", NULL);
      g_autoptr(DfTestRun) set = df_test_run_cli_args (path, NULL, NULL, "plugin", "settings", "org.example.B",
                                                       "max-words", "12", NULL);
      g_autoptr(DfTestRun) get = df_test_run_cli_args (path, NULL, NULL, "plugin", "settings", "org.example.B",
                                                       "max-words", NULL);
      g_autoptr(DfTestRun) bad = df_test_run_cli_args (path, NULL, NULL, "plugin", "settings", "org.example.B",
                                                       "max words", "1", NULL);
      g_autoptr(DfTestRun) unset = df_test_run_cli_args (path, NULL, NULL, "plugin", "settings", "org.example.B",
                                                         "max-words", "--unset", NULL);
      g_autoptr(DfTestRun) gone = df_test_run_cli_args (path, NULL, NULL, "plugin", "settings", "org.example.B",
                                                        "max-words", NULL);

      df_test_assert_run_ok (list);
      g_assert_nonnull (strstr (list->out, "\"max-words\" : \"many\""));
      g_assert_nonnull (strstr (list->out, "\"style.quotes\" : \"curly “”\""));
      df_test_assert_run_ok (set);
      df_test_assert_run_ok (get);
      g_assert_cmpstr (get->out, ==, "12\n");
      g_assert_cmpint (bad->status, !=, 0);
      g_assert_nonnull (strstr (bad->err, "not a setting’s name"));
      df_test_assert_run_ok (unset);
      g_assert_cmpint (gone->status, !=, 0);
      g_assert_nonnull (strstr (gone->err, "has no setting “max-words”"));
    }
  df_test_tmp_dir_free (g_steal_pointer (&dir));
}

/* Version 14 adds the table: a version 13 database gains it. */
static void
test_migrate_settings (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(DfStore) store = df_test_store_new ("migrate-plugin-settings", &dir, &path);

  g_clear_object (&store);
  df_test_sql_exec (path, "DROP TABLE plugin_settings; PRAGMA user_version = 13");
  store = df_test_store_open (path);
  g_assert_cmpint (df_test_sql_int (df_store_get_db (store), "PRAGMA user_version"), ==, DF_STORE_SCHEMA_VERSION);
  g_assert_true (df_plugin_settings_set (store, "org.example.A", "max-words", "12", &error));
  g_assert_no_error (error);
  g_assert_cmpint (df_plugin_settings_get_int (store, "org.example.A", "max-words", 40), ==, 12);
  g_clear_object (&store);
  df_test_tmp_dir_free (g_steal_pointer (&dir));
}

/* ---- the example of docs/plugins.md, out of the tree, through the CLI ------ */


static void
test_example_out_of_tree (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cc = g_find_program_in_path ("cc");
  g_autofree char *dir = NULL;
  g_autofree char *example = NULL;
  g_autofree char *src = NULL;
  g_autofree char *pc_dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *xdg = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *outline = NULL;
  g_autofree char *chapter_file = NULL;
  g_autofree char *installed = NULL;
  g_autofree char *pkg_config_var = NULL;
  g_autofree char *xdg_var = NULL;
  const char * const *env;
  const char *fixtures = g_getenv ("DRAFTFORGE_TEST_FIXTURES");
  const char *build_argv[] = {
    "sh", "-c",
    "cc -shared -fPIC hello-exporter.c -o libhello-exporter.so $(pkg-config --cflags --libs draftforge-plugin)",
    NULL
  };
  g_autoptr(DfTestRun) run = NULL;

  if (cc == NULL)
    {
      g_test_skip ("No C compiler (cc) to build the example plugin with");
      return;
    }
  if (fixtures == NULL || g_getenv ("DRAFTFORGE_CLI") == NULL)
    {
      g_test_skip ("DRAFTFORGE_TEST_FIXTURES and DRAFTFORGE_CLI are not set: run the tests with meson test");
      return;
    }

  dir = df_test_tmp_dir_new ("example");
  example = g_build_filename (dir, "hello", NULL);
  src = g_build_filename (fixtures, "..", "..", "docs", "plugins", "example", NULL);
  {
    const char *files[] = { "hello.plugin", "hello-exporter.c" };

    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autofree char *from = g_build_filename (src, files[i], NULL);
        g_autofree char *to = g_build_filename (example, files[i], NULL);

        copy_file (from, to);
      }
  }

  /* Built as the tutorial says, against the uninstalled pkg-config file. */
  {
    g_autofree char *relative = g_test_build_filename (G_TEST_BUILT, "..", "meson-uninstalled", NULL);

    /* Absolute: the compiler runs in the example's folder. */
    pc_dir = g_canonicalize_filename (relative, NULL);
  }
  pkg_config_var = g_strconcat ("PKG_CONFIG_PATH=", pc_dir, NULL);
  run = df_test_run (example, DF_TEST_STRV (pkg_config_var), NULL, build_argv);
  if (run->status != 0)
    g_error ("The example plugin does not build: %s", run->err);
  g_clear_pointer (&run, df_test_run_free);

  xdg = g_build_filename (dir, "xdg", NULL);
  xdg_var = g_strconcat ("XDG_DATA_HOME=", xdg, NULL);
  env = DF_TEST_STRV (pkg_config_var, xdg_var);
  db = g_build_filename (dir, "test.db", NULL);

  /* A small book: a part with two chapters, and one outside any part. */
  run = df_test_run_cli_args (db, env, NULL, "project", "new", "The Lighthouse Keeper", NULL);
  df_test_assert_run_ok (run);
  g_clear_pointer (&run, df_test_run_free);
  run = df_test_run_cli_args (db, env, NULL, "part", "add", "the-lighthouse-keeper", "The Coast", NULL);
  df_test_assert_run_ok (run);
  g_clear_pointer (&run, df_test_run_free);
  run = df_test_run_cli_args (db, env, NULL, "chapter", "add", "the-lighthouse-keeper", "Storm Warning", "--part", "1", NULL);
  df_test_assert_run_ok (run);
  g_clear_pointer (&run, df_test_run_free);
  run = df_test_run_cli_args (db, env, NULL, "chapter", "add", "the-lighthouse-keeper", "The Lamp Goes Out", "--part", "1", NULL);
  df_test_assert_run_ok (run);
  g_clear_pointer (&run, df_test_run_free);
  chapter_file = g_build_filename (dir, "chapter.md", NULL);
  write_file (chapter_file, "The wind rose over the grey sea.\n");
  run = df_test_run_cli_args (db, env, NULL, "chapter", "write", "the-lighthouse-keeper", "1", chapter_file, NULL);
  df_test_assert_run_ok (run);
  g_clear_pointer (&run, df_test_run_free);

  run = df_test_run_cli_args (db, env, NULL, "plugin", "install", "--yes", example, NULL);
  df_test_assert_run_ok (run);
  g_assert_cmpstr (run->out, ==, "org.example.HelloExporter\n");
  g_clear_pointer (&run, df_test_run_free);
  installed = g_build_filename (xdg, "draftforge", "plugins", "org.example.HelloExporter",
                                "libhello-exporter.so", NULL);
  g_assert_true (g_file_test (installed, G_FILE_TEST_IS_REGULAR));

  run = df_test_run_cli_args (db, env, NULL, "plugin", "list", "--json", NULL);
  {
    g_autoptr(JsonNode) root = df_test_run_json (run);
    JsonArray *array;
    gboolean found = FALSE;

    array = json_node_get_array (root);
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonObject *o = json_array_get_object_element (array, i);

        if (g_strcmp0 (json_object_get_string_member (o, "id"), "org.example.HelloExporter") != 0)
          continue;
        found = TRUE;
        g_assert_cmpstr (json_object_get_string_member (o, "origin"), ==, "user");
        g_assert_cmpstr (json_object_get_string_member (o, "version"), ==, "1.0.0");
        g_assert_true (json_object_get_boolean_member (o, "enabled"));
        g_assert_true (json_object_get_boolean_member (o, "loaded"));
        g_assert_true (json_object_get_null_member (o, "error"));
      }
    g_assert_true (found);
  }
  g_clear_pointer (&run, df_test_run_free);

  run = df_test_run_cli_args (db, env, NULL, "export", "--list-formats", NULL);
  df_test_assert_run_ok (run);
  g_assert_nonnull (strstr (run->out, "outline"));
  g_assert_nonnull (strstr (run->out, "Plain-text outline"));
  g_clear_pointer (&run, df_test_run_free);

  out_path = g_build_filename (dir, "out.txt", NULL);
  run = df_test_run_cli_args (db, env, NULL, "export", "the-lighthouse-keeper", "--format", "outline", "-o", out_path, NULL);
  df_test_assert_run_ok (run);
  g_assert_cmpstr (g_strstrip (run->out), ==, out_path);
  g_clear_pointer (&run, df_test_run_free);

  outline = df_test_read_file (out_path, NULL);
  g_assert_true (g_str_has_prefix (outline, "The Lighthouse Keeper\n"));
  g_assert_nonnull (strstr (outline, "Part 1: The Coast (7 words)\n"));
  g_assert_nonnull (strstr (outline, "  1. Storm Warning (7 words)\n"));
  g_assert_nonnull (strstr (outline, "  2. The Lamp Goes Out (0 words)\n"));
  g_assert_nonnull (strstr (outline, "2 chapters, 7 words\n"));
  g_clear_pointer (&outline, g_free);

  /* --no-title-page and --json. */
  run = df_test_run_cli_args (db, env, NULL, "export", "the-lighthouse-keeper", "--format", "outline", "-o", out_path,
             "--no-title-page", "--json", NULL);
  {
    g_autoptr(JsonNode) root = df_test_run_json (run);
    JsonObject *o;

    o = json_node_get_object (root);
    g_assert_cmpstr (json_object_get_string_member (o, "path"), ==, out_path);
    g_assert_cmpint (json_object_get_int_member (o, "job_id"), >, 0);
    g_assert_cmpint (json_object_get_int_member (o, "size"), >, 0);
    g_assert_cmpint (strlen (json_object_get_string_member (o, "sha256")), ==, 64);
  }
  g_clear_pointer (&run, df_test_run_free);
  outline = df_test_read_file (out_path, NULL);
  g_assert_true (g_str_has_prefix (outline, "Part 1: The Coast"));
  g_clear_pointer (&outline, g_free);

  /* An unknown format: exit 1, listing the formats there are. */
  run = df_test_run_cli_args (db, env, NULL, "export", "the-lighthouse-keeper", "--format", "nonesuch", "-o", out_path, NULL);
  df_test_assert_run_fails (run, 1, "There is no exporter for “nonesuch”; the formats are: ");
  g_assert_nonnull (strstr (run->err, "outline"));
  g_clear_pointer (&run, df_test_run_free);

  /* Missing -o: bad usage. */
  run = df_test_run_cli_args (db, env, NULL, "export", "the-lighthouse-keeper", "--format", "outline", NULL);
  df_test_assert_run_fails (run, 2, NULL);
  g_clear_pointer (&run, df_test_run_free);

  /* Disabled, it is not offered; enabled again, it is. */
  run = df_test_run_cli_args (db, env, NULL, "plugin", "disable", "org.example.HelloExporter", NULL);
  df_test_assert_run_ok (run);
  g_clear_pointer (&run, df_test_run_free);
  run = df_test_run_cli_args (db, env, NULL, "export", "the-lighthouse-keeper", "--format", "outline", "-o", out_path, NULL);
  df_test_assert_run_fails (run, 1, NULL);
  g_clear_pointer (&run, df_test_run_free);
  run = df_test_run_cli_args (db, env, NULL, "plugin", "info", "org.example.HelloExporter", NULL);
  df_test_assert_run_ok (run);
  g_assert_nonnull (strstr (run->out, "Enabled:"));
  g_assert_true (g_regex_match_simple ("Enabled: +no", run->out, 0, 0));
  g_clear_pointer (&run, df_test_run_free);
  run = df_test_run_cli_args (db, env, NULL, "plugin", "enable", "org.example.HelloExporter", NULL);
  df_test_assert_run_ok (run);
  g_clear_pointer (&run, df_test_run_free);
  run = df_test_run_cli_args (db, env, NULL, "export", "the-lighthouse-keeper", "--format", "outline", "-o", out_path, NULL);
  df_test_assert_run_ok (run);
  g_clear_pointer (&run, df_test_run_free);

  /* Removed, it is gone. */
  run = df_test_run_cli_args (db, env, NULL, "plugin", "remove", "org.example.HelloExporter", NULL);
  df_test_assert_run_ok (run);
  g_clear_pointer (&run, df_test_run_free);
  g_assert_false (g_file_test (installed, G_FILE_TEST_EXISTS));
  run = df_test_run_cli_args (db, env, NULL, "plugin", "info", "org.example.HelloExporter", NULL);
  df_test_assert_run_fails (run, 1, NULL);
  g_clear_pointer (&run, df_test_run_free);

  df_test_remove_tree (dir);
}

/* ---- the asynchronous variants' defaults ------------------------------ */

/* A reader transform and a sync backend with only the synchronous call,
 * as an API 2 plugin has them. */
#define TEST_TYPE_SYNC_ONLY (test_sync_only_get_type ())
G_DECLARE_FINAL_TYPE (TestSyncOnly, test_sync_only, TEST, SYNC_ONLY, GObject)

struct _TestSyncOnly
{
  GObject parent_instance;
};

static void test_sync_only_transform_init (DfReaderTransformInterface *iface);
static void test_sync_only_backend_init (DfSyncBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestSyncOnly, test_sync_only, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DF_TYPE_READER_TRANSFORM, test_sync_only_transform_init)
                               G_IMPLEMENT_INTERFACE (DF_TYPE_SYNC_BACKEND, test_sync_only_backend_init))

static void
test_sync_only_class_init (TestSyncOnlyClass *klass)
{
}

static void
test_sync_only_init (TestSyncOnly *self)
{
}

static char *
upper_transform (DfReaderTransform  *transform,
                 DfStore            *store,
                 const DfProfile    *profile,
                 const DfChapter    *chapter,
                 GCancellable       *cancellable,
                 GError            **error)
{
  return g_strdup_printf ("%s for %s", chapter->content_md, profile != NULL ? profile->display_name : "nobody");
}

static char *
counting_sync (DfSyncBackend       *backend,
               DfStore             *store,
               gint64               project_id,
               const char          *remote,
               DfSyncProgressFunc   progress,
               gpointer             progress_data,
               GCancellable        *cancellable,
               GError             **error)
{
  return g_strdup_printf ("synced %" G_GINT64_FORMAT " with %s", project_id, remote);
}

static void
test_sync_only_transform_init (DfReaderTransformInterface *iface)
{
  iface->transform = upper_transform;
}

static void
test_sync_only_backend_init (DfSyncBackendInterface *iface)
{
  iface->sync = counting_sync;
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  *(GAsyncResult **)data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* The default *_async of an extension that has only the synchronous call
 * runs it in a thread, on copies of what it was given. */
static void
test_async_defaults (void)
{
  char *dir = NULL;
  g_autoptr(DfStore) store = df_test_store_new ("async-defaults", &dir, NULL);
  g_autoptr(TestSyncOnly) object = g_object_new (TEST_TYPE_SYNC_ONLY, NULL);
  g_autoptr(GAsyncResult) transformed = NULL;
  g_autoptr(GAsyncResult) synced = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *summary = NULL;
  DfChapter *chapter = g_new0 (DfChapter, 1);
  DfProfile *profile = g_new0 (DfProfile, 1);

  chapter->content_md = g_strdup ("Words");
  chapter->title = g_strdup ("One");
  profile->display_name = g_strdup ("Amina");
  df_reader_transform_transform_async (DF_READER_TRANSFORM (object), store, profile, chapter, NULL, got_result,
                                       &transformed);
  /* The caller's may go at once. */
  df_chapter_free (chapter);
  df_profile_free (profile);
  text = df_reader_transform_transform_finish (DF_READER_TRANSFORM (object), wait_result (&transformed), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "Words for Amina");

  df_sync_backend_sync_async (DF_SYNC_BACKEND (object), store, 7, "origin", NULL, NULL, NULL, got_result, &synced);
  summary = df_sync_backend_sync_finish (DF_SYNC_BACKEND (object), wait_result (&synced), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (summary, ==, "synced 7 with origin");

  g_clear_object (&store);
  df_test_tmp_dir_free (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plugins/id-rule", test_id_rule);
  g_test_add_func ("/plugins/broken", test_broken);
  g_test_add_func ("/plugins/enable-disable", test_enable_disable);
  g_test_add_func ("/plugins/install-folder", test_install_folder);
  g_test_add_func ("/plugins/install-archives", test_install_archives);
  g_test_add_func ("/plugins/shadow-remove", test_shadow_remove);
  g_test_add_func ("/plugins/bundled-exporter", test_bundled_exporter);
  g_test_add_func ("/plugins/example-out-of-tree", test_example_out_of_tree);
  g_test_add_func ("/plugins/settings", test_settings);
  g_test_add_func ("/store/migrate/plugin-settings", test_migrate_settings);
  g_test_add_func ("/plugins/async-defaults", test_async_defaults);

  return g_test_run ();
}
