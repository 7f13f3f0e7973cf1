/* df-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "df-application.h"
#include "df-backup.h"
#include "df-model.h"
#include "df-preferences-window.h"
#include "df-renderer.h"
#include "df-session.h"
#include "df-window.h"
#include "df-worker.h"

struct _DfApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *db_path;       /* --db */
  char           *open_slug;     /* --project */
  DfSession      *session;
  DfStore        *backed_up;     /* weak: the store whose file the start-up backup checks */
};

G_DEFINE_FINAL_TYPE (DfApplication, df_application, ADW_TYPE_APPLICATION)

static void backup_done (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data);

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
    window = GTK_WINDOW (df_window_new (GTK_APPLICATION (self), self->session));
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

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  DfApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow *prefs = GTK_WINDOW (df_preferences_window_new (self->session));

  gtk_window_set_transient_for (prefs, parent);
  gtk_window_present (prefs);
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
                         "copyright", "© 2026 The DraftForge developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Write and read books, with parts, chapters and progress."),
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
df_application_startup (GApplication *app)
{
  DfApplication *self = (DfApplication *)app;
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (df_application_parent_class)->startup (app);

  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", prefs_accels);

  self->settings = g_settings_new (APP_ID);
  g_settings_bind_with_mapping (self->settings, "theme",
                                adw_style_manager_get_default (), "color-scheme",
                                G_SETTINGS_BIND_GET, theme_get_mapping, NULL, NULL, NULL);

  self->session = df_session_new (self->db_path, self->settings);
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

  if (self->session != NULL && df_session_get_store (self->session) != NULL)
    df_store_checkpoint (df_session_get_store (self->session), NULL);

  G_APPLICATION_CLASS (df_application_parent_class)->shutdown (app);
}

static void
df_application_finalize (GObject *object)
{
  DfApplication *self = (DfApplication *)object;

  g_clear_weak_pointer (&self->backed_up);
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
    { "preferences", preferences_action },
    { "about", about_action },
  };
  static const GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Use the database at PATH"), N_("PATH") },
    { "project", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Open the project SLUG"), N_("SLUG") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
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
