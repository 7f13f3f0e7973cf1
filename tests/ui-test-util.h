/* ui-test-util.h: helpers for tests that drive real widgets
 *
 * Over the helpers every suite has (df-test-util.h).  A widget test owns
 * the widget it makes, as libadwaita's tests do: ui_test_window_new ()
 * takes a reference on the view it shows, and the test ends with
 * ui_test_window_destroy () and g_assert_finalize_object () on the view,
 * so that a view something still holds fails the test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "df-application.h"
#include "df-editor.h"
#include "df-project-view.h"
#include "df-store.h"
#include "df-test-util.h"
#include "df-window.h"

G_BEGIN_DECLS

/* gtk_init + adw_init when a display is there; FALSE (and the tests
 * should all skip) without one. */
gboolean       ui_test_init                 (int          *argc,
                                             char       ***argv);
gboolean       ui_test_have_display         (void);
/* TRUE, and the test skipped, when there is no display. */
gboolean       ui_test_skip_without_display (void);

/* df_test_wait_until () with a safety net of @timeout_ms milliseconds
 * instead of DF_TEST_WAIT_MS. */
#define ui_test_wait_until(condition, data, timeout_ms) \
  df_test_wait_until_full ((condition), (data), (timeout_ms), #condition, __FILE__, __LINE__, G_STRFUNC)
/* Runs the main context until nothing is pending. */
#define ui_test_flush() df_test_flush ()

/* A fresh database in a new temporary folder (@dir_out): close the store,
 * then remove the folder with df_test_tmp_dir_free (). */
DfStore       *ui_test_store_new            (char        **dir_out);

/* A window of @width x @height (0: GTK's choice) showing @child (in a
 * scrolled window if it is a text view, which would otherwise make the
 * window as tall as its text), presented.  GTK owns the window; the
 * caller gets a reference on @child (g_object_ref_sink), to drop with
 * g_assert_finalize_object () after ui_test_window_destroy (). */
GtkWidget     *ui_test_window_new           (GtkWidget    *child,
                                             int           width,
                                             int           height);
/* Saves what @widget shows as NAME.png in $DRAFTFORGE_TEST_SHOTS, if
 * set: for a person to look at what a test saw. */
void           ui_test_save_png             (GtkWidget    *widget,
                                             const char   *name);
/* Destroys @window and dispatches what that queued, so that the widgets
 * it held are let go. */
void           ui_test_window_destroy       (GtkWidget    *window);

/* The first descendant of @root (depth first) of @type whose widget name
 * or buildable id is @name (NULL: any), or NULL. */
GtkWidget     *ui_test_find                 (GtkWidget    *root,
                                             GType         type,
                                             const char   *name);
/* The same, failing the test when there is none. */
GtkWidget     *ui_test_get                  (GtkWidget    *root,
                                             GType         type,
                                             const char   *name);
/* The shortcuts (GtkShortcut, a reference each) of @widget's own
 * shortcut controllers, not its children's: its class's bindings and
 * those added to it. */
GPtrArray     *ui_test_own_shortcuts        (GtkWidget    *widget);
/* Answers the AdwMessageDialog that asks for a title (a new chapter's,
 * part's, a rename) with @title, as a user would: typed, then OK. */
void           ui_test_answer_title_dialog  (const char   *title);
/* The first button under @root (depth first) labelled @label (an icon
 * button: whose tooltip is @label), or NULL: a toast's or a banner's,
 * which have no name. */
GtkWidget     *ui_test_find_button          (GtkWidget    *root,
                                             const char   *label);
/* The title of the first toast shown under @root (depth first), or NULL. */
const char    *ui_test_toast_text           (GtkWidget    *root);
/* All the text in the buffer of @view (a GtkTextView). */
char          *ui_test_text_of              (GtkWidget    *view);
/* The iter at the start of the first @needle in the buffer of @view (a
 * GtkTextView); fails the test when it is not there. */
GtkTextIter    ui_test_find_text            (GtkWidget    *view,
                                             const char   *needle);
/* The first visible toplevel window of @type, or NULL. */
GtkWindow     *ui_test_find_toplevel        (GType         type);
/* Waits (at most @timeout_ms) for a toplevel window of @type to show,
 * and returns it. */
GtkWindow     *ui_test_wait_for_toplevel    (GType         type,
                                             guint         timeout_ms);
/* Waits (at most @timeout_ms) until no toplevel window of @type shows. */
void           ui_test_wait_toplevel_gone   (GType         type,
                                             guint         timeout_ms);
/* Is the label named @name in @root (with its bar) revealed? */
gboolean       ui_test_revealed             (GtkWidget    *root,
                                             const char   *name);
/* Is the button named @name in @root there, shown and sensitive? */
gboolean       ui_test_can_click            (GtkWidget    *root,
                                             const char   *name);
/* What a press of @keyval with @state does with the keyboard focus in
 * @focus, as GTK dispatches it to shortcuts: the first shortcut for the
 * key in the capture phase, from the window down to @focus, then in the
 * bubble phase, from @focus up to its window, is activated.  FALSE when
 * none takes it.  (Key controllers that are not shortcuts are not
 * asked.) */
gboolean       ui_test_press_shortcut       (GtkWidget       *focus,
                                             guint            keyval,
                                             GdkModifierType  state);
/* Runs the main loop until a 10 ms timeout fires: one turn that shows
 * the loop is not held up. */
void           ui_test_next_tick            (void);

/* ---- the editor of a project view --------------------------------------- */

/* Types @text at the cursor of @view's editor, as a user would. */
void           ui_test_type                 (DfProjectView *view,
                                             const char    *text);
/* The text in @view's editor. */
char          *ui_test_editor_text          (DfProjectView *view);
/* For ui_test_wait_until (): is the chapter open in the DfProjectView
 * @data saved, with no save running? */
gboolean       ui_test_view_saved           (gpointer      data);

/* A DfApplication of its own (an application id made of @name and a
 * count, not unique on the session bus), registered and activated, its
 * window (in @window_out) mapped. */
DfApplication *ui_test_app_launch           (const char   *name,
                                             DfWindow    **window_out);
/* Closes *@window as a user would, quits *@app and drops it; either may
 * be NULL already. */
void           ui_test_app_quit             (DfApplication **app,
                                             DfWindow      **window);

/* ---- the application on a database of its own -------------------------- */

/* A fixture for g_test_add (), or the first member of one: a database
 * of its own, draftforge.db in a new temporary folder, which
 * DRAFTFORGE_DB names; the application and its window while it runs,
 * never showing the first start's questions (DRAFTFORGE_NO_ONBOARDING). */
typedef struct
{
  char          *dir;
  char          *db_path;
  DfApplication *app;
  DfWindow      *window;
} UiTestApp;

/* Nothing without a display. */
void           ui_test_app_set_up           (UiTestApp     *ui,
                                             gconstpointer  data);
/* Quits the application if it runs, and removes the folder. */
void           ui_test_app_tear_down        (UiTestApp     *ui,
                                             gconstpointer  data);
/* Launches the application (ui_test_app_launch ()) on the database. */
void           ui_test_app_start            (UiTestApp     *ui);
/* Closes the window and quits, as ui_test_app_quit () does. */
void           ui_test_app_stop             (UiTestApp     *ui);
DfSession     *ui_test_app_get_session      (UiTestApp     *ui);
/* The store of the running application (NULL on the error page). */
DfStore       *ui_test_app_get_store        (UiTestApp     *ui);
DfProjectView *ui_test_app_get_project_view (UiTestApp     *ui);
/* The id of the project @slug in the running application's store. */
gint64         ui_test_app_project_id       (UiTestApp     *ui,
                                             const char    *slug);
/* Chapter @number of the project @slug, read from the store. */
DfChapter     *ui_test_app_get_chapter      (UiTestApp     *ui,
                                             const char    *slug,
                                             gint64         number);
/* Opens the project @slug in the window; its view. */
DfProjectView *ui_test_app_open_project     (UiTestApp     *ui,
                                             const char    *slug);
/* Waits (at most @timeout_ms) for the window to show @page. */
void           ui_test_app_wait_for_page    (UiTestApp     *ui,
                                             const char    *page,
                                             guint          timeout_ms);
/* Opens the backup the error page offers first, once it is checked, and
 * waits for the library; the damaged database must be kept beside the
 * restored one byte for byte (@damaged, @damaged_len). */
void           ui_test_app_restore_backup   (UiTestApp     *ui,
                                             const char    *damaged,
                                             gsize          damaged_len);

/* The project sidebar's list (a GtkListView over parts and chapters):
 * the position among the rows shown of the first row titled @title
 * (fails the test when there is none), selecting it as a click does
 * when @select. */
guint          ui_test_sidebar_find         (GtkWidget    *view,
                                             const char   *title,
                                             gboolean      select);
/* The row widget (a DfChapterRow) showing position @position of the
 * sidebar's list, scrolled into sight; fails the test when it has none. */
GtkWidget     *ui_test_sidebar_row          (GtkWidget    *view,
                                             guint         position);
/* How many parts and chapters the sidebar's list shows (filtered and
 * folded ones left out), and how many of them are chapters. */
guint          ui_test_sidebar_n_shown      (GtkWidget    *view,
                                             guint        *n_chapters);

/* The file chooser df_choose_file opened above @owner answered as a
 * person would: @path chosen and accepted (the test fails when none is
 * open). */
void           ui_test_choose_file          (GtkWidget    *owner,
                                             const char   *path);

G_END_DECLS
