/* df-outline-view-actions.c: what the outline does to the chapters
 * chosen — their status, a point of view, the export — and its undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-outline"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "df-codex.h"
#include "df-outline-view-private.h"
#include "df-planning.h"
#include "df-synopsis-cell.h"
#include "df-utils.h"

/* ---- actions ---------------------------------------------------------------- */

static void
set_status_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  DfOutlineView *self = DF_OUTLINE_VIEW (widget);
  const char *status = g_variant_get_string (param, NULL);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(GError) error = NULL;
  UndoStep *step = _df_outline_undo_step_new (NULL);
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(DfOutlineItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
      DfChapter *c = df_outline_item_get_chapter (item);

      g_array_append_val (step->ids, c->id);
      g_ptr_array_add (step->before, g_strdup (c->status));
    }
  if (step->ids->len == 0 || _df_outline_view_get_store (self) == NULL ||
      !df_chapters_set_status (_df_outline_view_get_store (self), (gint64 *)step->ids->data, step->ids->len, status, &error))
    {
      if (error != NULL)
        df_page_show_toast (widget, error->message);
      _df_outline_undo_step_free (step);
      return;
    }
  for (guint i = 0; i < step->ids->len; i++)
    {
      guint at;
      g_autoptr(DfOutlineItem) item = _df_outline_view_find_item (self, g_array_index (step->ids, gint64, i), &at);

      if (item != NULL)
        df_outline_item_set_status (item, status);
    }
  _df_outline_view_filter_changed (self);
  _df_outline_view_push_undo (self, step);
}

/* The name of the character @entry_id among those listed, or NULL. */
static const char *
character_name (DfOutlineView *self,
                gint64         entry_id)
{
  for (guint i = 0; self->characters != NULL && i < self->characters->len; i++)
    if (((DfCodexEntry *)self->characters->pdata[i])->id == entry_id)
      return ((DfCodexEntry *)self->characters->pdata[i])->name;
  return NULL;
}

/* Sets the point of view of chapter @chapter_id to codex entry @entry_id
 * ("" for none) and shows it; FALSE after a toast with the error. */
static gboolean
apply_pov (DfOutlineView *self,
           gint64         chapter_id,
           const char    *entry_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfOutlineItem) item = NULL;
  gint64 id = g_ascii_strtoll (entry_id, NULL, 10);
  guint at;

  if (!df_chapter_set_field (_df_outline_view_get_store (self), chapter_id, "pov", entry_id, &error))
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return FALSE;
    }
  if ((item = _df_outline_view_find_item (self, chapter_id, &at)) != NULL)
    df_outline_item_set_pov (item, id, character_name (self, id));
  return TRUE;
}

/* outline.set-pov((chapter id, codex entry id; 0: none)) */
static void
set_pov_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  DfOutlineView *self = DF_OUTLINE_VIEW (widget);
  g_autoptr(DfOutlineItem) item = NULL;
  g_autofree char *entry = NULL;
  gint64 chapter_id, entry_id;
  UndoStep *step;
  guint at;

  g_variant_get (param, "(xx)", &chapter_id, &entry_id);
  if (_df_outline_view_get_store (self) == NULL || (item = _df_outline_view_find_item (self, chapter_id, &at)) == NULL ||
      df_outline_item_get_chapter (item)->pov_entry_id == entry_id)
    return;
  step = _df_outline_undo_step_new ("pov");
  g_array_append_val (step->ids, chapter_id);
  g_ptr_array_add (step->before, df_outline_item_get_chapter (item)->pov_entry_id != 0
                                   ? g_strdup_printf ("%" G_GINT64_FORMAT,
                                                      df_outline_item_get_chapter (item)->pov_entry_id)
                                   : g_strdup (""));
  entry = entry_id != 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, entry_id) : g_strdup ("");
  if (!apply_pov (self, chapter_id, entry))
    {
      _df_outline_undo_step_free (step);
      return;
    }
  _df_outline_view_push_undo (self, step);
}

/* An undo step holding the book's order and parts now, or NULL after a
 * toast with the error. */
