/* df-markdown-renderer.c: a cmark-gfm syntax tree laid into a
 * GtkTextBuffer with tags
 *
 * The tree is walked with a cmark iterator, a few hundred nodes at a time
 * when the caller gives a time budget, so a long text can be laid in over
 * several idle callbacks.  Raw HTML is never rendered: tags are dropped,
 * only <img src> is honoured (looked up in the project's assets, like
 * Markdown images).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-markdown-renderer"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <cmark-gfm-core-extensions.h>

#include "df-book.h"
#include "df-code-highlight.h"
#include "df-long-lines.h"
#include "df-markdown-renderer.h"
#include "df-markdown-text.h"
#include "df-scaled-image.h"
#include "df-text.h"

#define LIST_INDENT       28
#define QUOTE_INDENT      20
#define CODE_INDENT       12
#define MAX_HEADING       6

typedef struct
{
  gboolean ordered;
  gboolean tight;
  int      next_number;
  char     delim;
} ListLevel;

struct _DfMarkdownRenderer
{
  GtkTextBuffer *buffer;
  DfStore       *store;
  gint64         project_id;
  int            image_width;
  gboolean       rtl;
  gboolean       dark;            /* code coloured for a dark page */
  GPtrArray     *images;          /* DfScaledImage */

  cmark_node    *doc;
  cmark_iter    *iter;
  GArray        *lists;           /* ListLevel */
  GString       *pending_marker;  /* list or footnote marker for the next block */
  int            quote_depth;
  int            footnote_number;
  gboolean       in_footnotes;
  gsize          line_chars;      /* in the buffer's last line */

  GtkTextTag    *heading_tags[MAX_HEADING];
  GtkTextTag    *code_tag;
  GtkTextTag    *code_block_tag;
  GtkTextTag    *quote_tag;
  GtkTextTag    *link_tag;
  GtkTextTag    *rule_tag;
  GtkTextTag    *missing_tag;
  GtkTextTag    *table_tag;
  GtkTextTag    *footnote_tag;
};

static const char * const extension_names[] = { "table", "strikethrough", "autolink" };

static gboolean
is_type (cmark_node *node,
         const char *type_string)
{
  return g_strcmp0 (cmark_node_get_type_string (node), type_string) == 0;
}

static int
buffer_length (DfMarkdownRenderer *self)
{
  return gtk_text_buffer_get_char_count (self->buffer);
}

/* Appends @text; a paragraph too long for GtkTextView to lay out
 * quickly goes in in pieces (df-long-lines.h). */
static void
insert_text (DfMarkdownRenderer *self,
             const char         *text,
             int                 len)
{
  GtkTextIter end;
  const char *p, *stop;

  if (text == NULL || len == 0 || *text == '\0')
    return;

  gtk_text_buffer_get_end_iter (self->buffer, &end);
  stop = text + (len < 0 ? strlen (text) : (gsize) len);
  for (p = text; p < stop;)
    {
      const char *eol = memchr (p, '\n', stop - p);
      const char *line_end = eol != NULL ? eol : stop;
      const char *next = eol != NULL ? eol + 1 : stop;
      gsize at = 0;

      /* (Never more characters than bytes.) */
      if (self->line_chars + (line_end - p) > DF_LONG_LINE_CHARS)
        at = df_long_lines_find_break (p, line_end - p, self->line_chars);
      if (at > 0)
        {
          gtk_text_buffer_insert (self->buffer, &end, p, at);
          gtk_text_buffer_insert (self->buffer, &end, DF_PIECE_BREAK, DF_PIECE_BREAK_LEN);
          self->line_chars = 0;
          p += at;
          continue;
        }

      gtk_text_buffer_insert (self->buffer, &end, p, next - p);
      self->line_chars = eol != NULL ? 0 : self->line_chars + g_utf8_strlen (p, next - p);
      p = next;
    }
}

static void
apply_tag_from (DfMarkdownRenderer *self,
                GtkTextTag         *tag,
                int                 start_offset)
{
  GtkTextIter start, end;

  if (tag == NULL)
    return;

  gtk_text_buffer_get_iter_at_offset (self->buffer, &start, start_offset);
  gtk_text_buffer_get_end_iter (self->buffer, &end);
  if (!gtk_text_iter_equal (&start, &end))
    gtk_text_buffer_apply_tag (self->buffer, tag, &start, &end);
}

