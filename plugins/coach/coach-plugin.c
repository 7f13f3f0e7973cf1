/* coach-plugin.c: the writing coach, a chat panel in the project view
 *
 * A DfUiExtension: a panel with the conversation (the writer's and the
 * coach's bubbles, selectable), an input of several lines (Enter sends,
 * Shift+Enter starts a new line) with Send, and Stop while a reply
 * streams in; a menu action "Ask the Coach for a Plan".  The conversation
 * is kept per project in chat_messages; prompts, profiling and plans are
 * the core's (df-chat.h), so the command line's `coach` behaves alike.
 * Replies stream through df_ai_complete_async, each delta appended to the
 * last bubble's buffer as it arrives.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "coach"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>
#include <gtk/gtk.h>

#include <draftforge-plugin.h>

#include "df-ai.h"

#define COACH_TYPE_UI (coach_ui_get_type ())
G_DECLARE_FINAL_TYPE (CoachUi, coach_ui, COACH, UI, GObject)

struct _CoachUi
{
  GObject             parent_instance;
  DfStore            *store;
  gint64              project_id;
  GSimpleActionGroup *actions;
  GMenu              *menu;

  /* The current panel and its parts (weak: the panel owns them). */
  GtkWidget          *panel;
  GtkWidget          *messages;       /* GtkBox of bubbles */
  GtkWidget          *scroller;
  GtkWidget          *input;          /* GtkTextView: several lines */
  GtkWidget          *send;
  GtkWidget          *stop;
  GtkWidget          *status;
  GtkWidget          *setup;
  GtkWidget          *setup_button;
  GtkWidget          *suggestions;

  /* The reply streaming in, or the plan being asked for. */
  GCancellable       *cancellable;
  gboolean            busy;
};

static void coach_ui_iface_init (DfUiExtensionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CoachUi, coach_ui, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DF_TYPE_UI_EXTENSION, coach_ui_iface_init))

/* ---- the panel's parts ------------------------------------------------- */

static void
scroll_to_end (CoachUi *self)
{
  GtkAdjustment *adj;

  if (self->scroller == NULL)
    return;
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller));
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
}

/* The coach's words, its Markdown shown as the reader shows it (by the
 * application), or as they are where no application offers that. */
static void
set_coach_text (GtkTextBuffer *buffer,
                const char    *text)
{
  if (!df_ui_extension_render_markdown (G_OBJECT (buffer), text != NULL ? text : ""))
    gtk_text_buffer_set_text (buffer, text != NULL ? text : "", -1);
}

/* A bubble: a read-only text view (selectable) whose buffer grows as a
 * reply streams in. */
static GtkTextBuffer *
add_bubble (CoachUi    *self,
            const char *sender,
            const char *text)
{
  GtkWidget *view;
  GtkTextBuffer *buffer;
  gboolean coach = g_strcmp0 (sender, "coach") == 0;

  if (self->messages == NULL)
    return NULL;

  view = gtk_text_view_new ();
  gtk_widget_set_name (view, coach ? "coach-bubble" : "user-bubble");
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_widget_add_css_class (view, "card");
  gtk_widget_set_halign (view, GTK_ALIGN_FILL);
  gtk_widget_set_margin_start (view, coach ? 0 : 24);
  gtk_widget_set_margin_end (view, coach ? 24 : 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  coach ? _("The coach") : _("You"), -1);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  if (coach)
    set_coach_text (buffer, text);
  else
    gtk_text_buffer_set_text (buffer, text ? text : "", -1);
  gtk_box_append (GTK_BOX (self->messages), view);
  scroll_to_end (self);
  return buffer;
}

static void
set_status (CoachUi    *self,
            const char *text)
{
  if (self->status == NULL)
    return;
  gtk_label_set_text (GTK_LABEL (self->status), text ? text : "");
  gtk_widget_set_visible (self->status, text != NULL && *text != '\0');
}

/* The suggestions that need no model, read again: today's words, the
 * book's, the streak and the next task. */
