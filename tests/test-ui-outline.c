/* test-ui-outline.c: the outline of a book in the project view
 *
 * The outline is opened as a writer opens it (Ctrl+Shift+O), a synopsis
 * is edited in place, the status of several chapters changed at once, a
 * point of view chosen, rows moved, labels coloured, and each change
 * undone with Ctrl+Z; what the database holds is checked after each step;
 * the corkboard too.  With -m perf, the outline and the corkboard of War
 * and Peace are timed.  Splitting, merging and sessions are in
 * test-ui-planning.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-chapter-row.h"
#include "df-codex.h"
#include "df-corkboard-view.h"
#include "df-synopsis-cell.h"
#include "df-editor.h"
#include "df-import.h"
#include "df-planning.h"
#include "df-model.h"
#include "df-outline-view.h"
#include "df-project-sidebar.h"
#include "df-project-view.h"
#include "ui-test-util.h"

typedef UiTestApp Fixture;

static char *
status_of (Fixture *f,
           gint64   number)
{
  g_autoptr(DfChapter) chapter = ui_test_app_get_chapter (f, "plan", number);
  return g_strdup (chapter->status);
}

/* Opens the project "plan" and its outline with Ctrl+Shift+O. */
static DfOutlineView *
open_outline (Fixture *f)
{
  DfProjectView *view = ui_test_app_open_project (f, "plan");
  GtkWidget *outline = ui_test_get (GTK_WIDGET (view), DF_TYPE_OUTLINE_VIEW, NULL);
  GtkWidget *stack = gtk_widget_get_ancestor (outline, GTK_TYPE_STACK);

  g_assert_true (ui_test_press_shortcut (GTK_WIDGET (view), GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "outline");
  ui_test_flush ();
  return DF_OUTLINE_VIEW (outline);
}

static void
add_plan (Fixture *f)
{
  df_test_add_project (f->db_path, "Plan", "One", "Words one.", "Two", "Words two, more.", "Three", "Three.",
                       "Four", "", NULL);
}

/* What the synopsis cell of the first row shows. */
static const char *
cell_text (DfOutlineView *outline)
{
  GtkWidget *cell = ui_test_get (GTK_WIDGET (outline), GTK_TYPE_BOX, "synopsis");

  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (cell)));
}

static gboolean
press_undo (DfOutlineView *outline)
{
  GtkWidget *table = ui_test_get (GTK_WIDGET (outline), GTK_TYPE_COLUMN_VIEW, "outline");

  return ui_test_press_shortcut (table, GDK_KEY_z, GDK_CONTROL_MASK);
}

