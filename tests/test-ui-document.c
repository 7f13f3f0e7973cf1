/* test-ui-document.c: the open chapter when other programs write and the
 * disk fails
 *
 * The whole application in a real window, with the command line writing
 * to the same database: a chapter saved elsewhere is reloaded when
 * nothing is unsaved, and kept beside the user's text when something is;
 * the chapter list follows; a failed save is tried again without being
 * asked; and another program's write lock never makes typing wait.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include "df-application.h"
#include "df-editor.h"
#include "df-history-window.h"
#include "df-model.h"
#include "df-project-sidebar.h"
#include "df-project-view.h"
#include "df-store-private.h"
#include "df-window.h"
#include "ui-test-util.h"

#define THREE_PARAGRAPHS "First paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n"

/* The application, and the chapter open in it. */
typedef struct
{
  UiTestApp      ui;
  DfProjectView *view;
  gint64         chapter_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  ui_test_app_set_up (&f->ui, data);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ui_test_app_tear_down (&f->ui, data);
}

/* A project "shared" with chapters One (@text) and Two, open at One. */
static void
open_shared (Fixture    *f,
             const char *text)
{
  df_test_add_profile (f->ui.db_path, "Writer");
  df_test_add_project (f->ui.db_path, "Shared", "One", text, "Two", "Elsewhere.", NULL);

  ui_test_app_start (&f->ui);
  /* The settings outlive an application in the tests' memory backend:
   * start each test from chapter One and the usual autosave. */
  {
    GSettings *settings = df_session_get_settings (ui_test_app_get_session (&f->ui));

    g_settings_reset (settings, "last-project");
    g_settings_reset (settings, "last-chapter");
    g_settings_reset (settings, "autosave-interval");
  }
  f->view = ui_test_app_open_project (&f->ui, "shared");
  f->chapter_id = df_project_view_get_chapter_id (f->view);
}

static DfStore *
app_store (Fixture *f)
{
  return ui_test_app_get_store (&f->ui);
}

static DfDocument *
document (Fixture *f)
{
  return df_project_view_get_document (f->view);
}

static GtkTextBuffer *
editor_buffer (Fixture *f)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (df_project_view_get_editor (f->view)));
}

static char *
editor_text (Fixture *f)
{
  return ui_test_editor_text (f->view);
}

static char *
saved_text (Fixture *f)
{
  g_autoptr(DfChapter) c = df_chapter_get (app_store (f), f->chapter_id, NULL);

  return c != NULL ? g_strdup (c->content_md) : NULL;
}

/* draftforge-cli --db DB ARGS..., which must succeed. */
static void
run_cli (Fixture            *f,
         const char         *input,
         const char * const *args)
{
  g_autoptr(DfTestRun) run = df_test_run_cli (f->ui.db_path, NULL, input, args);

  g_assert_cmpint (run->status, ==, 0);
}

static const char *
save_state (Fixture *f)
{
  return gtk_label_get_text (GTK_LABEL (ui_test_get (GTK_WIDGET (f->view), GTK_TYPE_LABEL, "save-state")));
}

typedef struct
{
  Fixture    *f;
  const char *expected;
} TextCheck;

static gboolean
editor_shows (gpointer data)
{
  TextCheck *check = data;
  g_autofree char *text = editor_text (check->f);

  return g_strcmp0 (text, check->expected) == 0;
}

/* The open chapter of @f holds @text. */
static DfTestChapterText
saved_check (Fixture    *f,
             const char *text)
{
  return (DfTestChapterText) { app_store (f), f->chapter_id, text };
}

static gboolean
conflict_banner_shown (gpointer data)
{
  return ui_test_revealed (data, "conflict-banner");
}

/* With nothing unsaved, a chapter the command line writes shows in the
 * window: the cursor stays with its text, the view says Saved, and no
 * later autosave writes the old text back. */
