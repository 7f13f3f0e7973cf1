/* continuity-variants.c: names that look misspelt
 *
 * "Tobais" written once in a book with 300 "Tobias": a capitalised word
 * that is rare (at most twice, and far rarer than the name), one edit
 * from a name (two for names of seven letters or more, with the same
 * first letter), never written in lower case (so not an ordinary word),
 * never in dialogue (a lisp or French may be meant), of five letters or
 * more, and not a name itself.  The names are the codex's (each word of
 * a name or alias); a book without a codex has the capitalised words it
 * uses often in the middle of sentences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "continuity-private.h"

#define RARE_MAX        2     /* a variant occurs at most this often */
#define NAME_RATIO      10    /* and the name this many times more */
#define FREQUENT_NAME   20    /* a capitalised word this common is a name */
#define MIN_LETTERS     5     /* shorter names have too many neighbours ("Anna", "Anne") */

typedef struct
{
  char  *form;        /* as written, with a capital */
  guint  count;
  guint  mid;         /* not the first word of a sentence */
  guint  dialogue;    /* in dialogue */
} Form;

typedef struct
{
  char  *lower;
  char  *form;
  guint  count;
} Name;

static void
form_free (gpointer data)
{
  Form *form = data;
  g_free (form->form);
  g_free (form);
}

static void
name_free (gpointer data)
{
  Name *name = data;
  g_free (name->lower);
  g_free (name->form);
  g_free (name);
}

/* Optimal string alignment distance, stopping past 2. */
static guint
edits (const char *a,
       const char *b)
{
  gsize la = strlen (a);
  gsize lb = strlen (b);
  g_autofree guint *d = NULL;

  if ((la > lb ? la - lb : lb - la) > 2)
    return 3;
  d = g_new (guint, (la + 1) * (lb + 1));
#define D(i, j) d[(i) * (lb + 1) + (j)]
  for (gsize i = 0; i <= la; i++)
    D (i, 0) = i;
  for (gsize j = 0; j <= lb; j++)
    D (0, j) = j;
  for (gsize i = 1; i <= la; i++)
    for (gsize j = 1; j <= lb; j++)
      {
        guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
        guint best = MIN (MIN (D (i - 1, j) + 1, D (i, j - 1) + 1), D (i - 1, j - 1) + cost);

        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
          best = MIN (best, D (i - 2, j - 2) + 1);
        D (i, j) = best;
      }
  return D (la, lb);
#undef D
}

/* The word as written, without a possessive. */
static char *
written (const CtChapter *chapter,
         const CtWord    *word)
{
  gsize len = word->length;

  if (word->possessive)
    len -= len >= 4 && memcmp (chapter->text + word->start + len - 4, "’s", 4) == 0 ? 4 : 2;
  return g_strndup (chapter->text + word->start, len);
}

/* Counts the capitalised words that name no entry, and notes every word
 * written in lower case. */
static void
count_words (CtBook     *book,
             GHashTable *forms,
             GHashTable *lowercase)
{
  for (guint c = 0; c < book->chapters->len; c++)
    {
      const CtChapter *chapter = book->chapters->pdata[c];
      guint32 last_sentence = G_MAXUINT32;

      for (guint i = 0; i < chapter->words->len; i++)
        {
          const CtWord *word = &g_array_index (chapter->words, CtWord, i);
          gboolean first = word->sentence != last_sentence;
          g_autofree char *text = NULL;
          Form *form;

          last_sentence = word->sentence;
          if (word->entry_id != 0)
            {
              i += word->entry_words - 1;
              continue;
            }
          if (!word->capital)
            {
              g_hash_table_add (lowercase, word->lower);
              continue;
            }
          text = written (chapter, word);
          form = g_hash_table_lookup (forms, text);
          if (form == NULL)
            {
              form = g_new0 (Form, 1);
              form->form = g_steal_pointer (&text);
              g_hash_table_insert (forms, form->form, form);
            }
          form->count++;
          if (!first)
            form->mid++;
          if (word->in_dialogue)
            form->dialogue++;
        }
    }
}

static void
add_name (GHashTable *names,
          const char *form,
          guint       count)
{
  g_autofree char *lower = g_utf8_strdown (form, -1);
  Name *name;

  if (g_utf8_strlen (form, -1) < MIN_LETTERS || !g_unichar_isupper (g_utf8_get_char (form)))
    return;
  name = g_hash_table_lookup (names, lower);
  if (name == NULL)
    {
      name = g_new0 (Name, 1);
      name->lower = g_steal_pointer (&lower);
      name->form = g_strdup (form);
      g_hash_table_insert (names, name->lower, name);
    }
  name->count += count;
}

/* The names: each word of the codex's names and aliases, counted by the
 * entry's mentions, and the book's frequent capitalised words. */
