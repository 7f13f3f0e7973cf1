/* test-ui-codex.c: the codex in the project view
 *
 * The codex is opened as a writer opens it (Ctrl+Shift+K): its entries
 * by kind, the search, an entry's page with its aliases, relations,
 * progressions and the chapters that mention it; choosing a chapter
 * opens it with the mention selected.  An empty codex fills itself from
 * the text's suggestions with one click, and a new entry comes from the
 * + popover.  What the database holds is checked after each step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-codex.h"
#include "df-codex-view.h"
#include "df-editor.h"
#include "df-model.h"
#include "df-project-view.h"
#include "ui-test-util.h"

typedef UiTestApp Fixture;

/* Opens @slug and its codex with Ctrl+Shift+K. */
static DfCodexView *
open_codex (Fixture    *f,
            const char *slug)
{
  DfProjectView *view = ui_test_app_open_project (f, slug);
  GtkWidget *codex = ui_test_get (GTK_WIDGET (view), DF_TYPE_CODEX_VIEW, NULL);
  GtkWidget *stack = gtk_widget_get_ancestor (codex, GTK_TYPE_STACK);

  g_assert_true (ui_test_press_shortcut (GTK_WIDGET (view), GDK_KEY_k, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "codex");
  ui_test_flush ();
  return DF_CODEX_VIEW (codex);
}

static void
add_saga (Fixture *f)
{
  df_test_add_project (f->db_path, "Saga", "Dawn", "The wind rose over the harbour.",
                       "Dusk", "At dusk the boat came in. Then Mara's crew ran; Mara laughed at Ilse.", NULL);
}

/* The text selected in the editor. */
static char *
selected_text (DfProjectView *view)
{
  GtkWidget *editor = ui_test_get (GTK_WIDGET (view), DF_TYPE_EDITOR, NULL);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor));
  GtkTextIter start, end;

  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return g_strdup ("");
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
has_selection (gpointer data)
{
  g_autofree char *text = selected_text (data);

  return *text != '\0';
}

/* Whether the page lists two chapters (@data: its list of mentions). */
static gboolean
two_chapters_listed (gpointer data)
{
  return gtk_list_box_get_row_at_index (data, 1) != NULL;
}

/* Entries by kind, search, an entry's page (an alias added there), a
 * mention opens its chapter. */
static void
test_entry_page (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfCodexEntry) mara = NULL;
  g_autoptr(DfCodexEntry) ilse = NULL;
  g_autoptr(DfCodexEntry) harbour = NULL;
  g_autoptr(DfCodexRelation) relation = NULL;
  g_autoptr(DfCodexProgression) progression = NULL;
  g_autofree char *selected = NULL;
  DfProjectView *view;
  DfCodexView *codex;
  GtkWidget *name, *mentions, *row, *search;
  DfStore *store;
  gint64 saga;

  if (ui_test_skip_without_display ())
    return;
  add_saga (f);
  ui_test_app_start (f);
  store = ui_test_app_get_store (f);
  saga = ui_test_app_project_id (f, "saga");
  mara = df_codex_entry_create (store, saga, "character", "Mara", DF_TEST_STRV ("the Captain"), "A smuggler.", &error);
  ilse = df_codex_entry_create (store, saga, "character", "Ilse", NULL, NULL, &error);
  harbour = df_codex_entry_create (store, saga, "location", "Harbour", NULL, NULL, &error);
  relation = df_codex_relation_add (store, mara->id, "sister of", ilse->id, &error);
  progression = df_codex_progression_add (store, mara->id, 2, "hair", "cut short", "fever", &error);
  g_assert_true (df_codex_index_project (store, saga, &error));
  g_assert_no_error (error);

  codex = open_codex (f, "saga");
  view = ui_test_app_get_project_view (f);
  g_assert_cmpuint (df_codex_view_get_n_listed (codex), ==, 3);
  ui_test_save_png (GTK_WIDGET (view), "codex-list");

  /* Searching an alias finds its entry. */
  search = ui_test_get (GTK_WIDGET (codex), GTK_TYPE_SEARCH_ENTRY, "codex-search");
  gtk_editable_set_text (GTK_EDITABLE (search), "captain");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (df_codex_view_get_n_listed (codex), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (df_codex_view_get_n_listed (codex), ==, 3);

  /* Mara's page: her name, her mentions (two, in chapter 2). */
  df_codex_view_show_entry (codex, mara->id);
  ui_test_flush ();
  name = ui_test_get (GTK_WIDGET (codex), GTK_TYPE_LABEL, "codex-name");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (name)), ==, "Mara");
  mentions = ui_test_get (GTK_WIDGET (codex), GTK_TYPE_LIST_BOX, "codex-mentions");
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (mentions), 0));
  g_assert_nonnull (row);
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (mentions), 1));
  ui_test_save_png (GTK_WIDGET (view), "codex-entry");

  /* Another alias, written on the page and saved: found in the text. */
  {
    GtkWidget *aliases = ui_test_get (GTK_WIDGET (codex), GTK_TYPE_ENTRY, "codex-aliases");
    g_autoptr(DfCodexEntry) saved = NULL;

    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (aliases)), ==, "the Captain");
    gtk_editable_set_text (GTK_EDITABLE (aliases), "the Captain, The wind");
    gtk_widget_activate_action (GTK_WIDGET (codex), "codex.save", NULL);
    /* Chapter 1 mentions her now; chapter 2 comes second. */
    df_test_wait_until (two_chapters_listed, mentions);
    saved = df_codex_entry_get (store, mara->id, &error);
    g_assert_cmpstr (saved->aliases_json, ==, "[\"the Captain\",\"The wind\"]");
    g_assert_cmpint (saved->mentions, ==, 3);
    row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (mentions), 1));
    g_assert_nonnull (row);
  }

  /* Choosing the chapter opens it with the first mention selected. */
  g_signal_emit_by_name (row, "activate");
  ui_test_flush ();
  df_test_wait_until (has_selection, view);
  selected = selected_text (view);
  g_assert_cmpstr (selected, ==, "Mara");
  {
    g_autofree char *text = ui_test_editor_text (view);
    g_assert_nonnull (strstr (text, "Mara's crew"));
  }
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (codex)));
}

