/* df-plugin-manifest.c: reading a plugin folder
 *
 * One keyfile manifest (NAME.plugin, group [Plugin]) with Id, Name,
 * Version, API and Module required; the module lib<Module>.so beside it.
 * Every problem becomes one line for the plugin's error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugins"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "df-error.h"
#include "df-plugin-host-private.h"

/* ---- private helpers ------------------------------------------------- */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *)a, *(char * const *)b);
}

static char *
file_sha256 (const char *path)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);

  if (mapped == NULL)
    return NULL;

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                      (const guchar *)g_mapped_file_get_contents (mapped),
                                      g_mapped_file_get_length (mapped));
}

/* The path of the one manifest in @dir. */
static char *
find_manifest (const char  *dir,
               GError     **error)
{
  g_autoptr(GPtrArray) names = _df_plugin_sorted_names (dir);
  g_autofree char *manifest = NULL;
  guint n_manifests = 0;

  if (names == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot read the plugin folder “%s”"), dir);
      return NULL;
    }

  for (guint i = 0; i < names->len; i++)
    if (g_str_has_suffix (names->pdata[i], ".plugin"))
      {
        n_manifests++;
        if (manifest == NULL)
          manifest = g_build_filename (dir, names->pdata[i], NULL);
      }

  if (n_manifests == 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("There is no manifest (a NAME.plugin file) in “%s”"), dir);
      return NULL;
    }
  if (n_manifests > 1)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("There is more than one manifest (NAME.plugin file) in “%s”; a plugin has exactly one"),
                   dir);
      return NULL;
    }
  return g_steal_pointer (&manifest);
}

