/* df-reader-view-reading.c: how far the reader is
 *
 * A thin bar under the header bar for the chapter, by characters up to
 * the last one on screen (GtkTextView measures lines further down lazily,
 * so the scroll range is only an estimate until it has); the book's part
 * in the subtitle, by words: the chapters before and this one's part.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-reader-view"

#include "config.h"

#include <glib/gi18n.h>

#include "df-model.h"
#include "df-reader-view-private.h"

/* How far the reader is: the bar under the header for the chapter
 * (scrolled), the subtitle for the book (by words, the chapters before
 * and this one's part). */
static void
update_reading_shown (DfReaderView *self)
{
  double fraction = 0, before = 0, here = 0, total = 0;
  g_autofree char *subtitle = NULL;
  int percent = -1;

  /* By characters up to the last one on screen: lines further down are
   * measured lazily, so the scroll range is only an estimate. */
  if (self->vadjustment != NULL && !df_markdown_view_is_rendering (self->markdown_view))
    {
      GtkTextView *view = GTK_TEXT_VIEW (self->markdown_view);
      int chars = gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (view));
      GdkRectangle rect;
      GtkTextIter last;

      gtk_text_view_get_visible_rect (view, &rect);
      gtk_text_view_get_iter_at_location (view, &last, rect.x + rect.width - 1, rect.y + rect.height - 1);
      if (!gtk_text_iter_ends_line (&last))
        gtk_text_iter_forward_to_line_end (&last);
      fraction = chars > 0 ? CLAMP ((double)gtk_text_iter_get_offset (&last) / chars, 0.0, 1.0) : 0.0;
    }
  gtk_progress_bar_set_fraction (self->reading_bar, fraction);

  for (guint i = 0; self->chapters != NULL && self->chapter_index >= 0 && i < self->chapters->len; i++)
    {
      gint64 words = MAX (((DfChapter *)g_ptr_array_index (self->chapters, i))->words, 0);

      if ((int)i < self->chapter_index)
        before += words;
      else if ((int)i == self->chapter_index)
        here = words;
      total += words;
    }
  if (total > 0)
    percent = (int)(100.0 * (before + fraction * here) / total);
  if (percent == self->book_percent)
    return;
  self->book_percent = percent;
  /* TRANSLATORS: the reader's subtitle: "Pride and Prejudice · 12% of the book" */
  subtitle = percent >= 0 ? g_strdup_printf (_("%s · %d%% of the book"), self->project_title, percent)
                          : g_strdup (self->project_title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static gboolean
reading_idle_cb (gpointer data)
{
  DfReaderView *self = data;

  self->reading_idle = 0;
  update_reading_shown (self);
  return G_SOURCE_REMOVE;
}

/* The adjustment changes while the view is allocated: the header bar
 * is changed after that, never in the middle of a frame. */
void
_df_reader_view_queue_reading_shown (DfReaderView *self)
{
  if (self->reading_idle == 0)
    self->reading_idle = g_idle_add (reading_idle_cb, self);
}

void
_df_reader_view_reading_reset (DfReaderView *self)
{
  self->book_percent = -2;
  gtk_progress_bar_set_fraction (self->reading_bar, 0);
}

void
_df_reader_view_reading_finalize (DfReaderView *self)
{
  g_clear_handle_id (&self->reading_idle, g_source_remove);
}
