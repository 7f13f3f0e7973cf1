/* df-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "df-ai-page.h"
#include "df-credits-page.h"
#include "df-plugins-page.h"
#include "df-preferences-window.h"
#include "df-spell-checker.h"
#include "df-utils.h"

struct _DfPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  DfSession            *session;
  GSettings            *settings;       /* the session's */
  GPtrArray            *spell_codes;

  /* Template widgets */
  GtkSpinButton        *autosave_spin;
  GtkSpinButton        *sync_interval_spin;
  GtkWidget            *font_button;
  GtkWidget            *font_row;
  GtkSwitch            *profile_language_switch;
  AdwActionRow         *reader_row;
  GtkRange             *reader_scale;
  AdwComboRow          *spell_language_row;
  GtkSwitch            *spell_switch;
  GtkSpinButton        *text_width_spin;
  GtkSpinButton        *personalize_days_spin;
  GtkSwitch            *use_system_font_switch;
  GtkSwitch            *monospace_switch;
  GtkSwitch            *typewriter_switch;
  GtkSwitch            *codex_highlight_switch;
  GtkSwitch            *dim_switch;
  GtkWidget            *system_font_row;
};

G_DEFINE_FINAL_TYPE (DfPreferencesWindow, df_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The names of the languages DraftForge knows; "" is the system's. */
static const DfChoice spell_languages[] = {
  { "", N_("System Language") },
  { "en_US", N_("English (United States)") },
  { "en_GB", N_("English (United Kingdom)") },
  { "ur_PK", N_("Urdu") },
  { "ar", N_("Arabic") },
  { "hi_IN", N_("Hindi") },
  { "fr_FR", N_("French") },
  { "de_DE", N_("German") },
  { "es_ES", N_("Spanish") },
  { NULL, NULL }
};

static gboolean
spell_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  DfPreferencesWindow *self = user_data;
  const char *code = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < self->spell_codes->len; i++)
    if (g_str_equal (g_ptr_array_index (self->spell_codes, i), code))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
spell_set_mapping (const GValue       *value,
                   const GVariantType *type,
                   gpointer            user_data)
{
  DfPreferencesWindow *self = user_data;
  guint i = g_value_get_uint (value);

  if (i >= self->spell_codes->len)
    return NULL;   /* nothing chosen: leave the key alone */
  return g_variant_new_string (g_ptr_array_index (self->spell_codes, i));
}

/* The monospace font's rows count only when the editor uses it. */
static void
update_font_rows (DfPreferencesWindow *self)
{
  gboolean monospace = g_settings_get_boolean (self->settings, "editor-monospace");

  gtk_widget_set_sensitive (self->system_font_row, monospace);
  gtk_widget_set_sensitive (self->font_row, monospace && !g_settings_get_boolean (self->settings, "use-system-font"));
}

/* Says which dictionary checks, or why none does. */
static void
update_spell_status (DfPreferencesWindow *self)
{
  g_autofree char *language = g_settings_get_string (self->settings, "spell-check-language");
  g_autoptr(GError) error = NULL;
  g_autoptr(DfSpellChecker) checker = NULL;
  g_autofree char *status = NULL;

  if (!g_settings_get_boolean (self->settings, "spell-check"))
    status = g_strdup (_("Spelling is not checked"));
  else if ((checker = df_spell_checker_new (language, &error)) == NULL)
    status = g_strdup (error->message);
  else
    /* Translators: %s is a dictionary's tag, such as en_US */
    status = g_strdup_printf (_("Checked with the %s dictionary"), df_spell_checker_get_language (checker));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->spell_language_row), status);
}

static void
setup_spell_languages (DfPreferencesWindow *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  g_autofree char *current = g_settings_get_string (self->settings, "spell-check-language");
  g_auto(GStrv) installed = df_spell_checker_list_languages ();
  gboolean found = g_str_equal (current, "");

  /* The system's language, then every installed dictionary. */
  g_ptr_array_add (self->spell_codes, g_strdup (""));
  gtk_string_list_append (model, df_choice_label (spell_languages, ""));
  for (guint i = 0; installed[i] != NULL; i++)
    {
      g_ptr_array_add (self->spell_codes, g_strdup (installed[i]));
      gtk_string_list_append (model, df_choice_label (spell_languages, installed[i]));
      found |= g_str_equal (current, installed[i]);
    }

  /* Keep a language set elsewhere choosable, even without its dictionary. */
  if (!found)
    {
      g_ptr_array_add (self->spell_codes, g_strdup (current));
      gtk_string_list_append (model, df_choice_label (spell_languages, current));
    }

  adw_combo_row_set_model (self->spell_language_row, G_LIST_MODEL (model));
  g_settings_bind_with_mapping (self->settings, "spell-check-language",
                                self->spell_language_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                spell_get_mapping, spell_set_mapping,
                                self, NULL);
  g_settings_bind (self->settings, "spell-check", self->spell_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "spell-check", self->spell_language_row, "sensitive", G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->settings, "changed::spell-check", G_CALLBACK (update_spell_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::spell-check-language", G_CALLBACK (update_spell_status), self, G_CONNECT_SWAPPED);
  update_spell_status (self);
}

static void
bind_settings (DfPreferencesWindow *self)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GAction) theme = NULL;

  /* A stateful action: the three check buttons act as radio buttons. */
  theme = g_settings_create_action (self->settings, "theme");
  g_action_map_add_action (G_ACTION_MAP (group), theme);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "prefs", G_ACTION_GROUP (group));

  /* The application offers to restart when it changes. */
  g_settings_bind (self->settings, "use-profile-language",
                   self->profile_language_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "use-system-font",
                   self->use_system_font_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "editor-monospace",
                   self->monospace_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "codex-highlight",
                   self->codex_highlight_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "focus-typewriter",
                   self->typewriter_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "focus-dim", self->dim_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::editor-monospace",
                           G_CALLBACK (update_font_rows), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::use-system-font",
                           G_CALLBACK (update_font_rows), self, G_CONNECT_SWAPPED);
  update_font_rows (self);
  /* "font" is GtkFontChooser's property; GtkFontButton is deprecated from
   * GTK 4.10 on but is what 4.8 offers. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_settings_bind (self->settings, "editor-font",
                   self->font_button, "font", G_SETTINGS_BIND_DEFAULT);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_settings_bind (self->settings, "text-width",
                   self->text_width_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "autosave-interval",
                   self->autosave_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "personalize-expiry-days",
                   self->personalize_days_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sync-interval",
                   self->sync_interval_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "reader-font-scale",
                   gtk_range_get_adjustment (self->reader_scale), "value", G_SETTINGS_BIND_DEFAULT);
}

/* The AI and Credits pages need the database, the Plugins page the
 * plugins: a database that could not be opened has neither. */
