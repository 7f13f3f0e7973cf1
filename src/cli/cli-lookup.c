/* cli-lookup.c: the database, and what a command's arguments name
 *
 * The database is opened only once a command line is known to be right,
 * by the first lookup a command makes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cli-private.h"

char *cli_opt_profile;

const GOptionEntry cli_change_profile_options[] = {
  CLI_OPTION_PROFILE (N_("Change profile NAME instead of the active one")),
  G_OPTION_ENTRY_NULL
};

gboolean
cli_open (Cli     *cli,
          GError **error)
{
  g_autofree char *path = NULL;

  if (cli->store != NULL)
    return TRUE;

  path = df_store_resolve_path (cli->db_path);
  cli->store = df_store_open (path, error);
  return cli->store != NULL;
}

DfProject *
cli_project (Cli         *cli,
             const char  *slug,
             gboolean     include_deleted,
             GError     **error)
{
  if (!cli_open (cli, error))
    return NULL;
  return df_project_get (cli->store, slug, include_deleted, error);
}

/* The live project @slug, with its parts and its chapters in book order. */
gboolean
cli_book (Cli         *cli,
          const char  *slug,
          DfProject  **project,
          GPtrArray  **parts,
          GPtrArray  **chapters,
          GError     **error)
{
  *project = cli_project (cli, slug, FALSE, error);
  if (*project == NULL)
    return FALSE;
  *parts = df_part_list (cli->store, (*project)->id, error);
  if (*parts == NULL)
    return FALSE;
  *chapters = df_chapter_list (cli->store, (*project)->id, error);
  return *chapters != NULL;
}

/* The live project @slug, and @text parsed as the number of one of its
 * parts or chapters (N, from 1: bad usage otherwise). */
static DfProject *
project_and_number (Cli         *cli,
                    const char  *slug,
                    const char  *text,
                    gint64      *number,
                    GError     **error)
{
  if (!cli_parse_number ("N", text, 1, G_MAXINT64, number, error))
    return NULL;
  return cli_project (cli, slug, FALSE, error);
}

/* Part @number of project @slug; the project too with @project_out. */
DfPart *
cli_part (Cli         *cli,
          const char  *slug,
          const char  *number,
          DfProject  **project_out,
          GError     **error)
{
  g_autoptr(DfProject) project = NULL;
  DfPart *part;
  gint64 n;

  project = project_and_number (cli, slug, number, &n, error);
  if (project == NULL)
    return NULL;

  part = df_part_get_by_number (cli->store, project->id, n, error);
  if (part != NULL && project_out != NULL)
    *project_out = g_steal_pointer (&project);
  return part;
}

/* Chapter @number (in book order) of project @slug, with its content. */
DfChapter *
cli_chapter (Cli         *cli,
             const char  *slug,
             const char  *number,
             GError     **error)
{
  g_autoptr(DfProject) project = NULL;
  gint64 n;

  project = project_and_number (cli, slug, number, &n, error);
  if (project == NULL)
    return NULL;
  return df_chapter_get_by_number (cli->store, project->id, n, error);
}

/* Profile @name (a display name or an id), else the active one, or none:
 * *profile_out is NULL then. */
gboolean
cli_profile_if_any (Cli         *cli,
                    const char  *name,
                    DfProfile  **profile_out,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  *profile_out = NULL;
  if (!cli_open (cli, error))
    return FALSE;

  if (name != NULL)
    *profile_out = df_profile_get (cli->store, name, &local_error);
  else
    *profile_out = df_profile_get_active (cli->store, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* Profile @name, else the active one; without any, an error saying how to
 * create one, worded as @need says. */
DfProfile *
cli_profile (Cli             *cli,
             const char      *name,
             CliProfileNeed   need,
             GError         **error)
{
  DfProfile *profile;

  if (!cli_profile_if_any (cli, name, &profile, error))
    return NULL;

  if (profile == NULL && need == CLI_PROFILE_REQUIRED_AI)
    cli_failed (error, _("Create a profile first: %s profile new NAME"), CLI_PROGRAM);
  else if (profile == NULL)
    cli_failed (error, _("There is no profile yet; create one with “%s profile new NAME”."),
                CLI_PROGRAM);
  return profile;
}

/* A plugin host on the database, with the plugins loaded if @load. */
DfPluginHost *
cli_plugin_host (Cli      *cli,
                 gboolean  load,
                 GError  **error)
{
  DfPluginHost *host;

  if (!cli_open (cli, error))
    return NULL;

  host = df_plugin_host_new (cli->store, NULL);
  if (load)
    df_plugin_host_load (host);
  return host;
}
