/* test-ui-app.c: the whole application in a real window
 *
 * Drives DfApplication and its window as a person would: create a
 * project, add chapters, type, let autosave write, reorder, read, switch
 * profiles, close and reopen, and meet an unreadable database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <signal.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "df-application.h"
#include "df-store-private.h"
#include "df-editor.h"
#include "df-export-dialog.h"
#include "df-history-window.h"
#include "df-plugins-page.h"
#include "df-library-view.h"
#include "df-model.h"
#include "df-new-project-dialog.h"
#include "df-project-sidebar.h"
#include "df-project-view.h"
#include "df-renderer.h"
#include "df-ui-extension.h"
#include "df-window.h"
#include "ui-test-util.h"

typedef UiTestApp Fixture;

static void
test_write_and_autosave (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  DfNewProjectDialog *dialog;
  DfProjectView *view;
  GtkWidget *title_row;
  DfTestChapterText check;
  const char *text = "It was a dark and stormy night; the rain fell in torrents.";

  if (ui_test_skip_without_display ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  ui_test_app_start (f);
  g_assert_cmpstr (df_window_get_page (f->window), ==, "library");

  /* Create a project through the dialog. */
  gtk_widget_activate_action (df_window_get_library_view (f->window), "library.new-project", NULL);
  dialog = DF_NEW_PROJECT_DIALOG (ui_test_wait_for_toplevel (DF_TYPE_NEW_PROJECT_DIALOG, 5000));
  title_row = ui_test_find (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "title");
  g_assert_nonnull (title_row);
  gtk_editable_set_text (GTK_EDITABLE (title_row), "The Storm");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.create", NULL);
  ui_test_flush ();

  projects = df_project_list (ui_test_app_get_store (f), FALSE, NULL);
  g_assert_cmpuint (projects->len, ==, 1);
  g_assert_cmpstr (((DfProject *)projects->pdata[0])->title, ==, "The Storm");
  g_assert_cmpstr (df_window_get_page (f->window), ==, "project");

  /* The new book opens on its first chapter, the keyboard in the editor:
   * the first words typed are the book's (they went nowhere before). */
  view = ui_test_app_get_project_view (f);
  chapters = df_chapter_list (ui_test_app_get_store (f), df_project_view_get_project_id (view), NULL);
  g_assert_cmpuint (chapters->len, ==, 1);
  g_assert_cmpstr (((DfChapter *)chapters->pdata[0])->title, ==, "Chapter 1");
  g_assert_cmpint (df_project_view_get_chapter_id (view), ==, ((DfChapter *)chapters->pdata[0])->id);
  ui_test_flush ();
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (f->window)) == df_project_view_get_editor (view));
  g_clear_pointer (&chapters, g_ptr_array_unref);

  /* Add a chapter and type into it. */
  gtk_widget_activate_action (GTK_WIDGET (view), "project.add-chapter", NULL);
  ui_test_answer_title_dialog ("Opening");
  chapters = df_chapter_list (ui_test_app_get_store (f), df_project_view_get_project_id (view), NULL);
  g_assert_cmpuint (chapters->len, ==, 2);
  g_assert_cmpstr (((DfChapter *)chapters->pdata[1])->title, ==, "Opening");
  g_assert_cmpint (df_project_view_get_chapter_id (view), ==, ((DfChapter *)chapters->pdata[1])->id);

  ui_test_type (view, text);
  g_assert_true (df_project_view_get_modified (view));
  g_assert_true (g_str_has_prefix (df_project_view_get_title (view), "• Opening"));

  /* Autosave writes it without anyone asking. */
  check = (DfTestChapterText) { ui_test_app_get_store (f), df_project_view_get_chapter_id (view), text };
  ui_test_wait_until (df_test_chapter_has_text, &check, 15000);
  /* The worker commits before the window hears back from it. */
  ui_test_wait_until (ui_test_view_saved, view, 10000);
  g_assert_false (df_project_view_get_modified (view));
  g_assert_false (g_str_has_prefix (df_project_view_get_title (view), "•"));

  /* Undo works in the editor. */
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (df_project_view_get_editor (view)));
    g_autofree char *after = NULL;
    GtkTextIter s, e;

    g_assert_true (gtk_text_buffer_get_can_undo (buffer));
    gtk_text_buffer_undo (buffer);
    gtk_text_buffer_get_bounds (buffer, &s, &e);
    after = gtk_text_buffer_get_text (buffer, &s, &e, TRUE);
    g_assert_cmpstr (after, ==, "");
    gtk_text_buffer_redo (buffer);
  }
}

