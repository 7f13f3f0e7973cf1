/* df-export-dialog.h: export the open project with an exporter plugin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "df-session.h"

G_BEGIN_DECLS

#define DF_TYPE_EXPORT_DIALOG (df_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DfExportDialog, df_export_dialog, DF, EXPORT_DIALOG, AdwWindow)

/* Exports @project_id with the exporters of @session's plugin host, in
 * a worker thread with its own connection to the session's database,
 * then says where in the parent window and closes. */
DfExportDialog *df_export_dialog_new        (DfSession    *session,
                                             gint64        project_id);
/* Starts the export to @path with the options chosen, as the Export
 * button does after asking where (for tests). */
void            df_export_dialog_export_to  (DfExportDialog *self,
                                             const char     *path);
/* The name the file is offered under (without its extension): the
 * book's title, without what a file name cannot hold. */
const char     *df_export_dialog_get_file_name (DfExportDialog *self);
/* Chooses the format by its id ("epub"); FALSE if no exporter has it. */
gboolean        df_export_dialog_set_format (DfExportDialog *self,
                                             const char     *format);

G_END_DECLS
