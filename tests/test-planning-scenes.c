/* test-planning-scenes.c: a chapter split into its scenes and merged
 * back, byte for byte; writing sessions on a clock the test moves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-import.h"
#include "df-planning.h"
#include "df-test-util.h"

typedef DfTestStoreFixture Fixture;
#define fixture_set_up df_test_store_fixture_set_up
#define fixture_tear_down df_test_store_fixture_tear_down

/* ---- scenes ------------------------------------------------------------- */

static const char scene_text[] =
  "Opening, before any break.\r\n"
  "\n"
  "* * *\n"
  "\n"
  "The second scene — «here».\n"
  "***\n"
  "Third.\n"
  "  #  \n"
  "Fourth, with no newline";

static void
test_scenes (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = df_test_make_project (f->store, "Scenes", "Before", "b", NULL);
  g_autoptr(DfPart) part = df_part_add (f->store, project->id, "One", &error);
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GString) joined = g_string_new (NULL);
  g_autoptr(DfPart) part_two = NULL;
  guint n = 0;

  g_assert_no_error (error);
  chapter = df_test_append_chapter (f->store, project->id, part->id, "Night", scene_text);
  part_two = df_part_add (f->store, project->id, "Two", &error);
  df_chapter_free (df_test_append_chapter (f->store, project->id, part_two->id, "Later", "later"));
  g_assert_true (df_chapter_set_field (f->store, chapter->id, "status", "revised", &error));
  g_assert_no_error (error);

  g_assert_true (df_chapter_split_scenes (f->store, chapter->id, NULL, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);

  chapters = df_chapter_list (f->store, project->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chapters->len, ==, 6);
  for (guint i = 1; i <= 4; i++)
    {
      DfChapter *c = chapters->pdata[i];
      g_autoptr(DfChapter) full = df_test_get_chapter (f->store, c->id);

      g_assert_cmpint (c->part_id, ==, part->id);
      g_assert_cmpstr (c->status, ==, "revised");
      g_assert_cmpstr (c->kind, ==, i == 1 ? "chapter" : "scene");
      g_string_append (joined, full->content_md);
    }
  g_assert_cmpstr (joined->str, ==, scene_text);
  g_assert_cmpstr (((DfChapter *)chapters->pdata[2])->title, ==, "Night, scene 2");
  g_assert_cmpstr (((DfChapter *)chapters->pdata[5])->title, ==, "Later");
  {
    g_autoptr(DfChapter) second = df_test_get_chapter (f->store, ((DfChapter *)chapters->pdata[2])->id);
    g_assert_true (g_str_has_prefix (second->content_md, "* * *\n"));
  }

  /* No break left in the first: refused, nothing changed. */
  g_assert_false (df_chapter_split_scenes (f->store, chapter->id, NULL, &n, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);

  /* Merged back (how the app undoes the split): the chapter byte for
   * byte; scenes not in their places: refused, nothing changed. */
  {
    gint64 scene_ids[3];
    gint64 wrong[3];
    g_autoptr(DfChapter) back = NULL;
    g_autoptr(GPtrArray) after = NULL;

    for (guint i = 0; i < 3; i++)
      scene_ids[i] = wrong[2 - i] = ((DfChapter *)chapters->pdata[2 + i])->id;
    g_assert_false (df_chapter_merge_following (f->store, chapter->id, wrong, 3, &error));
    g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
    g_clear_error (&error);
    after = df_chapter_list (f->store, project->id, &error);
    g_assert_cmpuint (after->len, ==, 6);

    g_assert_true (df_chapter_merge_following (f->store, chapter->id, scene_ids, 3, &error));
    g_assert_no_error (error);
    back = df_test_get_chapter (f->store, chapter->id);
    g_assert_cmpstr (back->content_md, ==, scene_text);
    g_clear_pointer (&after, g_ptr_array_unref);
    after = df_chapter_list (f->store, project->id, &error);
    g_assert_cmpuint (after->len, ==, 3);
  }
  /* A mark of the project's own. */
  {
    const char *breaks[] = { "~~~", NULL };
    g_autoptr(DfChapter) tilde = df_test_append_chapter (f->store, project->id, 0, "Tilde", "a\n~~~\nb\n***\nc");

    g_assert_true (df_chapter_split_scenes (f->store, tilde->id, breaks, &n, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n, ==, 1);
  }
}

/* -m perf: War and Peace's longest chapter, with a scene break every
 * five paragraphs, split into its scenes. */
static void
test_scenes_timing (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = df_test_corpus_path ("novels/war-and-peace.txt");
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_auto(GStrv) paragraphs = NULL;
  DfChapter *longest = NULL;
  gint64 start;
  guint n = 0;

  if (!g_test_perf ())
    {
      g_test_skip ("a benchmark: run with -m perf");
      return;
    }
  project = df_import (f->store, path, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  chapters = df_chapter_list (f->store, project->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < chapters->len; i++)
    if (longest == NULL || ((DfChapter *)chapters->pdata[i])->words > longest->words)
      longest = chapters->pdata[i];
  {
    g_autoptr(DfChapter) full = df_test_get_chapter (f->store, longest->id);

    paragraphs = g_strsplit (full->content_md, "\n\n", -1);
  }
  for (guint i = 0; paragraphs[i] != NULL; i++)
    g_string_append_printf (text, "%s%s%s", i ? "\n\n" : "", (i > 0 && i % 5 == 0) ? "* * *\n\n" : "", paragraphs[i]);
  g_assert_true (df_chapter_save_content (f->store, longest->id, text->str, &error));
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  g_assert_true (df_chapter_split_scenes (f->store, longest->id, NULL, &n, &error));
  g_assert_no_error (error);
  g_test_minimized_result ((g_get_monotonic_time () - start) / 1000.0,
                           "longest chapter (%" G_GINT64_FORMAT " words) split into %u scenes: %.1f ms",
                           longest->words, n + 1, (g_get_monotonic_time () - start) / 1000.0);
}

/* ---- writing sessions ------------------------------------------------------ */

static gint64 fake_now;

static gint64
fake_clock (void)
{
  return fake_now;
}

/* A session with a goal: typing counts as writing time, a pause of more
 * than five minutes counts five; a save counts as typing, at the time of
 * the clock given to the core; the words it added; one at a time. */
static void
test_sessions (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfChapter) chapter = df_test_make_chapter (f->store, "Sessions", "One", "Two words.");
  g_autoptr(DfWritingSession) session = NULL;
  g_autoptr(DfWritingSession) stopped = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  const gint64 t0 = 1780000000;   /* any time: the clock is the test's */

  session = df_writing_session_start (f->store, chapter->project_id, 500, 0, t0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (session->words_start, ==, 2);
  g_assert_cmpint (session->goal_words, ==, 500);
  g_assert_null (session->ended_at);
  g_assert_null (df_writing_session_start (f->store, chapter->project_id, 0, 0, t0 + 1, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);

  /* Typing for two minutes, a 40-minute pause, one more minute. */
  g_assert_true (df_writing_session_touch (f->store, chapter->project_id, t0 + 60, &error));
  g_assert_true (df_writing_session_touch (f->store, chapter->project_id, t0 + 120, &error));
  fake_now = t0 + 120 + 2400;
  df_writing_session_set_clock (fake_clock);
  g_assert_true (df_chapter_save_content (f->store, chapter->id, "Two words and five more here.", &error));
  df_writing_session_set_clock (NULL);
  g_assert_no_error (error);
  stopped = df_writing_session_stop (f->store, chapter->project_id, t0 + 120 + 2400 + 60, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stopped->active_seconds, ==, 120 + DF_SESSION_IDLE_SECONDS + 60);
  g_assert_cmpint (stopped->words_written, ==, 4);
  g_assert_nonnull (stopped->ended_at);

  /* Stopped: nothing runs, touching is nothing, stopping again fails. */
  g_assert_true (df_writing_session_touch (f->store, chapter->project_id, t0 + 9000, &error));
  g_assert_null (df_writing_session_stop (f->store, chapter->project_id, t0 + 9000, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
  g_clear_error (&error);

  df_writing_session_free (df_writing_session_start (f->store, chapter->project_id, 0, 25, t0 + 10000, &error));
  g_assert_no_error (error);
  sessions = df_writing_session_list (f->store, chapter->project_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 2);
  g_assert_cmpint (((DfWritingSession *)sessions->pdata[0])->goal_minutes, ==, 25);
  g_assert_null (((DfWritingSession *)sessions->pdata[0])->ended_at);
  g_assert_cmpint (((DfWritingSession *)sessions->pdata[1])->active_seconds, ==, 480);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  DF_TEST_ADD_STORE ("/planning/scenes", test_scenes);
  DF_TEST_ADD_STORE ("/planning/scenes-timing", test_scenes_timing);
  DF_TEST_ADD_STORE ("/planning/sessions", test_sessions);

  return g_test_run ();
}
