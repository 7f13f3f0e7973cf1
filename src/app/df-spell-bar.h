/* df-spell-bar.h: says in the editor why spelling is off, and offers the
 * languages that have a dictionary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "df-editor.h"

G_BEGIN_DECLS

#define DF_TYPE_SPELL_BAR (df_spell_bar_get_type ())
G_DECLARE_FINAL_TYPE (DfSpellBar, df_spell_bar, DF, SPELL_BAR, GtkWidget)

GtkWidget *df_spell_bar_new         (void);
/* Follows @settings' spell-check and spell-check-language (after
 * @editor, which must have them already), and shows @editor's reason
 * when spelling is asked for and cannot be done, until dismissed or a
 * language is chosen; once for each language asked for. */
void       df_spell_bar_set_editor  (DfSpellBar *self,
                                     DfEditor   *editor,
                                     GSettings  *settings);

G_END_DECLS
