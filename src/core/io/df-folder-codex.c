/* df-folder-codex.c: the codex in the project folder format
 *
 * codex/ holds one Markdown file per entry (docs/folder-format.md): front
 * matter between "---" lines, one "key: value" a line with each value
 * written as JSON (which YAML reads too), relations and progressions as
 * lists of JSON objects; then the description, byte for byte.  Mentions
 * are not written: they are found again after an import.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-folder"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "df-codex.h"
#include "df-folder-codex-private.h"
#include "df-import.h"
#include "df-project-import.h"

void
_df_codex_file_free (DfCodexFile *file)
{
  if (file == NULL)
    return;
  g_free (file->path);
  g_free (file->text);
  g_free (file);
}

/* ---- writing ------------------------------------------------------------- */

static void
add_json_line (GString    *out,
               const char *key,
               JsonNode   *value)
{
  g_autofree char *text = json_to_string (value, FALSE);

  g_string_append_printf (out, "%s: %s\n", key, text);
  json_node_unref (value);
}

static JsonNode *
string_node (const char *text)
{
  return text ? json_node_init_string (json_node_alloc (), text) : json_node_init_null (json_node_alloc ());
}

static JsonNode *
stored_list (const char *json)
{
  JsonNode *node = json ? json_from_string (json, NULL) : NULL;

  return node ? node : json_from_string ("[]", NULL);
}

static void
add_relations (GString   *out,
               GPtrArray *relations)
{
  g_string_append (out, "relations:\n");
  for (guint i = 0; i < relations->len; i++)
    {
      const DfCodexRelation *r = relations->pdata[i];
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "label");
      json_builder_add_string_value (b, r->label);
      json_builder_set_member_name (b, "to");
      json_builder_add_string_value (b, r->other_name);
      json_builder_end_object (b);
      node = json_builder_get_root (b);
      text = json_to_string (node, FALSE);
      g_string_append_printf (out, "  - %s\n", text);
    }
}

static void
add_progressions (GString   *out,
                  GPtrArray *progressions)
{
  g_string_append (out, "progressions:\n");
  for (guint i = 0; i < progressions->len; i++)
    {
      const DfCodexProgression *p = progressions->pdata[i];
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "from_chapter");
      json_builder_add_int_value (b, p->from_chapter);
      json_builder_set_member_name (b, "field");
      json_builder_add_string_value (b, p->field);
      json_builder_set_member_name (b, "value");
      json_builder_add_string_value (b, p->value);
      json_builder_set_member_name (b, "note");
      json_builder_add_string_value (b, p->note);
      json_builder_end_object (b);
      node = json_builder_get_root (b);
      text = json_to_string (node, FALSE);
      g_string_append_printf (out, "  - %s\n", text);
    }
}

static char *
entry_markdown (const DfCodexEntry *e,
                GPtrArray          *relations,
                GPtrArray          *progressions)
{
  GString *out = g_string_new ("---\n");

  add_json_line (out, "kind", string_node (e->kind));
  add_json_line (out, "name", string_node (e->name));
  add_json_line (out, "aliases", stored_list (e->aliases_json));
  add_json_line (out, "tags", stored_list (e->tags_json));
  add_json_line (out, "colour", string_node (e->color));
  add_json_line (out, "notes", string_node (e->notes));
  add_json_line (out, "created", string_node (e->created_at));
  add_json_line (out, "updated", string_node (e->updated_at));
  add_json_line (out, "deleted", string_node (e->deleted_at));
  add_relations (out, relations);
  add_progressions (out, progressions);
  g_string_append (out, "---\n");
  g_string_append (out, e->description ? e->description : "");
  return g_string_free (out, FALSE);
}

static gint
by_id (gconstpointer a,
       gconstpointer b)
{
  const DfCodexEntry *ea = *(DfCodexEntry * const *) a;
  const DfCodexEntry *eb = *(DfCodexEntry * const *) b;

  return ea->id < eb->id ? -1 : ea->id > eb->id;
}

/* A file name of its own for @name, under codex/. */
static char *
file_for (GHashTable *taken,
          const char *name)
{
  g_autofree char *slug = df_slugify (name);
  char *path;

  if (slug == NULL || slug[0] == '\0')
    {
      g_free (slug);
      slug = g_strdup ("entry");
    }
  path = g_strdup_printf ("codex/%s.md", slug);
  for (guint n = 2; g_hash_table_contains (taken, path); n++)
    {
      g_free (path);
      path = g_strdup_printf ("codex/%s-%u.md", slug, n);
    }
  g_hash_table_add (taken, g_strdup (path));
  return path;
}

