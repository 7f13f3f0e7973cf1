/* df-editor-style.c: the editor's style underlines
 *
 * The style agent's findings (passive voice, clichés, wordy phrases…)
 * are underlined in a colour of their own, distinct from spelling: a
 * paragraph is checked again a short pause after it changed, only the
 * paragraphs that changed; the whole text when it is loaded.  Hovering
 * shows the message; the context menu offers the suggestion, "Ignore
 * this" (the words join the project's ignore list) and turning the check
 * off for the project, and a switch for the whole style checking.  The
 * project's settings change through the "style-settings-changed" signal
 * its owner stores.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-editor"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "df-editor-private.h"

typedef struct
{
  GtkTextMark *start;
  GtkTextMark *end;
  char        *check;
  char        *message;
  char        *suggestion;
  char        *quote;
} StyleFinding;

static void
style_finding_free (gpointer data)
{
  StyleFinding *f = data;
  GtkTextBuffer *buffer = gtk_text_mark_get_buffer (f->start);

  if (buffer != NULL)
    {
      gtk_text_buffer_delete_mark (buffer, f->start);
      gtk_text_buffer_delete_mark (buffer, f->end);
    }
  g_object_unref (f->start);
  g_object_unref (f->end);
  g_free (f->check);
  g_free (f->message);
  g_free (f->suggestion);
  g_free (f->quote);
  g_free (f);
}

/* Widens [start, end] to the paragraphs they touch (blank lines part
 * them). */
static void
to_paragraphs (GtkTextIter *start,
               GtkTextIter *end)
{
  gtk_text_iter_set_line_offset (start, 0);
  if (!df_editor_line_is_blank (start))
    df_editor_paragraph_start (start);
  if (df_editor_line_is_blank (end))
    return;   /* between paragraphs already */
  df_editor_paragraph_end (end);
}

static void
mark_dirty (DfEditor          *self,
            const GtkTextIter *start,
            const GtkTextIter *end)
{
  df_editor_widen_range (GTK_TEXT_VIEW (self), self->style_dirty_start, self->style_dirty_end, &self->style_dirty,
                         start, end);
}

static gboolean style_check_cb (gpointer data);

static void
schedule (DfEditor *self,
          guint     delay_ms)
{
  g_clear_handle_id (&self->style_source, g_source_remove);
  if (self->style_agent != NULL && self->style_on)
    self->style_source = g_timeout_add (delay_ms, style_check_cb, self);
}

/* The findings that overlap [start, end] go, with their underlines. */
static void
forget_findings (DfEditor          *self,
                 const GtkTextIter *start,
                 const GtkTextIter *end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));

  for (guint i = self->style_findings->len; i > 0; i--)
    {
      StyleFinding *f = g_ptr_array_index (self->style_findings, i - 1);
      GtkTextIter fs, fe;

      gtk_text_buffer_get_iter_at_mark (buffer, &fs, f->start);
      gtk_text_buffer_get_iter_at_mark (buffer, &fe, f->end);
      if (gtk_text_iter_compare (&fe, start) >= 0 && gtk_text_iter_compare (&fs, end) <= 0)
        {
          if (self->style_menu_finding == f)
            self->style_menu_finding = NULL;
          g_ptr_array_remove_index (self->style_findings, i - 1);
        }
    }
  gtk_text_buffer_remove_tag (buffer, self->style_tag, start, end);
}

