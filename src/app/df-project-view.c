/* df-project-view.c: a project's chapters and the editor
 *
 * The view puts together the sidebar (DfProjectSidebar), the find bar
 * (DfFindBar), the editor and the open chapter (DfDocument, which saves
 * in a worker thread), with the title and the status bar.  Its actions
 * are in df-project-view-actions.c.
 *
 * Switching chapters, deleting the open one and leaving the project wait
 * for the open chapter's text to be saved (df_project_view_when_saved);
 * a save that fails leaves the text in the editor and the error on screen
 * until a later save succeeds.  Changes made to the project by other
 * programs are followed in df-project-view-sync.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-project"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "df-issue-locate.h"
#include "df-model.h"
#include "df-project-view-private.h"
#include "df-text.h"

#define COUNT_DELAY_MS 300

typedef struct
{
  gint64   chapter_id;
  gint64   offset;       /* -1: nothing to select */
  guint    length;
  gboolean show_match;   /* select and focus the editor once open */
  /* An agent's finding: @offset and @length are bytes in the Markdown
   * the agent read, found again in the text as it is (df-issue-locate.h). */
  gboolean issue;
  int      line;
  char    *quote;
} OpenRequest;

typedef struct
{
  DfProjectView          *self;
  DfProjectViewSavedFunc  func;
  gpointer                data;
  GDestroyNotify          destroy;
} WhenSaved;

G_DEFINE_FINAL_TYPE (DfProjectView, df_project_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHAPTER_OPENED,
  CHAPTER_SAVED,
  CHAPTER_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void open_when_saved (DfProjectView *self,
                             const GError  *error,
                             gpointer       data);

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
      chapter = g_strdup_printf ("%s%s", df_document_get_modified (self->document) ? "• " : "",
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
  g_autofree char *chapter = df_format_words (self->chapter_words);
  g_autofree char *project = df_format_words (self->other_words + self->chapter_words);
  g_autofree char *chapter_text = NULL;
  g_autofree char *project_text = NULL;
  g_autofree char *today_text = NULL;
  gboolean modified = df_document_get_modified (self->document);

  /* Translators: %s is a number of words */
  chapter_text = g_strdup_printf (_("Chapter: %s"), chapter);
  project_text = g_strdup_printf (_("Book: %s"), project);
  today_text = g_strdup_printf (_("Today: %'" PRId64), self->words_today);
  gtk_label_set_text (self->chapter_words_label, chapter_text);
  gtk_label_set_text (self->project_words_label, project_text);
  gtk_label_set_text (self->today_words_label, today_text);

  if (self->save_failed)
    gtk_label_set_text (self->save_label, _("Not saved"));
  else if (df_document_get_waiting (self->document))
    gtk_label_set_text (self->save_label, _("Waiting for another program to finish writing…"));
  else if (modified)
    gtk_label_set_text (self->save_label, _("Unsaved changes"));
  else
    gtk_label_set_text (self->save_label, _("Saved"));

  if (modified)
    gtk_widget_add_css_class (GTK_WIDGET (self->save_label), "df-unsaved");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->save_label), "df-unsaved");
}

static char *
save_error_message (DfProjectView *self,
                    const GError  *error)
{
  const char *title = self->chapter_title ? self->chapter_title : "";

  if (g_error_matches (error, DF_ERROR, DF_ERROR_BUSY))
    return g_strdup_printf (_("Could not save “%s”: another program has been writing to the database for a long "
                              "time. Your text is still here; DraftForge will try again."), title);
  return g_strdup_printf (_("Could not save “%s”: %s. Your text is still here; DraftForge will try again."),
                          title, error->message);
}

/* Keeps where the cursor is in the open chapter, to put it back there
 * when the chapter opens again (in this session or the next). */
