/* continuity-facts.c: what a sentence states about a codex entry
 *
 * Rules over the words of one sentence, outside dialogue (what a
 * character says may be false): eye and hair colour, age, death, acting
 * (alive), a thing lost, found again or used, and where a place lies
 * from another.  A pronoun ("her grey eyes") counts for the one
 * character the sentence names, and for none when it names several.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "continuity-private.h"

typedef struct
{
  const CtChapter *chapter;
  GHashTable      *kinds;
  GPtrArray       *facts;
  guint32          sentence;
  guint            first;     /* the sentence's first word */
  guint            n;         /* its words */
  gint64           subject;   /* the one character it names, or 0 */
  guint            subject_at; /* where it first names it */
  gboolean         memory;    /* "remembered", "dreamed": not the present */
} Scan;

static const char * const eye_colours[] = {
  "grey", "gray", "green", "blue", "brown", "hazel", "amber", "violet", "black", NULL,
};
static const char * const hair_colours[] = {
  "blond", "blonde", "fair", "golden", "flaxen", "sandy", "red", "auburn", "ginger", "copper",
  "black", "raven", "dark", "brown", "chestnut", "grey", "gray", "silver", "white", NULL,
};
static const char * const act_verbs[] = {
  "said", "says", "asked", "asks", "replied", "replies", "answered", "cried", "whispered", "shouted",
  "laughed", "smiled", "nodded", "walked", "ran", "stood", "sat", "came", "went", "spoke", "wrote",
  "entered", "arrived", "opened", "took", "gave", "looked", "turned", "smiles", "laughs", "walks", NULL,
};
static const char * const said_verbs[] = {
  "said", "asked", "replied", "answered", "cried", "whispered", "shouted", NULL,
};
static const char * const memory_words[] = {
  "remembered", "remember", "recalled", "memory", "memories", "dreamed", "dreamt", "dream", "ghost",
  "portrait", "grave", "mourned", "imagined", "fancied", "fancy", "wished", "hoped", "feared", "planned",
  "plotted", NULL,
};
static const char * const found_verbs[] = {
  "found", "recovered", "retrieved", "regained", "reclaimed", NULL,
};
static const char * const use_verbs[] = {
  "wore", "wearing", "wears", "drew", "draws", "held", "holding", "holds", "twisted", "raised", "showed",
  "touched", "clutched", "fingered", "polished", "used", "brandished", "wielded", NULL,
};
static const char * const directions[] = {
  "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
  "north-east", "north-west", "south-east", "south-west", NULL,
};
static const char * const place_glue[] = {
  "lies", "lay", "is", "was", "stands", "stood", "sits", "sat", "to", "the", "lying", "situated",
  "located", "just", "far", "a", "few", "miles", "mile", "some", "due", NULL,
};
static const char * const number_words[] = {
  "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
  "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", NULL,
};
static const char * const tens_words[] = {
  "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", NULL,
};

static gboolean
in_list (const char         *word,
         const char * const *list)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (strcmp (word, list[i]) == 0)
      return TRUE;
  return FALSE;
}

/* An age written as a number or in words ("seventeen", "twenty-one",
 * "17"), or -1. */
static int
parse_age (const char *word)
{
  g_auto(GStrv) parts = NULL;
  int value = -1;

  if (word[0] == '\0')
    return -1;
  if (g_ascii_isdigit (word[0]))
    {
      char *end;
      long n = strtol (word, &end, 10);
      return (*end == '\0' && n > 0 && n < 130) ? (int) n : -1;
    }
  for (guint i = 0; number_words[i] != NULL; i++)
    if (strcmp (word, number_words[i]) == 0)
      return i;
  parts = g_strsplit (word, "-", 2);
  for (guint t = 2; tens_words[t] != NULL; t++)
    if (strcmp (parts[0], tens_words[t]) == 0)
      {
        value = t * 10;
        if (parts[1] != NULL)
          {
            int unit = -1;
            for (guint u = 1; u < 10; u++)
              if (strcmp (parts[1], number_words[u]) == 0)
                unit = u;
            value = unit > 0 ? value + unit : -1;
          }
      }
  return value;
}

