/* df-onboarding-window.c: the first-run questionnaire that makes a profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-onboarding-window"

#include "config.h"

#include <glib/gi18n.h>

#include "df-model.h"
#include "df-onboarding-window.h"
#include "df-profile-choices.h"

/* The pages, in order; which are asked depends on the first answer
 * (page_wanted). */
#define PAGE_NAME       0
#define PAGE_EDUCATION  1
#define PAGE_EXPERIENCE 2
#define PAGE_LAST       3

struct _DfOnboardingWindow
{
  AdwWindow        parent_instance;

  DfSession       *session;
  GPtrArray       *role_checks;
  GPtrArray       *education_checks;
  GPtrArray       *programming_checks;
  GPtrArray       *ai_ml_checks;
  GPtrArray       *goal_checks;
  GPtrArray       *language_checks;
  guint            page;
  gboolean         done;

  /* Template widgets */
  GtkWidget       *ai_ml_group;
  AdwCarousel     *carousel;
  GtkWidget       *education_group;
  GtkLabel        *finish_error;
  GtkStack        *forward_stack;
  GtkWidget       *finish_button;
  GtkWidget       *goals_group;
  GtkWidget       *language_group;
  GtkLabel        *last_title;
  GtkLabel        *name_error;
  AdwEntryRow     *name_row;
  GtkWidget       *next_button;
  GtkWidget       *programming_group;
  GtkSwitch       *robotics_switch;
  GtkWidget       *role_group;
};

G_DEFINE_FINAL_TYPE (DfOnboardingWindow, df_onboarding_window, ADW_TYPE_WINDOW)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GPtrArray *
add_choice_rows (GtkWidget          *group,
                 const char         *field,
                 const char * const *values,
                 gboolean            exclusive)
{
  GPtrArray *checks = g_ptr_array_new ();
  GtkCheckButton *first = NULL;

  for (guint i = 0; values[i] != NULL; i++)
    {
      GtkWidget *check = gtk_check_button_new ();

      if (exclusive)
        {
          if (first == NULL)
            first = GTK_CHECK_BUTTON (check);
          else
            gtk_check_button_set_group (GTK_CHECK_BUTTON (check), first);
        }
      df_profile_add_choice_row (ADW_PREFERENCES_GROUP (group), field, values[i], check);
      g_ptr_array_add (checks, check);
    }

  return checks;
}

static const char *
chosen_value (GPtrArray *checks)
{
  for (guint i = 0; i < checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (checks, i)))
      return g_object_get_data (G_OBJECT (g_ptr_array_index (checks, i)), "df-value");
  return NULL;
}

/* Whether @page is asked of this person.  A writer is asked only the
 * language (a novelist has no use for questions about programming); a
 * reader everything that fits a book to them (education, technical
 * background, goals); a teacher their education, their goals and the
 * language.  No answer: everything. */
static gboolean
page_wanted (DfOnboardingWindow *self,
             guint               page)
{
  const char *role = chosen_value (self->role_checks);

  if (page == PAGE_NAME || page == PAGE_LAST)
    return TRUE;
  if (g_strcmp0 (role, "write") == 0)
    return FALSE;
  if (g_strcmp0 (role, "teach") == 0)
    return page == PAGE_EDUCATION;
  return TRUE;
}

/* The next page asked after @page in @step's direction (+1 or -1), or
 * @page when there is none. */
static guint
wanted_page_from (DfOnboardingWindow *self,
                  guint               page,
                  int                 step)
{
  guint n_pages = adw_carousel_get_n_pages (self->carousel);

  for (int p = (int) page + step; p >= 0 && p < (int) n_pages; p += step)
    if (page_wanted (self, p))
      return p;
  return page;
}

/* The last page shows the goals to a reader and a teacher only: a
 * writer's is the language alone. */
static void
role_toggled_cb (DfOnboardingWindow *self)
{
  gboolean writer = g_strcmp0 (chosen_value (self->role_checks), "write") == 0;

  gtk_widget_set_visible (self->goals_group, !writer);
  gtk_label_set_text (self->last_title, writer ? _("Your Language") : _("Your Goals"));
}

static void
update_buttons (DfOnboardingWindow *self)
{
  gboolean last = wanted_page_from (self, self->page, 1) == self->page;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "onboarding.back", self->page > 0);
  gtk_stack_set_visible_child (self->forward_stack, last ? self->finish_button : self->next_button);
}

