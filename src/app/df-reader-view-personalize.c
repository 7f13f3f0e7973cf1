/* df-reader-view-personalize.c: "Original / Personalized for <profile>"
 *
 * With the header's Personalize toggle on, the chapter goes through the
 * reader transforms the plugins provide (the personaliser: the author's
 * level blocks chosen for the profile, the Key terms box for a beginner)
 * in a worker thread with its own connection, or comes from the cache
 * when the model has rewritten it for this reader (the kind chosen in the
 * bar).  Rewrite asks the model (df_personalize_rewrite: credits, the
 * checks, the measures, the cache); what has arrived is counted while it
 * streams, and Stop cancels it.  The bar says for whom, which kind and the
 * grade before and after.  Switching back shows the original at once;
 * reading progress is kept for the chapter either way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "df-personalize.h"
#include "df-plugin-host.h"
#include "df-plugin-job.h"
#include "df-profile-choices.h"
#include "df-reader-transform.h"
#include "df-reader-view-private.h"

/* The rewrite as it arrives, shared by the worker and the view. */
typedef struct
{
  gint     ref_count;
  GMutex   lock;
  GString *text;          /* the sections accepted, then what has come */
  gboolean changed;       /* since the view last showed it */
  gint64   next_render;   /* (the view's) not before this monotonic time */
} Stream;

typedef struct
{
  char             *db_path;
  char             *profile_id;
  gint64            chapter_id;
  GPtrArray        *transforms;   /* DfReaderTransform*, referenced */
  DfPersonalizeKind kind;
  gboolean          rewrite;      /* ask the model on a miss */
  guint             expiry_days;  /* 0: the default */
  gint             *received;     /* the view's counter */
  Stream           *stream;       /* the text as it arrives, or NULL */
} Job;

typedef struct
{
  DfChapter      *chapter;        /* its content the text to show */
  DfPersonalized *rewrite;        /* or NULL: the transforms' */
  GPtrArray      *glossary;       /* DfGlossaryHit* in the text */
} Shown;

static Stream *
stream_new (void)
{
  Stream *stream = g_new0 (Stream, 1);

  stream->ref_count = 1;
  g_mutex_init (&stream->lock);
  stream->text = g_string_new (NULL);
  return stream;
}

static Stream *
stream_ref (Stream *stream)
{
  g_atomic_int_inc (&stream->ref_count);
  return stream;
}

static void
stream_unref (Stream *stream)
{
  if (stream == NULL || !g_atomic_int_dec_and_test (&stream->ref_count))
    return;
  g_mutex_clear (&stream->lock);
  g_string_free (stream->text, TRUE);
  g_free (stream);
}

/* The text so far if it changed since the last call, else NULL. */
static char *
stream_take_changed (Stream *stream)
{
  char *text = NULL;

  g_mutex_lock (&stream->lock);
  if (stream->changed)
    text = g_strndup (stream->text->str, stream->text->len);
  stream->changed = FALSE;
  g_mutex_unlock (&stream->lock);
  return text;
}

static void
job_free (Job *job)
{
  g_clear_pointer (&job->stream, stream_unref);
  g_free (job->db_path);
  g_free (job->profile_id);
  g_ptr_array_unref (job->transforms);
  g_free (job);
}

static void
shown_free (Shown *shown)
{
  df_chapter_free (shown->chapter);
  g_clear_pointer (&shown->rewrite, df_personalized_free);
  g_clear_pointer (&shown->glossary, g_ptr_array_unref);
  g_free (shown);
}

/* ---- the worker ---------------------------------------------------------- */

static void
count_delta (const char *delta,
             gpointer    data)
{
  Job *job = data;

  g_atomic_int_add (job->received, (gint)strlen (delta));
  if (job->stream == NULL)
    return;
  g_mutex_lock (&job->stream->lock);
  g_string_append (job->stream->text, delta);
  job->stream->changed = TRUE;
  g_mutex_unlock (&job->stream->lock);
}

/* A request starts (a section, or a retry): the text shown goes back to
 * the sections accepted. */
static void
request_started (const char *accepted,
                 gpointer    data)
{
  Job *job = data;

  if (job->stream == NULL)
    return;
  g_mutex_lock (&job->stream->lock);
  g_string_assign (job->stream->text, accepted != NULL ? accepted : "");
  if (job->stream->text->len > 0)
    g_string_append (job->stream->text, "\n\n");
  job->stream->changed = TRUE;
  g_mutex_unlock (&job->stream->lock);
}

