/* df-document.c: the open chapter, its text and its saves
 *
 * A save has one way in and one way out:
 *
 *   start_save ()      the only place a save starts: it takes the snapshot
 *                      (the chapter, its text now, and the hash of the text
 *                      last loaded or saved) and hands it to a worker
 *                      thread, which has its own connection to the database;
 *   save_in_thread ()  the work in that thread: one transaction
 *                      (df_chapter_save_merging, which checks base_hash and
 *                      keeps a text that arrived from elsewhere as a
 *                      conflict revision); while another program holds the
 *                      write lock it waits there and tries again, up to
 *                      LOCK_WAIT_MAX_S, and tells the main loop it waits;
 *   save_done ()       the only place a save's result is handled, back on
 *                      the main loop: the saved state, a conflict, the
 *                      retry after a failure (RETRY_FIRST_S, doubling up to
 *                      RETRY_MAX_S), the save queued meanwhile, the callers
 *                      waiting, and "save-finished".
 *
 * The document is modified from the first change until a save of a text
 * with no change after it succeeds: "serial" counts changes, and a save
 * clears "modified" only when serial is still the one of its snapshot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-document"

#include "config.h"

#include "df-diff.h"
#include "df-document.h"
#include "df-long-lines.h"
#include "df-model.h"
#include "df-text.h"
#include "df-worker.h"

#define PAUSE_BEFORE_SAVE_MS 1000
/* How long a save waits in its worker for another program's write lock
 * (in turns of the store's busy timeout) before it fails. */
#define LOCK_WAIT_MAX_S      30
#define LOCK_RETRY_PAUSE_US  (100 * 1000)
/* After a failed save: the first retry, doubling up to the last. */
#define RETRY_FIRST_S        2
#define RETRY_MAX_S          60

typedef struct
{
  DfDocument   *document;    /* unowned: the save's task holds it */
  GMainContext *context;     /* the document's */
  guint         save_id;
  gint64        chapter_id;
  char         *text;
  char         *base_hash;   /* the hash of the text last loaded or saved */
} SaveJob;

/* Tells the document, on its main context, that save @save_id waits for
 * the write lock. */
typedef struct
{
  DfDocument *document;
  guint       save_id;
} LockWait;

struct _DfDocument
{
  GObject          parent_instance;

  GtkSourceBuffer *buffer;
  char            *db_path;
  GApplication    *held;            /* held while a save runs: quitting waits */

  gint64           chapter_id;
  char            *saved_hash;      /* SHA-256 of the text last loaded or saved */
  gint64           saved_words;
  guint64          serial;          /* counts changes to the text */
  guint64          saving_serial;   /* the serial of the text being saved */
  guint            save_id;         /* counts saves started */
  int              autosave_interval;
  int              retry_delay;     /* seconds before the next retry; 0: none failed */
  guint            pause_save_id;
  guint            max_save_id;
  guint            retry_id;

  GPtrArray       *waiters;         /* GTask*, answered when the running save ends */
  GPtrArray       *queued;          /* GTask*, answered by the save after it */

  gboolean         modified;
  gboolean         waiting;         /* the running save waits for the write lock */
  guint            busy : 1;
  guint            failed : 1;      /* the last save failed */
  guint            save_queued : 1;
  guint            loading : 1;
};

G_DEFINE_FINAL_TYPE (DfDocument, df_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_AUTOSAVE_INTERVAL,
  PROP_MODIFIED,
  PROP_WAITING,
  N_PROPS
};

