/* df-book.c: a whole project read at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-book"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "df-book.h"
#include "df-level-blocks.h"
#include "df-store-private.h"

static void
section_free (DfBookSection *section)
{
  g_clear_pointer (&section->part, df_part_free);
  g_clear_pointer (&section->chapters, g_ptr_array_unref);
  g_free (section);
}

void
df_book_free (DfBook *book)
{
  if (book == NULL)
    return;
  g_clear_pointer (&book->project, df_project_free);
  g_clear_pointer (&book->sections, g_ptr_array_unref);
  g_clear_pointer (&book->chapters, g_ptr_array_unref);
  g_free (book->author);
  g_clear_pointer (&book->reader, df_profile_free);
  g_free (book);
}

static gboolean
part_included (const gint64 *part_numbers,
               gint64        number)
{
  if (part_numbers == NULL)
    return TRUE;
  for (const gint64 *n = part_numbers; *n != 0; n++)
    if (*n == number)
      return TRUE;
  return FALSE;
}

static DfBook *
book_load (DfStore       *store,
           gint64         project_id,
           const gint64  *part_numbers,
           gboolean       lazily,
           GError       **error)
{
  g_autoptr(DfBook) book = g_new0 (DfBook, 1);
  g_autoptr(GPtrArray) listing = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(DfProfile) author = NULL;
  DfBookSection *section = NULL;

  book->project = df_project_get_by_id (store, project_id, error);
  if (book->project == NULL)
    return NULL;

  if ((listing = df_chapter_list (store, project_id, error)) == NULL ||
      (parts = df_part_list (store, project_id, error)) == NULL)
    return NULL;

  author = df_profile_get_active (store, NULL);
  book->author = author ? g_strdup (author->display_name) : NULL;
  book->sections = g_ptr_array_new_with_free_func ((GDestroyNotify)section_free);
  book->chapters = g_ptr_array_new ();

  for (guint i = 0; i < listing->len; i++)
    {
      DfChapter *entry = g_ptr_array_index (listing, i);
      DfPart *part = NULL;
      DfChapter *chapter;

      for (guint j = 0; j < parts->len; j++)
        if (((DfPart *)g_ptr_array_index (parts, j))->id == entry->part_id)
          part = g_ptr_array_index (parts, j);

      if (part != NULL && !part_included (part_numbers, part->number))
        continue;
      /* A chapter the writer keeps out of the book (df_chapter_statuses). */
      if (g_strcmp0 (entry->status, "excluded") == 0)
        continue;

      if (section == NULL ||
          (section->part ? section->part->id : 0) != (part ? part->id : 0))
        {
          section = g_new0 (DfBookSection, 1);
          if (part != NULL)
            {
              section->part = g_new0 (DfPart, 1);
              *section->part = *part;
              section->part->title = g_strdup (part->title);
              section->part->description = g_strdup (part->description);
              section->part->layer = g_strdup (part->layer);
              section->part->tier = g_strdup (part->tier);
            }
          section->chapters = g_ptr_array_new_with_free_func ((GDestroyNotify)df_chapter_free);
          g_ptr_array_add (book->sections, section);
        }

      if (lazily)
        {
          /* The listing's entry, without its text: taken from the list. */
          chapter = entry;
          listing->pdata[i] = NULL;
        }
      else if ((chapter = df_chapter_get (store, entry->id, error)) == NULL)
        return NULL;
      g_ptr_array_add (section->chapters, chapter);
      g_ptr_array_add (book->chapters, chapter);
    }

  book->store = store;
  book->lazy = lazily;
  return g_steal_pointer (&book);
}

DfBook *
df_book_load (DfStore       *store,
              gint64         project_id,
              const gint64  *part_numbers,
              GError       **error)
{
  return book_load (store, project_id, part_numbers, FALSE, error);
}

DfBook *
df_book_load_lazily (DfStore       *store,
                     gint64         project_id,
                     const gint64  *part_numbers,
                     GError       **error)
{
  return book_load (store, project_id, part_numbers, TRUE, error);
}

/* @chapter's text as the book's reader reads it, in its place. */
static gboolean
as_read (DfBook     *book,
         DfChapter  *chapter,
         GError    **error)
{
  char *text;

  if (book->reader == NULL || chapter->content_md == NULL)
    return TRUE;
  if ((text = df_personalize_offline (book->store, book->reader, chapter, NULL, error)) == NULL)
    return FALSE;
  g_free (chapter->content_md);
  chapter->content_md = text;
  return TRUE;
}

