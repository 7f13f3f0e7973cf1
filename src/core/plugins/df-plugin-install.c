/* df-plugin-install.c: installing and removing the user's plugins
 *
 * An install unpacks into a hidden temporary folder inside the user's
 * plugin folder (df-plugin-archive.c), reads the manifest, checks that the
 * module loads and has the entry point, and only then renames the plugin
 * into place as plugins/ID, moving an earlier install of the same id
 * aside first.  Whatever fails leaves nothing behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugins"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "df-error.h"
#include "df-plugin-host-private.h"

/* ---- private helpers ------------------------------------------------- */

/* Removes @path and everything under it, never following links. */
static void
remove_tree (const char *path)
{
  struct stat st;

  if (g_lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* A new, hidden temporary folder in the user's plugin folder. */
static char *
make_install_dir (DfPluginHost  *self,
                  GError       **error)
{
  g_autofree char *tmp = NULL;

  if (g_mkdir_with_parents (self->user_dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot create the plugin folder “%s”: %s"),
                   self->user_dir, g_strerror (saved));
      return NULL;
    }

  tmp = g_build_filename (self->user_dir, ".install-XXXXXX", NULL);
  if (g_mkdtemp (tmp) == NULL)
    {
      int saved = errno;

      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot create a temporary folder in “%s”: %s"),
                   self->user_dir, g_strerror (saved));
      return NULL;
    }
  return g_steal_pointer (&tmp);
}

/* The plugin's folder inside the extracted tree: the tree itself when it
 * has a manifest at its root, else its single top-level folder. */
static char *
find_plugin_root (const char *tree)
{
  g_autoptr(GPtrArray) names = _df_plugin_sorted_names (tree);

  if (names == NULL)
    return g_strdup (tree);

  for (guint i = 0; i < names->len; i++)
    if (g_str_has_suffix (names->pdata[i], ".plugin"))
      return g_strdup (tree);

  if (names->len == 1)
    {
      g_autofree char *only = g_build_filename (tree, names->pdata[0], NULL);
      struct stat st;

      if (g_lstat (only, &st) == 0 && S_ISDIR (st.st_mode))
        return g_steal_pointer (&only);
    }

  return g_strdup (tree);
}

/* Reads and checks the unpacked plugin at @root (@source, for messages),
 * then tries it in the helper process: its module must load, its entry
 * point run and each type it registers work, without taking the helper
 * down. */
static DfHostedPlugin *
check_unpacked (DfPluginHost  *self,
                const char    *root,
                const char    *source,
                GError       **error)
{
  g_autoptr(DfHostedPlugin) plugin = g_new0 (DfHostedPlugin, 1);
  g_autoptr(GError) local_error = NULL;

  plugin->info.origin = DF_PLUGIN_ORIGIN_USER;
  if (!_df_plugin_read_manifest (plugin, root, &local_error))
    {
      g_prefix_error (&local_error, _("Refused “%s”: "), source);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* Tried in the helper process, never here: a module that crashes as it
   * loads or starts takes only the helper down. */
  if (!_df_plugin_try (&plugin->info, source, error))
    return NULL;
  return g_steal_pointer (&plugin);
}

/* Renames @root into place as @dest: an earlier install of the same id is
 * moved aside first, and removed once the new one is there.  On failure
 * the earlier install is put back. */
static gboolean
move_into_place (const char  *user_dir,
                 const char  *root,
                 const char  *dest,
                 GError     **error)
{
  g_autofree char *old = NULL;
  struct stat st;

  if (g_lstat (dest, &st) == 0)
    {
      old = g_build_filename (user_dir, ".old-XXXXXX", NULL);
      if (g_mkdtemp (old) == NULL || g_rmdir (old) != 0 || g_rename (dest, old) != 0)
        {
          int saved = errno;

          g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot replace “%s”: %s"), dest, g_strerror (saved));
          return FALSE;
        }
    }

  /* g_mkdtemp made it private; a plugin folder is like any other. */
  g_chmod (root, 0755);
  if (g_rename (root, dest) != 0)
    {
      int saved = errno;

      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot move the plugin into “%s”: %s"), dest, g_strerror (saved));
      if (old != NULL)
        g_rename (old, dest);
      return FALSE;
    }

  if (old != NULL)
    remove_tree (old);
  return TRUE;
}

/* ---- public API ------------------------------------------------------ */

char *
df_plugin_host_install (DfPluginHost  *self,
                        const char    *path,
                        GError       **error)
{
  g_autofree char *tmp = NULL;
  g_autofree char *root = NULL;
  g_autofree char *dest = NULL;
  g_autoptr(DfHostedPlugin) plugin = NULL;
  g_autoptr(GError) local_error = NULL;
  struct stat st;

  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND, _("Cannot read “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }

  _df_plugin_host_ensure_scanned (self);

  tmp = make_install_dir (self, error);
  if (tmp == NULL)
    return NULL;

  if (_df_plugin_unpack (path, st.st_mode, tmp, error))
    {
      root = find_plugin_root (tmp);
      plugin = check_unpacked (self, root, path, error);
    }
  if (plugin != NULL)
    {
      dest = g_build_filename (self->user_dir, plugin->info.id, NULL);
      if (!move_into_place (self->user_dir, root, dest, error))
        g_clear_pointer (&plugin, _df_hosted_plugin_free);
    }
  if (plugin == NULL)
    {
      remove_tree (tmp);
      return NULL;
    }
  if (strcmp (root, tmp) != 0)
    remove_tree (tmp);

  /* The manifest and module as they are now, for the table. */
  g_clear_pointer (&plugin->info.module_path, g_free);
  g_free (plugin->info.dir);
  plugin->info.dir = g_strdup (dest);

  if (!_df_plugin_host_state_put (self, &plugin->info, TRUE, TRUE, &local_error))
    g_warning ("Could not record the plugin %s: %s", plugin->info.id, local_error->message);

  _df_plugin_host_rescan (self, plugin->info.id);
  _df_plugin_host_changed (self);
  return g_strdup (plugin->info.id);
}

DfPluginInfo *
df_plugin_host_inspect (DfPluginHost  *self,
                        const char    *path,
                        GError       **error)
{
  g_autofree char *tmp = NULL;
  g_autofree char *root = NULL;
  g_autoptr(DfHostedPlugin) plugin = g_new0 (DfHostedPlugin, 1);
  g_autoptr(GError) local_error = NULL;
  DfPluginInfo *info = NULL;
  struct stat st;

  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), NULL);

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND, _("Cannot read “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }
  if ((tmp = make_install_dir (self, error)) == NULL)
    return NULL;
  if (_df_plugin_unpack (path, st.st_mode, tmp, error))
    {
      root = find_plugin_root (tmp);
      if (_df_plugin_read_manifest (plugin, root, &local_error))
        {
          /* The struct is the first member: the rest goes with the plugin. */
          info = g_new0 (DfPluginInfo, 1);
          *info = plugin->info;
          memset (&plugin->info, 0, sizeof plugin->info);
          g_clear_pointer (&info->dir, g_free);
          g_clear_pointer (&info->module_path, g_free);
        }
      else
        g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("Refused “%s”: %s"), path, local_error->message);
    }
  remove_tree (tmp);
  return info;
}

void
df_plugin_info_free (DfPluginInfo *info)
{
  DfHostedPlugin *plugin;

  if (info == NULL)
    return;
  plugin = g_new0 (DfHostedPlugin, 1);
  plugin->info = *info;
  g_free (info);
  _df_hosted_plugin_free (plugin);
}

gboolean
df_plugin_host_remove (DfPluginHost  *self,
                       const char    *id,
                       GError       **error)
{
  DfHostedPlugin *plugin;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  plugin = _df_plugin_host_find_or_error (self, id, error);
  if (plugin == NULL)
    return FALSE;

  if (plugin->info.origin == DF_PLUGIN_ORIGIN_SYSTEM)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("DraftForge's own plugins cannot be removed; disable it instead"));
      return FALSE;
    }
  if (plugin->info.origin == DF_PLUGIN_ORIGIN_PATH)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("“%s” comes from DRAFTFORGE_PLUGIN_PATH (%s); only plugins you installed can be removed; "
                     "disable it instead"),
                   id, plugin->info.dir);
      return FALSE;
    }

  dir = g_strdup (plugin->info.dir);
  remove_tree (dir);
  if (g_file_test (dir, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO,
                   _("Could not remove all of “%s”; check its permissions and remove it by hand"), dir);
      _df_plugin_host_scan (self);
      return FALSE;
    }

  _df_plugin_host_state_delete (self, id);
  _df_plugin_guard_forgive (id);
  /* A plugin it shadowed shows again. */
  _df_plugin_host_rescan (self, id);
  _df_plugin_host_changed (self);
  return TRUE;
}
