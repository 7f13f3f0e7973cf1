/* test-ui-planning.c: planning in the editor — the open chapter split
 * at the cursor or into its scenes and merged with the next, each undone
 * from the chapter menu; writing sessions from the status bar, with a
 * goal in words or in minutes (on a clock the test moves) and a desktop
 * notification when it is reached
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-chapter-row.h"
#include "df-editor.h"
#include "df-model.h"
#include "df-planning.h"
#include "df-project-view.h"
#include "ui-test-util.h"

typedef UiTestApp Fixture;

static void
add_plan (Fixture *f)
{
  df_test_add_project (f->db_path, "Plan", "One", "Words one.", "Two", "Words two, more.", "Three", "Three.",
                       "Four", "", NULL);
}

typedef struct
{
  Fixture *f;
  guint    n;
} ChapterCount;

static gboolean
has_n_chapters (gpointer data)
{
  ChapterCount *c = data;
  g_autoptr(DfProject) project = df_project_get (ui_test_app_get_store (c->f), "plan", FALSE, NULL);

  return project != NULL && project->n_chapters == (gint64)c->n;
}

static void
wait_for_chapters (Fixture *f,
                   guint    n)
{
  ChapterCount c = { f, n };

  ui_test_wait_until (has_n_chapters, &c, 10000);
  ui_test_flush ();
}

static char *
text_of (Fixture *f,
         gint64   number)
{
  g_autoptr(DfChapter) chapter = ui_test_app_get_chapter (f, "plan", number);
  return g_strdup (chapter->content_md);
}

/* The open chapter split into its scenes from the chapter menu, and
 * undone in one step: the chapter byte for byte, in the editor too. */
static void
test_split_scenes_undo (Fixture       *f,
                        gconstpointer  data)
{
  static const char night[] = "Dusk — «one».\r\n\n* * *\n\nMidnight.\n***\nDawn, no newline";
  DfProjectView *view;
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *joined = NULL, *editor = NULL;
  g_autoptr(DfChapter) third = NULL;

  if (ui_test_skip_without_display ())
    return;
  df_test_add_project (f->db_path, "Plan", "Night", night, "Day", "Later.", NULL);
  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "plan");
  {
    g_autoptr(DfChapter) first = ui_test_app_get_chapter (f, "plan", 1);
    g_assert_true (df_project_view_open_chapter (view, first->id));
  }
  ui_test_flush ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "project.split-scenes", NULL));
  wait_for_chapters (f, 4);
  a = text_of (f, 1), b = text_of (f, 2), c = text_of (f, 3);
  joined = g_strconcat (a, b, c, NULL);
  g_assert_cmpstr (joined, ==, night);
  third = ui_test_app_get_chapter (f, "plan", 3);
  g_assert_cmpstr (third->kind, ==, "scene");
  g_assert_cmpstr (third->title, ==, "Night, scene 3");
  editor = ui_test_editor_text (view);
  g_assert_cmpstr (editor, ==, a);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "project.undo-split-merge", NULL));
  wait_for_chapters (f, 2);
  g_clear_pointer (&a, g_free);
  a = text_of (f, 1);
  g_assert_cmpstr (a, ==, night);
  g_clear_pointer (&editor, g_free);
  editor = ui_test_editor_text (view);
  g_assert_cmpstr (editor, ==, night);
  g_clear_pointer (&b, g_free);
  b = text_of (f, 2);
  g_assert_cmpstr (b, ==, "Later.");
}

/* The open chapter split at the cursor and merged with the next, each
 * undone from the chapter menu, every byte kept. */
