/* df-import-markdown.c: a Markdown file, or a folder of them
 *
 * A file becomes one chapter per level-1 heading (or level-2 under a
 * single level-1 book title); a folder one chapter per file, in name
 * order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "df-import-private.h"
#include "df-text.h"

/* The ATX headings of level @level outside fenced code blocks: an array of
 * line start offsets. */
static GArray *
find_md_headings (const char *text,
                  gsize       len,
                  int         level)
{
  GArray *offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  const char *end = text + len;
  char fence = 0;

  for (const char *p = text; p < end;)
    {
      const char *e = _df_import_line_end (p, end);
      const char *s = p;
      int indent = 0;

      while (s < e && *s == ' ' && indent < 4)
        s++, indent++;

      if (indent < 4 && e - s >= 3 && (s[0] == '`' || s[0] == '~') && s[1] == s[0] && s[2] == s[0])
        {
          if (fence == 0)
            fence = s[0];
          else if (fence == s[0])
            fence = 0;
        }
      else if (fence == 0 && indent == 0)
        {
          int hashes = 0;

          while (s + hashes < e && s[hashes] == '#')
            hashes++;
          if (hashes == level && (s + hashes == e || s[hashes] == ' ' || s[hashes] == '\t'))
            {
              gsize off = p - text;
              g_array_append_val (offsets, off);
            }
        }
      p = e < end ? e + 1 : end;
    }

  return offsets;
}

/* The text of the heading line at @line: "# Title #" -> "Title". */
static char *
md_heading_text (const char *line,
                 const char *end)
{
  const char *e = _df_import_line_end (line, end);
  const char *s = line;
  g_autofree char *raw = NULL;
  char *t;

  while (s < e && *s == '#')
    s++;
  raw = g_strndup (s, e - s);
  g_strstrip (raw);
  t = raw + strlen (raw);
  while (t > raw && t[-1] == '#')
    t--;
  if (t > raw && t < raw + strlen (raw) && (t[-1] == ' ' || t[-1] == '\t'))
    *t = '\0';
  g_strstrip (raw);
  return _df_import_clean_title (raw);
}

/* The first level-1 heading's text, or NULL. */
static char *
md_first_title (const char *text,
                gsize       len)
{
  g_autoptr(GArray) h1 = find_md_headings (text, len, 1);

  if (h1->len == 0)
    return NULL;
  return md_heading_text (text + g_array_index (h1, gsize, 0), text + len);
}

/* Parts at the level-1 headings, chapters at the level-2 ones (a part's
 * own words before its first chapter make a chapter of its title). */
static gboolean
add_parts_and_chapters (DfImportCtx  *ctx,
                        const char   *text,
                        gsize         len,
                        GArray       *h1,
                        GArray       *h2,
                        GError      **error)
{
  gint64 part_id = 0;
  guint i = 0, j = 0;

  while (i < h1->len || j < h2->len)
    {
      gboolean part = j >= h2->len || (i < h1->len && g_array_index (h1, gsize, i) < g_array_index (h2, gsize, j));
      gsize start = part ? g_array_index (h1, gsize, i++) : g_array_index (h2, gsize, j++);
      gsize next1 = i < h1->len ? g_array_index (h1, gsize, i) : len;
      gsize next2 = j < h2->len ? g_array_index (h2, gsize, j) : len;
      gsize stop = MIN (next1, next2);
      g_autofree char *heading = md_heading_text (text + start, text + len);
      const char *body = text + start + (_df_import_line_end (text + start, text + len) - (text + start));
      g_autofree char *content = NULL;

      if (!_df_import_check_cancelled (ctx, error))
        return FALSE;
      if (part)
        {
          if ((part_id = _df_import_add_part (ctx, heading, error)) == 0)
            return FALSE;
          /* The part's heading stays its title; its own words, if any,
           * make a chapter of the same name. */
          if (df_text_count_words (body, text + stop - body) == 0)
            continue;
          content = _df_import_trim_blank_lines (body, text + stop);
        }
      else
        content = _df_import_trim_blank_lines (text + start, text + stop);
      if (!_df_import_add_chapter (ctx, part_id, heading, content, NULL, error))
        return FALSE;
      _df_import_report (ctx, (double)(i + j) / (h1->len + h2->len), FALSE);
    }
  return TRUE;
}

