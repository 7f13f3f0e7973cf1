/* test-crash.c: a writer killed mid-save loses nothing it reported saved
 *
 * The test runs itself as a child (argv[1] == "--crash-child") that saves
 * a chapter over and over and writes the number of each committed save to
 * a pipe.  The parent reads the pipe, kills the child with SIGKILL after a
 * random number of reports, and checks the database: intact, holding the
 * last reported save (or the one after it, committed but not yet
 * reported), and the text before it as the newest revision (autosave
 * thinning keeps one revision per five minutes, so not every save).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-crash"

#include "config.h"

#include <inttypes.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "df-model.h"
#include "df-store-private.h"
#include "df-store.h"
#include "df-test-faults.h"
#include "df-test-util.h"

#define CHILD_FLAG "--crash-child"
#define N_ROUNDS 25
#define MAX_REPORTS 200

/* The content of save @n: distinct for every n, a few kilobytes. */
static char *
content_for (guint64 n)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "save %" G_GUINT64_FORMAT "\n\n", n);
  for (guint i = 1; s->len < 3000; i++)
    g_string_append_printf (s,
                            "Paragraph %u of save %" G_GUINT64_FORMAT ": the lighthouse keeper wrote "
                            "one more line, Zoë ordered another café crème, and the rain went on.\n\n",
                            i, n);
  return g_string_free (s, FALSE);
}

static gboolean
parse_save_number (const char *text,
                   guint64    *n)
{
  const char *p;
  char *end = NULL;

  if (!g_str_has_prefix (text, "save "))
    return FALSE;
  p = text + strlen ("save ");
  *n = g_ascii_strtoull (p, &end, 10);
  return end != p && *end == '\n';
}

/* ---- the child: save until killed ------------------------------------- */

static int
run_child (int    argc,
           char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  gint64 chapter_id;
  guint64 first;

  if (argc != 5)
    {
      g_printerr ("usage: %s %s DATABASE CHAPTER-ID FIRST-SAVE\n", argv[0], CHILD_FLAG);
      return 2;
    }

  chapter_id = g_ascii_strtoll (argv[3], NULL, 10);
  first = g_ascii_strtoull (argv[4], NULL, 10);

  store = df_store_open (argv[2], &error);
  if (store == NULL)
    {
      g_printerr ("crash child: %s\n", error->message);
      return 1;
    }

  for (guint64 n = first; n < first + 1000000; n++)
    {
      g_autofree char *content = content_for (n);

      if (!df_chapter_save_content (store, chapter_id, content, &error))
        {
          g_printerr ("crash child: save %" G_GUINT64_FORMAT " failed: %s\n", n, error->message);
          return 1;
        }

      /* Only now is save n reported as done. */
      printf ("%" G_GUINT64_FORMAT "\n", n);
      fflush (stdout);
    }

  return 0;
}

/* ---- the parent -------------------------------------------------------- */

/* Reads one report; FALSE at the end of the pipe. */
static gboolean
read_report (GDataInputStream *in,
             guint64          *n)
{
  g_autofree char *line = df_test_read_line (in);
  char *end = NULL;

  if (line == NULL)
    return FALSE;

  *n = g_ascii_strtoull (line, &end, 10);
  g_assert_true (end != line && *end == '\0');
  return TRUE;
}

