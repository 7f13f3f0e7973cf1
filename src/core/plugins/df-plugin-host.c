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
 * Modules register GTypes, which cannot be unregistered: a module whose
 * entry point ran stays resident, disabling a plugin only takes its
 * extensions out of the lists, and the modules loaded in this process are
 * remembered (by id, path and checksum) so that a second host reuses them
 * rather than loading a second copy of the same types.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugins"

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <gmodule.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "df-error.h"
#include "df-plugin.h"
#include "df-plugin-host.h"
#include "df-store-private.h"

/* What an install accepts at most. */
#define MAX_ENTRIES 1000
#define MAX_BYTES   (256 * 1024 * 1024)

/* Local symbols, all bound at once (see load_plugin). */
#define MODULE_FLAGS G_MODULE_BIND_LOCAL

typedef enum
{
  EXT_EXPORTER,
  EXT_AGENT,
  EXT_READER_TRANSFORM,
  EXT_SYNC_BACKEND,
  EXT_UI,
  N_EXT_KINDS
} ExtKind;

static const char * const ext_names[N_EXT_KINDS] = {
  "exporter", "agent", "reader-transform", "sync-backend", "ui",
};

static GType
ext_interface (ExtKind kind)
{
  switch (kind)
    {
    case EXT_EXPORTER: return DF_TYPE_EXPORTER;
    case EXT_AGENT: return DF_TYPE_AGENT;
    case EXT_READER_TRANSFORM: return DF_TYPE_READER_TRANSFORM;
    case EXT_SYNC_BACKEND: return DF_TYPE_SYNC_BACKEND;
    case EXT_UI: return DF_TYPE_UI_EXTENSION;
    case N_EXT_KINDS: default: break;
    }
  g_assert_not_reached ();
}

typedef struct
{
  ExtKind kind;
  GType   type;
} Registration;

struct _DfPluginRegistry
{
  const char *id;
  const char *dir;
  GArray     *registrations;   /* Registration */
  char       *error;           /* the first bad registration */
};

/* ---- the modules loaded in this process -------------------------------- */

typedef struct
{
  char    *module_path;
  char    *checksum;
  GArray  *registrations;      /* Registration */
} LoadedModule;

G_LOCK_DEFINE_STATIC (loaded_modules);
static GHashTable *loaded_modules;   /* id -> LoadedModule, never freed */

/* ---- a plugin as the host knows it ------------------------------------- */

typedef struct
{
  DfPluginInfo  info;          /* first: handed out as const DfPluginInfo * */
  GPtrArray    *extensions;    /* Extension*, when loaded */
} Plugin;

typedef struct
{
  ExtKind  kind;
  GObject *instance;
} Extension;

static void
extension_free (Extension *ext)
{
  g_clear_object (&ext->instance);
  g_free (ext);
}

static void
plugin_free (Plugin *plugin)
{
  DfPluginInfo *info = &plugin->info;

  g_free (info->id);
  g_free (info->name);
  g_free (info->description);
  g_free (info->version);
  g_free (info->authors);
  g_free (info->website);
  g_strfreev (info->provides);
  g_free (info->dir);
  g_free (info->module_path);
  g_free (info->checksum);
  g_free (info->error);
  g_free (info->shadowed_dir);
  g_clear_pointer (&plugin->extensions, g_ptr_array_unref);
  g_free (plugin);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Plugin, plugin_free)

struct _DfPluginHost
{
  GObject     parent_instance;

  DfStore    *store;
  char       *user_dir;
  char       *system_dir;
  gboolean    scanned;         /* the folders were looked at */
  gboolean    loaded;          /* df_plugin_host_load was called */
  GPtrArray  *plugins;         /* Plugin*, sorted by id, not shadowed */
  GPtrArray  *shadowed;        /* Plugin*, hidden by one in plugins */
};

G_DEFINE_TYPE (DfPluginHost, df_plugin_host, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

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
  self->plugins = g_ptr_array_new_with_free_func ((GDestroyNotify)plugin_free);
  self->shadowed = g_ptr_array_new_with_free_func ((GDestroyNotify)plugin_free);
}

DfPluginHost *
df_plugin_host_new (DfStore    *store,
                    const char *system_dir)
{
  DfPluginHost *self;

  g_return_val_if_fail (DF_IS_STORE (store), NULL);

  self = g_object_new (DF_TYPE_PLUGIN_HOST, NULL);
  self->store = g_object_ref (store);
  self->user_dir = g_build_filename (g_get_user_data_dir (), "draftforge", "plugins", NULL);
  self->system_dir = g_strdup (system_dir != NULL ? system_dir : PLUGINDIR);
  return self;
}

const char *
df_plugin_host_get_user_dir (DfPluginHost *self)
{
  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), NULL);
  return self->user_dir;
}

/* ---- ids ----------------------------------------------------------------- */

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

/* ---- the registry -------------------------------------------------------- */

const char *
df_plugin_registry_get_plugin_id (DfPluginRegistry *registry)
{
  g_return_val_if_fail (registry != NULL, NULL);
  return registry->id;
}

const char *
df_plugin_registry_get_plugin_dir (DfPluginRegistry *registry)
{
  g_return_val_if_fail (registry != NULL, NULL);
  return registry->dir;
}

