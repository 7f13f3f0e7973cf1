/* cli-sync.c: sync init, remote, commit, status, log, clone, conflicts,
 * resolve, and sync SLUG itself
 *
 * The work is the sync backend's (the git-sync plugin, found through the
 * plugin host); the link and the conflicts are the core's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "draftforge-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "cli-private.h"
#include "df-plugin-job.h"
#include "df-sync-backend.h"
#include "df-sync-link.h"

static char *opt_repo;
static char *opt_message;
static char *opt_chapter;
static char *opt_take;
static gboolean opt_clear;
static char *opt_ssh_key;

/* The backend the project is linked with ("git" before it is); it keeps
 * the plugin host it came from. */
DfSyncBackend *
cli_sync_backend (Cli     *cli,
                  GError **error)
{
  g_autoptr(DfPluginHost) host = cli_plugin_host (cli, TRUE, error);
  g_autoptr(GPtrArray) backends = NULL;

  if (host == NULL)
    return NULL;
  backends = df_plugin_host_get_sync_backends (host);
  for (guint i = 0; backends != NULL && i < backends->len; i++)
    {
      DfSyncBackend *backend = g_ptr_array_index (backends, i);
      if (g_strcmp0 (df_sync_backend_get_id (backend), "git") == 0)
        {
          /* In the helper process; Ctrl-C stops it. */
          DfPluginJobLimits limits = { 0, 0, TRUE };
          DfSyncBackend *job = df_plugin_job_sync_backend (host, backend, &limits);

          g_object_set_data_full (G_OBJECT (job), "cli-plugin-host", g_steal_pointer (&host), g_object_unref);
          return job;
        }
    }
  cli_failed (error, _("There is no git sync backend: the Git sync plugin is not enabled or not loaded "
                       "(see “%s plugin list”)"), CLI_PROGRAM);
  return NULL;
}

static void
progress_cb (double      fraction,
             const char *message,
             gpointer    user_data)
{
  (void) user_data;
  if (isatty (2))
    fprintf (stderr, "\r%s %3.0f%% ", message ? message : "", fraction * 100);
}

/* ---- sync init ----------------------------------------------------------- */

static const GOptionEntry init_entries[] = {
  { "repo", 0, 0, G_OPTION_ARG_FILENAME, &opt_repo,
    N_("Keep the repository in PATH (default: under the user's data folder)"), N_("PATH") },
  G_OPTION_ENTRY_NULL
};

static gboolean
sync_init (Cli     *cli,
           char   **args,
           GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autoptr(DfSyncBackend) backend = NULL;
  g_autoptr(DfSyncLink) link = NULL;

  if (project == NULL || (backend = cli_sync_backend (cli, error)) == NULL ||
      !df_sync_backend_link (backend, cli->store, project->id, opt_repo, error) ||
      (link = df_sync_link_get (cli->store, project->id, error)) == NULL)
    return FALSE;
  cli_outf (_("Keeping versions of “%s” in %s\n"), project->title, link->repo_path);
  return TRUE;
}

const CliBuiltin cli_sync_init = {
  N_("SLUG"), 1, 1, init_entries,
  N_("Links the project to a new git repository holding the project folder format, and saves its first "
     "version."),
  sync_init,
};

/* ---- sync remote --------------------------------------------------------- */

static const GOptionEntry remote_entries[] = {
  { "ssh-key", 0, 0, G_OPTION_ARG_FILENAME, &opt_ssh_key,
    N_("Reach an ssh remote with the private key in PATH (\"\": the ssh agent again)"), N_("PATH") },
  G_OPTION_ENTRY_NULL
};

