/* df-import-project.c: reading the project folder format
 *
 * project.json describes the project, its parts and chapters in book
 * order, and its images (docs/folder-format.md); every chapter is a
 * Markdown file holding its text byte for byte.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-import"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "df-folder-codex-private.h"
#include "df-import-private.h"
#include "df-planning.h"

/* A project folder being read. */
typedef struct
{
  const char *path;          /* the folder */
  const char *display;
  char       *json_display;  /* its project.json, for messages */
  JsonParser *parser;
  JsonObject *project;       /* "project" */
  JsonArray  *parts;         /* NULL when there are none */
  JsonArray  *chapters;
  JsonArray  *assets;        /* NULL when there are none */
  JsonArray  *labels;        /* NULL when there are none */
  JsonArray  *codex;         /* NULL when not listed: codex/ read whole */
  GArray     *part_ids;      /* the new parts, in "parts" order */
} ProjectFolder;

static void
project_folder_clear (ProjectFolder *folder)
{
  g_clear_pointer (&folder->json_display, g_free);
  g_clear_object (&folder->parser);
  g_clear_pointer (&folder->part_ids, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ProjectFolder, project_folder_clear)

static const char *
json_get_string (JsonObject *obj,
                 const char *key)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
json_get_int (JsonObject *obj,
              const char *key,
              gint64     *out)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
project_json_error (GError     **error,
                    const char  *display,
                    const char  *what)
{
  g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
               _("“%s” is not a DraftForge project file: %s; export the project again or fix the file"),
               display, what);
  return FALSE;
}

/* Reads a chapter or asset path of project.json: relative, inside. */
static char *
project_file_path (const char *dir,
                   const char *rel)
{
  g_autofree char *clean = _df_import_resolve_relative ("", rel);

  if (clean == NULL || strcmp (clean, rel) != 0)
    return NULL;
  return g_build_filename (dir, clean, NULL);
}

static gboolean
set_project_field (DfImportCtx  *ctx,
                   JsonObject   *obj,
                   const char   *key,
                   const char   *current,
                   GError      **error)
{
  const char *value = json_get_string (obj, key);

  if (value == NULL || g_strcmp0 (value, current) == 0)
    return TRUE;
  return df_project_set_field (ctx->store, ctx->project_id, key, value, error);
}

/* The optional list @key of @top: TRUE with @array NULL when it is
 * missing or null. */
static gboolean
optional_array (JsonObject     *top,
                const char     *key,
                const char     *json_display,
                const char     *not_a_list,
                JsonArray     **array,
                GError        **error)
{
  JsonNode *node = json_object_get_member (top, key);

  *array = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return project_json_error (error, json_display, not_a_list);
  *array = json_node_get_array (node);
  return TRUE;
}

/* Reads and parses project.json: a DraftForge project of a format
 * version this build knows, with a project title and a chapter list. */
static gboolean
load_project_json (ProjectFolder  *folder,
                   GError        **error)
{
  g_autofree char *json_path = g_build_filename (folder->path, "project.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *json_display = folder->json_display;
  JsonNode *root;
  JsonObject *top;
  JsonNode *node;
  gint64 format_version = 0;
  gsize len;

  text = _df_import_read_text (json_path, json_display, TRUE, FALSE, &len, error);
  if (text == NULL)
    return FALSE;
  folder->parser = json_parser_new ();
  if (!json_parser_load_from_data (folder->parser, text, len, &local_error))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                   _("“%s” does not parse as JSON (%s); fix the file or export the project again"),
                   json_display, local_error->message);
      return FALSE;
    }

  root = json_parser_get_root (folder->parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return project_json_error (error, json_display, _("the top level is not an object"));
  top = json_node_get_object (root);

  if (g_strcmp0 (json_get_string (top, "format"), "draftforge-project") != 0)
    return project_json_error (error, json_display, _("“format” is not “draftforge-project”"));
  if (!json_get_int (top, "format_version", &format_version))
    return project_json_error (error, json_display, _("“format_version” is missing"));
  if (format_version > 1)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                   _("“%s” was written by a newer DraftForge (format version %" PRId64 "); "
                     "update DraftForge to import it"),
                   json_display, format_version);
      return FALSE;
    }
  node = json_object_get_member (top, "project");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return project_json_error (error, json_display, _("the “project” object is missing"));
  folder->project = json_node_get_object (node);
  if (json_get_string (folder->project, "title") == NULL)
    return project_json_error (error, json_display, _("“project.title” is missing"));

  node = json_object_get_member (top, "chapters");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return project_json_error (error, json_display, _("the “chapters” list is missing"));
  folder->chapters = json_node_get_array (node);

  return optional_array (top, "parts", json_display, _("“parts” is not a list"), &folder->parts, error) &&
         optional_array (top, "assets", json_display, _("“assets” is not a list"), &folder->assets, error) &&
         optional_array (top, "labels", json_display, _("“labels” is not a list"), &folder->labels, error) &&
         optional_array (top, "codex", json_display, _("“codex” is not a list"), &folder->codex, error);
}

