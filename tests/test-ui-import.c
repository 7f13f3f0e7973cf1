/* test-ui-import.c: the library's import asks whether to unwrap
 *
 * A plain-text manuscript is offered with "Join Hard-Wrapped Lines" on,
 * a Markdown file with it off; what the switch says is what the import
 * does.  An mdBook listing the import could not find shows in the
 * reader's view as a warning box, rustdoc's hidden lines are not shown,
 * and the import's dialog says which listings are missing.  With DRAFTFORGE_TEST_SHOTS set, the dialog and the view are
 * saved there as PNGs for people to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "df-book.h"
#include "df-import.h"
#include "df-library-view.h"
#include "df-markdown-view.h"
#include "df-model.h"
#include "df-window.h"
#include "ui-test-util.h"

typedef struct
{
  DfStore    *store;
  const char *slug;
} ProjectWait;

static gboolean
project_there (gpointer data)
{
  ProjectWait *wait = data;
  g_autoptr(DfProject) project = df_project_get (wait->store, wait->slug, FALSE, NULL);

  return project != NULL;
}

/* Asks to import @name (written with @text), checks the switch's
 * default, sets it to @unwrap, imports, and returns the first chapter's
 * text. */
static char *
import_through_dialog (UiTestApp  *f,
                       const char *name,
                       const char *text,
                       gboolean    expected_default,
                       gboolean    unwrap,
                       const char *slug)
{
  g_autofree char *path = df_test_write_file (f->dir, name, text, -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  ProjectWait wait = { ui_test_app_get_store (f), slug };
  GtkWidget *library = df_window_get_library_view (f->window);
  AdwMessageDialog *dialog;
  GtkSwitch *toggle;

  df_library_view_ask_import (DF_LIBRARY_VIEW (library), file);
  dialog = ADW_MESSAGE_DIALOG (ui_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, 10000));
  toggle = GTK_SWITCH (ui_test_get (GTK_WIDGET (dialog), GTK_TYPE_SWITCH, NULL));
  g_assert_cmpint (gtk_switch_get_active (toggle), ==, expected_default);
  ui_test_next_tick ();
  ui_test_save_png (GTK_WIDGET (dialog), name);

  gtk_switch_set_active (toggle, unwrap);
  adw_message_dialog_response (dialog, "import");
  gtk_window_close (GTK_WINDOW (dialog));
  ui_test_wait_toplevel_gone (ADW_TYPE_MESSAGE_DIALOG, 10000);
  ui_test_wait_until (project_there, &wait, 20000);

  project = df_project_get (wait.store, slug, FALSE, NULL);
  chapter = df_chapter_get_by_number (wait.store, project->id, 1, NULL);
  return g_strdup (chapter->content_md);
}

static void
test_unwrap_switch (UiTestApp     *f,
                    gconstpointer  data)
{
  static const char wrapped[] = "A paragraph wrapped by an editor at a width\nof about forty-five.\n";
  g_autofree char *text_default = NULL;
  g_autofree char *text_kept = NULL;
  g_autofree char *markdown_default = NULL;
  g_autofree char *markdown_joined = NULL;

  if (ui_test_skip_without_display ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  ui_test_app_start (f);

  text_default = import_through_dialog (f, "novel.txt", wrapped, TRUE, TRUE, "novel");
  g_assert_cmpstr (text_default, ==, "A paragraph wrapped by an editor at a width of about forty-five.\n");
  text_kept = import_through_dialog (f, "kept.txt", wrapped, TRUE, FALSE, "kept");
  g_assert_cmpstr (text_kept, ==, wrapped);
  markdown_default = import_through_dialog (f, "notes.md", wrapped, FALSE, FALSE, "notes");
  g_assert_cmpstr (markdown_default, ==, wrapped);
  markdown_joined = import_through_dialog (f, "joined.md", wrapped, FALSE, TRUE, "joined");
  g_assert_cmpstr (markdown_joined, ==, "A paragraph wrapped by an editor at a width of about forty-five.\n");
}

static gboolean
rendered (gpointer data)
{
  return !df_markdown_view_is_rendering (data);
}

/* The fixture mdBook, two of whose listings are missing: the chapter as
 * the reader shows it says which, each in its box. */
static void
test_listing_not_found (void)
{
  g_autofree char *book = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfImportResult) result = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *view;
  GtkWidget *window;
  GtkTextIter at;
  GtkTextTag *box;

  if (ui_test_skip_without_display ())
    return;
  book = df_test_fixture_path ("import/mdbook-listings/src");

  store = ui_test_store_new (&dir);
  result = df_import_run (store, book, DF_IMPORT_AUTO, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  chapter = df_chapter_get_by_number (store, result->project->id, 1, &error);
  g_assert_no_error (error);

  view = df_markdown_view_new ();
  window = ui_test_window_new (view, 800, 780);
  df_markdown_view_set_markdown (DF_MARKDOWN_VIEW (view), store, result->project->id, chapter->content_md);
  ui_test_wait_until (rendered, view, 10000);
  ui_test_flush ();

  shown = ui_test_text_of (view);
  /* no directive left, the box's text, no hidden line */
  g_assert_null (strstr (shown, "{{#rustdoc_include ../"));
  g_assert_null (strstr (shown, "# fn hidden() {}"));
  df_test_assert_contains (shown, "\nfn main() {\n");
  at = ui_test_find_text (view, "Listing not found: ../listings/gone/src/main.rs");
  box = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view))),
                                   DF_MDBOOK_MISSING_CLASS);
  g_assert_nonnull (box);
  g_assert_true (gtk_text_iter_has_tag (&at, box));
  at = ui_test_find_text (view, "Listing not found: ../listings/gone.md");
  g_assert_true (gtk_text_iter_has_tag (&at, box));
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (view), &at, 0.0, TRUE, 0.0, 0.3);
  ui_test_flush ();
  ui_test_save_png (window, "listing-not-found");

  ui_test_window_destroy (window);
  g_assert_finalize_object (view);
  g_clear_object (&store);
  df_test_tmp_dir_free (g_steal_pointer (&dir));
}