static void
test_reorder_and_close (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) chapters = NULL;
  DfProjectView *view;
  gint64 second;
  const char *unsaved = "Typed a moment before closing.";

  if (ui_test_skip_without_display ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Order", "First", "one", "Second", "two", NULL);

  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "order");

  chapters = df_chapter_list (ui_test_app_get_store (f), df_project_view_get_project_id (view), NULL);
  second = ((DfChapter *)chapters->pdata[1])->id;
  g_clear_pointer (&chapters, g_ptr_array_unref);

  /* Open the second chapter from the keyboard and move it up. */
  gtk_widget_activate_action (GTK_WIDGET (view), "project.next-chapter", NULL);
  g_assert_cmpint (df_project_view_get_chapter_id (view), ==, second);
  gtk_widget_activate_action (GTK_WIDGET (view), "project.move-up", NULL);
  chapters = df_chapter_list (ui_test_app_get_store (f), df_project_view_get_project_id (view), NULL);
  g_assert_cmpstr (((DfChapter *)chapters->pdata[0])->title, ==, "Second");
  g_assert_cmpstr (((DfChapter *)chapters->pdata[1])->title, ==, "First");

  /* Close the window right after typing: nothing is lost. */
  ui_test_type (view, unsaved);
  g_assert_true (df_project_view_get_modified (view));
  ui_test_app_stop (f);

  ui_test_app_start (f);
  /* The last project and chapter open again, with the text. */
  g_assert_cmpstr (df_window_get_page (f->window), ==, "project");
  view = ui_test_app_get_project_view (f);
  g_assert_cmpint (df_project_view_get_chapter_id (view), ==, second);
  {
    g_autoptr(DfChapter) c = df_chapter_get (ui_test_app_get_store (f), second, NULL);
    g_autofree char *shown = df_editor_dup_text (DF_EDITOR (df_project_view_get_editor (view)));

    g_assert_true (g_str_has_suffix (c->content_md, unsaved) || g_str_has_prefix (c->content_md, unsaved));
    g_assert_cmpstr (shown, ==, c->content_md);
  }
}

static gboolean
window_gone (gpointer data)
{
  return *(DfWindow **)data == NULL;
}

/* SIGTERM (a logout, `kill`, `flatpak kill`) quits as Ctrl+Q does: the
 * text typed a moment before, not yet autosaved, is in the database
 * (it died with the process before). */
static void
test_terminate_saves (Fixture       *f,
                      gconstpointer  data)
{
  const char *unsaved = "Typed a moment before the session ended.";
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  DfProjectView *view;
  DfWindow *window;
  gint64 chapter_id;

  if (ui_test_skip_without_display ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Ending", "First", "one", NULL);
  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "ending");
  chapter_id = df_project_view_get_chapter_id (view);
  ui_test_type (view, unsaved);
  g_assert_true (df_project_view_get_modified (view));

  window = f->window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  g_assert_cmpint (kill (getpid (), SIGTERM), ==, 0);
  ui_test_wait_until (window_gone, &window, 15000);
  f->window = NULL;
  ui_test_app_stop (f);

  store = df_test_store_open (f->db_path);
  chapter = df_test_get_chapter (store, chapter_id);
  g_assert_nonnull (strstr (chapter->content_md, unsaved));
}

static void
test_failed_save_keeps_text (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DfProjectView *view;
  GtkWidget *error_label;
  gint64 chapter_id;

  if (ui_test_skip_without_display ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Fragile", "Only", "", NULL);

  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "fragile");
  chapter_id = df_project_view_get_chapter_id (view);

  /* Another program deletes the chapter behind the editor's back. */
  {
    g_autoptr(DfStore) other = df_store_open (f->db_path, &error);
    g_assert_true (df_chapter_delete (other, chapter_id, &error));
  }

  ui_test_type (view, "Words that must not vanish.");
  g_assert_false (df_project_view_save (view, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* The error is on screen and stays; the text is still in the editor. */
  error_label = ui_test_get (GTK_WIDGET (view), GTK_TYPE_LABEL, "save-error");
  g_assert_true (ui_test_revealed (GTK_WIDGET (view), "save-error"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "Only"));
  g_assert_true (df_project_view_get_modified (view));
  {
    g_autofree char *shown = ui_test_editor_text (view);
    g_assert_cmpstr (shown, ==, "Words that must not vanish.");
  }

  /* Closing is refused rather than losing the text. */
  gtk_window_close (GTK_WINDOW (f->window));
  ui_test_flush ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));

  /* Once the chapter is back, "Try Again" saves and the error goes. */
  {
    g_autofree char *sql = g_strdup_printf ("INSERT INTO chapters (id, project_id, number, title, slug, content_hash,"
                                            " created_at, updated_at) VALUES (%" PRId64 ", %" PRId64
                                            ", 1, 'Only', 'only', '', '', '')",
                                            chapter_id, df_project_view_get_project_id (view));
    g_autoptr(DfChapter) c = NULL;

    g_assert_true (df_store_exec (ui_test_app_get_store (f), sql, &error));
    gtk_widget_activate_action (GTK_WIDGET (view), "project.save", NULL);
    ui_test_wait_until (ui_test_view_saved, view, 10000);
    g_assert_false (df_project_view_get_modified (view));
    g_assert_false (ui_test_revealed (GTK_WIDGET (view), "save-error"));
    c = df_chapter_get (ui_test_app_get_store (f), chapter_id, &error);
    g_assert_cmpstr (c->content_md, ==, "Words that must not vanish.");
  }
}

