/* df-credits-private.h: what df-credits.c shares with df-usage.c, inside
 * ai/ only; never installed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @value must be 0 or more; @field names it in the message ("The token
 * budget"). */
gboolean  _df_credits_check_tokens (const char   *field,
                                    gint64        value,
                                    GError      **error);
/* @value must be a finite number, 0 or more. */
gboolean  _df_credits_check_amount (const char   *field,
                                    double        value,
                                    GError      **error);

G_END_DECLS
