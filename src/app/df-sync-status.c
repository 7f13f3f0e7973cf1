/* df-sync-status.c: the project's sync status in the header bar
 *
 * A button saying where the project's sync stands (synced, versions to
 * send, chapters in conflict, offline, an error) with a popover: Sync
 * Now, Stop while it runs, its progress, and the last error in plain
 * words.  The status and the sync run in a worker (df_worker_run) with
 * their own connection; the window never waits.  The widgets are made
 * in code: a button, its popover and four rows.
 *
 * Without the writer thinking of it: a project with a remote syncs when
 * it opens (what co-authors sent arrives); every few minutes (the
 * setting sync-interval, 10 by default, 0: never) a version is saved of
 * what changed, and sent when there is a remote; and when the project is
 * closed, what changed since is saved as a version (the application
 * stays until that is done), to be sent at the next sync.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge"

#include "config.h"

#include <glib/gi18n.h>

#include "df-plugin-host.h"
#include "df-plugin-job.h"
#include "df-sync-backend.h"
#include "df-sync-link.h"
#include "df-sync-status.h"
#include "df-worker.h"

struct _DfSyncStatusButton
{
  GtkWidget       parent_instance;

  GtkWidget      *button;
  GtkWidget      *label;
  GtkWidget      *popover;
  GtkWidget      *detail_label;
  GtkWidget      *error_label;
  GtkWidget      *progress;
  GtkWidget      *sync_button;
  GtkWidget      *stop_button;
  GtkWidget      *conflicts_box;   /* a button per chapter in conflict */
  GtkWidget      *history_button;

  DfSession      *session;
  gint64          project_id;
  gboolean        has_remote;
  gboolean        linked;
  char           *state;
  GCancellable   *cancellable;   /* the job running, or NULL */
  GSettings      *settings;
  guint           timer_id;      /* the next automatic version */
  guint           interval_s;    /* 0: the setting's */
  int             pending;       /* a JobKind + 1 asked for while a
                                    stopped job ends, or 0 */
};

G_DEFINE_FINAL_TYPE (DfSyncStatusButton, df_sync_status_button, GTK_TYPE_WIDGET)

typedef enum
{
  JOB_STATUS,       /* where the sync stands */
  JOB_COMMIT,       /* save a version of what changed */
  JOB_SYNC,         /* save, receive, merge, send */
} JobKind;

typedef struct
{
  DfSyncBackend *backend;
  gint64         project_id;
  JobKind        kind;
  GWeakRef       self;
} Job;

typedef struct
{
  DfSyncStatus *status;
  char         *summary;
  GPtrArray    *conflicts;   /* DfSyncConflict */
} Outcome;

/* ---- helpers ------------------------------------------------------------ */

static void
job_free (Job *job)
{
  g_clear_object (&job->backend);
  g_weak_ref_clear (&job->self);
  g_free (job);
}

static void
outcome_free (Outcome *outcome)
{
  df_sync_status_free (outcome->status);
  g_free (outcome->summary);
  g_clear_pointer (&outcome->conflicts, g_ptr_array_unref);
  g_free (outcome);
}

DfSyncBackend *
df_sync_find_backend (DfSession *session)
{
  DfPluginHost *host = session ? df_session_get_plugin_host (session) : NULL;
  g_autoptr(GPtrArray) backends = host ? df_plugin_host_get_sync_backends (host) : NULL;

  DfPluginJobLimits limits = { 0 };

  if (session != NULL && df_session_get_settings (session) != NULL)
    {
      limits.time_limit = g_settings_get_uint (df_session_get_settings (session), "plugin-time-limit");
      limits.memory_limit = g_settings_get_uint (df_session_get_settings (session), "plugin-memory-limit");
    }
  /* Its calls run in the helper process: a backend that crashes fails
   * the sync with a message naming it, and the window goes on. */
  for (guint i = 0; backends != NULL && i < backends->len; i++)
    if (g_strcmp0 (df_sync_backend_get_id (g_ptr_array_index (backends, i)), "git") == 0)
      return df_plugin_job_sync_backend (host, g_ptr_array_index (backends, i), &limits);
  return NULL;
}

