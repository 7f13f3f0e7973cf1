/* df-sync-history-window.c: a project's synced versions, a chapter's
 * across them, and the book restored to one
 *
 * The versions (the sync backend's log: date, author, message, words
 * added and removed) are read in a worker.  With a chapter chosen, only
 * the versions that changed it are listed, and Compare shows the
 * chapter's text in each of them in the Earlier Versions window
 * (DfHistoryWindow): what changed since, word by word, and Restore This
 * Version, which the project view makes an edit to undo.  Restore Book
 * asks first, then makes the whole book what it was at the version
 * chosen, as a new version (the backend never rewrites history), with
 * Undo in a toast: the version before, restored in its turn.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "df-history-window.h"
#include "df-model.h"
#include "df-sync-history-window.h"
#include "df-sync-status.h"
#include "df-utils.h"
#include "df-worker.h"

struct _DfSyncHistoryWindow
{
  AdwWindow              parent_instance;

  DfSession             *session;
  DfSyncBackend         *backend;
  gint64                 project_id;
  gint64                 chapter_id;      /* 0: every version */
  GPtrArray             *chapters;        /* DfChapter, book order: the filter's choices */
  GPtrArray             *versions;        /* DfSyncVersion, newest first */
  char                  *undo_to;         /* the version before the last restore */
  guint                  busy;
  GCancellable          *cancellable;

  DfSyncCurrentTextFunc  current_func;
  gpointer               current_data;
  GDestroyNotify         current_destroy;

  AdwToastOverlay       *toasts;
  AdwWindowTitle        *title;
  GtkDropDown           *filter;
  GtkStack              *stack;
  AdwStatusPage         *empty;
  GtkListBox            *list;
  GtkWidget             *compare_button;
  GtkWidget             *restore_button;
};

G_DEFINE_FINAL_TYPE (DfSyncHistoryWindow, df_sync_history_window, ADW_TYPE_WINDOW)

enum {
  SIGNAL_RESTORE_CHAPTER,
  SIGNAL_RESTORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  DfSyncBackend *backend;
  gint64         project_id;
  gint64         chapter_id;
  char          *version;     /* restore: to this version */
  GPtrArray     *ids;         /* compare: the versions, newest first */
  char          *title;
} Job;

typedef struct
{
  GPtrArray *versions;        /* log */
  gint64     chapter_id;      /* log: of this chapter */
  char      *summary;         /* restore */
  char      *before;          /* restore: the version before it */
} Outcome;

/* ---- helpers ------------------------------------------------------------ */

static void
job_free (Job *job)
{
  g_clear_object (&job->backend);
  g_free (job->version);
  g_clear_pointer (&job->ids, g_ptr_array_unref);
  g_free (job->title);
  g_free (job);
}

static void
outcome_free (Outcome *outcome)
{
  g_clear_pointer (&outcome->versions, g_ptr_array_unref);
  g_free (outcome->summary);
  g_free (outcome->before);
  g_free (outcome);
}

static Job *
job_new (DfSyncHistoryWindow *self)
{
  Job *job = g_new0 (Job, 1);

  job->backend = g_object_ref (self->backend);
  job->project_id = self->project_id;
  job->chapter_id = self->chapter_id;
  return job;
}

/* "4 December 2026 at 10:20" in local time, from an ISO 8601 UTC date. */
static char *
format_date (const char *iso)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) when = iso ? g_date_time_new_from_iso8601 (iso, utc) : NULL;
  g_autoptr(GDateTime) local = when ? g_date_time_to_local (when) : NULL;

  /* Translators: a g_date_time_format () format */
  return local ? g_date_time_format (local, _("%-d %B %Y at %H:%M")) : g_strdup (iso ? iso : "");
}

static const DfSyncVersion *
selected_version (DfSyncHistoryWindow *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);
  int index = row ? gtk_list_box_row_get_index (row) : -1;

  if (self->versions == NULL || index < 0 || (guint) index >= self->versions->len)
    return NULL;
  return g_ptr_array_index (self->versions, index);
}

