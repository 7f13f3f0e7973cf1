/* df-plugin-host.c: finding, loading, installing and managing plugins
 *
 * A plugin is a folder with one keyfile manifest (*.plugin, group
 * [Plugin]) and a shared module lib<Module>.so beside it.  The host scans
 * the user's folder, the folders of DRAFTFORGE_PLUGIN_PATH and the system
 * folder, in that order of precedence; a plugin whose id was found earlier
 * is shadowed.  Every problem with one plugin (its manifest, its module,
 * its entry point, what it registers) becomes that plugin's one-line
 * error: it is listed and skipped, and the others go on.
 *
 * Disabling a plugin only takes its extensions out of the lists: modules
 * stay loaded (df-plugin-loader.c).  df-plugin-host-private.h says where
 * the rest of the host lives.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugins"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "df-error.h"
#include "df-plugin-host-private.h"
#include "df-store-private.h"

G_DEFINE_TYPE (DfPluginHost, df_plugin_host, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- private helpers ------------------------------------------------- */

/* Reads the stored state of @id: returns TRUE if there is a row. */
static gboolean
state_get (DfPluginHost *self,
           const char   *id,
           gboolean     *enabled,
           char        **version,
           char        **checksum)
{
  g_autoptr(sqlite3_stmt) stmt = df_store_prepare (self->store,
                                                   "SELECT enabled, version, checksum FROM plugins WHERE id = ?1",
                                                   NULL);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (!df_store_step (self->store, stmt, NULL))
    return FALSE;

  *enabled = sqlite3_column_int (stmt, 0) != 0;
  if (version != NULL)
    *version = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
  if (checksum != NULL)
    *checksum = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
  return TRUE;
}

/* Takes the stored enabled state, and records a new version or module. */
static void
state_sync (DfPluginHost   *self,
            DfHostedPlugin *plugin)
{
  DfPluginInfo *info = &plugin->info;
  g_autofree char *version = NULL;
  g_autofree char *checksum = NULL;
  gboolean enabled = TRUE;

  g_autofree char *what = NULL;

  if (info->error == NULL && _df_plugin_guard_is_disabled (info->id, &what))
    {
      plugin->crashed = TRUE;
      info->enabled = FALSE;
      info->error = g_strdup_printf (_("It crashed DraftForge (in %s) and was disabled; "
                                       "enable it again to try it once more"), what ? what : "?");
      return;
    }
  if (state_get (self, info->id, &enabled, &version, &checksum))
    {
      info->enabled = enabled;
      if (g_strcmp0 (version, info->version) == 0 && g_strcmp0 (checksum, info->checksum) == 0)
        return;
    }
  else
    info->enabled = TRUE;

  if (info->error == NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!_df_plugin_host_state_put (self, info, info->enabled, FALSE, &error))
        g_debug ("Could not record the plugin %s: %s", info->id, error->message);
    }
}

static DfHostedPlugin *
scan_one (const char     *dir,
          DfPluginOrigin  origin)
{
  DfHostedPlugin *plugin = g_new0 (DfHostedPlugin, 1);
  g_autoptr(GError) error = NULL;

  plugin->info.origin = origin;
  plugin->info.enabled = TRUE;
  if (!_df_plugin_read_manifest (plugin, dir, &error))
    {
      plugin->info.error = g_strdup (error->message);
      if (plugin->info.id == NULL || *plugin->info.id == '\0')
        {
          g_free (plugin->info.id);
          plugin->info.id = g_path_get_basename (dir);
        }
      g_clear_pointer (&plugin->info.module_path, g_free);
    }
  if (plugin->info.name == NULL)
    plugin->info.name = g_strdup (plugin->info.id);
  if (plugin->info.provides == NULL)
    plugin->info.provides = g_new0 (char *, 1);
  return plugin;
}

static int
compare_plugins (gconstpointer a,
                 gconstpointer b)
{
  const DfHostedPlugin *pa = *(DfHostedPlugin * const *)a;
  const DfHostedPlugin *pb = *(DfHostedPlugin * const *)b;

  return strcmp (pa->info.id, pb->info.id);
}