static const CtWord *
word_at (const Scan *scan,
         guint       i)
{
  return &g_array_index (scan->chapter->words, CtWord, scan->first + i);
}

/* The lower-case word @i of the sentence, or "" past its ends or in
 * dialogue. */
static const char *
lower_at (const Scan *scan,
          int         i)
{
  const CtWord *word;

  if (i < 0 || (guint) i >= scan->n)
    return "";
  word = word_at (scan, i);
  return word->in_dialogue ? "" : word->lower;
}

static gboolean
is_character (const Scan *scan,
              gint64      entry_id)
{
  return g_strcmp0 (g_hash_table_lookup (scan->kinds, &entry_id), "character") == 0;
}

static gboolean
is_place (const Scan *scan,
          gint64      entry_id)
{
  return g_strcmp0 (g_hash_table_lookup (scan->kinds, &entry_id), "location") == 0;
}

/* The entry whose name starts at word @i (outside dialogue), or 0. */
static gint64
entry_at (const Scan *scan,
          int         i)
{
  const CtWord *word;

  if (i < 0 || (guint) i >= scan->n)
    return 0;
  word = word_at (scan, i);
  return word->in_dialogue ? 0 : word->entry_id;
}

/* The entry whose name ends at word @i ("Mara", "Mr. Darcy"), possessive
 * or not, with the index of its first word in @start_out; or 0. */
static gint64
entry_ending_at (const Scan *scan,
                 int         i,
                 int        *start_out)
{
  for (int s = i; s >= 0 && s > i - 4; s--)
    {
      const CtWord *word = word_at (scan, s);

      if (word->entry_id != 0 && !word->in_dialogue && s + word->entry_words - 1 == i)
        {
          if (start_out != NULL)
            *start_out = s;
          return word->entry_id;
        }
    }
  return 0;
}

static void
add_fact (Scan        *scan,
          CtFactKind   kind,
          gint64       entry_id,
          const char  *field,
          const char  *key,
          const char  *value,
          int          from,
          int          to)
{
  CtFact *fact = g_new0 (CtFact, 1);
  const CtWord *first = word_at (scan, from);
  const CtWord *last = word_at (scan, to);

  fact->kind = kind;
  fact->entry_id = entry_id;
  fact->field = field;
  fact->key = g_strdup (key);
  fact->value = g_strdup (value);
  fact->chapter_id = scan->chapter->chapter_id;
  fact->chapter_number = scan->chapter->number;
  fact->offset = first->start;
  fact->length = last->start + last->length - first->start;
  fact->line = ct_chapter_line_of (scan->chapter, first->start);
  fact->sentence = scan->sentence;
  g_ptr_array_add (scan->facts, fact);
}

void
ct_fact_free (CtFact *fact)
{
  if (fact == NULL)
    return;
  g_free (fact->key);
  g_free (fact->value);
  g_free (fact);
}

/* The sentence's one character when it is named before word @i (a
 * pronoun looks back to its name), or 0. */
static gint64
subject_before (const Scan *scan,
                int         i)
{
  return scan->subject != 0 && scan->subject_at < (guint) i ? scan->subject : 0;
}

/* Whose is the thing at word @i: the entry in the possessive just before
 * ("Mara's"), or the sentence's one character for "her" or "his" (an
 * adjective may come between: "her large grey eyes"). */
static gint64
owner_before (const Scan *scan,
              int         i)
{
  for (int j = i - 1; j >= 0 && j >= i - 2; j--)
    {
      const CtWord *word = word_at (scan, j);
      const char *lower = lower_at (scan, j);
      int start;
      gint64 entry = entry_ending_at (scan, j, &start);

      if (entry != 0)
        return word->possessive && is_character (scan, entry) ? entry : 0;
      if (strcmp (lower, "her") == 0 || strcmp (lower, "his") == 0 ||
          ((strcmp (lower, "had") == 0 || strcmp (lower, "with") == 0) && j == i - 1))
        return subject_before (scan, j);
    }
  return 0;
}

