/* test-planning.c: synopses, notes, statuses, labels, targets and points
 * of view of chapters; moving many; splitting and merging; the outline;
 * the folder format; the command line (scenes and writing sessions are
 * in test-planning-scenes.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <sqlite3.h>

#include "df-book.h"
#include "df-codex.h"
#include "df-import.h"
#include "df-planning.h"
#include "df-store-private.h"
#include "df-test-util.h"

typedef DfTestStoreFixture Fixture;
#define fixture_set_up df_test_store_fixture_set_up
#define fixture_tear_down df_test_store_fixture_tear_down

static DfChapter *
nth_chapter (DfStore *store,
             gint64   project_id,
             gint64   number)
{
  g_autoptr(GError) error = NULL;
  DfChapter *chapter = df_chapter_get_by_number (store, project_id, number, &error);

  g_assert_no_error (error);
  return chapter;
}

/* The names of the labels in @labels, joined with ",". */
static char *
label_names (GPtrArray *labels)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < labels->len; i++)
    g_string_append_printf (s, "%s%s", i ? "," : "", ((DfLabel *)labels->pdata[i])->name);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
chapter_label_names (DfStore *store,
                     gint64   chapter_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) labels = df_chapter_list_labels (store, chapter_id, &error);

  g_assert_no_error (error);
  return label_names (labels);
}

/* ---- the migration ------------------------------------------------------ */

/* A version 6 database keeps every chapter and gains the planning
 * columns (a draft, with nothing planned) and the label tables. */
static void
test_migrate (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = df_test_make_project (f->store, "Six", "One", "First text.", "Two", "Second.", NULL);
  g_autofree char *path = g_strdup (df_store_get_path (f->store));
  g_autoptr(DfChapter) one = NULL;
  g_autoptr(DfLabel) label = NULL;
  sqlite3 *db;

  g_clear_object (&f->store);
  df_test_sql_exec (path, "DROP TABLE writing_sessions; DROP TABLE chapter_labels; DROP TABLE labels;"
                          " DROP INDEX chapters_listing;"
                          " ALTER TABLE chapters DROP COLUMN status; ALTER TABLE chapters DROP COLUMN synopsis;"
                          " ALTER TABLE chapters DROP COLUMN notes; ALTER TABLE chapters DROP COLUMN word_target;"
                          " PRAGMA user_version = 6");

  f->store = df_test_store_open (path);
  g_assert_cmpint (df_store_get_schema_version_at_open (f->store), ==, 6);
  db = df_store_get_db (f->store);
  g_assert_cmpint (df_test_sql_int (db, "PRAGMA user_version"), ==, DF_STORE_SCHEMA_VERSION);

  one = nth_chapter (f->store, project->id, 1);
  g_assert_cmpstr (one->content_md, ==, "First text.");
  g_assert_cmpstr (one->status, ==, "draft");
  g_assert_cmpstr (one->synopsis, ==, "");
  g_assert_cmpstr (one->notes, ==, "");
  g_assert_cmpint (one->word_target, ==, 0);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapters"), ==, 2);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM writing_sessions"), ==, 0);

  /* The new tables work. */
  g_assert_true (df_chapter_add_label (f->store, one->id, "Act I", &error));
  g_assert_no_error (error);
  label = df_label_define (f->store, project->id, "Act I", "#E01B24", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (label->color, ==, "#e01b24");
}

/* A codex character named @name with the alias @alias (nullable). */
static DfCodexEntry *
make_character (DfStore    *store,
                gint64      project_id,
                const char *name,
                const char *alias)
{
  g_autoptr(GError) error = NULL;
  const char *aliases[] = { alias, NULL };
  DfCodexEntry *entry = df_codex_entry_create (store, project_id, "character", name, aliases, NULL, &error);

  g_assert_no_error (error);
  return entry;
}

/* A version 12 database keeps its chapters and gains the point of view,
 * none for every chapter, which can then be set. */
static void
test_migrate_pov (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = df_test_make_project (f->store, "Twelve", "One", "First text.", "Two", "Second.", NULL);
  g_autoptr(DfCodexEntry) anna = make_character (f->store, project->id, "Anna", NULL);
  g_autofree char *path = g_strdup (df_store_get_path (f->store));
  g_autoptr(DfChapter) one = nth_chapter (f->store, project->id, 1);
  g_autoptr(DfChapter) again = NULL;
  sqlite3 *db;

  g_assert_true (df_chapter_set_field (f->store, one->id, "status", "final", &error));
  g_assert_no_error (error);
  g_clear_object (&f->store);
  df_test_sql_exec (path, "ALTER TABLE chapters DROP COLUMN pov_entry_id; PRAGMA user_version = 14");

  f->store = df_test_store_open (path);
  g_assert_cmpint (df_store_get_schema_version_at_open (f->store), ==, 14);
  db = df_store_get_db (f->store);
  g_assert_cmpint (df_test_sql_int (db, "PRAGMA user_version"), ==, DF_STORE_SCHEMA_VERSION);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapters WHERE pov_entry_id IS NULL"), ==, 2);

  g_clear_pointer (&one, df_chapter_free);
  one = nth_chapter (f->store, project->id, 1);
  g_assert_cmpstr (one->content_md, ==, "First text.");
  g_assert_cmpstr (one->status, ==, "final");
  g_assert_cmpint (one->pov_entry_id, ==, 0);
  g_assert_null (one->pov);

  g_assert_true (df_chapter_set_field (f->store, one->id, "pov", "Anna", &error));
  g_assert_no_error (error);
  again = df_test_get_chapter (f->store, one->id);
  g_assert_cmpint (again->pov_entry_id, ==, anna->id);
}

