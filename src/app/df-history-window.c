/* df-history-window.c: a chapter's earlier versions, or a project's
 * deleted chapters, to read and restore
 *
 * A version saved elsewhere (a "conflict" revision: another program's
 * text that met unsaved edits here) is marked as such; once shown, it is
 * marked seen in the database, in a worker, and from then on thins as
 * any other revision.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-history-window"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "df-diff.h"
#include "df-history-window.h"
#include "df-text.h"
#include "df-utils.h"
#include "df-versions.h"
#include "df-worker.h"

/* Lines of the compared text that hold a change, with this many lines
 * around them; the rest is left out, marked by a "⋯" line. */
#define CONTEXT_LINES 2

typedef struct
{
  GString *text;
  GArray  *marks;     /* guint pairs: byte offset where a tag starts, tag index */
  gboolean changed;
} DiffLine;

struct _DfHistoryWindow
{
  AdwWindow        parent_instance;

  GPtrArray       *revisions;     /* DfRevision, newest first */
  gboolean         deleted;       /* listing deleted chapters */
  char            *current;       /* the chapter's text now, to compare with */
  char            *subtitle;
  char            *db_path;       /* where shown conflicts are marked seen */

  /* template */
  GtkToggleButton *compare_button;
  AdwStatusPage   *empty_page;
  GtkListBox      *list;
  GtkTextView     *preview;
  GtkButton       *restore_button;
  GtkStack        *stack;
  AdwWindowTitle  *window_title;
};

G_DEFINE_FINAL_TYPE (DfHistoryWindow, df_history_window, ADW_TYPE_WINDOW)

enum {
  SIGNAL_RESTORE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
format_words (const char *text)
{
  gint64 words = df_text_count_words (text, -1);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " word", "%" PRId64 " words", words), words);
}

/* By when they were made, newest first (ISO 8601 times sort as text). */
static gint
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const DfRevision *ra = *(DfRevision * const *) a;
  const DfRevision *rb = *(DfRevision * const *) b;
  int by_time = g_strcmp0 (rb->created_at, ra->created_at);

  /* a version saved in the same second as a save comes first */
  return by_time != 0 ? by_time : (ra->id < 0 ? -1 : rb->id < 0 ? 1 : 0);
}

static gboolean
is_conflict (const DfRevision *revision)
{
  return g_strcmp0 (revision->kind, "conflict") == 0;
}

/* A row's second line: the words, and where the version comes from. */
static char *
format_detail (DfHistoryWindow  *self,
               const DfRevision *revision)
{
  g_autofree char *words = format_words (revision->content_md);

  if (self->deleted)
    {
      g_autofree char *when = df_format_when (revision->created_at);

      /* Translators: "Deleted <when> · <n words>". */
      return g_strdup_printf (_("Deleted %s · %s"), when, words);
    }
  if (g_strcmp0 (revision->kind, "sync") == 0)
    /* Translators: "<n words> · <a synced version's message and author>". */
    return g_strdup_printf (_("%s · %s"), words, revision->label);
  if (g_strcmp0 (revision->kind, "version") == 0)
    /* Translators: "<n words> · the version “<its name>”". */
    return g_strdup_printf (_("%s · the version “%s”"), words, revision->label);
  if (is_conflict (revision) && revision->seen_at == NULL)
    /* Translators: "<n words> · ..." of a version another program saved. */
    return g_strdup_printf (_("%s · saved elsewhere, not looked at yet"), words);
  if (is_conflict (revision))
    return g_strdup_printf (_("%s · saved elsewhere"), words);
  return g_steal_pointer (&words);
}

static GtkWidget *
make_row (DfHistoryWindow  *self,
          const DfRevision *revision)
{
  g_autofree char *when = df_format_when (revision->created_at);
  g_autofree char *detail = format_detail (self, revision);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (self->deleted ? revision->title : when);
  GtkWidget *subtitle;

  subtitle = gtk_label_new (detail);
  g_object_set_data (G_OBJECT (row), "detail", subtitle);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
diff_line_free (gpointer data)
{
  DiffLine *line = data;

  g_string_free (line->text, TRUE);
  g_array_unref (line->marks);
  g_free (line);
}

static DiffLine *
diff_line_new (void)
{
  DiffLine *line = g_new0 (DiffLine, 1);

  line->text = g_string_new (NULL);
  line->marks = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  return line;
}

/* The pieces as lines, each remembering where its added and removed
 * stretches begin and end. */
static GPtrArray *
diff_lines (GPtrArray *pieces)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (diff_line_free);
  DiffLine *line = diff_line_new ();

  g_ptr_array_add (lines, line);
  for (guint i = 0; i < pieces->len; i++)
    {
      DfDiffPiece *piece = g_ptr_array_index (pieces, i);
      const char *p = piece->text;

      while (*p != '\0')
        {
          const char *nl = strchr (p, '\n');
          gsize len = nl != NULL ? (gsize) (nl + 1 - p) : strlen (p);
          guint mark[2] = { (guint) line->text->len, (guint) piece->kind };

          g_array_append_vals (line->marks, mark, 1);
          g_string_append_len (line->text, p, len);
          line->changed |= piece->kind != DF_DIFF_SAME;
          p += len;
          if (nl != NULL)
            {
              line = diff_line_new ();
              g_ptr_array_add (lines, line);
            }
        }
    }
  return lines;
}

