/* git-sync-ssh.c: an ssh server's host key, checked as ssh checks it
 *
 * libgit2 (1.5, with libssh2) refuses a host key it has no callback to
 * check.  The key the server shows is looked up in the known hosts file
 * ssh itself keeps (~/.ssh/known_hosts, or the file named by
 * DRAFTFORGE_GIT_SSH_KNOWN_HOSTS): plain or hashed host names, "[host]:port"
 * for a port other than 22.  A server that is not there is not trusted
 * (the writer connects once with ssh to check and remember it); one
 * whose key differs from the one remembered is refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-git-sync"

#include "config.h"

#include <string.h>

#include "git-sync-private.h"

static char *
known_hosts_path (void)
{
  const char *env = g_getenv ("DRAFTFORGE_GIT_SSH_KNOWN_HOSTS");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_home_dir (), ".ssh", "known_hosts", NULL);
}

/* Does the pattern (a name, or "|1|salt|hash" as ssh hashes them) name
 * @host? */
static gboolean
host_matches (const char *pattern,
              const char *host)
{
  g_auto(GStrv) parts = NULL;
  g_autofree guchar *salt = NULL;
  g_autofree guchar *hash = NULL;
  g_autoptr(GHmac) hmac = NULL;
  guint8 digest[20];
  gsize salt_len = 0, hash_len = 0, digest_len = sizeof digest;

  if (!g_str_has_prefix (pattern, "|1|"))
    return g_ascii_strcasecmp (pattern, host) == 0;
  parts = g_strsplit (pattern + 3, "|", 2);
  if (g_strv_length (parts) != 2)
    return FALSE;
  salt = g_base64_decode (parts[0], &salt_len);
  hash = g_base64_decode (parts[1], &hash_len);
  if (hash_len != sizeof digest)
    return FALSE;
  hmac = g_hmac_new (G_CHECKSUM_SHA1, salt, salt_len);
  g_hmac_update (hmac, (const guchar *) host, strlen (host));
  g_hmac_get_digest (hmac, digest, &digest_len);
  return memcmp (digest, hash, sizeof digest) == 0;
}

GsHostKey
gs_ssh_check_host (const char *host,
                   int         port,
                   const char *key,
                   gsize       key_len)
{
  g_autofree char *path = known_hosts_path ();
  g_autofree char *text = NULL;
  g_autofree char *name = port > 0 && port != 22 ? g_strdup_printf ("[%s]:%d", host, port) : g_strdup (host);
  g_autofree char *shown = g_base64_encode ((const guchar *) key, key_len);
  g_auto(GStrv) lines = NULL;
  GsHostKey result = GS_HOST_KEY_UNKNOWN;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return GS_HOST_KEY_UNKNOWN;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      g_auto(GStrv) patterns = NULL;
      gboolean named = FALSE;
      guint f = 0;

      if (fields[0] == NULL || fields[0][0] == '#' || fields[0][0] == '\0')
        continue;
      if (fields[0][0] == '@')     /* @revoked, @cert-authority: not ours to judge */
        continue;
      patterns = g_strsplit (fields[f++], ",", -1);
      for (guint p = 0; patterns[p] != NULL && !named; p++)
        named = host_matches (patterns[p], name);
      /* the key's type, then the key */
      if (!named || fields[f] == NULL || fields[f + 1] == NULL)
        continue;
      if (strcmp (fields[f + 1], shown) == 0)
        return GS_HOST_KEY_KNOWN;
      result = GS_HOST_KEY_CHANGED;
    }
  return result;
}
