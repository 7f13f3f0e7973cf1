/* df-project-view.c: a project's chapters and the editor
 *
 * Autosave: a change schedules a save one second after typing pauses,
 * and never later than the autosave interval after the first unsaved
 * change; switching chapters, leaving the project, and closing the window
 * save too.  A save that fails leaves the text in the editor and the
 * error on screen until a later save succeeds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-project"

#include "config.h"

#include <inttypes.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "df-chapter-row.h"
#include "df-editor.h"
#include "df-history-window.h"
#include "df-model.h"
#include "df-project-view.h"
#include "df-search-panel.h"
#include "df-text.h"

#define PAUSE_BEFORE_SAVE_MS 1000

struct _DfProjectView
{
  GtkWidget               parent_instance;

  DfStore                *store;
  GSettings              *settings;
  GtkSourceSearchContext *search;

  gint64                  project_id;
  gint64                  chapter_id;
  gint64                  chapter_part_id;
  char                   *project_title;
  char                   *chapter_title;
  char                   *title;

  gint64                  other_words;    /* the project's words outside this chapter */
  gint64                  chapter_words;
  gint64                  words_today;

  guint                   pause_save_id;
  guint                   max_save_id;
  guint                   count_id;
  gboolean                modified;
  gboolean                loading;
  gboolean                focus_mode;
  gboolean                save_failed;

  /* template */
  GtkListBox             *chapter_list;
  GtkLabel               *chapter_words_label;
  GtkStack               *content_stack;
  DfEditor               *editor;
  GtkLabel               *error_label;
  GtkRevealer            *error_revealer;
  GtkLabel               *find_label;
  GtkSearchEntry         *find_entry;
  GtkRevealer            *find_revealer;
  AdwFlap                *flap;
  AdwHeaderBar           *header_bar;
  GtkMenuButton          *menu_button;
  GtkBox                 *panel_buttons;
  GPtrArray              *panels;          /* GtkWidget*, pages of sidebar_stack */
  GtkLabel               *project_words_label;
  GtkEntry               *replace_entry;
  GtkLabel               *save_label;
  DfSearchPanel          *search_panel;
  GtkToggleButton        *search_toggle;
  GtkStack               *sidebar_stack;
  GtkWidget              *status_bar;
  GtkLabel               *today_words_label;
  AdwWindowTitle         *window_title;
};

G_DEFINE_FINAL_TYPE (DfProjectView, df_project_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void rebuild_list (DfProjectView *self);

static void
show_toast (DfProjectView *self,
            const char    *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

static char *
format_words (gint64 n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'" PRId64 " word",
                                       "%'" PRId64 " words", n), n);
}

static void
update_title (DfProjectView *self)
{
  g_autofree char *chapter = NULL;

  g_clear_pointer (&self->title, g_free);

  if (self->project_id == 0)
    {
      adw_window_title_set_title (self->window_title, "");
      adw_window_title_set_subtitle (self->window_title, "");
    }
  else
    {
      chapter = g_strdup_printf ("%s%s", self->modified ? "• " : "",
                                 self->chapter_title ? self->chapter_title : "");
      adw_window_title_set_title (self->window_title, chapter);
      adw_window_title_set_subtitle (self->window_title, self->project_title);
      self->title = self->chapter_title
        ? g_strdup_printf ("%s — %s", chapter, self->project_title)
        : g_strdup (self->project_title);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
update_status (DfProjectView *self)
{
  g_autofree char *chapter = format_words (self->chapter_words);
  g_autofree char *project = format_words (self->other_words + self->chapter_words);
  g_autofree char *chapter_text = NULL;
  g_autofree char *project_text = NULL;
  g_autofree char *today_text = NULL;

  /* Translators: %s is a number of words */
  chapter_text = g_strdup_printf (_("Chapter: %s"), chapter);
  project_text = g_strdup_printf (_("Book: %s"), project);
  today_text = g_strdup_printf (_("Today: %'" PRId64), self->words_today);
  gtk_label_set_text (self->chapter_words_label, chapter_text);
  gtk_label_set_text (self->project_words_label, project_text);
  gtk_label_set_text (self->today_words_label, today_text);

  if (self->save_failed)
    gtk_label_set_text (self->save_label, _("Not saved"));
  else if (self->modified)
    gtk_label_set_text (self->save_label, _("Unsaved changes"));
  else
    gtk_label_set_text (self->save_label, _("Saved"));

  if (self->modified)
    gtk_widget_add_css_class (GTK_WIDGET (self->save_label), "df-unsaved");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->save_label), "df-unsaved");
}

static void
refresh_today (DfProjectView *self)
{
  DfWritingStats stats;

  if (self->store != NULL && self->project_id != 0 &&
      df_stats_compute (self->store, self->project_id, &stats, NULL))
    {
      self->words_today = stats.words_today;
      self->other_words = stats.words - self->chapter_words;
    }
}

