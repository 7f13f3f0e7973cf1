/* df-document.h: the open chapter, its text and its saves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtksourceview/gtksource.h>

#include "df-model.h"

G_BEGIN_DECLS

#define DF_TYPE_DOCUMENT (df_document_get_type ())
G_DECLARE_FINAL_TYPE (DfDocument, df_document, DF, DOCUMENT, GObject)

/* A document edits @buffer (an editor's): it loads a chapter into it,
 * knows whether the text differs from what was saved ("modified"), and
 * saves it in a worker thread with its own connection to the database,
 * so typing never waits for the database.
 *
 * Autosave: a change saves a second after typing pauses, and never later
 * than "autosave-interval" seconds after the first unsaved change.  A save
 * writes the text as it was when the save started; whatever is typed
 * meanwhile stays modified and goes with the next save.  One save runs at
 * a time (get_busy); a save asked for meanwhile runs after it.
 * "save-finished" (a GError, NULL on success) follows every save.
 *
 * Each save carries the hash of the text last loaded or saved: when
 * another program saved the chapter meanwhile, the document's text still
 * becomes the chapter's, the other text is kept as a "conflict" revision
 * (df_chapter_save_merging), and "conflict" (its revision id) follows
 * "save-finished". */
DfDocument      *df_document_new                (GtkSourceBuffer      *buffer);
GtkSourceBuffer *df_document_get_buffer         (DfDocument           *self);
/* The database saves go to (NULL: none, nothing is saved). */
void             df_document_set_db_path        (DfDocument           *self,
                                                 const char           *db_path);
/* Puts @chapter's text in the buffer as the saved text (not an edit to
 * undo), or empties it when @chapter is NULL.  Unsaved text is dropped:
 * save first.  Never while busy. */
void             df_document_load               (DfDocument           *self,
                                                 const DfChapter      *chapter);
/* Puts the text another program saved for the open chapter in the
 * buffer as the saved text: only the words that differ are replaced,
 * so the cursor and the view stay with the text around them.  Not an
 * edit to undo: Undo no longer goes back past it (the text it replaced is
 * in the chapter's history).  Only with nothing unsaved and no save
 * running: with unsaved text, a save keeps both (the "conflict" signal). */
void             df_document_reload             (DfDocument           *self,
                                                 const DfChapter      *chapter);
/* The content_hash of the text last loaded or saved. */
const char      *df_document_get_saved_hash     (DfDocument           *self);
/* 0 when no chapter is loaded. */
gint64           df_document_get_chapter_id     (DfDocument           *self);
gboolean         df_document_get_modified       (DfDocument           *self);
/* TRUE while a save runs. */
gboolean         df_document_get_busy           (DfDocument           *self);
/* TRUE from a failed save until one succeeds; meanwhile the
 * save is tried again after 2 s, then twice as long each time, up to a
 * minute, and at once on df_document_retry (the window came back to the
 * front). */
gboolean         df_document_get_failed         (DfDocument           *self);
void             df_document_retry              (DfDocument           *self);
/* TRUE while the running save waits in its worker for another program
 * to release the database's write lock ("waiting"); it waits up to 30 s,
 * then fails and is retried as any failed save. */
gboolean         df_document_get_waiting        (DfDocument           *self);
/* The words of the text last loaded or saved. */
gint64           df_document_get_saved_words    (DfDocument           *self);
char            *df_document_dup_text           (DfDocument           *self);
int              df_document_get_autosave_interval (DfDocument        *self);
void             df_document_set_autosave_interval (DfDocument        *self,
                                                    int                seconds);
/* Saves the text as it is now, after the save that runs, if any.  Returns
 * TRUE once that text is in the database (at once when nothing is
 * unsaved), or the error. */
void             df_document_save_async         (DfDocument           *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean         df_document_save_finish        (DfDocument           *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
/* Saves and waits, iterating the main context, until nothing is unsaved
 * and no save runs (or a save fails): for closing a window and for
 * tests, never for what a keystroke does. */
gboolean         df_document_save               (DfDocument           *self,
                                                 GError              **error);

G_END_DECLS