/* The slug project.json gives, unless another project has it (NULL). */
static gboolean
free_slug (DfImportCtx  *ctx,
           JsonObject   *pobj,
           char        **slug,
           GError      **error)
{
  const char *wanted = json_get_string (pobj, "slug");
  g_autoptr(DfProject) existing = NULL;
  g_autoptr(GError) lookup_error = NULL;

  *slug = NULL;
  if (wanted == NULL)
    return TRUE;

  existing = df_project_get (ctx->store, wanted, TRUE, &lookup_error);
  if (existing == NULL && g_error_matches (lookup_error, DF_ERROR, DF_ERROR_NOT_FOUND))
    *slug = g_strdup (wanted);
  else if (existing == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&lookup_error));
      return FALSE;
    }

  return TRUE;
}

/* settings and version come only from a project folder. */
static gboolean
set_settings_and_version (DfImportCtx    *ctx,
                          ProjectFolder  *folder,
                          DfProject      *project,
                          GError        **error)
{
  JsonNode *settings = json_object_get_member (folder->project, "settings");
  const char *version = json_get_string (folder->project, "version");
  g_autofree char *settings_text = NULL;

  if (settings != NULL && !JSON_NODE_HOLDS_NULL (settings))
    {
      if (!JSON_NODE_HOLDS_OBJECT (settings))
        return project_json_error (error, folder->json_display, _("“project.settings” is not an object"));
      settings_text = json_to_string (settings, FALSE);
    }
  /* Set when the project is revealed: until then its settings say that
   * it is being imported. */
  g_free (ctx->settings);
  ctx->settings = g_steal_pointer (&settings_text);
  if (version != NULL && g_strcmp0 (version, project->version) != 0)
    {
      if (*version == '\0' || strlen (version) > 100)
        return project_json_error (error, folder->json_display, _("“project.version” is empty or too long"));
      if (!df_project_set_field (ctx->store, ctx->project_id, "version", version, error))
        return FALSE;
    }

  return TRUE;
}

/* Creates the project project.json describes; @title overrides its
 * title. */
static gboolean
create_project (DfImportCtx    *ctx,
                ProjectFolder  *folder,
                const char     *title,
                GError        **error)
{
  JsonObject *pobj = folder->project;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *slug = NULL;
  DfProjectNew spec = { 0 };
  gint64 target = 0;

  if (!free_slug (ctx, pobj, &slug, error))
    return FALSE;

  spec.title = title ? title : json_get_string (pobj, "title");
  spec.slug = slug;
  spec.description = json_get_string (pobj, "description");
  spec.project_type = json_get_string (pobj, "project_type");
  spec.genre = json_get_string (pobj, "genre");
  spec.language = json_get_string (pobj, "language");
  if (json_get_int (pobj, "target_word_count", &target))
    spec.target_word_count = target;
  project = _df_import_create_project (ctx, &spec, &local_error);
  if (project == NULL && slug != NULL && g_error_matches (local_error, DF_ERROR, DF_ERROR_EXISTS))
    {
      /* Taken by a project being imported: make one from the title. */
      g_clear_error (&local_error);
      spec.slug = NULL;
      project = _df_import_create_project (ctx, &spec, &local_error);
    }
  if (project == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", folder->json_display);
      return FALSE;
    }

  return set_project_field (ctx, pobj, "status", project->status, error) &&
         set_settings_and_version (ctx, folder, project, error);
}