static void
set_modified (DfProjectView *self,
              gboolean       modified)
{
  if (self->modified == modified)
    return;

  self->modified = modified;
  update_title (self);
  update_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static void
clear_timers (DfProjectView *self)
{
  g_clear_handle_id (&self->pause_save_id, g_source_remove);
  g_clear_handle_id (&self->max_save_id, g_source_remove);
}

gboolean
df_project_view_save (DfProjectView  *self,
                      GError        **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (DF_IS_PROJECT_VIEW (self), FALSE);

  clear_timers (self);

  if (!self->modified || self->chapter_id == 0 || self->store == NULL)
    return TRUE;

  text = df_editor_dup_text (self->editor);
  if (!df_chapter_save_content (self->store, self->chapter_id, text, &local_error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save “%s”: %s. Your text is still here; DraftForge will try again."),
                                                  self->chapter_title, local_error->message);

      self->save_failed = TRUE;
      gtk_label_set_text (self->error_label, message);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
      update_status (self);
      g_set_error_literal (error, local_error->domain, local_error->code, message);
      return FALSE;
    }

  self->save_failed = FALSE;
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  self->chapter_words = df_text_count_words (text, -1);
  set_modified (self, FALSE);
  refresh_today (self);
  update_status (self);
  return TRUE;
}

static gboolean
pause_save_cb (gpointer data)
{
  DfProjectView *self = data;

  self->pause_save_id = 0;
  df_project_view_save (self, NULL);   /* clears the other timer too */
  return G_SOURCE_REMOVE;
}

static gboolean
max_save_cb (gpointer data)
{
  DfProjectView *self = data;

  self->max_save_id = 0;
  df_project_view_save (self, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
count_words_cb (gpointer data)
{
  DfProjectView *self = data;
  g_autofree char *text = df_editor_dup_text (self->editor);

  self->count_id = 0;
  self->chapter_words = df_text_count_words (text, -1);
  update_status (self);
  return G_SOURCE_REMOVE;
}

static void
buffer_changed (DfProjectView *self)
{
  guint interval;

  if (self->loading || self->chapter_id == 0)
    return;

  set_modified (self, TRUE);

  interval = self->settings ? g_settings_get_int (self->settings, "autosave-interval") : 5;
  g_clear_handle_id (&self->pause_save_id, g_source_remove);
  self->pause_save_id = g_timeout_add (MIN (PAUSE_BEFORE_SAVE_MS, interval * 1000), pause_save_cb, self);
  if (self->max_save_id == 0)
    self->max_save_id = g_timeout_add_seconds (interval, max_save_cb, self);

  if (self->count_id == 0)
    self->count_id = g_timeout_add (300, count_words_cb, self);
}

/* ---- the chapter list ------------------------------------------------ */

static DfChapterRow *
find_row (DfProjectView *self,
          gint64         chapter_id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->chapter_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (DF_IS_CHAPTER_ROW (child) && df_chapter_row_get_chapter_id (DF_CHAPTER_ROW (child)) == chapter_id)
      return DF_CHAPTER_ROW (child);
  return NULL;
}

static DfChapterRow *
selected_row (DfProjectView *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->chapter_list);

  if (row != NULL && DF_IS_CHAPTER_ROW (row))
    return DF_CHAPTER_ROW (row);
  return find_row (self, self->chapter_id);
}

static void
select_current (DfProjectView *self)
{
  DfChapterRow *row = find_row (self, self->chapter_id);

  if (row != NULL)
    gtk_list_box_select_row (self->chapter_list, GTK_LIST_BOX_ROW (row));
}

static GdkContentProvider *
drag_prepare (GtkDragSource *source,
              double         x,
              double         y,
              DfChapterRow  *row)
{
  GValue value = G_VALUE_INIT;
  GdkContentProvider *provider;

  g_value_init (&value, G_TYPE_INT64);
  g_value_set_int64 (&value, df_chapter_row_get_chapter_id (row));
  provider = gdk_content_provider_new_for_value (&value);
  g_value_unset (&value);
  return provider;
}

static void
append_part_row (DfProjectView *self,
                 DfPart        *part)
{
  gtk_list_box_append (self->chapter_list, df_chapter_row_new_part (part->id, part->title));
}

static void
rebuild_list (DfProjectView *self)
{
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) shown = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  gint64 last_part = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chapter_list))) != NULL)
    gtk_list_box_remove (self->chapter_list, child);

  if (self->project_id == 0)
    return;

  chapters = df_chapter_list (self->store, self->project_id, &error);
  parts = df_part_list (self->store, self->project_id, &error);
  if (chapters == NULL || parts == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  for (guint i = 0; i < parts->len; i++)
    {
      DfPart *part = g_ptr_array_index (parts, i);
      g_hash_table_insert (by_id, &part->id, part);
    }

  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *c = g_ptr_array_index (chapters, i);
      GtkWidget *row;
      GtkDragSource *drag;

      if (c->part_id != last_part && c->part_id != 0)
        {
          DfPart *part = g_hash_table_lookup (by_id, &c->part_id);
          if (part != NULL)
            {
              append_part_row (self, part);
              g_hash_table_add (shown, &part->id);
            }
        }
      last_part = c->part_id;

      row = df_chapter_row_new_chapter (c->id, c->number, c->title, c->part_id != 0);
      drag = gtk_drag_source_new ();
      gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
      g_signal_connect_object (drag, "prepare", G_CALLBACK (drag_prepare), row, 0);
      gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drag));
      gtk_list_box_append (self->chapter_list, row);
    }

  /* Parts without chapters, so they can be filled. */
  for (guint i = 0; i < parts->len; i++)
    {
      DfPart *part = g_ptr_array_index (parts, i);
      if (!g_hash_table_contains (shown, &part->id))
        append_part_row (self, part);
    }

  gtk_stack_set_visible_child_name (self->content_stack, chapters->len > 0 ? "editor" : "empty");
  select_current (self);
}