const char *
df_book_chapter_text (DfBook     *book,
                      DfChapter  *chapter,
                      GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (book != NULL && chapter != NULL, NULL);

  if (chapter->content_md != NULL || !book->lazy)
    return chapter->content_md != NULL ? chapter->content_md : "";

  stmt = df_store_prepare (book->store, "SELECT content_md FROM chapters WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, chapter->id);
  if (!df_store_step (book->store, stmt, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                     _("The chapter “%s” is no longer in the book"), chapter->title);
      return NULL;
    }
  chapter->content_md = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  if (chapter->content_md == NULL)
    chapter->content_md = g_strdup ("");
  if (!as_read (book, chapter, error))
    {
      g_clear_pointer (&chapter->content_md, g_free);
      return NULL;
    }
  return chapter->content_md;
}

gboolean
df_book_read_texts (DfBook  *book,
                    GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (book != NULL, FALSE);

  for (guint i = 0; i < book->chapters->len; i++)
    {
      DfChapter *chapter = book->chapters->pdata[i];

      if (chapter->content_md == NULL)
        g_hash_table_insert (by_id, &chapter->id, chapter);
    }
  if (g_hash_table_size (by_id) == 0)
    return TRUE;
  stmt = df_store_prepare (book->store, "SELECT id, content_md FROM chapters WHERE project_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, book->project->id);
  while (df_store_step (book->store, stmt, &local_error))
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      DfChapter *chapter = g_hash_table_lookup (by_id, &id);

      if (chapter == NULL)
        continue;
      chapter->content_md = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      if (chapter->content_md == NULL)
        chapter->content_md = g_strdup ("");
      if (!as_read (book, chapter, error))
        return FALSE;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

void
df_book_chapter_release (DfBook    *book,
                         DfChapter *chapter)
{
  g_return_if_fail (book != NULL && chapter != NULL);

  if (book->lazy)
    g_clear_pointer (&chapter->content_md, g_free);
}

gboolean
df_book_set_reader (DfBook     *book,
                    DfProfile  *reader,
                    GError    **error)
{
  g_return_val_if_fail (book != NULL, FALSE);

  g_clear_pointer (&book->reader, df_profile_free);
  book->reader = reader;
  /* The texts already there: as the reader reads them, now. */
  for (guint i = 0; i < book->chapters->len; i++)
    if (!as_read (book, book->chapters->pdata[i], error))
      return FALSE;
  return TRUE;
}

GBytes *
df_book_get_asset (DfStore     *store,
                   DfBook      *book,
                   const char  *path,
                   char       **mime_type,
                   GError     **error)
{
  const char *p = path;

  /* "./img/x.png" and "img/x.png" name the same image. */
  while (g_str_has_prefix (p, "./"))
    p += 2;

  return df_asset_get (store, book->project->id, p, mime_type, error);
}

/* Whether @info names a Rust block: "rust", "rust,ignore", "rust edition2021". */
static gboolean
is_rust (const char *info)
{
  gsize n;

  if (info == NULL)
    return FALSE;
  while (*info == ' ' || *info == '\t')
    info++;
  n = strcspn (info, " \t,{");
  return n == 4 && strncmp (info, "rust", 4) == 0;
}

/**
 * df_book_code_shown:
 *
 * See df-book.h.
 */
char *
df_book_code_shown (const char *info,
                    const char *code)
{
  GString *out;

  g_return_val_if_fail (code != NULL, NULL);

  if (!is_rust (info))
    return g_strdup (code);

  out = g_string_sized_new (strlen (code));
  for (const char *p = code; *p != '\0';)
    {
      const char *e = strchr (p, '\n');
      const char *next = e ? e + 1 : p + strlen (p);
      const char *s = p;

      while (s < next && (*s == ' ' || *s == '\t'))
        s++;
      if (s < next && *s == '#' && s + 1 < next && s[1] == '#')
        {
          /* "##" shows as "#" */
          g_string_append_len (out, p, s - p);
          g_string_append_len (out, s + 1, next - (s + 1));
        }
      else if (!(s < next && *s == '#' && (s + 1 == next || (s[1] != '!' && s[1] != '['))))
        g_string_append_len (out, p, next - p);
      p = next;
    }
  return g_string_free (out, FALSE);
}
