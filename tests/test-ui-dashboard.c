/* test-ui-dashboard.c: the progress dashboard and its chart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <string.h>

#include "df-dashboard-view.h"
#include "df-model.h"
#include "df-word-chart.h"
#include "df-planning.h"
#include "ui-test-util.h"

typedef struct
{
  DfStore         *store;
  DfSession       *session;
  char            *dir;
  gint64           project_id;
  gint64           chapter_ids[3];
  GtkWindow       *window;
  DfDashboardView *view;
} Fixture;

/* Words written per fake day: four days in a row, a gap on 2024-02-29,
 * then three days in a row up to "today", 2024-03-03. */
static const struct { const char *date; guint words; } writing_days[] = {
  { "2024-02-25", 100 },
  { "2024-02-26", 50 },
  { "2024-02-27", 50 },
  { "2024-02-28", 50 },
  { "2024-03-01", 40 },
  { "2024-03-02", 30 },
  { "2024-03-03", 20 },
};
#define TODAY       "2024-03-03"
#define TOTAL_WORDS 340

static char *
words (guint n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (s, i == 0 ? "lorem" : " lorem");
  return g_string_free (s, FALSE);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  DfProjectNew spec = { .title = "Progress Test", .target_word_count = 1000 };
  guint written = 0;

  if (!ui_test_have_display ())
    return;

  g_setenv ("DRAFTFORGE_TODAY", writing_days[0].date, TRUE);
  f->store = ui_test_store_new (&f->dir);
  project = df_project_create (f->store, &spec, &error);
  g_assert_no_error (error);
  f->project_id = project->id;

  /* A setting of another feature, which the deadline must keep. */
  df_project_set_field (f->store, f->project_id, "settings", "{\"theme\":\"sepia\",\"font-size\":14}", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (f->chapter_ids); i++)
    {
      g_autofree char *title = g_strdup_printf ("Chapter %u", i + 1);
      g_autoptr(DfChapter) chapter = df_test_append_chapter (f->store, f->project_id, 0, title, NULL);

      f->chapter_ids[i] = chapter->id;
    }

  for (guint i = 0; i < G_N_ELEMENTS (writing_days); i++)
    {
      g_autofree char *content = NULL;

      written += writing_days[i].words;
      content = words (written);
      g_setenv ("DRAFTFORGE_TODAY", writing_days[i].date, TRUE);
      df_chapter_save_content (f->store, f->chapter_ids[0], content, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (written, ==, TOTAL_WORDS);

  f->view = DF_DASHBOARD_VIEW (df_dashboard_view_new ());
  f->session = df_session_new_for_store (f->store, NULL);
  df_dashboard_view_set_session (f->view, f->session);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 800, 900);
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (!ui_test_have_display ())
    return;
  /* Nothing holds the view once its window is gone. */
  g_object_ref (f->view);
  ui_test_window_destroy (GTK_WIDGET (f->window));
  g_assert_finalize_object (f->view);
  g_clear_object (&f->session);
  g_clear_object (&f->store);
  df_test_tmp_dir_free (f->dir);
  g_unsetenv ("DRAFTFORGE_TODAY");
  gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static const char *
label_text (Fixture    *f,
            const char *name)
{
  return gtk_label_get_text (GTK_LABEL (ui_test_get (GTK_WIDGET (f->view), GTK_TYPE_LABEL, name)));
}

static DfWordChart *
find_chart (Fixture *f)
{
  return DF_WORD_CHART (ui_test_get (GTK_WIDGET (f->view), DF_TYPE_WORD_CHART, "word-chart"));
}

static char *
project_settings (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = df_project_get_by_id (f->store, f->project_id, &error);

  g_assert_no_error (error);
  return g_strdup (project->settings);
}

static gint64
project_target (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = df_project_get_by_id (f->store, f->project_id, &error);

  g_assert_no_error (error);
  return project->target_word_count;
}

static void
load_today (Fixture *f)
{
  g_setenv ("DRAFTFORGE_TODAY", TODAY, TRUE);
  df_dashboard_view_load (f->view, f->project_id);
}

static void
test_totals (Fixture       *f,
             gconstpointer  data)
{
  DfWordChart *chart;
  const char *target;
  GtkWidget *back;

  if (ui_test_skip_without_display ())
    return;

  load_today (f);

  g_assert_cmpstr (label_text (f, "current-streak"), ==, "3");
  g_assert_cmpstr (label_text (f, "longest-streak"), ==, "4");
  g_assert_cmpstr (label_text (f, "words-today"), ==, "20");
  g_assert_cmpstr (label_text (f, "total-words"), ==, "340");

  /* "340 of 1,000 words (34%)", the thousands separator per locale. */
  target = label_text (f, "target-label");
  g_assert_true (g_str_has_prefix (target, "340 of "));
  g_assert_true (g_str_has_suffix (target, " words (34%)"));
  g_assert_cmpfloat_with_epsilon (gtk_level_bar_get_value (GTK_LEVEL_BAR (ui_test_find (GTK_WIDGET (f->view),
                                                                                          GTK_TYPE_LEVEL_BAR,
                                                                                          "target-bar"))),
                                  0.34, 0.001);

  /* The chart: 30 days, up to today; the axis reaches the busiest day. */
  chart = find_chart (f);
  g_assert_cmpuint (df_word_chart_get_n_days (chart), ==, 30);
  g_assert_cmpint (df_word_chart_get_max (chart), >=, 100);
  g_assert_cmpint (df_word_chart_get_max (chart), <=, 200);

  /* Without a deadline the view asks for one. */
  g_assert_nonnull (strstr (label_text (f, "pace-label"), "deadline"));

  back = ui_test_find (GTK_WIDGET (f->view), GTK_TYPE_BUTTON, "back-button");
  g_assert_nonnull (back);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (back)), ==, "win.show-editor");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (back), ==, "Back to Editing");
}