static GtkTextTag *
get_named_tag (DfMarkdownRenderer *self,
               const char         *name)
{
  return gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (self->buffer), name);
}

static gboolean
at_line_start (DfMarkdownRenderer *self)
{
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (self->buffer, &end);
  if (gtk_text_iter_is_start (&end))
    return TRUE;
  gtk_text_iter_backward_char (&end);
  return gtk_text_iter_get_char (&end) == '\n';
}

static int
node_start (cmark_node *node)
{
  return GPOINTER_TO_INT (cmark_node_get_user_data (node));
}

static void
mark_start (DfMarkdownRenderer *self,
            cmark_node         *node)
{
  cmark_node_set_user_data (node, GINT_TO_POINTER (buffer_length (self)));
}

/* An indentation tag for blocks nested @pixels deep: the margin is on the
 * side where the paragraph starts (GtkTextTag margins are physical, not
 * mirrored for right-to-left paragraphs), and counts from the view's own
 * margin, which a tag's replaces. */
static GtkTextTag *
get_indent_tag (DfMarkdownRenderer *self,
                int                 pixels,
                gboolean            rtl)
{
  g_autofree char *name = g_strdup_printf ("df-indent-%s-%d", rtl ? "rtl" : "ltr", pixels);
  GtkTextTag *tag = get_named_tag (self, name);

  if (tag == NULL)
    tag = gtk_text_buffer_create_tag (self->buffer, name,
                                      rtl ? "right-margin" : "left-margin", DF_MARKDOWN_MARGIN + pixels,
                                      NULL);
  return tag;
}

static int
current_indent (DfMarkdownRenderer *self)
{
  return (int)self->lists->len * LIST_INDENT + self->quote_depth * QUOTE_INDENT;
}

static gboolean
range_is_rtl (DfMarkdownRenderer *self,
              int                 start_offset)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_iter_at_offset (self->buffer, &start, start_offset);
  gtk_text_buffer_get_end_iter (self->buffer, &end);
  text = gtk_text_buffer_get_slice (self->buffer, &start, &end, FALSE);

  return df_markdown_text_is_rtl (text, self->rtl);
}

static void
begin_block (DfMarkdownRenderer *self,
             cmark_node         *node)
{
  if (!at_line_start (self))
    insert_text (self, "\n", 1);

  mark_start (self, node);

  if (self->pending_marker->len > 0)
    {
      insert_text (self, self->pending_marker->str, (int)self->pending_marker->len);
      g_string_truncate (self->pending_marker, 0);
    }
}

static gboolean
in_tight_list (cmark_node *node)
{
  cmark_node *parent = cmark_node_parent (node);

  if (parent == NULL || cmark_node_get_type (parent) != CMARK_NODE_ITEM)
    return FALSE;
  parent = cmark_node_parent (parent);
  return parent != NULL && cmark_node_get_list_tight (parent);
}

/* Ends a leaf block: a newline, then the paragraph tags over the block.
 * @spacing is applied to the last line only (code blocks are many lines). */
static void
end_block (DfMarkdownRenderer *self,
           cmark_node         *node,
           GtkTextTag         *block_tag,
           GtkTextTag         *spacing,
           int                 extra_indent)
{
  int start = node_start (node);
  int indent = current_indent (self) + extra_indent;
  GtkTextIter last_line, end;

  if (indent > 0)
    apply_tag_from (self, get_indent_tag (self, indent, range_is_rtl (self, start)), start);

  insert_text (self, "\n", 1);

  apply_tag_from (self, block_tag, start);

  if (spacing != NULL)
    {
      gtk_text_buffer_get_end_iter (self->buffer, &end);
      last_line = end;
      gtk_text_iter_backward_char (&last_line);
      gtk_text_iter_set_line_offset (&last_line, 0);
      if (gtk_text_iter_get_offset (&last_line) < start)
        gtk_text_buffer_get_iter_at_offset (self->buffer, &last_line, start);
      gtk_text_buffer_apply_tag (self->buffer, spacing, &last_line, &end);
    }
}