/* The synopsis of the first row, edited in place and then undone. */
static void
test_edit_synopsis (Fixture       *f,
                    gconstpointer  data)
{
  DfOutlineView *outline;
  GtkWidget *synopsis;
  GtkWidget *table;
  g_autoptr(DfChapter) one = NULL;

  if (ui_test_skip_without_display ())
    return;
  add_plan (f);
  ui_test_app_start (f);
  outline = open_outline (f);
  g_assert_cmpuint (df_outline_view_get_n_shown (outline), ==, 4);
  g_assert_false (df_outline_view_can_undo (outline));
  table = ui_test_get (GTK_WIDGET (outline), GTK_TYPE_COLUMN_VIEW, "outline");

  /* F2 on the first row: its synopsis in an entry. */
  gtk_selection_model_select_item (gtk_column_view_get_model (GTK_COLUMN_VIEW (table)), 0, TRUE);
  g_assert_true (ui_test_press_shortcut (table, GDK_KEY_F2, 0));
  synopsis = ui_test_get (GTK_WIDGET (outline), GTK_TYPE_ENTRY, "synopsis-entry");
  g_assert_true (gtk_widget_get_visible (synopsis));
  gtk_editable_set_text (GTK_EDITABLE (synopsis), "Elizabeth meets Darcy.");
  g_signal_emit_by_name (synopsis, "activate");
  ui_test_flush ();
  g_assert_false (gtk_widget_get_visible (synopsis));

  one = ui_test_app_get_chapter (f, "plan", 1);
  g_assert_cmpstr (one->synopsis, ==, "Elizabeth meets Darcy.");
  g_assert_true (df_outline_view_can_undo (outline));
  g_assert_cmpstr (cell_text (outline), ==, "Elizabeth meets Darcy.");

  /* Typing, then Escape: nothing changes. */
  g_assert_true (ui_test_press_shortcut (table, GDK_KEY_F2, 0));
  gtk_editable_set_text (GTK_EDITABLE (synopsis), "Not kept");
  g_assert_true (ui_test_press_shortcut (synopsis, GDK_KEY_Escape, 0));
  ui_test_flush ();
  g_clear_pointer (&one, df_chapter_free);
  one = ui_test_app_get_chapter (f, "plan", 1);
  g_assert_cmpstr (one->synopsis, ==, "Elizabeth meets Darcy.");
  g_assert_cmpstr (cell_text (outline), ==, "Elizabeth meets Darcy.");

  /* Typing and leaving the cell saves too. */
  g_assert_true (ui_test_press_shortcut (table, GDK_KEY_F2, 0));
  gtk_editable_set_text (GTK_EDITABLE (synopsis), "Elizabeth meets Darcy at the ball.");
  g_assert_true (gtk_widget_grab_focus (ui_test_get (GTK_WIDGET (outline), GTK_TYPE_DROP_DOWN, "status-filter")));
  ui_test_flush ();
  g_clear_pointer (&one, df_chapter_free);
  one = ui_test_app_get_chapter (f, "plan", 1);
  g_assert_cmpstr (one->synopsis, ==, "Elizabeth meets Darcy at the ball.");

  /* Undone twice: as it was. */
  g_assert_true (press_undo (outline));
  ui_test_flush ();
  g_clear_pointer (&one, df_chapter_free);
  one = ui_test_app_get_chapter (f, "plan", 1);
  g_assert_cmpstr (one->synopsis, ==, "Elizabeth meets Darcy.");
  g_assert_true (press_undo (outline));
  ui_test_flush ();
  g_clear_pointer (&one, df_chapter_free);
  one = ui_test_app_get_chapter (f, "plan", 1);
  g_assert_cmpstr (one->synopsis, ==, "");
  g_assert_cmpstr (cell_text (outline), ==, "");
  g_assert_false (df_outline_view_can_undo (outline));

  /* Back to the text, as a writer leaves the outline. */
  g_assert_true (ui_test_press_shortcut (GTK_WIDGET (outline), GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  ui_test_flush ();
}

/* Two chapters selected, set to Final at once; undone, each gets back
 * its own status. */
static void
test_status_many (Fixture       *f,
                  gconstpointer  data)
{
  DfOutlineView *outline;
  GtkColumnView *table;
  GtkSelectionModel *selection;
  g_autofree char *s1 = NULL, *s2 = NULL, *s3 = NULL;

  if (ui_test_skip_without_display ())
    return;
  add_plan (f);
  ui_test_app_start (f);
  {
    g_autoptr(DfChapter) three = ui_test_app_get_chapter (f, "plan", 3);
    g_assert_true (df_chapter_set_field (ui_test_app_get_store (f), three->id, "status", "idea", NULL));
  }
  outline = open_outline (f);
  table = GTK_COLUMN_VIEW (ui_test_get (GTK_WIDGET (outline), GTK_TYPE_COLUMN_VIEW, "outline"));
  selection = gtk_column_view_get_model (table);

  /* Nothing selected: nothing to set. */
  gtk_widget_activate_action (GTK_WIDGET (outline), "outline.set-status", "s", "final");
  ui_test_flush ();
  s2 = status_of (f, 2);
  g_assert_cmpstr (s2, ==, "draft");
  g_clear_pointer (&s2, g_free);
  gtk_selection_model_select_item (selection, 0, TRUE);
  gtk_selection_model_select_item (selection, 2, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (outline), "outline.set-status", "s", "final"));
  ui_test_flush ();

  s1 = status_of (f, 1), s2 = status_of (f, 2), s3 = status_of (f, 3);
  g_assert_cmpstr (s1, ==, "final");
  g_assert_cmpstr (s2, ==, "draft");
  g_assert_cmpstr (s3, ==, "final");
  /* The same rows stay selected, for the next change. */
  g_assert_true (gtk_selection_model_is_selected (selection, 0));
  g_assert_true (gtk_selection_model_is_selected (selection, 2));

  /* Filtered by status: the two final chapters. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (ui_test_get (GTK_WIDGET (outline), GTK_TYPE_DROP_DOWN, "status-filter")),
                              5);
  g_assert_cmpuint (df_outline_view_get_n_shown (outline), ==, 2);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (ui_test_get (GTK_WIDGET (outline), GTK_TYPE_DROP_DOWN, "status-filter")),
                              0);
  g_assert_cmpuint (df_outline_view_get_n_shown (outline), ==, 4);

  g_assert_true (press_undo (outline));
  ui_test_flush ();
  g_clear_pointer (&s1, g_free);
  g_clear_pointer (&s3, g_free);
  s1 = status_of (f, 1), s3 = status_of (f, 3);
  g_assert_cmpstr (s1, ==, "draft");
  g_assert_cmpstr (s3, ==, "idea");
}

static gint64
pov_of (Fixture *f,
        gint64   number)
{
  g_autoptr(DfChapter) chapter = ui_test_app_get_chapter (f, "plan", number);
  return chapter->pov_entry_id;
}

/* The label a menu button shows. */
static const char *
menu_button_label (GtkWidget *button)
{
  return gtk_menu_button_get_label (GTK_MENU_BUTTON (button));
}

/* The point of view of the first chapter chosen from its cell's menu,
 * which lists the codex's characters (not its places) and None; undone
 * with Ctrl+Z. */
static void
test_pov (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfCodexEntry) natasha = NULL;
  g_autoptr(DfCodexEntry) pierre = NULL;
  g_autoptr(DfCodexEntry) moscow = NULL;
  g_autoptr(DfProject) project = NULL;
  DfOutlineView *outline;
  GtkWidget *button;
  GMenuModel *menu;
  g_autoptr(GMenuModel) characters = NULL;
  g_autoptr(GMenuModel) none = NULL;
  g_autoptr(GVariant) target = NULL;
  g_autofree char *name = NULL;

  if (ui_test_skip_without_display ())
    return;
  add_plan (f);
  ui_test_app_start (f);
  project = df_project_get (ui_test_app_get_store (f), "plan", FALSE, &error);
  g_assert_no_error (error);
  natasha = df_codex_entry_create (ui_test_app_get_store (f), project->id, "character", "Natasha", NULL, NULL, &error);
  pierre = df_codex_entry_create (ui_test_app_get_store (f), project->id, "character", "Pierre", NULL, NULL, &error);
  moscow = df_codex_entry_create (ui_test_app_get_store (f), project->id, "location", "Moscow", NULL, NULL, &error);
  g_assert_no_error (error);
  outline = open_outline (f);

  button = ui_test_get (GTK_WIDGET (outline), GTK_TYPE_MENU_BUTTON, "pov");
  g_assert_cmpstr (menu_button_label (button), ==, "—");
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  ui_test_flush ();
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_assert_nonnull (menu);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 2);
  characters = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  none = g_menu_model_get_item_link (menu, 1, G_MENU_LINK_SECTION);
  g_assert_cmpint (g_menu_model_get_n_items (characters), ==, 2);
  g_assert_true (g_menu_model_get_item_attribute (characters, 0, G_MENU_ATTRIBUTE_LABEL, "s", &name));
  g_assert_cmpstr (name, ==, "Natasha");
  g_assert_cmpint (g_menu_model_get_n_items (none), ==, 1);

  /* Natasha, as a click on her item does. */
  target = g_menu_model_get_item_attribute_value (characters, 0, G_MENU_ATTRIBUTE_TARGET, NULL);
  g_assert_true (gtk_widget_activate_action_variant (button, "outline.set-pov", target));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  ui_test_flush ();
  g_assert_cmpint (pov_of (f, 1), ==, natasha->id);
  g_assert_cmpint (pov_of (f, 2), ==, 0);
  g_assert_cmpstr (menu_button_label (button), ==, "Natasha");
  g_assert_true (df_outline_view_can_undo (outline));
  ui_test_save_png (GTK_WIDGET (gtk_widget_get_root (button)), "outline-pov");

  /* Then None. */
  g_clear_pointer (&target, g_variant_unref);
  target = g_menu_model_get_item_attribute_value (none, 0, G_MENU_ATTRIBUTE_TARGET, NULL);
  g_assert_true (gtk_widget_activate_action_variant (button, "outline.set-pov", target));
  ui_test_flush ();
  g_assert_cmpint (pov_of (f, 1), ==, 0);
  g_assert_cmpstr (menu_button_label (button), ==, "—");

  /* Undone twice: Natasha, then none again. */
  g_assert_true (press_undo (outline));
  ui_test_flush ();
  g_assert_cmpint (pov_of (f, 1), ==, natasha->id);
  g_assert_cmpstr (menu_button_label (button), ==, "Natasha");
  g_assert_true (press_undo (outline));
  ui_test_flush ();
  g_assert_cmpint (pov_of (f, 1), ==, 0);
  g_assert_cmpstr (menu_button_label (button), ==, "—");
  g_assert_false (df_outline_view_can_undo (outline));
}

