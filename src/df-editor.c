/* df-editor.c: the Markdown source editor
 *
 * A GtkSourceView with Markdown highlighting, a style scheme that follows
 * the light or dark style, the font from the settings, and a readable text
 * column: the side margins grow so that a line holds about text-width
 * characters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-editor"

#include "config.h"

#include <adwaita.h>

#include "df-editor.h"

struct _DfEditor
{
  GtkSourceView   parent_instance;

  GSettings      *settings;
  GtkCssProvider *css;
  int             text_width;
  int             last_width;
  guint           margins_idle;
  guint           language_idle;
};

G_DEFINE_FINAL_TYPE (DfEditor, df_editor, GTK_SOURCE_TYPE_VIEW)

static void
update_scheme (DfEditor *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)));
  const char *id = adw_style_manager_get_dark (style) ? "Adwaita-dark" : "Adwaita";
  GtkSourceStyleScheme *scheme = gtk_source_style_scheme_manager_get_scheme (manager, id);

  if (scheme == NULL)
    scheme = gtk_source_style_scheme_manager_get_scheme (manager, adw_style_manager_get_dark (style) ? "classic-dark" : "classic");
  gtk_source_buffer_set_style_scheme (buffer, scheme);
}

static gboolean
update_margins (gpointer data)
{
  DfEditor *self = data;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  g_autofree char *sample = g_strnfill (self->text_width + 2, '0');
  g_autoptr(PangoLayout) layout = NULL;
  int column = 0;
  int margin;

  /* Measured with the editor's own font (CSS), with room for the cursor. */
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), sample);
  pango_layout_get_pixel_size (layout, &column, NULL);
  margin = MAX (24, (width - column) / 2);

  self->margins_idle = 0;

  if (gtk_text_view_get_left_margin (GTK_TEXT_VIEW (self)) != margin)
    {
      gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self), margin);
      gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self), margin);
    }

  return G_SOURCE_REMOVE;
}

static void
df_editor_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  DfEditor *self = DF_EDITOR (widget);

  GTK_WIDGET_CLASS (df_editor_parent_class)->size_allocate (widget, width, height, baseline);

  /* Margins change the layout: never during an allocation. */
  if (width != self->last_width && self->margins_idle == 0)
    {
      self->last_width = width;
      self->margins_idle = g_idle_add (update_margins, self);
    }
}

static void
update_font (DfEditor *self)
{
  g_autofree char *font = NULL;
  g_autofree char *css = NULL;
  PangoFontDescription *desc;

  if (self->settings == NULL)
    return;

  self->text_width = g_settings_get_int (self->settings, "text-width");
  self->last_width = 0;
  gtk_widget_queue_allocate (GTK_WIDGET (self));

  if (g_settings_get_boolean (self->settings, "use-system-font"))
    {
      gtk_css_provider_load_from_data (self->css, "textview.df-editor { font-family: monospace; }", -1);
      return;
    }

  font = g_settings_get_string (self->settings, "editor-font");
  desc = pango_font_description_from_string (font);
  css = g_strdup_printf ("textview.df-editor { font-family: \"%s\"; font-size: %dpt; }",
                         pango_font_description_get_family (desc) ? pango_font_description_get_family (desc) : "monospace",
                         MAX (6, pango_font_description_get_size (desc) / PANGO_SCALE));
  pango_font_description_free (desc);
  gtk_css_provider_load_from_data (self->css, css, -1);
}

static void
df_editor_dispose (GObject *object)
{
  DfEditor *self = (DfEditor *)object;

  g_clear_handle_id (&self->margins_idle, g_source_remove);
  g_clear_handle_id (&self->language_idle, g_source_remove);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (df_editor_parent_class)->dispose (object);
}

static void
df_editor_finalize (GObject *object)
{
  DfEditor *self = (DfEditor *)object;

  g_clear_object (&self->css);

  G_OBJECT_CLASS (df_editor_parent_class)->finalize (object);
}

