/* df-codex.h: the codex — the characters, places, objects and lore of a
 * book, the relations between them, the facts that change from a chapter
 * on (progressions), and where each is mentioned
 *
 * Entries are found by name or alias without regard to case; a deleted
 * entry is kept (deleted_at set) until restored, and is in no listing,
 * lookup or mention.  Mentions are updated on every chapter save
 * (df_chapter_save_merging) for the names the codex has then; a change of
 * names (create, rename, aliases, delete, restore) does not rescan the
 * book: call df_codex_index_project after it (the command line does).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if !defined (__DRAFTFORGE_PLUGIN_H_INSIDE__) && !defined (DRAFTFORGE_COMPILATION)
# error "Only <draftforge-plugin.h> can be included directly."
#endif

#include "df-extern.h"

#include "df-model.h"

G_BEGIN_DECLS

#define DF_CODEX_NAME_MAX_CHARS         200
#define DF_CODEX_DESCRIPTION_MAX_CHARS  20000
#define DF_CODEX_NOTES_MAX_CHARS        200000
#define DF_CODEX_LABEL_MAX_CHARS        100
#define DF_CODEX_FIELD_MAX_CHARS        100
#define DF_CODEX_VALUE_MAX_CHARS        2000

/* character, location, object, lore, other */
DF_EXTERN const char * const df_codex_kinds[];

typedef struct
{
  gint64   id;
  gint64   project_id;
  char    *kind;
  char    *name;
  char    *aliases_json;   /* the stored JSON list */
  char    *description;
  char    *notes;
  char    *tags_json;      /* the stored JSON list */
  char    *color;          /* #rrggbb or NULL */
  char    *created_at;
  char    *updated_at;
  char    *deleted_at;     /* NULL unless deleted */
  gint64   mentions;       /* in the whole book */
  char   **aliases;        /* parsed from aliases_json, never NULL */
  char   **tags;           /* parsed from tags_json, never NULL */
} DfCodexEntry;

typedef struct
{
  gint64    id;
  gint64    entry_id;      /* the entry the relation starts from */
  gint64    other_id;
  char     *label;         /* "sister of": ENTRY label OTHER */
  char     *entry_name;
  char     *other_name;
} DfCodexRelation;

typedef struct
{
  gint64  id;
  gint64  entry_id;
  gint64  from_chapter;    /* a chapter number, from 1 */
  char   *field;
  char   *value;
  char   *note;
} DfCodexProgression;

typedef struct
{
  gint64  entry_id;
  char   *entry_name;
  char   *entry_kind;
  gint64  chapter_id;
  gint64  chapter_number;
  char   *chapter_title;
  gint64  count;
  char   *offsets_json;    /* byte offsets in the chapter's Markdown */
} DfCodexMention;

DF_EXTERN
void        df_codex_entry_free        (DfCodexEntry       *entry);
DF_EXTERN
void        df_codex_relation_free     (DfCodexRelation    *relation);
DF_EXTERN
void        df_codex_progression_free  (DfCodexProgression *progression);
DF_EXTERN
void        df_codex_mention_free      (DfCodexMention     *mention);

/* ---- entries (df-codex.c) ------------------------------------------------ */

/* A new entry: @kind one of df_codex_kinds, @name 1 to 200 characters
 * and no other live entry's name or alias (case aside); @aliases
 * (nullable, NULL-terminated) the same; @description nullable. */
DF_EXTERN
DfCodexEntry *df_codex_entry_create    (DfStore            *store,
                                        gint64              project_id,
                                        const char         *kind,
                                        const char         *name,
                                        const char * const *aliases,
                                        const char         *description,
                                        GError            **error);
/* The live entry named @name, or with it as an alias, case aside;
 * DF_ERROR_NOT_FOUND otherwise.  @include_deleted: deleted ones too
 * (a live one first). */
DF_EXTERN
DfCodexEntry *df_codex_entry_find      (DfStore            *store,
                                        gint64              project_id,
                                        const char         *name,
                                        gboolean            include_deleted,
                                        GError            **error);
DF_EXTERN
DfCodexEntry *df_codex_entry_get       (DfStore            *store,
                                        gint64              entry_id,
                                        GError            **error);
/* The live entries, by kind (in the order of df_codex_kinds) then name;
 * @kind NULL for all.  @deleted: the deleted ones instead. */
