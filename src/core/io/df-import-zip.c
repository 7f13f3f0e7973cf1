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
#include "df-model.h"

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

/* A picture's path as the chapter names it and the project keeps it:
 * letters, digits and "._-/" only, no "..", not absolute. */
static gboolean
safe_picture_path (const char *path)
{
  if (path == NULL || *path == '\0' || *path == '/' || strstr (path, "..") != NULL)
    return FALSE;
  for (const char *p = path; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-' && *p != '/')
      return FALSE;
  return TRUE;
}

char *
_df_import_picture_markdown (const char *entry,
                             const char *key,
                             const char *alt,
                             GPtrArray  *pictures)
{
  GString *out;

  if (!safe_picture_path (entry) || !safe_picture_path (key))
    return NULL;
  out = g_string_new ("![");
  for (const char *p = alt != NULL ? alt : ""; *p != '\0'; p++)
    {
      if (*p == '\n' || *p == '\r')
        {
          g_string_append_c (out, ' ');
          continue;
        }
      if (*p == '[' || *p == ']' || *p == '\\' || *p == '*' || *p == '_' || *p == '`')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_printf (out, "](%s)", key);
  if (!g_ptr_array_find_with_equal_func (pictures, entry, g_str_equal, NULL))
    {
      g_ptr_array_add (pictures, g_strdup (entry));
      g_ptr_array_add (pictures, g_strdup (key));
    }
  return g_string_free (out, FALSE);
}

gboolean
_df_import_store_pictures (DfImportCtx  *ctx,
                           const char   *path,
                           const char   *display,
                           GPtrArray    *pictures,
                           guint        *missing,
                           GError      **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree GBytes **parts = NULL;
  g_autoptr(GError) local = NULL;
  gboolean ok = TRUE;

  *missing = 0;
  if (pictures->len == 0)
    return TRUE;
  for (guint i = 0; i < pictures->len; i += 2)
    g_ptr_array_add (names, pictures->pdata[i]);
  g_ptr_array_add (names, NULL);
  parts = g_new0 (GBytes *, names->len);
  if (!_df_import_read_zip (path, display, (const char * const *) names->pdata, parts, &local))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  for (guint i = 0; i + 1 < names->len; i++)
    {
      const char *key = pictures->pdata[2 * i + 1];
      g_autofree char *content_type = NULL;
      g_autofree char *mime = NULL;
      gsize len = 0;
      const guchar *data = parts[i] != NULL ? g_bytes_get_data (parts[i], &len) : NULL;

      if (parts[i] == NULL)
        {
          (*missing)++;
          continue;
        }
      content_type = g_content_type_guess (key, data, len, NULL);
      mime = content_type != NULL ? g_content_type_get_mime_type (content_type) : NULL;
      ok = ok && df_asset_put (ctx->store, ctx->project_id, key, mime != NULL ? mime : "application/octet-stream",
                               parts[i], error);
    }
  for (guint i = 0; i + 1 < names->len; i++)
    g_clear_pointer (&parts[i], g_bytes_unref);
  return ok;
}

gboolean
_df_import_document_chapters (DfImportCtx  *ctx,
                              const char   *path,
                              const char   *display,
                              GString      *markdown,
                              guint         n_headings,
                              const char   *project_title,
                              const char   *title,
                              GPtrArray    *pictures,
                              GError      **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *stem = _df_import_file_stem (path);
  guint missing = 0;
  gboolean ok;

  if (markdown->len == 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT, _("“%s” holds no text to import"), display);
      return FALSE;
    }
  g_string_append_c (markdown, '\n');
  if (!_df_import_set_root (ctx, dir, error))
    return FALSE;
  if (n_headings > 0)
    ok = _df_import_markdown_text (ctx, markdown->str, markdown->len, stem, project_title, title, TRUE, error);
  else
    ok = _df_import_text_chapters (ctx, markdown->str, markdown->len, project_title, error);
  ok = ok && _df_import_store_pictures (ctx, path, display, pictures, &missing, error);
  ctx->pictures_left_out += missing;
  return ok;
}
