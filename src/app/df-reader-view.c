/* df-reader-view.c: a book rendered for reading, with reading progress
 *
 * Progress of the active profile is written with df_progress_record: the
 * position is the character offset (in the rendered text) at the top of
 * the visible area, the time the seconds the view was shown in the
 * active window since the last record.  It is written every 30 seconds,
 * when the view is hidden, when another chapter opens and on dispose.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-reader-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "df-markdown-view.h"
#include "df-model.h"
#include "df-reader-view-private.h"
#include "df-reader-view-style.h"
#include "df-utils.h"

#define RECORD_INTERVAL_SECONDS 30
#define END_SLACK_PX            2.0


G_DEFINE_FINAL_TYPE (DfReaderView, df_reader_view, GTK_TYPE_WIDGET)

/* ---- helpers --------------------------------------------------------------- */

static void
show_error (DfReaderView *self,
            const char   *what,
            const GError *error)
{
  g_autofree char *message = g_strdup_printf ("%s: %s", what, error->message);

  g_warning ("%s", message);
  df_page_show_toast (GTK_WIDGET (self), message);
}

static gboolean
recording (DfReaderView *self)
{
  return self->store != NULL && self->profile_id != NULL && self->chapter_id != 0;
}

static gboolean
window_is_active (DfReaderView *self)
{
  return self->toplevel != NULL && gtk_window_is_active (self->toplevel);
}

/* Adds the time since the clock started to the pending time and restarts
 * the clock if the view is still being read. */
static void
clock_update (DfReaderView *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->clock_since != 0)
    self->pending_usec += now - self->clock_since;

  self->clock_since = (gtk_widget_get_mapped (GTK_WIDGET (self)) &&
                       window_is_active (self) && recording (self)) ? now : 0;
}

static gint64
current_position (DfReaderView *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->markdown_view);
  GdkRectangle rect;
  GtkTextIter iter;

  if (self->restore_offset >= 0)
    return self->restore_offset;
  if (df_markdown_view_is_rendering (self->markdown_view))
    return MAX (self->last_position, 0);

  gtk_text_view_get_visible_rect (view, &rect);
  if (rect.y <= 0)
    return 0;
  gtk_text_view_get_iter_at_location (view, &iter, rect.x, rect.y);
  return gtk_text_iter_get_offset (&iter);
}

/* Is the end of the text in view, give or take @slack pixels? */
static gboolean
near_end (DfReaderView *self,
          double        slack)
{
  double value, page, upper;

  if (self->vadjustment == NULL)
    return FALSE;

  value = gtk_adjustment_get_value (self->vadjustment);
  page = gtk_adjustment_get_page_size (self->vadjustment);
  upper = gtk_adjustment_get_upper (self->vadjustment);
  return upper > 0 && value + page >= upper - slack;
}

static gboolean
at_end (DfReaderView *self)
{
  return near_end (self, END_SLACK_PX);
}

static DfChapter *
chapter_at (DfReaderView *self,
            int           index)
{
  if (self->chapters == NULL || index < 0 || index >= (int)self->chapters->len)
    return NULL;
  return g_ptr_array_index (self->chapters, index);
}

static void
set_toggle (DfReaderView *self,
            gboolean      active)
{
  self->updating_toggle = TRUE;
  gtk_toggle_button_set_active (self->mark_read_button, active);
  self->updating_toggle = FALSE;
}

static void
update_actions (DfReaderView *self)
{
  DfChapter *next = chapter_at (self, self->chapter_index + 1);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reader.previous",
                                 self->chapter_index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reader.next", next != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reader.start-over",
                                 self->chapters != NULL && self->chapters->len > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->mark_read_button),
                            self->profile_id != NULL && self->chapter_id != 0);
  /* Greyed out, it says why. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->mark_read_button),
                               self->profile_id != NULL ? _("Mark as Read")
                                                        : _("Reading progress is kept for a reader's profile: "
                                                            "make one with New Profile… in the main menu"));

  if (next != NULL)
    {
      g_autofree char *label = g_strdup_printf (_("Next: %s"), next->title);

      gtk_button_set_label (self->next_chapter_button, label);
    }
}

static void
update_next_offer (DfReaderView *self)
{
  gboolean offered = gtk_revealer_get_reveal_child (self->next_revealer);
  double slack = END_SLACK_PX;
  gboolean offer;

  /* Sliding in, the button takes its height from the text's page, which
   * leaves the end that much below: the offer stays until the reader
   * scrolls back up more than that (else it would come and go, stuck
   * half way). */
  if (offered)
    {
      int height = 0;

      gtk_widget_measure (gtk_revealer_get_child (self->next_revealer), GTK_ORIENTATION_VERTICAL, -1,
                          NULL, &height, NULL, NULL);
      slack += height;
    }

  /* (a rewrite streaming in is not the end of the chapter yet) */
  offer = chapter_at (self, self->chapter_index + 1) != NULL &&
          !df_markdown_view_is_rendering (self->markdown_view) &&
          !_df_reader_view_is_streaming (self) &&
          near_end (self, slack);
  gtk_revealer_set_reveal_child (self->next_revealer, offer);
}

