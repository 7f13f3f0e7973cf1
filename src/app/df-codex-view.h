/* df-codex-view.h: a project's codex — its entries by kind, with search,
 * and an entry's page: name, aliases, description, notes, relations,
 * progressions and the chapters that mention it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "df-session.h"

G_BEGIN_DECLS

#define DF_TYPE_CODEX_VIEW (df_codex_view_get_type ())
G_DECLARE_FINAL_TYPE (DfCodexView, df_codex_view, DF, CODEX_VIEW, GtkWidget)

void       df_codex_view_set_session  (DfCodexView *self,
                                       DfSession   *session);
/* Lists the entries of @project_id again from the database, keeping the
 * entry shown when it is still there. */
void       df_codex_view_load         (DfCodexView *self,
                                       gint64       project_id);
/* Shows the entry @entry_id's page. */
void       df_codex_view_show_entry   (DfCodexView *self,
                                       gint64       entry_id);
/* The entries listed (after the search). */
guint      df_codex_view_get_n_listed (DfCodexView *self);

G_END_DECLS