static gboolean
sync_remote (Cli     *cli,
             char   **args,
             GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autofree char *key = NULL;

  if (project == NULL || !df_sync_link_set_remote (cli->store, project->id, args[1], error) ||
      (opt_ssh_key != NULL && !df_sync_link_set_ssh_key (cli->store, project->id, opt_ssh_key, error)))
    return FALSE;
  cli_outf (_("“%s” syncs with %s\n"), project->title, args[1]);
  if (opt_ssh_key == NULL)
    return TRUE;
  if ((key = df_sync_link_get_ssh_key (cli->store, project->id, error)) == NULL && error != NULL && *error != NULL)
    return FALSE;
  if (key != NULL)
    cli_outf (_("over ssh with the key %s (its passphrase, if any: “%s sync token %s”)\n"), key, CLI_PROGRAM,
              project->slug);
  else
    cli_outf (_("over ssh with the keys of the ssh agent\n"));
  return TRUE;
}

const CliBuiltin cli_sync_remote = {
  N_("SLUG URL"), 2, 2, remote_entries,
  N_("Sets the remote the project syncs with: a folder, file://, git://, ssh:// or https:// (the token "
     "comes from the keyring or DRAFTFORGE_GIT_TOKEN, never from the address); for ssh, the key file "
     "with --ssh-key (DRAFTFORGE_GIT_SSH_KEY overrides it), else the ssh agent."),
  sync_remote,
};

/* ---- sync token ---------------------------------------------------------- */

static const GOptionEntry token_entries[] = {
  { "clear", 0, 0, G_OPTION_ARG_NONE, &opt_clear, N_("Forget the token kept for the remote"), NULL },
  G_OPTION_ENTRY_NULL
};

/* The token from one line of standard input, or NULL with @error. */
static char *
read_token (gboolean   passphrase,
            GError   **error)
{
  GString *line = cli_read_line_quietly (passphrase ? _("Type the key's passphrase, then press Enter: ")
                                                    : _("Paste the access token, then press Enter: "));
  char *token;

  if (line->len >= CLI_MAX_SECRET_LENGTH)
    {
      memset (line->str, 0, line->len);
      g_string_free (line, TRUE);
      cli_failed (error, _("That is too long for a token; give the token alone, on one line"));
      return NULL;
    }
  token = g_strstrip (g_string_free (line, FALSE));
  if (*token == '\0')
    {
      g_free (token);
      cli_failed (error, _("No token was given; type or pipe it into “%s sync token”"), CLI_PROGRAM);
      return NULL;
    }
  return token;
}

static gboolean
sync_token (Cli     *cli,
            char   **args,
            GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autoptr(DfSyncBackend) backend = NULL;
  g_autoptr(DfSyncLink) link = NULL;
  g_autofree char *key = NULL, *uri = NULL;
  char *token = NULL;
  gboolean ok;

  if (project == NULL || (link = df_sync_link_get (cli->store, project->id, error)) == NULL ||
      (backend = cli_sync_backend (cli, error)) == NULL)
    return FALSE;
  if (link->remote_url == NULL)
    {
      cli_failed (error, _("The project has no remote yet: add one with “%s sync remote”"), CLI_PROGRAM);
      return FALSE;
    }
  if ((key = df_sync_link_get_ssh_key (cli->store, project->id, error)) == NULL && *error != NULL)
    return FALSE;
  if (key != NULL && (uri = g_filename_to_uri (key, NULL, error)) == NULL)
    return FALSE;
  if (!opt_clear && (token = read_token (key != NULL, error)) == NULL)
    return FALSE;
  ok = df_sync_backend_set_token (backend, uri ? uri : link->remote_url, token, NULL, error);
  if (token != NULL)
    {
      memset (token, 0, strlen (token));
      g_free (token);
    }
  if (ok && key != NULL)
    cli_outf (opt_clear ? _("No passphrase is kept for the key %s any more\n")
                        : _("The passphrase of the key %s is kept in the keyring\n"), key);
  else if (ok && opt_clear)
    cli_outf (_("No token is kept for %s any more\n"), link->remote_url);
  else if (ok)
    cli_outf (_("The token for %s is kept in the keyring\n"), link->remote_url);
  return ok;
}

