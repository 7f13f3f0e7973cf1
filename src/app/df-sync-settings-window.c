/* df-sync-settings-window.c: where a project syncs: its repository, its
 * remote and the remote's token
 *
 * A project not yet kept in git is linked here (Keep Versions: a
 * repository under the user's data folder and the first version).  Then
 * the remote's address (a folder, file://, git://, ssh:// or https://)
 * and, for https, the access token the server gave: kept in the Secret
 * Service by the sync backend, never in the database, the repository or
 * a log; the field is emptied once the token is kept, and the window
 * only says whether one is.  For ssh, the private key file (a setting of
 * the project, df_sync_link_set_ssh_key; none: the ssh agent's keys),
 * whose passphrase the same field keeps in the Secret Service.  Everything that touches the disk, the
 * database or the keyring runs in a worker; errors are said in words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "df-sync-link.h"
#include "df-sync-settings-window.h"
#include "df-sync-status.h"
#include "df-utils.h"
#include "df-worker.h"

struct _DfSyncSettingsWindow
{
  AdwWindow       parent_instance;

  DfSession      *session;
  DfSyncBackend  *backend;
  gint64          project_id;
  guint           busy;
  GCancellable   *cancellable;
  char           *token_state;

  GtkWidget      *link_group;
  GtkWidget      *remote_group;
  AdwEntryRow    *url_row;
  AdwPasswordEntryRow *token_row;
  AdwActionRow   *token_state_row;
  GtkWidget      *forget_button;
  GtkLabel       *error_label;
  AdwActionRow   *repo_row;
  AdwActionRow   *key_row;
  GtkWidget      *key_clear_button;
};

G_DEFINE_FINAL_TYPE (DfSyncSettingsWindow, df_sync_settings_window, ADW_TYPE_WINDOW)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum
{
  JOB_READ,        /* the link and whether a token is kept */
  JOB_LINK,        /* keep versions: a repository and the first version */
  JOB_REMOTE,      /* the remote's address */
  JOB_TOKEN,       /* the token (or the key's passphrase) kept, or forgotten */
  JOB_SSH_KEY,     /* the ssh key file set, or forgotten */
} JobKind;

typedef struct
{
  JobKind        kind;
  DfSyncBackend *backend;
  gint64         project_id;
  char          *text;         /* JOB_REMOTE: the URL; JOB_TOKEN: the token (wiped); JOB_SSH_KEY: the path */
} Job;

typedef struct
{
  JobKind     kind;
  DfSyncLink *link;            /* NULL: not linked */
  char       *ssh_key;         /* NULL: the ssh agent */
  gboolean    has_token;
} Outcome;

/* ---- helpers ------------------------------------------------------------ */

static void
job_free (Job *job)
{
  g_clear_object (&job->backend);
  if (job->text != NULL)
    memset (job->text, 0, strlen (job->text));
  g_free (job->text);
  g_free (job);
}

static void
outcome_free (Outcome *outcome)
{
  g_clear_pointer (&outcome->link, df_sync_link_free);
  g_free (outcome->ssh_key);
  g_free (outcome);
}

static void
set_error (DfSyncSettingsWindow *self,
           const char           *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_busy (DfSyncSettingsWindow *self,
          gint                  delta)
{
  self->busy += delta;
  gtk_widget_set_sensitive (self->link_group, self->busy == 0);
  gtk_widget_set_sensitive (self->remote_group, self->busy == 0);
}

/* ssh://… or scp's user@host:path */
static gboolean
is_ssh_url (const char *url)
{
  const char *colon = url ? strchr (url, ':') : NULL;

  if (url == NULL)
    return FALSE;
  if (g_str_has_prefix (url, "ssh://"))
    return TRUE;
  return colon != NULL && strchr (url, '@') != NULL && strchr (url, '@') < colon && !g_str_has_prefix (colon, "://");
}

/* The key file's row and, for ssh with a key, the passphrase's. */
static void
show_ssh_key (DfSyncSettingsWindow *self,
              Outcome              *outcome)
{
  gboolean with_key = outcome->ssh_key != NULL && is_ssh_url (outcome->link->remote_url);

  adw_action_row_set_subtitle (self->key_row, outcome->ssh_key ? outcome->ssh_key
                                                               : _("None: the keys of your ssh agent are used"));
  gtk_widget_set_sensitive (self->key_clear_button, outcome->ssh_key != NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->token_row),
                                 with_key ? _("Key Passphrase (ssh)") : _("Access Token (https)"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->token_state_row), with_key ? _("Passphrase") : _("Token"));
  if (!with_key)
    return;
  g_free (self->token_state);
  self->token_state = g_strdup (outcome->has_token ? _("A passphrase is kept in the keyring for this key")
                                                   : _("No passphrase is kept: a key that has one will not open"));
  adw_action_row_set_subtitle (self->token_state_row, self->token_state);
}

