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

#include "df-folder-codex-private.h"
#include "df-import.h"
#include "df-planning.h"

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

/* Adds to @files the @member of each object in the list @key of @top
 * that is a safe relative path, after @prefix. */
static void
add_listed_files (JsonObject  *top,
                  const char  *key,
                  const char  *member,
                  const char  *prefix,
                  GPtrArray   *files)
{
  JsonNode *node = json_object_get_member (top, key);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *entry = json_array_get_element (array, i);
      const char *file;

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        continue;
      file = json_object_get_string_member_with_default (json_node_get_object (entry), member, NULL);
      if (is_safe_relative (file))
        g_ptr_array_add (files, g_strconcat (prefix, file, NULL));
    }
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
  JsonObject *top;
  JsonNode *node;

  if (!json_parser_load_from_file (parser, json_path, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (json_parser_get_root (parser)),
                                                             "format", ""), FOLDER_FORMAT) != 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_EXISTS,
                   _("“%s” is not a DraftForge project file; export into an empty folder"), json_path);
      return FALSE;
    }
  top = json_node_get_object (json_parser_get_root (parser));

  node = json_object_get_member (top, "project");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    *slug = g_strdup (json_object_get_string_member_with_default (json_node_get_object (node), "slug", ""));

  add_listed_files (top, "chapters", "file", "", files);
  add_listed_files (top, "assets", "path", "assets/", files);
  add_listed_files (top, "codex", "file", "", files);
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

/* ---- an export ---------------------------------------------------------- */

/* A project being written out, and the names its files get. */
typedef struct
{
  DfProject  *project;
  GPtrArray  *parts;           /* DfPart, in part order */
  GPtrArray  *chapters;        /* DfChapter (without text), in book order */
  GPtrArray  *assets;          /* image paths */
  GHashTable *part_index;      /* part id -> its 1-based place in parts */
  GPtrArray  *part_dirs;       /* a folder name per part */
  GPtrArray  *chapter_files;   /* a file name per chapter */
  GPtrArray  *asset_mimes;     /* a MIME type per image */
  GHashTable *written;         /* the files this export wrote */
  GPtrArray  *labels;          /* DfLabel the project defines, by name */
  GPtrArray  *assigned;        /* DfLabel of each chapter, in book order */
  GPtrArray  *codex_files;     /* DfCodexFile, one per codex entry */
  guint       top_number;      /* the last top-level number given */
  int         top_width;
} FolderExport;

static void
folder_export_clear (FolderExport *export)
{
  g_clear_pointer (&export->part_index, g_hash_table_unref);
  g_clear_pointer (&export->project, df_project_free);
  g_clear_pointer (&export->parts, g_ptr_array_unref);
  g_clear_pointer (&export->chapters, g_ptr_array_unref);
  g_clear_pointer (&export->assets, g_ptr_array_unref);
  g_clear_pointer (&export->part_dirs, g_ptr_array_unref);
  g_clear_pointer (&export->chapter_files, g_ptr_array_unref);
  g_clear_pointer (&export->asset_mimes, g_ptr_array_unref);
  g_clear_pointer (&export->written, g_hash_table_unref);
  g_clear_pointer (&export->labels, g_ptr_array_unref);
  g_clear_pointer (&export->assigned, g_ptr_array_unref);
  g_clear_pointer (&export->codex_files, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FolderExport, folder_export_clear)

static gboolean
load_project (FolderExport  *export,
              DfStore       *store,
              gint64         project_id,
              GError       **error)
{
  if ((export->project = df_project_get_by_id (store, project_id, error)) == NULL ||
      (export->parts = df_part_list (store, project_id, error)) == NULL ||
      (export->chapters = df_chapter_list (store, project_id, error)) == NULL ||
      (export->assets = df_asset_list (store, project_id, error)) == NULL ||
      (export->labels = df_label_list (store, project_id, error)) == NULL ||
      (export->assigned = df_label_list_assigned (store, project_id, error)) == NULL ||
      (export->codex_files = _df_codex_folder_files (store, project_id, error)) == NULL)
    return FALSE;

  export->part_index = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < export->parts->len; i++)
    {
      DfPart *part = g_ptr_array_index (export->parts, i);
      g_hash_table_insert (export->part_index, &part->id, GUINT_TO_POINTER (i + 1));
    }
  export->part_dirs = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_set_size (export->part_dirs, export->parts->len + 1);
  export->chapter_files = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_set_size (export->chapter_files, export->chapters->len + 1);
  export->asset_mimes = g_ptr_array_new_with_free_func (g_free);
  export->written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return TRUE;
}

/* Only into a new or empty folder or over an earlier export of this
 * project; @previous gets the files that export listed. */
