/* df-project-view-actions.c: the project view's actions and shortcuts
 *
 * Chapters and parts (add, rename, move, delete, step through), their
 * history, saving, find and replace, the project search, focus mode and
 * the sidebar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-project"

#include "config.h"

#include <glib/gi18n.h>

#include "df-history-window.h"
#include "df-style-report.h"
#include "df-model.h"
#include "df-project-view-private.h"

typedef void (*TitleCallback) (DfProjectView *self,
                               const char    *title,
                               gpointer       data);

typedef struct
{
  gint64 chapter_id;   /* 0: a part */
  gint64 part_id;
} DeleteRequest;

static void
ask_title_response (AdwMessageDialog *dialog,
                    const char       *response,
                    DfProjectView    *self)
{
  TitleCallback callback = g_object_get_data (G_OBJECT (dialog), "callback");
  gpointer data = g_object_get_data (G_OBJECT (dialog), "data");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");

  if (g_strcmp0 (response, "ok") == 0)
    callback (self, gtk_editable_get_text (entry), data);
}

/* Asks for a title, then calls @callback with it and @data (which
 * @destroy frees with the dialog). */
static void
ask_title (DfProjectView  *self,
           const char     *heading,
           const char     *ok_label,
           const char     *initial,
           TitleCallback   callback,
           gpointer        data,
           GDestroyNotify  destroy)
{
  AdwMessageDialog *dialog = df_ask (GTK_WIDGET (self), heading, "ok", ok_label, ADW_RESPONSE_SUGGESTED);
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), initial);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (dialog, entry);
  g_object_set_data (G_OBJECT (dialog), "callback", callback);
  g_object_set_data_full (G_OBJECT (dialog), "data", data, destroy);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (ask_title_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
present_history (DfProjectView   *self,
                 DfHistoryWindow *window,
                 GCallback        restore)
{
  g_signal_connect_object (window, "restore", restore, self, 0);
  df_present_above (GTK_WINDOW (window), GTK_WIDGET (self));
}

/* Typewriter scrolling, or dimming, in focus mode, unless Preferences
 * says not (@key). */
static gboolean
focus_wants (DfProjectView *self,
             const char    *key)
{
  GSettings *settings = self->session != NULL ? df_session_get_settings (self->session) : NULL;

  return settings == NULL || g_settings_get_boolean (settings, key);
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
    adw_flap_set_reveal_flap (self->side_flap, FALSE);
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
  df_editor_set_typewriter (self->editor, focus && focus_wants (self, "focus-typewriter"));
  df_editor_set_dim_others (self->editor, focus && focus_wants (self, "focus-dim"));
  df_project_view_focus_editor (self);
}

/* ---- chapters and parts ---------------------------------------------- */

/* Where a new chapter goes: into the part of the selected row (a part,
 * or a chapter in one); with nothing selected, into the part the book
 * ends with, or its first part when it has no chapters yet. */
static gint64
part_for_new_chapter (DfProjectView *self)
{
  DfSidebarItem *row = df_project_sidebar_get_selected (self->sidebar);
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  DfStore *store = df_session_get_store (self->session);

  if (row != NULL)
    return df_sidebar_item_get_part_id (row);

  chapters = df_chapter_list (store, self->project_id, NULL);
  if (chapters != NULL && chapters->len > 0)
    return ((DfChapter *)g_ptr_array_index (chapters, chapters->len - 1))->part_id;
  parts = df_part_list (store, self->project_id, NULL);
  return parts != NULL && parts->len > 0 ? ((DfPart *)g_ptr_array_index (parts, 0))->id : 0;
}

static void
do_add_chapter (DfProjectView *self,
                const char    *title,
                gpointer       data)
{
  DfStore *store = df_session_get_store (self->session);
  gint64 part_id = GPOINTER_TO_SIZE (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(DfChapter) chapter = NULL;

  chapter = df_chapter_add (store, self->project_id, 0, title, "", &error);
  /* Then into its part, at the end: an empty part gets it in the part's
   * own place in the book, not at the end of the book. */
  if (chapter != NULL && part_id != 0 &&
      !df_chapter_move_to_part (store, chapter->id, part_id, G_MAXINT64, &error))
    df_page_show_toast (GTK_WIDGET (self), error->message);
  if (chapter == NULL)
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }

  _df_project_view_reload_chapters (self);
  df_project_view_open_chapter (self, chapter->id);
  df_project_view_focus_editor (self);
}

static void
add_chapter_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  g_autofree char *initial = NULL;

  if (self->project_id == 0)
    return;

  initial = g_strdup_printf (_("Chapter %u"), df_project_sidebar_get_n_chapters (self->sidebar) + 1);
  ask_title (self, _("New Chapter"), _("_Add"), initial, do_add_chapter,
             GSIZE_TO_POINTER (part_for_new_chapter (self)), NULL);
}