static void
update_actions (DfSyncHistoryWindow *self)
{
  gboolean chosen = selected_version (self) != NULL && self->busy == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync-history.compare", chosen && self->chapter_id != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync-history.restore-book", chosen);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync-history.undo-restore",
                                 self->undo_to != NULL && self->busy == 0);
  gtk_widget_set_tooltip_text (self->compare_button,
                               self->chapter_id != 0 ? NULL : _("Choose a chapter to compare its versions"));
}

static GtkWidget *
make_row (const DfSyncVersion *version)
{
  g_autofree char *date = format_date (version->date);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  /* Translators: "<date> · <author> · +<words added> −<words removed> words" */
  subtitle = g_strdup_printf (_("%s · %s · +%" PRId64 " −%" PRId64 " words"), date,
                              version->author ? version->author : "", version->words_added, version->words_removed);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), version->message ? version->message : "");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  return row;
}

static void
show_versions (DfSyncHistoryWindow *self,
               GPtrArray           *versions)
{
  g_clear_pointer (&self->versions, g_ptr_array_unref);
  self->versions = g_ptr_array_ref (versions);
  df_list_box_remove_all (self->list);
  for (guint i = 0; i < versions->len; i++)
    gtk_list_box_append (self->list, make_row (g_ptr_array_index (versions, i)));
  gtk_stack_set_visible_child_name (self->stack, versions->len > 0 ? "list" : "empty");
  if (versions->len > 0)
    gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, 0));
  update_actions (self);
}

static void
start (DfSyncHistoryWindow *self,
       DfWorkerFunc         func,
       Job                 *job,
       GAsyncReadyCallback  done)
{
  self->busy++;
  update_actions (self);
  df_worker_run (df_session_get_db_path (self->session), func, job, (GDestroyNotify) job_free,
                 (GDestroyNotify) outcome_free, self->cancellable, done, g_object_ref (self));
}

/* ---- the versions --------------------------------------------------------- */

static gpointer
log_run (DfStore       *store,
         gpointer       data,
         GCancellable  *cancellable,
         GError       **error)
{
  Job *job = data;
  Outcome *outcome = g_new0 (Outcome, 1);

  outcome->chapter_id = job->chapter_id;
  outcome->versions = df_sync_backend_log (job->backend, store, job->project_id, job->chapter_id, error);
  if (outcome->versions == NULL)
    {
      outcome_free (outcome);
      return NULL;
    }
  return outcome;
}

static void
log_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DfSyncHistoryWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  Outcome *outcome = df_worker_finish (result, &error);

  self->busy--;
  if (outcome != NULL && outcome->chapter_id == self->chapter_id)
    show_versions (self, outcome->versions);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      adw_status_page_set_title (self->empty, _("The Versions Could Not Be Read"));
      adw_status_page_set_description (self->empty, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  if (outcome != NULL)
    outcome_free (outcome);
  update_actions (self);
}

static void
load (DfSyncHistoryWindow *self)
{
  if (self->backend == NULL)
    return;
  start (self, log_run, job_new (self), log_done);
}

/* ---- a chapter compared --------------------------------------------------- */

static gpointer
texts_run (DfStore       *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Job *job = data;
  g_autoptr(GPtrArray) revisions = g_ptr_array_new_with_free_func ((GDestroyNotify) df_revision_free);

  for (guint i = 0; i < job->ids->len; i++)
    {
      const DfSyncVersion *version = g_ptr_array_index (job->ids, i);
      g_autoptr(GError) local_error = NULL;
      DfRevision *revision;
      char *text = df_sync_backend_show (job->backend, store, job->project_id, version->id, job->chapter_id,
                                         &local_error);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (text == NULL)
        continue;   /* the version that deleted it: nothing to show */
      revision = g_new0 (DfRevision, 1);
      revision->id = -(gint64) (i + 1);
      revision->chapter_id = job->chapter_id;
      revision->content_md = text;
      revision->created_at = g_strdup (version->date);
      revision->title = g_strdup (job->title);
      revision->kind = g_strdup ("sync");
      /* Translators: a synced version's message, then its author */
      revision->label = g_strdup_printf (_("%s (%s)"), version->message, version->author);
      g_ptr_array_add (revisions, revision);
    }
  return g_steal_pointer (&revisions);
}

