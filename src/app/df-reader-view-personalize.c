/* df-reader-view-personalize.c: "Original / Personalized for <profile>"
 *
 * With the header's Personalize toggle on, the chapter goes through the
 * reader transforms the plugins provide (the personaliser: the author's
 * level blocks chosen for the profile, the Key terms box for a beginner)
 * in a worker thread with its own connection, and the result is shown
 * with a line saying for whom.  Switching back shows the original at
 * once; reading progress is kept for the chapter either way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "df-level-blocks.h"
#include "df-plugin-host.h"
#include "df-profile-choices.h"
#include "df-reader-transform.h"
#include "df-reader-view-private.h"

typedef struct
{
  char      *db_path;
  char      *profile_id;
  gint64     chapter_id;
  GPtrArray *transforms;   /* DfReaderTransform*, referenced */
} Job;

static void
job_free (Job *job)
{
  g_free (job->db_path);
  g_free (job->profile_id);
  g_ptr_array_unref (job->transforms);
  g_free (job);
}

/* ---- the worker ---------------------------------------------------------- */

static void
transform_thread (GTask        *task,
                  gpointer      source G_GNUC_UNUSED,
                  gpointer      data,
                  GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;
  g_autoptr(DfStore) store = df_store_open (job->db_path, &error);
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(DfChapter) chapter = NULL;

  if (store == NULL ||
      (profile = df_profile_get (store, job->profile_id, &error)) == NULL ||
      (chapter = df_chapter_get (store, job->chapter_id, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < job->transforms->len; i++)
    {
      char *text = df_reader_transform_transform (job->transforms->pdata[i], store, profile, chapter,
                                                  cancellable, &error);
      if (text == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_free (chapter->content_md);
      chapter->content_md = text;
    }
  g_task_return_pointer (task, g_steal_pointer (&chapter), (GDestroyNotify)df_chapter_free);
}

/* ---- helpers -------------------------------------------------------------- */

static GPtrArray *
transforms_of (DfReaderView *self)
{
  DfPluginHost *host = self->session != NULL ? df_session_get_plugin_host (self->session) : NULL;

  return host != NULL ? df_plugin_host_get_reader_transforms (host) : NULL;
}

static void
show (DfReaderView    *self,
      const DfChapter *chapter)
{
  g_autofree char *text = _df_reader_view_with_title (chapter);

  df_markdown_view_set_markdown (self->markdown_view, self->store, self->project_id, text);
}

static void
set_label (DfReaderView *self,
           gboolean      personalized)
{
  g_autoptr(DfProfile) profile = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->personalize_label), personalized);
  if (!personalized || self->profile_id == NULL)
    return;
  profile = df_profile_get (self->store, self->profile_id, NULL);
  if (profile == NULL)
    return;
  /* Translators: "Personalized for Amina · Beginner": the profile's name
   * and the reader's level */
  text = g_strdup_printf (_("Personalized for %s · %s"), profile->display_name,
                          df_profile_value_label ("experience_level", df_personalize_reader_level (profile)));
  gtk_label_set_text (self->personalize_label, text);
}

/* ---- callbacks ------------------------------------------------------------- */

static void
transformed_cb (GObject      *source G_GNUC_UNUSED,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(DfReaderView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfChapter) chapter = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->personalize_cancel);
  if (chapter == NULL)
    {
      g_autoptr(DfChapter) original = df_chapter_get (self->store, self->chapter_id, NULL);

      g_warning ("Could not personalize the chapter: %s", error->message);
      if (original != NULL)
        show (self, original);
      set_label (self, FALSE);
      return;
    }
  if (chapter->id != self->chapter_id)
    return;
  show (self, chapter);
  set_label (self, TRUE);
}

/* ---- private API ------------------------------------------------------------ */

gboolean
_df_reader_view_can_personalize (DfReaderView *self)
{
  g_autoptr(GPtrArray) transforms = NULL;

  if (self->profile_id == NULL || self->store == NULL)
    return FALSE;
  transforms = transforms_of (self);
  return transforms != NULL && transforms->len > 0;
}

void
_df_reader_view_show_chapter (DfReaderView    *self,
                              const DfChapter *chapter)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_cancellable_cancel (self->personalize_cancel);
  g_clear_object (&self->personalize_cancel);
  gtk_widget_set_sensitive (GTK_WIDGET (self->personalize_button), _df_reader_view_can_personalize (self));
  if (!gtk_toggle_button_get_active (self->personalize_button) || !_df_reader_view_can_personalize (self))
    {
      show (self, chapter);
      set_label (self, FALSE);
      return;
    }

  job = g_new0 (Job, 1);
  job->db_path = g_strdup (df_session_get_db_path (self->session));
  job->profile_id = g_strdup (self->profile_id);
  job->chapter_id = chapter->id;
  job->transforms = g_ptr_array_new_with_free_func (g_object_unref);
  {
    g_autoptr(GPtrArray) transforms = transforms_of (self);
    for (guint i = 0; i < transforms->len; i++)
      g_ptr_array_add (job->transforms, g_object_ref (transforms->pdata[i]));
  }
  self->personalize_cancel = g_cancellable_new ();
  task = g_task_new (NULL, self->personalize_cancel, transformed_cb, g_object_ref (self));
  g_task_set_source_tag (task, _df_reader_view_show_chapter);
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);
  g_task_run_in_thread (task, transform_thread);
}

void
_df_reader_view_personalize_toggled (DfReaderView *self)
{
  g_autoptr(DfChapter) chapter = NULL;

  if (self->store == NULL || self->chapter_id == 0)
    return;
  chapter = df_chapter_get (self->store, self->chapter_id, NULL);
  if (chapter != NULL)
    _df_reader_view_show_chapter (self, chapter);
}

gboolean
_df_reader_view_is_personalized (DfReaderView *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->personalize_label));
}
