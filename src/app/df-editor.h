/* df-editor.h: the Markdown source editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtksourceview/gtksource.h>

#include "df-agent.h"

#include "df-spell-checker.h"
#include "df-codex.h"

G_BEGIN_DECLS

#define DF_TYPE_EDITOR (df_editor_get_type ())
G_DECLARE_FINAL_TYPE (DfEditor, df_editor, DF, EDITOR, GtkSourceView)

GtkWidget *df_editor_new             (void);
/* Replaces the text without an undo step and puts the cursor at the start. */
void       df_editor_load_text       (DfEditor   *self,
                                      const char *text);
/* After the whole text was replaced by loading rather than typing (see
 * df_document_load): checks all of it, and puts the cursor and the view
 * at the start.  load_text does this itself. */
void       df_editor_text_loaded     (DfEditor   *self);
/* The same for a text that @key stands for (its content hash; NULL:
 * none): a text checked whole under the same key before, with the same
 * dictionary, is not checked again, what was found shown at once. */
void       df_editor_load_text_as    (DfEditor   *self,
                                      const char *text,
                                      const char *key);
void       df_editor_text_loaded_as  (DfEditor   *self,
                                      const char *key);
/* Replaces the whole text as one edit, which Undo takes back (unless
 * the text is in pieces, df-long-lines.h, and @text holds a U+2029 of
 * its own: then as load_text does, without the cursor and checks). */
void       df_editor_replace_text    (DfEditor   *self,
                                      const char *text);
/* The text, whole: lines shown in pieces (df-long-lines.h) joined. */
char      *df_editor_dup_text        (DfEditor   *self);
/* Follows editor-font, use-system-font and text-width. */
void       df_editor_set_settings    (DfEditor   *self,
                                      GSettings  *settings);
/* Underlines misspelled words with @checker's dictionary (NULL: none),
 * outside Markdown's code, links and URLs, and offers corrections in the
 * context menu.  df_editor_set_settings () sets it from spell-check and
 * spell-check-language. */
void            df_editor_set_spell_checker (DfEditor       *self,
                                             DfSpellChecker *checker);
DfSpellChecker *df_editor_get_spell_checker (DfEditor       *self);
/* Why spelling is off although the settings ask for it, or NULL. */
const char     *df_editor_get_spell_error   (DfEditor       *self);
/* TRUE while changed text waits to be checked. */
gboolean        df_editor_get_spell_pending (DfEditor       *self);
/* The most characters checked in one go so far (a slice, widened to
 * whole words): what a callback of the spell checking holds the main
 * loop for, for tests and benchmarks. */
int             df_editor_get_spell_max_chars (DfEditor     *self);
/* Marks the names and aliases of @entries (DfCodexEntry, NULL or empty:
 * none) that @matcher finds, with the entry on hover, while the
 * codex-highlight setting is on; edited paragraphs are marked again after
 * a short pause. */
void       df_editor_set_codex       (DfEditor        *self,
                                      DfCodexMatcher  *matcher,
                                      GPtrArray       *entries);
/* Offers "Add to Codex…" (the action project.add-to-codex) in the
 * context menu. */
void       df_editor_set_codex_offer (DfEditor        *self,
                                      gboolean         offer);
/* TRUE while edited text waits for its codex names to be marked. */
gboolean   df_editor_get_codex_pending (DfEditor      *self);
/* The pause after typing before names are marked again (tests). */
void       df_editor_set_codex_delay (DfEditor        *self,
                                      guint            delay_ms);
/* The tooltip (Pango markup) shown over the buffer's character @offset:
 * the entry whose name is there, or NULL. */
char      *df_editor_dup_codex_tooltip (DfEditor      *self,
                                        gint64         offset);
/* Marks the codex names of the paragraphs from character @start to
 * @end now (benchmarks). */
void       df_editor_codex_mark_range (DfEditor       *self,
                                       int             start,
                                       int             end);
/* Selects @n_chars characters from character @offset of the text (as
 * df_editor_dup_text () returns it) and scrolls there. */
void       df_editor_select_range    (DfEditor   *self,
                                      gint64      offset,
                                      gint64      n_chars);
/* The cursor's character offset in the text (as df_editor_dup_text ()
 * returns it). */
gint64     df_editor_get_cursor      (DfEditor   *self);
/* Puts the cursor at character @offset of the text (the end when the
 * text is shorter) and scrolls there. */
void       df_editor_place_cursor    (DfEditor   *self,
                                      gint64      offset);
/* Typewriter scrolling: the line being written stays at the same height
 * (two fifths down the view), whatever is typed or moved to. */
void       df_editor_set_typewriter  (DfEditor   *self,
                                      gboolean    typewriter);
gboolean   df_editor_get_typewriter  (DfEditor   *self);
/* Every paragraph but the one the cursor is in shown dimmed. */
void       df_editor_set_dim_others  (DfEditor   *self,
                                      gboolean    dim);
gboolean   df_editor_get_dim_others  (DfEditor   *self);

/* Underlines what @agent (the style checker; NULL: nothing) finds as the
 * writer types, as a project with the settings JSON @project_settings
 * asks; emits "style-settings-changed" (the new settings JSON) when the
 * writer ignores a finding's words or turns a check off from the
 * context menu, for the owner to store.  Follows style-check. */
void       df_editor_set_style_agent    (DfEditor   *self,
                                         DfAgent    *agent,
                                         const char *project_settings);
/* How many findings are underlined now, and whether a check waits. */
guint      df_editor_get_style_findings (DfEditor   *self);
gboolean   df_editor_get_style_pending  (DfEditor   *self);

G_END_DECLS
