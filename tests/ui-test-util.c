/* ui-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ui-test-util.h"
#include "df-chapter-row.h"
#include "df-project-sidebar.h"
#include "df-worker.h"

static gboolean have_display;

gboolean
ui_test_have_display (void)
{
  return have_display;
}

gboolean
ui_test_init (int    *argc,
              char ***argv)
{
  const char *display = g_getenv ("DISPLAY");

  g_test_init (argc, argv, NULL);

  if (display == NULL || *display == '\0')
    return (have_display = FALSE);

  gtk_init ();
  adw_init ();
  return (have_display = TRUE);
}

gboolean
ui_test_skip_without_display (void)
{
  if (have_display)
    return FALSE;
  g_test_skip ("No display (run under xvfb-run)");
  return TRUE;
}

DfStore *
ui_test_store_new (char **dir_out)
{
  return df_test_store_new ("ui", dir_out, NULL);
}

GtkWidget *
ui_test_window_new (GtkWidget *child,
                    int        width,
                    int        height)
{
  GtkWidget *window = gtk_window_new ();

  g_object_ref_sink (child);
  if (GTK_IS_TEXT_VIEW (child))
    {
      GtkWidget *scrolled = gtk_scrolled_window_new ();

      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), child);
      child = scrolled;
    }
  if (width > 0 || height > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width > 0 ? width : -1, height > 0 ? height : -1);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static gboolean
drawn_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

void
ui_test_save_png (GtkWidget  *widget,
                  const char *name)
{
  const char *dir = g_getenv ("DRAFTFORGE_TEST_SHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (dir == NULL || width <= 0 || height <= 0)
    return;
  {
    gboolean drawn = FALSE;

    /* After a frame: before the first one there is nothing to save. */
    gtk_widget_add_tick_callback (widget, drawn_tick_cb, &drawn, NULL);
    while (!drawn)
      g_main_context_iteration (NULL, TRUE);
    ui_test_next_tick ();
  }
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_printerr ("Nothing to save as %s\n", name);
      return;
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  if (!gdk_texture_save_to_png (texture, path))
    g_printerr ("Could not write %s\n", path);
}

void
ui_test_window_destroy (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  df_test_flush ();
}

GtkWidget *
ui_test_find (GtkWidget  *root,
              GType       type,
              const char *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    {
      const char *id = GTK_IS_BUILDABLE (root) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)) : NULL;

      if (name == NULL ||
          g_strcmp0 (gtk_widget_get_name (root), name) == 0 ||
          g_strcmp0 (id, name) == 0)
        return root;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ui_test_find (child, type, name);
      if (found != NULL)
        return found;
    }

  return NULL;
}

const char *
ui_test_toast_text (GtkWidget *root)
{
  if (g_strcmp0 (gtk_widget_get_css_name (root), "toast") == 0 && gtk_widget_get_visible (root))
    {
      GtkWidget *label = ui_test_find (root, GTK_TYPE_LABEL, NULL);

      return label != NULL ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      const char *text = ui_test_toast_text (child);

      if (text != NULL)
        return text;
    }
  return NULL;
}

/* The shortcut for @key in @controller that activates, or FALSE. */
static gboolean
activate_shortcut_in (GtkShortcutController *controller,
                      GtkShortcutTrigger    *key,
                      GtkWidget             *widget)
{
  GListModel *shortcuts = G_LIST_MODEL (controller);

  for (guint i = 0; i < g_list_model_get_n_items (shortcuts); i++)
    {
      g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (shortcuts, i);

      if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), key) &&
          gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                        gtk_shortcut_get_arguments (shortcut)))
        return TRUE;
    }
  return FALSE;
}

/* The first shortcut controller in @phase on @widget that activates
 * @key. */
