/* df-word-chart.c: words written (or AI tokens used) per day, as bars
 * drawn with Cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-word-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "df-model.h"
#include "df-utils.h"
#include "df-chart-util.h"
#include "df-word-chart.h"

#define PAD          6.0
#define LABEL_GAP    6.0
#define BAR_FRACTION 0.7
#define N_GRIDLINES  4

struct _DfWordChart
{
  GtkWidget  parent_instance;

  GPtrArray *days;       /* DfStatsDay, oldest first */
  gint64     max;        /* y-axis maximum, a round number; 0 when empty */
  gint64     step;       /* between gridlines */
  DfChartUnit unit;
  char      *label;      /* accessible label and description, as set */
  char      *description;

  /* From the last snapshot, for tooltips. */
  double     plot_x;
  double     plot_width;
};

G_DEFINE_FINAL_TYPE (DfWordChart, df_word_chart, GTK_TYPE_WIDGET)

/* Where the chart goes in the widget, with the colours to draw it in. */
typedef struct
{
  int      width;
  gboolean rtl;
  double   plot_y;       /* the top of the bars' area */
  double   plot_h;
  double   baseline_y;
  double   slot;         /* the width of a day */
  GdkRGBA  fg;
  GdkRGBA  accent;
} Plot;

static gint64
day_value (DfWordChart *self,
           guint        i)
{
  const DfStatsDay *day = g_ptr_array_index (self->days, i);
  return MAX (day->words_written, 0);
}

static guint
n_days (DfWordChart *self)
{
  return self->days != NULL ? self->days->len : 0;
}

/* A round step (1, 2 or 5 times a power of ten) giving at most
 * N_GRIDLINES gridlines above the baseline, and the axis maximum. */
static void
compute_axis (DfWordChart *self)
{
  gint64 top = 0;

  for (guint i = 0; i < n_days (self); i++)
    top = MAX (top, day_value (self, i));

  self->max = 0;
  self->step = 0;
  if (top == 0)
    return;

  self->step = (gint64) df_chart_round_step ((double) top, N_GRIDLINES);
  self->max = ((top + self->step - 1) / self->step) * self->step;
}