/* The model's rewrite: from the cache, or (job->rewrite) asked for. */
static DfPersonalized *
rewrite_of (Job              *job,
            DfStore          *store,
            const DfProfile  *profile,
            const DfChapter  *chapter,
            GCancellable     *cancellable,
            GError          **error)
{
  g_autoptr(DfAiConfig) config = df_ai_config_load (store, profile->id, error);
  DfPersonalizeOptions options = { .kind = job->kind, .expiry_days = job->expiry_days,
                                   .on_delta = count_delta, .delta_data = job,
                                   .on_request = request_started };

  if (config == NULL)
    return NULL;
  if (!job->rewrite)
    return df_personalize_cache_lookup (store, profile, chapter, job->kind, config->model, error);
  return df_personalize_rewrite (store, config, profile, chapter, &options, cancellable, error);
}

static void
transform_thread (GTask        *task,
                  gpointer      source G_GNUC_UNUSED,
                  gpointer      data,
                  GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;
  g_autoptr(DfStore) store = df_store_open (job->db_path, &error);
  g_autoptr(DfProfile) profile = NULL;
  Shown *shown = g_new0 (Shown, 1);

  if (store == NULL ||
      (profile = df_profile_get (store, job->profile_id, &error)) == NULL ||
      (shown->chapter = df_chapter_get (store, job->chapter_id, &error)) == NULL)
    goto failed;
  shown->rewrite = rewrite_of (job, store, profile, shown->chapter, cancellable, &error);
  if (error != NULL)
    goto failed;
  if (shown->rewrite != NULL)
    {
      g_free (shown->chapter->content_md);
      /* Urdu paragraphs that open with a Latin word still read right to left */
      shown->chapter->content_md = g_strcmp0 (shown->rewrite->language, "ur") == 0
                                   ? df_personalize_mark_rtl (shown->rewrite->text)
                                   : g_strdup (shown->rewrite->text);
    }
  for (guint i = 0; shown->rewrite == NULL && i < job->transforms->len; i++)
    {
      char *text = df_reader_transform_transform (job->transforms->pdata[i], store, profile, shown->chapter,
                                                  cancellable, &error);
      if (text == NULL)
        goto failed;
      g_free (shown->chapter->content_md);
      shown->chapter->content_md = text;
    }
  {
    g_autoptr(GPtrArray) terms = df_glossary_load (store, shown->chapter->project_id, NULL);
    if (terms != NULL)
      shown->glossary = df_glossary_find_in (terms, shown->chapter->content_md, df_personalize_reader_level (profile),
                                             shown->rewrite != NULL ? shown->rewrite->language : NULL);
  }
  g_task_return_pointer (task, shown, (GDestroyNotify)shown_free);
  return;

failed:
  shown_free (shown);
  g_task_return_error (task, error);
}

/* ---- helpers -------------------------------------------------------------- */

static GPtrArray *
transforms_of (DfReaderView *self)
{
  DfPluginHost *host = self->session != NULL ? df_session_get_plugin_host (self->session) : NULL;

  return host != NULL ? df_plugin_host_get_reader_transforms (host) : NULL;
}

/* Urdu prose in a Nastaliq face where one is installed (Naskh
 * otherwise), with room between wrapped lines for its tall glyphs; code
 * keeps its own monospace tags and runs left to right, as the renderer
 * sets each block's direction from its text. */
static void
set_urdu (DfReaderView *self,
          gboolean      urdu)
{
  GtkWidget *text = GTK_WIDGET (self->markdown_view);
  static GtkCssProvider *css;

  if (css == NULL)
    {
      css = gtk_css_provider_new ();
      gtk_css_provider_load_from_data (css, "textview.df-reader-text.df-urdu { font-family: \"Noto Nastaliq Urdu\","
                                            " \"Noto Naskh Arabic\", \"Noto Serif\", serif; }", -1);
    }
  if (urdu == gtk_widget_has_css_class (text, "df-urdu"))
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (urdu)
    gtk_style_context_add_provider (gtk_widget_get_style_context (text), GTK_STYLE_PROVIDER (css),
                                    GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  else
    gtk_style_context_remove_provider (gtk_widget_get_style_context (text), GTK_STYLE_PROVIDER (css));
  G_GNUC_END_IGNORE_DEPRECATIONS
  if (urdu)
    gtk_widget_add_css_class (text, "df-urdu");
  else
    gtk_widget_remove_css_class (text, "df-urdu");
  if (urdu)
    {
      int wrap = gtk_text_view_get_pixels_inside_wrap (GTK_TEXT_VIEW (text));
      g_object_set_data (G_OBJECT (text), "df-wrap-before-urdu", GINT_TO_POINTER (wrap + 1));
      gtk_text_view_set_pixels_inside_wrap (GTK_TEXT_VIEW (text), wrap * 2 + 6);
    }
  else
    {
      int saved = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (text), "df-wrap-before-urdu"));
      if (saved > 0)
        gtk_text_view_set_pixels_inside_wrap (GTK_TEXT_VIEW (text), saved - 1);
    }
}