static GtkWidget *title_cell (GtkWidget  *root,
                              const char *title);

/* The outline opened again after changes made elsewhere shows them
 * (its rows take what changed instead of being made again). */
static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  DfOutlineView *outline;
  DfProjectView *view;
  g_autoptr(DfChapter) one = NULL;

  if (ui_test_skip_without_display ())
    return;
  add_plan (f);
  ui_test_app_start (f);
  outline = open_outline (f);
  view = DF_PROJECT_VIEW (gtk_widget_get_ancestor (GTK_WIDGET (outline), DF_TYPE_PROJECT_VIEW));
  g_assert_cmpstr (cell_text (outline), ==, "");
  g_assert_nonnull (title_cell (GTK_WIDGET (outline), "One"));

  g_assert_true (ui_test_press_shortcut (GTK_WIDGET (view), GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  one = ui_test_app_get_chapter (f, "plan", 1);
  g_assert_true (df_chapter_set_field (ui_test_app_get_store (f), one->id, "synopsis", "Changed elsewhere.", NULL));
  g_assert_true (df_chapter_rename (ui_test_app_get_store (f), one->id, "First", NULL));
  g_assert_true (ui_test_press_shortcut (GTK_WIDGET (view), GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  ui_test_flush ();
  g_assert_cmpstr (cell_text (outline), ==, "Changed elsewhere.");
  g_assert_nonnull (title_cell (GTK_WIDGET (outline), "First"));
  g_assert_null (title_cell (GTK_WIDGET (outline), "One"));
  g_assert_cmpuint (df_outline_view_get_n_shown (outline), ==, 4);

  /* The corkboard the same: its cards stay and show the change. */
  {
    GtkWidget *board = ui_test_get (GTK_WIDGET (view), DF_TYPE_CORKBOARD_VIEW, NULL);

    g_assert_true (ui_test_press_shortcut (GTK_WIDGET (view), GDK_KEY_b, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (ui_test_get (board, GTK_TYPE_LABEL, "card-title"))), ==,
                     "1. First");
    g_assert_true (ui_test_press_shortcut (GTK_WIDGET (view), GDK_KEY_b, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
    g_assert_true (df_chapter_rename (ui_test_app_get_store (f), one->id, "Opening", NULL));
    g_assert_true (df_chapter_set_field (ui_test_app_get_store (f), one->id, "synopsis", "On a card now.", NULL));
    g_assert_true (ui_test_press_shortcut (GTK_WIDGET (view), GDK_KEY_b, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
    ui_test_flush ();
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (ui_test_get (board, GTK_TYPE_LABEL, "card-title"))), ==,
                     "1. Opening");
    g_assert_cmpuint (df_corkboard_view_get_n_cards (DF_CORKBOARD_VIEW (board)), ==, 4);
  }
}

static char *
label_color (Fixture    *f,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = df_project_get (ui_test_app_get_store (f), "plan", FALSE, &error);
  g_autoptr(GPtrArray) labels = df_label_list (ui_test_app_get_store (f), project->id, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (((DfLabel *)labels->pdata[i])->name, name) == 0)
      return g_strdup (((DfLabel *)labels->pdata[i])->color);
  return NULL;
}

/* The first label under @root whose markup holds a coloured pill. */
static GtkWidget *
find_pills (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_label (GTK_LABEL (root)), "<span background") != NULL)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_pills (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The markup of the outline's first cell of labels with a label in it. */
static const char *
labels_cell (DfOutlineView *outline)
{
  GtkWidget *label = find_pills (ui_test_get (GTK_WIDGET (outline), GTK_TYPE_COLUMN_VIEW, "outline"));

  g_assert_nonnull (label);
  return gtk_label_get_label (GTK_LABEL (label));
}

/* A label shown as a pill of its colour; its colour changed from the
 * Label Colours popover, shown at once, undone with Ctrl+Z. */
static void
test_label_colors (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DfChapter) one = NULL;
  g_autofree char *color = NULL;
  DfOutlineView *outline;
  GtkWidget *button;
  GtkWidget *popover;
  guint n_swatches = 0;

  if (ui_test_skip_without_display ())
    return;
  add_plan (f);
  ui_test_app_start (f);
  one = ui_test_app_get_chapter (f, "plan", 1);
  g_assert_true (df_chapter_add_label (ui_test_app_get_store (f), one->id, "Act I", NULL));
  color = label_color (f, "Act I");
  g_assert_cmpstr (color, ==, "#3584e4");
  outline = open_outline (f);
  g_assert_nonnull (strstr (labels_cell (outline), "#3584e4"));
  g_assert_nonnull (strstr (labels_cell (outline), "Act I"));

  /* The popover: the label and a swatch for each colour of the palette. */
  button = ui_test_get (GTK_WIDGET (outline), GTK_TYPE_MENU_BUTTON, "label-colors-button");
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  ui_test_flush ();
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  g_assert_nonnull (popover);
  for (GtkWidget *w = ui_test_find (popover, GTK_TYPE_BUTTON, NULL); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (w)), "outline.label-color") == 0)
      n_swatches++;
  g_assert_cmpuint (n_swatches, ==, 8);
  ui_test_save_png (popover, "outline-label-colors-popover");

  /* Red, as a click on its swatch does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (outline), "outline.label-color", "(ss)", "Act I", "#e01b24"));
  ui_test_flush ();
  g_clear_pointer (&color, g_free);
  color = label_color (f, "Act I");
  g_assert_cmpstr (color, ==, "#e01b24");
  g_assert_nonnull (strstr (labels_cell (outline), "#e01b24"));
  ui_test_save_png (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (outline))), "outline-label-red");

  g_assert_true (press_undo (outline));
  ui_test_flush ();
  g_clear_pointer (&color, g_free);
  color = label_color (f, "Act I");
  g_assert_cmpstr (color, ==, "#3584e4");
  g_assert_nonnull (strstr (labels_cell (outline), "#3584e4"));

  /* The sidebar's row and the corkboard's card show it too. */
  {
    DfProjectView *view = DF_PROJECT_VIEW (gtk_widget_get_ancestor (GTK_WIDGET (outline), DF_TYPE_PROJECT_VIEW));
    GtkWidget *row = ui_test_get (GTK_WIDGET (view), DF_TYPE_CHAPTER_ROW, NULL);
    GtkWidget *board = ui_test_get (GTK_WIDGET (view), DF_TYPE_CORKBOARD_VIEW, NULL);
    GtkWidget *card_labels;

    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (ui_test_get (row, GTK_TYPE_LABEL, "row-labels"))),
                              "#3584e4"));
    g_assert_true (ui_test_press_shortcut (GTK_WIDGET (view), GDK_KEY_b, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
    ui_test_flush ();
    card_labels = ui_test_get (board, GTK_TYPE_LABEL, "card-labels");
    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (card_labels)), "Act I"));
    g_assert_true (gtk_widget_get_visible (card_labels));
    ui_test_save_png (GTK_WIDGET (gtk_widget_get_root (board)), "corkboard-labels");
  }
}