static void
do_add_part (DfProjectView *self,
             const char    *title,
             gpointer       data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfPart) part = df_part_add (df_session_get_store (self->session), self->project_id, title, &error);

  if (part == NULL)
    df_page_show_toast (GTK_WIDGET (self), error->message);
  _df_project_view_reload_chapters (self);
}

static void
add_part_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);

  if (self->project_id != 0)
    ask_title (self, _("New Part"), _("_Add"), _("Part"), do_add_part, NULL, NULL);
}

static void
do_rename (DfProjectView *self,
           const char    *title,
           gpointer       data)
{
  DfSidebarItem *row = data;
  DfStore *store = df_session_get_store (self->session);
  gint64 chapter_id = df_sidebar_item_get_chapter_id (row);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (df_sidebar_item_is_part (row))
    ok = df_part_rename (store, df_sidebar_item_get_part_id (row), title, &error);
  else
    ok = df_chapter_rename (store, chapter_id, title, &error);

  if (!ok)
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }

  if (chapter_id != 0 && chapter_id == df_document_get_chapter_id (self->document))
    {
      g_autofree char *stripped = g_strstrip (g_strdup (title));
      _df_project_view_set_chapter_title (self, stripped);
    }
  _df_project_view_reload_chapters (self);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  DfSidebarItem *row = df_project_sidebar_get_selected (self->sidebar);

  if (row != NULL)
    ask_title (self, df_sidebar_item_is_part (row) ? _("Rename Part") : _("Rename Chapter"),
               _("_Rename"), df_sidebar_item_get_title (row), do_rename, g_object_ref (row), g_object_unref);
}

/* One step up or down as the sidebar shows the book: past a chapter of
 * the same part, it swaps places; at a part's edge, it crosses into the
 * part (or out of parts) beside it and keeps its place. */
static gboolean
move_one_step (DfStore           *store,
               DfProjectSidebar  *sidebar,
               DfSidebarItem     *row,
               gboolean           down,
               GError           **error)
{
  gint64 chapter_id = df_sidebar_item_get_chapter_id (row);
  gint64 part_id = df_sidebar_item_get_part_id (row);
  DfSidebarItem *next = df_project_sidebar_get_neighbour (sidebar, row, down);

  if (next == NULL)
    /* The last chapter leaves its part at the end of the book. */
    return !down || part_id == 0 || df_chapter_set_part (store, chapter_id, 0, error);

  if (!df_sidebar_item_is_part (next))
    {
      if (df_sidebar_item_get_part_id (next) == part_id)
        return df_chapter_move (store, chapter_id, df_sidebar_item_get_number (row) + (down ? 1 : -1), error);
      /* A chapter outside parts beside the edge of a part: into it, or
       * the part's last chapter out of it. */
      return df_chapter_set_part (store, chapter_id, down ? 0 : df_sidebar_item_get_part_id (next), error);
    }

  if (down)
    /* The heading of the part that follows: the chapter opens it. */
    return df_chapter_set_part (store, chapter_id, df_sidebar_item_get_part_id (next), error);

  /* Its own part's heading: it leaves for the part before, if any. */
  next = df_project_sidebar_get_neighbour (sidebar, next, FALSE);
  return df_chapter_set_part (store, chapter_id, next != NULL ? df_sidebar_item_get_part_id (next) : 0, error);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  DfSidebarItem *row = df_project_sidebar_get_selected (self->sidebar);
  g_autoptr(GError) error = NULL;
  gint64 chapter_id;

  if (row == NULL || df_sidebar_item_is_part (row))
    return;

  chapter_id = df_sidebar_item_get_chapter_id (row);
  if (!move_one_step (df_session_get_store (self->session), self->sidebar, row,
                      g_str_equal (action_name, "project.move-down"), &error))
    df_page_show_toast (GTK_WIDGET (self), error->message);

  _df_project_view_reload_chapters (self);
  df_project_sidebar_focus_chapter (self->sidebar, chapter_id);
}

