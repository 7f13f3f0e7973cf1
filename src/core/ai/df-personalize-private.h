/* df-personalize-private.h: shared by the personaliser's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "df-personalize.h"

G_BEGIN_DECLS

const char *_df_personalize_language     (const DfProfile   *profile);
char       *_df_personalize_profile_json (const DfProfile   *profile);
GPtrArray  *_df_personalize_messages     (const DfProfile   *profile,
                                          DfPersonalizeKind  kind,
                                          const char        *markdown);
GPtrArray  *_df_personalize_sections     (const char        *markdown,
                                          gsize              limit);
gboolean    _df_personalize_cache_store  (DfStore                    *store,
                                          const DfProfile            *profile,
                                          const DfChapter            *chapter,
                                          const DfPersonalizeOptions *options,
                                          const DfPersonalized       *result,
                                          GError                    **error);

G_END_DECLS
