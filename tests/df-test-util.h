/* df-test-util.h: what every test suite needs, without GTK
 *
 * Temporary folders and databases, the command line run as a user runs
 * it, the corpus and the fixtures, and waiting on the main loop for a
 * condition.  Built once as a static library (tests/meson.build) that
 * every suite links, with the tests' fake provider (fake-provider.h).
 * The helpers that need widgets are in ui-test-util.h.
 *
 * Every helper fails the test (an assertion) when what it needs to do
 * cannot be done, so the tests read as the steps they take.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "df-ai.h"
#include "df-model.h"
#include "df-store.h"
#include "fake-provider.h"

G_BEGIN_DECLS

/* ---- adding tests ----------------------------------------------------------- */

/* Adds the test @path: @func on a fresh Fixture, the suite's own fixture
 * type, made by its fixture_set_up () and undone by its
 * fixture_tear_down () (every suite with a fixture names them so). */
#define DF_TEST_ADD(path, func) \
  g_test_add ((path), Fixture, NULL, fixture_set_up, (func), fixture_tear_down)
/* The same, with @data for the test. */
#define DF_TEST_ADD_DATA(path, data, func) \
  g_test_add ((path), Fixture, (data), fixture_set_up, (func), fixture_tear_down)

/* Adds the test @path: @func on a fresh DfTestTmpDir (with @data). */
#define DF_TEST_ADD_TMP_DIR(path, func) \
  g_test_add ((path), DfTestTmpDir, NULL, df_test_tmp_dir_set_up, (func), df_test_tmp_dir_tear_down)
#define DF_TEST_ADD_TMP_DIR_DATA(path, data, func) \
  g_test_add ((path), DfTestTmpDir, (data), df_test_tmp_dir_set_up, (func), df_test_tmp_dir_tear_down)

/* Adds the test @path: @func on a fresh DfTestStoreFixture, a new
 * database in a folder of its own (a suite that needs nothing more says
 * `typedef DfTestStoreFixture Fixture;`). */
#define DF_TEST_ADD_STORE(path, func) \
  g_test_add ((path), DfTestStoreFixture, NULL, df_test_store_fixture_set_up, (func), \
              df_test_store_fixture_tear_down)

/* ---- temporary folders and databases ------------------------------------ */

/* The fixture of a suite that needs one new database (DF_TEST_ADD_STORE):
 * its folder, named after the test program, and the store open on it. */
typedef struct
{
  char    *tmp;
  DfStore *store;
} DfTestStoreFixture;

void       df_test_store_fixture_set_up    (DfTestStoreFixture *f,
                                            gconstpointer       data);
void       df_test_store_fixture_tear_down (DfTestStoreFixture *f,
                                            gconstpointer       data);

/* A new, empty folder "draftforge-@name-XXXXXX" in the temporary folder;
 * remove it with df_test_tmp_dir_free (). */
char      *df_test_tmp_dir_new      (const char  *name);
/* Removes @path and, when it is a folder, everything in it (links are
 * removed, never followed).  Fails the test if anything is left. */
void       df_test_remove_tree      (const char  *path);
/* Removes the folder @dir as df_test_remove_tree () does, and frees the
 * string; nothing when @dir is NULL.  For g_clear_pointer (). */
void       df_test_tmp_dir_free     (char        *dir);
/* Writes @contents (@len bytes, -1: a string) to @dir/@name, making the
 * folders on the way; returns the file's path. */
char      *df_test_write_file       (const char  *dir,
                                     const char  *name,
                                     const char  *contents,
                                     gssize       len);
/* A new temporary folder that the spelling library (ENCHANT_CONFIG_DIR)
 * and its providers (HOME) take for the user's own, so that a test never
 * reads or writes the user's word lists; first thing in main (before
 * any thread starts), and remove it with df_test_tmp_dir_free (). */
char      *df_test_private_home     (const char  *name);
/* The path of draftforge.db, not made yet, in a new temporary folder
 * (returned in @dir_out: remove it with df_test_tmp_dir_free ()). */
char      *df_test_db_path_new      (const char  *name,
                                     char       **dir_out);