static GDateTime *
parse_day (const char *iso)
{
  int y, m, d;

  if (iso == NULL || sscanf (iso, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return NULL;
  return g_date_time_new_local (y, m, d, 12, 0, 0);
}

/* "No words written in the last 30 days", or tokens. */
static char *
empty_message (DfWordChart *self,
               guint        days)
{
  if (self->unit == DF_CHART_UNIT_TOKENS)
    return g_strdup_printf (ngettext ("No tokens used in the last %u day",
                                      "No tokens used in the last %u days",
                                      days),
                            days);
  return g_strdup_printf (ngettext ("No words written in the last %u day",
                                    "No words written in the last %u days",
                                    days),
                          days);
}

static void
update_accessible_label (DfWordChart *self)
{
  g_free (self->label);
  if (self->unit == DF_CHART_UNIT_TOKENS)
    self->label = g_strdup (_("AI tokens used per day"));
  else
    self->label = g_strdup (_("Words written per day"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->label,
                                  -1);
}

static void
update_accessible_description (DfWordChart *self)
{
  g_autofree char *description = NULL;
  gint64 total = 0;
  gint64 best = 0;
  guint best_i = 0;
  guint active = 0;

  for (guint i = 0; i < n_days (self); i++)
    {
      gint64 v = day_value (self, i);

      total += v;
      if (v > 0)
        active++;
      if (v > best)
        {
          best = v;
          best_i = i;
        }
    }

  if (total == 0)
    description = empty_message (self, n_days (self));
  else
    {
      const DfStatsDay *day = g_ptr_array_index (self->days, best_i);
      g_autoptr(GDateTime) dt = parse_day (day->date);
      /* Translators: a date in the chart's description, strftime format */
      g_autofree char *best_date = dt ? g_date_time_format (dt, _("%B %-d")) : g_strdup (day->date);
      g_autofree char *total_str = df_format_count (total);
      g_autofree char *best_str = df_format_count (best);
      g_autofree char *days_part = NULL;
      g_autofree char *active_part = g_strdup_printf (ngettext ("on %u day", "on %u days", active), active);

      if (self->unit == DF_CHART_UNIT_TOKENS)
        days_part = g_strdup_printf (ngettext ("%s token used in the last %u days",
                                               "%s tokens used in the last %u days",
                                               (gulong)total),
                                     total_str, n_days (self));
      else
        days_part = g_strdup_printf (ngettext ("%s word written in the last %u days",
                                               "%s words written in the last %u days",
                                               (gulong)total),
                                     total_str, n_days (self));

      /* Translators: "12,000 words written in the last 30 days, on 9 days;
       * the most was 2,000 on June 3" (or "12,000 tokens used …") */
      description = g_strdup_printf (_("%s, %s; the most was %s on %s"),
                                     days_part, active_part, best_str, best_date);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  g_free (self->description);
  self->description = g_steal_pointer (&description);
}

static void
get_colors (DfWordChart *self,
            GdkRGBA     *fg,
            GdkRGBA     *accent)
{
  static const char * const none[] = { NULL };
  static const char * const accents[] = { "accent_bg_color", "accent_color", NULL };

  df_chart_theme_color (GTK_WIDGET (self), none, fg);
  df_chart_theme_color (GTK_WIDGET (self), accents, accent);
}

/* The x of the start edge of day @i's slot. */
static double
slot_x (DfWordChart *self,
        guint        i,
        gboolean     rtl)
{
  double slot = self->plot_width / MAX (n_days (self), 1);
  guint pos = rtl ? n_days (self) - 1 - i : i;
  return self->plot_x + pos * slot;
}

/* Leaves room for the y labels at the start side (at the left in LTR, at
 * the right in RTL, where the oldest day also is) and for the day labels
 * below; keeps the plot's x and width for the tooltips. */
static void
place_plot (DfWordChart *self,
            int          height,
            Plot        *plot)
{
  g_autofree char *top = df_format_count (MAX (self->max, 0));
  g_autoptr(PangoLayout) layout = df_chart_small_layout (GTK_WIDGET (self), top);
  int label_w, label_h;

  /* The widest y label and the height of a line of small text. */
  pango_layout_get_pixel_size (layout, &label_w, &label_h);

  plot->plot_y = PAD + label_h / 2.0;
  plot->plot_h = height - plot->plot_y - PAD - label_h - LABEL_GAP;
  if (plot->plot_h < 10)
    plot->plot_h = MAX (height - 2 * PAD, 1);
  plot->baseline_y = plot->plot_y + plot->plot_h;

  self->plot_width = MAX (plot->width - 2 * PAD - label_w - LABEL_GAP, 1);
  self->plot_x = plot->rtl ? PAD : PAD + label_w + LABEL_GAP;
  plot->slot = self->plot_width / MAX (n_days (self), 1);
}

/* The baseline and, above it, that nothing was written. */
static void
draw_empty (DfWordChart *self,
            cairo_t     *cr,
            const Plot  *plot)
{
  guint n = n_days (self);
  g_autofree char *message = empty_message (self, n > 0 ? n : 30);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), message);
  int lw, lh;

  df_chart_set_color (cr, &plot->fg, 0.4);
  cairo_move_to (cr, self->plot_x, floor (plot->baseline_y) + 0.5);
  cairo_rel_line_to (cr, self->plot_width, 0);
  cairo_stroke (cr);

  pango_layout_set_width (layout, (int)(self->plot_width * PANGO_SCALE));
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_pixel_size (layout, &lw, &lh);
  df_chart_set_color (cr, &plot->fg, 0.55);
  cairo_move_to (cr, self->plot_x, plot->plot_y + (plot->plot_h - lh) / 2);
  pango_cairo_show_layout (cr, layout);
}

/* Gridlines with their values. */
static void
draw_gridlines (DfWordChart *self,
                cairo_t     *cr,
                const Plot  *plot)
{
  for (gint64 v = 0; v <= self->max; v += self->step)
    {
      double y = floor (plot->baseline_y - (double)v / self->max * plot->plot_h) + 0.5;
      g_autofree char *text = df_format_count (v);
      g_autoptr(PangoLayout) layout = df_chart_small_layout (GTK_WIDGET (self), text);
      int lw, lh;

      df_chart_set_color (cr, &plot->fg, v == 0 ? 0.4 : 0.12);
      cairo_move_to (cr, self->plot_x, y);
      cairo_rel_line_to (cr, self->plot_width, 0);
      cairo_stroke (cr);

      pango_layout_get_pixel_size (layout, &lw, &lh);
      df_chart_set_color (cr, &plot->fg, 0.6);
      if (plot->rtl)
        cairo_move_to (cr, self->plot_x + self->plot_width + LABEL_GAP, y - lh / 2.0);
      else
        cairo_move_to (cr, self->plot_x - LABEL_GAP - lw, y - lh / 2.0);
      pango_cairo_show_layout (cr, layout);
    }
}

/* Bars; today (the last day) is fully opaque, and an outline marks its
 * slot even without words. */
static void
draw_bars (DfWordChart *self,
           cairo_t     *cr,
           const Plot  *plot)
{
  guint n = n_days (self);
  double bar_w = MAX (plot->slot * BAR_FRACTION, 1.0);

  for (guint i = 0; i < n; i++)
    {
      gint64 v = day_value (self, i);
      gboolean today = i + 1 == n;
      double x = slot_x (self, i, plot->rtl) + (plot->slot - bar_w) / 2;
      double h = (double)v / self->max * plot->plot_h;

      if (v > 0)
        {
          df_chart_set_color (cr, &plot->accent, today ? 1.0 : 0.6);
          cairo_rectangle (cr, x, plot->baseline_y - h, bar_w, h);
          cairo_fill (cr);
        }

      if (today)
        {
          df_chart_set_color (cr, &plot->accent, 1.0);
          cairo_set_line_width (cr, 2.0);
          cairo_move_to (cr, x, plot->baseline_y + 1);
          cairo_rel_line_to (cr, bar_w, 0);
          cairo_stroke (cr);
          cairo_set_line_width (cr, 1.0);
        }
    }
}

/* Day labels for today and every seventh day before it, where they fit. */
static void
draw_day_labels (DfWordChart *self,
                 cairo_t     *cr,
                 const Plot  *plot)
{
  guint n = n_days (self);

  for (guint i = n; i-- > 0;)
    {
      const DfStatsDay *day = g_ptr_array_index (self->days, i);
      g_autoptr(GDateTime) dt = NULL;
      g_autofree char *text = NULL;
      g_autoptr(PangoLayout) layout = NULL;
      double cx, x;
      int lw, lh;

      if ((n - 1 - i) % 7 != 0)
        continue;
      if ((dt = parse_day (day->date)) == NULL)
        continue;

      /* Translators: a day under the chart's bars, strftime format */
      text = g_date_time_format (dt, _("%b %-d"));
      layout = df_chart_small_layout (GTK_WIDGET (self), text);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      if (lw > plot->slot * 6.5)
        continue;

      cx = slot_x (self, i, plot->rtl) + plot->slot / 2;
      x = CLAMP (cx - lw / 2.0, 0, MAX (plot->width - lw, 0));
      df_chart_set_color (cr, &plot->fg, i + 1 == n ? 0.9 : 0.6);
      cairo_move_to (cr, x, plot->baseline_y + LABEL_GAP / 2 + 1);
      pango_cairo_show_layout (cr, layout);
    }
}

static void
df_word_chart_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  DfWordChart *self = DF_WORD_CHART (widget);
  int height = gtk_widget_get_height (widget);
  Plot plot = {
    .width = gtk_widget_get_width (widget),
    .rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL,
  };
  cairo_t *cr;

  if (plot.width <= 2 * PAD || height <= 2 * PAD)
    return;

  get_colors (self, &plot.fg, &plot.accent);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, plot.width, height));
  cairo_set_line_width (cr, 1.0);
  place_plot (self, height, &plot);

  if (self->max <= 0)
    draw_empty (self, cr, &plot);
  else
    {
      draw_gridlines (self, cr, &plot);
      draw_bars (self, cr, &plot);
      draw_day_labels (self, cr, &plot);
    }
  cairo_destroy (cr);
}

