/* git-sync-book.c: a version's book, and merging one into the database
 *
 * A chapter is known by its slug on every side (renaming a chapter
 * changes its title, not its slug).  Three versions meet in a merge: the
 * base where the two sides parted, ours (what the database holds) and
 * theirs.  Per chapter: a side that did not change it takes the other's
 * text; both changed it: git_merge_file joins the two when they touched
 * different lines; when they touched the same lines the database keeps
 * its text and theirs becomes a conflict revision.  A chapter deleted on
 * one side and edited on the other stays, with a notice.  Nothing with
 * conflict markers is ever written into the book.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-git-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "df-diff.h"
#include "git-sync-private.h"

static void
gs_chapter_free (GsChapter *chapter)
{
  g_free (chapter->slug);
  g_free (chapter->file);
  g_free (chapter->title);
  g_free (chapter->kind);
  g_free (chapter->prerequisites);
  g_free (chapter);
}

void
gs_book_free (GsBook *book)
{
  if (book == NULL)
    return;
  g_clear_pointer (&book->root, json_node_unref);
  g_clear_pointer (&book->chapters, g_ptr_array_unref);
  g_clear_pointer (&book->by_slug, g_hash_table_unref);
  g_free (book);
}

char *
gs_blob_text (git_repository *repo,
              const git_oid  *oid)
{
  g_autoptr(git_blob) blob = NULL;

  if (oid == NULL || git_oid_is_zero (oid))
    return g_strdup ("");
  if (git_blob_lookup (&blob, repo, oid) < 0)
    return NULL;
  return g_strndup (git_blob_rawcontent (blob), git_blob_rawsize (blob));
}

void
gs_words_changed (git_repository *repo,
                  const git_oid  *old_blob,
                  const git_oid  *new_blob,
                  gint64         *added,
                  gint64         *removed)
{
  g_autofree char *before = gs_blob_text (repo, old_blob);
  g_autofree char *after = gs_blob_text (repo, new_blob);
  g_autoptr(GPtrArray) pieces = NULL;
  gint64 a = 0, r = 0;

  if (before == NULL || after == NULL)
    return;
  pieces = df_diff_words (before, after);
  df_diff_count (pieces, &a, &r);
  *added += a;
  *removed += r;
}

static char *
member_string (JsonObject *object,
               const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

static gint64
member_int (JsonObject *object,
            const char *key,
            gint64      none)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return none;
  return json_node_get_int (node);
}

static gboolean
read_chapters (GsBook     *book,
               git_tree   *tree,
               JsonArray  *chapters)
{
  for (guint i = 0; chapters != NULL && i < json_array_get_length (chapters); i++)
    {
      JsonObject *object = json_array_get_object_element (chapters, i);
      g_autoptr(git_tree_entry) entry = NULL;
      GsChapter *chapter;

      if (object == NULL)
        continue;
      chapter = g_new0 (GsChapter, 1);
      chapter->slug = member_string (object, "slug");
      chapter->file = member_string (object, "file");
      chapter->title = member_string (object, "title");
      chapter->kind = member_string (object, "kind");
      chapter->prerequisites = member_string (object, "prerequisites");
      chapter->estimated_minutes = member_int (object, "estimated_minutes", -1);
      chapter->part = member_int (object, "part", 0);
      if (chapter->file && git_tree_entry_bypath (&entry, tree, chapter->file) == 0)
        chapter->blob = *git_tree_entry_id (entry);
      if (chapter->slug == NULL || chapter->title == NULL || g_hash_table_contains (book->by_slug, chapter->slug))
        {
          gs_chapter_free (chapter);
          continue;
        }
      g_ptr_array_add (book->chapters, chapter);
      g_hash_table_insert (book->by_slug, chapter->slug, chapter);
    }
  return TRUE;
}

static GsBook *
empty_book (void)
{
  GsBook *book = g_new0 (GsBook, 1);

  book->chapters = g_ptr_array_new_with_free_func ((GDestroyNotify) gs_chapter_free);
  book->by_slug = g_hash_table_new (g_str_hash, g_str_equal);
  return book;
}

GsBook *
gs_book_load_tree (git_repository  *repo,
                   git_tree        *tree,
                   GError         **error)
{
  g_autoptr(GsBook) book = empty_book ();
  g_autoptr(git_tree_entry) entry = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  JsonObject *top;

  if (git_tree_entry_bypath (&entry, tree, "project.json") < 0 ||
      (json = gs_blob_text (repo, git_tree_entry_id (entry))) == NULL ||
      !json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      char hex[GIT_OID_HEXSZ + 1];
      git_oid_tostr (hex, 8, git_tree_id (tree));
      g_set_error (error, DF_ERROR, DF_ERROR_INVALID,
                   _("The version with tree %s has no readable project.json: it is not a DraftForge project"), hex);
      return NULL;
    }
  book->root = json_node_ref (json_parser_get_root (parser));
  book->tree_id = *git_tree_id (tree);
  top = json_node_get_object (book->root);
  if (json_object_has_member (top, "chapters") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (top, "chapters")))
    read_chapters (book, tree, json_object_get_array_member (top, "chapters"));
  return g_steal_pointer (&book);
}

GsBook *
gs_book_load (git_repository  *repo,
              const git_oid   *commit_id,
              GError         **error)
{
  g_autoptr(git_commit) commit = NULL;
  g_autoptr(git_tree) tree = NULL;
  int rc;

  if (commit_id == NULL)
    return empty_book ();
  if ((rc = git_commit_lookup (&commit, repo, commit_id)) < 0 || (rc = git_commit_tree (&tree, commit)) < 0)
    {
      gs_set_git_error (error, rc, _("Could not read a version"));
      return NULL;
    }
  return gs_book_load_tree (repo, tree, error);
}

/* ---- the merge ------------------------------------------------------------- */

