/* df-docx-exporter-blocks.c: paragraphs, lists and tables; the chapters,
 * the contents and the title page
 *
 * Parts are Heading 1 and their chapters Heading 2; a book without parts
 * has its chapters as Heading 1.  Headings inside a chapter come below
 * the chapter's level.  Lists use word/numbering.xml.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-exporter-docx"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "df-docx-exporter-private.h"

void
docx_paragraph_start (GString    *out,
                      const char *style,
                      int         list_depth,
                      int         num_id,
                      const char *extra)
{
  gsize start;

  g_string_append (out, "<w:p><w:pPr>");
  start = out->len;
  if (style != NULL)
    g_string_append_printf (out, "<w:pStyle w:val=\"%s\"/>", style);
  if (num_id > 0)
    g_string_append_printf (out, "<w:numPr><w:ilvl w:val=\"%d\"/><w:numId w:val=\"%d\"/></w:numPr>",
                            CLAMP (list_depth - 1, 0, 8), num_id);
  else if (list_depth > 0)
    g_string_append_printf (out, "<w:ind w:left=\"%d\"/>", 720 * list_depth);
  if (extra != NULL)
    g_string_append (out, extra);
  if (out->len == start)
    g_string_truncate (out, start - strlen ("<w:pPr>"));
  else
    g_string_append (out, "</w:pPr>");
}

/* A paragraph of plain @text. */
static void
text_paragraph (GString    *out,
                const char *style,
                int         list_depth,
                const char *extra,
                const char *text)
{
  RunStyle plain = { 0 };

  docx_paragraph_start (out, style, list_depth, 0, extra);
  docx_text_run (out, &plain, text);
  g_string_append (out, "</w:p>");
}