/* @fraction of the column or @pixels wide, as the text asks (0: its
 * own size), never wider than the column. */
static void
insert_image (DfMarkdownRenderer *self,
              const char         *url,
              const char         *alt,
              double              fraction,
              int                 pixels)
{
  g_autoptr(DfScaledImage) image = NULL;

  if (self->store != NULL)
    image = df_scaled_image_new_for_asset (self->store, self->project_id, url, self->image_width);

  if (image != NULL)
    {
      if (fraction > 0 || pixels > 0)
        df_scaled_image_ask_width (image, fraction, pixels);
      GtkTextIter end;

      gtk_text_buffer_get_end_iter (self->buffer, &end);
      gtk_text_buffer_insert_paintable (self->buffer, &end, GDK_PAINTABLE (image));
      self->line_chars++;
      g_ptr_array_add (self->images, g_object_ref (image));
    }
  else
    {
      int start = buffer_length (self);
      const char *shown = (alt != NULL && *alt != '\0') ? alt : url;

      if (shown == NULL || *shown == '\0')
        shown = _("(image)");
      insert_text (self, shown, -1);
      apply_tag_from (self, self->missing_tag, start);
    }
}

/* Raw HTML: <img> becomes an image, <br> a line break, everything else
 * (tags and comments) is dropped and only the text in between shown. */
static void
insert_html (DfMarkdownRenderer *self,
             const char         *html)
{
  const char *p = html;

  while (p != NULL && *p != '\0')
    {
      const char *lt = strchr (p, '<');
      const char *gt;

      if (lt == NULL)
        {
          insert_text (self, p, -1);
          break;
        }

      if (lt > p)
        insert_text (self, p, (int)(lt - p));

      if (g_str_has_prefix (lt, "<!--"))
        {
          const char *close = strstr (lt + 4, "-->");

          p = close != NULL ? close + 3 : NULL;
          continue;
        }

      gt = strchr (lt, '>');
      if (gt == NULL)
        {
          insert_text (self, lt, -1);
          break;
        }

      if (g_ascii_strncasecmp (lt, "<img", 4) == 0 && !g_ascii_isalnum (lt[4]))
        {
          g_autofree char *src = df_markdown_html_attribute (lt + 4, gt, "src");
          g_autofree char *alt = df_markdown_html_attribute (lt + 4, gt, "alt");
          double fraction;
          int pixels;

          df_markdown_html_width (lt + 4, gt, &fraction, &pixels);
          if (src != NULL)
            insert_image (self, src, alt, fraction, pixels);
        }
      else if (g_ascii_strncasecmp (lt, "<br", 3) == 0 && !g_ascii_isalnum (lt[3]))
        insert_text (self, "\n", 1);

      p = gt + 1;
    }
}

static void
render_table (DfMarkdownRenderer *self,
              cmark_node         *table)
{
  gboolean has_header;
  g_autoptr(GPtrArray) lines = df_markdown_table_lines (table, &has_header);

  if (lines == NULL)
    return;

  begin_block (self, table);
  for (guint i = 0; i < lines->len; i++)
    {
      int line_start;

      if (i > 0)
        insert_text (self, "\n", 1);
      line_start = buffer_length (self);
      insert_text (self, g_ptr_array_index (lines, i), -1);
      if (i == 0 && has_header)
        apply_tag_from (self, get_named_tag (self, "strong"), line_start);
    }
  end_block (self, table, self->table_tag, get_named_tag (self, "df-para"), 0);
}

static void
list_marker (DfMarkdownRenderer *self)
{
  ListLevel *level = &g_array_index (self->lists, ListLevel, self->lists->len - 1);
  static const char * const bullets[] = { "•", "◦", "▪" };

  if (level->ordered)
    g_string_append_printf (self->pending_marker, "%d%c ", level->next_number++, level->delim);
  else
    g_string_append_printf (self->pending_marker, "%s ", bullets[(self->lists->len - 1) % G_N_ELEMENTS (bullets)]);
}

