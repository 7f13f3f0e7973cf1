/* df-folder.c: writing a project as a folder of Markdown files
 *
 * The layout is described in docs/folder-format.md: project.json, one
 * Markdown file per chapter holding its text byte for byte, a folder per
 * part, and the project's images under assets/.  Every file is written
 * atomically; project.json is written last, so an interrupted export
 * still lists the files of the one before it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-folder"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "df-import.h"

#define FOLDER_FORMAT "draftforge-project"
#define FOLDER_FORMAT_VERSION 1

/* A relative path made of plain names: no "..", ".", empty parts,
 * backslashes or a leading "/". */
static gboolean
is_safe_relative (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (path == NULL || *path == '\0' || path[0] == '/' || strchr (path, '\\') != NULL)
    return FALSE;
  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] == '\0' || strcmp (parts[i], ".") == 0 || strcmp (parts[i], "..") == 0)
      return FALSE;
  return TRUE;
}

static gboolean
write_file (const char  *dir,
            const char  *rel,
            const char  *data,
            gsize        len,
            GError     **error)
{
  g_autofree char *full = g_build_filename (dir, rel, NULL);
  g_autofree char *parent = g_path_get_dirname (full);
  g_autoptr(GError) local_error = NULL;

  if (g_mkdir_with_parents (parent, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Could not create the folder “%s”: %s"),
                   parent, g_strerror (saved));
      return FALSE;
    }
  if (!g_file_set_contents (full, data, len, &local_error))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Could not write “%s”: %s"),
                   full, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static int
digits_for (guint n)
{
  int d = 3;
  guint limit = 1000;

  while (n >= limit && d < 10)
    {
      d++;
      limit *= 10;
    }
  return d;
}

static void
add_string_or_null (JsonBuilder *b,
                    const char  *key,
                    const char  *value)
{
  json_builder_set_member_name (b, key);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int_or_null (JsonBuilder *b,
                 const char  *key,
                 gint64       value)
{
  json_builder_set_member_name (b, key);
  if (value > 0)
    json_builder_add_int_value (b, value);
  else
    json_builder_add_null_value (b);
}

/* Adds @json (a JSON text from the database) as a value, or @fallback. */
static void
add_json (JsonBuilder *b,
          const char  *key,
          const char  *json,
          const char  *fallback)
{
  JsonNode *node = json ? json_from_string (json, NULL) : NULL;

  if (node == NULL)
    node = json_from_string (fallback, NULL);
  json_builder_set_member_name (b, key);
  json_builder_add_value (b, node);
}

/* The files an earlier export listed, and the slug it was of. */
static gboolean
read_previous (const char  *dir,
               char       **slug,
               GPtrArray   *files,
               GError     **error)
{
  g_autofree char *json_path = g_build_filename (dir, "project.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *top;
  JsonNode *node;

  if (!json_parser_load_from_file (parser, json_path, &local_error) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_EXISTS,
                   _("“%s” is not a DraftForge project file; export into an empty folder"), json_path);
      return FALSE;
    }
  top = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (json_object_get_string_member_with_default (top, "format", ""), FOLDER_FORMAT) != 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_EXISTS,
                   _("“%s” is not a DraftForge project file; export into an empty folder"), json_path);
      return FALSE;
    }

  node = json_object_get_member (top, "project");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    *slug = g_strdup (json_object_get_string_member_with_default (json_node_get_object (node), "slug", ""));

  node = json_object_get_member (top, "chapters");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *chapters = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (chapters); i++)
        {
          JsonNode *cn = json_array_get_element (chapters, i);
          const char *file;

          if (!JSON_NODE_HOLDS_OBJECT (cn))
            continue;
          file = json_object_get_string_member_with_default (json_node_get_object (cn), "file", NULL);
          if (is_safe_relative (file))
            g_ptr_array_add (files, g_strdup (file));
        }
    }

  node = json_object_get_member (top, "assets");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *assets = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (assets); i++)
        {
          JsonNode *an = json_array_get_element (assets, i);
          const char *path;

          if (!JSON_NODE_HOLDS_OBJECT (an))
            continue;
          path = json_object_get_string_member_with_default (json_node_get_object (an), "path", NULL);
          if (path != NULL && is_safe_relative (path))
            g_ptr_array_add (files, g_strconcat ("assets/", path, NULL));
        }
    }

  return TRUE;
}

/* Removes @rel and then its parent folders while they are empty. */
static void
remove_stale (const char *dir,
              const char *rel)
{
  g_autofree char *full = g_build_filename (dir, rel, NULL);
  g_autofree char *parent_rel = g_path_get_dirname (rel);

  if (g_unlink (full) != 0)
    return;

  while (strcmp (parent_rel, ".") != 0)
    {
      g_autofree char *parent = g_build_filename (dir, parent_rel, NULL);
      char *up;

      if (g_rmdir (parent) != 0)
        break;
      up = g_path_get_dirname (parent_rel);
      g_free (parent_rel);
      parent_rel = up;
    }
}

