/* df-wal.c: what a write-ahead log holds, read before opening
 *
 * The layout, from https://www.sqlite.org/fileformat2.html#walformat:
 *
 *   header (32 bytes, big-endian): magic 0x377f0682 or 0x377f0683 (the
 *     low bit: checksums over big-endian words), format 3007000, page
 *     size, checkpoint sequence, salt-1, salt-2, checksum of the first
 *     24 bytes;
 *   frames: a 24-byte header (page number, database size after commit,
 *     non-zero only in a commit frame; salt-1, salt-2; checksum) and the
 *     page.  The checksum runs on from the one before it, over the first
 *     8 bytes of the frame header and the page.
 *
 * A frame is valid when its salts are the header's and its checksum
 * matches; SQLite replays every valid frame up to the last commit before
 * the first invalid one.  The wal-index (-shm, in the machine's byte
 * order) keeps two copies of a header whose mxFrame is the last committed
 * frame: after a crash it tells what had been committed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "df-error.h"
#include "df-wal-private.h"

#define WAL_HEADER_SIZE       32
#define WAL_FRAME_HEADER_SIZE 24
#define WAL_MAGIC             0x377f0682
#define WAL_FORMAT            3007000

/* The wal-index header: two identical copies of 48 bytes. */
#define SHM_HEADER_SIZE       48
#define SHM_OFFSET_INIT       12
#define SHM_OFFSET_PAGE_SIZE  14
#define SHM_OFFSET_MX_FRAME   16
#define SHM_OFFSET_SALT       32
#define SHM_OFFSET_CHECKSUM   40

typedef struct
{
  FILE     *file;
  guint8    header[WAL_HEADER_SIZE];
  gboolean  header_valid;
  gboolean  big_endian;     /* the checksums' word order */
  guint32   page_size;
  guint32   checksum[2];    /* running, from the header's */
  guint8   *frame;          /* one frame: its header and page */
  gsize     frame_size;
  guint     n_complete;     /* whole frames in the file */
} WalFile;

static guint32
get_be32 (const guint8 *p)
{
  return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3];
}

static guint32
get_word (const guint8 *p,
          gboolean      big_endian)
{
  guint32 word;

  if (big_endian)
    return get_be32 (p);
  memcpy (&word, p, 4);
  return GUINT32_FROM_LE (word);
}

/* SQLite's walChecksumBytes: @len is a multiple of 8. */
static void
checksum_bytes (const guint8 *data,
                gsize         len,
                gboolean      big_endian,
                guint32       sum[2])
{
  for (gsize i = 0; i + 8 <= len; i += 8)
    {
      sum[0] += get_word (data + i, big_endian) + sum[1];
      sum[1] += get_word (data + i + 4, big_endian) + sum[0];
    }
}

static gboolean
page_size_is_valid (guint32 size)
{
  return size >= 512 && size <= 65536 && (size & (size - 1)) == 0;
}

/* Reads the header; FALSE when it is not one SQLite would accept. */
static gboolean
read_header (WalFile *wal)
{
  guint32 magic = get_be32 (wal->header);
  guint32 sum[2] = { 0, 0 };

  wal->page_size = get_be32 (wal->header + 8);
  wal->big_endian = (magic & 1) != 0;

  if ((magic & ~1u) != WAL_MAGIC ||
      get_be32 (wal->header + 4) != WAL_FORMAT ||
      !page_size_is_valid (wal->page_size))
    return FALSE;

  checksum_bytes (wal->header, 24, wal->big_endian, sum);
  if (sum[0] != get_be32 (wal->header + 24) || sum[1] != get_be32 (wal->header + 28))
    return FALSE;

  wal->checksum[0] = sum[0];
  wal->checksum[1] = sum[1];
  return TRUE;
}

