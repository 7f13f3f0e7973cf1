/* test-ui-reader.c: the Markdown renderer and the reader's progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-markdown-view.h"
#include "df-model.h"
#include "df-store-private.h"
#include "df-reader-view.h"
#include "ui-test-util.h"

typedef struct
{
  char      *dir;
  DfStore   *store;
  DfSession *session;
  DfProject *project;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data G_GNUC_UNUSED)
{
  if (!ui_test_have_display ())
    return;

  f->store = ui_test_store_new (&f->dir);
  f->session = df_session_new_for_store (f->store, NULL);
  f->project = df_test_make_project (f->store, "The Reading Book", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data G_GNUC_UNUSED)
{
  if (f->store == NULL)
    return;

  g_clear_pointer (&f->project, df_project_free);
  g_assert_finalize_object (f->session);
  g_assert_finalize_object (f->store);
  df_test_tmp_dir_free (f->dir);
}

/* ---- helpers --------------------------------------------------------------- */

static GBytes *
make_png (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 40, 30);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  gdk_pixbuf_fill (pixbuf, 0x3584e4ff);
  gdk_pixbuf_save_to_buffer (pixbuf, &data, &len, "png", &error, NULL);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static const char svg_image[] =
  "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"60\" height=\"40\">"
  "<rect width=\"60\" height=\"40\" fill=\"#e01b24\"/></svg>";

