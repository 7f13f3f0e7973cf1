/* df-project-view-sync.c: changes made elsewhere to the open project
 *
 * Another program (the command line, a sync) may write to the database
 * while the window shows a chapter.  While the view is on screen it
 * holds the session's watch, and when another connection has committed:
 *
 *   - the chapter list is listed again if what it shows changed (its
 *     outline: parts, chapters, titles, order), and the titles with it;
 *     an open chapter deleted elsewhere, with nothing unsaved, is closed;
 *   - the open chapter, if its hash is not the one of the text the
 *     document last loaded or saved: with nothing unsaved it is reloaded
 *     (only what differs is replaced, so the cursor and the view stay
 *     with the text around them; not an edit to undo); with unsaved text
 *     it is saved at once, and the save keeps both
 *     (df_chapter_save_merging: the other text becomes a conflict
 *     revision), after which the banner says so and offers to compare.
 *     While a save runs the check waits for it, since the save checks
 *     its base itself.
 *
 * A window that comes back to the front looks at once, and retries a
 * save that failed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-project"

#include "config.h"

#include <glib/gi18n.h>

#include "df-model.h"
#include "df-project-view-private.h"

static void
show_banner (DfProjectView *self,
             gint64         revision_id,
             const char    *message)
{
  self->conflict_revision_id = revision_id;
  gtk_label_set_text (self->conflict_label, message);
  gtk_revealer_set_reveal_child (self->conflict_revealer, revision_id != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.compare-conflict", revision_id != 0);
}

static void
hide_banner (DfProjectView *self)
{
  self->conflict_revision_id = 0;
  gtk_revealer_set_reveal_child (self->conflict_revealer, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.compare-conflict", FALSE);
}

/* The open chapter as the database has it now, or NULL when it was
 * deleted meanwhile (the chapter list says so). */
static DfChapter *
load_again (DfProjectView *self)
{
  DfChapter *chapter;

  chapter = df_chapter_get (df_session_get_store (self->session), df_document_get_chapter_id (self->document), NULL);
  if (chapter == NULL)
    return NULL;
  df_document_reload (self->document, chapter);
  self->chapter_words = chapter->words;
  _df_project_view_set_chapter_title (self, chapter->title);
  _df_project_view_emit_chapter_changed (self, chapter->id);
  return chapter;
}

/* Another program saved the open chapter, and nothing here is unsaved. */
static void
reload_chapter (DfProjectView *self)
{
  g_autoptr(DfChapter) chapter = load_again (self);
  g_autofree char *message = NULL;

  if (chapter == NULL)
    return;
  message = g_strdup_printf (_("“%s” was changed by another program; this is its new text"), chapter->title);
  df_page_show_toast (GTK_WIDGET (self), message);
}

void
_df_project_view_reload_open_chapter (DfProjectView *self)
{
  g_autofree char *hash = NULL;
  g_autoptr(DfChapter) chapter = NULL;
  gint64 chapter_id = df_document_get_chapter_id (self->document);

  if (chapter_id == 0 || df_document_get_busy (self->document) || df_document_get_modified (self->document))
    return;
  hash = df_chapter_dup_hash (df_session_get_store (self->session), chapter_id, NULL);
  if (hash != NULL && g_strcmp0 (hash, df_document_get_saved_hash (self->document)) != 0)
    chapter = load_again (self);
}

/* Is the open chapter's text still the one the document last loaded or
 * saved? */
static void
check_open_chapter (DfProjectView *self)
{
  g_autofree char *hash = NULL;
  gint64 chapter_id = df_document_get_chapter_id (self->document);

  if (chapter_id == 0)
    return;

  /* The save checks its base itself; look again after it. */
  if (df_document_get_busy (self->document))
    {
      self->check_after_save = TRUE;
      return;
    }

  /* A read: it never waits for another program's write lock. */
  hash = df_chapter_dup_hash (df_session_get_store (self->session), chapter_id, NULL);
  if (hash == NULL || g_strcmp0 (hash, df_document_get_saved_hash (self->document)) == 0)
    return;

  if (df_document_get_modified (self->document))
    /* Keeps both: "conflict" follows. */
    df_document_save_async (self->document, NULL, NULL, NULL);
  else
    reload_chapter (self);
}

/* The open chapter's title now, or NULL when it is no longer in @chapters. */
static const char *
find_title (GPtrArray *chapters,
            gint64     chapter_id)
{
  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *chapter = g_ptr_array_index (chapters, i);

      if (chapter->id == chapter_id)
        return chapter->title;
    }
  return NULL;
}

