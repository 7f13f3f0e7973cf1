/* df-long-lines.h: very long lines shown in pieces
 *
 * GtkTextView lays out a whole line (a paragraph) with one PangoLayout,
 * at a few microseconds a character: a line of a million characters
 * holds the main loop for seconds.  So a text with a line longer than
 * DF_LONG_LINE_CHARS goes into a text buffer "split": a PARAGRAPH
 * SEPARATOR (U+2029), which GtkTextBuffer takes as the end of a line,
 * is added about every DF_PIECE_CHARS characters of such a line, after
 * a space and before a letter where there is one.  The text read back
 * from a split buffer (df_long_lines_get_text) has them all removed, so
 * the writer's text comes back byte for byte.
 *
 * The breaks are characters of their own, not tags, so that undo, redo
 * and copying within the editor keep them as they are.  A text that
 * holds a U+2029 of its own is never split, since its separators could
 * not be told from the added ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A line longer than this (in characters) is shown in pieces. */
#define DF_LONG_LINE_CHARS 10000
/* About this many characters to a piece. */
#define DF_PIECE_CHARS     4000
/* The character added between two pieces, in UTF-8. */
#define DF_PIECE_BREAK     "\xe2\x80\xa9"
#define DF_PIECE_BREAK_LEN 3

/* Where to break @line (@len bytes with no line end in it, after @done
 * characters of the same line): the byte offset of the next piece's
 * start, at least one character in and about DF_PIECE_CHARS characters
 * from the line's start or last break; 0 when the line is short enough
 * to stay whole (under two pieces). */
gsize     df_long_lines_find_break    (const char    *line,
                                       gsize          len,
                                       gsize          done);
/* @text (@len bytes, -1: a string) with a DF_PIECE_BREAK between the
 * pieces of each line over DF_LONG_LINE_CHARS, or NULL when no line is
 * that long or @text holds a U+2029 of its own. */
char     *df_long_lines_split         (const char    *text,
                                       gssize         len);
/* Whether @buffer holds a split text (its U+2029 are all breaks). */
gboolean  df_long_lines_get_split     (GtkTextBuffer *buffer);
void      df_long_lines_set_split     (GtkTextBuffer *buffer,
                                       gboolean       split);
/* Replaces the text of @buffer with @text (@len bytes, -1: a string),
 * split when it needs to be; the buffer is split or not accordingly. */
void      df_long_lines_set_text      (GtkTextBuffer *buffer,
                                       const char    *text,
                                       gssize         len);
/* As set_text, as loading rather than an edit: Undo does not go back
 * past it.  @text NULL empties the buffer. */
void      df_long_lines_load_text     (GtkTextBuffer *buffer,
                                       const char    *text);
/* The text of @buffer, without the breaks when it is split. */
char     *df_long_lines_get_text      (GtkTextBuffer *buffer);
/* The offset in @buffer of the character at @text_offset in the text
 * that df_long_lines_get_text () returns. */
int       df_long_lines_buffer_offset (GtkTextBuffer *buffer,
                                       gint64         text_offset);
/* The offset in the text that df_long_lines_get_text () returns of the
 * character at @iter: the inverse of df_long_lines_buffer_offset (). */
gint64    df_long_lines_text_offset   (GtkTextBuffer     *buffer,
                                       const GtkTextIter *iter);

G_END_DECLS