static gboolean
iter_has_tag_named (const GtkTextIter *iter,
                    const char        *name)
{
  g_autoptr(GSList) tags = gtk_text_iter_get_tags (iter);

  for (GSList *l = tags; l != NULL; l = l->next)
    {
      g_autofree char *tag_name = NULL;

      g_object_get (l->data, "name", &tag_name, NULL);
      if (g_strcmp0 (tag_name, name) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
iter_is_monospace (const GtkTextIter *iter)
{
  g_autoptr(GSList) tags = gtk_text_iter_get_tags (iter);

  for (GSList *l = tags; l != NULL; l = l->next)
    {
      g_autofree char *family = NULL;

      g_object_get (l->data, "family", &family, NULL);
      if (g_strcmp0 (family, "monospace") == 0)
        return TRUE;
    }
  return FALSE;
}

/* The code-highlighting tag at the first @needle, or NULL. */
static GtkTextTag *
highlight_tag_at (GtkWidget  *view,
                  const char *needle)
{
  GtkTextIter iter = ui_test_find_text (view, needle);
  g_autoptr(GSList) tags = gtk_text_iter_get_tags (&iter);

  for (GSList *l = tags; l != NULL; l = l->next)
    {
      g_autofree char *name = NULL;

      g_object_get (l->data, "name", &name, NULL);
      if (name != NULL && g_str_has_prefix (name, "df-hl:"))
        return l->data;
    }
  return NULL;
}

static char *
foreground_of (GtkTextTag *tag)
{
  g_autoptr(GdkRGBA) rgba = NULL;
  gboolean set;

  g_object_get (tag, "foreground-set", &set, "foreground-rgba", &rgba, NULL);
  return set && rgba != NULL ? gdk_rgba_to_string (rgba) : NULL;
}

static guint
count_paintables (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter iter;
  guint n = 0;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  do
    {
      if (gtk_text_iter_get_paintable (&iter) != NULL)
        n++;
    }
  while (gtk_text_iter_forward_char (&iter));

  return n;
}

static gboolean
not_rendering (gpointer data)
{
  return !df_markdown_view_is_rendering (data);
}

static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *)data == NULL;
}

/* @child, of which the test now holds a reference, in a window. */
static GtkWidget *
window_with (GtkWidget *child)
{
  return ui_test_window_new (child, 800, 600);
}

/* Destroys @window, then drops the test's reference on *@watched (the
 * view it showed), which must finalize it: nothing else keeps the view
 * alive once its window is gone. */
static void
destroy_window (GtkWidget *window,
                gpointer  *watched)
{
  ui_test_window_destroy (window);
  g_assert_finalize_object (*watched);
  *watched = NULL;
}

/* ---- rendering --------------------------------------------------------------- */

static const char sample_md[] =
  "# The Heading\n"
  "\n"
  "Some **strong words** and *soft words* and ~~struck words~~ and `inline_code`.\n"
  "\n"
  "- first item\n"
  "- second item\n"
  "  1. nested one\n"
  "- اردو فہرست\n"
  "\n"
  "> quoted wisdom\n"
  "\n"
  "```c\n"
  "int main (void);\n"
  "```\n"
  "\n"
  "| Name | Value |\n"
  "|------|------:|\n"
  "| alpha | 1 |\n"
  "| beta | 22 |\n"
  "\n"
  "A [web link](https://example.org/) here.[^note]\n"
  "\n"
  "![a dot](images/dot.png)\n"
  "\n"
  "<img src=\"images/shape.svg\" alt=\"shape\">\n"
  "\n"
  "![missing picture](images/nowhere.png)\n"
  "\n"
  "---\n"
  "\n"
  "اردو ایک خوبصورت زبان ہے۔\n"
  "\n"
  "<script>alert(1)</script>\n"
  "\n"
  "[^note]: The footnote text.\n";

static void
test_render (Fixture       *f,
             gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) svg = NULL;
  g_autofree char *text = NULL;
  GtkWidget *view, *window;
  GtkTextIter iter;

  if (ui_test_skip_without_display ())
    return;

  png = make_png ();
  svg = g_bytes_new_static (svg_image, strlen (svg_image));
  df_asset_put (f->store, f->project->id, "images/dot.png", "image/png", png, &error);
  g_assert_no_error (error);
  df_asset_put (f->store, f->project->id, "images/shape.svg", "image/svg+xml", svg, &error);
  g_assert_no_error (error);

  view = df_markdown_view_new ();
  window = window_with (view);
  df_markdown_view_set_markdown (DF_MARKDOWN_VIEW (view), f->store, f->project->id, sample_md);
  g_assert_false (df_markdown_view_is_rendering (DF_MARKDOWN_VIEW (view)));
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (view)));

  text = ui_test_text_of (view);
  g_test_message ("Rendered:\n%s", text);

  /* The words, without the Markdown around them. */
  for (const char *const *w = (const char *const[]) {
         "The Heading", "strong words", "soft words", "struck words", "inline_code",
         "first item", "second item", "nested one", "quoted wisdom",
         "int main (void);", "alpha", "beta", "22", "Name", "Value",
         "web link", "The footnote text.", "missing picture",
         "اردو ایک خوبصورت زبان ہے۔", "اردو فہرست", "• first item", "1. nested one",
         NULL }; *w != NULL; w++)
    if (strstr (text, *w) == NULL)
      g_error ("“%s” is missing from the rendered text", *w);

  for (const char *const *s = (const char *const[]) {
         "**", "# The", "~~", "```", "[^note]", "[^1]", "](", "|---", "| alpha",
         "<img", "<script", "`inline", NULL }; *s != NULL; s++)
    if (strstr (text, *s) != NULL)
      g_error ("Markdown syntax “%s” shows in the rendered text", *s);

  /* Tags where a reader sees them. */
  iter = ui_test_find_text (view, "The Heading");
  g_assert_true (iter_has_tag_named (&iter, "h1"));
  iter = ui_test_find_text (view, "strong words");
  g_assert_true (iter_has_tag_named (&iter, "strong"));
  iter = ui_test_find_text (view, "soft words");
  g_assert_true (iter_has_tag_named (&iter, "emphasis"));
  iter = ui_test_find_text (view, "struck words");
  g_assert_true (iter_has_tag_named (&iter, "strikethrough"));
  iter = ui_test_find_text (view, "inline_code");
  g_assert_true (iter_is_monospace (&iter));
  iter = ui_test_find_text (view, "int main");
  g_assert_true (iter_has_tag_named (&iter, "code-block"));
  g_assert_true (iter_is_monospace (&iter));
  /* The C code coloured as GtkSourceView colours it, for a light page
   * and then a dark one. */
  {
    GtkTextTag *tag = highlight_tag_at (view, "int main");
    g_autofree char *light = NULL;
    g_autofree char *dark = NULL;

    g_assert_nonnull (tag);
    light = foreground_of (tag);
    df_markdown_view_set_dark (DF_MARKDOWN_VIEW (view), TRUE);
    dark = foreground_of (tag);
    g_assert_nonnull (light);
    g_assert_nonnull (dark);
    g_assert_cmpstr (light, !=, dark);
    df_markdown_view_set_dark (DF_MARKDOWN_VIEW (view), FALSE);
    g_clear_pointer (&dark, g_free);
    dark = foreground_of (tag);
    g_assert_cmpstr (light, ==, dark);
    g_assert_null (highlight_tag_at (view, "main"));
  }
  iter = ui_test_find_text (view, "quoted wisdom");
  g_assert_true (iter_has_tag_named (&iter, "quote"));
  iter = ui_test_find_text (view, "alpha");
  g_assert_true (iter_is_monospace (&iter));
  iter = ui_test_find_text (view, "web link");
  g_assert_true (iter_has_tag_named (&iter, "link"));
  iter = ui_test_find_text (view, "missing picture");
  g_assert_true (iter_has_tag_named (&iter, "image-missing"));
  iter = ui_test_find_text (view, "The footnote text.");
  g_assert_true (iter_has_tag_named (&iter, "footnote"));
  /* The reference became a superscript number. */
  iter = ui_test_find_text (view, "here.1\n");
  gtk_text_iter_forward_chars (&iter, 5);
  g_assert_true (iter_has_tag_named (&iter, "superscript"));

  /* List items are indented on the side where their text starts. */
  iter = ui_test_find_text (view, "first item");
  g_assert_true (iter_has_tag_named (&iter, "df-indent-ltr-28"));
  iter = ui_test_find_text (view, "اردو فہرست");
  g_assert_true (iter_has_tag_named (&iter, "df-indent-rtl-28"));

  /* The PNG and the SVG became pictures. */
  g_assert_cmpuint (count_paintables (view), ==, 2);

  /* Rendering again replaces the text. */
  df_markdown_view_set_markdown (DF_MARKDOWN_VIEW (view), f->store, f->project->id, "Just *this*.");
  g_clear_pointer (&text, g_free);
  text = ui_test_text_of (view);
  g_assert_cmpstr (text, ==, "Just this.");
  g_assert_cmpuint (count_paintables (view), ==, 0);

  destroy_window (window, (gpointer *)&view);
}

