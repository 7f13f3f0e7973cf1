/* df-reader-view-personalize-book.c: "Personalize the Whole Book…"
 *
 * From the reader's personalise bar: first the estimate, in a dialog
 * ("About 180,000 tokens for 12 chapters, 35% of this month's budget",
 * with what is left and when it renews when the budget cannot cover it),
 * worked out in a worker thread; then, if the reader goes on, a run over
 * every chapter not already cached (df_personalize_book: each request
 * reserving its credits and settled with the reported usage), with
 * "Chapter k of n" in the bar and Stop.  A stopped or refused run keeps
 * the chapters done.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "df-personalize.h"
#include "df-reader-view-private.h"
#include "df-utils.h"

/* How far a run is: written by the worker, read by the view's tick. */
typedef struct
{
  gint index;      /* the chapter asked for now, from 0 */
  gint total;      /* the chapters to ask for; 0: not known yet */
} Progress;

typedef struct
{
  char             *db_path;
  char             *profile_id;
  GArray           *chapter_ids;  /* gint64, in the book's order */
  DfPersonalizeKind kind;
  guint             expiry_days;
  Progress         *progress;     /* a reference (g_atomic_rc_box) */
} Job;

/* ---- helpers ----------------------------------------------------------------- */

static void
job_free (Job *job)
{
  g_free (job->db_path);
  g_free (job->profile_id);
  g_array_unref (job->chapter_ids);
  g_atomic_rc_box_release (job->progress);
  g_free (job);
}

static Job *
job_new (DfReaderView *self)
{
  Job *job = g_new0 (Job, 1);
  GSettings *settings = df_session_get_settings (self->session);

  job->db_path = g_strdup (df_session_get_db_path (self->session));
  job->profile_id = g_strdup (self->profile_id);
  job->chapter_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; self->chapters != NULL && i < self->chapters->len; i++)
    g_array_append_val (job->chapter_ids, ((DfChapter *)self->chapters->pdata[i])->id);
  job->kind = (DfPersonalizeKind)gtk_drop_down_get_selected (self->kind_dropdown);
  if (settings != NULL)
    job->expiry_days = (guint)MAX (g_settings_get_int (settings, "personalize-expiry-days"), 0);
  job->progress = g_atomic_rc_box_acquire (self->book_progress);
  return job;
}

/* What a job needs in its thread: its own connection, the profile, the
 * AI settings and the chapters with their text. */
static gboolean
job_load (Job         *job,
          DfStore    **store,
          DfProfile  **profile,
          DfAiConfig **config,
          GPtrArray  **chapters,
          GError     **error)
{
  *store = df_store_open (job->db_path, error);
  if (*store == NULL ||
      (*profile = df_profile_get (*store, job->profile_id, error)) == NULL ||
      (*config = df_ai_config_load (*store, job->profile_id, error)) == NULL)
    return FALSE;
  *chapters = g_ptr_array_new_with_free_func ((GDestroyNotify)df_chapter_free);
  for (guint i = 0; i < job->chapter_ids->len; i++)
    {
      DfChapter *chapter = df_chapter_get (*store, g_array_index (job->chapter_ids, gint64, i), error);
      if (chapter == NULL)
        return FALSE;
      g_ptr_array_add (*chapters, chapter);
    }
  return TRUE;
}

static void
set_busy (DfReaderView *self,
          gboolean      busy)
{
  gtk_widget_set_sensitive (self->book_button, !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->rewrite_button), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), busy);
  if (!busy)
    g_clear_handle_id (&self->book_tick_id, g_source_remove);
}