static void
move_to_part_response (AdwMessageDialog *dialog,
                       const char       *response,
                       DfProjectView    *self)
{
  GtkDropDown *choice = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
  GArray *part_ids = g_object_get_data (G_OBJECT (dialog), "part-ids");
  gint64 chapter_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "chapter-id"));
  guint chosen = gtk_drop_down_get_selected (choice);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "move") != 0 || chosen >= part_ids->len)
    return;

  if (!df_chapter_move_to_part (df_session_get_store (self->session), chapter_id,
                                g_array_index (part_ids, gint64, chosen), G_MAXINT64, &error))
    df_page_show_toast (GTK_WIDGET (self), error->message);
  _df_project_view_reload_chapters (self);
  df_project_sidebar_focus_chapter (self->sidebar, chapter_id);
}

/* Asks which part the selected chapter goes to (the end of it). */
static void
move_to_part_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  DfSidebarItem *row = df_project_sidebar_get_selected (self->sidebar);
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  GArray *part_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  AdwMessageDialog *dialog;
  GtkWidget *choice;
  gint64 none = 0;

  if (row == NULL || df_sidebar_item_is_part (row) ||
      (parts = df_part_list (df_session_get_store (self->session), self->project_id, &error)) == NULL)
    {
      if (error != NULL)
        df_page_show_toast (widget, error->message);
      g_array_unref (part_ids);
      return;
    }

  gtk_string_list_append (titles, _("No Part"));
  g_array_append_val (part_ids, none);
  for (guint i = 0; i < parts->len; i++)
    {
      DfPart *part = g_ptr_array_index (parts, i);
      gtk_string_list_append (titles, part->title);
      g_array_append_val (part_ids, part->id);
    }

  dialog = df_ask (widget, _("Move to Part"), "move", _("_Move"), ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_format_body (dialog, _("“%s” goes to the end of the part you choose."),
                                  df_sidebar_item_get_title (row));
  choice = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&titles)), NULL);
  gtk_widget_set_name (choice, "part-choice");
  for (guint i = 0; i < part_ids->len; i++)
    if (g_array_index (part_ids, gint64, i) == df_sidebar_item_get_part_id (row))
      gtk_drop_down_set_selected (GTK_DROP_DOWN (choice), i);
  adw_message_dialog_set_extra_child (dialog, choice);
  g_object_set_data_full (G_OBJECT (dialog), "part-ids", part_ids, (GDestroyNotify) g_array_unref);
  g_object_set_data (G_OBJECT (dialog), "chapter-id", GSIZE_TO_POINTER (df_sidebar_item_get_chapter_id (row)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (move_to_part_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (choice);
}

static void
delete_now (DfProjectView *self,
            const GError  *save_error,
            gpointer       data)
{
  DeleteRequest *request = data;
  DfStore *store = df_session_get_store (self->session);
  gboolean open = request->chapter_id != 0 && request->chapter_id == df_document_get_chapter_id (self->document);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* What was typed is not saved: the chapter stays, with the error on
   * screen. */
  if (save_error != NULL)
    return;

  ok = request->chapter_id != 0 ? df_chapter_delete (store, request->chapter_id, &error)
                                : df_part_delete (store, request->part_id, &error);
  if (!ok)
    df_page_show_toast (GTK_WIDGET (self), error->message);

  if (ok && open)
    {
      _df_project_view_close_chapter (self);
      return;
    }

  _df_project_view_refresh_counts (self);
  _df_project_view_reload_chapters (self);
}

static void
delete_response (AdwMessageDialog *dialog,
                 const char       *response,
                 DfProjectView    *self)
{
  DeleteRequest *request;

  if (g_strcmp0 (response, "delete") != 0)
    return;

  request = g_new0 (DeleteRequest, 1);
  request->chapter_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "chapter-id"));
  request->part_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "part-id"));

  /* Whatever was typed goes to the revisions with the chapter. */
  if (request->chapter_id != 0 && request->chapter_id == df_document_get_chapter_id (self->document))
    df_project_view_when_saved (self, delete_now, request, g_free);
  else
    {
      delete_now (self, NULL, request);
      g_free (request);
    }
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  DfSidebarItem *row = df_project_sidebar_get_selected (self->sidebar);
  AdwMessageDialog *dialog;
  gboolean part;

  if (row == NULL)
    return;

  part = df_sidebar_item_is_part (row);
  dialog = df_ask (widget, part ? _("Delete This Part?") : _("Delete This Chapter?"),
                   "delete", _("_Delete"), ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_format_body (dialog,
                                  part ? _("“%s” goes away; its chapters stay in the book, outside any part.")
                                       : _("“%s” goes away from the book. Its text is kept in the revision history."),
                                  df_sidebar_item_get_title (row));
  g_object_set_data (G_OBJECT (dialog), "chapter-id", GSIZE_TO_POINTER (df_sidebar_item_get_chapter_id (row)));
  g_object_set_data (G_OBJECT (dialog), "part-id", GSIZE_TO_POINTER (df_sidebar_item_get_part_id (row)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
step_chapter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  gint64 next = df_project_sidebar_get_next_chapter (self->sidebar,
                                                     df_document_get_chapter_id (self->document),
                                                     g_str_equal (action_name, "project.next-chapter"));

  if (next != 0)
    df_project_view_open_chapter (self, next);
}

static void
open_chapter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  df_project_view_open_chapter (DF_PROJECT_VIEW (widget), g_variant_get_int64 (param));
}

static void
show_match_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  gint64 chapter_id, offset;
  guint length;

  g_variant_get (param, "(xxu)", &chapter_id, &offset, &length);
  _df_project_view_show_match (DF_PROJECT_VIEW (widget), chapter_id, offset, length);
}

