/* df-markdown-view.c: Markdown rendered into a read-only GtkTextView
 *
 * DfMarkdownRenderer lays the text into the buffer.  Texts over 256 KiB
 * are parsed in a thread and laid into the buffer in idle chunks so the
 * main loop never stalls.  Web links open in the browser.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-markdown-view"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "df-book.h"
#include "df-code-highlight.h"
#include "df-markdown-renderer.h"
#include "df-markdown-text.h"
#include "df-markdown-view.h"
#include "df-renderer.h"
#include "df-scaled-image.h"
#include "df-text.h"

#define ASYNC_THRESHOLD   (256 * 1024)
#define MAX_INPUT_BYTES   (8 * 1024 * 1024)
#define CHUNK_BUDGET_USEC (6 * 1000)

/* The parse does not keep the view alive: a view whose window is gone
 * must be freed at once (GTK's own idle work on a text view outliving its
 * window crashes), so the callback finds it through a weak reference. */
typedef struct
{
  GWeakRef  view;
  GWeakRef  store;
  gint64    project_id;
} ParseData;

struct _DfMarkdownView
{
  GtkTextView         parent_instance;

  GPtrArray          *images;        /* DfScaledImage, shared with the renderer */
  DfMarkdownRenderer *renderer;      /* while laying a text in */
  GCancellable       *cancellable;   /* while parsing in a thread */
  guint               idle_id;
  int                 image_width;
  gboolean            dark;          /* code coloured for a dark page */
};

G_DEFINE_FINAL_TYPE (DfMarkdownView, df_markdown_view, GTK_TYPE_TEXT_VIEW)

enum {
  RENDERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
parse_data_free (ParseData *pd)
{
  g_weak_ref_clear (&pd->view);
  g_weak_ref_clear (&pd->store);
  g_free (pd);
}

static void
start_rendering (DfMarkdownView *self,
                 DfStore        *store,
                 gint64          project_id,
                 cmark_node     *doc)
{
  self->renderer = df_markdown_renderer_new (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)), doc,
                                             store, project_id, self->image_width,
                                             gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL);
  df_markdown_renderer_set_dark (self->renderer, self->dark);
  g_ptr_array_unref (self->images);
  self->images = g_ptr_array_ref (df_markdown_renderer_get_images (self->renderer));
}

static void
finish_rendering (DfMarkdownView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;

  /* No trailing empty line. */
  gtk_text_buffer_get_end_iter (buffer, &end);
  start = end;
  if (gtk_text_iter_backward_char (&start) && gtk_text_iter_get_char (&start) == '\n')
    gtk_text_buffer_delete (buffer, &start, &end);

  g_clear_pointer (&self->renderer, df_markdown_renderer_free);
  g_clear_object (&self->cancellable);

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);

  g_signal_emit (self, signals[RENDERED], 0);
}

static void
cancel_rendering (DfMarkdownView *self)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_pointer (&self->renderer, df_markdown_renderer_free);
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
}

static void
collect_link_tag (GtkTextTag *tag,
                  gpointer    links)
{
  if (g_object_get_data (G_OBJECT (tag), "df-url") != NULL)
    g_ptr_array_add (links, tag);
}

/* Empties the buffer, and its table of the tags carrying links. */
static void
clear_buffer (DfMarkdownView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  g_autoptr(GPtrArray) links = g_ptr_array_new ();

  gtk_text_buffer_set_text (buffer, "", 0);
  gtk_text_tag_table_foreach (table, collect_link_tag, links);
  for (guint i = 0; i < links->len; i++)
    gtk_text_tag_table_remove (table, g_ptr_array_index (links, i));
  g_ptr_array_set_size (self->images, 0);
}

/* The chapter says it is too long to show, rather than hang the reader. */
static void
show_too_long (DfMarkdownView *self,
               gsize           len)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  g_autofree char *size = g_format_size (len);
  g_autofree char *limit = g_format_size (MAX_INPUT_BYTES);
  g_autofree char *message =
    g_strdup_printf (_("This chapter is too long to show here (%s; the reader shows up to %s). "
                       "Open it in the editor, or split it into smaller chapters."),
                     size, limit);

  gtk_text_buffer_set_text (buffer, message, -1);
  g_signal_emit (self, signals[RENDERED], 0);
}

