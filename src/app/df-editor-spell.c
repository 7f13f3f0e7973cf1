/* df-editor-spell.c: the editor's spell checking
 *
 * Misspelled words are underlined, what is on screen first, in slices
 * from idle callbacks so that a long chapter never stalls the window;
 * the word being typed is left alone until the cursor leaves it; the
 * context menu offers corrections.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-editor"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "df-editor-private.h"

static gboolean spell_check_cb (gpointer data);

/* Texts whose check is remembered (the chapters last switched between). */
#define SPELL_MEMOS 16

typedef struct
{
  char   *key;
  guint   generation;
  GArray *ranges;      /* int pairs: the misspelled words' offsets */
} SpellMemo;

static void
spell_memo_free (SpellMemo *memo)
{
  g_free (memo->key);
  g_array_unref (memo->ranges);
  g_free (memo);
}

static SpellMemo *
take_memo (DfEditor   *self,
           const char *key)
{
  for (GList *l = self->spell_memos->head; l != NULL; l = l->next)
    {
      SpellMemo *memo = l->data;

      if (g_str_equal (memo->key, key))
        {
          g_queue_delete_link (self->spell_memos, l);
          return memo;
        }
    }
  return NULL;
}

/* Before the first edit of a text loaded with a key: if its check is
 * done, what it found is remembered under that key. */
static void
remember_check (DfEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  g_autofree char *key = g_steal_pointer (&self->spell_key);
  SpellMemo *memo;
  GtkTextIter it;

  if (key == NULL || self->spell == NULL || self->dirty || self->spell_source != 0)
    return;

  /* The same text remembered before: this is newer. */
  memo = take_memo (self, key);
  g_clear_pointer (&memo, spell_memo_free);
  memo = g_new0 (SpellMemo, 1);
  memo->key = g_steal_pointer (&key);
  memo->generation = self->spell_generation;
  memo->ranges = g_array_new (FALSE, FALSE, sizeof (int));

  gtk_text_buffer_get_start_iter (buffer, &it);
  if (gtk_text_iter_has_tag (&it, self->misspelled_tag) ||
      gtk_text_iter_forward_to_tag_toggle (&it, self->misspelled_tag))
    for (;;)
      {
        int start = gtk_text_iter_get_offset (&it), end;

        if (!gtk_text_iter_forward_to_tag_toggle (&it, self->misspelled_tag))
          gtk_text_buffer_get_end_iter (buffer, &it);
        end = gtk_text_iter_get_offset (&it);
        g_array_append_val (memo->ranges, start);
        g_array_append_val (memo->ranges, end);
        if (!gtk_text_iter_forward_to_tag_toggle (&it, self->misspelled_tag))
          break;
      }

  g_queue_push_head (self->spell_memos, memo);
  while (g_queue_get_length (self->spell_memos) > SPELL_MEMOS)
    spell_memo_free (g_queue_pop_tail (self->spell_memos));
}

/* Widens the stretch waiting to be checked to hold [@start, @end]. */
static void
mark_dirty (DfEditor          *self,
            const GtkTextIter *start,
            const GtkTextIter *end)
{
  df_editor_widen_range (GTK_TEXT_VIEW (self), self->dirty_start, self->dirty_end, &self->dirty, start, end);
}

static void
mark_all_dirty (DfEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  mark_dirty (self, &start, &end);
}

static gboolean
word_is_checkable (const GtkTextIter *start,
                   const GtkTextIter *end)
{
  for (GtkTextIter i = *start; gtk_text_iter_compare (&i, end) < 0; gtk_text_iter_forward_char (&i))
    if (g_unichar_isdigit (gtk_text_iter_get_char (&i)))
      return FALSE;
  return TRUE;
}

/* Moves @start back and @end on to the bounds of the words they touch,
 * so that a word cut by an edit or by a slice is checked whole. */
static void
widen_to_words (GtkTextIter *start,
                GtkTextIter *end)
{
  if (!gtk_text_iter_starts_word (start) &&
      (gtk_text_iter_inside_word (start) || gtk_text_iter_ends_word (start)))
    gtk_text_iter_backward_word_start (start);
  if (!gtk_text_iter_ends_word (end) &&
      (gtk_text_iter_inside_word (end) || gtk_text_iter_starts_word (end)))
    gtk_text_iter_forward_word_end (end);
}

