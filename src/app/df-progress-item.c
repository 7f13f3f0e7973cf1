/* df-progress-item.c: one chapter's reading progress, as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-progress-item"

#include "config.h"

#include "df-progress-item.h"

struct _DfProgressItem
{
  GObject     parent_instance;

  DfProgress *progress;
};

G_DEFINE_FINAL_TYPE (DfProgressItem, df_progress_item, G_TYPE_OBJECT)

static void
df_progress_item_finalize (GObject *object)
{
  DfProgressItem *self = (DfProgressItem *)object;

  g_clear_pointer (&self->progress, df_progress_free);

  G_OBJECT_CLASS (df_progress_item_parent_class)->finalize (object);
}

static void
df_progress_item_class_init (DfProgressItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = df_progress_item_finalize;
}

static void
df_progress_item_init (DfProgressItem *self)
{
}

DfProgressItem *
df_progress_item_new (DfProgress *progress)
{
  DfProgressItem *self;

  g_return_val_if_fail (progress != NULL, NULL);

  self = g_object_new (DF_TYPE_PROGRESS_ITEM, NULL);
  self->progress = progress;
  return self;
}

const DfProgress *
df_progress_item_get_progress (DfProgressItem *self)
{
  g_return_val_if_fail (DF_IS_PROGRESS_ITEM (self), NULL);
  return self->progress;
}
