/* df-codex-mentions.c: where the codex's names are mentioned
 *
 * The matcher is one index over every name and alias of a project, keyed
 * by the name's first word: the text is read once, word by word, and
 * only a word that begins some name is looked at further (the names that
 * begin with it, longest first, compared in place).  That is one pass
 * whatever the number of entries, as an Aho-Corasick automaton would be,
 * with whole words for free.  A project's matcher is cached per database
 * and rebuilt when codex_state.generation (a random number that triggers
 * draw again at every change of an entry, whoever made it) moves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-model"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "df-codex.h"
#include "df-codex-private.h"
#include "df-model-private.h"

typedef struct
{
  char   *text;
  gsize   len;
  gint64  entry_id;
} Name;

struct _DfCodexMatcher
{
  GPtrArray  *names;          /* of Name, owned */
  GHashTable *by_first;       /* first word -> GPtrArray of Name, longest first */
  guint32     first_bytes[8]; /* a bit for each byte that starts a name */
  gsize       max_first;      /* the longest first word, in bytes */
};

static const DfColumn mention_columns[] = {
  { "m.entry_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfCodexMention, entry_id) },
  { "e.name", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfCodexMention, entry_name) },
  { "e.kind", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfCodexMention, entry_kind) },
  { "m.chapter_id", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfCodexMention, chapter_id) },
  { "c.number", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfCodexMention, chapter_number) },
  { "c.title", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfCodexMention, chapter_title) },
  { "m.count", DF_COLUMN_INT64, G_STRUCT_OFFSET (DfCodexMention, count) },
  { "m.offsets", DF_COLUMN_TEXT, G_STRUCT_OFFSET (DfCodexMention, offsets_json) },
};

static const DfRecordType mention_record = {
  sizeof (DfCodexMention), mention_columns, G_N_ELEMENTS (mention_columns), (GDestroyNotify) df_codex_mention_free,
};

void
df_codex_mention_free (DfCodexMention *mention)
{
  _df_record_free (&mention_record, mention);
}

/* ---- words ----------------------------------------------------------------- */

/* Whether the character at @p (of @end) is part of a word: a letter, a
 * digit or a combining mark ("Natásha" written with U+0301). */
static inline gboolean
word_char_at (const char *p,
              const char *end)
{
  gunichar c;

  if (p >= end)
    return FALSE;
  if ((guchar) *p < 0x80)
    return g_ascii_isalnum (*p);
  c = g_utf8_get_char_validated (p, end - p);
  if (c == (gunichar) -1 || c == (gunichar) -2)
    return FALSE;
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

static inline const char *
next_char (const char *p,
           const char *end)
{
  if ((guchar) *p < 0x80)
    return p + 1;
  p = g_utf8_next_char (p);
  return p > end ? end : p;
}

/* The end of the word that starts at @p. */
const char *
_df_codex_word_end (const char *p,
                    const char *end)
{
  while (p < end && word_char_at (p, end))
    p = next_char (p, end);
  return p;
}

/* Whether a mention may end at @p: the word ends there, or goes on only
 * with a plural's "s" or "es". */
static gboolean
ends_word (const char *p,
           const char *end)
{
  if (!word_char_at (p, end))
    return TRUE;
  if (*p == 's')
    return !word_char_at (p + 1, end);
  if (*p == 'e' && p + 1 < end && p[1] == 's')
    return !word_char_at (p + 2, end);
  return FALSE;
}

/* ---- the matcher ----------------------------------------------------------- */

static void
name_free (Name *name)
{
  g_free (name->text);
  g_free (name);
}

static gint
longest_first (gconstpointer a,
               gconstpointer b)
{
  const Name *na = *(const Name * const *) a;
  const Name *nb = *(const Name * const *) b;

  return na->len < nb->len ? 1 : na->len > nb->len ? -1 : 0;
}

static void
matcher_add (DfCodexMatcher *self,
             const char     *text,
             gint64          entry_id)
{
  Name *name;
  GPtrArray *list;
  const char *end = text + strlen (text);
  const char *first_end = _df_codex_word_end (text, end);
  g_autofree char *first = NULL;

  /* A name must start a word to be found as one. */
  if (first_end == text)
    return;
  first = g_strndup (text, first_end - text);
  name = g_new0 (Name, 1);
  name->text = g_strdup (text);
  name->len = end - text;
  name->entry_id = entry_id;
  g_ptr_array_add (self->names, name);

  list = g_hash_table_lookup (self->by_first, first);
  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (self->by_first, g_strdup (first), list);
    }
  g_ptr_array_add (list, name);
  self->first_bytes[(guchar) text[0] >> 5] |= 1u << ((guchar) text[0] & 31);
  self->max_first = MAX (self->max_first, (gsize) (first_end - text));
}

