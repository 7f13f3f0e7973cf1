/* df-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "df-error.h"

G_DEFINE_QUARK (df-error-quark, df_error)
