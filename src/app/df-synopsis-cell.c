/* df-synopsis-cell.c: a synopsis shown as a label, edited in place
 *
 * Lists keep many cells around the rows on screen, so a cell is a label
 * only; the entry is made the first time the cell is edited.  Enter, or
 * the focus leaving the entry, ends the edit and emits "commit" with the
 * new text when it changed; Escape ends it leaving the text as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-outline"

#include "config.h"

#include "df-synopsis-cell.h"

struct _DfSynopsisCell
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkWidget *label;
  GtkWidget *entry;     /* NULL until the first edit */
  char      *text;      /* what the label shows */
};

G_DEFINE_FINAL_TYPE (DfSynopsisCell, df_synopsis_cell, GTK_TYPE_WIDGET)

enum {
  COMMIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Ends the edit: the entry's text is kept when @keep. */
static void
stop_editing (DfSynopsisCell *self,
              gboolean        keep)
{
  g_autofree char *text = NULL;

  if (!df_synopsis_cell_get_editing (self))
    return;
  text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  gtk_widget_set_visible (self->entry, FALSE);
  gtk_widget_set_visible (self->label, TRUE);
  if (!keep || g_strcmp0 (text, self->text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  gtk_label_set_text (GTK_LABEL (self->label), text);
  g_signal_emit (self, signals[COMMIT], 0, text);
}

static void
entry_activated (DfSynopsisCell *self)
{
  stop_editing (self, TRUE);
}

static void
entry_focus_left (DfSynopsisCell *self)
{
  stop_editing (self, TRUE);
}

static gboolean
entry_escape (GtkWidget *entry,
              GVariant  *args,
              gpointer   data)
{
  stop_editing (DF_SYNOPSIS_CELL (data), FALSE);
  return TRUE;
}

static void
label_clicked (GtkGestureClick *gesture,
               int              n_press,
               double           x,
               double           y,
               DfSynopsisCell  *self)
{
  if (n_press == 1)
    df_synopsis_cell_start_editing (self);
}

static void
make_entry (DfSynopsisCell *self)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkEventController *keys = gtk_shortcut_controller_new ();

  self->entry = gtk_entry_new ();
  gtk_widget_set_name (self->entry, "synopsis-entry");
  gtk_widget_set_hexpand (self->entry, TRUE);
  gtk_entry_set_has_frame (GTK_ENTRY (self->entry), FALSE);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->entry), 10);
  g_signal_connect_object (self->entry, "activate", G_CALLBACK (entry_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (focus, "leave", G_CALLBACK (entry_focus_left), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->entry, focus);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_callback_action_new (entry_escape, self, NULL)));
  gtk_widget_add_controller (self->entry, keys);
  gtk_box_append (GTK_BOX (self->box), self->entry);
}

static void
df_synopsis_cell_dispose (GObject *object)
{
  DfSynopsisCell *self = (DfSynopsisCell *)object;

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (df_synopsis_cell_parent_class)->dispose (object);
}

static void
df_synopsis_cell_class_init (DfSynopsisCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = df_synopsis_cell_dispose;

  /* The edit ended with another text: the text. */
  signals[COMMIT] = g_signal_new ("commit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
df_synopsis_cell_init (DfSynopsisCell *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_name (self->box, "synopsis");
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  self->label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (self->label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (self->label, TRUE);
  gtk_box_append (GTK_BOX (self->box), self->label);
  g_signal_connect_object (click, "released", G_CALLBACK (label_clicked), self, 0);
  gtk_widget_add_controller (self->box, GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
df_synopsis_cell_new (int lines)
{
  DfSynopsisCell *self = g_object_new (DF_TYPE_SYNOPSIS_CELL, NULL);

  if (lines > 1)
    {
      gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
      gtk_label_set_lines (GTK_LABEL (self->label), lines);
      gtk_label_set_yalign (GTK_LABEL (self->label), 0.0);
      gtk_widget_set_vexpand (self->label, TRUE);
    }
  return GTK_WIDGET (self);
}

void
df_synopsis_cell_set_text (DfSynopsisCell *self,
                           const char     *text)
{
  g_return_if_fail (DF_IS_SYNOPSIS_CELL (self));

  stop_editing (self, TRUE);
  g_free (self->text);
  self->text = g_strdup (text ? text : "");
  gtk_label_set_text (GTK_LABEL (self->label), self->text);
}

void
df_synopsis_cell_start_editing (DfSynopsisCell *self)
{
  g_return_if_fail (DF_IS_SYNOPSIS_CELL (self));

  if (df_synopsis_cell_get_editing (self))
    return;
  if (self->entry == NULL)
    make_entry (self);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), self->text ? self->text : "");
  gtk_widget_set_visible (self->label, FALSE);
  gtk_widget_set_visible (self->entry, TRUE);
  gtk_widget_grab_focus (self->entry);
}

gboolean
df_synopsis_cell_get_editing (DfSynopsisCell *self)
{
  g_return_val_if_fail (DF_IS_SYNOPSIS_CELL (self), FALSE);
  return self->entry != NULL && gtk_widget_get_visible (self->entry);
}
