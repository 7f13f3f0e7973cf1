/* test-ui-prose.c: prose first, in the editor and the reader
 *
 * What a writer sees: the editor sets prose in a proportional font
 * (monospace only when asked for), Markdown's markup dimmed rather than
 * coloured like code, in the light and the dark style.
 *
 * Set DRAFTFORGE_TEST_SHOTS to a folder to keep screenshots of what the
 * tests saw.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "df-editor.h"
#include "ui-test-util.h"

static const char markdown_chapter[] =
  "# The Title\n"
  "\n"
  "It was *quiet* in the house, and **very** cold; she read `notes.txt`\n"
  "and then a [letter](https://example.org/letter) from her sister.\n"
  "\n"
  "- one thing\n"
  "- another\n";

static const char urdu_chapter[] =
  "صبح کی ہوا میں ایک عجیب سی خاموشی تھی۔ نادیہ نے اپنی نئی کتاب کا پہلا صفحہ کھولا "
  "اور سوچا کہ کہانی کہاں سے شروع کی جائے۔\n";

/* How a character of the text is shown: the tags on it, the
 * highest-priority one winning for each property. */
typedef struct
{
  gboolean foreground_set;
  GdkRGBA  foreground;
  int      weight;
  int      style;
  double   scale;
} Shown;

static Shown
shown_at (DfEditor   *editor,
          const char *needle,
          int         offset)
{
  GtkTextIter at = ui_test_find_text (GTK_WIDGET (editor), needle);
  GSList *tags;
  Shown shown = { FALSE, { 0, 0, 0, 1 }, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, 1.0 };

  gtk_text_iter_forward_chars (&at, offset);
  tags = gtk_text_iter_get_tags (&at);   /* lowest priority first */
  for (GSList *l = tags; l != NULL; l = l->next)
    {
      gboolean fg_set, weight_set, style_set, scale_set;
      GdkRGBA *fg = NULL;
      int weight, style;
      double scale;

      g_object_get (l->data, "foreground-set", &fg_set, "foreground-rgba", &fg,
                    "weight-set", &weight_set, "weight", &weight,
                    "style-set", &style_set, "style", &style,
                    "scale-set", &scale_set, "scale", &scale, NULL);
      if (fg_set && fg != NULL)
        {
          shown.foreground_set = TRUE;
          shown.foreground = *fg;
        }
      if (weight_set)
        shown.weight = weight;
      if (style_set)
        shown.style = style;
      if (scale_set)
        shown.scale = scale;
      if (fg != NULL)
        gdk_rgba_free (fg);
    }
  g_slist_free (tags);
  return shown;
}

/* Grey: no hue to speak of. */
static gboolean
is_grey (const GdkRGBA *c)
{
  return fabs (c->red - c->green) < 0.08 && fabs (c->green - c->blue) < 0.08 && fabs (c->red - c->blue) < 0.08;
}

/* Between the text's colour and the background: dimmed. */
static void
assert_dimmed (DfEditor   *editor,
               const char *needle,
               int         offset,
               gboolean    dark)
{
  Shown shown = shown_at (editor, needle, offset);
  double light = (shown.foreground.red + shown.foreground.green + shown.foreground.blue) / 3;

  if (!shown.foreground_set || !is_grey (&shown.foreground))
    g_error ("“%s”+%d is not grey", needle, offset);
  if (dark)
    g_assert_cmpfloat (light, <, 0.65);
  else
    g_assert_cmpfloat (light, >, 0.45);
}

static gboolean
highlighted (gpointer data)
{
  return gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (data))) != NULL;
}

static void
ensure_highlight (DfEditor *editor)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_source_buffer_ensure_highlight (GTK_SOURCE_BUFFER (buffer), &start, &end);
}

/* Width in pixels of @text in the editor's font. */
static int
text_width (DfEditor   *editor,
            const char *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (editor), text);
  int width = 0;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* Whether some of @text is set in a monospace face in the editor (Urdu
 * in one has its letters apart, each in a cell). */
static gboolean
uses_monospace_face (DfEditor   *editor,
                     const char *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (editor), text);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  gboolean mono = FALSE;

  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);

      if (run != NULL)
        {
          PangoFontFace *face = pango_font_get_face (run->item->analysis.font);

          PangoFontFamily *family = face != NULL ? pango_font_face_get_family (face) : NULL;

          /* Noto Sans Mono does not say it is monospace. */
          if (family != NULL && (pango_font_family_is_monospace (family) ||
                                 strstr (pango_font_family_get_name (family), "Mono") != NULL))
            mono = TRUE;
        }
    }
  while (pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);
  return mono;
}