static void
show_changes (GtkTextBuffer *buffer,
              GPtrArray     *pieces)
{
  static const char *tags[] = { NULL, "removed", "added" };   /* by DfDiffKind */
  g_autoptr(GPtrArray) lines = diff_lines (pieces);
  g_autofree gboolean *keep = g_new0 (gboolean, lines->len);
  gboolean any = FALSE;
  gboolean skipped = FALSE;
  GtkTextIter end;

  for (guint i = 0; i < lines->len; i++)
    if (((DiffLine *) g_ptr_array_index (lines, i))->changed)
      {
        any = TRUE;
        for (guint k = i >= CONTEXT_LINES ? i - CONTEXT_LINES : 0; k <= i + CONTEXT_LINES && k < lines->len; k++)
          keep[k] = TRUE;
      }

  for (guint i = 0; i < lines->len; i++)
    {
      DiffLine *line = g_ptr_array_index (lines, i);

      if (any && !keep[i])
        {
          skipped = TRUE;
          continue;
        }
      gtk_text_buffer_get_end_iter (buffer, &end);
      if (skipped)
        {
          gtk_text_buffer_insert_with_tags_by_name (buffer, &end, "⋯\n", -1, "skipped", NULL);
          skipped = FALSE;
        }
      for (guint m = 0; m < line->marks->len; m++)
        {
          guint *mark = &g_array_index (line->marks, guint, m * 2);
          guint stop = m + 1 < line->marks->len ? g_array_index (line->marks, guint, (m + 1) * 2) : line->text->len;

          gtk_text_buffer_get_end_iter (buffer, &end);
          gtk_text_buffer_insert_with_tags_by_name (buffer, &end, line->text->str + mark[0],
                                                    (int) (stop - mark[0]), tags[mark[1]], NULL);
        }
    }
  if (skipped)
    {
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert_with_tags_by_name (buffer, &end, "⋯\n", -1, "skipped", NULL);
    }
}

static DfHistoryWindow *
history_window_new (GPtrArray  *revisions,
                    gboolean    deleted,
                    const char *title,
                    const char *subtitle)
{
  DfHistoryWindow *self = g_object_new (DF_TYPE_HISTORY_WINDOW, NULL);

  self->revisions = revisions;
  self->deleted = deleted;
  self->subtitle = g_strdup (subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->compare_button), !deleted);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  if (deleted)
    {
      gtk_button_set_label (self->restore_button, _("_Bring Back"));
      adw_status_page_set_title (self->empty_page, _("No Deleted Chapters"));
      adw_status_page_set_description (self->empty_page, _("A chapter you delete is kept here with its text."));
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Earlier Versions"));
      adw_status_page_set_description (self->empty_page,
                                       _("Each save keeps the text it replaced: the newest of every five minutes for the last hour, then one an hour, one a day and one a week."));
    }

  for (guint i = 0; i < revisions->len; i++)
    gtk_list_box_append (self->list, make_row (self, g_ptr_array_index (revisions, i)));
  gtk_stack_set_visible_child_name (self->stack, revisions->len > 0 ? "list" : "empty");
  if (revisions->len > 0)
    df_history_window_select (self, 0);
  return self;
}

/* The selected version, or with Changes on, what changed from it to the
 * text now: removed words struck through, added words marked. */
static void
update_preview (DfHistoryWindow *self)
{
  const DfRevision *revision = df_history_window_get_selected (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->preview);
  gboolean compare = gtk_toggle_button_get_active (self->compare_button) && self->current != NULL;
  g_autofree char *subtitle = NULL;

  gtk_text_buffer_set_text (buffer, "", -1);
  if (revision != NULL && compare)
    {
      g_autoptr(GPtrArray) pieces = df_diff_words (revision->content_md, self->current);
      gint64 added, removed;

      show_changes (buffer, pieces);
      df_diff_count (pieces, &added, &removed);
      /* Translators: the subtitle while comparing: the chapter, then the change */
      subtitle = g_strdup_printf (_("%s · %" PRId64 " words added, %" PRId64 " removed since this version"),
                                  self->subtitle != NULL ? self->subtitle : "", added, removed);
    }
  else if (revision != NULL)
    gtk_text_buffer_set_text (buffer, revision->content_md, -1);
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : self->subtitle);
}