static void
test_reload_from_elsewhere (Fixture       *f,
                            gconstpointer  data)
{
  const char *theirs = "First paragraph.\n\nSecond paragraph.\n\nThird paragraph, rewritten by the command line.\n";
  g_autofree char *text = NULL;
  GtkTextIter cursor;
  TextCheck check;

  if (ui_test_skip_without_display ())
    return;

  open_shared (f, "First paragraph.\n\nSecond paragraph.\n\nThird paragraph.");
  /* Typed and saved here: Undo could take it back until the reload. */
  gtk_text_buffer_get_end_iter (editor_buffer (f), &cursor);
  gtk_text_buffer_place_cursor (editor_buffer (f), &cursor);
  ui_test_type (f->view, "\n");
  g_assert_true (df_project_view_save (f->view, NULL));
  g_assert_true (gtk_text_buffer_get_can_undo (editor_buffer (f)));
  /* The cursor in the second paragraph, after "Second". */
  cursor = ui_test_find_text (df_project_view_get_editor (f->view), " paragraph.\n\nThird");
  gtk_text_buffer_place_cursor (editor_buffer (f), &cursor);

  run_cli (f, theirs, DF_TEST_STRV ("chapter", "write", "shared", "1"));

  check = (TextCheck) { f, theirs };
  ui_test_wait_until (editor_shows, &check, 10000);
  g_assert_false (df_project_view_get_modified (f->view));
  g_assert_cmpstr (save_state (f), ==, "Saved");
  gtk_text_buffer_get_iter_at_mark (editor_buffer (f), &cursor, gtk_text_buffer_get_insert (editor_buffer (f)));
  g_assert_cmpint (gtk_text_iter_get_offset (&cursor), ==, (int) strlen ("First paragraph.\n\nSecond"));
  /* Not an edit: Undo does not bring the old text back over theirs (it
   * is in the chapter's history). */
  g_assert_false (gtk_text_buffer_get_can_undo (editor_buffer (f)));

  /* Typing goes on from their text, and saving keeps it. */
  gtk_text_buffer_insert_interactive_at_cursor (editor_buffer (f), " (mine)", -1, TRUE);
  g_assert_true (df_project_view_save (f->view, NULL));
  text = saved_text (f);
  g_assert_cmpstr (text, ==, "First paragraph.\n\nSecond (mine) paragraph.\n\nThird paragraph, rewritten by the command line.\n");
}

typedef struct
{
  DfStore *store;
  gint64   chapter_id;
} SeenCheck;

/* No version saved elsewhere is left unseen. */
static gboolean
conflict_seen (gpointer data)
{
  SeenCheck *check = data;
  gint64 unseen = -1;

  return df_revision_find_unseen (check->store, check->chapter_id, &unseen, NULL) && unseen == 0;
}

/* With unsaved text in the window, the command line's text does not
 * replace it, and is not lost either: the window's text is saved, the
 * other kept as a version saved elsewhere that autosave's thinning keeps,
 * a banner says so, and Compare shows the two (which marks it seen). */
static void
test_conflict_keeps_both (Fixture       *f,
                          gconstpointer  data)
{
  const char *theirs = "Their text, from the command line.\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autofree char *text = NULL;
  g_autofree char *mine = NULL;
  DfHistoryWindow *history;
  DfRevision *kept;
  GtkTextIter end;
  SeenCheck seen;

  if (ui_test_skip_without_display ())
    return;

  open_shared (f, THREE_PARAGRAPHS);
  gtk_text_buffer_get_end_iter (editor_buffer (f), &end);
  gtk_text_buffer_place_cursor (editor_buffer (f), &end);
  ui_test_type (f->view, "Mine, not saved yet.");
  mine = editor_text (f);

  run_cli (f, theirs, DF_TEST_STRV ("chapter", "write", "shared", "1"));

  ui_test_wait_until (conflict_banner_shown, f->view, 10000);
  ui_test_wait_until (ui_test_view_saved, f->view, 10000);
  text = editor_text (f);
  g_assert_cmpstr (text, ==, mine);
  g_clear_pointer (&text, g_free);
  text = saved_text (f);
  g_assert_cmpstr (text, ==, mine);

  revisions = df_revision_list (app_store (f), f->chapter_id, &error);
  g_assert_no_error (error);
  kept = df_test_find_revision (revisions, theirs);
  g_assert_nonnull (kept);
  g_assert_cmpstr (kept->kind, ==, "conflict");
  g_assert_null (kept->seen_at);
  seen = (SeenCheck) { app_store (f), f->chapter_id };

  /* Autosave goes on, and thins the history at each save: theirs stays. */
  for (int i = 0; i < 5; i++)
    {
      ui_test_type (f->view, " More.");
      g_assert_true (df_project_view_save (f->view, &error));
    }
  g_clear_pointer (&revisions, g_ptr_array_unref);
  revisions = df_revision_list (app_store (f), f->chapter_id, &error);
  g_assert_nonnull (df_test_find_revision (revisions, theirs));

  /* Compare: the history, at their version, showing the changes from it
   * to the text in the editor. */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "project.compare-conflict", NULL);
  history = DF_HISTORY_WINDOW (ui_test_wait_for_toplevel (DF_TYPE_HISTORY_WINDOW, 5000));
  g_assert_cmpstr (df_history_window_get_selected (history)->content_md, ==, theirs);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (ui_test_get (GTK_WIDGET (history),
                                                                               GTK_TYPE_TOGGLE_BUTTON,
                                                                               "history-compare"))));
  g_assert_false (conflict_banner_shown (f->view));
  ui_test_wait_until (conflict_seen, &seen, 10000);
  gtk_window_close (GTK_WINDOW (history));
  ui_test_flush ();
}

