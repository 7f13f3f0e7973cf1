/* df-outline-view-private.h: what the outline's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "df-item-filler.h"
#include "df-outline-item.h"
#include "df-outline-view.h"

G_BEGIN_DECLS

/* A change the undo can take back: the synopsis or the point of view of
 * one chapter, or the status of several, with what each had before. */
typedef struct
{
  const char *field;     /* "synopsis", "pov" (an entry id, "" for none), "order"
                            (the book before a move: every chapter and its part),
                            or NULL: the status */
  GArray     *ids;       /* gint64 */
  GPtrArray  *before;    /* char *, one per id */
  GArray     *part_ids;  /* gint64, one per id: "order" only */
} UndoStep;

struct _DfOutlineView
{
  GtkWidget          parent_instance;

  DfSession         *session;
  gint64             project_id;
  GListStore        *items;           /* DfOutlineItem, in book order */
  GtkCustomFilter   *filter;
  GtkFilterListModel *filtered;
  GtkMultiSelection *selection;
  GtkStringList     *label_names;     /* the label filter's choices */
  GPtrArray         *characters;      /* DfCodexEntry: the points of view to choose from */
  GMenu             *part_menu;       /* Move to Part: the project's parts */
  GPtrArray         *labels;          /* DfLabel: the project's, with their colours */
  DfItemFiller       filler;
  GPtrArray         *undo;            /* UndoStep, the newest last */

  /* template */
  GtkColumnView     *column_view;
  GtkLabel          *count_label;
  GtkMenuButton     *colors_button;
  GtkDropDown       *label_filter;
  GtkWidget         *main_box;
  GtkDropDown       *status_filter;
  GtkMenuButton     *move_button;
  GtkMenuButton     *status_button;
};

UndoStep      *_df_outline_undo_step_new        (const char    *field);
void           _df_outline_undo_step_free       (UndoStep      *step);
DfStore       *_df_outline_view_get_store       (DfOutlineView *self);
/* The item of chapter @chapter_id (a new reference) and its position in
 * self->items. */
DfOutlineItem *_df_outline_view_find_item       (DfOutlineView *self,
                                                 gint64         chapter_id,
                                                 guint         *position);
void           _df_outline_view_push_undo       (DfOutlineView *self,
                                                 UndoStep      *step);
void           _df_outline_view_filter_changed  (DfOutlineView *self);
void           _df_outline_view_update_actions  (DfOutlineView *self);
void           _df_outline_view_emit_changed    (DfOutlineView *self);
/* df-outline-view-actions.c */
/* The Move to Part menu: @parts (DfPart) and No Part. */
void           _df_outline_view_fill_part_menu  (DfOutlineView *self,
                                                 GPtrArray     *parts);
/* The Label Colours button's popover: made when it opens. */
void           _df_outline_view_colors_popup    (GtkMenuButton *button,
                                                 gpointer       data);
void           _df_outline_view_install_actions (GtkWidgetClass *widget_class);

G_END_DECLS
