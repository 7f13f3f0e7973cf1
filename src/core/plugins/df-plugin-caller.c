/* df-plugin-caller.c: which plugin is calling, and may it
 *
 * A plugin's module is recorded with its manifest's permissions when it
 * is loaded.  A host function that needs a permission looks at the
 * address it was called from (its return address): code in a plugin's
 * module is that plugin's, anything else is DraftForge's.  A plugin that
 * declared permissions and not this one gets an error saying so; one
 * that declared none at all (API 1, "permissions not declared") may do
 * anything DraftForge can, as its install said.  The AI client asks
 * before it hands out the provider's settings or makes a request
 * (df_ai_config_load, df_ai_complete, df_ai_complete_async).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugins"
#define _GNU_SOURCE

#include "config.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <glib/gi18n-lib.h>

#include "df-ai-private.h"
#include "df-error.h"
#include "df-plugin-host-private.h"

typedef struct
{
  char  *id;
  char  *name;
  char **permissions;   /* NULL: not declared */
} Caller;

G_LOCK_DEFINE_STATIC (callers);
static GHashTable *modules;   /* canonical module path -> Caller */

static void
caller_free (Caller *caller)
{
  g_free (caller->id);
  g_free (caller->name);
  g_strfreev (caller->permissions);
  g_free (caller);
}

static char *
canonical (const char *path)
{
  char resolved[PATH_MAX];

  return realpath (path, resolved) != NULL ? g_strdup (resolved) : g_strdup (path);
}

/* The AI client's question (df-ai-private.h). */
static gboolean
may_use_ai (gconstpointer   caller,
            GError        **error)
{
  return _df_plugin_caller_may (caller, "ai", error);
}

void
_df_plugin_caller_register (const DfPluginInfo *info)
{
  Caller *caller;

  g_return_if_fail (info != NULL && info->module_path != NULL);

  caller = g_new0 (Caller, 1);
  caller->id = g_strdup (info->id);
  caller->name = g_strdup (info->name != NULL ? info->name : info->id);
  caller->permissions = g_strdupv (info->permissions);
  G_LOCK (callers);
  if (modules == NULL)
    {
      modules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) caller_free);
      _df_ai_set_caller_check (may_use_ai);
    }
  g_hash_table_replace (modules, canonical (info->module_path), caller);
  G_UNLOCK (callers);
}

gboolean
_df_plugin_caller_may (gconstpointer   address,
                       const char     *permission,
                       GError        **error)
{
  Dl_info where = { 0 };
  g_autofree char *path = NULL;
  Caller *caller;
  gboolean may = TRUE;

  if (address == NULL || dladdr (address, &where) == 0 || where.dli_fname == NULL)
    return TRUE;
  path = canonical (where.dli_fname);
  G_LOCK (callers);
  caller = modules != NULL ? g_hash_table_lookup (modules, path) : NULL;
  if (caller != NULL && caller->permissions != NULL &&
      !g_strv_contains ((const char * const *) caller->permissions, permission))
    {
      may = FALSE;
      g_set_error (error, DF_ERROR, DF_ERROR_PERMISSION,
                   _("The plugin “%s” (%s) tried to do what it did not ask for when it was installed: "
                     "the “%s” permission (%s). Its author can add it to the plugin’s Permissions"),
                   caller->name, caller->id, permission, df_plugin_permission_describe (permission));
    }
  G_UNLOCK (callers);
  return may;
}