static void
test_reader_and_profiles (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) progress = NULL;
  g_autoptr(DfProfile) reader = NULL;
  g_autoptr(DfProfile) active = NULL;
  g_autofree char *writer_id = NULL;
  gint64 project_id;

  if (ui_test_skip_without_display ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  df_test_add_profile (f->db_path, "Reader");
  df_test_add_project (f->db_path, "Readable", "One", "# One\n\nSome *words* to read.\n", "Two", "More words.\n", NULL);

  ui_test_app_start (f);
  project_id = df_project_view_get_project_id (ui_test_app_open_project (f, "readable"));
  writer_id = df_session_dup_profile_id (ui_test_app_get_session (f));

  /* Reading records progress for the active profile. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-reader", NULL);
  ui_test_flush ();
  g_assert_cmpstr (df_window_get_page (f->window), ==, "reader");
  progress = df_progress_list (ui_test_app_get_store (f), writer_id, project_id, &error);
  g_assert_cmpstr (((DfProgress *)progress->pdata[0])->status, ==, "in_progress");
  g_clear_pointer (&progress, g_ptr_array_unref);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-editor", NULL);
  g_assert_cmpstr (df_window_get_page (f->window), ==, "project");

  /* Switch to the other profile from the menu's action. */
  reader = df_profile_get (ui_test_app_get_store (f), "Reader", &error);
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "profile", g_variant_new_string (reader->id));
  ui_test_flush ();
  active = df_profile_get_active (ui_test_app_get_store (f), &error);
  g_assert_cmpstr (active->display_name, ==, "Reader");

  /* The new profile has read nothing yet; the old one's progress stays. */
  progress = df_progress_list (ui_test_app_get_store (f), reader->id, project_id, &error);
  g_assert_cmpstr (((DfProgress *)progress->pdata[0])->status, ==, "not_started");
  g_clear_pointer (&progress, g_ptr_array_unref);
  progress = df_progress_list (ui_test_app_get_store (f), writer_id, project_id, &error);
  g_assert_cmpstr (((DfProgress *)progress->pdata[0])->status, ==, "in_progress");

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-dashboard", NULL);
  ui_test_flush ();
  g_assert_cmpstr (df_window_get_page (f->window), ==, "dashboard");
}


/* A start-up backup in the folder @data. */
static gboolean
has_backup (gpointer data)
{
  return df_test_count_files (data, ".db") > 0;
}


static void
test_unreadable_database (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *backup = NULL;
  gsize before_len, after_len;

  if (ui_test_skip_without_display ())
    return;

  /* A good database, backed up at start-up (in the background)... */
  df_test_add_profile (f->db_path, "Writer");
  backup = g_build_filename (f->dir, "draftforge-backups", NULL);
  ui_test_app_start (f);
  ui_test_wait_until (has_backup, backup, 10000);
  ui_test_app_stop (f);

  /* ...then damaged. */
  g_assert_true (g_file_set_contents (f->db_path, "this is not a database at all, not even close", -1, &error));
  g_unlink (g_strconcat (f->db_path, "-wal", NULL));
  g_unlink (g_strconcat (f->db_path, "-shm", NULL));
  before = df_test_read_file (f->db_path, &before_len);

  ui_test_app_start (f);
  g_assert_cmpstr (df_window_get_page (f->window), ==, "error");
  g_assert_null (ui_test_app_get_store (f));

  /* Nothing was overwritten. */
  after = df_test_read_file (f->db_path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);

  /* Opening the backup (once checked) brings the profile back and keeps
   * the bad file. */
  ui_test_app_restore_backup (f, before, before_len);
  {
    g_autoptr(DfProfile) p = df_profile_get (ui_test_app_get_store (f), "Writer", &error);

    g_assert_no_error (error);
  }
}

static void
test_export_and_plugins (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *html = NULL;
  DfPluginHost *host;
  DfExportDialog *dialog;
  GtkWidget *prefs;
  GtkWidget *page;
  GtkWidget *row;
  GtkWidget *sw;

  if (ui_test_skip_without_display ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Exportable", "First", "Words & <more> words.\n", NULL);

  ui_test_app_start (f);
  host = df_session_get_plugin_host (ui_test_app_get_session (f));
  g_assert_nonnull (host);
  if (df_plugin_host_find_exporter (host, "html") == NULL)
    {
      g_test_skip ("the bundled exporter plugin did not load (DRAFTFORGE_PLUGIN_PATH?)");
      return;
    }

  /* Type, then export at once: the export has the new words. */
  ui_test_type (ui_test_app_open_project (f, "exportable"), "Fresh line. ");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL);
  dialog = DF_EXPORT_DIALOG (ui_test_wait_for_toplevel (DF_TYPE_EXPORT_DIALOG, 5000));
  g_assert_true (df_export_dialog_set_format (dialog, "html"));
  out = g_build_filename (f->dir, "book.html", NULL);
  df_export_dialog_export_to (dialog, out);
  ui_test_wait_toplevel_gone (DF_TYPE_EXPORT_DIALOG, 60000);

  g_assert_true (g_file_get_contents (out, &html, NULL, &error));
  g_assert_nonnull (strstr (html, "Fresh line."));
  g_assert_nonnull (strstr (html, "&amp;"));
  g_assert_null (strstr (html, "<more>"));

  /* The Plugins page lists the exporter; its switch disables it. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "app.preferences", NULL);
  prefs = GTK_WIDGET (ui_test_wait_for_toplevel (ADW_TYPE_PREFERENCES_WINDOW, 5000));
  page = ui_test_find (prefs, DF_TYPE_PLUGINS_PAGE, NULL);
  g_assert_nonnull (page);
  row = ui_test_find (page, ADW_TYPE_EXPANDER_ROW, "io.github.draftforge.Exporter");
  g_assert_nonnull (row);
  sw = ui_test_find (row, GTK_TYPE_SWITCH, "enabled");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sw)));
  gtk_switch_set_active (GTK_SWITCH (sw), FALSE);
  ui_test_flush ();
  g_assert_null (df_plugin_host_find_exporter (host, "html"));
  g_assert_false (df_plugin_host_lookup (host, "io.github.draftforge.Exporter")->enabled);

  /* Enabled again, from the same page (it was rebuilt on the change). */
  row = ui_test_find (page, ADW_TYPE_EXPANDER_ROW, "io.github.draftforge.Exporter");
  sw = ui_test_find (row, GTK_TYPE_SWITCH, "enabled");
  gtk_switch_set_active (GTK_SWITCH (sw), TRUE);
  ui_test_flush ();
  g_assert_nonnull (df_plugin_host_find_exporter (host, "html"));
  gtk_window_close (GTK_WINDOW (prefs));
  ui_test_flush ();
}