/* The bytes of @path (the test fails if it cannot be read), with their
 * length in @len. */
char      *df_test_read_file        (const char  *path,
                                     gsize       *len);
/* Opens (creating it if need be) the database at @path. */
DfStore   *df_test_store_open       (const char  *path);
/* A new database, draftforge.db in a new temporary folder (returned in
 * @dir_out: remove it with df_test_tmp_dir_free () once the store is
 * closed); its path in @db_path_out when not NULL. */
DfStore   *df_test_store_new        (const char  *name,
                                     char       **dir_out,
                                     char       **db_path_out);

/* Runs @sql on the database at @path through SQLite alone, as another
 * program would (no store, no migration): what a test cannot do through
 * DraftForge. */
void       df_test_sql_exec         (const char  *path,
                                     const char  *sql);

/* The value of the one row and column @sql gives on @db (SQLite's own
 * connection: df_store_get_db (), or one of the test's). */
gint64     df_test_sql_int          (sqlite3     *db,
                                     const char  *sql);
char      *df_test_sql_text         (sqlite3     *db,
                                     const char  *sql);

/* A new project titled @title in @store, with a chapter for each title
 * and text that follow, up to a NULL: ("Order", "First", "one",
 * "Second", "two", NULL). */
DfProject *df_test_make_project     (DfStore     *store,
                                     const char  *title,
                                     ...) G_GNUC_NULL_TERMINATED;
/* Chapter @chapter_id of @store, with its text; the test fails if it is
 * not there. */
DfChapter *df_test_get_chapter      (DfStore     *store,
                                     gint64       chapter_id);
/* A new chapter @title holding @text at the end of project @project_id
 * (and of part @part_id unless it is 0). */
DfChapter *df_test_append_chapter   (DfStore     *store,
                                     gint64       project_id,
                                     gint64       part_id,
                                     const char  *title,
                                     const char  *text);
/* A new project titled @project_title with one chapter, @chapter_title
 * holding @text: that chapter, as read back from @store. */
DfChapter *df_test_make_chapter     (DfStore     *store,
                                     const char  *project_title,
                                     const char  *chapter_title,
                                     const char  *text);
/* The same in the database at @db_path, through a connection of its own
 * (as another program would), closed before it returns. */
void       df_test_add_project      (const char  *db_path,
                                     const char  *title,
                                     ...) G_GNUC_NULL_TERMINATED;
/* A new profile named @name in @store. */
DfProfile *df_test_make_profile     (DfStore     *store,
                                     const char  *name);
/* A profile named @name in the database at @db_path, likewise. */
void       df_test_add_profile      (const char  *db_path,
                                     const char  *name);

/* Fails the test, showing both, unless @haystack (which may be NULL)
 * holds @needle (a message says what it must say). */
void       df_test_assert_contains  (const char  *haystack,
                                     const char  *needle);

/* The revision in @revisions (of DfRevision) that holds @text, or NULL. */
DfRevision *df_test_find_revision   (GPtrArray   *revisions,
                                     const char  *text);
/* How many files in @dir (not below) have a name that ends with @suffix;
 * 0 when there is no @dir. */
guint      df_test_count_files      (const char  *dir,
                                     const char  *suffix);

/* A fixture for g_test_add (): a new temporary folder for each test,
 * removed with everything in it after the test. */
typedef struct
{
  char *dir;
} DfTestTmpDir;

void       df_test_tmp_dir_set_up    (DfTestTmpDir  *tmp,
                                      gconstpointer  data);
void       df_test_tmp_dir_tear_down (DfTestTmpDir  *tmp,
                                      gconstpointer  data);

/* ---- the corpus and the fixtures ---------------------------------------- */

/* @relative (such as "novels/war-and-peace.txt") in the corpus of sample
 * books (DRAFTFORGE_CORPUS); NULL, and the test skipped, when the corpus
 * or that file is not there. */
char      *df_test_corpus_path      (const char  *relative);
/* @relative in the tests' fixtures (DRAFTFORGE_TEST_FIXTURES, set by
 * meson test); it need not exist. */