static gboolean
activate_in_phase (GtkWidget          *widget,
                   GtkShortcutTrigger *key,
                   GtkPropagationPhase phase)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_SHORTCUT_CONTROLLER (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == phase &&
          activate_shortcut_in (GTK_SHORTCUT_CONTROLLER (controller), key, widget))
        {
          ui_test_flush ();
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
ui_test_press_shortcut (GtkWidget       *focus,
                        guint            keyval,
                        GdkModifierType  state)
{
  g_autoptr(GtkShortcutTrigger) key = gtk_keyval_trigger_new (keyval, state);
  g_autoptr(GPtrArray) path = g_ptr_array_new ();

  /* As a key press goes: down from the window in the capture phase,
   * then up from the focus in the bubble phase. */
  for (GtkWidget *widget = focus; widget != NULL; widget = gtk_widget_get_parent (widget))
    g_ptr_array_add (path, widget);
  for (guint i = path->len; i > 0; i--)
    if (activate_in_phase (g_ptr_array_index (path, i - 1), key, GTK_PHASE_CAPTURE))
      return TRUE;
  for (guint i = 0; i < path->len; i++)
    if (activate_in_phase (g_ptr_array_index (path, i), key, GTK_PHASE_BUBBLE))
      return TRUE;
  return FALSE;
}

GtkWidget *
ui_test_get (GtkWidget  *root,
             GType       type,
             const char *name)
{
  GtkWidget *found = ui_test_find (root, type, name);

  if (found == NULL)
    g_error ("No %s named “%s” in %s", g_type_name (type), name != NULL ? name : "(any)", G_OBJECT_TYPE_NAME (root));
  return found;
}

GPtrArray *
ui_test_own_shortcuts (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  GPtrArray *shortcuts = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        g_ptr_array_add (shortcuts, g_list_model_get_item (G_LIST_MODEL (controller), j));
    }
  return shortcuts;
}

void
ui_test_answer_title_dialog (const char *title)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  dialog = ADW_MESSAGE_DIALOG (ui_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG, 5000));
  entry = adw_message_dialog_get_extra_child (dialog);
  gtk_editable_set_text (GTK_EDITABLE (entry), title);
  adw_message_dialog_response (dialog, "ok");
  gtk_window_close (GTK_WINDOW (dialog));
  ui_test_flush ();
}

GtkWidget *
ui_test_find_button (GtkWidget  *root,
                     const char *label)
{
  if (GTK_IS_BUTTON (root) &&
      (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0 ||
       (gtk_button_get_label (GTK_BUTTON (root)) == NULL && g_strcmp0 (gtk_widget_get_tooltip_text (root), label) == 0)))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ui_test_find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

char *
ui_test_text_of (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

GtkTextIter
ui_test_find_text (GtkWidget  *view,
                   const char *needle)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, match, match_end;

  gtk_text_buffer_get_start_iter (buffer, &start);
  if (!gtk_text_iter_forward_search (&start, needle, 0, &match, &match_end, NULL))
    g_error ("“%s” is not in the %s", needle, G_OBJECT_TYPE_NAME (view));
  return match;
}

GtkWindow *
ui_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
toplevel_shown (gpointer data)
{
  return ui_test_find_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
}

static gboolean
toplevel_gone (gpointer data)
{
  return ui_test_find_toplevel (GPOINTER_TO_SIZE (data)) == NULL;
}

GtkWindow *
ui_test_wait_for_toplevel (GType type,
                           guint timeout_ms)
{
  df_test_wait_until_full (toplevel_shown, GSIZE_TO_POINTER (type), timeout_ms,
                           g_type_name (type), __FILE__, __LINE__, G_STRFUNC);
  return ui_test_find_toplevel (type);
}

void
ui_test_wait_toplevel_gone (GType type,
                            guint timeout_ms)
{
  df_test_wait_until_full (toplevel_gone, GSIZE_TO_POINTER (type), timeout_ms,
                           g_type_name (type), __FILE__, __LINE__, G_STRFUNC);
}

gboolean
ui_test_revealed (GtkWidget  *root,
                  const char *name)
{
  GtkWidget *label = ui_test_get (root, GTK_TYPE_LABEL, name);

  return gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (label, GTK_TYPE_REVEALER)));
}

gboolean
ui_test_can_click (GtkWidget  *root,
                   const char *name)
{
  GtkWidget *button = ui_test_find (root, GTK_TYPE_BUTTON, name);

  return button != NULL && gtk_widget_get_visible (button) && gtk_widget_is_sensitive (button);
}

static gboolean
tick_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
ui_test_next_tick (void)
{
  gboolean ticked = FALSE;

  g_timeout_add (10, tick_cb, &ticked);
  while (!ticked)
    g_main_context_iteration (NULL, TRUE);
}

/* ---- the editor of a project view --------------------------------------- */

void
ui_test_type (DfProjectView *view,
              const char    *text)
{
  GtkWidget *editor = df_project_view_get_editor (view);

  gtk_widget_grab_focus (editor);
  gtk_text_buffer_insert_interactive_at_cursor (gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor)), text, -1, TRUE);
}