static void
go_to_page (DfOnboardingWindow *self,
            guint               page)
{
  GtkWidget *child;

  page = MIN (page, adw_carousel_get_n_pages (self->carousel) - 1);
  self->page = page;
  child = adw_carousel_get_nth_page (self->carousel, page);
  adw_carousel_scroll_to (self->carousel, child, TRUE);
  update_buttons (self);

  /* Keep the keyboard focus on the page being shown. */
  if (page == PAGE_NAME)
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  else
    gtk_widget_child_focus (child, GTK_DIR_TAB_FORWARD);
}

static void
show_error (DfOnboardingWindow *self,
            GtkLabel           *label,
            guint               page,
            const char         *message)
{
  gtk_label_set_text (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
  if (self->page != page)
    go_to_page (self, page);
}

static void
hide_errors (DfOnboardingWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->name_error), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->finish_error), FALSE);
}

static void
emit_finished (DfOnboardingWindow *self,
               const char         *profile_id,
               gboolean            destroy)
{
  if (self->done)
    return;
  self->done = TRUE;

  g_object_ref (self);
  g_signal_emit (self, signals[FINISHED], 0, profile_id);
  if (destroy)
    gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

/* Makes the profile in one transaction: either all of it or none. */
static void
create_profile (DfOnboardingWindow *self)
{
  g_autoptr(GError) error = NULL;
  DfStore *store = df_session_get_store (self->session);
  g_autofree char *goals = df_profile_join_choices (self->goal_checks);
  g_autofree char *id = NULL;
  DfProfile *profile;
  gboolean education = page_wanted (self, PAGE_EDUCATION);
  gboolean experience = page_wanted (self, PAGE_EXPERIENCE);
  gboolean goals_asked = gtk_widget_get_visible (self->goals_group);
  /* What was not asked (an answer given before the first answer changed)
   * is not kept. */
  struct {
    const char *key;
    const char *value;
  } fields[] = {
    { "education_level", education ? chosen_value (self->education_checks) : NULL },
    { "programming_experience", experience ? chosen_value (self->programming_checks) : NULL },
    { "ai_ml_experience", experience ? chosen_value (self->ai_ml_checks) : NULL },
    { "robotics_background", !experience ? NULL : gtk_switch_get_active (self->robotics_switch) ? "true" : "false" },
    { "learning_goals", goals_asked ? goals : NULL },
    { "preferred_language", chosen_value (self->language_checks) },
    { "onboarding_completed", "true" },
  };

  hide_errors (self);

  if (!df_store_begin (store, &error))
    {
      show_error (self, self->finish_error, self->page, error->message);
      return;
    }

  profile = df_profile_create (store, gtk_editable_get_text (GTK_EDITABLE (self->name_row)), &error);
  if (profile == NULL)
    {
      df_store_rollback (store);
      show_error (self, self->name_error, PAGE_NAME, error->message);
      return;
    }
  id = g_strdup (profile->id);
  df_profile_free (profile);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (fields[i].value == NULL)
        continue;   /* a question left unanswered */
      if (!df_profile_set (store, id, fields[i].key, fields[i].value, &error))
        goto fail;
    }

  if (!df_profile_set_active (store, id, &error) ||
      !df_store_commit (store, &error))
    goto fail;

  emit_finished (self, id, TRUE);
  return;

fail:
  df_store_rollback (store);
  show_error (self, self->finish_error, self->page, error->message);
}

static gboolean
check_name (DfOnboardingWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!df_validate_text (_("Your name"), gtk_editable_get_text (GTK_EDITABLE (self->name_row)), 100, &error))
    {
      show_error (self, self->name_error, PAGE_NAME, error->message);
      return FALSE;
    }
  return TRUE;
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DfOnboardingWindow *self = DF_ONBOARDING_WINDOW (widget);

  if (self->page == PAGE_NAME && !check_name (self))
    return;

  hide_errors (self);
  if (wanted_page_from (self, self->page, 1) == self->page)
    create_profile (self);
  else
    go_to_page (self, wanted_page_from (self, self->page, 1));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  DfOnboardingWindow *self = DF_ONBOARDING_WINDOW (widget);

  if (self->page > 0)
    go_to_page (self, wanted_page_from (self, self->page, -1));
}

static void
skip_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  emit_finished (DF_ONBOARDING_WINDOW (widget), NULL, TRUE);
}

static void
name_row_entry_activated_cb (DfOnboardingWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "onboarding.next", NULL);
}

static void
name_row_changed_cb (DfOnboardingWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->name_error), FALSE);
}

