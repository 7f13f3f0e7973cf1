/* df-library-view.c: the user's projects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-library"

#include "config.h"

#include <inttypes.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "df-import.h"
#include "df-library-view.h"
#include "df-model.h"
#include "df-new-project-dialog.h"
#include "df-utils.h"

struct _DfLibraryView
{
  GtkWidget             parent_instance;

  DfSession            *session;
  guint                 n_rows;

  /* template */
  AdwStatusPage        *empty_page;
  GtkListBox           *list_box;
  GtkWidget            *main_box;
  GtkMenuButton        *menu_button;
  GtkProgressBar       *progress_bar;
  GtkLabel             *progress_label;
  GtkRevealer          *progress_revealer;
  GtkStack             *stack;
  GtkToggleButton      *trash_button;
  AdwWindowTitle       *window_title;
};

G_DEFINE_FINAL_TYPE (DfLibraryView, df_library_view, GTK_TYPE_WIDGET)

static char *
format_when (const char *iso)
{
  g_autoptr(GDateTime) utc = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (utc == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (utc);
  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    {
      g_autofree char *time = g_date_time_format (local, "%H:%M");
      /* Translators: %s is a time of day */
      return g_strdup_printf (_("edited today at %s"), time);
    }
  else
    {
      g_autofree char *date = g_date_time_format (local, "%e %b %Y");
      /* Translators: %s is a date */
      return g_strdup_printf (_("edited %s"), g_strstrip (date));
    }
}

/* The project a row's button acts on, from its slug. */
static DfProject *
get_project (DfLibraryView *self,
             GVariant      *param,
             gboolean       trash)
{
  g_autoptr(GError) error = NULL;
  DfProject *project = df_project_get (df_session_get_store (self->session), g_variant_get_string (param, NULL), trash, &error);

  if (project == NULL)
    df_page_show_toast (GTK_WIDGET (self), error->message);
  return project;
}

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip,
             const char *action,
             const char *slug)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  /* GTK 4.8 gives a tooltip as a description, not as the name. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", slug);
  return button;
}

static void
add_progress_bar (AdwActionRow *row,
                  DfProject    *p)
{
  GtkWidget *level = gtk_level_bar_new_for_interval (0, 1);
  double done = MIN (1.0, (double)p->words / p->target_word_count);
  g_autofree char *tip = g_strdup_printf (_("%.0f%% of %'" PRId64 " words"),
                                          100.0 * done, p->target_word_count);

  gtk_level_bar_set_value (GTK_LEVEL_BAR (level), done);
  gtk_widget_set_size_request (level, 96, -1);
  gtk_widget_set_valign (level, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (level, tip);
  adw_action_row_add_suffix (row, level);
}

/* Has @profile_id read some of @p, and not all of it? */
static gboolean
has_reading_to_continue (DfStore    *store,
                         const char *profile_id,
                         DfProject  *p)
{
  g_autoptr(GPtrArray) progress = NULL;
  gboolean started = FALSE;

  if (profile_id == NULL || (progress = df_progress_list (store, profile_id, p->id, NULL)) == NULL)
    return FALSE;
  for (guint i = 0; i < progress->len; i++)
    if (g_strcmp0 (((DfProgress *)g_ptr_array_index (progress, i))->status, "not_started") != 0)
      started = TRUE;
  return started && df_progress_continue (store, profile_id, p->id, NULL) != 0;
}

static GtkWidget *
continue_button (const char *slug)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Continue Reading"));

  gtk_widget_set_name (button, "continue-reading");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.continue-project");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", slug);
  return button;
}

