/* git-sync-remote.c: fetch, merge, push; credentials; clone
 *
 * Credentials: an https token comes from DRAFTFORGE_GIT_TOKEN, else from
 * the Secret Service (git-sync-secret.c; the user name from the URL,
 * DRAFTFORGE_GIT_USER, or "draftforge"); ssh uses the key file set in
 * Sync Settings or with `sync remote --ssh-key` (DRAFTFORGE_GIT_SSH_KEY
 * overrides it), its passphrase from the keyring (kept as the token of
 * the key file's file:// URI) or DRAFTFORGE_GIT_SSH_PASSPHRASE; else
 * the ssh agent.  A token is asked
 * for once per transfer: when the server refuses it, the sync stops with
 * a message saying so instead of asking again and again.  The remote's
 * URL is refused when it holds a password (df_sync_link_set_remote), so
 * no secret reaches the database or the repository's config.
 *
 * Offline is normal: a remote that cannot be reached leaves the versions
 * saved here, and the summary says how many wait to be sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-git-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "git-sync-private.h"

#define MAX_PUSH_ATTEMPTS 4

typedef struct
{
  GCancellable       *cancellable;
  DfSyncProgressFunc  progress;
  gpointer            progress_data;
  const char         *what;          /* "Receiving", "Sending" */
  guint               n_credentials;
  gboolean            refused;
  gboolean            no_token;
  gboolean            rejected;
  gboolean            token_from_keyring;
  const char         *url;           /* the remote's, during a transfer */
  GsHostKey           host_key;      /* an ssh server's, as last checked */
  char                host[256];     /* the ssh server's name, "" before */
  const char         *ssh_key;       /* the project's key file, or NULL */
} Transfer;

typedef enum
{
  TRANSFER_OK,
  TRANSFER_OFFLINE,
  TRANSFER_FAILED,
} TransferResult;

static int
credentials_cb (git_credential **out,
                const char      *url,
                const char      *username_from_url,
                unsigned int     allowed,
                void            *payload)
{
  Transfer *t = payload;
  const char *key = g_getenv ("DRAFTFORGE_GIT_SSH_KEY") ? g_getenv ("DRAFTFORGE_GIT_SSH_KEY") : t->ssh_key;
  const char *user = username_from_url && *username_from_url ? username_from_url : g_getenv ("DRAFTFORGE_GIT_USER");

  if (t->n_credentials++ > 0)
    {
      t->refused = TRUE;
      return GIT_EUSER;
    }
  if (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *token = gs_token_lookup (url, &t->token_from_keyring, &local_error);
      int rc;

      if (token == NULL)
        {
          if (local_error != NULL)
            g_debug ("No token: %s", local_error->message);
          t->no_token = TRUE;
          return GIT_EUSER;
        }
      rc = git_credential_userpass_plaintext_new (out, user ? user : "draftforge", token);
      /* libgit2 has its copy */
      memset (token, 0, strlen (token));
      return rc;
    }
  if (allowed & GIT_CREDENTIAL_SSH_KEY)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *passphrase = NULL;
      int rc;

      if (key == NULL || *key == '\0')
        return git_credential_ssh_key_from_agent (out, user ? user : "git");
      passphrase = gs_passphrase_lookup (key, &local_error);
      if (local_error != NULL)
        g_debug ("No passphrase: %s", local_error->message);
      rc = git_credential_ssh_key_new (out, user ? user : "git", NULL, key, passphrase);
      if (passphrase != NULL)
        memset (passphrase, 0, strlen (passphrase));
      return rc;
    }
  if (allowed & GIT_CREDENTIAL_USERNAME)
    return git_credential_username_new (out, user ? user : "git");
  return GIT_PASSTHROUGH;
}

/* The port of @url ("ssh://git@host:2222/…"), 0 when it names none. */
static int
url_port (const char *url)
{
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;

  return uri != NULL && g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : 0;
}

static int
certificate_cb (git_cert   *cert,
                int         valid,
                const char *host,
                void       *payload)
{
  Transfer *t = payload;
  git_cert_hostkey *key = (git_cert_hostkey *) cert;

  (void) valid;
  if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2)
    return GIT_PASSTHROUGH;
  g_strlcpy (t->host, host ? host : "", sizeof t->host);
  if (!(key->type & GIT_CERT_SSH_RAW))
    t->host_key = GS_HOST_KEY_UNKNOWN;
  else
    t->host_key = gs_ssh_check_host (host, url_port (t->url), key->hostkey, key->hostkey_len);
  return t->host_key == GS_HOST_KEY_KNOWN ? 0 : GIT_ECERTIFICATE;
}

