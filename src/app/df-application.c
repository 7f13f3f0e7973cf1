/* df-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <string.h>

#include "df-ai-page.h"
#include "df-application.h"
#include "df-plugin-host.h"
#include "df-plugin-notice.h"
#include "df-backup.h"
#include "df-markdown-view.h"
#include "df-model.h"
#include "df-ui-extension.h"
#include "df-preferences-window.h"
#include "df-project-view.h"
#include "df-renderer.h"
#include "df-session.h"
#include "df-window.h"
#include "df-worker.h"

/* What ends the application from outside, as Ctrl+Q does. */
static const int quit_signals[] = { SIGTERM, SIGINT, SIGHUP };
#define N_QUIT_SIGNALS G_N_ELEMENTS (quit_signals)

struct _DfApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *db_path;       /* --db */
  char           *open_slug;     /* --project */
  DfSession      *session;
  DfStore        *backed_up;     /* weak: the store whose file the start-up backup checks */
  AdwToast       *language_toast; /* weak: the one offering a restart for another language */
  char           *offered;       /* the language that toast was for */
  gint64          offered_at;    /* when it was shown (monotonic) */
  gboolean        restart;       /* quit to start again (app.restart) */
  guint           signal_sources[N_QUIT_SIGNALS];
};

/* The environment's LANGUAGE (or "" for none) while the profile's is
 * set in its place: a restart gives it back before deciding again. */
#define KEPT_LANGUAGE "DRAFTFORGE_ENV_LANGUAGE"

static char *started_language;   /* what the interface started in: "ur", "en" */
static char *env_language;       /* what the environment asks for */

G_DEFINE_FINAL_TYPE (DfApplication, df_application, ADW_TYPE_APPLICATION)

static void backup_done (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data);

/* ---- the interface's language --------------------------------------- */

/* "ur_PK.UTF-8" -> "ur"; the C locale is English. */
static char *
primary_language (const char *name)
{
  if (name == NULL || *name == '\0' || g_str_equal (name, "C") || g_str_equal (name, "POSIX") ||
      g_str_has_prefix (name, "C."))
    return g_strdup ("en");
  return g_strndup (name, strcspn (name, "_.@-"));
}

static char *
current_language (void)
{
  return primary_language (g_get_language_names ()[0]);
}

/* --db PATH or --db=PATH, before GApplication parses it. */
static const char *
db_argument (int    argc,
             char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        break;
      if (g_str_equal (argv[i], "--db") && i + 1 < argc)
        return argv[i + 1];
      if (g_str_has_prefix (argv[i], "--db="))
        return argv[i] + strlen ("--db=");
    }
  return NULL;
}

/* The preferred language of the active profile in @store, or NULL. */
static char *
profile_language (DfStore *store)
{
  g_autoptr(DfProfile) profile = store != NULL ? df_profile_get_active (store, NULL) : NULL;

  if (profile == NULL || profile->preferred_language == NULL || *profile->preferred_language == '\0')
    return NULL;
  return primary_language (profile->preferred_language);
}

/* The setting, read before the application has its GSettings; FALSE
 * without the schema (the application then says what to do). */
static gboolean
use_profile_language (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "use-profile-language"))
    return FALSE;
  settings = g_settings_new (APP_ID);
  return g_settings_get_boolean (settings, "use-profile-language");
}

/* The active profile's language in the database at @path, when it is
 * there (a first start creates it later). */
static char *
profile_language_at (const char *path)
{
  g_autoptr(DfStore) store = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  store = df_store_open (path, NULL);
  return profile_language (store);
}

/* The preferences window showing, if any: the offer goes there. */
static AdwPreferencesWindow *
find_preferences (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (DF_IS_PREFERENCES_WINDOW (window) && gtk_widget_get_visible (window))
        return ADW_PREFERENCES_WINDOW (window);
    }
  return NULL;
}

/* libadwaita 1.2 frees a toast twice when it is dismissed during its
 * show animation (300 ms): an offer taken back sooner goes once shown. */