typedef struct
{
  DfProjectSidebar *sidebar;
  guint             n;
} CountCheck;

static gboolean
sidebar_lists (gpointer data)
{
  CountCheck *check = data;

  return df_project_sidebar_get_n_chapters (check->sidebar) == check->n;
}

static gboolean
title_is (gpointer data)
{
  TextCheck *check = data;

  return g_strcmp0 (df_project_view_get_title (check->f->view), check->expected) == 0;
}

/* Chapters added and renamed by the command line show in the list, and
 * the open chapter's new title in the window's title. */
static void
test_chapter_list_follows (Fixture       *f,
                           gconstpointer  data)
{
  DfProjectSidebar *sidebar;
  CountCheck count;
  TextCheck title;

  if (ui_test_skip_without_display ())
    return;

  open_shared (f, THREE_PARAGRAPHS);
  sidebar = DF_PROJECT_SIDEBAR (ui_test_get (GTK_WIDGET (f->view), DF_TYPE_PROJECT_SIDEBAR, NULL));
  g_assert_cmpuint (df_project_sidebar_get_n_chapters (sidebar), ==, 2);

  run_cli (f, NULL, DF_TEST_STRV ("chapter", "add", "shared", "Added by a script"));
  count = (CountCheck) { sidebar, 3 };
  ui_test_wait_until (sidebar_lists, &count, 10000);

  run_cli (f, NULL, DF_TEST_STRV ("chapter", "rename", "shared", "1", "Renamed by a script"));
  title = (TextCheck) { f, "Renamed by a script — Shared" };
  ui_test_wait_until (title_is, &title, 10000);
  g_assert_cmpstr (df_sidebar_item_get_title (df_project_sidebar_get_selected (sidebar)), ==, "Renamed by a script");
  g_assert_cmpint (df_project_view_get_chapter_id (f->view), ==, f->chapter_id);

  /* The open chapter deleted elsewhere, with nothing unsaved here: the
   * window goes to the next one, which is first now. */
  run_cli (f, NULL, DF_TEST_STRV ("chapter", "delete", "shared", "1"));
  count = (CountCheck) { sidebar, 2 };
  ui_test_wait_until (sidebar_lists, &count, 10000);
  title = (TextCheck) { f, "Two — Shared" };
  ui_test_wait_until (title_is, &title, 10000);
  {
    g_autofree char *text = editor_text (f);
    g_assert_cmpstr (text, ==, "Elsewhere.");
  }
}

static gboolean
save_failed (gpointer data)
{
  return ui_test_revealed (data, "save-error");
}

static gboolean
save_over (gpointer data)
{
  return !df_document_get_busy (data);
}

/* The disk fills: saves fail (here a trigger in the database refuses
 * every change to a chapter's text, the way a full disk refuses the
 * write), the banner says DraftForge will try again, and once space is
 * freed it does, without Try Again and long before the autosave interval
 * (five minutes here), and the banner goes. */
static void
test_retry_after_failure (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) other = NULL;
  GSettings *settings;
  DfTestChapterText check;

  if (ui_test_skip_without_display ())
    return;

  open_shared (f, "");
  settings = df_session_get_settings (ui_test_app_get_session (&f->ui));
  g_settings_set_int (settings, "autosave-interval", 300);

  other = df_store_open (f->ui.db_path, &error);
  g_assert_true (df_store_exec (other,
                                "CREATE TRIGGER disk_full BEFORE UPDATE OF content_md ON chapters"
                                " BEGIN SELECT RAISE (ABORT, 'database or disk is full'); END",
                                &error));
  g_assert_no_error (error);

  ui_test_type (f->view, "Words written as the disk fills.");
  g_assert_false (df_project_view_save (f->view, &error));
  g_clear_error (&error);
  g_assert_true (save_failed (f->view));
  g_assert_cmpstr (save_state (f), ==, "Not saved");
  g_assert_true (df_document_get_failed (document (f)));

  /* Coming back to the window tries again at once, without waiting for
   * the next retry (the disk is still full). */
  df_document_retry (document (f));
  g_assert_true (df_document_get_busy (document (f)));
  ui_test_wait_until (save_over, document (f), 10000);
  g_assert_true (df_document_get_failed (document (f)));
  g_assert_true (save_failed (f->view));

  /* Space is freed: the next retry saves, and nobody pressed anything. */
  g_assert_true (df_store_exec (other, "DROP TRIGGER disk_full", &error));
  g_assert_no_error (error);
  check = saved_check (f, "Words written as the disk fills.");
  ui_test_wait_until (df_test_chapter_has_text, &check, 30000);
  ui_test_wait_until (ui_test_view_saved, f->view, 10000);
  g_assert_false (save_failed (f->view));
  g_assert_cmpstr (save_state (f), ==, "Saved");
  g_assert_false (df_document_get_failed (document (f)));
}

