/* df-codex-suggest.c: likely codex entries from the text alone
 *
 * The text is read word by word (outside code and links).  Capitalised
 * words that follow one another ("Sir William Lucas", "Mr. Darcy") make a
 * run; a run is cut at common words ("When Elizabeth" gives "Elizabeth"),
 * its leading titles are taken off and remembered, and what is left (the
 * core) is counted: in all, and where it does not start a sentence.  A
 * core that recurs, not only at the start of sentences, and whose words
 * are not as often written in lowercase (a common word capitalised) is a
 * suggestion; a longer core mostly seen as part of a shorter one's name
 * ("Elizabeth Bennet" beside "Elizabeth") becomes an alias of it.  The
 * kind is a guess from the words around: titles and verbs of speech for
 * a character, "at", "in", "from", "near" for a location.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "df-codex.h"
#include "df-codex-private.h"
#include "df-model-private.h"

#define MAX_RUN 6

static const char * const titles[] = {
  "Mr", "Mrs", "Ms", "Miss", "Dr", "Lady", "Lord", "Sir", "Madam", "Madame", "Mademoiselle", "Monsieur", "Mme",
  "Mlle", "Colonel", "Captain", "General", "Major", "Lieutenant", "Prince", "Princess", "Count", "Countess", "Baron",
  "Baroness", "Duke", "Duchess", "King", "Queen", "Emperor", "Empress", "Uncle", "Aunt", "Professor", "Doctor",
  "Father", "Saint", "St", "Master", "Mistress", "Dame", "Reverend", "Rev", NULL,
};

/* Capitalised words that are not names: they start sentences, address
 * people, or name days, months, peoples and God. */
static const char * const stop_words[] = {
  "A", "About", "After", "Again", "Ah", "Alas", "All", "Also", "Although", "Am", "An", "And", "Another", "Any",
  "Anything", "Are", "As", "At", "Aye", "Be", "Because", "Before", "Being", "Besides", "Both", "But", "By", "Can",
  "Could", "Dear", "Did", "Do", "Does", "Don", "During", "Each", "Either", "Even", "Ever", "Every", "Everybody",
  "Everyone", "Everything", "Far", "Few", "First", "For", "From", "Good", "Had", "Has", "Have", "He", "Her", "Here",
  "Hers", "Herself", "Him", "Himself", "His", "How", "However", "I", "If", "In", "Indeed", "Is", "It", "Its",
  "Just", "Last", "Let", "Like", "Many", "May", "Me", "Meanwhile", "Might", "More", "Moreover", "Most", "Much",
  "Must", "My", "Neither", "Never", "Nevertheless", "Next", "No", "Nobody", "None", "Nor", "Not", "Nothing", "Now",
  "O", "Of", "Oh", "Ok", "On", "Once", "One", "Only", "Or", "Other", "Our", "Ours", "Out", "Perhaps", "Pray",
  "Rather", "Really", "Said", "She", "Shall", "Should", "Since", "So", "Some", "Somebody", "Someone", "Something",
  "Still", "Such", "Surely", "Than", "Thank", "That", "The", "Their", "Them", "Then", "There", "Therefore",
  "These", "They", "This", "Those", "Though", "Through", "Thus", "Till", "To", "Too", "Two", "Under", "Until",
  "Up", "Upon", "Us", "Very", "Was", "We", "Well", "Were", "What", "Whatever", "When", "Whenever", "Where",
  "Whether", "Which", "While", "Who", "Whom", "Whose", "Why", "Will", "With", "Within", "Without", "Would", "Yes",
  "Yet", "You", "Your", "Yours", "Yourself", "Chapter", "Volume", "Book", "Part", "Epilogue", "Prologue", "End",
  "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
  "April", "June", "July", "August", "September", "October", "November", "December", "Christmas", "Easter",
  "God", "Heaven", "Lord", "Mamma", "Mama", "Papa", "Sir", "Madam", "Ma", "English", "French", "Frenchman",
  "Frenchmen", "German", "Germans", "Russian", "Russians", "Austrian", "Austrians", "Polish", "Italian",
  "Spanish", "British", "Cossack", "Cossacks", "Christian", "Christ", "Majesty", "Excellency", "Highness",
  "Honor", "Honour", "Grace", "Ladyship", "Lordship", "Mademoiselle", "Monsieur", "Ha", "Hm", "Hush",
  "Nay", "Goodbye", "Farewell", "Hurrah", "Please", "Look", "Come", "Go", "See", "Listen", "Wait", "Tell",
  "Don't", "Gutenberg", "Project", "Ebook", "EBook",
  NULL,
};