/* The @n-th picture of @view, or NULL. */
static GdkPaintable *
nth_paintable (GtkWidget *view,
               guint      n)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter iter;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  do
    {
      GdkPaintable *paintable = gtk_text_iter_get_paintable (&iter);

      if (paintable != NULL && n-- == 0)
        return paintable;
    }
  while (gtk_text_iter_forward_char (&iter));
  return NULL;
}

static gboolean
full_width_known (gpointer data)
{
  GdkPaintable *full = nth_paintable (data, 1);

  return full != NULL && gdk_paintable_get_intrinsic_width (full) > 200;
}

/* Pictures at their own size up to the column, or as wide as the book
 * asks (mdBook's style="width: 50%", a width attribute). */
static void
test_image_width (Fixture       *f,
                  gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) svg = g_bytes_new_static (svg_image, strlen (svg_image));
  GtkWidget *view, *window;
  int full;

  if (ui_test_skip_without_display ())
    return;

  df_asset_put (f->store, f->project->id, "img/shape.svg", "image/svg+xml", svg, &error);
  g_assert_no_error (error);
  view = df_markdown_view_new ();
  window = window_with (view);
  df_markdown_view_set_markdown (DF_MARKDOWN_VIEW (view), f->store, f->project->id,
                                 "![own](img/shape.svg)\n\n"
                                 "<img src=\"img/shape.svg\" alt=\"full\" style=\"width: 100%\">\n\n"
                                 "<img src=\"img/shape.svg\" alt=\"half\" class=\"center\"\n"
                                 "style=\"max-width: 90%; width: 50%;\" />\n\n"
                                 "<img src=\"img/shape.svg\" alt=\"small\" width=\"30\">\n");
  ui_test_wait_until (full_width_known, view, 10000);

  full = gdk_paintable_get_intrinsic_width (nth_paintable (view, 1));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (nth_paintable (view, 0)), ==, 60);
  g_assert_cmpint (ABS (2 * gdk_paintable_get_intrinsic_width (nth_paintable (view, 2)) - full), <=, 2);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (nth_paintable (view, 3)), ==, 30);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (nth_paintable (view, 3)), ==, 20);

  destroy_window (window, (gpointer *)&view);
}

