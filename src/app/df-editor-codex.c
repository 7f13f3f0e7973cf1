/* df-editor-codex.c: the codex's names marked in the editor
 *
 * The names and aliases of the project's codex entries carry codex_tag, a
 * faint tint (spelling has the underline), with the entry's name, kind
 * and description on hover.  As with spelling (df-editor-spell.c), an
 * edit widens a dirty stretch and, once typing pauses, only the
 * paragraphs it touches are scanned again with the codex's matcher (one
 * automaton over every name); a loaded text is scanned whole at once.
 * Without a codex nothing is connected to any work.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "df-editor-private.h"

static gboolean codex_mark_cb (gpointer data);

static gboolean
codex_active (DfEditor *self)
{
  return self->codex_matcher != NULL && self->codex_highlight;
}

static void
codex_mark_dirty (DfEditor          *self,
                  const GtkTextIter *start,
                  const GtkTextIter *end)
{
  df_editor_widen_range (GTK_TEXT_VIEW (self), self->codex_dirty_start, self->codex_dirty_end, &self->codex_dirty,
                         start, end);
}

static void
codex_schedule (DfEditor *self,
                guint     delay_ms)
{
  g_clear_handle_id (&self->codex_source, g_source_remove);
  self->codex_source = g_timeout_add_full (ON_SCREEN_PRIORITY, delay_ms, codex_mark_cb, self, NULL);
}

/* Widens [@start, @end] to whole paragraphs (lines: a long line shown in
 * pieces is several, which only costs a name split across two). */
static void
widen_to_paragraphs (GtkTextIter *start,
                     GtkTextIter *end)
{
  gtk_text_iter_set_line_offset (start, 0);
  if (!gtk_text_iter_ends_line (end))
    gtk_text_iter_forward_to_line_end (end);
}

/* Scans [@start, @end] (whole paragraphs) and tags what it finds;
 * @check_code: leave out what Markdown's highlighting holds to be code
 * (a fenced block the stretch is inside of, which its text alone does
 * not show). */
static void
mark_stretch (DfEditor    *self,
              GtkTextIter *start,
              GtkTextIter *end,
              gboolean     check_code)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkSourceBuffer *source = GTK_SOURCE_BUFFER (buffer);
  g_autofree char *text = NULL;
  g_autoptr(GArray) matches = NULL;
  const char *at;
  int char_at;

  gtk_text_buffer_remove_tag (buffer, self->codex_tag, start, end);
  if (!codex_active (self) || gtk_text_iter_equal (start, end))
    return;
  text = gtk_text_buffer_get_slice (buffer, start, end, TRUE);
  matches = df_codex_matcher_scan (self->codex_matcher, text, -1);
  if (matches->len > 0 && check_code)
    gtk_source_buffer_ensure_highlight (source, start, end);
  at = text;
  char_at = gtk_text_iter_get_offset (start);
  for (guint i = 0; i < matches->len; i++)
    {
      DfCodexMatch *m = &g_array_index (matches, DfCodexMatch, i);
      GtkTextIter ms, me;

      char_at += g_utf8_strlen (at, text + m->offset - at);
      at = text + m->offset;
      gtk_text_buffer_get_iter_at_offset (buffer, &ms, char_at);
      me = ms;
      gtk_text_iter_forward_chars (&me, g_utf8_strlen (at, m->length));
      if (check_code && gtk_source_buffer_iter_has_context_class (source, &ms, "no-spell-check"))
        continue;
      gtk_text_buffer_apply_tag (buffer, self->codex_tag, &ms, &me);
    }
}

static gboolean
codex_mark_cb (gpointer data)
{
  DfEditor *self = data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;

  self->codex_source = 0;
  if (!self->codex_dirty)
    return G_SOURCE_REMOVE;
  self->codex_dirty = FALSE;
  gtk_text_buffer_get_iter_at_mark (buffer, &start, self->codex_dirty_start);
  gtk_text_buffer_get_iter_at_mark (buffer, &end, self->codex_dirty_end);
  widen_to_paragraphs (&start, &end);
  mark_stretch (self, &start, &end, TRUE);
  return G_SOURCE_REMOVE;
}

static void
mark_all (DfEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;

  g_clear_handle_id (&self->codex_source, g_source_remove);
  self->codex_dirty = FALSE;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  /* The whole Markdown: the matcher sees its fences itself. */
  mark_stretch (self, &start, &end, FALSE);
}

static const char *
kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "character") == 0)
    return _("Character");
  if (g_strcmp0 (kind, "location") == 0)
    return _("Location");
  if (g_strcmp0 (kind, "object") == 0)
    return _("Object");
  if (g_strcmp0 (kind, "lore") == 0)
    return _("Lore");
  return _("Other");
}