static gboolean
dir_is_empty (const char  *dir,
              gboolean    *empty,
              GError     **error)
{
  g_autoptr(GDir) d = NULL;
  g_autoptr(GError) local_error = NULL;

  d = g_dir_open (dir, 0, &local_error);
  if (d == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Could not read the folder “%s”: %s"),
                   dir, local_error->message);
      return FALSE;
    }
  *empty = g_dir_read_name (d) == NULL;
  return TRUE;
}

gboolean
df_export_folder (DfStore      *store,
                  gint64        project_id,
                  const char   *dir,
                  GError      **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GPtrArray) previous = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) part_index = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *json_text = NULL;
  g_autofree char *previous_slug = NULL;
  g_autoptr(GPtrArray) part_dir_array = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) chapter_file_array = g_ptr_array_new_with_free_func (g_free);
  char **part_dirs;
  char **chapter_files;
  g_autofree guint *part_counts = NULL;
  g_autofree guint *part_seen = NULL;
  g_autoptr(GPtrArray) asset_mimes = g_ptr_array_new_with_free_func (g_free);
  guint next_part = 0;
  guint n_top = 0;
  guint top_number = 0;
  int top_width;

  g_return_val_if_fail (DF_IS_STORE (store), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);

  project = df_project_get_by_id (store, project_id, error);
  if (project == NULL)
    return FALSE;
  parts = df_part_list (store, project_id, error);
  if (parts == NULL)
    return FALSE;
  chapters = df_chapter_list (store, project_id, error);
  if (chapters == NULL)
    return FALSE;
  assets = df_asset_list (store, project_id, error);
  if (assets == NULL)
    return FALSE;

  /* Only into an empty folder or over an earlier export of this project. */
  json_path = g_build_filename (dir, "project.json", NULL);
  if (g_file_test (dir, G_FILE_TEST_EXISTS))
    {
      gboolean empty = FALSE;

      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, DF_ERROR, DF_ERROR_EXISTS,
                       _("“%s” is a file, not a folder; choose a new or empty folder"), dir);
          return FALSE;
        }
      if (g_file_test (json_path, G_FILE_TEST_EXISTS))
        {
          if (!read_previous (dir, &previous_slug, previous, error))
            return FALSE;
          if (g_strcmp0 (previous_slug, project->slug) != 0)
            {
              g_set_error (error, DF_ERROR, DF_ERROR_EXISTS,
                           _("“%s” holds an export of another project (“%s”); choose a new or empty folder"),
                           dir, previous_slug ? previous_slug : "");
              return FALSE;
            }
        }
      else
        {
          if (!dir_is_empty (dir, &empty, error))
            return FALSE;
          if (!empty)
            {
              g_set_error (error, DF_ERROR, DF_ERROR_EXISTS,
                           _("“%s” is not empty and holds no project.json; choose a new or empty folder"),
                           dir);
              return FALSE;
            }
        }
    }
  else if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Could not create the folder “%s”: %s"),
                   dir, g_strerror (saved));
      return FALSE;
    }

  /* The layout: top-level entries (unparted chapters and parts) are
   * numbered in order of appearance; parts without chapters take their
   * place by part number. */
  g_ptr_array_set_size (part_dir_array, parts->len + 1);
  part_dirs = (char **)part_dir_array->pdata;
  part_counts = g_new0 (guint, parts->len + 1);
  part_seen = g_new0 (guint, parts->len + 1);
  g_ptr_array_set_size (chapter_file_array, chapters->len + 1);
  chapter_files = (char **)chapter_file_array->pdata;
  for (guint i = 0; i < parts->len; i++)
    {
      DfPart *part = g_ptr_array_index (parts, i);
      g_hash_table_insert (part_index, &part->id, GUINT_TO_POINTER (i + 1));
    }

  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *chapter = g_ptr_array_index (chapters, i);
      guint pi = chapter->part_id ? GPOINTER_TO_UINT (g_hash_table_lookup (part_index, &chapter->part_id)) : 0;

      if (pi == 0)
        n_top++;
      else
        part_counts[pi - 1]++;
    }
  n_top += parts->len;
  top_width = digits_for (n_top);

  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *chapter = g_ptr_array_index (chapters, i);
      guint pi = chapter->part_id ? GPOINTER_TO_UINT (g_hash_table_lookup (part_index, &chapter->part_id)) : 0;

      if (pi == 0)
        {
          chapter_files[i] = g_strdup_printf ("%0*u-%s.md", top_width, ++top_number, chapter->slug);
          continue;
        }

      while (next_part < pi)
        {
          DfPart *part = g_ptr_array_index (parts, next_part);
          g_autofree char *part_slug = df_slugify (part->title);

          if (part_dirs[next_part] == NULL)
            part_dirs[next_part] = g_strdup_printf ("%0*u-%s", top_width, ++top_number, part_slug);
          next_part++;
        }
      if (part_dirs[pi - 1] == NULL)
        {
          DfPart *part = g_ptr_array_index (parts, pi - 1);
          g_autofree char *part_slug = df_slugify (part->title);

          part_dirs[pi - 1] = g_strdup_printf ("%0*u-%s", top_width, ++top_number, part_slug);
        }
      chapter_files[i] = g_strdup_printf ("%s/%0*u-%s.md", part_dirs[pi - 1],
                                          digits_for (part_counts[pi - 1]),
                                          ++part_seen[pi - 1], chapter->slug);
    }
  for (; next_part < parts->len; next_part++)
    {
      DfPart *part = g_ptr_array_index (parts, next_part);
      g_autofree char *part_slug = df_slugify (part->title);

      if (part_dirs[next_part] == NULL)
        part_dirs[next_part] = g_strdup_printf ("%0*u-%s", top_width, ++top_number, part_slug);
    }

  /* The chapters' text, byte for byte. */
  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *listed = g_ptr_array_index (chapters, i);
      g_autoptr(DfChapter) chapter = df_chapter_get (store, listed->id, error);
      const char *content;

      if (chapter == NULL)
        return FALSE;
      content = chapter->content_md ? chapter->content_md : "";
      if (!write_file (dir, chapter_files[i], content, strlen (content), error))
        return FALSE;
      g_hash_table_add (written, g_strdup (chapter_files[i]));
    }

  /* Images. */
  for (guint i = 0; i < assets->len; i++)
    {
      const char *path = g_ptr_array_index (assets, i);
      g_autofree char *rel = NULL;
      g_autofree char *mime = NULL;
      g_autoptr(GBytes) data = NULL;
      gsize size;
      const char *bytes;

      if (!is_safe_relative (path))
        {
          g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                       _("The image path “%s” leaves the assets folder; rename the asset"), path);
          return FALSE;
        }
      data = df_asset_get (store, project_id, path, &mime, error);
      if (data == NULL)
        return FALSE;
      bytes = g_bytes_get_data (data, &size);
      rel = g_strconcat ("assets/", path, NULL);
      if (!write_file (dir, rel, bytes ? bytes : "", size, error))
        return FALSE;
      g_hash_table_add (written, g_steal_pointer (&rel));
      g_ptr_array_add (asset_mimes, g_steal_pointer (&mime));
    }

  /* project.json */
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, FOLDER_FORMAT);
  json_builder_set_member_name (b, "format_version");
  json_builder_add_int_value (b, FOLDER_FORMAT_VERSION);

  json_builder_set_member_name (b, "project");
  json_builder_begin_object (b);
  add_string_or_null (b, "title", project->title);
  add_string_or_null (b, "slug", project->slug);
  add_string_or_null (b, "description", project->description);
  add_string_or_null (b, "project_type", project->project_type);
  add_string_or_null (b, "genre", project->genre);
  add_string_or_null (b, "language", project->language);
  json_builder_set_member_name (b, "target_word_count");
  json_builder_add_int_value (b, project->target_word_count);
  add_string_or_null (b, "status", project->status);
  add_json (b, "settings", project->settings, "{}");
  add_string_or_null (b, "version", project->version);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "parts");
  json_builder_begin_array (b);
  for (guint i = 0; i < parts->len; i++)
    {
      DfPart *part = g_ptr_array_index (parts, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "number");
      json_builder_add_int_value (b, i + 1);
      add_string_or_null (b, "title", part->title);
      add_string_or_null (b, "description", part->description);
      add_string_or_null (b, "layer", part->layer);
      add_string_or_null (b, "tier", part->tier);
      add_int_or_null (b, "week_start", part->week_start);
      add_int_or_null (b, "week_end", part->week_end);
      add_string_or_null (b, "directory", part_dirs[i]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "chapters");
  json_builder_begin_array (b);
  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *chapter = g_ptr_array_index (chapters, i);
      guint pi = chapter->part_id ? GPOINTER_TO_UINT (g_hash_table_lookup (part_index, &chapter->part_id)) : 0;

      json_builder_begin_object (b);
      add_string_or_null (b, "file", chapter_files[i]);
      add_string_or_null (b, "title", chapter->title);
      add_string_or_null (b, "slug", chapter->slug);
      add_string_or_null (b, "kind", chapter->kind);
      add_json (b, "prerequisites", chapter->prerequisites, "[]");
      add_int_or_null (b, "estimated_minutes", chapter->estimated_minutes);
      add_int_or_null (b, "part", pi);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "assets");
  json_builder_begin_array (b);
  for (guint i = 0; i < assets->len; i++)
    {
      json_builder_begin_object (b);
      add_string_or_null (b, "path", g_ptr_array_index (assets, i));
      add_string_or_null (b, "mime_type", g_ptr_array_index (asset_mimes, i));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  {
    g_autofree char *body = json_generator_to_data (gen, NULL);
    json_text = g_strconcat (body, "\n", NULL);
  }
  if (!write_file (dir, "project.json", json_text, strlen (json_text), error))
    return FALSE;

  /* What the earlier export wrote and this one did not. */
  for (guint i = 0; i < previous->len; i++)
    {
      const char *rel = g_ptr_array_index (previous, i);

      if (!g_hash_table_contains (written, rel))
        remove_stale (dir, rel);
    }

  return TRUE;
}