static void
refresh_suggestions (CoachUi *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (self->suggestions == NULL || !gtk_widget_get_visible (self->suggestions) || self->store == NULL ||
      self->project_id == 0)
    return;
  text = df_coach_suggestions (self->store, self->project_id, &error);
  gtk_label_set_text (GTK_LABEL (self->suggestions), text ? text : error->message);
}

/* The set-up text and the suggestions. */
static void
show_setup (CoachUi  *self,
            gboolean  shown)
{
  if (self->setup == NULL)
    return;
  gtk_widget_set_visible (self->setup, shown);
  if (self->setup_button != NULL)
    gtk_widget_set_visible (self->setup_button, shown);
  gtk_widget_set_visible (self->suggestions, shown);
  refresh_suggestions (self);
}

static void
set_busy (CoachUi  *self,
          gboolean  busy)
{
  self->busy = busy;
  if (self->panel == NULL)
    return;
  gtk_widget_set_visible (self->stop, busy);
  gtk_widget_set_sensitive (self->send, !busy);
}

static void
reload_messages (CoachUi *self)
{
  g_autoptr(GPtrArray) list = NULL;
  GtkWidget *child;

  if (self->messages == NULL)
    return;
  while ((child = gtk_widget_get_first_child (self->messages)) != NULL)
    gtk_box_remove (GTK_BOX (self->messages), child);

  if (self->store == NULL || self->project_id == 0)
    return;
  list = df_chat_list (self->store, self->project_id, 0, NULL);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      DfChatMessage *m = list->pdata[i];
      add_bubble (self, m->sender, m->content);
    }
}

/* Configured as far as can be told without the key (which may need the
 * Secret Service): a base URL and a model. */
static gboolean
provider_configured (CoachUi *self)
{
  g_autoptr(DfProfile) profile = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *model = NULL;
  const char *env_url = g_getenv ("DRAFTFORGE_AI_BASE_URL");
  const char *env_model = g_getenv ("DRAFTFORGE_AI_MODEL");

  if (self->store == NULL)
    return FALSE;
  profile = df_profile_get_active (self->store, NULL);
  if (env_url != NULL && *env_url != '\0')
    base_url = g_strdup (env_url);
  else if (profile != NULL)
    base_url = df_ai_settings_get (self->store, profile->id, "base-url");
  if (env_model != NULL && *env_model != '\0')
    model = g_strdup (env_model);
  else if (profile != NULL)
    model = df_ai_settings_get (self->store, profile->id, "model");
  return base_url != NULL && *base_url != '\0' && model != NULL && *model != '\0';
}

/* ---- a reply streaming in ---------------------------------------------- */

typedef struct
{
  CoachUi       *self;         /* a reference */
  DfStore       *store;        /* a reference */
  gint64         project_id;
  GtkTextBuffer *buffer;       /* a reference: the coach's bubble */
  GString       *text;
} Reply;

static void
reply_free (Reply *reply)
{
  g_clear_object (&reply->self);
  g_clear_object (&reply->store);
  g_clear_object (&reply->buffer);
  g_string_free (reply->text, TRUE);
  g_free (reply);
}

static void
reply_delta (const char *delta,
             gpointer    data)
{
  Reply *reply = data;

  /* All of it laid in again: a delta may close a **, a list, a fence. */
  g_string_append (reply->text, delta);
  set_coach_text (reply->buffer, reply->text->str);
  if (reply->self->project_id == reply->project_id)
    scroll_to_end (reply->self);
}