static void
history_restore_cb (DfHistoryWindow     *window,
                    const DfRevision    *revision,
                    DfSyncHistoryWindow *self)
{
  g_signal_emit (self, signals[SIGNAL_RESTORE_CHAPTER], 0, revision->chapter_id, revision->content_md);
}

static void
texts_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DfSyncHistoryWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) revisions = df_worker_finish (result, &error);
  const DfSyncVersion *chosen = selected_version (self);
  g_autofree char *current = NULL;
  DfHistoryWindow *window;

  self->busy--;
  update_actions (self);
  if (revisions == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  if (self->current_func != NULL)
    current = self->current_func (self->chapter_id, self->current_data);
  window = df_history_window_new_for_versions (revisions, adw_window_title_get_subtitle (self->title), current);
  /* the version chosen here, chosen there */
  for (guint i = 0; chosen != NULL && i < revisions->len; i++)
    if (g_strcmp0 (((DfRevision *) g_ptr_array_index (revisions, i))->created_at, chosen->date) == 0)
      df_history_window_select (window, i);
  g_signal_connect_object (window, "restore", G_CALLBACK (history_restore_cb), self, 0);
  df_present_above (GTK_WINDOW (window), GTK_WIDGET (self));
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  DfSyncHistoryWindow *self = DF_SYNC_HISTORY_WINDOW (widget);
  Job *job;

  if (self->chapter_id == 0 || self->versions == NULL || self->busy > 0)
    return;
  job = job_new (self);
  job->ids = g_ptr_array_ref (self->versions);
  job->title = g_strdup (adw_window_title_get_subtitle (self->title));
  start (self, texts_run, job, texts_done);
}

/* ---- the book restored ---------------------------------------------------- */

static gpointer
restore_run (DfStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Job *job = data;
  g_autoptr(DfSyncStatus) status = df_sync_backend_status (job->backend, store, job->project_id, error);
  Outcome *outcome;

  if (status == NULL)
    return NULL;
  outcome = g_new0 (Outcome, 1);
  outcome->before = g_strdup (status->head);
  outcome->summary = df_sync_backend_restore (job->backend, store, job->project_id, job->version, error);
  if (outcome->summary == NULL)
    {
      outcome_free (outcome);
      return NULL;
    }
  return outcome;
}

static void
restore_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DfSyncHistoryWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  Outcome *outcome = df_worker_finish (result, &error);
  gboolean undoing = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self), "undoing"));
  AdwToast *toast;

  self->busy--;
  if (outcome == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      update_actions (self);
      return;
    }
  g_clear_pointer (&self->undo_to, g_free);
  toast = adw_toast_new (undoing ? _("The restore was undone, as a new version") : outcome->summary);
  if (!undoing)
    {
      self->undo_to = g_strdup (outcome->before);
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "sync-history.undo-restore");
    }
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toasts, toast);
  outcome_free (outcome);
  g_signal_emit (self, signals[SIGNAL_RESTORED], 0);
  load (self);
}

static void
restore_to (DfSyncHistoryWindow *self,
            const char          *version,
            gboolean             undoing)
{
  Job *job = job_new (self);

  job->version = g_strdup (version);
  g_object_set_data (G_OBJECT (self), "undoing", GINT_TO_POINTER (undoing));
  start (self, restore_run, job, restore_done);
}

static void
restore_response (AdwMessageDialog    *dialog,
                  const char          *response,
                  DfSyncHistoryWindow *self)
{
  const char *version = g_object_get_data (G_OBJECT (dialog), "version");

  if (g_strcmp0 (response, "restore") == 0 && self->busy == 0)
    restore_to (self, version, FALSE);
}

