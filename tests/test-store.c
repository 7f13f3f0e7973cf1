/* test-store.c: opening, refusing, migrating and transactions of the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <inttypes.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "df-model.h"
#include "df-planning.h"
#include "df-search-private.h"
#include "df-test-faults.h"
#include "df-store-migrations-private.h"
#include "df-store-private.h"
#include "df-store.h"
#include "df-test-util.h"

/* ---- helpers ---------------------------------------------------------- */

typedef DfTestTmpDir TmpDir;

static guint
count_dir_entries (const char *path)
{
  g_autoptr(GError) error = NULL;
  GDir *dir = g_dir_open (path, 0, &error);
  guint n = 0;

  g_assert_no_error (error);
  while (g_dir_read_name (dir) != NULL)
    n++;
  g_dir_close (dir);
  return n;
}

/* Every row of @sql's result, each value with its type and exact bytes. */
static char *
sql_dump (sqlite3    *db,
          const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GString *out = g_string_new (NULL);
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          g_string_append_printf (out, "%s=", sqlite3_column_name (stmt, i));
          switch (sqlite3_column_type (stmt, i))
            {
            case SQLITE_NULL:
              g_string_append (out, "NULL");
              break;
            case SQLITE_INTEGER:
              g_string_append_printf (out, "i:%" PRId64, (gint64)sqlite3_column_int64 (stmt, i));
              break;
            case SQLITE_FLOAT:
              g_string_append_printf (out, "f:%.17g", sqlite3_column_double (stmt, i));
              break;
            default:
              {
                const char *bytes = (const char *)sqlite3_column_blob (stmt, i);
                int len = sqlite3_column_bytes (stmt, i);
                g_string_append_printf (out, "%s%d:", sqlite3_column_type (stmt, i) == SQLITE_TEXT ? "t" : "b", len);
                g_string_append_len (out, bytes, len);
              }
            }
          g_string_append_c (out, '\x1f');
        }
      g_string_append_c (out, '\n');
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  return g_string_free (out, FALSE);
}

static sqlite3 *
open_raw (const char *path,
          int         flags)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, flags, NULL), ==, SQLITE_OK);
  return db;
}

static void
assert_file_bytes (const char *path,
                   const char *expected,
                   gsize       expected_len)
{
  gsize len = 0;
  g_autofree char *contents = df_test_read_file (path, &len);

  g_assert_cmpmem (contents, len, expected, expected_len);
}

/* ---- opening a new database ------------------------------------------- */

static void
test_open_new (TmpDir        *tmp,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autofree char *folder = g_build_filename (tmp->dir, "nested", "folder", NULL);
  g_autofree char *path = g_build_filename (folder, "draftforge.db", NULL);
  g_autofree char *journal_mode = NULL;
  g_autofree char *backup = NULL;
  GStatBuf st;
  mode_t old_umask;
  sqlite3 *db;

  /* Even with a permissive umask the prose is for its owner only. */
  old_umask = umask (0);
  store = df_store_open (path, &error);
  umask (old_umask);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpstr (df_store_get_path (store), ==, path);

  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_true (S_ISDIR (st.st_mode));
  g_assert_cmpint (st.st_mode & 077, ==, 0);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  db = df_store_get_db (store);
  journal_mode = df_test_sql_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal_mode, ==, "wal");
  g_assert_cmpint (df_test_sql_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (df_test_sql_int (db, "PRAGMA busy_timeout"), >=, 1000);
  g_assert_cmpint (df_test_sql_int (db, "PRAGMA synchronous"), ==, 2);   /* FULL */
  g_assert_cmpint (df_test_sql_int (db, "PRAGMA user_version"), ==, DF_STORE_SCHEMA_VERSION);
  g_assert_cmpint (df_store_get_schema_version_at_open (store), ==, 0);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'chapters_fts'"), ==, 1);

  /* A new database has nothing to back up. */
  backup = g_strconcat (path, ".bak", NULL);
  g_assert_cmpstr (df_store_get_backup_path (store), ==, backup);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));

  /* Opening again finds the current schema and changes nothing. */
  g_clear_object (&store);
  store = df_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (df_store_get_schema_version_at_open (store), ==, DF_STORE_SCHEMA_VERSION);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_open_empty_file (TmpDir        *tmp,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autofree char *path = g_build_filename (tmp->dir, "empty.db", NULL);

  /* An existing empty file is a database with nothing in it yet. */
  g_file_set_contents (path, "", 0, &error);
  g_assert_no_error (error);

  store = df_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (df_test_sql_int (df_store_get_db (store), "PRAGMA user_version"), ==, DF_STORE_SCHEMA_VERSION);
}

/* ---- where the database lives ----------------------------------------- */

