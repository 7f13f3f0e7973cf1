/* df-codex.c: codex entries, their relations and progressions
 *
 * Mentions are in df-codex-mentions.c, suggestions in df-codex-suggest.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "df-codex.h"
#include "df-model-private.h"
#include "df-project-import.h"

#define DF_CODEX_TAG_MAX_CHARS 50

const char * const df_codex_kinds[] = { "character", "location", "object", "lore", "other", NULL };

static const DfColumn entry_columns[] = {
  { "e.id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfCodexEntry, id) },
  { "e.project_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfCodexEntry, project_id) },
  { "e.kind", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfCodexEntry, kind) },
  { "e.name", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfCodexEntry, name) },
  { "e.aliases", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfCodexEntry, aliases_json) },
  { "e.description", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfCodexEntry, description) },
  { "e.notes", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfCodexEntry, notes) },
  { "e.tags", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfCodexEntry, tags_json) },
  { "e.color", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfCodexEntry, color) },
  { "e.created_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfCodexEntry, created_at) },
  { "e.updated_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfCodexEntry, updated_at) },
  { "e.deleted_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfCodexEntry, deleted_at) },
  { "(SELECT coalesce (sum (m.count), 0) FROM codex_mentions m WHERE m.entry_id = e.id)",
    DF_COLUMN_INT64, G_STRUCT_OFFSET (DfCodexEntry, mentions) },
};

static const DfRecordType entry_record = {
  sizeof (DfCodexEntry), entry_columns, G_N_ELEMENTS (entry_columns), (GDestroyNotify) df_codex_entry_free,
};

static const DfColumn relation_columns[] = {
  { "r.id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfCodexRelation, id) },
  { "r.entry_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfCodexRelation, entry_id) },
  { "r.other_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfCodexRelation, other_id) },
  { "r.label", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfCodexRelation, label) },
  { "a.name", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfCodexRelation, entry_name) },
  { "b.name", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfCodexRelation, other_name) },
};

static const DfRecordType relation_record = {
  sizeof (DfCodexRelation), relation_columns, G_N_ELEMENTS (relation_columns),
  (GDestroyNotify) df_codex_relation_free,
};

static const DfColumn progression_columns[] = {
  { "p.id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfCodexProgression, id) },
  { "p.entry_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfCodexProgression, entry_id) },
  { "p.from_chapter", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfCodexProgression, from_chapter) },
  { "p.field", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfCodexProgression, field) },
  { "p.value", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfCodexProgression, value) },
  { "p.note", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfCodexProgression, note) },
};

static const DfRecordType progression_record = {
  sizeof (DfCodexProgression), progression_columns, G_N_ELEMENTS (progression_columns),
  (GDestroyNotify) df_codex_progression_free,
};

/* ---- JSON lists ------------------------------------------------------------ */

static char **
strv_from_json (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *root;

  if (json != NULL && json_parser_load_from_data (parser, json, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *s = json_array_get_string_element (array, i);
          if (s != NULL)
            g_strv_builder_add (builder, s);
        }
    }
  return g_strv_builder_end (builder);
}

static char *
strv_to_json (const char * const *strv)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* ---- records --------------------------------------------------------------- */

void
df_codex_entry_free (DfCodexEntry *entry)
{
  if (entry == NULL)
    return;
  g_strfreev (entry->aliases);
  g_strfreev (entry->tags);
  _df_record_free (&entry_record, entry);
}

void
df_codex_relation_free (DfCodexRelation *relation)
{
  _df_record_free (&relation_record, relation);
}

void
df_codex_progression_free (DfCodexProgression *progression)
{
  _df_record_free (&progression_record, progression);
}

static DfCodexEntry *
entry_parse (DfCodexEntry *entry)
{
  if (entry != NULL)
    {
      entry->aliases = strv_from_json (entry->aliases_json);
      entry->tags = strv_from_json (entry->tags_json);
    }
  return entry;
}

static GPtrArray *
entry_list_parse (GPtrArray *entries)
{
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    entry_parse (entries->pdata[i]);
  return entries;
}

DfCodexEntry *
df_codex_entry_get (DfStore  *store,
                    gint64    entry_id,
                    GError  **error)
{
  g_autofree char *missing = g_strdup_printf (_("No such codex entry (id %" PRId64 ")"), entry_id);

  return entry_parse (_df_record_find (store, &entry_record, "FROM codex_entries e WHERE e.id = ?1",
                                       entry_id, 0, missing, error));
}

