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

#include <errno.h>
#include <string.h>

#include <adwaita.h>

#include <glib/gi18n.h>

#include "df-editor-private.h"
#include "df-long-lines.h"

G_DEFINE_FINAL_TYPE (DfEditor, df_editor, GTK_SOURCE_TYPE_VIEW)

/* DraftForge's own schemes (Markdown as prose, data/gtksourceview/),
 * Adwaita's when they cannot be found. */
static void
update_scheme (DfEditor *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)));
  gboolean dark = adw_style_manager_get_dark (style);
  const char *ids[] = { dark ? "draftforge-dark" : "draftforge", dark ? "Adwaita-dark" : "Adwaita",
                        dark ? "classic-dark" : "classic" };
  GtkSourceStyleScheme *scheme = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (ids) && scheme == NULL; i++)
    scheme = gtk_source_style_scheme_manager_get_scheme (manager, ids[i]);
  gtk_source_buffer_set_style_scheme (buffer, scheme);
}

/* Prose in a proportional font unless editor-monospace asks for the
 * monospace one (the system's, or editor-font). */
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

  if (!g_settings_get_boolean (self->settings, "editor-monospace"))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "df-monospace");
      gtk_css_provider_load_from_data (self->css, "textview.df-editor { font-family: " DF_EDITOR_PROSE_FONTS "; font-size: 13pt; }", -1);
      return;
    }

  gtk_widget_add_css_class (GTK_WIDGET (self), "df-monospace");
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

/* The cursor at the start of the text, and the view there too. */
static void
show_start (DfEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start;

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self), &start, 0, FALSE, 0, 0);
}

/* ---- callbacks ------------------------------------------------------- */

static gboolean
update_margins (gpointer data)
{
  DfEditor *self = data;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  g_autoptr(GString) sample = g_string_new (NULL);
  g_autoptr(PangoLayout) layout = NULL;
  int column = 0;
  int margin;

  /* Measured with the editor's own font (CSS), with room for the cursor:
   * text_width characters of prose (of zeros in a monospace font). */
  while (sample->len < (gsize) self->text_width + 2)
    g_string_append (sample, gtk_widget_has_css_class (GTK_WIDGET (self), "df-monospace") ? "0000000000" : "Sphinx of black quartz, judge my vow. ");
  g_string_truncate (sample, self->text_width + 2);
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), sample->str);
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

/* Markdown highlighting is set up once the editor is first shown, after
 * the window's first frame (first_frame_cb): GtkSourceView reads and
 * compiles its language files then, which would otherwise delay the
 * window by tens of ms. */
static gboolean
setup_language (gpointer data)
{
  DfEditor *self = data;
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)));

  GtkSourceLanguage *language = gtk_source_language_manager_get_language (languages, "df-markdown");

  if (language == NULL)
    language = gtk_source_language_manager_get_language (languages, "markdown");
  self->language_idle = 0;
  gtk_source_buffer_set_language (buffer, language);
  if (self->dirty)
    df_editor_spell_schedule (self, 0);
  return G_SOURCE_REMOVE;
}

static void
first_frame_cb (GdkFrameClock *clock,
                DfEditor      *self)
{
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)));

  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, self);
  self->language_waits = FALSE;
  /* Before GtkTextView lays out the text off screen, which can take a
   * while. */
  if (gtk_source_buffer_get_language (buffer) == NULL && self->language_idle == 0)
    self->language_idle = g_idle_add_full (ON_SCREEN_PRIORITY, setup_language, self, NULL);
}

/* DraftForge's style schemes and Markdown (data/gtksourceview/) are in
 * the resource, so that an uninstalled build finds them as an installed
 * one does; GtkSourceView 5.6 lists a resource:// search path but cannot
 * read the files in it, so they are copied to the user's cache and
 * found there. */
