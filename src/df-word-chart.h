/* df-word-chart.h: words written per day, as bars drawn with Cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

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

G_END_DECLS