static void
remember_cursor (DfProjectView *self)
{
  DfStore *store = df_session_get_store (self->session);
  gint64 chapter_id = df_document_get_chapter_id (self->document);
  g_autoptr(GError) error = NULL;

  if (store == NULL || chapter_id == 0 || df_store_is_read_only (store))
    return;
  if (!df_chapter_set_cursor (store, chapter_id, df_editor_get_cursor (self->editor), &error))
    g_debug ("Could not keep the cursor of chapter %" G_GINT64_FORMAT ": %s", chapter_id, error->message);
}

static void
restore_cursor (DfProjectView *self,
                DfStore       *store,
                gint64         chapter_id)
{
  gint64 offset = df_chapter_get_cursor (store, chapter_id, NULL);

  if (offset > 0)
    df_editor_place_cursor (self->editor, offset);
}

/* Puts @chapter_id in the editor; the open chapter has nothing unsaved. */
static gboolean
load_chapter (DfProjectView *self,
              gint64         chapter_id)
{
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(GError) error = NULL;
  DfStore *store = df_session_get_store (self->session);
  GSettings *settings;

  g_assert (!df_document_get_modified (self->document) && !df_document_get_busy (self->document));

  if (store == NULL)
    return FALSE;

  chapter = df_chapter_get (store, chapter_id, &error);
  if (chapter == NULL || chapter->project_id != self->project_id)
    {
      df_page_show_toast (GTK_WIDGET (self), error ? error->message : _("That chapter is in another project"));
      df_project_sidebar_select_chapter (self->sidebar, df_document_get_chapter_id (self->document));
      return FALSE;
    }

  self->other_words += df_document_get_saved_words (self->document) - chapter->words;
  self->chapter_words = chapter->words;
  self->chapter_part_id = chapter->part_id;
  g_free (self->chapter_title);
  self->chapter_title = g_strdup (chapter->title);
  remember_cursor (self);
  df_document_load (self->document, chapter);
  df_editor_text_loaded_as (self->editor, chapter->content_hash);
  restore_cursor (self, store, chapter->id);
  _df_project_view_sync_chapter_loaded (self);

  settings = df_session_get_settings (self->session);
  if (settings != NULL)
    g_settings_set_int64 (settings, "last-chapter", chapter->id);

  if (!_df_project_view_outline_shown (self))
    gtk_stack_set_visible_child_name (self->content_stack, "editor");
  df_project_sidebar_select_chapter (self->sidebar, chapter->id);
  update_title (self);
  update_status (self);
  g_signal_emit (self, signals[CHAPTER_OPENED], 0, chapter->id);
  return TRUE;
}

static gboolean
load_first_chapter (DfProjectView  *self,
                    GError        **error)
{
  DfStore *store = df_session_get_store (self->session);
  g_autoptr(GPtrArray) chapters = NULL;

  if (store == NULL)
    return TRUE;

  chapters = df_chapter_list (store, self->project_id, error);
  if (chapters == NULL)
    return FALSE;
  if (chapters->len > 0)
    load_chapter (self, ((DfChapter *)g_ptr_array_index (chapters, 0))->id);
  return TRUE;
}

static OpenRequest *
open_request_copy (const OpenRequest *request)
{
  OpenRequest *copy = g_memdup2 (request, sizeof *request);

  copy->quote = g_strdup (request->quote);
  return copy;
}

static void
open_request_free (OpenRequest *request)
{
  g_free (request->quote);
  g_free (request);
}

static void
show_match (DfProjectView     *self,
            const OpenRequest *request)
{
  if (!request->show_match)
    return;

  if (request->issue)
    {
      g_autofree char *text = df_document_dup_text (self->document);
      gint64 offset, n_chars;

      if (text != NULL && df_issue_locate (text, request->offset, request->length, request->line,
                                           request->quote, &offset, &n_chars))
        df_editor_select_range (self->editor, offset, n_chars);
    }
  else if (request->offset >= 0)
    df_editor_select_range (self->editor, request->offset, request->length);
  df_project_view_focus_editor (self);
}

