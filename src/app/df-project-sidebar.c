/* df-project-sidebar.c: a project's parts and chapters, and its search
 * (the plugins' panels are in the side pane, df-side-pane.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-project"

#include "config.h"

#include <glib/gi18n.h>

#include "df-model.h"
#include "df-outline-item.h"
#include "df-planning.h"
#include "df-project-sidebar.h"
#include "df-search-panel.h"
#include "df-utils.h"

struct _DfProjectSidebar
{
  GtkWidget        parent_instance;

  DfSession       *session;
  gint64           project_id;
  gint64           chapter_id;      /* the open chapter's row is selected */
  guint            n_chapters;
  GPtrArray       *filter_labels;   /* the label names the filter offers */
  GHashTable      *collapsed;       /* ids of the parts folded shut */

  /* template */
  GtkDropDown     *chapter_filter;
  GtkListBox      *chapter_list;
  GtkWidget       *main_box;
  DfSearchPanel   *search_panel;
  GtkToggleButton *search_toggle;
  GtkStack        *stack;
};

G_DEFINE_FINAL_TYPE (DfProjectSidebar, df_project_sidebar, GTK_TYPE_WIDGET)

static DfChapterRow *
find_row (DfProjectSidebar *self,
          gint64            chapter_id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->chapter_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (DF_IS_CHAPTER_ROW (child) && df_chapter_row_get_chapter_id (DF_CHAPTER_ROW (child)) == chapter_id)
      return DF_CHAPTER_ROW (child);
  return NULL;
}

