/* df-folder-codex-private.h: the codex in the project folder
 * (df-folder-codex.c), for df-folder.c and df-import-project.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "df-codex.h"
#include "df-store.h"

G_BEGIN_DECLS

/* A file of codex/: its path in the folder ("codex/mara.md"), its text. */
typedef struct
{
  char *path;
  char *text;
} DfCodexFile;

void       _df_codex_file_free     (DfCodexFile  *file);
/* A file for each entry of the project's codex, deleted ones too, in
 * the order they were made. */
GPtrArray *_df_codex_folder_files  (DfStore      *store,
                                    gint64        project_id,
                                    GError      **error);
/* Adds the entries of @dir's codex/ to the project: the files @listed
 * (project.json's "codex": objects with "file"), in that order, or all
 * its Markdown files by name when @listed is NULL; then their relations
 * and progressions, and finds their mentions.  @display names @dir in
 * messages. */
gboolean   _df_codex_folder_import (DfStore      *store,
                                    gint64        project_id,
                                    const char   *dir,
                                    const char   *display,
                                    JsonArray    *listed,
                                    GError      **error);

/* An entry file read: the entry's fields (pointing into @fields, but
 * for the aliases, tags and description), and its relations and
 * progressions as JSON objects. */
typedef struct
{
  DfCodexEntry  entry;
  JsonNode     *fields;       /* object: key -> value */
  GPtrArray    *relations;    /* JsonNode objects */
  GPtrArray    *progressions;
  char         *display;
  gint64        id;
} DfCodexEntryFile;

void              _df_codex_entry_file_free  (DfCodexEntryFile *file);
/* @text, an entry file's (docs/folder-format.md); @display names it in
 * an error. */
DfCodexEntryFile *_df_codex_entry_file_parse (const char       *text,
                                              const char       *display,
                                              GError          **error);

G_END_DECLS