/* The project's entries, live or deleted, ordered by kind then name. */
static GPtrArray *
entries_of (DfStore     *store,
            gint64       project_id,
            const char  *where,
            GError     **error)
{
  g_autofree char *rest = g_strdup_printf ("FROM codex_entries e WHERE e.project_id = ?1 AND %s"
                                           " ORDER BY CASE e.kind WHEN 'character' THEN 0 WHEN 'location' THEN 1"
                                           " WHEN 'object' THEN 2 WHEN 'lore' THEN 3 ELSE 4 END,"
                                           " e.name COLLATE NOCASE, e.id", where);
  g_autoptr(sqlite3_stmt) stmt = _df_record_prepare (store, &entry_record, rest, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  return entry_list_parse (_df_record_list (store, stmt, &entry_record, NULL, error));
}

static gboolean
same_name (const char *a,
           const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, -1);
  g_autofree char *fb = g_utf8_casefold (b, -1);

  return strcmp (fa, fb) == 0;
}

static gboolean
entry_answers_to (const DfCodexEntry *entry,
                  const char         *name)
{
  if (same_name (entry->name, name))
    return TRUE;
  for (guint i = 0; entry->aliases[i] != NULL; i++)
    if (same_name (entry->aliases[i], name))
      return TRUE;
  return FALSE;
}

/* Fails with DF_ERROR_EXISTS when a live entry other than @except_id is
 * named @name or has it as an alias. */
static gboolean
check_name_free (DfStore     *store,
                 gint64       project_id,
                 gint64       except_id,
                 const char  *name,
                 GError     **error)
{
  g_autoptr(GPtrArray) entries = entries_of (store, project_id, "e.deleted_at IS NULL", error);

  if (entries == NULL)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      const DfCodexEntry *entry = entries->pdata[i];

      if (entry->id != except_id && entry_answers_to (entry, name))
        {
          g_set_error (error, DF_ERROR, DF_ERROR_EXISTS,
                       _("The codex already has “%s” (the entry “%s”); choose another name, or add to that entry"),
                       name, entry->name);
          return FALSE;
        }
    }
  return TRUE;
}

/* @name checked and trimmed, or NULL with an error. */
static char *
check_name (const char  *what,
            const char  *name,
            GError     **error)
{
  if (!df_validate_text (what, name, DF_CODEX_NAME_MAX_CHARS, error))
    return NULL;
  return g_strstrip (g_strdup (name));
}

static gboolean
check_kind (const char  *kind,
            GError     **error)
{
  return df_validate_enum (_("codex kind"), kind, df_codex_kinds, error);
}

/* ---- entries ------------------------------------------------------------- */

static gboolean
insert_entry (DfStore      *store,
              gint64        project_id,
              const char   *kind,
              const char   *name,
              const char   *aliases_json,
              const char   *description,
              gint64       *id,
              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = df_now_iso8601 ();

  stmt = df_store_prepare (store,
                           "INSERT INTO codex_entries (project_id, kind, name, aliases, description,"
                           " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, kind);
  _df_bind_text (stmt, 3, name);
  _df_bind_text (stmt, 4, aliases_json);
  _df_bind_text (stmt, 5, description ? description : "");
  _df_bind_text (stmt, 6, now);
  if (!df_store_step_done (store, stmt, error))
    return FALSE;
  *id = df_store_last_insert_id (store);
  return TRUE;
}

/* The trimmed @aliases, checked: none the same as @name or another. */
static GPtrArray *
check_aliases (const char         *name,
               const char * const *aliases,
               GError            **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_null_terminated (0, g_free, TRUE);

  for (guint i = 0; aliases != NULL && aliases[i] != NULL; i++)
    {
      g_autofree char *alias = check_name (_("alias"), aliases[i], error);

      if (alias == NULL)
        return NULL;
      if (same_name (alias, name) || g_ptr_array_find_with_equal_func (out, alias, (GEqualFunc) same_name, NULL))
        continue;
      g_ptr_array_add (out, g_steal_pointer (&alias));
    }
  return g_steal_pointer (&out);
}

DfCodexEntry *
df_codex_entry_create (DfStore            *store,
                       gint64              project_id,
                       const char         *kind,
                       const char         *name,
                       const char * const *aliases,
                       const char         *description,
                       GError            **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *aliases_json = NULL;
  g_autoptr(GPtrArray) checked = NULL;
  gint64 id = 0;
  gboolean ok;

  if (!check_kind (kind, error) ||
      (trimmed = check_name (_("codex name"), name, error)) == NULL ||
      (checked = check_aliases (trimmed, aliases, error)) == NULL)
    return NULL;
  if (description != NULL && g_utf8_strlen (description, -1) > DF_CODEX_DESCRIPTION_MAX_CHARS)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("A codex description holds at most %d characters"),
                   DF_CODEX_DESCRIPTION_MAX_CHARS);
      return NULL;
    }
  aliases_json = strv_to_json ((const char * const *) checked->pdata);

  if (!df_store_begin (store, error))
    return NULL;
  ok = check_name_free (store, project_id, 0, trimmed, error);
  for (guint i = 0; ok && i < checked->len; i++)
    ok = check_name_free (store, project_id, 0, checked->pdata[i], error);
  ok = ok && insert_entry (store, project_id, kind, trimmed, aliases_json, description, &id, error) &&
       _df_project_touch (store, project_id, error);
  if (!df_store_end (store, ok, error))
    return NULL;
  return df_codex_entry_get (store, id, error);
}

