/* df-outline-view.c: the book as a table of chapters
 *
 * A GtkColumnView over the project's chapters (DfOutlineItem): filtered
 * by status and label, sorted by any column, several selected at once.
 * The synopsis is edited in place; the status of the selected chapters
 * changes at once; each change can be undone (Ctrl+Z) in the order made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-outline"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "df-codex.h"
#include "df-outline-item.h"
#include "df-outline-view-private.h"
#include "df-planning.h"
#include "df-synopsis-cell.h"
#include "df-utils.h"

/* Rows are added a screenful at a time: the table makes rows for up to
 * 200 items around those shown, which takes longer than a frame, so the
 * first screenful is shown first and the rest follow when the main loop
 * is idle. */
#define FIRST_BATCH 50
#define NEXT_BATCH  25

G_DEFINE_FINAL_TYPE (DfOutlineView, df_outline_view, GTK_TYPE_WIDGET)

enum {
  CHAPTER_ACTIVATED,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What a text column shows. */
typedef enum
{
  COLUMN_NUMBER,
  COLUMN_TITLE,
  COLUMN_LABELS,
  COLUMN_WORDS,
  COLUMN_TARGET,
  COLUMN_EDITED,
} ColumnKind;

void
_df_outline_undo_step_free (UndoStep *step)
{
  g_array_unref (step->ids);
  g_ptr_array_unref (step->before);
  g_clear_pointer (&step->part_ids, g_array_unref);
  g_free (step);
}

UndoStep *
_df_outline_undo_step_new (const char *field)
{
  UndoStep *step = g_new0 (UndoStep, 1);

  step->field = field;
  step->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  step->before = g_ptr_array_new_with_free_func (g_free);
  return step;
}

/* ---- helpers ------------------------------------------------------------- */

DfStore *
_df_outline_view_get_store (DfOutlineView *self)
{
  return self->session != NULL ? df_session_get_store (self->session) : NULL;
}

/* The item of chapter @chapter_id (a new reference) and its position in
 * self->items. */
DfOutlineItem *
_df_outline_view_find_item (DfOutlineView *self,
           gint64         chapter_id,
           guint         *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DfOutlineItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (df_outline_item_get_chapter (item)->id == chapter_id)
        {
          *position = i;
          return g_steal_pointer (&item);
        }
    }
  return NULL;
}

static void
update_count (DfOutlineView *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint all = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  g_autofree char *text = NULL;

  if (shown == all)
    text = g_strdup_printf (g_dngettext (NULL, "%u chapter", "%u chapters", all), all);
  else
    text = g_strdup_printf (g_dngettext (NULL, "%u of %u chapter", "%u of %u chapters", all), shown, all);
  gtk_label_set_text (self->count_label, text);
}

static void
filled_cb (gpointer data,
           gpointer user_data)
{
  update_count (data);
}

void
_df_outline_view_update_actions (DfOutlineView *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outline.undo", self->undo->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outline.set-status", !gtk_bitset_is_empty (selected));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outline.move-to-part", !gtk_bitset_is_empty (selected));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outline.edit-synopsis", !gtk_bitset_is_empty (selected));
}

