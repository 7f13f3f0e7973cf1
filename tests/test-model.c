/* test-model.c: the model API and its validation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "df-model.h"
#include "df-model-private.h"
#include "df-project-import.h"
#include "df-store-private.h"
#include "df-text.h"
#include "df-test-util.h"

typedef struct
{
  char    *dir;
  DfStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->store = df_test_store_new ("model", &f->dir, NULL);
  g_unsetenv ("DRAFTFORGE_TODAY");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  df_test_tmp_dir_free (f->dir);
  g_unsetenv ("DRAFTFORGE_TODAY");
}

/* "Title1,Title2,..." in book order, with "/part" suffixes. */
static char *
order_string (Fixture *f,
              gint64   project_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chapters = df_chapter_list (f->store, project_id, &error);
  g_autoptr(GPtrArray) parts = df_part_list (f->store, project_id, &error);
  GString *s = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *c = g_ptr_array_index (chapters, i);

      g_assert_cmpint (c->number, ==, i + 1);
      if (s->len)
        g_string_append_c (s, ',');
      g_string_append (s, c->title);
      for (guint j = 0; j < parts->len; j++)
        {
          DfPart *p = g_ptr_array_index (parts, j);
          if (p->id == c->part_id)
            g_string_append_printf (s, "/%s", p->title);
        }
    }
  return g_string_free (s, FALSE);
}