GPtrArray *
_df_codex_folder_files (DfStore  *store,
                        gint64    project_id,
                        GError  **error)
{
  g_autoptr(GPtrArray) entries = df_codex_entry_list (store, project_id, NULL, FALSE, error);
  g_autoptr(GPtrArray) deleted = entries ? df_codex_entry_list (store, project_id, NULL, TRUE, error) : NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) _df_codex_file_free);
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (deleted == NULL)
    return NULL;
  for (guint i = 0; i < deleted->len; i++)
    g_ptr_array_add (entries, g_steal_pointer (&deleted->pdata[i]));
  g_ptr_array_sort (entries, by_id);
  for (guint i = 0; i < entries->len; i++)
    {
      const DfCodexEntry *e = entries->pdata[i];
      g_autoptr(GPtrArray) relations = _df_codex_relations_from (store, e->id, error);
      g_autoptr(GPtrArray) progressions = relations ? df_codex_progression_list (store, e->id, 0, error) : NULL;
      DfCodexFile *file;

      if (progressions == NULL)
        return NULL;
      file = g_new0 (DfCodexFile, 1);
      file->path = file_for (taken, e->name);
      file->text = entry_markdown (e, relations, progressions);
      g_ptr_array_add (files, file);
    }
  return g_steal_pointer (&files);
}

/* ---- reading ---------------------------------------------------------------- */

void
_df_codex_entry_file_free (DfCodexEntryFile *f)
{
  g_free (f->entry.description);
  g_free (f->entry.aliases_json);
  g_free (f->entry.tags_json);
  g_clear_pointer (&f->fields, json_node_unref);
  g_clear_pointer (&f->relations, g_ptr_array_unref);
  g_clear_pointer (&f->progressions, g_ptr_array_unref);
  g_free (f->display);
  g_free (f);
}

static gboolean
bad_file (GError     **error,
          const char  *display,
          const char  *what)
{
  g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
               _("The codex file “%s” is not as docs/folder-format.md describes it: %s"), display, what);
  return FALSE;
}

/* One front matter line: "key: JSON", or "  - JSON" under a list key. */
static gboolean
read_line (DfCodexEntryFile   *f,
           const char  *line,
           GPtrArray  **list,
           GError     **error)
{
  JsonObject *fields = json_node_get_object (f->fields);
  const char *colon;
  g_autofree char *key = NULL;
  JsonNode *value;

  if (g_str_has_prefix (line, "  - ") && *list != NULL)
    {
      if ((value = json_from_string (line + 4, NULL)) == NULL || !JSON_NODE_HOLDS_OBJECT (value))
        {
          g_clear_pointer (&value, json_node_unref);
          return bad_file (error, f->display, line);
        }
      g_ptr_array_add (*list, value);
      return TRUE;
    }
  if ((colon = strstr (line, ":")) == NULL)
    return bad_file (error, f->display, line);
  key = g_strndup (line, colon - line);
  *list = NULL;
  if (strcmp (key, "relations") == 0 || strcmp (key, "progressions") == 0)
    {
      *list = key[0] == 'r' ? f->relations : f->progressions;
      return TRUE;
    }
  value = json_from_string (colon + 1, NULL);
  if (value == NULL)
    return bad_file (error, f->display, line);
  json_object_set_member (fields, key, value);
  return TRUE;
}