void
_df_outline_view_push_undo (DfOutlineView *self,
           UndoStep      *step)
{
  g_ptr_array_add (self->undo, step);
  _df_outline_view_update_actions (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static char *
format_edited (const char *iso)
{
  g_autoptr(GDateTime) utc = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("");
}

static char *
column_text (ColumnKind     kind,
             DfOutlineItem *item)
{
  DfChapter *c = df_outline_item_get_chapter (item);

  switch (kind)
    {
    case COLUMN_NUMBER:
      return g_strdup_printf ("%" G_GINT64_FORMAT, c->number);
    case COLUMN_TITLE:
      return g_strdup (c->title);
    case COLUMN_LABELS:
      return g_strdup (df_outline_item_get_labels (item));
    case COLUMN_WORDS:
      return df_format_count (c->words);
    case COLUMN_TARGET:
      return c->word_target > 0 ? df_format_count (c->word_target) : g_strdup ("");
    case COLUMN_EDITED:
    default:
      return format_edited (c->updated_at);
    }
}

/* ---- sorting and filtering ------------------------------------------------ */

#define CHAPTER(p) df_outline_item_get_chapter (DF_OUTLINE_ITEM ((gpointer)(p)))

static int
compare_int (gint64 a,
             gint64 b)
{
  return a < b ? -1 : a > b ? 1 : 0;
}

static int
sort_number (gconstpointer a, gconstpointer b, gpointer data)
{
  return compare_int (CHAPTER (a)->number, CHAPTER (b)->number);
}

static int
sort_title (gconstpointer a, gconstpointer b, gpointer data)
{
  return g_utf8_collate (CHAPTER (a)->title, CHAPTER (b)->title);
}

static int
sort_synopsis (gconstpointer a, gconstpointer b, gpointer data)
{
  return g_utf8_collate (CHAPTER (a)->synopsis, CHAPTER (b)->synopsis);
}

static int
sort_status (gconstpointer a, gconstpointer b, gpointer data)
{
  return compare_int (df_status_rank (CHAPTER (a)->status), df_status_rank (CHAPTER (b)->status));
}

static int
sort_labels (gconstpointer a, gconstpointer b, gpointer data)
{
  return g_utf8_collate (df_outline_item_get_labels (DF_OUTLINE_ITEM ((gpointer)a)),
                         df_outline_item_get_labels (DF_OUTLINE_ITEM ((gpointer)b)));
}

static int
sort_pov (gconstpointer a, gconstpointer b, gpointer data)
{
  return g_utf8_collate (CHAPTER (a)->pov ? CHAPTER (a)->pov : "", CHAPTER (b)->pov ? CHAPTER (b)->pov : "");
}

static int
sort_words (gconstpointer a, gconstpointer b, gpointer data)
{
  return compare_int (CHAPTER (a)->words, CHAPTER (b)->words);
}

static int
sort_target (gconstpointer a, gconstpointer b, gpointer data)
{
  return compare_int (CHAPTER (a)->word_target, CHAPTER (b)->word_target);
}

static int
sort_edited (gconstpointer a, gconstpointer b, gpointer data)
{
  return g_strcmp0 (CHAPTER (a)->updated_at, CHAPTER (b)->updated_at);
}

static gboolean
filter_item (gpointer item,
             gpointer data)
{
  DfOutlineView *self = data;
  guint status = gtk_drop_down_get_selected (self->status_filter);
  guint label = gtk_drop_down_get_selected (self->label_filter);
  DfChapter *c = df_outline_item_get_chapter (item);

  if (status != GTK_INVALID_LIST_POSITION && status > 0 &&
      g_strcmp0 (c->status, df_chapter_statuses[status - 1]) != 0)
    return FALSE;
  if (label != GTK_INVALID_LIST_POSITION && label > 0 &&
      !df_outline_item_has_label (item, gtk_string_list_get_string (self->label_names, label)))
    return FALSE;
  return TRUE;
}

/* ---- cells ----------------------------------------------------------------- */

/* A row dropped on another takes its place in the book. */
static gboolean
row_drop (GtkDropTarget *target,
          const GValue  *value,
          double         x,
          double         y,
          GtkListItem   *list_item)
{
  GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  DfOutlineView *self = DF_OUTLINE_VIEW (gtk_widget_get_ancestor (cell, DF_TYPE_OUTLINE_VIEW));
  DfOutlineItem *item = gtk_list_item_get_item (list_item);

  if (self == NULL || item == NULL)
    return FALSE;
  return df_outline_view_move (self, g_value_get_int64 (value), df_outline_item_get_chapter (item)->number);
}

/* The number and title cells are where a row is dragged from and dropped
 * on. */
static void
add_drag_and_drop (GtkWidget   *cell,
                   GtkListItem *list_item)
{
  GtkDragSource *drag = gtk_drag_source_new ();
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_INT64, GDK_ACTION_MOVE);

  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
  g_signal_connect_object (drag, "prepare", G_CALLBACK (df_outline_item_drag_prepare), list_item, 0);
  gtk_widget_add_controller (cell, GTK_EVENT_CONTROLLER (drag));
  g_signal_connect_object (drop, "drop", G_CALLBACK (row_drop), list_item, 0);
  gtk_widget_add_controller (cell, GTK_EVENT_CONTROLLER (drop));
}

static void
setup_text (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  data)
{
  ColumnKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kind"));
  GtkWidget *label = gtk_label_new (NULL);
  gboolean numeric = kind == COLUMN_NUMBER || kind == COLUMN_WORDS || kind == COLUMN_TARGET;

  g_object_set_data (G_OBJECT (label), "kind", GINT_TO_POINTER (kind));
  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  if (kind == COLUMN_NUMBER || kind == COLUMN_TITLE)
    add_drag_and_drop (label, list_item);
  if (kind == COLUMN_TITLE)
    gtk_widget_set_name (label, "outline-title");
  gtk_list_item_set_child (list_item, label);
}

static void
show_text (GtkListItem *list_item)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  ColumnKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "kind"));
  g_autofree char *text = NULL;

  if (kind == COLUMN_LABELS)
    {
      gtk_label_set_markup (GTK_LABEL (label), df_outline_item_get_labels_markup (gtk_list_item_get_item (list_item)));
      return;
    }
  text = column_text (kind, gtk_list_item_get_item (list_item));
  gtk_label_set_text (GTK_LABEL (label), text);
}

