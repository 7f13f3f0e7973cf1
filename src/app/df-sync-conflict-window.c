/* df-sync-conflict-window.c: a chapter a sync could not merge, its two
 * texts side by side, and the writer's choice
 *
 * When both sides of a sync changed the same lines of a chapter, the
 * chapter kept this side's text and the other side's was kept as a
 * conflict revision (df-sync-link.h).  This window shows the two, the
 * words only one of them has marked (struck through in this side's,
 * marked in the other's), and ends the conflict with Take Mine, Take
 * Theirs, or Keep This Merge: this side's text as the writer edited it
 * here.  The choice is saved in a worker (df_sync_conflict_resolve),
 * which keeps the text replaced among the chapter's revisions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge"

#include "config.h"

#include <glib/gi18n.h>

#include "df-diff.h"
#include "df-model.h"
#include "df-sync-conflict-window.h"
#include "df-sync-link.h"
#include "df-worker.h"

struct _DfSyncConflictWindow
{
  AdwWindow     parent_instance;

  DfSession    *session;
  gint64        chapter_id;
  char         *theirs;
  gboolean      busy;
  gboolean      filling;

  GtkTextView  *mine_view;
  GtkTextView  *theirs_view;
  GtkLabel     *error_label;
};

G_DEFINE_FINAL_TYPE (DfSyncConflictWindow, df_sync_conflict_window, ADW_TYPE_WINDOW)

enum {
  SIGNAL_RESOLVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  gint64      chapter_id;
  DfSyncTake  take;
  char       *text;
} Choice;

/* ---- helpers ------------------------------------------------------------ */

static void
choice_free (Choice *choice)
{
  g_free (choice->text);
  g_free (choice);
}

static void
set_busy (DfSyncConflictWindow *self,
          gboolean              busy)
{
  self->busy = busy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conflict.take-mine", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conflict.take-theirs", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conflict.take-merge", !busy);
}

/* Both texts, each with the words only it has marked. */
static void
fill (DfSyncConflictWindow *self,
      const char           *mine,
      const char           *theirs)
{
  g_autoptr(GPtrArray) pieces = df_diff_words (mine, theirs);
  GtkTextBuffer *left = gtk_text_view_get_buffer (self->mine_view);
  GtkTextBuffer *right = gtk_text_view_get_buffer (self->theirs_view);
  GtkTextIter end;

  self->filling = TRUE;
  for (guint i = 0; i < pieces->len; i++)
    {
      DfDiffPiece *piece = g_ptr_array_index (pieces, i);

      if (piece->kind != DF_DIFF_ADDED)
        {
          gtk_text_buffer_get_end_iter (left, &end);
          gtk_text_buffer_insert_with_tags_by_name (left, &end, piece->text, -1,
                                                    piece->kind == DF_DIFF_REMOVED ? "only" : NULL, NULL);
        }
      if (piece->kind != DF_DIFF_REMOVED)
        {
          gtk_text_buffer_get_end_iter (right, &end);
          gtk_text_buffer_insert_with_tags_by_name (right, &end, piece->text, -1,
                                                    piece->kind == DF_DIFF_ADDED ? "only" : NULL, NULL);
        }
    }
  self->filling = FALSE;
}

static char *
text_of (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* ---- the choice saved ------------------------------------------------------ */

static gpointer
resolve_run (DfStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Choice *choice = data;

  return df_sync_conflict_resolve (store, choice->chapter_id, choice->take, choice->text, error)
         ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
resolve_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DfSyncConflictWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE);
  if (df_worker_finish (result, &error) == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_RESOLVED], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
resolve (DfSyncConflictWindow *self,
         DfSyncTake            take)
{
  Choice *choice;

  if (self->busy)
    return;
  choice = g_new0 (Choice, 1);
  choice->chapter_id = self->chapter_id;
  choice->take = take;
  if (take == DF_SYNC_TAKE_TEXT)
    choice->text = text_of (self->mine_view);
  set_busy (self, TRUE);
  df_worker_run (df_session_get_db_path (self->session), resolve_run, choice, (GDestroyNotify) choice_free, NULL,
                 NULL, resolve_done, g_object_ref (self));
}

/* ---- callbacks ------------------------------------------------------------ */

static void
take_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DfSyncConflictWindow *self = DF_SYNC_CONFLICT_WINDOW (widget);

  if (g_str_equal (action_name, "conflict.take-mine"))
    resolve (self, DF_SYNC_TAKE_MINE);
  else if (g_str_equal (action_name, "conflict.take-theirs"))
    resolve (self, DF_SYNC_TAKE_THEIRS);
  else
    resolve (self, DF_SYNC_TAKE_TEXT);
}

/* Edited: the marks of what differed no longer mean anything. */
static void
mine_changed (DfSyncConflictWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->mine_view);
  GtkTextIter start, end;

  if (self->filling)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "only", &start, &end);
}

/* ---- vfuncs --------------------------------------------------------------- */

static void
df_sync_conflict_window_dispose (GObject *object)
{
  DfSyncConflictWindow *self = DF_SYNC_CONFLICT_WINDOW (object);

  g_clear_object (&self->session);
  G_OBJECT_CLASS (df_sync_conflict_window_parent_class)->dispose (object);
}

static void
df_sync_conflict_window_finalize (GObject *object)
{
  DfSyncConflictWindow *self = DF_SYNC_CONFLICT_WINDOW (object);

  g_free (self->theirs);
  G_OBJECT_CLASS (df_sync_conflict_window_parent_class)->finalize (object);
}

