/* df-store-errors-private.h: what df-store.c and df-store-errors.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "df-store.h"

G_BEGIN_DECLS

/* What a user reads about a damaged database: what SQLite said
 * (@detail), and the way to the backups. */
char *_df_store_damage_message  (DfStore    *self,
                                 const char *detail);
/* Remembers the first damage met (df_store_get_damage) and keeps the
 * file as it was found; says so (the "damaged" property). */
void  _df_store_note_damage     (DfStore    *self,
                                 const char *message);
/* The first read of the file failed with @rc: says what is true. */
void  _df_store_set_open_error  (DfStore    *self,
                                 int         rc,
                                 GError    **error);

G_END_DECLS
