/* df-folder-codex-merge.c: another copy's codex merged into the project's
 *
 * Three versions of the codex/ folder meet (docs/sync.md): the base,
 * where the two copies parted, ours (the database now) and theirs.  An
 * entry is known by its name.  Per entry, per field, per alias and tag,
 * per relation (its label and the entry it goes to) and per progression
 * (its chapter and field): what one side added is added, what one side
 * removed and the other did not touch is removed, what one side changed
 * takes that side's.  What both sides changed differently keeps this
 * side's, and the other side's is written under the entry's notes, with
 * a notice, so that nothing is lost.  An entry removed on one side and
 * changed on the other stays, with a notice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-folder"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "df-codex.h"
#include "df-folder-codex-private.h"
#include "df-import.h"
#include "df-project-import.h"

/* One side of the merge: name -> entry file, name -> its text. */
typedef struct
{
  GHashTable *files;
  GHashTable *texts;
} Side;

typedef struct
{
  DfStore    *store;
  gint64      project_id;
  const char *from_label;
  GPtrArray  *notices;
  Side        base, ours, theirs;
  GPtrArray  *relations;      /* char* triples: from, label, to */
  gboolean    changed;
} Merge;

/* ---- private helpers ----------------------------------------------------- */

static void
side_clear (Side *side)
{
  g_clear_pointer (&side->files, g_hash_table_unref);
  g_clear_pointer (&side->texts, g_hash_table_unref);
}

/* @side from @files (path -> text); with @error, a file that does not
 * read is an error, else it is left out. */
static gboolean
side_load (Side        *side,
           GHashTable  *files,
           GError     **error)
{
  GHashTableIter iter;
  gpointer path, text;

  side->files = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) _df_codex_entry_file_free);
  side->texts = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &path, &text))
    {
      DfCodexEntryFile *f = _df_codex_entry_file_parse (text, path, error);
      DfCodexEntryFile *had;

      if (f == NULL && error != NULL)
        return FALSE;
      if (f == NULL || f->entry.name == NULL)
        {
          g_clear_pointer (&f, _df_codex_entry_file_free);
          continue;
        }
      /* a live entry before a deleted one of the same name */
      had = g_hash_table_lookup (side->files, f->entry.name);
      if (had != NULL && had->entry.deleted_at == NULL && f->entry.deleted_at != NULL)
        {
          _df_codex_entry_file_free (f);
          continue;
        }
      g_hash_table_replace (side->files, f->entry.name, f);
      g_hash_table_replace (side->texts, f->entry.name, text);
    }
  return TRUE;
}

static gboolean
json_has (JsonArray  *array,
          const char *item)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), item) == 0)
      return TRUE;
  return FALSE;
}

static JsonArray *
field_array (DfCodexEntryFile *f,
             const char       *key)
{
  JsonNode *node = f ? json_object_get_member (json_node_get_object (f->fields), key) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* The merged list of strings @key (aliases, tags): ours, less what
 * theirs removed from the base, with what theirs added. */
static GPtrArray *
merge_set (DfCodexEntryFile *b,
           DfCodexEntryFile *o,
           DfCodexEntryFile *t,
           const char       *key)
{
  JsonArray *ba = field_array (b, key), *oa = field_array (o, key), *ta = field_array (t, key);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; oa != NULL && i < json_array_get_length (oa); i++)
    {
      const char *item = json_array_get_string_element (oa, i);
      if (item != NULL && !(json_has (ba, item) && !json_has (ta, item)))
        g_ptr_array_add (out, (gpointer) item);
    }
  for (guint i = 0; ta != NULL && i < json_array_get_length (ta); i++)
    {
      const char *item = json_array_get_string_element (ta, i);
      if (item != NULL && !json_has (ba, item) && !json_has (oa, item))
        g_ptr_array_add (out, (gpointer) item);
    }
  g_ptr_array_add (out, NULL);
  return out;
}

typedef enum
{
  KEEP,
  TAKE,
  BOTH,
} Pick;

/* A value three ways: @b NULL (no base) or its value in @bv. */
static Pick
pick (gboolean    has_base,
      const char *bv,
      const char *ov,
      const char *tv)
{
  if (g_strcmp0 (ov, tv) == 0 || (has_base && g_strcmp0 (bv, tv) == 0))
    return KEEP;
  if (has_base && g_strcmp0 (bv, ov) == 0)
    return TAKE;
  return BOTH;
}

static gint64
entry_id (Merge      *m,
          const char *name)
{
  g_autoptr(DfCodexEntry) entry = df_codex_entry_find (m->store, m->project_id, name, TRUE, NULL);

  return entry ? entry->id : 0;
}