static void
registry_add (DfPluginRegistry *registry,
              ExtKind           kind,
              GType             type)
{
  Registration reg = { kind, type };
  GType iface = ext_interface (kind);

  g_return_if_fail (registry != NULL);

  if (registry->error != NULL)
    return;

  if (type == G_TYPE_INVALID || !G_TYPE_IS_OBJECT (type))
    {
      registry->error = g_strdup_printf (_("It registers as %s something that is not a GObject type; "
                                           "the plugin needs fixing by its author"),
                                         ext_names[kind]);
      return;
    }

  if (!g_type_is_a (type, iface) || G_TYPE_IS_ABSTRACT (type))
    {
      registry->error = g_strdup_printf (_("It registers %s as %s, but that type does not implement %s; "
                                           "the plugin needs fixing by its author"),
                                         g_type_name (type), ext_names[kind], g_type_name (iface));
      return;
    }

  g_array_append_val (registry->registrations, reg);
}

void
df_plugin_registry_add_exporter (DfPluginRegistry *registry,
                                 GType             type)
{
  registry_add (registry, EXT_EXPORTER, type);
}

void
df_plugin_registry_add_agent (DfPluginRegistry *registry,
                              GType             type)
{
  registry_add (registry, EXT_AGENT, type);
}

void
df_plugin_registry_add_reader_transform (DfPluginRegistry *registry,
                                         GType             type)
{
  registry_add (registry, EXT_READER_TRANSFORM, type);
}

void
df_plugin_registry_add_sync_backend (DfPluginRegistry *registry,
                                     GType             type)
{
  registry_add (registry, EXT_SYNC_BACKEND, type);
}

void
df_plugin_registry_add_ui_extension (DfPluginRegistry *registry,
                                     GType             type)
{
  registry_add (registry, EXT_UI, type);
}

/* ---- files ----------------------------------------------------------------- */

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

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *)a, *(char * const *)b);
}

/* The names in @path, sorted (NULL if it cannot be read). */
static GPtrArray *
sorted_names (const char *path)
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

/* ---- manifests -------------------------------------------------------------- */

/* Reads the manifest of the plugin folder @dir into @plugin.  On a problem
 * returns FALSE with @error: one line for the plugin's error.  Fills in
 * as much as it could read either way (the id at least, when found). */
static gboolean
read_manifest (Plugin      *plugin,
               const char  *dir,
               GError     **error)
{
  DfPluginInfo *info = &plugin->info;
  g_autoptr(GPtrArray) names = sorted_names (dir);
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *module = NULL;
  g_autofree char *module_file = NULL;
  const char *required[] = { "Id", "Name", "Version", "API", "Module" };
  guint n_manifests = 0;

  info->dir = g_strdup (dir);

  if (names == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot read the plugin folder “%s”"), dir);
      return FALSE;
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
      return FALSE;
    }
  if (n_manifests > 1)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("There is more than one manifest (NAME.plugin file) in “%s”; a plugin has exactly one"),
                   dir);
      return FALSE;
    }

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

  info->id = g_key_file_get_string (keyfile, "Plugin", "Id", NULL);
  if (info->id != NULL)
    g_strstrip (info->id);

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

  if (!df_plugin_id_is_valid (info->id))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The plugin id “%s” is not valid: it must be reverse-DNS-like, "
                     "such as io.github.someone.Thing (letters, digits, _ and -, "
                     "parts starting with a letter)"),
                   info->id);
      return FALSE;
    }

  info->name = g_key_file_get_locale_string (keyfile, "Plugin", "Name", NULL, NULL);
  info->description = g_key_file_get_locale_string (keyfile, "Plugin", "Description", NULL, NULL);
  info->version = g_strstrip (g_key_file_get_string (keyfile, "Plugin", "Version", NULL));
  info->authors = g_key_file_get_string (keyfile, "Plugin", "Authors", NULL);
  info->website = g_key_file_get_string (keyfile, "Plugin", "Website", NULL);
  info->provides = g_key_file_get_string_list (keyfile, "Plugin", "Provides", NULL, NULL);
  if (info->provides == NULL)
    info->provides = g_new0 (char *, 1);

  info->api_version = g_key_file_get_integer (keyfile, "Plugin", "API", &local_error);
  if (local_error != NULL)
    {
      g_autofree char *api = g_key_file_get_value (keyfile, "Plugin", "API", NULL);

      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The manifest “%s” has API=%s; it must be a whole number (this DraftForge has API %d)"),
                   manifest, g_strstrip (api), DF_PLUGIN_API_VERSION);
      return FALSE;
    }
  if (info->api_version != DF_PLUGIN_API_VERSION)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("It is built for DraftForge plugin API %d; this DraftForge has API %d: "
                     "get a version of the plugin made for it"),
                   info->api_version, DF_PLUGIN_API_VERSION);
      return FALSE;
    }

  for (guint i = 0; info->provides[i] != NULL; i++)
    {
      gboolean known = FALSE;

      g_strstrip (info->provides[i]);
      for (guint k = 0; k < N_EXT_KINDS; k++)
        known = known || strcmp (info->provides[i], ext_names[k]) == 0;
      if (!known)
        {
          g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                       _("The manifest “%s” provides “%s”, which is not an extension point "
                         "(exporter, agent, reader-transform, sync-backend, ui)"),
                       manifest, info->provides[i]);
          return FALSE;
        }
    }

  module = g_strstrip (g_key_file_get_string (keyfile, "Plugin", "Module", NULL));
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

  info->checksum = file_sha256 (info->module_path);
  return TRUE;
}