static void
reply_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Reply *reply = data;
  CoachUi *self = reply->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfAiResponse) response = df_ai_complete_finish (result, &error);
  gboolean same_project = self->project_id == reply->project_id;

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  if (response != NULL)
    {
      g_autoptr(DfChatMessage) prompt = NULL;
      g_autoptr(DfChatMessage) stored = NULL;
      g_autoptr(GError) store_error = NULL;
      const char *content = response->content != NULL && *response->content != '\0'
                            ? response->content : reply->text->str;

      /* The whole reply, as the provider gave it. */
      if (g_strcmp0 (content, reply->text->str) != 0)
        set_coach_text (reply->buffer, content);
      stored = df_coach_add_reply (reply->store, reply->project_id, content, &prompt, &store_error);
      if (stored == NULL)
        g_warning ("Could not keep the coach's reply: %s", store_error->message);
      if (same_project)
        {
          set_status (self, NULL);
          show_setup (self, FALSE);
          if (prompt != NULL)
            add_bubble (self, "coach", prompt->content);
        }
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Stopped: what came so far stays in the conversation. */
      if (reply->text->len > 0)
        {
          g_autoptr(DfProfile) profile = df_profile_get_active (reply->store, NULL);
          g_autoptr(DfChatMessage) stored = df_chat_add (reply->store, reply->project_id,
                                                         profile ? profile->id : NULL, "coach",
                                                         reply->text->str, FALSE, 0, NULL);
        }
      if (same_project)
        set_status (self, _("Stopped."));
    }
  else
    {
      if (reply->text->len == 0 && same_project)
        {
          GtkWidget *last = self->messages ? gtk_widget_get_last_child (self->messages) : NULL;

          if (last != NULL && GTK_IS_TEXT_VIEW (last) &&
              gtk_text_view_get_buffer (GTK_TEXT_VIEW (last)) == reply->buffer)
            gtk_box_remove (GTK_BOX (self->messages), last);
        }
      g_message ("The coach could not answer: %s", error->message);
      if (same_project)
        {
          set_status (self, error->message);
          show_setup (self, df_coach_is_setup_error (error));
        }
    }

  reply_free (reply);
}

static void
send_message (CoachUi    *self,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfChatMessage) message = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(DfProfile) profile = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  DfAiRequest request = { 0 };
  Reply *reply;

  if (self->busy || self->store == NULL || self->project_id == 0 || *trimmed == '\0')
    return;

  if (!provider_configured (self))
    {
      set_status (self, _("No AI provider is set up."));
      show_setup (self, TRUE);
      return;
    }

  message = df_coach_add_user_message (self->store, self->project_id, trimmed, &error);
  if (message == NULL)
    {
      set_status (self, error->message);
      return;
    }
  add_bubble (self, "user", trimmed);
  if (self->input != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->input)), "", 0);

  messages = df_coach_build_messages (self->store, self->project_id, &error);
  if (messages == NULL)
    {
      set_status (self, error->message);
      return;
    }

  profile = df_profile_get_active (self->store, NULL);
  request.agent = "coach";
  request.profile_id = profile ? profile->id : NULL;
  request.project_id = self->project_id;
  request.messages = messages;
  request.temperature = -1;

  reply = g_new0 (Reply, 1);
  reply->self = g_object_ref (self);
  reply->store = g_object_ref (self->store);
  reply->project_id = self->project_id;
  reply->buffer = g_object_ref (add_bubble (self, "coach", ""));
  reply->text = g_string_new (NULL);

  set_status (self, NULL);
  show_setup (self, FALSE);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  df_ai_complete_async (df_store_get_path (self->store), &request,
                        reply_delta, reply, NULL,
                        self->cancellable, reply_done, reply);
}

static void
send_clicked (CoachUi *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (self->input == NULL)
    return;
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->input));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  send_message (self, text);
}

/* Enter sends; Shift+Enter is not taken, so the text view starts a new
 * line.  In the capture phase: before the text view's own handling of
 * Enter. */
static gboolean
enter_pressed (GtkWidget *widget,
               GVariant  *args,
               gpointer   data)
{
  send_clicked (data);
  return TRUE;
}

/* Shows the hint over the input while it is empty (GtkTextView shows
 * no hint text of its own). */
