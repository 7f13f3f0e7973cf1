/* df-import-util.c: what the importers share
 *
 * Reading and checking text files, titles, paths that must stay inside
 * the imported folder, images, and adding to the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "df-import"

#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "df-import-private.h"
#include "df-owner-private.h"

/* ---- progress ---------------------------------------------------------- */

void
_df_import_report (DfImportCtx *ctx,
                   double       fraction,
                   gboolean     force)
{
  if (ctx->progress == NULL)
    return;
  fraction = CLAMP (fraction, 0.0, 1.0);
  if (force || fraction - ctx->last_fraction >= 0.01)
    {
      ctx->last_fraction = fraction;
      ctx->progress (fraction, ctx->progress_data);
    }
}

gboolean
_df_import_check_cancelled (DfImportCtx  *ctx,
                            GError      **error)
{
  return !g_cancellable_set_error_if_cancelled (ctx->cancellable, error);
}

/* ---- text and titles --------------------------------------------------- */

char *
_df_import_trim_blank_lines (const char *start,
                             const char *end)
{
  const char *first = NULL;
  const char *last_end = NULL;

  for (const char *p = start; p < end;)
    {
      const char *e = _df_import_line_end (p, end);

      if (!_df_import_line_is_blank (p, e))
        {
          if (first == NULL)
            first = p;
          last_end = e < end ? e + 1 : e;
        }
      p = e < end ? e + 1 : end;
    }

  if (first == NULL)
    return g_strdup ("");
  return g_strndup (first, last_end - first);
}

char *
_df_import_clean_title (const char *title)
{
  return g_strstrip (g_strdup (title));
}

/* @title stripped and, when longer than the database allows, cut (and
 * *@cut set). */
static char *
fit_title (const char *title,
           gboolean   *cut)
{
  g_autofree char *copy = _df_import_clean_title (title);
  g_autofree char *shortened = NULL;

  *cut = g_utf8_strlen (copy, -1) > DF_IMPORT_MAX_TITLE_CHARS;
  if (!*cut)
    return g_steal_pointer (&copy);
  shortened = g_utf8_substring (copy, 0, DF_IMPORT_MAX_TITLE_CHARS);
  return g_strchomp (g_steal_pointer (&shortened));
}

char *
_df_import_readable_title (const char *path)
{
  static const char * const small_words[] = {
    "a", "an", "and", "as", "at", "but", "by", "for", "in", "nor", "of", "on",
    "or", "the", "to", "with", NULL
  };
  g_autofree char *base = g_path_get_basename (path);
  g_auto(GStrv) words = NULL;
  GString *out = g_string_new (NULL);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  g_strdelimit (base, "-_.", ' ');
  words = g_strsplit (base, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *w = words[i];

      if (*w == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      if (out->len > 0 && g_strv_contains (small_words, w))
        g_string_append (out, w);
      else
        {
          gunichar c = g_utf8_get_char (w);
          g_string_append_unichar (out, g_unichar_totitle (c));
          g_string_append (out, g_utf8_next_char (w));
        }
    }

  if (out->len == 0)
    g_string_append (out, _("Untitled"));

  return g_string_free (out, FALSE);
}

char *
_df_import_file_stem (const char *path)
{
  char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return base;
}

static gboolean
check_size (gint64       size,
            const char  *display,
            GError     **error)
{
  if (size > DF_IMPORT_MAX_FILE_SIZE)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                   _("“%s” is larger than 64 MiB; split it into smaller files and import those"), display);
      return FALSE;
    }
  return TRUE;
}

/* Refuses a path that is missing, not a regular file, or too large. */
static gboolean
check_file (const char  *path,
            const char  *display,
            GError     **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      if (saved == ENOENT || saved == ENOTDIR)
        g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                     _("“%s” does not exist; check the path"), display);
      else
        g_set_error (error, DF_ERROR, DF_ERROR_IO,
                     _("Could not read “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                   _("“%s” is not a regular file; import a text or Markdown file, or a folder"), display);
      return FALSE;
    }

  return check_size (st.st_size, display, error);
}

