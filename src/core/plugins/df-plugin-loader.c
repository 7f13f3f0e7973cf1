/* df-plugin-loader.c: loading plugin modules, and the registry they
 * register with
 *
 * Modules register GTypes, which cannot be unregistered: a module whose
 * entry point ran stays resident, and the modules loaded in this process
 * are remembered (by id, path and checksum) so that a second host reuses
 * them rather than loading a second copy of the same types.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugins"

#include "config.h"

#include <gmodule.h>
#include <glib/gi18n-lib.h>

#include "df-plugin-host-private.h"

/* An entry point slower than this is named in a message. */
#define SLOW_START_US (2 * G_USEC_PER_SEC)

/* Local symbols, all bound at once (see _df_plugin_load). */
#define MODULE_FLAGS G_MODULE_BIND_LOCAL

typedef struct
{
  DfPluginExtKind kind;
  GType           type;
} Registration;

struct _DfPluginRegistry
{
  const char *id;
  const char *dir;
  GArray     *registrations;   /* Registration */
  char       *error;           /* the first bad registration */
};

/* A module loaded in this process. */
typedef struct
{
  char    *module_path;
  char    *checksum;
  GArray  *registrations;      /* Registration */
} LoadedModule;

G_LOCK_DEFINE_STATIC (loaded_modules);
static GHashTable *loaded_modules;   /* id -> LoadedModule, never freed */

static const char * const ext_names[DF_PLUGIN_N_EXT_KINDS] = {
  "exporter", "agent", "reader-transform", "sync-backend", "ui",
};

/* ---- private helpers ------------------------------------------------- */

static GType
ext_interface (DfPluginExtKind kind)
{
  switch (kind)
    {
    case DF_PLUGIN_EXT_EXPORTER: return DF_TYPE_EXPORTER;
    case DF_PLUGIN_EXT_AGENT: return DF_TYPE_AGENT;
    case DF_PLUGIN_EXT_READER_TRANSFORM: return DF_TYPE_READER_TRANSFORM;
    case DF_PLUGIN_EXT_SYNC_BACKEND: return DF_TYPE_SYNC_BACKEND;
    case DF_PLUGIN_EXT_UI: return DF_TYPE_UI_EXTENSION;
    case DF_PLUGIN_N_EXT_KINDS: default: break;
    }
  g_assert_not_reached ();
}

static void
registry_add (DfPluginRegistry *registry,
              DfPluginExtKind   kind,
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

static void
extension_free (DfPluginExtension *ext)
{
  g_clear_object (&ext->instance);
  g_free (ext);
}

static void
instantiate (DfHostedPlugin *plugin,
             GArray         *registrations)
{
  plugin->extensions = g_ptr_array_new_with_free_func ((GDestroyNotify)extension_free);

  for (guint i = 0; i < registrations->len; i++)
    {
      Registration *reg = &g_array_index (registrations, Registration, i);
      DfPluginExtension *ext = g_new0 (DfPluginExtension, 1);

      ext->kind = reg->kind;
      ext->instance = g_object_new (reg->type, NULL);
      g_ptr_array_add (plugin->extensions, ext);
    }

  plugin->info.loaded = TRUE;
}

static LoadedModule *
lookup_loaded (const char *id)
{
  LoadedModule *loaded;

  G_LOCK (loaded_modules);
  if (loaded_modules == NULL)
    loaded_modules = g_hash_table_new (g_str_hash, g_str_equal);
  loaded = g_hash_table_lookup (loaded_modules, id);
  G_UNLOCK (loaded_modules);
  return loaded;
}

/* Opens @module_path; NULL with g_module_error () when it does not load.
 * Every symbol is bound now (no G_MODULE_BIND_LAZY): a module that calls
 * a function this DraftForge lacks is refused here with the name of the
 * symbol, rather than ending the application when the call is first
 * made. */
static GModule *
open_module (const char *module_path,
             gpointer   *entry_point)
{
  GModule *module = g_module_open (module_path, MODULE_FLAGS);

  *entry_point = NULL;
  if (module != NULL && !g_module_symbol (module, DF_PLUGIN_ENTRY_POINT, entry_point))
    *entry_point = NULL;
  return module;
}

/* Calls the entry point of @plugin's @module and keeps what it registers
 * as a loaded module; NULL with the plugin's error on a problem. */
static LoadedModule *
run_entry_point (DfHostedPlugin   *plugin,
                 GModule          *module,
                 DfPluginInitFunc  init)
{
  DfPluginInfo *info = &plugin->info;
  g_autoptr(GError) error = NULL;
  DfPluginRegistry registry = { 0 };
  LoadedModule *loaded;
  gboolean ok;

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
      return NULL;
    }

  /* What it may use, known by its code's place (df-plugin-caller.c). */
  _df_plugin_caller_register (info);
  loaded = g_new0 (LoadedModule, 1);
  loaded->module_path = g_strdup (info->module_path);
  loaded->checksum = g_strdup (info->checksum);
  loaded->registrations = registry.registrations;
  return loaded;
}

