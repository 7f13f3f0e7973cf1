/* df-extension-points.c: the small extension point interfaces
 *
 * DfReaderTransform, DfSyncBackend and DfUiExtension; DfExporter has its
 * own file (df-exporter.c), DfAgent too (df-agent.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugin"

#include "config.h"


#include <errno.h>

#include <glib/gi18n-lib.h>

#include "df-plugin-host-private.h"
#include "df-reader-transform.h"
#include "df-store-private.h"
#include "df-sync-backend.h"
#include "df-ui-extension.h"

/* ---- waiting for an async call ---------------------------------------- */

GMainContext *
_df_plugin_wait_begin (void)
{
  GMainContext *context = g_main_context_new ();

  g_main_context_push_thread_default (context);
  return context;
}

void
_df_plugin_wait_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      slot)
{
  *(GAsyncResult **)slot = g_object_ref (result);
}

GAsyncResult *
_df_plugin_wait_end (GMainContext  *context,
                     GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
  return *slot;
}

/* ---- reader transforms ----------------------------------------------- */

G_DEFINE_INTERFACE (DfReaderTransform, df_reader_transform, G_TYPE_OBJECT)

typedef struct
{
  DfStore   *store;
  DfProfile *profile;
  DfChapter *chapter;
} TransformData;

/* Copies for a call that outlives its caller's. */
static DfChapter *
chapter_copy (const DfChapter *c)
{
  DfChapter *copy = g_new0 (DfChapter, 1);

  *copy = *c;
  copy->title = g_strdup (c->title);
  copy->slug = g_strdup (c->slug);
  copy->kind = g_strdup (c->kind);
  copy->content_md = g_strdup (c->content_md);
  copy->content_hash = g_strdup (c->content_hash);
  copy->prerequisites = g_strdup (c->prerequisites);
  copy->created_at = g_strdup (c->created_at);
  copy->updated_at = g_strdup (c->updated_at);
  copy->status = g_strdup (c->status);
  copy->synopsis = g_strdup (c->synopsis);
  copy->notes = g_strdup (c->notes);
  copy->pov = g_strdup (c->pov);
  return copy;
}

static DfProfile *
profile_copy (const DfProfile *p)
{
  DfProfile *copy = g_new0 (DfProfile, 1);

  *copy = *p;
  copy->id = g_strdup (p->id);
  copy->display_name = g_strdup (p->display_name);
  copy->email = g_strdup (p->email);
  copy->experience_level = g_strdup (p->experience_level);
  copy->education_level = g_strdup (p->education_level);
  copy->programming_experience = g_strdup (p->programming_experience);
  copy->ai_ml_experience = g_strdup (p->ai_ml_experience);
  copy->learning_goals = g_strdup (p->learning_goals);
  copy->preferred_language = g_strdup (p->preferred_language);
  copy->profile_data = g_strdup (p->profile_data);
  copy->created_at = g_strdup (p->created_at);
  copy->updated_at = g_strdup (p->updated_at);
  return copy;
}

static void
transform_data_free (TransformData *data)
{
  g_clear_object (&data->store);
  g_clear_pointer (&data->profile, df_profile_free);
  g_clear_pointer (&data->chapter, df_chapter_free);
  g_free (data);
}

static void
transform_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  TransformData *data = task_data;
  DfReaderTransformInterface *iface = DF_READER_TRANSFORM_GET_IFACE (source);
  GError *error = NULL;
  char *text = NULL;

  if (iface->transform == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, g_strerror (ENOTSUP));
  else
    text = iface->transform (source, data->store, data->profile, data->chapter, cancellable, &error);
  if (text == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, text, g_free);
}

/* The default transform_async: transform in a thread. */
static void
default_transform_async (DfReaderTransform   *self,
                         DfStore             *store,
                         const DfProfile     *profile,
                         const DfChapter     *chapter,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  TransformData *data = g_new0 (TransformData, 1);

  data->store = g_object_ref (store);
  data->profile = profile != NULL ? profile_copy (profile) : NULL;
  data->chapter = chapter_copy (chapter);
  g_task_set_source_tag (task, default_transform_async);
  g_task_set_task_data (task, data, (GDestroyNotify)transform_data_free);
  g_task_run_in_thread (task, transform_thread);
}