/* A row activated: the editor, on that chapter. */
static void
test_open_chapter (Fixture       *f,
                   gconstpointer  data)
{
  DfOutlineView *outline;
  DfProjectView *view;
  g_autofree char *text = NULL;

  if (ui_test_skip_without_display ())
    return;
  add_plan (f);
  ui_test_app_start (f);
  outline = open_outline (f);
  view = ui_test_app_get_project_view (f);
  g_signal_emit_by_name (ui_test_get (GTK_WIDGET (outline), GTK_TYPE_COLUMN_VIEW, "outline"), "activate", 1);
  ui_test_flush ();
  text = ui_test_editor_text (view);
  g_assert_cmpstr (text, ==, "Words two, more.");
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (outline)));
}


/* The sidebar's rows: the status's colour, the words against the
 * target, the synopsis as the tooltip; filtered by status or label, and
 * following what the outline changes. */
static void
test_sidebar (Fixture       *f,
              gconstpointer  data)
{
  DfProjectView *view;
  DfOutlineView *outline;
  GtkWidget *sidebar;
  GtkWidget *list;
  GtkDropDown *filter;
  DfStore *store;
  guint shown = 0;

  if (ui_test_skip_without_display ())
    return;
  add_plan (f);
  ui_test_app_start (f);
  store = ui_test_app_get_store (f);
  {
    g_autoptr(DfChapter) two = ui_test_app_get_chapter (f, "plan", 2);
    g_autoptr(DfChapter) three = ui_test_app_get_chapter (f, "plan", 3);

    g_assert_true (df_chapter_set_field (store, two->id, "word_target", "3000", NULL));
    g_assert_true (df_chapter_set_field (store, two->id, "synopsis", "The second, in brief.", NULL));
    g_assert_true (df_chapter_set_field (store, two->id, "status", "revised", NULL));
    g_assert_true (df_chapter_add_label (store, three->id, "Subplot", NULL));
  }
  {
    g_autoptr(DfChapter) four = ui_test_app_get_chapter (f, "plan", 4);
    g_autoptr(DfPart) part = df_part_add (store, four->project_id, "The End", NULL);

    g_assert_true (df_chapter_move_to_part (store, four->id, part->id, 0, NULL));
  }
  view = ui_test_app_open_project (f, "plan");
  sidebar = ui_test_get (GTK_WIDGET (view), DF_TYPE_PROJECT_SIDEBAR, NULL);
  list = ui_test_get (sidebar, GTK_TYPE_LIST_VIEW, "chapters");
  {
    GtkWidget *second = ui_test_sidebar_row (GTK_WIDGET (view), 1);
    const char *tooltip = gtk_widget_get_tooltip_text (second);

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (ui_test_get (second, GTK_TYPE_LABEL, "row-words"))), ==,
                     "3 / 3000");
    g_assert_nonnull (strstr (tooltip, "The second, in brief."));
    g_assert_true (gtk_widget_has_css_class (gtk_widget_get_first_child (second), "df-status-revised"));
  }
  /* The third's label, as a dot in the label's colour. */
  {
    GtkWidget *third = ui_test_sidebar_row (GTK_WIDGET (view), 2);
    GtkWidget *labels = ui_test_get (third, GTK_TYPE_LABEL, "row-labels");

    g_assert_true (gtk_widget_get_visible (labels));
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (third), "\nSubplot"));
    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (labels)), "foreground=\"#"));
  }

  /* Revised only: the second chapter. */
  filter = GTK_DROP_DOWN (ui_test_get (sidebar, GTK_TYPE_DROP_DOWN, "chapter-filter"));
  gtk_drop_down_set_selected (filter, 4);
  ui_test_sidebar_n_shown (GTK_WIDGET (view), &shown);
  g_assert_cmpuint (shown, ==, 1);
  /* The label: the third. */
  gtk_drop_down_set_selected (filter, 7);
  ui_test_sidebar_n_shown (GTK_WIDGET (view), &shown);
  g_assert_cmpuint (shown, ==, 1);
  g_assert_cmpuint (ui_test_sidebar_find (GTK_WIDGET (view), "Three", FALSE), ==, 0);
  gtk_drop_down_set_selected (filter, 0);

  /* The part folds its chapter away, and unfolds it. */
  {
    guint part = ui_test_sidebar_find (GTK_WIDGET (view), "The End", FALSE);
    guint all = ui_test_sidebar_n_shown (GTK_WIDGET (view), NULL);

    g_assert_cmpuint (part, ==, 3);
    g_assert_cmpuint (all, ==, 5);
    g_signal_emit_by_name (list, "activate", part);
    g_assert_cmpuint (ui_test_sidebar_n_shown (GTK_WIDGET (view), NULL), ==, 4);
    g_assert_true (gtk_widget_get_visible (ui_test_get (ui_test_sidebar_row (GTK_WIDGET (view), part),
                                                        GTK_TYPE_IMAGE, NULL)));
    g_signal_emit_by_name (list, "activate", part);
    g_assert_cmpuint (ui_test_sidebar_n_shown (GTK_WIDGET (view), NULL), ==, 5);
  }

  /* A status set in the outline shows in the sidebar. */
  outline = open_outline (f);
  gtk_selection_model_select_item (gtk_column_view_get_model (GTK_COLUMN_VIEW (
                                     ui_test_get (GTK_WIDGET (outline), GTK_TYPE_COLUMN_VIEW, "outline"))), 0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (outline), "outline.set-status", "s", "final"));
  ui_test_flush ();
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_first_child (ui_test_sidebar_row (GTK_WIDGET (view), 0)),
                                           "df-status-final"));
}