static gboolean
list_drop (GtkDropTarget *target,
           const GValue  *value,
           double         x,
           double         y,
           DfProjectView *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_y (self->chapter_list, (int)y);
  gint64 chapter = g_value_get_int64 (value);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (row == NULL || !DF_IS_CHAPTER_ROW (row))
    return FALSE;

  if (df_chapter_row_is_part (DF_CHAPTER_ROW (row)))
    ok = df_chapter_move_to_part (self->store, chapter, df_chapter_row_get_part_id (DF_CHAPTER_ROW (row)), 0, &error);
  else
    ok = df_chapter_move (self->store, chapter, df_chapter_row_get_number (DF_CHAPTER_ROW (row)), &error);

  if (!ok)
    show_toast (self, error->message);
  rebuild_list (self);
  return ok;
}

static void
row_activated (DfProjectView *self,
               GtkListBoxRow *row)
{
  if (DF_IS_CHAPTER_ROW (row) && !df_chapter_row_is_part (DF_CHAPTER_ROW (row)))
    df_project_view_open_chapter (self, df_chapter_row_get_chapter_id (DF_CHAPTER_ROW (row)));
}

/* ---- opening ---------------------------------------------------------- */

gboolean
df_project_view_open_chapter (DfProjectView *self,
                              gint64         chapter_id)
{
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (DF_IS_PROJECT_VIEW (self), FALSE);

  if (chapter_id == self->chapter_id)
    return TRUE;

  if (!df_project_view_save (self, &error))
    {
      /* Stay on the chapter whose text could not be saved. */
      select_current (self);
      return FALSE;
    }

  chapter = df_chapter_get (self->store, chapter_id, &error);
  if (chapter == NULL || chapter->project_id != self->project_id)
    {
      show_toast (self, error ? error->message : _("That chapter is in another project"));
      return FALSE;
    }

  self->loading = TRUE;
  self->chapter_id = chapter->id;
  self->chapter_part_id = chapter->part_id;
  g_free (self->chapter_title);
  self->chapter_title = g_strdup (chapter->title);
  df_editor_load_text (self->editor, chapter->content_md);
  self->loading = FALSE;

  self->other_words += self->chapter_words - chapter->words;
  self->chapter_words = chapter->words;

  if (self->settings != NULL)
    g_settings_set_int64 (self->settings, "last-chapter", chapter->id);

  gtk_stack_set_visible_child_name (self->content_stack, "editor");
  select_current (self);
  update_title (self);
  update_status (self);
  return TRUE;
}

gboolean
df_project_view_load (DfProjectView  *self,
                      gint64          project_id,
                      gint64          chapter_id,
                      GError        **error)
{
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) chapters = NULL;

  g_return_val_if_fail (DF_IS_PROJECT_VIEW (self), FALSE);

  if (!df_project_view_save (self, error))
    return FALSE;

  project = df_project_get_by_id (self->store, project_id, error);
  if (project == NULL)
    return FALSE;

  self->project_id = project->id;
  self->chapter_id = 0;
  self->chapter_words = 0;
  self->other_words = project->words;
  g_free (self->project_title);
  self->project_title = g_strdup (project->title);
  g_clear_pointer (&self->chapter_title, g_free);

  self->loading = TRUE;
  df_editor_load_text (self->editor, "");
  self->loading = FALSE;

  df_search_panel_set_project (self->search_panel, df_store_get_path (self->store), project->id);
  gtk_toggle_button_set_active (self->search_toggle, FALSE);
  rebuild_list (self);
  refresh_today (self);

  if (chapter_id == 0 || !df_project_view_open_chapter (self, chapter_id))
    {
      chapters = df_chapter_list (self->store, project->id, error);
      if (chapters == NULL)
        return FALSE;
      if (chapters->len > 0)
        df_project_view_open_chapter (self, ((DfChapter *)g_ptr_array_index (chapters, 0))->id);
    }

  update_title (self);
  update_status (self);
  return TRUE;
}