static void
test_resolve_path (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *data_home = df_test_tmp_dir_new ("xdg");
      g_autofree char *expected_default = NULL;
      g_autofree char *from_default = NULL;
      g_autofree char *from_empty = NULL;
      g_autofree char *from_env = NULL;
      g_autofree char *from_explicit = NULL;
      g_autofree char *from_empty_env = NULL;

      /* A fresh process: GLib has not looked at XDG_DATA_HOME yet. */
      g_setenv ("XDG_DATA_HOME", data_home, TRUE);
      g_unsetenv ("DRAFTFORGE_DB");
      expected_default = g_build_filename (data_home, "draftforge", "draftforge.db", NULL);

      from_default = df_store_resolve_path (NULL);
      g_assert_cmpstr (from_default, ==, expected_default);
      from_empty = df_store_resolve_path ("");
      g_assert_cmpstr (from_empty, ==, expected_default);

      g_setenv ("DRAFTFORGE_DB", "/srv/writing/env.db", TRUE);
      from_env = df_store_resolve_path (NULL);
      g_assert_cmpstr (from_env, ==, "/srv/writing/env.db");

      from_explicit = df_store_resolve_path ("/home/amna/explicit.db");
      g_assert_cmpstr (from_explicit, ==, "/home/amna/explicit.db");

      g_setenv ("DRAFTFORGE_DB", "", TRUE);
      from_empty_env = df_store_resolve_path (NULL);
      g_assert_cmpstr (from_empty_env, ==, expected_default);

      df_test_remove_tree (data_home);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* ---- files that are not ours are refused and left alone --------------- */

/* Opening @path, the only file in @tmp, is refused with @code, in a
 * message that names it; not a byte of it changes, and no journal, WAL
 * or backup is left beside it. */
static void
assert_open_refused (TmpDir     *tmp,
                     const char *path,
                     int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autofree char *before = NULL;
  gsize before_len = 0;

  before = df_test_read_file (path, &before_len);
  store = df_store_open (path, &error);
  g_assert_error (error, DF_ERROR, code);
  g_assert_null (store);
  df_test_assert_contains (error->message, path);

  assert_file_bytes (path, before, before_len);
  g_assert_cmpuint (count_dir_entries (tmp->dir), ==, 1);
}

static void
test_refuse_not_a_database (TmpDir        *tmp,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp->dir, "notes.db", NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  /* Random printable text, as if a notes file was given by mistake. */
  while (text->len < 8192)
    {
      if (g_test_rand_int_range (0, 12) == 0)
        g_string_append_c (text, '\n');
      else
        g_string_append_c (text, (char)g_test_rand_int_range (' ', '~' + 1));
    }
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);

  assert_open_refused (tmp, path, DF_ERROR_CORRUPT);
}

static void
test_refuse_too_new (TmpDir        *tmp,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "future.db", NULL);
  g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %d", DF_STORE_SCHEMA_VERSION + 1);

  df_test_sql_exec (path,
                    "CREATE TABLE chapters (id INTEGER PRIMARY KEY, hologram BLOB);"
                    "INSERT INTO chapters (hologram) VALUES (x'00ff');");
  df_test_sql_exec (path, pragma);

  assert_open_refused (tmp, path, DF_ERROR_TOO_NEW);
}

static void
test_refuse_other_program (TmpDir        *tmp,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "contacts.sqlite", NULL);
  sqlite3 *db;

  df_test_sql_exec (path,
                    "CREATE TABLE contacts (name TEXT, phone TEXT);"
                    "INSERT INTO contacts VALUES ('Amna', '+92 300 0000000');");
  db = open_raw (path, SQLITE_OPEN_READONLY);
  g_assert_cmpint (df_test_sql_int (db, "PRAGMA user_version"), ==, 0);
  sqlite3_close (db);

  assert_open_refused (tmp, path, DF_ERROR_CORRUPT);

  /* Still the other program's data, readable by it. */
  db = open_raw (path, SQLITE_OPEN_READONLY);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM contacts"), ==, 1);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM sqlite_master"), ==, 1);
  sqlite3_close (db);
}

/* ---- upgrading a version 1 database ----------------------------------- */

/* The tables of schema version 1 (migrate_1). */
static const char * const v1_tables[] = {
  "profiles", "projects", "parts", "chapters", "chapter_revisions",
  "reading_progress", "writing_stats", NULL,
};

#define FIXTURE_PROFILE_ID "7b3f1c2e-8a41-4d6b-9c0e-2f5a6d7e8b91"

/* What tests/fixtures/schema-v1.sql holds, written out again so that a
 * migration that changed a single byte is caught. */
static const struct
{
  gint64      id;
  gint64      part_id;
  const char *title;
  const char *slug;
  const char *kind;
  gint64      words;
  const char *content;
} v1_chapters[] = {
  { 1, 1, "The Café at Dawn", "the-cafe-at-dawn", "chapter", 42,
    "# The Café at Dawn\n\nZoë ordered a crème brûlée at the café. The naïve señor behind the counter smiled and said “voilà”.\n\n"
    "Outside, the lighthouse of Anarkali Bazaar was only a lamp above a bookshop, but she called it a lighthouse anyway.\n" },
  { 2, 1, "خوابوں کا شہر", "khwabon-ka-shehar", "chapter", 33,
    "# خوابوں کا شہر\n\nیہ ایک کہانی ہے۔ شہر میں بارش ہو رہی تھی اور چائے کی خوشبو گلیوں میں پھیلی ہوئی تھی۔\n\n"
    "Zoë wrote the word *بارش* in her notebook: rain, in Urdu.\n" },
  { 3, 0, "Épilogue: Cœur", "epilogue-coeur", "scene", 24,
    "## Épilogue\n\nThe samovar hissed. Ñandú, the café cat, slept on a pile of Urdu newspapers — روزنامہ جنگ — while the rain ended.\n\n"
    "- tea\n- bread\n- **ink**\n" },
};

static const char v1_revision[] = "# The Café at Dawn\n\nZoë ordered tea at the café.\n";

/* The columns of @table, as a list for SELECT. */
static char *
column_list (sqlite3    *db,
             const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT group_concat ('\"' || name || '\"', ', ') FROM pragma_table_info('%s')", table);
  return df_test_sql_text (db, sql);
}

/* The rows of @table's @columns (NULL: every column). */
static char *
dump_table_columns (sqlite3    *db,
                    const char *table,
                    const char *columns)
{
  /* Table names come from v1_tables above, never from outside. */
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM \"%s\" ORDER BY rowid",
                                          columns != NULL ? columns : "*", table);
  return sql_dump (db, sql);
}

static char *
dump_table (sqlite3    *db,
            const char *table)
{
  return dump_table_columns (db, table, NULL);
}

static char *
dump_columns (sqlite3    *db,
              const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_xinfo('%s')", table);
  return sql_dump (db, sql);
}

