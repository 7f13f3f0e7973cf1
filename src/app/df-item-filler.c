/* df-item-filler.c: a list of outline items filled a screenful at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "df-item-filler.h"
#include "df-outline-item.h"

static gboolean
fill_more (gpointer data)
{
  DfItemFiller *filler = data;
  guint n = MIN (filler->next_batch, filler->pending->len - filler->pending_at);

  g_list_store_splice (filler->store, g_list_model_get_n_items (G_LIST_MODEL (filler->store)), 0,
                       filler->pending->pdata + filler->pending_at, n);
  filler->pending_at += n;
  if (filler->pending_at < filler->pending->len)
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&filler->pending, g_ptr_array_unref);
  filler->source = 0;
  if (filler->filled != NULL)
    filler->filled (filler->filled_data, NULL);
  return G_SOURCE_REMOVE;
}

void
df_item_filler_init (DfItemFiller *filler,
                     GListStore   *store,
                     guint         next_batch,
                     GFunc         filled,
                     gpointer      filled_data)
{
  g_return_if_fail (next_batch > 0);

  *filler = (DfItemFiller) { store, next_batch, filled, filled_data, NULL, 0, 0 };
}

void
df_item_filler_clear (DfItemFiller *filler)
{
  g_clear_handle_id (&filler->source, g_source_remove);
  g_clear_pointer (&filler->pending, g_ptr_array_unref);
}

gboolean
df_item_filler_update_in_place (DfItemFiller *filler,
                                GPtrArray    *items,
                                gboolean     *changed)
{
  GListModel *shown = G_LIST_MODEL (filler->store);

  *changed = FALSE;
  if (filler->pending != NULL || g_list_model_get_n_items (shown) != items->len)
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    {
      g_autoptr(DfOutlineItem) item = g_list_model_get_item (shown, i);

      if (df_outline_item_get_chapter (item)->id != df_outline_item_get_chapter (items->pdata[i])->id)
        return FALSE;
    }
  for (guint i = 0; i < items->len; i++)
    {
      g_autoptr(DfOutlineItem) item = g_list_model_get_item (shown, i);

      *changed |= df_outline_item_update (item, items->pdata[i]);
    }
  return TRUE;
}

void
df_item_filler_replace (DfItemFiller *filler,
                        GPtrArray    *items,
                        guint         first_batch)
{
  df_item_filler_clear (filler);
  g_list_store_splice (filler->store, 0, g_list_model_get_n_items (G_LIST_MODEL (filler->store)), items->pdata,
                       MIN (items->len, first_batch));
  if (items->len > first_batch)
    {
      filler->pending = g_ptr_array_ref (items);
      filler->pending_at = first_batch;
      filler->source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, fill_more, filler, NULL);
    }
}