static void
add_search_dir (GPtrArray      *dirs,
                GArray         *origins,
                const char     *dir,
                DfPluginOrigin  origin)
{
  g_ptr_array_add (dirs, g_strdup (dir));
  g_array_append_val (origins, origin);
}

/* The folders to search, by precedence, and the origin of each. */
static void
search_dirs (DfPluginHost *self,
             GPtrArray    *dirs,
             GArray       *origins)
{
  const char *path_env = g_getenv ("DRAFTFORGE_PLUGIN_PATH");

  if (!df_plugin_safe_mode ())
    add_search_dir (dirs, origins, self->user_dir, DF_PLUGIN_ORIGIN_USER);
  if (path_env != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (path_env, ":", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        if (*parts[i] != '\0')
          add_search_dir (dirs, origins, parts[i], DF_PLUGIN_ORIGIN_PATH);
    }
  add_search_dir (dirs, origins, self->system_dir, DF_PLUGIN_ORIGIN_SYSTEM);
}

/* The plugins in the search folder @path: each goes to @plugins, or to
 * @shadowed when one with its id was found earlier. */
static void
scan_dir (const char     *path,
          DfPluginOrigin  origin,
          GPtrArray      *plugins,
          GPtrArray      *shadowed)
{
  g_autoptr(GPtrArray) names = _df_plugin_sorted_names (path);

  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *dir = g_build_filename (path, name, NULL);
      DfHostedPlugin *plugin;
      DfHostedPlugin *earlier;

      /* Hidden folders are installs in progress, or not plugins. */
      if (name[0] == '.' || !g_file_test (dir, G_FILE_TEST_IS_DIR))
        continue;

      plugin = scan_one (dir, origin);
      earlier = _df_plugin_host_find (plugins, plugin->info.id);
      if (earlier != NULL)
        {
          if (earlier->info.shadowed_dir == NULL)
            earlier->info.shadowed_dir = g_strdup (plugin->info.dir);
          g_ptr_array_add (shadowed, plugin);
        }
      else
        g_ptr_array_add (plugins, plugin);
    }
}

/* What was loaded from the same folder stays loaded. */
static void
keep_loaded (DfHostedPlugin *plugin,
             DfHostedPlugin *old)
{
  if (old == NULL || !old->info.loaded || g_strcmp0 (old->info.dir, plugin->info.dir) != 0)
    return;

  plugin->info.loaded = TRUE;
  plugin->extensions = g_steal_pointer (&old->extensions);
  if (plugin->info.error == NULL && g_strcmp0 (old->info.checksum, plugin->info.checksum) != 0)
    plugin->info.error = g_strdup_printf (_("Version %s is installed but version %s is running; "
                                            "restart DraftForge to load the new one"),
                                          plugin->info.version, old->info.version);
}

static GPtrArray *
extensions_of (DfPluginHost    *self,
               DfPluginExtKind  kind)
{
  GPtrArray *list = g_ptr_array_new ();

  for (guint i = 0; i < self->plugins->len; i++)
    {
      DfHostedPlugin *plugin = self->plugins->pdata[i];

      if (!plugin->info.enabled || !plugin->info.loaded || plugin->extensions == NULL)
        continue;

      for (guint e = 0; e < plugin->extensions->len; e++)
        {
          DfPluginExtension *ext = plugin->extensions->pdata[e];

          if (ext->kind == kind)
            g_ptr_array_add (list, ext->instance);
        }
    }
  return list;
}

/* ---- vfuncs ---------------------------------------------------------- */

static void
df_plugin_host_finalize (GObject *object)
{
  DfPluginHost *self = DF_PLUGIN_HOST (object);

  g_clear_object (&self->store);
  g_free (self->user_dir);
  g_free (self->system_dir);
  g_clear_pointer (&self->plugins, g_ptr_array_unref);
  g_clear_pointer (&self->shadowed, g_ptr_array_unref);

  G_OBJECT_CLASS (df_plugin_host_parent_class)->finalize (object);
}

