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
  GtkWidget            parent_instance;

  DfSession           *session;
  gint64               project_id;
  gint64               chapter_id;      /* the open chapter's row is selected */
  guint                n_chapters;
  GPtrArray           *filter_labels;   /* the label names the filter offers */
  GHashTable          *collapsed;       /* ids of the parts folded shut */
  GListStore          *items;           /* DfSidebarItem: parts and chapters */
  GtkCustomFilter     *filter;
  GtkSingleSelection  *selection;       /* over the items the filter keeps */
  gint64               part_clicked_at; /* a part folded by a click, when */
  GtkWidget           *item_menu;       /* the chapter menu, at a row */

  /* template */
  GtkDropDown         *chapter_filter;
  GtkListView         *chapter_list;
  GMenuModel          *chapter_menu;
  GMenuModel          *part_menu;
  GtkWidget           *main_box;
  DfSearchPanel       *search_panel;
  GtkToggleButton     *search_toggle;
  GtkStack            *stack;
};

G_DEFINE_FINAL_TYPE (DfProjectSidebar, df_project_sidebar, GTK_TYPE_WIDGET)

/* The item of @chapter_id among all of them (@position set) or NULL. */
static DfSidebarItem *
find_item (DfProjectSidebar *self,
           gint64            chapter_id,
           guint            *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  for (guint i = 0; chapter_id != 0 && i < n; i++)
    {
      g_autoptr(DfSidebarItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (df_sidebar_item_get_chapter_id (item) == chapter_id)
        {
          if (position != NULL)
            *position = i;
          return item;   /* the store holds it */
        }
    }
  return NULL;
}

/* Where @chapter_id's row is among those shown, or GTK_INVALID_LIST_POSITION. */
static guint
shown_position (DfProjectSidebar *self,
                gint64            chapter_id)
{
  GListModel *shown = gtk_single_selection_get_model (self->selection);
  guint n = g_list_model_get_n_items (shown);

  for (guint i = 0; chapter_id != 0 && i < n; i++)
    {
      g_autoptr(DfSidebarItem) item = g_list_model_get_item (shown, i);

      if (df_sidebar_item_get_chapter_id (item) == chapter_id)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
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
keep_item (gpointer object,
           gpointer data)
{
  DfProjectSidebar *self = data;
  DfSidebarItem *item = object;
  guint chosen = gtk_drop_down_get_selected (self->chapter_filter);
  guint n_statuses = g_strv_length ((char **)df_chapter_statuses);

  if (df_sidebar_item_is_part (item))
    return TRUE;
  /* A folded part hides its chapters, but never the open one. */
  if (df_sidebar_item_get_part_id (item) != 0 &&
      df_sidebar_item_get_chapter_id (item) != self->chapter_id &&
      g_hash_table_contains (self->collapsed, GSIZE_TO_POINTER (df_sidebar_item_get_part_id (item))))
    return FALSE;
  if (chosen == GTK_INVALID_LIST_POSITION || chosen == 0)
    return TRUE;
  if (chosen <= n_statuses)
    return g_strcmp0 (df_sidebar_item_get_status (item), df_chapter_statuses[chosen - 1]) == 0;
  if (chosen - n_statuses - 1 < self->filter_labels->len)
    return df_sidebar_item_has_label (item, g_ptr_array_index (self->filter_labels, chosen - n_statuses - 1));
  return TRUE;
}

/* Puts @fresh in the list: the rows before and after the first
 * difference stay (and take their new details), so the list keeps its
 * place, its selection and its widgets after a small change. */
static void
merge_items (DfProjectSidebar *self,
             GPtrArray        *fresh)
{
  GListModel *model = G_LIST_MODEL (self->items);
  guint n_old = g_list_model_get_n_items (model);
  guint head = 0, tail = 0;

  for (; head < n_old && head < fresh->len; head++)
    {
      g_autoptr(DfSidebarItem) old = g_list_model_get_item (model, head);

      if (!df_sidebar_item_same (old, fresh->pdata[head]))
        break;
      df_sidebar_item_update (old, fresh->pdata[head]);
    }
  for (; tail < n_old - head && tail < fresh->len - head; tail++)
    {
      g_autoptr(DfSidebarItem) old = g_list_model_get_item (model, n_old - 1 - tail);

      if (!df_sidebar_item_same (old, fresh->pdata[fresh->len - 1 - tail]))
        break;
      df_sidebar_item_update (old, fresh->pdata[fresh->len - 1 - tail]);
    }
  if (head + tail < n_old || head + tail < fresh->len)
    g_list_store_splice (self->items, head, n_old - head - tail,
                         fresh->pdata + head, fresh->len - head - tail);
}

/* Folds a part's chapters away, or opens them again. */
static void
toggle_part (DfProjectSidebar *self,
             DfSidebarItem    *item)
{
  gpointer part = GSIZE_TO_POINTER (df_sidebar_item_get_part_id (item));
  gboolean fold = !g_hash_table_contains (self->collapsed, part);

  if (fold)
    g_hash_table_add (self->collapsed, part);
  else
    g_hash_table_remove (self->collapsed, part);
  df_sidebar_item_set_folded (item, fold);
  gtk_filter_changed (GTK_FILTER (self->filter), fold ? GTK_FILTER_CHANGE_MORE_STRICT : GTK_FILTER_CHANGE_LESS_STRICT);
}

static void
activate_item (DfProjectSidebar *self,
               DfSidebarItem    *item)
{
  if (df_sidebar_item_is_part (item))
    toggle_part (self, item);
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "project.open-chapter", "x",
                                df_sidebar_item_get_chapter_id (item));
}

/* Where @item is among the rows shown, or GTK_INVALID_LIST_POSITION. */
static guint
item_position (DfProjectSidebar *self,
               DfSidebarItem    *item)
{
  GListModel *shown = gtk_single_selection_get_model (self->selection);
  guint n = g_list_model_get_n_items (shown);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DfSidebarItem) other = g_list_model_get_item (shown, i);

      if (other == item)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* The row widget showing @item, if it is in sight. */
static GtkWidget *
item_row (DfProjectSidebar *self,
          DfSidebarItem    *item)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->chapter_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (row != NULL && DF_IS_CHAPTER_ROW (row) && df_chapter_row_get_item (DF_CHAPTER_ROW (row)) == item)
        return row;
    }
  return NULL;
}

