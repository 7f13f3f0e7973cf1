/* df-editor.c: the Markdown source editor
 *
 * A GtkSourceView with Markdown highlighting, a style scheme that follows
 * the light or dark style, the font from the settings, and a readable text
 * column: the side margins grow so that a line holds about text-width
 * characters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-editor"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include <glib/gi18n.h>

#include "df-editor.h"
#include "df-long-lines.h"
#include "df-spell-checker.h"

/* Most characters checked in one go (and a word more at each end); a
 * longer dirty stretch is checked in slices from idle callbacks, what is
 * on screen first, so that loading a long chapter never stalls the
 * window. */
#define SPELL_SLICE_CHARS 2000
/* Typing pauses this long before the changed lines are checked. */
#define SPELL_DELAY_MS 250
#define SPELL_SUGGESTIONS 5
/* At most this much counts as on screen (a view not laid out yet may
 * seem to show the whole text). */
#define VISIBLE_MAX_CHARS 12000

/* GtkTextView lays out the text off screen in idle callbacks at this
 * priority (its private GTK_TEXT_VIEW_PRIORITY_VALIDATE), which keep it
 * busy for seconds on a long chapter: what the writer sees (the readable
 * column, highlighting, spelling on screen) goes before, after drawing. */
#define TEXT_VIEW_PRIORITY_VALIDATE (GDK_PRIORITY_REDRAW + 5)
#define ON_SCREEN_PRIORITY          (TEXT_VIEW_PRIORITY_VALIDATE - 1)

struct _DfEditor
{
  GtkSourceView   parent_instance;

  GSettings      *settings;
  GtkCssProvider *css;
  int             text_width;
  int             last_width;
  guint           margins_idle;
  guint           language_idle;
  gboolean        language_waits;    /* for the window's first frame */

  /* Spelling: misspelled words carry misspelled_tag; the stretch between
   * dirty_start and dirty_end waits to be checked. */
  DfSpellChecker *spell;
  char           *spell_error;
  GtkTextTag     *misspelled_tag;
  GtkTextMark    *dirty_start;
  GtkTextMark    *dirty_end;
  gboolean        dirty;
  guint           spell_source;
  /* What is on screen is checked first: from visible_next to
   * visible_end, while visible_pending. */
  GtkTextMark    *visible_next;
  GtkTextMark    *visible_end;
  gboolean        visible_pending;
  gboolean        scrolled;          /* since the visible part was found */
  int             spell_max_chars;   /* the most checked in one go */
  GtkAdjustment  *vadjustment;
  /* The word being typed is left alone until the cursor leaves it. */
  GtkTextMark    *typing_start;
  GtkTextMark    *typing_end;
  gboolean        typing;
  gboolean        typing_marked;   /* typing_start/end hold that word */
  /* The context menu's spelling section, for the word at the cursor. */
  GMenu          *spell_menu;
  GtkTextMark    *menu_start;
  GtkTextMark    *menu_end;
  char           *menu_word;
};

G_DEFINE_FINAL_TYPE (DfEditor, df_editor, GTK_SOURCE_TYPE_VIEW)

static gboolean spell_check_cb (gpointer data);

static void
update_scheme (DfEditor *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)));
  const char *id = adw_style_manager_get_dark (style) ? "Adwaita-dark" : "Adwaita";
  GtkSourceStyleScheme *scheme = gtk_source_style_scheme_manager_get_scheme (manager, id);

  if (scheme == NULL)
    scheme = gtk_source_style_scheme_manager_get_scheme (manager, adw_style_manager_get_dark (style) ? "classic-dark" : "classic");
  gtk_source_buffer_set_style_scheme (buffer, scheme);
}

static void
update_font (DfEditor *self)
{
  g_autofree char *font = NULL;
  g_autofree char *css = NULL;
  PangoFontDescription *desc;

  if (self->settings == NULL)
    return;

  self->text_width = g_settings_get_int (self->settings, "text-width");
  self->last_width = 0;
  gtk_widget_queue_allocate (GTK_WIDGET (self));

  if (g_settings_get_boolean (self->settings, "use-system-font"))
    {
      gtk_css_provider_load_from_data (self->css, "textview.df-editor { font-family: monospace; }", -1);
      return;
    }

  font = g_settings_get_string (self->settings, "editor-font");
  desc = pango_font_description_from_string (font);
  css = g_strdup_printf ("textview.df-editor { font-family: \"%s\"; font-size: %dpt; }",
                         pango_font_description_get_family (desc) ? pango_font_description_get_family (desc) : "monospace",
                         MAX (6, pango_font_description_get_size (desc) / PANGO_SCALE));
  pango_font_description_free (desc);
  gtk_css_provider_load_from_data (self->css, css, -1);
}

