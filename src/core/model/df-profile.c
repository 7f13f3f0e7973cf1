/* df-profile.c: profiles (an author and the readers they test with)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "df-model-private.h"

static const DfColumn profile_columns[] = {
  { "id", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProfile, id) },
  { "display_name", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProfile, display_name) },
  { "email", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProfile, email) },
  { "onboarding_completed", DF_COLUMN_BOOLEAN, G_STRUCT_OFFSET (DfProfile, onboarding_completed) },
  { "experience_level", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProfile, experience_level) },
  { "education_level", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProfile, education_level) },
  { "programming_experience", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProfile, programming_experience) },
  { "ai_ml_experience", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProfile, ai_ml_experience) },
  { "robotics_background", DF_COLUMN_BOOLEAN, G_STRUCT_OFFSET (DfProfile, robotics_background) },
  { "learning_goals", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProfile, learning_goals) },
  { "preferred_language", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProfile, preferred_language) },
  { "profile_data", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProfile, profile_data) },
  { "created_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProfile, created_at) },
  { "updated_at", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfProfile, updated_at) },
  { "active", DF_COLUMN_BOOLEAN, G_STRUCT_OFFSET (DfProfile, active) },
};

static const DfRecordType profile_record = {
  sizeof (DfProfile), profile_columns, G_N_ELEMENTS (profile_columns), (GDestroyNotify) df_profile_free,
};

void
df_profile_free (DfProfile *profile)
{
  _df_record_free (&profile_record, profile);
}

/* The profile that "SELECT <columns> @rest" finds with @key bound to ?1
 * (when @rest has it); no profile: NOT_FOUND with @not_found, or NULL
 * alone if that is NULL. */
static DfProfile *
profile_find (DfStore     *store,
              const char  *rest,
              const char  *key,
              const char  *not_found,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _df_record_prepare (store, &profile_record, rest, error);

  if (stmt == NULL)
    return NULL;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    _df_bind_text (stmt, 1, key);
  return _df_record_get (store, stmt, &profile_record, not_found, error);
}

static DfProfile *
profile_get_by_id (DfStore     *store,
                   const char  *id,
                   GError     **error)
{
  g_autofree char *missing = g_strdup_printf (_("No profile “%s”"), id ? id : "");

  return profile_find (store, "FROM profiles WHERE id = ?1", id, missing, error);
}

/* Steps @stmt, which writes the profile @profile_id and gives it the name
 * @name (NULL: not its name): another profile's name is refused as such,
 * and changing no row means there is no such profile. */
static gboolean
step_profile_write (DfStore       *store,
                    sqlite3_stmt  *stmt,
                    const char    *profile_id,
                    const char    *name,
                    GError       **error)
{
  if (!df_store_step_done (store, stmt, error))
    {
      if (name != NULL && error && *error && (*error)->code == DF_ERROR_EXISTS)
        {
          g_clear_error (error);
          g_set_error (error, DF_ERROR, DF_ERROR_EXISTS,
                       _("A profile named “%s” already exists; choose another name"), name);
        }
      return FALSE;
    }
  if (sqlite3_changes (df_store_get_db (store)) == 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND, _("No profile “%s”"), profile_id ? profile_id : "");
      return FALSE;
    }

  return TRUE;
}

DfProfile *
df_profile_create (DfStore     *store,
                   const char  *display_name,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *name = NULL;
  g_autofree char *now = df_now_iso8601 ();

  if (!df_validate_text (_("profile name"), display_name, 100, error))
    return NULL;

  name = g_strstrip (g_strdup (display_name));

  stmt = df_store_prepare (store,
                           "INSERT INTO profiles (id, display_name, active, created_at, updated_at)"
                           " VALUES (?1, ?2, NOT EXISTS (SELECT 1 FROM profiles WHERE active = 1), ?3, ?3)",
                           error);
  if (stmt == NULL)
    return NULL;

  _df_bind_text (stmt, 1, id);
  _df_bind_text (stmt, 2, name);
  _df_bind_text (stmt, 3, now);

  if (!step_profile_write (store, stmt, id, name, error))
    return NULL;

  return profile_get_by_id (store, id, error);
}

GPtrArray *
df_profile_list (DfStore  *store,
                 GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _df_record_prepare (store, &profile_record, "FROM profiles ORDER BY created_at, display_name", error);
  if (stmt == NULL)
    return NULL;

  return _df_record_list (store, stmt, &profile_record, NULL, error);
}

DfProfile *
df_profile_get (DfStore     *store,
                const char  *id_or_name,
                GError     **error)
{
  g_autofree char *missing = g_strdup_printf (_("No profile “%s”; see the list of profiles"),
                                              id_or_name ? id_or_name : "");

  return profile_find (store, "FROM profiles WHERE id = ?1 OR display_name = ?1 ORDER BY id = ?1 DESC LIMIT 1",
                       id_or_name, missing, error);
}

DfProfile *
df_profile_get_active (DfStore  *store,
                       GError  **error)
{
  return profile_find (store, "FROM profiles WHERE active = 1", NULL, NULL, error);
}

gboolean
df_profile_set_active (DfStore     *store,
                       const char  *profile_id,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok;

  if (!df_store_begin (store, error))
    return FALSE;

  ok = df_store_exec (store, "UPDATE profiles SET active = 0 WHERE active = 1", error) &&
       (stmt = df_store_prepare (store, "UPDATE profiles SET active = 1 WHERE id = ?1", error)) != NULL;
  if (ok)
    {
      _df_bind_text (stmt, 1, profile_id);
      ok = step_profile_write (store, stmt, profile_id, NULL, error);
    }
  return df_store_end (store, ok, error);
}