static void
stop_restoring (DfReaderView *self)
{
  if (self->restore_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self->markdown_view), self->restore_tick_id);
      self->restore_tick_id = 0;
    }
  if (self->restore_offset >= 0)
    {
      self->restore_offset = -1;
      if (self->markdown_view != NULL)
        update_next_offer (self);
    }
}

static void
mark_completed (DfReaderView *self)
{
  g_autoptr(GError) error = NULL;

  if (!recording (self) || self->completed)
    return;

  if (!df_progress_complete (self->store, self->profile_id, self->chapter_id, &error))
    {
      show_error (self, _("Could not mark the chapter as read"), error);
      return;
    }

  self->completed = TRUE;
  set_toggle (self, TRUE);
}

static void
record_progress (DfReaderView *self,
                 gboolean      force)
{
  g_autoptr(GError) error = NULL;
  gint64 seconds, position;

  if (!recording (self))
    {
      self->pending_usec = 0;
      return;
    }

  clock_update (self);
  seconds = self->pending_usec / G_USEC_PER_SEC;
  position = current_position (self);

  if (!force && seconds == 0 && position == self->last_position)
    return;

  if (!df_progress_record (self->store, self->profile_id, self->chapter_id,
                           position, seconds, &error))
    {
      show_error (self, _("Could not save the reading position"), error);
      return;
    }

  self->pending_usec -= seconds * G_USEC_PER_SEC;
  self->last_position = position;
}

static void
forget_toplevel (DfReaderView *self)
{
  if (self->toplevel != NULL)
    {
      g_clear_signal_handler (&self->active_id, self->toplevel);
      g_object_remove_weak_pointer (G_OBJECT (self->toplevel), (gpointer *)&self->toplevel);
      self->toplevel = NULL;
    }
  self->active_id = 0;
}

/* ---- opening ---------------------------------------------------------------- */

static DfProgress *
find_progress (DfReaderView *self,
               gint64        chapter_id,
               GPtrArray   **list_out,
               GError      **error)
{
  GPtrArray *list = df_progress_list (self->store, self->profile_id, self->project_id, error);

  *list_out = list;
  if (list == NULL)
    return NULL;

  for (guint i = 0; i < list->len; i++)
    {
      DfProgress *p = g_ptr_array_index (list, i);

      if (p->chapter_id == chapter_id)
        return p;
    }

  return NULL;
}

/* The chapter's text with its title as a heading on top, unless it
 * starts with a heading of its own (as an mdBook chapter does). */
char *
_df_reader_view_with_title (const DfChapter *chapter)
{
  const char *text = chapter->content_md != NULL ? chapter->content_md : "";
  const char *start = text + strspn (text, " \t\r\n");

  if (*start == '#' || chapter->title == NULL || *chapter->title == '\0')
    return g_strdup (text);
  return g_strdup_printf ("# %s\n\n%s", chapter->title, text);
}