/* Markdown highlighting is set up once the editor is first shown, after
 * the window's first frame: GtkSourceView reads and compiles its language
 * files then, which would otherwise delay the window by tens of ms. */
static gboolean
setup_language (gpointer data)
{
  DfEditor *self = data;
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)));

  self->language_idle = 0;
  gtk_source_buffer_set_language (buffer, gtk_source_language_manager_get_language (languages, "markdown"));
  return G_SOURCE_REMOVE;
}

static void
df_editor_map (GtkWidget *widget)
{
  DfEditor *self = DF_EDITOR (widget);
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)));

  GTK_WIDGET_CLASS (df_editor_parent_class)->map (widget);

  if (gtk_source_buffer_get_language (buffer) == NULL && self->language_idle == 0)
    self->language_idle = g_idle_add_full (G_PRIORITY_LOW, setup_language, self, NULL);
}

/* The buffer is set up once GtkSourceView is fully constructed: touching
 * it in init confuses GtkSourceView's snippet machinery. */
static void
df_editor_constructed (GObject *object)
{
  DfEditor *self = (DfEditor *)object;
  GtkSourceBuffer *buffer;

  G_OBJECT_CLASS (df_editor_parent_class)->constructed (object);

  buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)));
  gtk_source_buffer_set_highlight_matching_brackets (buffer, FALSE);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_scheme), self, G_CONNECT_SWAPPED);
  update_scheme (self);
}

static void
df_editor_class_init (DfEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = df_editor_constructed;
  object_class->dispose = df_editor_dispose;
  object_class->finalize = df_editor_finalize;
  widget_class->size_allocate = df_editor_size_allocate;
  widget_class->map = df_editor_map;
}

static void
df_editor_init (DfEditor *self)
{
  self->text_width = 72;
  self->css = gtk_css_provider_new ();
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_add_provider (gtk_widget_get_style_context (GTK_WIDGET (self)),
                                  GTK_STYLE_PROVIDER (self->css),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  G_GNUC_END_IGNORE_DEPRECATIONS

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self), 24);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self), 96);
  gtk_text_view_set_pixels_below_lines (GTK_TEXT_VIEW (self), 2);
  gtk_source_view_set_auto_indent (GTK_SOURCE_VIEW (self), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "df-editor");
}

GtkWidget *
df_editor_new (void)
{
  return g_object_new (DF_TYPE_EDITOR, NULL);
}

void
df_editor_load_text (DfEditor   *self,
                     const char *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start;

  g_return_if_fail (DF_IS_EDITOR (self));

  /* Loading a chapter is not an edit to undo. */
  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, text ? text : "", -1);
  gtk_text_buffer_end_irreversible_action (buffer);

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self), &start, 0, FALSE, 0, 0);
}

void
df_editor_replace_text (DfEditor   *self,
                        const char *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;

  g_return_if_fail (DF_IS_EDITOR (self));

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, text ? text : "", -1);
  gtk_text_buffer_end_user_action (buffer);

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self), &start, 0, FALSE, 0, 0);
}

char *
df_editor_dup_text (DfEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

void
df_editor_set_settings (DfEditor  *self,
                        GSettings *settings)
{
  g_return_if_fail (DF_IS_EDITOR (self));

  if (!g_set_object (&self->settings, settings))
    return;

  g_signal_connect_object (settings, "changed::editor-font", G_CALLBACK (update_font), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::use-system-font", G_CALLBACK (update_font), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::text-width", G_CALLBACK (update_font), self, G_CONNECT_SWAPPED);
  update_font (self);
}

void
df_editor_select_range (DfEditor *self,
                        gint64    offset,
                        gint64    n_chars)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_offset (buffer, &start, (int)MAX (0, offset));
  end = start;
  gtk_text_iter_forward_chars (&end, (int)MAX (0, n_chars));
  gtk_text_buffer_select_range (buffer, &start, &end);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self), &start, 0.1, TRUE, 0, 0.3);
}
