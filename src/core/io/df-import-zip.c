/* df-import-zip.c: the parts of a zipped document (.docx, .odt) an
 * import reads, with libarchive opened on first use
 *
 * Only the parts asked for are read, each at most 256 MB (what it really
 * holds, not what the zip says: a zip bomb stops there).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-import"

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "df-error.h"
#include "df-import-private.h"
#include "df-library-private.h"

#define MAX_PART_BYTES (256 * 1024 * 1024)

#define ARCHIVE_FUNCTIONS(X, t) \
  X (t, archive_entry_pathname) \
  X (t, archive_error_string) \
  X (t, archive_read_data) \
  X (t, archive_read_free) \
  X (t, archive_read_new) \
  X (t, archive_read_next_header) \
  X (t, archive_read_open_filename) \
  X (t, archive_read_support_format_zip)

static struct
{
  ARCHIVE_FUNCTIONS (DF_LIBRARY_FUNCTION, _)
} la;
DF_LIBRARY_DEFINE (archive_library, la, DF_LIBARCHIVE_SONAME,
                   N_("A Word or OpenDocument file cannot be imported without it."), ARCHIVE_FUNCTIONS);

/* Reads the entry at hand into @slot; FALSE with @error when it cannot. */
static gboolean
read_entry (struct archive  *a,
            const char      *display,
            const char      *name,
            GBytes         **slot,
            GError         **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  char buffer[64 * 1024];
  la_ssize_t n;

  while ((n = la.archive_read_data (a, buffer, sizeof buffer)) > 0 && data->len <= MAX_PART_BYTES)
    g_byte_array_append (data, (const guint8 *) buffer, n);
  if (n < 0 || data->len > MAX_PART_BYTES)
    {
      if (n < 0)
        g_set_error (error, DF_ERROR, DF_ERROR_IMPORT, _("“%s” is damaged: %s cannot be read"), display, name);
      else
        g_set_error (error, DF_ERROR, DF_ERROR_IMPORT, _("“%s” is too large: %s holds over 256 MB"), display, name);
      return FALSE;
    }
  g_clear_pointer (slot, g_bytes_unref);
  *slot = g_byte_array_free_to_bytes (g_steal_pointer (&data));
  return TRUE;
}

gboolean
_df_import_read_zip (const char          *path,
                     const char          *display,
                     const char * const  *names,
                     GBytes             **parts,
                     GError             **error)
{
  struct archive *a;
  struct archive_entry *entry;
  gboolean ok = TRUE;
  int r;

  for (guint i = 0; names[i] != NULL; i++)
    parts[i] = NULL;
  if (!_df_library_load (&archive_library, error))
    return FALSE;
  a = la.archive_read_new ();
  la.archive_read_support_format_zip (a);
  if (la.archive_read_open_filename (a, path, 64 * 1024) != ARCHIVE_OK)
    {
      g_set_error_literal (error, DF_ERROR, DF_ERROR_INVALID, la.archive_error_string (a));
      la.archive_read_free (a);
      return FALSE;
    }
  while (ok && (r = la.archive_read_next_header (a, &entry)) == ARCHIVE_OK)
    {
      const char *name = la.archive_entry_pathname (entry);

      for (guint i = 0; ok && names[i] != NULL; i++)
        if (g_strcmp0 (name, names[i]) == 0)
          ok = read_entry (a, display, name, &parts[i], error);
    }
  if (ok && r != ARCHIVE_EOF)
    {
      g_set_error_literal (error, DF_ERROR, DF_ERROR_INVALID, la.archive_error_string (a));
      ok = FALSE;
    }
  la.archive_read_free (a);
  for (guint i = 0; !ok && names[i] != NULL; i++)
    g_clear_pointer (&parts[i], g_bytes_unref);
  return ok;
}