/* What the bar says when a run ends. */
static char *
describe_run (GPtrArray *items)
{
  guint done = 0, cached = 0, failed = 0, skipped = 0;
  const DfPersonalizeItem *first_failed = NULL;

  for (guint i = 0; i < items->len; i++)
    {
      const DfPersonalizeItem *item = items->pdata[i];
      done += item->status == DF_PERSONALIZE_DONE;
      cached += item->status == DF_PERSONALIZE_CACHED;
      skipped += item->status == DF_PERSONALIZE_SKIPPED;
      if (item->status == DF_PERSONALIZE_FAILED && failed++ == 0)
        first_failed = item;
    }
  if (first_failed != NULL && g_error_matches (first_failed->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* Translators: the chapters rewritten, then all the chapters */
    return g_strdup_printf (_("Stopped: %u of %u chapters are personalized and kept"), done + cached, items->len);
  if (first_failed != NULL && skipped > 0)
    /* Translators: a chapter number, then why the run stopped there */
    return g_strdup_printf (_("Stopped at chapter %" PRId64 ": %s. The chapters done are kept"),
                            first_failed->number, first_failed->error->message);
  if (first_failed != NULL)
    /* Translators: the chapters not personalized, then all the chapters, a chapter number and why */
    return g_strdup_printf (_("%u of %u chapters could not be personalized; chapter %" PRId64 ": %s"),
                            failed, items->len, first_failed->number, first_failed->error->message);
  /* Translators: the chapters rewritten now, then those the cache had */
  return g_strdup_printf (_("The whole book is personalized: %u chapters rewritten, %u from the cache"),
                          done, cached);
}

/* ---- the worker ---------------------------------------------------------------- */

static void
estimate_thread (GTask        *task,
                 gpointer      source G_GNUC_UNUSED,
                 gpointer      data,
                 GCancellable *cancellable G_GNUC_UNUSED)
{
  Job *job = data;
  GError *error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(DfAiConfig) config = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  DfPersonalizeEstimate *estimate;

  if (!job_load (job, &store, &profile, &config, &chapters, &error) ||
      (estimate = df_personalize_book_estimate (store, profile, chapters, job->kind, config->model, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, estimate, (GDestroyNotify)df_personalize_estimate_free);
}

static void
progress_cb (guint                    index,
             guint                    total,
             const DfPersonalizeItem *item G_GNUC_UNUSED,
             gpointer                 data)
{
  Progress *progress = data;

  g_atomic_int_set (&progress->total, (gint)total);
  g_atomic_int_set (&progress->index, (gint)index);
}

static void
run_thread (GTask        *task,
            gpointer      source G_GNUC_UNUSED,
            gpointer      data,
            GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;
  g_autoptr(DfStore) store = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(DfAiConfig) config = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  DfPersonalizeOptions options = { .kind = job->kind, .expiry_days = job->expiry_days };

  if (!job_load (job, &store, &profile, &config, &chapters, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task,
                         df_personalize_book (store, config, profile, chapters, &options, progress_cb, job->progress,
                                              cancellable, NULL),
                         (GDestroyNotify)g_ptr_array_unref);
}

/* ---- callbacks ------------------------------------------------------------------- */

static gboolean
book_tick_cb (gpointer data)
{
  DfReaderView *self = data;
  Progress *progress = self->book_progress;
  gint total = g_atomic_int_get (&progress->total);
  g_autofree char *text = NULL;

  if (total == 0)
    text = g_strdup (_("Personalizing the book…"));
  else
    /* Translators: "Personalizing the book: chapter 2 of 12…" (of the chapters not cached) */
    text = g_strdup_printf (_("Personalizing the book: chapter %d of %d…"),
                            g_atomic_int_get (&progress->index) + 1, total);
  gtk_label_set_text (self->personalize_label, text);
  return G_SOURCE_CONTINUE;
}

static void
run_done_cb (GObject      *source G_GNUC_UNUSED,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(DfReaderView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *text = NULL;

  if (g_task_get_cancellable (G_TASK (result)) != self->book_cancel)
    return;
  g_clear_object (&self->book_cancel);
  set_busy (self, FALSE);
  text = items != NULL ? describe_run (items)
                       : g_strdup_printf (_("Could not personalize the book: %s"), error->message);
  gtk_label_set_text (self->personalize_label, text);
}

static void
start_run (DfReaderView *self)
{
  g_autoptr(GTask) task = NULL;
  Progress *progress = self->book_progress;

  g_atomic_int_set (&progress->index, 0);
  g_atomic_int_set (&progress->total, 0);
  self->book_cancel = g_cancellable_new ();
  set_busy (self, TRUE);
  book_tick_cb (self);
  self->book_tick_id = g_timeout_add (100, book_tick_cb, self);
  task = g_task_new (NULL, self->book_cancel, run_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_run);
  /* stopped, the run still says what it did */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job_new (self), (GDestroyNotify)job_free);
  g_task_run_in_thread (task, run_thread);
}

static void
estimate_response_cb (AdwMessageDialog *dialog G_GNUC_UNUSED,
                      const char       *response,
                      DfReaderView     *self)
{
  if (g_strcmp0 (response, "personalize") == 0 && self->book_cancel == NULL && self->store != NULL)
    start_run (self);
}

static void
estimate_done_cb (GObject      *source G_GNUC_UNUSED,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(DfReaderView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfPersonalizeEstimate) estimate = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *text = NULL;
  AdwMessageDialog *dialog;

  if (g_task_get_cancellable (G_TASK (result)) != self->book_cancel)
    return;
  g_clear_object (&self->book_cancel);
  set_busy (self, FALSE);
  if (estimate == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not personalize the book: %s"), error->message);
      gtk_label_set_text (self->personalize_label, message);
      return;
    }
  text = df_personalize_estimate_describe (estimate);
  if (estimate->chapters == 0)
    {
      df_show_message (GTK_WIDGET (self), _("Personalize the Whole Book"), text);
      return;
    }
  dialog = df_ask (GTK_WIDGET (self), _("Personalize the Whole Book?"), "personalize", _("_Personalize"),
                   ADW_RESPONSE_SUGGESTED);
  if (estimate->cached == 0)
    /* Translators: the estimate ("About 180,000 tokens for 12 chapters, 35%
     * of this month's budget") */
    adw_message_dialog_format_body (dialog, _("%s."), text);
  else
    /* Translators: the estimate ("About 180,000 tokens for 12 chapters, 35%
     * of this month's budget"), then how many chapters the cache has */
    adw_message_dialog_format_body (dialog, g_dngettext (GETTEXT_PACKAGE,
                                                         "%s. %u chapter is already personalized and will not be asked for again.",
                                                         "%s. %u chapters are already personalized and will not be asked for again.",
                                                         estimate->cached),
                                    text, estimate->cached);
  gtk_widget_set_name (GTK_WIDGET (dialog), "book-estimate-dialog");
  g_signal_connect_object (dialog, "response", G_CALLBACK (estimate_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
book_clicked_cb (GtkButton    *button G_GNUC_UNUSED,
                 DfReaderView *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->store == NULL || self->book_cancel != NULL || !_df_reader_view_can_personalize (self))
    return;
  self->book_cancel = g_cancellable_new ();
  set_busy (self, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), FALSE);
  task = g_task_new (NULL, self->book_cancel, estimate_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, book_clicked_cb);
  g_task_set_task_data (task, job_new (self), (GDestroyNotify)job_free);
  g_task_run_in_thread (task, estimate_thread);
}

/* ---- private API ------------------------------------------------------------------- */

void
_df_reader_view_book_init (DfReaderView *self)
{
  self->book_progress = g_atomic_rc_box_new0 (Progress);
  self->book_button = gtk_button_new_with_mnemonic (_("_Whole Book…"));
  gtk_widget_set_name (self->book_button, "book_button");
  gtk_widget_set_tooltip_text (self->book_button, _("Personalize the Whole Book…"));
  g_signal_connect (self->book_button, "clicked", G_CALLBACK (book_clicked_cb), self);
  gtk_box_insert_child_after (self->personalize_bar, self->book_button, GTK_WIDGET (self->rewrite_button));
}

void
_df_reader_view_book_stop (DfReaderView *self)
{
  if (self->book_cancel != NULL)
    g_cancellable_cancel (self->book_cancel);
}

void
_df_reader_view_book_dispose (DfReaderView *self)
{
  if (self->book_cancel != NULL)
    g_cancellable_cancel (self->book_cancel);
  g_clear_object (&self->book_cancel);
  g_clear_handle_id (&self->book_tick_id, g_source_remove);
  g_clear_pointer (&self->book_progress, g_atomic_rc_box_release);
}