static void
test_render_large (Fixture       *f,
                   gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GString) md = g_string_new ("# A Long Chapter\n\n");
  g_autofree char *text = NULL;
  g_autofree char *huge = NULL;
  GtkWidget *view, *window;
  guint n = 0;

  if (ui_test_skip_without_display ())
    return;

  while (md->len < 300 * 1024)
    g_string_append_printf (md, "Paragraph %u has *some* words in it, and **more** words "
                                "after them, to make the chapter long.\n\n", ++n);
  g_string_append (md, "The very last words.\n");

  view = df_markdown_view_new ();
  window = window_with (view);
  df_markdown_view_set_markdown (DF_MARKDOWN_VIEW (view), f->store, f->project->id, md->str);
  /* Off the main loop: the call returned before the text is in. */
  g_assert_true (df_markdown_view_is_rendering (DF_MARKDOWN_VIEW (view)));
  ui_test_wait_until (not_rendering, view, 30000);

  text = ui_test_text_of (view);
  g_assert_true (g_str_has_prefix (text, "A Long Chapter"));
  g_assert_true (g_str_has_suffix (text, "The very last words."));
  g_assert_nonnull (strstr (text, "Paragraph 1000 has some words"));
  g_assert_null (strstr (text, "**"));

  /* A newer text replaces one still being rendered. */
  df_markdown_view_set_markdown (DF_MARKDOWN_VIEW (view), f->store, f->project->id, md->str);
  df_markdown_view_set_markdown (DF_MARKDOWN_VIEW (view), f->store, f->project->id, "Short.");
  ui_test_wait_until (not_rendering, view, 30000);
  g_clear_pointer (&text, g_free);
  text = ui_test_text_of (view);
  g_assert_cmpstr (text, ==, "Short.");

  /* Over 8 MiB: a readable message instead. */
  huge = g_strnfill (9 * 1024 * 1024, 'x');
  df_markdown_view_set_markdown (DF_MARKDOWN_VIEW (view), f->store, f->project->id, huge);
  g_clear_pointer (&text, g_free);
  text = ui_test_text_of (view);
  g_assert_nonnull (strstr (text, "too long"));

  /* Disposed while a parse is running: finalized once the parse is over. */
  df_markdown_view_set_markdown (DF_MARKDOWN_VIEW (view), f->store, f->project->id, md->str);
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *)&view);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (view);
  ui_test_wait_until (pointer_is_null, &view, 30000);
}

/* ---- the reader -------------------------------------------------------------- */

static char *
long_chapter (const char *name)
{
  GString *md = g_string_new (NULL);

  g_string_append_printf (md, "# %s\n\n", name);
  for (guint i = 1; i <= 150; i++)
    g_string_append_printf (md, "%s, paragraph %u: a sentence long enough to fill most of a line "
                                "in the reader, and then some more.\n\n", name, i);
  g_string_append_printf (md, "The end of %s.\n", name);
  return g_string_free (md, FALSE);
}

static DfProgress *
progress_of (Fixture    *f,
             const char *profile_id,
             gint64      chapter_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = df_progress_list (f->store, profile_id, f->project->id, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      DfProgress *p = g_ptr_array_index (list, i);

      if (p->chapter_id == chapter_id)
        return g_ptr_array_steal_index (list, i);
    }

  g_assert_not_reached ();
  return NULL;
}

static GtkAdjustment *
reader_adjustment (GtkWidget *reader)
{
  GtkWidget *scrolled = ui_test_find (reader, GTK_TYPE_SCROLLED_WINDOW, "scrolled_window");

  g_assert_nonnull (scrolled);
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
}

static gboolean
laid_out (gpointer data)
{
  GtkWidget *reader = data;
  GtkWidget *view = ui_test_find (reader, DF_TYPE_MARKDOWN_VIEW, NULL);
  GtkAdjustment *adj = reader_adjustment (reader);

  return !df_markdown_view_is_rendering (DF_MARKDOWN_VIEW (view)) &&
         gtk_adjustment_get_page_size (adj) > 0 &&
         gtk_adjustment_get_upper (adj) > 3 * gtk_adjustment_get_page_size (adj);
}

typedef struct
{
  GtkWidget *reader;
  gint64     offset;
} Place;