static const char * const place_cues[] = { "at", "in", "into", "from", "near", "through", "towards", "toward",
                                           "reached", "leave", "left", "visit", "visited", NULL };
static const char * const speech_cues[] = { "said", "replied", "cried", "answered", "asked", "exclaimed",
                                            "observed", "continued", "added", "whispered", "shouted", "smiled",
                                            "laughed", "thought", "felt", "began", NULL };

typedef struct
{
  char       *key;
  gint64      count;
  gint64      not_initial;
  gint64      titled;
  gint64      place;
  gint64      speech;
  gint64      chapters;
  gint64      last_chapter;
  GHashTable *aliases;        /* titled forms as written -> count */
  gboolean    dropped;
} Tally;

typedef struct
{
  GHashTable *tallies;        /* core -> Tally */
  GHashTable *lower;          /* lowercase word -> count (GINT_TO_POINTER) */
  GHashTable *stop;
  GHashTable *titles;
  GHashTable *saints;         /* the titles of places: St, Saint */
  gint64      chapter;
} Scan;

typedef struct
{
  const char *start;
  const char *end;
  gboolean    initial;
} Word;

static void
tally_free (Tally *tally)
{
  g_free (tally->key);
  g_hash_table_unref (tally->aliases);
  g_free (tally);
}

void
df_codex_suggestion_free (DfCodexSuggestion *suggestion)
{
  if (suggestion == NULL)
    return;
  g_free (suggestion->name);
  g_free (suggestion->kind);
  g_strfreev (suggestion->aliases);
  g_free (suggestion);
}

static GHashTable *
set_of (const char * const *words)
{
  GHashTable *set = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; words[i] != NULL; i++)
    g_hash_table_add (set, (gpointer) words[i]);
  return set;
}

static gboolean
in_set (GHashTable *set,
        const char *start,
        const char *end)
{
  char key[64];
  gsize len = end - start;

  if (len >= sizeof key)
    return FALSE;
  memcpy (key, start, len);
  key[len] = '\0';
  return g_hash_table_contains (set, key);
}

static gboolean
capitalised (const char *start,
             const char *end)
{
  gunichar c = g_utf8_get_char (start);
  const char *second = g_utf8_next_char (start);

  if (!g_unichar_isupper (c))
    return FALSE;
  /* CHAPTER, IV: headings and numerals, not names. */
  return second >= end || !g_unichar_isupper (g_utf8_get_char (second));
}

/* Whether the word at @start begins a sentence: nothing but spaces,
 * quotes and emphasis between it and the start of the text, a paragraph
 * break or a sentence's end. */
static gboolean
sentence_initial (const char *text,
                  const char *start)
{
  const char *p = start;
  int newlines = 0;

  while (p > text)
    {
      const char *prev = g_utf8_prev_char (p);
      gunichar c = g_utf8_get_char (prev);

      if (c == '\n')
        {
          if (++newlines >= 2)
            return TRUE;
        }
      else if (c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '_' || c == '*' || c == '(' ||
               c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 || c == '#' || c == '>')
        ;
      else
        return c == '.' || c == '!' || c == '?' || c == ':' || c == 0x2014;
      p = prev;
    }
  return TRUE;
}

/* Whether the gap between two words keeps them in one name: one space
 * (or a line break), after a title's full stop ("Mr. Darcy"). */
static gboolean
joins (Scan       *scan,
       const Word *prev,
       const char *next)
{
  const char *gap = prev->end;

  if (gap < next && *gap == '.' && in_set (scan->titles, prev->start, prev->end))
    gap++;
  return next - gap == 1 && (*gap == ' ' || *gap == '\n');
}

