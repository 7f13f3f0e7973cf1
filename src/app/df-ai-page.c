/* df-ai-page.c: the AI page of the preferences
 *
 * The active profile's provider: base URL and model (ai_settings), the
 * API key (in the keyring, per base URL: the page only ever says whether
 * one is stored, never shows it), rows telling when the environment
 * (DRAFTFORGE_AI_BASE_URL, DRAFTFORGE_AI_MODEL, DRAFTFORGE_API_KEY)
 * overrides a setting, and "Test the Connection".  The keyring and the
 * test run in worker threads (df-worker.h); the settings, one quick row,
 * are read and written on the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-ai-page"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "df-ai.h"
#include "df-ai-page.h"
#include "df-model.h"
#include "df-secret.h"
#include "df-utils.h"
#include "df-worker.h"

typedef struct
{
  char *base_url;
  char *key;                  /* to store; NULL for lookups and removals */
} KeyJob;

typedef struct
{
  DfAiPage *page;
  guint     serial;
} LookupData;

struct _DfAiPage
{
  AdwPreferencesPage    parent_instance;

  DfSession            *session;
  char                 *profile_id;
  char                 *key_url;       /* the base URL the key goes with */
  GCancellable         *cancellable;   /* cancelled in dispose */
  guint                 key_serial;    /* the newest keyring lookup */
  gboolean              key_busy;
  gboolean              testing;

  /* Template widgets */
  AdwEntryRow          *base_url_row;
  AdwActionRow         *base_url_env_row;
  AdwPreferencesGroup  *key_group;
  AdwActionRow         *key_env_row;
  AdwPasswordEntryRow  *key_row;
  AdwActionRow         *key_status_row;
  AdwEntryRow          *model_row;
  AdwActionRow         *model_env_row;
  AdwPreferencesGroup  *provider_group;
  GtkWidget            *remove_key_button;
  AdwPreferencesGroup  *status_group;
  GtkLabel             *status_label;
  GtkWidget            *test_button;
  AdwPreferencesGroup  *test_group;
  GtkLabel             *test_result_label;
  GtkSpinner           *test_spinner;
};

G_DEFINE_FINAL_TYPE (DfAiPage, df_ai_page, ADW_TYPE_PREFERENCES_PAGE)

static void lookup_key_done (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data);
static void change_key_done (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data);

/* @value without a user name or password, for display. */
static char *
display_url (const char *value)
{
  g_autoptr(GUri) uri = g_uri_parse (value, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL)
    return g_strdup (value);
  return g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO);
}

static const char *
env_value (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? value : NULL;
}

static void
key_job_free (gpointer data)
{
  KeyJob *job = data;

  g_free (job->base_url);
  if (job->key != NULL)
    {
      memset (job->key, 0, strlen (job->key));
      g_free (job->key);
    }
  g_free (job);
}

static KeyJob *
key_job_new (const char *base_url,
             const char *key)
{
  KeyJob *job = g_new0 (KeyJob, 1);

  job->base_url = g_strdup (base_url);
  job->key = g_strdup (key);
  return job;
}

/* Only says whether there is a key: the key itself stays in the thread. */
static gpointer
lookup_key_in_thread (DfStore       *store,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  KeyJob *job = data;
  char *key = df_secret_lookup_key (job->base_url, cancellable, error);
  gboolean found = key != NULL && *key != '\0';

  if (key != NULL)
    {
      memset (key, 0, strlen (key));
      g_free (key);
    }
  return found ? GINT_TO_POINTER (1) : NULL;
}

/* Stores the job's key, or removes the stored one when it has none. */
static gpointer
change_key_in_thread (DfStore       *store,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  KeyJob *job = data;
  gboolean done = job->key != NULL ? df_secret_store_key (job->base_url, job->key, cancellable, error)
                                   : df_secret_clear_key (job->base_url, cancellable, error);

  return done ? GINT_TO_POINTER (1) : NULL;
}

static gpointer
test_in_thread (DfStore       *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  const char *profile_id = data;
  g_autoptr(DfAiConfig) config = NULL;
  g_autoptr(DfAiResponse) response = NULL;

  config = df_ai_config_load (store, profile_id, error);
  if (config == NULL)
    return NULL;
  response = df_ai_test (config, store, cancellable, error);
  if (response == NULL)
    return NULL;

  /* Translators: "OK: llama3.2 answered in 420 ms" */
  return g_strdup_printf (_("OK: %s answered in %" PRId64 " ms"),
                          config->model, response->response_ms);
}