static void
open_chapter (DfReaderView *self,
              gint64        chapter_id,
              gboolean      restore)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(GPtrArray) progress = NULL;
  gint64 restore_offset = -1;

  g_assert (self->store != NULL);

  chapter = df_chapter_get (self->store, chapter_id, &error);
  if (chapter == NULL)
    {
      show_error (self, _("Could not open the chapter"), error);
      return;
    }

  /* What was read so far is written before moving on. */
  record_progress (self, FALSE);

  self->chapter_id = chapter->id;
  self->chapter_index = -1;
  for (guint i = 0; self->chapters != NULL && i < self->chapters->len; i++)
    if (((DfChapter *)g_ptr_array_index (self->chapters, i))->id == chapter->id)
      self->chapter_index = (int)i;

  self->completed = FALSE;
  self->last_position = -1;
  self->pending_usec = 0;
  stop_restoring (self);

  if (self->profile_id != NULL)
    {
      DfProgress *p = find_progress (self, chapter->id, &progress, &error);

      if (progress == NULL)
        show_error (self, _("Could not read the reading progress"), error);
      else if (p != NULL && restore &&
               g_strcmp0 (p->status, "in_progress") == 0 && p->position > 0)
        restore_offset = p->position;
      g_clear_error (&error);

      if (!df_progress_start (self->store, self->profile_id, chapter->id, &error))
        show_error (self, _("Could not record that the chapter was opened"), error);
    }

  self->restore_offset = restore_offset;
  self->last_position = restore_offset;
  set_toggle (self, FALSE);

  adw_window_title_set_title (self->window_title, chapter->title);
  _df_reader_view_reading_reset (self);
  gtk_revealer_set_reveal_child (self->next_revealer, FALSE);

  if (self->vadjustment != NULL)
    {
      g_signal_handler_block (self->vadjustment, self->value_changed_id);
      gtk_adjustment_set_value (self->vadjustment, 0);
      g_signal_handler_unblock (self->vadjustment, self->value_changed_id);
    }

  _df_reader_view_show_chapter (self, chapter);
  update_actions (self);
  _df_reader_view_queue_reading_shown (self);
  clock_update (self);
}

/* Where the active profile left off in the open book, 0 when it has
 * read none of it yet. */
static gint64
find_continue (DfReaderView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) progress = df_progress_list (self->store, self->profile_id, self->project_id, &error);
  gboolean any = FALSE;
  gint64 chapter_id;

  if (progress == NULL)
    {
      show_error (self, _("Could not read the reading progress"), error);
      return 0;
    }

  for (guint i = 0; i < progress->len; i++)
    if (g_strcmp0 (((DfProgress *)g_ptr_array_index (progress, i))->status, "not_started") != 0)
      any = TRUE;
  if (!any)
    return 0;

  chapter_id = df_progress_continue (self->store, self->profile_id, self->project_id, &error);
  if (error != NULL)
    {
      show_error (self, _("Could not read the reading progress"), error);
      return 0;
    }
  return chapter_id;
}

static void
show_empty (DfReaderView *self)
{
  self->chapter_id = 0;
  self->style = df_reader_view_style_new (GTK_WIDGET (self), GTK_WIDGET (self->markdown_view),
                                         self->clamp, self->scrolled_window, self->style_button);
  self->chapter_index = -1;
  self->restore_offset = -1;
  adw_window_title_set_title (self->window_title, self->project_title);
  adw_window_title_set_subtitle (self->window_title, NULL);
  df_markdown_view_set_markdown (self->markdown_view, NULL, 0,
                                 _("This book has no chapters yet."));
  gtk_revealer_set_reveal_child (self->continue_revealer, FALSE);
  update_actions (self);
}

/* ---- callbacks --------------------------------------------------------------- */

static void
value_changed_cb (GtkAdjustment *adjustment,
                  DfReaderView  *self)
{
  /* Jumps to the saved position are not the reader scrolling, nor is a
   * rewrite streaming in. */
  if (df_markdown_view_is_rendering (self->markdown_view) || self->restore_tick_id != 0 ||
      _df_reader_view_is_streaming (self))
    return;

  if (at_end (self) && gtk_adjustment_get_value (adjustment) > 0)
    mark_completed (self);

  update_next_offer (self);
  _df_reader_view_queue_reading_shown (self);
}

/* The text view measures lines as they come into view, so the upper
 * bound moves while scrolling: the end may be reached here too. */
static void
adjustment_changed_cb (GtkAdjustment *adjustment,
                       DfReaderView  *self)
{
  if (!df_markdown_view_is_rendering (self->markdown_view) &&
      self->restore_tick_id == 0 &&
      gtk_adjustment_get_value (adjustment) > 0 && at_end (self))
    mark_completed (self);

  update_next_offer (self);
  _df_reader_view_queue_reading_shown (self);
}