char *
ui_test_editor_text (DfProjectView *view)
{
  return df_editor_dup_text (DF_EDITOR (df_project_view_get_editor (view)));
}

gboolean
ui_test_view_saved (gpointer data)
{
  DfDocument *document = df_project_view_get_document (data);

  return !df_document_get_modified (document) && !df_document_get_busy (document);
}

/* ---- the application ------------------------------------------------------ */

static gboolean
window_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

DfApplication *
ui_test_app_launch (const char  *name,
                    DfWindow   **window_out)
{
  static guint launches;
  g_autoptr(GError) error = NULL;
  g_autofree char *app_id = g_strdup_printf ("%s.%s%u", APP_ID, name, ++launches);
  DfApplication *app = df_application_new ();
  GtkWindow *window;

  /* Each launch is its own instance, whatever else runs on the bus. */
  g_application_set_application_id (G_APPLICATION (app), app_id);
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (DF_IS_WINDOW (window));
  ui_test_wait_until (window_mapped, window, 10000);
  *window_out = DF_WINDOW (window);
  return app;
}

void
ui_test_app_quit (DfApplication **app,
                  DfWindow      **window)
{
  if (*window != NULL)
    {
      gtk_window_close (GTK_WINDOW (*window));
      df_test_flush ();
      *window = NULL;
    }
  if (*app != NULL)
    {
      g_application_quit (G_APPLICATION (*app));
      df_test_flush ();
      /* as the application's shutdown does: until its jobs are over
       * (a version of the project closed being saved, a sync stopped),
       * their callbacks run */
      g_assert_true (df_worker_wait_all (30 * G_USEC_PER_SEC));
      df_test_flush ();
      g_clear_object (app);
    }
}

/* ---- the application on a database of its own -------------------------- */

/* What names the test's folder and application: the program's name. */
static char *
test_name (void)
{
  return g_path_get_basename (g_get_prgname ());
}

void
ui_test_app_set_up (UiTestApp     *ui,
                    gconstpointer  data)
{
  g_autofree char *name = test_name ();

  if (!have_display)
    return;

  ui->db_path = df_test_db_path_new (name, &ui->dir);
  g_setenv ("DRAFTFORGE_DB", ui->db_path, TRUE);
  g_setenv ("DRAFTFORGE_NO_ONBOARDING", "1", TRUE);
}

void
ui_test_app_tear_down (UiTestApp     *ui,
                       gconstpointer  data)
{
  if (!have_display)
    return;

  ui_test_app_stop (ui);
  g_clear_pointer (&ui->dir, df_test_tmp_dir_free);
  g_clear_pointer (&ui->db_path, g_free);
}

void
ui_test_app_start (UiTestApp *ui)
{
  g_autofree char *name = test_name ();

  ui->app = ui_test_app_launch (name, &ui->window);
}

void
ui_test_app_stop (UiTestApp *ui)
{
  ui_test_app_quit (&ui->app, &ui->window);
}

DfSession *
ui_test_app_get_session (UiTestApp *ui)
{
  return df_application_get_session (ui->app);
}

DfStore *
ui_test_app_get_store (UiTestApp *ui)
{
  return df_session_get_store (ui_test_app_get_session (ui));
}

gint64
ui_test_app_project_id (UiTestApp  *ui,
                        const char *slug)
{
  g_autoptr(DfProject) project = df_project_get (ui_test_app_get_store (ui), slug, FALSE, NULL);

  g_assert_nonnull (project);
  return project->id;
}

DfChapter *
ui_test_app_get_chapter (UiTestApp  *ui,
                         const char *slug,
                         gint64      number)
{
  g_autoptr(GError) error = NULL;
  DfChapter *chapter = df_chapter_get_by_number (ui_test_app_get_store (ui), ui_test_app_project_id (ui, slug),
                                                 number, &error);

  g_assert_no_error (error);
  return chapter;
}

DfProjectView *
ui_test_app_get_project_view (UiTestApp *ui)
{
  return DF_PROJECT_VIEW (df_window_get_project_view (ui->window));
}

DfProjectView *
ui_test_app_open_project (UiTestApp  *ui,
                          const char *slug)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (df_window_open_project (ui->window, slug, &error));
  g_assert_no_error (error);
  return ui_test_app_get_project_view (ui);
}

