/* df-store-files-private.h: the database's files, before SQLite opens them
 *
 * Whether DraftForge may read, write or create the database and its
 * folder; which databases this process has open; a journal (-wal) that
 * holds saves SQLite would not replay, kept aside before it is lost; and
 * the file helpers the store and the backups share (a file created for
 * its owner only, a private copy).  Internal to the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  DF_STORE_ACCESS_READ_WRITE,
  DF_STORE_ACCESS_READ_ONLY_FILE,     /* the file cannot be written */
  DF_STORE_ACCESS_READ_ONLY_FOLDER,   /* its folder cannot be written */
} DfStoreAccess;

/* Creates the database (mode 0600, its folder 0700) when it is missing,
 * and says how it may be used.  DF_ERROR_PERMISSION when it may not be
 * read, or created; DF_ERROR_IO for anything else. */
gboolean  _df_store_files_prepare      (const char     *path,
                                        gboolean       *created,
                                        DfStoreAccess  *access,
                                        GError        **error);
/* What a user reads about a read-only database: which place cannot be
 * written, and what to check. */
char     *_df_store_files_read_only_reason (const char    *path,
                                            DfStoreAccess  access);
/* Does a connection of another process have @path open (it holds the
 * wal-index's lock)?  Only to be asked while this process has no
 * connection to it: see _df_store_files_in_use. */
gboolean  _df_store_files_open_elsewhere (const char   *path);
/* Does another process have @path open?  FALSE when this process does
 * (its own code knows what it has open). */
gboolean  _df_store_files_in_use       (const char     *path);

/* Counts @path among this process's open databases (by file identity:
 * release it with the key returned) and, when no connection had it open,
 * here (@live FALSE) or in another process, looks at its journal before
 * SQLite replays it: when the journal holds saves that will not be
 * replayed, copies it (and its index) beside the database, or leaves it
 * as it is when @can_write is FALSE, and sets @warning to what to tell
 * the user.  NULL (nothing changed) when the copy could not be made. */
char     *_df_store_files_acquire      (const char     *path,
                                        gboolean        can_write,
                                        gboolean       *live,
                                        char          **warning,
                                        GError        **error);
void      _df_store_files_release      (const char     *key);
/* Makes SQLite take its locks as open-file-description locks, which a
 * close of another descriptor of the same file does not drop (see
 * df-store-files.c); before the process's first connection. */
void      _df_store_files_use_ofd_locks (void);

/* Creates @path for its owner only (O_CREAT | O_EXCL, mode 0600); the
 * open descriptor, or -1 with @error set. */
int       _df_store_files_create_private (const char   *path,
                                          GError      **error);
/* Copies @from to @to, a new file created with mode 0600, and flushes
 * it to the disk. */
gboolean  _df_store_files_copy_private (const char     *from,
                                        const char     *to,
                                        GError        **error);
/* Flushes the folder holding @path, so a rename in it is on the disk. */
void      _df_store_files_sync_folder  (const char     *path);
/* @base, or @base-2, @base-3... : the first that does not exist. */
char     *_df_store_files_unused_path  (const char     *base,
                                        const char     *suffix);

/* The folder of the start-up backups of the database at @db_path
 * (df_backup_get_dir). */
char     *_df_store_files_backup_dir   (const char     *db_path);

/* Whether the disk holding @path has less room than SQLite needs to open
 * and write a database (the journal's index alone is 32 KiB): under
 * 1 MiB.  What is left in @free_bytes (may be NULL).  FALSE when the
 * folder's disk cannot be asked. */
gboolean  _df_store_files_disk_full    (const char     *path,
                                        guint64        *free_bytes);

G_END_DECLS