DfCodexEntry *
df_codex_entry_find (DfStore     *store,
                     gint64       project_id,
                     const char  *name,
                     gboolean     include_deleted,
                     GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));

  entries = entries_of (store, project_id, include_deleted ? "1" : "e.deleted_at IS NULL",
                        error);
  if (entries == NULL)
    return NULL;
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < entries->len; i++)
      {
        DfCodexEntry *entry = entries->pdata[i];

        if ((entry->deleted_at != NULL) == pass && entry_answers_to (entry, trimmed))
          return g_ptr_array_steal_index (entries, i);
      }
  g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
               _("The codex has no entry named “%s”; list them with “draftforge-cli codex list SLUG”"), trimmed);
  return NULL;
}

GPtrArray *
df_codex_entry_list (DfStore     *store,
                     gint64       project_id,
                     const char  *kind,
                     gboolean     deleted,
                     GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;

  if (kind != NULL && !check_kind (kind, error))
    return NULL;
  entries = entries_of (store, project_id, deleted ? "e.deleted_at IS NOT NULL" : "e.deleted_at IS NULL", error);
  if (entries == NULL || kind == NULL)
    return g_steal_pointer (&entries);
  for (guint i = entries->len; i > 0; i--)
    if (strcmp (((DfCodexEntry *) entries->pdata[i - 1])->kind, kind) != 0)
      g_ptr_array_remove_index (entries, i - 1);
  return g_steal_pointer (&entries);
}

static gboolean
holds (const char *text,
       const char *folded_query)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);

  return strstr (folded, folded_query) != NULL;
}

GPtrArray *
df_codex_entry_search (DfStore     *store,
                       gint64       project_id,
                       const char  *query,
                       GError     **error)
{
  g_autoptr(GPtrArray) entries = entries_of (store, project_id, "e.deleted_at IS NULL", error);
  g_autofree char *trimmed = g_strstrip (g_strdup (query ? query : ""));
  g_autofree char *folded = g_utf8_casefold (trimmed, -1);

  if (entries == NULL)
    return NULL;
  for (guint i = entries->len; i > 0; i--)
    {
      const DfCodexEntry *entry = entries->pdata[i - 1];
      gboolean match = holds (entry->name, folded);

      for (guint j = 0; !match && entry->aliases[j] != NULL; j++)
        match = holds (entry->aliases[j], folded);
      if (!match)
        g_ptr_array_remove_index (entries, i - 1);
    }
  return g_steal_pointer (&entries);
}

/* Sets column @column of the live entry @entry_id to @value, and marks it
 * and its project changed. */
static gboolean
update_column (DfStore     *store,
               gint64       entry_id,
               const char  *column,
               const char  *value,
               GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE codex_entries SET %s = ?2,"
                                          " updated_at = strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now')"
                                          " WHERE id = ?1 AND deleted_at IS NULL", column);
  g_autoptr(sqlite3_stmt) touch = NULL;

  if (!_df_update_one (store, sql, entry_id, value, _("codex entry"), error))
    return FALSE;
  touch = df_store_prepare (store,
                            "UPDATE projects SET updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
                            " WHERE id = (SELECT project_id FROM codex_entries WHERE id = ?1)", error);
  if (touch == NULL)
    return FALSE;
  sqlite3_bind_int64 (touch, 1, entry_id);
  return df_store_step_done (store, touch, error);
}

