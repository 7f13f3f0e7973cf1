/* test-ui-coach.c: the coach's panel in the application, under Xvfb
 *
 * The application with the bundled coach plugin and the tests' fake
 * provider (fake-provider.h), whose stream the test lets out delta by delta
 * (a gate, not a sleep): the panel shows the first part of the reply before
 * the rest is let through, then the whole reply; Stop cancels mid-stream;
 * the conversation is kept in chat_messages; without a provider the panel
 * says how to set one up and still gives suggestions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "df-application.h"
#include "df-chat.h"
#include "df-model.h"
#include "df-plugin-host.h"
#include "df-project-sidebar.h"
#include "df-project-view.h"
#include "df-window.h"
#include "ui-test-util.h"

#define FIRST_PART  "Start with the storm, "
#define SECOND_PART "then let the keeper find the diary."

/* ---- the application -------------------------------------------------- */

typedef struct
{
  UiTestApp      ui;
  gint64         project_id;
  FakeProvider  *provider;
  GtkWidget     *panel;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  DfProjectNew spec = { .title = "Coached", .genre = "Mystery" };
  static const char * const fields[][2] = {
    { "education_level", "graduate" }, { "programming_experience", "none" },
    { "ai_ml_experience", "none" }, { "learning_goals", "hobby" }, { "experience_level", "beginner" },
  };

  if (!ui_test_have_display ())
    return;

  ui_test_app_set_up (&f->ui, data);
  store = df_test_store_open (f->ui.db_path);
  g_setenv ("DRAFTFORGE_API_KEY", "sk-ui-coach-key", TRUE);
  g_unsetenv ("DRAFTFORGE_AI_BASE_URL");
  g_unsetenv ("DRAFTFORGE_AI_MODEL");

  profile = df_test_make_profile (store, "Writer");
  /* A complete profile: no profiling questions in these tests. */
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      df_profile_set (store, profile->id, fields[i][0], fields[i][1], &error);
      g_assert_no_error (error);
    }
  project = df_project_create (store, &spec, &error);
  g_assert_no_error (error);
  f->project_id = project->id;
  chapter = df_test_append_chapter (store, project->id, 0, "One", "The lamp went out at midnight.");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* The application first: it may still be talking to the provider. */
  ui_test_app_tear_down (&f->ui, data);
  g_clear_pointer (&f->provider, fake_provider_free);
  g_unsetenv ("DRAFTFORGE_AI_BASE_URL");
  g_unsetenv ("DRAFTFORGE_AI_MODEL");
}

/* Launches the application and opens the project at the coach's panel;
 * FALSE (and the test skips) when the coach plugin is not there. */
static gboolean
launch (Fixture *f)
{
  DfPluginHost *host;
  DfProjectView *view;

  ui_test_app_start (&f->ui);
  host = df_session_get_plugin_host (ui_test_app_get_session (&f->ui));
  if (df_plugin_host_lookup (host, "io.github.draftforge.Coach") == NULL)
    {
      g_test_skip ("the coach plugin is not found (DRAFTFORGE_PLUGIN_PATH?)");
      return FALSE;
    }
  g_assert_true (df_plugin_host_lookup (host, "io.github.draftforge.Coach")->loaded);

  view = ui_test_app_open_project (&f->ui, "coached");
  f->panel = ui_test_find (GTK_WIDGET (view), GTK_TYPE_BOX, "coach-panel");
  g_assert_nonnull (f->panel);
  df_project_view_show_panel (view, f->panel);
  ui_test_flush ();
  return TRUE;
}

static GtkWidget *
part (Fixture    *f,
      GType       type,
      const char *name)
{
  return ui_test_get (f->panel, type, name);
}

/* The text of the last coach bubble, or NULL. */
static char *
last_coach_text (Fixture *f)
{
  GtkWidget *messages = part (f, GTK_TYPE_BOX, "coach-messages");

  for (GtkWidget *w = gtk_widget_get_last_child (messages); w != NULL; w = gtk_widget_get_prev_sibling (w))
    if (g_strcmp0 (gtk_widget_get_name (w), "coach-bubble") == 0)
      return ui_test_text_of (w);
  return NULL;
}

