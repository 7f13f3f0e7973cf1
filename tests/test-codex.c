/* test-codex.c: the codex — entries and their validation, relations,
 * progressions, mentions (updated on save), suggestions, the folder
 * format and the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "df-codex.h"
#include "df-import.h"
#include "df-model.h"
#include "df-store-private.h"
#include "df-test-util.h"

typedef DfTestStoreFixture Fixture;

static DfCodexEntry *
add (Fixture            *f,
     gint64              project_id,
     const char         *kind,
     const char         *name,
     const char * const *aliases)
{
  g_autoptr(GError) error = NULL;
  DfCodexEntry *entry = df_codex_entry_create (f->store, project_id, kind, name, aliases, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entry);
  return entry;
}

/* The names of @entries joined with ",". */
static char *
names_of (GPtrArray *entries)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < entries->len; i++)
    g_string_append_printf (s, "%s%s", i ? "," : "", ((DfCodexEntry *) entries->pdata[i])->name);
  return g_string_free (s, FALSE);
}

static void
test_entries (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Codex", NULL);
  g_autoptr(DfCodexEntry) mara = add (f, p->id, "character", " Mara ", DF_TEST_STRV ("Mara Voss", "the Captain"));
  g_autoptr(DfCodexEntry) keep = add (f, p->id, "location", "Blackwater Keep", NULL);
  g_autoptr(DfCodexEntry) found = NULL;
  g_autoptr(DfCodexEntry) bad = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *names = NULL;

  g_assert_cmpstr (mara->name, ==, "Mara");
  g_assert_cmpstr (mara->aliases[0], ==, "Mara Voss");
  g_assert_cmpstr (mara->aliases[1], ==, "the Captain");

  /* Found by name or alias, whatever the case. */
  found = df_codex_entry_find (f->store, p->id, "THE CAPTAIN", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, mara->id);
  g_clear_pointer (&found, df_codex_entry_free);

  /* A kind it does not know lists the kinds. */
  bad = df_codex_entry_create (f->store, p->id, "person", "Tobias", NULL, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  df_test_assert_contains (error->message, "character, location, object, lore, other");
  g_clear_error (&error);

  /* A name taken, as a name or an alias, case aside. */
  bad = df_codex_entry_create (f->store, p->id, "character", "mara voss", NULL, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, DF_ERROR, DF_ERROR_EXISTS);
  df_test_assert_contains (error->message, "Mara");
  g_clear_error (&error);
  g_assert_false (df_codex_entry_add_alias (f->store, keep->id, "Mara", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_EXISTS);
  g_clear_error (&error);

  /* An empty name. */
  bad = df_codex_entry_create (f->store, p->id, "object", "  ", NULL, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);

  /* Unknown name: says how to list. */
  found = df_codex_entry_find (f->store, p->id, "Nobody", FALSE, &error);
  g_assert_null (found);
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
  df_test_assert_contains (error->message, "codex list");
  g_clear_error (&error);

  /* Rename, aliases, description, notes, tags, colour. */
  g_assert_true (df_codex_entry_rename (f->store, mara->id, "Mara Quill", &error));
  g_assert_true (df_codex_entry_add_alias (f->store, mara->id, "Quill", &error));
  g_assert_true (df_codex_entry_remove_alias (f->store, mara->id, "the captain", &error));
  g_assert_true (df_codex_entry_set_description (f->store, mara->id, "A smuggler.", &error));
  g_assert_true (df_codex_entry_set_notes (f->store, mara->id, "Dies in book two?", &error));
  g_assert_true (df_codex_entry_set_tags (f->store, mara->id, DF_TEST_STRV ("crew", "pov"), &error));
  g_assert_true (df_codex_entry_set_color (f->store, mara->id, "#3584E4", &error));
  g_assert_no_error (error);
  g_assert_false (df_codex_entry_set_color (f->store, mara->id, "blue", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);
  found = df_codex_entry_get (f->store, mara->id, &error);
  g_assert_cmpstr (found->name, ==, "Mara Quill");
  g_assert_cmpstr (found->aliases_json, ==, "[\"Mara Voss\",\"Quill\"]");
  g_assert_cmpstr (found->description, ==, "A smuggler.");
  g_assert_cmpstr (found->notes, ==, "Dies in book two?");
  g_assert_cmpstr (found->tags_json, ==, "[\"crew\",\"pov\"]");
  g_assert_cmpstr (found->color, ==, "#3584e4");
  g_clear_pointer (&found, df_codex_entry_free);

  /* By kind, and searched. */
  list = df_codex_entry_list (f->store, p->id, "location", FALSE, &error);
  names = names_of (list);
  g_assert_cmpstr (names, ==, "Blackwater Keep");
  g_clear_pointer (&names, g_free);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = df_codex_entry_search (f->store, p->id, "voss", &error);
  names = names_of (list);
  g_assert_cmpstr (names, ==, "Mara Quill");
  g_clear_pointer (&names, g_free);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Deleted: in no listing or lookup; restored: back. */
  g_assert_true (df_codex_entry_delete (f->store, mara->id, &error));
  list = df_codex_entry_list (f->store, p->id, NULL, FALSE, &error);
  names = names_of (list);
  g_assert_cmpstr (names, ==, "Blackwater Keep");
  g_clear_pointer (&names, g_free);
  g_clear_pointer (&list, g_ptr_array_unref);
  found = df_codex_entry_find (f->store, p->id, "Quill", FALSE, &error);
  g_assert_error (error, DF_ERROR, DF_ERROR_NOT_FOUND);
  g_clear_error (&error);
  found = df_codex_entry_find (f->store, p->id, "Quill", TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found->deleted_at);
  g_assert_true (df_codex_entry_restore (f->store, mara->id, &error));
  g_assert_no_error (error);
  list = df_codex_entry_list (f->store, p->id, NULL, FALSE, &error);
  names = names_of (list);
  g_assert_cmpstr (names, ==, "Mara Quill,Blackwater Keep");
}

static void
test_relations_progressions (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Codex", NULL);
  g_autoptr(DfCodexEntry) mara = add (f, p->id, "character", "Mara", NULL);
  g_autoptr(DfCodexEntry) ilse = add (f, p->id, "character", "Ilse", NULL);
  g_autoptr(DfCodexRelation) rel = NULL;
  g_autoptr(DfCodexProgression) prog = NULL;
  g_autoptr(GPtrArray) list = NULL;
  DfCodexProgression *at;

  rel = df_codex_relation_add (f->store, mara->id, "sister of", ilse->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rel->entry_name, ==, "Mara");
  g_assert_cmpstr (rel->other_name, ==, "Ilse");
  g_assert_null (df_codex_relation_add (f->store, mara->id, "sister of", mara->id, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);
  list = df_codex_relation_list (f->store, ilse->id, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  g_assert_true (df_codex_relation_remove (f->store, mara->id, "sister of", ilse->id, &error));
  list = df_codex_relation_list (f->store, ilse->id, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  g_assert_nonnull (df_codex_progression_add (f->store, mara->id, 1, "hair", "long and red", NULL, &error));
  prog = df_codex_progression_add (f->store, mara->id, 12, "hair", "cut short", "after the fever", &error);
  g_assert_nonnull (df_codex_progression_add (f->store, mara->id, 3, "rank", "captain", NULL, &error));
  g_assert_no_error (error);
  g_assert_null (df_codex_progression_add (f->store, mara->id, 0, "hair", "grey", NULL, &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);

  list = df_codex_progression_list (f->store, mara->id, 0, &error);
  g_assert_cmpuint (list->len, ==, 3);
  g_clear_pointer (&list, g_ptr_array_unref);
  /* In force at chapter 5: long hair, captain; at 12: short hair. */
  list = df_codex_progression_list (f->store, mara->id, 5, &error);
  g_assert_cmpuint (list->len, ==, 2);
  at = list->pdata[0];
  g_assert_cmpstr (at->value, ==, "long and red");
  g_clear_pointer (&list, g_ptr_array_unref);
  list = df_codex_progression_list (f->store, mara->id, 12, &error);
  at = list->pdata[0];
  g_assert_cmpstr (at->value, ==, "cut short");
  g_assert_cmpstr (at->note, ==, "after the fever");
  g_clear_pointer (&list, g_ptr_array_unref);
  g_assert_true (df_codex_progression_remove (f->store, prog->id, &error));
  list = df_codex_progression_list (f->store, mara->id, 12, &error);
  at = list->pdata[0];
  g_assert_cmpstr (at->value, ==, "long and red");
}

/* The texts of the matches of @names in @text, joined with "|". */
static char *
scan (const char * const *names,
      const char         *text)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(DfCodexMatcher) matcher = NULL;
  g_autoptr(GArray) matches = NULL;
  GString *s = g_string_new (NULL);
  guint n = g_strv_length ((char **) names);

  for (guint i = 0; i < n; i++)
    {
      gint64 id = i + 1;
      g_array_append_val (ids, id);
    }
  matcher = df_codex_matcher_new (names, (gint64 *) ids->data, n);
  matches = df_codex_matcher_scan (matcher, text, -1);
  for (guint i = 0; i < matches->len; i++)
    {
      DfCodexMatch *m = &g_array_index (matches, DfCodexMatch, i);
      g_string_append_printf (s, "%s%" G_GINT64_FORMAT ":%.*s", i ? "|" : "", m->entry_id, (int) m->length,
                              text + m->offset);
    }
  return g_string_free (s, FALSE);
}

static void
test_matcher (void)
{
  const char * const *names = DF_TEST_STRV ("Mara", "Bennet", "Mr. Darcy", "Darcy", "Natásha");
  struct { const char *text; const char *expected; } cases[] = {
    /* Whole words, case as written. */
    { "Mara met Marathon runners; mara slept.", "1:Mara" },
    /* Possessives, both apostrophes, and plurals. */
    { "Mara's knife, Mara’s boat, the Bennets and the Maras.", "1:Mara|1:Mara|2:Bennet|1:Mara" },
    /* The longest name at a place wins; accents are letters. */
    { "Mr. Darcy bowed. Darcy smiled at Natásha.", "3:Mr. Darcy|4:Darcy|5:Natásha" },
    /* Not in code or link targets; link text counts. */
    { "Mara `Mara` and [Mara](https://x.org/Mara) <https://Mara.org> http://a/Mara\n\n"
      "```\nMara\n```\n\n    Mara in code\n\nBennet.", "1:Mara|1:Mara|2:Bennet" },
    { "Natásh Natáshas", "5:Natásha" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = scan (names, cases[i].text);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

/* Mentions follow every save, through the normal save path. */
static void
test_mentions_on_save (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Codex", NULL);
  g_autoptr(DfChapter) one = df_test_append_chapter (f->store, p->id, 0, "One", "Nobody yet.");
  g_autoptr(DfChapter) two = df_test_append_chapter (f->store, p->id, 0, "Two", "Mara and Ilse. Mara's turn.");
  g_autoptr(DfCodexEntry) mara = add (f, p->id, "character", "Mara", NULL);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(DfChapter) three = NULL;
  DfCodexMention *m;

  /* A new name: the book indexed on demand. */
  g_assert_true (df_codex_index_project (f->store, p->id, &error));
  g_assert_no_error (error);
  list = df_codex_mentions_of_entry (f->store, mara->id, &error);
  g_assert_cmpuint (list->len, ==, 1);
  m = list->pdata[0];
  g_assert_cmpint (m->chapter_number, ==, 2);
  g_assert_cmpint (m->count, ==, 2);
  g_assert_cmpstr (m->offsets_json, ==, "[0,15]");
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Saving chapter 1 counts it there at once. */
  g_assert_true (df_chapter_save_content (f->store, one->id, "Mara, alone. Then Mara again; Maras all.", &error));
  g_assert_no_error (error);
  list = df_codex_mentions_of_entry (f->store, mara->id, &error);
  g_assert_cmpuint (list->len, ==, 2);
  m = list->pdata[0];
  g_assert_cmpint (m->chapter_number, ==, 1);
  g_assert_cmpint (m->count, ==, 3);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* An alias added (the matcher rebuilt), then a save. */
  g_assert_true (df_codex_entry_add_alias (f->store, mara->id, "the Captain", &error));
  g_assert_true (df_chapter_save_content (f->store, two->id, "Then the Captain spoke; `Mara` is code.", &error));
  list = df_codex_mentions_in_chapter (f->store, two->id, &error);
  g_assert_cmpuint (list->len, ==, 1);
  m = list->pdata[0];
  g_assert_cmpstr (m->entry_name, ==, "Mara");
  g_assert_cmpint (m->count, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* A new chapter with text is counted as it is added. */
  three = df_test_append_chapter (f->store, p->id, 0, "Three", "Mara.");
  list = df_codex_mentions_in_chapter (f->store, three->id, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* A deleted entry is mentioned nowhere. */
  g_assert_true (df_codex_entry_delete (f->store, mara->id, &error));
  list = df_codex_mentions_in_chapter (f->store, three->id, &error);
  g_assert_cmpuint (list->len, ==, 0);
}

/* A database put in the place of another at the same path (a backup
 * restored) with the same story of codex changes: its own names are
 * found, not those the cache knew for that path. */
static void
test_mentions_replaced_database (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup (sqlite3_db_filename (df_store_get_db (f->store), "main"));
  g_autofree char *other_path = g_build_filename (f->tmp, "other.db", NULL);
  const char *names[] = { "Mara", "Ilse" };
  g_autoptr(GPtrArray) mentions = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  DfCodexMention *m;

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(DfStore) store = i == 0 ? g_object_ref (f->store) : df_test_store_open (other_path);
      g_autoptr(DfProject) p = df_test_make_project (store, "Same", NULL);
      g_autoptr(DfChapter) c = df_test_append_chapter (store, p->id, 0, "One", "Mara met Ilse.");
      g_autoptr(DfCodexEntry) entry = df_codex_entry_create (store, p->id, "character", names[i], NULL, NULL,
                                                             &error);

      g_assert_no_error (error);
      g_assert_true (df_codex_index_project (store, p->id, &error));
      g_assert_no_error (error);
    }
  g_clear_object (&f->store);
  {
    g_autofree char *bytes = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (other_path, &bytes, &len, NULL));
    g_assert_true (g_file_set_contents (path, bytes, len, NULL));
  }
  f->store = df_test_store_open (path);
  chapter = df_chapter_get_by_number (f->store, 1, 1, &error);
  g_assert_no_error (error);
  g_assert_true (df_chapter_save_content (f->store, chapter->id, "Ilse met Mara, and Ilse left.", &error));
  g_assert_no_error (error);
  mentions = df_codex_mentions_in_chapter (f->store, chapter->id, &error);
  g_assert_cmpuint (mentions->len, ==, 1);
  m = mentions->pdata[0];
  g_assert_cmpstr (m->entry_name, ==, "Ilse");
  g_assert_cmpstr (m->offsets_json, ==, "[0,19]");
}

static DfProject *
import_corpus (Fixture    *f,
               const char *relative)
{
  g_autofree char *path = df_test_corpus_path (relative);
  g_autoptr(GError) error = NULL;
  g_autoptr(DfImportResult) result = NULL;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the corpus is not there");
      return NULL;
    }
  result = df_import_run (f->store, path, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&result->project);
}

static void
test_suggest_pride (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const expected[] = {
    "Elizabeth", "Darcy", "Bennet", "Jane", "Bingley", "Wickham", "Collins", "Lydia", "Longbourn", "Netherfield",
    "Pemberley", NULL,
  };
  g_autoptr(DfProject) p = import_corpus (f, "novels/pride-and-prejudice.txt");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) top = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (p == NULL)
    return;
  top = df_codex_suggest (f->store, p->id, 30, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < top->len; i++)
    {
      DfCodexSuggestion *s = top->pdata[i];
      g_autofree char *aliases = g_strjoinv (", ", s->aliases);

      g_test_message ("%2u %-20s %-9s %5" G_GINT64_FORMAT " %s", i + 1, s->name, s->kind, s->count, aliases);
      g_ptr_array_add (names, s->name);
    }
  g_ptr_array_add (names, NULL);
  for (guint i = 0; expected[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) names->pdata, expected[i]))
      g_error ("“%s” is not in the top 30 suggestions", expected[i]);
}

/* Schema 10 from 9: the codex's tables are made, the rest kept. */
static void
test_migrate (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Kept", NULL);
  g_autoptr(DfChapter) c = df_test_append_chapter (f->store, p->id, 0, "One", "Mara was here.");
  g_autofree char *path = g_strdup (sqlite3_db_filename (df_store_get_db (f->store), "main"));
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfCodexEntry) mara = NULL;
  g_autoptr(GPtrArray) mentions = NULL;
  sqlite3 *db;

  g_clear_object (&f->store);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TABLE codex_mentions; DROP TABLE codex_progressions;"
                                 " DROP TABLE codex_relations; DROP TABLE codex_entries; DROP TABLE codex_state;"
                                 " PRAGMA user_version = 9", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = df_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (df_store_get_schema_version_at_open (store), ==, 9);
  db = df_store_get_db (store);
  g_assert_cmpint (df_test_sql_int (db, "PRAGMA user_version"), ==, DF_STORE_SCHEMA_VERSION);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM chapters WHERE content_md = 'Mara was here.'"), ==, 1);
  g_assert_cmpint (df_test_sql_int (db, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'codex_%'"), >=, 6);

  /* And the codex works there. */
  mara = df_codex_entry_create (store, p->id, "character", "Mara", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (df_codex_index_project (store, p->id, &error));
  mentions = df_codex_mentions_of_entry (store, mara->id, &error);
  g_assert_cmpuint (mentions->len, ==, 1);
  f->store = g_steal_pointer (&store);
}

/* The files of @dir/codex, each "name\ntext\n", sorted. */
static char *
codex_files (const char *dir)
{
  g_autofree char *codex = g_build_filename (dir, "codex", NULL);
  g_autoptr(GPtrArray) names = df_test_dir_names (codex);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (codex, names->pdata[i], NULL);
      g_autofree char *text = df_test_read_file (path, NULL);

      g_string_append_printf (s, "%s\n%s\n", (char *) names->pdata[i], text);
    }
  return g_string_free (s, FALSE);
}

/* export-folder, import, export-folder: the same codex files, and the
 * imported codex as it was (deleted entries, relations, progressions,
 * notes with "---" in them), its mentions found. */
static void
test_folder_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Round", NULL);
  g_autoptr(DfChapter) c = df_test_append_chapter (f->store, p->id, 0, "One", "Mara met Ilse at the Keep.");
  g_autoptr(DfCodexEntry) mara = add (f, p->id, "character", "Mara", DF_TEST_STRV ("the Captain"));
  g_autoptr(DfCodexEntry) ilse = add (f, p->id, "character", "Ilse", NULL);
  g_autoptr(DfCodexEntry) keep = add (f, p->id, "location", "Keep", NULL);
  g_autoptr(DfCodexRelation) rel = NULL;
  g_autoptr(DfCodexProgression) prog = NULL;
  g_autoptr(DfImportResult) result = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(DfCodexEntry) back = NULL;
  g_autofree char *one = g_build_filename (f->tmp, "one", NULL);
  g_autofree char *two = g_build_filename (f->tmp, "two", NULL);
  g_autofree char *files_one = NULL;
  g_autofree char *files_two = NULL;

  g_assert_true (df_codex_entry_set_notes (f->store, mara->id, "Notes\n---\nwith a rule", &error));
  g_assert_true (df_codex_entry_set_description (f->store, mara->id, "A smuggler.\n\n## Past\nLong.\n", &error));
  g_assert_true (df_codex_entry_set_tags (f->store, mara->id, DF_TEST_STRV ("crew"), &error));
  g_assert_true (df_codex_entry_set_color (f->store, ilse->id, "#e01b24", &error));
  rel = df_codex_relation_add (f->store, mara->id, "sister of", ilse->id, &error);
  prog = df_codex_progression_add (f->store, mara->id, 12, "hair", "cut short", "fever", &error);
  g_assert_true (df_codex_entry_delete (f->store, keep->id, &error));
  g_assert_no_error (error);

  g_assert_true (df_export_folder (f->store, p->id, one, &error));
  g_assert_no_error (error);
  result = df_import_run (f->store, one, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (df_export_folder (f->store, result->project->id, two, &error));
  g_assert_no_error (error);

  files_one = codex_files (one);
  files_two = codex_files (two);
  g_assert_cmpstr (files_two, ==, files_one);
  df_test_assert_contains (files_one, "ilse.md\n---\nkind: \"character\"\nname: \"Ilse\"\n");
  df_test_assert_contains (files_one, "---\nA smuggler.\n\n## Past\nLong.\n\n");

  list = df_codex_entry_list (f->store, result->project->id, NULL, TRUE, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((DfCodexEntry *) list->pdata[0])->name, ==, "Keep");
  g_clear_pointer (&list, g_ptr_array_unref);
  back = df_codex_entry_find (f->store, result->project->id, "the Captain", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->notes, ==, "Notes\n---\nwith a rule");
  g_assert_cmpint (back->mentions, ==, 1);
  list = df_codex_relation_list (f->store, back->id, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = df_codex_progression_list (f->store, back->id, 12, &error);
  g_assert_cmpuint (list->len, ==, 1);
}

/* A codex/ folder made by hand (no list in project.json) is read too. */
static void
test_folder_by_hand (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Hand", NULL);
  g_autoptr(DfChapter) c = df_test_append_chapter (f->store, p->id, 0, "One", "Tobias rode in.");
  g_autoptr(DfImportResult) result = NULL;
  g_autoptr(DfCodexEntry) tobias = NULL;
  g_autofree char *dir = g_build_filename (f->tmp, "hand", NULL);
  g_autofree char *codex = g_build_filename (dir, "codex", NULL);

  g_assert_true (df_export_folder (f->store, p->id, dir, &error));
  g_assert_cmpint (g_mkdir (codex, 0700), ==, 0);
  g_free (df_test_write_file (codex, "tobias.md", "---\nkind: \"character\"\nname: \"Tobias\"\n---\nA rider.", -1));
  g_free (df_test_write_file (codex, "bad.txt", "not an entry", -1));
  result = df_import_run (f->store, dir, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  tobias = df_codex_entry_find (f->store, result->project->id, "Tobias", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tobias->description, ==, "A rider.");
  g_assert_cmpint (tobias->mentions, ==, 1);
}

static JsonObject *
object_at (JsonNode *node,
           guint     i)
{
  return json_array_get_object_element (json_node_get_array (node), i);
}

/* The command line's forms, with --json. */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *db = g_strdup (sqlite3_db_filename (df_store_get_db (f->store), "main"));
  g_autoptr(DfProject) p = df_test_make_project (f->store, "Saga", NULL);
  g_autoptr(DfChapter) c1 = df_test_append_chapter (f->store, p->id, 0, "Dawn", "Mara woke. Mara's boat.");
  g_autoptr(DfChapter) c2 = df_test_append_chapter (f->store, p->id, 0, "Dusk", "The Captain slept; Ilse kept watch.");
  g_autoptr(DfTestRun) run = NULL;
  g_autoptr(JsonNode) json = NULL;
  JsonObject *o;
  JsonArray *mentions;

  if (!df_test_have_cli ())
    return;
#define CLI(...) G_STMT_START { \
    g_clear_pointer (&run, df_test_run_free); \
    run = df_test_run_cli_args (db, NULL, NULL, __VA_ARGS__, NULL); \
  } G_STMT_END
  CLI ("codex", "add", "saga", "character", "Mara", "--alias", "The Captain", "--description", "A smuggler");
  df_test_assert_run_ok (run);
  df_test_assert_contains (run->out, "3 mentions");
  CLI ("codex", "add", "saga", "character", "Ilse");
  df_test_assert_run_ok (run);
  CLI ("codex", "add", "saga", "person", "Tobias");
  df_test_assert_run_fails (run, 1, "character, location, object, lore, other");
  CLI ("codex", "show", "saga", "Nobody");
  df_test_assert_run_fails (run, 1, "codex list saga");
  CLI ("codex", "relate", "saga", "Mara", "sister of", "Ilse");
  df_test_assert_run_ok (run);
  CLI ("codex", "progress", "saga", "mara", "--from-chapter", "2", "hair", "cut short", "--note", "fever");
  df_test_assert_run_ok (run);
  CLI ("codex", "progress", "saga", "mara", "hair", "grey");
  df_test_assert_run_fails (run, 2, "--from-chapter");

  CLI ("codex", "show", "saga", "the captain", "--json");
  df_test_assert_run_ok (run);
  json = df_test_run_json (run);
  o = json_node_get_object (json);
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "Mara");
  g_assert_cmpint (json_object_get_int_member (o, "mention_count"), ==, 3);
  mentions = json_object_get_array_member (o, "mentions");
  g_assert_cmpuint (json_array_get_length (mentions), ==, 2);
  o = json_array_get_object_element (mentions, 1);
  g_assert_cmpint (json_object_get_int_member (o, "chapter"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (o, "title"), ==, "Dusk");
  g_assert_cmpint (json_object_get_int_member (o, "count"), ==, 1);
  o = json_node_get_object (json);
  g_assert_cmpstr (json_object_get_string_member (object_at (json_object_get_member (o, "relations"), 0), "to"), ==,
                   "Ilse");
  g_assert_cmpstr (json_object_get_string_member (object_at (json_object_get_member (o, "progressions"), 0), "value"),
                   ==, "cut short");
  g_clear_pointer (&json, json_node_unref);

  CLI ("codex", "alias", "saga", "Mara", "The Captain", "--remove");
  df_test_assert_run_ok (run);
  CLI ("codex", "list", "saga", "--kind", "character", "--json");
  df_test_assert_run_ok (run);
  json = df_test_run_json (run);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json)), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object_at (json, 1), "mention_count"), ==, 2);
  g_clear_pointer (&json, json_node_unref);

  CLI ("codex", "delete", "saga", "Ilse");
  df_test_assert_run_ok (run);
  CLI ("codex", "restore", "saga", "Ilse");
  df_test_assert_run_ok (run);
  CLI ("codex", "rename", "saga", "Ilse", "Ilse Marr");
  df_test_assert_run_ok (run);
  CLI ("codex", "index", "saga", "--json");
  df_test_assert_run_ok (run);
  json = df_test_run_json (run);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json), "mentions"), ==, 2);
  g_clear_pointer (&json, json_node_unref);

  CLI ("codex", "suggest", "saga", "--json");
  df_test_assert_run_ok (run);
  json = df_test_run_json (run);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json));
#undef CLI
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  DF_TEST_ADD_STORE ("/store/migrate/codex", test_migrate);
  DF_TEST_ADD_STORE ("/codex/entries", test_entries);
  DF_TEST_ADD_STORE ("/codex/relations-progressions", test_relations_progressions);
  g_test_add_func ("/codex/matcher", test_matcher);
  DF_TEST_ADD_STORE ("/codex/mentions-on-save", test_mentions_on_save);
  DF_TEST_ADD_STORE ("/codex/mentions-replaced-database", test_mentions_replaced_database);
  DF_TEST_ADD_STORE ("/codex/suggest/pride-and-prejudice", test_suggest_pride);
  DF_TEST_ADD_STORE ("/codex/folder/round-trip", test_folder_round_trip);
  DF_TEST_ADD_STORE ("/codex/folder/by-hand", test_folder_by_hand);
  DF_TEST_ADD_STORE ("/codex/cli", test_cli);

  return g_test_run ();
}