/* The live entry @entry_id, or an error. */
static DfCodexEntry *
live_entry (DfStore  *store,
            gint64    entry_id,
            GError  **error)
{
  g_autoptr(DfCodexEntry) entry = df_codex_entry_get (store, entry_id, error);

  if (entry != NULL && entry->deleted_at != NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The codex entry “%s” is deleted; restore it first"), entry->name);
      return NULL;
    }
  return g_steal_pointer (&entry);
}

gboolean
df_codex_entry_rename (DfStore     *store,
                       gint64       entry_id,
                       const char  *name,
                       GError     **error)
{
  g_autoptr(DfCodexEntry) entry = NULL;
  g_autofree char *trimmed = check_name (_("codex name"), name, error);
  gboolean ok;

  if (trimmed == NULL || !df_store_begin (store, error))
    return FALSE;
  ok = (entry = live_entry (store, entry_id, error)) != NULL &&
       check_name_free (store, entry->project_id, entry_id, trimmed, error) &&
       update_column (store, entry_id, "name", trimmed, error) &&
       _df_project_touch (store, entry->project_id, error);
  return df_store_end (store, ok, error);
}

gboolean
df_codex_entry_set_kind (DfStore     *store,
                         gint64       entry_id,
                         const char  *kind,
                         GError     **error)
{
  return check_kind (kind, error) && update_column (store, entry_id, "kind", kind, error);
}

/* Writes @aliases as the entry's. */
static gboolean
write_aliases (DfStore      *store,
               gint64        entry_id,
               GPtrArray    *aliases,
               GError      **error)
{
  g_autofree char *json = NULL;

  g_ptr_array_add (aliases, NULL);
  json = strv_to_json ((const char * const *) aliases->pdata);
  g_ptr_array_remove_index (aliases, aliases->len - 1);
  return update_column (store, entry_id, "aliases", json, error);
}

gboolean
df_codex_entry_add_alias (DfStore     *store,
                          gint64       entry_id,
                          const char  *alias,
                          GError     **error)
{
  g_autoptr(DfCodexEntry) entry = NULL;
  g_autoptr(GPtrArray) aliases = NULL;
  g_autofree char *trimmed = check_name (_("alias"), alias, error);
  gboolean ok;

  if (trimmed == NULL || !df_store_begin (store, error))
    return FALSE;
  ok = (entry = live_entry (store, entry_id, error)) != NULL;
  if (ok && entry_answers_to (entry, trimmed))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_EXISTS, _("“%s” already answers to “%s”"), entry->name, trimmed);
      ok = FALSE;
    }
  ok = ok && check_name_free (store, entry->project_id, entry_id, trimmed, error);
  if (ok)
    {
      aliases = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; entry->aliases[i] != NULL; i++)
        g_ptr_array_add (aliases, g_strdup (entry->aliases[i]));
      g_ptr_array_add (aliases, g_steal_pointer (&trimmed));
      ok = write_aliases (store, entry_id, aliases, error);
    }
  return df_store_end (store, ok, error);
}

gboolean
df_codex_entry_remove_alias (DfStore     *store,
                             gint64       entry_id,
                             const char  *alias,
                             GError     **error)
{
  g_autoptr(DfCodexEntry) entry = NULL;
  g_autoptr(GPtrArray) aliases = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *trimmed = g_strstrip (g_strdup (alias ? alias : ""));
  gboolean ok, found = FALSE;

  if (!df_store_begin (store, error))
    return FALSE;
  ok = (entry = live_entry (store, entry_id, error)) != NULL;
  for (guint i = 0; ok && entry->aliases[i] != NULL; i++)
    {
      if (!found && same_name (entry->aliases[i], trimmed))
        found = TRUE;
      else
        g_ptr_array_add (aliases, g_strdup (entry->aliases[i]));
    }
  if (ok && !found)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("“%s” has no alias “%s”; “draftforge-cli codex show” lists its aliases"), entry->name, trimmed);
      ok = FALSE;
    }
  ok = ok && write_aliases (store, entry_id, aliases, error);
  return df_store_end (store, ok, error);
}