static void
add_search_paths (void)
{
  static const char *files[] = { "styles/draftforge.xml", "styles/draftforge-dark.xml",
                                 "language-specs/df-markdown.lang" };
  g_autofree char *root = g_build_filename (g_get_user_cache_dir (), "draftforge", "gtksourceview", NULL);
  g_autofree char *styles = g_build_filename (root, "styles", NULL);
  g_autofree char *languages = g_build_filename (root, "language-specs", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *resource = g_strconcat ("/io/github/draftforge/DraftForge/gtksourceview/", files[i], NULL);
      g_autofree char *path = g_build_filename (root, files[i], NULL);
      g_autofree char *dir = g_path_get_dirname (path);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_autofree char *old = NULL;
      gsize old_len = 0;
      g_autoptr(GError) error = NULL;

      if (bytes == NULL)
        continue;
      if (g_file_get_contents (path, &old, &old_len, NULL) && old_len == g_bytes_get_size (bytes) &&
          memcmp (old, g_bytes_get_data (bytes, NULL), old_len) == 0)
        continue;
      if (g_mkdir_with_parents (dir, 0700) != 0 ||
          !g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error))
        g_debug ("Cannot copy %s: %s", files[i], error != NULL ? error->message : g_strerror (errno));
    }

  gtk_source_style_scheme_manager_append_search_path (gtk_source_style_scheme_manager_get_default (), styles);
  gtk_source_language_manager_append_search_path (gtk_source_language_manager_get_default (), languages);
}

/* ---- GObject --------------------------------------------------------- */

/* The line being written at TYPEWRITER_ALIGN of the height; a bottom
 * margin that lets the last line get there. */
static gboolean
typewriter_cb (gpointer data)
{
  DfEditor *self = data;
  GtkTextView *view = GTK_TEXT_VIEW (self);
  int margin = MAX (BOTTOM_MARGIN, (int)(gtk_widget_get_height (GTK_WIDGET (self)) * (1 - TYPEWRITER_ALIGN)));

  self->typewriter_idle = 0;
  if (!self->typewriter)
    return G_SOURCE_REMOVE;
  if (gtk_text_view_get_bottom_margin (view) != margin)
    gtk_text_view_set_bottom_margin (view, margin);
  gtk_text_view_scroll_to_mark (view, gtk_text_buffer_get_insert (gtk_text_view_get_buffer (view)),
                                0.0, TRUE, 0.0, TYPEWRITER_ALIGN);
  return G_SOURCE_REMOVE;
}

static void
queue_typewriter (DfEditor *self)
{
  if (self->typewriter && self->typewriter_idle == 0)
    self->typewriter_idle = g_idle_add_full (ON_SCREEN_PRIORITY, typewriter_cb, self, NULL);
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

  df_editor_spell_setup (self);
  df_editor_style_setup (self);
  df_editor_dim_setup (self);
  df_editor_codex_setup (self);
  g_signal_connect_object (buffer, "notify::cursor-position", G_CALLBACK (queue_typewriter), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "notify::cursor-position", G_CALLBACK (df_editor_dim_update), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_scheme), self, G_CONNECT_SWAPPED);
  update_scheme (self);
}

static void
df_editor_dispose (GObject *object)
{
  DfEditor *self = (DfEditor *)object;

  g_clear_handle_id (&self->margins_idle, g_source_remove);
  g_clear_handle_id (&self->language_idle, g_source_remove);
  g_clear_handle_id (&self->spell_source, g_source_remove);
  g_clear_handle_id (&self->typewriter_idle, g_source_remove);
  df_editor_codex_dispose (self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, df_editor_spell_scrolled_cb, self);
  g_clear_object (&self->vadjustment);
  g_clear_object (&self->settings);
  g_clear_object (&self->spell);
  df_editor_style_dispose (self);

  G_OBJECT_CLASS (df_editor_parent_class)->dispose (object);
}

static void
df_editor_finalize (GObject *object)
{
  DfEditor *self = (DfEditor *)object;

  g_clear_object (&self->css);
  g_clear_object (&self->spell_menu);
  g_clear_object (&self->codex_menu);
  g_free (self->menu_word);
  g_free (self->spell_error);
  df_editor_spell_finalize (self);

  G_OBJECT_CLASS (df_editor_parent_class)->finalize (object);
}

