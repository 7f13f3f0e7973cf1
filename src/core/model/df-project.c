/* df-project.c: projects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "df-model-private.h"
#include "df-project-import.h"

/* A project being imported is in no listing and no lookup by slug. */
#define NOT_IMPORTING "json_extract(p.settings, '" DF_PROJECT_IMPORT_PATH "') IS NULL"

static const DfColumn project_columns[] = {
  { "p.id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfProject, id) },
  { "p.slug", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProject, slug) },
  { "p.title", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProject, title) },
  { "p.description", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProject, description) },
  { "p.project_type", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProject, project_type) },
  { "p.genre", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProject, genre) },
  { "p.language", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProject, language) },
  { "p.target_word_count", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfProject, target_word_count) },
  { "p.status", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProject, status) },
  { "p.settings", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProject, settings) },
  { "p.version", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProject, version) },
  { "p.created_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProject, created_at) },
  { "p.updated_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProject, updated_at) },
  { "p.deleted_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProject, deleted_at) },
  { "(SELECT count(*) FROM parts WHERE project_id = p.id)",
    DF_COLUMN_INT64, G_STRUCT_OFFSET (DfProject, n_parts) },
  { "(SELECT count(*) FROM chapters WHERE project_id = p.id)",
    DF_COLUMN_INT64, G_STRUCT_OFFSET (DfProject, n_chapters) },
  { "(SELECT coalesce(sum(words), 0) FROM chapters WHERE project_id = p.id)",
    DF_COLUMN_INT64, G_STRUCT_OFFSET (DfProject, words) },
};

static const DfRecordType project_record = {
  sizeof (DfProject), project_columns, G_N_ELEMENTS (project_columns), (GDestroyNotify) df_project_free,
};

void
df_project_free (DfProject *project)
{
  _df_record_free (&project_record, project);
}

gboolean
_df_project_touch (DfStore  *store,
                   gint64    project_id,
                   GError  **error)
{
  g_autofree char *now = df_now_iso8601 ();
  return _df_update_one (store, "UPDATE projects SET updated_at = ?2 WHERE id = ?1",
                         project_id, now, _("project"), error);
}

static gboolean
slug_taken (DfStore     *store,
            const char  *slug,
            gboolean    *taken,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = df_store_prepare (store, "SELECT 1 FROM projects WHERE slug = ?1", error);

  if (stmt == NULL)
    return FALSE;
  _df_bind_text (stmt, 1, slug);
  return _df_step_one (store, stmt, taken, error);
}

DfProject *
df_project_create (DfStore            *store,
                   const DfProjectNew *spec,
                   GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *slug = NULL;
  g_autofree char *title = NULL;
  g_autofree char *now = NULL;
  const char *type = spec->project_type ? spec->project_type : "novel";
  gboolean taken = TRUE;

  g_return_val_if_fail (DF_IS_STORE (store), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  if (!df_validate_text (_("title"), spec->title, 200, error) ||
      !df_validate_enum (_("project type"), type, df_project_types, error))
    return NULL;

  if (spec->target_word_count < 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("target word count must not be negative"));
      return NULL;
    }

  title = g_strstrip (g_strdup (spec->title));

  if (spec->slug != NULL)
    {
      if (!df_validate_slug (spec->slug, error) || !slug_taken (store, spec->slug, &taken, error))
        return NULL;
      if (taken)
        {
          g_set_error (error, DF_ERROR, DF_ERROR_EXISTS,
                       _("A project with the slug “%s” already exists; choose another slug"), spec->slug);
          return NULL;
        }
      slug = g_strdup (spec->slug);
    }
  else
    {
      g_autofree char *base = df_slugify (title);

      for (guint n = 1; taken; n++)
        {
          g_free (slug);
          slug = n == 1 ? g_strdup (base) : g_strdup_printf ("%s-%u", base, n);
          if (!slug_taken (store, slug, &taken, error))
            return NULL;
        }
    }

  now = df_now_iso8601 ();
  stmt = df_store_prepare (store,
                           "INSERT INTO projects (slug, title, description, project_type, genre, language,"
                           " target_word_count, created_at, updated_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)", error);
  if (stmt == NULL)
    return NULL;

  _df_bind_text (stmt, 1, slug);
  _df_bind_text (stmt, 2, title);
  _df_bind_text (stmt, 3, spec->description);
  _df_bind_text (stmt, 4, type);
  _df_bind_text (stmt, 5, spec->genre);
  _df_bind_text (stmt, 6, spec->language ? spec->language : "en");
  sqlite3_bind_int64 (stmt, 7, spec->target_word_count);
  _df_bind_text (stmt, 8, now);

  if (!df_store_step_done (store, stmt, error))
    return NULL;

  return df_project_get_by_id (store, df_store_last_insert_id (store), error);
}

DfProject *
df_project_get (DfStore     *store,
                const char  *slug,
                gboolean     include_deleted,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *missing = NULL;

  g_return_val_if_fail (DF_IS_STORE (store), NULL);

  stmt = _df_record_prepare (store, &project_record,
                             "FROM projects p"
                             " WHERE p.slug = ?1 AND (?2 OR p.deleted_at IS NULL) AND " NOT_IMPORTING, error);
  if (stmt == NULL)
    return NULL;

  _df_bind_text (stmt, 1, slug);
  sqlite3_bind_int (stmt, 2, include_deleted);
  missing = g_strdup_printf (_("No project “%s”; see the list of projects for the right slug"), slug ? slug : "");
  return _df_record_get (store, stmt, &project_record, missing, error);
}

DfProject *
df_project_get_by_id (DfStore  *store,
                      gint64    id,
                      GError  **error)
{
  g_autofree char *missing = g_strdup_printf (_("No project with id %" PRId64), id);

  return _df_record_find (store, &project_record, "FROM projects p WHERE p.id = ?1", id, 0, missing, error);
}

GPtrArray *
df_project_list (DfStore   *store,
                 gboolean   deleted,
                 GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _df_record_prepare (store, &project_record,
                             "FROM projects p"
                             " WHERE (p.deleted_at IS NOT NULL) = ?1 AND " NOT_IMPORTING
                             " ORDER BY p.updated_at DESC, p.id DESC", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int (stmt, 1, deleted ? 1 : 0);
  return _df_record_list (store, stmt, &project_record, _("Could not list projects"), error);
}

gboolean
df_project_rename (DfStore     *store,
                   gint64       project_id,
                   const char  *title,
                   GError     **error)
{
  g_autofree char *trimmed = NULL;

  if (!df_validate_text (_("title"), title, 200, error))
    return FALSE;

  trimmed = g_strstrip (g_strdup (title));
  return _df_update_one (store,
                         "UPDATE projects SET title = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
                         " WHERE id = ?1",
                         project_id, trimmed, _("project"), error);
}

gboolean
df_project_set_field (DfStore     *store,
                      gint64       project_id,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  const char *sql = NULL;
  g_autofree char *normalized = NULL;

  if (g_strcmp0 (key, "description") == 0)
    sql = "UPDATE projects SET description = ?2 WHERE id = ?1";
  else if (g_strcmp0 (key, "genre") == 0)
    sql = "UPDATE projects SET genre = ?2 WHERE id = ?1";
  else if (g_strcmp0 (key, "language") == 0)
    {
      if (!df_validate_text (_("language"), value, 35, error))
        return FALSE;
      sql = "UPDATE projects SET language = ?2 WHERE id = ?1";
    }
  else if (g_strcmp0 (key, "project_type") == 0 || g_strcmp0 (key, "type") == 0)
    {
      if (!df_validate_enum ("project_type", value, df_project_types, error))
        return FALSE;
      sql = "UPDATE projects SET project_type = ?2 WHERE id = ?1";
    }
  else if (g_strcmp0 (key, "status") == 0)
    {
      if (!df_validate_enum ("status", value, df_project_statuses, error))
        return FALSE;
      sql = "UPDATE projects SET status = ?2 WHERE id = ?1";
    }
  else if (g_strcmp0 (key, "target_word_count") == 0 || g_strcmp0 (key, "target") == 0)
    {
      gint64 n;
      if (!_df_parse_count ("target_word_count", value, 0, G_MAXINT32, &n, error))
        return FALSE;
      normalized = g_strdup_printf ("%" PRId64, n);
      value = normalized;
      sql = "UPDATE projects SET target_word_count = CAST(?2 AS INTEGER) WHERE id = ?1";
    }
  else if (g_strcmp0 (key, "settings") == 0)
    {
      g_autoptr(JsonNode) node = json_from_string (value ? value : "", NULL);

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                       _("settings must be a JSON object, such as {\"deadline\": \"2027-01-31\"}"));
          return FALSE;
        }
      sql = "UPDATE projects SET settings = ?2 WHERE id = ?1";
    }
  else if (g_strcmp0 (key, "version") == 0)
    {
      if (!df_validate_text ("version", value, 100, error))
        return FALSE;
      sql = "UPDATE projects SET version = ?2 WHERE id = ?1";
    }
  else
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Unknown project field “%s”; use one of description, genre, language, "
                     "project_type, status, target_word_count, settings, version"),
                   key ? key : "");
      return FALSE;
    }

  if (!df_store_begin (store, error))
    return FALSE;

  return df_store_end (store,
                       _df_update_one (store, sql, project_id, value, _("project"), error) &&
                       _df_project_touch (store, project_id, error),
                       error);
}