/* Widens the stretch waiting to be checked to hold [@start, @end]. */
static void
mark_dirty (DfEditor          *self,
            const GtkTextIter *start,
            const GtkTextIter *end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter ds, de;

  if (!self->dirty)
    {
      gtk_text_buffer_move_mark (buffer, self->dirty_start, start);
      gtk_text_buffer_move_mark (buffer, self->dirty_end, end);
      self->dirty = TRUE;
      return;
    }
  gtk_text_buffer_get_iter_at_mark (buffer, &ds, self->dirty_start);
  gtk_text_buffer_get_iter_at_mark (buffer, &de, self->dirty_end);
  if (gtk_text_iter_compare (start, &ds) < 0)
    gtk_text_buffer_move_mark (buffer, self->dirty_start, start);
  if (gtk_text_iter_compare (end, &de) > 0)
    gtk_text_buffer_move_mark (buffer, self->dirty_end, end);
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

static void
schedule_spell_check (DfEditor *self,
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
          g_menu_remove_all (self->spell_menu);
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
  g_menu_remove_all (self->spell_menu);

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
  g_menu_append_section (self->spell_menu, NULL, G_MENU_MODEL (fixes));

  keep = g_menu_new ();
  add_label = g_strdup_printf (_("_Add “%s” to Dictionary"), word);
  g_menu_append (keep, add_label, "spell.add");
  g_menu_append (keep, _("_Ignore"), "spell.ignore");
  g_menu_append_section (self->spell_menu, NULL, G_MENU_MODEL (keep));
}

/* Follows spell-check and spell-check-language. */
/* The cursor at the start of the text, and the view there too. */
static void
show_start (DfEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start;

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self), &start, 0, FALSE, 0, 0);
}

static void
update_spell (DfEditor *self)
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
  schedule_spell_check (self, SPELL_DELAY_MS);
}

/* ---- callbacks ------------------------------------------------------- */

static gboolean
update_margins (gpointer data)
{
  DfEditor *self = data;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  g_autofree char *sample = g_strnfill (self->text_width + 2, '0');
  g_autoptr(PangoLayout) layout = NULL;
  int column = 0;
  int margin;

  /* Measured with the editor's own font (CSS), with room for the cursor. */
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), sample);
  pango_layout_get_pixel_size (layout, &column, NULL);
  margin = MAX (24, (width - column) / 2);

  self->margins_idle = 0;

  if (gtk_text_view_get_left_margin (GTK_TEXT_VIEW (self)) != margin)
    {
      gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self), margin);
      gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self), margin);
    }

  return G_SOURCE_REMOVE;
}

/* Markdown highlighting is set up once the editor is first shown, after
 * the window's first frame (first_frame_cb): GtkSourceView reads and
 * compiles its language files then, which would otherwise delay the
 * window by tens of ms. */
static gboolean
setup_language (gpointer data)
{
  DfEditor *self = data;
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)));

  self->language_idle = 0;
  gtk_source_buffer_set_language (buffer, gtk_source_language_manager_get_language (languages, "markdown"));
  if (self->dirty)
    schedule_spell_check (self, 0);
  return G_SOURCE_REMOVE;
}

static void
first_frame_cb (GdkFrameClock *clock,
                DfEditor      *self)
{
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)));

  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, self);
  self->language_waits = FALSE;
  /* Before GtkTextView lays out the text off screen, which can take a
   * while. */
  if (gtk_source_buffer_get_language (buffer) == NULL && self->language_idle == 0)
    self->language_idle = g_idle_add_full (ON_SCREEN_PRIORITY, setup_language, self, NULL);
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
      schedule_spell_check (self, 0);
      return G_SOURCE_REMOVE;
    }

  gtk_text_buffer_get_iter_at_mark (buffer, &limit, self->dirty_end);
  if (check_slice (self, self->dirty_start, &limit))
    self->dirty = FALSE;
  else
    schedule_spell_check (self, 0);
  return G_SOURCE_REMOVE;
}