static void
matcher_free (DfCodexMatcher *self)
{
  g_hash_table_unref (self->by_first);
  g_ptr_array_unref (self->names);
}

DfCodexMatcher *
df_codex_matcher_new (const char * const *names,
                      const gint64       *entry_ids,
                      guint               n)
{
  DfCodexMatcher *self = g_atomic_rc_box_new0 (DfCodexMatcher);
  GHashTableIter iter;
  gpointer list;

  self->names = g_ptr_array_new_with_free_func ((GDestroyNotify) name_free);
  self->by_first = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < n; i++)
    if (names[i] != NULL && names[i][0] != '\0')
      matcher_add (self, names[i], entry_ids[i]);
  g_hash_table_iter_init (&iter, self->by_first);
  while (g_hash_table_iter_next (&iter, NULL, &list))
    g_ptr_array_sort (list, longest_first);
  return self;
}

DfCodexMatcher *
df_codex_matcher_ref (DfCodexMatcher *matcher)
{
  return g_atomic_rc_box_acquire (matcher);
}

void
df_codex_matcher_unref (DfCodexMatcher *matcher)
{
  if (matcher != NULL)
    g_atomic_rc_box_release_full (matcher, (GDestroyNotify) matcher_free);
}

/* The names that begin with the word @word (of @len bytes). */
static GPtrArray *
names_beginning (DfCodexMatcher *self,
                 const char     *word,
                 gsize           len)
{
  char key[256];

  if (len == 0 || len > self->max_first || len >= sizeof key)
    return NULL;
  memcpy (key, word, len);
  key[len] = '\0';
  return g_hash_table_lookup (self->by_first, key);
}

/* The longest name that starts at @p and ends a word, or NULL. */
static const Name *
match_at (DfCodexMatcher *self,
          const char     *p,
          const char     *word_end,
          const char     *end)
{
  gsize len = word_end - p;
  /* The word as it is, and without a plural's "s" or "es". */
  for (guint strip = 0; strip <= 2 && strip < len; strip++)
    {
      GPtrArray *names;

      if (strip == 1 && word_end[-1] != 's')
        break;
      if (strip == 2 && word_end[-2] != 'e')
        break;
      names = names_beginning (self, p, len - strip);
      for (guint i = 0; names != NULL && i < names->len; i++)
        {
          const Name *name = names->pdata[i];

          if (name->len <= (gsize) (end - p) && memcmp (p, name->text, name->len) == 0 &&
              ends_word (p + name->len, end))
            return name;
        }
    }
  return NULL;
}

GArray *
df_codex_matcher_scan (DfCodexMatcher *self,
                       const char     *text,
                       gssize          len)
{
  GArray *matches = g_array_new (FALSE, FALSE, sizeof (DfCodexMatch));
  g_autoptr(GArray) skip = NULL;
  const char *p, *end;
  guint next_skip = 0;

  g_return_val_if_fail (self != NULL, matches);
  if (len < 0)
    len = strlen (text);
  p = text;
  end = text + len;
  skip = _df_codex_code_ranges (text, len);

  while (p < end)
    {
      const char *word_end;
      const Name *name;
      gsize at = p - text;

      /* Code and link targets: jump over them. */
      while (next_skip < skip->len && g_array_index (skip, DfCodexRange, next_skip).end <= at)
        next_skip++;
      if (next_skip < skip->len && g_array_index (skip, DfCodexRange, next_skip).start <= at)
        {
          p = text + g_array_index (skip, DfCodexRange, next_skip).end;
          continue;
        }
      if (!word_char_at (p, end))
        {
          p = next_char (p, end);
          continue;
        }
      word_end = _df_codex_word_end (p, end);
      name = NULL;
      if (self->first_bytes[(guchar) *p >> 5] & (1u << ((guchar) *p & 31)))
        name = match_at (self, p, word_end, end);
      if (name != NULL &&
          (next_skip >= skip->len || at + name->len <= g_array_index (skip, DfCodexRange, next_skip).start))
        {
          DfCodexMatch match = { name->entry_id, at, name->len };

          g_array_append_val (matches, match);
          p = _df_codex_word_end (p + name->len, end);
          continue;
        }
      p = word_end;
    }
  return matches;
}

/* ---- the project's matcher, cached ------------------------------------------ */

typedef struct
{
  gint64          generation;
  DfCodexMatcher *matcher;
} CacheItem;

static GMutex cache_lock;
static GHashTable *cache;   /* "database\x1fproject" -> CacheItem */

static void
cache_item_free (CacheItem *item)
{
  df_codex_matcher_unref (item->matcher);
  g_free (item);
}

