/* test-conflicts.c: a text that arrived from elsewhere is never lost
 *
 * An editor saves with the hash of the text it last saw; when another
 * connection saved meanwhile, the editor's text becomes the chapter's and
 * the other text a "conflict" revision, which thinning keeps until the
 * user has seen it.  And the cheap questions a window asks to notice such
 * a change: the data version, a chapter's hash, a project's outline; and
 * a write lock held by another program, which fails as DF_ERROR_BUSY.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-model.h"
#include "df-store-private.h"
#include "df-text.h"
#include "df-test-util.h"

typedef struct
{
  char    *dir;
  char    *db_path;
  DfStore *store;      /* the editor's connection */
  DfStore *other;      /* another program's */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->store = df_test_store_new ("conflicts", &f->dir, &f->db_path);
  f->other = df_test_store_open (f->db_path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->other);
  g_clear_object (&f->store);
  df_test_tmp_dir_free (f->dir);
  g_free (f->db_path);
}

/* A project with one chapter holding @text; its id. */
static gint64
make_chapter (Fixture    *f,
              const char *text)
{
  g_autoptr(DfChapter) c = df_test_make_chapter (f->store, "Shared", "One", text);

  return c->id;
}

static char *
chapter_text (Fixture *f,
              gint64   chapter_id)
{
  g_autoptr(DfChapter) c = df_test_get_chapter (f->store, chapter_id);

  return g_strdup (c->content_md);
}

/* The editor last saw "Draft."; another program saved "Theirs." since.
 * The editor's save keeps both: its text as the chapter, theirs as an
 * unseen conflict revision. */
static void
test_both_kept (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autofree char *base = df_sha256_hex ("Draft.", -1);
  g_autofree char *text = NULL;
  DfSaveOutcome outcome = { 0 };
  DfRevision *theirs;
  gint64 id = make_chapter (f, "Draft.");

  g_assert_true (df_chapter_save_content (f->other, id, "Theirs.", &error));
  g_assert_no_error (error);

  g_assert_true (df_chapter_save_merging (f->store, id, "Draft. Mine.", base, &outcome, &error));
  g_assert_no_error (error);
  g_assert_true (outcome.written);
  g_assert_cmpint (outcome.conflict_revision_id, >, 0);
  g_assert_cmpint (outcome.words, ==, 2);
  {
    g_autofree char *mine = df_sha256_hex ("Draft. Mine.", -1);
    g_assert_cmpstr (outcome.hash, ==, mine);
  }

  text = chapter_text (f, id);
  g_assert_cmpstr (text, ==, "Draft. Mine.");
  revisions = df_revision_list (f->store, id, &error);
  g_assert_no_error (error);
  theirs = df_test_find_revision (revisions, "Theirs.");
  g_assert_nonnull (theirs);
  g_assert_cmpint (theirs->id, ==, outcome.conflict_revision_id);
  g_assert_cmpstr (theirs->kind, ==, "conflict");
  g_assert_null (theirs->seen_at);
  /* The text the editor had loaded is there too, as the other save kept
   * it: the conflict takes no save's place. */
  g_assert_nonnull (df_test_find_revision (revisions, "Draft."));
  g_assert_cmpstr (df_test_find_revision (revisions, "Draft.")->kind, ==, "save");
  df_save_outcome_clear (&outcome);

  /* From the same base, a save that matches the chapter is no conflict. */
  {
    g_autofree char *mine = df_sha256_hex ("Draft. Mine.", -1);
    g_assert_true (df_chapter_save_merging (f->store, id, "Draft. Mine. More.", mine, &outcome, &error));
    g_assert_cmpint (outcome.conflict_revision_id, ==, 0);
    g_assert_true (outcome.written);
    df_save_outcome_clear (&outcome);
  }

  /* The other program wrote exactly the editor's text: nothing to keep. */
  g_assert_true (df_chapter_save_content (f->other, id, "Same words.", &error));
  g_assert_true (df_chapter_save_merging (f->store, id, "Same words.", base, &outcome, &error));
  g_assert_no_error (error);
  g_assert_false (outcome.written);
  g_assert_cmpint (outcome.conflict_revision_id, ==, 0);
  df_save_outcome_clear (&outcome);

  /* Without a base, a plain save. */
  g_assert_true (df_chapter_save_merging (f->store, id, "Plain.", NULL, &outcome, &error));
  g_assert_cmpint (outcome.conflict_revision_id, ==, 0);
  df_save_outcome_clear (&outcome);
}

/* Today's words written count what each writer added to the text it
 * started from: the editor's save after a conflict is not credited with
 * the words the other program had taken out. */