/* Scrolled: what comes on screen is checked before the rest. */
static void
scrolled_cb (DfEditor *self)
{
  self->scrolled = TRUE;
  if (self->dirty && self->spell_source == 0)
    schedule_spell_check (self, 0);
}

static void
vadjustment_changed_cb (DfEditor *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self));

  if (adjustment == self->vadjustment)
    return;
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, scrolled_cb, self);
  g_set_object (&self->vadjustment, adjustment);
  if (adjustment != NULL)
    g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (scrolled_cb), self, G_CONNECT_SWAPPED);
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
          schedule_spell_check (self, SPELL_DELAY_MS);
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
  g_clear_pointer (&self->menu_word, g_free);
  mark_all_dirty (self);
  schedule_spell_check (self, 0);
}

static void
spell_replace_action (GtkWidget  *widget,
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
  schedule_spell_check (self, 0);
}

static void
spell_keep_action (GtkWidget  *widget,
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

/* ---- GObject --------------------------------------------------------- */

/* The buffer is set up once GtkSourceView is fully constructed: touching
 * it in init confuses GtkSourceView's snippet machinery. */
static void
df_editor_constructed (GObject *object)
{
  DfEditor *self = (DfEditor *)object;
  GtkSourceBuffer *buffer;

  G_OBJECT_CLASS (df_editor_parent_class)->constructed (object);

  buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)));
  gtk_source_buffer_set_highlight_matching_brackets (buffer, FALSE);

  {
    GtkTextBuffer *text = GTK_TEXT_BUFFER (buffer);
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
    self->visible_end = gtk_text_buffer_create_mark (text, NULL, &start, FALSE);
    self->menu_start = gtk_text_buffer_create_mark (text, NULL, &start, TRUE);
    self->menu_end = gtk_text_buffer_create_mark (text, NULL, &start, FALSE);
    g_signal_connect_object (text, "insert-text", G_CALLBACK (insert_text_after_cb), self, G_CONNECT_AFTER);
    g_signal_connect_object (text, "delete-range", G_CALLBACK (delete_range_after_cb), self, G_CONNECT_AFTER);
    g_signal_connect_object (text, "notify::cursor-position", G_CALLBACK (cursor_moved_cb), self, G_CONNECT_SWAPPED);

    self->spell_menu = g_menu_new ();
    gtk_text_view_set_extra_menu (GTK_TEXT_VIEW (self), G_MENU_MODEL (self->spell_menu));
    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (secondary), GTK_PHASE_CAPTURE);
    g_signal_connect_object (secondary, "pressed", G_CALLBACK (secondary_pressed_cb), self, 0);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (secondary));
  }

  g_signal_connect (self, "notify::vadjustment", G_CALLBACK (vadjustment_changed_cb), NULL);
  vadjustment_changed_cb (self);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_scheme), self, G_CONNECT_SWAPPED);
  update_scheme (self);
}

static void
df_editor_dispose (GObject *object)
{
  DfEditor *self = (DfEditor *)object;

  g_clear_handle_id (&self->margins_idle, g_source_remove);
  g_clear_handle_id (&self->language_idle, g_source_remove);
  g_clear_handle_id (&self->spell_source, g_source_remove);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, scrolled_cb, self);
  g_clear_object (&self->vadjustment);
  g_clear_object (&self->settings);
  g_clear_object (&self->spell);

  G_OBJECT_CLASS (df_editor_parent_class)->dispose (object);
}

static void
df_editor_finalize (GObject *object)
{
  DfEditor *self = (DfEditor *)object;

  g_clear_object (&self->css);
  g_clear_object (&self->spell_menu);
  g_free (self->menu_word);
  g_free (self->spell_error);

  G_OBJECT_CLASS (df_editor_parent_class)->finalize (object);
}

/* The readable column's margins are not a minimum width: GtkTextView
 * counts them in, so a editor whose window or neighbours narrow it (the
 * side pane opening) would keep its width and scroll sideways instead of
 * narrowing its margins. */