/* The entry whose name is at @iter (tagged there), or NULL. */
static DfCodexEntry *
entry_at (DfEditor          *self,
          const GtkTextIter *iter)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start = *iter, end = *iter;
  g_autofree char *text = NULL;
  g_autoptr(GArray) matches = NULL;
  gsize at;

  if (!codex_active (self) || !gtk_text_iter_has_tag (iter, self->codex_tag))
    return NULL;
  widen_to_paragraphs (&start, &end);
  text = gtk_text_buffer_get_slice (buffer, &start, &end, TRUE);
  {
    g_autofree char *before = gtk_text_buffer_get_slice (buffer, &start, iter, TRUE);
    at = strlen (before);
  }
  matches = df_codex_matcher_scan (self->codex_matcher, text, -1);
  for (guint i = 0; i < matches->len; i++)
    {
      DfCodexMatch *m = &g_array_index (matches, DfCodexMatch, i);

      if (at >= m->offset && at < m->offset + m->length)
        return g_hash_table_lookup (self->codex_entries, &m->entry_id);
    }
  return NULL;
}

/* The tooltip of @entry: its name and kind, then its description. */
static char *
describe (DfCodexEntry *entry)
{
  g_autofree char *name = g_markup_escape_text (entry->name, -1);
  GString *markup = g_string_new (NULL);

  /* TRANSLATORS: a codex entry on hover: its name, then its kind */
  g_string_append_printf (markup, _("<b>%s</b> · %s"), name, kind_label (entry->kind));
  if (entry->description != NULL && entry->description[0] != '\0')
    {
      g_autofree char *description = g_markup_escape_text (entry->description, -1);

      g_string_append_printf (markup, "\n%s", description);
    }
  return g_string_free (markup, FALSE);
}

static gboolean
query_tooltip_cb (DfEditor   *self,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter iter;
  DfCodexEntry *entry;
  g_autofree char *markup = NULL;
  int bx, by;

  if (keyboard)
    gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  else
    {
      gtk_text_view_window_to_buffer_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
      if (!gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (self), &iter, bx, by))
        return FALSE;
    }
  entry = entry_at (self, &iter);
  if (entry == NULL)
    return FALSE;
  markup = describe (entry);
  gtk_tooltip_set_markup (tooltip, markup);
  return TRUE;
}

static void
insert_text_after_cb (GtkTextBuffer *buffer,
                      GtkTextIter   *location,
                      const char    *text,
                      int            len,
                      DfEditor      *self)
{
  GtkTextIter start = *location;

  if (!codex_active (self))
    return;
  gtk_text_iter_backward_chars (&start, g_utf8_strlen (text, len));
  codex_mark_dirty (self, &start, location);
  codex_schedule (self, self->codex_delay_ms);
}

static void
delete_range_after_cb (GtkTextBuffer *buffer,
                       GtkTextIter   *start,
                       GtkTextIter   *end,
                       DfEditor      *self)
{
  if (!codex_active (self))
    return;
  codex_mark_dirty (self, start, end);
  codex_schedule (self, self->codex_delay_ms);
}

/* The codex section is the menu's last item, when offered. */
static gboolean
menu_has_codex (DfEditor *self)
{
  GMenuModel *menu = G_MENU_MODEL (self->spell_menu);
  int n = g_menu_model_get_n_items (menu);
  g_autoptr(GMenuModel) last = NULL;

  if (n == 0)
    return FALSE;
  last = g_menu_model_get_item_link (menu, n - 1, G_MENU_LINK_SECTION);
  return last == G_MENU_MODEL (self->codex_menu);
}

void
df_editor_menu_clear (DfEditor *self)
{
  g_menu_remove_all (self->spell_menu);
  if (self->codex_offer)
    g_menu_append_section (self->spell_menu, NULL, G_MENU_MODEL (self->codex_menu));
}

void
df_editor_menu_add_section (DfEditor   *self,
                            GMenuModel *section)
{
  int n = g_menu_model_get_n_items (G_MENU_MODEL (self->spell_menu));

  g_menu_insert_section (self->spell_menu, menu_has_codex (self) ? n - 1 : n, NULL, section);
}

