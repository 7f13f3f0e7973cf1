/* df-import-mdbook.c: an mdBook source folder
 *
 * SUMMARY.md lists the chapters: a top-level item becomes a part (with
 * its page as the part's first chapter), the items nested under it the
 * part's lessons; prefix and suffix chapters stand outside the parts.
 * Each chapter's {{#include}} directives are resolved as it is read
 * (df-mdbook-include.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "df-import-private.h"
#include "df-mdbook-include-private.h"

typedef struct
{
  char  *title;
  char  *file;      /* relative to the src folder; NULL for a draft */
  int    depth;     /* -1: prefix or suffix chapter, 0: top level, 1: nested */
  guint  line;
} SummaryItem;

static void
summary_item_free (gpointer data)
{
  SummaryItem *item = data;

  g_free (item->title);
  g_free (item->file);
  g_free (item);
}

/* Parses "[Title](target)" at @p; FALSE when it is not a link. */
static gboolean
parse_summary_link (const char  *p,
                    const char  *end,
                    char       **title,
                    char       **target)
{
  const char *q;
  const char *t;
  int depth = 1;

  if (p >= end || *p != '[')
    return FALSE;
  for (q = p + 1; q < end && depth > 0; q++)
    {
      if (*q == '\\' && q + 1 < end)
        q++;
      else if (*q == '[')
        depth++;
      else if (*q == ']')
        depth--;
    }
  if (depth != 0 || q >= end || *q != '(')
    return FALSE;
  t = memchr (q, ')', end - q);
  if (t == NULL)
    return FALSE;

  *title = g_strndup (p + 1, (q - 1) - (p + 1));
  *target = g_strstrip (g_strndup (q + 1, t - q - 1));
  if (**target == '<' && (*target)[strlen (*target) - 1] == '>')
    {
      char *inner = g_strndup (*target + 1, strlen (*target) - 2);
      g_free (*target);
      *target = inner;
    }
  if (strchr (*target, '%') != NULL)
    {
      char *unescaped = g_uri_unescape_string (*target, "/");
      if (unescaped != NULL)
        {
          g_free (*target);
          *target = unescaped;
        }
    }
  return TRUE;
}

/* Adds the item that links @title to @target (both taken). */
static void
summary_item_add (GPtrArray *items,
                  char      *title,
                  char      *target,
                  int        depth,
                  guint      line)
{
  SummaryItem *item = g_new0 (SummaryItem, 1);

  item->title = title;
  item->file = *target ? target : (g_free (target), NULL);
  item->depth = depth;
  item->line = line;
  g_ptr_array_add (items, item);
}

static GPtrArray *
parse_summary (const char  *text,
               gsize        len,
               char       **book_title)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (summary_item_free);
  const char *end = text + len;
  guint line_no = 0;
  gboolean seen_list = FALSE;

  *book_title = NULL;

  for (const char *p = text; p < end;)
    {
      const char *e = _df_import_line_end (p, end);
      const char *s = p;
      const char *le = e;
      int indent = 0;
      char *item_title = NULL;
      char *target = NULL;

      line_no++;
      while (le > s && (le[-1] == '\r' || le[-1] == ' ' || le[-1] == '\t'))
        le--;
      while (s < le && (*s == ' ' || *s == '\t'))
        {
          indent += *s == '\t' ? 4 : 1;
          s++;
        }

      if (s < le && *s == '#' && indent == 0)
        {
          /* The book's title; later "# " lines name mdBook part titles,
           * which only label the sidebar: the list items keep their
           * order. */
          if (*book_title == NULL)
            {
              const char *h = s;
              while (h < le && *h == '#')
                h++;
              *book_title = g_strstrip (g_strndup (h, le - h));
            }
        }
      else if (s + 1 < le && (*s == '-' || *s == '*' || *s == '+') && (s[1] == ' ' || s[1] == '\t'))
        {
          const char *l = _df_import_skip_spaces (s + 1, le);

          if (parse_summary_link (l, le, &item_title, &target))
            {
              summary_item_add (items, item_title, target, (indent > 0 && seen_list) ? 1 : 0, line_no);
              seen_list = TRUE;
            }
        }
      else if (s < le && *s == '[' && parse_summary_link (s, le, &item_title, &target))
        summary_item_add (items, item_title, target, -1, line_no);

      p = e < end ? e + 1 : end;
    }

  return items;
}

/* Reads the chapter file @item links, which must be inside the book
 * folder @path; @base_rel gets the file's folder relative to the book
 * (NULL for the book's own folder). */