/* The bubble shows the reply as the reader would (Markdown laid in): the
 * same words, without the spaces at its ends. */
static gboolean
coach_text_is (Fixture    *f,
               const char *expected)
{
  g_autofree char *text = last_coach_text (f);
  g_autofree char *trimmed = g_strstrip (g_strdup (expected));

  return text != NULL && g_strcmp0 (g_strstrip (text), trimmed) == 0;
}

static gboolean
shows_first_part (gpointer data)
{
  return coach_text_is (data, FIRST_PART);
}

static gboolean
shows_whole_reply (gpointer data)
{
  Fixture *f = data;
  return coach_text_is (f, FIRST_PART SECOND_PART) &&
         !gtk_widget_get_visible (part (f, GTK_TYPE_BUTTON, "coach-stop"));
}

static gboolean
stopped (gpointer data)
{
  Fixture *f = data;
  GtkWidget *status = part (f, GTK_TYPE_LABEL, "coach-status");

  return !gtk_widget_get_visible (part (f, GTK_TYPE_BUTTON, "coach-stop")) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (status)), "Stopped.") == 0;
}

static GPtrArray *
stored_messages (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = df_store_open (f->ui.db_path, &error);
  GPtrArray *list;

  g_assert_no_error (error);
  list = df_chat_list (store, f->project_id, 0, &error);
  g_assert_no_error (error);
  return list;
}

static void
send (Fixture    *f,
      const char *text)
{
  GtkTextView *input = GTK_TEXT_VIEW (part (f, GTK_TYPE_TEXT_VIEW, "coach-input"));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (input), text, -1);
  g_signal_emit_by_name (part (f, GTK_TYPE_BUTTON, "coach-send"), "clicked");
}

/* Whether @trigger fires on @keyval with exactly @state. */
static gboolean
trigger_matches (GtkShortcutTrigger *trigger,
                 guint               keyval,
                 GdkModifierType     state)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval, state) ||
           trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval, state);
  return GTK_IS_KEYVAL_TRIGGER (trigger) &&
         gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
         gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == state;
}

/* The shortcut of @widget's own shortcut controllers that @keyval with
 * @state triggers, or NULL. */
static GtkShortcut *
own_shortcut_for (GtkWidget       *widget,
                  guint            keyval,
                  GdkModifierType  state)
{
  g_autoptr(GPtrArray) shortcuts = ui_test_own_shortcuts (widget);

  for (guint i = 0; i < shortcuts->len; i++)
    if (trigger_matches (gtk_shortcut_get_trigger (shortcuts->pdata[i]), keyval, state))
      return g_object_ref (shortcuts->pdata[i]);
  return NULL;
}

