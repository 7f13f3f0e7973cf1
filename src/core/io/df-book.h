/* df-book.h: a whole project read at once, for exporters and plugins
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "df-model.h"

G_BEGIN_DECLS

typedef struct
{
  DfPart    *part;           /* NULL for chapters outside any part */
  GPtrArray *chapters;       /* DfChapter*, with content, in book order */
} DfBookSection;

typedef struct
{
  DfProject *project;
  GPtrArray *sections;       /* DfBookSection*: runs of chapters by part, in book order */
  GPtrArray *chapters;       /* every DfChapter* included, in book order (not owned twice) */
  char      *author;         /* the active profile's display name, or NULL */
} DfBook;

void    df_book_free  (DfBook      *book);
/* Loads the project @project_id with the content of every chapter.
 * @part_numbers: NULL for the whole book, or the part numbers (1-based) to
 * include, ending with 0; chapters outside any part are always included. */
DfBook *df_book_load  (DfStore      *store,
                       gint64        project_id,
                       const gint64 *part_numbers,
                       GError      **error);
/* The image @path as referenced in a chapter, from the project's assets;
 * NULL with DF_ERROR_NOT_FOUND when the project has no such image. */
GBytes *df_book_get_asset (DfStore     *store,
                           DfBook      *book,
                           const char  *path,
                           char       **mime_type,
                           GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfBook, df_book_free)

G_END_DECLS
