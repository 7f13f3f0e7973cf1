/* df-profile-window.c: edit a profile later
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-profile-window"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "df-model.h"
#include "df-profile-choices.h"
#include "df-profile-window.h"

struct _DfProfileWindow
{
  AdwPreferencesWindow  parent_instance;

  DfSession            *session;
  DfProfile            *profile;
  GPtrArray            *goal_switches;
  gboolean              loading;

  /* Template widgets */
  AdwComboRow          *ai_ml_row;
  AdwComboRow          *education_row;
  AdwEntryRow          *email_row;
  GtkWidget            *goals_group;
  AdwComboRow          *language_row;
  AdwEntryRow          *name_row;
  AdwComboRow          *programming_row;
  GtkSwitch            *robotics_switch;
  GtkWidget            *use_button;
};

G_DEFINE_FINAL_TYPE (DfProfileWindow, df_profile_window, ADW_TYPE_PREFERENCES_WINDOW)

static void combo_row_notify_selected_cb (DfProfileWindow *self,
                                          GParamSpec      *pspec,
                                          AdwComboRow     *row);

static const char *
profile_field (DfProfile  *profile,
               const char *key)
{
  if (g_str_equal (key, "education_level"))
    return profile->education_level;
  if (g_str_equal (key, "programming_experience"))
    return profile->programming_experience;
  if (g_str_equal (key, "ai_ml_experience"))
    return profile->ai_ml_experience;
  if (g_str_equal (key, "preferred_language"))
    return profile->preferred_language;
  g_return_val_if_reached (NULL);
}

static gboolean
goals_contain (const char *goals_json,
               const char *goal)
{
  g_autoptr(JsonNode) node = json_from_string (goals_json ? goals_json : "[]", NULL);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_node_get_string (json_array_get_element (array, i)), goal) == 0)
      return TRUE;
  return FALSE;
}

static void
set_text_if_changed (AdwEntryRow *row,
                     const char  *text)
{
  /* Setting the same text would offer to apply it again. */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), text ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

/* Shows the stored profile in the widgets (also: undoes a refused edit). */
static void
load_widgets (DfProfileWindow *self)
{
  DfProfile *p = self->profile;
  AdwComboRow *combos[] = { self->education_row, self->programming_row, self->ai_ml_row, self->language_row };

  if (p == NULL)
    return;

  self->loading = TRUE;

  set_text_if_changed (self->name_row, p->display_name);
  set_text_if_changed (self->email_row, p->email);

  for (guint i = 0; i < G_N_ELEMENTS (combos); i++)
    {
      const char *key = g_object_get_data (G_OBJECT (combos[i]), "df-key");
      const char * const *values = g_object_get_data (G_OBJECT (combos[i]), "df-values");
      const char *value = profile_field (p, key);
      guint selected = GTK_INVALID_LIST_POSITION;

      for (guint j = 0; values[j] != NULL; j++)
        if (g_strcmp0 (values[j], value) == 0)
          selected = j;
      adw_combo_row_set_selected (combos[i], selected);
    }

  gtk_switch_set_active (self->robotics_switch, p->robotics_background);

  for (guint i = 0; i < self->goal_switches->len; i++)
    {
      GtkSwitch *sw = g_ptr_array_index (self->goal_switches, i);
      const char *goal = g_object_get_data (G_OBJECT (sw), "df-value");

      gtk_switch_set_active (sw, goals_contain (p->learning_goals, goal));
    }

  gtk_widget_set_visible (self->use_button, !p->active);

  self->loading = FALSE;
}

static void
show_message (DfProfileWindow *self,
              const char      *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 5);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

static gboolean
reload (DfProfileWindow  *self,
        GError          **error)
{
  DfProfile *profile = df_profile_get (df_session_get_store (self->session), self->profile->id, error);

  if (profile == NULL)
    return FALSE;
  g_clear_pointer (&self->profile, df_profile_free);
  self->profile = profile;
  return TRUE;
}

/* Saves one field at once; a refusal puts the stored value back. */
static void
save_field (DfProfileWindow *self,
            const char      *key,
            const char      *value)
{
  g_autoptr(GError) error = NULL;

  if (self->loading || self->profile == NULL)
    return;

  if (!df_profile_set (df_session_get_store (self->session), self->profile->id, key, value, &error) ||
      !reload (self, &error))
    {
      show_message (self, error->message);
      load_widgets (self);
      return;
    }

  /* The core may have tidied the value (trimmed a name, say). */
  if (g_str_equal (key, "display_name") || g_str_equal (key, "email"))
    load_widgets (self);
}

static void
setup_combo (DfProfileWindow    *self,
             AdwComboRow        *row,
             const char         *key,
             const char * const *values)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  for (guint i = 0; values[i] != NULL; i++)
    gtk_string_list_append (model, df_profile_value_label (key, values[i]));

  g_object_set_data (G_OBJECT (row), "df-key", (gpointer)key);
  g_object_set_data (G_OBJECT (row), "df-values", (gpointer)values);
  adw_combo_row_set_model (row, G_LIST_MODEL (model));
  g_signal_connect_object (row, "notify::selected",
                           G_CALLBACK (combo_row_notify_selected_cb), self, G_CONNECT_SWAPPED);
}

