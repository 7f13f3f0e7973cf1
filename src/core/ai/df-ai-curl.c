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

#define CURL_SYMBOL(name) DF_LIBRARY_SYMBOL (curl, name)
static const DfLibrarySymbol curl_symbols[] = {
  DF_CURL_FUNCTIONS (CURL_SYMBOL)
};
#undef CURL_SYMBOL

static DfLibrary curl_library = {
  .soname = DF_LIBCURL_SONAME,
  .purpose = N_("An AI provider cannot be reached without it."),
  .symbols = curl_symbols,
  .n_symbols = G_N_ELEMENTS (curl_symbols),
};

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
