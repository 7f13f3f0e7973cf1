/* df-progress-item.h: one chapter's reading progress, as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "df-model.h"

G_BEGIN_DECLS

#define DF_TYPE_PROGRESS_ITEM (df_progress_item_get_type ())
G_DECLARE_FINAL_TYPE (DfProgressItem, df_progress_item, DF, PROGRESS_ITEM, GObject)

/* Takes @progress. */
DfProgressItem   *df_progress_item_new          (DfProgress     *progress);
const DfProgress *df_progress_item_get_progress (DfProgressItem *self);

G_END_DECLS
