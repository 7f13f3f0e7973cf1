/* df-corkboard-view.c: the book as index cards
 *
 * A GtkGridView of the project's chapters (DfOutlineItem) in book order:
 * each card shows the title, the part, the synopsis, the status's colour,
 * the labels in their colours and the words.  A card dropped on another takes its place in the book
 * (df_chapter_move, as the sidebar does); Ctrl+Z moves it back.
 * Activating a card opens the chapter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-corkboard"

#include "config.h"

#include <glib/gi18n.h>

#include "df-corkboard-view.h"
#include "df-item-filler.h"
#include "df-outline-item.h"
#include "df-synopsis-cell.h"
#include "df-utils.h"

/* As the outline does (df-outline-view.c): the cards of the first
 * screenful at once, the others when the main loop is idle; opened
 * again with the same chapters in the same order, the cards stay and
 * take what changed. */
#define FIRST_BATCH 32
#define NEXT_BATCH  16

/* A change the undo takes back: a move (where the chapter was), or a
 * synopsis edited on its card (the synopsis before). */
typedef struct
{
  gint64  chapter_id;
  gint64  from;
  gint64  part_id;
  char   *synopsis;    /* non-NULL: a synopsis edited */
} MoveStep;

static void
move_step_clear (MoveStep *step)
{
  g_clear_pointer (&step->synopsis, g_free);
}

struct _DfCorkboardView
{
  GtkWidget        parent_instance;

  DfSession       *session;
  gint64           project_id;
  GListStore      *items;          /* DfOutlineItem, in book order */
  GHashTable      *part_titles;    /* part id -> title */
  char            *parts_seen;     /* the part titles the cards show, for a reload to compare */
  GArray          *undo;           /* MoveStep, the newest last */
  DfItemFiller     filler;

  /* template */
  GtkGridView     *grid;
  GtkWidget       *main_box;
};

G_DEFINE_FINAL_TYPE (DfCorkboardView, df_corkboard_view, GTK_TYPE_WIDGET)

enum {
  CHAPTER_ACTIVATED,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static DfStore *
get_store (DfCorkboardView *self)
{
  return self->session != NULL ? df_session_get_store (self->session) : NULL;
}

static void
update_actions (DfCorkboardView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "corkboard.undo", self->undo->len > 0);
}

/* ---- cards ------------------------------------------------------------------ */

static gboolean
card_drop (GtkDropTarget   *target,
           const GValue    *value,
           double           x,
           double           y,
           GtkListItem     *list_item)
{
  GtkWidget *card = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  DfCorkboardView *self = DF_CORKBOARD_VIEW (gtk_widget_get_ancestor (card, DF_TYPE_CORKBOARD_VIEW));
  DfOutlineItem *item = gtk_list_item_get_item (list_item);

  if (self == NULL || item == NULL)
    return FALSE;
  return df_corkboard_view_move (self, g_value_get_int64 (value), df_outline_item_get_chapter (item)->number);
}

/* A synopsis edited on a card: saved, undoable. */
static void
synopsis_committed (DfSynopsisCell  *cell,
                    const char      *text,
                    DfCorkboardView *self)
{
  DfOutlineItem *item = g_object_get_data (G_OBJECT (cell), "item");
  g_autoptr(GError) error = NULL;
  MoveStep step = { 0, 0, 0, NULL };
  DfChapter *chapter;

  if (item == NULL || get_store (self) == NULL)
    return;
  chapter = df_outline_item_get_chapter (item);
  if (g_strcmp0 (text, chapter->synopsis) == 0)
    return;
  if (!df_chapter_set_field (get_store (self), chapter->id, "synopsis", text, &error))
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  step.chapter_id = chapter->id;
  step.synopsis = g_strdup (chapter->synopsis);
  g_array_append_val (self->undo, step);
  df_outline_item_set_synopsis (item, text);
  update_actions (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static GtkWidget *
card_label (GtkWidget  *box,
            const char *name,
            const char *css_class,
            int         lines)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_name (label, name);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (lines > 1)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_lines (GTK_LABEL (label), lines);
      gtk_widget_set_vexpand (label, TRUE);
      gtk_label_set_yalign (GTK_LABEL (label), 0.0);
    }
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);
  return label;
}

