/* df-backup.h: the database's backups, their generations and restoring one
 *
 * Beside the database PATH (say draftforge.db) live:
 *
 *   draftforge-backups/2026-12-04T10-00-00.db   a copy made at a start-up
 *                                               (local time; -2, -3...
 *                                               when two share a second)
 *   draftforge.db.bak                           the copy made before the
 *                                               last schema upgrade
 *
 * A start-up copy is made only of a database that passes PRAGMA
 * integrity_check (quick_check's checks and the indexes), and the
 * folder keeps the last three start-ups and the newest copy of each of
 * the last seven days; older ones are removed.
 * Each copy is one SQLite file (no journal), mode 0600.
 *
 * Everything here reads or copies whole files: call it off the main
 * thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "df-store.h"

G_BEGIN_DECLS

typedef enum
{
  DF_BACKUP_STARTUP,          /* in the backups folder, made at a start-up */
  DF_BACKUP_BEFORE_UPGRADE,   /* PATH.bak */
} DfBackupKind;

typedef struct
{
  char         *path;
  DfBackupKind  kind;
  GDateTime    *made;        /* when it was made, local time */
  gint64        size;        /* bytes */
  gboolean      checked;     /* df_backup_list was asked to check it */
  char         *problem;     /* why it cannot be restored; NULL: good, or not checked */
} DfBackup;

void       df_backup_free       (DfBackup      *backup);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfBackup, df_backup_free)

/* The folder of start-up backups of @db_path: draftforge.db's is
 * draftforge-backups beside it. */
char      *df_backup_get_dir    (const char    *db_path);

/* Every backup of @db_path (DfBackup), newest first.  With @check, each
 * is checked (df_backup_check): the good ones first, newest first, then
 * those that cannot be restored, with their problem. */
GPtrArray *df_backup_list       (const char    *db_path,
                                 gboolean       check,
                                 GCancellable  *cancellable,
                                 GError       **error);

/* Is @path a DraftForge database this version can open, that passes
 * PRAGMA integrity_check?  Read as it is, nothing written. */
gboolean   df_backup_check      (const char    *path,
                                 GError       **error);

/* The start-up backup of @store, made at @now (NULL: now): refused with
 * DF_ERROR_CORRUPT, and no copy made, when the database fails
 * df_store_check; then the older ones are pruned. */
DfBackup  *df_backup_make       (DfStore       *store,
                                 GDateTime     *now,
                                 GError       **error);

/* Removes the start-up backups of @db_path that the generations (the
 * last three, the newest of each of the seven days up to @now) no
 * longer keep, and copies a crash left half-written. */
gboolean   df_backup_prune      (const char    *db_path,
                                 GDateTime     *now,
                                 GError       **error);

/* Puts the backup @backup_path in the place of @db_path, which no
 * connection of this process may hold: the backup is checked and
 * copied first, then the database (and its journal) is moved aside as
 * PATH.unreadable-N (its name in @aside_out, NULL when there was none),
 * then the copy takes its place.  Refused while another process has the
 * database open.  On failure nothing was moved. */
gboolean   df_backup_restore    (const char    *db_path,
                                 const char    *backup_path,
                                 char         **aside_out,
                                 GError       **error);

G_END_DECLS