static void
df_plugin_host_class_init (DfPluginHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = df_plugin_host_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
df_plugin_host_init (DfPluginHost *self)
{
  self->plugins = g_ptr_array_new_with_free_func ((GDestroyNotify)_df_hosted_plugin_free);
  self->shadowed = g_ptr_array_new_with_free_func ((GDestroyNotify)_df_hosted_plugin_free);
}

/* ---- shared inside plugins/ ------------------------------------------ */

void
_df_hosted_plugin_free (DfHostedPlugin *plugin)
{
  DfPluginInfo *info = &plugin->info;

  g_free (info->id);
  g_free (info->name);
  g_free (info->description);
  g_free (info->version);
  g_free (info->authors);
  g_free (info->website);
  g_strfreev (info->provides);
  g_strfreev (info->permissions);
  g_free (info->dir);
  g_free (info->module_path);
  g_free (info->checksum);
  g_free (info->error);
  g_free (info->shadowed_dir);
  g_free (info->last_failure);
  g_free (info->last_failure_at);
  g_clear_pointer (&plugin->extensions, g_ptr_array_unref);
  g_free (plugin);
}

DfHostedPlugin *
_df_plugin_host_find (GPtrArray  *plugins,
                      const char *id)
{
  for (guint i = 0; i < plugins->len; i++)
    {
      DfHostedPlugin *plugin = plugins->pdata[i];

      if (strcmp (plugin->info.id, id) == 0)
        return plugin;
    }
  return NULL;
}

DfHostedPlugin *
_df_plugin_host_find_or_error (DfPluginHost  *self,
                               const char    *id,
                               GError       **error)
{
  DfHostedPlugin *plugin;

  _df_plugin_host_ensure_scanned (self);
  plugin = _df_plugin_host_find (self->plugins, id);
  if (plugin == NULL)
    g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                 _("There is no plugin with the id “%s”; list them to see their ids"), id);
  return plugin;
}

void
_df_plugin_host_scan (DfPluginHost *self)
{
  g_autoptr(GPtrArray) plugins = g_ptr_array_new_with_free_func ((GDestroyNotify)_df_hosted_plugin_free);
  g_autoptr(GPtrArray) shadowed = g_ptr_array_new_with_free_func ((GDestroyNotify)_df_hosted_plugin_free);
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) origins = g_array_new (FALSE, FALSE, sizeof (DfPluginOrigin));

  _df_plugin_guard_collect ();
  search_dirs (self, dirs, origins);
  for (guint d = 0; d < dirs->len; d++)
    scan_dir (dirs->pdata[d], g_array_index (origins, DfPluginOrigin, d), plugins, shadowed);

  g_ptr_array_sort (plugins, compare_plugins);
  for (guint i = 0; i < plugins->len; i++)
    {
      DfHostedPlugin *plugin = plugins->pdata[i];

      state_sync (self, plugin);
      keep_loaded (plugin, _df_plugin_host_find (self->plugins, plugin->info.id));
    }

  g_ptr_array_unref (self->plugins);
  self->plugins = g_steal_pointer (&plugins);
  self->scanned = TRUE;
  g_ptr_array_unref (self->shadowed);
  self->shadowed = g_steal_pointer (&shadowed);
}

void
_df_plugin_host_ensure_scanned (DfPluginHost *self)
{
  if (!self->scanned)
    _df_plugin_host_scan (self);
}

void
_df_plugin_host_rescan (DfPluginHost *self,
                        const char   *id)
{
  _df_plugin_host_scan (self);
  if (self->loaded)
    {
      DfHostedPlugin *plugin = _df_plugin_host_find (self->plugins, id);

      if (plugin != NULL && plugin->info.enabled)
        _df_plugin_load (plugin);
    }
}