#define TOAST_SHOWN_MS 400

static gboolean
dismiss_toast_cb (gpointer toast)
{
  adw_toast_dismiss (toast);
  return G_SOURCE_REMOVE;
}

static void
withdraw_offer (DfApplication *self)
{
  AdwToast *toast = self->language_toast;
  gint64 shown_ms = (g_get_monotonic_time () - self->offered_at) / 1000;

  if (toast == NULL)
    return;
  g_clear_weak_pointer (&self->language_toast);
  if (shown_ms >= TOAST_SHOWN_MS)
    adw_toast_dismiss (toast);
  else
    g_timeout_add_full (G_PRIORITY_DEFAULT, TOAST_SHOWN_MS - shown_ms, dismiss_toast_cb,
                        g_object_ref (toast), g_object_unref);
}

/* Offers to start again in the language wanted now, once per language,
 * over the preferences or the main window; takes the offer back when the
 * language is the one started in again. */
static void
check_language (DfApplication *self)
{
  g_autofree char *wanted = df_application_dup_wanted_language (self);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  AdwPreferencesWindow *prefs = find_preferences ();
  AdwToast *toast;

  if (g_strcmp0 (wanted, started_language) == 0)
    {
      withdraw_offer (self);
      g_clear_pointer (&self->offered, g_free);
      return;
    }
  if (g_strcmp0 (wanted, self->offered) == 0 || (prefs == NULL && !DF_IS_WINDOW (window)))
    return;

  g_free (self->offered);
  self->offered = g_steal_pointer (&wanted);
  withdraw_offer (self);
  toast = adw_toast_new (_("Restart to change the language"));
  adw_toast_set_button_label (toast, _("Restart"));
  adw_toast_set_action_name (toast, "app.restart");
  adw_toast_set_timeout (toast, 0);
  g_set_weak_pointer (&self->language_toast, toast);
  self->offered_at = g_get_monotonic_time ();
  if (prefs != NULL)
    adw_preferences_window_add_toast (prefs, toast);
  else
    df_window_add_toast (DF_WINDOW (window), toast);
}

static void
window_active_cb (GtkWindow     *window,
                  GParamSpec    *pspec,
                  DfApplication *self)
{
  /* Back from a profile's window, the onboarding or the preferences. */
  if (gtk_window_is_active (window))
    check_language (self);
}

static gboolean
theme_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char *theme = g_variant_get_string (variant, NULL);
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_strcmp0 (theme, "light") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_strcmp0 (theme, "dark") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;

  g_value_set_enum (value, scheme);
  return TRUE;
}

static gpointer
backup_in_thread (DfStore       *store,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  return df_backup_make (store, NULL, error);
}

/* Makes the start-up backup in a worker with its own connection, so the
 * window does not wait for it: the database is checked first, and a
 * damaged one is never copied over the good backups (df-backup.h).
 * Nothing changes in a read-only database: nothing to back up. */
static void
start_backup (DfApplication *self)
{
  DfStore *store = df_session_get_store (self->session);

  if (store == NULL || df_store_is_read_only (store))
    return;

  /* Quitting waits for the backup to be complete. */
  g_set_weak_pointer (&self->backed_up, store);
  g_application_hold (G_APPLICATION (self));
  df_worker_run (df_session_get_db_path (self->session), backup_in_thread, NULL,
                 NULL, (GDestroyNotify)df_backup_free, NULL, backup_done, g_object_ref (self));
}

static DfWindow *
get_window (DfApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (df_window_new (GTK_APPLICATION (self), self->session));
      /* Another profile, or its language changed. */
      g_signal_connect_object (window, "notify::is-active", G_CALLBACK (window_active_cb), self, 0);
      g_signal_connect_object (window, "action-state-changed::profile", G_CALLBACK (check_language),
                               self, G_CONNECT_SWAPPED);
    }
  return DF_WINDOW (window);
}