static void
restore_book_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  DfSyncHistoryWindow *self = DF_SYNC_HISTORY_WINDOW (widget);
  const DfSyncVersion *version = selected_version (self);
  g_autofree char *date = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (version == NULL || self->busy > 0)
    return;
  date = format_date (version->date);
  dialog = df_ask (widget, _("Restore the Book to This Version?"), "restore", _("_Restore"),
                   ADW_RESPONSE_DESTRUCTIVE);
  body = g_strdup_printf (_("The whole book becomes what it was on %s (“%s”). This is saved as a new version: "
                            "nothing is lost, every text it replaces stays among the chapters’ earlier versions, "
                            "and Undo brings the book back."), date, version->message);
  adw_message_dialog_set_body (dialog, body);
  g_object_set_data_full (G_OBJECT (dialog), "version", g_strdup (version->id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (restore_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
undo_restore_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  DfSyncHistoryWindow *self = DF_SYNC_HISTORY_WINDOW (widget);
  g_autofree char *to = g_steal_pointer (&self->undo_to);

  if (to != NULL && self->busy == 0)
    restore_to (self, to, TRUE);
}

/* ---- callbacks ------------------------------------------------------------ */

static void
filter_changed (DfSyncHistoryWindow *self)
{
  guint chosen = gtk_drop_down_get_selected (self->filter);
  DfChapter *chapter = chosen > 0 && chosen <= self->chapters->len ? g_ptr_array_index (self->chapters, chosen - 1)
                                                                   : NULL;
  g_autoptr(DfProject) project = df_project_get_by_id (df_session_get_store (self->session), self->project_id, NULL);

  self->chapter_id = chapter ? chapter->id : 0;
  adw_window_title_set_subtitle (self->title, chapter ? chapter->title : project ? project->title : NULL);
  load (self);
}

/* ---- vfuncs --------------------------------------------------------------- */

static void
df_sync_history_window_dispose (GObject *object)
{
  DfSyncHistoryWindow *self = DF_SYNC_HISTORY_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->current_destroy != NULL)
    g_clear_pointer (&self->current_data, self->current_destroy);
  self->current_func = NULL;
  g_clear_object (&self->backend);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (df_sync_history_window_parent_class)->dispose (object);
}

static void
df_sync_history_window_finalize (GObject *object)
{
  DfSyncHistoryWindow *self = DF_SYNC_HISTORY_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->chapters, g_ptr_array_unref);
  g_clear_pointer (&self->versions, g_ptr_array_unref);
  g_free (self->undo_to);
  G_OBJECT_CLASS (df_sync_history_window_parent_class)->finalize (object);
}

static void
df_sync_history_window_class_init (DfSyncHistoryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_sync_history_window_dispose;
  object_class->finalize = df_sync_history_window_finalize;

  signals[SIGNAL_RESTORE_CHAPTER] = g_signal_new ("restore-chapter", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64,
                                                  G_TYPE_STRING);
  signals[SIGNAL_RESTORED] = g_signal_new ("restored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "sync-history.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "sync-history.restore-book", NULL, restore_book_action);
  gtk_widget_class_install_action (widget_class, "sync-history.undo-restore", NULL, undo_restore_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
make_content (DfSyncHistoryWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *bar = gtk_action_bar_new ();

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Synced Versions"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  self->filter = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_widget_set_name (GTK_WIDGET (self->filter), "sync-chapter-filter");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->filter), _("The versions of one chapter, or of the whole book"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), GTK_WIDGET (self->filter));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  gtk_widget_set_margin_top (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->list), 12);
  gtk_widget_set_name (GTK_WIDGET (self->list), "sync-versions");
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  self->empty = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->empty, "document-open-recent-symbolic");
  adw_status_page_set_title (self->empty, _("No Versions"));
  adw_status_page_set_description (self->empty, _("No synced version changed this chapter."));
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, scrolled, "list");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->empty), "empty");
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);

  self->compare_button = gtk_button_new_with_mnemonic (_("_Compare Chapter…"));
  self->restore_button = gtk_button_new_with_mnemonic (_("_Restore Book to This Version…"));
  gtk_widget_set_name (self->compare_button, "sync-compare");
  gtk_widget_set_name (self->restore_button, "sync-restore-book");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->compare_button), "sync-history.compare");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->restore_button), "sync-history.restore-book");
  gtk_action_bar_pack_start (GTK_ACTION_BAR (bar), self->compare_button);
  gtk_action_bar_pack_end (GTK_ACTION_BAR (bar), self->restore_button);

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  gtk_box_append (GTK_BOX (box), bar);
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, box);
  return GTK_WIDGET (self->toasts);
}