static void
df_sync_conflict_window_class_init (DfSyncConflictWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_sync_conflict_window_dispose;
  object_class->finalize = df_sync_conflict_window_finalize;

  signals[SIGNAL_RESOLVED] = g_signal_new ("resolved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "conflict.take-mine", NULL, take_action);
  gtk_widget_class_install_action (widget_class, "conflict.take-theirs", NULL, take_action);
  gtk_widget_class_install_action (widget_class, "conflict.take-merge", NULL, take_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

/* One side: its heading above its text. */
static GtkWidget *
make_side (const char   *heading,
           const char   *name,
           GtkTextView **view_out)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (heading);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_name (view, name);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_widget_set_hexpand (box, TRUE);
  *view_out = GTK_TEXT_VIEW (view);
  return box;
}

static GtkWidget *
make_button (const char *label,
             const char *name,
             const char *action)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_name (button, name);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

static void
make_content (DfSyncConflictWindow *self,
              const char           *title,
              const char           *from_label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *sides = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *bar = gtk_action_bar_new ();
  g_autofree char *heading = g_strdup_printf (_("Conflict in “%s”"), title);
  /* Translators: the other side's text, "from Ann <ann@example.org>, 2026-12-04 10:20" */
  g_autofree char *theirs = g_strdup_printf (_("Their text (%s)"), from_label);
  GtkWidget *merge = make_button (_("_Keep This Merge"), "conflict-take-merge", "conflict.take-merge");
  GdkRGBA red = { 0.88, 0.11, 0.14, 0.22 };
  GdkRGBA green = { 0.18, 0.76, 0.49, 0.30 };

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (heading, NULL));
  gtk_box_append (GTK_BOX (sides), make_side (_("Your text (edit it into a merge if you like)"), "conflict-mine",
                                              &self->mine_view));
  gtk_box_append (GTK_BOX (sides), make_side (theirs, "conflict-theirs", &self->theirs_view));
  gtk_text_view_set_editable (self->theirs_view, FALSE);
  gtk_text_buffer_create_tag (gtk_text_view_get_buffer (self->mine_view), "only", "background-rgba", &red, NULL);
  gtk_text_buffer_create_tag (gtk_text_view_get_buffer (self->theirs_view), "only", "background-rgba", &green, NULL);
  gtk_widget_set_margin_start (sides, 12);
  gtk_widget_set_margin_end (sides, 12);
  gtk_widget_set_margin_top (sides, 12);
  gtk_widget_set_margin_bottom (sides, 6);
  gtk_box_set_homogeneous (GTK_BOX (sides), TRUE);
  gtk_widget_set_vexpand (sides, TRUE);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_add_css_class (merge, "suggested-action");
  gtk_action_bar_pack_start (GTK_ACTION_BAR (bar), make_button (_("Take _Mine"), "conflict-take-mine",
                                                                "conflict.take-mine"));
  gtk_action_bar_pack_start (GTK_ACTION_BAR (bar), make_button (_("Take _Theirs"), "conflict-take-theirs",
                                                                "conflict.take-theirs"));
  gtk_action_bar_pack_end (GTK_ACTION_BAR (bar), merge);

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), sides);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));
  gtk_box_append (GTK_BOX (box), bar);
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_title (GTK_WINDOW (self), heading);
}

static void
df_sync_conflict_window_init (DfSyncConflictWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self), 960, 640);
}

/* ---- public API ------------------------------------------------------------ */

/* The conflict of @chapter_id and the other side's text. */
static DfSyncConflict *
find_conflict (DfStore    *store,
               DfChapter  *chapter,
               char      **theirs,
               GError    **error)
{
  g_autoptr(GPtrArray) conflicts = df_sync_conflict_list (store, chapter->project_id, error);
  g_autoptr(GPtrArray) revisions = NULL;
  DfSyncConflict *found = NULL;

  for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
    if (((DfSyncConflict *) g_ptr_array_index (conflicts, i))->chapter_id == chapter->id)
      {
        /* the newest, listed last */
        g_clear_pointer (&found, df_sync_conflict_free);
        found = g_ptr_array_steal_index (conflicts, i--);
      }
  if (conflicts == NULL || found == NULL || (revisions = df_revision_list (store, chapter->id, error)) == NULL)
    {
      if (conflicts != NULL && found == NULL)
        g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND, _("“%s” has no conflict"), chapter->title);
      g_clear_pointer (&found, df_sync_conflict_free);
      return NULL;
    }
  for (guint i = 0; i < revisions->len; i++)
    if (((DfRevision *) g_ptr_array_index (revisions, i))->id == found->revision_id)
      *theirs = g_strdup (((DfRevision *) g_ptr_array_index (revisions, i))->content_md);
  return found;
}

DfSyncConflictWindow *
df_sync_conflict_window_new (DfSession  *session,
                             gint64      chapter_id,
                             GError    **error)
{
  DfStore *store = df_session_get_store (session);
  g_autoptr(DfChapter) chapter = df_chapter_get (store, chapter_id, error);
  g_autoptr(DfSyncConflict) conflict = NULL;
  g_autofree char *theirs = NULL;
  DfSyncConflictWindow *self;

  if (chapter == NULL || (conflict = find_conflict (store, chapter, &theirs, error)) == NULL)
    return NULL;
  self = g_object_new (DF_TYPE_SYNC_CONFLICT_WINDOW, NULL);
  self->session = g_object_ref (session);
  self->chapter_id = chapter_id;
  self->theirs = g_strdup (theirs ? theirs : "");
  make_content (self, chapter->title, conflict->from_label);
  fill (self, chapter->content_md ? chapter->content_md : "", self->theirs);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->mine_view), "changed", G_CALLBACK (mine_changed), self);
  set_busy (self, FALSE);
  return self;
}

gboolean
df_sync_conflict_window_get_busy (DfSyncConflictWindow *self)
{
  g_return_val_if_fail (DF_IS_SYNC_CONFLICT_WINDOW (self), FALSE);
  return self->busy;
}