/* Checks the words from @start to @end (widened to whole words). */
static void
check_range (DfEditor    *self,
             GtkTextIter *start,
             GtkTextIter *end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkSourceBuffer *source = GTK_SOURCE_BUFFER (buffer);
  GtkTextIter ws, we, cursor;

  widen_to_words (start, end);
  self->spell_max_chars = MAX (self->spell_max_chars,
                               gtk_text_iter_get_offset (end) - gtk_text_iter_get_offset (start));
  gtk_text_buffer_remove_tag (buffer, self->misspelled_tag, start, end);
  if (self->spell == NULL)
    return;

  /* Code, links and URLs are Markdown's no-spell-check contexts. */
  gtk_source_buffer_ensure_highlight (source, start, end);
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));

  /* (forward_word_end returns FALSE when it reaches the end of the
   * buffer, even after moving: compare the iters instead.) */
  ws = *start;
  if (!gtk_text_iter_starts_word (&ws))
    {
      GtkTextIter before = ws;

      gtk_text_iter_forward_word_end (&ws);
      if (gtk_text_iter_equal (&ws, &before))
        return;
      gtk_text_iter_backward_word_start (&ws);
    }
  while (gtk_text_iter_compare (&ws, end) < 0)
    {
      g_autofree char *word = NULL;

      we = ws;
      gtk_text_iter_forward_word_end (&we);
      if (gtk_text_iter_equal (&we, &ws))
        break;

      if (self->typing && (gtk_text_iter_in_range (&cursor, &ws, &we) || gtk_text_iter_equal (&cursor, &we)))
        {
          /* Being typed: checked when the cursor leaves it. */
          gtk_text_buffer_move_mark (buffer, self->typing_start, &ws);
          gtk_text_buffer_move_mark (buffer, self->typing_end, &we);
          self->typing_marked = TRUE;
        }
      else if (!gtk_source_buffer_iter_has_context_class (source, &ws, "no-spell-check") &&
               word_is_checkable (&ws, &we))
        {
          word = gtk_text_iter_get_slice (&ws, &we);
          if (!df_spell_checker_check (self->spell, word, -1))
            gtk_text_buffer_apply_tag (buffer, self->misspelled_tag, &ws, &we);
        }

      /* On to the next word's start. */
      {
        GtkTextIter next = we;

        gtk_text_iter_forward_word_end (&next);
        if (gtk_text_iter_equal (&next, &we))
          break;
        gtk_text_iter_backward_word_start (&next);
        if (gtk_text_iter_compare (&next, &ws) <= 0)
          break;
        ws = next;
      }
    }
}

void
df_editor_spell_schedule (DfEditor *self,
                          guint     delay_ms)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;
  int priority;

  /* What is on screen (what was scrolled to, a word typed) before
   * GtkTextView lays out the rest; a long stretch after that. */
  gtk_text_buffer_get_iter_at_mark (buffer, &start, self->dirty_start);
  gtk_text_buffer_get_iter_at_mark (buffer, &end, self->dirty_end);
  if (self->visible_pending || self->scrolled ||
      gtk_text_iter_get_offset (&end) - gtk_text_iter_get_offset (&start) <= SPELL_SLICE_CHARS)
    priority = ON_SCREEN_PRIORITY;
  else
    priority = G_PRIORITY_LOW;

  g_clear_handle_id (&self->spell_source, g_source_remove);
  /* Off screen (the reader shown instead, the window closed), nothing
   * is checked: what waits is checked when the editor is shown again. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  self->spell_priority = priority;
  if (delay_ms == 0)
    self->spell_source = g_idle_add_full (priority, spell_check_cb, self, NULL);
  else
    self->spell_source = g_timeout_add_full (priority, delay_ms, spell_check_cb, self, NULL);
}

/* The context menu's spelling section for the word at the cursor:
 * suggestions, Add to Dictionary, Ignore. */