static void
update_colors (DfMarkdownView *self)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)));
  GtkStyleContext *context;
  GdkRGBA fg, accent, faint, fainter, dim, warning, warning_bg;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  context = gtk_widget_get_style_context (GTK_WIDGET (self));
  gtk_style_context_get_color (context, &fg);
  if (!gtk_style_context_lookup_color (context, "accent_color", &accent))
    accent = fg;
  if (!gtk_style_context_lookup_color (context, "error_color", &warning))
    warning = fg;
  G_GNUC_END_IGNORE_DEPRECATIONS

  faint = fg;
  faint.alpha = 0.06f;
  fainter = fg;
  fainter.alpha = 0.10f;
  dim = fg;
  dim.alpha = 0.70f;
  warning_bg = warning;
  warning_bg.alpha = 0.12f;

  g_object_set (gtk_text_tag_table_lookup (table, "code-block"), "paragraph-background-rgba", &faint, NULL);
  g_object_set (gtk_text_tag_table_lookup (table, "code"), "background-rgba", &fainter, NULL);
  g_object_set (gtk_text_tag_table_lookup (table, "quote"), "foreground-rgba", &dim, NULL);
  g_object_set (gtk_text_tag_table_lookup (table, "rule"), "foreground-rgba", &dim, NULL);
  g_object_set (gtk_text_tag_table_lookup (table, "image-missing"), "foreground-rgba", &dim, NULL);
  g_object_set (gtk_text_tag_table_lookup (table, "link"), "foreground-rgba", &accent, NULL);
  g_object_set (gtk_text_tag_table_lookup (table, DF_MDBOOK_MISSING_CLASS),
                "foreground-rgba", &warning, "paragraph-background-rgba", &warning_bg, NULL);
}

static const char *
url_at (DfMarkdownView *self,
        double          x,
        double          y)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkTextIter iter;
  int bx, by;
  g_autoptr(GSList) tags = NULL;

  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, (int)x, (int)y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (view, &iter, bx, by))
    return NULL;

  tags = gtk_text_iter_get_tags (&iter);
  for (GSList *l = tags; l != NULL; l = l->next)
    {
      const char *url = g_object_get_data (l->data, "df-url");

      if (url != NULL)
        return url;
    }

  return NULL;
}

static gboolean
is_web_url (const char *url)
{
  return url != NULL &&
         (g_ascii_strncasecmp (url, "http://", 7) == 0 ||
          g_ascii_strncasecmp (url, "https://", 8) == 0);
}

static void
link_launched_cb (GObject      *source G_GNUC_UNUSED,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autofree char *url = data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    g_warning ("Could not open %s: %s", url, error->message);
}

/* Opens @url in the user's browser (through the portal in a sandbox),
 * with the environment the user started DraftForge with. */
static void
open_link (DfMarkdownView *self,
           const char     *url)
{
  g_autoptr(GdkAppLaunchContext) context =
    gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));

  df_renderer_restore_environment (G_APP_LAUNCH_CONTEXT (context));
  g_app_info_launch_default_for_uri_async (url, G_APP_LAUNCH_CONTEXT (context), NULL,
                                           link_launched_cb, g_strdup (url));
}

static void
parse_thread (GTask        *task,
              gpointer      source_object G_GNUC_UNUSED,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GBytes *bytes = task_data;
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  cmark_node *doc;

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_error_if_cancelled (task);
      return;
    }

  df_markdown_parse_lock ();
  doc = df_markdown_renderer_parse (data, len);
  df_markdown_parse_unlock ();
  g_task_return_pointer (task, doc, (GDestroyNotify)cmark_node_free);
}

static gboolean
build_idle_cb (gpointer data)
{
  DfMarkdownView *self = data;

  if (!df_markdown_renderer_run (self->renderer, CHUNK_BUDGET_USEC))
    return G_SOURCE_CONTINUE;

  self->idle_id = 0;
  finish_rendering (self);
  return G_SOURCE_REMOVE;
}