static gboolean
df_word_chart_query_tooltip (GtkWidget  *widget,
                             int         x,
                             int         y,
                             gboolean    keyboard_mode,
                             GtkTooltip *tooltip)
{
  DfWordChart *self = DF_WORD_CHART (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  guint n = n_days (self);
  g_autofree char *text = NULL;
  double slot;
  guint i;

  if (n == 0 || self->plot_width <= 0)
    return FALSE;

  if (keyboard_mode)
    i = n - 1;
  else
    {
      int pos;

      if (x < self->plot_x || x >= self->plot_x + self->plot_width)
        return FALSE;
      slot = self->plot_width / n;
      pos = CLAMP ((int)((x - self->plot_x) / slot), 0, (int)n - 1);
      i = rtl ? n - 1 - pos : (guint)pos;
    }

  text = df_word_chart_dup_day_text (self, i);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
df_word_chart_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 480;
    }
  else
    {
      *minimum = 120;
      *natural = 200;
    }
}

static void
df_word_chart_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (df_word_chart_parent_class)->css_changed (widget, change);
  /* The colours and fonts are read while drawing. */
  gtk_widget_queue_draw (widget);
}

static void
df_word_chart_direction_changed (GtkWidget        *widget,
                                 GtkTextDirection  previous)
{
  GTK_WIDGET_CLASS (df_word_chart_parent_class)->direction_changed (widget, previous);
  gtk_widget_queue_draw (widget);
}