gboolean
df_codex_entry_set_description (DfStore     *store,
                                gint64       entry_id,
                                const char  *description,
                                GError     **error)
{
  if (description == NULL)
    description = "";
  if (!g_utf8_validate (description, -1, NULL) || g_utf8_strlen (description, -1) > DF_CODEX_DESCRIPTION_MAX_CHARS)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("A codex description is valid UTF-8 of at most %d characters"), DF_CODEX_DESCRIPTION_MAX_CHARS);
      return FALSE;
    }
  return update_column (store, entry_id, "description", description, error);
}

gboolean
df_codex_entry_set_notes (DfStore     *store,
                          gint64       entry_id,
                          const char  *notes,
                          GError     **error)
{
  if (notes == NULL)
    notes = "";
  if (!g_utf8_validate (notes, -1, NULL) || g_utf8_strlen (notes, -1) > DF_CODEX_NOTES_MAX_CHARS)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Codex notes are valid UTF-8 of at most %d characters"), DF_CODEX_NOTES_MAX_CHARS);
      return FALSE;
    }
  return update_column (store, entry_id, "notes", notes, error);
}

gboolean
df_codex_entry_set_tags (DfStore            *store,
                         gint64              entry_id,
                         const char * const *tags,
                         GError            **error)
{
  g_autoptr(GPtrArray) checked = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  g_autofree char *json = NULL;

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      if (!df_validate_text (_("tag"), tags[i], DF_CODEX_TAG_MAX_CHARS, error))
        return FALSE;
      if (!g_ptr_array_find_with_equal_func (checked, tags[i], g_str_equal, NULL))
        g_ptr_array_add (checked, g_strstrip (g_strdup (tags[i])));
    }
  json = strv_to_json ((const char * const *) checked->pdata);
  return update_column (store, entry_id, "tags", json, error);
}

gboolean
df_codex_entry_set_color (DfStore     *store,
                          gint64       entry_id,
                          const char  *color,
                          GError     **error)
{
  g_autofree char *lower = color ? g_ascii_strdown (color, -1) : NULL;
  gboolean ok = lower == NULL || (strlen (lower) == 7 && lower[0] == '#');

  for (guint i = 1; ok && lower != NULL && i < 7; i++)
    ok = g_ascii_isxdigit (lower[i]);
  if (!ok)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("A codex colour is written #rrggbb, such as #3584e4 (got “%s”)"), color);
      return FALSE;
    }
  return update_column (store, entry_id, "color", lower, error);
}

gboolean
df_codex_entry_delete (DfStore  *store,
                       gint64    entry_id,
                       GError  **error)
{
  g_autoptr(DfCodexEntry) entry = NULL;
  gboolean ok;

  if (!df_store_begin (store, error))
    return FALSE;
  ok = (entry = live_entry (store, entry_id, error)) != NULL &&
       _df_update_one (store,
                       "UPDATE codex_entries SET deleted_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
                       " WHERE id = ?1 AND deleted_at IS NULL", entry_id, NULL, _("codex entry"), error) &&
       _df_project_touch (store, entry->project_id, error);
  return df_store_end (store, ok, error);
}

gboolean
df_codex_entry_restore (DfStore  *store,
                        gint64    entry_id,
                        GError  **error)
{
  g_autoptr(DfCodexEntry) entry = NULL;
  gboolean ok;

  if (!df_store_begin (store, error))
    return FALSE;
  ok = (entry = df_codex_entry_get (store, entry_id, error)) != NULL;
  if (ok && entry->deleted_at == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("The codex entry “%s” is not deleted"), entry->name);
      ok = FALSE;
    }
  ok = ok && check_name_free (store, entry->project_id, entry_id, entry->name, error);
  for (guint i = 0; ok && entry->aliases[i] != NULL; i++)
    ok = check_name_free (store, entry->project_id, entry_id, entry->aliases[i], error);
  ok = ok && _df_update_one (store, "UPDATE codex_entries SET deleted_at = NULL WHERE id = ?1", entry_id, NULL,
                             _("codex entry"), error) &&
       _df_project_touch (store, entry->project_id, error);
  return df_store_end (store, ok, error);
}

/* ---- relations --------------------------------------------------------------- */

#define RELATION_FROM \
  "FROM codex_relations r JOIN codex_entries a ON a.id = r.entry_id JOIN codex_entries b ON b.id = r.other_id"

