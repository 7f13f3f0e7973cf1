/* df-plugin.h: what a plugin's module exports, and how it registers
 *
 * A plugin is a folder holding a keyfile manifest (ID.plugin) and a shared
 * module.  The host opens the module with GModule and calls its one
 * exported entry point, DF_PLUGIN_ENTRY_POINT, with a registry; the plugin
 * registers the GTypes it provides, each implementing one extension point
 * interface (DfExporter, DfAgent, DfReaderTransform, DfSyncBackend,
 * DfUiExtension).  See docs/plugins.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined (__DRAFTFORGE_PLUGIN_H_INSIDE__) && !defined (DRAFTFORGE_COMPILATION)
# error "Only <draftforge-plugin.h> can be included directly."
#endif

#include "df-extern.h"

#include <gio/gio.h>

G_BEGIN_DECLS

/* The API this header describes, and the oldest one still loaded: a
 * manifest's API key must be between the two (version 1 plugins load
 * unchanged; version 2 adds the per-plugin settings store,
 * df-plugin-settings.h).  A plugin built for another API version is
 * refused with a message. */
#define DF_PLUGIN_API_VERSION 2
#define DF_PLUGIN_API_VERSION_OLDEST 1

#define DF_PLUGIN_ENTRY_POINT "draftforge_plugin_init"

typedef struct _DfPluginRegistry DfPluginRegistry;

/**
 * DfPluginInitFunc:
 * @registry: where the plugin registers what it provides
 * @error: set when the plugin cannot work here (say why, and what to do)
 *
 * The signature of the entry point every plugin module exports:
 *
 * |[
 * G_MODULE_EXPORT gboolean
 * draftforge_plugin_init (DfPluginRegistry *registry, GError **error)
 * {
 *   df_plugin_registry_add_exporter (registry, MY_TYPE_EXPORTER);
 *   return TRUE;
 * }
 * ]|
 */
typedef gboolean (*DfPluginInitFunc) (DfPluginRegistry  *registry,
                                      GError           **error);

/* The id of the plugin being initialised (its manifest's Id). */
DF_EXTERN
const char *df_plugin_registry_get_plugin_id (DfPluginRegistry *registry);
/* Its folder, for data files shipped beside the module. */
DF_EXTERN
const char *df_plugin_registry_get_plugin_dir (DfPluginRegistry *registry);

/* Each @type must implement the named interface; it is instantiated with
 * g_object_new (type, NULL) when the host needs it. */
DF_EXTERN
void df_plugin_registry_add_exporter         (DfPluginRegistry *registry,
                                              GType             type);
DF_EXTERN
void df_plugin_registry_add_agent            (DfPluginRegistry *registry,
                                              GType             type);
DF_EXTERN
void df_plugin_registry_add_reader_transform (DfPluginRegistry *registry,
                                              GType             type);
DF_EXTERN
void df_plugin_registry_add_sync_backend     (DfPluginRegistry *registry,
                                              GType             type);
DF_EXTERN
void df_plugin_registry_add_ui_extension     (DfPluginRegistry *registry,
                                              GType             type);

G_END_DECLS