/* Importing an mdBook with missing listings says how many and which. */
static void
test_summary_dialog (UiTestApp     *f,
                     gconstpointer  data)
{
  g_autofree char *book = NULL;
  g_autoptr(GFile) file = NULL;
  AdwMessageDialog *dialog;

  if (ui_test_skip_without_display ())
    return;
  book = df_test_fixture_path ("import/mdbook-listings/src");
  file = g_file_new_for_path (book);

  df_test_add_profile (f->db_path, "Writer");
  ui_test_app_start (f);
  df_window_import (f->window, file);
  dialog = ADW_MESSAGE_DIALOG (ui_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, 10000));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Imported “Listings”: 2 chapters");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "3 included files could not be found; the chapters show “Listing not found” in their place:\n"
                   "  includes.md, line 70: ../listings/gone/src/main.rs\n"
                   "  includes.md, line 75: ../listings/gone.md\n"
                   "  includes.md, line 77: ../../mdbook/src/SUMMARY.md");
  ui_test_save_png (GTK_WIDGET (dialog), "summary");
  adw_message_dialog_response (dialog, "close");
  gtk_window_close (GTK_WINDOW (dialog));
  ui_test_wait_toplevel_gone (ADW_TYPE_MESSAGE_DIALOG, 10000);
}

/* The drop target of the projects page. */
static GtkDropTarget *
library_drop_target (UiTestApp *f)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (df_window_get_library_view (f->window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  g_error ("The projects page takes no drop");
}

/* Drops @files on the projects page as a file manager does; what the
 * page answers. */
static gboolean
drop_files (UiTestApp *f,
            GSList    *files)
{
  GValue value = G_VALUE_INIT;
  gboolean taken = FALSE;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_signal_emit_by_name (library_drop_target (f), "drop", &value, 10.0, 10.0, &taken);
  g_value_unset (&value);
  return taken;
}

/* A Project Gutenberg text dropped from the file manager on the projects
 * page: imported as Import… does, without its header and licence, and
 * the dialog says so.  Two files at once: one at a time, it says. */
static void
test_drop_gutenberg (UiTestApp     *f,
                     gconstpointer  data)
{
  const char *text =
    "The Project Gutenberg eBook of Emma\n\nTitle: Emma\n\nAuthor: Jane Austen\n\n"
    "*** START OF THE PROJECT GUTENBERG EBOOK EMMA ***\n\n"
    "Chapter 1\n\nEmma Woodhouse, handsome, clever, and rich.\n\n"
    "Chapter 2\n\nMr. Weston was a native of Highbury.\n\n"
    "*** END OF THE PROJECT GUTENBERG EBOOK EMMA ***\n\nSection 1. General Terms of Use\n";
  g_autofree char *path = df_test_write_file (f->dir, "pg158.txt", text, -1);
  g_autofree char *other = df_test_write_file (f->dir, "other.txt", "Chapter 1\n\nWords.\n", -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) other_file = g_file_new_for_path (other);
  g_autoptr(GSList) one = g_slist_prepend (NULL, file);
  g_autoptr(GSList) two = g_slist_prepend (g_slist_prepend (NULL, other_file), file);
  AdwMessageDialog *dialog;

  if (ui_test_skip_without_display ())
    return;
  df_test_add_profile (f->db_path, "Writer");
  ui_test_app_start (f);

  g_assert_false (drop_files (f, two));
  g_assert_cmpstr (ui_test_toast_text (GTK_WIDGET (f->window)), ==, "Drop one manuscript or book folder at a time");

  g_assert_true (drop_files (f, one));
  dialog = ADW_MESSAGE_DIALOG (ui_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, 10000));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Imported “Emma”: 2 chapters");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "The Project Gutenberg header and licence around the book were left out");
  adw_message_dialog_response (dialog, "close");
  gtk_window_close (GTK_WINDOW (dialog));
  ui_test_wait_toplevel_gone (ADW_TYPE_MESSAGE_DIALOG, 10000);
  g_assert_cmpint (ui_test_app_project_id (f, "emma"), !=, 0);
}

