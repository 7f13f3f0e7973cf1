/* df-plugins-page.c: the Plugins page of the preferences
 *
 * Every plugin found, with its version, description, an enabled switch
 * and its error if it could not load; "Install from File…" and, for
 * plugins the user installed, Remove; and the limits of a plugin's job in
 * the helper process (an export, an agent's check).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugins"

#include "config.h"

#include <glib/gi18n.h>

#include "df-plugins-page.h"
#include "df-utils.h"

struct _DfPluginsPage
{
  AdwPreferencesPage    parent_instance;

  DfPluginHost         *host;
  AdwPreferencesGroup  *group;
  GPtrArray            *rows;
  guint                 rebuild_id;
  gboolean              updating;
};

G_DEFINE_FINAL_TYPE (DfPluginsPage, df_plugins_page, ADW_TYPE_PREFERENCES_PAGE)

static void switch_toggled (GtkSwitch     *sw,
                            GParamSpec    *pspec,
                            DfPluginsPage *self);

static const char *
origin_label (DfPluginOrigin origin)
{
  switch (origin)
    {
    case DF_PLUGIN_ORIGIN_USER: return _("Installed by you");
    case DF_PLUGIN_ORIGIN_PATH: return _("From DRAFTFORGE_PLUGIN_PATH");
    case DF_PLUGIN_ORIGIN_SYSTEM:
    default: return _("Part of DraftForge");
    }
}

/* How the plugin has been doing, and "Copy Problem Report". */
static GtkWidget *
create_health_row (const DfPluginInfo *info)
{
  GtkWidget *health = adw_action_row_new ();
  GtkWidget *copy = gtk_button_new_with_mnemonic (_("_Copy Problem Report"));
  g_autoptr(GString) text = g_string_new (NULL);

  if (info->crashes == 0)
    g_string_append (text, _("Never crashed DraftForge"));
  else
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Crashed DraftForge %u time",
                                               "Crashed DraftForge %u times", info->crashes),
                            info->crashes);
  if (info->jobs > 0)
    {
      g_string_append (text, " · ");
      /* (its exports, agent runs, transforms and syncs) */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u run, %.1f s on average",
                                                 "%u runs, %.1f s on average", info->jobs),
                              info->jobs, info->job_seconds);
    }
  if (info->last_failure != NULL)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Last failure: %s"), info->last_failure);
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (health), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (health), _("Health"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (health), text->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (health), 0);
  gtk_widget_set_name (health, "health");

  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (copy, _("Copies what the plugin's author needs to know (never your book's text)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (copy), "plugins.copy-report");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (copy), "s", info->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (health), copy);
  return health;
}

static GtkWidget *
create_row (DfPluginsPage      *self,
            const DfPluginInfo *info)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *sw = gtk_switch_new ();
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), info->name ? info->name : info->id);
  gtk_widget_set_name (row, info->id);

  if (info->error != NULL)
    subtitle = g_strdup (info->error);
  else
    subtitle = g_strdup_printf ("%s · %s", info->version ? info->version : "", origin_label (info->origin));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  if (info->error != NULL)
    gtk_widget_add_css_class (row, "error");

  gtk_switch_set_active (GTK_SWITCH (sw), info->enabled);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  gtk_widget_set_name (sw, "enabled");
  gtk_accessible_update_property (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  info->name ? info->name : info->id, -1);
  g_object_set_data_full (G_OBJECT (sw), "plugin-id", g_strdup (info->id), g_free);
  g_signal_connect_object (sw, "notify::active", G_CALLBACK (switch_toggled), self, 0);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), sw);

  {
    GtkWidget *details = adw_action_row_new ();
    g_autofree char *provides = info->provides ? g_strjoinv (", ", info->provides) : g_strdup ("");
    g_autofree char *text = g_strdup_printf (_("%s\nProvides: %s\nAuthors: %s\nFolder: %s%s%s"),
                                             info->description ? info->description : "",
                                             provides,
                                             info->authors ? info->authors : "",
                                             info->dir ? info->dir : "",
                                             info->shadowed_dir ? _("\nHides DraftForge’s own copy in ") : "",
                                             info->shadowed_dir ? info->shadowed_dir : "");

    adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (details), FALSE);
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (details), info->id);
    adw_action_row_set_subtitle (ADW_ACTION_ROW (details), text);
    adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (details), 0);

    if (info->origin == DF_PLUGIN_ORIGIN_USER)
      {
        GtkWidget *remove = gtk_button_new_with_mnemonic (_("_Remove"));

        gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
        gtk_widget_add_css_class (remove, "destructive-action");
        gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "plugins.remove");
        gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", info->id);
        adw_action_row_add_suffix (ADW_ACTION_ROW (details), remove);
      }
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), details);
  }

  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), create_health_row (info));
  return row;
}