static DfCodexMatcher *
matcher_build (DfStore  *store,
               gint64    project_id,
               GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GError *local = NULL;

  stmt = df_store_prepare (store,
                           "SELECT e.id, e.name FROM codex_entries e WHERE e.project_id = ?1 AND e.deleted_at IS NULL"
                           " UNION ALL SELECT e.id, a.value FROM codex_entries e, json_each (e.aliases) a"
                           " WHERE e.project_id = ?1 AND e.deleted_at IS NULL", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, project_id);
  while (df_store_step (store, stmt, &local))
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_ptr_array_add (names, _df_col_text (stmt, 1));
      g_array_append_val (ids, id);
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  if (names->len == 0)
    return NULL;
  return df_codex_matcher_new ((const char * const *) names->pdata, (const gint64 *) ids->data, names->len);
}

DfCodexMatcher *
df_codex_matcher_for_project (DfStore  *store,
                              gint64    project_id,
                              GError  **error)
{
  sqlite3 *db = df_store_get_db (store);
  const char *file = sqlite3_db_filename (db, "main");
  g_autofree char *key = NULL;
  DfCodexMatcher *matcher = NULL;
  CacheItem *item;
  gint64 generation = 0;

  if (!_df_query_int64 (store, "SELECT generation FROM codex_state WHERE project_id = ?1", project_id, NULL,
                        &generation, error))
    return NULL;
  if (generation == 0)
    return NULL;

  key = file != NULL && file[0] != '\0' ? g_strdup_printf ("%s\x1f%" PRId64, file, project_id)
                                        : g_strdup_printf ("%p\x1f%" PRId64, (void *) db, project_id);
  g_mutex_lock (&cache_lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) cache_item_free);
  item = g_hash_table_lookup (cache, key);
  if (item != NULL && item->generation == generation && item->matcher != NULL)
    matcher = df_codex_matcher_ref (item->matcher);
  g_mutex_unlock (&cache_lock);
  if (matcher != NULL)
    return matcher;

  matcher = matcher_build (store, project_id, error);
  if (matcher == NULL)
    return NULL;
  item = g_new0 (CacheItem, 1);
  item->generation = generation;
  item->matcher = df_codex_matcher_ref (matcher);
  g_mutex_lock (&cache_lock);
  g_hash_table_replace (cache, g_steal_pointer (&key), item);
  g_mutex_unlock (&cache_lock);
  return matcher;
}

/* ---- storing mentions ---------------------------------------------------------- */

typedef struct
{
  gint64   count;
  GString *offsets;
} Tally;

static void
tally_free (Tally *tally)
{
  g_string_free (tally->offsets, TRUE);
  g_free (tally);
}

/* Writes the mentions @matches of chapter @chapter_id, one row per entry,
 * with @insert ("INSERT ... VALUES (?1 entry, ?2 chapter, ?3 count, ?4
 * offsets)"). */
static gboolean
write_matches (DfStore       *store,
               sqlite3_stmt  *insert,
               gint64         chapter_id,
               GArray        *matches,
               GError       **error)
{
  g_autoptr(GHashTable) tallies = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                        (GDestroyNotify) tally_free);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < matches->len; i++)
    {
      DfCodexMatch *match = &g_array_index (matches, DfCodexMatch, i);
      Tally *tally = g_hash_table_lookup (tallies, &match->entry_id);

      if (tally == NULL)
        {
          tally = g_new0 (Tally, 1);
          tally->offsets = g_string_new ("[");
          g_hash_table_insert (tallies, &match->entry_id, tally);
          g_array_append_val (order, match->entry_id);
        }
      g_string_append_printf (tally->offsets, "%s%" G_GSIZE_FORMAT, tally->count ? "," : "", match->offset);
      tally->count++;
    }
  for (guint i = 0; i < order->len; i++)
    {
      gint64 id = g_array_index (order, gint64, i);
      Tally *tally = g_hash_table_lookup (tallies, &id);

      g_string_append_c (tally->offsets, ']');
      sqlite3_reset (insert);
      sqlite3_bind_int64 (insert, 1, id);
      sqlite3_bind_int64 (insert, 2, chapter_id);
      sqlite3_bind_int64 (insert, 3, tally->count);
      sqlite3_bind_text (insert, 4, tally->offsets->str, -1, SQLITE_STATIC);
      if (!df_store_step_done (store, insert, error))
        return FALSE;
    }
  return TRUE;
}

#define INSERT_MENTION "INSERT INTO codex_mentions (entry_id, chapter_id, count, offsets) VALUES (?1, ?2, ?3, ?4)"

