/* df-reader-transform.h: the reader transform extension point
 *
 * A reader transform turns a chapter's Markdown into what a given profile
 * reads (the personaliser adapts a chapter to a reader's background).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined (__DRAFTFORGE_PLUGIN_H_INSIDE__) && !defined (DRAFTFORGE_COMPILATION)
# error "Only <draftforge-plugin.h> can be included directly."
#endif

#include "df-extern.h"

#include <gio/gio.h>

#include "df-model.h"

G_BEGIN_DECLS

#define DF_TYPE_READER_TRANSFORM (df_reader_transform_get_type ())
DF_EXTERN
G_DECLARE_INTERFACE (DfReaderTransform, df_reader_transform, DF, READER_TRANSFORM, GObject)

struct _DfReaderTransformInterface
{
  GTypeInterface parent_iface;

  const char *(*get_name)  (DfReaderTransform *self);
  /* Runs in a worker thread.  Returns new Markdown for @profile (which may
   * be NULL: no active profile), or NULL with @error. */
  char       *(*transform) (DfReaderTransform  *self,
                            DfStore            *store,
                            const DfProfile    *profile,
                            const DfChapter    *chapter,
                            GCancellable       *cancellable,
                            GError            **error);

  /* Optional, added after API 2 (at the end: older plugins keep working):
   * the same for a transform that waits on disk or the network.  The
   * defaults run transform in a thread; a transform may give these
   * instead of transform, and the host calls them.  @profile and
   * @chapter are only valid during the call: copy what is needed. */
  void        (*transform_async)  (DfReaderTransform   *self,
                                   DfStore             *store,
                                   const DfProfile     *profile,
                                   const DfChapter     *chapter,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
  char       *(*transform_finish) (DfReaderTransform   *self,
                                   GAsyncResult        *result,
                                   GError             **error);
};

DF_EXTERN
const char *df_reader_transform_get_name  (DfReaderTransform  *self);
DF_EXTERN
char       *df_reader_transform_transform (DfReaderTransform  *self,
                                           DfStore            *store,
                                           const DfProfile    *profile,
                                           const DfChapter    *chapter,
                                           GCancellable       *cancellable,
                                           GError            **error);
DF_EXTERN
void        df_reader_transform_transform_async  (DfReaderTransform   *self,
                                                  DfStore             *store,
                                                  const DfProfile     *profile,
                                                  const DfChapter     *chapter,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
DF_EXTERN
char       *df_reader_transform_transform_finish (DfReaderTransform   *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