static gboolean
menu_has_action (GMenuModel *menu,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuLinkIter) links = g_menu_model_iterate_item_links (menu, i);
      GMenuModel *linked;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_strcmp0 (name, action) == 0)
        return TRUE;

      while (g_menu_link_iter_get_next (links, NULL, &linked))
        {
          gboolean found = menu_has_action (linked, action);
          g_object_unref (linked);
          if (found)
            return TRUE;
        }
    }
  return FALSE;
}

static void
test_ui_extension (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DfPluginHost *host;
  DfProjectView *view;
  GtkWidget *panel;
  GMenuModel *menu;
  const char *action = "plugin-io-github-draftforge-tests-HelloUi.count-words";

  if (ui_test_skip_without_display ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Counted", "One", "one two three four five", NULL);

  ui_test_app_start (f);
  host = df_session_get_plugin_host (ui_test_app_get_session (f));
  g_assert_nonnull (df_plugin_host_lookup (host, "io.github.draftforge.tests.HelloUi"));
  g_assert_true (df_plugin_host_lookup (host, "io.github.draftforge.tests.HelloUi")->loaded);

  view = ui_test_app_open_project (f, "counted");

  /* The panel is a page of the sidebar; the action fills it in. */
  panel = ui_test_find (GTK_WIDGET (view), GTK_TYPE_LABEL, "hello-panel");
  g_assert_nonnull (panel);
  df_project_view_show_panel (view, panel);
  g_assert_true (df_project_view_get_visible_panel (view) == panel);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), action, NULL));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (panel)), ==, "5 words");

  /* Its menu item is in the main menu. */
  menu = df_window_get_primary_menu (f->window);
  g_assert_true (menu_has_action (menu, action));

  /* Disabled: the panel, the menu item and the action go away. */
  g_assert_true (df_plugin_host_set_enabled (host, "io.github.draftforge.tests.HelloUi", FALSE, &error));
  ui_test_flush ();
  g_assert_false (menu_has_action (menu, action));
  g_assert_null (ui_test_find (GTK_WIDGET (view), GTK_TYPE_LABEL, "hello-panel"));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f->window), action, NULL));

  /* Enabled again: back. */
  g_assert_true (df_plugin_host_set_enabled (host, "io.github.draftforge.tests.HelloUi", TRUE, &error));
  ui_test_flush ();
  g_assert_nonnull (ui_test_find (GTK_WIDGET (view), GTK_TYPE_LABEL, "hello-panel"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), action, NULL));
}

static DfUiExtension *
hello_extension (Fixture *f)
{
  DfPluginHost *host = df_session_get_plugin_host (ui_test_app_get_session (f));
  g_autoptr(GPtrArray) extensions = df_plugin_host_get_ui_extensions (host);

  for (guint i = 0; i < extensions->len; i++)
    if (g_strcmp0 (df_plugin_host_get_extension_plugin_id (host, extensions->pdata[i]),
                   "io.github.draftforge.tests.HelloUi") == 0)
      return extensions->pdata[i];
  g_error ("The Hello UI extension is not loaded");
}

typedef struct
{
  Fixture    *f;
  const char *events;
} HeardCheck;

static gboolean
heard_all (gpointer data)
{
  HeardCheck *check = data;
  return g_strcmp0 (g_object_get_data (G_OBJECT (hello_extension (check->f)), "events"), check->events) == 0;
}

/* Plugin API 2 for UI extensions: a chapter opened, saved, and changed by
 * another program reach the extension, each with its id; and the
 * extension shows a chapter at a line with words selected. */