static GtkWidget *
create_row (DfProject *p,
            gboolean   trash,
            gboolean   reading)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *words = df_format_words (p->words);
  g_autofree char *when = format_when (p->updated_at);
  g_autofree char *subtitle = NULL;

  /* Titles are the user's text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->title);

  subtitle = g_strdup_printf ("%s · %s · %s", df_choice_label (df_project_type_labels, p->project_type), words, when);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, p->slug);

  if (!trash)
    {
      if (p->target_word_count > 0)
        add_progress_bar (ADW_ACTION_ROW (row), p);
      if (reading)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), continue_button (p->slug));

      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("user-trash-symbolic", _("Move to the Trash"), "library.trash", p->slug));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-project");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", p->slug);
    }
  else
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("edit-undo-symbolic", _("Restore"), "library.restore", p->slug));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button ("edit-delete-symbolic", _("Delete Forever"), "library.purge", p->slug));
    }

  return row;
}

static void
show_empty (DfLibraryView *self,
            gboolean       trash)
{
  adw_status_page_set_title (self->empty_page, trash ? _("The Trash Is Empty") : _("No Projects Yet"));
  adw_status_page_set_description (self->empty_page,
                                   trash ? _("Projects you delete stay here until you delete them forever.")
                                         : _("Start a new book, or import one: a manuscript (text, Markdown, "
                                             "Word or OpenDocument), a novelWriter project, a folder of Markdown "
                                             "files or an mdBook. Use Import, or drop it here."));
  gtk_widget_set_visible (adw_status_page_get_child (self->empty_page), !trash);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
purge_response (AdwMessageDialog *dialog,
                const char       *response,
                DfLibraryView    *self)
{
  g_autoptr(GError) error = NULL;
  const char *slug = g_object_get_data (G_OBJECT (dialog), "slug");
  g_autoptr(DfProject) project = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;

  project = df_project_get (df_session_get_store (self->session), slug, TRUE, &error);
  if (project == NULL || !df_project_purge (df_session_get_store (self->session), project->id, &error))
    df_page_show_toast (GTK_WIDGET (self), error->message);
  df_library_view_reload (self);
}

static void
project_created (DfLibraryView *self,
                 const char    *slug)
{
  df_library_view_reload (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-project", "s", slug);
}

static void
import_response (AdwMessageDialog *dialog,
                 const char       *response,
                 GtkSwitch        *unwrap)
{
  GApplication *app = g_object_get_data (G_OBJECT (dialog), "app");
  GFile *file = g_object_get_data (G_OBJECT (dialog), "file");

  /* The application imports what it is asked to open; the hint says
   * whether to unwrap. */
  if (g_str_equal (response, "import"))
    g_application_open (app, &file, 1, gtk_switch_get_active (unwrap) ? "unwrap" : "no-unwrap");
}

static void
import_chosen (GtkWidget *widget,
               GFile     *file)
{
  if (file != NULL)
    df_library_view_ask_import (DF_LIBRARY_VIEW (widget), file);
}

static void
trash_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  DfLibraryView *self = DF_LIBRARY_VIEW (widget);
  g_autoptr(DfProject) project = get_project (self, param, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  AdwToastOverlay *overlay;
  AdwToast *toast;

  if (project == NULL)
    return;
  if (!df_project_delete (df_session_get_store (self->session), project->id, &error))
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }

  message = g_strdup_printf (_("“%s” moved to the trash"), project->title);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  /* The toast shows in the window's overlay, outside this view: the
   * window's action reaches it there. */
  adw_toast_set_action_name (toast, "win.restore-project");
  adw_toast_set_action_target_value (toast, g_variant_new_string (project->slug));
  overlay = ADW_TOAST_OVERLAY (gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY));
  if (overlay != NULL)
    adw_toast_overlay_add_toast (overlay, toast);
  else
    g_object_unref (g_object_ref_sink (toast));

  df_library_view_reload (self);
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  df_library_view_restore (DF_LIBRARY_VIEW (widget), g_variant_get_string (param, NULL));
}

