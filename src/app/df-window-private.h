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
  GPtrArray            *lasting_toasts;    /* AdwToast, errors shown until dismissed */
  GCancellable         *backups_cancellable;   /* listing the backups */
  char                 *last_good_backup;  /* what win.restore-backup restores */
  gboolean              restoring;
  gconstpointer         warned_store;      /* whose open warning was shown; never dereferenced */

  /* template */
  GtkListBox           *backups_list;
  DfDashboardView      *dashboard_view;
  AdwStatusPage        *error_page;
  DfLibraryView        *library_view;
  GMenu                *plugins_section;
  GMenuModel           *primary_menu;
  GMenu                *profiles_section;
  DfProjectView        *project_view;
  GtkLabel             *read_only_label;
  GtkRevealer          *read_only_revealer;
  DfReaderView         *reader_view;
  GtkWidget            *restore_button;
  GtkStack             *stack;
  AdwToastOverlay      *toast_overlay;
};

void _df_window_class_actions_init   (DfWindowClass *klass);
void _df_window_actions_init         (DfWindow      *self);
/* df-window-store.c: what the window shows of the state of the
 * session's database: the error page (with the backups, for a damaged
 * one), the read-only bar, what its opening found. */
void _df_window_class_store_init     (DfWindowClass *klass);
void _df_window_store_init           (DfWindow      *self);
void _df_window_show_store_state     (DfWindow      *self);
void _df_window_store_dispose        (DfWindow      *self);
/* Dismisses the errors still shown (the state they spoke of is past). */
void _df_window_dismiss_toasts       (DfWindow      *self);
/* Leaving the visible page: the reader writes its progress. */
void _df_window_leave_page           (DfWindow      *self);
void _df_window_update_title         (DfWindow      *self);
/* The profiles in the main menu and the active one, for the views. */
void _df_window_update_profiles      (DfWindow      *self);
/* Takes away what plugins added, then asks every enabled UI extension
 * again: called when a project opens or closes and when plugins change. */
void _df_window_refresh_extensions   (DfWindow      *self);

G_END_DECLS