static const char *
field_string (DfCodexEntryFile  *f,
              const char *key)
{
  JsonObject *fields = json_node_get_object (f->fields);
  JsonNode *node = json_object_get_member (fields, key);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

static char *
field_list (DfCodexEntryFile  *f,
            const char *key)
{
  JsonNode *node = json_object_get_member (json_node_get_object (f->fields), key);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return g_strdup ("[]");
  return json_to_string (node, FALSE);
}

DfCodexEntryFile *
_df_codex_entry_file_parse (const char  *text,
                            const char  *display,
                            GError     **error)
{
  DfCodexEntryFile *f = g_new0 (DfCodexEntryFile, 1);
  const char *end, *line;
  GPtrArray *list = NULL;

  f->display = g_strdup (display);
  f->fields = json_node_init_object (json_node_alloc (), json_object_new ());
  f->relations = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  f->progressions = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  if (!g_str_has_prefix (text, "---\n") || (end = strstr (text + 3, "\n---\n")) == NULL)
    {
      bad_file (error, display, _("it does not start with front matter between “---” lines"));
      _df_codex_entry_file_free (f);
      return NULL;
    }
  for (line = text + 4; line <= end; )
    {
      const char *nl = strchr (line, '\n');
      g_autofree char *one = g_strndup (line, nl - line);

      if (!read_line (f, one, &list, error))
        {
          _df_codex_entry_file_free (f);
          return NULL;
        }
      line = nl + 1;
    }
  f->entry.kind = (char *) field_string (f, "kind");
  f->entry.name = (char *) field_string (f, "name");
  f->entry.notes = (char *) field_string (f, "notes");
  f->entry.color = (char *) field_string (f, "colour");
  f->entry.created_at = (char *) field_string (f, "created");
  f->entry.updated_at = (char *) field_string (f, "updated");
  f->entry.deleted_at = (char *) field_string (f, "deleted");
  f->entry.aliases_json = field_list (f, "aliases");
  f->entry.tags_json = field_list (f, "tags");
  f->entry.description = g_strdup (end + 5);
  return f;
}

/* The entry named @name among @files: a live one first. */
static gint64
entry_named (GPtrArray  *files,
             const char *name)
{
  gint64 deleted = 0;

  for (guint i = 0; name != NULL && i < files->len; i++)
    {
      DfCodexEntryFile *f = files->pdata[i];

      if (g_strcmp0 (f->entry.name, name) == 0)
        {
          if (f->entry.deleted_at == NULL)
            return f->id;
          deleted = deleted ? deleted : f->id;
        }
    }
  return deleted;
}

static gboolean
import_links (DfStore    *store,
              GPtrArray  *files,
              DfCodexEntryFile  *f,
              GError    **error)
{
  for (guint i = 0; i < f->relations->len; i++)
    {
      JsonObject *o = json_node_get_object (f->relations->pdata[i]);
      const char *to = json_object_get_string_member_with_default (o, "to", NULL);
      gint64 other = entry_named (files, to);

      if (other == 0)
        return bad_file (error, f->display, _("a relation names an entry the codex does not have"));
      if (!_df_codex_relation_import (store, f->id, other, json_object_get_string_member_with_default (o, "label", NULL),
                                      error))
        return FALSE;
    }
  for (guint i = 0; i < f->progressions->len; i++)
    {
      JsonObject *o = json_node_get_object (f->progressions->pdata[i]);

      if (!_df_codex_progression_import (store, f->id, json_object_get_int_member_with_default (o, "from_chapter", 0),
                                         json_object_get_string_member_with_default (o, "field", NULL),
                                         json_object_get_string_member_with_default (o, "value", NULL),
                                         json_object_get_string_member_with_default (o, "note", ""), error))
        return FALSE;
    }
  return TRUE;
}

static gint
by_text (gconstpointer a,
         gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The entry files to read: those @listed (project.json's "codex", in
 * its order), or, when it is NULL, the Markdown files of codex/ by name. */
static GPtrArray *
entry_paths (const char *dir,
             JsonArray  *listed)
{
  g_autofree char *codex_dir = g_build_filename (dir, "codex", NULL);
  g_autoptr(GDir) d = NULL;
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  for (guint i = 0; listed != NULL && i < json_array_get_length (listed); i++)
    {
      JsonNode *node = json_array_get_element (listed, i);
      const char *file = JSON_NODE_HOLDS_OBJECT (node)
        ? json_object_get_string_member_with_default (json_node_get_object (node), "file", NULL) : NULL;

      /* Only a plain name under codex/. */
      if (file != NULL && g_str_has_prefix (file, "codex/") && strchr (file + 6, '/') == NULL &&
          file[6] != '.' && g_str_has_suffix (file, ".md"))
        g_ptr_array_add (paths, g_strdup (file));
    }
  if (listed != NULL)
    return paths;
  d = g_dir_open (codex_dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".md") && name[0] != '.')
      g_ptr_array_add (paths, g_strconcat ("codex/", name, NULL));
  g_ptr_array_sort (paths, by_text);
  return paths;
}

static DfCodexEntryFile *
read_entry (const char  *dir,
            const char  *display,
            const char  *rel,
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, rel, NULL);
  g_autofree char *shown = g_build_filename (display, rel, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;
  gsize len;

  if (!g_file_get_contents (path, &text, &len, &local))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT, _("Could not read the codex file “%s”: %s"), shown,
                   local->message);
      return NULL;
    }
  if (strlen (text) != len || !g_utf8_validate (text, len, NULL))
    {
      bad_file (error, shown, _("it is not UTF-8 text"));
      return NULL;
    }
  return _df_codex_entry_file_parse (text, shown, error);
}

gboolean
_df_codex_folder_import (DfStore     *store,
                         gint64       project_id,
                         const char  *dir,
                         const char  *display,
                         JsonArray   *listed,
                         GError     **error)
{
  g_autoptr(GPtrArray) paths = entry_paths (dir, listed);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) _df_codex_entry_file_free);

  for (guint i = 0; i < paths->len; i++)
    {
      DfCodexEntryFile *f = read_entry (dir, display, paths->pdata[i], error);

      if (f == NULL)
        return FALSE;
      g_ptr_array_add (files, f);
      if (!_df_codex_entry_import (store, project_id, &f->entry, &f->id, error))
        {
          g_prefix_error (error, "%s: ", f->display);
          return FALSE;
        }
    }
  for (guint i = 0; i < files->len; i++)
    if (!import_links (store, files, files->pdata[i], error))
      return FALSE;
  return files->len == 0 || df_codex_index_project (store, project_id, error);
}
