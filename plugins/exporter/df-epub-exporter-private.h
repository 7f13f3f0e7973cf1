/* df-epub-exporter-private.h: what the pieces of the EPUB exporter share
 *
 *   df-epub-exporter.c          the export: the documents, the package
 *   df-epub-exporter-media.c    the images the chapters show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "exporter-xhtml.h"

G_BEGIN_DECLS

typedef struct
{
  char   *href;       /* "media/image-001.svg", relative to EPUB/ */
  char   *id;
  char   *mime_type;
  GBytes *data;
} Image;

typedef struct
{
  DfExportContext *context;
  DfBook          *book;
  zip_t           *zip;
  const char      *lang;
  gboolean         rtl;           /* lang is written right to left */
  char            *title;
  char            *author;        /* NULL: none */
  char            *identifier;
  GPtrArray       *docs;          /* ExporterDoc*, per chapter */
  GHashTable      *images;        /* path as written -> Image* or NULL (missing) */
  GPtrArray       *image_list;    /* Image*, in order of first use */
  int              progress_step;
  /* what the package and the tables of contents list, as the documents
   * are written */
  GString         *manifest;
  GString         *spine;
  GString         *toc;           /* nav.xhtml's entries */
  GString         *ncx_map;
  char            *first_body;    /* the first document of the body, or NULL */
  int              play_order;
  char            *spool_dir;     /* big entries wait here for zip_close () */
} Epub;

/* df-epub-exporter.c -------------------------------------------------- */

/* Adds @data (g_malloc'd, taken) as the entry @name: deflated or, without
 * @compress, stored; no extra fields. */
gboolean epub_add_entry    (Epub        *epub,
                            const char  *name,
                            gpointer     data,
                            gsize        len,
                            gboolean     compress,
                            GError     **error);

/* df-epub-exporter-media.c -------------------------------------------- */

void     epub_image_free   (gpointer     image);
/* An ExporterImageMap: the href of the image @src of the project, from
 * the chapters' folder, or NULL when it is left out. */
char    *epub_map_image    (const char  *src,
                            gpointer     user_data);
/* The images mapped so far into the archive and the manifest. */
gboolean epub_write_images (Epub        *epub,
                            GError     **error);

G_END_DECLS
