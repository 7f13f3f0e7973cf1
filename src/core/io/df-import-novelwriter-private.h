/* df-import-novelwriter-private.h: what the novelWriter import's files
 * share: a document of the project, its markup in Markdown, its notes as
 * codex entries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "df-import-private.h"

G_BEGIN_DECLS

/* One item of the project's tree. */
typedef struct
{
  char     *handle;
  char     *parent;
  char     *type;       /* ROOT, FOLDER, FILE */
  char     *klass;      /* NOVEL, CHARACTER, WORLD, ARCHIVE, TRASH… */
  char     *layout;     /* DOCUMENT, NOTE */
  char     *name;
  int       order;
  gboolean  active;     /* in the manuscript */
  GPtrArray *children;  /* NwItem*, in order (not owned) */
} NwItem;

/* What turning a line of markup into Markdown needs: the project's
 * auto-replace list ("<A>", "B" in pairs), the document's footnotes (key
 * -> text), and where the definitions of those referred to go. */
typedef struct
{
  GPtrArray  *replace;
  GHashTable *footnotes;
  GString    *defs;
} NwMarkup;

/* df-import-novelwriter-markup.c */

/* The text of @item's document (content/HANDLE.nwd in @path) without its
 * "%%~" header; "" when it has no file. */
char     *_df_nw_read_document   (const char      *path,
                                  NwItem          *item,
                                  GError         **error);
/* A heading line's level (1 to 4; 0: not one), its text, and whether it
 * has novelWriter's "!". */
int       _df_nw_heading_level   (const char      *line,
                                  const char     **text,
                                  gboolean        *bang);
/* @line's shortcodes, footnotes and replacements in Markdown; a [br] at
 * its end says so in @broke. */
char     *_df_nw_convert_inline  (const NwMarkup  *markup,
                                  const char      *line,
                                  gboolean        *broke);
/* @line without its alignment marks; "> indented <" says @quote. */
char     *_df_nw_strip_alignment (const char      *line,
                                  gboolean        *quote);
void      _df_nw_append_line     (GString         *to,
                                  const char      *line);

/* df-import-novelwriter-notes.c */

/* The codex entries of @note (one per "#" heading), of @kind. */
gboolean  _df_nw_read_note       (DfImportCtx     *ctx,
                                  const NwMarkup  *markup,
                                  const char      *dir,
                                  NwItem          *note,
                                  const char      *kind,
                                  guint           *n_entries,
                                  GError         **error);

G_END_DECLS