/* ---- the plugins table ---------------------------------------------------- */

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
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;

  *enabled = sqlite3_column_int (stmt, 0) != 0;
  if (version != NULL)
    *version = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
  if (checksum != NULL)
    *checksum = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
  return TRUE;
}

/* Writes the row of @info; @installed sets installed_at to now. */
static gboolean
state_put (DfPluginHost        *self,
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

static void
state_delete (DfPluginHost *self,
              const char   *id)
{
  g_autoptr(sqlite3_stmt) stmt = df_store_prepare (self->store, "DELETE FROM plugins WHERE id = ?1", NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  df_store_step_done (self->store, stmt, NULL);
}

/* Takes the stored enabled state, and records a new version or module. */
static void
state_sync (DfPluginHost *self,
            Plugin       *plugin)
{
  DfPluginInfo *info = &plugin->info;
  g_autofree char *version = NULL;
  g_autofree char *checksum = NULL;
  gboolean enabled = TRUE;

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

      if (!state_put (self, info, info->enabled, FALSE, &error))
        g_debug ("Could not record the plugin %s: %s", info->id, error->message);
    }
}

/* ---- scanning --------------------------------------------------------------- */

static Plugin *
scan_one (const char     *dir,
          DfPluginOrigin  origin)
{
  Plugin *plugin = g_new0 (Plugin, 1);
  g_autoptr(GError) error = NULL;

  plugin->info.origin = origin;
  plugin->info.enabled = TRUE;
  if (!read_manifest (plugin, dir, &error))
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

static Plugin *
find_in (GPtrArray  *plugins,
         const char *id)
{
  for (guint i = 0; i < plugins->len; i++)
    {
      Plugin *plugin = plugins->pdata[i];

      if (strcmp (plugin->info.id, id) == 0)
        return plugin;
    }
  return NULL;
}

static int
compare_plugins (gconstpointer a,
                 gconstpointer b)
{
  const Plugin *pa = *(Plugin * const *)a;
  const Plugin *pb = *(Plugin * const *)b;

  return strcmp (pa->info.id, pb->info.id);
}

/* Rebuilds the lists from the folders.  A plugin found again in the same
 * folder keeps what was loaded for it. */
static void
scan (DfPluginHost *self)
{
  g_autoptr(GPtrArray) plugins = g_ptr_array_new_with_free_func ((GDestroyNotify)plugin_free);
  g_autoptr(GPtrArray) shadowed = g_ptr_array_new_with_free_func ((GDestroyNotify)plugin_free);
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) origins = g_array_new (FALSE, FALSE, sizeof (DfPluginOrigin));
  const char *path_env = g_getenv ("DRAFTFORGE_PLUGIN_PATH");
  DfPluginOrigin origin;

  g_ptr_array_add (dirs, g_strdup (self->user_dir));
  origin = DF_PLUGIN_ORIGIN_USER;
  g_array_append_val (origins, origin);

  if (path_env != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (path_env, ":", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        if (*parts[i] != '\0')
          {
            g_ptr_array_add (dirs, g_strdup (parts[i]));
            origin = DF_PLUGIN_ORIGIN_PATH;
            g_array_append_val (origins, origin);
          }
    }

  g_ptr_array_add (dirs, g_strdup (self->system_dir));
  origin = DF_PLUGIN_ORIGIN_SYSTEM;
  g_array_append_val (origins, origin);

  for (guint d = 0; d < dirs->len; d++)
    {
      g_autoptr(GPtrArray) names = sorted_names (dirs->pdata[d]);

      if (names == NULL)
        continue;

      for (guint i = 0; i < names->len; i++)
        {
          const char *name = names->pdata[i];
          g_autofree char *dir = g_build_filename (dirs->pdata[d], name, NULL);
          Plugin *plugin;
          Plugin *earlier;

          /* Hidden folders are installs in progress, or not plugins. */
          if (name[0] == '.' || !g_file_test (dir, G_FILE_TEST_IS_DIR))
            continue;

          plugin = scan_one (dir, g_array_index (origins, DfPluginOrigin, d));
          earlier = find_in (plugins, plugin->info.id);
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

  g_ptr_array_sort (plugins, compare_plugins);

  for (guint i = 0; i < plugins->len; i++)
    {
      Plugin *plugin = plugins->pdata[i];
      Plugin *old = find_in (self->plugins, plugin->info.id);

      state_sync (self, plugin);

      /* What was loaded from the same folder stays loaded. */
      if (old != NULL && old->info.loaded && g_strcmp0 (old->info.dir, plugin->info.dir) == 0)
        {
          plugin->info.loaded = TRUE;
          plugin->extensions = g_steal_pointer (&old->extensions);
          if (plugin->info.error == NULL && g_strcmp0 (old->info.checksum, plugin->info.checksum) != 0)
            plugin->info.error = g_strdup_printf (_("Version %s is installed but version %s is running; "
                                                    "restart DraftForge to load the new one"),
                                                  plugin->info.version, old->info.version);
        }
    }

  g_ptr_array_unref (self->plugins);
  self->plugins = g_steal_pointer (&plugins);
  self->scanned = TRUE;
  g_ptr_array_unref (self->shadowed);
  self->shadowed = g_steal_pointer (&shadowed);
}

/* ---- loading ------------------------------------------------------------- */

static gboolean
instantiate (Plugin  *plugin,
             GArray  *registrations)
{
  plugin->extensions = g_ptr_array_new_with_free_func ((GDestroyNotify)extension_free);

  for (guint i = 0; i < registrations->len; i++)
    {
      Registration *reg = &g_array_index (registrations, Registration, i);
      Extension *ext = g_new0 (Extension, 1);

      ext->kind = reg->kind;
      ext->instance = g_object_new (reg->type, NULL);
      g_ptr_array_add (plugin->extensions, ext);
    }

  plugin->info.loaded = TRUE;
  return TRUE;
}

/* Loads @plugin's module and instantiates what it registers; on a
 * problem sets the plugin's error. */
static void
load_plugin (Plugin *plugin)
{
  DfPluginInfo *info = &plugin->info;
  g_autoptr(GError) error = NULL;
  LoadedModule *loaded;
  GModule *module;
  gpointer symbol = NULL;
  DfPluginInitFunc init;
  DfPluginRegistry registry = { 0 };
  gboolean ok;

  if (info->loaded || info->error != NULL || info->module_path == NULL)
    return;

  G_LOCK (loaded_modules);
  if (loaded_modules == NULL)
    loaded_modules = g_hash_table_new (g_str_hash, g_str_equal);
  loaded = g_hash_table_lookup (loaded_modules, info->id);
  G_UNLOCK (loaded_modules);

  if (loaded != NULL)
    {
      if (g_strcmp0 (loaded->module_path, info->module_path) != 0 ||
          g_strcmp0 (loaded->checksum, info->checksum) != 0)
        {
          info->error = g_strdup_printf (_("Another copy of this plugin (%s) is already running; "
                                           "restart DraftForge to load this one"),
                                         loaded->module_path);
          return;
        }
      instantiate (plugin, loaded->registrations);
      return;
    }

  /* Every symbol is bound now (no G_MODULE_BIND_LAZY): a module that
   * calls a function this DraftForge lacks is refused here with the
   * name of the symbol, rather than ending the application when the
   * call is first made. */
  module = g_module_open (info->module_path, MODULE_FLAGS);
  if (module == NULL)
    {
      info->error = g_strdup_printf (_("Its module does not load: %s"), g_module_error ());
      return;
    }

  if (!g_module_symbol (module, DF_PLUGIN_ENTRY_POINT, &symbol) || symbol == NULL)
    {
      info->error = g_strdup_printf (_("Its module “%s” has no entry point %s(); "
                                       "it is not a DraftForge plugin, or was built wrongly"),
                                     info->module_path, DF_PLUGIN_ENTRY_POINT);
      g_module_close (module);
      return;
    }

  init = (DfPluginInitFunc)symbol;
  registry.id = info->id;
  registry.dir = info->dir;
  registry.registrations = g_array_new (FALSE, FALSE, sizeof (Registration));

  ok = init (&registry, &error);

  /* The entry point may have registered types, which stay in the type
   * system for good: the module must stay too, whatever it returned. */
  g_module_make_resident (module);

  if (!ok)
    {
      if (error != NULL)
        info->error = g_strdup_printf (_("It failed to start: %s"), error->message);
      else
        info->error = g_strdup (_("It failed to start, without saying why"));
    }
  else if (registry.error != NULL)
    info->error = g_steal_pointer (&registry.error);

  if (info->error != NULL)
    {
      g_free (registry.error);
      g_array_unref (registry.registrations);
      return;
    }

  loaded = g_new0 (LoadedModule, 1);
  loaded->module_path = g_strdup (info->module_path);
  loaded->checksum = g_strdup (info->checksum);
  loaded->registrations = registry.registrations;

  G_LOCK (loaded_modules);
  g_hash_table_insert (loaded_modules, g_strdup (info->id), loaded);
  G_UNLOCK (loaded_modules);

  instantiate (plugin, loaded->registrations);
}

void
df_plugin_host_load (DfPluginHost *self)
{
  g_return_if_fail (DF_IS_PLUGIN_HOST (self));

  scan (self);
  self->loaded = TRUE;

  for (guint i = 0; i < self->plugins->len; i++)
    {
      Plugin *plugin = self->plugins->pdata[i];

      if (plugin->info.enabled)
        load_plugin (plugin);
    }
}

/* ---- listing ------------------------------------------------------------- */

/* The scan, if the host has not looked at the folders yet. */
static void
ensure_scanned (DfPluginHost *self)
{
  if (!self->scanned)
    scan (self);
}

GPtrArray *
df_plugin_host_list (DfPluginHost *self)
{
  GPtrArray *list;

  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), NULL);

  ensure_scanned (self);
  list = g_ptr_array_new ();
  for (guint i = 0; i < self->plugins->len; i++)
    g_ptr_array_add (list, &((Plugin *)self->plugins->pdata[i])->info);
  return list;
}

const DfPluginInfo *
df_plugin_host_lookup (DfPluginHost *self,
                       const char   *id)
{
  Plugin *plugin;

  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  ensure_scanned (self);
  plugin = find_in (self->plugins, id);
  return plugin != NULL ? &plugin->info : NULL;
}

static GPtrArray *
extensions_of (DfPluginHost *self,
               ExtKind       kind)
{
  GPtrArray *list = g_ptr_array_new ();

  for (guint i = 0; i < self->plugins->len; i++)
    {
      Plugin *plugin = self->plugins->pdata[i];

      if (!plugin->info.enabled || !plugin->info.loaded || plugin->extensions == NULL)
        continue;

      for (guint e = 0; e < plugin->extensions->len; e++)
        {
          Extension *ext = plugin->extensions->pdata[e];

          if (ext->kind == kind)
            g_ptr_array_add (list, ext->instance);
        }
    }
  return list;
}

const char *
df_plugin_host_get_extension_plugin_id (DfPluginHost *self,
                                        GObject      *extension)
{
  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), NULL);

  for (guint i = 0; i < self->plugins->len; i++)
    {
      Plugin *plugin = self->plugins->pdata[i];

      for (guint e = 0; plugin->extensions && e < plugin->extensions->len; e++)
        if (((Extension *)plugin->extensions->pdata[e])->instance == extension)
          return plugin->info.id;
    }
  return NULL;
}

