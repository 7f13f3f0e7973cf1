/* df-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "df-import.h"
#include "df-session.h"

G_BEGIN_DECLS

#define DF_TYPE_WINDOW (df_window_get_type ())
G_DECLARE_FINAL_TYPE (DfWindow, df_window, DF, WINDOW, AdwApplicationWindow)

/* A window of @app on @session's database (or, when it could not be
 * opened, a page that says why and offers the backup). */
DfWindow   *df_window_new            (GtkApplication *app,
                                      DfSession      *session);
/* Imports a file or folder as a new project (in a worker thread, with
 * progress shown in the library). */
void        df_window_import         (DfWindow      *self,
                                      GFile         *file);
/* The same, joining hard-wrapped lines or not as @unwrap says. */
void        df_window_import_full    (DfWindow       *self,
                                      GFile          *file,
                                      DfImportUnwrap  unwrap);
gboolean    df_window_open_project   (DfWindow      *self,
                                      const char    *slug,
                                      GError       **error);
void        df_window_show_toast     (DfWindow      *self,
                                      const char    *message);
/* Shows @toast (with a button, say) over the window. */
void        df_window_add_toast      (DfWindow      *self,
                                      AdwToast      *toast);
/* "library", "project", "reader", "dashboard" or "error" */
const char *df_window_get_page       (DfWindow      *self);
GtkWidget  *df_window_get_library_view   (DfWindow *self);
GtkWidget  *df_window_get_project_view   (DfWindow *self);
GtkWidget  *df_window_get_reader_view    (DfWindow *self);
GtkWidget  *df_window_get_dashboard_view (DfWindow *self);
/* The main menu, with its profiles and plugins sections. */
GMenuModel *df_window_get_primary_menu   (DfWindow *self);

G_END_DECLS