/* Accepts "a, b" or ["a", "b"]; returns a JSON array of allowed goals. */
static char *
normalize_goals (const char  *value,
                 GError     **error)
{
  g_auto(GStrv) items = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *v = value ? value : "";

  while (g_ascii_isspace (*v))
    v++;

  if (*v == '[')
    {
      g_autoptr(JsonNode) node = json_from_string (v, NULL);
      JsonArray *array;
      GPtrArray *strv = g_ptr_array_new_with_free_func (g_free);

      if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
        {
          g_ptr_array_unref (strv);
          g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                       _("learning_goals must be a list such as “research, hobby” or a JSON array"));
          return NULL;
        }
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *s = json_node_get_string (json_array_get_element (array, i));
          g_ptr_array_add (strv, g_strdup (s ? s : ""));
        }
      g_ptr_array_add (strv, NULL);
      items = (GStrv)g_ptr_array_free (strv, FALSE);
    }
  else
    items = g_strsplit (v, ",", -1);

  json_builder_begin_array (builder);
  for (guint i = 0; items[i]; i++)
    {
      g_strstrip (items[i]);
      if (items[i][0] == '\0')
        continue;
      if (!df_validate_enum ("learning_goals", items[i], df_learning_goals, error))
        return NULL;
      json_builder_add_string_value (builder, items[i]);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* Each KEY's check: @value may be replaced by its normal form, which
 * @normalized then owns. */
typedef gboolean (*ProfileCheck) (const char   *key,
                                  const char  **value,
                                  char        **normalized,
                                  GError      **error);

static gboolean
check_display_name (const char   *key,
                    const char  **value,
                    char        **normalized,
                    GError      **error)
{
  if (!df_validate_text ("display_name", *value, 100, error))
    return FALSE;
  *value = *normalized = g_strstrip (g_strdup (*value));
  return TRUE;
}

static gboolean
check_email (const char   *key,
             const char  **value,
             char        **normalized,
             GError      **error)
{
  const char *v = *value;
  const char *at = v ? strchr (v, '@') : NULL;

  if (v != NULL && *v != '\0' &&
      (at == NULL || at == v || strchr (at, '.') == NULL || strchr (v, ' ') != NULL))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("email must look like name@example.org (got “%s”)"), v);
      return FALSE;
    }
  if (v != NULL && *v == '\0')
    *value = NULL;
  return TRUE;
}

static gboolean
check_bool (const char   *key,
            const char  **value,
            char        **normalized,
            GError      **error)
{
  gboolean b;

  if (!_df_parse_bool (key, *value, &b, error))
    return FALSE;
  *value = b ? "1" : "0";
  return TRUE;
}

static gboolean
check_goals (const char   *key,
             const char  **value,
             char        **normalized,
             GError      **error)
{
  if ((*normalized = normalize_goals (*value, error)) == NULL)
    return FALSE;
  *value = *normalized;
  return TRUE;
}

static gboolean
check_profile_data (const char   *key,
                    const char  **value,
                    char        **normalized,
                    GError      **error)
{
  g_autoptr(JsonNode) node = json_from_string (*value ? *value : "", NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("profile_data must be a JSON object, such as {\"genre\": \"mystery\"}"));
      return FALSE;
    }
  return TRUE;
}

/* The fields df_profile_set can change: each KEY is its column. */
static const struct
{
  const char         *key;
  const char * const *allowed;   /* an enumerated field */
  ProfileCheck        check;     /* any other */
  gboolean            boolean;   /* stored as 0 or 1 */
} profile_fields[] = {
  { "display_name", NULL, check_display_name, FALSE },
  { "email", NULL, check_email, FALSE },
  { "onboarding_completed", NULL, check_bool, TRUE },
  { "experience_level", df_experience_levels, NULL, FALSE },
  { "education_level", df_education_levels, NULL, FALSE },
  { "programming_experience", df_programming_experiences, NULL, FALSE },
  { "ai_ml_experience", df_ai_ml_experiences, NULL, FALSE },
  { "robotics_background", NULL, check_bool, TRUE },
  { "learning_goals", NULL, check_goals, FALSE },
  { "preferred_language", df_languages, NULL, FALSE },
  { "profile_data", NULL, check_profile_data, FALSE },
};

static gboolean
update_profile (DfStore     *store,
                const char  *profile_id,
                const char  *column,
                gboolean     boolean,
                const char  *value,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  /* column comes from the fixed list above, never from the caller. */
  g_autofree char *sql = g_strdup_printf ("UPDATE profiles SET %s = ?2, updated_at = strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now')"
                                          " WHERE id = ?1", column);

  stmt = df_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  _df_bind_text (stmt, 1, profile_id);
  if (boolean)
    sqlite3_bind_int (stmt, 2, value[0] == '1');
  else
    _df_bind_text (stmt, 2, value);

  return step_profile_write (store, stmt, profile_id, value, error);
}

gboolean
df_profile_set (DfStore     *store,
                const char  *profile_id,
                const char  *key,
                const char  *value,
                GError     **error)
{
  g_autofree char *normalized = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (profile_fields); i++)
    {
      if (g_strcmp0 (key, profile_fields[i].key) != 0)
        continue;

      if (profile_fields[i].allowed != NULL
          ? !df_validate_enum (key, value, profile_fields[i].allowed, error)
          : !profile_fields[i].check (key, &value, &normalized, error))
        return FALSE;

      return update_profile (store, profile_id, profile_fields[i].key,
                             profile_fields[i].boolean, value, error);
    }

  g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
               _("Unknown profile field “%s”; use one of display_name, email, onboarding_completed, "
                 "experience_level, education_level, programming_experience, ai_ml_experience, "
                 "robotics_background, learning_goals, preferred_language, profile_data"),
               key ? key : "");
  return FALSE;
}