GPtrArray *
df_plugin_host_get_exporters (DfPluginHost *self)
{
  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), NULL);
  return extensions_of (self, EXT_EXPORTER);
}

DfExporter *
df_plugin_host_find_exporter (DfPluginHost *self,
                              const char   *format)
{
  g_autoptr(GPtrArray) exporters = NULL;

  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), NULL);
  g_return_val_if_fail (format != NULL, NULL);

  exporters = extensions_of (self, EXT_EXPORTER);
  for (guint i = 0; i < exporters->len; i++)
    if (g_strcmp0 (df_exporter_get_format (exporters->pdata[i]), format) == 0)
      return exporters->pdata[i];
  return NULL;
}

GPtrArray *
df_plugin_host_get_agents (DfPluginHost *self)
{
  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), NULL);
  return extensions_of (self, EXT_AGENT);
}

GPtrArray *
df_plugin_host_get_reader_transforms (DfPluginHost *self)
{
  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), NULL);
  return extensions_of (self, EXT_READER_TRANSFORM);
}

GPtrArray *
df_plugin_host_get_sync_backends (DfPluginHost *self)
{
  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), NULL);
  return extensions_of (self, EXT_SYNC_BACKEND);
}

GPtrArray *
df_plugin_host_get_ui_extensions (DfPluginHost *self)
{
  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), NULL);
  return extensions_of (self, EXT_UI);
}