static void
show_markdown (DfReaderView *self,
               const char   *markdown)
{
  df_markdown_view_set_markdown (self->markdown_view, self->store, self->project_id, markdown);
}

static void
show (DfReaderView    *self,
      const DfChapter *chapter)
{
  g_free (self->shown_md);
  self->shown_md = _df_reader_view_with_title (chapter);
  show_markdown (self, self->shown_md);
}

/* The open chapter as written, unless it is what the page shows: after a
 * failed transform of a chapter just turned to. */
static void
show_original (DfReaderView *self)
{
  g_autoptr(DfChapter) chapter = self->store != NULL ? df_chapter_get (self->store, self->chapter_id, NULL) : NULL;
  g_autofree char *markdown = chapter != NULL ? _df_reader_view_with_title (chapter) : NULL;

  if (markdown == NULL || g_strcmp0 (markdown, self->shown_md) == 0)
    return;
  set_urdu (self, FALSE);
  g_object_set_data (G_OBJECT (self->markdown_view), "df-shown-urdu", NULL);
  show (self, chapter);
}

/* The rewrite so far, rendered where the reader is: the scroll position
 * is kept. */
static void
show_streamed (DfReaderView *self,
               char         *text)
{
  double at = gtk_adjustment_get_value (self->vadjustment);
  g_autofree char *markdown = NULL;

  g_free (self->stream_chapter->content_md);
  if (gtk_widget_has_css_class (GTK_WIDGET (self->markdown_view), "df-urdu"))
    {
      self->stream_chapter->content_md = df_personalize_mark_rtl (text);
      g_free (text);
    }
  else
    self->stream_chapter->content_md = text;
  markdown = _df_reader_view_with_title (self->stream_chapter);
  show_markdown (self, markdown);
  gtk_adjustment_set_value (self->vadjustment, at);
}

static void
stop_streaming (DfReaderView *self)
{
  g_clear_pointer (&self->stream, stream_unref);
  g_clear_pointer (&self->stream_chapter, df_chapter_free);
}

static const char *
kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "example") == 0)
    return _("Example");
  if (g_strcmp0 (kind, "difficulty") == 0)
    return _("Difficulty");
  return _("Explanation");
}

/* What the bar says: for whom, and what the model did if it did. */
static void
set_label (DfReaderView         *self,
           const DfPersonalized *r)
{
  g_autoptr(DfProfile) profile = df_profile_get (self->store, self->profile_id, NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  const char *level;

  if (profile == NULL)
    return;
  level = df_profile_value_label ("experience_level", df_personalize_reader_level (profile));
  if (r != NULL && g_strcmp0 (r->metric, "urdu") == 0)
    /* Translators: the profile's name, the reader's level, the kind of
     * change, then words a sentence before and after */
    g_string_printf (text, _("Personalized for %s · %s · %s · %.0f → %.0f words a sentence"),
                     profile->display_name, level, kind_label (r->kind), r->before, r->after);
  else if (r != NULL)
    /* Translators: the profile's name, the reader's level, the kind of
     * change, then the grade before and after: "Personalized for Amina ·
     * Beginner · Explanation · grade 12 → grade 8" */
    g_string_printf (text, _("Personalized for %s · %s · %s · grade %.0f → grade %.0f"),
                     profile->display_name, level, kind_label (r->kind), r->before, r->after);
  else
    /* Translators: "Personalized for Amina · Beginner": the profile's name
     * and the reader's level */
    g_string_printf (text, _("Personalized for %s · %s"), profile->display_name, level);
  if (r != NULL && r->note != NULL)
    g_string_append_printf (text, "\n%s", r->note);
  gtk_label_set_text (self->personalize_label, text->str);
}

static void
set_running (DfReaderView *self,
             gboolean      running)
{
  gboolean book = self->book_cancel != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), running || book);
  gtk_widget_set_sensitive (GTK_WIDGET (self->rewrite_button), !running && !book);
  if (self->book_button != NULL)
    gtk_widget_set_sensitive (self->book_button, !running && !book);
  if (!running)
    {
      g_clear_handle_id (&self->rewrite_tick_id, g_source_remove);
      stop_streaming (self);
    }
}

