/* continuity-check.c: facts compared across the book, and names that
 * look misspelt
 *
 * A fact contradicts an earlier one about the same entry when the values
 * disagree (grey eyes, then green) and no progression in force explains
 * it.  Each new disagreeing value is reported once, at its first
 * occurrence, with both passages as evidence.  An age may grow but not
 * shrink from one chapter to a later one; a character who died does not
 * speak or act in a later chapter; a thing lost is not used again until
 * found.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "continuity-private.h"

typedef struct
{
  CtBook     *book;
  GHashTable *chapters_by_id;   /* chapter id -> CtChapter* */
  GHashTable *entries_by_id;    /* entry id -> DfCodexEntry* */
  GPtrArray  *issues;
} Check;

/* ---- values -------------------------------------------------------------- */

static const char *
colour_class (const char *field,
              const char *value)
{
  static const char * const eyes[][2] = {
    { "grey", "grey" }, { "gray", "grey" }, { "silver", "grey" }, { "green", "green" }, { "blue", "blue" },
    { "brown", "brown" }, { "black", "brown" }, { "dark", "brown" }, { "hazel", "hazel" },
    { "amber", "amber" }, { "violet", "violet" },
  };
  static const char * const hair[][2] = {
    { "blond", "fair" }, { "blonde", "fair" }, { "fair", "fair" }, { "golden", "fair" }, { "flaxen", "fair" },
    { "sandy", "fair" }, { "red", "red" }, { "auburn", "red" }, { "ginger", "red" }, { "copper", "red" },
    { "black", "dark" }, { "raven", "dark" }, { "dark", "dark" }, { "brown", "brown" },
    { "chestnut", "brown" }, { "grey", "grey" }, { "gray", "grey" }, { "silver", "grey" }, { "white", "grey" },
  };
  gboolean is_eyes = strcmp (field, CT_FIELD_EYES) == 0;
  guint n = is_eyes ? G_N_ELEMENTS (eyes) : G_N_ELEMENTS (hair);
  g_auto(GStrv) words = g_strsplit_set (value, " ,;-", -1);

  /* the first colour among the words ("green eyes", "grey") */
  for (guint w = 0; words[w] != NULL; w++)
    {
      g_autofree char *lower = g_ascii_strdown (words[w], -1);
      for (guint i = 0; i < n; i++)
        if (strcmp (lower, is_eyes ? eyes[i][0] : hair[i][0]) == 0)
          return is_eyes ? eyes[i][1] : hair[i][1];
    }
  return NULL;
}

static const char *
direction_in (const char *value)
{
  static const char * const dirs[] = {
    "northeast", "northwest", "southeast", "southwest", "north", "south", "east", "west", NULL,
  };
  g_autofree char *lower = g_ascii_strdown (value, -1);
  g_autoptr(GString) joined = g_string_new (NULL);

  for (const char *c = lower; *c != '\0'; c++)
    if (*c != '-')
      g_string_append_c (joined, *c);
  for (guint i = 0; dirs[i] != NULL; i++)
    if (strstr (joined->str, dirs[i]) != NULL)
      return dirs[i];
  return NULL;
}

/* Whether @a and @b can both be true of the same thing. */
static gboolean
values_agree (const char *field,
              const char *a,
              const char *b)
{
  if (strcmp (field, CT_FIELD_EYES) == 0 || strcmp (field, CT_FIELD_HAIR) == 0)
    {
      const char *ca = colour_class (field, a);
      const char *cb = colour_class (field, b);

      if (ca == NULL || cb == NULL || strcmp (ca, cb) == 0)
        return TRUE;
      /* hazel is green and brown; dark hair may be brown */
      if (strcmp (ca, "hazel") == 0 || strcmp (cb, "hazel") == 0)
        return strcmp (ca, "blue") != 0 && strcmp (cb, "blue") != 0 && strcmp (ca, "grey") != 0 &&
               strcmp (cb, "grey") != 0;
      return (strcmp (ca, "dark") == 0 && strcmp (cb, "brown") == 0) ||
             (strcmp (ca, "brown") == 0 && strcmp (cb, "dark") == 0);
    }
  if (strcmp (field, CT_FIELD_PLACE) == 0)
    {
      const char *da = direction_in (a);
      const char *db = direction_in (b);

      return da == NULL || db == NULL || strstr (da, db) != NULL || strstr (db, da) != NULL;
    }
  return g_ascii_strcasecmp (a, b) == 0;
}