static void
test_streaming (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *base_url = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  if (ui_test_skip_without_display ())
    return;

  f->provider = df_test_fake_provider_new (&base_url);
  fake_provider_set_gated (f->provider, TRUE);
  g_setenv ("DRAFTFORGE_AI_BASE_URL", base_url, TRUE);
  g_setenv ("DRAFTFORGE_AI_MODEL", "gated", TRUE);
  if (!launch (f))
    return;
  g_assert_false (gtk_widget_get_visible (part (f, GTK_TYPE_LABEL, "coach-setup")));

  /* The first part shows while the rest is held back. */
  fake_provider_queue_reply (f->provider, FIRST_PART, SECOND_PART, NULL);
  fake_provider_release (f->provider, 1);
  send (f, "How should the book open?");
  ui_test_wait_until (shows_first_part, f, 20000);
  g_assert_true (gtk_widget_get_visible (part (f, GTK_TYPE_BUTTON, "coach-stop")));
  g_assert_false (gtk_widget_get_sensitive (part (f, GTK_TYPE_BUTTON, "coach-send")));
  {
    GtkWidget *user = part (f, GTK_TYPE_TEXT_VIEW, "user-bubble");
    GtkTextIter s, e;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (GTK_TEXT_VIEW (user)), &s, &e);
    text = gtk_text_buffer_get_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (user)), &s, &e, FALSE);
    g_assert_cmpstr (text, ==, "How should the book open?");
  }

  /* Then the whole reply, kept in chat_messages. */
  fake_provider_release (f->provider, 1);
  ui_test_wait_until (shows_whole_reply, f, 20000);
  messages = stored_messages (f);
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_cmpstr (((DfChatMessage *)messages->pdata[0])->sender, ==, "user");
  g_assert_cmpstr (((DfChatMessage *)messages->pdata[0])->content, ==, "How should the book open?");
  g_assert_cmpstr (((DfChatMessage *)messages->pdata[1])->sender, ==, "coach");
  g_assert_cmpstr (((DfChatMessage *)messages->pdata[1])->content, ==, FIRST_PART SECOND_PART);
  g_clear_pointer (&messages, g_ptr_array_unref);

  /* Stop cancels mid-stream: what came so far stays. */
  fake_provider_queue_reply (f->provider, FIRST_PART, SECOND_PART, NULL);
  fake_provider_release (f->provider, 1);
  send (f, "And the ending?");
  ui_test_wait_until (shows_first_part, f, 20000);
  g_signal_emit_by_name (part (f, GTK_TYPE_BUTTON, "coach-stop"), "clicked");
  ui_test_wait_until (stopped, f, 20000);
  g_assert_true (coach_text_is (f, FIRST_PART));
  g_assert_true (gtk_widget_get_sensitive (part (f, GTK_TYPE_BUTTON, "coach-send")));
  fake_provider_release (f->provider, 1);
  messages = stored_messages (f);
  g_assert_cmpuint (messages->len, ==, 4);
  g_assert_cmpstr (((DfChatMessage *)messages->pdata[2])->content, ==, "And the ending?");
  g_assert_cmpstr (((DfChatMessage *)messages->pdata[3])->content, ==, FIRST_PART);
}

static void
test_no_provider (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *setup;
  GtkWidget *setup_button;
  GtkWidget *suggestions;
  g_autoptr(GPtrArray) messages = NULL;

  if (ui_test_skip_without_display ())
    return;
  if (!launch (f))
    return;

  setup = part (f, GTK_TYPE_LABEL, "coach-setup");
  suggestions = part (f, GTK_TYPE_LABEL, "coach-suggestions");
  g_assert_true (gtk_widget_get_visible (setup));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (setup)), "http://localhost:11434/v1"));
  /* In the application, a button rather than commands to type. */
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (setup)), "draftforge-cli"));
  setup_button = part (f, GTK_TYPE_BUTTON, "coach-setup-button");
  g_assert_true (gtk_widget_get_visible (setup_button));
  g_assert_true (gtk_widget_is_sensitive (setup_button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (setup_button)), ==, "app.ai-settings");
  g_assert_true (gtk_widget_get_visible (suggestions));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (suggestions)), "Streak"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (suggestions)), "words written"));

  /* Sending says the same and stores nothing. */
  send (f, "Hello?");
  ui_test_flush ();
  g_assert_true (gtk_widget_get_visible (part (f, GTK_TYPE_LABEL, "coach-status")));
  messages = stored_messages (f);
  g_assert_cmpuint (messages->len, ==, 0);
}

/* The side pane's flap has ended its animation at @data's progress. */
typedef struct
{
  AdwFlap *flap;
  double   progress;
} FlapCheck;

static gboolean
flap_settled (gpointer data)
{
  FlapCheck *check = data;

  return adw_flap_get_reveal_progress (check->flap) == check->progress;
}

/* Shift+F9's action, which shows the side pane of @view (@flap's) or
 * puts it away: once its animation is over. */
static void
toggle_side_pane (DfProjectView *view,
                  FlapCheck     *flap,
                  gboolean       shown)
{
  flap->progress = shown ? 1 : 0;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "project.toggle-side-pane", NULL));
  ui_test_wait_until (flap_settled, flap, 5000);
  ui_test_next_tick ();
  ui_test_flush ();
}

/* The coach is a pane of its own beside the text (not a page of the
 * chapter list): on the editor's trailing side, wide enough for a
 * conversation, the chapters still listed; Shift+F9 hides and shows it. */
