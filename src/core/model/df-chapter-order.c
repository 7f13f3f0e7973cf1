/* df-chapter-order.c: book order, moving chapters in it, deleting parts
 *
 * Book order is chapters.number, 1..n across the project.  A part is the
 * run of chapters that name it; parts.number follows the order in which
 * parts first appear, and empty parts keep their place after the part
 * before them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "df-model-private.h"

typedef struct
{
  gint64 id;
  gint64 part_id;
  gint64 number;
} Slot;

#define N_SLOT_COLUMNS 3
G_STATIC_ASSERT (sizeof (Slot) == N_SLOT_COLUMNS * sizeof (gint64));

/* The rows @sql selects for @project_id, as an array whose elements are
 * the @n_columns integers of a row (a Slot, or a part's id). */
static GArray *
load_rows (DfStore     *store,
           const char  *sql,
           gint64       project_id,
           guint        n_columns,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, n_columns * sizeof (gint64));
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (n_columns <= N_SLOT_COLUMNS, NULL);

  stmt = df_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, project_id);
  while (df_store_step (store, stmt, &local_error))
    {
      gint64 row[N_SLOT_COLUMNS];

      for (guint i = 0; i < n_columns; i++)
        row[i] = sqlite3_column_int64 (stmt, i);
      g_array_append_vals (rows, row, 1);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&rows);
}

/* The chapters of the project in book order. */
static GArray *
load_order (DfStore  *store,
            gint64    project_id,
            GError  **error)
{
  return load_rows (store, "SELECT id, coalesce(part_id, 0), number FROM chapters"
                    " WHERE project_id = ?1 ORDER BY number, id", project_id, N_SLOT_COLUMNS, error);
}

/* Writes back the chapter numbers (and parts) that changed; @placed gets
 * the parts in order of first appearance, @seen holds them. */
static gboolean
store_chapter_order (DfStore     *store,
                     GArray      *slots,
                     GArray      *placed,
                     GHashTable  *seen,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store,
                           "UPDATE chapters SET number = ?2, part_id = ?3"
                           " WHERE id = ?1 AND (number != ?2 OR coalesce(part_id, 0) != coalesce(?3, 0))",
                           error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < slots->len; i++)
    {
      Slot *slot = &g_array_index (slots, Slot, i);

      sqlite3_bind_int64 (stmt, 1, slot->id);
      sqlite3_bind_int64 (stmt, 2, i + 1);
      _df_bind_id (stmt, 3, slot->part_id);
      if (!df_store_step_done (store, stmt, error))
        return FALSE;
      slot->number = i + 1;

      if (slot->part_id > 0 && !g_hash_table_contains (seen, &slot->part_id))
        {
          g_hash_table_add (seen, &slot->part_id);
          g_array_append_val (placed, slot->part_id);
        }
    }

  return TRUE;
}

/* Empty parts (in @old_parts, not in @seen) keep their place after the
 * part before them in the old order that is placed. */
static void
place_empty_parts (GArray     *old_parts,
                   GArray     *placed,
                   GHashTable *seen)
{
  for (guint i = 0; i < old_parts->len; i++)
    {
      gint64 id = g_array_index (old_parts, gint64, i);
      guint insert_at = 0;

      if (g_hash_table_contains (seen, &id))
        continue;

      for (guint j = i; j > 0; j--)
        {
          gint64 prev = g_array_index (old_parts, gint64, j - 1);
          guint k;

          for (k = 0; k < placed->len; k++)
            if (g_array_index (placed, gint64, k) == prev)
              break;
          if (k < placed->len)
            {
              insert_at = k + 1;
              break;
            }
        }
      g_array_insert_val (placed, insert_at, id);
      g_hash_table_add (seen, &g_array_index (old_parts, gint64, i));
    }
}

