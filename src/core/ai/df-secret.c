/* df-secret.c: the API key, in the Secret Service (libsecret)
 *
 * One secret per base URL (trailing slashes ignored), labelled "DraftForge
 * API key for HOST".  Without a Secret Service (no D-Bus session bus, or
 * no keyring daemon on it) a lookup finds no key; storing says to set
 * DRAFTFORGE_API_KEY or start a keyring.  The key itself never appears in
 * a message or a log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-secret"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "df-ai.h"
#include "df-library-private.h"
#include "df-secret.h"

/* libsecret, opened for the first key looked up or stored
 * (df-library-private.h). */
#define SECRET_FUNCTIONS(X, t) \
  X (t, secret_password_lookup_sync) X (t, secret_password_store_sync) X (t, secret_password_clear_sync) \
  X (t, secret_password_free) X (t, secret_error_get_quark)

static struct
{
  SECRET_FUNCTIONS (DF_LIBRARY_FUNCTION, _)
} ls;
DF_LIBRARY_DEFINE (secret_library, ls, DF_LIBSECRET_SONAME, N_("Keys cannot be kept in the Secret Service without it."),
                   SECRET_FUNCTIONS);

static const SecretSchema *
key_schema (void)
{
  static const SecretSchema schema = {
    .name = "io.github.draftforge.DraftForge.ApiKey",
    .flags = SECRET_SCHEMA_NONE,
    .attributes = {
      { "base_url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* "http://host:11434/v1/" -> "http://host:11434/v1" */
static char *
normalize_url (const char *base_url)
{
  char *url = g_strstrip (g_strdup (base_url));
  gsize len = strlen (url);

  while (len > 0 && url[len - 1] == '/')
    url[--len] = '\0';
  return url;
}

static char *
url_host (const char *base_url)
{
  g_autoptr(GUri) uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);

  if (uri != NULL && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0')
    return g_strdup (g_uri_get_host (uri));
  return g_strdup (base_url);
}

/* No session bus, no keyring daemon on it, or the bus went away: the
 * Secret Service is not there (as opposed to a locked keyring, a refused
 * prompt or a cancellation). */
static gboolean
service_unavailable (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  if (error->domain == ls.secret_error_get_quark ())
    return FALSE;
  return error->domain == G_DBUS_ERROR || error->domain == G_IO_ERROR ||
         error->domain == G_SPAWN_ERROR;
}

/* A failed store or clear: hands a cancellation on, or says @no_keyring
 * when there is no Secret Service; FALSE when it was neither, for the
 * caller to say what the keyring said. */
static gboolean
cancelled_or_no_keyring (GError     **local_error,
                         const char  *no_keyring,
                         GError     **error)
{
  if (g_error_matches (*local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (local_error));
      return TRUE;
    }
  if (service_unavailable (*local_error))
    {
      g_debug ("No Secret Service: %s", (*local_error)->message);
      g_set_error_literal (error, DF_AI_ERROR, DF_AI_ERROR_FAILED, no_keyring);
      return TRUE;
    }
  return FALSE;
}

static gboolean
check_url (const char  *url,
           GError     **error)
{
  if (url != NULL && *url != '\0')
    return TRUE;
  g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_NOT_CONFIGURED,
               _("Set the provider's address first: draftforge-cli ai set base-url URL"));
  return FALSE;
}

char *
df_secret_lookup_key (const char    *base_url,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autofree char *url = NULL;
  g_autoptr(GError) local_error = NULL;
  char *secret;
  char *key;

  if (base_url == NULL || *base_url == '\0')
    return NULL;

  if (!_df_library_load (&secret_library, &local_error))
    {
      g_debug ("No Secret Service, so no stored API key: %s", local_error->message);
      return NULL;
    }
  url = normalize_url (base_url);
  secret = ls.secret_password_lookup_sync (key_schema (), cancellable, &local_error,
                                           "base_url", url, NULL);
  if (local_error != NULL)
    {
      if (service_unavailable (local_error))
        {
          g_debug ("No Secret Service, so no stored API key: %s", local_error->message);
          return NULL;
        }
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_FAILED,
                     _("Could not read the API key from the keyring: %s; unlock the keyring or set DRAFTFORGE_API_KEY"),
                     local_error->message);
      return NULL;
    }

  if (secret == NULL)
    return NULL;

  /* Back to GLib's allocator; libsecret wipes its own copy. */
  key = g_strdup (secret);
  ls.secret_password_free (secret);
  if (*key == '\0')
    g_clear_pointer (&key, g_free);
  return key;
}

gboolean
df_secret_store_key (const char    *base_url,
                     const char    *key,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree char *url = NULL;
  g_autofree char *host = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!check_url (base_url, error))
    return FALSE;
  if (key == NULL || *key == '\0')
    {
      g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_FAILED,
                   _("The API key is empty; give the key your provider shows you"));
      return FALSE;
    }

  if (!_df_library_load (&secret_library, error))
    return FALSE;
  url = normalize_url (base_url);
  host = url_host (url);
  /* TRANSLATORS: %s is a host name, such as api.openai.com */
  label = g_strdup_printf (_("DraftForge API key for %s"), host);

  if (ls.secret_password_store_sync (key_schema (), SECRET_COLLECTION_DEFAULT, label, key,
                                     cancellable, &local_error, "base_url", url, NULL))
    return TRUE;

  if (!cancelled_or_no_keyring (&local_error,
                                _("Could not store the API key: no keyring (Secret Service) is running; "
                                  "set DRAFTFORGE_API_KEY in the environment instead, or start a keyring "
                                  "such as GNOME Keyring and try again"),
                                error))
    g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_FAILED,
                 _("Could not store the API key in the keyring: %s; unlock the keyring, or set DRAFTFORGE_API_KEY instead"),
                 local_error->message);
  return FALSE;
}

gboolean
df_secret_clear_key (const char    *base_url,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree char *url = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!check_url (base_url, error))
    return FALSE;

  if (!_df_library_load (&secret_library, error))
    return FALSE;
  url = normalize_url (base_url);
  /* FALSE without an error: there was no key to remove. */
  if (ls.secret_password_clear_sync (key_schema (), cancellable, &local_error,
                                     "base_url", url, NULL) || local_error == NULL)
    return TRUE;

  if (!cancelled_or_no_keyring (&local_error,
                                _("Could not remove the API key: no keyring (Secret Service) is running, "
                                  "so none is stored; a key in DRAFTFORGE_API_KEY is removed by unsetting it"),
                                error))
    g_set_error (error, DF_AI_ERROR, DF_AI_ERROR_FAILED,
                 _("Could not remove the API key from the keyring: %s; unlock the keyring and try again"),
                 local_error->message);
  return FALSE;
}