static void
update_spell_menu (DfEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter at, start, end;
  g_autofree char *word = NULL;
  g_auto(GStrv) suggestions = NULL;
  g_autoptr(GMenu) fixes = NULL;
  g_autoptr(GMenu) keep = NULL;
  g_autofree char *add_label = NULL;

  gtk_text_buffer_get_iter_at_mark (buffer, &at, gtk_text_buffer_get_insert (buffer));
  if (self->spell == NULL || !gtk_text_iter_has_tag (&at, self->misspelled_tag))
    {
      /* The end of a flagged word counts too. */
      if (self->spell == NULL || !gtk_text_iter_backward_char (&at) ||
          !gtk_text_iter_has_tag (&at, self->misspelled_tag))
        {
          g_clear_pointer (&self->menu_word, g_free);
          df_editor_menu_clear (self);
          df_editor_style_place_menu (self);
          return;
        }
    }

  start = end = at;
  if (!gtk_text_iter_starts_tag (&start, self->misspelled_tag))
    gtk_text_iter_backward_to_tag_toggle (&start, self->misspelled_tag);
  gtk_text_iter_forward_to_tag_toggle (&end, self->misspelled_tag);
  word = gtk_text_iter_get_slice (&start, &end);
  gtk_text_buffer_move_mark (buffer, self->menu_start, &start);
  gtk_text_buffer_move_mark (buffer, self->menu_end, &end);
  if (g_strcmp0 (word, self->menu_word) == 0 && g_menu_model_get_n_items (G_MENU_MODEL (self->spell_menu)) > 0)
    return;   /* suggestions can take a while: once per word */

  g_free (self->menu_word);
  self->menu_word = g_strdup (word);
  df_editor_menu_clear (self);

  fixes = g_menu_new ();
  suggestions = df_spell_checker_suggest (self->spell, word, SPELL_SUGGESTIONS);
  for (guint i = 0; suggestions[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (suggestions[i], NULL);

      g_menu_item_set_action_and_target_value (item, "spell.replace", g_variant_new_string (suggestions[i]));
      g_menu_append_item (fixes, item);
    }
  if (suggestions[0] == NULL)
    g_menu_append (fixes, _("No Suggestions"), "spell.none");
  df_editor_menu_add_section (self, G_MENU_MODEL (fixes));

  keep = g_menu_new ();
  add_label = g_strdup_printf (_("_Add “%s” to Dictionary"), word);
  g_menu_append (keep, add_label, "spell.add");
  g_menu_append (keep, _("_Ignore"), "spell.ignore");
  df_editor_menu_add_section (self, G_MENU_MODEL (keep));
  df_editor_style_place_menu (self);
}

void
df_editor_spell_update (DfEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DfSpellChecker) checker = NULL;

  g_clear_pointer (&self->spell_error, g_free);
  if (self->settings != NULL && g_settings_get_boolean (self->settings, "spell-check"))
    {
      g_autofree char *language = g_settings_get_string (self->settings, "spell-check-language");

      checker = df_spell_checker_new (language, &error);
      if (checker == NULL)
        {
          self->spell_error = g_strdup (error->message);
          g_debug ("No spell checking: %s", error->message);
        }
    }
  df_editor_set_spell_checker (self, checker);
}

/* Typed (or deleted) between @start and @end: checked once typing pauses
 * and the cursor has left the word. */
static void
text_edited (DfEditor          *self,
             const GtkTextIter *start,
             const GtkTextIter *end)
{
  mark_dirty (self, start, end);
  self->typing = TRUE;
  self->typing_marked = FALSE;
  df_editor_spell_schedule (self, SPELL_DELAY_MS);
}

/* Notes the part of the dirty stretch on screen, to be checked before
 * the rest; FALSE when none is. */
static gboolean
find_visible_dirty (DfEditor *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GdkRectangle rect;
  GtkTextIter vs, ve, ds, de;

  gtk_text_view_get_visible_rect (view, &rect);
  gtk_text_view_get_iter_at_location (view, &vs, rect.x, rect.y);
  gtk_text_view_get_iter_at_location (view, &ve, rect.x + rect.width, rect.y + rect.height);
  self->visible_found_at = gtk_text_iter_get_offset (&vs);
  gtk_text_buffer_get_iter_at_mark (buffer, &ds, self->dirty_start);
  gtk_text_buffer_get_iter_at_mark (buffer, &de, self->dirty_end);
  if (gtk_text_iter_compare (&vs, &ds) < 0)
    vs = ds;
  if (gtk_text_iter_compare (&ve, &de) > 0)
    ve = de;
  if (gtk_text_iter_get_offset (&ve) - gtk_text_iter_get_offset (&vs) > VISIBLE_MAX_CHARS)
    {
      ve = vs;
      gtk_text_iter_forward_chars (&ve, VISIBLE_MAX_CHARS);
    }
  if (gtk_text_iter_compare (&vs, &ve) >= 0)
    return FALSE;

  gtk_text_buffer_move_mark (buffer, self->visible_next, &vs);
  gtk_text_buffer_move_mark (buffer, self->visible_end, &ve);
  return TRUE;
}