static void follow_item (GtkListItem *list_item,
                         GCallback    refresh);

static void
bind_text (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  data)
{
  show_text (list_item);
  follow_item (list_item, G_CALLBACK (show_text));
}

/* Follows the item of @list_item (whose changes @refresh shows in the
 * cell), after @list_item was bound to it. */
static void
follow_item (GtkListItem *list_item,
             GCallback    refresh)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  gulong id = g_signal_connect_object (gtk_list_item_get_item (list_item), "changed", refresh, list_item,
                                       G_CONNECT_SWAPPED);

  g_object_set_data (G_OBJECT (cell), "changed-handler", GSIZE_TO_POINTER (id));
}

static void
unfollow_item (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  data)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  gulong id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (cell), "changed-handler"));

  if (id != 0 && gtk_list_item_get_item (list_item) != NULL)
    g_signal_handler_disconnect (gtk_list_item_get_item (list_item), id);
  if (gtk_list_item_get_item (list_item) != NULL &&
      g_object_get_data (G_OBJECT (gtk_list_item_get_item (list_item)), "synopsis-cell") == cell)
    g_object_set_data (G_OBJECT (gtk_list_item_get_item (list_item)), "synopsis-cell", NULL);
  g_object_set_data (G_OBJECT (cell), "changed-handler", NULL);
  g_object_set_data (G_OBJECT (cell), "item", NULL);
}

static void
show_status (GtkListItem *list_item)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *dot = gtk_widget_get_first_child (box);
  const char *status = df_outline_item_get_chapter (gtk_list_item_get_item (list_item))->status;
  const char *classes[] = { "df-status-dot", df_status_css_class (status), NULL };

  gtk_widget_set_css_classes (dot, classes);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (dot)), df_status_display_name (status));
}

/* The synopsis cell of @list_item shows its item's synopsis (an edit
 * under way for the item it showed before is saved first). */
static void
show_synopsis (GtkListItem *list_item)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  DfOutlineItem *item = gtk_list_item_get_item (list_item);
  DfOutlineItem *before = g_object_get_data (G_OBJECT (cell), "item");

  df_synopsis_cell_set_text (DF_SYNOPSIS_CELL (cell), df_outline_item_get_chapter (item)->synopsis);
  if (before != NULL && before != item && g_object_get_data (G_OBJECT (before), "synopsis-cell") == cell)
    g_object_set_data (G_OBJECT (before), "synopsis-cell", NULL);
  g_object_set_data (G_OBJECT (cell), "item", item);
  g_object_set_data (G_OBJECT (item), "synopsis-cell", cell);
}