static void
test_ui_extension_chapters (Fixture       *f,
                            gconstpointer  data)
{
  DfProjectView *view;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(DfTestRun) write = NULL;
  gint64 one, two;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *selected = NULL;
  HeardCheck check = { f, NULL };

  if (ui_test_skip_without_display ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Heard", "One", "First words.", "Two", "one two\nthree four three", NULL);
  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "heard");
  chapters = df_chapter_list (ui_test_app_get_store (f), df_project_view_get_project_id (view), NULL);
  one = ((DfChapter *) chapters->pdata[0])->id;
  two = ((DfChapter *) chapters->pdata[1])->id;

  /* opened; typed and saved */
  ui_test_type (view, " More.");
  g_assert_true (df_project_view_save (view, NULL));
  ui_test_wait_until (ui_test_view_saved, view, 10000);
  expected = g_strdup_printf ("opened:%" PRId64 " saved:%" PRId64, one, one);
  check.events = expected;
  ui_test_wait_until (heard_all, &check, 10000);

  /* changed by another program: reloaded, and the extension told */
  if (df_test_have_cli ())
    {
      write = df_test_run_cli_args (f->db_path, NULL, "Written elsewhere.\n", "chapter", "write", "heard", "1", NULL);
      df_test_assert_run_ok (write);
      g_free (expected);
      expected = g_strdup_printf ("opened:%" PRId64 " saved:%" PRId64 " changed:%" PRId64, one, one, one);
      check.events = expected;
      ui_test_wait_until (heard_all, &check, 10000);
    }

  /* the extension's action shows the last chapter, "three" selected on
   * its first line... which has none: the line's start, then line 2's */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window),
                                             "plugin-io-github-draftforge-tests-HelloUi.show-last", NULL));
  ui_test_flush ();
  g_assert_cmpint (df_project_view_get_chapter_id (view), ==, two);
  g_assert_true (df_ui_extension_show_chapter (two, 2, "three"));
  ui_test_flush ();
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (df_project_view_get_editor (view)));
  g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &start, &end));
  selected = gtk_text_iter_get_text (&start, &end);
  g_assert_cmpstr (selected, ==, "three");
  g_assert_cmpint (gtk_text_iter_get_line (&start), ==, 1);
  g_assert_cmpint (gtk_text_iter_get_line_offset (&start), ==, 0);
  /* a chapter of no open project: refused */
  g_assert_false (df_ui_extension_show_chapter (999999, 1, NULL));
}

static char *
editor_text (Fixture *f)
{
  return ui_test_editor_text (ui_test_app_get_project_view (f));
}

/* Earlier versions: the chapter's history opens with Ctrl+Shift+H's
 * action, restoring one is a single edit that Undo takes back, and
 * autosave keeps the text it replaced.  Deleted chapters come back with
 * their text. */