/* The text view measures its lines a few at a time, in idle time, so the
 * place of a character offset moves until the lines above it are
 * measured: keep it at the top until it stays there. */
static gboolean
restore_tick_cb (GtkWidget     *widget,
                 GdkFrameClock *frame_clock G_GNUC_UNUSED,
                 gpointer       user_data)
{
  DfReaderView *self = user_data;
  GtkTextView *view = GTK_TEXT_VIEW (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter target;
  GdkRectangle location, visible;
  double value, max_value;

  if (self->restore_offset < 0 || ++self->restore_ticks > 600)
    {
      self->restore_tick_id = 0;
      stop_restoring (self);
      return G_SOURCE_REMOVE;
    }

  gtk_text_buffer_get_iter_at_offset (buffer, &target, (int)self->restore_offset);
  gtk_text_view_get_iter_location (view, &target, &location);
  gtk_text_view_get_visible_rect (view, &visible);
  value = gtk_adjustment_get_value (self->vadjustment);
  max_value = gtk_adjustment_get_upper (self->vadjustment) - gtk_adjustment_get_page_size (self->vadjustment);

  if (ABS (visible.y - location.y) > 1 && !(location.y > visible.y && value >= max_value - 0.5))
    {
      /* Buffer coordinates start below the top margin. */
      gtk_adjustment_set_value (self->vadjustment, location.y + gtk_text_view_get_top_margin (view));
      self->stable_ticks = 0;
      return G_SOURCE_CONTINUE;
    }

  if (++self->stable_ticks < 10)
    return G_SOURCE_CONTINUE;

  self->restore_tick_id = 0;
  stop_restoring (self);
  return G_SOURCE_REMOVE;
}

static void
markdown_rendered_cb (DfMarkdownView *view,
                      DfReaderView   *self)
{
  if (self->restore_offset > 0)
    {
      self->restore_ticks = 0;
      self->stable_ticks = 0;
      if (self->restore_tick_id == 0)
        self->restore_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (view), restore_tick_cb,
                                                              self, NULL);
    }
  else
    self->restore_offset = -1;

  update_next_offer (self);
  _df_reader_view_queue_reading_shown (self);
  _df_reader_view_mark_terms (self);
}

static void
scroll_begin_cb (GtkEventControllerScroll *controller G_GNUC_UNUSED,
                 DfReaderView             *self)
{
  /* The reader takes over. */
  stop_restoring (self);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller G_GNUC_UNUSED,
           double                    dx G_GNUC_UNUSED,
           double                    dy G_GNUC_UNUSED,
           DfReaderView             *self)
{
  stop_restoring (self);
  return GDK_EVENT_PROPAGATE;
}

static void
mark_read_toggled_cb (GtkToggleButton *button,
                      DfReaderView    *self)
{
  g_autoptr(GError) error = NULL;

  if (self->updating_toggle)
    return;

  if (gtk_toggle_button_get_active (button))
    {
      mark_completed (self);
      if (!self->completed)
        set_toggle (self, FALSE);
    }
  else if (recording (self) && self->completed)
    {
      if (!df_progress_start (self->store, self->profile_id, self->chapter_id, &error))
        {
          show_error (self, _("Could not mark the chapter as unread"), error);
          set_toggle (self, TRUE);
          return;
        }
      self->completed = FALSE;
    }
}

static void
personalize_toggled_cb (GtkToggleButton *button G_GNUC_UNUSED,
                        DfReaderView    *self)
{
  _df_reader_view_personalize_toggled (self);
}

static void
kind_changed_cb (GtkDropDown  *dropdown G_GNUC_UNUSED,
                 GParamSpec   *pspec G_GNUC_UNUSED,
                 DfReaderView *self)
{
  _df_reader_view_personalize_toggled (self);
}

static void
rewrite_clicked_cb (GtkButton    *button G_GNUC_UNUSED,
                    DfReaderView *self)
{
  _df_reader_view_rewrite (self);
}

static void
stop_clicked_cb (GtkButton    *button G_GNUC_UNUSED,
                 DfReaderView *self)
{
  _df_reader_view_stop_rewrite (self);
  _df_reader_view_book_stop (self);
}

