/* screenshot.c: renders the application's main views to PNG files
 *
 * Used by docs/screenshots/take.sh under Xvfb:
 *   screenshot OUTDIR [BOOK]
 * imports BOOK (default: the sample book) into a fresh database, then
 * saves library.png, editor.png, reader.png, dashboard.png, focus.png,
 * editor-dark.png, reader-dark.png, coach-dark.png, history.png,
 * onboarding.png and onboarding-dark.png;
 *   screenshot --urdu OUTDIR LOCALEDIR
 * saves editor-ur.png: the interface in Urdu (the catalogue in
 * LOCALEDIR, the build tree's po folder) with a chapter in Urdu.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "df-application.h"
#include "df-history-window.h"
#include "df-import.h"
#include "df-model.h"
#include "df-onboarding-window.h"
#include "df-project-view.h"
#include "df-window.h"
#include "ui-test-util.h"

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* Lets layout, fonts and images settle: a few frames' worth. */
static void
settle (guint ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, quit_loop, loop);
  g_main_loop_run (loop);
}

static void
save_png (GtkWidget  *widget,
          const char *dir,
          const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_printerr ("Could not write %s\n", path);
  else
    g_print ("%s\n", path);
}

static const char urdu_chapter[] =
  "# پہلا باب\n\n"
  "صبح کی ہوا میں ایک عجیب سی خاموشی تھی۔ نادیہ نے اپنی نئی کتاب کا پہلا صفحہ کھولا "
  "اور سوچا کہ کہانی کہاں سے شروع کی جائے۔\n\n"
  "اس نے اپنے لیپ ٹاپ پر DraftForge کھولا، جہاں اس کے سارے ابواب ترتیب سے رکھے تھے۔ "
  "ہر باب کے الفاظ گنے جاتے تھے اور ہر دن کا کام محفوظ رہتا تھا۔\n\n"
  "> لکھنا سوچنے کا دوسرا نام ہے۔\n\n"
  "شام تک اس نے تین صفحے لکھ لیے تھے، اور اسے لگا کہ آج کا دن اچھا گزرا۔\n";

/* The editor in Urdu: a new process, set up before GTK starts as main.c
 * sets up the application, with the catalogue in @localedir. */