gboolean
df_codex_index_chapter (DfStore     *store,
                        gint64       project_id,
                        gint64       chapter_id,
                        const char  *text,
                        GError     **error)
{
  g_autoptr(DfCodexMatcher) matcher = NULL;
  g_autoptr(GArray) matches = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) clear = NULL;
  GError *local = NULL;

  matcher = df_codex_matcher_for_project (store, project_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  clear = df_store_prepare (store, "DELETE FROM codex_mentions WHERE chapter_id = ?1", error);
  if (clear == NULL)
    return FALSE;
  sqlite3_bind_int64 (clear, 1, chapter_id);
  if (!df_store_step_done (store, clear, error))
    return FALSE;
  if (matcher == NULL)
    return TRUE;
  matches = df_codex_matcher_scan (matcher, text, -1);
  if (matches->len == 0)
    return TRUE;
  insert = df_store_prepare (store, INSERT_MENTION, error);
  return insert != NULL && write_matches (store, insert, chapter_id, matches, error);
}

static gboolean
index_all (DfStore         *store,
           gint64           project_id,
           DfCodexMatcher  *matcher,
           GError         **error)
{
  g_autoptr(sqlite3_stmt) chapters = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) clear = NULL;
  GError *local = NULL;

  clear = df_store_prepare (store,
                            "DELETE FROM codex_mentions WHERE chapter_id IN (SELECT id FROM chapters WHERE project_id = ?1)",
                            error);
  if (clear == NULL)
    return FALSE;
  sqlite3_bind_int64 (clear, 1, project_id);
  if (!df_store_step_done (store, clear, error))
    return FALSE;
  if (matcher == NULL)
    return TRUE;
  chapters = df_store_prepare (store, "SELECT id, content_md FROM chapters WHERE project_id = ?1", error);
  insert = chapters ? df_store_prepare (store, INSERT_MENTION, error) : NULL;
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (chapters, 1, project_id);
  while (df_store_step (store, chapters, &local))
    {
      const char *text = (const char *) sqlite3_column_text (chapters, 1);
      g_autoptr(GArray) matches = df_codex_matcher_scan (matcher, text ? text : "",
                                                         sqlite3_column_bytes (chapters, 1));

      if (!write_matches (store, insert, sqlite3_column_int64 (chapters, 0), matches, error))
        return FALSE;
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

gboolean
df_codex_index_project (DfStore  *store,
                        gint64    project_id,
                        GError  **error)
{
  g_autoptr(DfCodexMatcher) matcher = NULL;
  GError *local = NULL;
  gboolean ok;

  if (!df_store_begin (store, error))
    return FALSE;
  matcher = df_codex_matcher_for_project (store, project_id, &local);
  ok = local == NULL && index_all (store, project_id, matcher, &local);
  if (local != NULL)
    g_propagate_error (error, local);
  return df_store_end (store, ok, error);
}

#define MENTION_FROM \
  "FROM codex_mentions m JOIN codex_entries e ON e.id = m.entry_id JOIN chapters c ON c.id = m.chapter_id" \
  " WHERE e.deleted_at IS NULL AND "

static GPtrArray *
mentions_where (DfStore     *store,
                const char  *rest,
                gint64       id,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _df_record_prepare (store, &mention_record, rest, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return _df_record_list (store, stmt, &mention_record, NULL, error);
}

GPtrArray *
df_codex_mentions_of_entry (DfStore  *store,
                            gint64    entry_id,
                            GError  **error)
{
  return mentions_where (store, MENTION_FROM "m.entry_id = ?1 ORDER BY c.number", entry_id, error);
}

GPtrArray *
df_codex_mentions_in_chapter (DfStore  *store,
                              gint64    chapter_id,
                              GError  **error)
{
  return mentions_where (store, MENTION_FROM "m.chapter_id = ?1 ORDER BY m.count DESC, e.name", chapter_id, error);
}

gboolean
df_codex_mention_totals (DfStore  *store,
                         gint64    project_id,
                         gint64   *mentions,
                         gint64   *chapters,
                         GError  **error)
{
  return _df_query_int64 (store,
                          "SELECT coalesce (sum (m.count), 0) FROM codex_mentions m"
                          " JOIN codex_entries e ON e.id = m.entry_id"
                          " WHERE e.project_id = ?1 AND e.deleted_at IS NULL", project_id, NULL, mentions, error) &&
         _df_query_int64 (store,
                          "SELECT count (DISTINCT m.chapter_id) FROM codex_mentions m"
                          " JOIN codex_entries e ON e.id = m.entry_id"
                          " WHERE e.project_id = ?1 AND e.deleted_at IS NULL", project_id, NULL, chapters, error);
}
