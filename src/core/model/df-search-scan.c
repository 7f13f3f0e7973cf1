/* df-search-scan.c: a query's occurrences in a chapter's text
 *
 * The full-text index finds the chapters; this finds where in them.  It
 * folds words as the index's tokenizer (unicode61 remove_diacritics 2)
 * does: a word is a run of letters, digits and marks; each is decomposed
 * (NFD), its combining marks dropped and its case folded, so "Café"
 * matches "cafe".  One pass over the text, no copy of it, and offsets
 * (bytes, characters, lines) of the original kept for each word.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <string.h>

#include "df-search-private.h"

/* Characters of context either side of a match in a snippet. */
#define SNIPPET_CONTEXT 48
/* A word cut at the edge of a snippet is dropped if it is no longer. */
#define SNIPPET_WORD 16

typedef struct
{
  char  **words;      /* folded */
  gsize  *lengths;    /* their byte lengths */
  guint   n_words;
} Term;

struct _DfSearchQuery
{
  GPtrArray *terms;   /* Term *, longest phrases first */
  guint      max_words;
  gsize      max_length; /* bytes of the longest folded word */
  gboolean   whole_words; /* words match whole, not as prefixes */
};

/* A word of the text as the scan saw it. */
typedef struct
{
  GString *folded;
  gsize    start_byte;
  gsize    end_byte;
  gint64   start_char;
  gint64   end_char;
  gint64   line;
  gboolean cut;        /* folded has less of the word than there is */
} Token;

static void
term_free (Term *term)
{
  for (guint i = 0; i < term->n_words; i++)
    g_free (term->words[i]);
  g_free (term->words);
  g_free (term->lengths);
  g_free (term);
}

static inline gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* Appends @c folded: decomposed, without its marks, case folded. */
static void
fold_char (GString  *out,
           gunichar  c)
{
  char buf[8];
  int n;
  g_autofree char *nfd = NULL;
  g_autofree char *folded = NULL;
  GString *bare;

  if (c < 0x80)
    {
      g_string_append_c (out, g_ascii_tolower ((char)c));
      return;
    }
  if (g_unichar_ismark (c))
    return;

  n = g_unichar_to_utf8 (c, buf);
  nfd = g_utf8_normalize (buf, n, G_NORMALIZE_NFD);
  if (nfd == NULL)
    return;
  bare = g_string_new (NULL);
  for (const char *p = nfd; *p; p = g_utf8_next_char (p))
    if (!g_unichar_ismark (g_utf8_get_char (p)))
      g_string_append_unichar (bare, g_utf8_get_char (p));
  folded = g_utf8_casefold (bare->str, bare->len);
  g_string_append (out, folded);
  g_string_free (bare, TRUE);
}

static void
add_term (DfSearchQuery *query,
          GPtrArray     *words)
{
  Term *term;

  if (words->len == 0)
    return;
  term = g_new0 (Term, 1);
  term->n_words = words->len;
  term->words = g_new0 (char *, words->len);
  term->lengths = g_new0 (gsize, words->len);
  for (guint i = 0; i < words->len; i++)
    {
      term->words[i] = g_strdup (words->pdata[i]);
      term->lengths[i] = strlen (term->words[i]);
      query->max_length = MAX (query->max_length, term->lengths[i]);
    }
  g_ptr_array_add (query->terms, term);
  query->max_words = MAX (query->max_words, term->n_words);
  g_ptr_array_set_size (words, 0);
}

static gint
compare_terms (gconstpointer a,
               gconstpointer b)
{
  const Term *ta = *(Term * const *)a;
  const Term *tb = *(Term * const *)b;

  return (gint)tb->n_words - (gint)ta->n_words;
}

DfSearchQuery *
_df_search_query_parse (const char *text)
{
  DfSearchQuery *query = g_new0 (DfSearchQuery, 1);
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) word = g_string_new (NULL);
  gboolean in_phrase = FALSE;

  query->terms = g_ptr_array_new_with_free_func ((GDestroyNotify)term_free);

  for (const char *p = text;; p = g_utf8_next_char (p))
    {
      gunichar c = *p ? g_utf8_get_char (p) : 0;

      if (c != 0 && is_word_char (c))
        {
          fold_char (word, c);
          continue;
        }
      if (word->len > 0)
        {
          g_ptr_array_add (words, g_strdup (word->str));
          g_string_truncate (word, 0);
        }
      /* Outside quotes every word is a term; inside, the phrase is one. */
      if (!in_phrase || c == '"' || c == 0)
        add_term (query, words);
      if (c == '"')
        in_phrase = !in_phrase;
      if (c == 0)
        break;
    }

  if (query->terms->len == 0)
    {
      _df_search_query_free (query);
      return NULL;
    }
  g_ptr_array_sort (query->terms, compare_terms);
  return query;
}