static void
name_row_apply_cb (DfProfileWindow *self)
{
  save_field (self, "display_name", gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
}

static void
email_row_apply_cb (DfProfileWindow *self)
{
  save_field (self, "email", gtk_editable_get_text (GTK_EDITABLE (self->email_row)));
}

static void
robotics_switch_notify_cb (DfProfileWindow *self)
{
  save_field (self, "robotics_background", gtk_switch_get_active (self->robotics_switch) ? "true" : "false");
}

static void
combo_row_notify_selected_cb (DfProfileWindow *self,
                              GParamSpec      *pspec,
                              AdwComboRow     *row)
{
  const char *key = g_object_get_data (G_OBJECT (row), "df-key");
  const char * const *values = g_object_get_data (G_OBJECT (row), "df-values");
  guint selected = adw_combo_row_get_selected (row);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= g_strv_length ((char **)values))
    return;
  save_field (self, key, values[selected]);
}

static void
goal_switch_notify_cb (DfProfileWindow *self)
{
  g_autofree char *joined = df_profile_join_choices (self->goal_switches);

  save_field (self, "learning_goals", joined);
}

static void
activate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  DfProfileWindow *self = DF_PROFILE_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->profile == NULL)
    return;

  if (!df_profile_set_active (df_session_get_store (self->session), self->profile->id, &error) ||
      !reload (self, &error))
    {
      show_message (self, error->message);
      return;
    }

  load_widgets (self);
  show_message (self, _("This profile is now in use"));
}

static void
df_profile_window_dispose (GObject *object)
{
  DfProfileWindow *self = (DfProfileWindow *)object;

  g_clear_pointer (&self->goal_switches, g_ptr_array_unref);
  g_clear_pointer (&self->profile, df_profile_free);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (df_profile_window_parent_class)->dispose (object);
}

static void
df_profile_window_class_init (DfProfileWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_profile_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/draftforge/DraftForge/ui/df-profile-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DfProfileWindow, ai_ml_row);
  gtk_widget_class_bind_template_child (widget_class, DfProfileWindow, education_row);
  gtk_widget_class_bind_template_child (widget_class, DfProfileWindow, email_row);
  gtk_widget_class_bind_template_child (widget_class, DfProfileWindow, goals_group);
  gtk_widget_class_bind_template_child (widget_class, DfProfileWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, DfProfileWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, DfProfileWindow, programming_row);
  gtk_widget_class_bind_template_child (widget_class, DfProfileWindow, robotics_switch);
  gtk_widget_class_bind_template_child (widget_class, DfProfileWindow, use_button);
  gtk_widget_class_bind_template_callback (widget_class, email_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, robotics_switch_notify_cb);

  gtk_widget_class_install_action (widget_class, "profile.activate", NULL, activate_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
df_profile_window_init (DfProfileWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->loading = TRUE;

  setup_combo (self, self->education_row, "education_level", df_education_levels);
  setup_combo (self, self->programming_row, "programming_experience", df_programming_experiences);
  setup_combo (self, self->ai_ml_row, "ai_ml_experience", df_ai_ml_experiences);
  setup_combo (self, self->language_row, "preferred_language", df_languages);

  self->goal_switches = g_ptr_array_new ();
  for (guint i = 0; df_learning_goals[i] != NULL; i++)
    {
      GtkWidget *sw = gtk_switch_new ();

      df_profile_add_choice_row (ADW_PREFERENCES_GROUP (self->goals_group), "learning_goals", df_learning_goals[i], sw);
      g_signal_connect_object (sw, "notify::active",
                               G_CALLBACK (goal_switch_notify_cb), self, G_CONNECT_SWAPPED);
      g_ptr_array_add (self->goal_switches, sw);
    }

  self->loading = FALSE;
}

DfProfileWindow *
df_profile_window_new (DfSession  *session,
                       const char *profile_id)
{
  DfProfileWindow *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (DF_IS_SESSION (session), NULL);
  g_return_val_if_fail (df_session_get_store (session) != NULL, NULL);
  g_return_val_if_fail (profile_id != NULL, NULL);

  self = g_object_new (DF_TYPE_PROFILE_WINDOW, NULL);
  self->session = g_object_ref (session);
  self->profile = df_profile_get (df_session_get_store (session), profile_id, &error);

  if (self->profile == NULL)
    {
      /* Deleted meanwhile: say so, and leave nothing to edit. */
      GtkWidget *widgets[] = {
        GTK_WIDGET (self->name_row), GTK_WIDGET (self->email_row), GTK_WIDGET (self->education_row),
        GTK_WIDGET (self->programming_row), GTK_WIDGET (self->ai_ml_row), GTK_WIDGET (self->robotics_switch),
        self->goals_group, GTK_WIDGET (self->language_row),
      };

      for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
        gtk_widget_set_sensitive (widgets[i], FALSE);
      show_message (self, error->message);
    }
  else
    load_widgets (self);

  return self;
}
