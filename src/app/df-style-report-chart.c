/* df-style-report-chart.c: readability and sentence length across the
 * chapters, drawn with Cairo
 *
 * Two series over the chapters, each against its own axis: Flesch
 * reading ease (higher is easier) at the start side, words per sentence
 * at the end side; a legend above names them, each drawn its own way
 * (a solid line, a dashed one) so that colour is not the only cue.  The
 * colours come from the theme (dark mode), and right to left the
 * chapters run from the right and the axes swap sides.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-style-report-chart"

#include "config.h"

#include <math.h>   /* floor and ceil, as df-word-chart.c */

#include <glib/gi18n.h>

#include "df-chart-util.h"
#include "df-style-report-chart.h"

#define PAD        8.0
#define GAP        6.0
#define N_STEPS    5
#define DOT_MIN_SLOT 5.0

struct _DfStyleReportChart
{
  GtkWidget  parent_instance;

  GArray    *points;     /* DfStyleReportPoint */
  double     ease_lo, ease_hi, ease_step;
  double     length_hi, length_step;
};

G_DEFINE_FINAL_TYPE (DfStyleReportChart, df_style_report_chart, GTK_TYPE_WIDGET)

typedef struct
{
  int      width, height;
  gboolean rtl;
  double   x, w;         /* the plot */
  double   y, h;
  GdkRGBA  fg, ease, length;
} Plot;

static guint
n_points (DfStyleReportChart *self)
{
  return self->points->len;
}

static const DfStyleReportPoint *
point (DfStyleReportChart *self,
       guint               i)
{
  return &g_array_index (self->points, DfStyleReportPoint, i);
}

/* The axes: reading ease from 0 to 100 at least, words per sentence
 * from 0. */
static void
compute_axes (DfStyleReportChart *self)
{
  double lo = 0, hi = 100, longest = 0;

  for (guint i = 0; i < n_points (self); i++)
    {
      lo = MIN (lo, point (self, i)->flesch);
      hi = MAX (hi, point (self, i)->flesch);
      longest = MAX (longest, point (self, i)->sentence_mean);
    }
  self->ease_step = df_chart_round_step (hi - lo, N_STEPS);
  self->ease_lo = floor (lo / self->ease_step) * self->ease_step;
  self->ease_hi = ceil (hi / self->ease_step) * self->ease_step;
  self->length_step = df_chart_round_step (MAX (longest, 10), N_STEPS);
  self->length_hi = MAX (ceil (longest / self->length_step), 1) * self->length_step;
}

