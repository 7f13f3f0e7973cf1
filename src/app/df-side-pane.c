/* df-side-pane.c: the plugins' panels, beside the text
 *
 * A pane on the trailing side of the editor (the right, or the left in
 * a right-to-left language), wide enough for a conversation: the Issues
 * panel and each plugin's panel is a page, with a switcher when there is
 * more than one.
 * The project view shows and hides it (a header bar button, Shift+F9).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-side-pane"

#include "config.h"

#include <adwaita.h>

#include "df-side-pane.h"

/* A conversation reads well from here (the chapter list is 300). */
#define SIDE_PANE_WIDTH 380

struct _DfSidePane
{
  GtkWidget         parent_instance;

  GtkWidget        *box;
  GtkWidget        *title;      /* the one panel's title, or a switcher */
  GtkStackSwitcher *switcher;
  GtkStack         *stack;
  GPtrArray        *panels;     /* GtkWidget*, each in a page of the stack */
};

G_DEFINE_FINAL_TYPE (DfSidePane, df_side_pane, GTK_TYPE_WIDGET)

/* The stack page that holds @panel (a scroller around it). */
static GtkWidget *
panel_page (GtkWidget *panel)
{
  return g_object_get_data (G_OBJECT (panel), "df-side-pane-page");
}

/* One panel: its title; more: a switcher between them. */
static void
update_header (DfSidePane *self)
{
  gboolean several = self->panels->len > 1;

  gtk_widget_set_visible (GTK_WIDGET (self->switcher), several);
  gtk_widget_set_visible (self->title, !several && self->panels->len == 1);
  if (self->panels->len == 1)
    {
      GtkStackPage *page = gtk_stack_get_page (self->stack, panel_page (g_ptr_array_index (self->panels, 0)));

      gtk_label_set_text (GTK_LABEL (self->title), gtk_stack_page_get_title (page));
    }
}

static void
df_side_pane_dispose (GObject *object)
{
  DfSidePane *self = DF_SIDE_PANE (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->panels, g_ptr_array_unref);

  G_OBJECT_CLASS (df_side_pane_parent_class)->dispose (object);
}

static void
df_side_pane_class_init (DfSidePaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_side_pane_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "df-side-pane");
}

static void
df_side_pane_init (DfSidePane *self)
{
  GtkWidget *header;

  self->panels = g_ptr_array_new ();

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_size_request (GTK_WIDGET (self), SIDE_PANE_WIDTH, -1);
  gtk_widget_add_css_class (GTK_WIDGET (self), "background");

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (header, "toolbar");
  gtk_box_append (GTK_BOX (self->box), header);

  self->title = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->title, "heading");
  gtk_widget_set_hexpand (self->title, TRUE);
  gtk_box_append (GTK_BOX (header), self->title);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  self->switcher = GTK_STACK_SWITCHER (gtk_stack_switcher_new ());
  gtk_stack_switcher_set_stack (self->switcher, self->stack);
  gtk_widget_set_hexpand (GTK_WIDGET (self->switcher), TRUE);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->switcher));

  gtk_box_append (GTK_BOX (self->box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->stack));
  update_header (self);
}

GtkWidget *
df_side_pane_new (void)
{
  return g_object_new (DF_TYPE_SIDE_PANE, NULL);
}

void
df_side_pane_add_panel (DfSidePane *self,
                        const char *title,
                        GtkWidget  *panel)
{
  GtkWidget *scroller;

  g_return_if_fail (DF_IS_SIDE_PANE (self));
  g_return_if_fail (GTK_IS_WIDGET (panel));

  /* A panel scrolls on its own when it holds a scroller (the coach's
   * conversation does, above its input); one that does not scrolls here. */
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), panel);
  g_object_set_data (G_OBJECT (panel), "df-side-pane-page", scroller);
  gtk_stack_add_titled (self->stack, scroller, NULL, title);
  g_ptr_array_add (self->panels, panel);
  update_header (self);
}

void
df_side_pane_add_lasting_panel (DfSidePane *self,
                                const char *title,
                                GtkWidget  *panel)
{
  g_return_if_fail (DF_IS_SIDE_PANE (self));

  g_object_set_data (G_OBJECT (panel), "df-side-pane-lasting", GINT_TO_POINTER (TRUE));
  df_side_pane_add_panel (self, title, panel);
}

void
df_side_pane_remove_panels (DfSidePane *self)
{
  g_return_if_fail (DF_IS_SIDE_PANE (self));

  for (guint i = 0; i < self->panels->len; )
    {
      GtkWidget *panel = g_ptr_array_index (self->panels, i);

      if (g_object_get_data (G_OBJECT (panel), "df-side-pane-lasting") != NULL)
        {
          i++;
          continue;
        }
      gtk_stack_remove (self->stack, panel_page (panel));
      g_ptr_array_remove_index (self->panels, i);
    }
  update_header (self);
}

guint
df_side_pane_get_n_panels (DfSidePane *self)
{
  g_return_val_if_fail (DF_IS_SIDE_PANE (self), 0);
  return self->panels->len;
}

GtkWidget *
df_side_pane_get_visible_panel (DfSidePane *self)
{
  GtkWidget *page;

  g_return_val_if_fail (DF_IS_SIDE_PANE (self), NULL);

  page = gtk_stack_get_visible_child (self->stack);
  for (guint i = 0; page != NULL && i < self->panels->len; i++)
    if (panel_page (g_ptr_array_index (self->panels, i)) == page)
      return g_ptr_array_index (self->panels, i);
  return NULL;
}

void
df_side_pane_set_visible_panel (DfSidePane *self,
                                GtkWidget  *panel)
{
  g_return_if_fail (DF_IS_SIDE_PANE (self));
  g_return_if_fail (GTK_IS_WIDGET (panel));

  if (panel_page (panel) != NULL)
    gtk_stack_set_visible_child (self->stack, panel_page (panel));
}
