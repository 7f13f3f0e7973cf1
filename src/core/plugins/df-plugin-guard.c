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
 * Only a crash counts: while a guarded call runs, a handler for the
 * crash signals (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP,
 * SIGSYS) adds "crashed" to the open markers before the signal takes the
 * process down as before.  A process killed from outside (kill -9, a
 * test, the end of a session) leaves a marker without it, which is only
 * removed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugins"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "df-owner-private.h"
#include "df-plugin-host-private.h"

#define CRASHES_FILE "plugin-crashes.ini"

#define CRASHED_LINE "crashed\n"
#define MAX_OPEN 32

typedef struct
{
  guint depth;                    /* calls into the plugin under way */
  int   fd;                       /* its marker, open while depth > 0 */
} Guarded;

G_LOCK_DEFINE_STATIC (guard);
static GHashTable *guarded;       /* id -> Guarded */
static char       *marker_dir;
static gboolean    guard_off;     /* the helper process: its parent reports */

/* Read by the signal handler: the open markers, and what the crash
 * signals did before. */
static volatile int      open_fds[MAX_OPEN];
static volatile guint    n_open;
static const int         crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS };
static struct sigaction  saved_actions[G_N_ELEMENTS (crash_signals)];

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

/* Async-signal-safe: marks the open markers, puts the earlier actions
 * back and lets the signal end the process as it would have. */
static void
crash_handler (int sig)
{
  for (guint i = 0; i < n_open; i++)
    if (write (open_fds[i], CRASHED_LINE, strlen (CRASHED_LINE)) < 0)
      continue;
  for (guint i = 0; i < G_N_ELEMENTS (crash_signals); i++)
    sigaction (crash_signals[i], &saved_actions[i], NULL);
  raise (sig);
}

static void
handle_crashes (gboolean on)
{
  struct sigaction action = { 0 };

  action.sa_handler = crash_handler;
  sigemptyset (&action.sa_mask);
  for (guint i = 0; i < G_N_ELEMENTS (crash_signals); i++)
    {
      if (on)
        sigaction (crash_signals[i], &action, &saved_actions[i]);
      else
        sigaction (crash_signals[i], &saved_actions[i], NULL);
    }
}

/* The marker of @id, written and kept open; -1 if it cannot be.  It is
 * written beside the folder and then moved in, so that a process killed
 * in between never leaves a marker without its owner (which no later
 * start could tell gone, and so would never remove). */
static int
open_marker (const char *id,
             const char *what)
{
  g_autofree char *path = marker_path (id);
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *parent = g_path_get_dirname (guard_dir ());
  g_autofree char *temporary = g_strdup_printf ("%s/.plugin-guard-%s", parent, name);
  g_autofree char *text = g_strdup_printf ("%s\n%s\n", _df_owner_self (), what);
  int fd = g_open (temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_APPEND, 0600);

  if (fd < 0)
    return -1;
  if (write (fd, text, strlen (text)) < 0)
    g_debug ("Could not write the plugin guard's marker %s: %s", path, g_strerror (errno));
  if (g_rename (temporary, path) < 0)
    {
      g_debug ("Could not put the plugin guard's marker in place %s: %s", path, g_strerror (errno));
      g_unlink (temporary);
      close (fd);
      return -1;
    }
  return fd;
}

static void
add_open_fd (int fd)
{
  if (fd < 0 || n_open >= MAX_OPEN)
    return;
  open_fds[n_open] = fd;
  n_open = n_open + 1;
  if (n_open == 1)
    handle_crashes (TRUE);
}

static void
remove_open_fd (int fd)
{
  for (guint i = 0; i < n_open; i++)
    if (open_fds[i] == fd)
      {
        open_fds[i] = open_fds[n_open - 1];
        n_open = n_open - 1;
        if (n_open == 0)
          handle_crashes (FALSE);
        return;
      }
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
      lines = g_strsplit (text, "\n", 4);
      if (lines[0] == NULL || !_df_owner_is_gone (lines[0]))
        continue;
      g_unlink (path);
      /* Killed from outside, not crashed: nothing to hold against it. */
      if (lines[1] == NULL || lines[2] == NULL || strcmp (lines[2], "crashed") != 0)
        continue;
      id = g_strndup (name, at - name);
      if (crashes == NULL)
        crashes = load_crashes ();
      record_crash (crashes, id, lines[1]);
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
  Guarded *entry;

  g_return_if_fail (id != NULL);

  if (guard_off)
    return;
  G_LOCK (guard);
  if (guarded == NULL)
    guarded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  entry = g_hash_table_lookup (guarded, id);
  if (entry == NULL)
    {
      entry = g_new0 (Guarded, 1);
      entry->fd = -1;
      g_hash_table_insert (guarded, g_strdup (id), entry);
    }
  /* The outermost call says what was being done. */
  if (entry->depth++ == 0)
    {
      entry->fd = open_marker (id, what != NULL ? what : "");
      add_open_fd (entry->fd);
    }
  G_UNLOCK (guard);
}

void
df_plugin_guard_leave (const char *id)
{
  Guarded *entry;

  g_return_if_fail (id != NULL);

  if (guard_off)
    return;
  G_LOCK (guard);
  entry = guarded != NULL ? g_hash_table_lookup (guarded, id) : NULL;
  if (entry != NULL && entry->depth > 0 && --entry->depth == 0)
    {
      g_autofree char *path = marker_path (id);

      remove_open_fd (entry->fd);
      g_unlink (path);
      if (entry->fd >= 0)
        close (entry->fd);
      entry->fd = -1;
    }
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
