/* df-reader-view-personalize-glossary.c: the glossary's terms in the page
 *
 * Each term the glossary found in the text shown (its name and its
 * aliases, an Urdu alias in an Urdu rewrite, or the English term kept in
 * Latin script inside Urdu prose) is underlined; a click on one, or from
 * the keyboard Menu, Shift+F10 or Alt+Return, shows its definition for the
 * reader's level in a popover pointing at it.  From the keyboard the
 * first press shows the term at the caret, else the first in view, and
 * each press after that the next one; Escape closes the popover.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "df-personalize.h"
#include "df-reader-view-private.h"

#define TERM_TAG_DATA "df-glossary-hit"

/* ---- helpers ---------------------------------------------------------------- */

/* The definition the glossary gives the term at @iter, or NULL. */
static const char *
term_at (const GtkTextIter *iter)
{
  g_autoptr(GSList) tags = gtk_text_iter_get_tags (iter);

  for (GSList *l = tags; l != NULL; l = l->next)
    {
      const char *text = g_object_get_data (l->data, TERM_TAG_DATA);

      if (text != NULL)
        return text;
    }
  return NULL;
}

/* Shows the definition of the term at @iter in a popover pointing at it;
 * FALSE when no term is there. */
static gboolean
define_at (DfReaderView *self,
           GtkTextIter  *iter)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->markdown_view);
  const char *text = term_at (iter);
  GdkRectangle rect;
  int x, y;

  if (text == NULL)
    return FALSE;
  gtk_text_view_get_iter_location (view, iter, &rect);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, rect.x, rect.y, &x, &y);
  rect.x = x;
  rect.y = y;
  gtk_label_set_text (GTK_LABEL (self->term_label), text);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->term_popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->term_popover));
  return TRUE;
}

/* Moves @iter to the start of the next term after it; FALSE at the end. */
static gboolean
forward_to_term (GtkTextIter *iter)
{
  if (term_at (iter) != NULL)
    while (!gtk_text_iter_is_end (iter) && term_at (iter) != NULL)
      if (!gtk_text_iter_forward_to_tag_toggle (iter, NULL))
        return FALSE;
  while (gtk_text_iter_forward_to_tag_toggle (iter, NULL))
    if (term_at (iter) != NULL)
      return TRUE;
  return FALSE;
}

/* The term the keyboard shows next: at the caret when no definition shows
 * yet, else the one after the last shown (from the top of the view the
 * first time), round to the first at the end. */
static gboolean
define_next (DfReaderView *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->markdown_view);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter iter;
  GdkRectangle visible;

  if (self->glossary == NULL)
    return FALSE;
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  if (gtk_widget_get_visible (self->term_popover) || term_at (&iter) == NULL)
    {
      if (self->term_index > 0)
        gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int)self->term_index - 1);
      else
        {
          gtk_text_view_get_visible_rect (view, &visible);
          gtk_text_view_get_iter_at_location (view, &iter, visible.x, visible.y);
          gtk_text_iter_set_line_offset (&iter, 0);
          gtk_text_iter_backward_char (&iter);
        }
      if (!forward_to_term (&iter))
        {
          gtk_text_buffer_get_start_iter (buffer, &iter);
          if (term_at (&iter) == NULL && !forward_to_term (&iter))
            return FALSE;
        }
    }
  self->term_index = (guint)gtk_text_iter_get_offset (&iter) + 1;
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_view_scroll_to_iter (view, &iter, 0.1, FALSE, 0, 0);
  return define_at (self, &iter);
}

/* Underlines each whole-word mention of @hit's term, by any of the forms
 * found, in @buffer. */
static void
mark_term (GtkTextBuffer *buffer,
           DfGlossaryHit *hit,
           guint          index)
{
  g_autofree char *name = g_strdup_printf ("df-glossary-%u", index);
  GtkTextTag *tag = gtk_text_buffer_create_tag (buffer, name, "underline", PANGO_UNDERLINE_SINGLE, NULL);
  const char *only[] = { hit->term, NULL };
  const char * const *forms = hit->forms != NULL ? (const char * const *)hit->forms : only;

  /* Translators: a glossary term and its definition */
  g_object_set_data_full (G_OBJECT (tag), TERM_TAG_DATA, g_strdup_printf (_("%s: %s"), hit->term, hit->definition),
                          g_free);
  for (guint f = 0; forms[f] != NULL; f++)
    {
      GtkTextIter start, match_start, match_end;

      gtk_text_buffer_get_start_iter (buffer, &start);
      while (gtk_text_iter_forward_search (&start, forms[f], GTK_TEXT_SEARCH_CASE_INSENSITIVE | GTK_TEXT_SEARCH_TEXT_ONLY,
                                           &match_start, &match_end, NULL))
        {
          if (gtk_text_iter_starts_word (&match_start) && gtk_text_iter_ends_word (&match_end))
            gtk_text_buffer_apply_tag (buffer, tag, &match_start, &match_end);
          start = match_end;
        }
    }
}

