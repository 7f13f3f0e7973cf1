/* df-chapter-row.h: a part or a chapter in the project's sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DF_TYPE_CHAPTER_ROW (df_chapter_row_get_type ())
G_DECLARE_FINAL_TYPE (DfChapterRow, df_chapter_row, DF, CHAPTER_ROW, GtkListBoxRow)

GtkWidget  *df_chapter_row_new_chapter     (gint64        chapter_id,
                                            gint64        number,
                                            const char   *title,
                                            gint64        part_id);
GtkWidget  *df_chapter_row_new_part        (gint64        part_id,
                                            const char   *title);
gboolean    df_chapter_row_is_part         (DfChapterRow *self);
gint64      df_chapter_row_get_chapter_id  (DfChapterRow *self);
gint64      df_chapter_row_get_part_id     (DfChapterRow *self);
gint64      df_chapter_row_get_number      (DfChapterRow *self);
const char *df_chapter_row_get_title       (DfChapterRow *self);

G_END_DECLS
