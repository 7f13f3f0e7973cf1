/* df-find-bar.c: find and replace in the open chapter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-find-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "df-find-bar.h"
#include "df-utils.h"

struct _DfFindBar
{
  GtkWidget                parent_instance;

  GtkSourceView           *view;
  GtkSourceSearchSettings *settings;
  GtkSourceSearchContext  *search;

  /* template */
  GtkSearchEntry          *find_entry;
  GtkLabel                *find_label;
  GtkWidget               *replace_box;
  GtkEntry                *replace_entry;
  GtkRevealer             *revealer;
};

G_DEFINE_FINAL_TYPE (DfFindBar, df_find_bar, GTK_TYPE_WIDGET)

static GtkTextBuffer *
get_buffer (DfFindBar *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
}

/* ---- callbacks ------------------------------------------------------- */

static void
update_label (DfFindBar *self)
{
  int count = gtk_source_search_context_get_occurrences_count (self->search);
  g_autofree char *text = NULL;

  if (count < 0 || gtk_editable_get_text (GTK_EDITABLE (self->find_entry))[0] == '\0')
    text = g_strdup ("");
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d match", "%d matches", count), count);
  gtk_label_set_text (self->find_label, text);
}

static void
find_entry_activate (DfFindBar *self)
{
  df_find_bar_move (self, FALSE);
}

static gboolean
find_entry_key (DfFindBar             *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  if (keyval == GDK_KEY_Escape)
    {
      df_find_bar_end (self);
      return TRUE;
    }
  return FALSE;
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  df_find_bar_move (DF_FIND_BAR (widget), g_str_equal (action_name, "find.previous"));
}

static void
replace_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  df_find_bar_replace (DF_FIND_BAR (widget));
}

static void
replace_all_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  df_find_bar_replace_all (DF_FIND_BAR (widget));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  df_find_bar_end (DF_FIND_BAR (widget));
}

/* ---- GObject --------------------------------------------------------- */

static void
df_find_bar_dispose (GObject *object)
{
  DfFindBar *self = (DfFindBar *)object;

  g_clear_object (&self->search);
  g_clear_object (&self->settings);
  g_clear_object (&self->view);
  gtk_widget_dispose_template (GTK_WIDGET (self), DF_TYPE_FIND_BAR);

  G_OBJECT_CLASS (df_find_bar_parent_class)->dispose (object);
}

static void
df_find_bar_class_init (DfFindBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_find_bar_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/draftforge/DraftForge/ui/df-find-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, DfFindBar, find_entry);
  gtk_widget_class_bind_template_child (widget_class, DfFindBar, find_label);
  gtk_widget_class_bind_template_child (widget_class, DfFindBar, replace_box);
  gtk_widget_class_bind_template_child (widget_class, DfFindBar, replace_entry);
  gtk_widget_class_bind_template_child (widget_class, DfFindBar, revealer);
  gtk_widget_class_bind_template_callback (widget_class, find_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, find_entry_key);
  gtk_widget_class_bind_template_callback (widget_class, df_find_bar_end);

  gtk_widget_class_install_action (widget_class, "find.next", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "find.previous", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "find.replace", NULL, replace_action);
  gtk_widget_class_install_action (widget_class, "find.replace-all", NULL, replace_all_action);
  gtk_widget_class_install_action (widget_class, "find.close", NULL, close_action);

  /* Wherever the focus is in the bar (a button too), Escape closes it. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "find.close", NULL);
}

static void
df_find_bar_init (DfFindBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = gtk_source_search_settings_new ();
  gtk_source_search_settings_set_wrap_around (self->settings, TRUE);
  g_object_bind_property (self->find_entry, "text", self->settings, "search-text", G_BINDING_DEFAULT);
}

/* ---- public ---------------------------------------------------------- */

void
df_find_bar_set_view (DfFindBar     *self,
                      GtkSourceView *view)
{
  GtkTextBuffer *buffer;

  g_return_if_fail (DF_IS_FIND_BAR (self));
  g_return_if_fail (GTK_SOURCE_IS_VIEW (view));

  g_set_object (&self->view, view);
  buffer = get_buffer (self);
  g_clear_object (&self->search);
  self->search = gtk_source_search_context_new (GTK_SOURCE_BUFFER (buffer), self->settings);
  g_signal_connect_object (self->search, "notify::occurrences-count", G_CALLBACK (update_label), self, G_CONNECT_SWAPPED);
}

void
df_find_bar_begin (DfFindBar *self,
                   gboolean   replace)
{
  GtkTextIter start, end;

  g_return_if_fail (DF_IS_FIND_BAR (self));
  g_return_if_fail (self->view != NULL);

  gtk_revealer_set_reveal_child (self->revealer, TRUE);
  gtk_widget_set_visible (self->replace_box, replace);

  if (gtk_text_buffer_get_selection_bounds (get_buffer (self), &start, &end) &&
      gtk_text_iter_get_line (&start) == gtk_text_iter_get_line (&end))
    {
      g_autofree char *selected = gtk_text_iter_get_text (&start, &end);
      gtk_editable_set_text (GTK_EDITABLE (self->find_entry), selected);
    }

  /* Again (Ctrl+F with the bar open): what is there is selected, so
   * that typing replaces it. */
  gtk_widget_grab_focus (GTK_WIDGET (self->find_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->find_entry), 0, -1);
}

void
df_find_bar_end (DfFindBar *self)
{
  g_return_if_fail (DF_IS_FIND_BAR (self));

  gtk_revealer_set_reveal_child (self->revealer, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->find_entry), "");
  if (self->view != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

void
df_find_bar_move (DfFindBar *self,
                  gboolean   backward)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end, match_start, match_end;
  gboolean found;

  g_return_if_fail (DF_IS_FIND_BAR (self));

  if (self->search == NULL)
    return;

  buffer = get_buffer (self);
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  if (backward)
    found = gtk_source_search_context_backward (self->search, &start, &match_start, &match_end, NULL);
  else
    found = gtk_source_search_context_forward (self->search, &end, &match_start, &match_end, NULL);

  if (found)
    {
      gtk_text_buffer_select_range (buffer, &match_start, &match_end);
      gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->view), &match_start, 0.1, FALSE, 0, 0);
    }
}

void
df_find_bar_replace (DfFindBar *self)
{
  const char *replacement;
  GtkTextIter start, end, match_start, match_end;

  g_return_if_fail (DF_IS_FIND_BAR (self));

  if (self->search == NULL)
    return;

  replacement = gtk_editable_get_text (GTK_EDITABLE (self->replace_entry));
  gtk_text_buffer_get_selection_bounds (get_buffer (self), &start, &end);
  if (gtk_source_search_context_forward (self->search, &start, &match_start, &match_end, NULL) &&
      gtk_text_iter_equal (&match_start, &start) && gtk_text_iter_equal (&match_end, &end))
    gtk_source_search_context_replace (self->search, &match_start, &match_end, replacement, -1, NULL);

  df_find_bar_move (self, FALSE);
}

guint
df_find_bar_replace_all (DfFindBar *self)
{
  g_autofree char *message = NULL;
  guint n;

  g_return_val_if_fail (DF_IS_FIND_BAR (self), 0);

  if (self->search == NULL)
    return 0;

  n = gtk_source_search_context_replace_all (self->search,
                                             gtk_editable_get_text (GTK_EDITABLE (self->replace_entry)),
                                             -1, NULL);
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Replaced %u match", "Replaced %u matches", n), n);
  df_page_show_toast (GTK_WIDGET (self), message);
  return n;
}
