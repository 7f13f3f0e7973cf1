/* df-test-faults.h: faults to put a database through
 *
 * A damaged page, and places DraftForge may not write.  Tests often run
 * as root, whom file permissions do not stop: df_test_faults_init, first
 * thing in main (before any thread starts), takes away from this process
 * and what it runs the capabilities that let root ignore them
 * (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so a read-only folder is
 * read-only for root too.  Built into the test utility library.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "df-model.h"

G_BEGIN_DECLS

/* Call first in main. */
void     df_test_faults_init            (void);
/* TRUE when this process is stopped by a file's permissions; otherwise
 * skips the test (with why) and returns FALSE. */
gboolean df_test_permissions_enforced   (void);

/* Overwrites with garbage the page of the database @db_path (closed, its
 * journal checkpointed) that holds @needle, which must stand once in the
 * file; returns the page's number (1 is the first). */
guint    df_test_damage_page            (const char  *db_path,
                                         const char  *needle);

/* The database @db_path, its journal and its index as they are now
 * (while a connection has them open), copied to @dir/draftforge.db
 * (@dir is made): what a crash would leave.  Returns the copy's path. */
char    *df_test_crash_copy             (const char  *db_path,
                                         const char  *dir);
/* Where the frames of the @n-th transaction (1-based) begin in the
 * journal (-wal) of @db_path: after the commit frame of the one before
 * (a commit frame's header holds the database's size; the others 0). */
gsize    df_test_wal_offset             (const char  *db_path,
                                         guint        n);
/* Flips a bit of the byte at @offset in the file @path. */
void     df_test_flip_byte              (const char  *path,
                                         gsize        offset);

/* Fails the test unless SQLite finds the database of @store intact, and
 * the search index holds exactly the chapters there are. */
void     df_test_assert_intact          (DfStore     *store);

/* Every file in @dir (not below) with its size and SHA-256, one a line,
 * sorted: what must not change. */
char      *df_test_snapshot_dir         (const char  *dir);

/* A book of @n_chapters short chapters (each fits in a page: no overflow)
 * titled @title; chapter i's text holds df_test_book_marker (slug, i)
 * once, to find its page in the file. */
DfProject *df_test_make_book            (DfStore     *store,
                                         const char  *title,
                                         guint        n_chapters);
char      *df_test_book_marker          (const char  *slug,
                                         guint        chapter);

G_END_DECLS
