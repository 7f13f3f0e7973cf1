/* df-reader-view.h: a book rendered for reading, with reading progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "df-session.h"

G_BEGIN_DECLS

#define DF_TYPE_READER_VIEW (df_reader_view_get_type ())
G_DECLARE_FINAL_TYPE (DfReaderView, df_reader_view, DF, READER_VIEW, GtkWidget)

GtkWidget *df_reader_view_new            (void);
/* Once: the view reads the session's store, and follows it when it is
 * replaced. */
void       df_reader_view_set_session    (DfReaderView *self,
                                          DfSession    *session);
/* The profile whose progress is recorded; NULL records nothing. */
void       df_reader_view_set_profile    (DfReaderView *self,
                                          const char   *profile_id);
/* Opens @chapter_id of @project_id; 0 continues where the profile left
 * off (the first chapter when there is no progress). */
void       df_reader_view_open           (DfReaderView *self,
                                          gint64        project_id,
                                          gint64        chapter_id);
/* Opens @project_id where the active profile left off, saying so; when
 * it has read none of it (or all of it), @chapter_id (0: the first). */
void       df_reader_view_continue       (DfReaderView *self,
                                          gint64        project_id,
                                          gint64        chapter_id);
gint64     df_reader_view_get_chapter_id (DfReaderView *self);
/* Writes time spent and position now (also done periodically, when the
 * view is hidden, and when another chapter opens). */
void       df_reader_view_flush_progress (DfReaderView *self);
/* Shows, in a popover, the glossary's definition of the term at
 * character @offset of the text shown (a personalised chapter); FALSE
 * when no term is there.  A click on a term does the same. */
gboolean   df_reader_view_define_at      (DfReaderView *self,
                                          int           offset);

G_END_DECLS