void
df_project_view_unload (DfProjectView *self)
{
  g_return_if_fail (DF_IS_PROJECT_VIEW (self));

  if (self->modified)
    return;   /* the caller saves first; never drop unsaved text */

  self->project_id = 0;
  self->chapter_id = 0;
  self->loading = TRUE;
  df_editor_load_text (self->editor, "");
  self->loading = FALSE;
  rebuild_list (self);
  update_title (self);
}

/* ---- actions on chapters --------------------------------------------- */

typedef void (*TitleCallback) (DfProjectView *self,
                               const char    *title,
                               gpointer       data);

static void
title_dialog_response (AdwMessageDialog *dialog,
                       const char       *response,
                       DfProjectView    *self)
{
  TitleCallback callback = g_object_get_data (G_OBJECT (dialog), "callback");
  gpointer data = g_object_get_data (G_OBJECT (dialog), "data");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");

  if (g_strcmp0 (response, "ok") == 0)
    callback (self, gtk_editable_get_text (entry), data);
}

static void
ask_title (DfProjectView *self,
           const char    *heading,
           const char    *ok_label,
           const char    *initial,
           TitleCallback  callback,
           gpointer       data)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, NULL);
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), initial);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "ok", ok_label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "callback", callback);
  g_object_set_data (G_OBJECT (dialog), "data", data);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (title_dialog_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
do_add_chapter (DfProjectView *self,
                const char    *title,
                gpointer       data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfChapter) chapter = df_chapter_add (self->store, self->project_id, self->chapter_part_id, title, "", &error);

  if (chapter == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  rebuild_list (self);
  df_project_view_open_chapter (self, chapter->id);
  df_project_view_focus_editor (self);
}

static void
add_chapter_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  g_autoptr(GPtrArray) chapters = NULL;
  g_autofree char *initial = NULL;

  if (self->project_id == 0)
    return;

  chapters = df_chapter_list (self->store, self->project_id, NULL);
  initial = g_strdup_printf (_("Chapter %u"), chapters ? chapters->len + 1 : 1);
  ask_title (self, _("New Chapter"), _("_Add"), initial, do_add_chapter, NULL);
}

static void
do_add_part (DfProjectView *self,
             const char    *title,
             gpointer       data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfPart) part = df_part_add (self->store, self->project_id, title, &error);

  if (part == NULL)
    show_toast (self, error->message);
  rebuild_list (self);
}

static void
add_part_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);

  if (self->project_id != 0)
    ask_title (self, _("New Part"), _("_Add"), _("Part"), do_add_part, NULL);
}

static void
do_rename (DfProjectView *self,
           const char    *title,
           gpointer       data)
{
  DfChapterRow *row = data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (df_chapter_row_is_part (row))
    ok = df_part_rename (self->store, df_chapter_row_get_part_id (row), title, &error);
  else
    ok = df_chapter_rename (self->store, df_chapter_row_get_chapter_id (row), title, &error);

  if (!ok)
    {
      show_toast (self, error->message);
      return;
    }

  if (df_chapter_row_get_chapter_id (row) == self->chapter_id && self->chapter_id != 0)
    {
      g_free (self->chapter_title);
      self->chapter_title = g_strstrip (g_strdup (title));
      update_title (self);
    }
  rebuild_list (self);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  DfChapterRow *row = selected_row (self);

  if (row != NULL)
    ask_title (self, df_chapter_row_is_part (row) ? _("Rename Part") : _("Rename Chapter"),
               _("_Rename"), df_chapter_row_get_title (row), do_rename, row);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  DfChapterRow *row = selected_row (self);
  gint64 delta = g_str_equal (action_name, "project.move-up") ? -1 : 1;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GError) error = NULL;
  gint64 chapter_id, to;

  if (row == NULL || df_chapter_row_is_part (row))
    return;

  chapter_id = df_chapter_row_get_chapter_id (row);
  to = df_chapter_row_get_number (row) + delta;
  chapters = df_chapter_list (self->store, self->project_id, NULL);
  if (chapters == NULL || to < 1 || to > (gint64)chapters->len)
    return;

  if (!df_chapter_move (self->store, chapter_id, to, &error))
    show_toast (self, error->message);

  rebuild_list (self);
  if ((row = find_row (self, chapter_id)) != NULL)
    {
      gtk_list_box_select_row (self->chapter_list, GTK_LIST_BOX_ROW (row));
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
}