static void
dismiss_continue_cb (GtkButton    *button G_GNUC_UNUSED,
                     DfReaderView *self)
{
  gtk_revealer_set_reveal_child (self->continue_revealer, FALSE);
}

static gboolean
record_timeout_cb (gpointer data)
{
  DfReaderView *self = data;

  if (window_is_active (self))
    record_progress (self, FALSE);
  else
    clock_update (self);

  return G_SOURCE_CONTINUE;
}

static void
toplevel_active_cb (GtkWindow    *window G_GNUC_UNUSED,
                    GParamSpec   *pspec G_GNUC_UNUSED,
                    DfReaderView *self)
{
  clock_update (self);
}

/* reader.previous, reader.next and reader.start-over. */
static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param G_GNUC_UNUSED)
{
  DfReaderView *self = DF_READER_VIEW (widget);
  gboolean next = g_str_equal (action_name, "reader.next");
  gboolean start_over = g_str_equal (action_name, "reader.start-over");
  DfChapter *chapter = chapter_at (self, start_over ? 0 : self->chapter_index + (next ? 1 : -1));

  if (chapter == NULL)
    return;

  /* Moving on with the end of the chapter in view: it has been read. */
  if (next && !df_markdown_view_is_rendering (self->markdown_view) && at_end (self) &&
      self->restore_offset < 0)
    mark_completed (self);

  /* Starting over starts at the top, not where the chapter was left. */
  open_chapter (self, chapter->id, !start_over);
}

/* What was read so far goes to the store it was read from. */
static void
store_changed_cb (DfReaderView *self)
{
  DfStore *store = df_session_get_store (self->session);

  if (self->store == store)
    return;

  record_progress (self, FALSE);
  g_set_object (&self->store, store);
  self->chapter_id = 0;
  self->chapter_index = -1;
  g_clear_pointer (&self->chapters, g_ptr_array_unref);
  update_actions (self);
}

/* ---- GObject -------------------------------------------------------------- */