/* Refuses bytes that are not text: a NUL byte, or invalid UTF-8 (named by
 * its offset and line). */
static gboolean
check_text (const char  *data,
            gsize        len,
            const char  *display,
            GError     **error)
{
  const char *nul = memchr (data, '\0', len);
  const char *bad = NULL;

  if (nul != NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                   _("“%s” is a binary file (NUL byte at offset %zu), not text; "
                     "import a plain-text or Markdown manuscript"),
                   display, (gsize)(nul - data));
      return FALSE;
    }

  if (!g_utf8_validate_len (data, len, &bad))
    {
      gsize offset = bad - data;
      guint line = 1;

      for (const char *p = data; p < bad; p++)
        if (*p == '\n')
          line++;
      g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
                   _("“%s” is not valid UTF-8 (byte 0x%02x at offset %zu, line %u); "
                     "save it as UTF-8 and import it again"),
                   display, (guchar)*bad, offset, line);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_not_blank (const char  *data,
                 gsize        len,
                 const char  *display,
                 GError     **error)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (data[i]))
      return TRUE;

  g_set_error (error, DF_ERROR, DF_ERROR_IMPORT,
               _("“%s” is empty; there is nothing to import"), display);
  return FALSE;
}

char *
_df_import_read_text (const char    *path,
                      const char    *display,
                      gboolean       strip_bom,
                      gboolean       allow_empty,
                      gsize         *out_len,
                      GError       **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len = 0;

  if (!check_file (path, display, error))
    return NULL;

  if (!g_file_get_contents (path, &data, &len, &local_error))
    {
      g_set_error (error, DF_ERROR, DF_ERROR_IO,
                   _("Could not read “%s”: %s"), display, local_error->message);
      return NULL;
    }
  if (!check_size (len, display, error) || !check_text (data, len, display, error))
    return NULL;

  if (strip_bom && len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      memmove (data, data + 3, len - 3);
      len -= 3;
      data[len] = '\0';
    }

  if (!allow_empty && !check_not_blank (data, len, display, error))
    return NULL;

  if (out_len != NULL)
    *out_len = len;
  return g_steal_pointer (&data);
}

/* ---- paths -------------------------------------------------------------- */

char *
_df_import_real_path (const char *path)
{
  char *resolved = realpath (path, NULL);
  char *copy;

  if (resolved == NULL)
    return NULL;
  copy = g_strdup (resolved);
  free (resolved);
  return copy;
}

gboolean
_df_import_path_is_inside (const char *real,
                           const char *root_real)
{
  gsize n = strlen (root_real);

  if (strcmp (real, root_real) == 0)
    return TRUE;
  if (n > 0 && root_real[n - 1] == '/')
    return strncmp (real, root_real, n) == 0;
  return strncmp (real, root_real, n) == 0 && real[n] == '/';
}

char *
_df_import_resolve_relative (const char *base_rel,
                             const char *ref)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) base_parts = NULL;
  g_auto(GStrv) ref_parts = NULL;
  GString *out;

  if (ref[0] == '/' || ref[0] == '\0' || strchr (ref, '\\') != NULL)
    return NULL;

  base_parts = g_strsplit (base_rel ? base_rel : "", "/", -1);
  ref_parts = g_strsplit (ref, "/", -1);

  for (guint i = 0; base_parts[i] != NULL; i++)
    if (*base_parts[i] != '\0' && strcmp (base_parts[i], ".") != 0)
      g_ptr_array_add (parts, g_strdup (base_parts[i]));

  for (guint i = 0; ref_parts[i] != NULL; i++)
    {
      const char *p = ref_parts[i];

      if (*p == '\0' || strcmp (p, ".") == 0)
        continue;
      if (strcmp (p, "..") == 0)
        {
          if (parts->len == 0)
            return NULL;
          g_ptr_array_remove_index (parts, parts->len - 1);
          continue;
        }
      g_ptr_array_add (parts, g_strdup (p));
    }

  if (parts->len == 0)
    return NULL;

  out = g_string_new (NULL);
  for (guint i = 0; i < parts->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, '/');
      g_string_append (out, g_ptr_array_index (parts, i));
    }
  return g_string_free (out, FALSE);
}

