/* git-sync-restore.c: a chapter as a version had it, and the whole book
 * brought back to a version
 *
 * Restoring never rewrites history: the database takes the version's
 * book (chapters added since are deleted, and kept among the deleted
 * chapters; every text replaced is kept as a revision), and a new
 * version on top of the last one records it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-git-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "git-sync-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_object, git_object_free)

/* The commit @version names (a commit id or a prefix of one), which must
 * be one of the branch's versions. */
static gboolean
find_version (GsRepo      *self,
              const char  *version,
              git_oid     *out,
              GError     **error)
{
  g_autoptr(git_object) object = NULL;
  g_autoptr(git_object) peeled = NULL;
  git_oid head;
  GError *local_error = NULL;

  if (version == NULL || *version == '\0' || strspn (version, "0123456789abcdefABCDEF") != strlen (version) ||
      git_revparse_single (&object, self->repo, version) < 0 ||
      git_object_peel (&peeled, object, GIT_OBJECT_COMMIT) < 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND, _("There is no version “%s” of this book (see “sync log”)"),
                   version ? version : "");
      return FALSE;
    }
  git_oid_cpy (out, git_object_id (peeled));
  if (!gs_branch_head (self, &head, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND, _("The book has no versions yet"));
      return FALSE;
    }
  if (!git_oid_equal (&head, out) && git_graph_descendant_of (self->repo, &head, out) != 1)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND, _("“%s” is not one of this book's versions"), version);
      return FALSE;
    }
  return TRUE;
}

char *
gs_show (GsRepo      *self,
         const char  *version,
         gint64       chapter_id,
         GError     **error)
{
  g_autoptr(DfChapter) chapter = df_chapter_get (self->store, chapter_id, error);
  g_autoptr(GsBook) book = NULL;
  GsChapter *found;
  git_oid id;
  char *text;

  if (chapter == NULL || !find_version (self, version, &id, error) ||
      (book = gs_book_load (self->repo, &id, error)) == NULL)
    return NULL;
  found = g_hash_table_lookup (book->by_slug, chapter->slug);
  if (found == NULL || (text = gs_blob_text (self->repo, &found->blob)) == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND, _("“%s” was not in the book in version %.8s"),
                   chapter->title, version);
      return NULL;
    }
  return text;
}

/* "4 December 2026 10:20 (1a2b3c4d)" */
static char *
describe (GsRepo        *self,
          const git_oid *id)
{
  g_autoptr(git_commit) commit = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *date = NULL;
  char hex[9];

  git_oid_tostr (hex, sizeof hex, id);
  if (git_commit_lookup (&commit, self->repo, id) < 0)
    return g_strdup (hex);
  when = g_date_time_new_from_unix_utc (git_commit_author (commit)->when.time);
  date = when ? g_date_time_format (when, "%Y-%m-%d %H:%M") : g_strdup ("");
  return g_strdup_printf ("%s (%s)", date, hex);
}

char *
gs_restore (GsRepo      *self,
            const char  *version,
            GError     **error)
{
  g_autoptr(GsBook) now = NULL;
  g_autoptr(GsBook) then = NULL;
  g_autofree char *what = NULL;
  g_autofree char *message = NULL;
  g_autofree char *saved = NULL;
  guint n_conflicts = 0;
  git_oid target, head;

  /* what changed since the last version is a version first: the
   * database matches the branch, and nothing written is lost */
  if (!find_version (self, version, &target, error) || !gs_save_version (self, NULL, NULL, error) ||
      !gs_branch_head (self, &head, error))
    return NULL;
  what = describe (self, &target);
  now = gs_book_load (self->repo, &head, error);
  then = now ? gs_book_load (self->repo, &target, error) : NULL;
  if (then == NULL)
    return NULL;
  if (git_oid_equal (&now->tree_id, &then->tree_id))
    return g_strdup_printf (_("The book is already as it was in the version of %s"), what);
  /* base and ours the same: every difference is taken from @then */
  if (!gs_book_merge_into_db (self, now, now, then, what, &n_conflicts, error))
    return NULL;
  message = g_strdup_printf (_("Restored the book to the version of %s"), what);
  if (!gs_save_version (self, message, &saved, error))
    return NULL;
  return g_steal_pointer (&message);
}
