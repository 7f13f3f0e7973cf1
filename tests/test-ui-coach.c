/* test-ui-coach.c: the coach's panel in the application, under Xvfb
 *
 * The application with the bundled coach plugin and a loopback provider
 * whose stream the test holds half-way (a gate, not a sleep): the panel
 * shows the first part of the reply before the rest is let through, then
 * the whole reply; Stop cancels mid-stream; the conversation is kept in
 * chat_messages; without a provider the panel says how to set one up and
 * still gives suggestions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "df-application.h"
#include "df-chat.h"
#include "df-model.h"
#include "df-plugin-host.h"
#include "df-project-view.h"
#include "df-window.h"
#include "ui-test-util.h"

#define FIRST_PART  "Start with the storm, "
#define SECOND_PART "then let the keeper find the diary."

/* ---- a provider that streams the first part, then waits for the gate --- */

typedef struct
{
  GThread        *thread;
  GMainContext   *context;
  GMainLoop      *loop;
  GSocketService *service;
  guint16         port;
  GMutex          lock;
  GCond           cond;
  gboolean        open;        /* the gate: the rest of the reply may go */
  guint           requests;
} Gated;

static char *
sse_chunk (const char *content)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "object");
  json_builder_add_string_value (b, "chat.completion.chunk");
  json_builder_set_member_name (b, "choices");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "index");
  json_builder_add_int_value (b, 0);
  json_builder_set_member_name (b, "delta");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "content");
  json_builder_add_string_value (b, content);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json = json_to_string (root, FALSE);
  return g_strdup_printf ("data: %s\n\n", json);
}