static Tally *
tally_get (Scan       *scan,
           const char *key)
{
  Tally *tally = g_hash_table_lookup (scan->tallies, key);

  if (tally == NULL)
    {
      tally = g_new0 (Tally, 1);
      tally->key = g_strdup (key);
      tally->aliases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (scan->tallies, tally->key, tally);
    }
  return tally;
}

/* Counts the name in @words[from, to): titles first, then the core. */
static void
count_segment (Scan       *scan,
               const Word *words,
               guint       from,
               guint       to,
               const char *before,
               const char *after)
{
  guint core = from;
  g_autofree char *key = NULL;
  Tally *tally;

  while (core < to && in_set (scan->titles, words[core].start, words[core].end))
    core++;
  if (core >= to)
    return;
  key = g_strndup (words[core].start, words[to - 1].end - words[core].start);
  g_strdelimit (key, "\n", ' ');
  tally = tally_get (scan, key);
  tally->count++;
  if (core > from || !words[from].initial)
    tally->not_initial++;
  if (core > from)
    {
      g_autofree char *alias = g_strndup (words[from].start, words[to - 1].end - words[from].start);
      gpointer n;

      g_strdelimit (alias, "\n", ' ');
      n = g_hash_table_lookup (tally->aliases, alias);
      g_hash_table_replace (tally->aliases, g_steal_pointer (&alias), GINT_TO_POINTER (GPOINTER_TO_INT (n) + 1));
      /* "St. Petersburg": a saint's name makes no character. */
      if (!in_set (scan->saints, words[from].start, words[from].end))
        tally->titled++;
    }
  if (before != NULL && core == from && g_strv_contains (place_cues, before))
    tally->place++;
  if ((before != NULL && g_strv_contains (speech_cues, before)) ||
      (after != NULL && g_strv_contains (speech_cues, after)))
    tally->speech++;
  if (tally->last_chapter != scan->chapter)
    {
      tally->chapters++;
      tally->last_chapter = scan->chapter;
    }
}

/* Counts the names in a run of capitalised words, cut at common words. */
static void
count_run (Scan       *scan,
           const Word *words,
           guint       n,
           const char *before,
           const char *after)
{
  guint from = 0;

  for (guint i = 0; i <= n; i++)
    {
      gboolean stop = i < n && in_set (scan->stop, words[i].start, words[i].end);
      /* A title after a name starts another: "Console | Lady Catherine". */
      gboolean title = i < n && i > from && in_set (scan->titles, words[i].start, words[i].end) &&
                       !in_set (scan->titles, words[i - 1].start, words[i - 1].end);

      if (i == n || stop || title)
        {
          if (i > from)
            count_segment (scan, words, from, i, from == 0 ? before : NULL, i == n ? after : NULL);
          from = stop ? i + 1 : i;
        }
    }
}

static void
count_lower (Scan       *scan,
             const char *start,
             const char *end,
             char       *last,
             gsize       last_size)
{
  gsize len = end - start;
  gpointer n;

  if (len >= last_size)
    {
      last[0] = '\0';
      return;
    }
  memcpy (last, start, len);
  last[len] = '\0';
  n = g_hash_table_lookup (scan->lower, last);
  if (n == NULL)
    g_hash_table_insert (scan->lower, g_strdup (last), GINT_TO_POINTER (1));
  else
    g_hash_table_replace (scan->lower, g_strdup (last), GINT_TO_POINTER (GPOINTER_TO_INT (n) + 1));
}

