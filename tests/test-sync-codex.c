/* test-sync-codex.c: the codex merged three ways on a pull
 *
 * Two databases stand for two devices and a bare repository for the
 * remote (test-sync-util.h).  What B changes in the codex (a relation, a
 * progression, a deletion) comes to A; what both change keeps A's and
 * keeps B's in the entry's notes, with a notice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "df-codex.h"
#include "df-model.h"
#include "test-sync-util.h"

/* Entry @name of "book" in @db, as `codex show --json` has it. */
static JsonObject *
entry (const char *db,
       const char *name,
       JsonNode  **keep)
{
  *keep = df_test_run_cli_json (db, "codex", "show", "book", name, "--json", NULL);
  return json_node_get_object (*keep);
}

static char *
entry_string (const char *db,
              const char *name,
              const char *member)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o = entry (db, name, &node);

  return g_strdup (json_object_get_string_member_with_default (o, member, NULL));
}

/* "label>other" of each relation from or to @name, joined by ";" */
static char *
relations (const char *db,
           const char *name)
{
  g_autoptr(JsonNode) node = NULL;
  JsonArray *list = json_object_get_array_member (entry (db, name, &node), "relations");
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      g_autofree char *one = json_to_string (json_array_get_element (list, i), FALSE);
      g_string_append_printf (out, "%s;", one);
    }
  return g_string_free (out, FALSE);
}

/* "chapter field=value" of each progression of @name, joined by ";" */
static char *
progressions (const char *db,
              const char *name)
{
  g_autoptr(JsonNode) node = NULL;
  JsonArray *list = json_object_get_array_member (entry (db, name, &node), "progressions");
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *p = json_array_get_object_element (list, i);
      g_string_append_printf (out, "%" G_GINT64_FORMAT " %s=%s;", json_object_get_int_member (p, "from_chapter"),
                              json_object_get_string_member (p, "field"), json_object_get_string_member (p, "value"));
    }
  return g_string_free (out, FALSE);
}