static void
test_split_merge_undo (Fixture       *f,
                       gconstpointer  data)
{
  static const char one[] = "First line — «one».\r\nSecond line.\n";
  DfProjectView *view;
  GtkTextBuffer *buffer;
  GtkTextIter at;
  DfStore *store;
  g_autofree char *a = NULL, *b = NULL, *joined = NULL, *editor = NULL;

  if (ui_test_skip_without_display ())
    return;
  df_test_add_project (f->db_path, "Plan", "One", one, "Two", "More.", NULL);
  ui_test_app_start (f);
  store = ui_test_app_get_store (f);
  view = ui_test_app_open_project (f, "plan");
  {
    g_autoptr(DfChapter) first = ui_test_app_get_chapter (f, "plan", 1);
    g_assert_true (df_project_view_open_chapter (view, first->id));
  }
  ui_test_flush ();
  editor = ui_test_editor_text (view);
  g_assert_cmpstr (editor, ==, one);

  /* Split before "Second". */
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (ui_test_get (GTK_WIDGET (view), DF_TYPE_EDITOR, NULL)));
  at = ui_test_find_text (ui_test_get (GTK_WIDGET (view), DF_TYPE_EDITOR, NULL), "Second");
  gtk_text_buffer_place_cursor (buffer, &at);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "project.split-chapter", NULL));
  wait_for_chapters (f, 3);
  a = text_of (f, 1);
  b = text_of (f, 2);
  joined = g_strconcat (a, b, NULL);
  g_assert_cmpstr (joined, ==, one);
  g_assert_cmpstr (a, ==, "First line — «one».\r\n");
  g_clear_pointer (&editor, g_free);
  editor = ui_test_editor_text (view);
  g_assert_cmpstr (editor, ==, a);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "project.undo-split-merge", NULL));
  wait_for_chapters (f, 2);
  g_clear_pointer (&a, g_free);
  a = text_of (f, 1);
  g_assert_cmpstr (a, ==, one);

  /* Merge with "Two", which has a plan of its own. */
  {
    g_autoptr(DfChapter) two = ui_test_app_get_chapter (f, "plan", 2);

    g_assert_true (df_chapter_set_field (store, two->id, "status", "final", NULL));
    g_assert_true (df_chapter_set_field (store, two->id, "synopsis", "The second.", NULL));
    g_assert_true (df_chapter_add_label (store, two->id, "Subplot", NULL));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "project.merge-chapter", NULL));
  wait_for_chapters (f, 1);
  g_clear_pointer (&a, g_free);
  a = text_of (f, 1);
  g_clear_pointer (&joined, g_free);
  joined = g_strconcat (one, "More.", NULL);
  g_assert_cmpstr (a, ==, joined);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "project.undo-split-merge", NULL));
  wait_for_chapters (f, 2);
  {
    g_autoptr(DfChapter) first = ui_test_app_get_chapter (f, "plan", 1);
    g_autoptr(DfChapter) two = ui_test_app_get_chapter (f, "plan", 2);
    g_autoptr(GPtrArray) first_labels = df_chapter_list_labels (store, first->id, NULL);
    g_autoptr(GPtrArray) two_labels = df_chapter_list_labels (store, two->id, NULL);

    g_assert_cmpstr (first->content_md, ==, one);
    g_assert_cmpstr (two->content_md, ==, "More.");
    g_assert_cmpstr (two->title, ==, "Two");
    g_assert_cmpstr (two->status, ==, "final");
    g_assert_cmpstr (two->synopsis, ==, "The second.");
    g_assert_cmpuint (first_labels->len, ==, 0);
    g_assert_cmpuint (two_labels->len, ==, 1);
  }
}

/* A writing session from the status bar: started with a goal, the
 * words a save adds shown against it, stopped. */
static void
test_session (Fixture       *f,
              gconstpointer  data)
{
  DfProjectView *view;
  GtkWidget *button;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) sessions = NULL;

  if (ui_test_skip_without_display ())
    return;
  add_plan (f);
  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "plan");
  button = ui_test_get (GTK_WIDGET (view), GTK_TYPE_BUTTON, "session-button");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Start a Session");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "project.start-session", "x", (gint64)5));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Session: 0 / 5 words, 0 min");

  ui_test_type (view, "one two three ");
  ui_test_wait_until (ui_test_view_saved, view, 10000);
  ui_test_flush ();
  project = df_project_get (ui_test_app_get_store (f), "plan", FALSE, NULL);
  {
    g_autoptr(DfWritingSession) running = df_writing_session_current (ui_test_app_get_store (f), project->id, NULL);
    g_autofree char *expected = g_strdup_printf ("Session: %" G_GINT64_FORMAT " / 5 words, 0 min",
                                                 running->words_written);

    g_assert_cmpint (running->words_written, >=, 2);
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, expected);
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "project.stop-session", NULL));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Start a Session");
  sessions = df_writing_session_list (ui_test_app_get_store (f), project->id, NULL);
  g_assert_cmpuint (sessions->len, ==, 1);
  g_assert_nonnull (((DfWritingSession *)sessions->pdata[0])->ended_at);
  g_assert_cmpint (((DfWritingSession *)sessions->pdata[0])->words_written, >=, 2);
}