static gpointer
mark_seen_in_thread (DfStore       *store,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  gint64 *revision_id = data;

  return df_revision_mark_seen (store, *revision_id, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
mark_seen_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Not marked: it stays unseen, and kept; nothing is lost. */
  if (df_worker_finish (result, &error) == NULL)
    g_debug ("A version saved elsewhere stays unseen: %s", error->message);
}

/* Shown: a version saved elsewhere has been seen.  A worker writes it, so
 * that another program's write lock never holds up the window. */
static void
mark_seen (DfHistoryWindow *self,
           DfRevision      *revision)
{
  GtkListBoxRow *row;
  g_autofree char *detail = NULL;

  if (!is_conflict (revision) || revision->seen_at != NULL || self->db_path == NULL)
    return;

  revision->seen_at = df_now_iso8601 ();
  row = gtk_list_box_get_selected_row (self->list);
  detail = format_detail (self, revision);
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "detail"), detail);
  df_worker_run (self->db_path, mark_seen_in_thread, g_memdup2 (&revision->id, sizeof revision->id), g_free,
                 NULL, NULL, mark_seen_done, NULL);
}

static void
row_selected_cb (GtkListBox      *list,
                 GtkListBoxRow   *row,
                 DfHistoryWindow *self)
{
  const DfRevision *revision = df_history_window_get_selected (self);

  /* Seen once on screen (see map). */
  if (revision != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    mark_seen (self, (DfRevision *) revision);
  update_preview (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.restore",
                                 df_history_window_get_selected (self) != NULL);
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  DfHistoryWindow *self = DF_HISTORY_WINDOW (widget);
  const DfRevision *revision = df_history_window_get_selected (self);

  if (revision == NULL)
    return;
  /* The window stays alive (and the revision with it) while the handler
   * runs. */
  g_object_ref (self);
  g_signal_emit (self, signals[SIGNAL_RESTORE], 0, revision);
  gtk_window_close (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
df_history_window_dispose (GObject *object)
{
  DfHistoryWindow *self = DF_HISTORY_WINDOW (object);

  /* The list unselects its rows as it goes, after the preview. */
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_func (self->list, row_selected_cb, self);
  if (self->compare_button != NULL)
    g_signal_handlers_disconnect_by_func (self->compare_button, update_preview, self);
  G_OBJECT_CLASS (df_history_window_parent_class)->dispose (object);
}

static void
df_history_window_finalize (GObject *object)
{
  DfHistoryWindow *self = DF_HISTORY_WINDOW (object);

  g_clear_pointer (&self->revisions, g_ptr_array_unref);
  g_free (self->current);
  g_free (self->subtitle);
  g_free (self->db_path);
  G_OBJECT_CLASS (df_history_window_parent_class)->finalize (object);
}

static void
df_history_window_map (GtkWidget *widget)
{
  DfHistoryWindow *self = DF_HISTORY_WINDOW (widget);
  const DfRevision *revision = df_history_window_get_selected (self);

  GTK_WIDGET_CLASS (df_history_window_parent_class)->map (widget);
  if (revision != NULL)
    mark_seen (self, (DfRevision *) revision);
}

static void
df_history_window_class_init (DfHistoryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_history_window_dispose;
  object_class->finalize = df_history_window_finalize;
  widget_class->map = df_history_window_map;

  /* DfHistoryWindow::restore: (revision: const DfRevision *) the version
   * to bring back. */
  signals[SIGNAL_RESTORE] = g_signal_new ("restore", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/draftforge/DraftForge/ui/df-history-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DfHistoryWindow, compare_button);
  gtk_widget_class_bind_template_child (widget_class, DfHistoryWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DfHistoryWindow, list);
  gtk_widget_class_bind_template_child (widget_class, DfHistoryWindow, preview);
  gtk_widget_class_bind_template_child (widget_class, DfHistoryWindow, restore_button);
  gtk_widget_class_bind_template_child (widget_class, DfHistoryWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DfHistoryWindow, window_title);

  gtk_widget_class_install_action (widget_class, "history.restore", NULL, restore_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
df_history_window_init (DfHistoryWindow *self)
{
  GtkTextBuffer *buffer;
  /* Translucent, so that they read in the light and the dark style. */
  GdkRGBA green = { 0.18, 0.76, 0.49, 0.30 };
  GdkRGBA red = { 0.88, 0.11, 0.14, 0.22 };

  gtk_widget_init_template (GTK_WIDGET (self));
  buffer = gtk_text_view_get_buffer (self->preview);
  gtk_text_buffer_create_tag (buffer, "added", "background-rgba", &green, NULL);
  gtk_text_buffer_create_tag (buffer, "removed", "background-rgba", &red, "strikethrough", TRUE, NULL);
  gtk_text_buffer_create_tag (buffer, "skipped", "foreground", "gray", "justification", GTK_JUSTIFY_CENTER, NULL);
  g_signal_connect (self->list, "row-selected", G_CALLBACK (row_selected_cb), self);
  g_signal_connect_swapped (self->compare_button, "toggled", G_CALLBACK (update_preview), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.restore", FALSE);
}

DfHistoryWindow *
df_history_window_new_for_chapter (DfStore     *store,
                                   gint64       chapter_id,
                                   const char  *title,
                                   const char  *current,
                                   GError     **error)
{
  GPtrArray *revisions = df_revision_list (store, chapter_id, error);
  g_autoptr(GPtrArray) named = NULL;
  DfHistoryWindow *self;

  if (revisions == NULL)
    return NULL;
  /* the named versions that hold the chapter, among its saves by time */
  named = df_version_revisions_of_chapter (store, chapter_id, error);
  if (named == NULL)
    {
      g_ptr_array_unref (revisions);
      return NULL;
    }
  g_ptr_array_set_free_func (named, NULL);
  g_ptr_array_extend_and_steal (revisions, g_steal_pointer (&named));
  g_ptr_array_sort (revisions, compare_newest_first);
  self = history_window_new (revisions, FALSE, _("Earlier Versions"), title);
  self->current = g_strdup (current);
  self->db_path = g_strdup (df_store_get_path (store));
  gtk_widget_set_sensitive (GTK_WIDGET (self->compare_button), current != NULL && revisions->len > 0);
  return self;
}

DfHistoryWindow *
df_history_window_new_for_deleted (DfStore     *store,
                                   gint64       project_id,
                                   GError     **error)
{
  GPtrArray *revisions = df_revision_list_deleted (store, project_id, error);

  if (revisions == NULL)
    return NULL;
  return history_window_new (revisions, TRUE, _("Deleted Chapters"), NULL);
}

DfHistoryWindow *
df_history_window_new_for_versions (GPtrArray  *revisions,
                                    const char *title,
                                    const char *current)
{
  DfHistoryWindow *self = history_window_new (g_ptr_array_ref (revisions), FALSE, _("Synced Versions"), title);

  adw_status_page_set_title (self->empty_page, _("No Synced Versions"));
  adw_status_page_set_description (self->empty_page, _("No version saved with sync changed this chapter."));
  self->current = g_strdup (current);
  gtk_widget_set_sensitive (GTK_WIDGET (self->compare_button), current != NULL && revisions->len > 0);
  return self;
}

guint
df_history_window_get_n_items (DfHistoryWindow *self)
{
  g_return_val_if_fail (DF_IS_HISTORY_WINDOW (self), 0);

  return self->revisions->len;
}

void
df_history_window_select (DfHistoryWindow *self,
                          guint            index)
{
  GtkListBoxRow *row;

  g_return_if_fail (DF_IS_HISTORY_WINDOW (self));

  row = gtk_list_box_get_row_at_index (self->list, index);
  if (row != NULL)
    gtk_list_box_select_row (self->list, row);
}

gboolean
df_history_window_show_revision (DfHistoryWindow *self,
                                 gint64           revision_id,
                                 gboolean         compare)
{
  g_return_val_if_fail (DF_IS_HISTORY_WINDOW (self), FALSE);

  for (guint i = 0; i < self->revisions->len; i++)
    if (((DfRevision *) g_ptr_array_index (self->revisions, i))->id == revision_id)
      {
        df_history_window_select (self, i);
        if (gtk_widget_get_sensitive (GTK_WIDGET (self->compare_button)))
          gtk_toggle_button_set_active (self->compare_button, compare);
        return TRUE;
      }
  return FALSE;
}

const DfRevision *
df_history_window_get_selected (DfHistoryWindow *self)
{
  GtkListBoxRow *row;
  int index;

  g_return_val_if_fail (DF_IS_HISTORY_WINDOW (self), NULL);

  row = gtk_list_box_get_selected_row (self->list);
  if (row == NULL)
    return NULL;
  index = gtk_list_box_row_get_index (row);
  if (index < 0 || (guint) index >= self->revisions->len)
    return NULL;
  return g_ptr_array_index (self->revisions, index);
}
