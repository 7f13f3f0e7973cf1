/* git-sync-secret.c: a remote's access token, in the Secret Service
 *
 * As the AI key is kept (src/core/ai/df-secret.c): one secret per remote
 * URL (trailing slashes ignored), labelled "DraftForge git token for
 * HOST", in the default collection.  DRAFTFORGE_GIT_TOKEN, when set,
 * comes first.  Without a Secret Service a lookup finds nothing and
 * storing says to start a keyring or set the variable.  The token never
 * appears in a message, a log, the database or the repository's config.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-git-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "git-sync-private.h"

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    .name = "io.github.draftforge.DraftForge.GitToken",
    .flags = SECRET_SCHEMA_NONE,
    .attributes = {
      { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static char *
normalize_url (const char *url)
{
  char *copy = g_strstrip (g_strdup (url));
  gsize len = strlen (copy);

  while (len > 0 && copy[len - 1] == '/')
    copy[--len] = '\0';
  return copy;
}

/* No session bus, or no keyring daemon on it (as opposed to a locked
 * keyring, a refused prompt or a cancellation). */
static gboolean
service_unavailable (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || error->domain == SECRET_ERROR)
    return FALSE;
  return error->domain == G_DBUS_ERROR || error->domain == G_IO_ERROR || error->domain == G_SPAWN_ERROR;
}

/* The keyring's secret for @url, NULL when it keeps none. */
static char *
keyring_lookup (const char  *url,
                GError     **error)
{
  g_autofree char *key = normalize_url (url);
  g_autoptr(GError) local_error = NULL;
  char *secret = secret_password_lookup_sync (token_schema (), NULL, &local_error, "url", key, NULL);
  char *token;

  if (local_error != NULL)
    {
      if (service_unavailable (local_error))
        {
          g_debug ("No Secret Service, so no stored token: %s", local_error->message);
          return NULL;
        }
      g_set_error (error, DF_ERROR, DF_ERROR_PERMISSION,
                   _("Could not read the token from the keyring: %s; unlock the keyring and sync again"),
                   local_error->message);
      return NULL;
    }
  if (secret == NULL)
    return NULL;
  token = g_strdup (secret);
  secret_password_free (secret);
  if (*token == '\0')
    g_clear_pointer (&token, g_free);
  return token;
}

char *
gs_token_lookup (const char  *url,
                 gboolean    *from_keyring,
                 GError     **error)
{
  const char *env = g_getenv ("DRAFTFORGE_GIT_TOKEN");
  GError *local_error = NULL;
  char *token;

  *from_keyring = FALSE;
  if (env != NULL)
    return *env != '\0' ? g_strdup (env) : NULL;
  if (url == NULL)
    return NULL;
  token = keyring_lookup (url, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  *from_keyring = token != NULL;
  return token;
}

char *
gs_passphrase_lookup (const char  *key_file,
                      GError     **error)
{
  const char *env = g_getenv ("DRAFTFORGE_GIT_SSH_PASSPHRASE");
  g_autofree char *uri = NULL;

  if (env != NULL)
    return *env != '\0' ? g_strdup (env) : NULL;
  uri = g_filename_to_uri (key_file, NULL, error);
  return uri ? keyring_lookup (uri, error) : NULL;
}

gboolean
gs_token_store (const char    *url,
                const char    *token,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autofree char *key = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, DF_ERROR, DF_ERROR_INVALID, _("Set the remote's address first"));
      return FALSE;
    }
  key = normalize_url (url);
  if (token == NULL || *token == '\0')
    {
      ok = secret_password_clear_sync (token_schema (), cancellable, &local_error, "url", key, NULL);
      (void) ok;
    }
  else
    {
      uri = g_uri_parse (key, G_URI_FLAGS_NONE, NULL);
      if (uri != NULL && g_strcmp0 (g_uri_get_scheme (uri), "file") == 0)
        /* Translators: the keyring's label of an ssh key's passphrase; %s is the key file */
        label = g_strdup_printf (_("DraftForge passphrase of the ssh key %s"), g_uri_get_path (uri));
      else
        /* Translators: the keyring's label of a token; %s is the server's name */
        label = g_strdup_printf (_("DraftForge git token for %s"),
                                 uri && g_uri_get_host (uri) ? g_uri_get_host (uri) : key);
      secret_password_store_sync (token_schema (), SECRET_COLLECTION_DEFAULT, label, token, cancellable,
                                  &local_error, "url", key, NULL);
    }
  if (local_error == NULL)
    return TRUE;
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (service_unavailable (local_error))
    {
      g_debug ("No Secret Service: %s", local_error->message);
      g_set_error_literal (error, DF_ERROR, DF_ERROR_IO,
                         _("There is no keyring to keep the token in: start one (GNOME Keyring or KeePassXC), "
                           "or set DRAFTFORGE_GIT_TOKEN"));
    }
  else
    g_set_error (error, DF_ERROR, DF_ERROR_PERMISSION, _("The keyring did not keep the token: %s"),
                 local_error->message);
  return FALSE;
}

gboolean
gs_token_exists (const char    *url,
                 gboolean      *exists,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *key = NULL;
  g_autoptr(GError) local_error = NULL;
  char *secret;

  *exists = FALSE;
  if (url == NULL || *url == '\0')
    return TRUE;
  key = normalize_url (url);
  secret = secret_password_lookup_sync (token_schema (), cancellable, &local_error, "url", key, NULL);
  if (local_error != NULL && !service_unavailable (local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *exists = secret != NULL && *secret != '\0';
  if (secret != NULL)
    secret_password_free (secret);
  return TRUE;
}
