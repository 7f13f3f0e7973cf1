/* df-chapter-row.c: a part or a chapter in the project's sidebar
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
  GtkListBoxRow  parent_instance;

  gint64         chapter_id;
  gint64         part_id;
  gint64         number;
  char          *title;
  char          *status;
  char         **labels;
  gint64         word_target;
  GtkWidget     *dot;           /* the status's colour; NULL for a part */
  GtkWidget     *count;         /* words, against the target */
  GtkWidget     *arrow;         /* a part's: folded or open */
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
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->labels, g_strfreev);

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
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = make_label (title);

  self->chapter_id = chapter_id;
  self->number = number;
  self->part_id = part_id;
  self->title = g_strdup (title);
  if (part_id != 0)
    gtk_widget_set_margin_start (box, 12);
  self->dot = gtk_label_new ("●");
  gtk_widget_add_css_class (self->dot, "df-status-dot");
  gtk_widget_set_visible (self->dot, FALSE);
  self->count = gtk_label_new (NULL);
  gtk_widget_set_name (self->count, "row-words");
  gtk_widget_add_css_class (self->count, "dim-label");
  gtk_widget_add_css_class (self->count, "caption");
  gtk_widget_add_css_class (self->count, "numeric");
  gtk_box_append (GTK_BOX (box), self->dot);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), self->count);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);
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
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = make_label (title);

  self->part_id = part_id;
  self->title = g_strdup (title);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (box, 6);
  self->arrow = gtk_image_new_from_icon_name ("pan-down-symbolic");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), self->arrow);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), _("Activate to fold or unfold the part’s chapters"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  return GTK_WIDGET (self);
}

/* The words, against the target when there is one: "1,204 / 3,000". */
static void
show_count (DfChapterRow *self,
            gint64        words)
{
  g_autofree char *text = df_format_count (words);

  if (self->word_target > 0)
    {
      g_autofree char *target = df_format_count (self->word_target);
      g_autofree char *count = NULL;

      /* TRANSLATORS: a chapter's words against its target, "1,204 / 3,000" */
      count = g_strdup_printf (C_("words of target", "%s / %s"), text, target);
      gtk_label_set_text (GTK_LABEL (self->count), count);
      return;
    }
  gtk_label_set_text (GTK_LABEL (self->count), text);
}

void
df_chapter_row_set_plan (DfChapterRow    *self,
                         const DfChapter *chapter,
                         const char      *labels,
                         const char      *labels_markup)
{
  const char *classes[] = { "df-status-dot", df_status_css_class (chapter->status), NULL };

  g_return_if_fail (DF_IS_CHAPTER_ROW (self) && self->dot != NULL);

  g_free (self->status);
  self->status = g_strdup (chapter->status);
  g_strfreev (self->labels);
  self->labels = g_strsplit (labels ? labels : "", ", ", -1);

  gtk_widget_set_css_classes (self->dot, classes);
  gtk_widget_set_tooltip_text (self->dot, df_status_display_name (chapter->status));
  /* A scene stands under its chapter. */
  if (g_strcmp0 (chapter->kind, "scene") == 0)
    gtk_widget_set_margin_start (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (self)),
                                 (self->part_id != 0 ? 12 : 0) + 16);
  gtk_widget_set_visible (self->dot, TRUE);
  self->word_target = chapter->word_target;
  show_count (self, chapter->words);
  /* The title and status, the labels, the synopsis: the tooltip. */
  {
    g_autoptr(GString) markup = g_string_new (NULL);
    g_autofree char *head = g_markup_printf_escaped ("%s — %s", chapter->title,
                                                     df_status_display_name (chapter->status));

    g_string_append (markup, head);
    if (labels_markup != NULL && *labels_markup != '\0')
      g_string_append_printf (markup, "\n%s", labels_markup);
    if (chapter->synopsis != NULL && *chapter->synopsis != '\0')
      {
        g_autofree char *synopsis = g_markup_escape_text (chapter->synopsis, -1);

        g_string_append_printf (markup, "\n%s", synopsis);
      }
    gtk_widget_set_tooltip_markup (GTK_WIDGET (self), markup->str);
  }
}

void
df_chapter_row_set_words (DfChapterRow *self,
                          gint64        words)
{
  g_return_if_fail (DF_IS_CHAPTER_ROW (self) && self->count != NULL);
  show_count (self, words);
}

void
df_chapter_row_set_folded (DfChapterRow *self,
                           gboolean      folded)
{
  g_return_if_fail (DF_IS_CHAPTER_ROW (self) && self->arrow != NULL);

  gtk_image_set_from_icon_name (GTK_IMAGE (self->arrow), folded ? "pan-end-symbolic" : "pan-down-symbolic");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_EXPANDED, !folded, -1);
}

const char *
df_chapter_row_get_status (DfChapterRow *self)
{
  g_return_val_if_fail (DF_IS_CHAPTER_ROW (self), NULL);
  return self->status;
}

gboolean
df_chapter_row_has_label (DfChapterRow *self,
                          const char   *name)
{
  g_return_val_if_fail (DF_IS_CHAPTER_ROW (self), FALSE);
  return self->labels != NULL && g_strv_contains ((const char * const *)self->labels, name);
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
