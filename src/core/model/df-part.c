/* df-part.c: the parts of a book
 *
 * A part is the run of chapters that name it; parts.number follows the
 * order in which parts first appear, so deleting a part renumbers the
 * book (df-chapter-order.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "df-model-private.h"

static const DfColumn part_columns[] = {
  { "id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfPart, id) },
  { "project_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfPart, project_id) },
  { "number", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfPart, number) },
  { "title", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfPart, title) },
  { "description", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfPart, description) },
  { "layer", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfPart, layer) },
  { "tier", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfPart, tier) },
  { "coalesce(week_start, 0)", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfPart, week_start) },
  { "coalesce(week_end, 0)", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfPart, week_end) },
};

static const DfRecordType part_record = {
  sizeof (DfPart), part_columns, G_N_ELEMENTS (part_columns), (GDestroyNotify) df_part_free,
};

void
df_part_free (DfPart *part)
{
  _df_record_free (&part_record, part);
}

DfPart *
_df_part_get (DfStore  *store,
              gint64    part_id,
              GError  **error)
{
  g_autofree char *missing = g_strdup_printf (_("No such part (id %" PRId64 ")"), part_id);

  return _df_record_find (store, &part_record, "FROM parts WHERE id = ?1", part_id, 0, missing, error);
}

gboolean
_df_part_check (DfStore  *store,
                gint64    project_id,
                gint64    part_id,
                DfPart  **out_part,
                GError  **error)
{
  g_autoptr(DfPart) part = NULL;

  if (part_id <= 0)
    return TRUE;

  if ((part = _df_part_get (store, part_id, error)) == NULL)
    return FALSE;
  if (part->project_id != project_id)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("That part belongs to another project"));
      return FALSE;
    }

  if (out_part != NULL)
    *out_part = g_steal_pointer (&part);
  return TRUE;
}

/* A new part @title at the end of the book: its id in @id. */
static gboolean
insert_part (DfStore     *store,
             gint64       project_id,
             const char  *title,
             gint64      *id,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = df_now_iso8601 ();

  stmt = df_store_prepare (store,
                           "INSERT INTO parts (project_id, number, title, created_at, updated_at)"
                           " SELECT ?1, coalesce(max(number), 0) + 1, ?2, ?3, ?3 FROM parts WHERE project_id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, title);
  _df_bind_text (stmt, 3, now);
  if (!df_store_step_done (store, stmt, error))
    return FALSE;
  *id = df_store_last_insert_id (store);
  return TRUE;
}

DfPart *
df_part_add (DfStore     *store,
             gint64       project_id,
             const char  *title,
             GError     **error)
{
  g_autofree char *trimmed = NULL;
  gint64 id = 0;
  gboolean ok;

  if (!df_validate_text (_("part title"), title, 200, error))
    return NULL;

  trimmed = g_strstrip (g_strdup (title));

  if (!df_store_begin (store, error))
    return NULL;

  ok = insert_part (store, project_id, trimmed, &id, error) &&
       _df_project_touch (store, project_id, error);
  if (!df_store_end (store, ok, error))
    return NULL;

  return _df_part_get (store, id, error);
}

GPtrArray *
df_part_list (DfStore  *store,
              gint64    project_id,
              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _df_record_prepare (store, &part_record, "FROM parts WHERE project_id = ?1 ORDER BY number, id", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, project_id);
  return _df_record_list (store, stmt, &part_record, NULL, error);
}

DfPart *
df_part_get_by_number (DfStore  *store,
                       gint64    project_id,
                       gint64    number,
                       GError  **error)
{
  g_autofree char *missing = g_strdup_printf (_("No part %" PRId64 " in this project"), number);

  return _df_record_find (store, &part_record, "FROM parts WHERE project_id = ?1 AND number = ?2",
                          project_id, number, missing, error);
}

gboolean
df_part_rename (DfStore     *store,
                gint64       part_id,
                const char  *title,
                GError     **error)
{
  g_autofree char *trimmed = NULL;

  if (!df_validate_text (_("part title"), title, 200, error))
    return FALSE;

  trimmed = g_strstrip (g_strdup (title));
  return _df_update_one (store,
                         "UPDATE parts SET title = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1",
                         part_id, trimmed, _("part"), error);
}

gboolean
df_part_set_field (DfStore     *store,
                   gint64       part_id,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  const char *sql;
  g_autofree char *normalized = NULL;
  gboolean empty = value == NULL || *value == '\0';

  if (g_strcmp0 (key, "description") == 0)
    sql = "UPDATE parts SET description = ?2 WHERE id = ?1";
  else if (g_strcmp0 (key, "layer") == 0)
    {
      if (!empty && !df_validate_enum ("layer", value, df_part_layers, error))
        return FALSE;
      sql = "UPDATE parts SET layer = ?2 WHERE id = ?1";
    }
  else if (g_strcmp0 (key, "tier") == 0)
    {
      if (!empty && !df_validate_enum ("tier", value, df_part_tiers, error))
        return FALSE;
      sql = "UPDATE parts SET tier = ?2 WHERE id = ?1";
    }
  else if (g_strcmp0 (key, "week_start") == 0 || g_strcmp0 (key, "week_end") == 0)
    {
      gint64 n;

      if (!empty)
        {
          if (!_df_parse_count (key, value, 1, 1000, &n, error))
            return FALSE;
          normalized = g_strdup_printf ("%" PRId64, n);
        }
      sql = g_str_equal (key, "week_start")
        ? "UPDATE parts SET week_start = CAST(?2 AS INTEGER) WHERE id = ?1"
        : "UPDATE parts SET week_end = CAST(?2 AS INTEGER) WHERE id = ?1";
      value = normalized;
    }
  else
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Unknown part field “%s”; use one of description, layer, tier, week_start, week_end"),
                   key ? key : "");
      return FALSE;
    }

  if (empty)
    value = NULL;

  if (!_df_update_one (store, sql, part_id, value, _("part"), error))
    {
      if (error && *error && (*error)->code == DF_ERROR_INVALID && g_str_has_prefix (key, "week"))
        g_prefix_error (error, _("week_end must not come before week_start: "));
      return FALSE;
    }

  return TRUE;
}