static gboolean
style_check_cb (gpointer data)
{
  DfEditor *self = DF_EDITOR (data);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end, dirty_end;
  gboolean more;
  int base;

  self->style_source = 0;
  if (!self->style_dirty)
    return G_SOURCE_REMOVE;
  /* A slice at a time, whole paragraphs, so that a long chapter never
   * holds the window up; the rest from an idle callback. */
  gtk_text_buffer_get_iter_at_mark (buffer, &start, self->style_dirty_start);
  gtk_text_buffer_get_iter_at_mark (buffer, &dirty_end, self->style_dirty_end);
  end = start;
  gtk_text_iter_forward_chars (&end, STYLE_SLICE_CHARS);
  if (gtk_text_iter_compare (&end, &dirty_end) >= 0)
    end = dirty_end;
  else
    {
      /* Back to the blank line before the paragraph the slice cuts,
       * unless that paragraph is all the slice holds. */
      GtkTextIter back = end;

      gtk_text_iter_set_line_offset (&back, 0);
      while (gtk_text_iter_compare (&back, &start) > 0 && !df_editor_line_is_blank (&back))
        gtk_text_iter_backward_line (&back);
      if (gtk_text_iter_compare (&back, &start) > 0)
        end = back;
    }
  to_paragraphs (&start, &end);
  more = gtk_text_iter_compare (&end, &dirty_end) < 0;
  self->style_dirty = more;
  if (more)
    {
      gtk_text_buffer_move_mark (buffer, self->style_dirty_start, &end);
      self->style_source = g_idle_add_full (G_PRIORITY_LOW, style_check_cb, self, NULL);
    }
  forget_findings (self, &start, &end);
  /* Not prose a writer types: a paragraph of a hundred thousand
   * characters (a huge line) is left alone. */
  if (self->style_agent == NULL || !self->style_on ||
      gtk_text_iter_get_offset (&end) - gtk_text_iter_get_offset (&start) > STYLE_MAX_CHARS)
    return G_SOURCE_REMOVE;

  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  issues = df_agent_check_text (self->style_agent, self->style_settings, text, -1, &error);
  if (issues == NULL)
    {
      g_warning ("The style check failed: %s", error->message);
      return G_SOURCE_REMOVE;
    }
  base = gtk_text_iter_get_offset (&start);
  for (guint i = 0; i < issues->len; i++)
    {
      DfAgentIssue *issue = g_ptr_array_index (issues, i);
      StyleFinding *f;
      GtkTextIter fs, fe;
      glong at, n;

      /* Info and whole sentences stay in the Issues panel: the text is
       * not a sea of lines, and the words' own lines stay visible. */
      if (issue->offset < 0 || issue->length <= 0 || issue->severity == DF_ISSUE_INFO ||
          g_strcmp0 (issue->check, "sticky-sentence") == 0 || g_strcmp0 (issue->check, "sentence-variety") == 0)
        continue;
      at = g_utf8_pointer_to_offset (text, text + issue->offset);
      n = g_utf8_pointer_to_offset (text + issue->offset, text + issue->offset + issue->length);
      gtk_text_buffer_get_iter_at_offset (buffer, &fs, base + at);
      gtk_text_buffer_get_iter_at_offset (buffer, &fe, base + at + n);
      /* A paragraph inside a fenced block looks like prose on its own:
       * the highlighting knows it is code. */
      if (gtk_source_buffer_iter_has_context_class (GTK_SOURCE_BUFFER (buffer), &fs, "no-spell-check"))
        continue;
      gtk_text_buffer_apply_tag (buffer, self->style_tag, &fs, &fe);
      f = g_new0 (StyleFinding, 1);
      f->start = g_object_ref (gtk_text_buffer_create_mark (buffer, NULL, &fs, TRUE));
      f->end = g_object_ref (gtk_text_buffer_create_mark (buffer, NULL, &fe, FALSE));
      f->check = g_strdup (issue->check);
      f->message = g_strdup (issue->message);
      f->suggestion = g_strdup (issue->suggestion);
      f->quote = g_strdup (issue->quote);
      g_ptr_array_add (self->style_findings, f);
    }
  return G_SOURCE_REMOVE;
}

/* The finding under @iter (the innermost), or NULL. */
static StyleFinding *
finding_at (DfEditor          *self,
            const GtkTextIter *iter)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  StyleFinding *best = NULL;
  int best_len = G_MAXINT;

  for (guint i = 0; i < self->style_findings->len; i++)
    {
      StyleFinding *f = g_ptr_array_index (self->style_findings, i);
      GtkTextIter fs, fe;
      int len;

      gtk_text_buffer_get_iter_at_mark (buffer, &fs, f->start);
      gtk_text_buffer_get_iter_at_mark (buffer, &fe, f->end);
      len = gtk_text_iter_get_offset (&fe) - gtk_text_iter_get_offset (&fs);
      if (gtk_text_iter_compare (iter, &fs) >= 0 && gtk_text_iter_compare (iter, &fe) <= 0 && len < best_len)
        {
          best = f;
          best_len = len;
        }
    }
  return best;
}

/* ---- the context menu ----------------------------------------------------- */

/* The style section, after spelling's and before the codex's in the
 * context menu, while there is a style checker. */
static void
place_section (DfEditor *self,
               gboolean  shown)
{
  GMenuModel *menu = G_MENU_MODEL (self->spell_menu);
  int n = g_menu_model_get_n_items (menu);

  for (int i = 0; i < n; i++)
    {
      g_autoptr(GMenuModel) link = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (link == G_MENU_MODEL (self->style_menu))
        {
          g_menu_remove (self->spell_menu, i);
          break;
        }
    }
  if (shown)
    df_editor_menu_add_section (self, G_MENU_MODEL (self->style_menu));
}

