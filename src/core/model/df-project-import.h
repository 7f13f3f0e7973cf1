/* df-project-import.h: the model's side of an import
 *
 * A long import commits in batches, yet leaves all or nothing: its project
 * is added hidden (in no listing, not found by slug, not in the trash),
 * naming the importing process in its settings (the key
 * "draftforge_import"), and its last transaction reveals it.  An import
 * whose process was killed is found at the next start and removed
 * (df_import_recover_interrupted).  Its chapters are added by an appender
 * that prepares its statements once for them all.  For the importer (io);
 * part of the core, not installed for plugins (df-project.c,
 * df-chapter.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "df-codex.h"
#include "df-model.h"

G_BEGIN_DECLS

/* The JSON path, in projects.settings, of the importing process. */
#define DF_PROJECT_IMPORT_PATH "$.draftforge_import"

typedef struct
{
  gint64  id;
  char   *owner;      /* the importing process: BOOT-ID:PID:START */
} DfProjectImport;

void       df_project_import_free     (DfProjectImport  *import);

/* Hides @project_id, just created, while @owner imports it. */
gboolean   df_project_hide_for_import (DfStore          *store,
                                       gint64            project_id,
                                       const char       *owner,
                                       GError          **error);
/* Shows the imported project, edited now; @settings (a JSON object, may
 * be NULL: keep them) become its settings. */
gboolean   df_project_reveal_import   (DfStore          *store,
                                       gint64            project_id,
                                       const char       *settings,
                                       GError          **error);
/* The projects being imported, as DfProjectImport, oldest first. */
GPtrArray *df_project_list_imports    (DfStore          *store,
                                       GError          **error);
/* Removes a project being imported by @owner, and all it holds. */
gboolean   df_project_remove_import   (DfStore          *store,
                                       gint64            project_id,
                                       const char       *owner,
                                       GError          **error);

/* Adds chapters to one project as df_chapter_add does, each at the end
 * of its part (or of the book), with the statements prepared once.  The
 * project is not marked edited: revealing it does that. */
typedef struct _DfChapterAppender DfChapterAppender;

DfChapterAppender *df_chapter_appender_new  (DfStore            *store,
                                             gint64              project_id,
                                             GError            **error);
void               df_chapter_appender_free (DfChapterAppender  *self);
/* @part_id: a part of the project, or 0 for none.  The new chapter's id
 * in @id. */
gboolean           df_chapter_appender_add  (DfChapterAppender  *self,
                                             gint64              part_id,
                                             const char         *title,
                                             const char         *content_md,
                                             gint64             *id,
                                             GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfProjectImport, df_project_import_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfChapterAppender, df_chapter_appender_free)

/* ---- the codex as the project folder carries it (df-codex.c) ----------- */

/* Adds an entry as @entry has it: kind (checked), name (not empty),
 * aliases_json, description, notes, tags_json, color, created_at,
 * updated_at and deleted_at; its id in @id. */
gboolean   _df_codex_entry_import       (DfStore            *store,
                                         gint64              project_id,
                                         const DfCodexEntry *entry,
                                         gint64             *id,
                                         GError            **error);
/* A relation or a progression, whether its entries are deleted or not. */
gboolean   _df_codex_relation_import    (DfStore            *store,
                                         gint64              entry_id,
                                         gint64              other_id,
                                         const char         *label,
                                         GError            **error);
gboolean   _df_codex_progression_import (DfStore            *store,
                                         gint64              entry_id,
                                         gint64              from_chapter,
                                         const char         *field,
                                         const char         *value,
                                         const char         *note,
                                         GError            **error);
/* The relations from @entry_id, deleted entries at the other end too. */
GPtrArray *_df_codex_relations_from     (DfStore            *store,
                                         gint64              entry_id,
                                         GError            **error);

G_END_DECLS
