/* exporter-zip.c: opening and closing the archives EPUB, DOCX and
 * zipped Markdown are written into
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

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

/* Larger entries wait for zip_close () in a file, not in memory. */
#define SPOOL_FROM_BYTES (64 * 1024)

zip_source_t *
exporter_zip_source (zip_t       *zip,
                     char       **spool_dir,
                     gpointer     data,
                     gsize        len,
                     GError     **error)
{
  static gint files;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  zip_source_t *source;

  if (len < SPOOL_FROM_BYTES)
    {
      source = zip_source_buffer (zip, data, len, 1);
      if (source == NULL)
        g_free (data);
      return source;
    }

  if (*spool_dir == NULL && (*spool_dir = g_dir_make_tmp ("draftforge-spool-XXXXXX", &local_error)) == NULL)
    {
      g_free (data);
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot make a temporary folder for the export: %s"),
                   local_error->message);
      return NULL;
    }
  path = g_strdup_printf ("%s/%d", *spool_dir, g_atomic_int_add (&files, 1));
  if (!g_file_set_contents (path, data, (gssize) len, &local_error))
    {
      g_free (data);
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Cannot write a temporary file for the export: %s"),
                   local_error->message);
      return NULL;
    }
  g_free (data);
  return zip_source_file (zip, path, 0, -1);
}

void
exporter_zip_spool_remove (char **spool_dir)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (*spool_dir == NULL)
    return;
  dir = g_dir_open (*spool_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (*spool_dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (*spool_dir);
  g_clear_pointer (spool_dir, g_free);
}
