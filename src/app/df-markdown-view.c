/* df-markdown-view.c: Markdown rendered into a read-only GtkTextView
 *
 * The text is parsed with cmark-gfm and the syntax tree walked into the
 * buffer with tags.  Texts over 256 KiB are parsed in a thread and laid
 * into the buffer in idle chunks so the main loop never stalls.  Raw HTML
 * is never rendered: tags are dropped, only <img src> is honoured (looked
 * up in the project's assets, like Markdown images).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-markdown-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "df-markdown-view.h"
#include "df-renderer.h"
#include "df-text.h"
#include "df-model.h"

#define ASYNC_THRESHOLD   (256 * 1024)
#define MAX_INPUT_BYTES         (8 * 1024 * 1024)
#define CHUNK_BUDGET_USEC (6 * 1000)
#define LIST_INDENT       28
#define QUOTE_INDENT      20
#define CODE_INDENT       12
#define MAX_HEADING       6

/* ---- a texture shown at most as wide as the text ---------------------- */

#define DF_TYPE_SCALED_IMAGE (df_scaled_image_get_type ())
G_DECLARE_FINAL_TYPE (DfScaledImage, df_scaled_image, DF, SCALED_IMAGE, GObject)

struct _DfScaledImage
{
  GObject     parent_instance;
  GdkTexture *texture;
  int         max_width;
};

static void df_scaled_image_paintable_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DfScaledImage, df_scaled_image, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      df_scaled_image_paintable_init))

static int
df_scaled_image_get_intrinsic_width (GdkPaintable *paintable)
{
  DfScaledImage *self = DF_SCALED_IMAGE (paintable);
  int width = gdk_texture_get_width (self->texture);

  return self->max_width > 0 ? MIN (width, self->max_width) : width;
}

static int
df_scaled_image_get_intrinsic_height (GdkPaintable *paintable)
{
  DfScaledImage *self = DF_SCALED_IMAGE (paintable);
  int width = gdk_texture_get_width (self->texture);
  int height = gdk_texture_get_height (self->texture);
  int shown = df_scaled_image_get_intrinsic_width (paintable);

  if (width <= 0)
    return height;
  return MAX (1, (int)((double)height * shown / width + 0.5));
}

static void
df_scaled_image_snapshot (GdkPaintable *paintable,
                          GdkSnapshot  *snapshot,
                          double        width,
                          double        height)
{
  gdk_paintable_snapshot (GDK_PAINTABLE (DF_SCALED_IMAGE (paintable)->texture),
                          snapshot, width, height);
}

static void
df_scaled_image_paintable_init (GdkPaintableInterface *iface)
{
  iface->get_intrinsic_width = df_scaled_image_get_intrinsic_width;
  iface->get_intrinsic_height = df_scaled_image_get_intrinsic_height;
  iface->snapshot = df_scaled_image_snapshot;
}

static void
df_scaled_image_finalize (GObject *object)
{
  g_clear_object (&DF_SCALED_IMAGE (object)->texture);
  G_OBJECT_CLASS (df_scaled_image_parent_class)->finalize (object);
}

static void
df_scaled_image_class_init (DfScaledImageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = df_scaled_image_finalize;
}

static void
df_scaled_image_init (DfScaledImage *self G_GNUC_UNUSED)
{
}

static DfScaledImage *
df_scaled_image_new (GdkTexture *texture,
                     int         max_width)
{
  DfScaledImage *self = g_object_new (DF_TYPE_SCALED_IMAGE, NULL);

  self->texture = g_object_ref (texture);
  self->max_width = max_width;
  return self;
}

static void
df_scaled_image_set_max_width (DfScaledImage *self,
                               int            max_width)
{
  int before = df_scaled_image_get_intrinsic_width (GDK_PAINTABLE (self));

  self->max_width = max_width;
  if (df_scaled_image_get_intrinsic_width (GDK_PAINTABLE (self)) != before)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
}

/* ---- the view ---------------------------------------------------------- */

typedef struct
{
  gboolean ordered;
  gboolean tight;
  int      next_number;
  char     delim;
} ListLevel;

typedef struct
{
  DfMarkdownView *view;
  GtkTextBuffer  *buffer;
  DfStore        *store;
  gint64          project_id;
  cmark_node     *doc;
  cmark_iter     *iter;
  GArray         *lists;          /* ListLevel */
  GString        *pending_marker; /* list or footnote marker for the next block */
  int             quote_depth;
  int             footnote_number;
  gboolean        in_footnotes;
} Builder;

struct _DfMarkdownView
{
  GtkTextView   parent_instance;

  GtkTextTag   *heading_tags[MAX_HEADING];
  GtkTextTag   *code_tag;
  GtkTextTag   *code_block_tag;
  GtkTextTag   *quote_tag;
  GtkTextTag   *link_tag;
  GtkTextTag   *rule_tag;
  GtkTextTag   *missing_tag;
  GtkTextTag   *table_tag;
  GtkTextTag   *footnote_tag;

  GPtrArray    *link_tags;        /* anonymous tags carrying "df-url" */
  GPtrArray    *images;           /* DfScaledImage */

  Builder      *builder;
  GCancellable *cancellable;
  guint         idle_id;
  int           image_width;
};

G_DEFINE_FINAL_TYPE (DfMarkdownView, df_markdown_view, GTK_TYPE_TEXT_VIEW)