/* ---- callbacks ------------------------------------------------------------- */

/* At most every 100 ms while a rewrite runs: what has come, in the page,
 * and counted in the bar. */
static gboolean
rewrite_tick_cb (gpointer data)
{
  DfReaderView *self = data;
  g_autofree char *text = g_strdup_printf (_("Rewriting… %d characters so far"),
                                           g_atomic_int_get (&self->rewrite_received));
  Stream *stream = self->stream;
  gint64 now = g_get_monotonic_time ();
  char *streamed = NULL;

  gtk_label_set_text (self->personalize_label, text);
  /* A long chapter takes a while to render: the page is rendered again
   * no more often than every four times that, so that the reader can
   * still scroll while the rest comes. */
  if (stream != NULL && now >= stream->next_render)
    streamed = stream_take_changed (stream);
  if (streamed != NULL)
    {
      show_streamed (self, streamed);
      stream->next_render = now + MAX (4 * (g_get_monotonic_time () - now), 100 * 1000);
    }
  return G_SOURCE_CONTINUE;
}

static void
transformed_cb (GObject      *source G_GNUC_UNUSED,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(DfReaderView) self = data;
  g_autoptr(GError) error = NULL;
  Shown *shown = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_task_get_cancellable (G_TASK (result)) != self->personalize_cancel)
    {
      /* replaced by another chapter or request */
      g_clear_pointer (&shown, shown_free);
      return;
    }
  g_clear_object (&self->personalize_cancel);
  if (shown == NULL)
    {
      /* What streamed in is not kept: the chapter as it was shows again,
       * and the bar says why the rewrite is not there. */
      gboolean streamed = self->stream != NULL;
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        text = g_strdup (_("The rewrite was stopped; the chapter as it was is shown"));
      else if (streamed)
        text = g_strdup_printf (_("The rewrite was not kept: %s. The chapter as it was is shown"), error->message);
      else
        text = g_strdup_printf (_("Could not personalize the chapter: %s"), error->message);
      set_running (self, FALSE);
      if (streamed && self->shown_md != NULL)
        {
          set_urdu (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self->markdown_view), "df-shown-urdu")));
          show_markdown (self, self->shown_md);
        }
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_original (self);
      gtk_label_set_text (self->personalize_label, text);
      return;
    }
  set_running (self, FALSE);
  if (shown->chapter->id == self->chapter_id && gtk_toggle_button_get_active (self->personalize_button))
    {
      gboolean urdu = shown->rewrite != NULL && g_strcmp0 (shown->rewrite->language, "ur") == 0;

      set_urdu (self, urdu);
      g_object_set_data (G_OBJECT (self->markdown_view), "df-shown-urdu", GINT_TO_POINTER (urdu));
      g_clear_pointer (&self->glossary, g_ptr_array_unref);
      self->glossary = g_steal_pointer (&shown->glossary);
      show (self, shown->chapter);
      set_label (self, shown->rewrite);
    }
  shown_free (shown);
}

/* ---- private API ------------------------------------------------------------ */

/* Whether the chapter can be shown personalized; the button says why not
 * when it cannot. */
gboolean
_df_reader_view_can_personalize (DfReaderView *self)
{
  g_autoptr(GPtrArray) transforms = NULL;
  const char *why_not = NULL;

  if (self->profile_id == NULL || self->store == NULL)
    why_not = _("Personalizing needs a reader's profile: make one with New Profile… in the main menu");
  else if ((transforms = transforms_of (self)) == NULL || transforms->len == 0)
    why_not = _("Personalizing needs a plugin that adapts chapters to readers, such as Personalize: "
                "enable one in Preferences, Plugins");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->personalize_button),
                               why_not != NULL ? why_not : _("Personalized for the Reader's Profile"));
  return why_not == NULL;
}