static void
test_deadline (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *settings = NULL;
  const char *pace;

  if (ui_test_skip_without_display ())
    return;

  load_today (f);

  /* Through the action, as the calendar popover's button does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "dashboard.set-deadline", "s", "2024-03-12"));
  settings = project_settings (f);
  g_assert_nonnull (strstr (settings, "\"deadline\":\"2024-03-12\""));
  g_assert_nonnull (strstr (settings, "\"theme\":\"sepia\""));
  g_assert_nonnull (strstr (settings, "\"font-size\":14"));

  /* 660 words to go over March 3 to 12, both counted: 10 days, 66 a day. */
  pace = label_text (f, "pace-label");
  g_assert_true (g_str_has_prefix (pace, "66 words a day needed until "));
  g_assert_true (g_str_has_suffix (pace, " (10 days left)"));

  /* A deadline of today leaves one day. */
  g_assert_true (df_dashboard_view_set_deadline (f->view, TODAY, &error));
  g_assert_no_error (error);
  pace = label_text (f, "pace-label");
  g_assert_true (g_str_has_prefix (pace, "660 words a day needed until "));
  g_assert_true (g_str_has_suffix (pace, " (1 day left)"));

  /* A past deadline. */
  g_assert_true (df_dashboard_view_set_deadline (f->view, "2024-03-01", &error));
  g_assert_cmpstr (label_text (f, "pace-label"), ==, "The deadline has passed");

  /* A bad date is refused and changes nothing. */
  g_assert_false (df_dashboard_view_set_deadline (f->view, "2024-02-30", &error));
  g_assert_error (error, DF_ERROR, DF_ERROR_INVALID);
  g_clear_error (&error);
  g_free (settings);
  settings = project_settings (f);
  g_assert_nonnull (strstr (settings, "\"deadline\":\"2024-03-01\""));

  /* Through the calendar popover, as a user does. */
  {
    GtkWidget *calendar = ui_test_find (GTK_WIDGET (f->view), GTK_TYPE_CALENDAR, NULL);
    GtkWidget *button = ui_test_find (GTK_WIDGET (f->view), GTK_TYPE_BUTTON, "set-deadline-button");
    g_autoptr(GDateTime) day = g_date_time_new_local (2024, 3, 22, 12, 0, 0);

    g_assert_nonnull (calendar);
    g_assert_nonnull (button);
    gtk_calendar_select_day (GTK_CALENDAR (calendar), day);
    g_signal_emit_by_name (button, "clicked");
    g_free (settings);
    settings = project_settings (f);
    g_assert_nonnull (strstr (settings, "\"deadline\":\"2024-03-22\""));
    g_assert_nonnull (strstr (settings, "\"theme\":\"sepia\""));
    /* 660 words over 20 days. */
    g_assert_true (g_str_has_prefix (label_text (f, "pace-label"), "33 words a day needed until "));
    g_assert_true (g_str_has_suffix (label_text (f, "pace-label"), " (20 days left)"));
  }

  /* Clearing keeps the other keys. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "dashboard.clear-deadline", NULL));
  g_free (settings);
  settings = project_settings (f);
  g_assert_null (strstr (settings, "deadline"));
  g_assert_nonnull (strstr (settings, "\"theme\":\"sepia\""));
  g_assert_nonnull (strstr (label_text (f, "pace-label"), "deadline"));
}

static void
test_target (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *entry;

  if (ui_test_skip_without_display ())
    return;

  load_today (f);
  entry = ui_test_find (GTK_WIDGET (f->view), ADW_TYPE_ENTRY_ROW, "target-entry");
  g_assert_nonnull (entry);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "1000");

  /* Not a number: refused, the target stays. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "many");
  g_signal_emit_by_name (entry, "apply");
  g_assert_cmpint (project_target (f), ==, 1000);

  /* Thousands separators are fine. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "2,000");
  g_signal_emit_by_name (entry, "apply");
  g_assert_cmpint (project_target (f), ==, 2000);
  g_assert_true (g_str_has_suffix (label_text (f, "target-label"), " words (17%)"));

  /* Reached. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "300");
  g_signal_emit_by_name (entry, "apply");
  g_assert_cmpint (project_target (f), ==, 300);
  g_assert_true (g_str_has_suffix (label_text (f, "target-label"), " words (100%)"));
  g_assert_cmpstr (label_text (f, "pace-label"), ==, "Target reached");

  /* Empty: no target, and the view says how to set one. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_signal_emit_by_name (entry, "apply");
  g_assert_cmpint (project_target (f), ==, 0);
  g_assert_nonnull (strstr (label_text (f, "target-label"), "No target"));
  g_assert_false (gtk_widget_get_visible (ui_test_find (GTK_WIDGET (f->view), GTK_TYPE_LEVEL_BAR, "target-bar")));
}

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      n++;
  return n;
}

static void
test_reading (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProfile) profile = NULL;
  GtkWidget *list, *row;

  if (ui_test_skip_without_display ())
    return;

  load_today (f);

  /* No profile yet. */
  g_assert_nonnull (strstr (label_text (f, "reading-summary"), "profile"));
  list = ui_test_find (GTK_WIDGET (f->view), GTK_TYPE_LIST_BOX, "reading-list");
  g_assert_nonnull (list);
  g_assert_false (gtk_widget_get_visible (list));

  profile = df_test_make_profile (f->store, "Ada");
  df_progress_complete (f->store, profile->id, f->chapter_ids[0], &error);
  g_assert_no_error (error);
  df_progress_record (f->store, profile->id, f->chapter_ids[1], 10, 12 * 60, &error);
  g_assert_no_error (error);

  df_dashboard_view_set_profile (f->view, profile->id);
  g_assert_cmpstr (label_text (f, "reading-summary"), ==, "1 of 3 chapters read");
  g_assert_true (gtk_widget_get_visible (list));
  g_assert_cmpuint (count_rows (list), ==, 3);

  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (ui_test_find (row, GTK_TYPE_LABEL, "reading-status"))), ==, "Read");
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (ui_test_find (row, GTK_TYPE_LABEL, "reading-status"))), ==, "Reading");
  g_assert_nonnull (ui_test_find (row, GTK_TYPE_LABEL, NULL));
  {
    gboolean found = FALSE;
    for (GtkWidget *w = gtk_widget_get_first_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));
         w != NULL; w = gtk_widget_get_next_sibling (w))
      found |= g_strcmp0 (gtk_label_get_text (GTK_LABEL (w)), "12 min") == 0;
    g_assert_true (found);
  }
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 2));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (ui_test_find (row, GTK_TYPE_LABEL, "reading-status"))), ==, "Not started");

  /* Reloading keeps it in step with the store. */
  df_progress_complete (f->store, profile->id, f->chapter_ids[2], &error);
  g_assert_no_error (error);
  df_dashboard_view_load (f->view, f->project_id);
  g_assert_cmpstr (label_text (f, "reading-summary"), ==, "2 of 3 chapters read");
  g_assert_cmpuint (count_rows (list), ==, 3);
}