enum {
  RENDERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const extension_names[] = { "table", "strikethrough", "autolink" };

/* ---- parsing ----------------------------------------------------------- */

/* cmark-gfm keeps tables of special characters in globals that attaching
 * extensions changes: one parse at a time in the whole process
 * (df_markdown_parse_lock, shared with exporters in plugins). */

static cmark_node *
parse_markdown (const char *markdown,
                gsize       len)
{
  cmark_parser *parser = cmark_parser_new (CMARK_OPT_SMART | CMARK_OPT_FOOTNOTES);
  cmark_node *doc;

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

static void
parse_thread (GTask        *task,
              gpointer      source_object G_GNUC_UNUSED,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GBytes *bytes = task_data;
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  cmark_node *doc;

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_error_if_cancelled (task);
      return;
    }

  df_markdown_parse_lock ();
  doc = parse_markdown (data, len);
  df_markdown_parse_unlock ();
  g_task_return_pointer (task, doc, (GDestroyNotify)cmark_node_free);
}

/* ---- helpers ------------------------------------------------------------- */

static gboolean
is_type (cmark_node *node,
         const char *type_string)
{
  return g_strcmp0 (cmark_node_get_type_string (node), type_string) == 0;
}

static int
buffer_length (Builder *b)
{
  return gtk_text_buffer_get_char_count (b->buffer);
}

static void
insert_text (Builder    *b,
             const char *text,
             int         len)
{
  GtkTextIter end;

  if (text == NULL || len == 0 || *text == '\0')
    return;

  gtk_text_buffer_get_end_iter (b->buffer, &end);
  gtk_text_buffer_insert (b->buffer, &end, text, len);
}

static void
apply_tag_from (Builder    *b,
                GtkTextTag *tag,
                int         start_offset)
{
  GtkTextIter start, end;

  if (tag == NULL)
    return;

  gtk_text_buffer_get_iter_at_offset (b->buffer, &start, start_offset);
  gtk_text_buffer_get_end_iter (b->buffer, &end);
  if (!gtk_text_iter_equal (&start, &end))
    gtk_text_buffer_apply_tag (b->buffer, tag, &start, &end);
}

static GtkTextTag *
get_named_tag (DfMarkdownView *self,
               const char     *name)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)));

  return gtk_text_tag_table_lookup (table, name);
}

static gboolean
at_line_start (Builder *b)
{
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (b->buffer, &end);
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
mark_start (Builder    *b,
            cmark_node *node)
{
  cmark_node_set_user_data (node, GINT_TO_POINTER (buffer_length (b)));
}

/* An indentation tag for blocks nested @pixels deep: the margin is on the
 * side where the paragraph starts (GtkTextTag margins are physical, not
 * mirrored for right-to-left paragraphs). */
static GtkTextTag *
get_indent_tag (Builder  *b,
                int       pixels,
                gboolean  rtl)
{
  g_autofree char *name = g_strdup_printf ("df-indent-%s-%d", rtl ? "rtl" : "ltr", pixels);
  GtkTextTag *tag = get_named_tag (b->view, name);

  if (tag == NULL)
    tag = gtk_text_buffer_create_tag (b->buffer, name,
                                      rtl ? "right-margin" : "left-margin", pixels,
                                      NULL);
  return tag;
}

static int
current_indent (Builder *b)
{
  return (int)b->lists->len * LIST_INDENT + b->quote_depth * QUOTE_INDENT;
}

/* The direction of the first letter with a strong direction, as the
 * Unicode bidirectional algorithm finds a paragraph's direction;
 * @fallback when there is none. */
static gboolean
text_is_rtl (const char *text,
             gboolean    fallback)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch ((int)g_unichar_get_script (c))
        {
        case G_UNICODE_SCRIPT_ARABIC:
        case G_UNICODE_SCRIPT_HEBREW:
        case G_UNICODE_SCRIPT_SYRIAC:
        case G_UNICODE_SCRIPT_THAANA:
        case G_UNICODE_SCRIPT_NKO:
        case G_UNICODE_SCRIPT_SAMARITAN:
        case G_UNICODE_SCRIPT_MANDAIC:
        case G_UNICODE_SCRIPT_ADLAM:
        case G_UNICODE_SCRIPT_HANIFI_ROHINGYA:
          if (g_unichar_isalpha (c))
            return TRUE;
          break;
        default:
          if (g_unichar_isalpha (c))
            return FALSE;
          break;
        }
    }

  return fallback;
}

static gboolean
range_is_rtl (Builder *b,
              int      start_offset)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_iter_at_offset (b->buffer, &start, start_offset);
  gtk_text_buffer_get_end_iter (b->buffer, &end);
  text = gtk_text_buffer_get_slice (b->buffer, &start, &end, FALSE);

  return text_is_rtl (text, gtk_widget_get_direction (GTK_WIDGET (b->view)) == GTK_TEXT_DIR_RTL);
}

