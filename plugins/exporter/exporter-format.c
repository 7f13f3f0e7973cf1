/* exporter-format.c: the DfExporter functions every format shares
 *
 * Each exporter class describes its format in an ExporterFormat (the
 * names, the extension and MIME type, and its export function) and
 * attaches it to its type in class_init; the interface's functions read
 * it back from the instance's type.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "exporter-util.h"

static GQuark
format_quark (void)
{
  return g_quark_from_static_string ("exporter-format");
}

static const ExporterFormat *
lookup_format (DfExporter *exporter)
{
  const ExporterFormat *format = g_type_get_qdata (G_OBJECT_TYPE (exporter), format_quark ());

  g_assert (format != NULL);
  return format;
}

static const char *
exporter_get_format (DfExporter *exporter)
{
  return lookup_format (exporter)->format;
}

static const char *
exporter_get_name (DfExporter *exporter)
{
  return _(lookup_format (exporter)->name);
}

static const char *
exporter_get_extension (DfExporter *exporter)
{
  return lookup_format (exporter)->extension;
}

static const char *
exporter_get_mime_type (DfExporter *exporter)
{
  return lookup_format (exporter)->mime_type;
}

static gboolean
exporter_export (DfExporter       *exporter,
                 DfExportContext  *context,
                 GError          **error)
{
  return lookup_format (exporter)->export (exporter, context, error);
}

void
exporter_iface_init (DfExporterInterface *iface)
{
  iface->get_format = exporter_get_format;
  iface->get_name = exporter_get_name;
  iface->get_extension = exporter_get_extension;
  iface->get_mime_type = exporter_get_mime_type;
  iface->export = exporter_export;
}

void
exporter_class_set_format (GObjectClass         *klass,
                           const ExporterFormat *format)
{
  g_type_set_qdata (G_OBJECT_CLASS_TYPE (klass), format_quark (), (gpointer) format);
}
