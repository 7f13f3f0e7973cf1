/* df-secret.h: the API key, in the Secret Service (libsecret)
 *
 * The key is stored per base URL; DRAFTFORGE_API_KEY overrides it.  It
 * never goes into the database or a log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Blocking (the Secret Service may ask to unlock): worker threads and the
 * command line only.  NULL without error when there is no key. */
char     *df_secret_lookup_key  (const char    *base_url,
                                 GCancellable  *cancellable,
                                 GError       **error);
gboolean  df_secret_store_key   (const char    *base_url,
                                 const char    *key,
                                 GCancellable  *cancellable,
                                 GError       **error);
gboolean  df_secret_clear_key   (const char    *base_url,
                                 GCancellable  *cancellable,
                                 GError       **error);

G_END_DECLS