static char *
relation_key (JsonNode *node)
{
  JsonObject *o = json_node_get_object (node);

  return g_strconcat (json_object_get_string_member_with_default (o, "label", ""), "\x1f",
                      json_object_get_string_member_with_default (o, "to", ""), NULL);
}

/* key -> the relation object, of @f's relations or progressions. */
static GHashTable *
keyed (DfCodexEntryFile *f,
       gboolean          progressions)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *list = f == NULL ? NULL : progressions ? f->progressions : f->relations;

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      JsonObject *o = json_node_get_object (list->pdata[i]);
      char *key = progressions
        ? g_strdup_printf ("%" G_GINT64_FORMAT "\x1f%s", json_object_get_int_member_with_default (o, "from_chapter", 0),
                           json_object_get_string_member_with_default (o, "field", ""))
        : relation_key (list->pdata[i]);

      /* a second progression of one field from one chapter: its own key */
      for (guint n = 2; progressions && g_hash_table_contains (table, key); n++)
        {
          char *nth = g_strdup_printf ("%s\x1f%u", key, n);
          g_free (key);
          key = nth;
        }
      g_hash_table_replace (table, key, list->pdata[i]);
    }
  return table;
}

static char *
progression_text (JsonNode *node)
{
  JsonObject *o = node ? json_node_get_object (node) : NULL;

  if (o == NULL)
    return NULL;
  return g_strconcat (json_object_get_string_member_with_default (o, "value", ""), "\x1f",
                      json_object_get_string_member_with_default (o, "note", ""), NULL);
}

static gboolean
progression_add (Merge     *m,
                 gint64     id,
                 JsonNode  *node,
                 GError   **error)
{
  JsonObject *o = json_node_get_object (node);

  m->changed = TRUE;
  return _df_codex_progression_import (m->store, id, json_object_get_int_member_with_default (o, "from_chapter", 0),
                                       json_object_get_string_member_with_default (o, "field", NULL),
                                       json_object_get_string_member_with_default (o, "value", NULL),
                                       json_object_get_string_member_with_default (o, "note", ""), error);
}

/* Removes the entry's progression that @node describes. */
static gboolean
progression_remove (Merge     *m,
                    gint64     id,
                    JsonNode  *node,
                    GError   **error)
{
  JsonObject *o = json_node_get_object (node);
  g_autoptr(GPtrArray) now = df_codex_progression_list (m->store, id, 0, error);
  gint64 chapter = json_object_get_int_member_with_default (o, "from_chapter", 0);

  if (now == NULL)
    return FALSE;
  for (guint i = 0; i < now->len; i++)
    {
      const DfCodexProgression *p = now->pdata[i];

      if (p->from_chapter == chapter &&
          g_strcmp0 (p->field, json_object_get_string_member_with_default (o, "field", NULL)) == 0 &&
          g_strcmp0 (p->value, json_object_get_string_member_with_default (o, "value", NULL)) == 0 &&
          g_strcmp0 (p->note ? p->note : "", json_object_get_string_member_with_default (o, "note", "")) == 0)
        {
          m->changed = TRUE;
          return df_codex_progression_remove (m->store, p->id, error);
        }
    }
  return TRUE;
}

/* ---- the merge of one entry ------------------------------------------------ */

static gboolean
merge_progressions (Merge             *m,
                    gint64             id,
                    DfCodexEntryFile  *b,
                    DfCodexEntryFile  *o,
                    DfCodexEntryFile  *t,
                    GString           *theirs_kept,
                    GError           **error)
{
  g_autoptr(GHashTable) bp = keyed (b, TRUE), op = keyed (o, TRUE), tp = keyed (t, TRUE);
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;

  for (GHashTable **side = (GHashTable *[]) { bp, op, tp, NULL }; *side != NULL; side++)
    {
      g_hash_table_iter_init (&iter, *side);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (keys, key);
    }
  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      JsonNode *bn = g_hash_table_lookup (bp, key), *on = g_hash_table_lookup (op, key), *tn = g_hash_table_lookup (tp, key);
      g_autofree char *bv = progression_text (bn), *ov = progression_text (on), *tv = progression_text (tn);
      Pick p = pick (TRUE, bv, ov, tv);   /* no base: an empty one */

      if (p == TAKE)
        {
          if ((on != NULL && !progression_remove (m, id, on, error)) ||
              (tn != NULL && !progression_add (m, id, tn, error)))
            return FALSE;
        }
      else if (p == BOTH && tn != NULL)
        {
          JsonObject *to = json_node_get_object (tn);
          g_string_append_printf (theirs_kept, _("Progression from chapter %d, %s: %s"),
                                  (int) json_object_get_int_member_with_default (to, "from_chapter", 0),
                                  json_object_get_string_member_with_default (to, "field", ""),
                                  json_object_get_string_member_with_default (to, "value", ""));
          g_string_append_c (theirs_kept, '\n');
        }
    }
  return TRUE;
}

