/* df-style-report-chart.h: readability and sentence length across the
 * chapters, drawn with Cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DF_TYPE_STYLE_REPORT_CHART (df_style_report_chart_get_type ())
G_DECLARE_FINAL_TYPE (DfStyleReportChart, df_style_report_chart, DF, STYLE_REPORT_CHART, GtkWidget)

typedef struct
{
  gint64 number;          /* the chapter's number */
  double flesch;          /* Flesch reading ease */
  double sentence_mean;   /* words per sentence */
} DfStyleReportPoint;

GtkWidget *df_style_report_chart_new          (void);
/* The chapters to draw (@n points, copied), in book order. */
void       df_style_report_chart_set_points   (DfStyleReportChart       *self,
                                               const DfStyleReportPoint *points,
                                               guint                     n);
/* The chapters drawn: a point of each series for each. */
guint      df_style_report_chart_get_n_points (DfStyleReportChart       *self);

G_END_DECLS
