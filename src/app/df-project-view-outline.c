/* df-project-view-outline.c: the outline, the corkboard and the codex in
 * the place of the editor
 *
 * The header's Outline button (Ctrl+Shift+O) shows the book as a table
 * (DfOutlineView), the Corkboard button (Ctrl+Shift+B) as index cards
 * (DfCorkboardView), the Codex button (Ctrl+Shift+K) the codex
 * (DfCodexView), where the text was; one at a time.  Activating a
 * row or a card goes back to the editor on that chapter.  The sidebar
 * shows what they changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-project"

#include "config.h"

#include "df-project-view-private.h"

/* Sets @button without running its handler. */
static void
set_quietly (DfProjectView   *self,
             GtkToggleButton *button,
             gboolean         active)
{
  g_signal_handlers_block_matched (button, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_toggle_button_set_active (button, active);
  g_signal_handlers_unblock_matched (button, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

static void
show_text (DfProjectView *self)
{
  gtk_stack_set_visible_child_name (self->content_stack,
                                    df_project_sidebar_get_n_chapters (self->sidebar) > 0 ? "editor" : "empty");
  gtk_widget_grab_focus (GTK_WIDGET (self->editor));
}

/* ---- callbacks --------------------------------------------------------- */

static void
outline_toggled (DfProjectView *self)
{
  if (!gtk_toggle_button_get_active (self->outline_button))
    {
      show_text (self);
      return;
    }
  set_quietly (self, self->corkboard_button, FALSE);
  set_quietly (self, self->codex_button, FALSE);
  df_outline_view_load (self->outline_view, self->project_id);
  gtk_stack_set_visible_child_name (self->content_stack, "outline");
  gtk_widget_grab_focus (GTK_WIDGET (self->outline_view));
}

static void
corkboard_toggled (DfProjectView *self)
{
  if (!gtk_toggle_button_get_active (self->corkboard_button))
    {
      show_text (self);
      return;
    }
  set_quietly (self, self->outline_button, FALSE);
  set_quietly (self, self->codex_button, FALSE);
  df_corkboard_view_load (self->corkboard_view, self->project_id);
  gtk_stack_set_visible_child_name (self->content_stack, "corkboard");
  gtk_widget_grab_focus (GTK_WIDGET (self->corkboard_view));
}

static void
codex_toggled (DfProjectView *self)
{
  if (!gtk_toggle_button_get_active (self->codex_button))
    {
      /* Entries may have been added, renamed or given aliases. */
      _df_project_view_codex_refresh (self);
      show_text (self);
      return;
    }
  set_quietly (self, self->outline_button, FALSE);
  set_quietly (self, self->corkboard_button, FALSE);
  df_codex_view_load (self->codex_view, self->project_id);
  gtk_stack_set_visible_child_name (self->content_stack, "codex");
  gtk_widget_grab_focus (GTK_WIDGET (self->codex_view));
}

/* A chapter chosen on an entry's page: open it with the mention selected. */
static void
codex_mention_activated (DfProjectView *self,
                         gint64         chapter_id,
                         gint64         offset,
                         guint          length)
{
  _df_project_view_outline_leave (self);
  show_text (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "project.show-match", "(xxu)", chapter_id, offset, length);
}

static void
outline_chapter_activated (DfProjectView *self,
                           gint64         chapter_id)
{
  _df_project_view_outline_leave (self);
  show_text (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "project.open-chapter", "x", chapter_id);
}

static void
outline_changed (DfProjectView *self)
{
  df_project_sidebar_reload (self->sidebar);
}

static void
toggle_outline_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  DfProjectView *self = DF_PROJECT_VIEW (widget);
  GtkToggleButton *button = g_str_equal (action_name, "project.toggle-corkboard") ? self->corkboard_button
                            : g_str_equal (action_name, "project.toggle-codex")   ? self->codex_button
                                                                                  : self->outline_button;

  gtk_toggle_button_set_active (button, !gtk_toggle_button_get_active (button));
}

/* ---- shared with the view --------------------------------------------- */

void
_df_project_view_class_outline_init (DfProjectViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (DF_TYPE_OUTLINE_VIEW);
  g_type_ensure (DF_TYPE_CORKBOARD_VIEW);
  g_type_ensure (DF_TYPE_CODEX_VIEW);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, codex_button);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, codex_view);
  gtk_widget_class_bind_template_callback (widget_class, codex_mention_activated);
  gtk_widget_class_bind_template_callback (widget_class, codex_toggled);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, corkboard_button);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, corkboard_view);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, outline_button);
  gtk_widget_class_bind_template_child (widget_class, DfProjectView, outline_view);
  gtk_widget_class_bind_template_callback (widget_class, corkboard_toggled);
  gtk_widget_class_bind_template_callback (widget_class, outline_changed);
  gtk_widget_class_bind_template_callback (widget_class, outline_chapter_activated);
  gtk_widget_class_bind_template_callback (widget_class, outline_toggled);

  gtk_widget_class_install_action (widget_class, "project.toggle-outline", NULL, toggle_outline_action);
  gtk_widget_class_install_action (widget_class, "project.toggle-corkboard", NULL, toggle_outline_action);
  gtk_widget_class_install_action (widget_class, "project.toggle-codex", NULL, toggle_outline_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "project.toggle-codex", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "project.toggle-outline", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "project.toggle-corkboard", NULL);
}

void
_df_project_view_outline_init (DfProjectView *self)
{
}

void
_df_project_view_outline_set_session (DfProjectView *self,
                                      DfSession     *session)
{
  df_outline_view_set_session (self->outline_view, session);
  df_corkboard_view_set_session (self->corkboard_view, session);
  df_codex_view_set_session (self->codex_view, session);
}

gboolean
_df_project_view_outline_shown (DfProjectView *self)
{
  return gtk_toggle_button_get_active (self->outline_button) ||
         gtk_toggle_button_get_active (self->corkboard_button) ||
         gtk_toggle_button_get_active (self->codex_button);
}

void
_df_project_view_outline_leave (DfProjectView *self)
{
  /* Quietly: the project being loaded, or the chapter opened, picks the
   * page itself. */
  set_quietly (self, self->outline_button, FALSE);
  set_quietly (self, self->corkboard_button, FALSE);
  set_quietly (self, self->codex_button, FALSE);
}