static GtkTextTag *
paragraph_spacing (DfMarkdownRenderer *self,
                   cmark_node         *node)
{
  return get_named_tag (self, in_tight_list (node) ? "df-para-tight" : "df-para");
}

/* Leaves come once (footnote references come as enter and exit). */
static gboolean
is_leaf (int type)
{
  switch (type)
    {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
    case CMARK_NODE_HTML_INLINE:
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_THEMATIC_BREAK:
    case CMARK_NODE_FOOTNOTE_REFERENCE:
    case CMARK_NODE_IMAGE:
      return TRUE;
    default:
      return FALSE;
    }
}

/* A span styled by @tag: its start noted on entering, the tag applied
 * on leaving. */
static void
render_span (DfMarkdownRenderer *self,
             gboolean            enter,
             cmark_node         *node,
             GtkTextTag         *tag)
{
  if (enter)
    mark_start (self, node);
  else
    apply_tag_from (self, tag, node_start (node));
}

/* Some text (a code span, a footnote reference) styled by @tag. */
static void
render_text (DfMarkdownRenderer *self,
             const char         *text,
             GtkTextTag         *tag)
{
  int start = buffer_length (self);

  insert_text (self, text, -1);
  apply_tag_from (self, tag, start);
}

/* The centred mark of a thematic break, and above the footnotes. */
static void
render_rule (DfMarkdownRenderer *self,
             cmark_node         *node)
{
  begin_block (self, node);
  insert_text (self, "⁂", -1);
  end_block (self, node, self->rule_tag, NULL, 0);
}

static void
render_code_block (DfMarkdownRenderer *self,
                   cmark_node         *node)
{
  const char *info = cmark_node_get_fence_info (node);
  /* mdBook's hidden lines of Rust code are left out, as its book does */
  g_autofree char *literal = df_book_code_shown (info, cmark_node_get_literal (node) ? cmark_node_get_literal (node) : "");
  gsize len = strlen (literal);
  int start;

  begin_block (self, node);
  while (len > 0 && literal[len - 1] == '\n')
    len--;
  start = buffer_length (self);
  if (len > 0)
    insert_text (self, literal, (int)len);
  /* Coloured as GtkSourceView would, unless a long line went in in
   * pieces (then the offsets differ). */
  if (len > 0 && buffer_length (self) - start == (int)g_utf8_strlen (literal, (gssize)len))
    df_code_highlight (self->buffer, start, literal, (gssize)len, info, self->dark);
  /* an mdBook listing the import could not find: a warning box */
  if (g_strcmp0 (info, DF_MDBOOK_MISSING_CLASS) == 0)
    apply_tag_from (self, get_named_tag (self, DF_MDBOOK_MISSING_CLASS), node_start (node));
  end_block (self, node, self->code_block_tag, get_named_tag (self, "df-para"), 0);
}

static void
render_html_block (DfMarkdownRenderer *self,
                   cmark_node         *node)
{
  const char *literal = cmark_node_get_literal (node);
  g_autofree char *html = NULL;

  if (literal == NULL || df_markdown_html_is_blank (literal))
    return;
  /* Trailing newlines of the HTML would make empty lines. */
  html = g_strchomp (g_strdup (literal));
  begin_block (self, node);
  insert_html (self, html);
  end_block (self, node, NULL, get_named_tag (self, "df-para"), 0);
}

static void
render_list (DfMarkdownRenderer *self,
             gboolean            enter,
             cmark_node         *node)
{
  if (enter)
    {
      ListLevel level = {
        .ordered = cmark_node_get_list_type (node) == CMARK_ORDERED_LIST,
        .tight = cmark_node_get_list_tight (node),
        .next_number = cmark_node_get_list_start (node),
        .delim = cmark_node_get_list_delim (node) == CMARK_PAREN_DELIM ? ')' : '.',
      };
      g_array_append_val (self->lists, level);
    }
  else if (self->lists->len > 0)
    g_array_set_size (self->lists, self->lists->len - 1);
}

