/* exporter-doc.c: a chapter parsed for XHTML, and links between chapters
 *
 * A book's chapters are all parsed first, for the ids their headings get
 * (links between chapters need them), and each tree is let go at once:
 * it is parsed again when the chapter is written, and let go after, so
 * that an export holds one chapter's tree at a time, not the book's
 * (about 14 bytes a byte of text).  The same text gives the same ids.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "exporter-xhtml.h"

struct _ExporterDoc
{
  DfBook     *book;         /* borrowed: the chapter's text comes from it */
  DfChapter  *chapter;      /* borrowed: the book's */
  cmark_node *root;         /* NULL while let go */
  GHashTable *node_ids;     /* heading node -> id (borrowed from slug_ids) */
  GHashTable *slug_ids;     /* mdBook slug -> id (both owned) */
};

/* mdBook's normalize_id: alphanumerics (ASCII lowercased), '_' and '-'
 * kept, whitespace to '-', the rest dropped. */
static char *
mdbook_slug (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c) || c == '_' || c == '-')
        {
          if (c < 0x80)
            g_string_append_c (out, g_ascii_tolower ((char)c));
          else
            g_string_append_unichar (out, c);
        }
      else if (g_unichar_isspace (c))
        g_string_append_c (out, '-');
    }

  return g_string_free (out, FALSE);
}

/* An id that is a valid XML name: it starts with a letter or '_', and
 * holds no characters NCName forbids (mdbook_slug keeps alphanumerics;
 * some Unicode digits and marks may still not start a name). */
static char *
xml_id_from_slug (const char *slug)
{
  gunichar first = g_utf8_get_char (slug);

  if (*slug == '\0')
    return g_strdup ("section");
  if (first == '_' || (g_unichar_isalpha (first) && !g_unichar_ismark (first)))
    return g_strdup (slug);
  return g_strconcat ("h-", slug, NULL);
}

/* Parses the chapter's text and names its headings; a book that reads
 * its texts as needed lets the text go again (the tree holds its own). */
static gboolean
parse (ExporterDoc  *doc,
       GError      **error)
{
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *markdown = df_book_chapter_text (doc->book, doc->chapter, error);
  cmark_iter *iter;
  cmark_event_type event;

  if (markdown == NULL)
    return FALSE;
  doc->root = exporter_parse_markdown (markdown);
  df_book_chapter_release (doc->book, doc->chapter);
  g_clear_pointer (&doc->node_ids, g_hash_table_unref);
  g_clear_pointer (&doc->slug_ids, g_hash_table_unref);
  doc->node_ids = g_hash_table_new (NULL, NULL);
  doc->slug_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  iter = cmark_iter_new (doc->root);
  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);
      g_autofree char *text = NULL;
      g_autofree char *base = NULL;
      char *slug;
      char *id;

      if (event != CMARK_EVENT_ENTER || cmark_node_get_type (node) != CMARK_NODE_HEADING)
        continue;

      text = exporter_node_text (node);
      base = mdbook_slug (text);
      slug = g_strdup (base);
      for (guint n = 1; g_hash_table_contains (doc->slug_ids, slug); n++)
        {
          g_free (slug);
          slug = g_strdup_printf ("%s-%u", base, n);
        }
      id = xml_id_from_slug (slug);
      while (g_hash_table_contains (used, id))
        {
          char *longer = g_strconcat (id, "-x", NULL);
          g_free (id);
          id = longer;
        }
      g_hash_table_add (used, g_strdup (id));
      g_hash_table_insert (doc->node_ids, node, id);
      g_hash_table_insert (doc->slug_ids, slug, id);
      cmark_iter_reset (iter, node, CMARK_EVENT_EXIT);
    }
  cmark_iter_free (iter);
  return TRUE;
}

ExporterDoc *
exporter_doc_new (DfBook     *book,
                  DfChapter  *chapter,
                  GError    **error)
{
  ExporterDoc *doc = g_new0 (ExporterDoc, 1);

  doc->book = book;
  doc->chapter = chapter;
  if (!parse (doc, error))
    {
      exporter_doc_free (doc);
      return NULL;
    }
  return doc;
}

gboolean
exporter_doc_load (ExporterDoc  *doc,
                   GError      **error)
{
  return doc->root != NULL || parse (doc, error);
}

void
exporter_doc_release (ExporterDoc *doc)
{
  g_clear_pointer (&doc->root, cmark_node_free);
  g_hash_table_remove_all (doc->node_ids);
}

void
exporter_doc_free (ExporterDoc *doc)
{
  if (doc == NULL)
    return;
  g_clear_pointer (&doc->slug_ids, g_hash_table_unref);
  g_clear_pointer (&doc->node_ids, g_hash_table_unref);
  g_clear_pointer (&doc->root, cmark_node_free);
  g_free (doc);
}

const char *
exporter_doc_lookup_id (ExporterDoc *doc,
                        const char  *slug)
{
  return g_hash_table_lookup (doc->slug_ids, slug);
}