/* ---- drawing ---- */

static gboolean
chart_allocated (gpointer data)
{
  Fixture *f = data;
  return gtk_widget_get_mapped (GTK_WIDGET (find_chart (f))) &&
         gtk_widget_get_width (GTK_WIDGET (find_chart (f))) > 100;
}

static gboolean
frame_drawn (gpointer data)
{
  return *(gboolean *)data;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  *(gboolean *)data = TRUE;
}

/* Presents the window, waits for a frame to be painted, then renders the
 * chart again into an image; counts the columns at each end that hold bar
 * colour (blue dominant, as the accent colour is in light and dark). */
static cairo_surface_t *
render_chart (Fixture *f)
{
  GtkWidget *chart = GTK_WIDGET (find_chart (f));
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;
  cairo_surface_t *surface;
  cairo_t *cr;
  int w, h;

  gtk_window_present (f->window);
  ui_test_wait_until (chart_allocated, f, 5000);

  /* A real frame goes through the widget's snapshot. */
  clock = gtk_widget_get_frame_clock (chart);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (chart);
  ui_test_wait_until (frame_drawn, &painted, 5000);
  g_signal_handler_disconnect (clock, handler);

  w = gtk_widget_get_width (chart);
  h = gtk_widget_get_height (chart);
  g_assert_cmpint (h, >=, 200);

  paintable = gtk_widget_paintable_new (chart);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cr = cairo_create (surface);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static guint
bar_pixels (cairo_surface_t *surface,
            double           from,
            double           to)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint n = 0;

  for (int y = 0; y < h; y++)
    for (int x = (int)(from * w); x < (int)(to * w); x++)
      {
        guint32 px = *(const guint32 *)(data + y * stride + x * 4);
        int a = px >> 24, r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;

        if (a > 100 && b > r + 60 && b > g + 20)
          n++;
      }
  return n;
}

