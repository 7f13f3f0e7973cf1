/* test-ui-style.c: the style checker's underlines in the editor
 *
 * The application on a database of its own, the style plugin from the
 * build tree: a passive sentence typed into a chapter is underlined after
 * the pause, in the style colour; the context menu's suggestion replaces
 * the words as one edit that Undo takes back; "Ignore this" and turning a
 * check off are kept in the project's settings; the editor's switch
 * takes every underline away.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-editor.h"
#include "df-plugin-host.h"
#include "ui-test-util.h"

static gboolean
style_checked (gpointer data)
{
  return !df_editor_get_style_pending (data);
}

static gboolean
has_findings (gpointer data)
{
  return !df_editor_get_style_pending (data) && df_editor_get_style_findings (data) > 0;
}

static GtkTextTag *
style_tag (DfEditor *editor)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor));

  return gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "style-finding");
}

/* TRUE if every character of the first @needle is underlined. */
static gboolean
underlined (DfEditor   *editor,
            const char *needle)
{
  GtkTextIter it = ui_test_find_text (GTK_WIDGET (editor), needle);

  for (glong i = 0; i < g_utf8_strlen (needle, -1); i++, gtk_text_iter_forward_char (&it))
    if (!gtk_text_iter_has_tag (&it, style_tag (editor)))
      return FALSE;
  return TRUE;
}

static void
put_cursor_in (DfEditor   *editor,
               const char *needle)
{
  GtkTextIter match = ui_test_find_text (GTK_WIDGET (editor), needle);

  gtk_text_iter_forward_char (&match);
  gtk_text_buffer_place_cursor (gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor)), &match);
}

/* Whether @section (a section of the editor's menu) is the style
 * checker's: its items' actions are in the "style." group. */
static gboolean
is_style_section (GMenuModel *section)
{
  for (int s = 0; s < g_menu_model_get_n_items (section); s++)
    {
      g_autoptr(GMenuModel) inner = g_menu_model_get_item_link (section, s, G_MENU_LINK_SECTION);

      for (int i = 0; inner != NULL && i < g_menu_model_get_n_items (inner); i++)
        {
          g_autofree char *action = NULL;

          if (g_menu_model_get_item_attribute (inner, i, G_MENU_ATTRIBUTE_ACTION, "s", &action) &&
              g_str_has_prefix (action, "style."))
            return TRUE;
        }
    }
  return FALSE;
}

/* The labels of the style section of the editor's menu (after
 * spelling's, before the codex's). */
static char *
style_menu_labels (DfEditor *editor)
{
  GMenuModel *menu = gtk_text_view_get_extra_menu (GTK_TEXT_VIEW (editor));
  GString *labels = g_string_new (NULL);
  g_autoptr(GMenuModel) style = NULL;

  for (int n = 0; style == NULL && n < g_menu_model_get_n_items (menu); n++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, n, G_MENU_LINK_SECTION);

      if (section != NULL && is_style_section (section))
        style = g_steal_pointer (&section);
    }
  for (int s = 0; style != NULL && s < g_menu_model_get_n_items (style); s++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (style, s, G_MENU_LINK_SECTION);

      for (int i = 0; section != NULL && i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *label = NULL;

          g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_LABEL, "s", &label);
          g_string_append_printf (labels, "%s%s", labels->len ? "|" : "", label);
        }
    }
  return g_string_free (labels, FALSE);
}

static char *
project_settings (UiTestApp *f)
{
  g_autoptr(DfProject) project = df_project_get (ui_test_app_get_store (f), "style", FALSE, NULL);

  g_assert_nonnull (project);
  return g_strdup (project->settings);
}