/* ---- enabling ------------------------------------------------------------ */

static Plugin *
find_or_error (DfPluginHost  *self,
               const char    *id,
               GError       **error)
{
  Plugin *plugin;

  ensure_scanned (self);
  plugin = find_in (self->plugins, id);
  if (plugin == NULL)
    g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                 _("There is no plugin with the id “%s”; list them to see their ids"), id);
  return plugin;
}

gboolean
df_plugin_host_set_enabled (DfPluginHost  *self,
                            const char    *id,
                            gboolean       enabled,
                            GError       **error)
{
  Plugin *plugin;

  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  plugin = find_or_error (self, id, error);
  if (plugin == NULL)
    return FALSE;

  enabled = !!enabled;
  if (!state_put (self, &plugin->info, enabled, FALSE, error))
    return FALSE;

  if (plugin->info.enabled == enabled)
    return TRUE;

  plugin->info.enabled = enabled;
  if (enabled && self->loaded)
    load_plugin (plugin);

  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/* ---- installing ------------------------------------------------------------ */

typedef struct
{
  const char *source;          /* what the user gave, for messages */
  const char *root;            /* the temporary folder */
  guint       n_entries;
  guint64     n_bytes;
} Extract;

/* Checks an entry's path and returns it relative and cleaned ("a/b"),
 * or NULL (and @error) if it would land outside the plugin. */
static char *
safe_relative_path (Extract     *ex,
                    const char  *path,
                    GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_auto(GStrv) clean = NULL;

  if (path == NULL || *path == '\0')
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Refused “%s”: it holds an entry without a name"), ex->source);
      return NULL;
    }

  if (path[0] == '/')
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Refused “%s”: the entry “%s” has an absolute path; a plugin's files must stay in its folder"),
                   ex->source, path);
      return NULL;
    }

  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (strcmp (parts[i], "..") == 0)
        {
          g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                       _("Refused “%s”: the entry “%s” goes up a folder (..); a plugin's files must stay in its folder"),
                       ex->source, path);
          return NULL;
        }
      if (*parts[i] == '\0' || strcmp (parts[i], ".") == 0)
        continue;
      g_strv_builder_add (kept, parts[i]);
    }

  clean = g_strv_builder_end (kept);
  if (clean[0] == NULL)
    return g_strdup ("");
  return g_strjoinv ("/", clean);
}