gboolean
_df_import_markdown_text (DfImportCtx  *ctx,
                          const char   *text,
                          gsize         len,
                          const char   *stem,
                          const char   *fallback_title,
                          const char   *title,
                          gboolean      parts,
                          GError      **error)
{
  g_autofree char *project_title = NULL;
  g_autoptr(GArray) h1 = NULL;
  g_autoptr(GArray) h2 = NULL;
  g_autoptr(DfProject) project = NULL;
  GArray *splits;
  DfProjectNew spec = { 0 };
  gsize first;

  h1 = find_md_headings (text, len, 1);
  h2 = find_md_headings (text, len, 2);

  /* Several "# " headings: one chapter each.  One "# " heading naming
   * the book and "## " chapters under it: split at those. */
  splits = h1;
  if (h1->len == 1 && h2->len > 0 &&
      df_text_count_words (text, g_array_index (h1, gsize, 0)) == 0 &&
      g_array_index (h2, gsize, 0) > g_array_index (h1, gsize, 0))
    {
      splits = h2;
      if (title == NULL)
        project_title = md_heading_text (text + g_array_index (h1, gsize, 0), text + len);
    }
  else if (h1->len == 0)
    splits = h2;
  else if (parts && h2->len > 0)
    splits = NULL;

  if (project_title == NULL)
    project_title = g_strdup (title ? title : fallback_title);
  spec.title = project_title;
  project = _df_import_create_project (ctx, &spec, error);
  if (project == NULL)
    return FALSE;

  if (splits == NULL)
    first = MIN (g_array_index (h1, gsize, 0), g_array_index (h2, gsize, 0));
  else
    first = splits->len > 0 ? g_array_index (splits, gsize, 0) : len;
  if (splits == NULL || splits->len == 0 || df_text_count_words (text, first) > 0)
    {
      g_autofree char *content = _df_import_trim_blank_lines (text, text + first);

      if (splits == NULL && df_text_count_words (text, first) == 0)
        ; /* parts from the first line: no front matter */
      else if (!_df_import_add_chapter (ctx, 0, splits != NULL && splits->len == 0 ? stem : _("Front Matter"),
                                        content, NULL, error) ||
               !_df_import_images (ctx, content, "", error))
        return FALSE;
    }
  if (splits == NULL)
    return add_parts_and_chapters (ctx, text, len, h1, h2, error);

  for (guint i = 0; i < splits->len; i++)
    {
      gsize start = g_array_index (splits, gsize, i);
      gsize stop = i + 1 < splits->len ? g_array_index (splits, gsize, i + 1) : len;
      g_autofree char *chapter_title = md_heading_text (text + start, text + len);
      g_autofree char *content = _df_import_trim_blank_lines (text + start, text + stop);

      if (!_df_import_check_cancelled (ctx, error) ||
          !_df_import_add_chapter (ctx, 0, *chapter_title ? chapter_title : stem, content, NULL, error) ||
          !_df_import_images (ctx, content, "", error))
        return FALSE;
      _df_import_report (ctx, (double)(i + 1) / splits->len, FALSE);
    }

  return TRUE;
}

gboolean
_df_import_markdown_file (DfImportCtx  *ctx,
                          const char   *path,
                          const char   *display,
                          const char   *title,
                          GError      **error)
{
  g_autofree char *text = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *stem = _df_import_file_stem (path);
  g_autofree char *readable = NULL;
  gsize len;

  text = _df_import_read_text (path, display, TRUE, FALSE, &len, error);
  if (text == NULL || !_df_import_set_root (ctx, dir, error))
    return FALSE;
  if (ctx->unwrap)
    ctx->wrap_width = _df_import_wrap_width (text, len);
  readable = _df_import_readable_title (path);
  return _df_import_markdown_text (ctx, text, len, stem, readable, title, FALSE, error);
}

static gboolean
has_md_suffix (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  return g_str_has_suffix (lower, ".md") || g_str_has_suffix (lower, ".markdown");
}

static int
compare_collate_keys (gconstpointer a,
                      gconstpointer b)
{
  const char * const *sa = a;
  const char * const *sb = b;
  g_autofree char *ka = g_utf8_collate_key_for_filename (*sa, -1);
  g_autofree char *kb = g_utf8_collate_key_for_filename (*sb, -1);
  int c = strcmp (ka, kb);

  return c != 0 ? c : strcmp (*sa, *sb);
}


gboolean
_df_import_markdown_dir (DfImportCtx  *ctx,
                         const char   *path,
                         const char   *display,
                         const char   *title,
                         GError      **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(DfProject) project = NULL;
  g_autofree char *project_title = NULL;
  DfProjectNew spec = { 0 };
  const char *name;

  dir = g_dir_open (path, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO, _("Could not read the folder “%s”: %s"),
                   display, local_error->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *full = g_build_filename (path, name, NULL);

      if (name[0] != '.' && has_md_suffix (name) && g_file_test (full, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (names, g_strdup (name));
    }
  if (names->len == 0)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                   _("“%s” contains no Markdown (.md) files; import a folder of chapters or a single file"),
                   display);
      return FALSE;
    }
  g_ptr_array_sort (names, compare_collate_keys);

  if (!_df_import_set_root (ctx, path, error))
    return FALSE;

  project_title = title ? g_strdup (title) : _df_import_readable_title (path);
  spec.title = project_title;
  project = _df_import_create_project (ctx, &spec, error);
  if (project == NULL)
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *full = g_build_filename (path, file, NULL);
      g_autofree char *file_display = g_build_filename (display, file, NULL);
      g_autofree char *text = NULL;
      g_autofree char *chapter_title = NULL;
      gsize len;

      if (!_df_import_check_cancelled (ctx, error))
        return FALSE;
      text = _df_import_read_text (full, file_display, TRUE, TRUE, &len, error);
      if (text == NULL)
        return FALSE;
      chapter_title = md_first_title (text, len);
      if (chapter_title == NULL || *chapter_title == '\0')
        {
          g_free (chapter_title);
          chapter_title = _df_import_file_stem (file);
        }
      if (!_df_import_add_chapter (ctx, 0, chapter_title, text, NULL, error) ||
          !_df_import_images (ctx, text, "", error))
        return FALSE;
      _df_import_report (ctx, (double)(i + 1) / names->len, FALSE);
    }

  return TRUE;
}