/* Parses @manifest, which must have a [Plugin] group. */
static gboolean
load_keyfile (GKeyFile    *keyfile,
              const char  *manifest,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_file (keyfile, manifest, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The manifest “%s” does not parse: %s"), manifest, local_error->message);
      return FALSE;
    }
  if (!g_key_file_has_group (keyfile, "Plugin"))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The manifest “%s” has no [Plugin] group"), manifest);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_required_keys (GKeyFile    *keyfile,
                     const char  *manifest,
                     GError     **error)
{
  static const char * const required[] = { "Id", "Name", "Version", "API", "Module" };

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      g_autofree char *value = g_key_file_get_string (keyfile, "Plugin", required[i], NULL);

      if (value == NULL || *g_strstrip (value) == '\0')
        {
          g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                       _("The manifest “%s” lacks the required key %s"), manifest, required[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/* The optional keys, which cannot be wrong. */
static void
read_descriptive_keys (DfPluginInfo *info,
                       GKeyFile     *keyfile)
{
  info->name = g_key_file_get_locale_string (keyfile, "Plugin", "Name", NULL, NULL);
  info->description = g_key_file_get_locale_string (keyfile, "Plugin", "Description", NULL, NULL);
  info->version = g_strstrip (g_key_file_get_string (keyfile, "Plugin", "Version", NULL));
  info->authors = g_key_file_get_string (keyfile, "Plugin", "Authors", NULL);
  info->website = g_key_file_get_string (keyfile, "Plugin", "Website", NULL);
  info->provides = g_key_file_get_string_list (keyfile, "Plugin", "Provides", NULL, NULL);
  if (info->provides == NULL)
    info->provides = g_new0 (char *, 1);
  info->permissions = g_key_file_get_string_list (keyfile, "Plugin", "Permissions", NULL, NULL);
}

/* Every name in Permissions must be one DraftForge knows. */
static gboolean
check_permissions (DfPluginInfo  *info,
                   const char    *manifest,
                   GError       **error)
{
  for (guint i = 0; info->permissions != NULL && info->permissions[i] != NULL; i++)
    {
      g_strstrip (info->permissions[i]);
      if (df_plugin_permission_describe (info->permissions[i]) == NULL)
        {
          g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                       _("The manifest “%s” asks for the permission “%s”, which DraftForge does not know "
                         "(network, ai, files-outside-project)"),
                       manifest, info->permissions[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/* API must be one this DraftForge loads. */
static gboolean
read_api_version (DfPluginInfo  *info,
                  GKeyFile      *keyfile,
                  const char    *manifest,
                  GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  info->api_version = g_key_file_get_integer (keyfile, "Plugin", "API", &local_error);
  if (local_error != NULL)
    {
      g_autofree char *api = g_key_file_get_value (keyfile, "Plugin", "API", NULL);

      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The manifest “%s” has API=%s; it must be a whole number (this DraftForge has API %d)"),
                   manifest, g_strstrip (api), DF_PLUGIN_API_VERSION);
      return FALSE;
    }
  if (info->api_version < DF_PLUGIN_API_VERSION_OLDEST || info->api_version > DF_PLUGIN_API_VERSION)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("It is built for DraftForge plugin API %d; this DraftForge loads API %d to %d: "
                     "get a version of the plugin made for it"),
                   info->api_version, DF_PLUGIN_API_VERSION_OLDEST, DF_PLUGIN_API_VERSION);
      return FALSE;
    }
  return TRUE;
}

/* Every name in Provides must be an extension point. */
static gboolean
check_provides (DfPluginInfo  *info,
                const char    *manifest,
                GError       **error)
{
  for (guint i = 0; info->provides[i] != NULL; i++)
    {
      gboolean known = FALSE;

      g_strstrip (info->provides[i]);
      for (guint k = 0; k < DF_PLUGIN_N_EXT_KINDS; k++)
        known = known || strcmp (info->provides[i], _df_plugin_ext_name (k)) == 0;
      if (!known)
        {
          g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                       _("The manifest “%s” provides “%s”, which is not an extension point "
                         "(exporter, agent, reader-transform, sync-backend, ui)"),
                       manifest, info->provides[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/* Module=NAME: libNAME.so beside the manifest, which must be there. */
static gboolean
find_module (DfPluginInfo  *info,
             GKeyFile      *keyfile,
             const char    *dir,
             const char    *manifest,
             GError       **error)
{
  g_autofree char *module = g_strstrip (g_key_file_get_string (keyfile, "Plugin", "Module", NULL));
  g_autofree char *module_file = NULL;

  if (strchr (module, '/') != NULL || strcmp (module, "..") == 0 || strcmp (module, ".") == 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The manifest “%s” has Module=%s; it must be a name such as “my-plugin” "
                     "for libmy-plugin.so beside the manifest"),
                   manifest, module);
      return FALSE;
    }

  module_file = g_strdup_printf ("lib%s.so", module);
  info->module_path = g_build_filename (dir, module_file, NULL);
  if (!g_file_test (info->module_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                   _("Its module “%s” is missing; the plugin folder should hold it beside the manifest"),
                   info->module_path);
      return FALSE;
    }
  return TRUE;
}

/* ---- shared inside plugins/ ------------------------------------------ */

GPtrArray *
_df_plugin_sorted_names (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  GPtrArray *names;
  const char *name;

  if (dir == NULL)
    return NULL;

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

gboolean
_df_plugin_read_manifest (DfHostedPlugin  *plugin,
                          const char      *dir,
                          GError         **error)
{
  DfPluginInfo *info = &plugin->info;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *manifest = NULL;

  info->dir = g_strdup (dir);

  manifest = find_manifest (dir, error);
  if (manifest == NULL || !load_keyfile (keyfile, manifest, error))
    return FALSE;

  info->id = g_key_file_get_string (keyfile, "Plugin", "Id", NULL);
  if (info->id != NULL)
    g_strstrip (info->id);

  if (!check_required_keys (keyfile, manifest, error))
    return FALSE;
  if (!df_plugin_id_is_valid (info->id))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The plugin id “%s” is not valid: it must be reverse-DNS-like, "
                     "such as io.github.someone.Thing (letters, digits, _ and -, "
                     "parts starting with a letter)"),
                   info->id);
      return FALSE;
    }

  read_descriptive_keys (info, keyfile);
  if (!read_api_version (info, keyfile, manifest, error) ||
      !check_provides (info, manifest, error) ||
      !check_permissions (info, manifest, error) ||
      !find_module (info, keyfile, dir, manifest, error))
    return FALSE;

  info->checksum = file_sha256 (info->module_path);
  return TRUE;
}

const char *
df_plugin_permission_describe (const char *permission)
{
  if (g_strcmp0 (permission, "network") == 0)
    return _("Connect to the internet");
  if (g_strcmp0 (permission, "ai") == 0)
    return _("Use your AI provider through DraftForge, spending your credits");
  if (g_strcmp0 (permission, "files-outside-project") == 0)
    return _("Read and write files outside your books");
  return NULL;
}

gboolean
df_plugin_id_is_valid (const char *id)
{
  g_auto(GStrv) parts = NULL;

  if (id == NULL || strlen (id) < 3 || strlen (id) > 200)
    return FALSE;

  parts = g_strsplit (id, ".", -1);
  if (g_strv_length (parts) < 2)
    return FALSE;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *p = parts[i];

      if (!g_ascii_isalpha (p[0]))
        return FALSE;
      for (; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
          return FALSE;
    }

  return TRUE;
}
