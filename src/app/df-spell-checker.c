/* df-spell-checker.c: words checked against a dictionary (enchant)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <enchant.h>
#include <glib/gi18n.h>
#include <string.h>

#include "df-spell-checker.h"

/* Words checked are remembered (a book repeats its words: War and Peace
 * has 560,000 words and 20,000 different ones), until a word is added
 * or ignored by any checker, as they may share a dictionary. */
#define KNOWN_MAX 200000

struct _DfSpellChecker
{
  GObject      parent_instance;

  EnchantDict *dict;
  char        *language;
  GHashTable  *known;            /* word -> GINT_TO_POINTER (1 + right) */
  guint        known_generation;
};

static guint words_generation;

G_DEFINE_FINAL_TYPE (DfSpellChecker, df_spell_checker, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One broker for the process: it loads the providers once and shares the
 * dictionaries between checkers.  Used from the main thread only. */
static EnchantBroker *
broker (void)
{
  static EnchantBroker *the_broker;

  if (the_broker == NULL)
    the_broker = enchant_broker_init ();
  return the_broker;
}

/* The first of the user's languages with a dictionary, or NULL.  A
 * locale that names no language (C, POSIX: the programs' messages are
 * then English) is English: en_US, or another English that is
 * installed. */
static char *
system_language (void)
{
  static const char * const english[] = { "en_US", "en_GB", "en", NULL };
  const char * const *names = g_get_language_names ();
  gboolean named = FALSE;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (strchr (names[i], '.') != NULL || strchr (names[i], '@') != NULL ||
          g_str_equal (names[i], "C") || g_str_equal (names[i], "POSIX"))
        continue;
      named = TRUE;
      if (enchant_broker_dict_exists (broker (), names[i]))
        return g_strdup (names[i]);
    }
  for (guint i = 0; !named && english[i] != NULL; i++)
    if (enchant_broker_dict_exists (broker (), english[i]))
      return g_strdup (english[i]);
  return NULL;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
add_tag (const char * const lang_tag,
         const char * const provider_name,
         const char * const provider_desc,
         const char * const provider_file,
         void              *user_data)
{
  GPtrArray *tags = user_data;

  for (guint i = 0; i < tags->len; i++)
    if (g_str_equal (g_ptr_array_index (tags, i), lang_tag))
      return;
  g_ptr_array_add (tags, g_strdup (lang_tag));
}

static void
df_spell_checker_finalize (GObject *object)
{
  DfSpellChecker *self = DF_SPELL_CHECKER (object);

  if (self->dict != NULL)
    enchant_broker_free_dict (broker (), self->dict);
  g_free (self->language);
  g_hash_table_unref (self->known);
  G_OBJECT_CLASS (df_spell_checker_parent_class)->finalize (object);
}

static void
df_spell_checker_class_init (DfSpellCheckerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = df_spell_checker_finalize;

  /* DfSpellChecker::changed: a word was added or ignored; text checked
   * before may now be right. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
df_spell_checker_init (DfSpellChecker *self)
{
  self->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->known_generation = words_generation;
}

DfSpellChecker *
df_spell_checker_new (const char  *language,
                      GError     **error)
{
  g_autoptr(DfSpellChecker) self = NULL;
  g_autofree char *tag = NULL;

  g_return_val_if_fail (language != NULL, NULL);

  tag = *language != '\0' ? g_strdup (language) : system_language ();
  if (tag == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("No spelling dictionary is installed for your language; install one (for English: hunspell-en-us) or choose a language in Preferences"));
      return NULL;
    }
  if (!enchant_broker_dict_exists (broker (), tag))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("No spelling dictionary for “%s” is installed; install one (a hunspell or aspell package) or choose another language in Preferences"),
                   tag);
      return NULL;
    }

  self = g_object_new (DF_TYPE_SPELL_CHECKER, NULL);
  self->dict = enchant_broker_request_dict (broker (), tag);
  if (self->dict == NULL)
    {
      const char *why = enchant_broker_get_error (broker ());

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The spelling dictionary for “%s” could not be opened: %s"),
                   tag, why != NULL ? why : _("unknown error"));
      return NULL;
    }
  self->language = g_steal_pointer (&tag);
  return g_steal_pointer (&self);
}

const char *
df_spell_checker_get_language (DfSpellChecker *self)
{
  g_return_val_if_fail (DF_IS_SPELL_CHECKER (self), NULL);

  return self->language;
}

gboolean
df_spell_checker_check (DfSpellChecker *self,
                        const char     *word,
                        gssize          len)
{
  g_return_val_if_fail (DF_IS_SPELL_CHECKER (self), TRUE);
  g_return_val_if_fail (word != NULL, TRUE);

  g_autofree char *key = NULL;
  gpointer known;
  gboolean right;

  if (len < 0)
    len = strlen (word);
  if (len == 0)
    return TRUE;
  if (self->known_generation != words_generation || g_hash_table_size (self->known) >= KNOWN_MAX)
    {
      g_hash_table_remove_all (self->known);
      self->known_generation = words_generation;
    }
  key = g_strndup (word, len);
  if ((known = g_hash_table_lookup (self->known, key)) != NULL)
    return GPOINTER_TO_INT (known) - 1;
  /* An error (< 0) is not the writer's mistake. */
  right = enchant_dict_check (self->dict, word, len) <= 0;
  g_hash_table_insert (self->known, g_steal_pointer (&key), GINT_TO_POINTER (1 + right));
  return right;
}

GStrv
df_spell_checker_suggest (DfSpellChecker *self,
                          const char     *word,
                          guint           max)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  size_t n = 0;
  char **found;

  g_return_val_if_fail (DF_IS_SPELL_CHECKER (self), NULL);
  g_return_val_if_fail (word != NULL, NULL);

  found = enchant_dict_suggest (self->dict, word, strlen (word), &n);
  for (size_t i = 0; i < n && i < max; i++)
    g_strv_builder_add (builder, found[i]);
  if (found != NULL)
    enchant_dict_free_string_list (self->dict, found);
  return g_strv_builder_end (builder);
}

void
df_spell_checker_add (DfSpellChecker *self,
                      const char     *word)
{
  g_return_if_fail (DF_IS_SPELL_CHECKER (self));
  g_return_if_fail (word != NULL);

  enchant_dict_add (self->dict, word, strlen (word));
  words_generation++;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
df_spell_checker_ignore (DfSpellChecker *self,
                         const char     *word)
{
  g_return_if_fail (DF_IS_SPELL_CHECKER (self));
  g_return_if_fail (word != NULL);

  enchant_dict_add_to_session (self->dict, word, strlen (word));
  words_generation++;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

GStrv
df_spell_checker_list_languages (void)
{
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);

  enchant_broker_list_dicts (broker (), add_tag, tags);
  g_ptr_array_sort (tags, compare_strings);
  g_ptr_array_add (tags, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&tags), FALSE);
}