static int
transfer_progress_cb (const git_indexer_progress *stats,
                      void                       *payload)
{
  Transfer *t = payload;

  if (g_cancellable_is_cancelled (t->cancellable))
    return GIT_EUSER;
  if (t->progress != NULL && stats->total_objects > 0)
    t->progress ((double) stats->received_objects / stats->total_objects, t->what, t->progress_data);
  return 0;
}

static int
push_progress_cb (unsigned int current,
                  unsigned int total,
                  size_t       bytes,
                  void        *payload)
{
  Transfer *t = payload;

  (void) bytes;
  if (g_cancellable_is_cancelled (t->cancellable))
    return GIT_EUSER;
  if (t->progress != NULL && total > 0)
    t->progress ((double) current / total, t->what, t->progress_data);
  return 0;
}

static int
push_update_cb (const char *refname,
                const char *status,
                void       *payload)
{
  Transfer *t = payload;

  (void) refname;
  if (status != NULL)
    t->rejected = TRUE;
  return 0;
}

static void
init_callbacks (git_remote_callbacks *callbacks,
                Transfer             *t)
{
  callbacks->credentials = credentials_cb;
  callbacks->certificate_check = certificate_cb;
  callbacks->transfer_progress = transfer_progress_cb;
  callbacks->push_transfer_progress = push_progress_cb;
  callbacks->push_update_reference = push_update_cb;
  callbacks->payload = t;
}

/* What a failed transfer means for a writer; offline is not an error. */
static TransferResult
explain (Transfer    *t,
         int          rc,
         const char  *url,
         GError     **error)
{
  const git_error *e = git_error_last ();
  const char *message = e && e->message ? e->message : "";

  if (g_cancellable_set_error_if_cancelled (t->cancellable, error))
    return TRANSFER_FAILED;
  if (t->host[0] != '\0' && t->host_key == GS_HOST_KEY_UNKNOWN)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_PERMISSION,
                   _("The server %s is not known to this computer yet: connect to it once with ssh (for "
                     "instance “ssh %s”) to check its key and remember it, then sync again"), t->host, t->host);
      return TRANSFER_FAILED;
    }
  if (t->host[0] != '\0' && t->host_key == GS_HOST_KEY_CHANGED)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_PERMISSION,
                   _("The server %s shows another key than the one this computer remembers: it may not be "
                     "your server. Nothing was sent; ask its administrator whether its key changed"), t->host);
      return TRANSFER_FAILED;
    }
  if (t->host[0] != '\0' && (strstr (message, "passphrase") != NULL || strstr (message, "private key file") != NULL))
    {
      const char *key = g_getenv ("DRAFTFORGE_GIT_SSH_KEY") ? g_getenv ("DRAFTFORGE_GIT_SSH_KEY") : t->ssh_key;

      g_set_error (error, DF_ERROR, DF_ERROR_PERMISSION,
                   _("The ssh key %s could not be opened: give its passphrase in Sync Settings (or with "
                     "“draftforge-cli sync token”), or check that it is a private key file"), key ? key : "");
      return TRANSFER_FAILED;
    }
  if (t->refused && t->host[0] != '\0')
    {
      g_set_error (error, DF_ERROR, DF_ERROR_PERMISSION,
                   _("The server %s refused the ssh key: check the key file in Sync Settings (or "
                     "DRAFTFORGE_GIT_SSH_KEY) or the keys in your ssh agent, and that the server has the public "
                     "half"), t->host);
      return TRANSFER_FAILED;
    }
  if ((t->refused || strstr (message, "401") != NULL || strstr (message, "authentication") != NULL) &&
      t->token_from_keyring)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_PERMISSION,
                   _("The server refused the password: check the token in Sync Settings (click the sync "
                     "status in the project's header bar), or give it again with “draftforge-cli sync token”"));
      return TRANSFER_FAILED;
    }
  if (t->refused || strstr (message, "401") != NULL || strstr (message, "authentication") != NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_PERMISSION,
                   _("The server refused the password: check the token in the environment variable "
                     "DRAFTFORGE_GIT_TOKEN (an access token the server gave you, not your password)"));
      return TRANSFER_FAILED;
    }
  if (t->no_token)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_PERMISSION,
                   _("The server asks for a password: give an access token from the server in Sync Settings "
                     "(click the sync status in the project's header bar) or with “draftforge-cli sync token”, "
                     "then sync again"));
      return TRANSFER_FAILED;
    }
  if (strstr (message, "404") != NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                   _("The server has no repository at “%s”: check the address"), url);
      return TRANSFER_FAILED;
    }
  if (e != NULL && (e->klass == GIT_ERROR_NET || e->klass == GIT_ERROR_OS || e->klass == GIT_ERROR_SSH ||
                    e->klass == GIT_ERROR_SSL || e->klass == GIT_ERROR_HTTP || rc == GIT_ENOTFOUND))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Offline: could not reach %s (%s)"), url, message);
      return TRANSFER_OFFLINE;
    }
  gs_set_git_error (error, rc, _("The sync failed"));
  return TRANSFER_FAILED;
}