static void
setup_card (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            DfCorkboardView          *self)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *dot = gtk_label_new ("●");
  GtkDragSource *drag = gtk_drag_source_new ();
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_INT64, GDK_ACTION_MOVE);
  GtkWidget *synopsis;

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "df-card");
  gtk_widget_set_size_request (card, 200, 140);
  gtk_widget_add_css_class (dot, "df-status-dot");
  gtk_box_append (GTK_BOX (top), dot);
  gtk_widget_set_hexpand (card_label (top, "card-title", "heading", 1), TRUE);
  gtk_box_append (GTK_BOX (card), top);
  card_label (card, "card-part", "caption", 1);
  synopsis = df_synopsis_cell_new (4);
  gtk_widget_set_vexpand (synopsis, TRUE);
  g_signal_connect_object (synopsis, "commit", G_CALLBACK (synopsis_committed), self, 0);
  gtk_box_append (GTK_BOX (card), synopsis);
  card_label (card, "card-labels", "caption", 1);
  card_label (card, "card-words", "dim-label", 1);

  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
  g_signal_connect_object (drag, "prepare", G_CALLBACK (df_outline_item_drag_prepare), list_item, 0);
  gtk_widget_add_controller (card, GTK_EVENT_CONTROLLER (drag));
  g_signal_connect_object (drop, "drop", G_CALLBACK (card_drop), list_item, 0);
  gtk_widget_add_controller (card, GTK_EVENT_CONTROLLER (drop));
  gtk_list_item_set_child (list_item, card);
}

static void
fill_card (GtkListItem     *list_item,
           DfCorkboardView *self)
{
  GtkWidget *card = gtk_list_item_get_child (list_item);
  GtkWidget *top = gtk_widget_get_first_child (card);
  GtkWidget *dot = gtk_widget_get_first_child (top);
  GtkWidget *part = gtk_widget_get_next_sibling (top);
  GtkWidget *synopsis = gtk_widget_get_next_sibling (part);
  GtkWidget *labels = gtk_widget_get_next_sibling (synopsis);
  const char *markup = df_outline_item_get_labels_markup (gtk_list_item_get_item (list_item));
  DfChapter *c = df_outline_item_get_chapter (gtk_list_item_get_item (list_item));
  const char *classes[] = { "df-status-dot", df_status_css_class (c->status), NULL };
  const char *part_title = g_hash_table_lookup (self->part_titles, &c->part_id);
  g_autofree char *title = g_strdup_printf ("%" G_GINT64_FORMAT ". %s", c->number, c->title);
  g_autofree char *words = df_format_words (c->words);
  g_autofree char *tooltip = g_strdup_printf ("%s — %s", c->title, df_status_display_name (c->status));

  gtk_widget_set_css_classes (dot, classes);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (dot)), title);
  gtk_label_set_text (GTK_LABEL (part), part_title ? part_title : "");
  gtk_widget_set_visible (part, part_title != NULL);
  df_synopsis_cell_set_text (DF_SYNOPSIS_CELL (synopsis), c->synopsis);
  g_object_set_data (G_OBJECT (synopsis), "item", gtk_list_item_get_item (list_item));
  gtk_label_set_markup (GTK_LABEL (labels), markup);
  gtk_widget_set_visible (labels, *markup != '\0');
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (labels)), words);
  gtk_widget_set_tooltip_text (card, tooltip);
}

/* The item a card shows changed (the corkboard read again): the card
 * shows it as it is now. */
static void
card_item_changed (GtkListItem *list_item)
{
  GtkWidget *card = gtk_list_item_get_child (list_item);
  GtkWidget *view = card != NULL ? gtk_widget_get_ancestor (card, DF_TYPE_CORKBOARD_VIEW) : NULL;

  if (view != NULL && gtk_list_item_get_item (list_item) != NULL)
    fill_card (list_item, DF_CORKBOARD_VIEW (view));
}