typedef struct
{
  UiTestApp  *f;
  const char *title;
} Listed;

/* Whether a row titled @title is under @widget. */
static gboolean
has_row (GtkWidget  *widget,
         const char *title)
{
  if (ADW_IS_ACTION_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (has_row (child, title))
      return TRUE;
  return FALSE;
}

/* The import is done: its progress is gone and the projects list it
 * (the window takes the next import only then). */
static gboolean
is_listed (gpointer data)
{
  Listed *listed = data;
  GtkWidget *library = df_window_get_library_view (listed->f->window);
  GtkWidget *progress = ui_test_get (library, GTK_TYPE_REVEALER, NULL);

  return !gtk_revealer_get_reveal_child (GTK_REVEALER (progress)) && has_row (library, listed->title);
}

/* Import… on a Word document, an OpenDocument text or a novelWriter
 * project does not ask whether to join hard-wrapped lines (they hold
 * paragraphs, not lines): it imports at once, and says what it left out
 * (the novelWriter project's archive and note), or nothing. */
static void
test_documents_ask_nothing (UiTestApp     *f,
                            gconstpointer  data)
{
  const struct { const char *fixture; const char *title; const char *heading; } cases[] = {
    { "import/odt/pandoc.odt", "The Sample", NULL },
    { "import/docx/manuscript.docx", "The Lighthouse", NULL },
    { "import/novelwriter/lighthouse", "The Lighthouse Keeper", "Imported “The Lighthouse Keeper”: 3 chapters" },
  };

  if (ui_test_skip_without_display ())
    return;
  df_test_add_profile (f->db_path, "Writer");
  ui_test_app_start (f);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = df_test_fixture_path (cases[i].fixture);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      AdwMessageDialog *dialog;

      df_library_view_ask_import (DF_LIBRARY_VIEW (df_window_get_library_view (f->window)), file);
      if (cases[i].heading == NULL)
        {
          /* Nothing left out: imported, and no dialog at all (not the
           * question "Import “…”" with its switch). */
          Listed listed = { f, cases[i].title };

          ui_test_wait_until (is_listed, &listed, 10000);
          g_assert_null (ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
          continue;
        }
      dialog = ADW_MESSAGE_DIALOG (ui_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, 10000));
      if (g_str_has_prefix (adw_message_dialog_get_heading (dialog), "Import “"))
        g_error ("%s: asked whether to join hard-wrapped lines", cases[i].fixture);
      g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, cases[i].heading);
      adw_message_dialog_response (dialog, "close");
      gtk_window_close (GTK_WINDOW (dialog));
      ui_test_wait_toplevel_gone (ADW_TYPE_MESSAGE_DIALOG, 10000);
    }
}

int
main (int    argc,
      char **argv)
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/Import/listing-not-found", test_listing_not_found);
  g_test_add ("/Import/summary-dialog", UiTestApp, NULL, ui_test_app_set_up, test_summary_dialog,
              ui_test_app_tear_down);
  g_test_add ("/Import/drop-gutenberg", UiTestApp, NULL, ui_test_app_set_up, test_drop_gutenberg,
              ui_test_app_tear_down);
  g_test_add ("/Import/documents-ask-nothing", UiTestApp, NULL, ui_test_app_set_up, test_documents_ask_nothing,
              ui_test_app_tear_down);
  g_test_add ("/Import/unwrap-switch", UiTestApp, NULL, ui_test_app_set_up, test_unwrap_switch,
              ui_test_app_tear_down);

  return g_test_run ();
}
