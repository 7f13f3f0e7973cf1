/* df-reader-view-style.c: the reader's typography and page
 *
 * Book typography: a serif face at a comfortable size (reader-font-scale
 * times 13 pt) and leading, in a column of about DF_READER_LINE_CHARS
 * characters whatever the window's width, measured with Pango in that
 * face; the page light, sepia or dark (reader-theme) whatever the
 * application's style; the size and page chosen from a menu; and the
 * keys a reader expects: Space and Shift+Space, Page Up and Down, Home
 * and End scroll.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-reader-view"

#include "config.h"

#include <glib/gi18n.h>

#include "df-markdown-view.h"
#include "df-reader-view-style.h"

#define FONT_FAMILIES   "Noto Serif, DejaVu Serif, serif"
#define CSS_FAMILIES    "\"Noto Serif\", \"DejaVu Serif\", serif"
#define BASE_SIZE_PT    13.0
#define MIN_SCALE       0.5
#define MAX_SCALE       3.0
#define SCALE_STEP      0.1

/* English prose, to measure an average line with. */
static const char sample_prose[] =
  "Well, Prince, so Genoa and Lucca are now just family estates of the "
  "Buonapartes. But I warn you, if you don't tell me that this means war, "
  "if you still try to defend the infamies and horrors perpetrated by "
  "that Antichrist, I really believe he is Antichrist, I will have "
  "nothing more to do with you and you are no longer my friend.";

static const char *themes[] = { "light", "sepia", "dark" };

struct _DfReaderViewStyle
{
  GtkWidget          *reader;
  GtkWidget          *text;
  AdwClampScrollable *clamp;
  GtkScrolledWindow  *page;
  GSettings          *settings;
  GtkCssProvider     *css;
  GSimpleActionGroup *actions;
  GtkEventController *keys;
};

/* ---- helpers --------------------------------------------------------- */

static double
get_scale (DfReaderViewStyle *self)
{
  return self->settings != NULL ? g_settings_get_double (self->settings, "reader-font-scale") : 1.0;
}

/* Width in pixels of a column of DF_READER_LINE_CHARS characters of
 * prose in the reader's face at @size_pt. */
static int
measure_column (DfReaderViewStyle *self,
                double             size_pt)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (self->text, sample_prose);
  PangoFontDescription *desc = pango_font_description_from_string (FONT_FAMILIES);
  int width = 0;

  pango_font_description_set_size (desc, (int)(size_pt * PANGO_SCALE));
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_get_pixel_size (layout, &width, NULL);
  return (int)((double)width * DF_READER_LINE_CHARS / g_utf8_strlen (sample_prose, -1));
}

static void
update_font (DfReaderViewStyle *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->text);
  double scale = get_scale (self);
  double size_pt = (int)(BASE_SIZE_PT * scale * 2 + 0.5) / 2.0;
  char size[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *css = NULL;
  int size_px = (int)(size_pt * 96 / 72);
  int column;

  g_ascii_formatd (size, sizeof size, "%.1f", size_pt);
  css = g_strdup_printf ("textview.df-reader-text { font-family: " CSS_FAMILIES "; font-size: %spt; }", size);
  gtk_css_provider_load_from_data (self->css, css, -1);

  /* Leading: about 1.6 lines (the face's own line is about 1.35). */
  gtk_text_view_set_pixels_inside_wrap (view, size_px / 4);
  gtk_text_view_set_pixels_below_lines (view, size_px / 4);

  column = measure_column (self, size_pt) + gtk_text_view_get_left_margin (view) +
           gtk_text_view_get_right_margin (view) + 8;
  adw_clamp_scrollable_set_maximum_size (self->clamp, column);
  adw_clamp_scrollable_set_tightening_threshold (self->clamp, column);

  if (self->actions != NULL)
    {
      g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "smaller")),
                                   scale > MIN_SCALE + 0.01);
      g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "larger")),
                                   scale < MAX_SCALE - 0.01);
    }
}

static void
update_theme (DfReaderViewStyle *self)
{
  g_autofree char *theme = self->settings != NULL ? g_settings_get_string (self->settings, "reader-theme") : NULL;
  gboolean dark = g_strcmp0 (theme, "dark") == 0 ||
                  (g_strcmp0 (theme, "light") != 0 && g_strcmp0 (theme, "sepia") != 0 &&
                   adw_style_manager_get_dark (adw_style_manager_get_default ()));

  /* Code in the colours GtkSourceView gives it on such a page. */
  df_markdown_view_set_dark (DF_MARKDOWN_VIEW (self->text), dark);

  for (guint i = 0; i < G_N_ELEMENTS (themes); i++)
    {
      g_autofree char *class = g_strconcat ("df-reader-", themes[i], NULL);

      /* The page, and the header bar above it (style.css). */
      if (g_strcmp0 (theme, themes[i]) == 0)
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->page), class);
          gtk_widget_add_css_class (self->reader, class);
        }
      else
        {
          gtk_widget_remove_css_class (GTK_WIDGET (self->page), class);
          gtk_widget_remove_css_class (self->reader, class);
        }
    }
}

static GMenuModel *
build_menu (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) size = g_menu_new ();
  g_autoptr(GMenu) page = g_menu_new ();

  g_menu_append (size, _("_Smaller Text"), "reading.smaller");
  g_menu_append (size, _("_Larger Text"), "reading.larger");
  g_menu_append (size, _("_Reset Text Size"), "reading.reset-size");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (size));

  g_menu_append (page, _("Page as the _Application"), "reading.reader-theme::default");
  g_menu_append (page, _("Li_ght Page"), "reading.reader-theme::light");
  g_menu_append (page, _("S_epia Page"), "reading.reader-theme::sepia");
  g_menu_append (page, _("_Dark Page"), "reading.reader-theme::dark");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (page));
  return G_MENU_MODEL (menu);
}