static void
update_menu (DfEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  g_autoptr(GMenu) fixes = g_menu_new ();
  g_autoptr(GMenu) toggle = g_menu_new ();
  StyleFinding *f = NULL;
  GtkTextIter at;

  g_menu_remove_all (self->style_menu);
  place_section (self, self->style_agent != NULL);
  if (self->style_agent == NULL)
    return;
  gtk_text_buffer_get_iter_at_mark (buffer, &at, gtk_text_buffer_get_insert (buffer));
  if (self->style_on)
    f = finding_at (self, &at);
  self->style_menu_finding = f;
  if (f != NULL)
    {
      if (f->suggestion != NULL && !g_str_has_prefix (f->suggestion, "("))
        {
          g_autofree char *label = g_strdup_printf (_("Change to “%s”"), f->suggestion);
          g_menu_append (fixes, label, "style.apply");
        }
      g_menu_append (fixes, _("Ignore This"), "style.ignore");
      g_menu_append (fixes, _("Turn This Check Off for the Project"), "style.off");
      g_menu_append_section (self->style_menu, NULL, G_MENU_MODEL (fixes));
    }
  g_menu_append (toggle, self->style_on ? _("Stop Checking Style") : _("Check Style"), "style.toggle");
  g_menu_append_section (self->style_menu, NULL, G_MENU_MODEL (toggle));
}

/* The project's settings with @value added to the style object's
 * @member array. */
static char *
settings_with (const char *json,
               const char *member,
               const char *value)
{
  g_autoptr(JsonNode) root = json ? json_from_string (json, NULL) : NULL;
  JsonObject *object, *style;
  JsonArray *array;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_clear_pointer (&root, json_node_unref);
      root = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (root, json_object_new ());
    }
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "style") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "style")))
    json_object_set_object_member (object, "style", json_object_new ());
  style = json_object_get_object_member (object, "style");
  if (!json_object_has_member (style, member) ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (style, member)))
    json_object_set_array_member (style, member, json_array_new ());
  array = json_object_get_array_member (style, member);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return json_to_string (root, FALSE);
  json_array_add_string_element (array, value);
  return json_to_string (root, FALSE);
}

static void
style_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  DfEditor *self = DF_EDITOR (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  StyleFinding *f = self->style_menu_finding;
  g_autofree char *settings = NULL;

  (void) param;
  if (g_str_equal (action_name, "style.toggle"))
    {
      if (self->settings != NULL)
        g_settings_set_boolean (self->settings, "style-check", !self->style_on);
      else
        {
          self->style_on = !self->style_on;
          df_editor_style_loaded (self);
        }
      return;
    }
  if (f == NULL)
    return;
  if (g_str_equal (action_name, "style.apply") && f->suggestion != NULL)
    {
      GtkTextIter fs, fe;

      gtk_text_buffer_get_iter_at_mark (buffer, &fs, f->start);
      gtk_text_buffer_get_iter_at_mark (buffer, &fe, f->end);
      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_delete (buffer, &fs, &fe);
      gtk_text_buffer_insert (buffer, &fs, f->suggestion, -1);
      gtk_text_buffer_end_user_action (buffer);
      return;
    }
  settings = settings_with (self->style_settings, g_str_equal (action_name, "style.off") ? "off" : "ignore",
                            g_str_equal (action_name, "style.off") ? f->check : f->quote);
  df_editor_set_style_agent (self, self->style_agent, settings);
  g_signal_emit_by_name (self, "style-settings-changed", settings);
}

/* ---- signals -------------------------------------------------------------- */

static void
insert_text_after_cb (GtkTextBuffer *buffer,
                      GtkTextIter   *end,
                      char          *text,
                      int            len,
                      DfEditor      *self)
{
  GtkTextIter start = *end;

  if (self->style_agent == NULL || !self->style_on)
    return;
  gtk_text_iter_backward_chars (&start, g_utf8_strlen (text, len));
  mark_dirty (self, &start, end);
  schedule (self, STYLE_DELAY_MS);
}

static void
delete_range_after_cb (GtkTextBuffer *buffer,
                       GtkTextIter   *start,
                       GtkTextIter   *end,
                       DfEditor      *self)
{
  if (self->style_agent == NULL || !self->style_on)
    return;
  mark_dirty (self, start, end);
  schedule (self, STYLE_DELAY_MS);
}

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  DfEditor   *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (widget);
  GtkTextIter iter;
  StyleFinding *f;
  int bx, by;

  if (keyboard || self->style_findings->len == 0)
    return FALSE;
  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (view, &iter, bx, by) ||
      !gtk_text_iter_has_tag (&iter, self->style_tag) || (f = finding_at (self, &iter)) == NULL)
    return FALSE;
  if (f->suggestion != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("%s (try: %s)"), f->message, f->suggestion);
      gtk_tooltip_set_text (tooltip, text);
    }
  else
    gtk_tooltip_set_text (tooltip, f->message);
  return TRUE;
}