static void
add_pages (DfPreferencesWindow *self)
{
  AdwPreferencesWindow *window = ADW_PREFERENCES_WINDOW (self);

  if (df_session_get_store (self->session) != NULL)
    {
      adw_preferences_window_add (window, ADW_PREFERENCES_PAGE (df_ai_page_new (self->session)));
      adw_preferences_window_add (window, ADW_PREFERENCES_PAGE (df_credits_page_new (self->session)));
    }
  if (df_session_get_plugin_host (self->session) != NULL)
    adw_preferences_window_add (window, ADW_PREFERENCES_PAGE (df_plugins_page_new (self->session)));
}

static void
reader_scale_value_changed_cb (DfPreferencesWindow *self)
{
  g_autofree char *subtitle = NULL;
  int percent = (int)(gtk_range_get_value (self->reader_scale) * 100.0 + 0.5);

  /* Translators: the reader's text size, such as "150 %" */
  subtitle = g_strdup_printf (_("%d %%"), percent);
  adw_action_row_set_subtitle (self->reader_row, subtitle);
}

static void
df_preferences_window_dispose (GObject *object)
{
  DfPreferencesWindow *self = (DfPreferencesWindow *)object;

  g_clear_object (&self->settings);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (df_preferences_window_parent_class)->dispose (object);
}

static void
df_preferences_window_finalize (GObject *object)
{
  DfPreferencesWindow *self = (DfPreferencesWindow *)object;

  g_clear_pointer (&self->spell_codes, g_ptr_array_unref);

  G_OBJECT_CLASS (df_preferences_window_parent_class)->finalize (object);
}

static void
df_preferences_window_class_init (DfPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_preferences_window_dispose;
  object_class->finalize = df_preferences_window_finalize;

  /* The template names GtkFontButton; make sure the type exists. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_type_ensure (GTK_TYPE_FONT_BUTTON);
  G_GNUC_END_IGNORE_DEPRECATIONS

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/draftforge/DraftForge/ui/df-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DfPreferencesWindow, autosave_spin);
  gtk_widget_class_bind_template_child (widget_class, DfPreferencesWindow, sync_interval_spin);
  gtk_widget_class_bind_template_child (widget_class, DfPreferencesWindow, font_button);
  gtk_widget_class_bind_template_child (widget_class, DfPreferencesWindow, font_row);
  gtk_widget_class_bind_template_child (widget_class, DfPreferencesWindow, profile_language_switch);
  gtk_widget_class_bind_template_child (widget_class, DfPreferencesWindow, reader_row);
  gtk_widget_class_bind_template_child (widget_class, DfPreferencesWindow, reader_scale);
  gtk_widget_class_bind_template_child (widget_class, DfPreferencesWindow, spell_language_row);
  gtk_widget_class_bind_template_child (widget_class, DfPreferencesWindow, spell_switch);
  gtk_widget_class_bind_template_child (widget_class, DfPreferencesWindow, text_width_spin);
  gtk_widget_class_bind_template_child (widget_class, DfPreferencesWindow, personalize_days_spin);
  gtk_widget_class_bind_template_child (widget_class, DfPreferencesWindow, use_system_font_switch);
  gtk_widget_class_bind_template_child (widget_class, DfPreferencesWindow, monospace_switch);
  gtk_widget_class_bind_template_child (widget_class, DfPreferencesWindow, typewriter_switch);
  gtk_widget_class_bind_template_child (widget_class, DfPreferencesWindow, codex_highlight_switch);
  gtk_widget_class_bind_template_child (widget_class, DfPreferencesWindow, dim_switch);
  gtk_widget_class_bind_template_child (widget_class, DfPreferencesWindow, system_font_row);
  gtk_widget_class_bind_template_callback (widget_class, reader_scale_value_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
df_preferences_window_init (DfPreferencesWindow *self)
{
  self->spell_codes = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
}

DfPreferencesWindow *
df_preferences_window_new (DfSession *session)
{
  DfPreferencesWindow *self;

  g_return_val_if_fail (DF_IS_SESSION (session), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (df_session_get_settings (session)), NULL);

  self = g_object_new (DF_TYPE_PREFERENCES_WINDOW, NULL);
  self->session = g_object_ref (session);
  self->settings = g_object_ref (df_session_get_settings (session));
  bind_settings (self);
  reader_scale_value_changed_cb (self);
  setup_spell_languages (self);
  add_pages (self);
  return self;
}
