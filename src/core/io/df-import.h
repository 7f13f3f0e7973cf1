/* df-import.h: bringing manuscripts in, and the project folder format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "df-model.h"

G_BEGIN_DECLS

typedef enum
{
  DF_IMPORT_AUTO,          /* decide from what PATH is */
  DF_IMPORT_PLAIN_TEXT,    /* one .txt manuscript with chapter headings */
  DF_IMPORT_MARKDOWN_FILE, /* one .md file, split at level-1/2 headings */
  DF_IMPORT_MARKDOWN_DIR,  /* a folder of .md files, ordered by name */
  DF_IMPORT_MDBOOK,        /* a folder with SUMMARY.md */
  DF_IMPORT_PROJECT_DIR,   /* the project folder format (project.json) */
} DfImportFormat;

/* Called now and then with the fraction done (0..1); may be NULL. */
typedef void (*DfImportProgress) (double fraction, gpointer user_data);

/* Imports @path as a new project, in one transaction: on failure nothing
 * is left behind and @error names the file and what is wrong.  @title
 * overrides the title found in the source (may be NULL).  Returns the new
 * project (with its slug). */
DfProject *df_import (DfStore          *store,
                      const char       *path,
                      DfImportFormat    format,
                      const char       *title,
                      DfImportProgress  progress,
                      gpointer          progress_data,
                      GCancellable     *cancellable,
                      GError          **error);

/* Lower-level: split a plain-text manuscript into parts and chapters,
 * exposed for tests and benchmarks. */
typedef struct
{
  char *title;              /* the heading line as written; NULL for
                               a text without any heading */
  int   part_index;         /* index into parts, -1 for none */
  char *content_md;
} DfTextChapter;

typedef struct
{
  GPtrArray *parts;         /* char* titles */
  GPtrArray *chapters;      /* DfTextChapter* */
} DfTextBook;

void        df_text_book_free   (DfTextBook *book);
DfTextBook *df_text_book_split  (const char *text,
                                 gsize       len);

/* Writes the project as a folder (see docs/folder-format.md).  @dir is
 * created if needed and must be empty or an earlier export of the same
 * project (files DraftForge did not write are never deleted). */
gboolean    df_export_folder    (DfStore      *store,
                                 gint64        project_id,
                                 const char   *dir,
                                 GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfTextBook, df_text_book_free)

G_END_DECLS