/* Lists the chapters again if what the list shows changed elsewhere. */
static void
check_outline (DfProjectView *self)
{
  DfStore *store = df_session_get_store (self->session);
  gint64 chapter_id = df_document_get_chapter_id (self->document);
  g_autoptr(DfProject) project = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autofree char *outline = df_changes_dup_outline (store, self->project_id, NULL);
  const char *title;

  if (outline == NULL || g_strcmp0 (outline, self->outline) == 0)
    return;

  project = df_project_get_by_id (store, self->project_id, NULL);
  chapters = df_chapter_list (store, self->project_id, NULL);
  if (project == NULL || chapters == NULL)
    return;

  g_free (self->project_title);
  self->project_title = g_strdup (project->title);
  _df_project_view_reload_chapters (self);

  title = find_title (chapters, chapter_id);
  if (title != NULL)
    _df_project_view_set_chapter_title (self, title);
  else if (chapter_id != 0 && !df_document_get_modified (self->document) &&
           !df_document_get_busy (self->document))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” was deleted by another program; it is in Deleted Chapters"),
                                                  self->chapter_title ? self->chapter_title : "");

      _df_project_view_close_chapter (self);
      df_page_show_toast (GTK_WIDGET (self), message);
    }
  /* Deleted with unsaved text here: the text stays, and its save says
   * what happened. */
  _df_project_view_update_title (self);
}

/* ---- callbacks ------------------------------------------------------- */

static void
database_changed (DfProjectView *self)
{
  if (self->project_id == 0 || df_session_get_store (self->session) == NULL)
    return;

  check_outline (self);
  check_open_chapter (self);
  _df_project_view_refresh_counts (self);
  _df_project_view_codex_refresh (self);
}

static void
document_save_finished (DfProjectView *self)
{
  if (!self->check_after_save || df_document_get_busy (self->document))
    return;

  self->check_after_save = FALSE;
  check_open_chapter (self);
}

static void
document_conflict (DfProjectView *self,
                   gint64         revision_id)
{
  g_autofree char *message = NULL;

  message = g_strdup_printf (_("“%s” was changed elsewhere while you were writing. Both versions are kept: "
                               "yours here, the other in the chapter’s history."),
                             self->chapter_title ? self->chapter_title : "");
  show_banner (self, revision_id, message);
}

static void
window_active (DfProjectView *self,
               GParamSpec    *pspec,
               GtkWindow     *window)
{
  if (!gtk_window_is_active (window))
    return;

  /* Back from the terminal, say: look now rather than in a second. */
  if (self->session != NULL)
    df_session_check_changes (self->session);
  df_document_retry (self->document);
}

static void
compare_conflict_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  gint64 revision_id = self->conflict_revision_id;

  if (revision_id == 0)
    return;

  /* Seen there: the banner has said what it had to. */
  hide_banner (self);
  _df_project_view_show_history (self, revision_id, TRUE);
}

static void
dismiss_conflict_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  /* Still unseen: it stays in the history, kept, and the banner comes
   * back with the chapter. */
  hide_banner (DF_PROJECT_VIEW (widget));
}

/* ---- shared with the view -------------------------------------------- */

void
_df_project_view_class_sync_init (DfProjectViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "project.compare-conflict", NULL, compare_conflict_action);
  gtk_widget_class_install_action (widget_class, "project.dismiss-conflict", NULL, dismiss_conflict_action);
}

void
_df_project_view_sync_init (DfProjectView *self)
{
  g_signal_connect_object (self->document, "save-finished",
                           G_CALLBACK (document_save_finished), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->document, "conflict",
                           G_CALLBACK (document_conflict), self, G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.compare-conflict", FALSE);
}

void
_df_project_view_watch (DfProjectView *self,
                        gboolean       watch)
{
  if (self->watching == !!watch || self->session == NULL)
    return;

  self->watching = !!watch;
  if (watch)
    df_session_hold_watch (self->session);
  else
    df_session_release_watch (self->session);
}

void
_df_project_view_sync_set_session (DfProjectView *self,
                                   DfSession     *old_session)
{
  if (old_session != NULL)
    {
      g_signal_handlers_disconnect_by_data (old_session, self);
      if (self->watching)
        df_session_release_watch (old_session);
    }
  self->watching = FALSE;

  if (self->session != NULL)
    {
      g_signal_connect_object (self->session, "database-changed",
                               G_CALLBACK (database_changed), self, G_CONNECT_SWAPPED);
      _df_project_view_watch (self, gtk_widget_get_mapped (GTK_WIDGET (self)));
    }
}

void
_df_project_view_sync_follow_window (DfProjectView *self,
                                     GtkRoot       *root,
                                     gboolean       follow)
{
  if (!GTK_IS_WINDOW (root))
    return;

  if (follow)
    g_signal_connect_object (root, "notify::is-active", G_CALLBACK (window_active), self, G_CONNECT_SWAPPED);
  else
    g_signal_handlers_disconnect_by_func (root, window_active, self);
}

void
_df_project_view_sync_chapter_loaded (DfProjectView *self)
{
  gint64 chapter_id = df_document_get_chapter_id (self->document);
  gint64 unseen = 0;

  self->check_after_save = FALSE;
  /* A version saved elsewhere that nobody has looked at yet. */
  if (chapter_id != 0 && df_session_get_store (self->session) != NULL)
    df_revision_find_unseen (df_session_get_store (self->session), chapter_id, &unseen, NULL);

  if (unseen != 0)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("A version of “%s” saved elsewhere is kept in its history, and you have not "
                                   "looked at it yet."), self->chapter_title ? self->chapter_title : "");
      show_banner (self, unseen, message);
    }
  else
    hide_banner (self);
}