static void
show_link (DfSyncSettingsWindow *self,
           Outcome              *outcome)
{
  const char *env = g_getenv ("DRAFTFORGE_GIT_TOKEN");
  gboolean linked = outcome->link != NULL;

  gtk_widget_set_visible (self->link_group, !linked);
  gtk_widget_set_visible (self->remote_group, linked);
  if (!linked)
    return;
  adw_action_row_set_subtitle (self->repo_row, outcome->link->repo_path);
  df_entry_row_set_text (self->url_row, outcome->link->remote_url);
  g_free (self->token_state);
  if (env != NULL && *env != '\0')
    self->token_state = g_strdup (_("DRAFTFORGE_GIT_TOKEN is set: that token is used, not the keyring's"));
  else if (outcome->has_token)
    self->token_state = g_strdup (_("A token is kept in the keyring for this remote"));
  else
    self->token_state = g_strdup (_("No token is kept: a server over https will ask for one"));
  adw_action_row_set_subtitle (self->token_state_row, self->token_state);
  gtk_widget_set_sensitive (self->forget_button, outcome->has_token);
  gtk_widget_set_sensitive (GTK_WIDGET (self->token_row), outcome->link->remote_url != NULL);
  show_ssh_key (self, outcome);
}

/* ---- the work ------------------------------------------------------------- */

static gpointer
job_run (DfStore       *store,
         gpointer       data,
         GCancellable  *cancellable,
         GError       **error)
{
  Job *job = data;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *secret_for = NULL;
  Outcome *outcome;

  if (job->kind == JOB_LINK && !df_sync_backend_link (job->backend, store, job->project_id, NULL, error))
    return NULL;
  if (job->kind == JOB_REMOTE && !df_sync_link_set_remote (store, job->project_id, job->text, error))
    return NULL;
  if (job->kind == JOB_SSH_KEY && !df_sync_link_set_ssh_key (store, job->project_id, job->text, error))
    return NULL;
  outcome = g_new0 (Outcome, 1);
  outcome->kind = job->kind;
  outcome->link = df_sync_link_get (store, job->project_id, &local_error);
  if (outcome->link == NULL && !g_error_matches (local_error, DF_ERROR, DF_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      outcome_free (outcome);
      return NULL;
    }
  g_clear_error (&local_error);
  if (outcome->link != NULL &&
      ((outcome->ssh_key = df_sync_link_get_ssh_key (store, job->project_id, error)) == NULL && *error != NULL))
    {
      outcome_free (outcome);
      return NULL;
    }
  /* an ssh key's passphrase is kept as the token of its file:// URI */
  if (outcome->link != NULL && outcome->ssh_key != NULL && is_ssh_url (outcome->link->remote_url))
    secret_for = g_filename_to_uri (outcome->ssh_key, NULL, NULL);
  else if (outcome->link != NULL)
    secret_for = g_strdup (outcome->link->remote_url);
  if (job->kind == JOB_TOKEN && outcome->link != NULL &&
      !df_sync_backend_set_token (job->backend, secret_for, job->text, cancellable, error))
    {
      outcome_free (outcome);
      return NULL;
    }
  if (secret_for != NULL &&
      !df_sync_backend_has_token (job->backend, secret_for, &outcome->has_token, cancellable, &local_error))
    g_debug ("Whether a token is kept is not known: %s", local_error->message);
  return outcome;
}

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DfSyncSettingsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  Outcome *outcome = df_worker_finish (result, &error);
  JobKind kind;

  set_busy (self, -1);
  if (outcome == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_error (self, error->message);
      return;
    }
  set_error (self, NULL);
  show_link (self, outcome);
  kind = outcome->kind;
  outcome_free (outcome);
  if (kind != JOB_READ)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
start (DfSyncSettingsWindow *self,
       JobKind               kind,
       char                 *text)
{
  Job *job;

  if (self->backend == NULL)
    {
      g_free (text);
      set_error (self, _("The Git sync plugin is not enabled: turn it on in Preferences → Plugins"));
      return;
    }
  job = g_new0 (Job, 1);
  job->kind = kind;
  job->backend = g_object_ref (self->backend);
  job->project_id = self->project_id;
  job->text = text;
  set_busy (self, +1);
  df_worker_run (df_session_get_db_path (self->session), job_run, job, (GDestroyNotify) job_free,
                 (GDestroyNotify) outcome_free, self->cancellable, job_done, g_object_ref (self));
}

/* ---- callbacks ------------------------------------------------------------ */

static void
link_clicked (DfSyncSettingsWindow *self)
{
  start (self, JOB_LINK, NULL);
}

static void
url_applied (DfSyncSettingsWindow *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));

  start (self, JOB_REMOTE, *url != '\0' ? g_steal_pointer (&url) : NULL);
}