static void
delete_response (AdwMessageDialog *dialog,
                 const char       *response,
                 DfProjectView    *self)
{
  gint64 chapter = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "chapter-id"));
  gint64 part = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "part-id"));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_strcmp0 (response, "delete") != 0)
    return;

  if (chapter == self->chapter_id && chapter != 0)
    {
      /* Whatever was typed goes to the revisions with the chapter. */
      if (!df_project_view_save (self, &error))
        {
          show_toast (self, error->message);
          return;
        }
      self->chapter_id = 0;
      self->chapter_words = 0;
    }

  ok = chapter != 0 ? df_chapter_delete (self->store, chapter, &error)
                    : df_part_delete (self->store, part, &error);
  if (!ok)
    show_toast (self, error->message);

  refresh_today (self);
  rebuild_list (self);
  if (self->chapter_id == 0)
    {
      g_autoptr(GPtrArray) chapters = df_chapter_list (self->store, self->project_id, NULL);

      self->loading = TRUE;
      df_editor_load_text (self->editor, "");
      self->loading = FALSE;
      g_clear_pointer (&self->chapter_title, g_free);
      if (chapters != NULL && chapters->len > 0)
        df_project_view_open_chapter (self, ((DfChapter *)g_ptr_array_index (chapters, 0))->id);
      update_title (self);
      update_status (self);
    }
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  DfChapterRow *row = selected_row (self);
  GtkWidget *dialog;
  gboolean part;

  if (row == NULL)
    return;

  part = df_chapter_row_is_part (row);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   part ? _("Delete This Part?") : _("Delete This Chapter?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  part ? _("“%s” goes away; its chapters stay in the book, outside any part.")
                                       : _("“%s” goes away from the book. Its text is kept in the revision history."),
                                  df_chapter_row_get_title (row));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "chapter-id", GSIZE_TO_POINTER (df_chapter_row_get_chapter_id (row)));
  g_object_set_data (G_OBJECT (dialog), "part-id", GSIZE_TO_POINTER (df_chapter_row_get_part_id (row)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- history: earlier versions and deleted chapters ------------------ */

static void
history_restore_cb (DfHistoryWindow  *window,
                    const DfRevision *revision,
                    DfProjectView    *self)
{
  if (revision->chapter_id != self->chapter_id)
    {
      show_toast (self, _("That chapter is no longer open; open it and restore again"));
      return;
    }
  /* One edit: Undo brings back the text it replaces, and autosave keeps
   * that text as a revision. */
  df_editor_replace_text (self->editor, revision->content_md);
  df_project_view_focus_editor (self);
  show_toast (self, _("Earlier version restored; Undo (Ctrl+Z) takes it back"));
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *current = NULL;
  DfHistoryWindow *window;

  if (self->chapter_id == 0)
    return;
  current = df_editor_dup_text (self->editor);
  window = df_history_window_new_for_chapter (self->store, self->chapter_id, self->chapter_title, current, &error);
  if (window == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  g_signal_connect_object (window, "restore", G_CALLBACK (history_restore_cb), self, 0);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (window));
}

static void
undelete_cb (DfHistoryWindow  *window,
             const DfRevision *revision,
             DfProjectView    *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfChapter) chapter = df_chapter_undelete (self->store, revision->id, &error);
  g_autofree char *message = NULL;

  if (chapter == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  rebuild_list (self);
  df_project_view_open_chapter (self, chapter->id);
  message = g_strdup_printf (_("“%s” is back, at the end of the book"), chapter->title);
  show_toast (self, message);
}

static void
deleted_chapters_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  g_autoptr(GError) error = NULL;
  DfHistoryWindow *window;

  if (self->project_id == 0)
    return;
  window = df_history_window_new_for_deleted (self->store, self->project_id, &error);
  if (window == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  g_signal_connect_object (window, "restore", G_CALLBACK (undelete_cb), self, 0);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (window));
}

static void
step_chapter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  DfChapterRow *row = find_row (self, self->chapter_id);
  gboolean forward = g_str_equal (action_name, "project.next-chapter");
  GtkWidget *sibling = row ? GTK_WIDGET (row) : NULL;

  while (sibling != NULL)
    {
      sibling = forward ? gtk_widget_get_next_sibling (sibling) : gtk_widget_get_prev_sibling (sibling);
      if (sibling != NULL && DF_IS_CHAPTER_ROW (sibling) && !df_chapter_row_is_part (DF_CHAPTER_ROW (sibling)))
        {
          df_project_view_open_chapter (self, df_chapter_row_get_chapter_id (DF_CHAPTER_ROW (sibling)));
          return;
        }
    }
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (!df_project_view_save (self, &error))
    return;   /* the error is on screen */

  df_store_checkpoint (self->store, NULL);
}

/* ---- find and replace ------------------------------------------------ */

static void
update_find_label (DfProjectView *self)
{
  int count = gtk_source_search_context_get_occurrences_count (self->search);
  g_autofree char *text = NULL;

  if (count < 0 || gtk_editable_get_text (GTK_EDITABLE (self->find_entry))[0] == '\0')
    text = g_strdup ("");
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d match", "%d matches", count), count);
  gtk_label_set_text (self->find_label, text);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor));
  GtkTextIter start, end;

  gtk_revealer_set_reveal_child (self->find_revealer, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->replace_entry), g_str_equal (action_name, "project.replace"));

  if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end) &&
      gtk_text_iter_get_line (&start) == gtk_text_iter_get_line (&end))
    {
      g_autofree char *selected = gtk_text_iter_get_text (&start, &end);
      gtk_editable_set_text (GTK_EDITABLE (self->find_entry), selected);
    }

  gtk_widget_grab_focus (GTK_WIDGET (self->find_entry));
}