static void
secondary_pressed_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      DfEditor        *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkTextIter iter;
  int bx, by;

  if (self->style_agent != NULL && self->style_on && self->spell == NULL)
    {
      /* Spelling puts the cursor on the word clicked when it is on. */
      gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
      if (gtk_text_view_get_iter_at_location (view, &iter, bx, by))
        gtk_text_buffer_place_cursor (gtk_text_view_get_buffer (view), &iter);
    }
  update_menu (self);
}

/* ---- setup ---------------------------------------------------------------- */

void
df_editor_style_setup (DfEditor *self)
{
  GtkTextBuffer *text = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GdkRGBA blue = { 0.208, 0.518, 0.894, 1.0 };   /* GNOME's blue 3 */
  GtkGesture *secondary = gtk_gesture_click_new ();
  GtkTextIter start;

  self->style_on = TRUE;
  self->style_tag = gtk_text_buffer_create_tag (text, "style-finding",
                                                "underline", PANGO_UNDERLINE_SINGLE,
                                                "underline-rgba", &blue,
                                                NULL);
  gtk_text_buffer_get_start_iter (text, &start);
  self->style_dirty_start = gtk_text_buffer_create_mark (text, NULL, &start, TRUE);
  self->style_dirty_end = gtk_text_buffer_create_mark (text, NULL, &start, FALSE);
  self->style_findings = g_ptr_array_new_with_free_func (style_finding_free);
  g_signal_connect_object (text, "insert-text", G_CALLBACK (insert_text_after_cb), self, G_CONNECT_AFTER);
  g_signal_connect_object (text, "delete-range", G_CALLBACK (delete_range_after_cb), self, G_CONNECT_AFTER);
  g_signal_connect_object (text, "notify::cursor-position", G_CALLBACK (update_menu), self, G_CONNECT_SWAPPED);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect_object (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self, 0);

  /* The context menu: spelling's sections, then the style's. */
  self->style_menu = g_menu_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (secondary), GTK_PHASE_CAPTURE);
  g_signal_connect_object (secondary, "pressed", G_CALLBACK (secondary_pressed_cb), self, G_CONNECT_AFTER);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (secondary));
}

void
df_editor_style_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "style.apply", NULL, style_action);
  gtk_widget_class_install_action (widget_class, "style.ignore", NULL, style_action);
  gtk_widget_class_install_action (widget_class, "style.off", NULL, style_action);
  gtk_widget_class_install_action (widget_class, "style.toggle", NULL, style_action);
  g_signal_new ("style-settings-changed", G_TYPE_FROM_CLASS (widget_class), G_SIGNAL_RUN_LAST, 0,
                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

/* Follows the style-check setting. */
void
df_editor_style_update (DfEditor *self)
{
  gboolean on = self->settings == NULL || g_settings_get_boolean (self->settings, "style-check");

  if (on == self->style_on)
    return;
  self->style_on = on;
  df_editor_style_loaded (self);
}

void
df_editor_style_loaded (DfEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  if (!self->style_on || self->style_agent == NULL)
    {
      forget_findings (self, &start, &end);
      update_menu (self);
      return;
    }
  mark_dirty (self, &start, &end);
  schedule (self, 0);
}

void
df_editor_style_place_menu (DfEditor *self)
{
  if (self->style_menu != NULL)
    place_section (self, self->style_agent != NULL);
}

void
df_editor_style_dispose (DfEditor *self)
{
  g_clear_handle_id (&self->style_source, g_source_remove);
  self->style_menu_finding = NULL;
  g_clear_pointer (&self->style_findings, g_ptr_array_unref);
  g_clear_object (&self->style_agent);
  g_clear_pointer (&self->style_settings, g_free);
  g_clear_object (&self->style_menu);
}

/* ---- public --------------------------------------------------------------- */

void
df_editor_set_style_agent (DfEditor   *self,
                           DfAgent    *agent,
                           const char *project_settings)
{
  g_return_if_fail (DF_IS_EDITOR (self));
  g_return_if_fail (agent == NULL || DF_IS_AGENT (agent));

  if (agent != NULL && !df_agent_can_check_text (agent))
    agent = NULL;
  g_set_object (&self->style_agent, agent);
  g_free (self->style_settings);
  self->style_settings = g_strdup (project_settings);
  df_editor_style_loaded (self);
  update_menu (self);
}

guint
df_editor_get_style_findings (DfEditor *self)
{
  g_return_val_if_fail (DF_IS_EDITOR (self), 0);
  return self->style_findings->len;
}

gboolean
df_editor_get_style_pending (DfEditor *self)
{
  g_return_val_if_fail (DF_IS_EDITOR (self), FALSE);
  return self->style_source != 0;
}