static gboolean
check_link_target (Extract     *ex,
                   const char  *path,
                   const char  *target,
                   GError     **error)
{
  g_auto(GStrv) parts = NULL;

  if (target == NULL || *target == '\0' || target[0] == '/')
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Refused “%s”: the link “%s” points to “%s”, outside the plugin"),
                   ex->source, path, target != NULL ? target : "");
      return FALSE;
    }

  parts = g_strsplit (target, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (strcmp (parts[i], "..") == 0)
      {
        g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                     _("Refused “%s”: the link “%s” points to “%s”, which goes up a folder (..); "
                       "links must stay inside the plugin"),
                     ex->source, path, target);
        return FALSE;
      }
  return TRUE;
}

static void
too_big (Extract  *ex,
         GError  **error)
{
  g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
               _("Refused “%s”: it holds more than %d MiB; a plugin is smaller"),
               ex->source, MAX_BYTES / (1024 * 1024));
}

static gboolean
count_entry (Extract  *ex,
             guint64   size,
             GError  **error)
{
  ex->n_entries++;
  ex->n_bytes += size;

  if (ex->n_entries > MAX_ENTRIES)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Refused “%s”: it holds more than %d files and folders; a plugin is smaller"),
                   ex->source, MAX_ENTRIES);
      return FALSE;
    }
  if (ex->n_bytes > MAX_BYTES)
    {
      too_big (ex, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
make_parent (Extract     *ex,
             const char  *dest,
             GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (dest);

  if (g_mkdir_with_parents (parent, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot create “%s”: %s"), parent, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* Opens a new file (never through a link) for an entry. */
static int
create_file (const char  *dest,
             gboolean     executable,
             GError     **error)
{
  int fd = g_open (dest, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, executable ? 0755 : 0644);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot write “%s”: %s"), dest, g_strerror (saved));
    }
  return fd;
}

static gboolean
write_all (int          fd,
           const char  *dest,
           const void  *data,
           gsize        size,
           GError     **error)
{
  const char *p = data;

  while (size > 0)
    {
      gssize n = write (fd, p, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot write “%s”: %s"), dest, g_strerror (saved));
          return FALSE;
        }
      p += n;
      size -= (gsize)n;
    }
  return TRUE;
}

static gboolean
extract_archive (Extract     *ex,
                 const char  *path,
                 GError     **error)
{
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  gboolean ok = TRUE;
  int r;

  archive_read_support_filter_gzip (a);
  archive_read_support_filter_xz (a);
  archive_read_support_filter_none (a);
  archive_read_support_format_tar (a);
  archive_read_support_format_gnutar (a);
  archive_read_support_format_zip (a);

  if (archive_read_open_filename (a, path, 64 * 1024) != ARCHIVE_OK)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Refused “%s”: it is not a plugin folder nor a .tar.gz, .tar.xz or .zip archive (%s)"),
                   ex->source, archive_error_string (a));
      archive_read_free (a);
      return FALSE;
    }

  while (ok && (r = archive_read_next_header (a, &entry)) == ARCHIVE_OK)
    {
      g_autofree char *rel = NULL;
      g_autofree char *dest = NULL;
      const char *hardlink = archive_entry_hardlink (entry);
      mode_t type = archive_entry_filetype (entry);
      la_int64_t size = archive_entry_size (entry);

      rel = safe_relative_path (ex, archive_entry_pathname (entry), error);
      if (rel == NULL || !count_entry (ex, size > 0 ? (guint64)size : 0, error))
        {
          ok = FALSE;
          break;
        }
      if (*rel == '\0')
        continue;
      dest = g_build_filename (ex->root, rel, NULL);

      if (hardlink != NULL)
        {
          g_autofree char *target_rel = NULL;
          g_autofree char *target = NULL;

          target_rel = safe_relative_path (ex, hardlink, error);
          if (target_rel == NULL || *target_rel == '\0')
            {
              if (target_rel != NULL)
                g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                             _("Refused “%s”: the link “%s” points to “%s”, outside the plugin"),
                             ex->source, rel, hardlink);
              ok = FALSE;
              break;
            }
          target = g_build_filename (ex->root, target_rel, NULL);
          if (!make_parent (ex, dest, error))
            {
              ok = FALSE;
              break;
            }
          /* A copy rather than a link: the target is a file extracted earlier. */
          {
            g_autofree char *contents = NULL;
            gsize length = 0;
            struct stat st;
            int fd;

            if (g_lstat (target, &st) != 0 || !S_ISREG (st.st_mode) ||
                !g_file_get_contents (target, &contents, &length, NULL))
              {
                g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                             _("Refused “%s”: the link “%s” points to “%s”, which is not a file of the plugin"),
                             ex->source, rel, hardlink);
                ok = FALSE;
                break;
              }
            fd = create_file (dest, (st.st_mode & 0111) != 0, error);
            ok = fd >= 0 && write_all (fd, dest, contents, length, error);
            if (fd >= 0)
              close (fd);
          }
          continue;
        }

      if (type == AE_IFDIR)
        {
          if (g_mkdir_with_parents (dest, 0755) != 0)
            {
              int saved = errno;

              g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot create “%s”: %s"), dest, g_strerror (saved));
              ok = FALSE;
            }
        }
      else if (type == AE_IFLNK)
        {
          const char *target = archive_entry_symlink (entry);

          ok = check_link_target (ex, rel, target, error) && make_parent (ex, dest, error);
          if (ok && symlink (target, dest) != 0)
            {
              int saved = errno;

              g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot write “%s”: %s"), dest, g_strerror (saved));
              ok = FALSE;
            }
        }
      else if (type == AE_IFREG)
        {
          const void *buffer;
          size_t length;
          la_int64_t offset;
          guint64 written = 0;
          guint64 declared = size > 0 ? (guint64)size : 0;
          int fd;

          if (!make_parent (ex, dest, error))
            {
              ok = FALSE;
              break;
            }
          fd = create_file (dest, (archive_entry_perm (entry) & 0111) != 0, error);
          if (fd < 0)
            {
              ok = FALSE;
              break;
            }

          while ((r = archive_read_data_block (a, &buffer, &length, &offset)) == ARCHIVE_OK)
            {
              /* The header's size may lie: count what is really there. */
              written = MAX (written, (guint64)offset + length);
              if (written > declared)
                {
                  ex->n_bytes += written - declared;
                  declared = written;
                  if (ex->n_bytes > MAX_BYTES)
                    {
                      too_big (ex, error);
                      ok = FALSE;
                      break;
                    }
                }
              if (lseek (fd, offset, SEEK_SET) < 0)
                {
                  g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot write “%s”: %s"), dest, g_strerror (errno));
                  ok = FALSE;
                  break;
                }
              if (!write_all (fd, dest, buffer, length, error))
                {
                  ok = FALSE;
                  break;
                }
            }
          if (ok && r != ARCHIVE_EOF)
            {
              g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                           _("Refused “%s”: “%s” cannot be read from it: %s"),
                           ex->source, rel, archive_error_string (a));
              ok = FALSE;
            }
          close (fd);
        }
      else
        {
          g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                       _("Refused “%s”: the entry “%s” is a device, fifo or socket; a plugin holds only "
                         "files, folders and links"),
                       ex->source, rel);
          ok = FALSE;
        }
    }

  if (ok && r != ARCHIVE_EOF)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Refused “%s”: the archive is damaged or not supported: %s"),
                   ex->source, archive_error_string (a));
      ok = FALSE;
    }

  archive_read_free (a);
  return ok;
}

