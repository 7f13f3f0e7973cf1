/* df-editor-dim.c: every paragraph dimmed but the one being written
 *
 * For focus mode.  Turned on, the whole text takes the "df-dimmed" tag
 * once, and the paragraph the cursor is in (the lines between blank
 * lines) loses it; when the cursor moves to another paragraph, only the
 * two paragraphs change, so a long chapter costs no more than a short one
 * after the first time.  A text loaded meanwhile is dimmed again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-editor"

#include "config.h"

#include "df-editor-private.h"

/* The paragraph around @at: from the line after a blank one (or the
 * start) to the end of the line before the next blank one (or the end). */
static void
paragraph_around (const GtkTextIter *at,
                  GtkTextIter       *start,
                  GtkTextIter       *end)
{
  *start = *at;
  df_editor_paragraph_start (start);
  *end = *at;
  df_editor_paragraph_end (end);
}

static GtkTextTag *
dim_tag (DfEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "df-dimmed");
  /* Grey, half seen through: dimmer than the text on a light page and
   * on a dark one. */
  GdkRGBA grey = { 0.5, 0.5, 0.5, 0.55 };

  if (tag == NULL)
    tag = gtk_text_buffer_create_tag (buffer, "df-dimmed", "foreground-rgba", &grey, NULL);
  return tag;
}

/* The whole text dimmed, then the cursor's paragraph lit. */
static void
dim_all (DfEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_apply_tag (buffer, dim_tag (self), &start, &end);
  gtk_text_buffer_move_mark (buffer, self->lit_start, &start);
  gtk_text_buffer_move_mark (buffer, self->lit_end, &start);
  self->dim_stale = FALSE;
  df_editor_dim_update (self);
}

void
df_editor_dim_update (DfEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter cursor, start, end, lit_start, lit_end;

  if (!self->dim)
    return;
  if (self->dim_stale)
    {
      dim_all (self);
      return;
    }

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  paragraph_around (&cursor, &start, &end);
  gtk_text_buffer_get_iter_at_mark (buffer, &lit_start, self->lit_start);
  gtk_text_buffer_get_iter_at_mark (buffer, &lit_end, self->lit_end);
  if (gtk_text_iter_equal (&start, &lit_start) && gtk_text_iter_equal (&end, &lit_end))
    return;

  gtk_text_buffer_apply_tag (buffer, dim_tag (self), &lit_start, &lit_end);
  gtk_text_buffer_remove_tag (buffer, dim_tag (self), &start, &end);
  gtk_text_buffer_move_mark (buffer, self->lit_start, &start);
  gtk_text_buffer_move_mark (buffer, self->lit_end, &end);
}

void
df_editor_dim_text_loaded (DfEditor *self)
{
  self->dim_stale = TRUE;
  df_editor_dim_update (self);
}

void
df_editor_dim_setup (DfEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start;

  gtk_text_buffer_get_start_iter (buffer, &start);
  self->lit_start = gtk_text_buffer_create_mark (buffer, NULL, &start, TRUE);
  self->lit_end = gtk_text_buffer_create_mark (buffer, NULL, &start, FALSE);
}

void
df_editor_set_dim_others (DfEditor *self,
                          gboolean  dim)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_if_fail (DF_IS_EDITOR (self));

  if (self->dim == dim)
    return;
  self->dim = dim;
  if (dim)
    {
      dim_all (self);
      return;
    }
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, dim_tag (self), &start, &end);
}

gboolean
df_editor_get_dim_others (DfEditor *self)
{
  g_return_val_if_fail (DF_IS_EDITOR (self), FALSE);

  return self->dim;
}
