/* df-chapter-row.h: a part or a chapter in the project's sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "df-model.h"

G_BEGIN_DECLS

#define DF_TYPE_CHAPTER_ROW (df_chapter_row_get_type ())
G_DECLARE_FINAL_TYPE (DfChapterRow, df_chapter_row, DF, CHAPTER_ROW, GtkListBoxRow)

GtkWidget  *df_chapter_row_new_chapter     (gint64        chapter_id,
                                            gint64        number,
                                            const char   *title,
                                            gint64        part_id);
GtkWidget  *df_chapter_row_new_part        (gint64        part_id,
                                            const char   *title);
/* The chapter's plan: a dot in its status's colour, its words (against
 * its target, "1,204 / 3,000", when it has one), and as the tooltip its
 * labels as coloured pills (@labels_markup, df_labels_take_next) and its
 * synopsis; its status and @labels (names joined with ", ") are kept for
 * the sidebar's filter. */
void        df_chapter_row_set_plan        (DfChapterRow *self,
                                            const DfChapter *chapter,
                                            const char   *labels,
                                            const char   *labels_markup);
/* The chapter's words now (after a save), against its target. */
void        df_chapter_row_set_words       (DfChapterRow *self,
                                            gint64        words);
/* A part's row: an arrow says whether its chapters are folded away. */
void        df_chapter_row_set_folded      (DfChapterRow *self,
                                            gboolean      folded);
const char *df_chapter_row_get_status      (DfChapterRow *self);
/* Whether the chapter has the label @name. */
gboolean    df_chapter_row_has_label       (DfChapterRow *self,
                                            const char   *name);
gboolean    df_chapter_row_is_part         (DfChapterRow *self);
gint64      df_chapter_row_get_chapter_id  (DfChapterRow *self);
gint64      df_chapter_row_get_part_id     (DfChapterRow *self);
gint64      df_chapter_row_get_number      (DfChapterRow *self);
const char *df_chapter_row_get_title       (DfChapterRow *self);

G_END_DECLS
