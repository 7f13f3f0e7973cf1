/* df-new-project-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-library"

#include "config.h"

#include <glib/gi18n.h>

#include "df-model.h"
#include "df-new-project-dialog.h"
#include "df-utils.h"

struct _DfNewProjectDialog
{
  AdwWindow      parent_instance;

  DfSession     *session;

  GtkWidget     *create_button;
  GtkLabel      *error_label;
  AdwEntryRow   *genre_row;
  GtkSpinButton *target_spin;
  AdwEntryRow   *title_row;
  AdwComboRow   *type_row;
};

G_DEFINE_FINAL_TYPE (DfNewProjectDialog, df_new_project_dialog, ADW_TYPE_WINDOW)

enum { CREATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DfNewProjectDialog *self = DF_NEW_PROJECT_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autoptr(DfChapter) first = NULL;
  g_autofree char *first_title = g_strdup_printf (_("Chapter %u"), 1u);
  const char *genre = gtk_editable_get_text (GTK_EDITABLE (self->genre_row));
  guint type = MIN (adw_combo_row_get_selected (self->type_row), g_strv_length ((char **)df_project_types) - 1);
  DfProjectNew spec = {
    .title = gtk_editable_get_text (GTK_EDITABLE (self->title_row)),
    .project_type = df_project_types[type],
    .genre = genre[0] ? genre : NULL,
    .target_word_count = gtk_spin_button_get_value_as_int (self->target_spin),
  };

  project = df_project_create (df_session_get_store (self->session), &spec, &error);
  if (project == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
      return;
    }
  /* A new book opens on its first chapter, ready for the first words. */
  first = df_chapter_add (df_session_get_store (self->session), project->id, 0, first_title, "", &error);
  if (first == NULL)
    g_warning ("Could not add the new project's first chapter: %s", error->message);

  g_signal_emit (self, signals[CREATED], 0, project->slug);
  gtk_window_close (GTK_WINDOW (self));
}

static void
title_changed (DfNewProjectDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->title_row));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.create", trimmed[0] != '\0');
}

static void
df_new_project_dialog_dispose (GObject *object)
{
  DfNewProjectDialog *self = (DfNewProjectDialog *)object;

  g_clear_object (&self->session);

  G_OBJECT_CLASS (df_new_project_dialog_parent_class)->dispose (object);
}

static void
df_new_project_dialog_class_init (DfNewProjectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_new_project_dialog_dispose;

  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/draftforge/DraftForge/ui/df-new-project-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DfNewProjectDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, DfNewProjectDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, DfNewProjectDialog, genre_row);
  gtk_widget_class_bind_template_child (widget_class, DfNewProjectDialog, target_spin);
  gtk_widget_class_bind_template_child (widget_class, DfNewProjectDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, DfNewProjectDialog, type_row);

  gtk_widget_class_install_action (widget_class, "dialog.create", NULL, create_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
df_new_project_dialog_init (DfNewProjectDialog *self)
{
  g_autoptr(GListModel) types = df_choice_model_new (df_project_type_labels, df_project_types);

  gtk_widget_init_template (GTK_WIDGET (self));
  adw_combo_row_set_model (self->type_row, types);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->create_button);
  /* The title is what one types first. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->title_row));
  g_signal_connect_object (self->title_row, "changed", G_CALLBACK (title_changed), self, G_CONNECT_SWAPPED);
  title_changed (self);
}

DfNewProjectDialog *
df_new_project_dialog_new (DfSession *session)
{
  DfNewProjectDialog *self;

  g_return_val_if_fail (DF_IS_SESSION (session), NULL);

  self = g_object_new (DF_TYPE_NEW_PROJECT_DIALOG, NULL);
  self->session = g_object_ref (session);
  return self;
}