static void
parse_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ParseData *pd = user_data;
  g_autoptr(DfMarkdownView) self = g_weak_ref_get (&pd->view);
  g_autoptr(DfStore) store = g_weak_ref_get (&pd->store);
  g_autoptr(GError) error = NULL;
  cmark_node *doc = g_task_propagate_pointer (G_TASK (result), &error);

  /* Cancelled (a newer text replaced this one), or the view went, or it
   * left its window while the parse ran. */
  if (doc == NULL || self == NULL || gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    {
      g_clear_pointer (&doc, cmark_node_free);
      parse_data_free (pd);
      return;
    }

  start_rendering (self, store, pd->project_id, doc);
  self->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, build_idle_cb, self, NULL);
  parse_data_free (pd);
}

static void
click_released_cb (GtkGestureClick *gesture,
                   int              n_press G_GNUC_UNUSED,
                   double           x,
                   double           y,
                   DfMarkdownView  *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;
  const char *url;

  if (gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture)) > 1)
    return;

  /* Selecting text across a link does not follow it. */
  if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return;

  url = url_at (self, x, y);
  if (!is_web_url (url))
    return;

  open_link (self, url);
}

static void
motion_cb (GtkEventControllerMotion *controller G_GNUC_UNUSED,
           double                    x,
           double                    y,
           DfMarkdownView           *self)
{
  gboolean over_link = is_web_url (url_at (self, x, y));

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), over_link ? "pointer" : NULL);
}

static void
df_markdown_view_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (df_markdown_view_parent_class)->css_changed (widget, change);
  update_colors (DF_MARKDOWN_VIEW (widget));
}

static void
df_markdown_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  DfMarkdownView *self = DF_MARKDOWN_VIEW (widget);
  GtkTextView *view = GTK_TEXT_VIEW (widget);
  int text_width;

  GTK_WIDGET_CLASS (df_markdown_view_parent_class)->size_allocate (widget, width, height, baseline);

  text_width = width - gtk_text_view_get_left_margin (view) - gtk_text_view_get_right_margin (view) - 8;
  text_width = MAX (text_width, 32);
  if (text_width != self->image_width)
    {
      self->image_width = text_width;
      for (guint i = 0; i < self->images->len; i++)
        df_scaled_image_set_max_width (g_ptr_array_index (self->images, i), text_width);
      if (self->renderer != NULL)
        df_markdown_renderer_set_image_width (self->renderer, text_width);
    }
}

/* Taken out of its window (which a pending parse, holding a reference,
 * outlives): stop, so nothing is built into a view nobody shows. */
static void
df_markdown_view_unroot (GtkWidget *widget)
{
  cancel_rendering (DF_MARKDOWN_VIEW (widget));

  GTK_WIDGET_CLASS (df_markdown_view_parent_class)->unroot (widget);
}

static void
df_markdown_view_dispose (GObject *object)
{
  DfMarkdownView *self = DF_MARKDOWN_VIEW (object);

  cancel_rendering (self);

  G_OBJECT_CLASS (df_markdown_view_parent_class)->dispose (object);
}

static void
df_markdown_view_finalize (GObject *object)
{
  DfMarkdownView *self = DF_MARKDOWN_VIEW (object);

  g_clear_pointer (&self->images, g_ptr_array_unref);

  G_OBJECT_CLASS (df_markdown_view_parent_class)->finalize (object);
}

static void
df_markdown_view_class_init (DfMarkdownViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_markdown_view_dispose;
  object_class->finalize = df_markdown_view_finalize;

  widget_class->css_changed = df_markdown_view_css_changed;
  widget_class->unroot = df_markdown_view_unroot;
  widget_class->size_allocate = df_markdown_view_size_allocate;

  /**
   * DfMarkdownView::rendered:
   *
   * The buffer holds the whole text.
   */
  signals[RENDERED] = g_signal_new ("rendered",
                                    G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "textview");
}

