/* df-outline-item.h: a chapter as the outline and the sidebar show it,
 * and the names and colours of the chapter statuses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "df-model.h"
#include "df-planning.h"

G_BEGIN_DECLS

#define DF_TYPE_OUTLINE_ITEM (df_outline_item_get_type ())
G_DECLARE_FINAL_TYPE (DfOutlineItem, df_outline_item, DF, OUTLINE_ITEM, GObject)

/* Takes @chapter; @labels: its labels' names joined with ", ";
 * @labels_markup: the same as coloured pills (df_labels_take_next). */
DfOutlineItem *df_outline_item_new          (DfChapter     *chapter,
                                             const char    *labels,
                                             const char    *labels_markup);
const char    *df_outline_item_get_labels_markup (DfOutlineItem *self);
DfChapter     *df_outline_item_get_chapter  (DfOutlineItem *self);
const char    *df_outline_item_get_labels   (DfOutlineItem *self);
/* Whether the item has the label @name among its labels. */
gboolean       df_outline_item_has_label    (DfOutlineItem *self,
                                             const char    *name);
void           df_outline_item_set_status   (DfOutlineItem *self,
                                             const char    *status);
void           df_outline_item_set_synopsis (DfOutlineItem *self,
                                             const char    *synopsis);
/* The point of view: a codex entry (0: none) and its name. */
void           df_outline_item_set_pov      (DfOutlineItem *self,
                                             gint64         entry_id,
                                             const char    *name);

/* Takes the chapter and labels of @from (an item of the same chapter
 * read again) when they differ, and tells the cells: whether they did. */
gboolean       df_outline_item_update       (DfOutlineItem *self,
                                             DfOutlineItem *from);

/* Appends to @markup (Pango markup) the label @name as a pill of its
 * colour @color (#rrggbb), its text black or white to be read on it. */
void           df_label_markup_append       (GString       *markup,
                                             const char    *name,
                                             const char    *color);
/* From @assigned (df_label_list_assigned: in book order), read from
 * *@cursor on: the labels of chapter @chapter_id, returned as pills
 * (markup) and their names joined with ", " in @names (nullable). */
char          *df_labels_take_next          (GPtrArray     *assigned,
                                             guint         *cursor,
                                             gint64         chapter_id,
                                             char         **names);

/* A status (df_chapter_statuses) as people read it: "Draft". */
const char    *df_status_display_name       (const char    *status);
/* The CSS class that colours it: "df-status-draft". */
const char    *df_status_css_class          (const char    *status);
/* Its place in df_chapter_statuses, for sorting. */
int            df_status_rank               (const char    *status);

G_END_DECLS
