/* exporter-zip.c: opening and closing the archives EPUB, DOCX and
 * zipped Markdown are written into
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "exporter-util.h"

zip_t *
exporter_zip_open (const char  *path,
                   GError     **error)
{
  int zerr = 0;
  zip_t *zip = zip_open (path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);

  if (zip == NULL)
    {
      zip_error_t ze;

      zip_error_init_with_code (&ze, zerr);
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot write “%s”: %s"), path, zip_error_strerror (&ze));
      zip_error_fini (&ze);
    }
  return zip;
}

gboolean
exporter_zip_close (zip_t       *zip,
                    const char  *path,
                    GError     **error)
{
  if (zip_close (zip) < 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot write “%s”: %s"), path, zip_strerror (zip));
      zip_discard (zip);
      return FALSE;
    }
  return TRUE;
}