static void
df_markdown_view_init (DfMarkdownView *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkEventController *motion;
  GtkGesture *click;

  self->images = g_ptr_array_new_with_free_func (g_object_unref);
  self->image_width = 640;

  gtk_text_view_set_editable (view, FALSE);
  gtk_text_view_set_cursor_visible (view, FALSE);
  gtk_text_view_set_wrap_mode (view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (view, DF_MARKDOWN_MARGIN);
  gtk_text_view_set_right_margin (view, DF_MARKDOWN_MARGIN);
  gtk_text_view_set_top_margin (view, 24);
  gtk_text_view_set_bottom_margin (view, 48);
  gtk_text_view_set_pixels_inside_wrap (view, 2);
  gtk_widget_add_css_class (GTK_WIDGET (self), "df-markdown-view");

  df_markdown_renderer_add_tags (gtk_text_view_get_buffer (view));
  update_colors (self);

  click = gtk_gesture_click_new ();
  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (click), "link-click");
  g_signal_connect (click, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

GtkWidget *
df_markdown_view_new (void)
{
  return g_object_new (DF_TYPE_MARKDOWN_VIEW, NULL);
}

void
df_markdown_view_set_markdown (DfMarkdownView *self,
                               DfStore        *store,
                               gint64          project_id,
                               const char     *markdown)
{
  gsize len;

  g_return_if_fail (DF_IS_MARKDOWN_VIEW (self));
  g_return_if_fail (store == NULL || DF_IS_STORE (store));

  cancel_rendering (self);
  clear_buffer (self);

  if (markdown == NULL)
    markdown = "";
  len = strlen (markdown);

  if (len > MAX_INPUT_BYTES)
    {
      show_too_long (self, len);
      return;
    }

  /* Big texts, and any text while another is parsed in a thread, are
   * parsed off the main loop. */
  if (len > ASYNC_THRESHOLD || !df_markdown_parse_trylock ())
    {
      g_autoptr(GTask) task = NULL;
      ParseData *pd = g_new0 (ParseData, 1);

      g_weak_ref_init (&pd->view, self);
      g_weak_ref_init (&pd->store, store);
      pd->project_id = project_id;
      self->cancellable = g_cancellable_new ();

      task = g_task_new (NULL, self->cancellable, parse_done_cb, pd);
      g_task_set_source_tag (task, df_markdown_view_set_markdown);
      g_task_set_task_data (task, g_bytes_new (markdown, len), (GDestroyNotify)g_bytes_unref);
      g_task_run_in_thread (task, parse_thread);
      return;
    }

  start_rendering (self, store, project_id, df_markdown_renderer_parse (markdown, len));
  df_markdown_parse_unlock ();
  df_markdown_renderer_run (self->renderer, 0);
  finish_rendering (self);
}

gboolean
df_markdown_view_is_rendering (DfMarkdownView *self)
{
  g_return_val_if_fail (DF_IS_MARKDOWN_VIEW (self), FALSE);

  return self->renderer != NULL || self->cancellable != NULL;
}

void
df_markdown_view_set_dark (DfMarkdownView *self,
                           gboolean        dark)
{
  g_return_if_fail (DF_IS_MARKDOWN_VIEW (self));

  if (self->dark == dark)
    return;
  self->dark = dark;
  if (self->renderer != NULL)
    df_markdown_renderer_set_dark (self->renderer, dark);
  df_code_highlight_set_dark (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)), dark);
}

void
df_markdown_render_into (GtkTextBuffer *buffer,
                         const char    *markdown)
{
  g_autoptr(DfMarkdownRenderer) renderer = NULL;
  GtkTextIter start, end;
  cmark_node *doc;

  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));

  if (gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "h1") == NULL)
    df_markdown_renderer_add_tags (buffer);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_delete (buffer, &start, &end);

  df_markdown_parse_lock ();
  doc = df_markdown_renderer_parse (markdown, strlen (markdown));
  df_markdown_parse_unlock ();
  renderer = df_markdown_renderer_new (buffer, doc, NULL, 0, 0, df_markdown_text_is_rtl (markdown, FALSE));
  df_markdown_renderer_set_dark (renderer, adw_style_manager_get_dark (adw_style_manager_get_default ()));
  df_markdown_renderer_run (renderer, 0);
}