void
df_editor_codex_setup (DfEditor *self)
{
  GtkTextBuffer *text = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start;
  /* GNOME's blue 3, faint: as readable on a dark page as on a light one. */
  GdkRGBA tint = { 0.208, 0.518, 0.894, 0.2 };

  self->codex_highlight = TRUE;
  self->codex_delay_ms = CODEX_DELAY_MS;
  self->codex_tag = gtk_text_buffer_create_tag (text, "codex-name",
                                                "background-rgba", &tint,
                                                NULL);
  gtk_text_buffer_get_start_iter (text, &start);
  self->codex_dirty_start = gtk_text_buffer_create_mark (text, NULL, &start, TRUE);
  self->codex_dirty_end = gtk_text_buffer_create_mark (text, NULL, &start, FALSE);
  g_signal_connect_object (text, "insert-text", G_CALLBACK (insert_text_after_cb), self, G_CONNECT_AFTER);
  g_signal_connect_object (text, "delete-range", G_CALLBACK (delete_range_after_cb), self, G_CONNECT_AFTER);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  self->codex_menu = g_menu_new ();
  g_menu_append (self->codex_menu, _("Add to _Codex…"), "project.add-to-codex");
}

void
df_editor_codex_text_loaded (DfEditor *self)
{
  if (codex_active (self))
    mark_all (self);
}

void
df_editor_codex_update (DfEditor *self)
{
  gboolean on = self->settings == NULL || g_settings_get_boolean (self->settings, "codex-highlight");

  if (on == self->codex_highlight)
    return;
  self->codex_highlight = on;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), codex_active (self));
  mark_all (self);
}

void
df_editor_codex_dispose (DfEditor *self)
{
  g_clear_handle_id (&self->codex_source, g_source_remove);
  g_clear_pointer (&self->codex_matcher, df_codex_matcher_unref);
  g_clear_pointer (&self->codex_entries, g_hash_table_unref);
}

void
df_editor_set_codex_offer (DfEditor *self,
                           gboolean  offer)
{
  g_return_if_fail (DF_IS_EDITOR (self));

  if (self->codex_offer == !!offer)
    return;
  self->codex_offer = !!offer;
  if (offer && !menu_has_codex (self))
    g_menu_append_section (self->spell_menu, NULL, G_MENU_MODEL (self->codex_menu));
  else if (!offer && menu_has_codex (self))
    g_menu_remove (self->spell_menu, g_menu_model_get_n_items (G_MENU_MODEL (self->spell_menu)) - 1);
}

void
df_editor_set_codex (DfEditor       *self,
                     DfCodexMatcher *matcher,
                     GPtrArray      *entries)
{
  gboolean same;

  g_return_if_fail (DF_IS_EDITOR (self));

  if (entries == NULL || entries->len == 0)
    matcher = NULL;
  /* The same names (the project's matcher is cached until the codex
   * changes): only the descriptions may be new. */
  same = matcher == self->codex_matcher;
  g_clear_pointer (&self->codex_matcher, df_codex_matcher_unref);
  g_clear_pointer (&self->codex_entries, g_hash_table_unref);
  if (matcher != NULL && entries != NULL && entries->len > 0)
    {
      self->codex_matcher = df_codex_matcher_ref (matcher);
      self->codex_entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                   (GDestroyNotify)df_codex_entry_free);
      for (guint i = 0; i < entries->len; i++)
        {
          DfCodexEntry *entry = g_ptr_array_index (entries, i);
          DfCodexEntry *copy = g_new0 (DfCodexEntry, 1);

          copy->id = entry->id;
          copy->kind = g_strdup (entry->kind);
          copy->name = g_strdup (entry->name);
          copy->description = g_strdup (entry->description);
          copy->aliases = g_new0 (char *, 1);
          copy->tags = g_new0 (char *, 1);
          g_hash_table_insert (self->codex_entries, &copy->id, copy);
        }
    }
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), codex_active (self));
  if (!same)
    mark_all (self);
}

gboolean
df_editor_get_codex_pending (DfEditor *self)
{
  g_return_val_if_fail (DF_IS_EDITOR (self), FALSE);

  return self->codex_dirty;
}

void
df_editor_set_codex_delay (DfEditor *self,
                           guint     delay_ms)
{
  g_return_if_fail (DF_IS_EDITOR (self));

  self->codex_delay_ms = delay_ms;
}

char *
df_editor_dup_codex_tooltip (DfEditor *self,
                             gint64    offset)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter iter;
  DfCodexEntry *entry;

  g_return_val_if_fail (DF_IS_EDITOR (self), NULL);

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) offset);
  entry = entry_at (self, &iter);
  return entry != NULL ? describe (entry) : NULL;
}

void
df_editor_codex_mark_range (DfEditor *self,
                            int       start,
                            int       end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter s, e;

  g_return_if_fail (DF_IS_EDITOR (self));

  gtk_text_buffer_get_iter_at_offset (buffer, &s, start);
  gtk_text_buffer_get_iter_at_offset (buffer, &e, end);
  widen_to_paragraphs (&s, &e);
  mark_stretch (self, &s, &e, TRUE);
}