void
_df_search_query_set_whole_words (DfSearchQuery *query,
                                  gboolean       whole_words)
{
  query->whole_words = whole_words;
}

void
_df_search_query_free (DfSearchQuery *query)
{
  if (query == NULL)
    return;
  g_ptr_array_unref (query->terms);
  g_free (query);
}

guint
_df_search_query_n_terms (const DfSearchQuery *query)
{
  return query->terms->len;
}

gboolean
_df_search_query_term_is_phrase (const DfSearchQuery *query,
                                 guint                i)
{
  return ((const Term *)query->terms->pdata[i])->n_words > 1;
}

/* Every word a quoted prefix; a phrase's words joined with FTS5's "+";
 * in the chapter's title or its text. */
static void
append_term (GString    *match,
             const Term *term)
{
  for (guint w = 0; w < term->n_words; w++)
    g_string_append_printf (match, "%s\"%s\"*", w > 0 ? " + " : "", term->words[w]);
}

const char *
_df_search_query_term_word (const DfSearchQuery *query,
                            guint                i)
{
  const Term *term = query->terms->pdata[i];

  return term->n_words == 1 ? term->words[0] : NULL;
}

char *
_df_search_query_term_to_fts (const DfSearchQuery *query,
                              guint                i)
{
  GString *match = g_string_new ("{title content_md} : (");

  append_term (match, query->terms->pdata[i]);
  g_string_append_c (match, ')');
  return g_string_free (match, FALSE);
}

/* Whether the last @term->n_words tokens (of @n_tokens, in a ring of
 * @ring) start with the term's words (are them, if @whole). */
static gboolean
term_matches (const Term  *term,
              const Token *tokens,
              guint        ring,
              guint64      n_tokens,
              gboolean     whole)
{
  if (n_tokens < term->n_words)
    return FALSE;
  for (guint w = 0; w < term->n_words; w++)
    {
      const Token *token = &tokens[(n_tokens - term->n_words + w) % ring];
      const GString *folded = token->folded;

      if (folded->len < term->lengths[w] ||
          memcmp (folded->str, term->words[w], term->lengths[w]) != 0)
        return FALSE;
      if (whole && (token->cut || folded->len != term->lengths[w]))
        return FALSE;
    }
  return TRUE;
}

/* Reads the word at @i into @token, folding no more of it than a term
 * can match (@cap bytes); returns the byte after it. */
static gsize
read_word (const char *text,
           gsize       len,
           gsize       i,
           gsize       cap,
           gint64     *chars,
           Token      *token)
{
  g_string_truncate (token->folded, 0);
  token->cut = FALSE;
  token->start_byte = i;
  token->start_char = *chars;

  while (i < len)
    {
      guchar b = (guchar)text[i];

      if (b < 0x80)
        {
          if (!g_ascii_isalnum (b))
            break;
          if (token->folded->len < cap)
            g_string_append_c (token->folded, g_ascii_tolower (b));
          else
            token->cut = TRUE;
          i++;
        }
      else
        {
          gunichar c = g_utf8_get_char (text + i);

          if (!is_word_char (c))
            break;
          if (token->folded->len < cap)
            fold_char (token->folded, c);
          else if (!g_unichar_ismark (c))
            token->cut = TRUE;
          i = g_utf8_next_char (text + i) - text;
        }
      (*chars)++;
    }

  token->end_byte = i;
  token->end_char = *chars;
  return i;
}