static void
set_key_status (DfAiPage   *self,
                const char *subtitle,
                gboolean    have_key)
{
  adw_action_row_set_subtitle (self->key_status_row, subtitle);
  gtk_widget_set_sensitive (self->remove_key_button, have_key && !self->key_busy);
}

static void
lookup_key (DfAiPage *self)
{
  LookupData *data;

  self->key_serial++;
  if (self->key_url == NULL)
    {
      self->key_busy = FALSE;
      gtk_widget_set_sensitive (GTK_WIDGET (self->key_row), FALSE);
      set_key_status (self, _("No key: set the base URL first, the key is kept for it"), FALSE);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->key_row), TRUE);
  self->key_busy = TRUE;
  set_key_status (self, _("Looking in the keyring…"), FALSE);

  data = g_new0 (LookupData, 1);
  data->page = g_object_ref (self);
  data->serial = self->key_serial;
  df_worker_run (df_session_get_db_path (self->session), lookup_key_in_thread,
                 key_job_new (self->key_url, NULL), key_job_free, NULL,
                 self->cancellable, lookup_key_done, data);
}

/* Stores @key for the base URL (NULL: removes the stored one). */
static void
change_key (DfAiPage   *self,
            const char *key,
            const char *status)
{
  self->key_busy = TRUE;
  self->key_serial++;
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_row), FALSE);
  set_key_status (self, status, FALSE);
  df_worker_run (df_session_get_db_path (self->session), change_key_in_thread,
                 key_job_new (self->key_url, key), key_job_free, NULL,
                 self->cancellable, change_key_done, g_object_ref (self));
}

/* The environment's overrides, and the base URL the key goes with. */
static void
update_overrides (DfAiPage   *self,
                  const char *stored_base_url)
{
  const char *env_url = env_value ("DRAFTFORGE_AI_BASE_URL");
  const char *env_model = env_value ("DRAFTFORGE_AI_MODEL");
  const char *env_key = g_getenv ("DRAFTFORGE_API_KEY");
  g_autofree char *old_url = g_steal_pointer (&self->key_url);

  if (env_url != NULL)
    {
      g_autofree char *shown = display_url (env_url);
      /* Translators: %s is a URL */
      g_autofree char *subtitle = g_strdup_printf (_("DRAFTFORGE_AI_BASE_URL is set in the environment: %s is used instead of the base URL above"),
                                                   shown);

      adw_action_row_set_subtitle (self->base_url_env_row, subtitle);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->base_url_env_row), env_url != NULL);

  if (env_model != NULL)
    {
      /* Translators: %s is a model's name */
      g_autofree char *subtitle = g_strdup_printf (_("DRAFTFORGE_AI_MODEL is set in the environment: %s is used instead of the model above"),
                                                   env_model);

      adw_action_row_set_subtitle (self->model_env_row, subtitle);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->model_env_row), env_model != NULL);

  if (env_key != NULL && *env_key != '\0')
    adw_action_row_set_subtitle (self->key_env_row,
                                 _("DRAFTFORGE_API_KEY is set in the environment: it is used instead of the stored key"));
  else if (env_key != NULL)
    adw_action_row_set_subtitle (self->key_env_row,
                                 _("DRAFTFORGE_API_KEY is set but empty in the environment: no key is sent"));
  gtk_widget_set_visible (GTK_WIDGET (self->key_env_row), env_key != NULL);

  self->key_url = g_strdup (env_url != NULL ? env_url : stored_base_url);
  if (self->key_url != NULL)
    {
      /* As the client looks it up: without trailing slashes. */
      gsize len = strlen (self->key_url);

      while (len > 0 && self->key_url[len - 1] == '/')
        self->key_url[--len] = '\0';
    }
  if (g_strcmp0 (old_url, self->key_url) != 0 || !self->key_busy)
    lookup_key (self);
}

static void
apply_setting (DfAiPage    *self,
               AdwEntryRow *row,
               const char  *key)
{
  DfStore *store = df_session_get_store (self->session);
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;

  if (self->profile_id == NULL || store == NULL)
    return;

  if (!df_ai_settings_set (store, self->profile_id, key,
                           gtk_editable_get_text (GTK_EDITABLE (row)), &error))
    df_page_show_toast (GTK_WIDGET (self), error->message);

  /* The stored value, as normalised, or the one kept when refused. */
  stored = df_ai_settings_get (store, self->profile_id, key);
  df_entry_row_set_text (row, stored);
  if (g_strcmp0 (key, "base-url") == 0)
    update_overrides (self, stored);
}

static void
set_testing (DfAiPage *self,
             gboolean  testing)
{
  self->testing = testing;
  gtk_widget_set_sensitive (self->test_button, !testing);
  gtk_spinner_set_spinning (self->test_spinner, testing);
}