static void
find_step_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor));
  GtkTextIter start, end, match_start, match_end;
  gboolean found;

  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  if (g_str_equal (action_name, "project.find-previous"))
    found = gtk_source_search_context_backward (self->search, &start, &match_start, &match_end, NULL);
  else
    found = gtk_source_search_context_forward (self->search, &end, &match_start, &match_end, NULL);

  if (found)
    {
      gtk_text_buffer_select_range (buffer, &match_start, &match_end);
      gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->editor), &match_start, 0.1, FALSE, 0, 0);
    }
}

static void
replace_one_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor));
  const char *replacement = gtk_editable_get_text (GTK_EDITABLE (self->replace_entry));
  GtkTextIter start, end, match_start, match_end;

  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  if (gtk_source_search_context_forward (self->search, &start, &match_start, &match_end, NULL) &&
      gtk_text_iter_equal (&match_start, &start) && gtk_text_iter_equal (&match_end, &end))
    gtk_source_search_context_replace (self->search, &match_start, &match_end, replacement, -1, NULL);

  find_step_action (widget, "project.find-next", NULL);
}

static void
replace_all_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  const char *replacement = gtk_editable_get_text (GTK_EDITABLE (self->replace_entry));
  guint n = gtk_source_search_context_replace_all (self->search, replacement, -1, NULL);
  g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Replaced %u match", "Replaced %u matches", n), n);

  show_toast (self, message);
}

static void
close_find_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);

  gtk_revealer_set_reveal_child (self->find_revealer, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->find_entry), "");
  df_project_view_focus_editor (self);
}

/* ---- project search and focus mode ----------------------------------- */

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);

  adw_flap_set_reveal_flap (self->flap, TRUE);
  gtk_toggle_button_set_active (self->search_toggle, TRUE);
  df_search_panel_focus (self->search_panel);
}

static void
search_toggled (DfProjectView *self)
{
  gtk_stack_set_visible_child_name (self->sidebar_stack,
                                    gtk_toggle_button_get_active (self->search_toggle) ? "search" : "chapters");
}

static void
search_result_activated (DfProjectView *self,
                         gint64         chapter_id,
                         gint64         offset,
                         guint          length)
{
  if (!df_project_view_open_chapter (self, chapter_id))
    return;

  if (offset >= 0)
    df_editor_select_range (self->editor, offset, length);
  df_project_view_focus_editor (self);
}

static void
set_focus_mode (DfProjectView *self,
                gboolean       focus)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  self->focus_mode = focus;
  gtk_widget_set_visible (GTK_WIDGET (self->header_bar), !focus);
  gtk_widget_set_visible (self->status_bar, !focus);
  adw_flap_set_reveal_flap (self->flap, !focus);
  if (focus)
    gtk_widget_add_css_class (GTK_WIDGET (self), "df-focus-mode");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "df-focus-mode");

  if (GTK_IS_WINDOW (root))
    {
      if (focus)
        gtk_window_fullscreen (GTK_WINDOW (root));
      else
        gtk_window_unfullscreen (GTK_WINDOW (root));
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.leave-focus-mode", focus);
  df_project_view_focus_editor (self);
}

static void
focus_mode_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);

  set_focus_mode (self, !self->focus_mode);
}

static void
leave_focus_mode_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  set_focus_mode (DF_PROJECT_VIEW (widget), FALSE);
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

/* ---- GObject --------------------------------------------------------- */