static void
rebuild (DfPluginsPage *self)
{
  g_autoptr(GPtrArray) plugins = NULL;

  df_preferences_group_remove_rows (self->group, self->rows);

  if (self->host == NULL)
    return;

  self->updating = TRUE;
  df_plugin_host_update_health (self->host);
  plugins = df_plugin_host_list (self->host);
  for (guint i = 0; plugins && i < plugins->len; i++)
    {
      GtkWidget *row = create_row (self, g_ptr_array_index (plugins, i));
      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }
  self->updating = FALSE;

  adw_preferences_group_set_description (self->group,
                                         plugins && plugins->len > 0 ? NULL
                                         : _("No plugins were found. Install one from a folder or an archive."));
}

static void
switch_toggled (GtkSwitch     *sw,
                GParamSpec    *pspec,
                DfPluginsPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (sw), "plugin-id");
  g_autoptr(GError) error = NULL;

  if (self->updating)
    return;

  if (!df_plugin_host_set_enabled (self->host, id, gtk_switch_get_active (sw), &error))
    df_page_show_toast (GTK_WIDGET (self), error->message);
}

static gboolean
rebuild_idle (gpointer data)
{
  DfPluginsPage *self = data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/* The host changes while a switch of ours is still handling its toggle:
 * the rows are rebuilt once that is over. */
static void
host_changed (DfPluginsPage *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_idle, self);
}

static void
install_confirmed (AdwMessageDialog *dialog,
                   const char       *response,
                   DfPluginsPage    *self)
{
  const char *path = g_object_get_data (G_OBJECT (dialog), "path");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "install") != 0)
    return;
  if (!df_plugins_page_install (self, path, &error))
    df_page_show_toast (GTK_WIDGET (self), error->message);
  else
    df_page_show_toast (GTK_WIDGET (self), _("Plugin installed"));
}

/* What the plugin asks to do, one line each. */
static char *
describe_permissions (const DfPluginInfo *info)
{
  GString *text = g_string_new (NULL);

  if (info->permissions == NULL)
    return g_strdup (_("It does not declare what it will do (permissions not declared): "
                       "it may do anything DraftForge can do."));
  if (info->permissions[0] == NULL)
    return g_strdup (_("It asks for no permissions."));
  g_string_append (text, _("It asks to:"));
  for (guint i = 0; info->permissions[i] != NULL; i++)
    g_string_append_printf (text, "\n• %s", df_plugin_permission_describe (info->permissions[i]));
  return g_string_free (text, FALSE);
}

static void
install_chosen (GtkWidget *widget,
                GFile     *file)
{
  g_autofree char *path = file ? g_file_get_path (file) : NULL;

  if (path != NULL)
    df_plugins_page_ask_install (DF_PLUGINS_PAGE (widget), path);
}

static void
install_clicked (DfPluginsPage *self)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Plugin archives (.tar.gz, .tar.xz, .zip)"));
  gtk_file_filter_add_suffix (filter, "gz");
  gtk_file_filter_add_suffix (filter, "xz");
  gtk_file_filter_add_suffix (filter, "zip");
  df_choose_file (GTK_WIDGET (self), _("Install a Plugin"), GTK_FILE_CHOOSER_ACTION_OPEN,
                  _("_Install"), filter, NULL, install_chosen);
}

static void
copy_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DfPluginsPage *self = DF_PLUGINS_PAGE (widget);
  const DfPluginInfo *info = df_plugin_host_lookup (self->host, g_variant_get_string (param, NULL));
  g_autofree char *report = NULL;

  if (info == NULL)
    return;
  report = df_plugin_health_report (info);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), report);
  df_page_show_toast (widget, _("Problem report copied"));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DfPluginsPage *self = DF_PLUGINS_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!df_plugin_host_remove (self->host, g_variant_get_string (param, NULL), &error))
    df_page_show_toast (GTK_WIDGET (self), error->message);
}

static void
df_plugins_page_dispose (GObject *object)
{
  DfPluginsPage *self = (DfPluginsPage *)object;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  g_clear_object (&self->host);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (df_plugins_page_parent_class)->dispose (object);
}

static void
df_plugins_page_class_init (DfPluginsPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = df_plugins_page_dispose;

  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "plugins.remove", "s", remove_action);
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "plugins.copy-report", "s", copy_report_action);
}

static void
df_plugins_page_init (DfPluginsPage *self)
{
  GtkWidget *install = gtk_button_new_with_mnemonic (_("_Install from File…"));

  self->rows = g_ptr_array_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Plugins"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "application-x-addon-symbolic");

  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->group, _("Plugins"));
  gtk_widget_add_css_class (install, "flat");
  gtk_widget_set_valign (install, GTK_ALIGN_CENTER);
  g_signal_connect_object (install, "clicked", G_CALLBACK (install_clicked), self, G_CONNECT_SWAPPED);
  adw_preferences_group_set_header_suffix (self->group, install);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), self->group);
}

/* A row with a spin button bound to @key (an unsigned setting). */
static GtkWidget *
limit_row (GSettings  *settings,
           const char *key,
           const char *name,
           const char *title,
           const char *subtitle,
           double      lower,
           double      upper,
           double      step)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, step);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (spin, name);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_settings_bind (settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  return row;
}