/* @text in the style @css_class ("success", "error"; NULL: plain). */
static void
show_test_result (DfAiPage   *self,
                  const char *text,
                  const char *css_class)
{
  GtkWidget *label = GTK_WIDGET (self->test_result_label);

  gtk_widget_remove_css_class (label, "success");
  gtk_widget_remove_css_class (label, "error");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_label_set_text (self->test_result_label, text);
  gtk_widget_set_visible (label, TRUE);
}

/* A failed test, said for this page (the core's messages also name the
 * command line), with the focus in the field to correct. */
static void
show_test_error (DfAiPage     *self,
                 const GError *error)
{
  const char *field = NULL;
  const char *text = error != NULL ? error->message : "";

  if (g_error_matches (error, DF_AI_ERROR, DF_AI_ERROR_NOT_CONFIGURED))
    {
      text = _("Fill in the base URL and the model above, then test again. For a local Ollama the base URL is http://localhost:11434/v1.");
      field = gtk_editable_get_text (GTK_EDITABLE (self->base_url_row))[0] == '\0' ? "base-url" : "model";
    }
  else if (g_error_matches (error, DF_AI_ERROR, DF_AI_ERROR_KEY_REFUSED))
    {
      text = _("The provider refused the API key: enter a valid one above, then test again.");
      field = "key";
    }
  else if (g_error_matches (error, DF_AI_ERROR, DF_AI_ERROR_MODEL_NOT_FOUND))
    {
      text = _("The provider does not know this model, or the base URL is wrong (it usually ends in /v1): check both above, then test again.");
      field = "model";
    }

  show_test_result (self, text, "error");
  if (field != NULL)
    df_ai_page_focus_field (self, field);
}

static void
set_profile_shown (DfAiPage   *self,
                   const char *problem)
{
  gboolean ok = problem == NULL;

  if (problem != NULL)
    gtk_label_set_text (self->status_label, problem);
  gtk_widget_set_visible (GTK_WIDGET (self->status_group), !ok);
  gtk_widget_set_visible (GTK_WIDGET (self->provider_group), ok);
  gtk_widget_set_visible (GTK_WIDGET (self->key_group), ok);
  gtk_widget_set_visible (GTK_WIDGET (self->test_group), ok);
}

static void
lookup_key_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LookupData *data = user_data;
  g_autoptr(DfAiPage) self = data->page;
  guint serial = data->serial;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *shown = NULL;
  gboolean found;

  g_free (data);
  found = df_worker_finish (result, &error) != NULL;
  if (g_cancellable_is_cancelled (self->cancellable) || serial != self->key_serial)
    return;

  self->key_busy = FALSE;
  shown = display_url (self->key_url);
  if (error != NULL)
    subtitle = g_strdup (error->message);
  else if (found)
    /* Translators: %s is the provider's base URL */
    subtitle = g_strdup_printf (_("A key is stored for %s"), shown);
  else
    subtitle = g_strdup_printf (_("No key is stored for %s"), shown);
  set_key_status (self, subtitle, found && error == NULL);
}

static void
change_key_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DfAiPage) self = user_data;
  g_autoptr(GError) error = NULL;

  df_worker_finish (result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  self->key_busy = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_row), TRUE);
  if (error != NULL)
    df_page_show_toast (GTK_WIDGET (self), error->message);
  lookup_key (self);
}

static void
key_applied_cb (DfAiPage *self)
{
  g_autofree char *key = NULL;

  if (self->key_url == NULL)
    {
      df_page_show_toast (GTK_WIDGET (self), _("Set the base URL first: the key is kept for it"));
      return;
    }

  key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));
  /* The row forgets the key at once: it only lives on in the worker. */
  df_entry_row_set_text (ADW_ENTRY_ROW (self->key_row), "");
  if (*key == '\0')
    {
      df_page_show_toast (GTK_WIDGET (self), _("The API key is empty: paste the key your provider shows you"));
      return;
    }

  change_key (self, key, _("Storing the key in the keyring…"));
  memset (key, 0, strlen (key));
}

static void
remove_key_clicked_cb (DfAiPage *self)
{
  if (self->key_url != NULL && !self->key_busy)
    change_key (self, NULL, _("Removing the key from the keyring…"));
}

static void
base_url_applied_cb (DfAiPage *self)
{
  apply_setting (self, self->base_url_row, "base-url");
}

static void
model_applied_cb (DfAiPage *self)
{
  apply_setting (self, self->model_row, "model");
}