static void
test_history_and_undelete (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autofree char *text = NULL;
  DfHistoryWindow *history;
  GtkTextBuffer *buffer;
  DfTestChapterText check;
  gint64 one_id;

  if (ui_test_skip_without_display ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  {
    g_autoptr(DfStore) s = df_test_store_open (f->db_path);
    g_autoptr(DfProject) p = df_test_make_project (s, "Drafts", "One", "First draft.\n", "Two", "Doomed words.\n", NULL);
    g_autoptr(GPtrArray) chapters = df_chapter_list (s, p->id, &error);

    g_assert_no_error (error);
    one_id = ((DfChapter *) chapters->pdata[0])->id;
    g_assert_true (df_chapter_save_content (s, one_id, "Second draft.\n", &error));
    g_assert_true (df_chapter_delete (s, ((DfChapter *) chapters->pdata[1])->id, &error));
    g_assert_no_error (error);
  }

  ui_test_app_start (f);
  df_project_view_open_chapter (ui_test_app_open_project (f, "drafts"), one_id);
  ui_test_flush ();
  text = editor_text (f);
  g_assert_cmpstr (text, ==, "Second draft.\n");
  g_clear_pointer (&text, g_free);

  gtk_widget_activate_action (GTK_WIDGET (ui_test_app_get_project_view (f)), "project.history", NULL);
  history = DF_HISTORY_WINDOW (ui_test_wait_for_toplevel (DF_TYPE_HISTORY_WINDOW, 5000));
  g_assert_cmpuint (df_history_window_get_n_items (history), ==, 1);
  g_assert_cmpstr (df_history_window_get_selected (history)->content_md, ==, "First draft.\n");

  /* Changes: what changed from that version to the text now. */
  {
    GtkWidget *compare = ui_test_find (GTK_WIDGET (history), GTK_TYPE_TOGGLE_BUTTON, "history-compare");
    GtkTextView *preview = GTK_TEXT_VIEW (ui_test_find (GTK_WIDGET (history), GTK_TYPE_TEXT_VIEW, "history-preview"));
    GtkTextBuffer *shown_buffer = gtk_text_view_get_buffer (preview);
    GtkTextTagTable *table = gtk_text_buffer_get_tag_table (shown_buffer);
    GtkTextTag *added = gtk_text_tag_table_lookup (table, "added");
    GtkTextTag *removed = gtk_text_tag_table_lookup (table, "removed");
    GtkTextIter start, end;
    g_autofree char *shown = NULL;
    g_autofree char *plain = NULL;

    g_assert_true (gtk_widget_get_sensitive (compare));
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (compare), TRUE);
    gtk_text_buffer_get_bounds (shown_buffer, &start, &end);
    shown = gtk_text_buffer_get_text (shown_buffer, &start, &end, FALSE);
    g_assert_cmpstr (shown, ==, "FirstSecond draft.\n");
    g_assert_true (gtk_text_iter_has_tag (&start, removed));          /* "First" */
    gtk_text_iter_forward_chars (&start, 5);
    g_assert_true (gtk_text_iter_has_tag (&start, added));            /* "Second" */
    gtk_text_iter_forward_chars (&start, 6);
    g_assert_false (gtk_text_iter_has_tag (&start, added) || gtk_text_iter_has_tag (&start, removed));   /* " draft" */

    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (compare), FALSE);
    gtk_text_buffer_get_bounds (shown_buffer, &start, &end);
    plain = gtk_text_buffer_get_text (shown_buffer, &start, &end, FALSE);
    g_assert_cmpstr (plain, ==, "First draft.\n");
  }

  gtk_widget_activate_action (GTK_WIDGET (history), "history.restore", NULL);
  ui_test_wait_toplevel_gone (DF_TYPE_HISTORY_WINDOW, 5000);

  text = editor_text (f);
  g_assert_cmpstr (text, ==, "First draft.\n");
  g_clear_pointer (&text, g_free);

  /* Autosave stores it, and the replaced text joins the history. */
  check = (DfTestChapterText) { ui_test_app_get_store (f), one_id, "First draft.\n" };
  ui_test_wait_until (df_test_chapter_has_text, &check, 10000);
  revisions = df_revision_list (ui_test_app_get_store (f), one_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((DfRevision *) revisions->pdata[0])->content_md, ==, "Second draft.\n");

  /* One Undo brings the replaced text back. */
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (df_project_view_get_editor (ui_test_app_get_project_view (f))));
  g_assert_true (gtk_text_buffer_get_can_undo (buffer));
  gtk_text_buffer_undo (buffer);
  text = editor_text (f);
  g_assert_cmpstr (text, ==, "Second draft.\n");
  g_clear_pointer (&text, g_free);

  /* The deleted chapter comes back at the end with its text. */
  gtk_widget_activate_action (GTK_WIDGET (ui_test_app_get_project_view (f)), "project.deleted-chapters", NULL);
  history = DF_HISTORY_WINDOW (ui_test_wait_for_toplevel (DF_TYPE_HISTORY_WINDOW, 5000));
  g_assert_cmpuint (df_history_window_get_n_items (history), ==, 1);
  g_assert_cmpstr (df_history_window_get_selected (history)->title, ==, "Two");
  gtk_widget_activate_action (GTK_WIDGET (history), "history.restore", NULL);
  ui_test_wait_toplevel_gone (DF_TYPE_HISTORY_WINDOW, 5000);
  /* It opens once the text Undo brought back is saved. */
  ui_test_wait_until (ui_test_view_saved, ui_test_app_get_project_view (f), 10000);
  ui_test_flush ();
  text = editor_text (f);
  g_assert_cmpstr (text, ==, "Doomed words.\n");
  {
    g_autoptr(DfProject) p = df_project_get (ui_test_app_get_store (f), "drafts", FALSE, &error);
    g_autoptr(GPtrArray) chapters = df_chapter_list (ui_test_app_get_store (f), p->id, &error);

    g_assert_cmpuint (chapters->len, ==, 2);
    g_assert_cmpstr (((DfChapter *) chapters->pdata[1])->title, ==, "Two");
    g_assert_cmpint (((DfChapter *) chapters->pdata[1])->id, ==,
                     df_project_view_get_chapter_id (ui_test_app_get_project_view (f)));
  }

  /* Nothing else was deleted: the list is empty now. */
  gtk_widget_activate_action (GTK_WIDGET (ui_test_app_get_project_view (f)), "project.deleted-chapters", NULL);
  history = DF_HISTORY_WINDOW (ui_test_wait_for_toplevel (DF_TYPE_HISTORY_WINDOW, 5000));
  g_assert_cmpuint (df_history_window_get_n_items (history), ==, 0);
  g_assert_null (df_history_window_get_selected (history));
  gtk_widget_activate_action (GTK_WIDGET (history), "history.restore", NULL);   /* disabled: nothing */
  ui_test_flush ();
  g_assert_nonnull (ui_test_find_toplevel (DF_TYPE_HISTORY_WINDOW));
  gtk_window_close (GTK_WINDOW (history));
  ui_test_wait_toplevel_gone (DF_TYPE_HISTORY_WINDOW, 5000);
}

/* About → Troubleshooting carries what a bug report needs: the renderer
 * that really draws (the UI tests ask for Cairo), why, and the database. */