static gboolean
import_part (DfImportCtx    *ctx,
             ProjectFolder  *folder,
             guint           i,
             GError        **error)
{
  static const char * const text_keys[] = { "description", "layer", "tier", NULL };
  static const char * const int_keys[] = { "week_start", "week_end", NULL };
  JsonNode *pn = json_array_get_element (folder->parts, i);
  JsonObject *po;
  const char *part_title;
  gint64 part_id;
  gint64 n;

  if (!JSON_NODE_HOLDS_OBJECT (pn))
    return project_json_error (error, folder->json_display, _("an entry of “parts” is not an object"));
  po = json_node_get_object (pn);
  part_title = json_get_string (po, "title");
  if (part_title == NULL)
    {
      g_autofree char *what = g_strdup_printf (_("part %u has no “title”"), i + 1);
      return project_json_error (error, folder->json_display, what);
    }
  part_id = _df_import_add_part (ctx, part_title, error);
  if (part_id == 0)
    return FALSE;
  g_array_append_val (folder->part_ids, part_id);

  for (guint k = 0; text_keys[k] != NULL; k++)
    {
      const char *v = json_get_string (po, text_keys[k]);
      if (v != NULL && !df_part_set_field (ctx->store, part_id, text_keys[k], v, error))
        return FALSE;
    }
  for (guint k = 0; int_keys[k] != NULL; k++)
    if (json_get_int (po, int_keys[k], &n))
      {
        g_autofree char *v = g_strdup_printf ("%" PRId64, n);
        if (!df_part_set_field (ctx->store, part_id, int_keys[k], v, error))
          return FALSE;
      }

  return TRUE;
}

/* Reads the chapter file @file names, which must be a plain relative
 * path inside the folder and exist. */
static char *
read_chapter_file (ProjectFolder  *folder,
                   const char     *file,
                   const char     *file_display,
                   GError        **error)
{
  g_autofree char *full = project_file_path (folder->path, file);
  g_autoptr(GError) local_error = NULL;
  char *content;

  if (full == NULL)
    {
      g_autofree char *what = g_strdup_printf (_("chapter file “%s” is not a plain relative path"), file);
      project_json_error (error, folder->json_display, what);
      return NULL;
    }

  content = _df_import_read_text (full, file_display, FALSE, TRUE, NULL, &local_error);
  if (content == NULL)
    {
      if (g_error_matches (local_error, DF_ERROR, DF_ERROR_NOT_FOUND))
        g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                     _("“%s” lists the chapter file “%s”, which does not exist; restore it or export the project again"),
                     folder->json_display, file);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return content;
}

/* The id of the part a chapter names by number (0 for none). */
static gboolean
chapter_part (ProjectFolder  *folder,
              JsonObject     *co,
              const char     *file,
              gint64         *part_id,
              GError        **error)
{
  gint64 part_number = 0;

  *part_id = 0;
  if (!json_get_int (co, "part", &part_number))
    return TRUE;

  if (part_number < 1 || part_number > (gint64)folder->part_ids->len)
    {
      g_autofree char *what = g_strdup_printf (_("chapter “%s” names part %" PRId64 ", which is not listed"),
                                               file, part_number);
      return project_json_error (error, folder->json_display, what);
    }
  *part_id = g_array_index (folder->part_ids, gint64, part_number - 1);
  return TRUE;
}

/* The project's labels with their colours, from "labels". */
static gboolean
import_labels (DfImportCtx    *ctx,
               ProjectFolder  *folder,
               GError        **error)
{
  for (guint i = 0; folder->labels != NULL && i < json_array_get_length (folder->labels); i++)
    {
      JsonNode *ln = json_array_get_element (folder->labels, i);
      g_autoptr(DfLabel) label = NULL;
      const char *name;

      if (!JSON_NODE_HOLDS_OBJECT (ln) ||
          (name = json_get_string (json_node_get_object (ln), "name")) == NULL)
        return project_json_error (error, folder->json_display, _("an entry of “labels” has no “name”"));
      label = df_label_define (ctx->store, ctx->project_id, name,
                               json_get_string (json_node_get_object (ln), "color"), error);
      if (label == NULL)
        return FALSE;
    }
  return TRUE;
}