static void
set_state (DfSyncStatusButton *self,
           const char         *state,
           const char         *detail,
           const char         *error)
{
  g_free (self->state);
  self->state = g_strdup (state);
  gtk_label_set_text (GTK_LABEL (self->label), state);
  gtk_widget_set_tooltip_text (self->button, state);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, state, -1);
  gtk_label_set_text (GTK_LABEL (self->detail_label), detail ? detail : "");
  gtk_label_set_text (GTK_LABEL (self->error_label), error ? error : "");
  gtk_widget_set_visible (self->error_label, error != NULL);
}

static void
show_status (DfSyncStatusButton *self,
             const DfSyncStatus *status,
             const char         *summary)
{
  g_autofree char *state = NULL;
  g_autofree char *detail = NULL;
  gboolean offline = status->last_error && g_str_has_prefix (status->last_error, _("Offline"));

  if (status->n_conflicts > 0)
    state = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d in conflict", "%d in conflict",
                                          (int) status->n_conflicts), (int) status->n_conflicts);
  else if (offline)
    state = g_strdup (_("Offline"));
  else if (status->last_error != NULL)
    state = g_strdup (_("Sync error"));
  else if (status->n_to_send > 0)
    state = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d to send", "%d to send",
                                          (int) status->n_to_send), (int) status->n_to_send);
  else if (status->n_changed > 0 || status->remote_url == NULL)
    state = g_strdup (_("Not synced"));
  else
    state = g_strdup (_("Synced"));
  if (summary == NULL)
    summary = detail = status->remote_url
                       ? g_strdup_printf (_("Syncs with %s"), status->remote_url)
                       : g_strdup (_("The project has no remote yet: add one in Sync Settings"));
  set_state (self, state, summary, status->last_error);
}

/* A button per chapter in conflict, which opens its compare. */
static void
show_conflicts (DfSyncStatusButton *self,
                GPtrArray          *conflicts)
{
  GtkWidget *child;
  g_autoptr(GHashTable) listed = g_hash_table_new (g_int64_hash, g_int64_equal);

  while ((child = gtk_widget_get_first_child (self->conflicts_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->conflicts_box), child);
  if (conflicts->len > 0)
    {
      GtkWidget *heading = gtk_label_new (_("Conflicts"));
      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "heading");
      gtk_box_append (GTK_BOX (self->conflicts_box), heading);
    }
  for (guint i = 0; i < conflicts->len; i++)
    {
      DfSyncConflict *conflict = g_ptr_array_index (conflicts, i);
      g_autofree char *label = NULL;
      GtkWidget *button;

      if (g_hash_table_contains (listed, &conflict->chapter_id))
        continue;
      g_hash_table_add (listed, &conflict->chapter_id);
      /* a chapter in conflict: its number and title */
      label = g_strdup_printf ("%" G_GINT64_FORMAT ". %s", conflict->chapter_number, conflict->chapter_title);
      button = gtk_button_new_with_label (label);
      gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), 0);
      gtk_widget_set_tooltip_text (button, conflict->from_label);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_name (button, "sync-conflict");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "project.sync-conflict");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", conflict->chapter_id);
      gtk_box_append (GTK_BOX (self->conflicts_box), button);
    }
  gtk_widget_set_visible (self->conflicts_box, conflicts->len > 0);
}

static gpointer
job_run (DfStore       *store,
         gpointer       data,
         GCancellable  *cancellable,
         GError       **error);

static void job_done (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data);