static char *
read_item_file (DfImportCtx        *ctx,
                const char         *path,
                const char         *display,
                const char         *summary_display,
                const SummaryItem  *item,
                char              **base_rel,
                GError            **error)
{
  g_autofree char *rel = _df_import_resolve_relative ("", item->file);
  g_autofree char *real = NULL;
  g_autofree char *file_display = NULL;
  char *content;

  if (rel != NULL)
    {
      g_autofree char *full = g_build_filename (path, rel, NULL);

      real = _df_import_real_path (full);
      if (real == NULL)
        {
          g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                       _("%s, line %u: the chapter file “%s” does not exist; fix the link or add the file"),
                       summary_display, item->line, item->file);
          return NULL;
        }
    }
  if (rel == NULL || !_df_import_path_is_inside (real, ctx->root_real))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                   _("%s, line %u: “%s” is outside the book folder; link only files inside it"),
                   summary_display, item->line, item->file);
      return NULL;
    }

  file_display = g_build_filename (display, rel, NULL);
  content = _df_import_read_text (real, file_display, TRUE, TRUE, NULL, error);
  if (content == NULL)
    return NULL;
  if (ctx->includes != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (real);
      char *resolved = _df_mdbook_includes_resolve (ctx->includes, content, dir, rel);

      g_free (content);
      content = resolved;
    }

  *base_rel = g_path_get_dirname (rel);
  if (strcmp (*base_rel, ".") == 0)
    g_clear_pointer (base_rel, g_free);
  return content;
}

/* Adds the chapter of @item: a top-level item also begins a part
 * (@part_id is the part the items after it join), a nested one is a
 * lesson of its part, a prefix or suffix chapter has none. */
static gboolean
import_item (DfImportCtx        *ctx,
             const char         *path,
             const char         *display,
             const char         *summary_display,
             const SummaryItem  *item,
             gint64             *part_id,
             GError            **error)
{
  g_autofree char *content = NULL;
  g_autofree char *chapter_title = _df_import_clean_title (item->title);
  g_autofree char *base_rel = NULL;
  gint64 chapter_id;

  if (*chapter_title == '\0')
    {
      g_free (chapter_title);
      chapter_title = item->file ? _df_import_file_stem (item->file) : g_strdup (_("Untitled"));
    }

  if (item->file != NULL &&
      (content = read_item_file (ctx, path, display, summary_display, item, &base_rel, error)) == NULL)
    return FALSE;

  if (item->depth == 0)
    {
      *part_id = _df_import_add_part (ctx, chapter_title, error);
      if (*part_id == 0)
        return FALSE;
    }
  else if (item->depth < 0)
    *part_id = 0;

  if (!_df_import_add_chapter (ctx, *part_id, chapter_title, content ? content : "", &chapter_id, error))
    return FALSE;
  if (item->depth > 0 && *part_id != 0 &&
      !df_chapter_set_field (ctx->store, chapter_id, "kind", "lesson", error))
    return FALSE;

  return content == NULL || _df_import_images (ctx, content, base_rel ? base_rel : "", error);
}

gboolean
_df_import_mdbook (DfImportCtx  *ctx,
                   const char   *path,
                   const char   *display,
                   const char   *title,
                   GError      **error)
{
  g_autofree char *summary_path = g_build_filename (path, "SUMMARY.md", NULL);
  g_autofree char *summary_display = g_build_filename (display, "SUMMARY.md", NULL);
  g_autofree char *text = NULL;
  g_autofree char *book_title = NULL;
  g_autofree char *project_title = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(DfProject) project = NULL;
  DfProjectNew spec = { 0 };
  gint64 part_id = 0;
  gsize len;

  text = _df_import_read_text (summary_path, summary_display, TRUE, FALSE, &len, error);
  if (text == NULL)
    return FALSE;
  items = parse_summary (text, len, &book_title);
  if (items->len == 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                   _("“%s” lists no chapters; add links such as “- [Intro](intro.md)”"),
                   summary_display);
      return FALSE;
    }
  if (!_df_import_set_root (ctx, path, error))
    return FALSE;
  {
    g_autofree char *book_dir = _df_mdbook_book_dir (ctx->root_real);
    ctx->includes = _df_mdbook_includes_new (book_dir, ctx->root_real);
  }

  if (title != NULL)
    project_title = g_strdup (title);
  else if (book_title != NULL && *book_title != '\0')
    project_title = _df_import_clean_title (book_title);
  else
    project_title = _df_import_readable_title (path);
  spec.title = project_title;
  spec.project_type = "technical-book";
  project = _df_import_create_project (ctx, &spec, error);
  if (project == NULL)
    return FALSE;

  for (guint i = 0; i < items->len; i++)
    {
      if (!_df_import_check_cancelled (ctx, error) ||
          !import_item (ctx, path, display, summary_display, g_ptr_array_index (items, i), &part_id, error))
        return FALSE;
      _df_import_report (ctx, (double)(i + 1) / items->len, FALSE);
    }

  return TRUE;
}