static gboolean
open_chapter (DfProjectView     *self,
              const OpenRequest *request)
{
  if (request->chapter_id == df_document_get_chapter_id (self->document))
    {
      self->switch_to = 0;
      show_match (self, request);
      return TRUE;
    }

  if (!df_document_get_modified (self->document) && !df_document_get_busy (self->document))
    {
      self->switch_to = 0;
      if (!load_chapter (self, request->chapter_id))
        return FALSE;
      show_match (self, request);
      return TRUE;
    }

  /* What was typed goes to the chapter it was typed in, first. */
  self->switch_to = request->chapter_id;
  df_project_view_when_saved (self, open_when_saved, open_request_copy (request),
                              (GDestroyNotify) open_request_free);
  return TRUE;
}

static void
when_saved_free (WhenSaved *when)
{
  if (when->destroy != NULL)
    when->destroy (when->data);
  g_object_unref (when->self);
  g_free (when);
}

/* ---- callbacks ------------------------------------------------------- */

static void
document_notify_modified (DfProjectView *self)
{
  update_title (self);
  update_status (self);
}

static void
document_save_finished (DfProjectView *self,
                        const GError  *error)
{
  if (error != NULL)
    {
      g_autofree char *message = save_error_message (self, error);

      self->save_failed = TRUE;
      gtk_label_set_text (self->error_label, message);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
    }
  else
    {
      self->save_failed = FALSE;
      gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
      if (!df_document_get_modified (self->document))
        self->chapter_words = df_document_get_saved_words (self->document);
      df_project_sidebar_set_chapter_words (self->sidebar, df_document_get_chapter_id (self->document),
                                            df_document_get_saved_words (self->document));
      if (!df_document_get_modified (self->document) && df_document_get_chapter_id (self->document) != 0)
        g_signal_emit (self, signals[CHAPTER_SAVED], 0, df_document_get_chapter_id (self->document));
      _df_project_view_refresh_counts (self);
      _df_project_view_session_update (self);
    }

  update_status (self);
}

static gboolean
count_words_cb (gpointer data)
{
  DfProjectView *self = data;
  g_autofree char *text = df_document_dup_text (self->document);

  self->count_id = 0;
  self->chapter_words = df_text_count_words (text, -1);
  update_status (self);
  return G_SOURCE_REMOVE;
}

static void
buffer_changed (DfProjectView *self)
{
  /* Typing, not loading a chapter. */
  if (df_document_get_modified (self->document) && self->count_id == 0)
    self->count_id = g_timeout_add (COUNT_DELAY_MS, count_words_cb, self);
}

static void
open_when_saved (DfProjectView *self,
                 const GError  *error,
                 gpointer       data)
{
  OpenRequest *request = data;

  /* Not saved: stay with the text (the save reselected its chapter).
   * Another chapter may have been chosen meanwhile. */
  if (error == NULL && self->switch_to == request->chapter_id)
    open_chapter (self, request);
}

static void
when_saved_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  WhenSaved *when = user_data;
  DfProjectView *self = when->self;
  DfDocument *document = DF_DOCUMENT (object);
  g_autoptr(GError) error = NULL;

  if (self->document != document)
    {
      /* The view went away; the save kept its text. */
      when_saved_free (when);
      return;
    }

  if (!df_document_save_finish (document, result, &error))
    {
      g_autofree char *message = save_error_message (self, error);
      g_autoptr(GError) failed = g_error_new_literal (error->domain, error->code, message);

      /* The error is on screen: stay with the text that is not saved. */
      self->switch_to = 0;
      df_project_sidebar_select_chapter (self->sidebar, df_document_get_chapter_id (document));
      when->func (self, failed, when->data);
      when_saved_free (when);
      return;
    }

  /* Typed during the save: that goes first too. */
  if (df_document_get_modified (document) || df_document_get_busy (document))
    {
      df_document_save_async (document, NULL, when_saved_cb, when);
      return;
    }

  when->func (self, NULL, when->data);
  when_saved_free (when);
}