static gboolean
session_running (gpointer data)
{
  GtkWidget *button = data;

  return g_str_has_prefix (gtk_button_get_label (GTK_BUTTON (button)), "Session:");
}

/* The status bar's Start a Session asks for a goal: typed, then Enter,
 * it starts, and the keyboard is back in the text (Enter did nothing,
 * and the words typed next went into the goal's field). */
static void
test_session_goal_enter (Fixture       *f,
                         gconstpointer  data)
{
  DfProjectView *view;
  GtkWidget *button;
  GtkWidget *dialog;
  GtkWidget *goal;

  if (ui_test_skip_without_display ())
    return;
  add_plan (f);
  ui_test_app_start (f);
  view = ui_test_app_open_project (f, "plan");
  button = ui_test_get (GTK_WIDGET (view), GTK_TYPE_BUTTON, "session-button");
  /* reached with Tab, as a click reached it before it stopped taking
   * the focus */
  g_assert_true (gtk_widget_grab_focus (button));
  gtk_widget_activate (button);
  dialog = GTK_WIDGET (ui_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, 5000));
  goal = ui_test_get (dialog, GTK_TYPE_SPIN_BUTTON, "session-goal");
  gtk_widget_grab_focus (goal);
  gtk_editable_set_text (GTK_EDITABLE (goal), "20");
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (goal)), "activate");
  ui_test_wait_until (session_running, button, 5000);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Session: 0 / 20 words, 0 min");
  /* The keyboard is back in the text, not on the button, where the next
   * space stopped the session. */
  ui_test_flush ();
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (f->window)) == df_project_view_get_editor (view));
  g_assert_false (gtk_widget_get_focus_on_click (button));
}

/* ---- a session with a goal in minutes --------------------------------------- */

static gint64 fake_now;

static gint64
fake_clock (void)
{
  return fake_now;
}

/* What a desktop's notification server (org.gtk.Notifications, which
 * GApplication prefers when it is there) was given. */
typedef struct
{
  guint  count;
  char  *title;
  char  *body;
  gboolean owned;
} Notified;