/* Checks up to SPELL_SLICE_CHARS from @mark to @limit and moves @mark
 * past them; TRUE when that reached @limit. */
static gboolean
check_slice (DfEditor    *self,
             GtkTextMark *mark,
             GtkTextIter *limit)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;
  gboolean last;

  gtk_text_buffer_get_iter_at_mark (buffer, &start, mark);
  end = start;
  gtk_text_iter_forward_chars (&end, SPELL_SLICE_CHARS);
  last = gtk_text_iter_compare (&end, limit) >= 0;
  if (last)
    end = *limit;
  check_range (self, &start, &end);
  gtk_text_buffer_move_mark (buffer, mark, &end);
  return last;
}

static gboolean
spell_check_cb (gpointer data)
{
  DfEditor *self = data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter limit;

  self->spell_source = 0;
  if (!self->dirty)
    return G_SOURCE_REMOVE;
  /* Markdown's contexts first, or code would be checked: setup_language ()
   * starts the check once the language is there. */
  if (gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (buffer)) == NULL && self->spell != NULL)
    return G_SOURCE_REMOVE;

  if (self->scrolled)
    {
      self->scrolled = FALSE;
      self->visible_pending = find_visible_dirty (self);
    }
  if (self->visible_pending)
    {
      gtk_text_buffer_get_iter_at_mark (buffer, &limit, self->visible_end);
      self->visible_pending = !check_slice (self, self->visible_next, &limit);
      df_editor_spell_schedule (self, 0);
      return G_SOURCE_REMOVE;
    }

  gtk_text_buffer_get_iter_at_mark (buffer, &limit, self->dirty_end);
  if (check_slice (self, self->dirty_start, &limit))
    self->dirty = FALSE;
  else
    df_editor_spell_schedule (self, 0);
  return G_SOURCE_REMOVE;
}

/* Scrolled: what comes on screen is checked before the rest. */
void
df_editor_spell_scrolled_cb (DfEditor *self)
{
  self->scrolled = TRUE;
  /* At the priority of what is on screen: a slice waiting at low
   * priority behind GtkTextView's layout of a long chapter would keep
   * the screen unchecked for as long as that layout takes.  (A check
   * already waiting at the screen's priority, after typing, keeps its
   * delay.) */
  if (self->dirty && (self->spell_source == 0 || self->spell_priority == G_PRIORITY_LOW))
    df_editor_spell_schedule (self, 0);
}

/* The adjustment's range changed (GtkTextView laid out more text, its
 * estimated heights made real): the same scroll position may now show
 * other text (after Ctrl+End in a long chapter, the end arrives on screen
 * this way); if it does, that is checked first, as after a scroll. */
static void
range_changed_cb (DfEditor *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GdkRectangle rect;
  GtkTextIter start;

  gtk_text_view_get_visible_rect (view, &rect);
  gtk_text_view_get_iter_at_location (view, &start, rect.x, rect.y);
  if (gtk_text_iter_get_offset (&start) != self->visible_found_at)
    df_editor_spell_scrolled_cb (self);
}

static void
vadjustment_changed_cb (DfEditor *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self));

  if (adjustment == self->vadjustment)
    return;
  if (self->vadjustment != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->vadjustment, df_editor_spell_scrolled_cb, self);
      g_signal_handlers_disconnect_by_func (self->vadjustment, range_changed_cb, self);
    }
  g_set_object (&self->vadjustment, adjustment);
  if (adjustment != NULL)
    {
      g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (df_editor_spell_scrolled_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (adjustment, "changed", G_CALLBACK (range_changed_cb), self, G_CONNECT_SWAPPED);
    }
}

static void
text_changing_cb (DfEditor *self)
{
  if (self->spell_key != NULL)
    remember_check (self);
}

static void
insert_text_after_cb (GtkTextBuffer *buffer,
                      GtkTextIter   *location,
                      const char    *text,
                      int            len,
                      DfEditor      *self)
{
  GtkTextIter start = *location;

  gtk_text_iter_backward_chars (&start, g_utf8_strlen (text, len));
  text_edited (self, &start, location);
}