DfCodexRelation *
df_codex_relation_add (DfStore     *store,
                       gint64       entry_id,
                       const char  *label,
                       gint64       other_id,
                       GError     **error)
{
  g_autoptr(DfCodexEntry) entry = NULL;
  g_autoptr(DfCodexEntry) other = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *trimmed = NULL;
  gint64 id = 0;
  gboolean ok;

  if (!df_validate_text (_("relation label"), label, DF_CODEX_LABEL_MAX_CHARS, error))
    return NULL;
  trimmed = g_strstrip (g_strdup (label));
  if ((entry = live_entry (store, entry_id, error)) == NULL || (other = live_entry (store, other_id, error)) == NULL)
    return NULL;
  if (entry->project_id != other->project_id || entry_id == other_id)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("A relation joins two different entries of the same project"));
      return NULL;
    }
  stmt = df_store_prepare (store, "INSERT INTO codex_relations (entry_id, other_id, label) VALUES (?1, ?2, ?3)",
                           error);
  if (stmt == NULL || !df_store_begin (store, error))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, entry_id);
  sqlite3_bind_int64 (stmt, 2, other_id);
  _df_bind_text (stmt, 3, trimmed);
  ok = df_store_step_done (store, stmt, error);
  if (ok)
    id = df_store_last_insert_id (store);
  ok = ok && _df_project_touch (store, entry->project_id, error);
  if (!df_store_end (store, ok, error))
    return NULL;
  return _df_record_find (store, &relation_record, RELATION_FROM " WHERE r.id = ?1", id, 0, NULL, error);
}

gboolean
df_codex_relation_remove (DfStore     *store,
                          gint64       entry_id,
                          const char  *label,
                          gint64       other_id,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (label ? label : ""));

  stmt = df_store_prepare (store, "DELETE FROM codex_relations WHERE entry_id = ?1 AND other_id = ?2 AND label = ?3",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry_id);
  sqlite3_bind_int64 (stmt, 2, other_id);
  _df_bind_text (stmt, 3, trimmed);
  if (!df_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (df_store_get_db (store)) == 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                   _("No relation “%s” between these entries; “draftforge-cli codex show” lists them"), trimmed);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
df_codex_relation_list (DfStore  *store,
                        gint64    entry_id,
                        GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = _df_record_prepare (store, &relation_record,
                                                     RELATION_FROM " WHERE (r.entry_id = ?1 OR r.other_id = ?1)"
                                                     " AND a.deleted_at IS NULL AND b.deleted_at IS NULL"
                                                     " ORDER BY r.entry_id != ?1, r.label, b.name, a.name", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, entry_id);
  return _df_record_list (store, stmt, &relation_record, NULL, error);
}

/* ---- progressions ----------------------------------------------------------- */

DfCodexProgression *
df_codex_progression_add (DfStore     *store,
                          gint64       entry_id,
                          gint64       from_chapter,
                          const char  *field,
                          const char  *value,
                          const char  *note,
                          GError     **error)
{
  g_autoptr(DfCodexEntry) entry = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *trimmed = NULL;

  if (from_chapter < 1)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("A progression starts at a chapter number, 1 or more (got %" PRId64 ")"), from_chapter);
      return NULL;
    }
  if (!df_validate_text (_("progression field"), field, DF_CODEX_FIELD_MAX_CHARS, error) ||
      !df_validate_text (_("progression value"), value, DF_CODEX_VALUE_MAX_CHARS, error) ||
      (entry = live_entry (store, entry_id, error)) == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (field));
  stmt = df_store_prepare (store,
                           "INSERT INTO codex_progressions (entry_id, from_chapter, field, value, note)"
                           " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, entry_id);
  sqlite3_bind_int64 (stmt, 2, from_chapter);
  _df_bind_text (stmt, 3, trimmed);
  _df_bind_text (stmt, 4, value);
  _df_bind_text (stmt, 5, note ? note : "");
  if (!df_store_step_done (store, stmt, error))
    return NULL;
  return _df_record_find (store, &progression_record, "FROM codex_progressions p WHERE p.id = ?1",
                          df_store_last_insert_id (store), 0, NULL, error);
}

gboolean
df_codex_progression_remove (DfStore  *store,
                             gint64    progression_id,
                             GError  **error)
{
  return _df_update_one (store, "DELETE FROM codex_progressions WHERE id = ?1", progression_id, NULL,
                         _("progression"), error);
}

