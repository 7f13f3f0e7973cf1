/* df-window-private.h: what df-window.c and df-window-actions.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "df-dashboard-view.h"
#include "df-library-view.h"
#include "df-project-view.h"
#include "df-reader-view.h"
#include "df-window.h"

G_BEGIN_DECLS

struct _DfWindow
{
  AdwApplicationWindow  parent_instance;

  DfSession            *session;
  GSettings            *settings;          /* the session's */
  GCancellable         *import_cancellable;
  GPtrArray            *action_prefixes;   /* char*, inserted by plugins */

  /* template */
  DfDashboardView      *dashboard_view;
  AdwStatusPage        *error_page;
  DfLibraryView        *library_view;
  GMenu                *plugins_section;
  GMenuModel           *primary_menu;
  GMenu                *profiles_section;
  DfProjectView        *project_view;
  DfReaderView         *reader_view;
  GtkWidget            *restore_button;
  GtkStack             *stack;
  AdwToastOverlay      *toast_overlay;
};

void _df_window_class_actions_init   (DfWindowClass *klass);
void _df_window_actions_init         (DfWindow      *self);
/* Leaving the visible page: the reader writes its progress. */
void _df_window_leave_page           (DfWindow      *self);
void _df_window_update_title         (DfWindow      *self);
/* The profiles in the main menu and the active one, for the views. */
void _df_window_update_profiles      (DfWindow      *self);
/* Takes away what plugins added, then asks every enabled UI extension
 * again: called when a project opens or closes and when plugins change. */
void _df_window_refresh_extensions   (DfWindow      *self);

G_END_DECLS
