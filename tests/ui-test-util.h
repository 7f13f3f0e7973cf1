/* ui-test-util.h: helpers for tests that drive real widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "df-store.h"

G_BEGIN_DECLS

/* gtk_test_init + adw_init when a display is there; FALSE (and the
 * tests should all skip) without one. */
gboolean  ui_test_init         (int      *argc,
                                char   ***argv);
gboolean  ui_test_have_display (void);
/* Iterates the main context until @condition returns TRUE, or fails the
 * test after @timeout_ms milliseconds of waiting (a deadline, not a
 * sleep: it returns as soon as the condition holds). */
void      ui_test_wait_until   (gboolean (*condition) (gpointer data),
                                gpointer  data,
                                guint     timeout_ms);
/* Runs the main context until nothing is pending. */
void      ui_test_flush        (void);
/* A fresh database in a new temporary folder; free with ui_test_store_free. */
DfStore  *ui_test_store_new    (char    **dir_out);
void      ui_test_remove_dir   (const char *dir);
/* The first descendant of @root (depth first) of @type whose widget name
 * or buildable id is @name (NULL: any). */
GtkWidget *ui_test_find        (GtkWidget  *root,
                                GType       type,
                                const char *name);

G_END_DECLS