static void
test_about_debug_info (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *info = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *db_line = NULL;
  GtkWindow *about;

  if (ui_test_skip_without_display ())
    return;

  df_renderer_apply ("/dev");
  ui_test_app_start (f);
  info = df_application_dup_debug_info (f->app, GTK_WINDOW (f->window));
  g_assert_nonnull (strstr (info, "Renderer: GskCairoRenderer\n"));
  g_assert_nonnull (strstr (info, "Renderer choice: GSK_RENDERER is set to “cairo”"));
  db_line = g_strdup_printf ("Database: %s\n", f->db_path);
  g_assert_nonnull (strstr (info, db_line));

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "about", NULL);
  about = ui_test_wait_for_toplevel (ADW_TYPE_ABOUT_WINDOW, 5000);
  g_object_get (about, "debug-info", &shown, NULL);
  g_assert_cmpstr (shown, ==, info);
  gtk_window_destroy (about);
  ui_test_flush ();
}

static char *
saved_text (Fixture *f,
            gint64   chapter_id)
{
  g_autoptr(DfChapter) c = df_chapter_get (ui_test_app_get_store (f), chapter_id, NULL);

  return c != NULL ? g_strdup (c->content_md) : NULL;
}

/* A project "slug" with chapters "One" (empty) and "Two", open at One. */
static DfProjectView *
open_two_chapters (Fixture    *f,
                   const char *title,
                   const char *slug)
{
  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, title, "One", "", "Two", "Elsewhere.", NULL);

  ui_test_app_start (f);
  return ui_test_app_open_project (f, slug);
}

/* Saving runs in a worker thread: while another connection holds the
 * database's write lock, the save waits there, and the main loop keeps
 * turning and the editor keeps taking keystrokes.  Once the lock goes,
 * the save writes what it took, and autosave the rest. */
static void
test_save_off_main_thread (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(DfStore) other = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  DfProjectView *view;
  DfDocument *document;
  DfTestChapterText check;
  gint64 chapter_id;

  if (!ui_test_have_display ())
    {
      g_test_skip ("no display (run under xvfb-run)");
      return;
    }

  view = open_two_chapters (f, "Locked", "locked");
  document = df_project_view_get_document (view);
  chapter_id = df_project_view_get_chapter_id (view);

  /* Another program takes the write lock and keeps it. */
  other = df_store_open (f->db_path, &error);
  g_assert_no_error (error);
  g_assert_true (df_store_exec (other, "BEGIN IMMEDIATE", &error));

  ui_test_type (view, "Typed before the save. ");
  df_document_save_async (document, NULL, df_test_keep_result, &result);
  g_assert_true (df_document_get_busy (document));

  /* The main loop turns (a timeout fires again and again) and every
   * keystroke lands, while the save waits for the lock. */
  for (guint i = 0; i < 20; i++)
    {
      ui_test_type (view, "x");
      ui_test_next_tick ();
    }

  g_assert_null (result);
  g_assert_true (df_document_get_busy (document));
  g_assert_true (df_project_view_get_modified (view));
  expected = g_strconcat ("Typed before the save. ", "xxxxxxxxxxxxxxxxxxxx", NULL);
  text = editor_text (f);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  text = saved_text (f, chapter_id);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);

  /* The lock goes: the save writes the text as it was when it started. */
  g_assert_true (df_store_exec (other, "ROLLBACK", &error));
  ui_test_wait_until (df_test_result_arrived, &result, 10000);
  g_assert_true (df_document_save_finish (document, result, &error));
  g_assert_no_error (error);

  /* What was typed during the save follows with autosave. */
  check = (DfTestChapterText) { ui_test_app_get_store (f), chapter_id, expected };
  ui_test_wait_until (df_test_chapter_has_text, &check, 15000);
  ui_test_wait_until (ui_test_view_saved, view, 10000);
  g_assert_false (g_str_has_prefix (df_project_view_get_title (view), "•"));
}

/* An edit made while a save runs is not lost: the document stays
 * modified, and the next save writes it.  Switching chapters waits for
 * the save that runs and saves the latest text first. */
static void
test_edit_during_save (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *text = NULL;
  DfProjectView *view;
  DfDocument *document;
  gint64 one, two;

  if (!ui_test_have_display ())
    {
      g_test_skip ("no display (run under xvfb-run)");
      return;
    }

  view = open_two_chapters (f, "Busy", "busy");
  document = df_project_view_get_document (view);
  one = df_project_view_get_chapter_id (view);
  two = df_project_sidebar_get_next_chapter (DF_PROJECT_SIDEBAR (ui_test_find (GTK_WIDGET (view), DF_TYPE_PROJECT_SIDEBAR, NULL)),
                                             one, TRUE);
  g_assert_cmpint (two, !=, 0);

  /* The save's result comes back through the main loop: until the test
   * iterates it, the save is in flight. */
  ui_test_type (view, "First.");
  df_document_save_async (document, NULL, df_test_keep_result, &result);
  ui_test_type (view, " Second.");
  g_assert_true (df_document_get_busy (document));
  ui_test_wait_until (df_test_result_arrived, &result, 10000);
  g_assert_true (df_document_save_finish (document, result, &error));
  g_clear_object (&result);

  text = saved_text (f, one);
  g_assert_cmpstr (text, ==, "First.");
  g_clear_pointer (&text, g_free);
  g_assert_true (df_project_view_get_modified (view));
  g_assert_true (g_str_has_prefix (df_project_view_get_title (view), "• "));

  g_assert_true (df_project_view_save (view, &error));
  text = saved_text (f, one);
  g_assert_cmpstr (text, ==, "First. Second.");
  g_clear_pointer (&text, g_free);
  g_assert_false (df_project_view_get_modified (view));

  /* A switch asked for during a save (with more typed after it started)
   * opens the other chapter only once all of it is saved. */
  ui_test_type (view, " Third.");
  df_document_save_async (document, NULL, df_test_keep_result, &result);
  ui_test_type (view, " Fourth.");
  g_assert_true (df_project_view_open_chapter (view, two));
  g_assert_cmpint (df_project_view_get_chapter_id (view), ==, one);
  ui_test_wait_until (df_test_result_arrived, &result, 10000);
  g_assert_true (df_document_save_finish (document, result, &error));
  ui_test_wait_until (ui_test_view_saved, view, 10000);
  ui_test_flush ();

  g_assert_cmpint (df_project_view_get_chapter_id (view), ==, two);
  text = editor_text (f);
  g_assert_cmpstr (text, ==, "Elsewhere.");
  g_clear_pointer (&text, g_free);
  text = saved_text (f, one);
  g_assert_cmpstr (text, ==, "First. Second. Third. Fourth.");
}