/* ---- GObject --------------------------------------------------------- */

static void
df_project_view_dispose (GObject *object)
{
  DfProjectView *self = (DfProjectView *)object;

  _df_project_view_session_dispose (self);
  if (self->document != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->document, self);
      g_signal_handlers_disconnect_by_data (df_document_get_buffer (self->document), self);
      /* The save keeps the document (and the application) alive until the
       * text is in the database. */
      if (df_document_get_modified (self->document))
        df_document_save_async (self->document, NULL, NULL, NULL);
      g_clear_object (&self->document);
    }
  g_clear_handle_id (&self->count_id, g_source_remove);
  _df_project_view_watch (self, FALSE);
  gtk_widget_dispose_template (GTK_WIDGET (self), DF_TYPE_PROJECT_VIEW);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (df_project_view_parent_class)->dispose (object);
}

static void
df_project_view_finalize (GObject *object)
{
  DfProjectView *self = (DfProjectView *)object;

  g_clear_pointer (&self->project_title, g_free);
  g_clear_pointer (&self->chapter_title, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->outline, g_free);
  g_clear_object (&self->primary_menu);

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

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
df_project_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (df_project_view_parent_class)->map (widget);
  _df_project_view_watch (DF_PROJECT_VIEW (widget), TRUE);
}

static void
df_project_view_unmap (GtkWidget *widget)
{
  _df_project_view_watch (DF_PROJECT_VIEW (widget), FALSE);
  GTK_WIDGET_CLASS (df_project_view_parent_class)->unmap (widget);
}

static void
df_project_view_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (df_project_view_parent_class)->root (widget);
  _df_project_view_sync_follow_window (DF_PROJECT_VIEW (widget), gtk_widget_get_root (widget), TRUE);
}

static void
df_project_view_unroot (GtkWidget *widget)
{
  _df_project_view_sync_follow_window (DF_PROJECT_VIEW (widget), gtk_widget_get_root (widget), FALSE);
  GTK_WIDGET_CLASS (df_project_view_parent_class)->unroot (widget);
}

static void
df_project_view_class_init (DfProjectViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_project_view_dispose;
  object_class->finalize = df_project_view_finalize;
  object_class->get_property = df_project_view_get_property;
  widget_class->map = df_project_view_map;
  widget_class->unmap = df_project_view_unmap;
  widget_class->root = df_project_view_root;
  widget_class->unroot = df_project_view_unroot;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A chapter put in the editor, its text saved with nothing left unsaved,
   * and reloaded after another program (or a sync) changed it: what the
   * window tells the plugins' UI extensions (df-ui-extension.h). */
  signals[CHAPTER_OPENED] = g_signal_new ("chapter-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[CHAPTER_SAVED] = g_signal_new ("chapter-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[CHAPTER_CHANGED] = g_signal_new ("chapter-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (DF_TYPE_EDITOR);
  g_type_ensure (DF_TYPE_FIND_BAR);
  g_type_ensure (DF_TYPE_PROJECT_SIDEBAR);
  g_type_ensure (DF_TYPE_SIDE_PANE);
  g_type_ensure (DF_TYPE_SPELL_BAR);
  g_type_ensure (DF_TYPE_SYNC_STATUS_BUTTON);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/draftforge/DraftForge/ui/df-project-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, chapter_words_label);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, conflict_label);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, conflict_revealer);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, editor);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, error_label);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, find_bar);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, flap);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, header_bar);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, main_box);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, menu_button);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, project_words_label);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, save_label);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, sidebar);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, side_flap);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, side_pane);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, side_pane_button);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, spell_bar);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, sync_status);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, status_bar);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, today_words_label);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, window_title);

  _df_project_view_class_actions_init (klass);
  _df_project_view_class_sync_init (klass);
  _df_project_view_class_outline_init (klass);
  _df_project_view_class_codex_init (klass);
  _df_project_view_class_split_init (klass);
  _df_project_view_class_session_init (klass);
  _df_project_view_class_replace_init (klass);
  _df_project_view_class_versions_init (klass);
}