/* The line at the top of the reader holds the character at @offset. */
static gboolean
showing_offset (gpointer data)
{
  Place *place = data;
  GtkTextView *view = GTK_TEXT_VIEW (ui_test_find (place->reader, DF_TYPE_MARKDOWN_VIEW, NULL));
  GtkTextIter top, target;
  GdkRectangle visible;
  int top_y, line_height;

  if (gtk_adjustment_get_value (reader_adjustment (place->reader)) <= 0)
    return FALSE;

  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_line_at_y (view, &top, visible.y, &top_y);
  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (view), &target, (int)place->offset);
  gtk_text_view_get_line_yrange (view, &target, &top_y, &line_height);

  return gtk_text_iter_get_line (&top) == gtk_text_iter_get_line (&target) &&
         top_y <= visible.y + 1 && visible.y < top_y + line_height;
}

typedef struct
{
  Fixture    *f;
  GtkWidget  *reader;
  const char *profile_id;
  gint64      chapter_id;
} ReadingState;

/* Keeps scrolling to the end, as a reader would while the view measures
 * the lines coming into view, until the chapter counts as read. */
static gboolean
scrolled_to_end_and_completed (gpointer data)
{
  ReadingState *state = data;
  GtkAdjustment *adj = reader_adjustment (state->reader);
  g_autoptr(DfProgress) p = NULL;

  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  p = progress_of (state->f, state->profile_id, state->chapter_id);
  return g_strcmp0 (p->status, "completed") == 0;
}

static void
scroll_to (GtkWidget *reader,
           double     fraction)
{
  GtkAdjustment *adj = reader_adjustment (reader);
  double range = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  gtk_adjustment_set_value (adj, range * fraction);
}

typedef struct
{
  GtkWidget  *reader;
  double      min, max;   /* the chapter's part on the bar */
  int         percent;    /* the book's in the subtitle, at most */
  const char *bottom;     /* text to keep at the bottom of the page, or NULL: */
  gboolean    to_end;     /* keep the page at the end */
} Shown;

/* The bar within [min, max]; the subtitle "The Reading Book · N% of the
 * book", N at most @percent and in step with the bar: the two long
 * chapters hold about half of the book each. */
static gboolean
reading_shown (gpointer data)
{
  Shown *shown = data;
  GtkWidget *bar = ui_test_get (shown->reader, GTK_TYPE_PROGRESS_BAR, "reading-bar");
  GtkWidget *title = ui_test_get (shown->reader, ADW_TYPE_WINDOW_TITLE, NULL);
  double fraction = gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar));
  const char *subtitle = adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title));
  int percent;

  /* The view measures lines lazily: place the text again each time. */
  if (shown->bottom != NULL)
    {
      GtkWidget *view = ui_test_get (shown->reader, DF_TYPE_MARKDOWN_VIEW, NULL);
      GtkTextIter at = ui_test_find_text (view, shown->bottom);
      GtkAdjustment *adj = reader_adjustment (shown->reader);
      GdkRectangle location;

      gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view), &at, &location);
      gtk_adjustment_set_value (adj, location.y + location.height - gtk_adjustment_get_page_size (adj));
    }
  else if (shown->to_end)
    {
      GtkAdjustment *adj = reader_adjustment (shown->reader);

      gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
    }
  if (fraction < shown->min || fraction > shown->max || subtitle == NULL ||
      !g_str_has_prefix (subtitle, "The Reading Book · ") || !g_str_has_suffix (subtitle, "% of the book"))
    return FALSE;
  percent = (int)g_ascii_strtoll (subtitle + strlen ("The Reading Book · "), NULL, 10);
  return percent <= shown->percent && ABS (percent - (int)(fraction * 49.9)) <= 1;
}