/* The first term that ends at the last token, its span in @span. */
static gboolean
match_last (const DfSearchQuery *query,
            const Token         *tokens,
            guint                ring,
            guint64              n_tokens,
            DfSearchSpan        *span)
{
  for (guint t = 0; t < query->terms->len; t++)
    {
      const Term *term = query->terms->pdata[t];
      const Token *first, *last;

      if (!term_matches (term, tokens, ring, n_tokens, query->whole_words))
        continue;
      first = &tokens[(n_tokens - term->n_words) % ring];
      last = &tokens[(n_tokens - 1) % ring];
      span->start_byte = first->start_byte;
      span->start_char = first->start_char;
      span->line = first->line;
      span->end_byte = last->end_byte;
      span->end_char = last->end_char;
      return TRUE;
    }
  return FALSE;
}

gint64
_df_search_scan (const DfSearchQuery *query,
                 const char          *text,
                 gsize                len,
                 DfSearchSpanFunc     func,
                 gpointer             user_data)
{
  guint ring = MAX (query->max_words, 1);
  g_autofree Token *tokens = g_new0 (Token, ring);
  gint64 chars = 0, line = 1, found = 0;
  guint64 n_tokens = 0;
  gsize i = 0;

  for (guint r = 0; r < ring; r++)
    tokens[r].folded = g_string_sized_new (32);

  while (i < len)
    {
      guchar b = (guchar)text[i];
      DfSearchSpan span;
      Token *token;

      if (b < 0x80 ? !g_ascii_isalnum (b) : !is_word_char (g_utf8_get_char (text + i)))
        {
          if (b == '\n')
            line++;
          i = b < 0x80 ? i + 1 : (gsize)(g_utf8_next_char (text + i) - text);
          chars++;
          continue;
        }

      token = &tokens[n_tokens % ring];
      token->line = line;
      i = read_word (text, len, i, query->max_length, &chars, token);
      n_tokens++;

      if (match_last (query, tokens, ring, n_tokens, &span))
        {
          found++;
          if (func != NULL && !func (&span, user_data))
            break;
        }
    }

  for (guint r = 0; r < ring; r++)
    g_string_free (tokens[r].folded, TRUE);
  return found;
}

/* Appends @text[from, to) with each run of white space as one space. */
static void
append_collapsed (GString    *out,
                  const char *from,
                  const char *to)
{
  gboolean space = FALSE;

  for (const char *p = from; p < to; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        space = TRUE;
      else
        {
          if (space && out->len > 0 && out->str[out->len - 1] != '[')
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_unichar (out, c);
        }
    }
  if (space && to != from)
    g_string_append_c (out, ' ');
}

/* A paragraph break (a blank line) ends the context. */
static gboolean
is_break (const char *p)
{
  return p[0] == '\n' && p[1] == '\n';
}

char *
_df_search_snippet (const char         *text,
                    gsize               len,
                    const DfSearchSpan *span)
{
  const char *end = text + len;
  const char *s = text + span->start_byte;
  const char *e = text + span->end_byte;
  const char *a = s, *z = e;
  gboolean cut_before = FALSE, cut_after = FALSE;
  GString *out = g_string_new (NULL);

  for (int n = 0; a > text; n++)
    {
      const char *prev = g_utf8_prev_char (a);

      if (prev > text && is_break (prev - 1))
        break;
      if (n == SNIPPET_CONTEXT)
        {
          const char *cut = a;
          int k = 0;

          cut_before = TRUE;
          /* Start at a word, not in one, unless words are long or not
           * spaced (Japanese): then at a character. */
          while (a < s && !g_unichar_isspace (g_utf8_get_char (a)) && k++ < SNIPPET_WORD)
            a = g_utf8_next_char (a);
          if (a == s || k > SNIPPET_WORD)
            a = cut;
          break;
        }
      a = prev;
    }

  for (int n = 0; z < end && !is_break (z); n++)
    {
      if (n == SNIPPET_CONTEXT)
        {
          const char *cut = z;
          int k = 0;

          cut_after = TRUE;
          while (z > e && !g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (z))) && k++ < SNIPPET_WORD)
            z = g_utf8_prev_char (z);
          if (z == e || k > SNIPPET_WORD)
            z = cut;
          break;
        }
      z = g_utf8_next_char (z);
    }

  append_collapsed (out, a, s);
  if (out->len > 0 && out->str[0] == ' ')
    g_string_erase (out, 0, 1);
  if (cut_before)
    g_string_prepend (out, "…");
  g_string_append_c (out, '[');
  append_collapsed (out, s, e);
  g_string_append_c (out, ']');
  append_collapsed (out, e, z);
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  if (cut_after)
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}