static void
df_project_view_dispose (GObject *object)
{
  DfProjectView *self = (DfProjectView *)object;
  GtkWidget *child;

  if (self->modified)
    df_project_view_save (self, NULL);
  clear_timers (self);
  g_clear_handle_id (&self->count_id, g_source_remove);
  g_clear_object (&self->search);
  g_clear_pointer (&self->panels, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DF_TYPE_PROJECT_VIEW);
  /* The template's unnamed top box too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (df_project_view_parent_class)->dispose (object);
}

static void
df_project_view_finalize (GObject *object)
{
  DfProjectView *self = (DfProjectView *)object;

  g_clear_pointer (&self->project_title, g_free);
  g_clear_pointer (&self->chapter_title, g_free);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (df_project_view_parent_class)->finalize (object);
}

static void
df_project_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DfProjectView *self = DF_PROJECT_VIEW (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
df_project_view_class_init (DfProjectViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_project_view_dispose;
  object_class->finalize = df_project_view_finalize;
  object_class->get_property = df_project_view_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DF_TYPE_EDITOR);
  g_type_ensure (DF_TYPE_SEARCH_PANEL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/draftforge/DraftForge/ui/df-project-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, chapter_list);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, chapter_words_label);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, editor);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, error_label);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, find_entry);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, find_label);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, find_revealer);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, flap);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, header_bar);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, menu_button);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, panel_buttons);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, project_words_label);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, replace_entry);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, save_label);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, search_panel);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, search_toggle);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, status_bar);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, today_words_label);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, window_title);

  gtk_widget_class_install_action (widget_class, "project.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "project.add-chapter", NULL, add_chapter_action);
  gtk_widget_class_install_action (widget_class, "project.add-part", NULL, add_part_action);
  gtk_widget_class_install_action (widget_class, "project.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "project.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "project.history", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "project.deleted-chapters", NULL, deleted_chapters_action);
  gtk_widget_class_install_action (widget_class, "project.move-up", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "project.move-down", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "project.previous-chapter", NULL, step_chapter_action);
  gtk_widget_class_install_action (widget_class, "project.next-chapter", NULL, step_chapter_action);
  gtk_widget_class_install_action (widget_class, "project.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "project.replace", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "project.find-next", NULL, find_step_action);
  gtk_widget_class_install_action (widget_class, "project.find-previous", NULL, find_step_action);
  gtk_widget_class_install_action (widget_class, "project.replace-one", NULL, replace_one_action);
  gtk_widget_class_install_action (widget_class, "project.replace-all", NULL, replace_all_action);
  gtk_widget_class_install_action (widget_class, "project.close-find", NULL, close_find_action);
  gtk_widget_class_install_action (widget_class, "project.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "project.focus-mode", NULL, focus_mode_action);
  gtk_widget_class_install_action (widget_class, "project.leave-focus-mode", NULL, leave_focus_mode_action);
  gtk_widget_class_install_action (widget_class, "project.toggle-sidebar", NULL, toggle_sidebar_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "project.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_ALT_MASK, "project.add-chapter", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "project.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK, "project.replace", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "project.find-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "project.find-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "project.focus-mode", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "project.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "project.previous-chapter", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "project.next-chapter", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK | GDK_SHIFT_MASK, "project.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK | GDK_SHIFT_MASK, "project.move-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "project.rename", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "project.history", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "project.toggle-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "project.leave-focus-mode", NULL);
}

static gboolean
find_entry_key (DfProjectView         *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  if (keyval == GDK_KEY_Escape)
    {
      close_find_action (GTK_WIDGET (self), NULL, NULL);
      return TRUE;
    }
  return FALSE;
}

static gboolean
list_key (DfProjectView         *self,
          guint                  keyval,
          guint                  keycode,
          GdkModifierType        state,
          GtkEventControllerKey *controller)
{
  if (keyval == GDK_KEY_Delete && (state & GDK_MODIFIER_MASK) == 0)
    {
      delete_action (GTK_WIDGET (self), "project.delete", NULL);
      return TRUE;
    }
  return FALSE;
}

static void
df_project_view_init (DfProjectView *self)
{
  GtkTextBuffer *buffer;
  GtkSourceSearchSettings *search_settings;
  GtkEventController *key;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor));
  g_signal_connect_object (buffer, "changed", G_CALLBACK (buffer_changed), self, G_CONNECT_SWAPPED);

  search_settings = gtk_source_search_settings_new ();
  gtk_source_search_settings_set_wrap_around (search_settings, TRUE);
  g_object_bind_property (self->find_entry, "text", search_settings, "search-text", G_BINDING_DEFAULT);
  self->search = gtk_source_search_context_new (GTK_SOURCE_BUFFER (buffer), search_settings);
  g_object_unref (search_settings);
  g_signal_connect_object (self->search, "notify::occurrences-count", G_CALLBACK (update_find_label), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->find_entry, "activate", G_CALLBACK (find_step_action), self, G_CONNECT_SWAPPED);
  key = gtk_event_controller_key_new ();
  g_signal_connect_object (key, "key-pressed", G_CALLBACK (find_entry_key), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->find_entry), key);

  g_signal_connect_object (self->chapter_list, "row-activated", G_CALLBACK (row_activated), self, G_CONNECT_SWAPPED);
  key = gtk_event_controller_key_new ();
  g_signal_connect_object (key, "key-pressed", G_CALLBACK (list_key), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->chapter_list), key);

  drop = gtk_drop_target_new (G_TYPE_INT64, GDK_ACTION_MOVE);
  g_signal_connect_object (drop, "drop", G_CALLBACK (list_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->chapter_list), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect_object (self->search_toggle, "toggled", G_CALLBACK (search_toggled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_panel, "result-activated", G_CALLBACK (search_result_activated), self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.leave-focus-mode", FALSE);
  self->panels = g_ptr_array_new ();
  update_status (self);
}

/* ---- public ---------------------------------------------------------- */

void
df_project_view_set_store (DfProjectView *self,
                           DfStore       *store)
{
  g_return_if_fail (DF_IS_PROJECT_VIEW (self));
  g_set_object (&self->store, store);
}

void
df_project_view_set_settings (DfProjectView *self,
                              GSettings     *settings)
{
  g_return_if_fail (DF_IS_PROJECT_VIEW (self));
  g_set_object (&self->settings, settings);
  df_editor_set_settings (self->editor, settings);
}

void
df_project_view_set_primary_menu (DfProjectView *self,
                                  GMenuModel    *menu)
{
  g_return_if_fail (DF_IS_PROJECT_VIEW (self));
  gtk_menu_button_set_menu_model (self->menu_button, menu);
}

gint64
df_project_view_get_project_id (DfProjectView *self)
{
  g_return_val_if_fail (DF_IS_PROJECT_VIEW (self), 0);
  return self->project_id;
}

gint64
df_project_view_get_chapter_id (DfProjectView *self)
{
  g_return_val_if_fail (DF_IS_PROJECT_VIEW (self), 0);
  return self->chapter_id;
}

gboolean
df_project_view_get_modified (DfProjectView *self)
{
  g_return_val_if_fail (DF_IS_PROJECT_VIEW (self), FALSE);
  return self->modified;
}

const char *
df_project_view_get_title (DfProjectView *self)
{
  g_return_val_if_fail (DF_IS_PROJECT_VIEW (self), NULL);
  return self->title;
}

void
df_project_view_focus_editor (DfProjectView *self)
{
  g_return_if_fail (DF_IS_PROJECT_VIEW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->editor));
}

