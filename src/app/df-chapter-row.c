/* df-chapter-row.c: the sidebar's row for a part or a chapter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-project"

#include "config.h"

#include <glib/gi18n.h>

#include "df-chapter-row.h"
#include "df-outline-item.h"
#include "df-utils.h"

struct _DfChapterRow
{
  GtkWidget      parent_instance;

  DfSidebarItem *item;
  gulong         changed_id;

  GtkWidget     *dot;           /* a chapter's status colour */
  GtkWidget     *title;
  GtkWidget     *labels;        /* a dot per label, in its colour */
  GtkWidget     *count;         /* words, against the target */
  GtkWidget     *arrow;         /* a part's: folded or open */
};

G_DEFINE_FINAL_TYPE (DfChapterRow, df_chapter_row, GTK_TYPE_WIDGET)

static GtkWidget *
add_label (DfChapterRow *self,
           const char   *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_parent (label, GTK_WIDGET (self));
  return label;
}

static char *
labels_markup (DfSidebarItem *item)
{
  const char * const *names = df_sidebar_item_get_labels (item);
  const char * const *colors = df_sidebar_item_get_label_colors (item);
  GString *markup = g_string_new (NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (colors[i] != NULL && colors[i][0] == '#')
        g_string_append_printf (markup, "<span foreground=\"%s\">●</span>", colors[i]);
      else
        g_string_append (markup, "●");
    }
  return g_string_free (markup, FALSE);
}

static void
show_chapter (DfChapterRow  *self,
              DfSidebarItem *item)
{
  const char *status = df_sidebar_item_get_status (item);
  const char *classes[] = { "df-status-dot", df_status_css_class (status), NULL };
  const char *synopsis = df_sidebar_item_get_synopsis (item);
  const char * const *labels = df_sidebar_item_get_labels (item);
  g_autofree char *words = df_format_count (df_sidebar_item_get_words (item));
  g_autofree char *count = NULL;
  g_autofree char *markup = labels_markup (item);
  g_autoptr(GString) tooltip = g_string_new (NULL);
  int indent = df_sidebar_item_get_part_id (item) != 0 ? 12 : 0;

  if (g_strcmp0 (df_sidebar_item_get_kind (item), "scene") == 0)
    indent += 16;   /* a scene stands under its chapter */
  gtk_widget_set_margin_start (self->dot, indent);
  gtk_widget_set_margin_top (self->title, 0);
  gtk_widget_remove_css_class (self->title, "heading");
  gtk_widget_set_css_classes (self->dot, classes);
  gtk_widget_set_visible (self->dot, TRUE);
  gtk_widget_set_visible (self->arrow, FALSE);
  gtk_widget_set_visible (self->count, TRUE);
  if (*markup != '\0')
    gtk_label_set_markup (GTK_LABEL (self->labels), markup);
  gtk_widget_set_visible (self->labels, *markup != '\0');
  if (df_sidebar_item_get_word_target (item) > 0)
    {
      g_autofree char *target = df_format_count (df_sidebar_item_get_word_target (item));
      /* TRANSLATORS: a chapter's words against its target, "1,204 / 3,000" */
      count = g_strdup_printf (C_("words of target", "%s / %s"), words, target);
    }
  gtk_label_set_text (GTK_LABEL (self->count), count ? count : words);
  /* One tooltip for the row: the title and status, the labels, then the
   * synopsis (one per row: a tooltip set costs more than the row). */
  g_string_append_printf (tooltip, "%s — %s", df_sidebar_item_get_title (item), df_status_display_name (status));
  if (labels[0] != NULL)
    {
      g_autofree char *names = g_strjoinv (", ", (char **) labels);
      g_string_append_printf (tooltip, "\n%s", names);
    }
  if (synopsis != NULL && *synopsis != '\0')
    g_string_append_printf (tooltip, "\n%s", synopsis);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip->str);
}

static void
show_part (DfChapterRow  *self,
           DfSidebarItem *item)
{
  gboolean folded = df_sidebar_item_get_folded (item);

  gtk_widget_set_visible (self->dot, FALSE);
  gtk_widget_set_visible (self->labels, FALSE);
  gtk_widget_set_visible (self->count, FALSE);
  gtk_widget_set_visible (self->arrow, TRUE);
  gtk_widget_add_css_class (self->title, "heading");
  gtk_widget_set_margin_top (self->title, 6);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->arrow), folded ? "pan-end-symbolic" : "pan-down-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), _("Activate to fold or unfold the part’s chapters"));
}

static void
show_item (DfChapterRow *self)
{
  DfSidebarItem *item = self->item;

  if (item == NULL)
    return;
  gtk_label_set_text (GTK_LABEL (self->title), df_sidebar_item_get_title (item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, df_sidebar_item_get_title (item),
                                  -1);
  if (df_sidebar_item_is_part (item))
    show_part (self, item);
  else
    show_chapter (self, item);
}

static void
df_chapter_row_dispose (GObject *object)
{
  DfChapterRow *self = (DfChapterRow *)object;
  GtkWidget *child;

  df_chapter_row_set_item (self, NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (df_chapter_row_parent_class)->dispose (object);
}

static void
df_chapter_row_class_init (DfChapterRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = df_chapter_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dfchapterrow");
}

static void
df_chapter_row_init (DfChapterRow *self)
{
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);

  self->dot = add_label (self, "●");
  gtk_widget_add_css_class (self->dot, "df-status-dot");
  self->title = add_label (self, NULL);
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (self->title, TRUE);
  self->labels = add_label (self, NULL);
  gtk_widget_set_name (self->labels, "row-labels");
  self->count = add_label (self, NULL);
  gtk_widget_set_name (self->count, "row-words");
  gtk_widget_add_css_class (self->count, "dim-label");
  gtk_widget_add_css_class (self->count, "caption");
  gtk_widget_add_css_class (self->count, "numeric");
  self->arrow = gtk_image_new_from_icon_name ("pan-down-symbolic");
  gtk_widget_set_parent (self->arrow, GTK_WIDGET (self));
}

GtkWidget *
df_chapter_row_new (void)
{
  return g_object_new (DF_TYPE_CHAPTER_ROW, NULL);
}

void
df_chapter_row_set_item (DfChapterRow  *self,
                         DfSidebarItem *item)
{
  g_return_if_fail (DF_IS_CHAPTER_ROW (self));
  g_return_if_fail (item == NULL || DF_IS_SIDEBAR_ITEM (item));

  if (self->item == item)
    return;
  if (self->item != NULL)
    g_clear_signal_handler (&self->changed_id, self->item);
  g_set_object (&self->item, item);
  if (item != NULL)
    self->changed_id = g_signal_connect_object (item, "changed", G_CALLBACK (show_item), self, G_CONNECT_SWAPPED);
  show_item (self);
}

DfSidebarItem *
df_chapter_row_get_item (DfChapterRow *self)
{
  g_return_val_if_fail (DF_IS_CHAPTER_ROW (self), NULL);
  return self->item;
}