static void
df_reader_view_map (GtkWidget *widget)
{
  DfReaderView *self = DF_READER_VIEW (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (df_reader_view_parent_class)->map (widget);

  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    {
      self->toplevel = GTK_WINDOW (root);
      g_object_add_weak_pointer (G_OBJECT (self->toplevel), (gpointer *)&self->toplevel);
      self->active_id = g_signal_connect (self->toplevel, "notify::is-active",
                                          G_CALLBACK (toplevel_active_cb), self);
    }

  if (self->timer_id == 0)
    self->timer_id = g_timeout_add_seconds (RECORD_INTERVAL_SECONDS, record_timeout_cb, self);

  clock_update (self);
}

static void
df_reader_view_unmap (GtkWidget *widget)
{
  DfReaderView *self = DF_READER_VIEW (widget);

  /* Still counts as mapped here: the time up to now is added. */
  record_progress (self, FALSE);
  g_clear_handle_id (&self->timer_id, g_source_remove);

  GTK_WIDGET_CLASS (df_reader_view_parent_class)->unmap (widget);

  forget_toplevel (self);
  clock_update (self);
}

static void
df_reader_view_dispose (GObject *object)
{
  DfReaderView *self = DF_READER_VIEW (object);

  if (self->markdown_view != NULL)
    record_progress (self, FALSE);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_cancellable_cancel (self->personalize_cancel);
  g_clear_object (&self->personalize_cancel);
  g_clear_handle_id (&self->rewrite_tick_id, g_source_remove);
  g_clear_pointer (&self->glossary, g_ptr_array_unref);
  _df_reader_view_personalize_dispose (self);
  _df_reader_view_book_dispose (self);
  _df_reader_view_glossary_dispose (self);
  _df_reader_view_reading_finalize (self);
  forget_toplevel (self);
  if (self->markdown_view != NULL)
    stop_restoring (self);

  if (self->vadjustment != NULL)
    {
      g_clear_signal_handler (&self->value_changed_id, self->vadjustment);
      g_clear_signal_handler (&self->changed_id, self->vadjustment);
      g_clear_object (&self->vadjustment);
    }

  g_clear_pointer (&self->style, df_reader_view_style_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DF_TYPE_READER_VIEW);

  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_pointer (&self->chapters, g_ptr_array_unref);

  G_OBJECT_CLASS (df_reader_view_parent_class)->dispose (object);
}

static void
df_reader_view_finalize (GObject *object)
{
  DfReaderView *self = DF_READER_VIEW (object);

  g_free (self->profile_id);
  g_free (self->project_title);

  G_OBJECT_CLASS (df_reader_view_parent_class)->finalize (object);
}

static void
df_reader_view_class_init (DfReaderViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_reader_view_dispose;
  object_class->finalize = df_reader_view_finalize;

  widget_class->map = df_reader_view_map;
  widget_class->unmap = df_reader_view_unmap;

  g_type_ensure (DF_TYPE_MARKDOWN_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/draftforge/DraftForge/ui/df-reader-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DfReaderView, clamp);
  gtk_widget_class_bind_template_child (widget_class, DfReaderView, continue_label);
  gtk_widget_class_bind_template_child (widget_class, DfReaderView, continue_revealer);
  gtk_widget_class_bind_template_child (widget_class, DfReaderView, header_bar);
  gtk_widget_class_bind_template_child (widget_class, DfReaderView, mark_read_button);
  gtk_widget_class_bind_template_child (widget_class, DfReaderView, markdown_view);
  gtk_widget_class_bind_template_child (widget_class, DfReaderView, next_chapter_button);
  gtk_widget_class_bind_template_child (widget_class, DfReaderView, next_revealer);
  gtk_widget_class_bind_template_child (widget_class, DfReaderView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, DfReaderView, reading_bar);
  gtk_widget_class_bind_template_child (widget_class, DfReaderView, style_button);
  gtk_widget_class_bind_template_child (widget_class, DfReaderView, window_title);
  gtk_widget_class_bind_template_child (widget_class, DfReaderView, personalize_button);
  gtk_widget_class_bind_template_child (widget_class, DfReaderView, personalize_label);
  gtk_widget_class_bind_template_child (widget_class, DfReaderView, personalize_bar);
  gtk_widget_class_bind_template_child (widget_class, DfReaderView, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DfReaderView, rewrite_button);
  gtk_widget_class_bind_template_child (widget_class, DfReaderView, stop_button);
  gtk_widget_class_bind_template_callback (widget_class, dismiss_continue_cb);
  gtk_widget_class_bind_template_callback (widget_class, mark_read_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, personalize_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rewrite_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, markdown_rendered_cb);

  gtk_widget_class_install_action (widget_class, "reader.previous", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "reader.next", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "reader.start-over", NULL, step_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "reader.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "reader.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "reader.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "reader.next", NULL);

  gtk_widget_class_set_css_name (widget_class, "readerview");
}

static void
df_reader_view_init (DfReaderView *self)
{
  GtkEventController *scroll;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->style = df_reader_view_style_new (GTK_WIDGET (self), GTK_WIDGET (self->markdown_view),
                                         self->clamp, self->scrolled_window, self->style_button);
  self->chapter_index = -1;
  self->restore_offset = -1;
  self->last_position = -1;

  self->vadjustment = g_object_ref (gtk_scrolled_window_get_vadjustment (self->scrolled_window));
  self->value_changed_id = g_signal_connect (self->vadjustment, "value-changed",
                                             G_CALLBACK (value_changed_cb), self);
  self->changed_id = g_signal_connect (self->vadjustment, "changed",
                                       G_CALLBACK (adjustment_changed_cb), self);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect (scroll, "scroll-begin", G_CALLBACK (scroll_begin_cb), self);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scrolled_window), scroll);
  _df_reader_view_glossary_init (self);
  _df_reader_view_book_init (self);

  update_actions (self);
}

/* ---- public ------------------------------------------------------------------ */

GtkWidget *
df_reader_view_new (void)
{
  return g_object_new (DF_TYPE_READER_VIEW, NULL);
}

void
df_reader_view_set_session (DfReaderView *self,
                            DfSession    *session)
{
  g_return_if_fail (DF_IS_READER_VIEW (self));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  df_session_watch_store (session, self, G_CALLBACK (store_changed_cb));
  if (df_session_get_settings (session) != NULL)
    df_reader_view_style_set_settings (self->style, df_session_get_settings (session));
}