static void
check_database (const char *path,
                gint64      chapter_id,
                gboolean    reported_this_round,
                guint64     last_reported,
                guint64     previous,
                guint64     first,
                guint64    *current_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *sha = NULL;
  guint64 current = 0;

  store = df_store_open (path, &error);
  g_assert_no_error (error);
  /* A kill loses no committed save: the journal holds nothing that
   * cannot be replayed, and the store says nothing of it. */
  g_assert_null (df_store_get_open_warning (store));
  df_test_assert_intact (store);

  chapter = df_test_get_chapter (store, chapter_id);
  sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, chapter->content_md, -1);
  g_assert_cmpstr (chapter->content_hash, ==, sha);

  if (previous == 0 && !reported_this_round && g_str_equal (chapter->content_md, "Nothing saved yet.\n"))
    current = 0;   /* the child was killed before its first save */
  else
    {
      if (!parse_save_number (chapter->content_md, &current))
        g_error ("The chapter holds something no save wrote: %.60s", chapter->content_md);
      expected = content_for (current);
      g_assert_cmpstr (chapter->content_md, ==, expected);
    }

  if (reported_this_round)
    {
      /* The last reported save, or one committed just before the kill. */
      if (current != last_reported && current != last_reported + 1)
        g_error ("After the kill the chapter holds save %" G_GUINT64_FORMAT
                 " but save %" G_GUINT64_FORMAT " was the last reported",
                 current, last_reported);
    }
  else if (current != previous && current != first)
    g_error ("Nothing was reported this round, yet the chapter went from save %"
             G_GUINT64_FORMAT " to save %" G_GUINT64_FORMAT, previous, current);

  /* The history: the text before the current save is its newest
   * revision, and every revision is a text some save wrote.  Autosave
   * thinning keeps the newest revision of each five minutes and each
   * writer: the text this test wrote first, and the saves, which fall
   * within one or two five-minute buckets (two when the run crosses a
   * boundary of the clock: :00, :05, …). */
  revisions = df_revision_list (store, chapter_id, &error);
  g_assert_no_error (error);
  if (current == 0)
    g_assert_cmpuint (revisions->len, ==, 0);
  else
    {
      g_autofree char *before = current == 1 ? g_strdup ("Nothing saved yet.\n") : content_for (current - 1);

      g_assert_cmpuint (revisions->len, >=, 1);
      g_assert_cmpuint (revisions->len, <=, 3);
      g_assert_cmpstr (((DfRevision *) g_ptr_array_index (revisions, 0))->content_md, ==, before);
      for (guint i = 0; i < revisions->len; i++)
        {
          DfRevision *revision = g_ptr_array_index (revisions, i);
          guint64 n;

          if (!g_str_equal (revision->content_md, "Nothing saved yet.\n"))
            {
              g_autofree char *written = NULL;

              g_assert_true (parse_save_number (revision->content_md, &n));
              written = content_for (n);
              g_assert_cmpstr (revision->content_md, ==, written);
              g_assert_cmpuint (n, <, current);
            }
        }
    }
  *current_out = current;
}

static void
test_kill_while_saving (void)
{
  g_autoptr(GArray) reported = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *chapter_arg = NULL;
  gint64 chapter_id;
  gint64 start = g_get_monotonic_time ();
  guint64 current = 0;
  guint rounds = 0;
  guint killed_immediately = 0;

  path = df_test_db_path_new ("crash", &dir);

  {
    g_autoptr(DfStore) store = df_test_store_open (path);
    g_autoptr(DfChapter) chapter = df_test_make_chapter (store, "Killed While Saving",
                                                         "The Only Chapter", "Nothing saved yet.\n");

    chapter_id = chapter->id;
  }
  chapter_arg = g_strdup_printf ("%" PRId64, chapter_id);

  for (rounds = 0; !df_test_rounds_done (rounds, N_ROUNDS, start); rounds++)
    {
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GDataInputStream) in = NULL;
      g_autofree char *first_arg = NULL;
      guint64 first = current + 1;
      guint64 last = 0;
      guint64 n;
      guint wanted;
      guint got = 0;

      /* Mostly after 1 to MAX_REPORTS saves, sometimes right away. */
      wanted = g_test_rand_int_range (0, 6) == 0 ? 0 : (guint)g_test_rand_int_range (1, MAX_REPORTS + 1);
      if (wanted == 0)
        killed_immediately++;

      first_arg = g_strdup_printf ("%" G_GUINT64_FORMAT, first);
      child = df_test_spawn_self (G_SUBPROCESS_FLAGS_STDOUT_PIPE, CHILD_FLAG, path, chapter_arg, first_arg, NULL);
      in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));

      while (got < wanted)
        {
          if (!read_report (in, &n))
            {
              g_subprocess_wait (child, NULL, NULL);
              g_error ("The saving child stopped by itself after %u reports (exit status %d)",
                       got, g_subprocess_get_status (child));
            }
          g_assert_cmpuint (n, ==, first + got);
          g_array_append_val (reported, n);
          last = n;
          got++;
        }

      g_subprocess_send_signal (child, SIGKILL);

      /* Saves reported before the kill landed are reported too. */
      while (read_report (in, &n))
        {
          g_assert_cmpuint (n, ==, first + got);
          g_array_append_val (reported, n);
          last = n;
          got++;
        }

      df_test_wait_killed (child);

      check_database (path, chapter_id, got > 0, last, current, first, &current);
      g_test_message ("Round %u: killed after %u reported saves, chapter holds save %" G_GUINT64_FORMAT,
                      rounds + 1, got, current);
    }

  g_test_message ("%u rounds (%u killed right away), %u saves reported, %.1f s",
                  rounds, killed_immediately, reported->len,
                  (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
  g_assert_cmpuint (rounds, >=, DF_TEST_MIN_ROUNDS);
  g_assert_cmpuint (reported->len, >, 0);

  df_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  df_test_init_or_run_child (&argc, &argv, CHILD_FLAG, run_child);
  g_test_add_func ("/crash/kill-while-saving", test_kill_while_saving);

  return g_test_run ();
}
