/* df-sidebar-item.h: a part or a chapter as the project's sidebar lists it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "df-model.h"
#include "df-planning.h"

G_BEGIN_DECLS

#define DF_TYPE_SIDEBAR_ITEM (df_sidebar_item_get_type ())
G_DECLARE_FINAL_TYPE (DfSidebarItem, df_sidebar_item, DF, SIDEBAR_ITEM, GObject)

/* The sidebar's list holds one item per part and per chapter, in the
 * book's order; a row widget (DfChapterRow) shows whichever item it is
 * given and follows its "changed" signal. */
DfSidebarItem *df_sidebar_item_new_part        (gint64               part_id,
                                                const char          *title);
/* @labels: the chapter's labels (DfLabel, with their colours), or NULL. */
DfSidebarItem *df_sidebar_item_new_chapter     (const DfChapter     *chapter,
                                                GPtrArray           *labels);
/* Takes @from's details when it stands for the same part or chapter and
 * says whether anything shown changed (then "changed" was emitted);
 * FALSE and nothing done for another one. */
gboolean       df_sidebar_item_update          (DfSidebarItem       *self,
                                                DfSidebarItem       *from);
/* Whether @self and @other stand for the same part or chapter. */
gboolean       df_sidebar_item_same            (DfSidebarItem       *self,
                                                DfSidebarItem       *other);
gboolean       df_sidebar_item_is_part         (DfSidebarItem       *self);
gint64         df_sidebar_item_get_chapter_id  (DfSidebarItem       *self);
gint64         df_sidebar_item_get_part_id     (DfSidebarItem       *self);
gint64         df_sidebar_item_get_number      (DfSidebarItem       *self);
const char    *df_sidebar_item_get_title       (DfSidebarItem       *self);
const char    *df_sidebar_item_get_kind        (DfSidebarItem       *self);
const char    *df_sidebar_item_get_status      (DfSidebarItem       *self);
const char    *df_sidebar_item_get_synopsis    (DfSidebarItem       *self);
gint64         df_sidebar_item_get_words       (DfSidebarItem       *self);
gint64         df_sidebar_item_get_word_target (DfSidebarItem       *self);
/* The chapter's labels, by name and colour ("#rrggbb"), in the same order. */
const char * const *df_sidebar_item_get_labels       (DfSidebarItem *self);
const char * const *df_sidebar_item_get_label_colors (DfSidebarItem *self);
gboolean       df_sidebar_item_has_label       (DfSidebarItem       *self,
                                                const char          *name);
/* A part's chapters folded away. */
gboolean       df_sidebar_item_get_folded      (DfSidebarItem       *self);
void           df_sidebar_item_set_folded      (DfSidebarItem       *self,
                                                gboolean             folded);
/* A chapter's words changed (a save): says so to its row. */
void           df_sidebar_item_set_words       (DfSidebarItem       *self,
                                                gint64               words);

G_END_DECLS