static void
begin_block (Builder    *b,
             cmark_node *node)
{
  if (!at_line_start (b))
    insert_text (b, "\n", 1);

  mark_start (b, node);

  if (b->pending_marker->len > 0)
    {
      insert_text (b, b->pending_marker->str, (int)b->pending_marker->len);
      g_string_truncate (b->pending_marker, 0);
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
end_block (Builder    *b,
           cmark_node *node,
           GtkTextTag *block_tag,
           GtkTextTag *spacing,
           int         extra_indent)
{
  int start = node_start (node);
  int indent = current_indent (b) + extra_indent;
  GtkTextIter last_line, end;

  if (indent > 0)
    apply_tag_from (b, get_indent_tag (b, indent, range_is_rtl (b, start)), start);

  insert_text (b, "\n", 1);

  apply_tag_from (b, block_tag, start);

  if (spacing != NULL)
    {
      gtk_text_buffer_get_end_iter (b->buffer, &end);
      last_line = end;
      gtk_text_iter_backward_char (&last_line);
      gtk_text_iter_set_line_offset (&last_line, 0);
      if (gtk_text_iter_get_offset (&last_line) < start)
        gtk_text_buffer_get_iter_at_offset (b->buffer, &last_line, start);
      gtk_text_buffer_apply_tag (b->buffer, spacing, &last_line, &end);
    }
}

static char *
collect_text (cmark_node *root)
{
  GString *out = g_string_new (NULL);
  cmark_iter *iter = cmark_iter_new (root);
  cmark_event_type ev;

  while ((ev = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);

      if (ev != CMARK_EVENT_ENTER)
        continue;

      switch ((int)cmark_node_get_type (node))
        {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
          g_string_append (out, cmark_node_get_literal (node));
          break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
          g_string_append_c (out, ' ');
          break;
        default:
          break;
        }
    }

  cmark_iter_free (iter);
  return g_string_free (out, FALSE);
}

/* ---- images ----------------------------------------------------------------- */

static gboolean
looks_like_svg (GBytes     *bytes,
                const char *mime_type,
                const char *path)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  if (mime_type != NULL && strstr (mime_type, "svg") != NULL)
    return TRUE;
  if (path != NULL && g_str_has_suffix (path, ".svg"))
    return TRUE;
  return len > 4 && g_strstr_len (data, MIN (len, 512), "<svg") != NULL;
}

static GdkTexture *
texture_from_pixbuf_loader (GBytes  *bytes,
                            GError **error)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  gsize len = 0;
  const guchar *data = g_bytes_get_data (bytes, &len);
  GdkPixbuf *pixbuf;

  if (!gdk_pixbuf_loader_write (loader, data, len, error))
    {
      gdk_pixbuf_loader_close (loader, NULL);
      return NULL;
    }
  if (!gdk_pixbuf_loader_close (loader, error))
    return NULL;

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      g_set_error_literal (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_CORRUPT_IMAGE,
                           _("The image could not be read"));
      return NULL;
    }

  return gdk_texture_new_for_pixbuf (pixbuf);
}

static GdkTexture *
load_asset (Builder    *b,
            const char *url)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *mime_type = NULL;
  g_autofree char *unescaped = NULL;
  const char *path = url;
  GdkTexture *texture = NULL;

  if (b->store == NULL || url == NULL || *url == '\0')
    return NULL;

  /* Remote images are never fetched. */
  if (g_str_has_prefix (url, "http:") || g_str_has_prefix (url, "https:") ||
      g_str_has_prefix (url, "data:") || g_str_has_prefix (url, "file:"))
    return NULL;

  unescaped = g_uri_unescape_string (url, NULL);
  if (unescaped != NULL)
    path = unescaped;
  while (g_str_has_prefix (path, "./"))
    path += 2;
  while (*path == '/')
    path++;

  bytes = df_asset_get (b->store, b->project_id, path, &mime_type, NULL);
  if (bytes == NULL && path != url)
    bytes = df_asset_get (b->store, b->project_id, url, &mime_type, NULL);
  if (bytes == NULL)
    return NULL;

  if (looks_like_svg (bytes, mime_type, path))
    texture = texture_from_pixbuf_loader (bytes, NULL);
  else
    {
      texture = gdk_texture_new_from_bytes (bytes, NULL);
      if (texture == NULL)
        texture = texture_from_pixbuf_loader (bytes, NULL);
    }

  return texture;
}

static void
insert_image (Builder    *b,
              const char *url,
              const char *alt)
{
  g_autoptr(GdkTexture) texture = load_asset (b, url);

  if (texture != NULL)
    {
      g_autoptr(DfScaledImage) image = df_scaled_image_new (texture, b->view->image_width);
      GtkTextIter end;

      gtk_text_buffer_get_end_iter (b->buffer, &end);
      gtk_text_buffer_insert_paintable (b->buffer, &end, GDK_PAINTABLE (image));
      g_ptr_array_add (b->view->images, g_object_ref (image));
    }
  else
    {
      int start = buffer_length (b);
      const char *shown = (alt != NULL && *alt != '\0') ? alt : url;

      if (shown == NULL || *shown == '\0')
        shown = _("(image)");
      insert_text (b, shown, -1);
      apply_tag_from (b, b->view->missing_tag, start);
    }
}

/* The value of attribute @name in the HTML tag starting at @tag. */
static char *
html_attribute (const char *tag,
                const char *tag_end,
                const char *name)
{
  gsize name_len = strlen (name);

  for (const char *p = tag; p != NULL && p < tag_end; p++)
    {
      const char *q;
      char quote;

      if (g_ascii_strncasecmp (p, name, name_len) != 0 ||
          (p > tag && !g_ascii_isspace (p[-1])))
        continue;

      q = p + name_len;
      while (q < tag_end && g_ascii_isspace (*q))
        q++;
      if (q >= tag_end || *q != '=')
        continue;
      q++;
      while (q < tag_end && g_ascii_isspace (*q))
        q++;
      if (q >= tag_end)
        return NULL;

      quote = *q;
      if (quote == '"' || quote == '\'')
        {
          const char *close = memchr (q + 1, quote, tag_end - (q + 1));

          if (close == NULL)
            return NULL;
          return g_strndup (q + 1, close - (q + 1));
        }
      else
        {
          const char *stop = q;

          while (stop < tag_end && !g_ascii_isspace (*stop) && *stop != '>' && *stop != '/')
            stop++;
          return g_strndup (q, stop - q);
        }
    }

  return NULL;
}

/* Raw HTML: <img> becomes an image, <br> a line break, everything else
 * (tags and comments) is dropped and only the text in between shown. */
