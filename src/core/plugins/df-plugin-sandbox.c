/* df-plugin-sandbox.c: the helper process holds a plugin to its
 * permissions
 *
 * A plugin's job runs in a helper process that loads that plugin alone
 * (df-plugin-runner.c).  Before the plugin's module is loaded, the
 * helper restricts itself with Landlock, the kernel's unprivileged
 * sandbox, to what the plugin's manifest declared:
 *
 *   - without "files-outside-project", nothing may be written, made,
 *     renamed or removed outside the database's folder (its journal,
 *     backups and job rows), the folder of the job's output, the
 *     temporary folders and /dev; reading is not restricted;
 *   - without "network" (nor "ai": the host's AI client works in the
 *     same process and connects to the provider), no TCP connection may
 *     be made or port bound (Landlock 4, Linux 6.7).
 *
 * A plugin that declared no permissions at all (API 1) keeps
 * DraftForge's own rights, as its install said.  A kernel without
 * Landlock (or without its network part) runs the plugin as before: the
 * restriction is a second wall, not the only one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-plugins"
#define _GNU_SOURCE   /* O_PATH */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <linux/landlock.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "df-error.h"
#include "df-plugin-host-private.h"

#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_NET_BIND_TCP
#define LANDLOCK_ACCESS_NET_BIND_TCP (1ULL << 0)
#define LANDLOCK_ACCESS_NET_CONNECT_TCP (1ULL << 1)
#endif

/* struct landlock_ruleset_attr of Landlock 4, whatever the headers. */
typedef struct
{
  guint64 handled_access_fs;
  guint64 handled_access_net;
} RulesetAttr;

static GStrv prepared_dirs;   /* NULL: not a helper, nothing to do */
static gboolean entered;

/* ---- private helpers ------------------------------------------------- */

static int
landlock_abi (void)
{
#ifdef SYS_landlock_create_ruleset
  long abi = syscall (SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);

  return abi < 0 ? 0 : (int)abi;
#else
  return 0;
#endif
}

static gboolean
declares (const DfPluginInfo *info,
          const char         *permission)
{
  return g_strv_contains ((const char * const *)info->permissions, permission);
}

/* What writing is, to Landlock @abi. */
static guint64
write_rights (int abi)
{
  guint64 rights = LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |
                   LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |
                   LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |
                   LANDLOCK_ACCESS_FS_MAKE_SYM;

  if (abi >= 2)
    rights |= LANDLOCK_ACCESS_FS_REFER;
  if (abi >= 3)
    rights |= LANDLOCK_ACCESS_FS_TRUNCATE;
  return rights;
}

/* Lets @rights be used beneath @dir (a folder that does not exist is
 * skipped). */
static gboolean
allow_beneath (int          ruleset,
               const char  *dir,
               guint64      rights,
               GError     **error)
{
  struct landlock_path_beneath_attr beneath = { .allowed_access = rights };
  int saved;

  beneath.parent_fd = open (dir, O_PATH | O_CLOEXEC);
  if (beneath.parent_fd < 0)
    return TRUE;
  if (syscall (SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &beneath, 0) == 0)
    {
      close (beneath.parent_fd);
      return TRUE;
    }
  saved = errno;
  close (beneath.parent_fd);
  g_set_error (error, DF_ERROR, DF_ERROR_FAILED, _("Could not let the plugin write in “%s”: %s"),
               dir, g_strerror (saved));
  return FALSE;
}

static gboolean
restrict_self (const DfPluginInfo  *info,
               int                  abi,
               RulesetAttr         *attr,
               GError             **error)
{
  int ruleset = (int)syscall (SYS_landlock_create_ruleset, attr,
                              abi >= 4 ? sizeof *attr : sizeof attr->handled_access_fs, 0);
  gboolean ok = ruleset >= 0;

  for (guint i = 0; ok && attr->handled_access_fs != 0 && prepared_dirs[i] != NULL; i++)
    ok = allow_beneath (ruleset, prepared_dirs[i], attr->handled_access_fs, error);
  if (ok && ruleset >= 0)
    ok = prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
         syscall (SYS_landlock_restrict_self, ruleset, 0) == 0;
  if (!ok && (error == NULL || *error == NULL))
    g_set_error (error, DF_ERROR, DF_ERROR_FAILED,
                 _("Could not hold the plugin “%s” to its permissions: %s"), info->id, g_strerror (errno));
  if (ruleset >= 0)
    close (ruleset);
  return ok;
}

/* ---- public API ------------------------------------------------------ */

void
_df_plugin_sandbox_prepare (const char * const *write_dirs)
{
  g_clear_pointer (&prepared_dirs, g_strfreev);
  prepared_dirs = g_strdupv ((char **)write_dirs);
}

gboolean
_df_plugin_sandbox_enter (const DfPluginInfo  *info,
                          GError             **error)
{
  RulesetAttr attr = { 0 };
  int abi;

  if (prepared_dirs == NULL || entered || info->permissions == NULL)
    return TRUE;
  entered = TRUE;

  if ((abi = landlock_abi ()) == 0)
    {
      g_debug ("No Landlock here: %s runs with DraftForge's rights", info->id);
      return TRUE;
    }
  if (!declares (info, "files-outside-project"))
    attr.handled_access_fs = write_rights (abi);
  if (abi >= 4 && !declares (info, "network") && !declares (info, "ai"))
    attr.handled_access_net = LANDLOCK_ACCESS_NET_BIND_TCP | LANDLOCK_ACCESS_NET_CONNECT_TCP;
  if (attr.handled_access_fs == 0 && attr.handled_access_net == 0)
    return TRUE;
  return restrict_self (info, abi, &attr, error);
}

int
_df_plugin_sandbox_level (void)
{
  int abi = landlock_abi ();

  return abi >= 4 ? 2 : abi >= 1 ? 1 : 0;
}
