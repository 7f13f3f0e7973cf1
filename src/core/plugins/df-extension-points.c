/* df-extension-points.c: the small extension point interfaces
 *
 * DfReaderTransform, DfSyncBackend and DfUiExtension; DfExporter has its
 * own file (df-exporter.c), DfAgent too (df-agent.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugin"

#include "config.h"


#include <glib/gi18n-lib.h>

#include "df-reader-transform.h"
#include "df-store-private.h"
#include "df-sync-backend.h"
#include "df-ui-extension.h"

/* ---- reader transforms ----------------------------------------------- */

G_DEFINE_INTERFACE (DfReaderTransform, df_reader_transform, G_TYPE_OBJECT)

static void
df_reader_transform_default_init (DfReaderTransformInterface *iface)
{
}

const char *
df_reader_transform_get_name (DfReaderTransform *self)
{
  g_return_val_if_fail (DF_IS_READER_TRANSFORM (self), NULL);
  return DF_READER_TRANSFORM_GET_IFACE (self)->get_name (self);
}

char *
df_reader_transform_transform (DfReaderTransform  *self,
                               DfStore            *store,
                               const DfProfile    *profile,
                               const DfChapter    *chapter,
                               GCancellable       *cancellable,
                               GError            **error)
{
  g_return_val_if_fail (DF_IS_READER_TRANSFORM (self), NULL);
  return DF_READER_TRANSFORM_GET_IFACE (self)->transform (self, store, profile, chapter, cancellable, error);
}

/* ---- sync backends --------------------------------------------------- */

G_DEFINE_INTERFACE (DfSyncBackend, df_sync_backend, G_TYPE_OBJECT)

static void
df_sync_backend_default_init (DfSyncBackendInterface *iface)
{
}

const char *
df_sync_backend_get_id (DfSyncBackend *self)
{
  g_return_val_if_fail (DF_IS_SYNC_BACKEND (self), NULL);
  return DF_SYNC_BACKEND_GET_IFACE (self)->get_id (self);
}

const char *
df_sync_backend_get_name (DfSyncBackend *self)
{
  g_return_val_if_fail (DF_IS_SYNC_BACKEND (self), NULL);
  return DF_SYNC_BACKEND_GET_IFACE (self)->get_name (self);
}

char *
df_sync_backend_sync (DfSyncBackend       *self,
                      DfStore             *store,
                      gint64               project_id,
                      const char          *remote,
                      DfSyncProgressFunc   progress,
                      gpointer             progress_data,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_return_val_if_fail (DF_IS_SYNC_BACKEND (self), NULL);
  return DF_SYNC_BACKEND_GET_IFACE (self)->sync (self, store, project_id, remote, progress,
                                                 progress_data, cancellable, error);
}

/* ---- UI extensions --------------------------------------------------- */

G_DEFINE_INTERFACE (DfUiExtension, df_ui_extension, G_TYPE_OBJECT)

static void
df_ui_extension_default_init (DfUiExtensionInterface *iface)
{
}

void
df_ui_extension_set_project (DfUiExtension *self,
                             DfStore       *store,
                             gint64         project_id)
{
  g_return_if_fail (DF_IS_UI_EXTENSION (self));
  if (DF_UI_EXTENSION_GET_IFACE (self)->set_project != NULL)
    DF_UI_EXTENSION_GET_IFACE (self)->set_project (self, store, project_id);
}

GActionGroup *
df_ui_extension_get_actions (DfUiExtension *self)
{
  g_return_val_if_fail (DF_IS_UI_EXTENSION (self), NULL);
  if (DF_UI_EXTENSION_GET_IFACE (self)->get_actions == NULL)
    return NULL;
  return DF_UI_EXTENSION_GET_IFACE (self)->get_actions (self);
}

GMenuModel *
df_ui_extension_get_menu (DfUiExtension *self)
{
  g_return_val_if_fail (DF_IS_UI_EXTENSION (self), NULL);
  if (DF_UI_EXTENSION_GET_IFACE (self)->get_menu == NULL)
    return NULL;
  return DF_UI_EXTENSION_GET_IFACE (self)->get_menu (self);
}

const char *
df_ui_extension_get_panel_title (DfUiExtension *self)
{
  g_return_val_if_fail (DF_IS_UI_EXTENSION (self), NULL);
  if (DF_UI_EXTENSION_GET_IFACE (self)->get_panel_title == NULL)
    return NULL;
  return DF_UI_EXTENSION_GET_IFACE (self)->get_panel_title (self);
}

GObject *
df_ui_extension_create_panel (DfUiExtension *self)
{
  g_return_val_if_fail (DF_IS_UI_EXTENSION (self), NULL);
  if (DF_UI_EXTENSION_GET_IFACE (self)->create_panel == NULL)
    return NULL;
  return DF_UI_EXTENSION_GET_IFACE (self)->create_panel (self);
}

void
df_ui_extension_chapter_opened (DfUiExtension *self,
                                gint64         chapter_id)
{
  g_return_if_fail (DF_IS_UI_EXTENSION (self));
  if (DF_UI_EXTENSION_GET_IFACE (self)->chapter_opened != NULL)
    DF_UI_EXTENSION_GET_IFACE (self)->chapter_opened (self, chapter_id);
}

void
df_ui_extension_chapter_saved (DfUiExtension *self,
                               gint64         chapter_id)
{
  g_return_if_fail (DF_IS_UI_EXTENSION (self));
  if (DF_UI_EXTENSION_GET_IFACE (self)->chapter_saved != NULL)
    DF_UI_EXTENSION_GET_IFACE (self)->chapter_saved (self, chapter_id);
}

void
df_ui_extension_chapter_changed (DfUiExtension *self,
                                 gint64         chapter_id)
{
  g_return_if_fail (DF_IS_UI_EXTENSION (self));
  if (DF_UI_EXTENSION_GET_IFACE (self)->chapter_changed != NULL)
    DF_UI_EXTENSION_GET_IFACE (self)->chapter_changed (self, chapter_id);
}

/* ---- services of the application to its UI extensions -------------- */

static DfShowChapterFunc chapter_shower;

void
df_ui_extension_set_chapter_shower (DfShowChapterFunc func)
{
  chapter_shower = func;
}

gboolean
df_ui_extension_show_chapter (gint64      chapter_id,
                              int         line,
                              const char *words)
{
  return chapter_shower != NULL && chapter_shower (chapter_id, line, words);
}

static DfRenderMarkdownFunc markdown_renderer;

void
df_ui_extension_set_markdown_renderer (DfRenderMarkdownFunc func)
{
  markdown_renderer = func;
}

gboolean
df_ui_extension_render_markdown (GObject    *text_buffer,
                                 const char *markdown)
{
  g_return_val_if_fail (G_IS_OBJECT (text_buffer), FALSE);

  if (markdown_renderer == NULL)
    return FALSE;
  markdown_renderer (text_buffer, markdown != NULL ? markdown : "");
  return TRUE;
}
