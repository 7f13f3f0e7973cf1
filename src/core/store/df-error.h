/* df-error.h: the core's error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined (__DRAFTFORGE_PLUGIN_H_INSIDE__) && !defined (DRAFTFORGE_COMPILATION)
# error "Only <draftforge-plugin.h> can be included directly."
#endif

#include "df-extern.h"

#include <glib.h>

G_BEGIN_DECLS

#define DF_ERROR (df_error_quark ())

/**
 * DfError:
 * @DF_ERROR_FAILED: anything not covered below
 * @DF_ERROR_INVALID: a value failed validation (the message names the field
 *   and the allowed values)
 * @DF_ERROR_NOT_FOUND: no such project, part, chapter, profile...
 * @DF_ERROR_EXISTS: the thing already exists (a duplicate name)
 * @DF_ERROR_DATABASE: SQLite reported an error
 * @DF_ERROR_CORRUPT: the database file is not a database, or is damaged
 * @DF_ERROR_TOO_NEW: the database was written by a newer DraftForge
 * @DF_ERROR_IMPORT: a file to import is unusable (binary, bad UTF-8, empty...)
 * @DF_ERROR_IO: reading or writing a file failed
 * @DF_ERROR_BUSY: another connection held the database's write lock for
 *   longer than the busy timeout; nothing was written, and trying again
 *   later may succeed
 * @DF_ERROR_READ_ONLY: the database can be read but not written (its
 *   folder or the file is read-only); the message names which, and what
 *   to check
 * @DF_ERROR_PERMISSION: DraftForge may not read the database, open its
 *   folder, or create it there; or a plugin tried what its manifest's
 *   Permissions= did not ask for
 * @DF_ERROR_NO_SPACE: the disk holding the database (or a file being
 *   written) is full; nothing saved before was lost
 */
typedef enum
{
  DF_ERROR_FAILED,
  DF_ERROR_INVALID,
  DF_ERROR_NOT_FOUND,
  DF_ERROR_EXISTS,
  DF_ERROR_DATABASE,
  DF_ERROR_CORRUPT,
  DF_ERROR_TOO_NEW,
  DF_ERROR_IMPORT,
  DF_ERROR_IO,
  DF_ERROR_BUSY,
  DF_ERROR_READ_ONLY,
  DF_ERROR_PERMISSION,
  DF_ERROR_NO_SPACE,
} DfError;

DF_EXTERN
GQuark df_error_quark (void);

G_END_DECLS