static gboolean
store_part_order (DfStore  *store,
                  GArray   *parts,
                  GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store, "UPDATE parts SET number = ?2 WHERE id = ?1 AND number != ?2", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < parts->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, g_array_index (parts, gint64, i));
      sqlite3_bind_int64 (stmt, 2, i + 1);
      if (!df_store_step_done (store, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* Writes back numbers (and parts) that changed, then the part order. */
static gboolean
store_order (DfStore  *store,
             gint64    project_id,
             GArray   *slots,
             GError  **error)
{
  g_autoptr(GArray) old_parts = NULL;
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);

  if (!store_chapter_order (store, slots, placed, seen, error) ||
      (old_parts = load_rows (store, "SELECT id FROM parts WHERE project_id = ?1 ORDER BY number, id",
                              project_id, 1, error)) == NULL)
    return FALSE;

  place_empty_parts (old_parts, placed, seen);
  return store_part_order (store, placed, error);
}

gboolean
_df_project_renumber (DfStore  *store,
                      gint64    project_id,
                      GError  **error)
{
  g_autoptr(GArray) slots = load_order (store, project_id, error);

  return slots != NULL && store_order (store, project_id, slots, error);
}

/* ---- deleting a part ------------------------------------------------- */

/* Its chapters stay in their places, without a part. */
gboolean
df_part_delete (DfStore  *store,
                gint64    part_id,
                GError  **error)
{
  g_autoptr(DfPart) part = NULL;
  gboolean ok;

  if (!df_store_begin (store, error))
    return FALSE;

  ok = (part = _df_part_get (store, part_id, error)) != NULL &&
       _df_update_one (store, "DELETE FROM parts WHERE id = ?1", part_id, NULL, _("part"), error) &&
       _df_project_renumber (store, part->project_id, error) &&
       _df_project_touch (store, part->project_id, error);
  return df_store_end (store, ok, error);
}

/* ---- moving a chapter ------------------------------------------------ */

static guint
slot_index (GArray *slots,
            gint64  chapter_id)
{
  for (guint i = 0; i < slots->len; i++)
    if (g_array_index (slots, Slot, i).id == chapter_id)
      return i;
  return G_MAXUINT;
}

/* Begins the transaction of a move: the chapter's project and the book
 * order, or NULL (rolled back) with @error set. */
static GArray *
begin_move (DfStore  *store,
            gint64    chapter_id,
            gint64   *project_id,
            GError  **error)
{
  g_autofree char *missing = g_strdup_printf (_("No such chapter (id %" PRId64 ")"), chapter_id);
  GArray *slots = NULL;

  if (!df_store_begin (store, error))
    return NULL;

  if (!_df_query_int64 (store, "SELECT project_id FROM chapters WHERE id = ?1", chapter_id, missing,
                        project_id, error) ||
      (slots = load_order (store, *project_id, error)) == NULL)
    df_store_rollback (store);

  return slots;
}

/* Stores the new order and commits the move, or rolls it back. */
static gboolean
finish_move (DfStore  *store,
             gint64    project_id,
             GArray   *slots,
             GError  **error)
{
  gboolean ok = store_order (store, project_id, slots, error) &&
                _df_project_touch (store, project_id, error);

  return df_store_end (store, ok, error);
}

gboolean
df_chapter_move (DfStore  *store,
                 gint64    chapter_id,
                 gint64    to,
                 GError  **error)
{
  g_autoptr(GArray) slots = NULL;
  gint64 project_id;
  guint from;
  Slot moved;

  if ((slots = begin_move (store, chapter_id, &project_id, error)) == NULL)
    return FALSE;

  if (to < 1 || to > (gint64)slots->len)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The new position must be from 1 to %u (got %" PRId64 ")"), slots->len, to);
      df_store_rollback (store);
      return FALSE;
    }

  from = slot_index (slots, chapter_id);
  moved = g_array_index (slots, Slot, from);
  moved.part_id = g_array_index (slots, Slot, to - 1).part_id;
  g_array_remove_index (slots, from);
  g_array_insert_val (slots, to - 1, moved);

  return finish_move (store, project_id, slots, error);
}