static gboolean
check_destination (const char  *dir,
                   const char  *slug,
                   GPtrArray   *previous,
                   GError     **error)
{
  g_autofree char *json_path = g_build_filename (dir, "project.json", NULL);
  g_autofree char *previous_slug = NULL;
  gboolean empty = FALSE;

  if (!g_file_test (dir, G_FILE_TEST_EXISTS))
    {
      if (g_mkdir_with_parents (dir, 0755) != 0)
        {
          int saved = errno;
          g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Could not create the folder “%s”: %s"),
                       dir, g_strerror (saved));
          return FALSE;
        }
      return TRUE;
    }

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
      if (g_strcmp0 (previous_slug, slug) != 0)
        {
          g_set_error (error, DF_ERROR, DF_ERROR_EXISTS,
                       _("“%s” holds an export of another project (“%s”); choose a new or empty folder"),
                       dir, previous_slug ? previous_slug : "");
          return FALSE;
        }
      return TRUE;
    }

  if (!dir_is_empty (dir, &empty, error))
    return FALSE;
  if (!empty)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_EXISTS,
                   _("“%s” is not empty and holds no project.json; choose a new or empty folder"),
                   dir);
      return FALSE;
    }

  return TRUE;
}

/* The 1-based place of @chapter's part, 0 for none. */
static guint
part_of (FolderExport *export,
         DfChapter    *chapter)
{
  return chapter->part_id ? GPOINTER_TO_UINT (g_hash_table_lookup (export->part_index, &chapter->part_id)) : 0;
}

/* Names the folder of part @i with the next top-level number, unless it
 * has one. */
static void
name_part_dir (FolderExport *export,
               guint         i)
{
  DfPart *part = g_ptr_array_index (export->parts, i);
  g_autofree char *part_slug = NULL;

  if (g_ptr_array_index (export->part_dirs, i) != NULL)
    return;
  part_slug = df_slugify (part->title);
  export->part_dirs->pdata[i] = g_strdup_printf ("%0*u-%s", export->top_width, ++export->top_number, part_slug);
}

/* The layout: top-level entries (unparted chapters and parts) are
 * numbered in order of appearance; parts without chapters take their
 * place by part number. */
static void
plan_layout (FolderExport *export)
{
  GPtrArray *parts = export->parts;
  GPtrArray *chapters = export->chapters;
  g_autofree guint *part_counts = g_new0 (guint, parts->len + 1);
  g_autofree guint *part_seen = g_new0 (guint, parts->len + 1);
  guint next_part = 0;
  guint n_top = parts->len;

  for (guint i = 0; i < chapters->len; i++)
    {
      guint pi = part_of (export, g_ptr_array_index (chapters, i));

      if (pi == 0)
        n_top++;
      else
        part_counts[pi - 1]++;
    }
  export->top_width = digits_for (n_top);

  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *chapter = g_ptr_array_index (chapters, i);
      guint pi = part_of (export, chapter);

      if (pi == 0)
        {
          export->chapter_files->pdata[i] = g_strdup_printf ("%0*u-%s.md", export->top_width,
                                                             ++export->top_number, chapter->slug);
          continue;
        }

      while (next_part < pi)
        name_part_dir (export, next_part++);
      name_part_dir (export, pi - 1);
      export->chapter_files->pdata[i] = g_strdup_printf ("%s/%0*u-%s.md",
                                                         (char *)g_ptr_array_index (export->part_dirs, pi - 1),
                                                         digits_for (part_counts[pi - 1]),
                                                         ++part_seen[pi - 1], chapter->slug);
    }
  for (; next_part < parts->len; next_part++)
    name_part_dir (export, next_part);
}

/* The chapters' text, byte for byte. */
static gboolean
write_chapters (FolderExport  *export,
                DfStore       *store,
                const char    *dir,
                GError       **error)
{
  for (guint i = 0; i < export->chapters->len; i++)
    {
      DfChapter *listed = g_ptr_array_index (export->chapters, i);
      const char *file = g_ptr_array_index (export->chapter_files, i);
      g_autoptr(DfChapter) chapter = df_chapter_get (store, listed->id, error);
      const char *content;

      if (chapter == NULL)
        return FALSE;
      content = chapter->content_md ? chapter->content_md : "";
      if (!write_file (dir, file, content, strlen (content), error))
        return FALSE;
      g_hash_table_add (export->written, g_strdup (file));
    }

  return TRUE;
}

