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
#include "df-store-migrations-private.h"
#include "df-store-private.h"

/* The public version and the one the migrations reach are one number. */
G_STATIC_ASSERT (DF_STORE_SCHEMA_VERSION == DF_STORE_MIGRATIONS_LATEST);

struct _DfStore
{
  GObject   parent_instance;

  char     *path;
  char     *backup_path;
  sqlite3  *db;
  int       tx_depth;
  gboolean  tx_light;
  int       schema_version_at_open;
};

G_DEFINE_FINAL_TYPE (DfStore, df_store, G_TYPE_OBJECT)

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
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->backup_path, g_free);

  G_OBJECT_CLASS (df_store_parent_class)->finalize (object);
}

static void
df_store_class_init (DfStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = df_store_finalize;
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

void
df_store_set_error (DfStore     *self,
                    GError     **error,
                    const char  *what)
{
  int code = sqlite3_extended_errcode (self->db);
  int primary = code & 0xff;
  DfError df_code = DF_ERROR_DATABASE;

  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
    df_code = DF_ERROR_CORRUPT;
  else if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
    df_code = DF_ERROR_EXISTS;
  else if (primary == SQLITE_CONSTRAINT)
    df_code = DF_ERROR_INVALID;
  else if (primary == SQLITE_BUSY)
    df_code = DF_ERROR_BUSY;

  g_set_error (error, DF_ERROR, df_code, "%s: %s", what, sqlite3_errmsg (self->db));
}

gboolean
df_store_exec (DfStore     *self,
               const char  *sql,
               GError     **error)
{
  g_return_val_if_fail (DF_IS_STORE (self), FALSE);

  return _df_sqlite_exec (self->db, sql, error);
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

gboolean
df_store_backup (DfStore     *self,
                 const char  *dest,
                 GError     **error)
{
  g_autofree char *tmp = g_strconcat (dest, ".tmp", NULL);
  sqlite3 *out = NULL;
  sqlite3_backup *backup;
  int rc;

  g_unlink (tmp);
  if (sqlite3_open_v2 (tmp, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO,
                   _("Could not create the backup “%s”: %s"), tmp,
                   out ? sqlite3_errmsg (out) : "out of memory");
      sqlite3_close (out);
      return FALSE;
    }

  backup = sqlite3_backup_init (out, "main", self->db, "main");
  if (backup == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO,
                   _("Could not back up the database to “%s”: %s"), dest, sqlite3_errmsg (out));
      sqlite3_close (out);
      g_unlink (tmp);
      return FALSE;
    }

  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO,
                   _("Could not back up the database to “%s”: %s"), dest, sqlite3_errstr (rc));
      sqlite3_close (out);
      g_unlink (tmp);
      return FALSE;
    }

  sqlite3_close (out);
  g_chmod (tmp, 0600);

  if (g_rename (tmp, dest) != 0)
    {
      int saved = errno;
      g_set_error (error, DF_ERROR, DF_ERROR_IO,
                   _("Could not back up the database to “%s”: %s"), dest, g_strerror (saved));
      g_unlink (tmp);
      return FALSE;
    }

  return TRUE;
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

/* Creates the file with mode 0600 before SQLite does, so the prose is
 * never readable by other users, whatever the umask. */
static gboolean
ensure_file (const char  *path,
             gboolean    *created,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  *created = FALSE;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, DF_ERROR, DF_ERROR_IO,
                   _("Could not create the folder “%s” for the database: %s"),
                   dir, g_strerror (saved));
      return FALSE;
    }

  fd = g_open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0)
    {
      *created = TRUE;
      close (fd);
      return TRUE;
    }

  if (errno != EEXIST)
    {
      int saved = errno;
      g_set_error (error, DF_ERROR, DF_ERROR_IO,
                   _("Could not create the database “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }

  if (g_access (path, R_OK | W_OK) != 0)
    {
      int saved = errno;
      g_set_error (error, DF_ERROR, DF_ERROR_IO,
                   _("Could not open the database “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}

/* Opens the connection with its settings: extended result codes, the
 * df_find() SQL function, a 5 s busy timeout. */
static gboolean
open_connection (DfStore  *self,
                 GError  **error)
{
  int rc = sqlite3_open_v2 (self->path, &self->db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);

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
  return TRUE;
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
      int primary = rc & 0xff;
      g_set_error (error, DF_ERROR,
                   (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) ? DF_ERROR_CORRUPT : DF_ERROR_DATABASE,
                   _("“%s” is not a DraftForge database or is damaged (%s). "
                     "It was left as it is; open its backup or choose another file."),
                   self->path, sqlite3_errstr (rc));
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

/* Sets the durability pragmas, then brings the schema up to date; an
 * existing database is copied to PATH.bak before it is migrated. */
static gboolean
prepare_schema (DfStore  *self,
                GError  **error)
{
  int version = self->schema_version_at_open;

  if (!df_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !df_store_exec (self, "PRAGMA synchronous = FULL", error) ||
      !df_store_exec (self, "PRAGMA foreign_keys = ON", error))
    return FALSE;

  if (version > 0 && version < DF_STORE_SCHEMA_VERSION)
    {
      if (!df_store_backup (self, self->backup_path, error))
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
 * refused and left untouched.  Before a migration of an existing database
 * a copy is kept as `PATH.bak`.
 */
DfStore *
df_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(DfStore) self = NULL;
  gboolean created = FALSE;

  g_return_val_if_fail (path != NULL, NULL);

  if (!ensure_file (path, &created, error))
    return NULL;

  self = g_object_new (DF_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->backup_path = g_strconcat (path, ".bak", NULL);

  if (!open_connection (self, error) ||
      !check_schema_version (self, created, error) ||
      !prepare_schema (self, error))
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