static void
input_changed (GtkTextBuffer *buffer,
               GtkWidget     *hint)
{
  gtk_widget_set_visible (hint, gtk_text_buffer_get_char_count (buffer) == 0);
}

/* The input: a few lines high at most, then it scrolls. */
static GtkWidget *
make_input (CoachUi *self)
{
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *hint = gtk_label_new (_("Ask the coach…"));
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkEventController *enter = gtk_shortcut_controller_new ();
  GtkShortcutTrigger *trigger;

  g_set_weak_pointer (&self->input, gtk_text_view_new ());
  gtk_widget_set_name (self->input, "coach-input");
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->input), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (self->input), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->input), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self->input), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->input), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self->input), 6);
  gtk_widget_set_tooltip_text (self->input, _("Ask the coach: Enter sends, Shift+Enter starts a new line"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->input),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Ask the coach"), -1);

  trigger = gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Return, 0),
                                         gtk_keyval_trigger_new (GDK_KEY_KP_Enter, 0));
  gtk_event_controller_set_propagation_phase (enter, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (enter),
                                        gtk_shortcut_new (trigger, gtk_callback_action_new (enter_pressed, self, NULL)));
  gtk_widget_add_controller (self->input, enter);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->input);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 120);
  gtk_widget_add_css_class (scroller, "card");

  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_set_can_target (hint, FALSE);
  gtk_widget_set_halign (hint, GTK_ALIGN_START);
  gtk_widget_set_valign (hint, GTK_ALIGN_START);
  gtk_widget_set_margin_start (hint, 8);
  gtk_widget_set_margin_top (hint, 6);
  g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->input)), "changed",
                           G_CALLBACK (input_changed), hint, 0);

  gtk_overlay_set_child (GTK_OVERLAY (overlay), scroller);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), hint);
  gtk_widget_set_hexpand (overlay, TRUE);
  return overlay;
}

static void
stop_clicked (CoachUi *self)
{
  g_cancellable_cancel (self->cancellable);
}

/* ---- a plan ------------------------------------------------------------- */

typedef struct
{
  char   *db_path;
  gint64  project_id;
} PlanJob;

static void
plan_job_free (PlanJob *job)
{
  g_free (job->db_path);
  g_free (job);
}

static void
plan_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  PlanJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DfStore) store = df_store_open (job->db_path, &error);
  g_autoptr(DfProfile) profile = NULL;
  g_autoptr(DfAiConfig) config = NULL;
  g_autoptr(DfPlan) plan = NULL;

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  profile = df_profile_get_active (store, NULL);
  config = df_ai_config_load (store, profile ? profile->id : NULL, &error);
  if (config == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  plan = df_coach_request_plan (config, store, job->project_id, cancellable, NULL, &error);
  if (plan == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, df_coach_plan_summary (store, plan), g_free);
}

static void
plan_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  CoachUi *self = COACH_UI (source);
  gint64 project_id = GPOINTER_TO_SIZE (data);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = g_task_propagate_pointer (G_TASK (result), &error);

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  if (self->project_id != project_id)
    return;

  if (summary != NULL)
    {
      reload_messages (self);
      set_status (self, _("The plan's tasks are on the dashboard."));
      show_setup (self, FALSE);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_status (self, _("Stopped."));
  else
    {
      g_message ("The coach could not make a plan: %s", error->message);
      set_status (self, error->message);
      show_setup (self, df_coach_is_setup_error (error));
    }
}

static void
ask_plan (GSimpleAction *action,
          GVariant      *param,
          gpointer       data)
{
  CoachUi *self = data;
  g_autoptr(GTask) task = NULL;
  PlanJob *job;

  if (self->busy || self->store == NULL || self->project_id == 0)
    return;
  if (!provider_configured (self))
    {
      set_status (self, _("No AI provider is set up."));
      show_setup (self, TRUE);
      return;
    }

  job = g_new0 (PlanJob, 1);
  job->db_path = g_strdup (df_store_get_path (self->store));
  job->project_id = self->project_id;

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  set_status (self, _("Asking the coach for a plan…"));
  task = g_task_new (self, self->cancellable, plan_done, GSIZE_TO_POINTER ((gsize)self->project_id));
  g_task_set_source_tag (task, ask_plan);
  g_task_set_task_data (task, job, (GDestroyNotify)plan_job_free);
  g_task_run_in_thread (task, plan_thread);
}

