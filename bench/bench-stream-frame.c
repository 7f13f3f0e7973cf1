/* bench-stream-frame.c: does a streamed chunk reach the screen within one
 * frame of its arrival?
 *
 * A tiny server in this process streams chunks whose text is the
 * monotonic time at which it sent them, paced 30 ms apart.  The client is
 * DraftForge's own (df_ai_complete_async); each delta is appended to a
 * GtkTextView in a real window, as the coach's panel does, and the bench
 * records (a) send -> delta in the main thread, (b) send -> the next frame
 * painted after the append.  Run under Xvfb:
 *
 *   xvfb-run -a build/bench/bench-stream-frame [CHUNKS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "df-ai.h"
#include "df-model.h"

#include "bench-util.h"

static guint n_chunks = 40;

/* ---- the server ------------------------------------------------------ */

static gpointer
serve (gpointer data)
{
  GSocketListener *listener = data;
  g_autoptr(GSocketConnection) conn = g_socket_listener_accept (listener, NULL, NULL, NULL);
  GOutputStream *out;
  GInputStream *in;
  char buf[8192];
  gssize n;
  GString *request = g_string_new (NULL);
  static const char head[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n";

  if (conn == NULL)
    return NULL;
  in = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  out = g_io_stream_get_output_stream (G_IO_STREAM (conn));

  /* Read the headers and the body (Content-Length). */
  while ((n = g_input_stream_read (in, buf, sizeof buf, NULL, NULL)) > 0)
    {
      const char *end, *cl;
      g_string_append_len (request, buf, n);
      if ((end = strstr (request->str, "\r\n\r\n")) != NULL &&
          (cl = strstr (request->str, "Content-Length:")) != NULL &&
          request->len >= (gsize)(end + 4 - request->str) + strtoul (cl + 15, NULL, 10))
        break;
    }
  g_string_free (request, TRUE);

  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  for (guint i = 0; i < n_chunks; i++)
    {
      g_autofree char *chunk = NULL;

      g_usleep (30 * 1000);   /* pacing, like a model producing tokens */
      chunk = g_strdup_printf ("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%" PRId64 " \"}}]}\n\n",
                               g_get_monotonic_time ());
      g_output_stream_write_all (out, chunk, strlen (chunk), NULL, NULL, NULL);
      g_output_stream_flush (out, NULL, NULL);
    }
  g_output_stream_write_all (out, "data: [DONE]\n\n", 14, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
  return NULL;
}

/* ---- the client ------------------------------------------------------ */

typedef struct
{
  GtkTextBuffer *buffer;
  GArray        *to_main;     /* double, ms */
  GArray        *to_paint;
  gint64         pending_sent; /* waiting for a paint, 0: none */
  gboolean       done;
  gboolean       failed;
} Bench;

static void
on_delta (const char *delta,
          gpointer    user_data)
{
  Bench *b = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 sent = g_ascii_strtoll (delta, NULL, 10);
  GtkTextIter end;
  double d = (now - sent) / 1000.0;

  gtk_text_buffer_get_end_iter (b->buffer, &end);
  gtk_text_buffer_insert (b->buffer, &end, delta, -1);
  g_array_append_val (b->to_main, d);
  if (b->pending_sent == 0)
    b->pending_sent = sent;
}

static void
after_paint (GdkFrameClock *clock,
             Bench         *b)
{
  if (b->pending_sent != 0)
    {
      double d = (g_get_monotonic_time () - b->pending_sent) / 1000.0;

      g_array_append_val (b->to_paint, d);
      b->pending_sent = 0;
    }
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Bench *b = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfAiResponse) response = df_ai_complete_finish (result, &error);

  if (response == NULL)
    {
      g_printerr ("bench-stream-frame: the stream failed: %s\n", error->message);
      b->failed = TRUE;
    }
  b->done = TRUE;
}

static void
report (const char *what,
        GArray     *values)
{
  double median;

  if (values->len == 0)
    return;
  median = bench_median (values);
  printf ("%-40s %5u  %8.2f %8.2f %8.2f ms\n", what, values->len,
          g_array_index (values, double, 0), median, g_array_index (values, double, values->len - 1));
}

/* The server, in a thread of its own, on a port of 127.0.0.1 that the
 * client is pointed at. */
static GThread *
start_server (GSocketListener *listener)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;

  if (!g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &bound, &error))
    bench_die ("bench-stream-frame", "listening on loopback", error);
  url = g_strdup_printf ("http://127.0.0.1:%u/v1", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_setenv ("DRAFTFORGE_AI_BASE_URL", url, TRUE);
  g_setenv ("DRAFTFORGE_AI_MODEL", "bench", TRUE);
  g_setenv ("DRAFTFORGE_API_KEY", "", TRUE);
  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  return g_thread_new ("server", serve, listener);
}

/* A window with a text view, as the coach's panel has, mapped. */
static GtkWidget *
open_window (Bench *b)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 400);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);

  b->buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint), b);
  return window;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autofree char *db = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify)df_ai_message_free);
  g_autoptr(GArray) to_main = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) to_paint = g_array_new (FALSE, FALSE, sizeof (double));
  DfAiRequest request = { .agent = "bench", .max_tokens = 64, .temperature = -1 };
  Bench b = { .to_main = to_main, .to_paint = to_paint };
  GtkWidget *window;
  GThread *server;

  if (argc > 1)
    n_chunks = MAX (1, atoi (argv[1]));

  gtk_init ();
  store = bench_store_new ("bench-stream-frame", "df-bench-stream-XXXXXX", FALSE, &dir);
  profile = df_profile_create (store, "Bench", &error);
  if (profile == NULL)
    bench_die ("bench-stream-frame", "making a profile", error);
  g_clear_object (&store);
  db = g_build_filename (dir, "bench.db", NULL);

  server = start_server (listener);
  window = open_window (&b);

  g_ptr_array_add (messages, df_ai_message_new ("user", "Stream, please."));
  request.messages = messages;
  df_ai_complete_async (db, &request, on_delta, &b, NULL, NULL, on_done, &b);
  while (!b.done)
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (server);

  printf ("%-40s %5s  %8s %8s %8s\n", "from the server sending a chunk to", "n", "min", "median", "max");
  report ("  its delta in the main thread", b.to_main);
  report ("  the next frame painted with it", b.to_paint);
  printf ("(one frame at 60 Hz is 16.7 ms)\n");

  gtk_window_destroy (GTK_WINDOW (window));
  bench_rm_rf (dir);
  return b.failed ? 1 : 0;
}