DF_EXTERN
GPtrArray    *df_codex_entry_list      (DfStore            *store,
                                        gint64              project_id,
                                        const char         *kind,
                                        gboolean            deleted,
                                        GError            **error);
/* The live entries whose name or an alias holds @query, case aside. */
DF_EXTERN
GPtrArray    *df_codex_entry_search    (DfStore            *store,
                                        gint64              project_id,
                                        const char         *query,
                                        GError            **error);
DF_EXTERN
gboolean      df_codex_entry_rename    (DfStore            *store,
                                        gint64              entry_id,
                                        const char         *name,
                                        GError            **error);
DF_EXTERN
gboolean      df_codex_entry_set_kind  (DfStore            *store,
                                        gint64              entry_id,
                                        const char         *kind,
                                        GError            **error);
DF_EXTERN
gboolean      df_codex_entry_add_alias (DfStore            *store,
                                        gint64              entry_id,
                                        const char         *alias,
                                        GError            **error);
DF_EXTERN
gboolean      df_codex_entry_remove_alias (DfStore         *store,
                                           gint64           entry_id,
                                           const char      *alias,
                                           GError         **error);
DF_EXTERN
gboolean      df_codex_entry_set_description (DfStore      *store,
                                              gint64        entry_id,
                                              const char   *description,
                                              GError      **error);
DF_EXTERN
gboolean      df_codex_entry_set_notes (DfStore            *store,
                                        gint64              entry_id,
                                        const char         *notes,
                                        GError            **error);
/* @tags: NULL-terminated, each 1 to 50 characters; replaces them all. */
DF_EXTERN
gboolean      df_codex_entry_set_tags  (DfStore            *store,
                                        gint64              entry_id,
                                        const char * const *tags,
                                        GError            **error);
/* @color "#rrggbb" or NULL for none. */
DF_EXTERN
gboolean      df_codex_entry_set_color (DfStore            *store,
                                        gint64              entry_id,
                                        const char         *color,
                                        GError            **error);
DF_EXTERN
gboolean      df_codex_entry_delete    (DfStore            *store,
                                        gint64              entry_id,
                                        GError            **error);
/* Brings a deleted entry back; DF_ERROR_EXISTS when a live entry has
 * taken its name or an alias meanwhile. */
DF_EXTERN
gboolean      df_codex_entry_restore   (DfStore            *store,
                                        gint64              entry_id,
                                        GError            **error);

/* ---- relations and progressions (df-codex.c) ----------------------------- */

DF_EXTERN
DfCodexRelation *df_codex_relation_add (DfStore            *store,
                                        gint64              entry_id,
                                        const char         *label,
                                        gint64              other_id,
                                        GError            **error);
DF_EXTERN
gboolean      df_codex_relation_remove (DfStore            *store,
                                        gint64              entry_id,
                                        const char         *label,
                                        gint64              other_id,
                                        GError            **error);
/* The relations from and to @entry_id (with live entries at both ends),
 * by label then name. */
DF_EXTERN
GPtrArray    *df_codex_relation_list   (DfStore            *store,
                                        gint64              entry_id,
                                        GError            **error);
DF_EXTERN
DfCodexProgression *df_codex_progression_add (DfStore      *store,
                                              gint64        entry_id,
                                              gint64        from_chapter,
                                              const char   *field,
                                              const char   *value,
                                              const char   *note,
                                              GError      **error);
DF_EXTERN
gboolean      df_codex_progression_remove (DfStore         *store,
                                           gint64           progression_id,
                                           GError         **error);
/* The entry's progressions by chapter then field; with @at_chapter > 0
 * only those in force there: for each field the latest one from a
 * chapter at or before @at_chapter. */
DF_EXTERN
GPtrArray    *df_codex_progression_list (DfStore           *store,
                                         gint64             entry_id,
                                         gint64             at_chapter,
                                         GError           **error);

/* ---- mentions (df-codex-mentions.c) -------------------------------------- */

/* One mention found in a text: the entry, and the bytes of the name or
 * alias as written (a possessive's "'s" or a plural's "s" left out). */
typedef struct
{
  gint64  entry_id;
  gsize   offset;
  gsize   length;
} DfCodexMatch;

/* What finds the names of a codex in a text: one index over every name
 * and alias, built once, immutable and shared (reference counted). */
