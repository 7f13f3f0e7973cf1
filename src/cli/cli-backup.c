/* cli-backup.c: backup list, backup restore
 *
 * The way to the backups from the command line (docs/storage.md): each
 * is checked, and restoring keeps the database that was there beside it.
 * Neither command opens the database, which may be damaged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cli-private.h"
#include "df-backup.h"

static void
get_kind (gconstpointer  record,
          gconstpointer  data,
          CliValue      *value)
{
  cli_value_set_string (value, ((const DfBackup *)record)->kind == DF_BACKUP_STARTUP ? "startup" : "before-upgrade");
}

static void
get_made (gconstpointer  record,
          gconstpointer  data,
          CliValue      *value)
{
  cli_value_take_string (value, g_date_time_format_iso8601 (((const DfBackup *)record)->made));
}

static void
get_good (gconstpointer  record,
          gconstpointer  data,
          CliValue      *value)
{
  value->type = CLI_BOOL;
  value->integer = ((const DfBackup *)record)->problem == NULL;
}

/* When it was made, as people read it, in local time. */
static void
get_when (gconstpointer  record,
          gconstpointer  data,
          CliValue      *value)
{
  cli_value_take_string (value, g_date_time_format (((const DfBackup *)record)->made, "%Y-%m-%d %H:%M"));
}

static void
get_state (gconstpointer  record,
           gconstpointer  data,
           CliValue      *value)
{
  cli_value_set_string (value, ((const DfBackup *)record)->problem == NULL ? _("good") : _("damaged"));
}

static const CliField backup_field_list[] = {
  CLI_MEMBER (DfBackup, "path", path, CLI_STRING),
  CLI_COMPUTED ("kind", get_kind),
  CLI_COMPUTED ("made", get_made),
  CLI_MEMBER (DfBackup, "size", size, CLI_INT),
  CLI_COMPUTED ("good", get_good),
  CLI_MEMBER (DfBackup, "problem", problem, CLI_STRING),
};

static const CliFields backup_fields = CLI_FIELDS (backup_field_list);

static const CliColumn backup_column_list[] = {
  { N_("MADE"), NULL, 0, get_when },
  { N_("STATE"), NULL, 0, get_state },
  { N_("SIZE"), "size", CLI_CELL_RIGHT },
  { N_("PATH"), "path", 0 },
};

static const CliView backup_columns = CLI_VIEW (backup_column_list);

static GPtrArray *
list_backups (Cli     *cli,
              GError **error)
{
  g_autofree char *path = df_store_resolve_path (cli->db_path);

  return df_backup_list (path, TRUE, NULL, error);
}

static gboolean
backup_list (Cli     *cli,
             char   **args,
             GError **error)
{
  g_autoptr(GPtrArray) backups = list_backups (cli, error);
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;

  if (backups == NULL)
    return FALSE;

  if (!cli_print_list (&backup_fields, &backup_columns, backups, NULL))
    {
      path = df_store_resolve_path (cli->db_path);
      dir = df_backup_get_dir (path);
      cli_outf (_("No backups of “%s” yet: DraftForge makes one in “%s” when it starts.\n"), path, dir);
    }
  return TRUE;
}

const CliBuiltin cli_backup_list = {
  "", 0, 0, cli_json_options,
  N_("Lists the backups of the database, each checked: the good ones first, newest first, "
     "then those that cannot be restored.  The database itself is not opened."),
  backup_list,
};

static gboolean
backup_restore (Cli     *cli,
                char   **args,
                GError **error)
{
  g_autofree char *path = df_store_resolve_path (cli->db_path);
  g_autofree char *aside = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  const char *backup = args[0];

  if (backup == NULL)
    {
      if ((backups = list_backups (cli, error)) == NULL)
        return FALSE;
      if (backups->len == 0 || ((DfBackup *)backups->pdata[0])->problem != NULL)
        {
          cli_failed (error, _("There is no good backup of “%s” to restore"), path);
          return FALSE;
        }
      backup = ((DfBackup *)backups->pdata[0])->path;
    }

  if (!df_backup_restore (path, backup, &aside, error))
    return FALSE;

  if (aside != NULL)
    cli_outf (_("Restored “%s”; the database that was there is kept as “%s”.\n"), backup, aside);
  else
    cli_outf (_("Restored “%s”.\n"), backup);
  return TRUE;
}

const CliBuiltin cli_backup_restore = {
  N_("[FILE]"), 0, 1, NULL,
  N_("Puts a backup (FILE, or the newest good one) in the place of the database, once it is "
     "checked; the database that was there is kept beside it as PATH.unreadable-N.  Refused "
     "while DraftForge has the database open."),
  backup_restore,
};
