/* df-spell-bar.c: says in the editor why spelling is off, and offers the
 * languages that have a dictionary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-spell-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "df-spell-bar.h"
#include "df-spell-checker.h"

struct _DfSpellBar
{
  GtkWidget       parent_instance;

  DfEditor       *editor;
  GSettings      *settings;
  char           *dismissed;   /* the language whose bar was closed */

  GtkRevealer    *revealer;
  GtkLabel       *label;
  GtkMenuButton  *languages_button;
};

G_DEFINE_FINAL_TYPE (DfSpellBar, df_spell_bar, GTK_TYPE_WIDGET)

/* The installed dictionaries, as a menu that sets the language. */
static GMenuModel *
languages_menu (void)
{
  g_auto(GStrv) languages = df_spell_checker_list_languages ();
  GMenu *menu = g_menu_new ();

  for (guint i = 0; languages != NULL && languages[i] != NULL; i++)
    {
      /* The tag as it is: a menu would take its "_" for a mnemonic. */
      g_auto(GStrv) pieces = g_strsplit (languages[i], "_", -1);
      g_autofree char *label = g_strjoinv ("__", pieces);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "spell-bar.use-language", g_variant_new_string (languages[i]));
      g_menu_append_item (menu, item);
    }
  return G_MENU_MODEL (menu);
}

static void
update (DfSpellBar *self)
{
  const char *error = self->editor != NULL ? df_editor_get_spell_error (self->editor) : NULL;
  g_autofree char *language = NULL;
  g_autoptr(GMenuModel) menu = NULL;

  if (error == NULL || self->settings == NULL)
    {
      gtk_revealer_set_reveal_child (self->revealer, FALSE);
      return;
    }

  language = g_settings_get_string (self->settings, "spell-check-language");
  if (g_strcmp0 (language, self->dismissed) == 0)
    return;

  menu = languages_menu ();
  gtk_label_set_text (self->label, error);
  gtk_menu_button_set_menu_model (self->languages_button, menu);
  gtk_widget_set_visible (GTK_WIDGET (self->languages_button), g_menu_model_get_n_items (menu) > 0);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
}

static void
use_language_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  DfSpellBar *self = DF_SPELL_BAR (widget);

  if (self->settings != NULL)
    g_settings_set_string (self->settings, "spell-check-language", g_variant_get_string (param, NULL));
}

static void
dismiss_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  DfSpellBar *self = DF_SPELL_BAR (widget);

  g_free (self->dismissed);
  self->dismissed = self->settings != NULL ? g_settings_get_string (self->settings, "spell-check-language") : NULL;
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
}

static GtkWidget *
build_bar (DfSpellBar *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("tools-check-spelling-symbolic");
  GtkWidget *close = gtk_button_new_from_icon_name ("window-close-symbolic");

  gtk_widget_add_css_class (box, "toolbar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Spelling"), -1);
  gtk_box_append (GTK_BOX (box), icon);

  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->label), "spell-message");
  gtk_label_set_wrap (self->label, TRUE);
  /* A long message must not widen the content and fold the sidebar away. */
  gtk_label_set_max_width_chars (self->label, 40);
  gtk_label_set_xalign (self->label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));

  self->languages_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_widget_set_name (GTK_WIDGET (self->languages_button), "spell-languages");
  gtk_menu_button_set_label (self->languages_button, _("Check Spelling _In"));
  gtk_menu_button_set_use_underline (self->languages_button, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->languages_button), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->languages_button));

  gtk_widget_set_tooltip_text (close, _("Dismiss"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (close), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Dismiss"), -1);
  gtk_widget_set_valign (close, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (close, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (close), "spell-bar.dismiss");
  gtk_box_append (GTK_BOX (box), close);
  return box;
}

static void
df_spell_bar_dispose (GObject *object)
{
  DfSpellBar *self = (DfSpellBar *)object;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->settings);
  g_clear_weak_pointer (&self->editor);

  G_OBJECT_CLASS (df_spell_bar_parent_class)->dispose (object);
}

static void
df_spell_bar_finalize (GObject *object)
{
  g_free (DF_SPELL_BAR (object)->dismissed);

  G_OBJECT_CLASS (df_spell_bar_parent_class)->finalize (object);
}

static void
df_spell_bar_class_init (DfSpellBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_spell_bar_dispose;
  object_class->finalize = df_spell_bar_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action (widget_class, "spell-bar.use-language", "s", use_language_action);
  gtk_widget_class_install_action (widget_class, "spell-bar.dismiss", NULL, dismiss_action);
}

static void
df_spell_bar_init (DfSpellBar *self)
{
  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_widget_set_name (GTK_WIDGET (self->revealer), "spell-revealer");
  gtk_revealer_set_child (self->revealer, build_bar (self));
  gtk_widget_set_parent (GTK_WIDGET (self->revealer), GTK_WIDGET (self));
}

GtkWidget *
df_spell_bar_new (void)
{
  return g_object_new (DF_TYPE_SPELL_BAR, NULL);
}

void
df_spell_bar_set_editor (DfSpellBar *self,
                         DfEditor   *editor,
                         GSettings  *settings)
{
  g_return_if_fail (DF_IS_SPELL_BAR (self));
  g_return_if_fail (DF_IS_EDITOR (editor));
  g_return_if_fail (G_IS_SETTINGS (settings));

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  g_set_weak_pointer (&self->editor, editor);
  self->settings = g_object_ref (settings);
  /* After the editor's own handlers, which find the dictionary. */
  g_signal_connect_object (settings, "changed::spell-check", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::spell-check-language", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}
