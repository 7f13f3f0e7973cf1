/* df-plugin-host.h: finding, loading, installing and managing plugins
 *
 * Used by the application and the command line; not by plugins.
 *
 * Plugins are found in, by precedence: the user's folder
 * ($XDG_DATA_HOME/draftforge/plugins, where installs go), the folders in
 * DRAFTFORGE_PLUGIN_PATH (colon-separated; the build tree and tests), and
 * the system folder where DraftForge's own plugins are installed.  A
 * plugin with the id of one found earlier is shadowed by it, and the list
 * says so.  Enabled or disabled is remembered in the plugins table, with
 * the version and the module's SHA-256; DraftForge's own plugins are
 * enabled until disabled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "df-agent.h"
#include "df-exporter.h"
#include "df-reader-transform.h"
#include "df-store.h"
#include "df-sync-backend.h"
#include "df-ui-extension.h"

G_BEGIN_DECLS

typedef enum
{
  DF_PLUGIN_ORIGIN_USER,      /* installed by the user */
  DF_PLUGIN_ORIGIN_PATH,      /* from DRAFTFORGE_PLUGIN_PATH */
  DF_PLUGIN_ORIGIN_SYSTEM,    /* shipped with DraftForge */
} DfPluginOrigin;

typedef struct
{
  char           *id;           /* reverse-DNS-like: io.github.someone.Thing */
  char           *name;
  char           *description;
  char           *version;
  char           *authors;
  char           *website;
  int             api_version;
  char          **provides;     /* "exporter", "agent", "reader-transform", "sync-backend", "ui" */
  char          **permissions;  /* the manifest's Permissions= ("network", "ai",
                                 * "files-outside-project"), NULL when not declared */
  char           *dir;          /* the plugin's folder */
  char           *module_path;  /* the shared module, NULL if the manifest is unusable */
  char           *checksum;     /* SHA-256 of the module, NULL if unreadable */
  DfPluginOrigin  origin;
  gboolean        enabled;
  gboolean        loaded;
  char           *error;        /* why it is not loaded (one line), or NULL */
  char           *shadowed_dir; /* the folder of a plugin with the same id that this one hides */
  /* Health, filled by df_plugin_host_update_health: */
  guint           crashes;      /* how many times it crashed DraftForge (this user) */
  char           *last_failure; /* the last crash or failed job, in a sentence, or NULL */
  char           *last_failure_at; /* when (ISO 8601, UTC), or NULL */
  guint           jobs;         /* export jobs of its formats that completed */
  double          job_seconds;  /* their mean duration */
} DfPluginInfo;

#define DF_TYPE_PLUGIN_HOST (df_plugin_host_get_type ())
/* Emits "changed" when plugins are installed, removed, enabled or
 * disabled. */
G_DECLARE_FINAL_TYPE (DfPluginHost, df_plugin_host, DF, PLUGIN_HOST, GObject)

/* @store remembers enabled/disabled; the search folders are the user's,
 * DRAFTFORGE_PLUGIN_PATH's and @system_dir (NULL: the installed one). */
DfPluginHost       *df_plugin_host_new                (DfStore      *store,
                                                       const char   *system_dir);
const char         *df_plugin_host_get_user_dir       (DfPluginHost *self);
/* Scans the folders and loads every enabled plugin.  A bad plugin is
 * listed with its error and skipped; this never fails as a whole. */
void                df_plugin_host_load               (DfPluginHost *self);
/* Scans the folders and loads only the enabled plugin @id (the helper
 * process); FALSE with the plugin's error when it does not load. */
gboolean            df_plugin_host_load_one           (DfPluginHost *self,
                                                       const char   *id,
                                                       GError      **error);
/* DfPluginInfo*, by id (shadowed plugins are not listed).  The array is
 * the caller's (g_ptr_array_unref); its elements stay the host's. */
GPtrArray          *df_plugin_host_list               (DfPluginHost *self);
const DfPluginInfo *df_plugin_host_lookup             (DfPluginHost *self,
                                                       const char   *id);
gboolean            df_plugin_host_set_enabled        (DfPluginHost *self,
                                                       const char   *id,
                                                       gboolean      enabled,
                                                       GError      **error);
/* Installs a plugin folder, or a .tar.gz, .tar.xz or .zip archive holding one,
 * into the user's folder after checking it (see docs/plugins.md for what
 * is refused).  Returns the installed plugin's id. */