enum {
  CONFLICT,
  SAVE_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void save_done (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data);

static void
save_job_free (SaveJob *job)
{
  g_main_context_unref (job->context);
  g_free (job->text);
  g_free (job->base_hash);
  g_free (job);
}

static void
save_outcome_free (DfSaveOutcome *outcome)
{
  df_save_outcome_clear (outcome);
  g_free (outcome);
}

static void
lock_wait_free (LockWait *wait)
{
  g_object_unref (wait->document);
  g_free (wait);
}

/* Sets @flag, the field of property @prop_id, and notifies a change. */
static void
set_flag (DfDocument *self,
          gboolean   *flag,
          guint       prop_id,
          gboolean    value)
{
  if (*flag == !!value)
    return;

  *flag = !!value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_busy (DfDocument *self,
          gboolean    busy)
{
  if (busy && self->held == NULL && g_application_get_default () != NULL)
    {
      self->held = g_object_ref (g_application_get_default ());
      g_application_hold (self->held);
    }
  else if (!busy && self->held != NULL)
    {
      g_application_release (self->held);
      g_clear_object (&self->held);
    }

  self->busy = !!busy;
}

static void
clear_timers (DfDocument *self)
{
  g_clear_handle_id (&self->pause_save_id, g_source_remove);
  g_clear_handle_id (&self->max_save_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
}

static void
answer_waiters (GPtrArray    *waiters,
                const GError *error)
{
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

/* On the main context: save @wait->save_id waits for the write lock. */
static gboolean
lock_wait_cb (gpointer data)
{
  LockWait *wait = data;
  DfDocument *self = wait->document;

  /* Unless that save is over already. */
  if (self->busy && self->save_id == wait->save_id)
    set_flag (self, &self->waiting, PROP_WAITING, TRUE);
  return G_SOURCE_REMOVE;
}

/* In a worker thread, with the worker's own connection.  Another
 * program's write lock makes an attempt fail with DF_ERROR_BUSY after the
 * store's busy timeout; the save tries again here, so that the main loop
 * never waits for it, until LOCK_WAIT_MAX_S have passed. */
static gpointer
save_in_thread (DfStore       *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  SaveJob *job = data;
  DfSaveOutcome *outcome = g_new0 (DfSaveOutcome, 1);
  gint64 give_up = g_get_monotonic_time () + LOCK_WAIT_MAX_S * G_USEC_PER_SEC;
  g_autoptr(GError) local_error = NULL;
  gboolean told = FALSE;

  /* Typed and taken back: nothing to write, no write lock to take. */
  outcome->hash = df_sha256_hex (job->text, -1);
  if (g_strcmp0 (outcome->hash, job->base_hash) == 0)
    {
      outcome->words = df_text_count_words (job->text, -1);
      return outcome;
    }
  g_clear_pointer (&outcome->hash, g_free);

  for (;;)
    {
      gint64 started = g_get_monotonic_time ();

      if (df_chapter_save_merging (store, job->chapter_id, job->text, job->base_hash, outcome, &local_error))
        break;

      if (!g_error_matches (local_error, DF_ERROR, DF_ERROR_BUSY) ||
          g_get_monotonic_time () >= give_up || g_cancellable_is_cancelled (cancellable))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          save_outcome_free (outcome);
          return NULL;
        }
      g_clear_error (&local_error);

      if (!told)
        {
          LockWait *wait = g_new0 (LockWait, 1);

          wait->document = g_object_ref (job->document);
          wait->save_id = job->save_id;
          g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, lock_wait_cb,
                                      wait, (GDestroyNotify) lock_wait_free);
          told = TRUE;
        }

      /* The busy timeout was the wait; a lock refused at once is not
       * asked for again and again without a pause. */
      if (g_get_monotonic_time () - started < LOCK_RETRY_PAUSE_US)
        g_usleep (LOCK_RETRY_PAUSE_US);
    }

  return outcome;
}

/* The one place a save starts. */
static void
start_save (DfDocument *self)
{
  SaveJob *job = g_new0 (SaveJob, 1);

  g_assert (!self->busy);

  job->document = self;
  job->context = g_main_context_ref_thread_default ();
  job->save_id = ++self->save_id;
  job->chapter_id = self->chapter_id;
  job->text = df_document_dup_text (self);
  job->base_hash = g_strdup (self->saved_hash);
  self->saving_serial = self->serial;
  set_busy (self, TRUE);

  df_worker_run (self->db_path, save_in_thread,
                 job, (GDestroyNotify)save_job_free, (GDestroyNotify)save_outcome_free,
                 NULL, save_done, g_object_ref (self));
}

/* Saves now, or after the running save; @waiter (owned) is answered when
 * that save ends. */
static void
request_save (DfDocument *self,
              GTask      *waiter)
{
  clear_timers (self);

  if (self->busy)
    {
      self->save_queued = TRUE;
      if (waiter != NULL)
        g_ptr_array_add (self->queued, waiter);
      return;
    }

  if (waiter != NULL)
    g_ptr_array_add (self->waiters, waiter);

  if (self->modified && self->chapter_id != 0 && self->db_path != NULL)
    start_save (self);
  else
    {
      g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);

      /* Nothing unsaved. */
      self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
      answer_waiters (waiters, NULL);
    }
}

/* ---- callbacks ------------------------------------------------------- */

/* The pause after typing, the autosave interval or the retry after a
 * failure is over (request_save clears every timer, this one too). */
static gboolean
save_timeout_cb (gpointer data)
{
  request_save (data, NULL);
  return G_SOURCE_REMOVE;
}

static void
buffer_changed_cb (DfDocument *self)
{
  if (self->loading || self->chapter_id == 0)
    return;

  self->serial++;
  set_flag (self, &self->modified, PROP_MODIFIED, TRUE);

  g_clear_handle_id (&self->pause_save_id, g_source_remove);
  self->pause_save_id = g_timeout_add (MIN (PAUSE_BEFORE_SAVE_MS, self->autosave_interval * 1000),
                                       save_timeout_cb, self);
  if (self->max_save_id == 0)
    self->max_save_id = g_timeout_add_seconds (self->autosave_interval, save_timeout_cb, self);
}

static void
save_wait_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* After a failed save: try again in RETRY_FIRST_S seconds, then twice as
 * long after each failure, up to RETRY_MAX_S.  The text stays modified. */
static void
schedule_retry (DfDocument *self)
{
  self->retry_delay = self->retry_delay == 0 ? RETRY_FIRST_S : MIN (self->retry_delay * 2, RETRY_MAX_S);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add_seconds (self->retry_delay, save_timeout_cb, self);
  self->failed = TRUE;
}

static void
saved (DfDocument    *self,
       DfSaveOutcome *outcome)
{
  g_free (self->saved_hash);
  self->saved_hash = g_steal_pointer (&outcome->hash);
  self->saved_words = outcome->words;
  self->retry_delay = 0;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->failed = FALSE;
  /* Whatever was typed during the save is still unsaved. */
  if (self->serial == self->saving_serial)
    set_flag (self, &self->modified, PROP_MODIFIED, FALSE);
}

/* The one place a save's result is handled. */
static void
save_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DfDocument) self = user_data;
  g_autoptr(GPtrArray) waiters = NULL;
  g_autoptr(GError) error = NULL;
  DfSaveOutcome *outcome = df_worker_finish (result, &error);
  gint64 conflict = 0;

  if (outcome != NULL)
    {
      conflict = outcome->conflict_revision_id;
      saved (self, outcome);
      save_outcome_free (outcome);
    }
  else
    schedule_retry (self);

  waiters = g_steal_pointer (&self->waiters);
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  set_flag (self, &self->waiting, PROP_WAITING, FALSE);
  set_busy (self, FALSE);

  if (self->save_queued)
    {
      self->save_queued = FALSE;
      g_ptr_array_extend_and_steal (self->waiters, g_steal_pointer (&self->queued));
      self->queued = g_ptr_array_new_with_free_func (g_object_unref);
      request_save (self, NULL);
    }

  g_signal_emit (self, signals[SAVE_FINISHED], 0, error);
  if (conflict != 0)
    g_signal_emit (self, signals[CONFLICT], 0, conflict);
  answer_waiters (waiters, error);
}