static void
collect_term_tag (GtkTextTag *tag,
                  gpointer    data)
{
  if (g_object_get_data (G_OBJECT (tag), TERM_TAG_DATA) != NULL)
    g_ptr_array_add (data, tag);
}

/* ---- callbacks ---------------------------------------------------------------- */

static void
term_clicked_cb (GtkGestureClick *gesture G_GNUC_UNUSED,
                 int              n_press G_GNUC_UNUSED,
                 double           x,
                 double           y,
                 DfReaderView    *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->markdown_view);
  GtkTextIter iter;
  int bx, by;

  if (self->glossary == NULL)
    return;
  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, (int)x, (int)y, &bx, &by);
  if (gtk_text_view_get_iter_at_location (view, &iter, bx, by) && define_at (self, &iter))
    self->term_index = (guint)gtk_text_iter_get_offset (&iter) + 1;
}

static gboolean
define_key_cb (GtkWidget *widget G_GNUC_UNUSED,
               GVariant  *args G_GNUC_UNUSED,
               gpointer   data)
{
  return define_next (DF_READER_VIEW (data));
}

static gboolean
close_key_cb (GtkWidget *widget G_GNUC_UNUSED,
              GVariant  *args G_GNUC_UNUSED,
              gpointer   data)
{
  DfReaderView *self = data;

  if (!gtk_widget_get_visible (self->term_popover))
    return FALSE;
  gtk_popover_popdown (GTK_POPOVER (self->term_popover));
  gtk_widget_grab_focus (GTK_WIDGET (self->markdown_view));
  return TRUE;
}

/* Menu, Shift+F10 and Alt+Return show a term's definition on @widget;
 * Escape closes it when @escape. */
static void
add_keys (DfReaderView *self,
          GtkWidget    *widget,
          gboolean      escape)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();
  const char *triggers[] = { "Menu", "<Shift>F10", "<Alt>Return", "<Alt>KP_Enter" };

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (keys), GTK_SHORTCUT_SCOPE_LOCAL);
  /* before the text view's own Menu (its context menu), which still
   * opens where there is no glossary */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (triggers); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (triggers[i]),
                                                            gtk_callback_action_new (define_key_cb, self, NULL)));
  if (escape)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("Escape"),
                                                            gtk_callback_action_new (close_key_cb, self, NULL)));
  gtk_widget_add_controller (widget, keys);
}

/* ---- private API ---------------------------------------------------------------- */

void
_df_reader_view_glossary_init (DfReaderView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  g_signal_connect (click, "released", G_CALLBACK (term_clicked_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->markdown_view), GTK_EVENT_CONTROLLER (click));

  /* The definition of a term clicked, in a popover pointing at it. */
  self->term_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->term_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->term_label), 40);
  gtk_label_set_xalign (GTK_LABEL (self->term_label), 0);
  gtk_widget_set_name (self->term_label, "glossary-definition");
  self->term_popover = gtk_popover_new ();
  gtk_widget_set_name (self->term_popover, "glossary-popover");
  gtk_popover_set_child (GTK_POPOVER (self->term_popover), self->term_label);
  gtk_widget_set_parent (self->term_popover, GTK_WIDGET (self->markdown_view));
  add_keys (self, GTK_WIDGET (self->markdown_view), FALSE);
  add_keys (self, self->term_popover, TRUE);
}

void
_df_reader_view_glossary_dispose (DfReaderView *self)
{
  g_clear_pointer (&self->term_popover, gtk_widget_unparent);
  self->term_label = NULL;
}

void
_df_reader_view_mark_terms (DfReaderView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->markdown_view));
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  g_autoptr(GPtrArray) old = g_ptr_array_new ();

  /* The buffer outlives a render: the previous text's terms go first. */
  gtk_text_tag_table_foreach (table, collect_term_tag, old);
  for (guint i = 0; i < old->len; i++)
    gtk_text_tag_table_remove (table, old->pdata[i]);
  self->term_index = 0;
  for (guint i = 0; self->glossary != NULL && i < self->glossary->len; i++)
    mark_term (buffer, self->glossary->pdata[i], i);
}

/* ---- public API ------------------------------------------------------------------ */

gboolean
df_reader_view_define_at (DfReaderView *self,
                          int           offset)
{
  GtkTextBuffer *buffer;
  GtkTextIter iter;

  g_return_val_if_fail (DF_IS_READER_VIEW (self), FALSE);
  if (self->glossary == NULL || self->markdown_view == NULL)
    return FALSE;
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->markdown_view));
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  return define_at (self, &iter);
}