/* "Ignore this" or a check turned off from the editor's menu: kept in
 * the project's settings. */
static void
style_settings_changed (DfProjectView *self,
                        const char    *settings)
{
  DfStore *store = self->session ? df_session_get_store (self->session) : NULL;
  g_autoptr(GError) error = NULL;

  if (store != NULL && self->project_id != 0 &&
      !df_project_set_field (store, self->project_id, "settings", settings, &error))
    g_warning ("The style settings could not be saved: %s", error->message);
}

static void
df_project_view_init (DfProjectView *self)
{
  GtkSourceBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));

  buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor)));
  self->document = df_document_new (buffer);
  g_signal_connect_object (self->document, "notify::modified",
                           G_CALLBACK (document_notify_modified), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->document, "save-finished",
                           G_CALLBACK (document_save_finished), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->document, "notify::waiting",
                           G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (buffer_changed), self, G_CONNECT_SWAPPED);
  df_find_bar_set_view (self->find_bar, GTK_SOURCE_VIEW (self->editor));
  g_signal_connect_object (self->editor, "style-settings-changed",
                           G_CALLBACK (style_settings_changed), self, G_CONNECT_SWAPPED);

  /* Every agent's findings: a page of the side pane that plugins' panels
   * come and go beside. */
  self->issues_panel = g_object_new (DF_TYPE_ISSUES_PANEL, NULL);
  df_side_pane_add_lasting_panel (self->side_pane, _("Issues"), GTK_WIDGET (self->issues_panel));
  gtk_widget_set_visible (self->side_pane_button, TRUE);

  _df_project_view_actions_init (self);
  _df_project_view_panels_init (self);
  _df_project_view_sync_init (self);
  _df_project_view_outline_init (self);
  _df_project_view_split_init (self);
  update_status (self);
}

/* ---- shared with the actions ------------------------------------------ */

void
_df_project_view_set_chapter_title (DfProjectView *self,
                                    const char    *title)
{
  g_free (self->chapter_title);
  self->chapter_title = g_strdup (title);
  update_title (self);
}

void
_df_project_view_update_title (DfProjectView *self)
{
  update_title (self);
}

void
_df_project_view_refresh_counts (DfProjectView *self)
{
  DfStore *store = df_session_get_store (self->session);
  DfWritingStats stats;

  if (store != NULL && self->project_id != 0 &&
      df_stats_compute (store, self->project_id, &stats, NULL))
    {
      self->words_today = stats.words_today;
      self->other_words = stats.words - df_document_get_saved_words (self->document);
    }
  update_status (self);
}

void
_df_project_view_reload_chapters (DfProjectView *self)
{
  DfStore *store = df_session_get_store (self->session);

  /* What the list shows now, to tell a change made elsewhere from it. */
  g_clear_pointer (&self->outline, g_free);
  if (store != NULL && self->project_id != 0)
    self->outline = df_changes_dup_outline (store, self->project_id, NULL);
  df_project_sidebar_reload (self->sidebar);
  if (!_df_project_view_outline_shown (self))
    gtk_stack_set_visible_child_name (self->content_stack,
                                      df_project_sidebar_get_n_chapters (self->sidebar) > 0 ? "editor" : "empty");
}

void
_df_project_view_emit_chapter_changed (DfProjectView *self,
                                       gint64         chapter_id)
{
  g_signal_emit (self, signals[CHAPTER_CHANGED], 0, chapter_id);
}

void
_df_project_view_show_match (DfProjectView *self,
                             gint64         chapter_id,
                             gint64         offset,
                             guint          length)
{
  OpenRequest request = { chapter_id, offset, length, TRUE, FALSE, 0, NULL };

  open_chapter (self, &request);
}