static void
check_drawing (Fixture  *f,
               gboolean  rtl)
{
  cairo_surface_t *surface = render_chart (f);
  /* The last week of writing is at the end of the time axis: the right in
   * left-to-right text, the left in right-to-left text. */
  guint start = bar_pixels (surface, 0.0, 0.5);
  guint end = bar_pixels (surface, 0.5, 1.0);

  if (rtl)
    {
      g_assert_cmpuint (start, >, 100);
      g_assert_cmpuint (end, ==, 0);
    }
  else
    {
      g_assert_cmpuint (end, >, 100);
      g_assert_cmpuint (start, ==, 0);
    }
  cairo_surface_destroy (surface);
}

static void
test_chart_light (Fixture       *f,
                  gconstpointer  data)
{
  if (ui_test_skip_without_display ())
    return;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  load_today (f);
  check_drawing (f, FALSE);
}

static void
test_chart_dark (Fixture       *f,
                 gconstpointer  data)
{
  if (ui_test_skip_without_display ())
    return;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  load_today (f);
  g_assert_true (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  check_drawing (f, FALSE);
}

static void
test_chart_rtl (Fixture       *f,
                gconstpointer  data)
{
  if (ui_test_skip_without_display ())
    return;

  gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  gtk_widget_set_direction (GTK_WIDGET (f->window), GTK_TEXT_DIR_RTL);
  load_today (f);
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (find_chart (f))), ==, GTK_TEXT_DIR_RTL);
  check_drawing (f, TRUE);
}

static void
test_chart_empty (Fixture       *f,
                  gconstpointer  data)
{
  cairo_surface_t *surface;

  if (ui_test_skip_without_display ())
    return;

  /* Two months later nothing was written in the last 30 days. */
  g_setenv ("DRAFTFORGE_TODAY", "2024-05-15", TRUE);
  df_dashboard_view_load (f->view, f->project_id);
  g_assert_cmpint (df_word_chart_get_max (find_chart (f)), ==, 0);
  g_assert_cmpuint (df_word_chart_get_n_days (find_chart (f)), ==, 30);
  g_assert_cmpstr (label_text (f, "current-streak"), ==, "0");
  g_assert_cmpstr (label_text (f, "longest-streak"), ==, "4");

  surface = render_chart (f);
  g_assert_cmpuint (bar_pixels (surface, 0.0, 1.0), ==, 0);
  cairo_surface_destroy (surface);
}