/* The status, synopsis, notes, word target and labels of the chapter's
 * entry, each when it is there (a folder written before them has none). */
static gboolean
set_chapter_plan (DfImportCtx  *ctx,
                  JsonObject   *co,
                  DfChapter    *chapter,
                  GError      **error)
{
  static const char * const text_keys[] = { "status", "synopsis", "notes" };
  JsonNode *labels = json_object_get_member (co, "labels");
  gint64 target;

  for (guint i = 0; i < G_N_ELEMENTS (text_keys); i++)
    {
      const char *v = json_get_string (co, text_keys[i]);

      if (v != NULL && !df_chapter_set_field (ctx->store, chapter->id, text_keys[i], v, error))
        return FALSE;
    }
  if (json_get_int (co, "word_target", &target) && target != 0)
    {
      g_autofree char *s = g_strdup_printf ("%" PRId64, target);
      if (!df_chapter_set_field (ctx->store, chapter->id, "word_target", s, error))
        return FALSE;
    }
  if (labels != NULL && JSON_NODE_HOLDS_ARRAY (labels))
    {
      JsonArray *array = json_node_get_array (labels);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *name = json_array_get_string_element (array, i);

          if (name != NULL && !df_chapter_add_label (ctx->store, chapter->id, name, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Sets the slug, kind, prerequisites and reading time the chapter's
 * entry gives, where they differ from the defaults. */
static gboolean
set_chapter_fields (DfImportCtx  *ctx,
                    JsonObject   *co,
                    DfChapter    *chapter,
                    GError      **error)
{
  const char *v;
  JsonNode *prereq;
  gint64 minutes;

  v = json_get_string (co, "slug");
  if (v != NULL && g_strcmp0 (v, chapter->slug) != 0 &&
      !df_chapter_set_field (ctx->store, chapter->id, "slug", v, error))
    return FALSE;
  v = json_get_string (co, "kind");
  if (v != NULL && g_strcmp0 (v, chapter->kind) != 0 &&
      !df_chapter_set_field (ctx->store, chapter->id, "kind", v, error))
    return FALSE;
  prereq = json_object_get_member (co, "prerequisites");
  if (prereq != NULL && !JSON_NODE_HOLDS_NULL (prereq))
    {
      g_autofree char *s = json_to_string (prereq, FALSE);
      if (g_strcmp0 (s, chapter->prerequisites) != 0 &&
          !df_chapter_set_field (ctx->store, chapter->id, "prerequisites", s, error))
        return FALSE;
    }
  if (json_get_int (co, "estimated_minutes", &minutes))
    {
      g_autofree char *s = g_strdup_printf ("%" PRId64, minutes);
      if (!df_chapter_set_field (ctx->store, chapter->id, "estimated_minutes", s, error))
        return FALSE;
    }

  return TRUE;
}

/* Adds chapter @i of the list, at book position @i + 1. */
static gboolean
import_chapter (DfImportCtx    *ctx,
                ProjectFolder  *folder,
                guint           i,
                GError        **error)
{
  JsonNode *cn = json_array_get_element (folder->chapters, i);
  JsonObject *co;
  const char *file;
  const char *chapter_title;
  g_autofree char *file_display = NULL;
  g_autofree char *content = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  gint64 chapter_id;
  gint64 part_id;

  if (!JSON_NODE_HOLDS_OBJECT (cn))
    return project_json_error (error, folder->json_display, _("an entry of “chapters” is not an object"));
  co = json_node_get_object (cn);
  file = json_get_string (co, "file");
  chapter_title = json_get_string (co, "title");
  if (file == NULL || chapter_title == NULL)
    {
      g_autofree char *what = g_strdup_printf (_("chapter %u has no “file” or “title”"), i + 1);
      return project_json_error (error, folder->json_display, what);
    }
  file_display = g_build_filename (folder->display, file, NULL);
  if ((content = read_chapter_file (folder, file, file_display, error)) == NULL ||
      !chapter_part (folder, co, file, &part_id, error))
    return FALSE;

  if (!_df_import_add_chapter (ctx, part_id, chapter_title, content, &chapter_id, error))
    {
      g_prefix_error (error, "%s: ", file_display);
      return FALSE;
    }
  if ((chapter = df_chapter_get (ctx->store, chapter_id, error)) == NULL)
    return FALSE;
  /* Chapters are added in book order, so each lands at its place; a
   * part whose chapters are not together needs a move. */
  if (chapter->number != (gint64)i + 1 &&
      !df_chapter_move (ctx->store, chapter->id, i + 1, error))
    return FALSE;

  return set_chapter_fields (ctx, co, chapter, error) &&
         set_chapter_plan (ctx, co, chapter, error);
}

static gboolean
import_asset (DfImportCtx    *ctx,
              ProjectFolder  *folder,
              guint           i,
              GError        **error)
{
  JsonNode *an = json_array_get_element (folder->assets, i);
  JsonObject *ao;
  const char *asset_path;
  const char *mime;
  g_autofree char *rel = NULL;
  g_autofree char *full = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) read_error = NULL;
  gsize n;

  if (!JSON_NODE_HOLDS_OBJECT (an))
    return project_json_error (error, folder->json_display, _("an entry of “assets” is not an object"));
  ao = json_node_get_object (an);
  asset_path = json_get_string (ao, "path");
  mime = json_get_string (ao, "mime_type");
  if (asset_path == NULL || mime == NULL)
    return project_json_error (error, folder->json_display, _("an asset has no “path” or “mime_type”"));
  rel = g_strconcat ("assets/", asset_path, NULL);
  full = project_file_path (folder->path, rel);
  if (full == NULL)
    {
      g_autofree char *what = g_strdup_printf (_("asset “%s” is not a plain relative path"), asset_path);
      return project_json_error (error, folder->json_display, what);
    }
  if (!g_file_get_contents (full, &data, &n, &read_error))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                   _("“%s” lists the image “%s”, which cannot be read (%s); restore it or export the project again"),
                   folder->json_display, rel, read_error->message);
      return FALSE;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&data), n);
  return df_asset_put (ctx->store, ctx->project_id, asset_path, mime, bytes, error);
}