char               *df_plugin_host_install            (DfPluginHost *self,
                                                       const char   *path,
                                                       GError      **error);
/* Reads the plugin that @path (a folder or an archive, as for install)
 * holds without installing it: what to show before an install (its name,
 * version, permissions).  Free with df_plugin_info_free. */
DfPluginInfo       *df_plugin_host_inspect            (DfPluginHost *self,
                                                       const char   *path,
                                                       GError      **error);
void                df_plugin_info_free               (DfPluginInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfPluginInfo, df_plugin_info_free)
/* The permissions a manifest may declare, and what each means for a
 * writer, translated ("Connect to the internet"); NULL for an unknown
 * name. */
const char         *df_plugin_permission_describe     (const char   *permission);
/* Removes a plugin the user installed (DraftForge's own can only be
 * disabled). */
gboolean            df_plugin_host_remove             (DfPluginHost *self,
                                                       const char   *id,
                                                       GError      **error);

/* The extensions of enabled, loaded plugins, one instance per type.  The
 * array is the caller's (g_ptr_array_unref); the instances stay the
 * host's. */
GPtrArray          *df_plugin_host_get_exporters      (DfPluginHost *self);
DfExporter         *df_plugin_host_find_exporter      (DfPluginHost *self,
                                                       const char   *format);
GPtrArray          *df_plugin_host_get_agents         (DfPluginHost *self);
/* The enabled agent whose type is @agent_type ("style"), or NULL. */
DfAgent            *df_plugin_host_find_agent         (DfPluginHost *self,
                                                       const char   *agent_type);
GPtrArray          *df_plugin_host_get_reader_transforms (DfPluginHost *self);
GPtrArray          *df_plugin_host_get_sync_backends  (DfPluginHost *self);
GPtrArray          *df_plugin_host_get_ui_extensions  (DfPluginHost *self);

/* The id of the plugin that provides @extension, or NULL. */
const char         *df_plugin_host_get_extension_plugin_id (DfPluginHost *self,
                                                            GObject      *extension);
/* The action group prefix the application gives a plugin's UI
 * extension: "plugin-" and the id with '.' as '-'
 * ("plugin-io-github-someone-Thing"). */
char               *df_plugin_action_prefix           (const char   *id);

/* Fills in the health of every listed plugin: crashes (per user), the
 * last crash or failed export job that names it, and how long the export
 * jobs of its formats took (in @self's database). */
void                df_plugin_host_update_health      (DfPluginHost *self);
/* What a user can copy into a report about @info: its id, version, API,
 * origin, health and last failure, never the book's text. */
char               *df_plugin_health_report           (const DfPluginInfo *info);

/* ---- the guard (df-plugin-guard.c) ---------------------------------- */

/* Around each call into a plugin that runs in this process (its entry
 * point, a UI extension's functions): a crash in between disables the
 * plugin at the next start, for this user on every database.  @what
 * names the call ("set_project"). */
void                df_plugin_guard_enter             (const char   *id,
                                                       const char   *what);
void                df_plugin_guard_leave             (const char   *id);
/* @actions (a plugin's, @id's) as a group whose activations and state
 * changes run under the guard ("action NAME"), for the window to insert
 * instead of the plugin's own. */
GActionGroup       *df_plugin_guard_wrap_actions      (const char   *id,
                                                       GActionGroup *actions);
/* The ids of the plugins disabled after a crash that nobody was told of
 * yet; they count as told from now on.  The caller's (g_ptr_array_unref). */
GPtrArray          *df_plugin_guard_take_notices      (void);
/* How many times @id crashed DraftForge. */
guint               df_plugin_guard_get_crash_count   (const char   *id);

/* The environment variable that starts DraftForge in safe mode (set by
 * --safe-mode): the plugins the user installed are not loaded, only
 * DraftForge's own (and those of DRAFTFORGE_PLUGIN_PATH). */
#define DF_SAFE_MODE_ENV "DRAFTFORGE_SAFE_MODE"
gboolean            df_plugin_safe_mode               (void);

/* The id rule: two or more dot-separated parts of ASCII letters, digits,
 * '_' and '-', starting with a letter ("io.github.someone.Thing"). */
gboolean            df_plugin_id_is_valid             (const char   *id);

G_END_DECLS