/* The field a progression's own words name ("Eye colour" is eyes). */
static const char *
progression_field (const char *field)
{
  g_autofree char *lower = g_ascii_strdown (field, -1);

  if (strstr (lower, "eye") != NULL)
    return CT_FIELD_EYES;
  if (strstr (lower, "hair") != NULL)
    return CT_FIELD_HAIR;
  if (strcmp (lower, "age") == 0 || g_str_has_prefix (lower, "age "))
    return CT_FIELD_AGE;
  if (strstr (lower, "alive") != NULL || strstr (lower, "dead") != NULL || strstr (lower, "life") != NULL)
    return CT_FIELD_ALIVE;
  if (strstr (lower, "has") != NULL || strstr (lower, "possess") != NULL || strstr (lower, "lost") != NULL)
    return CT_FIELD_HAS;
  if (strstr (lower, "place") != NULL || strstr (lower, "location") != NULL || strstr (lower, "position") != NULL)
    return CT_FIELD_PLACE;
  return NULL;
}

/* The latest progression of @entry_id about @field from a chapter after
 * @after and at or before @chapter; NULL when none. */
static const DfCodexProgression *
progression_between (Check      *check,
                     gint64      entry_id,
                     const char *field,
                     gint64      after,
                     gint64      chapter)
{
  GPtrArray *list = g_hash_table_lookup (check->book->progressions, &entry_id);
  const DfCodexProgression *found = NULL;

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const DfCodexProgression *p = list->pdata[i];

      if (p->from_chapter > after && p->from_chapter <= chapter &&
          g_strcmp0 (progression_field (p->field), field) == 0 &&
          (found == NULL || p->from_chapter >= found->from_chapter))
        found = p;
    }
  return found;
}

/* ---- issues -------------------------------------------------------------- */

static const char *
entry_name (Check  *check,
            gint64  entry_id)
{
  const DfCodexEntry *entry = g_hash_table_lookup (check->entries_by_id, &entry_id);
  return entry != NULL ? entry->name : "?";
}

static char *
fact_sentence (Check        *check,
               const CtFact *fact)
{
  const CtChapter *chapter = g_hash_table_lookup (check->chapters_by_id, &fact->chapter_id);
  return ct_chapter_sentence_text (chapter, fact->sentence);
}

static char *
issue_data (Check        *check,
            const CtFact *earlier,
            const CtFact *later,
            const char   *value,
            const char   *was)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entry");
  json_builder_add_string_value (builder, entry_name (check, later->entry_id));
  json_builder_set_member_name (builder, "entry_id");
  json_builder_add_int_value (builder, later->entry_id);
  json_builder_set_member_name (builder, "field");
  json_builder_add_string_value (builder, later->field);
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, value);
  json_builder_set_member_name (builder, "was");
  json_builder_add_string_value (builder, was);
  json_builder_set_member_name (builder, "from_chapter");
  json_builder_add_int_value (builder, later->chapter_number);
  json_builder_set_member_name (builder, "since_chapter");
  json_builder_add_int_value (builder, earlier->chapter_number);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* An issue at @later that disagrees with @earlier. */
static void
report (Check        *check,
        const CtFact *earlier,
        const CtFact *later,
        const char   *check_id,
        double        confidence,
        const char   *value,
        const char   *was,
        char         *message)
{
  const CtChapter *chapter = g_hash_table_lookup (check->chapters_by_id, &later->chapter_id);
  g_autofree char *before = fact_sentence (check, earlier);
  g_autofree char *now = fact_sentence (check, later);
  g_autofree char *data = issue_data (check, earlier, later, value, was);
  g_autofree char *owned_message = message;
  DfAgentIssue *issue;

  issue = df_agent_issue_new (DF_ISSUE_WARNING, "continuity", later->chapter_id, later->line, message, NULL,
                              confidence);
  df_agent_issue_set_check (issue, check_id);
  df_agent_issue_set_span (issue, chapter->text, later->offset, later->length);
  df_agent_issue_add_evidence (issue, earlier->chapter_id, earlier->line, before);
  df_agent_issue_add_evidence (issue, later->chapter_id, later->line, now);
  df_agent_issue_set_data (issue, data);
  g_ptr_array_add (check->issues, issue);
}

/* ---- the checks ---------------------------------------------------------- */

static char *
group_key (const CtFact *fact)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "\x1f%s\x1f%s", fact->entry_id, fact->field,
                          fact->key ? fact->key : "");
}