GPtrArray *
df_codex_progression_list (DfStore  *store,
                           gint64    entry_id,
                           gint64    at_chapter,
                           GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *rest = at_chapter > 0
    ? "FROM codex_progressions p WHERE p.entry_id = ?1 AND p.from_chapter <= ?2 AND NOT EXISTS"
      " (SELECT 1 FROM codex_progressions q WHERE q.entry_id = p.entry_id AND q.field = p.field"
      "  AND q.from_chapter <= ?2 AND (q.from_chapter > p.from_chapter"
      "  OR (q.from_chapter = p.from_chapter AND q.id > p.id))) ORDER BY p.field, p.id"
    : "FROM codex_progressions p WHERE p.entry_id = ?1 ORDER BY p.from_chapter, p.field, p.id";

  stmt = _df_record_prepare (store, &progression_record, rest, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, entry_id);
  if (at_chapter > 0)
    sqlite3_bind_int64 (stmt, 2, at_chapter);
  return _df_record_list (store, stmt, &progression_record, NULL, error);
}

/* ---- for the project folder (df-project-import.h) ---------------------------- */

gboolean
_df_codex_entry_import (DfStore             *store,
                        gint64               project_id,
                        const DfCodexEntry  *entry,
                        gint64              *id,
                        GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = df_now_iso8601 ();

  if (!check_kind (entry->kind, error) || !df_validate_text (_("codex name"), entry->name, DF_CODEX_NAME_MAX_CHARS,
                                                              error))
    return FALSE;
  stmt = df_store_prepare (store,
                           "INSERT INTO codex_entries (project_id, kind, name, aliases, description, notes, tags,"
                           " color, created_at, updated_at, deleted_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, project_id);
  _df_bind_text (stmt, 2, entry->kind);
  _df_bind_text (stmt, 3, entry->name);
  _df_bind_text (stmt, 4, entry->aliases_json ? entry->aliases_json : "[]");
  _df_bind_text (stmt, 5, entry->description ? entry->description : "");
  _df_bind_text (stmt, 6, entry->notes ? entry->notes : "");
  _df_bind_text (stmt, 7, entry->tags_json ? entry->tags_json : "[]");
  _df_bind_text (stmt, 8, entry->color);
  _df_bind_text (stmt, 9, entry->created_at ? entry->created_at : now);
  _df_bind_text (stmt, 10, entry->updated_at ? entry->updated_at : now);
  _df_bind_text (stmt, 11, entry->deleted_at);
  if (!df_store_step_done (store, stmt, error))
    return FALSE;
  *id = df_store_last_insert_id (store);
  return TRUE;
}

gboolean
_df_codex_relation_import (DfStore     *store,
                           gint64       entry_id,
                           gint64       other_id,
                           const char  *label,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!df_validate_text (_("relation label"), label, DF_CODEX_LABEL_MAX_CHARS, error))
    return FALSE;
  stmt = df_store_prepare (store, "INSERT OR IGNORE INTO codex_relations (entry_id, other_id, label)"
                                  " VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry_id);
  sqlite3_bind_int64 (stmt, 2, other_id);
  _df_bind_text (stmt, 3, label);
  return df_store_step_done (store, stmt, error);
}

gboolean
_df_codex_progression_import (DfStore     *store,
                              gint64       entry_id,
                              gint64       from_chapter,
                              const char  *field,
                              const char  *value,
                              const char  *note,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (from_chapter < 1 || field == NULL || value == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("A progression needs from_chapter (1 or more), field and value"));
      return FALSE;
    }
  stmt = df_store_prepare (store,
                           "INSERT INTO codex_progressions (entry_id, from_chapter, field, value, note)"
                           " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry_id);
  sqlite3_bind_int64 (stmt, 2, from_chapter);
  _df_bind_text (stmt, 3, field);
  _df_bind_text (stmt, 4, value);
  _df_bind_text (stmt, 5, note ? note : "");
  return df_store_step_done (store, stmt, error);
}

GPtrArray *
_df_codex_relations_from (DfStore  *store,
                          gint64    entry_id,
                          GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = _df_record_prepare (store, &relation_record,
                                                     RELATION_FROM " WHERE r.entry_id = ?1 ORDER BY r.id", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, entry_id);
  return _df_record_list (store, stmt, &relation_record, NULL, error);
}