/* An export killed in an earlier run (its job names a process of another
 * boot) is marked interrupted when the application starts, and its
 * temporary file goes. */
static void
test_start_cleans_interrupted_export (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *temp = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (ui_test_skip_without_display ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  output = g_build_filename (f->dir, "book.epub", NULL);
  temp = df_test_write_file (f->dir, ".book.epub.part-AbC123", "half a book", -1);
  {
    g_autoptr(DfStore) s = df_test_store_open (f->db_path);
    g_autoptr(DfProject) project = df_test_make_project (s, "Half Exported", NULL);
    g_autoptr(sqlite3_stmt) insert = NULL;

    insert = df_store_prepare (s,
                               "INSERT INTO export_jobs (project_id, format, status, output_path, owner, temp_path,"
                               " created_at, started_at) VALUES (?1, 'epub', 'processing', ?2,"
                               " '00000000-0000-0000-0000-000000000000:1:1', ?3, '2026-01-01T00:00:00Z',"
                               " '2026-01-01T00:00:00Z')", &error);
    g_assert_no_error (error);
    sqlite3_bind_int64 (insert, 1, project->id);
    sqlite3_bind_text (insert, 2, output, -1, SQLITE_STATIC);
    sqlite3_bind_text (insert, 3, temp, -1, SQLITE_STATIC);
    g_assert_true (df_store_step_done (s, insert, &error));
    g_assert_no_error (error);
  }

  ui_test_app_start (f);
  stmt = df_store_prepare (ui_test_app_get_store (f), "SELECT status, error FROM export_jobs", &error);
  g_assert_no_error (error);
  g_assert_true (df_store_step (ui_test_app_get_store (f), stmt, &error));
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "failed");
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 1), ==, "interrupted");
  g_assert_false (g_file_test (temp, G_FILE_TEST_EXISTS));
}

/* Importing a book whose heading is too long for a title says so. */
static void
test_import_says_titles_shortened (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("# Short\n\nOne.\n\n# ");
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  AdwMessageDialog *dialog;

  if (ui_test_skip_without_display ())
    return;

  for (guint i = 0; i < 30; i++)
    g_string_append (text, "Longwinded ");
  g_string_append (text, "\n\nTwo.\n");
  path = df_test_write_file (f->dir, "book.md", text->str, -1);
  file = g_file_new_for_path (path);

  df_test_add_profile (f->db_path, "Writer");
  ui_test_app_start (f);
  df_window_import (f->window, file);
  dialog = ADW_MESSAGE_DIALOG (ui_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, 10000));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Imported “Book”: 2 chapters");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "1 title was longer than 200 characters and was shortened: chapter 2");
  adw_message_dialog_response (dialog, "close");
  gtk_window_close (GTK_WINDOW (dialog));
  ui_test_flush ();
}

int
main (int    argc,
      char **argv)
{
  ui_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, UiTestApp, NULL, ui_test_app_set_up, func, ui_test_app_tear_down)
  ADD ("/App/write-and-autosave", test_write_and_autosave);
  ADD ("/App/terminate-saves", test_terminate_saves);
  ADD ("/App/reorder-and-close", test_reorder_and_close);
  ADD ("/App/failed-save-keeps-text", test_failed_save_keeps_text);
  ADD ("/App/reader-and-profiles", test_reader_and_profiles);
  ADD ("/App/unreadable-database", test_unreadable_database);
  ADD ("/App/export-and-plugins", test_export_and_plugins);
  ADD ("/App/ui-extension", test_ui_extension);
  ADD ("/App/ui-extension-chapters", test_ui_extension_chapters);
  ADD ("/App/about-debug-info", test_about_debug_info);
  ADD ("/App/history-and-undelete", test_history_and_undelete);
  ADD ("/App/save-off-main-thread", test_save_off_main_thread);
  ADD ("/App/edit-during-save", test_edit_during_save);
  ADD ("/App/start-cleans-interrupted-export", test_start_cleans_interrupted_export);
  ADD ("/App/import-says-titles-shortened", test_import_says_titles_shortened);

  return g_test_run ();
}
