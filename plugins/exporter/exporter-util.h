/* exporter-util.h: what the exporters share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cmark-gfm.h>
#include <draftforge-plugin.h>

G_BEGIN_DECLS

/* exporter-format.c --------------------------------------------------- */

/* What an exporter class is: its DfExporter functions, answered from
 * this (static) description. */
typedef struct
{
  const char *format;         /* what --format names: "epub" */
  const char *name;           /* for people, marked with N_(): translated when asked */
  const char *extension;      /* without the dot */
  const char *mime_type;
  gboolean  (*export)        (DfExporter       *exporter,
                              DfExportContext  *context,
                              GError          **error);
} ExporterFormat;

/* The interface's functions, for G_IMPLEMENT_INTERFACE (DF_TYPE_EXPORTER,
 * exporter_iface_init): they read the class's ExporterFormat. */
void        exporter_iface_init         (DfExporterInterface  *iface);
/* Attaches @format (static) to @klass's type; call it in class_init. */
void        exporter_class_set_format   (GObjectClass         *klass,
                                         const ExporterFormat *format);

/* exporter-markdown.c ------------------------------------------------- */

/* Parses Markdown with cmark-gfm: tables, strikethrough, autolinks,
 * footnotes, smart punctuation; never CMARK_OPT_UNSAFE (raw HTML is
 * dropped).  Characters XML cannot hold are removed first.  Holds
 * df_markdown_parse_lock while parsing.  Free with cmark_node_free. */
cmark_node *exporter_parse_markdown     (const char  *markdown);
/* @text without the characters XML 1.0 forbids (C0 controls but tab,
 * newline and carriage return; U+FFFE, U+FFFF), and with invalid UTF-8
 * replaced by U+FFFD. */
char       *exporter_xml_clean          (const char  *text);
/* Appends @text (len -1: NUL-terminated) cleaned and escaped for XML
 * text and attribute values (& < > " '). */
void        exporter_xml_escape_append  (GString     *out,
                                         const char  *text,
                                         gssize       len);
/* The plain text of a node and its children (for titles, alt text). */
char       *exporter_node_text          (cmark_node  *node);

/* Raw HTML is not shown, but the <img> tags in it are images. */
typedef struct
{
  char *src;                  /* NULL when the tag has none */
  char *alt;                  /* "" when the tag has none */
} ExporterRawImage;

void        exporter_raw_image_free     (gpointer     image);
/* ExporterRawImage* in order, or NULL when @html has no <img>. */
GPtrArray  *exporter_raw_html_images    (const char  *html);

/* exporter-xhtml.c ---------------------------------------------------- */

/* Maps an image's src as written in a chapter to the href to use in the
 * output (g_free'd), or NULL to show the alt text instead. */
typedef char *(*ExporterImageMap) (const char *src,
                                   gpointer    user_data);

/* Renders a chapter's Markdown as a well-formed XHTML fragment (XML, not
 * HTML: every element closed, everything escaped).  Footnotes become
 * EPUB 3 noteref links and an aside per note, with ids prefixed by
 * @id_prefix so that several chapters can share one document.
 * @epub: add epub:type attributes (the EPUB namespace must be declared). */
char       *exporter_markdown_to_xhtml  (const char       *markdown,
                                         const char       *id_prefix,
                                         gboolean          epub,
                                         ExporterImageMap  map_image,
                                         gpointer          user_data);

G_END_DECLS