static void
backup_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DfApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfBackup) backup = df_worker_finish (result, &error);

  /* The window then says the database is damaged, and offers the
   * backups; unless a backup has taken its place meanwhile. */
  if (g_error_matches (error, DF_ERROR, DF_ERROR_CORRUPT))
    {
      if (self->backed_up != NULL && self->backed_up == df_session_get_store (self->session))
        df_session_report_damage (self->session, error);
    }
  else if (backup == NULL)
    g_message ("Could not keep a backup of the database: %s", error->message);
  g_application_release (G_APPLICATION (self));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  DfApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  g_autoptr(GList) copy = g_list_copy (windows);

  /* Closing each window saves what is unsaved (a window whose text cannot
   * be saved stays open, and says why). */
  for (GList *iter = copy; iter != NULL; iter = iter->next)
    gtk_window_close (iter->data);
}

/* SIGTERM (a logout, `kill`, `flatpak kill`), SIGINT or SIGHUP: each
 * window saves what is unsaved, then closes, as Ctrl+Q does; the text
 * typed a moment before is not lost with the process. */
static gboolean
quit_signalled (gpointer user_data)
{
  quit_action (NULL, NULL, user_data);
  return G_SOURCE_CONTINUE;
}

static void
restart_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  DfApplication *self = user_data;

  /* main.c starts it again once every window has closed (and saved). */
  self->restart = TRUE;
  quit_action (NULL, NULL, self);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  DfApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow *prefs = GTK_WINDOW (df_preferences_window_new (self->session));

  gtk_window_set_transient_for (prefs, parent);
  /* Its toasts' buttons: app.restart. */
  gtk_widget_insert_action_group (GTK_WIDGET (prefs), "app", G_ACTION_GROUP (self));
  gtk_window_present (prefs);
}

/* Preferences → AI with the focus in the field @param names ("base-url",
 * "model", "key", "test"): what the coach, and messages that once named
 * the command line, offer instead. */