static void
insert_html (Builder    *b,
             const char *html)
{
  const char *p = html;

  while (p != NULL && *p != '\0')
    {
      const char *lt = strchr (p, '<');
      const char *gt;

      if (lt == NULL)
        {
          insert_text (b, p, -1);
          break;
        }

      if (lt > p)
        insert_text (b, p, (int)(lt - p));

      if (g_str_has_prefix (lt, "<!--"))
        {
          const char *close = strstr (lt + 4, "-->");

          p = close != NULL ? close + 3 : NULL;
          continue;
        }

      gt = strchr (lt, '>');
      if (gt == NULL)
        {
          insert_text (b, lt, -1);
          break;
        }

      if (g_ascii_strncasecmp (lt, "<img", 4) == 0 && !g_ascii_isalnum (lt[4]))
        {
          g_autofree char *src = html_attribute (lt + 4, gt, "src");
          g_autofree char *alt = html_attribute (lt + 4, gt, "alt");

          if (src != NULL)
            insert_image (b, src, alt);
        }
      else if (g_ascii_strncasecmp (lt, "<br", 3) == 0 && !g_ascii_isalnum (lt[3]))
        insert_text (b, "\n", 1);

      p = gt + 1;
    }
}

/* Whether raw HTML would show nothing: no image and no text outside
 * tags and comments. */
static gboolean
html_is_blank (const char *html)
{
  const char *p = html;

  while (*p != '\0')
    {
      if (g_str_has_prefix (p, "<!--"))
        {
          const char *close = strstr (p + 4, "-->");

          if (close == NULL)
            return TRUE;
          p = close + 3;
        }
      else if (*p == '<')
        {
          const char *gt = strchr (p, '>');

          if (g_ascii_strncasecmp (p, "<img", 4) == 0)
            return FALSE;
          if (gt == NULL)
            return FALSE;
          p = gt + 1;
        }
      else if (!g_ascii_isspace (*p))
        return FALSE;
      else
        p++;
    }

  return TRUE;
}

/* ---- tables ------------------------------------------------------------------ */

static void
append_padded (GString    *out,
               const char *text,
               int         width,
               char        align)
{
  int pad = MAX (0, width - (int)df_text_display_width (text));
  int before = align == 'r' ? pad : align == 'c' ? pad / 2 : 0;

  for (int i = 0; i < before; i++)
    g_string_append_c (out, ' ');
  g_string_append (out, text);
  for (int i = 0; i < pad - before; i++)
    g_string_append_c (out, ' ');
}

static void
render_table (Builder    *b,
              cmark_node *table)
{
  guint n_columns = cmark_gfm_extensions_get_table_columns (table);
  const guint8 *aligns = cmark_gfm_extensions_get_table_alignments (table);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  g_autofree int *widths = NULL;
  gboolean has_header = FALSE;

  if (n_columns == 0)
    return;

  widths = g_new0 (int, n_columns);

  for (cmark_node *row = cmark_node_first_child (table); row != NULL; row = cmark_node_next (row))
    {
      char **cells = g_new0 (char *, n_columns + 1);
      guint i = 0;

      for (cmark_node *cell = cmark_node_first_child (row); cell != NULL && i < n_columns;
           cell = cmark_node_next (cell), i++)
        {
          cells[i] = collect_text (cell);
          g_strstrip (cells[i]);
          widths[i] = MAX (widths[i], (int)df_text_display_width (cells[i]));
        }
      for (; i < n_columns; i++)
        cells[i] = g_strdup ("");

      if (rows->len == 0 && is_type (row, "table_header"))
        has_header = TRUE;
      g_ptr_array_add (rows, cells);
    }

  begin_block (b, table);

  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);
      g_autoptr(GString) line = g_string_new (NULL);
      int line_start = buffer_length (b);

      for (guint c = 0; c < n_columns; c++)
        {
          if (c > 0)
            g_string_append (line, " │ ");
          append_padded (line, cells[c], widths[c], aligns != NULL ? (char)aligns[c] : 0);
        }
      insert_text (b, line->str, (int)line->len);

      if (r == 0 && has_header)
        {
          apply_tag_from (b, get_named_tag (b->view, "strong"), line_start);
          g_string_truncate (line, 0);
          for (guint c = 0; c < n_columns; c++)
            {
              if (c > 0)
                g_string_append (line, "─┼─");
              for (int i = 0; i < MAX (widths[c], 1); i++)
                g_string_append (line, "─");
            }
          insert_text (b, "\n", 1);
          insert_text (b, line->str, (int)line->len);
        }

      if (r + 1 < rows->len)
        insert_text (b, "\n", 1);
    }

  end_block (b, table, b->view->table_tag, get_named_tag (b->view, "df-para"), 0);
}

/* ---- the walk -------------------------------------------------------------------- */

static void
list_marker (Builder *b)
{
  ListLevel *level = &g_array_index (b->lists, ListLevel, b->lists->len - 1);
  static const char * const bullets[] = { "•", "◦", "▪" };

  if (level->ordered)
    g_string_append_printf (b->pending_marker, "%d%c ", level->next_number++, level->delim);
  else
    g_string_append_printf (b->pending_marker, "%s ", bullets[(b->lists->len - 1) % G_N_ELEMENTS (bullets)]);
}

static GtkTextTag *
paragraph_spacing (Builder    *b,
                   cmark_node *node)
{
  return get_named_tag (b->view, in_tight_list (node) ? "df-para-tight" : "df-para");
}