const CliBuiltin cli_sync_token = {
  N_("SLUG"), 1, 1, token_entries,
  N_("Reads the access token for the project's https remote from standard input (typed without echo, or "
     "piped) and keeps it in the keyring (the Secret Service), never in the database or the repository; "
     "DRAFTFORGE_GIT_TOKEN, when set, is used instead.  With an ssh key file set (sync remote --ssh-key), "
     "reads and keeps the key's passphrase instead (DRAFTFORGE_GIT_SSH_PASSPHRASE overrides it)."),
  sync_token,
};

/* ---- sync commit --------------------------------------------------------- */

static const GOptionEntry commit_entries[] = {
  { "message", 'm', 0, G_OPTION_ARG_STRING, &opt_message, N_("Describe the version in TEXT"), N_("TEXT") },
  G_OPTION_ENTRY_NULL
};

static gboolean
sync_commit (Cli     *cli,
             char   **args,
             GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autoptr(DfSyncBackend) backend = NULL;
  g_autofree char *summary = NULL;

  if (project == NULL || (backend = cli_sync_backend (cli, error)) == NULL ||
      (summary = df_sync_backend_commit (backend, cli->store, project->id, opt_message, error)) == NULL)
    return FALSE;
  cli_outf ("%s\n", summary);
  return TRUE;
}

const CliBuiltin cli_sync_commit = {
  N_("SLUG"), 1, 1, commit_entries,
  N_("Saves a version of what changed since the last one, without sending it."),
  sync_commit,
};

/* ---- sync status --------------------------------------------------------- */

static const CliField status_field_list[] = {
  CLI_MEMBER (DfSyncStatus, "repository", repo_path, CLI_STRING),
  CLI_MEMBER (DfSyncStatus, "remote", remote_url, CLI_STRING),
  CLI_MEMBER (DfSyncStatus, "head", head, CLI_STRING),
  CLI_MEMBER (DfSyncStatus, "changed_chapters", n_changed, CLI_INT),
  CLI_MEMBER (DfSyncStatus, "to_send", n_to_send, CLI_INT),
  CLI_MEMBER (DfSyncStatus, "to_receive", n_to_receive, CLI_INT),
  CLI_MEMBER (DfSyncStatus, "conflicts", n_conflicts, CLI_INT),
  CLI_MEMBER (DfSyncStatus, "last_synced_at", last_synced_at, CLI_STRING),
  CLI_MEMBER (DfSyncStatus, "last_error", last_error, CLI_STRING),
};

static const CliFields status_fields = CLI_FIELDS (status_field_list);

static const CliColumn status_column_list[] = {
  { N_("Repository"), "repository" },
  { N_("Remote"), "remote", CLI_CELL_DASH, NULL, N_("none") },
  { N_("Last version"), "head", CLI_CELL_DASH },
  { N_("Chapters changed since"), "changed_chapters" },
  { N_("Versions not yet sent"), "to_send" },
  { N_("Versions not yet merged"), "to_receive" },
  { N_("Chapters in conflict"), "conflicts" },
  { N_("Last synced"), "last_synced_at", CLI_CELL_TIME, NULL, N_("never") },
  { N_("Last error"), "last_error", CLI_CELL_OPTIONAL },
};

static const CliView status_columns = CLI_VIEW (status_column_list);

static gboolean
sync_status (Cli     *cli,
             char   **args,
             GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autoptr(DfSyncBackend) backend = NULL;
  g_autoptr(DfSyncStatus) status = NULL;

  if (project == NULL || (backend = cli_sync_backend (cli, error)) == NULL ||
      (status = df_sync_backend_status (backend, cli->store, project->id, error)) == NULL)
    return FALSE;
  if (cli_opt_json)
    cli_print_record_json (&status_fields, status, NULL);
  else
    cli_print_record (&status_fields, &status_columns, status, NULL);
  return TRUE;
}

const CliBuiltin cli_sync_status = {
  N_("SLUG"), 1, 1, cli_json_options,
  N_("Shows where the project stands: chapters changed since the last version, versions not yet sent, "
     "chapters in conflict, the last sync and its error."),
  sync_status,
};