/* The chapter menu (the ⋮ button's) at @item's row, or the part menu at
 * a part's, @x and @y in @row (its middle when @row is NULL).  The row
 * is selected first and its chapter opened, as a click does: the menu's
 * actions take the selected part or chapter, or the open chapter. */
static void
popup_item_menu (DfProjectSidebar *self,
                 DfSidebarItem    *item,
                 GtkWidget        *row,
                 double            x,
                 double            y)
{
  guint position = item_position (self, item);
  GdkRectangle at = { 0, 0, 1, 1 };
  double sx = 0, sy = 0;

  if (position == GTK_INVALID_LIST_POSITION)
    return;
  gtk_single_selection_set_selected (self->selection, position);
  if (!df_sidebar_item_is_part (item))
    activate_item (self, item);

  if (row == NULL && (row = item_row (self, item)) != NULL)
    {
      x = gtk_widget_get_width (row) / 2.0;
      y = gtk_widget_get_height (row) / 2.0;
    }
  if (row != NULL)
    {
#if GTK_CHECK_VERSION (4, 12, 0)
      graphene_point_t point;

      if (gtk_widget_compute_point (row, GTK_WIDGET (self), &GRAPHENE_POINT_INIT (x, y), &point))
        sx = point.x, sy = point.y;
#else
      gtk_widget_translate_coordinates (row, GTK_WIDGET (self), x, y, &sx, &sy);
#endif
    }
  at.x = (int)sx;
  at.y = (int)sy;
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->item_menu),
                                   df_sidebar_item_is_part (item) ? self->part_menu : self->chapter_menu);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->item_menu), &at);
  gtk_popover_popup (GTK_POPOVER (self->item_menu));
}

/* ---- callbacks ------------------------------------------------------- */