static void
handle_event (Builder          *b,
              cmark_event_type  ev,
              cmark_node       *node)
{
  DfMarkdownView *self = b->view;
  gboolean enter = ev == CMARK_EVENT_ENTER;
  int type = cmark_node_get_type (node);

  /* Leaves come once (footnote references come as enter and exit). */
  if (!enter && (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE ||
                 type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK ||
                 type == CMARK_NODE_HTML_INLINE || type == CMARK_NODE_HTML_BLOCK ||
                 type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_THEMATIC_BREAK ||
                 type == CMARK_NODE_FOOTNOTE_REFERENCE || type == CMARK_NODE_IMAGE))
    return;

  switch (type)
    {
    case CMARK_NODE_DOCUMENT:
      break;

    case CMARK_NODE_PARAGRAPH:
      if (enter)
        begin_block (b, node);
      else
        end_block (b, node, NULL, paragraph_spacing (b, node), 0);
      break;

    case CMARK_NODE_HEADING:
      if (enter)
        begin_block (b, node);
      else
        {
          int level = CLAMP (cmark_node_get_heading_level (node), 1, MAX_HEADING);
          end_block (b, node, self->heading_tags[level - 1], NULL, 0);
        }
      break;

    case CMARK_NODE_CODE_BLOCK:
      {
        const char *literal = cmark_node_get_literal (node);
        gsize len = literal != NULL ? strlen (literal) : 0;

        begin_block (b, node);
        while (len > 0 && literal[len - 1] == '\n')
          len--;
        if (len > 0)
          insert_text (b, literal, (int)len);
        end_block (b, node, self->code_block_tag, get_named_tag (self, "df-para"), CODE_INDENT);
      }
      break;

    case CMARK_NODE_HTML_BLOCK:
      {
        const char *literal = cmark_node_get_literal (node);
        g_autofree char *html = NULL;

        if (literal == NULL || html_is_blank (literal))
          break;
        /* Trailing newlines of the HTML would make empty lines. */
        html = g_strchomp (g_strdup (literal));
        begin_block (b, node);
        insert_html (b, html);
        end_block (b, node, NULL, get_named_tag (self, "df-para"), 0);
      }
      break;

    case CMARK_NODE_THEMATIC_BREAK:
      begin_block (b, node);
      insert_text (b, "⁂", -1);
      end_block (b, node, self->rule_tag, NULL, 0);
      break;

    case CMARK_NODE_BLOCK_QUOTE:
      if (enter)
        {
          mark_start (b, node);
          b->quote_depth++;
        }
      else
        {
          b->quote_depth--;
          apply_tag_from (b, self->quote_tag, node_start (node));
        }
      break;

    case CMARK_NODE_LIST:
      if (enter)
        {
          ListLevel level = {
            .ordered = cmark_node_get_list_type (node) == CMARK_ORDERED_LIST,
            .tight = cmark_node_get_list_tight (node),
            .next_number = cmark_node_get_list_start (node),
            .delim = cmark_node_get_list_delim (node) == CMARK_PAREN_DELIM ? ')' : '.',
          };
          g_array_append_val (b->lists, level);
        }
      else if (b->lists->len > 0)
        g_array_set_size (b->lists, b->lists->len - 1);
      break;

    case CMARK_NODE_ITEM:
      if (enter)
        {
          if (b->lists->len > 0)
            list_marker (b);
        }
      else if (b->pending_marker->len > 0)
        {
          /* An empty item still shows its marker. */
          begin_block (b, node);
          end_block (b, node, NULL, get_named_tag (self, "df-para-tight"), 0);
        }
      break;

    case CMARK_NODE_FOOTNOTE_DEFINITION:
      if (enter)
        {
          if (!b->in_footnotes)
            {
              b->in_footnotes = TRUE;
              begin_block (b, node);
              insert_text (b, "⁂", -1);
              end_block (b, node, self->rule_tag, NULL, 0);
            }
          mark_start (b, node);
          g_string_append_printf (b->pending_marker, "%d. ", ++b->footnote_number);
        }
      else
        apply_tag_from (b, self->footnote_tag, node_start (node));
      break;

    case CMARK_NODE_TEXT:
      insert_text (b, cmark_node_get_literal (node), -1);
      break;

    case CMARK_NODE_SOFTBREAK:
      insert_text (b, " ", 1);
      break;

    case CMARK_NODE_LINEBREAK:
      insert_text (b, "\n", 1);
      break;

    case CMARK_NODE_CODE:
      {
        int start = buffer_length (b);

        insert_text (b, cmark_node_get_literal (node), -1);
        apply_tag_from (b, self->code_tag, start);
      }
      break;

    case CMARK_NODE_HTML_INLINE:
      insert_html (b, cmark_node_get_literal (node));
      break;

    case CMARK_NODE_EMPH:
    case CMARK_NODE_STRONG:
      if (enter)
        mark_start (b, node);
      else
        apply_tag_from (b, get_named_tag (self, type == CMARK_NODE_EMPH ? "emphasis" : "strong"),
                        node_start (node));
      break;

    case CMARK_NODE_LINK:
      if (enter)
        mark_start (b, node);
      else
        {
          const char *url = cmark_node_get_url (node);
          GtkTextTag *tag = gtk_text_buffer_create_tag (b->buffer, NULL, NULL);

          g_object_set_data_full (G_OBJECT (tag), "df-url", g_strdup (url != NULL ? url : ""), g_free);
          g_ptr_array_add (self->link_tags, g_object_ref (tag));
          apply_tag_from (b, tag, node_start (node));
          apply_tag_from (b, self->link_tag, node_start (node));
        }
      break;

    case CMARK_NODE_IMAGE:
      {
        g_autofree char *alt = collect_text (node);

        insert_image (b, cmark_node_get_url (node), alt);
        /* The children (the alt text) are done. */
        cmark_iter_reset (b->iter, node, CMARK_EVENT_EXIT);
      }
      break;

    case CMARK_NODE_FOOTNOTE_REFERENCE:
      {
        int start = buffer_length (b);

        insert_text (b, cmark_node_get_literal (node), -1);
        apply_tag_from (b, get_named_tag (self, "superscript"), start);
      }
      break;

    default:
      if (is_type (node, "table"))
        {
          render_table (b, node);
          cmark_iter_reset (b->iter, node, CMARK_EVENT_EXIT);
        }
      else if (is_type (node, "strikethrough"))
        {
          if (enter)
            mark_start (b, node);
          else
            apply_tag_from (b, get_named_tag (self, "strikethrough"), node_start (node));
        }
      else if (enter && cmark_node_get_literal (node) != NULL)
        insert_text (b, cmark_node_get_literal (node), -1);
      break;
    }
}