static gboolean
merge_relations (Merge             *m,
                 gint64             id,
                 DfCodexEntryFile  *b,
                 DfCodexEntryFile  *o,
                 DfCodexEntryFile  *t,
                 GError           **error)
{
  g_autoptr(GHashTable) br = keyed (b, FALSE), orl = keyed (o, FALSE), tr = keyed (t, FALSE);
  GHashTableIter iter;
  gpointer key, node;

  g_hash_table_iter_init (&iter, tr);
  while (g_hash_table_iter_next (&iter, &key, &node))
    if (!g_hash_table_contains (br, key) && !g_hash_table_contains (orl, key))
      {
        JsonObject *r = json_node_get_object (node);
        g_ptr_array_add (m->relations, g_strdup (t->entry.name));
        g_ptr_array_add (m->relations, g_strdup (json_object_get_string_member_with_default (r, "label", "")));
        g_ptr_array_add (m->relations, g_strdup (json_object_get_string_member_with_default (r, "to", "")));
      }
  g_hash_table_iter_init (&iter, br);
  while (g_hash_table_iter_next (&iter, &key, &node))
    if (g_hash_table_contains (orl, key) && !g_hash_table_contains (tr, key))
      {
        JsonObject *r = json_node_get_object (node);
        gint64 other = entry_id (m, json_object_get_string_member_with_default (r, "to", ""));

        m->changed = TRUE;
        if (other != 0 &&
            !df_codex_relation_remove (m->store, id, json_object_get_string_member_with_default (r, "label", ""),
                                       other, error))
          return FALSE;
      }
  return TRUE;
}

/* Kind, description, notes and colour, each three ways; what both sides
 * changed goes into @theirs_kept.  @notes: the merged notes. */
static gboolean
merge_texts (Merge             *m,
             gint64             id,
             DfCodexEntryFile  *b,
             DfCodexEntryFile  *o,
             DfCodexEntryFile  *t,
             GString           *theirs_kept,
             char             **notes,
             GError           **error)
{
  const struct { const char *key; const char *label; } fields[] = {
    { "kind", N_("Kind") }, { "description", N_("Description") }, { "notes", N_("Notes") }, { "colour", N_("Colour") },
  };
  const DfCodexEntry *be = b ? &b->entry : NULL;
  const char *bv[] = { be ? be->kind : NULL, be ? be->description : NULL, be ? be->notes : NULL, be ? be->color : NULL };
  const char *ov[] = { o->entry.kind, o->entry.description, o->entry.notes, o->entry.color };
  const char *tv[] = { t->entry.kind, t->entry.description, t->entry.notes, t->entry.color };

  *notes = g_strdup (o->entry.notes);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      Pick p = pick (b != NULL, bv[i], ov[i], tv[i]);
      gboolean ok = TRUE;

      if (p == BOTH)
        g_string_append_printf (theirs_kept, "%s: %s\n", _(fields[i].label), tv[i] ? tv[i] : "");
      if (p != TAKE)
        continue;
      m->changed = TRUE;
      if (i == 0)
        ok = df_codex_entry_set_kind (m->store, id, tv[i], error);
      else if (i == 1)
        ok = df_codex_entry_set_description (m->store, id, tv[i], error);
      else if (i == 2)
        g_free (*notes), *notes = g_strdup (tv[i]);
      else
        ok = df_codex_entry_set_color (m->store, id, tv[i], error);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static gboolean
merge_lists (Merge             *m,
             gint64             id,
             DfCodexEntryFile  *b,
             DfCodexEntryFile  *o,
             DfCodexEntryFile  *t,
             GError           **error)
{
  g_autoptr(GPtrArray) aliases = merge_set (b, o, t, "aliases");
  g_autoptr(GPtrArray) tags = merge_set (b, o, t, "tags");
  g_autoptr(DfCodexEntry) now = df_codex_entry_get (m->store, id, error);
  g_autofree char *old_tags = NULL, *new_tags = NULL;

  if (now == NULL)
    return FALSE;
  for (guint i = 0; now->aliases[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) aliases->pdata, now->aliases[i]) &&
        !df_codex_entry_remove_alias (m->store, id, now->aliases[i], error))
      return FALSE;
  for (guint i = 0; aliases->pdata[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) now->aliases, aliases->pdata[i]) &&
        !df_codex_entry_add_alias (m->store, id, aliases->pdata[i], error))
      return FALSE;
  old_tags = g_strjoinv ("\x1f", now->tags);
  new_tags = g_strjoinv ("\x1f", (char **) tags->pdata);
  if (strcmp (old_tags, new_tags) != 0 &&
      !df_codex_entry_set_tags (m->store, id, (const char * const *) tags->pdata, error))
    return FALSE;
  return TRUE;
}