/* "Mara's grey eyes", "her green eyes", "his eyes were blue",
 * "green-eyed Mara", and the same for hair. */
static void
scan_colours (Scan *scan,
              guint i)
{
  const char *lower = lower_at (scan, i);
  const char *next = lower_at (scan, i + 1);
  gboolean eyes = strcmp (next, "eyes") == 0 || strcmp (next, "eye") == 0;
  gboolean hair = strcmp (next, "hair") == 0;
  gint64 owner;

  if ((eyes && in_list (lower, eye_colours)) || (hair && in_list (lower, hair_colours)))
    {
      if ((owner = owner_before (scan, i)) != 0)
        add_fact (scan, CT_FACT_STATE, owner, eyes ? CT_FIELD_EYES : CT_FIELD_HAIR, NULL, lower, i, i + 1);
      return;
    }

  /* "her eyes were grey" */
  eyes = strcmp (lower, "eyes") == 0;
  hair = strcmp (lower, "hair") == 0;
  if ((eyes || hair) && in_list (next, (const char * const[]) { "were", "was", "are", "is", NULL }))
    {
      const char *colour = lower_at (scan, i + 2);

      if (((eyes && in_list (colour, eye_colours)) || (hair && in_list (colour, hair_colours))) &&
          (owner = owner_before (scan, i)) != 0)
        add_fact (scan, CT_FACT_STATE, owner, eyes ? CT_FIELD_EYES : CT_FIELD_HAIR, NULL, colour, i, i + 2);
      return;
    }

  /* "green-eyed", "red-haired" */
  if (g_str_has_suffix (lower, "-eyed") || g_str_has_suffix (lower, "-haired"))
    {
      g_autofree char *colour = g_strndup (lower, strchr (lower, '-') - lower);

      eyes = g_str_has_suffix (lower, "-eyed");
      if (!in_list (colour, eyes ? eye_colours : hair_colours))
        return;
      owner = entry_at (scan, i + 1);
      if (owner != 0 && is_character (scan, owner))
        add_fact (scan, CT_FACT_STATE, owner, eyes ? CT_FIELD_EYES : CT_FIELD_HAIR, NULL, colour, i, i);
    }
}

static void
add_age (Scan   *scan,
         gint64  entry,
         int     age,
         int     from,
         int     to)
{
  g_autofree char *value = g_strdup_printf ("%d", age);
  add_fact (scan, CT_FACT_AGE, entry, CT_FIELD_AGE, NULL, value, from, to);
}

/* "Mara was seventeen.", "Mara was 17 years old", "Mara, aged seventeen",
 * "seventeen-year-old Mara", "At nineteen, Mara ..." */
static void
scan_age (Scan *scan,
          guint i)
{
  const char *lower = lower_at (scan, i);
  int start;
  gint64 entry;
  int age;

  if ((entry = entry_ending_at (scan, (int) i - 1, &start)) != 0 && is_character (scan, entry) &&
      !word_at (scan, i - 1)->possessive)
    {
      if ((strcmp (lower, "was") == 0 || strcmp (lower, "is") == 0 || strcmp (lower, "turned") == 0) &&
          (age = parse_age (lower_at (scan, i + 1))) > 0)
        {
          const char *after = lower_at (scan, i + 2);

          if (i + 2 >= scan->n || strcmp (after, "and") == 0 ||
              ((strcmp (after, "years") == 0 || strcmp (after, "year") == 0) &&
               strcmp (lower_at (scan, i + 3), "old") == 0))
            add_age (scan, entry, age, start, i + 1);
        }
      else if (strcmp (lower, "aged") == 0 && (age = parse_age (lower_at (scan, i + 1))) > 0)
        add_age (scan, entry, age, start, i + 1);
      return;
    }

  if (g_str_has_suffix (lower, "-year-old") && (entry = entry_at (scan, i + 1)) != 0 &&
      is_character (scan, entry))
    {
      g_autofree char *number = g_strndup (lower, strlen (lower) - strlen ("-year-old"));
      if ((age = parse_age (number)) > 0)
        add_age (scan, entry, age, i, i + 1);
      return;
    }

  if (i == 0 && strcmp (lower, "at") == 0 && (age = parse_age (lower_at (scan, 1))) > 0 &&
      (entry = entry_at (scan, 2)) != 0 && is_character (scan, entry))
    add_age (scan, entry, age, 0, 2);
}