/* The remote "origin" with @url, made or corrected in the repository's
 * config (which so never holds a secret: the URL has none). */
static git_remote *
origin (GsRepo      *self,
        const char  *url,
        GError     **error)
{
  git_remote *remote = NULL;
  int rc = git_remote_lookup (&remote, self->repo, GS_REMOTE_NAME);

  if (rc == 0 && g_strcmp0 (git_remote_url (remote), url) != 0)
    {
      g_autoptr(git_reference) stale = NULL;
      /* What the old remote had says nothing of the new one. */
      if (git_reference_lookup (&stale, self->repo, GS_REMOTE_REF) == 0)
        git_reference_delete (stale);
      git_remote_free (remote);
      remote = NULL;
      rc = git_remote_set_url (self->repo, GS_REMOTE_NAME, url);
      if (rc == 0)
        rc = git_remote_lookup (&remote, self->repo, GS_REMOTE_NAME);
    }
  else if (rc == GIT_ENOTFOUND)
    rc = git_remote_create_with_fetchspec (&remote, self->repo, GS_REMOTE_NAME, url,
                                           "+refs/heads/*:refs/remotes/origin/*");
  if (rc < 0)
    {
      gs_set_git_error (error, rc, _("Could not set up the remote"));
      return NULL;
    }
  return remote;
}

static TransferResult
fetch (git_remote  *remote,
       Transfer    *t,
       GError     **error)
{
  git_fetch_options opts = GIT_FETCH_OPTIONS_INIT;
  char *refspec = "+" GS_BRANCH_REF ":" GS_REMOTE_REF;
  git_strarray refspecs = { &refspec, 1 };
  int rc;

  init_callbacks (&opts.callbacks, t);
  opts.prune = GIT_FETCH_PRUNE;
  t->url = git_remote_url (remote);
  t->what = _("Receiving");
  t->n_credentials = 0;
  rc = git_remote_fetch (remote, &refspecs, &opts, "draftforge: fetch");
  if (rc < 0)
    return explain (t, rc, git_remote_url (remote), error);
  return TRANSFER_OK;
}

static TransferResult
push (git_remote  *remote,
      Transfer    *t,
      GError     **error)
{
  git_push_options opts = GIT_PUSH_OPTIONS_INIT;
  char *refspec = GS_BRANCH_REF ":" GS_BRANCH_REF;
  git_strarray refspecs = { &refspec, 1 };
  int rc;

  init_callbacks (&opts.callbacks, t);
  t->url = git_remote_url (remote);
  t->what = _("Sending");
  t->n_credentials = 0;
  t->rejected = FALSE;
  rc = git_remote_push (remote, &refspecs, &opts);
  if (rc < 0)
    {
      const git_error *e = git_error_last ();
      /* A local remote refuses a push that is not a fast-forward with an
       * error rather than a status. */
      if (e != NULL && e->message && (strstr (e->message, "fast-forward") || strstr (e->message, "fastforward")))
        {
          t->rejected = TRUE;
          return TRANSFER_OK;
        }
      return explain (t, rc, git_remote_url (remote), error);
    }
  return TRANSFER_OK;
}

typedef struct
{
  guint received;
  guint sent;
  guint n_conflicts;
} Counts;