cmark_node *
exporter_doc_get_root (ExporterDoc *doc)
{
  g_autoptr(GError) error = NULL;

  /* Callers load it first (exporter_doc_load); an empty tree rather
   * than none if the text could not be read after all. */
  if (doc->root == NULL && !parse (doc, &error))
    {
      g_warning ("%s", error->message);
      doc->root = exporter_parse_markdown ("");
    }
  return doc->root;
}

const char *
exporter_doc_get_heading_id (ExporterDoc *doc,
                             cmark_node  *heading)
{
  return g_hash_table_lookup (doc->node_ids, heading);
}

gboolean
exporter_doc_starts_with_title (ExporterDoc *doc,
                                const char  *title)
{
  cmark_node *first = cmark_node_first_child (exporter_doc_get_root (doc));
  g_autofree char *text = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *clean = NULL;

  /* Raw HTML (comments, anchors) before the heading is not shown. */
  while (first != NULL && cmark_node_get_type (first) == CMARK_NODE_HTML_BLOCK)
    first = cmark_node_next (first);
  if (first == NULL || cmark_node_get_type (first) != CMARK_NODE_HEADING || title == NULL)
    return FALSE;

  text = exporter_node_text (first);
  clean = exporter_xml_clean (title);
  a = exporter_title_key (text);
  b = exporter_title_key (clean);
  return *a != '\0' && strcmp (a, b) == 0;
}

/* ---- chapters by file name ------------------------------------------- */

static int
find_slug (DfBook     *book,
           const char *candidate,
           gboolean    as_suffix)
{
  if (candidate == NULL || *candidate == '\0')
    return -1;

  for (guint i = 0; i < book->chapters->len; i++)
    {
      DfChapter *chapter = g_ptr_array_index (book->chapters, i);

      if (chapter->slug == NULL)
        continue;
      if (g_strcmp0 (chapter->slug, candidate) == 0)
        return i;
      if (as_suffix)
        {
          gsize a = strlen (chapter->slug), b = strlen (candidate);

          if (a > b && chapter->slug[a - b - 1] == '-' && strcmp (chapter->slug + a - b, candidate) == 0)
            return i;
        }
    }
  return -1;
}

int
exporter_find_chapter (DfBook     *book,
                       const char *file)
{
  g_autofree char *base = NULL;
  const char *slash = strrchr (file, '/');
  char *dot;
  const char *p;
  int found;

  base = g_ascii_strdown (slash ? slash + 1 : file, -1);
  if ((dot = strrchr (base, '.')) != NULL)
    {
      if (strcmp (dot, ".md") != 0 && strcmp (dot, ".html") != 0 && strcmp (dot, ".htm") != 0)
        return -1;
      *dot = '\0';
    }

  if ((found = find_slug (book, base, FALSE)) >= 0)
    return found;

  /* "ch04-02-references-and-borrowing", "appendix-01-keywords",
   * "appendix-00": a word, numbers, then the name. */
  p = base;
  while (g_ascii_isalpha (*p))
    p++;
  if (p > base && (*p == '-' || g_ascii_isdigit (*p)))
    {
      g_autofree char *word = g_strndup (base, p - base);
      const char *rest = p;

      while (*rest == '-' || g_ascii_isdigit (*rest))
        rest++;
      if (*rest != '\0')
        {
          if ((found = find_slug (book, rest, FALSE)) >= 0 ||
              (found = find_slug (book, rest, TRUE)) >= 0)
            return found;
        }
      else if ((found = find_slug (book, word, FALSE)) >= 0)
        return found;
    }

  return find_slug (book, base, TRUE);
}

GPtrArray *
exporter_parse_chapters (DfExportContext  *context,
                         DfBook           *book,
                         int              *progress_step,
                         GError          **error)
{
  GCancellable *cancellable = df_export_context_get_cancellable (context);
  guint n_chapters = book->chapters->len;
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) exporter_doc_free);

  for (guint i = 0; i < n_chapters; i++)
    {
      DfChapter *chapter = g_ptr_array_index (book->chapters, i);

      ExporterDoc *doc = exporter_doc_new (book, chapter, error);

      if (doc == NULL)
        return NULL;

      /* Its ids are kept; its tree is parsed again when it is written. */
      exporter_doc_release (doc);
      g_ptr_array_add (docs, doc);
      if (i % 8 == 0)
        {
          exporter_progress (context, progress_step, 0.4 * i / n_chapters, _("Reading the chapters"));
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
        }
    }
  return g_steal_pointer (&docs);
}

gboolean
exporter_resolve_link (DfBook      *book,
                       GPtrArray   *docs,
                       const char  *href,
                       int         *index,
                       const char **id)
{
  const char *hash = strchr (href, '#');
  g_autofree char *file = hash ? g_strndup (href, hash - href) : g_strdup (href);

  if (strchr (file, ':') != NULL || *file == '\0')
    return FALSE;
  *index = exporter_find_chapter (book, file);
  if (*index < 0)
    return FALSE;
  *id = NULL;
  if (hash != NULL && hash[1] != '\0')
    *id = exporter_doc_lookup_id (g_ptr_array_index (docs, *index), hash + 1);
  return TRUE;
}