void
_df_project_view_show_issue (DfProjectView *self,
                             gint64         chapter_id,
                             gint64         offset,
                             gint64         length,
                             int            line,
                             const char    *quote)
{
  OpenRequest request = { chapter_id, offset, (guint) CLAMP (length, 0, G_MAXUINT), TRUE, TRUE, line,
                          (char *) quote };

  open_chapter (self, &request);
}

void
_df_project_view_close_chapter (DfProjectView *self)
{
  df_document_load (self->document, NULL);
  df_editor_text_loaded (self->editor);
  _df_project_view_sync_chapter_loaded (self);
  self->chapter_words = 0;
  g_clear_pointer (&self->chapter_title, g_free);
  _df_project_view_refresh_counts (self);
  _df_project_view_reload_chapters (self);
  load_first_chapter (self, NULL);
  update_title (self);
  update_status (self);
}

/* ---- public ---------------------------------------------------------- */

void
df_project_view_set_session (DfProjectView *self,
                             DfSession     *session)
{
  g_autoptr(DfSession) old_session = NULL;
  GSettings *settings;

  g_return_if_fail (DF_IS_PROJECT_VIEW (self));
  g_return_if_fail (!session || DF_IS_SESSION (session));

  if (self->session == session)
    return;

  old_session = g_steal_pointer (&self->session);
  self->session = session != NULL ? g_object_ref (session) : NULL;
  _df_project_view_sync_set_session (self, old_session);

  settings = session != NULL ? df_session_get_settings (session) : NULL;
  df_document_set_db_path (self->document, df_session_get_db_path (session));
  df_project_sidebar_set_session (self->sidebar, session);
  df_issues_panel_set_session (self->issues_panel, session);
  _df_project_view_outline_set_session (self, session);
  if (settings != NULL)
    {
      df_editor_set_settings (self->editor, settings);
      df_spell_bar_set_editor (self->spell_bar, self->editor, settings);
      g_settings_bind (settings, "autosave-interval", self->document, "autosave-interval", G_SETTINGS_BIND_GET);
    }
}

void
df_project_view_set_primary_menu (DfProjectView *self,
                                  GMenuModel    *menu)
{
  g_autoptr(GMenu) section = g_menu_new ();

  g_return_if_fail (DF_IS_PROJECT_VIEW (self));

  /* The project's own entries first, then the window's menu. */
  g_clear_object (&self->primary_menu);
  self->primary_menu = g_menu_new ();
  g_menu_append (section, _("Check for _Issues"), "project.show-issues");
  g_menu_append_section (self->primary_menu, NULL, G_MENU_MODEL (section));
  if (menu != NULL)
    g_menu_append_section (self->primary_menu, NULL, menu);
  gtk_menu_button_set_menu_model (self->menu_button, G_MENU_MODEL (self->primary_menu));
}

