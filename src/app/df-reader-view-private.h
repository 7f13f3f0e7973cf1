/* df-reader-view-private.h: what the reader view's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "df-markdown-view.h"
#include "df-reader-view.h"
#include "df-reader-view-style.h"

G_BEGIN_DECLS

struct _DfReaderView
{
  GtkWidget          parent_instance;

  /* template */
  AdwClampScrollable *clamp;
  GtkRevealer       *continue_revealer;
  GtkLabel          *continue_label;
  AdwHeaderBar      *header_bar;
  GtkToggleButton   *mark_read_button;
  DfMarkdownView    *markdown_view;
  GtkButton         *next_chapter_button;
  GtkRevealer       *next_revealer;
  GtkScrolledWindow *scrolled_window;
  GtkProgressBar    *reading_bar;
  GtkMenuButton     *style_button;
  AdwWindowTitle    *window_title;
  GtkToggleButton   *personalize_button;
  GtkLabel          *personalize_label;
  GtkWidget         *term_popover;    /* a glossary term's definition */
  GtkWidget         *term_label;
  GtkBox            *personalize_bar;
  GtkDropDown       *kind_dropdown;
  GtkButton         *rewrite_button;
  GtkButton         *stop_button;

  DfReaderViewStyle *style;

  DfSession         *session;
  DfStore           *store;           /* the session's */
  char              *profile_id;
  gint64             project_id;
  gint64             chapter_id;
  GPtrArray         *chapters;        /* DfChapter, without content */
  int                chapter_index;   /* in chapters, -1: none */
  char              *project_title;
  int                book_percent;    /* shown in the subtitle, -1: none */
  guint              reading_idle;    /* updating the bar and subtitle */

  GtkAdjustment     *vadjustment;
  gulong             value_changed_id;
  gulong             changed_id;

  gint64             restore_offset;  /* -1: nothing to restore */
  guint              restore_tick_id; /* scrolling to restore_offset */
  guint              restore_ticks;
  guint              stable_ticks;
  gint64             last_position;   /* last written, -1: none */
  gboolean           completed;
  gboolean           updating_toggle;

  /* Time spent: accumulated microseconds not yet written, and when the
   * clock started (0: stopped; it runs while mapped in the active window). */
  gint64             pending_usec;
  gint64             clock_since;
  guint              timer_id;
  GtkWindow         *toplevel;
  gulong             active_id;

  GCancellable      *personalize_cancel;  /* the transform or rewrite running, or NULL */
  gint               rewrite_received;    /* characters streamed so far (atomic) */
  guint              rewrite_tick_id;     /* showing them while a rewrite runs */
  GPtrArray         *glossary;            /* DfGlossaryHit* of the text shown, or NULL */
  char              *shown_md;            /* the Markdown shown (not a rewrite streaming) */
  gpointer           stream;              /* the rewrite streaming into the page, or NULL */
  DfChapter         *stream_chapter;      /* its chapter, the text so far as content */
  guint              term_index;          /* the glossary term shown from the keyboard, + 1 */

  /* df-reader-view-personalize-book.c: a whole-book run */
  GtkWidget         *book_button;
  GCancellable      *book_cancel;         /* the estimate or run going, or NULL */
  gpointer           book_progress;       /* its progress, shared with the worker */
  guint              book_tick_id;
};

/* df-reader-view-reading.c: how far the reader is, under the header bar
 * and in the subtitle; updated from an idle callback, never in the middle
 * of a frame (the adjustment changes while the view is allocated). */
void _df_reader_view_queue_reading_shown (DfReaderView *self);
/* Opening a chapter: nothing read of it yet. */
void _df_reader_view_reading_reset       (DfReaderView *self);
void _df_reader_view_reading_finalize    (DfReaderView *self);

/* The chapter's Markdown with its title as a heading when it has none. */
char    *_df_reader_view_with_title          (const DfChapter *chapter);

/* df-reader-view-personalize.c: "Original / Personalized for <profile>".
 * Shows @chapter as it is, or through the plugins' reader transforms when
 * the Personalize toggle is on (in a worker thread). */
void     _df_reader_view_show_chapter        (DfReaderView    *self,
                                              const DfChapter *chapter);
void     _df_reader_view_personalize_toggled (DfReaderView    *self);
/* Asks the model for a rewrite of the chapter (the kind chosen), or stops
 * the one running. */
void     _df_reader_view_rewrite             (DfReaderView    *self);
void     _df_reader_view_stop_rewrite        (DfReaderView    *self);
gboolean _df_reader_view_can_personalize     (DfReaderView    *self);
/* After a render: the glossary's terms in the text shown, underlined; a
 * click on one shows its definition in the bar. */
void     _df_reader_view_mark_terms          (DfReaderView    *self);
void     _df_reader_view_glossary_init       (DfReaderView    *self);
void     _df_reader_view_glossary_dispose    (DfReaderView    *self);
/* TRUE while a rewrite streams into the page. */
gboolean _df_reader_view_is_streaming        (DfReaderView    *self);
void     _df_reader_view_personalize_dispose (DfReaderView    *self);

/* df-reader-view-personalize-book.c: "Personalize the Whole Book…": the
 * estimate, then a run over the chapters not cached, with progress and
 * Stop. */
void     _df_reader_view_book_init           (DfReaderView    *self);
void     _df_reader_view_book_stop           (DfReaderView    *self);
void     _df_reader_view_book_dispose        (DfReaderView    *self);
/* TRUE when the chapter shown is the personalised one. */
gboolean _df_reader_view_is_personalized     (DfReaderView    *self);

G_END_DECLS
