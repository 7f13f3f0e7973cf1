/* df-scaled-image.h: a texture shown at most as wide as the text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "df-store.h"

G_BEGIN_DECLS

#define DF_TYPE_SCALED_IMAGE (df_scaled_image_get_type ())
G_DECLARE_FINAL_TYPE (DfScaledImage, df_scaled_image, DF, SCALED_IMAGE, GObject)

/* A GdkPaintable of @texture, scaled down (keeping its aspect) to
 * @max_width pixels when it is wider; 0: no limit. */
DfScaledImage *df_scaled_image_new           (GdkTexture    *texture,
                                              int            max_width);
/* The image at @url (relative, as Markdown names it) among the assets
 * of @project_id, or NULL when there is none or it cannot be read.
 * Remote images are never fetched. */
DfScaledImage *df_scaled_image_new_for_asset (DfStore       *store,
                                              gint64         project_id,
                                              const char    *url,
                                              int            max_width);
/* The width the text asks for: a @fraction of the column (0: none), or
 * @pixels (0: none); still never wider than the column. */
void           df_scaled_image_ask_width     (DfScaledImage *self,
                                              double         fraction,
                                              int            pixels);
/* Invalidates the size when the width shown changes. */
void           df_scaled_image_set_max_width (DfScaledImage *self,
                                              int            max_width);

G_END_DECLS