static void
scan_text (Scan       *scan,
           const char *text)
{
  gsize len = strlen (text);
  const char *end = text + len, *p = text;
  g_autoptr(GArray) skip = _df_codex_code_ranges (text, len);
  Word run[MAX_RUN];
  guint n = 0, next_skip = 0;
  char last[64] = "", before[64] = "";

  while (p <= end)
    {
      const char *word_end;
      gsize at = p - text;

      while (next_skip < skip->len && g_array_index (skip, DfCodexRange, next_skip).end <= at)
        next_skip++;
      if (p < end && next_skip < skip->len && g_array_index (skip, DfCodexRange, next_skip).start <= at)
        {
          p = text + g_array_index (skip, DfCodexRange, next_skip).end;
          continue;
        }
      word_end = p < end ? _df_codex_word_end (p, end) : p;
      if (p < end && word_end == p)
        {
          p = g_utf8_next_char (p);
          continue;
        }
      if (p < end && capitalised (p, word_end) && !g_ascii_isdigit (*p) &&
          (n == 0 || (n < MAX_RUN && joins (scan, &run[n - 1], p))))
        {
          if (n == 0)
            memcpy (before, last, sizeof before);
          run[n].start = p;
          run[n].end = word_end;
          run[n].initial = sentence_initial (text, p);
          n++;
          p = word_end;
          continue;
        }
      if (n > 0)
        {
          /* The run ends here: this word, if lowercase and next, is what
           * follows it. */
          char after[64] = "";
          gboolean next = p < end && !capitalised (p, word_end) && p - run[n - 1].end == 1;

          if (next && (gsize) (word_end - p) < sizeof after)
            memcpy (after, p, word_end - p);
          count_run (scan, run, n, before[0] ? before : NULL, after[0] ? after : NULL);
          n = 0;
          continue;
        }
      if (p >= end)
        break;
      if (!capitalised (p, word_end))
        count_lower (scan, p, word_end, last, sizeof last);
      else
        last[0] = '\0';
      p = word_end;
    }
}

static gboolean
is_common (Scan        *scan,
           const Tally *tally)
{
  g_autofree char *lower = g_utf8_strdown (tally->key, -1);
  gint64 n = GPOINTER_TO_INT (g_hash_table_lookup (scan->lower, lower));

  return n * 2 >= tally->count;
}

/* Whether @single, seen more than twice as often alone as @tally, can
 * take it as an alias; @given: as its given name (first word), which a
 * name mostly seen after a title ("Colonel Fitzwilliam") is not. */
static gboolean
can_take (const Tally *single,
          const Tally *tally,
          gboolean     given)
{
  return single != NULL && single != tally && single->count > 2 * tally->count &&
         (!given || single->titled * 2 < single->count);
}

/* Folds "Lydia Bennet" into "Lydia" (a given name seen mostly alone), or
 * "Fitzwilliam Darcy" into "Darcy". */
static void
fold_longer (Scan  *scan,
             Tally *tally)
{
  g_auto(GStrv) words = g_strsplit (tally->key, " ", -1);
  guint n = g_strv_length (words);
  Tally *first = g_hash_table_lookup (scan->tallies, words[0]);
  Tally *last = g_hash_table_lookup (scan->tallies, words[n - 1]);
  Tally *best = can_take (first, tally, TRUE) ? first : can_take (last, tally, FALSE) ? last : NULL;

  if (best == NULL)
    return;
  best->count += tally->count;
  /* An alias only if seen more than once, and not only at the start of
   * sentences ("Poor Jane"). */
  if (tally->count >= 2 && tally->not_initial >= 1)
    g_hash_table_replace (best->aliases, g_strdup (tally->key), GINT_TO_POINTER (tally->count));
  tally->dropped = TRUE;
}

static gint
by_count (gconstpointer a,
          gconstpointer b)
{
  const DfCodexSuggestion *sa = *(DfCodexSuggestion * const *) a;
  const DfCodexSuggestion *sb = *(DfCodexSuggestion * const *) b;

  if (sa->count != sb->count)
    return sa->count < sb->count ? 1 : -1;
  return g_strcmp0 (sa->name, sb->name);
}