typedef struct _DfCodexMatcher DfCodexMatcher;

/* A matcher for @names (each a name or alias) of the entries @entry_ids,
 * @n of each. */
DF_EXTERN
DfCodexMatcher *df_codex_matcher_new   (const char * const *names,
                                        const gint64       *entry_ids,
                                        guint               n);
DF_EXTERN
DfCodexMatcher *df_codex_matcher_ref   (DfCodexMatcher     *matcher);
DF_EXTERN
void          df_codex_matcher_unref   (DfCodexMatcher     *matcher);
/* The matcher of the project's live entries, from a cache that the
 * codex's changes (in any process) invalidate; NULL with no error when
 * the project has no entries. */
DF_EXTERN
DfCodexMatcher *df_codex_matcher_for_project (DfStore      *store,
                                              gint64        project_id,
                                              GError      **error);
/* The mentions in Markdown @text (@len bytes, -1: NUL-terminated), in
 * order, none overlapping: whole words, case as written, possessives
 * and plurals counted; none inside code (fenced, indented, inline), link
 * targets or URLs.  An array of DfCodexMatch.  Pure: no store. */
DF_EXTERN
GArray       *df_codex_matcher_scan    (DfCodexMatcher     *matcher,
                                        const char         *text,
                                        gssize              len);

/* Rewrites the mentions of chapter @chapter_id from @text, with the
 * project's matcher (df-model-private.h: called inside the save). */
DF_EXTERN
gboolean      df_codex_index_chapter   (DfStore            *store,
                                        gint64              project_id,
                                        gint64              chapter_id,
                                        const char         *text,
                                        GError            **error);
/* Rewrites the mentions of every chapter of the project, in one
 * transaction. */
DF_EXTERN
gboolean      df_codex_index_project   (DfStore            *store,
                                        gint64              project_id,
                                        GError            **error);
/* How many mentions of live entries the project's chapters hold, and
 * in how many chapters. */
DF_EXTERN
gboolean      df_codex_mention_totals  (DfStore            *store,
                                        gint64              project_id,
                                        gint64             *mentions,
                                        gint64             *chapters,
                                        GError            **error);
/* The chapters that mention @entry_id, in book order. */
DF_EXTERN
GPtrArray    *df_codex_mentions_of_entry   (DfStore        *store,
                                            gint64          entry_id,
                                            GError        **error);
/* The entries chapter @chapter_id mentions, most mentioned first. */
DF_EXTERN
GPtrArray    *df_codex_mentions_in_chapter (DfStore        *store,
                                            gint64          chapter_id,
                                            GError        **error);

/* ---- suggestions (df-codex-suggest.c) ------------------------------------ */

typedef struct
{
  char    *name;
  char    *kind;            /* "character" or "location" (a guess) */
  char   **aliases;         /* titled forms seen: "Mr. Darcy" */
  gint64   count;           /* occurrences, titled forms included */
  gint64   chapters;        /* chapters it occurs in */
} DfCodexSuggestion;

DF_EXTERN
void          df_codex_suggestion_free (DfCodexSuggestion  *suggestion);
/* Likely entries from the text alone, most frequent first: capitalised
 * names that recur and are not only sentence-initial or common words,
 * titles joined to their names.  Names already in the codex (as a name or
 * an alias) are left out.  @limit 0: all. */
DF_EXTERN
GPtrArray    *df_codex_suggest         (DfStore            *store,
                                        gint64              project_id,
                                        guint               limit,
                                        GError            **error);
/* The same over @texts (NULL-terminated), for tests and benchmarks. */
DF_EXTERN
GPtrArray    *df_codex_suggest_texts   (const char * const *texts,
                                        guint               limit);
/* Adds @suggestion to the codex: a new entry, with those of its aliases
 * that no entry has already.  The book's mentions are not indexed. */
DF_EXTERN
DfCodexEntry *df_codex_suggestion_add  (DfStore                  *store,
                                        gint64                    project_id,
                                        const DfCodexSuggestion  *suggestion,
                                        GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfCodexEntry, df_codex_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfCodexRelation, df_codex_relation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfCodexProgression, df_codex_progression_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfCodexMention, df_codex_mention_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfCodexMatcher, df_codex_matcher_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DfCodexSuggestion, df_codex_suggestion_free)

G_END_DECLS