/* ---- GObject --------------------------------------------------------- */

static void
df_document_dispose (GObject *object)
{
  DfDocument *self = (DfDocument *)object;

  clear_timers (self);
  g_clear_object (&self->buffer);

  G_OBJECT_CLASS (df_document_parent_class)->dispose (object);
}

static void
df_document_finalize (GObject *object)
{
  DfDocument *self = (DfDocument *)object;

  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_pointer (&self->queued, g_ptr_array_unref);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->saved_hash, g_free);

  G_OBJECT_CLASS (df_document_parent_class)->finalize (object);
}

static void
df_document_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DfDocument *self = DF_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_AUTOSAVE_INTERVAL:
      g_value_set_int (value, self->autosave_interval);
      break;

    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;

    case PROP_WAITING:
      g_value_set_boolean (value, self->waiting);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
df_document_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  DfDocument *self = DF_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_AUTOSAVE_INTERVAL:
      df_document_set_autosave_interval (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
df_document_class_init (DfDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = df_document_dispose;
  object_class->finalize = df_document_finalize;
  object_class->get_property = df_document_get_property;
  object_class->set_property = df_document_set_property;

  properties[PROP_AUTOSAVE_INTERVAL] =
    g_param_spec_int ("autosave-interval", NULL, NULL,
                      1, 3600, 5,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_WAITING] =
    g_param_spec_boolean ("waiting", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The id of the revision that keeps a text from elsewhere, which this
   * save replaced (df_chapter_save_merging). */
  signals[CONFLICT] =
    g_signal_new ("conflict",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  /* The error, or NULL when the save succeeded. */
  signals[SAVE_FINISHED] =
    g_signal_new ("save-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
df_document_init (DfDocument *self)
{
  self->autosave_interval = 5;
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->queued = g_ptr_array_new_with_free_func (g_object_unref);
}

/* ---- public ---------------------------------------------------------- */

DfDocument *
df_document_new (GtkSourceBuffer *buffer)
{
  DfDocument *self;

  g_return_val_if_fail (GTK_SOURCE_IS_BUFFER (buffer), NULL);

  self = g_object_new (DF_TYPE_DOCUMENT, NULL);
  self->buffer = g_object_ref (buffer);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);
  return self;
}

GtkSourceBuffer *
df_document_get_buffer (DfDocument *self)
{
  g_return_val_if_fail (DF_IS_DOCUMENT (self), NULL);
  return self->buffer;
}

void
df_document_set_db_path (DfDocument *self,
                         const char *db_path)
{
  g_return_if_fail (DF_IS_DOCUMENT (self));

  g_free (self->db_path);
  self->db_path = g_strdup (db_path);
}

void
df_document_load (DfDocument      *self,
                  const DfChapter *chapter)
{
  GtkTextBuffer *buffer;
  GtkTextIter start;

  g_return_if_fail (DF_IS_DOCUMENT (self));
  g_return_if_fail (!self->busy);

  buffer = GTK_TEXT_BUFFER (self->buffer);
  clear_timers (self);
  self->retry_delay = 0;
  self->failed = FALSE;
  self->chapter_id = chapter != NULL ? chapter->id : 0;
  g_free (self->saved_hash);
  self->saved_hash = chapter != NULL ? g_strdup (chapter->content_hash) : NULL;
  self->saved_words = chapter != NULL ? chapter->words : 0;

  /* Loading a chapter is not an edit to undo. */
  self->loading = TRUE;
  df_long_lines_load_text (buffer, chapter != NULL ? chapter->content_md : NULL);
  self->loading = FALSE;

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  self->serial++;
  set_flag (self, &self->modified, PROP_MODIFIED, FALSE);
}

void
df_document_reload (DfDocument      *self,
                    const DfChapter *chapter)
{
  GtkTextBuffer *buffer;
  g_autofree char *old = NULL;
  g_autoptr(GPtrArray) pieces = NULL;
  GtkTextIter at;

  g_return_if_fail (DF_IS_DOCUMENT (self));
  g_return_if_fail (chapter != NULL && chapter->id == self->chapter_id);
  g_return_if_fail (!self->busy && !self->modified);

  buffer = GTK_TEXT_BUFFER (self->buffer);
  old = df_document_dup_text (self);
  pieces = df_diff_words (old, chapter->content_md != NULL ? chapter->content_md : "");

  g_free (self->saved_hash);
  self->saved_hash = g_strdup (chapter->content_hash);
  self->saved_words = chapter->words;

  /* Only the words that differ are replaced, so the cursor and the view
   * stay with the text around them.  As loading, not an edit to undo
   * (the text it replaces is in the chapter's history). */
  self->loading = TRUE;
  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_get_start_iter (buffer, &at);
  for (guint i = 0; i < pieces->len; i++)
    {
      DfDiffPiece *piece = g_ptr_array_index (pieces, i);
      GtkTextIter end = at;

      if (piece->kind == DF_DIFF_ADDED)
        gtk_text_buffer_insert (buffer, &at, piece->text, (int) piece->len);
      else
        {
          gtk_text_iter_forward_chars (&end, (int) g_utf8_strlen (piece->text, piece->len));
          if (piece->kind == DF_DIFF_REMOVED)
            gtk_text_buffer_delete (buffer, &at, &end);
          else
            at = end;
        }
    }
  gtk_text_buffer_end_irreversible_action (buffer);
  self->loading = FALSE;
  self->serial++;
}

const char *
df_document_get_saved_hash (DfDocument *self)
{
  g_return_val_if_fail (DF_IS_DOCUMENT (self), NULL);
  return self->saved_hash;
}

gint64
df_document_get_chapter_id (DfDocument *self)
{
  g_return_val_if_fail (DF_IS_DOCUMENT (self), 0);
  return self->chapter_id;
}

gboolean
df_document_get_modified (DfDocument *self)
{
  g_return_val_if_fail (DF_IS_DOCUMENT (self), FALSE);
  return self->modified;
}

gboolean
df_document_get_busy (DfDocument *self)
{
  g_return_val_if_fail (DF_IS_DOCUMENT (self), FALSE);
  return self->busy;
}

gboolean
df_document_get_failed (DfDocument *self)
{
  g_return_val_if_fail (DF_IS_DOCUMENT (self), FALSE);
  return self->failed;
}

gboolean
df_document_get_waiting (DfDocument *self)
{
  g_return_val_if_fail (DF_IS_DOCUMENT (self), FALSE);
  return self->waiting;
}

void
df_document_retry (DfDocument *self)
{
  g_return_if_fail (DF_IS_DOCUMENT (self));

  if (self->failed && !self->busy)
    request_save (self, NULL);
}

gint64
df_document_get_saved_words (DfDocument *self)
{
  g_return_val_if_fail (DF_IS_DOCUMENT (self), 0);
  return self->saved_words;
}

char *
df_document_dup_text (DfDocument *self)
{
  g_return_val_if_fail (DF_IS_DOCUMENT (self), NULL);

  /* A very long line is in pieces on screen, whole in the text. */
  return df_long_lines_get_text (GTK_TEXT_BUFFER (self->buffer));
}

int
df_document_get_autosave_interval (DfDocument *self)
{
  g_return_val_if_fail (DF_IS_DOCUMENT (self), 0);
  return self->autosave_interval;
}

void
df_document_set_autosave_interval (DfDocument *self,
                                   int         seconds)
{
  g_return_if_fail (DF_IS_DOCUMENT (self));
  g_return_if_fail (seconds > 0);

  if (self->autosave_interval == seconds)
    return;

  self->autosave_interval = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTOSAVE_INTERVAL]);
}

void
df_document_save_async (DfDocument          *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DF_IS_DOCUMENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, df_document_save_async);
  request_save (self, task);
}

gboolean
df_document_save_finish (DfDocument    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (DF_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
df_document_save (DfDocument  *self,
                  GError     **error)
{
  g_return_val_if_fail (DF_IS_DOCUMENT (self), FALSE);

  /* Until nothing is unsaved and no save runs, what is typed while
   * waiting included; at once when that is so already. */
  while (self->modified || self->busy)
    {
      g_autoptr(GAsyncResult) result = NULL;

      df_document_save_async (self, NULL, save_wait_cb, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);

      if (!df_document_save_finish (self, result, error))
        return FALSE;
    }

  return TRUE;
}