gboolean
_df_plugin_host_state_put (DfPluginHost        *self,
                           const DfPluginInfo  *info,
                           gboolean             enabled,
                           gboolean             installed,
                           GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = df_store_prepare (self->store,
                           "INSERT INTO plugins (id, version, enabled, checksum, installed_at, updated_at)"
                           " VALUES (?1, ?2, ?3, ?4,"
                           "  CASE WHEN ?5 THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now') END,"
                           "  strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
                           " ON CONFLICT (id) DO UPDATE SET version = ?2, enabled = ?3, checksum = ?4,"
                           "  installed_at = CASE WHEN ?5 THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
                           "                 ELSE installed_at END,"
                           "  updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, info->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, info->version, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, enabled ? 1 : 0);
  sqlite3_bind_text (stmt, 4, info->checksum, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, installed ? 1 : 0);
  return df_store_step_done (self->store, stmt, error);
}

void
_df_plugin_host_state_delete (DfPluginHost *self,
                              const char   *id)
{
  g_autoptr(sqlite3_stmt) stmt = df_store_prepare (self->store, "DELETE FROM plugins WHERE id = ?1", NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  df_store_step_done (self->store, stmt, NULL);
}

void
_df_plugin_host_changed (DfPluginHost *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* ---- public API ------------------------------------------------------ */

DfPluginHost *
df_plugin_host_new (DfStore    *store,
                    const char *system_dir)
{
  DfPluginHost *self;

  g_return_val_if_fail (DF_IS_STORE (store), NULL);

  self = g_object_new (DF_TYPE_PLUGIN_HOST, NULL);
  self->store = g_object_ref (store);
  self->user_dir = g_build_filename (g_get_user_data_dir (), "draftforge", "plugins", NULL);
  self->system_dir = system_dir != NULL ? g_strdup (system_dir) : _df_plugin_beside_program (BIN_TO_PLUGINDIR);
  if (self->system_dir == NULL)
    self->system_dir = g_strdup (PLUGINDIR);
  return self;
}

const char *
df_plugin_host_get_user_dir (DfPluginHost *self)
{
  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), NULL);
  return self->user_dir;
}

void
df_plugin_host_load (DfPluginHost *self)
{
  g_return_if_fail (DF_IS_PLUGIN_HOST (self));

  _df_plugin_host_scan (self);
  self->loaded = TRUE;

  for (guint i = 0; i < self->plugins->len; i++)
    {
      DfHostedPlugin *plugin = self->plugins->pdata[i];

      if (plugin->info.enabled)
        _df_plugin_load (plugin);
    }
}

gboolean
df_plugin_host_load_one (DfPluginHost  *self,
                         const char    *id,
                         GError       **error)
{
  DfHostedPlugin *plugin;

  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), FALSE);

  _df_plugin_host_scan (self);
  plugin = _df_plugin_host_find_or_error (self, id, error);
  if (plugin == NULL)
    return FALSE;
  if (!plugin->info.enabled)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID, _("The plugin “%s” is disabled"), id);
      return FALSE;
    }
  _df_plugin_load (plugin);
  if (plugin->info.error != NULL)
    {
      g_set_error_literal (error, DF_ERROR, DF_ERROR_FAILED, plugin->info.error);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
df_plugin_host_list (DfPluginHost *self)
{
  GPtrArray *list;

  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), NULL);

  _df_plugin_host_ensure_scanned (self);
  list = g_ptr_array_new ();
  for (guint i = 0; i < self->plugins->len; i++)
    g_ptr_array_add (list, &((DfHostedPlugin *)self->plugins->pdata[i])->info);
  return list;
}

const DfPluginInfo *
df_plugin_host_lookup (DfPluginHost *self,
                       const char   *id)
{
  DfHostedPlugin *plugin;

  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  _df_plugin_host_ensure_scanned (self);
  plugin = _df_plugin_host_find (self->plugins, id);
  return plugin != NULL ? &plugin->info : NULL;
}