/* Reads frame @index (0-based) into wal->frame. */
static gboolean
read_frame (WalFile *wal,
            guint    index)
{
  long offset = WAL_HEADER_SIZE + (long)index * (long)wal->frame_size;

  return fseek (wal->file, offset, SEEK_SET) == 0 &&
         fread (wal->frame, 1, wal->frame_size, wal->file) == wal->frame_size;
}

static gboolean
frame_salts_match (WalFile      *wal,
                   const guint8 *salts)
{
  return memcmp (wal->frame + 8, salts, 8) == 0;
}

static gboolean
frame_is_commit (WalFile *wal)
{
  return get_be32 (wal->frame + 4) != 0;
}

/* SQLite's walDecodeFrame: the salts, a page number, and the checksum
 * that runs on from the frame before. */
static gboolean
frame_is_valid (WalFile *wal)
{
  if (!frame_salts_match (wal, wal->header + 16) || get_be32 (wal->frame) == 0)
    return FALSE;

  checksum_bytes (wal->frame, 8, wal->big_endian, wal->checksum);
  checksum_bytes (wal->frame + WAL_FRAME_HEADER_SIZE, wal->page_size, wal->big_endian, wal->checksum);
  return wal->checksum[0] == get_be32 (wal->frame + 16) &&
         wal->checksum[1] == get_be32 (wal->frame + 20);
}

/* What SQLite's recovery replays; returns the index of the first frame
 * that is not valid (n_complete when all are). */
static guint
scan_frames (WalFile     *wal,
             DfWalReport *report)
{
  for (guint i = 0; i < wal->n_complete; i++)
    {
      if (!read_frame (wal, i) || !frame_is_valid (wal))
        return i;
      if (frame_is_commit (wal))
        {
          report->n_frames = i + 1;
          report->n_commits++;
        }
    }

  return wal->n_complete;
}

/* Commit frames of this log (their salts are @salts) from frame @from on. */
static guint
count_commits_from (WalFile      *wal,
                    guint         from,
                    const guint8 *salts)
{
  guint n = 0;

  for (guint i = from; i < wal->n_complete; i++)
    if (read_frame (wal, i) && frame_salts_match (wal, salts) && frame_is_commit (wal))
      n++;

  return n;
}

/* The wal-index header, when both copies agree and its checksum holds. */
static gboolean
read_shm_header (const char *shm_path,
                 guint8      header[SHM_HEADER_SIZE])
{
  guint8 both[2 * SHM_HEADER_SIZE];
  guint32 sum[2] = { 0, 0 };
  guint32 stored[2];
  guint32 version;
  FILE *file;
  gsize got;

  if (shm_path == NULL || (file = g_fopen (shm_path, "rbe")) == NULL)
    return FALSE;
  got = fread (both, 1, sizeof both, file);
  fclose (file);
  if (got != sizeof both || memcmp (both, both + SHM_HEADER_SIZE, SHM_HEADER_SIZE) != 0)
    return FALSE;

  memcpy (header, both, SHM_HEADER_SIZE);
  memcpy (&version, header, 4);
  memcpy (stored, header + SHM_OFFSET_CHECKSUM, 8);
  checksum_bytes (header, SHM_OFFSET_CHECKSUM, G_BYTE_ORDER == G_BIG_ENDIAN, sum);
  return version == WAL_FORMAT && header[SHM_OFFSET_INIT] == 1 &&
         sum[0] == stored[0] && sum[1] == stored[1];
}

/* The last committed frame according to the wal-index, when the index
 * is of this log (same salts, same page size; @salts NULL: a log with
 * neither a header nor a whole frame, whose salts cannot be known); 0
 * otherwise. */
static guint
committed_frames (WalFile      *wal,
                  const char   *shm_path,
                  const guint8 *salts)
{
  guint8 header[SHM_HEADER_SIZE];
  guint16 page_size;
  guint32 mx_frame;

  if (!read_shm_header (shm_path, header) ||
      (salts != NULL && memcmp (header + SHM_OFFSET_SALT, salts, 8) != 0))
    return 0;

  memcpy (&page_size, header + SHM_OFFSET_PAGE_SIZE, 2);
  memcpy (&mx_frame, header + SHM_OFFSET_MX_FRAME, 4);
  if ((page_size == 1 ? 65536u : page_size) != wal->page_size)
    return 0;

  return mx_frame;
}