static gboolean
search_finds (DfStore    *store,
              gint64      project_id,
              const char *query,
              gint64      chapter_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = df_search (store, project_id, query, 20, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  for (guint i = 0; i < hits->len; i++)
    {
      DfSearchHit *hit = g_ptr_array_index (hits, i);
      if (hit->chapter_id == chapter_id)
        return TRUE;
    }
  return FALSE;
}

static void
test_migrate_v1 (TmpDir        *tmp,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfStore) fresh = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GPtrArray) progress = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autofree char *fixture = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *path = g_build_filename (tmp->dir, "v1.db", NULL);
  g_autofree char *fresh_path = g_build_filename (tmp->dir, "fresh.db", NULL);
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);
  g_autofree char *integrity = NULL;
  char *before[G_N_ELEMENTS (v1_tables)] = { NULL, };
  char *v1_columns[G_N_ELEMENTS (v1_tables)] = { NULL, };
  char *errmsg = NULL;
  sqlite3 *db;

  fixture = df_test_fixture_path ("schema-v1.sql");
  dump = df_test_read_file (fixture, NULL);

  /* Build the old database as DraftForge 0.1 left it. */
  db = open_raw (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (sqlite3_exec (db, dump, NULL, NULL, &errmsg) != SQLITE_OK)
    g_error ("%s: %s", fixture, errmsg);
  g_assert_cmpint (df_test_sql_int (db, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapters"), ==, 3);
  for (guint i = 0; v1_tables[i] != NULL; i++)
    {
      v1_columns[i] = column_list (db, v1_tables[i]);
      before[i] = dump_table_columns (db, v1_tables[i], v1_columns[i]);
      g_assert_cmpuint (strlen (before[i]), >, 0);   /* every table has rows */
    }
  /* Exactly the seven tables of version 1. */
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"), ==, 7);
  sqlite3_close (db);

  store = df_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  db = df_store_get_db (store);

  g_assert_cmpint (df_store_get_schema_version_at_open (store), ==, 1);
  g_assert_cmpint (df_test_sql_int (db, "PRAGMA user_version"), ==, DF_STORE_SCHEMA_VERSION);
  integrity = df_test_sql_text (db, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);

  /* Every row of every old table is still there, byte for byte (later
   * versions add columns; the old ones keep every value). */
  for (guint i = 0; v1_tables[i] != NULL; i++)
    {
      g_autofree char *after = dump_table_columns (db, v1_tables[i], v1_columns[i]);
      g_assert_cmpstr (after, ==, before[i]);
    }

  /* Version 5: the old revisions are ordinary saves, none waiting to be
   * seen; chapters are numbered within a part through an index. */
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapter_revisions"), >, 0);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapter_revisions WHERE kind <> 'save' OR seen_at IS NOT NULL"), ==, 0);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'chapters_part_number'"), ==, 1);
  /* Who wrote a text is not known from before: NULL, one writer. */
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapters WHERE written_by IS NOT NULL"), ==, 0);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapter_revisions WHERE origin IS NOT NULL"), ==, 0);
  /* Version 6: no cursor remembered yet. */
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapter_cursors"), ==, 0);

  /* The old tables have exactly the shape a new database has. */
  fresh = df_store_open (fresh_path, &error);
  g_assert_no_error (error);
  for (guint i = 0; v1_tables[i] != NULL; i++)
    {
      g_autofree char *migrated_cols = dump_columns (db, v1_tables[i]);
      g_autofree char *fresh_cols = dump_columns (df_store_get_db (fresh), v1_tables[i]);
      g_assert_cmpstr (migrated_cols, ==, fresh_cols);
    }
  g_clear_object (&fresh);

  /* Through the model, as the application sees it. */
  project = df_project_get (store, "cafe-of-dreams", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (project->id, ==, 1);
  g_assert_cmpstr (project->title, ==, "The Café of Dreams — خوابوں کا کیفے");
  g_assert_cmpstr (project->project_type, ==, "novel");
  g_assert_cmpstr (project->language, ==, "ur");
  g_assert_cmpint (project->target_word_count, ==, 80000);
  g_assert_cmpstr (project->created_at, ==, "2024-03-01T09:15:00Z");
  g_assert_null (project->deleted_at);
  g_assert_cmpint (project->n_parts, ==, 1);
  g_assert_cmpint (project->n_chapters, ==, 3);

  parts = df_part_list (store, project->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parts->len, ==, 1);
  g_assert_cmpstr (((DfPart *)g_ptr_array_index (parts, 0))->title, ==, "Part One: Arrival");
  g_assert_cmpint (((DfPart *)g_ptr_array_index (parts, 0))->week_end, ==, 4);

  chapters = df_chapter_list (store, project->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chapters->len, ==, G_N_ELEMENTS (v1_chapters));
  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *listed = g_ptr_array_index (chapters, i);
      g_autoptr(DfChapter) chapter = NULL;
      g_autofree char *sha = NULL;

      g_assert_cmpint (listed->id, ==, v1_chapters[i].id);
      g_assert_cmpint (listed->number, ==, (gint64)i + 1);
      g_assert_cmpint (listed->part_id, ==, v1_chapters[i].part_id);
      g_assert_cmpstr (listed->title, ==, v1_chapters[i].title);

      chapter = df_test_get_chapter (store, listed->id);
      g_assert_cmpstr (chapter->title, ==, v1_chapters[i].title);
      g_assert_cmpstr (chapter->slug, ==, v1_chapters[i].slug);
      g_assert_cmpstr (chapter->kind, ==, v1_chapters[i].kind);
      g_assert_cmpint (chapter->words, ==, v1_chapters[i].words);
      g_assert_cmpmem (chapter->content_md, strlen (chapter->content_md),
                       v1_chapters[i].content, strlen (v1_chapters[i].content));
      sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, v1_chapters[i].content, -1);
      g_assert_cmpstr (chapter->content_hash, ==, sha);
    }

  revisions = df_revision_list (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 1);
  g_assert_cmpstr (((DfRevision *)g_ptr_array_index (revisions, 0))->content_md, ==, v1_revision);
  g_assert_cmpstr (((DfRevision *)g_ptr_array_index (revisions, 0))->created_at, ==, "2024-03-02T10:00:00Z");

  profile = df_profile_get_active (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (profile);
  g_assert_cmpstr (profile->id, ==, FIXTURE_PROFILE_ID);
  g_assert_cmpstr (profile->display_name, ==, "Amna Qureshi");
  g_assert_cmpstr (profile->preferred_language, ==, "ur");
  g_assert_cmpstr (profile->profile_data, ==, "{\"city\":\"لاہور\",\"pen_name\":\"Zoë\"}");
  g_assert_true (profile->onboarding_completed);

  progress = df_progress_list (store, FIXTURE_PROFILE_ID, project->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (progress->len, ==, 3);
  {
    DfProgress *first = g_ptr_array_index (progress, 0);
    DfProgress *second = g_ptr_array_index (progress, 1);
    DfProgress *third = g_ptr_array_index (progress, 2);

    g_assert_cmpstr (first->status, ==, "completed");
    g_assert_cmpint (first->time_spent_seconds, ==, 270);
    g_assert_cmpstr (first->completed_at, ==, "2024-03-02T11:04:30Z");
    g_assert_cmpstr (second->status, ==, "in_progress");
    g_assert_cmpint (second->position, ==, 57);
    g_assert_cmpint (second->time_spent_seconds, ==, 95);
    g_assert_cmpstr (third->status, ==, "not_started");
  }

  g_assert_cmpint (df_test_sql_int (db, "SELECT words FROM writing_stats WHERE project_id = 1 AND date = '2024-03-03'"), ==, 99);
  g_assert_cmpint (df_test_sql_int (db, "SELECT commits FROM writing_stats WHERE project_id = 1 AND date = '2024-03-03'"), ==, 4);

  /* The new full-text index covers the old chapters. */
  g_assert_true (search_finds (store, project->id, "lighthouse", 1));
  g_assert_true (search_finds (store, project->id, "samovar", 3));
  g_assert_true (search_finds (store, project->id, "بارش", 2));
  g_assert_true (search_finds (store, project->id, "creme", 1));   /* accents ignored */
  g_assert_false (search_finds (store, project->id, "samovar", 1));

  /* The copy taken before the upgrade is the untouched version 1. */
  g_assert_cmpstr (df_store_get_backup_path (store), ==, backup);
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  db = open_raw (backup, SQLITE_OPEN_READONLY);
  g_assert_cmpint (df_test_sql_int (db, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'chapters_fts'"), ==, 0);
  for (guint i = 0; v1_tables[i] != NULL; i++)
    {
      g_autofree char *saved = dump_table (db, v1_tables[i]);
      g_assert_cmpstr (saved, ==, before[i]);
    }
  sqlite3_close (db);

  /* Opening the upgraded database again keeps the version 1 backup. */
  g_clear_object (&store);
  store = df_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (df_store_get_schema_version_at_open (store), ==, DF_STORE_SCHEMA_VERSION);
  db = open_raw (backup, SQLITE_OPEN_READONLY);
  g_assert_cmpint (df_test_sql_int (db, "PRAGMA user_version"), ==, 1);
  sqlite3_close (db);

  for (guint i = 0; v1_tables[i] != NULL; i++)
    {
      g_free (before[i]);
      g_free (v1_columns[i]);
    }
}

/* Version 18 adds the record of plugins' calls in their helper process
 * (the plugin page's health): a version 17 database gains the table,
 * empty, with everything else as it was. */
static void
test_migrate_plugin_calls (TmpDir        *tmp,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "v17.db", NULL);
  g_autoptr(DfStore) store = df_test_store_open (path);
  g_autoptr(DfChapter) chapter = df_test_make_chapter (store, "Calls", "One", "The keeper counted the ships.");
  g_autofree char *before = sql_dump (df_store_get_db (store), "SELECT id, title, content_md, words FROM chapters");
  g_autofree char *after = NULL;
  sqlite3 *db;

  (void) data;
  g_clear_object (&store);
  df_test_sql_exec (path, "DROP TABLE plugin_calls; PRAGMA user_version = 17");

  store = df_test_store_open (path);
  g_assert_cmpint (df_store_get_schema_version_at_open (store), ==, 17);
  db = df_store_get_db (store);
  g_assert_cmpint (df_test_sql_int (db, "PRAGMA user_version"), ==, DF_STORE_SCHEMA_VERSION);
  after = sql_dump (db, "SELECT id, title, content_md, words FROM chapters");
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM plugin_calls"), ==, 0);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO plugin_calls (plugin_id, kind, status, started_at, completed_at, seconds)"
                                 " VALUES ('org.example.Sync', 'sync', 'failed', 'a', 'b', 0.5)", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO plugin_calls (plugin_id, kind, status, started_at, completed_at, seconds)"
                                 " VALUES ('org.example.Sync', 'export', 'failed', 'a', 'b', 0.5)", NULL, NULL, NULL),
                   ==, SQLITE_CONSTRAINT_CHECK);
}