/* The point of view: a codex character by name, alias or id, case
 * aside; anything else refused with a message saying why; "" clears it;
 * a deleted entry leaves the chapter without one. */
static void
test_pov (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = df_test_make_project (f->store, "Views", "One", "a", "Two", "b", NULL);
  g_autoptr(DfProject) other = df_test_make_project (f->store, "Other", "X", "x", NULL);
  g_autoptr(DfCodexEntry) natasha = make_character (f->store, project->id, "Natasha Rostova", "Natasha");
  g_autoptr(DfCodexEntry) pierre = make_character (f->store, project->id, "Pierre", NULL);
  g_autoptr(DfCodexEntry) stranger = make_character (f->store, other->id, "Stranger", NULL);
  g_autoptr(DfCodexEntry) moscow = NULL;
  g_autoptr(DfChapter) one = nth_chapter (f->store, project->id, 1);
  g_autofree char *pierre_id = g_strdup_printf ("%" G_GINT64_FORMAT, pierre->id);
  g_autofree char *stranger_id = g_strdup_printf ("%" G_GINT64_FORMAT, stranger->id);
  DfChapter *c;

  moscow = df_codex_entry_create (f->store, project->id, "location", "Moscow", NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (df_chapter_set_field (f->store, one->id, "pov", "  natasha ", &error));
  g_assert_no_error (error);
  c = df_test_get_chapter (f->store, one->id);
  g_assert_cmpint (c->pov_entry_id, ==, natasha->id);
  g_assert_cmpstr (c->pov, ==, "Natasha Rostova");
  df_chapter_free (c);

  g_assert_true (df_chapter_set_field (f->store, one->id, "pov", pierre_id, &error));
  g_assert_no_error (error);
  c = nth_chapter (f->store, project->id, 1);
  g_assert_cmpstr (c->pov, ==, "Pierre");
  df_chapter_free (c);

  /* Refused: unknown, not a character, another project's; the chapter
   * keeps Pierre. */
  g_assert_false (df_chapter_set_field (f->store, one->id, "pov", "Andrei", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
  df_test_assert_contains (error->message, "no character “Andrei”");
  g_clear_error (&error);
  g_assert_false (df_chapter_set_field (f->store, one->id, "pov", "Moscow", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  df_test_assert_contains (error->message, "location");
  g_clear_error (&error);
  g_assert_false (df_chapter_set_field (f->store, one->id, "pov", stranger_id, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
  g_clear_error (&error);
  c = nth_chapter (f->store, project->id, 1);
  g_assert_cmpstr (c->pov, ==, "Pierre");
  df_chapter_free (c);

  /* Deleted (to the deleted list): none; restored: back. */
  g_assert_true (df_codex_entry_delete (f->store, pierre->id, &error));
  g_assert_no_error (error);
  c = nth_chapter (f->store, project->id, 1);
  g_assert_null (c->pov);
  g_assert_cmpint (c->pov_entry_id, ==, 0);
  df_chapter_free (c);
  g_assert_true (df_codex_entry_restore (f->store, pierre->id, &error));
  g_assert_no_error (error);
  c = nth_chapter (f->store, project->id, 1);
  g_assert_cmpstr (c->pov, ==, "Pierre");
  df_chapter_free (c);

  /* Gone from the database: the column is cleared. */
  g_assert_cmpint (sqlite3_exec (df_store_get_db (f->store), "DELETE FROM codex_entries WHERE name = 'Pierre'", NULL,
                                 NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (df_test_sql_int (df_store_get_db (f->store),
                                    "SELECT count(*) FROM chapters WHERE pov_entry_id IS NOT NULL"), ==, 0);

  g_assert_true (df_chapter_set_field (f->store, one->id, "pov", "Natasha", &error));
  g_assert_true (df_chapter_set_field (f->store, one->id, "pov", "", &error));
  g_assert_no_error (error);
  c = nth_chapter (f->store, project->id, 1);
  g_assert_null (c->pov);
  df_chapter_free (c);
}

/* ---- fields ----------------------------------------------------------- */

static void
test_fields (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfChapter) chapter = df_test_make_chapter (f->store, "Fields", "One", "Some words here.");
  g_autoptr(DfChapter) again = NULL;
  g_autofree char *long_text = g_strnfill (DF_SYNOPSIS_MAX_CHARS + 1, 'a');

  g_assert_cmpstr (chapter->status, ==, "draft");

  g_assert_true (df_chapter_set_field (f->store, chapter->id, "status", "revised", &error));
  g_assert_no_error (error);
  g_assert_true (df_chapter_set_field (f->store, chapter->id, "synopsis", "Elizabeth meets Darcy — «coldly».", &error));
  g_assert_no_error (error);
  g_assert_true (df_chapter_set_field (f->store, chapter->id, "notes", "# Notes\r\n\r\n* check the dates  \n", &error));
  g_assert_no_error (error);
  g_assert_true (df_chapter_set_field (f->store, chapter->id, "word_target", "3000", &error));
  g_assert_no_error (error);

  again = df_test_get_chapter (f->store, chapter->id);
  g_assert_cmpstr (again->status, ==, "revised");
  g_assert_cmpstr (again->synopsis, ==, "Elizabeth meets Darcy — «coldly».");
  g_assert_cmpstr (again->notes, ==, "# Notes\r\n\r\n* check the dates  \n");
  g_assert_cmpint (again->word_target, ==, 3000);
  /* The text is untouched. */
  g_assert_cmpstr (again->content_md, ==, "Some words here.");

  /* Each refused with a message, nothing changed. */
  g_assert_false (df_chapter_set_field (f->store, chapter->id, "status", "done", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "idea, outline, draft, revised, final, excluded"));
  g_clear_error (&error);
  g_assert_false (df_chapter_set_field (f->store, chapter->id, "word_target", "-5", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (df_chapter_set_field (f->store, chapter->id, "word_target", "many", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (df_chapter_set_field (f->store, chapter->id, "synopsis", long_text, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (df_chapter_set_field (f->store, chapter->id, "synopsis", "\xff", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (df_chapter_set_field (f->store, 999999, "status", "final", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_clear_pointer (&again, df_chapter_free);
  again = df_test_get_chapter (f->store, chapter->id);
  g_assert_cmpstr (again->status, ==, "revised");
  g_assert_cmpint (again->word_target, ==, 3000);

  /* An empty target clears it. */
  g_assert_true (df_chapter_set_field (f->store, chapter->id, "word_target", "", &error));
  g_assert_no_error (error);
  g_clear_pointer (&again, df_chapter_free);
  again = df_test_get_chapter (f->store, chapter->id);
  g_assert_cmpint (again->word_target, ==, 0);
}

static void
test_status_many (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = df_test_make_project (f->store, "Many", "A", "a", "B", "b", "C", "c", NULL);
  g_autoptr(DfChapter) a = nth_chapter (f->store, project->id, 1);
  g_autoptr(DfChapter) b = nth_chapter (f->store, project->id, 2);
  g_autoptr(DfChapter) c = nth_chapter (f->store, project->id, 3);
  gint64 ids[] = { a->id, c->id };
  gint64 with_missing[] = { b->id, 424242 };

  g_assert_true (df_chapters_set_status (f->store, ids, G_N_ELEMENTS (ids), "final", &error));
  g_assert_no_error (error);
  g_clear_pointer (&a, df_chapter_free);
  g_clear_pointer (&b, df_chapter_free);
  g_clear_pointer (&c, df_chapter_free);
  a = nth_chapter (f->store, project->id, 1);
  b = nth_chapter (f->store, project->id, 2);
  c = nth_chapter (f->store, project->id, 3);
  g_assert_cmpstr (a->status, ==, "final");
  g_assert_cmpstr (b->status, ==, "draft");
  g_assert_cmpstr (c->status, ==, "final");

  /* All or none. */
  g_assert_false (df_chapters_set_status (f->store, with_missing, 2, "idea", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
  g_clear_pointer (&b, df_chapter_free);
  b = nth_chapter (f->store, project->id, 2);
  g_assert_cmpstr (b->status, ==, "draft");
}

static void
test_labels (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = df_test_make_project (f->store, "Labels", "A", "a", "B", "b", NULL);
  g_autoptr(DfChapter) a = nth_chapter (f->store, project->id, 1);
  g_autoptr(DfChapter) b = nth_chapter (f->store, project->id, 2);
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(DfLabel) label = NULL;
  g_autofree char *names = NULL;

  g_assert_true (df_chapter_add_label (f->store, a->id, "  subplot ", &error));
  g_assert_no_error (error);
  g_assert_true (df_chapter_add_label (f->store, a->id, "Letters", &error));
  g_assert_no_error (error);
  g_assert_true (df_chapter_add_label (f->store, b->id, "subplot", &error));
  g_assert_no_error (error);
  /* Twice is once. */
  g_assert_true (df_chapter_add_label (f->store, b->id, "subplot", &error));
  g_assert_no_error (error);

  names = chapter_label_names (f->store, a->id);
  g_assert_cmpstr (names, ==, "Letters,subplot");
  g_clear_pointer (&names, g_free);

  labels = df_label_list (f->store, project->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (labels->len, ==, 2);
  /* Each new label took a colour of its own. */
  g_assert_cmpstr (((DfLabel *)labels->pdata[0])->color, !=, ((DfLabel *)labels->pdata[1])->color);
  g_clear_pointer (&labels, g_ptr_array_unref);

  label = df_label_define (f->store, project->id, "subplot", "#33D17A", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (label->color, ==, "#33d17a");
  g_clear_pointer (&label, df_label_free);
  g_assert_null (df_label_define (f->store, project->id, "subplot", "green", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (df_chapter_add_label (f->store, a->id, "   ", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (df_chapter_remove_label (f->store, a->id, "subplot", &error));
  g_assert_no_error (error);
  g_assert_false (df_chapter_remove_label (f->store, a->id, "subplot", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (df_chapter_remove_label (f->store, a->id, "nothing", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
  g_clear_error (&error);
  names = chapter_label_names (f->store, a->id);
  g_assert_cmpstr (names, ==, "Letters");
  g_clear_pointer (&names, g_free);

  /* Deleting a label takes it from its chapters. */
  g_assert_true (df_label_delete (f->store, project->id, "subplot", &error));
  g_assert_no_error (error);
  names = chapter_label_names (f->store, b->id);
  g_assert_cmpstr (names, ==, "");
}

/* ---- the order of many chapters ------------------------------------------ */

/* Each chapter's part's title and its title, in book order. */
static char *
dump_order (DfStore *store,
            gint64   project_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chapters = df_chapter_list (store, project_id, &error);
  g_autoptr(GPtrArray) parts = df_part_list (store, project_id, &error);
  g_autoptr(GString) s = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *c = chapters->pdata[i];
      const char *part = "-";

      for (guint j = 0; j < parts->len; j++)
        if (((DfPart *)parts->pdata[j])->id == c->part_id)
          part = ((DfPart *)parts->pdata[j])->title;
      g_string_append_printf (s, "%s%s/%s", i ? " " : "", part, c->title);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Two chapters of different parts moved to a part at once, then the
 * book put back as it was. */
static void
test_move_many (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = df_test_make_project (f->store, "Moves", NULL);
  g_autoptr(DfPart) one = df_part_add (f->store, project->id, "P1", &error);
  g_autoptr(DfPart) two = df_part_add (f->store, project->id, "P2", &error);
  g_autoptr(DfChapter) c1 = df_test_append_chapter (f->store, project->id, one->id, "c1", "1");
  g_autoptr(DfChapter) c2 = df_test_append_chapter (f->store, project->id, one->id, "c2", "2");
  g_autoptr(DfChapter) c3 = df_test_append_chapter (f->store, project->id, two->id, "c3", "3");
  g_autoptr(DfChapter) c4 = df_test_append_chapter (f->store, project->id, two->id, "c4", "4");
  g_autoptr(DfChapter) c5 = df_test_append_chapter (f->store, project->id, 0, "c5", "5");
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) part_ids = NULL;
  g_autofree char *before = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *back = NULL;
  gint64 chosen[] = { c3->id, c1->id };

  g_assert_no_error (error);
  before = dump_order (f->store, project->id);
  g_assert_cmpstr (before, ==, "P1/c1 P1/c2 P2/c3 P2/c4 -/c5");
  g_assert_true (df_chapters_get_order (f->store, project->id, &ids, &part_ids, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 5);

  g_assert_true (df_chapters_move_to_part (f->store, chosen, G_N_ELEMENTS (chosen), two->id, &error));
  g_assert_no_error (error);
  moved = dump_order (f->store, project->id);
  g_assert_cmpstr (moved, ==, "P1/c2 P2/c4 P2/c1 P2/c3 -/c5");

  g_assert_true (df_chapters_set_order (f->store, (gint64 *)ids->data, (gint64 *)part_ids->data, ids->len, &error));
  g_assert_no_error (error);
  back = dump_order (f->store, project->id);
  g_assert_cmpstr (back, ==, before);

  /* Out of every part, at the end of the book. */
  g_assert_true (df_chapters_move_to_part (f->store, chosen, 1, 0, &error));
  g_assert_no_error (error);
  g_clear_pointer (&moved, g_free);
  moved = dump_order (f->store, project->id);
  g_assert_cmpstr (moved, ==, "P1/c1 P1/c2 P2/c4 -/c5 -/c3");
  (void)c2, (void)c4, (void)c5;
}

/* ---- splitting and merging ---------------------------------------------- */

static const char split_text[] =
  "It was a bright cold day.\r\n"
  "The clocks were striking thirteen.\n"
  "\n"
  "## The Ministry of Truth ##\n"
  "Winston walked — «slowly».\n"
  "No newline at the end";

static void
test_line_offset (void)
{
  g_assert_cmpint (df_text_line_offset (split_text, 1), ==, 0);
  g_assert_cmpint (df_text_line_offset (split_text, 2), ==, strlen ("It was a bright cold day.\r\n"));
  g_assert_cmpint (df_text_line_offset (split_text, 6), >, 0);
  g_assert_cmpint (df_text_line_offset (split_text, 7), ==, -1);
  g_assert_cmpint (df_text_line_offset (split_text, 0), ==, -1);
  g_assert_cmpint (df_text_line_offset ("a\n", 2), ==, -1);
}

static void
test_split_merge (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = df_test_make_project (f->store, "Split", "Before", "x", NULL);
  g_autoptr(DfPart) part = df_part_add (f->store, project->id, "Part One", &error);
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(DfChapter) added = NULL;
  g_autoptr(DfChapter) head = NULL;
  g_autoptr(DfChapter) after = NULL;
  g_autoptr(DfPart) part_two = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *names = NULL;
  gssize at = df_text_line_offset (split_text, 4);
  gsize offset = 0;

  g_assert_no_error (error);
  chapter = df_test_append_chapter (f->store, project->id, part->id, "Nineteen", split_text);
  /* A part after it: the new chapter stays in the first one's part. */
  part_two = df_part_add (f->store, project->id, "Part Two", &error);
  g_assert_no_error (error);
  df_chapter_free (df_test_append_chapter (f->store, project->id, part_two->id, "Later", "later"));
  g_assert_true (df_chapter_set_field (f->store, chapter->id, "status", "revised", &error));
  g_assert_true (df_chapter_add_label (f->store, chapter->id, "Winston", &error));
  g_assert_no_error (error);

  added = df_chapter_split (f->store, chapter->id, at, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (added);
  g_assert_cmpstr (added->title, ==, "The Ministry of Truth");
  g_assert_cmpint (added->number, ==, chapter->number + 1);
  g_assert_cmpint (added->part_id, ==, part->id);
  g_assert_cmpstr (added->status, ==, "revised");
  head = df_test_get_chapter (f->store, chapter->id);
  joined = g_strconcat (head->content_md, added->content_md, NULL);
  g_assert_cmpstr (joined, ==, split_text);
  g_assert_cmpstr (added->content_md, ==, split_text + at);
  /* The whole text before the split is kept. */
  revisions = df_revision_list (f->store, chapter->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((DfRevision *)revisions->pdata[0])->content_md, ==, split_text);
  after = nth_chapter (f->store, project->id, added->number + 1);
  g_assert_cmpstr (after->title, ==, "Later");

  /* Merging gives the chapter back, byte for byte, with its labels. */
  g_assert_true (df_chapter_add_label (f->store, added->id, "Julia", &error));
  g_assert_true (df_chapter_merge_next (f->store, chapter->id, &offset, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (offset, ==, (gsize)at);
  g_clear_pointer (&head, df_chapter_free);
  head = df_test_get_chapter (f->store, chapter->id);
  g_assert_cmpstr (head->content_md, ==, split_text);
  names = chapter_label_names (f->store, chapter->id);
  g_assert_cmpstr (names, ==, "Julia,Winston");
  g_clear_pointer (&after, df_chapter_free);
  after = nth_chapter (f->store, project->id, chapter->number + 1);
  g_assert_cmpstr (after->title, ==, "Later");

  /* A split without a heading: "(continued)". */
  g_clear_pointer (&added, df_chapter_free);
  added = df_chapter_split (f->store, chapter->id, df_text_line_offset (split_text, 2), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (added->title, ==, "Nineteen (continued)");

  /* Refused: at either end, inside a character, the last chapter. */
  g_assert_null (df_chapter_split (f->store, chapter->id, 0, NULL, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (df_chapter_split (f->store, added->id, strlen (added->content_md), NULL, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);
  {
    const char *dash = strstr (added->content_md, "—");
    g_assert_null (df_chapter_split (f->store, added->id, dash - added->content_md + 1, NULL, &error));
    g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_clear_pointer (&after, df_chapter_free);
  after = nth_chapter (f->store, project->id, 4);
  g_assert_false (df_chapter_merge_next (f->store, after->id, NULL, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
}

/* ---- the exported book, the outline and the folder format ----------------- */

static void
test_book_excludes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = df_test_make_project (f->store, "Book", "In", "in", "Out", "out", "Also", "x", NULL);
  g_autoptr(DfChapter) out = nth_chapter (f->store, project->id, 2);
  g_autoptr(DfBook) book = NULL;

  g_assert_true (df_chapter_set_field (f->store, out->id, "status", "excluded", &error));
  g_assert_no_error (error);
  book = df_book_load (f->store, project->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (book->chapters->len, ==, 2);
  g_assert_cmpstr (((DfChapter *)book->chapters->pdata[0])->title, ==, "In");
  g_assert_cmpstr (((DfChapter *)book->chapters->pdata[1])->title, ==, "Also");
}

static void
test_outline_format (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = df_test_make_project (f->store, "Outline", "One, two", "a b c", "Two", "d", NULL);
  g_autoptr(DfChapter) one = nth_chapter (f->store, project->id, 1);
  g_autofree char *csv = NULL;
  g_autofree char *md = NULL;

  g_assert_true (df_chapter_set_field (f->store, one->id, "synopsis", "She says \"no\".\nThen | leaves.", &error));
  g_assert_true (df_chapter_set_field (f->store, one->id, "word_target", "500", &error));
  g_assert_true (df_chapter_add_label (f->store, one->id, "b", &error));
  g_assert_true (df_chapter_add_label (f->store, one->id, "a", &error));
  g_assert_no_error (error);

  csv = df_outline_format (f->store, project->id, "csv", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (csv, "number,title,part,status,labels,pov,words,word_target,synopsis,updated_at\r\n"
                                        "1,\"One, two\",,draft,a; b,,3,500,\"She says \"\"no\"\".\nThen | leaves.\","));
  md = df_outline_format (f->store, project->id, "markdown", &error);
  g_assert_no_error (error);
  df_test_assert_contains (md, "| 1 | One, two |  | draft | a; b |  | 3 | 500 | She says \"no\". Then \\| leaves. |");
  g_assert_null (df_outline_format (f->store, project->id, "xlsx", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
}

/* Every planning field of every chapter, and the labels with colours. */
static char *
dump_plan (DfStore *store,
           gint64   project_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chapters = df_chapter_list (store, project_id, &error);
  g_autoptr(GPtrArray) labels = df_label_list (store, project_id, &error);
  g_autoptr(GString) s = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < labels->len; i++)
    {
      DfLabel *l = labels->pdata[i];
      g_string_append_printf (s, "label %s %s\n", l->name, l->color);
    }
  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *c = chapters->pdata[i];
      g_autofree char *names = chapter_label_names (store, c->id);
      g_autoptr(DfChapter) full = df_test_get_chapter (store, c->id);

      g_string_append_printf (s, "%s|%s|%s|%s|%" G_GINT64_FORMAT "|%s|%s|%s\n", c->title, c->status, c->synopsis,
                              c->notes, c->word_target, names, c->pov ? c->pov : "(none)", full->content_md);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
test_folder_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = df_test_make_project (f->store, "Round", "One", "one\r\n", "Two", "", "Three", "3",
                                                       NULL);
  g_autoptr(DfChapter) one = nth_chapter (f->store, project->id, 1);
  g_autoptr(DfChapter) three = nth_chapter (f->store, project->id, 3);
  g_autoptr(DfProject) again = NULL;
  g_autoptr(DfLabel) label = NULL;
  g_autofree char *dir = g_build_filename (f->tmp, "folder", NULL);
  g_autofree char *json_path = g_build_filename (dir, "project.json", NULL);
  g_autofree char *json = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (df_chapter_set_field (f->store, one->id, "status", "idea", &error));
  g_assert_true (df_chapter_set_field (f->store, one->id, "synopsis", "  Spaces kept, «quotes», \"and\" more.  ", &error));
  g_assert_true (df_chapter_set_field (f->store, one->id, "notes", "* one\r\n* two\n\n", &error));
  g_assert_true (df_chapter_set_field (f->store, one->id, "word_target", "2500", &error));
  g_assert_true (df_chapter_set_field (f->store, three->id, "status", "excluded", &error));
  g_assert_true (df_chapter_add_label (f->store, one->id, "Subplot", &error));
  g_assert_true (df_chapter_add_label (f->store, three->id, "Subplot", &error));
  g_assert_true (df_chapter_add_label (f->store, three->id, "آغاز", &error));
  g_assert_no_error (error);
  df_codex_entry_free (make_character (f->store, project->id, "Elizabeth Bennet", "Lizzy"));
  g_assert_true (df_chapter_set_field (f->store, three->id, "pov", "lizzy", &error));
  g_assert_no_error (error);
  label = df_label_define (f->store, project->id, "Unused", "#123abc", &error);
  g_assert_no_error (error);

  before = dump_plan (f->store, project->id);
  g_assert_true (df_export_folder (f->store, project->id, dir, &error));
  g_assert_no_error (error);
  json = df_test_read_file (json_path, NULL);
  df_test_assert_contains (json, "\"status\" : \"idea\"");
  df_test_assert_contains (json, "\"word_target\" : 2500");
  df_test_assert_contains (json, "\"color\" : \"#123abc\"");
  df_test_assert_contains (json, "\"pov\" : \"Elizabeth Bennet\"");
  df_test_assert_contains (before, "|Elizabeth Bennet|3");

  again = df_import (f->store, dir, DF_IMPORT_PROJECT_DIR, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->id, !=, project->id);
  after = dump_plan (f->store, again->id);
  g_assert_cmpstr (after, ==, before);
}

/* ---- the command line ----------------------------------------------------- */

/* Runs the command line on the fixture's database; it must succeed. */
static DfTestRun *
cli_ok (Fixture *f,
        ...)
{
  va_list args;
  DfTestRun *run;

  va_start (args, f);
  run = df_test_run_cli_valist (df_store_get_path (f->store), NULL, NULL, args);
  va_end (args);
  df_test_assert_run_ok (run);
  return run;
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfTestRun) run = NULL;
  g_autoptr(JsonNode) json = NULL;
  const char *db;
  JsonObject *second;

  if (!df_test_have_cli ())
    return;
  project = df_test_make_project (f->store, "Cli Plan", "One", "a\nb\n", "Two", split_text, "Three", "c", NULL);
  db = df_store_get_path (f->store);

  df_test_run_free (cli_ok (f, "chapter", "set", "cli-plan", "2", "status", "revised", NULL));
  df_test_run_free (cli_ok (f, "chapter", "set", "cli-plan", "2", "synopsis", "Big Brother, in brief.", NULL));
  df_test_run_free (cli_ok (f, "chapter", "set", "cli-plan", "2", "notes", "Check *1984*.", NULL));
  df_test_run_free (cli_ok (f, "chapter", "set", "cli-plan", "2", "target", "4000", NULL));
  df_test_run_free (cli_ok (f, "chapter", "label", "cli-plan", "2", "add", "Ministry", NULL));
  df_test_run_free (cli_ok (f, "chapter", "label", "cli-plan", "2", "add", "Party", NULL));
  df_test_run_free (cli_ok (f, "chapter", "label", "cli-plan", "2", "remove", "Party", NULL));
  df_codex_entry_free (make_character (f->store, project->id, "Winston Smith", "Winston"));
  df_test_run_free (cli_ok (f, "chapter", "set", "cli-plan", "2", "pov", "Winston", NULL));

  run = cli_ok (f, "outline", "cli-plan", "--json", NULL);
  json = df_test_run_json (run);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json)), ==, 3);
  second = json_array_get_object_element (json_node_get_array (json), 1);
  g_assert_cmpstr (json_object_get_string_member (second, "status"), ==, "revised");
  g_assert_cmpstr (json_object_get_string_member (second, "synopsis"), ==, "Big Brother, in brief.");
  g_assert_cmpint (json_object_get_int_member (second, "word_target"), ==, 4000);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (second, "labels")), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (second, "labels"), 0), ==, "Ministry");
  g_assert_cmpstr (json_object_get_string_member (second, "pov"), ==, "Winston Smith");
  g_assert_true (json_object_get_null_member (json_array_get_object_element (json_node_get_array (json), 0), "pov"));
  g_clear_pointer (&run, df_test_run_free);

  /* Labels' colours. */
  df_test_run_free (cli_ok (f, "label", "color", "cli-plan", "Ministry", "#E01B24", NULL));
  run = cli_ok (f, "label", "list", "cli-plan", "--json", NULL);
  {
    g_autoptr(JsonNode) labels = df_test_run_json (run);
    JsonObject *ministry = json_array_get_object_element (json_node_get_array (labels), 0);

    g_assert_cmpstr (json_object_get_string_member (ministry, "name"), ==, "Ministry");
    g_assert_cmpstr (json_object_get_string_member (ministry, "color"), ==, "#e01b24");
  }
  g_clear_pointer (&run, df_test_run_free);
  run = df_test_run_cli_args (db, NULL, NULL, "label", "color", "cli-plan", "Ministry", "red", NULL);
  df_test_assert_run_fails (run, 1, "#rrggbb");
  g_clear_pointer (&run, df_test_run_free);

  run = cli_ok (f, "outline", "cli-plan", "--csv", NULL);
  df_test_assert_contains (run->out, "2,Two,,revised,Ministry,Winston Smith,");
  g_clear_pointer (&run, df_test_run_free);
  run = cli_ok (f, "outline", "cli-plan", NULL);
  df_test_assert_contains (run->out, "Big Brother, in brief.");
  g_clear_pointer (&run, df_test_run_free);

  /* Split at line 4, then the two halves give the chapter back; merged,
   * it is the chapter again. */
  run = cli_ok (f, "chapter", "split", "cli-plan", "2", "--at-line", "4", NULL);
  g_assert_cmpstr (run->out, ==, "3\n");
  g_clear_pointer (&run, df_test_run_free);
  {
    g_autoptr(DfTestRun) a = cli_ok (f, "chapter", "cat", "cli-plan", "2", NULL);
    g_autoptr(DfTestRun) b = cli_ok (f, "chapter", "cat", "cli-plan", "3", NULL);
    g_autofree char *joined = g_strconcat (a->out, b->out, NULL);

    g_assert_cmpstr (joined, ==, split_text);
  }
  df_test_run_free (cli_ok (f, "chapter", "merge", "cli-plan", "2", NULL));
  run = cli_ok (f, "chapter", "cat", "cli-plan", "2", NULL);
  g_assert_cmpstr (run->out, ==, split_text);
  g_clear_pointer (&run, df_test_run_free);

  /* What is refused, and how. */
  run = df_test_run_cli_args (db, NULL, NULL, "chapter", "set", "cli-plan", "2", "status", "done", NULL);
  df_test_assert_run_fails (run, 1, "status must be one of");
  g_clear_pointer (&run, df_test_run_free);
  run = df_test_run_cli_args (db, NULL, NULL, "chapter", "set", "cli-plan", "2", "pov", "O'Brien", NULL);
  df_test_assert_run_fails (run, 1, "no character “O'Brien”");
  g_clear_pointer (&run, df_test_run_free);
  run = df_test_run_cli_args (db, NULL, NULL, "chapter", "label", "cli-plan", "2", "rename", "x", NULL);
  df_test_assert_run_fails (run, 2, "add or remove");
  g_clear_pointer (&run, df_test_run_free);
  run = df_test_run_cli_args (db, NULL, NULL, "chapter", "split", "cli-plan", "1", "--at-line", "9", NULL);
  df_test_assert_run_fails (run, 1, "no line 9");
  g_clear_pointer (&run, df_test_run_free);
  run = df_test_run_cli_args (db, NULL, NULL, "chapter", "merge", "cli-plan", "3", NULL);
  df_test_assert_run_fails (run, 1, "last chapter");
  g_clear_pointer (&run, df_test_run_free);
  run = df_test_run_cli_args (db, NULL, NULL, "outline", "cli-plan", "--csv", "--json", NULL);
  df_test_assert_run_fails (run, 2, "one of");
  g_clear_pointer (&run, df_test_run_free);

  /* Scenes: the chapter of split_text has none, then one. */
  run = df_test_run_cli_args (db, NULL, NULL, "chapter", "split-scenes", "cli-plan", "2", NULL);
  df_test_assert_run_fails (run, 1, "no scene break");
  g_clear_pointer (&run, df_test_run_free);
  run = cli_ok (f, "chapter", "split-scenes", "cli-plan", "2", "--break", "## The Ministry of Truth ##", NULL);
  g_assert_cmpstr (run->out, ==, "1\n");
  g_clear_pointer (&run, df_test_run_free);

  /* A session: started with a goal, a save while it runs, stopped. */
  df_test_run_free (cli_ok (f, "session", "start", "cli-plan", "--words", "300", NULL));
  run = df_test_run_cli_args (db, NULL, NULL, "session", "start", "cli-plan", NULL);
  df_test_assert_run_fails (run, 1, "runs already");
  g_clear_pointer (&run, df_test_run_free);
  run = df_test_run_cli_args (db, NULL, "Three more words.", "chapter", "write", "cli-plan", "1", NULL);
  df_test_assert_run_ok (run);
  g_clear_pointer (&run, df_test_run_free);
  run = cli_ok (f, "session", "stop", "cli-plan", "--json", NULL);
  g_clear_pointer (&json, json_node_unref);
  json = df_test_run_json (run);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json), "goal_words"), ==, 300);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json), "words_written"), ==, 1);
  g_assert_false (json_object_get_null_member (json_node_get_object (json), "ended_at"));
  g_clear_pointer (&run, df_test_run_free);
  run = cli_ok (f, "session", "list", "cli-plan", "--json", NULL);
  g_clear_pointer (&json, json_node_unref);
  json = df_test_run_json (run);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json)), ==, 1);
  g_clear_pointer (&run, df_test_run_free);
  run = cli_ok (f, "session", "list", "cli-plan", "--csv", NULL);
  g_assert_true (g_str_has_prefix (run->out, "started_at,ended_at,goal_words,goal_minutes,words_start,words_end,"
                                             "words_written,active_seconds\r\n"));
  df_test_assert_contains (run->out, ",300,0,");
  /* the same from stats, as the issue names it */
  g_clear_pointer (&run, df_test_run_free);
  run = cli_ok (f, "stats", "cli-plan", "--sessions", "--csv", NULL);
  g_assert_true (g_str_has_prefix (run->out, "started_at,ended_at,goal_words,goal_minutes,words_start,words_end,"
                                             "words_written,active_seconds\r\n"));
  df_test_assert_contains (run->out, ",300,0,");
  g_clear_pointer (&run, df_test_run_free);
  run = cli_ok (f, "stats", "cli-plan", "--sessions", "--json", NULL);
  g_clear_pointer (&json, json_node_unref);
  json = df_test_run_json (run);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json)), ==, 1);
  g_clear_pointer (&run, df_test_run_free);
  run = df_test_run_cli_args (db, NULL, NULL, "stats", "cli-plan", "--csv", NULL);
  df_test_assert_run_fails (run, 2, "--csv goes with --sessions");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  DF_TEST_ADD_STORE ("/store/migrate/planning", test_migrate);
  DF_TEST_ADD_STORE ("/store/migrate/pov", test_migrate_pov);
  DF_TEST_ADD_STORE ("/planning/fields", test_fields);
  DF_TEST_ADD_STORE ("/planning/pov", test_pov);
  DF_TEST_ADD_STORE ("/planning/status-many", test_status_many);
  DF_TEST_ADD_STORE ("/planning/move-many", test_move_many);
  DF_TEST_ADD_STORE ("/planning/labels", test_labels);
  g_test_add_func ("/planning/line-offset", test_line_offset);
  DF_TEST_ADD_STORE ("/planning/split-merge", test_split_merge);
  DF_TEST_ADD_STORE ("/planning/book-excludes", test_book_excludes);
  DF_TEST_ADD_STORE ("/planning/outline-format", test_outline_format);
  DF_TEST_ADD_STORE ("/planning/folder-round-trip", test_folder_round_trip);
  DF_TEST_ADD_STORE ("/planning/cli", test_cli);

  return g_test_run ();
}