/* ---- shared inside plugins/ ------------------------------------------ */

const char *
_df_plugin_ext_name (DfPluginExtKind kind)
{
  g_return_val_if_fail (kind < DF_PLUGIN_N_EXT_KINDS, NULL);
  return ext_names[kind];
}

void
_df_plugin_load (DfHostedPlugin *plugin)
{
  DfPluginInfo *info = &plugin->info;
  LoadedModule *loaded;
  GModule *module;
  gpointer symbol = NULL;
  gint64 started;

  if (info->loaded || info->error != NULL || info->module_path == NULL)
    return;

  loaded = lookup_loaded (info->id);
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
      df_plugin_guard_enter (info->id, "g_object_new");
      instantiate (plugin, loaded->registrations);
      df_plugin_guard_leave (info->id);
      return;
    }

  /* In the helper process, held to its permissions before any of its
   * code runs (its module's constructors included). */
  {
    g_autoptr(GError) sandbox_error = NULL;

    if (!_df_plugin_sandbox_enter (info, &sandbox_error))
      {
        info->error = g_strdup (sandbox_error->message);
        return;
      }
  }

  module = open_module (info->module_path, &symbol);
  if (module == NULL)
    {
      info->error = g_strdup_printf (_("Its module does not load: %s"), g_module_error ());
      return;
    }
  if (symbol == NULL)
    {
      info->error = g_strdup_printf (_("Its module “%s” has no entry point %s(); "
                                       "it is not a DraftForge plugin, or was built wrongly"),
                                     info->module_path, DF_PLUGIN_ENTRY_POINT);
      g_module_close (module);
      return;
    }

  /* The guard: a crash from here to the end disables the plugin at the
   * next start. */
  df_plugin_guard_enter (info->id, DF_PLUGIN_ENTRY_POINT);
  started = g_get_monotonic_time ();
  loaded = run_entry_point (plugin, module, (DfPluginInitFunc)symbol);
  /* A slow start delays every start of DraftForge: say whose it is. */
  if (g_get_monotonic_time () - started > SLOW_START_US)
    g_message ("The plugin %s took %.1f s to start; DraftForge waited for it (disable it if that is too long)",
               info->id, (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);
  if (loaded != NULL)
    {
      G_LOCK (loaded_modules);
      g_hash_table_insert (loaded_modules, g_strdup (info->id), loaded);
      G_UNLOCK (loaded_modules);

      instantiate (plugin, loaded->registrations);
    }
  df_plugin_guard_leave (info->id);
}

gboolean
_df_plugin_module_is_loaded (const char *id)
{
  gboolean found;

  G_LOCK (loaded_modules);
  found = loaded_modules != NULL && g_hash_table_contains (loaded_modules, id);
  G_UNLOCK (loaded_modules);
  return found;
}

gboolean
_df_plugin_check_module (const char  *module_path,
                         const char  *source,
                         GError     **error)
{
  gpointer symbol = NULL;
  GModule *module = open_module (module_path, &symbol);
  gboolean ok = TRUE;

  if (module == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Refused “%s”: its module does not load: %s"), source, g_module_error ());
      return FALSE;
    }
  if (symbol == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("Refused “%s”: its module has no entry point %s(); it is not a DraftForge plugin"),
                   source, DF_PLUGIN_ENTRY_POINT);
      ok = FALSE;
    }
  g_module_close (module);
  return ok;
}

/* ---- public API: the registry ---------------------------------------- */

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

void
df_plugin_registry_add_exporter (DfPluginRegistry *registry,
                                 GType             type)
{
  registry_add (registry, DF_PLUGIN_EXT_EXPORTER, type);
}

void
df_plugin_registry_add_agent (DfPluginRegistry *registry,
                              GType             type)
{
  registry_add (registry, DF_PLUGIN_EXT_AGENT, type);
}

void
df_plugin_registry_add_reader_transform (DfPluginRegistry *registry,
                                         GType             type)
{
  registry_add (registry, DF_PLUGIN_EXT_READER_TRANSFORM, type);
}

void
df_plugin_registry_add_sync_backend (DfPluginRegistry *registry,
                                     GType             type)
{
  registry_add (registry, DF_PLUGIN_EXT_SYNC_BACKEND, type);
}

void
df_plugin_registry_add_ui_extension (DfPluginRegistry *registry,
                                     GType             type)
{
  registry_add (registry, DF_PLUGIN_EXT_UI, type);
}
