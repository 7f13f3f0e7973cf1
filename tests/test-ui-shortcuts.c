/* test-ui-shortcuts.c: the shortcuts window lists every shortcut
 *
 * The application's window is opened on a project, and every keyboard
 * shortcut it answers to is gathered: the application's accelerators and
 * the shortcuts every widget of the window installs (each widget class's
 * bindings live in a shortcut controller of the widget).  Each must be in
 * the shortcuts window (Ctrl+?), but for the keys every GNOME user knows
 * without being told (listed below, with why).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "df-application.h"
#include "df-project-view.h"
#include "df-window.h"
#include "ui-test-util.h"

typedef UiTestApp Fixture;

/* Keys that need no entry: Escape closes or leaves what is open (a bar, a
 * panel, focus mode), Return and Space activate what has the focus, Tab
 * and the arrows move it, Menu and Shift+F10 open a context menu: every
 * GNOME application does the same.  The window's own shortcuts window is
 * not listed in itself (Ctrl+? opens it; it is its title bar). */
static const char * const well_known[] = {
  "Escape", "Return", "KP_Enter", "ISO_Enter", "space", "KP_Space", "Tab", "<Shift>Tab", "ISO_Left_Tab",
  "<Shift>ISO_Left_Tab", "Up", "Down", "Left", "Right", "KP_Up", "KP_Down", "KP_Left", "KP_Right",
  "Menu", "<Shift>F10", "<Control>question",
  NULL,
};

/* @accel as GTK writes it back (so "<ctrl>f" and "<Control>f" compare
 * equal), or NULL when it does not parse. */
static char *
canonical (const char *accel)
{
  guint key;
  GdkModifierType mods;

  if (!gtk_accelerator_parse (accel, &key, &mods) || key == 0)
    return NULL;
  return gtk_accelerator_name (key, mods);
}

/* Adds to @keys what @trigger fires on (one key, or each of an
 * alternative's), with @where as the value. */
static void
add_trigger (GHashTable         *keys,
             GtkShortcutTrigger *trigger,
             const char         *where)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    {
      add_trigger (keys, gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), where);
      add_trigger (keys, gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), where);
    }
  else if (GTK_IS_KEYVAL_TRIGGER (trigger))
    {
      GtkKeyvalTrigger *keyval = GTK_KEYVAL_TRIGGER (trigger);
      char *name = gtk_accelerator_name (gtk_keyval_trigger_get_keyval (keyval),
                                         gtk_keyval_trigger_get_modifiers (keyval));

      g_hash_table_insert (keys, name, g_strdup (where));
    }
}

/* The keys of @widget's own shortcut controllers (not its children's). */
static GHashTable *
own_shortcuts (GtkWidget *widget)
{
  GHashTable *keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) shortcuts = ui_test_own_shortcuts (widget);

  for (guint i = 0; i < shortcuts->len; i++)
    add_trigger (keys, gtk_shortcut_get_trigger (shortcuts->pdata[i]), G_OBJECT_TYPE_NAME (widget));
  return keys;
}

/* The keys GTK or libadwaita itself gives a widget of @type: those of a
 * new widget of its nearest ancestor type that is not DraftForge's (none
 * when that type is abstract).  Kept per type in @baselines. */
static GHashTable *
baseline (GHashTable *baselines,
          GType       type)
{
  GHashTable *keys;
  GType gtk_type = type;

  while (g_str_has_prefix (g_type_name (gtk_type), "Df"))
    gtk_type = g_type_parent (gtk_type);
  if ((keys = g_hash_table_lookup (baselines, GSIZE_TO_POINTER (gtk_type))) != NULL)
    return keys;

  if (G_TYPE_IS_ABSTRACT (gtk_type))
    keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  else
    {
      GtkWidget *fresh = g_object_ref_sink (g_object_new (gtk_type, NULL));

      keys = own_shortcuts (fresh);
      if (GTK_IS_WINDOW (fresh))
        gtk_window_destroy (GTK_WINDOW (fresh));
      g_object_unref (fresh);
    }
  g_hash_table_insert (baselines, GSIZE_TO_POINTER (gtk_type), keys);
  return keys;
}

/* The shortcuts DraftForge installs on @widget and every widget under it
 * (depth first): each widget's own, but for those its GTK type has
 * anyway, with the widget's type as where each came from. */
static void
add_widget_shortcuts (GHashTable *installed,
                      GHashTable *baselines,
                      GtkWidget  *widget)
{
  g_autoptr(GHashTable) keys = own_shortcuts (widget);
  GHashTable *gtk_keys = baseline (baselines, G_OBJECT_TYPE (widget));
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (gtk_keys, key))
      g_hash_table_insert (installed, g_strdup (key), g_strdup (value));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    add_widget_shortcuts (installed, baselines, child);
}

/* The application's accelerators, with their action as where. */
static void
add_app_accels (GHashTable     *installed,
                GtkApplication *app)
{
  g_auto(GStrv) actions = gtk_application_list_action_descriptions (app);

  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, actions[i]);

      for (guint j = 0; accels[j] != NULL; j++)
        {
          char *name = canonical (accels[j]);

          if (name != NULL)
            g_hash_table_insert (installed, name, g_strdup (actions[i]));
        }
    }
}

/* Every accelerator the shortcuts window lists (an entry may list
 * several, separated by spaces). */
static GHashTable *
listed_accels (GtkWidget *overlay)
{
  GHashTable *listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *stack = g_ptr_array_new ();

  g_ptr_array_add (stack, overlay);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);

      if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
        {
          g_autofree char *accels = NULL;
          g_auto(GStrv) each = NULL;

          g_object_get (widget, "accelerator", &accels, NULL);
          each = g_strsplit (accels != NULL ? accels : "", " ", -1);
          for (guint i = 0; each[i] != NULL; i++)
            {
              char *name = canonical (each[i]);

              if (name != NULL)
                g_hash_table_add (listed, name);
            }
        }
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (stack, child);
    }
  g_ptr_array_unref (stack);
  return listed;
}

static void
test_every_shortcut_listed (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GHashTable) installed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) baselines = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref);
  g_autoptr(GHashTable) listed = NULL;
  g_autoptr(GString) missing = g_string_new (NULL);
  GtkShortcutsWindow *overlay;
  GHashTableIter iter;
  gpointer key, value;

  if (ui_test_skip_without_display ())
    return;

  df_test_add_profile (f->db_path, "Writer");
  df_test_add_project (f->db_path, "Keys", "First", "one", "Second", "two", NULL);
  ui_test_app_start (f);
  ui_test_app_open_project (f, "keys");

  add_app_accels (installed, GTK_APPLICATION (f->app));
  add_widget_shortcuts (installed, baselines, GTK_WIDGET (f->window));

  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (f->window));
  g_assert_nonnull (overlay);
  listed = listed_accels (GTK_WIDGET (overlay));
  g_assert_cmpuint (g_hash_table_size (listed), >, 10);

  for (guint i = 0; well_known[i] != NULL; i++)
    {
      g_autofree char *name = canonical (well_known[i]);

      if (name != NULL)
        g_hash_table_remove (installed, name);
    }
  g_hash_table_iter_init (&iter, installed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (listed, key))
      g_string_append_printf (missing, "  %s (installed by %s)\n", (const char *) key, (const char *) value);
  if (missing->len > 0)
    g_error ("Shortcuts the window does not list:\n%s", missing->str);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/ui/shortcuts/every-shortcut-listed", UiTestApp, NULL, ui_test_app_set_up,
              test_every_shortcut_listed, ui_test_app_tear_down);

  return g_test_run ();
}