static gboolean
gated_run (GThreadedSocketService *service,
           GSocketConnection      *connection,
           GObject                *source,
           gpointer                data)
{
  Gated *g = data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  GString *head = g_string_new (NULL);
  gssize content_length = 0;
  char c;
  g_autofree char *first = sse_chunk (FIRST_PART);
  g_autofree char *second = sse_chunk (SECOND_PART);
  static const char headers[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";

  while (!g_str_has_suffix (head->str, "\r\n\r\n") &&
         g_input_stream_read (in, &c, 1, NULL, NULL) == 1)
    g_string_append_c (head, c);
  {
    g_autofree char *lower = g_ascii_strdown (head->str, -1);
    const char *cl = strstr (lower, "content-length:");

    if (cl != NULL)
      content_length = (gssize)g_ascii_strtoll (cl + strlen ("content-length:"), NULL, 10);
  }
  g_string_free (head, TRUE);
  {
    g_autofree char *body = g_malloc (content_length + 1);
    gsize got = 0;

    g_input_stream_read_all (in, body, content_length, &got, NULL, NULL);
  }

  g_mutex_lock (&g->lock);
  g->requests++;
  g_mutex_unlock (&g->lock);

  g_output_stream_write_all (out, headers, strlen (headers), NULL, NULL, NULL);
  g_output_stream_write_all (out, first, strlen (first), NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);

  g_mutex_lock (&g->lock);
  while (!g->open)
    g_cond_wait (&g->cond, &g->lock);
  g->open = FALSE;
  g_mutex_unlock (&g->lock);

  g_output_stream_write_all (out, second, strlen (second), NULL, NULL, NULL);
  g_output_stream_write_all (out, "data: [DONE]\n\n", 14, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
gated_release (Gated *g)
{
  g_mutex_lock (&g->lock);
  g->open = TRUE;
  g_cond_broadcast (&g->cond);
  g_mutex_unlock (&g->lock);
}

static gpointer
gated_thread (gpointer data)
{
  Gated *g = data;

  g_main_context_push_thread_default (g->context);
  g_main_loop_run (g->loop);
  /* Stopped in the thread that runs its sources (see test-coach.c). */
  g_socket_service_stop (g->service);
  g_socket_listener_close (G_SOCKET_LISTENER (g->service));
  while (g_main_context_iteration (g->context, FALSE))
    ;
  g_main_context_pop_thread_default (g->context);
  return NULL;
}

static Gated *
gated_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  Gated *g = g_new0 (Gated, 1);

  g_mutex_init (&g->lock);
  g_cond_init (&g->cond);
  g->context = g_main_context_new ();
  g->loop = g_main_loop_new (g->context, FALSE);
  g_main_context_push_thread_default (g->context);
  g->service = g_threaded_socket_service_new (4);
  g_socket_listener_add_address (G_SOCKET_LISTENER (g->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  g->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (g->service, "run", G_CALLBACK (gated_run), g);
  g_socket_service_start (g->service);
  g_main_context_pop_thread_default (g->context);
  g->thread = g_thread_new ("gated-provider", gated_thread, g);
  return g;
}

static void
gated_free (Gated *g)
{
  gated_release (g);
  g_main_loop_quit (g->loop);
  g_thread_join (g->thread);
  g_object_unref (g->service);
  g_main_loop_unref (g->loop);
  g_main_context_unref (g->context);
  g_mutex_clear (&g->lock);
  g_cond_clear (&g->cond);
  g_free (g);
}

/* ---- the application -------------------------------------------------- */

typedef struct
{
  char          *dir;
  char          *db_path;
  DfApplication *app;
  DfWindow      *window;
  gint64         project_id;
  Gated         *provider;
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

  f->dir = g_dir_make_tmp ("df-ui-coach-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->dir, "draftforge.db", NULL);
  g_setenv ("DRAFTFORGE_DB", f->db_path, TRUE);
  g_setenv ("DRAFTFORGE_API_KEY", "sk-ui-coach-key", TRUE);
  g_unsetenv ("DRAFTFORGE_AI_BASE_URL");
  g_unsetenv ("DRAFTFORGE_AI_MODEL");

  store = df_store_open (f->db_path, &error);
  g_assert_no_error (error);
  profile = df_profile_create (store, "Writer", &error);
  g_assert_no_error (error);
  /* A complete profile: no profiling questions in these tests. */
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      df_profile_set (store, profile->id, fields[i][0], fields[i][1], &error);
      g_assert_no_error (error);
    }
  project = df_project_create (store, &spec, &error);
  g_assert_no_error (error);
  f->project_id = project->id;
  chapter = df_chapter_add (store, project->id, 0, "One", "The lamp went out at midnight.", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (!ui_test_have_display ())
    return;

  if (f->window != NULL)
    {
      gtk_window_close (GTK_WINDOW (f->window));
      ui_test_flush ();
    }
  if (f->app != NULL)
    {
      g_application_quit (G_APPLICATION (f->app));
      ui_test_flush ();
      g_clear_object (&f->app);
    }
  if (f->provider != NULL)
    gated_free (f->provider);
  g_unsetenv ("DRAFTFORGE_AI_BASE_URL");
  g_unsetenv ("DRAFTFORGE_AI_MODEL");
  ui_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
}

static gboolean
window_mapped (gpointer data)
{
  Fixture *f = data;
  return f->window != NULL && gtk_widget_get_mapped (GTK_WIDGET (f->window));
}

/* Launches the application and opens the project at the coach's panel;
 * FALSE (and the test skips) when the coach plugin is not there. */
static gboolean
launch (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  static guint launches;
  g_autofree char *app_id = g_strdup_printf ("%s.CoachTest%u", APP_ID, ++launches);
  DfProjectView *view;

  f->app = df_application_new ();
  g_application_set_application_id (G_APPLICATION (f->app), app_id);
  g_application_set_flags (G_APPLICATION (f->app),
                           g_application_get_flags (G_APPLICATION (f->app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (f->app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (f->app));
  f->window = DF_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (f->app)));
  g_assert_nonnull (f->window);
  ui_test_wait_until (window_mapped, f, 10000);

  if (df_plugin_host_lookup (df_application_get_plugin_host (f->app), "io.github.draftforge.Coach") == NULL)
    {
      g_test_skip ("the coach plugin is not found (DRAFTFORGE_PLUGIN_PATH?)");
      return FALSE;
    }
  g_assert_true (df_plugin_host_lookup (df_application_get_plugin_host (f->app), "io.github.draftforge.Coach")->loaded);

  g_assert_true (df_window_open_project (f->window, "coached", &error));
  g_assert_no_error (error);
  view = DF_PROJECT_VIEW (df_window_get_project_view (f->window));
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
  GtkWidget *w = ui_test_find (f->panel, type, name);

  g_assert_nonnull (w);
  return w;
}

/* The text of the last coach bubble, or NULL. */
static char *
last_coach_text (Fixture *f)
{
  GtkWidget *messages = part (f, GTK_TYPE_BOX, "coach-messages");
  GtkTextIter start, end;
  GtkTextBuffer *buffer;

  for (GtkWidget *w = gtk_widget_get_last_child (messages); w != NULL; w = gtk_widget_get_prev_sibling (w))
    if (g_strcmp0 (gtk_widget_get_name (w), "coach-bubble") == 0)
      {
        buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (w));
        gtk_text_buffer_get_bounds (buffer, &start, &end);
        return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      }
  return NULL;
}

static gboolean
coach_text_is (Fixture    *f,
               const char *expected)
{
  g_autofree char *text = last_coach_text (f);
  return g_strcmp0 (text, expected) == 0;
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
  g_autoptr(DfStore) store = df_store_open (f->db_path, &error);
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
  gtk_editable_set_text (GTK_EDITABLE (part (f, GTK_TYPE_ENTRY, "coach-entry")), text);
  g_signal_emit_by_name (part (f, GTK_TYPE_BUTTON, "coach-send"), "clicked");
}

static void
test_streaming (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *base_url = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  if (!ui_test_have_display ())
    {
      g_test_skip ("no display (run under xvfb-run)");
      return;
    }

  f->provider = gated_new ();
  base_url = g_strdup_printf ("http://127.0.0.1:%u/v1", f->provider->port);
  g_setenv ("DRAFTFORGE_AI_BASE_URL", base_url, TRUE);
  g_setenv ("DRAFTFORGE_AI_MODEL", "gated", TRUE);
  if (!launch (f))
    return;
  g_assert_false (gtk_widget_get_visible (part (f, GTK_TYPE_LABEL, "coach-setup")));

  /* The first part shows while the rest is held back. */
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
  gated_release (f->provider);
  ui_test_wait_until (shows_whole_reply, f, 20000);
  messages = stored_messages (f);
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_cmpstr (((DfChatMessage *)messages->pdata[0])->sender, ==, "user");
  g_assert_cmpstr (((DfChatMessage *)messages->pdata[0])->content, ==, "How should the book open?");
  g_assert_cmpstr (((DfChatMessage *)messages->pdata[1])->sender, ==, "coach");
  g_assert_cmpstr (((DfChatMessage *)messages->pdata[1])->content, ==, FIRST_PART SECOND_PART);
  g_clear_pointer (&messages, g_ptr_array_unref);

  /* Stop cancels mid-stream: what came so far stays. */
  send (f, "And the ending?");
  ui_test_wait_until (shows_first_part, f, 20000);
  g_signal_emit_by_name (part (f, GTK_TYPE_BUTTON, "coach-stop"), "clicked");
  ui_test_wait_until (stopped, f, 20000);
  g_assert_true (coach_text_is (f, FIRST_PART));
  g_assert_true (gtk_widget_get_sensitive (part (f, GTK_TYPE_BUTTON, "coach-send")));
  gated_release (f->provider);
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
  GtkWidget *suggestions;
  g_autoptr(GPtrArray) messages = NULL;

  if (!ui_test_have_display ())
    {
      g_test_skip ("no display (run under xvfb-run)");
      return;
    }
  if (!launch (f))
    return;

  setup = part (f, GTK_TYPE_LABEL, "coach-setup");
  suggestions = part (f, GTK_TYPE_LABEL, "coach-suggestions");
  g_assert_true (gtk_widget_get_visible (setup));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (setup)), "http://localhost:11434/v1"));
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

int
main (int    argc,
      char **argv)
{
  ui_test_init (&argc, &argv);
  /* No key, and never a question to the desktop's keyring. */
  g_setenv ("DRAFTFORGE_API_KEY", "", FALSE);

  g_test_add ("/ui-coach/streaming", Fixture, NULL, fixture_set_up, test_streaming, fixture_tear_down);
  g_test_add ("/ui-coach/no-provider", Fixture, NULL, fixture_set_up, test_no_provider, fixture_tear_down);

  return g_test_run ();
}
