/* test-ui-store.c: the application with a damaged, read-only, unreadable
 * or crashed database
 *
 * A damaged database shows the error page with its backups (the good
 * ones first) and is never backed up over them, whether the damage shows
 * at the start-up check or in a query while the app runs; a read-only
 * one shows the library with a bar that says why nothing can be changed,
 * and never offers a backup; saves a crash left that could not be read
 * are said in a dialog.  As root the test drops the capabilities that
 * ignore permissions (df_test_faults_init).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "df-application.h"
#include "df-backup.h"
#include "df-export-dialog.h"
#include "df-library-view.h"
#include "df-model.h"
#include "df-project-view.h"
#include "df-store-private.h"
#include "df-test-faults.h"
#include "df-window.h"
#include "ui-test-util.h"

typedef struct
{
  UiTestApp      ui;
  char          *backups;
  char          *slug;
  gint64         revised;     /* a chapter with a revision, whose page we damage */
  char          *revision_marker;
} Fixture;

/* A book whose chapter 5 was rewritten: its first text (with its
 * marker) is only in chapter_revisions, a table the library never
 * reads. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfProject) book = NULL;
  g_autoptr(DfChapter) chapter = NULL;

  if (!ui_test_have_display ())
    return;

  ui_test_app_set_up (&f->ui, data);
  f->backups = g_build_filename (f->ui.dir, "draftforge-backups", NULL);

  store = df_test_store_open (f->ui.db_path);
  book = df_test_make_book (store, "Harbour Lights", 30);
  f->slug = g_strdup (book->slug);
  chapter = df_chapter_get_by_number (store, book->id, 5, &error);
  g_assert_no_error (error);
  f->revised = chapter->id;
  f->revision_marker = df_test_book_marker (book->slug, 5);
  g_assert_true (df_chapter_save_content (store, f->revised, "# Chapter 5\n\nRewritten.\n", &error));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* The folder's permissions, which a test takes away, come back as it
   * is removed; the database's do not matter to its removal. */
  ui_test_app_tear_down (&f->ui, data);
  g_free (f->backups);
  g_free (f->slug);
  g_free (f->revision_marker);
}

static DfStore *
app_store (Fixture *f)
{
  return ui_test_app_get_store (&f->ui);
}

/* The error page offers a backup that passed its check. */
static gboolean
restore_offered (gpointer data)
{
  Fixture *f = data;

  return ui_test_can_click (GTK_WIDGET (f->ui.window), "restore-backup");
}

/* The number of start-up backups in the folder. */
static guint
count_backups (Fixture *f)
{
  return df_test_count_files (f->backups, ".db");
}

static gboolean
has_backup (gpointer data)
{
  return count_backups (data) > 0;
}

static DfBackup *
backup_at (Fixture *f,
           int      days_ago)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = df_test_store_open (f->ui.db_path);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -days_ago);
  DfBackup *backup = df_backup_make (store, then, &error);

  g_assert_no_error (error);
  return backup;
}

static const char *
error_page_text (Fixture *f)
{
  GtkWidget *page = ui_test_get (GTK_WIDGET (f->ui.window), ADW_TYPE_STATUS_PAGE, "store-error");

  return adw_status_page_get_description (ADW_STATUS_PAGE (page));
}

/* Opens the backup the page offers first, and checks the book is back
 * and the damaged file kept beside it, byte for byte. */
static void
restore_and_check (Fixture    *f,
                   const char *damaged,
                   gsize       damaged_len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;

  ui_test_app_restore_backup (&f->ui, damaged, damaged_len);
  project = df_project_get (app_store (f), f->slug, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (project->n_chapters, ==, 30);
  g_assert_cmpuint (df_library_view_get_n_rows (DF_LIBRARY_VIEW (df_window_get_library_view (f->ui.window))), ==, 1);
}

/* Damage only the start-up check sees: the page says so and lists the
 * backups, the good one first; no backup of the damaged file is made. */
static void
test_damaged_at_start (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(DfBackup) good = NULL;
  g_autoptr(DfBackup) newer = NULL;
  g_autofree char *damaged = NULL;
  GtkListBoxRow *first, *second;
  gsize damaged_len;

  if (ui_test_skip_without_display ())
    return;

  good = backup_at (f, 2);
  newer = backup_at (f, 1);
  df_test_damage_page (newer->path, f->revision_marker);
  df_test_damage_page (f->ui.db_path, f->revision_marker);
  damaged = df_test_read_file (f->ui.db_path, &damaged_len);

  ui_test_app_start (&f->ui);
  ui_test_app_wait_for_page (&f->ui, "error", 20000);
  df_test_assert_contains (error_page_text (f), "is damaged");
  ui_test_wait_until (restore_offered, f, 20000);

  first = gtk_list_box_get_row_at_index (GTK_LIST_BOX (ui_test_get (GTK_WIDGET (f->ui.window), GTK_TYPE_LIST_BOX, "backups")), 0);
  second = gtk_list_box_get_row_at_index (GTK_LIST_BOX (ui_test_get (GTK_WIDGET (f->ui.window), GTK_TYPE_LIST_BOX, "backups")), 1);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (first)), ==, good->path);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (first)));
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (second)), ==, newer->path);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (second)));
  g_assert_cmpuint (count_backups (f), ==, 2);

  restore_and_check (f, damaged, damaged_len);
}