static UndoStep *
order_step (DfOutlineView *self)
{
  g_autoptr(GError) error = NULL;
  UndoStep *step = _df_outline_undo_step_new ("order");

  g_clear_pointer (&step->ids, g_array_unref);
  if (!df_chapters_get_order (_df_outline_view_get_store (self), self->project_id, &step->ids, &step->part_ids,
                              &error))
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      step->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      _df_outline_undo_step_free (step);
      return NULL;
    }
  return step;
}

/* After a move: the rows again, the undo, the sidebar told. */
static void
moved (DfOutlineView *self,
       UndoStep      *step)
{
  df_outline_view_load (self, self->project_id);
  _df_outline_view_push_undo (self, step);
}

/* outline.move-to-part(part id; 0: no part): the selected chapters, in
 * book order, to the end of the part, as one step. */
static void
move_to_part_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  DfOutlineView *self = DF_OUTLINE_VIEW (widget);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  UndoStep *step;
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(DfOutlineItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

      g_array_append_val (ids, df_outline_item_get_chapter (item)->id);
    }
  if (ids->len == 0 || _df_outline_view_get_store (self) == NULL || (step = order_step (self)) == NULL)
    return;
  if (!df_chapters_move_to_part (_df_outline_view_get_store (self), (gint64 *)ids->data, ids->len,
                                 g_variant_get_int64 (param), &error))
    {
      df_page_show_toast (widget, error->message);
      _df_outline_undo_step_free (step);
      return;
    }
  moved (self, step);
}

/* ---- label colours ----------------------------------------------------- */

static const char *
label_color_of (DfOutlineView *self,
                const char    *name)
{
  for (guint i = 0; self->labels != NULL && i < self->labels->len; i++)
    if (g_strcmp0 (((DfLabel *)self->labels->pdata[i])->name, name) == 0)
      return ((DfLabel *)self->labels->pdata[i])->color;
  return NULL;
}

/* Gives label @name the colour @color and shows it; FALSE after a toast
 * with the error. */
static gboolean
apply_label_color (DfOutlineView *self,
                   const char    *name,
                   const char    *color)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfLabel) label = df_label_define (_df_outline_view_get_store (self), self->project_id, name, color,
                                              &error);

  if (label == NULL)
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return FALSE;
    }
  df_outline_view_load (self, self->project_id);
  return TRUE;
}

/* outline.label-color((label, #rrggbb)) */
static void
label_color_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DfOutlineView *self = DF_OUTLINE_VIEW (widget);
  const char *name, *color, *before;
  UndoStep *step;

  g_variant_get (param, "(&s&s)", &name, &color);
  if (_df_outline_view_get_store (self) == NULL || (before = label_color_of (self, name)) == NULL ||
      g_ascii_strcasecmp (before, color) == 0)
    return;
  step = _df_outline_undo_step_new ("label-color");
  g_ptr_array_add (step->before, g_strdup (name));
  g_ptr_array_add (step->before, g_strdup (before));
  if (!apply_label_color (self, name, color))
    {
      _df_outline_undo_step_free (step);
      return;
    }
  if (gtk_menu_button_get_popover (self->colors_button) != NULL)
    gtk_popover_popdown (gtk_menu_button_get_popover (self->colors_button));
  _df_outline_view_push_undo (self, step);
}

/* A row of the popover: the label as a pill, then a button for each
 * colour of the palette. */
static GtkWidget *
color_row (DfLabel *label)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  g_autoptr(GString) pill = g_string_new (NULL);

  df_label_markup_append (pill, label->name, label->color);
  gtk_label_set_markup (GTK_LABEL (name), pill->str);
  gtk_label_set_xalign (GTK_LABEL (name), 0.0);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_set_margin_end (name, 12);
  gtk_box_append (GTK_BOX (row), name);
  for (guint i = 0; df_label_palette[i] != NULL; i++)
    {
      GtkWidget *button = gtk_button_new ();
      GtkWidget *swatch = gtk_label_new (NULL);
      g_autofree char *markup = g_strdup_printf ("<span foreground=\"%s\" size=\"x-large\">%s</span>",
                                                 df_label_palette[i],
                                                 g_ascii_strcasecmp (df_label_palette[i], label->color) == 0
                                                   ? "◉" : "●");

      gtk_label_set_markup (GTK_LABEL (swatch), markup);
      gtk_button_set_child (GTK_BUTTON (button), swatch);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "circular");
      gtk_widget_set_tooltip_text (button, df_label_palette[i]);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "outline.label-color");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", label->name, df_label_palette[i]);
      gtk_box_append (GTK_BOX (row), button);
    }
  return row;
}