static gboolean
df_onboarding_window_close_request (GtkWindow *window)
{
  /* Closing the window is skipping. */
  emit_finished (DF_ONBOARDING_WINDOW (window), NULL, FALSE);

  return GTK_WINDOW_CLASS (df_onboarding_window_parent_class)->close_request (window);
}

static void
df_onboarding_window_dispose (GObject *object)
{
  DfOnboardingWindow *self = (DfOnboardingWindow *)object;

  g_clear_pointer (&self->role_checks, g_ptr_array_unref);
  g_clear_pointer (&self->education_checks, g_ptr_array_unref);
  g_clear_pointer (&self->programming_checks, g_ptr_array_unref);
  g_clear_pointer (&self->ai_ml_checks, g_ptr_array_unref);
  g_clear_pointer (&self->goal_checks, g_ptr_array_unref);
  g_clear_pointer (&self->language_checks, g_ptr_array_unref);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (df_onboarding_window_parent_class)->dispose (object);
}

static void
df_onboarding_window_class_init (DfOnboardingWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = df_onboarding_window_dispose;

  window_class->close_request = df_onboarding_window_close_request;

  /**
   * DfOnboardingWindow::finished:
   * @profile_id: (nullable): the new, active profile; NULL when skipped
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/draftforge/DraftForge/ui/df-onboarding-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DfOnboardingWindow, ai_ml_group);
  gtk_widget_class_bind_template_child (widget_class, DfOnboardingWindow, carousel);
  gtk_widget_class_bind_template_child (widget_class, DfOnboardingWindow, education_group);
  gtk_widget_class_bind_template_child (widget_class, DfOnboardingWindow, finish_button);
  gtk_widget_class_bind_template_child (widget_class, DfOnboardingWindow, finish_error);
  gtk_widget_class_bind_template_child (widget_class, DfOnboardingWindow, forward_stack);
  gtk_widget_class_bind_template_child (widget_class, DfOnboardingWindow, goals_group);
  gtk_widget_class_bind_template_child (widget_class, DfOnboardingWindow, language_group);
  gtk_widget_class_bind_template_child (widget_class, DfOnboardingWindow, last_title);
  gtk_widget_class_bind_template_child (widget_class, DfOnboardingWindow, name_error);
  gtk_widget_class_bind_template_child (widget_class, DfOnboardingWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, DfOnboardingWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, DfOnboardingWindow, programming_group);
  gtk_widget_class_bind_template_child (widget_class, DfOnboardingWindow, robotics_switch);
  gtk_widget_class_bind_template_child (widget_class, DfOnboardingWindow, role_group);
  gtk_widget_class_bind_template_callback (widget_class, name_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_row_entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "onboarding.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "onboarding.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "onboarding.skip", NULL, skip_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "onboarding.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "onboarding.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Enter, 0, "onboarding.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "onboarding.skip", NULL);
}

static void
df_onboarding_window_init (DfOnboardingWindow *self)
{
  static const char * const roles[] = { "write", "read", "teach", NULL };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->role_checks = add_choice_rows (self->role_group, "role", roles, TRUE);
  for (guint i = 0; i < self->role_checks->len; i++)
    g_signal_connect_swapped (g_ptr_array_index (self->role_checks, i), "toggled",
                              G_CALLBACK (role_toggled_cb), self);
  self->education_checks = add_choice_rows (self->education_group, "education_level", df_education_levels, TRUE);
  self->programming_checks = add_choice_rows (self->programming_group, "programming_experience", df_programming_experiences, TRUE);
  self->ai_ml_checks = add_choice_rows (self->ai_ml_group, "ai_ml_experience", df_ai_ml_experiences, TRUE);
  self->goal_checks = add_choice_rows (self->goals_group, "learning_goals", df_learning_goals, FALSE);
  self->language_checks = add_choice_rows (self->language_group, "preferred_language", df_languages, TRUE);
  gtk_check_button_set_active (g_ptr_array_index (self->language_checks, 0), TRUE);

  update_buttons (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

DfOnboardingWindow *
df_onboarding_window_new (DfSession *session)
{
  DfOnboardingWindow *self;

  g_return_val_if_fail (DF_IS_SESSION (session), NULL);
  g_return_val_if_fail (df_session_get_store (session) != NULL, NULL);

  self = g_object_new (DF_TYPE_ONBOARDING_WINDOW, NULL);
  self->session = g_object_ref (session);
  return self;
}