static void
ai_settings_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  DfApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  AdwPreferencesWindow *prefs = ADW_PREFERENCES_WINDOW (df_preferences_window_new (self->session));
  AdwPreferencesPage *page;

  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  adw_preferences_window_set_visible_page_name (prefs, "ai");
  gtk_window_present (GTK_WINDOW (prefs));
  page = adw_preferences_window_get_visible_page (prefs);
  if (DF_IS_AI_PAGE (page))
    df_ai_page_focus_field (DF_AI_PAGE (page), g_variant_get_string (param, NULL));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  DfApplication *self = user_data;
  static const char *developers[] = { "The DraftForge developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *debug_info = df_application_dup_debug_info (self, parent);

  adw_show_about_window (parent,
                         "debug-info", debug_info,
                         "debug-info-filename", "draftforge-debug-info.txt",
                         "application-name", _("DraftForge"),
                         "application-icon", APP_ID,
                         "developer-name", _("The DraftForge developers"),
                         "version", PACKAGE_VERSION,
                         "website", "https://github.com/draftforge/draftforge",
                         "issue-url", "https://github.com/draftforge/draftforge/issues",
                         "developers", developers,
                         "copyright", _("© 2026 The DraftForge developers"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Write and read books, with parts, chapters and progress."),
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
render_markdown (GObject    *text_buffer,
                 const char *markdown)
{
  g_return_if_fail (GTK_IS_TEXT_BUFFER (text_buffer));

  df_markdown_render_into (GTK_TEXT_BUFFER (text_buffer), markdown);
}

/* The character offset of @line's start (1-based) in @text, and of @words
 * on that line (@length: theirs) when they are there. */
static glong
line_offset (const char *text,
             int         line,
             const char *words,
             guint      *length)
{
  const char *start = text;
  const char *end, *found;

  for (int l = 1; l < line && start != NULL; l++)
    if ((start = strchr (start, '\n')) != NULL)
      start++;
  if (start == NULL)
    return -1;
  end = strchr (start, '\n');
  *length = 0;
  if (words != NULL && *words != '\0' &&
      (found = g_strstr_len (start, end ? end - start : -1, words)) != NULL)
    {
      *length = g_utf8_strlen (words, -1);
      start = found;
    }
  return g_utf8_pointer_to_offset (text, start);
}

/* The application whose windows df_ui_extension_show_chapter uses: the
 * one started last (weak). */
static DfApplication *shower_app;

/* df_ui_extension_show_chapter: in the active window's open project. */
static gboolean
show_chapter (gint64      chapter_id,
              int         line,
              const char *words)
{
  DfApplication *app = shower_app;
  GtkWindow *window = app ? gtk_application_get_active_window (GTK_APPLICATION (app)) : NULL;
  GtkWidget *view;
  g_autoptr(DfChapter) chapter = NULL;
  DfStore *store;
  glong offset = 0;
  guint length = 0;

  if (!DF_IS_WINDOW (window) || (view = df_window_get_project_view (DF_WINDOW (window))) == NULL ||
      (store = df_session_get_store (app->session)) == NULL ||
      (chapter = df_chapter_get (store, chapter_id, NULL)) == NULL ||
      chapter->project_id != df_project_view_get_project_id (DF_PROJECT_VIEW (view)))
    return FALSE;
  if (line > 0 && (offset = line_offset (chapter->content_md, line, words, &length)) < 0)
    offset = 0;
  return gtk_widget_activate_action (view, "project.show-match", "(xxu)",
                                     chapter_id, (gint64) offset, length);
}

typedef struct
{
  DfApplication *app;
  char          *plugin_id;
  char          *message;
} Notice;

static void
notice_free (Notice *notice)
{
  g_object_unref (notice->app);
  g_free (notice->plugin_id);
  g_free (notice->message);
  g_free (notice);
}

/* In the main thread: a toast in the active window, the plugin named. */
static gboolean
show_notice (gpointer data)
{
  Notice *notice = data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (notice->app));
  DfPluginHost *host = notice->app->session ? df_session_get_plugin_host (notice->app->session) : NULL;
  const DfPluginInfo *info = host ? df_plugin_host_lookup (host, notice->plugin_id) : NULL;
  g_autofree char *text = NULL;

  if (!DF_IS_WINDOW (window))
    {
      g_message ("%s: %s", notice->plugin_id, notice->message);
      return G_SOURCE_REMOVE;
    }
  /* TRANSLATORS: a plugin's name, then what it has to say */
  text = g_strdup_printf (_("%s: %s"), info && info->name ? info->name : notice->plugin_id, notice->message);
  df_window_show_toast (DF_WINDOW (window), text);
  return G_SOURCE_REMOVE;
}

/* Any thread: the toast waits for the main loop. */
static void
plugin_notice (const char *plugin_id,
               const char *message,
               gpointer    data)
{
  Notice *notice = g_new0 (Notice, 1);

  notice->app = g_object_ref (data);
  notice->plugin_id = g_strdup (plugin_id);
  notice->message = g_strdup (message);
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, show_notice, notice, (GDestroyNotify) notice_free);
}

static void
df_application_startup (GApplication *app)
{
  DfApplication *self = (DfApplication *)app;
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (df_application_parent_class)->startup (app);

  /* What UI extensions may ask of the application (df-ui-extension.h). */
  df_ui_extension_set_markdown_renderer (render_markdown);
  df_plugin_notice_set_handler (plugin_notice, self);
  g_set_weak_pointer (&shower_app, self);
  df_ui_extension_set_chapter_shower (show_chapter);

  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", prefs_accels);
  for (guint i = 0; i < G_N_ELEMENTS (quit_signals); i++)
    self->signal_sources[i] = g_unix_signal_add (quit_signals[i], quit_signalled, self);

  self->settings = g_settings_new (APP_ID);
  g_settings_bind_with_mapping (self->settings, "theme",
                                adw_style_manager_get_default (), "color-scheme",
                                G_SETTINGS_BIND_GET, theme_get_mapping, NULL, NULL, NULL);

  self->session = df_session_new (self->db_path, self->settings);
  g_signal_connect_object (self->settings, "changed::use-profile-language", G_CALLBACK (check_language),
                           self, G_CONNECT_SWAPPED);
  start_backup (self);
}

static void
df_application_activate (GApplication *app)
{
  DfApplication *self = DF_APPLICATION (app);
  DfWindow *window = get_window (self);

  if (self->open_slug != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *slug = g_steal_pointer (&self->open_slug);

      if (!df_window_open_project (window, slug, &error))
        df_window_show_toast (window, error->message);
    }

  gtk_window_present (GTK_WINDOW (window));
}

static void
df_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  DfWindow *window = get_window (DF_APPLICATION (app));
  /* The library's import asks whether to unwrap and says so in the hint. */
  DfImportUnwrap unwrap = g_strcmp0 (hint, "unwrap") == 0    ? DF_IMPORT_UNWRAP_YES
                        : g_strcmp0 (hint, "no-unwrap") == 0 ? DF_IMPORT_UNWRAP_NO
                                                             : DF_IMPORT_UNWRAP_DEFAULT;

  gtk_window_present (GTK_WINDOW (window));
  for (int i = 0; i < n_files; i++)
    df_window_import_full (window, files[i], unwrap);
}