static void
df_sync_history_window_init (DfSyncHistoryWindow *self)
{
  self->cancellable = g_cancellable_new ();
  adw_window_set_content (ADW_WINDOW (self), make_content (self));
  gtk_window_set_title (GTK_WINDOW (self), _("Synced Versions"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 560);
  g_signal_connect_swapped (self->list, "row-selected", G_CALLBACK (update_actions), self);
  update_actions (self);
}

/* ---- public API ------------------------------------------------------------ */

DfSyncHistoryWindow *
df_sync_history_window_new (DfSession *session,
                            gint64     project_id)
{
  DfSyncHistoryWindow *self = g_object_new (DF_TYPE_SYNC_HISTORY_WINDOW, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  self->session = g_object_ref (session);
  self->backend = df_sync_find_backend (session);
  self->project_id = project_id;
  self->chapters = df_chapter_list (df_session_get_store (session), project_id, NULL);
  if (self->chapters == NULL)
    self->chapters = g_ptr_array_new ();
  gtk_string_list_append (names, _("Whole Book"));
  for (guint i = 0; i < self->chapters->len; i++)
    gtk_string_list_append (names, ((DfChapter *) g_ptr_array_index (self->chapters, i))->title);
  gtk_drop_down_set_model (self->filter, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->filter, 0);
  g_signal_connect_swapped (self->filter, "notify::selected", G_CALLBACK (filter_changed), self);
  filter_changed (self);
  return self;
}

void
df_sync_history_window_set_current_func (DfSyncHistoryWindow   *self,
                                         DfSyncCurrentTextFunc  func,
                                         gpointer               data,
                                         GDestroyNotify         destroy)
{
  g_return_if_fail (DF_IS_SYNC_HISTORY_WINDOW (self));
  if (self->current_destroy != NULL)
    g_clear_pointer (&self->current_data, self->current_destroy);
  self->current_func = func;
  self->current_data = data;
  self->current_destroy = destroy;
}

void
df_sync_history_window_set_chapter (DfSyncHistoryWindow *self,
                                    gint64               chapter_id)
{
  g_return_if_fail (DF_IS_SYNC_HISTORY_WINDOW (self));
  for (guint i = 0; i < self->chapters->len; i++)
    if (((DfChapter *) g_ptr_array_index (self->chapters, i))->id == chapter_id)
      {
        gtk_drop_down_set_selected (self->filter, i + 1);
        return;
      }
  gtk_drop_down_set_selected (self->filter, 0);
}

gboolean
df_sync_history_window_get_busy (DfSyncHistoryWindow *self)
{
  g_return_val_if_fail (DF_IS_SYNC_HISTORY_WINDOW (self), FALSE);
  return self->busy > 0;
}

guint
df_sync_history_window_get_n_versions (DfSyncHistoryWindow *self)
{
  g_return_val_if_fail (DF_IS_SYNC_HISTORY_WINDOW (self), 0);
  return self->versions ? self->versions->len : 0;
}

void
df_sync_history_window_select (DfSyncHistoryWindow *self,
                               guint                index)
{
  GtkListBoxRow *row;

  g_return_if_fail (DF_IS_SYNC_HISTORY_WINDOW (self));
  row = gtk_list_box_get_row_at_index (self->list, index);
  if (row != NULL)
    gtk_list_box_select_row (self->list, row);
}
