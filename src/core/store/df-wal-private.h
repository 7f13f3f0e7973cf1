/* df-wal-private.h: what a write-ahead log holds, read before opening
 *
 * SQLite replays a WAL on open up to the last commit whose frames all
 * have valid checksums, and forgets the rest.  This reader validates the
 * checksums the same way (https://www.sqlite.org/fileformat2.html#walformat)
 * and compares with what the wal-index (-shm) says was committed, so the
 * store can tell, before SQLite forgets it, that a damaged log holds saves
 * that will not be replayed.  It reads; it never writes or repairs.
 *
 * Internal to the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  /* The page size the frames were read with (the log's own, or the
   * database's when the log's header is unreadable); 0: no frames. */
  guint32  page_size;
  /* The log's header is valid: the frames after it can be checked. */
  gboolean header_valid;
  /* What SQLite replays: the frames up to the last valid commit, and the
   * commits among them. */
  guint    n_frames;
  guint    n_commits;
  /* Frames committed according to the wal-index (-shm), when it belongs
   * to this log and is intact; 0 when it cannot tell. */
  guint    n_committed_frames;
  /* Commit frames found after the first unreadable frame (a lower bound
   * of the saves lost: a cut log holds none of them). */
  guint    n_lost_commits;
  /* Something that was committed will not be replayed. */
  gboolean unreplayed;
} DfWalReport;

/* Reads the log at @wal_path and, when it exists, the wal-index at
 * @shm_path (NULL: none).  @db_page_size is the database's page size, for
 * a log whose header is damaged or cut.  A missing log is a report of
 * nothing; so is a log with fewer whole frames than its header (even an
 * empty one) unless the index says frames were committed.  FALSE only
 * when the log cannot be read at all. */
gboolean _df_wal_inspect (const char   *wal_path,
                          const char   *shm_path,
                          guint32       db_page_size,
                          DfWalReport  *report,
                          GError      **error);

G_END_DECLS