/* "Mara died", "Mara was killed", "the death of Mara", "the late Mara",
 * "Mara's funeral"; and "Mara said", "said Mara", "Mara walked". */
static void
scan_life (Scan *scan,
           guint i)
{
  const char *lower = lower_at (scan, i);
  int start;
  gint64 entry = entry_ending_at (scan, (int) i - 1, &start);

  if (entry != 0 && is_character (scan, entry))
    {
      const CtWord *name_end = word_at (scan, i - 1);
      const char *next = lower_at (scan, i + 1);

      if (name_end->possessive)
        {
          if (!scan->memory && in_list (lower, (const char * const[]) { "death", "funeral", "murder", NULL }))
            add_fact (scan, CT_FACT_DEATH, entry, CT_FIELD_ALIVE, NULL, "dead", start, i);
          return;
        }
      if (scan->memory)
        ;
      else if (strcmp (lower, "died") == 0 ||
          ((strcmp (lower, "was") == 0 || strcmp (lower, "is") == 0) &&
           in_list (next, (const char * const[]) { "killed", "murdered", "slain", "executed", "hanged", "dead", NULL })))
        add_fact (scan, CT_FACT_DEATH, entry, CT_FIELD_ALIVE, NULL, "dead", start,
                  strcmp (lower, "died") == 0 ? i : i + 1);
      else if (in_list (lower, act_verbs) && !scan->memory)
        add_fact (scan, CT_FACT_ACTS, entry, CT_FIELD_ALIVE, NULL, "alive", start, i);
      return;
    }

  if ((entry = entry_at (scan, i + 1)) != 0 && is_character (scan, entry))
    {
      int last = i + word_at (scan, i + 1)->entry_words;

      if (in_list (lower, said_verbs) && !scan->memory)
        add_fact (scan, CT_FACT_ACTS, entry, CT_FIELD_ALIVE, NULL, "alive", i, last);
      else if (scan->memory)
        ;
      else if (strcmp (lower, "late") == 0 && strcmp (lower_at (scan, i - 1), "the") == 0)
        add_fact (scan, CT_FACT_DEATH, entry, CT_FIELD_ALIVE, NULL, "dead", i - 1, last);
      else if (strcmp (lower, "of") == 0 && strcmp (lower_at (scan, i - 1), "death") == 0)
        add_fact (scan, CT_FACT_DEATH, entry, CT_FIELD_ALIVE, NULL, "dead", i - 1, last);
    }
}

/* Who does the verb at word @i: the entry just before it, or the
 * sentence's one character for "she" or "he". */
static gint64
doer_before (const Scan *scan,
             int         i,
             int        *start_out)
{
  const char *before = lower_at (scan, i - 1);
  gint64 entry = entry_ending_at (scan, i - 1, start_out);

  if (entry != 0)
    return is_character (scan, entry) && !word_at (scan, i - 1)->possessive ? entry : 0;
  if (strcmp (before, "she") == 0 || strcmp (before, "he") == 0)
    {
      *start_out = i - 1;
      return subject_before (scan, i - 1);
    }
  return 0;
}

