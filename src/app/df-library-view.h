/* df-library-view.h: the user's projects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "df-session.h"

G_BEGIN_DECLS

#define DF_TYPE_LIBRARY_VIEW (df_library_view_get_type ())
G_DECLARE_FINAL_TYPE (DfLibraryView, df_library_view, DF, LIBRARY_VIEW, GtkWidget)

/* Once: the list follows the session's store (reloaded when it is
 * replaced). */
void df_library_view_set_session         (DfLibraryView *self,
                                          DfSession     *session);
void df_library_view_set_primary_menu    (DfLibraryView *self,
                                          GMenuModel    *menu);
void df_library_view_reload              (DfLibraryView *self);
/* @fraction < 0 hides the progress; @label (may be NULL) keeps the last. */
void df_library_view_set_import_progress (DfLibraryView *self,
                                          double         fraction,
                                          const char    *label);
/* Takes the project @slug out of the trash (what the Undo of the toast
 * that says it went there does); says why not in a toast. */
void df_library_view_restore             (DfLibraryView *self,
                                          const char    *slug);
/* Asks whether to join hard-wrapped lines (on for a plain-text file, off
 * for Markdown), then has the application import @file; a project
 * folder is imported at once. */
void df_library_view_ask_import          (DfLibraryView *self,
                                          GFile         *file);
/* Rows shown now (projects, or the trash), for tests. */
guint df_library_view_get_n_rows         (DfLibraryView *self);

G_END_DECLS
