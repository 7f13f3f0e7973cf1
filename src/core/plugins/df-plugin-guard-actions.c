/* df-plugin-guard-actions.c: a plugin's actions, called under the guard
 *
 * DfGuardedActions stands in front of the GActionGroup a UI extension
 * gives the window: what it says about its actions (names, states,
 * enabled, the signals) is the plugin's group's, and an activation or a
 * change of state marks the plugin with the guard (df-plugin-guard.c)
 * for as long as its handler runs, so that a crash there disables the
 * plugin at the next start as a crash in its other callbacks does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugins"

#include "config.h"

#include "df-plugin-host.h"

#define DF_TYPE_GUARDED_ACTIONS (df_guarded_actions_get_type ())
G_DECLARE_FINAL_TYPE (DfGuardedActions, df_guarded_actions, DF, GUARDED_ACTIONS, GObject)

struct _DfGuardedActions
{
  GObject       parent_instance;

  char         *plugin_id;
  GActionGroup *actions;
};

static void df_guarded_actions_iface_init (GActionGroupInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DfGuardedActions, df_guarded_actions, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_ACTION_GROUP, df_guarded_actions_iface_init))

/* ---- callbacks ------------------------------------------------------- */

static void
action_added_cb (GActionGroup     *actions,
                 const char       *name,
                 DfGuardedActions *self)
{
  g_action_group_action_added (G_ACTION_GROUP (self), name);
}

static void
action_removed_cb (GActionGroup     *actions,
                   const char       *name,
                   DfGuardedActions *self)
{
  g_action_group_action_removed (G_ACTION_GROUP (self), name);
}

static void
enabled_changed_cb (GActionGroup     *actions,
                    const char       *name,
                    gboolean          enabled,
                    DfGuardedActions *self)
{
  g_action_group_action_enabled_changed (G_ACTION_GROUP (self), name, enabled);
}

static void
state_changed_cb (GActionGroup     *actions,
                  const char       *name,
                  GVariant         *state,
                  DfGuardedActions *self)
{
  g_action_group_action_state_changed (G_ACTION_GROUP (self), name, state);
}

/* ---- vfuncs ---------------------------------------------------------- */

static char **
guarded_list_actions (GActionGroup *group)
{
  return g_action_group_list_actions (DF_GUARDED_ACTIONS (group)->actions);
}

static gboolean
guarded_query_action (GActionGroup        *group,
                      const char          *name,
                      gboolean            *enabled,
                      const GVariantType **parameter_type,
                      const GVariantType **state_type,
                      GVariant           **state_hint,
                      GVariant           **state)
{
  return g_action_group_query_action (DF_GUARDED_ACTIONS (group)->actions, name, enabled, parameter_type,
                                      state_type, state_hint, state);
}

static void
guarded_activate_action (GActionGroup *group,
                         const char   *name,
                         GVariant     *parameter)
{
  DfGuardedActions *self = DF_GUARDED_ACTIONS (group);
  g_autofree char *what = g_strdup_printf ("action %s", name);

  df_plugin_guard_enter (self->plugin_id, what);
  g_action_group_activate_action (self->actions, name, parameter);
  df_plugin_guard_leave (self->plugin_id);
}

static void
guarded_change_action_state (GActionGroup *group,
                             const char   *name,
                             GVariant     *value)
{
  DfGuardedActions *self = DF_GUARDED_ACTIONS (group);
  g_autofree char *what = g_strdup_printf ("action %s", name);

  df_plugin_guard_enter (self->plugin_id, what);
  g_action_group_change_action_state (self->actions, name, value);
  df_plugin_guard_leave (self->plugin_id);
}

static void
df_guarded_actions_iface_init (GActionGroupInterface *iface)
{
  iface->list_actions = guarded_list_actions;
  iface->query_action = guarded_query_action;
  iface->activate_action = guarded_activate_action;
  iface->change_action_state = guarded_change_action_state;
}

static void
df_guarded_actions_dispose (GObject *object)
{
  DfGuardedActions *self = DF_GUARDED_ACTIONS (object);

  if (self->actions != NULL)
    g_signal_handlers_disconnect_by_data (self->actions, self);
  g_clear_object (&self->actions);
  G_OBJECT_CLASS (df_guarded_actions_parent_class)->dispose (object);
}

static void
df_guarded_actions_finalize (GObject *object)
{
  g_free (DF_GUARDED_ACTIONS (object)->plugin_id);
  G_OBJECT_CLASS (df_guarded_actions_parent_class)->finalize (object);
}

static void
df_guarded_actions_class_init (DfGuardedActionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = df_guarded_actions_dispose;
  object_class->finalize = df_guarded_actions_finalize;
}

static void
df_guarded_actions_init (DfGuardedActions *self)
{
}

/* ---- public API ------------------------------------------------------ */

GActionGroup *
df_plugin_guard_wrap_actions (const char   *id,
                              GActionGroup *actions)
{
  DfGuardedActions *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (G_IS_ACTION_GROUP (actions), NULL);

  self = g_object_new (DF_TYPE_GUARDED_ACTIONS, NULL);
  self->plugin_id = g_strdup (id);
  self->actions = g_object_ref (actions);
  g_signal_connect (actions, "action-added", G_CALLBACK (action_added_cb), self);
  g_signal_connect (actions, "action-removed", G_CALLBACK (action_removed_cb), self);
  g_signal_connect (actions, "action-enabled-changed", G_CALLBACK (enabled_changed_cb), self);
  g_signal_connect (actions, "action-state-changed", G_CALLBACK (state_changed_cb), self);
  return G_ACTION_GROUP (self);
}