static void
builder_free (Builder *b)
{
  if (b == NULL)
    return;
  g_clear_pointer (&b->iter, cmark_iter_free);
  g_clear_pointer (&b->doc, cmark_node_free);
  g_clear_pointer (&b->lists, g_array_unref);
  if (b->pending_marker != NULL)
    g_string_free (b->pending_marker, TRUE);
  g_clear_object (&b->store);
  g_free (b);
}

/* Walks until the end or until @budget_usec is spent (0: no limit);
 * TRUE when done. */
static gboolean
builder_run (Builder *b,
             gint64   budget_usec)
{
  gint64 deadline = budget_usec > 0 ? g_get_monotonic_time () + budget_usec : 0;
  guint n = 0;
  cmark_event_type ev;

  while ((ev = cmark_iter_next (b->iter)) != CMARK_EVENT_DONE)
    {
      handle_event (b, ev, cmark_iter_get_node (b->iter));

      if (deadline != 0 && (++n % 128) == 0 && g_get_monotonic_time () > deadline)
        return FALSE;
    }

  return TRUE;
}

static void
finish_rendering (DfMarkdownView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;

  /* No trailing empty line. */
  gtk_text_buffer_get_end_iter (buffer, &end);
  start = end;
  if (gtk_text_iter_backward_char (&start) && gtk_text_iter_get_char (&start) == '\n')
    gtk_text_buffer_delete (buffer, &start, &end);

  g_clear_pointer (&self->builder, builder_free);
  g_clear_object (&self->cancellable);

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);

  g_signal_emit (self, signals[RENDERED], 0);
}

static gboolean
build_idle_cb (gpointer data)
{
  DfMarkdownView *self = data;

  if (!builder_run (self->builder, CHUNK_BUDGET_USEC))
    return G_SOURCE_CONTINUE;

  self->idle_id = 0;
  finish_rendering (self);
  return G_SOURCE_REMOVE;
}

static Builder *
builder_new (DfMarkdownView *self,
             DfStore        *store,
             gint64          project_id,
             cmark_node     *doc)
{
  Builder *b = g_new0 (Builder, 1);

  b->view = self;
  b->buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  b->store = store != NULL ? g_object_ref (store) : NULL;
  b->project_id = project_id;
  b->doc = doc;
  b->iter = cmark_iter_new (doc);
  b->lists = g_array_new (FALSE, TRUE, sizeof (ListLevel));
  b->pending_marker = g_string_new (NULL);
  return b;
}

/* The parse does not keep the view alive: a view whose window is gone
 * must be freed at once (GTK's own idle work on a text view outliving its
 * window crashes), so the callback finds it through a weak reference. */
typedef struct
{
  GWeakRef  view;
  GWeakRef  store;
  gint64    project_id;
} ParseData;

static void
parse_data_free (ParseData *pd)
{
  g_weak_ref_clear (&pd->view);
  g_weak_ref_clear (&pd->store);
  g_free (pd);
}

static void
parse_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ParseData *pd = user_data;
  g_autoptr(DfMarkdownView) self = g_weak_ref_get (&pd->view);
  g_autoptr(DfStore) store = g_weak_ref_get (&pd->store);
  g_autoptr(GError) error = NULL;
  cmark_node *doc = g_task_propagate_pointer (G_TASK (result), &error);

  /* Cancelled (a newer text replaced this one), or the view went, or it
   * left its window while the parse ran. */
  if (doc == NULL || self == NULL || gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    {
      g_clear_pointer (&doc, cmark_node_free);
      parse_data_free (pd);
      return;
    }

  self->builder = builder_new (self, store, pd->project_id, doc);
  self->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, build_idle_cb, self, NULL);
  parse_data_free (pd);
}

static void
cancel_rendering (DfMarkdownView *self)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_pointer (&self->builder, builder_free);
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
}

static void
clear_buffer (DfMarkdownView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);

  gtk_text_buffer_set_text (buffer, "", 0);
  for (guint i = 0; i < self->link_tags->len; i++)
    gtk_text_tag_table_remove (table, g_ptr_array_index (self->link_tags, i));
  g_ptr_array_set_size (self->link_tags, 0);
  g_ptr_array_set_size (self->images, 0);
}

/* ---- colours, links, sizes --------------------------------------------------------- */

static void
update_colors (DfMarkdownView *self)
{
  GtkStyleContext *context;
  GdkRGBA fg, accent, faint, fainter, dim;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  context = gtk_widget_get_style_context (GTK_WIDGET (self));
  gtk_style_context_get_color (context, &fg);
  if (!gtk_style_context_lookup_color (context, "accent_color", &accent))
    accent = fg;
  G_GNUC_END_IGNORE_DEPRECATIONS

  faint = fg;
  faint.alpha = 0.06f;
  fainter = fg;
  fainter.alpha = 0.10f;
  dim = fg;
  dim.alpha = 0.70f;

  g_object_set (self->code_block_tag, "paragraph-background-rgba", &faint, NULL);
  g_object_set (self->code_tag, "background-rgba", &fainter, NULL);
  g_object_set (self->quote_tag, "foreground-rgba", &dim, NULL);
  g_object_set (self->rule_tag, "foreground-rgba", &dim, NULL);
  g_object_set (self->missing_tag, "foreground-rgba", &dim, NULL);
  g_object_set (self->link_tag, "foreground-rgba", &accent, NULL);
}