static void
test_project_lifecycle (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) a = df_test_make_project (f->store, "  Pride & Prejudice ", NULL);
  g_autoptr(DfProject) b = df_test_make_project (f->store, "Pride & Prejudice", NULL);
  g_autoptr(DfProject) c = df_test_make_project (f->store, "اردو کتاب", NULL);
  g_autoptr(DfProject) found = NULL;
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GPtrArray) trash = NULL;

  g_assert_cmpstr (a->title, ==, "Pride & Prejudice");
  g_assert_cmpstr (a->slug, ==, "pride-prejudice");
  g_assert_cmpstr (b->slug, ==, "pride-prejudice-2");
  g_assert_cmpstr (c->slug, ==, "untitled");
  g_assert_cmpstr (a->project_type, ==, "novel");
  g_assert_cmpstr (a->status, ==, "active");

  g_assert_true (df_project_rename (f->store, a->id, "Pride and Prejudice", &error));
  g_assert_no_error (error);
  found = df_project_get (f->store, "pride-prejudice", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->title, ==, "Pride and Prejudice");
  g_clear_pointer (&found, df_project_free);

  /* Soft delete and restore. */
  g_assert_true (df_project_delete (f->store, a->id, &error));
  g_assert_no_error (error);
  found = df_project_get (f->store, "pride-prejudice", FALSE, &error);
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
  g_assert_null (found);
  g_clear_error (&error);

  live = df_project_list (f->store, FALSE, &error);
  trash = df_project_list (f->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (live->len, ==, 2);
  g_assert_cmpuint (trash->len, ==, 1);

  g_assert_false (df_project_delete (f->store, a->id, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (df_project_restore (f->store, a->id, &error));
  g_assert_no_error (error);
  found = df_project_get (f->store, "pride-prejudice", FALSE, &error);
  g_assert_no_error (error);
  g_assert_null (found->deleted_at);
}

/* A value refused: the error's code, and up to two things its message
 * must say. */
typedef struct
{
  const char *key;
  const char *value;
  int         code;       /* DfError */
  const char *says[2];
} Refusal;

/* @error must be @refusal's; it is cleared. */
static void
assert_refused (GError        **error,
                const Refusal  *refusal)
{
  g_assert_error (*error, DF_ERROR, refusal->code);
  for (guint i = 0; i < G_N_ELEMENTS (refusal->says); i++)
    if (refusal->says[i] != NULL)
      df_test_assert_contains ((*error)->message, refusal->says[i]);
  g_clear_error (error);
}

static void
test_project_validation (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Valid", NULL);
  static const struct
  {
    DfProjectNew spec;
    Refusal      refusal;
  } bad_projects[] = {
    { { .title = "X", .project_type = "comic" },
      { .code = DF_ERROR_INVALID, .says = { "novel, screenplay, technical-book, non-fiction, poetry, short-story", "comic" } } },
    { { .title = "   " }, { .code = DF_ERROR_INVALID } },
    { { .title = "X", .slug = "Has Spaces" }, { .code = DF_ERROR_INVALID } },
    { { .title = "X", .slug = "valid" }, { .code = DF_ERROR_EXISTS } },
  };
  static const Refusal bad_fields[] = {
    { "status", "finished", DF_ERROR_INVALID, { "active, archived, completed" } },
    { "target_word_count", "-5", DF_ERROR_INVALID },
    { "colour", "red", DF_ERROR_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_projects); i++)
    {
      g_assert_null (df_project_create (f->store, &bad_projects[i].spec, &error));
      assert_refused (&error, &bad_projects[i].refusal);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_fields); i++)
    {
      g_assert_false (df_project_set_field (f->store, p->id, bad_fields[i].key, bad_fields[i].value, &error));
      assert_refused (&error, &bad_fields[i]);
    }

  g_assert_true (df_project_set_field (f->store, p->id, "target_word_count", "90000", &error));
  g_assert_true (df_project_set_field (f->store, p->id, "project_type", "technical-book", &error));
  g_assert_true (df_project_set_field (f->store, p->id, "genre", "Romance", &error));
  g_assert_no_error (error);
  {
    g_autoptr(DfProject) again = df_project_get (f->store, "valid", FALSE, &error);
    g_assert_cmpint (again->target_word_count, ==, 90000);
    g_assert_cmpstr (again->project_type, ==, "technical-book");
    g_assert_cmpstr (again->genre, ==, "Romance");
  }

  /* The database refuses what the C side would, too. */
  g_assert_false (df_store_exec (f->store, "UPDATE projects SET status = 'lost'", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
}

/* Words written today are what the book grew by: typing, Undo and Redo
 * count once; a book begun today has written today what it holds. */
static void
test_words_today_undo_redo (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Today", NULL);
  g_autoptr(DfChapter) c = df_test_append_chapter (f->store, p->id, 0, "One", "");
  DfWritingStats stats;

  g_setenv ("DRAFTFORGE_TODAY", "2026-05-04", TRUE);
  g_assert_true (df_chapter_save_content (f->store, c->id, "It was night", &error));
  g_assert_true (df_chapter_save_content (f->store, c->id, "It was", &error));        /* Undo */
  g_assert_true (df_chapter_save_content (f->store, c->id, "It was night", &error));  /* Redo */
  g_assert_no_error (error);
  g_assert_true (df_stats_compute (f->store, p->id, &stats, &error));
  g_assert_cmpint (stats.words, ==, 3);
  g_assert_cmpint (stats.words_today, ==, 3);

  /* The next day starts from the book's three words. */
  g_setenv ("DRAFTFORGE_TODAY", "2026-05-05", TRUE);
  g_assert_true (df_chapter_save_content (f->store, c->id, "It was night and", &error));
  g_assert_true (df_chapter_save_content (f->store, c->id, "It was night", &error));
  g_assert_true (df_chapter_save_content (f->store, c->id, "It was night and rain", &error));
  g_assert_true (df_stats_compute (f->store, p->id, &stats, &error));
  g_assert_cmpint (stats.words_today, ==, 2);

  /* Taking out more than was written that day: none, not fewer. */
  g_assert_true (df_chapter_save_content (f->store, c->id, "It", &error));
  g_assert_true (df_stats_compute (f->store, p->id, &stats, &error));
  g_assert_cmpint (stats.words_today, ==, 0);
  g_unsetenv ("DRAFTFORGE_TODAY");
}

/* Where the cursor was, per chapter, until the chapter goes. */
static void
test_chapter_cursor (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Cursor", NULL);
  g_autoptr(DfChapter) a = df_test_append_chapter (f->store, p->id, 0, "A", "Some words here.");
  g_autoptr(DfChapter) b = df_test_append_chapter (f->store, p->id, 0, "B", "More words.");

  g_assert_cmpint (df_chapter_get_cursor (f->store, a->id, &error), ==, 0);
  g_assert_no_error (error);

  g_assert_true (df_chapter_set_cursor (f->store, a->id, 11, &error));
  g_assert_true (df_chapter_set_cursor (f->store, b->id, 4, &error));
  g_assert_no_error (error);
  g_assert_cmpint (df_chapter_get_cursor (f->store, a->id, &error), ==, 11);
  g_assert_cmpint (df_chapter_get_cursor (f->store, b->id, &error), ==, 4);

  /* Moved again: the new place. */
  g_assert_true (df_chapter_set_cursor (f->store, a->id, 5, &error));
  g_assert_cmpint (df_chapter_get_cursor (f->store, a->id, &error), ==, 5);

  /* A negative offset is refused and changes nothing. */
  g_assert_false (df_chapter_set_cursor (f->store, a->id, -1, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (df_chapter_get_cursor (f->store, a->id, &error), ==, 5);

  /* A chapter not there: nothing stored. */
  g_assert_true (df_chapter_set_cursor (f->store, 9999, 3, &error));
  g_assert_no_error (error);
  g_assert_cmpint (df_chapter_get_cursor (f->store, 9999, &error), ==, 0);

  /* Deleting the chapter takes its cursor with it. */
  g_assert_true (df_chapter_delete (f->store, a->id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (df_chapter_get_cursor (f->store, a->id, &error), ==, 0);
  g_assert_cmpint (df_test_sql_int (df_store_get_db (f->store), "SELECT count(*) FROM chapter_cursors"), ==, 1);
}

/* A chapter at a part's edge steps over it and keeps its place. */
static void
test_chapter_set_part (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Edges", NULL);
  g_autoptr(DfProject) other = df_test_make_project (f->store, "Other", NULL);
  g_autoptr(DfPart) one = NULL, two = NULL, elsewhere = NULL;
  g_autoptr(DfChapter) a = NULL, b = NULL, c = NULL;
  g_autofree char *s = NULL;

  one = df_part_add (f->store, p->id, "One", &error);
  two = df_part_add (f->store, p->id, "Two", &error);
  elsewhere = df_part_add (f->store, other->id, "Elsewhere", &error);
  g_assert_no_error (error);
  a = df_test_append_chapter (f->store, p->id, one->id, "A", "");
  b = df_test_append_chapter (f->store, p->id, one->id, "B", "");
  c = df_test_append_chapter (f->store, p->id, two->id, "C", "");

  /* The first of part Two goes up into part One, after B. */
  g_assert_true (df_chapter_set_part (f->store, c->id, one->id, &error));
  g_assert_no_error (error);
  s = order_string (f, p->id);
  g_assert_cmpstr (s, ==, "A/One,B/One,C/One");
  g_clear_pointer (&s, g_free);

  /* The first of part One leaves it: no part, still first. */
  g_assert_true (df_chapter_set_part (f->store, a->id, 0, &error));
  s = order_string (f, p->id);
  g_assert_cmpstr (s, ==, "A,B/One,C/One");
  g_clear_pointer (&s, g_free);

  /* The last of part One goes down into the empty part Two. */
  g_assert_true (df_chapter_set_part (f->store, c->id, two->id, &error));
  g_assert_no_error (error);
  s = order_string (f, p->id);
  g_assert_cmpstr (s, ==, "A,B/One,C/Two");
  g_clear_pointer (&s, g_free);

  /* Another project's part is refused, and nothing changes. */
  g_assert_false (df_chapter_set_part (f->store, c->id, elsewhere->id, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  s = order_string (f, p->id);
  g_assert_cmpstr (s, ==, "A,B/One,C/Two");
}

static void
test_chapters_order (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Order", NULL);
  g_autoptr(DfPart) one = NULL;
  g_autoptr(DfPart) two = NULL;
  g_autoptr(DfChapter) pro = NULL, a = NULL, b = NULL, c = NULL, d = NULL, late = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autofree char *s = NULL;

  pro = df_test_append_chapter (f->store, p->id, 0, "Prologue", "");
  one = df_part_add (f->store, p->id, "One", &error);
  two = df_part_add (f->store, p->id, "Two", &error);
  g_assert_no_error (error);
  g_assert_cmpint (one->number, ==, 1);
  g_assert_cmpint (two->number, ==, 2);

  a = df_test_append_chapter (f->store, p->id, one->id, "A", "");
  c = df_test_append_chapter (f->store, p->id, two->id, "C", "");
  /* Added to part one after C exists: lands at the end of part one. */
  b = df_test_append_chapter (f->store, p->id, one->id, "B", "");
  d = df_test_append_chapter (f->store, p->id, two->id, "D", "");

  s = order_string (f, p->id);
  g_assert_cmpstr (s, ==, "Prologue,A/One,B/One,C/Two,D/Two");
  g_clear_pointer (&s, g_free);

  /* Move D to position 2: it joins part One (the part of A). */
  g_assert_true (df_chapter_move (f->store, d->id, 2, &error));
  g_assert_no_error (error);
  s = order_string (f, p->id);
  g_assert_cmpstr (s, ==, "Prologue,D/One,A/One,B/One,C/Two");
  g_clear_pointer (&s, g_free);

  /* Move the prologue to the end: it joins part Two. */
  g_assert_true (df_chapter_move (f->store, pro->id, 5, &error));
  s = order_string (f, p->id);
  g_assert_cmpstr (s, ==, "D/One,A/One,B/One,C/Two,Prologue/Two");
  g_clear_pointer (&s, g_free);

  g_assert_false (df_chapter_move (f->store, pro->id, 6, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (df_chapter_move (f->store, pro->id, 0, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);

  /* Explicit moves between parts, and out of any part. */
  g_assert_true (df_chapter_move_to_part (f->store, pro->id, 0, 0, &error));
  g_assert_no_error (error);
  s = order_string (f, p->id);
  g_assert_cmpstr (s, ==, "Prologue,D/One,A/One,B/One,C/Two");
  g_clear_pointer (&s, g_free);

  g_assert_true (df_chapter_move_to_part (f->store, a->id, two->id, G_MAXINT64, &error));
  g_assert_true (df_chapter_move_to_part (f->store, d->id, two->id, 0, &error));
  g_assert_no_error (error);
  s = order_string (f, p->id);
  g_assert_cmpstr (s, ==, "Prologue,B/One,D/Two,C/Two,A/Two");
  g_clear_pointer (&s, g_free);

  /* Part One is left empty: it keeps its place before part Two. */
  g_assert_true (df_chapter_move (f->store, b->id, 5, &error));
  g_assert_no_error (error);
  s = order_string (f, p->id);
  g_assert_cmpstr (s, ==, "Prologue,D/Two,C/Two,A/Two,B/Two");
  g_clear_pointer (&s, g_free);
  parts = df_part_list (f->store, p->id, &error);
  g_assert_cmpuint (parts->len, ==, 2);
  g_assert_cmpstr (((DfPart *)parts->pdata[0])->title, ==, "One");
  g_assert_cmpstr (((DfPart *)parts->pdata[1])->title, ==, "Two");
  g_clear_pointer (&parts, g_ptr_array_unref);

  /* Into the empty part One: after the prologue, before part Two. */
  g_assert_true (df_chapter_move_to_part (f->store, b->id, one->id, 0, &error));
  g_assert_no_error (error);
  s = order_string (f, p->id);
  g_assert_cmpstr (s, ==, "Prologue,B/One,D/Two,C/Two,A/Two");
  g_clear_pointer (&s, g_free);

  /* Into a part that already has chapters, at an index within it. */
  g_assert_true (df_chapter_move (f->store, b->id, 5, &error));
  g_assert_true (df_chapter_move_to_part (f->store, d->id, one->id, 0, &error));
  g_assert_true (df_chapter_move_to_part (f->store, b->id, two->id, 1, &error));
  g_assert_no_error (error);
  s = order_string (f, p->id);
  g_assert_cmpstr (s, ==, "Prologue,D/One,C/Two,B/Two,A/Two");
  g_clear_pointer (&s, g_free);

  /* Deleting renumbers; the deleted text stays in the revisions. */
  late = df_test_append_chapter (f->store, p->id, 0, "Late", "Words kept after delete.");
  g_assert_true (df_chapter_delete (f->store, c->id, &error));
  g_assert_true (df_chapter_delete (f->store, late->id, &error));
  g_assert_no_error (error);
  s = order_string (f, p->id);
  g_assert_cmpstr (s, ==, "Prologue,D/One,B/Two,A/Two");
  g_clear_pointer (&s, g_free);
  {
    g_autoptr(GPtrArray) revs = df_revision_list (f->store, late->id, &error);
    g_assert_cmpuint (revs->len, ==, 1);
    g_assert_cmpstr (((DfRevision *)revs->pdata[0])->content_md, ==, "Words kept after delete.");
  }

  /* Deleting a part keeps its chapters. */
  g_assert_true (df_part_delete (f->store, two->id, &error));
  g_assert_no_error (error);
  s = order_string (f, p->id);
  g_assert_cmpstr (s, ==, "Prologue,D/One,B,A");

  g_assert_null (df_chapter_add (f->store, p->id, 0, "", "", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
}

static void
test_chapter_content (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Content", NULL);
  g_autoptr(DfChapter) c = df_test_append_chapter (f->store, p->id, 0, "One", "");
  g_autoptr(DfChapter) got = NULL;
  g_autoptr(GPtrArray) revs = NULL;
  g_autofree char *hash = NULL;
  const char *v1 = "The first draft, in three words? No: seven.";
  const char *v2 = "The second draft is longer than the first draft was.";
  DfWritingStats stats;

  g_setenv ("DRAFTFORGE_TODAY", "2026-03-10", TRUE);

  g_assert_true (df_chapter_save_content (f->store, c->id, v1, &error));
  g_assert_no_error (error);
  g_assert_true (df_chapter_save_content (f->store, c->id, v2, &error));
  g_assert_no_error (error);
  /* Saving the same text again changes nothing. */
  g_assert_true (df_chapter_save_content (f->store, c->id, v2, &error));
  g_assert_no_error (error);

  got = df_test_get_chapter (f->store, c->id);
  g_assert_cmpstr (got->content_md, ==, v2);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, v2, -1);
  g_assert_cmpstr (got->content_hash, ==, hash);
  g_assert_cmpint (got->words, ==, df_text_count_words (v2, -1));

  revs = df_revision_list (f->store, c->id, &error);
  g_assert_cmpuint (revs->len, ==, 1);
  g_assert_cmpstr (((DfRevision *)revs->pdata[0])->content_md, ==, v1);

  g_assert_true (df_stats_compute (f->store, p->id, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stats.words, ==, got->words);
  g_assert_cmpint (stats.words_today, ==, got->words);
  g_assert_cmpint (stats.chapters, ==, 1);

  /* Invalid UTF-8 is refused and the saved text stays. */
  g_assert_false (df_chapter_save_content (f->store, c->id, "bad \xff\xfe", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&got, df_chapter_free);
  got = df_chapter_get_by_number (f->store, p->id, 1, &error);
  g_assert_cmpstr (got->content_md, ==, v2);

  g_assert_null (df_chapter_get_by_number (f->store, p->id, 2, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
}

/* Autosave writes often; a chapter's history keeps the newest revision of
 * each five minutes of the last hour, each hour of the last day, each day
 * of the last 30 days and each week before, and no other chapter's. */
static void
test_revisions_thinned (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) p = df_test_make_project (f->store, "History", NULL);
  g_autoptr(DfChapter) c = df_test_append_chapter (f->store, p->id, 0, "One", "");
  g_autoptr(DfChapter) other = df_test_append_chapter (f->store, p->id, 0, "Two", "");
  g_autoptr(GPtrArray) revs = NULL;
  g_autoptr(GString) kept = g_string_new (NULL);
  /* Oldest first, so the newest of a bucket has the largest id. */
  static const char *times[] = {
    "2026-01-05T09:00:00Z", "2026-01-06T09:00:00Z",   /* one week (weeks start on Thursday) */
    "2026-05-20T08:00:00Z", "2026-05-20T20:00:00Z",   /* one day */
    "2026-06-01T10:10:00Z", "2026-06-01T10:50:00Z",   /* one hour */
    "2026-06-01T11:40:00Z", "2026-06-01T11:41:00Z",   /* one five minutes */
    "2026-06-01T11:58:20Z", "2026-06-01T11:59:40Z", "2026-06-01T11:59:50Z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO chapter_revisions (chapter_id, project_id, title, content_md, content_hash, created_at)"
        " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'One', '%s', 'x', '%s')",
        c->id, p->id, times[i], times[i]);
      g_assert_true (df_store_exec (f->store, sql, &error));
      g_assert_no_error (error);
    }
  {
    g_autofree char *sql = g_strdup_printf (
      "INSERT INTO chapter_revisions (chapter_id, project_id, title, content_md, content_hash, created_at)"
      " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'Two', 'other', 'x', '2026-01-05T09:30:00Z')",
      other->id, p->id);
    g_assert_true (df_store_exec (f->store, sql, &error));
  }

  g_assert_true (_df_revisions_thin (f->store, c->id, "2026-06-01T12:00:00Z", &error));
  g_assert_no_error (error);
  revs = df_revision_list (f->store, c->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < revs->len; i++)
    g_string_append_printf (kept, "%s%s", i ? " " : "", ((DfRevision *) revs->pdata[i])->content_md);
  g_assert_cmpstr (kept->str, ==,
                   "2026-06-01T11:59:50Z 2026-06-01T11:41:00Z 2026-06-01T10:50:00Z"
                   " 2026-05-20T20:00:00Z 2026-01-06T09:00:00Z");
  g_clear_pointer (&revs, g_ptr_array_unref);
  revs = df_revision_list (f->store, other->id, &error);
  g_assert_cmpuint (revs->len, ==, 1);
  g_clear_pointer (&revs, g_ptr_array_unref);

  /* Thinning again changes nothing; an hour later the five-minute
   * revisions fall into the hour they were made in. */
  g_assert_true (_df_revisions_thin (f->store, c->id, "2026-06-01T12:00:00Z", &error));
  revs = df_revision_list (f->store, c->id, &error);
  g_assert_cmpuint (revs->len, ==, 5);
  g_clear_pointer (&revs, g_ptr_array_unref);
  g_assert_true (_df_revisions_thin (f->store, c->id, "2026-06-01T13:30:00Z", &error));
  revs = df_revision_list (f->store, c->id, &error);
  g_assert_cmpuint (revs->len, ==, 4);
  g_assert_cmpstr (((DfRevision *) revs->pdata[0])->content_md, ==, "2026-06-01T11:59:50Z");
  g_clear_pointer (&revs, g_ptr_array_unref);

  /* Saving thins: fifty quick saves leave the text and one revision from
   * these minutes (how the older ones group depends on today's date). */
  for (int i = 0; i < 50; i++)
    {
      g_autofree char *text = g_strdup_printf ("Draft %d.", i);
      g_assert_true (df_chapter_save_content (f->store, c->id, text, &error));
      g_assert_no_error (error);
    }
  revs = df_revision_list (f->store, c->id, &error);
  g_assert_cmpuint (revs->len, >=, 2);
  g_assert_cmpstr (((DfRevision *) revs->pdata[0])->content_md, ==, "Draft 48.");
  for (guint i = 1; i < revs->len; i++)
    g_assert_false (g_str_has_prefix (((DfRevision *) revs->pdata[i])->content_md, "Draft"));
}

/* A chapter added after the newest one was deleted does not take its id,
 * so the deleted chapter's text stays its own history. */
static void
test_chapter_ids_not_reused (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Ids", NULL);
  g_autoptr(DfChapter) gone = df_test_append_chapter (f->store, p->id, 0, "Gone", "Deleted words.");
  g_autoptr(DfChapter) fresh = NULL;
  g_autoptr(GPtrArray) revs = NULL;

  g_assert_true (df_chapter_delete (f->store, gone->id, &error));
  g_assert_no_error (error);
  fresh = df_test_append_chapter (f->store, p->id, 0, "Fresh", "New words.");
  g_assert_cmpint (fresh->id, >, gone->id);
  revs = df_revision_list (f->store, fresh->id, &error);
  g_assert_cmpuint (revs->len, ==, 0);
  g_clear_pointer (&revs, g_ptr_array_unref);
  revs = df_revision_list (f->store, gone->id, &error);
  g_assert_cmpuint (revs->len, ==, 1);
  g_assert_cmpstr (((DfRevision *) revs->pdata[0])->content_md, ==, "Deleted words.");
}

/* A deleted chapter is listed with its last text and comes back, at the
 * end of the book, with its history. */
static void
test_chapter_undelete (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Undelete", NULL);
  g_autoptr(DfChapter) a = df_test_append_chapter (f->store, p->id, 0, "Alpha", "First words.");
  g_autoptr(DfChapter) b = df_test_append_chapter (f->store, p->id, 0, "Beta", "Beta words.");
  g_autoptr(DfChapter) back = NULL;
  g_autoptr(GPtrArray) deleted = NULL;
  g_autoptr(GPtrArray) revs = NULL;
  g_autofree char *order = NULL;
  DfRevision *gone;

  g_assert_true (df_chapter_save_content (f->store, a->id, "Last words.", &error));
  g_assert_true (df_chapter_delete (f->store, a->id, &error));
  g_assert_no_error (error);

  deleted = df_revision_list_deleted (f->store, p->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (deleted->len, ==, 1);
  gone = deleted->pdata[0];
  g_assert_cmpstr (gone->title, ==, "Alpha");
  g_assert_cmpstr (gone->content_md, ==, "Last words.");

  back = df_chapter_undelete (f->store, gone->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->title, ==, "Alpha");
  g_assert_cmpstr (back->content_md, ==, "Last words.");
  order = order_string (f, p->id);
  g_assert_cmpstr (order, ==, "Beta,Alpha");

  /* Its history came with it: the deletion's copy and the first text. */
  revs = df_revision_list (f->store, back->id, &error);
  g_assert_cmpuint (revs->len, ==, 2);
  g_assert_cmpstr (((DfRevision *) revs->pdata[1])->content_md, ==, "First words.");
  g_clear_pointer (&deleted, g_ptr_array_unref);
  deleted = df_revision_list_deleted (f->store, p->id, &error);
  g_assert_cmpuint (deleted->len, ==, 0);

  /* Not twice, and not a revision that does not exist. */
  g_assert_null (df_chapter_undelete (f->store, ((DfRevision *) revs->pdata[0])->id, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (df_chapter_undelete (f->store, 999999, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_nonnull (b);
}

static void
test_stats_streaks (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Streaks", NULL);
  g_autoptr(DfChapter) c = df_test_append_chapter (f->store, p->id, 0, "One", "");
  g_autoptr(GPtrArray) days = NULL;
  static const char *dates[] = { "2026-01-01", "2026-01-02", "2026-01-03", "2026-01-05", "2026-01-06" };
  GString *text = g_string_new ("Start.");
  DfWritingStats stats;

  g_assert_true (df_project_set_field (f->store, p->id, "target_word_count", "100", &error));

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_setenv ("DRAFTFORGE_TODAY", dates[i], TRUE);
      g_string_append (text, " one two three four five");
      g_assert_true (df_chapter_save_content (f->store, c->id, text->str, &error));
      g_assert_no_error (error);
    }

  /* On Jan 6: a two-day streak now, three days the longest. */
  g_assert_true (df_stats_compute (f->store, p->id, &stats, &error));
  g_assert_cmpint (stats.current_streak, ==, 2);
  g_assert_cmpint (stats.longest_streak, ==, 3);
  g_assert_cmpint (stats.words_today, ==, 5);
  g_assert_cmpint (stats.words, ==, 26);
  g_assert_cmpfloat_with_epsilon (stats.target_fraction, 0.26, 1e-9);

  /* Jan 7, nothing written yet: the streak still stands. Jan 8: gone. */
  g_setenv ("DRAFTFORGE_TODAY", "2026-01-07", TRUE);
  g_assert_true (df_stats_compute (f->store, p->id, &stats, &error));
  g_assert_cmpint (stats.current_streak, ==, 2);
  g_assert_cmpint (stats.words_today, ==, 0);
  g_setenv ("DRAFTFORGE_TODAY", "2026-01-08", TRUE);
  g_assert_true (df_stats_compute (f->store, p->id, &stats, &error));
  g_assert_cmpint (stats.current_streak, ==, 0);
  g_assert_cmpint (stats.longest_streak, ==, 3);

  /* The last 7 days, gaps filled with the words of the day before. */
  days = df_stats_days (f->store, p->id, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (days->len, ==, 7);
  g_assert_cmpstr (((DfStatsDay *)days->pdata[0])->date, ==, "2026-01-02");
  g_assert_cmpint (((DfStatsDay *)days->pdata[0])->words_written, ==, 5);
  g_assert_cmpstr (((DfStatsDay *)days->pdata[2])->date, ==, "2026-01-04");
  g_assert_cmpint (((DfStatsDay *)days->pdata[2])->words_written, ==, 0);
  g_assert_cmpint (((DfStatsDay *)days->pdata[2])->words, ==, 16);
  g_assert_cmpstr (((DfStatsDay *)days->pdata[6])->date, ==, "2026-01-08");
  g_assert_cmpint (((DfStatsDay *)days->pdata[6])->words, ==, 26);

  g_string_free (text, TRUE);
}

static void
test_profiles (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProfile) none = df_profile_get_active (f->store, &error);
  g_autoptr(DfProfile) author = NULL;
  g_autoptr(DfProfile) reader = NULL;
  g_autoptr(DfProfile) active = NULL;
  g_autoptr(DfProfile) got = NULL;
  g_autoptr(GPtrArray) list = NULL;
  static const Refusal bad_settings[] = {
    { "education_level", "phd", DF_ERROR_INVALID,
      { "education_level", "high_school, undergraduate, graduate, professional" } },
    { "learning_goals", "[\"fame\"]", DF_ERROR_INVALID, { "career_change" } },
    { "preferred_language", "fr", DF_ERROR_INVALID },
    { "profile_data", "[1]", DF_ERROR_INVALID },
    { "email", "not-an-address", DF_ERROR_INVALID },
    { "robotics_background", "maybe", DF_ERROR_INVALID },
    { "display_name", "Author", DF_ERROR_EXISTS },
  };

  g_assert_no_error (error);
  g_assert_null (none);

  author = df_test_make_profile (f->store, "Author");
  reader = df_test_make_profile (f->store, "Reader");
  g_assert_true (g_uuid_string_is_valid (author->id));
  g_assert_true (author->active);
  g_assert_false (reader->active);

  g_assert_null (df_profile_create (f->store, "Author", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_true (df_profile_set_active (f->store, reader->id, &error));
  g_assert_no_error (error);
  active = df_profile_get_active (f->store, &error);
  g_assert_cmpstr (active->display_name, ==, "Reader");
  list = df_profile_list (f->store, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_false (((DfProfile *)list->pdata[0])->active);
  g_assert_true (((DfProfile *)list->pdata[1])->active);

  g_assert_false (df_profile_set_active (f->store, "no-such-id", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&active, df_profile_free);
  active = df_profile_get_active (f->store, &error);
  g_assert_cmpstr (active->display_name, ==, "Reader");

  g_assert_true (df_profile_set (f->store, reader->id, "education_level", "graduate", &error));
  g_assert_true (df_profile_set (f->store, reader->id, "programming_experience", "advanced", &error));
  g_assert_true (df_profile_set (f->store, reader->id, "ai_ml_experience", "basic", &error));
  g_assert_true (df_profile_set (f->store, reader->id, "robotics_background", "yes", &error));
  g_assert_true (df_profile_set (f->store, reader->id, "learning_goals", "research, hobby", &error));
  g_assert_true (df_profile_set (f->store, reader->id, "preferred_language", "ur", &error));
  g_assert_true (df_profile_set (f->store, reader->id, "profile_data", "{\"genre\": \"mystery\"}", &error));
  g_assert_true (df_profile_set (f->store, reader->id, "onboarding_completed", "true", &error));
  g_assert_no_error (error);

  got = df_profile_get (f->store, "Reader", &error);
  g_assert_cmpstr (got->education_level, ==, "graduate");
  g_assert_cmpstr (got->programming_experience, ==, "advanced");
  g_assert_cmpstr (got->ai_ml_experience, ==, "basic");
  g_assert_true (got->robotics_background);
  g_assert_cmpstr (got->learning_goals, ==, "[\"research\",\"hobby\"]");
  g_assert_cmpstr (got->preferred_language, ==, "ur");
  g_assert_true (got->onboarding_completed);

  for (guint i = 0; i < G_N_ELEMENTS (bad_settings); i++)
    {
      g_assert_false (df_profile_set (f->store, reader->id, bad_settings[i].key, bad_settings[i].value, &error));
      assert_refused (&error, &bad_settings[i]);
    }

  /* Nothing of the refused values reached the database. */
  g_clear_pointer (&got, df_profile_free);
  got = df_profile_get (f->store, reader->id, &error);
  g_assert_cmpstr (got->education_level, ==, "graduate");
  g_assert_cmpstr (got->display_name, ==, "Reader");
}

static void
test_progress (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Reading", NULL);
  g_autoptr(DfProfile) reader = df_profile_create (f->store, "Reader", &error);
  g_autoptr(DfChapter) one = df_test_append_chapter (f->store, p->id, 0, "One", "Text one.");
  g_autoptr(DfChapter) two = df_test_append_chapter (f->store, p->id, 0, "Two", "Text two.");
  g_autoptr(DfChapter) three = df_test_append_chapter (f->store, p->id, 0, "Three", "Text three.");
  g_autoptr(GPtrArray) list = NULL;
  DfProgress *pr;
  g_autofree char *first_completed_at = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (df_progress_continue (f->store, reader->id, p->id, &error), ==, one->id);

  g_assert_true (df_progress_start (f->store, reader->id, one->id, &error));
  g_assert_true (df_progress_record (f->store, reader->id, one->id, 120, 30, &error));
  g_assert_true (df_progress_record (f->store, reader->id, one->id, 300, 45, &error));
  g_assert_no_error (error);

  list = df_progress_list (f->store, reader->id, p->id, &error);
  g_assert_cmpuint (list->len, ==, 3);
  pr = list->pdata[0];
  g_assert_cmpstr (pr->status, ==, "in_progress");
  g_assert_cmpint (pr->time_spent_seconds, ==, 75);
  g_assert_cmpint (pr->position, ==, 300);
  g_assert_nonnull (pr->started_at);
  g_assert_null (pr->completed_at);
  g_assert_cmpstr (((DfProgress *)list->pdata[1])->status, ==, "not_started");
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Continue where the reader left off. */
  g_assert_cmpint (df_progress_continue (f->store, reader->id, p->id, &error), ==, one->id);

  g_assert_true (df_progress_complete (f->store, reader->id, one->id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (df_progress_continue (f->store, reader->id, p->id, &error), ==, two->id);

  list = df_progress_list (f->store, reader->id, p->id, &error);
  pr = list->pdata[0];
  g_assert_cmpstr (pr->status, ==, "completed");
  g_assert_nonnull (pr->completed_at);
  first_completed_at = g_strdup (pr->completed_at);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Re-reading goes back to in_progress; time keeps accumulating. */
  g_assert_true (df_progress_start (f->store, reader->id, one->id, &error));
  g_assert_true (df_progress_record (f->store, reader->id, one->id, 10, 5, &error));
  list = df_progress_list (f->store, reader->id, p->id, &error);
  pr = list->pdata[0];
  g_assert_cmpstr (pr->status, ==, "in_progress");
  g_assert_cmpint (pr->time_spent_seconds, ==, 80);
  g_assert_cmpstr (pr->completed_at, ==, first_completed_at);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Completing a chapter never started passes through in_progress. */
  g_assert_true (df_progress_complete (f->store, reader->id, three->id, &error));
  g_assert_true (df_progress_complete (f->store, reader->id, two->id, &error));
  g_assert_true (df_progress_complete (f->store, reader->id, one->id, &error));
  g_assert_no_error (error);
  list = df_progress_list (f->store, reader->id, p->id, &error);
  g_assert_nonnull (((DfProgress *)list->pdata[2])->started_at);
  g_assert_cmpint (df_progress_continue (f->store, reader->id, p->id, &error), ==, 0);

  g_assert_false (df_progress_record (f->store, reader->id, one->id, -1, 0, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (df_progress_start (f->store, "nobody", one->id, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (df_progress_start (f->store, reader->id, 99999, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Search", NULL);
  g_autoptr(DfProject) other = df_test_make_project (f->store, "Other", NULL);
  g_autoptr(DfChapter) a = df_test_append_chapter (f->store, p->id, 0, "Morning", "They met at the café on the corner.\n\nLater, a storm.");
  g_autoptr(DfChapter) b = df_test_append_chapter (f->store, p->id, 0, "Evening", "The storm passed; Natásha sang.");
  g_autoptr(DfChapter) o = df_test_append_chapter (f->store, other->id, 0, "Elsewhere", "A storm elsewhere.");
  g_autoptr(GPtrArray) hits = NULL;
  DfSearchHit *hit;

  hits = df_search (f->store, p->id, "cafe", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = hits->pdata[0];
  g_assert_cmpint (hit->chapter_number, ==, 1);
  g_assert_cmpstr (hit->chapter_title, ==, "Morning");
  g_assert_nonnull (strstr (hit->snippet, "[café]"));
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Prefixes, several words, only this project. */
  hits = df_search (f->store, p->id, "stor", 10, &error);
  g_assert_cmpuint (hits->len, ==, 2);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = df_search (f->store, p->id, "storm natasha", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((DfSearchHit *)hits->pdata[0])->chapter_title, ==, "Evening");
  g_assert_cmpint (((DfSearchHit *)hits->pdata[0])->offset, ==, 4);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* FTS syntax in the query is just text. */
  hits = df_search (f->store, p->id, "storm\" OR \"NEAR(", 10, &error);
  g_assert_no_error (error);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Edits and deletes reach the index. */
  g_assert_true (df_chapter_save_content (f->store, a->id, "Sunshine only.", &error));
  hits = df_search (f->store, p->id, "storm", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);
  g_assert_true (df_chapter_delete (f->store, b->id, &error));
  hits = df_search (f->store, p->id, "storm", 10, &error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  g_assert_null (df_search (f->store, p->id, "  ?! ", 10, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
}

/* Where @needle first stands in @len bytes that may hold NULs, or NULL. */
static const char *
find_bytes (const char *bytes,
            gsize       len,
            const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (bytes + i, needle, n) == 0)
      return bytes + i;
  return NULL;
}

/* A page of the chapters table overwritten: the listing reads the first
 * chapters, then SQLite reports the damage.  The list fails with the
 * error instead of passing a short list for the whole book. */
static void
test_list_step_error (Fixture       *f,
                      gconstpointer  data)
{
  static const char marker[] = "Q7X9DAMAGED";
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Damaged", NULL);
  g_autoptr(GPtrArray) chapters = NULL;
  g_autofree char *path = g_strdup (df_store_get_path (f->store));
  g_autofree char *bytes = NULL;
  g_autofree char *filler = g_strnfill (900, 'w');
  const char *found;
  gsize page;
  gint64 page_size;
  gsize len;

  /* The marker in chapter 45's text, which only the table's row holds
   * as written (the index of titles, schema 16, and the search index,
   * lowercased, hold other copies of a title). */
  for (guint i = 1; i <= 60; i++)
    {
      g_autofree char *title = g_strdup_printf ("Chapter %u", i);
      g_autofree char *text = i == 45 ? g_strconcat (marker, " ", filler, NULL) : g_strdup (filler);
      g_autoptr(DfChapter) c = df_test_append_chapter (f->store, p->id, 0, title, text);
    }
  chapters = df_chapter_list (f->store, p->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chapters->len, ==, 60);
  g_clear_pointer (&chapters, g_ptr_array_unref);

  {
    g_autoptr(sqlite3_stmt) stmt = df_store_prepare (f->store, "PRAGMA page_size", &error);

    g_assert_no_error (error);
    g_assert_true (df_store_step (f->store, stmt, &error));
    page_size = sqlite3_column_int64 (stmt, 0);
  }
  /* Closing the last connection moves the WAL into the file. */
  g_clear_object (&f->store);

  bytes = df_test_read_file (path, &len);
  found = find_bytes (bytes, len, marker);
  g_assert_nonnull (found);
  g_assert_null (find_bytes (found + 1, len - (found + 1 - bytes), marker));
  page = (found - bytes) / page_size;
  g_assert_cmpuint (page, >, 0);
  memset (bytes + page * page_size, 0x5a, page_size);
  g_file_set_contents (path, bytes, len, &error);
  g_assert_no_error (error);

  f->store = df_store_open (path, &error);
  g_assert_no_error (error);
  chapters = df_chapter_list (f->store, p->id, &error);
  g_assert_error (error, DF_ERROR, DF_ERROR_CORRUPT);
  g_assert_null (chapters);
}

/* A project being imported is nowhere until it is revealed: not listed,
 * not in the trash, not found by slug, neither restored nor purged; its
 * slug is taken all the same. */
static void
test_project_being_imported (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) importing = df_test_make_project (f->store, "The Long Road", NULL);
  g_autoptr(DfProject) other = NULL;
  g_autoptr(DfProject) found = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(GPtrArray) trash = NULL;
  g_autoptr(GPtrArray) imports = NULL;

  g_assert_true (df_project_hide_for_import (f->store, importing->id, "boot:1:2", &error));
  g_assert_no_error (error);

  shown = df_project_list (f->store, FALSE, &error);
  trash = df_project_list (f->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shown->len, ==, 0);
  g_assert_cmpuint (trash->len, ==, 0);
  g_assert_null (df_project_get (f->store, "the-long-road", TRUE, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (df_project_restore (f->store, importing->id, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (df_project_purge (f->store, importing->id, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
  g_clear_error (&error);

  other = df_test_make_project (f->store, "The Long Road", NULL);
  g_assert_cmpstr (other->slug, ==, "the-long-road-2");

  imports = df_project_list_imports (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (imports->len, ==, 1);
  g_assert_cmpint (((DfProjectImport *)g_ptr_array_index (imports, 0))->id, ==, importing->id);
  g_assert_cmpstr (((DfProjectImport *)g_ptr_array_index (imports, 0))->owner, ==, "boot:1:2");

  g_assert_true (df_project_reveal_import (f->store, importing->id, NULL, &error));
  g_assert_no_error (error);
  found = df_project_get (f->store, "the-long-road", FALSE, &error);
  g_assert_no_error (error);
  g_assert_null (found->deleted_at);
  g_assert_cmpstr (found->settings, ==, "{}");
  g_clear_pointer (&imports, g_ptr_array_unref);
  imports = df_project_list_imports (f->store, &error);
  g_assert_cmpuint (imports->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  DF_TEST_ADD ("/Model/project/lifecycle", test_project_lifecycle);
  DF_TEST_ADD ("/Model/project/validation", test_project_validation);
  DF_TEST_ADD ("/Model/project/being-imported", test_project_being_imported);
  DF_TEST_ADD ("/Model/chapter/order", test_chapters_order);
  DF_TEST_ADD ("/Model/chapter/set-part", test_chapter_set_part);
  DF_TEST_ADD ("/Model/chapter/cursor", test_chapter_cursor);
  DF_TEST_ADD ("/Model/stats/today-undo-redo", test_words_today_undo_redo);
  DF_TEST_ADD ("/Model/chapter/content", test_chapter_content);
  DF_TEST_ADD ("/Model/chapter/revisions-thinned", test_revisions_thinned);
  DF_TEST_ADD ("/Model/chapter/ids-not-reused", test_chapter_ids_not_reused);
  DF_TEST_ADD ("/Model/chapter/undelete", test_chapter_undelete);
  DF_TEST_ADD ("/Model/stats/streaks", test_stats_streaks);
  DF_TEST_ADD ("/Model/profile/all", test_profiles);
  DF_TEST_ADD ("/Model/progress/state-machine", test_progress);
  DF_TEST_ADD ("/Model/search/fts", test_search);
  DF_TEST_ADD ("/Model/chapter/list-step-error", test_list_step_error);

  return g_test_run ();
}