static void
render_table (Docx       *docx,
              GString    *out,
              cmark_node *table)
{
  guint columns = 0;
  int width;

  for (cmark_node *row = cmark_node_first_child (table); row; row = cmark_node_next (row))
    {
      guint n = 0;
      for (cmark_node *cell = cmark_node_first_child (row); cell; cell = cmark_node_next (cell))
        n++;
      columns = MAX (columns, n);
    }
  if (columns == 0)
    return;
  width = 9638 / columns;   /* the text width in twentieths of a point */

  g_string_append (out,
                   "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>"
                   "<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
                   "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
                   "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
                   "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
                   "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
                   "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
                   "</w:tblBorders></w:tblPr><w:tblGrid>");
  for (guint c = 0; c < columns; c++)
    g_string_append_printf (out, "<w:gridCol w:w=\"%d\"/>", width);
  g_string_append (out, "</w:tblGrid>");

  for (cmark_node *row = cmark_node_first_child (table); row; row = cmark_node_next (row))
    {
      gboolean header = row == cmark_node_first_child (table);
      guint n = 0;

      g_string_append (out, "<w:tr>");
      if (header)
        g_string_append (out, "<w:trPr><w:tblHeader/></w:trPr>");
      for (cmark_node *cell = cmark_node_first_child (row); cell; cell = cmark_node_next (cell), n++)
        {
          RunStyle style = { .bold = header };

          g_string_append_printf (out, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/></w:tcPr>", width);
          docx_paragraph_start (out, "Compact", 0, 0, NULL);
          docx_inline_runs (docx, out, cell, style);
          g_string_append (out, "</w:p></w:tc>");
        }
      for (; n < columns; n++)
        g_string_append_printf (out, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/></w:tcPr><w:p/></w:tc>",
                                width);
      g_string_append (out, "</w:tr>");
    }
  g_string_append (out, "</w:tbl>");
  /* Word wants a paragraph between two tables */
  g_string_append (out, "<w:p/>");
}

static int
new_list_numbering (Docx    *docx,
                    gboolean ordered,
                    int      start)
{
  int id = ++docx->next_num;

  g_string_append_printf (docx->numbering, "<w:num w:numId=\"%d\"><w:abstractNumId w:val=\"%d\"/>",
                          id, ordered ? 1 : 0);
  if (ordered)
    for (int level = 0; level < 9; level++)
      g_string_append_printf (docx->numbering,
                              "<w:lvlOverride w:ilvl=\"%d\"><w:startOverride w:val=\"%d\"/></w:lvlOverride>",
                              level, level == 0 ? start : 1);
  g_string_append (docx->numbering, "</w:num>");
  return id;
}

static void
render_heading (Docx       *docx,
                GString    *out,
                cmark_node *node)
{
  int level = MIN (docx->chapter_level + cmark_node_get_heading_level (node), 6);
  g_autofree char *heading = g_strdup_printf ("Heading%d", level);
  RunStyle plain = { 0 };

  docx_paragraph_start (out, heading, 0, 0, NULL);
  docx_inline_runs (docx, out, node, plain);
  g_string_append (out, "</w:p>");
}

static void
render_list (Docx       *docx,
             GString    *out,
             cmark_node *list,
             const char *style,
             int         list_depth)
{
  gboolean ordered = cmark_node_get_list_type (list) == CMARK_ORDERED_LIST;
  int id = new_list_numbering (docx, ordered, cmark_node_get_list_start (list));

  for (cmark_node *item = cmark_node_first_child (list); item; item = cmark_node_next (item))
    docx_render_blocks (docx, out, item, style, list_depth + 1, id);
}

/* Raw HTML: a paragraph of the pictures of its <img> tags, if any. */
static void
render_html_block (Docx       *docx,
                   GString    *out,
                   cmark_node *node,
                   const char *style,
                   int         list_depth)
{
  g_autoptr(GString) images = g_string_new (NULL);

  if (docx_html_images (docx, images, cmark_node_get_literal (node)))
    {
      docx_paragraph_start (out, style, list_depth, 0, NULL);
      g_string_append_len (out, images->str, images->len);
      g_string_append (out, "</w:p>");
    }
}

static void
render_code_block (GString    *out,
                   cmark_node *node,
                   int         list_depth)
{
  g_autofree char *code = g_strdup (cmark_node_get_literal (node) ?: "");
  gsize len = strlen (code);

  while (len > 0 && code[len - 1] == '\n')
    code[--len] = '\0';
  text_paragraph (out, "Code", list_depth, NULL, code);
}

void
docx_render_blocks (Docx       *docx,
                    GString    *out,
                    cmark_node *parent,
                    const char *style,
                    int         list_depth,
                    int         num_id)
{
  for (cmark_node *node = cmark_node_first_child (parent); node; node = cmark_node_next (node))
    {
      RunStyle plain = { 0 };

      switch (cmark_node_get_type (node))
        {
        case CMARK_NODE_PARAGRAPH:
          docx_paragraph_start (out, num_id > 0 ? "ListParagraph" : style, list_depth, num_id, NULL);
          docx_inline_runs (docx, out, node, plain);
          g_string_append (out, "</w:p>");
          num_id = 0;
          break;
        case CMARK_NODE_HEADING:
          render_heading (docx, out, node);
          break;
        case CMARK_NODE_BLOCK_QUOTE:
          docx_render_blocks (docx, out, node, "Quote", list_depth, num_id);
          num_id = 0;
          break;
        case CMARK_NODE_LIST:
          render_list (docx, out, node, style, list_depth);
          break;
        case CMARK_NODE_HTML_BLOCK:
          render_html_block (docx, out, node, style, list_depth);
          break;
        case CMARK_NODE_CODE_BLOCK:
          render_code_block (out, node, list_depth);
          break;
        case CMARK_NODE_THEMATIC_BREAK:
          text_paragraph (out, style, 0, "<w:jc w:val=\"center\"/>", "*   *   *");
          break;
        case CMARK_NODE_FOOTNOTE_DEFINITION:
          break;   /* written where it is referred to */
        default:
          if (g_strcmp0 (cmark_node_get_type_string (node), "table") == 0)
            render_table (docx, out, node);
          else
            docx_render_blocks (docx, out, node, style, list_depth, num_id);
          break;
        }
    }
}

/* ---- the book -------------------------------------------------------- */

void
docx_title_page (GString    *out,
                 const char *title,
                 const char *author)
{
  text_paragraph (out, "Title", 0, NULL, title);
  if (*author != '\0')
    text_paragraph (out, "Subtitle", 0, NULL, author);
}

/* The contents: a TOC field over the part and chapter headings, whose
 * cached result lists their titles (shown as they are by readers that do
 * not compute fields); Word fills in the page numbers when it opens the
 * document (updateFields in settings.xml). */
void
docx_contents_field (GString  *out,
                     DfBook   *book,
                     int       chapter_level,
                     gboolean  page_break)
{
  RunStyle plain = { 0 };

  g_string_append (out, "<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val=\"Table of Contents\"/>"
                        "<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>");
  g_string_append_printf (out, "<w:p><w:pPr><w:pStyle w:val=\"TOCHeading\"/>%s</w:pPr>",
                          page_break ? "<w:pageBreakBefore/>" : "");
  docx_text_run (out, &plain, _("Contents"));
  g_string_append (out, "</w:p>");

  for (guint s = 0, first = TRUE; s < book->sections->len; s++)
    {
      DfBookSection *section = g_ptr_array_index (book->sections, s);
      GPtrArray *entries = g_ptr_array_new ();

      if (section->part != NULL)
        g_ptr_array_add (entries, section->part->title);
      for (guint c = 0; c < section->chapters->len; c++)
        g_ptr_array_add (entries, ((DfChapter *) g_ptr_array_index (section->chapters, c))->title);

      for (guint e = 0; e < entries->len; e++, first = FALSE)
        {
          int level = (section->part != NULL && e == 0) ? 1 : chapter_level;
          g_autofree char *title = exporter_xml_clean (g_ptr_array_index (entries, e));

          g_string_append_printf (out, "<w:p><w:pPr><w:pStyle w:val=\"TOC%d\"/></w:pPr>", level);
          if (first)
            g_string_append (out, "<w:r><w:fldChar w:fldCharType=\"begin\" w:dirty=\"true\"/></w:r>"
                                  "<w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-2\" \\h \\z \\u </w:instrText></w:r>"
                                  "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>");
          docx_text_run (out, &plain, g_strstrip (title));
          g_string_append (out, "</w:p>");
        }
      g_ptr_array_unref (entries);
    }
  g_string_append (out, "<w:p><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>");
  g_string_append (out, "</w:sdtContent></w:sdt>");
}

void
docx_heading_paragraph (GString    *out,
                        int         level,
                        const char *title,
                        gboolean    page_break)
{
  RunStyle plain = { 0 };

  g_string_append_printf (out, "<w:p><w:pPr><w:pStyle w:val=\"Heading%d\"/>%s</w:pPr>",
                          level, page_break ? "<w:pageBreakBefore/>" : "");
  docx_text_run (out, &plain, title);
  g_string_append (out, "</w:p>");
}

/* cmark numbers the notes in the order they are referred to (a
 * reference's literal is its number) and keeps the definitions of those
 * referred to at the end of the document, in that order. */
static void
collect_notes (Docx       *docx,
               cmark_node *doc)
{
  guint number = 0;

  g_hash_table_remove_all (docx->note_defs);
  g_hash_table_remove_all (docx->note_ids);
  for (cmark_node *node = cmark_node_first_child (doc); node; node = cmark_node_next (node))
    if (cmark_node_get_type (node) == CMARK_NODE_FOOTNOTE_DEFINITION)
      g_hash_table_insert (docx->note_defs, g_strdup_printf ("%u", ++number), node);
}

void
docx_render_chapter (Docx      *docx,
                     GString   *out,
                     DfChapter *chapter,
                     gboolean   page_break)
{
  g_autofree char *title = g_strstrip (g_strdup (chapter->title ? chapter->title : ""));
  cmark_node *doc = exporter_parse_chapter (chapter, title);

  docx_heading_paragraph (out, docx->chapter_level, title, page_break);
  collect_notes (docx, doc);
  docx_render_blocks (docx, out, doc, NULL, 0, 0);
  g_hash_table_remove_all (docx->note_defs);
  cmark_node_free (doc);
}