/* The salts the frames of this log carry: the header's, or when the
 * header is damaged (or cut) those of the first frame (NULL: no whole
 * frame either); with the first frame's page number in @first_page (0:
 * none). */
static const guint8 *
log_salts (WalFile *wal,
           guint8   salts[8],
           guint32 *first_page)
{
  gboolean have_frame = wal->n_complete > 0 && read_frame (wal, 0);

  *first_page = have_frame ? get_be32 (wal->frame) : 0;
  if (wal->header_valid)
    return wal->header + 16;
  if (!have_frame)
    return NULL;
  memcpy (salts, wal->frame + 8, 8);
  return salts;
}

static void
inspect_frames (WalFile     *wal,
                const char  *shm_path,
                DfWalReport *report)
{
  guint8 frame_salts[8];
  const guint8 *salts;
  guint32 first_page;
  guint first_invalid = 0;

  if ((salts = log_salts (wal, frame_salts, &first_page)) == NULL)
    {
      /* Neither a header nor a whole frame (a log cut inside its first
       * frame, or inside its header): SQLite replays nothing, so
       * whatever the index says was committed will not come back. */
      report->n_committed_frames = committed_frames (wal, shm_path, NULL);
      report->unreplayed = report->n_committed_frames > 0;
      return;
    }
  if (wal->header_valid)
    first_invalid = scan_frames (wal, report);

  report->n_lost_commits = count_commits_from (wal, first_invalid, salts);
  report->n_committed_frames = committed_frames (wal, shm_path, salts);

  if (report->n_committed_frames > 0)
    /* The wal-index of this log says what was committed. */
    report->unreplayed = report->n_committed_frames > report->n_frames;
  else
    /* Without it, a commit after the frame that cannot be read (or a
     * damaged header before frames) is a save that will not come back;
     * frames that were never committed are not. */
    report->unreplayed = report->n_lost_commits > 0 ||
                         (!wal->header_valid && first_page != 0);
}

gboolean
_df_wal_inspect (const char   *wal_path,
                 const char   *shm_path,
                 guint32       db_page_size,
                 DfWalReport  *report,
                 GError      **error)
{
  WalFile wal = { 0 };
  GStatBuf st;

  g_return_val_if_fail (wal_path != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  memset (report, 0, sizeof *report);

  if (g_stat (wal_path, &st) != 0 || (wal.file = g_fopen (wal_path, "rbe")) == NULL)
    {
      int saved = errno;

      if (saved == ENOENT)
        return TRUE;
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Could not read the journal “%s”: %s"),
                   wal_path, g_strerror (saved));
      return FALSE;
    }

  /* A log shorter than its header (a cut) is still compared with the
   * index, with the database's page size. */
  if (fread (wal.header, 1, WAL_HEADER_SIZE, wal.file) == WAL_HEADER_SIZE)
    wal.header_valid = report->header_valid = read_header (&wal);
  if (!wal.header_valid && !page_size_is_valid (wal.page_size))
    wal.page_size = db_page_size;

  if (page_size_is_valid (wal.page_size))
    {
      report->page_size = wal.page_size;
      wal.frame_size = WAL_FRAME_HEADER_SIZE + wal.page_size;
      if (st.st_size > WAL_HEADER_SIZE)
        wal.n_complete = (st.st_size - WAL_HEADER_SIZE) / wal.frame_size;
      wal.frame = g_malloc (wal.frame_size);
      inspect_frames (&wal, shm_path, report);
      g_free (wal.frame);
    }

  fclose (wal.file);
  return TRUE;
}
