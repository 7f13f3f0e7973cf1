/* df-editor-format.c: bold and italic from the keyboard
 *
 * Ctrl+B and Ctrl+I put Markdown's emphasis around the selection
 * (**bold**, *italic*), or take it away when the selection already has
 * it, inside or just outside; without a selection they put a pair at the
 * cursor and the words typed next go between them.  Spaces and line
 * breaks at the selection's ends stay outside the marks (Markdown reads
 * "** word**" as plain text).  Each is one step to undo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-editor"

#include "config.h"

#include "df-editor-private.h"

/* The asterisks right before @at (@forward FALSE) or from @at on, at most 3. */
static guint
count_stars (const GtkTextIter *at,
             gboolean           forward)
{
  GtkTextIter iter = *at;
  guint n = 0;

  while (n < 3)
    {
      if (forward ? gtk_text_iter_get_char (&iter) != '*'
                  : !gtk_text_iter_backward_char (&iter) || gtk_text_iter_get_char (&iter) != '*')
        break;
      n++;
      if (forward)
        gtk_text_iter_forward_char (&iter);
    }
  return n;
}

/* Whether @n asterisks hold the emphasis of @width ones: bold is in 2
 * or 3 (***both***), italic in 1 or 3. */
static gboolean
holds (guint n,
       guint width)
{
  return width == 2 ? n >= 2 : n == 1 || n == 3;
}

static void
skip_spaces (GtkTextIter *start,
             GtkTextIter *end)
{
  while (gtk_text_iter_compare (start, end) < 0 && g_unichar_isspace (gtk_text_iter_get_char (start)))
    gtk_text_iter_forward_char (start);
  while (gtk_text_iter_compare (start, end) < 0)
    {
      GtkTextIter before = *end;

      gtk_text_iter_backward_char (&before);
      if (!g_unichar_isspace (gtk_text_iter_get_char (&before)))
        break;
      *end = before;
    }
}

/* Takes @width asterisks away at each side of [@start, @end), just
 * outside (@inside FALSE) or just inside it; the selection stays on the
 * words. */
static void
remove_marks (GtkTextBuffer *buffer,
              GtkTextMark   *start_mark,
              GtkTextMark   *end_mark,
              guint          width,
              gboolean       inside)
{
  GtkTextIter from, to;

  gtk_text_buffer_get_iter_at_mark (buffer, &to, end_mark);
  from = to;
  if (inside)
    gtk_text_iter_backward_chars (&from, width);
  else
    gtk_text_iter_forward_chars (&to, width);
  gtk_text_buffer_delete (buffer, &from, &to);

  gtk_text_buffer_get_iter_at_mark (buffer, &from, start_mark);
  to = from;
  if (inside)
    gtk_text_iter_forward_chars (&to, width);
  else
    gtk_text_iter_backward_chars (&from, width);
  gtk_text_buffer_delete (buffer, &from, &to);
}

static void
toggle_emphasis (DfEditor *self,
                 guint     width)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  const char *marks = width == 2 ? "**" : "*";
  GtkTextMark *start_mark, *end_mark;
  GtkTextIter start, end;
  gboolean outside, inside, wrap;

  if (!gtk_text_view_get_editable (GTK_TEXT_VIEW (self)))
    return;

  gtk_text_buffer_begin_user_action (buffer);
  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    {
      /* A pair at the cursor, the cursor between them. */
      gtk_text_buffer_insert (buffer, &start, marks, -1);
      gtk_text_buffer_insert (buffer, &start, marks, -1);
      gtk_text_iter_backward_chars (&start, width);
      gtk_text_buffer_place_cursor (buffer, &start);
      gtk_text_buffer_end_user_action (buffer);
      return;
    }

  skip_spaces (&start, &end);
  start_mark = gtk_text_buffer_create_mark (buffer, NULL, &start, TRUE);
  end_mark = gtk_text_buffer_create_mark (buffer, NULL, &end, FALSE);
  outside = holds (count_stars (&start, FALSE), width) && holds (count_stars (&end, TRUE), width);
  inside = !outside && gtk_text_iter_get_offset (&end) - gtk_text_iter_get_offset (&start) > (int)(2 * width) &&
           holds (count_stars (&start, TRUE), width) && holds (count_stars (&end, FALSE), width);

  wrap = !outside && !inside && gtk_text_iter_compare (&start, &end) < 0;
  if (outside || inside)
    remove_marks (buffer, start_mark, end_mark, width, inside);
  else if (wrap)
    {
      gtk_text_buffer_insert (buffer, &end, marks, -1);
      gtk_text_buffer_get_iter_at_mark (buffer, &start, start_mark);
      gtk_text_buffer_insert (buffer, &start, marks, -1);
    }

  /* The marks hold the words now, or the words and the new asterisks. */
  gtk_text_buffer_get_iter_at_mark (buffer, &start, start_mark);
  gtk_text_buffer_get_iter_at_mark (buffer, &end, end_mark);
  if (wrap)
    {
      gtk_text_iter_forward_chars (&start, width);
      gtk_text_iter_backward_chars (&end, width);
    }
  gtk_text_buffer_select_range (buffer, &start, &end);
  gtk_text_buffer_delete_mark (buffer, start_mark);
  gtk_text_buffer_delete_mark (buffer, end_mark);
  gtk_text_buffer_end_user_action (buffer);
}

static void
format_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  toggle_emphasis (DF_EDITOR (widget), g_str_equal (action_name, "format.bold") ? 2 : 1);
}

void
df_editor_format_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "format.bold", NULL, format_action);
  gtk_widget_class_install_action (widget_class, "format.italic", NULL, format_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK, "format.bold", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "format.italic", NULL);
}