static void
start_job (DfSyncStatusButton *self,
           JobKind             kind)
{
  g_autoptr(DfSyncBackend) backend = df_sync_find_backend (self->session);
  gboolean sync = kind == JOB_SYNC;
  Job *job;

  if (backend == NULL || self->project_id == 0 || !self->linked)
    return;
  if (self->cancellable != NULL)
    {
      /* one stopped (another project opened): this one once it ends */
      if (g_cancellable_is_cancelled (self->cancellable))
        self->pending = kind + 1;
      return;
    }
  job = g_new0 (Job, 1);
  job->backend = g_steal_pointer (&backend);
  job->project_id = self->project_id;
  job->kind = kind;
  g_weak_ref_init (&job->self, self);
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (self->stop_button, sync);
  gtk_widget_set_sensitive (self->sync_button, FALSE);
  gtk_widget_set_visible (self->progress, sync);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), 0);
  if (sync)
    set_state (self, _("Syncing…"), NULL, NULL);
  df_worker_run (df_session_get_db_path (self->session), job_run, job, (GDestroyNotify) job_free,
                 (GDestroyNotify) outcome_free, self->cancellable, job_done, g_object_ref (self));
}

/* ---- the version saved on closing ------------------------------------------ */

static gpointer
closing_run (DfStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Job *job = data;

  return df_sync_backend_commit (job->backend, store, job->project_id, NULL, error);
}

static void
closing_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = df_worker_finish (result, &error);

  if (summary == NULL)
    g_warning ("The version of the project closed was not saved: %s", error->message);
  if (user_data != NULL)
    g_application_release (user_data);
}

/* Saves a version of what changed in the project being closed, in a
 * worker that nothing cancels; the application stays until it is done. */
static void
commit_on_close (DfSyncStatusButton *self)
{
  g_autoptr(DfSyncBackend) backend = NULL;
  GApplication *app = g_application_get_default ();
  Job *job;

  if (self->project_id == 0 || self->session == NULL || !self->linked ||
      (backend = df_sync_find_backend (self->session)) == NULL)
    return;
  job = g_new0 (Job, 1);
  job->backend = g_steal_pointer (&backend);
  job->project_id = self->project_id;
  job->kind = JOB_COMMIT;
  g_weak_ref_init (&job->self, NULL);
  if (app != NULL)
    g_application_hold (app);
  df_worker_run (df_session_get_db_path (self->session), closing_run, job, (GDestroyNotify) job_free, g_free,
                 NULL, closing_done, app);
}

/* ---- the automatic versions --------------------------------------------------- */

static gboolean
timer_cb (gpointer user_data)
{
  DfSyncStatusButton *self = user_data;

  /* a job running (a sync asked for): the next tick */
  start_job (self, self->has_remote ? JOB_SYNC : JOB_COMMIT);
  return G_SOURCE_CONTINUE;
}

static void
restart_timer (DfSyncStatusButton *self)
{
  guint seconds = self->interval_s;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (seconds == 0 && self->settings != NULL)
    seconds = g_settings_get_uint (self->settings, "sync-interval") * 60;
  if (seconds > 0 && self->project_id != 0 && self->linked)
    self->timer_id = g_timeout_add_seconds (seconds, timer_cb, self);
}

/* ---- callbacks ----------------------------------------------------------- */

static void
on_progress (gpointer    target,
             double      fraction,
             const char *message)
{
  DfSyncStatusButton *self = target;

  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), fraction);
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress), message);
}

static void
progress_cb (double      fraction,
             const char *message,
             gpointer    user_data)
{
  Job *job = user_data;

  df_worker_post_progress (&job->self, on_progress, fraction, message);
}