typedef struct
{
  GsRepo     *repo;
  GsBook     *base;
  GsBook     *ours;
  GsBook     *theirs;
  const char *label;
  GHashTable *db;          /* slug -> DfChapter in the database */
  guint       n_conflicts;
} Merge;

static JsonObject *
section (GsBook     *book,
         const char *name)
{
  JsonObject *top = book->root ? json_node_get_object (book->root) : NULL;
  JsonNode *node = top ? json_object_get_member (top, name) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
list (GsBook     *book,
      const char *name)
{
  JsonObject *top = book->root ? json_node_get_object (book->root) : NULL;
  JsonNode *node = top ? json_object_get_member (top, name) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* Their value of a field, when only they changed it; NULL otherwise. */
static char *
their_change (const char *base,
              const char *ours,
              const char *theirs,
              gboolean   *changed)
{
  *changed = g_strcmp0 (base, ours) == 0 && g_strcmp0 (base, theirs) != 0;
  return *changed ? g_strdup (theirs) : NULL;
}

static gboolean
merge_project (Merge   *m,
               GError **error)
{
  static const char *const keys[] = {
    "title", "description", "project_type", "genre", "language", "target_word_count", "status",
  };
  JsonObject *b = section (m->base, "project");
  JsonObject *o = section (m->ours, "project");
  JsonObject *t = section (m->theirs, "project");

  if (o == NULL || t == NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *vb = b ? member_string (b, keys[i]) : NULL;
      g_autofree char *vo = member_string (o, keys[i]);
      g_autofree char *vt = member_string (t, keys[i]);
      gboolean changed;
      g_autofree char *value = their_change (vb, vo, vt, &changed);

      if (!changed || (value == NULL && i == 0))
        continue;
      if (i == 0 ? !df_project_rename (m->repo->store, m->repo->project_id, value, error)
                 : !df_project_set_field (m->repo->store, m->repo->project_id, keys[i], value ? value : "", error))
        return FALSE;
    }
  return TRUE;
}

static char *
part_titles (GsBook *book)
{
  JsonArray *parts = list (book, "parts");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; parts && i < json_array_get_length (parts); i++)
    {
      JsonObject *part = json_array_get_object_element (parts, i);
      g_autofree char *title = part ? member_string (part, "title") : NULL;
      g_string_append_printf (text, "%s\n", title ? title : "");
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The parts follow theirs when only they changed them (by position). */
static gboolean
merge_parts (Merge   *m,
             GError **error)
{
  g_autofree char *b = part_titles (m->base);
  g_autofree char *o = part_titles (m->ours);
  g_autofree char *t = part_titles (m->theirs);
  g_autoptr(GPtrArray) db_parts = NULL;
  JsonArray *theirs = list (m->theirs, "parts");
  guint n_theirs = theirs ? json_array_get_length (theirs) : 0;

  if (m->theirs->root == NULL || g_strcmp0 (b, o) != 0 || g_strcmp0 (b, t) == 0)
    return TRUE;
  db_parts = df_part_list (m->repo->store, m->repo->project_id, error);
  if (db_parts == NULL)
    return FALSE;
  for (guint i = 0; i < MAX (n_theirs, db_parts->len); i++)
    {
      JsonObject *part = i < n_theirs ? json_array_get_object_element (theirs, i) : NULL;
      g_autofree char *title = part ? member_string (part, "title") : NULL;
      DfPart *db = i < db_parts->len ? g_ptr_array_index (db_parts, i) : NULL;
      g_autoptr(DfPart) added = NULL;

      if (db == NULL && title != NULL)
        added = df_part_add (m->repo->store, m->repo->project_id, title, error);
      if ((db == NULL && title != NULL && added == NULL) ||
          (db != NULL && title == NULL && !df_part_delete (m->repo->store, db->id, error)) ||
          (db != NULL && title != NULL && g_strcmp0 (db->title, title) != 0 &&
           !df_part_rename (m->repo->store, db->id, title, error)))
        return FALSE;
    }
  return TRUE;
}

/* ---- chapters --------------------------------------------------------------- */

static gboolean
blob_eq (const GsChapter *a,
         const GsChapter *b)
{
  git_oid zero = { { 0 } };
  return git_oid_equal (a ? &a->blob : &zero, b ? &b->blob : &zero);
}

/* Whether the slug stays in the merged book. */
static gboolean
included (Merge      *m,
          const char *slug)
{
  GsChapter *b = g_hash_table_lookup (m->base->by_slug, slug);
  GsChapter *o = g_hash_table_lookup (m->ours->by_slug, slug);
  GsChapter *t = g_hash_table_lookup (m->theirs->by_slug, slug);

  if (b == NULL)
    return o != NULL || t != NULL;
  if (o != NULL && t != NULL)
    return TRUE;
  if (o != NULL)
    {
      if (blob_eq (o, b))
        return FALSE;
      g_ptr_array_add (m->repo->notices,
                       g_strdup_printf (_("“%s” was deleted on the other side and edited here: it stays"), o->title));
      return TRUE;
    }
  if (t != NULL)
    {
      if (blob_eq (t, b))
        return FALSE;
      g_ptr_array_add (m->repo->notices,
                       g_strdup_printf (_("“%s” was deleted here and edited on the other side: it is back"), t->title));
      return TRUE;
    }
  return FALSE;
}

static gboolean
same_order (GsBook *a,
            GsBook *b)
{
  if (a->chapters->len != b->chapters->len)
    return FALSE;
  for (guint i = 0; i < a->chapters->len; i++)
    {
      GsChapter *x = g_ptr_array_index (a->chapters, i);
      GsChapter *y = g_ptr_array_index (b->chapters, i);
      if (strcmp (x->slug, y->slug) != 0 || x->part != y->part)
        return FALSE;
    }
  return TRUE;
}

/* The merged book's slugs in order: the order of the side that changed
 * it (ours when both did), with the other side's new chapters after the
 * chapter they follow there. */
static GPtrArray *
merged_order (Merge *m)
{
  gboolean ours_moved = !same_order (m->base, m->ours);
  GsBook *primary = ours_moved ? m->ours : m->theirs;
  GsBook *other = ours_moved ? m->theirs : m->ours;
  GPtrArray *order = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < primary->chapters->len; i++)
    {
      GsChapter *chapter = g_ptr_array_index (primary->chapters, i);
      g_ptr_array_add (order, chapter->slug);
      g_hash_table_add (seen, chapter->slug);
    }
  for (guint i = 0; i < other->chapters->len; i++)
    {
      GsChapter *chapter = g_ptr_array_index (other->chapters, i);
      guint at = 0;

      if (g_hash_table_contains (seen, chapter->slug))
        continue;
      if (i > 0)
        {
          GsChapter *before = g_ptr_array_index (other->chapters, i - 1);
          guint index;
          at = g_ptr_array_find_with_equal_func (order, before->slug, g_str_equal, &index) ? index + 1 : order->len;
        }
      g_ptr_array_insert (order, at, chapter->slug);
      g_hash_table_add (seen, chapter->slug);
    }
  for (guint i = order->len; i > 0; i--)
    if (!included (m, g_ptr_array_index (order, i - 1)))
      g_ptr_array_remove_index (order, i - 1);
  return order;
}

static const char *
pick (const char *base,
      const char *ours,
      const char *theirs,
      gboolean    has_ours)
{
  if (!has_ours)
    return theirs;
  return g_strcmp0 (base, ours) == 0 ? theirs : ours;
}

/* The merged text of a chapter on both sides; *conflict when they
 * changed the same lines (the text is then ours). */
static char *
merge_text (Merge      *m,
            GsChapter  *b,
            GsChapter  *o,
            GsChapter  *t,
            gboolean   *conflict)
{
  g_autofree char *base = gs_blob_text (m->repo->repo, b ? &b->blob : NULL);
  g_autofree char *ours = gs_blob_text (m->repo->repo, &o->blob);
  g_autofree char *theirs = gs_blob_text (m->repo->repo, &t->blob);
  git_merge_file_input in_base = GIT_MERGE_FILE_INPUT_INIT;
  git_merge_file_input in_ours = GIT_MERGE_FILE_INPUT_INIT;
  git_merge_file_input in_theirs = GIT_MERGE_FILE_INPUT_INIT;
  git_merge_file_result result = { 0 };
  char *merged = NULL;

  *conflict = FALSE;
  if (base == NULL || ours == NULL || theirs == NULL)
    {
      *conflict = TRUE;
      return g_strdup (ours ? ours : "");
    }
  in_base.ptr = base;
  in_base.size = strlen (base);
  in_ours.ptr = ours;
  in_ours.size = strlen (ours);
  in_theirs.ptr = theirs;
  in_theirs.size = strlen (theirs);
  if (git_merge_file (&result, &in_base, &in_ours, &in_theirs, NULL) == 0 && result.automergeable)
    merged = g_strndup (result.ptr, result.len);
  git_merge_file_result_free (&result);
  if (merged == NULL)
    {
      *conflict = TRUE;
      return g_steal_pointer (&ours);
    }
  return merged;
}

/* The text the merged chapter gets, NULL when the database's stays. */
static char *
chapter_text (Merge      *m,
              GsChapter  *b,
              GsChapter  *o,
              GsChapter  *t,
              GError    **error)
{
  gboolean conflict = FALSE;
  g_autofree char *text = NULL;
  DfChapter *db;

  if (o == NULL)
    return gs_blob_text (m->repo->repo, &t->blob);
  if (t == NULL || blob_eq (o, t) || blob_eq (t, b))
    return NULL;
  if (blob_eq (o, b))
    return gs_blob_text (m->repo->repo, &t->blob);

  text = merge_text (m, b, o, t, &conflict);
  if (!conflict)
    return g_steal_pointer (&text);

  db = g_hash_table_lookup (m->db, o->slug);
  if (db != NULL)
    {
      g_autofree char *theirs = gs_blob_text (m->repo->repo, &t->blob);
      if (!df_sync_conflict_add (m->repo->store, db->id, theirs ? theirs : "", m->label, error))
        return NULL;
      m->n_conflicts++;
    }
  return NULL;
}

static gboolean
set_if_changed (DfStore     *store,
                gint64       chapter_id,
                const char  *key,
                const char  *now,
                const char  *wanted,
                GError     **error)
{
  if (wanted == NULL || g_strcmp0 (now, wanted) == 0)
    return TRUE;
  return df_chapter_set_field (store, chapter_id, key, wanted, error);
}

/* Makes the database's chapter @slug what the merge says. */
static gboolean
merge_chapter (Merge       *m,
               const char  *slug,
               GError     **error)
{
  GsChapter *b = g_hash_table_lookup (m->base->by_slug, slug);
  GsChapter *o = g_hash_table_lookup (m->ours->by_slug, slug);
  GsChapter *t = g_hash_table_lookup (m->theirs->by_slug, slug);
  DfChapter *db = g_hash_table_lookup (m->db, slug);
  GError *local_error = NULL;
  g_autofree char *text = chapter_text (m, b, o, t, &local_error);
  g_autofree char *minutes = NULL;
  const char *title = pick (b ? b->title : NULL, o ? o->title : NULL, t ? t->title : NULL, o != NULL);
  const char *kind = pick (b ? b->kind : NULL, o ? o->kind : NULL, t ? t->kind : NULL, o != NULL);
  const char *prerequisites = pick (b ? b->prerequisites : NULL, o ? o->prerequisites : NULL,
                                    t ? t->prerequisites : NULL, o != NULL);
  g_autoptr(DfChapter) added = NULL;
  gint64 id;

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (db == NULL)
    {
      added = df_chapter_add (m->repo->store, m->repo->project_id, 0, title, text ? text : "", error);
      if (added == NULL || !set_if_changed (m->repo->store, added->id, "slug", added->slug, slug, error))
        return FALSE;
      db = added;
      g_clear_pointer (&text, g_free);
    }
  id = db->id;
  if (text != NULL && !df_chapter_save_merging (m->repo->store, id, text, db->content_hash, NULL, error))
    return FALSE;
  if (title != NULL && g_strcmp0 (title, db->title) != 0 && !df_chapter_rename (m->repo->store, id, title, error))
    return FALSE;
  if (o != NULL && t != NULL && b != NULL && o->estimated_minutes == b->estimated_minutes &&
      t->estimated_minutes != b->estimated_minutes && t->estimated_minutes >= 0)
    minutes = g_strdup_printf ("%" G_GINT64_FORMAT, t->estimated_minutes);
  else if (o == NULL && t->estimated_minutes >= 0)
    minutes = g_strdup_printf ("%" G_GINT64_FORMAT, t->estimated_minutes);
  return set_if_changed (m->repo->store, id, "kind", db->kind, kind, error) &&
         set_if_changed (m->repo->store, id, "prerequisites", db->prerequisites, prerequisites, error) &&
         (minutes == NULL || df_chapter_set_field (m->repo->store, id, "estimated_minutes", minutes, error));
}

static gboolean
load_db (Merge   *m,
         GError **error)
{
  g_autoptr(GPtrArray) chapters = df_chapter_list (m->repo->store, m->repo->project_id, error);

  if (chapters == NULL)
    return FALSE;
  g_clear_pointer (&m->db, g_hash_table_unref);
  m->db = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) df_chapter_free);
  for (guint i = 0; i < chapters->len; i++)
    {
      DfChapter *chapter = g_ptr_array_steal_index (chapters, i--);
      g_hash_table_insert (m->db, chapter->slug, chapter);
    }
  return TRUE;
}