/* Fetches, merges what arrived, pushes; again after a rejected push. */
static TransferResult
exchange (GsRepo     *self,
          git_remote *remote,
          Transfer   *t,
          Counts     *counts,
          GError    **error)
{
  for (guint attempt = 0; attempt < MAX_PUSH_ATTEMPTS; attempt++)
    {
      git_oid ours, theirs;
      size_t ahead = 0, behind = 0;
      gboolean has_theirs, changed = FALSE;
      guint n_conflicts = 0;
      TransferResult result = fetch (remote, t, error);

      if (result != TRANSFER_OK)
        return result;
      if (!gs_branch_head (self, &ours, error))
        return TRANSFER_FAILED;
      has_theirs = git_reference_name_to_id (&theirs, self->repo, GS_REMOTE_REF) == 0;
      if (has_theirs)
        {
          git_graph_ahead_behind (&ahead, &behind, self->repo, &ours, &theirs);
          counts->received += behind;
          if (behind > 0 && !gs_integrate (self, &ours, &theirs, &n_conflicts, &changed, error))
            return TRANSFER_FAILED;
          counts->n_conflicts += n_conflicts;
          if (!gs_branch_head (self, &ours, error))
            return TRANSFER_FAILED;
          git_graph_ahead_behind (&ahead, &behind, self->repo, &ours, &theirs);
          if (ahead == 0)
            return TRANSFER_OK;
        }
      else
        {
          g_autoptr(git_revwalk) walk = NULL;
          git_oid id;
          if (git_revwalk_new (&walk, self->repo) == 0 && git_revwalk_push (walk, &ours) == 0)
            while (git_revwalk_next (&id, walk) == 0)
              ahead++;
        }
      result = push (remote, t, error);
      if (result != TRANSFER_OK)
        return result;
      if (!t->rejected)
        {
          counts->sent += ahead;
          /* What the remote has now, for the status. */
          git_reference_create (NULL, self->repo, GS_REMOTE_REF, &ours, TRUE, "draftforge: push");
          return TRANSFER_OK;
        }
    }
  g_set_error (error, DF_ERROR, DF_ERROR_BUSY,
               _("Others kept sending versions while this one was merged: sync again in a moment"));
  return TRANSFER_FAILED;
}

static guint
count_to_send (GsRepo *self)
{
  git_oid ours, theirs;
  size_t ahead = 0, behind = 0;

  if (!gs_branch_head (self, &ours, NULL))
    return 0;
  if (git_reference_name_to_id (&theirs, self->repo, GS_REMOTE_REF) == 0)
    git_graph_ahead_behind (&ahead, &behind, self->repo, &ours, &theirs);
  else
    {
      g_autoptr(git_revwalk) walk = NULL;
      git_oid id;
      if (git_revwalk_new (&walk, self->repo) == 0 && git_revwalk_push (walk, &ours) == 0)
        while (git_revwalk_next (&id, walk) == 0)
          ahead++;
    }
  return ahead;
}

static void
append_counts (GString      *text,
               const Counts *counts)
{
  if (counts->received > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "; received %u version", "; received %u versions",
                                               counts->received), counts->received);
  if (counts->sent > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "; sent %u version", "; sent %u versions",
                                               counts->sent), counts->sent);
  if (counts->n_conflicts > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                               "; %u chapter in conflict (see “draftforge-cli sync conflicts”)",
                                               "; %u chapters in conflict (see “draftforge-cli sync conflicts”)",
                                               counts->n_conflicts), counts->n_conflicts);
}