static void
token_applied (DfSyncSettingsWindow *self)
{
  char *token = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row))));

  /* out of the field at once: the keyring keeps it */
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  if (*token == '\0')
    {
      g_free (token);
      return;
    }
  start (self, JOB_TOKEN, token);
}

static void
forget_clicked (DfSyncSettingsWindow *self)
{
  start (self, JOB_TOKEN, NULL);
}

static void
key_chosen (GtkWidget *owner,
            GFile     *file)
{
  char *path = g_file_get_path (file);

  if (path != NULL)
    start (DF_SYNC_SETTINGS_WINDOW (owner), JOB_SSH_KEY, path);
}

static void
key_choose_clicked (DfSyncSettingsWindow *self)
{
  df_choose_file (GTK_WIDGET (self), _("Choose the SSH Key File"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                  NULL, NULL, key_chosen);
}

static void
key_clear_clicked (DfSyncSettingsWindow *self)
{
  start (self, JOB_SSH_KEY, NULL);
}

/* ---- vfuncs --------------------------------------------------------------- */

static void
df_sync_settings_window_dispose (GObject *object)
{
  DfSyncSettingsWindow *self = DF_SYNC_SETTINGS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->backend);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (df_sync_settings_window_parent_class)->dispose (object);
}

static void
df_sync_settings_window_finalize (GObject *object)
{
  DfSyncSettingsWindow *self = DF_SYNC_SETTINGS_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_free (self->token_state);
  G_OBJECT_CLASS (df_sync_settings_window_parent_class)->finalize (object);
}

static void
df_sync_settings_window_class_init (DfSyncSettingsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_sync_settings_window_dispose;
  object_class->finalize = df_sync_settings_window_finalize;
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
make_link_group (DfSyncSettingsWindow *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Keep Versions"));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Versions"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Keep the book’s versions in a git repository in your data folder: "
                                           "a version is saved every few minutes while you write and when "
                                           "you close the book, and a remote shares them with your other "
                                           "devices and co-authors."));
  gtk_widget_set_name (button, "sync-link");
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_margin_top (button, 12);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (link_clicked), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), button);
  return group;
}