static void
df_editor_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  GTK_WIDGET_CLASS (df_editor_parent_class)->measure (widget, orientation, for_size, minimum, natural,
                                                      minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int margins = gtk_text_view_get_left_margin (GTK_TEXT_VIEW (widget)) +
                    gtk_text_view_get_right_margin (GTK_TEXT_VIEW (widget));

      *minimum = MAX (0, *minimum - margins) + 2 * 24;
      *natural = MAX (*natural, *minimum);
    }
}

static void
df_editor_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  DfEditor *self = DF_EDITOR (widget);

  GTK_WIDGET_CLASS (df_editor_parent_class)->size_allocate (widget, width, height, baseline);

  /* Margins change the layout: never during an allocation. */
  if (width != self->last_width && self->margins_idle == 0)
    {
      self->last_width = width;
      self->margins_idle = g_idle_add_full (ON_SCREEN_PRIORITY, update_margins, self, NULL);
    }
}

static void
df_editor_map (GtkWidget *widget)
{
  DfEditor *self = DF_EDITOR (widget);
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)));

  GTK_WIDGET_CLASS (df_editor_parent_class)->map (widget);

  if (gtk_source_buffer_get_language (buffer) == NULL && self->language_idle == 0 && !self->language_waits)
    {
      self->language_waits = TRUE;
      g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                               G_CALLBACK (first_frame_cb), self, 0);
    }

  if (self->dirty)
    {
      self->scrolled = TRUE;
      schedule_spell_check (self, 0);
    }
}

static void
df_editor_unmap (GtkWidget *widget)
{
  DfEditor *self = DF_EDITOR (widget);

  g_clear_handle_id (&self->spell_source, g_source_remove);

  GTK_WIDGET_CLASS (df_editor_parent_class)->unmap (widget);
}

static void
df_editor_class_init (DfEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = df_editor_constructed;
  object_class->dispose = df_editor_dispose;
  object_class->finalize = df_editor_finalize;
  widget_class->measure = df_editor_measure;
  widget_class->size_allocate = df_editor_size_allocate;
  widget_class->map = df_editor_map;
  widget_class->unmap = df_editor_unmap;

  gtk_widget_class_install_action (widget_class, "spell.replace", "s", spell_replace_action);
  gtk_widget_class_install_action (widget_class, "spell.add", NULL, spell_keep_action);
  gtk_widget_class_install_action (widget_class, "spell.ignore", NULL, spell_keep_action);
}

static void
df_editor_init (DfEditor *self)
{
  self->text_width = 72;
  self->css = gtk_css_provider_new ();
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_add_provider (gtk_widget_get_style_context (GTK_WIDGET (self)),
                                  GTK_STYLE_PROVIDER (self->css),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  G_GNUC_END_IGNORE_DEPRECATIONS

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self), 24);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self), 96);
  gtk_text_view_set_pixels_below_lines (GTK_TEXT_VIEW (self), 2);
  gtk_source_view_set_auto_indent (GTK_SOURCE_VIEW (self), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "df-editor");
}

/* ---- public ---------------------------------------------------------- */

GtkWidget *
df_editor_new (void)
{
  return g_object_new (DF_TYPE_EDITOR, NULL);
}

void
df_editor_load_text (DfEditor   *self,
                     const char *text)
{
  g_return_if_fail (DF_IS_EDITOR (self));

  /* Loading a chapter is not an edit to undo. */
  df_long_lines_load_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)), text);
  df_editor_text_loaded (self);
}

void
df_editor_text_loaded (DfEditor *self)
{
  g_return_if_fail (DF_IS_EDITOR (self));

  /* Nothing in it is being typed: check it all now, from the top. */
  self->typing = FALSE;
  self->visible_pending = FALSE;
  self->scrolled = TRUE;
  schedule_spell_check (self, 0);
  show_start (self);
}

void
df_editor_replace_text (DfEditor   *self,
                        const char *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  g_autofree char *split = NULL;
  GtkTextIter start, end;

  g_return_if_fail (DF_IS_EDITOR (self));

  if (text == NULL)
    text = "";

  if (df_long_lines_get_split (buffer) && strstr (text, DF_PIECE_BREAK) != NULL)
    {
      /* Its own separators could not be told from the breaks between
       * pieces: the text goes in as loaded, which Undo cannot take back. */
      df_long_lines_load_text (buffer, text);
    }
  else
    {
      /* In pieces if the text is split, as loaded. */
      if (df_long_lines_get_split (buffer))
        split = df_long_lines_split (text, -1);
      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      gtk_text_buffer_delete (buffer, &start, &end);
      gtk_text_buffer_insert (buffer, &start, split != NULL ? split : text, -1);
      gtk_text_buffer_end_user_action (buffer);
    }

  show_start (self);
}