/* ---- callbacks ------------------------------------------------------- */

static void
size_activated (GSimpleAction *action,
                GVariant      *parameter G_GNUC_UNUSED,
                gpointer       data)
{
  DfReaderViewStyle *self = data;
  const char *name = g_action_get_name (G_ACTION (action));
  double scale = get_scale (self);

  if (self->settings == NULL)
    return;
  if (g_str_equal (name, "reset-size"))
    {
      g_settings_reset (self->settings, "reader-font-scale");
      return;
    }
  scale += g_str_equal (name, "larger") ? SCALE_STEP : -SCALE_STEP;
  scale = CLAMP ((int)(scale * 10 + 0.5) / 10.0, MIN_SCALE, MAX_SCALE);
  g_settings_set_double (self->settings, "reader-font-scale", scale);
}

/* Space and Shift+Space page as in a browser, unless a button has the
 * focus (Space presses it); Page Up/Down, Home and End always scroll. */
static gboolean
scroll_key_cb (GtkWidget *widget,
               GVariant  *args,
               gpointer   data)
{
  DfReaderViewStyle *self = data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->page);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  const char *how = NULL;
  gboolean space = FALSE;
  double page = gtk_adjustment_get_page_size (adjustment) * 0.9;

  g_variant_get (args, "(&sb)", &how, &space);
  if (space && focus != NULL && focus != self->text &&
      (gtk_widget_get_ancestor (focus, GTK_TYPE_BUTTON) != NULL || GTK_IS_EDITABLE (focus)))
    return FALSE;

  if (g_str_equal (how, "down"))
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + page);
  else if (g_str_equal (how, "up"))
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) - page);
  else if (g_str_equal (how, "start"))
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
  else
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  return TRUE;
}

static void
add_key (DfReaderViewStyle *self,
         guint              keyval,
         GdkModifierType    state,
         const char        *how,
         gboolean           space)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keyval, state),
                                            gtk_callback_action_new (scroll_key_cb, self, NULL));

  gtk_shortcut_set_arguments (shortcut, g_variant_new ("(sb)", how, space));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (self->keys), shortcut);
}

/* ---- public ---------------------------------------------------------- */

DfReaderViewStyle *
df_reader_view_style_new (GtkWidget          *reader,
                          GtkWidget          *text,
                          AdwClampScrollable *clamp,
                          GtkScrolledWindow  *page,
                          GtkMenuButton      *button)
{
  DfReaderViewStyle *self = g_new0 (DfReaderViewStyle, 1);
  g_autoptr(GMenuModel) menu = build_menu ();

  self->reader = reader;
  self->text = text;
  self->clamp = clamp;
  self->page = page;

  self->css = gtk_css_provider_new ();
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_add_provider (gtk_widget_get_style_context (text), GTK_STYLE_PROVIDER (self->css),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_widget_add_css_class (text, "df-reader-text");
  gtk_widget_add_css_class (reader, "df-reader");
  gtk_widget_add_css_class (GTK_WIDGET (page), "df-reader-page");
  gtk_menu_button_set_menu_model (button, menu);

  /* In the capture phase: the text view would take Home and End. */
  self->keys = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (self->keys, GTK_PHASE_CAPTURE);
  add_key (self, GDK_KEY_space, 0, "down", TRUE);
  add_key (self, GDK_KEY_space, GDK_SHIFT_MASK, "up", TRUE);
  add_key (self, GDK_KEY_Page_Down, 0, "down", FALSE);
  add_key (self, GDK_KEY_Page_Up, 0, "up", FALSE);
  add_key (self, GDK_KEY_Home, 0, "start", FALSE);
  add_key (self, GDK_KEY_End, 0, "end", FALSE);
  gtk_widget_add_controller (reader, self->keys);

  update_font (self);
  return self;
}

void
df_reader_view_style_set_settings (DfReaderViewStyle *self,
                                   GSettings         *settings)
{
  static const GActionEntry entries[] = {
    { "smaller", size_activated, NULL, NULL, NULL, { 0 } },
    { "larger", size_activated, NULL, NULL, NULL, { 0 } },
    { "reset-size", size_activated, NULL, NULL, NULL, { 0 } },
  };
  g_autoptr(GAction) theme = NULL;

  g_return_if_fail (self->settings == NULL);

  self->settings = g_object_ref (settings);
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
  theme = g_settings_create_action (settings, "reader-theme");
  g_action_map_add_action (G_ACTION_MAP (self->actions), theme);
  gtk_widget_insert_action_group (self->reader, "reading", G_ACTION_GROUP (self->actions));

  g_signal_connect_swapped (settings, "changed::reader-font-scale", G_CALLBACK (update_font), self);
  g_signal_connect_swapped (settings, "changed::reader-theme", G_CALLBACK (update_theme), self);
  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (update_theme), self);
  update_font (self);
  update_theme (self);
}

void
df_reader_view_style_free (DfReaderViewStyle *self)
{
  if (self == NULL)
    return;
  if (self->settings != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->settings, self);
      g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
    }
  if (self->keys != NULL)
    gtk_widget_remove_controller (self->reader, self->keys);
  if (self->actions != NULL)
    gtk_widget_insert_action_group (self->reader, "reading", NULL);
  g_clear_object (&self->settings);
  g_clear_object (&self->css);
  g_clear_object (&self->actions);
  g_free (self);
}
