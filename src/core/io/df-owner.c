/* df-owner.c: which process runs a piece of work, and whether it is gone
 *
 * See df-owner-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-io"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "df-owner-private.h"

#define BOOT_ID_PATH "/proc/sys/kernel/random/boot_id"

static char *
read_boot_id (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (BOOT_ID_PATH, &text, NULL, NULL))
    return NULL;
  g_strstrip (text);
  /* A uuid; anything else (a ':' would break the owner) is unusable. */
  if (*text == '\0' || strchr (text, ':') != NULL)
    return NULL;
  return g_steal_pointer (&text);
}

/* The state letter and the start time (field 22) of process @pid, from
 * /proc/PID/stat; FALSE when there is no such process. */
static gboolean
read_process (gint64    pid,
              char     *state,
              guint64  *start)
{
  g_autofree char *path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;

  /* "PID (NAME) STATE PPID ..." where NAME may hold spaces and ')'. */
  after_name = strrchr (text, ')');
  if (after_name == NULL)
    return FALSE;
  fields = g_strsplit_set (after_name + 1, " \n", -1);

  /* fields[0] is the empty string before the first space; fields[1] the
   * state (field 3); the start time is field 22, fields[20]. */
  if (g_strv_length (fields) < 21)
    return FALSE;
  *state = fields[1][0];
  *start = g_ascii_strtoull (fields[20], NULL, 10);
  return TRUE;
}

const char *
_df_owner_self (void)
{
  static char *owner;

  if (g_once_init_enter (&owner))
    {
      g_autofree char *boot_id = read_boot_id ();
      char state;
      guint64 start = 0;
      char *value;

      if (boot_id == NULL || !read_process (getpid (), &state, &start))
        value = g_strdup_printf ("unknown:%" G_GINT64_FORMAT ":0", (gint64)getpid ());
      else
        value = g_strdup_printf ("%s:%" G_GINT64_FORMAT ":%" G_GUINT64_FORMAT,
                                 boot_id, (gint64)getpid (), start);
      g_once_init_leave (&owner, value);
    }

  return owner;
}

gboolean
_df_owner_is_gone (const char *owner)
{
  g_autofree char *boot_id = NULL;
  g_auto(GStrv) parts = NULL;
  char *end = NULL;
  gint64 pid;
  guint64 start;
  guint64 actual_start;
  char state;

  if (owner == NULL)
    return TRUE;

  parts = g_strsplit (owner, ":", -1);
  boot_id = read_boot_id ();
  if (g_strv_length (parts) != 3 || boot_id == NULL || g_str_equal (parts[0], "unknown"))
    return FALSE;
  if (!g_str_equal (parts[0], boot_id))
    return TRUE;   /* started before the last reboot */

  pid = g_ascii_strtoll (parts[1], &end, 10);
  if (end == parts[1] || *end != '\0' || pid <= 0)
    return FALSE;
  start = g_ascii_strtoull (parts[2], &end, 10);
  if (end == parts[2] || *end != '\0')
    return FALSE;

  if (!read_process (pid, &state, &actual_start))
    return TRUE;
  return actual_start != start || state == 'Z' || state == 'X' || state == 'x';
}
