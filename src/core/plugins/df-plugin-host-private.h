/* df-plugin-host-private.h: what the plugin host's files share, inside
 * plugins/ only
 *
 * The host is split by concern:
 *   df-plugin-host.c      the object: scanning the folders, the enabled
 *                         state in the plugins table, the lists and
 *                         extension sets, enabling and disabling
 *   df-plugin-manifest.c  reading a plugin folder's manifest
 *   df-plugin-loader.c    the registry plugins register with, and loading
 *                         modules (once per process)
 *   df-plugin-install.c   installing and removing
 *   df-plugin-archive.c   unpacking an archive or copying a folder for an
 *                         install, with its checks
 *
 * Never installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sys/types.h>

#include "df-plugin.h"
#include "df-plugin-host.h"

G_BEGIN_DECLS

typedef enum
{
  DF_PLUGIN_EXT_EXPORTER,
  DF_PLUGIN_EXT_AGENT,
  DF_PLUGIN_EXT_READER_TRANSFORM,
  DF_PLUGIN_EXT_SYNC_BACKEND,
  DF_PLUGIN_EXT_UI,
  DF_PLUGIN_N_EXT_KINDS
} DfPluginExtKind;

typedef struct
{
  DfPluginExtKind  kind;
  GObject         *instance;
} DfPluginExtension;

/* A plugin as the host knows it. */
typedef struct
{
  DfPluginInfo  info;          /* first: handed out as const DfPluginInfo * */
  GPtrArray    *extensions;    /* DfPluginExtension*, when loaded */
  gboolean      crashed;       /* disabled by the guard: info.error says so */
} DfHostedPlugin;

struct _DfPluginHost
{
  GObject     parent_instance;

  DfStore    *store;
  char       *user_dir;
  char       *system_dir;
  gboolean    scanned;         /* the folders were looked at */
  gboolean    loaded;          /* df_plugin_host_load was called */
  GPtrArray  *plugins;         /* DfHostedPlugin*, sorted by id, not shadowed */
  GPtrArray  *shadowed;        /* DfHostedPlugin*, hidden by one in plugins */
};

/* ---- df-plugin-host.c ------------------------------------------------ */

void            _df_hosted_plugin_free        (DfHostedPlugin *plugin);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfHostedPlugin, _df_hosted_plugin_free)

DfHostedPlugin *_df_plugin_host_find          (GPtrArray      *plugins,
                                               const char     *id);
/* The listed plugin @id, or NULL and DF_ERROR_NOT_FOUND. */
DfHostedPlugin *_df_plugin_host_find_or_error (DfPluginHost   *self,
                                               const char     *id,
                                               GError        **error);
/* Rebuilds the lists from the folders.  A plugin found again in the same
 * folder keeps what was loaded for it. */
void            _df_plugin_host_scan          (DfPluginHost   *self);
/* The scan, if the host has not looked at the folders yet. */
void            _df_plugin_host_ensure_scanned (DfPluginHost  *self);
/* After an install or a removal: scans again and, once the host has
 * loaded its plugins, loads the plugin now listed as @id if enabled. */
void            _df_plugin_host_rescan        (DfPluginHost   *self,
                                               const char     *id);
/* Writes the plugins row of @info; @installed sets installed_at to now. */
gboolean        _df_plugin_host_state_put     (DfPluginHost   *self,
                                               const DfPluginInfo *info,
                                               gboolean        enabled,
                                               gboolean        installed,
                                               GError        **error);
void            _df_plugin_host_state_delete  (DfPluginHost   *self,
                                               const char     *id);
void            _df_plugin_host_changed       (DfPluginHost   *self);

/* ---- df-plugin-manifest.c -------------------------------------------- */

/* The names in @path, sorted (NULL if it cannot be read). */
GPtrArray      *_df_plugin_sorted_names       (const char     *path);
/* Reads the manifest of the plugin folder @dir into @plugin.  On a
 * problem returns FALSE with @error: one line for the plugin's error.
 * Fills in as much as it could read either way (the id at least, when
 * found). */
gboolean        _df_plugin_read_manifest      (DfHostedPlugin *plugin,
                                               const char     *dir,
                                               GError        **error);

/* ---- df-plugin-loader.c ---------------------------------------------- */