gboolean
df_project_delete (DfStore  *store,
                   gint64    project_id,
                   GError  **error)
{
  return _df_update_one (store,
                         "UPDATE projects SET deleted_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
                         " WHERE id = ?1 AND deleted_at IS NULL",
                         project_id, NULL, _("project outside the trash"), error);
}

gboolean
df_project_restore (DfStore  *store,
                    gint64    project_id,
                    GError  **error)
{
  return _df_update_one (store,
                         "UPDATE projects AS p SET deleted_at = NULL"
                         " WHERE id = ?1 AND deleted_at IS NOT NULL AND " NOT_IMPORTING,
                         project_id, NULL, _("project in the trash"), error);
}

gboolean
df_project_purge (DfStore  *store,
                  gint64    project_id,
                  GError  **error)
{
  return _df_update_one (store,
                         "DELETE FROM projects AS p WHERE id = ?1 AND deleted_at IS NOT NULL AND " NOT_IMPORTING,
                         project_id, NULL, _("project in the trash"), error);
}

/* ---- projects being imported (df-project-import.h) --------------------- */

gboolean
df_project_hide_for_import (DfStore     *store,
                            gint64       project_id,
                            const char  *owner,
                            GError     **error)
{
  return _df_update_one (store,
                         "UPDATE projects SET deleted_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
                         " settings = json_set(settings, '" DF_PROJECT_IMPORT_PATH "', ?2) WHERE id = ?1",
                         project_id, owner, _("project"), error);
}