/* ---- the extension ------------------------------------------------------ */

static void
coach_set_project (DfUiExtension *ext,
                   DfStore       *store,
                   gint64         project_id)
{
  CoachUi *self = COACH_UI (ext);
  gboolean changed = self->project_id != project_id || self->store != store;

  if (changed)
    g_cancellable_cancel (self->cancellable);
  g_set_object (&self->store, store);
  self->project_id = project_id;
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "ask-plan")),
                               project_id != 0);
  if (changed)
    {
      reload_messages (self);
      set_status (self, NULL);
      show_setup (self, project_id != 0 && !provider_configured (self));
    }
}

/* What was written counts at once in the suggestions shown (they were
 * the figures of when the project opened); hidden ones are read again
 * when they show. */
static void
coach_chapter_saved (DfUiExtension *ext,
                     gint64         chapter_id)
{
  CoachUi *self = COACH_UI (ext);

  if (self->suggestions != NULL && gtk_widget_get_mapped (self->suggestions))
    refresh_suggestions (self);
}

static GActionGroup *
coach_get_actions (DfUiExtension *ext)
{
  return G_ACTION_GROUP (COACH_UI (ext)->actions);
}

static GMenuModel *
coach_get_menu (DfUiExtension *ext)
{
  return G_MENU_MODEL (COACH_UI (ext)->menu);
}

static const char *
coach_get_panel_title (DfUiExtension *ext)
{
  return _("Coach");
}

static GtkWidget *
wrapped_label (const char *name)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_name (label, name);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_visible (label, FALSE);
  return label;
}

static GObject *
coach_create_panel (DfUiExtension *ext)
{
  CoachUi *self = COACH_UI (ext);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *plan = gtk_button_new_with_mnemonic (_("_Plan"));
  GtkWidget *input;

  gtk_widget_set_name (box, "coach-panel");
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  g_set_weak_pointer (&self->panel, box);
  g_set_weak_pointer (&self->setup, wrapped_label ("coach-setup"));
  g_set_weak_pointer (&self->suggestions, wrapped_label ("coach-suggestions"));
  g_set_weak_pointer (&self->status, wrapped_label ("coach-status"));
  /* Not the command line's instructions: the button opens the fields. */
  gtk_label_set_text (GTK_LABEL (self->setup),
                      _("The coach needs an AI provider. For a free local one, install Ollama and "
                        "download a model (“ollama pull llama3.2”): its base URL is "
                        "http://localhost:11434/v1 and its model llama3.2. A hosted provider "
                        "(OpenAI, OpenRouter…) needs its base URL, a model and your key."));
  g_set_weak_pointer (&self->setup_button, gtk_button_new_with_mnemonic (_("_Set Up a Provider…")));
  gtk_widget_set_name (self->setup_button, "coach-setup-button");
  gtk_widget_set_halign (self->setup_button, GTK_ALIGN_START);
  gtk_widget_set_visible (self->setup_button, FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->setup_button), "app.ai-settings");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->setup_button), "s", "base-url");
  gtk_widget_add_css_class (self->setup, "dim-label");
  gtk_widget_add_css_class (self->status, "dim-label");

  g_set_weak_pointer (&self->messages, gtk_box_new (GTK_ORIENTATION_VERTICAL, 8));
  gtk_widget_set_name (self->messages, "coach-messages");
  g_set_weak_pointer (&self->scroller, gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->messages);
  gtk_widget_set_vexpand (self->scroller, TRUE);

  input = make_input (self);

  g_set_weak_pointer (&self->send, gtk_button_new_with_mnemonic (_("_Send")));
  gtk_widget_set_name (self->send, "coach-send");
  gtk_widget_add_css_class (self->send, "suggested-action");
  g_signal_connect_object (self->send, "clicked", G_CALLBACK (send_clicked), self, G_CONNECT_SWAPPED);

  g_set_weak_pointer (&self->stop, gtk_button_new_with_mnemonic (_("S_top")));
  gtk_widget_set_name (self->stop, "coach-stop");
  gtk_widget_set_visible (self->stop, FALSE);
  g_signal_connect_object (self->stop, "clicked", G_CALLBACK (stop_clicked), self, G_CONNECT_SWAPPED);

  gtk_widget_set_name (plan, "coach-plan");
  gtk_widget_set_tooltip_text (plan, _("Ask the Coach for a Plan"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (plan), "plugin-io-github-draftforge-Coach.ask-plan");

  gtk_box_append (GTK_BOX (row), input);
  gtk_widget_set_valign (self->send, GTK_ALIGN_END);
  gtk_widget_set_valign (self->stop, GTK_ALIGN_END);
  gtk_widget_set_valign (plan, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (row), self->send);
  gtk_box_append (GTK_BOX (row), self->stop);
  gtk_box_append (GTK_BOX (row), plan);

  g_signal_connect_object (self->suggestions, "map", G_CALLBACK (refresh_suggestions), self, G_CONNECT_SWAPPED);

  gtk_box_append (GTK_BOX (box), self->setup);
  gtk_box_append (GTK_BOX (box), self->setup_button);
  gtk_box_append (GTK_BOX (box), self->suggestions);
  gtk_box_append (GTK_BOX (box), self->scroller);
  gtk_box_append (GTK_BOX (box), self->status);
  gtk_box_append (GTK_BOX (box), row);

  reload_messages (self);
  set_busy (self, self->busy);
  show_setup (self, self->project_id != 0 && !provider_configured (self));
  return G_OBJECT (box);
}