static char *
book_order (Fixture *f)
{
  g_autoptr(DfProject) project = df_project_get (ui_test_app_get_store (f), "plan", FALSE, NULL);
  g_autoptr(GPtrArray) chapters = df_chapter_list (ui_test_app_get_store (f), project->id, NULL);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < chapters->len; i++)
    g_string_append_printf (s, "%s%s", i ? "," : "", ((DfChapter *)chapters->pdata[i])->title);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* The corkboard: a card for each chapter; one dropped on another takes
 * its place; Ctrl+Z puts it back. */
static void
test_corkboard (Fixture       *f,
                gconstpointer  data)
{
  DfProjectView *view;
  DfCorkboardView *board;
  GtkWidget *stack;
  g_autofree char *order = NULL;
  g_autoptr(DfChapter) one = NULL;

  if (ui_test_skip_without_display ())
    return;
  add_plan (f);
  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "plan");
  board = DF_CORKBOARD_VIEW (ui_test_get (GTK_WIDGET (view), DF_TYPE_CORKBOARD_VIEW, NULL));
  stack = gtk_widget_get_ancestor (GTK_WIDGET (board), GTK_TYPE_STACK);
  g_assert_true (ui_test_press_shortcut (GTK_WIDGET (view), GDK_KEY_b, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  ui_test_flush ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "corkboard");
  g_assert_cmpuint (df_corkboard_view_get_n_cards (board), ==, 4);
  g_assert_nonnull (ui_test_find (GTK_WIDGET (board), GTK_TYPE_LABEL, "card-title"));

  one = ui_test_app_get_chapter (f, "plan", 1);
  g_assert_true (df_corkboard_view_move (board, one->id, 3));
  ui_test_flush ();
  order = book_order (f);
  g_assert_cmpstr (order, ==, "Two,Three,One,Four");
  g_assert_true (df_corkboard_view_can_undo (board));

  g_assert_true (ui_test_press_shortcut (ui_test_get (GTK_WIDGET (board), GTK_TYPE_GRID_VIEW, "corkboard"),
                                         GDK_KEY_z, GDK_CONTROL_MASK));
  ui_test_flush ();
  g_clear_pointer (&order, g_free);
  order = book_order (f);
  g_assert_cmpstr (order, ==, "One,Two,Three,Four");
  g_assert_false (df_corkboard_view_can_undo (board));

  /* A card's synopsis edited in place, and undone. */
  {
    GtkWidget *cell = ui_test_get (GTK_WIDGET (board), DF_TYPE_SYNOPSIS_CELL, NULL);
    GtkWidget *entry;
    g_autoptr(DfChapter) first = NULL;

    df_synopsis_cell_start_editing (DF_SYNOPSIS_CELL (cell));
    entry = ui_test_get (cell, GTK_TYPE_ENTRY, "synopsis-entry");
    gtk_editable_set_text (GTK_EDITABLE (entry), "On a card.");
    g_signal_emit_by_name (entry, "activate");
    ui_test_flush ();
    first = ui_test_app_get_chapter (f, "plan", 1);
    g_assert_cmpstr (first->synopsis, ==, "On a card.");
    g_assert_true (ui_test_press_shortcut (ui_test_get (GTK_WIDGET (board), GTK_TYPE_GRID_VIEW, "corkboard"),
                                           GDK_KEY_z, GDK_CONTROL_MASK));
    ui_test_flush ();
    g_clear_pointer (&first, df_chapter_free);
    first = ui_test_app_get_chapter (f, "plan", 1);
    g_assert_cmpstr (first->synopsis, ==, "");
  }

  /* The outline's key takes the corkboard's place. */
  g_assert_true (ui_test_press_shortcut (GTK_WIDGET (view), GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "outline");
  g_assert_true (ui_test_press_shortcut (GTK_WIDGET (view), GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "editor");
}


/* The title cell of the outline's row showing @title. */
static GtkWidget *
title_cell (GtkWidget  *root,
            const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_widget_get_name (child), "outline-title") == 0 &&
          g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), title) == 0)
        return child;
      if ((found = title_cell (child, title)) != NULL)
        return found;
    }
  return NULL;
}

