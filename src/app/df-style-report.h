/* df-style-report.h: the style checker's report on a project, in a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "df-session.h"
#include "df-style-report-chart.h"

G_BEGIN_DECLS

#define DF_TYPE_STYLE_REPORT (df_style_report_get_type ())
G_DECLARE_FINAL_TYPE (DfStyleReport, df_style_report, DF, STYLE_REPORT, AdwWindow)

/* The report on @project_id (@title names it), checked at once in a
 * worker thread with its own connection to the database; @owner (the
 * project view, or NULL) is where "project.show-issues" is activated
 * from a kind of finding. */
DfStyleReport      *df_style_report_new          (DfSession     *session,
                                                  gint64         project_id,
                                                  const char    *title,
                                                  GtkWidget     *owner);
/* Checks the book again (nothing when a check runs). */
void                df_style_report_refresh      (DfStyleReport *self);
gboolean            df_style_report_is_running   (DfStyleReport *self);
DfStyleReportChart *df_style_report_get_chart    (DfStyleReport *self);
/* The check ids of the kinds listed, the most frequent first. */
const char * const *df_style_report_get_kinds    (DfStyleReport *self);
/* Writes the report to @file as `draftforge-cli style report --csv`
 * (@csv) or `--json` prints it; what Export CSV… and Export JSON… do
 * with the file chosen. */
gboolean            df_style_report_export       (DfStyleReport *self,
                                                  GFile         *file,
                                                  gboolean       csv,
                                                  GError       **error);

G_END_DECLS
