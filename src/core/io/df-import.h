/* df-import.h: bringing manuscripts in, and the project folder format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined (__DRAFTFORGE_PLUGIN_H_INSIDE__) && !defined (DRAFTFORGE_COMPILATION)
# error "Only <draftforge-plugin.h> can be included directly."
#endif

#include "df-extern.h"

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
  DF_IMPORT_DOCX,          /* a Word document (.docx), split at its headings */
  DF_IMPORT_NOVELWRITER,   /* a novelWriter project folder (nwProject.nwx) */
  DF_IMPORT_ODT,           /* an OpenDocument text (.odt), split at its headings */
} DfImportFormat;

/* Called now and then with the fraction done (0..1); may be NULL. */
typedef void (*DfImportProgress) (double fraction, gpointer user_data);

/* Whether hard-wrapped lines are joined into flowing paragraphs (only the
 * chapter text stored changes, never a file read). */
typedef enum
{
  DF_IMPORT_UNWRAP_DEFAULT,  /* as df_import_unwraps_by_default says */
  DF_IMPORT_UNWRAP_YES,
  DF_IMPORT_UNWRAP_NO,
} DfImportUnwrap;

typedef struct
{
  DfImportUnwrap unwrap;
} DfImportOptions;

/* An mdBook {{#include}} whose file could not be read (missing, or
 * outside the book's folder): the chapter shows "Listing not found: PATH"
 * in its place. */
typedef struct
{
  char  *file;   /* the file the directive is in, relative to the folder
                    imported */
  guint  line;   /* its line in that file, from 1 */
  char  *path;   /* the file the directive names, as written */
} DfImportMissingInclude;

/* What an import made, and what it had to change in what it read. */
typedef struct
{
  DfProject *project;
  GArray    *shortened_chapters;  /* gint64: the numbers of the chapters
                                     whose titles were cut to 200
                                     characters, in order */
  GArray    *shortened_parts;     /* gint64: the same for parts */
  gboolean   shortened_title;     /* the project's title was cut */
  gboolean   unwrapped;           /* paragraphs were unwrapped */
  guint      n_includes;          /* mdBook {{#include}}s resolved */
  GPtrArray *missing_includes;    /* DfImportMissingInclude*: those that
                                     could not be, in book order */
  gboolean   gutenberg;           /* a Project Gutenberg text: its header
                                     and licence were left out */
  guint      pictures_left_out;   /* a Word or OpenDocument file's pictures
                                     and text boxes, which were not
                                     imported */
  guint      documents_left_out;  /* a novelWriter project's documents
                                     that were not imported (its archive,
                                     trash, templates, the novel's notes,
                                     those left out of the manuscript) */
} DfImportResult;

DF_EXTERN
void            df_import_result_free        (DfImportResult       *result);
/* For people, translated, one line per change: "3 titles were longer
 * than 200 characters and were shortened: chapters 4, 9, 12", or what
 * could not be included.  NULL when the import kept everything as it
 * was. */
DF_EXTERN
char           *df_import_result_dup_summary (const DfImportResult *result);

/* Imports @path as a new project: all or nothing.  A long import commits
 * in batches, yet its project is shown only by the last one; on failure
 * nothing is left behind and @error names the file and what is wrong.
 * @title overrides the title found in the source (may be NULL).  Returns
 * the new project (with its slug) and what the import had to change. */
DF_EXTERN
DfImportResult *df_import_run (DfStore          *store,
                               const char       *path,
                               DfImportFormat    format,
                               const char       *title,
                               DfImportProgress  progress,
                               gpointer          progress_data,
                               GCancellable     *cancellable,
                               GError          **error);
/* The same with @options (NULL: the defaults). */
DF_EXTERN
DfImportResult *df_import_run_full (DfStore               *store,
                                    const char            *path,
                                    DfImportFormat         format,
                                    const char            *title,
                                    const DfImportOptions *options,
                                    DfImportProgress       progress,
                                    gpointer               progress_data,
                                    GCancellable          *cancellable,
                                    GError               **error);
/* What @path is, as DF_IMPORT_AUTO decides it. */
DF_EXTERN
DfImportFormat  df_import_detect_format      (const char     *path);
/* Whether importing @path as @format (DF_IMPORT_AUTO: as detected)
 * unwraps by default: yes for a plain-text manuscript, no for Markdown,
 * an mdBook or a project folder. */
DF_EXTERN
gboolean        df_import_unwraps_by_default (const char     *path,
                                              DfImportFormat  format);
/* The same, returning only the project. */
DF_EXTERN
DfProject      *df_import     (DfStore          *store,
                               const char       *path,
                               DfImportFormat    format,
                               const char       *title,
                               DfImportProgress  progress,
                               gpointer          progress_data,
                               GCancellable     *cancellable,
                               GError          **error);

/* Call at start-up.  Removes the projects of imports whose process is
 * gone (killed or crashed before the import ended): they were never
 * shown.  Imports running in another process are left alone.
 * @n_removed (may be NULL) receives the number removed. */
DF_EXTERN
gboolean        df_import_recover_interrupted (DfStore  *store,
                                               guint    *n_removed,
                                               GError  **error);

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

DF_EXTERN
void        df_text_book_free   (DfTextBook *book);
DF_EXTERN
DfTextBook *df_text_book_split  (const char *text,
                                 gsize       len);

/* Writes the project as a folder (see docs/folder-format.md).  @dir is
 * created if needed and must be empty or an earlier export of the same
 * project (files DraftForge did not write are never deleted). */
DF_EXTERN
gboolean    df_export_folder    (DfStore      *store,
                                 gint64        project_id,
                                 const char   *dir,
                                 GError      **error);

/* One file of the folder df_export_folder would write, in memory.  A
 * chapter's file comes with its id and content_hash and without its text
 * (@data NULL: read it with df_chapter_get when it is needed, so that a
 * caller keeping files by hash reads only the chapters that changed);
 * the images and project.json come with their bytes. */
typedef struct
{
  const char *path;           /* relative to the folder */
  gint64      chapter_id;     /* 0: not a chapter */
  const char *content_hash;   /* a chapter's SHA-256, or NULL */
  const char *data;
  gsize       len;
} DfFolderFile;

typedef gboolean (*DfFolderFileFunc) (const DfFolderFile  *file,
                                      gpointer             user_data,
                                      GError             **error);

/* Calls @func for each file of the project's folder, chapters first, in
 * book order, then the images, project.json last; writes nothing.  Stops
 * at the first FALSE @func returns. */
DF_EXTERN
gboolean    df_folder_snapshot  (DfStore           *store,
                                 gint64             project_id,
                                 DfFolderFileFunc   func,
                                 gpointer           user_data,
                                 GError           **error);

/* Merges into the project's codex the codex of another copy of its
 * folder: @theirs and @base (what both copies had when they parted) map
 * a file's path ("codex/mara.md") to its text.  Three ways, per entry
 * (by name), per field, alias, tag, relation and progression: what their
 * side added is added, what it removed and this side did not touch is
 * removed, what only it changed takes its value.  What both sides
 * changed keeps this side's, and theirs is written at the end of the
 * entry's notes under @from_label ("from Ann, 2026-12-04 10:20"), said
 * in @notices (char*, may be NULL); so is an entry removed on their side
 * and changed on this one, which stays. */
DF_EXTERN
gboolean    df_folder_merge_codex (DfStore           *store,
                                   gint64             project_id,
                                   GHashTable        *base,
                                   GHashTable        *theirs,
                                   const char        *from_label,
                                   GPtrArray         *notices,
                                   GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfTextBook, df_text_book_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfImportResult, df_import_result_free)

G_END_DECLS