void
_df_outline_view_colors_popup (GtkMenuButton *button,
                               gpointer       data)
{
  DfOutlineView *self = data;
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (_("Label Colours"));

  gtk_widget_set_name (popover, "label-colors");
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);
  for (guint i = 0; self->labels != NULL && i < self->labels->len; i++)
    gtk_box_append (GTK_BOX (box), color_row (self->labels->pdata[i]));
  if (self->labels == NULL || self->labels->len == 0)
    {
      GtkWidget *none = gtk_label_new (_("This project has no labels yet. Give a chapter one with "
                                         "draftforge-cli chapter label."));

      gtk_label_set_wrap (GTK_LABEL (none), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (none), 30);
      gtk_widget_add_css_class (none, "dim-label");
      gtk_box_append (GTK_BOX (box), none);
    }
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (button, popover);
}

void
_df_outline_view_fill_part_menu (DfOutlineView *self,
                                 GPtrArray     *parts)
{
  g_autoptr(GMenu) named = g_menu_new ();
  g_autoptr(GMenu) none = g_menu_new ();

  for (guint i = 0; i < parts->len; i++)
    {
      DfPart *part = g_ptr_array_index (parts, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (part->title, NULL);

      g_menu_item_set_action_and_target_value (item, "outline.move-to-part", g_variant_new_int64 (part->id));
      g_menu_append_item (named, item);
    }
  g_menu_remove_all (self->part_menu);
  g_menu_append_section (self->part_menu, NULL, G_MENU_MODEL (named));
  {
    g_autoptr(GMenuItem) item = g_menu_item_new (_("No Part"), NULL);

    g_menu_item_set_action_and_target_value (item, "outline.move-to-part", g_variant_new_int64 (0));
    g_menu_append_item (none, item);
  }
  g_menu_append_section (self->part_menu, NULL, G_MENU_MODEL (none));
}

gboolean
df_outline_view_move (DfOutlineView *self,
                      gint64         chapter_id,
                      gint64         to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfOutlineItem) item = NULL;
  UndoStep *step;
  guint at;

  g_return_val_if_fail (DF_IS_OUTLINE_VIEW (self), FALSE);

  if (_df_outline_view_get_store (self) == NULL ||
      (item = _df_outline_view_find_item (self, chapter_id, &at)) == NULL)
    return FALSE;
  if (df_outline_item_get_chapter (item)->number == to)
    return TRUE;
  if ((step = order_step (self)) == NULL)
    return FALSE;
  if (!df_chapter_move (_df_outline_view_get_store (self), chapter_id, to, &error))
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      _df_outline_undo_step_free (step);
      return FALSE;
    }
  moved (self, step);
  return TRUE;
}

static void
export_written (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GtkWidget) self = data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    df_page_show_toast_printf (self, _("The outline could not be written: %s"), error->message);
  else
    df_page_show_toast (self, _("Outline exported"));
}

static void
export_chosen (GtkWidget *widget,
               GFile     *file)
{
  DfOutlineView *self = DF_OUTLINE_VIEW (widget);
  const char *format = g_object_get_data (G_OBJECT (self), "export-format");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *text;

  if (_df_outline_view_get_store (self) == NULL ||
      (text = df_outline_format (_df_outline_view_get_store (self), self->project_id, format, &error)) == NULL)
    {
      if (error != NULL)
        df_page_show_toast (widget, error->message);
      return;
    }
  bytes = g_bytes_new_take (text, strlen (text));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                       export_written, g_object_ref (widget));
}

/* The outline as CSV or Markdown, in a file chosen. */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DfOutlineView *self = DF_OUTLINE_VIEW (widget);
  const char *format = g_strcmp0 (g_variant_get_string (param, NULL), "csv") == 0 ? "csv" : "markdown";
  gboolean csv = g_str_equal (format, "csv");
  GtkFileFilter *filter = gtk_file_filter_new ();

  g_object_set_data (G_OBJECT (self), "export-format", (gpointer)format);
  gtk_file_filter_set_name (filter, csv ? _("CSV") : _("Markdown"));
  gtk_file_filter_add_pattern (filter, csv ? "*.csv" : "*.md");
  df_choose_file (widget, _("Export the Outline"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), filter,
                  csv ? "outline.csv" : "outline.md", export_chosen);
}