/* What becomes of an entry in the codex's bin on one side only. */
typedef enum
{
  BIN_AS_IS,
  BIN_DELETE,
  BIN_RESTORE,
} Bin;

/* Deleted or not, three ways; deleted on one side and changed on the
 * other, the entry stays (with a notice). */
static Bin
merge_bin (Merge             *m,
           DfCodexEntryFile  *b,
           DfCodexEntryFile  *o,
           DfCodexEntryFile  *t,
           gboolean           ours_changed)
{
  gboolean bd = b && b->entry.deleted_at != NULL;
  gboolean od = o->entry.deleted_at != NULL, td = t->entry.deleted_at != NULL;

  if (od == td || b == NULL)
    return BIN_AS_IS;
  if (bd == od && !td)
    return BIN_RESTORE;
  if (bd == od && !ours_changed)
    return BIN_DELETE;
  if (m->notices != NULL)
    g_ptr_array_add (m->notices, g_strdup_printf (td ? _("The codex entry “%s” was deleted on the other side and "
                                                       "changed on this side: it is kept")
                                                     : _("The codex entry “%s” was deleted on this side and changed "
                                                         "on the other side: it is back"), o->entry.name));
  return td ? BIN_AS_IS : BIN_RESTORE;
}

/* Both sides have the entry and theirs changed it. */
static gboolean
merge_fields (Merge             *m,
              DfCodexEntryFile  *b,
              DfCodexEntryFile  *o,
              DfCodexEntryFile  *t,
              gboolean           ours_changed,
              GError           **error)
{
  gint64 id = entry_id (m, o->entry.name);
  Bin bin;
  g_autoptr(GString) theirs_kept = g_string_new (NULL);
  g_autofree char *notes = NULL;

  if (id == 0)
    return TRUE;
  bin = merge_bin (m, b, o, t, ours_changed);
  if (bin != BIN_AS_IS)
    m->changed = TRUE;
  if (bin == BIN_RESTORE && !df_codex_entry_restore (m->store, id, error))
    return FALSE;
  if (!merge_texts (m, id, b, o, t, theirs_kept, &notes, error) ||
      !merge_lists (m, id, b, o, t, error) ||
      !merge_relations (m, id, b, o, t, error) ||
      !merge_progressions (m, id, b, o, t, theirs_kept, error))
    return FALSE;
  if (theirs_kept->len > 0)
    {
      g_autofree char *from = m->from_label ? g_strdup (m->from_label) : g_strdup (_("the other copy"));
      g_autofree char *kept = g_strdup_printf (_("The other side’s version, %s, kept by the sync:"), from);
      g_autofree char *joined = g_strdup_printf ("%s%s%s\n%s", notes ? notes : "", notes && *notes ? "\n\n" : "",
                                                 kept, theirs_kept->str);

      g_free (notes);
      notes = g_steal_pointer (&joined);
      if (m->notices != NULL)
        g_ptr_array_add (m->notices, g_strdup_printf (_("The codex entry “%s” was changed on both sides: this "
                                                        "side’s is kept, and the other side’s is in its notes"),
                                                      o->entry.name));
    }
  if (g_strcmp0 (notes, o->entry.notes) != 0)
    {
      m->changed = TRUE;
      if (!df_codex_entry_set_notes (m->store, id, notes, error))
        return FALSE;
    }
  return bin != BIN_DELETE || df_codex_entry_delete (m->store, id, error);
}

