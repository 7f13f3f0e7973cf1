/* test-ui-history.c: the window of earlier versions and deleted chapters,
 * made directly
 *
 * Each test owns the window it makes, reads and restores as a person
 * would, and ends with g_assert_finalize_object (): once closed, nothing
 * may keep the window (or the versions it holds) alive.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "df-history-window.h"
#include "df-model.h"
#include "ui-test-util.h"

typedef struct
{
  char      *dir;
  DfStore   *store;
  gint64     project_id;
  gint64     chapter_id;
  char      *restored;      /* the text of the version "restore" gave */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfChapter) chapter = NULL;

  if (!ui_test_have_display ())
    return;

  f->store = ui_test_store_new (&f->dir);
  chapter = df_test_make_chapter (f->store, "Drafts", "One", "First draft.\n");
  f->project_id = chapter->project_id;
  f->chapter_id = chapter->id;
  g_assert_true (df_chapter_save_content (f->store, chapter->id, "Second draft.\n", &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->store == NULL)
    return;

  g_assert_finalize_object (f->store);
  df_test_tmp_dir_free (f->dir);
  g_free (f->restored);
}

static void
restore_cb (DfHistoryWindow  *window,
            const DfRevision *revision,
            Fixture          *f)
{
  g_assert_null (f->restored);
  f->restored = g_strdup (revision->content_md);
}

static gboolean
window_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static char *
preview_text (DfHistoryWindow *window)
{
  return ui_test_text_of (ui_test_get (GTK_WIDGET (window), GTK_TYPE_TEXT_VIEW, "history-preview"));
}

/* A chapter's earlier version: shown, compared with the text now, and
 * restored, which closes the window. */
static void
test_chapter_versions (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *compared = NULL;
  DfHistoryWindow *window;
  GtkWidget *compare;

  if (ui_test_skip_without_display ())
    return;

  window = df_history_window_new_for_chapter (f->store, f->chapter_id, "One", "Second draft.\n", &error);
  g_assert_no_error (error);
  /* GTK owns a window until it is destroyed; the test holds it beyond. */
  g_object_ref (window);
  g_signal_connect (window, "restore", G_CALLBACK (restore_cb), f);
  gtk_window_present (GTK_WINDOW (window));
  ui_test_flush ();

  g_assert_cmpuint (df_history_window_get_n_items (window), ==, 1);
  g_assert_cmpstr (df_history_window_get_selected (window)->content_md, ==, "First draft.\n");
  shown = preview_text (window);
  g_assert_cmpstr (shown, ==, "First draft.\n");

  /* Changes: from that version to the text now. */
  compare = ui_test_get (GTK_WIDGET (window), GTK_TYPE_TOGGLE_BUTTON, "history-compare");
  g_assert_true (gtk_widget_get_visible (compare));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (compare), TRUE);
  compared = preview_text (window);
  g_assert_cmpstr (compared, ==, "FirstSecond draft.\n");

  gtk_widget_activate_action (GTK_WIDGET (window), "history.restore", NULL);
  g_assert_cmpstr (f->restored, ==, "First draft.\n");
  ui_test_wait_until (window_hidden, window, 5000);
  ui_test_flush ();
  g_assert_finalize_object (window);
}

/* The deleted chapters of a project; closing without restoring. */
static void
test_deleted_chapters (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfChapter) doomed = NULL;
  DfHistoryWindow *window;

  if (ui_test_skip_without_display ())
    return;

  doomed = df_test_append_chapter (f->store, f->project_id, 0, "Two", "Doomed words.\n");
  g_assert_true (df_chapter_delete (f->store, doomed->id, &error));
  g_assert_no_error (error);

  window = g_object_ref (df_history_window_new_for_deleted (f->store, f->project_id, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  ui_test_flush ();

  g_assert_cmpuint (df_history_window_get_n_items (window), ==, 1);
  g_assert_cmpstr (df_history_window_get_selected (window)->title, ==, "Two");
  g_assert_false (gtk_widget_get_visible (ui_test_get (GTK_WIDGET (window), GTK_TYPE_TOGGLE_BUTTON,
                                                       "history-compare")));

  gtk_window_close (GTK_WINDOW (window));
  ui_test_wait_until (window_hidden, window, 5000);
  ui_test_flush ();
  g_assert_null (f->restored);
  g_assert_finalize_object (window);
}

/* Nothing to list: nothing selected, and Restore does nothing. */
static void
test_nothing_deleted (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DfHistoryWindow *window;

  if (ui_test_skip_without_display ())
    return;

  window = g_object_ref (df_history_window_new_for_deleted (f->store, f->project_id, &error));
  g_assert_no_error (error);
  g_signal_connect (window, "restore", G_CALLBACK (restore_cb), f);
  gtk_window_present (GTK_WINDOW (window));
  ui_test_flush ();

  g_assert_cmpuint (df_history_window_get_n_items (window), ==, 0);
  g_assert_null (df_history_window_get_selected (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "history.restore", NULL);
  ui_test_flush ();
  g_assert_null (f->restored);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  ui_test_window_destroy (GTK_WIDGET (window));
  g_assert_finalize_object (window);
}

int
main (int    argc,
      char **argv)
{
  ui_test_init (&argc, &argv);

  DF_TEST_ADD ("/ui/history/chapter-versions", test_chapter_versions);
  DF_TEST_ADD ("/ui/history/deleted-chapters", test_deleted_chapters);
  DF_TEST_ADD ("/ui/history/nothing-deleted", test_nothing_deleted);

  return g_test_run ();
}