/* The ssh key file: shown, chosen, forgotten. */
static GtkWidget *
make_key_row (DfSyncSettingsWindow *self)
{
  GtkWidget *choose = gtk_button_new_with_mnemonic (_("C_hoose…"));

  self->key_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row), _("SSH Key File"));
  gtk_widget_set_name (GTK_WIDGET (self->key_row), "sync-ssh-key");
  gtk_widget_add_css_class (GTK_WIDGET (self->key_row), "property");
  gtk_widget_set_name (choose, "sync-choose-ssh-key");
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (choose, "clicked", G_CALLBACK (key_choose_clicked), self);
  self->key_clear_button = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  gtk_widget_set_name (self->key_clear_button, "sync-clear-ssh-key");
  gtk_widget_set_tooltip_text (self->key_clear_button, _("Use the keys of the ssh agent instead"));
  gtk_widget_set_valign (self->key_clear_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->key_clear_button, "flat");
  g_signal_connect_swapped (self->key_clear_button, "clicked", G_CALLBACK (key_clear_clicked), self);
  adw_action_row_add_suffix (self->key_row, choose);
  adw_action_row_add_suffix (self->key_row, self->key_clear_button);
  return GTK_WIDGET (self->key_row);
}

static GtkWidget *
make_remote_group (DfSyncSettingsWindow *self)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Remote"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Where the versions meet: a folder (a USB stick, a shared drive), "
                                           "or a git server over https, ssh or git://."));
  self->repo_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->repo_row), _("Repository"));
  gtk_widget_add_css_class (GTK_WIDGET (self->repo_row), "property");
  self->url_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row), _("Remote Address"));
  adw_entry_row_set_show_apply_button (self->url_row, TRUE);
  gtk_widget_set_name (GTK_WIDGET (self->url_row), "sync-remote-url");
  g_signal_connect_swapped (self->url_row, "apply", G_CALLBACK (url_applied), self);
  self->token_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->token_row), _("Access Token (https)"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (self->token_row), TRUE);
  gtk_widget_set_name (GTK_WIDGET (self->token_row), "sync-token");
  g_signal_connect_swapped (self->token_row, "apply", G_CALLBACK (token_applied), self);
  self->token_state_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->token_state_row), _("Token"));
  gtk_widget_set_name (GTK_WIDGET (self->token_state_row), "sync-token-state");
  self->forget_button = gtk_button_new_with_mnemonic (_("_Forget"));
  gtk_widget_set_name (self->forget_button, "sync-forget-token");
  gtk_widget_set_valign (self->forget_button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->forget_button, "clicked", G_CALLBACK (forget_clicked), self);
  adw_action_row_add_suffix (self->token_state_row, self->forget_button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->repo_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->url_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), make_key_row (self));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->token_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->token_state_row));
  return group;
}

static void
df_sync_settings_window_init (DfSyncSettingsWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *errors = adw_preferences_group_new ();

  self->cancellable = g_cancellable_new ();
  self->link_group = make_link_group (self);
  self->remote_group = make_remote_group (self);
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->error_label), "sync-settings-error");
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (errors), GTK_WIDGET (self->error_label));
  gtk_widget_set_visible (self->link_group, FALSE);
  gtk_widget_set_visible (self->remote_group, FALSE);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (self->link_group));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (self->remote_group));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (errors));
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), page);
  gtk_widget_set_vexpand (page, TRUE);
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_title (GTK_WINDOW (self), _("Sync Settings"));
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 520);
}

/* ---- public API ------------------------------------------------------------ */

DfSyncSettingsWindow *
df_sync_settings_window_new (DfSession *session,
                             gint64     project_id)
{
  DfSyncSettingsWindow *self = g_object_new (DF_TYPE_SYNC_SETTINGS_WINDOW, NULL);

  self->session = g_object_ref (session);
  self->backend = df_sync_find_backend (session);
  self->project_id = project_id;
  start (self, JOB_READ, NULL);
  return self;
}

gboolean
df_sync_settings_window_get_busy (DfSyncSettingsWindow *self)
{
  g_return_val_if_fail (DF_IS_SYNC_SETTINGS_WINDOW (self), FALSE);
  return self->busy > 0;
}

const char *
df_sync_settings_window_get_token_state (DfSyncSettingsWindow *self)
{
  g_return_val_if_fail (DF_IS_SYNC_SETTINGS_WINDOW (self), NULL);
  return self->token_state;
}

const char *
df_sync_settings_window_get_error (DfSyncSettingsWindow *self)
{
  g_return_val_if_fail (DF_IS_SYNC_SETTINGS_WINDOW (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_text (self->error_label) : NULL;
}
