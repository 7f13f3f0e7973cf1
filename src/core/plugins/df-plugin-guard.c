/* df-plugin-guard.c: plugins that crashed DraftForge are disabled at the
 * next start
 *
 * Before this process calls into a plugin (its entry point, a UI
 * extension's function), it leaves a marker file, "ID@PID" in the user's
 * plugin-guard folder ($XDG_DATA_HOME/draftforge/plugin-guard), naming the
 * process (an owner, see df-owner-private.h) and what it was doing; after
 * a clean return it removes it.  A marker whose process is gone was left
 * by a crash: the next process to look (any start of the application or
 * the command line, on any database) records the crash in
 * plugin-crashes.ini beside the folder, and the plugin stays disabled
 * there until the user enables it again or removes it.  Per user, not per
 * database: another --db would crash again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugins"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "df-owner-private.h"
#include "df-plugin-host-private.h"

#define CRASHES_FILE "plugin-crashes.ini"

G_LOCK_DEFINE_STATIC (guard);
static GHashTable *depths;        /* id -> depth of calls into it */
static char       *marker_dir;
static gboolean    guard_off;     /* the helper process: its parent reports */

/* ---- private helpers ------------------------------------------------- */

static const char *
guard_dir (void)
{
  if (marker_dir == NULL)
    {
      marker_dir = g_build_filename (g_get_user_data_dir (), "draftforge", "plugin-guard", NULL);
      g_mkdir_with_parents (marker_dir, 0700);
    }
  return marker_dir;
}

static char *
crashes_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "draftforge", CRASHES_FILE, NULL);
}

static char *
marker_path (const char *id)
{
  g_autofree char *name = g_strdup_printf ("%s@%d", id, (int)getpid ());

  return g_build_filename (guard_dir (), name, NULL);
}

static void
write_marker (const char *id,
              const char *what)
{
  g_autofree char *path = marker_path (id);
  g_autofree char *text = g_strdup_printf ("%s\n%s\n", _df_owner_self (), what);
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

  if (fd < 0)
    return;
  if (write (fd, text, strlen (text)) < 0)
    g_debug ("Could not write the plugin guard's marker %s: %s", path, g_strerror (errno));
  close (fd);
}

static GKeyFile *
load_crashes (void)
{
  g_autofree char *path = crashes_path ();
  GKeyFile *file = g_key_file_new ();

  g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, NULL);
  return file;
}

static void
save_crashes (GKeyFile *file)
{
  g_autofree char *path = crashes_path ();
  g_autoptr(GError) error = NULL;

  if (!g_key_file_save_to_file (file, path, &error))
    g_warning ("Could not record a plugin's crash in %s: %s", path, error->message);
}

/* Records in @file that @id crashed while doing @what. */
static void
record_crash (GKeyFile   *file,
              const char *id,
              const char *what)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format_iso8601 (now);

  g_key_file_set_integer (file, id, "crashes", g_key_file_get_integer (file, id, "crashes", NULL) + 1);
  g_key_file_set_string (file, id, "while", what);
  g_key_file_set_string (file, id, "last", when);
  g_key_file_set_boolean (file, id, "disabled", TRUE);
  g_key_file_set_boolean (file, id, "told", FALSE);
}

/* ---- shared inside plugins/ ------------------------------------------ */

void
_df_plugin_guard_turn_off (void)
{
  guard_off = TRUE;
}

void
_df_plugin_guard_collect (void)
{
  g_autoptr(GDir) dir = g_dir_open (guard_dir (), 0, NULL);
  g_autoptr(GKeyFile) crashes = NULL;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (guard_dir (), name, NULL);
      g_autofree char *text = NULL;
      g_autofree char *id = NULL;
      g_auto(GStrv) lines = NULL;
      const char *at = strrchr (name, '@');

      if (at == NULL || !g_file_get_contents (path, &text, NULL, NULL))
        continue;
      lines = g_strsplit (text, "\n", 3);
      if (lines[0] == NULL || !_df_owner_is_gone (lines[0]))
        continue;
      id = g_strndup (name, at - name);
      if (crashes == NULL)
        crashes = load_crashes ();
      record_crash (crashes, id, lines[1] != NULL ? lines[1] : "");
      g_unlink (path);
      g_debug ("The plugin %s crashed DraftForge (while %s); it is disabled", id, lines[1] ? lines[1] : "");
    }
  if (crashes != NULL)
    save_crashes (crashes);
}

gboolean
_df_plugin_guard_is_disabled (const char  *id,
                              char       **what)
{
  g_autoptr(GKeyFile) crashes = load_crashes ();

  if (!g_key_file_get_boolean (crashes, id, "disabled", NULL))
    return FALSE;
  if (what != NULL)
    *what = g_key_file_get_string (crashes, id, "while", NULL);
  return TRUE;
}

guint
_df_plugin_guard_get_record (const char  *id,
                             char       **what,
                             char       **when)
{
  g_autoptr(GKeyFile) crashes = load_crashes ();

  *what = g_key_file_get_string (crashes, id, "while", NULL);
  *when = g_key_file_get_string (crashes, id, "last", NULL);
  return (guint)MAX (g_key_file_get_integer (crashes, id, "crashes", NULL), 0);
}

void
_df_plugin_guard_forgive (const char *id)
{
  g_autoptr(GKeyFile) crashes = load_crashes ();

  if (!g_key_file_get_boolean (crashes, id, "disabled", NULL))
    return;
  g_key_file_set_boolean (crashes, id, "disabled", FALSE);
  save_crashes (crashes);
}

/* ---- public API ------------------------------------------------------ */

void
df_plugin_guard_enter (const char *id,
                       const char *what)
{
  guint depth;

  g_return_if_fail (id != NULL);

  if (guard_off)
    return;
  G_LOCK (guard);
  if (depths == NULL)
    depths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  depth = GPOINTER_TO_UINT (g_hash_table_lookup (depths, id));
  /* The outermost call says what was being done. */
  if (depth == 0)
    write_marker (id, what != NULL ? what : "");
  g_hash_table_insert (depths, g_strdup (id), GUINT_TO_POINTER (depth + 1));
  G_UNLOCK (guard);
}

void
df_plugin_guard_leave (const char *id)
{
  guint depth;

  g_return_if_fail (id != NULL);

  if (guard_off)
    return;
  G_LOCK (guard);
  depth = depths != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (depths, id)) : 0;
  if (depth <= 1)
    {
      g_autofree char *path = marker_path (id);

      if (depths != NULL)
        g_hash_table_remove (depths, id);
      g_unlink (path);
    }
  else
    g_hash_table_insert (depths, g_strdup (id), GUINT_TO_POINTER (depth - 1));
  G_UNLOCK (guard);
}

GPtrArray *
df_plugin_guard_take_notices (void)
{
  g_autoptr(GKeyFile) crashes = load_crashes ();
  g_auto(GStrv) groups = g_key_file_get_groups (crashes, NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; groups[i] != NULL; i++)
    if (g_key_file_get_boolean (crashes, groups[i], "disabled", NULL) &&
        !g_key_file_get_boolean (crashes, groups[i], "told", NULL))
      {
        g_ptr_array_add (ids, g_strdup (groups[i]));
        g_key_file_set_boolean (crashes, groups[i], "told", TRUE);
      }
  if (ids->len > 0)
    save_crashes (crashes);
  return ids;
}

guint
df_plugin_guard_get_crash_count (const char *id)
{
  g_autoptr(GKeyFile) crashes = load_crashes ();

  return (guint)MAX (g_key_file_get_integer (crashes, id, "crashes", NULL), 0);
}