static void
delete_range_after_cb (GtkTextBuffer *buffer,
                       GtkTextIter   *start,
                       GtkTextIter   *end,
                       DfEditor      *self)
{
  text_edited (self, start, end);
}

static void
cursor_moved_cb (DfEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter cursor, ts, te;

  /* Left the word being typed: check it now. */
  if (self->typing && self->typing_marked)
    {
      gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
      gtk_text_buffer_get_iter_at_mark (buffer, &ts, self->typing_start);
      gtk_text_buffer_get_iter_at_mark (buffer, &te, self->typing_end);
      if (!gtk_text_iter_in_range (&cursor, &ts, &te) && !gtk_text_iter_equal (&cursor, &te))
        {
          self->typing = FALSE;
          self->typing_marked = FALSE;
          mark_dirty (self, &ts, &te);
          df_editor_spell_schedule (self, SPELL_DELAY_MS);
        }
    }
  update_spell_menu (self);
}

/* A right-click puts the cursor on the word clicked (unless it is in the
 * selection), so the menu offers that word's corrections. */
static void
secondary_pressed_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      DfEditor        *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter iter, sel_start, sel_end;
  int bx, by;

  if (self->spell == NULL)
    return;
  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (view, &iter, bx, by))
    return;
  if (gtk_text_buffer_get_selection_bounds (buffer, &sel_start, &sel_end) &&
      gtk_text_iter_in_range (&iter, &sel_start, &sel_end))
    return;
  gtk_text_buffer_place_cursor (buffer, &iter);
  update_spell_menu (self);
}

static void
spell_changed_cb (DfEditor *self)
{
  self->spell_generation++;
  g_clear_pointer (&self->menu_word, g_free);
  mark_all_dirty (self);
  df_editor_spell_schedule (self, 0);
}

void
df_editor_spell_replace_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  DfEditor *self = DF_EDITOR (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;
  g_autofree char *word = NULL;

  if (self->menu_word == NULL)
    return;
  gtk_text_buffer_get_iter_at_mark (buffer, &start, self->menu_start);
  gtk_text_buffer_get_iter_at_mark (buffer, &end, self->menu_end);
  word = gtk_text_iter_get_slice (&start, &end);
  if (g_strcmp0 (word, self->menu_word) != 0)
    return;   /* the text changed under the menu */

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, g_variant_get_string (param, NULL), -1);
  gtk_text_buffer_end_user_action (buffer);
  self->typing = FALSE;
  df_editor_spell_schedule (self, 0);
}

void
df_editor_spell_keep_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  DfEditor *self = DF_EDITOR (widget);
  g_autofree char *word = g_strdup (self->menu_word);

  if (self->spell == NULL || word == NULL)
    return;
  /* Both emit "changed", which checks the whole text again. */
  if (g_str_equal (action_name, "spell.add"))
    df_spell_checker_add (self->spell, word);
  else
    df_spell_checker_ignore (self->spell, word);
}


