/* style-book.h: a whole book checked, and its report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "style-engine.h"

G_BEGIN_DECLS

typedef struct
{
  gint64       id;          /* the chapter's id in the store (0 in tests) */
  gint64       number;
  char        *title;
  char        *text;        /* its Markdown */
  /* Filled by style_book_check: */
  StyleStats   stats;
  GPtrArray   *findings;    /* StyleFinding*, by offset (NULL: counted only) */
  guint        tally[STYLE_N_CHECKS];   /* the findings of each check */
  GArray      *counts;      /* StyleCount: its uncommon words */
  StyleVocab  *vocab;       /* what their ids refer to (the book's) */
} StyleChapter;

void style_chapter_free (StyleChapter *chapter);

typedef struct
{
  GPtrArray   *chapters;    /* StyleChapter* */
  StyleStats   total;
  GPtrArray   *vocabs;      /* StyleVocab*, one per thread that checked */
  GHashTable  *counts;      /* word -> the book's count (guint) */
} StyleBook;

typedef void (*StyleProgressFunc) (double fraction, gpointer data);

/* Checks every chapter of @chapters (StyleChapter*, in book order; the
 * book keeps a reference), then the words each overuses.  A long book is
 * checked on as many threads as there are processors (at most 4), each
 * with its share of the chapters. */
StyleBook *style_book_check       (const StyleLists    *lists,
                                   const StyleSettings *settings,
                                   GPtrArray           *chapters,
                                   StyleProgressFunc    progress,
                                   gpointer             progress_data);
/* As style_book_check, but the chapters' findings are only counted
 * (their tally; findings stays NULL): what the report needs, faster. */
StyleBook *style_book_count       (const StyleLists    *lists,
                                   const StyleSettings *settings,
                                   GPtrArray           *chapters,
                                   StyleProgressFunc    progress,
                                   gpointer             progress_data);
void       style_book_free        (StyleBook           *book);
/* The report: the checks, the per-chapter figures and the book's
 * ({"checks": [...], "chapters": [...], "book": {...}}); @book may be
 * NULL (only the checks). */
char      *style_book_report_json (StyleBook           *book,
                                   const StyleSettings *settings);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StyleBook, style_book_free)

G_END_DECLS