static void
df_word_chart_finalize (GObject *object)
{
  DfWordChart *self = (DfWordChart *)object;

  g_clear_pointer (&self->days, g_ptr_array_unref);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (df_word_chart_parent_class)->finalize (object);
}

static void
df_word_chart_class_init (DfWordChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = df_word_chart_finalize;

  widget_class->snapshot = df_word_chart_snapshot;
  widget_class->measure = df_word_chart_measure;
  widget_class->query_tooltip = df_word_chart_query_tooltip;
  widget_class->css_changed = df_word_chart_css_changed;
  widget_class->direction_changed = df_word_chart_direction_changed;

  gtk_widget_class_set_css_name (widget_class, "wordchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
df_word_chart_init (DfWordChart *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self), -1, 200);
  self->unit = DF_CHART_UNIT_WORDS;
  update_accessible_label (self);
  update_accessible_description (self);
}

GtkWidget *
df_word_chart_new (void)
{
  return g_object_new (DF_TYPE_WORD_CHART, NULL);
}

void
df_word_chart_set_days (DfWordChart *self,
                        GPtrArray   *days)
{
  g_return_if_fail (DF_IS_WORD_CHART (self));

  if (days != NULL)
    g_ptr_array_ref (days);
  g_clear_pointer (&self->days, g_ptr_array_unref);
  self->days = days;

  compute_axis (self);
  update_accessible_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint64
df_word_chart_get_max (DfWordChart *self)
{
  g_return_val_if_fail (DF_IS_WORD_CHART (self), 0);
  return self->max;
}

guint
df_word_chart_get_n_days (DfWordChart *self)
{
  g_return_val_if_fail (DF_IS_WORD_CHART (self), 0);
  return n_days (self);
}

void
df_word_chart_set_unit (DfWordChart *self,
                        DfChartUnit  unit)
{
  g_return_if_fail (DF_IS_WORD_CHART (self));
  g_return_if_fail (unit == DF_CHART_UNIT_WORDS || unit == DF_CHART_UNIT_TOKENS);

  if (self->unit == unit)
    return;
  self->unit = unit;
  update_accessible_label (self);
  update_accessible_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

DfChartUnit
df_word_chart_get_unit (DfWordChart *self)
{
  g_return_val_if_fail (DF_IS_WORD_CHART (self), DF_CHART_UNIT_WORDS);
  return self->unit;
}

const char *
df_word_chart_get_accessible_label (DfWordChart *self)
{
  g_return_val_if_fail (DF_IS_WORD_CHART (self), NULL);
  return self->label;
}

const char *
df_word_chart_get_accessible_description (DfWordChart *self)
{
  g_return_val_if_fail (DF_IS_WORD_CHART (self), NULL);
  return self->description;
}

char *
df_word_chart_dup_day_text (DfWordChart *self,
                            guint        i)
{
  const DfStatsDay *day;
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *date = NULL;
  g_autofree char *count = NULL;
  gint64 value;

  g_return_val_if_fail (DF_IS_WORD_CHART (self), NULL);

  if (i >= n_days (self))
    return NULL;

  day = g_ptr_array_index (self->days, i);
  value = day_value (self, i);
  dt = parse_day (day->date);
  /* Translators: a day in the chart's tooltips, strftime format */
  date = dt ? g_date_time_format (dt, _("%A, %B %-d")) : g_strdup (day->date);
  count = df_format_count (value);
  if (self->unit == DF_CHART_UNIT_TOKENS)
    /* Translators: "Monday, June 3: 1,250 tokens" */
    return g_strdup_printf (ngettext ("%s: %s token", "%s: %s tokens", (gulong)value),
                            date, count);
  /* Translators: "Monday, June 3: 250 words" */
  return g_strdup_printf (ngettext ("%s: %s word", "%s: %s words", (gulong)value),
                          date, count);
}