/* The readable column's margins are not a minimum width: GtkTextView
 * counts them in, so a editor whose window or neighbours narrow it (the
 * side pane opening) would keep its width and scroll sideways instead of
 * narrowing its margins. */
static void
df_editor_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  GTK_WIDGET_CLASS (df_editor_parent_class)->measure (widget, orientation, for_size, minimum, natural,
                                                      minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int margins = gtk_text_view_get_left_margin (GTK_TEXT_VIEW (widget)) +
                    gtk_text_view_get_right_margin (GTK_TEXT_VIEW (widget));

      *minimum = MAX (0, *minimum - margins) + 2 * 24;
      *natural = MAX (*natural, *minimum);
    }
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
      self->margins_idle = g_idle_add_full (ON_SCREEN_PRIORITY, update_margins, self, NULL);
    }
}

static void
df_editor_map (GtkWidget *widget)
{
  DfEditor *self = DF_EDITOR (widget);
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)));

  GTK_WIDGET_CLASS (df_editor_parent_class)->map (widget);

  if (gtk_source_buffer_get_language (buffer) == NULL && self->language_idle == 0 && !self->language_waits)
    {
      self->language_waits = TRUE;
      g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                               G_CALLBACK (first_frame_cb), self, 0);
    }

  if (self->dirty)
    {
      self->scrolled = TRUE;
      df_editor_spell_schedule (self, 0);
    }
}

static void
df_editor_unmap (GtkWidget *widget)
{
  DfEditor *self = DF_EDITOR (widget);

  g_clear_handle_id (&self->spell_source, g_source_remove);

  GTK_WIDGET_CLASS (df_editor_parent_class)->unmap (widget);
}

static void
df_editor_class_init (DfEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  add_search_paths ();

  object_class->constructed = df_editor_constructed;
  object_class->dispose = df_editor_dispose;
  object_class->finalize = df_editor_finalize;
  widget_class->measure = df_editor_measure;
  widget_class->size_allocate = df_editor_size_allocate;
  widget_class->map = df_editor_map;
  widget_class->unmap = df_editor_unmap;

  gtk_widget_class_install_action (widget_class, "spell.replace", "s", df_editor_spell_replace_action);
  gtk_widget_class_install_action (widget_class, "spell.add", NULL, df_editor_spell_keep_action);
  gtk_widget_class_install_action (widget_class, "spell.ignore", NULL, df_editor_spell_keep_action);
  df_editor_style_class_init (widget_class);
  df_editor_format_class_init (widget_class);
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
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self), BOTTOM_MARGIN);
  gtk_text_view_set_pixels_below_lines (GTK_TEXT_VIEW (self), 2);
  gtk_source_view_set_auto_indent (GTK_SOURCE_VIEW (self), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "df-editor");
}

/* ---- public ---------------------------------------------------------- */

GtkWidget *
df_editor_new (void)
{
  return g_object_new (DF_TYPE_EDITOR, NULL);
}

void
df_editor_load_text (DfEditor   *self,
                     const char *text)
{
  df_editor_load_text_as (self, text, NULL);
}

void
df_editor_load_text_as (DfEditor   *self,
                        const char *text,
                        const char *key)
{
  g_return_if_fail (DF_IS_EDITOR (self));

  /* Loading a chapter is not an edit to undo. */
  df_long_lines_load_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)), text);
  df_editor_text_loaded_as (self, key);
}

void
df_editor_text_loaded (DfEditor *self)
{
  df_editor_text_loaded_as (self, NULL);
}

void
df_editor_text_loaded_as (DfEditor   *self,
                          const char *key)
{
  g_return_if_fail (DF_IS_EDITOR (self));

  /* Nothing in it is being typed: check it all now, from the top,
   * unless this very text was checked whole before. */
  self->typing = FALSE;
  self->visible_pending = FALSE;
  self->scrolled = TRUE;
  if (!df_editor_spell_loaded (self, key))
    df_editor_spell_schedule (self, 0);
  df_editor_codex_text_loaded (self);
  show_start (self);
  if (self->dim)
    df_editor_dim_text_loaded (self);
  df_editor_style_loaded (self);
}