static gboolean
listed_some (gpointer data)
{
  return df_codex_view_get_n_listed (data) > 0;
}

typedef struct
{
  DfCodexView *codex;
  guint        n;
} Listed;

static gboolean
listed_more (gpointer data)
{
  Listed *listed = data;

  return df_codex_view_get_n_listed (listed->codex) > listed->n;
}

/* An empty codex: Suggest From the Text fills it; + adds one entry. */
static void
test_suggest_and_add (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(DfCodexEntry) tobias = NULL;
  g_autoptr(DfCodexEntry) keep = NULL;
  DfCodexView *codex;
  GtkWidget *entry;
  Listed listed;
  gint64 saga;

  if (ui_test_skip_without_display ())
    return;
  df_test_add_project (f->db_path, "Saga", "One",
                       "Then Tobias came. Later Tobias rode to Greywater, and Tobias slept in Greywater.",
                       "Two", "In the morning Tobias left Greywater. Ilse said nothing; Tobias smiled.", NULL);
  ui_test_app_start (f);
  saga = ui_test_app_project_id (f, "saga");
  codex = open_codex (f, "saga");
  g_assert_cmpuint (df_codex_view_get_n_listed (codex), ==, 0);
  ui_test_save_png (GTK_WIDGET (ui_test_app_get_project_view (f)), "codex-empty");

  g_assert_true (ui_test_can_click (GTK_WIDGET (codex), "codex-suggest"));
  gtk_widget_activate (ui_test_get (GTK_WIDGET (codex), GTK_TYPE_BUTTON, "codex-suggest"));
  df_test_wait_until (listed_some, codex);
  entries = df_codex_entry_list (ui_test_app_get_store (f), saga, NULL, FALSE, &error);
  g_assert_no_error (error);
  tobias = df_codex_entry_find (ui_test_app_get_store (f), saga, "Tobias", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tobias->mentions, ==, 5);

  /* The + popover: a new location. */
  entry = ui_test_get (GTK_WIDGET (codex), GTK_TYPE_ENTRY, "codex-new-name");
  gtk_editable_set_text (GTK_EDITABLE (entry), "Keep");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (ui_test_get (GTK_WIDGET (codex), GTK_TYPE_DROP_DOWN, "codex-new-kind")),
                              1);
  listed.codex = codex;
  listed.n = df_codex_view_get_n_listed (codex);
  gtk_widget_activate_action (GTK_WIDGET (codex), "codex.add", NULL);
  df_test_wait_until (listed_more, &listed);
  keep = df_codex_entry_find (ui_test_app_get_store (f), saga, "Keep", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keep->kind, ==, "location");
}

static gboolean
toast_says_nothing_to_suggest (gpointer data)
{
  const char *text = ui_test_toast_text (data);

  return text != NULL && strstr (text, "No names recur") != NULL;
}

/* Suggesting from a text where no name recurs says so, rather than
 * nothing happening at all. */
static void
test_suggest_nothing (Fixture       *f,
                      gconstpointer  data)
{
  DfCodexView *codex;

  if (ui_test_skip_without_display ())
    return;
  df_test_add_project (f->db_path, "Short", "One", "Mara came to the orchard at dusk.", NULL);
  ui_test_app_start (f);
  codex = open_codex (f, "short");
  g_assert_null (ui_test_toast_text (GTK_WIDGET (f->window)));
  gtk_widget_activate (ui_test_get (GTK_WIDGET (codex), GTK_TYPE_BUTTON, "codex-suggest"));
  ui_test_wait_until (toast_says_nothing_to_suggest, f->window, 10000);
  g_assert_cmpuint (df_codex_view_get_n_listed (codex), ==, 0);
  g_assert_true (ui_test_can_click (GTK_WIDGET (codex), "codex-suggest"));
}