static void
test_words_written (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autoptr(DfChapter) c = NULL;
  DfWritingStats stats;
  gint64 id;

  g_setenv ("DRAFTFORGE_TODAY", "2026-03-10", TRUE);
  id = make_chapter (f, "");
  g_assert_true (df_chapter_save_content (f->store, id, "one two three four five six seven eight", &error));
  base = df_sha256_hex ("one two three four five six seven eight", -1);
  c = df_chapter_get (f->store, id, &error);

  /* Another program cuts it to two words; the editor adds two. */
  g_assert_true (df_chapter_save_content (f->other, id, "one two", &error));
  g_assert_true (df_chapter_save_merging (f->store, id, "one two three four five six seven eight nine ten",
                                          base, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (df_stats_compute (f->store, c->project_id, &stats, &error));
  g_assert_cmpint (stats.words, ==, 10);
  g_assert_cmpint (stats.words_today, ==, 8 + 2);
  g_unsetenv ("DRAFTFORGE_TODAY");
}

/* Autosave thins a chapter's revisions at every save; the other text
 * must outlive that until the user has seen it, and then thin as any
 * other revision. */
static void
test_conflict_kept_until_seen (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autofree char *base = df_sha256_hex ("Draft.", -1);
  DfSaveOutcome outcome = { 0 };
  gint64 id = make_chapter (f, "Draft.");
  gint64 unseen, conflict_id;

  g_assert_true (df_chapter_save_content (f->other, id, "Theirs, saved from the command line.", &error));
  g_assert_true (df_chapter_save_merging (f->store, id, "Mine 0.", base, &outcome, &error));
  g_assert_no_error (error);
  conflict_id = outcome.conflict_revision_id;
  df_save_outcome_clear (&outcome);

  /* Many quick saves: each thins the revisions of these minutes. */
  for (int i = 1; i <= 20; i++)
    {
      g_autofree char *text = g_strdup_printf ("Mine %d.", i);
      g_assert_true (df_chapter_save_content (f->store, id, text, &error));
      g_assert_no_error (error);
    }
  revisions = df_revision_list (f->store, id, &error);
  g_assert_nonnull (df_test_find_revision (revisions, "Theirs, saved from the command line."));
  g_assert_null (df_test_find_revision (revisions, "Mine 5."));
  g_clear_pointer (&revisions, g_ptr_array_unref);

  g_assert_true (df_revision_find_unseen (f->store, id, &unseen, &error));
  g_assert_cmpint (unseen, ==, conflict_id);

  /* Seen: the next save thins it like the saves around it. */
  g_assert_true (df_revision_mark_seen (f->store, conflict_id, &error));
  g_assert_no_error (error);
  g_assert_true (df_revision_mark_seen (f->store, conflict_id, &error));
  g_assert_true (df_revision_find_unseen (f->store, id, &unseen, &error));
  g_assert_cmpint (unseen, ==, 0);
  revisions = df_revision_list (f->store, id, &error);
  g_assert_nonnull (df_test_find_revision (revisions, "Theirs, saved from the command line."));
  g_assert_nonnull (df_test_find_revision (revisions, "Theirs, saved from the command line.")->seen_at);
  g_clear_pointer (&revisions, g_ptr_array_unref);

  g_assert_true (df_chapter_save_content (f->store, id, "Mine 21.", &error));
  revisions = df_revision_list (f->store, id, &error);
  g_assert_null (df_test_find_revision (revisions, "Theirs, saved from the command line."));

  g_assert_false (df_revision_mark_seen (f->store, 99999, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
}

/* Another program writes the chapter twice without a base (the command
 * line's `chapter write`): the text this program saved before goes into
 * the history as a conflict (the other program had not seen it), and the
 * second write's thinning must not take it away, as it did when all
 * texts shared the five minutes' one place.  The other program's own
 * texts thin each other as ever. */
static void
test_other_writer_thins_its_own (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autofree char *writer = g_strndup (g_get_prgname (), strcspn (g_get_prgname (), " "));
  gint64 id = make_chapter (f, "Draft.");
  const DfRevision *mine;

  if (!df_test_have_cli ())
    return;
  g_assert_true (df_chapter_save_content (f->store, id, "Mine, typed in the window.", &error));
  g_assert_no_error (error);
  {
    g_autoptr(DfChapter) chapter = df_test_get_chapter (f->store, id);
    project = df_project_get_by_id (f->store, chapter->project_id, &error);
    g_assert_no_error (error);
  }

  for (int i = 1; i <= 3; i++)
    {
      g_autofree char *text = g_strdup_printf ("Theirs %d, from the command line.\n", i);
      g_autoptr(DfTestRun) run = df_test_run_cli (f->db_path, NULL, text,
                                                   DF_TEST_STRV ("chapter", "write", project->slug, "1"));
      df_test_assert_run_ok (run);
    }

  revisions = df_revision_list (f->store, id, &error);
  g_assert_no_error (error);
  mine = df_test_find_revision (revisions, "Mine, typed in the window.");
  g_assert_nonnull (mine);
  g_assert_cmpstr (mine->origin, ==, writer);
  g_assert_cmpstr (mine->kind, ==, "conflict");
  g_assert_null (mine->seen_at);
  g_assert_nonnull (df_test_find_revision (revisions, "Theirs 2, from the command line.\n"));
  g_assert_cmpstr (df_test_find_revision (revisions, "Theirs 2, from the command line.\n")->origin, ==, "draftforge-cli");
  g_assert_cmpstr (df_test_find_revision (revisions, "Theirs 2, from the command line.\n")->kind, ==, "save");

  /* The same writer's own quick saves still thin each other. */
  g_assert_null (df_test_find_revision (revisions, "Theirs 1, from the command line.\n"));
}

/* The cheap questions a window polls: the data version moves when
 * another connection commits (not for its own commits), a chapter's hash
 * without its text, and a project's outline that changes with what its
 * chapter list shows, not with a chapter's text. */
static void
test_noticing_changes (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *outline = NULL;
  g_autofree char *again = NULL;
  g_autoptr(DfChapter) c = NULL;
  gint64 id = make_chapter (f, "Draft.");
  gint64 before, after;

  c = df_chapter_get (f->store, id, &error);
  g_assert_true (df_changes_get_version (f->store, &before, &error));
  g_assert_no_error (error);
  g_assert_true (df_chapter_save_content (f->store, id, "Own save.", &error));
  g_assert_true (df_changes_get_version (f->store, &after, &error));
  g_assert_cmpint (after, ==, before);

  g_assert_true (df_chapter_save_content (f->other, id, "Another program's.", &error));
  g_assert_true (df_changes_get_version (f->store, &after, &error));
  g_assert_cmpint (after, !=, before);

  hash = df_chapter_dup_hash (f->store, id, &error);
  g_assert_no_error (error);
  {
    g_autofree char *expected = df_sha256_hex ("Another program's.", -1);
    g_assert_cmpstr (hash, ==, expected);
  }
  g_assert_null (df_chapter_dup_hash (f->store, 99999, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
  g_clear_error (&error);

  outline = df_changes_dup_outline (f->store, c->project_id, &error);
  g_assert_no_error (error);
  g_assert_true (df_chapter_save_content (f->other, id, "Only the text changes.", &error));
  again = df_changes_dup_outline (f->store, c->project_id, &error);
  g_assert_cmpstr (again, ==, outline);
  g_clear_pointer (&again, g_free);

  g_assert_true (df_chapter_rename (f->other, id, "Renamed elsewhere", &error));
  again = df_changes_dup_outline (f->store, c->project_id, &error);
  g_assert_cmpstr (again, !=, outline);
  g_clear_pointer (&outline, g_free);
  outline = g_steal_pointer (&again);

  {
    g_autoptr(DfChapter) added = df_test_append_chapter (f->other, c->project_id, 0, "Added elsewhere", "");
  }
  again = df_changes_dup_outline (f->store, c->project_id, &error);
  g_assert_cmpstr (again, !=, outline);

  g_assert_null (df_changes_dup_outline (f->store, 99999, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
}

/* Another program holds the write lock past the busy timeout: the save
 * fails as DF_ERROR_BUSY (a caller may wait and try again), writes
 * nothing, and succeeds once the lock is gone. */
static void
test_busy (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 id = make_chapter (f, "Draft.");

  /* A short wait, so the test does not wait the five seconds. */
  sqlite3_busy_timeout (df_store_get_db (f->store), 50);
  g_assert_true (df_store_exec (f->other, "BEGIN IMMEDIATE", &error));

  g_assert_false (df_chapter_save_merging (f->store, id, "Blocked.", NULL, NULL, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_BUSY);
  g_clear_error (&error);
  text = chapter_text (f, id);
  g_assert_cmpstr (text, ==, "Draft.");
  g_clear_pointer (&text, g_free);

  g_assert_true (df_store_exec (f->other, "ROLLBACK", &error));
  g_assert_true (df_chapter_save_merging (f->store, id, "Through.", NULL, NULL, &error));
  g_assert_no_error (error);
  text = chapter_text (f, id);
  g_assert_cmpstr (text, ==, "Through.");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  DF_TEST_ADD ("/Conflicts/both-kept", test_both_kept);
  DF_TEST_ADD ("/Conflicts/kept-until-seen", test_conflict_kept_until_seen);
  DF_TEST_ADD ("/Conflicts/noticing-changes", test_noticing_changes);
  DF_TEST_ADD ("/Conflicts/busy", test_busy);
  DF_TEST_ADD ("/Conflicts/words-written", test_words_written);
  DF_TEST_ADD ("/Conflicts/other-writer-thins-its-own", test_other_writer_thins_its_own);

  return g_test_run ();
}