static char *
state_message (Check        *check,
               const CtFact *earlier,
               const CtFact *later,
               const char   *was)
{
  const char *name = entry_name (check, later->entry_id);
  const char *other = later->key;

  if (strcmp (later->field, CT_FIELD_EYES) == 0)
    return g_strdup_printf (_("%s's eyes are %s here, but %s in chapter %" PRId64), name,
                            later->value, was, earlier->chapter_number);
  if (strcmp (later->field, CT_FIELD_HAIR) == 0)
    return g_strdup_printf (_("%s's hair is %s here, but %s in chapter %" PRId64), name,
                            later->value, was, earlier->chapter_number);
  /* the other place: a codex entry ("#12") or words ("the river") */
  if (later->key != NULL && later->key[0] == '#')
    other = entry_name (check, g_ascii_strtoll (later->key + 1, NULL, 10));
  return g_strdup_printf (_("%s lies %s of %s here, but %s of it in chapter %" PRId64), name,
                          later->value, other, was, earlier->chapter_number);
}

/* Eyes, hair and places: each value checked against the first one told,
 * or the progression in force. */
static void
check_states (Check     *check,
              GPtrArray *facts)
{
  g_autoptr(GHashTable) first = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) reported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < facts->len; i++)
    {
      const CtFact *fact = facts->pdata[i];
      g_autofree char *key = NULL;
      const CtFact *baseline;
      const DfCodexProgression *progression;
      const char *expected;
      char *seen;

      if (fact->kind != CT_FACT_STATE)
        continue;
      key = group_key (fact);
      baseline = g_hash_table_lookup (first, key);
      if (baseline == NULL)
        {
          g_hash_table_insert (first, g_steal_pointer (&key), (gpointer) fact);
          continue;
        }
      progression = progression_between (check, fact->entry_id, fact->field, 0, fact->chapter_number);
      expected = progression != NULL && (strcmp (fact->field, CT_FIELD_PLACE) == 0 ?
                                         direction_in (progression->value) != NULL :
                                         colour_class (fact->field, progression->value) != NULL)
                 ? progression->value : baseline->value;
      if (values_agree (fact->field, expected, fact->value))
        continue;
      seen = g_strdup_printf ("%s\x1f%s", key, fact->value);
      if (!g_hash_table_add (reported, seen))
        continue;
      report (check, baseline, fact, fact->field, 0.8, fact->value, expected,
              state_message (check, baseline, fact, expected));
    }
}

/* An age that shrinks from one chapter to a later one. */
static void
check_ages (Check     *check,
            GPtrArray *facts)
{
  g_autoptr(GHashTable) last = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < facts->len; i++)
    {
      const CtFact *fact = facts->pdata[i];
      const CtFact *before;

      if (fact->kind != CT_FACT_AGE)
        continue;
      before = g_hash_table_lookup (last, &fact->entry_id);
      if (before != NULL && fact->chapter_number > before->chapter_number &&
          atoi (fact->value) < atoi (before->value) &&
          progression_between (check, fact->entry_id, CT_FIELD_AGE, before->chapter_number,
                               fact->chapter_number) == NULL)
        {
          report (check, before, fact, CT_FIELD_AGE, 0.7, fact->value, before->value,
                  g_strdup_printf (_("%s is %s here, but was already %s in chapter %" PRId64),
                                   entry_name (check, fact->entry_id), fact->value, before->value,
                                   before->chapter_number));
          continue;
        }
      if (before == NULL || atoi (fact->value) >= atoi (before->value))
        g_hash_table_insert (last, (gpointer) &fact->entry_id, (gpointer) fact);
    }
}

/* A character who speaks or acts in a chapter after the one they died in. */
static void
check_deaths (Check     *check,
              GPtrArray *facts)
{
  g_autoptr(GHashTable) deaths = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) reported = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < facts->len; i++)
    {
      const CtFact *fact = facts->pdata[i];
      const CtFact *death;

      if (fact->kind == CT_FACT_DEATH && !g_hash_table_contains (deaths, &fact->entry_id))
        g_hash_table_insert (deaths, (gpointer) &fact->entry_id, (gpointer) fact);
      if (fact->kind != CT_FACT_ACTS || g_hash_table_contains (reported, &fact->entry_id))
        continue;
      death = g_hash_table_lookup (deaths, &fact->entry_id);
      if (death == NULL || fact->chapter_number <= death->chapter_number ||
          progression_between (check, fact->entry_id, CT_FIELD_ALIVE, death->chapter_number,
                               fact->chapter_number) != NULL)
        continue;
      g_hash_table_add (reported, (gpointer) &fact->entry_id);
      report (check, death, fact, CT_FIELD_ALIVE, 0.7, "alive", "dead",
              g_strdup_printf (_("%s speaks or acts here, but died in chapter %" PRId64),
                               entry_name (check, fact->entry_id), death->chapter_number));
    }
}