static void
setup_status (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *dot = gtk_label_new ("●");

  gtk_widget_add_css_class (dot, "df-status-dot");
  gtk_box_append (GTK_BOX (box), dot);
  gtk_box_append (GTK_BOX (box), gtk_label_new (NULL));
  gtk_list_item_set_child (list_item, box);
}

static void
bind_status (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  data)
{
  show_status (list_item);
  follow_item (list_item, G_CALLBACK (show_status));
}

/* A synopsis edited in place (df-synopsis-cell.c): saved, undoable. */
static void
synopsis_committed (DfSynopsisCell *cell,
                    const char     *text,
                    DfOutlineView  *self)
{
  DfOutlineItem *item = g_object_get_data (G_OBJECT (cell), "item");
  g_autoptr(GError) error = NULL;
  DfChapter *chapter;
  UndoStep *step;

  if (item == NULL || _df_outline_view_get_store (self) == NULL)
    return;
  chapter = df_outline_item_get_chapter (item);
  if (g_strcmp0 (text, chapter->synopsis) == 0)
    return;
  if (!df_chapter_set_field (_df_outline_view_get_store (self), chapter->id, "synopsis", text, &error))
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  step = _df_outline_undo_step_new ("synopsis");
  g_array_append_val (step->ids, chapter->id);
  g_ptr_array_add (step->before, g_strdup (chapter->synopsis));
  df_outline_item_set_synopsis (item, text);
  _df_outline_view_push_undo (self, step);
}

static void
setup_synopsis (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                DfOutlineView            *self)
{
  GtkWidget *cell = df_synopsis_cell_new (1);

  g_signal_connect_object (cell, "commit", G_CALLBACK (synopsis_committed), self, 0);
  gtk_list_item_set_child (list_item, cell);
}

static void
bind_synopsis (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  data)
{
  show_synopsis (list_item);
  follow_item (list_item, G_CALLBACK (show_synopsis));
}

/* The point of view's button shows the item's; its menu is made when
 * it opens (pov_menu), for the item bound then. */
static void
show_pov (GtkListItem *list_item)
{
  GtkWidget *button = gtk_list_item_get_child (list_item);
  const char *pov = df_outline_item_get_chapter (gtk_list_item_get_item (list_item))->pov;

  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), pov != NULL ? pov : "—");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), NULL);
}

/* The characters of the codex, and None, each setting the chapter's
 * point of view (outline.set-pov). */
static void
pov_menu (GtkMenuButton *button,
          gpointer       data)
{
  GtkListItem *list_item = data;
  DfOutlineView *self = DF_OUTLINE_VIEW (gtk_widget_get_ancestor (GTK_WIDGET (button), DF_TYPE_OUTLINE_VIEW));
  DfOutlineItem *item = gtk_list_item_get_item (list_item);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) characters = g_menu_new ();
  g_autoptr(GMenu) none_section = g_menu_new ();
  g_autoptr(GMenuItem) none = g_menu_item_new (C_("point of view", "None"), NULL);
  gint64 chapter_id;

  if (self == NULL || item == NULL)
    return;
  chapter_id = df_outline_item_get_chapter (item)->id;
  for (guint i = 0; self->characters != NULL && i < self->characters->len; i++)
    {
      DfCodexEntry *entry = g_ptr_array_index (self->characters, i);
      g_autoptr(GMenuItem) menu_item = g_menu_item_new (entry->name, NULL);

      g_menu_item_set_action_and_target_value (menu_item, "outline.set-pov",
                                               g_variant_new ("(xx)", chapter_id, entry->id));
      g_menu_append_item (characters, menu_item);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (characters));
  g_menu_item_set_action_and_target_value (none, "outline.set-pov", g_variant_new ("(xx)", chapter_id, (gint64)0));
  g_menu_append_item (none_section, none);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (none_section));
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