/* The images, under assets/. */
static gboolean
write_assets (FolderExport  *export,
              DfStore       *store,
              const char    *dir,
              GError       **error)
{
  for (guint i = 0; i < export->assets->len; i++)
    {
      const char *path = g_ptr_array_index (export->assets, i);
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
      data = df_asset_get (store, export->project->id, path, &mime, error);
      if (data == NULL)
        return FALSE;
      bytes = g_bytes_get_data (data, &size);
      rel = g_strconcat ("assets/", path, NULL);
      if (!write_file (dir, rel, bytes ? bytes : "", size, error))
        return FALSE;
      g_hash_table_add (export->written, g_steal_pointer (&rel));
      g_ptr_array_add (export->asset_mimes, g_steal_pointer (&mime));
    }

  return TRUE;
}

/* ---- project.json --------------------------------------------------------- */

static void
build_project (JsonBuilder *b,
               DfProject   *project)
{
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
}

static void
build_labels (JsonBuilder  *b,
              FolderExport *export)
{
  json_builder_set_member_name (b, "labels");
  json_builder_begin_array (b);
  for (guint i = 0; i < export->labels->len; i++)
    {
      DfLabel *label = g_ptr_array_index (export->labels, i);

      json_builder_begin_object (b);
      add_string_or_null (b, "name", label->name);
      add_string_or_null (b, "color", label->color);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* A chapter's planning fields; its labels from export->assigned, read
 * from *@cursor on (both lists are in book order). */
static void
build_chapter_plan (JsonBuilder  *b,
                    FolderExport *export,
                    DfChapter    *chapter,
                    guint        *cursor)
{
  add_string_or_null (b, "status", chapter->status);
  add_string_or_null (b, "synopsis", chapter->synopsis);
  add_string_or_null (b, "notes", chapter->notes);
  json_builder_set_member_name (b, "word_target");
  json_builder_add_int_value (b, chapter->word_target);
  add_string_or_null (b, "pov", chapter->pov);
  json_builder_set_member_name (b, "labels");
  json_builder_begin_array (b);
  for (; *cursor < export->assigned->len; (*cursor)++)
    {
      DfLabel *label = g_ptr_array_index (export->assigned, *cursor);

      if (label->chapter_id != chapter->id)
        break;
      json_builder_add_string_value (b, label->name);
    }
  json_builder_end_array (b);
}

static void
build_parts (JsonBuilder  *b,
             FolderExport *export)
{
  json_builder_set_member_name (b, "parts");
  json_builder_begin_array (b);
  for (guint i = 0; i < export->parts->len; i++)
    {
      DfPart *part = g_ptr_array_index (export->parts, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "number");
      json_builder_add_int_value (b, i + 1);
      add_string_or_null (b, "title", part->title);
      add_string_or_null (b, "description", part->description);
      add_string_or_null (b, "layer", part->layer);
      add_string_or_null (b, "tier", part->tier);
      add_int_or_null (b, "week_start", part->week_start);
      add_int_or_null (b, "week_end", part->week_end);
      add_string_or_null (b, "directory", g_ptr_array_index (export->part_dirs, i));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
build_chapters (JsonBuilder  *b,
                FolderExport *export)
{
  guint cursor = 0;

  json_builder_set_member_name (b, "chapters");
  json_builder_begin_array (b);
  for (guint i = 0; i < export->chapters->len; i++)
    {
      DfChapter *chapter = g_ptr_array_index (export->chapters, i);

      json_builder_begin_object (b);
      add_string_or_null (b, "file", g_ptr_array_index (export->chapter_files, i));
      add_string_or_null (b, "title", chapter->title);
      add_string_or_null (b, "slug", chapter->slug);
      add_string_or_null (b, "kind", chapter->kind);
      add_json (b, "prerequisites", chapter->prerequisites, "[]");
      add_int_or_null (b, "estimated_minutes", chapter->estimated_minutes);
      add_int_or_null (b, "part", part_of (export, chapter));
      build_chapter_plan (b, export, chapter, &cursor);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
build_assets (JsonBuilder  *b,
              FolderExport *export)
{
  json_builder_set_member_name (b, "assets");
  json_builder_begin_array (b);
  for (guint i = 0; i < export->assets->len; i++)
    {
      json_builder_begin_object (b);
      add_string_or_null (b, "path", g_ptr_array_index (export->assets, i));
      add_string_or_null (b, "mime_type", g_ptr_array_index (export->asset_mimes, i));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* The codex's files, in the order their entries were made. */
static void
build_codex (JsonBuilder  *b,
             FolderExport *export)
{
  json_builder_set_member_name (b, "codex");
  json_builder_begin_array (b);
  for (guint i = 0; i < export->codex_files->len; i++)
    {
      const DfCodexFile *file = g_ptr_array_index (export->codex_files, i);

      json_builder_begin_object (b);
      add_string_or_null (b, "file", file->path);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* One Markdown file per codex entry, under codex/. */
static gboolean
write_codex (FolderExport  *export,
             const char    *dir,
             GError       **error)
{
  for (guint i = 0; i < export->codex_files->len; i++)
    {
      const DfCodexFile *file = g_ptr_array_index (export->codex_files, i);

      if (!write_file (dir, file->path, file->text, strlen (file->text), error))
        return FALSE;
      g_hash_table_add (export->written, g_strdup (file->path));
    }
  return TRUE;
}

/* project.json: pretty-printed with two spaces, ending with a newline. */
static char *
project_json (FolderExport *export)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, FOLDER_FORMAT);
  json_builder_set_member_name (b, "format_version");
  json_builder_add_int_value (b, FOLDER_FORMAT_VERSION);
  build_project (b, export->project);
  build_labels (b, export);
  build_parts (b, export);
  build_chapters (b, export);
  build_assets (b, export);
  if (export->codex_files->len > 0)
    build_codex (b, export);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  body = json_generator_to_data (gen, NULL);
  return g_strconcat (body, "\n", NULL);
}

gboolean
df_export_folder (DfStore      *store,
                  gint64        project_id,
                  const char   *dir,
                  GError      **error)
{
  g_auto(FolderExport) export = { 0 };
  g_autoptr(GPtrArray) previous = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *json_text = NULL;

  g_return_val_if_fail (DF_IS_STORE (store), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);

  if (!load_project (&export, store, project_id, error) ||
      !check_destination (dir, export.project->slug, previous, error))
    return FALSE;

  plan_layout (&export);
  if (!write_chapters (&export, store, dir, error) ||
      !write_assets (&export, store, dir, error) ||
      !write_codex (&export, dir, error))
    return FALSE;

  /* Last, so an interrupted export still lists what the one before
   * wrote. */
  json_text = project_json (&export);
  if (!write_file (dir, "project.json", json_text, strlen (json_text), error))
    return FALSE;

  /* What the earlier export wrote and this one did not. */
  for (guint i = 0; i < previous->len; i++)
    {
      const char *rel = g_ptr_array_index (previous, i);

      if (!g_hash_table_contains (export.written, rel))
        remove_stale (dir, rel);
    }

  return TRUE;
}

/* ---- the folder in memory (for sync) -------------------------------------- */

static gboolean
snapshot_assets (FolderExport      *export,
                 DfStore           *store,
                 DfFolderFileFunc   func,
                 gpointer           user_data,
                 GError           **error)
{
  for (guint i = 0; i < export->assets->len; i++)
    {
      const char *path = g_ptr_array_index (export->assets, i);
      g_autofree char *rel = NULL;
      g_autofree char *mime = NULL;
      g_autoptr(GBytes) data = NULL;
      DfFolderFile file = { 0 };

      if (!is_safe_relative (path))
        continue;
      data = df_asset_get (store, export->project->id, path, &mime, error);
      if (data == NULL)
        return FALSE;
      rel = g_strconcat ("assets/", path, NULL);
      file.path = rel;
      file.data = g_bytes_get_data (data, &file.len);
      if (!func (&file, user_data, error))
        return FALSE;
      g_ptr_array_add (export->asset_mimes, g_steal_pointer (&mime));
    }
  return TRUE;
}

gboolean
df_folder_snapshot (DfStore           *store,
                    gint64             project_id,
                    DfFolderFileFunc   func,
                    gpointer           user_data,
                    GError           **error)
{
  g_auto(FolderExport) export = { 0 };
  g_autofree char *json_text = NULL;
  DfFolderFile file = { 0 };

  g_return_val_if_fail (DF_IS_STORE (store), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!load_project (&export, store, project_id, error))
    return FALSE;
  plan_layout (&export);
  for (guint i = 0; i < export.chapters->len; i++)
    {
      DfChapter *chapter = g_ptr_array_index (export.chapters, i);
      DfFolderFile chapter_file = { 0 };

      chapter_file.path = g_ptr_array_index (export.chapter_files, i);
      chapter_file.chapter_id = chapter->id;
      chapter_file.content_hash = chapter->content_hash;
      if (!func (&chapter_file, user_data, error))
        return FALSE;
    }
  if (!snapshot_assets (&export, store, func, user_data, error))
    return FALSE;
  for (guint i = 0; i < export.codex_files->len; i++)
    {
      const DfCodexFile *codex = g_ptr_array_index (export.codex_files, i);
      DfFolderFile codex_file = { 0 };

      codex_file.path = codex->path;
      codex_file.data = codex->text;
      codex_file.len = strlen (codex->text);
      if (!func (&codex_file, user_data, error))
        return FALSE;
    }
  json_text = project_json (&export);
  file.path = "project.json";
  file.data = json_text;
  file.len = strlen (json_text);
  return func (&file, user_data, error);
}