char *
df_editor_dup_text (DfEditor *self)
{
  g_return_val_if_fail (DF_IS_EDITOR (self), NULL);

  return df_long_lines_get_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)));
}

void
df_editor_set_settings (DfEditor  *self,
                        GSettings *settings)
{
  g_return_if_fail (DF_IS_EDITOR (self));

  if (!g_set_object (&self->settings, settings))
    return;

  g_signal_connect_object (settings, "changed::editor-font", G_CALLBACK (update_font), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::use-system-font", G_CALLBACK (update_font), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::text-width", G_CALLBACK (update_font), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::spell-check", G_CALLBACK (update_spell), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::spell-check-language", G_CALLBACK (update_spell), self, G_CONNECT_SWAPPED);
  update_font (self);
  update_spell (self);
}

void
df_editor_set_spell_checker (DfEditor       *self,
                             DfSpellChecker *checker)
{
  g_return_if_fail (DF_IS_EDITOR (self));
  g_return_if_fail (checker == NULL || DF_IS_SPELL_CHECKER (checker));

  if (self->spell != NULL)
    g_signal_handlers_disconnect_by_func (self->spell, spell_changed_cb, self);
  g_set_object (&self->spell, checker);
  if (checker != NULL)
    g_signal_connect_object (checker, "changed", G_CALLBACK (spell_changed_cb), self, G_CONNECT_SWAPPED);
  self->typing = FALSE;
  g_clear_pointer (&self->menu_word, g_free);
  g_menu_remove_all (self->spell_menu);
  mark_all_dirty (self);
  schedule_spell_check (self, 0);
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

void
df_editor_select_range (DfEditor *self,
                        gint64    offset,
                        gint64    n_chars)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;

  /* Offsets in the text, which has no breaks between pieces. */
  gtk_text_buffer_get_iter_at_offset (buffer, &start, df_long_lines_buffer_offset (buffer, offset));
  gtk_text_buffer_get_iter_at_offset (buffer, &end, df_long_lines_buffer_offset (buffer, offset + MAX (0, n_chars)));
  gtk_text_buffer_select_range (buffer, &start, &end);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self), &start, 0.1, TRUE, 0, 0.3);
}

gint64
df_editor_get_cursor (DfEditor *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter cursor;

  g_return_val_if_fail (DF_IS_EDITOR (self), 0);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  return df_long_lines_text_offset (buffer, &cursor);
}

/* A text just loaded is laid out a little at a time, with the heights of
 * lines not laid out yet guessed: a scroll to the cursor lands short of
 * it.  So it scrolls again each frame until the cursor shows (a few
 * frames; at most a second's worth). */
static gboolean
scroll_to_cursor_tick (GtkWidget     *widget,
                       GdkFrameClock *clock,
                       gpointer       data)
{
  GtkTextView *view = GTK_TEXT_VIEW (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  guint *frames = data;
  GdkRectangle visible, cursor;
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_iter_location (view, &iter, &cursor);
  if (visible.height > 0 && cursor.y >= visible.y && cursor.y + cursor.height <= visible.y + visible.height)
    return G_SOURCE_REMOVE;
  if (++*frames > 60)
    return G_SOURCE_REMOVE;

  gtk_text_view_scroll_to_mark (view, gtk_text_buffer_get_insert (buffer), 0.1, TRUE, 0, 0.3);
  return G_SOURCE_CONTINUE;
}

void
df_editor_place_cursor (DfEditor *self,
                        gint64    offset)
{
  GtkTextBuffer *buffer;
  GtkTextIter cursor;

  g_return_if_fail (DF_IS_EDITOR (self));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  gtk_text_buffer_get_iter_at_offset (buffer, &cursor, df_long_lines_buffer_offset (buffer, offset));
  gtk_text_buffer_place_cursor (buffer, &cursor);
  /* The mark, not the iter: the view may not be laid out yet. */
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self), gtk_text_buffer_get_insert (buffer), 0.1, TRUE, 0, 0.3);
  gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_cursor_tick, g_new0 (guint, 1), g_free);
}
