/* exporter-plugin.c: the exporter plugin's entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter"

#include "config.h"

#include <gmodule.h>

#include "exporter-types.h"

G_MODULE_EXPORT gboolean draftforge_plugin_init (DfPluginRegistry  *registry,
                                                 GError           **error);

G_MODULE_EXPORT gboolean
draftforge_plugin_init (DfPluginRegistry  *registry,
                        GError           **error)
{
  df_plugin_registry_add_exporter (registry, DF_TYPE_EPUB_EXPORTER);
  df_plugin_registry_add_exporter (registry, DF_TYPE_PDF_EXPORTER);
  df_plugin_registry_add_exporter (registry, DF_TYPE_DOCX_EXPORTER);
  df_plugin_registry_add_exporter (registry, DF_TYPE_HTML_EXPORTER);
  df_plugin_registry_add_exporter (registry, DF_TYPE_MARKDOWN_EXPORTER);
  return TRUE;
}