static void
coach_ui_iface_init (DfUiExtensionInterface *iface)
{
  iface->set_project = coach_set_project;
  iface->get_actions = coach_get_actions;
  iface->get_menu = coach_get_menu;
  iface->get_panel_title = coach_get_panel_title;
  iface->create_panel = coach_create_panel;
  iface->chapter_saved = coach_chapter_saved;
}

static void
coach_ui_dispose (GObject *object)
{
  CoachUi *self = COACH_UI (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->panel);
  g_clear_weak_pointer (&self->messages);
  g_clear_weak_pointer (&self->scroller);
  g_clear_weak_pointer (&self->input);
  g_clear_weak_pointer (&self->send);
  g_clear_weak_pointer (&self->stop);
  g_clear_weak_pointer (&self->status);
  g_clear_weak_pointer (&self->setup);
  g_clear_weak_pointer (&self->setup_button);
  g_clear_weak_pointer (&self->suggestions);
  g_clear_object (&self->store);
  g_clear_object (&self->actions);
  g_clear_object (&self->menu);
  G_OBJECT_CLASS (coach_ui_parent_class)->dispose (object);
}

static void
coach_ui_class_init (CoachUiClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = coach_ui_dispose;
}

static void
coach_ui_init (CoachUi *self)
{
  static const GActionEntry entries[] = { { "ask-plan", ask_plan, NULL, NULL, NULL, { 0 } } };

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "ask-plan")),
                               FALSE);
  self->menu = g_menu_new ();
  g_menu_append (self->menu, _("Ask the Coach for a Plan"), "plugin-io-github-draftforge-Coach.ask-plan");
}

G_MODULE_EXPORT gboolean draftforge_plugin_init (DfPluginRegistry *registry, GError **error);

G_MODULE_EXPORT gboolean
draftforge_plugin_init (DfPluginRegistry  *registry,
                        GError           **error)
{
  df_plugin_registry_add_ui_extension (registry, COACH_TYPE_UI);
  return TRUE;
}