/* ---- upgrading a version 5 database ----------------------------------- */

/* Version 13 moves a chapter's long texts last in its row and indexes
 * the words per project: a version 12 database keeps every chapter, its
 * text, plan, labels and search index, and nothing that refers to a
 * chapter is lost when the table is built again. */
static void
test_migrate_big_books (TmpDir        *tmp,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfChapter) one = NULL;
  g_autoptr(DfChapter) two = NULL;
  g_autofree char *path = g_build_filename (tmp->dir, "v12.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *columns = NULL;
  sqlite3 *db;

  store = df_test_store_open (path);
  one = df_test_make_chapter (store, "Twelve", "One", "The lighthouse keeper slept.");
  two = df_test_make_chapter (store, "Twelve", "Two", "A storm came over the harbour.");
  g_assert_true (df_chapter_set_field (store, two->id, "synopsis", "The storm.", &error));
  g_assert_true (df_chapter_set_field (store, two->id, "notes", "Check the tides.", &error));
  g_assert_true (df_chapter_add_label (store, two->id, "Weather", &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  /* Version 12's order: the text in the middle of the row, the plan
   * after it; no index of words. */
  db = open_raw (path, SQLITE_OPEN_READWRITE);
  {
    static const char * const middle[] = { "content_md", "content_hash", "words", "prerequisites",
                                           "estimated_minutes", "created_at", "updated_at", "written_by",
                                           "status", "synopsis", "notes", "word_target", NULL };
    g_autoptr(GError) rebuild_error = NULL;

    /* (and no point of view, schema 14) */
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA foreign_keys = OFF; BEGIN; DROP INDEX chapters_words;"
                                   " ALTER TABLE chapters DROP COLUMN pov_entry_id;",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    g_assert_true (_df_sqlite_move_columns_last (db, "chapters", middle, &rebuild_error));
    g_assert_no_error (rebuild_error);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 12; COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  }
  columns = sql_dump (db, "SELECT group_concat(name, ' ') FROM pragma_table_info('chapters')");
  g_assert_nonnull (strstr (columns, "kind content_md content_hash words"));
  before = sql_dump (db, "SELECT id, project_id, part_id, number, title, slug, content_md, content_hash, words,"
                         " status, synopsis, notes FROM chapters ORDER BY id");
  sqlite3_close (db);

  store = df_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (df_store_get_schema_version_at_open (store), ==, 12);
  db = df_store_get_db (store);
  g_assert_cmpint (df_test_sql_int (db, "PRAGMA user_version"), ==, DF_STORE_SCHEMA_VERSION);
  after = sql_dump (db, "SELECT id, project_id, part_id, number, title, slug, content_md, content_hash, words,"
                        " status, synopsis, notes FROM chapters ORDER BY id");
  g_assert_cmpstr (after, ==, before);
  /* The long texts last; the sum of words from the index alone. */
  g_clear_pointer (&columns, g_free);
  columns = sql_dump (db, "SELECT group_concat(name, ' ') FROM pragma_table_info('chapters')");
  g_assert_nonnull (strstr (columns, "word_target pov_entry_id notes content_md\x1f\n"));
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM pragma_index_list('chapters') WHERE name = 'chapters_words'"), ==, 1);
  {
    g_autofree char *plan = sql_dump (db, "EXPLAIN QUERY PLAN SELECT sum(words) FROM chapters WHERE project_id = 1");
    g_assert_nonnull (strstr (plan, "COVERING INDEX chapters_words"));
  }
  /* What refers to a chapter is there (a cascade would have emptied it),
   * and foreign keys are enforced again. */
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapter_labels"), ==, 1);
  g_assert_cmpint (df_test_sql_int (db, "PRAGMA foreign_keys"), ==, 1);
  /* The search index and its triggers work on the new table. */
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapters_fts WHERE chapters_fts MATCH 'harbour'"), ==, 1);
  g_assert_true (df_chapter_save_content (store, one->id, "The harbour was calm.", &error));
  g_assert_no_error (error);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapters_fts WHERE chapters_fts MATCH 'harbour'"), ==, 2);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapters_fts WHERE chapters_fts MATCH 'lighthouse'"), ==, 0);
  /* Deleting a chapter still takes its labels with it. */
  {
    g_autofree char *delete = g_strdup_printf ("DELETE FROM chapters WHERE id = %" G_GINT64_FORMAT, two->id);

    g_assert_cmpint (sqlite3_exec (db, delete, NULL, NULL, NULL), ==, SQLITE_OK);
  }
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapter_labels"), ==, 0);
  g_clear_object (&store);
}