gboolean
_df_import_set_root (DfImportCtx  *ctx,
                     const char   *dir,
                     GError      **error)
{
  ctx->root_dir = g_strdup (dir);
  ctx->root_real = _df_import_real_path (dir);
  if (ctx->root_real == NULL)
    {
      g_set_error (error, DF_ERROR, DF_ERROR_NOT_FOUND,
                   _("“%s” does not exist; check the path"), dir);
      return FALSE;
    }
  return TRUE;
}

/* ---- images ------------------------------------------------------------ */

static void
add_image_ref (GPtrArray  *refs,
               const char *start,
               gsize       len)
{
  g_autofree char *raw = NULL;
  char *cut;

  while (len > 0 && (*start == ' ' || *start == '<'))
    start++, len--;
  while (len > 0 && (start[len - 1] == ' ' || start[len - 1] == '>'))
    len--;
  if (len == 0)
    return;

  raw = g_strndup (start, len);
  if (strstr (raw, "://") != NULL || g_str_has_prefix (raw, "data:") ||
      g_str_has_prefix (raw, "mailto:") || raw[0] == '#' || raw[0] == '/')
    return;
  cut = strpbrk (raw, "?#");
  if (cut != NULL)
    *cut = '\0';
  if (*raw == '\0')
    return;

  if (strchr (raw, '%') != NULL)
    {
      char *unescaped = g_uri_unescape_string (raw, "/");
      if (unescaped == NULL)
        return;
      g_ptr_array_add (refs, unescaped);
    }
  else
    g_ptr_array_add (refs, g_steal_pointer (&raw));
}

/* Image references of a Markdown text: ![alt](src "title") and
 * <img ... src="src">. */
static GPtrArray *
find_image_refs (const char *text)
{
  GPtrArray *refs = g_ptr_array_new_with_free_func (g_free);

  for (const char *p = text; (p = strstr (p, "![")) != NULL;)
    {
      const char *q = p + 2;
      int depth = 1;

      for (; *q && depth > 0; q++)
        {
          if (*q == '\\' && q[1])
            q++;
          else if (*q == '[')
            depth++;
          else if (*q == ']')
            depth--;
        }
      p += 2;
      if (depth == 0 && *q == '(')
        {
          const char *s = q + 1;
          const char *e;

          while (*s == ' ')
            s++;
          if (*s == '<')
            e = strchr (s, '>');
          else
            e = s + strcspn (s, " \t\n)");
          if (e != NULL)
            add_image_ref (refs, s, e - s);
        }
    }

  for (const char *p = text; (p = strstr (p, "<img")) != NULL; p += 4)
    {
      const char *tag_end = strchr (p, '>');
      const char *src;

      if (tag_end == NULL)
        break;
      for (src = p; (src = strstr (src, "src")) != NULL && src < tag_end; src += 3)
        {
          const char *v = src + 3;

          if (!(src[-1] == ' ' || src[-1] == '\n' || src[-1] == '\t'))
            continue;
          while (*v == ' ')
            v++;
          if (*v != '=')
            continue;
          v++;
          while (*v == ' ')
            v++;
          if (*v == '"' || *v == '\'')
            {
              const char *close = strchr (v + 1, *v);
              if (close != NULL && close < tag_end)
                add_image_ref (refs, v + 1, close - v - 1);
            }
          else
            add_image_ref (refs, v, strcspn (v, " \t\n>"));
          break;
        }
    }

  return refs;
}