static char *
default_transform_finish (DfReaderTransform  *self,
                          GAsyncResult       *result,
                          GError            **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
df_reader_transform_default_init (DfReaderTransformInterface *iface)
{
  iface->transform_async = default_transform_async;
  iface->transform_finish = default_transform_finish;
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
  DfReaderTransformInterface *iface;

  g_return_val_if_fail (DF_IS_READER_TRANSFORM (self), NULL);
  iface = DF_READER_TRANSFORM_GET_IFACE (self);
  if (iface->transform == NULL && iface->transform_async != default_transform_async)
    {
      /* Asynchronous only: the host waits for it here. */
      g_autoptr(GAsyncResult) result = NULL;
      GMainContext *context = _df_plugin_wait_begin ();

      iface->transform_async (self, store, profile, chapter, cancellable, _df_plugin_wait_cb, &result);
      _df_plugin_wait_end (context, &result);
      return iface->transform_finish (self, result, error);
    }
  if (iface->transform == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, g_strerror (ENOTSUP));
      return NULL;
    }
  return iface->transform (self, store, profile, chapter, cancellable, error);
}

void
df_reader_transform_transform_async (DfReaderTransform   *self,
                                     DfStore             *store,
                                     const DfProfile     *profile,
                                     const DfChapter     *chapter,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (DF_IS_READER_TRANSFORM (self));
  DF_READER_TRANSFORM_GET_IFACE (self)->transform_async (self, store, profile, chapter, cancellable, callback,
                                                         user_data);
}

char *
df_reader_transform_transform_finish (DfReaderTransform  *self,
                                      GAsyncResult       *result,
                                      GError            **error)
{
  g_return_val_if_fail (DF_IS_READER_TRANSFORM (self), NULL);
  return DF_READER_TRANSFORM_GET_IFACE (self)->transform_finish (self, result, error);
}

/* ---- sync backends --------------------------------------------------- */

G_DEFINE_INTERFACE (DfSyncBackend, df_sync_backend, G_TYPE_OBJECT)

typedef struct
{
  DfStore            *store;
  gint64              project_id;
  char               *remote;
  DfSyncProgressFunc  progress;
  gpointer            progress_data;
} SyncData;

static void
sync_data_free (SyncData *data)
{
  g_clear_object (&data->store);
  g_free (data->remote);
  g_free (data);
}

static void
sync_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SyncData *data = task_data;
  DfSyncBackendInterface *iface = DF_SYNC_BACKEND_GET_IFACE (source);
  GError *error = NULL;
  char *summary = NULL;

  if (iface->sync == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, g_strerror (ENOTSUP));
  else
    summary = iface->sync (source, data->store, data->project_id, data->remote, data->progress, data->progress_data,
                           cancellable, &error);
  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, g_free);
}

/* The default sync_async: sync in a thread (@progress called from it). */
static void
default_sync_async (DfSyncBackend       *self,
                    DfStore             *store,
                    gint64               project_id,
                    const char          *remote,
                    DfSyncProgressFunc   progress,
                    gpointer             progress_data,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  SyncData *data = g_new0 (SyncData, 1);

  data->store = g_object_ref (store);
  data->project_id = project_id;
  data->remote = g_strdup (remote);
  data->progress = progress;
  data->progress_data = progress_data;
  g_task_set_source_tag (task, default_sync_async);
  g_task_set_task_data (task, data, (GDestroyNotify)sync_data_free);
  g_task_run_in_thread (task, sync_thread);
}

static char *
default_sync_finish (DfSyncBackend  *self,
                     GAsyncResult   *result,
                     GError        **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
df_sync_backend_default_init (DfSyncBackendInterface *iface)
{
  iface->sync_async = default_sync_async;
  iface->sync_finish = default_sync_finish;
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
  DfSyncBackendInterface *iface;

  g_return_val_if_fail (DF_IS_SYNC_BACKEND (self), NULL);
  iface = DF_SYNC_BACKEND_GET_IFACE (self);
  if (iface->sync == NULL && iface->sync_async != default_sync_async)
    {
      /* Asynchronous only: the host waits for it here. */
      g_autoptr(GAsyncResult) result = NULL;
      GMainContext *context = _df_plugin_wait_begin ();

      iface->sync_async (self, store, project_id, remote, progress, progress_data, cancellable, _df_plugin_wait_cb,
                         &result);
      _df_plugin_wait_end (context, &result);
      return iface->sync_finish (self, result, error);
    }
  if (_df_sync_backend_lacks ((gconstpointer) iface->sync, error))
    return NULL;
  return iface->sync (self, store, project_id, remote, progress, progress_data, cancellable, error);
}

void
df_sync_backend_sync_async (DfSyncBackend       *self,
                            DfStore             *store,
                            gint64               project_id,
                            const char          *remote,
                            DfSyncProgressFunc   progress,
                            gpointer             progress_data,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (DF_IS_SYNC_BACKEND (self));
  DF_SYNC_BACKEND_GET_IFACE (self)->sync_async (self, store, project_id, remote, progress, progress_data,
                                                cancellable, callback, user_data);
}

char *
df_sync_backend_sync_finish (DfSyncBackend  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (DF_IS_SYNC_BACKEND (self), NULL);
  return DF_SYNC_BACKEND_GET_IFACE (self)->sync_finish (self, result, error);
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