static void
test_side_pane (Fixture       *f,
                gconstpointer  data)
{
  DfProjectView *view;
  GtkWidget *editor;
  GtkWidget *chapters;
  graphene_point_t editor_at, panel_at, origin = GRAPHENE_POINT_INIT (0, 0);
  FlapCheck flap;

  if (ui_test_skip_without_display ())
    return;
  if (!launch (f))
    return;

  /* A wide window: the text's column has wide margins. */
  gtk_window_set_default_size (GTK_WINDOW (f->ui.window), 1260, 780);
  ui_test_flush ();
  view = ui_test_app_get_project_view (&f->ui);
  editor = df_project_view_get_editor (view);
  chapters = ui_test_get (GTK_WIDGET (view), DF_TYPE_PROJECT_SIDEBAR, NULL);
  ui_test_flush ();

  g_assert_true (df_project_view_get_visible_panel (view) == f->panel);
  g_assert_true (gtk_widget_get_mapped (f->panel));
  g_assert_true (gtk_widget_get_mapped (chapters));
  g_assert_false (gtk_widget_is_ancestor (f->panel, chapters));
  g_assert_true (gtk_widget_compute_point (editor, GTK_WIDGET (f->ui.window), &origin, &editor_at));
  g_assert_true (gtk_widget_compute_point (f->panel, GTK_WIDGET (f->ui.window), &origin, &panel_at));
  g_assert_cmpfloat (panel_at.x, >, editor_at.x + gtk_widget_get_width (editor) - 1);
  g_assert_cmpint (gtk_widget_get_width (f->panel), >=, 360);

  /* Shift+F9: away (the text's column widens its margins), and back: the
   * text narrows its margins rather than scrolling sideways under the
   * pane (they are not a minimum width). */
  flap.flap = ADW_FLAP (gtk_widget_get_ancestor (f->panel, ADW_TYPE_FLAP));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "project.toggle-side-pane", NULL));
  g_assert_null (df_project_view_get_visible_panel (view));
  flap.progress = 0;
  ui_test_wait_until (flap_settled, &flap, 5000);
  ui_test_next_tick ();
  ui_test_flush ();
  g_assert_true (ui_test_press_shortcut (editor, GDK_KEY_F9, GDK_SHIFT_MASK));
  g_assert_true (df_project_view_get_visible_panel (view) == f->panel);
  flap.progress = 1;
  ui_test_wait_until (flap_settled, &flap, 5000);
  ui_test_next_tick ();
  ui_test_flush ();
  g_assert_cmpint (gtk_widget_get_width (editor), <=,
                   gtk_widget_get_width (gtk_widget_get_ancestor (editor, GTK_TYPE_SCROLLED_WINDOW)));
}

/* The words written today, as the suggestions say them. */
static gint64
words_today (GtkWidget *suggestions)
{
  const char *text = strstr (gtk_label_get_text (GTK_LABEL (suggestions)), "Today: ");

  g_assert_nonnull (text);
  return g_ascii_strtoll (text + strlen ("Today: "), NULL, 10);
}

/* The suggestions count what is written as it is saved: they were the
 * figures of when the project opened, "0 words written" beside a status
 * bar that counted the new words. */
static void
test_suggestions_follow_saves (Fixture       *f,
                               gconstpointer  data)
{
  DfProjectView *view;
  GtkWidget *suggestions;
  FlapCheck flap;
  gint64 before;

  if (ui_test_skip_without_display ())
    return;
  if (!launch (f))
    return;

  view = ui_test_app_get_project_view (&f->ui);
  suggestions = part (f, GTK_TYPE_LABEL, "coach-suggestions");
  g_assert_true (gtk_widget_get_mapped (suggestions));
  before = words_today (suggestions);
  ui_test_type (view, " Five more words are here.");
  gtk_widget_activate_action (GTK_WIDGET (view), "project.save", NULL);
  ui_test_wait_until (ui_test_view_saved, view, 10000);
  ui_test_flush ();
  g_assert_cmpint (words_today (suggestions), ==, before + 5);

  /* Written while the pane is away: counted when it shows again. */
  flap.flap = ADW_FLAP (gtk_widget_get_ancestor (f->panel, ADW_TYPE_FLAP));
  toggle_side_pane (view, &flap, FALSE);
  g_assert_false (gtk_widget_get_mapped (suggestions));
  ui_test_type (view, " And three more.");
  gtk_widget_activate_action (GTK_WIDGET (view), "project.save", NULL);
  ui_test_wait_until (ui_test_view_saved, view, 10000);
  g_assert_cmpint (words_today (suggestions), ==, before + 5);
  toggle_side_pane (view, &flap, TRUE);
  g_assert_true (gtk_widget_get_mapped (suggestions));
  g_assert_cmpint (words_today (suggestions), ==, before + 8);
}