/* The part (by number) a merged chapter is in. */
static gint64
merged_part (Merge      *m,
             const char *slug)
{
  GsChapter *b = g_hash_table_lookup (m->base->by_slug, slug);
  GsChapter *o = g_hash_table_lookup (m->ours->by_slug, slug);
  GsChapter *t = g_hash_table_lookup (m->theirs->by_slug, slug);

  if (o == NULL)
    return t->part;
  if (t == NULL || b == NULL)
    return o->part;
  return o->part == b->part ? t->part : o->part;
}

/* Puts the chapters in the merged order and parts, when they are not. */
static gboolean
arrange (Merge      *m,
         GPtrArray  *order,
         GError    **error)
{
  g_autoptr(GPtrArray) parts = df_part_list (m->repo->store, m->repo->project_id, error);
  g_autoptr(GPtrArray) now = parts ? df_chapter_list (m->repo->store, m->repo->project_id, error) : NULL;
  g_autofree gint64 *part_ids = NULL;
  gboolean same;

  if (now == NULL)
    return FALSE;
  part_ids = g_new0 (gint64, order->len + 1);
  for (guint i = 0; i < order->len; i++)
    {
      gint64 number = merged_part (m, g_ptr_array_index (order, i));
      part_ids[i] = number > 0 && number <= (gint64) parts->len ? ((DfPart *) parts->pdata[number - 1])->id : 0;
    }
  same = now->len == order->len;
  for (guint i = 0; same && i < order->len; i++)
    {
      DfChapter *chapter = g_ptr_array_index (now, i);
      same = strcmp (chapter->slug, g_ptr_array_index (order, i)) == 0 && chapter->part_id == part_ids[i];
    }
  if (same)
    return TRUE;
  for (guint i = 0; i < order->len; i++)
    {
      DfChapter *chapter = g_hash_table_lookup (m->db, g_ptr_array_index (order, i));
      if (chapter != NULL &&
          !df_chapter_move_to_part (m->repo->store, chapter->id, part_ids[i], G_MAXINT64, error))
        return FALSE;
    }
  return TRUE;
}

