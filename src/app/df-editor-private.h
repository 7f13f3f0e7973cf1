/* df-editor-private.h: what df-editor.c and df-editor-spell.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "df-editor.h"
#include "df-spell-checker.h"
#include "df-codex.h"

#include "df-agent.h"

G_BEGIN_DECLS

/* The editor's prose fonts, as a CSS font-family list: fontconfig falls
 * back from them (to Noto Nastaliq Urdu for Urdu, say). */
#define DF_EDITOR_PROSE_FONTS "\"Cantarell\", \"Noto Sans\", \"DejaVu Sans\", sans-serif"

/* Most characters checked in one go (and a word more at each end); a
 * longer dirty stretch is checked in slices from idle callbacks, what is
 * on screen first, so that loading a long chapter never stalls the
 * window. */
#define SPELL_SLICE_CHARS 2000
/* Typing pauses this long before the changed lines are checked. */
#define SPELL_DELAY_MS 250
#define SPELL_SUGGESTIONS 5
/* Typing pauses this long before the changed paragraphs' codex names are
 * marked again. */
#define CODEX_DELAY_MS 300
/* At most this much counts as on screen (a view not laid out yet may
 * seem to show the whole text). */
#define VISIBLE_MAX_CHARS 12000

/* GtkTextView lays out the text off screen in idle callbacks at this
 * priority (its private GTK_TEXT_VIEW_PRIORITY_VALIDATE), which keep it
 * busy for seconds on a long chapter: what the writer sees (the readable
 * column, highlighting, spelling on screen) goes before, after drawing. */
#define TEXT_VIEW_PRIORITY_VALIDATE (GDK_PRIORITY_REDRAW + 5)
#define ON_SCREEN_PRIORITY          (TEXT_VIEW_PRIORITY_VALIDATE - 1)

/* The editor's own bottom margin, and where typewriter scrolling keeps
 * the line being written (a fraction of the view's height from its top). */
#define BOTTOM_MARGIN    96
#define TYPEWRITER_ALIGN 0.4

struct _DfEditor
{
  GtkSourceView   parent_instance;

  GSettings      *settings;
  GtkCssProvider *css;
  int             text_width;
  int             last_width;
  guint           margins_idle;
  guint           language_idle;
  gboolean        language_waits;    /* for the window's first frame */
  /* Typewriter scrolling (focus mode): the line being written kept at
   * TYPEWRITER_ALIGN of the height, from an idle after the layout. */
  gboolean        typewriter;
  guint           typewriter_idle;
  /* Every paragraph dimmed but the cursor's (df-editor-dim.c): the one
   * lit now between lit_start and lit_end; dim_stale after a load. */
  gboolean        dim;
  gboolean        dim_stale;
  GtkTextMark    *lit_start;
  GtkTextMark    *lit_end;

  /* Spelling: misspelled words carry misspelled_tag; the stretch between
   * dirty_start and dirty_end waits to be checked. */
  DfSpellChecker *spell;
  char           *spell_error;
  GtkTextTag     *misspelled_tag;
  GtkTextMark    *dirty_start;
  GtkTextMark    *dirty_end;
  gboolean        dirty;
  guint           spell_source;
  int             spell_priority;    /* spell_source's */
  /* What is on screen is checked first: from visible_next to
   * visible_end, while visible_pending. */
  GtkTextMark    *visible_next;
  GtkTextMark    *visible_end;
  gboolean        visible_pending;
  gboolean        scrolled;          /* since the visible part was found */
  int             visible_found_at;  /* where the screen began then (a char offset) */
  int             spell_max_chars;   /* the most checked in one go */
  GtkAdjustment  *vadjustment;
  /* The word being typed is left alone until the cursor leaves it. */
  GtkTextMark    *typing_start;
  GtkTextMark    *typing_end;
  gboolean        typing;
  gboolean        typing_marked;   /* typing_start/end hold that word */
  /* The context menu's spelling section, for the word at the cursor. */
  GMenu          *spell_menu;
  GtkTextMark    *menu_start;
  GtkTextMark    *menu_end;
  char           *menu_word;
  /* What was found in texts checked whole, by the key their loader gave
   * (a content hash): a chapter opened again with the same text is not
   * checked again.  spell_key: the text in the buffer, until an edit;
   * spell_generation: a new dictionary, word kept or language makes the
   * memos of older ones worthless. */
  char           *spell_key;
  guint           spell_generation;
  GQueue         *spell_memos;