/* Drops chapter @chapter_id on @cell as its drop target gets a drop. */
static gboolean
drop_on (GtkWidget *cell,
         gint64     chapter_id)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (cell);
  GValue value = G_VALUE_INIT;
  gboolean done = FALSE;

  g_value_init (&value, G_TYPE_INT64);
  g_value_set_int64 (&value, chapter_id);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        g_signal_emit_by_name (controller, "drop", &value, 1.0, 1.0, &done);
    }
  g_value_unset (&value);
  return done;
}

/* A row dragged onto another takes its place; two chapters moved to a
 * part at once; each undone with Ctrl+Z in one step. */
static void
test_move (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfPart) part = NULL;
  g_autoptr(DfChapter) one = NULL;
  g_autofree char *order = NULL;
  DfOutlineView *outline;
  GtkSelectionModel *selection;
  GMenuModel *menu;
  g_autoptr(GMenuModel) parts = NULL;
  g_autofree char *label = NULL;

  if (ui_test_skip_without_display ())
    return;
  add_plan (f);
  ui_test_app_start (f);
  project = df_project_get (ui_test_app_get_store (f), "plan", FALSE, &error);
  part = df_part_add (ui_test_app_get_store (f), project->id, "Part A", &error);
  g_assert_no_error (error);
  one = ui_test_app_get_chapter (f, "plan", 1);
  outline = open_outline (f);

  g_assert_true (drop_on (title_cell (GTK_WIDGET (outline), "Three"), one->id));
  ui_test_flush ();
  order = book_order (f);
  g_assert_cmpstr (order, ==, "Two,Three,One,Four");
  g_assert_nonnull (title_cell (GTK_WIDGET (outline), "One"));
  g_assert_true (press_undo (outline));
  ui_test_flush ();
  g_clear_pointer (&order, g_free);
  order = book_order (f);
  g_assert_cmpstr (order, ==, "One,Two,Three,Four");
  g_assert_false (df_outline_view_can_undo (outline));

  /* The Move to Part menu: the part, then No Part. */
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (ui_test_get (GTK_WIDGET (outline), GTK_TYPE_MENU_BUTTON,
                                                                        "move-to-part")));
  parts = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_assert_cmpint (g_menu_model_get_n_items (parts), ==, 1);
  g_assert_true (g_menu_model_get_item_attribute (parts, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  g_assert_cmpstr (label, ==, "Part A");

  /* One and Three to Part A, then back as they were. */
  selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (ui_test_get (GTK_WIDGET (outline), GTK_TYPE_COLUMN_VIEW,
                                                                       "outline")));
  gtk_selection_model_select_item (selection, 0, TRUE);
  gtk_selection_model_select_item (selection, 2, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (outline), "outline.move-to-part", "x", part->id));
  ui_test_flush ();
  g_clear_pointer (&order, g_free);
  order = book_order (f);
  g_assert_cmpstr (order, ==, "Two,Four,One,Three");
  g_clear_pointer (&one, df_chapter_free);
  one = ui_test_app_get_chapter (f, "plan", 3);
  g_assert_cmpint (one->part_id, ==, part->id);
  g_assert_true (press_undo (outline));
  ui_test_flush ();
  g_clear_pointer (&order, g_free);
  order = book_order (f);
  g_assert_cmpstr (order, ==, "One,Two,Three,Four");
  g_clear_pointer (&one, df_chapter_free);
  one = ui_test_app_get_chapter (f, "plan", 1);
  g_assert_cmpint (one->part_id, ==, 0);
  g_assert_false (df_outline_view_can_undo (outline));
}