/* The limits of a job in the helper process, from the settings. */
static void
add_limits (DfPluginsPage *self,
            GSettings     *settings)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Limits"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("A plugin’s export, check, personalization or sync runs in a process of "
                                           "its own; one that goes over these is stopped and says so, and nothing "
                                           "else is affected."));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             limit_row (settings, "plugin-time-limit", "plugin-time-limit",
                                        _("Time Limit (Seconds)"), _("The longest a plugin’s export, check or sync may take"),
                                        5, 86400, 5));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             limit_row (settings, "plugin-memory-limit", "plugin-memory-limit",
                                        _("Memory Limit (MiB)"), _("The most memory a plugin’s export, check or sync may use"),
                                        256, 65536, 256));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), ADW_PREFERENCES_GROUP (group));
}

GtkWidget *
df_plugins_page_new (DfSession *session)
{
  DfPluginsPage *self;
  DfPluginHost *host;

  g_return_val_if_fail (DF_IS_SESSION (session), NULL);

  self = g_object_new (DF_TYPE_PLUGINS_PAGE, NULL);
  host = df_session_get_plugin_host (session);
  self->host = host ? g_object_ref (host) : NULL;
  if (host != NULL)
    g_signal_connect_object (host, "changed", G_CALLBACK (host_changed), self, G_CONNECT_SWAPPED);
  rebuild (self);
  if (df_session_get_settings (session) != NULL)
    add_limits (self, df_session_get_settings (session));
  return GTK_WIDGET (self);
}

gboolean
df_plugins_page_install (DfPluginsPage  *self,
                         const char     *path,
                         GError        **error)
{
  g_autofree char *id = df_plugin_host_install (self->host, path, error);

  return id != NULL;
}

void
df_plugins_page_ask_install (DfPluginsPage *self,
                             const char    *chosen)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autofree char *path = g_strdup (chosen);
  g_autoptr(GError) error = NULL;
  g_autoptr(DfPluginInfo) info = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  g_return_if_fail (DF_IS_PLUGINS_PAGE (self));

  if ((info = df_plugin_host_inspect (self->host, path, &error)) == NULL)
    {
      df_page_show_toast (widget, error->message);
      return;
    }
  heading = g_strdup_printf (_("Install “%s”?"), info->name ? info->name : info->id);
  body = describe_permissions (info);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, body);
  gtk_widget_set_name (dialog, "plugin-install-permissions");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "install", _("_Install"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "install", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "path", g_steal_pointer (&path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (install_confirmed), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the crash notice ---------------------------------------------------- */

static void
crash_notice_response (AdwMessageDialog *dialog,
                       const char       *response,
                       DfPluginHost     *host)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "plugin-id");
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (g_strcmp0 (response, "enable") == 0)
    ok = df_plugin_host_set_enabled (host, id, TRUE, &error);
  else if (g_strcmp0 (response, "remove") == 0)
    ok = df_plugin_host_remove (host, id, &error);
  if (!ok)
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));
      GtkWidget *failed = adw_message_dialog_new (parent, _("The Plugin Was Not Changed"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (failed), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (failed));
    }
}

static void present_crash_notices (GtkWindow    *parent,
                                   DfPluginHost *host);

/* Once @parent is on screen: a dialog shown before would be under it. */
static void
parent_mapped (GtkWidget    *parent,
               DfPluginHost *host)
{
  g_signal_handlers_disconnect_by_func (parent, parent_mapped, host);
  present_crash_notices (GTK_WINDOW (parent), host);
}

void
df_plugins_show_crash_notices (GtkWindow    *parent,
                               DfPluginHost *host)
{
  g_return_if_fail (DF_IS_PLUGIN_HOST (host));

  if (gtk_widget_get_mapped (GTK_WIDGET (parent)))
    present_crash_notices (parent, host);
  else
    g_signal_connect_object (parent, "map", G_CALLBACK (parent_mapped), host, 0);
}

static void
present_crash_notices (GtkWindow    *parent,
                       DfPluginHost *host)
{
  g_autoptr(GPtrArray) ids = NULL;

  ids = df_plugin_guard_take_notices ();
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = ids->pdata[i];
      const DfPluginInfo *info = df_plugin_host_lookup (host, id);
      g_autofree char *body = NULL;
      GtkWidget *dialog;

      if (info == NULL)
        continue;
      body = g_strdup_printf (_("“%s” (%s %s) made DraftForge stop the last time it ran, so it was turned off. "
                                "Your books are not affected. Enable it again only if a new version fixes it."),
                              info->name, info->id, info->version ? info->version : "");
      dialog = adw_message_dialog_new (parent, _("A Plugin Was Turned Off"), body);
      gtk_widget_set_name (dialog, "plugin-crash-notice");
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "keep", _("_Keep Off"),
                                        "enable", _("_Enable Again"),
                                        NULL);
      if (info->origin == DF_PLUGIN_ORIGIN_USER)
        {
          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "remove", _("_Remove"));
          adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                                      ADW_RESPONSE_DESTRUCTIVE);
        }
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
      g_object_set_data_full (G_OBJECT (dialog), "plugin-id", g_strdup (id), g_free);
      g_signal_connect_object (dialog, "response", G_CALLBACK (crash_notice_response), host, 0);
      gtk_window_present (GTK_WINDOW (dialog));
    }
}