static void
test_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DfAiPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = df_worker_finish (result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  set_testing (self, FALSE);
  if (message != NULL)
    show_test_result (self, message, "success");
  else
    show_test_error (self, error);
}

static void
test_clicked_cb (DfAiPage *self)
{
  if (self->testing || self->profile_id == NULL)
    return;

  set_testing (self, TRUE);
  show_test_result (self, _("Asking the model…"), NULL);
  df_worker_run (df_session_get_db_path (self->session), test_in_thread,
                 g_strdup (self->profile_id), g_free, g_free,
                 self->cancellable, test_done, g_object_ref (self));
}

static void
df_ai_page_dispose (GObject *object)
{
  DfAiPage *self = (DfAiPage *)object;

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (df_ai_page_parent_class)->dispose (object);
}

static void
df_ai_page_finalize (GObject *object)
{
  DfAiPage *self = (DfAiPage *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->profile_id, g_free);
  g_clear_pointer (&self->key_url, g_free);

  G_OBJECT_CLASS (df_ai_page_parent_class)->finalize (object);
}

static void
df_ai_page_class_init (DfAiPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_ai_page_dispose;
  object_class->finalize = df_ai_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/draftforge/DraftForge/ui/df-ai-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DfAiPage, base_url_env_row);
  gtk_widget_class_bind_template_child (widget_class, DfAiPage, base_url_row);
  gtk_widget_class_bind_template_child (widget_class, DfAiPage, key_env_row);
  gtk_widget_class_bind_template_child (widget_class, DfAiPage, key_group);
  gtk_widget_class_bind_template_child (widget_class, DfAiPage, key_row);
  gtk_widget_class_bind_template_child (widget_class, DfAiPage, key_status_row);
  gtk_widget_class_bind_template_child (widget_class, DfAiPage, model_env_row);
  gtk_widget_class_bind_template_child (widget_class, DfAiPage, model_row);
  gtk_widget_class_bind_template_child (widget_class, DfAiPage, provider_group);
  gtk_widget_class_bind_template_child (widget_class, DfAiPage, remove_key_button);
  gtk_widget_class_bind_template_child (widget_class, DfAiPage, status_group);
  gtk_widget_class_bind_template_child (widget_class, DfAiPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, DfAiPage, test_button);
  gtk_widget_class_bind_template_child (widget_class, DfAiPage, test_group);
  gtk_widget_class_bind_template_child (widget_class, DfAiPage, test_result_label);
  gtk_widget_class_bind_template_child (widget_class, DfAiPage, test_spinner);
  gtk_widget_class_bind_template_callback (widget_class, base_url_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, model_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_key_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_clicked_cb);
}

static void
df_ai_page_init (DfAiPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  g_signal_connect (self, "map", G_CALLBACK (df_ai_page_refresh), NULL);
}

GtkWidget *
df_ai_page_new (DfSession *session)
{
  DfAiPage *self;

  g_return_val_if_fail (DF_IS_SESSION (session), NULL);

  self = g_object_new (DF_TYPE_AI_PAGE, NULL);
  self->session = g_object_ref (session);
  df_ai_page_refresh (self);
  return GTK_WIDGET (self);
}

void
df_ai_page_refresh (DfAiPage *self)
{
  g_autofree char *problem = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *model = NULL;
  DfStore *store;

  g_return_if_fail (DF_IS_AI_PAGE (self));

  g_free (self->profile_id);
  self->profile_id = df_page_dup_profile_id (self->session,
                                             _("There is no profile yet: create one with Profile ▸ New Profile… in the main menu, then set up the AI provider here."),
                                             &problem);
  set_profile_shown (self, problem);
  if (self->profile_id == NULL)
    return;

  store = df_session_get_store (self->session);
  base_url = df_ai_settings_get (store, self->profile_id, "base-url");
  model = df_ai_settings_get (store, self->profile_id, "model");
  df_entry_row_set_text (self->base_url_row, base_url);
  df_entry_row_set_text (self->model_row, model);
  update_overrides (self, base_url);
}

void
df_ai_page_focus_field (DfAiPage   *self,
                        const char *field)
{
  GtkWidget *row;

  g_return_if_fail (DF_IS_AI_PAGE (self));

  if (g_strcmp0 (field, "model") == 0)
    row = GTK_WIDGET (self->model_row);
  else if (g_strcmp0 (field, "key") == 0)
    row = GTK_WIDGET (self->key_row);
  else if (g_strcmp0 (field, "test") == 0)
    row = self->test_button;
  else
    row = GTK_WIDGET (self->base_url_row);

  gtk_widget_grab_focus (row);
}