/* The filter's choices: every chapter, each status, each label. */
static void
fill_filter (DfProjectSidebar *self,
             GPtrArray        *labels)
{
  guint chosen = gtk_drop_down_get_selected (self->chapter_filter);
  guint n_statuses = g_strv_length ((char **)df_chapter_statuses);
  g_autofree char *chosen_label = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint select = chosen != GTK_INVALID_LIST_POSITION && chosen <= n_statuses ? chosen : 0;

  if (chosen != GTK_INVALID_LIST_POSITION && chosen > n_statuses && chosen - n_statuses - 1 < self->filter_labels->len)
    chosen_label = g_strdup (g_ptr_array_index (self->filter_labels, chosen - n_statuses - 1));
  g_ptr_array_set_size (self->filter_labels, 0);
  gtk_string_list_append (names, _("All Chapters"));
  for (guint i = 0; i < n_statuses; i++)
    gtk_string_list_append (names, df_status_display_name (df_chapter_statuses[i]));
  for (guint i = 0; labels != NULL && i < labels->len; i++)
    {
      const char *name = ((DfLabel *)g_ptr_array_index (labels, i))->name;
      g_autofree char *shown = g_strdup_printf (_("Label: %s"), name);

      gtk_string_list_append (names, shown);
      g_ptr_array_add (self->filter_labels, g_strdup (name));
      if (g_strcmp0 (name, chosen_label) == 0)
        select = n_statuses + 1 + i;
    }
  g_signal_handlers_block_matched (self->chapter_filter, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_drop_down_set_model (self->chapter_filter, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->chapter_filter, select);
  g_signal_handlers_unblock_matched (self->chapter_filter, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       data)
{
  DfProjectSidebar *self = data;
  guint chosen = gtk_drop_down_get_selected (self->chapter_filter);
  guint n_statuses = g_strv_length ((char **)df_chapter_statuses);
  DfChapterRow *chapter_row;

  if (!DF_IS_CHAPTER_ROW (row) || df_chapter_row_is_part (DF_CHAPTER_ROW (row)))
    return TRUE;
  chapter_row = DF_CHAPTER_ROW (row);
  /* A folded part hides its chapters, but never the open one. */
  if (df_chapter_row_get_part_id (chapter_row) != 0 &&
      df_chapter_row_get_chapter_id (chapter_row) != self->chapter_id &&
      g_hash_table_contains (self->collapsed, GSIZE_TO_POINTER (df_chapter_row_get_part_id (chapter_row))))
    return FALSE;
  if (chosen == GTK_INVALID_LIST_POSITION || chosen == 0)
    return TRUE;
  if (chosen <= n_statuses)
    return g_strcmp0 (df_chapter_row_get_status (chapter_row), df_chapter_statuses[chosen - 1]) == 0;
  if (chosen - n_statuses - 1 < self->filter_labels->len)
    return df_chapter_row_has_label (chapter_row, g_ptr_array_index (self->filter_labels, chosen - n_statuses - 1));
  return TRUE;
}

/* ---- callbacks ------------------------------------------------------- */

static void
filter_changed (DfProjectSidebar *self)
{
  gtk_list_box_invalidate_filter (self->chapter_list);
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

/* A chapter dropped on a part joins it; on a chapter, takes its place. */
static gboolean
list_drop (GtkDropTarget    *target,
           const GValue     *value,
           double            x,
           double            y,
           DfProjectSidebar *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_y (self->chapter_list, (int)y);
  DfStore *store = df_session_get_store (self->session);
  gint64 chapter = g_value_get_int64 (value);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (row == NULL || !DF_IS_CHAPTER_ROW (row) || store == NULL)
    return FALSE;

  if (df_chapter_row_is_part (DF_CHAPTER_ROW (row)))
    ok = df_chapter_move_to_part (store, chapter, df_chapter_row_get_part_id (DF_CHAPTER_ROW (row)), 0, &error);
  else
    ok = df_chapter_move (store, chapter, df_chapter_row_get_number (DF_CHAPTER_ROW (row)), &error);

  if (!ok)
    df_page_show_toast (GTK_WIDGET (self), error->message);
  df_project_sidebar_reload (self);
  return ok;
}

static void
row_activated (DfProjectSidebar *self,
               GtkListBoxRow    *row)
{
  /* A part folds its chapters away, or opens them again. */
  if (DF_IS_CHAPTER_ROW (row) && df_chapter_row_is_part (DF_CHAPTER_ROW (row)))
    {
      gpointer part = GSIZE_TO_POINTER (df_chapter_row_get_part_id (DF_CHAPTER_ROW (row)));
      gboolean fold = !g_hash_table_contains (self->collapsed, part);

      if (fold)
        g_hash_table_add (self->collapsed, part);
      else
        g_hash_table_remove (self->collapsed, part);
      df_chapter_row_set_folded (DF_CHAPTER_ROW (row), fold);
      gtk_list_box_invalidate_filter (self->chapter_list);
      return;
    }
  if (DF_IS_CHAPTER_ROW (row) && !df_chapter_row_is_part (DF_CHAPTER_ROW (row)))
    gtk_widget_activate_action (GTK_WIDGET (self), "project.open-chapter", "x",
                                df_chapter_row_get_chapter_id (DF_CHAPTER_ROW (row)));
}

static gboolean
list_key_pressed (DfProjectSidebar      *self,
                  guint                  keyval,
                  guint                  keycode,
                  GdkModifierType        state,
                  GtkEventControllerKey *controller)
{
  if (keyval == GDK_KEY_Delete && (state & GDK_MODIFIER_MASK) == 0)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "project.delete", NULL);
      return TRUE;
    }
  return FALSE;
}

static void
search_toggled (DfProjectSidebar *self)
{
  gboolean search = gtk_toggle_button_get_active (self->search_toggle);

  gtk_stack_set_visible_child_name (self->stack, search ? "search" : "chapters");
  /* Escape ends the search only while it shows; otherwise it goes on
   * to the window (back to the editor). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sidebar.end-search", search);
  if (search)
    df_search_panel_focus (self->search_panel);
}

/* Escape in the search (its entry, its results, the toggle): back to
 * the chapters, the open one focused. */
static void
end_search_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  DfProjectSidebar *self = DF_PROJECT_SIDEBAR (widget);

  gtk_toggle_button_set_active (self->search_toggle, FALSE);
  if (find_row (self, self->chapter_id) != NULL)
    df_project_sidebar_focus_chapter (self, self->chapter_id);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->chapter_list));
}

static void
search_result_activated (DfProjectSidebar *self,
                         gint64            chapter_id,
                         gint64            offset,
                         guint             length)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "project.show-match", "(xxu)", chapter_id, offset, length);
}

/* ---- GObject --------------------------------------------------------- */

static void
df_project_sidebar_dispose (GObject *object)
{
  DfProjectSidebar *self = (DfProjectSidebar *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), DF_TYPE_PROJECT_SIDEBAR);
  g_clear_object (&self->session);
  g_clear_pointer (&self->filter_labels, g_ptr_array_unref);
  g_clear_pointer (&self->collapsed, g_hash_table_unref);

  G_OBJECT_CLASS (df_project_sidebar_parent_class)->dispose (object);
}