static void
start (DfReaderView *self,
       gint64        chapter_id,
       gboolean      rewrite)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) transforms = transforms_of (self);
  DfPluginJobLimits limits = { 0 };
  Job *job = g_new0 (Job, 1);

  job->db_path = g_strdup (df_session_get_db_path (self->session));
  job->profile_id = g_strdup (self->profile_id);
  job->chapter_id = chapter_id;
  job->kind = (DfPersonalizeKind)gtk_drop_down_get_selected (self->kind_dropdown);
  job->rewrite = rewrite;
  if (df_session_get_settings (self->session) != NULL)
    job->expiry_days = (guint)MAX (g_settings_get_int (df_session_get_settings (self->session), "personalize-expiry-days"), 0);
  job->received = &self->rewrite_received;
  job->stream = rewrite && self->stream != NULL ? stream_ref (self->stream) : NULL;
  job->transforms = g_ptr_array_new_with_free_func (g_object_unref);
  if (df_session_get_settings (self->session) != NULL)
    {
      limits.time_limit = g_settings_get_uint (df_session_get_settings (self->session), "plugin-time-limit");
      limits.memory_limit = g_settings_get_uint (df_session_get_settings (self->session), "plugin-memory-limit");
    }
  /* Each transform runs in the helper process: one that crashes or hangs
   * fails this chapter's personalization, not the window. */
  for (guint i = 0; transforms != NULL && i < transforms->len; i++)
    g_ptr_array_add (job->transforms,
                     df_plugin_job_reader_transform (df_session_get_plugin_host (self->session), transforms->pdata[i],
                                                     &limits));

  self->personalize_cancel = g_cancellable_new ();
  task = g_task_new (NULL, self->personalize_cancel, transformed_cb, g_object_ref (self));
  g_task_set_source_tag (task, start);
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);
  g_task_run_in_thread (task, transform_thread);
}

static void
stop_running (DfReaderView *self)
{
  GCancellable *cancel = g_steal_pointer (&self->personalize_cancel);

  g_cancellable_cancel (cancel);
  g_clear_object (&cancel);
  set_running (self, FALSE);
}

void
_df_reader_view_show_chapter (DfReaderView    *self,
                              const DfChapter *chapter)
{
  gboolean on;

  stop_running (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->personalize_button), _df_reader_view_can_personalize (self));
  on = gtk_toggle_button_get_active (self->personalize_button) && _df_reader_view_can_personalize (self);
  gtk_widget_set_visible (GTK_WIDGET (self->personalize_bar), on);
  if (!on)
    {
      g_clear_pointer (&self->glossary, g_ptr_array_unref);
      set_urdu (self, FALSE);
      g_object_set_data (G_OBJECT (self->markdown_view), "df-shown-urdu", NULL);
      show (self, chapter);
      return;
    }
  gtk_label_set_text (self->personalize_label, "");
  start (self, chapter->id, FALSE);
}

void
_df_reader_view_personalize_toggled (DfReaderView *self)
{
  g_autoptr(DfChapter) chapter = NULL;

  if (self->store == NULL || self->chapter_id == 0)
    return;
  chapter = df_chapter_get (self->store, self->chapter_id, NULL);
  if (chapter != NULL)
    _df_reader_view_show_chapter (self, chapter);
}

void
_df_reader_view_rewrite (DfReaderView *self)
{
  if (self->store == NULL || self->chapter_id == 0 || !_df_reader_view_can_personalize (self))
    return;
  g_autoptr(DfProfile) profile = NULL;

  stop_running (self);
  g_atomic_int_set (&self->rewrite_received, 0);
  set_running (self, TRUE);
  /* What arrives streams into the page, in the reader's direction. */
  self->stream = stream_new ();
  self->stream_chapter = df_chapter_get (self->store, self->chapter_id, NULL);
  if (self->stream_chapter == NULL)
    stop_streaming (self);
  profile = df_profile_get (self->store, self->profile_id, NULL);
  if (self->stream != NULL && profile != NULL && g_strcmp0 (profile->preferred_language, "ur") == 0)
    set_urdu (self, TRUE);
  rewrite_tick_cb (self);
  self->rewrite_tick_id = g_timeout_add (100, rewrite_tick_cb, self);
  start (self, self->chapter_id, TRUE);
}

void
_df_reader_view_stop_rewrite (DfReaderView *self)
{
  GCancellable *cancel = self->personalize_cancel;

  /* The callback says it was stopped; the chapter shown stays. */
  if (cancel != NULL)
    g_cancellable_cancel (cancel);
}

gboolean
_df_reader_view_is_streaming (DfReaderView *self)
{
  return self->stream != NULL;
}

void
_df_reader_view_personalize_dispose (DfReaderView *self)
{
  stop_streaming (self);
  g_clear_pointer (&self->shown_md, g_free);
}

gboolean
_df_reader_view_is_personalized (DfReaderView *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->personalize_bar)) &&
         *gtk_label_get_text (self->personalize_label) != '\0';
}