/* Copies the folder @src (relative path @rel under the source) into the
 * temporary folder, with the same checks as an archive. */
static gboolean
copy_folder (Extract     *ex,
             const char  *src,
             const char  *rel,
             GError     **error)
{
  g_autoptr(GPtrArray) names = sorted_names (src);

  if (names == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot read the folder “%s”"), src);
      return FALSE;
    }

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *from = g_build_filename (src, name, NULL);
      g_autofree char *entry_rel = *rel != '\0' ? g_build_filename (rel, name, NULL) : g_strdup (name);
      g_autofree char *dest = g_build_filename (ex->root, entry_rel, NULL);
      struct stat st;

      if (g_lstat (from, &st) != 0)
        {
          int saved = errno;

          g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot read “%s”: %s"), from, g_strerror (saved));
          return FALSE;
        }

      if (!count_entry (ex, S_ISREG (st.st_mode) ? (guint64)st.st_size : 0, error))
        return FALSE;

      if (S_ISDIR (st.st_mode))
        {
          if (g_mkdir (dest, 0755) != 0)
            {
              int saved = errno;

              g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot create “%s”: %s"), dest, g_strerror (saved));
              return FALSE;
            }
          if (!copy_folder (ex, from, entry_rel, error))
            return FALSE;
        }
      else if (S_ISLNK (st.st_mode))
        {
          g_autofree char *target = g_file_read_link (from, NULL);

          if (!check_link_target (ex, entry_rel, target, error))
            return FALSE;
          if (symlink (target, dest) != 0)
            {
              int saved = errno;

              g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot write “%s”: %s"), dest, g_strerror (saved));
              return FALSE;
            }
        }
      else if (S_ISREG (st.st_mode))
        {
          g_autoptr(GMappedFile) mapped = NULL;
          g_autoptr(GError) local_error = NULL;
          gboolean ok;
          int fd;

          if (st.st_size > 0)
            {
              mapped = g_mapped_file_new (from, FALSE, &local_error);
              if (mapped == NULL)
                {
                  g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot read “%s”: %s"), from, local_error->message);
                  return FALSE;
                }
            }
          fd = create_file (dest, (st.st_mode & 0111) != 0, error);
          if (fd < 0)
            return FALSE;
          ok = mapped == NULL || write_all (fd, dest, g_mapped_file_get_contents (mapped),
                                            g_mapped_file_get_length (mapped), error);
          close (fd);
          if (!ok)
            return FALSE;
        }
      else
        {
          g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                       _("Refused “%s”: “%s” is a device, fifo or socket; a plugin holds only "
                         "files, folders and links"),
                       ex->source, entry_rel);
          return FALSE;
        }
    }

  return TRUE;
}

/* The plugin's folder inside the extracted tree: the tree itself when it
 * has a manifest at its root, else its single top-level folder. */
