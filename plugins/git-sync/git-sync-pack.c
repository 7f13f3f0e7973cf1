/* git-sync-pack.c: a first version written as one pack
 *
 * The first version of a long book is hundreds of files; written as
 * loose objects, that is a file (and often a folder) for each, which
 * costs more than the text itself.  Its objects are made in memory (a
 * mempack backend) and written here as one pack, without deltas (a first
 * version has nothing to be a delta of, and looking for them costs more
 * than it saves) and with zlib's fastest level, and its index (.idx,
 * version 2) written here too, from the ids the objects already have and
 * each entry's CRC-32: libgit2's indexer would inflate and hash every
 * object again to make it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-git-sync"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <git2/sys/mempack.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <zlib.h>

#include "git-sync-private.h"

typedef struct
{
  GArray     *ids;      /* git_oid, each once */
  GHashTable *seen;     /* hex ids */
} Objects;

/* An object in the pack, for its index. */
typedef struct
{
  git_oid  id;
  guint32  crc;         /* of its header and compressed data */
  guint32  offset;
} Entry;

static void
objects_add (Objects       *objects,
             const git_oid *id)
{
  char hex[GIT_OID_HEXSZ + 1];

  git_oid_tostr (hex, sizeof hex, id);
  if (g_hash_table_contains (objects->seen, hex))
    return;
  g_hash_table_add (objects->seen, g_strdup (hex));
  g_array_append_val (objects->ids, *id);
}

static int
walk_cb (const char           *root,
         const git_tree_entry *entry,
         void                 *payload)
{
  (void) root;
  objects_add (payload, git_tree_entry_id (entry));
  return 0;
}

/* The pack's header of one object: its type and size, 7 bits a byte. */
static void
add_object_header (GByteArray *pack,
                   int         type,
                   gsize       size)
{
  guint8 byte = (guint8) ((type << 4) | (size & 0x0f));

  size >>= 4;
  while (size != 0)
    {
      byte |= 0x80;
      g_byte_array_append (pack, &byte, 1);
      byte = size & 0x7f;
      size >>= 7;
    }
  g_byte_array_append (pack, &byte, 1);
}

static gboolean
add_object (GByteArray     *pack,
            git_odb        *odb,
            const git_oid  *id,
            Entry          *entry)
{
  git_odb_object *object = NULL;
  const guint8 *data;
  gsize size;
  uLongf bound;
  guint old_len;

  if (git_odb_read (&object, odb, id) < 0)
    return FALSE;
  data = git_odb_object_data (object);
  size = git_odb_object_size (object);
  entry->id = *id;
  entry->offset = pack->len;
  add_object_header (pack, git_odb_object_type (object), size);
  bound = compressBound (size);
  old_len = pack->len;
  g_byte_array_set_size (pack, old_len + bound);
  if (compress2 (pack->data + old_len, &bound, data, size, Z_BEST_SPEED) != Z_OK)
    {
      git_odb_object_free (object);
      return FALSE;
    }
  g_byte_array_set_size (pack, old_len + bound);
  git_odb_object_free (object);
  entry->crc = crc32 (0, pack->data + entry->offset, pack->len - entry->offset);
  return TRUE;
}

/* The pack of @ids: header, objects, SHA-1 trailer; @entries (Entry)
 * for its index. */
static GByteArray *
make_pack (git_odb *odb,
           GArray  *ids,
           GArray  *entries)
{
  g_autoptr(GByteArray) pack = g_byte_array_new ();
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA1);
  guint32 header[3] = { 0, GUINT32_TO_BE (2), GUINT32_TO_BE (ids->len) };
  guint8 digest[20];
  gsize digest_len = sizeof digest;

  memcpy (&header[0], "PACK", 4);
  g_byte_array_append (pack, (const guint8 *) header, sizeof header);
  g_array_set_size (entries, ids->len);
  for (guint i = 0; i < ids->len; i++)
    if (pack->len > G_MAXINT32 ||
        !add_object (pack, odb, &g_array_index (ids, git_oid, i), &g_array_index (entries, Entry, i)))
      return NULL;
  g_checksum_update (sum, pack->data, pack->len);
  g_checksum_get_digest (sum, digest, &digest_len);
  g_byte_array_append (pack, digest, sizeof digest);
  return g_steal_pointer (&pack);
}

static gint
by_id (gconstpointer a,
       gconstpointer b)
{
  return git_oid_cmp (&((const Entry *) a)->id, &((const Entry *) b)->id);
}

static void
append_be32 (GByteArray *out,
             guint32     value)
{
  guint32 be = GUINT32_TO_BE (value);

  g_byte_array_append (out, (const guint8 *) &be, sizeof be);
}

/* The pack's index, version 2: the ids in order with a fan-out table of
 * their first bytes, each entry's CRC-32 and offset, the pack's
 * checksum, then the index's own. */