static void
test_reader_progress (Fixture       *f,
                      gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(DfChapter) ch1 = NULL;
  g_autoptr(DfChapter) ch2 = NULL;
  g_autoptr(DfChapter) ch3 = NULL;
  g_autoptr(DfProgress) p = NULL;
  g_autofree char *md1 = long_chapter ("Chapter One");
  g_autofree char *md2 = long_chapter ("Chapter Two");
  GtkWidget *reader, *window, *revealer;
  gint64 saved_position;

  if (ui_test_skip_without_display ())
    return;

  profile = df_test_make_profile (f->store, "Reader");
  ch1 = df_test_append_chapter (f->store, f->project->id, 0, "Chapter One", md1);
  ch2 = df_test_append_chapter (f->store, f->project->id, 0, "Chapter Two", md2);
  ch3 = df_test_append_chapter (f->store, f->project->id, 0, "Chapter Three", "A short ending.");

  reader = df_reader_view_new ();
  df_reader_view_set_session (DF_READER_VIEW (reader), f->session);
  df_reader_view_set_profile (DF_READER_VIEW (reader), profile->id);
  window = window_with (reader);

  /* Opening a chapter starts it. */
  df_reader_view_open (DF_READER_VIEW (reader), f->project->id, ch1->id);
  g_assert_cmpint (df_reader_view_get_chapter_id (DF_READER_VIEW (reader)), ==, ch1->id);
  p = progress_of (f, profile->id, ch1->id);
  g_assert_cmpstr (p->status, ==, "in_progress");
  g_clear_pointer (&p, df_progress_free);

  /* At the first chapter there is nothing before it. */
  gtk_widget_activate_action (reader, "reader.previous", NULL);
  g_assert_cmpint (df_reader_view_get_chapter_id (DF_READER_VIEW (reader)), ==, ch1->id);

  /* Scrolled half way: the position is stored. */
  ui_test_wait_until (laid_out, reader, 10000);
  scroll_to (reader, 0.5);
  df_reader_view_flush_progress (DF_READER_VIEW (reader));
  p = progress_of (f, profile->id, ch1->id);
  g_assert_cmpstr (p->status, ==, "in_progress");
  g_assert_cmpint (p->position, >, 0);
  g_assert_cmpint (p->position, <, (gint64)strlen (md1));
  g_clear_pointer (&p, df_progress_free);

  /* Half way through the first of two long chapters: about half of it
   * on the bar, a quarter of the book in the subtitle. */
  {
    Shown shown = { reader, 0.4, 0.6, 30, "Chapter One, paragraph 75:", FALSE };

    ui_test_wait_until (reading_shown, &shown, 10000);
  }

  /* Scrolled to the end: read, and the next chapter offers itself. */
  {
    ReadingState state = { f, reader, profile->id, ch1->id };

    ui_test_wait_until (scrolled_to_end_and_completed, &state, 10000);
  }
  {
    Shown shown = { reader, 1.0, 1.0, 49, NULL, TRUE };

    ui_test_wait_until (reading_shown, &shown, 10000);
  }
  revealer = ui_test_find (reader, GTK_TYPE_REVEALER, "next_revealer");
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));

  /* reader.next opens chapter 2, which starts. */
  g_assert_true (gtk_widget_activate_action (reader, "reader.next", NULL));
  g_assert_cmpint (df_reader_view_get_chapter_id (DF_READER_VIEW (reader)), ==, ch2->id);
  p = progress_of (f, profile->id, ch2->id);
  g_assert_cmpstr (p->status, ==, "in_progress");
  g_clear_pointer (&p, df_progress_free);
  revealer = ui_test_find (reader, GTK_TYPE_REVEALER, "next_revealer");
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));

  ui_test_wait_until (laid_out, reader, 10000);
  scroll_to (reader, 0.4);
  df_reader_view_flush_progress (DF_READER_VIEW (reader));
  p = progress_of (f, profile->id, ch2->id);
  saved_position = p->position;
  g_assert_cmpint (saved_position, >, 0);
  g_clear_pointer (&p, df_progress_free);

  /* Closing the reader keeps the place. */
  destroy_window (window, (gpointer *)&reader);
  p = progress_of (f, profile->id, ch2->id);
  g_assert_cmpstr (p->status, ==, "in_progress");
  g_assert_cmpint (p->position, ==, saved_position);
  g_clear_pointer (&p, df_progress_free);

  /* Opening the book again (chapter 0) continues at chapter 2, where the
   * reader left off. */
  reader = df_reader_view_new ();
  df_reader_view_set_session (DF_READER_VIEW (reader), f->session);
  df_reader_view_set_profile (DF_READER_VIEW (reader), profile->id);
  window = window_with (reader);
  df_reader_view_open (DF_READER_VIEW (reader), f->project->id, 0);
  g_assert_cmpint (df_reader_view_get_chapter_id (DF_READER_VIEW (reader)), ==, ch2->id);
  revealer = ui_test_find (reader, GTK_TYPE_REVEALER, "continue_revealer");
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  {
    GtkWidget *label = ui_test_find (reader, GTK_TYPE_LABEL, "continue_label");
    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (label)), "Chapter Two"));
  }
  /* The saved position comes back once the text is laid out. */
  {
    Place place = { reader, saved_position };

    ui_test_wait_until (showing_offset, &place, 10000);
  }
  df_reader_view_flush_progress (DF_READER_VIEW (reader));
  p = progress_of (f, profile->id, ch2->id);
  g_assert_cmpint (p->position, ==, saved_position);
  g_clear_pointer (&p, df_progress_free);

  /* Mark as Read, and the last chapter has no next. */
  {
    GtkWidget *toggle = ui_test_find (reader, GTK_TYPE_TOGGLE_BUTTON, "mark_read_button");

    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
    p = progress_of (f, profile->id, ch2->id);
    g_assert_cmpstr (p->status, ==, "completed");
    g_clear_pointer (&p, df_progress_free);
  }
  g_assert_true (gtk_widget_activate_action (reader, "reader.next", NULL));
  g_assert_cmpint (df_reader_view_get_chapter_id (DF_READER_VIEW (reader)), ==, ch3->id);
  g_assert_true (gtk_widget_activate_action (reader, "reader.next", NULL));
  g_assert_cmpint (df_reader_view_get_chapter_id (DF_READER_VIEW (reader)), ==, ch3->id);
  g_assert_true (gtk_widget_activate_action (reader, "reader.previous", NULL));
  g_assert_cmpint (df_reader_view_get_chapter_id (DF_READER_VIEW (reader)), ==, ch2->id);

  destroy_window (window, (gpointer *)&reader);
}