/* A long book must not freeze the window: loading 365 chapters' progress
 * takes well under a second. */
static void
test_many_chapters (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProfile) profile = NULL;
  GtkWidget *list;
  gint64 start, elapsed;

  if (ui_test_skip_without_display ())
    return;

  load_today (f);
  gtk_window_present (f->window);
  ui_test_wait_until (chart_allocated, f, 5000);

  df_store_begin (f->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 362; i++)
    {
      g_autofree char *title = g_strdup_printf ("Book %u", i + 4);
      g_autoptr(DfChapter) chapter = df_test_append_chapter (f->store, f->project_id, 0, title, NULL);
    }
  df_store_commit (f->store, &error);
  g_assert_no_error (error);
  profile = df_test_make_profile (f->store, "Reader");

  start = g_get_monotonic_time ();
  df_dashboard_view_set_profile (f->view, profile->id);
  df_dashboard_view_load (f->view, f->project_id);
  ui_test_flush ();
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("Loading and showing 365 chapters took %" PRId64 " ms", elapsed / 1000);

  list = ui_test_find (GTK_WIDGET (f->view), GTK_TYPE_LIST_BOX, "reading-list");
  g_assert_cmpuint (count_rows (list), ==, 365);
  g_assert_cmpstr (label_text (f, "reading-summary"), ==, "0 of 365 chapters read");
}

/* The writing sessions: none yet says how to start one; then the
 * newest first, each with its time, words and whether its goal was met. */
static void
test_sessions (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfWritingSession) first = NULL;
  g_autoptr(DfWritingSession) second = NULL;
  g_autoptr(DfWritingSession) ended = NULL;
  g_autofree char *text = NULL;
  GtkWidget *list;
  GtkWidget *row;
  gint64 t0 = 1709450000;   /* 2024-03-03 07:13:20 UTC */

  if (ui_test_skip_without_display ())
    return;

  load_today (f);
  df_test_assert_contains (label_text (f, "sessions-summary"), "No writing session yet");
  g_assert_false (gtk_widget_get_visible (ui_test_get (GTK_WIDGET (f->view), GTK_TYPE_LIST_BOX, "sessions-list")));

  /* 25 minutes and 5 words against a goal of 300; then a running one */
  first = df_writing_session_start (f->store, f->project_id, 300, 0, t0, &error);
  g_assert_no_error (error);
  text = words (TOTAL_WORDS + 5);
  g_assert_true (df_chapter_save_content (f->store, f->chapter_ids[0], text, &error));
  g_assert_true (df_writing_session_touch (f->store, f->project_id, t0 + 25 * 60 - 100, &error));
  ended = df_writing_session_stop (f->store, f->project_id, t0 + 25 * 60, &error);
  g_assert_no_error (error);
  second = df_writing_session_start (f->store, f->project_id, 0, 10, t0 + 3600, &error);
  g_assert_no_error (error);

  load_today (f);
  df_test_assert_contains (label_text (f, "sessions-summary"), "2 sessions");
  list = ui_test_get (GTK_WIDGET (f->view), GTK_TYPE_LIST_BOX, "sessions-list");
  g_assert_true (gtk_widget_get_visible (list));
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  df_test_assert_contains (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "still running");
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1));
  df_test_assert_contains (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "March 2024");
  df_test_assert_contains (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "min");
  df_test_assert_contains (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "+5 words");
  df_test_assert_contains (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "goal of 300 words not reached");
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 2));
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  DF_TEST_ADD ("/ui/dashboard/totals", test_totals);
  DF_TEST_ADD ("/ui/dashboard/deadline", test_deadline);
  DF_TEST_ADD ("/ui/dashboard/target", test_target);
  DF_TEST_ADD ("/ui/dashboard/reading", test_reading);
  DF_TEST_ADD ("/ui/dashboard/sessions", test_sessions);
  DF_TEST_ADD ("/ui/dashboard/chart-light", test_chart_light);
  DF_TEST_ADD ("/ui/dashboard/chart-dark", test_chart_dark);
  DF_TEST_ADD ("/ui/dashboard/chart-rtl", test_chart_rtl);
  DF_TEST_ADD ("/ui/dashboard/chart-empty", test_chart_empty);
  DF_TEST_ADD ("/ui/dashboard/many-chapters", test_many_chapters);

  return g_test_run ();
}