static const char *
url_at (DfMarkdownView *self,
        double          x,
        double          y)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkTextIter iter;
  int bx, by;
  g_autoptr(GSList) tags = NULL;

  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, (int)x, (int)y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (view, &iter, bx, by))
    return NULL;

  tags = gtk_text_iter_get_tags (&iter);
  for (GSList *l = tags; l != NULL; l = l->next)
    {
      const char *url = g_object_get_data (l->data, "df-url");

      if (url != NULL)
        return url;
    }

  return NULL;
}

static gboolean
is_web_url (const char *url)
{
  return url != NULL &&
         (g_ascii_strncasecmp (url, "http://", 7) == 0 ||
          g_ascii_strncasecmp (url, "https://", 8) == 0);
}

static void
link_launched_cb (GObject      *source G_GNUC_UNUSED,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autofree char *url = data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    g_warning ("Could not open %s: %s", url, error->message);
}

/* Opens @url in the user's browser (through the portal in a sandbox),
 * with the environment the user started DraftForge with. */
static void
open_link (DfMarkdownView *self,
           const char     *url)
{
  g_autoptr(GdkAppLaunchContext) context =
    gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));

  df_renderer_restore_environment (G_APP_LAUNCH_CONTEXT (context));
  g_app_info_launch_default_for_uri_async (url, G_APP_LAUNCH_CONTEXT (context), NULL,
                                           link_launched_cb, g_strdup (url));
}

static void
click_released_cb (GtkGestureClick *gesture,
                   int              n_press G_GNUC_UNUSED,
                   double           x,
                   double           y,
                   DfMarkdownView  *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;
  const char *url;

  if (gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture)) > 1)
    return;

  /* Selecting text across a link does not follow it. */
  if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return;

  url = url_at (self, x, y);
  if (!is_web_url (url))
    return;

  open_link (self, url);
}

static void
motion_cb (GtkEventControllerMotion *controller G_GNUC_UNUSED,
           double                    x,
           double                    y,
           DfMarkdownView           *self)
{
  gboolean over_link = is_web_url (url_at (self, x, y));

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), over_link ? "pointer" : NULL);
}

/* ---- GObject ---------------------------------------------------------------------- */

static void
df_markdown_view_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (df_markdown_view_parent_class)->css_changed (widget, change);
  update_colors (DF_MARKDOWN_VIEW (widget));
}

static void
df_markdown_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  DfMarkdownView *self = DF_MARKDOWN_VIEW (widget);
  GtkTextView *view = GTK_TEXT_VIEW (widget);
  int text_width;

  GTK_WIDGET_CLASS (df_markdown_view_parent_class)->size_allocate (widget, width, height, baseline);

  text_width = width - gtk_text_view_get_left_margin (view) - gtk_text_view_get_right_margin (view) - 8;
  text_width = MAX (text_width, 32);
  if (text_width != self->image_width)
    {
      self->image_width = text_width;
      for (guint i = 0; i < self->images->len; i++)
        df_scaled_image_set_max_width (g_ptr_array_index (self->images, i), text_width);
    }
}

/* Taken out of its window (which a pending parse, holding a reference,
 * outlives): stop, so nothing is built into a view nobody shows. */
static void
df_markdown_view_unroot (GtkWidget *widget)
{
  cancel_rendering (DF_MARKDOWN_VIEW (widget));

  GTK_WIDGET_CLASS (df_markdown_view_parent_class)->unroot (widget);
}

static void
df_markdown_view_dispose (GObject *object)
{
  DfMarkdownView *self = DF_MARKDOWN_VIEW (object);

  cancel_rendering (self);

  G_OBJECT_CLASS (df_markdown_view_parent_class)->dispose (object);
}

static void
df_markdown_view_finalize (GObject *object)
{
  DfMarkdownView *self = DF_MARKDOWN_VIEW (object);

  g_clear_pointer (&self->link_tags, g_ptr_array_unref);
  g_clear_pointer (&self->images, g_ptr_array_unref);

  G_OBJECT_CLASS (df_markdown_view_parent_class)->finalize (object);
}

static void
df_markdown_view_class_init (DfMarkdownViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = df_markdown_view_dispose;
  object_class->finalize = df_markdown_view_finalize;

  widget_class->css_changed = df_markdown_view_css_changed;
  widget_class->unroot = df_markdown_view_unroot;
  widget_class->size_allocate = df_markdown_view_size_allocate;

  /**
   * DfMarkdownView::rendered:
   *
   * The buffer holds the whole text.
   */
  signals[RENDERED] = g_signal_new ("rendered",
                                    G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "textview");

  cmark_gfm_core_extensions_ensure_registered ();
}