/* Their images that the database does not have yet. */
static gboolean
merge_assets (Merge   *m,
              GError **error)
{
  JsonArray *assets = list (m->theirs, "assets");
  g_autoptr(GPtrArray) have = NULL;
  g_autoptr(git_tree) tree = NULL;

  if (assets == NULL || json_array_get_length (assets) == 0 ||
      git_tree_lookup (&tree, m->repo->repo, &m->theirs->tree_id) < 0)
    return TRUE;
  have = df_asset_list (m->repo->store, m->repo->project_id, error);
  if (have == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (assets); i++)
    {
      JsonObject *asset = json_array_get_object_element (assets, i);
      g_autofree char *path = asset ? member_string (asset, "path") : NULL;
      g_autofree char *mime = asset ? member_string (asset, "mime_type") : NULL;
      g_autofree char *rel = NULL;
      g_autoptr(git_tree_entry) entry = NULL;
      g_autoptr(git_blob) blob = NULL;
      g_autoptr(GBytes) data = NULL;

      if (path == NULL || g_ptr_array_find_with_equal_func (have, path, g_str_equal, NULL))
        continue;
      rel = g_strconcat ("assets/", path, NULL);
      if (git_tree_entry_bypath (&entry, tree, rel) < 0 ||
          git_blob_lookup (&blob, m->repo->repo, git_tree_entry_id (entry)) < 0)
        continue;
      data = g_bytes_new (git_blob_rawcontent (blob), git_blob_rawsize (blob));
      if (!df_asset_put (m->repo->store, m->repo->project_id, path, mime, data, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
merge_chapters (Merge   *m,
                GError **error)
{
  g_autoptr(GPtrArray) order = merged_order (m);
  g_autoptr(GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < order->len; i++)
    {
      if (!merge_chapter (m, g_ptr_array_index (order, i), error))
        return FALSE;
      g_hash_table_add (kept, g_ptr_array_index (order, i));
    }
  for (guint i = 0; i < m->ours->chapters->len; i++)
    {
      GsChapter *o = g_ptr_array_index (m->ours->chapters, i);
      DfChapter *db = g_hash_table_lookup (m->db, o->slug);

      if (db != NULL && !g_hash_table_contains (kept, o->slug) &&
          !df_chapter_delete (m->repo->store, db->id, error))
        return FALSE;
    }
  return load_db (m, error) && arrange (m, order, error);
}

/* The files of @book's codex/: path -> text. */
static GHashTable *
codex_files (git_repository *repo,
             GsBook         *book)
{
  GHashTable *files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(git_tree) tree = NULL;
  g_autoptr(git_tree_entry) entry = NULL;
  g_autoptr(git_tree) codex = NULL;

  if (git_oid_is_zero (&book->tree_id) || git_tree_lookup (&tree, repo, &book->tree_id) < 0 ||
      git_tree_entry_bypath (&entry, tree, "codex") < 0 || git_tree_entry_type (entry) != GIT_OBJECT_TREE ||
      git_tree_lookup (&codex, repo, git_tree_entry_id (entry)) < 0)
    return files;
  for (size_t i = 0; i < git_tree_entrycount (codex); i++)
    {
      const git_tree_entry *e = git_tree_entry_byindex (codex, i);
      const char *name = git_tree_entry_name (e);
      char *text;

      if (git_tree_entry_type (e) != GIT_OBJECT_BLOB || !g_str_has_suffix (name, ".md") ||
          (text = gs_blob_text (repo, git_tree_entry_id (e))) == NULL)
        continue;
      g_hash_table_insert (files, g_strconcat ("codex/", name, NULL), text);
    }
  return files;
}

/* Their codex entries into the database's (df_folder_merge_codex). */
static gboolean
merge_codex (Merge   *m,
             GError **error)
{
  g_autoptr(GHashTable) base = codex_files (m->repo->repo, m->base);
  g_autoptr(GHashTable) theirs = codex_files (m->repo->repo, m->theirs);

  if (g_hash_table_size (theirs) == 0 && g_hash_table_size (base) == 0)
    return TRUE;
  return df_folder_merge_codex (m->repo->store, m->repo->project_id, base, theirs, m->label, m->repo->notices,
                                error);
}

gboolean
gs_book_merge_into_db (GsRepo      *repo,
                       GsBook      *base,
                       GsBook      *ours,
                       GsBook      *theirs,
                       const char  *from_label,
                       guint       *n_conflicts,
                       GError     **error)
{
  Merge m = { repo, base, ours, theirs, from_label, NULL, 0 };
  gboolean ok;

  if (!df_store_begin (repo->store, error))
    return FALSE;
  ok = load_db (&m, error) &&
       merge_project (&m, error) &&
       merge_parts (&m, error) &&
       merge_chapters (&m, error) &&
       merge_assets (&m, error) &&
       merge_codex (&m, error);
  g_clear_pointer (&m.db, g_hash_table_unref);
  *n_conflicts = m.n_conflicts;
  if (!ok)
    {
      df_store_rollback (repo->store);
      return FALSE;
    }
  return df_store_commit (repo->store, error);
}
