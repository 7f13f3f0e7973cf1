/* exporter-format.c: the exporter types, one for each format
 *
 * Each exporter describes its format in an ExporterFormat (the type's
 * name, the format's names, the extension and MIME type, and its export
 * function).  One class_init, given the format as its class data,
 * attaches it to the type; the interface's functions read it back from
 * the instance's type.
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

static void
exporter_iface_init (gpointer g_iface,
                     gpointer iface_data)
{
  DfExporterInterface *iface = g_iface;

  iface->get_format = exporter_get_format;
  iface->get_name = exporter_get_name;
  iface->get_extension = exporter_get_extension;
  iface->get_mime_type = exporter_get_mime_type;
  iface->export = exporter_export;
}

static void
exporter_class_init (gpointer klass,
                     gpointer class_data)
{
  g_type_set_qdata (G_TYPE_FROM_CLASS (klass), format_quark (), class_data);
}

GType
exporter_format_get_type (const ExporterFormat *format)
{
  static GMutex lock;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  const GTypeInfo info = {
    .class_size = sizeof (GObjectClass),
    .class_init = exporter_class_init,
    .class_data = format,
    .instance_size = sizeof (GObject),
  };
  const GInterfaceInfo exporter_info = { .interface_init = exporter_iface_init };
  GType type = g_type_from_name (format->type_name);

  if (type == 0)
    {
      type = g_type_register_static (G_TYPE_OBJECT, format->type_name, &info, G_TYPE_FLAG_FINAL);
      g_type_add_interface_static (type, DF_TYPE_EXPORTER, &exporter_info);
    }
  return type;
}