static void
show_issue_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  gint64 chapter_id, offset, length;
  const char *quote;
  int line;

  g_variant_get (param, "(xxxi&s)", &chapter_id, &offset, &length, &line, &quote);
  _df_project_view_show_issue (DF_PROJECT_VIEW (widget), chapter_id, offset, length, line,
                               quote[0] != '\0' ? quote : NULL);
}

/* ---- the style report ------------------------------------------------ */

static void
style_report_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);

  (void) action_name;
  (void) parameter;
  if (self->session == NULL || self->project_id == 0)
    return;
  df_present_above (GTK_WINDOW (df_style_report_new (self->session, self->project_id, self->project_title, widget)),
                    widget);
}

/* ---- history: earlier versions and deleted chapters ------------------ */

static void
history_restore_cb (DfHistoryWindow  *window,
                    const DfRevision *revision,
                    DfProjectView    *self)
{
  if (revision->chapter_id != df_document_get_chapter_id (self->document))
    {
      df_page_show_toast (GTK_WIDGET (self), _("That chapter is no longer open; open it and restore again"));
      return;
    }
  /* One edit: Undo brings back the text it replaces, and autosave keeps
   * that text as a revision. */
  df_editor_replace_text (self->editor, revision->content_md);
  df_project_view_focus_editor (self);
  df_page_show_toast (GTK_WIDGET (self), _("Earlier version restored; Undo (Ctrl+Z) takes it back"));
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  _df_project_view_show_history (DF_PROJECT_VIEW (widget), 0, FALSE);
}

static void
undelete_cb (DfHistoryWindow  *window,
             const DfRevision *revision,
             DfProjectView    *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfChapter) chapter = df_chapter_undelete (df_session_get_store (self->session), revision->id, &error);
  g_autofree char *message = NULL;

  if (chapter == NULL)
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  _df_project_view_reload_chapters (self);
  df_project_view_open_chapter (self, chapter->id);
  message = g_strdup_printf (_("“%s” is back, at the end of the book"), chapter->title);
  df_page_show_toast (GTK_WIDGET (self), message);
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

  window = df_history_window_new_for_deleted (df_session_get_store (self->session), self->project_id, &error);
  if (window == NULL)
    df_page_show_toast (GTK_WIDGET (self), error->message);
  else
    present_history (self, window, G_CALLBACK (undelete_cb));
}

/* ---- saving ---------------------------------------------------------- */

static void
save_finished (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DfProjectView) self = user_data;
  DfStore *store = df_session_get_store (self->session);

  /* A failure is on screen already. */
  if (df_document_save_finish (DF_DOCUMENT (object), result, NULL) && store != NULL)
    df_store_checkpoint (store, NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);

  df_document_save_async (self->document, NULL, save_finished, g_object_ref (self));
}

