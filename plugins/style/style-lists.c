/* style-lists.c: the word lists the checks read, loaded once
 *
 * Plain text files in the plugin's lists/ folder, one entry a line, '#'
 * starting a comment; in the phrase lists "phrase | suggestion".  Words
 * go into one table of flags, phrases into one table keyed by their
 * lower-case words joined by single spaces, so that the engine looks a
 * word up once and a phrase once per length.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-style"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "style-engine-private.h"

struct _StyleLists
{
  GHashTable *words;      /* lower-case word -> flags (guint) */
  GHashTable *phrases;    /* lower-case words -> StylePhrase* */
  GHashTable *heads;      /* first word -> longest phrase (guint words) */
  guint       counts[STYLE_N_CHECKS];
  guint8     *pairs;      /* a bit per pair hash: the first two words of a phrase */
};

#define PAIR_BITS 20

static const char *const be_verbs[] = { "am", "are", "is", "was", "were", "be", "been", "being" };
static const char *const pronouns[] = { "i", "you", "he", "she", "we", "they", "it" };
/* Their dot ends no sentence. */
static const char *const abbreviations[] = {
  "mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "messrs", "mme", "mlle", "prof", "rev",
  "gen", "col", "capt", "lt", "sgt", "gov", "hon", "esq", "fig", "no", "vol", "ch",
};

static void
phrase_free (gpointer data)
{
  StylePhrase *phrase = data;

  while (phrase != NULL)
    {
      StylePhrase *next = phrase->next;

      g_free (phrase->suggestion);
      g_free (phrase);
      phrase = next;
    }
}

static void
add_word_flags (StyleLists *lists,
                const char *lower,
                guint       flags)
{
  guint old = GPOINTER_TO_UINT (g_hash_table_lookup (lists->words, lower));

  g_hash_table_replace (lists->words, g_strdup (lower), GUINT_TO_POINTER (old | flags));
}

/* @entry's words, lower-case and joined by spaces, as the engine's
 * tokenizer splits them; their number in @n_words. */
static char *
phrase_key (const char *entry,
            guint      *n_words)
{
  GString *key = g_string_new (NULL);
  gsize len = strlen (entry);
  gsize pos = 0;
  gsize start, end, core_end;

  *n_words = 0;
  while (style_next_word (entry, len, pos, &start, &end, &core_end))
    {
      g_autofree char *lower = style_word_lower (entry + start, end - start);

      if (key->len > 0)
        g_string_append_c (key, ' ');
      g_string_append (key, lower);
      (*n_words)++;
      pos = end;
    }
  return g_string_free (key, key->len == 0);
}

static void
add_phrase (StyleLists *lists,
            StyleCheck  check,
            const char *entry,
            const char *suggestion)
{
  guint n_words;
  g_autofree char *key = phrase_key (entry, &n_words);
  g_autofree char *head = NULL;
  StylePhrase *phrase, *first;
  const char *space;

  if (key == NULL)
    return;
  first = g_hash_table_lookup (lists->phrases, key);
  for (StylePhrase *p = first; p != NULL; p = p->next)
    if (p->check == check)
      return;
  if (first != NULL && first->check == STYLE_N_CHECKS)
    {
      /* A prefix until now: it becomes a phrase too. */
      first->check = check;
      first->suggestion = suggestion && *suggestion ? g_strdup (suggestion) : NULL;
      lists->counts[check]++;
      return;
    }

  phrase = g_new0 (StylePhrase, 1);
  phrase->check = check;
  phrase->suggestion = suggestion && *suggestion ? g_strdup (suggestion) : NULL;
  if (first != NULL)
    {
      phrase->next = first->next;
      first->next = phrase;
    }
  else
    g_hash_table_insert (lists->phrases, g_strdup (key), phrase);
  lists->counts[check]++;

  /* Every shorter run of its first words is a prefix: matching stops
   * where none goes on. */
  for (char *sp = strchr (key, ' '); sp != NULL; sp = strchr (sp + 1, ' '))
    {
      g_autofree char *prefix = g_strndup (key, sp - key);
      StylePhrase *node = g_hash_table_lookup (lists->phrases, prefix);

      if (node == NULL)
        {
          node = g_new0 (StylePhrase, 1);
          node->check = STYLE_N_CHECKS;
          g_hash_table_insert (lists->phrases, g_steal_pointer (&prefix), node);
        }
      node->prefix = TRUE;
    }
  space = strchr (key, ' ');
  head = space ? g_strndup (key, space - key) : g_strdup (key);
  if (space != NULL)
    {
      const char *second = space + 1;
      const char *end = strchr (second, ' ');
      guint32 pair = style_pair_hash (style_word_hash (key, space - key),
                                      style_word_hash (second, end ? (gsize) (end - second) : strlen (second)));

      pair &= (1u << PAIR_BITS) - 1;
      lists->pairs[pair >> 3] |= 1 << (pair & 7);
    }
  add_word_flags (lists, head, STYLE_WORD_PHRASE);
  if (n_words > GPOINTER_TO_UINT (g_hash_table_lookup (lists->heads, head)))
    g_hash_table_replace (lists->heads, g_strdup (head), GUINT_TO_POINTER (n_words));
}