/* A thing lost and used again without being found. */
static void
check_things (Check     *check,
              GPtrArray *facts)
{
  g_autoptr(GHashTable) lost = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < facts->len; i++)
    {
      const CtFact *fact = facts->pdata[i];
      g_autofree char *key = NULL;
      const CtFact *loss;

      if (fact->kind != CT_FACT_LOST && fact->kind != CT_FACT_FOUND && fact->kind != CT_FACT_USES)
        continue;
      key = group_key (fact);
      if (fact->kind == CT_FACT_LOST)
        {
          g_hash_table_insert (lost, g_steal_pointer (&key), (gpointer) fact);
          continue;
        }
      if (fact->kind == CT_FACT_FOUND)
        {
          g_hash_table_remove (lost, key);
          continue;
        }
      loss = g_hash_table_lookup (lost, key);
      if (loss == NULL || fact->chapter_number <= loss->chapter_number ||
          progression_between (check, fact->entry_id, CT_FIELD_HAS, loss->chapter_number,
                               fact->chapter_number) != NULL)
        continue;
      report (check, loss, fact, "possession", 0.5, fact->value, "lost",
              g_strdup_printf (_("%s has the %s here, but lost it in chapter %" PRId64
                                 " and has not found it since"),
                               entry_name (check, fact->entry_id), fact->value, loss->chapter_number));
      g_hash_table_remove (lost, key);
    }
}

/* ---- the book ------------------------------------------------------------ */

/* Whether @entry stands for a family rather than one person: its name
 * and aliases carry two or more titles ("Mr. Bennet", "Mrs. Bennet"),
 * so what is said of one may be another. */
static gboolean
is_family (const DfCodexEntry *entry)
{
  static const char * const titles[] = {
    "Mr.", "Mrs.", "Miss", "Ms.", "Lady", "Sir", "Lord", "Count ", "Countess", "Prince ", "Princess",
    "Duke", "Duchess", "Baron ", "Baroness", "Madame", "Mademoiselle", NULL,
  };
  guint seen = 0;

  for (guint t = 0; titles[t] != NULL; t++)
    {
      gboolean has = g_str_has_prefix (entry->name, titles[t]);

      for (guint a = 0; !has && entry->aliases[a] != NULL; a++)
        has = g_str_has_prefix (entry->aliases[a], titles[t]);
      seen += has;
    }
  return seen >= 2;
}

static gint
compare_issues (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  GHashTable *chapters = user_data;
  const DfAgentIssue *ia = *(DfAgentIssue * const *) a;
  const DfAgentIssue *ib = *(DfAgentIssue * const *) b;
  const CtChapter *ca = g_hash_table_lookup (chapters, &ia->chapter_id);
  const CtChapter *cb = g_hash_table_lookup (chapters, &ib->chapter_id);
  gint64 na = ca != NULL ? ca->number : 0;   /* the whole book first */
  gint64 nb = cb != NULL ? cb->number : 0;

  if (na != nb)
    return na < nb ? -1 : 1;
  return ia->offset < ib->offset ? -1 : ia->offset > ib->offset;
}

GPtrArray *
ct_check_book (CtBook        *book,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GHashTable) chapters_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) entries_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) kinds = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) facts = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_fact_free);
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify) df_agent_issue_free);
  Check check = { book, chapters_by_id, entries_by_id, issues };

  for (guint i = 0; i < book->entries->len; i++)
    {
      DfCodexEntry *entry = book->entries->pdata[i];
      g_hash_table_insert (entries_by_id, &entry->id, entry);
      /* no fact is taken for a family: only names are checked */
      g_hash_table_insert (kinds, &entry->id, is_family (entry) ? (char *) "family" : entry->kind);
    }
  for (guint i = 0; i < book->chapters->len; i++)
    {
      CtChapter *chapter = book->chapters->pdata[i];

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      g_hash_table_insert (chapters_by_id, &chapter->chapter_id, chapter);
      ct_facts_extract (chapter, kinds, facts);
    }

  check_states (&check, facts);
  check_ages (&check, facts);
  check_deaths (&check, facts);
  check_things (&check, facts);
  ct_find_variants (book, chapters_by_id, issues);
  return g_steal_pointer (&issues);
}

void
ct_sort_issues (CtBook    *book,
                GPtrArray *issues)
{
  g_autoptr(GHashTable) chapters_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < book->chapters->len; i++)
    {
      CtChapter *chapter = book->chapters->pdata[i];
      g_hash_table_insert (chapters_by_id, &chapter->chapter_id, chapter);
    }
  g_ptr_array_sort_with_data (issues, compare_issues, chapters_by_id);
}