  /* Codex names (df-editor-codex.c): marked with codex_tag, from the
   * matcher of the project's codex (NULL: none, and nothing is done);
   * the paragraphs between codex_dirty_start and codex_dirty_end wait
   * to be marked again. */
  DfCodexMatcher *codex_matcher;
  GHashTable     *codex_entries;     /* entry id -> DfCodexEntry */
  gboolean        codex_highlight;
  GtkTextTag     *codex_tag;
  GtkTextMark    *codex_dirty_start;
  GtkTextMark    *codex_dirty_end;
  gboolean        codex_dirty;
  gboolean        codex_offer;       /* "Add to Codex…" in the menu */
  guint           codex_source;
  guint           codex_delay_ms;
  /* The context menu's codex section, last in spell_menu when offered. */
  GMenu          *codex_menu;

  /* Style (df-editor-style.c): the style agent's findings underlined
   * with style_tag, each in style_findings with its marks; the
   * paragraphs between style_dirty_start and style_dirty_end wait to be
   * checked again. */
  DfAgent        *style_agent;
  char           *style_settings;    /* the project's settings JSON */
  gboolean        style_on;          /* the style-check setting */
  GtkTextTag     *style_tag;
  GtkTextMark    *style_dirty_start;
  GtkTextMark    *style_dirty_end;
  gboolean        style_dirty;
  guint           style_source;
  GPtrArray      *style_findings;
  gpointer        style_menu_finding; /* the one at the cursor, for the menu */
  GMenu          *style_menu;        /* a section at the end of spell_menu */
};

/* df-editor.c: whether @line's line holds only white space. */
gboolean df_editor_line_is_blank        (const GtkTextIter *line);
/* df-editor.c: @iter moved to the start of its paragraph (the line after
 * a blank one, or the start), or to the end of it (the end of the line
 * before the next blank one, or the end). */
void     df_editor_paragraph_start      (GtkTextIter       *iter);
void     df_editor_paragraph_end        (GtkTextIter       *iter);
/* df-editor.c: widens the stretch between @start_mark and @end_mark
 * (waiting to be looked at again; *@dirty FALSE: none yet) to hold
 * [@start, @end].  Spelling, the codex and the style checker each keep
 * one. */
void     df_editor_widen_range          (GtkTextView       *view,
                                         GtkTextMark       *start_mark,
                                         GtkTextMark       *end_mark,
                                         gboolean          *dirty,
                                         const GtkTextIter *start,
                                         const GtkTextIter *end);

void     df_editor_spell_setup          (DfEditor   *self);
/* Follows spell-check and spell-check-language. */
void     df_editor_spell_update         (DfEditor   *self);
void     df_editor_spell_schedule       (DfEditor   *self,
                                         guint       delay_ms);
void     df_editor_spell_scrolled_cb    (DfEditor   *self);
void     df_editor_spell_replace_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter);
void     df_editor_spell_keep_action    (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter);
/* The text was loaded whole (key: see spell_key, or NULL): TRUE if what
 * its check found is known already and now shown, nothing left to check. */
gboolean df_editor_spell_loaded         (DfEditor   *self,
                                         const char *key);
void     df_editor_spell_finalize       (DfEditor   *self);

/* df-editor-codex.c */
void     df_editor_codex_setup          (DfEditor   *self);
/* The whole text is new: every name marked again, at once. */
void     df_editor_codex_text_loaded    (DfEditor   *self);
/* Follows codex-highlight. */
void     df_editor_codex_update         (DfEditor   *self);
void     df_editor_codex_dispose        (DfEditor   *self);
/* The context menu (spell_menu): emptied but for the codex section, and
 * a section added before it. */
void     df_editor_menu_clear           (DfEditor   *self);
void     df_editor_menu_add_section     (DfEditor   *self,
                                         GMenuModel *section);

/* df-editor-style.c */
/* Typing pauses this long before the changed paragraphs are checked. */
#define STYLE_DELAY_MS 400
/* Checked in one go at most (whole paragraphs, so a little more), and
 * the longest stretch checked at all. */
#define STYLE_SLICE_CHARS 20000
#define STYLE_MAX_CHARS   100000
void     df_editor_style_setup          (DfEditor   *self);
void     df_editor_style_update         (DfEditor   *self);
/* The whole text was loaded: checked again, whole. */
void     df_editor_style_loaded         (DfEditor   *self);
void     df_editor_style_dispose        (DfEditor   *self);
/* Puts the style section back at the end of the context menu, after
 * spelling rebuilt its own. */
void     df_editor_style_place_menu     (DfEditor   *self);
void     df_editor_style_class_init     (GtkWidgetClass *widget_class);

/* df-editor-format.c: Ctrl+B and Ctrl+I */
void     df_editor_format_class_init    (GtkWidgetClass *widget_class);

/* df-editor-dim.c */
void     df_editor_dim_setup            (DfEditor   *self);
/* The cursor moved: the paragraph it is in lit, the one before dimmed. */
void     df_editor_dim_update           (DfEditor   *self);
/* A new text: dimmed again but for the cursor's paragraph. */
void     df_editor_dim_text_loaded      (DfEditor   *self);

G_END_DECLS