/* "exporter", "agent", "reader-transform", "sync-backend" or "ui". */
const char     *_df_plugin_ext_name           (DfPluginExtKind kind);
/* Loads @plugin's module (or reuses the one loaded in this process) and
 * instantiates what it registers; on a problem sets the plugin's error. */
void            _df_plugin_load               (DfHostedPlugin *plugin);
/* Whether a module with the id @id was loaded in this process. */
gboolean        _df_plugin_module_is_loaded   (const char     *id);
/* Opens the module at @module_path, without calling it, to check that it
 * loads and has the entry point; errors name @source, what the user
 * installs. */
gboolean        _df_plugin_check_module       (const char     *module_path,
                                               const char     *source,
                                               GError        **error);

/* ---- df-plugin-job.c ------------------------------------------------- */

/* Tries the plugin @info describes (its folder and module) in the helper
 * process: opens its module, runs its entry point, instantiates each type
 * it registers; a crash, an abort, a hang (the time limit) or a type that
 * does not implement its extension point refuses it with the reason
 * (messages name @source, what the user installs). */
/* @relative (to the folder of this process's program: bindir once
 * installed), when it exists there; else NULL.  Installed anywhere, the
 * programs find the helper and the plugins beside them. */
char           *_df_plugin_beside_program     (const char     *relative);
gboolean        _df_plugin_try                (const DfPluginInfo *info,
                                               const char     *source,
                                               GError        **error);

/* ---- df-plugin-guard.c ----------------------------------------------- */

/* In the helper process: no markers (a crash there is the parent's to
 * report, and a plugin tried before its install is not installed). */
void            _df_plugin_guard_turn_off     (void);

/* df-plugin-sandbox.c: in the helper process, which loads one plugin,
 * the folders its plugin may write in whatever it declared (the
 * database's, the output's, the temporary ones); before a plugin is
 * loaded.  In any other process nothing is prepared, and entering does
 * nothing. */
void            _df_plugin_sandbox_prepare    (const char * const *write_dirs);
/* Holds this process to what @info's manifest declared (Landlock), once:
 * FALSE when the kernel offers it and it could not be done. */
gboolean        _df_plugin_sandbox_enter      (const DfPluginInfo  *info,
                                               GError             **error);
/* What this kernel lets the helper enforce: 0 nothing, 1 writing
 * outside the allowed folders, 2 that and TCP connections. */
int             _df_plugin_sandbox_level      (void);
/* Records the crashes the markers of gone processes tell of. */
void            _df_plugin_guard_collect      (void);
/* Whether @id is disabled after a crash, and in what call (@what). */
gboolean        _df_plugin_guard_is_disabled  (const char     *id,
                                               char          **what);
/* The guard's record of @id: crashes, the call it crashed in and when
 * (both NULL when it never crashed). */
guint           _df_plugin_guard_get_record   (const char     *id,
                                               char          **what,
                                               char          **when);
/* Enabled again, or removed: no longer disabled by the guard. */
void            _df_plugin_guard_forgive      (const char     *id);

/* ---- df-plugin-archive.c --------------------------------------------- */

/* Puts what @source holds (a plugin folder, or a .tar.gz, .tar.xz or .zip
 * archive; @mode is its st_mode) into the empty folder @root, refusing
 * anything that would land outside it, links out of it, devices and
 * anything too large. */
gboolean        _df_plugin_unpack             (const char     *source,
                                               mode_t          mode,
                                               const char     *root,
                                               GError        **error);

/* df-plugin-caller.c: a loaded module and its manifest's permissions;
 * whether code at @address (a return address) may use @permission: TRUE
 * for DraftForge's own code and for a plugin that declared no
 * permissions, else whether it declared this one (@error says why not). */
/* Waiting for an extension's async call from a thread that may block
 * (the host's workers, the helper process): @begin pushes a main context
 * of its own, _df_plugin_wait_cb (with &slot) keeps the result, @end
 * runs the context until it came and returns it (owned). */
GMainContext *_df_plugin_wait_begin (void);
void          _df_plugin_wait_cb    (GObject       *source,
                                     GAsyncResult  *result,
                                     gpointer       slot);
GAsyncResult *_df_plugin_wait_end   (GMainContext  *context,
                                     GAsyncResult **slot);

void     _df_plugin_caller_register (const DfPluginInfo  *info);
gboolean _df_plugin_caller_may      (gconstpointer        address,
                                     const char          *permission,
                                     GError             **error);

G_END_DECLS