typedef struct
{
  gboolean painted;
} Painted;

static void
after_paint (GdkFrameClock *clock,
             Painted       *p)
{
  p->painted = TRUE;
}

/* -m perf: how long War and Peace's outline takes to show, from the key
 * press to the first frame painted with it. */
static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Scrolling the outline of War and Peace from top to bottom and back, a
 * tenth of a page at a time as a wheel does: each step to its painted
 * frame.  A step waits for the frame clock's next tick (up to 16.7 ms at
 * 60 Hz) and is painted then unless its work takes longer: a step over
 * two frames (33.3 ms) is a dropped frame. */
static void
time_scrolling (DfProjectView *view,
                GtkWidget     *outline,
                GdkFrameClock *clock)
{
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (double));
  GtkScrollable *columns;
  GtkAdjustment *adjustment;
  Painted p = { FALSE };
  guint over = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "project.toggle-outline", NULL));
  ui_test_flush ();
  columns = GTK_SCROLLABLE (ui_test_get (outline, GTK_TYPE_COLUMN_VIEW, NULL));
  adjustment = gtk_scrollable_get_vadjustment (columns);
  for (guint pass = 0; pass < 2; pass++)
    for (;;)
      {
        double step = gtk_adjustment_get_page_size (adjustment) / 10;
        double at = gtk_adjustment_get_value (adjustment);
        double end = pass == 0 ? gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) : 0;
        gulong handler;
        gint64 start;
        double ms;

        if ((pass == 0 && at >= end) || (pass == 1 && at <= end))
          break;
        p.painted = FALSE;
        handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), &p);
        start = g_get_monotonic_time ();
        gtk_adjustment_set_value (adjustment, pass == 0 ? MIN (at + step, end) : MAX (at - step, end));
        ui_test_wait_until (df_test_flag_is_set, &p.painted, 10000);
        g_signal_handler_disconnect (clock, handler);
        ms = (g_get_monotonic_time () - start) / 1000.0;
        over += ms > 2 * 1000.0 / 60;
        g_array_append_val (steps, ms);
      }
  g_assert_cmpuint (steps->len, >, 20);
  g_array_sort (steps, compare_doubles);
  g_test_minimized_result (g_array_index (steps, double, steps->len - 1),
                           "outline of War and Peace, scrolled down and up in %u steps: median %.1f ms, 95th %.1f ms, "
                           "max %.1f ms to the painted frame; %u dropped frames (a step over 33.3 ms)",
                           steps->len, g_array_index (steps, double, steps->len / 2),
                           g_array_index (steps, double, steps->len * 95 / 100),
                           g_array_index (steps, double, steps->len - 1), over);
}