/* Calls @line_func on each entry of @dir/@name (comments and blank
 * lines left out, spaces trimmed). */
static gboolean
read_list (StyleLists  *lists,
           const char  *dir,
           const char  *name,
           int          check,
           guint        flags,
           GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      char *hash = strchr (line, '#');
      char *bar;

      if (hash != NULL)
        *hash = '\0';
      bar = strchr (line, '|');
      if (bar != NULL)
        *bar++ = '\0';
      g_strstrip (line);
      if (*line == '\0')
        continue;
      if (check >= 0)
        add_phrase (lists, (StyleCheck) check, line, bar ? g_strstrip (bar) : NULL);
      else
        {
          g_autofree char *lower = g_utf8_strdown (line, -1);
          add_word_flags (lists, lower, flags);
          if (flags == STYLE_WORD_GLUE || flags == STYLE_WORD_PARTICIPLE)
            lists->counts[flags == STYLE_WORD_GLUE ? STYLE_CHECK_STICKY_SENTENCE : STYLE_CHECK_PASSIVE]++;
        }
    }
  return TRUE;
}

StyleLists *
style_lists_load (const char  *dir,
                  GError     **error)
{
  static const struct { const char *name; int check; guint flags; } files[] = {
    { "cliches.txt", STYLE_CHECK_CLICHE, 0 },
    { "wordy.txt", STYLE_CHECK_WORDY, 0 },
    { "redundancies.txt", STYLE_CHECK_REDUNDANCY, 0 },
    { "weasel.txt", STYLE_CHECK_WEASEL, 0 },
    { "dialogue-tags.txt", -1, STYLE_WORD_TAG },
    { "filter-words.txt", -1, STYLE_WORD_FILTER },
    { "participles.txt", -1, STYLE_WORD_PARTICIPLE },
    { "not-adverbs.txt", -1, STYLE_WORD_NOT_ADVERB },
    { "glue-words.txt", -1, STYLE_WORD_GLUE },
    { "common-words.txt", -1, STYLE_WORD_COMMON },
  };
  StyleLists *lists = g_new0 (StyleLists, 1);

  lists->words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lists->phrases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, phrase_free);
  lists->heads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lists->pairs = g_malloc0 ((1u << PAIR_BITS) / 8);
  for (guint i = 0; i < G_N_ELEMENTS (be_verbs); i++)
    add_word_flags (lists, be_verbs[i], STYLE_WORD_BE);
  for (guint i = 0; i < G_N_ELEMENTS (pronouns); i++)
    add_word_flags (lists, pronouns[i], STYLE_WORD_PRONOUN);
  for (guint i = 0; i < G_N_ELEMENTS (abbreviations); i++)
    add_word_flags (lists, abbreviations[i], STYLE_WORD_ABBREV);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    if (!read_list (lists, dir, files[i].name, files[i].check, files[i].flags, error))
      {
        g_prefix_error (error, _("The style checker’s word lists cannot be read: "));
        style_lists_free (lists);
        return NULL;
      }
  return lists;
}

void
style_lists_free (StyleLists *lists)
{
  if (lists == NULL)
    return;
  g_hash_table_unref (lists->words);
  g_hash_table_unref (lists->phrases);
  g_hash_table_unref (lists->heads);
  g_free (lists->pairs);
  g_free (lists);
}

char *
style_lists_dir (const char *plugin_dir)
{
  return g_build_filename (plugin_dir, "lists", NULL);
}

guint
style_lists_word_flags (const StyleLists *lists,
                        const char       *lower)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (lists->words, lower));
}

guint
style_lists_phrase_max (const StyleLists *lists,
                        const char       *lower)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (lists->heads, lower));
}

const StylePhrase *
style_lists_phrase (const StyleLists *lists,
                    const char       *lower_words,
                    gboolean         *prefix)
{
  StylePhrase *node = g_hash_table_lookup (lists->phrases, lower_words);

  *prefix = node != NULL && node->prefix;
  return node != NULL && node->check != STYLE_N_CHECKS ? node : NULL;
}

guint
style_lists_count (const StyleLists *lists,
                   StyleCheck        check)
{
  return lists->counts[check];
}

gboolean
style_lists_pair_possible (const StyleLists *lists,
                           guint32           first,
                           guint32           second)
{
  guint32 pair = style_pair_hash (first, second) & ((1u << PAIR_BITS) - 1);

  return (lists->pairs[pair >> 3] >> (pair & 7)) & 1;
}