/* Version 16 indexes what a list of the book shows of each chapter: a
 * version 15 database gains the index, and listing chapters and the
 * check for changes made elsewhere read it alone, never the table. */
static void
test_migrate_listing (TmpDir        *tmp,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp->dir, "v15.db", NULL);
  g_autoptr(DfStore) store = df_test_store_open (path);
  g_autoptr(DfChapter) one = df_test_make_chapter (store, "Listed", "One", "Words.");
  g_autoptr(GPtrArray) brief = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *plan = NULL;
  DfChapter *first;

  g_clear_object (&store);
  df_test_sql_exec (path, "DROP INDEX chapters_listing; PRAGMA user_version = 15");
  store = df_test_store_open (path);
  g_assert_cmpint (df_test_sql_int (df_store_get_db (store), "PRAGMA user_version"), ==, DF_STORE_SCHEMA_VERSION);
  plan = sql_dump (df_store_get_db (store),
                   "EXPLAIN QUERY PLAN SELECT c.id, coalesce(c.part_id, 0), c.number, c.title, c.kind, c.status,"
                   " c.synopsis, c.words, c.word_target FROM chapters c WHERE c.project_id = 1 ORDER BY c.number, c.id");
  g_assert_nonnull (strstr (plan, "COVERING INDEX chapters_listing"));
  brief = df_chapter_list_brief (store, one->project_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (brief->len, ==, 1);
  first = brief->pdata[0];
  g_assert_cmpstr (first->title, ==, "One");
  g_assert_cmpstr (first->status, ==, "draft");
  g_assert_cmpint (first->words, ==, 1);
  g_assert_null (first->content_md);
  g_clear_object (&store);
}