GtkWidget *
df_project_view_get_editor (DfProjectView *self)
{
  g_return_val_if_fail (DF_IS_PROJECT_VIEW (self), NULL);
  return GTK_WIDGET (self->editor);
}

/* ---- plugin panels --------------------------------------------------- */

void
df_project_view_show_panel (DfProjectView *self,
                            GtkWidget     *panel)
{
  g_return_if_fail (DF_IS_PROJECT_VIEW (self));

  adw_flap_set_reveal_flap (self->flap, TRUE);
  if (panel == NULL ||
      gtk_stack_get_visible_child (self->sidebar_stack) == g_object_get_data (G_OBJECT (panel), "df-panel-page"))
    {
      /* A second click goes back to the chapters. */
      gtk_toggle_button_set_active (self->search_toggle, FALSE);
      gtk_stack_set_visible_child_name (self->sidebar_stack, "chapters");
      return;
    }
  gtk_stack_set_visible_child (self->sidebar_stack, g_object_get_data (G_OBJECT (panel), "df-panel-page"));
}

static void
panel_button_clicked (GtkButton     *button,
                      DfProjectView *self)
{
  df_project_view_show_panel (self, g_object_get_data (G_OBJECT (button), "panel"));
}

void
df_project_view_add_panel (DfProjectView *self,
                           const char    *title,
                           GtkWidget     *panel)
{
  GtkWidget *button;

  g_return_if_fail (DF_IS_PROJECT_VIEW (self));
  g_return_if_fail (GTK_IS_WIDGET (panel));

  /* In a scroller that does not pass on the panel's natural width, so a
   * wide panel cannot fold the sidebar away. */
  {
    GtkWidget *scroller = gtk_scrolled_window_new ();

    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), panel);
    g_object_set_data (G_OBJECT (panel), "df-panel-page", scroller);
    gtk_stack_add_titled (self->sidebar_stack, scroller, NULL, title);
  }
  g_ptr_array_add (self->panels, panel);

  button = gtk_button_new_with_label (title);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, title);
  g_object_set_data (G_OBJECT (button), "panel", panel);
  g_signal_connect_object (button, "clicked", G_CALLBACK (panel_button_clicked), self, 0);
  gtk_box_append (self->panel_buttons, button);
}

void
df_project_view_remove_panels (DfProjectView *self)
{
  GtkWidget *child;

  g_return_if_fail (DF_IS_PROJECT_VIEW (self));

  for (guint i = 0; i < self->panels->len; i++)
    {
      GtkWidget *page = g_object_get_data (g_ptr_array_index (self->panels, i), "df-panel-page");

      if (gtk_stack_get_visible_child (self->sidebar_stack) == page)
        gtk_stack_set_visible_child_name (self->sidebar_stack, "chapters");
      gtk_stack_remove (self->sidebar_stack, page);
    }
  g_ptr_array_set_size (self->panels, 0);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->panel_buttons))) != NULL)
    gtk_box_remove (self->panel_buttons, child);
}

GtkWidget *
df_project_view_get_visible_panel (DfProjectView *self)
{
  GtkWidget *visible = gtk_stack_get_visible_child (self->sidebar_stack);

  for (guint i = 0; i < self->panels->len; i++)
    {
      GtkWidget *panel = g_ptr_array_index (self->panels, i);
      if (g_object_get_data (G_OBJECT (panel), "df-panel-page") == visible)
        return panel;
    }
  return NULL;
}