/* The deleted entries' names in @db, joined by ";". */
static char *
deleted (const char *db)
{
  g_autoptr(DfStore) store = df_test_store_open (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = df_project_get (store, "book", FALSE, &error);
  g_autoptr(GPtrArray) list = NULL;
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  list = df_codex_entry_list (store, project->id, NULL, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    g_string_append_printf (out, "%s;", ((DfCodexEntry *) list->pdata[i])->name);
  return g_string_free (out, FALSE);
}

/* Both devices with Mara and Tomas in the codex. */
static void
two_with_codex (Sync *s)
{
  two_devices (s, s->bare, NULL);
  g_free (df_test_run_cli_ok (s->a, "codex", "add", "book", "character", "Mara", "--description", "A sailor.", NULL));
  g_free (df_test_run_cli_ok (s->a, "codex", "add", "book", "character", "Tomas", "--description", "A fisherman.", NULL));
  g_free (df_test_run_cli_ok (s->a, "codex", "progress", "book", "Mara", "eyes", "grey", "--from-chapter", "1", NULL));
  sync_both (s, NULL);
}

/* A relation added on B comes to A; removed on B, it goes from A. */
static void
test_relation (Sync          *s,
               gconstpointer  data)
{
  g_autofree char *rel = NULL;

  (void) data;
  if (s->dir == NULL)
    return;
  two_with_codex (s);
  g_free (df_test_run_cli_ok (s->b, "codex", "relate", "book", "Tomas", "brother of", "Mara", NULL));
  g_free (df_test_run_cli_ok (s->a, "codex", "set", "book", "Mara", "notes", "Ann's note.", NULL));
  sync_both (s, NULL);
  rel = relations (s->a, "Mara");
  df_test_assert_contains (rel, "brother of");
  g_free (rel);
  rel = entry_string (s->b, "Mara", "notes");
  g_assert_cmpstr (rel, ==, "Ann's note.");

  g_free (df_test_run_cli_ok (s->b, "codex", "relate", "book", "Tomas", "brother of", "Mara", "--remove", NULL));
  sync_both (s, NULL);
  g_free (rel);
  rel = relations (s->a, "Mara");
  g_assert_cmpstr (rel, ==, "");
}

/* A progression changed on B (removed and recorded anew, as the Codex
 * view does) and one added on A: A has both, once each. */
static void
test_progression (Sync          *s,
                  gconstpointer  data)
{
  g_autofree char *prog = NULL;
  g_autoptr(GError) error = NULL;

  (void) data;
  if (s->dir == NULL)
    return;
  two_with_codex (s);
  {
    g_autoptr(DfStore) store = df_test_store_open (s->b);
    g_autoptr(DfProject) project = df_project_get (store, "book", FALSE, &error);
    g_autoptr(DfCodexEntry) mara = df_codex_entry_find (store, project->id, "Mara", FALSE, &error);
    g_autoptr(GPtrArray) list = df_codex_progression_list (store, mara->id, 0, &error);
    g_autoptr(DfCodexProgression) added = NULL;

    g_assert_no_error (error);
    g_assert_true (df_codex_progression_remove (store, ((DfCodexProgression *) list->pdata[0])->id, &error));
    added = df_codex_progression_add (store, mara->id, 1, "eyes", "green", "in the sun", &error);
    g_assert_no_error (error);
  }
  g_free (df_test_run_cli_ok (s->a, "codex", "progress", "book", "Mara", "hair", "cut short", "--from-chapter", "2", NULL));
  sync_both (s, NULL);
  prog = progressions (s->a, "Mara");
  g_assert_cmpstr (prog, ==, "1 eyes=green;2 hair=cut short;");
  g_free (prog);
  prog = progressions (s->b, "Mara");
  g_assert_cmpstr (prog, ==, "1 eyes=green;2 hair=cut short;");
}

/* Deleted on B and untouched on A: deleted on A.  Deleted on B and
 * edited on A: it stays, with a notice. */
static void
test_deleted (Sync          *s,
              gconstpointer  data)
{
  g_autofree char *out = NULL, *gone = NULL, *desc = NULL;

  (void) data;
  if (s->dir == NULL)
    return;
  two_with_codex (s);
  g_free (df_test_run_cli_ok (s->b, "codex", "delete", "book", "Tomas", NULL));
  g_free (df_test_run_cli_ok (s->b, "codex", "delete", "book", "Mara", NULL));
  g_free (df_test_run_cli_ok (s->a, "codex", "set", "book", "Mara", "description", "A sailor, home again.", NULL));
  g_free (df_test_run_cli_ok (s->b, "sync", "book", NULL));
  out = df_test_run_cli_ok (s->a, "sync", "book", NULL);
  df_test_assert_contains (out, "The codex entry “Mara” was deleted on the other side and changed on this side: "
                                "it is kept");
  gone = deleted (s->a);
  g_assert_cmpstr (gone, ==, "Tomas;");
  desc = entry_string (s->a, "Mara", "description");
  g_assert_cmpstr (desc, ==, "A sailor, home again.");

  /* B takes what A kept */
  g_free (df_test_run_cli_ok (s->b, "sync", "book", NULL));
  g_free (gone);
  gone = deleted (s->b);
  g_assert_cmpstr (gone, ==, "Tomas;");
}

/* Both edited: the same field keeps A's, B's is in the notes, with a
 * notice; different fields take each side's. */
static void
test_both_edited (Sync          *s,
                  gconstpointer  data)
{
  g_autofree char *out = NULL, *desc = NULL, *notes = NULL, *color = NULL, *b_notes = NULL;

  (void) data;
  if (s->dir == NULL)
    return;
  two_with_codex (s);
  g_free (df_test_run_cli_ok (s->a, "codex", "set", "book", "Mara", "description", "Ann's sailor.", NULL));
  g_free (df_test_run_cli_ok (s->b, "codex", "set", "book", "Mara", "description", "Ben's sailor.", NULL));
  g_free (df_test_run_cli_ok (s->b, "codex", "set", "book", "Mara", "color", "#336699", NULL));
  g_free (df_test_run_cli_ok (s->b, "codex", "progress", "book", "Mara", "eyes", "blue", "--from-chapter", "3", NULL));
  g_free (df_test_run_cli_ok (s->a, "codex", "progress", "book", "Mara", "eyes", "brown", "--from-chapter", "3", NULL));
  g_free (df_test_run_cli_ok (s->b, "sync", "book", NULL));
  out = df_test_run_cli_ok (s->a, "sync", "book", NULL);
  df_test_assert_contains (out, "The codex entry “Mara” was changed on both sides: this side’s is kept, and the "
                                "other side’s is in its notes");
  desc = entry_string (s->a, "Mara", "description");
  g_assert_cmpstr (desc, ==, "Ann's sailor.");
  color = entry_string (s->a, "Mara", "color");
  g_assert_cmpstr (color, ==, "#336699");
  notes = entry_string (s->a, "Mara", "notes");
  df_test_assert_contains (notes, "The other side’s version, from Ben");
  df_test_assert_contains (notes, "Description: Ben's sailor.");
  df_test_assert_contains (notes, "Progression from chapter 3, eyes: blue");
  g_assert_null (strstr (notes, "#336699"));

  /* B then has A's merge, B's words in the notes, nothing lost */
  g_free (df_test_run_cli_ok (s->b, "sync", "book", NULL));
  b_notes = entry_string (s->b, "Mara", "notes");
  g_assert_cmpstr (b_notes, ==, notes);
  g_free (desc);
  desc = entry_string (s->b, "Mara", "description");
  g_assert_cmpstr (desc, ==, "Ann's sailor.");
}

/* A first version with the codex in it: its folder in the work tree
 * too, git finds everything clean and sound. */
static void
test_first_version (Sync          *s,
                    gconstpointer  data)
{
  g_autofree char *status = NULL, *file = NULL, *text = NULL, *shown = NULL;

  (void) data;
  if (s->dir == NULL)
    return;
  g_free (df_test_run_cli_ok (s->a, "project", "new", "Book", NULL));
  g_free (df_test_run_cli_ok (s->a, "chapter", "add", "book", "One", NULL));
  g_free (df_test_run_cli_ok (s->a, "codex", "add", "book", "character", "Mara", "--description", "A sailor.", NULL));
  g_free (df_test_run_cli_ok (s->a, "sync", "init", "book", "--repo", s->repo_a, NULL));
  status = git (s->repo_a, "status", "--porcelain", "--untracked-files=all", NULL);
  g_assert_cmpstr (status, ==, "");
  g_free (git (s->repo_a, "diff-files", "--quiet", NULL));
  g_free (git (s->repo_a, "fsck", "--strict", "--no-dangling", NULL));
  file = g_build_filename (s->repo_a, "codex", "mara.md", NULL);
  g_assert_true (g_file_get_contents (file, &text, NULL, NULL));
  shown = git (s->repo_a, "show", "HEAD:codex/mara.md", NULL);
  g_assert_cmpstr (shown, ==, text);
  df_test_assert_contains (text, "A sailor.");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  SYNC_TEST ("/sync/codex/first-version", test_first_version);
  SYNC_TEST ("/sync/codex/relation", test_relation);
  SYNC_TEST ("/sync/codex/progression", test_progression);
  SYNC_TEST ("/sync/codex/deleted", test_deleted);
  SYNC_TEST ("/sync/codex/both-edited", test_both_edited);

  return g_test_run ();
}
