/* df-spell-checker.h: words checked against a dictionary (enchant)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DF_TYPE_SPELL_CHECKER (df_spell_checker_get_type ())
G_DECLARE_FINAL_TYPE (DfSpellChecker, df_spell_checker, DF, SPELL_CHECKER, GObject)

/* A checker for @language, an enchant tag such as "en_US", or "" for the
 * first of the user's languages (LANGUAGE, LC_MESSAGES...) that has a
 * dictionary.  NULL, with an error saying what to install, when there is
 * no such dictionary. */
DfSpellChecker *df_spell_checker_new            (const char      *language,
                                                 GError         **error);
/* The dictionary's tag ("en_US"). */
const char     *df_spell_checker_get_language   (DfSpellChecker  *self);
/* TRUE when @word (UTF-8, @len bytes or -1) is spelled right, added or
 * ignored. */
gboolean        df_spell_checker_check          (DfSpellChecker  *self,
                                                 const char      *word,
                                                 gssize           len);
/* At most @max suggestions for @word, best first. */
GStrv           df_spell_checker_suggest        (DfSpellChecker  *self,
                                                 const char      *word,
                                                 guint            max);
/* Adds @word to the user's personal dictionary for this language (kept
 * across sessions) and emits "changed". */
void            df_spell_checker_add            (DfSpellChecker  *self,
                                                 const char      *word);
/* Accepts @word until DraftForge quits and emits "changed". */
void            df_spell_checker_ignore         (DfSpellChecker  *self,
                                                 const char      *word);
/* The tags of the installed dictionaries, sorted. */
GStrv           df_spell_checker_list_languages (void);

G_END_DECLS