static void
update_description (DfStyleReportChart *self)
{
  g_autofree char *description = NULL;
  double ease = 0, length = 0;
  guint n = n_points (self);

  for (guint i = 0; i < n; i++)
    {
      ease += point (self, i)->flesch;
      length += point (self, i)->sentence_mean;
    }
  if (n == 0)
    description = g_strdup (_("No chapters to show"));
  else
    /* Translators: the chart's description for screen readers */
    description = g_strdup_printf (ngettext ("%u chapter; reading ease %.0f and %.1f words per sentence on average",
                                             "%u chapters; reading ease %.0f and %.1f words per sentence on average",
                                             n),
                                   n, ease / n, length / n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

static void
get_colors (DfStyleReportChart *self,
            Plot               *plot)
{
  static const char * const none[] = { NULL };
  static const char * const accent[] = { "accent_color", NULL };
  static const char * const warning[] = { "warning_color", NULL };

  df_chart_theme_color (GTK_WIDGET (self), none, &plot->fg);
  df_chart_theme_color (GTK_WIDGET (self), accent, &plot->ease);
  df_chart_theme_color (GTK_WIDGET (self), warning, &plot->length);
}

/* Shows @text with its start at @x (its end, when @end), its middle at @y. */
static void
show_text (DfStyleReportChart *self, cairo_t *cr, const char *text, double x, double y, gboolean end)
{
  g_autoptr(PangoLayout) layout = df_chart_small_layout (GTK_WIDGET (self), text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, end ? x - w : x, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);
}

static double
text_width (DfStyleReportChart *self, const char *text, int *height)
{
  g_autoptr(PangoLayout) layout = df_chart_small_layout (GTK_WIDGET (self), text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (height != NULL)
    *height = h;
  return w;
}

/* Room for the legend above, the axes' labels at the sides and the
 * chapter numbers below. */
static void
place_plot (DfStyleReportChart *self, Plot *plot, int *line_h)
{
  g_autofree char *lo = g_strdup_printf ("%.0f", self->ease_lo);
  g_autofree char *hi = g_strdup_printf ("%.0f", self->ease_hi);
  g_autofree char *len = g_strdup_printf ("%.0f", self->length_hi);
  double ease_w = MAX (MAX (text_width (self, lo, line_h), text_width (self, hi, NULL)),
                       text_width (self, _("Ease"), NULL));
  double length_w = MAX (text_width (self, len, NULL), text_width (self, _("Words"), NULL));
  double start_w = plot->rtl ? length_w : ease_w, end_w = plot->rtl ? ease_w : length_w;

  plot->y = PAD + 2 * *line_h + 2 * GAP;   /* the legend, then the axes' names */
  plot->h = MAX (plot->height - plot->y - PAD - 2 * *line_h - 2 * GAP, 10);
  plot->x = PAD + start_w + GAP;
  plot->w = MAX (plot->width - plot->x - end_w - GAP - PAD, 10);
}

/* The x of chapter @i's point. */
static double
point_x (DfStyleReportChart *self, const Plot *plot, guint i)
{
  guint n = n_points (self);
  double slot = plot->w / MAX (n, 1);
  guint pos = plot->rtl ? n - 1 - i : i;

  return plot->x + (pos + 0.5) * slot;
}

static void
draw_legend (DfStyleReportChart *self, cairo_t *cr, const Plot *plot, int line_h)
{
  const char *names[] = { _("Reading ease (Flesch, higher is easier)"), _("Words per sentence") };
  const GdkRGBA *colors[] = { &plot->ease, &plot->length };
  double x = plot->rtl ? plot->width - PAD : PAD, y = PAD + line_h / 2.0;

  for (guint k = 0; k < 2; k++)
    {
      double w = text_width (self, names[k], NULL), sample = 18;
      double dashes[] = { 4, 3 };

      df_chart_set_color (cr, colors[k], 1);
      cairo_set_line_width (cr, 2);
      cairo_set_dash (cr, dashes, k == 1 ? 2 : 0, 0);
      cairo_move_to (cr, plot->rtl ? x - sample : x, y);
      cairo_rel_line_to (cr, sample, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      df_chart_set_color (cr, &plot->fg, 0.85);
      show_text (self, cr, names[k], plot->rtl ? x - sample - GAP : x + sample + GAP, y, plot->rtl);
      x += (plot->rtl ? -1 : 1) * (sample + 2 * GAP + w + 3 * GAP);
    }
}

/* Gridlines at the reading-ease steps, labelled on the start side; the
 * words-per-sentence labels at the same heights on the end side. */
static void
draw_axes (DfStyleReportChart *self, cairo_t *cr, const Plot *plot, int line_h)
{
  double start = plot->x - GAP, end = plot->x + plot->w + GAP;
  double ease_side = plot->rtl ? end : start, length_side = plot->rtl ? start : end;

  cairo_set_line_width (cr, 1);
  for (double v = self->ease_lo; v <= self->ease_hi + 1e-9; v += self->ease_step)
    {
      double y = floor (plot->y + plot->h - (v - self->ease_lo) / (self->ease_hi - self->ease_lo) * plot->h) + 0.5;
      g_autofree char *text = g_strdup_printf ("%.0f", v);

      df_chart_set_color (cr, &plot->fg, v == self->ease_lo ? 0.4 : 0.12);
      cairo_move_to (cr, plot->x, y);
      cairo_rel_line_to (cr, plot->w, 0);
      cairo_stroke (cr);
      df_chart_set_color (cr, &plot->ease, 1);
      show_text (self, cr, text, ease_side, y, !plot->rtl);
    }
  for (double v = 0; v <= self->length_hi + 1e-9; v += self->length_step)
    {
      double y = plot->y + plot->h - v / self->length_hi * plot->h;
      g_autofree char *text = g_strdup_printf ("%.0f", v);

      df_chart_set_color (cr, &plot->length, 1);
      show_text (self, cr, text, length_side, y, plot->rtl);
    }
  /* The axes' names above them, and the chapters' below. */
  df_chart_set_color (cr, &plot->fg, 0.7);
  show_text (self, cr, _("Ease"), ease_side, plot->y - GAP - line_h / 2.0, !plot->rtl);
  show_text (self, cr, _("Words"), length_side, plot->y - GAP - line_h / 2.0, plot->rtl);
  {
    const char *chapter = _("Chapter");
    double w = text_width (self, chapter, NULL);

    show_text (self, cr, chapter, plot->x + (plot->w - w) / 2, plot->y + plot->h + 2 * GAP + 1.5 * line_h, FALSE);
  }
}

/* Chapter numbers under the points, as many as fit. */
static void
draw_chapter_labels (DfStyleReportChart *self, cairo_t *cr, const Plot *plot, int line_h)
{
  guint n = n_points (self), every = 1;
  double slot = plot->w / MAX (n, 1);
  g_autofree char *widest = g_strdup_printf ("%" G_GINT64_FORMAT, n ? point (self, n - 1)->number : 0);
  double w = text_width (self, widest, NULL) + 2 * GAP;

  while (every * slot < w)
    every = every < 5 ? every + (every == 1 ? 1 : 3) : every * 2;   /* 1, 2, 5, 10, 20… */
  df_chart_set_color (cr, &plot->fg, 0.6);
  for (guint i = 0; i < n; i += every)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, point (self, i)->number);
      double tw = text_width (self, text, NULL);

      show_text (self, cr, text, point_x (self, plot, i) - tw / 2, plot->y + plot->h + GAP + line_h / 2.0, FALSE);
    }
}

static void
draw_series (DfStyleReportChart *self, cairo_t *cr, const Plot *plot, gboolean length)
{
  guint n = n_points (self);
  double slot = plot->w / MAX (n, 1);
  double dashes[] = { 4, 3 };

  df_chart_set_color (cr, length ? &plot->length : &plot->ease, 1);
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_dash (cr, dashes, length ? 2 : 0, 0);
  for (guint i = 0; i < n; i++)
    {
      const DfStyleReportPoint *p = point (self, i);
      double v = length ? p->sentence_mean / self->length_hi
                        : (p->flesch - self->ease_lo) / (self->ease_hi - self->ease_lo);
      double y = plot->y + plot->h - CLAMP (v, 0, 1) * plot->h;

      if (i == 0)
        cairo_move_to (cr, point_x (self, plot, i), y);
      else
        cairo_line_to (cr, point_x (self, plot, i), y);
    }
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  if (slot < DOT_MIN_SLOT)
    return;
  for (guint i = 0; i < n; i++)
    {
      const DfStyleReportPoint *p = point (self, i);
      double v = length ? p->sentence_mean / self->length_hi
                        : (p->flesch - self->ease_lo) / (self->ease_hi - self->ease_lo);

      cairo_arc (cr, point_x (self, plot, i), plot->y + plot->h - CLAMP (v, 0, 1) * plot->h, 3, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

static void
df_style_report_chart_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  DfStyleReportChart *self = DF_STYLE_REPORT_CHART (widget);
  Plot plot = { gtk_widget_get_width (widget), gtk_widget_get_height (widget),
                gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL };
  int line_h = 0;
  cairo_t *cr;

  if (plot.width <= 0 || plot.height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, plot.width, plot.height));
  get_colors (self, &plot);
  place_plot (self, &plot, &line_h);
  draw_legend (self, cr, &plot, line_h);
  draw_axes (self, cr, &plot, line_h);
  if (n_points (self) > 0)
    {
      draw_chapter_labels (self, cr, &plot, line_h);
      draw_series (self, cr, &plot, TRUE);
      draw_series (self, cr, &plot, FALSE);
    }
  cairo_destroy (cr);
}

static void
df_style_report_chart_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  (void) widget;
  (void) for_size;
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 320 : 220;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 720 : 280;
  *minimum_baseline = *natural_baseline = -1;
}

static void
df_style_report_chart_finalize (GObject *object)
{
  DfStyleReportChart *self = DF_STYLE_REPORT_CHART (object);

  g_array_unref (self->points);
  G_OBJECT_CLASS (df_style_report_chart_parent_class)->finalize (object);
}

static void
df_style_report_chart_class_init (DfStyleReportChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = df_style_report_chart_finalize;
  widget_class->snapshot = df_style_report_chart_snapshot;
  widget_class->measure = df_style_report_chart_measure;
  gtk_widget_class_set_css_name (widget_class, "stylechart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
df_style_report_chart_init (DfStyleReportChart *self)
{
  self->points = g_array_new (FALSE, FALSE, sizeof (DfStyleReportPoint));
  compute_axes (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reading ease and words per sentence by chapter"), -1);
  update_description (self);
}

GtkWidget *
df_style_report_chart_new (void)
{
  return g_object_new (DF_TYPE_STYLE_REPORT_CHART, NULL);
}

void
df_style_report_chart_set_points (DfStyleReportChart       *self,
                                  const DfStyleReportPoint *points,
                                  guint                     n)
{
  g_return_if_fail (DF_IS_STYLE_REPORT_CHART (self));

  g_array_set_size (self->points, 0);
  g_array_append_vals (self->points, points, n);
  compute_axes (self);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
df_style_report_chart_get_n_points (DfStyleReportChart *self)
{
  g_return_val_if_fail (DF_IS_STYLE_REPORT_CHART (self), 0);
  return n_points (self);
}