static void
render_item (DfMarkdownRenderer *self,
             gboolean            enter,
             cmark_node         *node)
{
  if (enter)
    {
      if (self->lists->len > 0)
        list_marker (self);
    }
  else if (self->pending_marker->len > 0)
    {
      /* An empty item still shows its marker. */
      begin_block (self, node);
      end_block (self, node, NULL, get_named_tag (self, "df-para-tight"), 0);
    }
}

static void
render_footnote_definition (DfMarkdownRenderer *self,
                            gboolean            enter,
                            cmark_node         *node)
{
  if (!enter)
    {
      apply_tag_from (self, self->footnote_tag, node_start (node));
      return;
    }

  if (!self->in_footnotes)
    {
      self->in_footnotes = TRUE;
      render_rule (self, node);
    }
  mark_start (self, node);
  g_string_append_printf (self->pending_marker, "%d. ", ++self->footnote_number);
}

static void
render_link (DfMarkdownRenderer *self,
             gboolean            enter,
             cmark_node         *node)
{
  const char *url = cmark_node_get_url (node);
  GtkTextTag *tag;

  if (enter)
    {
      mark_start (self, node);
      return;
    }

  /* The URL rides on a tag of its own, for the view to follow. */
  tag = gtk_text_buffer_create_tag (self->buffer, NULL, NULL);
  g_object_set_data_full (G_OBJECT (tag), "df-url", g_strdup (url != NULL ? url : ""), g_free);
  apply_tag_from (self, tag, node_start (node));
  apply_tag_from (self, self->link_tag, node_start (node));
}

/* Paragraphs, headings, code, quotes, lists, footnotes: FALSE when @node
 * is none of those. */
static gboolean
render_block (DfMarkdownRenderer *self,
              gboolean            enter,
              cmark_node         *node)
{
  switch ((int)cmark_node_get_type (node))
    {
    case CMARK_NODE_DOCUMENT:
      break;
    case CMARK_NODE_PARAGRAPH:
      if (enter)
        begin_block (self, node);
      else
        end_block (self, node, NULL, paragraph_spacing (self, node), 0);
      break;
    case CMARK_NODE_HEADING:
      if (enter)
        begin_block (self, node);
      else
        end_block (self, node, self->heading_tags[CLAMP (cmark_node_get_heading_level (node), 1, MAX_HEADING) - 1],
                   NULL, 0);
      break;
    case CMARK_NODE_CODE_BLOCK:
      render_code_block (self, node);
      break;
    case CMARK_NODE_HTML_BLOCK:
      render_html_block (self, node);
      break;
    case CMARK_NODE_THEMATIC_BREAK:
      render_rule (self, node);
      break;
    case CMARK_NODE_BLOCK_QUOTE:
      self->quote_depth += enter ? 1 : -1;
      render_span (self, enter, node, self->quote_tag);
      break;
    case CMARK_NODE_LIST:
      render_list (self, enter, node);
      break;
    case CMARK_NODE_ITEM:
      render_item (self, enter, node);
      break;
    case CMARK_NODE_FOOTNOTE_DEFINITION:
      render_footnote_definition (self, enter, node);
      break;
    default:
      return FALSE;
    }
  return TRUE;
}

/* Text, emphasis, links, images and the extensions' nodes. */
static void
render_inline (DfMarkdownRenderer *self,
               gboolean            enter,
               cmark_node         *node)
{
  int type = cmark_node_get_type (node);

  switch (type)
    {
    case CMARK_NODE_TEXT:
      insert_text (self, cmark_node_get_literal (node), -1);
      break;
    case CMARK_NODE_SOFTBREAK:
      insert_text (self, " ", 1);
      break;
    case CMARK_NODE_LINEBREAK:
      insert_text (self, "\n", 1);
      break;
    case CMARK_NODE_CODE:
      render_text (self, cmark_node_get_literal (node), self->code_tag);
      break;
    case CMARK_NODE_HTML_INLINE:
      insert_html (self, cmark_node_get_literal (node));
      break;
    case CMARK_NODE_EMPH:
    case CMARK_NODE_STRONG:
      render_span (self, enter, node, get_named_tag (self, type == CMARK_NODE_EMPH ? "emphasis" : "strong"));
      break;
    case CMARK_NODE_LINK:
      render_link (self, enter, node);
      break;
    case CMARK_NODE_IMAGE:
      {
        g_autofree char *alt = df_markdown_node_text (node);

        insert_image (self, cmark_node_get_url (node), alt, 0, 0);
        /* The children (the alt text) are done. */
        cmark_iter_reset (self->iter, node, CMARK_EVENT_EXIT);
      }
      break;
    case CMARK_NODE_FOOTNOTE_REFERENCE:
      render_text (self, cmark_node_get_literal (node), get_named_tag (self, "superscript"));
      break;
    default:
      if (is_type (node, "table"))
        {
          render_table (self, node);
          cmark_iter_reset (self->iter, node, CMARK_EVENT_EXIT);
        }
      else if (is_type (node, "strikethrough"))
        render_span (self, enter, node, get_named_tag (self, "strikethrough"));
      else if (enter && cmark_node_get_literal (node) != NULL)
        insert_text (self, cmark_node_get_literal (node), -1);
      break;
    }
}

