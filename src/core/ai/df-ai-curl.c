/* df-ai-curl.c: libcurl, opened the first time the client calls a provider
 *
 * See df-library-private.h for why.  curl_global_init () runs once, right
 * after the library is opened.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "DfAi"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "df-ai-private.h"

static DfCurl curl;
DF_LIBRARY_DEFINE (curl_library, curl, DF_LIBCURL_SONAME, N_("An AI provider cannot be reached without it."),
                   DF_CURL_FUNCTIONS);

/* libcurl's functions, the library opened and initialised the first
 * time; NULL (and @error) when it cannot be loaded. */
const DfCurl *
_df_curl (GError **error)
{
  static gsize initialised = 0;

  if (!_df_library_load (&curl_library, error))
    return NULL;
  if (g_once_init_enter (&initialised))
    {
      curl.curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&initialised, 1);
    }
  return &curl;
}