/* ---- sync log ------------------------------------------------------------ */

static const CliField version_field_list[] = {
  CLI_MEMBER (DfSyncVersion, "id", id, CLI_STRING),
  CLI_MEMBER (DfSyncVersion, "date", date, CLI_STRING),
  CLI_MEMBER (DfSyncVersion, "author", author, CLI_STRING),
  CLI_MEMBER (DfSyncVersion, "email", email, CLI_STRING),
  CLI_MEMBER (DfSyncVersion, "message", message, CLI_STRING),
  CLI_MEMBER (DfSyncVersion, "words_added", words_added, CLI_INT),
  CLI_MEMBER (DfSyncVersion, "words_removed", words_removed, CLI_INT),
  CLI_MEMBER (DfSyncVersion, "files", chapters, CLI_STRV),
};

static const CliFields version_fields = CLI_FIELDS (version_field_list);

static void
get_short_id (gconstpointer  record,
              gconstpointer  data,
              CliValue      *value)
{
  const DfSyncVersion *version = record;

  (void) data;
  cli_value_take_string (value, g_strndup (version->id, 8));
}

static void
get_words (gconstpointer  record,
           gconstpointer  data,
           CliValue      *value)
{
  const DfSyncVersion *version = record;

  (void) data;
  cli_value_take_string (value, g_strdup_printf ("+%" G_GINT64_FORMAT " −%" G_GINT64_FORMAT,
                                                 version->words_added, version->words_removed));
}

static const CliColumn version_column_list[] = {
  { N_("VERSION"), NULL, 0, get_short_id },
  { N_("DATE"), "date", CLI_CELL_TIME },
  { N_("AUTHOR"), "author" },
  { N_("WORDS"), NULL, CLI_CELL_RIGHT, get_words },
  { N_("MESSAGE"), "message" },
};

static const CliView version_columns = CLI_VIEW (version_column_list);

static const GOptionEntry log_entries[] = {
  CLI_OPTION_JSON,
  { "chapter", 0, 0, G_OPTION_ARG_STRING, &opt_chapter, N_("Only the versions that changed chapter N"), N_("N") },
  G_OPTION_ENTRY_NULL
};

static gboolean
sync_log (Cli     *cli,
          char   **args,
          GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autoptr(DfChapter) chapter = NULL;
  g_autoptr(DfSyncBackend) backend = NULL;
  g_autoptr(GPtrArray) versions = NULL;

  if (project == NULL ||
      (opt_chapter != NULL && (chapter = cli_chapter (cli, args[0], opt_chapter, error)) == NULL) ||
      (backend = cli_sync_backend (cli, error)) == NULL ||
      (versions = df_sync_backend_log (backend, cli->store, project->id, chapter ? chapter->id : 0,
                                       error)) == NULL)
    return FALSE;
  if (!cli_print_list (&version_fields, &version_columns, versions, NULL))
    cli_out (_("No versions yet.\n"));
  return TRUE;
}

const CliBuiltin cli_sync_log = {
  N_("SLUG"), 1, 1, log_entries,
  N_("Lists the project's versions, newest first, with their date, author, words added and removed, "
     "and message."),
  sync_log,
};

/* ---- sync clone ---------------------------------------------------------- */

static const GOptionEntry clone_entries[] = {
  { "repo", 0, 0, G_OPTION_ARG_FILENAME, &opt_repo,
    N_("Keep the repository in PATH (default: under the user's data folder)"), N_("PATH") },
  { "ssh-key", 0, 0, G_OPTION_ARG_FILENAME, &opt_ssh_key,
    N_("Reach an ssh remote with the private key in PATH, and keep it for the new project"), N_("PATH") },
  G_OPTION_ENTRY_NULL
};