/* "Mara lost her ring", "she found her ring", "he drew his sword". */
static void
scan_things (Scan *scan,
             guint i)
{
  const char *lower = lower_at (scan, i);
  const char *det = lower_at (scan, i + 1);
  const char *thing = lower_at (scan, i + 2);
  CtFactKind kind;
  gint64 entry;
  int start;

  if (strcmp (det, "her") != 0 && strcmp (det, "his") != 0 && strcmp (det, "their") != 0)
    return;
  if (*thing == '\0' || i + 2 >= scan->n)
    return;
  if (strcmp (lower, "lost") == 0)
    kind = CT_FACT_LOST;
  else if (in_list (lower, found_verbs))
    kind = CT_FACT_FOUND;
  else if (in_list (lower, use_verbs))
    kind = CT_FACT_USES;
  else
    return;
  if ((entry = doer_before (scan, i, &start)) == 0)
    return;
  add_fact (scan, kind, entry, CT_FIELD_HAS, thing, thing, start, i + 2);
}

/* "Longbourn lies east of the river", "Meryton, a mile south of
 * Longbourn". */
static void
scan_place (Scan *scan,
            guint i)
{
  const CtWord *word = word_at (scan, i);
  gint64 place = word->in_dialogue ? 0 : word->entry_id;
  guint j;

  if (place == 0 || !is_place (scan, place))
    return;
  j = i + word->entry_words;
  for (guint glue = 0; glue < 5 && in_list (lower_at (scan, j), place_glue); glue++)
    j++;
  if (!in_list (lower_at (scan, j), directions) || strcmp (lower_at (scan, j + 1), "of") != 0)
    return;

  {
    g_autoptr(GString) dir = g_string_new (NULL);
    gint64 other = entry_at (scan, j + 2);
    g_autofree char *key = NULL;
    guint last;

    for (const char *c = lower_at (scan, j); *c != '\0'; c++)
      if (*c != '-')
        g_string_append_c (dir, *c);
    if (other != 0 && is_place (scan, other))
      {
        key = g_strdup_printf ("#%" G_GINT64_FORMAT, other);
        last = j + 1 + word_at (scan, j + 2)->entry_words;
      }
    else if (strcmp (lower_at (scan, j + 2), "the") == 0 && *lower_at (scan, j + 3) != '\0')
      {
        key = g_strdup_printf ("the %s", lower_at (scan, j + 3));
        last = j + 3;
      }
    else
      return;
    add_fact (scan, CT_FACT_STATE, place, CT_FIELD_PLACE, key, dir->str, i, last);
  }
}

/* The one character the sentence names outside dialogue, or 0; whether
 * it speaks of memory. */
static void
read_sentence (Scan *scan)
{
  scan->subject = 0;
  scan->memory = FALSE;
  for (guint i = 0; i < scan->n; i++)
    {
      const CtWord *word = word_at (scan, i);

      if (word->in_dialogue)
        continue;
      if (word->entry_id != 0 && is_character (scan, word->entry_id))
        {
          if (scan->subject != 0 && scan->subject != word->entry_id)
            scan->subject = -1;
          else if (scan->subject == 0)
            {
              scan->subject = word->entry_id;
              scan->subject_at = i;
            }
        }
      if (in_list (word->lower, memory_words))
        scan->memory = TRUE;
    }
  if (scan->subject < 0)
    scan->subject = 0;
}

void
ct_facts_extract (const CtChapter *chapter,
                  GHashTable      *kinds,
                  GPtrArray       *facts)
{
  Scan scan = { chapter, kinds, facts, 0, 0, 0, 0, 0, FALSE };

  for (guint s = 0; s < chapter->sentences->len; s++)
    {
      const CtSentence *sentence = &g_array_index (chapter->sentences, CtSentence, s);
      gboolean named = FALSE;

      scan.sentence = s;
      scan.first = sentence->first_word;
      scan.n = sentence->n_words;
      read_sentence (&scan);
      for (guint i = 0; i < scan.n && !named; i++)
        named = word_at (&scan, i)->entry_id != 0;
      if (!named)
        continue;   /* no fact without a name in the sentence */
      for (guint i = 0; i < scan.n; i++)
        {
          if (word_at (&scan, i)->in_dialogue)
            continue;
          scan_colours (&scan, i);
          scan_age (&scan, i);
          scan_life (&scan, i);
          scan_things (&scan, i);
          scan_place (&scan, i);
        }
    }
}
