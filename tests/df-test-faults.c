/* df-test-faults.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "df-store-private.h"
#include "df-test-faults.h"
#include "df-test-util.h"

static const int file_powers[] = { CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH };

void
df_test_faults_init (void)
{
  struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct data[2];

  if (geteuid () != 0)
    return;

  /* Out of the bounding set first (that needs CAP_SETPCAP, still held),
   * so that the programs a test runs cannot get them back. */
  for (guint i = 0; i < G_N_ELEMENTS (file_powers); i++)
    if (prctl (PR_CAPBSET_DROP, file_powers[i], 0, 0, 0) != 0)
      g_test_message ("Could not drop capability %d from the bounding set: %s",
                      file_powers[i], g_strerror (errno));
  prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);

  if (syscall (SYS_capget, &header, data) != 0)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (file_powers); i++)
    {
      guint32 bit = 1u << (file_powers[i] % 32);
      guint word = file_powers[i] / 32;

      data[word].effective &= ~bit;
      data[word].permitted &= ~bit;
      data[word].inheritable &= ~bit;
    }
  if (syscall (SYS_capset, &header, data) != 0)
    g_test_message ("Could not drop root's file capabilities: %s", g_strerror (errno));
}

gboolean
df_test_permissions_enforced (void)
{
  g_autofree char *dir = df_test_tmp_dir_new ("perm-probe");
  g_autofree char *path = df_test_write_file (dir, "probe", "", 0);
  int fd;

  g_assert_cmpint (g_chmod (path, 0400), ==, 0);
  fd = g_open (path, O_WRONLY | O_CLOEXEC, 0);
  if (fd >= 0)
    close (fd);
  df_test_remove_tree (dir);

  if (fd >= 0)
    {
      g_test_skip ("File permissions do not stop this process (root, with capabilities it could not drop): "
                   "a read-only place cannot be made here");
      return FALSE;
    }
  return TRUE;
}

guint
df_test_damage_page (const char *db_path,
                     const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *garbage = NULL;
  int fd;
  gsize len, n = strlen (needle), found = 0;
  guint hits = 0;
  guint page_size;

  g_file_get_contents (db_path, &bytes, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 100);
  page_size = ((guint8)bytes[16] << 8) | (guint8)bytes[17];
  page_size = page_size == 1 ? 65536 : page_size;

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (bytes + i, needle, n) == 0)
      {
        found = i;
        hits++;
      }
  g_assert_cmpuint (hits, ==, 1);
  g_assert_cmpuint (found / page_size, >, 0);

  /* In place: the file keeps its mode and identity. */
  garbage = g_malloc (page_size);
  memset (garbage, 0x5a, page_size);
  fd = g_open (db_path, O_WRONLY | O_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, garbage, page_size, (found / page_size) * page_size), ==, page_size);
  close (fd);
  return found / page_size + 1;
}

char *
df_test_crash_copy (const char *db_path,
                    const char *dir)
{
  char *path = g_build_filename (dir, "draftforge.db", NULL);

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  for (guint i = 0; i < 3; i++)
    {
      const char *suffix = (const char *[]) { "", "-wal", "-shm" }[i];
      g_autofree char *from = g_strconcat (db_path, suffix, NULL);
      g_autofree char *to = g_strconcat (path, suffix, NULL);
      g_autofree char *bytes = NULL;
      g_autoptr(GError) error = NULL;
      gsize len;

      bytes = df_test_read_file (from, &len);
      g_file_set_contents (to, bytes, len, &error);
      g_assert_no_error (error);
    }
  return path;
}

static guint32
be32 (const char *p)
{
  const guint8 *u = (const guint8 *) p;

  return ((guint32)u[0] << 24) | ((guint32)u[1] << 16) | ((guint32)u[2] << 8) | u[3];
}

gsize
df_test_wal_offset (const char *db_path,
                    guint       n)
{
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
  g_autofree char *bytes = NULL;
  gsize len, frame, offset = 32;
  guint commits = 0;

  bytes = df_test_read_file (wal, &len);
  frame = 24 + be32 (bytes + 8);
  while (commits + 1 < n)
    {
      g_assert_cmpuint (offset + frame, <=, len);
      if (be32 (bytes + offset + 4) != 0)
        commits++;
      offset += frame;
    }
  return offset;
}

void
df_test_flip_byte (const char *path,
                   gsize       offset)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  gsize len;

  bytes = df_test_read_file (path, &len);
  g_assert_cmpuint (offset, <, len);
  bytes[offset] ^= 0x40;
  g_file_set_contents (path, bytes, len, &error);
  g_assert_no_error (error);
}

void
df_test_assert_intact (DfStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = df_store_prepare (store, "PRAGMA integrity_check", &error);

  g_assert_no_error (error);
  g_assert_true (df_store_step (store, stmt, &error));
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "ok");
  g_assert_false (df_store_step (store, stmt, &error));
  g_assert_no_error (error);
  g_assert_true (df_store_exec (store, "INSERT INTO chapters_fts (chapters_fts) VALUES ('integrity-check')", &error));
  g_assert_no_error (error);
}

char *
df_test_book_marker (const char *slug,
                     guint       chapter)
{
  return g_strdup_printf ("MARK-%s-%03u", slug, chapter);
}

DfProject *
df_test_make_book (DfStore    *store,
                   const char *title,
                   guint       n_chapters)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *filler = g_strnfill (500, 'w');
  DfProjectNew spec = { .title = title };
  DfProject *project = df_project_create (store, &spec, &error);

  g_assert_no_error (error);
  for (guint i = 1; i <= n_chapters; i++)
    {
      g_autofree char *marker = df_test_book_marker (project->slug, i);
      g_autofree char *chapter_title = g_strdup_printf ("Chapter %u", i);
      g_autofree char *text = g_strdup_printf ("# Chapter %u\n\n%s. %s\n", i, marker, filler);
      g_autoptr(DfChapter) chapter = df_chapter_add (store, project->id, 0, chapter_title, text, &error);

      g_assert_no_error (error);
    }
  return project;
}

char *
df_test_snapshot_dir (const char *dir)
{
  g_autoptr(GPtrArray) names = df_test_dir_names (dir);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *bytes = NULL;
      g_autofree char *sum = NULL;
      gsize len = 0;

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        bytes = df_test_read_file (path, &len);
      sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *)(bytes ? bytes : ""), len);
      g_ptr_array_add (lines, g_strdup_printf ("%s %" G_GSIZE_FORMAT " %s", name, len, sum));
    }
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **)lines->pdata);
}