static void
render_event (DfMarkdownRenderer *self,
              cmark_event_type    ev,
              cmark_node         *node)
{
  gboolean enter = ev == CMARK_EVENT_ENTER;

  if (!enter && is_leaf (cmark_node_get_type (node)))
    return;

  if (!render_block (self, enter, node))
    render_inline (self, enter, node);
}

void
df_markdown_renderer_add_tags (GtkTextBuffer *buffer)
{
  static const double heading_scales[MAX_HEADING] = { 2.0, 1.6, 1.35, 1.2, 1.1, 1.0 };

  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));

  /* Created in priority order: later tags win over earlier ones. */
  /* Its background aligned with the text, its lines padded inside it. */
  gtk_text_buffer_create_tag (buffer, "code-block", "family", "monospace", "wrap-mode", GTK_WRAP_CHAR,
                              "indent", CODE_INDENT, NULL);
  gtk_text_buffer_create_tag (buffer, DF_MDBOOK_MISSING_CLASS, "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (buffer, "table", "family", "monospace", "wrap-mode", GTK_WRAP_CHAR, NULL);
  gtk_text_buffer_create_tag (buffer, "quote", "style", PANGO_STYLE_ITALIC, NULL);
  gtk_text_buffer_create_tag (buffer, "footnote", "scale", PANGO_SCALE_SMALL, NULL);
  gtk_text_buffer_create_tag (buffer, "df-para", "pixels-below-lines", 16, NULL);
  gtk_text_buffer_create_tag (buffer, "df-para-tight", "pixels-below-lines", 4, NULL);
  for (int i = 0; i < MAX_HEADING; i++)
    {
      g_autofree char *name = g_strdup_printf ("h%d", i + 1);

      gtk_text_buffer_create_tag (buffer, name,
                                  "weight", PANGO_WEIGHT_BOLD,
                                  "scale", heading_scales[i],
                                  "pixels-above-lines", i < 2 ? 18 : 12,
                                  "pixels-below-lines", 8,
                                  NULL);
    }
  gtk_text_buffer_create_tag (buffer, "rule",
                              "justification", GTK_JUSTIFY_CENTER,
                              "pixels-above-lines", 8,
                              "pixels-below-lines", 16,
                              NULL);
  gtk_text_buffer_create_tag (buffer, "emphasis", "style", PANGO_STYLE_ITALIC, NULL);
  gtk_text_buffer_create_tag (buffer, "strong", "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (buffer, "strikethrough", "strikethrough", TRUE, NULL);
  gtk_text_buffer_create_tag (buffer, "code", "family", "monospace", NULL);
  gtk_text_buffer_create_tag (buffer, "superscript", "rise", 5 * PANGO_SCALE, "scale", PANGO_SCALE_X_SMALL, NULL);
  gtk_text_buffer_create_tag (buffer, "image-missing", "style", PANGO_STYLE_ITALIC, NULL);
  gtk_text_buffer_create_tag (buffer, "link", "underline", PANGO_UNDERLINE_SINGLE, NULL);
}

/* cmark-gfm keeps tables of special characters in globals that attaching
 * extensions changes: one parse at a time in the whole process
 * (df_markdown_parse_lock, shared with the exporters in plugins). */
cmark_node *
df_markdown_renderer_parse (const char *markdown,
                            gsize       len)
{
  cmark_parser *parser;
  cmark_node *doc;

  /* Under the parse lock, as the exporters do: it is not thread-safe. */
  cmark_gfm_core_extensions_ensure_registered ();
  parser = cmark_parser_new (CMARK_OPT_SMART | CMARK_OPT_FOOTNOTES);

  for (guint i = 0; i < G_N_ELEMENTS (extension_names); i++)
    {
      cmark_syntax_extension *ext = cmark_find_syntax_extension (extension_names[i]);

      if (ext != NULL)
        cmark_parser_attach_syntax_extension (parser, ext);
    }

  cmark_parser_feed (parser, markdown, len);
  doc = cmark_parser_finish (parser);
  cmark_parser_free (parser);
  return doc;
}


DfMarkdownRenderer *
df_markdown_renderer_new (GtkTextBuffer *buffer,
                          cmark_node    *doc,
                          DfStore       *store,
                          gint64         project_id,
                          int            image_width,
                          gboolean       rtl)
{
  DfMarkdownRenderer *self;

  g_return_val_if_fail (GTK_IS_TEXT_BUFFER (buffer), NULL);
  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (store == NULL || DF_IS_STORE (store), NULL);

  self = g_new0 (DfMarkdownRenderer, 1);
  self->images = g_ptr_array_new_with_free_func (g_object_unref);
  self->lists = g_array_new (FALSE, TRUE, sizeof (ListLevel));
  self->pending_marker = g_string_new (NULL);
  self->buffer = g_object_ref (buffer);
  self->store = store != NULL ? g_object_ref (store) : NULL;
  self->project_id = project_id;
  self->image_width = image_width;
  self->rtl = rtl;
  self->doc = doc;
  self->iter = cmark_iter_new (doc);

  for (int i = 0; i < MAX_HEADING; i++)
    {
      g_autofree char *name = g_strdup_printf ("h%d", i + 1);

      self->heading_tags[i] = get_named_tag (self, name);
    }
  self->code_tag = get_named_tag (self, "code");
  self->code_block_tag = get_named_tag (self, "code-block");
  self->quote_tag = get_named_tag (self, "quote");
  self->link_tag = get_named_tag (self, "link");
  self->rule_tag = get_named_tag (self, "rule");
  self->missing_tag = get_named_tag (self, "image-missing");
  self->table_tag = get_named_tag (self, "table");
  self->footnote_tag = get_named_tag (self, "footnote");
  return self;
}

void
df_markdown_renderer_free (DfMarkdownRenderer *self)
{
  cmark_iter_free (self->iter);
  cmark_node_free (self->doc);
  g_array_unref (self->lists);
  g_string_free (self->pending_marker, TRUE);
  g_ptr_array_unref (self->images);
  g_clear_object (&self->store);
  g_object_unref (self->buffer);
  g_free (self);
}

void
df_markdown_renderer_set_dark (DfMarkdownRenderer *self,
                               gboolean            dark)
{
  self->dark = dark;
}

void
df_markdown_renderer_set_image_width (DfMarkdownRenderer *self,
                                      int                 image_width)
{
  g_return_if_fail (self != NULL);
  self->image_width = image_width;
}

gboolean
df_markdown_renderer_run (DfMarkdownRenderer *self,
                          gint64              budget_usec)
{
  gint64 deadline = budget_usec > 0 ? g_get_monotonic_time () + budget_usec : 0;
  guint n = 0;
  cmark_event_type ev;

  g_return_val_if_fail (self != NULL, TRUE);

  while ((ev = cmark_iter_next (self->iter)) != CMARK_EVENT_DONE)
    {
      render_event (self, ev, cmark_iter_get_node (self->iter));

      if (deadline != 0 && (++n % 128) == 0 && g_get_monotonic_time () > deadline)
        return FALSE;
    }

  return TRUE;
}

GPtrArray *
df_markdown_renderer_get_images (DfMarkdownRenderer *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->images;
}