void
df_reader_view_set_profile (DfReaderView *self,
                            const char   *profile_id)
{
  g_return_if_fail (DF_IS_READER_VIEW (self));

  if (g_strcmp0 (self->profile_id, profile_id) == 0)
    return;

  /* The time so far belongs to the previous profile. */
  record_progress (self, FALSE);
  g_free (self->profile_id);
  self->profile_id = g_strdup (profile_id);
  self->pending_usec = 0;
  self->last_position = -1;

  /* Only a chapter being read now counts as opened by the new profile:
   * not one left on a page the window has moved away from (which stays
   * mapped while a stack transition runs). */
  if (self->profile_id != NULL && self->store != NULL && self->chapter_id != 0 &&
      gtk_widget_get_mapped (GTK_WIDGET (self)) &&
      (!GTK_IS_STACK (gtk_widget_get_parent (GTK_WIDGET (self))) ||
       gtk_stack_get_visible_child (GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (self)))) == GTK_WIDGET (self)))
    {
      g_autoptr(GError) error = NULL;

      if (!df_progress_start (self->store, self->profile_id, self->chapter_id, &error))
        show_error (self, _("Could not record that the chapter was opened"), error);
    }

  self->completed = FALSE;
  set_toggle (self, FALSE);
  update_actions (self);
  clock_update (self);
  /* The chapter as the new profile reads it, when personalised. */
  if (gtk_toggle_button_get_active (self->personalize_button))
    _df_reader_view_personalize_toggled (self);
  else
    gtk_widget_set_sensitive (GTK_WIDGET (self->personalize_button), _df_reader_view_can_personalize (self));
}

/* Opens @project_id: where the active profile left off if @resume and
 * it has read some of it, else @chapter_id (0: the first). */
static void
open_book (DfReaderView *self,
           gint64        project_id,
           gint64        chapter_id,
           gboolean      resume)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  gint64 to_open = chapter_id;
  gboolean continuing = FALSE;

  record_progress (self, FALSE);

  self->project_id = project_id;
  g_clear_pointer (&self->project_title, g_free);
  project = df_project_get_by_id (self->store, project_id, &error);
  if (project == NULL)
    {
      show_error (self, _("Could not open the book"), error);
      return;
    }
  self->project_title = g_strdup (project->title);

  g_clear_pointer (&self->chapters, g_ptr_array_unref);
  self->chapters = df_chapter_list (self->store, project_id, &error);
  if (self->chapters == NULL)
    {
      show_error (self, _("Could not list the chapters"), error);
      return;
    }

  if (self->chapters->len == 0)
    {
      show_empty (self);
      return;
    }

  if (resume && self->profile_id != NULL)
    {
      gint64 left_off = find_continue (self);

      continuing = left_off != 0;
      if (continuing)
        to_open = left_off;
    }

  if (to_open == 0)
    to_open = ((DfChapter *)g_ptr_array_index (self->chapters, 0))->id;

  open_chapter (self, to_open, TRUE);

  if (continuing && self->chapter_id == to_open)
    {
      DfChapter *chapter = chapter_at (self, self->chapter_index);
      g_autofree char *label = g_strdup_printf (_("Continue reading: %s"),
                                                chapter != NULL ? chapter->title : "");

      gtk_label_set_label (self->continue_label, label);
    }
  gtk_revealer_set_reveal_child (self->continue_revealer, continuing);
}

void
df_reader_view_open (DfReaderView *self,
                     gint64        project_id,
                     gint64        chapter_id)
{
  g_return_if_fail (DF_IS_READER_VIEW (self));
  g_return_if_fail (self->store != NULL);

  open_book (self, project_id, chapter_id, chapter_id == 0);
}

void
df_reader_view_continue (DfReaderView *self,
                         gint64        project_id,
                         gint64        chapter_id)
{
  g_return_if_fail (DF_IS_READER_VIEW (self));
  g_return_if_fail (self->store != NULL);

  open_book (self, project_id, chapter_id, TRUE);
}

gint64
df_reader_view_get_chapter_id (DfReaderView *self)
{
  g_return_val_if_fail (DF_IS_READER_VIEW (self), 0);

  return self->chapter_id;
}

void
df_reader_view_flush_progress (DfReaderView *self)
{
  g_return_if_fail (DF_IS_READER_VIEW (self));

  record_progress (self, TRUE);
}