static gboolean
proportional (gpointer data)
{
  return text_width (data, "iiiiiiiiii") * 2 < text_width (data, "MMMMMMMMMM");
}

static gboolean
monospace (gpointer data)
{
  return text_width (data, "iiiiiiiiii") == text_width (data, "MMMMMMMMMM");
}

static void
assert_prose_styles (DfEditor *editor,
                     gboolean  dark)
{
  const char *expected = dark ? "draftforge-dark" : "draftforge";
  GtkSourceStyleScheme *scheme = gtk_source_buffer_get_style_scheme (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor))));
  Shown shown;

  g_assert_cmpstr (gtk_source_style_scheme_get_id (scheme), ==, expected);
  ensure_highlight (editor);

  /* The heading: its # dimmed, its words bold and larger. */
  assert_dimmed (editor, "# The Title", 0, dark);
  shown = shown_at (editor, "The Title", 4);
  g_assert_cmpint (shown.weight, >=, PANGO_WEIGHT_BOLD);
  g_assert_cmpfloat (shown.scale, >, 1.05);
  g_assert_false (shown.foreground_set && is_grey (&shown.foreground) &&
                  (dark ? shown.foreground.red < 0.65 : shown.foreground.red > 0.45));

  /* Emphasis in italic, strong emphasis in bold, their markers dimmed. */
  assert_dimmed (editor, "*quiet*", 0, dark);
  assert_dimmed (editor, "*quiet*", 6, dark);
  g_assert_cmpint (shown_at (editor, "*quiet*", 2).style, ==, PANGO_STYLE_ITALIC);
  g_assert_cmpint (shown_at (editor, "*quiet*", 2).weight, <, PANGO_WEIGHT_BOLD);
  assert_dimmed (editor, "**very**", 0, dark);
  g_assert_cmpint (shown_at (editor, "**very**", 3).weight, >=, PANGO_WEIGHT_BOLD);
  g_assert_cmpint (shown_at (editor, "**very**", 3).style, ==, PANGO_STYLE_NORMAL);

  /* A link's words are not coloured like an error; its address is
   * dimmed; so are list markers. */
  shown = shown_at (editor, "letter]", 1);
  g_assert_false (shown.foreground_set &&
                  shown.foreground.red > shown.foreground.green + 0.2 &&
                  shown.foreground.red > shown.foreground.blue + 0.2);
  assert_dimmed (editor, "https://example.org/letter", 8, dark);
  assert_dimmed (editor, "- one", 0, dark);

  /* Plain prose is left as the text is. */
  g_assert_false (shown_at (editor, "cold", 1).foreground_set);
  g_assert_cmpint (shown_at (editor, "cold", 1).weight, ==, PANGO_WEIGHT_NORMAL);
}

static void
test_editor_prose (void)
{
  g_autoptr(GSettings) settings = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkWidget *window;
  DfEditor *editor;

  if (ui_test_skip_without_display ())
    return;

  settings = g_settings_new (APP_ID);
  g_settings_reset (settings, "editor-monospace");
  g_settings_reset (settings, "use-system-font");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);

  editor = DF_EDITOR (df_editor_new ());
  df_editor_set_settings (editor, settings);
  window = ui_test_window_new (GTK_WIDGET (editor), 900, 500);
  df_editor_load_text (editor, markdown_chapter);
  ui_test_wait_until (highlighted, editor, 10000);

  /* A proportional font for prose, by default. */
  ui_test_wait_until (proportional, editor, 5000);
  assert_prose_styles (editor, FALSE);
  ui_test_flush ();
  ui_test_save_png (window, "editor-prose-light");

  /* The dark style follows. */
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  ui_test_flush ();
  assert_prose_styles (editor, TRUE);
  ui_test_flush ();
  ui_test_save_png (window, "editor-prose-dark");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);

  /* Urdu in the prose font: its letters joined, not set in monospace
   * cells. */
  g_assert_false (uses_monospace_face (editor, urdu_chapter));
  df_editor_load_text (editor, urdu_chapter);
  ui_test_flush ();
  ui_test_save_png (window, "editor-prose-urdu");

  /* Monospace when asked for in Preferences. */
  g_settings_set_boolean (settings, "editor-monospace", TRUE);
  ui_test_wait_until (monospace, editor, 5000);
  g_assert_true (uses_monospace_face (editor, urdu_chapter));
  ui_test_save_png (window, "editor-mono-urdu");

  g_settings_set_boolean (settings, "editor-monospace", FALSE);
  ui_test_wait_until (proportional, editor, 5000);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  ui_test_window_destroy (window);
  g_assert_finalize_object (editor);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/prose/editor", test_editor_prose);

  return g_test_run ();
}