static void
bind_card (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           DfCorkboardView          *self)
{
  gulong id;

  fill_card (list_item, self);
  id = g_signal_connect_object (gtk_list_item_get_item (list_item), "changed", G_CALLBACK (card_item_changed),
                                list_item, G_CONNECT_SWAPPED);
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (list_item)), "changed-handler", GSIZE_TO_POINTER (id));
}

static void
unbind_card (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             DfCorkboardView          *self)
{
  GtkWidget *card = gtk_list_item_get_child (list_item);
  gulong id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (card), "changed-handler"));

  if (id != 0 && gtk_list_item_get_item (list_item) != NULL)
    g_signal_handler_disconnect (gtk_list_item_get_item (list_item), id);
  g_object_set_data (G_OBJECT (card), "changed-handler", NULL);
}

/* ---- callbacks and actions ------------------------------------------------ */

static void
card_activated (DfCorkboardView *self,
                guint            position)
{
  g_autoptr(DfOutlineItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), position);

  if (item != NULL)
    g_signal_emit (self, signals[CHAPTER_ACTIVATED], 0, df_outline_item_get_chapter (item)->id);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DfCorkboardView *self = DF_CORKBOARD_VIEW (widget);
  g_autoptr(GError) error = NULL;
  MoveStep step;

  if (self->undo->len == 0 || get_store (self) == NULL)
    return;
  step = g_array_index (self->undo, MoveStep, self->undo->len - 1);
  if (step.synopsis != NULL
      ? !df_chapter_set_field (get_store (self), step.chapter_id, "synopsis", step.synopsis, &error)
      : (!df_chapter_move (get_store (self), step.chapter_id, step.from, &error) ||
         !df_chapter_set_part (get_store (self), step.chapter_id, step.part_id, &error)))
    df_page_show_toast (widget, error->message);
  g_array_set_size (self->undo, self->undo->len - 1);
  df_corkboard_view_load (self, self->project_id);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* ---- GObject --------------------------------------------------------------- */

static gboolean
df_corkboard_view_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (DF_CORKBOARD_VIEW (widget)->grid));
}

static void
df_corkboard_view_dispose (GObject *object)
{
  DfCorkboardView *self = (DfCorkboardView *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), DF_TYPE_CORKBOARD_VIEW);
  g_clear_object (&self->session);
  g_clear_object (&self->items);
  g_clear_pointer (&self->part_titles, g_hash_table_unref);
  g_clear_pointer (&self->parts_seen, g_free);
  df_item_filler_clear (&self->filler);
  g_clear_pointer (&self->undo, g_array_unref);

  G_OBJECT_CLASS (df_corkboard_view_parent_class)->dispose (object);
}

static void
df_corkboard_view_class_init (DfCorkboardViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_corkboard_view_dispose;
  widget_class->grab_focus = df_corkboard_view_grab_focus;

  /* A card activated: the chapter to write in. */
  signals[CHAPTER_ACTIVATED] = g_signal_new ("chapter-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* The book's order changed (or a change was undone). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/draftforge/DraftForge/ui/df-corkboard-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DfCorkboardView, grid);
  gtk_widget_class_bind_template_child (widget_class, DfCorkboardView, main_box);
  gtk_widget_class_bind_template_callback (widget_class, card_activated);

  gtk_widget_class_install_action (widget_class, "corkboard.undo", NULL, undo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "corkboard.undo", NULL);
}

static void
df_corkboard_view_init (DfCorkboardView *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->items = g_list_store_new (DF_TYPE_OUTLINE_ITEM);
  df_item_filler_init (&self->filler, self->items, NEXT_BATCH, NULL, NULL);
  self->part_titles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->undo = g_array_new (FALSE, FALSE, sizeof (MoveStep));
  g_array_set_clear_func (self->undo, (GDestroyNotify)move_step_clear);
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_card), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_card), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_card), self, 0);
  gtk_grid_view_set_factory (self->grid, factory);
  g_object_unref (factory);
  gtk_grid_view_set_model (self->grid,
                           GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->items)))));
  update_actions (self);
}

