/* df-new-project-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "df-session.h"

G_BEGIN_DECLS

#define DF_TYPE_NEW_PROJECT_DIALOG (df_new_project_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DfNewProjectDialog, df_new_project_dialog, DF, NEW_PROJECT_DIALOG, AdwWindow)

/* Creates the project in @session's store; emits "created" with its
 * slug, then closes. */
DfNewProjectDialog *df_new_project_dialog_new (DfSession *session);

G_END_DECLS