/* Sets up the spelling tag, marks, menu and signals (from constructed). */
void
df_editor_spell_setup (DfEditor *self)
{
  GtkTextBuffer *text = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start;
  GdkRGBA red = { 0.878, 0.106, 0.141, 1.0 };   /* GNOME's red 3 */
  GtkGesture *secondary = gtk_gesture_click_new ();

  self->misspelled_tag = gtk_text_buffer_create_tag (text, "misspelled",
                                                     "underline", PANGO_UNDERLINE_ERROR,
                                                     "underline-rgba", &red,
                                                     NULL);
  gtk_text_buffer_get_start_iter (text, &start);
  self->dirty_start = gtk_text_buffer_create_mark (text, NULL, &start, TRUE);
  self->dirty_end = gtk_text_buffer_create_mark (text, NULL, &start, FALSE);
  self->typing_start = gtk_text_buffer_create_mark (text, NULL, &start, TRUE);
  self->typing_end = gtk_text_buffer_create_mark (text, NULL, &start, FALSE);
  self->visible_next = gtk_text_buffer_create_mark (text, NULL, &start, TRUE);
  self->visible_found_at = -1;
  self->visible_end = gtk_text_buffer_create_mark (text, NULL, &start, FALSE);
  self->menu_start = gtk_text_buffer_create_mark (text, NULL, &start, TRUE);
  self->menu_end = gtk_text_buffer_create_mark (text, NULL, &start, FALSE);
  self->spell_memos = g_queue_new ();
  g_signal_connect_object (text, "insert-text", G_CALLBACK (text_changing_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (text, "delete-range", G_CALLBACK (text_changing_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (text, "insert-text", G_CALLBACK (insert_text_after_cb), self, G_CONNECT_AFTER);
  g_signal_connect_object (text, "delete-range", G_CALLBACK (delete_range_after_cb), self, G_CONNECT_AFTER);
  g_signal_connect_object (text, "notify::cursor-position", G_CALLBACK (cursor_moved_cb), self, G_CONNECT_SWAPPED);

  self->spell_menu = g_menu_new ();
  gtk_text_view_set_extra_menu (GTK_TEXT_VIEW (self), G_MENU_MODEL (self->spell_menu));
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (secondary), GTK_PHASE_CAPTURE);
  g_signal_connect_object (secondary, "pressed", G_CALLBACK (secondary_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (secondary));

  g_signal_connect (self, "notify::vadjustment", G_CALLBACK (vadjustment_changed_cb), NULL);
  vadjustment_changed_cb (self);
}

gboolean
df_editor_spell_loaded (DfEditor   *self,
                        const char *key)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  SpellMemo *memo;

  g_free (self->spell_key);
  self->spell_key = g_strdup (key);
  if (key == NULL || self->spell == NULL || (memo = take_memo (self, key)) == NULL)
    return FALSE;

  g_queue_push_head (self->spell_memos, memo);
  if (memo->generation != self->spell_generation)
    return FALSE;

  for (guint i = 0; i + 1 < memo->ranges->len; i += 2)
    {
      GtkTextIter start, end;

      gtk_text_buffer_get_iter_at_offset (buffer, &start, g_array_index (memo->ranges, int, i));
      gtk_text_buffer_get_iter_at_offset (buffer, &end, g_array_index (memo->ranges, int, i + 1));
      gtk_text_buffer_apply_tag (buffer, self->misspelled_tag, &start, &end);
    }
  self->dirty = FALSE;
  self->typing = FALSE;
  g_clear_handle_id (&self->spell_source, g_source_remove);
  return TRUE;
}

void
df_editor_spell_finalize (DfEditor *self)
{
  g_clear_pointer (&self->spell_key, g_free);
  if (self->spell_memos != NULL)
    g_queue_free_full (g_steal_pointer (&self->spell_memos), (GDestroyNotify)spell_memo_free);
}

/* ---- public ---------------------------------------------------------- */

void
df_editor_set_spell_checker (DfEditor       *self,
                             DfSpellChecker *checker)
{
  g_return_if_fail (DF_IS_EDITOR (self));
  g_return_if_fail (checker == NULL || DF_IS_SPELL_CHECKER (checker));

  if (self->spell != NULL)
    g_signal_handlers_disconnect_by_func (self->spell, spell_changed_cb, self);
  g_set_object (&self->spell, checker);
  self->spell_generation++;
  if (checker != NULL)
    g_signal_connect_object (checker, "changed", G_CALLBACK (spell_changed_cb), self, G_CONNECT_SWAPPED);
  self->typing = FALSE;
  g_clear_pointer (&self->menu_word, g_free);
  df_editor_menu_clear (self);
  df_editor_style_place_menu (self);
  mark_all_dirty (self);
  df_editor_spell_schedule (self, 0);
}

DfSpellChecker *
df_editor_get_spell_checker (DfEditor *self)
{
  g_return_val_if_fail (DF_IS_EDITOR (self), NULL);

  return self->spell;
}

const char *
df_editor_get_spell_error (DfEditor *self)
{
  g_return_val_if_fail (DF_IS_EDITOR (self), NULL);

  return self->spell_error;
}

gboolean
df_editor_get_spell_pending (DfEditor *self)
{
  g_return_val_if_fail (DF_IS_EDITOR (self), FALSE);

  return self->dirty || self->spell_source != 0;
}

int
df_editor_get_spell_max_chars (DfEditor *self)
{
  g_return_val_if_fail (DF_IS_EDITOR (self), 0);

  return self->spell_max_chars;
}