/* Version 17 indexes chapters by segment: a version 16 database (its
 * index of whole chapters kept by triggers) keeps every chapter, the new
 * index finds what the old one did, and a large chapter, one segment
 * then, is cut at its first save and re-indexed by segment after. */
static void
test_migrate_search_segments (TmpDir        *tmp,
                              gconstpointer  data)
{
  static const char v16_index[] =
    "DROP TRIGGER chapter_segments_ai; DROP TRIGGER chapter_segments_ad;"
    "DROP TRIGGER chapter_segments_au_title; DROP TRIGGER chapter_segments_au_text;"
    "DROP TABLE chapters_fts; DROP TABLE chapter_segments; DROP TABLE chapter_segments_pending;"
    "CREATE VIRTUAL TABLE chapters_fts USING fts5 (title, content_md, content='chapters', content_rowid='id',"
    "  tokenize='unicode61 remove_diacritics 2');"
    "INSERT INTO chapters_fts (chapters_fts) VALUES ('rebuild');"
    "CREATE TRIGGER chapters_fts_ai AFTER INSERT ON chapters BEGIN"
    "  INSERT INTO chapters_fts (rowid, title, content_md) VALUES (new.id, new.title, new.content_md);"
    "END;"
    "PRAGMA user_version = 16";
  g_autofree char *path = g_build_filename (tmp->dir, "v16.db", NULL);
  g_autoptr(DfStore) store = df_test_store_open (path);
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(DfChapter) small = df_test_make_chapter (store, "Segments", "Harbour", "A café by the sea.");
  g_autoptr(DfChapter) large = NULL;
  g_autoptr(DfSearchResults) cafe = NULL;
  g_autoptr(DfSearchResults) keeper = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  sqlite3 *db;
  gint64 n_segments, changed, last;

  for (int i = 0; big->len < 5 * DF_SEARCH_SEGMENT_MIN; i++)
    g_string_append_printf (big, "Paragraph %d of the keeper's log.\n\n", i);
  large = df_chapter_add (store, small->project_id, 0, "Log", big->str, &error);
  g_assert_no_error (error);
  before = sql_dump (df_store_get_db (store), "SELECT id, title, content_md, words FROM chapters ORDER BY id");
  g_clear_object (&store);
  df_test_sql_exec (path, v16_index);

  store = df_test_store_open (path);
  db = df_store_get_db (store);
  g_assert_cmpint (df_test_sql_int (db, "PRAGMA user_version"), ==, DF_STORE_SCHEMA_VERSION);
  after = sql_dump (db, "SELECT id, title, content_md, words FROM chapters ORDER BY id");
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'chapters_fts_a_'"), ==, 0);

  /* Each chapter's text is one segment, until a save cuts it. */
  g_assert_cmpint (large->id, ==, 2);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapter_segments WHERE start >= 0"), ==, 2);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapter_segments WHERE start = -1"), ==, 2);
  g_assert_cmpint (df_test_sql_int (db, "SELECT len FROM chapter_segments WHERE chapter_id = 2 AND start = 0"), ==, big->len);

  cafe = df_search_occurrences (store, small->project_id, "cafe harbour", 0, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cafe->total, ==, 2);
  keeper = df_search_occurrences (store, small->project_id, "\"keeper's log\"", 0, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (keeper->total, >, 1000);

  /* The first save of the large chapter cuts it; the next re-indexes
   * one segment. */
  g_string_append (big, "The end.\n");
  g_assert_true (df_chapter_save_content (store, large->id, big->str, &error));
  g_assert_no_error (error);
  n_segments = df_test_sql_int (db, "SELECT count(*) FROM chapter_segments WHERE chapter_id = 2 AND start >= 0");
  g_assert_cmpint (n_segments, >=, 3);
  last = df_test_sql_int (db, "SELECT max(id) FROM chapter_segments");
  g_string_insert (big, 100, "lighthouse ");
  g_assert_true (df_chapter_save_content (store, large->id, big->str, &error));
  g_assert_no_error (error);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM chapter_segments WHERE id > %" G_GINT64_FORMAT, last);

    changed = df_test_sql_int (db, sql);
  }
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapters_fts WHERE chapters_fts MATCH 'lighthouse'"), ==, 1);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapter_segments WHERE chapter_id = 2 AND start >= 0"), ==,
                   n_segments);
  g_assert_cmpint (changed, ==, 1);
  df_test_assert_intact (store);
}

/* Version 6 adds where the cursor was in each chapter; a version 5
 * database keeps every row and gains the table, as a new one has it. */