static gpointer
job_run (DfStore       *store,
         gpointer       data,
         GCancellable  *cancellable,
         GError       **error)
{
  Job *job = data;
  g_autofree char *summary = NULL;
  Outcome *outcome;

  if (job->kind == JOB_SYNC)
    summary = df_sync_backend_sync (job->backend, store, job->project_id, NULL, progress_cb, job, cancellable,
                                    error);
  else if (job->kind == JOB_COMMIT)
    summary = df_sync_backend_commit (job->backend, store, job->project_id, NULL, error);
  if (job->kind != JOB_STATUS && summary == NULL)
    return NULL;
  outcome = g_new0 (Outcome, 1);
  outcome->status = df_sync_backend_status (job->backend, store, job->project_id, error);
  if (outcome->status != NULL)
    outcome->conflicts = df_sync_conflict_list (store, job->project_id, error);
  if (outcome->status == NULL || outcome->conflicts == NULL)
    {
      outcome_free (outcome);
      return NULL;
    }
  outcome->summary = g_steal_pointer (&summary);
  return outcome;
}

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DfSyncStatusButton) self = user_data;
  g_autoptr(GError) error = NULL;
  Outcome *outcome = df_worker_finish (result, &error);

  (void) source;
  g_clear_object (&self->cancellable);
  gtk_widget_set_visible (self->stop_button, FALSE);
  gtk_widget_set_visible (self->progress, FALSE);
  gtk_widget_set_sensitive (self->sync_button, TRUE);
  if (outcome != NULL)
    {
      show_status (self, outcome->status, outcome->summary);
      show_conflicts (self, outcome->conflicts);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_state (self, _("Not synced"), _("The sync was stopped"), NULL);
  else
    set_state (self, _("Sync error"), NULL, error->message);
  if (outcome != NULL)
    outcome_free (outcome);
  if (self->pending != 0)
    {
      JobKind next = self->pending - 1;
      self->pending = 0;
      start_job (self, next);
    }
}

static void
sync_clicked (DfSyncStatusButton *self)
{
  start_job (self, JOB_SYNC);
}

static void
stop_clicked (DfSyncStatusButton *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* ---- vfuncs -------------------------------------------------------------- */

static void
df_sync_status_button_dispose (GObject *object)
{
  DfSyncStatusButton *self = DF_SYNC_STATUS_BUTTON (object);

  commit_on_close (self);
  self->project_id = 0;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->button, gtk_widget_unparent);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (df_sync_status_button_parent_class)->dispose (object);
}

static void
df_sync_status_button_finalize (GObject *object)
{
  DfSyncStatusButton *self = DF_SYNC_STATUS_BUTTON (object);

  g_free (self->state);
  G_OBJECT_CLASS (df_sync_status_button_parent_class)->finalize (object);
}

static void
df_sync_status_button_class_init (DfSyncStatusButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_sync_status_button_dispose;
  object_class->finalize = df_sync_status_button_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static GtkWidget *
make_popover (DfSyncStatusButton *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *settings = gtk_button_new_with_mnemonic (_("Sync Se_ttings…"));
  GtkWidget *history;

  self->detail_label = gtk_label_new (NULL);
  self->error_label = gtk_label_new (NULL);
  self->progress = gtk_progress_bar_new ();
  self->sync_button = gtk_button_new_with_mnemonic (_("_Sync Now"));
  self->stop_button = gtk_button_new_with_mnemonic (_("S_top"));
  gtk_widget_set_name (self->sync_button, "sync-now");
  gtk_widget_set_name (self->stop_button, "sync-stop");
  gtk_widget_set_name (self->error_label, "sync-error");
  gtk_label_set_wrap (GTK_LABEL (self->detail_label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->detail_label), 40);
  gtk_label_set_max_width_chars (GTK_LABEL (self->error_label), 40);
  gtk_label_set_xalign (GTK_LABEL (self->detail_label), 0);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (self->progress), TRUE);
  gtk_widget_add_css_class (self->sync_button, "suggested-action");
  gtk_widget_set_visible (self->stop_button, FALSE);
  gtk_widget_set_visible (self->progress, FALSE);
  gtk_widget_set_visible (self->error_label, FALSE);
  g_signal_connect_swapped (self->sync_button, "clicked", G_CALLBACK (sync_clicked), self);
  g_signal_connect_swapped (self->stop_button, "clicked", G_CALLBACK (stop_clicked), self);
  history = gtk_button_new_with_mnemonic (_("_History…"));
  gtk_widget_set_name (history, "sync-history");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (history), "project.sync-history");
  self->history_button = history;
  gtk_widget_set_name (settings, "sync-settings");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (settings), "project.sync-settings");
  self->conflicts_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_visible (self->conflicts_box, FALSE);
  gtk_box_append (GTK_BOX (buttons), self->sync_button);
  gtk_box_append (GTK_BOX (buttons), self->stop_button);
  gtk_box_append (GTK_BOX (buttons), history);
  gtk_box_append (GTK_BOX (box), self->detail_label);
  gtk_box_append (GTK_BOX (box), self->error_label);
  gtk_box_append (GTK_BOX (box), self->conflicts_box);
  gtk_box_append (GTK_BOX (box), self->progress);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_box_append (GTK_BOX (box), settings);
  self->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->popover), box);
  return self->popover;
}

