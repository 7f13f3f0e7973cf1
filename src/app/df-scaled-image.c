/* df-scaled-image.c: a texture shown at most as wide as the text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-scaled-image"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "df-model.h"
#include "df-scaled-image.h"

struct _DfScaledImage
{
  GObject     parent_instance;

  GdkTexture *texture;
  int         max_width;
  double      width_fraction;   /* of max_width, asked by the text; 0: none */
  int         width_pixels;     /* asked by the text; 0: none */
};

static void df_scaled_image_paintable_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DfScaledImage, df_scaled_image, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      df_scaled_image_paintable_init))

static gboolean
looks_like_svg (GBytes     *bytes,
                const char *mime_type,
                const char *path)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  if (mime_type != NULL && strstr (mime_type, "svg") != NULL)
    return TRUE;
  if (path != NULL && g_str_has_suffix (path, ".svg"))
    return TRUE;
  return len > 4 && g_strstr_len (data, MIN (len, 512), "<svg") != NULL;
}

static GdkTexture *
texture_from_pixbuf_loader (GBytes  *bytes,
                            GError **error)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  gsize len = 0;
  const guchar *data = g_bytes_get_data (bytes, &len);
  GdkPixbuf *pixbuf;

  if (!gdk_pixbuf_loader_write (loader, data, len, error))
    {
      gdk_pixbuf_loader_close (loader, NULL);
      return NULL;
    }
  if (!gdk_pixbuf_loader_close (loader, error))
    return NULL;

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      g_set_error_literal (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_CORRUPT_IMAGE,
                           _("The image could not be read"));
      return NULL;
    }

  return gdk_texture_new_for_pixbuf (pixbuf);
}

static GdkTexture *
load_asset (DfStore    *store,
            gint64      project_id,
            const char *url)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *mime_type = NULL;
  g_autofree char *unescaped = NULL;
  const char *path = url;
  GdkTexture *texture = NULL;

  if (url == NULL || *url == '\0')
    return NULL;

  /* Remote images are never fetched. */
  if (g_str_has_prefix (url, "http:") || g_str_has_prefix (url, "https:") ||
      g_str_has_prefix (url, "data:") || g_str_has_prefix (url, "file:"))
    return NULL;

  unescaped = g_uri_unescape_string (url, NULL);
  if (unescaped != NULL)
    path = unescaped;
  while (g_str_has_prefix (path, "./"))
    path += 2;
  while (*path == '/')
    path++;

  bytes = df_asset_get (store, project_id, path, &mime_type, NULL);
  if (bytes == NULL && path != url)
    bytes = df_asset_get (store, project_id, url, &mime_type, NULL);
  if (bytes == NULL)
    return NULL;

  if (looks_like_svg (bytes, mime_type, path))
    texture = texture_from_pixbuf_loader (bytes, NULL);
  else
    {
      texture = gdk_texture_new_from_bytes (bytes, NULL);
      if (texture == NULL)
        texture = texture_from_pixbuf_loader (bytes, NULL);
    }

  return texture;
}

static int
df_scaled_image_get_intrinsic_width (GdkPaintable *paintable)
{
  DfScaledImage *self = DF_SCALED_IMAGE (paintable);
  int width = gdk_texture_get_width (self->texture);

  /* What the book asks for (mdBook's style="width: 50%"), else the
   * image's own size; never wider than the column. */
  if (self->width_fraction > 0 && self->max_width > 0)
    width = MAX (1, (int)(self->width_fraction * self->max_width + 0.5));
  else if (self->width_pixels > 0)
    width = self->width_pixels;
  return self->max_width > 0 ? MIN (width, self->max_width) : width;
}

static int
df_scaled_image_get_intrinsic_height (GdkPaintable *paintable)
{
  DfScaledImage *self = DF_SCALED_IMAGE (paintable);
  int width = gdk_texture_get_width (self->texture);
  int height = gdk_texture_get_height (self->texture);
  int shown = df_scaled_image_get_intrinsic_width (paintable);

  if (width <= 0)
    return height;
  return MAX (1, (int)((double)height * shown / width + 0.5));
}

static void
df_scaled_image_snapshot (GdkPaintable *paintable,
                          GdkSnapshot  *snapshot,
                          double        width,
                          double        height)
{
  gdk_paintable_snapshot (GDK_PAINTABLE (DF_SCALED_IMAGE (paintable)->texture),
                          snapshot, width, height);
}

static void
df_scaled_image_paintable_init (GdkPaintableInterface *iface)
{
  iface->get_intrinsic_width = df_scaled_image_get_intrinsic_width;
  iface->get_intrinsic_height = df_scaled_image_get_intrinsic_height;
  iface->snapshot = df_scaled_image_snapshot;
}

static void
df_scaled_image_finalize (GObject *object)
{
  DfScaledImage *self = (DfScaledImage *)object;

  g_clear_object (&self->texture);

  G_OBJECT_CLASS (df_scaled_image_parent_class)->finalize (object);
}

static void
df_scaled_image_class_init (DfScaledImageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = df_scaled_image_finalize;
}

static void
df_scaled_image_init (DfScaledImage *self)
{
}

DfScaledImage *
df_scaled_image_new (GdkTexture *texture,
                     int         max_width)
{
  DfScaledImage *self;

  g_return_val_if_fail (GDK_IS_TEXTURE (texture), NULL);

  self = g_object_new (DF_TYPE_SCALED_IMAGE, NULL);
  self->texture = g_object_ref (texture);
  self->max_width = max_width;
  return self;
}

void
df_scaled_image_ask_width (DfScaledImage *self,
                           double         fraction,
                           int            pixels)
{
  g_return_if_fail (DF_IS_SCALED_IMAGE (self));

  self->width_fraction = CLAMP (fraction, 0.0, 1.0);
  self->width_pixels = MAX (pixels, 0);
  gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
}

DfScaledImage *
df_scaled_image_new_for_asset (DfStore    *store,
                               gint64      project_id,
                               const char *url,
                               int         max_width)
{
  g_autoptr(GdkTexture) texture = NULL;

  g_return_val_if_fail (DF_IS_STORE (store), NULL);

  texture = load_asset (store, project_id, url);
  return texture != NULL ? df_scaled_image_new (texture, max_width) : NULL;
}

void
df_scaled_image_set_max_width (DfScaledImage *self,
                               int            max_width)
{
  int before;

  g_return_if_fail (DF_IS_SCALED_IMAGE (self));

  before = df_scaled_image_get_intrinsic_width (GDK_PAINTABLE (self));
  self->max_width = max_width;
  if (df_scaled_image_get_intrinsic_width (GDK_PAINTABLE (self)) != before)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
}