static void
df_project_sidebar_class_init (DfProjectSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_project_sidebar_dispose;

  g_type_ensure (DF_TYPE_SEARCH_PANEL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/draftforge/DraftForge/ui/df-project-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, DfProjectSidebar, chapter_filter);
  gtk_widget_class_bind_template_child (widget_class, DfProjectSidebar, chapter_list);
  gtk_widget_class_bind_template_child (widget_class, DfProjectSidebar, main_box);
  gtk_widget_class_bind_template_child (widget_class, DfProjectSidebar, search_panel);
  gtk_widget_class_bind_template_child (widget_class, DfProjectSidebar, search_toggle);
  gtk_widget_class_bind_template_child (widget_class, DfProjectSidebar, stack);
  gtk_widget_class_bind_template_callback (widget_class, list_key_pressed);
  gtk_widget_class_bind_template_callback (widget_class, row_activated);
  gtk_widget_class_bind_template_callback (widget_class, search_result_activated);
  gtk_widget_class_bind_template_callback (widget_class, search_toggled);

  gtk_widget_class_install_action (widget_class, "sidebar.end-search", NULL, end_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "sidebar.end-search", NULL);
}

static void
df_project_sidebar_init (DfProjectSidebar *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sidebar.end-search", FALSE);

  self->filter_labels = g_ptr_array_new_with_free_func (g_free);
  self->collapsed = g_hash_table_new (NULL, NULL);
  fill_filter (self, NULL);
  gtk_list_box_set_filter_func (self->chapter_list, filter_row, self, NULL);
  g_signal_connect_object (self->chapter_filter, "notify::selected", G_CALLBACK (filter_changed), self,
                           G_CONNECT_SWAPPED);

  drop = gtk_drop_target_new (G_TYPE_INT64, GDK_ACTION_MOVE);
  g_signal_connect_object (drop, "drop", G_CALLBACK (list_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->chapter_list), GTK_EVENT_CONTROLLER (drop));
}

/* ---- public ---------------------------------------------------------- */

void
df_project_sidebar_set_session (DfProjectSidebar *self,
                                DfSession        *session)
{
  g_return_if_fail (DF_IS_PROJECT_SIDEBAR (self));
  g_return_if_fail (!session || DF_IS_SESSION (session));

  g_set_object (&self->session, session);
}

void
df_project_sidebar_set_project (DfProjectSidebar *self,
                                gint64            project_id)
{
  g_return_if_fail (DF_IS_PROJECT_SIDEBAR (self));

  self->project_id = project_id;
  self->chapter_id = 0;
  df_search_panel_set_project (self->search_panel,
                               df_session_get_db_path (self->session),
                               project_id);
  gtk_toggle_button_set_active (self->search_toggle, FALSE);
  df_project_sidebar_reload (self);
}

void
df_project_sidebar_reload (DfProjectSidebar *self)
{
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) assigned = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) shown = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GError) error = NULL;
  DfStore *store = df_session_get_store (self->session);
  gint64 last_part = 0;
  guint cursor = 0;

  g_return_if_fail (DF_IS_PROJECT_SIDEBAR (self));

  df_list_box_remove_all (self->chapter_list);
  self->n_chapters = 0;
  if (self->project_id == 0 || store == NULL)
    return;

  chapters = df_chapter_list (store, self->project_id, &error);
  parts = chapters != NULL ? df_part_list (store, self->project_id, &error) : NULL;
  labels = parts != NULL ? df_label_list (store, self->project_id, &error) : NULL;
  assigned = labels != NULL ? df_label_list_assigned (store, self->project_id, &error) : NULL;
  if (chapters == NULL || parts == NULL || assigned == NULL)
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
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
      GtkDragSource *drag;
      GtkWidget *row;

      if (c->part_id != last_part && c->part_id != 0)
        {
          DfPart *part = g_hash_table_lookup (by_id, &c->part_id);
          if (part != NULL)
            {
              GtkWidget *part_row = df_chapter_row_new_part (part->id, part->title);

              df_chapter_row_set_folded (DF_CHAPTER_ROW (part_row),
                                         g_hash_table_contains (self->collapsed, GSIZE_TO_POINTER (part->id)));
              gtk_list_box_append (self->chapter_list, part_row);
              g_hash_table_add (shown, &part->id);
            }
        }
      last_part = c->part_id;

      row = df_chapter_row_new_chapter (c->id, c->number, c->title, c->part_id);
      {
        g_autofree char *names = NULL;
        g_autofree char *pills = df_labels_take_next (assigned, &cursor, c->id, &names);

        df_chapter_row_set_plan (DF_CHAPTER_ROW (row), c, names, pills);
      }
      drag = gtk_drag_source_new ();
      gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
      g_signal_connect_object (drag, "prepare", G_CALLBACK (drag_prepare), row, 0);
      gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drag));
      gtk_list_box_append (self->chapter_list, row);
    }
  self->n_chapters = chapters->len;

  /* Parts without chapters, so they can be filled. */
  for (guint i = 0; i < parts->len; i++)
    {
      DfPart *part = g_ptr_array_index (parts, i);
      if (!g_hash_table_contains (shown, &part->id))
        gtk_list_box_append (self->chapter_list, df_chapter_row_new_part (part->id, part->title));
    }

  fill_filter (self, labels);
  gtk_list_box_invalidate_filter (self->chapter_list);
  df_project_sidebar_select_chapter (self, self->chapter_id);
}

