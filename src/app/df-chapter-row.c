/* df-chapter-row.c: a part or a chapter in the project's sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-project"

#include "config.h"

#include "df-chapter-row.h"

struct _DfChapterRow
{
  GtkListBoxRow  parent_instance;

  gint64         chapter_id;
  gint64         part_id;
  gint64         number;
  char          *title;
};

G_DEFINE_FINAL_TYPE (DfChapterRow, df_chapter_row, GTK_TYPE_LIST_BOX_ROW)

static GtkWidget *
make_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  return label;
}

static void
df_chapter_row_finalize (GObject *object)
{
  DfChapterRow *self = (DfChapterRow *)object;

  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (df_chapter_row_parent_class)->finalize (object);
}

static void
df_chapter_row_class_init (DfChapterRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = df_chapter_row_finalize;
}

static void
df_chapter_row_init (DfChapterRow *self)
{
}

GtkWidget *
df_chapter_row_new_chapter (gint64      chapter_id,
                            gint64      number,
                            const char *title,
                            gint64      part_id)
{
  DfChapterRow *self = g_object_new (DF_TYPE_CHAPTER_ROW, NULL);
  GtkWidget *label = make_label (title);

  self->chapter_id = chapter_id;
  self->number = number;
  self->part_id = part_id;
  self->title = g_strdup (title);
  if (part_id != 0)
    gtk_widget_set_margin_start (label, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  return GTK_WIDGET (self);
}

GtkWidget *
df_chapter_row_new_part (gint64      part_id,
                         const char *title)
{
  DfChapterRow *self = g_object_new (DF_TYPE_CHAPTER_ROW, NULL);
  GtkWidget *label = make_label (title);

  self->part_id = part_id;
  self->title = g_strdup (title);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  return GTK_WIDGET (self);
}

gboolean
df_chapter_row_is_part (DfChapterRow *self)
{
  g_return_val_if_fail (DF_IS_CHAPTER_ROW (self), FALSE);
  return self->chapter_id == 0;
}

gint64
df_chapter_row_get_chapter_id (DfChapterRow *self)
{
  g_return_val_if_fail (DF_IS_CHAPTER_ROW (self), 0);
  return self->chapter_id;
}

gint64
df_chapter_row_get_part_id (DfChapterRow *self)
{
  g_return_val_if_fail (DF_IS_CHAPTER_ROW (self), 0);
  return self->part_id;
}

gint64
df_chapter_row_get_number (DfChapterRow *self)
{
  g_return_val_if_fail (DF_IS_CHAPTER_ROW (self), 0);
  return self->number;
}

const char *
df_chapter_row_get_title (DfChapterRow *self)
{
  g_return_val_if_fail (DF_IS_CHAPTER_ROW (self), NULL);
  return self->title;
}