static void
notification_call (GDBusConnection       *connection,
                   const char            *sender,
                   const char            *path,
                   const char            *interface,
                   const char            *method,
                   GVariant              *params,
                   GDBusMethodInvocation *invocation,
                   gpointer               data)
{
  Notified *n = data;

  if (g_str_equal (method, "AddNotification"))
    {
      g_autoptr(GVariant) dict = NULL;
      const char *app_id, *id;

      g_variant_get (params, "(&s&s@a{sv})", &app_id, &id, &dict);
      g_clear_pointer (&n->title, g_free);
      g_clear_pointer (&n->body, g_free);
      g_variant_lookup (dict, "title", "s", &n->title);
      g_variant_lookup (dict, "body", "s", &n->body);
      n->count++;
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
name_acquired (GDBusConnection *connection,
               const char      *name,
               gpointer         data)
{
  ((Notified *)data)->owned = TRUE;
}

static gboolean
notified (gpointer data)
{
  return ((Notified *)data)->count > 0;
}

static gboolean
owned (gpointer data)
{
  return ((Notified *)data)->owned;
}

/* Serves org.gtk.Notifications on the session bus into @n; returns the
 * bus name's owner id. */
static guint
serve_notifications (Notified *n,
                     guint    *object_id)
{
  static const char xml[] =
    "<node><interface name='org.gtk.Notifications'>"
    "<method name='AddNotification'><arg type='s' direction='in'/><arg type='s' direction='in'/>"
    "<arg type='a{sv}' direction='in'/></method>"
    "<method name='RemoveNotification'><arg type='s' direction='in'/><arg type='s' direction='in'/></method>"
    "</interface></node>";
  static const GDBusInterfaceVTable vtable = { notification_call, NULL, NULL, { 0 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (xml, &error);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  guint owner;

  g_assert_no_error (error);
  *object_id = g_dbus_connection_register_object (bus, "/org/gtk/Notifications", info->interfaces[0], &vtable, n,
                                                  NULL, &error);
  g_assert_no_error (error);
  owner = g_bus_own_name_on_connection (bus, "org.gtk.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE, name_acquired,
                                        NULL, n, NULL);
  ui_test_wait_until (owned, n, 5000);
  return owner;
}

/* A session with a goal of three minutes (on a clock the test moves):
 * the status bar counts the minutes; reached, a toast and a desktop
 * notification say so.  Each save shows the chapter's words in the
 * sidebar. */
static void
test_session_minutes (Fixture       *f,
                      gconstpointer  data)
{
  Notified n = { 0 };
  DfProjectView *view;
  GtkWidget *button;
  GtkWidget *row;
  guint owner, object_id;
  g_autoptr(DfChapter) one = NULL;
  g_autofree char *words = NULL;

  if (ui_test_skip_without_display ())
    return;
  add_plan (f);
  ui_test_app_start (f);
  owner = serve_notifications (&n, &object_id);
  fake_now = 1800000000;
  df_writing_session_set_clock (fake_clock);
  view = ui_test_app_open_project (f, "plan");
  button = ui_test_get (GTK_WIDGET (view), GTK_TYPE_BUTTON, "session-button");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "project.start-session-minutes", "x", (gint64)3));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Session: 0 / 3 min, 0 words");

  fake_now += 120;
  ui_test_type (view, "one two three ");
  ui_test_wait_until (ui_test_view_saved, view, 10000);
  ui_test_flush ();
  g_assert_true (g_str_has_prefix (gtk_button_get_label (GTK_BUTTON (button)), "Session: 2 / 3 min, "));
  g_assert_cmpuint (n.count, ==, 0);

  /* The sidebar's count follows the save. */
  one = ui_test_app_get_chapter (f, "plan", 1);
  words = g_strdup_printf ("%" G_GINT64_FORMAT, one->words);
  row = ui_test_get (GTK_WIDGET (view), DF_TYPE_CHAPTER_ROW, NULL);
  g_assert_cmpint (one->words, >, 2);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (ui_test_get (row, GTK_TYPE_LABEL, "row-words"))), ==, words);

  fake_now += 120;
  ui_test_type (view, "four ");
  ui_test_wait_until (ui_test_view_saved, view, 10000);
  ui_test_wait_until (notified, &n, 10000);
  g_assert_cmpuint (n.count, ==, 1);
  g_assert_cmpstr (n.title, ==, "Session goal reached");
  g_assert_nonnull (strstr (n.body, "in 4 min"));
  g_assert_true (g_str_has_prefix (gtk_button_get_label (GTK_BUTTON (button)), "Session: 4 / 3 min, "));

  df_writing_session_set_clock (NULL);
  g_bus_unown_name (owner);
  {
    g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
    g_dbus_connection_unregister_object (bus, object_id);
  }
  g_free (n.title);
  g_free (n.body);
}

int
main (int    argc,
      char **argv)
{
  ui_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, UiTestApp, NULL, ui_test_app_set_up, func, ui_test_app_tear_down)
  ADD ("/ui/planning/split-merge-undo", test_split_merge_undo);
  ADD ("/ui/planning/split-scenes-undo", test_split_scenes_undo);
  ADD ("/ui/planning/session", test_session);
  ADD ("/ui/planning/session-goal-enter", test_session_goal_enter);
  ADD ("/ui/planning/session-minutes", test_session_minutes);

  return g_test_run ();
}