static void
setup_pov (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  data)
{
  GtkWidget *button = gtk_menu_button_new ();

  gtk_widget_set_name (button, "pov");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Point of view: a character of the codex"));
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), pov_menu, list_item, NULL);
  gtk_list_item_set_child (list_item, button);
}

static void
bind_pov (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  data)
{
  show_pov (list_item);
  follow_item (list_item, G_CALLBACK (show_pov));
}

/* Each column has a width of its own (which the user may change): the
 * table then never measures every cell of a column to size it, which
 * takes longer than the rest of opening it. */
static void
add_column (DfOutlineView    *self,
            const char       *title,
            int               kind,
            GCallback         setup,
            GCallback         bind,
            GCompareDataFunc  compare,
            int               width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_object_set_data (G_OBJECT (factory), "kind", GINT_TO_POINTER (kind));
  g_signal_connect (factory, "setup", setup, self);
  g_signal_connect (factory, "bind", bind, self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unfollow_item), self);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_sorter (column, GTK_SORTER (gtk_custom_sorter_new (compare, NULL, NULL)));
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_fixed_width (column, width);
  /* The synopsis takes the room left. */
  gtk_column_view_column_set_expand (column, bind == G_CALLBACK (bind_synopsis));
  gtk_column_view_append_column (self->column_view, column);
}

static void
add_columns (DfOutlineView *self)
{
  add_column (self, C_("outline column", "#"), COLUMN_NUMBER, G_CALLBACK (setup_text), G_CALLBACK (bind_text),
              sort_number, 44);
  add_column (self, C_("outline column", "Title"), COLUMN_TITLE, G_CALLBACK (setup_text), G_CALLBACK (bind_text),
              sort_title, 150);
  add_column (self, C_("outline column", "Synopsis"), 0, G_CALLBACK (setup_synopsis), G_CALLBACK (bind_synopsis),
              sort_synopsis, 240);
  add_column (self, C_("outline column", "Status"), 0, G_CALLBACK (setup_status), G_CALLBACK (bind_status),
              sort_status, 100);
  add_column (self, C_("outline column", "Labels"), COLUMN_LABELS, G_CALLBACK (setup_text), G_CALLBACK (bind_text),
              sort_labels, 110);
  add_column (self, C_("outline column", "Point of View"), 0, G_CALLBACK (setup_pov), G_CALLBACK (bind_pov),
              sort_pov, 130);
  add_column (self, C_("outline column", "Words"), COLUMN_WORDS, G_CALLBACK (setup_text), G_CALLBACK (bind_text),
              sort_words, 70);
  add_column (self, C_("outline column", "Target"), COLUMN_TARGET, G_CALLBACK (setup_text), G_CALLBACK (bind_text),
              sort_target, 70);
  add_column (self, C_("outline column", "Last Edited"), COLUMN_EDITED, G_CALLBACK (setup_text),
              G_CALLBACK (bind_text), sort_edited, 130);
}

/* ---- callbacks ------------------------------------------------------------- */

static void
row_activated (DfOutlineView *self,
               guint          position)
{
  g_autoptr(DfOutlineItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (item != NULL)
    g_signal_emit (self, signals[CHAPTER_ACTIVATED], 0, df_outline_item_get_chapter (item)->id);
}

void
_df_outline_view_filter_changed (DfOutlineView *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

static void
selection_changed (DfOutlineView *self)
{
  _df_outline_view_update_actions (self);
}

/* ---- GObject ---------------------------------------------------------------- */

static void
df_outline_view_dispose (GObject *object)
{
  DfOutlineView *self = (DfOutlineView *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), DF_TYPE_OUTLINE_VIEW);
  g_clear_object (&self->session);
  g_clear_object (&self->selection);
  g_clear_object (&self->items);
  g_clear_object (&self->label_names);
  g_clear_pointer (&self->characters, g_ptr_array_unref);
  g_clear_object (&self->part_menu);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  df_item_filler_clear (&self->filler);
  g_clear_pointer (&self->undo, g_ptr_array_unref);

  G_OBJECT_CLASS (df_outline_view_parent_class)->dispose (object);
}

static gboolean
df_outline_view_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (DF_OUTLINE_VIEW (widget)->column_view));
}