static void
test_migrate_v5 (TmpDir        *tmp,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autofree char *path = g_build_filename (tmp->dir, "v5.db", NULL);
  g_autofree char *fresh_path = g_build_filename (tmp->dir, "fresh.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *fresh_cols = NULL;
  g_autofree char *migrated_cols = NULL;
  gint64 chapter_id;
  sqlite3 *db;

  /* A database of today, taken back to version 5 as 0.5 would have
   * written it: no chapter_cursors, no writing_stats.words_start. */
  store = df_store_open (path, &error);
  g_assert_no_error (error);
  project = df_project_create (store, &(DfProjectNew) { .title = "Five" }, &error);
  g_assert_no_error (error);
  df_chapter_free (df_chapter_add (store, project->id, 0, "One", "", &error));
  g_assert_no_error (error);
  chapters = df_chapter_list (store, project->id, &error);
  g_assert_true (df_chapter_save_content (store, ((DfChapter *)chapters->pdata[0])->id, "The first words.", &error));
  g_assert_no_error (error);
  g_clear_pointer (&chapters, g_ptr_array_unref);
  g_clear_object (&store);

  db = open_raw (path, SQLITE_OPEN_READWRITE);
  g_assert_cmpint (sqlite3_exec (db, "DROP TABLE chapter_cursors; ALTER TABLE writing_stats DROP COLUMN words_start;"
                                   /* and what version 7 adds (test-planning.c) */
                                   " DROP TABLE writing_sessions; DROP TABLE chapter_labels; DROP TABLE labels;"
                                   /* and version 16's index of those columns */
                                   " DROP INDEX chapters_listing;"
                                   " ALTER TABLE chapters DROP COLUMN status; ALTER TABLE chapters DROP COLUMN synopsis;"
                                   " ALTER TABLE chapters DROP COLUMN notes; ALTER TABLE chapters DROP COLUMN word_target;"
                                   " PRAGMA user_version = 5", NULL, NULL, NULL), ==, SQLITE_OK);
  before = sql_dump (db, "SELECT id, title, content_md, content_hash FROM chapters ORDER BY id");
  sqlite3_close (db);

  store = df_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (df_store_get_schema_version_at_open (store), ==, 5);
  db = df_store_get_db (store);
  g_assert_cmpint (df_test_sql_int (db, "PRAGMA user_version"), ==, DF_STORE_SCHEMA_VERSION);
  after = sql_dump (db, "SELECT id, title, content_md, content_hash FROM chapters ORDER BY id");
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapter_cursors"), ==, 0);
  /* The day noted before: its words written stay, with no start. */
  g_assert_cmpint (df_test_sql_int (db, "SELECT words_written FROM writing_stats"), ==, 3);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM writing_stats WHERE words_start IS NULL"), ==, 1);

  /* The same table a new database has, and it works. */
  {
    g_autoptr(DfStore) fresh = df_store_open (fresh_path, &error);

    g_assert_no_error (error);
    fresh_cols = dump_columns (df_store_get_db (fresh), "chapter_cursors");
  }
  migrated_cols = dump_columns (db, "chapter_cursors");
  g_assert_cmpstr (migrated_cols, ==, fresh_cols);
  {
    g_autoptr(DfStore) fresh = df_store_open (fresh_path, &error);
    g_autofree char *fresh_stats = dump_columns (df_store_get_db (fresh), "writing_stats");
    g_autofree char *migrated_stats = dump_columns (db, "writing_stats");

    g_assert_cmpstr (migrated_stats, ==, fresh_stats);
  }

  chapters = df_chapter_list (store, project->id, &error);
  g_assert_no_error (error);
  chapter_id = ((DfChapter *)chapters->pdata[0])->id;
  g_assert_true (df_chapter_set_cursor (store, chapter_id, 4, &error));
  g_assert_no_error (error);
  g_assert_cmpint (df_chapter_get_cursor (store, chapter_id, &error), ==, 4);
}

/* ---- transactions ----------------------------------------------------- */

static gboolean
insert_project (DfStore     *store,
                const char  *slug,
                const char  *project_type,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store,
                           "INSERT INTO projects (slug, title, project_type, created_at, updated_at) "
                           "VALUES (?1, ?1, ?2, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, slug, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, project_type, -1, SQLITE_TRANSIENT);
  return df_store_step_done (store, stmt, error);
}

static gint64
count_projects_elsewhere (const char *path)
{
  /* A second connection sees only what was committed. */
  sqlite3 *db = open_raw (path, SQLITE_OPEN_READONLY);
  gint64 n = df_test_sql_int (db, "SELECT count(*) FROM projects");

  sqlite3_close (db);
  return n;
}

/* A light (bookkeeping) transaction commits without waiting for the
 * disk, and leaves the connection durable (synchronous=FULL) after it,
 * whether it commits or rolls back. */
static void
test_transaction_light (TmpDir        *tmp,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autofree char *path = g_build_filename (tmp->dir, "light.db", NULL);

  store = df_store_open (path, &error);
  g_assert_no_error (error);

  g_assert_true (df_store_begin_light (store, &error));
  g_assert_cmpint (df_test_sql_int (df_store_get_db (store), "PRAGMA synchronous"), ==, 1);   /* NORMAL */
  {
    g_autoptr(DfProject) p = df_test_make_project (store, "Light", NULL);
  }
  g_assert_true (df_store_commit (store, &error));
  g_assert_cmpint (df_test_sql_int (df_store_get_db (store), "PRAGMA synchronous"), ==, 2);   /* FULL */
  g_assert_cmpint (df_test_sql_int (df_store_get_db (store), "SELECT count(*) FROM projects"), ==, 1);

  g_assert_true (df_store_begin_light (store, &error));
  g_assert_true (df_store_begin (store, &error));      /* nested: stays light */
  g_assert_cmpint (df_test_sql_int (df_store_get_db (store), "PRAGMA synchronous"), ==, 1);
  df_store_rollback (store);
  df_store_rollback (store);
  g_assert_cmpint (df_test_sql_int (df_store_get_db (store), "PRAGMA synchronous"), ==, 2);
}

static void
test_transaction_nested_commit (TmpDir        *tmp,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autofree char *path = g_build_filename (tmp->dir, "tx.db", NULL);
  g_autofree char *slugs = NULL;

  store = df_store_open (path, &error);
  g_assert_no_error (error);

  g_assert_true (df_store_begin (store, &error));
  g_assert_no_error (error);
  g_assert_true (insert_project (store, "outer", "novel", &error));
  g_assert_no_error (error);

  g_assert_true (df_store_begin (store, &error));
  g_assert_no_error (error);
  g_assert_true (insert_project (store, "inner", "poetry", &error));
  g_assert_no_error (error);
  g_assert_true (df_store_commit (store, &error));
  g_assert_no_error (error);

  /* The inner commit did not commit anything yet. */
  g_assert_cmpint (sqlite3_get_autocommit (df_store_get_db (store)), ==, 0);
  g_assert_cmpint (count_projects_elsewhere (path), ==, 0);

  g_assert_true (df_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_get_autocommit (df_store_get_db (store)), !=, 0);
  g_assert_cmpint (count_projects_elsewhere (path), ==, 2);

  /* And it is there after closing and opening again. */
  g_clear_object (&store);
  store = df_store_open (path, &error);
  g_assert_no_error (error);
  slugs = df_test_sql_text (df_store_get_db (store), "SELECT group_concat(slug, ',') FROM (SELECT slug FROM projects ORDER BY id)");
  g_assert_cmpstr (slugs, ==, "outer,inner");
}

static void
test_transaction_inner_rollback (TmpDir        *tmp,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autofree char *path = g_build_filename (tmp->dir, "tx.db", NULL);
  g_autofree char *slugs = NULL;
  sqlite3 *db;

  store = df_store_open (path, &error);
  g_assert_no_error (error);
  db = df_store_get_db (store);

  g_assert_true (df_store_begin (store, &error));
  g_assert_no_error (error);
  g_assert_true (insert_project (store, "outer", "novel", &error));
  g_assert_no_error (error);
  g_assert_true (df_store_begin (store, &error));
  g_assert_no_error (error);
  g_assert_true (insert_project (store, "inner", "novel", &error));
  g_assert_no_error (error);

  /* An inner failure dooms the outer work as well. */
  df_store_rollback (store);
  g_assert_cmpint (sqlite3_get_autocommit (db), !=, 0);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM projects"), ==, 0);

  /* The outer level cannot pretend its work was saved. */
  g_assert_false (df_store_commit (store, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  df_store_rollback (store);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM projects"), ==, 0);
  g_assert_cmpint (count_projects_elsewhere (path), ==, 0);

  /* The store is usable again afterwards, from the outermost level. */
  g_assert_true (df_store_begin (store, &error));
  g_assert_no_error (error);
  g_assert_true (insert_project (store, "after", "novel", &error));
  g_assert_no_error (error);
  g_assert_true (df_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_projects_elsewhere (path), ==, 1);
  slugs = df_test_sql_text (db, "SELECT group_concat(slug, ',') FROM projects");
  g_assert_cmpstr (slugs, ==, "after");
}

/* ---- constraint violations -------------------------------------------- */

static void
test_constraints (TmpDir        *tmp,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *path = g_build_filename (tmp->dir, "constraints.db", NULL);
  sqlite3 *db;

  store = df_store_open (path, &error);
  g_assert_no_error (error);
  db = df_store_get_db (store);

  /* A CHECK constraint, through a prepared statement... */
  g_assert_false (insert_project (store, "opera", "opera", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);

  /* ...and through plain SQL. */
  g_assert_false (df_store_exec (store,
                                 "INSERT INTO projects (slug, title, project_type, created_at, updated_at) "
                                 "VALUES ('opera', 'Opera', 'opera', '2024-01-01', '2024-01-01')",
                                 &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);

  /* A slug with characters outside [a-z0-9_-]. */
  g_assert_false (insert_project (store, "Bad Slug!", "novel", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);

  /* NOT NULL. */
  g_assert_false (df_store_exec (store,
                                 "INSERT INTO projects (slug, title, created_at, updated_at) "
                                 "VALUES ('untitled', NULL, '2024-01-01', '2024-01-01')",
                                 &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM projects"), ==, 0);

  /* A foreign key to a project that does not exist. */
  stmt = df_store_prepare (store,
                           "INSERT INTO chapters (project_id, number, title, slug, content_hash, created_at, updated_at) "
                           "VALUES (?1, 1, 'Orphan', 'orphan', '', '2024-01-01', '2024-01-01')",
                           &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, 999);
  g_assert_false (df_store_step_done (store, stmt, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapters"), ==, 0);

  /* A duplicate is reported as such. */
  g_assert_true (insert_project (store, "twice", "novel", &error));
  g_assert_no_error (error);
  g_assert_false (insert_project (store, "twice", "novel", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM projects"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  DF_TEST_ADD_TMP_DIR ("/store/open/new-file", test_open_new);
  DF_TEST_ADD_TMP_DIR ("/store/open/empty-file", test_open_empty_file);
  g_test_add_func ("/store/resolve-path", test_resolve_path);
  DF_TEST_ADD_TMP_DIR ("/store/refuse/not-a-database", test_refuse_not_a_database);
  DF_TEST_ADD_TMP_DIR ("/store/refuse/too-new", test_refuse_too_new);
  DF_TEST_ADD_TMP_DIR ("/store/refuse/other-program", test_refuse_other_program);
  DF_TEST_ADD_TMP_DIR ("/store/migrate/from-v1", test_migrate_v1);
  DF_TEST_ADD_TMP_DIR ("/store/migrate/from-v5", test_migrate_v5);
  DF_TEST_ADD_TMP_DIR ("/store/migrate/big-books", test_migrate_big_books);
  DF_TEST_ADD_TMP_DIR ("/store/migrate/listing", test_migrate_listing);
  DF_TEST_ADD_TMP_DIR ("/store/migrate/search-segments", test_migrate_search_segments);
  DF_TEST_ADD_TMP_DIR ("/store/migrate/plugin-calls", test_migrate_plugin_calls);
  DF_TEST_ADD_TMP_DIR ("/store/transaction/nested-commit", test_transaction_nested_commit);
  DF_TEST_ADD_TMP_DIR ("/store/transaction/inner-rollback", test_transaction_inner_rollback);
  DF_TEST_ADD_TMP_DIR ("/store/constraints", test_constraints);
  DF_TEST_ADD_TMP_DIR ("/store/transaction/light", test_transaction_light);

  return g_test_run ();
}