static gint
by_text (gconstpointer a,
         gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static DfCodexSuggestion *
suggestion_new (const Tally *tally)
{
  DfCodexSuggestion *suggestion = g_new0 (DfCodexSuggestion, 1);
  g_autoptr(GPtrArray) aliases = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  GHashTableIter iter;
  gpointer alias;

  suggestion->name = g_strdup (tally->key);
  suggestion->count = tally->count;
  suggestion->chapters = tally->chapters;
  suggestion->kind = g_strdup (tally->titled == 0 && tally->place >= 2 && tally->place > tally->speech
                               ? "location" : "character");
  g_hash_table_iter_init (&iter, tally->aliases);
  while (g_hash_table_iter_next (&iter, &alias, NULL))
    g_ptr_array_add (aliases, g_strdup (alias));
  g_ptr_array_sort (aliases, by_text);
  suggestion->aliases = (char **) g_ptr_array_free (g_steal_pointer (&aliases), FALSE);
  return suggestion;
}

static GPtrArray *
rank (Scan  *scan,
      guint  limit)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) df_codex_suggestion_free);
  GHashTableIter iter;
  Tally *tally;

  g_hash_table_iter_init (&iter, scan->tallies);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &tally))
    if (strchr (tally->key, ' ') != NULL)
      fold_longer (scan, tally);
  g_hash_table_iter_init (&iter, scan->tallies);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &tally))
    {
      if (tally->dropped || tally->count < 3 || tally->not_initial < 2 || tally->not_initial * 4 < tally->count ||
          is_common (scan, tally))
        continue;
      g_ptr_array_add (out, suggestion_new (tally));
    }
  g_ptr_array_sort (out, by_count);
  if (limit > 0 && out->len > limit)
    g_ptr_array_set_size (out, limit);
  return out;
}

GPtrArray *
df_codex_suggest_texts (const char * const *texts,
                        guint               limit)
{
  Scan scan = { 0 };
  GPtrArray *out;

  scan.tallies = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) tally_free);
  scan.lower = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  scan.stop = set_of (stop_words);
  scan.titles = set_of (titles);
  scan.saints = set_of ((const char * const[]) { "St", "Saint", NULL });
  for (guint i = 0; texts[i] != NULL; i++)
    {
      scan.chapter = i + 1;
      scan_text (&scan, texts[i]);
    }
  out = rank (&scan, limit);
  g_hash_table_unref (scan.tallies);
  g_hash_table_unref (scan.lower);
  g_hash_table_unref (scan.stop);
  g_hash_table_unref (scan.titles);
  g_hash_table_unref (scan.saints);
  return out;
}

/* Whether a live entry of the codex answers to @name. */
static gboolean
known (GPtrArray  *entries,
       const char *name)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const DfCodexEntry *entry = entries->pdata[i];

      if (g_utf8_collate (entry->name, name) == 0 || g_strv_contains ((const char * const *) entry->aliases, name))
        return TRUE;
    }
  return FALSE;
}

GPtrArray *
df_codex_suggest (DfStore  *store,
                  gint64    project_id,
                  guint     limit,
                  GError  **error)
{
  g_autoptr(GPtrArray) entries = df_codex_entry_list (store, project_id, NULL, FALSE, error);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) all = NULL;
  GPtrArray *out;
  GError *local = NULL;

  if (entries == NULL)
    return NULL;
  stmt = df_store_prepare (store, "SELECT content_md FROM chapters WHERE project_id = ?1 ORDER BY number", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  while (df_store_step (store, stmt, &local))
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);
      g_ptr_array_add (texts, g_strdup (text ? text : ""));
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  all = df_codex_suggest_texts ((const char * const *) texts->pdata, 0);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) df_codex_suggestion_free);
  for (guint i = 0; i < all->len && (limit == 0 || out->len < limit); i++)
    if (!known (entries, ((DfCodexSuggestion *) all->pdata[i])->name))
      g_ptr_array_add (out, g_steal_pointer (&all->pdata[i]));
  return out;
}

DfCodexEntry *
df_codex_suggestion_add (DfStore                  *store,
                         gint64                    project_id,
                         const DfCodexSuggestion  *suggestion,
                         GError                  **error)
{
  g_autoptr(DfCodexEntry) entry = df_codex_entry_create (store, project_id, suggestion->kind, suggestion->name,
                                                         NULL, NULL, error);

  for (guint i = 0; entry != NULL && suggestion->aliases[i] != NULL; i++)
    {
      g_autoptr(GError) taken = NULL;

      if (!df_codex_entry_add_alias (store, entry->id, suggestion->aliases[i], &taken) &&
          !g_error_matches (taken, DF_ERROR, DF_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&taken));
          return NULL;
        }
    }
  return g_steal_pointer (&entry);
}