static GHashTable *
collect_names (CtBook     *book,
               GHashTable *forms)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, name_free);
  g_autoptr(GHashTable) mentions = g_hash_table_new (g_int64_hash, g_int64_equal);
  GHashTableIter iter;
  Form *form;

  for (guint c = 0; c < book->chapters->len; c++)
    {
      const CtChapter *chapter = book->chapters->pdata[c];

      for (guint i = 0; i < chapter->words->len; i++)
        {
          const CtWord *word = &g_array_index (chapter->words, CtWord, i);
          guint count;

          if (word->entry_id == 0)
            continue;
          /* the key points into the words, which outlive the table */
          count = GPOINTER_TO_UINT (g_hash_table_lookup (mentions, &word->entry_id));
          g_hash_table_insert (mentions, (gpointer) &word->entry_id, GUINT_TO_POINTER (count + 1));
        }
    }

  for (guint e = 0; e < book->entries->len; e++)
    {
      const DfCodexEntry *entry = book->entries->pdata[e];
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (mentions, &entry->id));
      g_auto(GStrv) words = g_strsplit (entry->name, " ", -1);

      for (guint w = 0; words[w] != NULL; w++)
        add_name (names, words[w], count);
      for (guint a = 0; entry->aliases[a] != NULL; a++)
        {
          g_auto(GStrv) alias_words = g_strsplit (entry->aliases[a], " ", -1);
          for (guint w = 0; alias_words[w] != NULL; w++)
            add_name (names, alias_words[w], count);
        }
    }

  /* without a codex, the book's own frequent names */
  if (book->entries->len > 0)
    return names;
  g_hash_table_iter_init (&iter, forms);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &form))
    if (form->count >= FREQUENT_NAME && form->mid * 5 >= form->count * 4)
      add_name (names, form->form, form->count);
  return names;
}

/* The name @form looks like a misspelling of, or NULL. */
static const Name *
variant_of (GHashTable *names,
            const Form *form,
            GHashTable *lowercase)
{
  g_autofree char *lower = g_utf8_strdown (form->form, -1);
  gsize len = strlen (lower);
  GHashTableIter iter;
  const Name *name;
  const Name *best = NULL;
  guint best_edits = 3;

  /* what a character says may be misspelt on purpose (a lisp, French);
   * a word broken by a hyphen is not a name */
  if (form->count > RARE_MAX || form->dialogue > 0 || g_utf8_strlen (lower, -1) < MIN_LETTERS ||
      strchr (lower, '-') != NULL || g_hash_table_contains (lowercase, lower) || g_hash_table_contains (names, lower))
    return NULL;

  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &name))
    {
      gsize name_len = strlen (name->lower);
      guint n;

      if (name->count < form->count * NAME_RATIO || (name_len > len ? name_len - len : len - name_len) > 2)
        continue;
      /* a plural or a possessive of the name is the name */
      if (g_str_has_prefix (lower, name->lower) || g_str_has_prefix (name->lower, lower))
        continue;
      n = edits (lower, name->lower);
      if (n == 0 || n > 2 || (n == 2 && (name_len < 7 || lower[0] != name->lower[0])))
        continue;
      if (n < best_edits || (n == best_edits && best != NULL && name->count > best->count))
        {
          best = name;
          best_edits = n;
        }
    }
  return best;
}

static void
report_variant (const CtChapter *chapter,
                const CtWord    *word,
                const Form      *form,
                const Name      *name,
                GPtrArray       *issues)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;
  g_autofree char *message = NULL;
  gsize len = strlen (form->form);
  DfAgentIssue *issue;
  int line = ct_chapter_line_of (chapter, word->start);

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "“%s” may be a misspelling of “%s” (written %u time)",
                                          "“%s” may be a misspelling of “%s” (written %u times)",
                                          name->count),
                             form->form, name->form, name->count);
  issue = df_agent_issue_new (DF_ISSUE_WARNING, "continuity", chapter->chapter_id, line, message, name->form, 0.6);
  df_agent_issue_set_check (issue, "name-variant");
  df_agent_issue_set_span (issue, chapter->text, word->start, len);
  df_agent_issue_add_evidence (issue, chapter->chapter_id, line, form->form);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "variant");
  json_builder_add_string_value (builder, form->form);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name->form);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  data = json_to_string (root, FALSE);
  df_agent_issue_set_data (issue, data);
  g_ptr_array_add (issues, issue);
}

void
ct_find_variants (CtBook     *book,
                  GHashTable *chapters_by_id,
                  GPtrArray  *issues)
{
  g_autoptr(GHashTable) forms = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, form_free);
  g_autoptr(GHashTable) lowercase = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GHashTable) variants = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  Form *form;

  count_words (book, forms, lowercase);
  names = collect_names (book, forms);

  g_hash_table_iter_init (&iter, forms);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &form))
    {
      const Name *name = variant_of (names, form, lowercase);
      if (name != NULL)
        g_hash_table_insert (variants, form->form, (gpointer) name);
    }
  if (g_hash_table_size (variants) == 0)
    return;

  for (guint c = 0; c < book->chapters->len; c++)
    {
      const CtChapter *chapter = book->chapters->pdata[c];

      for (guint i = 0; i < chapter->words->len; i++)
        {
          const CtWord *word = &g_array_index (chapter->words, CtWord, i);
          g_autofree char *text = NULL;
          const Name *name;

          if (word->entry_id != 0)
            {
              i += word->entry_words - 1;
              continue;
            }
          if (!word->capital)
            continue;
          text = written (chapter, word);
          if ((name = g_hash_table_lookup (variants, text)) != NULL)
            report_variant (chapter, word, g_hash_table_lookup (forms, text), name, issues);
        }
    }
}
