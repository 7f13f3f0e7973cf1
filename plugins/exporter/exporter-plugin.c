/* exporter-plugin.c: the exporter plugin's entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>

#include "exporter-util.h"

/* The formats this plugin exports to, each an exporter type of its own. */
static const ExporterFormat formats[] = {
  { "ExporterEpub", "epub", N_("EPUB e-book"), "epub", "application/epub+zip", df_epub_exporter_export },
  { "ExporterPdf", "pdf", N_("PDF document"), "pdf", "application/pdf", df_pdf_exporter_export },
  { "ExporterDocx", "docx", N_("Word document (DOCX)"), "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", df_docx_exporter_export },
  { "ExporterHtml", "html", N_("Web page (HTML)"), "html", "text/html", df_html_exporter_export },
  { "ExporterMarkdown", "markdown", N_("Markdown"), "zip", "application/zip", df_markdown_exporter_export },
};

G_MODULE_EXPORT gboolean draftforge_plugin_init (DfPluginRegistry  *registry,
                                                 GError           **error);

G_MODULE_EXPORT gboolean
draftforge_plugin_init (DfPluginRegistry  *registry,
                        GError           **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    df_plugin_registry_add_exporter (registry, exporter_format_get_type (&formats[i]));
  return TRUE;
}