/* F2: the synopsis of the first selected row, edited. */
static void
edit_synopsis_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  DfOutlineView *self = DF_OUTLINE_VIEW (widget);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(DfOutlineItem) item = NULL;
  GtkWidget *cell;

  if (gtk_bitset_is_empty (selected))
    return;
  item = g_list_model_get_item (G_LIST_MODEL (self->selection), gtk_bitset_get_minimum (selected));
  cell = g_object_get_data (G_OBJECT (item), "synopsis-cell");
  if (cell != NULL)
    df_synopsis_cell_start_editing (DF_SYNOPSIS_CELL (cell));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DfOutlineView *self = DF_OUTLINE_VIEW (widget);
  g_autoptr(GError) error = NULL;
  UndoStep *step;
  gboolean ok;

  if (self->undo->len == 0 || _df_outline_view_get_store (self) == NULL)
    return;
  step = g_ptr_array_index (self->undo, self->undo->len - 1);
  if (g_strcmp0 (step->field, "order") == 0)
    {
      if (!df_chapters_set_order (_df_outline_view_get_store (self), (gint64 *)step->ids->data,
                                  (gint64 *)step->part_ids->data, step->ids->len, &error))
        {
          df_page_show_toast (widget, error->message);
          return;
        }
      g_ptr_array_remove_index (self->undo, self->undo->len - 1);
      df_outline_view_load (self, self->project_id);
      _df_outline_view_update_actions (self);
      _df_outline_view_emit_changed (self);
      return;
    }
  if (g_strcmp0 (step->field, "label-color") == 0)
    {
      if (!apply_label_color (self, g_ptr_array_index (step->before, 0), g_ptr_array_index (step->before, 1)))
        return;
      g_ptr_array_remove_index (self->undo, self->undo->len - 1);
      _df_outline_view_update_actions (self);
      _df_outline_view_emit_changed (self);
      return;
    }
  if (g_strcmp0 (step->field, "pov") == 0)
    {
      if (!apply_pov (self, g_array_index (step->ids, gint64, 0), g_ptr_array_index (step->before, 0)))
        return;
      ok = TRUE;
    }
  else if (step->field != NULL)
    ok = df_chapter_set_field (_df_outline_view_get_store (self), g_array_index (step->ids, gint64, 0), "synopsis",
                               g_ptr_array_index (step->before, 0), &error);
  else
    ok = df_chapters_set_statuses (_df_outline_view_get_store (self), (gint64 *)step->ids->data,
                                   (const char * const *)step->before->pdata, step->ids->len, &error);
  if (!ok)
    {
      df_page_show_toast (widget, error->message);
      return;
    }
  for (guint i = 0; i < step->ids->len && g_strcmp0 (step->field, "pov") != 0; i++)
    {
      guint at;
      gint64 id = g_array_index (step->ids, gint64, i);
      g_autoptr(DfOutlineItem) item = _df_outline_view_find_item (self, id, &at);

      if (item != NULL && step->field != NULL)
        df_outline_item_set_synopsis (item, g_ptr_array_index (step->before, i));
      else if (item != NULL)
        df_outline_item_set_status (item, g_ptr_array_index (step->before, i));
    }
  g_ptr_array_remove_index (self->undo, self->undo->len - 1);
  _df_outline_view_filter_changed (self);
  _df_outline_view_update_actions (self);
  _df_outline_view_emit_changed (self);
}

void
_df_outline_view_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "outline.set-status", "s", set_status_action);
  gtk_widget_class_install_action (widget_class, "outline.set-pov", "(xx)", set_pov_action);
  gtk_widget_class_install_action (widget_class, "outline.move-to-part", "x", move_to_part_action);
  gtk_widget_class_install_action (widget_class, "outline.label-color", "(ss)", label_color_action);
  gtk_widget_class_install_action (widget_class, "outline.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "outline.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "outline.edit-synopsis", NULL, edit_synopsis_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "outline.edit-synopsis", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "outline.undo", NULL);
}
