/* df-word-chart.h: words written (or AI tokens used) per day, as bars
 * drawn with Cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What the bars count: every user-visible string (tooltips, the empty
 * message, the accessible label and description) follows it. */
typedef enum
{
  DF_CHART_UNIT_WORDS,        /* words written (the default) */
  DF_CHART_UNIT_TOKENS,       /* AI tokens used */
} DfChartUnit;

#define DF_TYPE_WORD_CHART (df_word_chart_get_type ())
G_DECLARE_FINAL_TYPE (DfWordChart, df_word_chart, DF, WORD_CHART, GtkWidget)

GtkWidget *df_word_chart_new      (void);
/* @days: DfStatsDay*, oldest first (df_stats_days); a ref is kept. */
void       df_word_chart_set_days (DfWordChart *self,
                                   GPtrArray   *days);
/* The y-axis maximum: a round number at least the tallest bar's value
 * (0 when no words were written), for tests. */
gint64     df_word_chart_get_max  (DfWordChart *self);
/* The number of days (bars) shown. */
guint      df_word_chart_get_n_days (DfWordChart *self);
/* Words by default; with DF_CHART_UNIT_TOKENS the bars are tokens used
 * (DfStatsDay.words_written holds the day's tokens). */
void        df_word_chart_set_unit (DfWordChart *self,
                                    DfChartUnit  unit);
DfChartUnit df_word_chart_get_unit (DfWordChart *self);
/* The accessible label and description as set, for tests. */
const char *df_word_chart_get_accessible_label       (DfWordChart *self);
const char *df_word_chart_get_accessible_description (DfWordChart *self);
/* The tooltip text of day @i (0: the oldest), e.g. "Monday, June 3: 250
 * words"; NULL when out of range. */
char       *df_word_chart_dup_day_text (DfWordChart *self,
                                        guint        i);

G_END_DECLS