static void
test_reader_without_profile (Fixture       *f,
                             gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(DfChapter) ch1 = NULL;
  g_autoptr(DfChapter) ch2 = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *md1 = long_chapter ("Chapter One");
  GtkWidget *reader, *window;

  if (ui_test_skip_without_display ())
    return;

  profile = df_test_make_profile (f->store, "Someone Else");
  ch1 = df_test_append_chapter (f->store, f->project->id, 0, "Chapter One", md1);
  ch2 = df_test_append_chapter (f->store, f->project->id, 0, "Chapter Two", "Two.");

  reader = df_reader_view_new ();
  df_reader_view_set_session (DF_READER_VIEW (reader), f->session);
  df_reader_view_set_profile (DF_READER_VIEW (reader), NULL);
  window = window_with (reader);

  /* Without a profile, chapter 0 is the first chapter. */
  df_reader_view_open (DF_READER_VIEW (reader), f->project->id, 0);
  g_assert_cmpint (df_reader_view_get_chapter_id (DF_READER_VIEW (reader)), ==, ch1->id);
  ui_test_wait_until (laid_out, reader, 10000);
  /* What needs a profile is greyed out, and says so. */
  {
    GtkWidget *personalize = ui_test_find (reader, GTK_TYPE_TOGGLE_BUTTON, "personalize_button");
    GtkWidget *mark_read = ui_test_find (reader, GTK_TYPE_TOGGLE_BUTTON, "mark_read_button");

    g_assert_false (gtk_widget_get_sensitive (personalize));
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (personalize), "New Profile"));
    g_assert_false (gtk_widget_get_sensitive (mark_read));
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (mark_read), "New Profile"));
  }
  scroll_to (reader, 0.5);
  df_reader_view_flush_progress (DF_READER_VIEW (reader));
  scroll_to (reader, 1.0);
  g_assert_true (gtk_widget_activate_action (reader, "reader.next", NULL));
  g_assert_cmpint (df_reader_view_get_chapter_id (DF_READER_VIEW (reader)), ==, ch2->id);
  destroy_window (window, (gpointer *)&reader);

  list = df_progress_list (f->store, profile->id, f->project->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      DfProgress *p = g_ptr_array_index (list, i);

      g_assert_cmpstr (p->status, ==, "not_started");
      g_assert_cmpint (p->position, ==, 0);
      g_assert_cmpint (p->time_spent_seconds, ==, 0);
    }
  g_assert_cmpint (df_test_sql_int (df_store_get_db (f->store), "SELECT count(*) FROM reading_progress"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  DF_TEST_ADD ("/ui/reader/render", test_render);
  DF_TEST_ADD ("/ui/reader/render-large", test_render_large);
  DF_TEST_ADD ("/ui/reader/image-width", test_image_width);
  DF_TEST_ADD ("/ui/reader/progress", test_reader_progress);
  DF_TEST_ADD ("/ui/reader/without-profile", test_reader_without_profile);

  return g_test_run ();
}