static void
filter_changed (DfProjectSidebar *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static GdkContentProvider *
drag_prepare (GtkDragSource *source,
              double         x,
              double         y,
              DfChapterRow  *row)
{
  DfSidebarItem *item = df_chapter_row_get_item (row);
  GValue value = G_VALUE_INIT;
  GdkContentProvider *provider;

  if (item == NULL || df_sidebar_item_is_part (item))
    return NULL;
  g_value_init (&value, G_TYPE_INT64);
  g_value_set_int64 (&value, df_sidebar_item_get_chapter_id (item));
  provider = gdk_content_provider_new_for_value (&value);
  g_value_unset (&value);
  return provider;
}

/* A chapter dropped on a part joins it; on a chapter, takes its place. */
static gboolean
row_drop (GtkDropTarget *target,
          const GValue  *value,
          double         x,
          double         y,
          DfChapterRow  *row)
{
  DfProjectSidebar *self = DF_PROJECT_SIDEBAR (gtk_widget_get_ancestor (GTK_WIDGET (row), DF_TYPE_PROJECT_SIDEBAR));
  DfSidebarItem *item = df_chapter_row_get_item (row);
  gint64 chapter = g_value_get_int64 (value);
  g_autoptr(GError) error = NULL;
  DfStore *store;
  gboolean ok;

  if (self == NULL || item == NULL || (store = df_session_get_store (self->session)) == NULL)
    return FALSE;

  if (df_sidebar_item_is_part (item))
    ok = df_chapter_move_to_part (store, chapter, df_sidebar_item_get_part_id (item), 0, &error);
  else
    ok = df_chapter_move (store, chapter, df_sidebar_item_get_number (item), &error);

  if (!ok)
    df_page_show_toast (GTK_WIDGET (self), error->message);
  df_project_sidebar_reload (self);
  return ok;
}

/* One click opens a chapter, or folds a part (as the list's own
 * activation does from the keyboard or on a double click); a right
 * click shows the chapter menu at the pointer. */
static void
row_clicked (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             DfChapterRow    *row)
{
  DfProjectSidebar *self = DF_PROJECT_SIDEBAR (gtk_widget_get_ancestor (GTK_WIDGET (row), DF_TYPE_PROJECT_SIDEBAR));
  DfSidebarItem *item = df_chapter_row_get_item (row);

  if (self == NULL || item == NULL || n_press != 1)
    return;
  if (gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (gesture)) == GDK_BUTTON_SECONDARY)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      popup_item_menu (self, item, GTK_WIDGET (row), x, y);
      return;
    }
  if (df_sidebar_item_is_part (item))
    self->part_clicked_at = g_get_monotonic_time ();
  activate_item (self, item);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           DfProjectSidebar         *self)
{
  GtkWidget *row = df_chapter_row_new ();
  GtkDragSource *drag = gtk_drag_source_new ();
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_INT64, GDK_ACTION_MOVE);
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
  g_signal_connect_object (drag, "prepare", G_CALLBACK (drag_prepare), row, 0);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drag));
  g_signal_connect_object (drop, "drop", G_CALLBACK (row_drop), row, 0);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drop));
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "released", G_CALLBACK (row_clicked), row, 0);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (click));
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (click, "pressed", G_CALLBACK (row_clicked), row, 0);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (click));
  gtk_list_item_set_child (list_item, row);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          DfProjectSidebar         *self)
{
  df_chapter_row_set_item (DF_CHAPTER_ROW (gtk_list_item_get_child (list_item)),
                           gtk_list_item_get_item (list_item));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            DfProjectSidebar         *self)
{
  df_chapter_row_set_item (DF_CHAPTER_ROW (gtk_list_item_get_child (list_item)), NULL);
}

/* Enter on a row, or a double click. */
static void
list_activated (DfProjectSidebar *self,
                guint             position)
{
  g_autoptr(DfSidebarItem) item = g_list_model_get_item (gtk_single_selection_get_model (self->selection), position);
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (self));
  int double_click_ms = 400;

  if (item == NULL)
    return;
  g_object_get (settings, "gtk-double-click-time", &double_click_ms, NULL);
  /* The double click's first click folded the part already. */
  if (df_sidebar_item_is_part (item) &&
      g_get_monotonic_time () - self->part_clicked_at < (gint64)double_click_ms * 1000)
    return;
  activate_item (self, item);
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
  if (keyval == GDK_KEY_Menu ||
      (keyval == GDK_KEY_F10 && (state & GDK_MODIFIER_MASK) == GDK_SHIFT_MASK))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "sidebar.item-menu", NULL);
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

/* The Menu key or Shift+F10 on the list: the chapter menu at the
 * selected row (or the open chapter's). */
static void
item_menu_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  DfProjectSidebar *self = DF_PROJECT_SIDEBAR (widget);
  DfSidebarItem *item = df_project_sidebar_get_selected (self);

  if (item != NULL)
    popup_item_menu (self, item, NULL, 0, 0);
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
  if (find_item (self, self->chapter_id, NULL) != NULL)
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

  g_clear_pointer (&self->item_menu, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), DF_TYPE_PROJECT_SIDEBAR);
  g_clear_object (&self->session);
  g_clear_pointer (&self->filter_labels, g_ptr_array_unref);
  g_clear_pointer (&self->collapsed, g_hash_table_unref);
  g_clear_object (&self->items);
  g_clear_object (&self->filter);
  g_clear_object (&self->selection);

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
  gtk_widget_class_bind_template_child (widget_class, DfProjectSidebar, chapter_menu);
  gtk_widget_class_bind_template_child (widget_class, DfProjectSidebar, part_menu);
  gtk_widget_class_bind_template_child (widget_class, DfProjectSidebar, main_box);
  gtk_widget_class_bind_template_child (widget_class, DfProjectSidebar, search_panel);
  gtk_widget_class_bind_template_child (widget_class, DfProjectSidebar, search_toggle);
  gtk_widget_class_bind_template_child (widget_class, DfProjectSidebar, stack);
  gtk_widget_class_bind_template_callback (widget_class, list_activated);
  gtk_widget_class_bind_template_callback (widget_class, list_key_pressed);
  gtk_widget_class_bind_template_callback (widget_class, search_result_activated);
  gtk_widget_class_bind_template_callback (widget_class, search_toggled);

  gtk_widget_class_install_action (widget_class, "sidebar.end-search", NULL, end_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "sidebar.end-search", NULL);
  gtk_widget_class_install_action (widget_class, "sidebar.item-menu", NULL, item_menu_action);
}

