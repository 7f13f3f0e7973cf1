/* df-ai-page.h: the AI page of the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "df-session.h"

G_BEGIN_DECLS

#define DF_TYPE_AI_PAGE (df_ai_page_get_type ())
G_DECLARE_FINAL_TYPE (DfAiPage, df_ai_page, DF, AI_PAGE, AdwPreferencesPage)

/* The provider settings of the active profile in @session's database:
 * base URL, model, API key (in the keyring), and a connection test. */
GtkWidget *df_ai_page_new     (DfSession  *session);
/* Reloads the profile, its settings and the environment's overrides (done
 * whenever the page is shown). */
void       df_ai_page_refresh (DfAiPage   *self);
/* Puts the focus in @field: "base-url", "model", "key", or "test" (the
 * Test button). */
void       df_ai_page_focus_field (DfAiPage   *self,
                                   const char *field);

G_END_DECLS