static void
purge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  DfLibraryView *self = DF_LIBRARY_VIEW (widget);
  g_autoptr(DfProject) project = get_project (self, param, TRUE);
  AdwMessageDialog *dialog;

  if (project == NULL)
    return;

  dialog = df_ask (widget, _("Delete Forever?"), "delete", _("_Delete Forever"), ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_format_body (dialog, _("“%s” and every chapter and revision in it will be gone for good."),
                                  project->title);
  g_object_set_data_full (G_OBJECT (dialog), "slug", g_strdup (project->slug), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (purge_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_project_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DfLibraryView *self = DF_LIBRARY_VIEW (widget);
  DfNewProjectDialog *dialog;

  if (df_session_get_store (self->session) == NULL)
    return;

  dialog = df_new_project_dialog_new (self->session);
  g_signal_connect_object (dialog, "created", G_CALLBACK (project_created), self, G_CONNECT_SWAPPED);
  df_present_above (GTK_WINDOW (dialog), widget);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  gboolean folder = g_str_equal (action_name, "library.import-folder");
  GtkFileFilter *filter = NULL;

  if (!folder)
    {
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _("Manuscripts (text, Markdown, Word, OpenDocument, a novelWriter project)"));
      gtk_file_filter_add_mime_type (filter, "text/plain");
      gtk_file_filter_add_mime_type (filter, "text/markdown");
      gtk_file_filter_add_mime_type (filter, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
      gtk_file_filter_add_mime_type (filter, "application/vnd.oasis.opendocument.text");
      gtk_file_filter_add_suffix (filter, "md");
      gtk_file_filter_add_suffix (filter, "txt");
      gtk_file_filter_add_suffix (filter, "docx");
      gtk_file_filter_add_suffix (filter, "odt");
      gtk_file_filter_add_suffix (filter, "nwx");
    }

  df_choose_file (widget, folder ? _("Import a Folder") : _("Import a Manuscript"),
                  folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER : GTK_FILE_CHOOSER_ACTION_OPEN,
                  _("_Import"), filter, NULL, import_chosen);
}

static void
df_library_view_dispose (GObject *object)
{
  DfLibraryView *self = (DfLibraryView *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), DF_TYPE_LIBRARY_VIEW);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (df_library_view_parent_class)->dispose (object);
}

static void
df_library_view_class_init (DfLibraryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_library_view_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/draftforge/DraftForge/ui/df-library-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DfLibraryView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DfLibraryView, list_box);
  gtk_widget_class_bind_template_child (widget_class, DfLibraryView, main_box);
  gtk_widget_class_bind_template_child (widget_class, DfLibraryView, menu_button);
  gtk_widget_class_bind_template_child (widget_class, DfLibraryView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, DfLibraryView, progress_label);
  gtk_widget_class_bind_template_child (widget_class, DfLibraryView, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, DfLibraryView, stack);
  gtk_widget_class_bind_template_child (widget_class, DfLibraryView, trash_button);
  gtk_widget_class_bind_template_child (widget_class, DfLibraryView, window_title);
  gtk_widget_class_bind_template_callback (widget_class, df_library_view_reload);

  gtk_widget_class_install_action (widget_class, "library.new-project", NULL, new_project_action);
  gtk_widget_class_install_action (widget_class, "library.import-file", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "library.import-folder", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "library.trash", "s", trash_action);
  gtk_widget_class_install_action (widget_class, "library.restore", "s", restore_action);
  gtk_widget_class_install_action (widget_class, "library.purge", "s", purge_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "library.new-project", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "library.import-file", NULL);
}

static void
df_library_view_init (DfLibraryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

void
df_library_view_set_session (DfLibraryView *self,
                             DfSession     *session)
{
  g_return_if_fail (DF_IS_LIBRARY_VIEW (self));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  df_session_watch_store (session, self, G_CALLBACK (df_library_view_reload));
}

void
df_library_view_reload (DfLibraryView *self)
{
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_id = NULL;
  gboolean trash = gtk_toggle_button_get_active (self->trash_button);

  g_return_if_fail (DF_IS_LIBRARY_VIEW (self));

  df_list_box_remove_all (self->list_box);
  self->n_rows = 0;

  adw_window_title_set_title (self->window_title, trash ? _("Trash") : _("Projects"));

  if (df_session_get_store (self->session) == NULL)
    return;

  projects = df_project_list (df_session_get_store (self->session), trash, &error);
  if (projects == NULL)
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }

  profile_id = df_session_dup_profile_id (self->session);
  for (guint i = 0; i < projects->len; i++)
    {
      DfProject *p = g_ptr_array_index (projects, i);
      gboolean reading = !trash && has_reading_to_continue (df_session_get_store (self->session), profile_id, p);

      gtk_list_box_append (self->list_box, create_row (p, trash, reading));
    }
  self->n_rows = projects->len;

  if (projects->len == 0)
    show_empty (self, trash);
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
}

