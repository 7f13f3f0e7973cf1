/* df-book.h: a whole project read at once, for exporters and plugins
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined (__DRAFTFORGE_PLUGIN_H_INSIDE__) && !defined (DRAFTFORGE_COMPILATION)
# error "Only <draftforge-plugin.h> can be included directly."
#endif

#include "df-extern.h"

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
  /*< private >*/
  DfStore   *store;          /* where the book was read from */
  DfProfile *reader;         /* each text as this profile reads it, or NULL */
  gboolean   lazy;           /* the texts read as they are needed */
} DfBook;

DF_EXTERN
void    df_book_free  (DfBook      *book);
/* Loads the project @project_id with the content of every chapter.
 * @part_numbers: NULL for the whole book, or the part numbers (1-based) to
 * include, ending with 0; chapters outside any part are always included. */
DF_EXTERN
DfBook *df_book_load  (DfStore      *store,
                       gint64        project_id,
                       const gint64 *part_numbers,
                       GError      **error);
/* The same without the chapters' texts (content_md NULL until
 * df_book_chapter_text reads one): an exporter that needs one chapter at
 * a time holds one chapter's text at a time, whatever the book's size.
 * @store must outlive the book. */
DF_EXTERN
DfBook *df_book_load_lazily (DfStore      *store,
                             gint64        project_id,
                             const gint64 *part_numbers,
                             GError      **error);
/* @chapter's Markdown (as @book's reader reads it, when it has one):
 * read from the database if the book was loaded lazily and it is not
 * there yet; owned by the chapter.  NULL with @error if it could not be
 * read. */
DF_EXTERN
const char *df_book_chapter_text    (DfBook       *book,
                                     DfChapter    *chapter,
                                     GError      **error);
/* Reads the text of every chapter of a lazily loaded @book that does
 * not have it yet, in one pass over the database (as its reader reads
 * it): for a plugin that wants the whole book at once, faster than a
 * query per chapter. */
DF_EXTERN
gboolean    df_book_read_texts      (DfBook       *book,
                                     GError      **error);
/* Lets @chapter's text go again when the book reads texts as needed
 * (nothing otherwise). */
DF_EXTERN
void        df_book_chapter_release (DfBook       *book,
                                     DfChapter    *chapter);
/* Each text from now on as @reader (taken) reads it: the author's level
 * blocks chosen for them (df_personalize_offline).  Texts already read
 * are rewritten now. */
DF_EXTERN
gboolean    df_book_set_reader      (DfBook       *book,
                                     DfProfile    *reader,
                                     GError      **error);

/* The image @path as referenced in a chapter, from the project's assets;
 * NULL with DF_ERROR_NOT_FOUND when the project has no such image. */
DF_EXTERN
GBytes *df_book_get_asset (DfStore     *store,
                           DfBook      *book,
                           const char  *path,
                           char       **mime_type,
                           GError     **error);

/* The info string of the fenced block an import puts where an mdBook
 * listing could not be found ("Listing not found: PATH"); the reader and
 * the exporters set it apart as a warning. */
#define DF_MDBOOK_MISSING_CLASS "listing-not-found"

/* What a reader sees of a fenced code block whose info string is @info:
 * in a Rust block (info "rust", "rust,ignore"…), mdBook's hidden lines
 * ("# " or "#" alone, after any indentation) are left out and "##" shows
 * as "#", as mdBook's book does; other blocks are as written.  Returns a
 * new string. */
DF_EXTERN
char   *df_book_code_shown (const char  *info,
                            const char  *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfBook, df_book_free)

G_END_DECLS
