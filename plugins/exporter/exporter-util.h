/* exporter-util.h: what the exporters share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cmark-gfm.h>
#include <draftforge-plugin.h>
#include <zip.h>

G_BEGIN_DECLS

/* exporter-format.c --------------------------------------------------- */

/* What an exporter is: its type's DfExporter functions are answered
 * from this (static) description. */
typedef struct
{
  const char *type_name;      /* the GType's name: "ExporterEpub" (the plugin's own prefix, never Df) */
  const char *format;         /* what --format names: "epub" */
  const char *name;           /* for people, marked with N_(): translated when asked */
  const char *extension;      /* without the dot */
  const char *mime_type;
  gboolean  (*export)        (DfExporter       *exporter,
                              DfExportContext  *context,
                              GError          **error);
} ExporterFormat;

/* The formats' export functions, one in each df-<format>-exporter.c. */
gboolean    df_epub_exporter_export     (DfExporter           *exporter,
                                         DfExportContext      *context,
                                         GError              **error);
gboolean    df_pdf_exporter_export      (DfExporter           *exporter,
                                         DfExportContext      *context,
                                         GError              **error);
gboolean    df_docx_exporter_export     (DfExporter           *exporter,
                                         DfExportContext      *context,
                                         GError              **error);
gboolean    df_html_exporter_export     (DfExporter           *exporter,
                                         DfExportContext      *context,
                                         GError              **error);
gboolean    df_markdown_exporter_export (DfExporter           *exporter,
                                         DfExportContext      *context,
                                         GError              **error);

/* The type of @format's exporter, registered the first time: a final
 * GObject that implements DfExporter from @format. */
GType       exporter_format_get_type    (const ExporterFormat *format);

/* exporter-markdown.c ------------------------------------------------- */

/* Parses Markdown with cmark-gfm: tables, strikethrough, autolinks,
 * footnotes, smart punctuation; never CMARK_OPT_UNSAFE (raw HTML is
 * dropped).  Characters XML cannot hold are removed first.  Holds
 * df_markdown_parse_lock while parsing.  Free with cmark_node_free. */
cmark_node *exporter_parse_markdown     (const char  *markdown);
/* Where the Markdown after byte @from of @markdown (@len bytes) may be
 * cut so that both sides parse as they would together: the start of a
 * paragraph beginning with a letter, after a blank line and outside
 * fenced code, at least @at_least bytes on; @len when there is none, or
 * when @markdown ties blocks far apart (reference links, footnotes, raw
 * HTML that runs over blank lines) and must be parsed whole. */
gsize       exporter_markdown_split     (const char  *markdown,
                                         gsize        len,
                                         gsize        from,
                                         gsize        at_least);
/* @text without the characters XML 1.0 forbids (C0 controls but tab,
 * newline and carriage return; U+FFFE, U+FFFF), and with invalid UTF-8
 * replaced by U+FFFD. */
char       *exporter_xml_clean          (const char  *text);
/* Appends @text (len -1: NUL-terminated) cleaned and escaped for XML
 * text and attribute values (& < > " '). */
void        exporter_xml_escape_append  (GString     *out,
                                         const char  *text,
                                         gssize       len);
/* Appends @open, @text cleaned and escaped, then @close: an element
 * holding text. */
void        exporter_xml_append_element (GString     *out,
                                         const char  *open,
                                         const char  *text,
                                         const char  *close);
/* The plain text of a node and its children (for titles, alt text). */
char       *exporter_node_text          (cmark_node  *node);
/* Letters and digits only, casefolded, to compare titles:
 * "Rust’s  Tools!" and "rust's tools" have the same key. */
char       *exporter_title_key          (const char  *text);

/* Raw HTML is not shown, but the <img> tags in it are images. */
typedef struct
{
  char *src;                  /* NULL when the tag has none */
  char *alt;                  /* "" when the tag has none */
} ExporterRawImage;

void        exporter_raw_image_free     (gpointer     image);
/* ExporterRawImage* in order, or NULL when @html has no <img>. */
GPtrArray  *exporter_raw_html_images    (const char  *html);

/* exporter-book.c ----------------------------------------------------- */

/* Whether @language (a BCP 47 tag: "ur", "ar-EG", "he"; NULL: no) is
 * written right to left, by its primary subtag. */
gboolean    exporter_language_is_rtl    (const char      *language);
/* Whether any section of @book is in a part. */
gboolean    exporter_book_has_parts     (DfBook          *book);
/* Titles as they may be shown: cleaned for XML, stripped, and never
 * empty ("Untitled", "Part N", "Chapter N" stand in). */
char       *exporter_book_title         (DfBook          *book);
char       *exporter_part_title         (DfPart          *part);
char       *exporter_chapter_title      (DfChapter       *chapter);
/* The chapter's Markdown parsed (exporter_parse_markdown), without a
 * first heading that only repeats @title (the chapter's title, stripped):
 * the exporter writes the title itself.  Free with cmark_node_free. */
cmark_node *exporter_parse_chapter      (DfChapter       *chapter,
                                         const char      *title);
/* The same a stretch of blocks at a time (about
 * EXPORTER_CHAPTER_PIECE bytes of Markdown, where it may be cut:
 * exporter_markdown_split), so that a long chapter's syntax tree (some
 * 14 bytes for a byte of text) is never whole in memory.  A chapter with
 * notes comes whole, notes and all. */
#define EXPORTER_CHAPTER_PIECE (256 * 1024)

typedef struct
{
  const char *markdown;
  gsize       len;
  gsize       at;
  const char *title;
} ExporterChapterReader;

void        exporter_chapter_reader_init (ExporterChapterReader *reader,
                                          DfChapter             *chapter,
                                          const char            *title);
/* The next stretch, or NULL after the last.  Free with cmark_node_free. */
cmark_node *exporter_chapter_reader_next (ExporterChapterReader *reader);
/* df_export_context_set_progress in steps of 5 %: each step the host
 * records is a database write. @last starts at -1. */
void        exporter_progress           (DfExportContext *context,
                                         int             *last,
                                         double           fraction,
                                         const char      *message);

/* exporter-zip.c ------------------------------------------------------ */

/* A new archive at @path (replacing what is there), or NULL with @error. */
zip_t      *exporter_zip_open           (const char      *path,
                                         GError         **error);
/* Writes the archive out; on failure discards it and sets @error. */
gboolean    exporter_zip_close          (zip_t           *zip,
                                         const char      *path,
                                         GError         **error);
/* A source for an entry of @zip holding @data (taken): in memory when
 * small, else in a file of *@spool_dir (a temporary folder made on first
 * use), so that an archive of a big book is not held in memory until
 * zip_close (); NULL with @error (or a libzip error) on failure. */
zip_source_t *exporter_zip_source       (zip_t           *zip,
                                         char           **spool_dir,
                                         gpointer         data,
                                         gsize            len,
                                         GError         **error);
/* After zip_close () or zip_discard (): the spool folder, if any, gone. */
void        exporter_zip_spool_remove   (char           **spool_dir);

G_END_DECLS