static char *
find_plugin_root (const char *tree)
{
  g_autoptr(GPtrArray) names = sorted_names (tree);

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

char *
df_plugin_host_install (DfPluginHost  *self,
                        const char    *path,
                        GError       **error)
{
  g_autofree char *tmp = NULL;
  g_autofree char *root = NULL;
  g_autofree char *dest = NULL;
  g_autofree char *old = NULL;
  g_autoptr(Plugin) plugin = NULL;
  g_autoptr(GError) local_error = NULL;
  Extract ex = { 0 };
  gboolean running = FALSE;
  struct stat st;
  gboolean ok;

  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND, _("Cannot read “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }

  ensure_scanned (self);

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

  ex.source = path;
  ex.root = tmp;
  if (S_ISDIR (st.st_mode))
    ok = copy_folder (&ex, path, "", &local_error);
  else if (S_ISREG (st.st_mode))
    ok = extract_archive (&ex, path, &local_error);
  else
    {
      g_set_error (&local_error, DF_ERROR, DF_ERROR_INVALID,
                   _("Refused “%s”: it is not a plugin folder nor a .tar.gz, .tar.xz or .zip archive"), path);
      ok = FALSE;
    }

  if (ok)
    {
      root = find_plugin_root (tmp);
      plugin = g_new0 (Plugin, 1);
      plugin->info.origin = DF_PLUGIN_ORIGIN_USER;
      if (!read_manifest (plugin, root, &local_error))
        {
          g_prefix_error (&local_error, _("Refused “%s”: "), path);
          ok = FALSE;
        }
    }

  /* The module must load and have the entry point, unless a plugin with
   * this id already runs here: its types are registered, and opening a
   * second copy is not safe. */
  if (ok)
    {
      Plugin *known = find_in (self->plugins, plugin->info.id);

      running = known != NULL && known->info.loaded;
      G_LOCK (loaded_modules);
      if (loaded_modules != NULL && g_hash_table_contains (loaded_modules, plugin->info.id))
        running = TRUE;
      G_UNLOCK (loaded_modules);
    }

  if (ok && !running)
    {
      GModule *module = g_module_open (plugin->info.module_path, MODULE_FLAGS);
      gpointer symbol = NULL;

      if (module == NULL)
        {
          g_set_error (&local_error, DF_ERROR, DF_ERROR_INVALID,
                       _("Refused “%s”: its module does not load: %s"), path, g_module_error ());
          ok = FALSE;
        }
      else
        {
          if (!g_module_symbol (module, DF_PLUGIN_ENTRY_POINT, &symbol) || symbol == NULL)
            {
              g_set_error (&local_error, DF_ERROR, DF_ERROR_INVALID,
                           _("Refused “%s”: its module has no entry point %s(); it is not a DraftForge plugin"),
                           path, DF_PLUGIN_ENTRY_POINT);
              ok = FALSE;
            }
          g_module_close (module);
        }
    }

  if (!ok)
    {
      remove_tree (tmp);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* Into place: an earlier install of the same id is moved aside first,
   * and removed once the new one is there. */
  dest = g_build_filename (self->user_dir, plugin->info.id, NULL);
  if (g_lstat (dest, &st) == 0)
    {
      old = g_build_filename (self->user_dir, ".old-XXXXXX", NULL);
      if (g_mkdtemp (old) == NULL || g_rmdir (old) != 0 || g_rename (dest, old) != 0)
        {
          int saved = errno;

          g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot replace “%s”: %s"), dest, g_strerror (saved));
          remove_tree (tmp);
          return NULL;
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
      remove_tree (tmp);
      return NULL;
    }

  if (old != NULL)
    remove_tree (old);
  if (strcmp (root, tmp) != 0)
    remove_tree (tmp);

  /* The manifest and module as they are now, for the table. */
  g_free (plugin->info.module_path);
  plugin->info.module_path = NULL;
  g_clear_pointer (&plugin->info.dir, g_free);
  plugin->info.dir = g_strdup (dest);

  if (!state_put (self, &plugin->info, TRUE, TRUE, &local_error))
    g_warning ("Could not record the plugin %s: %s", plugin->info.id, local_error->message);

  scan (self);
  if (self->loaded)
    {
      Plugin *installed = find_in (self->plugins, plugin->info.id);

      if (installed != NULL && installed->info.enabled)
        load_plugin (installed);
    }

  g_signal_emit (self, signals[CHANGED], 0);
  return g_strdup (plugin->info.id);
}

gboolean
df_plugin_host_remove (DfPluginHost  *self,
                       const char    *id,
                       GError       **error)
{
  Plugin *plugin;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (DF_IS_PLUGIN_HOST (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  plugin = find_or_error (self, id, error);
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
      scan (self);
      return FALSE;
    }

  state_delete (self, id);
  scan (self);
  if (self->loaded)
    {
      /* A plugin it shadowed shows again. */
      Plugin *other = find_in (self->plugins, id);

      if (other != NULL && other->info.enabled)
        load_plugin (other);
    }

  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

char *
df_plugin_action_prefix (const char *id)
{
  g_autofree char *dashed = g_strdup (id ? id : "");

  g_strdelimit (dashed, ".", '-');
  return g_strconcat ("plugin-", dashed, NULL);
}