static void
df_project_sidebar_init (DfProjectSidebar *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkFilterListModel *shown;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sidebar.end-search", FALSE);
  self->item_menu = gtk_popover_menu_new_from_model (self->chapter_menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->item_menu), FALSE);
  gtk_widget_set_halign (self->item_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->item_menu, GTK_WIDGET (self));

  self->filter_labels = g_ptr_array_new_with_free_func (g_free);
  self->collapsed = g_hash_table_new (NULL, NULL);
  fill_filter (self, NULL);

  /* Only the rows in sight are widgets: a book of thousands of chapters
   * opens as fast as a short one. */
  self->items = g_list_store_new (DF_TYPE_SIDEBAR_ITEM);
  self->filter = gtk_custom_filter_new (keep_item, self, NULL);
  shown = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->items)),
                                     GTK_FILTER (g_object_ref (self->filter)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (shown));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_row), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_row), self, 0);
  gtk_list_view_set_factory (self->chapter_list, factory);
  gtk_list_view_set_model (self->chapter_list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->chapter_filter, "notify::selected", G_CALLBACK (filter_changed), self,
                           G_CONNECT_SWAPPED);
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

  if (self->project_id != project_id)
    {
      /* Another book: none of the rows stands for it. */
      g_list_store_remove_all (self->items);
      g_hash_table_remove_all (self->collapsed);
      self->n_chapters = 0;
    }
  self->project_id = project_id;
  self->chapter_id = 0;
  df_search_panel_set_project (self->search_panel,
                               df_session_get_db_path (self->session),
                               project_id);
  gtk_toggle_button_set_active (self->search_toggle, FALSE);
}

/* The labels of each chapter, by chapter id (@assigned is in chapter order). */
static GHashTable *
labels_by_chapter (GPtrArray *assigned)
{
  GHashTable *by_chapter = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                  (GDestroyNotify)g_ptr_array_unref);

  for (guint i = 0; i < assigned->len; i++)
    {
      DfLabel *label = g_ptr_array_index (assigned, i);
      GPtrArray *list = g_hash_table_lookup (by_chapter, &label->chapter_id);

      if (list == NULL)
        g_hash_table_insert (by_chapter, &label->chapter_id, list = g_ptr_array_new ());
      g_ptr_array_add (list, label);
    }
  return by_chapter;
}

/* The list as the book stands: parts with their chapters, in order, then
 * the parts without chapters, so they can be filled. */
static GPtrArray *
build_items (DfProjectSidebar *self,
             GPtrArray        *chapters,
             GPtrArray        *parts,
             GPtrArray        *assigned)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) shown = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) labels = labels_by_chapter (assigned);
  gint64 last_part = 0;

  for (guint i = 0; i < parts->len; i++)
    {
      DfPart *part = g_ptr_array_index (parts, i);
      g_hash_table_insert (by_id, &part->id, part);
    }
  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *c = g_ptr_array_index (chapters, i);
      DfPart *part;

      if (c->part_id != last_part && c->part_id != 0 &&
          (part = g_hash_table_lookup (by_id, &c->part_id)) != NULL)
        {
          DfSidebarItem *item = df_sidebar_item_new_part (part->id, part->title);

          df_sidebar_item_set_folded (item, g_hash_table_contains (self->collapsed, GSIZE_TO_POINTER (part->id)));
          g_ptr_array_add (items, item);
          g_hash_table_add (shown, &part->id);
        }
      last_part = c->part_id;
      g_ptr_array_add (items, df_sidebar_item_new_chapter (c, g_hash_table_lookup (labels, &c->id)));
    }
  for (guint i = 0; i < parts->len; i++)
    {
      DfPart *part = g_ptr_array_index (parts, i);
      if (!g_hash_table_contains (shown, &part->id))
        g_ptr_array_add (items, df_sidebar_item_new_part (part->id, part->title));
    }
  return items;
}