guint
df_project_sidebar_get_n_chapters (DfProjectSidebar *self)
{
  g_return_val_if_fail (DF_IS_PROJECT_SIDEBAR (self), 0);
  return self->n_chapters;
}

void
df_project_sidebar_select_chapter (DfProjectSidebar *self,
                                   gint64            chapter_id)
{
  DfChapterRow *row;

  g_return_if_fail (DF_IS_PROJECT_SIDEBAR (self));

  self->chapter_id = chapter_id;
  row = find_row (self, chapter_id);
  if (row != NULL)
    gtk_list_box_select_row (self->chapter_list, GTK_LIST_BOX_ROW (row));
  else
    gtk_list_box_unselect_all (self->chapter_list);
}

void
df_project_sidebar_set_words (DfProjectSidebar *self,
                              gint64            chapter_id,
                              gint64            words)
{
  DfChapterRow *row;

  g_return_if_fail (DF_IS_PROJECT_SIDEBAR (self));

  if ((row = find_row (self, chapter_id)) != NULL)
    df_chapter_row_set_words (row, words);
}

DfChapterRow *
df_project_sidebar_get_selected (DfProjectSidebar *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (DF_IS_PROJECT_SIDEBAR (self), NULL);

  row = gtk_list_box_get_selected_row (self->chapter_list);
  if (row != NULL && DF_IS_CHAPTER_ROW (row))
    return DF_CHAPTER_ROW (row);
  return find_row (self, self->chapter_id);
}

void
df_project_sidebar_focus_chapter (DfProjectSidebar *self,
                                  gint64            chapter_id)
{
  DfChapterRow *row;

  g_return_if_fail (DF_IS_PROJECT_SIDEBAR (self));

  if ((row = find_row (self, chapter_id)) != NULL)
    {
      gtk_list_box_select_row (self->chapter_list, GTK_LIST_BOX_ROW (row));
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
}

gint64
df_project_sidebar_get_next_chapter (DfProjectSidebar *self,
                                     gint64            chapter_id,
                                     gboolean          forward)
{
  GtkWidget *sibling;

  g_return_val_if_fail (DF_IS_PROJECT_SIDEBAR (self), 0);

  sibling = GTK_WIDGET (find_row (self, chapter_id));
  while (sibling != NULL)
    {
      sibling = forward ? gtk_widget_get_next_sibling (sibling) : gtk_widget_get_prev_sibling (sibling);
      if (sibling != NULL && DF_IS_CHAPTER_ROW (sibling) && !df_chapter_row_is_part (DF_CHAPTER_ROW (sibling)))
        return df_chapter_row_get_chapter_id (DF_CHAPTER_ROW (sibling));
    }
  return 0;
}

void
df_project_sidebar_begin_search (DfProjectSidebar *self)
{
  g_return_if_fail (DF_IS_PROJECT_SIDEBAR (self));

  gtk_toggle_button_set_active (self->search_toggle, TRUE);
  df_search_panel_focus (self->search_panel);
}

void
df_project_sidebar_search_again (DfProjectSidebar *self)
{
  g_return_if_fail (DF_IS_PROJECT_SIDEBAR (self));

  df_search_panel_search_again (self->search_panel);
}
