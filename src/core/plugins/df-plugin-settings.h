/* df-plugin-settings.h: a small settings store for each plugin (API 2)
 *
 * A plugin keeps its own settings in the user's database, namespaced by
 * its id (its manifest's Id, given at init by
 * df_plugin_registry_get_plugin_id): text keys and text values, read and
 * written wherever the plugin runs (in the application, the command line
 * or the helper process, which open the same database).  The writer sees
 * and changes them with `draftforge-cli plugin settings`.  Never a
 * secret: a token or a password belongs in the Secret Service.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined (__DRAFTFORGE_PLUGIN_H_INSIDE__) && !defined (DRAFTFORGE_COMPILATION)
# error "Only <draftforge-plugin.h> can be included directly."
#endif

#include "df-extern.h"

#include "df-store.h"

G_BEGIN_DECLS

/* The value of @key for @plugin_id, or NULL without @error when it was
 * never set. */
DF_EXTERN
char       *df_plugin_settings_get    (DfStore     *store,
                                       const char  *plugin_id,
                                       const char  *key,
                                       GError     **error);
/* Sets @key to @value (NULL: forgets it).  A key is 1 to 100 characters
 * of letters, digits, '-', '_' and '.'; a value at most 64 KiB of UTF-8. */
DF_EXTERN
gboolean    df_plugin_settings_set    (DfStore     *store,
                                       const char  *plugin_id,
                                       const char  *key,
                                       const char  *value,
                                       GError     **error);
/* Every setting of @plugin_id: key -> value, both owned by the table. */
DF_EXTERN
GHashTable *df_plugin_settings_list   (DfStore     *store,
                                       const char  *plugin_id,
                                       GError     **error);
/* The same as a number: @fallback when unset or not a whole number. */
DF_EXTERN
gint64      df_plugin_settings_get_int (DfStore    *store,
                                        const char *plugin_id,
                                        const char *key,
                                        gint64      fallback);

G_END_DECLS
