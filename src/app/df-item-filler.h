/* df-item-filler.h: a list of outline items filled a screenful at a time
 *
 * The outline and the corkboard show every chapter of a book.  Making
 * rows or cards for thousands of chapters takes longer than a frame, so
 * the first screenful goes in at once and the rest follow, a batch at a
 * time, when the main loop is idle.  Opened again with the same chapters
 * in the same order, the items shown take what changed instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  GListStore *store;         /* DfOutlineItem; not owned */
  guint       next_batch;
  GFunc       filled;        /* after the last batch, or NULL */
  gpointer    filled_data;
  GPtrArray  *pending;       /* items still to add, after the first screenful */
  guint       pending_at;
  guint       source;
} DfItemFiller;

void      df_item_filler_init            (DfItemFiller *filler,
                                          GListStore   *store,
                                          guint         next_batch,
                                          GFunc         filled,
                                          gpointer      filled_data);
/* Stops adding what is pending. */
void      df_item_filler_clear           (DfItemFiller *filler);
/* When @items (DfOutlineItem) are the chapters shown, in the same order,
 * and nothing is pending, the items shown take what changed (*@changed:
 * whether any did) and TRUE is returned; else FALSE and nothing changes. */
gboolean  df_item_filler_update_in_place (DfItemFiller *filler,
                                          GPtrArray    *items,
                                          gboolean     *changed);
/* The store's items become @items: the first @first_batch now, the
 * others when the main loop is idle. */
void      df_item_filler_replace         (DfItemFiller *filler,
                                          GPtrArray    *items,
                                          guint         first_batch);

G_END_DECLS