static int
urdu_editor (const char *outdir,
             const char *localedir)
{
  g_autoptr(DfApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *db = df_test_db_path_new ("shots-ur", &tmp);
  g_autofree char *slug = NULL;
  DfWindow *window;

  g_setenv ("LANGUAGE", "ur", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_setenv ("DRAFTFORGE_DB", db, TRUE);
  g_setenv ("DRAFTFORGE_NO_ONBOARDING", "1", TRUE);
  g_mkdir_with_parents (outdir, 0755);

  {
    g_autoptr(DfStore) store = df_store_open (db, &error);
    g_autoptr(DfProject) project = NULL;
    g_autoptr(DfProfile) profile = NULL;

    g_assert_no_error (error);
    project = df_test_make_project (store, "نادیہ کی کہانی", "پہلا باب", urdu_chapter,
                                    "دوسرا باب", "دوسرے دن بارش ہو رہی تھی۔\n", NULL);
    df_project_set_field (store, project->id, "language", "ur", NULL);
    df_project_set_field (store, project->id, "target_word_count", "60000", NULL);
    profile = df_profile_create (store, "نادیہ", &error);
    df_profile_set (store, profile->id, "preferred_language", "ur", NULL);
    slug = g_strdup (project->slug);
  }

  app = df_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = DF_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 780);
  settle (800);
  if (!df_window_open_project (window, slug, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  settle (800);
  save_png (GTK_WIDGET (window), outdir, "editor-ur.png");

  gtk_window_close (GTK_WINDOW (window));
  settle (100);
  g_clear_object (&app);
  df_test_remove_tree (tmp);
  return 0;
}

/* The first start's questions, a reader's first page answered. */
static void
save_onboarding (DfApplication *app,
                 const char    *outdir,
                 const char    *file)
{
  DfOnboardingWindow *onboarding = df_onboarding_window_new (df_application_get_session (app));
  GtkWidget *name = ui_test_find (GTK_WIDGET (onboarding), ADW_TYPE_ENTRY_ROW, "name_row");
  GtkWidget *role = ui_test_find (GTK_WIDGET (onboarding), GTK_TYPE_CHECK_BUTTON, "role-read");

  gtk_window_present (GTK_WINDOW (onboarding));
  if (name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (name), "Maren");
  if (role != NULL)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (role), TRUE);
  settle (500);
  save_png (GTK_WIDGET (onboarding), outdir, file);
  gtk_window_destroy (GTK_WINDOW (onboarding));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(DfApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *db = NULL;
  const char *outdir;
  const char *book;
  gint64 last_id = 0;
  DfWindow *window;

  if (argc == 4 && g_str_equal (argv[1], "--urdu"))
    return urdu_editor (argv[2], argv[3]);
  if (argc < 2)
    {
      g_printerr ("usage: %s OUTDIR [BOOK] | --urdu OUTDIR LOCALEDIR\n", argv[0]);
      return 2;
    }
  outdir = argv[1];
  book = argc > 2 ? argv[2] : NULL;

  db = df_test_db_path_new ("shots", &tmp);
  g_setenv ("DRAFTFORGE_DB", db, TRUE);
  g_setenv ("DRAFTFORGE_NO_ONBOARDING", "1", TRUE);
  g_mkdir_with_parents (outdir, 0755);

  /* A book, a profile that has read a little, and some days of writing. */
  {
    g_autoptr(DfStore) store = df_store_open (db, &error);
    g_autoptr(DfProfile) profile = NULL;
    g_autoptr(GPtrArray) chapters = NULL;
    static const char *days[] = { "2026-11-16", "2026-11-17", "2026-11-18", "2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23" };

    g_assert_no_error (error);
    project = df_import (store, book, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
    if (project == NULL)
      {
        g_printerr ("%s\n", error->message);
        return 1;
      }
    df_project_set_field (store, project->id, "target_word_count", "150000", NULL);
    profile = df_profile_create (store, "Maren", &error);
    chapters = df_chapter_list (store, project->id, &error);
    for (guint i = 0; i < MIN (3, chapters->len); i++)
      df_progress_complete (store, profile->id, ((DfChapter *)chapters->pdata[i])->id, NULL);

    /* Words written on recent days, added to the last chapter. */
    for (guint i = 0; i < G_N_ELEMENTS (days); i++)
      {
        DfChapter *last = g_ptr_array_index (chapters, chapters->len - 1);
        g_autoptr(DfChapter) c = df_chapter_get (store, last->id, NULL);
        g_autoptr(GString) text = g_string_new (c->content_md);

        g_setenv ("DRAFTFORGE_TODAY", days[i], TRUE);
        for (guint w = 0; w < 120 + 97 * (i % 4); w++)
          g_string_append (text, w % 12 == 0 ? "\n\nAnd then " : " more");
        df_chapter_save_content (store, c->id, text->str, NULL);
        last_id = last->id;
      }
    g_unsetenv ("DRAFTFORGE_TODAY");
  }

  /* English spelling, whatever the machine's language. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_set_string (settings, "spell-check-language", "en_US");
  }

  app = df_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = DF_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 780);
  settle (800);
  save_png (GTK_WIDGET (window), outdir, "library.png");

  if (!df_window_open_project (window, project->slug, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  settle (800);
  save_png (GTK_WIDGET (window), outdir, "editor.png");

  /* The coach's side pane, when the plugin is there (no provider set up). */
  {
    GtkWidget *view = ui_test_find (GTK_WIDGET (window), DF_TYPE_PROJECT_VIEW, NULL);
    GtkWidget *coach = ui_test_find (view, GTK_TYPE_BOX, "coach-panel");

    if (coach != NULL)
      {
        df_project_view_show_panel (DF_PROJECT_VIEW (view), coach);
        settle (800);
        save_png (GTK_WIDGET (window), outdir, "coach.png");
        df_project_view_show_panel (DF_PROJECT_VIEW (view), NULL);
      }
  }

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-reader", NULL);
  settle (800);
  save_png (GTK_WIDGET (window), outdir, "reader.png");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-dashboard", NULL);
  settle (800);
  save_png (GTK_WIDGET (window), outdir, "dashboard.png");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-editor", NULL);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  settle (800);
  save_png (GTK_WIDGET (window), outdir, "editor-dark.png");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-reader", NULL);
  settle (800);
  save_png (GTK_WIDGET (window), outdir, "reader-dark.png");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-editor", NULL);
  settle (300);
  {
    GtkWidget *view = ui_test_find (GTK_WIDGET (window), DF_TYPE_PROJECT_VIEW, NULL);
    GtkWidget *coach = ui_test_find (view, GTK_TYPE_BOX, "coach-panel");

    if (coach != NULL)
      {
        df_project_view_show_panel (DF_PROJECT_VIEW (view), coach);
        settle (800);
        save_png (GTK_WIDGET (window), outdir, "coach-dark.png");
        df_project_view_show_panel (DF_PROJECT_VIEW (view), NULL);
      }
  }
  save_onboarding (app, outdir, "onboarding-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  gtk_widget_activate_action (df_window_get_project_view (window), "project.focus-mode", NULL);
  settle (800);
  save_png (GTK_WIDGET (window), outdir, "focus.png");
  gtk_widget_activate_action (df_window_get_project_view (window), "project.leave-focus-mode", NULL);

  /* The last chapter's earlier versions. */
  df_project_view_open_chapter (DF_PROJECT_VIEW (df_window_get_project_view (window)), last_id);
  settle (300);
  gtk_widget_activate_action (df_window_get_project_view (window), "project.history", NULL);
  settle (800);
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

        if (DF_IS_HISTORY_WINDOW (w))
          {
            GtkWidget *compare = ui_test_find (GTK_WIDGET (w), GTK_TYPE_TOGGLE_BUTTON, "history-compare");

            /* With Changes on: what the last save added. */
            if (compare != NULL)
              gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (compare), TRUE);
            settle (300);
            save_png (GTK_WIDGET (w), outdir, "history.png");
            gtk_window_close (w);
            break;
          }
      }
  }

  save_onboarding (app, outdir, "onboarding.png");

  gtk_window_close (GTK_WINDOW (window));
  settle (100);
  g_clear_object (&app);
  df_test_remove_tree (tmp);
  return 0;
}