/* Each chapter's point of view ("pov", a codex entry's name), once the
 * codex is in. */
static gboolean
import_povs (DfImportCtx    *ctx,
             ProjectFolder  *folder,
             GError        **error)
{
  for (guint i = 0; i < json_array_get_length (folder->chapters); i++)
    {
      JsonObject *co = json_array_get_object_element (folder->chapters, i);
      const char *pov = co ? json_get_string (co, "pov") : NULL;
      g_autoptr(DfChapter) chapter = NULL;

      if (pov == NULL || *pov == '\0')
        continue;
      if ((chapter = df_chapter_get_by_number (ctx->store, ctx->project_id, i + 1, error)) == NULL ||
          !df_chapter_set_field (ctx->store, chapter->id, "pov", pov, error))
        {
          g_prefix_error (error, "%s: ", folder->json_display);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
_df_import_project_dir (DfImportCtx  *ctx,
                        const char   *path,
                        const char   *display,
                        const char   *title,
                        GError      **error)
{
  g_auto(ProjectFolder) folder = { 0 };
  guint n_chapters;

  folder.path = path;
  folder.display = display;
  folder.json_display = g_build_filename (display, "project.json", NULL);
  folder.part_ids = g_array_new (FALSE, TRUE, sizeof (gint64));

  if (!load_project_json (&folder, error) ||
      !create_project (ctx, &folder, title, error))
    return FALSE;

  for (guint i = 0; folder.parts != NULL && i < json_array_get_length (folder.parts); i++)
    if (!import_part (ctx, &folder, i, error))
      return FALSE;
  if (!import_labels (ctx, &folder, error))
    return FALSE;

  n_chapters = json_array_get_length (folder.chapters);
  for (guint i = 0; i < n_chapters; i++)
    {
      if (!_df_import_check_cancelled (ctx, error) ||
          !import_chapter (ctx, &folder, i, error))
        return FALSE;
      _df_import_report (ctx, 0.9 * (i + 1) / MAX (n_chapters, 1), FALSE);
    }

  for (guint i = 0; folder.assets != NULL && i < json_array_get_length (folder.assets); i++)
    if (!import_asset (ctx, &folder, i, error))
      return FALSE;

  return _df_codex_folder_import (ctx->store, ctx->project_id, path, display, folder.codex, error) &&
         import_povs (ctx, &folder, error);
}
