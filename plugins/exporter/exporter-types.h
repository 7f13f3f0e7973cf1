/* exporter-types.h: the exporter plugin's classes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <draftforge-plugin.h>

G_BEGIN_DECLS

#define DF_TYPE_EPUB_EXPORTER (df_epub_exporter_get_type ())
G_DECLARE_FINAL_TYPE (DfEpubExporter, df_epub_exporter, DF, EPUB_EXPORTER, GObject)

#define DF_TYPE_HTML_EXPORTER (df_html_exporter_get_type ())
G_DECLARE_FINAL_TYPE (DfHtmlExporter, df_html_exporter, DF, HTML_EXPORTER, GObject)

#define DF_TYPE_MARKDOWN_EXPORTER (df_markdown_exporter_get_type ())
G_DECLARE_FINAL_TYPE (DfMarkdownExporter, df_markdown_exporter, DF, MARKDOWN_EXPORTER, GObject)

#define DF_TYPE_PDF_EXPORTER (df_pdf_exporter_get_type ())
G_DECLARE_FINAL_TYPE (DfPdfExporter, df_pdf_exporter, DF, PDF_EXPORTER, GObject)

#define DF_TYPE_DOCX_EXPORTER (df_docx_exporter_get_type ())
G_DECLARE_FINAL_TYPE (DfDocxExporter, df_docx_exporter, DF, DOCX_EXPORTER, GObject)

G_END_DECLS