void
df_editor_replace_text (DfEditor   *self,
                        const char *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  g_autofree char *split = NULL;
  GtkTextIter start, end;

  g_return_if_fail (DF_IS_EDITOR (self));

  if (text == NULL)
    text = "";

  if (df_long_lines_get_split (buffer) && strstr (text, DF_PIECE_BREAK) != NULL)
    {
      /* Its own separators could not be told from the breaks between
       * pieces: the text goes in as loaded, which Undo cannot take back. */
      df_long_lines_load_text (buffer, text);
    }
  else
    {
      /* In pieces if the text is split, as loaded. */
      if (df_long_lines_get_split (buffer))
        split = df_long_lines_split (text, -1);
      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      gtk_text_buffer_delete (buffer, &start, &end);
      gtk_text_buffer_insert (buffer, &start, split != NULL ? split : text, -1);
      gtk_text_buffer_end_user_action (buffer);
    }

  show_start (self);
}

char *
df_editor_dup_text (DfEditor *self)
{
  g_return_val_if_fail (DF_IS_EDITOR (self), NULL);

  return df_long_lines_get_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)));
}

void
df_editor_set_settings (DfEditor  *self,
                        GSettings *settings)
{
  g_return_if_fail (DF_IS_EDITOR (self));

  if (!g_set_object (&self->settings, settings))
    return;

  g_signal_connect_object (settings, "changed::editor-font", G_CALLBACK (update_font), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::editor-monospace", G_CALLBACK (update_font), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::use-system-font", G_CALLBACK (update_font), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::text-width", G_CALLBACK (update_font), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::spell-check", G_CALLBACK (df_editor_spell_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::spell-check-language", G_CALLBACK (df_editor_spell_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::codex-highlight", G_CALLBACK (df_editor_codex_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::style-check", G_CALLBACK (df_editor_style_update), self, G_CONNECT_SWAPPED);
  update_font (self);
  df_editor_spell_update (self);
  df_editor_codex_update (self);
  df_editor_style_update (self);
}

static gboolean scroll_to_cursor_tick (GtkWidget     *widget,
                                       GdkFrameClock *clock,
                                       gpointer       data);

void
df_editor_select_range (DfEditor *self,
                        gint64    offset,
                        gint64    n_chars)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;

  /* Offsets in the text, which has no breaks between pieces. */
  gtk_text_buffer_get_iter_at_offset (buffer, &start, df_long_lines_buffer_offset (buffer, offset));
  gtk_text_buffer_get_iter_at_offset (buffer, &end, df_long_lines_buffer_offset (buffer, offset + MAX (0, n_chars)));
  gtk_text_buffer_select_range (buffer, &start, &end);
  /* The mark, again each frame until it shows: a chapter just opened is
   * not laid out yet (scroll_to_cursor_tick). */
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self), gtk_text_buffer_get_insert (buffer), 0.1, TRUE, 0, 0.3);
  gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_cursor_tick, g_new0 (guint, 1), g_free);
}

gint64
df_editor_get_cursor (DfEditor *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter cursor;

  g_return_val_if_fail (DF_IS_EDITOR (self), 0);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  return df_long_lines_text_offset (buffer, &cursor);
}

/* A text just loaded is laid out a little at a time, with the heights of
 * lines not laid out yet guessed: a scroll to the cursor lands short of
 * it.  So it scrolls again each frame until the cursor shows (a few
 * frames; at most a second's worth). */