static void
df_sync_status_button_init (DfSyncStatusButton *self)
{
  self->button = gtk_menu_button_new ();
  self->label = gtk_label_new (NULL);
  gtk_widget_set_name (self->button, "sync-status");
  gtk_menu_button_set_child (GTK_MENU_BUTTON (self->button), self->label);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->button), make_popover (self));
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  self->settings = g_settings_new (APP_ID);
  g_signal_connect_swapped (self->settings, "changed::sync-interval", G_CALLBACK (restart_timer), self);
}

/* ---- public API ------------------------------------------------------------ */

GtkWidget *
df_sync_status_button_new (void)
{
  return g_object_new (DF_TYPE_SYNC_STATUS_BUTTON, NULL);
}

void
df_sync_status_button_set_project (DfSyncStatusButton *self,
                                   DfSession          *session,
                                   gint64              project_id)
{
  g_autoptr(DfSyncLink) link = NULL;
  g_autoptr(DfSyncBackend) backend = NULL;
  DfStore *store;

  g_return_if_fail (DF_IS_SYNC_STATUS_BUTTON (self));

  if (project_id != self->project_id)
    commit_on_close (self);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->pending = 0;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_set_object (&self->session, session);
  self->project_id = project_id;
  store = session ? df_session_get_store (session) : NULL;
  backend = df_sync_find_backend (session);
  if (store != NULL && project_id != 0 && backend != NULL)
    link = df_sync_link_get (store, project_id, NULL);
  /* with the git plugin, every project can be kept in git */
  gtk_widget_set_visible (GTK_WIDGET (self), store != NULL && project_id != 0 && backend != NULL);
  self->linked = link != NULL;
  self->has_remote = link != NULL && link->remote_url != NULL;
  gtk_widget_set_visible (self->sync_button, self->linked);
  gtk_widget_set_sensitive (self->history_button, self->linked);
  gtk_widget_set_visible (self->conflicts_box, FALSE);
  if (link == NULL)
    {
      set_state (self, _("Versions Off"),
                 _("This book’s versions are not kept yet: Sync Settings keeps them, and shares them through "
                   "a remote."), NULL);
      return;
    }
  set_state (self, _("Not synced"), NULL, link->last_error);
  /* what co-authors sent arrives as the project opens */
  start_job (self, self->has_remote ? JOB_SYNC : JOB_STATUS);
  restart_timer (self);
}

const char *
df_sync_status_button_get_state (DfSyncStatusButton *self)
{
  g_return_val_if_fail (DF_IS_SYNC_STATUS_BUTTON (self), NULL);
  return self->state;
}

void
df_sync_status_button_refresh (DfSyncStatusButton *self)
{
  g_return_if_fail (DF_IS_SYNC_STATUS_BUTTON (self));
  start_job (self, JOB_STATUS);
}

void
df_sync_status_button_sync (DfSyncStatusButton *self)
{
  g_return_if_fail (DF_IS_SYNC_STATUS_BUTTON (self));
  start_job (self, JOB_SYNC);
}

void
df_sync_status_button_set_interval (DfSyncStatusButton *self,
                                    guint               seconds)
{
  g_return_if_fail (DF_IS_SYNC_STATUS_BUTTON (self));
  self->interval_s = seconds;
  restart_timer (self);
}
