/* df-store.c: one SQLite database per user
 *
 * The database runs in WAL mode with synchronous=FULL: the prose lives
 * here, so a commit that returned is on disk even after a power loss.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "df-store.h"
#include "df-store-errors-private.h"
#include "df-store-files-private.h"
#include "df-store-migrations-private.h"
#include "df-store-private.h"

/* The public version and the one the migrations reach are one number. */
G_STATIC_ASSERT (DF_STORE_SCHEMA_VERSION == DF_STORE_MIGRATIONS_LATEST);

struct _DfStore
{
  GObject   parent_instance;

  char     *path;
  char     *backup_path;
  char     *files_key;          /* among the process's open databases */
  char     *read_only_reason;   /* NULL: writable */
  char     *open_warning;
  GError   *damage;
  sqlite3  *db;
  int       tx_depth;
  gboolean  tx_light;
  int       schema_version_at_open;
};

G_DEFINE_FINAL_TYPE (DfStore, df_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DAMAGED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
df_store_finalize (GObject *object)
{
  DfStore *self = (DfStore *)object;

  if (self->db != NULL)
    {
      if (self->tx_depth > 0)
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  _df_store_files_release (self->files_key);
  g_clear_pointer (&self->files_key, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->backup_path, g_free);
  g_clear_pointer (&self->read_only_reason, g_free);
  g_clear_pointer (&self->open_warning, g_free);
  g_clear_error (&self->damage);

  G_OBJECT_CLASS (df_store_parent_class)->finalize (object);
}

static void
df_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  DfStore *self = DF_STORE (object);

  switch (prop_id)
    {
    case PROP_DAMAGED:
      g_value_set_boolean (value, self->damage != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
df_store_class_init (DfStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = df_store_finalize;
  object_class->get_property = df_store_get_property;

  properties[PROP_DAMAGED] =
    g_param_spec_boolean ("damaged", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
df_store_init (DfStore *self)
{
}

/**
 * df_store_default_path:
 *
 * Returns: `$XDG_DATA_HOME/draftforge/draftforge.db`
 */
char *
df_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "draftforge", "draftforge.db", NULL);
}

/**
 * df_store_resolve_path:
 * @explicit_path: (nullable): a path given with --db
 *
 * Returns: @explicit_path, else `DRAFTFORGE_DB`, else the default path.
 */
char *
df_store_resolve_path (const char *explicit_path)
{
  const char *env;

  if (explicit_path != NULL && *explicit_path != '\0')
    return g_strdup (explicit_path);

  env = g_getenv ("DRAFTFORGE_DB");
  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return df_store_default_path ();
}

/* A damaged file stays as it was found: closing the connection does not
 * move the journal into it (the journal goes with it when it is put
 * aside). */
static void
keep_file_as_found (DfStore *self)
{
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
}

/* Remembers the first damage met, and says so. */
static void
note_damage (DfStore    *self,
             const char *message)
{
  if (self->damage != NULL)
    return;

  keep_file_as_found (self);
  self->damage = g_error_new_literal (DF_ERROR, DF_ERROR_CORRUPT, message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAMAGED]);
}

void
df_store_set_error (DfStore     *self,
                    GError     **error,
                    const char  *what)
{
  g_autofree char *damage = _df_store_error_from_sqlite (self->db, self->path, self->read_only_reason,
                                                         what, error);

  if (damage != NULL)
    note_damage (self, damage);
}

gboolean
df_store_exec (DfStore     *self,
               const char  *sql,
               GError     **error)
{
  g_return_val_if_fail (DF_IS_STORE (self), FALSE);

  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      df_store_set_error (self, error, _("Database error"));
      return FALSE;
    }

  return TRUE;
}

sqlite3_stmt *
df_store_prepare (DfStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (DF_IS_STORE (self), NULL);

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      df_store_set_error (self, error, _("Database error"));
      return NULL;
    }

  return stmt;
}

/**
 * df_store_step:
 *
 * Steps a statement that returns rows: TRUE with a row to read, FALSE at
 * the end of the rows (@error unset) or on an error (@error set: a busy
 * database, an I/O error, a damaged page).  Every loop over rows is
 *
 *   while (df_store_step (store, stmt, &local_error))
 *     ...
 *   if (local_error != NULL)
 *     fail
 *
 * so that an error never passes for the end of a short list.
 */
gboolean
df_store_step (DfStore      *self,
               sqlite3_stmt *stmt,
               GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    df_store_set_error (self, error, _("Database error"));
  return FALSE;
}

/**
 * df_store_step_done:
 *
 * Steps a statement that returns no rows (INSERT, UPDATE, DELETE).
 */
gboolean
df_store_step_done (DfStore      *self,
                    sqlite3_stmt *stmt,
                    GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      df_store_set_error (self, error, _("Database error"));
      sqlite3_reset (stmt);
      return FALSE;
    }

  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
df_store_begin (DfStore  *self,
                GError  **error)
{
  g_return_val_if_fail (DF_IS_STORE (self), FALSE);

  if (self->tx_depth == 0 && !df_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  self->tx_depth++;
  return TRUE;
}

gboolean
df_store_begin_light (DfStore  *self,
                      GError  **error)
{
  g_return_val_if_fail (DF_IS_STORE (self), FALSE);

  /* synchronous cannot change inside a transaction: only an outermost
   * one is light. */
  if (self->tx_depth == 0)
    {
      if (!df_store_exec (self, "PRAGMA synchronous = NORMAL", error))
        return FALSE;
      self->tx_light = TRUE;
      if (!df_store_begin (self, error))
        {
          df_store_exec (self, "PRAGMA synchronous = FULL", NULL);
          self->tx_light = FALSE;
          return FALSE;
        }
      return TRUE;
    }

  return df_store_begin (self, error);
}

static void
end_light (DfStore *self)
{
  if (self->tx_depth == 0 && self->tx_light)
    {
      self->tx_light = FALSE;
      df_store_exec (self, "PRAGMA synchronous = FULL", NULL);
    }
}

gboolean
df_store_commit (DfStore  *self,
                 GError  **error)
{
  g_return_val_if_fail (DF_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->tx_depth > 0, FALSE);

  if (self->tx_depth == 1 && !df_store_exec (self, "COMMIT", error))
    return FALSE;   /* the caller rolls back */

  self->tx_depth--;
  end_light (self);
  return TRUE;
}

/* Rolls back the whole transaction, however deep: an inner failure
 * dooms the outer work too.  Outer levels then just unwind. */
void
df_store_rollback (DfStore *self)
{
  g_return_if_fail (DF_IS_STORE (self));

  if (self->tx_depth == 0)
    return;

  if (sqlite3_get_autocommit (self->db) == 0)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);

  self->tx_depth--;
  end_light (self);
}

gboolean
df_store_end (DfStore   *self,
              gboolean   ok,
              GError   **error)
{
  if (ok && df_store_commit (self, error))
    return TRUE;

  df_store_rollback (self);
  return FALSE;
}

gint64
df_store_last_insert_id (DfStore *self)
{
  return sqlite3_last_insert_rowid (self->db);
}

gboolean
df_store_checkpoint (DfStore  *self,
                     GError  **error)
{
  return df_store_exec (self, "PRAGMA wal_checkpoint(PASSIVE)", error);
}

/* Copies the database into @tmp (which exists, empty) with SQLite's
 * backup API, and makes the copy one file (journal_mode DELETE). */
static gboolean
copy_into (DfStore     *self,
           const char  *tmp,
           const char  *dest,
           GError     **error)
{
  sqlite3 *out = NULL;
  sqlite3_backup *backup;
  int rc = sqlite3_open_v2 (tmp, &out, SQLITE_OPEN_READWRITE, NULL);

  if (rc == SQLITE_OK && (backup = sqlite3_backup_init (out, "main", self->db, "main")) == NULL)
    rc = sqlite3_errcode (out);
  else if (rc == SQLITE_OK)
    {
      rc = sqlite3_backup_step (backup, -1);
      sqlite3_backup_finish (backup);
      if (rc == SQLITE_DONE)
        rc = sqlite3_exec (out, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
    }

  if (rc != SQLITE_OK)
    g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Could not back up the database to “%s”: %s"),
                 dest, sqlite3_errstr (rc));
  sqlite3_close (out);
  return rc == SQLITE_OK;
}

gboolean
df_store_backup (DfStore     *self,
                 const char  *dest,
                 GError     **error)
{
  g_autofree char *tmp = g_strconcat (dest, ".tmp", NULL);
  int fd;

  g_return_val_if_fail (DF_IS_STORE (self), FALSE);
  g_return_val_if_fail (dest != NULL, FALSE);

  /* What a crash left of an earlier copy; then a new file that only its
   * owner may read, before SQLite writes the first page to it. */
  g_unlink (tmp);
  if ((fd = _df_store_files_create_private (tmp, error)) < 0)
    {
      g_prefix_error (error, _("Could not back up the database: "));
      return FALSE;
    }
  close (fd);

  if (!copy_into (self, tmp, dest, error))
    {
      g_unlink (tmp);
      return FALSE;
    }

  if (g_rename (tmp, dest) != 0)
    {
      int saved = errno;
      g_set_error (error, DF_ERROR, DF_ERROR_IO,
                   _("Could not back up the database to “%s”: %s"), dest, g_strerror (saved));
      g_unlink (tmp);
      return FALSE;
    }

  _df_store_files_sync_folder (dest);
  return TRUE;
}

gboolean
df_store_check (DfStore  *self,
                      GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autofree char *message = NULL;

  g_return_val_if_fail (DF_IS_STORE (self), FALSE);

  if ((stmt = df_store_prepare (self, "PRAGMA integrity_check(10)", error)) == NULL)
    return FALSE;

  while (df_store_step (self, stmt, &local_error))
    {
      const char *line = (const char *)sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") == 0)
        continue;
      if (problems->len > 0)
        g_string_append (problems, "; ");
      g_string_append (problems, line != NULL ? line : "?");
    }
  if (local_error != NULL)
    {
      /* The check itself met the damage: say it as the damage. */
      if (g_error_matches (local_error, DF_ERROR, DF_ERROR_CORRUPT) && self->damage != NULL)
        g_propagate_error (error, g_error_copy (self->damage));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (problems->len == 0)
    return TRUE;

  g_strdelimit (problems->str, "\n\t", ' ');
  message = _df_store_damage_message (self->path, problems->str);
  g_set_error_literal (error, DF_ERROR, DF_ERROR_CORRUPT, message);
  note_damage (self, message);
  return FALSE;
}

/* df_find(text, needle): the character offset (0-based) of the first
 * occurrence of needle in text, ignoring ASCII case, or -1.  Scans the
 * text in place: lower() would copy every chapter a search returns. */
static void
sql_df_find (sqlite3_context  *ctx,
             int               argc,
             sqlite3_value   **argv)
{
  const unsigned char *text = sqlite3_value_text (argv[0]);
  const unsigned char *needle = sqlite3_value_text (argv[1]);
  gint64 chars = 0;
  gsize n;

  if (text == NULL || needle == NULL || (n = strlen ((const char *)needle)) == 0)
    {
      sqlite3_result_int64 (ctx, -1);
      return;
    }

  for (const unsigned char *p = text; *p; p++)
    {
      if (g_ascii_tolower (*p) == g_ascii_tolower (needle[0]) &&
          g_ascii_strncasecmp ((const char *)p, (const char *)needle, n) == 0)
        {
          sqlite3_result_int64 (ctx, chars);
          return;
        }
      if ((*p & 0xC0) != 0x80)
        chars++;
    }

  sqlite3_result_int64 (ctx, -1);
}

static int
read_user_version (sqlite3 *db,
                   int     *rc_out)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          version = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  *rc_out = rc;
  return version;
}

/* How a read-only database is opened.  SQLite needs a WAL database's
 * journal (-wal) and its index (-shm), and creates them when they are
 * missing, which a read-only folder forbids.  With no journal (no
 * connection can be writing: a writer keeps one open) or an empty one no
 * other connection holds, the file is read as it is (immutable=1, which
 * never looks for a journal); otherwise read-only through the journal,
 * which needs its index. */
static char *
read_only_uri (DfStore   *self,
               gboolean   live,
               GError   **error)
{
  g_autofree char *absolute = g_canonicalize_filename (self->path, NULL);
  g_autofree char *uri = g_filename_to_uri (absolute, NULL, error);
  g_autofree char *wal = g_strconcat (self->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (self->path, "-shm", NULL);
  g_autofree char *dir = g_path_get_dirname (self->path);
  GStatBuf st;

  if (uri == NULL)
    return NULL;

  if (g_stat (wal, &st) != 0 || (st.st_size == 0 && !live))
    return g_strconcat (uri, "?immutable=1", NULL);
  if (g_file_test (shm, G_FILE_TEST_EXISTS) || g_access (dir, W_OK) == 0)
    return g_strconcat (uri, "?mode=ro", NULL);

  g_set_error (error, DF_ERROR, DF_ERROR_READ_ONLY,
               _("“%s” has recent saves in its journal, which cannot be read without the journal’s index. %s"),
               self->path, self->read_only_reason);
  return NULL;
}

/* Opens the connection with its settings: extended result codes, the
 * df_find() SQL function, a 5 s busy timeout. */
static gboolean
open_connection (DfStore   *self,
                 gboolean   live,
                 gboolean   exclusive,
                 GError   **error)
{
  g_autofree char *uri = NULL;
  int rc;

  if (self->read_only_reason == NULL)
    rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  else if ((uri = read_only_uri (self, live, error)) != NULL)
    rc = sqlite3_open_v2 (uri, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
  else
    return FALSE;

  if (rc != SQLITE_OK)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO,
                   _("Could not open the database “%s”: %s"), self->path,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return FALSE;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_create_function_v2 (self->db, "df_find", 2,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                              NULL, sql_df_find, NULL, NULL, NULL);
  sqlite3_busy_timeout (self->db, 5000);
  /* Before the first read: the journal's index then lives in this
   * process's memory, and no -shm file is needed. */
  return !exclusive || df_store_exec (self, "PRAGMA locking_mode = EXCLUSIVE", error);
}

/* An existing file with no schema is adopted only if it is empty. */
static gboolean
check_no_other_schema (DfStore  *self,
                       GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean empty = FALSE;

  if (sqlite3_prepare_v2 (self->db, "SELECT count(*) FROM sqlite_master", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    empty = sqlite3_column_int (stmt, 0) == 0;
  sqlite3_finalize (stmt);

  if (!empty)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_CORRUPT,
                   _("“%s” is an SQLite database of another program. "
                     "It was left as it is; choose another file."), self->path);
      return FALSE;
    }

  return TRUE;
}

/* Reads the schema version and refuses, before anything could write to
 * the file, one that is not a database, is damaged, is newer than this
 * build or belongs to another program. */
static gboolean
check_schema_version (DfStore   *self,
                      gboolean   created,
                      GError   **error)
{
  int rc;
  int version = read_user_version (self->db, &rc);

  if (rc != SQLITE_OK)
    {
      keep_file_as_found (self);
      _df_store_set_open_error (self->path, self->read_only_reason, rc, error);
      return FALSE;
    }
  self->schema_version_at_open = version;

  if (version > DF_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_TOO_NEW,
                   _("“%s” was written by a newer DraftForge (schema %d; this one knows %d). "
                     "It was left as it is; update DraftForge to open it."),
                   self->path, version, DF_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  return version != 0 || created || check_no_other_schema (self, error);
}

/* The first read failed for want of space: the journal's index (-shm,
 * 32 KiB) could not be made.  A connection that keeps the index in its
 * own memory (exclusive locking, which holds the database for this
 * connection alone) needs no such file, so what was saved can still be
 * read; a save then says the disk is full. */
static gboolean
reopen_on_full_disk (DfStore   *self,
                     gboolean   live,
                     gboolean   created,
                     GError   **error)
{
  if (self->read_only_reason != NULL || live)
    return FALSE;
  g_clear_pointer (&self->db, sqlite3_close);
  if (!open_connection (self, live, TRUE, error) ||
      !check_schema_version (self, created, error))
    return FALSE;
  g_debug ("“%s”: the disk is full; opened with exclusive locking", self->path);
  return TRUE;
}

/* A read-only database is read as it is: nothing to set up or migrate.
 * Exports record their jobs for this connection only, in a temporary
 * export_jobs (made like the file's, with its rows) that hides the
 * file's; its foreign key has no parent in the temporary schema, and
 * nothing of the file can change, so foreign keys stay off. */
static gboolean
prepare_read_only (DfStore  *self,
                   GError  **error)
{
  int version = self->schema_version_at_open;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *sql = NULL;
  const char *create;

  if (version < DF_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_READ_ONLY,
                   version == 0
                   ? _("“%s” holds no DraftForge data yet and cannot be set up. %s")
                   : _("“%s” was written by an older DraftForge and must be upgraded before this one opens it. %s"),
                   self->path, self->read_only_reason);
      return FALSE;
    }

  if (!df_store_exec (self, "PRAGMA temp_store = MEMORY", error) ||
      (stmt = df_store_prepare (self, "SELECT sql FROM main.sqlite_master"
                                      " WHERE type = 'table' AND name = 'export_jobs'", error)) == NULL)
    return FALSE;
  if (!df_store_step (self, stmt, &local_error))
    {
      if (local_error == NULL)
        return TRUE;   /* no such table: nothing to hide */
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if ((create = strchr ((const char *)sqlite3_column_text (stmt, 0), '(')) == NULL)
    return TRUE;
  sql = g_strconcat ("CREATE TEMP TABLE export_jobs ", create, ";"
                     "INSERT INTO temp.export_jobs SELECT * FROM main.export_jobs", NULL);
  return df_store_exec (self, sql, error);
}

/* Sets the durability pragmas, then brings the schema up to date; an
 * existing database is checked, then copied to PATH.bak, before it is
 * migrated. */
static gboolean
prepare_schema (DfStore  *self,
                GError  **error)
{
  int version = self->schema_version_at_open;

  if (self->read_only_reason != NULL)
    return prepare_read_only (self, error);

  if (!df_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !df_store_exec (self, "PRAGMA synchronous = FULL", error) ||
      !df_store_exec (self, "PRAGMA foreign_keys = ON", error))
    return FALSE;

  if (version > 0 && version < DF_STORE_SCHEMA_VERSION)
    {
      /* A damaged file is neither copied over the backup nor migrated. */
      if (!df_store_check (self, error) ||
          !df_store_backup (self, self->backup_path, error))
        {
          g_prefix_error (error, _("Not upgrading the database: "));
          return FALSE;
        }
    }

  return version >= DF_STORE_SCHEMA_VERSION ||
         _df_migrations_run (self->db, self->path, version, error);
}

/**
 * df_store_open:
 * @path: the database file; created (mode 0600) if missing
 *
 * Opens and, if needed, migrates the database.  A file that is not a
 * DraftForge database, a damaged one, or one written by a newer version is
 * refused and left untouched; one DraftForge may read but not write opens
 * read-only (df_store_is_read_only).  Before a migration of an existing
 * database a copy is kept as `PATH.bak`.  A journal left by a crash that
 * holds saves SQLite cannot replay is copied aside first
 * (df_store_get_open_warning).
 */
DfStore *
df_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(DfStore) self = NULL;
  g_autoptr(GError) local_error = NULL;
  DfStoreAccess access;
  gboolean created = FALSE;
  gboolean live = FALSE;

  g_return_val_if_fail (path != NULL, NULL);

  _df_store_files_use_ofd_locks ();
  if (!_df_store_files_prepare (path, &created, &access, error))
    return NULL;

  self = g_object_new (DF_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->backup_path = g_strconcat (path, ".bak", NULL);
  if (access != DF_STORE_ACCESS_READ_WRITE)
    self->read_only_reason = _df_store_files_read_only_reason (path, access);

  self->files_key = _df_store_files_acquire (path, access != DF_STORE_ACCESS_READ_ONLY_FOLDER,
                                             &live, &self->open_warning, error);
  if (self->files_key == NULL || !open_connection (self, live, FALSE, error))
    return NULL;
  if (!check_schema_version (self, created, &local_error))
    {
      /* (on a full disk, the error of the second try is the same) */
      if (!g_error_matches (local_error, DF_ERROR, DF_ERROR_NO_SPACE) ||
          !reopen_on_full_disk (self, live, created, NULL))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  if (!prepare_schema (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
df_store_get_path (DfStore *self)
{
  g_return_val_if_fail (DF_IS_STORE (self), NULL);
  return self->path;
}

const char *
df_store_get_backup_path (DfStore *self)
{
  g_return_val_if_fail (DF_IS_STORE (self), NULL);
  return self->backup_path;
}

sqlite3 *
df_store_get_db (DfStore *self)
{
  g_return_val_if_fail (DF_IS_STORE (self), NULL);
  return self->db;
}

int
df_store_get_schema_version_at_open (DfStore *self)
{
  g_return_val_if_fail (DF_IS_STORE (self), 0);
  return self->schema_version_at_open;
}

gboolean
df_store_is_read_only (DfStore *self)
{
  g_return_val_if_fail (DF_IS_STORE (self), FALSE);
  return self->read_only_reason != NULL;
}

const char *
df_store_get_read_only_reason (DfStore *self)
{
  g_return_val_if_fail (DF_IS_STORE (self), NULL);
  return self->read_only_reason;
}

const char *
df_store_get_open_warning (DfStore *self)
{
  g_return_val_if_fail (DF_IS_STORE (self), NULL);
  return self->open_warning;
}

const GError *
df_store_get_damage (DfStore *self)
{
  g_return_val_if_fail (DF_IS_STORE (self), NULL);
  return self->damage;
}

void
df_store_note_damage (DfStore      *self,
                      const GError *damage)
{
  g_return_if_fail (DF_IS_STORE (self));
  g_return_if_fail (damage != NULL);

  note_damage (self, damage->message);
}
