/* exporter-book.c: what the exporters ask of a book
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "exporter-util.h"

gboolean
exporter_language_is_rtl (const char *language)
{
  /* The languages written in Arabic, Hebrew, Syriac and Thaana script. */
  static const char *const rtl[] = {
    "ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku-Arab", "pa-Arab",
    "ps", "sd", "syr", "ug", "ur", "yi", NULL
  };

  if (language == NULL)
    return FALSE;
  for (guint i = 0; rtl[i] != NULL; i++)
    {
      gsize len = strlen (rtl[i]);

      if (g_ascii_strncasecmp (language, rtl[i], len) == 0 &&
          (language[len] == '\0' || language[len] == '-' || language[len] == '_'))
        return TRUE;
    }
  return FALSE;
}

gboolean
exporter_book_has_parts (DfBook *book)
{
  for (guint s = 0; s < book->sections->len; s++)
    if (((DfBookSection *) g_ptr_array_index (book->sections, s))->part != NULL)
      return TRUE;
  return FALSE;
}

/* @text cleaned for XML and stripped, or @fallback when that is empty. */
static char *
clean_title (const char *text,
             char       *fallback)
{
  g_autofree char *title = exporter_xml_clean (text);

  g_strstrip (title);
  if (*title == '\0')
    return fallback;
  g_free (fallback);
  return g_steal_pointer (&title);
}

char *
exporter_book_title (DfBook *book)
{
  return clean_title (book->project->title, g_strdup (_("Untitled")));
}

char *
exporter_part_title (DfPart *part)
{
  return clean_title (part->title, g_strdup_printf (_("Part %" PRId64), part->number));
}

char *
exporter_chapter_title (DfChapter *chapter)
{
  return clean_title (chapter->title, g_strdup_printf (_("Chapter %" PRId64), chapter->number));
}

/* The first heading of a chapter that only repeats its title. */
static gboolean
is_title_heading (cmark_node *node,
                  const char *title)
{
  g_autofree char *text = NULL;

  if (node == NULL || cmark_node_get_type (node) != CMARK_NODE_HEADING)
    return FALSE;
  text = exporter_node_text (node);
  return g_strcmp0 (g_strstrip (text), title) == 0;
}

cmark_node *
exporter_parse_chapter (DfChapter  *chapter,
                        const char *title)
{
  cmark_node *doc = exporter_parse_markdown (chapter->content_md ? chapter->content_md : "");
  cmark_node *first = cmark_node_first_child (doc);

  if (is_title_heading (first, title))
    cmark_node_free (first);
  return doc;
}

void
exporter_chapter_reader_init (ExporterChapterReader *reader,
                              DfChapter             *chapter,
                              const char            *title)
{
  reader->markdown = chapter->content_md ? chapter->content_md : "";
  reader->len = strlen (reader->markdown);
  reader->at = 0;
  reader->title = title;
}

cmark_node *
exporter_chapter_reader_next (ExporterChapterReader *reader)
{
  gsize end;
  g_autofree char *piece = NULL;
  cmark_node *doc, *first;

  if (reader->at >= reader->len && (reader->at > 0 || reader->len > 0))
    return NULL;

  end = exporter_markdown_split (reader->markdown, reader->len, reader->at, EXPORTER_CHAPTER_PIECE);
  piece = g_strndup (reader->markdown + reader->at, end - reader->at);
  doc = exporter_parse_markdown (piece);
  if (reader->at == 0)
    {
      first = cmark_node_first_child (doc);
      if (is_title_heading (first, reader->title))
        cmark_node_free (first);
    }
  /* (An empty chapter is one empty stretch.) */
  reader->at = MAX (end, 1);
  return doc;
}

void
exporter_progress (DfExportContext *context,
                   int             *last,
                   double           fraction,
                   const char      *message)
{
  int step = (int)(CLAMP (fraction, 0.0, 1.0) * 20.0);

  if (step != *last)
    {
      *last = step;
      df_export_context_set_progress (context, fraction, message);
    }
}