/* ---- find, search, focus mode, sidebar -------------------------------- */

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  df_find_bar_begin (DF_PROJECT_VIEW (widget)->find_bar, g_str_equal (action_name, "project.replace"));
}

static void
find_move_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  df_find_bar_move (DF_PROJECT_VIEW (widget)->find_bar, g_str_equal (action_name, "project.find-previous"));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);

  adw_flap_set_reveal_flap (self->flap, TRUE);
  df_project_sidebar_begin_search (self->sidebar);
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

static void
show_issues_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);

  df_project_view_show_panel (self, GTK_WIDGET (self->issues_panel));
  df_issues_panel_refresh (self->issues_panel);
  df_issues_panel_focus (self->issues_panel);
}

/* (agent type, check id, its title): the Issues panel with that kind of
 * finding only, from the Style Report. */
static void
show_issues_check_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  const char *agent_type, *check, *title;

  g_variant_get (param, "(&s&s&s)", &agent_type, &check, &title);
  df_project_view_show_panel (self, GTK_WIDGET (self->issues_panel));
  df_issues_panel_show_check (self->issues_panel, agent_type, check, title);
}

static void
toggle_side_pane_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);

  if (df_side_pane_get_n_panels (self->side_pane) > 0)
    adw_flap_set_reveal_flap (self->side_flap, !adw_flap_get_reveal_flap (self->side_flap));
}

/* ---- shared ---------------------------------------------------------- */

void
_df_project_view_show_history (DfProjectView *self,
                               gint64         revision_id,
                               gboolean       compare)
{
  gint64 chapter_id = df_document_get_chapter_id (self->document);
  g_autoptr(GError) error = NULL;
  g_autofree char *current = NULL;
  DfHistoryWindow *window;

  if (chapter_id == 0)
    return;

  current = df_document_dup_text (self->document);
  window = df_history_window_new_for_chapter (df_session_get_store (self->session), chapter_id,
                                              self->chapter_title, current, &error);
  if (window == NULL)
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  if (revision_id != 0)
    df_history_window_show_revision (window, revision_id, compare);
  present_history (self, window, G_CALLBACK (history_restore_cb));
}

void
_df_project_view_class_actions_init (DfProjectViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "project.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "project.open-chapter", "x", open_chapter_action);
  gtk_widget_class_install_action (widget_class, "project.show-match", "(xxu)", show_match_action);
  gtk_widget_class_install_action (widget_class, "project.show-issue", "(xxxis)", show_issue_action);
  gtk_widget_class_install_action (widget_class, "project.show-issues", NULL, show_issues_action);
  gtk_widget_class_install_action (widget_class, "project.show-issues-check", "(sss)", show_issues_check_action);
  gtk_widget_class_install_action (widget_class, "project.add-chapter", NULL, add_chapter_action);
  gtk_widget_class_install_action (widget_class, "project.add-part", NULL, add_part_action);
  gtk_widget_class_install_action (widget_class, "project.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "project.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "project.history", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "project.style-report", NULL, style_report_action);
  gtk_widget_class_install_action (widget_class, "project.deleted-chapters", NULL, deleted_chapters_action);
  gtk_widget_class_install_action (widget_class, "project.move-up", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "project.move-down", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "project.move-to-part", NULL, move_to_part_action);
  gtk_widget_class_install_action (widget_class, "project.previous-chapter", NULL, step_chapter_action);
  gtk_widget_class_install_action (widget_class, "project.next-chapter", NULL, step_chapter_action);
  gtk_widget_class_install_action (widget_class, "project.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "project.replace", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "project.find-next", NULL, find_move_action);
  gtk_widget_class_install_action (widget_class, "project.find-previous", NULL, find_move_action);
  gtk_widget_class_install_action (widget_class, "project.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "project.focus-mode", NULL, focus_mode_action);
  gtk_widget_class_install_action (widget_class, "project.leave-focus-mode", NULL, leave_focus_mode_action);
  gtk_widget_class_install_action (widget_class, "project.toggle-sidebar", NULL, toggle_sidebar_action);
  gtk_widget_class_install_action (widget_class, "project.toggle-side-pane", NULL, toggle_side_pane_action);

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
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "project.style-report", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "project.toggle-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, GDK_SHIFT_MASK, "project.toggle-side-pane", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "project.show-issues", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "project.leave-focus-mode", NULL);
}

void
_df_project_view_actions_init (DfProjectView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.leave-focus-mode", FALSE);
}
