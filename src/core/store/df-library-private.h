/* df-library-private.h: a system library opened on first use
 *
 * libcurl, libarchive and libsecret bring some forty libraries with them
 * (TLS, Kerberos, LDAP, ICU, libgcrypt…); linked into the core, every
 * start of the command line, the application and the plugin runner paid
 * about 6 ms of CPU to load and relocate them, though most commands never
 * reach a provider, unpack a plugin or ask the Secret Service.  The few
 * files that call them open the library the first time they need it and
 * find its functions by name, into a table typed from the library's own
 * header (so a changed signature still fails to compile).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One function to find: its name, and where to store its address. */
typedef struct
{
  const char *name;
  gpointer   *slot;
} DfLibrarySymbol;

/* A table of the functions of one library, filled once. */
typedef struct
{
  const char            *soname;       /* "libcurl.so.4" */
  const char            *purpose;      /* N_("An AI provider cannot be reached without it.") */
  const DfLibrarySymbol *symbols;
  guint                  n_symbols;
  gsize                  once;
  gboolean               loaded;
  char                  *failure;      /* why it could not be opened */
} DfLibrary;

gboolean _df_library_load (DfLibrary  *library,
                           GError    **error);

/* A library's functions are listed once, as an X-macro taking X and a
 * table: #define CURL_FUNCTIONS(X, t) X (t, curl_easy_init) X (t, …).
 * DF_LIBRARY_FUNCTION declares a table's member typed from the library's
 * header; DF_LIBRARY_DEFINE defines the DfLibrary @library that fills
 * the table @table with FUNCTIONS, from @soname, for @purpose (N_()). */
#define DF_LIBRARY_FUNCTION(table, name) __typeof__ (name) *name;
#define DF_LIBRARY_SYMBOL(table, name) { #name, (gpointer *) &(table).name },
#define DF_LIBRARY_DEFINE(library, table, soname_, purpose_, FUNCTIONS)                  \
  static const DfLibrarySymbol library##_symbols[] = { FUNCTIONS (DF_LIBRARY_SYMBOL, table) }; \
  static DfLibrary library = {                                                           \
    .soname = soname_,                                                                   \
    .purpose = purpose_,                                                                 \
    .symbols = library##_symbols,                                                        \
    .n_symbols = G_N_ELEMENTS (library##_symbols),                                       \
  }

G_END_DECLS
