/* df-issues-panel.h: what the agents found in the open project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "df-session.h"

G_BEGIN_DECLS

#define DF_TYPE_ISSUES_PANEL (df_issues_panel_get_type ())
G_DECLARE_FINAL_TYPE (DfIssuesPanel, df_issues_panel, DF, ISSUES_PANEL, GtkWidget)

/* The panel of every agent (the style checker, continuity, ...): Check
 * runs one of the session's enabled agents on the whole project in a
 * worker thread with its own connection to the database, with its
 * progress and Stop; the project's runs are listed newest first, and
 * the issues of the one selected grouped by chapter.  Activating an
 * issue activates "project.show-issue" (chapter id, byte offset and
 * length in the chapter's Markdown, line, quoted words). */
void      df_issues_panel_set_session  (DfIssuesPanel *self,
                                        DfSession     *session);
/* The project whose runs are shown (0: none); a check running on the
 * previous one is stopped. */
void      df_issues_panel_set_project  (DfIssuesPanel *self,
                                        gint64         project_id);
/* Runs the agent of type @agent_type in @mode ("offline" or "model"),
 * as the Check menu does; FALSE when no such agent is enabled or a
 * check is running already. */
gboolean  df_issues_panel_run          (DfIssuesPanel *self,
                                        const char    *agent_type,
                                        const char    *mode);
/* Whether a check is running, or runs and issues are being read. */
gboolean  df_issues_panel_is_running   (DfIssuesPanel *self);
gboolean  df_issues_panel_is_loading   (DfIssuesPanel *self);
/* The run shown (0: none). */
gint64    df_issues_panel_get_run_id   (DfIssuesPanel *self);
/* Issue rows shown. */
guint     df_issues_panel_get_n_issues (DfIssuesPanel *self);
/* Reads the runs again (runs made elsewhere, from the command line),
 * keeping the one shown; done too whenever the panel is shown. */
void      df_issues_panel_refresh      (DfIssuesPanel *self);
/* Shows only the findings of @check in the newest run of @agent_type
 * (@title, the kind's name, in a bar with Show All), until Show All
 * ("issues.show-all"). */
void      df_issues_panel_show_check   (DfIssuesPanel *self,
                                        const char    *agent_type,
                                        const char    *check,
                                        const char    *title);
/* The check shown alone, or NULL. */
const char *df_issues_panel_get_check  (DfIssuesPanel *self);
/* Puts the keyboard focus in the panel (its Check button). */
void      df_issues_panel_focus        (DfIssuesPanel *self);

G_END_DECLS