static gboolean
sync_clone (Cli     *cli,
            char   **args,
            GError **error)
{
  g_autoptr(DfSyncBackend) backend = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autofree char *key = opt_ssh_key && *opt_ssh_key ? g_canonicalize_filename (opt_ssh_key, NULL) : NULL;
  gint64 id;

  if (key != NULL && !g_file_test (key, G_FILE_TEST_IS_REGULAR))
    {
      cli_failed (error, _("There is no key file at %s"), key);
      return FALSE;
    }
  /* the backend reads the key of a project, and there is none yet: the
   * override the environment gives, for this process only */
  if (key != NULL && g_getenv ("DRAFTFORGE_GIT_SSH_KEY") == NULL)
    g_setenv ("DRAFTFORGE_GIT_SSH_KEY", key, TRUE);
  if ((backend = cli_sync_backend (cli, error)) == NULL ||
      (id = df_sync_backend_clone (backend, cli->store, args[0], opt_repo, progress_cb, NULL, NULL, error)) == 0 ||
      (project = df_project_get_by_id (cli->store, id, error)) == NULL ||
      (key != NULL && !df_sync_link_set_ssh_key (cli->store, id, key, error)))
    return FALSE;
  cli_outf (_("Made “%s” (%s) from %s\n"), project->title, project->slug, args[0]);
  return TRUE;
}

const CliBuiltin cli_sync_clone = {
  N_("URL"), 1, 1, clone_entries,
  N_("Makes a new project from a repository another device or co-author syncs with, linked to it."),
  sync_clone,
};

/* ---- sync conflicts, resolve --------------------------------------------- */

static const CliField conflict_field_list[] = {
  CLI_MEMBER (DfSyncConflict, "chapter", chapter_number, CLI_INT),
  CLI_MEMBER (DfSyncConflict, "title", chapter_title, CLI_STRING),
  CLI_MEMBER (DfSyncConflict, "revision", revision_id, CLI_INT),
  CLI_MEMBER (DfSyncConflict, "from", from_label, CLI_STRING),
  CLI_MEMBER (DfSyncConflict, "created_at", created_at, CLI_STRING),
};

static const CliFields conflict_fields = CLI_FIELDS (conflict_field_list);

static const CliColumn conflict_column_list[] = {
  { N_("N"), "chapter", CLI_CELL_RIGHT },
  { N_("CHAPTER"), "title" },
  { N_("REVISION"), "revision", CLI_CELL_RIGHT },
  { N_("OTHER TEXT"), "from" },
};

static const CliView conflict_columns = CLI_VIEW (conflict_column_list);

static gboolean
sync_conflicts (Cli     *cli,
                char   **args,
                GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autoptr(GPtrArray) conflicts = NULL;

  if (project == NULL || (conflicts = df_sync_conflict_list (cli->store, project->id, error)) == NULL)
    return FALSE;
  if (!cli_print_list (&conflict_fields, &conflict_columns, conflicts, NULL))
    cli_out (_("No conflicts.\n"));
  return TRUE;
}

const CliBuiltin cli_sync_conflicts = {
  N_("SLUG"), 1, 1, cli_json_options,
  N_("Lists the chapters both sides changed in the same lines: each keeps this side's text, and the other "
     "side's is kept as the revision shown (“chapter revisions SLUG N --show ID”)."),
  sync_conflicts,
};

static const GOptionEntry resolve_entries[] = {
  { "take", 0, 0, G_OPTION_ARG_STRING, &opt_take,
    N_("mine (keep this text), theirs (take the other side's) or a FILE holding the merged text"),
    N_("WHICH") },
  G_OPTION_ENTRY_NULL
};