const char *
df_plugin_host_get_extension_plugin_id (DfPluginHost *self,
                                        GObject      *extension)
{
  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), NULL);

  for (guint i = 0; i < self->plugins->len; i++)
    {
      DfHostedPlugin *plugin = self->plugins->pdata[i];

      for (guint e = 0; plugin->extensions && e < plugin->extensions->len; e++)
        if (((DfPluginExtension *)plugin->extensions->pdata[e])->instance == extension)
          return plugin->info.id;
    }
  return NULL;
}

GPtrArray *
df_plugin_host_get_exporters (DfPluginHost *self)
{
  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), NULL);
  return extensions_of (self, DF_PLUGIN_EXT_EXPORTER);
}

DfExporter *
df_plugin_host_find_exporter (DfPluginHost *self,
                              const char   *format)
{
  g_autoptr(GPtrArray) exporters = NULL;

  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), NULL);
  g_return_val_if_fail (format != NULL, NULL);

  exporters = extensions_of (self, DF_PLUGIN_EXT_EXPORTER);
  for (guint i = 0; i < exporters->len; i++)
    if (g_strcmp0 (df_exporter_get_format (exporters->pdata[i]), format) == 0)
      return exporters->pdata[i];
  return NULL;
}

GPtrArray *
df_plugin_host_get_agents (DfPluginHost *self)
{
  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), NULL);
  return extensions_of (self, DF_PLUGIN_EXT_AGENT);
}

DfAgent *
df_plugin_host_find_agent (DfPluginHost *self,
                           const char   *agent_type)
{
  g_autoptr(GPtrArray) agents = NULL;

  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), NULL);
  g_return_val_if_fail (agent_type != NULL, NULL);

  agents = extensions_of (self, DF_PLUGIN_EXT_AGENT);
  for (guint i = 0; i < agents->len; i++)
    if (g_strcmp0 (df_agent_get_agent_type (agents->pdata[i]), agent_type) == 0)
      return agents->pdata[i];
  return NULL;
}

GPtrArray *
df_plugin_host_get_reader_transforms (DfPluginHost *self)
{
  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), NULL);
  return extensions_of (self, DF_PLUGIN_EXT_READER_TRANSFORM);
}

GPtrArray *
df_plugin_host_get_sync_backends (DfPluginHost *self)
{
  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), NULL);
  return extensions_of (self, DF_PLUGIN_EXT_SYNC_BACKEND);
}

GPtrArray *
df_plugin_host_get_ui_extensions (DfPluginHost *self)
{
  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), NULL);
  return extensions_of (self, DF_PLUGIN_EXT_UI);
}

gboolean
df_plugin_host_set_enabled (DfPluginHost  *self,
                            const char    *id,
                            gboolean       enabled,
                            GError       **error)
{
  DfHostedPlugin *plugin;

  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  plugin = _df_plugin_host_find_or_error (self, id, error);
  if (plugin == NULL)
    return FALSE;

  enabled = !!enabled;
  if (!_df_plugin_host_state_put (self, &plugin->info, enabled, FALSE, error))
    return FALSE;
  if (enabled && plugin->crashed)
    {
      _df_plugin_guard_forgive (id);
      plugin->crashed = FALSE;
      g_clear_pointer (&plugin->info.error, g_free);
      plugin->info.enabled = FALSE;
    }

  if (plugin->info.enabled == enabled)
    return TRUE;

  plugin->info.enabled = enabled;
  if (enabled && self->loaded)
    _df_plugin_load (plugin);

  _df_plugin_host_changed (self);
  return TRUE;
}

gboolean
df_plugin_safe_mode (void)
{
  const char *value = g_getenv (DF_SAFE_MODE_ENV);

  return value != NULL && *value != '\0' && strcmp (value, "0") != 0;
}

char *
df_plugin_action_prefix (const char *id)
{
  g_autofree char *dashed = g_strdup (id ? id : "");

  g_strdelimit (dashed, ".", '-');
  return g_strconcat ("plugin-", dashed, NULL);
}