/* The place of the @index-th chapter of @part_id's run in @slots, or the
 * end of the run; @found_run says whether the part has chapters there. */
static guint
index_in_run (GArray   *slots,
              gint64    part_id,
              gint64    index,
              gboolean *found_run)
{
  guint insert_at = 0;
  gint64 seen = 0;

  *found_run = FALSE;
  for (guint i = 0; i < slots->len; i++)
    {
      if (g_array_index (slots, Slot, i).part_id != part_id)
        {
          if (*found_run && part_id > 0)
            break;
          continue;
        }
      *found_run = TRUE;
      if (seen == index)
        return i;
      seen++;
      insert_at = i + 1;
    }

  return insert_at;
}

/* The place of a chapter moved into the empty @part: after the chapters
 * of the parts before it. */
static gboolean
index_in_empty_part (DfStore  *store,
                     gint64    project_id,
                     DfPart   *part,
                     gint64    chapter_id,
                     GArray   *slots,
                     guint    *insert_at,
                     GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = df_store_prepare (store,
    "SELECT coalesce(max(c.number), 0) FROM chapters c JOIN parts p ON p.id = c.part_id"
    " WHERE c.project_id = ?1 AND p.number < ?2 AND c.id != ?3", error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project_id);
  sqlite3_bind_int64 (stmt, 2, part->number);
  sqlite3_bind_int64 (stmt, 3, chapter_id);
  /* With no chapters in earlier parts: after the leading chapters that
   * have no part (a prologue, say). */
  *insert_at = 0;
  while (*insert_at < slots->len && g_array_index (slots, Slot, *insert_at).part_id == 0)
    (*insert_at)++;
  if (!_df_step_one (store, stmt, &found, error))
    return FALSE;
  if (found)
    {
      gint64 last = sqlite3_column_int64 (stmt, 0);
      for (guint i = 0; i < slots->len; i++)
        if (g_array_index (slots, Slot, i).number <= last)
          *insert_at = MAX (*insert_at, i + 1);
    }

  return TRUE;
}

gboolean
df_chapter_move_to_part (DfStore  *store,
                         gint64    chapter_id,
                         gint64    part_id,
                         gint64    index,
                         GError  **error)
{
  g_autoptr(GArray) slots = NULL;
  g_autoptr(DfPart) part = NULL;
  gint64 project_id;
  guint from;
  guint insert_at;
  gboolean found_run;
  Slot moved;

  if ((slots = begin_move (store, chapter_id, &project_id, error)) == NULL)
    return FALSE;

  if (!_df_part_check (store, project_id, part_id, &part, error))
    {
      df_store_rollback (store);
      return FALSE;
    }

  from = slot_index (slots, chapter_id);
  moved = g_array_index (slots, Slot, from);
  moved.part_id = part_id;
  g_array_remove_index (slots, from);

  insert_at = index_in_run (slots, part_id, index, &found_run);
  if (!found_run && part_id > 0 &&
      !index_in_empty_part (store, project_id, part, chapter_id, slots, &insert_at, error))
    {
      df_store_rollback (store);
      return FALSE;
    }

  g_array_insert_val (slots, insert_at, moved);
  return finish_move (store, project_id, slots, error);
}

gboolean
df_chapter_set_part (DfStore  *store,
                     gint64    chapter_id,
                     gint64    part_id,
                     GError  **error)
{
  g_autoptr(GArray) slots = NULL;
  gint64 project_id;
  guint at;

  if ((slots = begin_move (store, chapter_id, &project_id, error)) == NULL)
    return FALSE;

  if (!_df_part_check (store, project_id, part_id, NULL, error))
    {
      df_store_rollback (store);
      return FALSE;
    }

  at = slot_index (slots, chapter_id);
  g_array_index (slots, Slot, at).part_id = part_id;
  return finish_move (store, project_id, slots, error);
}
