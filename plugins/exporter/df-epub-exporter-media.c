/* df-epub-exporter-media.c: the entries of an EPUB's archive, and its images
 *
 * Every file goes into the archive through epub_add_entry.
 * The images the chapters show, each once as EPUB/media/image-NNN.ext in
 * order of first use: PNG, JPEG, GIF and SVG (the core media types of
 * EPUB 3; an SVG without its document type declaration); any other image
 * is left out and shows its alternative text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "df-epub-exporter-private.h"

gboolean
epub_add_entry (Epub        *epub,
                const char  *name,
                gpointer     data,
                gsize        len,
                gboolean     compress,
                GError     **error)
{
  g_autoptr(GError) spool_error = NULL;
  zip_source_t *source;
  zip_int64_t index;

  source = exporter_zip_source (epub->zip, &epub->spool_dir, data, len, &spool_error);
  if (source == NULL && spool_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&spool_error));
      return FALSE;
    }
  if (source == NULL)
    goto failed;
  index = zip_file_add (epub->zip, name, source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
  if (index < 0)
    {
      zip_source_free (source);
      goto failed;
    }
  if (zip_set_file_compression (epub->zip, index, compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0) < 0 ||
      zip_file_extra_field_delete (epub->zip, index, ZIP_EXTRA_FIELD_ALL, ZIP_FL_LOCAL | ZIP_FL_CENTRAL) < 0)
    goto failed;
  return TRUE;

failed:
  g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Could not write “%s” into the EPUB: %s"),
               name, zip_strerror (epub->zip));
  return FALSE;
}

void
epub_image_free (gpointer data)
{
  Image *image = data;

  g_free (image->href);
  g_free (image->id);
  g_free (image->mime_type);
  g_bytes_unref (image->data);
  g_free (image);
}

static const char *
image_extension (const char *mime_type)
{
  if (g_strcmp0 (mime_type, "image/svg+xml") == 0)
    return "svg";
  if (g_strcmp0 (mime_type, "image/png") == 0)
    return "png";
  if (g_strcmp0 (mime_type, "image/jpeg") == 0)
    return "jpg";
  if (g_strcmp0 (mime_type, "image/gif") == 0)
    return "gif";
  return NULL;   /* not a core media type of EPUB 3: shown as its alt text */
}

/* EPUB 3 forbids external identifiers and entities in a document type
 * declaration, which SVG files often carry ("-//W3C//DTD SVG 1.1//EN"):
 * the declaration goes, the drawing stays as it is. */
static GBytes *
svg_without_doctype (GBytes *data)
{
  gsize len;
  const char *svg = g_bytes_get_data (data, &len);
  const char *start = g_strstr_len (svg, MIN (len, 4096), "<!DOCTYPE");
  const char *p;
  int depth = 0;
  GByteArray *out;

  if (start == NULL)
    return g_bytes_ref (data);

  for (p = start; p < svg + len; p++)
    {
      if (*p == '[')
        depth++;
      else if (*p == ']')
        depth--;
      else if (*p == '>' && depth <= 0)
        break;
    }
  if (p >= svg + len)
    return g_bytes_ref (data);

  out = g_byte_array_sized_new (len);
  g_byte_array_append (out, (const guint8 *)svg, start - svg);
  g_byte_array_append (out, (const guint8 *)p + 1, svg + len - (p + 1));
  return g_byte_array_free_to_bytes (out);
}

char *
epub_map_image (const char *src,
                gpointer    user_data)
{
  Epub *epub = user_data;
  Image *image;
  gpointer found;

  if (g_hash_table_lookup_extended (epub->images, src, NULL, &found))
    image = found;
  else
    {
      g_autofree char *mime_type = NULL;
      g_autoptr(GError) error = NULL;
      GBytes *data = NULL;
      const char *ext;

      image = NULL;
      if (strstr (src, "://") == NULL && !g_str_has_prefix (src, "data:"))
        data = df_book_get_asset (df_export_context_get_store (epub->context), epub->book,
                                  src, &mime_type, &error);
      if (data != NULL && (ext = image_extension (mime_type)) != NULL)
        {
          image = g_new0 (Image, 1);
          image->id = g_strdup_printf ("image-%03u", epub->image_list->len + 1);
          image->href = g_strdup_printf ("media/%s.%s", image->id, ext);
          image->mime_type = g_steal_pointer (&mime_type);
          if (strcmp (ext, "svg") == 0)
            {
              image->data = svg_without_doctype (data);
              g_bytes_unref (data);
            }
          else
            image->data = data;
          g_ptr_array_add (epub->image_list, image);
        }
      else
        {
          df_export_context_log (epub->context, "Image “%s” left out: %s", src,
                                 data != NULL ? "not a PNG, JPEG, GIF or SVG image"
                                              : (error ? error->message : "not in the project"));
          g_clear_pointer (&data, g_bytes_unref);
        }
      g_hash_table_insert (epub->images, g_strdup (src), image);
    }

  return image ? g_strconcat ("../", image->href, NULL) : NULL;
}

gboolean
epub_write_images (Epub    *epub,
                   GError **error)
{
  for (guint i = 0; i < epub->image_list->len; i++)
    {
      Image *image = g_ptr_array_index (epub->image_list, i);
      g_autofree char *path = g_strconcat ("EPUB/", image->href, NULL);
      gsize len;
      const guint8 *data = g_bytes_get_data (image->data, &len);
      gboolean compress = g_strcmp0 (image->mime_type, "image/svg+xml") == 0;

      if (!epub_add_entry (epub, path, g_memdup2 (data, len), len, compress, error))
        return FALSE;
      g_string_append_printf (epub->manifest, "    <item id=\"%s\" href=\"%s\" media-type=\"%s\" />\n",
                              image->id, image->href, image->mime_type);
    }
  return TRUE;
}