gboolean
df_project_view_load (DfProjectView  *self,
                      gint64          project_id,
                      gint64          chapter_id,
                      GError        **error)
{
  g_autoptr(DfProject) project = NULL;
  DfStore *store;

  g_return_val_if_fail (DF_IS_PROJECT_VIEW (self), FALSE);

  if (!df_project_view_save (self, error))
    return FALSE;

  store = df_session_get_store (self->session);
  if (store == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_FAILED, _("The database is not open"));
      return FALSE;
    }

  project = df_project_get_by_id (store, project_id, error);
  if (project == NULL)
    return FALSE;

  _df_project_view_outline_leave (self);
  if (project->id != self->project_id)
    _df_project_view_split_forget (self);
  self->project_id = project->id;
  self->switch_to = 0;
  self->chapter_words = 0;
  self->other_words = project->words;
  g_free (self->project_title);
  self->project_title = g_strdup (project->title);
  g_clear_pointer (&self->chapter_title, g_free);
  _df_project_view_codex_refresh (self);
  df_document_load (self->document, NULL);
  df_editor_text_loaded (self->editor);
  _df_project_view_sync_chapter_loaded (self);

  /* The style checker underlines as the writer types, with the
   * project's settings. */
  df_editor_set_style_agent (self->editor,
                             df_plugin_host_find_agent (df_session_get_plugin_host (self->session), "style"),
                             project->settings);
  df_project_sidebar_set_project (self->sidebar, project->id);
  df_issues_panel_set_project (self->issues_panel, project->id);
  df_sync_status_button_set_project (DF_SYNC_STATUS_BUTTON (self->sync_status), self->session, project->id);
  _df_project_view_reload_chapters (self);
  _df_project_view_refresh_counts (self);
  _df_project_view_session_update (self);

  if ((chapter_id == 0 || !load_chapter (self, chapter_id)) && !load_first_chapter (self, error))
    return FALSE;

  update_title (self);
  update_status (self);
  return TRUE;
}

void
df_project_view_unload (DfProjectView *self)
{
  df_editor_set_style_agent (self->editor, NULL, NULL);
  g_return_if_fail (DF_IS_PROJECT_VIEW (self));

  /* Never drop unsaved text: the caller saves first. */
  if (df_document_get_modified (self->document) || df_document_get_busy (self->document))
    return;

  remember_cursor (self);
  self->project_id = 0;
  df_sync_status_button_set_project (DF_SYNC_STATUS_BUTTON (self->sync_status), self->session, 0);
  _df_project_view_codex_refresh (self);
  self->switch_to = 0;
  df_document_load (self->document, NULL);
  df_editor_text_loaded (self->editor);
  _df_project_view_sync_chapter_loaded (self);
  g_clear_pointer (&self->chapter_title, g_free);
  df_project_sidebar_set_project (self->sidebar, 0);
  df_issues_panel_set_project (self->issues_panel, 0);
  update_title (self);
}

gboolean
df_project_view_save (DfProjectView  *self,
                      GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (DF_IS_PROJECT_VIEW (self), FALSE);

  remember_cursor (self);
  if (!df_document_save (self->document, &local_error))
    {
      g_autofree char *message = save_error_message (self, local_error);

      g_set_error_literal (error, local_error->domain, local_error->code, message);
      return FALSE;
    }

  return TRUE;
}

void
df_project_view_when_saved (DfProjectView          *self,
                            DfProjectViewSavedFunc  func,
                            gpointer                data,
                            GDestroyNotify          destroy)
{
  WhenSaved *when;

  g_return_if_fail (DF_IS_PROJECT_VIEW (self));
  g_return_if_fail (func != NULL);

  if (!df_document_get_modified (self->document) && !df_document_get_busy (self->document))
    {
      func (self, NULL, data);
      if (destroy != NULL)
        destroy (data);
      return;
    }

  when = g_new0 (WhenSaved, 1);
  when->self = g_object_ref (self);
  when->func = func;
  when->data = data;
  when->destroy = destroy;
  df_document_save_async (self->document, NULL, when_saved_cb, when);
}

gboolean
df_project_view_open_chapter (DfProjectView *self,
                              gint64         chapter_id)
{
  OpenRequest request = { chapter_id, -1, 0, FALSE, FALSE, 0, NULL };

  g_return_val_if_fail (DF_IS_PROJECT_VIEW (self), FALSE);

  return open_chapter (self, &request);
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
  return df_document_get_chapter_id (self->document);
}

gboolean
df_project_view_get_modified (DfProjectView *self)
{
  g_return_val_if_fail (DF_IS_PROJECT_VIEW (self), FALSE);
  return df_document_get_modified (self->document);
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

DfDocument *
df_project_view_get_document (DfProjectView *self)
{
  g_return_val_if_fail (DF_IS_PROJECT_VIEW (self), NULL);
  return self->document;
}
