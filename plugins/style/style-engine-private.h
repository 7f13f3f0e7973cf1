/* style-engine-private.h: what the engine's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "style-engine.h"

G_BEGIN_DECLS

typedef struct
{
  const StyleLists    *lists;
  const StyleSettings *settings;
  const char          *text;       /* the Markdown as given */
  const char          *masked;     /* its prose (style_prose_mask) */
  gsize                len;
  GPtrArray           *findings;
  StyleStats          *stats;
  StyleCounts         *counts;
  StyleQuotes          quotes;     /* the dialect to hold the text to */
} StyleRun;

guint style_syllables (const char *lower,
                       gsize       len);
char *style_key_of    (const char *text,
                       gsize       from,
                       gsize       to);
char *style_quote     (StyleRun   *run,
                       gsize       from,
                       gsize       to);
void  style_add       (StyleRun   *run,
                       StyleCheck  check,
                       gsize       offset,
                       gsize       length,
                       gboolean    dialogue,
                       gboolean    info,
                       const char *suggestion,
                       const char *format,
                       ...) G_GNUC_PRINTF (8, 9);

/* style-checks.c: every check that reads the words and the marks */
void  style_run_words (StyleRun   *run,
                       GArray     *segments);

G_END_DECLS