/* Damage a query meets while the app runs: the same page, not an empty
 * library. */
static void
test_damaged_while_running (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autofree char *damaged = NULL;
  gsize damaged_len;

  if (ui_test_skip_without_display ())
    return;

  ui_test_app_start (&f->ui);
  ui_test_wait_until (has_backup, f, 20000);
  ui_test_app_open_project (&f->ui, f->slug);

  df_test_damage_page (f->ui.db_path, f->revision_marker);
  damaged = df_test_read_file (f->ui.db_path, &damaged_len);
  revisions = df_revision_list (app_store (f), f->revised, &error);
  g_assert_error (error, DF_ERROR, DF_ERROR_CORRUPT);
  g_assert_null (revisions);

  ui_test_app_wait_for_page (&f->ui, "error", 20000);
  g_assert_null (app_store (f));
  df_test_assert_contains (error_page_text (f), "is damaged");
  g_assert_cmpint (df_project_view_get_project_id (ui_test_app_get_project_view (&f->ui)), ==, 0);

  restore_and_check (f, damaged, damaged_len);
}

/* Exports the open book to HTML, in a folder of its own. */
static void
export_html (Fixture *f)
{
  g_autofree char *out_dir = df_test_tmp_dir_new ("ui-store-export");
  g_autofree char *out = g_build_filename (out_dir, "book.html", NULL);
  g_autofree char *html = NULL;
  DfExportDialog *dialog;
  gsize len;

  gtk_widget_activate_action (GTK_WIDGET (f->ui.window), "win.export", NULL);
  dialog = DF_EXPORT_DIALOG (ui_test_wait_for_toplevel (DF_TYPE_EXPORT_DIALOG, 5000));
  g_assert_true (df_export_dialog_set_format (dialog, "html"));
  df_export_dialog_export_to (dialog, out);
  ui_test_wait_toplevel_gone (DF_TYPE_EXPORT_DIALOG, 60000);

  html = df_test_read_file (out, &len);
  df_test_assert_contains (html, "Chapter 30");
  df_test_remove_tree (out_dir);
}

/* Reads as usual; the bar says why nothing can be changed; the editor
 * takes no typing; exporting works; no backup offered or made; nothing
 * of the place changes. */
static void
assert_read_only_app (Fixture    *f,
                      const char *place)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = g_strdup_printf ("This database is read-only: “%s” cannot be written. "
                                             "Check its permissions.", place);
  GtkWidget *label;
  GtkWidget *editor;

  ui_test_app_start (&f->ui);
  g_assert_cmpstr (df_window_get_page (f->ui.window), !=, "error");
  g_assert_cmpuint (df_library_view_get_n_rows (DF_LIBRARY_VIEW (df_window_get_library_view (f->ui.window))), ==, 1);
  label = ui_test_get (GTK_WIDGET (f->ui.window), GTK_TYPE_LABEL, "read-only-reason");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, reason);
  g_assert_true (ui_test_revealed (GTK_WIDGET (f->ui.window), "read-only-reason"));

  editor = df_project_view_get_editor (ui_test_app_open_project (&f->ui, f->slug));
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (editor)));
  g_assert_false (restore_offered (f));
  export_html (f);
  ui_test_app_stop (&f->ui);
  g_assert_cmpuint (count_backups (f), ==, 0);
}