/* An entry new to this side, with its relations and progressions. */
static gboolean
add_entry (Merge             *m,
           DfCodexEntryFile  *t,
           GError           **error)
{
  gint64 id = 0;

  if (!_df_codex_entry_import (m->store, m->project_id, &t->entry, &id, error))
    return FALSE;
  m->changed = TRUE;
  for (guint i = 0; i < t->relations->len; i++)
    {
      JsonObject *r = json_node_get_object (t->relations->pdata[i]);
      g_ptr_array_add (m->relations, g_strdup (t->entry.name));
      g_ptr_array_add (m->relations, g_strdup (json_object_get_string_member_with_default (r, "label", "")));
      g_ptr_array_add (m->relations, g_strdup (json_object_get_string_member_with_default (r, "to", "")));
    }
  for (guint i = 0; i < t->progressions->len; i++)
    if (!progression_add (m, id, t->progressions->pdata[i], error))
      return FALSE;
  return TRUE;
}

static gboolean
merge_entry (Merge       *m,
             const char  *name,
             GError     **error)
{
  DfCodexEntryFile *b = g_hash_table_lookup (m->base.files, name);
  DfCodexEntryFile *o = g_hash_table_lookup (m->ours.files, name);
  DfCodexEntryFile *t = g_hash_table_lookup (m->theirs.files, name);
  const char *bt = g_hash_table_lookup (m->base.texts, name);
  const char *ot = g_hash_table_lookup (m->ours.texts, name);
  const char *tt = g_hash_table_lookup (m->theirs.texts, name);

  if ((b == NULL && t == NULL) || g_strcmp0 (ot, tt) == 0 || (b != NULL && g_strcmp0 (bt, tt) == 0))
    return TRUE;   /* only here, the same on both sides, or not changed there */
  if (o == NULL)
    return add_entry (m, t, error);
  if (t != NULL)
    return merge_fields (m, b, o, t, g_strcmp0 (ot, bt) != 0, error);
  /* their copy no longer has it */
  if (g_strcmp0 (ot, bt) != 0)
    {
      if (m->notices != NULL)
        g_ptr_array_add (m->notices, g_strdup_printf (_("The codex entry “%s” was deleted on the other side and "
                                                        "changed on this side: it is kept"), name));
      return TRUE;
    }
  if (o->entry.deleted_at != NULL)
    return TRUE;
  m->changed = TRUE;
  return df_codex_entry_delete (m->store, entry_id (m, name), error);
}

/* The relations that were waiting for both their ends. */
static gboolean
add_relations (Merge   *m,
               GError **error)
{
  for (guint i = 0; i + 2 < m->relations->len; i += 3)
    {
      gint64 from = entry_id (m, m->relations->pdata[i]);
      gint64 to = entry_id (m, m->relations->pdata[i + 2]);

      m->changed = TRUE;
      if (from != 0 && to != 0 && !_df_codex_relation_import (m->store, from, to, m->relations->pdata[i + 1], error))
        return FALSE;
    }
  return TRUE;
}

static gint
by_text (gconstpointer a,
         gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* ---- public API ---------------------------------------------------------- */

gboolean
df_folder_merge_codex (DfStore     *store,
                       gint64       project_id,
                       GHashTable  *base,
                       GHashTable  *theirs,
                       const char  *from_label,
                       GPtrArray   *notices,
                       GError     **error)
{
  g_autoptr(GPtrArray) ours_files = _df_codex_folder_files (store, project_id, error);
  g_autoptr(GHashTable) ours = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) relations = g_ptr_array_new_with_free_func (g_free);
  g_autofree gpointer *order = NULL;
  Merge m = { store, project_id, from_label, notices, { 0 }, { 0 }, { 0 }, relations, FALSE };
  guint n = 0;
  gboolean ok;

  if (ours_files == NULL)
    return FALSE;
  for (guint i = 0; i < ours_files->len; i++)
    {
      DfCodexFile *file = g_ptr_array_index (ours_files, i);
      g_hash_table_insert (ours, file->path, file->text);
    }
  ok = side_load (&m.base, base, NULL) && side_load (&m.ours, ours, NULL) && side_load (&m.theirs, theirs, error);
  for (Side *side = &m.base; ok && side <= &m.theirs; side++)
    {
      GHashTableIter iter;
      gpointer name;

      g_hash_table_iter_init (&iter, side->files);
      while (g_hash_table_iter_next (&iter, &name, NULL))
        g_hash_table_add (names, name);
    }
  if (ok)
    {
      order = g_hash_table_get_keys_as_array (names, &n);
      qsort (order, n, sizeof (gpointer), (GCompareFunc) by_text);
    }
  for (guint i = 0; ok && i < n; i++)
    ok = merge_entry (&m, order[i], error);
  ok = ok && add_relations (&m, error) && (!m.changed || df_codex_index_project (store, project_id, error));
  side_clear (&m.base);
  side_clear (&m.ours);
  side_clear (&m.theirs);
  return ok;
}