char *
gs_sync (GsRepo             *self,
         const char         *remote_url,
         DfSyncProgressFunc  progress,
         gpointer            progress_data,
         GCancellable       *cancellable,
         GError            **error)
{
  g_autoptr(git_remote) remote = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *saved = NULL;
  GError *local_error = NULL;
  Transfer t = { cancellable, progress, progress_data, NULL, 0, FALSE, FALSE, FALSE };
  Counts counts = { 0, 0, 0 };
  TransferResult result;
  g_autofree char *ssh_key = NULL;

  if (remote_url != NULL && g_strcmp0 (remote_url, self->link->remote_url) != 0)
    {
      if (!df_sync_link_set_remote (self->store, self->project_id, remote_url, error))
        return NULL;
      g_free (self->link->remote_url);
      self->link->remote_url = g_strdup (remote_url);
    }
  if (self->link->remote_url == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                   _("The project has no remote yet: add one with “draftforge-cli sync remote”"));
      return NULL;
    }
  if (!gs_save_version (self, NULL, &saved, error) ||
      (remote = origin (self, self->link->remote_url, error)) == NULL)
    return NULL;
  ssh_key = df_sync_link_get_ssh_key (self->store, self->project_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  t.ssh_key = ssh_key;

  result = exchange (self, remote, &t, &counts, &local_error);
  if (result == TRANSFER_OFFLINE)
    {
      guint n = count_to_send (self);
      df_sync_link_set_result (self->store, self->project_id, local_error->message, NULL);
      g_string_append (text, local_error->message);
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "; %u version not yet sent",
                                                 "; %u versions not yet sent", n), n);
      append_counts (text, &counts);
      g_clear_error (&local_error);
      return g_string_free (g_steal_pointer (&text), FALSE);
    }
  if (result == TRANSFER_FAILED)
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        df_sync_link_set_result (self->store, self->project_id, local_error->message, NULL);
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (!df_sync_link_set_result (self->store, self->project_id, NULL, error))
    return NULL;
  g_string_append (text, counts.received || counts.sent ? _("Synced") : _("Up to date"));
  append_counts (text, &counts);
  for (guint i = 0; i < self->notices->len; i++)
    g_string_append_printf (text, "; %s", (char *) g_ptr_array_index (self->notices, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ---- clone -------------------------------------------------------------- */

static gint64
import_clone (DfStore     *store,
              const char  *url,
              const char  *path,
              GError     **error)
{
  g_autoptr(git_repository) repo = NULL;
  g_autoptr(DfProject) project = NULL;
  git_oid head;
  char hex[GIT_OID_HEXSZ + 1];
  int rc;

  if ((rc = git_repository_open (&repo, path)) < 0 ||
      (rc = git_reference_name_to_id (&head, repo, GS_BRANCH_REF)) < 0)
    {
      gs_set_git_error (error, rc, _("The repository has no versions of a book"));
      return 0;
    }
  project = df_import (store, path, DF_IMPORT_PROJECT_DIR, NULL, NULL, NULL, NULL, error);
  if (project == NULL)
    return 0;
  git_oid_tostr (hex, sizeof hex, &head);
  if (!df_sync_link_create (store, project->id, "git", path, url, error) ||
      !df_sync_link_set_commit (store, project->id, hex, error) ||
      !df_sync_link_set_result (store, project->id, NULL, error))
    return 0;
  return project->id;
}

/* Fetches @url's main branch into a new repository at @path and checks
 * it out: no remote HEAD is needed (a bare repository made by git init
 * names a branch that may not exist). */
static gboolean
clone_into (const char    *url,
            const char    *path,
            Transfer      *t,
            GError       **error)
{
  g_autoptr(git_repository) repo = gs_repo_create (path, error);
  g_autoptr(git_remote) remote = NULL;
  g_autoptr(git_reference) ref = NULL;
  g_autoptr(git_commit) commit = NULL;
  git_checkout_options opts = GIT_CHECKOUT_OPTIONS_INIT;
  git_oid head;
  int rc;

  if (repo == NULL)
    return FALSE;
  if ((rc = git_remote_create_with_fetchspec (&remote, repo, GS_REMOTE_NAME, url,
                                              "+refs/heads/*:refs/remotes/origin/*")) < 0)
    {
      gs_set_git_error (error, rc, _("Could not set up the remote"));
      return FALSE;
    }
  if (fetch (remote, t, error) != TRANSFER_OK)
    return FALSE;
  if (git_reference_name_to_id (&head, repo, GS_REMOTE_REF) < 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                   _("The repository at “%s” holds no book yet: sync one into it first"), url);
      return FALSE;
    }
  opts.checkout_strategy = GIT_CHECKOUT_FORCE;
  if ((rc = git_commit_lookup (&commit, repo, &head)) < 0 ||
      (rc = git_checkout_tree (repo, (git_object *) commit, &opts)) < 0 ||
      (rc = git_reference_create (&ref, repo, GS_BRANCH_REF, &head, TRUE, "draftforge: clone")) < 0)
    {
      gs_set_git_error (error, rc, _("Could not write the repository's files"));
      return FALSE;
    }
  return TRUE;
}

gint64
gs_clone (DfStore            *store,
          const char         *url,
          const char         *repo_path,
          DfSyncProgressFunc  progress,
          gpointer            progress_data,
          GCancellable       *cancellable,
          GError            **error)
{
  g_autofree char *sync_dir = g_build_filename (g_get_user_data_dir (), "draftforge", "sync", NULL);
  g_autofree char *path = NULL;
  Transfer t = { cancellable, progress, progress_data, NULL, 0, FALSE, FALSE, FALSE };

  if (repo_path != NULL)
    path = g_canonicalize_filename (repo_path, NULL);
  else
    {
      g_autofree char *base = g_path_get_basename (url);
      if (g_str_has_suffix (base, ".git"))
        base[strlen (base) - 4] = '\0';
      g_mkdir_with_parents (sync_dir, 0700);
      path = g_build_filename (sync_dir, *base && strcmp (base, "/") != 0 ? base : "book", NULL);
      for (guint n = 2; g_file_test (path, G_FILE_TEST_EXISTS); n++)
        {
          g_free (path);
          path = g_strdup_printf ("%s/%s-%u", sync_dir, base, n);
        }
    }
  if (!clone_into (url, path, &t, error))
    return 0;
  return import_clone (store, url, path, error);
}