/* The chapters beside the text come back when the side pane goes away.
 * Showing the pane folds them away on a window too narrow for both; the
 * hidden pane still counted in the width and kept them away on a window
 * with room for the chapters and the text. */
static void
test_side_pane_gives_back_chapters (Fixture       *f,
                                    gconstpointer  data)
{
  DfProjectView *view;
  AdwFlap *chapters;
  FlapCheck flap;

  if (ui_test_skip_without_display ())
    return;
  if (!launch (f))
    return;

  view = ui_test_app_get_project_view (&f->ui);
  flap.flap = ADW_FLAP (gtk_widget_get_ancestor (f->panel, ADW_TYPE_FLAP));
  chapters = ADW_FLAP (gtk_widget_get_ancestor (gtk_widget_get_parent (GTK_WIDGET (flap.flap)), ADW_TYPE_FLAP));
  g_assert_nonnull (chapters);
  toggle_side_pane (view, &flap, FALSE);

  /* A window with room for the chapters and the text, not for the pane
   * too: shown again at that size. */
  gtk_window_set_default_size (GTK_WINDOW (f->ui.window), 960, 700);
  gtk_widget_set_visible (GTK_WIDGET (f->ui.window), FALSE);
  ui_test_flush ();
  gtk_window_present (GTK_WINDOW (f->ui.window));
  ui_test_next_tick ();
  ui_test_flush ();
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->ui.window)), <, 1000);
  g_assert_false (adw_flap_get_folded (chapters));
  g_assert_true (adw_flap_get_reveal_flap (chapters));

  /* The pane pushes the chapters aside, and gives them back. */
  toggle_side_pane (view, &flap, TRUE);
  g_assert_true (adw_flap_get_folded (chapters));
  toggle_side_pane (view, &flap, FALSE);
  g_assert_false (adw_flap_get_folded (chapters));
  g_assert_true (adw_flap_get_reveal_flap (chapters));

  /* A click on the header's toggles leaves the keyboard in the text. */
  g_assert_false (gtk_widget_get_focus_on_click (ui_test_find_button (GTK_WIDGET (view), "Side Pane (Shift+F9)")));
  g_assert_false (gtk_widget_get_focus_on_click (ui_test_find_button (GTK_WIDGET (view), "Chapters (F9)")));
}

/* No reply is coming in any more. */
static gboolean
replied (gpointer data)
{
  Fixture *f = data;

  return !gtk_widget_get_visible (part (f, GTK_TYPE_BUTTON, "coach-stop"));
}

/* The question has several lines: Enter sends it, Shift+Enter is left to
 * the text view (a new line). */