static GByteArray *
make_index (GArray       *entries,
            const guint8 *pack_sum)
{
  GByteArray *idx = g_byte_array_new ();
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA1);
  static const guint8 magic[] = { 0xff, 't', 'O', 'c', 0, 0, 0, 2 };
  guint8 digest[20];
  gsize digest_len = sizeof digest;
  guint n = 0;

  g_array_sort (entries, by_id);
  g_byte_array_append (idx, magic, sizeof magic);
  for (guint byte = 0; byte < 256; byte++)
    {
      while (n < entries->len && g_array_index (entries, Entry, n).id.id[0] == byte)
        n++;
      append_be32 (idx, n);
    }
  for (guint i = 0; i < entries->len; i++)
    g_byte_array_append (idx, g_array_index (entries, Entry, i).id.id, GIT_OID_RAWSZ);
  for (guint i = 0; i < entries->len; i++)
    append_be32 (idx, g_array_index (entries, Entry, i).crc);
  for (guint i = 0; i < entries->len; i++)
    append_be32 (idx, g_array_index (entries, Entry, i).offset);
  g_byte_array_append (idx, pack_sum, 20);
  g_checksum_update (sum, idx->data, idx->len);
  g_checksum_get_digest (sum, digest, &digest_len);
  g_byte_array_append (idx, digest, sizeof digest);
  return idx;
}

/* @data as @dir/@name, read-only as git keeps its packs: written under
 * a temporary name, then renamed, without the fsync that libgit2 and
 * git leave out by default too (core.fsync). */
static gboolean
write_file (const char    *dir,
            const char    *name,
            GByteArray    *data,
            GError       **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);

  if (!g_file_set_contents_full (tmp, (const char *) data->data, data->len, G_FILE_SET_CONTENTS_NONE, 0444, error))
    return FALSE;
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}

/* The pack and its index into the repository's objects/pack/. */
static gboolean
write_pack (git_repository  *repo,
            git_odb         *odb,
            GByteArray      *pack,
            GArray          *entries,
            GError         **error)
{
  g_autofree char *dir = g_build_filename (git_repository_path (repo), "objects", "pack", NULL);
  g_autoptr(GByteArray) idx = make_index (entries, pack->data + pack->len - 20);
  g_autofree char *hex = g_malloc (41);
  g_autofree char *pack_name = NULL, *idx_name = NULL;

  for (guint i = 0; i < 20; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", pack->data[pack->len - 20 + i]);
  pack_name = g_strdup_printf ("pack-%s.pack", hex);
  idx_name = g_strdup_printf ("pack-%s.idx", hex);
  int rc;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), _("Could not save the version: %s"),
                   g_strerror (errno));
      return FALSE;
    }
  if (!write_file (dir, pack_name, pack, error) || !write_file (dir, idx_name, idx, error))
    {
      g_prefix_error (error, "%s", _("Could not save the version: "));
      return FALSE;
    }
  if ((rc = git_odb_refresh (odb)) < 0)
    {
      gs_set_git_error (error, rc, _("Could not save the version"));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  git_odb    *odb;
  GArray     *ids;
  GArray     *entries;
} Compress;

static gpointer
compress_thread (gpointer data)
{
  Compress *c = data;

  return make_pack (c->odb, c->ids, c->entries);
}

gboolean
gs_pack_write (git_repository  *repo,
               git_odb         *odb,
               const git_oid   *commit_id,
               GsPackWhileFunc  while_func,
               gpointer         while_data,
               GError         **error)
{
  g_autoptr(git_commit) commit = NULL;
  g_autoptr(git_tree) tree = NULL;
  g_autoptr(GByteArray) pack = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (git_oid));
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  Objects objects = { ids, seen };
  Compress compress = { odb, ids, entries };
  GThread *thread;
  gboolean ok = TRUE;
  int rc;

  if ((rc = git_commit_lookup (&commit, repo, commit_id)) < 0 || (rc = git_commit_tree (&tree, commit)) < 0)
    goto failed;
  objects_add (&objects, commit_id);
  objects_add (&objects, git_tree_id (tree));
  if ((rc = git_tree_walk (tree, GIT_TREEWALK_PRE, walk_cb, &objects)) < 0)
    goto failed;
  /* compressed on a thread of its own while @while_func works */
  thread = g_thread_new ("df-git-pack", compress_thread, &compress);
  if (while_func != NULL)
    ok = while_func (while_data, error);
  pack = g_thread_join (thread);
  if (!ok)
    return FALSE;
  rc = -1;
  if (pack == NULL)
    goto failed;
  return write_pack (repo, odb, pack, entries, error);

failed:
  gs_set_git_error (error, rc, _("Could not save the version"));
  return FALSE;
}
