/* df-credits-page.h: the Credits page of the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "df-session.h"

G_BEGIN_DECLS

#define DF_TYPE_CREDITS_PAGE (df_credits_page_get_type ())
G_DECLARE_FINAL_TYPE (DfCreditsPage, df_credits_page, DF, CREDITS_PAGE, AdwPreferencesPage)

/* The active profile's AI credits and usage in @session's database:
 * budget and period (editable), what is used, reserved and left, tokens
 * per day as a chart, per helper, and the recent calls. */
GtkWidget *df_credits_page_new     (DfSession     *session);
/* Reloads everything (done whenever the page is shown). */
void       df_credits_page_refresh (DfCreditsPage *self);

G_END_DECLS
