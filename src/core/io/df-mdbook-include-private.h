/* df-mdbook-include-private.h: mdBook's {{#include}} at import
 *
 * An mdBook chapter can pull code from other files:
 * {{#include file.rs}}, {{#include file.rs:2:10}}, {{#include
 * file.rs:anchor}}, {{#rustdoc_include file.rs:anchor}} and
 * {{#playground file.rs editable}}.  The importer resolves them as mdBook
 * does, against the chapter's folder, so the chapter keeps the included
 * text.  A file that is not there (or lies outside the book's folder) is
 * recorded, and the directive becomes a "Listing not found: PATH" box,
 * a fenced block of the class DF_MDBOOK_MISSING_CLASS (df-book.h).
 * Internal to the io area (and the tests).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "df-book.h"
#include "df-import.h"

G_BEGIN_DECLS

typedef struct _DfMdbookIncludes DfMdbookIncludes;

/* Includes may read files inside @book_dir; the files are named
 * relative to @src_dir, the folder imported (both absolute and
 * symlink-free). */
DfMdbookIncludes *_df_mdbook_includes_new      (const char       *book_dir,
                                                const char       *src_dir);
void              _df_mdbook_includes_free     (DfMdbookIncludes *includes);

/* @text with its directives resolved: @dir is the absolute folder of the
 * file @text comes from, @file its path relative to the book folder (for
 * what is recorded about the directives that could not be resolved). */
char             *_df_mdbook_includes_resolve  (DfMdbookIncludes *includes,
                                                const char       *text,
                                                const char       *dir,
                                                const char       *file);

/* How many directives were resolved so far. */
guint             _df_mdbook_includes_n_resolved (DfMdbookIncludes *includes);
/* The DfImportMissingInclude records of those that were not, in order
 * (the array stays owned by @includes). */
GPtrArray        *_df_mdbook_includes_missing  (DfMdbookIncludes *includes);

/* The folder includes may read from for the book whose SUMMARY.md is in
 * @src_dir (absolute): the folder above it when @src_dir is mdBook's
 * "src" or the folder above has a book.toml, else @src_dir itself. */
char             *_df_mdbook_book_dir          (const char       *src_dir);

/* mdBook's line selection, for the tests: @spec is what follows the
 * path's first ':' ("2", "2:10", "2:", ":10", "anchor", or NULL). */
char             *_df_mdbook_take_lines        (const char       *file_text,
                                                const char       *spec,
                                                gboolean          rustdoc);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfMdbookIncludes, _df_mdbook_includes_free)

G_END_DECLS