void
df_library_view_set_primary_menu (DfLibraryView *self,
                                  GMenuModel    *menu)
{
  g_return_if_fail (DF_IS_LIBRARY_VIEW (self));
  gtk_menu_button_set_menu_model (self->menu_button, menu);
}

void
df_library_view_set_import_progress (DfLibraryView *self,
                                     double         fraction,
                                     const char    *label)
{
  g_return_if_fail (DF_IS_LIBRARY_VIEW (self));

  if (label != NULL)
    gtk_label_set_text (self->progress_label, label);

  if (fraction < 0)
    {
      gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
      return;
    }

  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
}

void
df_library_view_restore (DfLibraryView *self,
                         const char    *slug)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfProject) project = NULL;

  g_return_if_fail (DF_IS_LIBRARY_VIEW (self));

  if (df_session_get_store (self->session) == NULL)
    return;
  project = df_project_get (df_session_get_store (self->session), slug, TRUE, &error);
  if (project == NULL || !df_project_restore (df_session_get_store (self->session), project->id, &error))
    df_page_show_toast (GTK_WIDGET (self), error->message);
  df_library_view_reload (self);
}

guint
df_library_view_get_n_rows (DfLibraryView *self)
{
  g_return_val_if_fail (DF_IS_LIBRARY_VIEW (self), 0);
  return self->n_rows;
}

/**
 * df_library_view_ask_import:
 *
 * See df-library-view.h.
 */
void
df_library_view_ask_import (DfLibraryView *self,
                            GFile         *file)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  GtkRoot *root;
  GApplication *app;
  AdwMessageDialog *dialog;
  GtkWidget *group;
  GtkWidget *row;
  GtkWidget *unwrap;
  DfImportFormat format;

  g_return_if_fail (DF_IS_LIBRARY_VIEW (self));

  /* the window's application, which imports what it is asked to open */
  root = gtk_widget_get_root (widget);
  app = GTK_IS_WINDOW (root) ? G_APPLICATION (gtk_window_get_application (GTK_WINDOW (root))) : NULL;
  if (app == NULL)
    app = g_application_get_default ();
  if (app == NULL)
    return;
  /* Only plain text and Markdown have lines to join: a project folder,
   * a Word or OpenDocument file and a novelWriter project come in as
   * they are. */
  format = path != NULL ? df_import_detect_format (path) : DF_IMPORT_AUTO;
  if (path == NULL || format == DF_IMPORT_PROJECT_DIR || format == DF_IMPORT_DOCX || format == DF_IMPORT_ODT ||
      format == DF_IMPORT_NOVELWRITER)
    {
      g_application_open (app, &file, 1, "");
      return;
    }

  name = g_file_get_basename (file);
  heading = g_strdup_printf (_("Import “%s”"), name);
  dialog = df_ask (widget, heading, "import", _("_Import"), ADW_RESPONSE_SUGGESTED);
  unwrap = gtk_switch_new ();
  gtk_switch_set_active (GTK_SWITCH (unwrap), df_import_unwraps_by_default (path, DF_IMPORT_AUTO));
  gtk_widget_set_valign (unwrap, GTK_ALIGN_CENTER);
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Join Hard-Wrapped Lines"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Lines broken at a fixed width become flowing paragraphs; the file is not changed"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), unwrap);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), unwrap);
  group = adw_preferences_group_new ();
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  adw_message_dialog_set_extra_child (dialog, group);
  g_object_set_data_full (G_OBJECT (dialog), "file", g_object_ref (file), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "app", g_object_ref (app), g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (import_response), unwrap);
  gtk_window_present (GTK_WINDOW (dialog));
}