static gboolean
scroll_to_cursor_tick (GtkWidget     *widget,
                       GdkFrameClock *clock,
                       gpointer       data)
{
  GtkTextView *view = GTK_TEXT_VIEW (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  guint *frames = data;
  GdkRectangle visible, cursor;
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_iter_location (view, &iter, &cursor);
  if (visible.height > 0 && cursor.y >= visible.y && cursor.y + cursor.height <= visible.y + visible.height)
    return G_SOURCE_REMOVE;
  if (++*frames > 60)
    return G_SOURCE_REMOVE;

  gtk_text_view_scroll_to_mark (view, gtk_text_buffer_get_insert (buffer), 0.1, TRUE, 0,
                                DF_EDITOR (widget)->typewriter ? TYPEWRITER_ALIGN : 0.3);
  return G_SOURCE_CONTINUE;
}

void
df_editor_place_cursor (DfEditor *self,
                        gint64    offset)
{
  GtkTextBuffer *buffer;
  GtkTextIter cursor;

  g_return_if_fail (DF_IS_EDITOR (self));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  gtk_text_buffer_get_iter_at_offset (buffer, &cursor, df_long_lines_buffer_offset (buffer, offset));
  gtk_text_buffer_place_cursor (buffer, &cursor);
  /* The mark, not the iter: the view may not be laid out yet. */
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self), gtk_text_buffer_get_insert (buffer), 0.1, TRUE, 0,
                                self->typewriter ? TYPEWRITER_ALIGN : 0.3);
  gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_cursor_tick, g_new0 (guint, 1), g_free);
}

void
df_editor_set_typewriter (DfEditor *self,
                          gboolean  typewriter)
{
  g_return_if_fail (DF_IS_EDITOR (self));

  self->typewriter = typewriter;
  if (typewriter)
    queue_typewriter (self);
  else
    {
      g_clear_handle_id (&self->typewriter_idle, g_source_remove);
      gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self), BOTTOM_MARGIN);
    }
}

gboolean
df_editor_get_typewriter (DfEditor *self)
{
  g_return_val_if_fail (DF_IS_EDITOR (self), FALSE);

  return self->typewriter;
}

gboolean
df_editor_line_is_blank (const GtkTextIter *line)
{
  GtkTextIter it = *line, end = *line;

  gtk_text_iter_set_line_offset (&it, 0);
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  for (; gtk_text_iter_compare (&it, &end) < 0; gtk_text_iter_forward_char (&it))
    if (!g_unichar_isspace (gtk_text_iter_get_char (&it)))
      return FALSE;
  return TRUE;
}

void
df_editor_paragraph_start (GtkTextIter *iter)
{
  gtk_text_iter_set_line_offset (iter, 0);
  while (gtk_text_iter_get_line (iter) > 0)
    {
      GtkTextIter previous = *iter;

      gtk_text_iter_backward_line (&previous);
      if (df_editor_line_is_blank (&previous))
        break;
      *iter = previous;
    }
}

void
df_editor_paragraph_end (GtkTextIter *iter)
{
  if (!gtk_text_iter_ends_line (iter))
    gtk_text_iter_forward_to_line_end (iter);
  for (;;)
    {
      GtkTextIter next = *iter;

      if (!gtk_text_iter_forward_line (&next) || df_editor_line_is_blank (&next))
        break;
      *iter = next;
      if (!gtk_text_iter_ends_line (iter))
        gtk_text_iter_forward_to_line_end (iter);
    }
}

void
df_editor_widen_range (GtkTextView       *view,
                       GtkTextMark       *start_mark,
                       GtkTextMark       *end_mark,
                       gboolean          *dirty,
                       const GtkTextIter *start,
                       const GtkTextIter *end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter ds, de;

  if (!*dirty)
    {
      gtk_text_buffer_move_mark (buffer, start_mark, start);
      gtk_text_buffer_move_mark (buffer, end_mark, end);
      *dirty = TRUE;
      return;
    }
  gtk_text_buffer_get_iter_at_mark (buffer, &ds, start_mark);
  gtk_text_buffer_get_iter_at_mark (buffer, &de, end_mark);
  if (gtk_text_iter_compare (start, &ds) < 0)
    gtk_text_buffer_move_mark (buffer, start_mark, start);
  if (gtk_text_iter_compare (end, &de) > 0)
    gtk_text_buffer_move_mark (buffer, end_mark, end);
}