char      *df_test_fixture_path     (const char  *relative);

/* ---- running programs ------------------------------------------------------ */

typedef struct
{
  int    status;    /* the exit status (the program must exit, not die) */
  char  *out;       /* standard output, NUL-terminated */
  gsize  out_len;   /* its length in bytes (it may hold NULs) */
  char  *err;       /* standard error */
} DfTestRun;

void       df_test_run_free         (DfTestRun   *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfTestRun, df_test_run_free)

/* A NULL-terminated list of strings, for @argv, @args and @env below. */
#define DF_TEST_STRV(...) ((const char * const[]) { __VA_ARGS__, NULL })

/* Runs @argv (looked up in PATH) in @cwd (NULL: this folder) with
 * @input (NULL: nothing) on its standard input and this process's
 * environment changed by @env ("NAME=VALUE" sets, "NAME" unsets; NULL:
 * no change), and waits for it to exit. */
DfTestRun *df_test_run              (const char         *cwd,
                                     const char * const *env,
                                     const char         *input,
                                     const char * const *argv);
/* TRUE if DRAFTFORGE_CLI names the command line; otherwise skips the
 * test and returns FALSE. */
gboolean   df_test_have_cli         (void);
/* Runs DRAFTFORGE_CLI with "--db @db" (when @db is not NULL) and @args,
 * as df_test_run () does, in the C.UTF-8 locale with no LANGUAGE (what it
 * says does not depend on the tester's language), @env applied after. */
DfTestRun *df_test_run_cli          (const char         *db,
                                     const char * const *env,
                                     const char         *input,
                                     const char * const *args);
/* The same with the arguments from @args, up to a NULL. */
DfTestRun *df_test_run_cli_valist   (const char         *db,
                                     const char * const *env,
                                     const char         *input,
                                     va_list             args);
/* The same with the arguments that follow, up to a NULL. */
DfTestRun *df_test_run_cli_args     (const char         *db,
                                     const char * const *env,
                                     const char         *input,
                                     ...) G_GNUC_NULL_TERMINATED;
/* Fails the test, showing what the program said, unless @run exited
 * with status 0 and wrote nothing on standard error. */
void       df_test_assert_run_ok    (const DfTestRun    *run);
/* What @run, which must have succeeded (df_test_assert_run_ok ()),
 * printed: JSON, parsed. */
JsonNode  *df_test_run_json         (const DfTestRun    *run);
/* A plugin folder in @parent, made of the built test module @file (in
 * the tests' build folder), as org.example.Fail-WAY 1.2 providing an
 * exporter; its path. */
char      *df_test_make_fixture_plugin (const char  *parent,
                                        const char  *way,
                                        const char  *file);
/* What the command line printed for the arguments that follow, up to a
 * NULL, on @db; the test fails unless it succeeded. */
char      *df_test_run_cli_ok       (const char         *db,
                                     ...) G_GNUC_NULL_TERMINATED;
/* The command line's JSON for the arguments that follow, up to a NULL,
 * on @db; the test fails unless it succeeded. */
JsonNode  *df_test_run_cli_json     (const char         *db,
                                     ...) G_GNUC_NULL_TERMINATED;
/* Fails the test unless @run exited with @status, wrote nothing on
 * standard output and said why on standard error, after the command
 * line's name ("draftforge-cli: "); the reason must hold @needle unless
 * it is NULL. */
void       df_test_assert_run_fails (const DfTestRun    *run,
                                     int                 status,
                                     const char         *needle);
/* The names in @dir (not below), sorted; none when it is not there. */
GPtrArray *df_test_dir_names        (const char         *dir);
/* The same joined with spaces. */
char      *df_test_list_dir         (const char         *dir);

/* ---- this program as its own child -------------------------------------- */

/* g_test_init (), unless this program was started as its own child, with
 * @flag first (see df_test_spawn_self ()): then runs @child on the
 * arguments and exits with the status it returns. */
void         df_test_init_or_run_child (int          *argc,
                                        char       ***argv,
                                        const char   *flag,
                                        int         (*child) (int    argc,
                                                              char **argv));