static void
test_timing (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = df_test_corpus_path ("novels/war-and-peace.txt");
  DfProjectView *view;
  GtkWidget *outline;
  GdkFrameClock *clock;
  Painted p = { FALSE };
  gulong handler;
  gint64 start, loaded;

  if (!g_test_perf () || ui_test_skip_without_display ())
    {
      g_test_skip ("a benchmark: run with -m perf");
      return;
    }
  {
    g_autoptr(DfStore) store = df_test_store_open (f->db_path);
    g_autoptr(DfProject) project = df_import (store, path, DF_IMPORT_AUTO, "Plan", NULL, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "plan");
  outline = ui_test_get (GTK_WIDGET (view), DF_TYPE_OUTLINE_VIEW, NULL);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (view));
  for (guint round = 0; round < 5; round++)
    {
      ui_test_flush ();
      p.painted = FALSE;
      handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), &p);
      start = g_get_monotonic_time ();
      /* What Ctrl+Shift+O does, without waiting for the main loop to
       * have nothing left to do (the rows after the first screenful are
       * added when it is idle, after the first frame). */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "project.toggle-outline", NULL));
      loaded = g_get_monotonic_time ();
      ui_test_wait_until (df_test_flag_is_set, &p.painted, 10000);
      g_signal_handler_disconnect (clock, handler);
      g_test_minimized_result ((g_get_monotonic_time () - start) / 1000.0,
                               "outline of War and Peace (open %u): %.1f ms to load, %.1f ms to the first frame",
                               round + 1, (loaded - start) / 1000.0, (g_get_monotonic_time () - start) / 1000.0);
      ui_test_flush ();
      g_assert_cmpuint (df_outline_view_get_n_shown (DF_OUTLINE_VIEW (outline)), ==, 365);
      /* Back to the editor for the next round. */
      g_assert_true (ui_test_press_shortcut (GTK_WIDGET (view), GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
    }
  g_assert_cmpuint (df_outline_view_get_n_shown (DF_OUTLINE_VIEW (outline)), ==, 365);

  for (guint round = 0; round < 5; round++)
    {
      ui_test_flush ();
      p.painted = FALSE;
      handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), &p);
      start = g_get_monotonic_time ();
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "project.toggle-corkboard", NULL));
      ui_test_wait_until (df_test_flag_is_set, &p.painted, 10000);
      g_signal_handler_disconnect (clock, handler);
      g_test_minimized_result ((g_get_monotonic_time () - start) / 1000.0,
                               "corkboard of War and Peace (open %u): %.1f ms to the first frame",
                               round + 1, (g_get_monotonic_time () - start) / 1000.0);
      ui_test_flush ();
      g_assert_cmpuint (df_corkboard_view_get_n_cards (DF_CORKBOARD_VIEW (ui_test_get (GTK_WIDGET (view),
                                                                                      DF_TYPE_CORKBOARD_VIEW,
                                                                                      NULL))), ==, 365);
      g_assert_true (ui_test_press_shortcut (GTK_WIDGET (view), GDK_KEY_b, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
    }
  time_scrolling (view, outline, clock);
}

int
main (int    argc,
      char **argv)
{
  ui_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, UiTestApp, NULL, ui_test_app_set_up, func, ui_test_app_tear_down)
  ADD ("/ui/outline/edit-synopsis", test_edit_synopsis);
  ADD ("/ui/outline/status-many", test_status_many);
  ADD ("/ui/outline/pov", test_pov);
  ADD ("/ui/outline/move", test_move);
  ADD ("/ui/outline/reopen", test_reopen);
  ADD ("/ui/outline/label-colors", test_label_colors);
  ADD ("/ui/outline/open-chapter", test_open_chapter);
  ADD ("/ui/outline/sidebar", test_sidebar);
  ADD ("/ui/outline/corkboard", test_corkboard);
  ADD ("/ui/outline/timing", test_timing);

  return g_test_run ();
}