static gboolean
sync_resolve (Cli     *cli,
              char   **args,
              GError **error)
{
  g_autoptr(DfChapter) chapter = NULL;
  g_autofree char *text = NULL;
  DfSyncTake take = DF_SYNC_TAKE_TEXT;
  GError *local_error = NULL;

  if (opt_take == NULL)
    {
      cli_usage_error (error, _("say which text to keep with --take mine, --take theirs or --take FILE"));
      return FALSE;
    }
  if (strcmp (opt_take, "mine") == 0)
    take = DF_SYNC_TAKE_MINE;
  else if (strcmp (opt_take, "theirs") == 0)
    take = DF_SYNC_TAKE_THEIRS;
  else if (!g_file_get_contents (opt_take, &text, NULL, &local_error))
    {
      cli_failed (error, _("Could not read “%s”: %s"), opt_take, local_error->message);
      g_error_free (local_error);
      return FALSE;
    }
  else if (!g_utf8_validate (text, -1, NULL))
    {
      cli_failed (error, _("“%s” is not UTF-8 text"), opt_take);
      return FALSE;
    }
  chapter = cli_chapter (cli, args[0], args[1], error);
  if (chapter == NULL || !df_sync_conflict_resolve (cli->store, chapter->id, take, text, error))
    return FALSE;
  cli_outf (_("Resolved “%s”\n"), chapter->title);
  return TRUE;
}

const CliBuiltin cli_sync_resolve = {
  N_("SLUG N"), 2, 2, resolve_entries,
  N_("Ends a conflict of chapter N: keeps its text, takes the other side's, or takes a FILE with a merge "
     "you made. The text replaced stays among the chapter's revisions."),
  sync_resolve,
};

/* ---- sync restore -------------------------------------------------------- */

typedef struct
{
  char *restored;
  char *head;
  char *summary;
} Restored;

static const CliField restored_field_list[] = {
  CLI_MEMBER (Restored, "restored", restored, CLI_STRING),
  CLI_MEMBER (Restored, "head", head, CLI_STRING),
  CLI_MEMBER (Restored, "summary", summary, CLI_STRING),
};

static const CliFields restored_fields = CLI_FIELDS (restored_field_list);

static gboolean
sync_restore (Cli     *cli,
              char   **args,
              GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autoptr(DfSyncBackend) backend = NULL;
  g_autoptr(DfSyncStatus) status = NULL;
  g_autofree char *summary = NULL;
  Restored restored = { args[1], NULL, NULL };

  if (project == NULL || (backend = cli_sync_backend (cli, error)) == NULL ||
      (summary = df_sync_backend_restore (backend, cli->store, project->id, args[1], error)) == NULL ||
      (status = df_sync_backend_status (backend, cli->store, project->id, error)) == NULL)
    return FALSE;
  restored.head = status->head;
  restored.summary = summary;
  if (cli_opt_json)
    cli_print_record_json (&restored_fields, &restored, NULL);
  else
    cli_outf ("%s\n", summary);
  return TRUE;
}

const CliBuiltin cli_sync_restore = {
  N_("SLUG VERSION"), 2, 2, cli_json_options,
  N_("Makes the book what it was at VERSION (from “sync log”) as a new version on top of the last one: "
     "history is never rewritten, and every text replaced stays among the chapters' revisions."),
  sync_restore,
};

/* ---- sync SLUG ----------------------------------------------------------- */

static gboolean
sync_now (Cli     *cli,
          char   **args,
          GError **error)
{
  g_autoptr(DfProject) project = cli_project (cli, args[0], FALSE, error);
  g_autoptr(DfSyncBackend) backend = NULL;
  g_autofree char *summary = NULL;

  if (project == NULL || (backend = cli_sync_backend (cli, error)) == NULL ||
      (summary = df_sync_backend_sync (backend, cli->store, project->id, NULL, progress_cb, NULL, NULL,
                                       error)) == NULL)
    return FALSE;
  if (isatty (2))
    fprintf (stderr, "\r");
  cli_outf ("%s\n", summary);
  return TRUE;
}

const CliBuiltin cli_sync = {
  N_("SLUG"), 1, 1, NULL,
  N_("Saves a version of what changed, receives the remote's versions and merges them (text is never "
     "lost: chapters changed in the same lines on both sides are listed by “sync conflicts”), then "
     "sends; prints one line."),
  sync_now,
};