void
df_project_sidebar_reload (DfProjectSidebar *self)
{
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) assigned = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  DfStore *store = df_session_get_store (self->session);

  g_return_if_fail (DF_IS_PROJECT_SIDEBAR (self));

  if (self->project_id == 0 || store == NULL)
    {
      g_list_store_remove_all (self->items);
      self->n_chapters = 0;
      return;
    }

  chapters = df_chapter_list_brief (store, self->project_id, &error);
  parts = chapters != NULL ? df_part_list (store, self->project_id, &error) : NULL;
  labels = parts != NULL ? df_label_list (store, self->project_id, &error) : NULL;
  assigned = labels != NULL ? df_label_list_assigned (store, self->project_id, &error) : NULL;
  if (chapters == NULL || parts == NULL || assigned == NULL)
    {
      df_page_show_toast (GTK_WIDGET (self), error->message);
      return;
    }

  items = build_items (self, chapters, parts, assigned);
  merge_items (self, items);
  self->n_chapters = chapters->len;
  fill_filter (self, labels);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
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
  g_return_if_fail (DF_IS_PROJECT_SIDEBAR (self));

  self->chapter_id = chapter_id;
  gtk_single_selection_set_selected (self->selection, shown_position (self, chapter_id));
}

DfSidebarItem *
df_project_sidebar_get_selected (DfProjectSidebar *self)
{
  DfSidebarItem *item;

  g_return_val_if_fail (DF_IS_PROJECT_SIDEBAR (self), NULL);

  item = gtk_single_selection_get_selected_item (self->selection);
  return item != NULL ? item : find_item (self, self->chapter_id, NULL);
}

/* The list's child that holds @chapter_id's row, if it is in sight. */
static GtkWidget *
find_row_widget (DfProjectSidebar *self,
                 gint64            chapter_id)
{
  DfSidebarItem *item = find_item (self, chapter_id, NULL);
  GtkWidget *row = item != NULL ? item_row (self, item) : NULL;

  return row != NULL ? gtk_widget_get_parent (row) : NULL;
}

void
df_project_sidebar_focus_chapter (DfProjectSidebar *self,
                                  gint64            chapter_id)
{
  guint position;
  GtkWidget *row;

  g_return_if_fail (DF_IS_PROJECT_SIDEBAR (self));

  if ((position = shown_position (self, chapter_id)) == GTK_INVALID_LIST_POSITION)
    return;
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->chapter_list), "list.scroll-to-item", "u", position);
  if ((row = find_row_widget (self, chapter_id)) != NULL)
    gtk_widget_grab_focus (row);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->chapter_list));
}

DfSidebarItem *
df_project_sidebar_get_neighbour (DfProjectSidebar *self,
                                  DfSidebarItem    *item,
                                  gboolean          down)
{
  GListModel *model;
  guint position = 0, n;

  g_return_val_if_fail (DF_IS_PROJECT_SIDEBAR (self), NULL);
  g_return_val_if_fail (DF_IS_SIDEBAR_ITEM (item), NULL);

  model = G_LIST_MODEL (self->items);
  n = g_list_model_get_n_items (model);
  if (!g_list_store_find (self->items, item, &position) ||
      (down ? position + 1 >= n : position == 0))
    return NULL;
  {
    g_autoptr(DfSidebarItem) next = g_list_model_get_item (model, down ? position + 1 : position - 1);
    return next;   /* the store holds it */
  }
}

gint64
df_project_sidebar_get_next_chapter (DfProjectSidebar *self,
                                     gint64            chapter_id,
                                     gboolean          forward)
{
  GListModel *model;
  guint position = 0, n;

  g_return_val_if_fail (DF_IS_PROJECT_SIDEBAR (self), 0);

  model = G_LIST_MODEL (self->items);
  n = g_list_model_get_n_items (model);
  if (find_item (self, chapter_id, &position) == NULL)
    return 0;
  while (forward ? ++position < n : position-- > 0)
    {
      g_autoptr(DfSidebarItem) item = g_list_model_get_item (model, position);

      if (!df_sidebar_item_is_part (item))
        return df_sidebar_item_get_chapter_id (item);
    }
  return 0;
}

void
df_project_sidebar_set_chapter_words (DfProjectSidebar *self,
                                      gint64            chapter_id,
                                      gint64            words)
{
  DfSidebarItem *item;

  g_return_if_fail (DF_IS_PROJECT_SIDEBAR (self));

  if ((item = find_item (self, chapter_id, NULL)) != NULL)
    df_sidebar_item_set_words (item, words);
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