void
_df_outline_view_emit_changed (DfOutlineView *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
df_outline_view_class_init (DfOutlineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_outline_view_dispose;
  widget_class->grab_focus = df_outline_view_grab_focus;

  /* A row activated (double-click, Enter): the chapter to write in. */
  signals[CHAPTER_ACTIVATED] = g_signal_new ("chapter-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* A chapter's plan changed (or a change was undone). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/draftforge/DraftForge/ui/df-outline-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DfOutlineView, colors_button);
  gtk_widget_class_bind_template_child (widget_class, DfOutlineView, column_view);
  gtk_widget_class_bind_template_child (widget_class, DfOutlineView, count_label);
  gtk_widget_class_bind_template_child (widget_class, DfOutlineView, label_filter);
  gtk_widget_class_bind_template_child (widget_class, DfOutlineView, main_box);
  gtk_widget_class_bind_template_child (widget_class, DfOutlineView, move_button);
  gtk_widget_class_bind_template_child (widget_class, DfOutlineView, status_button);
  gtk_widget_class_bind_template_child (widget_class, DfOutlineView, status_filter);
  gtk_widget_class_bind_template_callback (widget_class, row_activated);

  _df_outline_view_install_actions (widget_class);

}

static void
fill_status_filter (DfOutlineView *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_string_list_append (names, _("All Statuses"));
  for (guint i = 0; df_chapter_statuses[i] != NULL; i++)
    gtk_string_list_append (names, df_status_display_name (df_chapter_statuses[i]));
  gtk_drop_down_set_model (self->status_filter, G_LIST_MODEL (names));
}

static void
df_outline_view_init (DfOutlineView *self)
{
  GtkSortListModel *sorted;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify)_df_outline_undo_step_free);
  self->items = g_list_store_new (DF_TYPE_OUTLINE_ITEM);
  df_item_filler_init (&self->filler, self->items, NEXT_BATCH, filled_cb, self);
  self->label_names = gtk_string_list_new (NULL);
  self->part_menu = g_menu_new ();
  gtk_menu_button_set_menu_model (self->move_button, G_MENU_MODEL (self->part_menu));
  gtk_menu_button_set_create_popup_func (self->colors_button, _df_outline_view_colors_popup, self, NULL);
  fill_status_filter (self);
  gtk_drop_down_set_model (self->label_filter, G_LIST_MODEL (self->label_names));

  self->filter = gtk_custom_filter_new (filter_item, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->items)), GTK_FILTER (self->filter));
  add_columns (self);
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->filtered),
                                    g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (sorted));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->status_filter, "notify::selected", G_CALLBACK (_df_outline_view_filter_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->label_filter, "notify::selected", G_CALLBACK (_df_outline_view_filter_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (selection_changed), self,
                           G_CONNECT_SWAPPED);
  _df_outline_view_update_actions (self);
}

/* ---- public ------------------------------------------------------------------ */

GtkWidget *
df_outline_view_new (void)
{
  return g_object_new (DF_TYPE_OUTLINE_VIEW, NULL);
}

void
df_outline_view_set_session (DfOutlineView *self,
                             DfSession     *session)
{
  g_return_if_fail (DF_IS_OUTLINE_VIEW (self));

  g_set_object (&self->session, session);
}