/* Another program holds the database's write lock longer than the
 * store's busy timeout (five seconds).  The save waits in its worker and
 * tries again there: it does not fail, the window says it waits, and all
 * the while the main loop turns and every keystroke lands at once.  Once
 * the lock goes, everything typed is saved. */
static void
test_lock_held_past_busy_timeout (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(DfStore) other = NULL;
  g_autoptr(GString) typed = g_string_new ("Typed before the save. ");
  g_autofree char *text = NULL;
  DfTestChapterText check;

  if (ui_test_skip_without_display ())
    return;

  open_shared (f, "");
  other = df_store_open (f->ui.db_path, &error);
  g_assert_no_error (error);
  g_assert_true (df_store_exec (other, "BEGIN IMMEDIATE", &error));

  ui_test_type (f->view, typed->str);
  df_document_save_async (document (f), NULL, df_test_keep_result, &result);

  /* A keystroke per turn of the main loop (a 10 ms timeout), until the
   * save has met the busy timeout and waits for the lock again. */
  while (result == NULL && !df_document_get_waiting (document (f)))
    {
      ui_test_type (f->view, "x");
      g_string_append_c (typed, 'x');
      ui_test_next_tick ();
    }

  /* Before, the save failed here with "database is locked". */
  g_assert_null (result);
  g_assert_true (df_document_get_busy (document (f)));
  g_assert_cmpstr (save_state (f), ==, "Waiting for another program to finish writing…");
  g_assert_false (save_failed (f->view));
  text = editor_text (f);
  g_assert_cmpstr (text, ==, typed->str);
  g_clear_pointer (&text, g_free);
  text = saved_text (f);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);

  ui_test_type (f->view, " After.");
  g_string_append (typed, " After.");
  g_assert_true (df_store_exec (other, "ROLLBACK", &error));
  ui_test_wait_until (df_test_result_arrived, &result, 30000);
  g_assert_true (df_document_save_finish (document (f), result, &error));
  g_assert_no_error (error);

  check = saved_check (f, typed->str);
  ui_test_wait_until (df_test_chapter_has_text, &check, 15000);
  ui_test_wait_until (ui_test_view_saved, f->view, 10000);
  g_assert_false (save_failed (f->view));
  g_assert_cmpstr (save_state (f), ==, "Saved");
}

/* Leaving the editor for the reader saves first, without the window
 * waiting for it: while another program holds the write lock the
 * action returns at once and the editor stays; once the lock goes, the
 * text is saved and the reader opens. */
static void
test_leave_editor_while_locked (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) other = NULL;
  g_autofree char *text = NULL;

  if (ui_test_skip_without_display ())
    return;

  open_shared (f, "");
  other = df_store_open (f->ui.db_path, &error);
  g_assert_true (df_store_exec (other, "BEGIN IMMEDIATE", &error));
  g_assert_no_error (error);

  ui_test_type (f->view, "Read me once saved.");
  gtk_widget_activate_action (GTK_WIDGET (f->ui.window), "win.show-reader", NULL);
  /* Before, the action waited here (the main loop turning inside it)
   * until the save failed with "database is locked". */
  g_assert_true (df_document_get_busy (document (f)));
  g_assert_cmpstr (df_window_get_page (f->ui.window), ==, "project");

  g_assert_true (df_store_exec (other, "ROLLBACK", &error));
  ui_test_app_wait_for_page (&f->ui, "reader", 30000);
  text = saved_text (f);
  g_assert_cmpstr (text, ==, "Read me once saved.");
}

int
main (int    argc,
      char **argv)
{
  ui_test_init (&argc, &argv);

  DF_TEST_ADD ("/Document/reload-from-elsewhere", test_reload_from_elsewhere);
  DF_TEST_ADD ("/Document/conflict-keeps-both", test_conflict_keeps_both);
  DF_TEST_ADD ("/Document/chapter-list-follows", test_chapter_list_follows);
  DF_TEST_ADD ("/Document/retry-after-failure", test_retry_after_failure);
  DF_TEST_ADD ("/Document/lock-held-past-busy-timeout", test_lock_held_past_busy_timeout);
  DF_TEST_ADD ("/Document/leave-editor-while-locked", test_leave_editor_while_locked);

  return g_test_run ();
}