static void
test_read_only_folder (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (ui_test_skip_without_display () || !df_test_permissions_enforced ())
    return;

  before = df_test_snapshot_dir (f->ui.dir);
  g_assert_cmpint (g_chmod (f->ui.dir, 0500), ==, 0);
  assert_read_only_app (f, f->ui.dir);
  g_assert_cmpint (g_chmod (f->ui.dir, 0700), ==, 0);
  after = df_test_snapshot_dir (f->ui.dir);
  g_assert_cmpstr (after, ==, before);
}

static void
test_read_only_file (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (ui_test_skip_without_display () || !df_test_permissions_enforced ())
    return;

  g_assert_cmpint (g_chmod (f->ui.db_path, 0400), ==, 0);
  before = df_test_snapshot_dir (f->ui.dir);
  assert_read_only_app (f, f->ui.db_path);
  after = df_test_snapshot_dir (f->ui.dir);
  g_assert_cmpstr (after, ==, before);
}

/* A file DraftForge may not read: said, and no backup offered, though
 * there is one. */
static void
test_unreadable_file (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(DfBackup) backup = NULL;
  GtkWidget *list;

  if (ui_test_skip_without_display () || !df_test_permissions_enforced ())
    return;

  backup = backup_at (f, 1);
  g_assert_cmpint (g_chmod (f->ui.db_path, 0200), ==, 0);
  ui_test_app_start (&f->ui);
  g_assert_cmpstr (df_window_get_page (f->ui.window), ==, "error");
  df_test_assert_contains (error_page_text (f), "DraftForge cannot read");
  df_test_assert_contains (error_page_text (f), "check its permissions");
  list = ui_test_get (GTK_WIDGET (f->ui.window), GTK_TYPE_LIST_BOX, "backups");
  g_assert_false (gtk_widget_get_visible (list));
  g_assert_false (restore_offered (f));
  g_assert_true (g_file_test (f->ui.db_path, G_FILE_TEST_EXISTS));
}

/* A journal a crash left, damaged in its sixth save of ten. */
static void
make_crashed_journal (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = df_test_store_open (f->ui.db_path);
  g_autofree char *crash_dir = g_build_filename (f->ui.dir, "crash", NULL);
  g_autofree char *wal = NULL;

  g_assert_true (df_store_exec (store, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
  for (guint n = 1; n <= 10; n++)
    {
      g_autofree char *text = g_strdup_printf ("# Chapter 5\n\nSave %u.\n", n);
      g_assert_true (df_chapter_save_content (store, f->revised, text, &error));
    }

  /* Copied while open: what a crash leaves. */
  g_free (f->ui.db_path);
  f->ui.db_path = df_test_crash_copy (df_store_get_path (store), crash_dir);
  g_clear_object (&store);
  g_setenv ("DRAFTFORGE_DB", f->ui.db_path, TRUE);
  wal = g_strconcat (f->ui.db_path, "-wal", NULL);
  df_test_flip_byte (wal, df_test_wal_offset (f->ui.db_path, 6) + 24 + 100);
}

static void
test_journal_warning (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(DfChapter) chapter = NULL;
  AdwMessageDialog *dialog;

  if (ui_test_skip_without_display ())
    return;

  make_crashed_journal (f);
  ui_test_app_start (&f->ui);
  dialog = ADW_MESSAGE_DIALOG (ui_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, 20000));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Some Recent Saves Could Not Be Read");
  df_test_assert_contains (adw_message_dialog_get_body (dialog), "5 recent saves");
  df_test_assert_contains (adw_message_dialog_get_body (dialog), "draftforge.db-wal.unreplayed-");
  adw_message_dialog_response (dialog, "close");
  ui_test_flush ();

  chapter = df_test_get_chapter (app_store (f), f->revised);
  g_assert_cmpstr (chapter->content_md, ==, "# Chapter 5\n\nSave 5.\n");
}

int
main (int    argc,
      char **argv)
{
  df_test_faults_init ();
  ui_test_init (&argc, &argv);

  DF_TEST_ADD ("/UiStore/damaged-at-start", test_damaged_at_start);
  DF_TEST_ADD ("/UiStore/damaged-while-running", test_damaged_while_running);
  DF_TEST_ADD ("/UiStore/read-only-folder", test_read_only_folder);
  DF_TEST_ADD ("/UiStore/read-only-file", test_read_only_file);
  DF_TEST_ADD ("/UiStore/unreadable-file", test_unreadable_file);
  DF_TEST_ADD ("/UiStore/journal-warning", test_journal_warning);

  return g_test_run ();
}