/* The label filter's choices: every label, keeping the one chosen. */
static void
fill_label_filter (DfOutlineView *self,
                   GPtrArray     *labels)
{
  guint chosen = gtk_drop_down_get_selected (self->label_filter);
  g_autofree char *chosen_name = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->label_names));
  guint select = 0;
  g_autoptr(GPtrArray) names = g_ptr_array_new_null_terminated (labels->len + 1, NULL, TRUE);

  if (chosen != GTK_INVALID_LIST_POSITION && chosen > 0)
    chosen_name = g_strdup (gtk_string_list_get_string (self->label_names, chosen));
  g_ptr_array_add (names, (gpointer)_("All Labels"));
  for (guint i = 0; i < labels->len; i++)
    {
      DfLabel *label = g_ptr_array_index (labels, i);

      g_ptr_array_add (names, label->name);
      if (g_strcmp0 (label->name, chosen_name) == 0)
        select = i + 1;
    }
  gtk_string_list_splice (self->label_names, 0, n, (const char * const *)names->pdata);
  gtk_drop_down_set_selected (self->label_filter, select);
}

/* The items of @chapters, which they take. */
static GPtrArray *
make_items (GPtrArray *chapters,
            GPtrArray *assigned)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  guint cursor = 0;

  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *c = g_ptr_array_index (chapters, i);
      g_autofree char *names = NULL;
      g_autofree char *markup = df_labels_take_next (assigned, &cursor, c->id, &names);

      g_ptr_array_add (items, df_outline_item_new (c, names, markup));
    }
  return items;
}

/* When @items are the chapters shown, in the same order (the outline
 * opened again), the rows shown take what changed: no row is made
 * again.  Whether they were. */
static gboolean
update_in_place (DfOutlineView *self,
                 GPtrArray     *items)
{
  gboolean changed;

  if (!df_item_filler_update_in_place (&self->filler, items, &changed))
    return FALSE;
  if (changed)
    {
      gtk_sorter_changed (gtk_column_view_get_sorter (self->column_view), GTK_SORTER_CHANGE_DIFFERENT);
      _df_outline_view_filter_changed (self);
    }
  return TRUE;
}

void
df_outline_view_load (DfOutlineView *self,
                      gint64         project_id)
{
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GPtrArray) assigned = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) characters = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  DfStore *store;

  g_return_if_fail (DF_IS_OUTLINE_VIEW (self));

  store = _df_outline_view_get_store (self);
  if (project_id != self->project_id)
    g_ptr_array_set_size (self->undo, 0);
  self->project_id = project_id;
  if (store == NULL || project_id == 0)
    return;
  if ((chapters = df_chapter_list (store, project_id, &error)) == NULL ||
      (assigned = df_label_list_assigned (store, project_id, &error)) == NULL ||
      (labels = df_label_list (store, project_id, &error)) == NULL ||
      (characters = df_codex_entry_list (store, project_id, "character", FALSE, &error)) == NULL ||
      (parts = df_part_list (store, project_id, &error)) == NULL)
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  g_ptr_array_set_free_func (chapters, NULL);
  g_clear_pointer (&self->characters, g_ptr_array_unref);
  self->characters = g_steal_pointer (&characters);
  fill_label_filter (self, labels);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  self->labels = g_ptr_array_ref (labels);
  gtk_menu_button_set_popover (self->colors_button, NULL);
  items = make_items (chapters, assigned);
  if (update_in_place (self, items))
    {
      _df_outline_view_fill_part_menu (self, parts);
      return;
    }
  /* Detached while its rows change: the table binds its rows once. */
  gtk_column_view_set_model (self->column_view, NULL);
  df_item_filler_replace (&self->filler, items, FIRST_BATCH);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  _df_outline_view_fill_part_menu (self, parts);
  update_count (self);
  _df_outline_view_update_actions (self);
}

guint
df_outline_view_get_n_shown (DfOutlineView *self)
{
  g_return_val_if_fail (DF_IS_OUTLINE_VIEW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->selection));
}

gboolean
df_outline_view_can_undo (DfOutlineView *self)
{
  g_return_val_if_fail (DF_IS_OUTLINE_VIEW (self), FALSE);
  return self->undo->len > 0;
}