static int
df_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  DfApplication *self = (DfApplication *)app;
  g_autoptr(GSettingsSchema) schema = NULL;
  const char *db = NULL;
  const char *slug = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "draftforge", PACKAGE_VERSION);
      return 0;
    }
  /* Read by the plugin host here and in the helper process. */
  if (g_variant_dict_contains (options, "safe-mode"))
    g_setenv (DF_SAFE_MODE_ENV, "1", TRUE);

  /* g_settings_new() aborts without the schema: say what to do instead. */
  if (g_settings_schema_source_get_default () != NULL)
    schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APP_ID, TRUE);
  if (schema == NULL)
    {
      g_printerr (_("DraftForge’s settings schema (%s) is not installed: run DraftForge from its build folder with “meson devenv -C BUILD draftforge”, or install it with “meson install -C BUILD”.\n"), APP_ID);
      return 1;
    }

  if (g_variant_dict_lookup (options, "project", "&s", &slug))
    self->open_slug = g_strdup (slug);

  if (g_variant_dict_lookup (options, "db", "^&ay", &db))
    {
      /* Another database is another application instance. */
      self->db_path = g_strdup (db);
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  return -1;
}

static void
df_application_shutdown (GApplication *app)
{
  DfApplication *self = (DfApplication *)app;

  for (guint i = 0; i < G_N_ELEMENTS (self->signal_sources); i++)
    g_clear_handle_id (&self->signal_sources[i], g_source_remove);
  df_plugin_notice_set_handler (NULL, NULL);
  if (shower_app == self)
    {
      df_ui_extension_set_chapter_shower (NULL);
      g_clear_weak_pointer (&shower_app);
    }
  /* The jobs cancelled with the windows (a sync's helper process takes
   * up to 2 s to stop) end first: the journal is then folded into the
   * database by the last connection. */
  if (!df_worker_wait_all (5 * G_USEC_PER_SEC))
    g_debug ("Quitting with jobs still running");
  if (self->session != NULL && df_session_get_store (self->session) != NULL)
    df_store_checkpoint (df_session_get_store (self->session), NULL);

  G_APPLICATION_CLASS (df_application_parent_class)->shutdown (app);
}

static void
df_application_finalize (GObject *object)
{
  DfApplication *self = (DfApplication *)object;

  g_clear_weak_pointer (&self->backed_up);
  g_clear_weak_pointer (&self->language_toast);
  g_clear_pointer (&self->offered, g_free);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->open_slug, g_free);

  G_OBJECT_CLASS (df_application_parent_class)->finalize (object);
}

static void
df_application_class_init (DfApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = df_application_finalize;

  app_class->startup = df_application_startup;
  app_class->activate = df_application_activate;
  app_class->open = df_application_open;
  app_class->handle_local_options = df_application_handle_local_options;
  app_class->shutdown = df_application_shutdown;
}

