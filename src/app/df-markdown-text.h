/* df-markdown-text.h: the plain-text side of showing Markdown: a
 * paragraph's direction, a node's text, raw HTML, tables laid out in
 * lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cmark-gfm.h>
#include <glib.h>

G_BEGIN_DECLS

/* Whether @text reads right to left: the direction of its first letter
 * that has one, as the Unicode bidirectional algorithm finds a
 * paragraph's direction; @fallback when there is none. */
gboolean   df_markdown_text_is_rtl     (const char *text,
                                        gboolean    fallback);
/* The text under @root (code spans included, breaks as spaces). */
char      *df_markdown_node_text       (cmark_node *root);
/* The value of attribute @name in the HTML tag from @tag to @tag_end,
 * or NULL. */
char      *df_markdown_html_attribute  (const char *tag,
                                        const char *tag_end,
                                        const char *name);
/* The width an HTML <img> from @tag to @tag_end asks for, in its style
 * ("width: 50%", "width: 300px") or its width attribute ("300", "50%"):
 * a fraction of the column in @fraction or pixels in @pixels (both 0
 * when it asks for none). */
void       df_markdown_html_width      (const char *tag,
                                        const char *tag_end,
                                        double     *fraction,
                                        int        *pixels);
/* Whether raw HTML would show nothing: no image and no text outside tags
 * and comments. */
gboolean   df_markdown_html_is_blank   (const char *html);
/* The rows of a GFM @table as lines, the columns padded and aligned and
 * separated by "│"; when the first row is a header (@has_header), the
 * second line is a rule under it.  NULL for a table without columns. */
GPtrArray *df_markdown_table_lines     (cmark_node *table,
                                        gboolean   *has_header);

G_END_DECLS