/* On an entry's page, a relation and a progression removed with their
 * rows' buttons: gone from the page and from the database. */
static void
test_remove_relation_progression (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfCodexEntry) mara = NULL;
  g_autoptr(DfCodexEntry) ilse = NULL;
  g_autoptr(DfCodexRelation) relation = NULL;
  g_autoptr(DfCodexProgression) progression = NULL;
  g_autoptr(GPtrArray) relations = NULL;
  g_autoptr(GPtrArray) progressions = NULL;
  DfCodexView *codex;
  GtkWidget *button;
  DfStore *store;
  gint64 saga;

  if (ui_test_skip_without_display ())
    return;
  add_saga (f);
  ui_test_app_start (f);
  store = ui_test_app_get_store (f);
  saga = ui_test_app_project_id (f, "saga");
  mara = df_codex_entry_create (store, saga, "character", "Mara", NULL, NULL, &error);
  ilse = df_codex_entry_create (store, saga, "character", "Ilse", NULL, NULL, &error);
  relation = df_codex_relation_add (store, mara->id, "sister of", ilse->id, &error);
  progression = df_codex_progression_add (store, mara->id, 2, "hair", "cut short", NULL, &error);
  g_assert_no_error (error);

  codex = open_codex (f, "saga");
  df_codex_view_show_entry (codex, mara->id);
  ui_test_flush ();
  g_assert_true (gtk_widget_get_visible (ui_test_get (GTK_WIDGET (codex), GTK_TYPE_LIST_BOX, "relation_list")));

  button = ui_test_find_button (GTK_WIDGET (codex), "Remove Relation");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  ui_test_flush ();
  relations = df_codex_relation_list (store, mara->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (relations->len, ==, 0);
  g_assert_false (gtk_widget_get_visible (ui_test_get (GTK_WIDGET (codex), GTK_TYPE_LIST_BOX, "relation_list")));

  button = ui_test_find_button (GTK_WIDGET (codex), "Remove Progression");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  ui_test_flush ();
  progressions = df_codex_progression_list (store, mara->id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (progressions->len, ==, 0);
  g_assert_null (ui_test_find_button (GTK_WIDGET (codex), "Remove Progression"));
}

static gboolean
mara_shown (gpointer data)
{
  GtkWidget *name = ui_test_get (GTK_WIDGET (data), GTK_TYPE_LABEL, "codex-name");

  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (name)), "Mara") == 0 &&
         gtk_widget_is_drawable (name);
}

/* A deleted entry is listed under Deleted; Restore brings it back, with
 * its mentions, and shows its page. */
static void
test_delete_and_restore (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfCodexEntry) mara = NULL;
  g_autoptr(DfCodexEntry) back = NULL;
  DfCodexView *codex;
  GtkWidget *button;
  DfStore *store;
  gint64 saga;

  if (ui_test_skip_without_display ())
    return;
  add_saga (f);
  ui_test_app_start (f);
  store = ui_test_app_get_store (f);
  saga = ui_test_app_project_id (f, "saga");
  mara = df_codex_entry_create (store, saga, "character", "Mara", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (df_codex_index_project (store, saga, &error));

  codex = open_codex (f, "saga");
  df_codex_view_show_entry (codex, mara->id);
  ui_test_flush ();
  g_assert_null (ui_test_find_button (GTK_WIDGET (codex), "Restore"));
  gtk_widget_activate_action (GTK_WIDGET (codex), "codex.delete", NULL);
  ui_test_flush ();
  g_assert_cmpuint (df_codex_view_get_n_listed (codex), ==, 0);
  back = df_codex_entry_find (store, saga, "Mara", FALSE, &error);
  g_assert_null (back);
  g_clear_error (&error);

  button = ui_test_find_button (GTK_WIDGET (codex), "Restore");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  df_test_wait_until (mara_shown, codex);
  g_assert_cmpuint (df_codex_view_get_n_listed (codex), ==, 1);
  g_assert_null (ui_test_find_button (GTK_WIDGET (codex), "Restore"));
  back = df_codex_entry_find (store, saga, "Mara", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->mentions, ==, 2);
}

int
main (int    argc,
      char **argv)
{
  ui_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, UiTestApp, NULL, ui_test_app_set_up, func, ui_test_app_tear_down)
  ADD ("/ui/codex/entry-page", test_entry_page);
  ADD ("/ui/codex/suggest-and-add", test_suggest_and_add);
  ADD ("/ui/codex/suggest-nothing", test_suggest_nothing);
  ADD ("/ui/codex/remove-relation-progression", test_remove_relation_progression);
  ADD ("/ui/codex/delete-and-restore", test_delete_and_restore);

  return g_test_run ();
}