static void
df_markdown_view_init (DfMarkdownView *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkEventController *motion;
  GtkGesture *click;
  static const double heading_scales[MAX_HEADING] = { 2.0, 1.6, 1.35, 1.2, 1.1, 1.0 };

  self->link_tags = g_ptr_array_new_with_free_func (g_object_unref);
  self->images = g_ptr_array_new_with_free_func (g_object_unref);
  self->image_width = 640;

  gtk_text_view_set_editable (view, FALSE);
  gtk_text_view_set_cursor_visible (view, FALSE);
  gtk_text_view_set_wrap_mode (view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (view, 24);
  gtk_text_view_set_right_margin (view, 24);
  gtk_text_view_set_top_margin (view, 24);
  gtk_text_view_set_bottom_margin (view, 48);
  gtk_text_view_set_pixels_inside_wrap (view, 2);
  gtk_widget_add_css_class (GTK_WIDGET (self), "df-markdown-view");

  /* Created in priority order: later tags win over earlier ones. */
  self->code_block_tag = gtk_text_buffer_create_tag (buffer, "code-block",
                                                     "family", "monospace",
                                                     "wrap-mode", GTK_WRAP_CHAR,
                                                     NULL);
  self->table_tag = gtk_text_buffer_create_tag (buffer, "table",
                                                "family", "monospace",
                                                "wrap-mode", GTK_WRAP_CHAR,
                                                NULL);
  self->quote_tag = gtk_text_buffer_create_tag (buffer, "quote",
                                                "style", PANGO_STYLE_ITALIC,
                                                NULL);
  self->footnote_tag = gtk_text_buffer_create_tag (buffer, "footnote",
                                                   "scale", PANGO_SCALE_SMALL,
                                                   NULL);
  gtk_text_buffer_create_tag (buffer, "df-para",
                              "pixels-below-lines", 12,
                              NULL);
  gtk_text_buffer_create_tag (buffer, "df-para-tight",
                              "pixels-below-lines", 4,
                              NULL);
  for (int i = 0; i < MAX_HEADING; i++)
    {
      g_autofree char *name = g_strdup_printf ("h%d", i + 1);

      self->heading_tags[i] = gtk_text_buffer_create_tag (buffer, name,
                                                          "weight", PANGO_WEIGHT_BOLD,
                                                          "scale", heading_scales[i],
                                                          "pixels-above-lines", i < 2 ? 18 : 12,
                                                          "pixels-below-lines", 8,
                                                          NULL);
    }
  self->rule_tag = gtk_text_buffer_create_tag (buffer, "rule",
                                               "justification", GTK_JUSTIFY_CENTER,
                                               "pixels-above-lines", 8,
                                               "pixels-below-lines", 16,
                                               NULL);
  gtk_text_buffer_create_tag (buffer, "emphasis", "style", PANGO_STYLE_ITALIC, NULL);
  gtk_text_buffer_create_tag (buffer, "strong", "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (buffer, "strikethrough", "strikethrough", TRUE, NULL);
  self->code_tag = gtk_text_buffer_create_tag (buffer, "code",
                                               "family", "monospace",
                                               NULL);
  gtk_text_buffer_create_tag (buffer, "superscript",
                              "rise", 5 * PANGO_SCALE,
                              "scale", PANGO_SCALE_X_SMALL,
                              NULL);
  self->missing_tag = gtk_text_buffer_create_tag (buffer, "image-missing",
                                                  "style", PANGO_STYLE_ITALIC,
                                                  NULL);
  self->link_tag = gtk_text_buffer_create_tag (buffer, "link",
                                               "underline", PANGO_UNDERLINE_SINGLE,
                                               NULL);
  update_colors (self);

  click = gtk_gesture_click_new ();
  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (click), "link-click");
  g_signal_connect (click, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

GtkWidget *
df_markdown_view_new (void)
{
  return g_object_new (DF_TYPE_MARKDOWN_VIEW, NULL);
}

void
df_markdown_view_set_markdown (DfMarkdownView *self,
                               DfStore        *store,
                               gint64          project_id,
                               const char     *markdown)
{
  gsize len;

  g_return_if_fail (DF_IS_MARKDOWN_VIEW (self));
  g_return_if_fail (store == NULL || DF_IS_STORE (store));

  cancel_rendering (self);
  clear_buffer (self);

  if (markdown == NULL)
    markdown = "";
  len = strlen (markdown);

  if (len > MAX_INPUT_BYTES)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
      g_autofree char *size = g_format_size (len);
      g_autofree char *limit = g_format_size (MAX_INPUT_BYTES);
      g_autofree char *message =
        g_strdup_printf (_("This chapter is too long to show here (%s; the reader shows up to %s). "
                           "Open it in the editor, or split it into smaller chapters."),
                         size, limit);

      gtk_text_buffer_set_text (buffer, message, -1);
      g_signal_emit (self, signals[RENDERED], 0);
      return;
    }

  /* Big texts, and any text while another is parsed in a thread, are
   * parsed off the main loop. */
  if (len > ASYNC_THRESHOLD || !df_markdown_parse_trylock ())
    {
      g_autoptr(GTask) task = NULL;
      ParseData *pd = g_new0 (ParseData, 1);

      g_weak_ref_init (&pd->view, self);
      g_weak_ref_init (&pd->store, store);
      pd->project_id = project_id;
      self->cancellable = g_cancellable_new ();

      task = g_task_new (NULL, self->cancellable, parse_done_cb, pd);
      g_task_set_source_tag (task, df_markdown_view_set_markdown);
      g_task_set_task_data (task, g_bytes_new (markdown, len), (GDestroyNotify)g_bytes_unref);
      g_task_run_in_thread (task, parse_thread);
      return;
    }

  self->builder = builder_new (self, store, project_id, parse_markdown (markdown, len));
  df_markdown_parse_unlock ();
  builder_run (self->builder, 0);
  finish_rendering (self);
}

gboolean
df_markdown_view_is_rendering (DfMarkdownView *self)
{
  g_return_val_if_fail (DF_IS_MARKDOWN_VIEW (self), FALSE);

  return self->builder != NULL || self->cancellable != NULL;
}