gboolean
df_project_reveal_import (DfStore     *store,
                          gint64       project_id,
                          const char  *settings,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (store,
                           "UPDATE projects SET deleted_at = NULL, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
                           " settings = coalesce(?2, json_remove(settings, '" DF_PROJECT_IMPORT_PATH "'))"
                           " WHERE id = ?1 AND json_extract(settings, '" DF_PROJECT_IMPORT_PATH "') IS NOT NULL",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, settings);
  if (!df_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (df_store_get_db (store)) == 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                   _("The project being imported is gone; was it removed by another DraftForge?"));
      return FALSE;
    }
  return TRUE;
}

static const DfColumn project_import_columns[] = {
  { "p.id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfProjectImport, id) },
  { "json_extract(p.settings, '" DF_PROJECT_IMPORT_PATH "')", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProjectImport, owner) },
};

static const DfRecordType project_import_record = {
  sizeof (DfProjectImport), project_import_columns, G_N_ELEMENTS (project_import_columns),
  (GDestroyNotify) df_project_import_free,
};

void
df_project_import_free (DfProjectImport *import)
{
  _df_record_free (&project_import_record, import);
}

GPtrArray *
df_project_list_imports (DfStore  *store,
                         GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _df_record_prepare (store, &project_import_record,
                             "FROM projects p WHERE p.deleted_at IS NOT NULL AND NOT (" NOT_IMPORTING ") ORDER BY p.id",
                             error);
  if (stmt == NULL)
    return NULL;
  return _df_record_list (store, stmt, &project_import_record,
                          _("Could not list the projects being imported"), error);
}

gboolean
df_project_remove_import (DfStore     *store,
                          gint64       project_id,
                          const char  *owner,
                          GError     **error)
{
  return _df_update_one (store,
                         "DELETE FROM projects WHERE id = ?1 AND deleted_at IS NOT NULL"
                         " AND json_extract(settings, '" DF_PROJECT_IMPORT_PATH "') = ?2",
                         project_id, owner, _("project being imported"), error);
}