typedef struct
{
  DfWindow   *window;
  const char *page;
} PageCheck;

static gboolean
on_page (gpointer data)
{
  PageCheck *check = data;

  return g_strcmp0 (df_window_get_page (check->window), check->page) == 0;
}

void
ui_test_app_wait_for_page (UiTestApp  *ui,
                           const char *page,
                           guint       timeout_ms)
{
  PageCheck check = { ui->window, page };

  df_test_wait_until_full (on_page, &check, timeout_ms, page, __FILE__, __LINE__, G_STRFUNC);
}

static gboolean
restore_offered (gpointer data)
{
  return ui_test_can_click (data, "restore-backup");
}

void
ui_test_app_restore_backup (UiTestApp  *ui,
                            const char *damaged,
                            gsize       damaged_len)
{
  g_autofree char *aside = g_strconcat (ui->db_path, ".unreadable-1", NULL);
  g_autofree char *kept = NULL;
  gsize kept_len;

  ui_test_wait_until (restore_offered, ui->window, 20000);
  gtk_widget_activate_action (GTK_WIDGET (ui->window), "win.restore-backup", NULL);
  ui_test_app_wait_for_page (ui, "library", 20000);
  g_assert_nonnull (ui_test_app_get_store (ui));
  kept = df_test_read_file (aside, &kept_len);
  g_assert_cmpmem (kept, kept_len, damaged, damaged_len);
}

/* ---- the project sidebar ------------------------------------------- */

static GtkListView *
sidebar_list (GtkWidget *view)
{
  return GTK_LIST_VIEW (ui_test_get (ui_test_get (view, DF_TYPE_PROJECT_SIDEBAR, NULL),
                                     GTK_TYPE_LIST_VIEW, "chapters"));
}

guint
ui_test_sidebar_find (GtkWidget  *view,
                      const char *title,
                      gboolean    select)
{
  GListModel *shown = G_LIST_MODEL (gtk_list_view_get_model (sidebar_list (view)));

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(DfSidebarItem) item = g_list_model_get_item (shown, i);

      if (g_strcmp0 (df_sidebar_item_get_title (item), title) == 0)
        {
          if (select)
            gtk_selection_model_select_item (GTK_SELECTION_MODEL (shown), i, TRUE);
          return i;
        }
    }
  g_error ("No row “%s” in the sidebar", title);
}

GtkWidget *
ui_test_sidebar_row (GtkWidget *view,
                     guint      position)
{
  GtkListView *list = sidebar_list (view);
  g_autoptr(DfSidebarItem) wanted = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (list)), position);

  g_assert_nonnull (wanted);
  gtk_widget_activate_action (GTK_WIDGET (list), "list.scroll-to-item", "u", position);
  ui_test_flush ();
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (row != NULL && DF_IS_CHAPTER_ROW (row) && df_chapter_row_get_item (DF_CHAPTER_ROW (row)) == wanted)
        return row;
    }
  g_error ("No widget shows row %u of the sidebar", position);
}

guint
ui_test_sidebar_n_shown (GtkWidget *view,
                         guint     *n_chapters)
{
  GListModel *shown = G_LIST_MODEL (gtk_list_view_get_model (sidebar_list (view)));
  guint n = g_list_model_get_n_items (shown);

  if (n_chapters != NULL)
    {
      *n_chapters = 0;
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(DfSidebarItem) item = g_list_model_get_item (shown, i);
          *n_chapters += !df_sidebar_item_is_part (item);
        }
    }
  return n;
}

static gboolean
chooser_has_file (gpointer data)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (data);
  const char *wanted = g_object_get_data (data, "ui-test-file");
  g_autofree char *path = file ? g_file_get_path (file) : NULL;

  return g_strcmp0 (path, wanted) == 0;
}

void
ui_test_choose_file (GtkWidget  *owner,
                     const char *path)
{
  GtkNativeDialog *chooser = g_object_get_data (G_OBJECT (owner), "df-file-chooser");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (chooser);
  g_object_ref (chooser);
  gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, &error);
  g_assert_no_error (error);
  /* the dialog selects it once it has read the folder */
  g_object_set_data_full (G_OBJECT (chooser), "ui-test-file", g_strdup (path), g_free);
  ui_test_wait_until (chooser_has_file, chooser, 10000);
  gtk_native_dialog_hide (chooser);
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
  /* its dialog, with the window it stands over, gone with it */
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}