static void
test_enter_sends (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *input;
  GtkShortcut *enter;
  g_autoptr(GPtrArray) messages = NULL;
  GtkTextIter start, end;
  g_autofree char *left = NULL;
  g_autofree char *base_url = NULL;

  if (ui_test_skip_without_display ())
    return;

  f->provider = df_test_fake_provider_new (&base_url);
  g_setenv ("DRAFTFORGE_AI_BASE_URL", base_url, TRUE);
  g_setenv ("DRAFTFORGE_AI_MODEL", "fake", TRUE);
  fake_provider_queue_reply (f->provider, "Not too slow.", NULL);
  if (!launch (f))
    return;

  input = part (f, GTK_TYPE_TEXT_VIEW, "coach-input");
  g_assert_null (own_shortcut_for (input, GDK_KEY_Return, GDK_SHIFT_MASK));
  enter = own_shortcut_for (input, GDK_KEY_KP_Enter, 0);
  g_assert_nonnull (enter);
  g_object_unref (enter);
  enter = own_shortcut_for (input, GDK_KEY_Return, 0);
  g_assert_nonnull (enter);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (input)),
                            "Is the opening too slow?\nAnd the ending?", -1);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (enter), 0, input, NULL));
  g_object_unref (enter);
  g_assert_true (gtk_widget_get_visible (part (f, GTK_TYPE_BUTTON, "coach-stop")));
  ui_test_wait_until (replied, f, 20000);

  messages = stored_messages (f);
  g_assert_cmpuint (messages->len, >=, 1);
  g_assert_cmpstr (((DfChatMessage *)messages->pdata[0])->content, ==, "Is the opening too slow?\nAnd the ending?");
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (GTK_TEXT_VIEW (input)), &start, &end);
  left = gtk_text_buffer_get_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (input)), &start, &end, FALSE);
  g_assert_cmpstr (left, ==, "");
}

/* The coach's Markdown shows as the reader shows it: no asterisks or
 * backticks, bold as bold, a list with its bullets; the reply is kept as
 * it came. */
static void
test_markdown (Fixture       *f,
               gconstpointer  data)
{
  static const char reply[] = "Try **one** thing:\n\n- keep `notes`\n- write daily\n";
  g_autofree char *base_url = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  GtkWidget *messages_box, *bubble = NULL;
  GtkTextIter at;

  if (ui_test_skip_without_display ())
    return;

  f->provider = df_test_fake_provider_new (&base_url);
  g_setenv ("DRAFTFORGE_AI_BASE_URL", base_url, TRUE);
  g_setenv ("DRAFTFORGE_AI_MODEL", "fake", TRUE);
  fake_provider_queue_reply (f->provider, "Try **one** ", "thing:\n\n- keep `notes`\n- write daily\n", NULL);
  if (!launch (f))
    return;
  send (f, "How do I keep going?");
  ui_test_wait_until (replied, f, 20000);

  messages_box = part (f, GTK_TYPE_BOX, "coach-messages");
  for (GtkWidget *w = gtk_widget_get_last_child (messages_box); w != NULL && bubble == NULL; w = gtk_widget_get_prev_sibling (w))
    if (g_strcmp0 (gtk_widget_get_name (w), "coach-bubble") == 0)
      bubble = w;
  g_assert_nonnull (bubble);
  text = ui_test_text_of (bubble);
  g_assert_null (strstr (text, "**"));
  g_assert_null (strstr (text, "`"));
  g_assert_nonnull (strstr (text, "Try one thing:"));
  g_assert_nonnull (strstr (text, "• keep notes"));
  at = ui_test_find_text (bubble, "one");
  g_assert_true (gtk_text_iter_has_tag (&at, gtk_text_tag_table_lookup (
    gtk_text_buffer_get_tag_table (gtk_text_view_get_buffer (GTK_TEXT_VIEW (bubble))), "strong")));

  messages = stored_messages (f);
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_cmpstr (((DfChatMessage *)messages->pdata[1])->content, ==, reply);
}

int
main (int    argc,
      char **argv)
{
  ui_test_init (&argc, &argv);
  /* No key, and never a question to the desktop's keyring. */
  g_setenv ("DRAFTFORGE_API_KEY", "", FALSE);

  DF_TEST_ADD ("/ui-coach/streaming", test_streaming);
  DF_TEST_ADD ("/ui-coach/no-provider", test_no_provider);
  DF_TEST_ADD ("/ui-coach/side-pane", test_side_pane);
  DF_TEST_ADD ("/ui-coach/side-pane-gives-back-chapters", test_side_pane_gives_back_chapters);
  DF_TEST_ADD ("/ui-coach/suggestions-follow-saves", test_suggestions_follow_saves);
  DF_TEST_ADD ("/ui-coach/enter-sends", test_enter_sends);
  DF_TEST_ADD ("/ui-coach/markdown", test_markdown);

  return g_test_run ();
}