gboolean
_df_import_images (DfImportCtx  *ctx,
                   const char   *content,
                   const char   *base_rel,
                   GError      **error)
{
  g_autoptr(GPtrArray) refs = find_image_refs (content);

  for (guint i = 0; i < refs->len; i++)
    {
      g_autofree char *key = _df_import_resolve_relative (base_rel, g_ptr_array_index (refs, i));
      g_autofree char *full = NULL;
      g_autofree char *real = NULL;
      g_autofree char *data = NULL;
      g_autofree char *content_type = NULL;
      g_autofree char *mime = NULL;
      g_autoptr(GBytes) bytes = NULL;
      GStatBuf st;
      gsize len;

      if (key == NULL || g_hash_table_contains (ctx->assets_seen, key))
        continue;
      g_hash_table_add (ctx->assets_seen, g_strdup (key));

      full = g_build_filename (ctx->root_dir, key, NULL);
      real = _df_import_real_path (full);
      if (real == NULL || !_df_import_path_is_inside (real, ctx->root_real))
        continue;
      if (g_stat (real, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size > DF_IMPORT_MAX_FILE_SIZE)
        continue;
      if (!g_file_get_contents (real, &data, &len, NULL))
        continue;

      content_type = g_content_type_guess (key, (const guchar *)data, len, NULL);
      mime = content_type ? g_content_type_get_mime_type (content_type) : NULL;
      bytes = g_bytes_new_take (g_steal_pointer (&data), len);
      if (!df_asset_put (ctx->store, ctx->project_id, key,
                         mime ? mime : "application/octet-stream", bytes, error))
        return FALSE;
    }

  return TRUE;
}

/* ---- adding to the store ------------------------------------------------ */

DfProject *
_df_import_create_project (DfImportCtx         *ctx,
                           const DfProjectNew  *spec,
                           GError             **error)
{
  g_autofree char *title = fit_title (spec->title, &ctx->cut_title);
  g_autoptr(DfProject) project = NULL;
  DfProjectNew fitted = *spec;

  fitted.title = title;
  project = df_project_create (ctx->store, &fitted, error);
  if (project == NULL ||
      !df_project_hide_for_import (ctx->store, project->id, _df_owner_self (), error))
    return NULL;

  ctx->project_id = project->id;
  return g_steal_pointer (&project);
}

gint64
_df_import_add_part (DfImportCtx  *ctx,
                     const char   *title,
                     GError      **error)
{
  gboolean cut;
  g_autofree char *fitted = fit_title (title, &cut);
  g_autoptr(DfPart) part = df_part_add (ctx->store, ctx->project_id, fitted, error);

  if (part == NULL)
    return 0;
  if (cut)
    g_array_append_val (ctx->cut_parts, part->id);
  return part->id;
}

/* Commits the chapters added so far when there are enough of them, and
 * begins the next batch. */
static gboolean
next_batch (DfImportCtx  *ctx,
            gsize         len,
            GError      **error)
{
  if (ctx->batch_chapters >= DF_IMPORT_BATCH_CHAPTERS ||
      ctx->batch_bytes + len > DF_IMPORT_BATCH_BYTES)
    {
      if (!df_store_commit (ctx->store, error))
        return FALSE;
      ctx->committed = TRUE;
      if (!df_store_begin (ctx->store, error))
        return FALSE;
      ctx->batch_chapters = 0;
      ctx->batch_bytes = 0;
    }

  ctx->batch_chapters++;
  ctx->batch_bytes += len;
  return TRUE;
}

gboolean
_df_import_add_chapter (DfImportCtx  *ctx,
                        gint64        part_id,
                        const char   *title,
                        const char   *content,
                        gint64       *id,
                        GError      **error)
{
  gboolean cut;
  g_autofree char *fitted = fit_title (title, &cut);
  g_autofree char *unwrapped = NULL;
  gint64 new_id;

  if (ctx->unwrap && content != NULL)
    content = unwrapped = _df_import_unwrap (content, strlen (content), ctx->wrap_width);
  if (!next_batch (ctx, content ? strlen (content) : 0, error))
    return FALSE;
  if (ctx->appender == NULL &&
      (ctx->appender = df_chapter_appender_new (ctx->store, ctx->project_id, error)) == NULL)
    return FALSE;
  if (!df_chapter_appender_add (ctx->appender, part_id, fitted, content, &new_id, error))
    return FALSE;

  if (cut)
    g_array_append_val (ctx->cut_chapters, new_id);
  if (id != NULL)
    *id = new_id;
  return TRUE;
}
