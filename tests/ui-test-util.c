/* ui-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ui-test-util.h"

static gboolean have_display;

gboolean
ui_test_have_display (void)
{
  return have_display;
}

gboolean
ui_test_init (int    *argc,
              char ***argv)
{
  const char *display = g_getenv ("DISPLAY");

  g_test_init (argc, argv, NULL);

  if (display == NULL || *display == '\0')
    return (have_display = FALSE);

  gtk_init ();
  adw_init ();
  return (have_display = TRUE);
}

static gboolean
deadline_cb (gpointer data)
{
  gboolean *expired = data;
  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

void
ui_test_wait_until (gboolean (*condition) (gpointer data),
                    gpointer  data,
                    guint     timeout_ms)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (timeout_ms, deadline_cb, &expired);

  while (!condition (data) && !expired)
    g_main_context_iteration (NULL, TRUE);

  if (!expired)
    g_source_remove (id);
  else if (!condition (data))
    g_error ("Timed out after %u ms waiting for a condition", timeout_ms);
}

void
ui_test_flush (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

DfStore *
ui_test_store_new (char **dir_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("df-ui-XXXXXX", &error);
  g_autofree char *path = NULL;
  DfStore *store;

  g_assert_no_error (error);
  path = g_build_filename (dir, "draftforge.db", NULL);
  store = df_store_open (path, &error);
  g_assert_no_error (error);
  *dir_out = g_steal_pointer (&dir);
  return store;
}

void
ui_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        ui_test_remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

GtkWidget *
ui_test_find (GtkWidget  *root,
              GType       type,
              const char *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    {
      const char *id = GTK_IS_BUILDABLE (root) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)) : NULL;

      if (name == NULL ||
          g_strcmp0 (gtk_widget_get_name (root), name) == 0 ||
          g_strcmp0 (id, name) == 0)
        return root;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ui_test_find (child, type, name);
      if (found != NULL)
        return found;
    }

  return NULL;
}
