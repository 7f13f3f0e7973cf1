/* git-sync-pack.c: a first version written as one pack
 *
 * The first version of a long book is hundreds of files; written as
 * loose objects, that is a file (and often a folder) for each, which
 * costs more than the text itself.  Its objects are made in memory (a
 * mempack backend) and written here as one pack, without deltas (a first
 * version has nothing to be a delta of, and looking for them costs more
 * than it saves) and with zlib's fastest level; libgit2's indexer checks
 * it and writes its index.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-git-sync"

#include "config.h"

#include <string.h>

#include <git2/sys/mempack.h>
#include <glib/gi18n-lib.h>
#include <zlib.h>

#include "git-sync-private.h"

typedef struct
{
  GArray     *ids;      /* git_oid, each once */
  GHashTable *seen;     /* hex ids */
} Objects;

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
            const git_oid  *id)
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
  return TRUE;
}

/* The pack of @ids: header, objects, SHA-1 trailer. */
static GByteArray *
make_pack (git_odb *odb,
           GArray  *ids)
{
  g_autoptr(GByteArray) pack = g_byte_array_new ();
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA1);
  guint32 header[3] = { 0, GUINT32_TO_BE (2), GUINT32_TO_BE (ids->len) };
  guint8 digest[20];
  gsize digest_len = sizeof digest;

  memcpy (&header[0], "PACK", 4);
  g_byte_array_append (pack, (const guint8 *) header, sizeof header);
  for (guint i = 0; i < ids->len; i++)
    if (!add_object (pack, odb, &g_array_index (ids, git_oid, i)))
      return NULL;
  g_checksum_update (sum, pack->data, pack->len);
  g_checksum_get_digest (sum, digest, &digest_len);
  g_byte_array_append (pack, digest, sizeof digest);
  return g_steal_pointer (&pack);
}

gboolean
gs_pack_write (git_repository  *repo,
               git_odb         *odb,
               const git_oid   *commit_id,
               GError         **error)
{
  g_autoptr(git_commit) commit = NULL;
  g_autoptr(git_tree) tree = NULL;
  g_autoptr(GByteArray) pack = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (git_oid));
  Objects objects = { ids, seen };
  git_odb_writepack *writer = NULL;
  git_indexer_progress stats = { 0 };
  int rc;

  if ((rc = git_commit_lookup (&commit, repo, commit_id)) < 0 || (rc = git_commit_tree (&tree, commit)) < 0)
    goto failed;
  objects_add (&objects, commit_id);
  objects_add (&objects, git_tree_id (tree));
  if ((rc = git_tree_walk (tree, GIT_TREEWALK_PRE, walk_cb, &objects)) < 0)
    goto failed;
  pack = make_pack (odb, ids);
  rc = -1;
  if (pack == NULL)
    goto failed;
  if ((rc = git_odb_write_pack (&writer, odb, NULL, NULL)) < 0 ||
      (rc = writer->append (writer, pack->data, pack->len, &stats)) < 0 ||
      (rc = writer->commit (writer, &stats)) < 0)
    goto failed;
  writer->free (writer);
  return TRUE;

failed:
  if (writer != NULL)
    writer->free (writer);
  gs_set_git_error (error, rc, _("Could not save the version"));
  return FALSE;
}
