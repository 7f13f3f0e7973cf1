/* continuity-private.h: what the continuity agent's files share
 *
 * The offline check reads each chapter once: its prose (code, link
 * targets and HTML blanked out, dialogue marked), cut into words and
 * sentences (continuity-text.c); the facts each sentence states about a
 * codex entry it names (continuity-facts.c); and the facts compared in
 * book order, with the progressions that explain a change, and names
 * that look like a misspelt entry (continuity-check.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "df-agent.h"
#include "df-codex.h"

G_BEGIN_DECLS

/* ---- the text (continuity-text.c) ------------------------------------- */

typedef struct
{
  guint32  start;        /* bytes in the chapter's Markdown */
  guint16  length;
  guint8   in_dialogue;  /* between quotation marks */
  guint8   capital;      /* starts with a capital letter */
  guint32  sentence;     /* the index of its sentence */
  gint64   entry_id;     /* the codex entry this word names (its first word), 0: none */
  guint16  entry_words;  /* how many words that name takes */
  char    *lower;        /* the word in lower case, without a possessive 's */
  guint8   possessive;   /* it ended in 's or ’s */
} CtWord;

typedef struct
{
  guint32  first_word;
  guint32  n_words;
} CtSentence;

typedef struct
{
  gint64      chapter_id;
  gint64      number;
  const char *text;      /* the chapter's Markdown, the caller's */
  GArray     *words;     /* CtWord */
  GArray     *sentences; /* CtSentence */
  guint      *line_starts; /* byte offset of each line, for line numbers */
  guint       n_lines;
} CtChapter;

/* Reads @text: its words and sentences, code and markup left out, and
 * the codex entries named where @matcher (nullable) finds them. */
CtChapter  *ct_chapter_new        (gint64           chapter_id,
                                   gint64           number,
                                   const char      *text,
                                   DfCodexMatcher  *matcher);
void        ct_chapter_free       (CtChapter       *chapter);
/* The 1-based line of byte @offset. */
int         ct_chapter_line_of    (const CtChapter *chapter,
                                   gsize            offset);
/* Sentence number @sentence of @chapter, as written. */
char       *ct_chapter_sentence_text (const CtChapter *chapter,
                                      guint32          sentence);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtChapter, ct_chapter_free)

/* ---- facts (continuity-facts.c) ---------------------------------------- */

/* The fields a fact (and a progression) can be about. */
#define CT_FIELD_EYES       "eyes"
#define CT_FIELD_HAIR       "hair"
#define CT_FIELD_AGE        "age"
#define CT_FIELD_ALIVE      "alive"        /* "dead" or "alive" */
#define CT_FIELD_HAS        "has"          /* "lost:ring", "found:ring" */
#define CT_FIELD_PLACE      "place"        /* "east of the river" */

typedef enum
{
  CT_FACT_STATE,        /* a value that holds until changed: eyes, hair, position */
  CT_FACT_AGE,          /* a number that may grow, never shrink */
  CT_FACT_DEATH,        /* the entry died here */
  CT_FACT_ACTS,         /* the entry speaks or acts here (alive) */
  CT_FACT_LOST,         /* the entry lost a thing (value: the thing) */
  CT_FACT_FOUND,        /* the entry has the thing again, with a word that says so */
  CT_FACT_USES,         /* the entry uses or wears the thing */
} CtFactKind;

typedef struct
{
  CtFactKind  kind;
  gint64      entry_id;
  const char *field;    /* CT_FIELD_* (static) */
  char       *key;      /* the thing for LOST/FOUND/USES, the other place for PLACE; else NULL */
  guint32     sentence; /* the sentence that states it */
  char       *value;    /* "grey", "17", "east", the thing */
  gint64      chapter_id;
  gint64      chapter_number;
  guint32     offset;   /* the words that state it */
  guint32     length;
  int         line;
} CtFact;

void        ct_fact_free          (CtFact          *fact);
/* Appends to @facts (CtFact*) what @chapter states about its entries;
 * @kinds maps an entry id to its kind ("character", "location", ...). */
void        ct_facts_extract      (const CtChapter *chapter,
                                   GHashTable      *kinds,
                                   GPtrArray       *facts);

/* ---- the check (continuity-check.c) ------------------------------------ */

typedef struct
{
  GPtrArray  *chapters;       /* CtChapter*, in book order */
  GPtrArray  *entries;        /* DfCodexEntry* of the project */
  GHashTable *progressions;   /* entry id (gint64*) -> GPtrArray of DfCodexProgression* */
} CtBook;

/* The contradictions between the facts of @book (in book order) that no
 * progression explains, and the names that look like misspelt entries:
 * DfAgentIssue*. */
GPtrArray  *ct_check_book         (CtBook          *book,
                                   GCancellable    *cancellable,
                                   GError         **error);
/* Sorts @issues in book order: the whole book's first, then by chapter
 * and place. */
void        ct_sort_issues        (CtBook          *book,
                                   GPtrArray       *issues);

/* ---- names that look misspelt (continuity-variants.c) ------------------- */

/* Appends to @issues a "name-variant" finding at each place a rare word
 * is one or two letters from a codex name, or from a name the book uses
 * often, and is not itself a name. */
void        ct_find_variants      (CtBook          *book,
                                   GHashTable      *chapters_by_id,
                                   GPtrArray       *issues);

/* ---- with a model (continuity-model.c) ---------------------------------- */

/* Asks the AI provider for the contradictions of @book (@texts: its
 * DfChapter*, in the same order) and appends to @issues those whose
 * quotes are in the book and that are not there already (same chapter,
 * same check, overlapping words); then, if any were dropped, an info
 * finding that counts them.  FALSE with the provider's error. */
gboolean    ct_model_check        (DfStore              *store,
                                   gint64                project_id,
                                   CtBook               *book,
                                   GPtrArray            *texts,
                                   GPtrArray            *issues,
                                   const DfAgentOptions *options,
                                   GCancellable         *cancellable,
                                   GError              **error);

G_END_DECLS