/* Starts this program again with @flag and @args (up to a NULL) as a
 * child (@flags: G_SUBPROCESS_FLAGS_STDOUT_PIPE to read its reports), as
 * df_test_spawn () does. */
GSubprocess *df_test_spawn_self        (GSubprocessFlags     flags,
                                        const char          *flag,
                                        ...) G_GNUC_NULL_TERMINATED;
/* Runs @argv (looked up in PATH) with @flags and returns at once; should
 * this process die first (a failed test, say, while the child is
 * stopped), the child is killed with it rather than left behind. */
GSubprocess *df_test_spawn             (GSubprocessFlags     flags,
                                        const char * const  *argv);
/* The next line a child wrote to @in, without its end; NULL at the end
 * of the pipe. */
char        *df_test_read_line         (GDataInputStream    *in);
/* Waits for @child, which must die of SIGKILL, not exit. */
void         df_test_wait_killed       (GSubprocess         *child);

/* A test that repeats a trial at random moments (killing a child after a
 * random number of reports) runs up to its own number of rounds, but
 * stops starting new ones after DF_TEST_ROUNDS_BUDGET_S seconds once
 * DF_TEST_MIN_ROUNDS are done (slow machines, sanitizers). */
#define DF_TEST_MIN_ROUNDS 8
#define DF_TEST_ROUNDS_BUDGET_S 40
/* TRUE when no round after @rounds (done since @start, a monotonic time)
 * is to start: @max_rounds are done, or the time is up. */
gboolean     df_test_rounds_done       (guint         rounds,
                                        guint         max_rounds,
                                        gint64        start);

/* ---- the fake provider ----------------------------------------------------- */

/* The tests' OpenAI-compatible provider on a free loopback port; its
 * base URL in @base_url_out when not NULL. */
FakeProvider *df_test_fake_provider_new (char **base_url_out);
/* An AI configuration for @provider: the model "fake-model", timeouts
 * of 10 s to connect, 30 s idle and 60 s in all, and no retries. */
DfAiConfig   *df_test_fake_provider_config (FakeProvider *provider);

/* ---- waiting on the main loop ---------------------------------------------- */

/* How long a wait may last before it fails the test: a safety net for a
 * test that would otherwise hang, not a measure of speed. */
#define DF_TEST_WAIT_MS 60000

/* Iterates the thread-default main context until @condition (@data)
 * returns TRUE: at once when it already holds, otherwise as soon as an
 * event makes it hold (or within a few milliseconds, for a condition that
 * another thread or process makes true), never by sleeping.  Fails the
 * test after @timeout_ms (0: DF_TEST_WAIT_MS) milliseconds. */
#define df_test_wait_until(condition, data) \
  df_test_wait_until_full ((condition), (data), 0, #condition, __FILE__, __LINE__, G_STRFUNC)
/* The same until *@flag is TRUE (a callback sets it). */
#define df_test_wait_for(flag) \
  df_test_wait_until_full (df_test_flag_is_set, (flag), 0, #flag, __FILE__, __LINE__, G_STRFUNC)
void       df_test_wait_until_full  (gboolean   (*condition) (gpointer data),
                                     gpointer     data,
                                     guint        timeout_ms,
                                     const char  *what,
                                     const char  *file,
                                     int          line,
                                     const char  *func);
/* @data is a gboolean *: is it TRUE? */
gboolean   df_test_flag_is_set      (gpointer     data);
/* A GAsyncReadyCallback that keeps a reference to the result in the
 * GAsyncResult * @data points to. */
void       df_test_keep_result      (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      data);
/* @data is a GAsyncResult **: is the result there? */
gboolean   df_test_result_arrived   (gpointer     data);

/* For df_test_wait_until (): does the chapter hold the text? */
typedef struct
{
  DfStore    *store;
  gint64      chapter_id;
  const char *text;
} DfTestChapterText;

gboolean   df_test_chapter_has_text (gpointer     data);
/* Dispatches what is pending on the thread-default main context, until
 * nothing is. */
void       df_test_flush            (void);

G_END_DECLS
