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

/* Declares a table member typed from the library's header. */
#define DF_LIBRARY_FUNCTION(name) __typeof__ (name) *name;
/* One DfLibrarySymbol for the member @name of the table @table. */
#define DF_LIBRARY_SYMBOL(table, name) { #name, (gpointer *) &(table).name },

G_END_DECLS