static void
test_underline_apply_undo (UiTestApp     *f,
                           gconstpointer  data)
{
  DfProjectView *view;
  DfEditor *editor;
  GtkTextBuffer *buffer;
  g_autofree char *labels = NULL;
  g_autofree char *text = NULL;
  g_autofree char *settings = NULL;

  if (ui_test_skip_without_display ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Style", "One", "# One\n\nThe sky is clear.\n\n`was taken` in code.\n\n```\nx = 1\n\nit was given quickly\n```\n", NULL);
  ui_test_app_start (f);
  ui_test_app_wait_for_page (f, "library", 5000);
  view = ui_test_app_open_project (f, "style");
  editor = DF_EDITOR (df_project_view_get_editor (view));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor));
  ui_test_wait_until (style_checked, editor, 5000);
  g_assert_cmpuint (df_editor_get_style_findings (editor), ==, 0);

  /* A passive sentence typed at the end of the paragraph: underlined
   * after the pause; the code is not. */
  {
    GtkTextIter at = ui_test_find_text (GTK_WIDGET (editor), "clear.");
    gtk_text_iter_forward_chars (&at, 6);
    gtk_text_buffer_place_cursor (buffer, &at);
  }
  ui_test_type (view, " The ball was thrown by the boy. We utilize it.");
  g_assert_true (df_editor_get_style_pending (editor));
  ui_test_wait_until (has_findings, editor, 5000);
  g_assert_true (underlined (editor, "was thrown"));
  g_assert_true (underlined (editor, "utilize"));
  g_assert_false (underlined (editor, "The sky"));
  g_assert_false (underlined (editor, "was taken"));
  g_assert_false (underlined (editor, "was given"));
  g_assert_false (underlined (editor, "quickly"));
  ui_test_save_png (GTK_WIDGET (f->window), "style-underlines");

  /* The menu for the words at the cursor: the suggestion, as one edit. */
  put_cursor_in (editor, "utilize");
  labels = style_menu_labels (editor);
  g_assert_cmpstr (labels, ==, "Change to “use”|Ignore This|Turn This Check Off for the Project|Stop Checking Style");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "style.apply", NULL));
  text = ui_test_editor_text (view);
  df_test_assert_contains (text, "We use it.");
  g_clear_pointer (&text, g_free);
  g_assert_true (gtk_text_buffer_get_can_undo (buffer));
  gtk_text_buffer_undo (buffer);
  text = ui_test_editor_text (view);
  df_test_assert_contains (text, "We utilize it.");
  ui_test_wait_until (has_findings, editor, 5000);
  g_assert_true (underlined (editor, "utilize"));

  /* Ignore this: the words join the project's ignore list. */
  put_cursor_in (editor, "utilize");
  g_clear_pointer (&labels, g_free);
  labels = style_menu_labels (editor);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "style.ignore", NULL));
  ui_test_wait_until (style_checked, editor, 5000);
  g_assert_false (underlined (editor, "utilize"));
  g_assert_true (underlined (editor, "was thrown"));
  settings = project_settings (f);
  df_test_assert_contains (settings, "\"ignore\":[\"utilize\"]");
  g_clear_pointer (&settings, g_free);

  /* A check off for the project. */
  put_cursor_in (editor, "thrown");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "style.off", NULL));
  ui_test_wait_until (style_checked, editor, 5000);
  g_assert_false (underlined (editor, "was thrown"));
  settings = project_settings (f);
  df_test_assert_contains (settings, "\"off\":[\"passive-voice\"]");

  /* The switch: nothing underlined, then back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "style.toggle", NULL));
  ui_test_wait_until (style_checked, editor, 5000);
  g_assert_cmpuint (df_editor_get_style_findings (editor), ==, 0);
  g_clear_pointer (&labels, g_free);
  labels = style_menu_labels (editor);
  g_assert_cmpstr (labels, ==, "Check Style");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "style.toggle", NULL));
  ui_test_wait_until (style_checked, editor, 5000);
}

/* A long chapter is checked in slices, to its end; a huge line is left
 * alone. */
static void
test_long_chapter (void)
{
  g_autoptr(GString) text = g_string_new ("# Long\n\n");
  DfPluginHost *host;
  DfStore *store;
  char *dir = NULL;
  GtkWidget *window;
  DfEditor *editor;

  if (ui_test_skip_without_display ())
    return;
  store = ui_test_store_new (&dir);
  host = df_plugin_host_new (store, NULL);
  df_plugin_host_load (host);
  for (guint i = 0; i < 1500; i++)
    g_string_append (text, "The sky over the quiet harbour turned a deep and even grey.\n\n");
  g_string_append (text, "The last boat was taken away.\n\n");
  for (guint i = 0; i < 12000; i++)
    g_string_append (text, "The boat was taken. ");
  g_string_append (text, "\n");

  editor = DF_EDITOR (df_editor_new ());
  window = ui_test_window_new (GTK_WIDGET (editor), 700, 400);
  df_editor_set_style_agent (editor, df_plugin_host_find_agent (host, "style"), NULL);
  df_editor_load_text (editor, text->str);
  g_assert_true (df_editor_get_style_pending (editor));
  ui_test_wait_until (style_checked, editor, 20000);
  g_assert_true (underlined (editor, "was taken"));
  /* The huge last line (240,000 characters) is not checked. */
  g_assert_cmpuint (df_editor_get_style_findings (editor), ==, 1);
  ui_test_window_destroy (window);
  g_clear_object (&host);
  g_clear_object (&store);
  df_test_tmp_dir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  ui_test_init (&argc, &argv);
  g_test_add ("/ui/style/underline-apply-undo", UiTestApp, NULL, ui_test_app_set_up, test_underline_apply_undo,
              ui_test_app_tear_down);
  g_test_add_func ("/ui/style/long-chapter", test_long_chapter);
  return g_test_run ();
}