static void
df_application_init (DfApplication *self)
{
  static const GActionEntry app_actions[] = {
    { "quit", quit_action },
    { "restart", restart_action },
    { "preferences", preferences_action },
    { "ai-settings", ai_settings_action, "s" },
    { "about", about_action },
  };
  static const GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Use the database at PATH"), N_("PATH") },
    { "project", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Open the project SLUG"), N_("SLUG") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { "safe-mode", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Load only DraftForge's own plugins, none you installed"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
}

void
df_application_init_language (int          argc,
                              char       **argv,
                              const char  *localedir)
{
  const char *kept = g_getenv (KEPT_LANGUAGE);
  g_autofree char *language = NULL;

  if (kept != NULL)
    {
      if (*kept != '\0')
        g_setenv ("LANGUAGE", kept, TRUE);
      else
        g_unsetenv ("LANGUAGE");
      g_unsetenv (KEPT_LANGUAGE);
    }
  g_free (env_language);
  env_language = current_language ();

  if (use_profile_language ())
    {
      g_autofree char *path = df_store_resolve_path (db_argument (argc, argv));

      language = profile_language_at (path);
    }
  if (language != NULL && !g_str_equal (language, env_language))
    {
      g_setenv (KEPT_LANGUAGE, g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "", TRUE);
      g_setenv ("LANGUAGE", language, TRUE);
    }
  g_free (started_language);
  started_language = current_language ();

  /* After LANGUAGE: setlocale makes gettext read it afresh. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

const char *
df_application_get_language (void)
{
  return started_language;
}

char *
df_application_dup_wanted_language (DfApplication *self)
{
  g_autofree char *language = NULL;

  g_return_val_if_fail (DF_IS_APPLICATION (self), NULL);

  if (self->settings != NULL && g_settings_get_boolean (self->settings, "use-profile-language"))
    language = profile_language (df_session_get_store (self->session));
  if (language == NULL)
    language = g_strdup (env_language != NULL ? env_language : started_language);
  return g_steal_pointer (&language);
}

gboolean
df_application_get_restart (DfApplication *self)
{
  g_return_val_if_fail (DF_IS_APPLICATION (self), FALSE);
  return self->restart;
}

DfApplication *
df_application_new (void)
{
  return g_object_new (DF_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/draftforge/DraftForge",
                       NULL);
}

DfSession *
df_application_get_session (DfApplication *self)
{
  g_return_val_if_fail (DF_IS_APPLICATION (self), NULL);
  return self->session;
}

/* What a bug report needs, for the About window's Troubleshooting page:
 * versions, the database, and which renderer draws and why. */
char *
df_application_dup_debug_info (DfApplication *self,
                               GtkWindow     *window)
{
  GString *info = g_string_new (NULL);
  GskRenderer *renderer = NULL;
  const char *why = df_renderer_get_explanation ();

  g_return_val_if_fail (DF_IS_APPLICATION (self), NULL);

  if (window != NULL && gtk_widget_get_realized (GTK_WIDGET (window)))
    renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  g_string_append_printf (info, "DraftForge %s\n", PACKAGE_VERSION);
  g_string_append_printf (info, "GTK %u.%u.%u, libadwaita %u.%u.%u, GLib %u.%u.%u\n",
                          gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
                          adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version (),
                          glib_major_version, glib_minor_version, glib_micro_version);
  g_string_append_printf (info, "Display: %s\n",
                          window != NULL ? G_OBJECT_TYPE_NAME (gtk_widget_get_display (GTK_WIDGET (window))) : "-");
  g_string_append_printf (info, "Renderer: %s\n", renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "-");
  if (why != NULL)
    g_string_append_printf (info, "Renderer choice: %s\n", why);
  g_string_append_printf (info, "Database: %s\n", self->session != NULL ? df_session_get_db_path (self->session) : "-");
  return g_string_free (info, FALSE);
}