/* ---- public ------------------------------------------------------------------ */

void
df_corkboard_view_set_session (DfCorkboardView *self,
                               DfSession       *session)
{
  g_return_if_fail (DF_IS_CORKBOARD_VIEW (self));

  g_set_object (&self->session, session);
}

static gboolean
load_parts (DfCorkboardView  *self,
            DfStore          *store,
            gboolean         *parts_changed,
            GError          **error)
{
  g_autoptr(GPtrArray) parts = df_part_list (store, self->project_id, error);

  if (parts == NULL)
    return FALSE;
  g_autoptr(GString) seen = g_string_new (NULL);

  g_hash_table_remove_all (self->part_titles);
  for (guint i = 0; i < parts->len; i++)
    {
      DfPart *part = g_ptr_array_index (parts, i);

      g_hash_table_insert (self->part_titles, g_memdup2 (&part->id, sizeof part->id), g_strdup (part->title));
      g_string_append_printf (seen, "%" G_GINT64_FORMAT "\x1f%s\x1e", part->id, part->title);
    }
  *parts_changed = g_strcmp0 (seen->str, self->parts_seen) != 0;
  g_free (self->parts_seen);
  self->parts_seen = g_string_free (g_steal_pointer (&seen), FALSE);
  return TRUE;
}

void
df_corkboard_view_load (DfCorkboardView *self,
                        gint64           project_id)
{
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GPtrArray) assigned = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  DfStore *store;
  guint cursor = 0;
  gboolean parts_changed = FALSE;
  gboolean changed;

  g_return_if_fail (DF_IS_CORKBOARD_VIEW (self));

  store = get_store (self);
  if (project_id != self->project_id)
    g_array_set_size (self->undo, 0);
  self->project_id = project_id;
  update_actions (self);
  if (store == NULL || project_id == 0)
    return;
  if (!load_parts (self, store, &parts_changed, &error) || (chapters = df_chapter_list (store, project_id, &error)) == NULL ||
      (assigned = df_label_list_assigned (store, project_id, &error)) == NULL)
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  g_ptr_array_set_free_func (chapters, NULL);
  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *c = chapters->pdata[i];
      g_autofree char *names = NULL;
      g_autofree char *markup = df_labels_take_next (assigned, &cursor, c->id, &names);

      g_ptr_array_add (items, df_outline_item_new (c, names, markup));
    }
  if (!parts_changed && df_item_filler_update_in_place (&self->filler, items, &changed))
    return;
  df_item_filler_replace (&self->filler, items, FIRST_BATCH);
}

guint
df_corkboard_view_get_n_cards (DfCorkboardView *self)
{
  g_return_val_if_fail (DF_IS_CORKBOARD_VIEW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->items));
}

gboolean
df_corkboard_view_move (DfCorkboardView *self,
                        gint64           chapter_id,
                        gint64           to)
{
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(GError) error = NULL;
  MoveStep step = { chapter_id, 0, 0, NULL };

  g_return_val_if_fail (DF_IS_CORKBOARD_VIEW (self), FALSE);

  if (get_store (self) == NULL || (chapter = df_chapter_get (get_store (self), chapter_id, &error)) == NULL)
    return FALSE;
  if (chapter->number == to)
    return TRUE;
  step.from = chapter->number;
  step.part_id = chapter->part_id;
  if (!df_chapter_move (get_store (self), chapter_id, to, &error))
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return FALSE;
    }
  g_array_append_val (self->undo, step);
  df_corkboard_view_load (self, self->project_id);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

gboolean
df_corkboard_view_can_undo (DfCorkboardView *self)
{
  g_return_val_if_fail (DF_IS_CORKBOARD_VIEW (self), FALSE);
  return self->undo->len > 0;
}
